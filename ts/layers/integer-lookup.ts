// keras.layers.IntegerLookup (keras/src/layers/preprocessing/integer_lookup.py on
// index_lookup.py): integer tokens to indices in a vocabulary (given, or learned by `adapt`, most
// frequent first), with a mask index and `numOovIndices` indices for tokens out of the
// vocabulary, or back (`invert`). Out-of-vocabulary tokens are spread over the OOV indices as
// Keras does: floormod(token, numOovIndices) (oovMethod 'floormod', the default), or the FarmHash
// Fingerprint64 of the token's decimal text (oovMethod 'farmhash'; SipHash with a `salt`).
// Computed on the host (a lookup table has nothing to differentiate).

import { constant, makeConstant } from '../creation';
import { describe, checkBoolean, type PositionalThenOptions } from '../describe';
import { fromHost, Tensor, type TensorLike } from '../tensor';
import { adaptBatches } from './adapt-batches';
import { valueText } from './arguments';
import { checkNotSparse, checkStringArg, encodeCategorical, hostIds } from './category-encoding';
import { KerasTensor } from './keras-tensor';
import { Layer, layerArguments, type LayerCallOptions, type LayerOptions, type LayerShape, type LayerTensors, type SymbolicOutputs } from './layer';
import type { Nest } from './nest';
import { hashBucketFast, hashBucketStrong } from './string-hash';

/** IntegerLookup's output modes. */
export type LookupOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';

/** Options of `new tf.keras.layers.IntegerLookup(options)`. */
export interface IntegerLookupOptions extends LayerOptions {
  /** The largest vocabulary, mask and OOV indices included (> 1); null for no limit. */
  maxTokens?: number | null;
  /** The number of indices for tokens out of the vocabulary (default 1; 0 makes them an error). */
  numOovIndices?: number;
  /** The token that means "no value", mapped to index 0 in 'int' mode (and dropped in the
   * others); null (default) for none. */
  maskToken?: number | null;
  /** The token `invert` gives for OOV indices (default -1). */
  oovToken?: number | null;
  /** The vocabulary (tokens, optionally preceded by the mask and OOV tokens); without one,
   * `adapt` learns it. */
  vocabulary?: readonly number[] | null;
  /** Keras' vocabulary dtype: only 'int64'. */
  vocabularyDtype?: 'int64';
  /** The inverse document frequencies of the vocabulary's tokens ('tf_idf' with a vocabulary). */
  idfWeights?: readonly number[] | null;
  /** Whether the layer maps indices back to tokens ('int' mode only). */
  invert?: boolean;
  /** 'int' (default): the indices (int32); 'one_hot', 'multi_hot', 'count': encoded over the
   * vocabulary as CategoryEncoding does; 'tf_idf': counts times the idf weights. */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** Keras' sparse output: only false (gradtape has no sparse tensors). */
  sparse?: boolean;
  /** Whether the encodings have `maxTokens` entries whatever the vocabulary's size. */
  padToMaxTokens?: boolean;
  /** How OOV tokens pick their OOV index when there are several: 'floormod' (default) or 'farmhash'. */
  oovMethod?: 'floormod' | 'farmhash';
  /** The key of the 'farmhash' OOV hash, one integer or two: SipHash instead of FarmHash. */
  salt?: number | readonly [number, number] | null;
  /** @internal The vocabulary size a saved config records (Keras' `vocabulary_size`). */
  vocabularySize?: number | null;
}

/** Options of an IntegerLookup call (none besides the layer call's). */
export type IntegerLookupCallOptions = Omit<LayerCallOptions, 'states' | 'initialState'>;

/** A marker for ids masked out of an encoding: beyond any depth (Keras' int64 max). */
const DROPPED = Number.MAX_SAFE_INTEGER;

/** Keras 3's IntegerLookup arguments, in its order (oovMethod, salt and vocabularySize come
 * only by name: INTEGER_LOOKUP_KEYWORDS). */
