// tf.keras.layers.GroupQueryAttention (keras/src/layers/attention/grouped_query_attention.py), the
// grouped-query attention of Ainslie et al., 2023: numQueryHeads query heads share
// numKeyValueHeads key and value heads, each key/value head serving r = numQueryHeads /
// numKeyValueHeads consecutive query heads (r = numQueryHeads is multi-head attention, one
// key/value head multi-query attention). For a query [B, T, dim] and a value (and key) [B, S, ·]:
//   q = query · Wq + bq  [B, T, u, headDim]    k = key · Wk + bk  [B, S, v, headDim]
//   v = value · Wv + bv  [B, S, v, headDim]    k, v repeated r times on the heads' axis
//   scores = softmax_S(q · k / √headDim)  [B, u, T, S], masked positions left out
//   output = (scores · v) · Wo + bo       [B, T, dim]
// each projection an EinsumDense sublayer ('query', 'key', (gate,) 'value', 'attention_output').
//
// The mask is MultiHeadAttention's: the query's mask [B, T, 1], the value's and the key's
// [B, 1, S], the causal mask (row >= column) and the sliding window's band, ANDed with the call's
// attentionMask. The projections, the call and the attention of the heads are BaseHeadAttention's
// (head-attention.ts), as MultiHeadAttention's; this layer adds the repeat of the key and value
// heads.
// Flash attention is a kernel for GPUs and TPUs: the option is taken with the errors Keras (JAX
// backend, on the CPU) raises for it (head-attention.ts).

import { describe, type PositionalThenOptions } from '../describe';
import { repeat } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import type { EinsumDense } from './einsum-dense';
import { BaseHeadAttention, type HeadAttentionShape, PROJECTION_POSITIONAL, type ProjectionPositional, headAttentionArguments } from './head-attention';
import { KerasTensor } from './keras-tensor';
import { KERNEL_BIAS_KEYS, type KernelBiasOptions } from './kernel-bias';
import { type LayerOptions, type LayerShape, type SymbolicOutputs, shapeText } from './layer';
import { type AttentionScoresCallOptions, type MultiHeadAttentionCallOptions, attentionCallArguments } from './multi-head-attention';
import { uniqueName } from './names';
import type { Nest } from './nest';

/** Options of `new tf.keras.layers.GroupQueryAttention({headDim, numQueryHeads, numKeyValueHeads, ...})`;
 * the kernel and bias options are those of every projection (query, key, gate, value and output). */
export interface GroupQueryAttentionOptions extends LayerOptions, KernelBiasOptions {
  /** The size of each head, a positive integer. */
  headDim: number;
  /** The number of query heads, a positive integer divisible by numKeyValueHeads. */
  numQueryHeads: number;
  /** The number of key and value heads (the groups), a positive integer. */
  numKeyValueHeads: number;
  /** The rate of dropout on the attention scores in training (default 0). */
  dropout?: number;
  /** Whether the projections add biases (default true). */
  useBias?: boolean;
  /** A band: each query step attends to key steps less than slidingWindow away (default none). */
  slidingWindow?: number | null;
  /** Keras' flash attention flag (default null): true refuses dropout and returned scores, as
   * Keras does, and, as Keras on the CPU does, every call that would compute the attention (Keras
   * gives it to dot_product_attention, which raises "cuDNN is not detected."). Not part of the
   * config, as in Keras. */
  flashAttention?: boolean | null;
  /** Whether the output of the heads is gated by sigmoid(query · Wg + bg), an EinsumDense 'gate' (default false). */
  useGate?: boolean;
  /** A seed for the dropout of the scores. */
  seed?: number | null;
}

/** Keras 3's GroupedQueryAttention arguments after the three sizes, in its order (up to
 * bias_constraint, where its releases agree). */
const GQA_POSITIONAL = ['dropout', 'useBias', 'flashAttention', ...PROJECTION_POSITIONAL];

const GQA_KEYS = ['headDim', 'numQueryHeads', 'numKeyValueHeads', 'dropout', 'useBias', 'slidingWindow', 'flashAttention', 'useGate', ...KERNEL_BIAS_KEYS, 'seed'];

