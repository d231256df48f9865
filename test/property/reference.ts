// A plain-JS float64 reference for every public op of gradtape, with TensorFlow's semantics
// (NumPy broadcasting, TF's dtype rules), and the comparison of a library result against it.
//
// A reference value carries, per element, the exact-as-possible value computed in float64 and an
// absolute ERROR BOUND: how far a correct implementation working in the tensor's dtype may be
// from it (first-order running error analysis: each op adds the propagated input errors plus one
// rounding of its result; sums and dot products add k·u·Σ|terms|). This is the "care near
// cancellation": x - y of two nearly equal float32 values has a large bound relative to its
// result, a plain product does not. Integer (int32) values are exact, with two's-complement
// wrap-around like TensorFlow's kernels. A bound of Infinity marks an element that cannot be
// checked (e.g. float overflow, a log whose argument's sign is uncertain, a cast of a value whose
// integer part is uncertain); `compare` skips those and counts them, so properties can assert that
// they stay rare.
//
// Arguments TensorFlow rejects make the reference throw a `RefError`.

import * as tf from 'gradtape';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

export interface Ref {
  shape: number[];
  dtype: DType;
  /** Ideal values (float64; exact for int32). */
  data: Float64Array;
  /** Absolute error bound per element; 0 = exact; Infinity = unverifiable. */
  err: Float64Array;
}

/** The reference rejects the arguments (TensorFlow raises for them). */
export class RefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefError';
  }
}

// ---- dtype constants -----------------------------------------------------------------------------

/** Unit roundoff of the dtype. */
export const UNIT: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53, int32: 0, bool: 0 };
/** Smallest subnormal: the absolute error of one rounding in the underflow range. */
const ETA: Record<DType, number> = { float32: 2 ** -149, float64: 2 ** -1074, int32: 0, bool: 0 };
const MAX_FINITE: Record<DType, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE, int32: 2 ** 31 - 1, bool: 1 };
/** Ulps allowed for exp/log/pow (libm is within 1-2 ulps). */
const LIBM = 4;
/** The reference itself rounds in float64: for float64 results its own error is as large as the
 * library's, so bounds for float64 count rounding twice. */
const refFactor = (dtype: DType) => (dtype === 'float64' ? 2 : 1);

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

// ---- shapes ----------------------------------------------------------------------------------------

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export const fmtShape = (s: readonly number[]): string => `[${s.map((d) => safeString(d)).join(', ')}]`;

/** String(v) that never throws (symbols, objects without a prototype). */
export function safeString(v: unknown): string {
  try {
    return typeof v === 'symbol' ? v.toString() : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** NumPy broadcasting of two shapes, or RefError. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i + a.length >= rank ? a[i + a.length - rank]! : 1;
    const db = i + b.length >= rank ? b[i + b.length - rank]! : 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new RefError(`${op}: incompatible shapes ${fmtShape(a)} and ${fmtShape(b)}`);
  }
  return out;
}

/** For each flat index of `outShape`, the flat index of the (broadcast) source of `inShape`. */
export function broadcastIndex(outShape: readonly number[], inShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const map = new Int32Array(n);
  const lead = outShape.length - inShape.length;
  const inStrides = stridesOf(inShape);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let f = 0; f < n; f++) {
    let off = 0;
    for (let d = 0; d < inShape.length; d++) if (inShape[d] !== 1) off += idx[d + lead]! * inStrides[d]!;
    map[f] = off;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return map;
}

// ---- making reference values ----------------------------------------------------------------------

export function makeRef(shape: readonly number[], dtype: DType, data: ArrayLike<number>, err?: ArrayLike<number>): Ref {
  const n = sizeOf(shape);
  if (data.length !== n) throw new Error(`makeRef: ${data.length} values for shape ${fmtShape(shape)}`);
  return {
    shape: shape.slice(),
    dtype,
    data: Float64Array.from(data),
    err: err ? Float64Array.from(err) : new Float64Array(n),
  };
}

/** The value a JS number becomes in a tensor of `dtype` (TensorFlow's conversion), or RefError. */
export function convertNumber(v: number, dtype: DType, op: string): number {
  if (typeof v !== 'number') throw new RefError(`${op}: ${safeString(v)} is not a number`);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32') {
    if (!Number.isInteger(v)) throw new RefError(`${op}: ${v} is not an integer`);
    if (v < INT32_MIN || v > INT32_MAX) throw new RefError(`${op}: ${v} is out of range for int32`);
    return v + 0; // an int32 has no -0
  }
  if (dtype === 'float32') return Math.fround(v);
  return v;
}

