// The Levenberg-Marquardt parameter of Moré (1978), "The Levenberg-Marquardt algorithm:
// implementation and theory", sections 3 and 5. Given J P = Q R, the scaling D and the radius Δ,
// find λ >= 0 and the step x(λ) solving
//     min ‖J x + r‖² + λ ‖D x‖²,
// such that λ = 0 and ‖D x(0)‖ <= 1.1 Δ, or λ > 0 and |‖D x(λ)‖ - Δ| <= 0.1 Δ. φ(λ) = ‖D x(λ)‖ - Δ
// is convex and decreasing, so Newton's method on φ from a safeguarded start, kept inside a
// bracket [lower, upper] that each iterate tightens, converges in a few steps (at most 10 here, as
// Moré suggests; the outer trust-region logic tolerates an inexact λ).

import type { PivotedQR } from './qr';
import { euclideanNorm, scaledNorm } from './vector';

/** The smallest positive normal double: λ is never set below it. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;
const MAX_NEWTON_STEPS = 10;

export interface LmStep {
  /** The step x(λ), in the original (unpivoted) parameter order. */
  readonly step: Float64Array;
  /** λ, to warm-start the next call. */
  readonly lambda: number;
}

/**
 * The arrays `lmStep` works in, made once per fit: a solver's iterations then allocate nothing
 * here (a typed array costs about a microsecond in the rarely run code of a small fit).
 */
export class LmWork {
  /** D in pivoted order, y = -x(λ) pivoted, u, Jᵀr / D, √λ D, a row being rotated in. */
  readonly d: Float64Array;
  readonly y: Float64Array;
  readonly u: Float64Array;
  readonly g: Float64Array;
  readonly e: Float64Array;
  readonly row: Float64Array;
  /** dampedSolve's right-hand side (its solution after) and triangular factor S. */
  readonly rhs: Float64Array;
  readonly s: Float64Array;
  /** The step returned, in the original parameter order (valid until the next lmStep). */
  readonly step: Float64Array;
  constructor(readonly n: number) {
    this.d = new Float64Array(n);
    this.y = new Float64Array(n);
    this.u = new Float64Array(n);
    this.g = new Float64Array(n);
    this.e = new Float64Array(n);
    this.row = new Float64Array(n);
    this.rhs = new Float64Array(n);
    this.s = new Float64Array(n * n);
    this.step = new Float64Array(n);
  }
}

/** The step and λ for radius `radius` and scaling `scale` (D, positive), from λ's previous value.
 * The step is `work.step`, overwritten by the next call with the same `work`. */
export function lmStep(qr: PivotedQR, scale: Float64Array, radius: number, previousLambda: number, work = new LmWork(qr.n)): LmStep {
  const { n, r, permutation, qtb } = qr;
  // Pivoted scaling: D's entry for column k of J P.
  const d = work.d;
  for (let k = 0; k < n; k++) d[k] = scale[permutation[k]!]!;

  // The Gauss-Newton step (λ = 0): R y = -Qᵀr in pivoted coordinates, truncated at R's first zero
  // diagonal when J is rank deficient (the minimum-norm solution is not needed, any solution is).
  const rank = leadingNonzeroDiagonal(r, n);
  const y = work.y;
  for (let k = 0; k < n; k++) y[k] = k < rank ? -qtb[k]! : 0;
  backSubstitute(r, n, rank, y);
  let dxNorm = scaledNorm(y, d);
  let phi = dxNorm - radius;
  if (phi <= 0.1 * radius) return { step: unpivot(y, permutation, work.step), lambda: 0 };

  // Lower bound: with full rank, the Newton step from λ = 0 undershoots the root because φ is
  // convex (Moré eq. 5.4). With u = R⁻ᵀ Pᵀ D² x / ‖D x‖, φ'(0) = -‖D x‖ ‖u‖², and the step taken on
  // ψ(λ) = 1/Δ - 1/‖D x(λ)‖ (Moré's form, closer to linear) is φ / (Δ ‖u‖²).
  let lower = 0;
  if (rank === n) {
    const u = scaledTwice(y, d, dxNorm, work.u);
    forwardSubstituteTransposed(r, n, u);
    const uNorm = euclideanNorm(u);
    lower = phi / radius / uNorm / uNorm;
  }
  // Upper bound: ‖D⁻¹ Jᵀ r‖ / Δ (Moré eq. 5.5); Jᵀr in pivoted order is Rᵀ Qᵀr.
  const g = work.g;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = 0; i <= k; i++) sum += r[i * n + k]! * qtb[i]!;
    g[k] = sum / d[k]!;
  }
  const gNorm = euclideanNorm(g);
  let upper = gNorm / radius;
  if (upper === 0) upper = SMALLEST_NORMAL / Math.min(radius, 0.1);

  let lambda = Math.min(Math.max(previousLambda, lower), upper);
  if (lambda === 0) lambda = gNorm / dxNorm;

  for (let iteration = 1; ; iteration++) {
    if (lambda === 0) lambda = Math.max(SMALLEST_NORMAL, 0.001 * upper);
    const sqrtLambda = Math.sqrt(lambda);
    const e = work.e;
    for (let k = 0; k < n; k++) e[k] = sqrtLambda * d[k]!;
    dampedSolve(r, n, qtb, e, work);
    const s = work.s;
    for (let k = 0; k < n; k++) y[k] = -work.rhs[k]!;
    dxNorm = scaledNorm(y, d);
    const previousPhi = phi;
    phi = dxNorm - radius;
    // Done when ‖D x‖ is within 10% of Δ, or when λ's lower bound is 0 and φ went up while
    // negative (the solution is at λ = 0 territory: the step is inside the region), or after the
    // iteration budget.
    if (Math.abs(phi) <= 0.1 * radius || (lower === 0 && phi <= previousPhi && previousPhi < 0) || iteration === MAX_NEWTON_STEPS) {
      return { step: unpivot(y, permutation, work.step), lambda };
    }
    // Newton's correction on ψ(λ) = 1/Δ - 1/‖D x(λ)‖: φ / (Δ ‖u‖²) with u = S⁻ᵀ Pᵀ D² x / ‖D x‖ and
    // S the triangular factor of [R; √λ D P], since φ'(λ) = -‖D x‖ ‖u‖² (Moré eq. 5.6 and 5.7).
    const u = scaledTwice(y, d, dxNorm, work.u);
    forwardSubstituteTransposed(s, n, u);
    const uNorm = euclideanNorm(u);
    const correction = phi / radius / uNorm / uNorm;
    if (phi > 0) lower = Math.max(lower, lambda);
    if (phi < 0) upper = Math.min(upper, lambda);
    lambda = Math.max(lower, lambda + correction);
  }
}

