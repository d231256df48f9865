// keras.ops' NumPy array functions built from gradtape's ops (keras/src/backend/tensorflow/
// numpy.py): kron, isin, rot90, trapezoid, unique, diagflat, unravel_index, argpartition, and the
// bitwise ops with Keras' result_type.

import * as bitwise from './bitwise';
import { zerosLike } from './creation';
import { describe } from './describe';
import * as gen from './generated/ops';
import { invertPermutation } from './array-composites';
import { unsortedSegmentMin, uniqueCounted } from './indexing';
import { valueError } from './debugging';
import { cast, concat, reshape, transpose } from './ops';
import * as shp from './shape';
import { argsort } from './sorting';
import type { Tensor, TensorLike } from './tensor';
import { asTensor, diag, diff, flip, moveaxis, promote, toFloat } from './keras-ops-numpy';
import { integerArgument, typeError } from './keras-ops-math';

/**
 * keras.ops.kron(x1, x2): the Kronecker product: the lower-rank operand gets leading unit axes,
 * then entry (i, j) of the result along each axis is x1[i // n2]·x2[j mod n2].
 */
export function kron(x1: TensorLike, x2: TensorLike): Tensor {
  let [a, b] = promote('kron', [x1, x2]) as [Tensor, Tensor];
  const rank = Math.max(a.rank, b.rank);
  a = reshape(a, [...Array<number>(rank - a.rank).fill(1), ...a.shape]);
  b = reshape(b, [...Array<number>(rank - b.rank).fill(1), ...b.shape]);
  // a as [s0, 1, s1, 1, ...] times b as [1, t0, 1, t1, ...] holds a[i]·b[j] at [i0, j0, i1, j1, ...].
  const product = gen.mul(reshape(a, a.shape.flatMap((s) => [s, 1])), reshape(b, b.shape.flatMap((t) => [1, t])));
  return reshape(product, a.shape.map((s, i) => s * b.shape[i]!));
}

/** keras.ops.isin(x1, x2, assume_unique=False, invert=False): bool, true where an entry of x1 is among x2's (false there with invert). */
export function isin(x1: TensorLike, x2: TensorLike, _assumeUnique = false, invert = false): Tensor {
  const [a, b] = promote('isin', [x1, x2]) as [Tensor, Tensor];
  const found = a.size === 0 || b.size === 0
    ? zerosLike(a, 'bool')
    : reshape(gen.reduceAny(gen.equal(shp.expandDims(reshape(a, [-1]), 1), shp.expandDims(reshape(b, [-1]), 0)), 1), a.shape);
  return invert ? gen.logicalNot(found) : found;
}

/**
 * keras.ops.rot90(array, k=1, axes=(0, 1)): rotated k times by 90° in the plane of `axes`, from
 * the first axis toward the second (NumPy's rot90: k = 1 flips the second axis, then swaps them).
 */
export function rot90(array: TensorLike, k = 1, axes: readonly [number, number] = [0, 1]): Tensor {
  const op = 'rot90';
  const x = asTensor(array, op);
  if (x.rank < 2) throw new Error(`${op}: Input array must have at least 2 dimensions. Received: array.ndim=${x.rank}`);
  const [a0, a1] = axes.map((a) => (a < 0 ? a + x.rank : a)) as [number, number];
  if (axes.length !== 2 || a0 === a1) throw new Error(`${op}: Invalid axes: ${describe(axes)}. Axes must be a tuple of two different dimensions.`);
  const swap = (t: Tensor) => {
    const perm = Array.from({ length: t.rank }, (_, i) => i);
    perm[a0] = a1;
    perm[a1] = a0;
    return transpose(t, perm);
  };
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return x;
  if (turns === 2) return flip(flip(x, a0), a1);
  return turns === 1 ? swap(flip(x, a1)) : flip(swap(x), a1);
}

/**
 * keras.ops.trapezoid(y, x=None, dx=1.0, axis=-1): the integral of y along `axis` by the
 * trapezoidal rule, Σ (y[i] + y[i+1])/2 · Δ, Δ the spacing of `x` (or `dx`); in floats.
 */
