// The numeric preprocessing layers (keras/src/layers/preprocessing/): Rescaling computes
// inputs · scale + offset (pixels in [0, 255] to [0, 1] or [-1, 1]); Normalization standardizes
// features, (x - mean) / max(sqrt(variance), ε) with ε = keras.backend.epsilon() = 1e-7, from a
// mean and variance given or computed from data by `adapt` (and `invert` undoes it).

import { constant, zerosLike, makeConstant } from '../creation';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { Dataset } from '../data/dataset';
import { TensorSpec } from '../function';
import { add, div, maximum, mul, sqrt, square, sub } from '../generated/ops';
import { epsilon as kerasEpsilon } from '../keras-settings';
import { broadcastTo, cast, reduceMean, reshape } from '../ops';
import { reduceVariance } from '../reductions';
import { Tensor, type TensorLike } from '../tensor';
import type { Variable } from '../variable';
import { valueText } from './arguments';
import { Layer, requiredLayerArguments, layerArguments, type LayerOptions, type LayerShape, shapeText, takeArguments } from './layer';

/** The batches `adapt` reads from `data`, or null when `data` is one tensor (or nested array):
 * a dataset's elements (a tuple's first component; rank-1 elements batched by 128, as Keras
 * does), an array of tensors, or another iterable's items. */
function batchesOf(data: unknown): Iterable<unknown> | null {
  if (data instanceof Dataset) {
    const spec = data.elementSpec as unknown;
    const first = Array.isArray(spec) ? (spec[0] as unknown) : spec;
    const unbatched = first instanceof TensorSpec && first.shape !== null && first.shape.length === 1;
    const batched = (unbatched ? data.batch(128) : data) as Dataset<unknown>;
    return { *[Symbol.iterator]() { for (const element of batched) yield Array.isArray(element) ? element[0] : element; } };
  }
  if (Array.isArray(data)) return data.length > 0 && data.every((b) => b instanceof Tensor) ? data : null;
  if (data instanceof Tensor || ArrayBuffer.isView(data) || typeof data !== 'object' || data === null) return null;
  return Symbol.iterator in data ? (data as Iterable<unknown>) : null;
}

/** A number or nested array of numbers (a mean, a variance, a scale), as a config holds it. */
type NumericValue = number | readonly NumericValue[];

/** A numeric option (a number or nested array of numbers), copied; tensors are read as arrays. */
function numericOption(value: unknown, name: string, op: string): NumericValue {
  const plain = value instanceof Tensor ? (value.arraySync() as NumericValue) : value;
  const valid = (v: unknown): boolean => (typeof v === 'number' ? Number.isFinite(v) : Array.isArray(v) && v.every(valid));
  if (!valid(plain)) throw new Error(`${op}: ${name} must be a number or an array of numbers (or a tensor), got ${describe(value)}.`);
  return structuredClone(plain) as NumericValue;
}

/** The shape of a number or nested array of numbers. */
const shapeOf = (value: NumericValue): number[] => (typeof value === 'number' ? [] : [value.length, ...(value.length > 0 ? shapeOf(value[0]!) : [])]);

/** Options of `new tf.keras.layers.Rescaling(scale, options)`. */
export interface RescalingOptions extends LayerOptions {
  /** Added after scaling (default 0): a number, or an array broadcast against the inputs (per channel). */
  offset?: TensorLike;
}

/** Keras 3's positional arguments of Rescaling after its required ones, in its order. */
type RescalingPositional = [
  offset?: TensorLike,
];

/**
 * keras.layers.Rescaling(scale, {offset = 0}): inputs · scale + offset, in the layer's dtype
 * (integer pixels are cast). `scale` and `offset` are numbers, or arrays broadcast against the
 * inputs (one per channel).
 *
 * @example
 * ```ts
 * const toUnit = new tf.keras.layers.Rescaling(1 / 127.5, { offset: -1 });
 * console.log(toUnit([0, 127.5, 255]).arraySync()); // [ -1, 0, 1 ]
 * ```
 */
export class Rescaling extends Layer {
  /** The factor. */
  readonly scale: NumericValue;
  /** The term added. */
  readonly offset: NumericValue;