const INTEGER_LOOKUP_POSITIONAL = [
  'maxTokens', 'numOovIndices', 'maskToken', 'oovToken', 'vocabulary', 'vocabularyDtype', 'idfWeights', 'invert', 'outputMode', 'sparse', 'padToMaxTokens', 'name',
];
/** The arguments IntegerLookup passes to Keras 3's IndexLookup through its `**kwargs`: Python
 * takes them by name after the positional arguments too. */
const INTEGER_LOOKUP_KEYWORDS = ['oovMethod', 'salt', 'vocabularySize'];

/** Keras 3's positional arguments of IntegerLookup, in its order. */
type IntegerLookupPositional = [
  maxTokens?: number | null, numOovIndices?: number, maskToken?: number | null, oovToken?: number, vocabulary?: IntegerLookupOptions['vocabulary'],
  vocabularyDtype?: IntegerLookupOptions['vocabularyDtype'], idfWeights?: IntegerLookupOptions['idfWeights'], invert?: boolean,
  outputMode?: IntegerLookupOptions['outputMode'], sparse?: boolean, padToMaxTokens?: boolean, name?: string | null,
];

/**
 * keras.layers.IntegerLookup({vocabulary} or adapt, {numOovIndices = 1, maskToken, oovToken = -1,
 * outputMode = 'int', invert}): integer tokens to their index in a vocabulary. The indices are,
 * in order: the mask token's 0 (when `maskToken` is set, 'int' mode), `numOovIndices` indices
 * for tokens not in the vocabulary, then the vocabulary's tokens. `adapt(data)` learns the
 * vocabulary, most frequent tokens first (ties: the larger token first), at most `maxTokens`
 * indices in all. 'one_hot', 'multi_hot', 'count' and 'tf_idf' encode the indices over the
 * vocabulary; `invert` maps indices back to tokens. `getVocabulary()` lists the token of
 * every index.
 *
 * @example
 * ```ts
 * const lookup = new tf.keras.layers.IntegerLookup({ vocabulary: [12, 36, 1138, 42] });
 * console.log(lookup([[12, 1138, 42], [42, 1000, 36]]).arraySync()); // [ [ 1, 3, 4 ], [ 4, 0, 2 ] ]
 * const learned = new tf.keras.layers.IntegerLookup();
 * learned.adapt([7, 5, 7, 9, 5, 7]);
 * console.log(learned.getVocabulary(), learned.vocabularySize()); // [ -1, 7, 5, 9 ] 4
 * const inverse = new tf.keras.layers.IntegerLookup({ vocabulary: [12, 36], invert: true });
 * console.log(inverse([2, 0, 1]).arraySync()); // [ 36, -1, 12 ]
 * ```
 */
export class IntegerLookup extends Layer {
  /** The largest vocabulary size, or null. */
  readonly maxTokens: number | null;
  /** The number of OOV indices. */
  readonly numOovIndices: number;
  /** The mask token, or null. */
  readonly maskToken: number | null;
  /** The OOV token. */
  readonly oovToken: number | null;
  /** Whether the layer maps indices to tokens. */
  readonly invert: boolean;
  /** The output mode. */
  readonly outputMode: LookupOutputMode;
  /** Always false. */
  readonly sparse: boolean;
  /** Whether encodings have maxTokens entries. */
  readonly padToMaxTokens: boolean;
  /** 'floormod' or 'farmhash'. */
  readonly oovMethod: 'floormod' | 'farmhash';
  /** The SipHash key [k0, k1] of the 'farmhash' OOV method, or null. */
  readonly salt: [number, number] | null;
  /** The vocabulary given to the constructor (Keras' config keeps it), or null. */
  readonly inputVocabulary: number[] | null;
  /** The idf weights given to the constructor, or null. */
  readonly inputIdfWeights: number[] | null;
  /** The vocabulary's tokens (no mask or OOV tokens), in index order. */
  #tokens: number[] = [];
  /** Token -> index. */
  #indexOf = new Map<number, number>();
  /** The idf weight of every index ('tf_idf'), or null. */
  #idfWeights: Float32Array | null = null;
  /** The vocabulary size fixed by a vocabulary or adapt (Keras' `_frozen_vocab_size`). */
  #frozenVocabSize: number | null;
  /** Whether the vocabulary was given (not adaptable). */
  readonly #hasInputVocabulary: boolean;

