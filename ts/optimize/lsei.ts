// The constrained least squares problems under SLSQP's search direction (Lawson and Hanson,
// Solving Least Squares Problems, 1974, chapters 20-23, as Kraft's SLSQP chains them), ported from
// scipy 1.17.1's C translation (scipy/optimize/__slsqp.c: ldp, lsi, lsei) step for step, on the
// LAPACK and OpenBLAS routines it calls (lapack-qr.ts, lapack-reflections.ts, openblas.ts):
//   LDP   min ‖x‖            subject to G x >= h          (through its dual, an NNLS problem)
//   LSI   min ‖A x - b‖      subject to G x >= h          (A of full column rank: becomes an LDP)
//   LSEI  min ‖A x - b‖      subject to E x = f, G x >= h (the equalities eliminated: an LSI)
// Each returns the solution, the Lagrange multipliers of its constraints, in the convention
// Aᵀ(A x - b) = Eᵀμ + Gᵀλ with λ >= 0, and scipy's mode: 1 solved, 2 more equalities than
// unknowns, 3 the NNLS ran out of steps, 4 inequalities incompatible, 5 A singular, 6 the
// equalities' matrix singular, 7 the equality-only least squares problem rank-deficient.
// Matrices are column-major (entry (i, j) of an m-row matrix at [i + j·m]) and are overwritten,
// as the C code's are; so is `indices`, the integer workspace that SLSQP keeps for a run (scipy's
// `indices` array): the NNLS leaves its variables' order there and dgelsy reads and leaves its
// column pivots there, which changes how the next dgelsy pivots.

import { dgeqp3, dgeqr2, dgerq2, dorm2r, dormr2Left, dormr2Right } from './lapack-qr';
import { daxpy, ddot, dgemvN, dgemvT, dtrsmLeftUpper, dtrsmRightUpper, dtrtrs } from './openblas';
import { scipyNnls } from './scipy-nnls';

export interface ConstrainedLeastSquares {
  readonly x: Float64Array;
  /** μ, one per equality (meaningful when mode is 1). */
  readonly equalityMultipliers: Float64Array;
  /** λ >= 0, one per inequality (meaningful when mode is 1). */
  readonly inequalityMultipliers: Float64Array;
  readonly mode: number;
}

const EPSILON = 2.220446049250313e-16;

/**
 * min ‖x‖ subject to G x >= h (G: m×n). Its dual is min ‖[Gᵀ; hᵀ] u - e_{n+1}‖ over u >= 0,
 * solved by scipy's own nnls (scipy-nnls.ts: the C SLSQP calls the very routine
 * scipy.optimize.nnls runs, with its default limit of 3m inner steps); with r that residual,
 * x = -r[0..n) / r[n] = Gᵀu / (1 - hᵀu) and the multipliers are u / (1 - hᵀu). A zero residual
 * (or 1 - hᵀu = 0 to rounding) means no x satisfies the constraints (Lawson and Hanson, theorem
 * 23.27).
 */
export function leastDistance(m: number, n: number, g: Float64Array, h: Float64Array, indices: Int32Array = new Int32Array(m)): ConstrainedLeastSquares {
  const x = new Float64Array(n);
  const multipliers = new Float64Array(m);
  const out = (mode: number) => ({ x, equalityMultipliers: new Float64Array(0), inequalityMultipliers: multipliers, mode });
  if (n <= 0) return out(2);
  if (m === 0) return out(1);
  // The dual's matrix [Gᵀ; hᵀ], (n+1)×m, and its right-hand side e_{n+1}.
  const a = new Float64Array((n + 1) * m);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) a[i + j * (n + 1)] = g[j + i * m]!;
    a[n + j * (n + 1)] = h[j]!;
  }
  const b = new Float64Array(n + 1);
  b[n] = 1;
  const dual = scipyNnls(a, n + 1, m, b, 3 * m, indices);
  if (dual.info !== 1) return out(dual.info);
  if (dual.rnorm <= 0) return out(4);
  let fac = 1 - ddot(m, h, 0, dual.x, 0);
  if (!((1 + fac) - 1 > 0)) return out(4);
  fac = 1 / fac;
  dgemvT(m, n, fac, g, 0, m, dual.x, 0, 0, x, 0);
  for (let i = 0; i < m; i++) multipliers[i] = fac * dual.x[i]!;
  return out(1);
}

/**
 * min ‖A x - b‖ subject to G x >= h, for A (ma×n, ma >= n) of full column rank. With
 * A = Q [R; 0] and c = Qᵀb, ‖A x - b‖² = ‖R x - c₁‖² + ‖c₂‖²; in z = R x - c₁ the constraints read
 * (G R⁻¹) z >= h - G R⁻¹ c₁, an LDP in z, and x = R⁻¹ (z + c₁). The constraints' values G x - h
 * are the same in z, so are the multipliers.
 */
export function inequalityLeastSquares(ma: number, mg: number, n: number, a: Float64Array, b: Float64Array, g: Float64Array, h: Float64Array, indices: Int32Array = new Int32Array(mg)): ConstrainedLeastSquares {
  const k = Math.min(ma, n);
  const tau = new Float64Array(k);
  dgeqr2(ma, n, a, 0, ma, tau);
  dorm2r(ma, k, a, 0, ma, tau, b, 0);
  for (let i = 0; i < k; i++) {
    if (!(Math.abs(a[i + i * ma]!) >= EPSILON)) {
      return { x: new Float64Array(n), equalityMultipliers: new Float64Array(0), inequalityMultipliers: new Float64Array(mg), mode: 5 };
    }
  }
  dtrsmRightUpper(mg, n, a, 0, ma, g, 0, mg); // G ← G R⁻¹
  dgemvN(mg, n, -1, g, 0, mg, b, 0, 1, h, 0); // h ← h - G c₁
  const ldp = leastDistance(mg, n, g, h, indices);
  if (ldp.mode !== 1) return ldp;
  daxpy(n, 1, b, 0, ldp.x, 0);
  dtrtrs('N', n, 1, a, 0, ma, ldp.x, 0, n);
  return ldp;
}

