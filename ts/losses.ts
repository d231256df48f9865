// tf.keras.losses: Keras 3's loss functions and classes (keras/src/losses/losses.py, loss.py and
// the TensorFlow backend's crossentropies), with Keras' formulas: the clipping epsilon 1e-7 for
// probabilities, label smoothing, the stable TensorFlow forms for logits, and Keras' reductions.
//
// The functions (`meanSquaredError(yTrue, yPred)`) return one loss per sample (reduced over the
// last axis). The classes (`new MeanSquaredError()`) are Keras' Loss objects: `call(yTrue, yPred,
// sampleWeight?)` is what Python spells `loss(y_true, y_pred, sample_weight)`: the inputs are
// converted to the loss's dtype (floatx by default), the per-sample losses weighted and reduced.

import { normalizeAxis } from './call';
import { expandLast, sameShape, shapeText, squeezeLast } from './composite';
import { constant, toTensor } from './creation';
import { checkBoolean, checkOptions, describe } from './describe';
import { getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import * as nn from './nn';
import { cast, reduceMean, renamedCall, reshape, where } from './ops';
import { clipByValue } from './reductions';
import type { Tensor, TensorLike } from './tensor';

/** keras.backend.epsilon(): the clipping margin for probabilities and divisors. */
const EPSILON = 1e-7;

const op = (name: string): string => `keras.losses.${name}`;

/** `y_pred` as a tensor and `y_true` converted (cast) to its dtype, as Keras' losses start. */
export function predAndTrue(name: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const p = toTensor(yPred, undefined, op(name));
  return [cast(toTensor(yTrue, p.dtype, op(name)), p.dtype), p];
}

/**
 * Keras' squeeze_or_expand_to_same_rank: when the ranks differ by one and the longer has a last
 * axis of size 1, that axis is squeezed, or, when the other is rank 1 (and `expandRank1`), a last
 * axis is added to it.
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  if (x1.rank === x2.rank + 1 && x1.shape[x1.rank - 1] === 1) {
    return x2.rank === 1 && expandRank1 ? [x1, expandLast(x2)] : [squeezeLast(x1), x2];
  }
  if (x2.rank === x1.rank + 1 && x2.shape[x2.rank - 1] === 1) {
    return x1.rank === 1 && expandRank1 ? [expandLast(x1), x2] : [x1, squeezeLast(x2)];
  }
  return [x1, x2];
}

/** Both as Keras' regression losses take them: same dtype, ranks reconciled. */
function regressionInputs(name: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t, p] = predAndTrue(name, yTrue, yPred);
  return squeezeOrExpandToSameRank(t, p);
}

/** keras.losses.mean_squared_error: mean((y_true - y_pred)², axis=-1). */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanSquaredError', yTrue, yPred);
  return renamedCall(op('meanSquaredError'), () => reduceMean(gen.square(gen.sub(t, p)), -1));
}

/** keras.losses.mean_absolute_error: mean(|y_true - y_pred|, axis=-1). */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanAbsoluteError', yTrue, yPred);
  return renamedCall(op('meanAbsoluteError'), () => reduceMean(gen.abs(gen.sub(t, p)), -1));
}

/** keras.losses.mean_absolute_percentage_error: 100 · mean(|y_true - y_pred| / max(|y_true|, ε), axis=-1). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanAbsolutePercentageError', yTrue, yPred);
  return renamedCall(op('meanAbsolutePercentageError'), () => {
    const diff = gen.abs(gen.div(gen.sub(t, p), gen.maximum(gen.abs(t), EPSILON)));
    return gen.mul(reduceMean(diff, -1), 100);
  });
}

/** keras.losses.mean_squared_logarithmic_error: mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))², axis=-1). */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanSquaredLogarithmicError', yTrue, yPred);
  return renamedCall(op('meanSquaredLogarithmicError'), () => {
    const firstLog = gen.log(gen.add(gen.maximum(p, EPSILON), 1));
    const secondLog = gen.log(gen.add(gen.maximum(t, EPSILON), 1));
    return reduceMean(gen.square(gen.sub(firstLog, secondLog)), -1);
  });
}

