// Ops driven by the values of index and mask tensors: tf.where's one-argument form,
// tf.boolean_mask, tf.unique, tf.searchsorted, tf.math.bincount, the segment reductions,
// tensor_scatter_nd_add/sub, tf.sequence_mask and tf.math.confusion_matrix. Their result shapes
// depend on those values (or TensorFlow checks them before it computes), so the values are read
// in JavaScript; the data itself goes through gather and scatterNd, whose gradient rules the tapes
// know, so masked, segmented and scattered data are differentiable. (In a tf.function, reading
// values computed from the arguments makes the function run as written at every call.)

import { describe } from './describe';
import { isFloat, allocHost, type DType } from './dtype';
import { composed, sameShape, shapeText } from './composite';
import { normalizeAxis } from './call';
import { fill, toTensor, zerosLike } from './creation';
import { add, div, equal, less, logicalAnd, maximum, minimum, mul, reduceProd, sqrt, sub } from './generated/ops';
import { cast, concat, renamedCall, reshape, transpose, where } from './ops';
import { gather, gatherNd, range, scatterNd, stack, tensorScatterUpdate } from './shape';
import { argsort } from './sorting';
import { customGradient } from './autodiff';
import { type Tensor, type TensorLike, checkLive, fromHost, valuesReadable } from './tensor';
import { TraceSpoiler, spoilTrace } from './wasm/runtime';

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** The values of an index or mask tensor (or of a condition, `reason` Branch). When a compiled
 * function's trace computed them from its arguments, what follows depends on values a replay
 * cannot see: the trace is spoilt, and the function runs as written at every call (TensorFlow's
 * graphs have dynamic shapes and control flow instead). */
export function valuesOf(t: Tensor, op: string, reason: TraceSpoiler = TraceSpoiler.ValueShapes): ArrayLike<number> {
  checkLive(t, op);
  if (!valuesReadable(t)) spoilTrace(reason);
  return t.dataSync() as ArrayLike<number>;
}

/** Row-major coordinates of the `count` flat positions `at` in `shape`, as int32 [count, rank]. */
function coordinates(at: readonly number[], shape: readonly number[]): Tensor {
  const rank = shape.length;
  const out = allocHost('int32', at.length * rank);
  for (let i = 0; i < at.length; i++) {
    let rest = at[i]!;
    for (let d = rank - 1; d >= 0; d--) {
      out[i * rank + d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
  }
  return fromHost(out, [at.length, rank], 'int32');
}

/** The flat positions of the true (non-zero; NaN counts as true) entries of `values`. */
function truePositions(values: ArrayLike<number>): number[] {
  const at: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) at.push(i);
  return at;
}

/**
 * tf.where(condition) with one argument: the coordinates of the true entries of `condition` (of
 * the non-zero entries of a numeric one), one row each in row-major order, as int32
 * `[numTrue, rank]` (TensorFlow's is int64, which gradtape does not have).
 *
 * @example
 * ```ts
 * console.log(tf.where([[true, false], [false, true]]).arraySync()); // [ [ 0, 0 ], [ 1, 1 ] ]
 * ```
 */
export function whereIndices(condition: TensorLike): Tensor {
  const c = toTensor(condition, undefined, 'where');
  return coordinates(truePositions(valuesOf(c, 'where')), c.shape);
}

/**
 * tf.boolean_mask(tensor, mask, axis = 0): the entries (slices) of `tensor` where the bool `mask`
 * is true. The mask's shape must equal `tensor.shape[axis : axis + mask.rank]`, and those
 * dimensions become one of the number of true entries. Differentiable with respect to `tensor`.
 *
 * @example
 * ```ts
 * const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
 * console.log(tf.booleanMask(x, [true, false, true]).arraySync()); // [ [ 1, 2 ], [ 5, 6 ] ]
 * ```
 */
export function booleanMask(tensor: TensorLike, mask: TensorLike, axis = 0): Tensor {
  const op = 'booleanMask';
  const t = toTensor(tensor, undefined, op);
  const m = toTensor(mask, 'bool', op);
  if (m.dtype !== 'bool') throw new Error(`${op}: mask must be a bool tensor, got ${m.dtype}; compare first, e.g. tf.greater(x, 0).`);
  if (m.rank === 0) throw new Error(`${op}: mask cannot be scalar.`);
  const ax = normalizeAxis(axis, t.rank, op);
  const masked = t.shape.slice(ax, ax + m.rank);
  if (!sameShape(masked, m.shape)) {
    throw new Error(
      `${op}: the mask's shape ${shapeText(m.shape)} must equal dimensions ${ax} to ${ax + m.rank - 1} of the tensor's shape ${shapeText(t.shape)}.`,
    );
  }
  const at = truePositions(valuesOf(m, op));
  return renamedCall(op, () => {
    const flat = reshape(t, [...t.shape.slice(0, ax), product(masked), ...t.shape.slice(ax + m.rank)]);
    return gather(flat, fromHost(Int32Array.from(at), [at.length], 'int32'), ax);
  });
}

/** Integer values of an int32 tensor (or array) of indices. */
function intValues(x: TensorLike, op: string, what: string): { t: Tensor; values: Int32Array } {
  const t = toTensor(x, 'int32', op);
  if (t.dtype !== 'int32') throw new Error(`${op}: ${what} must be int32, got ${t.dtype}.`);
  return { t, values: valuesOf(t, op) as Int32Array };
}

function checkCount(n: unknown, op: string, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`${op}: ${what} must be a non-negative integer, got ${describe(n)}.`);
  return n;
}

