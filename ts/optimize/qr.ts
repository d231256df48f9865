// Householder QR with column pivoting of a tall Jacobian: J P = Q R, the factorization every
// Levenberg-Marquardt iteration starts from (Moré 1978, section 3; MINPACK's qrfac). It runs in
// wasm (gradtape_core::least_squares, protocol item 11): it is the one O(m n²) step of an
// iteration, about three times faster there than in JavaScript.

import { W, lastError } from '../wasm/runtime';

/** Entries of the wasm buffer (1 MiB of f64) above which it is freed after each factorization. */
const RELEASE_ABOVE = 131_072;

/** The factorization J P = Q R of an m×n matrix (m >= n), with Qᵀb for one right-hand side.
 * (`pivotedQR` may fill an earlier one's arrays in place, so its fields are read-only views.) */
export interface PivotedQR {
  readonly n: number;
  /** R, n×n upper triangular, row-major (`r[i * n + j]`, zero below the diagonal). */
  readonly r: Float64Array;
  /** Column k of J P is column `permutation[k]` of J. */
  readonly permutation: Int32Array;
  /** The first n entries of Qᵀb. */
  readonly qtb: Float64Array;
  /** ‖column j of J‖, in J's own (unpivoted) order. */
  readonly columnNorms: Float64Array;
}

/**
 * Factors `jacobian` (m×n, column-major: entry (i, j) at `j * m + i`; left untouched) and applies
 * Qᵀ to `b`. Pivoting brings the remaining column of largest norm forward at each step, so R's
 * diagonal decreases in magnitude and a rank deficiency shows up as trailing zeros. `reflectors`
 * (m·n entries), when given, receives the Householder vectors that make Q (for applyQTransposed).
 */
export function pivotedQR(jacobian: Float64Array, m: number, n: number, b: Float64Array, reuse?: PivotedQR, reflectors?: Float64Array): PivotedQR {
  // The buffer: J, b (Qᵀb after), R, the column norms, the permutation, 2n of scratch.
  const length = m * n + m + n * n + 4 * n;
  const address = W.gt_solver_buffer(length) >>> 0;
  if (address === 0) throw lastError('least squares');
  const buffer = new Float64Array(W.memory.buffer, address, length);
  buffer.set(jacobian.length === m * n ? jacobian : jacobian.subarray(0, m * n), 0);
  buffer.set(b.length === m ? b : b.subarray(0, m), m * n);
  if (W.gt_pivoted_qr(m, n) !== 1) throw lastError('least squares');
  // A new view if the call grew memory, which detaches the old one (a view of shared memory stays
  // valid). Short copies in loops: slice and Int32Array.from cost more than the copying for a
  // few entries.
  const factored = buffer.length === length ? buffer : new Float64Array(W.memory.buffer, address, length);
  // The result's arrays: `reuse`'s (an earlier factorization of the same size, no longer read), or new.
  const into = reuse?.n === n ? reuse : { n, r: new Float64Array(n * n), permutation: new Int32Array(n), qtb: new Float64Array(n), columnNorms: new Float64Array(n) };
  if (reflectors) copyOut(factored, 0, reflectors.subarray(0, m * n));
  let at = m * n;
  copyOut(factored, at, into.qtb);
  at += m;
  copyOut(factored, at, into.r);
  copyOut(factored, (at += n * n), into.columnNorms);
  at += n;
  for (let k = 0; k < n; k++) into.permutation[k] = factored[at + k]!;
  // The buffer is kept for the next iteration, unless it is large (a million-point fit's is 40 MB).
  if (length > RELEASE_ABOVE) W.gt_solver_release();
  return into;
}

function copyOut(buffer: Float64Array, at: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = buffer[at + i]!;
}

/**
 * y ← Qᵀy (m entries) for the factorization `qr` of an m×n matrix whose Householder vectors
 * pivotedQR wrote to `reflectors`: column j's vector v sits in rows j.. of column j (column-major),
 * and its reflector is I - 2vvᵀ/(vᵀv) with vᵀv = -2αv₀ (α = R's diagonal entry; v is stored
 * divided by ‖a_j‖ below v₀ when that norm was far from 1, and v₀ then too), skipped for a zero
 * column (α = 0), as the factorization applies them to b.
 */
export function applyQTransposed(qr: PivotedQR, reflectors: Float64Array, m: number, y: Float64Array): void {
  const n = qr.n;
  for (let j = 0; j < n; j++) {
    const alpha = qr.r[j * n + j]!;
    if (alpha === 0) continue;
    const norm = Math.abs(alpha);
    const unit = norm >= 1e-100 && norm <= 1e100 ? 1 : norm;
    const col = j * m;
    const twoOverVv = -1 / ((alpha / unit) * reflectors[col + j]!);
    let s = 0;
    for (let i = j; i < m; i++) s += reflectors[col + i]! * y[i]!;
    const scale = twoOverVv * s;
    for (let i = j; i < m; i++) y[i] = y[i]! - scale * reflectors[col + i]!;
  }
}
