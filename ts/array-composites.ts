// TensorFlow functions composed of existing ops: elementwise forms (xdivy, xlog1py, the real
// parts of complex functions, truncated integer division, saturating casts), and array
// rearrangements (unravel_index, reverse_sequence, dynamic_partition / dynamic_stitch,
// histograms, diagonal tensors, broadcast shapes). Gradients come from the ops they are made of.

import { normalizeAxis } from './call';
import { makeConstant, onesLike, toTensor, zerosLike } from './creation';
import { describe } from './describe';
import { type DType, checkDType, isFloat } from './dtype';
import * as gen from './generated/ops';
import { booleanMask, bincount, valuesOf } from './indexing';
import { diag, diagPart } from './linalg';
import { tidy } from './memory';
import { composed } from './composite';
import { cast, concat, renamedCall, reshape, transpose, where } from './ops';
import { clipByValue } from './reductions';
import { gather, range, shape as shapeOf, slice, stack, identity, tensorScatterUpdate } from './shape';
import { Tensor, type TensorLike, valuesReadable } from './tensor';
import type { Variable } from './variable';
import { TraceSpoiler } from './wasm/runtime';

/** x and y as tensors of one dtype (a number or array takes the other operand's). */
function pair(x: TensorLike, y: TensorLike, op: string): [Tensor, Tensor] {
  const a = x instanceof Tensor ? x : toTensor(x, y instanceof Tensor ? y.dtype : undefined, op);
  const b = toTensor(y, a.dtype, op);
  if (b.dtype !== a.dtype) throw new Error(`${op}: x and y must have one dtype, got ${a.dtype} and ${b.dtype}; cast one with tf.cast.`);
  return [a, b];
}

function floatPair(x: TensorLike, y: TensorLike, op: string): [Tensor, Tensor] {
  const [a, b] = pair(x, y, op);
  if (!isFloat(a.dtype)) throw new Error(`${op}: x and y must be float32 or float64 tensors, got ${a.dtype}.`);
  return [a, b];
}

/**
 * tf.math.xdivy(x, y): x / y, and 0 where x is 0 (even where y is 0). Its gradients are 0 where
 * x is 0, as TensorFlow's.
 *
 * @example
 * ```ts
 * console.log(tf.math.xdivy([0, 6], [0, 3]).arraySync()); // [ 0, 2 ]
 * ```
 */
export function xdivy(x: TensorLike, y: TensorLike): Tensor {
  const op = 'math.xdivy';
  const [a, b] = floatPair(x, y, op);
  return composed(op, () => {
    const zero = gen.equal(a, 0);
    // y is replaced by 1 where x is 0, so neither the value nor its gradient divides by 0 there.
    return where(zero, zerosLike(a), gen.div(a, where(zero, onesLike(b), b)));
  });
}

/**
 * tf.math.xlog1py(x, y): x·log(1 + y), and 0 where x is 0 (even where y is -1). Its gradients
 * are 0 where x is 0, as TensorFlow's.
 *
 * @example
 * ```ts
 * console.log(tf.math.xlog1py([0, 2], [-1, 0]).arraySync()); // [ 0, 0 ]
 * ```
 */
export function xlog1py(x: TensorLike, y: TensorLike): Tensor {
  const op = 'math.xlog1py';
  const [a, b] = floatPair(x, y, op);
  return composed(op, () => {
    const zero = gen.equal(a, 0);
    // y is replaced by 0 where x is 0: log1p stays finite there, and so does its gradient.
    return where(zero, zerosLike(a), gen.mul(a, gen.log1p(where(zero, zerosLike(b), b))));
  });
}

function realInput(x: TensorLike, op: string): Tensor {
  const t = toTensor(x, undefined, op);
  if (t.dtype === 'bool') throw new Error(`${op}: input must be a numeric tensor, got bool.`);
  return t;
}

