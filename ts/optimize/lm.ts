// The Levenberg-Marquardt method as Moré (1978) states it and MINPACK's lmder runs it: a trust
// region in the scaled parameters D x, a Jacobian per iteration, QR with column pivoting, λ from
// lmStep, the radius updated by the ratio of actual to predicted reduction, and MINPACK's ftol /
// xtol / gtol tests. Written from the paper; this file knows nothing about tensors.

import { LmWork, lmStep } from './lm-parameter';
import { runOn, type SolverRun } from './solver-run';
import { type PivotedQR, pivotedQR } from './qr';
import { euclideanNorm, mapVector, scaledNorm } from './vector';

const EPSILON = 2.220446049250313e-16;
/** Moré's initial radius: 100 ‖D x0‖ (or 100 when x0 = 0), MINPACK's default factor. */
const INITIAL_RADIUS_FACTOR = 100;

/** One model evaluation: the residuals, and the Jacobian when the caller asked for it. */
export interface Evaluation {
  readonly residuals: Float64Array;
  /** m×n, column-major (entry (i, j) at `j * m + i`). */
  readonly jacobian: Float64Array | null;
  /** Called by a solver that will not read this evaluation's arrays again (a rejected trial, or
   * the point an accepted step left), so that the problem may fill them in a later evaluation
   * instead of allocating new ones. */
  readonly release?: () => void;
}

export interface LmProblem {
  readonly m: number;
  readonly n: number;
  /**
   * Residuals at `x`; the Jacobian too when `wantJacobian(‖r‖)` returns true (called once the
   * residuals are known, so a rejected trial step never pays for a Jacobian).
   */
  evaluate(x: Float64Array, wantJacobian: (residualNorm: number, residuals: Float64Array) => boolean): Evaluation;
}

/** What `onIteration` receives from `curveFit` and `leastSquares` after each accepted step. */
export interface LmIterationInfo {
  /** Accepted steps so far (1 at the first call). */
  readonly iteration: number;
  /** The current parameters. */
  readonly params: number[];
  /** ½ Σ r². */
  readonly cost: number;
  /** Model evaluations so far. */
  readonly evaluations: number;
  /** The Levenberg-Marquardt parameter λ of the last step (0 for method 'dogbox', whose steps are dogleg steps). */
  readonly lambda: number;
  /** The trust-region radius Δ in scaled parameters. */
  readonly radius: number;
  /** In a batched curveFit, the index of the fit (the row of ydata) this step belongs to. */
  readonly fit?: number;
  /**
   * Everything the solver needs to go on from this step: plain numbers, so JSON keeps them exactly.
   * Save it (`JSON.stringify(info.state)`), and a later fit with `{ resume: state }` (same model,
   * data and options) continues exactly as this one would have, to the same result bits.
   */
  readonly state: FitState;
}

/** A Levenberg-Marquardt fit after an accepted step (see LmIterationInfo.state). */
export interface LmState {
  /** The solver this state belongs to. */
  readonly method: 'lm';
  /** The parameters after the step. */
  readonly x: number[];
  /** The Levenberg-Marquardt parameter λ. */
  readonly lambda: number;
  /** The trust-region radius Δ in scaled parameters. */
  readonly radius: number;
  /** The scaling D of each parameter. */
  readonly scale: number[];
  /** The norm of the scaled parameters, ‖D x‖. */
  readonly xNorm: number;
  /** Accepted steps so far. */
  readonly iterations: number;
  /** Model evaluations so far. */
  readonly evaluations: number;
  /** The accepted step's actual and predicted reductions and their ratio, for the tests that end a fit. */
  readonly actual: number;
  /** The reduction the linear model predicted for the step. */
  readonly predicted: number;
  /** actual / predicted. */
  readonly ratio: number;
  /** The gtol test's cosine of the iteration that took the step (tested against machine
   * precision after the step; a state saved by an earlier release has none, and the test then
   * waits a step). */
  readonly gradientCosine?: number;
}