/** Flat values and shape of nested arrays (TensorFlow's conversion of nested lists), or RefError. */
export function nestedToFlat(values: unknown, op: string): { shape: number[]; flat: number[]; hasBoolean: boolean } {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: number[] = [];
  let hasBoolean = false;
  const walk = (v: unknown, axis: number): void => {
    if (axis === shape.length) {
      if (typeof v === 'boolean') {
        hasBoolean = true;
        flat.push(v ? 1 : 0);
      } else if (typeof v === 'number') flat.push(v);
      else throw new RefError(`${op}: element ${safeString(v)} is not a number`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) throw new RefError(`${op}: ragged nested arrays`);
    for (const x of v) walk(x, axis + 1);
  };
  walk(values, 0);
  return { shape, flat, hasBoolean };
}

function nestedToFlatAllBoolean(values: unknown): boolean {
  return Array.isArray(values) ? values.every(nestedToFlatAllBoolean) : typeof values === 'boolean';
}

/** tf.constant(values, dtype) for numbers, nested arrays and typed arrays. */
export function constantRef(values: unknown, dtype: DType | undefined, floatx: DType, op = 'constant'): Ref {
  if (values instanceof Float32Array || values instanceof Float64Array || values instanceof Int32Array || values instanceof Uint8Array) {
    // A Uint8Array holds bools (TensorFlow.js's convention).
    const target =
      dtype ?? (values instanceof Float64Array ? 'float64' : values instanceof Int32Array ? 'int32' : values instanceof Uint8Array ? 'bool' : 'float32');
    return makeRef([values.length], target, Array.from(values, (v) => convertNumber(v, target, op)));
  }
  if (typeof values === 'number' || typeof values === 'boolean') {
    const target = dtype ?? (typeof values === 'boolean' ? 'bool' : floatx);
    return makeRef([], target, [convertNumber(Number(values), target, op)]);
  }
  if (Array.isArray(values)) {
    const { shape, flat, hasBoolean } = nestedToFlat(values, op);
    // All leaves boolean (and at least one): TensorFlow makes a bool tensor.
    const allBoolean = hasBoolean && flat.length > 0 && nestedToFlatAllBoolean(values);
    const target = dtype ?? (allBoolean ? 'bool' : floatx);
    return makeRef(shape, target, flat.map((v) => convertNumber(v, target, op)));
  }
  throw new RefError(`${op}: cannot convert ${typeof values} to a tensor`);
}

export function filledRef(shape: readonly number[], value: number, dtype: DType): Ref {
  const v = convertNumber(value, dtype, 'fill');
  return makeRef(shape, dtype, new Float64Array(sizeOf(shape)).fill(v));
}

// ---- error-bound helpers --------------------------------------------------------------------------

/** An error bound meaning "the result cannot be predicted" (a domain boundary lies within the
 * inputs' error bounds), as opposed to a bound that merely came out non-finite. */
const UNSURE = -1;

/** Final error of one element (all inputs had finite bounds): explicit UNSURE and float overflow
 * are unverifiable; NaN from certain inputs is certainly NaN; ±Infinity is certain only when it
 * comes from an exact infinity or an exact division by zero (`certainNonFinite`). */
function settle(v: number, e: number, dtype: DType, certainNonFinite: boolean): number {
  if (e === UNSURE) return Infinity;
  if (dtype === 'int32') return e;
  if (Number.isNaN(v)) return 0;
  if (!Number.isFinite(v)) return certainNonFinite ? 0 : Infinity;
  if (!Number.isFinite(e)) return Infinity;
  if (Math.abs(v) + e >= MAX_FINITE[dtype] * (1 - 4 * UNIT[dtype])) return Infinity; // may overflow
  return e;
}

const rnd = (v: number, dtype: DType, ulps = 1): number => (dtype === 'int32' ? 0 : ulps * refFactor(dtype) * UNIT[dtype] * Math.abs(v) + ETA[dtype]);

// ---- elementwise ops --------------------------------------------------------------------------------

export type UnaryName =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'square' | 'tanh' | 'sigmoid' | 'relu'
  | 'sign' | 'floor' | 'ceil' | 'round' | 'sin' | 'cos' | 'softplus' | 'log1p' | 'expm1' | 'reciprocal' | 'rsqrt';
export type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'squaredDifference' | 'floorDiv' | 'mod';
/** Unary ops TensorFlow has int32 kernels for (round returns integer tensors as they are). */
export const UNARY_INT32: readonly UnaryName[] = ['neg', 'abs', 'square', 'relu', 'sign', 'round'];

/** Rounds half to even (TensorFlow's and NumPy's round). */
export function roundHalfEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = Math.floor(v);
  const d = v - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 ? (v < 0 || Object.is(v, -0) ? -0 : 0) : r;
}

/** A step function of an uncertain value: exact when both ends of the interval step alike. */
function stepFn(f: (v: number) => number, a: number, ea: number): number {
  if (ea === 0 || !Number.isFinite(a)) return 0;
  return f(a - ea) === f(a + ea) ? 0 : UNSURE;
}

function intPow(base: number, exp: number): number {
  // Two's-complement wrapping power (exponentiation by squaring in 32-bit arithmetic).
  let result = 1;
  let b = base | 0;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e = Math.floor(e / 2);
  }
  return result | 0;
}

/** C's pow (which Rust's powf follows) where JavaScript's Math.pow differs. */
function cPow(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return Math.pow(a, b);
}

/** TensorFlow's arithmetic refuses bool tensors. */
function noBool(...refs: Ref[]): void {
  if (refs.some((r) => r.dtype === 'bool')) throw new RefError('bool tensors are not supported by arithmetic');
}

