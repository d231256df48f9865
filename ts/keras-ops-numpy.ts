// The adapters behind tf.keras.ops (ts/keras-ops.ts): Keras 3's NumPy conventions (argument
// order, axis=None meaning "flattened" or "all axes", Keras' dtype promotion) over gradtape's own
// ops. Nothing here computes an op of its own: each function converts its arguments, calls the
// existing ops, and shapes the result as keras.ops does, so gradients come from those ops.

/** An axis argument of keras.ops: a number, a list of numbers, or null (all axes, or the flattened tensor). */
export type AxisArg = number | readonly number[] | null;
import { fill, onesLike, toTensor, zerosLike } from './creation';
import { describe } from './describe';
import { type DType, getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import { searchsorted, unsortedSegmentMax, unsortedSegmentMin, unsortedSegmentProd, unsortedSegmentSum, whereIndices } from './indexing';
import * as la from './linalg';
import { broadcastTo, cast, concat, matmul as tfMatmul, reduceMean, reshape as tfReshape, transpose as tfTranspose, where as tfWhere } from './ops';
import { clipByValue, reduceLogSumExp, reduceVariance } from './reductions';
import * as shp from './shape';
import { argsort as tfArgsort, sort as tfSort, topK as tfTopK } from './sorting';
import { Tensor, type TensorLike } from './tensor';

type Weak = 'weakInt' | 'weakFloat' | 'weakBool';
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
const BY_RANK: DType[] = ['bool', 'int32', 'float32', 'float64'];

/** An argument as a tensor: tensors as they are, arrays as tf.constant makes them (floatx, or bool). */
export const asTensor = (x: TensorLike, op: string): Tensor => (x instanceof Tensor ? (x._isVar ? toTensor(x, undefined, op) : x) : toTensor(x, undefined, op));

/** The Keras dtype class of an argument: a JS number is weak, as a Python scalar is (an integer
 * value counts as a Python int, so `2.0` is an int here: JavaScript cannot tell them apart). */
function kind(x: TensorLike, op: string): DType | Weak {
  if (x instanceof Tensor) return x.dtype;
  if (typeof x === 'number') return Number.isInteger(x) ? 'weakInt' : 'weakFloat';
  if (typeof x === 'boolean') return 'weakBool';
  return asTensor(x, op).dtype;
}

/**
 * keras.ops' result_type for gradtape's dtypes: bool < int32 < float32 < float64 among tensors;
 * a Python-like scalar only lifts the kind (an int to int32, a float to floatx) and never widens
 * a tensor's float dtype. `float` true adds Keras' `float` (divisions, means, transcendental ops).
 */
export function resultType(kinds: readonly (DType | Weak)[], float = false): DType {
  let strong = -1;
  let weak = -1;
  for (const k of kinds) {
    if (k === 'weakBool') weak = Math.max(weak, 0);
    else if (k === 'weakInt') weak = Math.max(weak, 1);
    else if (k === 'weakFloat') weak = Math.max(weak, 2);
    else strong = Math.max(strong, RANK[k]);
  }
  if (float) weak = Math.max(weak, 2);
  if (strong >= 2) return BY_RANK[strong]!;
  if (weak >= 2) return getFloatx();
  return BY_RANK[Math.max(strong, weak, 0)]!;
}

/** The arguments as tensors of their result_type (so the ops see one dtype). */
export function promote(op: string, xs: readonly TensorLike[], float = false): Tensor[] {
  const dtype = resultType(xs.map((x) => kind(x, op)), float);
  return xs.map((x) => {
    if (x instanceof Tensor) return x.dtype === dtype ? asTensor(x, op) : cast(x, dtype);
    const t = toTensor(x, typeof x === 'number' || typeof x === 'boolean' ? dtype : undefined, op);
    return t.dtype === dtype ? t : cast(t, dtype);
  });
}

/** One argument promoted with Keras' `float` (int and bool become floatx). */
export const toFloat = (x: TensorLike, op: string): Tensor => promote(op, [x], true)[0]!;
/** bool as int32 (NumPy sums and products count bools as integers); other dtypes unchanged. */
const boolAsInt = (x: TensorLike, op: string): Tensor => {
  const t = asTensor(x, op);
  return t.dtype === 'bool' ? cast(t, 'int32') : t;
};

/** An `axis` argument as a list of axes (null: all). */
const axesOf = (axis: AxisArg | undefined): number[] | null => (axis === undefined || axis === null ? null : typeof axis === 'number' ? [axis] : [...axis]);
const flat = (t: Tensor): Tensor => tfReshape(t, [-1]);
const norm = (axis: number, rank: number, op: string): number => {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new Error(`${op}: axis ${describe(axis)} is out of range for a tensor of rank ${rank}.`);
  return axis < 0 ? axis + rank : axis;
};

// ---- elementwise -----------------------------------------------------------------------------

/** A unary op computed in floats: int and bool arguments become floatx first (Keras' rule). */
export const floatUnary = (name: string, f: (x: Tensor) => Tensor) => (x: TensorLike): Tensor => f(toFloat(x, name));
/** A binary op on the arguments' result_type (`float` true: at least floatx). */
export const binary = (name: string, f: (a: Tensor, b: Tensor) => Tensor, float = false) => (x1: TensorLike, x2: TensorLike): Tensor => {
  const [a, b] = promote(name, [x1, x2], float);
  return f(a!, b!);
};
/** A comparison: the operands promoted to one dtype, a bool result. */
export const comparison = (name: string, f: (a: Tensor, b: Tensor) => Tensor) => (x1: TensorLike, x2: TensorLike): Tensor => {
  const [a, b] = promote(name, [x1, x2]);
  return a!.dtype === 'bool' ? f(cast(a!, 'int32'), cast(b!, 'int32')) : f(a!, b!);
};
/** A logical op: the operands as bool. */
export const logical = (f: (a: Tensor, b: Tensor) => Tensor) => (x1: TensorLike, x2: TensorLike): Tensor =>
  f(cast(asTensor(x1, 'logical'), 'bool'), cast(asTensor(x2, 'logical'), 'bool'));

/** keras.ops.abs: |x| (bool stays bool). */
export function abs(x: TensorLike): Tensor {
  const t = asTensor(x, 'abs');
  return t.dtype === 'bool' ? t : gen.abs(t);
}
/** keras.ops.negative: -x. */
export const negative = (x: TensorLike): Tensor => gen.neg(boolAsInt(x, 'negative'));
/** keras.ops.square: x² (bool as int32). */
export const square = (x: TensorLike): Tensor => gen.square(boolAsInt(x, 'square'));
/** keras.ops.sign: -1, 0 or 1 (bool as int32). */
export const sign = (x: TensorLike): Tensor => gen.sign(boolAsInt(x, 'sign'));
/** keras.ops.trunc: x rounded toward zero (ints unchanged). */
export function trunc(x: TensorLike): Tensor {
  const t = asTensor(x, 'trunc');
  return isFloat(t.dtype) ? gen.mul(gen.sign(t), gen.floor(gen.abs(t))) : t;
}
/** keras.ops.round(x, decimals=0): half to even at `decimals` digits (ints unchanged when decimals >= 0). */
export function round(x: TensorLike, decimals = 0): Tensor {
  const t = asTensor(x, 'round');
  if (!isFloat(t.dtype)) {
    if (decimals >= 0) return t;
    const f = 10 ** -decimals;
    return cast(gen.mul(gen.round(gen.div(cast(t, getFloatx()), f)), f), t.dtype);
  }
  if (decimals === 0) return gen.round(t);
  const f = 10 ** decimals;
  return gen.div(gen.round(gen.mul(t, f)), f);
}
/** keras.ops.clip(x, x_min, x_max): x limited to [x_min, x_max] (bool as int32). */
export function clip(x: TensorLike, xMin: TensorLike, xMax: TensorLike): Tensor {
  const t = boolAsInt(x, 'clip');
  return clipByValue(t, xMin, xMax);
}
/** keras.ops.floor_divide: ⌊x1 / x2⌋ in the operands' result_type. */
export const floorDivide = binary('floorDivide', (a, b) => (a.dtype === 'bool' ? gen.floorDiv(cast(a, 'int32'), cast(b, 'int32')) : gen.floorDiv(a, b)));
/** keras.ops.mod: the remainder with the divisor's sign. */
export const mod = binary('mod', (a, b) => (a.dtype === 'bool' ? gen.mod(cast(a, 'int32'), cast(b, 'int32')) : gen.mod(a, b)));
/** keras.ops.divide: true division, at least floatx. */
export const divide = binary('divide', (a, b) => gen.div(a, b), true);
/** keras.ops.power: x1 ** x2 in the operands' result_type. */
export const power = binary('power', (a, b) => (a.dtype === 'bool' ? gen.pow(cast(a, 'int32'), cast(b, 'int32')) : gen.pow(a, b)));
/** A binary op that treats bool as int32 and then returns the result_type. */
export const arithmetic = (name: string, f: (a: Tensor, b: Tensor) => Tensor) =>
  binary(name, (a, b) => (a.dtype === 'bool' ? cast(f(cast(a, 'int32'), cast(b, 'int32')), name === 'add' ? 'bool' : 'int32') : f(a, b)));
/** keras.ops.maximum / minimum: bool operands keep bool (logical or / and). */
export const extremum = (name: string, f: (a: Tensor, b: Tensor) => Tensor) =>
  binary(name, (a, b) => (a.dtype === 'bool' ? cast(f(cast(a, 'int32'), cast(b, 'int32')), 'bool') : f(a, b)));
/** keras.ops.hypot: √(x1² + x2²). */
export const hypot = binary('hypot', (a, b) => gen.sqrt(gen.add(gen.square(a), gen.square(b))), true);
/** keras.ops.logaddexp: log(exp(x1) + exp(x2)) = max + log1p(exp(-|x1 - x2|)). */
export const logaddexp = binary('logaddexp', (a, b) => gen.add(gen.maximum(a, b), gen.log1p(gen.exp(gen.neg(gen.abs(gen.sub(a, b)))))), true);
/** keras.ops.nan_to_num(x, nan=0, posinf=None, neginf=None): NaN and infinities replaced (by the dtype's largest values by default). */
export function nanToNum(x: TensorLike, nan = 0, posinf: number | null = null, neginf: number | null = null): Tensor {
  const t = asTensor(x, 'nanToNum');
  if (!isFloat(t.dtype)) return t;
  const big = t.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  let r = tfWhere(gen.isNaN(t), fill(t.shape, nan, t.dtype), t);
  r = tfWhere(gen.equal(r, Infinity), fill(t.shape, posinf ?? big, t.dtype), r);
  return tfWhere(gen.equal(r, -Infinity), fill(t.shape, neginf ?? -big, t.dtype), r);
}
/** keras.ops.logical_not(x): not x, as bool. */
export const logicalNot = (x: TensorLike): Tensor => gen.logicalNot(cast(asTensor(x, 'logicalNot'), 'bool'));
/** keras.ops.isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False): |x1 - x2| <= atol + rtol·|x2|. */
export function isclose(x1: TensorLike, x2: TensorLike, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
  const [a, b] = promote('isclose', [x1, x2]);
  if (!isFloat(a!.dtype)) return gen.equal(a!, b!);
  const close = gen.logicalOr(gen.equal(a!, b!), gen.lessEqual(gen.abs(gen.sub(a!, b!)), gen.add(gen.mul(gen.abs(b!), rtol), atol)));
  return equalNan ? gen.logicalOr(close, gen.logicalAnd(gen.isNaN(a!), gen.isNaN(b!))) : close;
}
/** keras.ops.allclose: every entry isclose, as a bool scalar tensor. */
export const allclose = (x1: TensorLike, x2: TensorLike, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor =>
  gen.reduceAll(isclose(x1, x2, rtol, atol, equalNan));

// ---- reductions --------------------------------------------------------------------------------

/** keras.ops.sum(x, axis=None, keepdims=False) (bool counts as int32). */
export const sum = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => gen.reduceSum(boolAsInt(x, 'sum'), axesOf(axis) ?? undefined, keepdims);
/** keras.ops.prod(x, axis=None, keepdims=False, dtype=None). */
export function prod(x: TensorLike, axis: AxisArg = null, keepdims = false, dtype: DType | null = null): Tensor {
  const t = boolAsInt(x, 'prod');
  return gen.reduceProd(dtype ? cast(t, dtype) : t, axesOf(axis) ?? undefined, keepdims);
}
/** keras.ops.mean(x, axis=None, keepdims=False): ints and bools averaged as floatx. */
export const mean = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => reduceMean(toFloat(x, 'mean'), axesOf(axis) ?? undefined, keepdims);
/** keras.ops.var: the population variance (NumPy's ddof=0), in floats. */
export const variance = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => reduceVariance(toFloat(x, 'var'), axesOf(axis) ?? undefined, keepdims);
/** keras.ops.std: the population standard deviation, in floats. */
export const std = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => gen.sqrt(variance(x, axis, keepdims));
/** keras.ops.max / min(x, axis=None, keepdims=False, initial=None): with `initial`, also compared with it. */
export const extremumReduction = (name: 'max' | 'min') => (x: TensorLike, axis: AxisArg = null, keepdims = false, initial: number | null = null): Tensor => {
  const t = asTensor(x, name);
  const work = t.dtype === 'bool' ? cast(t, 'int32') : t;
  let r = (name === 'max' ? gen.reduceMax : gen.reduceMin)(work, axesOf(axis) ?? undefined, keepdims);
  if (initial !== null && initial !== undefined) r = (name === 'max' ? gen.maximum : gen.minimum)(r, initial);
  return t.dtype === 'bool' ? cast(r, 'bool') : r;
};
/** keras.ops.all / any(x, axis=None, keepdims=False): the logical reduction of x as bool. */
export const logicalReduction = (name: 'all' | 'any') => (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor =>
  (name === 'all' ? gen.reduceAll : gen.reduceAny)(cast(asTensor(x, name), 'bool'), axesOf(axis) ?? undefined, keepdims);
/** keras.ops.logsumexp(x, axis=None, keepdims=False), in floats. */
export const logsumexp = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => reduceLogSumExp(toFloat(x, 'logsumexp'), axesOf(axis) ?? undefined, keepdims);
/** keras.ops.argmax / argmin(x, axis=None, keepdims=False): int32 indices (of the flattened x when axis is None). */
export const argReduction = (name: 'argmax' | 'argmin') => (x: TensorLike, axis: number | null = null, keepdims = false): Tensor => {
  const t = boolAsInt(x, name);
  const f = name === 'argmax' ? gen.argmax : gen.argmin;
  if (axis === null || axis === undefined) {
    const r = f(flat(t), 0);
    return keepdims ? tfReshape(r, t.shape.map(() => 1)) : r;
  }
  const r = f(t, axis);
  return keepdims ? shp.expandDims(r, norm(axis, t.rank, name)) : r;
};
/** keras.ops.cumsum / cumprod(x, axis=None, dtype=None): along `axis`, over the flattened x when it is None. */
export const cumulative = (name: 'cumsum' | 'cumprod') => (x: TensorLike, axis: number | null = null, dtype: DType | null = null): Tensor => {
  let t = boolAsInt(x, name);
  if (dtype) t = cast(t, dtype);
  if (axis === null || axis === undefined) return (name === 'cumsum' ? gen.cumsum : gen.cumprod)(flat(t), 0);
  return (name === 'cumsum' ? gen.cumsum : gen.cumprod)(t, axis);
};
/** keras.ops.count_nonzero(x, axis=None): int32 counts. */
export const countNonzero = (x: TensorLike, axis: AxisArg = null): Tensor => {
  const t = asTensor(x, 'countNonzero');
  return gen.reduceSum(cast(t.dtype === 'bool' ? t : gen.notEqual(t, 0), 'int32'), axesOf(axis) ?? undefined);
};
/** keras.ops.average(x, axis=None, weights=None): Σ w·x / Σ w over `axis`, in floats. */
export function average(x: TensorLike, axis: number | null = null, weights: TensorLike | null = null): Tensor {
  if (weights === null || weights === undefined) return mean(x, axis);
  const [t, w0] = promote('average', [x, weights], true);
  let w = w0!;
  if (axis !== null && axis !== undefined && w.rank === 1 && t!.rank > 1) {
    const a = norm(axis, t!.rank, 'average');
    w = tfReshape(w, t!.shape.map((d, i) => (i === a ? d : 1)));
  }
  const ax = axis === null || axis === undefined ? undefined : axis;
  return gen.div(gen.reduceSum(gen.mul(t!, w), ax), gen.reduceSum(gen.mul(onesLike(t!), w), ax));
}
/** keras.ops.ptp: max - min over `axis`. */
export const ptp = (x: TensorLike, axis: AxisArg = null, keepdims = false): Tensor => {
  const t = asTensor(x, 'ptp');
  return gen.sub(gen.reduceMax(t, axesOf(axis) ?? undefined, keepdims), gen.reduceMin(t, axesOf(axis) ?? undefined, keepdims));
};

// ---- shapes ------------------------------------------------------------------------------------

/** keras.ops.reshape(x, newshape) (-1 for one inferred dimension). */
export const reshape = (x: TensorLike, newshape: number | readonly number[]): Tensor => tfReshape(asTensor(x, 'reshape'), typeof newshape === 'number' ? [newshape] : newshape);
/** keras.ops.transpose(x, axes=None): axes reversed by default. */
export const transpose = (x: TensorLike, axes: readonly number[] | null = null): Tensor => tfTranspose(asTensor(x, 'transpose'), axes ?? undefined);
/** keras.ops.expand_dims(x, axis): a length-1 axis at each of `axis` (a number or a list). */
export function expandDims(x: TensorLike, axis: number | readonly number[]): Tensor {
  let t = asTensor(x, 'expandDims');
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = t.rank + list.length;
  for (const a of list.map((a) => norm(a, out, 'expandDims')).sort((p, q) => p - q)) t = shp.expandDims(t, a);
  return t;
}
/** keras.ops.squeeze(x, axis=None). */
export const squeeze = (x: TensorLike, axis: number | readonly number[] | null = null): Tensor => shp.squeeze(asTensor(x, 'squeeze'), axis);
/** keras.ops.concatenate(xs, axis=0): the tensors promoted to one dtype; axis None joins them flattened. */
export function concatenate(xs: readonly TensorLike[], axis: number | null = 0): Tensor {
  const ts = promote('concatenate', xs);
  return axis === null ? concat(ts.map(flat), 0) : concat(ts, axis);
}
/** keras.ops.stack(x, axis=0): the tensors promoted to one dtype. */
export const stack = (x: readonly TensorLike[], axis = 0): Tensor => shp.stack(promote('stack', x), axis);
/** keras.ops.unstack(x, num=None, axis=0). */
export function unstack(x: TensorLike, num: number | null = null, axis = 0): Tensor[] {
  const t = asTensor(x, 'unstack');
  if (num !== null && num !== undefined && t.shape[norm(axis, t.rank, 'unstack')] !== num) throw new Error(`unstack: num ${num} is not the length ${t.shape[norm(axis, t.rank, 'unstack')]} of axis ${axis}.`);
  return shp.unstack(t, axis);
}
/** NumPy's split points as section sizes. */
function sectionSizes(length: number, indicesOrSections: number | readonly number[], even: boolean, op: string): number[] {
  if (typeof indicesOrSections === 'number') {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0) throw new Error(`${op}: the number of sections must be a positive integer, got ${describe(k)}.`);
    if (even && length % k !== 0) throw new Error(`${op}: an axis of length ${length} does not split into ${k} equal sections.`);
    const base = Math.floor(length / k), extra = length % k;
    return Array.from({ length: k }, (_, i) => base + (i < extra ? 1 : 0));
  }
  const points = [0, ...indicesOrSections.map((i) => Math.min(Math.max(i < 0 ? i + length : i, 0), length)), length];
  return points.slice(1).map((p, i) => Math.max(p - points[i]!, 0));
}
/** keras.ops.split(x, indices_or_sections, axis=0): k equal sections, or pieces cut at the indices. */
export function split(x: TensorLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const t = asTensor(x, 'split');
  const a = norm(axis, t.rank, 'split');
  return splitSizes(t, sectionSizes(t.shape[a]!, indicesOrSections, true, 'split'), a);
}
/** keras.ops.array_split(x, indices_or_sections, axis=0): as split, sections may differ by one. */
export function arraySplit(x: TensorLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const t = asTensor(x, 'arraySplit');
  const a = norm(axis, t.rank, 'arraySplit');
  return splitSizes(t, sectionSizes(t.shape[a]!, indicesOrSections, false, 'arraySplit'), a);
}
function splitSizes(t: Tensor, sizes: number[], axis: number): Tensor[] {
  let start = 0;
  return sizes.map((n) => {
    const begin = t.shape.map((_, i) => (i === axis ? start : 0));
    const size = t.shape.map((d, i) => (i === axis ? n : d));
    start += n;
    return shp.slice(t, begin, size);
  });
}
/** keras.ops.tile(x, repeats): NumPy's tile (shorter `repeats` gets leading 1s, a longer one adds leading axes). */
export function tile(x: TensorLike, repeats: number | readonly number[]): Tensor {
  let t = asTensor(x, 'tile');
  let reps = typeof repeats === 'number' ? [repeats] : [...repeats];
  if (reps.length > t.rank) t = tfReshape(t, [...Array(reps.length - t.rank).fill(1), ...t.shape]);
  if (reps.length < t.rank) reps = [...Array(t.rank - reps.length).fill(1), ...reps];
  return shp.tile(t, reps);
}
/** keras.ops.pad(x, pad_width, mode='constant', constant_values=None): 'constant', 'reflect' or 'symmetric'. */
export function pad(x: TensorLike, padWidth: number | readonly number[] | readonly (readonly number[])[], mode = 'constant', constantValues: number | null = null): Tensor {
  const t = asTensor(x, 'pad');
  const modes: Record<string, 'CONSTANT' | 'REFLECT' | 'SYMMETRIC' | 'EDGE' | 'WRAP'> = { constant: 'CONSTANT', reflect: 'REFLECT', symmetric: 'SYMMETRIC', edge: 'EDGE', wrap: 'WRAP' };
  const m = modes[mode];
  if (!m) throw new Error(`pad: mode ${describe(mode)} is not supported (gradtape pads in modes 'constant', 'reflect', 'symmetric', 'edge' and 'wrap').`);
  if (m !== 'CONSTANT' && constantValues !== null && constantValues !== undefined) throw new Error(`pad: constant_values is only for mode 'constant', got mode ${describe(mode)}.`);
  let widths: number[][];
  if (typeof padWidth === 'number') widths = t.shape.map(() => [padWidth, padWidth]);
  else if (padWidth.length > 0 && typeof padWidth[0] === 'number') {
    const p = padWidth as readonly number[];
    widths = t.shape.map(() => (p.length === 1 ? [p[0]!, p[0]!] : [p[0]!, p[1]!]));
  } else {
    const p = padWidth as readonly (readonly number[])[];
    widths = p.length === 1 && t.rank > 1 ? t.shape.map(() => [p[0]![0]!, p[0]![1] ?? p[0]![0]!]) : p.map((w) => [w[0]!, w[1] ?? w[0]!]);
  }
  if (m === 'EDGE' || m === 'WRAP') {
    // Each axis gathered at its padded positions: clamped to the ends (edge) or taken modulo its length (wrap).
    let r = t;
    widths.forEach(([before, after], axis) => {
      const n = t.shape[axis]!;
      const positions = Array.from({ length: before! + n + after! }, (_, i) => i - before!);
      const picks = positions.map((p) => (m === 'EDGE' ? Math.min(Math.max(p, 0), n - 1) : ((p % n) + n) % n));
      r = shp.gather(r, toTensor(picks, 'int32', 'pad'), axis);
    });
    return r;
  }
  return shp.pad(t, widths, m, constantValues ?? 0);
}
/** keras.ops.flip(x, axis=None): reversed along `axis` (every axis when None). */
export const flip = (x: TensorLike, axis: AxisArg = null): Tensor => {
  const t = asTensor(x, 'flip');
  return shp.reverse(t, axesOf(axis) ?? t.shape.map((_, i) => i));
};
/** keras.ops.roll(x, shift, axis=None): over the flattened x when axis is None. */
export function roll(x: TensorLike, shift: number | readonly number[], axis: number | readonly number[] | null = null): Tensor {
  const t = asTensor(x, 'roll');
  if (axis === null || axis === undefined) return tfReshape(shp.roll(flat(t), shift, 0), t.shape);
  return shp.roll(t, shift, axis);
}
/** keras.ops.swapaxes(x, axis1, axis2). */
export function swapaxes(x: TensorLike, axis1: number, axis2: number): Tensor {
  const t = asTensor(x, 'swapaxes');
  const perm = t.shape.map((_, i) => i);
  const [a, b] = [norm(axis1, t.rank, 'swapaxes'), norm(axis2, t.rank, 'swapaxes')];
  [perm[a], perm[b]] = [perm[b]!, perm[a]!];
  return tfTranspose(t, perm);
}
/** keras.ops.moveaxis(x, source, destination). */
export function moveaxis(x: TensorLike, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const t = asTensor(x, 'moveaxis');
  const src = (typeof source === 'number' ? [source] : [...source]).map((a) => norm(a, t.rank, 'moveaxis'));
  const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) => norm(a, t.rank, 'moveaxis'));
  if (src.length !== dst.length) throw new Error('moveaxis: source and destination must have the same number of axes.');
  const rest = t.shape.map((_, i) => i).filter((i) => !src.includes(i));
  const perm: number[] = [];
  const pairs = dst.map((d, i) => [d, src[i]!] as const).sort((p, q) => p[0] - q[0]);
  let r = 0;
  for (let i = 0; i < t.rank; i++) {
    const hit = pairs.find((p) => p[0] === i);
    perm.push(hit ? hit[1] : rest[r++]!);
  }
  return tfTranspose(t, perm);
}
/** keras.ops.ravel(x): flattened. */
export const ravel = (x: TensorLike): Tensor => flat(asTensor(x, 'ravel'));
/** Indices as int32, negative ones counted from the end of an axis of length `n` (Keras' take does this). */
const wrapIndices = (indices: TensorLike, n: number, op: string): Tensor => {
  const i = asTensor(indices, op);
  const ints = i.dtype === 'int32' ? i : cast(i, 'int32');
  return tfWhere(gen.less(ints, 0), gen.add(ints, n), ints);
};
/** keras.ops.take(x, indices, axis=None): entries along `axis` (of the flattened x when None); negative indices count from the end. */
export function take(x: TensorLike, indices: TensorLike, axis: number | null = null): Tensor {
  let t = asTensor(x, 'take');
  if (axis === null || axis === undefined) {
    t = flat(t);
    axis = 0;
  }
  const a = norm(axis, t.rank, 'take');
  return shp.gather(t, wrapIndices(indices, t.shape[a]!, 'take'), a);
}
/** keras.ops.take_along_axis(x, indices, axis=None): x[..., indices[...], ...] along `axis`, the other axes broadcast (flattened when None). */
export function takeAlongAxis(x: TensorLike, indices: TensorLike, axis: number | null = null): Tensor {
  let t = asTensor(x, 'takeAlongAxis');
  let idx = asTensor(indices, 'takeAlongAxis');
  if (axis === null || axis === undefined) {
    t = flat(t);
    idx = flat(idx);
    axis = 0;
  }
  const a = norm(axis, t.rank, 'takeAlongAxis');
  if (idx.rank !== t.rank) throw new Error(`takeAlongAxis: indices must have the rank of x (${t.rank}), got rank ${idx.rank}.`);
  // Broadcast every axis but `axis`; then gather row by row: the other axes become batch axes.
  const outer = t.shape.map((d, i) => (i === a ? null : Math.max(d, idx.shape[i]!)));
  t = shp.tile(t, t.shape.map((d, i) => (i === a ? 1 : outer[i]! / d)));
  idx = shp.tile(idx, idx.shape.map((d, i) => (i === a ? 1 : outer[i]! / d)));
  idx = wrapIndices(idx, t.shape[a]!, 'takeAlongAxis');
  const toEnd = t.shape.map((_, i) => i).filter((i) => i !== a).concat([a]);
  const back = toEnd.map((_, i) => toEnd.indexOf(i));
  const moved = tfTranspose(t, toEnd), movedIdx = tfTranspose(idx, toEnd);
  const r = shp.gather(moved, movedIdx, { axis: -1, batchDims: t.rank - 1 });
  return tfTranspose(r, back);
}
/** keras.ops.where(condition, x1, x2): elementwise choice (x1 and x2 promoted); with the condition alone, the index arrays of its true entries, one per axis. */
export function where(condition: TensorLike, x1?: TensorLike | null, x2?: TensorLike | null): Tensor | Tensor[] {
  const c = cast(asTensor(condition, 'where'), 'bool');
  if ((x1 === undefined || x1 === null) && (x2 === undefined || x2 === null)) return nonzero(c);
  if (x1 === undefined || x1 === null || x2 === undefined || x2 === null) throw new Error('where: x1 and x2 must both be given or both be left out.');
  const [a, b] = promote('where', [x1, x2]);
  return tfWhere(c, a!, b!);
}
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => Math.max(...shapes.map((s) => s[s.length - n + i] ?? 1)));
}
const broadcast = (t: Tensor, shape: number[]): Tensor => (sameShape(t.shape, shape) ? t : broadcastTo(t, shape));
const broadcastBool = (c: Tensor, shape: number[]): Tensor => (sameShape(c.shape, shape) ? c : cast(broadcastTo(cast(c, 'int32'), shape), 'bool'));
/** keras.ops.nonzero(x): the index arrays of the nonzero entries, one int32 tensor per axis. */
export function nonzero(x: TensorLike): Tensor[] {
  const t = asTensor(x, 'nonzero');
  const coords = whereIndices(t.dtype === 'bool' ? t : gen.notEqual(t, 0));
  return t.shape.map((_, i) => tfReshape(shp.slice(coords, [0, i], [-1, 1]), [-1]));
}

