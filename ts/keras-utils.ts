// keras.utils (keras/src/utils/): the data helpers Keras programs call around training:
// to_categorical (one-hot labels), normalize (unit-norm rows), pad_sequences (ragged sequences
// to one length), timeseries_dataset_from_array (sliding windows of a series as a tf.data
// dataset) and set_random_seed.

import { constant, makeConstant } from './creation';
import { valueError } from './debugging';
import { Dataset } from './data/dataset';
import { checkOptions, describe } from './describe';
import { type DType, checkDType, getFloatx } from './dtype';
import { maximum } from './generated/ops';
import { resetGlobalSeedGenerator } from './keras-random';
import { epsilon as kerasEpsilon } from './keras-settings';
import { largest } from './largest';
import { norm } from './linalg';
import { normalize as l2Normalize } from './losses';
import { cast, reshape } from './ops';
import { setSeed } from './random';
import { expandDims, gather, oneHot, range, slice } from './shape';
import { Tensor, type TensorLike } from './tensor';

const asTensor = (x: TensorLike, op: string): Tensor => (x instanceof Tensor ? x : makeConstant(x, undefined, op));

/**
 * keras.utils.to_categorical(x, num_classes): integer class labels as one-hot rows (of floatx).
 * Labels given as an array (or a typed array) are read as Keras reads a NumPy array: a trailing
 * axis of length 1 is dropped first, `numClasses` defaults to the largest label + 1, a negative
 * label counts from the end and one out of range is an error. A tensor of labels (int32) is
 * one-hot encoded with ops, as Keras encodes a backend tensor, so a compiled function can take it:
 * `numClasses` is needed, and a label out of `[0, numClasses)` gives a row of zeros.
 *
 * @example
 * ```ts
 * console.log(tf.keras.utils.toCategorical([0, 2, 1]).arraySync()); // [ [ 1, 0, 0 ], [ 0, 0, 1 ], [ 0, 1, 0 ] ]
 * console.log(tf.keras.utils.toCategorical([[1], [3]], 4).shape); // [ 2, 4 ]
 * console.log(tf.keras.utils.toCategorical(tf.constant([1, 5], 'int32'), 3).arraySync()); // [ [ 0, 1, 0 ], [ 0, 0, 0 ] ]
 * ```
 */
export function toCategorical(x: TensorLike, numClasses: number | null = null): Tensor {
  const op = 'keras.utils.toCategorical';
  if (numClasses !== null && !(Number.isInteger(numClasses) && numClasses > 0)) throw new Error(`${op}: numClasses must be a positive integer, got ${describe(numClasses)}.`);
  if (x instanceof Tensor) return tensorToCategorical(x, numClasses, op);
  const t = asTensor(x, op);
  // np.array(x, dtype='int64') truncates toward zero.
  const labels = Array.from(t.dataSync() as ArrayLike<number>, (v) => Math.trunc(Number(v)));
  let shape = t.shape.slice();
  if (shape.length > 1 && shape.at(-1) === 1) shape = shape.slice(0, -1);
  const classes = numClasses ?? largest(labels, -1) + 1;
  const indices = labels.map((label) => {
    if (label >= classes || label < -classes) throw new Error(`${op}: index ${label} is out of bounds for axis 1 with size ${classes}`);
    return label < 0 ? label + classes : label;
  });
  return reshape(oneHot(constant(indices, 'int32'), classes, { dtype: getFloatx() }), [...shape, classes]);
}

/** Keras' to_categorical of a backend tensor: `one_hot(x, num_classes)` (a trailing axis of 1
 * dropped first), ops only. */