/** A Trust Region Reflective fit after an accepted step (see LmIterationInfo.state). */
export interface TrfState {
  /** The solver this state belongs to. */
  readonly method: 'trf';
  /** The parameters after the step. */
  readonly x: number[];
  /** The Levenberg-Marquardt parameter of the trust-region subproblem. */
  readonly lambda: number;
  /** The trust-region radius. */
  readonly radius: number;
  /** The inverse scale of each parameter. */
  readonly scaleInverse: number[];
  /** Accepted steps so far. */
  readonly iterations: number;
  /** Model evaluations so far. */
  readonly evaluations: number;
  /** The outcome of the accepted step's ftol and xtol tests, its length and the parameters' norm
   * before it: the tests that end a fit. */
  readonly ftolMet: boolean;
  /** Whether the step passed the xtol test. */
  readonly xtolMet: boolean;
  /** The length of the step. */
  readonly stepNorm: number;
  /** The parameters' norm before the step. */
  readonly xNorm: number;
}

/** A dogbox fit after an accepted step (see LmIterationInfo.state). */
export interface DogboxState {
  /** The solver this state belongs to. */
  readonly method: 'dogbox';
  /** The parameters after the step, the variables that reached a bound exactly on it. */
  readonly x: number[];
  /** Where the residuals were evaluated: x before the variables that reached a bound were set
   * exactly on it (scipy keeps those residuals, and takes the Jacobian at x). */
  readonly residualsAt: number[];
  /** -1 for a variable on its lower bound, 1 on its upper, 0 otherwise. */
  readonly onBound: number[];
  /** The trust-region radius Δ (the box is |sⱼ| <= Δ·xScaleⱼ). */
  readonly radius: number;
  /** The inverse scale of each parameter. */
  readonly scaleInverse: number[];
  /** Accepted steps so far. */
  readonly iterations: number;
  /** Model evaluations so far. */
  readonly evaluations: number;
  /** What the accepted step's ftol and xtol tests found: 2 ftol, 3 xtol, 4 both, 0 neither (the
   * fit then ends, unless the gtol test at the new point overrides it with 1). */
  readonly toleranceStatus: number;
}

/** A fit's state after an accepted step, to resume it from (curveFit's `resume` option). */
export type FitState = LmState | TrfState | DogboxState;

export interface LmSettings {
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly maxIterations: number;
  /** The most evaluations of the residuals, trial steps included (MINPACK's maxfev). Default: 10
   * per iteration allowed, a guard only (each iteration's trial steps are bounded by the radius
   * tests). */
  readonly maxEvaluations?: number;
  /** The initial radius is factor ‖D x0‖, or factor when that is 0 (MINPACK's; default 100). */
  readonly factor?: number;
  /** A fixed scaling D (MINPACK mode 2: scipy's 1/x_scale); by default D follows the Jacobian's
   * column norms (mode 1, scipy's x_scale 'jac'). */
  readonly scale?: Float64Array;
  /** Called after every accepted step; returning false stops the fit. */
  readonly onIteration?: (info: LmIterationInfo) => boolean | void;
  /** The relative precision of the residuals (their dtype's machine epsilon; float64's by
   * default): the tests that end a fit "at machine precision" use it. */
  readonly epsilon?: number;
  /** Go on from a state an earlier fit's onIteration received (x0 is then not used). */
  readonly resume?: LmState;
}

/** scipy's message for status 0 when the evaluation budget (max_nfev) ran out; STATUS_MESSAGES[0]
 * is the one for gradtape's cap on iterations. */
export const EVALUATIONS_EXCEEDED = 'The maximum number of function evaluations is exceeded.';

/** scipy.optimize.least_squares' status codes. */
export const STATUS_MESSAGES: Record<number, string> = {
  [-2]: 'Stopped because onIteration returned false.',
  0: 'The maximum number of iterations is exceeded.',
  1: '`gtol` termination condition is satisfied.',
  2: '`ftol` termination condition is satisfied.',
  3: '`xtol` termination condition is satisfied.',
  4: 'Both `ftol` and `xtol` termination conditions are satisfied.',
};

