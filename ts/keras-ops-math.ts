// keras.ops' NumPy math functions built from gradtape's ops, as Keras 3.15's TensorFlow backend
// computes them (keras/src/backend/tensorflow/numpy.py): corrcoef, correlate, vander, geomspace,
// signbit, gcd, lcm, heaviside, ldexp, erfc, fmod, logaddexp2, sinc, i0, isposinf, isneginf,
// fmax, fmin, cdist (keras/src/backend/tensorflow/math.py), fabs, nancumsum, nancumprod, nanargmax,
// nanargmin, cholesky_inverse (linalg.py), isreal, real, imag, conj and angle for real tensors,
// array, get_item, extract_sequences, lu_factor and view. Each one converts its arguments with Keras' dtype rules
// and composes existing ops, so the float ones are differentiable where Keras' are.

import { conv1d } from './convolution';
import { whileLoop } from './control-flow';
import { fill, onesLike, toTensor, zerosLike } from './creation';
import { valueError } from './debugging';
import { describe } from './describe';
import { type DType, bytesPerElement, getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import { getitem, type IndexSpec } from './getitem';
import { diagPart, lu, triangularSolve } from './linalg';
import { frame } from './signal';
import { argsort } from './sorting';
import { bitcast, broadcastTo, cast, matmul, reduceMean, reshape, where } from './ops';
import { clipByValue } from './reductions';
import * as shp from './shape';
import { Tensor, type TensorLike } from './tensor';
import { argReduction, asTensor, cumulative, logspace, nanToNum, promote, resultType } from './keras-ops-numpy';

/** Python's TypeError, as Keras raises it for an argument of the wrong dtype. */
export function typeError(message: string): Error {
  const error = new Error(message);
  error.name = 'TypeError';
  return error;
}

/** An argument that Keras would take as a Python int (or a list of them): JS integers become int32
 * (gradtape's JS arrays are otherwise floatx, as tf.constant's); tensors keep their dtype. */
export function integerArgument(x: TensorLike, op: string): Tensor {
  if (x instanceof Tensor) return asTensor(x, op);
  const values: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else values.push(v);
  };
  walk(x);
  return values.every((v) => typeof v === 'number' && Number.isInteger(v)) ? toTensor(x, 'int32', op) : asTensor(x, op);
}

/** The shape two shapes broadcast to (NumPy's rules). */
function broadcastShape(a: readonly number[], b: readonly number[], op: string): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const p = a[i - rank + a.length] ?? 1;
    const q = b[i - rank + b.length] ?? 1;
    if (p !== q && p !== 1 && q !== 1) throw new Error(`${op}: shapes [${a}] and [${b}] do not broadcast.`);
    return p === 1 ? q : p;
  });
}
const broadcastBoth = (a: Tensor, b: Tensor, op: string): [Tensor, Tensor] => {
  const shape = broadcastShape(a.shape, b.shape, op);
  const to = (t: Tensor) => (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]) ? t : broadcastTo(t, shape));
  return [to(a), to(b)];
};

/**
 * keras.ops.corrcoef(x): the Pearson correlation coefficients of the N variables (rows) of a 2-D
 * x [N, D] over its D observations, an [N, N] matrix clipped to [-1, 1] (NaN where a row is
 * constant); int and bool x become floatx. A 1-D x is one variable (a scalar result, 1 or NaN, as
 * NumPy's corrcoef and Keras' NumPy backend give; its TensorFlow backend refuses it); a scalar x
 * gives NaN, as that backend does.
 */
