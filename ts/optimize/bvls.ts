// Stark and Parker's bounded-variable least squares ("Bounded-variable least-squares: an
// algorithm and applications", Computational Statistics 10, 1995), min ½‖A x - b‖² subject to
// lb <= x <= ub, as scipy 1.17's lsq_linear(method='bvls') runs it (scipy/optimize/_lsq/bvls.py).
// It starts from the unbounded solution with its violating entries put on their bounds and, while
// the least squares solution on the remaining free variables violates bounds, fixes those too.
// Then the active-set loop: free the bound variable whose gradient most wants to move inward,
// solve on the free set, and where that solution leaves the box step towards it only as far as
// the box allows, the variable that meets its bound leaving the free set. Least squares solutions
// are numpy's lstsq (minimum norm, singular values below ε·max(m, k)·σ₀ dropped). scipy's tests:
// the largest violation of the KKT conditions below tol (status 1), the cost falling by less than
// tol·cost (2), max_iter (0).

import { minimumNormSolution } from './dogbox';
import { linearLogHeader, linearLogLine } from './lsq-linear-log';
import { numpyNorm } from './numpy-dense-products';
import { residuals, transposeTimes, type LinearLsqRun } from './trf-linear';
import { dot } from './vector';

const EPSILON = 2.220446049250313e-16;

/** The largest violation of the KKT conditions: g_j·(-1 or 1) on a bound, |g_j| when free. */
function kktViolation(g: Float64Array, onBound: Int8Array): number {
  let out = -Infinity;
  for (let j = 0; j < g.length; j++) out = Math.max(out, onBound[j] === 0 ? Math.abs(g[j]!) : g[j]! * onBound[j]!);
  return out;
}

/** numpy's lstsq(A[:, free], rhs) (rcond None): the minimum-norm solution on those columns. */
function solveOnColumns(a: Float64Array, m: number, free: number[], rhs: Float64Array): Float64Array {
  const k = free.length;
  const columns = new Float64Array(m * k);
  free.forEach((j, c) => columns.set(a.subarray(j * m, (j + 1) * m), c * m));
  return minimumNormSolution(columns, m, k, rhs, EPSILON * Math.max(m, k)).z;
}

/** b - A (x on the bound variables only): the right-hand side of the free variables' problem. */
function freeRightHandSide(a: Float64Array, m: number, n: number, x: Float64Array, b: Float64Array, onBound: Int8Array): Float64Array {
  const fixed = Float64Array.from(x, (xj, j) => (onBound[j] !== 0 ? xj : 0));
  const r = residuals(a, m, n, fixed, b);
  return r.map((v) => -v);
}

/** ‖z - old‖ over the free variables (scipy's step_norm, for verbose 2). */
function stepNormOf(z: ArrayLike<number>, old: ArrayLike<number>): number {
  return numpyNorm(Float64Array.from(old, (o, c) => z[c]! - o));
}

/** scipy's bvls from the unbounded solution xLsq. maxIter: the most active-set iterations after
 * the initialization (scipy's default n). `report` receives verbose 2's table (null: quiet). */
