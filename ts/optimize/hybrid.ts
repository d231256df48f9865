// Powell's hybrid method for a system of n equations in n unknowns, as MINPACK's hybrj runs it
// (Moré, Garbow and Hillstrom, "User Guide for MINPACK-1", ANL-80-74, 1980, chapter 4), which is
// what scipy.optimize.root(method='hybr') and fsolve call when given the Jacobian:
// - a trust region of radius Δ in the scaled unknowns D x, and a dogleg step inside it between the
//   Gauss-Newton step (R p = -Qᵀf) and the scaled steepest-descent step;
// - the Jacobian is evaluated (and factored, J = Q R) only at the start and after two failed
//   steps in a row; in between, each step updates Q and R by Broyden's rank-one formula;
// - D follows the largest column norms seen (mode 1) unless it is given (mode 2);
// - hybrj's tests end the run: Δ ≤ xtol ‖D x‖ or f = 0 (converged), the evaluation budget, xtol
//   too small for rounding, and two tests of progress.
// Written from the guide's description of the algorithm; this file knows nothing about tensors.
// Matrices are column-major (entry (i, j) of an n×n matrix at `j * n + i`); R is kept packed by
// rows (its upper triangle, row i holding r(i, i..n-1)), as hybrj keeps it.

import type { SolverRun } from './solver-run';
import { euclideanNorm, scaledNorm } from './vector';

const EPSILON = 2.220446049250313e-16;

export interface HybridSettings {
  /** The run stops when the trust radius is at most xtol ‖D x‖ (relative change of x). */
  readonly xtol: number;
  /** The most evaluations of the residuals (Jacobian evaluations not counted). */
  readonly maxEvaluations: number;
  /** The initial radius is factor ‖D x0‖ (factor when that is 0). */
  readonly factor: number;
  /** A fixed scaling D (MINPACK's mode 2); null: D follows the Jacobian's column norms. */
  readonly scale: Float64Array | null;
}

export interface HybridResult {
  readonly x: Float64Array;
  /** The residuals at x. */
  readonly residuals: Float64Array;
  /** Q of the final (updated) factorization J ≈ Q R, n×n column-major. */
  readonly q: Float64Array;
  /** R of that factorization, its upper triangle packed by rows (n(n+1)/2 entries). */
  readonly r: Float64Array;
  /** Qᵀ f at x. */
  readonly qtf: Float64Array;
  readonly evaluations: number;
  readonly jacobianEvaluations: number;
  /** hybrj's info: 1 converged, 2 evaluation budget spent, 3 xtol too small, 4 and 5 no progress. */
  readonly status: 1 | 2 | 3 | 4 | 5;
}

/** hybrj as a generator of the evaluations it needs (see SolverRun): residuals at trial points,
 * residuals and Jacobian where the Jacobian is (re)computed. */
