// tf.keras.layers.Conv1DTranspose, Conv2DTranspose and Conv3DTranspose (keras/src/layers/
// convolutional/base_conv_transpose.py): the transpose of a convolution (the gradient of the
// convolution with respect to its input), which upsamples: output = activation(
// conv_transpose(inputs, kernel) + bias), the kernel [...kernelSize, filters, inputChannels] made
// on the first call. Along a spatial axis of n steps, with k' = (k - 1)·dilation + 1, the output has
//   'valid': (n - 1)·stride + k' + outputPadding   (outputPadding default max(k', stride) - k')
//   'same':  n·stride, or (n - 1)·stride + k mod 2 + outputPadding when outputPadding is given
// steps (Keras' compute_conv_transpose_output_shape), computed by tf.nn.conv*_transpose for
// that output shape, as Keras' TensorFlow backend does.

import type { PositionalThenOptions } from '../describe';
import { conv1dTranspose, conv2dTranspose, conv3dTranspose } from '../convolution';
import type { Tensor } from '../tensor';
import { type DataFormat, standardizeTuple } from './arguments';
import { BaseConv, type ConvOptions } from './convolutional';
import { type ActivationLike, layerArguments, requiredLayerArguments, type LayerShape, takeArguments } from './layer';

/** Options of `new tf.keras.layers.Conv2DTranspose(filters, kernelSize, options)` (and 1D, 3D). */
export interface ConvTransposeOptions extends Omit<ConvOptions, 'groups' | 'padding'> {
  /** 'valid' (default) or 'same'; any case. */
  padding?: 'valid' | 'same';
  /** The output's extra steps along each spatial axis, each below its stride (default: as the
   * padding gives, see the class); one integer or one per axis. */
  outputPadding?: number | readonly number[] | null;
}


/** Keras 3's Conv1D/2D/3DTranspose arguments after filters and kernel_size, in its order, and
 * those whose default is None. */
const CONV_TRANSPOSE_POSITIONAL = [
  'strides', 'padding', 'outputPadding', 'dataFormat', 'dilationRate', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer',
  'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint',
];
const CONV_TRANSPOSE_NONE = ['outputPadding', 'dataFormat', 'activation', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'];

/**
 * Conv3DTranspose's order: Keras 3 releases put its data_format before output_padding (unlike
 * Conv1D/2DTranspose) and later after it, as theirs. The two never take the same kind of value (a
 * string; a number or list), so the arguments given tell which order a program was written for.
 */
function conv3dTransposeOrder(args: readonly unknown[]): readonly string[] {
  const [third, fourth] = [args[2], args[3]];
  const dataFormatFirst = typeof third === 'string' || ((third === null || third === undefined) && (typeof fourth === 'number' || Array.isArray(fourth)));
  if (!dataFormatFirst) return CONV_TRANSPOSE_POSITIONAL;
  return CONV_TRANSPOSE_POSITIONAL.map((name) => (name === 'outputPadding' ? 'dataFormat' : name === 'dataFormat' ? 'outputPadding' : name));
}

/** Keras 3's positional arguments of a transposed convolution after filters and kernel_size. */
type ConvTransposePositional = [
  strides?: number | readonly number[], padding?: 'valid' | 'same', outputPadding?: number | readonly number[] | null, dataFormat?: DataFormat | null, ...ConvTransposeTail,
];
/** Conv3DTranspose's positional arguments in the releases that put data_format before output_padding. */
type Conv3DTransposeDataFormatFirst = [
  strides?: number | readonly number[], padding?: 'valid' | 'same', dataFormat?: DataFormat | null, outputPadding?: number | readonly number[] | null, ...ConvTransposeTail,
];
/** The positional arguments of a transposed convolution from dilation_rate on. */
type ConvTransposeTail = [
  dilationRate?: number | readonly number[], activation?: ActivationLike | null, useBias?: boolean, kernelInitializer?: ConvTransposeOptions['kernelInitializer'],
  biasInitializer?: ConvTransposeOptions['biasInitializer'], kernelRegularizer?: ConvTransposeOptions['kernelRegularizer'], biasRegularizer?: ConvTransposeOptions['biasRegularizer'],
  activityRegularizer?: ConvTransposeOptions['activityRegularizer'], kernelConstraint?: ConvTransposeOptions['kernelConstraint'], biasConstraint?: ConvTransposeOptions['biasConstraint'],
];
/** The size of one spatial axis of the output (Keras' _get_output_shape_given_tf_padding). */
export function transposedSize(n: number | null, kernel: number, stride: number, padding: 'valid' | 'same', outputPadding: number | null, dilation: number): number | null {
  if (n === null) return null;
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'valid') return (n - 1) * stride + span + (outputPadding ?? Math.max(span, stride) - span);
  return outputPadding === null ? n * stride : (n - 1) * stride + (span % 2) + outputPadding;
}

