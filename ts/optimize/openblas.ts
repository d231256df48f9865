// The BLAS and LAPACK routines scipy's L-BFGS-B (scipy/optimize/__lbfgsb.c) and SLSQP
// (scipy/optimize/__slsqp.c) call, in the order and with the roundings of the OpenBLAS scipy 1.17
// ships (scipy-openblas 0.3, its Haswell kernels, which it picks on an x86-64 with AVX2 but not
// AVX-512, and on any machine with OPENBLAS_CORETYPE=Haswell), so that lbfgsb.ts and SLSQP's
// subproblem (lsei.ts) can follow scipy bit for bit. Each order below was measured against
// scipy.linalg.blas / scipy.linalg.lapack with those kernels (scripts/minimize_more_fixtures.py and
// scripts/slsqp_fixtures.py record cases; test/minimize-internals.test.ts and
// test/slsqp-lsq.test.ts check them):
//   ddot    n < 16: s + x_i·y_i in order; from 16 on, the first 16⌊n/16⌋ terms in four 4-lane fused
//           accumulators, folded, then the rest in order (unfused);
//   daxpy   y_i + α·x_i, fused for the first 16⌊n/16⌋ entries, rounded twice for the rest;
//   dscal   x_i·α;
//   dnrm2   the x87 kernel: squares summed in 80-bit extended precision in four accumulators (the
//           remainder of 8 into the first), their sum's square root rounded to extended, then to
//           double (up to 64 entries; above, in doubles, for speed);
//   dpotrf  (upper, n <= 10) LAPACK's unblocked potf2 with OpenBLAS's ddot, dgemv_t and dscal by 1/ajj;
//   dtrtrs  (upper) one right-hand side: dtrsv (ddot or daxpy, and a division by the diagonal);
//           several (transposed, n <= 11): dtrsm's kernel, rows in blocks of 4, 2, 1, the earlier
//           rows by fused sums, the block's own by the reciprocal of the diagonal;
//   dpotrs  (upper) dtrsm's kernels for Uᵀ (as dtrtrs's) and U (blocks from the bottom), for any
//           number of right-hand sides (matched through scipy.linalg.solve, n <= 5);
//   dgemv   both ways, every shape up to 19×19 (see dgemvT and dgemvN for the kernels' orders);
//   dtrsm   (side 'R', upper, no transpose) X U = B, up to 13 rows and 12 columns but for 9 and 11
//           columns with four rows or more.
// Beyond those sizes OpenBLAS switches kernels and the last bits can differ (the results stay as
// accurate). Matrices are column-major with a leading dimension, as in the C code; every array
// argument comes with the offset of its first entry.

import { fusedMultiplyAdd as fma } from './fused-multiply-add';

/** Σ x_i y_i over n entries from x[xo], y[yo] (ddot). */
export function ddot(n: number, x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number): number {
  const blocked = n - (n % 16);
  let s = 0;
  if (blocked > 0) {
    // Four accumulators of four lanes: entry i goes to accumulator ⌊i/4⌋ mod 4, lane i mod 4.
    const lanes = new Float64Array(16);
    for (let i = 0; i < blocked; i++) {
      const k = (((i >> 2) & 3) << 2) | (i & 3);
      lanes[k] = fma(x[xo + i]!, y[yo + i]!, lanes[k]!);
    }
    // Each accumulator's upper half onto its lower, the accumulators pairwise, then the two lanes.
    const half = (a: number, j: number) => lanes[4 * a + j]! + lanes[4 * a + j + 2]!;
    const r0 = (half(0, 0) + half(1, 0)) + (half(2, 0) + half(3, 0));
    const r1 = (half(0, 1) + half(1, 1)) + (half(2, 1) + half(3, 1));
    s = r0 + r1;
  }
  for (let i = blocked; i < n; i++) s = s + y[yo + i]! * x[xo + i]!;
  return s;
}

/** y ← y + α x over n entries (daxpy). */
export function daxpy(n: number, alpha: number, x: ArrayLike<number>, xo: number, y: Float64Array, yo: number): void {
  const blocked = n - (n % 16);
  for (let i = 0; i < blocked; i++) y[yo + i] = fma(alpha, x[xo + i]!, y[yo + i]!);
  for (let i = blocked; i < n; i++) y[yo + i] = y[yo + i]! + alpha * x[xo + i]!;
}

