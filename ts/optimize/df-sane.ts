// DF-SANE (La Cruz, Martínez and Raydan, "Spectral residual method without gradient information
// for solving large-scale nonlinear systems of equations", Math. Comp. 75, 2006) as scipy 1.17 runs
// it for root(method='df-sane') (scipy/optimize/_spectral.py): steps ±α σ F(x) along the residual
// itself, σ the spectral (Barzilai-Borwein) coefficient sᵀs / sᵀy, α from a nonmonotone line search
// on ‖F‖² ('cruz', the paper's, or 'cheng': Cheng and Li, IMA J. Numer. Anal. 29, 2009). Step for
// step as scipy, with numpy's norm and vdot as OpenBLAS's ddot computes them. Plain numbers.

import { ddot } from './openblas';
import { pyMax } from './python-minmax';

export interface DfSaneSettings {
  /** Converged when ‖F(x)‖ < ftol ‖F(x0)‖ + fatol. */
  ftol: number;
  fatol: number;
  /** The norm of that test; null: the 2-norm. */
  fnorm: ((f: Float64Array) => number) | null;
  /** The most evaluations of F, the first included. */
  maxEvaluations: number;
  /** The nonmonotone search compares with the largest of the last M values of ‖F‖². */
  M: number;
  /** η_k, the growth of ‖F‖² allowed at iteration k; null: ‖F(x0)‖² / (1 + k)². */
  etaStrategy: ((k: number, x: Float64Array, f: Float64Array) => number) | null;
  /** σ is kept in [sigmaEps, 1/sigmaEps] in magnitude. */
  sigmaEps: number;
  sigma0: number;
  lineSearch: 'cruz' | 'cheng';
  /** scipy's disp: called with each iteration's line. */
  report: ((line: string) => void) | null;
  /** Python's `{:g}`, for `report`. */
  formatG: (v: number) => string;
}

export interface DfSaneResult {
  x: Float64Array;
  fun: Float64Array;
  converged: boolean;
  /** Iterations (accepted steps). */
  nit: number;
  /** Evaluations of F. */
  nfev: number;
}

/** ‖F‖², as np.linalg.norm(F)**2: the square root of ddot(F, F), squared. */
function merit(f: Float64Array): number {
  const norm = Math.sqrt(ddot(f.length, f, 0, f, 0));
  return norm * norm;
}

/** np.clip(value, low, high) of scalars: NaN stays NaN. */
const clip = (value: number, low: number, high: number): number => (Number.isNaN(value) ? value : Math.min(Math.max(value, low), high));

/** The evaluation budget ran out inside a line search (scipy's _NoConvergence). */
class OutOfEvaluations extends Error {}

