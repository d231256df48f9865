// tf.keras.layers.MaxPooling1D/2D/3D and AveragePooling1D/2D/3D (keras/src/layers/pooling/
// base_pooling.py and its subclasses): the maximum or the mean of each `poolSize` window, the
// windows `strides` apart (default: poolSize, so they tile the input), as tf.nn.maxPool and
// tf.nn.avgPool compute them. With 'same' padding a window that overhangs the input is taken
// over its real entries only (the padding never wins a maximum, and a mean divides by the
// entries it sums), as TensorFlow does.

import { avgPool1d, avgPool2d, avgPool3d, maxPool1d, maxPool2d, maxPool3d } from '../convolution';
import { kerasArguments, type PositionalThenOptions } from '../describe';
import type { Tensor } from '../tensor';
import { type DataFormat, standardizeDataFormat, standardizePadding, standardizeTuple } from './arguments';
import { Layer, type LayerOptions, type LayerShape } from './layer';
import { poolingOutputShape } from './window-shapes';

/** Options of the pooling layers (`new tf.keras.layers.MaxPooling2D(options)` and the like). */
export interface PoolingOptions extends LayerOptions {
  /** The window's size: one integer for every spatial axis, or one per axis (default 2). */
  poolSize?: number | readonly number[];
  /** The step between windows: one integer or one per axis (default: `poolSize`). */
  strides?: number | readonly number[] | null;
  /** 'valid' (default: only windows that fit) or 'same' (ceil(size / stride) windows); any case. */
  padding?: 'valid' | 'same';
  /** 'channels_last' (default: inputs [batch, ...spatial, channels]) or 'channels_first' ([batch, channels, ...spatial]). */
  dataFormat?: DataFormat | null;
}

/** Keras 3's pooling arguments, in its order: pool_size, strides, padding, data_format, name. */
const POOLING_POSITIONAL = ['poolSize', 'strides', 'padding', 'dataFormat', 'name'];

/** A pooling layer's options from its arguments: one options object, or Keras 3's positional ones
 * (a null strides, data_format or name is the default). */
function poolingArguments(op: string, args: readonly unknown[]): PoolingOptions {
  return (kerasArguments(op, args, POOLING_POSITIONAL, ['strides', 'dataFormat', 'name']) ?? {}) as PoolingOptions;
}

/** Keras 3's positional arguments of a pooling layer. */
type PoolingPositional = [poolSize?: number | readonly number[], strides?: number | readonly number[] | null, padding?: 'valid' | 'same', dataFormat?: DataFormat | null, name?: string | null];

/** What the pooling layers share (Keras' BasePooling): the window, the output shape, the config. */
abstract class BasePooling extends Layer {
  /** The window's size along each spatial axis. */
  readonly poolSize: number[];
  /** The step between windows along each spatial axis. */
  readonly strides: number[];
  /** 'valid' or 'same'. */
  readonly padding: 'valid' | 'same';
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  constructor(dims: number, options: PoolingOptions) {
    super(options, ['poolSize', 'strides', 'padding', 'dataFormat']);
    const op = this.qualifiedName;
    const o = options ?? {};
    const poolSize = o.poolSize ?? 2;
    this.poolSize = standardizeTuple(poolSize, dims, 'poolSize', op);
    this.strides = standardizeTuple(o.strides ?? poolSize, dims, 'strides', op);
    this.padding = standardizePadding(o.padding ?? 'valid', op);
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.inputSpec = { ndim: dims + 2 };
    this.built = true;
  }

  /** The pooled sizes along the spatial axes; the batch and channels kept. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return poolingOutputShape(inputShape, this, this.qualifiedName);
  }

  /** Checks that the windows fit (Keras' output-shape check), then pools. */
  override call(inputs: Tensor): Tensor {
    this.computeOutputShape(inputs.shape);
    return this.pool(inputs, this.padding === 'same' ? 'SAME' : 'VALID');
  }

  /** The pooling op on `inputs`. */
  protected abstract pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor;

