// tf.optimize.nnls and tf.optimize.lsqLinear: scipy.optimize.nnls (scipy-nnls.ts) and
// scipy.optimize.lsq_linear (methods 'trf', trf-linear.ts, and 'bvls', bvls.ts, with the dense
// 'exact' solver). This file checks the arguments with scipy's rules and messages and assembles
// scipy's results.

import { describe, isPlainObject } from '../describe';
import { pythonFormat } from '../models/python-format';
import { Tensor } from '../tensor';
import { boundedVariableLeastSquares } from './bvls';
import { minimumNormSolution } from './dogbox';
import { fitBounds } from './fit-arguments';
import { scipyNnls } from './scipy-nnls';
import { inBounds, residuals, transposeTimes, trfLinear, type LinearLsqRun } from './trf-linear';
import { dot } from './vector';

const EPSILON = 2.220446049250313e-16;

/** A matrix: a rank-2 tensor, or an array of rows (arrays or typed arrays of numbers). */
export type MatrixInput = Tensor | readonly (readonly number[] | ArrayLike<number>)[];
/** A vector: a rank-1 tensor, an array or a typed array of numbers. */
export type VectorInput = Tensor | readonly number[] | ArrayLike<number>;

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
   * bounded-variable least squares (an active-set method). */
  method?: 'trf' | 'bvls';
  /** The tolerance of the termination tests (default 1e-10). */
  tol?: number;
  /** 'exact' (the default for a dense A): QR for 'trf', least squares solves for 'bvls'.
   * scipy's 'lsmr' (iterative, for sparse or huge A) is not implemented and is refused. */
  lsqSolver?: 'exact';
  /** The most iterations: 'trf' 100 by default, 'bvls' n (after its initialization). */
  maxIter?: number;
  /** 0 (default) quiet; 1 prints the termination message and a summary, as scipy's does.
   * scipy's per-iteration table (2) is refused. */
  verbose?: 0 | 1;
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
}

const LSQ_LINEAR_OPTIONS = ['bounds', 'method', 'tol', 'lsqSolver', 'maxIter', 'verbose'];
const TERMINATION_MESSAGES: Record<number, string> = {
  [-1]: 'The algorithm was not able to make progress on the last iteration.',
  0: 'The maximum number of iterations is exceeded.',
  1: 'The first-order optimality measure is less than `tol`.',
  2: 'The relative change of the cost function is less than `tol`.',
  3: 'The unconstrained solution is optimal.',
};

/** A (column-major, entry (i, j) at i + j·m) and its shape, from a tensor or an array of rows;
 * `atLeast2d`: a vector is one row (numpy's atleast_2d, as lsq_linear takes it). */
function matrixOf(input: unknown, op: string, atLeast2d: boolean): { a: Float64Array; m: number; n: number } {
  let rows: number[][];
  if (input instanceof Tensor) {
    const shape = input.shape;
    const values = input.dataSync() as ArrayLike<number>;
    if (shape.length === 2) {
      const [m, n] = shape as [number, number];
      const a = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = values[i * n + j]!;
      return { a, m, n };
    }
    if (shape.length === 1 && atLeast2d) return { a: Float64Array.from(values), m: 1, n: shape[0]! };
    throw new Error(atLeast2d ? `${op}: \`A\` must have at most 2 dimensions.` : `${op}: Expected a 2D array, but the shape of A is (${shape.join(', ')}${shape.length === 1 ? ',' : ''}).`);
  }
  if (!Array.isArray(input)) throw new Error(`${op}: A must be a rank-2 tensor or an array of rows, got ${describe(input)}.`);
  if (input.every((e) => typeof e === 'number')) {
    if (!atLeast2d) throw new Error(`${op}: Expected a 2D array, but the shape of A is (${input.length},).`);
    rows = [input as number[]];
  } else {
    rows = input.map((row, i) => {
      if (!(Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView))) || Array.from(row as ArrayLike<unknown>).some((e) => typeof e !== 'number')) {
        throw new Error(`${op}: A must be a rank-2 tensor or an array of rows of numbers; row ${i} is ${describe(row)}.`);
      }
      return Array.from(row as ArrayLike<number>);
    });
  }
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== n) throw new Error(`${op}: the rows of A must have the same length; row 0 has ${n} entries and row ${i} has ${row.length}.`);
  });
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = rows[i]![j]!;
  return { a, m, n };
}

