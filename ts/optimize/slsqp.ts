// Kraft's SLSQP (sequential least squares programming; D. Kraft, "A software package for sequential
// quadratic programming", DFVLR-FB 88-28, 1988), as scipy 1.17's minimize(method='SLSQP') runs it:
// each iteration solves the quadratic program of the Lagrangian's quasi-Newton model B = L D Lᵀ
// with the constraints linearized (lsq-subproblem.ts; the augmented problem with penalty 100,
// 1000, ... up to six times when they are incompatible), then searches along the step with
// Han and Powell's L1 merit function φ(x) = f(x) + Σ μ_j·violation_j(x), the weights μ_j kept
// at least |λ_j| and otherwise averaged towards it: backtracking from α = 1 to
// α = max(slope / (2(slope - decrease)), 0.1) (the minimum of the quadratic through φ(0), its
// slope and φ(α)) until the decrease is at least a tenth of the predicted slope, or ten
// steps have been tried. B is then updated with Powell's damped BFGS formula on the Lagrangian's
// gradients (y replaced by θy + (1-θ)Bs when sᵀy < 0.2 sᵀBs, so B stays positive definite) as
// two rank-one changes of the factors. A direction along which φ does not decrease resets B to
// the identity (the fifth time, SLSQP stops: converged if the constraints hold to 10·ftol).
// Convergence: |gᵀd| + Σ|λ_j c_j| < ftol with the constraints violated by less than ftol in all,
// at the start of an iteration; or, after a step, |Δf| < ftol or ‖step‖ < ftol with the
// constraints met to ftol. An iteration that needed the augmented problem never converges.
// Plain Float64Array; this file knows nothing about tensors.

import { identityFactors, multiplyFactors, rankOneUpdate, resetToIdentity } from './ldl-factors';
import { quadraticSubproblem, type LinearizedProblem } from './lsq-subproblem';
import { ScalarFunction, type Objective } from './scalar-function';
import { dot, euclideanNorm } from './vector';

/** The constraints as SLSQP sees them: values and Jacobian (m×n row-major), the equalities first. */
export interface SlsqpConstraints {
  readonly count: number;
  readonly equalities: number;
  values(x: Float64Array): Float64Array;
  jacobian(x: Float64Array): Float64Array;
}

export interface SlsqpSettings {
  /** scipy's ftol (acc): the tolerance of every convergence test. */
  readonly ftol: number;
  readonly maxIterations: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, evaluations: number) => boolean;
}

export interface SlsqpOutcome {
  readonly x: Float64Array;
  readonly f: number;
  /** The last gradient SLSQP asked for (as scipy's jac: at the previous iterate when it stops right after a step). */
  readonly g: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly gradientEvaluations: number;
  readonly status: number;
  readonly message: string;
  /** The QP's multipliers of the constraints (equalities first), from the last QP solved. */
  readonly multipliers: Float64Array;
}

/** scipy's exit modes and their messages (99 is gradtape's). */
export const SLSQP_MESSAGES: Record<number, string> = {
  0: 'Optimization terminated successfully',
  2: 'More equality constraints than independent variables',
  3: 'More than 3*n iterations in LSQ subproblem',
  4: 'Inequality constraints incompatible',
  5: 'Singular matrix E in LSQ subproblem',
  6: 'Singular matrix C in LSQ subproblem',
  7: 'Rank-deficient equality constraint subproblem HFTI',
  8: 'Positive directional derivative for linesearch',
  9: 'Iteration limit reached',
  99: 'Stopped because onIteration returned false.',
};

/** Times B may be reset to the identity (after it starts as one); the next failure stops SLSQP. */
const MAX_RESETS = 4;
/** Steps of one line search; and the smallest backtracking factor. */
const MAX_LINE_STEPS = 10;
const MIN_BACKTRACK = 0.1;
/** Damping threshold of Powell's BFGS update: sᵀy >= 0.2 sᵀBs. */
const DAMPING = 0.2;

/** C's fmax: the larger, ignoring a NaN argument (scipy's line search relies on it when φ is NaN). */
function fmax(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a > b ? a : b;
}

/** Σ_j max(-c_j, c_j) over the equalities plus Σ_j max(-c_j, 0) over the inequalities, each
 * weighted by `weights` (all 1 when absent): the L1 measure of how far x is from feasible. */
function violation(c: Float64Array, equalities: number, weights?: Float64Array): number {
  let total = 0;
  for (let j = 0; j < c.length; j++) total += (weights ? weights[j]! : 1) * fmax(-c[j]!, j < equalities ? c[j]! : 0);
  return total;
}

/** ∇f - Aᵀλ, the Lagrangian's gradient. */
function lagrangianGradient(g: Float64Array, jacobian: Float64Array, lambda: Float64Array, n: number): Float64Array {
  const out = Float64Array.from(g);
  for (let j = 0; j < lambda.length; j++) {
    const lj = lambda[j]!;
    if (lj === 0) continue;
    for (let i = 0; i < n; i++) out[i] = out[i]! - jacobian[j * n + i]! * lj;
  }
  return out;
}

