// Non-negative least squares, min ‖A x - b‖₂ subject to x >= 0, by Lawson and Hanson's active-set
// method (Solving Least Squares Problems, 1974, chapter 23). The passive set P holds the variables
// free to move; the others sit at 0. Each outer step frees the variable whose dual
// w = Aᵀ(b - A x) is largest (the steepest descent of ½‖A x - b‖² into x_j > 0); each inner step
// solves the unconstrained least squares problem on P and, where that solution has non-positive
// entries, moves from x towards it only as far as keeps x >= 0, dropping the variables that reach
// 0 from P. SLSQP's least distance problem (lsq-subproblem.ts) solves its dual through this.
// Plain Float64Array; the matrix comes as its columns.

import { applyReflector, makeReflector } from './householder';
import { euclideanNorm as norm } from './vector';

export interface NnlsOutcome {
  readonly x: Float64Array;
  /** ‖A x - b‖₂ at the solution. */
  readonly residualNorm: number;
  /** False when the inner steps ran past the limit (Lawson and Hanson's 3n, scipy's too). */
  readonly converged: boolean;
}

const EPSILON = 2.220446049250313e-16;

/** min ‖A x - b‖ over x >= 0, A given by its columns (each of b's length). */
export function nonNegativeLeastSquares(columns: readonly Float64Array[], b: Float64Array, maxSteps: number): NnlsOutcome {
  const m = b.length;
  const n = columns.length;
  const x = new Float64Array(n);
  const passive: boolean[] = new Array(n).fill(false);
  const residual = Float64Array.from(b);
  // A dual entry counts as positive above rounding in Aᵀr: a few ulps of the largest column's 1-norm.
  let largestColumn = 0;
  for (const column of columns) largestColumn = Math.max(largestColumn, column.reduce((s, v) => s + Math.abs(v), 0));
  const dualTolerance = 10 * Math.max(m, n) * EPSILON * largestColumn;
  let steps = 0;
  // Variables whose freeing failed since the residual last changed (their column is, to rounding,
  // in the span of P's, or the least squares solution wants them negative).
  const refused = new Set<number>();

  for (;;) {
    let entering = -1;
    let best = dualTolerance;
    for (let j = 0; j < n; j++) {
      if (passive[j] || refused.has(j)) continue;
      let w = 0;
      for (let i = 0; i < m; i++) w += columns[j]![i]! * residual[i]!;
      if (w > best) [entering, best] = [j, w];
    }
    if (entering < 0) break;
    passive[entering] = true;

    let justEntered = true;
    for (;;) {
      if (++steps > maxSteps) return { x, residualNorm: norm(residual), converged: false };
      const free = passive.flatMap((p, j) => (p ? [j] : []));
      const z = leastSquaresOn(columns, free, b);
      const zEntering = z?.[free.indexOf(entering)];
      if (justEntered && (z === null || !(zEntering! > 0))) {
        // The new variable cannot move up from 0: keep it out until the residual changes.
        passive[entering] = false;
        refused.add(entering);
        break;
      }
      justEntered = false;
      if (z === null) throw new Error('nnls: the passive columns became dependent'); // (kept independent by the test above)
      if (z.every((v) => v > 0)) {
        free.forEach((j, k) => { x[j] = z[k]!; });
        refused.clear();
        break;
      }
      // Step from x towards z as far as x stays >= 0; the variable that reaches 0 leaves P.
      let alpha = Infinity;
      let blocking = -1;
      free.forEach((j, k) => {
        if (z[k]! <= 0) {
          const ratio = x[j]! / (x[j]! - z[k]!);
          if (ratio < alpha) [alpha, blocking] = [ratio, j];
        }
      });
      free.forEach((j, k) => {
        x[j] = x[j]! + alpha * (z[k]! - x[j]!);
        if (j === blocking || x[j]! <= 0) {
          x[j] = 0;
          passive[j] = false;
        }
      });
      refused.clear();
    }
    residual.set(b);
    for (let j = 0; j < n; j++) {
      if (x[j] === 0) continue;
      for (let i = 0; i < m; i++) residual[i] = residual[i]! - columns[j]![i]! * x[j]!;
    }
  }
  return { x, residualNorm: norm(residual), converged: true };
}

/** argmin ‖A_P z - b‖ over the columns `free` of A, by Householder QR; null when those columns
 * are dependent to rounding (a diagonal entry of R below 100·ε times the largest column norm). */
function leastSquaresOn(columns: readonly Float64Array[], free: number[], b: Float64Array): Float64Array | null {
  const m = b.length;
  const p = free.length;
  if (p > m) return null;
  const a = free.map((j) => Float64Array.from(columns[j]!)); // a[k] is column k
  const rhs = Float64Array.from(b);
  const scale = Math.max(...a.map((column) => norm(column)));
  for (let k = 0; k < p; k++) {
    const { reflector, diagonal } = makeReflector(a[k]!, k);
    if (!(Math.abs(diagonal) > 100 * EPSILON * scale)) return null;
    a[k]![k] = diagonal;
    a[k]!.fill(0, k + 1);
    for (let l = k + 1; l < p; l++) applyReflector(reflector, a[l]!);
    applyReflector(reflector, rhs);
  }
  const z = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = rhs[k]!;
    for (let l = k + 1; l < p; l++) s -= a[l]![k]! * z[l]!;
    z[k] = s / a[k]![k]!;
  }
  return z;
}