/** b as a vector; `columnAllowed`: an m×1 matrix counts as one (nnls). */
function vectorOf(input: unknown, op: string, columnAllowed: boolean): Float64Array {
  const wrongRank = (shape: string) => columnAllowed
    ? `${op}: Expected a 1D array,(or 2D with one column), but the, shape of b is (${shape}).`
    : `${op}: \`b\` must have at most 1 dimension.`;
  if (typeof input === 'number') return Float64Array.of(input);
  if (input instanceof Tensor) {
    const shape = input.shape;
    if (shape.length > 1 && !(columnAllowed && shape.length === 2 && shape[1] === 1)) throw new Error(wrongRank(shape.join(', ')));
    return Float64Array.from(input.dataSync() as ArrayLike<number>);
  }
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) return Float64Array.from(input as unknown as ArrayLike<number>);
  if (Array.isArray(input)) {
    if (input.every((e) => typeof e === 'number')) return Float64Array.from(input as number[]);
    if (columnAllowed && input.every((e) => Array.isArray(e) && e.length === 1 && typeof e[0] === 'number')) return Float64Array.from(input as number[][], (e) => e[0]!);
    if (input.every((e) => Array.isArray(e))) throw new Error(wrongRank(`${input.length}, ${(input[0] as unknown[] | undefined)?.length ?? 0}`));
  }
  throw new Error(`${op}: b must be a rank-1 tensor or an array of numbers, got ${describe(input)}.`);
}

