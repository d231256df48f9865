// tf.keras.layers.Attention (keras/src/layers/attention/attention.py), Luong-style attention of a
// query [B, Tq, dim] over a value [B, Tv, dim] (and a key, by default the value):
//   scores  = query · keyᵀ (times `scale` with useScale)            score mode 'dot'
//           = c · Σ_dim tanh(scale · (query_i + key_j))             score mode 'concat' (c: concat_score_weight)
//   weights = softmax over Tv of the scores, the masked key steps at scores - 1e9
//   output  = weights · value, zeros at the masked query steps
// The masks are the call's `mask`, [queryMask, valueMask] (by default the inputs' own), and the
// causal mask (useCausalMask). AdditiveAttention (additive-attention.ts) changes the scores.

import { softmax } from '../activations';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { add, logicalAnd, logicalNot, mul, reduceSum, sub, tanh } from '../generated/ops';
import { matmul, where } from '../ops';
import { expandDims } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import type { Variable } from '../variable';
import { causalMask } from './attention-masks';
import { Dropout } from './dropout';
import { KerasTensor } from './keras-tensor';
import {
  type CellStates, Layer, type LayerCallArguments, type LayerCallOptions, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, type SymbolicOutputs,
  layerArguments,
} from './layer';
import type { Nest } from './nest';

/** Options of `new tf.keras.layers.Attention(options)`. */
export interface AttentionOptions extends LayerOptions {
  /** Whether the scores are multiplied by a trained scalar `scale` (default false). */
  useScale?: boolean;
  /** 'dot' (default: query · key) or 'concat' (Σ tanh(query + key), times a trained scalar). */
  scoreMode?: 'dot' | 'concat';
  /** The rate of dropout on the attention weights in training (default 0). */
  dropout?: number;
  /** A seed for the dropout. */
  seed?: number | null;
}

/** Options of an Attention or AdditiveAttention call. */
export interface AttentionCallOptions extends Omit<LayerCallOptions, 'states'> {
  /** Whether the call returns [output, scores] (the weights [B, Tq, Tv] after the softmax). */
  returnAttentionScores?: boolean;
  /** Whether query step i attends only to value steps up to i. */
  useCausalMask?: boolean;
}

/** A call's options asking for the weights: the call gives [output, weights]. */
export type AttentionWeightsCallOptions = AttentionCallOptions & { returnAttentionScores: true };

/** The call of the attention layers, on [query, value, key?]; with returnAttentionScores it gives [output, weights]. */
export interface AttentionLayerCall {
  (inputs: readonly KerasTensor[], options: AttentionWeightsCallOptions): [KerasTensor, KerasTensor];
  (inputs: readonly KerasTensor[], options?: AttentionCallOptions): KerasTensor;
  (inputs: readonly (Tensor | TensorLike)[], options: AttentionWeightsCallOptions): [Tensor, Tensor];
  (inputs: readonly (Tensor | TensorLike)[], options?: AttentionCallOptions): Tensor;
}