export function unaryRef(name: UnaryName, x: Ref): Ref {
  noBool(x);

  if (name === 'square') return binaryRef('mul', x, x);
  const dt = x.dtype;
  if (dt === 'int32' && !UNARY_INT32.includes(name)) {
    throw new RefError(`${name}: int32 is not supported (TensorFlow has no integer ${name} kernel)`);
  }
  if (dt === 'int32' && name === 'round') return { shape: x.shape.slice(), dtype: dt, data: x.data.slice(), err: x.err.slice() };
  // 1/x and 1/sqrt(x): the kernels' two roundings are within what the composition allows.
  if (name === 'reciprocal') return binaryRef('div', makeRef(x.shape, dt, new Float64Array(x.data.length).fill(1)), x);
  if (name === 'rsqrt') return unaryRef('reciprocal', unaryRef('sqrt', x));
  const n = x.data.length;
  const data = new Float64Array(n);
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x.data[i]!;
    const ea = x.err[i]!;
    let v: number;
    let e: number;
    let certainInf = !Number.isFinite(a) && ea === 0;
    switch (name) {
      case 'neg':
        v = dt === 'int32' ? -a | 0 : -a;
        e = ea;
        break;
      case 'abs':
        v = dt === 'int32' ? Math.abs(a) | 0 : Math.abs(a);
        e = ea;
        break;
      case 'exp':
        v = Math.exp(a);
        e = Math.abs(v) * Math.expm1(ea) + rnd(v, dt, LIBM);
        break;
      case 'log':
        v = Math.log(a);
        if (ea === 0) {
          e = Number.isFinite(v) ? rnd(v, dt, LIBM) + LIBM * UNIT[dt] : 0;
          certainInf = certainInf || a === 0;
        } else if (a - ea > 0) e = -Math.log1p(-ea / a) + rnd(v, dt, LIBM) + LIBM * UNIT[dt];
        else if (a + ea < 0) e = 0; // certainly negative: NaN
        else e = UNSURE;
        break;
      case 'sqrt':
        v = Math.sqrt(a);
        if (ea === 0) e = rnd(v, dt);
        else if (a - ea >= 0) e = Math.min(Math.sqrt(ea), ea / (Math.sqrt(a - ea) + Math.sqrt(a))) + rnd(v, dt);
        else if (a + ea < 0) e = 0;
        else e = UNSURE;
        break;
      case 'tanh':
        // |tanh'| <= 1 and tanh moves by at most 2; the kernels are within 2 ulps.
        v = Math.tanh(a);
        e = Math.min(ea, 2) + rnd(v, dt, LIBM);
        certainInf = false;
        break;
      case 'sigmoid':
        // |sigmoid'| <= 1/4 and sigmoid moves by at most 1; the kernels are within 4 ulps.
        v = 1 / (1 + Math.exp(-a));
        e = Math.min(ea / 4, 1) + rnd(v, dt, 2 * LIBM);
        // Below the smallest normal number the kernels may flush to 0 (XNNPACK's do; TensorFlow's
        // give a platform's exp there).
        e = Math.max(e, dt === 'float32' ? 2 ** -126 : 2 ** -1022);
        certainInf = false;
        break;
      case 'relu':
        // max(x, 0) moves by at most what x does; what a NaN gives is the kernel's choice. -0
        // stays -0 (TensorFlow's max(x, 0) keeps its first operand on a tie).
        v = dt === 'int32' ? Math.max(a, 0) : a < 0 ? 0 : a;
        e = Number.isNaN(a) ? UNSURE : ea;
        break;
      case 'sign':
        // 0, -0 and NaN are their own sign.
        v = a > 0 ? 1 : a < 0 ? -1 : a;
        e = stepFn(Math.sign, a, ea);
        break;
      case 'floor':
        v = Math.floor(a);
        e = stepFn(Math.floor, a, ea);
        break;
      case 'ceil':
        v = Math.ceil(a);
        e = stepFn(Math.ceil, a, ea);
        break;
      case 'round':
        v = roundHalfEven(a);
        e = stepFn(roundHalfEven, a, ea);
        break;
      case 'sin':
      case 'cos':
        // 1-Lipschitz, and moves by at most 2.
        v = name === 'sin' ? Math.sin(a) : Math.cos(a);
        e = Math.min(ea, 2) + rnd(v, dt, LIBM);
        certainInf = false;
        break;
      case 'softplus':
        // log(1 + e^x) = max(x, 0) + log1p(e^-|x|); its slope (a sigmoid) is below 1.
        v = Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
        e = ea + rnd(v, dt, 2 * LIBM);
        // Below the smallest normal number the kernels may flush to 0, as sigmoid's (TensorFlow's
        // CPU kernels run with denormals flushed).
        e = Math.max(e, dt === 'float32' ? 2 ** -126 : 2 ** -1022);
        certainInf = certainInf && a > 0;
        break;
      case 'log1p':
        v = Math.log1p(a);
        if (ea === 0) {
          e = Number.isFinite(v) ? rnd(v, dt, LIBM) : 0;
          certainInf = certainInf || a === -1;
        } else if (a - ea > -1) e = -Math.log1p(-ea / (1 + a)) + rnd(v, dt, LIBM);
        else if (a + ea < -1) e = 0; // certainly below -1: NaN
        else e = UNSURE;
        break;
      case 'expm1':
        // d/dx e^x - 1 = e^x
        v = Math.expm1(a);
        e = Math.exp(a) * Math.expm1(ea) + rnd(v, dt, LIBM);
        break;
    }
    data[i] = v;
    err[i] = ea === Infinity ? Infinity : settle(v, e, dt, certainInf);
  }
  return { shape: x.shape.slice(), dtype: dt, data, err };
}

function checkSameDtype(op: string, a: Ref, b: Ref): void {
  if (a.dtype !== b.dtype) throw new RefError(`${op}: dtype mismatch ${a.dtype} vs ${b.dtype}`);
}

export function castRef(x: Ref, dtype: DType): Ref {
  const n = x.data.length;
  if (dtype === x.dtype) return { shape: x.shape.slice(), dtype, data: x.data.slice(), err: x.err.slice() };
  const data = new Float64Array(n);
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x.data[i]!;
    const ea = x.err[i]!;
    if (dtype === 'bool') {
      // Non-zero (NaN included) is true; exact unless the bound reaches zero.
      data[i] = a !== 0 ? 1 : 0;
      err[i] = ea === Infinity || (a !== 0 && Math.abs(a) <= ea) ? Infinity : 0;
    } else if (dtype === 'int32') {
      // Truncation toward zero; out-of-range and NaN casts are platform-defined in TensorFlow.
      const lo = Math.trunc(a - ea);
      const hi = Math.trunc(a + ea);
      const t = Math.trunc(a) + 0;
      data[i] = Number.isFinite(t) ? t : 0;
      err[i] = !(Number.isFinite(a) && lo === hi && t >= INT32_MIN && t <= INT32_MAX) || ea === Infinity ? Infinity : 0;
    } else {
      data[i] = a;
      const e = ea + (dtype === 'float32' && x.dtype !== 'float32' ? UNIT.float32 * Math.abs(a) + ETA.float32 : 0);
      err[i] = ea === Infinity ? Infinity : settle(a, e, dtype, !Number.isFinite(a) && ea === 0);
    }
  }
  return { shape: x.shape.slice(), dtype, data, err };
}

/** Elementwise binary op with broadcasting. `div` of two int32 operands is true division in
 * float64 (TensorFlow's `/`); `pow` of int32 with a negative exponent is an error in TensorFlow. */
