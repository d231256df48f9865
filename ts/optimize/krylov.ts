// scipy's KrylovJacobian (scipy/optimize/_nonlin.py, scipy 1.17), which tf.optimize.root's method
// 'krylov' runs through nonlinSolve: an inexact Newton method whose step solves J dx = -F(x) by
// LGMRES (scipy.sparse.linalg.lgmres; Baker, Jessup and Manteuffel, SIAM J. Matrix Anal. Appl. 26,
// 2005) with J never formed: each product J v is a forward difference of F along v. The solve is
// as loose as nonlinSolve's forcing term allows, and the directions of the last outerK Newton steps
// augment the next solves' Krylov spaces (LGMRES's outer vectors). scipy's BLAS (ddot, daxpy,
// dscal, dnrm2) in scipy's order; plain numbers, no tensors.

import { minimumNormSolution } from './dogbox';
import { type JacobianApproximation, maxNorm, NonlinBreakdown } from './nonlin';
import { daxpy, ddot, dnrm2, dscal } from './openblas';
import { pyMax, pyMin } from './python-minmax';

const EPSILON = 2.220446049250313e-16;

/** KrylovJacobian's settings (scipy's rdiff, outer_k and the inner solver's inner_* options). */
export interface KrylovSettings {
  /** The relative step of the finite differences; null: √ε (scipy's default). */
  rdiff: number | null;
  /** The outer vectors kept between solves (scipy's outer_k, default 10). */
  outerK: number;
  /** The Arnoldi steps of a solve before the outer vectors (lgmres's inner_m, default 30). */
  innerM: number;
  /** A fixed relative tolerance of the solves; null: nonlinSolve's forcing term (scipy's default). */
  innerRtol: number | null;
  /** The absolute tolerance of the solves (default 0). */
  innerAtol: number;
}

/** The Givens rotation [c s; -s c] taking (f, g) to (r, 0), as LAPACK's dlartg (3.10) computes it:
 * r = ±√(f² + g²) with f's sign, scaled when a square could overflow or underflow. */
function givens(f: number, g: number): { c: number; s: number; r: number } {
  if (g === 0) return { c: 1, s: 0, r: f };
  if (f === 0) return { c: 0, s: Math.sign(g), r: Math.abs(g) };
  const safeMin = 2.2250738585072014e-308;
  const safeMax = 1 / safeMin;
  const rtmin = Math.sqrt(safeMin);
  const rtmax = Math.sqrt(safeMax / 2);
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (f1 > rtmin && f1 < rtmax && g1 > rtmin && g1 < rtmax) {
    const d = Math.sqrt(f * f + g * g);
    const r = f >= 0 ? d : -d;
    return { c: f1 / d, s: g / r, r };
  }
  const u = pyMin(safeMax, pyMax(safeMin, pyMax(f1, g1)));
  const fs = f / u;
  const gs = g / u;
  const d = Math.sqrt(fs * fs + gs * gs);
  const r = f >= 0 ? d : -d;
  return { c: Math.abs(fs) / d, s: gs / r, r: r * u };
}

/**
 * One FGMRES cycle as scipy's _fgmres runs it for lgmres (no preconditioner, the outer vectors
 * first): Arnoldi with modified Gram-Schmidt on the directions z (each outer vector, then v0, then
 * the last basis vector), A Z = V H, with H = Q R kept factored by one Givens rotation per column.
 * The least-squares residual of ‖H y - e₁‖ is |Q[0, last]|; the cycle stops below `atol`, on a
 * breakdown (A z in the span of the basis), or after m + outerV.length steps. Returns y of the
 * triangular least-squares problem R y ≈ Qᵀe₁ and the directions, or null where scipy raises LinAlgError (R not
 * finite).
 */
function fgmres(
  matvec: (v: Float64Array) => Float64Array,
  v0: Float64Array,
  m: number,
  atol: number,
  outerV: Float64Array[],
): { y: Float64Array; zs: Float64Array[] } | null {
  const n = v0.length;
  const vs = [v0];
  const zs: Float64Array[] = [];
  const steps = m + outerV.length;
  // Q is (j+1)×(j+1), row-major with row length `size`; R's columns hold rows 0..k of column k.
  let size = 1;
  let q = new Float64Array([1]);
  const rColumns: Float64Array[] = [];
  let j = 0;
  for (; j < steps; j++) {
    const z = j < outerV.length ? outerV[j]! : j === outerV.length ? v0 : vs[vs.length - 1]!;
    const w = matvec(z);
    const wNorm = dnrm2(n, w, 0);
    const h = new Float64Array(j + 2);
    for (let i = 0; i < vs.length; i++) {
      h[i] = ddot(n, vs[i]!, 0, w, 0);
      daxpy(n, -h[i]!, vs[i]!, 0, w, 0);
    }
    h[j + 1] = dnrm2(n, w, 0);
    const scale = 1 / h[j + 1]!;
    if (Number.isFinite(scale)) dscal(n, scale, w, 0);
    // Not h > ε‖w‖: w lies in the span of the basis already, or is NaN.
    const breakdown = !(h[j + 1]! > EPSILON * wNorm);
    vs.push(w);
    zs.push(z);

    // H's new column in Q's basis, Qᵀh (Q grown by a 1 on its diagonal), then the rotation of rows
    // j and j+1 that zeroes its last entry, applied to Q's columns j and j+1.
    const grown = size + 1;
    const next = new Float64Array(grown * grown);
    for (let r = 0; r < size; r++) next.set(q.subarray(r * size, (r + 1) * size), r * grown);
    next[grown * grown - 1] = 1;
    const column = new Float64Array(j + 1);
    for (let i = 0; i <= j; i++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += next[k * grown + i]! * h[k]!;
      column[i] = s;
    }
    const { c, s, r } = givens(column[j]!, h[j + 1]!);
    column[j] = r;
    rColumns.push(column);
    for (let k = 0; k < grown; k++) {
      const a = next[k * grown + j]!;
      const b = next[k * grown + j + 1]!;
      next[k * grown + j] = c * a + s * b;
      next[k * grown + j + 1] = c * b - s * a;
    }
    q = next;
    size = grown;
    const residual = Math.abs(q[size - 1]!);
    if (residual < atol || breakdown) break;
  }
  if (j === steps) j--;
  if (!Number.isFinite(rColumns[j]![j]!)) return null;
  // R y = (Q's first row) in the least-squares sense, by SVD with singular values below ε·σ₀
  // taken as zero (scipy's lstsq, LAPACK's gelsd): after a breakdown, or with outer vectors nearly
  // dependent, R is (nearly) singular, and the least-norm y keeps the step finite.
  const order = j + 1;
  const r = new Float64Array(order * order);
  for (let k = 0; k < order; k++) r.set(rColumns[k]!, k * order);
  const y = minimumNormSolution(r, order, order, q.slice(0, order)).z;
  return { y, zs };
}