function tensorToCategorical(x: Tensor, numClasses: number | null, op: string): Tensor {
  if (numClasses === null) {
    throw new Error(`${op}: numClasses is needed for a tensor of labels, which is one-hot encoded with ops as Keras encodes a backend tensor (Keras: 'NoneType' object cannot be interpreted as an integer); give it, or pass the labels as an array.`);
  }
  if (x.dtype !== 'int32') throw new Error(`${op}: a tensor of labels must be int32 (one_hot takes integer indices), got ${x.dtype}; cast it, or pass the labels as an array.`);
  const labels = x.rank > 1 && x.shape.at(-1) === 1 ? reshape(x, x.shape.slice(0, -1)) : x;
  return oneHot(labels, numClasses, { dtype: getFloatx() });
}

/**
 * keras.utils.normalize(x, axis, order): `x` divided by its `order`-norm along `axis` (order 2:
 * x · min(1/√Σx², 1/ε); other orders: x / max(‖x‖, ε)), as keras.ops.normalize.
 *
 * @example
 * ```ts
 * console.log(tf.keras.utils.normalize([[3, 4], [0, 0]]).arraySync()); // [ [ 0.6000000238418579, 0.800000011920929 ], [ 0, 0 ] ]
 * ```
 */
export function normalize(x: TensorLike, axis = -1, order = 2): Tensor {
  const op = 'keras.utils.normalize';
  if (!Number.isInteger(order) || order < 1) throw new Error(`${op}: Argument \`order\` must be an int >= 1. Received: order=${describe(order)}`);
  let t = asTensor(x, op);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') t = cast(t, getFloatx());
  if (t.rank === 0) t = expandDims(t, 0);
  if (order === 2) return l2Normalize(t, axis);
  return t.div(maximum(norm(t, order, axis, true), kerasEpsilon()));
}

/** Options of `tf.keras.utils.padSequences(sequences, options)`. */
export interface PadSequencesOptions {
  /** The length of every sequence after padding (default: the longest's). */
  maxlen?: number | null;
  /** The dtype of the result (default 'int32'; numbers are truncated into it, as NumPy casts). */
  dtype?: DType;
  /** 'pre' (default) pads at the start, 'post' at the end. */
  padding?: 'pre' | 'post';
  /** 'pre' (default) drops a long sequence's first values, 'post' its last. */
  truncating?: 'pre' | 'post';
  /** The value padded in (default 0). */
  value?: number;
}

/**
 * keras.utils.pad_sequences(sequences, maxlen, dtype, padding, truncating, value): sequences of
 * different lengths (arrays of numbers, or of equal-shaped arrays, or tensors) as one tensor
 * `[count, maxlen, ...]`, padded with `value` and truncated to `maxlen`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.utils.padSequences([[1], [2, 3], [4, 5, 6]]).arraySync()); // [ [ 0, 0, 1 ], [ 0, 2, 3 ], [ 4, 5, 6 ] ]
 * console.log(tf.keras.utils.padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2, padding: 'post', truncating: 'post', value: -1 }).arraySync()); // [ [ 1, -1 ], [ 2, 3 ], [ 4, 5 ] ]
 * ```
 */