  /**
   * @param scale The factor: a number, or an array broadcast against the inputs.
   * @param options `offset` and the layer options.
   */
  constructor(scale: TensorLike, options?: RescalingOptions);
  /** Keras 3's positional form: `Rescaling(scale, offset)`. */
  constructor(scale: TensorLike, ...positional: RescalingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(scale: TensorLike, ...positionalThenOptions: PositionalThenOptions<RescalingPositional, RescalingOptions>);
  /** Python's keyword form, `Rescaling(scale=...)`: `scale` among the options. */
  constructor(options: RescalingOptions & { scale: TensorLike });
  constructor(...given: unknown[]) {
    const [[scale], args] = requiredLayerArguments(new.target, given, ['scale']) as [[TensorLike], unknown[]];
    const options = layerArguments<RescalingOptions>(new.target, args, ['offset']);
    super(options, ['offset']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    this.scale = numericOption(scale, 'scale', op);
    this.offset = numericOption((options ?? {}).offset ?? 0, 'offset', op);
  }

  /** inputs · scale + offset, in the layer's dtype. */
  override call(inputs: Tensor): Tensor {
    const x = inputs.dtype === this.dtype ? inputs : cast(inputs, this.dtype);
    return add(mul(x, constant(this.scale as TensorLike, this.dtype)), constant(this.offset as TensorLike, this.dtype));
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** A new Rescaling from `getConfig()`'s object (Keras' `from_config`): `scale` and the options. */
  static override fromConfig(config: Record<string, unknown>): Rescaling {
    const [[scale], options] = takeArguments(config, 'Rescaling', ['scale']);
    return new this(scale as TensorLike, options);
  }

  /** `{scale, offset}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), scale: structuredClone(this.scale), offset: structuredClone(this.offset) };
  }
}

/** Options of `new tf.keras.layers.Normalization(options)`. */
export interface NormalizationOptions extends LayerOptions {
  /** The axis or axes kept, each with its own mean and variance (default -1: one per feature);
   * the others are averaged over. null (or []) for one mean and variance over everything. */
  axis?: number | readonly number[] | null;
  /** The mean: a number, or an array of the kept axes' sizes (the last ones, as Keras aligns it).
   * Given with `variance`; without both, `adapt(data)` computes them. */
  mean?: TensorLike | null;
  /** The variance, of the mean's shape. */
  variance?: TensorLike | null;
  /** Whether the layer undoes the normalization instead: mean + x · sqrt(variance) (default false). */
  invert?: boolean;
}

/** Keras 3's positional arguments of Normalization, in its order. */
type NormalizationPositional = [
  axis?: number | readonly number[] | null, mean?: TensorLike | null, variance?: TensorLike | null, invert?: boolean,
];

/**
 * keras.layers.Normalization({axis = -1, mean, variance, invert}): (x - mean) / max(sqrt(variance),
 * 1e-7), with one mean and variance per entry of the kept axes. Either both `mean` and `variance`
 * are given, or `adapt(data)` sets them to the data's mean and (biased) variance over the other
 * axes, as Keras computes them (kept in the non-trainable weights `mean`, `variance` and
 * Keras' unused `count`, so they are saved with the model).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const norm = new tf.keras.layers.Normalization();
 * norm.adapt([[1, 10], [3, 30]]);
 * console.log(norm.adaptMean!.arraySync(), norm.adaptVariance!.arraySync()); // [ 2, 20 ] [ 1, 100 ]
 * console.log(norm.weights.map((w) => w.name).join()); // normalization/mean,normalization/variance,normalization/count
 * console.log(norm([[2, 40]]).arraySync()); // [ [ 0, 2 ] ]
 * const invert = new tf.keras.layers.Normalization({ mean: 2, variance: 4, invert: true });
 * console.log(invert([0, 1]).arraySync()); // [ 2, 4 ]
 * ```
 */
export class Normalization extends Layer {
  /** The kept axes, as given (negative ones from the end). */
  readonly axis: number[];
  /** The mean given, or null (adapted). */
  readonly inputMean: NumericValue | null;
  /** The variance given, or null (adapted). */
  readonly inputVariance: NumericValue | null;
  /** Whether the layer undoes the normalization. */
  readonly invert: boolean;
  /** The adapted mean, of the kept axes' sizes: a non-trainable weight, made by `build` when no
   * mean is given (zeros until `adapt`). */
  adaptMean: Variable | null = null;
  /** The adapted variance (ones until `adapt`). */
  adaptVariance: Variable | null = null;
  /** Keras' `count` weight, kept for its saved models (Keras never updates it). */
  count: Variable | null = null;
  /** The kept axes, from 0 and sorted (set by `build`). */
  #keepAxes: number[] = [];
  /** The inputs' shape the layer was built for. */
  #builtShape: LayerShape | null = null;

  /** @param options `axis`, `mean`, `variance`, `invert` and the layer options. */
  constructor(options?: NormalizationOptions);
  /** Keras 3's positional form: `Normalization(axis, mean, variance, invert)` (a null axis is
   * Keras's None: no axis kept, one mean and variance). */
  constructor(...positional: NormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<NormalizationPositional, NormalizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<NormalizationOptions>(new.target, args, ['axis', 'mean', 'variance', 'invert'], ['mean', 'variance']);
    super(options, ['axis', 'mean', 'variance', 'invert']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    const axis = o.axis === undefined ? -1 : o.axis;
    const axes = axis === null ? [] : typeof axis === 'number' ? [axis] : axis;
    if (!Array.isArray(axes) || axes.some((a) => !Number.isInteger(a))) throw new Error(`${op}: axis must be an integer, an array of integers, or null, got ${describe(axis)}.`);
    this.axis = axes.slice();
    this.invert = checkBoolean(o.invert, op, 'invert', false);
    const given = (v: unknown): boolean => v !== undefined && v !== null;
    if (given(o.mean) !== given(o.variance)) {
      throw new Error(`${op}: When setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${valueText(o.mean ?? null)} and variance=${valueText(o.variance ?? null)}`);
    }
    this.inputMean = given(o.mean) ? numericOption(o.mean, 'mean', op) : null;
    this.inputVariance = given(o.variance) ? numericOption(o.variance, 'variance', op) : null;
    if (this.inputMean !== null) {
      const [meanShape, varianceShape] = [shapeOf(this.inputMean), shapeOf(this.inputVariance!)];
      if (meanShape.join() !== varianceShape.join()) {
        throw new Error(`${op}: When setting values directly, \`mean\` and \`variance\` must have the same shape. Received: mean shape ${shapeText(meanShape)} and variance shape ${shapeText(varianceShape)}`);
      }
      if (meanShape.length > this.axis.length) {
        throw new Error(`${op}: The rank of \`mean\` must be less than or equal to the number of axes (${this.axis.length}). Received: mean shape ${shapeText(meanShape)} for axis [${this.axis.join(', ')}]`);
      }
    }
  }

  /** The kept axes for inputs of `inputShape` (from 0, sorted), checked as Keras does. */
  private keptAxes(inputShape: LayerShape): number[] {
    const rank = inputShape.length;
    if (this.axis.some((a) => a < -rank || a >= rank)) {
      throw new Error(`${this.qualifiedName}: All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${rank}, while axis=[${this.axis.join(', ')}]`);
    }
    const keep = [...new Set(this.axis.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
    const unknown = keep.find((a) => inputShape[a] === null);
    if (unknown !== undefined) {
      throw new Error(`${this.qualifiedName}: All \`axis\` values to be kept must have a known shape. Received axis=[${this.axis.join(', ')}], inputs.shape=${shapeText(inputShape)}, with unknown axis at index ${unknown}`);
    }
    return keep;
  }

  /** The statistics' shape broadcast against the inputs: the kept axes' sizes, 1 elsewhere. */
  private broadcastShape(): number[] {
    return this.#builtShape!.map((d, i) => (this.#keepAxes.includes(i) ? d! : 1));
  }

  /** Checks the kept axes against the inputs' shape and, for a layer to be adapted, makes the
   * `mean`, `variance` and `count` weights. */
  override build(inputShape: LayerShape): void {
    this.#keepAxes = this.keptAxes(inputShape);
    this.#builtShape = inputShape.slice();
    if (this.inputMean === null) {
      const statsShape = this.#keepAxes.map((a) => inputShape[a]!);
      this.adaptMean = this.addWeight({ name: 'mean', shape: statsShape, initializer: 'zeros', trainable: false });
      this.adaptVariance = this.addWeight({ name: 'variance', shape: statsShape, initializer: 'ones', trainable: false });
      this.count = this.addWeight({ name: 'count', shape: [], dtype: 'int32', initializer: 'zeros', trainable: false });
    }
    this.built = true;
  }

  /** A given mean or variance shaped to broadcast against the inputs: a number broadcast, an
   * array's axes aligned with the last kept axes, right to left (Keras' rule). */
  private shapedGiven(value: NumericValue): Tensor {
    const broadcast = this.broadcastShape();
    const t = constant(value as TensorLike, this.dtype);
    if (t.rank === 0) return broadcastTo(t, broadcast);
    const expanded = broadcast.map(() => 1);
    for (let i = 1; i <= t.rank; i++) expanded[this.#keepAxes[this.#keepAxes.length - i]!] = t.shape[t.rank - i]!;
    return broadcastTo(reshape(t, expanded), broadcast);
  }

  /**
   * Keras' `adapt(data)`: the mean and (biased) variance of `data` over the axes not kept, stored in
   * the layer's weights. `data` is one tensor (or nested array), or batches: a `tf.data.Dataset`
   * (of a tuple, its first component; unbatched, one of rank 1, is batched by 128 as Keras does),
   * an array of tensors, or any iterable of them. Batches are combined as Keras combines them:
   * a running mean, weighted by each batch's count, and the lack-of-fit sum of squares for the
   * variance. Builds the layer from the data's shape if needed; a built layer's kept axes must
   * have the data's sizes. A layer given `mean` and `variance` has nothing to adapt.
   */
  adapt(data: TensorLike | Dataset<unknown> | Iterable<TensorLike>): void {
    const op = `${this.qualifiedName}.adapt`;
    if (this.inputMean !== null) throw new Error(`${op}: the layer was given its mean and variance; adapt() sets them only for a layer made without them.`);
    const asTensor = (v: unknown): Tensor => (v instanceof Tensor ? (v.dtype === this.dtype ? v : cast(v, this.dtype)) : makeConstant(v as TensorLike, this.dtype, op));
    const batches = batchesOf(data);
    if (batches === null) {
      const x = asTensor(data);
      this.buildForAdapt(x.shape, op);
      const reduceAxes = this.reduceAxes(x.rank);
      this.adaptMean!.assign(reduceMean(x, reduceAxes));
      this.adaptVariance!.assign(reduceVariance(x, reduceAxes));
      return;
    }
    let [mean, variance, count]: [Tensor | null, Tensor | null, number] = [null, null, 0];
    for (const item of batches) {
      const batch = asTensor(item);
      if (mean === null) this.buildForAdapt(batch.shape, op);
      else if (this.#keepAxes.some((a) => batch.shape[a] !== this.#builtShape![a])) {
        throw new Error(`${op}: adapt() yielded a batch with incompatible shape. Expected ${shapeText(this.#builtShape!)}, got ${shapeText(batch.shape)}.`);
      }
      const reduceAxes = this.reduceAxes(batch.rank);
      const [batchMean, batchVariance] = [reduceMean(batch, reduceAxes), reduceVariance(batch, reduceAxes)];
      const batchCount = reduceAxes.reduce((n, a) => n * batch.shape[a]!, 1);
      mean ??= zerosLike(batchMean);
      variance ??= zerosLike(batchVariance);
      count += batchCount;
      // Keras' weights, computed in double and rounded to the layer's dtype where they multiply.
      const batchWeight = batchCount / count;
      const existingWeight = 1 - batchWeight;
      const newMean = add(mul(mean, existingWeight), mul(batchMean, batchWeight));
      variance = add(mul(add(variance, square(sub(mean, newMean))), existingWeight), mul(add(batchVariance, square(sub(batchMean, newMean))), batchWeight));
      mean = newMean;
    }
    if (mean === null) throw new Error(`${op}: adapt() received no batches; pass a tensor, or a dataset or list of at least one batch.`);
    this.adaptMean!.assign(mean);
    this.adaptVariance!.assign(variance!);
  }

  /** Builds the layer for data of `shape` if needed; a built layer's kept axes must match it. */
  private buildForAdapt(shape: LayerShape, op: string): void {
    if (!this.built) {
      this._buildFor(shape);
    } else if (this.#keepAxes.some((a) => shape[a] !== this.#builtShape![a])) {
      throw new Error(`${op}: The layer was built with input_shape=${shapeText(this.#builtShape!)}, but adapt() is being called with data with an incompatible shape, data.shape=${shapeText(shape)}`);
    }
  }

  /** The axes a statistic reduces over: those not kept. */
  private reduceAxes(rank: number): number[] {
    return Array.from({ length: rank }, (_, i) => i).filter((i) => !this.#keepAxes.includes(i));
  }

  /** Keras's `mean`: the mean the layer normalizes with, shaped to broadcast against its inputs
   * (the kept axes' sizes, 1 elsewhere): `adaptMean` reshaped, or the mean given; null until the
   * layer is built (by `adapt` or its first call). */
  get mean(): Tensor | null {
    return this.statistic(this.adaptMean, this.inputMean);
  }

  /** Keras's `variance`, shaped as {@link mean}. */
  get variance(): Tensor | null {
    return this.statistic(this.adaptVariance, this.inputVariance);
  }

  private statistic(adapted: Variable | null, given: NumericValue | null): Tensor | null {
    if (this.#builtShape === null) return null;
    return given !== null ? this.shapedGiven(given) : reshape(adapted!, this.broadcastShape());
  }

  /** (x - mean) / max(sqrt(variance), ε); inverted, mean + x · max(sqrt(variance), ε). */
  override call(inputs: Tensor): Tensor {
    const [mean, variance] = [this.mean!, this.variance!];
    const deviation = maximum(sqrt(variance), kerasEpsilon());
    return this.invert ? add(mean, mul(inputs, deviation)) : div(sub(inputs, mean), deviation);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{axis, invert, mean, variance}` (the given mean and variance, null when adapted) and the layer options. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis.slice(),
      invert: this.invert,
      mean: this.inputMean === null ? null : structuredClone(this.inputMean),
      variance: this.inputVariance === null ? null : structuredClone(this.inputVariance),
    };
  }
}
