// The activation layers (keras/src/layers/activations/): Activation(fn) applies a
// tf.keras.activations function; ReLU and Softmax are the layers of relu's and softmax's options.

import { describe, type PositionalThenOptions } from '../describe';
import * as activations from '../activations';
import { greater } from '../generated/ops';
import { cast, where } from '../ops';
import type { Tensor } from '../tensor';
import {
  type ActivationLike, Layer, requiredLayerArguments, type LayerCallArguments, checkAxis, layerArguments, type LayerOptions, type LayerShape, resolveActivation, serializeOption, shapeText,
  takeArguments,
} from './layer';

/**
 * keras.layers.Activation: applies an activation (a `tf.keras.activations` name or a function).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Activation('relu');
 * console.log(layer([-3, -1, 0, 2]).arraySync()); // [ 0, 0, 0, 2 ]
 * ```
 */
export class Activation extends Layer {
  /** The activation function. */
  readonly activation: (x: Tensor) => Tensor;

  /**
   * @param activation A `tf.keras.activations` name ('relu', 'softmax', ...) or a function.
   * @param options The layer options (`name`, `trainable`, `dtype`, `activityRegularizer`, `inputShape`).
   */
  constructor(activation: ActivationLike, options?: LayerOptions);
  /** Python's keyword form, `Activation(activation=...)`: `activation` among the options. */
  constructor(options: LayerOptions & { activation: ActivationLike });
  constructor(...given: unknown[]) {
    const [[activation], [options = {}]] = requiredLayerArguments(new.target, given, ['activation']) as [[ActivationLike], [LayerOptions?]];
    super(options);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    this.activation = resolveActivation(activation, this.qualifiedName);
    this.built = true;
  }