export function binaryRef(name: BinaryName, a: Ref, b: Ref): Ref {
  noBool(a, b);

  checkSameDtype(name, a, b);
  if (name === 'div' && a.dtype === 'int32') return binaryRef('div', castRef(a, 'float64'), castRef(b, 'float64'));
  // (x - y)² as the kernels compute it: the difference rounded (or wrapped), then squared.
  if (name === 'squaredDifference') {
    const d = binaryRef('sub', a, b);
    return binaryRef('mul', d, d);
  }
  const dt = a.dtype;
  const shape = broadcastShapes(name, a.shape, b.shape);
  // TensorFlow refuses an int32 divisor of 0 when it computes an element with it.
  if ((name === 'floorDiv' || name === 'mod') && dt === 'int32' && sizeOf(shape) > 0 && b.data.includes(0)) {
    throw new RefError(`${name}: Integer division by zero`);
  }
  const ia = broadcastIndex(shape, a.shape);
  const ib = broadcastIndex(shape, b.shape);
  const n = ia.length;
  const data = new Float64Array(n);
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a.data[ia[i]!]!;
    const y = b.data[ib[i]!]!;
    const ex = a.err[ia[i]!]!;
    const ey = b.err[ib[i]!]!;
    if (dt === 'int32') {
      let v: number;
      switch (name) {
        case 'add': v = (x + y) | 0; break;
        case 'sub': v = (x - y) | 0; break;
        case 'mul': v = Math.imul(x, y); break;
        case 'pow':
          if (y < 0) throw new RefError('pow: integers to negative integer powers are not allowed');
          v = intPow(x, y);
          break;
        case 'maximum': v = x < y ? y : x; break;
        case 'minimum': v = y < x ? y : x; break;
        // Python's floor division and remainder (the divisor's sign); MIN // -1 wraps.
        case 'floorDiv': v = Math.floor(x / y) | 0; break;
        case 'mod': {
          const r = x % y;
          v = (r !== 0 && r < 0 !== y < 0 ? r + y : r) + 0;
          break;
        }
        default: throw new Error('unreachable');
      }
      data[i] = v;
      err[i] = ex === Infinity || ey === Infinity ? Infinity : 0;
      continue;
    }
    let v: number;
    let e: number;
    let certainInf = (!Number.isFinite(x) && ex === 0) || (!Number.isFinite(y) && ey === 0);
    switch (name) {
      case 'add':
        v = x + y;
        e = ex + ey + rnd(v, dt);
        break;
      case 'sub':
        v = x - y;
        e = ex + ey + rnd(v, dt);
        break;
      case 'mul':
        v = x * y;
        e = Math.abs(x) * ey + Math.abs(y) * ex + ex * ey + rnd(v, dt);
        // An infinity times a factor that may be 0 (a tiny value that may underflow) may be NaN.
        if ((!Number.isFinite(x) && ey > 0 && Math.abs(y) <= ey) || (!Number.isFinite(y) && ex > 0 && Math.abs(x) <= ex)) e = UNSURE;
        break;
      case 'div':
        v = x / y;
        if (ey === 0 && y === 0) {
          e = 0;
          certainInf = certainInf || ex === 0;
          if (ex !== 0) e = UNSURE;
        } else if (Math.abs(y) > ey) e = (ex + Math.abs(v) * ey) / (Math.abs(y) - ey) + rnd(v, dt);
        else e = UNSURE;
        break;
      case 'pow': {
        v = cPow(x, y);
        // pow(1, y) and pow(x, 0) are 1 even for a NaN y or x: a NaN result is certain only if the
        // other operand cannot be 1 (or 0) (found by fuzzing: a sigmoid that rounds to 1).
        if ((Number.isNaN(y) && Math.abs(x - 1) <= ex && ex > 0) || (Number.isNaN(x) && Math.abs(y) <= ey && ey > 0)) {
          e = UNSURE;
          break;
        }
        if (ex === 0 && ey === 0) {
          e = rnd(v, dt, LIBM);
          certainInf = certainInf || (x === 0 && y < 0);
        } else if (ey === 0 && Number.isInteger(y)) {
          // integer exponent: smooth for any base except at 0 with y < 0
          if (y < 0 && x - ex <= 0 && x + ex >= 0) e = UNSURE;
          else {
            let m = Math.max(Math.abs(cPow(x - ex, y) - v), Math.abs(cPow(x + ex, y) - v));
            if (x - ex <= 0 && x + ex >= 0) m = Math.max(m, Math.abs(v));
            e = m + rnd(v, dt, LIBM);
          }
        } else if (x - ex > 0) {
          let m = 0;
          for (const p of [x - ex, x + ex]) for (const q of [y - ey, y + ey]) m = Math.max(m, Math.abs(cPow(p, q) - v));
          // NaN: an infinite result the ends of the interval do not share (x near 1 to the power
          // ±infinity, found by fuzzing: a softmax of 1 - 1 ulp)
          e = Number.isNaN(m) ? UNSURE : m + rnd(v, dt, LIBM);
        } else if (x + ex < 0 && ey === 0 && !Number.isInteger(y)) e = 0; // negative base, fractional exponent: NaN
        else e = UNSURE;
        break;
      }
      case 'maximum':
      case 'minimum':
        // 1-Lipschitz in each operand; NaN if either is NaN; a tie (0 and -0) gives the first
        // operand, as TensorFlow's std::max and std::min do.
        v = Number.isNaN(x) || Number.isNaN(y) ? NaN : name === 'maximum' ? (x < y ? y : x) : y < x ? y : x;
        e = Math.max(ex, ey);
        break;
      case 'floorDiv':
      case 'mod': {
        // floor(x / y) of the quotient rounded to the dtype (for exact operands the rounded
        // quotient is an integer exactly when the true one is), and fmod's exact remainder moved
        // into the divisor's sign (one rounding): x - k·y for k = floor(x / y). With uncertain
        // operands both are checkable only where k is certain.
        const q = dt === 'float32' ? Math.fround(x / y) : x / y;
        const r = x % y;
        v = name === 'floorDiv' ? Math.floor(q) : r !== 0 && r < 0 !== y < 0 ? r + y : r;
        if (ex === 0 && ey === 0) {
          e = name === 'floorDiv' ? 0 : rnd(v, dt);
          certainInf = true;
        } else {
          const eq = Math.abs(y) > ey ? (ex + Math.abs(q) * ey) / (Math.abs(y) - ey) + rnd(q, dt) : Infinity;
          const k = Math.floor(q);
          const certain = Number.isFinite(q) && Number.isFinite(eq) && Math.floor(q - eq) === k && Math.floor(q + eq) === k;
          e = !certain ? UNSURE : name === 'floorDiv' ? 0 : ex + Math.abs(k) * ey + rnd(v, dt);
          certainInf = false;
        }
        break;
      }
      default:
        throw new Error('unreachable');
    }
    data[i] = v;
    err[i] = ex === Infinity || ey === Infinity ? Infinity : settle(v, e, dt, certainInf);
  }
  return { shape, dtype: dt, data, err };
}

// ---- matmul -------------------------------------------------------------------------------------------