/** The base of Attention and AdditiveAttention: the call on [query, value, key?], the masks and the scores' softmax. */
export abstract class BaseDenseAttention extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** Whether the scores are scaled by a trained weight. */
  readonly useScale: boolean;
  /** The rate of dropout on the attention weights. */
  readonly dropout: number;
  /** The seed of the dropout, or null. */
  readonly seed: number | null;
  /** The trained scale of the scores (useScale); null otherwise, or until built. */
  scale: Variable | null = null;
  #dropoutLayer: Dropout;

  constructor(options: AttentionOptions, ownKeys: readonly string[], useScaleDefault: boolean) {
    super(options, ['useScale', 'dropout', 'seed', ...ownKeys]);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.useScale = checkBoolean(o.useScale, op, 'useScale', useScaleDefault);
    const rate = o.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error(`${op}: dropout must be a number in [0, 1], got ${describe(rate)}.`);
    this.dropout = rate;
    if (o.seed !== undefined && o.seed !== null && !Number.isSafeInteger(o.seed)) throw new Error(`${op}: seed must be an integer, got ${describe(o.seed)}.`);
    this.seed = o.seed ?? null;
    this.supportsMasking = true;
    this.#dropoutLayer = new Dropout(rate, { dtype: this.dtype, seed: this.seed, name: 'dropout' });
  }

  /** @internal The attention options a call takes. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['returnAttentionScores', 'useCausalMask'];
  }

  /** The scores [B, Tq, Tv] of the query [B, Tq, dim] and the key [B, Tv, dim]. */
  protected abstract scores(query: Tensor, key: Tensor): Tensor;

  /** Keras' _validate_inputs: a list of 2 or 3 inputs (or shapes), and of 2 or 3 masks. */
  protected validate(inputs: unknown, mask: unknown = null): void {
    const op = this.qualifiedName;
    const cls = this.constructor.name;
    if (!Array.isArray(inputs)) throw new Error(`${op}: ${cls} layer must be called on a list of inputs, namely [query, value] or [query, value, key]. Received: inputs=${describe(inputs)}.`);
    if (inputs.length < 2 || inputs.length > 3) throw new Error(`${op}: ${cls} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${inputs.length}.`);
    if (mask !== null && mask !== undefined) {
      if (!Array.isArray(mask)) throw new Error(`${op}: ${cls} layer mask must be a list, namely [query_mask, value_mask]. Received: mask=${describe(mask)}.`);
      if (mask.length < 2 || mask.length > 3) throw new Error(`${op}: ${cls} layer accepts mask list of length 2 or 3. Received: mask of length ${mask.length}.`);
    }
  }

  /** The attention output (and the weights, with returnAttentionScores) of [query, value, key?]. */
  override call(inputs: LayerTensors, callOptions?: LayerCallArguments | CellStates): LayerTensors {
    // (`apply` passes the call options this layer declares: the base type also admits a cell's states.)
    const options = callOptions as AttentionCallOptions & { training: boolean };
    this.validate(inputs, options.mask);
    const [query, value, key = value] = inputs as Tensor[];
    const [queryMask = null, valueMask = null] = (options.mask ?? []) as (Tensor | null)[];
    const scores = this.scores(query!, key!);
    // Keras' _calculate_score_mask: the value's mask [B, 1, Tv], ANDed with the causal mask.
    let scoresMask = valueMask === null ? null : expandDims(valueMask, -2);
    if (options.useCausalMask) {
      const causal = causalMask(scores.shape[scores.rank - 2]!, scores.shape[scores.rank - 1]!);
      scoresMask = scoresMask === null ? causal : logicalAnd(scoresMask, causal);
    }
    const masked = scoresMask === null ? scores : where(logicalNot(scoresMask), sub(scores, 1e9), scores);
    const weights = softmax(masked, -1);
    const dropped = this.dropout > 0 ? this.#dropoutLayer.apply(weights, { training: options.training }) : weights;
    let output = matmul(dropped, value!);
    if (queryMask !== null) output = where(expandDims(queryMask, -1), output, 0);
    return options.returnAttentionScores ? [output, weights] : output;
  }

  /** The query's mask (the output's), or null. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    this.validate(inputs, mask);
    return Array.isArray(mask) ? (mask[0] ?? null) : null;
  }

  /** The query's shape with the value's last dimension. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const [queryShape, valueShape] = inputShape as LayerShape[];
    return [...queryShape!.slice(0, -1), valueShape![valueShape!.length - 1]!];
  }

  /** The output's KerasTensor, and the weights' [..., Tq, Tv] with returnAttentionScores. */
  override computeOutputSpec(inputs: Nest<KerasTensor>, options: AttentionCallOptions = {}): SymbolicOutputs {
    this.validate(inputs);
    const [query, value, key = value] = inputs as KerasTensor[];
    const output = new KerasTensor(this.computeOutputShape([query!.shape, value!.shape]), this.dtype);
    if (!options.returnAttentionScores) return output;
    return [output, new KerasTensor([...query!.shape.slice(0, -1), key!.shape[key!.shape.length - 2]!], this.dtype)];
  }

  /** `{useScale, dropout, seed}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), useScale: this.useScale, dropout: this.dropout, seed: this.seed };
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Attention extends AttentionLayerCall {}

/**
 * keras.layers.Attention({useScale, scoreMode, dropout}): dot-product (Luong) attention of a
 * query [B, Tq, dim] over a value [B, Tv, dim], called on [query, value] or [query, value, key]:
 * softmax over Tv of query · keyᵀ (score mode 'concat': Σ tanh(query + key)), times the value.
 * The call's `mask` ([queryMask, valueMask], by default the inputs' own masks) leaves out masked
 * value steps and zeros masked query steps; `useCausalMask` lets step i see steps up to i;
 * `returnAttentionScores` gives [output, weights].
 *
 * @example
 * ```ts
 * const attention = new tf.keras.layers.Attention();
 * const query = tf.constant([[[1, 0]]]);
 * const value = tf.constant([[[1, 0], [0, 1]]]);
 * const [output, weights] = attention([query, value], { returnAttentionScores: true });
 * console.log(weights.arraySync()[0][0].map((w: number) => w.toFixed(4))); // [ '0.7311', '0.2689' ]
 * console.log(output.shape);                                               // [ 1, 1, 2 ]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
/** Keras 3's positional arguments of Attention, in its order. */
type AttentionPositional = [
  useScale?: boolean, scoreMode?: 'dot' | 'concat', dropout?: number, seed?: number | null,
];