export function slsqp(objective: Objective, constraints: SlsqpConstraints, x0: Float64Array, s: SlsqpSettings): SlsqpOutcome {
  const n = x0.length;
  const m = constraints.count;
  const meq = constraints.equalities;
  const acc = s.ftol;
  const sf = new ScalarFunction(objective, x0);
  let x = Float64Array.from(x0);
  let f = sf.value(x);
  let g = sf.gradient(x);
  let c = constraints.values(x);
  let jacobian = constraints.jacobian(x);
  const lambda = new Float64Array(m);
  const weights = new Float64Array(m); // the merit function's μ
  const factors = identityFactors(n);
  // scipy's integer workspace, kept for the run: the QPs' NNLS and dgelsy leave in it what the
  // next dgelsy reads (lsei.ts).
  const indices = new Int32Array(Math.max(m + 2 * n + 2, 1));
  let resets = 0;
  let iterations = 0;

  const finish = (status: number) => ({
    x, f, g, iterations, evaluations: sf.evaluations, gradientEvaluations: sf.gradientEvaluations,
    status, message: SLSQP_MESSAGES[status]!, multipliers: lambda,
  });
  /** After a failed descent (or a singular update): reset B, or give up after MAX_RESETS. Then,
   * with the tolerance relaxed to 10·ftol, converged if the constraints hold and the last step or
   * change of f was small. */
  const resetOrStop = (f0: number, step: Float64Array, badlin: boolean): number | null => {
    resets++;
    if (resets <= MAX_RESETS) {
      resetToIdentity(factors);
      return null;
    }
    const tol = 10 * acc;
    const small = Math.abs(f - f0) < tol || euclideanNorm(step) < tol;
    return small && violation(c, meq) < tol && !badlin && !Number.isNaN(f) ? 0 : 8;
  };

  for (;;) {
    if (iterations >= s.maxIterations) return finish(9);
    iterations++;

    const problem: LinearizedProblem = {
      factors, gradient: g, jacobian, values: c, equalities: meq,
      lowerStep: x.map((xi, i) => s.lower[i]! - xi), upperStep: x.map((xi, i) => s.upper[i]! - xi),
    };
    const qp = quadraticSubproblem(problem, indices);
    if (qp.mode !== 1) return finish(qp.mode);
    const badlin = qp.augmented;
    // Kept relaxed to (1 - δ) by the augmented problem: the predicted change of the violation.
    const kept = qp.augmented ? 1 - qp.direction[n]! : 1;
    lambda.set(qp.multipliers!);
    const d = qp.direction.subarray(0, n).slice();

    const lagrangianBefore = lagrangianGradient(g, jacobian, lambda, n);
    const f0 = f;
    const xStart = x;
    const gd = dot(g, d);
    let optimality = Math.abs(gd);
    for (let j = 0; j < m; j++) {
      const l = Math.abs(lambda[j]!);
      weights[j] = Math.max(l, (weights[j]! + l) / 2);
      optimality += l * Math.abs(c[j]!);
    }
    if (optimality < acc && violation(c, meq) < acc && !badlin && !Number.isNaN(f)) return finish(0);

    // φ's slope along d: gᵀd - (the violation the step removes, (1 - δ) of it).
    const penalty = violation(c, meq, weights);
    const merit0 = f + penalty;
    let slope = gd - penalty * kept;
    if (slope >= 0) {
      const stop = resetOrStop(f0, d, badlin);
      if (stop !== null) return finish(stop);
      continue;
    }

    let alpha = 1;
    for (let line = 1; ; line++) {
      slope *= alpha;
      for (let i = 0; i < n; i++) d[i] = d[i]! * alpha;
      // (The QP keeps x + d in the bounds up to an ulp of rounding; scipy evaluates f at such a
      // point as it is, gradtape clips it, so f is never asked for outside the bounds.)
      x = xStart.map((xi, i) => Math.min(Math.max(xi + d[i]!, s.lower[i]!), s.upper[i]!));
      f = sf.value(x);
      c = constraints.values(x);
      const decrease = f + violation(c, meq, weights) - merit0;
      if (decrease <= slope / 10 || line > MAX_LINE_STEPS) break;
      alpha = fmax(slope / (2 * (slope - decrease)), MIN_BACKTRACK);
    }
    if (s.onIteration && !s.onIteration(iterations, x, f, sf.evaluations)) return finish(99);
    const small = Math.abs(f - f0) < acc || euclideanNorm(d) < acc;
    if (small && violation(c, meq) < acc && !badlin && !Number.isNaN(f)) return finish(0);

    g = sf.gradient(x);
    jacobian = constraints.jacobian(x);
    // Powell's damped BFGS update of B on s = d and y = ∇L(x_new) - ∇L(x_old), λ fixed.
    const y = lagrangianGradient(g, jacobian, lambda, n);
    for (let i = 0; i < n; i++) y[i] = y[i]! - lagrangianBefore[i]!;
    const bs = multiplyFactors(factors, d);
    let sy = dot(d, y);
    const sbs = dot(d, bs);
    if (sy < DAMPING * sbs) {
      const theta = ((1 - DAMPING) * sbs) / (sbs - sy);
      for (let i = 0; i < n; i++) y[i] = theta * y[i]! + (1 - theta) * bs[i]!;
      sy = DAMPING * sbs;
    }
    if (sy === 0 || sbs === 0) {
      const stop = resetOrStop(f0, d, badlin);
      if (stop !== null) return finish(stop);
      continue;
    }
    // B + y yᵀ/sᵀy - Bs (Bs)ᵀ/sᵀBs.
    rankOneUpdate(factors, y, 1 / sy);
    rankOneUpdate(factors, bs, -1 / sbs);
  }
}