export function dfSane(evaluate: (x: Float64Array) => Float64Array, x0: Float64Array, s: DfSaneSettings): DfSaneResult {
  let nfev = 1;
  let xk: Float64Array = x0.slice();
  let fk: Float64Array = evaluate(xk);
  let meritK = merit(fk);
  /** F at x and its merit, counting the evaluation; past the budget, the run ends. */
  const f = (x: Float64Array): [number, Float64Array] => {
    if (nfev >= s.maxEvaluations) throw new OutOfEvaluations();
    nfev++;
    const value = evaluate(x);
    return [merit(value), value];
  };
  const merit0 = meritK;
  // The default norm is √ of the current merit (scipy's reads it from the enclosing scope).
  const fnorm = s.fnorm ?? (() => Math.sqrt(meritK));
  const eta = s.etaStrategy ?? ((k: number) => merit0 / ((1 + k) * (1 + k)));
  let sigma = s.sigma0;
  const f0Norm = fnorm(fk);
  const previousMerits = [meritK]; // 'cruz': the last M
  let Q = 1.0; // 'cheng'
  let C = merit0;
  let converged = false;
  let k = 0;
  for (;;) {
    const fkNorm = fnorm(fk);
    s.report?.(`iter ${k}: ||F|| = ${s.formatG(fkNorm)}, sigma = ${s.formatG(sigma)}`);
    if (fkNorm < s.ftol * f0Norm + s.fatol) {
      converged = true;
      break;
    }
    // Keep σ's magnitude in [sigmaEps, 1/sigmaEps] (La Cruz, Opt. Meth. Software 29, 2014).
    if (Math.abs(sigma) > 1 / s.sigmaEps) sigma = (1 / s.sigmaEps) * Math.sign(sigma);
    else if (Math.abs(sigma) < s.sigmaEps) sigma = s.sigmaEps;
    const d = fk.map((v) => -sigma * v);
    const etaK = eta(k, xk, fk);
    let step: { xp: Float64Array; meritP: number; fp: Float64Array };
    try {
      if (s.lineSearch === 'cruz') {
        const largest = previousMerits.reduce((m, v) => pyMax(m, v));
        step = nonmonotoneSearch(f, xk, d, previousMerits[previousMerits.length - 1]!, largest, etaK);
      } else {
        step = nonmonotoneSearch(f, xk, d, meritK, C, etaK);
        // Cheng and Li's reference value: a running weighted mean of the accepted merits.
        const nu = 0.85;
        const nextQ = nu * Q + 1;
        C = (nu * Q * (C + etaK) + step.meritP) / nextQ;
        Q = nextQ;
      }
    } catch (e) {
      if (e instanceof OutOfEvaluations) break;
      throw e;
    }
    const { xp, meritP, fp } = step;
    // The spectral coefficient sᵀs / sᵀy of the step s and the change y of F.
    const sk = xp.map((v, i) => v - xk[i]!);
    const yk = fp.map((v, i) => v - fk[i]!);
    sigma = ddot(sk.length, sk, 0, sk, 0) / ddot(sk.length, sk, 0, yk, 0);
    xk = xp;
    fk = fp;
    meritK = meritP;
    if (s.lineSearch === 'cruz') {
      previousMerits.push(meritP);
      if (previousMerits.length > s.M) previousMerits.shift();
    }
    k++;
  }
  return { x: xk, fun: fk, converged, nit: k, nfev };
}

/** The nonmonotone line search of both papers: the first of x + α₊d, x - α₋d (α± from 1, each
 * shrunk to the minimizer of a quadratic model, clipped to [0.1α, 0.5α]) whose merit is at most
 * reference + η - γ α² ‖F(x)‖², where `reference` is the largest recent merit ('cruz') or Cheng
 * and Li's C; `meritK` is ‖F(x)‖². */
function nonmonotoneSearch(
  f: (x: Float64Array) => [number, Float64Array],
  xk: Float64Array,
  d: Float64Array,
  meritK: number,
  reference: number,
  eta: number,
): { xp: Float64Array; meritP: number; fp: Float64Array } {
  const gamma = 1e-4;
  const tauMin = 0.1;
  const tauMax = 0.5;
  let alphaP = 1;
  let alphaM = 1;
  for (;;) {
    let xp = xk.map((v, i) => v + alphaP * d[i]!);
    let [meritP, fp] = f(xp);
    if (meritP <= reference + eta - gamma * (alphaP * alphaP) * meritK) return { xp, meritP, fp };
    const alphaTp = ((alphaP * alphaP) * meritK) / (meritP + (2 * alphaP - 1) * meritK);
    xp = xk.map((v, i) => v - alphaM * d[i]!);
    [meritP, fp] = f(xp);
    if (meritP <= reference + eta - gamma * (alphaM * alphaM) * meritK) return { xp, meritP, fp };
    const alphaTm = ((alphaM * alphaM) * meritK) / (meritP + (2 * alphaM - 1) * meritK);
    alphaP = clip(alphaTp, tauMin * alphaP, tauMax * alphaP);
    alphaM = clip(alphaTm, tauMin * alphaM, tauMax * alphaM);
  }
}