export function boundedVariableLeastSquares(a: Float64Array, m: number, n: number, b: Float64Array, xLsq: Float64Array, lower: Float64Array, upper: Float64Array, tol: number, maxIter?: number, report: ((line: string) => void) | null = null): LinearLsqRun {
  const x = Float64Array.from(xLsq);
  const onBound = new Int8Array(n);
  for (let j = 0; j < n; j++) {
    if (x[j]! <= lower[j]!) { x[j] = lower[j]!; onBound[j] = -1; }
    if (x[j]! >= upper[j]!) { x[j] = upper[j]!; onBound[j] = 1; }
  }
  let free: number[] = [];
  for (let j = 0; j < n; j++) if (onBound[j] === 0) free.push(j);
  let r = residuals(a, m, n, x, b);
  let cost = 0.5 * dot(r, r);
  const initialCost = cost;
  let g = transposeTimes(a, m, n, r);
  let iteration = 0;
  let costChange: number | null = null;
  let stepNorm: number | null = null;
  report?.(linearLogHeader());

  // Initialization: until the least squares solution on the free variables is feasible, put the
  // variables it takes out of the box on the bounds they cross.
  while (free.length > 0) {
    report?.(linearLogLine(iteration, cost, costChange, stepNorm, kktViolation(g, onBound)));
    iteration++;
    const oldFree = free.map((j) => x[j]!);
    const z = solveOnColumns(a, m, free, freeRightHandSide(a, m, n, x, b, onBound));
    const violating = free.map((j, c) => z[c]! < lower[j]! || z[c]! > upper[j]!);
    free.forEach((j, c) => {
      if (z[c]! < lower[j]!) { x[j] = lower[j]!; onBound[j] = -1; }
      else if (z[c]! > upper[j]!) { x[j] = upper[j]!; onBound[j] = 1; }
      else x[j] = z[c]!;
    });
    r = residuals(a, m, n, x, b);
    const newCost = 0.5 * dot(r, r);
    costChange = cost - newCost;
    cost = newCost;
    g = transposeTimes(a, m, n, r);
    if (report) stepNorm = stepNormOf(free.map((j) => x[j]!), oldFree);
    if (!violating.some(Boolean)) break;
    free = free.filter((_, c) => !violating[c]);
  }

  const lastIteration = (maxIter ?? n) + iteration;
  let status: number | null = null;
  let optimality = kktViolation(g, onBound);
  for (; iteration < lastIteration; iteration++) {
    report?.(linearLogLine(iteration, cost, costChange, stepNorm, optimality));
    if (optimality < tol) status = 1;
    if (status !== null) break;

    // Free the bound variable whose gradient points most into the box (the first of equals).
    let entering = 0;
    for (let j = 1; j < n; j++) if (g[j]! * onBound[j]! > g[entering]! * onBound[entering]!) entering = j;
    onBound[entering] = 0;

    let lastFree: Float64Array = new Float64Array(0);
    let lastStart: Float64Array = new Float64Array(0);
    for (;;) {
      const freeSet: number[] = [];
      for (let j = 0; j < n; j++) if (onBound[j] === 0) freeSet.push(j);
      const xFree = Float64Array.from(freeSet, (j) => x[j]!);
      lastStart = xFree;
      const z = solveOnColumns(a, m, freeSet, freeRightHandSide(a, m, n, x, b, onBound));
      // The violations, those below their lower bounds first (scipy's hstack order).
      const belowLower: number[] = [], aboveUpper: number[] = [];
      freeSet.forEach((j, c) => {
        if (z[c]! < lower[j]!) belowLower.push(c);
        if (z[c]! > upper[j]!) aboveUpper.push(c);
      });
      const violations = [...belowLower, ...aboveUpper];
      if (violations.length === 0) {
        freeSet.forEach((j, c) => { x[j] = z[c]!; });
        lastFree = z;
        break;
      }
      // The longest step towards z that keeps the free variables in the box.
      let best = 0;
      let alpha = Infinity;
      violations.forEach((c, i) => {
        const j = freeSet[c]!;
        const bound = i < belowLower.length ? lower[j]! : upper[j]!;
        const ratio = (bound - xFree[c]!) / (z[c]! - xFree[c]!);
        if (i === 0 || ratio < alpha) { alpha = ratio; best = i; }
      });
      freeSet.forEach((j, c) => {
        x[j] = xFree[c]! * (1 - alpha) + alpha * z[c]!;
      });
      onBound[freeSet[violations[best]!]!] = best < belowLower.length ? -1 : 1;
    }

    // (scipy's step norm: the last pass of the loop above, from its start to z.)
    if (report) stepNorm = stepNormOf(lastFree, lastStart);
    r = residuals(a, m, n, x, b);
    const newCost = 0.5 * dot(r, r);
    costChange = cost - newCost;
    if (costChange < tol * cost) status = 2;
    cost = newCost;
    g = transposeTimes(a, m, n, r);
    optimality = kktViolation(g, onBound);
  }
  if (iteration === lastIteration) iteration = lastIteration - 1; // the loop ran out (Python's loop variable)
  return { x, fun: r, cost, optimality, activeMask: Array.from(onBound), nit: iteration + 1, status: status ?? 0, initialCost };
}
