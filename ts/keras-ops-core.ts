// The nn, linalg and core adapters behind tf.keras.ops (ts/keras-ops.ts): Keras 3's argument
// conventions over gradtape's activations, losses, linear algebra and control flow. As in
// ts/keras-ops-numpy.ts, each function only converts arguments and results (saturate_cast and
// associative_scan compose a few ops, as Keras' own code does).

import * as activations from './activations';
import { toTensor } from './creation';
import { describe } from './describe';
import type { DType } from './dtype';
import * as gen from './generated/ops';
import { epsilon as kerasEpsilon } from './keras-settings';
import * as la from './linalg';
import * as losses from './losses';
import * as nnOps from './nn';
import { cast, concat, reduceMean, reshape, stopGradient, transpose } from './ops';
import { whileLoop as tfWhileLoop } from './control-flow';
import { checkNumerics, valueError } from './debugging';
import { flatten, isNestedStructure, packSequenceAs } from './keras-tree';
import * as shp from './shape';
import { Tensor, type TensorLike } from './tensor';
import { asTensor, promote, toFloat } from './keras-ops-numpy';
import { typeError } from './keras-ops-math';

// ---- nn ----------------------------------------------------------------------------------------

/** An activation computed in floats (int arguments become floatx, as in keras.ops). */
export const floatActivation = <A extends unknown[]>(name: string, f: (x: Tensor, ...args: A) => Tensor) => (x: TensorLike, ...args: A): Tensor => f(toFloat(x, name), ...args);
/** An activation that keeps int32 (as Keras' relu, relu6 and hard_tanh do) and promotes bool to floatx. */
export const numericActivation = (name: string, f: (x: Tensor) => Tensor) => (x: TensorLike): Tensor => {
  const t = asTensor(x, name);
  return f(t.dtype === 'int32' ? t : toFloat(t, name));
};
/** keras.ops.gelu(x, approximate=True): the tanh approximation unless approximate is false. */
export const gelu = (x: TensorLike, approximate = true): Tensor => activations.gelu(toFloat(x, 'gelu'), approximate);
/** keras.ops.leaky_relu(x, negative_slope=0.2). */
export const leakyRelu = (x: TensorLike, negativeSlope = 0.2): Tensor => activations.leakyRelu(toFloat(x, 'leakyRelu'), negativeSlope);
/** keras.ops.binary_crossentropy(target, output, from_logits=False): elementwise (no mean), output clipped to [ε, 1 - ε]. */
export function binaryCrossentropy(target: TensorLike, output: TensorLike, fromLogits = false): Tensor {
  const [t, o] = promote('binaryCrossentropy', [target, output], true);
  if (t!.rank !== o!.rank || t!.shape.some((d, i) => d !== o!.shape[i])) throw new Error(`binaryCrossentropy: target and output must have the same shape, got [${t!.shape}] and [${o!.shape}].`);
  return losses.elementwiseBinaryCrossentropy(t!, o!, fromLogits);
}
/** keras.ops.categorical_crossentropy(target, output, from_logits=False, axis=-1): -Σ target·log(output) over `axis`. */
export function categoricalCrossentropy(target: TensorLike, output: TensorLike, fromLogits = false, axis = -1): Tensor {
  const [t, o] = promote('categoricalCrossentropy', [target, output], true);
  return losses.categoricalCrossentropy(t!, o!, fromLogits, 0, axis);
}
/** keras.ops.sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1): with integer class ids. */
export function sparseCategoricalCrossentropy(target: TensorLike, output: TensorLike, fromLogits = false, axis = -1): Tensor {
  return losses.sparseCategoricalCrossentropy(target, toFloat(output, 'sparseCategoricalCrossentropy'), fromLogits, null, axis);
}
/** keras.ops.moments(x, axes, keepdims=False, synchronized=False): [mean, variance] over `axes`. */
export function moments(x: TensorLike, axes: number | readonly number[], keepdims = false, _synchronized = false): [Tensor, Tensor] {
  return nnOps.moments(toFloat(x, 'moments'), axes, null, keepdims);
}
/** keras.ops.normalize(x, axis=-1, order=2, epsilon=None): x / max(‖x‖_order, ε) along `axis`. */
export function normalize(x: TensorLike, axis = -1, order = 2, epsilon: number | null = null): Tensor {
  const t = toFloat(x, 'normalize');
  if (!Number.isInteger(order) || order < 1) throw new Error(`normalize: order must be an integer >= 1, got ${describe(order)}.`);
  const eps = epsilon ?? kerasEpsilon();
  if (order === 2) {
    // Keras' l2 branch: x · rsqrt(max(Σx², ε)).
    return gen.mul(t, gen.rsqrt(gen.maximum(gen.reduceSum(gen.square(t), axis, true), eps)));
  }
  const n = la.norm(t, order, axis, true);
  return gen.div(t, gen.maximum(n, eps));
}
/** Per-axis parameters reshaped to broadcast along `axis` of a tensor of rank `rank`. */
function alongAxis(p: Tensor, axis: number, rank: number): Tensor {
  if (p.rank !== 1) return p;
  const a = axis < 0 ? axis + rank : axis;
  return reshape(p, Array.from({ length: rank }, (_, i) => (i === a ? -1 : 1)));
}
/** keras.ops.batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3). */
export function batchNormalization(x: TensorLike, mean: TensorLike, variance: TensorLike, axis: number, offset: TensorLike | null = null, scale: TensorLike | null = null, epsilon = 1e-3): Tensor {
  const t = toFloat(x, 'batchNormalization');
  const p = (v: TensorLike) => alongAxis(toTensor(v, t.dtype, 'batchNormalization'), axis, t.rank);
  return nnOps.batchNormalization(t, p(mean), p(variance), offset === null ? null : p(offset), scale === null ? null : p(scale), epsilon);
}
/** keras.ops.rms_normalization(x, scale=None, axis=-1, epsilon=None): x / √(mean(x²) + ε) · scale. */
export function rmsNormalization(x: TensorLike, scale: TensorLike | null = null, axis: number | readonly number[] = -1, epsilon: number | null = null): Tensor {
  const t = toFloat(x, 'rmsNormalization');
  const r = gen.mul(t, gen.rsqrt(gen.add(reduceMean(gen.square(t), axis, true), epsilon ?? kerasEpsilon())));
  return scale === null ? r : gen.mul(r, toTensor(scale, t.dtype, 'rmsNormalization'));
}
/** keras.ops.layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None): (x - mean) / √(var + ε) · gamma + beta over `axis`. */
export function layerNormalization(x: TensorLike, gamma: TensorLike | null = null, beta: TensorLike | null = null, axis: number | readonly number[] = -1, epsilon: number | null = null): Tensor {
  const t = toFloat(x, 'layerNormalization');
  const [m, v] = nnOps.moments(t, axis, null, true);
  let r = gen.mul(gen.sub(t, m), gen.rsqrt(gen.add(v, epsilon ?? kerasEpsilon())));
  if (gamma !== null) r = gen.mul(r, toTensor(gamma, t.dtype, 'layerNormalization'));
  if (beta !== null) r = gen.add(r, toTensor(beta, t.dtype, 'layerNormalization'));
  return r;
}
/** keras.ops.psnr(x1, x2, max_val): 20·log10(max_val) - 10·log10(mean((x1 - x2)²)), over all entries. */
export function psnr(x1: TensorLike, x2: TensorLike, maxVal: number): Tensor {
  const [a, b] = promote('psnr', [x1, x2], true);
  const mse = reduceMean(gen.square(gen.sub(a!, b!)));
  return gen.sub(20 * Math.log10(maxVal), gen.mul(gen.div(gen.log(mse), Math.log(10)), 10));
}