/** numpy's asarray_chkfinite: NaN and ±Infinity are refused. */
function checkFinite(values: Float64Array, op: string, name: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${op}: array must not contain infs or NaNs (${name} has ${values[bad]}).`);
}

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
 * minimizes ½‖A x - b‖² subject to lb <= x <= ub. The unbounded solution comes first (numpy's
 * lstsq: minimum norm, through the SVD); when it lies in the bounds it is the answer (status 3).
 * Otherwise method 'trf' (default; the trust region reflective method adapted to linear problems,
 * one QR factorization for the run, iterates strictly inside the bounds) or 'bvls' (bounded-variable
 * least squares, an active-set method whose solution lies on the bounds exactly) runs scipy 1.17's
 * steps and tests: the same iterations, status and active set, x to rounding. A is a matrix (a
 * rank-2 tensor or an array of rows), b a vector. Only the dense 'exact' solver exists: scipy's
 * 'lsmr' (and lsmrTol, lsmrMaxiter) are refused.
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
 * ```
 */
export function lsqLinear(A: MatrixInput, b: VectorInput, options?: LsqLinearOptions): LsqLinearResult {
  const op = 'lsqLinear';
  if (options !== undefined && !isPlainObject(options)) throw new Error(`${op}: options must be an object like { bounds: [0, Infinity], method: 'bvls' }, got ${describe(options)}.`);
  for (const key in options) {
    if (key === 'lsmrTol' || key === 'lsmrMaxiter') throw new Error(`${op}: option '${key}' belongs to lsqSolver 'lsmr', which gradtape does not implement; the options are ${LSQ_LINEAR_OPTIONS.join(', ')}.`);
    if (!LSQ_LINEAR_OPTIONS.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${LSQ_LINEAR_OPTIONS.join(', ')}.`);
  }
  const o = options ?? {};
  const method = o.method ?? 'trf';
  if (method !== 'trf' && method !== 'bvls') throw new Error(`${op}: \`method\` must be 'trf' or 'bvls', got ${describe(method)}.`);
  const solver = o.lsqSolver as string | undefined;
  if (solver === 'lsmr') throw new Error(`${op}: lsqSolver 'lsmr' (scipy's iterative solver for sparse or huge A) is not implemented; use 'exact' (the default).`);
  if (solver !== undefined && solver !== 'exact') throw new Error(`${op}: \`lsqSolver\` must be undefined or 'exact' ('lsmr' is not implemented), got ${describe(solver)}.`);
  const verbose = o.verbose ?? 0;
  if (verbose === 2) throw new Error(`${op}: verbose 2 (scipy's per-iteration table) is not implemented; use 0 or 1.`);
  if (verbose !== 0 && verbose !== 1) throw new Error(`${op}: \`verbose\` must be in [0, 1, 2], got ${describe(verbose)}.`);
  const { a, m, n } = matrixOf(A, op, true);
  const maxIter = o.maxIter;
  if (maxIter !== undefined && (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter <= 0)) throw new Error(`${op}: \`maxIter\` must be undefined or a positive integer, got ${describe(maxIter)}.`);
  const tol = o.tol ?? 1e-10;
  if (typeof tol !== 'number' || Number.isNaN(tol)) throw new Error(`${op}: tol must be a number, got ${describe(tol)}.`);
  const rhs = vectorOf(b, op, false);
  if (rhs.length !== m) throw new Error(`${op}: Inconsistent shapes between \`A\` and \`b\`.`);
  checkFinite(a, op, 'A');
  checkFinite(rhs, op, 'b');
  const bounds = o.bounds;
  const pair = isPlainObject(bounds) && 'lb' in bounds && 'ub' in bounds ? [bounds.lb, bounds.ub] : bounds;
  const [lower, upper] = fitBounds(pair, n, op);

  const report = (message: string, summary: string, values: [string, number][]) => {
    if (verbose === 0) return;
    console.log(message);
    console.log(pythonFormat(summary, new Map(values.map(([k, v]) => [k, { value: v, isInt: Number.isInteger(v) && k === 'nit' }]))));
  };
  // numpy's lstsq(A, b, rcond=-1): LAPACK's gelsd then drops singular values up to DLAMCH('E')·σ₀ = 2⁻⁵³σ₀.
  const xLsq = minimumNormSolution(a, m, n, rhs, EPSILON / 2);
  if (inBounds(xLsq, lower, upper)) {
    const r = residuals(a, m, n, xLsq, rhs);
    const cost = 0.5 * dot(r, r);
    const g = transposeTimes(a, m, n, r);
    const optimality = g.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    report(TERMINATION_MESSAGES[3]!, 'Final cost {cost:.4e}, first-order optimality {g:.2e}', [['cost', cost], ['g', optimality]]);
    return { x: Array.from(xLsq), cost, fun: Array.from(r), optimality, activeMask: new Array<number>(n).fill(0), nit: 0, status: 3, message: TERMINATION_MESSAGES[3]!, success: true };
  }
  const run: LinearLsqRun = method === 'trf'
    ? trfLinear(a, m, n, rhs, xLsq, lower, upper, tol, maxIter)
    : boundedVariableLeastSquares(a, m, n, rhs, xLsq, lower, upper, tol, maxIter);
  const message = TERMINATION_MESSAGES[run.status]!;
  report(message, 'Number of iterations {nit}, initial cost {initial:.4e}, final cost {cost:.4e}, first-order optimality {g:.2e}.', [
    ['nit', run.nit], ['initial', run.initialCost], ['cost', run.cost], ['g', run.optimality],
  ]);
  return {
    x: Array.from(run.x), cost: run.cost, fun: Array.from(run.fun), optimality: run.optimality, activeMask: run.activeMask,
    nit: run.nit, status: run.status, message, success: run.status > 0,
  };
}
