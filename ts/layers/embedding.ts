// tf.keras.layers.Embedding (keras/src/layers/core/embedding.py): integer ids to rows of a
// trainable [inputDim, outputDim] table, `embeddings[ids]` (tf.gather along the first axis), so
// [batch, length] ids give [batch, length, outputDim]. Ids that are not int32 are cast to int32
// first, as Keras does (numbers and arrays reach the layer as floats, and cast exactly). The
// gradient reaches only the rows looked up. The table starts uniform in [-0.05, 0.05) (Keras'
// 'uniform', RandomUniform's defaults). With `maskZero`, id 0 is padding: the output carries the
// mask ids != 0 (`kerasMask`), which the recurrent layers and `fit`'s loss honour.

import { checkBoolean, describe, kerasArguments, type PositionalThenOptions } from '../describe';
import { notEqual } from '../generated/ops';
import { cast } from '../ops';
import { gather } from '../shape';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import {
  type ConstraintLike, type InitializerLike, Layer, requiredLayerArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, type RegularizerLike,
  resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption, takeArguments,
} from './layer';

/** Options of `new tf.keras.layers.Embedding(inputDim, outputDim, options)`. */
export interface EmbeddingOptions extends LayerOptions {
  /** How the table starts (default 'uniform': uniform in [-0.05, 0.05)). */
  embeddingsInitializer?: InitializerLike;
  /** A penalty of the table, added to `losses`. */
  embeddingsRegularizer?: RegularizerLike | null;
  /** A projection of the table applied after each optimizer update. */
  embeddingsConstraint?: ConstraintLike | null;
  /** Whether id 0 is padding (default false): the output then carries the mask ids != 0, so the
   * layers after it skip those positions (Keras' `mask_zero`; ids start at 1, so `inputDim` is the
   * vocabulary's size + 1). */
  maskZero?: boolean;
}

/** Keras 3's Embedding arguments after input_dim and output_dim, in its order, and those whose
 * default is None. */
const EMBEDDING_POSITIONAL = ['embeddingsInitializer', 'embeddingsRegularizer', 'embeddingsConstraint', 'maskZero', 'weights', 'loraRank', 'loraAlpha'];
const EMBEDDING_NONE = ['embeddingsRegularizer', 'embeddingsConstraint', 'weights', 'loraRank', 'loraAlpha'];

/** A positive integer argument. */
function positiveInteger(value: unknown, op: string, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(value)}.`);
  return value as number;
}

/** Keras 3's positional arguments of Embedding after its required ones, in its order. */
type EmbeddingPositional = [
  embeddingsInitializer?: InitializerLike, embeddingsRegularizer?: RegularizerLike | null, embeddingsConstraint?: ConstraintLike | null,
  maskZero?: boolean, weights?: null, loraRank?: null, loraAlpha?: null,
];

/**
 * keras.layers.Embedding(inputDim, outputDim): turns integer ids in [0, inputDim) into rows of a
 * trainable table `embeddings` of shape [inputDim, outputDim]: ids of shape [batch, length] give
 * [batch, length, outputDim]. An id outside [0, inputDim) is an error. With `maskZero`, id 0 is
 * padding: the output carries the mask ids != 0 (`kerasMask`) for the layers after it.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const embedding = new tf.keras.layers.Embedding(3, 2);
 * embedding.build([null, 2]);
 * embedding.setWeights([[[0, 0], [1, 2], [3, 4]]]);
 * console.log(embedding([[2, 1], [0, 2]]).arraySync()); // [ [ [ 3, 4 ], [ 1, 2 ] ], [ [ 0, 0 ], [ 3, 4 ] ] ]
 * console.log(embedding.embeddings!.name, embedding.computeOutputShape([null, 10])); // embedding/embeddings [ null, 10, 2 ]
 * const padded = new tf.keras.layers.Embedding(3, 2, { maskZero: true });
 * console.log(padded([[2, 1, 0]]).kerasMask!.arraySync()); // [ [ true, true, false ] ]
 * ```
 */
export class Embedding extends Layer {
  /** The number of ids: ids are in [0, inputDim). */
  readonly inputDim: number;
  /** The length of each id's vector. */
  readonly outputDim: number;
  /** Whether id 0 is padding, masked for the layers after this one. */
  readonly maskZero: boolean;
  /** The table, [inputDim, outputDim]; null until the layer is built. */
  embeddings: Variable | null = null;
  readonly #options: EmbeddingOptions;