export function corrcoef(x: TensorLike): Tensor {
  const op = 'corrcoef';
  const raw = asTensor(x, op);
  if (raw.rank === 0) return fill([], NaN, getFloatx());
  if (raw.rank === 1) return reshape(corrcoef(reshape(raw, [1, -1])), []);
  if (raw.rank !== 2) throw new Error(`${op}: x must be a 2-D tensor of shape (N, D) (N variables, D observations), got shape [${raw.shape}].`);
  const t = isFloat(raw.dtype) ? raw : cast(raw, getFloatx());
  // As Keras: the covariance (x - mean)(x - mean)ᵀ / (D - 1) divided by the outer product of its
  // diagonal's square roots.
  const centered = gen.sub(t, reduceMean(t, -1, true));
  const cov = gen.div(matmul(centered, centered, false, true), t.shape[1]! - 1);
  const std = gen.sqrt(diagPart(cov));
  const outer = gen.mul(shp.expandDims(std, 1), shp.expandDims(std, 0));
  return clipByValue(gen.div(cov, outer), -1, 1);
}

/**
 * keras.ops.correlate(x1, x2, mode='valid'): the cross-correlation c[k] = Σₙ x1[n + k]·x2[n] of two
 * 1-D tensors of lengths N and M: 'valid' where they overlap completely (max(N, M) - min(N, M) + 1
 * values), 'full' wherever they overlap (N + M - 1), 'same' the centre max(N, M) values of 'full'.
 * float64 operands give float64, any others float32 (Keras' rule, whatever floatx is).
 */
export function correlate(x1: TensorLike, x2: TensorLike, mode: 'valid' | 'same' | 'full' = 'valid'): Tensor {
  const op = 'correlate';
  if (mode !== 'valid' && mode !== 'same' && mode !== 'full') throw valueError(`${op}: Invalid mode: ${describe(mode)}. Mode must be one of: 'full', 'same', 'valid'.`);
  const [p, q] = promote(op, [x1, x2]);
  const dtype: DType = p!.dtype === 'float64' ? 'float64' : 'float32';
  const a = cast(p!, dtype);
  const v = cast(q!, dtype);
  for (const [t, name] of [[a, 'x1'], [v, 'x2']] as const) {
    if (t.rank !== 1) throw valueError(`${op}: \`${name}\` must be a 1-dimensional tensor, but received shape [${t.shape}].`);
    if (t.size === 0) throw valueError(`${op}: \`${name}\` must not be empty.`);
  }
  const n = a.shape[0]!, m = v.shape[0]!;
  // 'full' as Keras computes it: x1 padded with M - 1 zeros on both sides, then a VALID conv1d
  // with x2 as the filter (a convolution layer's cross-correlation).
  const padded = shp.pad(a, [[m - 1, m - 1]]);
  const full = reshape(conv1d(reshape(padded, [1, n + 2 * m - 2, 1]), reshape(v, [m, 1, 1]), 1, 'VALID'), [n + m - 1]);
  const length = mode === 'full' ? n + m - 1 : mode === 'same' ? Math.max(n, m) : Math.max(n, m) - Math.min(n, m) + 1;
  // 'same' is centred in 'full'; 'valid' is where neither operand hangs over the other's ends.
  const start = mode === 'full' ? 0 : mode === 'same' ? Math.floor((n + m - 1 - length) / 2) : Math.min(n, m) - 1;
  return length === n + m - 1 ? full : shp.slice(full, [start], [length]);
}

/**
 * keras.ops.vander(x, N=None, increasing=False): the Vandermonde matrix of a 1-D x, column j the
 * powers x^(N-1-j) (x^j when increasing), N columns (len(x) by default); in x's dtype, computed in
 * float32 (float64 for float64 x) and cast back, as Keras does.
 */
export function vander(x: TensorLike, N: number | null = null, increasing = false): Tensor {
  const op = 'vander';
  const t = asTensor(x, op);
  if (t.rank !== 1) throw valueError(`${op}: Input tensor must be 1-dimensional. Received: input.shape=[${t.shape}]`);
  if (N !== null && N !== undefined) {
    if (!Number.isInteger(N)) throw typeError(`${op}: Argument \`N\` must be an integer. Received: N=${describe(N)}`);
    if (N < 0) throw valueError(`${op}: Argument 'N' must be nonnegative. Received: N=${N}`);
  }
  if (typeof increasing !== 'boolean') throw typeError(`${op}: Argument \`increasing\` must be a boolean. Received: increasing=${describe(increasing)}`);
  const columns = N ?? t.shape[0]!;
  const compute: DType = t.dtype === 'float64' ? 'float64' : 'float32';
  const powers = increasing ? shp.range(0, columns, 1, compute) : shp.range(columns - 1, -1, -1, compute);
  const r = gen.pow(shp.expandDims(cast(t, compute), -1), powers);
  return r.dtype === t.dtype ? r : cast(r, t.dtype);
}