// ---- linalg ------------------------------------------------------------------------------------

/** keras.ops.cholesky(x, upper=False): the lower factor L (Lᴴ when upper). A matrix that is not
 * positive definite is Keras' ValueError ("Cholesky decomposition failed: ..."): its TensorFlow
 * backend checks tf.linalg.cholesky's NaN factor with check_numerics. */
export const cholesky = (x: TensorLike, upper = false): Tensor => {
  let l = la.cholesky(toFloat(x, 'cholesky'));
  try {
    l = checkNumerics(l, 'Cholesky');
  } catch (e) {
    const error = new Error(`keras.ops.cholesky: Cholesky decomposition failed: ${(e as Error).message}`);
    error.name = 'ValueError';
    throw error;
  }
  return upper ? la.matrixTranspose(l) : l;
};
/** keras.ops.solve_triangular(a, b, lower=False): a·x = b for triangular a (b a vector or a matrix). */
export function solveTriangular(a: TensorLike, b: TensorLike, lower = false): Tensor {
  const [m, r] = promote('solveTriangular', [a, b], true);
  const vector = r!.rank === m!.rank - 1;
  const x = la.triangularSolve(m!, vector ? shp.expandDims(r!, -1) : r!, lower);
  return vector ? shp.squeeze(x, -1) : x;
}
/** keras.ops.solve(a, b): a·x = b (b a vector or a matrix). */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  const [m, r] = promote('solve', [a, b], true);
  const vector = r!.rank === m!.rank - 1;
  const x = la.solve(m!, vector ? shp.expandDims(r!, -1) : r!);
  return vector ? shp.squeeze(x, -1) : x;
}
/** keras.ops.qr(x, mode='reduced'): [q, r]; mode 'complete' gives the square q. */
export function qr(x: TensorLike, mode: 'reduced' | 'complete' = 'reduced'): [Tensor, Tensor] {
  if (mode !== 'reduced' && mode !== 'complete') throw new Error(`qr: mode must be 'reduced' or 'complete', got ${describe(mode)}.`);
  return la.qr(toFloat(x, 'qr'), mode === 'complete');
}
/** keras.ops.svd(x, full_matrices=True, compute_uv=True): [u, s, vh] (vh = vᴴ, as NumPy), or s alone. */
export function svd(x: TensorLike, fullMatrices = true, computeUv = true): Tensor | [Tensor, Tensor, Tensor] {
  const t = toFloat(x, 'svd');
  if (!computeUv) return la.svd(t, fullMatrices, false);
  const [s, u, v] = la.svd(t, fullMatrices, true);
  return [u, s, la.matrixTranspose(v)];
}
/** keras.ops.lstsq(a, b, rcond=None): the least-squares solution of a·x = b (b a vector or a matrix). */
export function lstsq(a: TensorLike, b: TensorLike, rcond: number | null = null): Tensor {
  const [m, r] = promote('lstsq', [a, b], true);
  const vector = r!.rank === 1;
  // x = pinv(a)·b, singular values below rcond·max(s) cut, as NumPy's lstsq.
  const p = rcond === null ? la.pinv(m!) : la.pinv(m!, rcond);
  const x = gen.reduceSum(gen.mul(shp.expandDims(p, -1), shp.expandDims(vector ? shp.expandDims(r!, -1) : r!, -3)), -2);
  return vector ? shp.squeeze(x, -1) : x;
}
/** keras.ops.eigh(x): [eigenvalues ascending, eigenvectors as columns]. */
export const eigh = (x: TensorLike): [Tensor, Tensor] => la.eigh(toFloat(x, 'eigh'));
/** keras.ops.cross(x1, x2): the cross product of 3-vectors along the last axis. */
export function cross(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('cross', [x1, x2]);
  return la.cross(a!, b!);
}
/** keras.ops.slogdet(x): [sign, log|det|]. */
export const slogdet = (x: TensorLike): [Tensor, Tensor] => la.slogdet(toFloat(x, 'slogdet'));
/** keras.ops.norm(x, ord=None, axis=None, keepdims=False): NumPy's vector and matrix norms. */
export function norm(x: TensorLike, ord: number | 'fro' | 'nuc' | null = null, axis: number | readonly number[] | null = null, keepdims = false): Tensor {
  const t = toFloat(x, 'norm');
  const axes = axis === null ? (t.rank === 2 && ord !== null ? [0, 1] : null) : typeof axis === 'number' ? [axis] : [...axis];
  if (axes === null) {
    // ord None over every axis: the 2-norm of the flattened x.
    const r = gen.sqrt(gen.reduceSum(gen.square(t)));
    return keepdims ? reshape(r, t.shape.map(() => 1)) : r;
  }
  if (axes.length === 1) {
    const a = axes[0]!;
    const p = ord ?? 2;
    if (typeof p !== 'number') throw new Error(`norm: ord ${describe(p)} is for matrices (give two axes).`);
    if (p === Infinity) return gen.reduceMax(gen.abs(t), a, keepdims);
    if (p === -Infinity) return gen.reduceMin(gen.abs(t), a, keepdims);
    if (p === 0) return gen.reduceSum(cast(gen.notEqual(t, 0), t.dtype), a, keepdims);
    if (p === 1) return gen.reduceSum(gen.abs(t), a, keepdims);
    if (p === 2) return gen.sqrt(gen.reduceSum(gen.square(t), a, keepdims));
    return gen.pow(gen.reduceSum(gen.pow(gen.abs(t), p), a, keepdims), 1 / p);
  }
  const [r0, c0] = axes.map((a) => (a < 0 ? a + t.rank : a)) as [number, number];
  const p = ord ?? 'fro';
  let r: Tensor;
  if (p === 'fro') r = gen.sqrt(gen.reduceSum(gen.square(t), [r0, c0], keepdims));
  else if (p === 1 || p === -1) {
    const sums = gen.reduceSum(gen.abs(t), r0, true);
    r = (p === 1 ? gen.reduceMax : gen.reduceMin)(sums, c0, true);
    if (!keepdims) r = shp.squeeze(r, [r0, c0]);
  } else if (p === Infinity || p === -Infinity) {
    const sums = gen.reduceSum(gen.abs(t), c0, true);
    r = (p === Infinity ? gen.reduceMax : gen.reduceMin)(sums, r0, true);
    if (!keepdims) r = shp.squeeze(r, [r0, c0]);
  } else if (p === 2 || p === -2 || p === 'nuc') {
    const rest = t.shape.map((_, i) => i).filter((i) => i !== r0 && i !== c0);
    const s = la.svd(transpose(t, [...rest, r0, c0]), false, false);
    r = p === 2 ? gen.reduceMax(s, -1) : p === -2 ? gen.reduceMin(s, -1) : gen.reduceSum(s, -1);
    if (keepdims) r = reshape(r, t.shape.map((d, i) => (i === r0 || i === c0 ? 1 : d)));
  } else throw new Error(`norm: ord ${describe(p)} is not a matrix norm ('fro', 'nuc', ±1, ±2, ±Infinity).`);
  return r;
}

