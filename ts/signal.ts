// tf.signal's real part: the windows, frame and overlap_and_add, fftshift/ifftshift, the discrete
// cosine transforms and the MDCT, the mel filterbank and MFCCs, as TensorFlow 2.21 defines them. Everything that
// takes a tensor is composed from recorded ops (gather, pad, reshape, roll, matmul), so it is
// differentiable and compiles under tf.function. TensorFlow computes the DCTs through complex
// FFTs; here each is one matmul with its cosine basis (built in float64, rounded to the dtype),
// which gives the same values to rounding. The FFTs themselves, stft and the other functions with
// complex inputs or outputs throw: gradtape has no complex dtypes.

import { composed, floatOperand, shapeText } from './composite';
import { constant, ones, toTensor, zerosLike } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject } from './describe';
import { type DType, checkDType, isFloat } from './dtype';
import * as gen from './generated/ops';
import { intsOfTensor, normalizeAxis } from './call';
import { valuesOf } from './indexing';
import { cast, concat, matmul, renamedCall, reshape, transpose, where } from './ops';
import { gather, identity, pad, range, reverse, roll, sliceAxis, tile } from './shape';
import { InvalidArgumentError, tfError } from './errors';
import { Tensor, type TensorLike, fromHost } from './tensor';

// ---- arguments ------------------------------------------------------------------------------

/** An integer argument given as a JS number or an int32 scalar tensor (TensorFlow takes both; a
 * tensor's value sets a shape, so a compiled function computing it runs as written). */
export function integerArgument(v: unknown, op: string, name: string): number {
  if (v instanceof Tensor && v.dtype === 'int32' && v.rank === 0) v = valuesOf(v, op)[0];
  const n = intsOfTensor(v, op, name);
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new Error(`${op}: ${name} must be an integer (a number or an int32 scalar tensor), got ${describe(v)}.`);
  }
  return n;
}

/** A window's length: a non-negative integer. TensorFlow's range fails on a negative one. */
function checkWindowLength(v: unknown, op: string): number {
  const n = integerArgument(v, op, 'windowLength');
  if (n < 0) throw tfError(InvalidArgumentError, `${op}: windowLength must be >= 0, got ${n} (TensorFlow's range: Requires start <= limit when delta > 0).`);
  return n;
}

/** The float dtype a window or matrix is made in. */
function floatDType(dtype: unknown, op: string): 'float32' | 'float64' {
  const d = checkDType(dtype, op);
  if (!isFloat(d)) throw new Error(`${op}: dtype must be a floating point type ('float32' or 'float64'), got '${d}'.`);
  return d as 'float32' | 'float64';
}

