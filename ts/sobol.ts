// tf.math.sobol_sample: points of the Sobol low-discrepancy sequence, TensorFlow's SobolSample
// bit for bit (Joe and Kuo's direction numbers, 32-bit integers, Gray-code order, the origin
// skipped).

import { describe } from './describe';
import { type DType } from './dtype';
import { SOBOL_DIRECTIONS, SOBOL_MAX_DIM } from './sobol-directions';
import { type Tensor, fromHost } from './tensor';
import { decodeBase64 } from './wasm/bytes';

/** Direction integers per dimension: bits of the points' 32-bit binary fractions. */
const BITS = 32;

/** v[j·32 + k] is dimension j's k-th direction integer, for the dimensions decoded so far. */
let directions = new Uint32Array(0);

/** The direction integers of the first `dim` dimensions (decoded once, then kept). */
function directionsFor(dim: number): Uint32Array {
  if (directions.length >= dim * BITS) return directions;
  const v = new Uint32Array(SOBOL_MAX_DIM * BITS);
  const bytes = decodeBase64(SOBOL_DIRECTIONS);
  let at = 0; // the next bit of the stream (see scripts/sobol_directions.py)
  const take = (width: number): number => {
    let value = 0;
    for (let i = 0; i < width; i++, at++) value |= ((bytes[at >> 3]! >> (at & 7)) & 1) << i;
    return value;
  };
  for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k); // dimension 1: van der Corput
  const m = new Array<number>(BITS);
  for (let j = 1; j < SOBOL_MAX_DIM; j++) {
    const s = take(5);
    let inner = 0; // a_1 .. a_{s-1}, a_1 the highest bit
    for (let l = 1; l < s; l++) inner = (inner << 1) | take(1);
    for (let k = 0; k < s; k++) m[k] = (take(k) << 1) | 1;
    // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^(s-1) a_{s-1} m_{k-s+1} ^ 2^s m_{k-s} ^ m_{k-s}
    // (Bratley and Fox's recurrence); the integers grow to 32 bits, so in float64 they stay exact.
    for (let k = s; k < BITS; k++) {
      let next = m[k - s]! ^ (m[k - s]! * 2 ** s);
      for (let l = 1; l < s; l++) if ((inner >> (s - 1 - l)) & 1) next ^= m[k - l]! * 2 ** l;
      m[k] = next >>> 0;
    }
    for (let k = 0; k < BITS; k++) v[j * BITS + k] = m[k]! * 2 ** (BITS - 1 - k);
  }
  directions = v;
  return v;
}

const checkCount = (value: unknown, name: string, least: number, op: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value > 2147483647) {
    throw new Error(`${op}: ${name} must be an int32 integer, got ${describe(value)}.`);
  }
  if (value < least) throw new Error(`${op}: ${name} must be ${least === 0 ? 'non-negative' : 'at least one'}, got ${value}.`);
  return value;
};

/**
 * tf.math.sobol_sample(dim, num_results, skip=0, dtype=tf.float32): `numResults` points of the
 * `dim`-dimensional Sobol sequence after the first `skip`, as a [numResults, dim] tensor in
 * [0, 1): TensorFlow's points bit for bit (the origin is not among them, as in TensorFlow).
 * gradtape ships the direction numbers of the first 1,111 dimensions (TensorFlow's table has
 * 21,200); a larger `dim` is an error. (From `skip + numResults + 1 >= 2^30` on, TensorFlow
 * 2.21's kernel overflows an int and returns the points negated; gradtape returns the points.)
 *
 * @example
 * ```ts
 * console.log(tf.math.sobolSample(2, 4).arraySync()); // [ [ 0.5, 0.5 ], [ 0.75, 0.25 ], [ 0.25, 0.75 ], [ 0.375, 0.375 ] ]
 * ```
 */
export function sobolSample(dim: number, numResults: number, skip = 0, dtype: DType = 'float32'): Tensor {
  const op = 'math.sobolSample';
  checkCount(dim, 'dim', 1, op);
  checkCount(numResults, 'numResults', 1, op);
  checkCount(skip, 'skip', 0, op);
  if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`${op}: dtype must be 'float32' or 'float64', got ${describe(dtype)}.`);
  if (numResults + skip >= 2147483647) throw new Error(`${op}: numResults + skip must be less than 2147483647, got ${numResults + skip}.`);
  if (dim > SOBOL_MAX_DIM) {
    throw new Error(`${op}: dim must be at most ${SOBOL_MAX_DIM}, got ${dim}: gradtape ships the direction numbers of the first ${SOBOL_MAX_DIM} dimensions (TensorFlow's table has 21200).`);
  }
  const v = directionsFor(dim);
  // Point i (from 1) is the XOR of the direction integers at the set bits of i's Gray code
  // i ^ (i >> 1); from one point to the next, one bit of the Gray code changes: the lowest zero
  // bit of i - 1.
  const x = new Uint32Array(dim);
  const gray = skip ^ (skip >>> 1);
  for (let k = 0; k < BITS - 1; k++) {
    if ((gray >>> k) & 1) for (let j = 0; j < dim; j++) x[j]! ^= v[j * BITS + k]!;
  }
  const out = dtype === 'float32' ? new Float32Array(numResults * dim) : new Float64Array(numResults * dim);
  const scale = 2 ** -BITS; // x / 2^32 is exact in float64, then rounded once to float32
  for (let i = skip + 1, row = 0; row < numResults; i++, row++) {
    const k = 31 - Math.clz32(~(i - 1) & i); // the lowest zero bit of i - 1 (the lowest set bit of i)
    for (let j = 0; j < dim; j++) {
      x[j]! ^= v[j * BITS + k]!;
      out[row * dim + j] = x[j]! * scale;
    }
  }
  return fromHost(out, [numResults, dim], dtype);
}
