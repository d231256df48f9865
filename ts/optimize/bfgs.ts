// BFGS with a dense inverse-Hessian estimate, as Nocedal and Wright state it (Numerical
// Optimization, 2nd ed., algorithm 6.1 and formula 6.17), with scipy's choices: H₀ = I, a
// strong Wolfe line search (c1 = 1e-4, c2 = 0.9, Moré-Thuente), the first trial step
// min(1, 2.02 (f_{k-1} - f_k) / -gᵀp), and termination on the gradient's largest entry. One
// difference: H also takes the update from the last step (scipy stops before it), so hessInv holds
// all the curvature the steps measured.
// Written from the book; this file knows nothing about tensors.

import type { OptimizeOutcome, ValueAndGradient } from './lbfgsb';
import { moreThuente } from './line-search';

export interface BfgsSettings {
  readonly gtol: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradientNorm: number, evaluations: number) => boolean;
}

export const BFGS_MESSAGES = {
  0: 'Optimization terminated successfully.',
  1: 'Maximum number of iterations has been exceeded.',
  2: 'Desired error not necessarily achieved due to precision loss.',
  3: 'NaN result encountered.',
  5: 'Maximum number of function evaluations has been exceeded.',
  99: 'Stopped because onIteration returned false.',
} as const;

const maxAbs = (v: Float64Array): number => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);

/** BFGS from x0; also returns the final inverse-Hessian estimate H (row-major n×n). */
export function bfgs(fg: ValueAndGradient, x0: Float64Array, settings: BfgsSettings): OptimizeOutcome & { hessInv: Float64Array } {
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let [f, g]: [number, Float64Array] = fg(x);
  let evaluations = 1;
  let iterations = 0;
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  // scipy's start for the first trial step: as if the previous step had reduced f by ‖g‖/2.
  let fPrevious = f + Math.hypot(...g) / 2;
  const done = (status: keyof typeof BFGS_MESSAGES) => ({ x, f, g, iterations, evaluations, status, message: BFGS_MESSAGES[status], hessInv: H });

  let gnorm = maxAbs(g);
  while (gnorm > settings.gtol) {
    if (iterations >= settings.maxIterations) return done(1);
    if (evaluations >= settings.maxEvaluations) return done(5);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t -= H[i * n + j]! * g[j]!;
      p[i] = t;
    }
    let gp = 0;
    for (let i = 0; i < n; i++) gp += g[i]! * p[i]!;
    if (!(gp < 0)) return done(2);
    let step = Math.min(1, (1.01 * 2 * (f - fPrevious)) / gp);
    if (!(step > 0)) step = 1;
    const trials = new Map<number, [number, Float64Array, Float64Array]>();
    const search = moreThuente(
      (alpha) => {
        const xt = new Float64Array(n);
        for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * p[i]!;
        const [ft, gt] = fg(xt);
        trials.set(alpha, [ft, gt, xt]);
        let slope = 0;
        for (let i = 0; i < n; i++) slope += gt[i]! * p[i]!;
        return [ft, slope];
      },
      f, gp, step,
      { ftol: 1e-4, gtol: 0.9, xtol: 1e-14, stpmin: 1e-100, stpmax: 1e100, maxEvaluations: 100 },
    );
    evaluations += search.evaluations;
    const accepted = trials.get(search.step);
    if (search.outcome !== 'converged' || accepted === undefined) {
      if (accepted !== undefined && accepted[0] < f) { [f, g, x] = accepted; iterations++; }
      return done(2);
    }
    const [fNew, gNew, xNew] = accepted;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xNew[i]! - x[i]!; y[i] = gNew[i]! - g[i]!; }
    fPrevious = f;
    x = xNew; f = fNew; g = gNew;
    iterations++;
    gnorm = maxAbs(g);
    if (!Number.isFinite(f)) return done(3);
    if (settings.onIteration && settings.onIteration(iterations, x, f, gnorm, evaluations) === false) return done(99);
    let sy = 0;
    for (let i = 0; i < n; i++) sy += s[i]! * y[i]!;
    if (!(sy > 0)) continue; // the strong Wolfe conditions make sᵀy > 0; rounding can break it: keep H
    // H ← (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ, expanded: H - ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.
    const rho = 1 / sy;
    const Hy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += H[i * n + j]! * y[j]!;
      Hy[i] = t;
    }
    let yHy = 0;
    for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
    const ss = rho * rho * yHy + rho;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) H[i * n + j]! += -rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + ss * s[i]! * s[j]!;
    }
  }
  return done(0);
}
