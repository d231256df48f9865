// What MultiHeadAttention and GroupQueryAttention share (keras/src/layers/attention/
// multi_head_attention.py, which grouped_query_attention.py copies): the EinsumDense projections
// with the layer's kernel and bias options, the call forms, the scaled dot-product attention of
// the projected heads with its masks and dropout, and the query's mask on the output. A subclass
// checks its options with the base's checks, called in the order of its Keras class's __init__:
//   MultiHeadAttention: numHeads, keyDim, valueDim, the layer options, dropout/useBias/useGate,
//     outputShape, flashAttention, the projections' initializers, regularizers and constraints,
//     attentionAxes, slidingWindow, seed, flash attention's refusal of dropout;
//   GroupQueryAttention: the layer options, the head counts, dropout/useBias/useGate,
//     slidingWindow, flashAttention, the initializers, regularizers and constraints, seed, flash
//     attention's refusal of dropout;
// builds its projections, and says how its heads meet (the attention's equations, the key size
// the scores are scaled by, and how the key and value heads serve the query heads).
//
// The attention of the projected heads (Keras' _compute_attention):
//   scores = softmax over the attended key axes of (q / √keySize) · k, masked positions left out
//   heads  = dropout(scores) · v
// Keras computes it two ways that differ only where a query position sees no key at all (a
// masked query step): with dropout, or when the scores are returned, or for inputs of rank above
// 3, the Softmax layer's masked softmax gives zeros there; otherwise its dot_product_attention
// gives the mean of the values. Both are kept, so the numbers are Keras' in every case.
//
// Flash attention (the flashAttention option) is a kernel of dot_product_attention for GPUs and
// TPUs. Keras refuses it with dropout (at construction) and with returned scores (at the call);
// on the JAX backend without a GPU its dot_product_attention path raises "cuDNN is not
// detected." (float32 inputs are refused on GPUs too: cuDNN's flash attention takes fp16/bf16),
// while the Softmax path (projections of rank above 4) ignores the flag. gradtape runs on the CPU
// and does the same.

import { makeConstant } from '../creation';
import { checkBoolean, describe, isPlainObject } from '../describe';
import { mul } from '../generated/ops';
import { CALL_INSTANCE } from '../module';
import { cast } from '../ops';
import { einsum, expandDims, identity } from '../shape';
import { Tensor, type TensorLike, kerasMasks } from '../tensor';
import { combinedAttentionMask, maskedSoftmax } from './attention-masks';
import { Dropout } from './dropout';
import { EinsumDense } from './einsum-dense';
import type { KerasTensor } from './keras-tensor';
import { KERNEL_BIAS, type KernelBiasOptions, kernelBiasConfig } from './kernel-bias';
import {
  type CellStates, Layer, type LayerCallArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors,
  type SymbolicOutputs, layerArguments, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption,
} from './layer';
import type { MultiHeadAttentionCallOptions } from './multi-head-attention';
import type { Nest } from './nest';
import { weightOptionsOf } from './weight-options';

const CALL_KEYS = ['attentionMask', 'returnAttentionScores', 'useCausalMask'];

/** How a layer's projected heads meet: the einsum equations of Keras' _build_attention_equation
 * (key, scaled query -> scores; scores, value -> heads), the scores' rank, the axes of the
 * projected query attended over, and the size the query is scaled by (q / √keySize). */
export interface HeadAttentionShape {
  /** The equation of the scores: (key, scaled query) -> scores. */
  dotProduct: string;
  /** The equation of the heads: (scores, value) -> heads. */
  combine: string;
  /** The rank of the scores. */
  scoresRank: number;
  /** The attended axes of the projected query (the scores end with these, then the key's). */
  attentionAxes: readonly number[];
  /** The size of each head's query and key. */
  keySize: number;
}

/** MultiHeadAttention's and GroupQueryAttention's arguments whose place in Keras's order moved
 * between releases: not positional here, but Python takes them by name after positional
 * arguments, so the last options object may hold them. */
const HEAD_ATTENTION_KEYWORDS = ['seed', 'slidingWindow', 'useGate'];
/** The projections' arguments that MultiHeadAttention's and GroupQueryAttention's Keras 3 orders
 * end with (their later ones, use_gate, sliding_window and seed, moved between Keras releases, so
 * they come only by name: HEAD_ATTENTION_KEYWORDS), and those of them whose default is None. */
