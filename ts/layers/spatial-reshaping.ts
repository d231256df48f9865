// The reshaping layers of the spatial axes (keras/src/layers/reshaping/): UpSampling1D/2D repeat
// (or, for images, interpolate) each step or pixel, ZeroPadding1D/2D add zeros before and after,
// Cropping1D/2D remove entries at both ends. Each takes its sizes per spatial axis as Keras does:
// one integer for every side, or [before, after] pairs (2-D: [[top, bottom], [left, right]], or
// [height, width] for symmetric ones).

import { describe } from '../describe';
import { resize, type ResizeMethod } from '../image';
import { cast, transpose } from '../ops';
import { pad, repeat, slice } from '../shape';
import type { Tensor } from '../tensor';
import { type DataFormat, spatialAxes, standardizeDataFormat, standardizeTuple, valueText } from './arguments';
import { Layer, type LayerOptions, type LayerShape, shapeText } from './layer';
import { positiveInteger } from './reshaping';

/** The text of [before, after] pairs in a message: [[1, 0], [2, 1]]. */
const pairsText = (pairs: readonly (readonly number[])[]): string => `[${pairs.map((p) => `[${p.join(', ')}]`).join(', ')}]`;

/**
 * The [before, after] pairs of the two spatial axes of ZeroPadding2D's `padding` or Cropping2D's
 * `cropping`: an integer for all four sides, [height, width] for symmetric ones, or
 * [[top, bottom], [left, right]] (Keras' rules and messages).
 */
function spatialPairs(value: unknown, name: string, op: string): [number, number][] {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`${op}: \`${name}\` must be an integer or an array, got ${describe(value)}.`);
    if (value < 0) throw new Error(`${op}: \`${name}\` cannot be negative. Received: ${name}=${value}.`);
    return [[value, value], [value, value]];
  }
  if (!Array.isArray(value)) {
    throw new Error(
      `${op}: \`${name}\` should be either an int, a tuple of 2 ints (symmetric_height_${name}, symmetric_width_${name}), or a tuple of 2 tuples of 2 ints ((top, bottom), (left, right)). Received: ${name}=${describe(value)}.`,
    );
  }
  if (value.length !== 2) throw new Error(`${op}: \`${name}\` should have two elements. Received: ${name}=${valueText(value)}.`);
  return [
    standardizeTuple(value[0], 2, `1st entry of ${name}`, op, true) as [number, number],
    standardizeTuple(value[1], 2, `2nd entry of ${name}`, op, true) as [number, number],
  ];
}