/** tf.math.real(input): the real part, which for gradtape's real dtypes is the input itself (complex dtypes are not supported). */
export function real(input: TensorLike): Tensor {
  return identity(realInput(input, 'math.real'));
}

/** tf.math.imag(input): the imaginary part, which for gradtape's real dtypes is zeros of the input's shape and dtype. */
export function imag(input: TensorLike): Tensor {
  return zerosLike(realInput(input, 'math.imag'));
}

/** tf.math.conj(x): the complex conjugate, which for real dtypes is the input itself, as in TensorFlow. */
export function conj(x: TensorLike): Tensor {
  return identity(realInput(x, 'math.conj'));
}

/**
 * tf.math.angle(input): the argument of each element; for real input π where it is negative and
 * 0 elsewhere (NaN included), as TensorFlow computes it.
 *
 * @example
 * ```ts
 * console.log(tf.math.angle([-2, 0, 3]).arraySync()); // [ 3.1415927410125732, 0, 0 ]
 * ```
 */
export function angle(input: TensorLike): Tensor {
  const op = 'math.angle';
  const t = realInput(input, op);
  if (!isFloat(t.dtype)) throw new Error(`${op}: input must be a float32 or float64 tensor, got ${t.dtype}.`);
  return tidy(() => where(gen.less(t, 0), gen.add(zerosLike(t), Math.PI), zerosLike(t)));
}

/**
 * tf.truncatediv(x, y): int32 division rounded toward zero (C's `/`), where floordiv rounds
 * down. TensorFlow registers it for integer types; a zero divisor is an error.
 *
 * @example
 * ```ts
 * console.log(tf.truncatediv(tf.constant([-7, 7], 'int32'), 2).arraySync()); // [ -3, 3 ]
 * ```
 */
export function truncatediv(x: TensorLike, y: TensorLike): Tensor {
  const op = 'truncatediv';
  const [a, b] = intPair(x, y, op);
  return composed(op, () => {
    const q = gen.floorDiv(a, b);
    // floor and truncation differ by one where the remainder is not 0 and the signs differ.
    const inexact = gen.logicalAnd(gen.notEqual(gen.mod(a, b), 0), gen.notEqual(gen.less(a, 0), gen.less(b, 0)));
    return where(inexact, gen.add(q, 1), q);
  });
}

/**
 * tf.truncatemod(x, y): the remainder of truncated division, with the sign of x (C's `%` and
 * `fmod`), where floormod's has the sign of y. int32 (a zero divisor is an error), float32 and
 * float64 (fmod: exact, NaN for a zero divisor), the dtypes TensorFlow's CPU kernel takes.
 *
 * @example
 * ```ts
 * console.log(tf.truncatemod(tf.constant([-7, 7], 'int32'), 2).arraySync()); // [ -1, 1 ]
 * console.log(tf.math.truncatemod([-7.5, 7.5], [2, -2]).arraySync()); // [ -1.5, 1.5 ]
 * ```
 */
export function truncatemod(x: TensorLike, y: TensorLike): Tensor {
  const op = 'truncatemod';
  const [a, b] = pair(x, y, op);
  if (isFloat(a.dtype)) {
    // fmod(x, y) = sign(x) · fmod(|x|, |y|), and on non-negative operands floormod is fmod, exactly.
    return composed(op, () => {
      const m = gen.mod(gen.abs(a), gen.abs(b));
      return where(gen.less(a, 0), gen.neg(m), m);
    });
  }
  intPair(a, b, op);
  return composed(op, () => gen.sub(a, gen.mul(truncatediv(a, b), b)));
}

function intPair(x: TensorLike, y: TensorLike, op: string): [Tensor, Tensor] {
  const a = x instanceof Tensor ? x : toTensor(x, y instanceof Tensor ? y.dtype : 'int32', op);
  const b = toTensor(y, a.dtype, op);
  if (a.dtype !== 'int32' || b.dtype !== 'int32') {
    throw new Error(`${op}: x and y must be int32 tensors (TensorFlow's kernel is for integers), got ${a.dtype} and ${b.dtype}; for floats use tf.div, tf.floormod or tf.truncatemod.`);
  }
  return [a, b];
}