export const PROJECTION_POSITIONAL = ['kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'];
const HEAD_ATTENTION_NONE = ['valueDim', 'outputShape', 'attentionAxes', 'flashAttention', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'];

/** PROJECTION_POSITIONAL's arguments, typed. */
export type ProjectionPositional = [
  kernelInitializer?: KernelBiasOptions['kernelInitializer'], biasInitializer?: KernelBiasOptions['biasInitializer'], kernelRegularizer?: KernelBiasOptions['kernelRegularizer'],
  biasRegularizer?: KernelBiasOptions['biasRegularizer'], activityRegularizer?: LayerOptions['activityRegularizer'], kernelConstraint?: KernelBiasOptions['kernelConstraint'],
  biasConstraint?: KernelBiasOptions['biasConstraint'],
];

/**
 * The options of MultiHeadAttention or GroupQueryAttention from their constructor's arguments:
 * one options object holding the `required` sizes too, or the sizes positionally followed by one
 * options object or by Keras 3's further positional arguments (`names`).
 */
export function headAttentionArguments<T extends LayerOptions>(
  cls: abstract new (...args: never[]) => unknown, args: readonly unknown[], required: readonly string[], names: readonly string[],
): T {
  if (isPlainObject(args[0])) return layerArguments<T>(cls, args, [...required, ...names], HEAD_ATTENTION_NONE);
  const sizes = args.slice(0, required.length);
  const options: Record<string, unknown> = layerArguments(cls, args.slice(required.length), names, HEAD_ATTENTION_NONE, {}, HEAD_ATTENTION_KEYWORDS);
  const twice = required.find((name) => name in options);
  if (twice !== undefined) throw new Error(`${Layer._namespace}.${cls.name}: ${twice} was given both positionally and in the options object.`);
  required.forEach((name, i) => (options[name] = sizes[i]));
  return options as T;
}

/** The base of MultiHeadAttention and GroupQueryAttention: their projections, call forms,
 * attention of the projected heads, and output mask (the query's). */
export abstract class BaseHeadAttention extends Layer {
  /** The rate of dropout on the scores. */
  abstract readonly dropout: number;
  /** Whether the projections add biases. */
  abstract readonly useBias: boolean;
  /** The band of the sliding window, or null. */
  abstract readonly slidingWindow: number | null;
  /** Whether flash attention was asked for (which refuses dropout, returned scores, and the
   * dot-product attention of projections of rank 4, as Keras on the CPU does). */
  abstract readonly flashAttention: boolean;
  /** The seed of the dropout, or null. */
  abstract readonly seed: number | null;
  /** The query's projection; null until built. */
  abstract readonly queryDense: EinsumDense | null;
  /** The key's projection; null until built. */
  abstract readonly keyDense: EinsumDense | null;
  /** The gate's projection of the query (useGate); null otherwise. */
  abstract readonly gateDense: EinsumDense | null;
  /** The value's projection; null until built. */
  abstract readonly valueDense: EinsumDense | null;
  /** The projection of the heads back to the output; null until built. */
  abstract readonly outputDense: EinsumDense | null;
  #dropoutLayer: Dropout | null = null;
  #projectionOptions: KernelBiasOptions & LayerOptions = {};

  /** @internal How the projected heads meet, once built. */
  protected abstract get _headAttentionShape(): HeadAttentionShape;

  /** @internal The inputs as [query, value, key?] and the call options, from either call form. */
  protected abstract _callArguments(args: unknown[]): [Nest<Tensor | KerasTensor>, MultiHeadAttentionCallOptions];

  /** @internal The options both subclasses check right after their head sizes, in Keras'
   * order: the scores' dropout rate (a number in [0, 1], default 0), useBias (default true) and
   * useGate (default false). */
  protected _dropoutBiasGate(options: { dropout?: number; useBias?: boolean; useGate?: boolean }): [number, boolean, boolean] {
    const op = this.qualifiedName;
    const rate = options.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error(`${op}: dropout must be a number in [0, 1], got ${describe(rate)}.`);
    return [rate, checkBoolean(options.useBias, op, 'useBias', true), checkBoolean(options.useGate, op, 'useGate', false)];
  }

  /** @internal The `slidingWindow` option: null (default) or a positive integer, with Keras' message. */
  protected _slidingWindowOption(value: unknown): number | null {
    if (value === undefined || value === null) return null;
    if (!(Number.isSafeInteger(value) && (value as number) > 0)) {
      throw new Error(`${this.qualifiedName}: \`slidingWindow\` must be \`null\` or a positive integer. Received: slidingWindow=${describe(value)}`);
    }
    return value as number;
  }

  /** @internal The `seed` option of the scores' dropout: null (default) or an integer. */
  protected _seedOption(value: unknown): number | null {
    if (value === undefined || value === null) return null;
    if (!Number.isSafeInteger(value)) throw new Error(`${this.qualifiedName}: seed must be an integer, got ${describe(value)}.`);
    return value as number;
  }

  /** @internal The `flashAttention` option: null (default, Keras' None) or a boolean. */
  protected _flashAttentionOption(value: unknown): boolean {
    return value === null ? false : checkBoolean(value, this.qualifiedName, 'flashAttention', false);
  }

  /** @internal Checks the projections' weight options now, though the projections come at build,
   * in Keras' order (its `get` calls in __init__): the kernel's and the bias's initializers, their
   * regularizers, the activity regularizer, their constraints; and keeps them for the projections
   * and the config. */
  protected _keepProjectionOptions(options: KernelBiasOptions & LayerOptions): void {
    const op = this.qualifiedName;
    const given = KERNEL_BIAS.map((role) => weightOptionsOf(options, role));
    for (const g of given) resolveInitializer(g.initializer!, op);
    for (const g of given) resolveRegularizer(g.regularizer, op);
    resolveRegularizer(options.activityRegularizer, op);
    for (const g of given) resolveConstraint(g.constraint, op);
    this.#projectionOptions = { ...options };
  }

  /** @internal Ends a subclass's constructor, once its options are checked: Keras' last check,
   * flash attention's refusal of dropout, then the scores' dropout layer. */
  protected _finishOptions(): void {
    if (this.flashAttention && this.dropout > 0) {
      throw new Error(`${this.qualifiedName}: Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.`);
    }
    this.#dropoutLayer = new Dropout(this.dropout, { dtype: this.dtype, seed: this.seed, name: 'dropout' });
  }

  /** @internal The key and value heads as the query heads use them (the same, unless a subclass groups them). */
  protected _keyValueHeadsForQueries(heads: Tensor): Tensor {
    return heads;
  }

  /** @internal The attention options a call takes. */
  protected override get _callOptionKeys(): readonly string[] {
    return CALL_KEYS;
  }

  /** @internal An EinsumDense projection with the layer's initializers, regularizers and constraints, built for `inputShape`. */
  protected _projection(equation: string, outputShape: (number | null)[], biasAxes: string, name: string, inputShape: LayerShape, activation: string | null = null): EinsumDense {
    const o = this.#projectionOptions;
    const layer = new EinsumDense(equation, outputShape, {
      biasAxes: this.useBias ? biasAxes : null, activation, name, dtype: this.dtype,
      kernelInitializer: o.kernelInitializer ?? 'glorot_uniform', biasInitializer: o.biasInitializer ?? 'zeros',
      kernelRegularizer: o.kernelRegularizer, biasRegularizer: o.biasRegularizer, activityRegularizer: o.activityRegularizer,
      kernelConstraint: o.kernelConstraint, biasConstraint: o.biasConstraint,
    });
    layer._buildFor(inputShape);
    return layer;
  }

  /** @internal The projections' part of the config: their initializers, regularizers and
   * constraints, and the activity regularizer. */
  protected _projectionConfig(): Record<string, unknown> {
    const o = this.#projectionOptions;
    const op = this.qualifiedName;
    return { ...kernelBiasConfig(o, op), activityRegularizer: serializeOption(resolveRegularizer(o.activityRegularizer, op)) };
  }

  /** Python's `layer(query, value, key=None, **options)`; also `layer.apply([query, value, key?], options)`. */
  override apply(...args: unknown[]): never {
    const [inputs, options] = this._callArguments(args);
    return super.apply(inputs as LayerTensors, options) as never;
  }

  /** @internal A call passes every argument to `apply`. */
  override [CALL_INSTANCE](...args: unknown[]): LayerTensors | SymbolicOutputs {
    return this.apply(...args);
  }

  /** The attention of the projected query, key and value (Keras' _compute_attention): the output
   * of the heads and the scores (before dropout). */
  private attend(query: Tensor, key: Tensor, value: Tensor, mask: Tensor | null, training: boolean, returnScores: boolean): [Tensor, Tensor] {
    const op = this.qualifiedName;
    if (this.flashAttention && returnScores) {
      throw new Error(`${op}: Returning attention scores is not supported when flash attention is enabled. Please disable flash attention to access attention scores.`);
    }
    const { dotProduct, combine, scoresRank, attentionAxes: axes, keySize } = this._headAttentionShape;
    const scores = einsum(dotProduct, key, mul(query, cast(1 / Math.sqrt(keySize), query.dtype)));
    let expanded = mask;
    if (expanded !== null) while (expanded.rank < scores.rank) expanded = expandDims(expanded, -axes.length * 2 - 1);
    // Keras' dot_product_attention path (no dropout, no scores returned, projections of rank 4)
    // leaves a query position that sees no key uniform; its Softmax layer's path zeros it.
    const dotProductPath = this.dropout === 0 && !returnScores && query.rank === 4;
    if (this.flashAttention && dotProductPath) {
      throw new Error(`${op}: cuDNN is not detected. Flash attention runs on a GPU (cuDNN, fp16/bf16 inputs) or a TPU, as Keras' dot_product_attention says on the CPU; gradtape computes on the CPU: leave flashAttention unset for the attention without it.`);
    }
    const normAxes = Array.from({ length: axes.length }, (_, i) => scoresRank - axes.length + i);
    const probabilities = maskedSoftmax(scores, expanded, normAxes, !dotProductPath);
    // The scores carry their mask, as the output of Keras' Softmax sublayer called with it does.
    if (expanded !== null && !dotProductPath) kerasMasks.set(probabilities, expanded);
    const dropped = this.dropout > 0 ? this.#dropoutLayer!.apply(probabilities, { training }) : probabilities;
    return [einsum(combine, dropped, value), probabilities];
  }

  /** The attention output (and the scores with returnAttentionScores) for [query, value, key?]. */
  override call(inputs: LayerTensors, callOptions?: LayerCallArguments | CellStates): LayerTensors {
    // (`apply` passes the call options this layer declares: the base type also admits a cell's states.)
    const options = callOptions as MultiHeadAttentionCallOptions & { training: boolean };
    const [query, value, key = value] = inputs as Tensor[];
    const masks = Array.isArray(options.mask) ? (options.mask as unknown as (Tensor | null)[]) : [];
    const attentionMask = options.attentionMask === undefined || options.attentionMask === null ? null : (options.attentionMask instanceof Tensor ? options.attentionMask : makeConstant(options.attentionMask as TensorLike, 'bool', this.qualifiedName));
    const mask = combinedAttentionMask(query!, value!, masks, attentionMask, options.useCausalMask ?? false, this.slidingWindow);
    // The projections get the inputs without their masks (identity copies), which they would
    // otherwise warn about: Keras clears the inputs' masks for the same reason.
    const gate = this.gateDense === null ? null : this.gateDense.apply(identity(query!));
    const q = this.queryDense!.apply(identity(query!));
    const k = this._keyValueHeadsForQueries(this.keyDense!.apply(identity(key!)));
    const v = this._keyValueHeadsForQueries(this.valueDense!.apply(identity(value!)));
    const returnScores = options.returnAttentionScores ?? false;
    const [heads, scores] = this.attend(q, k, v, mask, options.training, returnScores);
    const output = this.outputDense!.apply(gate === null ? heads : mul(heads, gate));
    return returnScores ? [output, scores] : output;
  }

  /** The query's mask, which the output carries (not the scores). */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    void inputs;
    return Array.isArray(mask) ? (mask[0] ?? null) : null;
  }
}