  /** `activation(inputs)`. */
  override call(inputs: Tensor): Tensor {
    return this.activation(inputs);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{activation}` (a built-in's name) and the layer options. */
  /** A new Activation from `getConfig()`'s object (Keras' `from_config`): `activation` and the options. */
  static override fromConfig(config: Record<string, unknown>): Activation {
    const [[activation], options] = takeArguments(config, 'Activation', ['activation']);
    return new this(activation as ActivationLike, options);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeOption(this.activation) };
  }
}

/** Options of `new tf.keras.layers.ReLU(options)`. */
export interface ReLUOptions extends LayerOptions {
  /** The largest output (default none). */
  maxValue?: number | null;
  /** The slope below the threshold (default 0). */
  negativeSlope?: number;
  /** The input below which the output is `negativeSlope · (x - threshold)` (default 0). */
  threshold?: number;
}

/** A non-negative number option (ReLU's), with Keras' message. */
function nonNegative(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new Error(`${op}: ${name} of a ReLU layer cannot be a negative value. Received: ${describe(value)}`);
  }
  return value;
}

/** Keras 3's ReLU arguments, in its order (and its option keys). */
const RELU_KEYS = ['maxValue', 'negativeSlope', 'threshold'];

/** Keras 3's positional arguments of ReLU, in its order. */
type ReLUPositional = [
  maxValue?: number | null, negativeSlope?: number, threshold?: number,
];

/**
 * keras.layers.ReLU({maxValue, negativeSlope, threshold}): x for threshold <= x < maxValue, maxValue
 * above, `negativeSlope · (x - threshold)` below the threshold (`tf.keras.activations.relu`).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ReLU({ maxValue: 1, negativeSlope: 0.5 });
 * console.log(layer([-2, 0.5, 3]).arraySync()); // [ -1, 0.5, 1 ]
 * ```
 */
export class ReLU extends Layer {
  /** The largest output, or null. */
  readonly maxValue: number | null;
  /** The slope below the threshold. */
  readonly negativeSlope: number;
  /** The threshold. */
  readonly threshold: number;

  /** @param options `maxValue`, `negativeSlope`, `threshold` and the layer options. */
  constructor(options?: ReLUOptions);
  /** Keras 3's positional form: `ReLU(max_value, negative_slope, threshold)`. */
  constructor(...positional: ReLUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ReLUPositional, ReLUOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ReLUOptions>(new.target, args, RELU_KEYS, ['maxValue']);
    super(options, RELU_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    this.maxValue = o.maxValue === undefined || o.maxValue === null ? null : nonNegative(op, 'maxValue', o.maxValue);
    this.negativeSlope = o.negativeSlope === undefined ? 0 : nonNegative(op, 'negativeSlope', o.negativeSlope);
    this.threshold = o.threshold === undefined ? 0 : nonNegative(op, 'threshold', o.threshold);
    this.built = true;
  }

  /** `tf.keras.activations.relu(inputs, negativeSlope, maxValue, threshold)`. */
  override call(inputs: Tensor): Tensor {
    return activations.relu(inputs, this.negativeSlope, this.maxValue, this.threshold);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{maxValue, negativeSlope, threshold}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

/** Options of `new tf.keras.layers.Softmax(options)`. */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis normalized (default -1). */
  axis?: number;
}

/** Keras 3's positional arguments of Softmax, in its order. */
type SoftmaxPositional = [
  axis?: number,
];

/**
 * keras.layers.Softmax({axis = -1}): exp(x) / Σ exp(x) along `axis`. A call's `mask` (bool, or
 * numbers kept where > 0.5; broadcastable to the inputs, no larger) leaves positions out, as
 * Keras 3's: the masked logits are set to -1e9 before the softmax and the masked outputs to 0 after
 * it (so an all-masked row is zeros, not uniform). The mask the input carries is used too, as
 * Keras passes it.
 *
 * @example
 * ```ts
 * const probabilities = new tf.keras.layers.Softmax()([[0, Math.log(3)]]);
 * console.log(probabilities.arraySync()[0].map((p: number) => p.toFixed(2))); // [ '0.25', '0.75' ]
 * const attention = new tf.keras.layers.Softmax()([[1, 2, 1]], { mask: [[true, false, true]] });
 * console.log(attention.arraySync()[0]); // [ 0.5, 0, 0.5 ]
 * ```
 */
export class Softmax extends Layer {
  /** The axis normalized. */
  readonly axis: number;

  /** @param options `axis` and the layer options. */
  constructor(options?: SoftmaxOptions);
  /** Keras 3's positional form: `Softmax(axis)`. */
  constructor(...positional: SoftmaxPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SoftmaxPositional, SoftmaxOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<SoftmaxOptions>(new.target, args, ['axis']);
    super(options, ['axis']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    this.axis = checkAxis((options ?? {}).axis, this.qualifiedName);
    this.built = true;
  }

  /** `tf.keras.activations.softmax(inputs, axis)`; with a mask, the masked logits -1e9 before it
   * and the masked outputs 0 after it (Keras 3's Softmax.call). */
  override call(inputs: Tensor, options?: LayerCallArguments): Tensor {
    const given = (options?.mask ?? null) as Tensor | null;
    if (given === null) return activations.softmax(inputs, this.axis);
    const mask = this.checkedMask(given, inputs);
    // Keras' _large_negative_number: -1e9 (-3e4 for float16, which gradtape has not).
    const outputs = activations.softmax(where(mask, inputs, -1e9), this.axis);
    return where(mask, outputs, 0);
  }

  /** The mask as bool (numbers: kept where > 0.5, as Keras), checked to broadcast to the inputs
   * without being larger, with Keras' messages. */
  private checkedMask(mask: Tensor, inputs: Tensor): Tensor {
    const op = this.qualifiedName;
    if (mask.rank > inputs.rank) {
      throw new Error(`${op}: The \`mask\` must be broadcastable to \`inputs\` and must not have more dimensions. Received: inputs.shape=${shapeText(inputs.shape)}, mask.shape=${shapeText(mask.shape)}`);
    }
    const fits = mask.shape.every((d, i) => d === 1 || d === inputs.shape[inputs.rank - mask.rank + i]);
    if (!fits) {
      throw new Error(
        `${op}: The \`mask\` must be broadcastable to \`inputs\`. Each mask dimension must be 1 or match the corresponding input dimension. Received: inputs.shape=${shapeText(inputs.shape)}, mask.shape=${shapeText(mask.shape)}`,
      );
    }
    return mask.dtype === 'bool' ? mask : greater(cast(mask, inputs.dtype), 0.5);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{axis}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