/** Options of `new tf.keras.layers.UpSampling1D(options)`. */
export interface UpSampling1DOptions extends LayerOptions {
  /** How many times each step is repeated (default 2). */
  size?: number;
}

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
  constructor(options: UpSampling1DOptions = {}) {
    super(options, ['size']);
    this.size = positiveInteger((options ?? {}).size ?? 2, 'size', this.qualifiedName);
    this.inputSpec = { ndim: 3 };
    this.built = true;
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
export class UpSampling2D extends Layer {
  /** The factors of the height and width. */
  readonly size: [number, number];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;
  /** How new pixels are made. */
  readonly interpolation: UpSamplingInterpolation;

  /** @param options `size`, `dataFormat`, `interpolation` and the layer options. */
  constructor(options: UpSampling2DOptions = {}) {
    super(options, ['size', 'dataFormat', 'interpolation']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.size = standardizeTuple(o.size ?? 2, 2, 'size', op) as [number, number];
    const interpolation = typeof o.interpolation === 'string' ? o.interpolation.toLowerCase() : o.interpolation ?? 'nearest';
    if (!INTERPOLATIONS.includes(interpolation as UpSamplingInterpolation)) {
      throw new Error(`${op}: Invalid value for argument \`interpolation\`. Expected of one ${INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}. Received: interpolation=${describe(o.interpolation)}`);
    }
    this.interpolation = interpolation as UpSamplingInterpolation;
    this.inputSpec = { ndim: 4 };
    this.built = true;
  }

  /** The height and width repeated ('nearest') or resized by `tf.image.resize` (channels moved last first). */
  override call(inputs: Tensor): Tensor {
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = channelsFirst ? transpose(inputs, [0, 2, 3, 1]) : inputs;
    const [fh, fw] = this.size;
    let y: Tensor;
    if (this.interpolation === 'nearest') {
      y = repeat(repeat(x, fh, 1), fw, 2);
    } else {
      // tf.image.resize computes in float32; a float64 layer casts its result back.
      y = resize(x, [x.shape[1]! * fh, x.shape[2]! * fw], this.interpolation as ResizeMethod);
      if (y.dtype !== x.dtype) y = cast(y, x.dtype);
    }
    return channelsFirst ? transpose(y, [0, 3, 1, 2]) : y;
  }

  /** The height and width multiplied by the factors. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const out = inputShape.slice();
    spatialAxes(4, this.dataFormat).forEach((axis, i) => {
      const d = inputShape[axis];
      out[axis] = d === null || d === undefined ? null : d * this.size[i]!;
    });
    return out;
  }

  /** `{size, dataFormat, interpolation}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size.slice(), dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}

/** Options of `new tf.keras.layers.ZeroPadding1D(options)`. */
export interface ZeroPadding1DOptions extends LayerOptions {
  /** The zeros added at the start and end of the steps axis: one number for both, or [start, end] (default 1). */
  padding?: number | readonly number[];
  /** 'channels_last' (default: [batch, steps, features]) or 'channels_first' ([batch, features, steps]). */
  dataFormat?: DataFormat;
}

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
  constructor(options: ZeroPadding1DOptions = {}) {
    super(options, ['padding', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.padding = standardizeTuple(o.padding ?? 1, 2, 'padding', op, true) as [number, number];
    this.inputSpec = { ndim: 3 };
    this.built = true;
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

/** Options of `new tf.keras.layers.ZeroPadding2D(options)`. */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** The zeros added: one number for all sides, [height, width] for symmetric padding, or
   * [[top, bottom], [left, right]] (default 1). */
  padding?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

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
export class ZeroPadding2D extends Layer {
  /** The [before, after] zeros of the height and the width. */
  readonly padding: [[number, number], [number, number]];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /** @param options `padding`, `dataFormat` and the layer options. */
  constructor(options: ZeroPadding2DOptions = {}) {
    super(options, ['padding', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.padding = spatialPairs(o.padding ?? 1, 'padding', op) as [[number, number], [number, number]];
    this.inputSpec = { ndim: 4 };
    this.built = true;
  }

  /** `tf.pad` of the height and width. */
  override call(inputs: Tensor): Tensor {
    const axes = spatialAxes(4, this.dataFormat);
    return pad(inputs, [0, 1, 2, 3].map((a) => (axes.includes(a) ? this.padding[axes.indexOf(a)]! : [0, 0])));
  }

  /** The height and width lengthened by the padding. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const out = inputShape.slice();
    spatialAxes(4, this.dataFormat).forEach((axis, i) => {
      const d = inputShape[axis];
      out[axis] = d === null || d === undefined ? null : d + this.padding[i]![0] + this.padding[i]![1];
    });
    return out;
  }

  /** `{padding, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => p.slice()), dataFormat: this.dataFormat };
  }
}

/** Options of `new tf.keras.layers.Cropping1D(options)`. */
export interface Cropping1DOptions extends LayerOptions {
  /** The steps removed at the start and end: one number for both, or [start, end] (default 1). */
  cropping?: number | readonly number[];
}

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
  constructor(options: Cropping1DOptions = {}) {
    super(options, ['cropping']);
    this.cropping = standardizeTuple((options ?? {}).cropping ?? 1, 2, 'cropping', this.qualifiedName, true) as [number, number];
    this.inputSpec = { ndim: 3 };
    this.built = true;
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

/** Options of `new tf.keras.layers.Cropping2D(options)`. */
export interface Cropping2DOptions extends LayerOptions {
  /** The rows and columns removed: one number for all sides, [height, width] for symmetric
   * cropping, or [[top, bottom], [left, right]] (default 0). */
  cropping?: number | readonly (number | readonly number[])[];
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

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
export class Cropping2D extends Layer {
  /** The [before, after] rows and columns removed. */
  readonly cropping: [[number, number], [number, number]];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /** @param options `cropping`, `dataFormat` and the layer options. */
  constructor(options: Cropping2DOptions = {}) {
    super(options, ['cropping', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.cropping = spatialPairs(o.cropping ?? 0, 'cropping', op) as [[number, number], [number, number]];
    this.inputSpec = { ndim: 4 };
    this.built = true;
  }

  /** The rows and columns kept, sliced out. */
  override call(inputs: Tensor): Tensor {
    const sizes = this.cropped(inputs.shape, 'inputs.shape') as number[];
    const axes = spatialAxes(4, this.dataFormat);
    const begin = [0, 1, 2, 3].map((a) => (axes.includes(a) ? this.cropping[axes.indexOf(a)]![0] : 0));
    const size = [0, 1, 2, 3].map((a) => (axes.includes(a) ? sizes[axes.indexOf(a)]! : -1));
    return slice(inputs, begin, size);
  }

  /** The height and width shortened by the cropping. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const out = inputShape.slice();
    const sizes = this.cropped(inputShape, 'input_shape');
    spatialAxes(4, this.dataFormat).forEach((axis, i) => {
      out[axis] = sizes[i]!;
    });
    return out;
  }

  /** The height and width left (null where unknown); Keras' error when nothing would be left. */
  private cropped(shape: LayerShape, name: string): (number | null)[] {
    return spatialAxes(4, this.dataFormat).map((axis, i) => {
      const d = shape[axis] ?? null;
      if (d === null) return null;
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