/** x ← α x over n entries (dscal). */
export function dscal(n: number, alpha: number, x: Float64Array, xo: number): void {
  for (let i = 0; i < n; i++) x[xo + i] = x[xo + i]! * alpha;
}

// --- dnrm2: x87 extended precision (64-bit significands), emulated with BigInt. ---

/** An extended-precision number m·2^e, |m| < 2^64 (m = 0 for zero). */
interface Extended { m: bigint; e: number }

const view = new DataView(new ArrayBuffer(8));

/** A finite double as an exact m·2^e. */
function exactOf(x: number): Extended {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let m = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: x < 0 ? -m : m, e };
}

/** m·2^e rounded to `bits` significant bits, ties to even; `sticky` says nonzero bits were
 * already dropped below m. */
function roundTo(m: bigint, e: number, bits: number, sticky = false): Extended {
  if (m === 0n) return { m: 0n, e: 0 };
  const negative = m < 0n;
  let a = negative ? -m : m;
  const length = a.toString(2).length;
  if (length > bits) {
    const shift = BigInt(length - bits);
    const kept = a >> shift;
    const rest = a - (kept << shift);
    const halfway = 1n << (shift - 1n);
    let r = kept;
    if (rest > halfway || (rest === halfway && (sticky || (kept & 1n) === 1n))) r += 1n;
    a = r;
    e += length - bits;
  }
  return { m: negative ? -a : a, e };
}

function addExtended(a: Extended, b: Extended): Extended {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const sum = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  return roundTo(sum, e, 64);
}

/** √x rounded to 64 bits (x >= 0). */
function sqrtExtended(x: Extended): Extended {
  if (x.m === 0n) return x;
  // Scale to an even exponent and at least 140 bits, so the root has at least 70.
  let m = x.m;
  let e = x.e;
  const grow = Math.max(0, 140 - m.toString(2).length);
  const shift = grow + ((e - grow) % 2 !== 0 ? 1 : 0);
  m <<= BigInt(shift);
  e -= shift;
  // Integer square root by Newton's method, which decreases monotonically to ⌊√m⌋ from above:
  // start above the double estimate (good to about 2⁻⁵² relative; the root has 70 bits or more,
  // so stepping up to it from below one unit at a time would take up to 2¹⁷ steps).
  let r = BigInt(Math.ceil(Math.sqrt(Number(m)) * (1 + 2 ** -48))) + 1n;
  for (;;) {
    const next = (r + m / r) >> 1n;
    if (next >= r) break;
    r = next;
  }
  while ((r + 1n) * (r + 1n) <= m) r += 1n;
  while (r * r > m) r -= 1n;
  return roundTo(r, e / 2, 64, r * r !== m);
}

function doubleOf(x: Extended): number {
  // Number(m) rounds the 64-bit significand to 53 bits, ties to even; the scaling is exact.
  const v = Number(x.m);
  const half = Math.trunc(x.e / 2);
  return v * 2 ** half * 2 ** (x.e - half);
}

/** Up to this many entries, dnrm2 follows the x87 kernel bit for bit; above, it sums in doubles
 * (within an ulp or two of it, as fast as a dot product). */
const X87_UP_TO = 64;

/** ‖x‖₂ over n entries from x[xo] (dnrm2). */
export function dnrm2(n: number, x: ArrayLike<number>, xo: number): number {
  let finite = true;
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[xo + i]!)) finite = false;
  if (!finite) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[xo + i]! * x[xo + i]!;
    return Math.sqrt(s);
  }
  if (n > X87_UP_TO) {
    // Scaled by the largest magnitude (no overflow of the squares), in doubles: the x87 emulation
    // costs a BigInt operation per entry, half of a 200,000-parameter fit's time.
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[xo + i]!));
    if (scale === 0) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[xo + i]! / scale;
      s += v * v;
    }
    return scale * Math.sqrt(s);
  }
  const acc: Extended[] = [{ m: 0n, e: 0 }, { m: 0n, e: 0 }, { m: 0n, e: 0 }, { m: 0n, e: 0 }];
  const blocked = n - (n % 8);
  for (let i = 0; i < n; i++) {
    const v = exactOf(x[xo + i]!);
    const square = roundTo(v.m * v.m, 2 * v.e, 64);
    const k = i < blocked ? i % 4 : 0;
    acc[k] = addExtended(acc[k]!, square);
  }
  const sum = addExtended(addExtended(addExtended(acc[2]!, acc[0]!), acc[1]!), acc[3]!);
  return doubleOf(sqrtExtended(sum));
}