  /** @internal The option keys a subclass takes besides Embedding's (ReversibleEmbedding's). */
  protected static _ownOptionKeys: readonly string[] = [];

  /**
   * @param inputDim The number of ids (the vocabulary's size), a positive integer.
   * @param outputDim The length of each id's vector, a positive integer.
   * @param options `embeddingsInitializer`, `embeddingsRegularizer`, `embeddingsConstraint`,
   * `maskZero` and the layer options.
   */
  constructor(inputDim: number, outputDim: number, options?: EmbeddingOptions);
  /** Keras 3's positional form: `Embedding(input_dim, output_dim, embeddings_initializer,
   * embeddings_regularizer, embeddings_constraint, mask_zero, weights, lora_rank, lora_alpha)`
   * (the last three only null: gradtape has none of them). */
  constructor(inputDim: number, outputDim: number, ...positional: EmbeddingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(inputDim: number, outputDim: number, ...positionalThenOptions: PositionalThenOptions<EmbeddingPositional, EmbeddingOptions>);
  /** Python's keyword form, `Embedding(input_dim, output_dim=...)` or `Embedding(input_dim=..., output_dim=...)`: the required arguments from `outputDim` (or `inputDim`) on among the options. */
  constructor(inputDim: number, options: EmbeddingOptions & { outputDim: number });
  constructor(options: EmbeddingOptions & { inputDim: number; outputDim: number });
  constructor(...given: unknown[]) {
    const [[inputDim, outputDim], args] = requiredLayerArguments(new.target, given, ['inputDim', 'outputDim']) as [[number, number], unknown[]];
    const options = (kerasArguments('keras.layers.Embedding', args, EMBEDDING_POSITIONAL, EMBEDDING_NONE, { unsupported: { weights: null, loraRank: null, loraAlpha: null } }) ?? {}) as EmbeddingOptions;
    super(options, ['embeddingsInitializer', 'embeddingsRegularizer', 'embeddingsConstraint', 'maskZero', ...(new.target as typeof Embedding)._ownOptionKeys]);
    const op = this.qualifiedName;
    const o = options;
    this.inputDim = positiveInteger(inputDim, op, 'inputDim');
    this.outputDim = positiveInteger(outputDim, op, 'outputDim');
    this.maskZero = checkBoolean(o.maskZero, op, 'maskZero', false);
    this.supportsMasking = this.maskZero;
    resolveInitializer(o.embeddingsInitializer ?? 'uniform', op);
    resolveRegularizer(o.embeddingsRegularizer, op);
    resolveConstraint(o.embeddingsConstraint, op);
    this.#options = { ...o };
  }

  /** Makes `embeddings`, [inputDim, outputDim] (whatever the ids' shape). */
  override build(inputShape: LayerShape): void {
    void inputShape;
    const o = this.#options;
    this.embeddings = this.addWeight({ name: 'embeddings', shape: [this.inputDim, this.outputDim], initializer: o.embeddingsInitializer ?? 'uniform', regularizer: o.embeddingsRegularizer, constraint: o.embeddingsConstraint });
    this.built = true;
  }

  /** The rows of `embeddings` at the ids (cast to int32). */
  override call(inputs: Tensor): Tensor {
    const ids = inputs.dtype === 'int32' ? inputs : cast(inputs, 'int32');
    return gather(this.embeddings!, ids, 0);
  }

  /** With `maskZero`, ids != 0 (true where the id is not padding); else no mask. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): Tensor | null {
    void mask;
    return this.maskZero ? notEqual(inputs as Tensor, 0) : null;
  }

  /** The ids' shape with `outputDim` after it. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [...inputShape, this.outputDim];
  }

  /** A new Embedding from `getConfig()`'s object (Keras' `from_config`): `inputDim`, `outputDim` and the options. */
  static override fromConfig(config: Record<string, unknown>): Embedding {
    const [[inputDim, outputDim], options] = takeArguments(config, 'Embedding', ['inputDim', 'outputDim']);
    return new this(inputDim as number, outputDim as number, options);
  }

  /** Keras' config: inputDim, outputDim, the table's initializer, regularizer and constraint, maskZero. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeOption(resolveInitializer(o.embeddingsInitializer ?? 'uniform', op)),
      embeddingsRegularizer: serializeOption(resolveRegularizer(o.embeddingsRegularizer, op)),
      embeddingsConstraint: serializeOption(resolveConstraint(o.embeddingsConstraint, op)),
      maskZero: this.maskZero,
    };
  }
}