/**
 * keras.ops.geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0): `num` numbers
 * spaced evenly on a log scale from start to stop (without stop when endpoint is false), with
 * start's sign, in `dtype` (floatx by default); as Keras: 10 ** linspace(log10|start|, log10|stop|).
 */
export function geomspace(start: TensorLike, stop: TensorLike, num = 50, endpoint = true, dtype: DType | null = null, axis = 0): Tensor {
  const op = 'geomspace';
  const d = dtype ?? getFloatx();
  if (!isFloat(d)) throw typeError(`${op}: dtype must be a float dtype ('float32' or 'float64'), got ${describe(dtype)}: Keras computes it with logarithms.`);
  if (!Number.isInteger(num) || num < 0) throw valueError(`${op}: \`num\` must be a non-negative integer. Received: num=${describe(num)}`);
  const s = asTensor(start, op);
  const e = asTensor(stop, op);
  const logStart = gen.log(cast(gen.abs(s), d));
  const logStop = gen.log(cast(gen.abs(e), d));
  const logBase = Math.log(10);
  const r = logspace(gen.div(logStart, logBase), gen.div(logStop, logBase), num, endpoint, 10, dtype, axis);
  // start's sign (along the new axis, as NumPy broadcasts it).
  let sign = cast(gen.sign(cast(s, d)), r.dtype);
  if (sign.rank > 0) sign = shp.expandDims(sign, axis < 0 ? axis + r.rank : axis);
  return gen.mul(r, sign);
}

/**
 * keras.ops.signbit(x): bool, true where x's sign bit is set: negative numbers and -0 (floats are
 * read as float32, as Keras does; a NaN counts as positive, its sign bit being out of reach of
 * gradtape's ops); x < 0 for ints; false for bool.
 */
export function signbit(x: TensorLike): Tensor {
  const op = 'signbit';
  const t = asTensor(x, op);
  if (t.dtype === 'bool') return fill(t.shape, 0, 'bool');
  if (t.dtype === 'int32') return gen.less(t, 0);
  const f = cast(t, 'float32');
  // -0 is the one zero whose reciprocal is -∞.
  return gen.logicalOr(gen.less(f, 0), gen.logicalAnd(gen.equal(f, 0), gen.less(gen.reciprocal(f), 0)));
}

/** The operands of gcd and lcm: promoted to one dtype, which must be int32. */
function integerOperands(op: string, x1: TensorLike, x2: TensorLike): [Tensor, Tensor] {
  const [a, b] = promote(op, [integerArgument(x1, op), integerArgument(x2, op)]);
  if (a!.dtype !== 'int32') throw typeError(`${op}: Arguments to ${op} must be integers. Received: x1.dtype=${kindName(x1, op)}, x2.dtype=${kindName(x2, op)}`);
  return [a!, b!];
}
const kindName = (x: TensorLike, op: string): string => integerArgument(x, op).dtype;

/** The gcd loop on |a| and |b| of one shape (Keras' tf.while_loop: Euclid's steps on every entry
 * until each b is 0). */
function euclid(a: Tensor, b: Tensor): Tensor {
  const [g] = whileLoop(
    (_a, b) => gen.reduceAny(gen.notEqual(b, 0)),
    (a, b) => {
      const nonzero = gen.notEqual(b, 0);
      const safe = where(nonzero, b, onesLike(b));
      return [where(nonzero, b, a), where(nonzero, gen.mod(a, safe), zerosLike(b))];
    },
    [gen.abs(a), gen.abs(b)],
  );
  return g!;
}