/** tf.realdiv(x, y): x / y for float tensors (TensorFlow's RealDiv), elementwise with broadcasting. */
export function realdiv(x: TensorLike, y: TensorLike): Tensor {
  const op = 'realdiv';
  const [a, b] = floatPair(x, y, op);
  return renamedCall(op, () => gen.div(a, b));
}

/** The finite range of a dtype: values outside it are clamped by saturateCast. */
const DTYPE_RANGE: Record<DType, readonly [number, number]> = {
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
  // 2^31 - 1 is not a float32: float32 values are clamped to the largest float32 below 2^31.
  int32: [-2147483648, 2147483647],
  bool: [0, 1],
};

/**
 * tf.dtypes.saturate_cast(value, dtype): a cast that clamps values outside the range of `dtype`
 * to its limits first, instead of letting them overflow.
 *
 * @example
 * ```ts
 * console.log(tf.saturateCast(tf.constant([-1e10, 3.7, 1e10], 'float64'), 'int32').arraySync()); // [ -2147483648, 3, 2147483647 ]
 * ```
 */
export function saturateCast(value: TensorLike, dtype: DType): Tensor {
  const op = 'saturateCast';
  const t = toTensor(value, undefined, op);
  const range = DTYPE_RANGE[dtype];
  if (!range) throw new Error(`${op}: dtype must be 'float32', 'float64', 'int32' or 'bool', got ${describe(dtype)}.`);
  // TensorFlow's saturate_cast asks each dtype for its range, which bool has none of.
  if (dtype === 'bool' || t.dtype === 'bool') throw new TypeError(`${op}: Cannot find minimum value of <dtype: 'bool'> with type <dtype: 'bool'> (saturateCast takes no bool tensor and makes none; use tf.cast).`);
  let [low, high] = range;
  if (t.dtype === 'float32' && dtype === 'int32') [low, high] = [-2147483648, 2147483520];
  const [inLow, inHigh] = DTYPE_RANGE[t.dtype];
  if (low <= inLow && inHigh <= high) return cast(t, dtype); // nothing to clamp
  return composed(op, () => cast(clipByValue(t, Math.max(low, inLow), Math.min(high, inHigh)), dtype));
}

/** tf.identity_n(input): the identity of each tensor of a list. */
export function identityN(input: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(input)) throw new Error(`identityN: input must be an array of tensors, got ${describe(input)}.`);
  return input.map((t) => identity(t));
}

/** tf.shape_n(input): the shape of each tensor of a list, as int32 vectors. */
export function shapeN(input: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(input)) throw new Error(`shapeN: input must be an array of tensors, got ${describe(input)}.`);
  return input.map((t) => shapeOf(t));
}

/** Integers of a list argument given as an array or an int32 vector tensor. */
function intsOf(v: unknown, op: string, what: string): number[] {
  const values = v instanceof Tensor ? Array.from(valuesOf(v, op, TraceSpoiler.ValueShapes)) : v;
  if (!Array.isArray(values) || !values.every((d) => Number.isInteger(d))) {
    throw new Error(`${op}: ${what} must be an array of integers or an int32 tensor, got ${describe(v)}.`);
  }
  return values as number[];
}

/**
 * tf.unravel_index(indices, dims): the coordinates in an array of shape `dims` of flat
 * (row-major) indices, int32: `[dims.length]` for a scalar index, `[dims.length, n]` for n of
 * them. An index outside the array is an error.
 *
 * @example
 * ```ts
 * console.log(tf.unravelIndex(tf.constant([1, 5, 4], 'int32'), [3, 3]).arraySync()); // [ [ 0, 1, 1 ], [ 1, 2, 1 ] ]
 * ```
 */