// b batch, q query steps, k key steps, u query heads, h head size: the scores [b, u, q, k] of the
// projected key [b, k, u, h] (its heads repeated) and query [b, q, u, h], over the key steps.
const GQA_EQUATIONS = { dotProduct: 'bkuh,bquh->buqk', combine: 'buqk,bkuh->bquh', scoresRank: 4, attentionAxes: [1] };

/** A positive integer option. */
function positiveInteger(value: unknown, name: string, op: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new Error(`${op}: \`${name}\` must be a positive integer, got ${describe(value)}.`);
  return value as number;
}

// A GroupQueryAttention is called with the query, the value and the key apart (Keras' call), or,
// as a functional model replays it, with [query, value, key?] and the options.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface GroupQueryAttention {
  (query: KerasTensor, value: KerasTensor, key: KerasTensor | null | undefined, options: AttentionScoresCallOptions): [KerasTensor, KerasTensor];
  (query: KerasTensor, value: KerasTensor, key?: KerasTensor | null, options?: MultiHeadAttentionCallOptions): KerasTensor;
  (query: TensorLike, value: TensorLike, key: TensorLike | null | undefined, options: AttentionScoresCallOptions): [Tensor, Tensor];
  (query: TensorLike, value: TensorLike, key?: TensorLike | null, options?: MultiHeadAttentionCallOptions): Tensor;
}

/**
 * keras.layers.GroupQueryAttention({headDim, numQueryHeads, numKeyValueHeads}): grouped-query
 * attention of a query [B, T, dim] over a value [B, S, dim] (and a key, by default the value):
 * numQueryHeads query heads, each group of numQueryHeads / numKeyValueHeads of them sharing one
 * of numKeyValueHeads key and value heads; scores softmax(q · k / √headDim) [B, numQueryHeads, T,
 * S], the output projected back to the query's last dimension. Called as `gqa(query, value, key?,
 * options)` with MultiHeadAttention's call options (`attentionMask`, `useCausalMask`,
 * `returnAttentionScores: true` for `[output, scores]`, `training`); the inputs' masks mask the
 * scores as Keras does, and the output carries the query's mask. The weights are Keras': 'query',
 * 'key', ('gate',) 'value' and 'attention_output' EinsumDense layers, made on the first call.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const gqa = new tf.keras.layers.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2 });
 * const x = tf.ones([1, 3, 5]);
 * const [y, scores] = gqa(x, x, null, { returnAttentionScores: true, useCausalMask: true });
 * console.log(y.shape, scores.shape);        // [ 1, 3, 5 ] [ 1, 4, 3, 3 ]
 * console.log(scores.arraySync()[0][3][1]);  // [ 0.5, 0.5, 0 ]
 * console.log(gqa.weights[2].name, gqa.weights[2].shape); // grouped_query_attention/key/kernel [ 5, 2, 2 ]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
/** Keras 3's positional arguments of GroupQueryAttention after its required ones, in its order. */
type GroupQueryAttentionPositional = [
  dropout?: number, useBias?: boolean, flashAttention?: boolean | null, ...ProjectionPositional,
];

export class GroupQueryAttention extends BaseHeadAttention {
  /** The size of each head. */
  readonly headDim: number;
  /** The number of query heads. */
  readonly numQueryHeads: number;
  /** The number of key and value heads. */
  readonly numKeyValueHeads: number;
  /** The rate of dropout on the scores. */
  readonly dropout: number;
  /** Whether the projections add biases. */
  readonly useBias: boolean;
  /** Whether the heads' output is gated. */
  readonly useGate: boolean;
  /** The band of the sliding window, or null. */
  readonly slidingWindow: number | null;
  /** Whether flash attention was asked for (which refuses dropout, returned scores and the calls). */
  readonly flashAttention: boolean;
  /** The seed of the dropout, or null. */
  readonly seed: number | null;
  // The projections are held as Keras holds them (`_query_dense`, ...): Keras' weights files
  // place a sublayer's variables under the attribute's name.
  /** @internal The query's projection. */
  _queryDense: EinsumDense | null = null;
  /** @internal The key's projection. */
  _keyDense: EinsumDense | null = null;
  /** @internal The gate's projection. */
  _gateDense: EinsumDense | null = null;
  /** @internal The value's projection. */
  _valueDense: EinsumDense | null = null;
  /** @internal The output's projection. */
  _outputDense: EinsumDense | null = null;

