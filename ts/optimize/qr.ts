// Householder QR with column pivoting of a tall Jacobian: J P = Q R, the factorization every
// Levenberg-Marquardt iteration starts from (Moré 1978, section 3; MINPACK's qrfac). Plain
// Float64Array arithmetic: n (the parameters) is small, so clarity beats blocking.

import { euclideanNorm } from './vector';

const EPSILON = 2.220446049250313e-16;

/** The factorization J P = Q R of an m×n matrix (m >= n), with Qᵀb for one right-hand side. */
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

/** Scratch arrays for repeated factorizations of m×n matrices: a solver makes one per fit, so
 * its iterations allocate no large arrays (each costs about a microsecond, and GC work later). */
export interface QRWorkspace {
  readonly a: Float64Array;
  readonly w: Float64Array;
}

export function qrWorkspace(m: number, n: number): QRWorkspace {
  return { a: new Float64Array(m * n), w: new Float64Array(m) };
}

/**
 * Factors `jacobian` (m×n, column-major: entry (i, j) at `j * m + i`; left untouched) and applies
 * Qᵀ to `b`. Pivoting brings the remaining column of largest norm forward at each step, so R's
 * diagonal decreases in magnitude and a rank deficiency shows up as trailing zeros.
 */
export function pivotedQR(jacobian: Float64Array, m: number, n: number, b: Float64Array, workspace = qrWorkspace(m, n)): PivotedQR {
  const { a, w } = workspace;
  a.set(jacobian);
  w.set(b);
  const r = new Float64Array(n * n);
  const permutation = new Int32Array(n);
  for (let k = 0; k < n; k++) permutation[k] = k;
  // The norm of each column below the current row, for pivoting. Computed once and downdated as
  // each row is split off (‖a_k‖² loses r_jk²), as qrfac does; when the downdate has cancelled
  // most of the norm it has lost its accuracy, and the norm is computed afresh.
  const norms = new Float64Array(n);
  for (let k = 0; k < n; k++) norms[k] = euclideanNorm(a, k * m, m);
  const columnNorms = norms.slice();
  const computedNorms = norms.slice();
  for (let j = 0; j < n; j++) {
    let best = j;
    for (let k = j + 1; k < n; k++) if (norms[k]! > norms[best]!) best = k;
    if (best !== j) {
      swapColumns(a, m, j, best);
      for (let i = 0; i < j; i++) swap(r, i * n + j, i * n + best);
      swap(permutation, j, best);
      swap(norms, j, best);
      swap(computedNorms, j, best);
    }
    const col = j * m;
    const norm = euclideanNorm(a, col + j, m - j);
    if (norm === 0) continue; // the column is zero below row j: R's diagonal gets a zero
    // Reflector H = I - 2 v vᵀ / (vᵀv) with v = a_j - α e_j, α = -sign(a_jj)·‖a_j‖ so that
    // forming v[0] = a_jj - α never cancels. H a_j = α e_j, and vᵀv = 2α² - 2α a_jj = -2α v[0].
    const alpha = a[col + j]! > 0 ? -norm : norm;
    const v0 = a[col + j]! - alpha;
    a[col + j] = v0;
    const twoOverVv = -1 / (alpha * v0);
    r[j * n + j] = alpha;
    for (let k = j + 1; k < n; k++) {
      const other = k * m;
      const scale = twoOverVv * dotProduct(a, col + j, a, other + j, m - j);
      for (let i = j; i < m; i++) a[other + i] = a[other + i]! - scale * a[col + i]!;
      const rjk = a[other + j]!;
      r[j * n + k] = rjk;
      if (norms[k] !== 0) {
        const ratio = rjk / norms[k]!;
        norms[k] = norms[k]! * Math.sqrt(Math.max(0, 1 - ratio * ratio));
        const kept = norms[k]! / computedNorms[k]!;
        if (0.05 * kept * kept <= EPSILON) {
          norms[k] = euclideanNorm(a, other + j + 1, m - j - 1);
          computedNorms[k] = norms[k]!;
        }
      }
    }
    const scale = twoOverVv * dotProduct(a, col + j, w, j, m - j);
    for (let i = j; i < m; i++) w[i] = w[i]! - scale * a[col + i]!;
  }
  return { n, r, permutation, qtb: w.slice(0, n), columnNorms };
}

/** x[xStart ..] · y[yStart ..] over len entries, in four running sums (the additions of one sum
 * wait on each other; four independent chains keep the floating-point unit busy). */
function dotProduct(x: Float64Array, xStart: number, y: Float64Array, yStart: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xStart + i]! * y[yStart + i]!;
    s1 += x[xStart + i + 1]! * y[yStart + i + 1]!;
    s2 += x[xStart + i + 2]! * y[yStart + i + 2]!;
    s3 += x[xStart + i + 3]! * y[yStart + i + 3]!;
  }
  for (; i < len; i++) s0 += x[xStart + i]! * y[yStart + i]!;
  return (s0 + s1) + (s2 + s3);
}

function swapColumns(a: Float64Array, m: number, j: number, k: number): void {
  for (let i = 0; i < m; i++) swap(a, j * m + i, k * m + i);
}

function swap(x: Float64Array | Int32Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}
