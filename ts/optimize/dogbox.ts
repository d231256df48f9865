// The dogbox method for bound-constrained nonlinear least squares: Voglis and Lagaris (2004), "A
// rectangular trust region dogleg approach for unconstrained and bound constrained nonlinear
// optimization", as scipy.optimize.least_squares runs it for method 'dogbox' with a dense Jacobian
// (tr_solver 'exact'). This file knows nothing about tensors.
//
// The trust region is a box, |sⱼ| <= Δ·xScaleⱼ, so its intersection with the bounds is a box too,
// and each iteration minimizes the quadratic model
//     q(s) = gᵀs + ½ ‖J s‖²,    g = Jᵀr,
// on that box along the dogleg path: from 0 to the Cauchy point (the minimizer of q along -g
// inside the box), then towards the Gauss-Newton step, stopping where the path leaves the box. A
// variable that sits on a bound with the gradient pushing it out of the box (the active set) is
// held there, and the step is computed for the free variables only; the Gauss-Newton step is then
// the minimum-norm least-squares solution of J_free s = -r, as numpy's lstsq gives it. Iterates
// may lie on the bounds (a step that reaches a bound puts the variable exactly on it), unlike
// 'trf''s, and the active mask reports the bounds the steps ended on. The trust-region update, the
// ftol / xtol / gtol tests and the evaluation budget (scipy's max_nfev, 100·n by default) are
// scipy's, step for step, so a fit takes scipy's iterates up to rounding.

import { singularValues } from './covariance';
import type { DogboxState, Evaluation, LmIterationInfo, LmProblem } from './lm';
import { EVALUATIONS_EXCEEDED, STATUS_MESSAGES } from './lm';
import { robustCost, scaleForLoss, type SolverLoss } from './loss';
import { pivotedQR } from './qr';
import { runOn, type SolverRun } from './solver-run';
import { stepSizeToBound, type TrfResult } from './trf';
import { dot, euclideanNorm } from './vector';

const EPSILON = 2.220446049250313e-16;


export interface DogboxSettings {
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  /** The most accepted steps (a cap of gradtape's; scipy's dogbox has only the evaluation budget). */
  readonly maxIterations: number;
  /** The most evaluations of the residuals, the first and every trial step's (scipy's max_nfev). */
  readonly maxEvaluations: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly loss: SolverLoss;
  readonly fScale: number;
  /** The characteristic scale of each variable, or 'jac' (the inverse Jacobian column norms). */
  readonly xScale: Float64Array | 'jac';
  readonly onIteration?: (info: LmIterationInfo) => boolean | void;
  /** Go on from a state an earlier fit's onIteration received (x0 is then not used). */
  readonly resume?: DogboxState;
}

/** What dogbox returns: the fields trf returns (activeMask is the bounds the iterates sit on). */
export type DogboxResult = TrfResult;

/**
 * Minimizes ½ C² Σ ρ((r(x)ᵢ/C)²) subject to lower <= x <= upper from x0 (lower <= x0 <= upper; a
 * start on a bound stays there) by scipy's dogbox. Termination as scipy's: ftol when the cost fell
 * by less than ftol·cost on a step the model predicted well (ratio > ¼), xtol when
 * ‖Δx‖ < xtol (xtol + ‖x‖), gtol when ‖g_free‖∞ < gtol, status 0 when maxEvaluations is reached.
 */
export function dogbox(problem: LmProblem, x0: Float64Array, settings: DogboxSettings): DogboxResult {
  return runOn(problem, dogboxRun(problem.m, problem.n, x0, settings));
}