export function unravelIndex(indices: TensorLike, dims: readonly number[] | Tensor): Tensor {
  const op = 'unravelIndex';
  const idx = toTensor(indices, 'int32', op);
  if (idx.dtype !== 'int32' || idx.rank > 1) throw new Error(`${op}: indices must be an int32 scalar or vector, got a ${idx.dtype} tensor of shape [${idx.shape.join(', ')}].`);
  const d = intsOf(dims, op, 'dims');
  if (d.some((n) => n < 0)) throw new Error(`${op}: dims must not be negative, got [${d.join(', ')}].`);
  const size = d.reduce((a, b) => a * b, 1);
  const values = valuesOf(idx, op, TraceSpoiler.HostEffect);
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0 || values[i]! >= size) throw new Error(`${op}: index ${values[i]} is out of bounds for dims [${d.join(', ')}] (${size} entries).`);
  }
  return composed(op, () => {
    const strides = d.map((_, k) => d.slice(k + 1).reduce((a, b) => a * b, 1));
    return stack(d.map((n, k) => gen.mod(gen.floorDiv(idx, strides[k]!), n)));
  });
}

/**
 * tf.reverse_sequence(input, seq_lengths, seq_axis, batch_axis=0): for each index b along
 * `batchAxis`, the first `seqLengths[b]` entries along `seqAxis` reversed, the rest as they are.
 *
 * @example
 * ```ts
 * const x = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]]);
 * console.log(tf.reverseSequence(x, [3, 1], 1).arraySync()); // [ [ 3, 2, 1, 4 ], [ 5, 6, 7, 8 ] ]
 * ```
 */
export function reverseSequence(input: TensorLike, seqLengths: TensorLike, seqAxis: number, batchAxis = 0): Tensor {
  const op = 'reverseSequence';
  const x = toTensor(input, undefined, op);
  const s = normalizeAxis(seqAxis, x.rank, op);
  const b = normalizeAxis(batchAxis, x.rank, op);
  if (s === b) throw new Error(`${op}: seqAxis and batchAxis must differ, got ${seqAxis} and ${batchAxis}.`);
  const lengths = toTensor(seqLengths, 'int32', op);
  if (lengths.dtype !== 'int32' || lengths.rank !== 1 || lengths.shape[0] !== x.shape[b]) {
    throw new Error(`${op}: seqLengths must be an int32 vector of ${x.shape[b]} lengths (the size of the batch axis), got a ${lengths.dtype} tensor of shape [${lengths.shape.join(', ')}].`);
  }
  const n = x.shape[s]!;
  const values = valuesOf(lengths, op, TraceSpoiler.HostEffect);
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0 || values[i]! > n) throw new Error(`${op}: seqLengths[${i}] = ${values[i]} is not in [0, ${n}] (the size of the sequence axis).`);
  }
  return composed(op, () => {
    // Source position of each [batch, position]: len - 1 - i inside the prefix, i after it.
    const position = range(0, n, 1, 'int32');
    const len = reshape(lengths, [-1, 1]);
    const source = where(gen.less(position, len), gen.sub(gen.sub(len, 1), position), gen.add(gen.mul(len, 0), position));
    // Batch axis first, then the sequence axis: one gather along axis 1 with one batch dim.
    const rest = x.shape.map((_, k) => k).filter((k) => k !== b && k !== s);
    const perm = [b, s, ...rest];
    const moved = transpose(x, perm);
    const out = gather(moved, source, 1, 1);
    const inverse = perm.map((_, k) => perm.indexOf(k));
    return transpose(out, inverse);
  });
}

/**
 * tf.histogram_fixed_width_bins(values, value_range, nbins=100): the bin (int32) of each value,
 * nbins equal bins spanning value_range = [low, high]; values below fall in bin 0, above in the
 * last bin.
 */