/** Keras' ops.normalize(x, axis, order=2): x · min(rsqrt(Σx²), 1/ε), so a zero vector stays 0. */
function normalize(x: Tensor, axis: number): Tensor {
  const t = x.rank === 0 ? reshape(x, [1]) : x;
  const inv = gen.minimum(gen.rsqrt(gen.reduceSum(gen.square(t), axis, true)), 1 / EPSILON);
  return gen.mul(t, inv);
}

/** keras.losses.cosine_similarity(y_true, y_pred, axis=-1): -Σ normalize(y_true)·normalize(y_pred). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  const [t, p] = regressionInputs('cosineSimilarity', yTrue, yPred);
  return renamedCall(op('cosineSimilarity'), () => gen.neg(gen.reduceSum(gen.mul(normalize(t, axis), normalize(p, axis)), axis)));
}

/** keras.losses.huber(y_true, y_pred, delta=1): mean of ½e² where |e| <= delta, delta·|e| - ½delta² elsewhere (e = y_pred - y_true). */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  if (typeof delta !== 'number') throw new Error(`${op('huber')}: delta must be a number, got ${describe(delta)}.`);
  const [t, p] = regressionInputs('huber', yTrue, yPred);
  return renamedCall(op('huber'), () => {
    const error = gen.sub(p, t);
    const absError = gen.abs(error);
    const quadratic = gen.mul(gen.square(error), 0.5);
    const linear = gen.sub(gen.mul(absError, delta), 0.5 * delta * delta);
    return reduceMean(where(gen.lessEqual(absError, delta), quadratic, linear), -1);
  });
}

/** keras.losses.log_cosh: mean(log(cosh(e)), axis=-1), as e + softplus(-2e) - log 2 (no overflow). */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('logCosh', yTrue, yPred);
  return renamedCall(op('logCosh'), () => {
    const e = gen.sub(p, t);
    return reduceMean(gen.sub(gen.add(e, gen.softplus(gen.mul(e, -2))), Math.LN2), -1);
  });
}

/** keras.losses.kl_divergence: Σ y_true · log(y_true / y_pred) over the last axis, both clipped to [ε, 1]. */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = predAndTrue('klDivergence', yTrue, yPred);
  return renamedCall(op('klDivergence'), () => {
    const t = clipByValue(t0, EPSILON, 1);
    const p = clipByValue(p0, EPSILON, 1);
    return gen.reduceSum(gen.mul(t, gen.log(gen.div(t, p))), -1);
  });
}

/** keras.losses.poisson: mean(y_pred - y_true · log(y_pred + ε), axis=-1). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = predAndTrue('poisson', yTrue, yPred);
  return renamedCall(op('poisson'), () => reduceMean(gen.sub(p, gen.mul(t, gen.log(gen.add(p, EPSILON)))), -1));
}

/** keras.losses.hinge: mean(max(1 - y_true · y_pred, 0), axis=-1); labels that are all 0 or 1
 * are first mapped to -1 and 1. */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p] = predAndTrue('hinge', yTrue, yPred);
  return renamedCall(op('hinge'), () => reduceMean(gen.maximum(gen.sub(1, gen.mul(signedLabels(t0), p)), 0), -1));
}

/** Keras' convert_binary_labels_to_hinge: labels that are all 0 or 1 become -1 and 1; others stay. */
export function signedLabels(t0: Tensor): Tensor {
  // A select on a tensor, as Keras's ops.cond: a compiled function decides at every call.
  const isBinary = gen.reduceAll(gen.logicalOr(gen.equal(t0, 0), gen.equal(t0, 1)));
  return where(isBinary, gen.sub(gen.mul(t0, 2), 1), t0);
}

