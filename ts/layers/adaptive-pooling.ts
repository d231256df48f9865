// tf.keras.layers.AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D (keras/src/layers/
// pooling/base_adaptive_pooling.py and its subclasses, keras.ops.adaptive_average_pool and
// adaptive_max_pool): the mean or the maximum over windows chosen so that the output has
// `outputSize` positions along each spatial axis, whatever the input's size. Along an axis of n
// positions pooled to m, output i reads the input's positions [⌊i·n/m⌋, ⌈(i+1)·n/m⌉) (PyTorch's
// adaptive bins, which Keras' "two-pool gather" computes: windows of ⌈n/m⌉ or ⌈n/m⌉ + 1
// positions, neighbouring ones overlapping where m does not divide n; with m > n positions
// repeat). The axes are pooled one after the other, as Keras does (the mean and the maximum over
// a box are those over each of its axes in turn).

import { describe, type PositionalThenOptions } from '../describe';
import { imageDataFormat } from '../keras-settings';
import { reduceMax } from '../generated/ops';
import { concat, reduceMean } from '../ops';
import { slice } from '../shape';
import type { Tensor } from '../tensor';
import type { DataFormat } from './arguments';
import { Layer, requiredLayerArguments, layerArguments, type LayerOptions, type LayerShape, promoteToFloat, takeArguments } from './layer';

/** Options of `new tf.keras.layers.AdaptiveAveragePooling2D(outputSize, options)` and of the other adaptive poolings. */
export interface AdaptivePoolingOptions extends LayerOptions {
  /** 'channels_last' (default: inputs [batch, ...spatial, channels]) or 'channels_first' ([batch, channels, ...spatial]). */
  dataFormat?: DataFormat | null;
}

/** The names of the spatial sizes in Keras' messages, by the number of spatial axes. */
const SIZE_NAMES: Record<number, string> = { 2: '(height, width)', 3: '(depth, height, width)' };

/** Python's text of an output size in Keras' messages: `(2, 3)`, `3`, `'3'`. */
function pythonText(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(pythonText).join(', ')}${value.length === 1 ? ',' : ''})`;
  if (typeof value === 'string') return `'${value}'`;
  return describe(value);
}

/** The output size given (one integer for every axis, or one per axis) as `dims` positive integers, with Keras' messages. */
function standardizeOutputSize(value: unknown, dims: number, op: string): number[] {
  const isSize = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
  if (dims === 1) {
    if (Array.isArray(value) && value.length !== 1) throw new Error(`${op}: For 1D input, \`outputSize\` tuple must have length 1. Received: ${pythonText(value)}`);
    const list = Array.isArray(value) ? value : [value];
    if (!list.every(isSize)) throw new Error(`${op}: \`outputSize\` must be an integer or tuple of 1 integer. Received: ${pythonText(value)}`);
    return list as number[];
  }
  const list = typeof value === 'number' ? Array<number>(dims).fill(value) : Array.isArray(value) && value.length === dims ? value : null;
  if (list === null || !list.every(isSize)) throw new Error(`${op}: \`outputSize\` must be an integer or ${SIZE_NAMES[dims]} tuple. Received: ${pythonText(value)}`);
  return list.slice() as number[];
}

/** The windows [start, end) of an axis of `length` positions pooled to `size`: PyTorch's adaptive bins. */
export function adaptiveBins(length: number, size: number): [number, number][] {
  return Array.from({ length: size }, (_, i) => [Math.floor((i * length) / size), Math.ceil(((i + 1) * length) / size)]);
}

/**
 * `x` [batch, ...spatial, channels] (channels first: [batch, channels, ...spatial]) pooled to
 * `outputSize` along each spatial axis in turn: the `reduce` (mean or maximum, kept as an axis of
 * size 1) of each window of {@link adaptiveBins}, side by side (the layers' and keras.ops'
 * adaptive_average_pool and adaptive_max_pool).
 */
export function adaptivePool(x: Tensor, outputSize: readonly number[], dataFormat: DataFormat, reduce: (x: Tensor, axis: number) => Tensor): Tensor {
  const first = dataFormat === 'channels_last' ? 1 : 2;
  outputSize.forEach((size, k) => {
    const axis = first + k;
    const length = x.shape[axis]!;
    const begin = Array<number>(x.rank).fill(0);
    const extent = x.shape.slice() as number[];
    const pieces = adaptiveBins(length, size).map(([start, end]) => {
      begin[axis] = start;
      extent[axis] = end - start;
      return reduce(slice(x, begin, extent), axis);
    });
    x = concat(pieces, axis);
  });
  return x;
}