type SegmentReduction = 'sum' | 'mean' | 'sqrtN';

/** A segment reduction's data and ids, checked as TensorFlow checks them: the ids' values, the
 * positions they keep (negative ids drop their slice), and the slice shape. */
function segmentPlan(op: string, data: TensorLike, segmentIds: TensorLike, numSegments: number) {
  const d = toTensor(data, undefined, op);
  const { t: ids, values } = intValues(segmentIds, op, 'segmentIds');
  if (!sameShape(d.shape.slice(0, ids.rank), ids.shape)) {
    throw new Error(`${op}: data.shape = ${shapeText(d.shape)} does not start with segmentIds.shape = ${shapeText(ids.shape)}.`);
  }
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const s = values[i]!;
    if (s < 0) continue; // TensorFlow drops the slices of negative ids
    if (s >= numSegments) throw new Error(`${op}: segmentIds[${i}] = ${s} is out of range [0, ${numSegments}).`);
    kept.push(i);
  }
  return { d, ids, values, kept, tail: d.shape.slice(ids.rank) };
}

/** The kept slices of `x` as rows `[kept, ...tail]`, and their segment ids as int32 `[kept]`. */
function keptRows(x: Tensor, values: Int32Array, kept: number[], tail: number[]): { rows: Tensor; segments: Tensor } {
  let rows = reshape(x, [values.length, ...tail]);
  if (kept.length < values.length) rows = gather(rows, fromHost(Int32Array.from(kept), [kept.length], 'int32'), 0);
  return { rows, segments: fromHost(Int32Array.from(kept, (i) => values[i]!), [kept.length], 'int32') };
}

/** Σ (or mean, or Σ / √count) of the slices of `data` in each segment; negative ids drop their slice. */
function segmentReduce(op: string, data: TensorLike, segmentIds: TensorLike, numSegments: number, reduction: SegmentReduction): Tensor {
  const { d, values, kept, tail } = segmentPlan(op, data, segmentIds, numSegments);
  if (reduction !== 'sum' && !isFloat(d.dtype)) {
    throw new Error(`${op}: data must be a float32 or float64 tensor, got ${d.dtype}; cast it first, e.g. tf.cast(data, 'float32').`);
  }
  return renamedCall(op, () => {
    const { rows, segments } = keptRows(d, values, kept, tail);
    const at = reshape(segments, [kept.length, 1]);
    const sums = scatterNd(at, rows, [numSegments, ...tail]);
    if (reduction === 'sum') return sums;
    // Empty segments: 0 / max(0, 1) = 0, as TensorFlow's max(count, 1).
    const counts = scatterNd(at, fill([kept.length], 1, d.dtype), [numSegments]);
    const divisor = reshape(maximum(counts, 1), [numSegments, ...tail.map(() => 1)]);
    return sums.div(reduction === 'mean' ? divisor : sqrt(divisor));
  });
}

/**
 * tf.math.unsorted_segment_sum(data, segmentIds, numSegments): `out[s] = Σ data[i]` over the `i`
 * with `segmentIds[i] = s`. `segmentIds` (int32) has the shape of `data`'s leading dimensions,
 * which it replaces by `numSegments`; a negative id drops its entry, an empty segment is 0.
 *
 * @example
 * ```ts
 * console.log(tf.math.unsortedSegmentSum([1, 2, 3, 4], [0, 2, 0, -1], 3).arraySync()); // [ 4, 0, 2 ]
 * ```
 */
