// The Trust Region Reflective method for bound-constrained nonlinear least squares: Branch,
// Coleman and Li (1999), "A subspace, interior, and conjugate gradient method for large-scale
// bound-constrained minimization problems", with Coleman and Li's (1996) affine scaling, the
// method scipy.optimize.least_squares calls 'trf'. Written from the papers; this file knows
// nothing about tensors.
//
// Each iteration works in scaled variables x = x_k + D ŝ with D = diag(√v · s⁻¹): v is Coleman and
// Li's distance to the bound the negative gradient points at (1 where that bound is infinite) and s
// the variable scale (xScale). In those variables the quadratic model of the cost is
//     q(ŝ) = ĝᵀŝ + ½ ŝᵀ(ĴᵀĴ + Ĉ)ŝ,    ĝ = D g, Ĵ = J D, Ĉ = diag(|g| [v finite] s⁻²),
// whose trust-region minimizer (‖ŝ‖ <= Δ) is the damped least-squares solve of Moré (1978) on the
// augmented matrix [Ĵ; Ĉ^½] (lm-parameter.ts). A step that would leave the box is replaced by the
// best, under q, of the step truncated just short of the boundary, the step reflected at the
// boundary, and the Cauchy step along -ĝ; every iterate is strictly inside the bounds. Without
// bounds v = 1, Ĉ = 0, and the method is a plain trust-region Gauss-Newton with scaling s.

import type { Evaluation, LmIterationInfo, LmProblem, TrfState } from './lm';
import { EVALUATIONS_EXCEEDED, STATUS_MESSAGES } from './lm';
import { lmStep } from './lm-parameter';
import { robustCost, scaleForLoss, type SolverLoss } from './loss';
import { pivotedQR } from './qr';
import { runOn, type SolverRun } from './solver-run';
import { dot, euclideanNorm, mapVector } from './vector';

const EPSILON = 2.220446049250313e-16;

export interface TrfSettings {
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly maxIterations: number;
  /** The most evaluations of the residuals, trial steps included (default 10·maxIterations). */
  readonly maxEvaluations?: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly loss: SolverLoss;
  readonly fScale: number;
  /** The characteristic scale of each variable, or 'jac' (the inverse Jacobian column norms). */
  readonly xScale: Float64Array | 'jac';
  readonly onIteration?: (info: LmIterationInfo) => boolean | void;
  /** The relative precision of the residuals (float64's machine epsilon by default). */
  readonly epsilon?: number;
  /** Go on from a state an earlier fit's onIteration received (x0 is then not used). */
  readonly resume?: TrfState;
}

export interface TrfResult {
  readonly x: Float64Array;
  readonly residuals: Float64Array;
  /** The Jacobian of the residuals at x (m×n, column-major). */
  readonly jacobian: Float64Array;
  /** The Jacobian the loss rescaled (scipy's `jac`); the same array for 'linear'. */
  readonly lossJacobian: Float64Array;
  /** ½ C² Σ ρ((rᵢ/C)²). */
  readonly cost: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: number;
  readonly message: string;
  readonly converged: boolean;
  readonly activeMask: number[];
}

/** Coleman and Li's scaling vector v and its derivative's sign pattern dv at x for gradient g. */
export function colemanLi(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): { v: Float64Array; dv: Float64Array } {
  const n = x.length;
  const v = new Float64Array(n).fill(1);
  const dv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (g[j]! < 0 && upper[j]! < Infinity) {
      v[j] = upper[j]! - x[j]!;
      dv[j] = -1;
    } else if (g[j]! > 0 && lower[j]! > -Infinity) {
      v[j] = x[j]! - lower[j]!;
      dv[j] = 1;
    }
  }
  return { v, dv };
}

/**
 * The smallest step t >= 0 with x + t·s on a side of the box [lower, upper] (scipy's
 * step_size_to_bound, for trf and dogbox): the minimum over the components that move of the step
 * to the side they move towards (0 for a point rounded just outside). hits: the sign of sⱼ for
 * the components that reach their side at that t, else 0.
 */
export function stepSizeToBound(x: Float64Array, s: Float64Array, lower: Float64Array, upper: Float64Array): { step: number; hits: Int8Array } {
  const k = x.length;
  const steps = new Float64Array(k).fill(Infinity);
  let step = Infinity;
  for (let j = 0; j < k; j++) {
    if (s[j] === 0) continue;
    steps[j] = Math.max((lower[j]! - x[j]!) / s[j]!, (upper[j]! - x[j]!) / s[j]!);
    step = Math.min(step, steps[j]!);
  }
  const hits = Int8Array.from(steps, (t, j) => (t === step ? Math.sign(s[j]!) : 0));
  return { step: Math.max(step, 0), hits };
}

