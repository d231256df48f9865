// The constrained least squares problems under SLSQP's search direction (Lawson and Hanson,
// Solving Least Squares Problems, 1974, chapters 20-23, as Kraft's SLSQP chains them):
//   LDP   min ‖x‖            subject to G x >= h          (through its dual, an NNLS problem)
//   LSI   min ‖A x - b‖      subject to G x >= h          (A of full column rank: becomes an LDP)
//   LSEI  min ‖A x - b‖      subject to E x = f, G x >= h (the equalities eliminated: an LSI)
// Each returns the solution, the Lagrange multipliers of its constraints, in the convention
// Aᵀ(A x - b) = Eᵀμ + Gᵀλ with λ >= 0, and scipy's mode: 1 solved, 2 more equalities than
// unknowns, 3 the NNLS ran out of steps, 4 inequalities incompatible, 5 A singular, 6 the
// equalities' matrix singular, 7 the equality-only least squares problem rank-deficient.
// Matrices come as arrays of rows and are not modified.

import { applyReflector, makeReflector, type Reflector } from './householder';
import { nonNegativeLeastSquares } from './nnls';

export interface ConstrainedLeastSquares {
  readonly x: Float64Array;
  /** μ, one per equality (zeros unless mode is 1). */
  readonly equalityMultipliers: Float64Array;
  /** λ >= 0, one per inequality (zeros unless mode is 1). */
  readonly inequalityMultipliers: Float64Array;
  readonly mode: number;
}

const EPSILON = 2.220446049250313e-16;

/**
 * min ‖x‖ subject to G x >= h (G: m rows of n). Its dual is min ‖[Gᵀ; hᵀ] u - e_{n+1}‖ over
 * u >= 0; with r that residual, x = -r[0..n) / r[n] and the multipliers are u / (1 - hᵀu). A zero
 * residual (or 1 - hᵀu = 0 to rounding) means no x satisfies the constraints (Lawson and Hanson,
 * theorem 23.27).
 */
export function leastDistance(g: readonly Float64Array[], h: Float64Array, n: number): ConstrainedLeastSquares {
  const m = g.length;
  const x = new Float64Array(n);
  const none = (mode: number) => ({ x, equalityMultipliers: new Float64Array(0), inequalityMultipliers: new Float64Array(m), mode });
  if (m === 0) return none(1);
  const columns = g.map((row, j) => {
    const column = new Float64Array(n + 1);
    column.set(row.subarray(0, n));
    column[n] = h[j]!;
    return column;
  });
  const target = new Float64Array(n + 1);
  target[n] = 1;
  const dual = nonNegativeLeastSquares(columns, target, 3 * m);
  if (!dual.converged) return none(3);
  if (!(dual.residualNorm > 0)) return none(4);
  let hu = 0;
  for (let j = 0; j < m; j++) hu += h[j]! * dual.x[j]!;
  const denominator = 1 - hu; // = -r[n]
  if (!((1 + denominator) - 1 > 0)) return none(4);
  for (let j = 0; j < m; j++) {
    const uj = dual.x[j]! / denominator;
    if (uj === 0) continue;
    for (let i = 0; i < n; i++) x[i] = x[i]! + g[j]![i]! * uj;
  }
  return { x, equalityMultipliers: new Float64Array(0), inequalityMultipliers: dual.x.map((u) => u / denominator), mode: 1 };
}

/** A = Q [R; 0] for `a` (rows, ma >= n), with Qᵀb: R's columns and Qᵀb's first n entries. */
function triangularize(a: readonly Float64Array[], b: Float64Array, n: number): { rColumns: Float64Array[]; qtb: Float64Array } {
  const ma = a.length;
  const columns = Array.from({ length: n }, (_, j) => Float64Array.from(a, (row) => row[j]!));
  const qtb = Float64Array.from(b);
  for (let k = 0; k < Math.min(n, ma); k++) {
    const { reflector, diagonal } = makeReflector(columns[k]!, k);
    columns[k]![k] = diagonal;
    columns[k]!.fill(0, k + 1);
    for (let l = k + 1; l < n; l++) applyReflector(reflector, columns[l]!);
    applyReflector(reflector, qtb);
  }
  return { rColumns: columns, qtb };
}