/**
 * x with A x ≈ b by one LGMRES cycle from x = 0, as KrylovJacobian calls scipy's lgmres (maxiter
 * 1, the outer vectors prepended, their products A z not stored): it stops when
 * ‖A x - b‖ <= max(atol, rtol‖b‖). The direction of x, normalized, joins `outerV` (mutated), of
 * which the last outerK are kept. Returns zeros where scipy's lgmres gives up (a non-finite y).
 */
export function lgmres(
  matvec: (v: Float64Array) => Float64Array,
  b: Float64Array,
  settings: { rtol: number; atol: number; innerM: number; outerK: number },
  outerV: Float64Array[],
): Float64Array {
  const n = b.length;
  const x = new Float64Array(n);
  const bNorm = dnrm2(n, b, 0);
  const atol = pyMax(settings.atol, settings.rtol * bNorm);
  if (bNorm === 0) return b.slice();
  const ax = matvec(x);
  const residual = ax.map((v, i) => v - b[i]!);
  const residualNorm = dnrm2(n, residual, 0);
  if (residualNorm <= atol) return x;
  const v0 = residual.map((v) => -v);
  const v0Norm = dnrm2(n, v0, 0);
  dscal(n, 1.0 / v0Norm, v0, 0);
  const solved = fgmres(matvec, v0, settings.innerM, pyMin(1.0, atol / residualNorm), outerV);
  if (solved === null) return x;
  const { y, zs } = solved;
  for (let i = 0; i < y.length; i++) y[i] = y[i]! * v0Norm;
  if (!y.every((v) => Number.isFinite(v))) return x;
  const dx = zs[0]!.map((v) => v * y[0]!);
  for (let i = 1; i < zs.length; i++) daxpy(n, y[i]!, zs[i]!, 0, dx, 0);
  const dxNorm = dnrm2(n, dx, 0);
  if (dxNorm > 0) outerV.push(dx.map((v) => v / dxNorm));
  while (outerV.length > settings.outerK) outerV.shift();
  for (let i = 0; i < n; i++) x[i] = x[i]! + dx[i]!;
  return x;
}

/** J⁻¹ f by LGMRES on forward differences: J v ≈ (F(x + ω v/‖v‖) - F(x))·‖v‖/ω, with
 * ω = rdiff·max(1, max|x|)/max(1, max|F(x)|) at the current point. */
export class KrylovJacobian implements JacobianApproximation {
  private x0: Float64Array = new Float64Array(0);
  private f0: Float64Array = new Float64Array(0);
  private omega = Number.NaN;
  private func: (x: Float64Array) => Float64Array = () => {
    throw new Error('KrylovJacobian: setup was not called');
  };
  private readonly rdiff: number;
  /** LGMRES's outer vectors, carried from one Newton step's solve to the next. */
  private readonly outerV: Float64Array[] = [];

  constructor(private readonly settings: KrylovSettings) {
    this.rdiff = settings.rdiff ?? Math.sqrt(EPSILON);
  }

  setup(x: Float64Array, f: Float64Array, func: (x: Float64Array) => Float64Array): void {
    this.func = func;
    this.update(x, f);
  }

  update(x: Float64Array, f: Float64Array): void {
    this.x0 = x;
    this.f0 = f;
    this.omega = (this.rdiff * pyMax(1, maxNorm(x))) / pyMax(1, maxNorm(f));
  }

  /** J v by a forward difference along v (0 for v = 0, without evaluating F). */
  private matvec(v: Float64Array): Float64Array {
    const vNorm = dnrm2(v.length, v, 0);
    if (vNorm === 0) return v.map((value) => 0 * value);
    const step = this.omega / vNorm;
    const shifted = this.x0.map((xi, i) => xi + step * v[i]!);
    const fShifted = this.func(shifted);
    const product = fShifted.map((fi, i) => (fi - this.f0[i]!) / step);
    if (!product.every((value) => Number.isFinite(value)) && v.every((value) => Number.isFinite(value))) {
      throw new NonlinBreakdown('fun returned non-finite results in a finite-difference Jacobian-vector product (scipy raises "Function returned non-finite results" here)');
    }
    return product;
  }

  solve(f: Float64Array, tol: number): Float64Array {
    const { innerRtol, innerAtol, innerM, outerK } = this.settings;
    return lgmres((v) => this.matvec(v), f, { rtol: innerRtol ?? tol, atol: innerAtol, innerM, outerK }, this.outerV);
  }
}