function checkSmoothing(name: string, labelSmoothing: number): void {
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new Error(`${op(name)}: labelSmoothing must be a number in [0, 1], got ${describe(labelSmoothing)}.`);
  }
}

function checkSameShape(name: string, target: Tensor, output: Tensor): void {
  if (target.rank !== output.rank) {
    throw new Error(`${op(name)}: y_true and y_pred must have the same rank; received y_true.shape=${shapeText(target.shape)}, y_pred.shape=${shapeText(output.shape)}.`);
  }
  if (!sameShape(target.shape, output.shape)) {
    throw new Error(`${op(name)}: y_true and y_pred must have the same shape; received y_true.shape=${shapeText(target.shape)}, y_pred.shape=${shapeText(output.shape)}.`);
  }
}

/**
 * keras.losses.binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0, axis=-1):
 * the mean over `axis` of -(t·log p + (1-t)·log(1-p)) with p clipped to [ε, 1-ε], or, from logits,
 * TensorFlow's stable sigmoid cross entropy. Smoothing moves labels towards 1/2:
 * t(1 - s) + s/2.
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const name = 'binaryCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkSmoothing(name, labelSmoothing);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  checkSameShape(name, t0, p);
  return renamedCall(op(name), () => {
    const t = labelSmoothing ? gen.add(gen.mul(t0, 1 - labelSmoothing), 0.5 * labelSmoothing) : t0;
    let bce: Tensor;
    if (logits) {
      bce = nn.sigmoidCrossEntropyWithLogits({ labels: t, logits: p });
    } else {
      const o = clipByValue(p, EPSILON, 1 - EPSILON);
      bce = gen.neg(gen.add(gen.mul(t, gen.log(o)), gen.mul(gen.sub(1, t), gen.log(gen.sub(1, o)))));
    }
    return reduceMean(bce, axis);
  });
}

/**
 * keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0,
 * axis=-1): -Σ t·log p over `axis`, with p rescaled to sum to 1 and clipped to [ε, 1-ε], or, from
 * logits, the softmax cross entropy (log-softmax, stable). Smoothing: t(1 - s) + s/C, with C the
 * size of the last axis.
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const name = 'categoricalCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkSmoothing(name, labelSmoothing);
  if (typeof axis !== 'number') throw new Error(`${op(name)}: axis must be an integer, got ${describe(axis)}.`);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  if (t0.rank < 1) throw new Error(`${op(name)}: y_true and y_pred must be at least rank 1; received y_true.shape=${shapeText(t0.shape)}.`);
  checkSameShape(name, t0, p);
  const ax = normalizeAxis(axis, p.rank, op(name));
  return renamedCall(op(name), () => {
    const classes = t0.shape[t0.rank - 1]!;
    const t = labelSmoothing ? gen.add(gen.mul(t0, 1 - labelSmoothing), labelSmoothing / classes) : t0;
    if (logits) return nn.softmaxCrossEntropyWithLogits({ labels: t, logits: p, axis: ax });
    const o = clipByValue(gen.div(p, gen.reduceSum(p, ax, true)), EPSILON, 1 - EPSILON);
    return gen.neg(gen.reduceSum(gen.mul(t, gen.log(o)), ax));
  });
}

/** y_true without a trailing axis of size 1 when it has y_pred's rank (Keras squeezes it). */
const sparseLabels = (t: Tensor, p: Tensor): Tensor => (t.rank === p.rank && t.shape[t.rank - 1] === 1 ? squeezeLast(t) : t);

/** The entries of sparse labels that are not `ignoreClass`, shaped like the per-sample losses. */
function validLabels(t: Tensor, ignoreClass: number): Tensor {
  return gen.notEqual(t, ignoreClass);
}

function checkIgnoreClass(name: string, ignoreClass: number | null): void {
  if (ignoreClass !== null && ignoreClass !== undefined && !Number.isInteger(ignoreClass)) {
    throw new Error(`${op(name)}: ignoreClass must be an integer class id or null, got ${describe(ignoreClass)}.`);
  }
}

