// BFGS with a dense inverse-Hessian estimate as scipy 1.17's _minimize_bfgs runs it, step for step
// (Nocedal and Wright, Numerical Optimization, 2nd ed., algorithm 6.1 and formula 6.17): H₀ = I
// (scipy 1.17 neither rescales it after the first step nor, by default, takes another), the
// direction p = -H g, scipy's Wolfe line search (wolfe-line-search.ts: dcsrch with c1 = 1e-4,
// c2 = 0.9, steps within [1e-100, 1e100], the Nocedal-Wright zoom when it finds no step) whose
// first trial step comes from the previous decrease of f (at the start, as if f had dropped by
// ‖g‖/2), termination on a norm of the gradient or on a step below xrtol relative to x, and the
// update H ← (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ, which scipy skips after the last step. Up to
// NUMPY_ORDER_MAX parameters the products H g and the update's two matrix products are numpy's
// (numpy-matrix-products.ts), so the iterates are scipy's to the last bit; above, where numpy's
// BLAS order is not followed exactly anyway, H g is a plain product and the update the same
// formula expanded to a rank-two change, O(n²) instead of two O(n³) products with emulated
// fused multiply-adds (200 parameters: 0.1 s instead of 87 s).
// One addition (shortenNonFinite, off for basinhopping's local minimizations, which are scipy's):
// where f is not finite along the direction and scipy's search fails or ends there (scipy then
// stops with precision loss, at a point where f may be NaN), the search is run again on a
// direction a quarter as long, until it ends at a finite value; runs where f stays finite are
// untouched.
// Plain Float64Array; this file knows nothing about tensors.

import type { GradientRunOutcome } from './cg';
import { numpyMatrixProduct, numpyMatrixVector } from './numpy-matrix-products';
import { ScalarFunction, type Objective } from './scalar-function';
import { dot, vectorNorm } from './vector';
import { wolfeLineSearch } from './wolfe-line-search';
import { STATUS_MESSAGE as M } from './status-messages';

export interface BfgsSettings {
  readonly gtol: number;
  /** The order of the gradient's norm that gtol bounds: Infinity (the largest entry), -Infinity
   * (the smallest) or p. */
  readonly norm: number;
  /** Stop when the step's length is at most xrtol·(xrtol + ‖x‖). */
  readonly xrtol: number;
  readonly maxIterations: number;
  /** Not scipy's: the values of f allowed before an iteration starts. */
  readonly maxEvaluations: number;
  /** Not scipy's: shorten a direction along which the search ends where f is not finite. */
  readonly shortenNonFinite: boolean;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradientNorm: number, evaluations: number) => boolean;
}

/** scipy's messages, by status (5 and 99 are gradtape's). */
export const BFGS_MESSAGES = { 0: M.success, 1: M.maxiter, 2: M.prLoss, 3: M.nan, 5: M.maxfev, 99: M.stopped } as const;

/** ρ when sᵀy is exactly 0 (scipy's stand-in for "large"). */
const RHO_WHEN_FLAT = 1000.0;
/** Quarterings of a direction along which f is not finite before the search gives up (4^-30 ≈ 1e-18). */
const MAX_SHORTENINGS = 30;

/** scipy's line_search_wolfe12 as _minimize_bfgs calls it. */
const LINE_SEARCH = { c1: 1e-4, c2: 0.9, amin: 1e-100, amax: 1e100, fallbackAmax: 1e100 } as const;

/** BFGS's n×n inverse Hessian (zeros), or an error that says what to use when it does not fit. */
function denseInverseHessian(n: number): Float64Array {
  try {
    return new Float64Array(n * n);
  } catch {
    const gib = (n * n * 8) / 2 ** 30;
    throw new Error(`minimize: 'bfgs' keeps an n×n inverse Hessian, ${gib.toFixed(gib < 10 ? 1 : 0)} GiB for ${n} parameters, which does not fit in memory; use 'lbfgs' or 'cg', which keep O(n) numbers.`);
  }
}