export function histogramFixedWidthBins(values: TensorLike, valueRange: TensorLike, nbins = 100, dtype: DType = 'int32'): Tensor {
  const op = 'histogramFixedWidthBins';
  const [v, r] = histogramArguments(values, valueRange, nbins, dtype, op);
  return composed(op, () => {
    const [low, high] = [reshape(slice(r, [0], [1]), []), reshape(slice(r, [1], [1]), [])];
    const scaled = gen.div(gen.sub(v, low), gen.sub(high, low));
    return cast(clipByValue(gen.floor(gen.mul(scaled, nbins)), 0, nbins - 1), 'int32');
  });
}

/**
 * tf.histogram_fixed_width(values, value_range, nbins=100): how many values fall in each of
 * nbins equal bins spanning value_range = [low, high] (values outside count in the first or last
 * bin), int32.
 *
 * @example
 * ```ts
 * console.log(tf.histogramFixedWidth([-1, 0, 1.5, 2, 5, 15], [0, 5], 5).arraySync()); // [ 2, 1, 1, 0, 2 ]
 * ```
 */
export function histogramFixedWidth(values: TensorLike, valueRange: TensorLike, nbins = 100, dtype: DType = 'int32'): Tensor {
  const op = 'histogramFixedWidth';
  histogramArguments(values, valueRange, nbins, dtype, op);
  return composed(op, () => bincount(histogramFixedWidthBins(values, valueRange, nbins), null, nbins, nbins));
}

function histogramArguments(values: TensorLike, valueRange: TensorLike, nbins: number, dtype: DType, op: string): [Tensor, Tensor] {
  const v = toTensor(values, undefined, op);
  if (v.dtype === 'bool') throw new Error(`${op}: values must be numeric, got bool.`);
  const r = toTensor(valueRange, v.dtype, op);
  if (r.rank !== 1 || r.shape[0] !== 2 || r.dtype !== v.dtype) {
    throw new Error(`${op}: valueRange must be [low, high] of the values' dtype, got a ${r.dtype} tensor of shape [${r.shape.join(', ')}].`);
  }
  if (!Number.isInteger(nbins) || nbins < 1) throw new Error(`${op}: nbins must be a positive integer, got ${describe(nbins)}.`);
  if (dtype !== 'int32') throw new Error(`${op}: dtype must be 'int32' (gradtape has no int64), got ${describe(dtype)}.`);
  // TensorFlow scales in the values' dtype (int32 values by true division, in float64 here).
  const scaled = (t: Tensor) => (isFloat(t.dtype) ? t : cast(t, 'float64'));
  return [scaled(v), scaled(r)];
}

/**
 * tf.dynamic_partition(data, partitions, num_partitions): splits `data` into `numPartitions`
 * tensors: output i holds the entries (rows, for a `partitions` of lower rank) whose partition
 * is i, in order.
 *
 * @example
 * ```ts
 * const [even, odd] = tf.dynamicPartition([10, 20, 30, 40, 50], tf.constant([0, 1, 0, 1, 0], 'int32'), 2);
 * console.log(even.arraySync(), odd.arraySync()); // [ 10, 30, 50 ] [ 20, 40 ]
 * ```
 */
export function dynamicPartition(data: TensorLike, partitions: TensorLike, numPartitions: number): Tensor[] {
  const op = 'dynamicPartition';
  const x = toTensor(data, undefined, op);
  const p = toTensor(partitions, 'int32', op);
  if (p.dtype !== 'int32') throw new Error(`${op}: partitions must be int32, got ${p.dtype}.`);
  if (p.rank > x.rank || p.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`${op}: the shape of partitions [${p.shape.join(', ')}] must be a prefix of the shape of data [${x.shape.join(', ')}].`);
  }
  if (!Number.isInteger(numPartitions) || numPartitions < 1) throw new Error(`${op}: numPartitions must be a positive integer, got ${describe(numPartitions)}.`);
  const values = valuesOf(p, op, TraceSpoiler.ValueShapes);
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0 || values[i]! >= numPartitions) throw new Error(`${op}: partitions[${i}] = ${values[i]} is not in [0, ${numPartitions}).`);
  }
  return renamedCall(op, () =>
    Array.from({ length: numPartitions }, (_, k) =>
      tidy(() => {
        const rows = reshape(x, [p.size, ...x.shape.slice(p.rank)]);
        return booleanMask(rows, gen.equal(reshape(p, [-1]), k));
      }),
    ),
  );
}

