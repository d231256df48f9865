// The masks and the masked softmax of the attention layers (keras/src/layers/attention/
// multi_head_attention.py: _compute_causal_mask, _masked_softmax with keras.layers.Softmax's
// mask; attention.py: _calculate_score_mask). A mask is bool, true where a query position may
// attend to a key position.

import { softmax } from '../activations';
import { abs, exp, greater, greaterEqual, less, logicalAnd, sub } from '../generated/ops';
import { cast, reshape, where } from '../ops';
import { reduceLogSumExp } from '../reductions';
import { expandDims, range } from '../shape';
import type { Tensor } from '../tensor';

/** The causal mask [1, Tq, Tv]: query step i sees key steps j <= i (Keras' cumsum of ones, row >= column). */
export function causalMask(queryLength: number, valueLength: number): Tensor {
  const rows = reshape(range(0, queryLength, 1, 'int32'), [1, queryLength, 1]);
  const columns = reshape(range(0, valueLength, 1, 'int32'), [1, 1, valueLength]);
  return greaterEqual(rows, columns);
}

/**
 * The softmax of `scores` over `axes` with the positions where `mask` (broadcast to the scores)
 * is false set to -1e9 first (Keras' Softmax layer with a mask). A row whose positions are all
 * masked is then uniform; with `zeroMasked` (the Softmax layer's last step) the masked positions
 * are zeros afterwards, so such a row is all zeros. Several axes: exp(x - logsumexp(x)).
 */
export function maskedSoftmax(scores: Tensor, mask: Tensor | null, axes: readonly number[], zeroMasked: boolean): Tensor {
  const keep = mask === null ? null : mask.dtype === 'bool' ? mask : greater(cast(mask, scores.dtype), 0.5);
  const x = keep === null ? scores : where(keep, scores, -1e9);
  const probabilities = axes.length === 1 ? softmax(x, axes[0]!) : exp(sub(x, reduceLogSumExp(x, axes as number[], true)));
  return keep === null || !zeroMasked ? probabilities : where(keep, probabilities, 0);
}

/** Keras' _compute_attention_mask (MultiHeadAttention's and GroupQueryAttention's): the query's,
 * value's and key's masks, the causal mask and the band of `slidingWindow` (null: none), ANDed
 * with `attentionMask`; null for no mask. */
export function combinedAttentionMask(query: Tensor, value: Tensor, masks: (Tensor | null)[], attentionMask: Tensor | null, useCausalMask: boolean, slidingWindow: number | null): Tensor | null {
  const [queryMask, valueMask, keyMask] = masks;
  const parts: Tensor[] = [];
  if (queryMask) parts.push(expandDims(cast(queryMask, 'bool'), -1)); // [B, T, 1]
  if (valueMask) parts.push(expandDims(cast(valueMask, 'bool'), -2)); // [B, 1, S]
  if (keyMask) parts.push(expandDims(cast(keyMask, 'bool'), -2));
  if (useCausalMask) parts.push(causalMask(query.shape[1]!, value.shape[1]!));
  if (slidingWindow !== null) {
    const rows = reshape(range(0, query.shape[1]!, 1, 'int32'), [1, query.shape[1]!, 1]);
    const columns = reshape(range(0, value.shape[1]!, 1, 'int32'), [1, 1, value.shape[1]!]);
    parts.push(less(abs(sub(rows, columns)), slidingWindow));
  }
  const auto = parts.length === 0 ? null : parts.reduce((a, b) => logicalAnd(a, b));
  const given = attentionMask === null ? null : cast(attentionMask, 'bool');
  if (auto === null) return given;
  return given === null ? auto : logicalAnd(given, auto);
}
