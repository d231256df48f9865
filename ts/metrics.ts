// tf.keras.metrics: Keras 3's stateful metrics (keras/src/metrics/*.py). A metric keeps its state
// in non-trainable tf.Variables: `updateState(...)` adds a batch to them with `assign`, so it works
// eagerly and inside a tf.function-compiled step alike (the replay reads and assigns the variables
// live); `result()` computes the value from them; `resetState()` zeroes them.
//
// The reductions are Keras' exactly: Mean and Sum reduce values to one per sample
// (reduce_to_samplewise_values: the sample weights' rank decides which axes are reduced first,
// broadcast weights count in the denominator), and MeanMetricWrapper averages a per-sample
// function (the losses of ts/losses.ts, the accuracies below) with the same weighting.

import { composed, expandLast, shapeText } from './composite';
import { constant, onesLike, toTensor, zeros } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { type DType, getFloatx } from './dtype';
import * as gen from './generated/ops';
import * as losses from './losses';
import { epsilon as kerasEpsilon } from './keras-settings';
import { toSnakeCase } from './layers/names';
import { tidy } from './memory';
import { diagPart } from './linalg';
import { broadcastTo, cast, matmul, reduceMean, renamedCall, reshape, where } from './ops';
import { clipByValue, reduceStd, reduceVariance } from './reductions';
import { gather, oneHot, sliceAxis } from './shape';
import { inTopK, topK } from './sorting';
import { Tensor, type TensorLike, kerasMasks } from './tensor';
import { Variable } from './variable';

/** The float dtypes a metric's state and result may have. */
type FloatDType = 'float32' | 'float64';

/** Keras' NEG_INF (metrics_utils): the threshold of top-k precision and recall, and the value
 * their filter gives the predictions outside the top k. */
const NEG_INF = -1e10;

const qualified = (cls: string): string => `keras.metrics.${cls}`;

/** Options every metric takes (`new tf.keras.metrics.X(options)`). */
export interface MetricOptions {
  /** The metric's name (default: Keras' snake_case name, e.g. `'mean_squared_error'`). */
  name?: string;
  /** The dtype of the state variables and the result: floatx when absent. */
  dtype?: FloatDType;
}

/** Keras 3's `name, dtype` metric arguments (most metrics' only ones, or their first). */
export type MetricPositional = [name?: string | null, dtype?: FloatDType | null];
const NAME_DTYPE = ['name', 'dtype'];

/** A metric class's arguments as its options, unchecked: one options object, or positionally in
 * Keras 3's order `names` (each class's differs). A null for `name`, `dtype` or a name in `none`
 * is Keras' None, the default. */
function metricArguments<T extends MetricOptions>(cls: string, args: readonly unknown[], names: readonly string[], none: readonly string[] = []): T {
  return (kerasArguments(qualified(cls), args, names, ['name', 'dtype', ...none]) ?? {}) as T;
}

/** The arguments of a metric class that subclasses extend: a subclass's `super(options,
 * defaultName, className)` (an options object or nothing first), else Keras 3's positional
 * arguments (`names`) or an options object, as the class's own constructor takes them. */
function extensibleArguments<T extends MetricOptions>(isOwnClass: boolean, cls: string, args: readonly unknown[], names: readonly string[]): [options: T | undefined, defaultName?: string, className?: string] {
  if (!isOwnClass && (args[0] === undefined || isPlainObject(args[0]))) return args as [T | undefined, string?, string?];
  return [metricArguments<T>(cls, args, names)];
}

/** Checks a metric's options (the common ones plus `extra`). */
function metricOptions<T extends MetricOptions>(cls: string, options: T | undefined, extra: readonly string[] = []): T {
  const keys = ['name', 'dtype', ...extra];
  return checkOptions(options, qualified(cls), keys, `{${keys.join(', ')}}`) as T;
}

/** A metric object is callable, as in Keras: `metric(...args)` is `metric.updateState(...args)`
 * followed by `metric.result()`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Metric {
  (...args: (TensorLike | undefined)[]): Tensor;
}

/**
 * keras.metrics.Metric: the base of stateful metrics. A subclass makes its state with
 * `addVariable` in its constructor and implements `updateState(...)` (assigning the variables)
 * and `result()`; `resetState()` zeroes every variable. Calling the metric, `metric(yTrue, yPred)`,
 * updates it and returns the result (Keras' `__call__`).
 *
 * @example
 * ```ts
 * class Count extends tf.keras.metrics.Metric {
 *   private readonly n = this.addVariable([], 'n');
 *   updateState(values: tf.TensorLike) { this.n.assignAdd(tf.cast(tf.size(values), 'float32')); }
 *   result() { return this.n.value(); }
 * }
 * const count = new Count();
 * count.updateState([1, 2, 3]);
 * count.updateState([4]);
 * console.log(count.name, count.result().item()); // count 4
 * // Python's count(values): update_state, then result.
 * console.log(count([5, 6]).item()); // 6
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Metric {
  // (Declared, not defined: the constructor sets them on the callable it returns.)
  /** The metric's name (Keras' snake_case default, e.g. `'mean_squared_error'`). */
  declare readonly name: string;
  /** The dtype of the state variables and the result (floatx by default). */
  declare readonly dtype: FloatDType;
  /** The class name errors print (`keras.metrics.Precision`). */
  protected declare readonly className: string;
  private declare readonly state: Variable[];

  /**
   * @param options `name` and `dtype`.
   * @param defaultName The name when `options.name` is absent (default: the class name in snake_case).
   * @param className The class name errors print (default: the constructor's name).
   */
  constructor(options: MetricOptions = {}, defaultName?: string, className: string = new.target.name) {
    const o = options ?? {};
    if (o.dtype !== undefined && o.dtype !== 'float32' && o.dtype !== 'float64') {
      throw new Error(`${qualified(className)}: dtype must be 'float32' or 'float64', got ${describe(o.dtype)}.`);
    }
    if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') {
      throw new Error(`${qualified(className)}: name must be a string, got ${describe(o.name)}.`);
    }
    // Python calls a metric object (Keras' Metric.__call__: `acc(y_true, y_pred)` updates the
    // state, then returns the result), so the instance is a function with this class's
    // prototype, as a loss object is: calling it runs `updateState` then `result`.
    const callable = function (...args: (TensorLike | undefined)[]): Tensor {
      const self = callable as unknown as Metric;
      self.updateState(...args);
      return self.result();
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    Object.defineProperty(callable, 'name', { value: o.name ?? defaultName ?? toSnakeCase(className), enumerable: true });
    const self = callable as unknown as Record<'className' | 'dtype' | 'state', unknown>;
    self.className = className;
    self.dtype = o.dtype ?? (getFloatx() as FloatDType);
    self.state = [];
    return callable as unknown as Metric;
  }

  /** Keras' `add_variable`: a new non-trainable state variable of zeros (the metric's dtype by
   * default), listed in `variables`. */
  protected addVariable(shape: readonly number[], name: string, dtype: DType = this.dtype): Variable {
    const v = new Variable(zeros(shape.slice(), dtype), { trainable: false, name, dtype });
    this.state.push(v);
    return v;
  }

  /** The state variables, in the order they were made. */
  get variables(): Variable[] {
    return this.state.slice();
  }

  /** Adds a batch to the state (Keras' `update_state`). */
  abstract updateState(...args: (TensorLike | undefined)[]): void;

  /** The metric's value from the state (Keras' `result`). */
  abstract result(): Tensor;

  /** Zeroes every state variable (Keras' `reset_state`). */
  resetState(): void {
    for (const v of this.state) v.assign(zeros(v.shape.slice(), v.dtype));
  }

  /** The constructor options that rebuild this metric: `new Cls(metric.getConfig())`. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype };
  }

  /** Frees the state variables; the metric is unusable afterwards. */
  dispose(): void {
    for (const v of this.state) v.dispose();
  }

  /** Keras' text: `<Mean name=mean>`. */
  toString(): string {
    return `<${this.className} name=${this.name}>`;
  }

  /** `console.log(metric)` prints Keras' text, not the function the instance is. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** `body` with its intermediates freed (the variables' assignments are its only effect). */
  protected update(body: () => void): void {
    renamedCall(qualified(this.className), () => tidy(body));
  }
}

/** `x` converted to `dtype` (numbers and arrays made in it, tensors cast). */
const asDType = (x: TensorLike, dtype: FloatDType, op: string): Tensor => cast(toTensor(x, dtype, op), dtype);

/** The axes from `from` to `rank - 1`. */
const axesFrom = (from: number, rank: number): number[] => Array.from({ length: rank - from }, (_, i) => from + i);

type ReduceFn = (x: Tensor, axes: number[]) => Tensor;
const meanOver: ReduceFn = (x, axes) => reduceMean(x, axes);
const sumOver: ReduceFn = (x, axes) => gen.reduceSum(x, axes);

/**
 * Keras' reduce_to_samplewise_values: `values` in `dtype`; with sample weights, ranks reconciled,
 * values reduced (by `reduceFn`) over the axes the weights lack, the weights broadcast to the
 * values and multiplied in, and the weights reduced to one per sample; finally the values are
 * reduced to one per sample. Returns the values and the (per-sample) weights.
 */
function reduceToSamplewiseValues(values: TensorLike, sampleWeight: TensorLike | undefined | null, reduceFn: ReduceFn, dtype: FloatDType, op: string): [Tensor, Tensor | null] {
  let v = asDType(values, dtype, op);
  let w: Tensor | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    [v, w] = losses.squeezeOrExpandToSameRank(v, asDType(sampleWeight, dtype, op));
    const weightRank = w.rank;
    if (v.rank > weightRank) v = reduceFn(v, axesFrom(weightRank, v.rank));
    // The broadcast changes no product, but the weights' sum (Mean's count) counts every value.
    w = broadcastTo(w, v.shape);
    v = gen.mul(v, w);
    if (weightRank > 1) w = reduceFn(w, axesFrom(1, weightRank));
  }
  if (v.rank > 1) v = reduceFn(v, axesFrom(1, v.rank));
  return [v, w];
}

/**
 * keras.metrics.Sum: the (weighted) sum of the values given, over every batch. One variable,
 * `total`.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.Sum();
 * m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
 * console.log(m.result().item()); // 4
 * ```
 */
export class Sum extends Metric {
  private readonly total: Variable;
  /** @param options `name` (default `'sum'`) and `dtype`. */
  /** Keras 3's positional form, `Sum(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('Sum', args, NAME_DTYPE);
    super(metricOptions('Sum', options), 'sum', 'Sum');
    this.total = this.addVariable([], 'total');
  }
  /** Adds Σ values · sampleWeight (weights broadcast as Keras does) to the total. */
  updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    this.update(() => {
      const [v] = reduceToSamplewiseValues(values, sampleWeight, sumOver, this.dtype, qualified(this.className));
      this.total.assignAdd(gen.reduceSum(v));
    });
  }
  /** The total so far. */
  result(): Tensor {
    return this.total.value();
  }
}

/**
 * keras.metrics.Mean: the (weighted) mean of the values given, over every batch: `total / count`
 * (0 before any update). Values are first reduced to one per sample (averaged over the axes the
 * sample weights lack); the count is the sum of the per-sample weights, or the number of samples.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.Mean();
 * m.updateState([1, 3, 5, 7]);
 * console.log(m.result().item()); // 4
 * m.resetState();
 * m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
 * console.log(m.result().item()); // 2
 * ```
 */
export class Mean extends Metric {
  private readonly total: Variable;
  private readonly count: Variable;
  /**
   * @param options `name` (default `'mean'`) and `dtype`.
   * @param defaultName The name when `options.name` is absent (subclasses give theirs).
   * @param className The class name errors print (subclasses give theirs).
   */
  constructor(options?: MetricOptions, defaultName?: string, className?: string);
  /** Keras 3's positional form, `Mean(name='mean', dtype=None)`: `new Mean('m')`. */
  constructor(...args: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(...args: unknown[]) {
    const [options, defaultName = 'mean', className = new.target === Mean ? 'Mean' : new.target.name] = extensibleArguments<MetricOptions>(new.target === Mean, 'Mean', args, NAME_DTYPE);
    // (Subclasses check their own options, which may have more keys.)
    super(new.target === Mean ? metricOptions('Mean', options) : options, defaultName, className);
    this.total = this.addVariable([], 'total');
    this.count = this.addVariable([], 'count');
  }
  /** Adds the batch's weighted values to the total and its weights (or its number of samples) to the count. */
  updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    this.update(() => this.accumulate(values, sampleWeight));
  }
  /** The mean so far: total / count, 0 while the count is 0. */
  result(): Tensor {
    return renamedCall(qualified(this.className), () => gen.divNoNan(this.total, this.count));
  }

  /** Mean's update_state, for subclasses that compute the values first. */
  protected accumulate(values: TensorLike, sampleWeight?: TensorLike): void {
    const [v, w] = reduceToSamplewiseValues(values, sampleWeight, meanOver, this.dtype, qualified(this.className));
    this.total.assignAdd(gen.reduceSum(v));
    const samples = w !== null ? gen.reduceSum(w) : constant(v.rank >= 1 ? v.shape[0]! : 1, this.dtype);
    this.count.assignAdd(samples);
  }
}

/** A per-sample metric function: `fn(yTrue, yPred)` gives one value per sample. It is called with
 * tensors (MeanMetricWrapper converts arrays and numbers first); the built-in functions, which
 * also take arrays, are such functions too. */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * keras.metrics.MeanMetricWrapper: the Mean, over every batch, of a per-sample function
 * `fn(yTrue, yPred)` (a loss, an accuracy, your own), weighted by `sampleWeight` as Mean weights.
 *
 * @example
 * ```ts
 * const absError = (t: tf.Tensor, p: tf.Tensor) => tf.abs(tf.sub(t, p));
 * const m = new tf.keras.metrics.MeanMetricWrapper(absError, { name: 'abs_error' });
 * m.updateState([1, 2, 3], [1, 2, 5]);
 * console.log(m.name, m.result().item().toFixed(4)); // abs_error 0.6667
 * ```
 */
