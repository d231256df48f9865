// The unblocked QR and RQ factorizations scipy 1.17's SLSQP (scipy/optimize/__slsqp.c) calls from
// LAPACK, as reference LAPACK writes them, on the reflectors of lapack-reflections.ts:
//   dgeqr2  A = Q R (m×n): H₀ … H_{k-1} R, each H_i from column i below the diagonal;
//   dorm2r  Qᵀ c for one column c (side 'L', trans 'T');
//   dgerq2  A = R Q (m×n, m <= n): R in the last m columns, each H_i from row i left of them;
//   dormr2  C Qᵀ for a matrix C (side 'R', trans 'T') or Qᵀ c for one column (side 'L', trans 'T').
// Matrices are column-major with a leading dimension and the offset of their first entry, as in
// the C code; the factors overwrite A, the reflectors' τ go to `tau`.

import { dlarfg, dlarfLeft, dlarfRight } from './lapack-reflections';

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

/** c ← Qᵀ c = H_{k-1} … H₀ c for one column c of m entries, Q from dgeqr2 (dorm2r, 'L', 'T'). */
export function dorm2r(m: number, k: number, a: Float64Array, ao: number, lda: number, tau: Float64Array, c: Float64Array, co: number): void {
  for (let i = 0; i < k; i++) {
    const diagonal = ao + i + i * lda;
    const saved = a[diagonal]!;
    a[diagonal] = 1;
    dlarfLeft(m - i, 1, a, diagonal, 1, tau[i]!, c, co + i, m);
    a[diagonal] = saved;
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
