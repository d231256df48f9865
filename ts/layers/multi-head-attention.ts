// tf.keras.layers.MultiHeadAttention (keras/src/layers/attention/multi_head_attention.py), the
// attention of "Attention is all you need". For a query [B, T, dim] and a value (and key)
// [B, S, dim], with N heads:
//   q = query · Wq + bq  [B, T, N, keyDim]     k = key · Wk + bk    [B, S, N, keyDim]
//   v = value · Wv + bv  [B, S, N, valueDim]
//   scores = softmax_S(q · k / √keyDim)  [B, N, T, S], masked positions left out
//   output = (scores · v) · Wo + bo      [B, T, outputShape or dim]
// each projection an EinsumDense sublayer ('query', 'key', 'value', 'attention_output'), so the
// weights are Keras' in name, shape and order. Inputs of higher rank attend over `attentionAxes`
// (by default every axis but the batch's and the features'), with the einsum equations Keras
// builds for them.
//
// The mask of the scores is Keras': the query's mask [B, T, 1], the value's and the key's masks
// [B, 1, S], the causal mask [1, T, S] (useCausalMask) and the sliding window's band, ANDed with
// the call's attentionMask. The projections, the call and the attention of the heads are
// BaseHeadAttention's (head-attention.ts), shared with GroupQueryAttention.

import { makeConstant } from '../creation';
import { checkBoolean, describe, isPlainObject, type PositionalThenOptions } from '../describe';
import { Tensor, type TensorLike } from '../tensor';
import type { EinsumDense } from './einsum-dense';
import { BaseHeadAttention, type HeadAttentionShape, PROJECTION_POSITIONAL, type ProjectionPositional, headAttentionArguments } from './head-attention';
import { KerasTensor } from './keras-tensor';
import { KERNEL_BIAS_KEYS, type KernelBiasOptions } from './kernel-bias';
import { type LayerCallOptions, type LayerDType, type LayerOptions, type LayerShape, type SymbolicOutputs, shapeText } from './layer';
import type { Nest } from './nest';

/** Options of `new tf.keras.layers.MultiHeadAttention({numHeads, keyDim, ...})`; the kernel and
 * bias options are those of every projection (query, key, value, gate and output). */
export interface MultiHeadAttentionOptions extends LayerOptions, KernelBiasOptions {
  /** The number of attention heads, a positive integer. */
  numHeads: number;
  /** The size of each head's query and key projections, a positive integer. */
  keyDim: number;
  /** The size of each head's value projection (default keyDim). */
  valueDim?: number | null;
  /** The rate of dropout on the attention scores in training (default 0). */
  dropout?: number;
  /** Whether the projections add biases (default true). */
  useBias?: boolean;
  /** The output's shape past the batch and sequence axes: an integer or an array (default: the query's last dimension). */
  outputShape?: number | readonly number[] | null;
  /** The axes attended over, of the query (without the features axis); default every axis but the batch's and the features'. */
  attentionAxes?: number | readonly number[] | null;
  /** A band: each query step attends to key steps less than slidingWindow away (default none). */
  slidingWindow?: number | null;
  /** Keras' flash attention flag (default null): true refuses dropout and returned scores, as
   * Keras does, and, as Keras on the CPU does, the call of inputs of rank 3 (whose projections
   * Keras gives to dot_product_attention, which raises "cuDNN is not detected."); inputs of higher
   * rank are attended as without it. Not part of the config, as in Keras. */
  flashAttention?: boolean | null;
  /** Whether the output of the heads is gated by sigmoid(query · Wg + bg), an EinsumDense 'gate' (default false). */
  useGate?: boolean;
  /** A seed for the dropout of the scores. */
  seed?: number | null;
}