export function padSequences(sequences: readonly (TensorLike | readonly unknown[])[], options: PadSequencesOptions = {}): Tensor {
  const op = 'keras.utils.padSequences';
  const o = checkOptions(options ?? {}, op, ['maxlen', 'dtype', 'padding', 'truncating', 'value'], "{maxlen: 100, padding: 'post'}") as PadSequencesOptions;
  if (!Array.isArray(sequences)) throw new Error(`${op}: \`sequences\` must be iterable.`);
  const dtype = o.dtype === undefined ? 'int32' : checkDType(o.dtype, op);
  const [padding, truncating] = [o.padding ?? 'pre', o.truncating ?? 'pre'];
  if (padding !== 'pre' && padding !== 'post') throw new Error(`${op}: Padding type "${String(padding)}" not understood`);
  if (truncating !== 'pre' && truncating !== 'post') throw new Error(`${op}: Truncating type "${String(truncating)}" not understood`);
  const value = o.value ?? 0;
  if (typeof value !== 'number') throw new Error(`${op}: value must be a number, got ${describe(value)}.`);
  // Each sequence as its rows (values of the sample shape, flattened).
  let sampleShape: number[] | null = null;
  const rowsOf = sequences.map((s, idx) => {
    if (s === null || typeof s !== 'object') throw new Error(`${op}: \`sequences\` must be a list of iterables. Found non-iterable: ${describe(s)}`);
    const t = s instanceof Tensor ? s : makeConstant(s as TensorLike, dtype === 'bool' ? 'bool' : 'float64', op);
    if (t.rank === 0) throw new Error(`${op}: \`sequences\` must be a list of iterables. Found non-iterable: ${describe(s)}`);
    const length = t.shape[0]!;
    if (length === 0) return [];
    const shape = t.shape.slice(1);
    sampleShape ??= shape;
    if (shape.join() !== sampleShape.join()) {
      throw new Error(`${op}: Shape of sample (${shape.join(', ')}${shape.length === 1 ? ',' : ''}) of sequence at position ${idx} is different from expected shape (${sampleShape.join(', ')}${sampleShape.length === 1 ? ',' : ''})`);
    }
    const values = Array.from(t.dataSync() as ArrayLike<number>, Number);
    const width = values.length / length;
    return Array.from({ length }, (_, r) => values.slice(r * width, (r + 1) * width));
  });
  const lengths = rowsOf.map((rows) => rows.length);
  const maxlen = o.maxlen ?? largest(lengths, 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new Error(`${op}: maxlen must be a non-negative integer, got ${describe(o.maxlen)}.`);
  const shape = sampleShape ?? [];
  const width = shape.reduce((a, b) => a * b, 1);
  const convert = (v: number): number => (dtype === 'int32' ? Math.trunc(v) : v);
  const out = new Array<number>(sequences.length * maxlen * width).fill(convert(value));
  rowsOf.forEach((rows, i) => {
    const kept = rows.length <= maxlen ? rows : truncating === 'pre' ? rows.slice(rows.length - maxlen) : rows.slice(0, maxlen);
    const first = padding === 'post' ? 0 : maxlen - kept.length;
    kept.forEach((row, r) => row.forEach((v, k) => (out[(i * maxlen + first + r) * width + k] = convert(v))));
  });
  return reshape(constant(out, dtype), [sequences.length, maxlen, ...shape]);
}

/** Options of `tf.keras.utils.timeseriesDatasetFromArray(data, targets, sequenceLength, options)`. */
export interface TimeseriesDatasetOptions {
  /** Timesteps between the starts of consecutive sequences (default 1). */
  sequenceStride?: number;
  /** Timesteps between consecutive rows of a sequence (default 1). */
  samplingRate?: number;
  /** Sequences per batch (default 128); null: unbatched sequences. */
  batchSize?: number | null;
  /** Shuffle the sequences (default false). The order is gradtape's own, not Keras' NumPy's. */
  shuffle?: boolean;
  /** The shuffle's seed. */
  seed?: number | null;
  /** The first timestep used (default 0). */
  startIndex?: number | null;
  /** The timestep after the last used (default: the data's length). */
  endIndex?: number | null;
}

/**
 * keras.utils.timeseries_dataset_from_array(data, targets, sequence_length, ...): the sliding
 * windows of a series as a tf.data dataset: sequence i holds rows
 * `start + i·sequenceStride + k·samplingRate` (k < sequenceLength) of `data[startIndex:endIndex]`,
 * its target (when `targets` is not null) is `targets[startIndex + i·sequenceStride]`; batched by
 * `batchSize`.
 *
 * @example
 * ```ts
 * const series = tf.range(0, 10);
 * // Each window of 3 steps, with the value after it as its target.
 * const ds = tf.keras.utils.timeseriesDatasetFromArray(series.slice(0, 7), series.slice(3), 3, { batchSize: 2 });
 * const [x, y] = [...ds][0]!;
 * console.log(x.arraySync(), y.arraySync()); // [ [ 0, 1, 2 ], [ 1, 2, 3 ] ] [ 3, 4 ]
 * ```
 */
export function timeseriesDatasetFromArray(data: TensorLike, targets: TensorLike | null, sequenceLength: number, options: TimeseriesDatasetOptions = {}): Dataset<Tensor | [Tensor, Tensor]> {
  const op = 'keras.utils.timeseriesDatasetFromArray';
  const o = checkOptions(options ?? {}, op, ['sequenceStride', 'samplingRate', 'batchSize', 'shuffle', 'seed', 'startIndex', 'endIndex'], '{sequenceStride: 1, batchSize: 32}') as TimeseriesDatasetOptions;
  const series = asTensor(data, op);
  if (series.rank === 0) throw new Error(`${op}: data must have a time axis (rank 1 or more), got a scalar.`);
  const length = series.shape[0]!;
  const integer = (v: unknown, name: string): number => {
    if (!Number.isInteger(v)) throw new Error(`${op}: ${name} must be an integer, got ${describe(v)}.`);
    return v as number;
  };
  const sequence = integer(sequenceLength, 'sequenceLength');
  const stride = integer(o.sequenceStride ?? 1, 'sequenceStride');
  const rate = integer(o.samplingRate ?? 1, 'samplingRate');
  const start = o.startIndex === null || o.startIndex === undefined ? null : integer(o.startIndex, 'startIndex');
  const end = o.endIndex === null || o.endIndex === undefined ? null : integer(o.endIndex, 'endIndex');
  // Keras' checks, in its order (a start or end index of 0 counts as not given, as in Keras).
  if (start) {
    if (start < 0) throw new Error(`${op}: \`start_index\` must be 0 or greater. Received: start_index=${start}`);
    if (start >= length) throw new Error(`${op}: \`start_index\` must be lower than the length of the data. Received: start_index=${start}, for data of length ${length}`);
  }
  if (end) {
    if (start && end <= start) throw new Error(`${op}: \`end_index\` must be higher than \`start_index\`. Received: start_index=${start}, and end_index=${end} `);
    if (end >= length) throw new Error(`${op}: \`end_index\` must be lower than the length of the data. Received: end_index=${end}, for data of length ${length}`);
    if (end <= 0) throw new Error(`${op}: \`end_index\` must be higher than 0. Received: end_index=${end}`);
  }
  if (rate <= 0) throw new Error(`${op}: \`sampling_rate\` must be higher than 0. Received: sampling_rate=${rate}`);
  if (rate >= length) throw new Error(`${op}: \`sampling_rate\` must be lower than the length of the data. Received: sampling_rate=${rate}, for data of length ${length}`);
  if (stride <= 0) throw new Error(`${op}: \`sequence_stride\` must be higher than 0. Received: sequence_stride=${stride}`);
  if (stride >= length) throw new Error(`${op}: \`sequence_stride\` must be lower than the length of the data. Received: sequence_stride=${stride}, for data of length ${length}`);
  const batchSize = o.batchSize === undefined ? 128 : o.batchSize === null ? null : integer(o.batchSize, 'batchSize');
  const shuffle = o.shuffle ?? false;
  const seed = o.seed ?? undefined;

  const first = start ?? 0;
  const last = end ?? length;
  const window = slice(series, [first], [last - first]);
  const labels = targets === null ? null : asTensor(targets, op);
  let count = last - first - (sequence - 1) * rate;
  if (labels !== null) {
    if (labels.rank === 0) throw new Error(`${op}: targets must have a time axis (rank 1 or more), got a scalar.`);
    count = Math.min(count, labels.shape[0]!);
  }
  const starts = count <= 0 ? [] : Array.from({ length: Math.ceil(count / stride) }, (_, i) => i * stride);
  let positions = Dataset.fromTensorSlices(constant(starts, 'int32'));
  if (shuffle) positions = positions.shuffle(Math.max(starts.length, 1), { seed });
  const steps = range(0, sequence * rate, rate, 'int32');
  const labelWindow = labels === null ? null : slice(labels, [first], [labels.shape[0]! - first]);
  let dataset = positions.map((p) => (labelWindow === null ? gather(window, steps.add(p)) : [gather(window, steps.add(p)), gather(labelWindow, p)])) as Dataset<Tensor | [Tensor, Tensor]>;
  if (batchSize !== null) {
    if (shuffle) dataset = dataset.shuffle(batchSize * 8, { seed });
    dataset = dataset.batch(batchSize);
  } else if (shuffle) dataset = dataset.shuffle(1024, { seed });
  return dataset;
}

/**
 * keras.utils.set_random_seed(seed): seeds what Keras seeds: Python's random (the default seeds
 * of unseeded initializers, SeedGenerators and layers, drawn in Keras' order, so a model built
 * after the same call starts from Keras' weights), the global SeedGenerator of unseeded
 * keras.random draws (made anew) and TensorFlow's (`tf.random.setSeed`). The seed must lie in
 * [0, 2³² - 1], as NumPy's seeding requires.
 *
 * @example
 * ```ts
 * tf.keras.utils.setRandomSeed(7);
 * const a = tf.random.uniform([2]).arraySync();
 * tf.keras.utils.setRandomSeed(7);
 * console.log(tf.random.uniform([2]).arraySync().join() === a.join()); // true
 * ```
 */
export function setRandomSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw valueError(`keras.utils.setRandomSeed: Expected \`seed\` argument to be an integer. Received: seed=${describe(seed)}`);
  if (seed < 0 || seed > 0xffffffff) throw valueError(`keras.utils.setRandomSeed: Seed must be between 0 and 2**32 - 1. Received: seed=${seed}`);
  resetGlobalSeedGenerator();
  setSeed(seed); // also Python's random
}

