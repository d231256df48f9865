// tf.sort, tf.argsort and tf.math.top_k. One primitive (argsort, stable, NaN above every number)
// gives the order; values are gathered with it, so gradients flow back through the gather to the
// entries that were picked.

import { callOp, normalizeAxis } from './call';
import { toTensor, zerosLike } from './creation';
import { describe } from './describe';
import { InvalidArgumentError, tfError } from './errors';
import { OP } from './generated/table';
import { cast, renamedCall, reshape, transpose, where } from './ops';
import { greater, greaterEqual, isFinite as finite, less, logicalAnd, reduceAll, reduceSum } from './generated/ops';
import { gather, slice } from './shape';
import type { Tensor, TensorLike } from './tensor';

/** The order of `sort` and `argsort`, as TensorFlow spells it. */
export type Direction = 'ASCENDING' | 'DESCENDING';

function checkDirection(direction: unknown, op: string): boolean {
  if (direction === 'ASCENDING') return false;
  if (direction === 'DESCENDING') return true;
  throw new Error(`${op}: direction must be 'ASCENDING' or 'DESCENDING', got ${describe(direction)}.`);
}

/** tf.argsort(values, axis = -1, direction = 'ASCENDING'): int32 indices that sort `values` along
 * `axis`. The sort is stable (TensorFlow's `stable=True`; equal values keep their order). */
export function argsort(values: TensorLike, axis = -1, direction: Direction = 'ASCENDING'): Tensor {
  const t = toTensor(values, undefined, 'argsort');
  const descending = checkDirection(direction, 'argsort');
  if (t.rank === 0) throw new Error('argsort: values must be at least 1-dimensional, got a scalar.');
  return callOp(OP.argsort, [t], [normalizeAxis(axis, t.rank, 'argsort'), descending ? 1 : 0], 'argsort');
}

/** tf.sort(values, axis = -1, direction = 'ASCENDING'). */
export function sort(values: TensorLike, axis = -1, direction: Direction = 'ASCENDING'): Tensor {
  const t = toTensor(values, undefined, 'sort');
  if (t.rank === 0) throw new Error('sort: values must be at least 1-dimensional, got a scalar.');
  const a = normalizeAxis(axis, t.rank, 'sort');
  return renamedCall('sort', () => {
    // Sort along the last axis (the order gathers there with every other dim as a batch dim).
    const last = t.rank - 1;
    const perm = Array.from({ length: t.rank }, (_, i) => (i === a ? last : i === last ? a : i));
    const moved = a === last ? t : transpose(t, perm);
    const sorted = gather(moved, argsort(moved, -1, direction), last, last);
    return a === last ? sorted : transpose(sorted, perm);
  });
}

/** tf.math.top_k(input, k = 1, sorted = true): the `k` largest entries of each lane of the last
 * axis and their int32 indices, largest first; among equal values the lower index comes first. */
export function topK(input: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  const t = toTensor(input, undefined, 'topK');
  if (t.rank === 0) throw new Error('topK: input must be at least 1-dimensional, got a scalar.');
  const n = t.shape[t.rank - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    const message = `topK: k must be an integer in [0, ${n}] (the size of the last dimension), got ${describe(k)}.`;
    throw Number.isInteger(k) ? tfError(InvalidArgumentError, message) : new Error(message);
  }
  if (typeof sorted !== 'boolean') throw new Error(`topK: sorted must be true or false, got ${describe(sorted)}.`);
  // (Unsorted results are allowed in any order by TensorFlow; sorted ones satisfy that too.)
  return renamedCall('topK', () => {
    const last = t.rank - 1;
    const order = argsort(t, -1, 'DESCENDING');
    const begin = new Array<number>(t.rank).fill(0);
    const size = t.shape.map((d, i) => (i === last ? k : d));
    const indices = slice(order, begin, size);
    return { values: gather(t, indices, last, last), indices };
  });
}

/**
 * tf.math.in_top_k(targets, predictions, k): for each row of `predictions` [batch, classes]
 * (float), whether the class `targets[i]` (int32) is among the `k` largest; as TensorFlow
 * computes it, classes tied with the k-th are all in, and a row with a non-finite prediction or
 * a target outside [0, classes) gives false. A bool [batch].
 */
export function inTopK(targets: TensorLike, predictions: TensorLike, k: number): Tensor {
  const op = 'inTopK';
  const p = toTensor(predictions, undefined, op);
  const t = toTensor(targets, 'int32', op);
  if (p.rank !== 2 || (p.dtype !== 'float32' && p.dtype !== 'float64')) {
    throw new Error(`${op}: predictions must be a float32 or float64 matrix [batch, classes], got a ${p.dtype} tensor of shape [${p.shape.join(', ')}].`);
  }
  if (t.dtype !== 'int32' || t.rank !== 1 || t.shape[0] !== p.shape[0]) {
    throw new Error(`${op}: targets must be int32 class ids, one per row of predictions ([${p.shape[0]}]), got a ${t.dtype} tensor of shape [${t.shape.join(', ')}].`);
  }
  if (typeof k !== 'number' || !Number.isSafeInteger(k)) throw new Error(`${op}: k must be an integer, got ${describe(k)}.`);
  const classes = p.shape[1]!;
  return renamedCall(op, () => {
    if (classes === 0) return cast(zerosLike(t), 'bool'); // every target is out of range
    const valid = logicalAnd(greaterEqual(t, 0), less(t, classes));
    const safe = where(valid, t, zerosLike(t));
    const own = reshape(gather(p, reshape(safe, [-1, 1]), 1, 1), [-1, 1]); // each row's target prediction
    const above = reduceSum(cast(greater(p, own), 'int32'), -1);
    return logicalAnd(logicalAnd(valid, reduceAll(finite(p), -1)), less(above, k));
  });
}

