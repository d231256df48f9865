// keras.ops' order statistics and NaN-skipping reductions (keras/src/backend/tensorflow/numpy.py):
// quantile, percentile and median by sorting the reduced axes into one last axis and gathering
// (NumPy's methods 'linear' (default), 'lower', 'higher', 'nearest', 'midpoint'; a slice with a
// NaN gives NaN); the nan* reductions, which skip NaN entries; histogram and bincount.

import { fill, onesLike, toTensor, zerosLike } from './creation';
import { describe } from './describe';
import { isFloat } from './dtype';
import * as gen from './generated/ops';
import { bincount as tfBincount, booleanMask, searchsorted, valuesOf } from './indexing';
import { cast, reduceMean, reshape, transpose, where as tfWhere } from './ops';
import * as shp from './shape';
import { sort as tfSort } from './sorting';
import { Tensor, type TensorLike } from './tensor';
import { type AxisArg, asTensor, axesOf, boolAsInt, linspace, prod, resultType, takeAlongAxis, toFloat } from './keras-ops-numpy';

type QuantileMethod = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';

/** The quantile levels as JS numbers and their rank (0 for one level, 1 for a list). */
function levels(q: TensorLike, op: string): { qs: number[]; rank: number } {
  if (typeof q === 'number') return { qs: [q], rank: 0 };
  const t = q instanceof Tensor ? q : asTensor(q, op);
  if (t.rank > 1) throw new Error(`${op}: q must be a scalar or a vector, got shape [${t.shape.join(', ')}].`);
  return { qs: Array.from(t.dataSync() as ArrayLike<number>), rank: t.rank };
}

