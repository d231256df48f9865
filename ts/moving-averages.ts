// tf.train.ExponentialMovingAverage (tensorflow/python/training/moving_averages.py): shadow
// variables that follow trained variables by exponential decay, for evaluating with averaged
// weights. In TensorFlow 2's eager mode, as here, it takes variables only (a tensor is a TypeError)
// and every `apply` updates each average once.

import { cast } from './ops';
import { checkOptions, describe, kerasArguments, type PositionalThenOptions } from './describe';
import { add, div, minimum, mul, sub } from './generated/ops';
import { Tensor } from './tensor';
import { Variable } from './variable';
import { liftFromTrace } from './wasm/runtime';

/** Options of `new tf.train.ExponentialMovingAverage(options)` (TensorFlow's arguments by name). */
export interface ExponentialMovingAverageOptions {
  /** The decay: a number, or a scalar tensor or variable read at each `apply`. */
  decay: number | Tensor;
  /** A count of updates, typically the training step: the decay used is then
   * `min(decay, (1 + numUpdates) / (10 + numUpdates))`, lower early in training. A variable is
   * read at each apply; so is a function, such as `() => optimizer.iterations` (gradtape's
   * `iterations` is a number, where TensorFlow passes its variable). In a tf.function a number the
   * function returns is a constant of the trace: count steps in a variable there. */
  numUpdates?: number | Tensor | (() => number | Tensor) | null;
  /** TensorFlow debiases only averages of tensors, which eager mode does not take: with variables,
   * as here, it has no effect (accepted for ported programs). */
  zeroDebias?: boolean;
  /** The prefix of the shadow variables' names (default `'ExponentialMovingAverage'`). */
  name?: string;
}

const CLS = 'train.ExponentialMovingAverage';

/** Keras 3's positional arguments of ExponentialMovingAverage after its required ones, in its order. */
type ExponentialMovingAveragePositional = [
  numUpdates?: number | Tensor | (() => number | Tensor) | null, zeroDebias?: boolean, name?: string,
];

/**
 * `tf.train.ExponentialMovingAverage(decay, numUpdates, zeroDebias, name)`: maintains moving
 * averages of variables. The first `apply([v])` makes a shadow variable for `v` holding its current
 * value; each `apply` then updates every listed shadow as TensorFlow does,
 * `shadow -= (1 - decay) * (shadow - v)`, i.e. `shadow = decay * shadow + (1 - decay) * v`.
 * `average(v)` gives the shadow variable (`v.assign(ema.average(v))` evaluates with the averages).
 *
 * The decay is computed as TensorFlow computes it, in float32 (a number decay is a float32
 * tensor there), then cast to each variable's dtype.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([0, 0]);
 * const optimizer = new tf.keras.optimizers.SGD(0.1);
 * const ema = new tf.train.ExponentialMovingAverage(0.9);
 * for (let step = 0; step < 20; step++) {
 *   optimizer.applyGradients([[tf.constant([-1, 1]), w]]);
 *   ema.apply([w]);
 * }
 * const show = (v: tf.Variable) => (v.arraySync() as number[]).map((x) => x.toFixed(2));
 * console.log(show(w), show(ema.average(w)!)); // [ '2.00', '-2.00' ] [ '1.22', '-1.22' ]
 * w.assign(ema.average(w)!); // evaluate with the averaged weights
 * ```
 */
export class ExponentialMovingAverage {
  /** TensorFlow's `name`: the prefix of the shadow variables' names. */
  readonly name: string;
  private readonly decay: number | Tensor;
  private readonly numUpdates: number | Tensor | (() => number | Tensor) | null;
  private readonly zeroDebias: boolean;
  private readonly averages = new Map<Variable, Variable>();

