// tf.optimize.nnls and tf.optimize.lsqLinear: scipy.optimize.nnls (scipy-nnls.ts) and
// scipy.optimize.lsq_linear (methods 'trf', trf-linear.ts, and 'bvls', bvls.ts; the dense 'exact'
// solver, or 'lsmr', lsmr.ts, for a matrix or a linear operator). This file checks the arguments
// with scipy's rules and messages and assembles scipy's results.

import { checkOptions as checkOptionKeys, describe, isPlainObject } from '../describe';
import { pythonFormat } from '../models/python-format';
import { boundedVariableLeastSquares } from './bvls';
import { minimumNormSolution } from './dogbox';
import { fitBounds } from './fit-arguments';
import { denseLinearMap, isLinearOperatorLike, operatorLinearMap, type LinearMap, type LinearOperatorLike } from './linear-operator';
import { lsmrSolve } from './lsmr';
import { checkFinite, matrixOf, vectorOf, type MatrixInput, type VectorInput } from './matrix-arguments';
import { scipyNnls } from './scipy-nnls';
import { inBounds, numpyProducts, plainProducts, residualsOf, trfLinear, type LinearLsqRun, type TrfLinearSolver } from './trf-linear';

const EPSILON = 2.220446049250313e-16;

export type { MatrixInput, VectorInput } from './matrix-arguments';

/** Options of `tf.optimize.nnls` (scipy's keyword arguments). */
export interface NnlsOptions {
  /** The most inner iterations (default 3n); reaching it is an error, as in scipy. */
  maxiter?: number;
}

/** What `tf.optimize.nnls` returns: scipy's tuple (x, rnorm) as an object. */
export interface NnlsResult {
  /** The solution, x >= 0. */
  x: number[];
  /** ‖A x - b‖₂. */
  rnorm: number;
}

/** Options of `tf.optimize.lsqLinear` (scipy's keyword arguments, camelCase). */
export interface LsqLinearOptions {
  /** scipy's (lb, ub): `[lower, upper]`, each a number for every variable or one per variable
   * (±Infinity where unbounded), or a Bounds-like `{ lb, ub }`. Default: no bounds. */
  bounds?: readonly [number | VectorInput, number | VectorInput] | { lb: number | VectorInput; ub: number | VectorInput };
  /** 'trf' (default): the trust region reflective method for linear problems; 'bvls':
   * bounded-variable least squares (an active-set method; a matrix A and 'exact' only). */
  method?: 'trf' | 'bvls';
  /** The tolerance of the termination tests (default 1e-10). */
  tol?: number;
  /** 'exact' (the default for a matrix): numpy's lstsq for the unbounded solution, then QR for
   * 'trf', least squares solves for 'bvls'. 'lsmr' (the default, and the only solver, for a linear
   * operator): the iterative LSMR (tf.optimize.lsmr) for the unbounded solution and each 'trf'
   * step, from products with A and Aᵀ only. */
  lsqSolver?: 'exact' | 'lsmr';
  /** 'lsmr': LSMR's atol and btol. Default 1e-2·tol; 'auto': 1e-2·tol for the unbounded
   * solution, then for each step max(ε, min(0.1, η‖v·g‖∞)) with η = 1e-2·min(0.5, ‖v·g‖∞)
   * (tighter as the scaled gradient falls). */
  lsmrTol?: number | 'auto' | null;
  /** 'lsmr': LSMR's maxiter (default min(m, n) for the unbounded solution, n for the steps). */
  lsmrMaxiter?: number | null;
  /** The most iterations: 'trf' 100 by default, 'bvls' n (after its initialization). */
  maxIter?: number;
  /** 0 (default) quiet; 1 prints the termination message and a summary; 2 also scipy's table of
   * the iterations (iteration, cost, cost reduction, step norm, optimality). */
  verbose?: 0 | 1 | 2;
}

/** What `tf.optimize.lsqLinear` returns: scipy's OptimizeResult. */
export interface LsqLinearResult {
  /** The solution. */
  x: number[];
  /** ½‖A x - b‖². */
  cost: number;
  /** The residuals A x - b. */
  fun: number[];
  /** The first-order optimality: 'trf' ‖v·g‖∞ (Coleman and Li's scaling v), 'bvls' the largest
   * violation of the KKT conditions; ‖g‖∞ when the unbounded solution is in the bounds. */
  optimality: number;
  /** -1 for a variable at its lower bound, 1 at its upper bound, 0 free ('trf': within tol,
   * relatively, of the bound). */
  activeMask: number[];
  /** Iterations ('bvls' counts its initialization's too; 0 when the unbounded solution is in the
   * bounds). */
  nit: number;
  /** -1 no progress on the last iteration, 0 maxIter reached, 1 optimality below tol, 2 the cost
   * changed by less than tol (relatively), 3 the unbounded solution is optimal. */
  status: number;
  /** scipy's message for the status. */
  message: string;
  /** status > 0. */
  success: boolean;
  /** scipy's `unbounded_sol`: what the solver returned for the problem without bounds. 'exact':
   * numpy's lstsq's [x, residuals, rank, singular values], residuals being [‖A x - b‖²] when A has
   * full column rank and more rows than columns, else []; 'lsmr': lsmr's [x, istop, itn, normr,
   * normar, norma, conda, normx]. */
  unboundedSol: ExactUnboundedSolution | LsmrUnboundedSolution;
}