/** Half to even, as tf.round. */
const roundHalfEven = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** The entries of `t` along `axes` (all when null) as one last axis: [...other dims, reduced]. */
function slices(t: Tensor, axes: number[] | null): Tensor {
  if (axes === null) return reshape(t, [-1]);
  const others = Array.from({ length: t.rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const reduced = axes.reduce((n, a) => n * t.shape[a]!, 1);
  return reshape(transpose(t, [...others, ...axes]), [...others.map((i) => t.shape[i]!), reduced]);
}

/** Quantiles [...other dims, levels] of `t`'s slices laid out as Keras returns them: the levels'
 * axis first (or gone for one level of rank 0), the reduced axes kept as 1 with `keepdims`. */
function levelsFirst(values: Tensor, t: Tensor, axes: number[] | null, qRank: number, keepdims: boolean): Tensor {
  if (keepdims) {
    const kept = axes === null ? Array<number>(t.rank).fill(1) : Array.from({ length: t.rank }, (_, i) => (axes.includes(i) ? 1 : t.shape[i]!));
    values = reshape(values, [...kept, values.shape[values.rank - 1]!]);
  }
  if (qRank === 0) return reshape(values, values.shape.slice(0, -1));
  return values.rank < 2 ? values : transpose(values, [values.rank - 1, ...Array.from({ length: values.rank - 1 }, (_, i) => i)]);
}

/**
 * keras.ops.quantile(x, q, axis=None, method='linear', keepdims=False): the q-th quantiles (q in
 * [0, 1]) of the entries along `axis` (all when null); a list of q puts their axis first. In
 * 'linear', position p = (n - 1)·q between sorted neighbours lo = ⌈p⌉ - 1 and hi = lo + 1 gives
 * y[hi]·(1 - f) + y[lo]·f with f = hi - p, as Keras' TensorFlow backend computes it.
 */
export function quantile(x: TensorLike, q: TensorLike, axis: AxisArg = null, method: QuantileMethod = 'linear', keepdims = false): Tensor {
  const op = 'quantile';
  const t = toFloat(x, op);
  const { qs, rank: qRank } = levels(q, op);
  const axes = axesOf(axis)?.map((a) => (a < 0 ? a + t.rank : a)) ?? null;
  const y = slices(t, axes);
  const sorted = tfSort(y, -1);
  const n = y.shape[y.rank - 1]!;
  const clampIndex = (i: number) => Math.min(Math.max(i, 0), n - 1);
  const at = (indices: number[]) => shp.gather(sorted, indices, -1);
  const floatsOf = (vs: number[]) => toTensor(vs, 'float32', op);
  const position = qs.map((level) => (n - 1) * level);
  let values: Tensor;
  if (method === 'linear') {
    const lower = position.map((p) => Math.max(clampIndex(Math.ceil(p)) - 1, 0));
    const upper = lower.map((i) => Math.min(i + 1, n - 1));
    const fraction = upper.map((i, k) => Math.fround(i - position[k]!));
    const f = cast(floatsOf(fraction), sorted.dtype);
    const oneMinusF = cast(floatsOf(fraction.map((v) => Math.fround(1 - v))), sorted.dtype);
    values = gen.add(gen.mul(at(upper), oneMinusF), gen.mul(at(lower), f));
  } else if (method === 'lower' || method === 'higher' || method === 'nearest') {
    const pick = method === 'lower' ? Math.floor : method === 'higher' ? Math.ceil : roundHalfEven;
    values = at(position.map((p) => clampIndex(pick(p))));
  } else if (method === 'midpoint') {
    values = gen.mul(gen.add(at(position.map((p) => clampIndex(Math.floor(p)))), at(position.map((p) => clampIndex(Math.ceil(p))))), 0.5);
  } else {
    throw new Error(`${op}: method must be one of 'linear', 'lower', 'higher', 'nearest', 'midpoint', got ${describe(method)}.`);
  }
  // A slice holding a NaN has a NaN quantile (the sort would have moved the NaN to an end).
  const hasNaN = gen.reduceAny(gen.isNaN(y), -1, true);
  values = tfWhere(hasNaN, fill([], NaN, values.dtype), values);
  return levelsFirst(values, t, axes, qRank, keepdims);
}

/** keras.ops.percentile(x, q, axis=None, method='linear', keepdims=False): quantile at q / 100. */
export function percentile(x: TensorLike, q: TensorLike, axis: AxisArg = null, method: QuantileMethod = 'linear', keepdims = false): Tensor {
  const { qs, rank } = levels(q, 'percentile');
  const scaled = qs.map((v) => v / 100);
  return quantile(x, rank === 0 ? scaled[0]! : scaled, axis, method, keepdims);
}

/** keras.ops.median(x, axis=None, keepdims=False): quantile at 0.5. */
export const median = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => quantile(x, 0.5, axis, 'linear', keepdims);

/**
 * keras.ops.nanquantile(x, q, axis=None, method='linear', keepdims=False): `quantile` of each
 * slice's entries that are not NaN (NaN for a slice with none), laid out as quantile's. Keras'
 * TensorFlow backend maps a quantile over the slices' masked entries; here each slice's count n
 * of entries kept sets its positions (n - 1)·q, with the NaNs sorted last as +inf, so a compiled
 * function replays it without reading values. (For a rank-2 q Keras scrambles its result with a
 * full transpose; q is a scalar or a vector here, as in quantile.)
 */
export function nanquantile(x: TensorLike, q: TensorLike, axis: AxisArg = null, method: QuantileMethod = 'linear', keepdims = false): Tensor {
  const op = 'nanquantile';
  const t = toFloat(x, op);
  const { qs, rank: qRank } = levels(q, op);
  const axes = axesOf(axis)?.map((a) => (a < 0 ? a + t.rank : a)) ?? null;
  const y = slices(t, axes);
  const nan = gen.isNaN(y);
  const sorted = tfSort(tfWhere(nan, fill([], Infinity, y.dtype), y), -1);
  const count = gen.reduceSum(cast(gen.logicalNot(nan), 'float64'), -1, true); // n, [..., 1]
  const last = gen.maximum(gen.sub(count, 1), 0); // n - 1, and 0 for an all-NaN slice
  const position = gen.mul(gen.sub(count, 1), toTensor(qs, 'float64', op)); // [..., levels]
  const clampIndex = (i: Tensor) => gen.minimum(gen.maximum(i, 0), last);
  const at = (indices: Tensor) => takeAlongAxis(sorted, cast(indices, 'int32'), -1);
  let values: Tensor;
  if (method === 'linear') {
    const lower = gen.maximum(gen.sub(clampIndex(gen.ceil(position)), 1), 0);
    const upper = gen.minimum(gen.add(lower, 1), last);
    // The fraction and its complement in float32 first, as quantile's (Keras' cast of them).
    const fraction = cast(gen.sub(upper, position), 'float32');
    values = gen.add(gen.mul(at(upper), cast(gen.sub(1, fraction), y.dtype)), gen.mul(at(lower), cast(fraction, y.dtype)));
  } else if (method === 'lower' || method === 'higher' || method === 'nearest') {
    const pick = method === 'lower' ? gen.floor(position) : method === 'higher' ? gen.ceil(position) : gen.round(position);
    values = at(clampIndex(pick));
  } else if (method === 'midpoint') {
    values = gen.mul(gen.add(at(clampIndex(gen.floor(position))), at(clampIndex(gen.ceil(position)))), 0.5);
  } else {
    throw new Error(`${op}: method must be one of 'linear', 'lower', 'higher', 'nearest', 'midpoint', got ${describe(method)}.`);
  }
  values = tfWhere(gen.equal(count, 0), fill([], NaN, values.dtype), values);
  return levelsFirst(values, t, axes, qRank, keepdims);
}

/** keras.ops.nanpercentile(x, q, axis=None, method='linear', keepdims=False): nanquantile at q / 100. */
export function nanpercentile(x: TensorLike, q: TensorLike, axis: AxisArg = null, method: QuantileMethod = 'linear', keepdims = false): Tensor {
  const { qs, rank } = levels(q, 'nanpercentile');
  const scaled = qs.map((v) => v / 100);
  return nanquantile(x, rank === 0 ? scaled[0]! : scaled, axis, method, keepdims);
}

/** keras.ops.nanmedian(x, axis=None, keepdims=False): nanquantile at 0.5 (`x` itself for axis []). */
export function nanmedian(x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor {
  if (Array.isArray(axis) && axis.length === 0) return asTensor(x, 'nanmedian');
  return nanquantile(x, 0.5, axis, 'linear', keepdims);
}

/** `x` with its NaN entries replaced by `value` (ints and bools have none). */
const withoutNaN = (x: Tensor, value: number): Tensor => (isFloat(x.dtype) ? tfWhere(gen.isNaN(x), fill([], value, x.dtype), x) : x);

/** keras.ops.nansum(x, axis=None, keepdims=False): the sum of the non-NaN entries (bools count as int32). */
export const nansum = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor =>
  gen.reduceSum(withoutNaN(boolAsInt(x, 'nansum'), 0), axesOf(axis) ?? undefined, keepdims);

/** keras.ops.nanprod(x, axis=None, keepdims=False): the product of the non-NaN entries. */
export const nanprod = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => prod(withoutNaN(asTensor(x, 'nanprod'), 1), axis, keepdims);

/** The number of non-NaN entries along the axes, in `x`'s float dtype. */
const countValid = (x: Tensor, axis: AxisArg, keepdims: boolean): Tensor => gen.reduceSum(cast(gen.logicalNot(gen.isNaN(x)), x.dtype), axesOf(axis) ?? undefined, keepdims);

/** keras.ops.nanmean(x, axis=None, keepdims=False): the mean of the non-NaN entries (ints give floats). */
export function nanmean(x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor {
  const t = asTensor(x, 'nanmean');
  if (!isFloat(t.dtype)) return reduceMean(cast(t, 'float32'), axesOf(axis) ?? undefined, keepdims);
  return gen.div(nansum(t, axis, keepdims), countValid(t, axis, keepdims));
}

/** keras.ops.nanvar(x, axis=None, keepdims=False): the population variance of the non-NaN entries. */
export function nanvar(x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor {
  const t = toFloat(x, 'nanvar');
  const valid = gen.logicalNot(gen.isNaN(t));
  const centered = tfWhere(valid, gen.sub(t, nanmean(t, axis, true)), zerosLike(t));
  return gen.div(gen.reduceSum(gen.square(centered), axesOf(axis) ?? undefined, keepdims), countValid(t, axis, keepdims));
}

/** keras.ops.nanstd(x, axis=None, keepdims=False): √nanvar. */
export const nanstd = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => gen.sqrt(nanvar(x, axis, keepdims));

/** keras.ops.nanmax and nanmin: NaN entries skipped, NaN where a slice is all NaN; bools reduce by any/all. */
const nanExtremum = (name: 'max' | 'min') => (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => {
  const t = asTensor(x, name === 'max' ? 'nanmax' : 'nanmin');
  const axes = axesOf(axis) ?? undefined;
  if (t.dtype === 'bool') return (name === 'max' ? gen.reduceAny : gen.reduceAll)(t, axes, keepdims);
  const reduce = name === 'max' ? gen.reduceMax : gen.reduceMin;
  if (!isFloat(t.dtype)) return reduce(t, axes, keepdims);
  const extreme = reduce(withoutNaN(t, name === 'max' ? -Infinity : Infinity), axes, keepdims);
  return tfWhere(gen.reduceAll(gen.isNaN(t), axes, keepdims), fill([], NaN, t.dtype), extreme);
};

/** keras.ops.nanmax(x, axis=None, keepdims=False). */
export const nanmax = nanExtremum('max');
/** keras.ops.nanmin(x, axis=None, keepdims=False). */
export const nanmin = nanExtremum('min');

/**
 * keras.ops.histogram(x, bins=10, range=None): [counts, bin edges] of the entries in [min, max]
 * (`range`, or x's extremes), `bins` equal bins, the last one closed; the counts in x's dtype.
 */
export function histogram(x: TensorLike, bins = 10, range: readonly [number, number] | null = null): [Tensor, Tensor] {
  const op = 'histogram';
  const t = reshape(asTensor(x, op), [-1]);
  const lo = range === null ? gen.reduceMin(t) : fill([], range[0], t.dtype);
  const hi = range === null ? gen.reduceMax(t) : fill([], range[1], t.dtype);
  const inside = booleanMask(t, gen.logicalAnd(gen.greaterEqual(t, lo), gen.lessEqual(t, hi)));
  const edges = cast(linspace(cast(lo, 'float32'), cast(hi, 'float32'), bins + 1) as Tensor, t.dtype);
  const bin = searchsorted(shp.slice(edges, [1], [bins - 1]), inside, 'right');
  const counts = shp.scatterNd(shp.expandDims(bin, -1), onesLike(inside), [bins]);
  return [counts, edges];
}

/**
 * keras.ops.bincount(x, weights=None, minlength=0, sparse=False): how often each value 0, 1, ...
 * occurs in the non-negative ints `x` (along the last axis: each row of a 2-D `x` counted
 * separately), or the sum of the `weights` at its entries (then in the result_type of x and the
 * weights).
 */
export function bincount(x: TensorLike, weights: TensorLike | null = null, minlength = 0, sparse = false): Tensor {
  const op = 'bincount';
  if (sparse) throw new Error(`${op}: sparse results are not supported.`);
  const ids = cast(asTensor(x, op), 'int32');
  const w = weights === null ? null : asTensor(weights, op);
  const dtype = w === null ? 'int32' : resultType([ids.dtype === 'int32' ? asTensor(x, op).dtype : 'int32', w.dtype]);
  const weightsFor = (t: Tensor | null) => (t === null ? null : isFloat(t.dtype) ? t : cast(t, 'int32'));
  if (ids.rank <= 1) return cast(tfBincount(ids, weightsFor(w), minlength), dtype);
  if (ids.rank !== 2) throw new Error(`${op}: x must have 1 or 2 dims, got shape [${ids.shape.join(', ')}].`);
  const length = Math.max(minlength, ids.size === 0 ? 0 : Math.max(...Array.from(valuesOf(ids, op))) + 1);
  const rows = shp.unstack(ids);
  const weightRows = w === null ? null : shp.unstack(w);
  return cast(shp.stack(rows.map((row, i) => tfBincount(row, weightsFor(weightRows?.[i] ?? null), length, length))), dtype);
}


