// The parameter covariance of a least-squares fit by scipy.optimize.curve_fit's rules: (JᵀJ)⁻¹ from
// the SVD of J (through its R factor), scaled by the residual variance 2·cost/(m - n) unless sigma
// is absolute. Methods 'trf' and 'dogbox' take the Moore-Penrose inverse (singular values below
// eps·max(m, n)·s₀ dropped); method 'lm' inverts every singular value, as leastsq inverts its R
// factor, so a rank-deficient fit shows huge variances (Infinity where a singular value is 0).

import { pivotedQR } from './qr';
import { euclideanNorm } from './vector';

const EPSILON = 2.220446049250313e-16;

/**
 * Singular values (descending) and right singular vectors of an m×n matrix (column-major), by
 * one-sided Jacobi (Hestenes): rotate pairs of columns of A V until all are orthogonal; then the
 * column norms are the singular values and V holds the right singular vectors. Chosen for its high
 * relative accuracy on the ill-conditioned Jacobians fits produce (Demmel and Veselić 1992).
 */
export function singularValues(a: Float64Array, m: number, n: number): { values: Float64Array; v: Float64Array[] } {
  // (Plain loops: Array.from with a mapping function goes through the iterator protocol, which
  // cost more here than the rotations.)
  const u = new Array<Float64Array>(n);
  const v = new Array<Float64Array>(n);
  for (let j = 0; j < n; j++) {
    u[j] = a.slice(j * m, (j + 1) * m);
    v[j] = new Float64Array(n);
    v[j]![j] = 1;
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const up = u[p]!, uq = u[q]!;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += up[i]! * up[i]!;
          beta += uq[i]! * uq[i]!;
          gamma += up[i]! * uq[i]!;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that makes columns p and q orthogonal: tan θ is the smaller root of
        // t² + 2ζt - 1 = 0 with ζ = (β - α)/(2γ).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotate(up, uq, c, s);
        rotate(v[p]!, v[q]!, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = euclideanNorm(u[j]!);
  // Indices by decreasing norm, ties in index order (an insertion sort: n is the parameter count).
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let k = i - 1;
    while (k >= 0 && norms[i]! > norms[order[k]!]!) {
      order[k + 1] = order[k]!;
      k--;
    }
    order[k + 1] = i;
  }
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = norms[order[k]!]!;
  return { values, v: order.map((j) => v[j]!) };
}

/**
 * R Pᵀ (n×n, column-major) from J P = Q R: the same singular values and right singular vectors as
 * J, so a tall Jacobian (a million points) is rotated by Jacobi sweeps as n×n, not m×n. Pivoted QR
 * first is also the preconditioning that keeps one-sided Jacobi accurate (Drmač and Veselić 2008).
 */
function triangularFactor(jacobian: Float64Array, m: number, n: number): Float64Array {
  const { r, permutation } = pivotedQR(jacobian, m, n, new Float64Array(m));
  const rpt = new Float64Array(n * n);
  // Column k of R is column permutation[k] of R Pᵀ.
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) rpt[permutation[k]! * n + i] = r[i * n + k]!;
  return rpt;
}

function rotate(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

/**
 * curve_fit's covariance from the Jacobian of the weighted residuals at the solution (m×n,
 * column-major): V S⁻² Vᵀ over the singular values kept (all of them for 'lm'), times
 * 2·cost/(m - n) unless `absoluteSigma`. Every entry is Infinity when m <= n without
 * absoluteSigma (the residual variance is undefined), when 'lm' meets a zero singular value, or
 * when the result is not a number, as scipy does.
 */
export function curveFitCovariance(jacobian: Float64Array, m: number, n: number, cost: number, absoluteSigma: boolean, method: 'lm' | 'trf' | 'dogbox'): number[][] {
  const square = (value: number) => {
    const rows = new Array<number[]>(n);
    for (let i = 0; i < n; i++) rows[i] = new Array<number>(n).fill(value);
    return rows;
  };
  const infinite = () => square(Infinity);
  const { values, v } = m > n ? singularValues(triangularFactor(jacobian, m, n), n, n) : singularValues(jacobian, m, n);
  const threshold = method !== 'lm' ? EPSILON * Math.max(m, n) * (values[0] ?? 0) : 0;
  if (method === 'lm' && values.some((s) => s === 0)) return infinite(); // leastsq: trtri fails, pcov = inf
  const covariance = square(0);
  for (let k = 0; k < n; k++) {
    const s = values[k]!;
    if (!(s > threshold)) continue;
    const vk = v[k]!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) covariance[i]![j]! += (vk[i]! * vk[j]!) / (s * s);
  }
  if (covariance.some((row) => row.some((c) => Number.isNaN(c)))) return infinite();
  if (absoluteSigma) return covariance;
  if (m <= n) return infinite();
  const residualVariance = (2 * cost) / (m - n);
  return covariance.map((row) => row.map((c) => c * residualVariance));
}