/** A finite number argument (beta, pad values, frequencies). */
function finiteNumber(v: unknown, op: string, name: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${op}: ${name} must be a number, got ${describe(v)}.`);
  return v;
}

// ---- windows --------------------------------------------------------------------------------
//
// Each window may be called as `window(length, dtype)` too (the dtype in place of `periodic` or
// `beta`), the way mdct, inverseMdct and inverseStftWindowFn call a window function, as
// TensorFlow's `window_fn(frame_length, dtype=dtype)` does.

/** A window function as mdct, inverseMdct and inverseStftWindowFn call it: any tf.signal window. */
export type WindowFn = (windowLength: number, dtype: DType) => Tensor;

/** a − b·cos(2π i / n), i = 0 .. N−1, with n = N − 1 (symmetric) or N (periodic, even N), in the
 * dtype's arithmetic as TensorFlow's _raised_cosine_window computes it. */
function raisedCosineWindow(op: string, length: unknown, periodic: unknown, dtype: unknown, a: number, b: number): Tensor {
  const d = floatDType(dtype, op);
  const N = checkWindowLength(length, op);
  const p = checkBoolean(periodic, op, 'periodic', true);
  if (N === 1) return ones([1], d);
  return renamedCall(op, () => {
    const even = 1 - (N % 2);
    const n = N + (p ? even : 0) - 1;
    const cosArg = gen.div(gen.mul(range(0, N, 1, d), 2 * Math.PI), n);
    return gen.sub(a, gen.mul(b, gen.cos(cosArg)));
  });
}

/**
 * tf.signal.hann_window(window_length, periodic=True, dtype=float32): 0.5 − 0.5·cos(2πi / n) for
 * i = 0 .. N−1, with n = N for a periodic window of even length (the one for spectral analysis),
 * else N − 1 (symmetric); `[1]` for length 1.
 *
 * @example
 * ```ts
 * console.log(tf.signal.hannWindow(4).arraySync());        // [ 0, 0.5, 1, 0.5 ]
 * console.log(tf.signal.hannWindow(3, false).arraySync()); // [ 0, 1, 0 ]
 * ```
 */
export function hannWindow(windowLength: number | Tensor, periodic: boolean | DType = true, dtype: DType = 'float32'): Tensor {
  const [p, d] = typeof periodic === 'string' ? [true, periodic] : [periodic, dtype];
  return raisedCosineWindow('hannWindow', windowLength, p, d, 0.5, 0.5);
}

/**
 * tf.signal.hamming_window(window_length, periodic=True, dtype=float32): 0.54 − 0.46·cos(2πi / n),
 * with n as in hannWindow.
 *
 * @example
 * ```ts
 * console.log(tf.signal.hammingWindow(3, false, 'float64').arraySync()); // [ 0.08000000000000002, 1, 0.08000000000000002 ]
 * ```
 */
export function hammingWindow(windowLength: number | Tensor, periodic: boolean | DType = true, dtype: DType = 'float32'): Tensor {
  const [p, d] = typeof periodic === 'string' ? [true, periodic] : [periodic, dtype];
  return raisedCosineWindow('hammingWindow', windowLength, p, d, 0.54, 0.46);
}

/** The Kaiser window in `d` as TensorFlow's kaiser_window computes it (its grid in float32). */
function kaiser(op: string, N: number, beta: number, d: 'float32' | 'float64'): Tensor {
  if (N === 1) return ones([1], d);
  // TensorFlow's grid: range(−h, h + 0.1) in float32, h = (N − 1) / 2; for N = 0 the range is empty
  // backwards and TensorFlow's Range fails.
  const h = Math.fround((N - 1) / 2);
  const start = -h, limit = Math.fround(h + Math.fround(0.1));
  if (start > limit) throw tfError(InvalidArgumentError, `${op}: windowLength must be >= 1, got ${N} (TensorFlow's range: Requires start <= limit when delta > 0: ${start}/${limit}).`);
  return renamedCall(op, () => {
    const arg = cast(range(start, limit, 1, 'float32'), d);
    const b = constant(beta, d);
    // β √(1 − (arg / h)²), and I₀(num) / I₀(β) = e^(num − β) · i0e(num) / i0e(β), which never overflows.
    const num = gen.mul(b, gen.sqrt(gen.relu(gen.sub(1, gen.square(gen.div(arg, h))))));
    return gen.mul(gen.exp(gen.sub(num, b)), gen.div(gen.besselI0e(num), gen.besselI0e(b)));
  });
}

/**
 * tf.signal.kaiser_window(window_length, beta=12, dtype=float32): I₀(β √(1 − (2i/(N−1) − 1)²)) / I₀(β),
 * the symmetric Kaiser window (NumPy's `kaiser`), computed through `besselI0e` so that it never
 * overflows. TensorFlow refuses length 0 (its range fails), and so does this.
 *
 * @example
 * ```ts
 * console.log(tf.signal.kaiserWindow(3, 0, 'float64').arraySync()); // [ 1, 1, 1 ]
 * ```
 */
export function kaiserWindow(windowLength: number | Tensor, beta: number | DType = 12, dtype: DType = 'float32'): Tensor {
  const op = 'kaiserWindow';
  if (typeof beta === 'string') [beta, dtype] = [12, beta];
  const d = floatDType(dtype, op);
  const N = integerArgument(windowLength, op, 'windowLength');
  return kaiser(op, N, finiteNumber(beta, op, 'beta'), d);
}

/**
 * tf.signal.kaiser_bessel_derived_window(window_length, beta=12, dtype=float32): the
 * Kaiser–Bessel-derived window of the MDCT, √(cumsum(w)[i] / sum(w)) over the Kaiser window w of
 * length ⌊N/2⌋ + 1, followed by its mirror image: 2⌊N/2⌋ entries, so an odd length gives one
 * entry fewer and length 1 an empty window, as in TensorFlow.
 *
 * @example
 * ```ts
 * console.log(tf.signal.kaiserBesselDerivedWindow(2, 12, 'float64').arraySync()); // [ 0.7071067811865476, 0.7071067811865476 ]
 * ```
 */
export function kaiserBesselDerivedWindow(windowLength: number | Tensor, beta: number | DType = 12, dtype: DType = 'float32'): Tensor {
  const op = 'kaiserBesselDerivedWindow';
  if (typeof beta === 'string') [beta, dtype] = [12, beta];
  const d = floatDType(dtype, op);
  const N = checkWindowLength(windowLength, op);
  const b = finiteNumber(beta, op, 'beta');
  const half = Math.floor(N / 2);
  const w = kaiser(op, half + 1, b, d);
  return renamedCall(op, () => {
    const csum = gen.cumsum(w, 0);
    const halfWindow = gen.sqrt(gen.div(sliceAxis(csum, 0, 0, half, op), sliceAxis(csum, 0, half, 1, op)));
    return concat([halfWindow, reverse(halfWindow, [0])], 0);
  });
}

/**
 * tf.signal.vorbis_window(window_length, dtype=float32): sin(π/2 · sin²(π (i + ½) / N)), the power
 * complementary window of Vorbis' MDCT.
 *
 * @example
 * ```ts
 * console.log(tf.signal.vorbisWindow(2, 'float64').arraySync()); // [ 0.7071067811865474, 0.7071067811865477 ]
 * ```
 */
export function vorbisWindow(windowLength: number | Tensor, dtype: DType = 'float32'): Tensor {
  const op = 'vorbisWindow';
  const d = floatDType(dtype, op);
  const N = checkWindowLength(windowLength, op);
  return renamedCall(op, () => {
    const arg = range(0, N, 1, d);
    const inner = gen.sin(gen.mul(gen.div(constant(Math.PI, d), N), gen.add(arg, 0.5)));
    return gen.sin(gen.mul(Math.PI / 2, gen.pow(inner, 2)));
  });
}

// ---- framing --------------------------------------------------------------------------------

/** Options of `tf.signal.frame` after its two sizes. */
export interface FrameOptions {
  /** Pad the end of the signal with `padValue` so that every sample is in a frame (default false:
   * frames that would run past the end are dropped). */
  padEnd?: boolean;
  /** The value the end is padded with (default 0). */
  padValue?: number;
  /** The axis the signal runs along (default -1, the last). */
  axis?: number;
}

/**
 * tf.signal.frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1): the
 * windows of `frameLength` samples taken every `frameStep` samples along `axis`, which becomes two
 * axes `[numFrames, frameLength]`; numFrames = 1 + ⌊(n − frameLength) / frameStep⌋ (at least 0),
 * or ⌈n / frameStep⌉ with `padEnd`. The trailing arguments may also be an options object
 * (`{padEnd, padValue, axis}`). A gather, so differentiable (frames that overlap add their
 * gradients).
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3, 4, 5]);
 * console.log(tf.signal.frame(x, 3, 2).arraySync());       // [ [ 1, 2, 3 ], [ 3, 4, 5 ] ]
 * console.log(tf.signal.frame(x, 2, 2, true).arraySync()); // [ [ 1, 2 ], [ 3, 4 ], [ 5, 0 ] ]
 * ```
 */
export function frame(signal: TensorLike, frameLength: number | Tensor, frameStep: number | Tensor, padEnd: boolean | FrameOptions = false, padValue = 0, axis = -1): Tensor {
  const op = 'frame';
  let padEndArg: unknown = padEnd, padValueArg: unknown = padValue, axisArg: unknown = axis;
  if (isPlainObject(padEnd)) {
    const o = checkOptions(padEnd, op, ['padEnd', 'padValue', 'axis'], '{ padEnd: true, padValue: 0, axis: -1 }');
    [padEndArg, padValueArg, axisArg] = [o.padEnd ?? false, o.padValue ?? 0, o.axis ?? -1];
  }
  const t = toTensor(signal, undefined, op);
  if (t.rank < 1) throw new Error(`${op}: signal must have rank at least 1, got a scalar (shape []).`);
  const L = integerArgument(frameLength, op, 'frameLength');
  const step = integerArgument(frameStep, op, 'frameStep');
  if (L < 0) throw new Error(`${op}: frameLength must be >= 0, got ${L}.`);
  if (step < 1) throw new Error(`${op}: frameStep must be >= 1, got ${step} (TensorFlow divides by it).`);
  const padded = checkBoolean(padEndArg, op, 'padEnd', false);
  const value = finiteNumber(padValueArg, op, 'padValue');
  const ax = normalizeAxis(integerArgument(axisArg, op, 'axis'), t.rank, op);
  const n = t.shape[ax]!;
  return composed(op, () => {
    let x = t, numFrames: number;
    if (padded) {
      numFrames = Math.ceil(n / step);
      const extra = Math.max(0, L + step * (numFrames - 1) - n);
      if (extra > 0) x = pad(x, x.shape.map((_, d) => (d === ax ? [0, extra] : [0, 0])), 'CONSTANT', value);
    } else {
      numFrames = Math.max(0, 1 + Math.floor((n - L) / step));
    }
    // Frame f holds samples f·step .. f·step + L − 1.
    const selector = new Int32Array(numFrames * L);
    for (let f = 0; f < numFrames; f++) for (let i = 0; i < L; i++) selector[f * L + i] = f * step + i;
    return gather(x, fromHost(selector, [numFrames, L], 'int32'), ax);
  });
}

/**
 * tf.signal.overlap_and_add(signal, frame_step): frames `[..., frames, frameLength]` added back
 * together `frameStep` samples apart, giving `[..., frameLength + frameStep · (frames − 1)]`:
 * the inverse of `frame` up to the overlaps' sums. Composed of pads, reshapes, a transpose and a
 * sum, as TensorFlow's, so differentiable.
 *
 * @example
 * ```ts
 * const frames = tf.constant([[1, 1, 1], [2, 2, 2]]);
 * console.log(tf.signal.overlapAndAdd(frames, 2).arraySync()); // [ 1, 1, 3, 2, 2 ]
 * ```
 */
export function overlapAndAdd(signal: TensorLike, frameStep: number | Tensor): Tensor {
  const op = 'overlapAndAdd';
  const t = toTensor(signal, undefined, op);
  if (t.rank < 2) throw new Error(`${op}: signal must have rank at least 2 ([..., frames, frameLength]), got shape ${shapeText(t.shape)}.`);
  const step = integerArgument(frameStep, op, 'frameStep');
  if (step < 1) throw new Error(`${op}: frameStep must be >= 1, got ${step}.`);
  const outer = t.shape.slice(0, -2), r = outer.length;
  const frames = t.shape[r]!, L = t.shape[r + 1]!;
  const outputLength = L + step * (frames - 1);
  return composed(op, () => {
    if (step === L) return reshape(t, [...outer, outputLength]);
    // Each frame padded to `segments` pieces of `step` samples; piece j of frame f lands at piece
    // f + j of the output, so shifting row j by j places (the transpose-and-truncate trick) lines
    // up what adds together, and a sum over j adds it.
    const segments = Math.ceil(L / step);
    let x = pad(t, [...outer.map(() => [0, 0]), [0, segments], [0, segments * step - L]]);
    x = reshape(x, [...outer, frames + segments, segments, step]);
    x = transpose(x, [...outer.map((_, d) => d), r + 1, r, r + 2]);
    x = reshape(x, [...outer, (frames + segments) * segments, step]);
    x = sliceAxis(x, r, 0, (frames + segments - 1) * segments, op);
    x = reshape(x, [...outer, segments, frames + segments - 1, step]);
    x = gen.reduceSum(x, r);
    x = reshape(x, [...outer, (frames + segments - 1) * step]);
    return sliceAxis(x, r, 0, Math.max(0, Math.min(outputLength, x.shape[r]!)), op);
  });
}

// ---- fftshift -------------------------------------------------------------------------------

/** roll(x, ±⌊n/2⌋) over `axes` (every axis when null). */
function shifted(op: string, x: TensorLike, axes: number | readonly number[] | null | undefined, sign: 1 | -1): Tensor {
  const t = toTensor(x, undefined, op);
  const list = axes === undefined || axes === null ? t.shape.map((_, d) => d) : typeof axes === 'number' ? [axes] : Array.isArray(axes) ? axes : null;
  if (list === null || list.some((a) => typeof a !== 'number' || !Number.isInteger(a))) {
    throw new Error(`${op}: axes must be null, an integer or a list of integers, got ${describe(axes)}.`);
  }
  const dims = list.map((a) => normalizeAxis(a, t.rank, op));
  return renamedCall(op, () => (dims.length === 0 ? identity(t) : roll(t, dims.map((d) => sign * Math.floor(t.shape[d]! / 2)), dims)));
}

/**
 * tf.signal.fftshift(x, axes=None): the zero-frequency entry moved to the centre, a roll by
 * ⌊n/2⌋ along each of `axes` (every axis by default). Any dtype; differentiable.
 *
 * @example
 * ```ts
 * console.log(tf.signal.fftshift(tf.constant([0, 1, 2, -2, -1])).arraySync()); // [ -2, -1, 0, 1, 2 ]
 * ```
 */
export function fftshift(x: TensorLike, axes: number | readonly number[] | null = null): Tensor {
  return shifted('fftshift', x, axes, 1);
}

/**
 * tf.signal.ifftshift(x, axes=None): the inverse of fftshift, a roll by −⌊n/2⌋ along each of `axes`.
 *
 * @example
 * ```ts
 * console.log(tf.signal.ifftshift(tf.constant([-2, -1, 0, 1, 2])).arraySync()); // [ 0, 1, 2, -2, -1 ]
 * ```
 */
export function ifftshift(x: TensorLike, axes: number | readonly number[] | null = null): Tensor {
  return shifted('ifftshift', x, axes, -1);
}

// ---- discrete cosine transforms -------------------------------------------------------------

/** The DCT types. */
export type DctType = 1 | 2 | 3 | 4;

/** Options of `tf.signal.dct` and `tf.signal.idct` (TensorFlow's keyword arguments). */
export interface DctOptions {
  /** The DCT type, 1 to 4 (default 2). */
  type?: DctType;
  /** The length the last axis is truncated or zero-padded to first (default: its own). */
  n?: number | null;
  /** Only -1, as in TensorFlow. */
  axis?: number;
  /** null (TensorFlow's unnormalized scaling, the default) or 'ortho' (not for type 1). */
  norm?: 'ortho' | null;
}

/** cos(π m / d) for integers m ≥ 0, d > 0, with m reduced modulo 2d first so that the argument
 * stays in [0, 2π) and loses nothing to a large multiple of π. */
function cosPi(m: number, d: number): number {
  return Math.cos((Math.PI * (m % (2 * d))) / d);
}

/** The N×N matrix M with y = x M for TensorFlow's DCT of `kind` along a row x (row n of M is
 * input n, column k output k), in float64:
 *  I:   y_k = x_0 + (−1)^k x_{N−1} + 2 Σ_{0<n<N−1} x_n cos(π k n / (N−1))
 *  II:  y_k = 2 Σ x_n cos(π k (2n+1) / 2N); ortho scales y_0 by √(1/4N), the others by √(1/2N)
 *  III: y_k = x_0 + 2 Σ_{n>0} x_n cos(π n (2k+1) / 2N); ortho: x_0/√N + √(2/N) Σ_{n>0} x_n cos(...)
 *  IV:  y_k = 2 Σ x_n cos(π (2n+1)(2k+1) / 4N); ortho scales all by √(1/2N). */
function dctBasis(kind: DctType, N: number, ortho: boolean): Float64Array {
  const M = new Float64Array(N * N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < N; k++) {
      let v: number;
      switch (kind) {
        case 1:
          if (N === 1) v = 1;
          else if (n === 0) v = 1;
          else if (n === N - 1) v = k % 2 === 0 ? 1 : -1;
          else v = 2 * cosPi(k * n, N - 1);
          break;
        case 2:
          v = 2 * cosPi(k * (2 * n + 1), 2 * N);
          if (ortho) v *= k === 0 ? Math.sqrt(1 / (4 * N)) : Math.sqrt(1 / (2 * N));
          break;
        case 3:
          if (n === 0) v = ortho ? 1 / Math.sqrt(N) : 1;
          else v = (ortho ? Math.sqrt(2 / N) : 2) * cosPi(n * (2 * k + 1), 2 * N);
          break;
        case 4:
          v = 2 * cosPi((2 * n + 1) * (2 * k + 1), 4 * N);
          if (ortho) v *= Math.sqrt(1 / (2 * N));
          break;
      }
      M[n * N + k] = v;
    }
  }
  return M;
}

