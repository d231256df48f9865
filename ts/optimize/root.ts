// tf.optimize.root and tf.optimize.fsolve: scipy.optimize.root (methods 'hybr' and 'lm') and
// fsolve, which solve a system of n equations f(x) = 0 in n unknowns, with the exact Jacobian from
// gradtape's automatic differentiation (scipy's fsolve estimates it by finite differences unless
// given one). This file checks arguments, builds the residual function from tensors and assembles
// scipy's result; the algorithms are in hybrid.ts and lm.ts.

import { checkOptions, describe } from '../describe';
import { Tensor } from '../tensor';
import { numbers, optionalNonNegative, optionalPositiveInteger, startingPoint } from './fit-arguments';
import { type HybridResult, powellHybridRun } from './hybrid';
import { Ending, type LmProblem, type LmResult, levenbergMarquardtRun } from './lm';
import { runOn } from './solver-run';
import { tapeProblem, UnusedParameterError } from './tape-problem';
import { squareRows } from './vector';

/** Options of `tf.optimize.root` and `tf.optimize.fsolve` (scipy's, with the library's names for
 * the evaluation budget). */
export interface RootOptions {
  /** - 'hybr' (the default, scipy's too): Powell's hybrid method as MINPACK's hybrj runs it.
   * - 'lm': Levenberg-Marquardt as MINPACK's lmder runs it (scipy's leastsq): it minimizes
   *   ‖fun(x)‖², so where the system has no root it ends at a least-squares point. */
  method?: 'hybr' | 'lm';
  /** scipy's `tol`: the xtol used when xtol is not given. */
  tol?: number;
  /** The run has converged when the trust region's radius is at most xtol times the scaled norm
   * of x: the relative error between two consecutive iterates. Default: scipy's 1.49012e-8 in
   * float64, the square root of the machine epsilon (3.4527e-4) in float32. */
  xtol?: number;
  /** 'lm' only: the run has converged when the actual and the predicted relative reductions of
   * ‖fun(x)‖² are both at most ftol. Default as xtol's. */
  ftol?: number;
  /** 'lm' only: the run has converged when the cosine of the angle between fun(x) and every
   * column of the Jacobian is at most gtol (default 0: a stationary point of ‖fun‖²). */
  gtol?: number;
  /** The most evaluations of fun, Jacobians not counted (scipy's maxfev, 'lm's maxiter; default
   * 100·(n + 1), scipy's when a Jacobian is given). */
  maxEvaluations?: number;
  /** The first step's bound is factor·‖diag·x0‖, or factor when that is 0 (default 100). */
  factor?: number;
  /** Positive scale factors for the unknowns (one per unknown). Default: the norms of the
   * Jacobian's columns, the largest seen so far. */
  diag?: ArrayLike<number>;
  /** The dtype fun computes in: 'float64' (the default) or 'float32'. The solver works in float64. */
  dtype?: 'float32' | 'float64';
  /** true (the default): fun is traced at its first evaluation and the later ones replay its ops
   * inside wasm; a fun that reads tensor values, draws random numbers or uses a variable is detected
   * and runs at every evaluation. false: fun runs at every evaluation. */
  jit?: boolean;
}

/** The fields of scipy's OptimizeResult that both methods of `tf.optimize.root` return. */
interface RootRun {
  /** The solution (or the last iterate when success is false). */
  x: number[];
  /** Why the run stopped, in scipy's words. */
  message: string;
  /** fun at x. */
  fun: number[];
}

/** What `tf.optimize.root` returns for method 'hybr': scipy's OptimizeResult. */
export interface RootResult extends RootRun {
  /** Whether the run converged (status 1). */
  success: boolean;
  /** hybrj's info: 1 converged; 2 maxEvaluations reached; 3 xtol too small for further
   * improvement; 4 no progress over the last five Jacobian evaluations; 5 no progress over the
   * last ten iterations. */
  status: number;
  /** Evaluations of fun (Jacobians not counted). */
  nfev: number;
  /** Evaluations of the Jacobian. */
  njev: number;
  /** The orthogonal factor Q of the final approximate Jacobian J ≈ Q R, its columns as rows
   * (scipy's fjac, which is Qᵀ as a row-major array): J ≈ fjacᵀ R. */
  fjac: number[][];
  /** R's upper triangle packed by rows: r(0, 0..n-1), then r(1, 1..n-1), ... */
  r: number[];
  /** Qᵀ f as the last update of the factorization left it (hybrj's qtf: the residuals of the
   * final accepted step are not folded in). */
  qtf: number[];
  /** The method that ran. */
  method: 'hybr';
}