/**
 * tf.dynamic_stitch(indices, data): interleaves the entries of the `data` tensors into one:
 * `merged[indices[m][i]] = data[m][i]`, a later entry winning where indices repeat. merged has
 * max(indices) + 1 rows, and rows no index names are 0.
 *
 * @example
 * ```ts
 * const merged = tf.dynamicStitch([tf.constant([0, 2], 'int32'), tf.constant([1, 3], 'int32')], [[10, 30], [20, 40]]);
 * console.log(merged.arraySync()); // [ 10, 20, 30, 40 ]
 * ```
 */
export function dynamicStitch(indices: readonly TensorLike[], data: readonly TensorLike[]): Tensor {
  const op = 'dynamicStitch';
  if (!Array.isArray(indices) || !Array.isArray(data) || indices.length !== data.length || indices.length === 0) {
    throw new Error(`${op}: indices and data must be arrays of one non-zero length, got ${describe(indices)} and ${describe(data)}.`);
  }
  const idx = indices.map((i) => toTensor(i, 'int32', op));
  const first = toTensor(data[0]!, undefined, op);
  const xs = data.map((d) => toTensor(d, first.dtype, op));
  const rowShape = first.shape.slice(idx[0]!.rank);
  idx.forEach((i, m) => {
    const x = xs[m]!;
    if (i.dtype !== 'int32') throw new Error(`${op}: indices[${m}] must be int32, got ${i.dtype}.`);
    const expected = [...i.shape, ...rowShape];
    if (x.dtype !== first.dtype || x.rank !== expected.length || x.shape.some((d, k) => d !== expected[k])) {
      throw new Error(`${op}: data[${m}] must have shape [${expected.join(', ')}] (indices[${m}]'s shape, then the rows') and dtype ${first.dtype}, got ${x.dtype} [${x.shape.join(', ')}].`);
    }
  });
  const flat = idx.flatMap((i) => Array.from(valuesOf(i, op, TraceSpoiler.ValueShapes)));
  if (flat.some((v) => v < 0)) throw new Error(`${op}: indices must not be negative, got ${flat.find((v) => v < 0)}.`);
  const size = flat.reduce((m, v) => Math.max(m, v + 1), 0);
  // Where an index repeats, the last entry wins: only it is scattered.
  const last = new Map<number, number>();
  flat.forEach((v, k) => last.set(v, k));
  const keep = [...last.values()].sort((a, b) => a - b);
  return composed(op, () => {
    const rows = concat(xs.map((x, m) => reshape(x, [idx[m]!.size, ...rowShape])));
    const chosen = gather(rows, toTensor(Int32Array.from(keep), 'int32', op));
    const at = reshape(toTensor(Int32Array.from(keep.map((k) => flat[k]!)), 'int32', op), [-1, 1]);
    return tensorScatterUpdate(zerosLike(gather(rows, toTensor(new Int32Array(size), 'int32', op))), at, chosen);
  });
}

/** tf.parallel_stack(values): tf.stack along a new first axis (TensorFlow's parallel copy is a detail of its runtime). */
export function parallelStack(values: readonly TensorLike[]): Tensor {
  return stack(values, 0);
}

