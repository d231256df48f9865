// tf.optimize.root and tf.optimize.fsolve: scipy.optimize.root and fsolve, which solve a system of
// n equations f(x) = 0 in n unknowns: 'hybr' and 'lm' with the exact Jacobian from gradtape's
// automatic differentiation (scipy's fsolve estimates it by finite differences unless given one),
// the quasi-Newton methods of scipy's nonlin_solve and 'df-sane' from values of f alone. This file
// checks arguments, builds the residual function from tensors and assembles scipy's result; the
// algorithms are in hybrid.ts, lm.ts, nonlin.ts and df-sane.ts.

import { constant } from '../creation';
import { checkOptions, describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { pythonG } from '../print';
import { Tensor } from '../tensor';
import { dfSane } from './df-sane';
import { numbers, optionalNonNegative, optionalPositiveInteger, startingPoint } from './fit-arguments';
import { type HybridResult, powellHybridRun } from './hybrid';
import { Ending, type LmProblem, type LmResult, levenbergMarquardtRun } from './lm';
import { KrylovJacobian, type KrylovSettings } from './krylov';
import { type JacobianSettings, jacobianApproximation, maxNorm, type NonlinMethod, nonlinSolve } from './nonlin';
import { runOn } from './solver-run';
import { tapeProblem, UnusedParameterError } from './tape-problem';
import { abortTrace, beginTrace, endTrace, freeProgram, markTrace, replay } from './traced';
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

/** The quasi-Newton methods of `tf.optimize.root` (scipy's nonlin_solve, by the name of the
 * Jacobian approximation each updates from the steps and the changes of fun):
 * - 'broyden1': Broyden's first ("good") method, a low-rank update of the inverse Jacobian;
 * - 'broyden2': Broyden's second ("bad") method;
 * - 'anderson': (extended) Anderson mixing over the last M steps;
 * - 'linearmixing': the fixed Jacobian -1/alpha;
 * - 'diagbroyden': a diagonal Jacobian updated as Broyden's first method;
 * - 'excitingmixing': a diagonal inverse Jacobian tuned per unknown;
 * - 'krylov': Newton-Krylov (scipy's newton_krylov), for large systems: each Newton step is solved
 *   by LGMRES, with products J v by forward differences of fun (no Jacobian is formed or stored). */
export type RootQuasiNewtonMethod = NonlinMethod | 'krylov';

/** scipy's jac_options of the quasi-Newton methods: each method takes its own. */
export interface RootJacobianOptions {
  /** Every method but 'krylov': the first Jacobian approximation is -1/alpha. Default: 0.5·max(‖x0‖, 1)/‖fun(x0)‖
   * (1 when fun(x0) = 0). */
  alpha?: number;
  /** 'broyden1' and 'broyden2': how the rank of the inverse Jacobian's update is kept at most
   * maxRank: 'restart' (the default) drops every stored vector, 'simple' the oldest. (scipy's
   * 'svd' is not implemented.) */
  reductionMethod?: 'restart' | 'simple';
  /** 'broyden1' and 'broyden2': the largest rank of the update, an integer >= 2 (default
   * Infinity: no reduction). */
  maxRank?: number;
  /** 'anderson': how many earlier steps are kept (default 5). */
  M?: number;
  /** 'anderson': the regularization of its small linear system (default 0.01). */
  w0?: number;
  /** 'excitingmixing': the entries of the diagonal inverse Jacobian stay in [0, alphamax] (default 1). */
  alphamax?: number;
  /** 'krylov': the relative step of the finite differences, J v ≈ (fun(x + ω v/‖v‖) - fun(x))·‖v‖/ω
   * with ω = rdiff·max(1, max|x|)/max(1, max|fun(x)|) (default √ε, 1.49e-8). */
  rdiff?: number;
  /** 'krylov': the inner linear solver, 'lgmres' (the default and the only one gradtape has;
   * scipy's 'gmres', 'bicgstab', 'cgs', 'minres' and 'tfqmr' are not implemented). */
  method?: 'lgmres';
  /** 'krylov': scipy's inner_maxiter (default 20). With 'lgmres' scipy replaces it by one LGMRES
   * cycle per Newton step (of innerInnerM steps), so it changes nothing, here as in scipy. */
  innerMaxiter?: number;
  /** 'krylov': the directions of this many earlier Newton steps augment each LGMRES solve
   * (scipy's outer_k, default 10). */
  outerK?: number;
  /** 'krylov': the Arnoldi steps of an LGMRES cycle besides the outer vectors (lgmres's inner_m,
   * scipy's inner_inner_m, default 30). */
  innerInnerM?: number;
  /** 'krylov': a fixed relative tolerance of the linear solves, ‖J dx + fun(x)‖ <= innerRtol‖fun(x)‖
   * (scipy's inner_rtol). Default: the forcing term min(η, η‖fun(x)‖), η adapting to how fast
   * ‖fun‖ falls (Eisenstat and Walker). */
  innerRtol?: number;
  /** 'krylov': an absolute tolerance of the linear solves (scipy's inner_atol, default 0). */
  innerAtol?: number;
}

/** Options of `tf.optimize.root` for the quasi-Newton methods (scipy's, maxiter as maxIterations).
 * The run has converged when, in tolNorm, |fun(x)| <= fatol and |fun(x)| <= ftol·|fun(x0)|, and
 * the step |dx| <= xatol and |dx| <= xtol·|x|. */
export interface RootNonlinOptions {
  /** The Jacobian approximation (see `RootQuasiNewtonMethod`). */
  method: RootQuasiNewtonMethod;
  /** scipy's `tol`: xtol = tol, and the tolerances not given Infinity (the step alone decides). */
  tol?: number;
  /** Make exactly this many iterations (the tolerances are not tested; status 2 after them). */
  nit?: number;
  /** The most iterations. Default: nit + 1 when nit is given, else 100·(n + 1). */
  maxIterations?: number;
  /** Relative tolerance for the residual (default Infinity: not used). */
  ftol?: number;
  /** Absolute tolerance for the residual (default 6.0555e-6, ε^(1/3)). */
  fatol?: number;
  /** Relative tolerance for the step (default Infinity: not used). */
  xtol?: number;
  /** Absolute tolerance for the step (default Infinity: not used). */
  xatol?: number;
  /** The norm of the tests (default the largest |entry|). */
  tolNorm?: (v: Float64Array) => number;
  /** The line search on ‖fun(x + s·dx)‖²: 'armijo' (the default: backtracking), 'wolfe' (MINPACK's
   * dcsrch with a finite-difference slope) or null (the full step). */
  lineSearch?: 'armijo' | 'wolfe' | null;
  /** The approximation's settings (scipy's jac_options). */
  jacOptions?: RootJacobianOptions;
  /** Print each iteration's |fun(x)| and step to the console, as scipy's disp does. */
  disp?: boolean;
  /** The dtype fun computes in: 'float64' (the default) or 'float32'. The solver works in float64. */
  dtype?: 'float32' | 'float64';
  /** true (the default): fun is traced at its first evaluation and the later ones replay its ops
   * inside wasm (a fun that cannot be replayed runs at every evaluation); false: fun runs at every
   * evaluation. */
  jit?: boolean;
}

/** Options of `tf.optimize.root` for method 'df-sane' (scipy's, maxfev as maxEvaluations). The run
 * has converged when fnorm(fun(x)) < ftol·fnorm(fun(x0)) + fatol. */
export interface RootDfSaneOptions {
  /** DF-SANE: spectral steps along ±fun(x) with a nonmonotone line search (La Cruz, Martínez and
   * Raydan 2006). */
  method: 'df-sane';
  /** scipy's `tol`: ftol, when ftol is not given. */
  tol?: number;
  /** Relative tolerance (default 1e-8). */
  ftol?: number;
  /** Absolute tolerance (default 1e-300). */
  fatol?: number;
  /** The norm of the test (default the 2-norm). */
  fnorm?: (f: Float64Array) => number;
  /** The most evaluations of fun (default 1000). */
  maxEvaluations?: number;
  /** 'cruz': the line search compares with the largest ‖fun‖² of the last M iterates (default 10). */
  M?: number;
  /** η_k, the growth of ‖fun‖² the line search allows at iteration k (positive, summable over k).
   * Default: ‖fun(x0)‖² / (1 + k)². */
  etaStrategy?: (k: number, x: Float64Array, f: Float64Array) => number;
  /** The spectral coefficient σ is kept in sigmaEps <= |σ| <= 1/sigmaEps (default 1e-10). */
  sigmaEps?: number;
  /** The first σ (default 1). */
  sigma0?: number;
  /** 'cruz' (the default; La Cruz, Martínez and Raydan) or 'cheng' (Cheng and Li 2009). */
  lineSearch?: 'cruz' | 'cheng';
  /** Print each iteration's ‖fun(x)‖ and σ to the console, as scipy's disp does. */
  disp?: boolean;
  /** The dtype fun computes in: 'float64' (the default) or 'float32'. The solver works in float64. */
  dtype?: 'float32' | 'float64';
  /** true (the default): fun is traced and replayed, as for the other methods. */
  jit?: boolean;
}

/** What `tf.optimize.root` returns for the quasi-Newton methods: scipy's OptimizeResult. */
export interface RootNonlinResult extends RootRun {
  /** Whether the tolerances were met (status 1). */
  success: boolean;
  /** 1: the tolerances were met; 2: maxIterations (or nit) iterations were made. */
  status: number;
  /** The iterations: the convergence tests made, the last one included. */
  nit: number;
  /** Evaluations of fun (the line searches' included). */
  nfev: number;
  /** The method that ran. */
  method: RootQuasiNewtonMethod;
}

/** What `tf.optimize.root` returns for method 'df-sane': scipy's OptimizeResult (which has no status). */
export interface RootDfSaneResult extends RootRun {
  /** Whether the tolerance was met. */
  success: boolean;
  /** The iterations (accepted steps). */
  nit: number;
  /** Evaluations of fun. */
  nfev: number;
  /** The method that ran. */
  method: 'df-sane';
}

/** Every option object of `tf.optimize.root`. */
type AnyRootOptions = RootOptions | RootNonlinOptions | RootDfSaneOptions;
/** Every result of `tf.optimize.root`. */
type AnyRootResult = RootResult | RootLmResult | RootNonlinResult | RootDfSaneResult;

const OPTIONS = ['method', 'tol', 'xtol', 'ftol', 'gtol', 'maxEvaluations', 'factor', 'diag', 'dtype', 'jit'];
/** The methods with a first approximation -1/alpha (nonlin.ts's). */
const BROYDEN_LIKE: readonly string[] = ['broyden1', 'broyden2', 'anderson', 'linearmixing', 'diagbroyden', 'excitingmixing'];
const NONLIN_METHODS: readonly string[] = [...BROYDEN_LIKE, 'krylov'];
const NONLIN_OPTIONS = ['method', 'tol', 'nit', 'maxIterations', 'ftol', 'fatol', 'xtol', 'xatol', 'tolNorm', 'lineSearch', 'jacOptions', 'disp', 'dtype', 'jit'];
const DF_SANE_OPTIONS = ['method', 'tol', 'ftol', 'fatol', 'fnorm', 'maxEvaluations', 'M', 'etaStrategy', 'sigmaEps', 'sigma0', 'lineSearch', 'disp', 'dtype', 'jit'];
/** The option families, for an option given to a method of another. */
const FAMILIES: { methods: string; options: readonly string[] }[] = [
  { methods: "methods 'hybr' and 'lm'", options: OPTIONS },
  { methods: `the quasi-Newton methods (${NONLIN_METHODS.map((m) => `'${m}'`).join(', ')})`, options: NONLIN_OPTIONS },
  { methods: "method 'df-sane'", options: DF_SANE_OPTIONS },
];
/** The keys of jacOptions, and the methods taking each. */
const JACOBIAN_OPTIONS: Record<string, readonly string[]> = {
  alpha: BROYDEN_LIKE,
  reductionMethod: ['broyden1', 'broyden2'],
  maxRank: ['broyden1', 'broyden2'],
  M: ['anderson'],
  w0: ['anderson'],
  alphamax: ['excitingmixing'],
  rdiff: ['krylov'],
  method: ['krylov'],
  innerMaxiter: ['krylov'],
  outerK: ['krylov'],
  innerInnerM: ['krylov'],
  innerRtol: ['krylov'],
  innerAtol: ['krylov'],
};

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
 * leastsq runs it; method 'lm', which returns `RootLmResult`); or from values of fun alone, by
 * scipy's quasi-Newton methods 'broyden1', 'broyden2', 'anderson', 'linearmixing', 'diagbroyden'
 * and 'excitingmixing', or by Newton-Krylov steps ('krylov', for large systems: LGMRES on
 * finite-difference products J v) (`RootNonlinOptions`, returning `RootNonlinResult`), or by the spectral
 * method 'df-sane' (`RootDfSaneOptions`, returning `RootDfSaneResult`), step for step as scipy
 * 1.17 runs them. fun receives x as a tensor of shape [n] (float64 unless `dtype` says otherwise)
 * and returns the n residuals, shape [n]. For more equations than unknowns, use
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
 *
 * const lm = tf.optimize.root((v) => tf.stack([v.sum().sub(3), v.prod().sub(2)]), [0.5, 3], { method: 'lm' });
 * console.log(lm.status, lm.x.map((v) => v.toFixed(6))); // 2 [ '1.000000', '2.000000' ]
 *
 * // scipy's example for 'broyden1': cos(x) + reverse(x) = (1, 2, 3, 4), no Jacobian taken
 * const b = tf.optimize.root((v) => tf.cos(v).add(tf.reverse(v, 0)).sub(tf.constant([1, 2, 3, 4], 'float64')), [1, 1, 1, 1], { method: 'broyden1', tol: 1e-14 });
 * console.log(b.nit, b.x.map((v) => v.toFixed(8))); // 36 [ '4.04674914', '3.91158389', '2.71791677', '1.61756251' ]
 * ```
 */
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootOptions & { method: 'lm' }): RootLmResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: RootOptions & { method?: 'hybr' }): RootResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootNonlinOptions): RootNonlinResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: RootDfSaneOptions): RootDfSaneResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: AnyRootOptions): AnyRootResult;
export function root(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: AnyRootOptions): AnyRootResult {
  return solve('root', fun, x0, options);
}

/**
 * scipy.optimize.fsolve: the roots of fun(x) = 0 by `tf.optimize.root`'s method ('hybr' unless
 * `options.method` names another), returned as the
 * array x. As scipy, it warns (console.warn) with the reason when the run did not converge;
 * `tf.optimize.root` returns that and the rest of the run's record.
 *
 * @example
 * ```ts
 * const x = tf.optimize.fsolve((v) => tf.stack([v.sum().sub(3), v.prod().sub(2)]), [0.5, 3]);
 * console.log(x.map((v) => v.toFixed(6))); // [ '1.000000', '2.000000' ]
 * ```
 */
export function fsolve(fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: AnyRootOptions): number[] {
  const result = solve('fsolve', fun, x0, options);
  if (!result.success) console.warn(`fsolve: ${result.message}`);
  return result.x;
}

function solve(op: string, fun: (x: Tensor) => Tensor, x0: ArrayLike<number>, options: AnyRootOptions | undefined): AnyRootResult {
  if (typeof fun !== 'function') throw new Error(`${op}: fun must be a function of the unknowns' tensor, got ${describe(fun)}.`);
  const example = "{ xtol: 1e-10, maxEvaluations: 500 }";
  if (options !== undefined && !isPlainObject(options)) checkOptions(options, op, OPTIONS, example);
  const named: unknown = (options as { method?: unknown } | undefined)?.method ?? 'hybr';
  const method = typeof named === 'string' ? named.toLowerCase() : named; // as scipy's root: 'LM' is 'lm'
  if (method !== 'hybr' && method !== 'lm' && method !== 'df-sane' && !NONLIN_METHODS.includes(method as string)) {
    throw new Error(
      `${op}: method ${describe(method)} is not supported; the methods are 'hybr' (Powell's hybrid method), 'lm' (Levenberg-Marquardt), ` +
        `${NONLIN_METHODS.map((m) => `'${m}'`).join(', ')} (quasi-Newton) and 'df-sane' (spectral). For least squares, use tf.optimize.leastSquares.`,
    );
  }
  const accepted = method === 'hybr' || method === 'lm' ? OPTIONS : method === 'df-sane' ? DF_SANE_OPTIONS : NONLIN_OPTIONS;
  const given = checkMethodOptions(options ?? {}, op, method as string, accepted);
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  const dtype = given.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw new Error(`${op}: dtype must be 'float64' or 'float32', got ${describe(given.dtype)}.`);
  const jit = given.jit ?? true;
  if (typeof jit !== 'boolean') throw new Error(`${op}: jit must be true or false, got ${describe(given.jit)}.`);
  const residualsOf = (x: Tensor): Tensor => {
    const r = fun(x);
    if (!(r instanceof Tensor)) throw new Error(`${op}: fun must return a tensor, got ${describe(r)}.`);
    if (r.rank !== 1 || r.shape[0] !== n) {
      throw new Error(
        `${op}: fun(x) returned shape [${r.shape.join(', ')}]; it must return shape [${n}], one residual per unknown ` +
          '(for more equations than unknowns, use tf.optimize.leastSquares).',
      );
    }
    if (r.dtype !== dtype) throw new Error(`${op}: fun(x) returned ${r.dtype}; this run computes in ${dtype}: make constants with dtype '${dtype}'.`);
    return r;
  };
  if (method === 'df-sane' || NONLIN_METHODS.includes(method as string)) {
    const values = residualValues(residualsOf, n, dtype as 'float32' | 'float64', jit, op);
    try {
      return method === 'df-sane'
        ? dfSaneRun(op, given, values.evaluate, start)
        : nonlinRun(op, method as RootQuasiNewtonMethod, given, values.evaluate, start);
    } finally {
      values.dispose();
    }
  }
  return jacobianRun(op, method as 'hybr' | 'lm', given as RootOptions, start, dtype as 'float32' | 'float64', jit, residualsOf);
}