/** dogbox as a generator of the evaluations it needs (see SolverRun). */
export function* dogboxRun(m: number, n: number, x0: Float64Array, settings: DogboxSettings): SolverRun<DogboxResult> {
  const { ftol, xtol, gtol, maxIterations, maxEvaluations, lower, upper, loss, fScale } = settings;
  const resume = settings.resume;
  const costOf = (r: Float64Array) => robustCost(loss, fScale, r);

  let x = resume ? Float64Array.from(resume.x) : Float64Array.from(x0);
  let residuals: Float64Array;
  let jacobian: Float64Array;
  const residualsAt = resume && resume.residualsAt.some((v, j) => v !== resume.x[j]) ? Float64Array.from(resume.residualsAt) : null;
  if (residualsAt) {
    // As the interrupted fit had them: the Jacobian at x, the residuals where they were evaluated
    // (in this order: a fit's first evaluation is checked with its Jacobian).
    jacobian = (yield { x, wantJacobian: () => true }).jacobian!;
    residuals = (yield { x: residualsAt, wantJacobian: () => false }).residuals;
  } else {
    const first: Evaluation = yield { x, wantJacobian: () => true };
    residuals = first.residuals;
    jacobian = first.jacobian!;
  }
  let cost = costOf(residuals);
  // A resumed fit takes its counters from the state (the evaluations above are counted there).
  let evaluations = resume ? resume.evaluations : 1;
  let iterations = resume ? resume.iterations : 0;

  let scaled = scaleForLoss(loss, fScale, residuals, jacobian, m, n);
  let gradient = transposeTimes(scaled.jacobian, scaled.residuals, m, n);
  // scipy keeps both the scale and its inverse: the box's half-widths are Δ·scale, the radius
  // updates measure ‖step·scale⁻¹‖∞.
  let scale: Float64Array, scaleInverse: Float64Array;
  if (resume) {
    scaleInverse = Float64Array.from(resume.scaleInverse);
    scale = settings.xScale === 'jac' ? reciprocal(scaleInverse) : settings.xScale;
  } else if (settings.xScale === 'jac') {
    scaleInverse = columnNorms(scaled.jacobian, m, n);
    for (let j = 0; j < n; j++) if (scaleInverse[j] === 0) scaleInverse[j] = 1;
    scale = reciprocal(scaleInverse);
  } else {
    scale = settings.xScale;
    scaleInverse = reciprocal(scale);
  }

  let radius: number;
  if (resume) radius = resume.radius;
  else {
    radius = 0;
    for (let j = 0; j < n; j++) radius = Math.max(radius, Math.abs(x[j]! * scaleInverse[j]!));
    if (radius === 0) radius = 1;
  }
  const onBound = new Int8Array(n);
  if (resume) onBound.set(resume.onBound);
  else for (let j = 0; j < n; j++) onBound[j] = x[j] === lower[j] ? -1 : x[j] === upper[j] ? 1 : 0;

  let status: number | null = resume && resume.toleranceStatus !== 0 ? resume.toleranceStatus : null;
  const finish = (final: number, message = STATUS_MESSAGES[final]!): DogboxResult => ({
    x, residuals, jacobian, lossJacobian: scaled.jacobian, cost, iterations, evaluations, status: final,
    message, converged: final >= 1, activeMask: Array.from(onBound),
  });

  for (;;) {
    // The active set: variables on a bound that the negative gradient pushes further out. They are
    // held, and the gtol test reads the free variables' gradient only.
    const free: number[] = [];
    let gradientNorm = 0;
    for (let j = 0; j < n; j++) {
      if (onBound[j]! * gradient[j]! < 0) continue;
      free.push(j);
      gradientNorm = Math.max(gradientNorm, Math.abs(gradient[j]!));
    }
    if (gradientNorm < gtol) status = 1;
    if (status !== null) return finish(status);
    if (evaluations >= maxEvaluations) return finish(0, EVALUATIONS_EXCEEDED);
    if (iterations >= maxIterations) return finish(0);

    const k = free.length;
    const jFree = new Float64Array(m * k);
    free.forEach((j, c) => jFree.set(scaled.jacobian.subarray(j * m, (j + 1) * m), c * m));
    const gFree = Float64Array.from(free, (j) => gradient[j]!);
    const xFree = Float64Array.from(free, (j) => x[j]!);
    const lowerFree = Float64Array.from(free, (j) => lower[j]!);
    const upperFree = Float64Array.from(free, (j) => upper[j]!);
    const scaleFree = Float64Array.from(free, (j) => scale[j]!);
    const newton = minimumNormSolution(jFree, m, k, Float64Array.from(scaled.residuals, (r) => -r)).z;
    // q along -g_free: q(-t g) = a t² + b t with a = ½ ‖J g‖², b = -‖g‖².
    const jg = times(jFree, m, k, gFree);
    const a = 0.5 * dot(jg, jg);
    const b = -dot(gFree, gFree);

    let actual = -1;
    let evaluatedAt = x; // the trial point the residuals were evaluated at (clipped to the bounds)
    let landing = x; // the same point with the variables that reached a bound set exactly on it
    let landingOnBound = onBound;
    let trialResiduals = residuals;
    let trialCost = cost;
    let trialJacobian: Float64Array | null = null;
    while (actual <= 0 && evaluations < maxEvaluations) {
      const boxHalfWidths = Float64Array.from(scaleFree, (s) => radius * s);
      const dogleg = doglegStep(xFree, newton, gFree, a, b, boxHalfWidths, lowerFree, upperFree);
      const step = new Float64Array(n);
      free.forEach((j, c) => { step[j] = dogleg.step[c]!; });
      const js = times(jFree, m, k, dogleg.step);
      const predicted = -(0.5 * dot(js, js) + dot(dogleg.step, gFree));

      // Clipped to the bounds (scipy's gh-11403: rounding in x + step may overshoot one).
      evaluatedAt = new Float64Array(n);
      for (let j = 0; j < n; j++) evaluatedAt[j] = Math.min(Math.max(x[j]! + step[j]!, lower[j]!), upper[j]!);
      // Where x goes if the step is accepted: the variables the step took to a bound exactly on
      // it. scipy keeps the residuals at evaluatedAt and takes the Jacobian at landing; when the
      // two points differ, the Jacobian is a second request (scipy counts it in njev, not nfev).
      landingOnBound = onBound.slice();
      free.forEach((j, c) => { landingOnBound[j] = dogleg.boundHits[c]!; });
      landing = evaluatedAt.slice();
      let sameLanding = true;
      for (let j = 0; j < n; j++) {
        if (landingOnBound[j] === 0) continue;
        landing[j] = landingOnBound[j] === -1 ? lower[j]! : upper[j]!;
        sameLanding &&= landing[j] === evaluatedAt[j];
      }
      let newCost = cost;
      const evaluation: Evaluation = yield { x: evaluatedAt, wantJacobian: (_, r) => {
        newCost = costOf(r);
        return sameLanding && allFinite(r) && cost - newCost > 0;
      } };
      evaluations++;

      let stepScaledNorm = 0;
      for (let j = 0; j < n; j++) stepScaledNorm = Math.max(stepScaledNorm, Math.abs(step[j]! * scaleInverse[j]!));
      if (!allFinite(evaluation.residuals)) {
        radius = 0.25 * stepScaledNorm;
        continue;
      }
      actual = cost - newCost;
      trialResiduals = evaluation.residuals;
      trialCost = newCost;
      trialJacobian = sameLanding ? evaluation.jacobian : null;

      // The radius: a quarter of the step's scaled length when the model predicted poorly,
      // doubled when it predicted well and the step stopped at the trust region's edge.
      const ratio = predicted > 0 ? actual / predicted : predicted === 0 && actual === 0 ? 1 : 0;
      if (ratio < 0.25) radius = 0.25 * stepScaledNorm;
      else if (ratio > 0.75 && dogleg.trustRegionHit) radius *= 2;

      const ftolMet = actual < ftol * cost && ratio > 0.25;
      const xtolMet = euclideanNorm(step) < xtol * (xtol + euclideanNorm(x));
      if (ftolMet || xtolMet) {
        status = ftolMet && xtolMet ? 4 : ftolMet ? 2 : 3;
        break;
      }
    }

    if (actual > 0) {
      onBound.set(landingOnBound);
      x = landing;
      residuals = trialResiduals;
      cost = trialCost;
      jacobian = trialJacobian ?? (yield { x, wantJacobian: () => true }).jacobian!;
      scaled = scaleForLoss(loss, fScale, residuals, jacobian, m, n);
      gradient = transposeTimes(scaled.jacobian, scaled.residuals, m, n);
      if (settings.xScale === 'jac') {
        // scipy's compute_jac_scale: a column norm only ever grows the inverse scale.
        const norms = columnNorms(scaled.jacobian, m, n);
        for (let j = 0; j < n; j++) scaleInverse[j] = Math.max(norms[j]!, scaleInverse[j]!);
        scale = reciprocal(scaleInverse);
      }
      iterations++;
      if (settings.onIteration) {
        const state: DogboxState = {
          method: 'dogbox', x: Array.from(x), residualsAt: Array.from(evaluatedAt), onBound: Array.from(onBound), radius,
          scaleInverse: Array.from(scaleInverse), iterations, evaluations, toleranceStatus: status ?? 0,
        };
        const info = { iteration: iterations, params: Array.from(x), cost, evaluations, lambda: 0, radius, state };
        // (A stop overrides a tolerance test the step met, as scipy's callback does.)
        if (settings.onIteration(info) === false) return finish(-2);
      }
    }
  }
}