// --- LAPACK ---

/** One entry of dgemv_t: y + α aᵀx over m entries, the Haswell kernel's order for a column in a
 * group of four (`single` false) or a lone leftover column (`single` true). */
export function gemvColumn(m: number, a: ArrayLike<number>, ao: number, x: ArrayLike<number>, xo: number, y: number, single: boolean, alpha = -1): number {
  return transposedColumn(m, a, ao, x, xo, y, single ? 'single' : 'fused', alpha);
}

/** How dgemv_t's Haswell kernel sums the first 4⌊m/4⌋ rows of a column: a column of a group of
 * four, its α·sum added to y unrounded-free ('group': y + α·t, two roundings); the same lanes with
 * α·t fused into y ('fused'); a lone leftover column, four accumulators of four lanes ('single'). */
type ColumnKernel = 'group' | 'fused' | 'pair' | 'single';

function transposedColumn(m: number, a: ArrayLike<number>, ao: number, x: ArrayLike<number>, xo: number, y: number, kernel: ColumnKernel, alpha: number): number {
  const tail = m % 4;
  const blocked = m - tail;
  if (blocked > 0) {
    // Lanes by index mod 4; a lone column keeps four such accumulators for successive blocks of 4.
    const accumulators = kernel === 'single' ? 4 : 1;
    const lanes = new Float64Array(4 * accumulators);
    for (let i = 0; i < blocked; i++) {
      const k = 4 * ((i >> 2) % accumulators) + (i & 3);
      lanes[k] = fma(a[ao + i]!, x[xo + i]!, lanes[k]!);
    }
    const l = [lanes[0]!, lanes[1]!, lanes[2]!, lanes[3]!];
    for (let c = 1; c < accumulators; c++) for (let j = 0; j < 4; j++) l[j] = l[j]! + lanes[4 * c + j]!;
    let t = (l[0]! + l[2]!) + (l[1]! + l[3]!);
    if (kernel === 'pair') {
      // Two lanes (rows by parity), each product rounded before it is added.
      let even = 0, odd = 0;
      for (let i = 0; i < blocked; i += 2) {
        even = even + a[ao + i]! * x[xo + i]!;
        odd = odd + a[ao + i + 1]! * x[xo + i + 1]!;
      }
      t = even + odd;
    }
    y = kernel === 'group' ? y + t * alpha : fma(t, alpha, y);
  }
  // The last m mod 4 rows: x scaled by α first, their products summed (fused as the C code's
  // contraction forms them), added to y.
  const k = blocked;
  const xt = (i: number) => x[xo + k + i]! * alpha;
  if (tail === 1) y = fma(a[ao + k]!, xt(0), y);
  else if (tail === 2) y = y + fma(a[ao + k]!, xt(0), a[ao + k + 1]! * xt(1));
  else if (tail === 3) y = y + fma(a[ao + k + 2]!, xt(2), fma(a[ao + k]!, xt(0), a[ao + k + 1]! * xt(1)));
  return y;
}

/** y ← β y (dgemv's scaling of y before the product, OpenBLAS's dscal: 0 when β is 0). */
function scaleBy(beta: number, y: Float64Array, yo: number, n: number): void {
  if (beta === 1) return;
  for (let i = 0; i < n; i++) y[yo + i] = beta === 0 ? 0 : y[yo + i]! * beta;
}

/** y ← α Aᵀx + β y for the m×n A at a[ao] (leading dimension lda): dgemv 'T', on gemvColumn's
 * orders (columns in groups of four, the leftover one or pair as the kernel takes them). */