/** keras.ops.gcd(x1, x2): the greatest common divisor of |x1| and |x2| (int32; gcd(0, 0) = 0). */
export function gcd(x1: TensorLike, x2: TensorLike): Tensor {
  const op = 'gcd';
  const [a, b] = integerOperands(op, x1, x2);
  return euclid(...broadcastBoth(a, b, op));
}

/** keras.ops.lcm(x1, x2): the least common multiple |x1|·(|x2| / gcd) of int32 operands (0 where either is 0). */
export function lcm(x1: TensorLike, x2: TensorLike): Tensor {
  const op = 'lcm';
  for (const x of [x1, x2]) {
    // Keras checks each operand before promoting them: bool is not an integer here.
    if (integerArgument(x, op).dtype !== 'int32') throw typeError(`${op}: Arguments to lcm must be integers. Received: x1.dtype=${kindName(x1, op)}, x2.dtype=${kindName(x2, op)}`);
  }
  const [p, q] = integerOperands(op, x1, x2);
  const [a, b] = [gen.abs(p), gen.abs(q)];
  const divisor = euclid(...broadcastBoth(a, b, op));
  const zero = gen.equal(divisor, 0);
  const result = gen.mul(a, gen.floorDiv(b, where(zero, onesLike(divisor), divisor)));
  return where(zero, zerosLike(result), result);
}

/**
 * keras.ops.heaviside(x1, x2): 0 where x1 < 0, 1 where x1 > 0 and x2 elsewhere (x1 = 0, and NaN
 * as Keras' TensorFlow backend has it); in the operands' result_type, ints as floatx.
 */
export function heaviside(x1: TensorLike, x2: TensorLike): Tensor {
  const op = 'heaviside';
  let [a, b] = promote(op, [x1, x2]) as [Tensor, Tensor];
  if (a.dtype === 'bool') throw typeError(`${op}: x1 and x2 are both bool; Keras' TensorFlow backend cannot compare bool with 0 (cast one of them to a number type).`);
  if (a.dtype === 'int32') [a, b] = [cast(a, getFloatx()), cast(b, getFloatx())];
  [a, b] = broadcastBoth(a, b, op);
  return where(gen.less(a, 0), zerosLike(a), where(gen.greater(a, 0), onesLike(a), b));
}

/**
 * keras.ops.ldexp(x1, x2): x1·2^x2 for an integer exponent x2, in the operands' result_type with
 * floats (ints give floatx); x1 itself where it is 0 or ±∞.
 */
export function ldexp(x1: TensorLike, x2: TensorLike): Tensor {
  const op = 'ldexp';
  const e = integerArgument(x2, op);
  if (e.dtype !== 'int32') throw typeError(`${op}: ldexp exponent must be an integer type. Received: x2 dtype=${e.dtype}`);
  const m = x1 instanceof Tensor || typeof x1 === 'number' || typeof x1 === 'boolean' ? x1 : asTensor(x1, op);
  const dtype = resultType([m instanceof Tensor ? m.dtype : typeof m === 'boolean' ? 'weakBool' : Number.isInteger(m) ? 'weakInt' : 'weakFloat', e.dtype], true);
  const a = m instanceof Tensor ? cast(m, dtype) : toTensor(m as number, dtype, op);
  const result = gen.mul(a, gen.pow(fill([], 2, dtype), cast(e, dtype)));
  const [keep, r] = broadcastBoth(a, result, op);
  return where(gen.logicalOr(gen.isInf(keep), gen.equal(keep, 0)), keep, r);
}

// ---- erfc, fmod, logaddexp2, sinc, i0, isposinf / isneginf, fmax / fmin, cdist ------------------

/** keras.ops.erfc(x): 1 - erf(x), in floats (int and bool x become floatx; Keras' TensorFlow backend refuses them). */
export const erfc = (x: TensorLike): Tensor => gen.erfc(promote('erfc', [x], true)[0]!);

/**
 * keras.ops.fmod(x1, x2): the remainder of x1 / x2 with x1's sign (C's fmod), in the arguments'
 * result_type (bool as int32), as Keras computes it: sign(x1)·floormod(|x1|, |x2|). NaN for a
 * float x2 of 0; an int x2 of 0 throws, as TensorFlow's floormod refuses it.
 */