/** Solves R x = y (R upper triangular, by columns: R[i][j] = rColumns[j][i]). */
function backSubstitute(rColumns: readonly Float64Array[], y: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < n; j++) s -= rColumns[j]![i]! * x[j]!;
    x[i] = s / rColumns[i]![i]!;
  }
  return x;
}

/**
 * min ‖A x - b‖ subject to G x >= h, for A (ma rows of n, ma >= n) of full column rank. With
 * A = Q [R; 0] and c = Qᵀb, ‖A x - b‖² = ‖R x - c₁‖² + ‖c₂‖²; in z = R x - c₁ the constraints read
 * (G R⁻¹) z >= h - G R⁻¹ c₁, an LDP in z, and x = R⁻¹ (z + c₁). The constraints' values G x - h
 * are the same in z, so are the multipliers.
 */
export function inequalityLeastSquares(a: readonly Float64Array[], b: Float64Array, g: readonly Float64Array[], h: Float64Array, n: number): ConstrainedLeastSquares {
  const { rColumns, qtb } = triangularize(a, b, n);
  for (let k = 0; k < n; k++) {
    if (!(Math.abs(rColumns[k]![k]!) >= EPSILON)) {
      return { x: new Float64Array(n), equalityMultipliers: new Float64Array(0), inequalityMultipliers: new Float64Array(g.length), mode: 5 };
    }
  }
  // K = G R⁻¹ row by row (k R = g: forward substitution along R's columns), h̃ = h - K c₁.
  const hTilde = Float64Array.from(h);
  const k = g.map((row, r) => {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = row[j]!;
      for (let i = 0; i < j; i++) s -= out[i]! * rColumns[j]![i]!;
      out[j] = s / rColumns[j]![j]!;
    }
    for (let j = 0; j < n; j++) hTilde[r] = hTilde[r]! - out[j]! * qtb[j]!;
    return out;
  });
  const ldp = leastDistance(k, hTilde, n);
  if (ldp.mode !== 1) return ldp;
  const shifted = ldp.x.map((z, j) => z + qtb[j]!);
  return { ...ldp, x: backSubstitute(rColumns, shifted, n) };
}

/** argmin ‖A x - b‖ without constraints (A: rows of n), or null when A's columns are dependent
 * to √ε relative to the largest diagonal of R (scipy hands this case to LAPACK's dgelsy with
 * rcond √ε; this diagonal test stands for its condition estimate). */
function plainLeastSquares(a: readonly Float64Array[], b: Float64Array, n: number): Float64Array | null {
  if (a.length < n) return null;
  const { rColumns, qtb } = triangularize(a, b, n);
  let largest = 0;
  for (let k = 0; k < n; k++) largest = Math.max(largest, Math.abs(rColumns[k]![k]!));
  for (let k = 0; k < n; k++) if (!(Math.abs(rColumns[k]![k]!) > Math.sqrt(EPSILON) * largest)) return null;
  return backSubstitute(rColumns, qtb, n);
}

/**
 * min ‖A x - b‖ subject to E x = f and G x >= h (A: rows of n; E: me <= n rows; G: mg rows).
 * Reflectors from the right triangularize E: E Q = [L 0] with L lower triangular (me×me), so in
 * y = Qᵀx the equalities fix y₁ = L⁻¹ f and leave y₂ free; with A Q = [A₁ A₂] and G Q = [G₁ G₂]
 * what is left is the LSI min ‖A₂ y₂ - (b - A₁ y₁)‖ subject to G₂ y₂ >= h - G₁ y₁ (or, with no
 * inequalities, a plain least squares problem). The equalities' multipliers solve
 * Lᵀμ = A₁ᵀ(A Q y - b) - G₁ᵀλ, the first me rows of the stationarity condition in y.
 */