/** `options` checked against the keys `method` accepts: an option of another method's family is an
 * error that names the methods taking it; an unknown one lists the accepted keys. */
function checkMethodOptions(options: object, op: string, method: string, accepted: readonly string[]): Record<string, unknown> & { dtype?: unknown; jit?: unknown } {
  for (const key in options) {
    if (accepted.includes(key) || (accepted === OPTIONS && (key === 'ftol' || key === 'gtol'))) continue;
    const takers = FAMILIES.filter((f) => f.options !== accepted && f.options.includes(key)).map((f) => f.methods);
    if (takers.length > 0) throw new Error(`${op}: ${key} is an option of ${takers.join(' and of ')}; method '${method}' takes ${accepted.join(', ')}.`);
  }
  return checkOptions(options, op, accepted, "{ xtol: 1e-10, maxEvaluations: 500 }");
}

function jacobianRun(
  op: string,
  method: 'hybr' | 'lm',
  o: RootOptions,
  start: Float64Array,
  dtype: 'float32' | 'float64',
  jit: boolean,
  residualsOf: (x: Tensor) => Tensor,
): RootResult | RootLmResult {
  const n = start.length;
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

  const problem = tapeProblem(n, n, 'vector', dtype, jit, ([x]) => residualsOf(x!));
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

/** The residuals of `residualsOf` at x as numbers, without a tape (the quasi-Newton methods and
 * 'df-sane' take no Jacobian). The first evaluation is traced unless `jit` is false, and replayed
 * inside wasm afterwards when it can be; fun(x0) must be finite. `dispose` frees the program. */
function residualValues(residualsOf: (x: Tensor) => Tensor, n: number, dtype: 'float32' | 'float64', jit: boolean, op: string) {
  let traced = !jit;
  let program = 0;
  let first = true;
  const evaluate = (x: Float64Array): Float64Array => {
    let values: Float64Array;
    if (program !== 0) {
      values = replay(program, x, n, () => false)[0];
    } else {
      values = tidy(() => {
        const xt = constant(dtype === 'float64' ? Float64Array.from(x) : Float32Array.from(x));
        const tracingNow = !traced && beginTrace([xt]);
        traced = true;
        let r: Tensor;
        try {
          r = residualsOf(xt);
        } catch (e) {
          if (tracingNow) abortTrace();
          throw e;
        }
        if (tracingNow && markTrace(r)) program = endTrace([]);
        const data = r.dataSync();
        return data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
      });
    }
    if (first) {
      first = false;
      if (values.some((v) => !Number.isFinite(v))) {
        throw new Error(`${op}: fun(x0) is not finite (${Array.from(values).join(', ')}); choose a starting point where fun is defined.`);
      }
    }
    return values;
  };
  return {
    evaluate,
    dispose() {
      if (program !== 0) freeProgram(program);
      program = 0;
    },
  };
}

/** Option `key` of `o`: undefined when not given, else a number >= 0 (Infinity allowed: the
 * quasi-Newton methods' "not used"). */
function optionalTolerance(o: Record<string, unknown>, key: string, op: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= 0)) throw new Error(`${op}: ${key} must be a number >= 0 (Infinity: not used), got ${describe(v)}.`);
  return v;
}

