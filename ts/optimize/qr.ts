// Householder QR with column pivoting of a tall Jacobian: J P = Q R, the factorization every
// Levenberg-Marquardt iteration starts from (Moré 1978, section 3). Plain Float64Array
// arithmetic: n (the parameters) is small, so clarity beats blocking.

import { euclideanNorm } from './vector';

/** The factorization J P = Q R of an m×n matrix (m >= n), with Qᵀb for one right-hand side. */
export interface PivotedQR {
  readonly n: number;
  /** R, n×n upper triangular, row-major (`r[i * n + j]`, zero below the diagonal). */
  readonly r: Float64Array;
  /** Column k of J P is column `permutation[k]` of J. */
  readonly permutation: Int32Array;
  /** The first n entries of Qᵀb. */
  readonly qtb: Float64Array;
}

/**
 * Factors `jacobian` (m×n, column-major: entry (i, j) at `j * m + i`; left untouched) and applies
 * Qᵀ to `b`. Pivoting brings the remaining column of largest norm forward at each step, so R's
 * diagonal decreases in magnitude and a rank deficiency shows up as trailing zeros.
 */
export function pivotedQR(jacobian: Float64Array, m: number, n: number, b: Float64Array): PivotedQR {
  const a = jacobian.slice();
  const w = b.slice();
  const r = new Float64Array(n * n);
  const permutation = Int32Array.from({ length: n }, (_, k) => k);
  for (let j = 0; j < n; j++) {
    // Pivot: the column whose part below row j is longest. Norms are recomputed rather than
    // downdated; with n small this costs little and avoids the cancellation downdating suffers.
    let best = j, bestNorm = -1;
    for (let k = j; k < n; k++) {
      const norm = euclideanNorm(a, k * m + j, m - j);
      if (norm > bestNorm) { best = k; bestNorm = norm; }
    }
    if (best !== j) {
      swapColumns(a, m, j, best);
      for (let i = 0; i < j; i++) swap(r, i * n + j, i * n + best);
      swap(permutation, j, best);
    }
    const col = j * m;
    if (bestNorm === 0) continue; // this and every remaining column are zero below row j
    // Reflector H = I - 2 v vᵀ / (vᵀv) with v = a_j - α e_j, α = -sign(a_jj)·‖a_j‖ so that
    // forming v[0] = a_jj - α never cancels. H a_j = α e_j.
    const alpha = a[col + j]! > 0 ? -bestNorm : bestNorm;
    a[col + j] = a[col + j]! - alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += a[col + i]! * a[col + i]!;
    r[j * n + j] = alpha;
    for (let k = j + 1; k < n; k++) {
      const other = k * m;
      let dot = 0;
      for (let i = j; i < m; i++) dot += a[col + i]! * a[other + i]!;
      const scale = (2 * dot) / vv;
      for (let i = j; i < m; i++) a[other + i] = a[other + i]! - scale * a[col + i]!;
      r[j * n + k] = a[other + j]!;
    }
    let dot = 0;
    for (let i = j; i < m; i++) dot += a[col + i]! * w[i]!;
    const scale = (2 * dot) / vv;
    for (let i = j; i < m; i++) w[i] = w[i]! - scale * a[col + i]!;
  }
  return { n, r, permutation, qtb: w.slice(0, n) };
}

function swapColumns(a: Float64Array, m: number, j: number, k: number): void {
  for (let i = 0; i < m; i++) swap(a, j * m + i, k * m + i);
}

function swap(x: Float64Array | Int32Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}
