// Householder reflections H = I - β u uᵀ, the orthogonal steps of SLSQP's least squares
// subproblems (nnls.ts, lsq-subproblem.ts). A reflector made from v zeroes v[start+1..]
// and maps v[start] to ∓‖v[start..]‖ (the sign opposite to v[start]'s,
// so u[start] = v[start] ± ‖·‖ adds magnitudes and never cancels). It acts on entries start.. of
// a vector only; H is symmetric, so it applies to a row vector (x ↦ x H) the same way.

import { euclideanNorm } from './vector';

export interface Reflector {
  /** The first entry it acts on. */
  readonly start: number;
  /** u's entries start.. (u[0] goes with entry `start`). */
  readonly u: Float64Array;
  /** 2 / uᵀu, or 0 for the identity (v was already zero from `start` on). */
  readonly beta: number;
}

/** The reflector that maps v[start..] to (diagonal, 0, ..., 0). v is left untouched. */
export function makeReflector(v: Float64Array, start: number): { reflector: Reflector; diagonal: number } {
  const sigma = euclideanNorm(v, start);
  const u = v.slice(start);
  if (sigma === 0) return { reflector: { start, u, beta: 0 }, diagonal: 0 };
  const lead = v[start]!;
  const diagonal = lead >= 0 ? -sigma : sigma;
  u[0] = lead - diagonal;
  // uᵀu = (v₀ - d)² + (σ² - v₀²) = 2σ(σ + |v₀|) with d = -sign(v₀)·σ.
  return { reflector: { start, u, beta: 1 / (sigma * (sigma + Math.abs(lead))) }, diagonal };
}

/** y ← H y, in place (entries `start`.. change). */
export function applyReflector(r: Reflector, y: Float64Array): void {
  if (r.beta === 0) return;
  const { start, u } = r;
  let s = 0;
  for (let k = 0; k < u.length; k++) s += u[k]! * y[start + k]!;
  s *= r.beta;
  for (let k = 0; k < u.length; k++) y[start + k] = y[start + k]! - s * u[k]!;
}