export function unsortedSegmentSum(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentReduce('unsortedSegmentSum', data, segmentIds, checkCount(numSegments, 'unsortedSegmentSum', 'numSegments'), 'sum');
}

/** tf.math.unsorted_segment_mean: unsortedSegmentSum divided by each segment's count (0 for an empty segment). */
export function unsortedSegmentMean(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentReduce('unsortedSegmentMean', data, segmentIds, checkCount(numSegments, 'unsortedSegmentMean', 'numSegments'), 'mean');
}

/** tf.math.unsorted_segment_sqrt_n: unsortedSegmentSum divided by the square root of each segment's count. */
export function unsortedSegmentSqrtN(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentReduce('unsortedSegmentSqrtN', data, segmentIds, checkCount(numSegments, 'unsortedSegmentSqrtN', 'numSegments'), 'sqrtN');
}

/** The segment count of sorted ids (the last id + 1), checked as TensorFlow checks them. */
function sortedSegments(segmentIds: TensorLike, op: string): number {
  const { t, values } = intValues(segmentIds, op, 'segmentIds');
  if (t.rank !== 1) throw new Error(`${op}: segmentIds should be a vector, got shape ${shapeText(t.shape)}.`);
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) throw new Error(`${op}: segment ids must be >= 0 (segmentIds[${i}] = ${values[i]}).`);
    if (i > 0 && values[i]! < values[i - 1]!) throw new Error(`${op}: segment ids are not increasing (segmentIds[${i}] = ${values[i]} after ${values[i - 1]}).`);
  }
  return values.length === 0 ? 0 : values[values.length - 1]! + 1;
}

/**
 * tf.math.segment_sum(data, segmentIds): the sums of the rows of `data` with equal ids, for sorted
 * int32 ids (one per row; the result has `lastId + 1` rows, 0 for an id that does not occur).
 *
 * @example
 * ```ts
 * console.log(tf.math.segmentSum([[1, 2], [3, 4], [5, 6]], [0, 0, 2]).arraySync()); // [ [ 4, 6 ], [ 0, 0 ], [ 5, 6 ] ]
 * ```
 */
export function segmentSum(data: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentReduce('segmentSum', data, segmentIds, sortedSegments(segmentIds, 'segmentSum'), 'sum');
}

/** tf.math.segment_mean: segmentSum divided by each segment's count (0 for an id that does not occur). */
export function segmentMean(data: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentReduce('segmentMean', data, segmentIds, sortedSegments(segmentIds, 'segmentMean'), 'mean');
}

/** The most negative (most positive) value of a dtype: TensorFlow's `numeric_limits<T>::lowest()`
 * (`max()`), what an empty segment's maximum (minimum) is. */
function limit(dtype: DType, lowest: boolean): number {
  const magnitude = dtype === 'float32' ? 3.4028234663852886e38 : dtype === 'float64' ? Number.MAX_VALUE : lowest ? 2147483648 : 2147483647;
  return lowest ? -magnitude : magnitude;
}

/**
 * The largest (smallest) entry of each segment's slices, entrywise; `empty` where a segment has
 * none. Computed in wasm (the entries sorted so the extreme is written last at its segment), so a
 * compiled function replays it; its gradient is TensorFlow's (_UnsortedSegmentMinOrMaxGrad): each
 * segment's upstream gradient shared evenly by the entries equal to its extreme.
 */
