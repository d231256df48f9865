// 'trust-exact''s subproblem, as scipy 1.17's IterativeSubproblem: the nearly exact solution of
// min m(p) over ‖p‖ <= Δ (Moré and Sorensen; Conn, Gould and Toint, section 7.3). The minimizer is
// p(λ) = -(H + λI)⁻¹g for the λ >= 0 that makes H + λI positive semidefinite and either λ = 0
// with ‖p‖ <= Δ, or ‖p(λ)‖ = Δ. λ is found by safeguarded Newton steps on 1/‖p(λ)‖ - 1/Δ
// (Nocedal and Wright's formula 4.44) inside an interval [λ_lb, λ_ub] that starts from
// Gershgorin's bounds and shrinks with every Cholesky factorization, failed ones included. Inside
// the boundary the "hard case" is handled by moving along an estimate of H + λI's most singular
// direction (Cline, Moler, Stewart and Wilkinson's estimate) to the boundary. It stops when
// ‖p‖ is within k_easy = 0.1 of Δ, or that move changes the model by at most k_hard = 0.2 of
// its scale, or after `maxIterations` factorizations (scipy's subproblem_maxiter, default 25).

import { ddot, dnrm2, dpotrf, dpotrs, dtrtrs } from './openblas';
import { numpyMatrixVector } from './numpy-matrix-products';
import { pyMax, pyMin } from './python-minmax';
import { boundaryIntersections, LinearAlgebraError, type LocalModel, type Subproblem } from './trust-region';
import { columnMajor, mapVector, numpySum } from './vector';

const EPSILON = 2.220446049250313e-16;
/** The safeguard's weight θ (Conn, Gould and Toint, formula 7.3.14): a new λ is at least
 * λ_lb + θ (λ_ub - λ_lb). */
const UPDATE_COEFF = 0.01;
const K_EASY = 0.1;
const K_HARD = 0.2;

/** Python's max over several numbers (the first of equal largest; NaN only when first). */
const pyMaxOf = (...v: number[]): number => v.reduce(pyMax);
const pyMinOf = (...v: number[]): number => v.reduce(pyMin);

/** The upper triangular U of H = UᵀU (column-major, the strictly lower part zero as scipy's
 * potrf(clean=True) leaves it) and LAPACK's info: 0, or the order of the first leading minor
 * that is not positive definite. */
function cholesky(h: Float64Array, n: number): { u: Float64Array; info: number } {
  const u = columnMajor(h, n);
  const info = dpotrf(n, u, 0, n);
  for (let j = 0; j < n; j++) for (let i = j + 1; i < n; i++) u[j * n + i] = 0;
  return { u, info };
}

/**
 * The smallest singular value of the upper triangular U (column-major) and its right singular
 * vector, estimated in O(n²): pick e ∈ {±1}ⁿ greedily so that w solving Uᵀw = e is large (Golub
 * and Van Loan, algorithm 3.5.1), then solve U v = w; then σ_min ≈ ‖w‖/‖v‖ and z ≈ v/‖v‖.
 */
function smallestSingularValue(u: Float64Array, n: number): { sMin: number; zMin: Float64Array } {
  const partial = new Float64Array(n); // Σ_{i<k} U[i, k] w_i, updated as w fills in
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const diagonal = u[k * n + k]!;
    const wPlus = (1 - partial[k]!) / diagonal;
    const wMinus = (-1 - partial[k]!) / diagonal;
    const rest = n - k - 1;
    const plus = new Float64Array(rest);
    const minus = new Float64Array(rest);
    for (let j = 0; j < rest; j++) {
      const ukj = u[(k + 1 + j) * n + k]!;
      plus[j] = partial[k + 1 + j]! + ukj * wPlus;
      minus[j] = partial[k + 1 + j]! + ukj * wMinus;
    }
    const l1 = (v: Float64Array) => numpySum(v.map(Math.abs));
    const choosePlus = Math.abs(wPlus) + l1(plus) >= Math.abs(wMinus) + l1(minus);
    w[k] = choosePlus ? wPlus : wMinus;
    partial.set(choosePlus ? plus : minus, k + 1);
  }
  const v = Float64Array.from(w);
  dtrtrs('N', n, 1, u, 0, n, v, 0, n);
  const vNorm = dnrm2(n, v, 0);
  const wNorm = dnrm2(n, w, 0);
  return { sMin: wNorm / vNorm, zMin: mapVector(v, (e) => e / vNorm) };
}