/** Options of a MultiHeadAttention call. */
export interface MultiHeadAttentionCallOptions extends Omit<LayerCallOptions, 'states'> {
  /** Which query positions may attend to which key positions, [B, T, S] bool (true: attend),
   * broadcast over the heads; ANDed with the inputs' masks and the causal mask. */
  attentionMask?: Tensor | KerasTensor | TensorLike | null;
  /** Whether the call returns [output, scores] (the scores [B, N, T, S], before dropout) instead of the output. */
  returnAttentionScores?: boolean;
  /** Whether query step t attends only to key steps up to t (a decoder's self-attention). */
  useCausalMask?: boolean;
}

/** A call's options asking for the scores: the call gives [output, scores]. */
export type AttentionScoresCallOptions = MultiHeadAttentionCallOptions & { returnAttentionScores: true };

/** Keras 3's MultiHeadAttention arguments after num_heads and key_dim, in its order (up to
 * bias_constraint, where its releases agree). */
const MHA_POSITIONAL = ['valueDim', 'dropout', 'useBias', 'outputShape', 'attentionAxes', 'flashAttention', ...PROJECTION_POSITIONAL];

/** Keras 3's positional arguments of MultiHeadAttention after num_heads and key_dim. */
type MultiHeadAttentionPositional = [
  valueDim?: number | null, dropout?: number, useBias?: boolean, outputShape?: number | readonly number[] | null, attentionAxes?: number | readonly number[] | null,
  flashAttention?: boolean | null, ...ProjectionPositional,
];

const MHA_KEYS = ['numHeads', 'keyDim', 'valueDim', 'dropout', 'useBias', 'outputShape', 'attentionAxes', 'slidingWindow', 'flashAttention', 'useGate', ...KERNEL_BIAS_KEYS, 'seed'];

/** The einsum letter of axis i. */
const letter = (i: number): string => String.fromCharCode(97 + i);

/** Keras' _build_proj_equation: `freeDims` axes kept, `boundDims` contracted, `outputDims` made;
 * the equation, the bias's letters (the made axes) and the output's rank. */
function projectionEquation(freeDims: number, boundDims: number, outputDims: number): { equation: string; biasAxes: string; outputRank: number } {
  let input = '';
  let kernel = '';
  let output = '';
  let bias = '';
  for (let i = 0; i < freeDims; i++) {
    input += letter(i);
    output += letter(i);
  }
  for (let i = 0; i < boundDims; i++) {
    input += letter(freeDims + i);
    kernel += letter(freeDims + i);
  }
  for (let i = 0; i < outputDims; i++) {
    const c = letter(freeDims + boundDims + i);
    kernel += c;
    output += c;
    bias += c;
  }
  return { equation: `${input},${kernel}->${output}`, biasAxes: bias, outputRank: output.length };
}

/** Keras' _get_output_shape: nulls for the leading axes, then the known last ones. */
const partialShape = (outputRank: number, last: readonly number[]): (number | null)[] => [...Array<null>(outputRank - last.length).fill(null), ...last];

/**
 * Keras' _build_attention_equation for projected tensors of `rank` axes, [batch, <other axes>,
 * <attention axes>, heads, channels]: the query-key product (key, query -> scores [<batch axes
 * and heads>, <query's attention axes>, <key's attention axes>]), the combination (scores, value
 * -> output) and the scores' rank.
 */
function attentionEquations(rank: number, attentionAxes: readonly number[]): { dotProduct: string; combine: string; scoresRank: number } {
  const target = Array.from({ length: rank }, (_, i) => letter(i)).join('');
  const batchAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => !attentionAxes.includes(i) && i !== rank - 1);
  let offset = rank;
  let source = '';
  for (let i = 0; i < rank; i++) source += batchAxes.includes(i) || i === rank - 1 ? target[i] : letter(offset++);
  const product = [...batchAxes.map((i) => target[i]), ...attentionAxes.map((i) => target[i]), ...attentionAxes.map((i) => source[i])].join('');
  return { dotProduct: `${source},${target}->${product}`, combine: `${product},${source}->${target}`, scoresRank: product.length };
}