/** What `tf.optimize.root` returns for method 'lm': scipy's OptimizeResult from leastsq. */
export interface RootLmResult extends RootRun {
  /** Whether the run converged (status 1 to 4). A least-squares point that is not a root also
   * converges: check `fun`. */
  success: boolean;
  /** lmder's info: 1 ftol met; 2 xtol met; 3 both; 4 gtol met; 5 maxEvaluations reached; 6, 7
   * and 8 ftol, xtol and gtol too small for further progress at machine precision. */
  status: number;
  /** Evaluations of fun that MINPACK made (Jacobians not counted). scipy 1.17's count is two
   * more: it calls fun at x0 to check its output before MINPACK starts. */
  nfev: number;
  /** Jacobians the method factored (lmder's njev). */
  njev: number;
  /** The column pivoting of the last factorization J P = Q R: column k of J P is column
   * ipvt[k] of J (0-based, as scipy returns it). */
  ipvt: number[];
  /** The first n entries of Qᵀ fun at the point of the last factorization. */
  qtf: number[];
  /** R of the last factorization, n×n upper triangular, by rows (scipy packs it, transposed,
   * with the Householder vectors into fjac). */
  r: number[][];
  /** scipy's cov_x: (Jᵀ J)⁻¹ from R and the pivoting, to be scaled by the residual variance for
   * a covariance of x; null when R is singular or the run did not converge. */
  covX: number[][] | null;
  /** The method that ran. */
  method: 'lm';
}

const OPTIONS = ['method', 'tol', 'xtol', 'ftol', 'gtol', 'maxEvaluations', 'factor', 'diag', 'dtype', 'jit'];

/** hybrj's messages, as scipy words them. */
function statusMessage(status: number, maxEvaluations: number, xtol: number): string {
  switch (status) {
    case 1:
      return 'The solution converged.';
    case 2:
      return `The number of calls to function has reached maxfev = ${maxEvaluations}.`;
    case 3:
      return `xtol=${xtol.toFixed(6)} is too small, no further improvement in the approximate solution is possible.`;
    case 4:
      return 'The iteration is not making good progress, as measured by the improvement from the last five Jacobian evaluations.';
    default:
      return 'The iteration is not making good progress, as measured by the improvement from the last ten iterations.';
  }
}

/**
 * scipy.optimize.root: solves fun(x) = 0 for a system of n equations in n unknowns, with the
 * exact Jacobian of fun from automatic differentiation, by Powell's hybrid method (MINPACK's
 * hybrj; method 'hybr', the default) or by Levenberg-Marquardt (MINPACK's lmder, as scipy's
 * leastsq runs it; method 'lm', which returns `RootLmResult`). fun receives x as a tensor of shape
 * [n] (float64 unless `dtype` says otherwise) and returns the n residuals, shape [n]. For more
 * equations than unknowns, use `tf.optimize.leastSquares`; to minimize a scalar,
 * `tf.optimize.minimize`.
 *
 * @example
 * ```ts
 * // x² + y² = 4 and x·y = 1, from (2, 0.5)
 * const sol = tf.optimize.root((v) => {
 *   const [x, y] = tf.unstack(v);
 *   return tf.stack([x!.square().add(y!.square()).sub(4), x!.mul(y!).sub(1)]);
 * }, [2, 0.5]);
 * console.log(sol.success, sol.x.map((v) => v.toFixed(6))); // true [ '1.931852', '0.517638' ]
 * console.log(sol.message); // The solution converged.
 *
 * const lm = tf.optimize.root((v) => tf.stack([v.sum().sub(3), v.prod().sub(2)]), [0.5, 3], { method: 'lm' });
 * console.log(lm.status, lm.x.map((v) => v.toFixed(6))); // 2 [ '1.000000', '2.000000' ]
 * ```
 */
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootOptions & { method: 'lm' }): RootLmResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions & { method?: 'hybr' }): RootResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions): RootResult | RootLmResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions): RootResult | RootLmResult {
  return solve('root', fun, x0, options);
}

/**
 * scipy.optimize.fsolve: the roots of fun(x) = 0 by `tf.optimize.root`'s method, returned as the
 * array x. As scipy, it warns (console.warn) with the reason when the run did not converge;
 * `tf.optimize.root` returns that and the rest of the run's record.
 *
 * @example
 * ```ts
 * const x = tf.optimize.fsolve((v) => tf.stack([v.sum().sub(3), v.prod().sub(2)]), [0.5, 3]);
 * console.log(x.map((v) => v.toFixed(6))); // [ '1.000000', '2.000000' ]
 * ```
 */