/**
 * The dogleg step in the box lower <= s <= upper of the free variables (the trust region
 * |sⱼ| <= halfWidthⱼ intersected with the bounds, both centred on x): the Gauss-Newton step when
 * it fits; otherwise from the Cauchy point (the minimizer of q(-t g), a t² + b t, for t in
 * [0, the box's edge along -g]) towards the Gauss-Newton step until the path meets the box. The
 * classical dogleg returns the Cauchy point when that is cut short by the box; in a box the path
 * can still go on from there, so both cases are treated alike (as scipy does).
 * boundHits: -1 / 1 for a variable the step takes to its lower / upper bound (a bound of the
 * problem, not of the trust region); trustRegionHit: whether the step ends on the trust region's
 * edge (the radius may then grow).
 */
function doglegStep(
  x: Float64Array, newton: Float64Array, g: Float64Array, a: number, b: number,
  halfWidths: Float64Array, lower: Float64Array, upper: Float64Array,
): { step: Float64Array; boundHits: Int8Array; trustRegionHit: boolean } {
  const k = x.length;
  const boxLower = new Float64Array(k), boxUpper = new Float64Array(k);
  // Which constraint each side of the box is: the problem's bound, the trust region's, or both.
  const boundLower: boolean[] = [], boundUpper: boolean[] = [], regionLower: boolean[] = [], regionUpper: boolean[] = [];
  let newtonFits = true;
  for (let j = 0; j < k; j++) {
    const lowerCentred = lower[j]! - x[j]!, upperCentred = upper[j]! - x[j]!;
    boxLower[j] = Math.max(lowerCentred, -halfWidths[j]!);
    boxUpper[j] = Math.min(upperCentred, halfWidths[j]!);
    boundLower.push(boxLower[j] === lowerCentred);
    boundUpper.push(boxUpper[j] === upperCentred);
    regionLower.push(boxLower[j] === -halfWidths[j]!);
    regionUpper.push(boxUpper[j] === halfWidths[j]!);
    if (!(newton[j]! >= boxLower[j]! && newton[j]! <= boxUpper[j]!)) newtonFits = false;
  }
  const boundHits = new Int8Array(k);
  if (newtonFits) return { step: newton, boundHits, trustRegionHit: false };

  const downhill = Float64Array.from(g, (gj) => -gj);
  const toEdge = stepSizeToBound(new Float64Array(k), downhill, boxLower, boxUpper).step;
  const { t } = minimizeQuadratic1d(a, b, 0, toEdge);
  const cauchy = Float64Array.from(g, (gj) => -t * gj);
  const towardsNewton = Float64Array.from(newton, (s, j) => s - cauchy[j]!);
  const { step: length, hits } = stepSizeToBound(cauchy, towardsNewton, boxLower, boxUpper);
  let trustRegionHit = false;
  for (let j = 0; j < k; j++) {
    if (hits[j]! < 0 && boundLower[j]) boundHits[j] = -1;
    if (hits[j]! > 0 && boundUpper[j]) boundHits[j] = 1;
    if ((hits[j]! < 0 && regionLower[j]) || (hits[j]! > 0 && regionUpper[j])) trustRegionHit = true;
  }
  return { step: Float64Array.from(cauchy, (c, j) => c + length * towardsNewton[j]!), boundHits, trustRegionHit };
}

