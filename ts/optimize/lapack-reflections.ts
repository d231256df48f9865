// The LAPACK reflections and rotations scipy 1.17's nnls (scipy/optimize/__nnls.c) and SLSQP's QR
// and RQ factorizations (lapack-qr.ts) call, as reference LAPACK writes them, on the OpenBLAS
// kernels of openblas.ts:
//   dlarfg   the Householder reflector H = I - τ v vᵀ (v[0] = 1) with H [α; x] = [β; 0], β = ∓‖·‖;
//   dlarfgp  the same with β >= 0;
//   dlarf    H applied from the left (dgemv_t, then dger) or from the right (dgemv_n, then dger);
//   dlartgp  the plane rotation [c s; -s c] with [c s; -s c] [f; g] = [r; 0], r >= 0.
// Arrays come with the offset of their first entry, as in the C code. With these, scipy-nnls.ts
// gives scipy 1.17.1's nnls bit for bit on the OpenBLAS scipy ships (0.3.31) run with its Haswell
// kernels (OPENBLAS_CORETYPE=Haswell, as on any x86-64 with AVX2 but not AVX-512): every x and rnorm
// of 497 random problems up to 19×23, and of scripts/lsq_linear_fixtures.py's with fewer than 20
// rows. (From 20 rows on, dgemv_t sums a lone column in an order gemvColumn does not follow yet, and
// the last bits can differ. OpenBLAS's SkylakeX kernels fuse dger's multiply-adds, Haswell's do not.)

import { daxpy, dgemvN, dgemvT, dnrm2, dscal } from './openblas';

/** DLAMCH('P') = 2⁻⁵²; SMLNUM = DLAMCH('S') / DLAMCH('E') = 2⁻¹⁰²² / 2⁻⁵³; DLAMCH('O'). */
const PRECISION = 2.220446049250313e-16;
const SMALL = 2 ** -969;
const OVERFLOW = 1.7976931348623157e308;

/** Fortran's SIGN(a, b): |a| with b's sign (-0 counts as negative, as gfortran's copysign). */
const fortranSign = (a: number, b: number): number => (b > 0 || Object.is(b, 0) ? Math.abs(a) : -Math.abs(a));

/** √(x² + y²) without overflow (LAPACK's dlapy2). */
export function dlapy2(x: number, y: number): number {
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  const w = Math.max(Math.abs(x), Math.abs(y));
  const z = Math.min(Math.abs(x), Math.abs(y));
  if (z === 0 || w > OVERFLOW) return w;
  return w * Math.sqrt(1 + (z / w) * (z / w));
}

/** β = sign·SIGN(‖[α; x]‖, α) of a reflector (dlarfg: sign -1, dlarfgp: 1). Where |β| < SMALL, β
 * (and xnorm) may be inaccurate: x and α are scaled up by 1/SMALL (at most 20 times, until |β| is
 * not small) and both computed again; `rescaled` says how often, for β to be scaled back. */
function reflectorNorm(n: number, alpha: number, xnorm: number, x: Float64Array, xo: number, sign: 1 | -1) {
  let beta = sign * fortranSign(dlapy2(alpha, xnorm), alpha);
  let rescaled = 0;
  if (Math.abs(beta) < SMALL) {
    const big = 1 / SMALL;
    do {
      rescaled++;
      dscal(n - 1, big, x, xo);
      beta *= big;
      alpha *= big;
    } while (Math.abs(beta) < SMALL && rescaled < 20);
    xnorm = dnrm2(n - 1, x, xo);
    beta = sign * fortranSign(dlapy2(alpha, xnorm), alpha);
  }
  return { alpha, beta, xnorm, rescaled };
}

/** The reflector of [α; x] (x: n - 1 entries from x[xo]) with a non-negative β (dlarfgp). x is
 * overwritten with v[1..]; returns β (the new α) and τ. */
export function dlarfgp(n: number, alpha: number, x: Float64Array, xo: number): { beta: number; tau: number } {
  if (n <= 0) return { beta: alpha, tau: 0 };
  let xnorm = dnrm2(n - 1, x, xo);
  if (xnorm <= PRECISION * Math.abs(alpha)) {
    // H is ±1 on the first entry and the identity on the rest.
    if (alpha >= 0) return { beta: alpha, tau: 0 };
    x.fill(0, xo, xo + n - 1);
    return { beta: -alpha, tau: 2 };
  }
  let beta: number, rescaled: number;
  ({ alpha, beta, xnorm, rescaled } = reflectorNorm(n, alpha, xnorm, x, xo, 1));
  const savedAlpha = alpha;
  alpha += beta;
  let tau: number;
  if (beta < 0) {
    beta = -beta;
    tau = -alpha / beta;
  } else {
    alpha = xnorm * (xnorm / alpha);
    tau = alpha / beta;
    alpha = -alpha;
  }
  if (Math.abs(tau) <= SMALL) {
    // A subnormal τ: H is taken as ±1 on the first entry instead.
    if (savedAlpha >= 0) {
      tau = 0;
    } else {
      tau = 2;
      x.fill(0, xo, xo + n - 1);
      beta = -savedAlpha;
    }
  } else {
    dscal(n - 1, 1 / alpha, x, xo);
  }
  for (let j = 0; j < rescaled; j++) beta *= SMALL;
  return { beta, tau };
}

/** The reflector H = I - τ v vᵀ (v[0] = 1) with H [α; x] = [β; 0], β = -sign(α)·‖[α; x]‖, or H = I
 * (τ = 0, β = α) when x is zero (dlarfg). x (n - 1 entries from x[xo]) is overwritten with v[1..]. */