function segmentExtreme(op: string, data: TensorLike, segmentIds: TensorLike, numSegments: number, max: boolean, empty: number | null): Tensor {
  const { d, ids, values, kept, tail } = segmentPlan(op, data, segmentIds, numSegments);
  if (d.dtype === 'bool') throw new Error(`${op}: data must be numeric, got bool; cast it first, e.g. tf.cast(data, 'int32').`);
  const k = product(tail);
  const n = kept.length;
  const extremes = (x: Tensor): Tensor => {
    const { rows, segments } = keptRows(x, values, kept, tail);
    // Each column's entries sorted so its extreme comes last; tensorScatterUpdate keeps the last
    // update of an index.
    const columns = transpose(reshape(rows, [n, k]));
    const order = argsort(columns, -1, max ? 'ASCENDING' : 'DESCENDING');
    const sorted = gather(columns, order, { axis: 1, batchDims: 1 });
    const at = stack([gather(segments, order), fromHost(Int32Array.from({ length: k * n }, (_, i) => Math.floor(i / n)), [k, n], 'int32')], -1);
    const base = fill([numSegments, k], empty ?? limit(d.dtype, max), d.dtype);
    return reshape(tensorScatterUpdate(base, reshape(at, [k * n, 2]), reshape(sorted, [k * n])), [numSegments, ...tail]);
  };
  return renamedCall(op, () => {
    if (!isFloat(d.dtype)) return extremes(d);
    const clipped = fromHost(values.map((v) => Math.max(v, 0)), ids.shape.slice(), 'int32');
    const positive = fromHost(Uint8Array.from(values, (v) => (v >= 0 ? 1 : 0)), [...ids.shape, ...tail.map(() => 1)], 'bool');
    return customGradient((x: Tensor) => {
      const y = extremes(x);
      const rule = (dy: Tensor) => {
        const selected = logicalAnd(equal(x, gather(y, clipped)), positive);
        // (The ids were read and checked above: the counts from them, not from a second read.)
        const { rows, segments } = keptRows(cast(selected, d.dtype), values, kept, tail);
        const count = scatterNd(reshape(segments, [n, 1]), rows, [numSegments, ...tail]);
        const share = gather(dy.div(count), clipped);
        return where(selected, share, zerosLike(share));
      };
      return [y, rule];
    })(d);
  });
}

/**
 * tf.math.unsorted_segment_max(data, segmentIds, numSegments): the largest entry of each
 * segment's slices (entrywise), the dtype's lowest value for an empty segment; negative ids drop
 * their slice. The gradient is shared evenly among the entries equal to a segment's maximum.
 *
 * @example
 * ```ts
 * console.log(tf.math.unsortedSegmentMax([1, 5, 3, 4], [0, 0, 1, 1], 2).arraySync()); // [ 5, 4 ]
 * ```
 */
export function unsortedSegmentMax(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentExtreme('unsortedSegmentMax', data, segmentIds, checkCount(numSegments, 'unsortedSegmentMax', 'numSegments'), true, null);
}

/** tf.math.unsorted_segment_min: the smallest entry of each segment's slices, the dtype's largest value for an empty segment. */
export function unsortedSegmentMin(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentExtreme('unsortedSegmentMin', data, segmentIds, checkCount(numSegments, 'unsortedSegmentMin', 'numSegments'), false, null);
}

/** tf.math.segment_max(data, segmentIds): the largest entry of each segment of sorted ids (0 for an id that does not occur). */
export function segmentMax(data: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentExtreme('segmentMax', data, segmentIds, sortedSegments(segmentIds, 'segmentMax'), true, 0);
}

/** tf.math.segment_min(data, segmentIds): the smallest entry of each segment of sorted ids (0 for an id that does not occur). */
export function segmentMin(data: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentExtreme('segmentMin', data, segmentIds, sortedSegments(segmentIds, 'segmentMin'), false, 0);
}

/** The product of each segment's slices (1 for an empty segment): the slices gathered into a
 * `[numSegments, longest segment, ...tail]` block padded with ones (a row index past the data
 * picks a row of ones), then reduceProd over the segment axis, which multiplies in row order as
 * TensorFlow's kernel does. Its gradient, the product of a slice's segment partners, is
 * reduceProd's (exact with zeros, as TensorFlow's three-case rule). */
function segmentProduct(op: string, data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  const { d, values, kept, tail } = segmentPlan(op, data, segmentIds, numSegments);
  if (d.dtype === 'bool') throw new Error(`${op}: data must be numeric, got bool; cast it first, e.g. tf.cast(data, 'int32').`);
  const members: number[][] = Array.from({ length: numSegments }, () => []);
  for (const i of kept) members[values[i]!]!.push(i);
  const longest = members.reduce((m, list) => Math.max(m, list.length), 0);
  const n = values.length;
  // Row n (past the data) is the padding row of ones.
  const plan = Int32Array.from({ length: numSegments * longest }, (_, k) => members[Math.floor(k / longest)]![k % longest] ?? n);
  return composed(op, () => {
    const rows = reshape(d, [n, ...tail]);
    const padded = concat([rows, fill([1, ...tail], 1, d.dtype)]);
    const block = reshape(gather(padded, fromHost(plan, [plan.length], 'int32'), 0), [numSegments, longest, ...tail]);
    return reduceProd(block, 1);
  });
}