export function trapezoid(y: TensorLike, x: TensorLike | null = null, dx = 1.0, axis = -1): Tensor {
  const op = 'trapezoid';
  const values = moveaxis(toFloat(y, op), axis, -1);
  const n = values.shape[values.rank - 1]!;
  const spacing = x === null ? dx : moveaxis(diff(cast(asTensor(x, op), values.dtype), 1, axis), axis, -1);
  const begin = Array<number>(values.rank).fill(0);
  const size = [...values.shape.slice(0, -1), n - 1];
  const left = shp.slice(values, begin, size);
  const right = shp.slice(values, [...begin.slice(0, -1), 1], size);
  return gen.reduceSum(gen.mul(gen.mul(gen.add(right, left), 0.5), spacing), -1);
}

/**
 * keras.ops.unique(x, sorted=True, return_index=False, return_inverse=False, return_counts=False,
 * axis=None, size=None, fill_value=None): the distinct entries of the flattened x (sorted, or in
 * order of first appearance), and as asked the index of each one's first occurrence, each entry's
 * index into them (in x's shape), and their counts; `size` truncates or pads them (padding with
 * `fill_value`, 0 by default). The result's length depends on the values: eager, or re-run at
 * every call of a tf.function.
 */
export function unique(
  x: TensorLike,
  sorted = true,
  returnIndex = false,
  returnInverse = false,
  returnCounts = false,
  axis: number | null = null,
  size: number | null = null,
  fillValue: number | null = null,
): Tensor | Tensor[] {
  const op = 'unique';
  if (axis !== null) throw new Error(`${op}: axis is not supported (only the flattened x, axis=None).`);
  const t = asTensor(x, op);
  const flat = reshape(t, [-1]);
  let { y, idx: inverse, count: counts } = uniqueCounted(flat, op);
  const distinct = y.shape[0]!;
  let index = unsortedSegmentMin(shp.range(0, flat.size, 1, 'int32'), inverse, distinct);
  if (sorted) {
    const order = argsort(y);
    y = shp.gather(y, order);
    index = shp.gather(index, order);
    counts = shp.gather(counts, order);
    inverse = shp.gather(invertPermutation(order), inverse);
  }
  if (size !== null) {
    const keep = Math.min(distinct, size);
    const padding = Math.max(0, size - distinct);
    const cut = (v: Tensor, fill: number) => shp.pad(shp.slice(v, [0], [keep]), [[0, padding]], 'CONSTANT', fill);
    y = cut(y, fillValue ?? 0);
    index = cut(index, 1);
    counts = cut(counts, 0);
  }
  const results = [y];
  if (returnIndex) results.push(index);
  if (returnInverse) results.push(reshape(inverse, t.shape));
  if (returnCounts) results.push(counts);
  return results.length > 1 ? results : y;
}

/** A bitwise op on its arguments promoted to one dtype (int32: the only one gradtape's bitwise ops take). */
const promoted = (name: string, f: (a: Tensor, b: Tensor) => Tensor) => (x: TensorLike, y: TensorLike): Tensor => {
  const [a, b] = promote(name, [x, y]) as [Tensor, Tensor];
  return f(a, b);
};

/** keras.ops.bitwise_and(x, y). */
export const bitwiseAnd = promoted('bitwiseAnd', bitwise.bitwiseAnd);
/** keras.ops.bitwise_or(x, y). */
export const bitwiseOr = promoted('bitwiseOr', bitwise.bitwiseOr);
/** keras.ops.bitwise_xor(x, y). */
export const bitwiseXor = promoted('bitwiseXor', bitwise.bitwiseXor);
/** keras.ops.bitwise_left_shift(x, y). */
export const leftShift = promoted('leftShift', bitwise.leftShift);
/** keras.ops.bitwise_right_shift(x, y): arithmetic (sign-filling) for int32. */
export const rightShift = promoted('rightShift', bitwise.rightShift);
/** keras.ops.bitwise_invert(x): ~x. */
export const invert = (x: TensorLike): Tensor => bitwise.invert(asTensor(x, 'bitwiseInvert'));

/** keras.ops.diagflat(x, k=0): the flattened x on the k-th diagonal of a square matrix (zeros elsewhere). */
export const diagflat = (x: TensorLike, k = 0): Tensor => diag(reshape(asTensor(x, 'diagflat'), [-1]), k);

