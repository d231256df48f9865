// tf.keras.layers.GlobalAveragePooling1D/2D/3D and GlobalMaxPooling1D/2D/3D (keras/src/layers/pooling/
// base_global_pooling.py and its subclasses): the mean or the maximum over every spatial position,
// one value per sample and channel: [batch, ...spatial, channels] to [batch, channels], or, with
// `keepdims`, [batch, 1, ..., 1, channels] (channels first: [batch, channels, 1, ..., 1]).

import { checkBoolean, type PositionalThenOptions } from '../describe';
import { div, reduceMax, reduceSum } from '../generated/ops';
import { cast, reduceMean, where } from '../ops';
import { expandDims } from '../shape';
import type { Tensor } from '../tensor';
import { type DataFormat, spatialAxes, standardizeDataFormat } from './arguments';
import { Layer, layerArguments, type LayerCallArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors } from './layer';

/** Options of the global pooling layers (`new tf.keras.layers.GlobalAveragePooling2D(options)` and the like). */
export interface GlobalPoolingOptions extends LayerOptions {
  /** 'channels_last' (default: inputs [batch, ...spatial, channels]) or 'channels_first' ([batch, channels, ...spatial]). */
  dataFormat?: DataFormat | null;
  /** Keep the spatial axes, of size 1 (default false: [batch, channels]). */
  keepdims?: boolean;
}

/** A global pooling layer's options from its arguments: one options object, or Keras 3's
 * positional data_format (null: the default) and keepdims. */
function globalPoolingArguments(cls: abstract new (...args: never[]) => unknown, args: readonly unknown[]): GlobalPoolingOptions {
  return layerArguments(cls, args, ['dataFormat', 'keepdims'], ['dataFormat']);
}

/** What the global pooling layers share (Keras' BaseGlobalPooling): the options and the output shape. */
abstract class BaseGlobalPooling extends Layer {
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;
  /** Whether the spatial axes are kept, of size 1. */
  readonly keepdims: boolean;

