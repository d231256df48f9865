// keras.layers.Hashing (keras/src/layers/preprocessing/hashing.py) for numeric inputs: each
// value's decimal text (floats truncated to integers first) hashed into `numBins` bins, as
// Keras' TensorFlow code does: tf.strings.to_hash_bucket_fast (FarmHash Fingerprint64), or
// to_hash_bucket_strong (SipHash-2-4) keyed by `salt`. With `maskValue`, bin 0 is the mask's and
// the others hash into bins 1..numBins-1. (Keras also hashes strings; gradtape has no string
// tensors.)

import { describe, type PositionalThenOptions } from '../describe';
import { fromHost, Tensor } from '../tensor';
import { checkNotSparse, encodeCategorical, hostIds, type CategoricalOutputMode } from './category-encoding';
import { KerasTensor } from './keras-tensor';
import { Layer, layerArguments, type LayerCallOptions, type LayerOptions, type LayerShape, type LayerTensors, type SymbolicOutputs } from './layer';
import type { Nest } from './nest';
import { hashBucketFast, hashBucketStrong } from './string-hash';

/** Hashing's output modes. */
export type HashingOutputMode = 'int' | CategoricalOutputMode;

/** Options of `new tf.keras.layers.Hashing(options)`. */
export interface HashingOptions extends Omit<LayerOptions, 'dtype'> {
  /** The number of bins (> 0), the mask's bin included. Required. */
  numBins?: number | null;
  /** A value hashed to bin 0 (the others to bins 1..numBins-1), or null (default). */
  maskValue?: number | null;
  /** SipHash's key (one integer for both halves, or two): the strong keyed hash instead of FarmHash. */
  salt?: number | readonly [number, number] | null;
  /** 'int' (default): the bins; 'one_hot', 'multi_hot', 'count': encoded as CategoryEncoding does. */
  outputMode?: HashingOutputMode;
  /** Keras' sparse output: only false (gradtape has no sparse tensors). */
  sparse?: boolean;
  /** The output dtype: 'int64' (Keras' default for 'int', computed as int32 here) or 'int32' in
   * 'int' mode; 'float32' or 'float64' (default floatx) in the others. */
  dtype?: 'int32' | 'int64' | 'float32' | 'float64' | null;
}

/** Options of a Hashing call (none besides the layer call's). */
export type HashingCallOptions = Omit<LayerCallOptions, 'states' | 'initialState'>;

/** Keras 3's positional arguments of Hashing after its required ones, in its order. */
type HashingPositional = [
  maskValue?: HashingOptions['maskValue'], salt?: HashingOptions['salt'], outputMode?: HashingOptions['outputMode'], sparse?: boolean,
];

/**
 * keras.layers.Hashing({numBins, maskValue, salt, outputMode = 'int'}): numbers into `numBins`
 * bins by a hash of their decimal text, the same bins as Keras with TensorFlow (FarmHash
 * Fingerprint64 of e.g. '42', modulo the bins; with `salt`, SipHash-2-4 keyed by it). Floats are
 * truncated to integers first, as Keras casts them to int64. With `maskValue`, that value goes
 * to bin 0 and the others to bins 1..numBins-1. 'one_hot', 'multi_hot' and 'count' encode the bins
 * as CategoryEncoding does.
 *
 * @example
 * ```ts
 * const hashing = new tf.keras.layers.Hashing({ numBins: 3 });
 * console.log(hashing([[1, 2, 3, 4]]).arraySync()); // [ [ 0, 1, 0, 2 ] ]
 * const salted = new tf.keras.layers.Hashing({ numBins: 3, salt: 133 });
 * console.log(salted([[1, 2, 3, 4]]).arraySync()); // [ [ 2, 0, 1, 2 ] ]
 * ```
 */
export class Hashing extends Layer {
  /** The number of bins. */
  readonly numBins: number;
  /** The masked value, or null. */
  readonly maskValue: number | null;
  /** SipHash's key [k0, k1], or null for FarmHash. */
  readonly salt: [number, number] | null;
  /** The output mode. */
  readonly outputMode: HashingOutputMode;
  /** Always false. */
  readonly sparse: boolean;
  /** The dtype Keras' config records ('int64' by default in 'int' mode). */
  readonly #configDtype: string;

