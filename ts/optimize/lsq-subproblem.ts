// SLSQP's search direction: the quadratic program
//   min ½ dᵀB d + gᵀd  subject to  a_j d + c_j = 0 (j < meq),  a_j d + c_j >= 0 (meq <= j < m),
//                                  l - x <= d <= u - x
// with B = L D Lᵀ (ldl-factors.ts), written as the least squares problem it is:
// ½ dᵀB d + gᵀd = ½ ‖D^½ Lᵀ d + D^-½ L⁻¹ g‖² - const, so A = D^½ Lᵀ and b = -D^-½ L⁻¹ g, handed to
// LSEI (lsei.ts) with the bounds as rows ±e_i of the inequalities (only the finite ones), as
// scipy 1.17's C function lsq (scipy/optimize/__slsqp.c) assembles them: the steps are scipy's to
// the bit (test/slsqp-lsq.test.ts).
// When the linearized constraints are incompatible, Kraft's augmented problem (Kraft 1988,
// section 2.2.3) adds a variable δ in [0, 1] that relaxes them to a_j d + (1 - δ)c_j = 0 and, for
// the violated inequalities only, a_j d + c_j - δ·max(-c_j, 0) >= 0, and penalizes it by ρ²δ²/2:
// δ = 1, d = 0 is always feasible, and ρ large drives δ to 0 where it can be.

import { equalityInequalityLeastSquares } from './lsei';
import type { LdlFactors } from './ldl-factors';
import { daxpy } from './openblas';

export interface LinearizedProblem {
  readonly factors: LdlFactors;
  /** ∇f at x. */
  readonly gradient: Float64Array;
  /** The constraints' Jacobian at x, m×n row-major, the equalities' rows first. */
  readonly jacobian: Float64Array;
  /** The constraints' values at x (c_j; the equalities first). */
  readonly values: Float64Array;
  readonly equalities: number;
  /** l - x and u - x (±Infinity where there is no bound). */
  readonly lowerStep: Float64Array;
  readonly upperStep: Float64Array;
}

export interface SearchDirection {
  /** d (n entries; with the augmented problem n + 1, the last δ). */
  readonly direction: Float64Array;
  /** The constraints' multipliers (m; the bounds' are not kept), or null unless mode is 1. */
  readonly multipliers: Float64Array | null;
  /** scipy's mode from the LSEI: 1 solved, else its failure (see lsei.ts). */
  readonly mode: number;
}

/** The QP's solution, with the augmented problem's penalty ρ when `augmentWeight` is given (scipy's
 * lsq in scipy/optimize/__slsqp.c: the same matrices, in the same order, column-major). */