export class Attention extends BaseDenseAttention {
  /** How the scores are computed: 'dot' or 'concat'. */
  readonly scoreMode: 'dot' | 'concat';
  /** The trained factor of the 'concat' scores; null otherwise, or until built. */
  concatScoreWeight: Variable | null = null;

  /** @param options `useScale`, `scoreMode`, `dropout`, `seed` and the layer options. */
  constructor(options?: AttentionOptions);
  /** Keras 3's positional form: `Attention(use_scale, score_mode, dropout, seed)`. */
  constructor(...positional: AttentionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AttentionPositional, AttentionOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<AttentionOptions>(new.target, args, ['useScale', 'scoreMode', 'dropout', 'seed'], ['seed']);
    super(options, ['scoreMode'], false);
    const mode = options.scoreMode ?? 'dot';
    if (mode !== 'dot' && mode !== 'concat') {
      throw new Error(`${this.qualifiedName}: Invalid value for argument scoreMode. Expected one of {'dot', 'concat'}. Received: scoreMode=${describe(mode)}`);
    }
    this.scoreMode = mode;
  }

  /** Makes `scale` (useScale) and `concat_score_weight` (score mode 'concat'), scalars starting at 1. */
  override build(inputShape: Nest<LayerShape>): void {
    this.validate(inputShape);
    if (this.useScale) this.scale = this.addWeight({ name: 'scale', shape: [], initializer: 'ones' });
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight({ name: 'concat_score_weight', shape: [], initializer: 'ones' });
    this.built = true;
  }

  /** 'dot': query · keyᵀ (· scale); 'concat': concat_score_weight · Σ tanh(scale · (query_i + key_j)). */
  protected override scores(query: Tensor, key: Tensor): Tensor {
    if (this.scoreMode === 'dot') {
      const scores = matmul(query, key, false, true);
      return this.scale === null ? scores : mul(scores, this.scale);
    }
    const sum = add(expandDims(query, -2), expandDims(key, -3));
    return mul(this.concatScoreWeight!, reduceSum(tanh(this.scale === null ? sum : mul(this.scale, sum)), -1));
  }

  /** `{useScale, scoreMode, dropout, seed}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), scoreMode: this.scoreMode };
  }
}