  /**
   * @param options `headDim`, `numQueryHeads` and `numKeyValueHeads` (required), `dropout`,
   * `useBias`, `slidingWindow`, `flashAttention`, `useGate`, the projections' initializers,
   * regularizers and constraints, `seed`, and the layer options. `activityRegularizer` applies to
   * each projection's output, as Keras passes it to them.
   */
  constructor(options: GroupQueryAttentionOptions);
  /** The sizes, then the other options. */
  constructor(headDim: number, numQueryHeads: number, numKeyValueHeads: number, options?: Omit<GroupQueryAttentionOptions, 'headDim' | 'numQueryHeads' | 'numKeyValueHeads'>);
  /** Keras 3's positional form: `GroupedQueryAttention(head_dim, num_query_heads,
   * num_key_value_heads, dropout, use_bias, flash_attention, kernel_initializer, bias_initializer,
   * kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
   * bias_constraint)`; `seed`, `useGate` and `slidingWindow` only by name (their place in
   * Keras's order has moved between releases). */
  constructor(headDim: number, numQueryHeads: number, numKeyValueHeads: number, ...positional: GroupQueryAttentionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (seed, slidingWindow and useGate among them). */
  constructor(headDim: number, numQueryHeads: number, numKeyValueHeads: number, ...positionalThenOptions: PositionalThenOptions<GroupQueryAttentionPositional, Omit<GroupQueryAttentionOptions, 'headDim' | 'numQueryHeads' | 'numKeyValueHeads'>>);
  constructor(...args: unknown[]) {
    const options = headAttentionArguments<GroupQueryAttentionOptions>(new.target, args, ['headDim', 'numQueryHeads', 'numKeyValueHeads'], GQA_POSITIONAL);
    const o = options;
    // Keras' class is GroupedQueryAttention, exported as GroupQueryAttention: its layers are named 'grouped_query_attention'.
    super({ ...o, name: o.name ?? uniqueName('grouped_query_attention'), activityRegularizer: null }, GQA_KEYS);
    const op = this.qualifiedName;
    this.headDim = positiveInteger(o.headDim, 'headDim', op);
    this.numQueryHeads = positiveInteger(o.numQueryHeads, 'numQueryHeads', op);
    this.numKeyValueHeads = positiveInteger(o.numKeyValueHeads, 'numKeyValueHeads', op);
    if (this.numQueryHeads % this.numKeyValueHeads !== 0) throw new Error(`${op}: \`numQueryHeads\` must be divisible by \`numKeyValueHeads\`.`);
    this.supportsMasking = true;
    [this.dropout, this.useBias, this.useGate] = this._dropoutBiasGate(o);
    this.slidingWindow = this._slidingWindowOption(o.slidingWindow);
    this.flashAttention = this._flashAttentionOption(o.flashAttention);
    this._keepProjectionOptions(o);
    this.seed = this._seedOption(o.seed);
    this._finishOptions();
  }

  /** The query's projection to [B, T, numQueryHeads, headDim]; null until built. */
  get queryDense(): EinsumDense | null {
    return this._queryDense;
  }

  /** The key's projection to [B, S, numKeyValueHeads, headDim]; null until built. */
  get keyDense(): EinsumDense | null {
    return this._keyDense;
  }

  /** The gate's projection of the query (useGate); null otherwise. */
  get gateDense(): EinsumDense | null {
    return this._gateDense;
  }

  /** The value's projection to [B, S, numKeyValueHeads, headDim]; null until built. */
  get valueDense(): EinsumDense | null {
    return this._valueDense;
  }

  /** The projection of the heads back to the query's last dimension; null until built. */
  get outputDense(): EinsumDense | null {
    return this._outputDense;
  }

  /** @internal The name Keras' weights files number this layer by in a model: its Python class's
   * (GroupedQueryAttention), not the name it is exported and serialized under. */
  get _kerasSaveName(): string {
    return 'grouped_query_attention';
  }

  /** Makes the projections for [queryShape, valueShape, keyShape?], in Keras' order: query, key, (gate,) value, attention_output. */
  override build(inputShape: Nest<LayerShape>): void {
    const op = this.qualifiedName;
    const shapes = inputShape as LayerShape[];
    if (!Array.isArray(shapes) || shapes.length < 2 || shapes.length > 3 || !shapes.every((s) => Array.isArray(s) && s.length === 3)) {
      throw new Error(`${op}: expected the shapes [batch, steps, features] of [query, value] or [query, value, key], got ${describe(inputShape)}.`);
    }
    const [queryShape, valueShape] = shapes as unknown as [LayerShape, LayerShape];
    const keyShape = shapes[2] ?? valueShape;
    const u = this.numQueryHeads;
    const v = this.numKeyValueHeads;
    const h = this.headDim;
    // b batch, q query steps, k key steps, m model features, u query heads, v key/value heads, h head size.
    this._queryDense = this._projection('bqm,muh->bquh', [null, u, h], 'uh', 'query', queryShape);
    this._keyDense = this._projection('bkm,mvh->bkvh', [null, v, h], 'vh', 'key', keyShape);
    if (this.useGate) this._gateDense = this._projection('bqm,muh->bquh', [null, u, h], 'uh', 'gate', queryShape, 'sigmoid');
    this._valueDense = this._projection('bkm,mvh->bkvh', [null, v, h], 'vh', 'value', valueShape);
    this._outputDense = this._projection('bquh,uhm->bqm', [null, queryShape[2] as number], 'm', 'attention_output', [null, null, u, h]);
    this.built = true;
  }

  /** @internal The inputs as [query, value, key?] and the options (MultiHeadAttention's call forms). */
  protected override _callArguments(args: unknown[]): [Nest<Tensor | KerasTensor>, MultiHeadAttentionCallOptions] {
    return attentionCallArguments(args, this.qualifiedName, this.dtype, 'gqa');
  }

  /** @internal The attention's equations (query heads u, head size h) and the key size, headDim. */
  protected override get _headAttentionShape(): HeadAttentionShape {
    return { ...GQA_EQUATIONS, keySize: this.headDim };
  }

  /** @internal Key/value head j serves query heads j·r ... j·r + r - 1, r = numQueryHeads /
   * numKeyValueHeads (Keras' ops.repeat on the heads' axis). */
  protected override _keyValueHeadsForQueries(heads: Tensor): Tensor {
    return repeat(heads, this.numQueryHeads / this.numKeyValueHeads, 2);
  }

  /** The query's shape, after Keras' checks of the value's and the key's. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const op = this.qualifiedName;
    const [queryShape, valueShape, keyShape = valueShape] = inputShape as LayerShape[];
    if (queryShape!.at(-1) !== valueShape!.at(-1)) {
      throw new Error(`${op}: The last dimension of \`query_shape\` and \`value_shape\` must be equal, but are ${queryShape!.at(-1)}, ${valueShape!.at(-1)}. Received: query_shape=${shapeText(queryShape!)}, value_shape=${shapeText(valueShape!)}`);
    }
    const same = valueShape!.length === keyShape!.length && valueShape!.slice(1, -1).every((d, i) => d === keyShape![i + 1]);
    if (!same) {
      throw new Error(`${op}: All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${shapeText(valueShape!)} and key_shape=${shapeText(keyShape!)}`);
    }
    return queryShape!.slice();
  }

  /** The output's KerasTensor, and the scores' [batch, numQueryHeads, T, S] with returnAttentionScores. */
  override computeOutputSpec(inputs: Nest<KerasTensor>, options: MultiHeadAttentionCallOptions = {}): SymbolicOutputs {
    const shapes = (inputs as KerasTensor[]).map((t) => t.shape);
    const output = new KerasTensor(this.computeOutputShape(shapes), this.dtype);
    if (!options.returnAttentionScores) return output;
    const keyShape = shapes[2] ?? shapes[1]!;
    return [output, new KerasTensor([shapes[0]![0]!, this.numQueryHeads, shapes[0]![1]!, keyShape[1]!], this.dtype)];
  }

  /** Keras' config: the heads, dropout, bias, gate, window, the projections' initializers, regularizers and constraints, and the seed (not flashAttention). */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      headDim: this.headDim,
      numQueryHeads: this.numQueryHeads,
      numKeyValueHeads: this.numKeyValueHeads,
      useBias: this.useBias,
      useGate: this.useGate,
      slidingWindow: this.slidingWindow,
      dropout: this.dropout,
      ...this._projectionConfig(),
      seed: this.seed,
    };
  }
}