// ---- core --------------------------------------------------------------------------------------

/** keras.ops.shape(x): the static shape as an array of numbers (Keras gives a tuple). */
export const shape = (x: TensorLike): number[] => [...asTensor(x, 'shape').shape];
/** keras.ops.ndim(x): the rank, a number. */
export const ndim = (x: TensorLike): number => asTensor(x, 'ndim').rank;
/** keras.ops.size(x): the number of entries, an int32 scalar tensor. */
export const size = (x: TensorLike): Tensor => shp.size(asTensor(x, 'size'));
/** keras.ops.dtype(x): the dtype name. */
export const dtype = (x: TensorLike): DType => asTensor(x, 'dtype').dtype;
/** keras.ops.convert_to_tensor(x, dtype=None): a tensor (a tensor of another dtype is cast, as Keras does). */
export function convertToTensor(x: TensorLike, dtypeArg: DType | null = null): Tensor {
  const t = asTensor(x, 'convertToTensor');
  return dtypeArg && t.dtype !== dtypeArg ? (x instanceof Tensor ? cast(t, dtypeArg) : toTensor(x, dtypeArg, 'convertToTensor')) : t;
}
/** keras.ops.convert_to_numpy(x): the values as nested JS arrays (numbers, or booleans for bool). */
export const convertToNumpy = (x: TensorLike): unknown => asTensor(x, 'convertToNumpy').arraySync();
/** keras.ops.is_tensor(x): whether x is a tensor (or variable). */
export const isTensor = (x: unknown): boolean => x instanceof Tensor;
/** keras.ops.stop_gradient(variable). */
export const stopGradientOp = (variable: TensorLike): Tensor => stopGradient(variable);