export function* powellHybridRun(n: number, x0: Float64Array, settings: HybridSettings): SolverRun<HybridResult> {
  const { xtol, maxEvaluations, factor } = settings;
  const x = x0.slice();
  const fixedScale = settings.scale !== null;
  const scale = fixedScale ? settings.scale!.slice() : new Float64Array(n);
  const residuals = new Float64Array(n);
  const jac = new Float64Array(n * n); // J, then its QR factors, then Q
  const r = new Float64Array((n * (n + 1)) / 2);
  const qtf = new Float64Array(n);
  const diagonal = new Float64Array(n);
  const columnNorms = new Float64Array(n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const work = new Float64Array(n);
  const trialResiduals = new Float64Array(n);

  const start = yield { x: x.slice(), wantJacobian: () => false };
  residuals.set(start.residuals);
  start.release?.();
  let evaluations = 1;
  let jacobianEvaluations = 0;
  let residualNorm = euclideanNorm(residuals);
  let iteration = 1;
  let successes = 0, failures = 0, slowSteps = 0, slowJacobians = 0;
  let radius = 0, xNorm = 0;
  let status: HybridResult['status'] | 0 = 0;

  outer: for (;;) {
    // A fresh Jacobian at x, factored: J = Q R.
    let freshJacobian = true;
    const atX = yield { x: x.slice(), wantJacobian: () => true };
    jacobianEvaluations++;
    jac.set(atX.jacobian!);
    atX.release?.();
    householderQR(jac, n, diagonal, columnNorms);
    if (iteration === 1) {
      if (!fixedScale) for (let j = 0; j < n; j++) scale[j] = columnNorms[j] === 0 ? 1 : columnNorms[j]!;
      xNorm = scaledNorm(x, scale);
      radius = factor * xNorm;
      if (radius === 0) radius = factor;
    }
    // Qᵀ f, applying the Householder reflections stored below R's diagonal.
    qtf.set(residuals);
    for (let j = 0; j < n; j++) {
      const pivot = jac[j * n + j]!;
      if (pivot === 0) continue;
      let sum = 0;
      for (let i = j; i < n; i++) sum += jac[j * n + i]! * qtf[i]!;
      const t = -sum / pivot;
      for (let i = j; i < n; i++) qtf[i]! += jac[j * n + i]! * t;
    }
    for (let j = 0; j < n; j++) {
      let l = j;
      for (let i = 0; i < j; i++) {
        r[l] = jac[j * n + i]!;
        l += n - i - 1;
      }
      r[l] = diagonal[j]!;
    }
    accumulateQ(jac, n);
    if (!fixedScale) for (let j = 0; j < n; j++) scale[j] = Math.max(scale[j]!, columnNorms[j]!);

    for (;;) {
      dogleg(n, r, scale, qtf, radius, step);
      for (let j = 0; j < n; j++) {
        step[j] = -step[j]!;
        trial[j] = x[j]! + step[j]!;
      }
      const stepNorm = scaledNorm(step, scale);
      if (iteration === 1) radius = Math.min(radius, stepNorm);
      const atTrial = yield { x: trial.slice(), wantJacobian: () => false };
      evaluations++;
      trialResiduals.set(atTrial.residuals);
      atTrial.release?.();
      const trialNorm = euclideanNorm(trialResiduals);
      // A NaN at the trial point compares false everywhere: a failed step, and the radius shrinks.
      const actual = trialNorm < residualNorm ? 1 - (trialNorm / residualNorm) ** 2 : -1;
      // The linear model's residual at the step, Qᵀf + R p (kept in `work` for the update below).
      let l = 0;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = i; j < n; j++) sum += r[l++]! * step[j]!;
        work[i] = qtf[i]! + sum;
      }
      const modelNorm = euclideanNorm(work);
      const predicted = modelNorm < residualNorm ? 1 - (modelNorm / residualNorm) ** 2 : 0;
      const ratio = predicted > 0 ? actual / predicted : 0;
      if (ratio < 0.1) {
        successes = 0;
        failures++;
        radius *= 0.5;
      } else {
        failures = 0;
        successes++;
        if (ratio >= 0.5 || successes > 1) radius = Math.max(radius, stepNorm / 0.5);
        if (Math.abs(ratio - 1) <= 0.1) radius = stepNorm / 0.5;
      }
      if (ratio >= 1e-4) {
        x.set(trial);
        residuals.set(trialResiduals);
        xNorm = scaledNorm(x, scale);
        residualNorm = trialNorm;
        iteration++;
      }
      slowSteps = actual >= 1e-3 ? 0 : slowSteps + 1;
      if (freshJacobian) slowJacobians++;
      if (actual >= 0.1) slowJacobians = 0;
      if (radius <= xtol * xNorm || residualNorm === 0) status = 1;
      else {
        // (In hybrj's order: a later test that also holds gives the status.)
        if (evaluations >= maxEvaluations) status = 2;
        if (0.1 * Math.max(0.1 * radius, stepNorm) <= EPSILON * xNorm) status = 3;
        if (slowJacobians === 5) status = 4;
        if (slowSteps === 10) status = 5;
      }
      if (status !== 0) break outer;
      if (failures === 2) continue outer; // two failures in a row: evaluate the Jacobian again

      // Broyden's update of J = Q R along the scaled step: R + v uᵀ, then Q and Qᵀf rotated with it.
      const u = trial; // (the trial point is no longer needed)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += jac[j * n + i]! * trialResiduals[i]!;
        diagonal[j] = (sum - work[j]!) / stepNorm;
        u[j] = scale[j]! * ((scale[j]! * step[j]!) / stepNorm);
        if (ratio >= 1e-4) qtf[j] = sum;
      }
      rankOneUpdate(n, r, u, diagonal, work);
      applyRotations(n, n, jac, diagonal, work);
      applyRotations(1, n, qtf, diagonal, work);
      freshJacobian = false;
    }
  }
  return { x, residuals, q: jac, r, qtf, evaluations, jacobianEvaluations, status };
}