/** BFGS from x0; also returns the final inverse-Hessian estimate H (row-major n×n). */
export function bfgs(objective: Objective, x0: Float64Array, s: BfgsSettings): GradientRunOutcome & { hessInv: Float64Array } {
  const n = x0.length;
  let nonFiniteSeen = false;
  const watched: Objective = (x, wantGradient) => {
    const out = objective(x, wantGradient);
    if (!Number.isFinite(out[0])) nonFiniteSeen = true;
    return out;
  };
  const sf = new ScalarFunction(watched, x0);
  let xk: Float64Array = Float64Array.from(x0);
  let fk = sf.value(xk);
  let gk = sf.gradient(xk);
  let H: Float64Array = denseInverseHessian(n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  // The first trial step is as if the previous iteration had reduced f by ‖g‖/2 (a step of about 1).
  let fPrevious = fk + Math.sqrt(dot(gk, gk)) / 2;
  let gnorm = vectorNorm(gk, s.norm);
  let k = 0;
  let precisionLost = false;
  let outOfEvaluations = false;
  let stopped = false;

  while (gnorm > s.gtol && k < s.maxIterations) {
    if (sf.evaluations >= s.maxEvaluations) {
      outOfEvaluations = true;
      break;
    }
    let pk = (n <= NUMPY_ORDER_MAX ? numpyMatrixVector(H, gk, n) : matrixVector(H, gk, n)).map((v) => -v);
    nonFiniteSeen = false;
    let step = wolfeLineSearch(sf, xk, pk, gk, fk, fPrevious, LINE_SEARCH);
    for (let shortenings = 0; s.shortenNonFinite && nonFiniteSeen && (step === null || !Number.isFinite(step.value)) && shortenings < MAX_SHORTENINGS; shortenings++) {
      pk = pk.map((v) => v / 4);
      nonFiniteSeen = false;
      step = wolfeLineSearch(sf, xk, pk, gk, fk, fPrevious, LINE_SEARCH);
    }
    if (step === null) {
      precisionLost = true;
      break;
    }
    fPrevious = fk;
    fk = step.value;
    const alpha = step.step;
    const sk = pk.map((v) => alpha * v);
    xk = xk.map((v, i) => v + sk[i]!);
    // (The fallback search may return its last step without the gradient there.)
    const gNew = step.gradient ?? sf.gradient(xk);
    const yk = gNew.map((v, i) => v - gk[i]!);
    gk = gNew;
    k++;
    gnorm = vectorNorm(gk, s.norm);
    if (s.onIteration && s.onIteration(k, xk, fk, gnorm, sf.evaluations) === false) {
      stopped = true;
      break;
    }
    if (gnorm <= s.gtol) break;
    if (alpha * vectorNorm(pk, 2) <= s.xrtol * (s.xrtol + vectorNorm(xk, 2))) break;
    if (!Number.isFinite(fk)) {
      // f went to ±Infinity (or NaN): scipy calls it precision loss.
      precisionLost = true;
      break;
    }
    const curvature = dot(yk, sk);
    const rho = curvature === 0 ? RHO_WHEN_FLAT : 1.0 / curvature;
    H = updatedInverse(H, sk, yk, rho);
  }

  let status: keyof typeof BFGS_MESSAGES;
  if (stopped) status = 99;
  else if (precisionLost) status = 2;
  else if (outOfEvaluations) status = 5;
  else if (k >= s.maxIterations) status = 1;
  else if (Number.isNaN(gnorm) || Number.isNaN(fk) || xk.some(Number.isNaN)) status = 3;
  else status = 0;
  return {
    x: xk, f: fk, g: gk, iterations: k, evaluations: sf.evaluations, gradientEvaluations: sf.gradientEvaluations,
    status, message: BFGS_MESSAGES[status], hessInv: H,
  };
}

/** The most parameters for which numpy's order of operations is followed (above it, OpenBLAS's
 * edge kernels differ from numpy-matrix-products.ts in a few last bits). */
const NUMPY_ORDER_MAX = 8;

/** A·v for a row-major n×n A. */
function matrixVector(a: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a[i * n + j]! * v[j]!;
    out[i] = sum;
  }
  return out;
}

/** (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ: as numpy forms it up to NUMPY_ORDER_MAX parameters,
 * above as H - ρ (H y) sᵀ - ρ s (yᵀ H) + (ρ² yᵀ H y + ρ) s sᵀ. */
function updatedInverse(H: Float64Array, sk: Float64Array, yk: Float64Array, rho: number): Float64Array {
  const n = sk.length;
  if (n > NUMPY_ORDER_MAX) return rankTwoUpdate(H, sk, yk, rho);
  const left = new Float64Array(n * n);
  const right = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const identity = i === j ? 1 : 0;
      left[i * n + j] = identity - sk[i]! * yk[j]! * rho;
      right[i * n + j] = identity - yk[i]! * sk[j]! * rho;
    }
  }
  const out = numpyMatrixProduct(left, numpyMatrixProduct(H, right, n), n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + rho * sk[i]! * sk[j]!;
  }
  return out;
}

/** The BFGS update expanded: H - ρ (H y) sᵀ - ρ s (yᵀ H) + (ρ² yᵀ H y + ρ) s sᵀ, in O(n²). */
function rankTwoUpdate(H: Float64Array, sk: Float64Array, yk: Float64Array, rho: number): Float64Array {
  const n = sk.length;
  const hy = matrixVector(H, yk, n);
  const yh = new Float64Array(n); // yᵀ H (H may have drifted from symmetric)
  for (let i = 0; i < n; i++) {
    const y = yk[i]!;
    for (let j = 0; j < n; j++) yh[j] = yh[j]! + y * H[i * n + j]!;
  }
  const ss = rho * rho * dot(yk, hy) + rho;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const si = sk[i]!;
    const hyi = hy[i]!;
    for (let j = 0; j < n; j++) out[i * n + j] = H[i * n + j]! - rho * hyi * sk[j]! - rho * si * yh[j]! + ss * si * sk[j]!;
  }
  return out;
}