/** The bases made lately (a training loop transforms the same lengths at every step; a basis
 * costs N² cosines to make). Host arrays, never tensors: nothing here can be disposed under a
 * user. Each use copies it into a new tensor. */
const recentBases = new Map<string, Float64Array>();
const RECENT_BASES = 16;

function cachedBasis(kind: DctType, N: number, ortho: boolean): Float64Array {
  const key = `${kind}/${N}/${ortho}`;
  let basis = recentBases.get(key);
  if (basis === undefined) {
    basis = dctBasis(kind, N, ortho);
    if (recentBases.size >= RECENT_BASES) recentBases.delete(recentBases.keys().next().value!);
    recentBases.set(key, basis);
  }
  return basis;
}

/** Parses dct's and idct's arguments with TensorFlow's checks (_validate_dct_arguments). */
function dctArguments(op: string, input: TensorLike, type: unknown, n: unknown, axis: unknown, norm: unknown) {
  if (isPlainObject(type)) {
    const o = checkOptions(type, op, ['type', 'n', 'axis', 'norm'], "{ type: 2, norm: 'ortho' }");
    [type, n, axis, norm] = [o.type ?? 2, o.n ?? null, o.axis ?? -1, o.norm ?? null];
  }
  const t = floatOperand(input, op, 'input');
  if (axis !== -1) throw new Error(`${op}: axis must be -1, got ${describe(axis)} (TensorFlow implements only the last axis; transpose the input first).`);
  if (n !== null && n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1)) {
    throw new Error(`${op}: n should be a positive integer or null, got ${describe(n)}.`);
  }
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) throw new Error(`${op}: Types I, II, III and IV (I)DCT are supported, got type ${describe(type)}.`);
  if (norm !== null && norm !== undefined && norm !== 'ortho') throw new Error(`${op}: Unknown normalization. Expected null or 'ortho', got: ${describe(norm)}.`);
  if (t.rank < 1) throw new Error(`${op}: input must have rank at least 1, got a scalar.`);
  if (type === 1) {
    if (norm === 'ortho') throw new Error(`${op}: Normalization is not supported for the Type-I DCT.`);
    if (t.shape[t.rank - 1]! < 2) throw new Error(`${op}: Type-I DCT requires the dimension to be greater than one, got ${t.shape[t.rank - 1]}.`);
  }
  return { t, type: type as DctType, n: (n ?? null) as number | null, ortho: norm === 'ortho' };
}