/** lsqLinear's `unboundedSol` with lsqSolver 'exact': numpy's lstsq's [x, residuals, rank, singular values]. */
export type ExactUnboundedSolution = [x: number[], residuals: number[], rank: number, singularValues: number[]];
/** lsqLinear's `unboundedSol` with lsqSolver 'lsmr': lsmr's results in scipy's order. */
export type LsmrUnboundedSolution = [x: number[], istop: number, itn: number, normr: number, normar: number, norma: number, conda: number, normx: number];

const LSQ_LINEAR_OPTIONS = ['bounds', 'method', 'tol', 'lsqSolver', 'lsmrTol', 'maxIter', 'verbose', 'lsmrMaxiter'];
const TERMINATION_MESSAGES: Record<number, string> = {
  [-1]: 'The algorithm was not able to make progress on the last iteration.',
  0: 'The maximum number of iterations is exceeded.',
  1: 'The first-order optimality measure is less than `tol`.',
  2: 'The relative change of the cost function is less than `tol`.',
  3: 'The unconstrained solution is optimal.',
};

/**
 * Non-negative least squares, as scipy.optimize.nnls: the x >= 0 that minimizes ‖A x - b‖₂, by
 * Lawson and Hanson's active-set method, scipy 1.17's C code step for step. A is a matrix (a
 * rank-2 tensor or an array of rows), b a vector (or an m×1 column). Returns scipy's tuple
 * (x, rnorm) as `{ x, rnorm }`. Throws scipy's errors: shapes that do not match, NaN or infinite
 * entries, and "Maximum number of iterations reached." when `maxiter` (default 3n) inner steps
 * do not finish.
 *
 * @example
 * ```ts
 * const { x, rnorm } = tf.optimize.nnls([[1, 0], [1, 0], [0, 1]], [2, 1, 1]);
 * console.log(x.map((v) => v.toFixed(6)), rnorm.toFixed(6)); // [ '1.500000', '1.000000' ] 0.707107
 * // Every entry of the unconstrained solution negative: x = 0.
 * console.log(tf.optimize.nnls([[1, 0], [1, 0], [0, 1]], [-1, -1, -1])); // { x: [ 0, 0 ], rnorm: 1.7320508075688772 }
 * ```
 */
export function nnls(A: MatrixInput, b: VectorInput, options?: NnlsOptions): NnlsResult {
  const op = 'nnls';
  if (options !== undefined && !isPlainObject(options)) throw new Error(`${op}: options must be an object like { maxiter: 100 }, got ${describe(options)}.`);
  for (const key in options) {
    if (key === 'atol') throw new Error(`${op}: unknown option 'atol' (scipy deprecated it and never used it); the options are maxiter.`);
    if (key !== 'maxiter') throw new Error(`${op}: unknown option '${key}'; the options are maxiter.`);
  }
  const { a, m, n } = matrixOf(A, op, false);
  const rhs = vectorOf(b, op, true);
  checkFinite(a, op, 'A');
  checkFinite(rhs, op, 'b');
  if (m !== rhs.length) throw new Error(`${op}: Incompatible dimensions. The first dimension of A is ${m}, while the shape of b is (${rhs.length},)`);
  const given = options?.maxiter;
  if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given))) throw new Error(`${op}: maxiter must be an integer, got ${describe(given)}.`);
  // scipy: `if not maxiter: maxiter = 3*n` (0 too).
  const maxiter = given ? given : 3 * n;
  const { x, rnorm, info } = scipyNnls(a, m, n, rhs, maxiter);
  if (info === 3) throw new Error(`${op}: Maximum number of iterations reached.`);
  return { x: Array.from(x), rnorm };
}