export function fmod(x1: TensorLike, x2: TensorLike): Tensor {
  let [a, b] = promote('fmod', [x1, x2]);
  if (a!.dtype === 'bool') [a, b] = [cast(a!, 'int32'), cast(b!, 'int32')];
  return gen.mul(gen.sign(a!), gen.mod(gen.abs(a!), gen.abs(b!)));
}

/** keras.ops.logaddexp2(x1, x2): log2(2^x1 + 2^x2) without overflow, in floats; NaN where x1 - x2 is (x1 + x2 there, as Keras). */
export function logaddexp2(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote('logaddexp2', [x1, x2], true);
  const delta = gen.sub(a!, b!);
  const rest = gen.div(gen.log1p(gen.exp(gen.mul(gen.neg(gen.abs(delta)), Math.LN2))), Math.LN2);
  return where(gen.isNaN(delta), gen.add(a!, b!), gen.add(gen.maximum(a!, b!), rest));
}

/** keras.ops.sinc(x): sin(πx)/(πx), 1 at 0, in floats (Keras' where: the gradient at 0 is NaN, as TensorFlow's). */
export function sinc(x: TensorLike): Tensor {
  const t = promote('sinc', [x], true)[0]!;
  const pix = gen.mul(t, Math.PI);
  return where(gen.equal(t, 0), onesLike(t), gen.div(gen.sin(pix), pix));
}

/** keras.ops.i0(x): the modified Bessel function of the first kind, order 0, in floats (float64 stays float64, the rest floatx). */
export function i0(x: TensorLike): Tensor {
  const t = asTensor(x, 'i0');
  return gen.besselI0(t.dtype === 'float64' ? t : t.dtype === getFloatx() ? t : cast(t, getFloatx()));
}

/** keras.ops.isposinf / isneginf: where x is +inf (or -inf), bool (all false for ints and bools). */
export const isInfinity = (sign: 1 | -1) => (x: TensorLike): Tensor => {
  const t = asTensor(x, sign > 0 ? 'isposinf' : 'isneginf');
  return isFloat(t.dtype) ? gen.equal(t, sign * Infinity) : cast(zerosLike(t), 'bool');
};

/**
 * keras.ops.fmax / fmin(x1, x2): the elementwise maximum (minimum), ignoring a NaN where the other
 * operand is a number (NaN only where both are), in the arguments' result_type (bools as logical
 * or / and, which Keras' TensorFlow backend refuses). The gradient goes where maximum's
 * (minimum's) goes, and to the number opposite a NaN.
 */
export const nanIgnoringExtremum = (name: 'fmax' | 'fmin') => (x1: TensorLike, x2: TensorLike): Tensor => {
  const [a, b] = promote(name, [x1, x2]);
  const f = name === 'fmax' ? gen.maximum : gen.minimum;
  if (a!.dtype === 'bool') return cast(f(cast(a!, 'int32'), cast(b!, 'int32')), 'bool');
  const [p, q] = broadcastBoth(a!, b!, name);
  if (!isFloat(p.dtype)) return f(p, q);
  const [nanP, nanQ] = [gen.isNaN(p), gen.isNaN(q)];
  let r = f(p, q);
  r = where(gen.logicalAnd(nanP, gen.logicalNot(nanQ)), q, r);
  return where(gen.logicalAnd(nanQ, gen.logicalNot(nanP)), p, r);
};

/**
 * keras.ops.cdist(x, y): the Euclidean distances between the rows of x [..., m, d] and of y
 * [..., n, d], [..., m, n] (batch axes broadcast), in floats (int and bool inputs become floatx,
 * which Keras' TensorFlow backend refuses). Computed as Keras does, √Σ(x - y)², so the gradient at
 * a zero distance is NaN, as TensorFlow's.
 */
