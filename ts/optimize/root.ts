// tf.optimize.root and tf.optimize.fsolve: scipy.optimize.root(method='hybr') and fsolve, which
// solve a system of n equations f(x) = 0 in n unknowns, with the exact Jacobian from gradtape's
// automatic differentiation (scipy's fsolve estimates it by finite differences unless given one).
// This file checks arguments, builds the residual function from tensors and assembles scipy's
// result; the algorithm is in hybrid.ts.

import { checkOptions, describe } from '../describe';
import { Tensor } from '../tensor';
import { numbers, optionalNonNegative, optionalPositiveInteger, startingPoint } from './fit-arguments';
import { type HybridResult, powellHybridRun } from './hybrid';
import type { LmProblem } from './lm';
import { runOn } from './solver-run';
import { tapeProblem, UnusedParameterError } from './tape-problem';

/** Options of `tf.optimize.root` and `tf.optimize.fsolve` (scipy's, with the library's names for
 * the evaluation budget). */
export interface RootOptions {
  /** 'hybr', Powell's hybrid method as MINPACK's hybrj runs it: the default and, for now, the only
   * method (scipy's default too). */
  method?: 'hybr';
  /** scipy's `tol`: the xtol used when xtol is not given. */
  tol?: number;
  /** The run has converged when the trust region's radius is at most xtol times the scaled norm
   * of x: the relative error between two consecutive iterates. Default: the square root of the
   * dtype's machine epsilon (1.49012e-8 in float64, scipy's). */
  xtol?: number;
  /** The most evaluations of fun, Jacobians not counted (scipy's maxfev; default 100·(n + 1),
   * scipy's when a Jacobian is given). */
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

/** What `tf.optimize.root` returns: scipy's OptimizeResult for method 'hybr'. */
export interface RootResult {
  /** The solution (or the last iterate when success is false). */
  x: number[];
  /** Whether the run converged (status 1). */
  success: boolean;
  /** hybrj's info: 1 converged; 2 maxEvaluations reached; 3 xtol too small for further
   * improvement; 4 no progress over the last five Jacobian evaluations; 5 no progress over the
   * last ten iterations. */
  status: number;
  /** Why the run stopped, in scipy's words. */
  message: string;
  /** fun at x. */
  fun: number[];
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

const OPTIONS = ['method', 'tol', 'xtol', 'maxEvaluations', 'factor', 'diag', 'dtype', 'jit'];

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
 * scipy.optimize.root with method 'hybr': solves fun(x) = 0 for a system of n equations in n
 * unknowns by Powell's hybrid method (MINPACK's hybrj), with the exact Jacobian of fun from
 * automatic differentiation. fun receives x as a tensor of shape [n] (float64 unless `dtype` says
 * otherwise) and returns the n residuals, shape [n]. For more equations than unknowns, use
 * `tf.optimize.leastSquares`; to minimize a scalar, `tf.optimize.minimize`.
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
 * ```
 */
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions): RootResult {
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

function solve(op: string, fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootOptions | undefined): RootResult {
  if (typeof fun !== 'function') throw new Error(`${op}: fun must be a function of the unknowns' tensor, got ${describe(fun)}.`);
  const o = checkOptions(options ?? {}, op, OPTIONS, "{ xtol: 1e-10, maxEvaluations: 500 }") as RootOptions;
  if (o.method !== undefined && o.method !== 'hybr') {
    throw new Error(`${op}: method ${describe(o.method)} is not supported; the method is 'hybr' (Powell's hybrid method). For least squares, use tf.optimize.leastSquares.`);
  }
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  const dtype = o.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw new Error(`${op}: dtype must be 'float64' or 'float32', got ${describe(o.dtype)}.`);
  const jit = o.jit ?? true;
  if (typeof jit !== 'boolean') throw new Error(`${op}: jit must be true or false, got ${describe(o.jit)}.`);
  const given = o as Record<string, unknown>;
  const tol = optionalNonNegative(given, 'tol', op) ?? Math.sqrt(dtype === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7);
  const xtol = optionalNonNegative(given, 'xtol', op) ?? tol;
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
  let result: HybridResult;
  try {
    result = runOn(finiteStart(problem, op), powellHybridRun(n, start, { xtol, maxEvaluations, factor, scale }));
  } catch (e) {
    if (e instanceof UnusedParameterError) throw new Error(`${op}: fun(x) does not depend on x.`);
    throw e;
  } finally {
    problem.dispose();
  }
  const fjac = Array.from({ length: n }, (_, i) => Array.from(result.q.subarray(i * n, (i + 1) * n)));
  return {
    x: Array.from(result.x),
    success: result.status === 1,
    status: result.status,
    message: statusMessage(result.status, maxEvaluations, xtol),
    fun: Array.from(result.residuals),
    nfev: result.evaluations,
    njev: result.jacobianEvaluations,
    fjac,
    r: Array.from(result.r),
    qtf: Array.from(result.qtf),
    method: 'hybr',
  };
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