/**
 * keras.utils.pack_x_y_sample_weight(x, y=None, sample_weight=None): the data in the layout
 * `fit` takes: `x` alone when there is no `y` (an array `x` is wrapped as `[x]`, Python's
 * `(x,)`, so that it is not read as `(x, y)`), else `[x, y]` or `[x, y, sampleWeight]`.
 *
 * @example
 * ```ts
 * const x = tf.ones([2, 3]), y = tf.zeros([2]);
 * console.log(tf.keras.utils.packXYSampleWeight(x) === x, tf.keras.utils.packXYSampleWeight(x, y).length); // true 2
 * ```
 */
export function packXYSampleWeight<X, Y = undefined, W = undefined>(x: X, y?: Y | null, sampleWeight?: W | null): X | [X] | [X, Y] | [X, Y, W] {
  if (y === undefined || y === null) return Array.isArray(x) ? [x] : x;
  if (sampleWeight === undefined || sampleWeight === null) return [x, y];
  return [x, y, sampleWeight];
}

/**
 * keras.utils.unpack_x_y_sample_weight(data): `[x, y, sampleWeight]` from data in `fit`'s layout
 * (`x`, `[x]`, `[x, y]` or `[x, y, sampleWeight]`), null for what is missing; a longer array is an
 * error, as in Keras.
 *
 * @example
 * ```ts
 * const [x, y, w] = tf.keras.utils.unpackXYSampleWeight([tf.ones([2, 3]), tf.zeros([2])]);
 * console.log(x!.shape, y!.shape, w); // [ 2, 3 ] [ 2 ] null
 * ```
 */
export function unpackXYSampleWeight<T = unknown>(data: T | readonly T[]): [T | null, T | null, T | null] {
  if (!Array.isArray(data)) return [data as T, null, null];
  const d = data as readonly T[];
  if (d.length === 1) return [d[0]!, null, null];
  if (d.length === 2) return [d[0]!, d[1]!, null];
  if (d.length === 3) return [d[0]!, d[1]!, d[2]!];
  throw new Error(`keras.utils.unpackXYSampleWeight: Data is expected to be in format \`x\`, \`(x,)\`, \`(x, y)\`, or \`(x, y, sample_weight)\`, found: ${describe(data)}`);
}
