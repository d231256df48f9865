// numpy's A.dot(x) and A.T.dot(y) for a C-ordered float64 m×n matrix A, and its norm of a vector,
// in the order and with the fused multiply-adds of the BLAS numpy ships (OpenBLAS 0.3, its Haswell
// kernels, which it picks on any x86-64 with AVX2), so that scipy code built on them (lsmr,
// lsq_linear's 'lsmr' solver) can be followed bit for bit. numpy hands a product to BLAS by the
// shapes' kinds (its cblas_matrixproduct): a matrix with one row times a vector is ddot; a matrix
// with one column times a vector of one entry is a scaling (daxpy into zeros); otherwise dgemv,
// which OpenBLAS runs for A.dot(x) as dgemv_t on the rows of A and for A.T.dot(y) as dgemv_n on
// Aᵀ's columns. The orders below were measured against numpy 2.4 (OPENBLAS_CORETYPE=Haswell) for
// every m, n up to 20 and shapes up to 233×257 (scripts/lsmr_fixtures.py records cases,
// test/lsmr.test.ts checks them); beyond 2048 rows or columns OpenBLAS blocks its loops and the
// last bits can differ (the results stay as accurate).

import { fusedMultiplyAdd as fma } from './fused-multiply-add';
import { ddot } from './openblas';

/** numpy's norm(x) of a float64 vector: √(x·x), the dot product OpenBLAS's ddot. */
export function numpyNorm(x: Float64Array): number {
  return Math.sqrt(ddot(x.length, x, 0, x, 0));
}

/** One entry of dgemv_t: Σ_k a[ao + k]·x[k] over n entries, as the Haswell kernel sums for a row
 * in a group of four (`kernel` 'four': one 4-lane accumulator of fused products, lanes folded as
 * (l0 + l2) + (l1 + l3)), in the pair after the groups ('two': SSE, two lanes of unfused
 * products, l0 + l1) or the row left over ('one': SSE, products of entries 4k, 4k+1 and
 * 4k+2, 4k+3 in two 2-lane accumulators, (p0 + q0) + (p1 + q1)); the last n mod 4 terms are the
 * kernel's C tail (compiled with contracted multiply-adds). */
function rowDot(a: ArrayLike<number>, ao: number, x: ArrayLike<number>, n: number, kernel: 'four' | 'two' | 'one'): number {
  const tail = n % 4;
  const blocked = n - tail;
  let y = 0;
  if (blocked > 0) {
    if (kernel === 'four') {
      let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
      for (let k = 0; k < blocked; k += 4) {
        l0 = fma(a[ao + k]!, x[k]!, l0);
        l1 = fma(a[ao + k + 1]!, x[k + 1]!, l1);
        l2 = fma(a[ao + k + 2]!, x[k + 2]!, l2);
        l3 = fma(a[ao + k + 3]!, x[k + 3]!, l3);
      }
      y = (l0 + l2) + (l1 + l3);
    } else if (kernel === 'two') {
      let l0 = 0, l1 = 0;
      for (let k = 0; k < blocked; k += 2) {
        l0 = l0 + a[ao + k]! * x[k]!;
        l1 = l1 + a[ao + k + 1]! * x[k + 1]!;
      }
      y = l0 + l1;
    } else {
      let p0 = 0, p1 = 0, q0 = 0, q1 = 0;
      for (let k = 0; k < blocked; k += 4) {
        p0 = p0 + a[ao + k]! * x[k]!;
        p1 = p1 + a[ao + k + 1]! * x[k + 1]!;
        q0 = q0 + a[ao + k + 2]! * x[k + 2]!;
        q1 = q1 + a[ao + k + 3]! * x[k + 3]!;
      }
      y = (p0 + q0) + (p1 + q1);
    }
  }
  const k = blocked;
  if (tail === 1) y = fma(a[ao + k]!, x[k]!, y);
  else if (tail === 2) y = y + fma(a[ao + k]!, x[k]!, a[ao + k + 1]! * x[k + 1]!);
  else if (tail === 3) y = y + fma(a[ao + k + 2]!, x[k + 2]!, fma(a[ao + k]!, x[k]!, a[ao + k + 1]! * x[k + 1]!));
  return y;
}

/** numpy's A.dot(x) for A C-ordered m×n (row-major, entry (i, j) at a[i·n + j]) and x of n. */
export function numpyMatrixVectorProduct(a: ArrayLike<number>, m: number, n: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m);
  if (m === 1) {
    out[0] = n === 1 ? a[0]! * x[0]! : ddot(n, a, 0, x, 0);
    return out;
  }
  if (n === 1) {
    // A column times a scalar: daxpy into zeros (+ 0 as the sum gives it: -0 becomes 0).
    for (let i = 0; i < m; i++) out[i] = a[i]! * x[0]! + 0;
    return out;
  }
  const groups = m - (m % 4);
  for (let i = 0; i < m; i++) {
    const kernel = i < groups ? 'four' : (m % 4 >= 2 && i < groups + 2) ? 'two' : 'one';
    out[i] = rowDot(a, i * n, x, n, kernel);
  }
  return out;
}

/** numpy's A.T.dot(y) for A C-ordered m×n and y of m: entry i is Σ_j A[j][i]·y[j]. dgemv_n takes
 * Aᵀ's rows (A's columns) in blocks of 4 and, for those, A's rows in groups of 4 (two running
 * products, the second of each pair fused into them, (t0 + t1) added to the entry), then a pair
 * (a0y0 + a1y1 added), then a last row (its product added); the last n mod 4 columns are plain
 * sums in order, in pairs (a0y0 + a1y1 added) when A has only 2 or 3 columns. */
export function numpyTransposedMatrixVectorProduct(a: ArrayLike<number>, m: number, n: number, y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = m === 1 ? a[0]! * y[0]! : ddot(m, a, 0, y, 0);
    return out;
  }
  if (m === 1) {
    for (let i = 0; i < n; i++) out[i] = a[i]! * y[0]! + 0;
    return out;
  }
  const blockedColumns = n - (n % 4);
  for (let i = 0; i < n; i++) {
    const at = (j: number) => a[j * n + i]!;
    let s = 0;
    let j = 0;
    if (i < blockedColumns) {
      for (; j + 4 <= m; j += 4) {
        const t0 = fma(at(j + 2), y[j + 2]!, at(j) * y[j]!);
        const t1 = fma(at(j + 3), y[j + 3]!, at(j + 1) * y[j + 1]!);
        s = s + (t0 + t1);
      }
      if ((m - j) & 2) {
        s = s + (at(j) * y[j]! + at(j + 1) * y[j + 1]!);
        j += 2;
      }
      if ((m - j) & 1) s = s + at(j) * y[j]!;
    } else {
      // The kernel's own loop when Aᵀ has just these rows (n = 2, 3): four A rows a step, in pairs.
      if (n < 4) for (; j + 4 <= m; j += 4) {
        s = s + (at(j) * y[j]! + at(j + 1) * y[j + 1]!);
        s = s + (at(j + 2) * y[j + 2]! + at(j + 3) * y[j + 3]!);
      }
      for (; j < m; j++) s = s + at(j) * y[j]!;
    }
    out[i] = s;
  }
  return out;
}