function optionalFunction<F>(o: Record<string, unknown>, key: string, op: string, shape: string): F | null {
  const v = o[key];
  if (v === undefined) return null;
  if (typeof v !== 'function') throw new Error(`${op}: ${key} must be a function ${shape}, got ${describe(v)}.`);
  return v as F;
}

/** A user function returning a number, checked at each call. */
function numberValued<A extends unknown[]>(f: ((...args: A) => unknown) | null, op: string, key: string): ((...args: A) => number) | null {
  if (f === null) return null;
  return (...args: A) => {
    const value = f(...args);
    if (typeof value !== 'number') throw new Error(`${op}: ${key} must return a number, got ${describe(value)}.`);
    return value;
  };
}

function optionalBoolean(o: Record<string, unknown>, key: string, op: string): boolean {
  const v = o[key] ?? false;
  if (typeof v !== 'boolean') throw new Error(`${op}: ${key} must be true or false, got ${describe(v)}.`);
  return v;
}

function nonlinRun(op: string, method: RootQuasiNewtonMethod, o: Record<string, unknown>, evaluate: (x: Float64Array) => Float64Array, start: Float64Array): RootNonlinResult {
  const n = start.length;
  // scipy's root: tol is xtol (the relative step), and the tolerances not given are then infinite.
  const tol = optionalTolerance(o, 'tol', op);
  const unset = tol === undefined ? undefined : Infinity;
  const xtol = optionalTolerance(o, 'xtol', op) ?? tol ?? Infinity;
  const xatol = optionalTolerance(o, 'xatol', op) ?? unset ?? Infinity;
  const ftol = optionalTolerance(o, 'ftol', op) ?? unset ?? Infinity;
  // nonlin_solve's default f_tol: ε^(1/3).
  const fatol = optionalTolerance(o, 'fatol', op) ?? unset ?? Math.pow(2.220446049250313e-16, 1 / 3);
  const nit = optionalPositiveInteger(o, 'nit', op) ?? null;
  const maxIterations = optionalPositiveInteger(o, 'maxIterations', op) ?? null;
  const lineSearch = o.lineSearch === undefined ? 'armijo' : o.lineSearch;
  if (lineSearch !== 'armijo' && lineSearch !== 'wolfe' && lineSearch !== null) {
    throw new Error(`${op}: lineSearch must be 'armijo', 'wolfe' or null (no line search), got ${describe(o.lineSearch)}.`);
  }
  const tolNorm = numberValued(optionalFunction<(v: Float64Array) => unknown>(o, 'tolNorm', op, 'of a vector returning its norm'), op, 'tolNorm') ?? maxNorm;
  const jacOptions = checkedJacobianOptions(o.jacOptions, method, op);
  const jacobian = method === 'krylov' ? new KrylovJacobian(krylovSettings(jacOptions, op)) : jacobianApproximation(method, jacobianSettings(jacOptions, op), n);
  const result = nonlinSolve(evaluate, start, jacobian, {
    fTol: fatol, fRtol: ftol, xTol: xatol, xRtol: xtol, iterations: nit, maxIterations, tolNorm, lineSearch,
    report: optionalBoolean(o, 'disp', op) ? (line) => console.log(line) : null, formatG: pythonG, op,
  });
  return {
    x: Array.from(result.x),
    success: result.status === 1,
    status: result.status,
    message: result.status === 1 ? 'A solution was found at the specified tolerance.' : 'The maximum number of iterations allowed has been reached.',
    fun: Array.from(result.fun),
    nit: result.nit,
    nfev: result.nfev,
    method,
  };
}