/** The minimizer t of a t² + b t + c over [lo, hi] and the value there (scipy's
 * minimize_quadratic_1d): the better end, or the vertex when it lies strictly inside; ties go to
 * the earlier of lo, hi, vertex. */
export function minimizeQuadratic1d(a: number, b: number, lo: number, hi: number, c = 0): { t: number; value: number } {
  const candidates = [lo, hi];
  if (a !== 0) {
    const vertex = (-0.5 * b) / a;
    if (lo < vertex && vertex < hi) candidates.push(vertex);
  }
  let best = candidates[0]!;
  let bestValue = best * (a * best + b) + c;
  for (const t of candidates.slice(1)) {
    const value = t * (a * t + b) + c;
    if (value < bestValue) {
      best = t;
      bestValue = value;
    }
  }
  return { t: best, value: bestValue };
}

/**
 * The minimum-norm least-squares solution of A z = rhs (A m×k, column-major), as numpy's
 * lstsq(A, rhs, rcond): z = Σ vᵢ (uᵢ·rhs)/σᵢ over the singular values above rcond·σ₀ (LAPACK's
 * gelsd treats the others as zero; the default ε is dogbox's rcond=-1), so a rank-deficient Jacobian still gives the step of least
 * length. A tall A is first reduced to R Pᵀ by pivoted QR (the same least-squares problem on n
 * rows, with Qᵀrhs), which also keeps the Jacobi SVD accurate. Also returns what lstsq does
 * besides: A's min(m, k) singular values, descending, and its rank (how many are above the cutoff).
 */