/**
 * tf.math.approx_max_k(operand, k, reduction_dimension = -1, recall_target = 0.95,
 * reduction_input_size_override = -1, aggregate_to_topk = true): `[values, indices]`, the `k`
 * largest entries along `reductionDimension`, largest first, and their int32 indices. TensorFlow
 * approximates them on TPUs; on CPUs the result is exact, as here (its eager kernel takes float32
 * along the last dimension, its XLA compilation any dimension and approx_min_k, with these
 * results and ties to the lower index; gradtape takes float64 too). `recallTarget` and the size
 * override only have their ranges checked.
 *
 * @example
 * ```ts
 * const [values, indices] = tf.math.approxMaxK(tf.constant([[1, 9, 3], [7, 2, 8]]), 2);
 * console.log(values.arraySync(), indices.arraySync()); // [ [ 9, 3 ], [ 8, 7 ] ] [ [ 1, 2 ], [ 2, 0 ] ]
 * ```
 */
export function approxMaxK(
  operand: TensorLike,
  k: number,
  reductionDimension = -1,
  recallTarget = 0.95,
  reductionInputSizeOverride = -1,
  aggregateToTopk = true,
): [Tensor, Tensor] {
  return approxTopK('math.approxMaxK', 'DESCENDING', operand, k, reductionDimension, recallTarget, reductionInputSizeOverride, aggregateToTopk);
}

/** tf.math.approx_min_k(operand, k, reduction_dimension = -1, recall_target = 0.95,
 * reduction_input_size_override = -1, aggregate_to_topk = true): `[values, indices]`, the `k`
 * smallest entries along `reductionDimension`, smallest first (exact, as on CPUs). */
export function approxMinK(
  operand: TensorLike,
  k: number,
  reductionDimension = -1,
  recallTarget = 0.95,
  reductionInputSizeOverride = -1,
  aggregateToTopk = true,
): [Tensor, Tensor] {
  return approxTopK('math.approxMinK', 'ASCENDING', operand, k, reductionDimension, recallTarget, reductionInputSizeOverride, aggregateToTopk);
}

function approxTopK(
  op: string,
  direction: Direction,
  operand: TensorLike,
  k: number,
  reductionDimension: number,
  recallTarget: number,
  sizeOverride: number,
  aggregateToTopk: boolean,
): [Tensor, Tensor] {
  const t = toTensor(operand, undefined, op);
  if (t.rank === 0) throw new Error(`${op}: operand must be at least 1-dimensional, got a scalar.`);
  // TensorFlow's ApproxTopK kernel takes floats only.
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`${op}: operand must be float32 or float64, got ${t.dtype}.`);
  const axis = normalizeAxis(reductionDimension, t.rank, op);
  const n = t.shape[axis]!;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    const message = `${op}: k must be an integer in [0, ${n}] (the size of dimension ${axis}), got ${describe(k)}.`;
    throw Number.isInteger(k) ? tfError(InvalidArgumentError, message) : new Error(message);
  }
  if (typeof recallTarget !== 'number' || !(recallTarget > 0 && recallTarget <= 1)) throw new Error(`${op}: recallTarget must be in (0, 1], got ${describe(recallTarget)}.`);
  if (!Number.isInteger(sizeOverride) || (sizeOverride !== -1 && sizeOverride < n)) {
    throw new Error(`${op}: reductionInputSizeOverride must be -1 or at least ${n} (the size of dimension ${axis}), got ${describe(sizeOverride)}.`);
  }
  if (typeof aggregateToTopk !== 'boolean') throw new Error(`${op}: aggregateToTopk must be true or false, got ${describe(aggregateToTopk)}.`);
  return renamedCall(op, () => {
    // Along the last axis, where the order gathers with every other dim as a batch dim.
    const last = t.rank - 1;
    const perm = Array.from({ length: t.rank }, (_, i) => (i === axis ? last : i === last ? axis : i));
    const moved = axis === last ? t : transpose(t, perm);
    const size = moved.shape.map((d, i) => (i === last ? k : d));
    const indices = slice(argsort(moved, -1, direction), new Array<number>(t.rank).fill(0), size);
    const values = gather(moved, indices, last, last);
    return axis === last ? [values, indices] : [transpose(values, perm), transpose(indices, perm)];
  });
}
