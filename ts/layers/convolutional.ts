// tf.keras.layers.Conv1D, Conv2D and Conv3D (keras/src/layers/convolutional/base_conv.py,
// conv1d.py, conv2d.py, conv3d.py), and BaseWindowConv, the base of every convolution layer
// (the transposed, depthwise and separable ones too: conv-transpose.ts, depthwise-conv.ts,
// separable-conv.ts). output = activation(conv(inputs, kernel) + bias), the cross-correlation of
// tf.nn.conv1d / conv2d / conv3d with a kernel of shape [...kernelSize, inputChannels / groups, filters]
// made on the first call from the inputs' channels. With `groups` > 1 the input channels are split
// into that many groups, each convolved with its filters / groups filters (the ops' grouped
// convolution, which a kernel of depth inputChannels / groups asks for). Conv1D's 'causal' padding
// pads dilationRate·(kernelSize - 1) steps before the sequence and none after, so output[t] sees
// no input after t (WaveNet's causal convolution).

import { describe, kerasArguments, type PositionalThenOptions } from '../describe';
import { conv1d, conv2d, conv3d } from '../convolution';
import { add } from '../generated/ops';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { type DataFormat, channelAxis, standardizeDataFormat, standardizePadding, standardizeTuple } from './arguments';
import type { BiasOptions, KernelBiasOptions } from './kernel-bias';
import { type ActivationLike, Layer, type LayerOptions, type LayerShape, promoteToFloat, requiredArguments, resolveActivation, serializeOption, shapeText, takeArguments } from './layer';
import { type WeightRole, resolveWeightOptions, weightOptionKeys, weightOptionsConfig, weightOptionsOf } from './weight-options';
import { convOutputShape } from './window-shapes';

/** The options of every convolution layer: the window, the activation and the bias. */
export interface ConvWindowOptions extends LayerOptions, BiasOptions {
  /** The step between windows: one integer for every spatial axis, or one per axis (default 1). */
  strides?: number | readonly number[];
  /** 'valid' (default: no padding), 'same' (padded so that stride 1 keeps the size) or, for
   * Conv1D only, 'causal' (padded before the sequence only); any case. */
  padding?: 'valid' | 'same' | 'causal';
  /** 'channels_last' (default: inputs [batch, ...spatial, channels]) or 'channels_first' ([batch, channels, ...spatial]). */
  dataFormat?: DataFormat | null;
  /** The spacing of the kernel's taps (dilated convolution): one integer or one per axis (default 1);
   * more than 1 cannot be combined with strides above 1. */
  dilationRate?: number | readonly number[];
  /** The activation applied to the output: a name ('relu') or a function; default none (linear). */
  activation?: ActivationLike;
  /** Whether the layer adds a bias vector (default true). */
  useBias?: boolean;
}

/** Options of `new tf.keras.layers.Conv1D(filters, kernelSize, options)`, `Conv2D` and `Conv3D`. */
export interface ConvOptions extends ConvWindowOptions, KernelBiasOptions {
  /** The number of groups the input channels are split into, each convolved with filters / groups
   * filters (default 1); it must divide both. */
  groups?: number;
}

/** The option keys of a convolution with weights `roles` and its own keys, in the order errors list them. */
const convKeys = (roles: readonly WeightRole[], ownKeys: readonly string[]): string[] => [
  'strides', 'padding', 'dataFormat', 'dilationRate', ...ownKeys, 'activation', 'useBias', ...weightOptionKeys(roles),
];

/**
 * What every convolution layer shares (Keras' BaseConv, BaseConvTranspose, BaseDepthwiseConv
 * and BaseSeparableConv): the window options, the activation, the bias, the build from the
 * input's channels, the call `activation(convolve(inputs) + bias)` and the output shape. A
 * subclass says which weights it has (`roles`), makes them (`makeKernels`), says how many
 * channels come out (`outputChannels`) and convolves.
 */