/** jacOptions with only keys `method` takes: a key of another method's is an error naming it. */
function checkedJacobianOptions(options: unknown, method: RootQuasiNewtonMethod, op: string): Record<string, unknown> {
  const accepted = Object.keys(JACOBIAN_OPTIONS).filter((k) => JACOBIAN_OPTIONS[k]!.includes(method));
  if (options === undefined) options = {};
  if (!isPlainObject(options)) throw new Error(`${op}: jacOptions must be an object like { alpha: 0.5 }, got ${describe(options)}.`);
  for (const key in options) {
    if (accepted.includes(key)) continue;
    if (key === 'innerM' && method === 'krylov') {
      throw new Error(`${op}: jacOptions.innerM (scipy's inner_M, a preconditioner for the inner solves) is not supported; for the size of LGMRES's cycle, use innerInnerM.`);
    }
    const takers = JACOBIAN_OPTIONS[key];
    const others = Object.entries(JACOBIAN_OPTIONS)
      .filter(([k]) => !accepted.includes(k))
      .map(([k, methods]) => `${k} (${methods.join(', ')})`)
      .join(', ');
    if (takers) throw new Error(`${op}: jacOptions.${key} is an option of ${takers.map((m) => `'${m}'`).join(' and ')}; method '${method}' takes ${accepted.join(', ')}.`);
    throw new Error(`${op}: unknown jacOptions key '${key}'; method '${method}' takes ${accepted.join(', ')} (the other methods: ${others}).`);
  }
  return options;
}