/**
 * tf.math.unsorted_segment_prod(data, segmentIds, numSegments): `out[s] = Π data[i]` over the `i`
 * with `segmentIds[i] = s`; a negative id drops its entry, an empty segment is 1.
 *
 * @example
 * ```ts
 * console.log(tf.math.unsortedSegmentProd([2, 3, 4, 5], [0, 2, 0, -1], 3).arraySync()); // [ 8, 1, 3 ]
 * ```
 */
export function unsortedSegmentProd(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  return segmentProduct('unsortedSegmentProd', data, segmentIds, checkCount(numSegments, 'unsortedSegmentProd', 'numSegments'));
}

/** tf.math.segment_prod(data, segmentIds): the product of each segment of sorted ids (1 for an id that does not occur). */
export function segmentProd(data: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentProduct('segmentProd', data, segmentIds, sortedSegments(segmentIds, 'segmentProd'));
}

/** `tensor ± scatterNd(indices, updates)`, with the dtype check of tensorScatterUpdate. */
function scatterArithmetic(op: string, tensor: TensorLike, indices: TensorLike, updates: TensorLike, subtract: boolean): Tensor {
  const t = toTensor(tensor, undefined, op);
  const u = toTensor(updates, t.dtype, op);
  if (u.dtype !== t.dtype) throw new Error(`${op}: updates are ${u.dtype} but tensor is ${t.dtype}; cast one of them, e.g. tf.cast(updates, '${t.dtype}').`);
  return renamedCall(op, () => {
    const scattered = scatterNd(indices, u, t.shape);
    return subtract ? sub(t, scattered) : add(t, scattered);
  });
}

/**
 * tf.tensor_scatter_nd_add(tensor, indices, updates): `tensor` with `updates` added to the slices
 * at int32 `indices` (repeated indices add up).
 *
 * @example
 * ```ts
 * console.log(tf.tensorScatterAdd([1, 1, 1, 1], [[1], [3], [1]], [10, 20, 30]).arraySync()); // [ 1, 41, 1, 21 ]
 * ```
 */
export function tensorScatterAdd(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return scatterArithmetic('tensorScatterAdd', tensor, indices, updates, false);
}

/** tf.tensor_scatter_nd_sub(tensor, indices, updates): `tensor` with `updates` subtracted at int32 `indices`. */
export function tensorScatterSub(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return scatterArithmetic('tensorScatterSub', tensor, indices, updates, true);
}

/** tensorScatterMax/Min: `tensor` with the slices at int32 `indices` replaced by the max (min) of
 * themselves and every update aimed at them, as an unsorted segment max over the slices; the
 * gradient is TensorFlow's `_TensorScatterMinOrMaxGrad` (ties share it equally). */
function scatterExtreme(op: string, tensor: TensorLike, indices: TensorLike, updates: TensorLike, max: boolean): Tensor {
  const t = toTensor(tensor, undefined, op);
  if (t.dtype === 'bool') throw new Error(`${op}: tensor must be numeric, got bool; cast it first, e.g. tf.cast(tensor, 'int32').`);
  const idx = toTensor(indices, 'int32', op);
  if (idx.dtype !== 'int32' || idx.rank < 1) throw new Error(`${op}: indices must be an int32 tensor of rank >= 1, got a ${idx.dtype} tensor of shape ${shapeText(idx.shape)}.`);
  const u = toTensor(updates, t.dtype, op);
  if (u.dtype !== t.dtype) throw new Error(`${op}: updates are ${u.dtype} but tensor is ${t.dtype}; cast one of them, e.g. tf.cast(updates, '${t.dtype}').`);
  const k = idx.shape[idx.rank - 1]!;
  if (k > t.rank) throw new Error(`${op}: the last dim of indices (${k}) is more than the rank of tensor ${shapeText(t.shape)}.`);
  const lead = idx.shape.slice(0, -1);
  const tail = t.shape.slice(k);
  const want = [...lead, ...tail];
  if (!sameShape(u.shape, want)) throw new Error(`${op}: updates must have shape ${shapeText(want)} (indices ${shapeText(idx.shape)}, tensor ${shapeText(t.shape)}), got ${shapeText(u.shape)}.`);
  const values = valuesOf(idx, op, TraceSpoiler.HostEffect);
  const n = product(lead);
  const slices = product(t.shape.slice(0, k));
  // Each index tuple as the row-major number of its slice; out of range is an error (as on CPU).
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let id = 0;
    for (let j = 0; j < k; j++) {
      const v = values[i * k + j]!;
      if (v < 0 || v >= t.shape[j]!) throw new Error(`${op}: indices[${i}] = [${Array.from({ length: k }, (_, c) => values[i * k + c]).join(', ')}] does not index into shape ${shapeText(t.shape)}.`);
      id = id * t.shape[j]! + v;
    }
    ids[i] = id;
  }
  const extreme = (x: Tensor, y: Tensor): Tensor => {
    const segments = fromHost(ids, [n], 'int32');
    const rows = (max ? unsortedSegmentMax : unsortedSegmentMin)(reshape(y, [n, ...tail]), segments, slices);
    const base = reshape(x, [slices, ...tail]);
    return reshape(max ? maximum(base, rows) : minimum(base, rows), t.shape);
  };
  return renamedCall(op, () => {
    if (!isFloat(t.dtype)) return extreme(t, u);
    return customGradient((x: Tensor, y: Tensor) => {
      const out = extreme(x, y);
      const rule = (dy: Tensor) => {
        const xIndicators = cast(equal(x, out), t.dtype);
        const yIndicators = cast(equal(y, gatherNd(out, idx)), t.dtype);
        // Every output entry equals x or one of its updates, so the count is >= 1.
        const indicators = add(xIndicators, scatterNd(idx, yIndicators, t.shape));
        return [div(mul(dy, xIndicators), indicators), mul(gatherNd(div(dy, indicators), idx), yIndicators)];
      };
      return [out, rule];
    })(t, u);
  });
}