/** What the adaptive poolings share (Keras' BaseAdaptivePooling): the output size, the data format, the output shape and the per-axis pooling. */
abstract class BaseAdaptivePooling extends Layer {
  /** The output's size along each spatial axis. */
  readonly outputSize: number[];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  constructor(dims: number, outputSize: number | readonly number[], options: AdaptivePoolingOptions) {
    super(options, ['dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.outputSize = standardizeOutputSize(outputSize, dims, op);
    const format = o.dataFormat ?? imageDataFormat();
    if (format !== 'channels_last' && format !== 'channels_first') {
      throw new Error(`${op}: Invalid dataFormat: ${typeof format === 'string' ? format : describe(format)}. Expected 'channels_first' or 'channels_last'.`);
    }
    this.dataFormat = format;
    this.inputSpec = { ndim: dims + 2 };
  }

  /** The reduction (mean or maximum) over `axis`, kept as an axis of size 1. */
  protected abstract reduce(x: Tensor, axis: number): Tensor;

  /** Each spatial axis in turn pooled to its output size: the windows' reductions side by side
   * (integer inputs promoted to the layer's dtype). */
  override call(inputs: Tensor): Tensor {
    return adaptivePool(promoteToFloat(inputs, this.dtype), this.outputSize, this.dataFormat, (x, axis) => this.reduce(x, axis));
  }

  /** [batch, ...outputSize, channels] (channels first: [batch, channels, ...outputSize]). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const batch = inputShape[0] ?? null;
    if (this.dataFormat === 'channels_last') return [batch, ...this.outputSize, inputShape[inputShape.length - 1] ?? null];
    return [batch, inputShape[1] ?? null, ...this.outputSize];
  }

  /** `{outputSize, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), outputSize: this.outputSize.slice(), dataFormat: this.dataFormat };
  }

  /** A new layer from `getConfig()`'s object (Keras' `from_config`): `outputSize` and the options. */
  static override fromConfig(config: Record<string, unknown>): Layer {
    const [[outputSize], options] = takeArguments(config, this.name, ['outputSize']);
    return new (this as unknown as new (outputSize: number[], options: Record<string, unknown>) => Layer)(outputSize as number[], options);
  }
}

/** The mean over windows (Keras' BaseAdaptiveAveragePooling). */
abstract class BaseAdaptiveAveragePooling extends BaseAdaptivePooling {
  /** The mean over `axis`. */
  protected override reduce(x: Tensor, axis: number): Tensor {
    return reduceMean(x, axis, true);
  }
}

/** The maximum over windows (Keras' BaseAdaptiveMaxPooling). */
abstract class BaseAdaptiveMaxPooling extends BaseAdaptivePooling {
  /** The maximum over `axis`. */
  protected override reduce(x: Tensor, axis: number): Tensor {
    return reduceMax(x, axis, true);
  }
}

/** Keras 3's positional arguments of AdaptiveAveragePooling1D after its required ones, in its order. */
type AdaptiveAveragePooling1DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveAveragePooling1D(outputSize): the mean over windows of [batch, steps,
 * channels] (or [batch, channels, steps] channels first) chosen so that the output has
 * `outputSize` steps: output i is the mean of steps [⌊i·n/m⌋, ⌈(i+1)·n/m⌉) of n pooled to m.
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveAveragePooling1D(3);
 * console.log(pool(tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 8, 1])).reshape([-1]).arraySync()); // [ 1, 3.5, 6 ]
 * ```
 */
export class AdaptiveAveragePooling1D extends BaseAdaptiveAveragePooling {
  /**
   * @param outputSize The output's steps: an integer (or a list of one).
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveAveragePooling1D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveAveragePooling1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveAveragePooling1DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveAveragePooling1D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(1, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}

/** Keras 3's positional arguments of AdaptiveAveragePooling2D after its required ones, in its order. */
type AdaptiveAveragePooling2DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveAveragePooling2D(outputSize): the mean over windows of images [batch, rows,
 * cols, channels] (or channels first) chosen so that the output is `outputSize` (rows, cols),
 * whatever the input's size: output (i, j) is the mean of rows [⌊i·h/m⌋, ⌈(i+1)·h/m⌉) and columns
 * likewise.
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveAveragePooling2D([2, 1]);
 * console.log(pool(tf.reshape(tf.range(0, 12, 1, 'float32'), [1, 3, 4, 1])).reshape([-1]).arraySync()); // [ 3.5, 7.5 ]
 * console.log(new tf.keras.layers.AdaptiveAveragePooling2D(7).computeOutputShape([null, 224, 224, 64])); // [ null, 7, 7, 64 ]
 * ```
 */