// ---- matrices ----------------------------------------------------------------------------------

/** A [rows, cols] mask: cols - rows compared with k (`lower`: <= k, else >= k). */
function triangleMask(rows: number, cols: number, k: number, lower: boolean): Tensor {
  const d = gen.sub(tfReshape(shp.range(0, cols, 1, 'int32'), [1, cols]), tfReshape(shp.range(0, rows, 1, 'int32'), [rows, 1]));
  return lower ? gen.lessEqual(d, k) : gen.greaterEqual(d, k);
}
/** keras.ops.tril / triu(x, k=0): the entries on and below (above) the k-th diagonal, zeros elsewhere. */
export const triangle = (lower: boolean) => (x: TensorLike, k = 0): Tensor => {
  const t = asTensor(x, lower ? 'tril' : 'triu');
  const [r, c] = t.shape.slice(-2) as [number, number];
  const mask = triangleMask(r, c, k, lower);
  return tfWhere(broadcastBool(mask, t.shape), t, zerosLike(t));
};
/** keras.ops.tri(N, M=None, k=0, dtype=None): ones on and below the k-th diagonal. */
export const tri = (n: number, m: number | null = null, k = 0, dtype: DType | null = null): Tensor => cast(triangleMask(n, m ?? n, k, true), dtype ?? getFloatx());
/** keras.ops.eye(N, M=None, k=0, dtype=None): ones on the k-th diagonal. */
export function eye(n: number, m: number | null = null, k = 0, dtype: DType | null = null): Tensor {
  const cols = m ?? n;
  const d = gen.sub(tfReshape(shp.range(0, cols, 1, 'int32'), [1, cols]), tfReshape(shp.range(0, n, 1, 'int32'), [n, 1]));
  return cast(gen.equal(d, k), dtype ?? getFloatx());
}
/** keras.ops.identity(n, dtype=None): the n×n identity matrix. */
export const identity = (n: number, dtype: DType | null = null): Tensor => eye(n, null, 0, dtype);
/** keras.ops.diagonal(x, offset=0, axis1=0, axis2=1): the diagonal as the last axis. */
export function diagonal(x: TensorLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  let t = asTensor(x, 'diagonal');
  const [a, b] = [norm(axis1, t.rank, 'diagonal'), norm(axis2, t.rank, 'diagonal')];
  t = tfTranspose(t, [...t.shape.map((_, i) => i).filter((i) => i !== a && i !== b), a, b]);
  const [r, c] = t.shape.slice(-2) as [number, number];
  const rowStart = offset < 0 ? -offset : 0, colStart = offset > 0 ? offset : 0;
  const len = Math.max(0, Math.min(r - rowStart, c - colStart));
  const lead = t.shape.slice(0, -2);
  const square = shp.slice(t, [...lead.map(() => 0), rowStart, colStart], [...lead, len, len]);
  return la.diagPart(square);
}
/** keras.ops.diag(x, k=0): a 1-D x as a matrix with x on the k-th diagonal; a matrix's k-th diagonal. */
export function diag(x: TensorLike, k = 0): Tensor {
  const t = asTensor(x, 'diag');
  if (t.rank === 2) return diagonal(t, k);
  if (t.rank !== 1) throw new Error(`diag: x must be 1-D or 2-D, got rank ${t.rank}.`);
  const m = la.diag(t);
  const s = Math.abs(k);
  return k === 0 ? m : shp.pad(m, k > 0 ? [[0, s], [s, 0]] : [[s, 0], [0, s]]);
}
/** keras.ops.trace(x, offset=0, axis1=0, axis2=1): the sum of the diagonal. */
export const trace = (x: TensorLike, offset = 0, axis1 = 0, axis2 = 1): Tensor => gen.reduceSum(boolAsInt(diagonal(x, offset, axis1, axis2), 'trace'), -1);
/** keras.ops.matmul(x1, x2): NumPy's matmul (1-D operands as a row or column vector, dropped from the result). */
export function matmul(x1: TensorLike, x2: TensorLike): Tensor {
  const [a0, b0] = promote('matmul', [x1, x2]);
  let a = a0!, b = b0!;
  const aVec = a.rank === 1, bVec = b.rank === 1;
  if (aVec) a = tfReshape(a, [1, -1]);
  if (bVec) b = tfReshape(b, [-1, 1]);
  // Batch axes broadcast as in NumPy.
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  a = broadcast(a, [...batch, ...a.shape.slice(-2)]);
  b = broadcast(b, [...batch, ...b.shape.slice(-2)]);
  let r = a.dtype === 'bool' ? cast(tfMatmul(cast(a, 'int32'), cast(b, 'int32')), 'bool') : tfMatmul(a, b);
  if (aVec) r = shp.squeeze(r, -2);
  if (bVec) r = shp.squeeze(r, -1);
  return r;
}
/** keras.ops.dot(x1, x2): NumPy's dot (products of scalars, inner product of vectors, the last axis of x1 with the second-to-last of x2). */
export function dot(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('dot', [x1, x2]);
  if (a!.rank === 0 || b!.rank === 0) return gen.mul(a!, b!);
  if (b!.rank === 1) return shp.tensordot(a!, b!, [[a!.rank - 1], [0]]);
  return shp.tensordot(a!, b!, [[a!.rank - 1], [b!.rank - 2]]);
}
/** keras.ops.tensordot(x1, x2, axes=2). */
export const tensordot = (x1: TensorLike, x2: TensorLike, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Tensor => {
  const [a, b] = promote('tensordot', [x1, x2]);
  return shp.tensordot(a!, b!, axes);
};
/** keras.ops.inner(x1, x2): the sum over the last axes. */
export function inner(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('inner', [x1, x2]);
  if (a!.rank === 0 || b!.rank === 0) return gen.mul(a!, b!);
  return shp.tensordot(a!, b!, [[a!.rank - 1], [b!.rank - 1]]);
}
/** keras.ops.outer(x1, x2): the flattened operands' outer product. */
export function outer(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('outer', [x1, x2]);
  return gen.mul(tfReshape(a!, [-1, 1]), tfReshape(b!, [1, -1]));
}
/** keras.ops.vdot(x1, x2): the flattened operands' inner product. */
export function vdot(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('vdot', [x1, x2]);
  return gen.reduceSum(gen.mul(flat(a!), flat(b!)));
}
/** keras.ops.einsum(subscripts, ...operands): the operands promoted to one dtype. */
export const einsum = (subscripts: string, ...operands: TensorLike[]): Tensor => shp.einsum(subscripts, ...promote('einsum', operands));

// ---- creation ----------------------------------------------------------------------------------

/** keras.ops.arange(start, stop=None, step=1, dtype=None): int32 for integer arguments, floatx otherwise. */
export function arange(start: number, stop: number | null = null, step: number | null = null, dtype: DType | null = null): Tensor {
  const [lo, hi] = stop === null || stop === undefined ? [0, start] : [start, stop];
  const d = step ?? 1;
  const out = dtype ?? resultType([lo, hi, d].map((v) => (Number.isInteger(v) ? 'weakInt' : 'weakFloat')));
  const n = Math.max(0, Math.ceil((hi - lo) / d));
  if (out === 'int32' || out === 'bool') return cast(shp.range(lo, hi, d, Number.isInteger(lo) && Number.isInteger(d) ? 'int32' : getFloatx()), out);
  // lo + i·step computed in float64, as NumPy does, then rounded to the dtype.
  return cast(gen.add(gen.mul(shp.range(0, n, 1, 'float64'), d), lo), out);
}
/** keras.ops.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0). */
export function linspace(start: TensorLike, stop: TensorLike, num = 50, endpoint = true, retstep = false, dtype: DType | null = null, axis = 0): Tensor | [Tensor, Tensor] {
  const [a, b] = promote('linspace', [start, stop], true);
  const div = endpoint ? num - 1 : num;
  const step = gen.div(gen.sub(b!, a!), Math.max(div, 1));
  const end = endpoint ? b! : gen.sub(b!, step);
  let r = num === 1 ? shp.expandDims(a!, axis) : shp.linspace(a!, end, num, axis);
  if (dtype && dtype !== r.dtype) r = cast(dtype === 'int32' ? gen.floor(r) : r, dtype);
  return retstep ? [r, step] : r;
}
/** keras.ops.logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0): base ** linspace(...). */
export function logspace(start: TensorLike, stop: TensorLike, num = 50, endpoint = true, base = 10, dtype: DType | null = null, axis = 0): Tensor {
  const exps = linspace(start, stop, num, endpoint, false, null, axis) as Tensor;
  const r = gen.pow(fill([], base, exps.dtype), exps);
  return dtype && dtype !== r.dtype ? cast(r, dtype) : r;
}
/** keras.ops.full(shape, fill_value, dtype=None): floatx unless dtype is given. */
export const full = (shape: number | readonly number[], fillValue: number | boolean, dtype: DType | null = null): Tensor =>
  fill(typeof shape === 'number' ? [shape] : shape, fillValue as number, dtype ?? (typeof fillValue === 'boolean' ? 'bool' : getFloatx()));
/** keras.ops.full_like(x, fill_value, dtype=None): x's shape and (by default) dtype. */
export const fullLike = (x: TensorLike, fillValue: number | boolean, dtype: DType | null = null): Tensor => {
  const t = asTensor(x, 'fullLike');
  return fill(t.shape, fillValue as number, dtype ?? t.dtype);
};
/** keras.ops.zeros / ones(shape, dtype=None): floatx unless dtype is given. */
export const constantFill = (value: number) => (shape: number | readonly number[], dtype: DType | null = null): Tensor => fill(typeof shape === 'number' ? [shape] : shape, value, dtype ?? getFloatx());
/** keras.ops.zeros_like / ones_like(x, dtype=None). */
export const constantLike = (value: number) => (x: TensorLike, dtype: DType | null = null): Tensor => {
  const t = asTensor(x, 'like');
  return fill(t.shape, value, dtype ?? t.dtype);
};

// ---- stacking ----------------------------------------------------------------------------------

const atLeast = (t: Tensor, n: number): Tensor =>
  t.rank >= n ? t : tfReshape(t, n === 2 ? (t.rank === 0 ? [1, 1] : [1, ...t.shape]) : t.rank === 0 ? [1, 1, 1] : t.rank === 1 ? [1, ...t.shape, 1] : [...t.shape, 1]);
/** keras.ops.hstack(xs): joined along the first axis for 1-D tensors, the second otherwise. */
export const hstack = (xs: readonly TensorLike[]): Tensor => {
  const ts = promote('hstack', xs).map((t) => atLeast(t, 1));
  return concat(ts, ts[0]!.rank === 1 ? 0 : 1);
};
/** keras.ops.vstack(xs): at least 2-D, joined along the first axis. */
export const vstack = (xs: readonly TensorLike[]): Tensor => concat(promote('vstack', xs).map((t) => atLeast(t, 2)), 0);
/** keras.ops.dstack(xs): at least 3-D, joined along the third axis. */
export const dstack = (xs: readonly TensorLike[]): Tensor => concat(promote('dstack', xs).map((t) => atLeast(t, 3)), 2);
/** keras.ops.append(x1, x2, axis=None): concatenated (flattened when axis is None). */
export const append = (x1: TensorLike, x2: TensorLike, axis: number | null = null): Tensor => concatenate([x1, x2], axis);
/** keras.ops.diff(a, n=1, axis=-1): the n-th forward difference along `axis`. */
export function diff(a: TensorLike, n = 1, axis = -1): Tensor {
  let t = asTensor(a, 'diff');
  const ax = norm(axis, t.rank, 'diff');
  for (let i = 0; i < n; i++) {
    const len = t.shape[ax]!;
    const hi = shp.slice(t, t.shape.map((_, j) => (j === ax ? 1 : 0)), t.shape.map((d, j) => (j === ax ? Math.max(len - 1, 0) : d)));
    const lo = shp.slice(t, t.shape.map(() => 0), t.shape.map((d, j) => (j === ax ? Math.max(len - 1, 0) : d)));
    t = t.dtype === 'bool' ? gen.notEqual(cast(hi, 'int32'), cast(lo, 'int32')) : gen.sub(hi, lo);
  }
  return t;
}
/** keras.ops.select(condlist, choicelist, default=0): per entry, the choice of the first true condition. */
export function select(condlist: readonly TensorLike[], choicelist: readonly TensorLike[], defaultValue: TensorLike = 0): Tensor {
  if (condlist.length !== choicelist.length) throw new Error('select: condlist and choicelist must have the same length.');
  const choices = promote('select', [...choicelist, defaultValue]);
  const shape = broadcastShapes(...choices.map((c) => c.shape), ...condlist.map((c) => asTensor(c, 'select').shape));
  let r = broadcast(choices[choices.length - 1]!, shape);
  for (let i = condlist.length - 1; i >= 0; i--) r = tfWhere(broadcastBool(cast(asTensor(condlist[i]!, 'select'), 'bool'), shape), broadcast(choices[i]!, shape), r);
  return r;
}

// ---- sorting and searching ---------------------------------------------------------------------

/** keras.ops.sort(x, axis=-1): ascending (over the flattened x when axis is None). */
export const sort = (x: TensorLike, axis: number | null = -1): Tensor => {
  const t = asTensor(x, 'sort');
  return axis === null ? tfSort(flat(t), 0) : tfSort(t, axis);
};
/** keras.ops.argsort(x, axis=-1): the indices that sort x, int32 (stable). */
export const argsort = (x: TensorLike, axis: number | null = -1): Tensor => {
  const t = boolAsInt(x, 'argsort');
  return axis === null ? tfArgsort(flat(t), 0) : tfArgsort(t, axis);
};
/** keras.ops.top_k(x, k, sorted=True): [values, indices] of the k largest along the last axis. */
export const topK = (x: TensorLike, k: number, sorted = true): [Tensor, Tensor] => {
  const r = tfTopK(asTensor(x, 'topK'), k, sorted);
  return [r.values, r.indices];
};
/** keras.ops.searchsorted(sorted_sequence, values, side='left'): int32 insertion points. */
export const searchsortedOp = (sortedSequence: TensorLike, values: TensorLike, side: 'left' | 'right' = 'left'): Tensor => {
  const [s, v] = promote('searchsorted', [sortedSequence, values]);
  return searchsorted(s!, v!, side);
};
/** keras.ops.digitize(x, bins): for increasing bins, i with bins[i-1] <= x < bins[i]. */
export const digitize = (x: TensorLike, bins: TensorLike): Tensor => {
  const [b, v] = promote('digitize', [bins, x]);
  return tfReshape(searchsorted(b!, flat(v!), 'right'), v!.shape);
};
/** keras.ops.one_hot(x, num_classes, axis=-1, dtype=None): floatx rows with a 1 at each class id (ids out of range give zeros). */
export const oneHot = (x: TensorLike, numClasses: number, axis = -1, dtype: DType | null = null): Tensor =>
  shp.oneHot(cast(asTensor(x, 'oneHot'), 'int32'), numClasses, { axis, dtype: dtype ?? getFloatx() });
/** keras.ops.multi_hot(inputs, num_classes, axis=-1, dtype=None): the one-hot rows of each sample's labels combined by max. */
export function multiHot(inputs: TensorLike, numClasses: number, axis = -1, dtype: DType | null = null): Tensor {
  const t = cast(asTensor(inputs, 'multiHot'), 'int32');
  const hot = shp.oneHot(t, numClasses, { axis, dtype: 'int32' });
  const r = gen.reduceMax(hot, t.rank > 1 ? 1 : 0);
  return cast(r, dtype ?? getFloatx());
}

// ---- indexing updates --------------------------------------------------------------------------

/** keras.ops.slice(inputs, start_indices, shape). */
export const sliceOp = (inputs: TensorLike, startIndices: readonly number[], shape: readonly number[]): Tensor => shp.slice(asTensor(inputs, 'slice'), startIndices, shape);
/** keras.ops.slice_update(inputs, start_indices, updates): inputs with the block at start_indices replaced. */
export function sliceUpdate(inputs: TensorLike, startIndices: readonly number[], updates: TensorLike): Tensor {
  const t = asTensor(inputs, 'sliceUpdate');
  const u = toTensor(updates, t.dtype, 'sliceUpdate');
  const widths = t.shape.map((d, i) => [startIndices[i]!, d - startIndices[i]! - u.shape[i]!]);
  const inside = gen.equal(shp.pad(cast(onesLike(u), 'int32'), widths), 1);
  const placed = u.dtype === 'bool' ? cast(shp.pad(cast(u, 'int32'), widths), 'bool') : shp.pad(u, widths);
  return tfWhere(inside, placed, t);
}
/** keras.ops.segment_sum / segment_max / segment_min(data, segment_ids, num_segments=None, sorted=False): per segment id (num_segments: max id + 1 by default). */
export const segment = (name: 'sum' | 'max' | 'min' | 'prod') => (data: TensorLike, segmentIds: TensorLike, numSegments: number | null = null, _sorted = false): Tensor => {
  const ids = cast(asTensor(segmentIds, 'segment'), 'int32');
  const n = numSegments ?? (ids.size === 0 ? 0 : Math.max(...Array.from(ids.dataSync() as Int32Array)) + 1);
  return { sum: unsortedSegmentSum, max: unsortedSegmentMax, min: unsortedSegmentMin, prod: unsortedSegmentProd }[name](asTensor(data, 'segment'), ids, n);
};

export { boolAsInt, flat, axesOf };