export function matmulRef(a: Ref, b: Ref, ta: boolean, tb: boolean): Ref {
  noBool(a, b);

  checkSameDtype('matmul', a, b);
  if (a.shape.length < 2 || b.shape.length < 2) throw new RefError('matmul: both operands need rank >= 2');
  const dt = a.dtype;
  const ar = a.shape.length;
  const br = b.shape.length;
  const [m, ka] = ta ? [a.shape[ar - 1]!, a.shape[ar - 2]!] : [a.shape[ar - 2]!, a.shape[ar - 1]!];
  const [kb, n] = tb ? [b.shape[br - 1]!, b.shape[br - 2]!] : [b.shape[br - 2]!, b.shape[br - 1]!];
  if (ka !== kb) throw new RefError(`matmul: inner dimensions ${ka} and ${kb} differ`);
  const k = ka;
  const batch = broadcastShapes('matmul', a.shape.slice(0, ar - 2), b.shape.slice(0, br - 2));
  const aBatch = broadcastIndex(batch, a.shape.slice(0, ar - 2));
  const bBatch = broadcastIndex(batch, b.shape.slice(0, br - 2));
  const nb = aBatch.length;
  const outShape = [...batch, m, n];
  const data = new Float64Array(nb * m * n);
  const err = new Float64Array(nb * m * n);
  // element (i, p) of the logical a, (p, j) of the logical b
  const aAt = (base: number, i: number, p: number) => base + (ta ? p * m + i : i * k + p);
  const bAt = (base: number, p: number, j: number) => base + (tb ? j * k + p : p * n + j);
  for (let bi = 0; bi < nb; bi++) {
    const aBase = aBatch[bi]! * m * k;
    const bBase = bBatch[bi]! * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const o = bi * m * n + i * n + j;
        if (dt === 'int32') {
          let s = 0;
          let unsure = false;
          for (let p = 0; p < k; p++) {
            const ai = aAt(aBase, i, p);
            const bj = bAt(bBase, p, j);
            s = (s + Math.imul(a.data[ai]!, b.data[bj]!)) | 0;
            if (a.err[ai] !== 0 || b.err[bj] !== 0) unsure = true;
          }
          data[o] = s;
          err[o] = unsure ? Infinity : 0;
          continue;
        }
        let s = 0;
        let mag = 0;
        let e = 0;
        let unsure = false;
        let infTerm = false;
        for (let p = 0; p < k; p++) {
          const ai = aAt(aBase, i, p);
          const bj = bAt(bBase, p, j);
          const x = a.data[ai]!;
          const y = b.data[bj]!;
          const ex = a.err[ai]!;
          const ey = b.err[bj]!;
          if (ex === Infinity || ey === Infinity) unsure = true;
          // An infinity times a factor that may be 0 (a tiny value that may underflow) may be NaN.
          if ((!Number.isFinite(x) && ey > 0 && Math.abs(y) <= ey) || (!Number.isFinite(y) && ex > 0 && Math.abs(x) <= ex)) unsure = true;
          s += x * y;
          if (Number.isFinite(x * y)) {
            mag += Math.abs(x * y);
            e += Math.abs(x) * ey + Math.abs(y) * ex + ex * ey;
          } else infTerm = true; // an exact infinity (or NaN) among the inputs
        }
        e += (k + 1) * refFactor(dt) * UNIT[dt] * mag + (k + 1) * ETA[dt];
        data[o] = s;
        // partial sums of large finite terms could overflow in another summation order
        err[o] = unsure || mag >= MAX_FINITE[dt] / 4 ? Infinity : settle(s, e, dt, infTerm);
      }
    }
  }
  return { shape: outShape, dtype: dt, data, err };
}

// ---- reductions ------------------------------------------------------------------------------------------

/** TensorFlow's `axis` argument: undefined/null = all axes; negative axes count from the end. */
export function normalizeAxes(axis: unknown, rank: number, op: string): { axes: number[]; duplicates: boolean } {
  if (axis === undefined || axis === null) return { axes: Array.from({ length: rank }, (_, i) => i), duplicates: false };
  const list = typeof axis === 'number' ? [axis] : Array.isArray(axis) ? axis : null;
  if (list === null) throw new RefError(`${op}: axis must be an integer or a list of integers`);
  const seen = new Set<number>();
  let duplicates = false;
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank) throw new RefError(`${op}: axis ${safeString(a)} out of range`);
    const p = a < 0 ? a + rank : a;
    if (seen.has(p)) duplicates = true;
    seen.add(p);
  }
  return { axes: [...seen].sort((p, q) => p - q), duplicates };
}

/** For a reduction over `axes`: the output shape and, per input element, its output slot. */
function reductionSlots(x: Ref, axes: readonly number[], keepdims: boolean): { outShape: number[]; slot: Int32Array; count: number } {
  const outShape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!axes.includes(i)) outShape.push(d);
    else if (keepdims) outShape.push(1);
  });
  const inStrides = stridesOf(x.shape);
  const kept = x.shape.map((_, i) => !axes.includes(i));
  const keptStrides = stridesOf(x.shape.filter((_, i) => kept[i]));
  let count = 1;
  for (const a of axes) count *= x.shape[a]!;
  const slot = new Int32Array(x.data.length);
  for (let f = 0; f < slot.length; f++) {
    let rem = f;
    let o = 0;
    let kd = 0;
    for (let d = 0; d < x.shape.length; d++) {
      const idx = Math.floor(rem / inStrides[d]!);
      rem -= idx * inStrides[d]!;
      if (kept[d]) o += idx * keptStrides[kd++]!;
    }
    slot[f] = o;
  }
  return { outShape, slot, count };
}

export type ReduceKind = 'sum' | 'mean' | 'max' | 'min' | 'prod';
export const REDUCE_NAME: Record<ReduceKind, string> = { sum: 'reduceSum', mean: 'reduceMean', max: 'reduceMax', min: 'reduceMin', prod: 'reduceProd' };