/** NumPy's broadcast of two shapes, or null when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const out: number[] = [];
  for (let k = 1; k <= Math.max(a.length, b.length); k++) {
    const p = a[a.length - k] ?? 1;
    const q = b[b.length - k] ?? 1;
    if (p !== q && p !== 1 && q !== 1) return null;
    out.unshift(p === 1 ? q : p);
  }
  return out;
}

/**
 * tf.broadcast_static_shape(shape_x, shape_y): the broadcast of two shapes (arrays); an error
 * when they are incompatible.
 *
 * @example
 * ```ts
 * console.log(tf.broadcastStaticShape([2, 1, 3], [4, 1])); // [ 2, 4, 3 ]
 * ```
 */
export function broadcastStaticShape(shapeX: readonly number[], shapeY: readonly number[]): number[] {
  const op = 'broadcastStaticShape';
  const [a, b] = [intsOf(shapeX, op, 'shapeX'), intsOf(shapeY, op, 'shapeY')];
  const out = broadcastShapes(a, b);
  if (!out) throw new Error(`${op}: incompatible shapes: [${a.join(', ')}] and [${b.join(', ')}].`);
  return out;
}

/** tf.broadcast_dynamic_shape(shape_x, shape_y): the broadcast of two shapes given as int32 vectors (or arrays), as an int32 vector. */
export function broadcastDynamicShape(shapeX: TensorLike, shapeY: TensorLike): Tensor {
  const op = 'broadcastDynamicShape';
  const [a, b] = [intsOf(shapeX, op, 'shapeX'), intsOf(shapeY, op, 'shapeY')];
  const out = broadcastShapes(a, b);
  if (!out) throw new Error(`${op}: incompatible shapes: [${a.join(', ')}] and [${b.join(', ')}].`);
  return toTensor(Int32Array.from(out), 'int32', op);
}

/**
 * tf.math.invert_permutation(x): the inverse of a permutation of 0..n-1 given as an int32
 * vector: y[x[i]] = i. Anything else is an error.
 *
 * @example
 * ```ts
 * console.log(tf.math.invertPermutation(tf.constant([3, 4, 0, 2, 1], 'int32')).arraySync()); // [ 2, 4, 3, 0, 1 ]
 * ```
 */
export function invertPermutation(x: TensorLike): Tensor {
  const op = 'math.invertPermutation';
  const t = toTensor(x, 'int32', op);
  if (t.dtype !== 'int32' || t.rank !== 1) throw new Error(`${op}: x must be an int32 vector, got a ${t.dtype} tensor of shape [${t.shape.join(', ')}].`);
  const n = t.shape[0]!;
  const values = valuesOf(t, op, TraceSpoiler.HostEffect);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < 0 || v >= n || seen[v]) throw new Error(`${op}: x is not a permutation of 0..${n - 1}: ${v} at position ${i} ${v < 0 || v >= n ? 'is out of range' : 'appears twice'}.`);
    seen[v] = 1;
  }
  // The inverse as ops on x (a scatter of 0..n-1 to x), so a compiled function replays it.
  return composed(op, () => tensorScatterUpdate(zerosLike(t), reshape(t, [n, 1]), range(0, n, 1, 'int32')));
}

/**
 * tf.linalg.tensor_diag(diagonal): the tensor of rank 2k whose "diagonal" [i1..ik, i1..ik] is
 * `diagonal` (rank k), zeros elsewhere.
 *
 * @example
 * ```ts
 * console.log(tf.linalg.tensorDiag([1, 2]).arraySync()); // [ [ 1, 0 ], [ 0, 2 ] ]
 * ```
 */
export function tensorDiag(diagonal: TensorLike): Tensor {
  const op = 'linalg.tensorDiag';
  const d = toTensor(diagonal, undefined, op);
  if (d.rank === 0) throw new Error(`${op}: diagonal must have rank 1 or more, got a scalar.`);
  return composed(op, () => reshape(diag(reshape(d, [-1])), [...d.shape, ...d.shape]));
}