/** The settings of nonlin.ts's approximations from their checked jacOptions. */
function jacobianSettings(o: Record<string, unknown>, op: string): JacobianSettings {
  const alpha = o.alpha ?? null;
  if (alpha !== null && (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha === 0)) {
    throw new Error(`${op}: jacOptions.alpha must be a finite nonzero number, got ${describe(alpha)}.`);
  }
  const reductionMethod = o.reductionMethod ?? 'restart';
  if (reductionMethod === 'svd') {
    throw new Error(`${op}: jacOptions.reductionMethod 'svd' is not supported (scipy's needs LAPACK's QR and SVD); use 'restart' or 'simple'.`);
  }
  if (reductionMethod !== 'restart' && reductionMethod !== 'simple') {
    throw new Error(`${op}: jacOptions.reductionMethod must be 'restart' or 'simple', got ${describe(reductionMethod)}.`);
  }
  const maxRank = o.maxRank ?? Infinity;
  if (typeof maxRank !== 'number' || !(maxRank === Infinity || (Number.isInteger(maxRank) && maxRank >= 2))) {
    throw new Error(`${op}: jacOptions.maxRank must be an integer >= 2 or Infinity, got ${describe(maxRank)}.`);
  }
  const M = o.M ?? 5;
  if (typeof M !== 'number' || !Number.isInteger(M) || M < 0) throw new Error(`${op}: jacOptions.M must be an integer >= 0, got ${describe(M)}.`);
  const w0 = o.w0 ?? 0.01;
  if (typeof w0 !== 'number' || !Number.isFinite(w0)) throw new Error(`${op}: jacOptions.w0 must be a finite number, got ${describe(w0)}.`);
  const alphamax = o.alphamax ?? 1.0;
  if (typeof alphamax !== 'number' || !Number.isFinite(alphamax)) throw new Error(`${op}: jacOptions.alphamax must be a finite number, got ${describe(alphamax)}.`);
  return { alpha: alpha as number | null, reductionMethod, maxRank, M, w0, alphamax };
}

