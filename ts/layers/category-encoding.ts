// keras.layers.CategoryEncoding (keras/src/layers/preprocessing/category_encoding.py) and the
// encoding it shares with Discretization, IntegerLookup and Hashing: Keras'
// numerical_utils.encode_categorical_inputs as the TensorFlow backend runs it.
//
// The TF backend takes two paths. multi_hot and count of inputs of rank <= 2 go through
// tf.math.bincount (minlength = maxlength = depth): ids >= depth are dropped and a negative id is
// an error (DenseBincount's). one_hot, and multi_hot and count of rank >= 3, go through
// tf.one_hot, where an id out of [0, depth) gives a row of zeros; multi_hot then takes the
// maximum and count the sum over axis 1 (Keras' reduction axis, not the last one). Float ids are
// truncated to integers, as TensorFlow's casts do. The encodings hold integers and are computed
// on the host: there is nothing to differentiate.

import { describe, type PositionalThenOptions } from '../describe';
import { allocHost } from '../dtype';
import { fromHost, Tensor, type TensorLike } from '../tensor';
import { makeConstant } from '../creation';
import type { KerasTensor } from './keras-tensor';
import { type CellStates, Layer, layerArguments, type LayerCallArguments, type LayerCallOptions, type LayerOptions, type LayerShape, type LayerTensors } from './layer';

/** The output modes that encode ids as vectors. */
export type CategoricalOutputMode = 'one_hot' | 'multi_hot' | 'count';

/** Integer ids with their shape, as the encoders read them. */
export interface HostIds {
  /** The ids, row-major; a masked id may be any number >= depth (dropped by every mode). */
  values: ArrayLike<number>;
  /** Their shape. */
  shape: number[];
}

/** A tensor's values as integer ids (floats truncated toward zero, as TensorFlow casts them). */
export function hostIds(x: Tensor): HostIds {
  const data = x.dataSync();
  const values = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = Math.trunc(Number(data[i]));
  return { values, shape: x.shape.slice() };
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/**
 * Keras' encode_categorical_inputs on the TF backend for `mode` one_hot, multi_hot or count:
 * the encoding of `ids` in `depth` slots, in `dtype`. `weights` (count only) has the ids' shape.
 * `op` names the caller in errors.
 */
export function encodeCategorical(ids: HostIds, mode: CategoricalOutputMode, depth: number, dtype: 'float32' | 'float64', weights: ArrayLike<number> | null, op: string): Tensor {
  let shape = ids.shape.length === 0 ? [1] : ids.shape.slice(); // a scalar is one sample
  const values = ids.values;
  if (mode !== 'one_hot' && shape.length <= 2) return bincount(values, shape, mode === 'multi_hot', depth, dtype, weights, op);
  if (mode === 'one_hot') {
    if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    const out = allocHost(dtype, values.length * depth);
    for (let i = 0; i < values.length; i++) {
      const id = values[i]!;
      if (id >= 0 && id < depth) out[i * depth + id] = 1;
    }
    return fromHost(out, [...shape, depth], dtype);
  }
  // Rank >= 3: one_hot, then the maximum (multi_hot) or the weighted sum (count) over axis 1.
  const [outer, reduced] = [shape[0]!, shape[1]!];
  const inner = sizeOf(shape.slice(2));
  const out = allocHost(dtype, outer * inner * depth);
  for (let a = 0; a < outer; a++) {
    for (let r = 0; r < reduced; r++) {
      for (let k = 0; k < inner; k++) {
        const i = (a * reduced + r) * inner + k;
        const id = values[i]!;
        if (!(id >= 0 && id < depth)) continue;
        const slot = (a * inner + k) * depth + id;
        if (mode === 'multi_hot') out[slot] = 1;
        else out[slot] = out[slot]! + (weights === null ? 1 : weights[i]!);
      }
    }
  }
  return fromHost(out, [outer, ...shape.slice(2), depth], dtype);
}

/** tf.math.bincount(ids, weights, minlength = maxlength = depth, axis = -1, binary_output) of
 * ids of rank 1 or 2: ids >= depth dropped, a negative one an error (DenseBincount's message). */
function bincount(values: ArrayLike<number>, shape: number[], binary: boolean, depth: number, dtype: 'float32' | 'float64', weights: ArrayLike<number> | null, op: string): Tensor {
  const rows = shape.length === 1 ? 1 : shape[0]!;
  const width = shape[shape.length - 1]!;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) {
      throw new Error(shape.length === 1
        ? `${op}: Input arr must be non-negative! [Op:DenseBincount]`
        : `${op}: Input 'in' must be non-negative! Negative input value found: ${values[i]} [Op:DenseBincount]`);
    }
  }
  // Summed in float64 then rounded once: TensorFlow sums weights in their dtype (float32 here), so
  // long float32 sums could differ in the last bit.
  const out = allocHost(dtype, rows * depth);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const id = values[i]!;
      if (id >= depth) continue;
      const slot = r * depth + id;
      out[slot] = binary ? 1 : out[slot]! + (weights === null ? 1 : weights[i]!);
    }
  }
  return fromHost(out, shape.length === 1 ? [depth] : [rows, depth], dtype);
}

