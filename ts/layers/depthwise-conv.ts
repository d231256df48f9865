// tf.keras.layers.DepthwiseConv1D and DepthwiseConv2D (keras/src/layers/convolutional/
// base_depthwise_conv.py): each input channel convolved with its own `depthMultiplier` filters,
// output channel c·depthMultiplier + m from input channel c, then the bias and the activation.
// The kernel is [...kernelSize, channels, depthMultiplier] (Keras' 'kernel', with the
// `depthwise*` initializer, regularizer and constraint options), the bias [channels·depthMultiplier].
// DepthwiseConv2D is tf.nn.depthwise_conv2d; DepthwiseConv1D the grouped conv1d of one input
// channel per group, the kernel read as [kernelSize, 1, channels·depthMultiplier].

import { describe, type PositionalThenOptions } from '../describe';
import { conv1d, depthwiseConv2d } from '../convolution';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { BaseWindowConv, type ConvWindowOptions } from './convolutional';
import { type ActivationLike, type ConstraintLike, type InitializerLike, type RegularizerLike, layerArguments, requiredLayerArguments, takeArguments } from './layer';
import type { DataFormat } from './arguments';

/** Options of `new tf.keras.layers.DepthwiseConv2D(kernelSize, options)` and DepthwiseConv1D. */
export interface DepthwiseConvOptions extends Omit<ConvWindowOptions, 'padding'> {
  /** 'valid' (default) or 'same'; any case. */
  padding?: 'valid' | 'same';
  /** The number of filters of each input channel (default 1). */
  depthMultiplier?: number;
  /** How the kernel starts (default 'glorot_uniform'). */
  depthwiseInitializer?: InitializerLike;
  /** A penalty of the kernel, added to `losses`. */
  depthwiseRegularizer?: RegularizerLike | null;
  /** A projection of the kernel applied after each optimizer update. */
  depthwiseConstraint?: ConstraintLike | null;
}


/** Keras 3's DepthwiseConv1D/2D arguments after kernel_size, in its order, and those whose default is None. */
const DEPTHWISE_POSITIONAL = [
  'strides', 'padding', 'depthMultiplier', 'dataFormat', 'dilationRate', 'activation', 'useBias', 'depthwiseInitializer', 'biasInitializer',
  'depthwiseRegularizer', 'biasRegularizer', 'activityRegularizer', 'depthwiseConstraint', 'biasConstraint',
];
const DEPTHWISE_NONE = ['dataFormat', 'activation', 'depthwiseRegularizer', 'biasRegularizer', 'activityRegularizer', 'depthwiseConstraint', 'biasConstraint'];

/** Keras 3's positional arguments of a depthwise convolution after kernel_size. */
type DepthwiseConvPositional = [
  strides?: number | readonly number[], padding?: 'valid' | 'same', depthMultiplier?: number, dataFormat?: DataFormat | null, dilationRate?: number | readonly number[],
  activation?: ActivationLike | null, useBias?: boolean, depthwiseInitializer?: InitializerLike, biasInitializer?: InitializerLike,
  depthwiseRegularizer?: RegularizerLike | null, biasRegularizer?: RegularizerLike | null, activityRegularizer?: RegularizerLike | null,
  depthwiseConstraint?: ConstraintLike | null, biasConstraint?: ConstraintLike | null,
];
/** A `depthMultiplier` option: a positive integer (default 1). */
export function checkDepthMultiplier(value: unknown, op: string): number {
  const m = value ?? 1;
  if (!Number.isSafeInteger(m) || (m as number) <= 0) {
    throw new Error(`${op}: Invalid value for argument \`depthMultiplier\`. Expected a strictly positive value. Received depthMultiplier=${describe(value)}.`);
  }
  return m as number;
}

/** What the depthwise convolutions share (Keras' BaseDepthwiseConv). */
abstract class BaseDepthwiseConv extends BaseWindowConv {
  /** The number of filters of each input channel. */
  readonly depthMultiplier: number;
  /** The kernel, [...kernelSize, channels, depthMultiplier]; null until built. */
  kernel: Variable | null = null;

  constructor(rank: number, kernelSize: number | readonly number[], options: DepthwiseConvOptions) {
    super(rank, kernelSize, options, ['valid', 'same'], ['depthwise'], ['depthMultiplier']);
    this.depthMultiplier = checkDepthMultiplier((options ?? {}).depthMultiplier, this.qualifiedName);
  }

  /** Makes `kernel`, [...kernelSize, channels, depthMultiplier]. */
  protected override makeKernels(channels: number): void {
    this.kernel = this.addRoleWeight('depthwise', 'kernel', [...this.kernelSize, channels, this.depthMultiplier]);
  }

  /** channels · depthMultiplier. */
  protected override outputChannels(channels: number | null): number | null {
    return channels === null ? null : channels * this.depthMultiplier;
  }