/** A positive integer option, with Keras' message. */
function positiveInteger(value: unknown, name: string, op: string, orNull = false): number | null {
  if (orNull && (value === undefined || value === null)) return null;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new Error(`${op}: Received an invalid value for argument \`${name}\`, expected a positive integer${orNull ? ' or `null`' : ''}. Received: ${name}=${describe(value)}`);
  }
  return value as number;
}

// A MultiHeadAttention is called with the query, the value and the key apart (Keras' call), or,
// as a functional model replays it, with [query, value, key?] and the options.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface MultiHeadAttention {
  (query: KerasTensor, value: KerasTensor, key: KerasTensor | null | undefined, options: AttentionScoresCallOptions): [KerasTensor, KerasTensor];
  (query: KerasTensor, value: KerasTensor, key?: KerasTensor | null, options?: MultiHeadAttentionCallOptions): KerasTensor;
  (query: TensorLike, value: TensorLike, key: TensorLike | null | undefined, options: AttentionScoresCallOptions): [Tensor, Tensor];
  (query: TensorLike, value: TensorLike, key?: TensorLike | null, options?: MultiHeadAttentionCallOptions): Tensor;
}

/**
 * keras.layers.MultiHeadAttention({numHeads, keyDim}): multi-head attention of a query [B, T,
 * dim] over a value [B, S, dim'] (and a key, by default the value): the heads' projections of
 * the query and key are dot-producted and scaled by 1/√keyDim, softmaxed over the key steps (the
 * scores), used to average the heads' projections of the value, and the heads projected back to
 * the query's last dimension (or `outputShape`). Called as `mha(query, value, key?, options)`;
 * `returnAttentionScores: true` gives `[output, scores]`. The inputs' masks (`kerasMask`) mask
 * the scores as Keras does, with `attentionMask` and `useCausalMask`, and the output carries the
 * query's mask. The weights are Keras': 'query', 'key', 'value' and 'attention_output'
 * EinsumDense layers, made on the first call.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const mha = new tf.keras.layers.MultiHeadAttention({ numHeads: 2, keyDim: 3 });
 * const x = tf.ones([1, 4, 5]);
 * const [y, scores] = mha(x, x, null, { returnAttentionScores: true, useCausalMask: true });
 * console.log(y.shape, scores.shape);        // [ 1, 4, 5 ] [ 1, 2, 4, 4 ]
 * console.log(scores.arraySync()[0][0][1]);  // [ 0.5, 0.5, 0, 0 ]
 * console.log(mha.weights.map((w) => `${w.name} ${w.shape}`)[0]); // multi_head_attention/query/kernel 5,2,3
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MultiHeadAttention extends BaseHeadAttention {
  /** The number of heads. */
  readonly numHeads: number;
  /** The size of each head's query and key. */
  readonly keyDim: number;
  /** The size of each head's value. */
  readonly valueDim: number;
  /** The rate of dropout on the scores. */
  readonly dropout: number;
  /** Whether the projections add biases. */
  readonly useBias: boolean;
  /** Whether the heads' output is gated. */
  readonly useGate: boolean;
  /** The output's shape past the batch and sequence axes, or null for the query's last dimension. */
  readonly outputShape: number[] | null;
  /** The band of the sliding window, or null. */
  readonly slidingWindow: number | null;
  /** Whether flash attention was asked for (which refuses dropout, returned scores and inputs of rank 3). */
  readonly flashAttention: boolean;
  /** The seed of the dropout, or null. */
  readonly seed: number | null;
  /** The query's projection to [B, T, N, keyDim]; null until built. */
  queryDense: EinsumDense | null = null;
  /** The key's projection to [B, S, N, keyDim]; null until built. */
  keyDense: EinsumDense | null = null;
  /** The gate's projection of the query (useGate); null otherwise. */
  gateDense: EinsumDense | null = null;
  /** The value's projection to [B, S, N, valueDim]; null until built. */
  valueDense: EinsumDense | null = null;
  /** The projection of the heads back to the output; null until built. */
  outputDense: EinsumDense | null = null;
  #attentionAxes: number[] | null;
  #equations: { dotProduct: string; combine: string; scoresRank: number } | null = null;

  /**
   * @param options `numHeads` and `keyDim` (required), `valueDim`, `dropout`, `useBias`,
   * `outputShape`, `attentionAxes`, `slidingWindow`, `flashAttention`, `useGate`, the projections' initializers,
   * regularizers and constraints, `seed`, and the layer options. `activityRegularizer` applies to
   * each projection's output, as Keras passes it to them.
   */
  constructor(options: MultiHeadAttentionOptions);
  /** The sizes, then the other options. */
  constructor(numHeads: number, keyDim: number, options?: Omit<MultiHeadAttentionOptions, 'numHeads' | 'keyDim'>);
  /** Keras 3's positional form: `MultiHeadAttention(num_heads, key_dim, value_dim, dropout,
   * use_bias, output_shape, attention_axes, flash_attention, kernel_initializer, bias_initializer,
   * kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
   * bias_constraint)`; `seed`, `useGate` and `slidingWindow` only by name (their place in
   * Keras's order has moved between releases). */
  constructor(numHeads: number, keyDim: number, ...positional: MultiHeadAttentionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (seed, slidingWindow and useGate among them). */
  constructor(numHeads: number, keyDim: number, ...positionalThenOptions: PositionalThenOptions<MultiHeadAttentionPositional, Omit<MultiHeadAttentionOptions, 'numHeads' | 'keyDim'>>);
  constructor(...args: unknown[]) {
    const options = headAttentionArguments<MultiHeadAttentionOptions>(new.target, args, ['numHeads', 'keyDim'], MHA_POSITIONAL);
    // Keras checks the head sizes before the layer's options (its super().__init__), so they are
    // checked before `super` here, naming the class as qualifiedName does.
    const cls = `${new.target._namespace}.${new.target.name}`;
    const numHeads = positiveInteger(options.numHeads, 'numHeads', cls)!;
    const keyDim = positiveInteger(options.keyDim, 'keyDim', cls)!;
    const valueDim = positiveInteger(options.valueDim, 'valueDim', cls, true) ?? keyDim;
    super({ ...options, activityRegularizer: null }, MHA_KEYS);
    const o = options;
    const op = this.qualifiedName;
    this.numHeads = numHeads;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.supportsMasking = true;
    [this.dropout, this.useBias, this.useGate] = this._dropoutBiasGate(o);
    const shape = o.outputShape ?? null;
    if (shape !== null && (typeof shape === 'number' ? !(Number.isSafeInteger(shape) && shape > 0) : !Array.isArray(shape) || shape.some((d) => !(Number.isSafeInteger(d) && d > 0)))) {
      throw new Error(`${op}: Invalid \`outputShape\`: ${describe(shape)}. When specified, the \`outputShape\` should be an integer or an array of positive integers.`);
    }
    this.outputShape = shape === null ? null : typeof shape === 'number' ? [shape] : shape.slice();
    this.flashAttention = this._flashAttentionOption(o.flashAttention);
    this._keepProjectionOptions(o);
    const axes = o.attentionAxes ?? null;
    if (axes !== null && !Number.isSafeInteger(axes) && !(Array.isArray(axes) && axes.every((a) => Number.isSafeInteger(a)))) {
      throw new Error(`${op}: \`attentionAxes\` must be an int, list, or tuple.Received: attentionAxes=${describe(axes)}`);
    }
    this.#attentionAxes = axes === null ? null : typeof axes === 'number' ? [axes] : axes.slice();
    this.slidingWindow = this._slidingWindowOption(o.slidingWindow);
    this.seed = this._seedOption(o.seed);
    this._finishOptions();
  }

  /** The axes attended over: the option until built, then each as an axis of the projected query. */
  get attentionAxes(): number[] | null {
    return this.#attentionAxes?.slice() ?? null;
  }

  /** Makes the projections for [queryShape, valueShape, keyShape?], in Keras' order: query, key, (gate,) value, attention_output. */
  override build(inputShape: Nest<LayerShape>): void {
    const op = this.qualifiedName;
    const shapes = inputShape as LayerShape[];
    if (!Array.isArray(shapes) || shapes.length < 2 || shapes.length > 3 || !shapes.every(Array.isArray)) {
      throw new Error(`${op}: expected the shapes of [query, value] or [query, value, key], got ${describe(inputShape)}.`);
    }
    const [queryShape, valueShape] = shapes as unknown as [LayerShape, LayerShape];
    const keyShape = shapes[2] ?? valueShape;
    checkValueAndKey(valueShape, keyShape, op);
    const heads = (rank: number, size: number): { equation: string; biasAxes: string; shape: (number | null)[] } => {
      const p = projectionEquation(rank - 1, 1, 2);
      return { equation: p.equation, biasAxes: p.biasAxes, shape: partialShape(p.outputRank - 1, [this.numHeads, size]) };
    };
    const q = heads(queryShape.length, this.keyDim);
    this.queryDense = this._projection(q.equation, q.shape, q.biasAxes, 'query', queryShape);
    const k = heads(keyShape.length, this.keyDim);
    this.keyDense = this._projection(k.equation, k.shape, k.biasAxes, 'key', keyShape);
    if (this.useGate) {
      const g = heads(queryShape.length, this.valueDim);
      this.gateDense = this._projection(g.equation, g.shape, g.biasAxes, 'gate', queryShape, 'sigmoid');
    }
    const v = heads(valueShape.length, this.valueDim);
    this.valueDense = this._projection(v.equation, v.shape, v.biasAxes, 'value', valueShape);
    // The attention's equations for the projected rank (Keras' _build_attention).
    const rank = queryShape.length + 1;
    this.#attentionAxes = this.#attentionAxes === null ? Array.from({ length: rank - 3 }, (_, i) => i + 1) : this.#attentionAxes.map((a) => (a >= 0 ? a : rank - 1 + a));
    this.#equations = attentionEquations(rank, this.#attentionAxes);
    const outputLast = this.outputShape ?? [queryShape[queryShape.length - 1] as number];
    const out = projectionEquation(queryShape.length - 1, 2, outputLast.length);
    const headsShape = [...this.queryDense.computeOutputShape(queryShape).slice(0, -1), this.valueDim];
    this.outputDense = this._projection(out.equation, partialShape(out.outputRank - 1, outputLast), out.biasAxes, 'attention_output', headsShape);
    this.built = true;
  }

  /** @internal The inputs as [query, value, key?] and the options, from either call form. */
  protected override _callArguments(args: unknown[]): [Nest<Tensor | KerasTensor>, MultiHeadAttentionCallOptions] {
    return attentionCallArguments(args, this.qualifiedName, this.dtype, 'mha');
  }

  /** @internal The attention's equations for the projected rank, its axes and the key size (keyDim). */
  protected override get _headAttentionShape(): HeadAttentionShape {
    return { ...this.#equations!, attentionAxes: this.#attentionAxes!, keySize: this.keyDim };
  }

  /** The query's shape with its last dimension the output's (`outputShape`, else the query's). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const [queryShape, valueShape, keyShape = valueShape] = inputShape as LayerShape[];
    checkValueAndKey(valueShape!, keyShape!, this.qualifiedName);
    return this.outputShape === null ? queryShape!.slice() : [...queryShape!.slice(0, -1), ...this.outputShape];
  }

  /** The output's KerasTensor, and the scores' ([batch and other axes, heads, query's attended axes, key's]) with returnAttentionScores. */
  override computeOutputSpec(inputs: Nest<KerasTensor>, options: MultiHeadAttentionCallOptions = {}): SymbolicOutputs {
    const shapes = (inputs as KerasTensor[]).map((t) => t.shape);
    const output = new KerasTensor(this.computeOutputShape(shapes), this.dtype);
    if (!options.returnAttentionScores) return output;
    const axes = this.#attentionAxes!;
    const projectedQuery = [...shapes[0]!.slice(0, -1), this.numHeads];
    const projectedKey = [...(shapes[2] ?? shapes[1]!).slice(0, -1), this.numHeads];
    const batchAxes = projectedQuery.map((_, i) => i).filter((i) => !axes.includes(i));
    const scores = [...batchAxes.map((i) => projectedQuery[i]!), ...axes.map((i) => projectedQuery[i]!), ...axes.map((i) => projectedKey[i]!)];
    return [output, new KerasTensor(scores, this.dtype)];
  }

  /** Keras' config: the heads, dimensions, dropout, axes, and the projections' initializers, regularizers and constraints (not flashAttention). */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      useGate: this.useGate,
      outputShape: this.outputShape?.slice() ?? null,
      attentionAxes: this.attentionAxes,
      slidingWindow: this.slidingWindow,
      ...this._projectionConfig(),
      seed: this.seed,
    };
  }
}