/**
 * argmin ‖A x - b‖ without constraints (A: ma×n, ma >= n), or null when A is rank-deficient: what
 * scipy asks of LAPACK's dgelsy with rcond √ε. Its QR with column pivoting (dgeqp3) takes jpvt as
 * it finds it: scipy passes its integer workspace, which the NNLS and earlier dgelsy calls of the
 * run have written (the columns whose entry is nonzero are fixed, not pivoted: from dgelsy's second
 * call on, all of them), and leaves its pivots there. Then Qᵀb (dorm2r), R⁻¹ (dtrsm) and the
 * permutation back. The rank: dgelsy estimates R's condition incrementally (dlaic1); here a
 * diagonal entry of R at most √ε times the largest one counts as rank-deficient, which agrees but
 * for matrices at the edge of that test. (dgelsy's scaling of A or b with entries near underflow
 * or overflow is not done either.)
 */
function rankRevealingLeastSquares(ma: number, n: number, a: Float64Array, b: Float64Array, jpvt: Int32Array): Float64Array | null {
  const k = Math.min(ma, n);
  const tau = new Float64Array(k);
  dgeqp3(ma, n, a, 0, ma, jpvt, tau);
  let largest = 0;
  for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(a[i + i * ma]!));
  for (let i = 0; i < k; i++) if (!(Math.abs(a[i + i * ma]!) > Math.sqrt(EPSILON) * largest)) return null;
  dorm2r(ma, k, a, 0, ma, tau, b, 0);
  dtrsmLeftUpper(n, 1, a, 0, ma, b, 0, ma);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[jpvt[i]! - 1] = b[i]!;
  return x;
}

/**
 * min ‖A x - b‖ subject to E x = f and G x >= h (A: ma×n; E: me×n, me <= n; G: mg×n). An RQ
 * factorization E = [0 R] Q (R upper triangular, me×me, in E's last columns) turns the equalities,
 * in y = Q x, into R y₂ = f for y's last me entries; with A Qᵀ = [A₁ A₂] and G Qᵀ = [G₁ G₂] what is
 * left is the LSI min ‖A₁ y₁ - (b - A₂ y₂)‖ subject to G₁ y₁ >= h - G₂ y₂ (or, with no
 * inequalities, a plain least squares problem). The equalities' multipliers solve
 * Rᵀμ = A₂ᵀ(A Qᵀ y - b) - G₂ᵀλ, the last me rows of the stationarity condition in y.
 */
export function equalityInequalityLeastSquares(
  ma: number, me: number, mg: number, n: number,
  a: Float64Array, b: Float64Array,
  e: Float64Array, f: Float64Array,
  g: Float64Array, h: Float64Array,
  indices: Int32Array = new Int32Array(Math.max(mg, n)),
): ConstrainedLeastSquares {
  const x = new Float64Array(n);
  const gmults = new Float64Array(mg);
  const emults = new Float64Array(me);
  const out = (mode: number) => ({ x, equalityMultipliers: emults, inequalityMultipliers: gmults, mode });
  if (me > n) return out(2);
  const free = n - me;
  const lde = Math.max(me, 1);
  const ldg = Math.max(mg, 1);
  const tau = new Float64Array(me);
  dgerq2(me, n, e, 0, lde, tau);
  dormr2Right(ma, n, me, e, 0, lde, tau, a, 0, ma);
  dormr2Right(mg, n, me, e, 0, lde, tau, g, 0, ldg);
  for (let i = 0; i < me; i++) if (!(Math.abs(e[i + (free + i) * lde]!) >= EPSILON)) return out(6);
  // y₂ = R⁻¹ f.
  x.set(f.subarray(0, me), free);
  dtrtrs('N', me, 1, e, free * lde, lde, x, free, me);

  if (me < n) {
    const wb = b.slice(0, ma);
    dgemvN(ma, me, -1, a, ma * free, ma, x, free, 1, wb, 0); // b - A₂ y₂
    const a1 = a.slice(0, ma * free);
    const g1 = g.slice(0, mg * free);
    if (mg === 0) {
      const y1 = rankRevealingLeastSquares(ma, free, a1, wb, indices);
      if (y1 === null) return out(7);
      x.set(y1);
    } else {
      dgemvN(mg, me, -1, g, mg * free, ldg, x, free, 1, h, 0); // h - G₂ y₂
      const lsi = inequalityLeastSquares(ma, mg, free, a1, wb, g1, h, indices);
      x.set(lsi.x);
      gmults.set(lsi.inequalityMultipliers);
      if (me === 0 || lsi.mode !== 1) return out(lsi.mode);
    }
  }

  // Back to x: the residual r = A Qᵀ y - b, then Rᵀμ = A₂ᵀ r - G₂ᵀλ and x = Qᵀ y.
  dgemvN(ma, n, 1, a, 0, ma, x, 0, -1, b, 0);
  const rhs = new Float64Array(me);
  dgemvT(ma, me, 1, a, free * ma, ma, b, 0, 0, rhs, 0);
  dgemvT(mg, me, -1, g, free * mg, ldg, gmults, 0, 1, rhs, 0);
  dormr2Left(n, me, e, 0, lde, tau, x, 0);
  emults.set(rhs);
  dtrtrs('T', me, 1, e, free * lde, lde, emults, 0, me);
  return out(1);
}