/** Whether lower < x < upper componentwise. */
function strictlyInside(x: Float64Array, lower: Float64Array, upper: Float64Array): boolean {
  for (let j = 0; j < x.length; j++) if (!(x[j]! > lower[j]! && x[j]! < upper[j]!)) return false;
  return true;
}

/** The adjacent doubles toward +Infinity and -Infinity. */
function nextUp(v: number): number {
  if (v === 0) return Number.MIN_VALUE;
  const bits = new Float64Array([v]);
  const ints = new BigInt64Array(bits.buffer);
  ints[0] = ints[0]! + (v > 0 ? 1n : -1n);
  return bits[0]!;
}
const nextDown = (v: number): number => -nextUp(-v);

/**
 * scipy's active constraints: a bound is active when x is within rtol·max(1, |bound|) of it (and
 * no farther from it than from the other bound). -1 at the lower bound, 1 at the upper, 0 otherwise.
 */
export function activeConstraints(x: Float64Array, lower: Float64Array, upper: Float64Array, rtol: number): number[] {
  return Array.from(x, (xj, j) => {
    const lo = lower[j]!, hi = upper[j]!;
    const toLower = xj - lo, toUpper = hi - xj;
    // Both tests can hold (x midway in a narrow box): scipy marks the upper bound then.
    if (hi < Infinity && toUpper <= Math.min(toLower, rtol * Math.max(1, Math.abs(hi)))) return 1;
    if (lo > -Infinity && toLower <= Math.min(toUpper, rtol * Math.max(1, Math.abs(lo)))) return -1;
    return 0;
  });
}

/**
 * Minimizes ½ C² Σ ρ((r(x)ᵢ/C)²) subject to lower <= x <= upper from x0 (lower <= x0 <= upper;
 * a start on a bound is moved just inside it). Termination as scipy's least_squares documents it:
 * ftol when the cost fell by less than ftol·cost on a step the model predicted well (ratio > ¼),
 * xtol when ‖Δx‖ < xtol (xtol + ‖x‖), gtol when the scaled gradient ‖v·g‖∞ < gtol.
 */
export function trustRegionReflective(problem: LmProblem, x0: Float64Array, settings: TrfSettings): TrfResult {
  return runOn(problem, trustRegionReflectiveRun(problem.m, problem.n, x0, settings));
}