/** What the transposed convolutions share (Keras' BaseConvTranspose). */
abstract class BaseConvTranspose extends BaseConv {
  /** The output's extra steps along each spatial axis, or null for the padding's default. */
  readonly outputPadding: number[] | null;

  constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: ConvTransposeOptions) {
    super(rank, filters, kernelSize, options as ConvOptions, ['valid', 'same'], ['outputPadding']);
    const op = this.qualifiedName;
    const given = (options ?? {}).outputPadding ?? null;
    this.outputPadding = given === null ? null : standardizeTuple(given, rank, 'outputPadding', op, true);
    this.outputPadding?.forEach((p, i) => {
      if (p >= this.strides[i]!) {
        throw new Error(`${op}: \`outputPadding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, \`outputPadding\` is ${p} but \`strides\` is ${this.strides[i]}. Received: outputPadding=[${this.outputPadding!.join(', ')}], strides=[${this.strides.join(', ')}]`);
      }
    });
  }

  /** Makes `kernel`, [...kernelSize, filters, channels]. */
  protected override makeKernels(channels: number): void {
    this.kernel = this.addRoleWeight('kernel', 'kernel', [...this.kernelSize, this.filters, channels]);
  }

  /** [batch, ...spatial out, filters] (or channels first), each spatial size as the class tells. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const first = this.dataFormat === 'channels_last' ? 1 : 2;
    const spatial = this.kernelSize.map((k, i) => transposedSize(inputShape[first + i] ?? null, k, this.strides[i]!, this.padding as 'valid' | 'same', this.outputPadding?.[i] ?? null, this.dilationRate[i]!));
    return this.dataFormat === 'channels_last' ? [inputShape[0] ?? null, ...spatial, this.filters] : [inputShape[0] ?? null, this.filters, ...spatial];
  }

  /** The transposed convolution op of the rank, for `outputShape`. */
  protected abstract transpose(inputs: Tensor, outputShape: number[], padding: 'SAME' | 'VALID'): Tensor;

  /** tf.nn.conv*_transpose to the output shape Keras computes. */
  protected override convolve(inputs: Tensor): Tensor {
    return this.transpose(inputs, this.computeOutputShape(inputs.shape) as number[], this.padding === 'same' ? 'SAME' : 'VALID');
  }

  /** Keras' config: filters, the window, outputPadding, activation, useBias, and the initializers, regularizers and constraints (no groups). */
  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...super.getConfig(), outputPadding: this.outputPadding?.slice() ?? null };
    delete config.groups;
    return config;
  }
}

/** `fromConfig` of a transposed convolution class: `filters`, `kernelSize` and the options. */
function transposeFromConfig<T>(cls: new (filters: number, kernelSize: number[], options: ConvTransposeOptions) => T, name: string, config: Record<string, unknown>): T {
  const [[filters, kernelSize], options] = takeArguments(config, name, ['filters', 'kernelSize']);
  return new cls(filters as number, kernelSize as number[], options);
}

/**
 * keras.layers.Conv1DTranspose(filters, kernelSize): the transposed convolution of sequences
 * [batch, steps, channels] (or channels first), which upsamples by the strides. The kernel is
 * [kernelSize, filters, channels], the bias [filters].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const up = new tf.keras.layers.Conv1DTranspose(1, 2, { strides: 2, kernelInitializer: 'ones', useBias: false });
 * console.log(up(tf.constant([[[1], [2], [3]]])).reshape([-1]).arraySync()); // [ 1, 1, 2, 2, 3, 3 ]
 * console.log(up.kernel!.shape);                                                // [ 2, 1, 1 ]
 * ```
 */
