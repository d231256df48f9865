// tf.keras.layers.ReversibleEmbedding (keras/src/layers/core/reversible_embedding.py): an
// Embedding that also runs backwards, from vectors to logits over the ids, as a language model's
// output layer sharing its input embedding. `layer(ids)` is Embedding's lookup (with `maskZero`,
// the output carries the mask ids != 0); `layer(hidden, { reverse: true })` gives
//   logits = hidden · embeddingsᵀ            (tieWeights, the default)
//   logits = hidden · reverse_embeddings     (tieWeights false: a [outputDim, inputDim] weight of its own)
// both in `reverseDtype` when given, then, with `logitSoftCap` c, c · tanh(logits / c).

import { describe, type PositionalThenOptions } from '../describe';
import { div, mul, notEqual, tanh } from '../generated/ops';
import { cast, matmul, reshape, transpose } from '../ops';
import type { DType } from '../dtype';
import { type Tensor, type TensorLike, kerasMasks } from '../tensor';
import type { Variable } from '../variable';
import { Embedding, type EmbeddingOptions } from './embedding';
import { KerasTensor } from './keras-tensor';
import { layerArguments, requiredLayerArguments, type LayerCallArguments, type LayerCallOptions, type LayerMask, type LayerShape, type LayerTensors, type SymbolicOutputs, takeArguments } from './layer';
import type { Nest } from './nest';

/** Options of `new tf.keras.layers.ReversibleEmbedding(inputDim, outputDim, options)`: Embedding's and these. */
export interface ReversibleEmbeddingOptions extends EmbeddingOptions {
  /** Whether the reverse call multiplies by the embeddings' transpose (default true) or by a
   * `reverse_embeddings` weight [outputDim, inputDim] of its own (false). */
  tieWeights?: boolean;
  /** The dtype the reverse product is computed in (default null: the layer's). */
  reverseDtype?: DType | null;
  /** With a number c, the reverse call's logits are c · tanh(logits / c) (default null: none). */
  logitSoftCap?: number | null;
}

/** Options of a ReversibleEmbedding call, `layer.apply(x, { reverse: true })`: a layer call's and `reverse`. */
export interface ReversibleEmbeddingCallOptions extends Omit<LayerCallOptions, 'states'> {
  /** Whether the call maps vectors [..., outputDim] to logits [..., inputDim] (default false: ids to vectors). */
  reverse?: boolean | null;
}

/** What a ReversibleEmbedding's `call` receives besides the inputs: `training`, `mask` and `reverse`. */
export interface ReversibleEmbeddingCallArguments extends LayerCallArguments {
  /** Whether the call maps vectors [..., outputDim] to logits [..., inputDim] (default false: ids to vectors). */
  reverse?: boolean | null;
}

/** Keras 3's positional arguments of ReversibleEmbedding after its required ones, in its order. */
type ReversibleEmbeddingPositional = [
  tieWeights?: boolean, embeddingsInitializer?: ReversibleEmbeddingOptions['embeddingsInitializer'],
  embeddingsRegularizer?: ReversibleEmbeddingOptions['embeddingsRegularizer'], embeddingsConstraint?: ReversibleEmbeddingOptions['embeddingsConstraint'],
  maskZero?: boolean, reverseDtype?: ReversibleEmbeddingOptions['reverseDtype'], logitSoftCap?: number | null,
];

/**
 * keras.layers.ReversibleEmbedding(inputDim, outputDim): an Embedding whose call with `{ reverse:
 * true }` maps vectors [..., outputDim] back to logits over the ids [..., inputDim], by the
 * embeddings' transpose (`tieWeights`, the default) or a `reverse_embeddings` weight of its own;
 * `logitSoftCap` c caps the logits at c · tanh(logits / c).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const embed = new tf.keras.layers.ReversibleEmbedding(5, 2, { embeddingsInitializer: 'ones' });
 * const hidden = embed([[1, 4, 0]]);                 // [1, 3, 2]
 * const logits = embed.apply(hidden, { reverse: true }) as tf.Tensor;
 * console.log(hidden.shape, logits.shape, logits.arraySync()[0][0]); // [ 1, 3, 2 ] [ 1, 3, 5 ] [ 2, 2, 2, 2, 2 ]
 * ```
 */