/** The DCT of `kind` along the last axis of `t`, truncated or zero-padded to `n` first. */
function dctAlongLastAxis(op: string, t: Tensor, kind: DctType, n: number | null, ortho: boolean): Tensor {
  return composed(op, () => {
    const last = t.rank - 1, length = t.shape[last]!;
    let x = t;
    if (n !== null && n < length) x = sliceAxis(x, last, 0, n, op);
    else if (n !== null && n > length) x = pad(x, x.shape.map((_, d) => (d === last ? [0, n - length] : [0, 0])));
    const N = x.shape[last]!;
    const basis = fromHost(cachedBasis(kind, N, ortho).slice(), [N, N], 'float64');
    const rows = reshape(x, [-1, N]);
    return reshape(matmul(rows, cast(basis, x.dtype)), x.shape);
  });
}

/**
 * tf.signal.dct(input, type=2, n=None, axis=-1, norm=None): the discrete cosine transform of
 * type 1, 2, 3 or 4 along the last axis, with TensorFlow's scaling (unnormalized: type 2 is
 * 2 Σ x_n cos(πk(2n+1)/2N), scipy's; `norm: 'ortho'` makes types 2-4 orthonormal). `n` truncates
 * or zero-pads the axis first. The arguments after `input` may be an options object
 * (`{type, n, axis, norm}`). Float32 or float64; computed as one matmul with the cosine basis
 * (TensorFlow uses an FFT: the values agree to rounding), so differentiable.
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3, 4], 'float64');
 * const rounded = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => Math.round(v * 1e6) / 1e6 + 0);
 * console.log(rounded(tf.signal.dct(x, 1)));                 // [ 15, -4, 0, -1 ]
 * console.log(rounded(tf.signal.dct(x, { norm: 'ortho' }))); // [ 5, -2.230442, 0, -0.158513 ]
 * ```
 */