  constructor(options: ExponentialMovingAverageOptions);
  constructor(decay: number | Tensor, ...positional: ExponentialMovingAveragePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(decay: number | Tensor, ...positionalThenOptions: PositionalThenOptions<ExponentialMovingAveragePositional, Omit<ExponentialMovingAverageOptions, 'decay'>>);
  constructor(...args: unknown[]) {
    const o = emaArguments(args);
    this.decay = checkScalar(o.decay, 'decay', false)!;
    this.numUpdates = typeof o.numUpdates === 'function' ? (o.numUpdates as () => number | Tensor) : checkScalar(o.numUpdates, 'numUpdates', true);
    if (o.zeroDebias !== undefined && typeof o.zeroDebias !== 'boolean') throw new Error(`${CLS}: zeroDebias must be true or false, got ${describe(o.zeroDebias)}.`);
    this.zeroDebias = o.zeroDebias ?? false;
    if (o.name !== undefined && typeof o.name !== 'string') throw new Error(`${CLS}: name must be a string, got ${describe(o.name)}.`);
    this.name = o.name ?? 'ExponentialMovingAverage';
  }

  /**
   * Updates the moving averages of `varList`'s variables (making, on a variable's first apply, its
   * shadow variable from its current value). Variables must be float32 or float64; a tensor that
   * is not a variable is TensorFlow's eager TypeError.
   */
  apply(varList: readonly Variable[]): void {
    if (!Array.isArray(varList)) {
      throw new Error(`${CLS}.apply: expected a list of variables, got ${describe(varList)} (TensorFlow 2's eager mode has no collection of trainable variables to default to).`);
    }
    for (const v of varList) {
      if (!(v instanceof Variable)) {
        if (v instanceof Tensor) throw new TypeError('tf.train.ExponentialMovingAverage does not support non-Variable tensors when eager execution is enabled.');
        throw new TypeError(`${CLS}.apply: expected variables, got ${describe(v)}.`);
      }
      if (v.dtype !== 'float32' && v.dtype !== 'float64') throw new TypeError(`The variables must be half, float, or double: ${v.name}`);
    }
    for (const v of varList) {
      // (In a tf.function, made lifted out of it from v's value at the first call, as TensorFlow's
      // slot creator does in init_scope.)
      if (!this.averages.has(v)) this.averages.set(v, liftFromTrace(() => new Variable(v, { trainable: false, name: `${v.name}/${this.name}`, dtype: v.dtype })));
    }
    const oneMinusDecay = sub(1, this.decayNow());
    for (const v of varList) {
      const shadow = this.averages.get(v)!;
      // assign_moving_average: shadow -= (shadow - v) * (1 - decay), the factor in v's dtype.
      shadow.assignSub(mul(sub(shadow, v), cast(oneMinusDecay, v.dtype)));
    }
  }

  /** The shadow variable holding `v`'s moving average, or null before `apply` has taken `v`. */
  average(v: Variable): Variable | null {
    return this.averages.get(v) ?? null;
  }

  /** The name of `v`'s shadow variable (`'<v.name>/<name>'`), whether or not `apply` made it yet. */
  averageName(v: Variable): string {
    return this.averages.get(v)?.name ?? `${v.name}/${this.name}`;
  }

  /** TensorFlow's `variables_to_restore(moving_avg_variables)`: for each listed variable, its
   * shadow's name mapped to the variable (to load averages into the variables from a checkpoint
   * that saved the shadows). Eager mode has no global collections, so the list is required. */
  variablesToRestore(movingAvgVariables: readonly Variable[]): Record<string, Variable> {
    if (!Array.isArray(movingAvgVariables)) throw new Error(`${CLS}.variablesToRestore: expected a list of variables, got ${describe(movingAvgVariables)}.`);
    return Object.fromEntries(movingAvgVariables.map((v) => [this.averageName(v), v]));
  }

  /** The decay of this apply, a float32 scalar: `min(decay, (1 + n) / (10 + n))` with numUpdates. */
  private decayNow(): Tensor {
    const decay = cast(this.decay, 'float32');
    if (this.numUpdates === null) return decay;
    const count = typeof this.numUpdates === 'function' ? checkScalar(this.numUpdates(), 'numUpdates()', false)! : this.numUpdates;
    const n = cast(count, 'float32');
    return minimum(decay, div(add(1, n), add(10, n)));
  }
}

const EMA_ARGUMENTS = ['decay', 'numUpdates', 'zeroDebias', 'name'];

/** The constructor's arguments: one options object, or TensorFlow's positional ones. */
function emaArguments(args: readonly unknown[]): Partial<ExponentialMovingAverageOptions> & Record<string, unknown> {
  const o = kerasArguments(CLS, args, EMA_ARGUMENTS, ['numUpdates'], { library: 'TensorFlow', keywords: [] }) ?? {};
  return checkOptions(o, CLS, EMA_ARGUMENTS, '{decay: 0.999, numUpdates: step}');
}

/** A number or a scalar float/int tensor (a Variable is read at each apply); null or undefined
 * only where `optional`. */
function checkScalar(v: unknown, name: string, optional: boolean): number | Tensor | null {
  if ((v === undefined || v === null) && optional) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v instanceof Tensor && v.rank === 0 && v.dtype !== 'bool') return v;
  throw new Error(`${CLS}: ${name} must be a number or a scalar tensor, got ${describe(v)}${v instanceof Tensor ? ` of shape [${v.shape.join(', ')}]` : ''}.`);
}

/** The class under a distinct name, for the type namespaces in index.ts. */
export type ExponentialMovingAverageClass = ExponentialMovingAverage;