export function reduceRef(kind: ReduceKind, x: Ref, axis: unknown, keepdims: boolean): Ref {
  noBool(x);

  const op = REDUCE_NAME[kind];
  const { axes } = normalizeAxes(axis, x.shape.length, op);
  if (kind === 'max' || kind === 'min' || kind === 'prod') return extremeOrProductRef(kind, x, axes, keepdims);
  const dt = x.dtype;
  const { outShape, slot, count } = reductionSlots(x, axes, keepdims);
  const outSize = sizeOf(outShape);
  const sum = new Float64Array(outSize);
  const mag = new Float64Array(outSize);
  const esum = new Float64Array(outSize);
  const unsure = new Uint8Array(outSize);
  const infTerm = new Uint8Array(outSize);
  const n = x.data.length;
  for (let f = 0; f < n; f++) {
    const o = slot[f]!;
    const v = x.data[f]!;
    if (dt === 'int32') sum[o] = (sum[o]! + v) | 0;
    else sum[o] = sum[o]! + v;
    if (Number.isFinite(v)) {
      mag[o] = mag[o]! + Math.abs(v);
      esum[o] = esum[o]! + x.err[f]!;
    } else infTerm[o] = 1;
    if (x.err[f] === Infinity) unsure[o] = 1;
  }
  const data = new Float64Array(outSize);
  const err = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    let v = sum[o]!;
    let e = dt === 'int32' ? 0 : esum[o]! + (count + 1) * refFactor(dt) * UNIT[dt] * mag[o]! + (count + 1) * ETA[dt];
    if (kind === 'mean') {
      if (dt === 'int32') {
        if (count === 0) unsure[o] = 1; // integer 0/0: not specified by TensorFlow
        v = count === 0 ? 0 : Math.trunc(v / count) | 0;
      } else {
        v = v / count;
        e = count === 0 ? 0 : e / count + rnd(v, dt);
      }
    }
    data[o] = v;
    err[o] = unsure[o] || mag[o]! >= MAX_FINITE[dt] / 4 ? Infinity : dt === 'int32' ? 0 : settle(v, e, dt, infTerm[o] === 1);
  }
  return { shape: outShape, dtype: dt, data, err };
}

/** reduceMax/reduceMin (1-Lipschitz: the largest error of the group; NaN if any is NaN; an empty
 * group gives the dtype's lowest/highest value) and reduceProd (error of the product of the
 * bounds; unverifiable where a partial product in some order could overflow or underflow). */
function extremeOrProductRef(kind: 'max' | 'min' | 'prod', x: Ref, axes: readonly number[], keepdims: boolean): Ref {
  const dt = x.dtype;
  const { outShape, slot } = reductionSlots(x, axes, keepdims);
  const outSize = sizeOf(outShape);
  const isInt = dt === 'int32';
  const empty = kind === 'prod' ? 1 : kind === 'max' ? (isInt ? INT32_MIN : -Infinity) : isInt ? INT32_MAX : Infinity;
  const data = new Float64Array(outSize).fill(empty);
  const err = new Float64Array(outSize);
  const upper = new Float64Array(outSize).fill(1); // Π (|x| + e)
  const smallParts = new Float64Array(outSize).fill(1); // Π of the factors below 1 (with their bounds)
  const largeParts = new Float64Array(outSize).fill(1); // Π of the factors above 1
  const count = new Int32Array(outSize);
  const unsure = new Uint8Array(outSize);
  const hasInf = new Uint8Array(outSize);
  const mayBeZero = new Uint8Array(outSize);
  const signedZeroTie = new Uint8Array(outSize);
  for (let f = 0; f < x.data.length; f++) {
    const o = slot[f]!;
    const v = x.data[f]!;
    const e = x.err[f]!;
    count[o]!++;
    if (e === Infinity) unsure[o] = 1;
    if (kind === 'prod') {
      data[o] = isInt ? Math.imul(data[o]!, v) : data[o]! * v;
      if (isInt) continue;
      // An infinity times a factor that may be 0 (a tiny value that may underflow) may be NaN.
      if (!Number.isFinite(v)) hasInf[o] = 1;
      if (e > 0 && Math.abs(v) <= e) mayBeZero[o] = 1;
      upper[o] = upper[o]! * (Math.abs(v) + e);
      if (Math.abs(v) - e < 1) smallParts[o] = smallParts[o]! * Math.max(Math.abs(v) - e, 0);
      if (Math.abs(v) + e > 1) largeParts[o] = largeParts[o]! * (Math.abs(v) + e);
      continue;
    }
    const prev = data[o]!;
    data[o] = Number.isNaN(prev) || Number.isNaN(v) ? NaN : kind === 'max' ? Math.max(prev, v) : Math.min(prev, v);
    err[o] = Math.max(err[o]!, e);
    // Which zero a tie of 0 and -0 keeps depends on the order of the reduction.
    if (v === 0 && prev === 0 && Object.is(v, -0) !== Object.is(prev, -0)) signedZeroTie[o] = 1;
  }
  if (kind === 'prod' && !isInt) {
    for (let o = 0; o < outSize; o++) {
      const v = data[o]!;
      const n = count[o]!;
      const tiny = dt === 'float32' ? 2 ** -126 : 2 ** -1022;
      // Some order of multiplication meets every small factor first, or every large one.
      if (n > 1 && ((smallParts[o]! < tiny && largeParts[o]! > 1) || largeParts[o]! >= MAX_FINITE[dt] / 4)) unsure[o] = 1;
      if (hasInf[o] && mayBeZero[o]) unsure[o] = 1;
      // Infinite factors are certain (an uncertain one made the group unsure), and overflow of
      // finite ones is ruled out above.
      const e = hasInf[o] ? 0 : upper[o]! - Math.abs(v) + (n + 1) * refFactor(dt) * UNIT[dt] * upper[o]! + n * ETA[dt];
      err[o] = settle(v, e, dt, true);
    }
  } else if (!isInt) {
    for (let o = 0; o < outSize; o++) err[o] = settle(data[o]!, err[o]!, dt, !Number.isFinite(data[o]!));
  }
  for (let o = 0; o < outSize; o++) if (unsure[o] || (signedZeroTie[o] && data[o] === 0)) err[o] = Infinity;
  return { shape: outShape, dtype: dt, data, err };
}

// ---- along one axis: softmax, cumsum ----------------------------------------------------------------

/** For an axis of `shape`: (outer, n, inner), element (o, k, i) at (o·n + k)·inner + i. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

function checkAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new RefError(`${op}: axis ${axis} out of range`);
  return axis < 0 ? axis + rank : axis;
}

/** tf.nn.softmax / log_softmax along `axis`. A row with a non-finite entry or bound is left
 * unverified. Bounds: log p_i moves by at most 2·(the row's largest input error); rounding: x -
 * max (|x - max| ulps of the exp, found by fuzzing), exp (LIBM ulps), the row's sum (n ulps), the
 * division or the log. */
