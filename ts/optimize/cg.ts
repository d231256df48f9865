// Nonlinear conjugate gradients as scipy 1.17's _minimize_cg runs them, step for step: Polak-Ribière
// with Powell's restart (β = max(0, (g₁ - g₀)ᵀg₁ / g₀ᵀg₀), the "PR+" of Gilbert and Nocedal,
// "Global convergence properties of conjugate gradient methods for optimization", SIAM J. Optim.
// 2, 1992), scipy's Wolfe line search (wolfe-line-search.ts: c1 = 1e-4, c2 = 0.4, steps within
// [1e-100, 1e100]), which also asks the new direction for sufficient descent pᵀg <= -0.01 gᵀg
// (strong Wolfe alone does not promise it for PR+), the first trial step from the last decrease of
// f, and termination on a norm of the gradient.
// Plain Float64Array; this file knows nothing about tensors.

import { pyMax } from './python-minmax';
import { ScalarFunction, type Objective } from './scalar-function';
import { dot, vectorNorm } from './vector';
import { wolfeLineSearch } from './wolfe-line-search';
import { STATUS_MESSAGE as M } from './status-messages';

export interface CgSettings {
  readonly gtol: number;
  /** The order of the gradient's norm: Infinity (the largest entry), -Infinity (the smallest) or p. */
  readonly norm: number;
  readonly maxIterations: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradientNorm: number, evaluations: number) => boolean;
}

/** scipy's messages, by status. */
export const CG_MESSAGES = { 0: M.success, 1: M.maxiter, 2: M.prLoss, 3: M.nan, 99: M.stopped } as const;

export interface GradientRunOutcome {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly gradientEvaluations: number;
  readonly status: number;
  readonly message: string;
}

/** SUFFICIENT_DESCENT·gᵀg bounds -pᵀg from below at an accepted step (scipy's sigma_3). */
const SUFFICIENT_DESCENT = 0.01;

interface PolakRibiereStep {
  readonly alpha: number;
  readonly x: Float64Array;
  /** The next direction. */
  readonly p: Float64Array;
  readonly g: Float64Array;
  readonly gnorm: number;
}

export function cg(objective: Objective, x0: Float64Array, s: CgSettings): GradientRunOutcome {
  const n = x0.length;
  const sf = new ScalarFunction(objective, x0);
  let xk: Float64Array = Float64Array.from(x0);
  let fk = sf.value(xk);
  let gk = sf.gradient(xk);
  // The first trial step is as if the previous iteration had reduced f by ‖g‖/2 (a step of about 1).
  let fPrevious = fk + Math.sqrt(dot(gk, gk)) / 2;
  let pk: Float64Array = gk.map((v) => -v);
  let gnorm = vectorNorm(gk, s.norm);
  let k = 0;
  let lineSearchFailed = false;
  let stopped = false;

  while (gnorm > s.gtol && k < s.maxIterations) {
    const deltak = dot(gk, gk);
    const [x, g, p] = [xk, gk, pk];
    /** The point, gradient and next PR+ direction after a step α (the gradient computed if not given). */
    const polakRibiere = (alpha: number, gNew: Float64Array | null): PolakRibiereStep => {
      const xNew = new Float64Array(n);
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + alpha * p[i]!;
      const g1 = gNew ?? sf.gradient(xNew);
      let yg = 0;
      for (let i = 0; i < n; i++) yg += (g1[i]! - g[i]!) * g1[i]!;
      const beta = pyMax(0, yg / deltak);
      const pNew = new Float64Array(n);
      for (let i = 0; i < n; i++) pNew[i] = -g1[i]! + beta * p[i]!;
      return { alpha, x: xNew, p: pNew, g: g1, gnorm: vectorNorm(g1, s.norm) };
    };
    // The step the descent check last computed, reused when the search accepts it.
    const checked: { step: PolakRibiereStep | null } = { step: null };
    const descent = (alpha: number, _x: Float64Array, _f: number, gNew: Float64Array): boolean => {
      const next = polakRibiere(alpha, gNew);
      checked.step = next;
      // A step that converges is taken whatever its direction would be.
      if (next.gnorm <= s.gtol) return true;
      return dot(next.p, next.g) <= -SUFFICIENT_DESCENT * dot(next.g, next.g);
    };

    const step = wolfeLineSearch(sf, x, p, g, fk, fPrevious, { c1: 1e-4, c2: 0.4, amin: 1e-100, amax: 1e100, fallbackAmax: 1e100 }, descent);
    if (step === null) {
      lineSearchFailed = true;
      break;
    }
    fPrevious = fk;
    fk = step.value;
    const taken = checked.step !== null && checked.step.alpha === step.step ? checked.step : polakRibiere(step.step, step.gradient);
    ({ x: xk, p: pk, g: gk, gnorm } = taken);
    k++;
    if (s.onIteration && s.onIteration(k, xk, fk, gnorm, sf.evaluations) === false) {
      stopped = true;
      break;
    }
  }

  let status: keyof typeof CG_MESSAGES;
  if (stopped) status = 99;
  else if (lineSearchFailed) status = 2;
  else if (k >= s.maxIterations) status = 1;
  else if (Number.isNaN(gnorm) || Number.isNaN(fk) || xk.some(Number.isNaN)) status = 3;
  else status = 0;
  return {
    x: xk, f: fk, g: gk, iterations: k, evaluations: sf.evaluations, gradientEvaluations: sf.gradientEvaluations,
    status, message: CG_MESSAGES[status],
  };
}