/** KrylovJacobian's settings from its checked jacOptions. */
function krylovSettings(o: Record<string, unknown>, op: string): KrylovSettings {
  const inner = o.method ?? 'lgmres';
  if (inner !== 'lgmres') {
    const scipyOnly = ['gmres', 'bicgstab', 'cgs', 'minres', 'tfqmr'];
    if (typeof inner === 'string' && scipyOnly.includes(inner)) {
      throw new Error(`${op}: jacOptions.method '${inner}' is not supported: gradtape's 'krylov' solves its Newton steps by 'lgmres' (scipy's default) only.`);
    }
    throw new Error(`${op}: jacOptions.method must be 'lgmres' (the inner Krylov solver), got ${describe(inner)}.`);
  }
  const rdiff = o.rdiff ?? null;
  if (rdiff !== null && (typeof rdiff !== 'number' || !(rdiff > 0) || !Number.isFinite(rdiff))) {
    throw new Error(`${op}: jacOptions.rdiff must be a positive number, got ${describe(rdiff)}.`);
  }
  // (Named in errors under jacOptions, as the other options are.)
  const positiveInteger = (key: string): number | undefined => optionalPositiveInteger({ [`jacOptions.${key}`]: o[key] }, `jacOptions.${key}`, op);
  // innerMaxiter is checked but unused: scipy's KrylovJacobian overrides it for lgmres (one cycle).
  positiveInteger('innerMaxiter');
  const outerK = o.outerK ?? 10;
  if (typeof outerK !== 'number' || !Number.isInteger(outerK) || outerK < 0) throw new Error(`${op}: jacOptions.outerK must be an integer >= 0, got ${describe(outerK)}.`);
  const innerM = positiveInteger('innerInnerM') ?? 30;
  const innerRtol = o.innerRtol ?? null;
  if (innerRtol !== null && (typeof innerRtol !== 'number' || !(innerRtol >= 0) || !Number.isFinite(innerRtol))) {
    throw new Error(`${op}: jacOptions.innerRtol must be a finite number >= 0, got ${describe(innerRtol)}.`);
  }
  const innerAtol = o.innerAtol ?? 0;
  if (typeof innerAtol !== 'number' || !(innerAtol >= 0) || !Number.isFinite(innerAtol)) {
    throw new Error(`${op}: jacOptions.innerAtol must be a finite number >= 0, got ${describe(innerAtol)}.`);
  }
  return { rdiff: rdiff as number | null, outerK, innerM, innerRtol: innerRtol as number | null, innerAtol };
}