export function dlarfg(n: number, alpha: number, x: Float64Array, xo: number): { beta: number; tau: number } {
  if (n <= 1) return { beta: alpha, tau: 0 };
  let xnorm = dnrm2(n - 1, x, xo);
  if (xnorm === 0) return { beta: alpha, tau: 0 };
  let beta: number, rescaled: number;
  ({ alpha, beta, xnorm, rescaled } = reflectorNorm(n, alpha, xnorm, x, xo, -1));
  const tau = (beta - alpha) / beta;
  dscal(n - 1, 1 / (alpha - beta), x, xo);
  for (let j = 0; j < rescaled; j++) beta *= SMALL;
  return { beta, tau };
}

/** C ← (I - τ v vᵀ) C for the m×n C at c[co] (leading dimension ldc) and v's m entries
 * v[vo + i·incv] (dlarf, side 'L'): only v up to its last nonzero entry and C's columns up to the
 * last one not zero there take part; w = Cᵀv (dgemv_t), then C - τ v wᵀ (dger, which on Haswell is
 * daxpy per column: fused in blocks of 16, the rest rounded twice). */
export function dlarfLeft(m: number, n: number, v: Float64Array, vo: number, incv: number, tau: number, c: Float64Array, co: number, ldc: number): void {
  if (tau === 0) return;
  let rows = m;
  while (rows > 0 && v[vo + (rows - 1) * incv] === 0) rows--;
  let columns = n;
  while (columns > 0 && !someNonzero(c, co + (columns - 1) * ldc, rows)) columns--;
  if (rows === 0 || columns === 0) return;
  // (dgemv_t and dger take a strided v through a contiguous copy.)
  const vc = incv === 1 ? v : Float64Array.from({ length: rows }, (_, i) => v[vo + i * incv]!);
  const vco = incv === 1 ? vo : 0;
  const w = new Float64Array(columns);
  dgemvT(rows, columns, 1, c, co, ldc, vc, vco, 0, w, 0);
  for (let j = 0; j < columns; j++) daxpy(rows, -tau * w[j]!, vc, vco, c, co + j * ldc);
}

/** C ← C (I - τ v vᵀ) for the m×n C at c[co] (leading dimension ldc) and v's n entries
 * v[vo + j·incv] (dlarf, side 'R'): only v up to its last nonzero entry and C's rows up to the last
 * one not zero there take part; w = C v (dgemv_n, whose order depends on v's stride), then
 * C - τ w vᵀ (dger: daxpy per column). */
export function dlarfRight(m: number, n: number, v: Float64Array, vo: number, incv: number, tau: number, c: Float64Array, co: number, ldc: number): void {
  if (tau === 0) return;
  let columns = n;
  while (columns > 0 && v[vo + (columns - 1) * incv] === 0) columns--;
  let rows = m;
  while (rows > 0 && !someNonzeroInRow(c, co + rows - 1, ldc, columns)) rows--;
  if (rows === 0 || columns === 0) return;
  const w = new Float64Array(rows);
  dgemvN(rows, columns, 1, c, co, ldc, v, vo, 0, w, 0, incv);
  for (let j = 0; j < columns; j++) daxpy(rows, -tau * v[vo + j * incv]!, w, 0, c, co + j * ldc);
}

/** c ← (I - τ v vᵀ) c for one column c of m entries (dlarf, side 'L', n = 1). */
export function dlarfColumn(m: number, v: Float64Array, vo: number, tau: number, c: Float64Array, co: number): void {
  dlarfLeft(m, 1, v, vo, 1, tau, c, co, m);
}

function someNonzero(a: Float64Array, start: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (a[start + i] !== 0) return true;
  return false;
}

function someNonzeroInRow(a: Float64Array, start: number, stride: number, count: number): boolean {
  for (let j = 0; j < count; j++) if (a[start + j * stride] !== 0) return true;
  return false;
}

/** The rotation that takes [f; g] to [r; 0] with r >= 0 (dlartgp). */
export function dlartgp(f: number, g: number): { c: number; s: number; r: number } {
  if (g === 0) return { c: fortranSign(1, f), s: 0, r: Math.abs(f) };
  if (f === 0) return { c: 0, s: fortranSign(1, g), r: Math.abs(g) };
  // Arguments near the ends of the range are scaled by 2^±484 (LAPACK's SAFMN2: the base to the
  // half of log₂(DLAMCH('S') / DLAMCH('E')) = -969, truncated), as often as it takes.
  const safmn2 = 2 ** -484;
  const safmx2 = 2 ** 484;
  let f1 = f, g1 = g;
  let scale = Math.max(Math.abs(f1), Math.abs(g1));
  let r: number;
  let count = 0;
  if (scale >= safmx2) {
    do {
      count++;
      f1 *= safmn2;
      g1 *= safmn2;
      scale = Math.max(Math.abs(f1), Math.abs(g1));
    } while (scale >= safmx2 && count < 20);
    r = Math.sqrt(f1 * f1 + g1 * g1);
    const c = f1 / r, s = g1 / r;
    for (let i = 0; i < count; i++) r *= safmx2;
    return r < 0 ? { c: -c, s: -s, r: -r } : { c, s, r };
  }
  if (scale <= safmn2) {
    do {
      count++;
      f1 *= safmx2;
      g1 *= safmx2;
      scale = Math.max(Math.abs(f1), Math.abs(g1));
    } while (scale <= safmn2);
    r = Math.sqrt(f1 * f1 + g1 * g1);
    const c = f1 / r, s = g1 / r;
    for (let i = 0; i < count; i++) r *= safmn2;
    return { c, s, r };
  }
  r = Math.sqrt(f1 * f1 + g1 * g1);
  return { c: f1 / r, s: g1 / r, r };
}