export interface LmResult {
  readonly x: Float64Array;
  readonly residuals: Float64Array;
  /** ½ Σ r². */
  readonly cost: number;
  /** The Jacobian at `x` (m×n, column-major). */
  readonly jacobian: Float64Array;
  /** Accepted steps; each evaluated the Jacobian once (plus one at the start). */
  readonly iterations: number;
  /** Model evaluations (trial steps included). */
  readonly evaluations: number;
  readonly status: number;
  readonly message: string;
  /** True for statuses 1-4. */
  readonly converged: boolean;
  /** Why the run ended, as MINPACK's lmder says it (its info; `Ending`). */
  readonly info: Ending;
  /** Jacobians factored: MINPACK's count of Jacobian evaluations (njev). Each accepted step
   * brings its point's Jacobian with it, and a run that ends on that step does not factor it. */
  readonly factorizations: number;
  /** The last factorization J P = Q R, of the Jacobian at the last point an iteration started
   * from (the final x, unless the run ended right after accepting a step). */
  readonly factorization: PivotedQR;
}

/** MINPACK lmder's info codes: why a run ended. 0 is the library's own: onIteration stopped it. */
export const Ending = {
  Stopped: 0,
  Ftol: 1,
  Xtol: 2,
  FtolAndXtol: 3,
  Gtol: 4,
  MaxEvaluations: 5,
  FtolAtMachinePrecision: 6,
  XtolAtMachinePrecision: 7,
  GtolAtMachinePrecision: 8,
} as const;
export type Ending = (typeof Ending)[keyof typeof Ending];

/** least_squares' status for each lmder info (scipy's FROM_MINPACK_TO_COMMON), with a note for
 * the tolerances rounding made unreachable: the fit converged as far as doubles allow. */
const LEAST_SQUARES_STATUS: Record<Ending, [status: number, note: string]> = {
  [Ending.Stopped]: [-2, ''],
  [Ending.Ftol]: [2, ''],
  [Ending.Xtol]: [3, ''],
  [Ending.FtolAndXtol]: [4, ''],
  [Ending.Gtol]: [1, ''],
  [Ending.MaxEvaluations]: [0, ''],
  [Ending.FtolAtMachinePrecision]: [2, ' (no further reduction of the residuals is possible at machine precision)'],
  [Ending.XtolAtMachinePrecision]: [3, ' (the step is at machine precision relative to the parameters)'],
  [Ending.GtolAtMachinePrecision]: [1, ' (r is orthogonal to the columns of J to machine precision)'],
};

/**
 * Minimizes ½‖r(x)‖² from `x0`. Termination (Moré section 7, MINPACK's tests):
 * - ftol: both the actual and the predicted relative reductions of ‖r‖² are at most ftol;
 * - xtol: the trust radius is at most xtol ‖D x‖ (the relative change of the scaled x is small);
 * - gtol: the largest cosine between r and a column of J is at most gtol (x is stationary).
 * When a test cannot be met because of rounding (MINPACK's info 6, 7 and 8: the reductions, the
 * radius or the cosine are down to machine precision), the fit has converged as far as doubles
 * allow: it reports status 2, 3 or 1 respectively, with a note in the message. An exact fit
 * (r = 0) ends as in MINPACK, by the gtol test at the next iteration (its cosine is 0).
 */
export function levenbergMarquardt(problem: LmProblem, x0: Float64Array, settings: LmSettings): LmResult {
  return runOn(problem, levenbergMarquardtRun(problem.m, problem.n, x0, settings));
}