export function searchDirection(p: LinearizedProblem, augmentWeight?: number, indices?: Int32Array): SearchDirection {
  const { n, lower, diagonal } = p.factors;
  const m = p.values.length;
  const meq = p.equalities;
  const mineq = m - meq;
  const augmented = augmentWeight !== undefined;
  const size = augmented ? n + 1 : n;

  // A = D^½ Lᵀ (row j: √d_j times column j of L), b = -D^-½ L⁻¹ g (L⁻¹ g by dtpsv: column by
  // column, daxpy).
  const a = new Float64Array(size * size);
  const b = new Float64Array(size);
  for (let j = 0; j < n; j++) {
    const root = Math.sqrt(diagonal[j]!);
    a[j + j * size] = root;
    for (let i = j + 1; i < n; i++) a[j + i * size] = lower[i * n + j]! * root;
  }
  b.set(p.gradient);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) column[i] = lower[i * n + j]!;
    daxpy(n - j - 1, -b[j]!, column, j + 1, b, j + 1);
  }
  for (let i = 0; i < n; i++) b[i] = b[i]! / -Math.sqrt(diagonal[i]!);
  if (augmented) a[size * size - 1] = augmentWeight; // b[n] = 0

  // E = the equalities' rows (with -c_j in the augmented column), f = -c.
  const e = new Float64Array(meq * size);
  const f = new Float64Array(meq);
  for (let i = 0; i < meq; i++) {
    for (let j = 0; j < n; j++) e[i + j * meq] = p.jacobian[i * n + j]!;
    if (augmented) e[i + n * meq] = -p.values[i]!;
    f[i] = -p.values[i]!;
  }
  // G = the inequalities' rows (with max(-c_j, 0) in the augmented column), then a row e_i for
  // every finite lower bound and -e_i for every finite upper bound, as scipy orders them; h alike.
  const lowerStep = augmented ? [...p.lowerStep, 0] : Array.from(p.lowerStep);
  const upperStep = augmented ? [...p.upperStep, 1] : Array.from(p.upperStep);
  const lowerRows = lowerStep.flatMap((l, i) => (Number.isFinite(l) ? [i] : []));
  const upperRows = upperStep.flatMap((u, i) => (Number.isFinite(u) ? [i] : []));
  const mg = mineq + lowerRows.length + upperRows.length;
  const g = new Float64Array(mg * size);
  const h = new Float64Array(mg);
  for (let i = 0; i < mineq; i++) {
    for (let j = 0; j < n; j++) g[i + j * mg] = p.jacobian[(meq + i) * n + j]!;
    if (augmented) g[i + n * mg] = Math.max(-p.values[meq + i]!, 0);
    h[i] = -p.values[meq + i]!;
  }
  let row = mineq;
  for (const i of lowerRows) { g[row + i * mg] = 1; h[row++] = lowerStep[i]!; }
  for (const i of upperRows) { g[row + i * mg] = -1; h[row++] = -upperStep[i]!; }

  const out = equalityInequalityLeastSquares(size, meq, mg, size, a, b, e, f, g, h, indices ?? new Int32Array(Math.max(mg, size)));
  // The LSEI meets the bounds up to rounding; the step is put exactly inside them.
  const direction = out.x;
  for (let i = 0; i < size; i++) {
    if (direction[i]! < lowerStep[i]!) direction[i] = lowerStep[i]!;
    else if (direction[i]! > upperStep[i]!) direction[i] = upperStep[i]!;
  }
  if (out.mode !== 1) return { direction, multipliers: null, mode: out.mode };
  const multipliers = new Float64Array(m);
  multipliers.set(out.equalityMultipliers);
  multipliers.set(out.inequalityMultipliers.subarray(0, mineq), meq);
  return { direction, multipliers, mode: 1 };
}

/** The augmented problem's first penalty ρ, its growth, and the attempts allowed. */
const FIRST_PENALTY = 100;
const PENALTY_GROWTH = 10;
const MAX_PENALTY_RAISES = 5;

/** The QP of an SLSQP iteration as scipy's SLSQP solves it: when the linearized constraints are
 * incompatible (mode 4, or 6 with as many equalities as variables), the augmented problem with
 * ρ = 100, 1000, ... until it is solved (mode 4 after the sixth try). `augmented` says whether it
 * was needed; then `direction` has n + 1 entries, the last δ. `indices` is the run's integer
 * workspace (m + 2n + 2 entries, zeros at the start; see lsei.ts). */
export function quadraticSubproblem(p: LinearizedProblem, indices: Int32Array = new Int32Array(p.values.length + 2 * p.factors.n + 2)): SearchDirection & { readonly augmented: boolean } {
  const plain = searchDirection(p, undefined, indices);
  const mode = plain.mode === 6 && p.factors.n === p.equalities ? 4 : plain.mode;
  if (mode !== 4) return { ...plain, mode, augmented: false };
  let penalty = FIRST_PENALTY;
  for (let raises = 0; ; raises++) {
    const qp = searchDirection(p, penalty, indices);
    if (qp.mode !== 4 || raises + 1 > MAX_PENALTY_RAISES) return { ...qp, augmented: true };
    penalty *= PENALTY_GROWTH;
  }
}