function dfSaneRun(op: string, o: Record<string, unknown>, evaluate: (x: Float64Array) => Float64Array, start: Float64Array): RootDfSaneResult {
  const tol = optionalNonNegative(o, 'tol', op);
  const ftol = optionalNonNegative(o, 'ftol', op) ?? tol ?? 1e-8;
  const fatol = optionalNonNegative(o, 'fatol', op) ?? 1e-300;
  const maxEvaluations = optionalPositiveInteger(o, 'maxEvaluations', op) ?? 1000;
  const M = optionalPositiveInteger(o, 'M', op) ?? 10;
  const sigmaEps = o.sigmaEps ?? 1e-10;
  if (typeof sigmaEps !== 'number' || !(sigmaEps > 0) || !Number.isFinite(sigmaEps)) throw new Error(`${op}: sigmaEps must be a positive number, got ${describe(sigmaEps)}.`);
  const sigma0 = o.sigma0 ?? 1.0;
  if (typeof sigma0 !== 'number' || !Number.isFinite(sigma0)) throw new Error(`${op}: sigma0 must be a finite number, got ${describe(sigma0)}.`);
  const lineSearch = o.lineSearch ?? 'cruz';
  if (lineSearch !== 'cruz' && lineSearch !== 'cheng') throw new Error(`${op}: lineSearch must be 'cruz' or 'cheng', got ${describe(o.lineSearch)}.`);
  const fnorm = numberValued(optionalFunction<(f: Float64Array) => unknown>(o, 'fnorm', op, 'of the residuals returning their norm'), op, 'fnorm');
  const etaStrategy = numberValued(optionalFunction<(k: number, x: Float64Array, f: Float64Array) => unknown>(o, 'etaStrategy', op, '(k, x, f) returning a positive number'), op, 'etaStrategy');
  const result = dfSane(evaluate, start, {
    ftol, fatol, fnorm, maxEvaluations, M, etaStrategy, sigmaEps, sigma0, lineSearch,
    report: optionalBoolean(o, 'disp', op) ? (line) => console.log(line) : null, formatG: pythonG,
  });
  return {
    x: Array.from(result.x),
    success: result.converged,
    message: result.converged ? 'successful convergence' : 'too many function evaluations required',
    fun: Array.from(result.fun),
    nit: result.nit,
    nfev: result.nfev,
    method: 'df-sane',
  };
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