/**
 * keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=False,
 * ignore_class=None, axis=-1): categorical crossentropy with integer class ids `y_true` (any
 * numeric dtype; cast to int32 as Keras casts to int64). Probabilities are clipped to [ε, 1-ε]
 * and their log used as logits. Entries whose label is `ignoreClass` get a loss of 0 (and the
 * Loss class leaves them out of the mean, as Keras' mask does).
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  fromLogits = false,
  /** A label whose samples are left out of the loss (default null: none). */
  ignoreClass: number | null = null,
  axis = -1,
): Tensor {
  const name = 'sparseCategoricalCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkIgnoreClass(name, ignoreClass);
  let p = toTensor(yPred, undefined, op(name));
  if (!isFloat(p.dtype)) throw new Error(`${op(name)}: y_pred must be a float32 or float64 tensor, got ${p.dtype}.`);
  if (p.rank < 1) throw new Error(`${op(name)}: y_pred must be at least rank 1; received y_pred.shape=${shapeText(p.shape)}.`);
  if (axis !== -1 && axis !== p.rank - 1) throw new Error(`${op(name)}: only axis=-1 is supported, got axis=${describe(axis)}.`);
  let t = sparseLabels(toTensor(yTrue, 'int32', op(name)), p);
  return renamedCall(op(name), () => {
    const valid = ignoreClass === null || ignoreClass === undefined ? null : validLabels(t, ignoreClass);
    if (valid !== null) {
      // Ignored entries become class 0 with an all-zero prediction, then their loss is set to 0.
      t = gen.mul(t, cast(valid, t.dtype));
      p = gen.mul(p, cast(expandLast(valid), p.dtype));
    }
    const ids = cast(t, 'int32');
    const out = logits ? p : gen.log(clipByValue(p, EPSILON, 1 - EPSILON));
    const res = nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ids, logits: out });
    return valid === null ? res : where(valid, res, 0);
  });
}

// ---------------------------------------------------------------------------
// Loss classes
// ---------------------------------------------------------------------------

/** Keras' reductions: 'sum_over_batch_size' (default) and 'mean' divide the weighted sum by the
 * number of loss values, 'mean_with_sample_weight' by the sum of the sample weights, 'sum' does
 * not divide, 'none' (or null) returns the weighted per-sample losses. */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none' | null;
const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none', null];

/** Options of the Keras loss classes (`new tf.keras.losses.X(options)`). */
export interface LossOptions {
  /** How the per-sample losses are reduced: `'sum_over_batch_size'` (the default), `'sum'`, `'mean'`, `'mean_with_sample_weight'` or `'none'`. */
  reduction?: Reduction;
  /** The loss's name (default: Keras' snake_case name, e.g. `'mean_squared_error'`). */
  name?: string;
  /** The dtype inputs are converted to (Keras' `dtype`); floatx when absent. */
  dtype?: 'float32' | 'float64';
}

/** Keras' reduce_values: the sum of `values`, divided as `reduction` says. */
function reduceValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  const empty = values.rank === 0 || (values.rank === 1 && values.shape[0] === 0);
  if (reduction === null || reduction === 'none' || empty) return values;
  const loss = gen.reduceSum(values);
  if (reduction === 'sum') return loss;
  if (reduction === 'mean_with_sample_weight' && sampleWeight !== null) return gen.divNoNan(loss, gen.reduceSum(sampleWeight));
  return values.size > 0 ? gen.div(loss, values.size) : gen.divNoNan(loss, constant(0, loss.dtype));
}

/** Keras' reduce_weighted_values: the mask (scaled so a mean covers only valid entries) and the
 * sample weights multiply the losses, then `reduction` reduces them. */
