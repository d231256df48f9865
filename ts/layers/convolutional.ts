// tf.keras.layers.Conv1D and Conv2D (keras/src/layers/convolutional/base_conv.py, conv1d.py,
// conv2d.py): output = activation(conv(inputs, kernel) + bias), the cross-correlation of
// tf.nn.conv1d / conv2d with a kernel of shape [...kernelSize, inputChannels / groups, filters]
// made on the first call from the inputs' channels. With `groups` > 1 the input channels are split
// into that many groups, each convolved with its filters / groups filters (the ops' grouped
// convolution, which a kernel of depth inputChannels / groups asks for). Conv1D's 'causal' padding
// pads dilationRate·(kernelSize - 1) steps before the sequence and none after, so output[t] sees
// no input after t (WaveNet's causal convolution).

import { describe } from '../describe';
import { conv1d, conv2d } from '../convolution';
import { add } from '../generated/ops';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { type DataFormat, channelAxis, standardizeDataFormat, standardizePadding, standardizeTuple } from './arguments';
import {
  type ActivationLike, type ConstraintLike, type InitializerLike, Layer, type LayerOptions, type LayerShape, type RegularizerLike,
  promoteToFloat, resolveActivation, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption, shapeText, takeArguments,
} from './layer';
import { convOutputShape } from './window-shapes';

/** Options of `new tf.keras.layers.Conv1D(filters, kernelSize, options)` and `Conv2D`. */
export interface ConvOptions extends LayerOptions {
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
  /** The number of groups the input channels are split into, each convolved with filters / groups
   * filters (default 1); it must divide both. */
  groups?: number;
  /** The activation applied to the output: a name ('relu') or a function; default none (linear). */
  activation?: ActivationLike;
  /** Whether the layer adds a bias vector (default true). */
  useBias?: boolean;
  /** How the kernel starts (default 'glorot_uniform'). */
  kernelInitializer?: InitializerLike;
  /** How the bias starts (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** A penalty of the kernel, added to `losses`. */
  kernelRegularizer?: RegularizerLike | null;
  /** A penalty of the bias, added to `losses`. */
  biasRegularizer?: RegularizerLike | null;
  /** A projection of the kernel applied after each optimizer update. */
  kernelConstraint?: ConstraintLike | null;
  /** A projection of the bias applied after each optimizer update. */
  biasConstraint?: ConstraintLike | null;
}

const CONV_KEYS = ['strides', 'padding', 'dataFormat', 'dilationRate', 'groups', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'kernelConstraint', 'biasConstraint'];

