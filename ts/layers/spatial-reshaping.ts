// The reshaping layers of the spatial axes (keras/src/layers/reshaping/): UpSampling1D/2D/3D repeat
// (or, for images, interpolate) each step, pixel or voxel, ZeroPadding1D/2D/3D add zeros before
// and after, Cropping1D/2D/3D remove entries at both ends. Each takes its sizes per spatial axis as
// Keras does: one integer for every side, or [before, after] pairs (2-D: [[top, bottom], [left,
// right]], or [height, width] for symmetric ones; 3-D: a pair or a number per axis, dim1 to dim3).
// The 2-D and 3-D layers share their work through SpatialUpSampling, SpatialZeroPadding and
// SpatialCropping, which count the spatial axes from `rank`.

import { describe, type PositionalThenOptions } from '../describe';
import { resize, type ResizeMethod } from '../image';
import { cast, transpose } from '../ops';
import { pad, repeat, slice } from '../shape';
import type { Tensor } from '../tensor';
import { type DataFormat, spatialAxes, standardizeDataFormat, standardizeTuple, valueText } from './arguments';
import { Layer, layerArguments, type LayerOptions, type LayerShape, shapeText } from './layer';
import { positiveInteger } from './reshaping';

/** The text of [before, after] pairs in a message: [[1, 0], [2, 1]]. */
const pairsText = (pairs: readonly (readonly number[])[]): string => `[${pairs.map((p) => `[${p.join(', ')}]`).join(', ')}]`;

/** The [before, after] pairs of each spatial axis. */
type Pairs = [number, number][];

const ORDINALS = ['1st', '2nd', '3rd'];

/** Keras' description of the forms of a `padding` or `cropping` of `rank` spatial axes, for its message. */
function pairsForms(rank: number, name: string): string {
  const short = name === 'padding' ? 'pad' : 'crop';
  if (rank === 2) return `a tuple of 2 ints (symmetric_height_${name}, symmetric_width_${name}), or a tuple of 2 tuples of 2 ints ((top, bottom), (left, right))`;
  const dims = Array.from({ length: rank }, (_, i) => `dim${i + 1}`);
  return `a tuple of ${rank} ints (${dims.map((d) => `symmetric_${d}_${short}`).join(', ')}), or a tuple of ${rank} tuples of 2 ints (${dims.map((d) => `(left_${d}_${short}, right_${d}_${short})`).join(', ')})`;
}

/**
 * The [before, after] pairs of the `rank` spatial axes of ZeroPadding2D/3D's `padding` or
 * Cropping2D/3D's `cropping`: an integer for every side, one integer per axis for symmetric ones,
 * or a [before, after] pair per axis (Keras' rules and messages).
 */
function spatialPairs(value: unknown, rank: number, name: string, op: string): Pairs {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`${op}: \`${name}\` must be an integer or an array, got ${describe(value)}.`);
    if (value < 0) throw new Error(`${op}: \`${name}\` cannot be negative. Received: ${name}=${value}.`);
    return Array.from({ length: rank }, () => [value, value]);
  }
  if (!Array.isArray(value)) throw new Error(`${op}: \`${name}\` should be either an int, ${pairsForms(rank, name)}. Received: ${name}=${describe(value)}.`);
  if (value.length !== rank) throw new Error(`${op}: \`${name}\` should have ${rank === 2 ? 'two' : rank} elements. Received: ${name}=${valueText(value)}.`);
  return value.map((entry, i) => standardizeTuple(entry, 2, `${ORDINALS[i]} entry of ${name}`, op, true) as [number, number]);
}

/** `shape` with each known spatial axis (of `dataFormat`) replaced by `f(its length, its index among the spatial axes)`. */
function mapSpatial(shape: LayerShape, dataFormat: DataFormat, f: (length: number, i: number) => number | null): (number | null)[] {
  const out = shape.slice();
  spatialAxes(shape.length, dataFormat).forEach((axis, i) => {
    const d = shape[axis];
    out[axis] = d === null || d === undefined ? null : f(d, i);
  });
  return out;
}

/**
 * What UpSampling2D and UpSampling3D share: inputs of `rank` spatial axes (between the batch and
 * the channels, or after the channels with 'channels_first') whose entries are repeated `size[i]`
 * times along spatial axis i (Keras' `ops.repeat`, its 'nearest').
 */