function reduceWeightedValues(values: Tensor, sampleWeight: TensorLike | undefined, mask: Tensor | null, reduction: Reduction, dtype: 'float32' | 'float64', name: string): Tensor {
  let weights = sampleWeight === undefined || sampleWeight === null ? null : cast(toTensor(sampleWeight, dtype, name), dtype);
  if (mask !== null) {
    let m = cast(mask, dtype);
    if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
      m = gen.mul(m, gen.divNoNan(constant(m.size, dtype), gen.reduceSum(m)));
    }
    if (weights !== null) {
      const [m2, w2] = squeezeOrExpandToSameRank(m, weights);
      weights = gen.mul(w2, m2);
    } else weights = m;
  }
  let v = values;
  if (weights !== null) {
    [v, weights] = squeezeOrExpandToSameRank(v, weights);
    v = gen.mul(v, weights);
  }
  return reduceValues(v, weights, reduction);
}

/** A loss object is callable, as in Keras: `loss(yTrue, yPred, sampleWeight?)` is `loss.call(...)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Loss {
  (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor;
}

/**
 * keras.losses.Loss: `call(yTrue, yPred, sampleWeight?)` converts both to the loss's dtype,
 * computes the per-sample losses (`perSample`, Keras' `Loss.call`), weights and reduces them.
 * Subclass it and implement `perSample` for a custom loss.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Loss {
  // (Declared, not defined: the constructor sets them on the callable it returns.)
  /** The loss's name (default: Keras' snake_case name, e.g. `'mean_squared_error'`). */
  declare readonly name: string;
  /** How the per-sample losses are reduced: `'sum_over_batch_size'` (the default), `'sum'`, `'mean'`, `'mean_with_sample_weight'` or `'none'`. */
  declare readonly reduction: Reduction;
  /** The dtype inputs are converted to; the default float when absent. */
  declare readonly dtype: 'float32' | 'float64';

  /** The class name errors print (`keras.losses.Huber`). */
  protected declare readonly className: string;

  constructor(options: LossOptions, defaultName: string, className: string = new.target.name) {
    const cls = className;
    if (!REDUCTIONS.includes(options.reduction === undefined ? 'sum_over_batch_size' : options.reduction)) {
      throw new Error(
        `keras.losses.${cls}: invalid reduction ${describe(options.reduction)}; expected one of ` +
          "'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none' or null.",
      );
    }
    if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float64') {
      throw new Error(`keras.losses.${cls}: dtype must be 'float32' or 'float64', got ${describe(options.dtype)}.`);
    }
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw new Error(`keras.losses.${cls}: name must be a string, got ${describe(options.name)}.`);
    }
    // Python calls a loss object (`mse(y_true, y_pred)`), so the instance is a function with this
    // class's prototype: calling it runs `call`, and methods and fields work as on any object.
    const callable = function (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
      return (callable as unknown as Loss).call(yTrue, yPred, sampleWeight);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    Object.defineProperty(callable, 'name', { value: options.name ?? defaultName, enumerable: true });
    const self = callable as unknown as Record<'reduction' | 'dtype' | 'className', unknown>;
    self.reduction = options.reduction === undefined ? 'sum_over_batch_size' : options.reduction;
    self.dtype = options.dtype ?? getFloatx();
    self.className = cls;
    return callable as unknown as Loss;
  }

  /** The per-sample losses of inputs already in the loss's dtype (Keras' `Loss.call`). */
  abstract perSample(yTrue: Tensor, yPred: Tensor): Tensor;

  /** Entries of the per-sample losses to leave out of the reduction (Keras' mask); null: none. */
  protected lossMask(_yTrue: Tensor, _yPred: Tensor): Tensor | null {
    return null;
  }

  /** Python's `loss(y_true, y_pred, sample_weight=None)`: the weighted, reduced loss. */
  call(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    const name = `keras.losses.${this.className}`;
    const p = cast(toTensor(yPred, this.dtype, name), this.dtype);
    const t = cast(toTensor(yTrue, this.dtype, name), this.dtype);
    const values = this.perSample(t, p);
    return renamedCall(name, () => reduceWeightedValues(values, sampleWeight, this.lossMask(t, p), this.reduction, this.dtype, name));
  }

  /** The constructor options that rebuild this loss: `new Cls(loss.getConfig())`. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction, dtype: this.dtype };
  }
}

/** A Loss from a per-sample loss function (Keras' LossFunctionWrapper): ranks are reconciled first. */
abstract class LossFunctionWrapper extends Loss {
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p);
  }

  protected abstract fn(yTrue: Tensor, yPred: Tensor): Tensor;
}