/** What the convolution layers share (Keras' BaseConv): the options, the weights, the output shape. */
abstract class BaseConv extends Layer {
  /** The number of spatial axes: 1 for Conv1D, 2 for Conv2D. */
  readonly rank: number;
  /** The number of filters: the output's channels. */
  readonly filters: number;
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
  /** The number of groups of input channels. */
  readonly groups: number;
  /** The activation applied to the output (linear when none was given). */
  readonly activation: (x: Tensor) => Tensor;
  /** Whether the layer adds a bias. */
  readonly useBias: boolean;
  /** The kernel, [...kernelSize, inputChannels / groups, filters]; null until the layer is built. */
  kernel: Variable | null = null;
  /** The bias, [filters]; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  readonly #options: ConvOptions;

  constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: ConvOptions, paddings: readonly ('valid' | 'same' | 'causal')[]) {
    super(options, CONV_KEYS);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.rank = rank;
    this.kernelSize = standardizeTuple(kernelSize, rank, 'kernelSize', op);
    this.strides = standardizeTuple(o.strides ?? 1, rank, 'strides', op);
    this.dilationRate = standardizeTuple(o.dilationRate ?? 1, rank, 'dilationRate', op);
    this.padding = standardizePadding(o.padding ?? 'valid', op, paddings);
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.activation = resolveActivation(o.activation ?? null, op);
    if (o.useBias !== undefined && typeof o.useBias !== 'boolean') throw new Error(`${op}: useBias must be true or false, got ${describe(o.useBias)}.`);
    this.useBias = o.useBias ?? true;
    // Checked now, as Keras' `get` calls in __init__ check them, though the weights come later.
    resolveInitializer(o.kernelInitializer ?? 'glorot_uniform', op);
    resolveInitializer(o.biasInitializer ?? 'zeros', op);
    resolveRegularizer(o.kernelRegularizer, op);
    resolveRegularizer(o.biasRegularizer, op);
    resolveConstraint(o.kernelConstraint, op);
    resolveConstraint(o.biasConstraint, op);
    if (!Number.isSafeInteger(filters) || filters <= 0) {
      throw new Error(`${op}: Invalid value for argument \`filters\`. Expected a strictly positive integer. Received filters=${describe(filters)}.`);
    }
    this.filters = filters;
    const groups = o.groups ?? 1;
    if (!Number.isSafeInteger(groups) || groups <= 0) throw new Error(`${op}: The number of groups must be a positive integer. Received: groups=${describe(groups)}.`);
    if (filters % groups !== 0) {
      throw new Error(`${op}: The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`);
    }
    this.groups = groups;
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw new Error(`${op}: \`strides > 1\` not supported in conjunction with \`dilationRate > 1\`. Received: strides=[${this.strides.join(', ')}] and dilationRate=[${this.dilationRate.join(', ')}]`);
    }
    this.#options = { ...o };
    this.inputSpec = { minNdim: rank + 2 };
  }

  /** Makes `kernel` ([...kernelSize, inputChannels / groups, filters]) and `bias` ([filters]). */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const axis = this.dataFormat === 'channels_last' ? -1 : 1;
    const channels = inputShape[channelAxis(inputShape.length, this.dataFormat)];
    if (typeof channels !== 'number') throw new Error(`${op}: the channels dimension of the inputs must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    if (channels % this.groups !== 0) {
      throw new Error(`${op}: The number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${shapeText(inputShape)}).`);
    }
    // Checks the input's rank and that the windows fit, before any weight is made (as Keras does).
    this.computeOutputShape(inputShape);
    this.inputSpec = { minNdim: this.rank + 2, axes: { [axis]: channels } };
    const o = this.#options;
    this.kernel = this.addWeight({ name: 'kernel', shape: [...this.kernelSize, channels / this.groups, this.filters], initializer: o.kernelInitializer ?? 'glorot_uniform', regularizer: o.kernelRegularizer, constraint: o.kernelConstraint });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.filters], initializer: o.biasInitializer ?? 'zeros', regularizer: o.biasRegularizer, constraint: o.biasConstraint });
    this.built = true;
  }

  /** The convolution of `inputs` with `kernel`, before the bias and the activation. */
  protected abstract convolve(inputs: Tensor, kernel: Tensor): Tensor;

  /** `activation(conv(inputs, kernel) + bias)`, the bias along the channels axis (integer inputs
   * promoted to the layer's dtype, as Keras' ops promote them). */
  override call(inputs: Tensor): Tensor {
    let x = this.convolve(promoteToFloat(inputs, this.dtype), this.kernel!);
    if (this.bias !== null) {
      x = add(x, this.dataFormat === 'channels_last' ? this.bias : reshape(this.bias, [1, this.filters, ...Array<number>(this.rank).fill(1)]));
    }
    return this.activation(x);
  }

  /** [batch, ...spatial out, filters] (or channels first), the spatial sizes as the padding gives them. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return convOutputShape(inputShape, this, this.qualifiedName);
  }

  /** Keras' config: the window, groups, activation, useBias, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
      groups: this.groups,
      activation: serializeOption(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeOption(resolveInitializer(o.kernelInitializer ?? 'glorot_uniform', op)),
      biasInitializer: serializeOption(resolveInitializer(o.biasInitializer ?? 'zeros', op)),
      kernelRegularizer: serializeOption(resolveRegularizer(o.kernelRegularizer, op)),
      biasRegularizer: serializeOption(resolveRegularizer(o.biasRegularizer, op)),
      kernelConstraint: serializeOption(resolveConstraint(o.kernelConstraint, op)),
      biasConstraint: serializeOption(resolveConstraint(o.biasConstraint, op)),
    };
  }
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
  constructor(filters: number, kernelSize: number | readonly number[], options: ConvOptions = {}) {
    super(1, filters, kernelSize, options, ['valid', 'same', 'causal']);
  }

  /** tf.nn.conv1d, 'causal' as explicit padding before the steps: dilationRate·(kernelSize - 1). */
  protected override convolve(inputs: Tensor, kernel: Tensor): Tensor {
    const padding = this.padding === 'causal' ? [[this.dilationRate[0]! * (this.kernelSize[0]! - 1), 0]] : this.padding === 'same' ? 'SAME' : 'VALID';
    return conv1d(inputs, kernel, this.strides, padding, this.dataFormat === 'channels_last' ? 'NWC' : 'NCW', this.dilationRate);
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
  constructor(filters: number, kernelSize: number | readonly number[], options: ConvOptions = {}) {
    super(2, filters, kernelSize, options, ['valid', 'same']);
  }

  /** tf.nn.conv2d. */
  protected override convolve(inputs: Tensor, kernel: Tensor): Tensor {
    return conv2d(inputs, kernel, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW', this.dilationRate);
  }
}