/** levenbergMarquardt as a generator of the evaluations it needs (see SolverRun). */
export function* levenbergMarquardtRun(m: number, n: number, x0: Float64Array, settings: LmSettings): SolverRun<LmResult> {
  const { ftol, xtol, gtol, maxIterations } = settings;
  const epsilon = settings.epsilon ?? EPSILON;
  const maxEvaluations = settings.maxEvaluations ?? 10 * maxIterations;
  const radiusFactor = settings.factor ?? INITIAL_RADIUS_FACTOR;

  const resume = settings.resume;
  let x = resume ? Float64Array.from(resume.x) : x0.slice();
  const first: Evaluation = yield { x, wantJacobian: () => true };
  let current = first;
  let residuals = first.residuals;
  let jacobian = first.jacobian!;
  let residualNorm = euclideanNorm(residuals);
  // A resumed fit takes its counters from the state (the evaluation at x is already counted there).
  let evaluations = resume ? resume.evaluations : 1;
  let iterations = resume ? resume.iterations : 0;
  let lambda = resume ? resume.lambda : 0;
  let radius = resume ? resume.radius : 0;
  let xNorm = resume ? resume.xNorm : 0;
  const scale = resume ? Float64Array.from(resume.scale) : new Float64Array(n);
  // Arrays reused by every iteration: lmStep's, the QR's, the trial point (which takes turns with
  // x: an accepted trial becomes x, and the old x the next trial's array) and J p.
  const work = new LmWork(n);
  let qr: PivotedQR | undefined;
  let factorizations = 0;
  let spare = new Float64Array(n);
  const jStep = new Float64Array(n);

  const finish = (info: Ending): LmResult => {
    const [status, note] = LEAST_SQUARES_STATUS[info];
    return {
      x, residuals, cost: 0.5 * residualNorm * residualNorm, jacobian, iterations, evaluations, status,
      message: status === 0 && iterations < maxIterations ? EVALUATIONS_EXCEEDED : STATUS_MESSAGES[status]! + note,
      converged: status >= 1,
      info,
      factorizations,
      // A run ends before its first factorization only when resumed from a finished state.
      factorization: qr ?? pivotedQR(jacobian, m, n, residuals),
    };
  };
  /** The tests that end a fit after a trial step (Moré section 7, MINPACK's info 1-4 and 6-7). */
  // The gtol test's cosine of this iteration; MINPACK also tests it against machine precision
  // after the trial step (a state from before this field had none: the test waits a step).
  let gradientCosine = resume?.gradientCosine ?? Infinity;
  /** MINPACK's tests after a trial step (Moré section 7): the tolerances (info 1-3), else the
   * evaluation budget (5) and the tolerances out of reach at machine precision (6-8), each later
   * one overriding the earlier, as lmder assigns them. */
  const ending = (actual: number, predicted: number, ratio: number): Ending | null => {
    const ftolMet = Math.abs(actual) <= ftol && predicted <= ftol && 0.5 * ratio <= 1;
    const xtolMet = radius <= xtol * xNorm;
    if (ftolMet || xtolMet) return ftolMet && xtolMet ? Ending.FtolAndXtol : ftolMet ? Ending.Ftol : Ending.Xtol;
    let info: Ending | null = null;
    if (iterations >= maxIterations || evaluations >= maxEvaluations) info = Ending.MaxEvaluations;
    if (Math.abs(actual) <= epsilon && predicted <= epsilon && 0.5 * ratio <= 1) info = Ending.FtolAtMachinePrecision;
    if (radius <= epsilon * xNorm) info = Ending.XtolAtMachinePrecision;
    if (gradientCosine <= epsilon) info = Ending.GtolAtMachinePrecision;
    return info;
  };
  if (resume) {
    // The tests the interrupted fit ran after its callback (a stop requested there is not repeated).
    const done = ending(resume.actual, resume.predicted, resume.ratio);
    if (done !== null) return finish(done);
  }

  for (;;) {
    qr = pivotedQR(jacobian, m, n, residuals, qr);
    factorizations++;
    const { r, permutation, qtb, columnNorms } = qr;
    // Scaling D (MINPACK mode 1): each parameter measured in units of its Jacobian column, never
    // shrinking, so the trust region adapts to badly scaled parameters.
    if (settings.scale) {
      scale.set(settings.scale);
      if (iterations === 0) {
        xNorm = scaledNorm(x, scale);
        radius = radiusFactor * xNorm || radiusFactor;
      }
    } else if (iterations === 0) {
      for (let j = 0; j < n; j++) scale[j] = columnNorms[j] === 0 ? 1 : columnNorms[j]!;
      xNorm = scaledNorm(x, scale);
      radius = radiusFactor * xNorm || radiusFactor;
    } else {
      for (let j = 0; j < n; j++) scale[j] = Math.max(scale[j]!, columnNorms[j]!);
    }

    // gtol: the largest |cos| of the angle between r and a column of J. Column k of J P is Q
    // times column k of R, so its product with r is Σ_{i<=k} R_ik (Qᵀr)_i: n² work, not m·n.
    gradientCosine = 0;
    if (residualNorm !== 0) {
      for (let k = 0; k < n; k++) {
        const norm = columnNorms[permutation[k]!]!;
        if (norm === 0) continue;
        let dot = 0;
        for (let i = 0; i <= k; i++) dot += r[i * n + k]! * (qtb[i]! / residualNorm);
        gradientCosine = Math.max(gradientCosine, Math.abs(dot / norm));
      }
    }
    if (gradientCosine <= gtol) return finish(Ending.Gtol);

    // Trial steps until one reduces ‖r‖ enough to accept (ratio >= 1e-4).
    for (;;) {
      const found = lmStep(qr, scale, radius, lambda, work);
      lambda = found.lambda;
      const step = found.step;
      const stepNorm = scaledNorm(step, scale);
      if (iterations === 0) radius = Math.min(radius, stepNorm); // the first step sets a realistic radius

      const trial = spare;
      for (let j = 0; j < n; j++) trial[j] = x[j]! + step[j]!;
      // Predicted reduction from the linear model, relative to ‖r‖²: ‖J p‖² + 2 λ‖D p‖² over ‖r‖²,
      // split as Moré does to avoid overflow. Q is orthogonal, so ‖J p‖ = ‖R Pᵀp‖.
      jStep.fill(0);
      for (let k = 0; k < n; k++) {
        const pk = step[permutation[k]!]!;
        for (let i = 0; i <= k; i++) jStep[i] = jStep[i]! + r[i * n + k]! * pk;
      }
      const linearTerm = euclideanNorm(jStep) / residualNorm;
      const dampingTerm = (Math.sqrt(lambda) * stepNorm) / residualNorm;
      const predicted = linearTerm * linearTerm + 2 * dampingTerm * dampingTerm;
      const directional = -(linearTerm * linearTerm + dampingTerm * dampingTerm);

      let accepted = false;
      let ratio = 0;
      let actual = -1;
      let trialNorm = Infinity;
      const evaluation: Evaluation = yield { x: trial, wantJacobian: (normAtTrial) => {
        trialNorm = Number.isFinite(normAtTrial) ? normAtTrial : Infinity;
        // Actual relative reduction 1 - (‖r_new‖/‖r‖)²; a tenfold growth counts as -1 (no overflow).
        actual = 0.1 * trialNorm < residualNorm ? 1 - (trialNorm / residualNorm) ** 2 : -1;
        ratio = predicted !== 0 ? actual / predicted : 0;
        accepted = ratio >= 1e-4;
        return accepted;
      } };
      evaluations++;

      // Radius update (Moré section 4): shrink when the model predicted poorly, with the factor
      // from a quadratic fit along the step when the reduction was negative; grow when it
      // predicted well (or when λ = 0 already).
      if (ratio <= 0.25) {
        let factor = actual >= 0 ? 0.5 : (0.5 * directional) / (directional + 0.5 * actual);
        if (0.1 * trialNorm >= residualNorm || factor < 0.1) factor = 0.1;
        radius = factor * Math.min(radius, stepNorm / 0.1);
        lambda /= factor;
      } else if (lambda === 0 || ratio >= 0.75) {
        radius = stepNorm / 0.5;
        lambda *= 0.5;
      }

      let stopRequested = false;
      if (accepted) {
        spare = x;
        x = trial;
        current.release?.();
        current = evaluation;
        residuals = evaluation.residuals;
        jacobian = evaluation.jacobian!;
        residualNorm = trialNorm;
        xNorm = scaledNorm(x, scale);
        iterations++;
        if (settings.onIteration) {
          const info: LmIterationInfo = {
            iteration: iterations, params: Array.from(x), cost: 0.5 * residualNorm * residualNorm,
            evaluations, lambda, radius,
            state: { method: 'lm', x: Array.from(x), lambda, radius, scale: Array.from(scale), xNorm, iterations, evaluations, actual, predicted, ratio, gradientCosine },
          };
          stopRequested = settings.onIteration(info) === false;
        }
      } else {
        evaluation.release?.();
      }

      // Convergence first: a fit that converged on the step the callback stopped at has converged.
      const done = ending(actual, predicted, ratio);
      if (done !== null && done !== Ending.MaxEvaluations) return finish(done);
      if (stopRequested) return finish(Ending.Stopped);
      if (done !== null) return finish(done);
      if (accepted) break;
    }
  }
}
