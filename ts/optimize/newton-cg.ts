// Truncated Newton (line-search Newton-CG, Nocedal and Wright's algorithm 7.1) as scipy 1.17's
// _minimize_newtoncg runs it with a Hessian-vector product, step for step: each iteration solves
// H p = -g by conjugate gradients from p = 0 (at most 20·n products), stopping when the residual's
// L1 norm is below min(0.5, √‖g‖₁)·‖g‖₁, at curvature pᵀHp in [0, 3ε], or at negative curvature
// (falling back on steepest descent scaled by the curvature when that happens at once); then
// scipy's Wolfe line search along p (wolfe-line-search.ts: c1 = 1e-4, c2 = 0.9, steps within
// [1e-8, 50]). It stops when the step's L1 norm is at most n·xtol.
// Plain Float64Array; this file knows nothing about tensors.

import type { GradientRunOutcome } from './cg';
import { pyMin } from './python-minmax';
import { ScalarFunction, type Objective } from './scalar-function';
import { STATUS_MESSAGE as M } from './status-messages';
import { dot, numpySum } from './vector';
import { wolfeLineSearch } from './wolfe-line-search';

export interface NewtonCgSettings {
  /** Average relative error of x acceptable (scipy's xtol): the run stops when ‖step‖₁ <= n·xtol. */
  readonly xtol: number;
  readonly maxIterations: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradientNorm: number | null, evaluations: number) => boolean;
}

/** scipy's messages (its status 3 has two: CG's failure and a NaN). */
export const NEWTON_CG_MESSAGES = {
  success: M.success,
  maxIterations: `Warning: ${M.maxiter}`,
  lineSearch: `Warning: ${M.prLoss}`,
  notPositiveDefinite: "Warning: CG iterations didn't converge. The Hessian is not positive definite.",
  nan: M.nan,
  stopped: M.stopped,
} as const;

/** scipy's status of each ending (5, its callback's stop, is onIteration's 99 here). */
const STATUS: Record<keyof typeof NEWTON_CG_MESSAGES, number> = {
  success: 0, maxIterations: 1, lineSearch: 2, notPositiveDefinite: 3, nan: 3, stopped: 99,
};

const EPSILON = 2.220446049250313e-16;

/** L1 norm as numpy's np.linalg.norm(v, 1) sums it. */
const l1Norm = (v: Float64Array): number => numpySum(v.map(Math.abs));

/**
 * Newton-CG from x0. `hessianTimes(x, v)` is H(x)·v. The result's `g` is scipy's jac: the gradient
 * at the start of the last iteration (null when the first one fails in its CG).
 */
export function newtonCg(
  objective: Objective,
  hessianTimes: (x: Float64Array, v: Float64Array) => Float64Array,
  x0: Float64Array,
  s: NewtonCgSettings,
): Omit<GradientRunOutcome, 'g'> & { g: Float64Array | null; hessianEvaluations: number } {
  const n = x0.length;
  const sf = new ScalarFunction(objective, x0);
  const cgMaxIterations = 20 * n;
  const xtol = n * s.xtol;
  let hessianEvaluations = 0;
  let updateNorm = Number.MAX_VALUE;
  const xk = Float64Array.from(x0);
  let k = 0;
  let gk: Float64Array | null = null;
  let fk = sf.value(x0);
  let fPrevious: number | null = null;
  const done = (ending: keyof typeof NEWTON_CG_MESSAGES) => ({
    x: xk, f: fk, g: gk, iterations: k, evaluations: sf.evaluations, gradientEvaluations: sf.gradientEvaluations,
    hessianEvaluations, status: STATUS[ending], message: NEWTON_CG_MESSAGES[ending],
  });

  while (updateNorm > xtol) {
    if (k >= s.maxIterations) return done('maxIterations');
    // Conjugate gradients on H p = b = -g from p = 0: r the residual H p - b, d the direction.
    const b = sf.gradient(xk).map((v) => -v);
    const gradientL1 = l1Norm(b);
    const eta = pyMin(0.5, Math.sqrt(gradientL1));
    const enough = eta * gradientL1;
    let p = new Float64Array(n);
    const r = b.map((v) => -v);
    let d = r.map((v) => -v);
    let rr = dot(r, r);
    let solved = false;
    for (let i = 0; i < cgMaxIterations; i++) {
      if (l1Norm(r) <= enough) {
        solved = true;
        break;
      }
      const Hd = hessianTimes(xk, d);
      hessianEvaluations++;
      const curvature = dot(d, Hd);
      if (curvature >= 0 && curvature <= 3 * EPSILON) {
        solved = true;
        break;
      }
      if (curvature < 0) {
        // Negative curvature: keep the step so far, or at the first step go down the gradient.
        if (i === 0) p = b.map((v) => (rr / -curvature) * v);
        solved = true;
        break;
      }
      const alpha = rr / curvature;
      for (let j = 0; j < n; j++) {
        p[j] = p[j]! + alpha * d[j]!;
        r[j] = r[j]! + alpha * Hd[j]!;
      }
      const rrNext = dot(r, r);
      const beta = rrNext / rr;
      d = d.map((dj, j) => -r[j]! + beta * dj);
      rr = rrNext;
    }
    if (!solved) return done('notPositiveDefinite');

    gk = b.map((v) => -v);
    const step = wolfeLineSearch(sf, xk, p, gk, fk, fPrevious, { c1: 1e-4, c2: 0.9, amin: 1e-8, amax: 50, fallbackAmax: null });
    if (step === null) return done('lineSearch');
    fPrevious = fk;
    fk = step.value;
    const update = p.map((v) => step.step * v);
    for (let j = 0; j < n; j++) xk[j] = xk[j]! + update[j]!;
    k++;
    const gradientNorm = step.gradient === null ? null : step.gradient.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (s.onIteration && s.onIteration(k, xk, fk, gradientNorm, sf.evaluations) === false) return done('stopped');
    updateNorm = l1Norm(update);
  }
  if (Number.isNaN(fk) || Number.isNaN(updateNorm)) return done('nan');
  return done('success');
}