export function cdist(x: TensorLike, y: TensorLike): Tensor {
  const op = 'cdist';
  const [a, b] = promote(op, [x, y], true);
  if (a!.rank < 2 || b!.rank < 2) throw valueError(`${op}: inputs must have rank >= 2, got shapes x [${a!.shape}] and y [${b!.shape}].`);
  if (a!.shape[a!.rank - 1] !== b!.shape[b!.rank - 1]) throw valueError(`${op}: the last dimension of the inputs must match, got shapes x [${a!.shape}] and y [${b!.shape}].`);
  broadcastShape(a!.shape.slice(0, -2), b!.shape.slice(0, -2), op);
  const diff = gen.sub(shp.expandDims(a!, -2), shp.expandDims(b!, -3));
  return gen.sqrt(gen.reduceSum(gen.square(diff), [-1]));
}

// ---- fabs, nancumsum / nancumprod, nanargmax / nanargmin, cholesky_inverse ---------------------

/** keras.ops.fabs(x): |x| in floats (int and bool x become floatx). */
export function fabs(x: TensorLike): Tensor {
  const t = asTensor(x, 'fabs');
  return gen.abs(isFloat(t.dtype) ? t : cast(t, getFloatx()));
}

/**
 * keras.ops.nancumsum / nancumprod(x, axis=None, dtype=None): cumsum (cumprod) with NaN read as 0
 * (1), as Keras does through nan_to_num, which also makes ±inf the dtype's largest finite values.
 */
export const nanCumulative = (name: 'nancumsum' | 'nancumprod') => (x: TensorLike, axis: number | null = null, dtype: DType | null = null): Tensor =>
  cumulative(name === 'nancumsum' ? 'cumsum' : 'cumprod')(nanToNum(x, name === 'nancumsum' ? 0 : 1), axis, dtype);

/** keras.ops.nanargmax / nanargmin(x, axis=None, keepdims=False): argmax (argmin) ignoring NaN, -1 where every entry is NaN; int32. */
export const nanArgReduction = (name: 'nanargmax' | 'nanargmin') => (x: TensorLike, axis: number | null = null, keepdims = false): Tensor => {
  const t = asTensor(x, name);
  const arg = argReduction(name === 'nanargmax' ? 'argmax' : 'argmin');
  if (!isFloat(t.dtype)) return arg(t, axis, keepdims);
  const nan = gen.isNaN(t);
  const filled = where(nan, fill(t.shape, name === 'nanargmax' ? -Infinity : Infinity, t.dtype), t);
  const index = arg(filled, axis, keepdims);
  const allNan = gen.reduceAll(nan, axis === null || axis === undefined ? undefined : [axis], keepdims);
  return where(allNan, fill(index.shape, -1, 'int32'), index);
};

/**
 * keras.ops.cholesky_inverse(a, upper=False): the inverse of A = L·Lᵀ (Uᵀ·U when upper) from its
 * Cholesky factor, as Keras computes it: L⁻¹ by a triangular solve, then L⁻ᵀ·L⁻¹. Differentiable.
 */
export function choleskyInverse(a: TensorLike, upper = false): Tensor {
  const t = asTensor(a, 'choleskyInverse');
  if (t.rank < 2 || t.shape[t.rank - 1] !== t.shape[t.rank - 2]) throw valueError(`choleskyInverse: a must be a square matrix or a batch of them, got shape [${t.shape}].`);
  const n = t.shape[t.rank - 1]!;
  const eye = broadcastTo(shp.eye(n, n, null, t.dtype), t.shape);
  const inv = triangularSolve(t, eye, !upper);
  return upper ? matmul(inv, inv, false, true) : matmul(inv, inv, true, false);
}

// ---- isreal, real, imag, conj, angle on real tensors (gradtape has no complex dtypes) ----------