/**
 * tf.tensor_scatter_nd_max(tensor, indices, updates): `tensor` with each slice at the int32 index
 * tuples of `indices` replaced by the largest of itself and the updates aimed at it (repeated
 * indices all count). float32, float64 and int32. The gradient is TensorFlow's: an output entry's
 * gradient is shared equally among the tensor entry and the updates equal to it.
 *
 * @example
 * ```ts
 * console.log(tf.tensorScatterNdMax([1, 5, 1, 1], [[1], [3], [3]], [2, 7, 4]).arraySync()); // [ 1, 5, 1, 7 ]
 * ```
 */
export function tensorScatterNdMax(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return scatterExtreme('tensorScatterNdMax', tensor, indices, updates, true);
}

/**
 * tf.tensor_scatter_nd_min(tensor, indices, updates): `tensor` with each slice at the int32 index
 * tuples of `indices` replaced by the smallest of itself and the updates aimed at it; the
 * gradient as in {@link tensorScatterNdMax}.
 *
 * @example
 * ```ts
 * console.log(tf.tensorScatterNdMin([[1, 5], [3, 3]], [[0, 1], [1, 0]], [2, 4]).arraySync()); // [ [ 1, 2 ], [ 3, 3 ] ]
 * ```
 */
export function tensorScatterNdMin(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return scatterExtreme('tensorScatterNdMin', tensor, indices, updates, false);
}

/**
 * tf.unique(x): the distinct values of the 1-D `x` in order of first appearance (`y`), and for each
 * entry of `x` the int32 index of its value in `y` (`idx`), so `gather(y, idx)` is `x`. Every NaN
 * is distinct, as in TensorFlow's hash table.
 *
 * @example
 * ```ts
 * const { y, idx } = tf.unique([1, 1, 2, 4, 4, 7]);
 * console.log(y.arraySync(), idx.arraySync()); // [ 1, 2, 4, 7 ] [ 0, 0, 1, 2, 2, 3 ]
 * ```
 */
export function unique(x: TensorLike, outIdx: 'int32' = 'int32'): { y: Tensor; idx: Tensor } {
  checkOutIdx(outIdx, 'unique');
  const { y, idx } = uniqueCounted(x, 'unique');
  return { y, idx };
}

/** tf.unique_with_counts(x, out_idx=tf.int32): `unique`'s `y` and `idx`, and how often each value of `y` occurs (int32 `count`). */
export function uniqueWithCounts(x: TensorLike, outIdx: 'int32' = 'int32'): { y: Tensor; idx: Tensor; count: Tensor } {
  checkOutIdx(outIdx, 'uniqueWithCounts');
  return uniqueCounted(x, 'uniqueWithCounts');
}

/** TensorFlow's out_idx: int32 (its default), or int64, which gradtape lacks. */
function checkOutIdx(outIdx: unknown, op: string): void {
  if (outIdx === 'int32' || outIdx === undefined || outIdx === null) return;
  const why = outIdx === 'int64' ? "gradtape has no int64 dtype; its indices are int32 (TensorFlow's default)" : "out_idx is 'int32' or 'int64'";
  throw new Error(`${op}: out_idx ${describe(outIdx)} is not supported: ${why}.`);
}