/** Checks an option that must be one of `allowed` strings, with Keras' validate_string_arg message. */
export function checkStringArg<T extends string>(value: unknown, allowed: readonly T[], className: string, argName: string, op: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${op}: The \`${argName}\` argument of layer ${className} received an invalid value ${describe(value)}. Allowed values are: ${allowed.join(', ')}.`);
}

/** Rejects `sparse: true`: gradtape has no sparse tensors. */
export function checkNotSparse(sparse: unknown, op: string): false {
  if (sparse === undefined || sparse === null || sparse === false) return false;
  if (sparse === true) throw new Error(`${op}: sparse=true is not supported: gradtape has no sparse tensors (Keras gives a tf.SparseTensor); use the dense output.`);
  throw new Error(`${op}: sparse must be false, got ${describe(sparse)}.`);
}

/** Options of `new tf.keras.layers.CategoryEncoding(options)`. */
export interface CategoryEncodingOptions extends LayerOptions {
  /** The number of ids: inputs are integers in [0, numTokens). Required. */
  numTokens?: number | null;
  /** 'multi_hot' (default; 'binary' is its old name): 1 for each id of a sample's last axis;
   * 'one_hot': one vector per id; 'count': how many times each id occurs (weighted by `countWeights`). */
  outputMode?: CategoricalOutputMode | 'binary';
  /** Keras' sparse output: only false (gradtape has no sparse tensors). */
  sparse?: boolean;
}

/** Options of a CategoryEncoding call. */
export interface CategoryEncodingCallOptions extends Omit<LayerCallOptions, 'states' | 'initialState'> {
  /** Weights of the ids, of the inputs' shape, summed instead of counting 1 (outputMode 'count' only). */
  countWeights?: TensorLike | null;
}

/** The call of CategoryEncoding: the ids and the options (`countWeights`). */
export interface CategoryEncodingCall {
  (inputs: KerasTensor, options?: CategoryEncodingCallOptions): KerasTensor;
  (inputs: TensorLike, options?: CategoryEncodingCallOptions): Tensor;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface CategoryEncoding extends CategoryEncodingCall {}

/** Keras 3's positional arguments of CategoryEncoding, in its order. */
type CategoryEncodingPositional = [
  numTokens?: number | null, outputMode?: CategoryEncodingOptions['outputMode'], sparse?: boolean,
];

/**
 * keras.layers.CategoryEncoding({numTokens, outputMode = 'multi_hot'}): integer ids in
 * [0, numTokens) as vectors of numTokens entries. 'multi_hot' marks the ids of each sample (the
 * last axis), 'count' counts them (or sums the call's `countWeights`), 'one_hot' gives each id its
 * own vector (a trailing axis of 1 is replaced). As with Keras' TensorFlow backend, ids >=
 * numTokens are dropped, negative ids are an error in 'multi_hot' and 'count' (rows of zeros in
 * 'one_hot'), and float ids are truncated. The output is in the layer's dtype.
 *
 * @example
 * ```ts
 * const multiHot = new tf.keras.layers.CategoryEncoding({ numTokens: 4 });
 * console.log(multiHot([[0, 1], [3, 3]]).arraySync()); // [ [ 1, 1, 0, 0 ], [ 0, 0, 0, 1 ] ]
 * const count = new tf.keras.layers.CategoryEncoding({ numTokens: 3, outputMode: 'count' });
 * console.log(count([[0, 2, 2]], { countWeights: [[0.5, 1, 2]] }).arraySync()); // [ [ 0.5, 0, 3 ] ]
 * const oneHot = new tf.keras.layers.CategoryEncoding({ numTokens: 3, outputMode: 'one_hot' });
 * console.log(oneHot([2, 0]).arraySync()); // [ [ 0, 0, 1 ], [ 1, 0, 0 ] ]
 * ```
 */
export class CategoryEncoding extends Layer {
  /** The number of ids. */
  readonly numTokens: number;
  /** The encoding. */
  readonly outputMode: CategoricalOutputMode;
  /** Always false. */
  readonly sparse: boolean;

