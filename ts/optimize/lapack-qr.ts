// The unblocked QR and RQ factorizations scipy 1.17's SLSQP (scipy/optimize/__slsqp.c) calls from
// LAPACK, as reference LAPACK writes them, on the reflectors of lapack-reflections.ts:
//   dgeqr2  A = Q R (m×n): H₀ … H_{k-1} R, each H_i from column i below the diagonal;
//   dgeqp3  A P = Q R with column pivoting (its unblocked dlaqp2 at SLSQP's sizes), for dgelsy;
//   dorm2r  Qᵀ C (side 'L', trans 'T');
//   dgerq2  A = R Q (m×n, m <= n): R in the last m columns, each H_i from row i left of them;
//   dormr2  C Qᵀ for a matrix C (side 'R', trans 'T') or Qᵀ c for one column (side 'L', trans 'T').
// Matrices are column-major with a leading dimension and the offset of their first entry, as in
// the C code; the factors overwrite A, the reflectors' τ go to `tau`.

import { dlarfg, dlarfLeft, dlarfRight } from './lapack-reflections';
import { dnrm2 } from './openblas';

/** A = Q R in place (dgeqr2): R on and above the diagonal, the reflectors' v below it. */
export function dgeqr2(m: number, n: number, a: Float64Array, ao: number, lda: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let i = 0; i < k; i++) {
    const diagonal = ao + i + i * lda;
    const { beta, tau: t } = dlarfg(m - i, a[diagonal]!, a, ao + Math.min(i + 1, m - 1) + i * lda);
    tau[i] = t;
    if (i < n - 1) {
      // H_i on the columns to the right, with v's leading 1 in place of the diagonal.
      a[diagonal] = 1;
      dlarfLeft(m - i, n - i - 1, a, diagonal, 1, t, a, diagonal + lda, lda);
    }
    a[diagonal] = beta;
  }
}

/** C ← Qᵀ C = H_{k-1} … H₀ C for the m×ncols C at c[co] (leading dimension ldc; one column by
 * default), Q from dgeqr2 (dorm2r, 'L', 'T'). */
export function dorm2r(m: number, k: number, a: Float64Array, ao: number, lda: number, tau: Float64Array, c: Float64Array, co: number, ncols = 1, ldc = m): void {
  for (let i = 0; i < k; i++) {
    const diagonal = ao + i + i * lda;
    const saved = a[diagonal]!;
    a[diagonal] = 1;
    dlarfLeft(m - i, ncols, a, diagonal, 1, tau[i]!, c, co + i, ldc);
    a[diagonal] = saved;
  }
}

/** √(LAPACK's ε = 2⁻⁵³): below it a column's downdated norm is computed again (dlaqp2's TOL3Z). */
const TOL3Z = Math.sqrt(2 ** -53);

/**
 * A P = Q R in place for the m×n A (dgeqp3): the columns whose jpvt entry is nonzero are moved to
 * the front in their order and factored without pivoting (dgeqrf, then Qᵀ on the others); the rest
 * by dlaqp2, each step taking the free column of the largest remaining norm (the norms downdated
 * as LAPACK Working Note 176 does, computed again when too much has cancelled). jpvt ends with
 * the 1-based permutation: column j of A P is column jpvt[j] - 1 of A.
 */