export function dct(input: TensorLike, type: DctType | DctOptions = 2, n: number | null = null, axis = -1, norm: 'ortho' | null = null): Tensor {
  const a = dctArguments('dct', input, type, n, axis, norm);
  return dctAlongLastAxis('dct', a.t, a.type, a.n, a.ortho);
}

/**
 * tf.signal.idct(input, type=2, n=None, axis=-1, norm=None): the inverse DCT as TensorFlow
 * defines it, the DCT of the inverse type (types 2 and 3 swap; 1 and 4 are their own): with
 * `norm: 'ortho'` it inverts dct exactly; unnormalized, idct(dct(x)) is 2N·x for types 2-4 and
 * 2(N−1)·x for type 1, as in TensorFlow and scipy.
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3, 4], 'float64');
 * const y = tf.signal.dct(x, { norm: 'ortho' });
 * console.log(Array.from(tf.signal.idct(y, { norm: 'ortho' }).dataSync(), (v) => Math.round(v * 1e6) / 1e6)); // [ 1, 2, 3, 4 ]
 * ```
 */
export function idct(input: TensorLike, type: DctType | DctOptions = 2, n: number | null = null, axis = -1, norm: 'ortho' | null = null): Tensor {
  const a = dctArguments('idct', input, type, n, axis, norm);
  const inverse = ({ 1: 1, 2: 3, 3: 2, 4: 4 } as const)[a.type];
  return dctAlongLastAxis('idct', a.t, inverse, a.n, a.ortho);
}

// ---- mel filterbank and MFCCs ---------------------------------------------------------------

/** Options of `tf.signal.linearToMelWeightMatrix` (TensorFlow's keyword arguments). */
export interface LinearToMelWeightMatrixOptions {
  /** Bands of the mel spectrum (default 20). */
  numMelBins?: number;
  /** Bins of the linear spectrogram, fftLength / 2 + 1 (default 129). */
  numSpectrogramBins?: number;
  /** The samples per second of the signal (default 8000). */
  sampleRate?: number;
  /** The lower edge of the lowest band in hertz (default 125). */
  lowerEdgeHertz?: number;
  /** The upper edge of the highest band in hertz (default 3800), at most sampleRate / 2. */
  upperEdgeHertz?: number;
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
}

/**
 * tf.signal.linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129,
 * sample_rate=8000, lower_edge_hertz=125, upper_edge_hertz=3800, dtype=float32): the
 * `[numSpectrogramBins, numMelBins]` matrix of HTK's triangular mel filters (mel = 1127 ln(1 +
 * f/700)) that maps a linear spectrogram to a mel spectrogram by a matmul; its first row (the DC
 * bin) is zero. The arguments may also be one options object. Computed step by step in the dtype's
 * arithmetic as TensorFlow computes it (ln rounded from float64), TensorFlow's checks included.
 *
 * @example
 * ```ts
 * const m = tf.signal.linearToMelWeightMatrix({ numMelBins: 4, numSpectrogramBins: 9, sampleRate: 800, lowerEdgeHertz: 50, upperEdgeHertz: 400 });
 * console.log(m.shape);                                                                   // [ 9, 4 ]
 * console.log(Array.from(m.dataSync().slice(12, 16), (v) => Math.round(v * 1e6) / 1e6)); // [ 0.365983, 0.634017, 0, 0 ]
 * ```
 */