export function dgemvT(m: number, n: number, alpha: number, a: ArrayLike<number>, ao: number, lda: number, x: ArrayLike<number>, xo: number, beta: number, y: Float64Array, yo: number): void {
  if (m === 0 || n === 0) return;
  scaleBy(beta, y, yo, n);
  if (alpha === 0) return;
  const grouped = n - (n % 4);
  const single = n % 4 === 1;
  for (let c = 0; c < n; c++) {
    const kernel: ColumnKernel = c < grouped ? 'group' : single || c === grouped + 2 ? 'single' : 'pair';
    y[yo + c] = transposedColumn(m, a, ao + c * lda, x, xo, y[yo + c]!, kernel, alpha);
  }
}

/** y ← α A x + β y for the m×n A at a[ao] (leading dimension lda) and x's entries x[xo + j·incx]:
 * dgemv 'N' in the Haswell kernel's order. Rows in blocks of four: columns by fours (two fused
 * pairs of products, added, then α times that fused into y), then a leftover pair (the two
 * products added, α times that fused into y; with a strided x each column alone instead) and a
 * leftover column (y plus a_j·(α x_j)); the last m mod 4 rows: a sum over the columns (unrolled
 * by four when A has just those rows and x is contiguous), α times it added to y. */
export function dgemvN(m: number, n: number, alpha: number, a: ArrayLike<number>, ao: number, lda: number, x: ArrayLike<number>, xo: number, beta: number, y: Float64Array, yo: number, incx = 1): void {
  if (m === 0 || n === 0) return;
  scaleBy(beta, y, yo, m);
  if (alpha === 0) return;
  const tail = m % 4;
  const blocked = m - tail;
  const at = (i: number, j: number) => a[ao + i + j * lda]!;
  const xj = (j: number) => x[xo + j * incx]!;
  if (blocked > 0) {
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const [x0, x1, x2, x3] = [xj(j), xj(j + 1), xj(j + 2), xj(j + 3)];
      for (let i = 0; i < blocked; i++) {
        const even = fma(at(i, j + 2), x2, at(i, j) * x0);
        const odd = fma(at(i, j + 3), x3, at(i, j + 1) * x1);
        y[yo + i] = fma(alpha, even + odd, y[yo + i]!);
      }
    }
    if (n & 2 && incx === 1) {
      const [x0, x1] = [xj(j), xj(j + 1)];
      for (let i = 0; i < blocked; i++) y[yo + i] = fma(alpha, at(i, j) * x0 + at(i, j + 1) * x1, y[yo + i]!);
      j += 2;
    }
    for (; j < n; j++) {
      const scaled = xj(j) * alpha;
      for (let i = 0; i < blocked; i++) y[yo + i] = y[yo + i]! + at(i, j) * scaled;
    }
  }
  for (let i = blocked; i < m; i++) {
    let sum = 0;
    let j = 0;
    if (lda === tail && incx === 1) {
      if (tail === 1) {
        for (; j + 4 <= n; j += 4) sum = sum + (((at(i, j) * xj(j) + at(i, j + 1) * xj(j + 1)) + at(i, j + 2) * xj(j + 2)) + at(i, j + 3) * xj(j + 3));
      } else {
        for (; j + 4 <= n; j += 4) {
          sum = sum + (at(i, j) * xj(j) + at(i, j + 1) * xj(j + 1));
          sum = sum + (at(i, j + 2) * xj(j + 2) + at(i, j + 3) * xj(j + 3));
        }
      }
    }
    for (; j < n; j++) sum = sum + at(i, j) * xj(j);
    y[yo + i] = y[yo + i]! + alpha * sum;
  }
}

/** Cholesky factorization A = UᵀU of the upper triangle of the n×n matrix at a[ao] (leading
 * dimension lda), in place (dpotrf, uplo 'U'). Returns LAPACK's info: 0, or the order of the
 * first leading minor that is not positive definite. */