/**
 * Householder QR of the n×n column-major `a` in place, without pivoting (MINPACK's qrfac): R's
 * strict upper triangle above the diagonal, R's diagonal in `diagonal`, and each reflection's vector
 * on and below the diagonal. `columnNorms` gets the norms of a's columns before.
 */
function householderQR(a: Float64Array, n: number, diagonal: Float64Array, columnNorms: Float64Array): void {
  for (let j = 0; j < n; j++) columnNorms[j] = euclideanNorm(a, j * n, n);
  for (let j = 0; j < n; j++) {
    const col = j * n;
    // The reflection that takes column j (from the diagonal down) to a multiple of e_j.
    let norm = euclideanNorm(a, col + j, n - j);
    if (norm !== 0) {
      if (a[col + j]! < 0) norm = -norm;
      for (let i = j; i < n; i++) a[col + i]! /= norm;
      a[col + j]! += 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < n; i++) sum += a[col + i]! * a[k * n + i]!;
        const t = sum / a[col + j]!;
        for (let i = j; i < n; i++) a[k * n + i]! -= t * a[col + i]!;
      }
    }
    diagonal[j] = -norm;
  }
}

/** Replaces the factored `a` (householderQR's output) by Q, accumulating the reflections
 * backwards (MINPACK's qform). */
function accumulateQ(a: Float64Array, n: number): void {
  for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) a[j * n + i] = 0;
  const v = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    for (let i = k; i < n; i++) {
      v[i] = a[k * n + i]!;
      a[k * n + i] = 0;
    }
    a[k * n + k] = 1;
    if (v[k] === 0) continue;
    for (let j = k; j < n; j++) {
      let sum = 0;
      for (let i = k; i < n; i++) sum += a[j * n + i]! * v[i]!;
      const t = sum / v[k]!;
      for (let i = k; i < n; i++) a[j * n + i]! -= t * v[i]!;
    }
  }
}

/**
 * The dogleg step (MINPACK's dogleg), written to `out`: the point inside ‖D p‖ ≤ radius on the
 * path from the scaled steepest-descent minimizer to the Gauss-Newton step x with R x = Qᵀf (a zero
 * diagonal of R is replaced by a tiny multiple of its column's largest entry). The caller negates
 * it: these are steps for R p = Qᵀf.
 */
function dogleg(n: number, r: Float64Array, scale: Float64Array, qtb: Float64Array, radius: number, out: Float64Array): void {
  let jj = (n * (n + 1)) / 2;
  for (let k = 1; k <= n; k++) {
    const j = n - k;
    jj -= k; // R's diagonal entry (j, j)
    let sum = 0;
    for (let i = j + 1, l = jj + 1; i < n; i++, l++) sum += r[l]! * out[i]!;
    let pivot = r[jj]!;
    if (pivot === 0) {
      for (let i = 0, l = j; i <= j; i++) {
        pivot = Math.max(pivot, Math.abs(r[l]!));
        l += n - i - 1;
      }
      pivot = pivot === 0 ? EPSILON : EPSILON * pivot;
    }
    out[j] = (qtb[j]! - sum) / pivot;
  }
  const gaussNewtonNorm = scaledNorm(out, scale);
  if (gaussNewtonNorm <= radius) return;

  // The scaled gradient direction D⁻¹ Rᵀ Qᵀf.
  const gradient = new Float64Array(n);
  for (let j = 0, l = 0; j < n; j++) {
    const t = qtb[j]!;
    for (let i = j; i < n; i++) gradient[i]! += r[l++]! * t;
    gradient[j]! /= scale[j]!;
  }
  const gradientNorm = euclideanNorm(gradient);
  let steepestNorm = 0;
  let alpha = radius / gaussNewtonNorm;
  if (gradientNorm !== 0) {
    // The minimizer of the linear model along the scaled gradient, at distance steepestNorm.
    for (let j = 0; j < n; j++) gradient[j] = gradient[j]! / gradientNorm / scale[j]!;
    const rg = new Float64Array(n);
    for (let j = 0, l = 0; j < n; j++) {
      let sum = 0;
      for (let i = j; i < n; i++) sum += r[l++]! * gradient[i]!;
      rg[j] = sum;
    }
    const rgNorm = euclideanNorm(rg);
    steepestNorm = gradientNorm / rgNorm / rgNorm;
    alpha = 0;
    if (steepestNorm < radius) {
      // The point of the dogleg path at distance radius.
      const bNorm = euclideanNorm(qtb);
      const q = radius / gaussNewtonNorm;
      const s = steepestNorm / radius;
      let t = (bNorm / gradientNorm) * (bNorm / gaussNewtonNorm) * s;
      t = t - q * s * s + Math.sqrt((t - q) ** 2 + (1 - q * q) * (1 - s * s));
      alpha = (q * (1 - s * s)) / t;
    }
  }
  const t = (1 - alpha) * Math.min(steepestNorm, radius);
  for (let j = 0; j < n; j++) out[j] = t * gradient[j]! + alpha * out[j]!;
}