type Loop = Tensor | Tensor[];
/** keras.ops.while_loop(cond, body, loop_vars, maximum_iterations=None): the loop variables after the loop; a single tensor in, a single tensor out. */
export function whileLoop(cond: (...vars: Tensor[]) => TensorLike, body: (...vars: Tensor[]) => TensorLike | TensorLike[], loopVars: TensorLike | TensorLike[], maximumIterations: number | null = null): Loop {
  const single = !Array.isArray(loopVars);
  const vars = single ? [loopVars as TensorLike] : (loopVars as TensorLike[]);
  const wrapped = (...v: Tensor[]) => {
    const r = body(...v);
    return single && !Array.isArray(r) ? [r] : (r as TensorLike[]);
  };
  const out = tfWhileLoop(cond, wrapped, vars, maximumIterations === null ? {} : { maximumIterations });
  return single ? out[0]! : out;
}
/** keras.ops.fori_loop(lower, upper, body_fun, init_val): `val = body_fun(i, val)` for i from lower to upper - 1 (i an int32 scalar). */
export function foriLoop<T>(lower: number, upper: number, bodyFun: (i: Tensor, val: T) => T, initVal: T): T {
  let val = initVal;
  for (let i = lower; i < upper; i++) val = bodyFun(toTensor(i, 'int32', 'foriLoop'), val);
  return val;
}
/** keras.ops.scan(f, init, xs=None, length=None, reverse=False): `[carry, y] = f(carry, x)` over the leading axis of xs; [final carry, the stacked ys]. */
export function scan<C>(f: (carry: C, x: Tensor | null) => [C, Tensor | null], init: C, xs: TensorLike | null = null, length: number | null = null, reverse = false): [C, Tensor | null] {
  const elems = xs === null ? null : shp.unstack(asTensor(xs, 'scan'), 0);
  const n = elems ? elems.length : length;
  if (n === null || n === undefined) throw new Error('scan: give xs or length.');
  if (elems && length !== null && length !== elems.length) throw new Error(`scan: length ${length} differs from the leading axis of xs (${elems.length}).`);
  let carry = init;
  const ys: (Tensor | null)[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = reverse ? n - 1 - k : k;
    const [c, y] = f(carry, elems ? elems[i]! : null);
    carry = c;
    ys[i] = y;
  }
  const stacked = n > 0 && ys[0] !== null && ys[0] !== undefined ? shp.stack(ys as Tensor[], 0) : null;
  return [carry, stacked];
}
/** keras.ops.map(f, xs): f over the leading axis of xs, the results stacked. */
export function map(f: (x: Tensor) => TensorLike, xs: TensorLike): Tensor {
  return shp.stack(shp.unstack(asTensor(xs, 'map'), 0).map((x) => toTensor(f(x), undefined, 'map')), 0);
}
/** keras.ops.switch(index, branches, ...operands): the branch at `index` (clamped to the branches) called with the operands. */
export function switchOp<T>(index: TensorLike, branches: readonly ((...operands: unknown[]) => T)[], ...operands: unknown[]): T {
  const i = Number(asTensor(index, 'switch').dataSync()[0]);
  return branches[Math.min(Math.max(Math.trunc(i), 0), branches.length - 1)]!(...operands);
}