/** Checks a loss class's options (the common ones plus `extra`). */
function lossOptions<T extends LossOptions>(cls: string, options: T | undefined, extra: readonly string[] = []): T {
  const keys = ['reduction', 'name', 'dtype', ...extra];
  return checkOptions(options, `keras.losses.${cls}`, keys, `{${keys.join(', ')}}`) as T;
}

/**
 * Keras' `MeanSquaredError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it
 * computes `tf.keras.losses.meanSquaredError` per sample, then weights and reduces
 * (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * const mse = new tf.keras.losses.MeanSquaredError();
 * console.log(mse([[0, 1], [0, 0]], [[1, 1], [1, 0]]).item());          // 0.5
 * const perSample = new tf.keras.losses.MeanSquaredError({ reduction: 'none' });
 * console.log(perSample([[0, 1], [0, 0]], [[1, 1], [1, 0]]).arraySync()); // [ 0.5, 0.5 ]
 * ```
 */
export class MeanSquaredError extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('MeanSquaredError', options), 'mean_squared_error', 'MeanSquaredError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanSquaredError(t, p);
  }
}

/** Keras' `MeanAbsoluteError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsoluteError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanAbsoluteError extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('MeanAbsoluteError', options), 'mean_absolute_error', 'MeanAbsoluteError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanAbsoluteError(t, p);
  }
}

/** Keras' `MeanAbsolutePercentageError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsolutePercentageError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('MeanAbsolutePercentageError', options), 'mean_absolute_percentage_error', 'MeanAbsolutePercentageError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanAbsolutePercentageError(t, p);
  }
}

/** Keras' `MeanSquaredLogarithmicError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanSquaredLogarithmicError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('MeanSquaredLogarithmicError', options), 'mean_squared_logarithmic_error', 'MeanSquaredLogarithmicError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanSquaredLogarithmicError(t, p);
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface CosineSimilarityOptions extends LossOptions {
  /** The axis the loss reduces over (default -1). */
  axis?: number;
}

/** Keras' `CosineSimilarity` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.cosineSimilarity` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class CosineSimilarity extends LossFunctionWrapper {
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  constructor(options?: CosineSimilarityOptions) {
    const o = lossOptions('CosineSimilarity', options, ['axis']);
    super(o, 'cosine_similarity', 'CosineSimilarity');
    this.axis = o.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new Error(`keras.losses.CosineSimilarity: axis must be an integer, got ${describe(o.axis)}.`);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return cosineSimilarity(t, p, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** Keras' `Huber` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.huber` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Huber extends LossFunctionWrapper {
  /** Where the loss turns from quadratic to linear (default 1). */
  readonly delta: number;
  constructor(options?: HuberOptions) {
    const o = lossOptions('Huber', options, ['delta']);
    super(o, 'huber_loss', 'Huber');
    this.delta = o.delta ?? 1;
    if (typeof this.delta !== 'number') throw new Error(`keras.losses.Huber: delta must be a number, got ${describe(o.delta)}.`);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return huber(t, p, this.delta);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Keras' `LogCosh` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.logCosh` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class LogCosh extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('LogCosh', options), 'log_cosh', 'LogCosh');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return logCosh(t, p);
  }
}