/** trustRegionReflective as a generator of the evaluations it needs (see SolverRun). */
export function* trustRegionReflectiveRun(m: number, n: number, x0: Float64Array, settings: TrfSettings): SolverRun<TrfResult> {
  const { ftol, xtol, gtol, maxIterations, lower, upper, loss, fScale } = settings;
  const epsilon = settings.epsilon ?? EPSILON;
  const maxEvaluations = settings.maxEvaluations ?? 10 * maxIterations;

  const resume = settings.resume;
  let x = resume ? Float64Array.from(resume.x) : mapVector(x0, (xj, j) => {
    // A start on a bound (allowed) goes just inside it, as the iterates must stay strictly feasible.
    const lo = lower[j]!, hi = upper[j]!;
    if (xj > lo && xj < hi) return xj;
    const room = 1e-10 * Math.max(1, Math.abs(xj));
    if (xj <= lo) return Math.min(lo + room, hi === Infinity ? lo + room : (lo + hi) / 2);
    return Math.max(hi - room, lo === -Infinity ? hi - room : (lo + hi) / 2);
  });

  let cost = 0;
  let trialCost = 0;
  const costOf = (r: Float64Array) => robustCost(loss, fScale, r);
  const first: Evaluation = yield { x, wantJacobian: (_, r) => { cost = costOf(r); return true; } };
  let residuals = first.residuals;
  let jacobian = first.jacobian!;
  // A resumed fit takes its counters from the state (the evaluation at x is already counted there).
  let evaluations = resume ? resume.evaluations : 1;
  let iterations = resume ? resume.iterations : 0;

  // The state every iteration derives from (x, residuals, jacobian).
  let scaled = scaleForLoss(loss, fScale, residuals, jacobian, m, n);
  const gradient = new Float64Array(n);
  const scaleInverse = resume ? Float64Array.from(resume.scaleInverse) : new Float64Array(n);
  const computeGradient = () => {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += scaled.jacobian[j * m + i]! * scaled.residuals[i]!;
      gradient[j] = s;
    }
  };
  const updateScale = () => {
    if (settings.xScale === 'jac') {
      for (let j = 0; j < n; j++) {
        const norm = euclideanNorm(scaled.jacobian, j * m, m);
        scaleInverse[j] = Math.max(scaleInverse[j]!, norm);
        if (scaleInverse[j] === 0) scaleInverse[j] = 1;
      }
    } else {
      for (let j = 0; j < n; j++) scaleInverse[j] = 1 / settings.xScale[j]!;
    }
  };
  computeGradient();
  updateScale();
  let { v, dv } = colemanLi(x, gradient, lower, upper);
  let radius = resume ? resume.radius : euclideanNorm(mapVector(x, (xj, j) => (xj * scaleInverse[j]!) / Math.sqrt(v[j]!)));
  if (!(radius > 0) || !Number.isFinite(radius)) radius = 1;
  let lambda = resume ? resume.lambda : 0;

  const finish = (status: number, note = ''): TrfResult => ({
    x, residuals, jacobian, lossJacobian: scaled.jacobian, cost, iterations, evaluations, status,
    message: status === 0 && iterations < maxIterations ? EVALUATIONS_EXCEEDED : STATUS_MESSAGES[status]! + note,
    converged: status >= 1,
    activeMask: activeConstraints(x, lower, upper, xtol),
  });
  /** The tests that end a fit after a trial step (scipy's least_squares' ftol and xtol, and rounding). */
  const convergence = (ftolMet: boolean, xtolMet: boolean, stepNorm: number, xNorm: number): TrfResult | null => {
    if (ftolMet || xtolMet) return finish(ftolMet && xtolMet ? 4 : ftolMet ? 2 : 3);
    if (cost === 0) return finish(2); // an exact fit
    if (stepNorm <= epsilon * xNorm || radius === 0) {
      return finish(3, ' (the step is at machine precision relative to the parameters)');
    }
    return null;
  };
  if (resume) {
    // The tests the interrupted fit ran after its callback (a stop requested there is not repeated).
    const done = convergence(resume.ftolMet, resume.xtolMet, resume.stepNorm, resume.xNorm);
    if (done) return done;
    if (iterations >= maxIterations || evaluations >= maxEvaluations) return finish(0);
  }

  for (;;) {
    let gradientNorm = 0;
    for (let j = 0; j < n; j++) gradientNorm = Math.max(gradientNorm, Math.abs(gradient[j]! * v[j]!));
    if (gradientNorm < gtol) return finish(1);
    if (gradientNorm === 0) return finish(1, ' (the gradient is zero)');

    // The scaled problem: D, Ĵ = J D, ĝ = D g, Ĉ.
    const d = mapVector(v, (vj, j) => Math.sqrt(vj) * scaleInverse[j]!);
    const cHat = mapVector(gradient, (gj, j) => gj * dv[j]! * scaleInverse[j]! * scaleInverse[j]!);
    const gHat = mapVector(gradient, (gj, j) => gj * d[j]!);
    const rows = m + n;
    const augmented = new Float64Array(rows * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) augmented[j * rows + i] = scaled.jacobian[j * m + i]! * d[j]!;
      augmented[j * rows + m + j] = Math.sqrt(cHat[j]!);
    }
    const rhs = new Float64Array(rows);
    rhs.set(scaled.residuals);
    const qr = pivotedQR(augmented, rows, n, rhs);
    const ones = new Float64Array(n).fill(1);
    const theta = Math.max(0.995, 1 - gradientNorm);

    // q(ŝ) and the pieces a 1-D minimization along a direction needs.
    const jHatTimes = (s: Float64Array) => {
      const out = new Float64Array(m);
      for (let j = 0; j < n; j++) {
        const sj = s[j]!;
        if (sj === 0) continue;
        for (let i = 0; i < m; i++) out[i] = out[i]! + augmented[j * rows + i]! * sj;
      }
      return out;
    };
    const model = (s: Float64Array) => {
      const js = jHatTimes(s);
      let cs = 0;
      for (let j = 0; j < n; j++) cs += cHat[j]! * s[j]! * s[j]!;
      return dot(gHat, s) + 0.5 * (dot(js, js) + cs);
    };
    /** The minimizer of q(p + t r) over t in [lo, hi]. */
    const minimizeAlong = (p: Float64Array, r: Float64Array, lo: number, hi: number) => {
      const jp = jHatTimes(p), jr = jHatTimes(r);
      let curvature = dot(jr, jr), slope = dot(gHat, r) + dot(jp, jr);
      for (let j = 0; j < n; j++) {
        curvature += cHat[j]! * r[j]! * r[j]!;
        slope += cHat[j]! * p[j]! * r[j]!;
      }
      const at = (t: number) => slope * t + 0.5 * curvature * t * t;
      let t = at(lo) <= at(hi) ? lo : hi;
      if (curvature > 0) {
        const tStar = -slope / curvature;
        if (tStar > lo && tStar < hi) t = tStar;
      }
      return t;
    };
    const inX = (s: Float64Array) => mapVector(s, (sj, j) => sj * d[j]!);

    // Trial steps until one lowers the cost.
    for (;;) {
      const found = lmStep(qr, ones, radius, lambda);
      lambda = found.lambda;
      const full = found.step;
      let stepHat: Float64Array;
      if (strictlyInside(mapVector(x, (xj, j) => xj + full[j]! * d[j]!), lower, upper)) {
        stepHat = full;
      } else {
        const candidates: Float64Array[] = [];
        const { step: alpha, hits } = stepSizeToBound(x, inX(full), lower, upper);
        // Truncated just short of the boundary.
        const onBoundary = mapVector(full, (s) => s * alpha);
        candidates.push(mapVector(onBoundary, (s) => s * theta));
        // Reflected at the boundary: the components that hit it turn back.
        const reflected = mapVector(full, (s, j) => (hits[j] !== 0 ? -s : s));
        const xOnBoundary = mapVector(x, (xj, j) => xj + onBoundary[j]! * d[j]!);
        const toBound = stepSizeToBound(xOnBoundary, inX(reflected), lower, upper).step;
        const rr = dot(reflected, reflected), pr = dot(onBoundary, reflected), pp = dot(onBoundary, onBoundary);
        const discriminant = pr * pr - rr * (pp - radius * radius);
        const toRegion = rr > 0 && discriminant >= 0 ? (-pr + Math.sqrt(discriminant)) / rr : 0;
        const hi = Math.min(theta * toBound, toRegion);
        if (hi > 0) {
          const t = minimizeAlong(onBoundary, reflected, (1 - theta) * hi, hi);
          candidates.push(mapVector(onBoundary, (s, j) => s + t * reflected[j]!));
        }
        // Cauchy: along -ĝ, inside the region and short of the boundary.
        const gNorm = euclideanNorm(gHat);
        if (gNorm > 0) {
          const down = mapVector(gHat, (g) => -g);
          const cauchyHi = Math.min(theta * stepSizeToBound(x, inX(down), lower, upper).step, radius / gNorm);
          if (cauchyHi > 0) {
            const t = minimizeAlong(new Float64Array(n), down, 0, cauchyHi);
            candidates.push(mapVector(down, (s) => s * t));
          }
        }
        stepHat = candidates[0]!;
        let best = model(stepHat);
        for (const c of candidates.slice(1)) {
          const q = model(c);
          if (q < best) { best = q; stepHat = c; }
        }
      }
      const predicted = -model(stepHat);
      const step = inX(stepHat);
      const stepHatNorm = euclideanNorm(stepHat);
      const trial = mapVector(x, (xj, j) => {
        // Rounding may land x + step on a bound the step stopped short of: keep it inside.
        const t = xj + step[j]!;
        if (t <= lower[j]!) return nextUp(lower[j]!);
        if (t >= upper[j]!) return nextDown(upper[j]!);
        return t;
      });

      let accepted = false;
      let actual = -Infinity;
      const evaluation: Evaluation = yield { x: trial, wantJacobian: (_, r) => {
        trialCost = costOf(r);
        actual = Number.isFinite(trialCost) ? cost - trialCost : -Infinity;
        accepted = actual > 0;
        return accepted;
      } };
      evaluations++;
      if (!Number.isFinite(trialCost)) {
        radius = 0.25 * stepHatNorm;
        if (evaluations >= maxEvaluations) return finish(0);
        continue;
      }

      // The radius (the usual ratio rules): shrink to a quarter of the step when the model
      // predicted poorly, double when it predicted well and the step reached the region's edge.
      const ratio = predicted > 0 ? actual / predicted : actual === 0 && predicted === 0 ? 1 : 0;
      if (ratio < 0.25) radius = 0.25 * stepHatNorm;
      else if (ratio > 0.75 && stepHatNorm > 0.95 * radius) radius *= 2;

      const stepNorm = euclideanNorm(step);
      const xNorm = euclideanNorm(x); // before the step
      const ftolMet = actual < ftol * cost && ratio > 0.25;
      const xtolMet = stepNorm < xtol * (xtol + xNorm);

      let stopRequested = false;
      if (accepted) {
        x = trial;
        residuals = evaluation.residuals;
        jacobian = evaluation.jacobian!;
        cost = trialCost;
        scaled = scaleForLoss(loss, fScale, residuals, jacobian, m, n);
        computeGradient();
        updateScale();
        ({ v, dv } = colemanLi(x, gradient, lower, upper));
        iterations++;
        if (settings.onIteration) {
          const state: TrfState = {
            method: 'trf', x: Array.from(x), lambda, radius, scaleInverse: Array.from(scaleInverse), iterations, evaluations,
            ftolMet, xtolMet, stepNorm, xNorm,
          };
          stopRequested = settings.onIteration({ iteration: iterations, params: Array.from(x), cost, evaluations, lambda, radius, state }) === false;
        }
      }
      const done = convergence(ftolMet, xtolMet, stepNorm, xNorm);
      if (done) return done;
      if (stopRequested) return finish(-2);
      if (iterations >= maxIterations || evaluations >= maxEvaluations) return finish(0);
      if (accepted) break;
    }
  }
}