  constructor(dims: number, options: GlobalPoolingOptions) {
    super(options, ['dataFormat', 'keepdims']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.keepdims = checkBoolean(o.keepdims, op, 'keepdims', false);
    this.inputSpec = { ndim: dims + 2 };
    this.built = true;
  }

  /** The reduction over `axes` (the spatial ones). */
  protected abstract reduce(inputs: Tensor, axes: number[]): Tensor;

  /** The reduction of `inputs` over its spatial axes. */
  override call(inputs: Tensor): Tensor {
    return this.reduce(inputs, spatialAxes(inputs.rank, this.dataFormat));
  }

  /** [batch, channels], or with `keepdims` the spatial sizes as 1. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const spatial = spatialAxes(inputShape.length, this.dataFormat);
    if (this.keepdims) return inputShape.map((d, i) => (spatial.includes(i) ? 1 : d));
    return inputShape.filter((_, i) => !spatial.includes(i));
  }

  /** `{dataFormat, keepdims}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

/** Keras 3's positional arguments of GlobalAveragePooling1D, in its order. */
type GlobalAveragePooling1DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalAveragePooling1D({dataFormat, keepdims}): the mean over the steps of inputs
 * [batch, steps, channels], giving [batch, channels]. Given a mask of the steps ([batch, steps],
 * from `Masking` or `Embedding` with `maskZero`), the mean over the unmasked steps only, as
 * Keras'; the output has no mask.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 10], [2, 20], [6, 60]]]); // one sample, 3 steps, 2 channels
 * console.log(new tf.keras.layers.GlobalAveragePooling1D()(x).arraySync());                    // [ [ 3, 30 ] ]
 * console.log(new tf.keras.layers.GlobalAveragePooling1D({ keepdims: true })(x).shape);         // [ 1, 1, 2 ]
 * console.log(new tf.keras.layers.GlobalAveragePooling1D()(x, { mask: [[true, true, false]] }).arraySync()); // [ [ 1.5, 15 ] ]
 * ```
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalAveragePooling1D(data_format, keepdims)`. */
  constructor(...positional: GlobalAveragePooling1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalAveragePooling1DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(1, globalPoolingArguments(new.target, args));
    this.supportsMasking = true;
  }

  /** The mean over the steps, or with a mask the sum over the unmasked steps over their count. */
  override call(inputs: Tensor, options?: LayerCallArguments): Tensor {
    const mask = options?.mask;
    if (mask === undefined || mask === null) return super.call(inputs);
    const stepsAxis = this.dataFormat === 'channels_last' ? 1 : 2;
    const expanded = expandDims(mask as Tensor, this.dataFormat === 'channels_last' ? 2 : 1);
    const kept = where(expanded, inputs, 0);
    return div(reduceSum(kept, stepsAxis, this.keepdims), reduceSum(cast(expanded, inputs.dtype), stepsAxis, this.keepdims));
  }

  /** No mask: the steps are pooled away. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): null {
    void inputs;
    void mask;
    return null;
  }

  /** The mean over the steps. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMean(inputs, axes, this.keepdims);
  }
}

/** Keras 3's positional arguments of GlobalAveragePooling2D, in its order. */
type GlobalAveragePooling2DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalAveragePooling2D({dataFormat, keepdims}): the mean over the height and width
 * of images [batch, height, width, channels], giving [batch, channels].
 *
 * @example
 * ```ts
 * const images = tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 2, 2, 2]); // channel 0: 0 2 4 6, channel 1: 1 3 5 7
 * console.log(new tf.keras.layers.GlobalAveragePooling2D()(images).arraySync()); // [ [ 3, 4 ] ]
 * ```
 */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalAveragePooling2D(data_format, keepdims)`. */
  constructor(...positional: GlobalAveragePooling2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalAveragePooling2DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(2, globalPoolingArguments(new.target, args));
  }

  /** The mean over the height and width. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMean(inputs, axes, this.keepdims);
  }
}

/** Keras 3's positional arguments of GlobalMaxPooling1D, in its order. */
type GlobalMaxPooling1DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalMaxPooling1D({dataFormat, keepdims}): the maximum over the steps of inputs
 * [batch, steps, channels], giving [batch, channels].
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 10], [7, -20], [6, 60]]]);
 * console.log(new tf.keras.layers.GlobalMaxPooling1D()(x).arraySync()); // [ [ 7, 60 ] ]
 * ```
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalMaxPooling1D(data_format, keepdims)`. */
  constructor(...positional: GlobalMaxPooling1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalMaxPooling1DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(1, globalPoolingArguments(new.target, args));
  }

  /** The maximum over the steps. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMax(inputs, axes, this.keepdims);
  }
}

/** Keras 3's positional arguments of GlobalMaxPooling2D, in its order. */
type GlobalMaxPooling2DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalMaxPooling2D({dataFormat, keepdims}): the maximum over the height and width
 * of images [batch, height, width, channels], giving [batch, channels].
 *
 * @example
 * ```ts
 * const images = tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 2, 2, 2]);
 * console.log(new tf.keras.layers.GlobalMaxPooling2D({ dataFormat: 'channels_first' })(images).arraySync()); // [ [ 3, 7 ] ]
 * ```
 */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalMaxPooling2D(data_format, keepdims)`. */
  constructor(...positional: GlobalMaxPooling2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalMaxPooling2DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(2, globalPoolingArguments(new.target, args));
  }

  /** The maximum over the height and width. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMax(inputs, axes, this.keepdims);
  }
}

/** Keras 3's positional arguments of GlobalAveragePooling3D, in its order. */
type GlobalAveragePooling3DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalAveragePooling3D({dataFormat, keepdims}): the mean over the depth, height and
 * width of volumes [batch, depth, height, width, channels], giving [batch, channels].
 *
 * @example
 * ```ts
 * const volume = tf.reshape(tf.range(0, 16, 1, 'float32'), [1, 2, 2, 2, 2]);
 * console.log(new tf.keras.layers.GlobalAveragePooling3D()(volume).arraySync()); // [ [ 7, 8 ] ]
 * ```
 */
export class GlobalAveragePooling3D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalAveragePooling3D(data_format, keepdims)`. */
  constructor(...positional: GlobalAveragePooling3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalAveragePooling3DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(3, globalPoolingArguments(new.target, args));
  }

  /** The mean over the depth, height and width. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMean(inputs, axes, this.keepdims);
  }
}

/** Keras 3's positional arguments of GlobalMaxPooling3D, in its order. */
type GlobalMaxPooling3DPositional = [
  dataFormat?: DataFormat | null, keepdims?: boolean,
];

/**
 * keras.layers.GlobalMaxPooling3D({dataFormat, keepdims}): the maximum over the depth, height and
 * width of volumes [batch, depth, height, width, channels], giving [batch, channels].
 *
 * @example
 * ```ts
 * const volume = tf.reshape(tf.range(0, 16, 1, 'float32'), [1, 2, 2, 2, 2]);
 * console.log(new tf.keras.layers.GlobalMaxPooling3D({ dataFormat: 'channels_first' })(volume).arraySync()); // [ [ 7, 15 ] ]
 * ```
 */
export class GlobalMaxPooling3D extends BaseGlobalPooling {
  /** @param options `dataFormat`, `keepdims` and the layer options. */
  constructor(options?: GlobalPoolingOptions);
  /** Keras 3's positional form: `GlobalMaxPooling3D(data_format, keepdims)`. */
  constructor(...positional: GlobalMaxPooling3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GlobalMaxPooling3DPositional, GlobalPoolingOptions>);
  constructor(...args: unknown[]) {
    super(3, globalPoolingArguments(new.target, args));
  }

  /** The maximum over the depth, height and width. */
  protected override reduce(inputs: Tensor, axes: number[]): Tensor {
    return reduceMax(inputs, axes, this.keepdims);
  }
}