export function linearToMelWeightMatrix(
  numMelBins: number | LinearToMelWeightMatrixOptions = 20, numSpectrogramBins = 129, sampleRate = 8000,
  lowerEdgeHertz = 125, upperEdgeHertz = 3800, dtype: DType = 'float32',
): Tensor {
  const op = 'linearToMelWeightMatrix';
  let args: unknown[] = [numMelBins, numSpectrogramBins, sampleRate, lowerEdgeHertz, upperEdgeHertz, dtype];
  if (isPlainObject(numMelBins)) {
    const keys = ['numMelBins', 'numSpectrogramBins', 'sampleRate', 'lowerEdgeHertz', 'upperEdgeHertz', 'dtype'];
    const o = checkOptions(numMelBins, op, keys, '{ numMelBins: 40, numSpectrogramBins: 257, sampleRate: 16000 }');
    const defaults = [20, 129, 8000, 125, 3800, 'float32'];
    args = keys.map((k, i) => o[k] ?? defaults[i]);
  }
  const bands = integerArgument(args[0], op, 'numMelBins');
  const bins = integerArgument(args[1], op, 'numSpectrogramBins');
  const rate = finiteNumber(args[2], op, 'sampleRate');
  const lower = finiteNumber(args[3], op, 'lowerEdgeHertz');
  const upper = finiteNumber(args[4], op, 'upperEdgeHertz');
  // TensorFlow's checks, in its order (_validate_arguments), then linspace's on the bins.
  if (bands <= 0) throw new Error(`${op}: num_mel_bins must be positive. Got: ${bands}`);
  if (lower < 0) throw new Error(`${op}: lower_edge_hertz must be non-negative. Got: ${lower}`);
  if (lower >= upper) throw new Error(`${op}: lower_edge_hertz ${lower.toFixed(1)} >= upper_edge_hertz ${upper.toFixed(1)}`);
  if (rate <= 0) throw new Error(`${op}: sample_rate must be positive. Got: ${rate}`);
  if (upper > rate / 2) throw new Error(`${op}: upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). Got ${upper} for sample_rate: ${rate}`);
  const d = checkDType(args[5], op);
  if (!isFloat(d)) throw new Error(`${op}: dtype must be a floating point type. Got: '${d}'`);
  if (bins < 0) throw tfError(InvalidArgumentError, `${op}: numSpectrogramBins must be >= 0, got ${bins} (TensorFlow's linspace: Requires start <= limit when delta > 0).`);
  // Every step rounded to the dtype, as TensorFlow's ops compute them.
  const r = d === 'float32' ? Math.fround : (v: number) => v;
  const hertzToMel = (f: number) => r(1127 * r(Math.log(r(1 + r(f / 700)))));
  /** tf.linspace(start, stop, num) as linspace_nd computes it: start + delta·i inside, stop last. */
  const linspace = (start: number, stop: number, num: number): number[] => {
    const delta = r(r(stop - start) / Math.max(num - 1, 1));
    return Array.from({ length: num }, (_, i) => (i === 0 ? start : i === num - 1 ? stop : r(start + r(delta * i))));
  };
  const frequencies = linspace(0, r(r(rate) / 2), bins).slice(1);
  const edges = linspace(hertzToMel(r(lower)), hertzToMel(r(upper)), bands + 2);
  const data = new Float64Array(Math.max(bins, 1) * bands);
  frequencies.forEach((f, i) => {
    const mel = hertzToMel(f);
    for (let b = 0; b < bands; b++) {
      const [lo, centre, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
      const lowerSlope = r(r(mel - lo) / r(centre - lo));
      const upperSlope = r(r(hi - mel) / r(hi - centre));
      data[(i + 1) * bands + b] = Math.max(0, Math.min(lowerSlope, upperSlope));
    }
  });
  return fromHost(d === 'float32' ? Float32Array.from(data) : data, [Math.max(bins, 1), bands], d);
}

/**
 * tf.signal.mfccs_from_log_mel_spectrograms(log_mel_spectrograms): the mel-frequency cepstral
 * coefficients of `[..., numMelBins]` log-mel spectrograms, HTK's scaling: the unnormalized DCT-II
 * times 1/√(2·numMelBins) (so every coefficient but the first is the orthonormal DCT's).
 * Differentiable.
 *
 * @example
 * ```ts
 * const logMel = tf.constant([[1, 2, 3, 4]], 'float64');
 * const mfccs = tf.signal.mfccsFromLogMelSpectrograms(logMel);
 * console.log(Array.from(mfccs.dataSync(), (v) => Math.round(v * 1e6) / 1e6 + 0)); // [ 7.071068, -2.230442, 0, -0.158513 ]
 * ```
 */
export function mfccsFromLogMelSpectrograms(logMelSpectrograms: TensorLike): Tensor {
  const op = 'mfccsFromLogMelSpectrograms';
  const t = floatOperand(logMelSpectrograms, op, 'logMelSpectrograms');
  if (t.rank < 1) throw new Error(`${op}: logMelSpectrograms must have rank at least 1 ([..., numMelBins]), got a scalar.`);
  const bins = t.shape[t.rank - 1]!;
  if (bins === 0) throw new Error(`${op}: num_mel_bins must be positive. Got: a tensor of shape ${shapeText(t.shape)}`);
  const dct2 = dctAlongLastAxis(op, t, 2, null, false);
  return renamedCall(op, () => gen.mul(dct2, gen.rsqrt(gen.mul(constant(bins, t.dtype), 2))));
}

// ---- MDCT -----------------------------------------------------------------------------------

/** Options of `tf.signal.mdct` after its frame length (TensorFlow's keyword arguments). */
export interface MdctOptions {
  /** The window applied to each frame, called as windowFn(frameLength, dtype) (default vorbisWindow); null for none (frames scaled by 1/√2). */
  windowFn?: WindowFn | null;
  /** Pad the signal's end with zeros so that every sample is in a frame (default false). */
  padEnd?: boolean;
  /** null (default) or 'ortho'. */
  norm?: 'ortho' | null;
}

/** Options of `tf.signal.inverseMdct` (TensorFlow's keyword arguments). */
export interface InverseMdctOptions {
  /** The synthesis window, called as windowFn(2 · halfLength, dtype) (default vorbisWindow); null for none (frames scaled by 1/√2). */
  windowFn?: WindowFn | null;
  /** null (default) or 'ortho'. */
  norm?: 'ortho' | null;
}

/** The window of `length` in `dtype`, or null, from a user's window function. */
function windowOf(op: string, windowFn: unknown, length: number, dtype: DType): Tensor | null {
  if (windowFn === null) return null;
  if (typeof windowFn !== 'function') throw new Error(`${op}: windowFn must be a window function such as tf.signal.vorbisWindow, or null, got ${describe(windowFn)}.`);
  const w = (windowFn as WindowFn)(length, dtype);
  if (!(w instanceof Tensor) || w.rank !== 1 || w.shape[0] !== length) {
    throw new Error(`${op}: windowFn(${length}, '${dtype}') must return a window of shape [${length}], got ${w instanceof Tensor ? `shape ${shapeText(w.shape)}` : describe(w)}.`);
  }
  return w;
}

function checkNorm(op: string, norm: unknown): boolean {
  if (norm !== null && norm !== undefined && norm !== 'ortho') throw new Error(`${op}: Unknown normalization. Expected null or 'ortho', got: ${describe(norm)}.`);
  return norm === 'ortho';
}

/**
 * tf.signal.mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None): the
 * modified discrete cosine transform of each frame of `frameLength` samples (a multiple of 4) taken
 * every frameLength / 2 samples along the last axis: `[..., frames, frameLength / 2]`, a DCT-IV of
 * the windowed frames folded to half length, as TensorFlow computes it. The arguments after
 * `frameLength` may be an options object (`{windowFn, padEnd, norm}`). Differentiable.
 *
 * @example
 * ```ts
 * const x = tf.constant([0, 1, 2, 3, 4, 5, 6, 7], 'float64');
 * const y = tf.signal.mdct(x, 4, { norm: 'ortho' });
 * console.log(y.shape);                                                                // [ 3, 2 ]
 * const back = tf.signal.inverseMdct(y, { norm: 'ortho' });
 * console.log(Array.from(back.dataSync().slice(2, 6), (v) => Math.round(v * 1e6) / 1e6)); // [ 2, 3, 4, 5 ]
 * ```
 */
export function mdct(signals: TensorLike, frameLength: number | Tensor, windowFn: WindowFn | null | MdctOptions = vorbisWindow, padEnd = false, norm: 'ortho' | null = null): Tensor {
  const op = 'mdct';
  let fn: unknown = windowFn, padded: unknown = padEnd, normArg: unknown = norm;
  if (isPlainObject(windowFn)) {
    const o = checkOptions(windowFn, op, ['windowFn', 'padEnd', 'norm'], "{ windowFn: tf.signal.hannWindow, padEnd: true, norm: 'ortho' }");
    [fn, padded, normArg] = ['windowFn' in o ? o.windowFn : vorbisWindow, o.padEnd ?? false, o.norm ?? null];
  }
  const t = floatOperand(signals, op, 'signals');
  if (t.rank < 1) throw new Error(`${op}: signals must have rank at least 1, got a scalar.`);
  const L = integerArgument(frameLength, op, 'frameLength');
  if (L % 4 !== 0 || L < 0) throw new Error(`${op}: The frame length must be a multiple of 4, got ${L}.`);
  const ortho = checkNorm(op, normArg);
  const pe = checkBoolean(padded, op, 'padEnd', false);
  const window = windowOf(op, fn, L, t.dtype);
  return composed(op, () => {
    let frames = frame(t, L, L / 2, pe);
    frames = window === null ? gen.mul(frames, 1 / Math.sqrt(2)) : gen.mul(frames, window);
    // The frame's quarters a b c d folded into (−c_r − d, a − b_r) (_r: reversed), whose DCT-IV
    // gives the frameLength / 2 distinct MDCT coefficients.
    const last = frames.rank - 1, q = L / 4;
    const [a, b, c, d] = [0, 1, 2, 3].map((i) => sliceAxis(frames, last, i * q, q, op));
    const folded = concat([gen.sub(gen.neg(reverse(c!, [last])), d!), gen.sub(a!, reverse(b!, [last]))], last);
    return dctAlongLastAxis(op, folded, 4, null, ortho);
  });
}

/**
 * tf.signal.inverse_mdct(mdcts, window_fn=vorbis_window, norm=None): signals from their MDCTs
 * `[..., frames, halfLength]`: each frame's DCT-IV unfolded to 2·halfLength samples, windowed and
 * overlap-added halfLength apart, `[..., (frames + 1) · halfLength]`; with TensorFlow's defaults
 * (the Vorbis window, matching norms) it inverts mdct away from the first and last half frames.
 * The arguments after `mdcts` may be an options object (`{windowFn, norm}`). Differentiable.
 *
 * @example
 * ```ts
 * const y = tf.signal.inverseMdct(tf.constant([[1, 0], [0, 0]], 'float64'), { windowFn: null });
 * console.log(y.shape); // [ 6 ]
 * ```
 */
export function inverseMdct(mdcts: TensorLike, windowFn: WindowFn | null | InverseMdctOptions = vorbisWindow, norm: 'ortho' | null = null): Tensor {
  const op = 'inverseMdct';
  let fn: unknown = windowFn, normArg: unknown = norm;
  if (isPlainObject(windowFn)) {
    const o = checkOptions(windowFn, op, ['windowFn', 'norm'], "{ windowFn: tf.signal.hannWindow, norm: 'ortho' }");
    [fn, normArg] = ['windowFn' in o ? o.windowFn : vorbisWindow, o.norm ?? null];
  }
  const t = floatOperand(mdcts, op, 'mdcts');
  if (t.rank < 2) throw new Error(`${op}: mdcts must have rank at least 2 ([..., frames, halfLength]), got shape ${shapeText(t.shape)}.`);
  const ortho = checkNorm(op, normArg);
  const last = t.rank - 1, half = t.shape[last]!;
  if (half % 2 !== 0) throw new Error(`${op}: the last dimension of mdcts must be even (TensorFlow splits it in two), got ${half}.`);
  const window = windowOf(op, fn, 2 * half, t.dtype);
  return composed(op, () => {
    let result = dctAlongLastAxis(op, t, 4, null, ortho);
    if (!ortho) result = gen.mul(gen.div(constant(0.5, t.dtype), half), result);
    const [first, second] = [sliceAxis(result, last, 0, half / 2, op), sliceAxis(result, last, half / 2, half / 2, op)];
    let frames = concat([second!, gen.neg(reverse(second!, [last])), gen.neg(reverse(first!, [last])), gen.neg(first!)], last);
    frames = window === null ? gen.mul(frames, 1 / Math.sqrt(2)) : gen.mul(frames, window);
    return overlapAndAdd(frames, half);
  });
}

/**
 * tf.signal.inverse_stft_window_fn(frame_step, forward_window_fn=hann_window): the window function
 * that inverts an STFT taken with `forwardWindowFn` every `frameStep` samples (Griffin and Lim's
 * w / Σ w², the sum over the windows overlapping each sample). It returns a function
 * `(frameLength, dtype = 'float32') => Tensor`, as TensorFlow's does; real-valued, so usable
 * without the (unsupported) inverseStft.
 *
 * @example
 * ```ts
 * const inverse = tf.signal.inverseStftWindowFn(2);
 * console.log(inverse(4).arraySync()); // [ 0, 1, 1, 1 ]
 * ```
 */
export function inverseStftWindowFn(frameStep: number | Tensor, forwardWindowFn: WindowFn = hannWindow): (frameLength: number | Tensor, dtype?: DType) => Tensor {
  const op = 'inverseStftWindowFn';
  const step = integerArgument(frameStep, op, 'frameStep');
  if (step < 1) throw new Error(`${op}: frameStep must be >= 1, got ${step}.`);
  if (typeof forwardWindowFn !== 'function') throw new Error(`${op}: forwardWindowFn must be a window function such as tf.signal.hannWindow, got ${describe(forwardWindowFn)}.`);
  return (frameLength: number | Tensor, dtype: DType = 'float32') => {
    const L = integerArgument(frameLength, op, 'frameLength');
    const forward = windowOf(op, forwardWindowFn, L, dtype)!;
    return composed(op, () => {
      // Σ over the overlapping windows of w², sample by sample: w² cut into step-long pieces,
      // the pieces summed, the sum repeated over the frame.
      const overlaps = Math.ceil(L / step);
      let denom = pad(gen.square(forward), [[0, overlaps * step - L]]);
      denom = gen.reduceSum(reshape(denom, [overlaps, step]), 0, true);
      denom = sliceAxis(reshape(tile(denom, [overlaps, 1]), [overlaps * step]), 0, 0, L, op);
      return where(gen.equal(denom, 0), zerosLike(forward), gen.div(forward, denom));
    });
  };
}

// ---- the complex part, refused ----------------------------------------------------------------

/** A function of TensorFlow's tf.signal that needs complex tensors: it throws, naming itself. */
function complexOnly(name: string, tfName: string, why: string): (...args: unknown[]) => never {
  const refuse = (..._args: unknown[]): never => {
    throw new Error(`tf.signal.${name} (TensorFlow's tf.signal.${tfName}) is not supported: ${why}, and gradtape has no complex dtypes. `
      + 'The real-valued part of tf.signal is here: the windows, frame, overlapAndAdd, fftshift, dct/idct, mdct/inverseMdct, linearToMelWeightMatrix, mfccsFromLogMelSpectrograms.');
  };
  Object.defineProperty(refuse, 'name', { value: name });
  return refuse;
}

const COMPLEX_RESULT = 'its result is complex';
const COMPLEX_INPUT = 'it takes a complex input';
/** TensorFlow's complex tf.signal functions, each of which throws. */
export const refused = {
  fft: complexOnly('fft', 'fft', 'it transforms a complex tensor'),
  ifft: complexOnly('ifft', 'ifft', 'it transforms a complex tensor'),
  fft2d: complexOnly('fft2d', 'fft2d', 'it transforms a complex tensor'),
  ifft2d: complexOnly('ifft2d', 'ifft2d', 'it transforms a complex tensor'),
  fft3d: complexOnly('fft3d', 'fft3d', 'it transforms a complex tensor'),
  ifft3d: complexOnly('ifft3d', 'ifft3d', 'it transforms a complex tensor'),
  fftnd: complexOnly('fftnd', 'fftnd', 'it transforms a complex tensor'),
  ifftnd: complexOnly('ifftnd', 'ifftnd', 'it transforms a complex tensor'),
  rfft: complexOnly('rfft', 'rfft', COMPLEX_RESULT),
  rfft2d: complexOnly('rfft2d', 'rfft2d', COMPLEX_RESULT),
  rfft3d: complexOnly('rfft3d', 'rfft3d', COMPLEX_RESULT),
  rfftnd: complexOnly('rfftnd', 'rfftnd', COMPLEX_RESULT),
  irfft: complexOnly('irfft', 'irfft', COMPLEX_INPUT),
  irfft2d: complexOnly('irfft2d', 'irfft2d', COMPLEX_INPUT),
  irfft3d: complexOnly('irfft3d', 'irfft3d', COMPLEX_INPUT),
  irfftnd: complexOnly('irfftnd', 'irfftnd', COMPLEX_INPUT),
  stft: complexOnly('stft', 'stft', COMPLEX_RESULT),
  inverseStft: complexOnly('inverseStft', 'inverse_stft', COMPLEX_INPUT),
};