export function softmaxRef(x: Ref, axis: number, log: boolean): Ref {
  noBool(x);
  const op = log ? 'logSoftmax' : 'softmax';
  if (!isFloat(x.dtype)) throw new RefError(`${op}: int32 is not supported`);
  if (x.shape.length === 0) throw new RefError(`${op}: logits must have rank >= 1`);
  const dt = x.dtype;
  const [outer, n, inner] = around(x.shape, checkAxis(axis, x.shape.length, op));
  const data = new Float64Array(x.data.length);
  const err = new Float64Array(x.data.length);
  const u = refFactor(dt) * UNIT[dt];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      let m = -Infinity;
      let bound = 0;
      let finite = true;
      for (let k = 0; k < n; k++) {
        const v = x.data[at(k)]!;
        const e = x.err[at(k)]!;
        if (!Number.isFinite(v) || !Number.isFinite(e)) finite = false;
        m = Math.max(m, v);
        bound = Math.max(bound, e);
      }
      let sum = 0;
      let spread = 0; // the largest |x - max|: its rounding in the dtype moves each exp relatively
      for (let k = 0; k < n; k++) {
        sum += Math.exp(x.data[at(k)]! - m);
        spread = Math.max(spread, m - x.data[at(k)]!);
      }
      const logSum = Math.log(sum);
      for (let k = 0; k < n; k++) {
        const d = x.data[at(k)]! - m;
        let v: number;
        let e: number;
        if (log) {
          v = d - logSum;
          e = 2 * bound + (2 * Math.abs(d) + 2 * Math.abs(logSum) + n + LIBM) * u + ETA[dt];
        } else {
          v = Math.exp(d) / sum;
          e = v * (Math.expm1(2 * bound) + (Math.abs(d) + spread + LIBM + n + 2) * u) + ETA[dt];
          // Below the smallest normal number the exp kernels may flush to 0, as sigmoid's.
          e = Math.max(e, dt === 'float32' ? 2 ** -126 : 2 ** -1022);
        }
        data[at(k)] = v;
        err[at(k)] = finite ? settle(v, e, dt, false) : Infinity;
      }
    }
  }
  return { shape: x.shape.slice(), dtype: dt, data, err };
}

/** tf.math.cumsum along `axis`, with `exclusive` and `reverse` (int32 wraps). A float partial sum
 * of k terms is bounded like a reduction of them. */
export function cumsumRef(x: Ref, axis: number, exclusive: boolean, reverse: boolean): Ref {
  noBool(x);
  const dt = x.dtype;
  const [outer, n, inner] = around(x.shape, checkAxis(axis, x.shape.length, 'cumsum'));
  const data = new Float64Array(x.data.length);
  const err = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      let mag = 0;
      let esum = 0;
      let count = 0;
      let unsure = false;
      let infTerm = false;
      for (let j = 0; j < n; j++) {
        const k = reverse ? n - 1 - j : j;
        const at = (o * n + k) * inner + i;
        const v = x.data[at]!;
        const e = x.err[at]!;
        const take = () => {
          if (dt === 'int32') sum = (sum + v) | 0;
          else sum += v;
          if (Number.isFinite(v)) {
            mag += Math.abs(v);
            esum += e;
          } else infTerm = true;
          if (e === Infinity) unsure = true;
          count++;
        };
        if (!exclusive) take();
        data[at] = sum;
        const bound = dt === 'int32' ? 0 : esum + (count + 1) * refFactor(dt) * UNIT[dt] * mag + (count + 1) * ETA[dt];
        err[at] = unsure || mag >= MAX_FINITE[dt] / 4 ? Infinity : dt === 'int32' ? 0 : settle(sum, bound, dt, infTerm);
        if (exclusive) take();
      }
    }
  }
  return { shape: x.shape.slice(), dtype: dt, data, err };
}

/** tf.clip_by_value(t, lo, hi) with number bounds = maximum(minimum(t, hi), lo): lo wins when
 * lo > hi; NaN stays NaN. */
export function clipRef(x: Ref, lo: number, hi: number): Ref {
  noBool(x);
  const dt = x.dtype;
  const [l, h] = [convertNumber(lo, dt, 'clipByValue'), convertNumber(hi, dt, 'clipByValue')];
  const scalar = (v: number) => makeRef([], dt, [v]);
  return binaryRef('maximum', binaryRef('minimum', x, scalar(h)), scalar(l));
}

/** tf.slice(x, begin, size) (size -1: the rest of the dim). */
export function sliceRef(x: Ref, begin: readonly number[], size: readonly number[]): Ref {
  const r = x.shape.length;
  if (begin.length !== r || size.length !== r) throw new RefError('slice: begin and size need one entry per dim');
  const sizes = size.map((s, d) => (s === -1 ? x.shape[d]! - begin[d]! : s));
  sizes.forEach((s, d) => {
    if (begin[d]! < 0 || s < 0 || begin[d]! + s > x.shape[d]!) throw new RefError('slice: out of range');
  });
  const strides = stridesOf(x.shape);
  return gatherRef(x, sizes, (idx) => idx.reduce((src, i, d) => src + (begin[d]! + i) * strides[d]!, 0));
}

/** tf.tile(x, multiples). */
export function tileRef(x: Ref, multiples: readonly number[]): Ref {
  const r = x.shape.length;
  if (multiples.length !== r) throw new RefError('tile: one multiple per dim');
  const shape = x.shape.map((d, i) => d * multiples[i]!);
  const strides = stridesOf(x.shape);
  return gatherRef(x, shape, (idx) => idx.reduce((src, i, d) => src + (i % x.shape[d]!) * strides[d]!, 0));
}

/** A tensor of `shape` whose element at each index is x's at `sourceOf(index)` (a flat index). */
function gatherRef(x: Ref, shape: readonly number[], sourceOf: (index: readonly number[]) => number): Ref {
  const r = shape.length;
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  const err = new Float64Array(n);
  const idx = new Array<number>(r).fill(0);
  for (let f = 0; f < n; f++) {
    const src = sourceOf(idx);
    data[f] = x.data[src]!;
    err[f] = x.err[src]!;
    for (let d = r - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape: shape.slice(), dtype: x.dtype, data, err };
}

// ---- movement ops -------------------------------------------------------------------------------------------

const isDim = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 0;

/** A shape argument (array of non-negative integers), or RefError. */
export function checkShapeArg(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape)) throw new RefError(`${op}: shape must be an array`);
  for (const d of shape) if (!isDim(d)) throw new RefError(`${op}: bad dimension ${safeString(d)}`);
  return shape.slice();
}