/** @internal The inputs of an attention layer's call as [query, value, key?] (tensors or
 * KerasTensors) and its options, from either call form: `layer(query, value, key?, options)`, or
 * `layer([query, value, key?], options)` as a functional model replays it. `callForm` names the
 * layer in the message for a missing value ('mha', 'gqa'); plain arrays become `dtype` tensors. */
export function attentionCallArguments(args: unknown[], op: string, dtype: LayerDType, callForm: string): [Nest<Tensor | KerasTensor>, MultiHeadAttentionCallOptions] {
  const isInput = (v: unknown): boolean => v instanceof Tensor || v instanceof KerasTensor;
  const listed = Array.isArray(args[0]) && args[0].length > 0 && args[0].every(isInput) && (args.length === 1 || args[1] === undefined || isPlainObject(args[1]));
  let given: unknown[];
  let options: unknown;
  if (listed) {
    given = args[0] as unknown[];
    options = args[1];
    if (given.length < 2 || given.length > 3) throw new Error(`${op}: expected [query, value] or [query, value, key], got ${given.length} tensors.`);
  } else {
    const optionsAt = args.findIndex((a, i) => i >= 2 && isPlainObject(a));
    given = args.slice(0, optionsAt === -1 ? 3 : optionsAt);
    options = optionsAt === -1 ? args[3] : args[optionsAt];
    if (optionsAt === -1 && args.length > 4) throw new Error(`${op}: expected (query, value, key?, options?), got ${args.length} arguments.`);
    if (given[1] === undefined || given[1] === null) throw new Error(`${op}: missing the \`value\` argument: call the layer as ${callForm}(query, value, key?, options).`);
    if (given.length === 3 && (given[2] === undefined || given[2] === null)) given = given.slice(0, 2);
  }
  const inputs = given.map((x, i) => {
    if (isInput(x)) return x as Tensor | KerasTensor;
    if (x === null || x === undefined || typeof x === 'string' || isPlainObject(x)) throw new Error(`${op}: ${['query', 'value', 'key'][i]} must be a tensor or an array of numbers, got ${describe(x)}.`);
    return makeConstant(x as TensorLike, ArrayBuffer.isView(x) ? undefined : dtype, op);
  });
  if (options !== undefined && options !== null && !isPlainObject(options)) throw new Error(`${op}: expected call options {attentionMask, returnAttentionScores, useCausalMask, training}, got ${describe(options)}.`);
  const o = (options ?? {}) as MultiHeadAttentionCallOptions;
  if (o.returnAttentionScores !== undefined) checkBoolean(o.returnAttentionScores, op, 'returnAttentionScores', false);
  if (o.useCausalMask !== undefined) checkBoolean(o.useCausalMask, op, 'useCausalMask', false);
  return [inputs, o];
}

/** Keras' check that the value and the key agree on every axis but the last. */
function checkValueAndKey(valueShape: LayerShape, keyShape: LayerShape, op: string): void {
  const same = valueShape.length === keyShape.length && valueShape.slice(1, -1).every((d, i) => d === keyShape[i + 1]);
  if (!same) {
    throw new Error(`${op}: All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${shapeText(valueShape)} and key_shape=${shapeText(keyShape)}`);
  }
}
