// tf.keras.layers.Masking (keras/src/layers/core/masking.py): marks the timesteps whose features
// all equal `maskValue` as padding. The mask is any(inputs != maskValue, axis=-1), true at the
// timesteps to use; the output is the input with the masked timesteps zeroed (Keras'
// where(mask, inputs, 0)), and carries the mask (`kerasMask`) for the layers after it: the
// recurrent layers skip those timesteps, and `fit` leaves them out of the loss.

import { describe, type PositionalThenOptions } from '../describe';
import { notEqual, reduceAny } from '../generated/ops';
import { where } from '../ops';
import { type Tensor, kerasMasks } from '../tensor';
import { Layer, layerArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors } from './layer';

/** Options of `new tf.keras.layers.Masking(options)`. */
export interface MaskingOptions extends LayerOptions {
  /** The value that marks padding: a timestep whose features all equal it is masked (default 0). */
  maskValue?: number;
}

/** Keras 3's positional arguments of Masking, in its order. */
type MaskingPositional = [
  maskValue?: number,
];

/**
 * keras.layers.Masking({maskValue}): skips the timesteps of [batch, timesteps, features] whose
 * features all equal `maskValue` (default 0) in the layers after it. The mask,
 * any(inputs != maskValue, axis=-1), is attached to the output (`kerasMask`, [batch,
 * timesteps]); the output is the input with the masked timesteps set to 0.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const x = tf.constant([[[1, 2], [-1, -1], [3, -1]]]);
 * const masked = new tf.keras.layers.Masking({ maskValue: -1 })(x);
 * console.log(masked.arraySync(), masked.kerasMask!.arraySync()); // [ [ [ 1, 2 ], [ 0, 0 ], [ 3, -1 ] ] ] [ [ true, false, true ] ]
 * const rnn = new tf.keras.layers.SimpleRNN(1, { kernelInitializer: 'ones', recurrentInitializer: 'ones' });
 * const model = new tf.keras.Sequential([tf.keras.Input([3, 2]), new tf.keras.layers.Masking({ maskValue: -1 }), rnn]);
 * // h_0 = tanh(1 + 2) is carried over the masked step: h_2 = tanh(3 - 1 + h_0) (unmasked, 0.8444).
 * console.log(model.predict(x).arraySync()[0][0].toFixed(4)); // 0.9950
 * ```
 */
export class Masking extends Layer {
  /** The value that marks padding. */
  readonly maskValue: number;

  /** @param options `maskValue` (default 0) and the layer options. */
  constructor(options?: MaskingOptions);
  /** Keras 3's positional form: `Masking(mask_value)`. */
  constructor(...positional: MaskingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MaskingPositional, MaskingOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<MaskingOptions>(new.target, args, ['maskValue']);
    super(options, ['maskValue']);
    const value = options.maskValue ?? 0;
    if (typeof value !== 'number') throw new Error(`${this.qualifiedName}: maskValue must be a number, got ${describe(value)}.`);
    this.maskValue = value;
    this.supportsMasking = true;
    this.built = true;
  }

  /** any(inputs != maskValue) over the last axis: true at the timesteps to use. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): Tensor {
    void mask;
    return reduceAny(notEqual(inputs as Tensor, this.maskValue), -1);
  }

  /** The inputs with the masked timesteps zeroed, carrying the mask. */
  override call(inputs: Tensor): Tensor {
    const mask = this.computeMask(inputs, null);
    const outputs = where(reduceAny(notEqual(inputs, this.maskValue), -1, true), inputs, 0);
    kerasMasks.set(outputs, mask);
    return outputs;
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{maskValue}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