  /** `{poolSize, padding, strides, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize.slice(), padding: this.padding, strides: this.strides.slice(), dataFormat: this.dataFormat };
  }
}

/** The 1-D ops' data format for a layer's. */
const format1d = (dataFormat: DataFormat): 'NWC' | 'NCW' => (dataFormat === 'channels_last' ? 'NWC' : 'NCW');
/** The 2-D ops' data format for a layer's. */
const format2d = (dataFormat: DataFormat): 'NHWC' | 'NCHW' => (dataFormat === 'channels_last' ? 'NHWC' : 'NCHW');
/** The 3-D ops' data format for a layer's. */
const format3d = (dataFormat: DataFormat): 'NDHWC' | 'NCDHW' => (dataFormat === 'channels_last' ? 'NDHWC' : 'NCDHW');

/**
 * keras.layers.MaxPooling1D({poolSize = 2, strides = poolSize, padding, dataFormat}): the maximum
 * of each window of `poolSize` steps of inputs [batch, steps, channels].
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.MaxPooling1D({ poolSize: 2, strides: 1 });
 * console.log(pool(tf.reshape([1, 2, 3, 4, 5], [1, 5, 1])).reshape([-1]).arraySync()); // [ 2, 3, 4, 5 ]
 * ```
 */
export class MaxPooling1D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `MaxPooling1D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(1, poolingArguments('keras.layers.MaxPooling1D', args));
  }

  /** tf.nn.maxPool1d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return maxPool1d(inputs, this.poolSize, this.strides, padding, format1d(this.dataFormat));
  }
}

/**
 * keras.layers.MaxPooling2D({poolSize = [2, 2], strides = poolSize, padding, dataFormat}): the
 * maximum of each `poolSize` window of images [batch, height, width, channels].
 *
 * @example
 * ```ts
 * const image = tf.reshape([1, 5, 2, 0, 3, 4, 9, 1, 6, 2, 0, 7, 8, 1, 3, 2], [1, 4, 4, 1]);
 * console.log(new tf.keras.layers.MaxPooling2D()(image).reshape([-1]).arraySync()); // [ 5, 9, 8, 7 ]
 * const same = new tf.keras.layers.MaxPooling2D({ poolSize: 3, strides: 2, padding: 'same' });
 * console.log(same.computeOutputShape([null, 5, 5, 8]));                           // [ null, 3, 3, 8 ]
 * ```
 */
export class MaxPooling2D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `MaxPooling2D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(2, poolingArguments('keras.layers.MaxPooling2D', args));
  }

  /** tf.nn.maxPool2d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return maxPool2d(inputs, this.poolSize, this.strides, padding, format2d(this.dataFormat));
  }
}

/**
 * keras.layers.AveragePooling1D({poolSize = 2, strides = poolSize, padding, dataFormat}): the mean
 * of each window of `poolSize` steps of inputs [batch, steps, channels].
 *
 * @example
 * ```ts
 * const pool = new tf.keras.layers.AveragePooling1D({ poolSize: 2, strides: 1, padding: 'same' });
 * console.log(pool(tf.reshape([1, 2, 3, 4, 5], [1, 5, 1])).reshape([-1]).arraySync()); // [ 1.5, 2.5, 3.5, 4.5, 5 ]
 * ```
 */
export class AveragePooling1D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `AveragePooling1D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(1, poolingArguments('keras.layers.AveragePooling1D', args));
  }

  /** tf.nn.avgPool1d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return avgPool1d(inputs, this.poolSize, this.strides, padding, format1d(this.dataFormat));
  }
}

/**
 * keras.layers.AveragePooling2D({poolSize = [2, 2], strides = poolSize, padding, dataFormat}):
 * the mean of each `poolSize` window of images [batch, height, width, channels].
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]); // 1 2 3 / 4 5 6 / 7 8 9
 * const pool = new tf.keras.layers.AveragePooling2D({ padding: 'same' });
 * console.log(pool(image).reshape([-1]).arraySync()); // [ 3, 4.5, 7.5, 9 ]
 * ```
 */
export class AveragePooling2D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `AveragePooling2D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(2, poolingArguments('keras.layers.AveragePooling2D', args));
  }

  /** tf.nn.avgPool2d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return avgPool2d(inputs, this.poolSize, this.strides, padding, format2d(this.dataFormat));
  }
}

/**
 * keras.layers.MaxPooling3D({poolSize = [2, 2, 2], strides = poolSize, padding, dataFormat}): the
 * maximum of each `poolSize` window of volumes [batch, depth, height, width, channels].
 *
 * @example
 * ```ts
 * const volume = tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 2, 2, 2, 1]);
 * console.log(new tf.keras.layers.MaxPooling3D()(volume).reshape([-1]).arraySync()); // [ 7 ]
 * const same = new tf.keras.layers.MaxPooling3D({ poolSize: 3, strides: 2, padding: 'same' });
 * console.log(same.computeOutputShape([null, 5, 4, 3, 8]));                         // [ null, 3, 2, 2, 8 ]
 * ```
 */
export class MaxPooling3D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `MaxPooling3D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(3, poolingArguments('keras.layers.MaxPooling3D', args));
  }

  /** tf.nn.maxPool3d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return maxPool3d(inputs, this.poolSize, this.strides, padding, format3d(this.dataFormat));
  }
}

/**
 * keras.layers.AveragePooling3D({poolSize = [2, 2, 2], strides = poolSize, padding, dataFormat}):
 * the mean of each `poolSize` window of volumes [batch, depth, height, width, channels].
 *
 * @example
 * ```ts
 * const volume = tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 2, 2, 2, 1]);
 * console.log(new tf.keras.layers.AveragePooling3D()(volume).reshape([-1]).arraySync()); // [ 3.5 ]
 * ```
 */
export class AveragePooling3D extends BasePooling {
  /** @param options `poolSize`, `strides`, `padding`, `dataFormat` and the layer options. */
  constructor(options?: PoolingOptions);
  /** Keras 3's positional form: `AveragePooling3D(pool_size, strides, padding, data_format, name)`. */
  constructor(...positional: PoolingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PoolingPositional, PoolingOptions>);
  constructor(...args: unknown[]) {
    super(3, poolingArguments('keras.layers.AveragePooling3D', args));
  }

  /** tf.nn.avgPool3d. */
  protected override pool(inputs: Tensor, padding: 'SAME' | 'VALID'): Tensor {
    return avgPool3d(inputs, this.poolSize, this.strides, padding, format3d(this.dataFormat));
  }
}