export function dgeqp3(m: number, n: number, a: Float64Array, ao: number, lda: number, jpvt: Int32Array, tau: Float64Array): void {
  const column = (j: number) => ao + j * lda;
  const swap = (i: number, j: number) => {
    for (let r = 0; r < m; r++) [a[column(i) + r], a[column(j) + r]] = [a[column(j) + r]!, a[column(i) + r]!];
  };
  let fixed = 0;
  for (let j = 0; j < n; j++) {
    if (jpvt[j] !== 0) {
      if (j !== fixed) {
        swap(j, fixed);
        jpvt[j] = jpvt[fixed]!;
        jpvt[fixed] = j + 1;
      } else {
        jpvt[j] = j + 1;
      }
      fixed++;
    } else {
      jpvt[j] = j + 1;
    }
  }
  if (m === 0) return;
  const minmn = Math.min(m, n);
  if (fixed > 0) {
    const na = Math.min(m, fixed);
    dgeqr2(m, na, a, ao, lda, tau);
    if (na < n) dorm2r(m, na, a, ao, lda, tau, a, column(na), n - na, lda);
  }
  if (fixed >= minmn) return;
  // dlaqp2 on the free columns, below the fixed ones' rows.
  const offset = fixed;
  const vn1 = new Float64Array(n);
  const vn2 = new Float64Array(n);
  for (let j = offset; j < n; j++) vn1[j] = vn2[j] = dnrm2(m - offset, a, column(j) + offset);
  for (let i = offset; i < minmn; i++) {
    // The pivot: the first free column of the largest norm (idamax).
    let pivot = i;
    for (let j = i + 1; j < n; j++) if (Math.abs(vn1[j]!) > Math.abs(vn1[pivot]!)) pivot = j;
    if (pivot !== i) {
      swap(pivot, i);
      [jpvt[pivot], jpvt[i]] = [jpvt[i]!, jpvt[pivot]!];
      vn1[pivot] = vn1[i]!;
      vn2[pivot] = vn2[i]!;
    }
    const diagonal = column(i) + i;
    const { beta, tau: t } = dlarfg(m - i, a[diagonal]!, a, diagonal + Math.min(1, m - 1 - i));
    tau[i] = t;
    a[diagonal] = 1;
    dlarfLeft(m - i, n - i - 1, a, diagonal, 1, t, a, diagonal + lda, lda);
    a[diagonal] = beta;
    for (let j = i + 1; j < n; j++) {
      if (vn1[j] === 0) continue;
      const ratio = Math.abs(a[column(j) + i]!) / vn1[j]!;
      const temp = Math.max(1 - ratio * ratio, 0);
      const scaled = vn1[j]! / vn2[j]!;
      if (temp * (scaled * scaled) <= TOL3Z) {
        vn1[j] = vn2[j] = i < m - 1 ? dnrm2(m - i - 1, a, column(j) + i + 1) : 0;
      } else {
        vn1[j] = vn1[j]! * Math.sqrt(temp);
      }
    }
  }
}

/** A = R Q in place for the m×n A, m <= n (dgerq2): R upper triangular in A's last m columns, the
 * reflectors' v in the rows left of it (H_i zeroes row i left of column n - m + i, the rows from
 * the last up). */
export function dgerq2(m: number, n: number, a: Float64Array, ao: number, lda: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let i = k - 1; i >= 0; i--) {
    const row = ao + m - k + i; // the row's first entry
    const last = row + (n - k + i) * lda; // its diagonal entry
    const { beta, tau: t } = dlarfgStrided(n - k + i + 1, a[last]!, a, row, lda);
    tau[i] = t;
    // H_i on the rows above, with v's trailing 1 in place of the diagonal.
    a[last] = 1;
    dlarfRight(m - k + i, n - k + i + 1, a, row, lda, t, a, ao, lda);
    a[last] = beta;
  }
}

/** dlarfg on a strided x (count - 1 entries a[xo + j·stride]), through a contiguous copy. */
function dlarfgStrided(count: number, alpha: number, a: Float64Array, xo: number, stride: number): { beta: number; tau: number } {
  const x = Float64Array.from({ length: count - 1 }, (_, j) => a[xo + j * stride]!);
  const out = dlarfg(count, alpha, x, 0);
  x.forEach((v, j) => { a[xo + j * stride] = v; });
  return out;
}

/** C ← C Qᵀ = C H_{k-1} … H₀ (Q = H₀ … H_{k-1}) for the mc×n C at c[co] (leading dimension ldc),
 * Q (n×n) from dgerq2 of the k×n matrix at a[ao] (dormr2, 'R', 'T'). */
export function dormr2Right(mc: number, n: number, k: number, a: Float64Array, ao: number, lda: number, tau: Float64Array, c: Float64Array, co: number, ldc: number): void {
  for (let i = k - 1; i >= 0; i--) applyRowReflector(a, ao, lda, i, n - k + i + 1, (v, vo, incv) => dlarfRight(mc, n - k + i + 1, v, vo, incv, tau[i]!, c, co, ldc));
}

/** c ← Qᵀ c = H_{k-1} … H₀ c for one column c of n entries, Q (n×n) from dgerq2 of the k×n matrix
 * at a[ao] (dormr2, 'L', 'T'). */
export function dormr2Left(n: number, k: number, a: Float64Array, ao: number, lda: number, tau: Float64Array, c: Float64Array, co: number): void {
  for (let i = 0; i < k; i++) applyRowReflector(a, ao, lda, i, n - k + i + 1, (v, vo, incv) => dlarfLeft(n - k + i + 1, 1, v, vo, incv, tau[i]!, c, co, n));
}

/** Runs `apply` on reflector i of dgerq2 in place: row i's first `count` entries (stride lda),
 * the last one set to 1 for the while. */
function applyRowReflector(a: Float64Array, ao: number, lda: number, i: number, count: number, apply: (v: Float64Array, vo: number, incv: number) => void): void {
  const last = ao + i + (count - 1) * lda;
  const saved = a[last]!;
  a[last] = 1;
  apply(a, ao + i, lda);
  a[last] = saved;
}
