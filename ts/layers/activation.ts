// The activation layers (keras/src/layers/activations/): Activation(fn) applies a
// tf.keras.activations function; ReLU and Softmax are the layers of relu's and softmax's options.

import { describe } from '../describe';
import * as activations from '../activations';
import type { Tensor } from '../tensor';
import { type ActivationLike, Layer, checkAxis, type LayerOptions, type LayerShape, resolveActivation, serializeOption, takeArguments } from './layer';

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
  constructor(activation: ActivationLike, options: LayerOptions = {}) {
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
  constructor(options: ReLUOptions = {}) {
    super(options, ['maxValue', 'negativeSlope', 'threshold']);
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

/**
 * keras.layers.Softmax({axis = -1}): exp(x) / Σ exp(x) along `axis`. (Keras' `mask` argument is not
 * supported.)
 *
 * @example
 * ```ts
 * const probabilities = new tf.keras.layers.Softmax()([[0, Math.log(3)]]);
 * console.log(probabilities.arraySync()[0].map((p: number) => p.toFixed(2))); // [ '0.25', '0.75' ]
 * ```
 */
export class Softmax extends Layer {
  /** The axis normalized. */
  readonly axis: number;

  /** @param options `axis` and the layer options. */
  constructor(options: SoftmaxOptions = {}) {
    super(options, ['axis']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    this.axis = checkAxis((options ?? {}).axis, this.qualifiedName);
    this.built = true;
  }

  /** `tf.keras.activations.softmax(inputs, axis)`. */
  override call(inputs: Tensor): Tensor {
    return activations.softmax(inputs, this.axis);
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