export function dpotrf(n: number, a: Float64Array, ao: number, lda: number): number {
  for (let j = 0; j < n; j++) {
    const cj = ao + j * lda;
    let ajj = a[cj + j]! - ddot(j, a, cj, a, cj);
    if (ajj <= 0) {
      a[cj + j] = ajj;
      return j + 1;
    }
    ajj = Math.sqrt(ajj);
    a[cj + j] = ajj;
    const rest = n - j - 1;
    if (rest > 0) {
      const grouped = rest - (rest % 4);
      const single = rest % 4 === 1;
      for (let c = 0; c < rest; c++) {
        const ck = ao + (j + 1 + c) * lda;
        a[ck + j] = gemvColumn(j, a, ck, a, cj, a[ck + j]!, c >= grouped && single);
      }
      const inverse = 1 / ajj;
      for (let c = 0; c < rest; c++) a[ao + (j + 1 + c) * lda + j] = a[ao + (j + 1 + c) * lda + j]! * inverse;
    }
  }
  return 0;
}

/** Solves Uᵀ X = B ('T') or U X = B ('N') in place for the upper triangular n×n U at a[ao] and
 * the n×nrhs B at b[bo] (dtrtrs, uplo 'U', diag 'N'). Returns info: 0, or i when U[i-1, i-1] = 0. */
export function dtrtrs(trans: 'T' | 'N', n: number, nrhs: number, a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): number {
  for (let i = 0; i < n; i++) if (a[ao + i * lda + i] === 0) return i + 1;
  if (n === 0 || nrhs === 0) return 0;
  if (nrhs === 1) {
    if (trans === 'T') {
      // dtrsv forward: b_i = (b_i - U[0:i, i]·b[0:i]) / U[i, i].
      for (let i = 0; i < n; i++) {
        if (i > 0) b[bo + i] = b[bo + i]! - ddot(i, a, ao + i * lda, b, bo);
        b[bo + i] = b[bo + i]! / a[ao + i * lda + i]!;
      }
    } else {
      // dtrsv backward: b_i /= U[i, i], then b[0:i] -= b_i U[0:i, i].
      for (let i = n - 1; i >= 0; i--) {
        b[bo + i] = b[bo + i]! / a[ao + i * lda + i]!;
        if (i > 0) daxpy(i, -b[bo + i]!, a, ao + i * lda, b, bo);
      }
    }
    return 0;
  }
  if (trans === 'N') throw new Error('dtrtrs: several right-hand sides are implemented for trans T only');
  trsmUpperTransposed(n, nrhs, a, ao, lda, b, bo, ldb);
  return 0;
}

/** dtrsm's kernel for Uᵀ X = B (Uᵀ lower triangular): rows in blocks of 4, then 2, then 1 from the
 * top; a block's rows first lose the fused sum over the rows solved before (subtracted once), then
 * are solved by the reciprocal of the diagonal. */
function trsmUpperTransposed(n: number, nrhs: number, a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): void {
  const blocks: [number, number][] = [];
  let i = 0;
  while (n - i >= 4) { blocks.push([i, i + 4]); i += 4; }
  if ((n - i) & 2) { blocks.push([i, i + 2]); i += 2; }
  if ((n - i) & 1) { blocks.push([i, i + 1]); i += 1; }
  for (let c = 0; c < nrhs; c++) {
    const col = bo + c * ldb;
    for (const [start, end] of blocks) {
      // The rows solved before: a fused sum over them, subtracted once.
      if (start > 0) {
        for (let r = start; r < end; r++) {
          let acc = 0;
          for (let k = 0; k < start; k++) acc = fma(a[ao + r * lda + k]!, b[col + k]!, acc);
          b[col + r] = b[col + r]! - acc;
        }
      }
      for (let r = start; r < end; r++) {
        const value = b[col + r]! * (1 / a[ao + r * lda + r]!);
        b[col + r] = value;
        for (let k = r + 1; k < end; k++) b[col + k] = b[col + k]! - value * a[ao + k * lda + r]!;
      }
    }
  }
}

/** Solves U X = B in place for the upper triangular n×n U at a[ao] and the n×nrhs B at b[bo]
 * (dtrsm, side 'L', uplo 'U', trans 'N', diag 'N', by its kernel below). */