/** keras.ops.real(x): x itself (every gradtape tensor is real). */
export const real = (x: TensorLike): Tensor => asTensor(x, 'real');
/** keras.ops.imag(x): zeros of x's dtype and shape (every gradtape tensor is real). */
export const imag = (x: TensorLike): Tensor => zerosLike(asTensor(x, 'imag'));
/** keras.ops.isreal(x): true everywhere, bool (every gradtape tensor is real). */
export const isreal = (x: TensorLike): Tensor => cast(onesLike(asTensor(x, 'isreal')), 'bool');
/** keras.ops.conj(x): x itself for a real number tensor; a bool x is refused, as tf.math.conj refuses it. */
export function conj(x: TensorLike): Tensor {
  const t = asTensor(x, 'conj');
  if (t.dtype === 'bool') throw typeError('conj: x must be a number tensor (tf.math.conj: Expected numeric or variant tensor), got bool.');
  return t;
}
/** keras.ops.angle(x): the argument of a real x in floats, π where x < 0 and 0 elsewhere (NaN and -0 included), as tf.math.angle; a zero gradient. */
export function angle(x: TensorLike): Tensor {
  const t = promote('angle', [x], true)[0]!;
  return where(gen.less(t, 0), fill(t.shape, Math.PI, t.dtype), zerosLike(t));
}

/** keras.ops.array(x, dtype=None): `x` as a tensor (convert_to_tensor), cast to `dtype` when given. */
export function array(x: TensorLike, dtype: DType | null = null): Tensor {
  if (!(x instanceof Tensor)) return toTensor(x, dtype ?? undefined, 'array');
  return dtype === null || dtype === x.dtype ? x : cast(x, dtype);
}

/** keras.ops.get_item(x, key): Python's `x[key]`, the key as tf.getitem takes it (an integer,
 * `'1:3'`, `'...'`, tf.newaxis, or an array of them). */
export const getItem = (x: TensorLike, key: IndexSpec | readonly IndexSpec[]): Tensor => getitem(x, key);

/** keras.ops.extract_sequences(x, sequence_length, sequence_stride): the windows of
 * `sequenceLength` entries every `sequenceStride` along the last axis, [..., windows, length]
 * (tf.signal.frame without padding). */
export const extractSequences = (x: TensorLike, sequenceLength: number, sequenceStride: number): Tensor =>
  frame(asTensor(x, 'extractSequences'), sequenceLength, sequenceStride, false, 0, -1);

/**
 * keras.ops.lu_factor(a): [lu, permutation] of square matrices [..., M, M] as Keras' TensorFlow
 * backend gives them: tf.linalg.lu's packed factors (L below the diagonal with its unit diagonal
 * left out, U on and above) and the inverse of its permutation, so that row i of A is row
 * permutation[i] of L·U. (That backend's invert_permutation takes one matrix's; each matrix of a
 * batch gets its own here.)
 */
export function luFactor(a: TensorLike): [Tensor, Tensor] {
  const [packed, p] = lu(asTensor(a, 'luFactor'));
  return [packed, argsort(p, -1)]; // (a permutation's inverse is its argsort)
}

/**
 * keras.ops.view(x, dtype=None): `x`'s bytes as `dtype`, as Keras' TensorFlow backend reshapes
 * around tf.bitcast: between dtypes of one size the shape stays; to a smaller one the last
 * dimension grows by the size ratio, to a larger one it shrinks by it (it must divide).
 */
export function view(x: TensorLike, dtype: DType | null = null): Tensor {
  const t = asTensor(x, 'view');
  const to = dtype ?? t.dtype;
  const [from, into] = [bytesPerElement(t.dtype), bytesPerElement(to)];
  const last = t.rank === 0 ? -1 : t.shape[t.rank - 1]!;
  if ((last === -1 && from !== into) || (last * from) % into !== 0) {
    throw valueError(`Cannot view array of shape [${t.shape.join(', ')}] and dtype ${t.dtype} as dtype ${to} because the total number of bytes is not divisible by the new itemsize.`);
  }
  if (from === into) return bitcast(t, to);
  if (from > into) return reshape(bitcast(reshape(t, [-1]), to), [...t.shape.slice(0, -1), last * (from / into)]);
  const ratio = into / from;
  return bitcast(reshape(t, [...t.shape.slice(0, -1), last / ratio, ratio]), to);
}