export function equalityInequalityLeastSquares(
  a: readonly Float64Array[], b: Float64Array,
  e: readonly Float64Array[], f: Float64Array,
  g: readonly Float64Array[], h: Float64Array,
  n: number,
): ConstrainedLeastSquares {
  const me = e.length;
  const mg = g.length;
  const fail = (mode: number) => ({ x: new Float64Array(n), equalityMultipliers: new Float64Array(me), inequalityMultipliers: new Float64Array(mg), mode });
  if (me > n) return fail(2);
  const eq = e.map((row) => Float64Array.from(row.subarray(0, n)));
  const aq = a.map((row) => Float64Array.from(row.subarray(0, n)));
  const gq = g.map((row) => Float64Array.from(row.subarray(0, n)));
  const reflectors: Reflector[] = [];
  for (let i = 0; i < me; i++) {
    const { reflector, diagonal } = makeReflector(eq[i]!, i);
    eq[i]![i] = diagonal;
    eq[i]!.fill(0, i + 1);
    for (let r = i + 1; r < me; r++) applyReflector(reflector, eq[r]!);
    for (const row of aq) applyReflector(reflector, row);
    for (const row of gq) applyReflector(reflector, row);
    reflectors.push(reflector);
  }
  for (let i = 0; i < me; i++) if (!(Math.abs(eq[i]![i]!) >= EPSILON)) return fail(6);
  const y = new Float64Array(n);
  for (let i = 0; i < me; i++) {
    let s = f[i]!;
    for (let j = 0; j < i; j++) s -= eq[i]![j]! * y[j]!;
    y[i] = s / eq[i]![i]!;
  }

  let lambda = new Float64Array(mg);
  const free = n - me;
  if (free > 0) {
    const a2 = aq.map((row) => row.subarray(me));
    const b2 = Float64Array.from(b.subarray(0, aq.length), (bi, r) => bi - partialDot(aq[r]!, y, me));
    let y2: Float64Array;
    if (mg === 0) {
      const solution = plainLeastSquares(a2, b2, free);
      if (solution === null) return fail(7);
      y2 = solution;
    } else {
      const h2 = Float64Array.from(h.subarray(0, mg), (hi, r) => hi - partialDot(gq[r]!, y, me));
      const lsi = inequalityLeastSquares(a2, b2, gq.map((row) => row.subarray(me)), h2, free);
      if (lsi.mode !== 1) return fail(lsi.mode);
      y2 = lsi.x;
      lambda = Float64Array.from(lsi.inequalityMultipliers);
    }
    y.set(y2, me);
  }

  // μ from Lᵀμ = A₁ᵀ(A Q y - b) - G₁ᵀλ (back substitution: Lᵀ is upper triangular).
  const residual = Float64Array.from(aq, (row, r) => partialDot(row, y, n) - b[r]!);
  const rhs = new Float64Array(me);
  for (let i = 0; i < me; i++) {
    let s = 0;
    for (let r = 0; r < aq.length; r++) s += aq[r]![i]! * residual[r]!;
    for (let r = 0; r < mg; r++) s -= gq[r]![i]! * lambda[r]!;
    rhs[i] = s;
  }
  const mu = new Float64Array(me);
  for (let i = me - 1; i >= 0; i--) {
    let s = rhs[i]!;
    for (let j = i + 1; j < me; j++) s -= eq[j]![i]! * mu[j]!;
    mu[i] = s / eq[i]![i]!;
  }
  // x = Q y = H₀ H₁ ⋯ y.
  for (let i = reflectors.length - 1; i >= 0; i--) applyReflector(reflectors[i]!, y);
  return { x: y, equalityMultipliers: mu, inequalityMultipliers: lambda, mode: 1 };
}

/** Σ_{j<count} row[j] v[j]. */
function partialDot(row: Float64Array, v: Float64Array, count: number): number {
  let s = 0;
  for (let j = 0; j < count; j++) s += row[j]! * v[j]!;
  return s;
}