export class Conv1DTranspose extends BaseConvTranspose {
  /** A new Conv1DTranspose from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): Conv1DTranspose {
    return transposeFromConfig(this, 'Conv1DTranspose', config);
  }

  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's length.
   * @param options `strides`, `padding`, `outputPadding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the initializers, regularizers and constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvTransposeOptions);
  /** Keras 3's positional form: `Conv1DTranspose(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvTransposePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvTransposePositional, ConvTransposeOptions>);
  /** Python's keyword form, `Conv1DTranspose(filters, kernel_size=...)` or `Conv1DTranspose(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvTransposeOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvTransposeOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(1, filters, kernelSize, layerArguments(new.target, args, CONV_TRANSPOSE_POSITIONAL, CONV_TRANSPOSE_NONE));
  }

  /** tf.nn.conv1d_transpose. */
  protected override transpose(inputs: Tensor, outputShape: number[], padding: 'SAME' | 'VALID'): Tensor {
    return conv1dTranspose(inputs, this.kernel!, outputShape, this.strides, padding, this.dataFormat === 'channels_last' ? 'NWC' : 'NCW', this.dilationRate);
  }
}

/**
 * keras.layers.Conv2DTranspose(filters, kernelSize): the transposed convolution of images
 * [batch, height, width, channels] (or channels first), the "deconvolution" that upsamples by the
 * strides. The kernel is [kh, kw, filters, channels], the bias [filters].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const up = new tf.keras.layers.Conv2DTranspose(8, 3, { strides: 2, padding: 'same' });
 * console.log(up(tf.zeros([1, 4, 5, 3])).shape);               // [ 1, 8, 10, 8 ]
 * console.log(up.weights.map((w) => `${w.name} ${w.shape}`));  // [ 'conv2d_transpose/kernel 3,3,8,3', 'conv2d_transpose/bias 8' ]
 * ```
 */
export class Conv2DTranspose extends BaseConvTranspose {
  /** A new Conv2DTranspose from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): Conv2DTranspose {
    return transposeFromConfig(this, 'Conv2DTranspose', config);
  }

  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's height and width: one integer or two.
   * @param options `strides`, `padding`, `outputPadding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the initializers, regularizers and constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvTransposeOptions);
  /** Keras 3's positional form: `Conv2DTranspose(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvTransposePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvTransposePositional, ConvTransposeOptions>);
  /** Python's keyword form, `Conv2DTranspose(filters, kernel_size=...)` or `Conv2DTranspose(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvTransposeOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvTransposeOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(2, filters, kernelSize, layerArguments(new.target, args, CONV_TRANSPOSE_POSITIONAL, CONV_TRANSPOSE_NONE));
  }

  /** tf.nn.conv2d_transpose. */
  protected override transpose(inputs: Tensor, outputShape: number[], padding: 'SAME' | 'VALID'): Tensor {
    return conv2dTranspose(inputs, this.kernel!, outputShape, this.strides, padding, this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', this.dilationRate);
  }
}

/**
 * keras.layers.Conv3DTranspose(filters, kernelSize): the transposed convolution of volumes
 * [batch, depth, height, width, channels] (or channels first). The kernel is [kd, kh, kw,
 * filters, channels], the bias [filters].
 *
 * @example
 * ```ts
 * const up = new tf.keras.layers.Conv3DTranspose(2, 2, { strides: 2 });
 * console.log(up(tf.zeros([1, 2, 3, 4, 1])).shape); // [ 1, 4, 6, 8, 2 ]
 * ```
 */
export class Conv3DTranspose extends BaseConvTranspose {
  /** A new Conv3DTranspose from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): Conv3DTranspose {
    return transposeFromConfig(this, 'Conv3DTranspose', config);
  }

  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's depth, height and width: one integer or three.
   * @param options `strides`, `padding`, `outputPadding`, `dataFormat`, `dilationRate`, `activation`, `useBias`, the initializers, regularizers and constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvTransposeOptions);
  /** Keras 3's positional form: `Conv3DTranspose(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`, or with data_format before output_padding, as some Keras 3 releases have it. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvTransposePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvTransposePositional, ConvTransposeOptions>);
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: Conv3DTransposeDataFormatFirst);
  /** Python's keyword form, `Conv3DTranspose(filters, kernel_size=...)` or `Conv3DTranspose(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvTransposeOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvTransposeOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(3, filters, kernelSize, layerArguments(new.target, args, conv3dTransposeOrder(args), CONV_TRANSPOSE_NONE));
  }

  /** tf.nn.conv3d_transpose. */
  protected override transpose(inputs: Tensor, outputShape: number[], padding: 'SAME' | 'VALID'): Tensor {
    return conv3dTranspose(inputs, this.kernel!, outputShape, this.strides, padding, this.dataFormat === 'channels_last' ? 'NDHWC' : 'NCDHW', this.dilationRate);
  }
}
