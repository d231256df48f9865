// numpy's np.dot of a square float64 matrix with a vector and with another matrix, in the order
// and with the fused multiply-adds of the BLAS numpy ships (OpenBLAS 0.3, its Haswell kernels,
// which it picks on any x86-64 with AVX2), so that scipy's dense BFGS can be followed bit for bit.
// The orders were measured against numpy 2 on such a machine and hold for n <= 8; above that
// OpenBLAS's edge kernels differ in a few last bits (the results stay as accurate).
// Matrices are row-major (numpy's C order), n×n.

import { fusedMultiplyAdd as fma } from './fused-multiply-add';

/** np.dot(A, v): each entry is dgemv_t's dot product of a row with v. The first 4⌊n/4⌋ terms go
 * to four accumulators by index mod 4 (each term fused into its accumulator), summed as
 * (s0 + s2) + (s1 + s3); the last n mod 4 terms as the kernel's C tail (compiled with contracted
 * multiply-adds) adds them: one term fused into the sum, two as s + fma(a0, x0, a1·x1), three as
 * s + fma(a2, x2, fma(a0, x0, a1·x1)). */
export function numpyMatrixVector(a: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  const blocked = n - (n % 4);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = 0;
    if (blocked > 0) {
      const lanes = [0, 0, 0, 0];
      for (let j = 0; j < blocked; j++) lanes[j % 4] = fma(a[row + j]!, v[j]!, lanes[j % 4]!);
      s = (lanes[0]! + lanes[2]!) + (lanes[1]! + lanes[3]!);
    }
    const k = blocked;
    switch (n % 4) {
      case 1:
        s = fma(a[row + k]!, v[k]!, s);
        break;
      case 2:
        s = s + fma(a[row + k]!, v[k]!, a[row + k + 1]! * v[k + 1]!);
        break;
      case 3:
        s = s + fma(a[row + k + 2]!, v[k + 2]!, fma(a[row + k]!, v[k]!, a[row + k + 1]! * v[k + 1]!));
        break;
    }
    out[i] = s;
  }
  return out;
}

/** np.dot(A, B): dgemm's entries, each Σ_k a_ik b_kj in order of k with every term after the
 * first fused into the sum. */
export function numpyMatrixProduct(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = a[i * n]! * b[j]!;
      for (let k = 1; k < n; k++) s = fma(a[i * n + k]!, b[k * n + j]!, s);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** np.dot(A.T, v) for a C-ordered A: numpy hands the Fortran-ordered transpose to dgemv_n, whose
 * Haswell kernel takes the rows of Aᵀ in blocks of 4 and, for those, the columns in groups of 4 (two
 * running products, the second of each pair fused into them, (t0 + t1) added to the entry), then a
 * pair (a0x0 + a1x1 added), then a last column (its product added); the last n mod 4 rows are plain
 * sums in order. Entry i is Σ_j A[j][i] v[j]. (Measured against numpy 2.4 for n <= 9.) */
export function numpyTransposedMatrixVector(a: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  const blockedRows = n - (n % 4);
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i >= blockedRows) {
      for (let j = 0; j < n; j++) s += a[j * n + i]! * v[j]!;
    } else {
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const t0 = fma(a[(j + 2) * n + i]!, v[j + 2]!, a[j * n + i]! * v[j]!);
        const t1 = fma(a[(j + 3) * n + i]!, v[j + 3]!, a[(j + 1) * n + i]! * v[j + 1]!);
        s = s + (t0 + t1);
      }
      if ((n - j) & 2) {
        s = s + (a[j * n + i]! * v[j]! + a[(j + 1) * n + i]! * v[j + 1]!);
        j += 2;
      }
      if ((n - j) & 1) s = s + a[j * n + i]! * v[j]!;
    }
    out[i] = s;
  }
  return out;
}