export class ReversibleEmbedding extends Embedding {
  /** Whether the reverse call uses the embeddings' transpose. */
  readonly tieWeights: boolean;
  /** The dtype of the reverse product, or null for the layer's. */
  readonly reverseDtype: DType | null;
  /** The soft cap of the reverse call's logits, or null. */
  readonly logitSoftCap: number | null;
  /** The reverse call's weight [outputDim, inputDim] when `tieWeights` is false; else null. */
  reverseEmbeddings: Variable | null = null;
  readonly #initializer: EmbeddingOptions['embeddingsInitializer'];

  /** @internal */
  protected static override _ownOptionKeys: readonly string[] = ['tieWeights', 'reverseDtype', 'logitSoftCap'];

  /**
   * @param inputDim The number of ids (the vocabulary's size), a positive integer.
   * @param outputDim The length of each id's vector, a positive integer.
   * @param options Embedding's options, `tieWeights`, `reverseDtype`, `logitSoftCap` and the layer options.
   */
  constructor(inputDim: number, outputDim: number, options?: ReversibleEmbeddingOptions);
  /** Keras 3's positional form: `ReversibleEmbedding(input_dim, output_dim, tie_weights,
   * embeddings_initializer, embeddings_regularizer, embeddings_constraint, mask_zero,
   * reverse_dtype, logit_soft_cap)`. */
  constructor(inputDim: number, outputDim: number, ...positional: ReversibleEmbeddingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(inputDim: number, outputDim: number, ...positionalThenOptions: PositionalThenOptions<ReversibleEmbeddingPositional, ReversibleEmbeddingOptions>);
  /** Python's keyword form, `ReversibleEmbedding(input_dim, output_dim=...)` or `ReversibleEmbedding(input_dim=..., output_dim=...)`: the required arguments from `outputDim` (or `inputDim`) on among the options. */
  constructor(inputDim: number, options: ReversibleEmbeddingOptions & { outputDim: number });
  constructor(options: ReversibleEmbeddingOptions & { inputDim: number; outputDim: number });
  constructor(...given: unknown[]) {
    const [[inputDim, outputDim], args] = requiredLayerArguments(new.target, given, ['inputDim', 'outputDim']) as [[number, number], unknown[]];
    const options = layerArguments<ReversibleEmbeddingOptions>(
      new.target, args, ['tieWeights', 'embeddingsInitializer', 'embeddingsRegularizer', 'embeddingsConstraint', 'maskZero', 'reverseDtype', 'logitSoftCap'],
      ['embeddingsRegularizer', 'embeddingsConstraint', 'reverseDtype', 'logitSoftCap'],
    );
    super(inputDim, outputDim, options);
    const { tieWeights, reverseDtype, logitSoftCap, embeddingsInitializer } = options;
    const op = this.qualifiedName;
    if (tieWeights !== undefined && typeof tieWeights !== 'boolean') throw new Error(`${op}: tieWeights must be true or false, got ${describe(tieWeights)}.`);
    if (logitSoftCap !== undefined && logitSoftCap !== null && !(typeof logitSoftCap === 'number' && logitSoftCap > 0)) {
      throw new Error(`${op}: logitSoftCap must be a positive number or null, got ${describe(logitSoftCap)}.`);
    }
    this.tieWeights = tieWeights ?? true;
    this.reverseDtype = reverseDtype ?? null;
    this.logitSoftCap = logitSoftCap ?? null;
    this.#initializer = embeddingsInitializer;
  }

  /** Embedding's `embeddings`, and `reverse_embeddings` [outputDim, inputDim] (from the embeddings' initializer) when the weights are not tied. */
  override build(inputShape: LayerShape): void {
    super.build(inputShape);
    if (!this.tieWeights) {
      this.reverseEmbeddings = this.addWeight({ name: 'reverse_embeddings', shape: [this.outputDim, this.inputDim], initializer: this.#initializer ?? 'uniform' });
    }
  }

  /** Python's `layer(inputs, reverse=...)`: Layer's `apply` with `reverse` besides `training` and `mask`. */
  override apply(inputs: Nest<KerasTensor>, options?: ReversibleEmbeddingCallOptions): KerasTensor;
  override apply(inputs: TensorLike | LayerTensors, options?: ReversibleEmbeddingCallOptions): Tensor;
  override apply<T extends SymbolicOutputs>(inputs: Nest<KerasTensor>, options?: ReversibleEmbeddingCallOptions): T;
  override apply<T extends LayerTensors>(inputs: TensorLike | LayerTensors, options?: ReversibleEmbeddingCallOptions): T;
  override apply(inputs: TensorLike | LayerTensors | Nest<KerasTensor>, options: ReversibleEmbeddingCallOptions = {}): LayerTensors | SymbolicOutputs {
    return super.apply(inputs as LayerTensors, options as LayerCallOptions);
  }

  /** @internal `reverse`, which a call takes besides `training` and `mask`. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['reverse'];
  }

  /** The lookup (its output masked where the id is 0 with `maskZero`), or with `reverse` the logits. */
  override call(inputs: Tensor, options: ReversibleEmbeddingCallArguments = { training: false }): Tensor {
    if (!options.reverse) {
      const result = super.call(inputs);
      // Keras sets the mask here and computes none afterwards (so a reverse call gives none).
      if (this.maskZero) kerasMasks.set(result, notEqual(inputs, 0));
      return result;
    }
    let x = inputs;
    let kernel: Tensor = this.tieWeights ? transpose(this.embeddings!) : this.reverseEmbeddings!;
    if (this.reverseDtype !== null) {
      x = cast(x, this.reverseDtype);
      kernel = cast(kernel, this.reverseDtype);
    }
    const shape = x.shape;
    let logits = reshape(matmul(reshape(x, [-1, shape.at(-1)!]), kernel), [...shape.slice(0, -1), this.inputDim]);
    if (this.logitSoftCap !== null) logits = mul(tanh(div(logits, this.logitSoftCap)), this.logitSoftCap);
    return logits;
  }

  /** None: the lookup's mask is set by `call` (Keras' compute_mask returns None). */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): Tensor | null {
    void inputs;
    void mask;
    return null;
  }

  /** The ids' shape with `outputDim` after it. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return super.computeOutputShape(inputShape);
  }

  /** The shape of a reverse call's output: the vectors' shape with `inputDim` last. */
  computeReverseOutputShape(inputShape: LayerShape): (number | null)[] {
    return [...inputShape.slice(0, -1), this.inputDim];
  }

  /** The output KerasTensor: the lookup's shape, or with `reverse` the logits' [..., inputDim]. */
  override computeOutputSpec(inputs: Nest<KerasTensor>, options: LayerCallOptions = {}): SymbolicOutputs {
    if (!(options as ReversibleEmbeddingCallOptions).reverse || !(inputs instanceof KerasTensor)) return super.computeOutputSpec(inputs, options);
    return new KerasTensor(this.computeReverseOutputShape(inputs.shape), this.reverseDtype ?? this.dtype);
  }

  /** Embedding's config with tieWeights, reverseDtype and logitSoftCap. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), tieWeights: this.tieWeights, reverseDtype: this.reverseDtype, logitSoftCap: this.logitSoftCap };
  }

  /** A new ReversibleEmbedding from `getConfig()`'s object: `inputDim`, `outputDim` and the options. */
  static override fromConfig(config: Record<string, unknown>): ReversibleEmbedding {
    const [[inputDim, outputDim], options] = takeArguments(config, 'ReversibleEmbedding', ['inputDim', 'outputDim']);
    return new this(inputDim as number, outputDim as number, options);
  }
}