/** Keras' `Hinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.hinge` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Hinge extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('Hinge', options), 'hinge', 'Hinge');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return hinge(t, p);
  }
}

/** Keras' `KLDivergence` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.klDivergence` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class KLDivergence extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('KLDivergence', options), 'kl_divergence', 'KLDivergence');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return klDivergence(t, p);
  }
}

/** Keras' `Poisson` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.poisson` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Poisson extends LossFunctionWrapper {
  constructor(options?: LossOptions) {
    super(lossOptions('Poisson', options), 'poisson', 'Poisson');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return poisson(t, p);
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface CrossentropyOptions extends LossOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  labelSmoothing?: number;
  /** The axis the loss reduces over (default -1). */
  axis?: number;
}

/** The fromLogits/labelSmoothing/axis options of the two dense crossentropies. */
function crossentropyOptions(cls: string, options: CrossentropyOptions | undefined): Required<Pick<CrossentropyOptions, 'fromLogits' | 'labelSmoothing' | 'axis'>> {
  const o = lossOptions(cls, options, ['fromLogits', 'labelSmoothing', 'axis']);
  const fromLogits = checkBoolean(o.fromLogits, `keras.losses.${cls}`, 'fromLogits', false);
  const labelSmoothing = o.labelSmoothing ?? 0;
  checkSmoothing(cls, labelSmoothing);
  const axis = o.axis ?? -1;
  if (!Number.isInteger(axis)) throw new Error(`keras.losses.${cls}: axis must be an integer, got ${describe(o.axis)}.`);
  return { fromLogits, labelSmoothing, axis };
}

/** Keras' `BinaryCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.binaryCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class BinaryCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  constructor(options?: CrossentropyOptions) {
    const c = crossentropyOptions('BinaryCrossentropy', options);
    super(options ?? {}, 'binary_crossentropy', 'BinaryCrossentropy');
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return binaryCrossentropy(t, p, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Keras' `CategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.categoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  constructor(options?: CrossentropyOptions) {
    const c = crossentropyOptions('CategoricalCrossentropy', options);
    super(options ?? {}, 'categorical_crossentropy', 'CategoricalCrossentropy');
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return categoricalCrossentropy(t, p, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** A label whose samples are left out of the loss (default null: none). */
  ignoreClass?: number | null;
}

/** Keras' `SparseCategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.sparseCategoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** A label whose samples are left out of the loss (default null: none). */
  readonly ignoreClass: number | null;
  constructor(options?: SparseCategoricalCrossentropyOptions) {
    const o = lossOptions('SparseCategoricalCrossentropy', options, ['fromLogits', 'ignoreClass']);
    super(o, 'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy');
    this.fromLogits = checkBoolean(o.fromLogits, 'keras.losses.SparseCategoricalCrossentropy', 'fromLogits', false);
    this.ignoreClass = o.ignoreClass ?? null;
    checkIgnoreClass('SparseCategoricalCrossentropy', this.ignoreClass);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return sparseCategoricalCrossentropy(t, p, this.fromLogits, this.ignoreClass);
  }
  protected override lossMask(yTrue: Tensor, yPred: Tensor): Tensor | null {
    if (this.ignoreClass === null) return null;
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return validLabels(sparseLabels(t, p), this.ignoreClass);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }
}

// The classes under distinct names, for the type namespaces in index.ts (see optimizers.ts).
export type LossClass = Loss;
export type MeanSquaredErrorClass = MeanSquaredError;
export type MeanAbsoluteErrorClass = MeanAbsoluteError;
export type MeanAbsolutePercentageErrorClass = MeanAbsolutePercentageError;
export type MeanSquaredLogarithmicErrorClass = MeanSquaredLogarithmicError;
export type HuberClass = Huber;
export type LogCoshClass = LogCosh;
export type BinaryCrossentropyClass = BinaryCrossentropy;
export type CategoricalCrossentropyClass = CategoricalCrossentropy;
export type SparseCategoricalCrossentropyClass = SparseCategoricalCrossentropy;
export type KLDivergenceClass = KLDivergence;
export type PoissonClass = Poisson;
export type CosineSimilarityClass = CosineSimilarity;
export type HingeClass = Hinge;