  /** @param options The lookup options and the layer options. */
  constructor(options?: IntegerLookupOptions);
  /** Keras 3's positional form: `IntegerLookup(max_tokens, num_oov_indices, mask_token, oov_token,
   * vocabulary, vocabulary_dtype, idf_weights, invert, output_mode, sparse, pad_to_max_tokens,
   * name)`. */
  constructor(...positional: IntegerLookupPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (oovMethod, salt and vocabularySize among them). */
  constructor(...positionalThenOptions: PositionalThenOptions<IntegerLookupPositional, IntegerLookupOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<IntegerLookupOptions>(new.target, args, INTEGER_LOOKUP_POSITIONAL, ['maxTokens', 'maskToken', 'vocabulary', 'idfWeights', 'name'], {}, INTEGER_LOOKUP_KEYWORDS);
    super(options, ['maxTokens', 'numOovIndices', 'maskToken', 'oovToken', 'vocabulary', 'vocabularyDtype', 'idfWeights', 'invert', 'outputMode', 'sparse', 'padToMaxTokens', 'oovMethod', 'salt', 'vocabularySize']);
    const op = this.qualifiedName;
    const o = options;
    const integer = (v: unknown, name: string): number | null => {
      if (v === undefined || v === null) return null;
      if (!Number.isSafeInteger(v)) throw new Error(`${op}: ${name} must be an integer or null, got ${describe(v)}.`);
      return v as number;
    };
    const maxTokens = integer(o.maxTokens, 'maxTokens');
    if (maxTokens !== null && maxTokens <= 1) throw new Error(`${op}: If \`max_tokens\` is set for \`IntegerLookup\`, it must be greater than 1. Received: max_tokens=${maxTokens}`);
    const numOov = integer(o.numOovIndices, 'numOovIndices') ?? 1;
    if (numOov < 0) throw new Error(`${op}: The value of \`num_oov_indices\` argument for \`IntegerLookup\` must >= 0. Received: num_oov_indices=${numOov}`);
    if ((o.vocabularyDtype ?? 'int64') !== 'int64') throw new Error(`${op}: Only \`vocabulary_dtype='int64'\` is supported at this time. Received: vocabulary_dtype=${String(o.vocabularyDtype)}`);
    this.padToMaxTokens = checkBoolean(o.padToMaxTokens, op, 'padToMaxTokens', false);
    if (this.padToMaxTokens && maxTokens === null) throw new Error(`${op}: If pad_to_max_tokens is True, must set \`max_tokens\`. Received: max_tokens=None`);
    this.oovMethod = checkStringArg(o.oovMethod ?? 'floormod', ['floormod', 'farmhash'] as const, 'IntegerLookup', 'oov_method', op);
    let salt: [number, number] | null = null;
    if (o.salt !== undefined && o.salt !== null) {
      if (this.oovMethod !== 'farmhash') throw new Error(`${op}: \`salt\` can only be used when \`oov_method='farmhash'\`. Received: oov_method=${this.oovMethod}`);
      if (Array.isArray(o.salt) && o.salt.length === 2 && o.salt.every(Number.isSafeInteger)) salt = [o.salt[0], o.salt[1]];
      else if (Number.isSafeInteger(o.salt)) salt = [o.salt as number, o.salt as number];
      else throw new Error(`${op}: The \`salt\` argument for \`IndexLookup\` can only be a tuple of 2 integers, or a single integer. Received: salt=${describe(o.salt)}.`);
    }
    this.salt = salt;
    let mode = o.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    this.outputMode = checkStringArg(mode, ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'] as const, 'IntegerLookup', 'output_mode', op);
    this.invert = checkBoolean(o.invert, op, 'invert', false);
    if (this.invert && this.outputMode !== 'int') throw new Error(`${op}: \`output_mode\` must be \`'int'\` when \`invert\` is true. Received: output_mode=${this.outputMode}`);
    if (o.sparse === true && this.outputMode === 'int') {
      throw new Error(`${op}: \`sparse\` may only be true if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, \`'count'\` or \`'tf_idf'\`. Received: sparse=True and output_mode=int`);
    }
    this.sparse = checkNotSparse(o.sparse, op);
    const idf = o.idfWeights ?? null;
    if (idf !== null && this.outputMode !== 'tf_idf') {
      throw new Error(`${op}: \`idf_weights\` should only be set if \`output_mode\` is \`'tf_idf'\`. Received: idf_weights=${valueText(idf)} and output_mode=${this.outputMode}`);
    }
    this.maxTokens = maxTokens;
    this.numOovIndices = numOov;
    this.maskToken = integer(o.maskToken, 'maskToken');
    this.oovToken = o.oovToken === undefined ? -1 : integer(o.oovToken, 'oovToken');
    const vocabulary = o.vocabulary ?? null;
    if (vocabulary !== null && (!Array.isArray(vocabulary) || !vocabulary.every(Number.isSafeInteger))) {
      throw new Error(`${op}: vocabulary must be an array of integers (a vocabulary file is not supported), got ${describe(vocabulary)}.`);
    }
    if (idf !== null && (!Array.isArray(idf) || !idf.every((w) => typeof w === 'number'))) throw new Error(`${op}: idfWeights must be an array of numbers, got ${describe(idf)}.`);
    this.inputVocabulary = vocabulary === null ? null : vocabulary.slice();
    this.inputIdfWeights = idf === null ? null : idf.slice();
    this.#frozenVocabSize = integer(o.vocabularySize, 'vocabularySize');
    this.#hasInputVocabulary = vocabulary !== null;
    if (this.outputMode === 'tf_idf' && vocabulary !== null && idf === null) {
      throw new Error(`${op}: When specifying the \`vocabulary\` argument, in TF-IDF output mode, the \`idf_weights\` argument must also be provided.`);
    }
    if (vocabulary !== null) this.setVocabulary(vocabulary, idf);
  }

  /** The index of the first OOV index: 1 when the mask takes index 0 ('int' mode), else 0. */
  private get oovStart(): number {
    return this.maskToken !== null && this.outputMode === 'int' ? 1 : 0;
  }

  /** The index of the vocabulary's first token. */
  private get tokenStart(): number {
    return this.oovStart + this.numOovIndices;
  }

  /** The number of indices: mask, OOV indices and the vocabulary's tokens (Keras' vocabulary_size()). */
  vocabularySize(): number {
    return this.#tokens.length + this.tokenStart;
  }

  /**
   * The token of every index (Keras' get_vocabulary): the mask token (in 'int' mode with a mask),
   * the OOV token for each OOV index, then the vocabulary; `includeSpecialTokens: false` gives the
   * vocabulary's tokens only.
   */
  getVocabulary(includeSpecialTokens = true): (number | null)[] {
    const vocab: (number | null)[] = [...Array<number | null>(this.tokenStart).fill(this.oovToken), ...this.#tokens];
    if (this.maskToken !== null && this.outputMode === 'int') vocab[0] = this.maskToken;
    return includeSpecialTokens ? vocab : vocab.slice(this.tokenStart);
  }

  /**
   * Keras' set_vocabulary(vocabulary, idfWeights): the vocabulary's tokens (the mask and OOV
   * tokens may lead it, in index order, and are then skipped), and for 'tf_idf' their idf
   * weights (the special indices get the weights' mean, unless the vocabulary included them).
   */
  setVocabulary(vocabulary: readonly number[], idfWeights: readonly number[] | null = null): void {
    const op = `${this.qualifiedName}.setVocabulary`;
    if (this.outputMode === 'tf_idf' && idfWeights === null) throw new Error(`${op}: \`idf_weights\` must be set if output_mode is 'tf_idf'.`);
    if (this.outputMode !== 'tf_idf' && idfWeights !== null) {
      throw new Error(`${op}: \`idf_weights\` should only be set if output_mode is \`'tf_idf'\`. Received: output_mode=${this.outputMode} and idf_weights=${valueText(idfWeights)}`);
    }
    if (vocabulary.length === 0) throw new Error(`${op}: Cannot set an empty vocabulary. Received: vocabulary=[]`);
    const [oovStart, tokenStart] = [this.oovStart, this.tokenStart];
    const special = [...Array<number | null>(oovStart).fill(this.maskToken), ...Array<number | null>(this.numOovIndices).fill(this.oovToken)];
    const foundSpecial = vocabulary.length >= tokenStart && special.every((t, i) => vocabulary[i] === t);
    const tokens = foundSpecial ? vocabulary.slice(tokenStart) : vocabulary.slice();
    const counts = new Map<number, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([t]) => t);
    if (repeated.length > 0) throw new Error(`${op}: The passed vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: [${repeated.join(', ')}]`);
    const specialText = `[${special.map((t) => (t === null ? 'None' : String(t))).join(', ')}]`;
    if (this.maskToken !== null && tokens.includes(this.maskToken)) {
      throw new Error(`${op}: Found reserved mask token at unexpected location in \`vocabulary\`. Note that passed \`vocabulary\` does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: ${specialText}. Received: mask_token=${this.maskToken} at vocabulary index [${vocabulary.lastIndexOf(this.maskToken)}]`);
    }
    if (this.oovToken !== null && this.invert && tokens.includes(this.oovToken)) {
      throw new Error(`${op}: Found reserved OOV token at unexpected location in \`vocabulary\`. Note that passed \`vocabulary\` does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: ${specialText}. Received: oov_token=${this.oovToken} at vocabulary index [${vocabulary.lastIndexOf(this.oovToken)}]`);
    }
    const size = tokenStart + tokens.length;
    if (this.maxTokens !== null && size > this.maxTokens) {
      throw new Error(`${op}: Attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is ${size}; \`max_tokens\` is ${this.maxTokens}.`);
    }
    this.setTokens(tokens);
    if (this.outputMode === 'tf_idf' && idfWeights !== null) {
      if (vocabulary.length !== idfWeights.length) {
        throw new Error(`${op}: \`idf_weights\` must be the same length as vocabulary. len(idf_weights) is ${idfWeights.length}; len(vocabulary) is ${vocabulary.length}`);
      }
      // np.pad with the weights' np.average in front (unless the vocabulary held the special
      // tokens) and zeros behind up to maxTokens (padToMaxTokens); stored as float32.
      const front = foundSpecial ? 0 : tokenStart;
      const mean = idfWeights.reduce((s, w) => s + w, 0) / idfWeights.length;
      const back = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens - front - idfWeights.length : 0;
      this.#idfWeights = Float32Array.from([...Array<number>(front).fill(mean), ...idfWeights, ...Array<number>(Math.max(back, 0)).fill(0)]);
    }
  }

  /** Sets the vocabulary's tokens and records its size (Keras' _record_vocabulary_size: in the
   * encoding modes without padToMaxTokens, a size once recorded cannot change). */
  private setTokens(tokens: readonly number[]): void {
    this.#tokens = tokens.slice();
    this.#indexOf = new Map(tokens.map((t, i) => [t, this.tokenStart + i]));
    const size = this.vocabularySize();
    if (this.outputMode !== 'int' && !this.padToMaxTokens && this.#frozenVocabSize !== null && this.#frozenVocabSize !== size) {
      throw new Error(`${this.qualifiedName}: When using \`output_mode=${this.outputMode}\` and \`pad_to_max_tokens=False\`, the vocabulary size cannot be changed after the layer is called. Old vocab size is ${this.#frozenVocabSize}, new vocab size is ${size}`);
    }
    this.#frozenVocabSize = size;
  }

  /**
   * Keras' `adapt(data)`: learns the vocabulary from the tokens of `data` (one tensor or array, or
   * batches: an array of tensors, a `tf.data.Dataset`, another iterable): the most frequent first,
   * ties broken by the larger token, the mask and OOV tokens left out, at most `maxTokens` indices
   * in all. For 'tf_idf' also the idf weights log(1 + documents / (1 + documents holding the
   * token)), a document being a row of a batch (each token of a 1-D array given whole is a row).
   */
  adapt(data: TensorLike | Iterable<TensorLike> | object): void {
    const op = `${this.qualifiedName}.adapt`;
    if (this.#hasInputVocabulary) throw new Error(`${op}: Cannot adapt layer '${this.name}' after setting a static vocabulary via \`vocabulary\` argument or \`set_vocabulary()\` method.`);
    const counts = new Map<number, number>();
    const documentCounts = new Map<number, number>();
    let documents = 0;
    const batches = adaptBatches(data);
    const whole = batches.length === 1 && batches[0] === data;
    for (const batch of batches) {
      const ids = hostIds(makeConstant(batch as TensorLike, 'float64', op));
      // Keras: a whole 1-D array becomes a column (one token per document); a 1-D batch one row.
      let shape = ids.shape.length === 0 ? [1] : ids.shape;
      if (shape.length === 1) shape = whole ? [shape[0]!, 1] : [1, shape[0]!];
      for (let i = 0; i < ids.values.length; i++) counts.set(ids.values[i]!, (counts.get(ids.values[i]!) ?? 0) + 1);
      const rowLength = shape.slice(1).reduce((n, d) => n * d, 1);
      for (let r = 0; r < shape[0]!; r++) {
        const seen = new Set<number>();
        for (let c = 0; c < rowLength; c++) seen.add(ids.values[r * rowLength + c]!);
        for (const t of seen) documentCounts.set(t, (documentCounts.get(t) ?? 0) + 1);
      }
      documents += shape[0]!;
    }
    if (counts.size === 0) return;
    if (this.maskToken !== null) counts.delete(this.maskToken);
    if (this.oovToken !== null) counts.delete(this.oovToken);
    let tokens = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || b - a);
    if (this.maxTokens) tokens = tokens.slice(0, Math.max(this.maxTokens - this.tokenStart, 0));
    this.setTokens(tokens);
    if (this.outputMode === 'tf_idf') {
      // float64 log, cast to float32; the special indices get tf.reduce_mean's float32 mean.
      const idf = Float32Array.from(tokens, (t) => Math.log(1 + documents / (1 + (documentCounts.get(t) ?? 0))));
      let sum = 0;
      for (const w of idf) sum = Math.fround(sum + w);
      const mean = idf.length === 0 ? 0 : Math.fround(sum / idf.length);
      const back = this.padToMaxTokens && this.maxTokens !== null ? Math.max(this.maxTokens - this.tokenStart - idf.length, 0) : 0;
      this.#idfWeights = Float32Array.from([...Array<number>(this.tokenStart).fill(mean), ...idf, ...Array<number>(back).fill(0)]);
    }
  }

  /** The idf weights of the indices ('tf_idf'), or null. */
  get idfWeights(): number[] | null {
    return this.#idfWeights === null ? null : Array.from(this.#idfWeights);
  }

  /** The index of each token (or the token of each index with `invert`), encoded by the output mode. */
  override call(inputs: LayerTensors): Tensor {
    const op = this.qualifiedName;
    const x = inputs as Tensor;
    const ids = hostIds(x);
    const n = ids.values.length;
    if (this.invert) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const index = ids.values[i]!;
        const position = index - this.tokenStart;
        const token = position >= 0 && position < this.#tokens.length ? this.#tokens[position]! : this.oovToken ?? -1;
        out[i] = this.maskToken !== null && index === 0 ? this.maskToken : token;
      }
      return fromHost(out, x.shape.slice(), 'int32');
    }
    if (this.outputMode !== 'int' && !this.padToMaxTokens && this.#frozenVocabSize === null) {
      throw new Error(`${op}: When using \`output_mode=${this.outputMode}\` and \`pad_to_max_tokens=False\`, you must set the layer's vocabulary before calling it. Either pass a \`vocabulary\` argument to the layer, or call \`adapt\` with some sample data.`);
    }
    const indices = new Float64Array(n);
    const oov: number[] = [];
    for (let i = 0; i < n; i++) {
      const token = ids.values[i]!;
      let index = this.#indexOf.get(token);
      if (index === undefined) {
        if (this.numOovIndices === 0) oov.push(token);
        index = this.numOovIndices === 1 ? this.oovStart : this.numOovIndices > 1 ? this.oovStart + this.oovBucket(token) : -1;
      }
      if (this.maskToken !== null && token === this.maskToken) index = this.outputMode === 'int' ? 0 : DROPPED;
      indices[i] = index;
    }
    if (oov.length > 0 && !(this.maskToken !== null && oov.every((t) => t === this.maskToken))) {
      const found = oov.filter((t) => t !== this.maskToken);
      throw new Error(`${op}: assertion failed: [When \`num_oov_indices=0\` all inputs should be in vocabulary, found OOV values [${found.join(' ')}], consider setting \`num_oov_indices=1\`.]`);
    }
    if (this.outputMode === 'int') return fromHost(Int32Array.from(indices), x.shape.slice(), 'int32');
    const depth = this.padToMaxTokens ? this.maxTokens! : this.#frozenVocabSize!;
    const mode = this.outputMode === 'tf_idf' ? 'count' : this.outputMode;
    const encoded = encodeCategorical({ values: indices, shape: x.shape.slice() }, mode, depth, this.dtype, null, op);
    if (this.outputMode !== 'tf_idf') return encoded;
    if (this.#idfWeights === null) throw new Error(`${op}: When \`output_mode\` is \`'tf_idf'\`, \`idf_weights\` must be provided.`);
    const counts = encoded.dataSync();
    const out = new Float32Array(counts.length);
    for (let i = 0; i < counts.length; i++) out[i] = Math.fround(Number(counts[i]) * this.#idfWeights[i % depth]!);
    const result = fromHost(out, encoded.shape.slice(), 'float32');
    return this.dtype === 'float32' ? result : constant(result, this.dtype);
  }

  /** The OOV index (from 0) of a token out of the vocabulary, with several OOV indices. */
  private oovBucket(token: number): number {
    const n = this.numOovIndices;
    if (this.oovMethod === 'floormod') return ((token % n) + n) % n;
    return this.salt === null ? hashBucketFast(token, n) : hashBucketStrong(token, n, [BigInt(this.salt[0]), BigInt(this.salt[1])]);
  }

  /** Keras' compute_output_shape: the input shape for 'int', else the encoding's (over the
   * vocabulary size, or maxTokens with padToMaxTokens). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    if (this.outputMode === 'int') return inputShape.slice();
    const depth = this.padToMaxTokens ? this.maxTokens : this.#frozenVocabSize;
    if (this.outputMode === 'one_hot') {
      return inputShape.length > 1 && inputShape[inputShape.length - 1] === 1 ? [...inputShape.slice(0, -1), depth] : [...inputShape, depth];
    }
    return [...inputShape.slice(0, -1), depth];
  }

  /** int32 outputs in 'int' mode, else the layer's dtype. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    return new KerasTensor(this.computeOutputShape((inputs as KerasTensor).shape), this.outputMode === 'int' ? 'int32' : this.dtype);
  }

  /** @internal The files Keras' `save_assets` writes into the layer's directory of a `.keras`
   * archive's assets: for a vocabulary not given to the constructor (learned by `adapt`, or set),
   * `vocabulary.txt`, the token of every index (`getVocabulary()`, special tokens included) one a
   * line, joined by newlines as Python's `str` writes them. A given vocabulary is in the config. */
  _kerasAssets(): Map<string, Uint8Array> {
    if (this.#hasInputVocabulary) return new Map();
    const lines = this.getVocabulary(true).map((t) => (t === null ? 'None' : String(t)));
    return new Map([['vocabulary.txt', new TextEncoder().encode(lines.join('\n'))]]);
  }

  /** @internal Keras' `load_assets`: unless the config gave the vocabulary, `vocabulary.txt`'s
   * lines (trailing empty ones dropped) as integers set as the vocabulary, with the idf weights
   * the weights file gave ('tf_idf'). */
  _kerasLoadAssets(files: Map<string, Uint8Array>, op: string): void {
    if (this.#hasInputVocabulary) return;
    const file = files.get('vocabulary.txt');
    if (file === undefined) throw new Error(`${op}: layer '${this.name}' (IntegerLookup) has no vocabulary in its config and the .keras archive has no 'vocabulary.txt' asset for it.`);
    const lines = new TextDecoder().decode(file).split(/\r\n|\n|\r/);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const tokens = lines.map((line, i) => {
      // Python's int(): an optional sign and decimal digits (underscores between them), blanks around.
      const text = line.trim().replace(/(?<=\d)_(?=\d)/g, '');
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new Error(`${op}: layer '${this.name}' (IntegerLookup): line ${i + 1} of its vocabulary.txt asset is not an integer: ${JSON.stringify(line)}.`);
      return Number(text);
    });
    this.setVocabulary(tokens, this.outputMode === 'tf_idf' ? this.idfWeights : null);
  }

  /** @internal The names of the values Keras' `save_own_variables` stores besides variables:
   * 'idf_weights' in 'tf_idf' mode. */
  _kerasNamedValueNames(): string[] {
    return this.outputMode === 'tf_idf' ? ['idf_weights'] : [];
  }

  /** @internal Those values: the idf weights of every index ('tf_idf'), none before the layer has any. */
  _kerasNamedValues(): Map<string, Float32Array> {
    return this.outputMode === 'tf_idf' && this.#idfWeights !== null ? new Map([['idf_weights', this.#idfWeights.slice()]]) : new Map();
  }

  /** @internal Keras' `load_own_variables`: the idf weights ('tf_idf'). */
  _kerasLoadNamedValues(values: Map<string, ArrayLike<number>>): void {
    const idf = values.get('idf_weights');
    if (this.outputMode === 'tf_idf' && idf !== undefined) this.#idfWeights = Float32Array.from(idf);
  }

  /** Keras' config: the lookup options, the vocabulary and idf weights given (null for a learned
   * vocabulary, which Keras saves as an asset) and the vocabulary size. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      invert: this.invert,
      maxTokens: this.maxTokens,
      numOovIndices: this.numOovIndices,
      oovToken: this.oovToken,
      maskToken: this.maskToken,
      outputMode: this.outputMode,
      sparse: this.sparse,
      padToMaxTokens: this.padToMaxTokens,
      vocabularyDtype: 'int64',
      idfWeights: this.inputIdfWeights === null ? null : this.inputIdfWeights.slice(),
      vocabulary: this.inputVocabulary === null ? null : this.inputVocabulary.slice(),
      vocabularySize: this.#frozenVocabSize,
      oovMethod: this.oovMethod,
      salt: this.salt === null ? null : this.salt.slice(),
    };
  }
}