/**
 * keras.ops.unravel_index(indices, shape): the coordinates in an array of `shape` of the entries
 * at the flat (row-major) `indices`: an array of one tensor per axis, each of indices' shape and
 * dtype. Out-of-range indices wrap as Python's % and // do (-1 is the last entry), as in Keras'
 * TensorFlow backend; for indices of any rank the coordinates are NumPy's (that backend divides by
 * the axes in the wrong order unless indices is 1-D, which its NumPy and JAX backends do not).
 */
export function unravelIndex(indices: TensorLike, shape: readonly (number | null)[]): Tensor[] {
  const op = 'unravelIndex';
  if (!Array.isArray(shape)) throw new Error(`${op}: shape must be an array of axis sizes, got ${describe(shape)}.`);
  if (shape.some((d) => d === null || d === undefined)) throw valueError(`${op}: \`shape\` argument cannot contain \`None\`. Received: shape=[${shape.map(String)}]`);
  if (!shape.every((d) => Number.isInteger(d) && (d as number) > 0)) throw new Error(`${op}: shape must hold positive integers, got [${shape.map(String)}].`);
  let rest = integerArgument(indices, op);
  if (rest.dtype === 'bool') throw typeError(`${op}: indices must be integers (or floats), got bool.`);
  const coords: Tensor[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] as number;
    coords.unshift(gen.mod(rest, d));
    rest = gen.floorDiv(rest, d);
  }
  return coords;
}

/**
 * keras.ops.argpartition(x, kth, axis=-1): int32 indices that partition x along `axis` (over the
 * flattened x when axis is null): first the kth + 1 smallest entries' in ascending order (ties by
 * position), then the others from the largest down, so that entry kth is in its sorted place with
 * nothing larger before it and nothing smaller after it. This is the order Keras' TensorFlow
 * backend gives (top_k of -x, then of the rest) where its answer is a partition: that backend
 * truncates float x to int32, and with negative entries, a negative kth or more than one axis it
 * can repeat indices; here floats are compared as floats and a negative kth counts from the end,
 * as NumPy's.
 */
export function argpartition(x: TensorLike, kth: number, axis: number | null = -1): Tensor {
  const op = 'argpartition';
  let t = asTensor(x, op);
  if (t.dtype === 'bool') t = cast(t, 'int32');
  if (axis === null || axis === undefined) [t, axis] = [reshape(t, [-1]), 0];
  if (t.rank === 0) throw new Error(`${op}: x must be at least 1-dimensional, got a scalar.`);
  if (!Number.isInteger(axis) || axis < -t.rank || axis >= t.rank) throw new Error(`${op}: axis ${describe(axis)} is out of range for a tensor of rank ${t.rank}.`);
  const a = axis < 0 ? axis + t.rank : axis;
  const last = t.rank - 1;
  const n = t.shape[a]!;
  if (!Number.isInteger(kth)) throw valueError(`${op}: kth must be an integer. Received: kth=${describe(kth)}`);
  if (kth < -n || kth >= n) throw valueError(`${op}: kth ${kth} is out of bounds for an axis of size ${n}.`);
  const k = kth < 0 ? kth + n : kth;
  const perm = t.shape.map((_, i) => (i === a ? last : i === last ? a : i));
  const moved = a === last ? t : transpose(t, perm);
  const lead = moved.shape.slice(0, -1);
  const begin = moved.shape.map(() => 0);
  const ascending = argsort(moved, -1);
  const bottom = shp.slice(ascending, begin, [...lead, k + 1]);
  // The rest: the entries not among the bottom k + 1, from the largest down (ties by position).
  const isBottom = cast(gen.lessEqual(argsort(ascending, -1), k), 'int32');
  const descending = argsort(moved, -1, 'DESCENDING');
  const restFirst = argsort(shp.gather(isBottom, descending, last, last), -1);
  const top = shp.slice(shp.gather(descending, restFirst, last, last), begin, [...lead, n - k - 1]);
  const out = concat([bottom, top], -1);
  return a === last ? out : transpose(out, perm);
}
