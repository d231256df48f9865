// The LAPACK reflections and rotations scipy 1.17's nnls (scipy/optimize/__nnls.c) calls, as
// reference LAPACK writes them, on the OpenBLAS kernels of openblas.ts:
//   dlarfgp  the Householder reflector H = I - τ v vᵀ (v[0] = 1) with H [α; x] = [β; 0], β >= 0;
//   dlarf    H applied from the left to one column (dgemv_t, then dger);
//   dlartgp  the plane rotation [c s; -s c] with [c s; -s c] [f; g] = [r; 0], r >= 0.
// Arrays come with the offset of their first entry, as in the C code. With these, scipy-nnls.ts
// gives scipy 1.17.1's nnls bit for bit on the OpenBLAS scipy ships (0.3.31) run with its Haswell
// kernels (OPENBLAS_CORETYPE=Haswell, as on any x86-64 with AVX2 but not AVX-512): every x and rnorm
// of 497 random problems up to 19×23, and of scripts/lsq_linear_fixtures.py's with fewer than 20
// rows. (From 20 rows on, dgemv_t sums a lone column in an order gemvColumn does not follow yet, and
// the last bits can differ. OpenBLAS's SkylakeX kernels fuse dger's multiply-adds, Haswell's do not.)

import { fusedMultiplyAdd as fma } from './fused-multiply-add';
import { daxpy, dnrm2, dscal, gemvColumn } from './openblas';

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
  let beta = fortranSign(dlapy2(alpha, xnorm), alpha);
  let rescaled = 0;
  if (Math.abs(beta) < SMALL) {
    // β (and xnorm) may be inaccurate: scale x up and compute them again.
    const big = 1 / SMALL;
    do {
      rescaled++;
      dscal(n - 1, big, x, xo);
      beta *= big;
      alpha *= big;
    } while (Math.abs(beta) < SMALL && rescaled < 20);
    xnorm = dnrm2(n - 1, x, xo);
    beta = fortranSign(dlapy2(alpha, xnorm), alpha);
  }
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

/** c ← (I - τ v vᵀ) c for one column c of m entries (dlarf, side 'L', n = 1). */
export function dlarfColumn(m: number, v: Float64Array, vo: number, tau: number, c: Float64Array, co: number): void {
  if (tau === 0) return;
  // Only v's leading part up to its last nonzero entry, and a column that is not zero there.
  let last = m;
  while (last > 0 && v[vo + last - 1] === 0) last--;
  if (last === 0) return;
  let nonzero = false;
  for (let i = 0; i < last && !nonzero; i++) nonzero = c[co + i] !== 0;
  if (!nonzero) return;
  // w = cᵀv (dgemv_t with α = 1: the kernel's α = -1 order, negated), then c ← c - τ w v (dger,
  // which on Haswell is daxpy: fused in blocks of 16, the rest rounded twice).
  const w = -gemvColumn(last, c, co, v, vo, 0, true);
  daxpy(last, -tau * w, v, vo, c, co);
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