/** `uniqueWithCounts`, `op` naming the caller in errors (unique, keras.ops.unique). */
export function uniqueCounted(x: TensorLike, op: string): { y: Tensor; idx: Tensor; count: Tensor } {
  const t = toTensor(x, undefined, op);
  if (t.rank !== 1) throw new Error(`${op}: x must be a vector (1-D), got shape ${shapeText(t.shape)}.`);
  const values = valuesOf(t, op);
  const position = new Map<number, number>();
  const distinct: number[] = [];
  const counts: number[] = [];
  const idx = allocHost('int32', values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let at = Number.isNaN(v) ? undefined : position.get(v);
    if (at === undefined) {
      at = distinct.length;
      if (!Number.isNaN(v)) position.set(v, at);
      distinct.push(v);
      counts.push(0);
    }
    idx[i] = at;
    counts[at]!++;
  }
  const y = allocHost(t.dtype, distinct.length);
  y.set(distinct);
  return {
    y: fromHost(y, [distinct.length], t.dtype),
    idx: fromHost(idx, [values.length], 'int32'),
    count: fromHost(Int32Array.from(counts), [counts.length], 'int32'),
  };
}

/**
 * tf.searchsorted(sortedSequence, values, side = 'left'): for each value, the int32 index where
 * inserting it keeps its row of `sortedSequence` sorted: before equal entries (`'left'`) or after
 * them (`'right'`). `sortedSequence` is `[..., M]`, sorted along its last axis, and `values`
 * `[..., K]` with the same leading dimensions.
 *
 * @example
 * ```ts
 * console.log(tf.searchsorted([0, 3, 9, 10], [2, 3, 12]).arraySync()); // [ 1, 1, 4 ]
 * console.log(tf.searchsorted([0, 3, 9, 10], [2, 3, 12], 'right').arraySync()); // [ 1, 2, 4 ]
 * ```
 */
export function searchsorted(sortedSequence: TensorLike, values: TensorLike, side: 'left' | 'right' = 'left'): Tensor {
  const op = 'searchsorted';
  const s = toTensor(sortedSequence, undefined, op);
  const v = toTensor(values, s.dtype, op);
  if (side !== 'left' && side !== 'right') throw new Error(`${op}: side must be 'left' or 'right', got ${describe(side)}.`);
  if (s.rank === 0 || v.rank !== s.rank || !sameShape(s.shape.slice(0, -1), v.shape.slice(0, -1))) {
    throw new Error(
      `${op}: sortedSequence ${shapeText(s.shape)} and values ${shapeText(v.shape)} must have the same rank (at least 1) and leading dimensions.`,
    );
  }
  if (s.dtype !== v.dtype) throw new Error(`${op}: values are ${v.dtype} but sortedSequence is ${s.dtype}; cast one of them.`);
  const m = s.shape[s.rank - 1]!;
  const k = v.shape[v.rank - 1]!;
  const seq = valuesOf(s, op);
  const vals = valuesOf(v, op);
  const out = allocHost('int32', vals.length);
  for (let i = 0; i < vals.length; i++) {
    const row = Math.floor(i / Math.max(k, 1)) * m;
    const x = vals[i]!;
    // lower_bound (first entry not < x) or upper_bound (first entry > x), as TensorFlow's kernel.
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = seq[row + mid]!;
      if (side === 'left' ? e < x : !(x < e)) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return fromHost(out, v.shape.slice(), 'int32');
}

/**
 * tf.math.bincount(arr, weights, minlength, maxlength, dtype = 'int32'): how often each value
 * 0, 1, ... occurs in the non-negative int32 `arr` (all of it, flattened), or the sum of the
 * `weights` at its entries (then in the weights' dtype). The result has `max(arr) + 1` bins, at
 * least `minlength` and at most `maxlength` (larger values are left out).
 *
 * @example
 * ```ts
 * console.log(tf.math.bincount([1, 1, 3, 0]).arraySync());              // [ 1, 2, 0, 1 ]
 * console.log(tf.math.bincount([1, 1, 3], [0.5, 1, 2], 5).arraySync()); // [ 0, 1.5, 0, 2, 0 ]
 * ```
 */
export function bincount(arr: TensorLike, weights?: TensorLike | null, minlength?: number | null, maxlength?: number | null, dtype: DType = 'int32'): Tensor {
  const op = 'bincount';
  const { t, values } = intValues(arr, op, 'arr');
  let w: ArrayLike<number> | null = null;
  let outType = dtype;
  if (weights !== undefined && weights !== null) {
    const wt = toTensor(weights, undefined, op);
    if (!sameShape(wt.shape, t.shape)) throw new Error(`${op}: weights ${shapeText(wt.shape)} must have the shape of arr ${shapeText(t.shape)}.`);
    w = valuesOf(wt, op);
    outType = wt.dtype;
  }
  if (outType === 'bool') throw new Error(`${op}: the counts' dtype must be numeric, got bool.`);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) throw new Error(`${op}: Input arr must be non-negative! (arr has ${values[i]}.)`);
    size = Math.max(size, values[i]! + 1);
  }
  if (minlength !== undefined && minlength !== null) size = Math.max(size, checkCount(minlength, op, 'minlength'));
  if (maxlength !== undefined && maxlength !== null) size = Math.min(size, checkCount(maxlength, op, 'maxlength'));
  // (Summed in wasm: a huge minlength is a clear out-of-memory error, not a JavaScript array.)
  const inRange: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]! < size) inRange.push(i);
  const at = fromHost(Int32Array.from(inRange, (i) => values[i]!), [inRange.length, 1], 'int32');
  const amounts = allocHost(outType, inRange.length);
  for (let j = 0; j < inRange.length; j++) amounts[j] = w ? w[inRange[j]!]! : 1;
  return renamedCall(op, () => scatterNd(at, fromHost(amounts, [inRange.length], outType), [size]));
}