export function fsolve(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions): number[] {
  const result = solve('fsolve', fun, x0, options);
  if (!result.success) console.warn(`fsolve: ${result.message}`);
  return result.x;
}

function solve(op: string, fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootOptions | undefined): RootResult | RootLmResult {
  if (typeof fun !== 'function') throw new Error(`${op}: fun must be a function of the unknowns' tensor, got ${describe(fun)}.`);
  const o = checkOptions(options ?? {}, op, OPTIONS, "{ xtol: 1e-10, maxEvaluations: 500 }") as RootOptions;
  const method = o.method ?? 'hybr';
  if (method !== 'hybr' && method !== 'lm') {
    throw new Error(`${op}: method ${describe(o.method)} is not supported; the methods are 'hybr' (Powell's hybrid method) and 'lm' (Levenberg-Marquardt). For least squares, use tf.optimize.leastSquares.`);
  }
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  const dtype = o.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw new Error(`${op}: dtype must be 'float64' or 'float32', got ${describe(o.dtype)}.`);
  const jit = o.jit ?? true;
  if (typeof jit !== 'boolean') throw new Error(`${op}: jit must be true or false, got ${describe(o.jit)}.`);
  const given = o as Record<string, unknown>;
  const epsilon = dtype === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  // scipy's default for both is the literal 1.49012e-08, about √ε of float64.
  const defaultTol = dtype === 'float64' ? 1.49012e-8 : Math.sqrt(epsilon);
  const tol = optionalNonNegative(given, 'tol', op) ?? defaultTol;
  const xtol = optionalNonNegative(given, 'xtol', op) ?? tol;
  const ftol = optionalNonNegative(given, 'ftol', op) ?? defaultTol;
  const gtol = optionalNonNegative(given, 'gtol', op) ?? 0;
  if (method === 'hybr') {
    for (const name of ['ftol', 'gtol'] as const) {
      if (o[name] !== undefined) throw new Error(`${op}: ${name} is an option of method 'lm'; 'hybr' ends on xtol alone.`);
    }
  }
  const maxEvaluations = optionalPositiveInteger(given, 'maxEvaluations', op) ?? 100 * (n + 1);
  const factor = o.factor ?? 100;
  if (typeof factor !== 'number' || !(factor > 0) || !Number.isFinite(factor)) throw new Error(`${op}: factor must be a positive number, got ${describe(o.factor)}.`);
  let scale: Float64Array | null = null;
  if (o.diag !== undefined) {
    scale = numbers(o.diag, op, 'diag');
    if (scale.length !== n || scale.some((d) => !(d > 0))) {
      throw new Error(`${op}: diag must hold ${n} positive numbers, one per unknown, got ${describe(o.diag)}.`);
    }
  }

  const problem = tapeProblem(n, n, 'vector', dtype, jit, ([x]) => {
    const r = fun(x!);
    if (!(r instanceof Tensor)) throw new Error(`${op}: fun must return a tensor, got ${describe(r)}.`);
    if (r.rank !== 1 || r.shape[0] !== n) {
      throw new Error(
        `${op}: fun(x) returned shape [${r.shape.join(', ')}]; it must return shape [${n}], one residual per unknown ` +
          '(for more equations than unknowns, use tf.optimize.leastSquares).',
      );
    }
    if (r.dtype !== dtype) throw new Error(`${op}: fun(x) returned ${r.dtype}; this run computes in ${dtype}: make constants with dtype '${dtype}'.`);
    return r;
  });
  try {
    if (method === 'lm') {
      const run = levenbergMarquardtRun(n, n, start, {
        ftol, xtol, gtol, maxIterations: Infinity, maxEvaluations, factor, epsilon, ...(scale ? { scale } : {}),
      });
      return lmResult(runOn(finiteStart(problem, op), run), { ftol, xtol, gtol, maxEvaluations });
    }
    return hybridResult(runOn(finiteStart(problem, op), powellHybridRun(n, start, { xtol, maxEvaluations, factor, scale })), maxEvaluations, xtol);
  } catch (e) {
    if (e instanceof UnusedParameterError) throw new Error(`${op}: fun(x) does not depend on x.`);
    throw e;
  } finally {
    problem.dispose();
  }
}

function hybridResult(result: HybridResult, maxEvaluations: number, xtol: number): RootResult {
  const n = result.x.length;
  return {
    x: Array.from(result.x),
    success: result.status === 1,
    status: result.status,
    message: statusMessage(result.status, maxEvaluations, xtol),
    fun: Array.from(result.residuals),
    nfev: result.evaluations,
    njev: result.jacobianEvaluations,
    fjac: squareRows(result.q, n),
    r: Array.from(result.r),
    qtf: Array.from(result.qtf),
    method: 'hybr',
  };
}

