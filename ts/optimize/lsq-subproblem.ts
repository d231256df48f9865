// SLSQP's search direction: the quadratic program
//   min ½ dᵀB d + gᵀd  subject to  a_j d + c_j = 0 (j < meq),  a_j d + c_j >= 0 (meq <= j < m),
//                                  l - x <= d <= u - x
// with B = L D Lᵀ (ldl-factors.ts), written as the least squares problem it is:
// ½ dᵀB d + gᵀd = ½ ‖D^½ Lᵀ d + D^-½ L⁻¹ g‖² - const, so A = D^½ Lᵀ and b = -D^-½ L⁻¹ g, handed to
// LSEI (lsei.ts) with the bounds as rows ±e_i of the inequalities (only the finite ones).
// When the linearized constraints are incompatible, Kraft's augmented problem (Kraft 1988,
// section 2.2.3) adds a variable δ in [0, 1] that relaxes them to a_j d + (1 - δ)c_j = 0 and, for
// the violated inequalities only, a_j d + c_j - δ·max(-c_j, 0) >= 0, and penalizes it by ρ²δ²/2:
// δ = 1, d = 0 is always feasible, and ρ large drives δ to 0 where it can be.

import { equalityInequalityLeastSquares } from './lsei';
import type { LdlFactors } from './ldl-factors';

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

/** The QP's solution, with the augmented problem's penalty ρ when `augmentWeight` is given. */
export function searchDirection(p: LinearizedProblem, augmentWeight?: number): SearchDirection {
  const { n, lower, diagonal } = p.factors;
  const m = p.values.length;
  const meq = p.equalities;
  const augmented = augmentWeight !== undefined;
  const size = augmented ? n + 1 : n;

  // A = D^½ Lᵀ (row j: √d_j times column j of L), b = -D^-½ L⁻¹ g.
  const a = Array.from({ length: size }, () => new Float64Array(size));
  const b = new Float64Array(size);
  for (let j = 0; j < n; j++) {
    const root = Math.sqrt(diagonal[j]!);
    a[j]![j] = root;
    for (let i = j + 1; i < n; i++) a[j]![i] = lower[i * n + j]! * root;
  }
  const w = Float64Array.from(p.gradient);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) w[i] = w[i]! - lower[i * n + j]! * w[j]!;
    b[i] = -w[i]! / Math.sqrt(diagonal[i]!);
  }
  if (augmented) a[n]![n] = augmentWeight; // b[n] = 0

  const row = (j: number, relax: number) => {
    const r = new Float64Array(size);
    r.set(p.jacobian.subarray(j * n, (j + 1) * n));
    if (augmented) r[n] = relax;
    return r;
  };
  const e: Float64Array[] = [];
  const f: number[] = [];
  for (let j = 0; j < meq; j++) {
    e.push(row(j, -p.values[j]!));
    f.push(-p.values[j]!);
  }
  const g: Float64Array[] = [];
  const h: number[] = [];
  for (let j = meq; j < m; j++) {
    g.push(row(j, Math.max(-p.values[j]!, 0)));
    h.push(-p.values[j]!);
  }
  const lowerStep = augmented ? [...p.lowerStep, 0] : p.lowerStep;
  const upperStep = augmented ? [...p.upperStep, 1] : p.upperStep;
  // All the lower bounds, then all the upper ones, as scipy orders them.
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(lowerStep[i]!)) continue;
    const unit = new Float64Array(size);
    unit[i] = 1;
    g.push(unit);
    h.push(lowerStep[i]!);
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(upperStep[i]!)) continue;
    const unit = new Float64Array(size);
    unit[i] = -1;
    g.push(unit);
    h.push(-upperStep[i]!);
  }

  const out = equalityInequalityLeastSquares(a, b, e, Float64Array.from(f), g, Float64Array.from(h), size);
  // The LSEI meets the bounds up to rounding; the step is put exactly inside them.
  const direction = out.x;
  for (let i = 0; i < size; i++) direction[i] = Math.min(Math.max(direction[i]!, lowerStep[i]!), upperStep[i]!);
  if (out.mode !== 1) return { direction, multipliers: null, mode: out.mode };
  const multipliers = new Float64Array(m);
  multipliers.set(out.equalityMultipliers);
  multipliers.set(out.inequalityMultipliers.subarray(0, m - meq), meq);
  return { direction, multipliers, mode: 1 };
}
