// tf.keras.layers.AdditiveAttention (keras/src/layers/attention/additive_attention.py), Bahdanau
// attention: Attention (attention.py) with the scores
//   scores[i, j] = Σ_dim scale · tanh(query_i + key_j)
// `scale` a trained vector [dim] (glorot_uniform) with useScale (the default), else 1.

import type { PositionalThenOptions } from '../describe';
import { add, mul, reduceSum, tanh } from '../generated/ops';
import { expandDims } from '../shape';
import type { Tensor } from '../tensor';
import { type AttentionLayerCall, type AttentionOptions, BaseDenseAttention } from './attention';
import { type LayerShape, layerArguments } from './layer';
import type { Nest } from './nest';

/** Options of `new tf.keras.layers.AdditiveAttention(options)`. */
export type AdditiveAttentionOptions = Omit<AttentionOptions, 'scoreMode'>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AdditiveAttention extends AttentionLayerCall {}

/**
 * keras.layers.AdditiveAttention({useScale = true, dropout}): additive (Bahdanau) attention of a
 * query [B, Tq, dim] over a value [B, Tv, dim], called on [query, value] or [query, value, key]:
 * softmax over Tv of Σ_dim scale · tanh(query_i + key_j), times the value; masks, the causal
 * mask and `returnAttentionScores` as Attention's. The weight `scale` is [dim].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const attention = new tf.keras.layers.AdditiveAttention({ useScale: false });
 * const query = tf.constant([[[0.5, 0], [0, 0.5]]]);
 * const value = tf.constant([[[1, 0], [0, 1]]]);
 * // Step 0 sees only value step 0: its output is that step.
 * const output = attention([query, value], { useCausalMask: true });
 * console.log(output.arraySync()[0][0]); // [ 1, 0 ]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
/** Keras 3's positional arguments of AdditiveAttention, in its order. */
type AdditiveAttentionPositional = [
  useScale?: boolean, dropout?: number,
];

export class AdditiveAttention extends BaseDenseAttention {
  /** @param options `useScale` (default true), `dropout`, `seed` and the layer options. */
  constructor(options?: AdditiveAttentionOptions);
  /** Keras 3's positional form: `AdditiveAttention(use_scale, dropout)`. */
  constructor(...positional: AdditiveAttentionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (seed among them). */
  constructor(...positionalThenOptions: PositionalThenOptions<AdditiveAttentionPositional, AdditiveAttentionOptions>);
  constructor(...args: unknown[]) {
    // Keras 3 passes seed on to Attention through its **kwargs: only by name, after the positional arguments too.
    super(layerArguments<AdditiveAttentionOptions>(new.target, args, ['useScale', 'dropout'], [], {}, ['seed']), [], true);
  }

  /** Makes `scale`, [the query's last dimension] (useScale). */
  override build(inputShape: Nest<LayerShape>): void {
    this.validate(inputShape);
    const dim = (inputShape as LayerShape[])[0]!.at(-1)!;
    if (this.useScale) this.scale = this.addWeight({ name: 'scale', shape: [dim], initializer: 'glorot_uniform' });
    this.built = true;
  }

  /** Σ_dim scale · tanh(query_i + key_j). */
  protected override scores(query: Tensor, key: Tensor): Tensor {
    const t = tanh(add(expandDims(query, -2), expandDims(key, -3)));
    return reduceSum(this.scale === null ? t : mul(this.scale, t), -1);
  }
}