/**
 * tf.sequence_mask(lengths, maxlen, dtype = 'bool'): `mask[..., j] = j < lengths[...]`, of shape
 * `[...lengths.shape, maxlen]` (maxlen: the largest length when absent).
 *
 * @example
 * ```ts
 * console.log(tf.sequenceMask([1, 3], 4).arraySync()); // [ [ true, false, false, false ], [ true, true, true, false ] ]
 * ```
 */
export function sequenceMask(lengths: TensorLike, maxlen?: number | null, dtype: DType = 'bool'): Tensor {
  const op = 'sequenceMask';
  const { t, values } = intValues(lengths, op, 'lengths');
  let width = 0;
  if (maxlen === undefined || maxlen === null) for (const n of values) width = Math.max(width, n);
  else width = checkCount(maxlen, op, 'maxlen');
  return renamedCall(op, () => {
    const positions = range(0, width, 1, 'int32');
    const mask = less(positions, reshape(t, [...t.shape, 1]));
    return dtype === 'bool' ? mask : cast(mask, dtype);
  });
}

/**
 * tf.math.confusion_matrix(labels, predictions, numClasses, weights, dtype = 'int32'): entry
 * `[i, j]` counts (or sums the weights of) the examples of label `i` predicted as `j`. The
 * class count is the largest label or prediction + 1 when absent.
 *
 * @example
 * ```ts
 * console.log(tf.math.confusionMatrix([0, 1, 1], [1, 1, 0]).arraySync()); // [ [ 0, 1 ], [ 1, 1 ] ]
 * ```
 */
export function confusionMatrix(labels: TensorLike, predictions: TensorLike, numClasses?: number | null, weights?: TensorLike | null, dtype: DType = 'int32'): Tensor {
  const op = 'confusionMatrix';
  const l = intValues(labels, op, 'labels');
  const p = intValues(predictions, op, 'predictions');
  if (l.t.rank !== 1 || !sameShape(l.t.shape, p.t.shape)) {
    throw new Error(`${op}: labels ${shapeText(l.t.shape)} and predictions ${shapeText(p.t.shape)} must be vectors of one length.`);
  }
  let n = 0;
  for (const [name, v] of [['labels', l.values], ['predictions', p.values]] as const) {
    for (const x of v) {
      if (x < 0) throw new Error(`${op}: \`${name}\` contains negative values (${x}).`);
      n = Math.max(n, x + 1);
    }
  }
  if (numClasses !== undefined && numClasses !== null) {
    const given = checkCount(numClasses, op, 'numClasses');
    if (n > given) throw new Error(`${op}: \`labels\` and \`predictions\` must be less than numClasses (${given}), got ${n - 1}.`);
    n = given;
  }
  return renamedCall(op, () => {
    const w = weights === undefined || weights === null ? fill([l.values.length], 1, dtype) : cast(toTensor(weights, dtype, op), dtype);
    return scatterNd(stack([l.t, p.t], 1), w, [n, n]);
  });
}