export class MeanMetricWrapper extends Mean {
  /** The wrapped per-sample function. */
  readonly fn: MetricFunction;
  /**
   * @param fn The per-sample function `fn(yTrue, yPred)`.
   * @param options `name` (default `'mean_metric_wrapper'`) and `dtype`.
   * @param defaultName The name when `options.name` is absent (subclasses give theirs).
   * @param className The class name errors print (subclasses give theirs).
   */
  constructor(fn: MetricFunction, options?: MetricOptions, defaultName?: string, className?: string);
  /** Keras 3's positional form, `MeanMetricWrapper(fn, name=None, dtype=None)`: `new MeanMetricWrapper(fn, 'abs_error')`. */
  constructor(fn: MetricFunction, ...args: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(fn: MetricFunction, ...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(fn: MetricFunction, ...args: unknown[]) {
    const isOwnClass = new.target === MeanMetricWrapper;
    const [options, defaultName = 'mean_metric_wrapper', className = isOwnClass ? 'MeanMetricWrapper' : new.target.name] = extensibleArguments<MetricOptions>(isOwnClass, 'MeanMetricWrapper', args, NAME_DTYPE);
    if (typeof fn !== 'function') throw new Error(`keras.metrics.MeanMetricWrapper: fn must be a function (yTrue, yPred) => Tensor, got ${describe(fn)}.`);
    super(new.target === MeanMetricWrapper ? metricOptions('MeanMetricWrapper', options) : options, defaultName, className);
    this.fn = fn;
  }
  /** Adds `fn(yTrue, yPred)` (one value per sample), weighted by `sampleWeight`, to the mean; a
   * mask the predictions carry (`yPred.kerasMask`) weighs the masked entries 0, as Keras'. */
  override updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    if (yPred === undefined) throw new Error(`${qualified(this.className)}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const mask = yPred instanceof Tensor ? (kerasMasks.get(yPred) ?? null) : null;
    const op = qualified(this.className);
    this.update(() => {
      // Arrays and numbers as the tensors a built-in function would make of them.
      const t = yTrue instanceof Tensor ? yTrue : toTensor(yTrue, undefined, op);
      const p = yPred instanceof Tensor ? yPred : toTensor(yPred, undefined, op);
      return this.accumulate(this.fn(t, p), mask === null ? sampleWeight : maskedWeights(mask, sampleWeight, this.dtype));
    });
  }
  /** `{name, dtype, fn}` (JSON drops the function; the built-in subclasses give their options instead). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fn: this.fn };
  }
}

/** Keras' apply_mask with reduction 'sum': the mask as 0/1 weights, times the sample weights if any. */
function maskedWeights(mask: Tensor, sampleWeight: TensorLike | undefined, dtype: DType): Tensor {
  const floatMask = cast(mask, dtype);
  if (sampleWeight === undefined || sampleWeight === null) return floatMask;
  const [m, w] = losses.squeezeOrExpandToSameRank(floatMask, cast(toTensor(sampleWeight, dtype, 'keras.metrics'), dtype));
  return gen.mul(m, w);
}

/** A MeanMetricWrapper of a fixed function whose config is Keras' `{name, dtype}` plus its options. */
abstract class FunctionMetric extends MeanMetricWrapper {
  constructor(fn: MetricFunction, options: MetricOptions, defaultName: string, className: string) {
    super(fn, options, defaultName, className);
  }
  override getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype, ...this.options() };
  }
  /** The options beyond name and dtype. */
  protected options(): Record<string, unknown> {
    return {};
  }
}

// ---------------------------------------------------------------------------
// Per-sample functions
// ---------------------------------------------------------------------------

/**
 * keras.metrics.binary_accuracy(y_true, y_pred, threshold=0.5): per sample, the fraction of the
 * last axis where `yPred > threshold` (as 1 or 0) equals `yTrue`.
 *
 * @example
 * ```ts
 * const acc = tf.keras.metrics.binaryAccuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
 * console.log(acc.arraySync()); // [ 1, 1, 1, 0 ]
 * ```
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  const op = 'keras.metrics.binaryAccuracy';
  if (typeof threshold !== 'number') throw new Error(`${op}: threshold must be a number, got ${describe(threshold)}.`);
  const [t, p] = losses.squeezeOrExpandToSameRank(toTensor(yTrue, undefined, op), toTensor(yPred, undefined, op));
  return composed(op, () => {
    const predicted = cast(gen.greater(p, constant(threshold, p.dtype)), t.dtype);
    return reduceMean(cast(gen.equal(t, predicted), getFloatx()), -1);
  });
}

/** keras.metrics.accuracy: per sample, the fraction of the last axis where `yPred` equals `yTrue`. */
function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'keras.metrics.accuracy';
  const p = toTensor(yPred, undefined, op);
  const [t, p2] = losses.squeezeOrExpandToSameRank(cast(toTensor(yTrue, p.dtype, op), p.dtype), p);
  return composed(op, () => reduceMean(cast(gen.equal(t, p2), getFloatx()), -1));
}

/** Whether `t` has a last axis to drop: one of size 1, in a tensor of `yPred`'s rank. */
const hasUnitLast = (t: Tensor, p: Tensor): boolean => t.rank === p.rank && t.shape[t.rank - 1] === 1;

/**
 * keras.metrics.categorical_accuracy(y_true, y_pred): 1 where the argmax of `yPred` over the last
 * axis is the argmax of the one-hot `yTrue`, else 0 (one value per sample).
 *
 * @example
 * ```ts
 * const acc = tf.keras.metrics.categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * console.log(acc.arraySync()); // [ 0, 1 ]
 * ```
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'keras.metrics.categoricalAccuracy';
  const t0 = toTensor(yTrue, undefined, op);
  const p = toTensor(yPred, undefined, op);
  return composed(op, () => {
    const trueIds = gen.argmax(t0, -1);
    // Keras squeezes labels that have y_pred's rank after the argmax (then restores their shape).
    const t = hasUnitLast(trueIds, p) ? reshape(trueIds, trueIds.shape.slice(0, -1)) : trueIds;
    const matches = cast(gen.equal(t, gen.argmax(p, -1)), getFloatx());
    return t === trueIds ? matches : reshape(matches, trueIds.shape);
  });
}

/**
 * keras.metrics.sparse_categorical_accuracy(y_true, y_pred): 1 where the argmax of `yPred` over
 * the last axis equals the integer label `yTrue`, else 0 (one value per sample; a trailing label
 * axis of size 1 is dropped).
 *
 * @example
 * ```ts
 * const acc = tf.keras.metrics.sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * console.log(acc.arraySync()); // [ 0, 1 ]
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'keras.metrics.sparseCategoricalAccuracy';
  const t0 = toTensor(yTrue, undefined, op);
  const p = toTensor(yPred, undefined, op);
  return composed(op, () => {
    const t = hasUnitLast(t0, p) ? reshape(t0, t0.shape.slice(0, -1)) : t0;
    let matches = cast(gen.equal(t, cast(gen.argmax(p, -1), t.dtype)), getFloatx());
    if (t !== t0) matches = reshape(matches, t0.shape);
    return matches.rank > 1 && matches.shape[matches.rank - 1] === 1 ? reshape(matches, matches.shape.slice(0, -1)) : matches;
  });
}

function checkK(op: string, k: number): void {
  if (!Number.isInteger(k)) throw new Error(`${op}: k must be an integer, got ${describe(k)}.`);
}

/** Keras' in-top-k of labels `ids` in `p`: predictions flattened to [samples, classes], the
 * matches shaped like `ids` (TensorFlow's in_top_k: classes tied with the k-th are in). With
 * `fromSortedIds`, `p` holds each sample's ids sorted by score: a match is a label among the first k. */
function inTopKMatches(ids: Tensor, p: Tensor, k: number, fromSortedIds = false): Tensor {
  const preds = p.rank > 2 ? reshape(p, [-1, p.shape[p.rank - 1]!]) : p;
  const flat = ids.rank > 1 ? reshape(ids, [-1]) : ids;
  const found = fromSortedIds
    ? gen.reduceAny(gen.equal(expandLast(flat), sliceAxis(preds, 1, 0, Math.min(k, preds.shape[1]!), 'sparseTopKCategoricalAccuracy')), 1)
    : inTopK(cast(flat, 'int32'), preds, k);
  const matches = cast(found, getFloatx());
  return ids.rank > 1 ? reshape(matches, ids.shape) : matches;
}

/**
 * keras.metrics.top_k_categorical_accuracy(y_true, y_pred, k=5): 1 where the class of the one-hot
 * `yTrue` is among the `k` largest entries of `yPred` (ties with the k-th count as in), else 0.
 *
 * @example
 * ```ts
 * const acc = tf.keras.metrics.topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 1);
 * console.log(acc.arraySync()); // [ 0, 1 ]
 * ```
 */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const op = 'keras.metrics.topKCategoricalAccuracy';
  checkK(op, k);
  const t = toTensor(yTrue, undefined, op);
  const p = toTensor(yPred, undefined, op);
  return composed(op, () => inTopKMatches(gen.argmax(t, -1), p, k));
}

/**
 * keras.metrics.sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False): 1
 * where the integer label `yTrue` is among the `k` largest entries of `yPred` (ties with the k-th
 * count as in), else 0. With `fromSortedIds`, `yPred` holds each sample's top ids, best first
 * (shape [samples, N], N >= k), and a label matches when it is among the first k.
 *
 * @example
 * ```ts
 * const acc = tf.keras.metrics.sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 2);
 * console.log(acc.arraySync()); // [ 1, 1 ]
 * ```
 */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5, fromSortedIds = false): Tensor {
  const op = 'keras.metrics.sparseTopKCategoricalAccuracy';
  checkK(op, k);
  const sorted = checkBoolean(fromSortedIds, op, 'fromSortedIds', false);
  const p = toTensor(yPred, undefined, op);
  // Sorted ids are compared with the labels in their dtype (Keras converts y_true to y_pred's).
  const t = sorted ? cast(toTensor(yTrue, p.dtype, op), p.dtype) : toTensor(yTrue, undefined, op);
  return composed(op, () => inTopKMatches(t, p, k, sorted));
}

// ---------------------------------------------------------------------------
// Regression metrics
// ---------------------------------------------------------------------------

/**
 * keras.metrics.MeanSquaredError: the mean over every batch of mean((yTrue - yPred)², axis=-1).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.MeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * console.log(m.result().item()); // 0.25
 * ```
 */
export class MeanSquaredError extends FunctionMetric {
  /** @param options `name` (default `'mean_squared_error'`) and `dtype`. */
  /** Keras 3's positional form, `MeanSquaredError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('MeanSquaredError', args, NAME_DTYPE);
    super(losses.meanSquaredError, metricOptions('MeanSquaredError', options), 'mean_squared_error', 'MeanSquaredError');
  }
}

/** keras.metrics.MeanAbsoluteError: the mean over every batch of mean(|yTrue - yPred|, axis=-1). */
export class MeanAbsoluteError extends FunctionMetric {
  /** @param options `name` (default `'mean_absolute_error'`) and `dtype`. */
  /** Keras 3's positional form, `MeanAbsoluteError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('MeanAbsoluteError', args, NAME_DTYPE);
    super(losses.meanAbsoluteError, metricOptions('MeanAbsoluteError', options), 'mean_absolute_error', 'MeanAbsoluteError');
  }
}

/** keras.metrics.MeanAbsolutePercentageError: the mean over every batch of 100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7), axis=-1). */
export class MeanAbsolutePercentageError extends FunctionMetric {
  /** @param options `name` (default `'mean_absolute_percentage_error'`) and `dtype`. */
  /** Keras 3's positional form, `MeanAbsolutePercentageError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('MeanAbsolutePercentageError', args, NAME_DTYPE);
    super(losses.meanAbsolutePercentageError, metricOptions('MeanAbsolutePercentageError', options), 'mean_absolute_percentage_error', 'MeanAbsolutePercentageError');
  }
}

/** keras.metrics.MeanSquaredLogarithmicError: the mean over every batch of mean((log(1 + yPred) - log(1 + yTrue))², axis=-1) (both clipped at 1e-7). */
export class MeanSquaredLogarithmicError extends FunctionMetric {
  /** @param options `name` (default `'mean_squared_logarithmic_error'`) and `dtype`. */
  /** Keras 3's positional form, `MeanSquaredLogarithmicError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('MeanSquaredLogarithmicError', args, NAME_DTYPE);
    super(losses.meanSquaredLogarithmicError, metricOptions('MeanSquaredLogarithmicError', options), 'mean_squared_logarithmic_error', 'MeanSquaredLogarithmicError');
  }
}

/** keras.metrics.LogCoshError: the mean over every batch of mean(log(cosh(yPred - yTrue)), axis=-1). Its default name is Keras' `'logcosh'`. */
export class LogCoshError extends FunctionMetric {
  /** @param options `name` (default `'logcosh'`) and `dtype`. */
  /** Keras 3's positional form, `LogCoshError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('LogCoshError', args, NAME_DTYPE);
    super(losses.logCosh, metricOptions('LogCoshError', options), 'logcosh', 'LogCoshError');
  }
}

/**
 * keras.metrics.RootMeanSquaredError: sqrt of the mean, over every element of every batch, of
 * (yPred - yTrue)² (sample weights weighted as Mean weights).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.RootMeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * console.log(m.result().item()); // 0.5
 * ```
 */
export class RootMeanSquaredError extends Mean {
  /** @param options `name` (default `'root_mean_squared_error'`) and `dtype`. */
  /** Keras 3's positional form, `RootMeanSquaredError(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('RootMeanSquaredError', args, NAME_DTYPE);
    super(metricOptions('RootMeanSquaredError', options), 'root_mean_squared_error', 'RootMeanSquaredError');
  }
  /** Adds the squared errors of the batch (weighted by `sampleWeight`) to the mean. */
  override updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    if (yPred === undefined) throw new Error(`${qualified(this.className)}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const op = qualified(this.className);
    this.update(() => {
      const [t, p] = losses.squeezeOrExpandToSameRank(asDType(yTrue, this.dtype, op), asDType(yPred, this.dtype, op));
      this.accumulate(gen.square(gen.sub(p, t)), sampleWeight);
    });
  }
  /** sqrt(total / count). */
  override result(): Tensor {
    return composed(qualified(this.className), () => gen.sqrt(super.result()));
  }
}

/** Options of `new tf.keras.metrics.CosineSimilarity(options)`. */
export interface CosineSimilarityMetricOptions extends MetricOptions {
  /** The axis the similarity is computed over (default -1). */
  axis?: number;
}

/** Keras 3's positional arguments of CosineSimilarity, in its order. */
type CosineSimilarityPositional = [
  name?: string | null, dtype?: FloatDType | null, axis?: number,
];

/**
 * keras.metrics.CosineSimilarity: the mean over every batch of Σ normalize(yTrue) · normalize(yPred)
 * over `axis` (the negative of the cosine-similarity loss).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.CosineSimilarity({ axis: 1 });
 * m.updateState([[0, 1], [1, 1]], [[1, 0], [1, 1]], [0.3, 0.7]);
 * console.log(m.result().item().toFixed(4)); // 0.7000
 * ```
 */
export class CosineSimilarity extends FunctionMetric {
  /** The axis the similarity is computed over (default -1). */
  readonly axis: number;
  /** @param options `name` (default `'cosine_similarity'`), `dtype` and `axis`. */
  /** Keras 3's positional form, `CosineSimilarity(name, dtype, axis)`. */
  constructor(...positional: CosineSimilarityPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CosineSimilarityPositional, CosineSimilarityMetricOptions>);
  constructor(options?: CosineSimilarityMetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<CosineSimilarityMetricOptions>('CosineSimilarity', args, ['name', 'dtype', 'axis']);
    const o = metricOptions('CosineSimilarity', options, ['axis']);
    const axis = o.axis ?? -1;
    if (!Number.isInteger(axis)) throw new Error(`keras.metrics.CosineSimilarity: axis must be an integer, got ${describe(o.axis)}.`);
    super((t, p) => gen.neg(losses.cosineSimilarity(t, p, axis)), o, 'cosine_similarity', 'CosineSimilarity');
    this.axis = axis;
  }
  protected override options(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** Options of `new tf.keras.metrics.R2Score(options)`. */
export interface R2ScoreOptions extends MetricOptions {
  /** How the scores of the output columns are combined: `'uniform_average'` (the default, their
   * mean), `'variance_weighted_average'` (weighted by each column's variance) or null (one score
   * per column). */
  classAggregation?: 'uniform_average' | 'variance_weighted_average' | null;
  /** The number of independent regressors, for the adjusted R² (default 0: the plain R²). */
  numRegressors?: number;
}

/** Keras 3's positional arguments of R2Score, in its order. */
type R2ScorePositional = [
  classAggregation?: R2ScoreOptions['classAggregation'], numRegressors?: number, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.R2Score: the coefficient of determination, 1 - Σ(yTrue - yPred)² / Σ(yTrue -
 * mean(yTrue))², per output column of 2-D inputs [samples, outputs], weighted by `sampleWeight`,
 * over every batch. Columns of zero variance score 0 where the ratio is infinite. With
 * `numRegressors` p > 0 and n the number of values seen, the adjusted score
 * 1 - (1 - R²)(n - 1)/(n - p - 1) when p < n - 1 (the plain score otherwise).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.R2Score();
 * m.updateState([[1], [4], [3]], [[2], [4], [4]]);
 * console.log(m.result().item().toFixed(6)); // 0.571429
 * ```
 */
export class R2Score extends Metric {
  /** How the columns' scores are combined (`'uniform_average'` by default). */
  readonly classAggregation: 'uniform_average' | 'variance_weighted_average' | null;
  /** The number of independent regressors of the adjusted score (0: the plain R²). */
  readonly numRegressors: number;
  private readonly numSamples: Variable;
  private columns: { squaredSum: Variable; sum: Variable; residual: Variable; count: Variable } | null = null;

  /** @param options `classAggregation`, `numRegressors`, `name` (default `'r2_score'`) and `dtype`. */
  /** Keras 3's positional form, `R2Score(class_aggregation, num_regressors, name, dtype)`. */
  constructor(...positional: R2ScorePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<R2ScorePositional, R2ScoreOptions>);
  constructor(options?: R2ScoreOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<R2ScoreOptions>('R2Score', args, ['classAggregation', 'numRegressors', 'name', 'dtype']);
    const o = metricOptions('R2Score', options, ['classAggregation', 'numRegressors']);
    super(o, 'r2_score', 'R2Score');
    const aggregation = o.classAggregation === undefined ? 'uniform_average' : o.classAggregation;
    if (aggregation !== null && aggregation !== 'uniform_average' && aggregation !== 'variance_weighted_average') {
      throw new Error(
        "keras.metrics.R2Score: Invalid value for argument `class_aggregation`. Expected one of (null, 'uniform_average', 'variance_weighted_average'). " +
          `Received: classAggregation=${describe(o.classAggregation)}`,
      );
    }
    const p = o.numRegressors ?? 0;
    if (typeof p !== 'number' || !(p >= 0)) {
      throw new Error(`keras.metrics.R2Score: Invalid value for argument \`num_regressors\`. Expected a value >= 0. Received: numRegressors=${describe(o.numRegressors)}`);
    }
    this.classAggregation = aggregation;
    this.numRegressors = p;
    this.numSamples = this.addVariable([], 'num_samples');
  }

  /** Adds the batch's weighted column sums, sums of squares, squared residuals and weights. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    this.update(() => {
      const [t, p] = losses.squeezeOrExpandToSameRank(asDType(yTrue, this.dtype, op), asDType(yPred, this.dtype, op));
      if (p.rank !== 2 || t.rank !== 2) {
        throw new Error(`${op}: R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=${shapeText(p.shape)} and y_true.shape=${shapeText(t.shape)}.`);
      }
      // Keras' order: squared_sum, sum, residual, count (after num_samples), made for the first batch's width.
      const outputs = [p.shape[1]!];
      const c = (this.columns ??= {
        squaredSum: this.addVariable(outputs, 'squared_sum'),
        sum: this.addVariable(outputs, 'sum'),
        residual: this.addVariable(outputs, 'residual'),
        count: this.addVariable(outputs, 'count'),
      });
      let w = asDType(sampleWeight ?? 1, this.dtype, op);
      if (w.rank === 1) w = expandLast(w);
      w = broadcastTo(w, t.shape);
      const weightedTrue = gen.mul(t, w);
      c.sum.assignAdd(gen.reduceSum(weightedTrue, 0));
      c.squaredSum.assignAdd(gen.reduceSum(gen.mul(t, weightedTrue), 0));
      c.residual.assignAdd(gen.reduceSum(gen.mul(gen.square(gen.sub(t, p)), w), 0));
      c.count.assignAdd(gen.reduceSum(w, 0));
      this.numSamples.assignAdd(constant(t.size, this.dtype));
    });
  }

  /** The score (a scalar, or one per column when `classAggregation` is null). */
  result(): Tensor {
    const op = qualified(this.className);
    const c = this.columns;
    return composed(op, () => {
      if (c === null) return constant(NaN, this.dtype); // no update yet: 0/0
      const mean = gen.div(c.sum, c.count);
      const total = gen.sub(c.squaredSum, gen.mul(c.sum, mean));
      let raw = gen.sub(1, gen.div(c.residual, total));
      raw = where(gen.isInf(raw), constant(0, this.dtype), raw);
      let score: Tensor;
      if (this.classAggregation === 'uniform_average') score = reduceMean(raw);
      else if (this.classAggregation === 'variance_weighted_average') score = gen.div(gen.reduceSum(gen.mul(total, raw)), gen.reduceSum(total));
      else score = raw;
      if (this.numRegressors === 0) return score;
      // Adjusted R²; Keras falls back to the plain score (with a warning) when p >= n - 1.
      const n = this.numSamples;
      const adjusted = gen.sub(1, gen.div(gen.mul(gen.sub(1, score), gen.sub(n, 1)), gen.sub(gen.sub(n, this.numRegressors), 1)));
      return where(gen.less(this.numRegressors, gen.sub(n, 1)), adjusted, score);
    });
  }

  /** `{name, dtype, classAggregation, numRegressors}`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), classAggregation: this.classAggregation, numRegressors: this.numRegressors };
  }
}

/** The axis or axes of the correlation metrics: one, or several. */
export type CorrelationAxis = number | readonly number[];

function checkCorrelationAxis(op: string, axis: unknown): CorrelationAxis {
  const ok = Number.isInteger(axis) || (Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isInteger(a)));
  if (!ok) throw new Error(`${op}: axis must be an integer or a non-empty array of integers, got ${describe(axis)}.`);
  return Array.isArray(axis) ? [...(axis as number[])] : (axis as number);
}

/** y_pred as a float tensor (integers as floatx, as Keras' mean and std compute them) and y_true
 * in its dtype, ranks reconciled. */
function correlationInputs(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  let p = toTensor(yPred, undefined, op);
  if (p.dtype !== 'float32' && p.dtype !== 'float64') p = cast(p, getFloatx());
  const t = cast(toTensor(yTrue, p.dtype, op), p.dtype);
  return losses.squeezeOrExpandToSameRank(t, p);
}

/**
 * keras.metrics.pearson_correlation(y_true, y_pred, axis=-1): the Pearson correlation coefficient
 * along `axis` (one axis or several): mean(ŷTrue · ŷPred) with each input centred on its mean and
 * divided by its (population) standard deviation. No epsilon: a constant input gives NaN, as in
 * Keras.
 *
 * @example
 * ```ts
 * const r = tf.keras.metrics.pearsonCorrelation([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]);
 * console.log(r.arraySync().map((v) => v.toFixed(6))); // [ '1.000000', '0.993399' ]
 * ```
 */
export function pearsonCorrelation(yTrue: TensorLike, yPred: TensorLike, axis: CorrelationAxis = -1): Tensor {
  const op = 'keras.metrics.pearsonCorrelation';
  const ax = checkCorrelationAxis(op, axis);
  const [t, p] = correlationInputs(op, yTrue, yPred);
  return renamedCall(op, () => {
    let trueNorm = gen.sub(t, reduceMean(t, ax, true));
    let predNorm = gen.sub(p, reduceMean(p, ax, true));
    trueNorm = gen.div(trueNorm, reduceStd(trueNorm, ax, true));
    predNorm = gen.div(predNorm, reduceStd(predNorm, ax, true));
    return reduceMean(gen.mul(trueNorm, predNorm), ax);
  });
}

/**
 * keras.metrics.concordance_correlation(y_true, y_pred, axis=-1): Keras' concordance correlation
 * coefficient along `axis`: mean(2·(yTrue - mean(yPred))·(yPred - mean(yPred)) / (var(yTrue) +
 * var(yPred) + (mean(yTrue) - mean(yPred))² + ε)), population variances. (Keras centres yTrue on
 * yPred's mean in the numerator, where Lin's coefficient centres it on its own; gradtape computes
 * Keras' formula.)
 *
 * @example
 * ```ts
 * const c = tf.keras.metrics.concordanceCorrelation([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]);
 * console.log(c.arraySync().map((v) => v.toFixed(6))); // [ '0.975609', '0.987654' ]
 * ```
 */
export function concordanceCorrelation(yTrue: TensorLike, yPred: TensorLike, axis: CorrelationAxis = -1): Tensor {
  const op = 'keras.metrics.concordanceCorrelation';
  const ax = checkCorrelationAxis(op, axis);
  const [t, p] = correlationInputs(op, yTrue, yPred);
  return renamedCall(op, () => {
    const trueMean = reduceMean(t, ax, true);
    const predMean = reduceMean(p, ax, true);
    const trueVar = reduceVariance(gen.sub(t, trueMean), ax, true);
    const predVar = reduceVariance(gen.sub(p, predMean), ax, true);
    const covar = gen.mul(gen.sub(t, predMean), gen.sub(p, predMean));
    const norm = gen.add(gen.add(trueVar, predVar), gen.square(gen.sub(trueMean, predMean)));
    return reduceMean(gen.div(gen.mul(covar, 2), gen.add(norm, kerasEpsilon())), ax);
  });
}

/** Options of `new tf.keras.metrics.PearsonCorrelation(options)` and `ConcordanceCorrelation`. */
export interface CorrelationMetricOptions extends MetricOptions {
  /** The axis or axes the coefficient is computed along (default -1). */
  axis?: CorrelationAxis;
}

/** PearsonCorrelation and ConcordanceCorrelation: a coefficient per sample along `axis`, averaged. */
abstract class CorrelationMetric extends FunctionMetric {
  /** The axis or axes the coefficient is computed along (default -1). */
  readonly axis: CorrelationAxis;
  constructor(className: string, name: string, coefficient: (yTrue: TensorLike, yPred: TensorLike, axis: CorrelationAxis) => Tensor, options?: CorrelationMetricOptions) {
    const o = metricOptions(className, options, ['axis']);
    const axis = checkCorrelationAxis(qualified(className), o.axis ?? -1);
    super((t, p) => coefficient(t, p, axis), o, name, className);
    this.axis = axis;
  }
  protected override options(): Record<string, unknown> {
    return { axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}

/** Keras 3's positional arguments of PearsonCorrelation, in its order. */
type PearsonCorrelationPositional = [
  name?: string | null, dtype?: FloatDType | null, axis?: CorrelationAxis,
];

/**
 * keras.metrics.PearsonCorrelation: the (weighted) mean over every batch of
 * `tf.keras.metrics.pearsonCorrelation(yTrue, yPred, axis)`: one coefficient per sample with the
 * default `axis` -1, averaged.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.PearsonCorrelation();
 * m.updateState([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]);
 * console.log(m.result().item().toFixed(6)); // 0.996700
 * ```
 */
export class PearsonCorrelation extends CorrelationMetric {
  /** @param options `name` (default `'pearson_correlation'`), `dtype` and `axis`. */
  /** Keras 3's positional form, `PearsonCorrelation(name, dtype, axis)`. */
  constructor(...positional: PearsonCorrelationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PearsonCorrelationPositional, CorrelationMetricOptions>);
  constructor(options?: CorrelationMetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<CorrelationMetricOptions>('PearsonCorrelation', args, ['name', 'dtype', 'axis']);
    super('PearsonCorrelation', 'pearson_correlation', pearsonCorrelation, options);
  }
}

/** Keras 3's positional arguments of ConcordanceCorrelation, in its order. */
type ConcordanceCorrelationPositional = [
  name?: string | null, dtype?: FloatDType | null, axis?: CorrelationAxis,
];

/**
 * keras.metrics.ConcordanceCorrelation: the (weighted) mean over every batch of
 * `tf.keras.metrics.concordanceCorrelation(yTrue, yPred, axis)`: one coefficient per sample with
 * the default `axis` -1, averaged.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.ConcordanceCorrelation();
 * m.updateState([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]);
 * console.log(m.result().item().toFixed(6)); // 0.981632
 * ```
 */
export class ConcordanceCorrelation extends CorrelationMetric {
  /** @param options `name` (default `'concordance_correlation'`), `dtype` and `axis`. */
  /** Keras 3's positional form, `ConcordanceCorrelation(name, dtype, axis)`. */
  constructor(...positional: ConcordanceCorrelationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ConcordanceCorrelationPositional, CorrelationMetricOptions>);
  constructor(options?: CorrelationMetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<CorrelationMetricOptions>('ConcordanceCorrelation', args, ['name', 'dtype', 'axis']);
    super('ConcordanceCorrelation', 'concordance_correlation', concordanceCorrelation, options);
  }
}

// ---------------------------------------------------------------------------
// Accuracy metrics
// ---------------------------------------------------------------------------

/**
 * keras.metrics.Accuracy: how often `yPred` equals `yTrue` (the mean over every batch of the
 * per-sample fraction of equal entries of the last axis).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.Accuracy();
 * m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
 * console.log(m.result().item()); // 0.75
 * ```
 */
export class Accuracy extends FunctionMetric {
  /** @param options `name` (default `'accuracy'`) and `dtype`. */
  /** Keras 3's positional form, `Accuracy(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('Accuracy', args, NAME_DTYPE);
    super(accuracy, metricOptions('Accuracy', options), 'accuracy', 'Accuracy');
  }
}

/** Options of `new tf.keras.metrics.BinaryAccuracy(options)`. */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** Predictions above it count as 1 (default 0.5; in (0, 1)). */
  threshold?: number;
}

/** Keras 3's positional arguments of BinaryAccuracy, in its order. */
type BinaryAccuracyPositional = [
  name?: string | null, dtype?: FloatDType | null, threshold?: number,
];

/**
 * keras.metrics.BinaryAccuracy: how often `yPred > threshold` matches the 0/1 labels `yTrue`.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.BinaryAccuracy();
 * m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1]);
 * console.log(m.result().item()); // 0.5
 * ```
 */
export class BinaryAccuracy extends FunctionMetric {
  /** Predictions above it count as 1 (default 0.5). */
  readonly threshold: number;
  /** @param options `name` (default `'binary_accuracy'`), `dtype` and `threshold`. */
  /** Keras 3's positional form, `BinaryAccuracy(name, dtype, threshold)`. */
  constructor(...positional: BinaryAccuracyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BinaryAccuracyPositional, BinaryAccuracyOptions>);
  constructor(options?: BinaryAccuracyOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<BinaryAccuracyOptions>('BinaryAccuracy', args, ['name', 'dtype', 'threshold']);
    const o = metricOptions('BinaryAccuracy', options, ['threshold']);
    const threshold = o.threshold ?? 0.5;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
      throw new Error(`keras.metrics.BinaryAccuracy: Invalid value for argument \`threshold\`. Expected a value in interval (0, 1). Received: threshold=${describe(o.threshold)}`);
    }
    super((t, p) => binaryAccuracy(t, p, threshold), o, 'binary_accuracy', 'BinaryAccuracy');
    this.threshold = threshold;
  }
  protected override options(): Record<string, unknown> {
    return { threshold: this.threshold };
  }
}

/** keras.metrics.CategoricalAccuracy: how often the argmax of `yPred` is the class of the one-hot `yTrue`. */
export class CategoricalAccuracy extends FunctionMetric {
  /** @param options `name` (default `'categorical_accuracy'`) and `dtype`. */
  /** Keras 3's positional form, `CategoricalAccuracy(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('CategoricalAccuracy', args, NAME_DTYPE);
    super(categoricalAccuracy, metricOptions('CategoricalAccuracy', options), 'categorical_accuracy', 'CategoricalAccuracy');
  }
}

/** keras.metrics.SparseCategoricalAccuracy: how often the argmax of `yPred` equals the integer label `yTrue`. */
export class SparseCategoricalAccuracy extends FunctionMetric {
  /** @param options `name` (default `'sparse_categorical_accuracy'`) and `dtype`. */
  /** Keras 3's positional form, `SparseCategoricalAccuracy(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('SparseCategoricalAccuracy', args, NAME_DTYPE);
    super(sparseCategoricalAccuracy, metricOptions('SparseCategoricalAccuracy', options), 'sparse_categorical_accuracy', 'SparseCategoricalAccuracy');
  }
}

/** Options of the top-k accuracy metrics. */
export interface TopKAccuracyOptions extends MetricOptions {
  /** How many of the largest predictions count (default 5). */
  k?: number;
}

/** Options of `new tf.keras.metrics.SparseTopKCategoricalAccuracy(options)`. */
export interface SparseTopKAccuracyOptions extends TopKAccuracyOptions {
  /** Whether `yPred` holds each sample's top ids, best first, instead of every class's score (default false). */
  fromSortedIds?: boolean;
}

function topKOption(cls: string, options: TopKAccuracyOptions | undefined, extra: readonly string[] = []): [TopKAccuracyOptions, number] {
  const o = metricOptions(cls, options, ['k', ...extra]);
  const k = o.k ?? 5;
  checkK(qualified(cls), k);
  return [o, k];
}

/** Keras 3's positional arguments of TopKCategoricalAccuracy, in its order. */
type TopKCategoricalAccuracyPositional = [
  k?: number, name?: string | null, dtype?: FloatDType | null,
];

/** keras.metrics.TopKCategoricalAccuracy: how often the class of the one-hot `yTrue` is among the `k` (default 5) largest predictions. */
export class TopKCategoricalAccuracy extends FunctionMetric {
  /** How many of the largest predictions count (default 5). */
  readonly k: number;
  /** @param options `k`, `name` (default `'top_k_categorical_accuracy'`) and `dtype`. */
  /** Keras 3's positional form, `TopKCategoricalAccuracy(k, name, dtype)`. */
  constructor(...positional: TopKCategoricalAccuracyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TopKCategoricalAccuracyPositional, TopKAccuracyOptions>);
  constructor(options?: TopKAccuracyOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<TopKAccuracyOptions>('TopKCategoricalAccuracy', args, ['k', 'name', 'dtype']);
    const [o, k] = topKOption('TopKCategoricalAccuracy', options);
    super((t, p) => topKCategoricalAccuracy(t, p, k), o, 'top_k_categorical_accuracy', 'TopKCategoricalAccuracy');
    this.k = k;
  }
  protected override options(): Record<string, unknown> {
    return { k: this.k };
  }
}

/** Keras 3's positional arguments of SparseTopKCategoricalAccuracy, in its order. */
type SparseTopKCategoricalAccuracyPositional = [
  k?: number, name?: string | null, dtype?: FloatDType | null, fromSortedIds?: boolean,
];

/** keras.metrics.SparseTopKCategoricalAccuracy: how often the integer label `yTrue` is among the `k` (default 5) largest predictions. */
export class SparseTopKCategoricalAccuracy extends FunctionMetric {
  /** How many of the largest predictions count (default 5). */
  readonly k: number;
  /** Whether `yPred` holds each sample's top ids, best first (default false). */
  readonly fromSortedIds: boolean;
  /** @param options `k`, `fromSortedIds`, `name` (default `'sparse_top_k_categorical_accuracy'`) and `dtype`. */
  /** Keras 3's positional form, `SparseTopKCategoricalAccuracy(k, name, dtype, from_sorted_ids)`. */
  constructor(...positional: SparseTopKCategoricalAccuracyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SparseTopKCategoricalAccuracyPositional, SparseTopKAccuracyOptions>);
  constructor(options?: SparseTopKAccuracyOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<SparseTopKAccuracyOptions>('SparseTopKCategoricalAccuracy', args, ['k', 'name', 'dtype', 'fromSortedIds']);
    const [o, k] = topKOption('SparseTopKCategoricalAccuracy', options, ['fromSortedIds']);
    const fromSortedIds = checkBoolean((o as SparseTopKAccuracyOptions).fromSortedIds, qualified('SparseTopKCategoricalAccuracy'), 'fromSortedIds', false);
    super((t, p) => sparseTopKCategoricalAccuracy(t, p, k, fromSortedIds), o, 'sparse_top_k_categorical_accuracy', 'SparseTopKCategoricalAccuracy');
    this.k = k;
    this.fromSortedIds = fromSortedIds;
  }
  protected override options(): Record<string, unknown> {
    return { k: this.k, fromSortedIds: this.fromSortedIds };
  }
}

// ---------------------------------------------------------------------------
// Probabilistic and hinge metrics
// ---------------------------------------------------------------------------

/** Options of `new tf.keras.metrics.BinaryCrossentropy(options)` and `CategoricalCrossentropy`. */
export interface CrossentropyMetricOptions extends MetricOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Moves the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  labelSmoothing?: number;
  /** The class axis (default -1; CategoricalCrossentropy only). */
  axis?: number;
}

/** Keras 3's positional arguments of BinaryCrossentropy, in its order. */
type BinaryCrossentropyPositional = [
  name?: string | null, dtype?: FloatDType | null, fromLogits?: boolean, labelSmoothing?: number,
];

/**
 * keras.metrics.BinaryCrossentropy: the mean over every batch of tf.keras.losses.binaryCrossentropy.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.BinaryCrossentropy();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * console.log(m.result().item().toFixed(4)); // 0.8149
 * ```
 */
export class BinaryCrossentropy extends FunctionMetric {
  /** Whether `yPred` holds logits (default false). */
  readonly fromLogits: boolean;
  /** The label smoothing (default 0). */
  readonly labelSmoothing: number;
  /** @param options `fromLogits`, `labelSmoothing`, `name` (default `'binary_crossentropy'`) and `dtype`. */
  /** Keras 3's positional form, `BinaryCrossentropy(name, dtype, from_logits, label_smoothing)`. */
  constructor(...positional: BinaryCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BinaryCrossentropyPositional, Omit<CrossentropyMetricOptions, 'axis'>>);
  constructor(options?: Omit<CrossentropyMetricOptions, 'axis'>);
  constructor(...args: unknown[]) {
    const options = metricArguments<Omit<CrossentropyMetricOptions, 'axis'>>('BinaryCrossentropy', args, ['name', 'dtype', 'fromLogits', 'labelSmoothing']);
    const o = metricOptions('BinaryCrossentropy', options, ['fromLogits', 'labelSmoothing']);
    const fromLogits = checkBoolean(o.fromLogits, qualified('BinaryCrossentropy'), 'fromLogits', false);
    const labelSmoothing = o.labelSmoothing ?? 0;
    super((t, p) => losses.binaryCrossentropy(t, p, fromLogits, labelSmoothing), o, 'binary_crossentropy', 'BinaryCrossentropy');
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }
  protected override options(): Record<string, unknown> {
    return { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/** Keras 3's positional arguments of CategoricalCrossentropy, in its order. */
type CategoricalCrossentropyPositional = [
  name?: string | null, dtype?: FloatDType | null, fromLogits?: boolean, labelSmoothing?: number, axis?: number,
];

/** keras.metrics.CategoricalCrossentropy: the mean over every batch of tf.keras.losses.categoricalCrossentropy. */
export class CategoricalCrossentropy extends FunctionMetric {
  /** Whether `yPred` holds logits (default false). */
  readonly fromLogits: boolean;
  /** The label smoothing (default 0). */
  readonly labelSmoothing: number;
  /** The class axis (default -1). */
  readonly axis: number;
  /** @param options `fromLogits`, `labelSmoothing`, `axis`, `name` (default `'categorical_crossentropy'`) and `dtype`. */
  /** Keras 3's positional form, `CategoricalCrossentropy(name, dtype, from_logits, label_smoothing, axis)`. */
  constructor(...positional: CategoricalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CategoricalCrossentropyPositional, CrossentropyMetricOptions>);
  constructor(options?: CrossentropyMetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<CrossentropyMetricOptions>('CategoricalCrossentropy', args, ['name', 'dtype', 'fromLogits', 'labelSmoothing', 'axis']);
    const o = metricOptions('CategoricalCrossentropy', options, ['fromLogits', 'labelSmoothing', 'axis']);
    const fromLogits = checkBoolean(o.fromLogits, qualified('CategoricalCrossentropy'), 'fromLogits', false);
    const labelSmoothing = o.labelSmoothing ?? 0;
    const axis = o.axis ?? -1;
    super((t, p) => losses.categoricalCrossentropy(t, p, fromLogits, labelSmoothing, axis), o, 'categorical_crossentropy', 'CategoricalCrossentropy');
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }
  protected override options(): Record<string, unknown> {
    return { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Options of `new tf.keras.metrics.SparseCategoricalCrossentropy(options)`. */
export interface SparseCategoricalCrossentropyMetricOptions extends MetricOptions {
  /** Whether `yPred` holds logits (default false). */
  fromLogits?: boolean;
  /** The class axis (default -1, the only one supported). */
  axis?: number;
}

/** Keras 3's positional arguments of SparseCategoricalCrossentropy, in its order. */
type SparseCategoricalCrossentropyPositional = [
  name?: string | null, dtype?: FloatDType | null, fromLogits?: boolean, axis?: number,
];

/** keras.metrics.SparseCategoricalCrossentropy: the mean over every batch of tf.keras.losses.sparseCategoricalCrossentropy. */
export class SparseCategoricalCrossentropy extends FunctionMetric {
  /** Whether `yPred` holds logits (default false). */
  readonly fromLogits: boolean;
  /** The class axis (default -1). */
  readonly axis: number;
  /** @param options `fromLogits`, `axis`, `name` (default `'sparse_categorical_crossentropy'`) and `dtype`. */
  /** Keras 3's positional form, `SparseCategoricalCrossentropy(name, dtype, from_logits, axis)`. */
  constructor(...positional: SparseCategoricalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SparseCategoricalCrossentropyPositional, SparseCategoricalCrossentropyMetricOptions>);
  constructor(options?: SparseCategoricalCrossentropyMetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<SparseCategoricalCrossentropyMetricOptions>('SparseCategoricalCrossentropy', args, ['name', 'dtype', 'fromLogits', 'axis']);
    const o = metricOptions('SparseCategoricalCrossentropy', options, ['fromLogits', 'axis']);
    const fromLogits = checkBoolean(o.fromLogits, qualified('SparseCategoricalCrossentropy'), 'fromLogits', false);
    const axis = o.axis ?? -1;
    super((t, p) => losses.sparseCategoricalCrossentropy(t, p, fromLogits, null, axis), o, 'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy');
    this.fromLogits = fromLogits;
    this.axis = axis;
  }
  protected override options(): Record<string, unknown> {
    return { fromLogits: this.fromLogits, axis: this.axis };
  }
}

/** keras.metrics.KLDivergence: the mean over every batch of Σ yTrue · log(yTrue / yPred) (both clipped to [1e-7, 1]). */
export class KLDivergence extends FunctionMetric {
  /** @param options `name` (default `'kl_divergence'`) and `dtype`. */
  /** Keras 3's positional form, `KLDivergence(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('KLDivergence', args, NAME_DTYPE);
    super(losses.klDivergence, metricOptions('KLDivergence', options), 'kl_divergence', 'KLDivergence');
  }
}

/** keras.metrics.Poisson: the mean over every batch of mean(yPred - yTrue · log(yPred + 1e-7), axis=-1). */
export class Poisson extends FunctionMetric {
  /** @param options `name` (default `'poisson'`) and `dtype`. */
  /** Keras 3's positional form, `Poisson(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('Poisson', args, NAME_DTYPE);
    super(losses.poisson, metricOptions('Poisson', options), 'poisson', 'Poisson');
  }
}

/** keras.metrics.Hinge: the mean over every batch of mean(max(1 - yTrue · yPred, 0), axis=-1) (0/1 labels mapped to ±1). */
export class Hinge extends FunctionMetric {
  /** @param options `name` (default `'hinge'`) and `dtype`. */
  /** Keras 3's positional form, `Hinge(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('Hinge', args, NAME_DTYPE);
    super(losses.hinge, metricOptions('Hinge', options), 'hinge', 'Hinge');
  }
}

/** keras.metrics.SquaredHinge: the mean over every batch of mean(max(1 - yTrue · yPred, 0)², axis=-1) (0/1 labels mapped to ±1). */
export class SquaredHinge extends FunctionMetric {
  /** @param options `name` (default `'squared_hinge'`) and `dtype`. */
  /** Keras 3's positional form, `SquaredHinge(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('SquaredHinge', args, NAME_DTYPE);
    super(losses.squaredHinge, metricOptions('SquaredHinge', options), 'squared_hinge', 'SquaredHinge');
  }
}

/** keras.metrics.CategoricalHinge: the mean over every batch of max(max((1 - yTrue) · yPred) - Σ yTrue · yPred + 1, 0). */
export class CategoricalHinge extends FunctionMetric {
  /** @param options `name` (default `'categorical_hinge'`) and `dtype`. */
  /** Keras 3's positional form, `CategoricalHinge(name, dtype)`. */
  constructor(...positional: MetricPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MetricPositional, MetricOptions>);
  constructor(options?: MetricOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<MetricOptions>('CategoricalHinge', args, NAME_DTYPE);
    super(losses.categoricalHinge, metricOptions('CategoricalHinge', options), 'categorical_hinge', 'CategoricalHinge');
  }
}

// ---------------------------------------------------------------------------
// Confusion-matrix metrics
// ---------------------------------------------------------------------------

/** Options of `new tf.keras.metrics.Precision(options)` and `Recall`. */
export interface PrecisionRecallOptions extends MetricOptions {
  /** A threshold in [0, 1] or a list of them (one result per threshold): predictions above it
   * are positive. Default 0.5, or, with `topK`, none (the top k are the positives). */
  thresholds?: number | readonly number[] | null;
  /** Only the `topK` largest predictions of each sample can be positive (default null: all). */
  topK?: number | null;
  /** Only this class (an index of the last axis) is scored (default null: every entry). */
  classId?: number | null;
}

/** Keras' confusion-matrix counts: which cells a metric keeps. */
type Cells = { tp?: Variable; fp?: Variable; tn?: Variable; fn?: Variable };

/** How a metric compares predictions with its thresholds (update_confusion_matrix_variables' arguments). */
interface ConfusionSpec {
  thresholds: readonly number[];
  /** Keras' is_evenly_distributed_thresholds: the bucketing path, which clips predictions to [0, 1]. */
  evenly: boolean;
  topK: number | null;
  classId: number | null;
  /** Counts per label (the last axis of [samples, labels] inputs) instead of over every entry. */
  multiLabel: boolean;
  /** Weights of the labels (the last axis) multiplied into the sample weights (not multi-label). */
  labelWeights: readonly number[] | null;
}

/** Keras' is_evenly_distributed_thresholds: at least 3, each within numpy's allclose (atol
 * 1e-7, rtol 1e-5) of i / (n - 1) computed in float32. */
function evenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  return thresholds.every((t, i) => {
    const even = Math.fround(i / (n - 1));
    return Math.abs(t - even) <= 1e-7 + 1e-5 * Math.abs(even);
  });
}

/** Keras' _filter_top_k: the `k` largest of the last axis kept, the others set to NEG_INF. */
function filterTopK(x: Tensor, k: number): Tensor {
  const classes = x.shape[x.rank - 1]!;
  const { indices } = topK(x, k);
  const mask = gen.reduceSum(oneHot(indices, classes, { dtype: x.dtype }), -2);
  return gen.add(gen.mul(x, mask), gen.mul(gen.sub(1, mask), NEG_INF));
}

/**
 * Keras' update_confusion_matrix_variables: for each threshold, the weighted counts of (label,
 * prediction positive) pairs over every entry (or, multi-label, over the samples of each label),
 * added to `cells`. A prediction is positive above the threshold; with evenly distributed
 * thresholds Keras buckets predictions instead (clipped to [0, 1], positive at threshold i when
 * ceil(p·(n - 1)) - 1 >= i, the first bucket taking p = 0 when the first threshold is below 0),
 * which this follows.
 */
function updateConfusionMatrix(cells: Cells, yTrue: Tensor, yPred: Tensor, spec: ConfusionSpec, sampleWeight: TensorLike | undefined, dtype: FloatDType, op: string): void {
  let [p, t] = losses.squeezeOrExpandToSameRank(cast(yPred, dtype), cast(yTrue, dtype));
  let w: Tensor | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    [, w] = losses.squeezeOrExpandToSameRank(t, expandLast(asDType(sampleWeight, dtype, op)), false);
  }
  if (spec.topK !== null) p = filterTopK(p, spec.topK);
  if (spec.classId !== null) {
    if (p.rank === 1) throw new Error(`${op}: When class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes), found shape: ${shapeText(p.shape)}`);
    const classes = p.shape[p.rank - 1]!;
    if (spec.classId < 0 || spec.classId >= classes) throw new Error(`${op}: classId ${spec.classId} is out of range for ${classes} classes.`);
    t = sliceAxis(t, t.rank - 1, spec.classId, 1, op);
    p = sliceAxis(p, p.rank - 1, spec.classId, 1, op);
  }
  let weights = w === null ? null : broadcastTo(w, p.shape);
  if (spec.labelWeights !== null && !spec.multiLabel) {
    const labelWeights = broadcastTo(constant([spec.labelWeights.slice()], dtype), p.shape);
    weights = weights === null ? labelWeights : gen.mul(weights, labelWeights);
  }
  // Thresholds [n, 1] against entries [1, E] (multi-label: [n, 1, 1] against [1, samples, labels]).
  const n = spec.thresholds.length;
  const lead = spec.multiLabel ? [1, ...p.shape] : [1, -1];
  const perThreshold = spec.multiLabel ? [n, 1, 1] : [n, 1];
  let predIsPos: Tensor;
  if (spec.evenly) {
    let bucket = gen.sub(gen.ceil(gen.mul(clipByValue(p, 0, 1), n - 1)), 1);
    if (spec.thresholds[0]! < 0 || spec.thresholds[n - 1]! > 1) bucket = gen.maximum(bucket, 0);
    const index = reshape(constant(Array.from({ length: n }, (_, i) => i), dtype), perThreshold);
    predIsPos = gen.greaterEqual(reshape(bucket, lead), index);
  } else {
    predIsPos = gen.greater(reshape(p, lead), reshape(constant(spec.thresholds.slice(), dtype), perThreshold));
  }
  const labelIsPos = gen.notEqual(reshape(t, lead), 0);
  const weightsLaid = weights === null ? null : reshape(weights, lead);
  const count = (label: Tensor, pred: Tensor): Tensor => {
    const both = cast(gen.logicalAnd(label, pred), dtype);
    return gen.reduceSum(weightsLaid === null ? both : gen.mul(both, weightsLaid), 1);
  };
  const labelIsNeg = gen.logicalNot(labelIsPos);
  const predIsNeg = gen.logicalNot(predIsPos);
  if (cells.tp) cells.tp.assignAdd(count(labelIsPos, predIsPos));
  if (cells.fp) cells.fp.assignAdd(count(labelIsNeg, predIsPos));
  if (cells.tn) cells.tn.assignAdd(count(labelIsNeg, predIsNeg));
  if (cells.fn) cells.fn.assignAdd(count(labelIsPos, predIsNeg));
}

/** Keras' parse_init_thresholds: the thresholds given (a number or a list, each in [0, 1]) as a
 * list, or `[fallback]` when none are. */
function parseThresholds(op: string, given: unknown, fallback: number): number[] {
  if (given === null || given === undefined) return [fallback];
  const list: unknown[] | undefined = typeof given === 'number' ? [given] : Array.isArray(given) ? given.slice() : undefined;
  if (list === undefined) throw new Error(`${op}: thresholds must be a number or an array of numbers, got ${describe(given)}.`);
  const invalid = list.filter((x) => typeof x !== 'number' || !(x >= 0 && x <= 1));
  if (invalid.length > 0) throw new Error(`${op}: Threshold values must be in [0, 1]. Received: [${invalid.map(describe).join(', ')}]`);
  return list as number[];
}

/** A `classId` option: an integer, or null (absent) for none. */
function checkClassId(op: string, given: unknown): number | null {
  const id = given ?? null;
  if (id !== null && !Number.isInteger(id)) throw new Error(`${op}: classId must be an integer or null, got ${describe(id)}.`);
  return id as number | null;
}

/** Options of `new tf.keras.metrics.TruePositives(options)`, `FalsePositives`, `TrueNegatives`
 * and `FalseNegatives`. */
export interface ConfusionCountOptions extends MetricOptions {
  /** A threshold in [0, 1] or a list of them (one count per threshold): predictions above it are
   * positive (default 0.5). */
  thresholds?: number | readonly number[] | null;
}

/** Keras' _ConfusionMatrixConditionCount: one cell of the confusion matrix, summed (weighted)
 * over every batch at each threshold, in one variable, `accumulator`. */
abstract class ConfusionCount extends Metric {
  /** The thresholds as given (null: the default 0.5). */
  readonly initThresholds: number | readonly number[] | null;
  /** The thresholds used (one count per threshold). */
  readonly thresholds: readonly number[];
  private readonly accumulator: Variable;
  private readonly cell: keyof Cells;

  constructor(cls: string, options: ConfusionCountOptions | undefined, cell: keyof Cells) {
    const o = metricOptions(cls, options, ['thresholds']);
    super(o, undefined, cls);
    this.initThresholds = o.thresholds ?? null;
    this.thresholds = parseThresholds(qualified(cls), o.thresholds, 0.5);
    this.cell = cell;
    this.accumulator = this.addVariable([this.thresholds.length], 'accumulator');
  }

  /** Adds the batch's (weighted) count at each threshold; `sampleWeight` broadcasts to `yPred`. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const spec = { thresholds: this.thresholds, evenly: evenlyDistributed(this.thresholds), topK: null, classId: null, multiLabel: false, labelWeights: null };
    this.update(() => updateConfusionMatrix({ [this.cell]: this.accumulator }, toTensor(yTrue, undefined, op), toTensor(yPred, undefined, op), spec, sampleWeight, this.dtype, op));
  }

  /** The count: a scalar for one threshold, else one per threshold. */
  result(): Tensor {
    return renamedCall(qualified(this.className), () => (this.thresholds.length === 1 ? reshape(this.accumulator, []) : this.accumulator.value()));
  }

  /** `{name, dtype, thresholds}` (the thresholds as given). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.initThresholds };
  }
}

/** Keras 3's positional arguments of TruePositives, in its order. */
type TruePositivesPositional = [
  thresholds?: number | readonly number[] | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.TruePositives: the (weighted) number of positive labels predicted positive
 * (above the threshold, 0.5 by default; a list of thresholds gives one count each), over every
 * batch. Labels are positive when non-zero.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.TruePositives();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * console.log(m.result().item()); // 2
 * m.resetState();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class TruePositives extends ConfusionCount {
  /** @param options `thresholds`, `name` (default `'true_positives'`) and `dtype`. */
  /** Keras 3's positional form, `TruePositives(thresholds, name, dtype)`. */
  constructor(...positional: TruePositivesPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TruePositivesPositional, ConfusionCountOptions>);
  constructor(options?: ConfusionCountOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<ConfusionCountOptions>('TruePositives', args, ['thresholds', 'name', 'dtype'], ['thresholds']);
    super('TruePositives', options, 'tp');
  }
}

/** Keras 3's positional arguments of FalsePositives, in its order. */
type FalsePositivesPositional = [
  thresholds?: number | readonly number[] | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.FalsePositives: the (weighted) number of negative (zero) labels predicted
 * positive, over every batch, at each threshold (default 0.5).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.FalsePositives();
 * m.updateState([0, 1, 0, 0], [0, 0, 1, 1]);
 * console.log(m.result().item()); // 2
 * m.resetState();
 * m.updateState([0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class FalsePositives extends ConfusionCount {
  /** @param options `thresholds`, `name` (default `'false_positives'`) and `dtype`. */
  /** Keras 3's positional form, `FalsePositives(thresholds, name, dtype)`. */
  constructor(...positional: FalsePositivesPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<FalsePositivesPositional, ConfusionCountOptions>);
  constructor(options?: ConfusionCountOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<ConfusionCountOptions>('FalsePositives', args, ['thresholds', 'name', 'dtype'], ['thresholds']);
    super('FalsePositives', options, 'fp');
  }
}

/** Keras 3's positional arguments of TrueNegatives, in its order. */
type TrueNegativesPositional = [
  thresholds?: number | readonly number[] | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.TrueNegatives: the (weighted) number of negative (zero) labels predicted
 * negative (at or below the threshold), over every batch, at each threshold (default 0.5).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.TrueNegatives();
 * m.updateState([0, 1, 0, 0], [1, 1, 0, 0]);
 * console.log(m.result().item()); // 2
 * m.resetState();
 * m.updateState([0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class TrueNegatives extends ConfusionCount {
  /** @param options `thresholds`, `name` (default `'true_negatives'`) and `dtype`. */
  /** Keras 3's positional form, `TrueNegatives(thresholds, name, dtype)`. */
  constructor(...positional: TrueNegativesPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TrueNegativesPositional, ConfusionCountOptions>);
  constructor(options?: ConfusionCountOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<ConfusionCountOptions>('TrueNegatives', args, ['thresholds', 'name', 'dtype'], ['thresholds']);
    super('TrueNegatives', options, 'tn');
  }
}

/** Keras 3's positional arguments of FalseNegatives, in its order. */
type FalseNegativesPositional = [
  thresholds?: number | readonly number[] | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.FalseNegatives: the (weighted) number of positive labels predicted negative,
 * over every batch, at each threshold (default 0.5).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.FalseNegatives();
 * m.updateState([0, 1, 1, 1], [0, 1, 0, 0]);
 * console.log(m.result().item()); // 2
 * m.resetState();
 * m.updateState([0, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 0]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class FalseNegatives extends ConfusionCount {
  /** @param options `thresholds`, `name` (default `'false_negatives'`) and `dtype`. */
  /** Keras 3's positional form, `FalseNegatives(thresholds, name, dtype)`. */
  constructor(...positional: FalseNegativesPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<FalseNegativesPositional, ConfusionCountOptions>);
  constructor(options?: ConfusionCountOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<ConfusionCountOptions>('FalseNegatives', args, ['thresholds', 'name', 'dtype'], ['thresholds']);
    super('FalseNegatives', options, 'fn');
  }
}

/** Precision and Recall: thresholds, top k and class id parsed as Keras parses them, and the two
 * count variables. */
abstract class ConfusionRatio extends Metric {
  /** The thresholds as given (null: the default). */
  readonly initThresholds: number | readonly number[] | null;
  /** The thresholds used (one result per threshold). */
  readonly thresholds: readonly number[];
  /** Only the top k predictions of a sample can be positive (null: all). */
  readonly topK: number | null;
  /** The class scored (null: every entry). */
  readonly classId: number | null;
  protected readonly truePositives: Variable;
  protected readonly others: Variable;

  constructor(cls: string, options: PrecisionRecallOptions | undefined, defaultName: string, otherName: string) {
    const o = metricOptions(cls, options, ['thresholds', 'topK', 'classId']);
    super(o, defaultName, cls);
    const op = qualified(cls);
    const given = o.thresholds ?? null;
    const k = o.topK ?? null;
    const thresholds = parseThresholds(op, given, k === null ? 0.5 : NEG_INF);
    if (k !== null && !(Number.isInteger(k) && k > 0)) throw new Error(`${op}: topK must be a positive integer or null, got ${describe(k)}.`);
    const id = checkClassId(op, o.classId);
    this.initThresholds = given;
    this.thresholds = thresholds;
    this.topK = k;
    this.classId = id;
    this.truePositives = this.addVariable([this.thresholds.length], 'true_positives');
    this.others = this.addVariable([this.thresholds.length], otherName);
  }

  /** The cells this metric counts. */
  protected abstract cells(): Cells;

  /** Adds the batch's weighted counts (`sampleWeight` broadcast to `yPred`'s entries). */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const spec = { thresholds: this.thresholds, evenly: evenlyDistributed(this.thresholds), topK: this.topK, classId: this.classId, multiLabel: false, labelWeights: null };
    this.update(() => updateConfusionMatrix(this.cells(), toTensor(yTrue, undefined, op), toTensor(yPred, undefined, op), spec, sampleWeight, this.dtype, op));
  }

  /** tp / (tp + the other count), 0 where both are 0: a scalar for one threshold, else one per threshold. */
  result(): Tensor {
    return composed(qualified(this.className), () => {
      const ratio = gen.divNoNan(this.truePositives, gen.add(this.truePositives, this.others));
      return this.thresholds.length === 1 ? reshape(ratio, []) : ratio;
    });
  }

  /** `{name, dtype, thresholds, topK, classId}`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}

/** Keras 3's positional arguments of Precision, in its order. */
type PrecisionPositional = [
  thresholds?: number | readonly number[] | null, topK?: number | null, classId?: number | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.Precision: true positives / (true positives + false positives) over every batch.
 * A prediction is positive above the threshold (0.5 by default; a list gives one result per
 * threshold), or, with `topK`, when among the sample's k largest; `classId` scores one class.
 * Labels are positive when non-zero.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * console.log(m.result().item().toFixed(4)); // 0.6667
 * ```
 */
export class Precision extends ConfusionRatio {
  /** @param options `thresholds`, `topK`, `classId`, `name` (default `'precision'`) and `dtype`. */
  /** Keras 3's positional form, `Precision(thresholds, top_k, class_id, name, dtype)`. */
  constructor(...positional: PrecisionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PrecisionPositional, PrecisionRecallOptions>);
  constructor(options?: PrecisionRecallOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<PrecisionRecallOptions>('Precision', args, ['thresholds', 'topK', 'classId', 'name', 'dtype'], ['thresholds', 'topK', 'classId']);
    super('Precision', options, 'precision', 'false_positives');
  }
  protected cells(): Cells {
    return { tp: this.truePositives, fp: this.others };
  }
}

/** Keras 3's positional arguments of Recall, in its order. */
type RecallPositional = [
  thresholds?: number | readonly number[] | null, topK?: number | null, classId?: number | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.Recall: true positives / (true positives + false negatives) over every batch,
 * with Precision's thresholds, `topK` and `classId`.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class Recall extends ConfusionRatio {
  /** @param options `thresholds`, `topK`, `classId`, `name` (default `'recall'`) and `dtype`. */
  /** Keras 3's positional form, `Recall(thresholds, top_k, class_id, name, dtype)`. */
  constructor(...positional: RecallPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RecallPositional, PrecisionRecallOptions>);
  constructor(options?: PrecisionRecallOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<PrecisionRecallOptions>('Recall', args, ['thresholds', 'topK', 'classId', 'name', 'dtype'], ['thresholds', 'topK', 'classId']);
    super('Recall', options, 'recall', 'false_negatives');
  }
  protected cells(): Cells {
    return { tp: this.truePositives, fn: this.others };
  }
}

/** Options of PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity and
 * SpecificityAtSensitivity beside their target value. */
export interface SensitivitySpecificityOptions extends MetricOptions {
  /** How many thresholds the curve is sampled at (default 200; a positive integer): 0, n - 2
   * evenly spaced in (0, 1), and 1 (one threshold: 0.5). */
  numThresholds?: number;
  /** Only this class (an index of the last axis) is scored (default null: every entry). */
  classId?: number | null;
}

/** Options of `new tf.keras.metrics.PrecisionAtRecall(options)`. */
export interface PrecisionAtRecallOptions extends SensitivitySpecificityOptions {
  /** The recall to reach, in [0, 1]. */
  recall: number;
}

/** Options of `new tf.keras.metrics.RecallAtPrecision(options)`. */
export interface RecallAtPrecisionOptions extends SensitivitySpecificityOptions {
  /** The precision to reach, in [0, 1]. */
  precision: number;
}

/** Options of `new tf.keras.metrics.SensitivityAtSpecificity(options)`. */
export interface SensitivityAtSpecificityOptions extends SensitivitySpecificityOptions {
  /** The specificity to reach, in [0, 1]. */
  specificity: number;
}

/** Options of `new tf.keras.metrics.SpecificityAtSensitivity(options)`. */
export interface SpecificityAtSensitivityOptions extends SensitivitySpecificityOptions {
  /** The sensitivity to reach, in [0, 1]. */
  sensitivity: number;
}

type ConstraintKey = 'recall' | 'precision' | 'specificity' | 'sensitivity';

/**
 * Keras' SensitivitySpecificityBase: the four confusion counts at `numThresholds` thresholds over
 * every batch, and the best value of one rate among the thresholds where another reaches the
 * target. Made as `new Cls(target, options)` (Keras' positional form) or `new Cls({target, ...})`.
 */
abstract class SensitivitySpecificityBase extends Metric {
  /** The number of thresholds. */
  readonly numThresholds: number;
  /** The class scored (null: every entry). */
  readonly classId: number | null;
  /** The thresholds: 0, n - 2 evenly spaced in (0, 1), 1 (or [0.5] for one). */
  readonly thresholds: readonly number[];
  /** The target the constrained rate must reach. */
  protected readonly target: number;
  private readonly key: ConstraintKey;
  private readonly evenly: boolean;
  protected readonly counts: { tp: Variable; fp: Variable; tn: Variable; fn: Variable };

  constructor(cls: string, key: ConstraintKey, targetOrOptions: unknown, options: SensitivitySpecificityOptions | undefined) {
    const op = qualified(cls);
    const keys = ['numThresholds', 'classId'];
    let o: SensitivitySpecificityOptions & Partial<Record<ConstraintKey, unknown>>;
    let target: unknown;
    if (isPlainObject(targetOrOptions)) {
      if (options !== undefined) throw new Error(`${op}: give {${key}, ...options} or ${key} and options, not both.`);
      o = metricOptions(cls, targetOrOptions as SensitivitySpecificityOptions, [key, ...keys]);
      target = o[key];
    } else {
      o = metricOptions(cls, options, keys);
      target = targetOrOptions;
    }
    // Keras checks the target in the subclass, before the base class checks numThresholds.
    if (typeof target !== 'number' || !(target >= 0 && target <= 1)) {
      throw new Error(`${op}: Argument \`${key}\` must be in the range [0, 1]. Received: ${key}=${describe(target)}`);
    }
    const n = o.numThresholds ?? 200;
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${op}: Argument \`num_thresholds\` must be an integer > 0. Received: num_thresholds=${describe(o.numThresholds)}`);
    const classId = checkClassId(op, o.classId);
    super(o, undefined, cls);
    this.key = key;
    this.target = target;
    this.numThresholds = n;
    this.classId = classId;
    // Keras: evenly spaced thresholds take the bucketing path (predictions clipped to [0, 1]).
    this.thresholds = n === 1 ? [0.5] : [0, ...Array.from({ length: n - 2 }, (_, i) => ((i + 1) * 1.0) / (n - 1)), 1];
    this.evenly = n > 1;
    this.counts = {
      tp: this.addVariable([this.thresholds.length], 'true_positives'),
      fp: this.addVariable([this.thresholds.length], 'false_positives'),
      tn: this.addVariable([this.thresholds.length], 'true_negatives'),
      fn: this.addVariable([this.thresholds.length], 'false_negatives'),
    };
  }

  /** Adds the batch's weighted confusion counts at every threshold. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const spec = { thresholds: this.thresholds, evenly: this.evenly, topK: null, classId: this.classId, multiLabel: false, labelWeights: null };
    this.update(() => updateConfusionMatrix(this.counts, toTensor(yTrue, undefined, op), toTensor(yPred, undefined, op), spec, sampleWeight, this.dtype, op));
  }

  /** [the constrained rate, the rate maximized], one value per threshold. */
  protected abstract rates(): [constrained: Tensor, dependent: Tensor];

  /**
   * Keras' _find_max_under_constraint: the largest dependent rate among the thresholds where the
   * constrained rate >= the target (compared in the metric's dtype), or 0 where none does (the
   * rates are >= 0, so a maximum over the feasible ones with 0 elsewhere is the same).
   */
  result(): Tensor {
    return composed(qualified(this.className), () => {
      const [constrained, dependent] = this.rates();
      const feasible = gen.greaterEqual(constrained, this.target);
      return gen.reduceMax(where(feasible, dependent, constant(0, this.dtype)));
    });
  }

  /** tp / (tp + fn). */
  protected recallRates(): Tensor {
    const c = this.counts;
    return gen.divNoNan(c.tp, gen.add(c.tp, c.fn));
  }

  /** tp / (tp + fp). */
  protected precisionRates(): Tensor {
    const c = this.counts;
    return gen.divNoNan(c.tp, gen.add(c.tp, c.fp));
  }

  /** tn / (tn + fp). */
  protected specificityRates(): Tensor {
    const c = this.counts;
    return gen.divNoNan(c.tn, gen.add(c.tn, c.fp));
  }

  /** `{name, dtype, classId, numThresholds}` and the target under its Keras name (`recall`, ...). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), classId: this.classId, numThresholds: this.numThresholds, [this.key]: this.target };
  }
}

/**
 * keras.metrics.PrecisionAtRecall(recall, {numThresholds = 200, classId}): the best precision
 * among the thresholds whose recall is at least `recall` (0 if none), from the confusion counts
 * at `numThresholds` thresholds over every batch.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.PrecisionAtRecall(0.5);
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);
 * console.log(m.result().item()); // 0.5
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [2, 2, 2, 1, 1]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * ```
 */
export class PrecisionAtRecall extends SensitivitySpecificityBase {
  /**
   * @param recall The recall to reach, in [0, 1] (or every option in one object, `recall` among them).
   * @param options `numThresholds`, `classId`, `name` (default `'precision_at_recall'`) and `dtype`.
   */
  constructor(recall: number | PrecisionAtRecallOptions, options?: SensitivitySpecificityOptions) {
    super('PrecisionAtRecall', 'recall', recall, options);
  }
  /** The recall to reach. */
  get recall(): number {
    return this.target;
  }
  protected rates(): [Tensor, Tensor] {
    return [this.recallRates(), this.precisionRates()];
  }
}

/**
 * keras.metrics.RecallAtPrecision(precision, {numThresholds = 200, classId}): the best recall
 * among the thresholds whose precision is at least `precision` (0 if none).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.RecallAtPrecision(0.8);
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * console.log(m.result().item()); // 0.5
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]);
 * console.log(m.result().item()); // 1
 * ```
 */
export class RecallAtPrecision extends SensitivitySpecificityBase {
  /**
   * @param precision The precision to reach, in [0, 1] (or every option in one object, `precision` among them).
   * @param options `numThresholds`, `classId`, `name` (default `'recall_at_precision'`) and `dtype`.
   */
  constructor(precision: number | RecallAtPrecisionOptions, options?: SensitivitySpecificityOptions) {
    super('RecallAtPrecision', 'precision', precision, options);
  }
  /** The precision to reach. */
  get precision(): number {
    return this.target;
  }
  protected rates(): [Tensor, Tensor] {
    return [this.precisionRates(), this.recallRates()];
  }
}

/**
 * keras.metrics.SensitivityAtSpecificity(specificity, {numThresholds = 200, classId}): the best
 * sensitivity (recall, tp / (tp + fn)) among the thresholds whose specificity (tn / (tn + fp)) is
 * at least `specificity` (0 if none).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.SensitivityAtSpecificity(0.5);
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);
 * console.log(m.result().item()); // 0.5
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 1]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * ```
 */
export class SensitivityAtSpecificity extends SensitivitySpecificityBase {
  /**
   * @param specificity The specificity to reach, in [0, 1] (or every option in one object, `specificity` among them).
   * @param options `numThresholds`, `classId`, `name` (default `'sensitivity_at_specificity'`) and `dtype`.
   */
  constructor(specificity: number | SensitivityAtSpecificityOptions, options?: SensitivitySpecificityOptions) {
    super('SensitivityAtSpecificity', 'specificity', specificity, options);
  }
  /** The specificity to reach. */
  get specificity(): number {
    return this.target;
  }
  protected rates(): [Tensor, Tensor] {
    return [this.specificityRates(), this.recallRates()];
  }
}

/**
 * keras.metrics.SpecificityAtSensitivity(sensitivity, {numThresholds = 200, classId}): the best
 * specificity among the thresholds whose sensitivity is at least `sensitivity` (0 if none).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.SpecificityAtSensitivity(0.5);
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);
 * console.log(m.result().item().toFixed(4)); // 0.6667
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 2]);
 * console.log(m.result().item()); // 0.5
 * ```
 */
export class SpecificityAtSensitivity extends SensitivitySpecificityBase {
  /**
   * @param sensitivity The sensitivity to reach, in [0, 1] (or every option in one object, `sensitivity` among them).
   * @param options `numThresholds`, `classId`, `name` (default `'specificity_at_sensitivity'`) and `dtype`.
   */
  constructor(sensitivity: number | SpecificityAtSensitivityOptions, options?: SensitivitySpecificityOptions) {
    super('SpecificityAtSensitivity', 'sensitivity', sensitivity, options);
  }
  /** The sensitivity to reach. */
  get sensitivity(): number {
    return this.target;
  }
  protected rates(): [Tensor, Tensor] {
    return [this.recallRates(), this.specificityRates()];
  }
}

/** Options of `new tf.keras.metrics.AUC(options)`. */
export interface AUCOptions extends MetricOptions {
  /** How many thresholds discretize the curve (default 200; more than 1): 0 - 1e-7, n - 2 evenly
   * spaced in (0, 1), and 1 + 1e-7. */
  numThresholds?: number | null;
  /** `'ROC'` (default) or `'PR'` (precision-recall); Keras' lowercase spellings too. */
  curve?: 'ROC' | 'PR' | 'roc' | 'pr';
  /** The Riemann sum: `'interpolation'` (default; for PR, Davis & Goadrich's interpolation of
   * the counts), `'minoring'` or `'majoring'`. */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring' | 'Interpolation' | 'Minoring' | 'Majoring';
  /** Thresholds in [0, 1] to use instead of `numThresholds` (the endpoints 0 - 1e-7 and 1 + 1e-7 are added). */
  thresholds?: readonly number[] | null;
  /** Whether each label (the last axis of [samples, labels] inputs) gets its own curve, the AUCs
   * then averaged (default false: every entry is one point of one curve). */
  multiLabel?: boolean;
  /** The number of labels of multi-label data (default null: taken from the first batch). */
  numLabels?: number | null;
  /** Weights of the labels: of their AUCs' average (multi-label), or of their entries (default null). */
  labelWeights?: TensorLike | null;
  /** Whether `yPred` holds logits (a sigmoid is applied first; default false). */
  fromLogits?: boolean;
}

/** Keras 3's positional arguments of AUC, in its order. */
type AUCPositional = [
  numThresholds?: number, curve?: AUCOptions['curve'], summationMethod?: AUCOptions['summationMethod'], name?: string | null, dtype?: FloatDType | null,
  thresholds?: readonly number[] | null, multiLabel?: boolean, numLabels?: number | null, labelWeights?: readonly number[] | null, fromLogits?: boolean,
];

/**
 * keras.metrics.AUC: the area under the ROC curve (recall against false positive rate) or the
 * precision-recall curve, by a Riemann sum over `numThresholds` thresholds (Keras' buckets) of
 * the confusion counts accumulated over every batch.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.AUC({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * console.log(m.result().item()); // 0.75
 * ```
 */
export class AUC extends Metric {
  /** The number of thresholds, endpoints included. */
  readonly numThresholds: number;
  /** `'ROC'` or `'PR'`. */
  readonly curve: 'ROC' | 'PR';
  /** `'interpolation'`, `'minoring'` or `'majoring'`. */
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  /** The thresholds, with the endpoints 0 - 1e-7 and 1 + 1e-7. */
  readonly thresholds: readonly number[];
  /** Whether each label gets its own curve. */
  readonly multiLabel: boolean;
  /** The number of labels given (null: taken from the first batch). */
  readonly numLabels: number | null;
  /** The labels' weights (null: none). */
  readonly labelWeights: readonly number[] | null;
  /** Whether `yPred` holds logits. */
  readonly fromLogits: boolean;
  private readonly initFromThresholds: boolean;
  private readonly evenly: boolean;
  private counts: { tp: Variable; fp: Variable; tn: Variable; fn: Variable } | null = null;

  /** @param options `numThresholds`, `curve`, `summationMethod`, `thresholds`, `multiLabel`, `numLabels`, `labelWeights`, `fromLogits`, `name` (default `'auc'`) and `dtype`. */
  /** Keras 3's positional form, `AUC(num_thresholds, curve, summation_method, name, dtype, thresholds, multi_label, num_labels, label_weights, from_logits)`. */
  constructor(...positional: AUCPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AUCPositional, AUCOptions>);
  constructor(options?: AUCOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<AUCOptions>('AUC', args, ['numThresholds', 'curve', 'summationMethod', 'name', 'dtype', 'thresholds', 'multiLabel', 'numLabels', 'labelWeights', 'fromLogits'], ['thresholds', 'numLabels', 'labelWeights']);
    const o = metricOptions('AUC', options, ['numThresholds', 'curve', 'summationMethod', 'thresholds', 'multiLabel', 'numLabels', 'labelWeights', 'fromLogits']);
    super(o, 'auc', 'AUC');
    const op = qualified('AUC');
    const curve = o.curve ?? 'ROC';
    if (!['ROC', 'roc', 'PR', 'pr'].includes(curve)) throw new Error(`${op}: Invalid AUC curve value: "${String(curve)}". Expected values are ["PR", "ROC"]`);
    const summation = o.summationMethod ?? 'interpolation';
    if (!['interpolation', 'Interpolation', 'majoring', 'Majoring', 'minoring', 'Minoring'].includes(summation)) {
      throw new Error(`${op}: Invalid AUC summation method value: "${String(summation)}". Expected values are ["interpolation", "majoring", "minoring"]`);
    }
    let inner: number[];
    if (o.thresholds !== undefined && o.thresholds !== null) {
      if (!Array.isArray(o.thresholds) || o.thresholds.some((x) => typeof x !== 'number')) throw new Error(`${op}: thresholds must be an array of numbers, got ${describe(o.thresholds)}.`);
      inner = o.thresholds.slice().sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.evenly = evenlyDistributed([0, ...inner, 1]);
    } else {
      const n = o.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) throw new Error(`${op}: Argument \`num_thresholds\` must be an integer > 1. Received: num_thresholds=${describe(o.numThresholds)}`);
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => ((i + 1) * 1.0) / (n - 1));
      this.evenly = true;
    }
    this.initFromThresholds = o.thresholds !== undefined && o.thresholds !== null;
    this.thresholds = [0 - kerasEpsilon(), ...inner, 1 + kerasEpsilon()];
    this.curve = curve.toUpperCase() as 'ROC' | 'PR';
    this.summationMethod = summation.toLowerCase() as 'interpolation' | 'minoring' | 'majoring';
    this.multiLabel = checkBoolean(o.multiLabel, op, 'multiLabel', false);
    this.fromLogits = checkBoolean(o.fromLogits, op, 'fromLogits', false);
    const labels = o.numLabels ?? null;
    if (labels !== null && !(Number.isInteger(labels) && labels > 0)) throw new Error(`${op}: numLabels must be a positive integer or null, got ${describe(labels)}.`);
    this.numLabels = labels;
    this.labelWeights = o.labelWeights === undefined || o.labelWeights === null ? null : Array.from(toTensor(o.labelWeights, 'float64', op).dataSync() as Float64Array);
    if (this.multiLabel) {
      if (labels !== null) this.build(labels);
    } else {
      if (labels !== null) throw new Error(`${op}: \`num_labels\` is needed only when \`multi_label\` is True.`);
      this.build(null);
    }
  }

  /** The four count variables: [thresholds], or [thresholds, labels] for multi-label data. */
  private build(labels: number | null): { tp: Variable; fp: Variable; tn: Variable; fn: Variable } {
    const shape = labels === null ? [this.numThresholds] : [this.numThresholds, labels];
    this.counts = {
      tp: this.addVariable(shape, 'true_positives'),
      fp: this.addVariable(shape, 'false_positives'),
      tn: this.addVariable(shape, 'true_negatives'),
      fn: this.addVariable(shape, 'false_negatives'),
    };
    return this.counts;
  }

  /** Adds the batch's weighted confusion counts at every threshold. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    const spec = { thresholds: this.thresholds, evenly: this.evenly, topK: null, classId: null, multiLabel: this.multiLabel, labelWeights: this.multiLabel ? null : this.labelWeights };
    this.update(() => {
      const p = toTensor(yPred, undefined, op);
      if (this.counts === null && p.rank !== 2) {
        throw new Error(`${op}: \`y_pred\` must have rank 2 when \`multi_label=True\`. Found rank ${p.rank}. Full shape received for \`y_pred\`: ${shapeText(p.shape)}`);
      }
      const counts = this.counts ?? this.build(p.shape[1]!);
      updateConfusionMatrix(counts, toTensor(yTrue, undefined, op), this.fromLogits ? gen.sigmoid(p) : p, spec, sampleWeight, this.dtype, op);
    });
  }

  /** The area: a scalar (multi-label: the mean of the labels' areas, or their labelWeights-weighted mean). */
  result(): Tensor {
    const c = this.counts;
    if (c === null) return constant(NaN, this.dtype); // multi-label before any update: no curve yet
    return composed(qualified(this.className), () => {
      const n = this.numThresholds;
      const head = (x: Tensor): Tensor => sliceAxis(x, 0, 0, n - 1, 'AUC');
      const tail = (x: Tensor): Tensor => sliceAxis(x, 0, 1, n - 1, 'AUC');
      let terms: Tensor;
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') {
        terms = this.interpolatedPrTerms(head, tail);
      } else {
        const recall = gen.divNoNan(c.tp, gen.add(c.tp, c.fn));
        const [x, y] = this.curve === 'ROC' ? [gen.divNoNan(c.fp, gen.add(c.fp, c.tn)), recall] : [recall, gen.divNoNan(c.tp, gen.add(c.tp, c.fp))];
        const heights = this.summationMethod === 'interpolation' ? gen.div(gen.add(head(y), tail(y)), 2) : this.summationMethod === 'minoring' ? gen.minimum(head(y), tail(y)) : gen.maximum(head(y), tail(y));
        terms = gen.mul(gen.sub(head(x), tail(x)), heights);
      }
      if (!this.multiLabel) return gen.reduceSum(terms);
      const byLabel = gen.reduceSum(terms, 0);
      if (this.labelWeights === null) return reduceMean(byLabel);
      const lw = constant(this.labelWeights.slice(), this.dtype);
      return gen.divNoNan(gen.reduceSum(gen.mul(byLabel, lw)), gen.reduceSum(lw));
    });
  }

  /**
   * Keras' interpolate_pr_auc (Davis & Goadrich): TP and P = TP + FP linear within each interval,
   * so its area is slope·(ΔTP + intercept·log(P_A / P_B)) / (TP_B + FN_B), with slope = ΔTP / ΔP
   * and intercept = TP_B - slope·P_B.
   */
  private interpolatedPrTerms(head: (x: Tensor) => Tensor, tail: (x: Tensor) => Tensor): Tensor {
    const c = this.counts!;
    const dtp = gen.sub(head(c.tp), tail(c.tp));
    const p = gen.add(c.tp, c.fp);
    const dp = gen.sub(head(p), tail(p));
    const slope = gen.divNoNan(dtp, gen.maximum(dp, 0));
    const intercept = gen.sub(tail(c.tp), gen.mul(slope, tail(p)));
    const both = gen.logicalAnd(gen.greater(head(p), 0), gen.greater(tail(p), 0));
    const ratio = where(both, gen.divNoNan(head(p), gen.maximum(tail(p), 0)), onesLike(tail(p)));
    return gen.divNoNan(gen.mul(slope, gen.add(dtp, gen.mul(intercept, gen.log(ratio)))), gen.maximum(gen.add(tail(c.tp), tail(c.fn)), 0));
  }

  /** `{name, dtype, numThresholds, curve, summationMethod, multiLabel, numLabels, labelWeights, fromLogits}`, and `thresholds` (without the endpoints) when they were given. */
  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.numLabels,
      labelWeights: this.labelWeights === null ? null : this.labelWeights.slice(),
      fromLogits: this.fromLogits,
    };
    if (this.initFromThresholds) config.thresholds = this.thresholds.slice(1, -1);
    return config;
  }
}

// ---------------------------------------------------------------------------
// F-scores
// ---------------------------------------------------------------------------

/** Options of `new tf.keras.metrics.F1Score(options)`. */
export interface F1ScoreOptions extends MetricOptions {
  /** How the classes' scores are combined: null (the default: one score per class), `'micro'`
   * (one score from the counts of every class together), `'macro'` (their mean) or `'weighted'`
   * (their mean weighted by each class's number of true labels). */
  average?: 'micro' | 'macro' | 'weighted' | null;
  /** Predictions above it are positive, in (0, 1]; null (the default): each sample's largest
   * prediction (all of them when tied, none when it is 0) is the positive one. */
  threshold?: number | null;
}

/** Options of `new tf.keras.metrics.FBetaScore(options)`. */
export interface FBetaScoreOptions extends F1ScoreOptions {
  /** The weight of recall against precision (default 1; > 0). */
  beta?: number;
}

/** Keras 3's positional arguments of FBetaScore, in its order. */
type FBetaScorePositional = [average?: FBetaScoreOptions['average'], beta?: number, threshold?: number | null, name?: string | null, dtype?: FloatDType | null];

/**
 * keras.metrics.FBetaScore: per class (the last axis of [samples, classes] inputs), the weighted
 * harmonic mean of precision and recall over every batch, (1 + β²)·P·R / (β²·P + R), with
 * P = tp / (tp + fp + ε), R = tp / (tp + fn + ε) and ε (1e-7) added to the denominator too; the
 * classes' scores combined by `average`. Predictions are positive above `threshold`, or, without
 * one, where they are their sample's largest (and not 0). Weights are one per sample.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.FBetaScore({ beta: 2, threshold: 0.5 });
 * m.updateState([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0]]);
 * console.log(Array.from(m.result().dataSync(), (x) => x.toFixed(4))); // [ '0.3846', '0.9091', '0.8333' ]
 * ```
 */
export class FBetaScore extends Metric {
  /** How the classes' scores are combined (null: not at all). */
  readonly average: 'micro' | 'macro' | 'weighted' | null;
  /** The weight of recall against precision. */
  readonly beta: number;
  /** The threshold (null: each sample's largest prediction is positive). */
  readonly threshold: number | null;
  private counts: { tp: Variable; fp: Variable; fn: Variable; support: Variable } | null = null;

  /**
   * @param options `average`, `beta`, `threshold`, `name` (default `'fbeta_score'`) and `dtype`.
   * @param defaultName The name when `options.name` is absent (F1Score gives its own).
   * @param className The class name errors print (F1Score gives its own).
   */
  constructor(options?: FBetaScoreOptions, defaultName?: string, className?: string);
  /** Keras 3's positional form, `FBetaScore(average=None, beta=1.0, threshold=None, name='fbeta_score', dtype=None)`: `new FBetaScore('macro', 2)`. */
  constructor(...positional: FBetaScorePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<FBetaScorePositional, FBetaScoreOptions>);
  constructor(...args: unknown[]) {
    const [options, defaultName = 'fbeta_score', className = new.target === FBetaScore ? 'FBetaScore' : new.target.name] = extensibleArguments<FBetaScoreOptions>(new.target === FBetaScore, 'FBetaScore', args, ['average', 'beta', 'threshold', 'name', 'dtype']);
    // (F1Score checks its own options, which have no beta.)
    const o = new.target === FBetaScore ? metricOptions('FBetaScore', options, ['average', 'beta', 'threshold']) : (options ?? {});
    const op = qualified(className);
    const average = o.average ?? null;
    if (average !== null && average !== 'micro' && average !== 'macro' && average !== 'weighted') {
      throw new Error(`${op}: Invalid \`average\` argument value. Expected one of: {null, 'micro', 'macro', 'weighted'}. Received: average=${describe(o.average)}`);
    }
    const beta = o.beta ?? 1;
    if (typeof beta !== 'number' || Number.isNaN(beta)) throw new Error(`${op}: Invalid \`beta\` argument value. It should be a number. Received: beta=${describe(o.beta)}`);
    if (beta <= 0) throw new Error(`${op}: Invalid \`beta\` argument value. It should be > 0. Received: beta=${beta}`);
    const threshold = o.threshold ?? null;
    if (threshold !== null) {
      if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new Error(`${op}: Invalid \`threshold\` argument value. It should be a number. Received: threshold=${describe(o.threshold)}`);
      if (threshold > 1 || threshold <= 0) throw new Error(`${op}: Invalid \`threshold\` argument value. It should verify 0 < threshold <= 1. Received: threshold=${threshold}`);
    }
    super(o, defaultName, className);
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  /** Adds the batch's weighted true positives, false positives, false negatives and true labels
   * (per class, or summed over the classes for `'micro'`). The variables are made for the first
   * batch's number of classes. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    this.update(() => {
      const t = asDType(yTrue, this.dtype, op);
      let p = asDType(yPred, this.dtype, op);
      if (p.rank !== 2 || t.rank !== 2) {
        throw new Error(`${op}: FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=${shapeText(p.shape)} and y_true.shape=${shapeText(t.shape)}.`);
      }
      const classes = p.shape[1]!;
      const shape = this.average === 'micro' ? [] : [classes];
      // Keras' order: true_positives, false_positives, false_negatives, intermediate_weights.
      const c = (this.counts ??= {
        tp: this.addVariable(shape, 'true_positives'),
        fp: this.addVariable(shape, 'false_positives'),
        fn: this.addVariable(shape, 'false_negatives'),
        support: this.addVariable(shape, 'intermediate_weights'),
      });
      if (this.average !== 'micro' && c.tp.shape[0] !== classes) {
        throw new Error(`${op}: the metric was built for ${c.tp.shape[0]} classes, got y_pred of shape ${shapeText(p.shape)}.`);
      }
      if (this.threshold === null) {
        // The sample's largest predictions; `|p| > 1e-9` keeps an all-zero row all negative.
        const largest = gen.reduceMax(p, -1, true);
        p = cast(gen.logicalAnd(gen.greaterEqual(p, largest), gen.greater(gen.abs(p), 1e-9)), this.dtype);
      } else {
        p = cast(gen.greater(p, this.threshold), this.dtype);
      }
      let w: Tensor | null = null;
      if (sampleWeight !== undefined && sampleWeight !== null) {
        w = asDType(sampleWeight, this.dtype, op);
        if (w.rank > 1) throw new Error(`${op}: sampleWeight must hold one weight per sample (rank 1), got shape ${shapeText(w.shape)}.`);
        if (w.rank === 1) w = expandLast(w);
      }
      const weightedSum = (x: Tensor): Tensor => {
        const v = w === null ? x : gen.mul(x, w);
        return this.average === 'micro' ? gen.reduceSum(v) : gen.reduceSum(v, 0);
      };
      const notTrue = gen.sub(1, t);
      c.tp.assignAdd(weightedSum(gen.mul(p, t)));
      c.fp.assignAdd(weightedSum(gen.mul(p, notTrue)));
      c.fn.assignAdd(weightedSum(gen.mul(gen.sub(1, p), t)));
      c.support.assignAdd(weightedSum(t));
    });
  }

  /** The score: one per class (`average` null) or one number. */
  result(): Tensor {
    const op = qualified(this.className);
    const c = this.counts;
    if (c === null) throw new Error(`${op}: result() before any updateState: the number of classes is not known yet.`);
    return composed(op, () => {
      const b2 = this.beta * this.beta;
      const precision = gen.div(c.tp, gen.add(gen.add(c.tp, c.fp), kerasEpsilon()));
      const recall = gen.div(c.tp, gen.add(gen.add(c.tp, c.fn), kerasEpsilon()));
      const harmonic = gen.div(gen.mul(precision, recall), gen.add(gen.add(gen.mul(precision, b2), recall), kerasEpsilon()));
      const score = gen.mul(harmonic, 1 + b2);
      if (this.average === 'weighted') {
        const weights = gen.div(c.support, gen.add(gen.reduceSum(c.support), kerasEpsilon()));
        return gen.reduceSum(gen.mul(score, weights));
      }
      return this.average === null ? score : reduceMean(score);
    });
  }

  /** `{name, dtype, average, beta, threshold}`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}

/** Keras 3's positional arguments of F1Score, in its order. */
type F1ScorePositional = [
  average?: F1ScoreOptions['average'], threshold?: number | null, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.F1Score: FBetaScore with β = 1, the harmonic mean 2·P·R / (P + R) of precision
 * and recall per class, combined by `average`.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.F1Score({ threshold: 0.5 });
 * m.updateState([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0]]);
 * console.log(Array.from(m.result().dataSync(), (x) => x.toFixed(4))); // [ '0.5000', '0.8000', '0.6667' ]
 * ```
 */
export class F1Score extends FBetaScore {
  /** @param options `average`, `threshold`, `name` (default `'f1_score'`) and `dtype`. */
  /** Keras 3's positional form, `F1Score(average, threshold, name, dtype)`. */
  constructor(...positional: F1ScorePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<F1ScorePositional, F1ScoreOptions>);
  constructor(options?: F1ScoreOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<F1ScoreOptions>('F1Score', args, ['average', 'threshold', 'name', 'dtype']);
    super({ ...metricOptions('F1Score', options, ['average', 'threshold']), beta: 1 }, 'f1_score', 'F1Score');
  }
  /** `{name, dtype, average, threshold}` (Keras' config has no beta). */
  override getConfig(): Record<string, unknown> {
    const { beta: _beta, ...config } = super.getConfig();
    return config;
  }
}

// ---------------------------------------------------------------------------
// Intersection over union
// ---------------------------------------------------------------------------

/** Options every IoU metric takes beside its own. */
interface IoUCommonOptions extends MetricOptions {
  /** The number of classes: the confusion matrix is [numClasses, numClasses]. */
  numClasses: number;
  /** Entries whose label is this class are left out (default null: none). */
  ignoreClass?: number | null;
  /** Whether `yPred` holds class ids (true) or scores whose argmax over `axis` is the class. */
  sparseYPred?: boolean;
  /** The class axis of scores (default -1). */
  axis?: number;
}

/** Options of `new tf.keras.metrics.IoU(options)`. */
export interface IoUOptions extends IoUCommonOptions {
  /** The classes whose IoUs are averaged (one gives that class's IoU). */
  targetClassIds: readonly number[];
  /** Whether `yTrue` holds class ids (true, the default) or one-hot rows whose argmax over `axis` is the class. */
  sparseYTrue?: boolean;
}

/** Options of `new tf.keras.metrics.MeanIoU(options)`. */
export interface MeanIoUOptions extends IoUCommonOptions {
  /** Whether `yTrue` holds class ids (true, the default) or one-hot rows whose argmax over `axis` is the class. */
  sparseYTrue?: boolean;
}

/** Options of `new tf.keras.metrics.OneHotIoU(options)`. */
export interface OneHotIoUOptions extends IoUCommonOptions {
  /** The classes whose IoUs are averaged (one gives that class's IoU). */
  targetClassIds: readonly number[];
}

/** Options of `new tf.keras.metrics.OneHotMeanIoU(options)`. */
export type OneHotMeanIoUOptions = IoUCommonOptions;

/** Options of `new tf.keras.metrics.BinaryIoU(options)`. */
export interface BinaryIoUOptions extends MetricOptions {
  /** The classes (0, 1 or both, the default) whose IoUs are averaged. */
  targetClassIds?: readonly number[];
  /** Predictions at or above it are class 1, below it class 0 (default 0.5). */
  threshold?: number;
}

/** The settings of the IoU base class, every option parsed. */
interface IoUSettings extends MetricOptions {
  numClasses: number;
  targetClassIds: readonly number[];
  ignoreClass: number | null;
  sparseYTrue: boolean;
  sparseYPred: boolean;
  axis: number;
}

/** IoU's options checked (`sparseYTrue` and `targetClassIds` as given when a subclass fixes them). */
function iouSettings(cls: string, o: Partial<IoUOptions>, fixed: { targetClassIds?: readonly number[]; sparseYTrue?: boolean; sparseYPred?: boolean } = {}): IoUSettings {
  const op = qualified(cls);
  const n = o.numClasses;
  if (!Number.isInteger(n) || n! <= 0) throw new Error(`${op}: numClasses must be a positive integer, got ${describe(n)}.`);
  const ids = fixed.targetClassIds ?? o.targetClassIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => !Number.isInteger(id))) {
    throw new Error(`${op}: targetClassIds must be a non-empty array of class ids, got ${describe(ids)}.`);
  }
  const outside = ids.find((id: number) => id < 0 || id >= n!);
  if (outside !== undefined) throw new Error(`${op}: Target class id ${outside} is out of range, which is [0, ${n}).`);
  const ignoreClass = o.ignoreClass ?? null;
  if (ignoreClass !== null && !Number.isInteger(ignoreClass)) throw new Error(`${op}: ignoreClass must be an integer or null, got ${describe(ignoreClass)}.`);
  const axis = o.axis ?? -1;
  if (!Number.isInteger(axis)) throw new Error(`${op}: axis must be an integer, got ${describe(o.axis)}.`);
  return {
    name: o.name,
    // Keras' IoU metrics default to float32 whatever floatx is (their confusion matrix's dtype).
    dtype: o.dtype ?? 'float32',
    numClasses: n!,
    targetClassIds: ids.slice(),
    ignoreClass,
    sparseYTrue: fixed.sparseYTrue ?? checkBoolean(o.sparseYTrue, op, 'sparseYTrue', true),
    sparseYPred: fixed.sparseYPred ?? checkBoolean(o.sparseYPred, op, 'sparseYPred', true),
    axis,
  };
}

/** Keras 3's orders of IoU's and MeanIoU's arguments. */
const IOU_POSITIONAL = ['numClasses', 'targetClassIds', 'name', 'dtype', 'ignoreClass', 'sparseYTrue', 'sparseYPred', 'axis'];
const MEAN_IOU_POSITIONAL = ['numClasses', 'name', 'dtype', 'ignoreClass', 'sparseYTrue', 'sparseYPred', 'axis'];

/** Keras 3's positional arguments of IoU after numClasses and targetClassIds (of MeanIoU after numClasses), in its order. */
type IoUPositional = [name?: string | null, dtype?: FloatDType | null, ignoreClass?: number | null, sparseYTrue?: boolean, sparseYPred?: boolean, axis?: number];

/**
 * keras.metrics.IoU: intersection over union, tp / (tp + fp + fn) per class, from a confusion
 * matrix (rows the true class, columns the predicted one) of the weighted counts over every
 * batch, averaged over `targetClassIds`: Σ tp / (tp + fp + fn + ε) over the targets divided by
 * the number of targets whose tp + fp + fn > 1e-9 (plus ε). Labels and predictions are class ids
 * (argmaxes over `axis` when not sparse), flattened, truncated to integers; entries labeled
 * `ignoreClass` are left out, and ids outside [0, numClasses) are dropped (as Keras on JAX
 * drops them; TensorFlow's scatter raises). The state is float32 whatever floatx is, as in Keras
 * 3 before its integer confusion matrix (which truncates float weights); `dtype: 'float64'`
 * counts exactly past 2^24.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.IoU({ numClasses: 2, targetClassIds: [0] });
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * ```
 */
export class IoU extends Metric {
  /** The number of classes. */
  readonly numClasses: number;
  /** The classes whose IoUs are averaged. */
  readonly targetClassIds: readonly number[];
  /** The class whose entries are left out (null: none). */
  readonly ignoreClass: number | null;
  /** Whether `yTrue` holds class ids (else its argmax over `axis` is taken). */
  readonly sparseYTrue: boolean;
  /** Whether `yPred` holds class ids (else its argmax over `axis` is taken). */
  readonly sparseYPred: boolean;
  /** The class axis of scores. */
  readonly axis: number;
  /** The confusion matrix, [numClasses, numClasses]: rows the true class, columns the predicted one. */
  protected readonly totalConfusionMatrix: Variable;

  /** Keras 3's positional form, `IoU(num_classes, target_class_ids, name, dtype, ignore_class,
   * sparse_y_true, sparse_y_pred, axis)`: `new IoU(2, [0])`. */
  constructor(numClasses: number, targetClassIds: readonly number[], ...positional: IoUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(numClasses: number, targetClassIds: readonly number[], ...positionalThenOptions: PositionalThenOptions<IoUPositional, Omit<IoUOptions, 'numClasses' | 'targetClassIds'>>);
  /**
   * @param options `numClasses`, `targetClassIds`, `ignoreClass`, `sparseYTrue`, `sparseYPred`,
   * `axis`, `name` (default `'io_u'`, Keras' snake_case of the class name) and `dtype` (default
   * float32).
   * @param className The class name errors print (subclasses give theirs).
   */
  constructor(options: IoUOptions, className?: string);
  constructor(...args: unknown[]) {
    // (A subclass passes its checked settings and its class name.)
    const own = new.target === IoU;
    const settings = own
      ? iouSettings('IoU', metricOptions('IoU', metricArguments<IoUOptions>('IoU', args, IOU_POSITIONAL, ['ignoreClass']), ['numClasses', 'targetClassIds', 'ignoreClass', 'sparseYTrue', 'sparseYPred', 'axis']))
      : (args[0] as IoUSettings);
    super(settings, undefined, own ? 'IoU' : ((args[1] as string | undefined) ?? new.target.name));
    this.numClasses = settings.numClasses;
    this.targetClassIds = settings.targetClassIds.slice();
    this.ignoreClass = settings.ignoreClass ?? null;
    this.sparseYTrue = settings.sparseYTrue ?? true;
    this.sparseYPred = settings.sparseYPred ?? true;
    this.axis = settings.axis ?? -1;
    this.totalConfusionMatrix = this.addVariable([this.numClasses, this.numClasses], 'total_confusion_matrix');
  }

  /** Adds the batch's weighted (label, prediction) pairs to the confusion matrix. */
  updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    const op = qualified(this.className);
    if (yPred === undefined) throw new Error(`${op}: updateState takes (yTrue, yPred, sampleWeight?); yPred is missing.`);
    this.update(() => this.accumulate(toTensor(yTrue, undefined, op), toTensor(yPred, undefined, op), sampleWeight));
  }

  /** _IoUBase.update_state: class ids (argmaxes of dense inputs) flattened, weights flattened and
   * broadcast to them, `ignoreClass` entries zeroed with their weights, the pairs counted. */
  protected accumulate(yTrue: Tensor, yPred: Tensor, sampleWeight: TensorLike | undefined): void {
    const op = qualified(this.className);
    let t = this.sparseYTrue ? yTrue : gen.argmax(yTrue, this.axis);
    let p = this.sparseYPred ? yPred : gen.argmax(yPred, this.axis);
    t = reshape(cast(t, this.dtype), [-1]);
    p = reshape(cast(p, this.dtype), [-1]);
    if (t.shape[0] !== p.shape[0]) throw new Error(`${op}: yTrue and yPred must hold as many class ids, got ${t.shape[0]} and ${p.shape[0]}.`);
    let w = asDType(sampleWeight ?? 1, this.dtype, op);
    if (w.rank > 1) w = reshape(w, [-1]);
    if (w.rank === 1 && w.shape[0] !== 1 && w.shape[0] !== t.shape[0]) {
      throw new Error(`${op}: sampleWeight must give one weight per class id (${t.shape[0]}) once flattened, got ${w.shape[0]}.`);
    }
    w = broadcastTo(w, t.shape);
    if (this.ignoreClass !== null) {
      // Keras zeroes the ignored entries' ids and weights: they count as (0, 0) with weight 0.
      const valid = cast(gen.notEqual(t, this.ignoreClass), this.dtype);
      t = gen.mul(t, valid);
      p = gen.mul(p, valid);
      w = gen.mul(w, valid);
    }
    // Keras' confusion_matrix scatters weight w_k to [t_k, p_k] (ids cast to integers): as a
    // matrix product, onehot(t)ᵀ · (onehot(p) · w). One-hot rows of ids out of range are zero.
    const n = this.numClasses;
    const trueRows = oneHot(cast(t, 'int32'), n, { dtype: this.dtype });
    const predRows = gen.mul(oneHot(cast(p, 'int32'), n, { dtype: this.dtype }), expandLast(w));
    this.totalConfusionMatrix.assignAdd(matmul(trueRows, predRows, true, false));
  }

  /** The mean IoU of the target classes (those whose tp + fp + fn is 0 not counted). */
  result(): Tensor {
    return composed(qualified(this.className), () => {
      const cm = this.totalConfusionMatrix;
      const tp = diagPart(cm);
      // Row sums + column sums = 2·tp + fp + fn.
      const union = gen.sub(gen.add(gen.reduceSum(cm, 0), gen.reduceSum(cm, 1)), tp);
      const ids = constant(this.targetClassIds.slice(), 'int32');
      const targetTp = gather(tp, ids);
      const targetUnion = gather(union, ids);
      const valid = gen.reduceSum(cast(gen.greater(targetUnion, 1e-9), this.dtype));
      const iou = gen.div(targetTp, gen.add(targetUnion, kerasEpsilon()));
      // (Keras sums over `axis`; the IoUs are one vector, so over it whatever the axis.)
      return gen.div(gen.reduceSum(iou), gen.add(valid, kerasEpsilon()));
    });
  }

  /** `{name, dtype, numClasses, targetClassIds, ignoreClass, sparseYTrue, sparseYPred, axis}`. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      targetClassIds: this.targetClassIds.slice(),
      ignoreClass: this.ignoreClass,
      sparseYTrue: this.sparseYTrue,
      sparseYPred: this.sparseYPred,
      axis: this.axis,
    };
  }
}

/** Keras 3's positional arguments of BinaryIoU, in its order. */
type BinaryIoUPositional = [
  targetClassIds?: readonly number[], threshold?: number, name?: string | null, dtype?: FloatDType | null,
];

/**
 * keras.metrics.BinaryIoU: IoU of two classes where predictions at or above `threshold` (default
 * 0.5) are class 1 and the others class 0, averaged over `targetClassIds` (default both).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 });
 * m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * m.resetState();
 * m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], [0.2, 0.3, 0.4, 0.1]);
 * console.log(m.result().item().toFixed(4)); // 0.1736
 * ```
 */
export class BinaryIoU extends IoU {
  /** Predictions at or above it are class 1. */
  readonly threshold: number;
  /** Keras 3's positional form, `BinaryIoU(target_class_ids, threshold, name, dtype)`: `new BinaryIoU([1], 0.3)`. */
  constructor(...positional: BinaryIoUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BinaryIoUPositional, BinaryIoUOptions>);
  /** @param options `targetClassIds` (default [0, 1]), `threshold` (default 0.5), `name` (default `'binary_io_u'`) and `dtype` (default float32). */
  constructor(options?: BinaryIoUOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<BinaryIoUOptions>('BinaryIoU', args, ['targetClassIds', 'threshold', 'name', 'dtype']);
    const o = metricOptions('BinaryIoU', options, ['targetClassIds', 'threshold']);
    const threshold = o.threshold ?? 0.5;
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new Error(`keras.metrics.BinaryIoU: threshold must be a number, got ${describe(o.threshold)}.`);
    super(iouSettings('BinaryIoU', { name: o.name, dtype: o.dtype, numClasses: 2 }, { targetClassIds: o.targetClassIds ?? [0, 1] }) as IoUOptions, 'BinaryIoU');
    this.threshold = threshold;
  }
  protected override accumulate(yTrue: Tensor, yPred: Tensor, sampleWeight: TensorLike | undefined): void {
    super.accumulate(yTrue, cast(gen.greaterEqual(cast(yPred, this.dtype), this.threshold), this.dtype), sampleWeight);
  }
  /** `{targetClassIds, threshold, name, dtype}`. */
  override getConfig(): Record<string, unknown> {
    return { targetClassIds: this.targetClassIds.slice(), threshold: this.threshold, name: this.name, dtype: this.dtype };
  }
}

/**
 * keras.metrics.MeanIoU: the IoU averaged over every class (those never seen in the labels or
 * the predictions not counted).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.MeanIoU({ numClasses: 2 });
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
 * console.log(m.result().item().toFixed(4)); // 0.3333
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
 * console.log(m.result().item().toFixed(4)); // 0.2381
 * ```
 */
export class MeanIoU extends IoU {
  /** Keras 3's positional form, `MeanIoU(num_classes, name, dtype, ignore_class, sparse_y_true,
   * sparse_y_pred, axis)`: `new MeanIoU(3)`. */
  constructor(numClasses: number, ...positional: IoUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(numClasses: number, ...positionalThenOptions: PositionalThenOptions<IoUPositional, Omit<MeanIoUOptions, 'numClasses'>>);
  /**
   * @param options `numClasses`, `ignoreClass`, `sparseYTrue`, `sparseYPred`, `axis`, `name`
   * (default `'mean_io_u'`) and `dtype` (default float32).
   * @param className The class name errors print (subclasses give theirs).
   */
  constructor(options: MeanIoUOptions, className?: string);
  constructor(...args: unknown[]) {
    // (A subclass passes its checked settings and its class name.)
    const own = new.target === MeanIoU;
    const settings = own
      ? meanIoUSettings('MeanIoU', metricOptions('MeanIoU', metricArguments<MeanIoUOptions>('MeanIoU', args, MEAN_IOU_POSITIONAL, ['ignoreClass']), ['numClasses', 'ignoreClass', 'sparseYTrue', 'sparseYPred', 'axis']))
      : (args[0] as IoUSettings);
    super(settings as IoUOptions, own ? 'MeanIoU' : ((args[1] as string | undefined) ?? new.target.name));
  }
  /** `{numClasses, name, dtype, ignoreClass, sparseYTrue, sparseYPred, axis}`. */
  override getConfig(): Record<string, unknown> {
    const { targetClassIds: _ids, ...config } = super.getConfig();
    return config;
  }
}

/** MeanIoU's settings: every class a target. */
function meanIoUSettings(cls: string, o: Partial<MeanIoUOptions>, fixed: { sparseYTrue?: boolean } = {}): IoUSettings {
  const n = o.numClasses;
  const every = Number.isInteger(n) && n! > 0 ? Array.from({ length: n! }, (_, i) => i) : [];
  return iouSettings(cls, o, { ...fixed, targetClassIds: every });
}

/** Keras 3's positional arguments of OneHotIoU after its required ones, in its order. */
type OneHotIoUPositional = [
  name?: string | null, dtype?: FloatDType | null, ignoreClass?: number | null, sparseYPred?: boolean, axis?: number,
];

/**
 * keras.metrics.OneHotIoU: IoU for one-hot labels (their argmax over `axis` is the class) and
 * scores (argmax too, unless `sparseYPred`), averaged over `targetClassIds`.
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] });
 * const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
 * const yPred = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]];
 * m.updateState(yTrue, yPred, [0.1, 0.2, 0.3, 0.4]);
 * console.log(m.result().item().toFixed(4)); // 0.0714
 * ```
 */
export class OneHotIoU extends IoU {
  /** Keras 3's positional form, `OneHotIoU(num_classes, target_class_ids, name, dtype,
   * ignore_class, sparse_y_pred, axis)`: `new OneHotIoU(3, [0, 2])`. */
  constructor(numClasses: number, targetClassIds: readonly number[], ...positional: OneHotIoUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(numClasses: number, targetClassIds: readonly number[], ...positionalThenOptions: PositionalThenOptions<OneHotIoUPositional, Omit<OneHotIoUOptions, 'numClasses' | 'targetClassIds'>>);
  /** @param options `numClasses`, `targetClassIds`, `ignoreClass`, `sparseYPred` (default false), `axis`, `name` (default `'one_hot_io_u'`) and `dtype` (default float32). */
  constructor(options: OneHotIoUOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<OneHotIoUOptions>('OneHotIoU', args, ['numClasses', 'targetClassIds', 'name', 'dtype', 'ignoreClass', 'sparseYPred', 'axis'], ['ignoreClass']);
    const o = metricOptions('OneHotIoU', options, ['numClasses', 'targetClassIds', 'ignoreClass', 'sparseYPred', 'axis']);
    super(iouSettings('OneHotIoU', { ...o, sparseYPred: o.sparseYPred ?? false }, { sparseYTrue: false }) as IoUOptions, 'OneHotIoU');
  }
  /** `{numClasses, targetClassIds, name, dtype, ignoreClass, sparseYPred, axis}`. */
  override getConfig(): Record<string, unknown> {
    const { sparseYTrue: _sparse, ...config } = super.getConfig();
    return config;
  }
}

/** Keras 3's positional arguments of OneHotMeanIoU after its required ones, in its order. */
type OneHotMeanIoUPositional = [
  name?: string | null, dtype?: FloatDType | null, ignoreClass?: number | null, sparseYPred?: boolean, axis?: number,
];

/**
 * keras.metrics.OneHotMeanIoU: MeanIoU for one-hot labels and scores (argmaxes over `axis`).
 *
 * @example
 * ```ts
 * const m = new tf.keras.metrics.OneHotMeanIoU({ numClasses: 3 });
 * const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
 * const yPred = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]];
 * m.updateState(yTrue, yPred, [0.1, 0.2, 0.3, 0.4]);
 * console.log(m.result().item().toFixed(4)); // 0.0476
 * ```
 */
export class OneHotMeanIoU extends MeanIoU {
  /** Keras 3's positional form, `OneHotMeanIoU(num_classes, name, dtype, ignore_class,
   * sparse_y_pred, axis)`: `new OneHotMeanIoU(3)`. */
  constructor(numClasses: number, ...positional: OneHotMeanIoUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(numClasses: number, ...positionalThenOptions: PositionalThenOptions<OneHotMeanIoUPositional, Omit<OneHotMeanIoUOptions, 'numClasses'>>);
  /** @param options `numClasses`, `ignoreClass`, `sparseYPred` (default false), `axis`, `name` (default `'one_hot_mean_io_u'`) and `dtype` (default float32). */
  constructor(options: OneHotMeanIoUOptions);
  constructor(...args: unknown[]) {
    const options = metricArguments<OneHotMeanIoUOptions>('OneHotMeanIoU', args, ['numClasses', 'name', 'dtype', 'ignoreClass', 'sparseYPred', 'axis'], ['ignoreClass']);
    const o = metricOptions('OneHotMeanIoU', options, ['numClasses', 'ignoreClass', 'sparseYPred', 'axis']);
    super(meanIoUSettings('OneHotMeanIoU', { ...o, sparseYPred: o.sparseYPred ?? false }, { sparseYTrue: false }) as MeanIoUOptions, 'OneHotMeanIoU');
  }
  /** `{numClasses, name, dtype, ignoreClass, sparseYPred, axis}`. */
  override getConfig(): Record<string, unknown> {
    const { sparseYTrue: _sparse, ...config } = super.getConfig();
    return config;
  }
}

// ---------------------------------------------------------------------------
// get / serialize / deserialize
// ---------------------------------------------------------------------------

/** A metric as data: its class's name and its getConfig() options. */
export interface SerializedMetric {
  /** The class's name ('Precision'). */
  className: string;
  /** Its getConfig() options. */
  config: Record<string, unknown>;
}

/** A metric class; some need options (IoU's numClasses, PrecisionAtRecall's recall): made without them, they throw. */
type MetricClassConstructor = new (options: never) => Metric;

/** The classes `get` and `deserialize` know (Keras' ALL_OBJECTS of those gradtape has). */
const CLASSES: Record<string, MetricClassConstructor> = {
  Mean, Sum, MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, R2Score, Precision, Recall, AUC, Hinge, SquaredHinge,
  CategoricalHinge, KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
  TruePositives, FalsePositives, TrueNegatives, FalseNegatives, PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity,
  SpecificityAtSensitivity, F1Score, FBetaScore, IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU, PearsonCorrelation,
  ConcordanceCorrelation,
};

/** Keras' ALL_OBJECTS_DICT: each class under its name and its snake_case name, and the short aliases. */
const BY_NAME: Record<string, MetricClassConstructor> = {
  ...CLASSES,
  ...Object.fromEntries(Object.entries(CLASSES).map(([name, C]) => [toSnakeCase(name), C])),
  bce: BinaryCrossentropy, BCE: BinaryCrossentropy, mse: MeanSquaredError, MSE: MeanSquaredError,
  mae: MeanAbsoluteError, MAE: MeanAbsoluteError, mape: MeanAbsolutePercentageError, MAPE: MeanAbsolutePercentageError,
  msle: MeanSquaredLogarithmicError, MSLE: MeanSquaredLogarithmicError,
};

/**
 * keras.metrics.serialize(metric): `{className, config}`, the class's name and the options that
 * make another like it (its state is not in it).
 *
 * @example
 * ```ts
 * const s = tf.keras.metrics.serialize(new tf.keras.metrics.BinaryAccuracy({ threshold: 0.7 }));
 * console.log(s.className, s.config.threshold); // BinaryAccuracy 0.7
 * ```
 */
export function serialize(metric: Metric): SerializedMetric {
  const entry = metric instanceof Metric ? Object.entries(CLASSES).find(([, C]) => Object.getPrototypeOf(metric) === C.prototype) : undefined;
  if (entry === undefined) throw new Error(`keras.metrics.serialize: expected one of gradtape's Keras metrics (${Object.keys(CLASSES).join(', ')}), got ${describe(metric)}.`);
  return { className: entry[0], config: metric.getConfig() };
}

/** keras.metrics.deserialize({className, config}): a new metric of that class (Keras' class or
 * snake_case name) with those options. */
export function deserialize(serialized: SerializedMetric): Metric {
  if (!isPlainObject(serialized) || !isPlainObject(serialized.config ?? {})) {
    throw new Error(`keras.metrics.deserialize: expected {className, config}, got ${describe(serialized)}.`);
  }
  const name = serialized.className;
  const Cls = typeof name === 'string' && Object.prototype.hasOwnProperty.call(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (Cls === undefined) throw new Error(`keras.metrics.deserialize: unknown metric class ${describe(name)}; one of ${Object.keys(CLASSES).join(', ')}.`);
  return new Cls({ ...(serialized.config ?? {}) } as never);
}

/**
 * keras.metrics.get(identifier): null for null; a metric object or a function as it is; a name
 * (Keras' class name, its snake_case form, or an alias such as 'mse', 'bce') as a new metric with
 * the defaults; `{className, config}` deserialized.
 *
 * @example
 * ```ts
 * const m = tf.keras.metrics.get('sparse_categorical_accuracy') as tf.keras.metrics.Metric;
 * console.log(m.name, m instanceof tf.keras.metrics.SparseCategoricalAccuracy); // sparse_categorical_accuracy true
 * ```
 */
export function get(identifier: Metric | MetricFunction | string | SerializedMetric | null | undefined): Metric | MetricFunction | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Metric || typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string') {
    const Cls = Object.prototype.hasOwnProperty.call(BY_NAME, identifier) ? BY_NAME[identifier] : undefined;
    if (Cls === undefined) throw new Error(`keras.metrics.get: Could not interpret metric identifier: ${identifier}`);
    return new (Cls as new () => Metric)();
  }
  if (isPlainObject(identifier)) return deserialize(identifier as unknown as SerializedMetric);
  throw new Error(`keras.metrics.get: Could not interpret metric identifier: ${describe(identifier)}`);
}

// The classes under distinct names, for the type namespaces in index.ts (see losses.ts).
export type MetricClass = Metric;
export type MeanClass = Mean;
export type SumClass = Sum;
export type MeanMetricWrapperClass = MeanMetricWrapper;
export type MeanSquaredErrorClass = MeanSquaredError;
export type RootMeanSquaredErrorClass = RootMeanSquaredError;
export type MeanAbsoluteErrorClass = MeanAbsoluteError;
export type MeanAbsolutePercentageErrorClass = MeanAbsolutePercentageError;
export type MeanSquaredLogarithmicErrorClass = MeanSquaredLogarithmicError;
export type LogCoshErrorClass = LogCoshError;
export type CosineSimilarityClass = CosineSimilarity;
export type R2ScoreClass = R2Score;
export type AccuracyClass = Accuracy;
export type BinaryAccuracyClass = BinaryAccuracy;
export type CategoricalAccuracyClass = CategoricalAccuracy;
export type SparseCategoricalAccuracyClass = SparseCategoricalAccuracy;
export type TopKCategoricalAccuracyClass = TopKCategoricalAccuracy;
export type SparseTopKCategoricalAccuracyClass = SparseTopKCategoricalAccuracy;
export type BinaryCrossentropyClass = BinaryCrossentropy;
export type CategoricalCrossentropyClass = CategoricalCrossentropy;
export type SparseCategoricalCrossentropyClass = SparseCategoricalCrossentropy;
export type KLDivergenceClass = KLDivergence;
export type PoissonClass = Poisson;
export type HingeClass = Hinge;
export type SquaredHingeClass = SquaredHinge;
export type CategoricalHingeClass = CategoricalHinge;
export type PrecisionClass = Precision;
export type RecallClass = Recall;
export type AUCClass = AUC;
export type TruePositivesClass = TruePositives;
export type FalsePositivesClass = FalsePositives;
export type TrueNegativesClass = TrueNegatives;
export type FalseNegativesClass = FalseNegatives;
export type PrecisionAtRecallClass = PrecisionAtRecall;
export type RecallAtPrecisionClass = RecallAtPrecision;
export type SensitivityAtSpecificityClass = SensitivityAtSpecificity;
export type SpecificityAtSensitivityClass = SpecificityAtSensitivity;
export type FBetaScoreClass = FBetaScore;
export type F1ScoreClass = F1Score;
export type IoUClass = IoU;
export type BinaryIoUClass = BinaryIoU;
export type MeanIoUClass = MeanIoU;
export type OneHotIoUClass = OneHotIoU;
export type OneHotMeanIoUClass = OneHotMeanIoU;
export type PearsonCorrelationClass = PearsonCorrelation;
export type ConcordanceCorrelationClass = ConcordanceCorrelation;