/**
 * Solves min ‖[R; E] z - [Qᵀr; 0]‖ for diagonal E (R upper triangular, n×n), by rotating E's rows
 * into R (eliminateDiagonal). Leaves z (= -x(λ) in pivoted order) in `work.rhs` and the upper
 * triangular S with Sᵀ S = Rᵀ R + E² in `work.s`.
 */
export function dampedSolve(r: Float64Array, n: number, qtb: Float64Array, e: Float64Array, work: LmWork): void {
  eliminateDiagonal(r, n, qtb, e, work);
  const s = work.s, rhs = work.rhs;
  const rank = leadingNonzeroDiagonal(s, n);
  for (let k = rank; k < n; k++) rhs[k] = 0;
  backSubstitute(s, n, rank, rhs);
}

/**
 * [R; E] → [S; 0] and [Qᵀr; 0] → [v; ·] by Givens rotations, one diagonal entry of E at a time
 * (R upper triangular n×n row-major, E diagonal; scipy's givens_elimination): S goes to
 * `work.s`, v to `work.rhs`.
 */
export function eliminateDiagonal(r: Float64Array, n: number, qtb: Float64Array, e: ArrayLike<number>, work: LmWork): void {
  const s = work.s;
  s.set(r.length === n * n ? r : r.subarray(0, n * n));
  const rhs = work.rhs;
  for (let k = 0; k < n; k++) rhs[k] = qtb[k]!;
  const row = work.row;
  for (let j = 0; j < n; j++) {
    if (e[j] === 0) continue;
    row.fill(0);
    row[j] = e[j]!;
    let rowRhs = 0;
    for (let k = j; k < n; k++) {
      if (row[k] === 0) continue;
      // The rotation [c s; -s c] that zeros row[k] against s[k][k], written to avoid overflow.
      const diag = s[k * n + k]!;
      let c: number, sn: number;
      if (Math.abs(diag) < Math.abs(row[k]!)) {
        const cot = diag / row[k]!;
        sn = 1 / Math.sqrt(1 + cot * cot);
        c = sn * cot;
      } else {
        const tan = row[k]! / diag;
        c = 1 / Math.sqrt(1 + tan * tan);
        sn = c * tan;
      }
      for (let l = k; l < n; l++) {
        const top = s[k * n + l]!;
        s[k * n + l] = c * top + sn * row[l]!;
        row[l] = -sn * top + c * row[l]!;
      }
      const top = rhs[k]!;
      rhs[k] = c * top + sn * rowRhs;
      rowRhs = -sn * top + c * rowRhs;
    }
  }
}

/** D² y / ‖D y‖ (the vector u of Moré's eq. 5.6 before the triangular solve). */
function scaledTwice(y: Float64Array, d: Float64Array, dyNorm: number, u: Float64Array): Float64Array {
  for (let k = 0; k < y.length; k++) u[k] = (d[k]! * d[k]! * y[k]!) / dyNorm;
  return u;
}

/** The number of leading nonzero diagonal entries of the upper triangular n×n `t`. */
function leadingNonzeroDiagonal(t: Float64Array, n: number): number {
  for (let k = 0; k < n; k++) if (t[k * n + k] === 0) return k;
  return n;
}

/** Solves T[0:k, 0:k] z = b[0:k] in place (T upper triangular, row-major n×n); b[k:] untouched. */
function backSubstitute(t: Float64Array, n: number, k: number, b: Float64Array): void {
  for (let i = k - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let j = i + 1; j < k; j++) sum -= t[i * n + j]! * b[j]!;
    b[i] = sum / t[i * n + i]!;
  }
}

/** Solves Tᵀ z = b in place (T upper triangular with a nonzero diagonal, row-major n×n). */
function forwardSubstituteTransposed(t: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let j = 0; j < i; j++) sum -= t[j * n + i]! * b[j]!;
    b[i] = sum / t[i * n + i]!;
  }
}

function unpivot(y: Float64Array, permutation: Int32Array, x: Float64Array): Float64Array {
  for (let k = 0; k < y.length; k++) x[permutation[k]!] = y[k]!;
  return x;
}