export abstract class SpatialUpSampling extends Layer {
  /** The factor of each spatial axis. */
  readonly size: number[];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /**
   * @param rank The number of spatial axes (2 or 3).
   * @param options `size`, `dataFormat` and the layer options.
   * @param ownOptionKeys The options the layer reads (checked by Layer).
   */
  protected constructor(rank: number, options: UpSampling2DOptions | UpSampling3DOptions, ownOptionKeys: readonly string[]) {
    super(options, ownOptionKeys);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.size = standardizeTuple(o.size ?? 2, rank, 'size', op);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** Each spatial axis' entries repeated `size` times. */
  override call(inputs: Tensor): Tensor {
    return spatialAxes(inputs.rank, this.dataFormat).reduce((y, axis, i) => repeat(y, this.size[i]!, axis), inputs);
  }

  /** The spatial axes multiplied by the factors. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return mapSpatial(inputShape, this.dataFormat, (d, i) => d * this.size[i]!);
  }

  /** `{size, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size.slice(), dataFormat: this.dataFormat };
  }
}

/** Options of `new tf.keras.layers.UpSampling1D(options)`. */
export interface UpSampling1DOptions extends LayerOptions {
  /** How many times each step is repeated (default 2). */
  size?: number;
}

/** Keras 3's positional arguments of UpSampling1D, in its order. */
type UpSampling1DPositional = [
  size?: number,
];

/**
 * keras.layers.UpSampling1D({size = 2}): each step of [batch, steps, features] repeated `size`
 * times.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.UpSampling1D({ size: 2 });
 * console.log(layer([[[1, 2], [3, 4]]]).arraySync()); // [ [ [ 1, 2 ], [ 1, 2 ], [ 3, 4 ], [ 3, 4 ] ] ]
 * ```
 */
export class UpSampling1D extends Layer {
  /** How many times each step is repeated. */
  readonly size: number;

  /** @param options `size` and the layer options. */
  constructor(options?: UpSampling1DOptions);
  /** Keras 3's positional form: `UpSampling1D(size)`. */
  constructor(...positional: UpSampling1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<UpSampling1DPositional, UpSampling1DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<UpSampling1DOptions>(new.target, args, ['size']);
    super(options, ['size']);
    this.size = positiveInteger((options ?? {}).size ?? 2, 'size', this.qualifiedName);
    this.inputSpec = { ndim: 3 };
  }

  /** `tf.repeat(inputs, size, 1)`. */
  override call(inputs: Tensor): Tensor {
    return repeat(inputs, this.size, 1);
  }

  /** [batch, size · steps, features]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const steps = inputShape[1] ?? null;
    return [inputShape[0] ?? null, steps === null ? null : steps * this.size, inputShape[2] ?? null];
  }

  /** `{size}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size };
  }
}

/** The interpolations of UpSampling2D: Keras' (TensorFlow backend) names for `tf.image.resize`'s methods. */
export type UpSamplingInterpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos3' | 'lanczos5' | 'area';
const INTERPOLATIONS: readonly UpSamplingInterpolation[] = ['nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'];

/** Options of `new tf.keras.layers.UpSampling2D(options)`. */
export interface UpSampling2DOptions extends LayerOptions {
  /** The factors of the height and width: [rows, columns], or one for both (default 2). */
  size?: number | readonly number[];
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
  /** 'nearest' (default: each pixel repeated), or a `tf.image.resize` method: 'bilinear',
   * 'bicubic', 'lanczos3', 'lanczos5', 'area' (any case). */
  interpolation?: UpSamplingInterpolation;
}

/** Keras 3's positional arguments of UpSampling2D, in its order. */
type UpSampling2DPositional = [
  size?: number | readonly number[], dataFormat?: DataFormat | null, interpolation?: UpSamplingInterpolation,
];

/**
 * keras.layers.UpSampling2D({size = 2, dataFormat, interpolation = 'nearest'}): images enlarged
 * by integer factors: with 'nearest' each pixel repeated size[0] × size[1] times (Keras'
 * `ops.repeat`), otherwise `tf.image.resize` to the new size with that method (as Keras'
 * TensorFlow backend does; pixel centres at half-integers). ('bicubic' is TensorFlow's cubic
 * (a = -0.75): Keras' JAX backend, through jax.image.resize, uses Keys' a = -0.5 instead.)
 *
 * @example
 * ```ts
 * const image = tf.reshape([0, 1], [1, 1, 2, 1]);
 * const flat = (t: tf.Tensor) => Array.from(t.dataSync());
 * console.log(flat(new tf.keras.layers.UpSampling2D({ size: [1, 2] })(image)));                            // [ 0, 0, 1, 1 ]
 * console.log(flat(new tf.keras.layers.UpSampling2D({ size: [1, 2], interpolation: 'bilinear' })(image))); // [ 0, 0.25, 0.75, 1 ]
 * ```
 */
export class UpSampling2D extends SpatialUpSampling {
  /** The factors of the height and width. */
  declare readonly size: [number, number];
  /** How new pixels are made. */
  readonly interpolation: UpSamplingInterpolation;

  /** @param options `size`, `dataFormat`, `interpolation` and the layer options. */
  constructor(options?: UpSampling2DOptions);
  /** Keras 3's positional form: `UpSampling2D(size, data_format, interpolation)`. */
  constructor(...positional: UpSampling2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<UpSampling2DPositional, UpSampling2DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<UpSampling2DOptions>(new.target, args, ['size', 'dataFormat', 'interpolation'], ['dataFormat']);
    super(2, options, ['size', 'dataFormat', 'interpolation']);
    const o = options ?? {};
    const interpolation = typeof o.interpolation === 'string' ? o.interpolation.toLowerCase() : o.interpolation ?? 'nearest';
    if (!INTERPOLATIONS.includes(interpolation as UpSamplingInterpolation)) {
      throw new Error(`${this.qualifiedName}: Invalid value for argument \`interpolation\`. Expected of one ${INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}. Received: interpolation=${describe(o.interpolation)}`);
    }
    this.interpolation = interpolation as UpSamplingInterpolation;
  }

  /** The height and width repeated ('nearest') or resized by `tf.image.resize` (channels moved last first). */
  override call(inputs: Tensor): Tensor {
    if (this.interpolation === 'nearest') return super.call(inputs);
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = channelsFirst ? transpose(inputs, [0, 2, 3, 1]) : inputs;
    // tf.image.resize computes in float32; a float64 layer casts its result back.
    let y = resize(x, [x.shape[1]! * this.size[0], x.shape[2]! * this.size[1]], this.interpolation as ResizeMethod);
    if (y.dtype !== x.dtype) y = cast(y, x.dtype);
    return channelsFirst ? transpose(y, [0, 3, 1, 2]) : y;
  }

  /** `{size, dataFormat, interpolation}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), interpolation: this.interpolation };
  }
}

/** Options of `new tf.keras.layers.UpSampling3D(options)`. */
export interface UpSampling3DOptions extends LayerOptions {
  /** The factors of the three spatial axes (dim1, dim2, dim3), or one for all (default 2). */
  size?: number | readonly number[];
  /** 'channels_last' (default: [batch, dim1, dim2, dim3, channels]) or 'channels_first'
   * ([batch, channels, dim1, dim2, dim3]). */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of UpSampling3D, in its order. */
type UpSampling3DPositional = [
  size?: number | readonly number[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.UpSampling3D({size = 2, dataFormat}): volumes enlarged by integer factors, each
 * voxel repeated size[0] × size[1] × size[2] times (Keras' `ops.repeat` on each spatial axis).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.UpSampling3D({ size: [2, 2, 2] });
 * console.log(layer(tf.ones([2, 1, 2, 1, 3])).shape); // [ 2, 2, 4, 2, 3 ]
 * ```
 */
export class UpSampling3D extends SpatialUpSampling {
  /** The factors of the three spatial axes. */
  declare readonly size: [number, number, number];

  /** @param options `size`, `dataFormat` and the layer options. */
  constructor(options?: UpSampling3DOptions);
  /** Keras 3's positional form: `UpSampling3D(size, data_format)`. */
  constructor(...positional: UpSampling3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<UpSampling3DPositional, UpSampling3DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<UpSampling3DOptions>(new.target, args, ['size', 'dataFormat'], ['dataFormat']);
    super(3, options, ['size', 'dataFormat']);
  }
}

/** Options of `new tf.keras.layers.ZeroPadding1D(options)`. */
export interface ZeroPadding1DOptions extends LayerOptions {
  /** The zeros added at the start and end of the steps axis: one number for both, or [start, end] (default 1). */
  padding?: number | readonly number[];
  /** 'channels_last' (default: [batch, steps, features]) or 'channels_first' ([batch, features, steps]). */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of ZeroPadding1D, in its order. */
type ZeroPadding1DPositional = [
  padding?: number | readonly number[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.ZeroPadding1D({padding = 1, dataFormat}): zeros added before and after the steps
 * of a sequence.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ZeroPadding1D({ padding: [1, 2] });
 * console.log(layer([[[1], [2]]]).reshape([5]).arraySync()); // [ 0, 1, 2, 0, 0 ]
 * ```
 */
export class ZeroPadding1D extends Layer {
  /** The zeros added at the start and end. */
  readonly padding: [number, number];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /** @param options `padding`, `dataFormat` and the layer options. */
  constructor(options?: ZeroPadding1DOptions);
  /** Keras 3's positional form: `ZeroPadding1D(padding, data_format)`. */
  constructor(...positional: ZeroPadding1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ZeroPadding1DPositional, ZeroPadding1DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ZeroPadding1DOptions>(new.target, args, ['padding', 'dataFormat'], ['dataFormat']);
    super(options, ['padding', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.padding = standardizeTuple(o.padding ?? 1, 2, 'padding', op, true) as [number, number];
    this.inputSpec = { ndim: 3 };
  }

  /** `tf.pad` of the steps axis. */
  override call(inputs: Tensor): Tensor {
    const axis = spatialAxes(3, this.dataFormat)[0]!;
    return pad(inputs, [0, 1, 2].map((a) => (a === axis ? this.padding : [0, 0])));
  }

  /** The steps axis lengthened by the padding. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const out = inputShape.slice();
    const axis = spatialAxes(3, this.dataFormat)[0]!;
    const d = inputShape[axis];
    out[axis] = d === null || d === undefined ? null : d + this.padding[0] + this.padding[1];
    return out;
  }

  /** `{padding, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.slice(), dataFormat: this.dataFormat };
  }
}

/**
 * What ZeroPadding2D and ZeroPadding3D share: `padding[i]` zeros added before and after spatial
 * axis i of inputs of `rank` spatial axes (`tf.pad`).
 */
export abstract class SpatialZeroPadding extends Layer {
  /** The [before, after] zeros of each spatial axis. */
  readonly padding: Pairs;
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /**
   * @param rank The number of spatial axes (2 or 3).
   * @param options `padding` (default 1), `dataFormat` and the layer options.
   */
  protected constructor(rank: number, options: ZeroPadding2DOptions | ZeroPadding3DOptions) {
    super(options, ['padding', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.padding = spatialPairs(o.padding ?? 1, rank, 'padding', op);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** `tf.pad` of the spatial axes. */
  override call(inputs: Tensor): Tensor {
    const axes = spatialAxes(inputs.rank, this.dataFormat);
    return pad(inputs, inputs.shape.map((_, a) => (axes.includes(a) ? this.padding[axes.indexOf(a)]! : [0, 0])));
  }

  /** The spatial axes lengthened by the padding. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return mapSpatial(inputShape, this.dataFormat, (d, i) => d + this.padding[i]![0] + this.padding[i]![1]);
  }

  /** `{padding, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => p.slice()), dataFormat: this.dataFormat };
  }
}

/** Options of `new tf.keras.layers.ZeroPadding2D(options)`. */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** The zeros added: one number for all sides, [height, width] for symmetric padding, or
   * [[top, bottom], [left, right]] (default 1). */
  padding?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of ZeroPadding2D, in its order. */
type ZeroPadding2DPositional = [
  padding?: number | readonly (number | readonly number[])[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.ZeroPadding2D({padding = 1, dataFormat}): rows and columns of zeros added at the
 * top, bottom, left and right of images.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ZeroPadding2D({ padding: [[1, 0], [0, 1]] });
 * console.log(layer(tf.ones([1, 1, 1, 1])).reshape([2, 2]).arraySync()); // [ [ 0, 0 ], [ 1, 0 ] ]
 * ```
 */
export class ZeroPadding2D extends SpatialZeroPadding {
  /** The [before, after] zeros of the height and the width. */
  declare readonly padding: [[number, number], [number, number]];

  /** @param options `padding`, `dataFormat` and the layer options. */
  constructor(options?: ZeroPadding2DOptions);
  /** Keras 3's positional form: `ZeroPadding2D(padding, data_format)`. */
  constructor(...positional: ZeroPadding2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ZeroPadding2DPositional, ZeroPadding2DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ZeroPadding2DOptions>(new.target, args, ['padding', 'dataFormat'], ['dataFormat']);
    super(2, options);
  }
}

/** Options of `new tf.keras.layers.ZeroPadding3D(options)`. */
export interface ZeroPadding3DOptions extends LayerOptions {
  /** The zeros added: one number for all sides, [dim1, dim2, dim3] for symmetric padding, or
   * [[before, after], [before, after], [before, after]] (default 1). */
  padding?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, dim1, dim2, dim3, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of ZeroPadding3D, in its order. */
type ZeroPadding3DPositional = [
  padding?: number | readonly (number | readonly number[])[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.ZeroPadding3D({padding = 1, dataFormat}): zeros added before and after each of the
 * three spatial axes of volumes.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ZeroPadding3D({ padding: [[1, 0], [0, 0], [0, 2]] });
 * console.log(layer(tf.ones([1, 1, 2, 2, 3])).shape); // [ 1, 2, 2, 4, 3 ]
 * ```
 */
export class ZeroPadding3D extends SpatialZeroPadding {
  /** The [before, after] zeros of each spatial axis. */
  declare readonly padding: [[number, number], [number, number], [number, number]];

  /** @param options `padding`, `dataFormat` and the layer options. */
  constructor(options?: ZeroPadding3DOptions);
  /** Keras 3's positional form: `ZeroPadding3D(padding, data_format)`. */
  constructor(...positional: ZeroPadding3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ZeroPadding3DPositional, ZeroPadding3DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ZeroPadding3DOptions>(new.target, args, ['padding', 'dataFormat'], ['dataFormat']);
    super(3, options);
  }
}

/** Options of `new tf.keras.layers.Cropping1D(options)`. */
export interface Cropping1DOptions extends LayerOptions {
  /** The steps removed at the start and end: one number for both, or [start, end] (default 1). */
  cropping?: number | readonly number[];
}

/** Keras 3's positional arguments of Cropping1D, in its order. */
type Cropping1DPositional = [
  cropping?: number | readonly number[],
];

/**
 * keras.layers.Cropping1D({cropping = 1}): steps removed at the start and end of [batch, steps,
 * features] sequences (at least one must remain).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Cropping1D({ cropping: [1, 0] });
 * console.log(layer([[[1], [2], [3]]]).reshape([2]).arraySync()); // [ 2, 3 ]
 * ```
 */
export class Cropping1D extends Layer {
  /** The steps removed at the start and end. */
  readonly cropping: [number, number];

  /** @param options `cropping` and the layer options. */
  constructor(options?: Cropping1DOptions);
  /** Keras 3's positional form: `Cropping1D(cropping)`. */
  constructor(...positional: Cropping1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<Cropping1DPositional, Cropping1DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<Cropping1DOptions>(new.target, args, ['cropping']);
    super(options, ['cropping']);
    this.cropping = standardizeTuple((options ?? {}).cropping ?? 1, 2, 'cropping', this.qualifiedName, true) as [number, number];
    this.inputSpec = { ndim: 3 };
  }

  /** The steps from cropping[0] to steps - cropping[1]. */
  override call(inputs: Tensor): Tensor {
    const [steps] = this.cropped(inputs.shape, 'inputs.shape') as [number];
    return slice(inputs, [0, this.cropping[0], 0], [-1, steps, -1]);
  }

  /** [batch, steps - cropping, features]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [inputShape[0] ?? null, this.cropped(inputShape, 'input_shape')[0]!, inputShape[2] ?? null];
  }

  /** The length left, null if unknown; Keras' error when nothing would be left. */
  private cropped(shape: LayerShape, name: string): (number | null)[] {
    const steps = shape[1] ?? null;
    if (steps === null) return [null];
    const left = steps - this.cropping[0] - this.cropping[1];
    if (left <= 0) {
      throw new Error(`${this.qualifiedName}: \`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. Received: ${name}=${shapeText(shape)}, cropping=[${this.cropping.join(', ')}]`);
    }
    return [left];
  }

  /** `{cropping}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping.slice() };
  }
}

/**
 * What Cropping2D and Cropping3D share: `cropping[i]` entries removed before and after spatial
 * axis i of inputs of `rank` spatial axes (a slice).
 */
export abstract class SpatialCropping extends Layer {
  /** The [before, after] entries removed on each spatial axis. */
  readonly cropping: Pairs;
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /**
   * @param rank The number of spatial axes (2 or 3).
   * @param options `cropping`, `dataFormat` and the layer options.
   * @param defaultCropping The cropping of every side when `cropping` is not given (Keras': 0 in 2-D, 1 in 3-D).
   */
  protected constructor(rank: number, options: Cropping2DOptions | Cropping3DOptions, defaultCropping: number) {
    super(options, ['cropping', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.cropping = spatialPairs(o.cropping ?? defaultCropping, rank, 'cropping', op);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The entries kept, sliced out. */
  override call(inputs: Tensor): Tensor {
    const kept = this.cropped(inputs.shape, 'inputs.shape') as number[];
    const axes = spatialAxes(inputs.rank, this.dataFormat);
    const begin = inputs.shape.map((_, a) => (axes.includes(a) ? this.cropping[axes.indexOf(a)]![0] : 0));
    const size = kept.map((d, a) => (axes.includes(a) ? d : -1));
    return slice(inputs, begin, size);
  }

  /** The spatial axes shortened by the cropping. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return this.cropped(inputShape, 'input_shape');
  }

  /** `shape` with the spatial axes cropped (null where unknown); Keras' error when nothing would be left. */
  private cropped(shape: LayerShape, name: string): (number | null)[] {
    return mapSpatial(shape, this.dataFormat, (d, i) => {
      const left = d - this.cropping[i]![0] - this.cropping[i]![1];
      if (left <= 0) {
        throw new Error(
          `${this.qualifiedName}: Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. Received: ${name}=${shapeText(shape)}, cropping=${pairsText(this.cropping)}`,
        );
      }
      return left;
    });
  }

  /** `{cropping, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => p.slice()), dataFormat: this.dataFormat };
  }
}

/** Options of `new tf.keras.layers.Cropping2D(options)`. */
export interface Cropping2DOptions extends LayerOptions {
  /** The rows and columns removed: one number for all sides, [height, width] for symmetric
   * cropping, or [[top, bottom], [left, right]] (default 0). */
  cropping?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of Cropping2D, in its order. */
type Cropping2DPositional = [
  cropping?: number | readonly (number | readonly number[])[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.Cropping2D({cropping = 0, dataFormat}): rows and columns removed at the top,
 * bottom, left and right of images (at least one of each must remain).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Cropping2D({ cropping: [[2, 2], [4, 4]] });
 * console.log(layer(tf.zeros([2, 28, 28, 3])).shape); // [ 2, 24, 20, 3 ]
 * ```
 */
export class Cropping2D extends SpatialCropping {
  /** The [before, after] rows and columns removed. */
  declare readonly cropping: [[number, number], [number, number]];

  /** @param options `cropping`, `dataFormat` and the layer options. */
  constructor(options?: Cropping2DOptions);
  /** Keras 3's positional form: `Cropping2D(cropping, data_format)`. */
  constructor(...positional: Cropping2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<Cropping2DPositional, Cropping2DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<Cropping2DOptions>(new.target, args, ['cropping', 'dataFormat'], ['dataFormat']);
    super(2, options, 0);
  }
}

/** Options of `new tf.keras.layers.Cropping3D(options)`. */
export interface Cropping3DOptions extends LayerOptions {
  /** The entries removed: one number for all sides, [dim1, dim2, dim3] for symmetric cropping,
   * or [[before, after], [before, after], [before, after]] (default 1). */
  cropping?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, dim1, dim2, dim3, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of Cropping3D, in its order. */
type Cropping3DPositional = [
  cropping?: number | readonly (number | readonly number[])[], dataFormat?: DataFormat | null,
];

/**
 * keras.layers.Cropping3D({cropping = 1, dataFormat}): entries removed before and after each of
 * the three spatial axes of volumes (at least one must remain on each).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Cropping3D({ cropping: [2, 4, 2] });
 * console.log(layer(tf.zeros([2, 28, 28, 10, 3])).shape); // [ 2, 24, 20, 6, 3 ]
 * ```
 */
export class Cropping3D extends SpatialCropping {
  /** The [before, after] entries removed on each spatial axis. */
  declare readonly cropping: [[number, number], [number, number], [number, number]];

  /** @param options `cropping`, `dataFormat` and the layer options. */
  constructor(options?: Cropping3DOptions);
  /** Keras 3's positional form: `Cropping3D(cropping, data_format)`. */
  constructor(...positional: Cropping3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<Cropping3DPositional, Cropping3DOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<Cropping3DOptions>(new.target, args, ['cropping', 'dataFormat'], ['dataFormat']);
    super(3, options, 1);
  }
}