/**
 * Linear least squares with bounds on the variables, as scipy.optimize.lsq_linear: the x that
 * minimizes ½‖A x - b‖² subject to lb <= x <= ub. The unbounded solution comes first (lsqSolver
 * 'exact': numpy's lstsq, minimum norm, through the SVD; 'lsmr': LSMR to lsmrTol); when it lies in
 * the bounds it is the answer (status 3). Otherwise method 'trf' (default; the trust region
 * reflective method adapted to linear problems, iterates strictly inside the bounds, each step by
 * one QR factorization made for the run or by LSMR) or 'bvls' (bounded-variable least squares, an
 * active-set method whose solution lies on the bounds exactly) runs scipy 1.17's steps and tests:
 * the same iterations, status and active set, x to rounding ('lsmr' on a dense A: scipy's
 * iterates bit for bit). A is a matrix (a rank-2 tensor or an array of rows) or, with 'lsmr', a
 * linear operator `{ shape: [m, n], matvec, rmatvec }` (scipy's LinearOperator); b a vector.
 * `verbose: 2` prints scipy's table of the iterations.
 *
 * @example
 * ```ts
 * const A = [[1, 2], [3, 4], [5, 6]];
 * const b = [1, 2, 2];
 * const r = tf.optimize.lsqLinear(A, b, { bounds: [0, [0.2, Infinity]], method: 'bvls' });
 * console.log(r.x.map((v) => v.toFixed(6)), r.activeMask, r.status, r.nit); // [ '0.000000', '0.392857' ] [ -1, 0 ] 1 2
 * // Without bounds the unbounded solution is optimal.
 * const u = tf.optimize.lsqLinear(A, b);
 * console.log(u.x.map((v) => v.toFixed(4)), u.status, u.message); // [ '-0.6667', '0.9167' ] 3 The unconstrained solution is optimal.
 * // The iterative solver, with its tolerance adapted to the scaled gradient.
 * const l = tf.optimize.lsqLinear(A, b, { bounds: [0, [0.2, Infinity]], lsqSolver: 'lsmr', lsmrTol: 'auto' });
 * console.log(l.x.map((v) => v.toFixed(4)), l.activeMask, l.status); // [ '0.0000', '0.3929' ] [ -1, 0 ] 1
 * ```
 */