export class AdaptiveAveragePooling2D extends BaseAdaptiveAveragePooling {
  /**
   * @param outputSize The output's rows and columns: one integer for both, or [rows, cols].
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveAveragePooling2D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveAveragePooling2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveAveragePooling2DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveAveragePooling2D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(2, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}

/** Keras 3's positional arguments of AdaptiveAveragePooling3D after its required ones, in its order. */
type AdaptiveAveragePooling3DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveAveragePooling3D(outputSize): the mean over windows of volumes [batch, d1,
 * d2, d3, channels] (or channels first) chosen so that the output is `outputSize`.
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveAveragePooling3D([1, 2, 2]);
 * console.log(pool(tf.ones([2, 4, 5, 6, 3])).shape); // [ 2, 1, 2, 2, 3 ]
 * ```
 */
export class AdaptiveAveragePooling3D extends BaseAdaptiveAveragePooling {
  /**
   * @param outputSize The output's sizes: one integer for all three, or three.
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveAveragePooling3D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveAveragePooling3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveAveragePooling3DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveAveragePooling3D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(3, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}

/** Keras 3's positional arguments of AdaptiveMaxPooling1D after its required ones, in its order. */
type AdaptiveMaxPooling1DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveMaxPooling1D(outputSize): the maximum over windows of [batch, steps,
 * channels] (or channels first) chosen so that the output has `outputSize` steps: output i is the
 * maximum of steps [⌊i·n/m⌋, ⌈(i+1)·n/m⌉).
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveMaxPooling1D(3);
 * console.log(pool(tf.constant([[[1], [5], [2], [0], [3]]])).reshape([-1]).arraySync()); // [ 5, 5, 3 ]
 * ```
 */
export class AdaptiveMaxPooling1D extends BaseAdaptiveMaxPooling {
  /**
   * @param outputSize The output's steps: an integer (or a list of one).
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveMaxPooling1D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveMaxPooling1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveMaxPooling1DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveMaxPooling1D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(1, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}

/** Keras 3's positional arguments of AdaptiveMaxPooling2D after its required ones, in its order. */
type AdaptiveMaxPooling2DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveMaxPooling2D(outputSize): the maximum over windows of images (channels last
 * or first) chosen so that the output is `outputSize` (rows, cols).
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveMaxPooling2D(1, { dataFormat: 'channels_first' });
 * console.log(pool(tf.reshape(tf.range(0, 12, 1, 'float32'), [1, 2, 2, 3])).reshape([-1]).arraySync()); // [ 5, 11 ]
 * ```
 */
export class AdaptiveMaxPooling2D extends BaseAdaptiveMaxPooling {
  /**
   * @param outputSize The output's rows and columns: one integer for both, or [rows, cols].
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveMaxPooling2D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveMaxPooling2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveMaxPooling2DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveMaxPooling2D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(2, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}

/** Keras 3's positional arguments of AdaptiveMaxPooling3D after its required ones, in its order. */
type AdaptiveMaxPooling3DPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.AdaptiveMaxPooling3D(outputSize): the maximum over windows of volumes (channels
 * last or first) chosen so that the output is `outputSize`.
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AdaptiveMaxPooling3D(2);
 * console.log(pool(tf.ones([1, 3, 3, 3, 2])).shape, pool.getConfig().outputSize); // [ 1, 2, 2, 2, 2 ] [ 2, 2, 2 ]
 * ```
 */
export class AdaptiveMaxPooling3D extends BaseAdaptiveMaxPooling {
  /**
   * @param outputSize The output's sizes: one integer for all three, or three.
   * @param options `dataFormat` and the layer options.
   */
  constructor(outputSize: number | readonly number[], options?: AdaptivePoolingOptions);
  /** Keras 3's positional form: `AdaptiveMaxPooling3D(output_size, data_format)`. */
  constructor(outputSize: number | readonly number[], ...positional: AdaptiveMaxPooling3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(outputSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<AdaptiveMaxPooling3DPositional, AdaptivePoolingOptions>);
  /** Python's keyword form, `AdaptiveMaxPooling3D(output_size=...)`: `outputSize` among the options. */
  constructor(options: AdaptivePoolingOptions & { outputSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[outputSize], args] = requiredLayerArguments(new.target, given, ['outputSize']) as [[number | readonly number[]], unknown[]];
    super(3, outputSize, layerArguments(new.target, args, ['dataFormat'], ['dataFormat']));
  }
}