  /** @param options `numBins`, `maskValue`, `salt`, `outputMode`, `sparse` and the layer options. */
  constructor(options?: HashingOptions);
  /** Keras 3's positional form: `Hashing(num_bins, mask_value, salt, output_mode, sparse)`. */
  constructor(numBins: number, ...positional: HashingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(numBins: number, ...positionalThenOptions: PositionalThenOptions<HashingPositional, Omit<HashingOptions, 'numBins'>>);
  constructor(...args: unknown[]) {
    const o = layerArguments<HashingOptions>(new.target, args, ['numBins', 'maskValue', 'salt', 'outputMode', 'sparse'], ['maskValue', 'salt']);
    const mode = o.outputMode ?? 'int';
    const dtype = o.dtype ?? (mode === 'int' ? 'int64' : null);
    // The layer computes in floats; an integer dtype is recorded for the config only.
    const intDtype = dtype === 'int32' || dtype === 'int64';
    super({ ...o, dtype: intDtype ? null : (dtype as LayerOptions['dtype']) }, ['numBins', 'maskValue', 'salt', 'outputMode', 'sparse']);
    const op = this.qualifiedName;
    const n = o.numBins;
    if (n === undefined || n === null || typeof n !== 'number' || n <= 0) throw new Error(`${op}: The \`num_bins\` for \`Hashing\` cannot be \`None\` or non-positive values. Received: num_bins=${n === undefined || n === null ? 'None' : describe(n)}.`);
    if (!Number.isSafeInteger(n)) throw new Error(`${op}: numBins must be an integer, got ${describe(n)}.`);
    if (mode === 'int' && !intDtype) throw new Error(`${op}: When \`output_mode="int"\`, \`dtype\` should be an integer type, 'int32' or 'in64'. Received: dtype=${String(dtype)}`);
    const accepted = ['int', 'one_hot', 'multi_hot', 'count'];
    if (!accepted.includes(mode)) throw new Error(`${op}: Invalid value for argument \`output_mode\`. Expected one of ('int', 'one_hot', 'multi_hot', 'count'). Received: output_mode=${String(mode)}`);
    if (mode !== 'int' && intDtype) throw new Error(`${op}: dtype ${String(dtype)} is not supported in output mode '${mode}': gradtape encodes in float32 or float64.`);
    if (o.sparse === true && mode === 'int') {
      throw new Error(`${op}: \`sparse\` may only be true if \`output_mode\` is \`"one_hot"\`, \`"multi_hot"\`, or \`"count"\`. Received: sparse=True and output_mode=int`);
    }
    this.sparse = checkNotSparse(o.sparse, op);
    this.numBins = n;
    this.outputMode = mode;
    if (o.maskValue !== undefined && o.maskValue !== null && typeof o.maskValue !== 'number') throw new Error(`${op}: maskValue must be a number or null, got ${describe(o.maskValue)}.`);
    this.maskValue = o.maskValue ?? null;
    let salt: [number, number] | null = null;
    if (o.salt !== undefined && o.salt !== null) {
      if (Array.isArray(o.salt) && o.salt.length === 2 && o.salt.every(Number.isSafeInteger)) salt = [o.salt[0], o.salt[1]];
      else if (Number.isSafeInteger(o.salt)) salt = [o.salt as number, o.salt as number];
      else throw new Error(`${op}: The \`salt\` argument for \`Hashing\` can only be a tuple of size 2 integers, or a single integer. Received: salt=${describe(o.salt)}.`);
    }
    this.salt = salt;
    this.#configDtype = intDtype ? dtype : this.dtype;
  }

  /** The bin of each value, encoded by the output mode. */
  override call(inputs: LayerTensors): Tensor {
    const op = this.qualifiedName;
    const x = inputs as Tensor;
    let shape = x.shape.slice();
    if (this.outputMode === 'one_hot' && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    const raw = x.dataSync();
    const ids = hostIds(x).values;
    const masked = this.maskValue !== null && this.numBins > 1;
    const bins = masked ? this.numBins - 1 : this.numBins;
    const key = this.salt === null ? null : ([BigInt(this.salt[0]), BigInt(this.salt[1])] as [bigint, bigint]);
    const out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const bin = key === null ? hashBucketFast(ids[i]!, bins) : hashBucketStrong(ids[i]!, bins, key);
      out[i] = masked ? (Number(raw[i]) === this.maskValue ? 0 : bin + 1) : bin;
    }
    if (this.outputMode === 'int') return fromHost(out, shape, 'int32');
    return encodeCategorical({ values: out, shape }, this.outputMode, this.numBins, this.dtype, null, op);
  }

  /** Keras' compute_output_shape: the input shape for 'int', else the last axis replaced by numBins. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    if (this.outputMode === 'int') return inputShape.slice();
    if (inputShape.length === 0) return [this.numBins];
    return [...inputShape.slice(0, -1), this.numBins];
  }

  /** int32 outputs in 'int' mode, else the layer's dtype. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    return new KerasTensor(this.computeOutputShape((inputs as KerasTensor).shape), this.outputMode === 'int' ? 'int32' : this.dtype);
  }

  /** `{numBins, salt, maskValue, outputMode, sparse}` and the layer options (dtype 'int64' by
   * default in 'int' mode, as Keras records it). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dtype: this.#configDtype, numBins: this.numBins, salt: this.salt === null ? null : this.salt.slice(), maskValue: this.maskValue, outputMode: this.outputMode, sparse: this.sparse };
  }
}