export function lsqLinear(A: MatrixInput | LinearOperatorLike, b: VectorInput, options?: LsqLinearOptions): LsqLinearResult {
  const op = 'lsqLinear';
  const o = checkOptionKeys(options, op, LSQ_LINEAR_OPTIONS, "{ bounds: [0, Infinity], method: 'bvls' }") as LsqLinearOptions;
  const method = o.method ?? 'trf';
  if (method !== 'trf' && method !== 'bvls') throw new Error(`${op}: \`method\` must be 'trf' or 'bvls', got ${describe(method)}.`);
  const givenSolver = o.lsqSolver as string | undefined | null;
  if (givenSolver !== undefined && givenSolver !== null && givenSolver !== 'exact' && givenSolver !== 'lsmr') throw new Error(`${op}: \`lsqSolver\` must be undefined, 'exact' or 'lsmr', got ${describe(givenSolver)}.`);
  const verbose = o.verbose ?? 0;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new Error(`${op}: \`verbose\` must be in [0, 1, 2], got ${describe(verbose)}.`);
  const isOperator = isLinearOperatorLike(A);
  if (method === 'bvls') {
    if (givenSolver === 'lsmr') throw new Error(`${op}: method='bvls' can't be used with lsqSolver='lsmr'.`);
    if (isOperator) throw new Error(`${op}: method='bvls' can't be used with \`A\` being sparse or LinearOperator.`);
  }
  if (givenSolver === 'exact' && isOperator) throw new Error(`${op}: \`exact\` solver can't be used when \`A\` is sparse or LinearOperator.`);
  const solver = givenSolver ?? (isOperator ? 'lsmr' : 'exact');
  const dense = isOperator ? null : matrixOf(A, op, true);
  const operator: LinearMap | null = isOperator ? operatorLinearMap(A, op) : solver === 'lsmr' ? denseLinearMap(dense!.a, dense!.m, dense!.n) : null;
  const m = dense?.m ?? operator!.m;
  const n = dense?.n ?? operator!.n;
  const maxIter = o.maxIter;
  if (maxIter !== undefined && (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter <= 0)) throw new Error(`${op}: \`maxIter\` must be undefined or a positive integer, got ${describe(maxIter)}.`);
  const tol = o.tol ?? 1e-10;
  if (typeof tol !== 'number' || Number.isNaN(tol)) throw new Error(`${op}: tol must be a number, got ${describe(tol)}.`);
  const rhs = vectorOf(b, op, false);
  if (rhs.length !== m) throw new Error(`${op}: Inconsistent shapes between \`A\` and \`b\`.`);
  if (dense) checkFinite(dense.a, op, 'A');
  checkFinite(rhs, op, 'b');
  const bounds = o.bounds;
  const pair = isPlainObject(bounds) && 'lb' in bounds && 'ub' in bounds ? [bounds.lb, bounds.ub] : bounds;
  const [lower, upper] = fitBounds(pair, n, op);
  const lsmrMaxiter = o.lsmrMaxiter ?? null;
  if (lsmrMaxiter !== null && (typeof lsmrMaxiter !== 'number' || !Number.isInteger(lsmrMaxiter) || lsmrMaxiter < 1)) throw new Error(`${op}: \`lsmrMaxiter\` must be undefined or a positive integer, got ${describe(lsmrMaxiter)}.`);
  const lsmrTol = o.lsmrTol ?? null;
  if (lsmrTol !== null && lsmrTol !== 'auto' && !(typeof lsmrTol === 'number' && lsmrTol > 0)) throw new Error(`${op}: \`lsmrTol\` must be undefined, 'auto', or a positive number, got ${describe(lsmrTol)}.`);

  const report = (message: string, summary: string, values: [string, number][]) => {
    if (verbose === 0) return;
    console.log(message);
    console.log(pythonFormat(summary, new Map(values.map(([k, v]) => [k, { value: v, isInt: Number.isInteger(v) && k === 'nit' }]))));
  };
  let xLsq: Float64Array;
  let unboundedSol: LsqLinearResult['unboundedSol'];
  if (solver === 'exact') {
    // numpy's lstsq(A, b, rcond=-1): LAPACK's gelsd then drops singular values up to DLAMCH('E')·σ₀ = 2⁻⁵³σ₀.
    const lstsq = minimumNormSolution(dense!.a, m, n, rhs, EPSILON / 2);
    xLsq = lstsq.z;
    // lstsq's residuals: the squared norm, only for a full column rank and more rows than columns.
    const residuals: number[] = [];
    if (lstsq.rank === n && m > n) {
      const products = plainProducts(dense!.a, m, n);
      const r = residualsOf(products, xLsq, rhs);
      residuals.push(products.dot(r, r));
    }
    unboundedSol = [Array.from(xLsq), residuals, lstsq.rank, Array.from(lstsq.singularValues)];
  } else {
    const firstTol = typeof lsmrTol === 'number' ? lsmrTol : 1e-2 * tol;
    const lsmr = lsmrSolve(operator!, rhs, { damp: 0, atol: firstTol, btol: firstTol, conlim: 1e8, maxiter: lsmrMaxiter, show: false, x0: null });
    xLsq = lsmr.x;
    unboundedSol = [Array.from(xLsq), lsmr.istop, lsmr.itn, lsmr.normr, lsmr.normar, lsmr.norma, lsmr.conda, lsmr.normx];
  }
  if (inBounds(xLsq, lower, upper)) {
    const products = operator ? numpyProducts(operator) : plainProducts(dense!.a, m, n);
    const r = residualsOf(products, xLsq, rhs);
    const cost = 0.5 * products.dot(r, r);
    const g = products.transposeTimes(r);
    const optimality = g.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    report(TERMINATION_MESSAGES[3]!, 'Final cost {cost:.4e}, first-order optimality {g:.2e}', [['cost', cost], ['g', optimality]]);
    return { x: Array.from(xLsq), cost, fun: Array.from(r), optimality, activeMask: new Array<number>(n).fill(0), nit: 0, status: 3, message: TERMINATION_MESSAGES[3]!, success: true, unboundedSol };
  }
  const table = verbose === 2 ? (line: string) => console.log(line) : null;
  let run: LinearLsqRun;
  if (method === 'trf') {
    const trfSolver: TrfLinearSolver = solver === 'exact' ? { kind: 'exact', a: dense!.a } : { kind: 'lsmr', operator: operator!, lsmrTol, lsmrMaxiter };
    run = trfLinear(m, n, rhs, xLsq, lower, upper, tol, trfSolver, maxIter, table);
  } else {
    run = boundedVariableLeastSquares(dense!.a, m, n, rhs, xLsq, lower, upper, tol, maxIter, table);
  }
  const message = TERMINATION_MESSAGES[run.status]!;
  report(message, 'Number of iterations {nit}, initial cost {initial:.4e}, final cost {cost:.4e}, first-order optimality {g:.2e}.', [
    ['nit', run.nit], ['initial', run.initialCost], ['cost', run.cost], ['g', run.optimality],
  ]);
  return {
    x: Array.from(run.x), cost: run.cost, fun: Array.from(run.fun), optimality: run.optimality, activeMask: run.activeMask,
    nit: run.nit, status: run.status, message, success: run.status > 0, unboundedSol,
  };
}