/** The range of a dtype's values (bool as 0 and 1), as Keras' saturate_cast reads it from ml_dtypes. */
const RANGE: Record<DType, [number, number]> = {
  bool: [0, 1],
  int32: [-2147483648, 2147483647],
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/**
 * keras.ops.saturate_cast(x, dtype): x cast to `dtype` after clipping it (in its own dtype) to the
 * values `dtype` can hold, so that nothing overflows or wraps: float32 3e9 gives int32 2147483647,
 * float64 1e300 and float32 ∞ give float32 3.4028235e38, -1 gives bool false. NaN stays NaN for floats
 * (0 as int32, true as bool, as gradtape's cast has it). Keras 3.15 with NumPy 2 misses its own
 * limits in two cases, which gradtape does not copy: its TensorFlow backend gives -2147483648 for
 * float32 values from 2³¹ up to int32 and for every int32 entry to float32.
 */
export function saturateCast(x: TensorLike, dtype: DType): Tensor {
  const op = 'saturateCast';
  const t = asTensor(x, op);
  if (!(dtype in RANGE)) throw new Error(`${op}: dtype must be one of gradtape's dtypes ('float32', 'float64', 'int32', 'bool'), got ${describe(dtype)}.`);
  if (t.dtype === 'bool') return cast(t, dtype);
  const [inMin, inMax] = RANGE[t.dtype];
  const [outMin, outMax] = RANGE[dtype];
  // The limits as the input's dtype holds them (float32 rounds 2147483647 up to 2³¹, which the
  // saturating cast then takes to 2147483647). Floats are always clipped: ±∞ become finite.
  const held = (v: number) => (t.dtype === 'float32' ? Math.fround(v) : v);
  const lo = held(Math.max(inMin, outMin));
  const hi = held(Math.min(inMax, outMax));
  return cast(gen.minimum(gen.maximum(t, lo), hi), dtype);
}

/**
 * keras.ops.associative_scan(f, elems, reverse=False, axis=0): the inclusive scan of `elems` (a
 * tensor, or an array or object of tensors) along `axis` with an associative `f(a, b)` (of two
 * structures like elems, each entry's axis of any length): entry k is f(...f(f(e0, e1), e2)..., ek)
 * (from the end when reverse). f is applied in Keras' order (the odd-even recursion of Blelloch's
 * scan, as tfp.math.scan_associative and jax.lax.associative_scan), so results match Keras'
 * bit for bit where f's rounding depends on the grouping.
 */
export function associativeScan<T>(f: (a: T, b: T) => T, elems: T, reverse = false, axis = 0): T {
  const op = 'associativeScan';
  if (typeof f !== 'function') throw typeError(`${op}: \`f\` should be a callable. Received: f=${describe(f)}`);
  let flat = flatten<TensorLike>(elems).map((e) => asTensor(e, op));
  if (flat.length === 0) throw new Error(`${op}: elems must hold at least one tensor.`);
  const rank = flat[0]!.rank;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new Error(`${op}: axis ${describe(axis)} is out of range for elems of rank ${rank}.`);
  const a = axis < 0 ? axis + rank : axis;
  const lengths = flat.map((e) => e.shape[a]);
  if (lengths.some((n) => n !== lengths[0])) throw valueError(`${op}: Array inputs to associative_scan must have the same first dimension. (saw: ${flat.map((e) => `[${e.shape}]`).join(', ')})`);
  if (reverse) flat = flat.map((e) => shp.reverse(e, [a]));
  // x[start:stop:step] along the axis (stop null: to the end; negative: from the end).
  const part = (x: Tensor, start: number, stop: number | null, step = 1): Tensor => {
    const n = x.shape[a]!;
    const end = stop === null ? n : stop < 0 ? stop + n : stop;
    const index: number[] = [];
    for (let i = start; i < end; i += step) index.push(i);
    return index.length === end - start && step === 1 ? shp.slice(x, x.shape.map((_, d) => (d === a ? start : 0)), x.shape.map((s, d) => (d === a ? end - start : s))) : shp.gather(x, toTensor(index, 'int32', op), a);
  };
  const combine = (xs: Tensor[], ys: Tensor[]): Tensor[] => flatten<TensorLike>(f(packSequenceAs(elems, xs) as T, packSequenceAs(elems, ys) as T)).map((e) => asTensor(e, op));
  // [a0 a1 ...] and [b0 b1 ...] as [a0 b0 a1 b1 ...] (a may be one longer).
  const interleave = (x: Tensor, y: Tensor): Tensor => {
    const nx = x.shape[a]!, ny = y.shape[a]!;
    const head = nx === ny + 1 ? part(x, 0, nx - 1) : x;
    const pairs = reshape(shp.stack([head, y], a + 1), head.shape.map((s, d) => (d === a ? 2 * ny : s)));
    return nx === ny + 1 ? concat([pairs, part(x, nx - 1, nx)], a) : pairs;
  };
  const scanLevel = (level: Tensor[]): Tensor[] => {
    const n = level[0]!.shape[a]!;
    if (n < 2) return level;
    const reduced = combine(level.map((e) => part(e, 0, -1, 2)), level.map((e) => part(e, 1, null, 2)));
    if (n === 2) return level.map((e, i) => concat([part(e, 0, 1), reduced[i]!], a));
    if (n === 3) {
      const reduced2 = combine(reduced, level.map((e) => part(e, 2, 3)));
      return level.map((e, i) => concat([part(e, 0, 1), reduced[i]!, reduced2[i]!], a));
    }
    const odd = scanLevel(reduced);
    const results = combine(n % 2 === 0 ? odd.map((e) => part(e, 0, -1)) : odd, level.map((e) => part(e, 2, null, 2)));
    return level.map((e, i) => interleave(concat([part(e, 0, 1), results[i]!], a), odd[i]!));
  };
  let scans = scanLevel(flat);
  if (reverse) scans = scans.map((e) => shp.reverse(e, [a]));
  return (isNestedStructure(elems) ? packSequenceAs(elems, scans) : scans[0]) as T;
}