  /** Keras' config: depthMultiplier, the window, activation, useBias, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), depthMultiplier: this.depthMultiplier };
  }
}

/** `fromConfig` of a class made from `kernelSize` and options. */
function fromKernelSize<T, O>(cls: new (kernelSize: number[], options: O) => T, name: string, config: Record<string, unknown>): T {
  const [[kernelSize], options] = takeArguments(config, name, ['kernelSize']);
  return new cls(kernelSize as number[], options as O);
}

/**
 * keras.layers.DepthwiseConv1D(kernelSize, {depthMultiplier}): each channel of sequences [batch,
 * steps, channels] convolved with its own depthMultiplier filters, giving channels ·
 * depthMultiplier channels. The kernel is [kernelSize, channels, depthMultiplier].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.DepthwiseConv1D(2, { depthMultiplier: 2, depthwiseInitializer: 'ones', useBias: false });
 * console.log(conv(tf.constant([[[1, 10], [2, 20], [3, 30]]])).arraySync()); // [ [ [ 3, 3, 30, 30 ], [ 5, 5, 50, 50 ] ] ]
 * ```
 */
export class DepthwiseConv1D extends BaseDepthwiseConv {
  /** A new DepthwiseConv1D from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): DepthwiseConv1D {
    return fromKernelSize<DepthwiseConv1D, DepthwiseConvOptions>(this, 'DepthwiseConv1D', config);
  }

  /**
   * @param kernelSize The window's length.
   * @param options `depthMultiplier`, `strides`, `padding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the depthwise kernel's and bias's initializers, regularizers and constraints, and the layer options.
   */
  constructor(kernelSize: number | readonly number[], options?: DepthwiseConvOptions);
  /** Keras 3's positional form: `DepthwiseConv1D(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint)`. */
  constructor(kernelSize: number | readonly number[], ...positional: DepthwiseConvPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<DepthwiseConvPositional, DepthwiseConvOptions>);
  /** Python's keyword form, `DepthwiseConv1D(kernel_size=...)`: `kernelSize` among the options. */
  constructor(options: DepthwiseConvOptions & { kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[kernelSize], args] = requiredLayerArguments(new.target, given, ['kernelSize']) as [[number | readonly number[]], unknown[]];
    super(1, kernelSize, layerArguments(new.target, args, DEPTHWISE_POSITIONAL, DEPTHWISE_NONE));
  }

  /** The grouped conv1d of one input channel per group. */
  protected override convolve(inputs: Tensor): Tensor {
    const [k, channels, multiplier] = this.kernel!.shape as [number, number, number];
    return conv1d(inputs, reshape(this.kernel!, [k, 1, channels * multiplier]), this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NWC' : 'NCW', this.dilationRate);
  }
}

/**
 * keras.layers.DepthwiseConv2D(kernelSize, {depthMultiplier}): each channel of images [batch,
 * height, width, channels] convolved with its own depthMultiplier filters (tf.nn.depthwise_conv2d),
 * giving channels · depthMultiplier channels. The kernel is [kh, kw, channels, depthMultiplier].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same' });
 * console.log(conv(tf.zeros([1, 5, 5, 4])).shape);              // [ 1, 5, 5, 8 ]
 * console.log(conv.weights.map((w) => `${w.name} ${w.shape}`)); // [ 'depthwise_conv2d/kernel 3,3,4,2', 'depthwise_conv2d/bias 8' ]
 * ```
 */
export class DepthwiseConv2D extends BaseDepthwiseConv {
  /** A new DepthwiseConv2D from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): DepthwiseConv2D {
    return fromKernelSize<DepthwiseConv2D, DepthwiseConvOptions>(this, 'DepthwiseConv2D', config);
  }

  /**
   * @param kernelSize The window's height and width: one integer or two.
   * @param options `depthMultiplier`, `strides`, `padding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the depthwise kernel's and bias's initializers, regularizers and constraints, and the layer options.
   */
  constructor(kernelSize: number | readonly number[], options?: DepthwiseConvOptions);
  /** Keras 3's positional form: `DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint)`. */
  constructor(kernelSize: number | readonly number[], ...positional: DepthwiseConvPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<DepthwiseConvPositional, DepthwiseConvOptions>);
  /** Python's keyword form, `DepthwiseConv2D(kernel_size=...)`: `kernelSize` among the options. */
  constructor(options: DepthwiseConvOptions & { kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[kernelSize], args] = requiredLayerArguments(new.target, given, ['kernelSize']) as [[number | readonly number[]], unknown[]];
    super(2, kernelSize, layerArguments(new.target, args, DEPTHWISE_POSITIONAL, DEPTHWISE_NONE));
  }

  /** tf.nn.depthwise_conv2d. */
  protected override convolve(inputs: Tensor): Tensor {
    return depthwiseConv2d(inputs, this.kernel!, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', this.dilationRate);
  }
}