/**
 * For H whose Cholesky factorization failed at its k-th leading minor (U holding the first k-1
 * columns' factor): the δ that added to H[k-1, k-1] makes that minor singular, and v with
 * vᵀ(H + δ e_k e_kᵀ)v = 0. Then λ + δ/‖v‖² bounds from below the λ that make H + λI semidefinite.
 */
function singularLeadingSubmatrix(h: Float64Array, u: Float64Array, n: number, k: number): { delta: number; v: Float64Array } {
  const column = u.subarray((k - 1) * n, (k - 1) * n + k - 1); // U[0:k-1, k-1]
  const delta = numpySum(column.map((e) => e * e)) - h[(k - 1) * n + (k - 1)]!;
  const v = new Float64Array(n);
  v[k - 1] = 1;
  if (k !== 1) {
    // U[0:k-1, 0:k-1] v[0:k-1] = -U[0:k-1, k-1]
    const head = mapVector(column, (e) => -e);
    dtrtrs('N', k - 1, 1, u, 0, n, head, 0, k - 1);
    v.set(head);
  }
  return { delta, v };
}

/** H + λI, row-major. */
function shifted(h: Float64Array, n: number, lambda: number): Float64Array {
  const out = Float64Array.from(h);
  for (let i = 0; i < n; i++) out[i * n + i] = h[i * n + i]! + lambda;
  return out;
}