export function reshapeRef(x: Ref, shape: unknown): Ref {
  if (!Array.isArray(shape)) throw new RefError('reshape: shape must be an array');
  const dims = shape.slice() as number[];
  let inferred = -1;
  let known = 1;
  dims.forEach((d, i) => {
    if (d === -1) {
      if (inferred !== -1) throw new RefError('reshape: more than one -1');
      inferred = i;
    } else if (!isDim(d)) throw new RefError(`reshape: bad dimension ${safeString(d)}`);
    else known *= d;
  });
  const size = x.data.length;
  if (inferred !== -1) {
    if (known === 0 || size % known !== 0) throw new RefError('reshape: cannot infer the -1 dimension');
    dims[inferred] = size / known;
  } else if (known !== size) throw new RefError('reshape: sizes differ');
  return { shape: dims, dtype: x.dtype, data: x.data.slice(), err: x.err.slice() };
}

/** `perm` must list every axis once; negative entries count from the end (gradtape accepts them;
 * TensorFlow rejects them, so callers treat them as "either"). */
export function transposeRef(x: Ref, perm?: unknown): Ref {
  const r = x.shape.length;
  let p: number[];
  if (perm === undefined) p = Array.from({ length: r }, (_, i) => r - 1 - i);
  else {
    if (!Array.isArray(perm) || perm.length !== r) throw new RefError('transpose: perm must list every axis once');
    p = perm.map((a) => {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < -r || a >= r) throw new RefError('transpose: bad axis');
      return a < 0 ? a + r : a;
    });
    if (new Set(p).size !== r) throw new RefError('transpose: perm lists an axis twice');
  }
  const inStrides = stridesOf(x.shape);
  return gatherRef(x, p.map((a) => x.shape[a]!), (idx) => idx.reduce((src, i, d) => src + i * inStrides[p[d]!]!, 0));
}

export function broadcastToRef(x: Ref, shape: unknown): Ref {
  const target = checkShapeArg(shape, 'broadcastTo');
  if (target.length < x.shape.length) throw new RefError('broadcastTo: target rank is smaller');
  const lead = target.length - x.shape.length;
  x.shape.forEach((d, i) => {
    if (d !== 1 && d !== target[i + lead]) throw new RefError('broadcastTo: incompatible shape');
  });
  const map = broadcastIndex(target, x.shape);
  return {
    shape: target,
    dtype: x.dtype,
    data: Float64Array.from(map, (i) => x.data[i]!),
    err: Float64Array.from(map, (i) => x.err[i]!),
  };
}

export function concatRef(values: readonly Ref[], axis: unknown): Ref {
  if (values.length === 0) throw new RefError('concat: empty list');
  const first = values[0]!;
  const r = first.shape.length;
  if (r === 0) throw new RefError("concat: can't concatenate scalars");
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -r || axis >= r) throw new RefError('concat: axis out of range');
  const ax = axis < 0 ? axis + r : axis;
  for (const v of values) {
    if (v.dtype !== first.dtype) throw new RefError('concat: dtype mismatch');
    if (v.shape.length !== r || v.shape.some((d, i) => i !== ax && d !== first.shape[i])) throw new RefError('concat: shapes differ');
  }
  const outShape = first.shape.slice();
  outShape[ax] = values.reduce((s, v) => s + v.shape[ax]!, 0);
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const data: number[] = [];
  const err: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const v of values) {
      const chunk = v.shape[ax]! * inner;
      for (let i = 0; i < chunk; i++) {
        data.push(v.data[o * chunk + i]!);
        err.push(v.err[o * chunk + i]!);
      }
    }
  }
  return makeRef(outShape, first.dtype, data, err);
}

/** tf.math.polyval by Horner's rule; number coefficients take x's dtype. */
export function polyvalRef(coeffs: readonly Ref[], x: Ref): Ref {
  if (coeffs.length === 0) return makeRef(x.shape, x.dtype, new Float64Array(x.data.length));
  let p = coeffs[0]!;
  for (let i = 1; i < coeffs.length; i++) p = binaryRef('add', binaryRef('mul', p, x), coeffs[i]!);
  return p;
}

// ---- comparison -------------------------------------------------------------------------------------------

export const RTOL: Record<DType, number> = { float32: 1e-5, float64: 1e-12, int32: 0, bool: 0 };

export interface CompareStats {
  checked: number;
  skipped: number;
}

/** Differences between a library tensor and a reference: shape, dtype, then each value within
 * rtol·|ref| + 4·(error bound). Returns human-readable mismatches (empty when equal). */
export function compareToRef(actual: tf.Tensor, ref: Ref, stats?: CompareStats, label = 'result'): string[] {
  const out: string[] = [];
  if (!(actual instanceof tf.Tensor)) return [`${label}: expected a tensor, got ${safeString(actual)}`];
  if (actual.dtype !== ref.dtype) out.push(`${label}: dtype ${actual.dtype}, expected ${ref.dtype}`);
  if (actual.shape.length !== ref.shape.length || actual.shape.some((d, i) => d !== ref.shape[i])) {
    out.push(`${label}: shape ${fmtShape(actual.shape)}, expected ${fmtShape(ref.shape)}`);
    return out;
  }
  if (actual.size !== ref.data.length) out.push(`${label}: size ${actual.size}, expected ${ref.data.length}`);
  const a = actual.dataSync();
  if (a.length !== ref.data.length) return [...out, `${label}: ${a.length} values, expected ${ref.data.length}`];
  for (let i = 0; i < a.length; i++) {
    const e = ref.err[i]!;
    const want = ref.data[i]!;
    const got = a[i]!;
    if (e === Infinity) {
      if (stats) stats.skipped++;
      continue;
    }
    if (stats) stats.checked++;
    let ok: boolean;
    if (Number.isNaN(want)) ok = Number.isNaN(got);
    else if (!Number.isFinite(want)) ok = got === want;
    else if (ref.dtype === 'int32' || ref.dtype === 'bool') ok = got === want;
    else ok = Math.abs(got - want) <= RTOL[ref.dtype] * Math.abs(want) + 4 * e;
    if (!ok && out.length < 8) out.push(`${label}[${i}]: got ${got}, expected ${want} (error bound ${e.toExponential(2)})`);
  }
  return out;
}