/**
 * tf.linalg.tensor_diag_part(input): the "diagonal" of a tensor of shape s ++ s (rank 2k):
 * out[i1..ik] = input[i1..ik, i1..ik].
 *
 * @example
 * ```ts
 * console.log(tf.linalg.tensorDiagPart([[1, 5], [7, 2]]).arraySync()); // [ 1, 2 ]
 * ```
 */
export function tensorDiagPart(input: TensorLike): Tensor {
  const op = 'linalg.tensorDiagPart';
  const t = toTensor(input, undefined, op);
  const k = t.rank / 2;
  const head = t.shape.slice(0, k);
  if (t.rank === 0 || !Number.isInteger(k) || head.some((d, i) => d !== t.shape[k + i])) {
    throw new Error(`${op}: input must have an even rank and a shape of the form s ++ s, got [${t.shape.join(', ')}].`);
  }
  const n = head.reduce((a, b) => a * b, 1);
  return composed(op, () => reshape(diagPart(reshape(t, [n, n])), head));
}

/** tf.get_static_value(tensor): the tensor's values as nested arrays when they are known now, or
 * null inside a compiled function's trace for values computed from its arguments. */
export function getStaticValue(tensor: TensorLike): unknown {
  if (!(tensor instanceof Tensor)) return tensor instanceof Object ? toTensor(tensor, undefined, 'getStaticValue').arraySync() : tensor;
  return valuesReadable(tensor) ? tensor.arraySync() : null;
}

/**
 * tf.convert_to_tensor(value, dtype=None, dtype_hint=None): a tensor as it is (an error if `dtype`
 * names another one, as in TensorFlow), a variable's current value as a tensor (TensorFlow reads
 * it: assigning the variable later does not change the result), or a new tensor from a number,
 * boolean, nested array or typed array, in `dtype` when given.
 *
 * `dtypeHint` is TensorFlow's soft preference, used when `dtype` is not given: a new tensor takes
 * it if its values convert to it (integers to int32, numbers to a float, booleans to bool), and
 * its own dtype otherwise; a tensor keeps its dtype.
 *
 * @example
 * ```ts
 * console.log(tf.convertToTensor([1, 2], 'float64').dtype);        // float64
 * console.log(tf.convertToTensor([1, 2], null, 'int32').dtype);    // int32
 * console.log(tf.convertToTensor([1.5, 2], null, 'int32').dtype);  // float32
 * ```
 */
export function convertToTensor(value: TensorLike, dtype?: DType | null, dtypeHint?: DType | null): Tensor {
  const op = 'convertToTensor';
  const wanted = dtype === null || dtype === undefined ? undefined : checkDType(dtype, op);
  if (value instanceof Tensor) {
    if (wanted !== undefined && wanted !== value.dtype) {
      throw new Error(`${op}: Tensor conversion requested dtype ${wanted} for a Tensor with dtype ${value.dtype}; use tf.cast to change it.`);
    }
    return value._isVar ? (value as Variable).value() : value;
  }
  if (wanted === undefined && dtypeHint !== null && dtypeHint !== undefined) {
    const hint = checkDType(dtypeHint, op);
    // TensorFlow converts booleans only to bool and numbers never to it; 1.5 to int32 fails too,
    // and then the hint is dropped, as TensorFlow drops it.
    if (holdsBooleans(value) === (hint === 'bool')) {
      try {
        return makeConstant(value, hint, op);
      } catch {
        // not convertible to the hint: the value's own dtype below
      }
    }
  }
  return makeConstant(value, wanted, op);
}

/** Whether a JS value is booleans (its first leaf is one, or a Uint8Array, gradtape's bool array). */
function holdsBooleans(value: TensorLike): boolean {
  if (value instanceof Uint8Array) return true;
  let leaf: unknown = value;
  while (Array.isArray(leaf)) leaf = leaf[0];
  return typeof leaf === 'boolean';
}