export abstract class BaseWindowConv extends Layer {
  /** The number of spatial axes: 1, 2 or 3. */
  readonly rank: number;
  /** The window's size along each spatial axis. */
  readonly kernelSize: number[];
  /** The step between windows along each spatial axis. */
  readonly strides: number[];
  /** 'valid', 'same' or (Conv1D) 'causal'. */
  readonly padding: 'valid' | 'same' | 'causal';
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;
  /** The spacing of the kernel's taps along each spatial axis. */
  readonly dilationRate: number[];
  /** The activation applied to the output (linear when none was given). */
  readonly activation: (x: Tensor) => Tensor;
  /** Whether the layer adds a bias. */
  readonly useBias: boolean;
  /** The bias, [output channels]; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  readonly #roles: WeightRole[];
  readonly #options: Record<string, unknown>;

  /**
   * @param roles The weights besides the bias ('kernel'; 'depthwise' and 'pointwise'), whose
   * initializer, regularizer and constraint options the layer takes.
   * @param ownKeys The subclass's other option keys.
   */
  constructor(rank: number, kernelSize: number | readonly number[], options: ConvWindowOptions, paddings: readonly ('valid' | 'same' | 'causal')[], roles: readonly WeightRole[], ownKeys: readonly string[]) {
    super(options, convKeys([...roles, 'bias'], ownKeys));
    const op = this.qualifiedName;
    const o = (options ?? {}) as ConvWindowOptions & Record<string, unknown>;
    this.rank = rank;
    this.kernelSize = standardizeTuple(kernelSize, rank, 'kernelSize', op);
    this.strides = standardizeTuple(o.strides ?? 1, rank, 'strides', op);
    this.dilationRate = standardizeTuple(o.dilationRate ?? 1, rank, 'dilationRate', op);
    this.padding = standardizePadding(o.padding ?? 'valid', op, paddings);
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.activation = resolveActivation(o.activation ?? null, op);
    if (o.useBias !== undefined && typeof o.useBias !== 'boolean') throw new Error(`${op}: useBias must be true or false, got ${describe(o.useBias)}.`);
    this.useBias = o.useBias ?? true;
    this.#roles = [...roles, 'bias'];
    this.#options = resolveWeightOptions(o, this.#roles, op);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw new Error(`${op}: \`strides > 1\` not supported in conjunction with \`dilationRate > 1\`. Received: strides=[${this.strides.join(', ')}] and dilationRate=[${this.dilationRate.join(', ')}]`);
    }
    this.inputSpec = { minNdim: rank + 2 };
  }

  /** Makes the weight `name` of `shape` with the options of `role`. */
  protected addRoleWeight(role: WeightRole, name: string, shape: number[]): Variable {
    return this.addWeight({ name, shape, ...weightOptionsOf(this.#options, role) });
  }

  /** Checks the input's channels before any weight is made (groups must divide them). */
  protected checkInputChannels(channels: number, inputShape: LayerShape): void {
    void channels;
    void inputShape;
  }

  /** Makes the weights besides the bias for inputs of `channels` channels. */
  protected abstract makeKernels(channels: number): void;

  /** The output's channels for inputs of `channels` channels (null when not known). */
  protected abstract outputChannels(channels: number | null): number | null;

  /** The convolution of `inputs`, before the bias and the activation. */
  protected abstract convolve(inputs: Tensor): Tensor;

  /** Makes the weights from the inputs' channels, then `bias` ([output channels]). */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const axis = this.dataFormat === 'channels_last' ? -1 : 1;
    const channels = inputShape[channelAxis(inputShape.length, this.dataFormat)];
    if (typeof channels !== 'number') throw new Error(`${op}: the channels dimension of the inputs must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    this.checkInputChannels(channels, inputShape);
    // Checks the input's rank and that the windows fit, before any weight is made (as Keras does).
    this.computeOutputShape(inputShape);
    this.inputSpec = { minNdim: this.rank + 2, axes: { [axis]: channels } };
    this.makeKernels(channels);
    if (this.useBias) this.bias = this.addRoleWeight('bias', 'bias', [this.outputChannels(channels)!]);
    this.built = true;
  }

  /** `activation(convolve(inputs) + bias)`, the bias along the channels axis (integer inputs
   * promoted to the layer's dtype, as Keras' ops promote them). */
  override call(inputs: Tensor): Tensor {
    let x = this.convolve(promoteToFloat(inputs, this.dtype));
    if (this.bias !== null) {
      x = add(x, this.dataFormat === 'channels_last' ? this.bias : reshape(this.bias, [1, this.bias.shape[0]!, ...Array<number>(this.rank).fill(1)]));
    }
    return this.activation(x);
  }

  /** [batch, ...spatial out, channels out] (or channels first), the spatial sizes as the padding gives them. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const channels = inputShape[channelAxis(inputShape.length, this.dataFormat)] ?? null;
    return convOutputShape(inputShape, { ...this.window(), filters: this.outputChannels(channels) }, this.qualifiedName);
  }

  /** The window options. */
  protected window(): { kernelSize: number[]; strides: number[]; padding: 'valid' | 'same' | 'causal'; dataFormat: DataFormat; dilationRate: number[] } {
    return { kernelSize: this.kernelSize.slice(), strides: this.strides.slice(), padding: this.padding, dataFormat: this.dataFormat, dilationRate: this.dilationRate.slice() };
  }

  /** Keras' config: the window, activation, useBias, and each weight's initializer, regularizer and constraint. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), ...this.window(), activation: serializeOption(this.activation), useBias: this.useBias,
      ...weightOptionsConfig(this.#options, this.#roles, this.qualifiedName),
    };
  }
}

/** The convolution layers of one kernel [...kernelSize, inputChannels / groups, filters] (Keras' BaseConv). */
export abstract class BaseConv extends BaseWindowConv {
  /** The number of filters: the output's channels. */
  readonly filters: number;
  /** The number of groups of input channels. */
  readonly groups: number;
  /** The kernel; null until the layer is built. */
  kernel: Variable | null = null;

  constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: ConvOptions, paddings: readonly ('valid' | 'same' | 'causal')[], ownKeys: readonly string[] = ['groups']) {
    super(rank, kernelSize, options, paddings, ['kernel'], ownKeys);
    const op = this.qualifiedName;
    if (!Number.isSafeInteger(filters) || filters <= 0) {
      throw new Error(`${op}: Invalid value for argument \`filters\`. Expected a strictly positive integer. Received filters=${describe(filters)}.`);
    }
    this.filters = filters;
    const groups = (options ?? {}).groups ?? 1;
    if (!Number.isSafeInteger(groups) || groups <= 0) throw new Error(`${op}: The number of groups must be a positive integer. Received: groups=${describe(groups)}.`);
    if (filters % groups !== 0) {
      throw new Error(`${op}: The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`);
    }
    this.groups = groups;
  }

  /** The groups must divide the input's channels. */
  protected override checkInputChannels(channels: number, inputShape: LayerShape): void {
    if (channels % this.groups !== 0) {
      throw new Error(`${this.qualifiedName}: The number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${shapeText(inputShape)}).`);
    }
  }

  /** Makes `kernel`, [...kernelSize, channels / groups, filters]. */
  protected override makeKernels(channels: number): void {
    this.kernel = this.addRoleWeight('kernel', 'kernel', [...this.kernelSize, channels / this.groups, this.filters]);
  }

  /** `filters`. */
  protected override outputChannels(): number {
    return this.filters;
  }

  /** Keras' config: filters, the window, groups, activation, useBias, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters, groups: this.groups };
  }
}

/** Keras 3's Conv1D/2D/3D arguments after filters and kernel_size, in its order, and those whose
 * default is None. */
const CONV_POSITIONAL = [
  'strides', 'padding', 'dataFormat', 'dilationRate', 'groups', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer',
  'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint',
];
const CONV_NONE = ['dataFormat', 'activation', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'];

/** Keras 3's positional arguments of a convolution after filters and kernel_size, or one options object. */
type ConvPositional = [
  strides?: number | readonly number[], padding?: 'valid' | 'same' | 'causal', dataFormat?: DataFormat | null, dilationRate?: number | readonly number[],
  groups?: number, activation?: ActivationLike | null, useBias?: boolean, kernelInitializer?: ConvOptions['kernelInitializer'],
  biasInitializer?: ConvOptions['biasInitializer'], kernelRegularizer?: ConvOptions['kernelRegularizer'], biasRegularizer?: ConvOptions['biasRegularizer'],
  activityRegularizer?: ConvOptions['activityRegularizer'], kernelConstraint?: ConvOptions['kernelConstraint'], biasConstraint?: ConvOptions['biasConstraint'],
];

/** A convolution's options from its arguments after filters and kernel_size. */
/** A convolution's filters, kernel size and options from all its arguments (the first two may be
 * keyword arguments in the options: `Conv1D(256, kernel_size=3)`). */
function convArguments(op: string, args: readonly unknown[]): [number, number | readonly number[], ConvOptions] {
  const [[filters, kernelSize], rest] = requiredArguments(op, args, ['filters', 'kernelSize']);
  return [filters as number, kernelSize as number | readonly number[], (kerasArguments(op, rest, CONV_POSITIONAL, CONV_NONE) ?? {}) as ConvOptions];
}

/**
 * keras.layers.Conv1D(filters, kernelSize): the temporal convolution of inputs [batch, steps,
 * channels] (or [batch, channels, steps] with `dataFormat: 'channels_first'`) with `filters`
 * windows of `kernelSize` steps, `activation(conv1d(inputs, kernel) + bias)`. The kernel,
 * [kernelSize, channels / groups, filters], and the bias, [filters], are made on the first call.
 * `padding: 'causal'` pads only before the sequence, so output t depends on inputs up to t.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.Conv1D(1, 2, { kernelInitializer: 'ones', padding: 'causal' });
 * console.log(conv([[[1], [2], [3], [4]]]).reshape([-1]).arraySync()); // [ 1, 3, 5, 7 ]
 * console.log(conv.weights.map((w) => `${w.name} ${w.shape}`));         // [ 'conv1d/kernel 2,1,1', 'conv1d/bias 1' ]
 * console.log(new tf.keras.layers.Conv1D(32, 3)(tf.zeros([4, 10, 128])).shape); // [ 4, 8, 32 ]
 * ```
 */
export class Conv1D extends BaseConv {
  /** A new Conv1D from `getConfig()`'s object (Keras' `from_config`): `filters`, `kernelSize` and the options. */
  static override fromConfig(config: Record<string, unknown>): Conv1D {
    const [[filters, kernelSize], options] = takeArguments(config, 'Conv1D', ['filters', 'kernelSize']);
    return new this(filters as number, kernelSize as number[], options);
  }

  /**
   * @param filters The number of filters: the output's channels, a positive integer.
   * @param kernelSize The window's length, an integer (or a list of one).
   * @param options `strides`, `padding` ('valid', 'same', 'causal'), `dataFormat`, `dilationRate`,
   * `groups`, `activation`, `useBias`, the kernel's and bias's initializers, regularizers and
   * constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvOptions);
  /** Keras 3's positional form: `Conv1D(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvPositional);
  /** Python's keyword arguments after positional ones, `Conv2D(32, 3, 2, padding='same')`: `new Conv2D(32, 3, 2, { padding: 'same' })`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvPositional, ConvOptions>);
  /** Python's keyword form, `Conv1D(filters=32, kernel_size=3)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...args: unknown[]) {
    super(1, ...convArguments('keras.layers.Conv1D', args), ['valid', 'same', 'causal']);
  }

  /** tf.nn.conv1d, 'causal' as explicit padding before the steps: dilationRate·(kernelSize - 1). */
  protected override convolve(inputs: Tensor): Tensor {
    const padding = this.padding === 'causal' ? [[this.dilationRate[0]! * (this.kernelSize[0]! - 1), 0]] : this.padding === 'same' ? 'SAME' : 'VALID';
    return conv1d(inputs, this.kernel!, this.strides, padding, this.dataFormat === 'channels_last' ? 'NWC' : 'NCW', this.dilationRate);
  }
}

/**
 * keras.layers.Conv2D(filters, kernelSize): the 2-D convolution of images [batch, height, width,
 * channels] (or [batch, channels, height, width] with `dataFormat: 'channels_first'`) with
 * `filters` windows of `kernelSize`, `activation(conv2d(inputs, kernel) + bias)`, as TensorFlow's
 * conv2d computes it (a cross-correlation: the kernel is not flipped). The kernel, [kernelHeight,
 * kernelWidth, channels / groups, filters], and the bias, [filters], are made on the first call.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]); // 1 2 3 / 4 5 6 / 7 8 9
 * const conv = new tf.keras.layers.Conv2D(1, 2, { kernelInitializer: 'ones', biasInitializer: 'ones' });
 * console.log(conv(image).reshape([-1]).arraySync());         // [ 13, 17, 25, 29 ]
 * console.log(conv.kernel!.shape, conv.countParams());         // [ 2, 2, 1, 1 ] 5
 * const same = new tf.keras.layers.Conv2D(32, 3, { padding: 'same', strides: 2, activation: 'relu' });
 * console.log(same(tf.zeros([4, 10, 10, 3])).shape);          // [ 4, 5, 5, 32 ]
 * ```
 */
export class Conv2D extends BaseConv {
  /** A new Conv2D from `getConfig()`'s object (Keras' `from_config`): `filters`, `kernelSize` and the options. */
  static override fromConfig(config: Record<string, unknown>): Conv2D {
    const [[filters, kernelSize], options] = takeArguments(config, 'Conv2D', ['filters', 'kernelSize']);
    return new this(filters as number, kernelSize as number[], options);
  }

  /**
   * @param filters The number of filters: the output's channels, a positive integer.
   * @param kernelSize The window's height and width: one integer for both, or [height, width].
   * @param options `strides`, `padding` ('valid' or 'same'), `dataFormat`, `dilationRate`,
   * `groups`, `activation`, `useBias`, the kernel's and bias's initializers, regularizers and
   * constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvOptions);
  /** Keras 3's positional form: `Conv2D(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvPositional);
  /** Python's keyword arguments after positional ones, `Conv2D(32, 3, 2, padding='same')`: `new Conv2D(32, 3, 2, { padding: 'same' })`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvPositional, ConvOptions>);
  /** Python's keyword form, `Conv2D(filters=32, kernel_size=3)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...args: unknown[]) {
    super(2, ...convArguments('keras.layers.Conv2D', args), ['valid', 'same']);
  }

  /** tf.nn.conv2d. */
  protected override convolve(inputs: Tensor): Tensor {
    return conv2d(inputs, this.kernel!, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', this.dilationRate);
  }
}

/**
 * keras.layers.Conv3D(filters, kernelSize): the 3-D convolution of volumes [batch, depth,
 * height, width, channels] (or channels first) with `filters` windows of `kernelSize`,
 * `activation(conv3d(inputs, kernel) + bias)`. The kernel, [kd, kh, kw, channels / groups,
 * filters], and the bias, [filters], are made on the first call.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const conv = new tf.keras.layers.Conv3D(4, 2, { padding: 'same', strides: [1, 2, 2] });
 * console.log(conv(tf.zeros([1, 3, 4, 4, 2])).shape);            // [ 1, 3, 2, 2, 4 ]
 * console.log(conv.weights.map((w) => `${w.name} ${w.shape}`));  // [ 'conv3d/kernel 2,2,2,2,4', 'conv3d/bias 4' ]
 * ```
 */
export class Conv3D extends BaseConv {
  /** A new Conv3D from `getConfig()`'s object (Keras' `from_config`): `filters`, `kernelSize` and the options. */
  static override fromConfig(config: Record<string, unknown>): Conv3D {
    const [[filters, kernelSize], options] = takeArguments(config, 'Conv3D', ['filters', 'kernelSize']);
    return new this(filters as number, kernelSize as number[], options);
  }

  /**
   * @param filters The number of filters: the output's channels, a positive integer.
   * @param kernelSize The window's depth, height and width: one integer for all, or three.
   * @param options `strides`, `padding` ('valid' or 'same'), `dataFormat`, `dilationRate`,
   * `groups`, `activation`, `useBias`, the kernel's and bias's initializers, regularizers and
   * constraints, and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvOptions);
  /** Keras 3's positional form: `Conv3D(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvPositional);
  /** Python's keyword arguments after positional ones, `Conv2D(32, 3, 2, padding='same')`: `new Conv2D(32, 3, 2, { padding: 'same' })`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvPositional, ConvOptions>);
  /** Python's keyword form, `Conv3D(filters=32, kernel_size=3)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...args: unknown[]) {
    super(3, ...convArguments('keras.layers.Conv3D', args), ['valid', 'same']);
  }

  /** tf.nn.conv3d. */
  protected override convolve(inputs: Tensor): Tensor {
    return conv3d(inputs, this.kernel!, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NDHWC' : 'NCDHW', this.dilationRate);
  }
}