/** The cosine and sine a stored rotation code stands for (MINPACK's convention: |code| > 1 is
 * 1/cos, otherwise sin; cos ≥ 0 either way). */
function rotation(code: number): [number, number] {
  if (Math.abs(code) > 1) {
    const cos = 1 / code;
    return [cos, Math.sqrt(1 - cos * cos)];
  }
  return [Math.sqrt(1 - code * code), code];
}

/** The rotation [cos, sin, code] that zeroes `b` against `a` (a·sin − ... as MINPACK computes it). */
function givens(a: number, b: number): [number, number, number] {
  if (Math.abs(a) < Math.abs(b)) {
    const cotan = a / b;
    const sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
    const cos = sin * cotan;
    return [cos, sin, Math.abs(cos) * Number.MAX_VALUE > 1 ? 1 / cos : 1];
  }
  const tan = b / a;
  const cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
  const sin = cos * tan;
  return [cos, sin, sin];
}

/**
 * R ← R + v uᵀ, kept upper triangular (MINPACK's r1updt on S = Rᵀ): rotations in planes (j, n-1)
 * turn v into a multiple of e_{n-1}, leaving a spike in R's last row; after the rank-one term,
 * rotations in planes (j, n-1) remove the spike again. `v` returns the first rotations' codes (and
 * its last entry the multiple), `w` the second's: applyRotations applies both to Q. Returns
 * whether R came out with a zero on its diagonal.
 */
function rankOneUpdate(n: number, r: Float64Array, u: Float64Array, v: Float64Array, w: Float64Array): boolean {
  const last = n - 1;
  let jj = (n * (n + 1)) / 2 - 1; // R's entry (n-1, n-1)
  w[last] = r[jj]!;
  for (let j = last - 1; j >= 0; j--) {
    jj -= n - j; // R's entry (j, j)
    w[j] = 0;
    if (v[j] === 0) continue;
    const [cos, sin, code] = givens(v[last]!, v[j]!);
    v[last] = sin * v[j]! + cos * v[last]!;
    v[j] = code;
    for (let i = j, l = jj; i < n; i++, l++) {
      const t = cos * r[l]! - sin * w[i]!;
      w[i] = sin * r[l]! + cos * w[i]!;
      r[l] = t;
    }
  }
  for (let i = 0; i < n; i++) w[i]! += v[last]! * u[i]!;
  let singular = false;
  for (let j = 0; j < last; j++) {
    if (w[j] !== 0) {
      const [cos, sin, code] = givens(r[jj]!, w[j]!);
      for (let i = j, l = jj; i < n; i++, l++) {
        const t = cos * r[l]! + sin * w[i]!;
        w[i] = -sin * r[l]! + cos * w[i]!;
        r[l] = t;
      }
      w[j] = code;
    }
    if (r[jj] === 0) singular = true;
    jj += n - j;
  }
  r[jj] = w[last]!;
  return singular || r[jj] === 0;
}

/** A ← A Q for the m×n column-major `a` (leading dimension m), Q the product of rankOneUpdate's
 * rotations as coded in `v` and `w` (MINPACK's r1mpyq). */
function applyRotations(m: number, n: number, a: Float64Array, v: Float64Array, w: Float64Array): void {
  const last = (n - 1) * m;
  for (let j = n - 2; j >= 0; j--) {
    const [cos, sin] = rotation(v[j]!);
    for (let i = 0; i < m; i++) {
      const t = cos * a[j * m + i]! - sin * a[last + i]!;
      a[last + i] = sin * a[j * m + i]! + cos * a[last + i]!;
      a[j * m + i] = t;
    }
  }
  for (let j = 0; j < n - 1; j++) {
    const [cos, sin] = rotation(w[j]!);
    for (let i = 0; i < m; i++) {
      const t = cos * a[j * m + i]! + sin * a[last + i]!;
      a[last + i] = -sin * a[j * m + i]! + cos * a[last + i]!;
      a[j * m + i] = t;
    }
  }
}
