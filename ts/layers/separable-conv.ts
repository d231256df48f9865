// tf.keras.layers.SeparableConv1D and SeparableConv2D (keras/src/layers/convolutional/
// base_separable_conv.py): a depthwise convolution (each input channel with its own
// depthMultiplier filters, the window's strides, padding and dilation) followed by a pointwise
// one (a 1×1 convolution to `filters` channels), then the bias and the activation. Weights, in
// Keras' order: depthwise_kernel [...kernelSize, channels, depthMultiplier], pointwise_kernel
// [1, ..., channels·depthMultiplier, filters], bias [filters]. SeparableConv2D is
// tf.nn.separable_conv2d; SeparableConv1D a grouped conv1d (one input channel per group) then a
// conv1d of width 1.

import { describe, type PositionalThenOptions } from '../describe';
import { conv1d, separableConv2d } from '../convolution';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { BaseWindowConv, type ConvWindowOptions } from './convolutional';
import { checkDepthMultiplier, type DepthwiseConvOptions } from './depthwise-conv';
import { type ActivationLike, type ConstraintLike, type InitializerLike, type RegularizerLike, layerArguments, requiredLayerArguments, takeArguments } from './layer';
import type { DataFormat } from './arguments';

/** Options of `new tf.keras.layers.SeparableConv2D(filters, kernelSize, options)` and SeparableConv1D. */
export interface SeparableConvOptions extends DepthwiseConvOptions, Omit<ConvWindowOptions, 'padding'> {
  /** How the pointwise kernel starts (default 'glorot_uniform'). */
  pointwiseInitializer?: InitializerLike;
  /** A penalty of the pointwise kernel, added to `losses`. */
  pointwiseRegularizer?: RegularizerLike | null;
  /** A projection of the pointwise kernel applied after each optimizer update. */
  pointwiseConstraint?: ConstraintLike | null;
}


/** Keras 3's SeparableConv1D/2D arguments after filters and kernel_size, in its order, and those
 * whose default is None. */
const SEPARABLE_POSITIONAL = [
  'strides', 'padding', 'dataFormat', 'dilationRate', 'depthMultiplier', 'activation', 'useBias', 'depthwiseInitializer', 'pointwiseInitializer',
  'biasInitializer', 'depthwiseRegularizer', 'pointwiseRegularizer', 'biasRegularizer', 'activityRegularizer', 'depthwiseConstraint', 'pointwiseConstraint',
  'biasConstraint',
];
const SEPARABLE_NONE = [
  'dataFormat', 'activation', 'depthwiseRegularizer', 'pointwiseRegularizer', 'biasRegularizer', 'activityRegularizer', 'depthwiseConstraint', 'pointwiseConstraint', 'biasConstraint',
];

/** Keras 3's positional arguments of a separable convolution after filters and kernel_size. */
type SeparableConvPositional = [
  strides?: number | readonly number[], padding?: 'valid' | 'same', dataFormat?: DataFormat | null, dilationRate?: number | readonly number[], depthMultiplier?: number,
  activation?: ActivationLike | null, useBias?: boolean, depthwiseInitializer?: InitializerLike, pointwiseInitializer?: InitializerLike, biasInitializer?: InitializerLike,
  depthwiseRegularizer?: RegularizerLike | null, pointwiseRegularizer?: RegularizerLike | null, biasRegularizer?: RegularizerLike | null,
  activityRegularizer?: RegularizerLike | null, depthwiseConstraint?: ConstraintLike | null, pointwiseConstraint?: ConstraintLike | null, biasConstraint?: ConstraintLike | null,
];
/** What the separable convolutions share (Keras' BaseSeparableConv). */
abstract class BaseSeparableConv extends BaseWindowConv {
  /** The output's channels. */
  readonly filters: number;
  /** The number of depthwise filters of each input channel. */
  readonly depthMultiplier: number;
  /** The depthwise kernel, [...kernelSize, channels, depthMultiplier]; null until built. */
  depthwiseKernel: Variable | null = null;
  /** The pointwise kernel, [1, ..., channels·depthMultiplier, filters]; null until built. */
  pointwiseKernel: Variable | null = null;

  constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: SeparableConvOptions) {
    super(rank, kernelSize, options, ['valid', 'same'], ['depthwise', 'pointwise'], ['depthMultiplier']);
    const op = this.qualifiedName;
    if (!Number.isSafeInteger(filters) || filters <= 0) {
      throw new Error(`${op}: Invalid value for argument \`filters\`. Expected a strictly positive value. Received filters=${describe(filters)}.`);
    }
    this.filters = filters;
    this.depthMultiplier = checkDepthMultiplier((options ?? {}).depthMultiplier, op);
  }

  /** Makes `depthwise_kernel` and `pointwise_kernel`. */
  protected override makeKernels(channels: number): void {
    this.depthwiseKernel = this.addRoleWeight('depthwise', 'depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier]);
    this.pointwiseKernel = this.addRoleWeight('pointwise', 'pointwise_kernel', [...Array<number>(this.rank).fill(1), channels * this.depthMultiplier, this.filters]);
  }

  /** `filters`. */
  protected override outputChannels(): number {
    return this.filters;
  }

  /** Keras' config: depthMultiplier, filters, the window, activation, useBias, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), depthMultiplier: this.depthMultiplier, filters: this.filters };
  }
}

/** `fromConfig` of a separable class: `filters`, `kernelSize` and the options. */
function separableFromConfig<T>(cls: new (filters: number, kernelSize: number[], options: SeparableConvOptions) => T, name: string, config: Record<string, unknown>): T {
  const [[filters, kernelSize], options] = takeArguments(config, name, ['filters', 'kernelSize']);
  return new cls(filters as number, kernelSize as number[], options);
}

/**
 * keras.layers.SeparableConv1D(filters, kernelSize, {depthMultiplier}): a depthwise convolution
 * of sequences [batch, steps, channels] then a pointwise one to `filters` channels.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.SeparableConv1D(4, 3, { depthMultiplier: 2 });
 * console.log(conv(tf.zeros([1, 10, 3])).shape);                 // [ 1, 8, 4 ]
 * console.log(conv.weights.map((w) => w.shape.join('x')));        // [ '3x3x2', '1x6x4', '4' ]
 * ```
 */
export class SeparableConv1D extends BaseSeparableConv {
  /** A new SeparableConv1D from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): SeparableConv1D {
    return separableFromConfig(this, 'SeparableConv1D', config);
  }

  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's length.
   * @param options `depthMultiplier`, `strides`, `padding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the depthwise and pointwise kernels' and the bias's initializers, regularizers and constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: SeparableConvOptions);
  /** Keras 3's positional form: `SeparableConv1D(filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier, activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: SeparableConvPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<SeparableConvPositional, SeparableConvOptions>);
  /** Python's keyword form, `SeparableConv1D(filters, kernel_size=...)` or `SeparableConv1D(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: SeparableConvOptions & { kernelSize: number | readonly number[] });
  constructor(options: SeparableConvOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(1, filters, kernelSize, layerArguments(new.target, args, SEPARABLE_POSITIONAL, SEPARABLE_NONE));
  }

  /** The grouped conv1d of one input channel per group, then the conv1d of width 1. */
  protected override convolve(inputs: Tensor): Tensor {
    const [k, channels, multiplier] = this.depthwiseKernel!.shape as [number, number, number];
    const format = this.dataFormat === 'channels_last' ? 'NWC' : 'NCW';
    const depthwise = conv1d(inputs, reshape(this.depthwiseKernel!, [k, 1, channels * multiplier]), this.strides, this.padding === 'same' ? 'SAME' : 'VALID', format, this.dilationRate);
    return conv1d(depthwise, this.pointwiseKernel!, 1, 'VALID', format);
  }
}

/**
 * keras.layers.SeparableConv2D(filters, kernelSize, {depthMultiplier}): a depthwise convolution
 * of images then a 1×1 convolution to `filters` channels (tf.nn.separable_conv2d), with fewer
 * weights than a Conv2D of the same window.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.SeparableConv2D(8, 3, { padding: 'same' });
 * console.log(conv(tf.zeros([1, 6, 6, 4])).shape, conv.countParams()); // [ 1, 6, 6, 8 ] 76
 * ```
 */
export class SeparableConv2D extends BaseSeparableConv {
  /** A new SeparableConv2D from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): SeparableConv2D {
    return separableFromConfig(this, 'SeparableConv2D', config);
  }

  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's height and width: one integer or two.
   * @param options `depthMultiplier`, `strides`, `padding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the depthwise and pointwise kernels' and the bias's initializers, regularizers and constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: SeparableConvOptions);
  /** Keras 3's positional form: `SeparableConv2D(filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier, activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: SeparableConvPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<SeparableConvPositional, SeparableConvOptions>);
  /** Python's keyword form, `SeparableConv2D(filters, kernel_size=...)` or `SeparableConv2D(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: SeparableConvOptions & { kernelSize: number | readonly number[] });
  constructor(options: SeparableConvOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(2, filters, kernelSize, layerArguments(new.target, args, SEPARABLE_POSITIONAL, SEPARABLE_NONE));
  }

  /** tf.nn.separable_conv2d. */
  protected override convolve(inputs: Tensor): Tensor {
    return separableConv2d(inputs, this.depthwiseKernel!, this.pointwiseKernel!, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', this.dilationRate);
  }
}