export function minimumNormSolution(a: Float64Array, m: number, k: number, rhs: Float64Array, rcond = EPSILON): { z: Float64Array; singularValues: Float64Array; rank: number } {
  const z = new Float64Array(k);
  if (k === 0 || m === 0) return { z, singularValues: new Float64Array(0), rank: 0 };
  let matrix = a, rows = m, b = rhs;
  if (m > k) {
    const { r, permutation, qtb } = pivotedQR(a, m, k, rhs);
    const reduced = new Float64Array(k * k);
    // Column c of R is column permutation[c] of R Pᵀ.
    for (let c = 0; c < k; c++) for (let i = 0; i <= c; i++) reduced[permutation[c]! * k + i] = r[i * k + c]!;
    matrix = reduced;
    rows = k;
    b = qtb;
  }
  const { values, v } = singularValues(matrix, rows, k);
  const cutoff = rcond * values[0]!;
  let rank = 0;
  for (let i = 0; i < k; i++) {
    const sigma = values[i]!;
    if (!(sigma > cutoff)) continue;
    rank++;
    // uᵢ σᵢ = A vᵢ, so (uᵢ·b)/σᵢ = (A vᵢ · b)/σᵢ².
    const coefficient = dot(times(matrix, rows, k, v[i]!), b) / (sigma * sigma);
    for (let j = 0; j < k; j++) z[j] = z[j]! + coefficient * v[i]![j]!;
  }
  // (A wide A has k values from the Jacobi SVD, of which only the first m can be nonzero.)
  return { z, singularValues: values.slice(0, Math.min(m, k)), rank: Math.min(rank, m) };
}

/** A s for A m×k, column-major. */
function times(a: Float64Array, m: number, k: number, s: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    const sj = s[j]!;
    if (sj === 0) continue;
    for (let i = 0; i < m; i++) out[i] = out[i]! + a[j * m + i]! * sj;
  }
  return out;
}

/** Aᵀ r for A m×n, column-major (the cost's gradient Jᵀr). */
function transposeTimes(a: Float64Array, r: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += a[j * m + i]! * r[i]!;
    out[j] = s;
  }
  return out;
}

/** ‖column j‖ of A (m×n, column-major), for each j. */
function columnNorms(a: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = euclideanNorm(a, j * m, m);
  return out;
}

const reciprocal = (v: Float64Array): Float64Array => Float64Array.from(v, (e) => 1 / e);

function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}