/** lmder's messages, as scipy's leastsq words them (Python's `{:f}`: six decimals). */
function lmMessage(info: Ending, s: { ftol: number; xtol: number; gtol: number; maxEvaluations: number }): string {
  const [ftol, xtol, gtol] = [s.ftol.toFixed(6), s.xtol.toFixed(6), s.gtol.toFixed(6)];
  switch (info) {
    case Ending.Ftol:
      return `Both actual and predicted relative reductions in the sum of squares\n  are at most ${ftol}`;
    case Ending.Xtol:
      return `The relative error between two consecutive iterates is at most ${xtol}`;
    case Ending.FtolAndXtol:
      return `Both actual and predicted relative reductions in the sum of squares\n  are at most ${ftol} and the relative error between two consecutive iterates is at \n  most ${xtol}`;
    case Ending.Gtol:
      return `The cosine of the angle between func(x) and any column of the\n  Jacobian is at most ${gtol} in absolute value`;
    case Ending.MaxEvaluations:
      return `Number of calls to function has reached maxfev = ${s.maxEvaluations}.`;
    case Ending.FtolAtMachinePrecision:
      return `ftol=${ftol} is too small, no further reduction in the sum of squares\n  is possible.`;
    case Ending.XtolAtMachinePrecision:
      return `xtol=${xtol} is too small, no further improvement in the approximate\n  solution is possible.`;
    case Ending.GtolAtMachinePrecision:
      return `gtol=${gtol} is too small, func(x) is orthogonal to the columns of\n  the Jacobian to machine precision.`;
    case Ending.Stopped:
      throw new Error('root: an lm run without onIteration cannot be stopped');
  }
}

function lmResult(result: LmResult, settings: { ftol: number; xtol: number; gtol: number; maxEvaluations: number }): RootLmResult {
  const { n, r, permutation, qtb } = result.factorization;
  const success = result.info >= Ending.Ftol && result.info <= Ending.Gtol;
  return {
    x: Array.from(result.x),
    success,
    status: result.info,
    message: lmMessage(result.info, settings),
    fun: Array.from(result.residuals),
    nfev: result.evaluations,
    njev: result.factorizations,
    ipvt: Array.from(permutation),
    qtf: Array.from(qtb),
    r: squareRows(r, n),
    covX: success ? unscaledCovariance(r, permutation, n) : null,
    method: 'lm',
  };
}

/** leastsq's cov_x: with J P = Q R, (Jᵀ J)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ, so row permutation[k] of R⁻¹ is
 * row k of the result's factor (scipy's invR[perm] = invR). null when R has a zero on its
 * diagonal (LAPACK's trtri fails there, and scipy returns None). */
function unscaledCovariance(r: Float64Array, permutation: Int32Array, n: number): number[][] | null {
  for (let i = 0; i < n; i++) if (r[i * n + i] === 0) return null;
  // R⁻¹ by back substitution, column by column (it is upper triangular too).
  const inverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inverse[j * n + j] = 1 / r[j * n + j]!;
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= j; k++) sum += r[i * n + k]! * inverse[k * n + j]!;
      inverse[i * n + j] = -sum / r[i * n + i]!;
    }
  }
  const factor = new Float64Array(n * n);
  for (let k = 0; k < n; k++) factor.set(inverse.subarray(k * n, (k + 1) * n), permutation[k]! * n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += factor[i * n + k]! * factor[j * n + k]!;
      return sum;
    }),
  );
}

/** `problem`, refusing a start where fun or its Jacobian is not finite (the method could not take
 * a step from there). A zero Jacobian column is allowed: the dogleg handles a singular R. */
function finiteStart(problem: LmProblem, op: string): LmProblem {
  let checked = 0; // 1: the residuals at x0 were finite; 2: the Jacobian too
  return {
    m: problem.m,
    n: problem.n,
    evaluate(x, wantJacobian) {
      const evaluation = problem.evaluate(x, wantJacobian);
      if (checked < 2) {
        if (evaluation.residuals.some((v) => !Number.isFinite(v))) {
          throw new Error(`${op}: fun(x0) is not finite (${Array.from(evaluation.residuals).join(', ')}); choose a starting point where fun is defined.`);
        }
        checked = 1;
        if (evaluation.jacobian) {
          if (evaluation.jacobian.some((v) => !Number.isFinite(v))) throw new Error(`${op}: the Jacobian of fun at x0 is not finite.`);
          checked = 2;
        }
      }
      return evaluation;
    },
  };
}