  /** @param options `numTokens`, `outputMode`, `sparse` and the layer options. */
  constructor(options?: CategoryEncodingOptions);
  /** Keras 3's positional form: `CategoryEncoding(num_tokens, output_mode, sparse)`. */
  constructor(...positional: CategoryEncodingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CategoryEncodingPositional, CategoryEncodingOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<CategoryEncodingOptions>(new.target, args, ['numTokens', 'outputMode', 'sparse'], ['numTokens']);
    super(options, ['numTokens', 'outputMode', 'sparse']);
    const op = this.qualifiedName;
    const o = options;
    const mode = o.outputMode === 'binary' ? 'multi_hot' : o.outputMode ?? 'multi_hot';
    if (!['count', 'one_hot', 'multi_hot'].includes(mode as string)) throw new Error(`${op}: Unknown arg for output_mode: ${String(mode)}`);
    const n = o.numTokens;
    if (n === undefined || n === null) {
      throw new Error(`${op}: num_tokens must be set to use this layer. If the number of tokens is not known beforehand, use the IntegerLookup layer instead.`);
    }
    if (!Number.isSafeInteger(n)) throw new Error(`${op}: numTokens must be an integer, got ${describe(n)}.`);
    if (n < 1) throw new Error(`${op}: \`num_tokens\` must be >= 1. Received: num_tokens=${n}.`);
    this.numTokens = n;
    this.outputMode = mode;
    this.sparse = checkNotSparse(o.sparse, op);
  }

  /** @internal `countWeights`. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['countWeights'];
  }

  /** The encoding of the ids (weighted by `countWeights` in 'count' mode). */
  override call(inputs: LayerTensors, callOptions?: LayerCallArguments | CellStates): Tensor {
    const op = this.qualifiedName;
    const options = callOptions as CategoryEncodingCallOptions & { training: boolean };
    const given = options?.countWeights;
    let weights: ArrayLike<number> | null = null;
    if (given !== undefined && given !== null) {
      if (this.outputMode !== 'count') {
        throw new Error(`${op}: \`count_weights\` is not used when \`output_mode\` is not \`'count'\`. Received \`count_weights=${describe(given)}\`.`);
      }
      const w = makeConstant(given, this.dtype, op);
      const x = inputs as Tensor;
      if (w.shape.join() !== x.shape.join()) throw new Error(`${op}: countWeights must have the inputs' shape [${x.shape.join(', ')}], got [${w.shape.join(', ')}].`);
      weights = w.dataSync() as ArrayLike<number>;
    }
    return encodeCategorical(hostIds(inputs as Tensor), this.outputMode, this.numTokens, this.dtype, weights, op);
  }

  /** Keras' compute_output_shape: `[numTokens]` for a scalar, else the last axis replaced by
   * numTokens ('one_hot' appends it unless the last axis is 1). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    if (inputShape.length === 0) return [this.numTokens];
    if (this.outputMode === 'one_hot' && (inputShape[inputShape.length - 1] !== 1 || inputShape.length === 1)) return [...inputShape, this.numTokens];
    return [...inputShape.slice(0, -1), this.numTokens];
  }

  /** `{numTokens, outputMode}` and the layer options (Keras' config has no `sparse`). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), numTokens: this.numTokens, outputMode: this.outputMode };
  }
}