export function dtrsmLeftUpper(n: number, nrhs: number, a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): void {
  trsmUpper(n, nrhs, a, ao, lda, b, bo, ldb);
}

/** dtrsm's kernel for U X = B (upper triangular, from the bottom): a lone last row when n is odd,
 * then a pair when n mod 4 >= 2, then blocks of 4 upward; each block's rows first lose the fused
 * sum over the rows solved before (below it, in increasing order), then are solved bottom up by
 * the reciprocal of the diagonal. */
function trsmUpper(n: number, nrhs: number, a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): void {
  const blocks: [number, number][] = [];
  let end = n;
  if (n & 1) { blocks.push([end - 1, end]); end -= 1; }
  if (n & 2) { blocks.push([end - 2, end]); end -= 2; }
  while (end >= 4) { blocks.push([end - 4, end]); end -= 4; }
  for (let c = 0; c < nrhs; c++) {
    const col = bo + c * ldb;
    for (const [start, stop] of blocks) {
      if (stop < n) {
        for (let r = start; r < stop; r++) {
          let acc = 0;
          for (let k = stop; k < n; k++) acc = fma(a[ao + k * lda + r]!, b[col + k]!, acc);
          b[col + r] = b[col + r]! - acc;
        }
      }
      for (let r = stop - 1; r >= start; r--) {
        const value = b[col + r]! * (1 / a[ao + r * lda + r]!);
        b[col + r] = value;
        for (let k = start; k < r; k++) b[col + k] = b[col + k]! - value * a[ao + r * lda + k]!;
      }
    }
  }
}

/** Solves X U = B in place for the upper triangular n×n U at a[ao] (leading dimension lda) and
 * the m×n B at b[bo] (leading dimension ldb): dtrsm, side 'R', uplo 'U', trans 'N', diag 'N', in
 * the order of the Haswell kernel. Columns in blocks of 8, then 4, 2, 1; a block's entries first
 * lose the fused sum over the columns solved before (subtracted once), then are solved left to
 * right by the reciprocal of the diagonal, each later column of the block losing x_j u_jk (fused
 * for a full block of 8 in rows of four, rounded twice otherwise). Measured against scipy.linalg
 * .blas.dtrsm for up to 13 rows and 12 columns: exact except 9 and 11 columns with four rows or
 * more, which differ in the last bits. */
export function dtrsmRightUpper(m: number, n: number, a: ArrayLike<number>, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): void {
  const blocks: [number, number][] = [];
  let j = 0;
  while (n - j >= 8) { blocks.push([j, j + 8]); j += 8; }
  for (const width of [4, 2, 1]) if ((n - j) & width) { blocks.push([j, j + width]); j += width; }
  const fullRows = m - (m % 4);
  const u = (r: number, c: number) => a[ao + r + c * lda]!;
  for (let i = 0; i < m; i++) {
    const at = (c: number) => bo + i + c * ldb;
    for (const [start, stop] of blocks) {
      for (let k = start; k < stop && start > 0; k++) {
        let sum = 0;
        for (let l = 0; l < start; l++) sum = fma(b[at(l)]!, u(l, k), sum);
        b[at(k)] = b[at(k)]! - sum;
      }
      const fused = stop - start === 8 && i < fullRows;
      for (let c = start; c < stop; c++) {
        const value = b[at(c)]! * (1 / u(c, c));
        b[at(c)] = value;
        for (let k = c + 1; k < stop; k++) b[at(k)] = fused ? fma(-value, u(c, k), b[at(k)]!) : b[at(k)]! - value * u(c, k);
      }
    }
  }
}

/** Solves A X = B from A's Cholesky factor U (dpotrf, uplo 'U') in place: Uᵀ Y = B, then U X = Y,
 * both by dtrsm as LAPACK's dpotrs calls it (scipy.linalg.solve's positive definite path). */
export function dpotrs(n: number, nrhs: number, a: Float64Array, ao: number, lda: number, b: Float64Array, bo: number, ldb: number): void {
  trsmUpperTransposed(n, nrhs, a, ao, lda, b, bo, ldb);
  trsmUpper(n, nrhs, a, ao, lda, b, bo, ldb);
}