/** The subproblem solver for `maxIterations` factorizations per solve. */
export function nearlyExactSubproblem(maxIterations: number): Subproblem {
  return (model: LocalModel) => {
    const n = model.n;
    const hess = model.hessian;
    // Bounds on H's eigenvalues (Gershgorin) and norms, which bound λ.
    const rowSums = Array.from({ length: n }, (_, i) => numpySum(hess.subarray(i * n, (i + 1) * n).map(Math.abs)));
    const diagonal = Array.from({ length: n }, (_, i) => hess[i * n + i]!);
    const gershgorinLower = pyMinOf(...diagonal.map((d, i) => d + Math.abs(d) - rowSums[i]!));
    const gershgorinUpper = pyMaxOf(...diagonal.map((d, i) => d - Math.abs(d) + rowSums[i]!));
    const infinityNorm = pyMaxOf(...rowSums);
    const frobeniusNorm = Math.sqrt(ddot(n * n, hess, 0, hess, 0));
    // Below this, back substitution on g is unreliable (Golub and Van Loan, p. 165).
    const closeToZero = n * EPSILON * infinityNorm;
    // What a solve learned for the next one at this point, should the radius shrink.
    let previousRadius = -1;
    let previousLower = 0;

    return {
      solve(trustRadius: number) {
        const gNorm = model.gradientNorm;
        // λ's bounds and first guess (Conn, Gould and Toint, section 7.3.8).
        let upper = pyMax(0, gNorm / trustRadius + pyMinOf(-gershgorinLower, frobeniusNorm, infinityNorm));
        let lower = pyMaxOf(0, -pyMinOf(...diagonal), gNorm / trustRadius - pyMinOf(gershgorinUpper, frobeniusNorm, infinityNorm));
        if (trustRadius < previousRadius) lower = pyMax(previousLower, lower);
        const between = () => pyMax(Math.sqrt(Math.abs(lower * upper)), lower + UPDATE_COEFF * (upper - lower));
        let lambda = lower === 0 ? 0 : pyMax(Math.sqrt(lower * upper), lower + UPDATE_COEFF * (upper - lower));

        let hitsBoundary = true;
        let p: Float64Array<ArrayBufferLike> | null = null;
        let H = hess;
        let u: Float64Array = new Float64Array(0);
        let info = 0;
        let factorized = false;
        for (let iteration = 0; iteration < maxIterations; iteration++) {
          if (factorized) {
            // scipy keeps the factor of the previous λ here: its check of the new λ's
            // factorization stores the factor under another name. Followed, to take its steps.
            factorized = false;
          } else {
            H = shifted(hess, n, lambda);
            ({ u, info } = cholesky(H, n));
          }
          if (info === 0 && gNorm > closeToZero) {
            p = Float64Array.from(model.gradient, (v) => -v);
            dpotrs(n, 1, u, 0, n, p, 0, n);
            const pNorm = dnrm2(n, p, 0);
            if (pNorm <= trustRadius && lambda === 0) {
              hitsBoundary = false;
              break;
            }
            // Newton's step on 1/‖p(λ)‖ - 1/Δ: Δλ = (‖p‖/‖w‖)² (‖p‖ - Δ)/Δ with Uᵀw = p.
            const w = Float64Array.from(p);
            dtrtrs('T', n, 1, u, 0, n, w, 0, n);
            const wNorm = dnrm2(n, w, 0);
            const lambdaNew = lambda + ((pNorm / wNorm) ** 2 * (pNorm - trustRadius)) / trustRadius;
            if (pNorm < trustRadius) {
              // Inside: the hard case's move along H + λI's most singular direction to the
              // boundary, the shorter way (Moré and Sorensen, p. 6).
              const { sMin, zMin } = smallestSingularValue(u, n);
              const [ta, tb] = boundaryIntersections(p, zMin, trustRadius);
              const stepLength = Math.abs(tb) < Math.abs(ta) ? tb : ta;
              const quadraticTerm = ddot(n, p, 0, numpyMatrixVector(H, p, n), 0);
              const relativeError = (stepLength ** 2 * sMin ** 2) / (quadraticTerm + lambda * trustRadius ** 2);
              if (relativeError <= K_HARD) {
                const length = stepLength;
                p = mapVector(p, (v, i) => v + length * zMin[i]!);
                break;
              }
              upper = lambda;
              lower = pyMax(lower, lambda - sMin ** 2);
              H = shifted(hess, n, lambdaNew);
              if (cholesky(H, n).info === 0) {
                lambda = lambdaNew;
                factorized = true;
              } else {
                lower = pyMax(lower, lambdaNew);
                lambda = between();
              }
            } else {
              // Outside: close enough to the boundary, or move λ up by Newton's step.
              if (Math.abs(pNorm - trustRadius) / trustRadius <= K_EASY) break;
              lower = lambda;
              lambda = lambdaNew;
            }
          } else if (info === 0) {
            // g ≈ 0: the step is along the most singular direction, on the boundary.
            if (lambda === 0) {
              p = new Float64Array(n);
              hitsBoundary = false;
              break;
            }
            const { sMin, zMin } = smallestSingularValue(u, n);
            p = mapVector(zMin, (v) => trustRadius * v);
            if (trustRadius ** 2 * sMin ** 2 <= K_HARD * lambda * trustRadius ** 2) break;
            upper = lambda;
            lower = pyMax(lower, lambda - sMin ** 2);
            lambda = pyMax(Math.sqrt(lower * upper), lower + UPDATE_COEFF * (upper - lower));
          } else {
            // H + λI is not positive definite: λ must exceed λ + δ/‖v‖².
            const { delta, v } = singularLeadingSubmatrix(H, u, n, info);
            const vNorm = dnrm2(n, v, 0);
            lower = pyMax(lower, lambda + delta / vNorm ** 2);
            lambda = between();
          }
        }
        previousLower = lower;
        previousRadius = trustRadius;
        // scipy fails here (p unbound) when no factorization succeeded within the iterations.
        if (p === null) throw new LinearAlgebraError(`no positive definite H + λI within ${maxIterations} factorizations`);
        return { step: p, hitsBoundary };
      },
    };
  };
}
