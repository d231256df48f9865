// tf.optimize.minimize: scipy.optimize.minimize's L-BFGS-B, BFGS, CG, Newton-CG, Nelder-Mead,
// Powell, its trust-region methods trust-ncg, dogleg and trust-exact, SLSQP (constrained) and TNC (truncated
// Newton with bounds) on a scalar function of a
// gradtape tensor, with the gradient from a GradientTape (reverse mode, exact), Hessian-vector
// products from nested tapes and whole Hessians as the Jacobian of the gradient. This file checks
// arguments, evaluates the objective without leaking tensors and assembles scipy's result in
// camelCase; the algorithms are in lbfgsb.ts, bfgs.ts, cg.ts, newton-cg.ts, nelder-mead.ts,
// powell.ts, trust-region.ts (with trust-ncg.ts, dogleg.ts and trust-exact.ts), slsqp.ts (with
// constraints.ts, which evaluates the constraints and their Jacobians) and tnc.ts.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import { Tensor } from '../tensor';
import { abortTrace, beginTrace, endTrace, freeProgram, markTrace, replay } from './traced';
import { bfgs } from './bfgs';
import { cg } from './cg';
import { lbfgsb, type ValueAndGradient } from './lbfgsb';
import { nelderMead } from './nelder-mead';
import { newtonCg } from './newton-cg';
import { powell } from './powell';
import { doglegSubproblem } from './dogleg';
import { nearlyExactSubproblem } from './trust-exact';
import { steihaugSubproblem } from './trust-ncg';
import { trustRegion, type Subproblem } from './trust-region';
import { optionalNonNegative, optionalPositiveInteger } from './fit-arguments';
import { checkConstraints, tensorConstraints, type MinimizeConstraint } from './constraints';
import { slsqp, type SlsqpConstraints } from './slsqp';
import { tnc } from './tnc';
import type { Objective } from './scalar-function';
import { squareRows } from './vector';

/** The algorithms of `tf.optimize.minimize`. */
export type MinimizeMethod = 'lbfgs' | 'bfgs' | 'cg' | 'newton-cg' | 'nelder-mead' | 'powell' | 'trust-ncg' | 'dogleg' | 'trust-exact' | 'slsqp' | 'tnc';

/** scipy.optimize.minimize's names of the same methods. */
export type ScipyMethodName = 'L-BFGS-B' | 'BFGS' | 'CG' | 'Newton-CG' | 'Nelder-Mead' | 'Powell' | 'SLSQP' | 'TNC';
// (scipy's names of the trust-region methods are gradtape's: 'trust-ncg', 'dogleg', 'trust-exact'.)

/** What `onIteration` receives from `tf.optimize.minimize` after each iteration. */
export interface MinimizeIterationInfo {
  /** Iterations so far (1 at the first call). */
  readonly iteration: number;
  /** The current parameters. */
  readonly x: number[];
  /** f at `x`. */
  readonly fun: number;
  /** The largest entry of the projected gradient ('lbfgs') or of the gradient ('newton-cg'; null
   * in the rare step whose line search returned no gradient), the gradient's norm of order `norm`
   * ('bfgs', 'cg'), its Euclidean norm ('trust-ncg', 'dogleg', 'trust-exact'); null for
   * 'nelder-mead', 'powell' and 'slsqp'; 'tnc': the Euclidean norm of the projected gradient in TNC's
   * scaled variables (the one gtol bounds). */
  readonly gradNorm: number | null;
  /** Objective evaluations so far. */
  readonly evaluations: number;
}

/** Options of `tf.optimize.minimize` (scipy's names in camelCase; each method reads its own). */
export interface MinimizeOptions {
  /** 'bfgs', 'lbfgs' (L-BFGS-B), 'cg', 'newton-cg', 'nelder-mead', 'powell', the trust-region
   * methods 'trust-ncg', 'dogleg' and 'trust-exact', 'slsqp' (constraints) or 'tnc' (truncated
   * Newton with bounds); scipy's names ('L-BFGS-B', 'BFGS', 'CG', 'Newton-CG', 'Nelder-Mead',
   * 'Powell', 'SLSQP', 'TNC', in any case) work too. Default as scipy's: 'slsqp' when constraints are given, else 'lbfgs' when bounds are,
   * else 'bfgs'. */
  method?: MinimizeMethod | ScipyMethodName;
  /** As scipy's: one `[min, max]` pair per parameter (null or ±Infinity for no bound), or
   * `{ lb, ub }` (scipy's `Bounds`: each a number for all parameters or one per parameter).
   * 'lbfgs', 'nelder-mead', 'powell', 'slsqp' and 'tnc' only. A start outside the bounds is clipped
   * into them ('nelder-mead' warns); 'powell' warns and starts there, as scipy's does. 'tnc', as
   * scipy's minimize, drops the variables a bound fixes (min = max) from the problem. */
  bounds?: readonly (readonly [number | null, number | null])[] | { lb?: ArrayLike<number> | number; ub?: ArrayLike<number> | number };
  /** Stop when the largest entry of the (projected) gradient is <= gtol (default 1e-5); for 'bfgs'
   * and 'cg', its norm of order `norm`. 'lbfgs', 'bfgs' and 'cg'. 'trust-ncg', 'dogleg' and
   * 'trust-exact': stop when the gradient's Euclidean norm is < gtol (default 1e-4, as scipy's).
   * 'tnc': stop when the projected gradient's Euclidean norm, in TNC's scaled variables, is at
   * most gtol (default 0.01·√accuracy). */
  gtol?: number;
  /** 'bfgs' and 'cg': the order of the gradient's norm that gtol bounds: Infinity (the default: the
   * largest |entry|), -Infinity (the smallest) or p > 0 ((Σ |g_i|^p)^(1/p)). */
  norm?: number;
  /** 'bfgs': stop when a step's length is at most xrtol·(xrtol + ‖x‖) (Euclidean norms; default 0:
   * never, unless the step is 0). */
  xrtol?: number;
  /** 'lbfgs': stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (default 2.220446049250313e-9, scipy's factr 1e7 × machine epsilon).
   * 'powell': stop when an iteration reduces f by at most ftol·(|f_k| + |f_{k+1}|)/2 (default 1e-4).
   * 'slsqp': the accuracy of every stopping test (default 1e-6, scipy's): the optimality measure
   * |∇f·d| + Σ|λ_j c_j(x)|, the constraints' total violation, and the change of f or the step
   * length must fall below it.
   * 'tnc': stop when an iteration that changed no active bound changed f by at most ftol (f as
   * TNC rescales it; default `accuracy`). */
  ftol?: number;
  /** 'slsqp' (the default method when given): one constraint or a list, each
   * `{ type: 'eq' | 'ineq', fun, jac? }` as scipy's dicts: 'eq' means fun(x) = 0, 'ineq'
   * fun(x) >= 0; fun returns a float64 scalar or rank-1 tensor. Their Jacobians come from the tape
   * unless `jac` gives them. An empty list is no constraint, for any method. */
  constraints?: MinimizeConstraint | readonly MinimizeConstraint[];
  /** 'powell': the line minimizations' tolerance (default 1e-4; Brent's relative tolerance is
   * 100·xtol, the bounded search's absolute one xtol). 'newton-cg': stop when the step's L1 norm
   * is at most n·xtol (default 1e-5). 'tnc': stop when an iteration that changed no active bound
   * took a step of at most xtol in the scaled variables (default √ε, 1.4901161193847656e-8). */
  xtol?: number;
  /** Default 15000 ('lbfgs'), 200·n ('bfgs', 'cg', 'newton-cg', 'trust-ncg', 'dogleg',
   * 'trust-exact'; 'nelder-mead' unless only
   * maxEvaluations is given: then unlimited, as scipy's), 1000·n ('powell' unless only
   * maxEvaluations is given: then unlimited), 100 ('slsqp'). */
  maxIterations?: number;
  /** Objective evaluations allowed: default 15000 ('lbfgs'), unlimited ('bfgs': checked before each
   * iteration; scipy's BFGS has no such limit), 200·n
   * ('nelder-mead') or 1000·n ('powell') unless only maxIterations is given: then unlimited, as
   * scipy's. 'cg' and 'newton-cg' have no such limit (nor has scipy's). 'tnc' (scipy's maxfun):
   * default max(100, 10·n), counting the Hessian-vector products (each a gradient evaluation) too;
   * the count reported in the result, as scipy's nfev, is of distinct points. */
  maxEvaluations?: number;
  /** 'lbfgs': correction pairs kept (scipy's maxcor, default 10). */
  historySize?: number;
  /** 'powell': the initial directions, n rows of n (default the identity). They need not be
   * orthogonal; a rank-deficient set warns, as scipy's does, and leaves some parameters unsearched. */
  direc?: readonly (readonly number[])[];
  /** Called after each iteration; return false to stop (status 99). */
  onIteration?: (info: MinimizeIterationInfo) => boolean | void;
  /** 'nelder-mead': absolute spread of the simplex's vertices at which it stops (default 1e-4). */
  xatol?: number;
  /** 'nelder-mead': absolute spread of the simplex's values at which it stops (default 1e-4). */
  fatol?: number;
  /** 'nelder-mead': coefficients adapted to the dimension (default false). */
  adaptive?: boolean;
  /** 'trust-ncg', 'dogleg', 'trust-exact': the first trust radius (default 1; less than
   * maxTrustRadius). */
  initialTrustRadius?: number;
  /** 'trust-ncg', 'dogleg', 'trust-exact': the longest step ever proposed (default 1000). */
  maxTrustRadius?: number;
  /** 'trust-ncg', 'dogleg', 'trust-exact': a step is taken when the decrease of f is more than
   * eta times the decrease its quadratic model predicted (default 0.15; 0 <= eta < 0.25).
   * 'tnc': the line search's severity: it stops where the slope along the step has fallen to eta
   * times its start's, in size (default 0.25; 0 <= eta < 1). */
  eta?: number;
  /** 'tnc': the variables' scaling factors, one per parameter (|scale_i| is used; 0 holds x_i at
   * its start). Default: max - min for a parameter bounded on both sides, 1 + |x0_i| for others. */
  scale?: ArrayLike<number>;
  /** 'tnc': subtracted from each parameter before scaling. Default: (max + min)/2 for a parameter
   * bounded on both sides, x0_i for others. */
  offset?: ArrayLike<number>;
  /** 'tnc': Hessian-vector products per iteration (its conjugate-gradient steps); 0 takes the
   * steepest descent direction. Default max(1, min(50, ⌊n/2⌋)); at most n. */
  maxCGit?: number;
  /** 'tnc': the longest step of a line search, in the scaled variables (default 10; raised
   * a hundredfold whenever a search goes that far). Values below 10·√ε mean the default. */
  stepmx?: number;
  /** 'tnc': the relative precision of the finite differences of gradients that give its
   * Hessian-vector products (default √ε; values <= ε mean the default). */
  accuracy?: number;
  /** 'tnc': an estimate of f's minimum, which sets the first step of a line search (default 0). */
  minfev?: number;
  /** 'tnc': f is rescaled when |log10| of its projected gradient's norm exceeds rescale
   * (default 1.3; 0: at every iteration; Infinity: never). */
  rescale?: number;
  /** 'trust-exact': Cholesky factorizations allowed per subproblem (scipy's subproblem_maxiter,
   * default 25). */
  subproblemMaxIterations?: number;
  /** true (the default): f is traced at its first evaluation and the later ones replay its ops
   * inside wasm, so its JavaScript runs once; an f that reads tensor values, draws random numbers
   * or uses a variable is detected and runs every time. false: f runs at every evaluation. As
   * curveFit's `jit` (see the fitting guide). 'newton-cg' and the trust-region methods replay f's
   * values and gradients only: Hessian-vector products and Hessians run f under nested tapes
   * every time. */
  jit?: boolean;
}

/** What `tf.optimize.minimize` returns (scipy's OptimizeResult). */
export interface MinimizeResult {
  /** The solution. */
  x: number[];
  /** f at `x`. */
  fun: number;
  /** The gradient at x (scipy's jac); null for 'nelder-mead' and 'powell', which never evaluate it.
   * 'tnc': NaN for the parameters fixed by their bounds (null when all are).
   * 'newton-cg': as scipy's, the gradient at the start of the last iteration (null when the first
   * iteration failed). */
  grad: number[] | null;
  /** Iterations taken. */
  iterations: number;
  /** Evaluations of f (with its gradient, for 'lbfgs'). 'bfgs', 'cg', 'newton-cg', 'tnc' and the
   * trust-region methods count as scipy does: the values of f asked for at new points (see
   * `gradientEvaluations`; 'tnc' evaluates f with its gradient, at the start point too, and
   * once more at the end unless the solution was the last point it asked about). */
  evaluations: number;
  /** 'bfgs', 'cg', 'newton-cg' and the trust-region methods: the gradients asked for at new
   * points (scipy's njev). */
  gradientEvaluations?: number;
  /** scipy's nhev: 'newton-cg' and 'trust-ncg' the Hessian-vector products; 'dogleg' and
   * 'trust-exact' the Hessians (each the Jacobian of the gradient), counting the one at x0. */
  hessianEvaluations?: number;
  /** 'slsqp' only: the multipliers of the last quadratic subproblem for the constraints, the
   * equalities' first (in the order given), then the inequalities' (scipy's multipliers; the
   * bounds' are not returned). At a solution, ∇f = Σ_j multipliers_j ∇c_j over the constraints
   * (and the active bounds), with the inequalities' >= 0. */
  multipliers?: number[];
  /** True when status is 0 ('tnc': 0, 1 or 2, as scipy's success). */
  converged: boolean;
  /** scipy's status: 0 converged; 'lbfgs' 1 iteration or evaluation limit, 2 abnormal line search;
   * 'bfgs' and 'cg' 1 iteration limit, 2 precision loss (the line search found no step), 3 NaN,
   * ('bfgs') 5 evaluation limit; 'newton-cg' 1 iteration limit, 2 precision loss, 3 its CG did
   * not converge or NaN (told apart by the message); 'nelder-mead' 1 evaluation limit, 2
   * iteration limit; 'powell' 1 evaluation limit, 2 iteration limit, 3 NaN, 4 the result is
   * outside the bounds (it started outside); 'trust-ncg', 'dogleg' and 'trust-exact' 1 iteration
   * limit, 2 the quadratic model predicted no decrease, 3 a Hessian that could not be factored
   * ('dogleg': not positive definite); 'slsqp' scipy's exit modes: 2 more equality constraints than
   * parameters, 3 the QP's NNLS ran out of iterations, 4 inequality constraints incompatible, 5
   * and 6 a singular matrix in the QP, 7 rank-deficient equality constraints, 8 positive
   * directional derivative in the line search, 9 iteration limit; 'tnc' scipy's return codes: 0
   * local minimum (the projected gradient is small), 1 f converged, 2 x converged, 3 evaluation
   * limit, 4 the line search failed, 5 every scale is 0, 6 unable to progress; 99 stopped by
   * onIteration. */
  status: number;
  /** Why the method stopped, in words (scipy's message for each of its endings). */
  message: string;
  /** 'bfgs' only: the final inverse-Hessian estimate, n rows of n (as scipy's, without the update
   * from the last step). */
  hessInv?: number[][];
  /** 'powell' only: the search directions at the end, n rows of n. */
  direc?: number[][];
  /** 'dogleg' and 'trust-exact' only: the Hessian at x, n rows of n (scipy's hess). */
  hess?: number[][];
  // scipy's OptimizeResult names, so that code written for scipy reads the result as it is (each
  // reads the field it names; not enumerable: JSON and Object.keys show gradtape's fields only).
  /** scipy's name of `converged`. */
  readonly success: boolean;
  /** scipy's name of `iterations`. */
  readonly nit: number;
  /** scipy's name of `evaluations`. */
  readonly nfev: number;
  /** scipy's name of `gradientEvaluations` (undefined where that is). */
  readonly njev: number | undefined;
  /** scipy's name of `hessianEvaluations` (undefined where that is). */
  readonly nhev: number | undefined;
  /** scipy's name of `grad`. */
  readonly jac: number[] | null;
}

/** The fields `MinimizeResult`'s scipy names read. */
const SCIPY_NAMES = { success: 'converged', nit: 'iterations', nfev: 'evaluations', njev: 'gradientEvaluations', nhev: 'hessianEvaluations', jac: 'grad' } as const;

/** A result's own fields, without scipy's names. */
type MinimizeFields = Omit<MinimizeResult, keyof typeof SCIPY_NAMES>;

/** Gives a result scipy's names (see `MinimizeResult`). */
function withScipyNames(result: MinimizeFields): MinimizeResult {
  for (const [alias, field] of Object.entries(SCIPY_NAMES)) {
    Object.defineProperty(result, alias, { get: () => result[field], enumerable: false, configurable: true });
  }
  return result as MinimizeResult;
}

const TNC_OPTIONS = ['method', 'bounds', 'scale', 'offset', 'maxEvaluations', 'maxCGit', 'eta', 'stepmx', 'accuracy', 'minfev', 'ftol', 'xtol', 'gtol', 'rescale', 'onIteration', 'jit'];
const OPTIONS = ['method', 'bounds', 'constraints', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'xatol', 'fatol', 'adaptive', 'jit', 'norm', 'xtol', 'direc', 'xrtol', 'initialTrustRadius', 'maxTrustRadius', 'eta', 'subproblemMaxIterations', 'scale', 'offset', 'maxCGit', 'stepmx', 'accuracy', 'minfev', 'rescale'];
/** scipy's options that have no meaning with gradtape's exact gradients, and why. */
const FINITE_DIFFERENCE_OPTIONS: Record<string, string> = {
  eps: "scipy's eps is the step of finite-difference gradients",
  finiteDiffRelStep: "scipy's finite_diff_rel_step is the relative step of finite-difference gradients",
};
const METHODS: MinimizeMethod[] = ['lbfgs', 'bfgs', 'cg', 'newton-cg', 'nelder-mead', 'powell', 'trust-ncg', 'dogleg', 'trust-exact', 'slsqp', 'tnc'];
const TRUST_REGION_OPTIONS = ['method', 'gtol', 'maxIterations', 'initialTrustRadius', 'maxTrustRadius', 'eta', 'onIteration', 'jit'];
/** The options each method reads; any other option given is an error. */
const METHOD_OPTIONS: Record<MinimizeMethod, string[]> = {
  lbfgs: ['method', 'bounds', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'jit'],
  bfgs: ['method', 'gtol', 'norm', 'xrtol', 'maxIterations', 'maxEvaluations', 'onIteration', 'jit'],
  cg: ['method', 'gtol', 'norm', 'maxIterations', 'onIteration', 'jit'],
  'newton-cg': ['method', 'xtol', 'maxIterations', 'onIteration', 'jit'],
  'nelder-mead': ['method', 'bounds', 'maxIterations', 'maxEvaluations', 'onIteration', 'xatol', 'fatol', 'adaptive', 'jit'],
  powell: ['method', 'bounds', 'xtol', 'ftol', 'maxIterations', 'maxEvaluations', 'direc', 'onIteration', 'jit'],
  'trust-ncg': TRUST_REGION_OPTIONS,
  dogleg: TRUST_REGION_OPTIONS,
  'trust-exact': [...TRUST_REGION_OPTIONS, 'subproblemMaxIterations'],
  slsqp: ['method', 'bounds', 'constraints', 'ftol', 'maxIterations', 'onIteration', 'jit'],
  tnc: TNC_OPTIONS,
};

/**
 * Minimizes the scalar `f(x)` from `x0`, as scipy.optimize.minimize. `f` receives the parameters
 * as a float64 tensor of shape [n] and returns a rank-0 float64 tensor built from gradtape ops.
 * The methods are scipy's: 'bfgs' (the default without bounds), 'lbfgs' (L-BFGS-B, the default
 * with bounds), 'cg' (Polak-Ribière conjugate gradients) and 'newton-cg' (truncated Newton), which
 * take the gradient from a GradientTape ('newton-cg' also Hessian-vector products, from nested
 * tapes), 'nelder-mead' and 'powell', which use values only, and scipy's Hessian trust-region
 * methods: 'trust-ncg' (Steihaug's truncated CG, with Hessian-vector products), 'dogleg' (which
 * needs a positive definite Hessian) and 'trust-exact' (nearly exact subproblems by Cholesky
 * factorizations), the last two with the whole Hessian (the Jacobian of the gradient, n reverse
 * passes). 'bfgs', 'cg', 'newton-cg', 'powell' and the trust-region methods run scipy 1.17's code
 * step for step: given the same values and gradients (and Hessians) they take scipy's iterates
 * and report its counts, status and message. 'slsqp' (Kraft's SLSQP, the default when
 * `constraints` are given) minimizes subject to equality and inequality constraints and bounds,
 * taking scipy's path with its counts, status and message (its QP solver is gradtape's, so the
 * last digits may differ). 'tnc' (scipy's TNC, Nash's truncated Newton method with bounds) runs
 * scipy's C code step for step, its Hessian-vector products finite differences of the tape's
 * gradients as scipy's are; it reports scipy's counts, return code and message. `x0` is an array
 * of numbers, a typed array, a rank-0 or rank-1 tensor, or a number (one parameter), as scipy
 * takes array-likes.
 *
 * @example
 * ```ts
 * const r = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0]);
 * console.log(r.x.map((v) => v.toFixed(4)), r.converged); // [ '1.0000', '-2.0000' ] true
 * // Powell's method uses no gradient, and takes bounds: here x0 <= 0.5.
 * const p = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0], { method: 'powell', bounds: [[null, 0.5], [null, null]] });
 * console.log(p.x.map((v) => v.toFixed(3)), p.grad, p.direc!.length); // [ '0.500', '-2.000' ] null 2
 * // A trust-region Newton method with the exact Hessian: one step on a quadratic.
 * const t = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0], { method: 'trust-exact', initialTrustRadius: 5 });
 * console.log(t.x.map((v) => v.toFixed(6)), t.iterations, t.hess); // [ '1.000000', '-2.000000' ] 1 [ [ 2, 0 ], [ 0, 2 ] ]
 * // Truncated Newton with bounds: the bound x1 >= -1 is active at the solution.
 * const b = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0], { method: 'tnc', bounds: [[null, null], [-1, 3]] });
 * console.log(b.x.map((v) => v.toFixed(4)), b.converged, b.message); // [ '1.0000', '-1.0000' ] true Local minimum reached (|pg| ~= 0)
 * ```
 */
export function minimize(f: (x: Tensor) => Tensor, x0: ArrayLike<number> | Tensor | number, options?: MinimizeOptions): MinimizeResult {
  return minimizeFrom(f, x0, options, false);
}

/** minimize as scipy's runs, for basinhopping's local minimizations: a start where f or its
 * gradient is not finite is not refused (scipy checks neither) but run from, and BFGS does not
 * shorten its directions where f is not finite along them (see bfgs.ts). */
export function minimizeAsScipy(f: (x: Tensor) => Tensor, x0: ArrayLike<number> | Tensor | number, options?: MinimizeOptions): MinimizeResult {
  return minimizeFrom(f, x0, options, true);
}

function minimizeFrom(f: (x: Tensor) => Tensor, x0: ArrayLike<number> | Tensor | number, options: MinimizeOptions | undefined, asScipy: boolean): MinimizeResult {
  const op = 'minimize';
  if (typeof f !== 'function') throw new Error(`${op}: f must be a function of the parameter tensor returning a scalar tensor, got ${describe(f)}.`);
  const start = startingPoint(x0, op);
  const n = start.length;
  const o = checkOptions(options, op);
  const method = o.method;
  const [lower, upper] = checkBounds(o.bounds, n, op);
  // (Powell's alone: its default, the identity, is n² numbers, 80 GB for 10⁵ parameters.)
  const direc = method === 'powell' ? checkDirections(o.direc, n, op) : [];
  // A start outside the bounds is clipped into them, as scipy does (Nelder-Mead with its warning);
  // scipy's Powell warns and starts there.
  let outside = false;
  for (let i = 0; i < n; i++) {
    const clipped = Math.min(Math.max(start[i]!, lower[i]!), upper[i]!);
    if (clipped !== start[i]) {
      outside = true;
      if (method !== 'powell') start[i] = clipped;
    }
  }
  if (outside && (method === 'nelder-mead' || method === 'powell')) console.warn('Initial guess is not within the specified bounds');
  const onIteration = o.onIteration as MinimizeOptions['onIteration'];
  const report = onIteration
    ? (iteration: number, x: Float64Array, fun: number, gradNorm: number | null, evaluations: number) =>
      onIteration({ iteration, x: Array.from(x), fun, gradNorm, evaluations }) !== false
    : undefined;

  let first = !asScipy;
  const checkStart = (value: number) => {
    if (!first) return;
    first = false;
    if (Number.isNaN(value)) throw new Error(`${op}: f(x0) is NaN; choose a starting point where the objective is defined.`);
    if (!Number.isFinite(value)) throw new Error(`${op}: f(x0) is ${value}; choose a starting point where the objective is finite.`);
  };

  let gradientChecked = asScipy;
  // The first evaluation traces f and its gradient (unless jit is false); later ones replay the
  // program if it gave one.
  let traced = !o.jit;
  let program = 0;
  try {
    const objective: Objective = (x, wantGradient) => {
      if (program !== 0) {
        const [value, gradient] = replay(program, x, 1, () => wantGradient);
        return [value[0]!, gradient];
      }
      return wantGradient ? fg(x) : [value(x), null];
    };
    const bounds = o.bounds === undefined || o.bounds === null ? null : { lower, upper };
    // (Evaluated at the clipped start, as scipy's SLSQP does, to count and check them.)
    const constraints = method === 'slsqp' ? tensorConstraints(o.constraints, start, op) : null;
    return withScipyNames(minimizeWith(n, start, bounds, direc, method, o, report, objective, hessianTimes, hessian, constraints, asScipy));
  } finally {
    if (program !== 0) freeProgram(program);
  }

  function value(x: Float64Array): number {
    const v = tidy(() => {
      const xt = constant(Float64Array.from(x));
      const tracingNow = !traced && beginTrace([xt]);
      traced = true;
      let y: Tensor;
      try {
        y = f(xt);
      } catch (e) {
        if (tracingNow) abortTrace();
        throw e;
      }
      if (tracingNow && markTrace(y)) program = endTrace([]);
      return scalarValue(y, op);
    });
    checkStart(v);
    return v;
  }

  function fg(x: Float64Array): [number, Float64Array] {
    return tidy(() => {
      const xt = constant(Float64Array.from(x));
      const tape = new GradientTape({ watchAccessedVariables: false });
      tape.watch(xt);
      let tracingNow = !traced && beginTrace([xt]);
      traced = true;
      try {
        let y: Tensor;
        let v: number;
        try {
          y = tape.record(() => f(xt));
          tracingNow &&= markTrace(y);
          v = scalarValue(y, op);
          checkStart(v);
        } catch (e) {
          tape.dispose();
          throw e;
        }
        const grad = tape.gradient(y, xt, { unconnectedGradients: 'zero' }) as Tensor;
        if (tracingNow) {
          program = endTrace([grad]);
          tracingNow = false;
        }
        const g = Float64Array.from(grad.dataSync() as ArrayLike<number>);
        if (!gradientChecked) {
          gradientChecked = true;
          const bad = g.findIndex((e) => !Number.isFinite(e));
          if (bad >= 0) throw new Error(`${op}: the gradient of f at x0 is not finite (component ${bad} is ${g[bad]}); choose a starting point where f is differentiable.`);
        }
        return [v, g] as [number, Float64Array];
      } finally {
        if (tracingNow) abortTrace();
      }
    });
  }

  /** Second derivatives at x: an outer tape records the gradient an inner one takes (passed
   * through `fromGradient`), and `differentiate` takes that record's derivative. */
  function secondOrder(
    x: Float64Array,
    fromGradient: (grad: Tensor) => Tensor,
    differentiate: (outer: GradientTape, recorded: Tensor, xt: Tensor) => Tensor,
  ): Float64Array {
    return tidy(() => {
      const xt = constant(Float64Array.from(x));
      const outer = new GradientTape({ watchAccessedVariables: false });
      outer.watch(xt);
      let recorded: Tensor;
      try {
        recorded = outer.record(() => {
          const inner = new GradientTape({ watchAccessedVariables: false });
          inner.watch(xt);
          let y: Tensor;
          try {
            y = inner.record(() => f(xt));
            scalarValue(y, op);
          } catch (e) {
            inner.dispose();
            throw e;
          }
          return fromGradient(inner.gradient(y, xt, { unconnectedGradients: 'zero' }) as Tensor);
        });
      } catch (e) {
        outer.dispose();
        throw e;
      }
      return Float64Array.from(differentiate(outer, recorded, xt).dataSync() as ArrayLike<number>);
    });
  }

  /** H(x)·v: the gradient of ∇f(x)·v. */
  function hessianTimes(x: Float64Array, v: Float64Array): Float64Array {
    return secondOrder(
      x,
      (grad) => grad.mul(constant(Float64Array.from(v))).sum(),
      (outer, slope, xt) => outer.gradient(slope, xt, { unconnectedGradients: 'zero' }) as Tensor,
    );
  }

  /** ∇²f(x), row-major: the Jacobian of the gradient (row i is H·e_i, as hessianTimes gives it). */
  function hessian(x: Float64Array): Float64Array {
    return secondOrder(x, (grad) => grad, (outer, grad, xt) => outer.jacobian(grad, xt, { unconnectedGradients: 'zero' }) as Tensor);
  }
}

/** Runs `method` on the objective. `bounds` is null when none were given. */
function minimizeWith(
  n: number,
  start: Float64Array,
  bounds: { lower: Float64Array; upper: Float64Array } | null,
  direc: Float64Array[], // Powell's directions (empty for the other methods)
  method: MinimizeMethod,
  o: CheckedOptions,
  report: ((iteration: number, x: Float64Array, fun: number, gradNorm: number | null, evaluations: number) => boolean) | undefined,
  objective: Objective,
  hessianTimes: (x: Float64Array, v: Float64Array) => Float64Array,
  hessian: (x: Float64Array) => Float64Array,
  constraints: SlsqpConstraints | null,
  asScipy: boolean,
): MinimizeFields {
  const lower = bounds?.lower ?? new Float64Array(n).fill(-Infinity);
  const upper = bounds?.upper ?? new Float64Array(n).fill(Infinity);
  if (method === 'slsqp') {
    const out = slsqp(objective, constraints!, start, {
      ftol: o.ftol ?? 1e-6,
      maxIterations: o.maxIterations ?? 100,
      lower, upper,
      onIteration: report && ((k, x, fun, ev) => report(k, x, fun, null, ev)),
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      gradientEvaluations: out.gradientEvaluations, converged: out.status === 0, status: out.status, message: out.message,
      multipliers: Array.from(out.multipliers),
    };
  }
  if (method === 'tnc') {
    const vector = (v: number[] | undefined, key: string): Float64Array | null => {
      if (v === undefined) return null;
      if (v.length !== n) throw new Error(`minimize: ${key} must have one entry per parameter (${n}), got ${v.length} (scipy: tnc: vector sizes must be equal).`);
      return Float64Array.from(v);
    };
    // (-1 and 0 are scipy's sentinels for the defaults, which tnc.ts fills in as tnc.c does.)
    const out = tnc(objective, start, {
      lower, upper, scale: vector(o.scale, 'scale'), offset: vector(o.offset, 'offset'),
      maxCGit: o.maxCGit ?? -1, maxEvaluations: o.maxEvaluations, eta: o.eta ?? -1, stepmx: o.stepmx ?? 0,
      accuracy: o.accuracy ?? 0, minfev: o.minfev ?? 0, ftol: o.ftol ?? -1, xtol: o.xtol ?? -1, gtol: o.gtol ?? -1,
      rescale: o.rescale ?? -1, onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: out.g && Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      converged: out.success, status: out.status, message: out.message,
    };
  }
  if (method === 'powell') {
    const value = (x: Float64Array): number => objective(x, false)[0];
    // scipy's rule: both default to 1000·n; given one alone, the other is unlimited.
    const out = powell(value, start, {
      xtol: o.xtol ?? 1e-4,
      ftol: o.ftol ?? 1e-4,
      maxIterations: o.maxIterations ?? (o.maxEvaluations === undefined ? 1000 * n : Infinity),
      maxEvaluations: o.maxEvaluations ?? (o.maxIterations === undefined ? 1000 * n : Infinity),
      direc,
      bounds,
      onIteration: report && ((k, x, fun, ev) => report(k, x, fun, null, ev)),
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: null, iterations: out.iterations, evaluations: out.evaluations,
      converged: out.status === 0, status: out.status, message: out.message,
      direc: out.direc.map((row) => Array.from(row)),
    };
  }

  if (method === 'cg') {
    const out = cg(objective, start, {
      gtol: o.gtol ?? 1e-5,
      norm: o.norm ?? Infinity,
      maxIterations: o.maxIterations ?? 200 * n,
      onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      gradientEvaluations: out.gradientEvaluations, converged: out.status === 0, status: out.status, message: out.message,
    };
  }

  if (method === 'newton-cg') {
    const out = newtonCg(objective, hessianTimes, start, {
      xtol: o.xtol ?? 1e-5,
      maxIterations: o.maxIterations ?? 200 * n,
      onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: out.g && Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      gradientEvaluations: out.gradientEvaluations, hessianEvaluations: out.hessianEvaluations,
      converged: out.status === 0, status: out.status, message: out.message,
    };
  }

  if (method === 'trust-ncg' || method === 'dogleg' || method === 'trust-exact') {
    const subproblem: Subproblem = method === 'trust-ncg' ? steihaugSubproblem
      : method === 'dogleg' ? doglegSubproblem : nearlyExactSubproblem(o.subproblemMaxIterations ?? 25);
    const out = trustRegion(objective, method === 'trust-ncg' ? { hessianTimes } : { hessian }, subproblem, start, {
      gtol: o.gtol ?? 1e-4,
      maxIterations: o.maxIterations ?? 200 * n,
      initialTrustRadius: o.initialTrustRadius ?? 1,
      maxTrustRadius: o.maxTrustRadius ?? 1000,
      eta: o.eta ?? 0.15,
      onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      gradientEvaluations: out.gradientEvaluations, hessianEvaluations: out.hessianEvaluations,
      converged: out.status === 0, status: out.status, message: out.message,
      ...(out.hessian ? { hess: squareRows(out.hessian, n) } : {}),
    };
  }

  if (method === 'nelder-mead') {
    const value = (x: Float64Array): number => objective(x, false)[0];
    const out = nelderMead(value, start, {
      xatol: o.xatol ?? 1e-4,
      fatol: o.fatol ?? 1e-4,
      // scipy's rule: both default to 200·n; given one alone, the other is unlimited.
      maxIterations: o.maxIterations ?? (o.maxEvaluations === undefined ? 200 * n : Infinity),
      maxEvaluations: o.maxEvaluations ?? (o.maxIterations === undefined ? 200 * n : Infinity),
      adaptive: o.adaptive ?? false,
      lower, upper,
      onIteration: report && ((k, x, fun, ev) => report(k, x, fun, null, ev)),
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: null, iterations: out.iterations, evaluations: out.evaluations,
      converged: out.status === 0, status: out.status, message: out.message,
    };
  }

  if (method === 'bfgs') {
    const out = bfgs(objective, start, {
      gtol: o.gtol ?? 1e-5,
      norm: o.norm ?? Infinity,
      xrtol: o.xrtol ?? 0,
      maxIterations: o.maxIterations ?? 200 * n,
      maxEvaluations: o.maxEvaluations ?? Infinity,
      shortenNonFinite: !asScipy,
      onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      gradientEvaluations: out.gradientEvaluations, converged: out.status === 0, status: out.status, message: out.message,
      hessInv: squareRows(out.hessInv, n),
    };
  }

  const fg: ValueAndGradient = (x) => objective(x, true) as [number, Float64Array];

  const out = lbfgsb(fg, start, lower, upper, {
    historySize: o.historySize ?? 10,
    gtol: o.gtol ?? 1e-5,
    ftol: o.ftol ?? 2.220446049250313e-9,
    maxIterations: o.maxIterations ?? 15000,
    maxEvaluations: o.maxEvaluations ?? 15000,
    onIteration: report,
  });
  return {
    x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
    converged: out.status === 0, status: out.status, message: out.message,
  };
}

/** The objective's value: a rank-0 float64 tensor is required. */
export function scalarValue(y: unknown, op: string): number {
  if (!(y instanceof Tensor)) throw new Error(`${op}: f must return a tensor, got ${describe(y)}.`);
  if (y.rank !== 0) {
    throw new Error(`${op}: f returned shape [${y.shape.join(', ')}]; it must return a scalar (rank-0) tensor: reduce it, for example with tf.sum.`);
  }
  if (y.dtype !== 'float64') {
    throw new Error(`${op}: f returned ${y.dtype}; minimize runs in float64: make constants with dtype 'float64' (plain JS numbers as operands are fine).`);
  }
  return (y.dataSync() as ArrayLike<number>)[0]!;
}

interface CheckedOptions {
  method: MinimizeMethod;
  constraints: MinimizeConstraint[];
  bounds?: unknown;
  gtol?: number;
  ftol?: number;
  maxIterations?: number;
  maxEvaluations?: number;
  historySize?: number;
  onIteration?: unknown;
  xtol?: number;
  norm?: number;
  xrtol?: number;
  direc?: unknown;
  xatol?: number;
  fatol?: number;
  adaptive?: boolean;
  initialTrustRadius?: number;
  maxTrustRadius?: number;
  eta?: number;
  subproblemMaxIterations?: number;
  scale?: number[];
  offset?: number[];
  maxCGit?: number;
  stepmx?: number;
  accuracy?: number;
  minfev?: number;
  rescale?: number;
  jit: boolean;
}

function checkOptions(options: unknown, op: string): CheckedOptions {
  if (options === undefined) return { method: 'bfgs', jit: true, constraints: [] };
  if (!isPlainObject(options)) throw new Error(`${op}: options must be an object like { method: 'lbfgs', bounds, gtol }, got ${describe(options)}.`);
  for (const key in options) {
    if (key in FINITE_DIFFERENCE_OPTIONS) {
      throw new Error(`${op}: option '${key}' does not apply: ${FINITE_DIFFERENCE_OPTIONS[key]}, and gradtape's gradients are exact (from a GradientTape).`);
    }
    if (!OPTIONS.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${OPTIONS.join(', ')}.`);
  }
  const o = options as Record<string, unknown>;
  const constraints = checkConstraints(o.constraints, op);
  // scipy's default: SLSQP with constraints, L-BFGS-B with bounds, BFGS without.
  // scipy's names are case-insensitive, and its 'l-bfgs-b' is 'lbfgs' here.
  const named = typeof o.method === 'string' ? o.method.toLowerCase() : o.method;
  const byDefault = constraints.length > 0 ? 'slsqp' : o.bounds === undefined || o.bounds === null ? 'bfgs' : 'lbfgs';
  const method = (named === 'l-bfgs-b' ? 'lbfgs' : named ?? byDefault) as MinimizeMethod;
  if (!METHODS.includes(method)) throw new Error(`${op}: method ${describe(o.method)} is not supported; the methods are ${METHODS.map((m) => `'${m}'`).join(', ')}.`);
  for (const key in o) {
    if (o[key] === undefined || METHOD_OPTIONS[method].includes(key)) continue;
    if (key === 'bounds') {
      throw new Error(`${op}: method '${method}' does not accept bounds; the methods that do are 'lbfgs' (L-BFGS-B), 'nelder-mead', 'powell', 'slsqp' and 'tnc'.`);
    }
    if (key === 'constraints') {
      if (constraints.length === 0) continue;
      // scipy warns (Method ... cannot handle constraints.) and drops them; a result that ignores
      // them would look like an answer to the constrained problem, so this is an error here.
      throw new Error(`${op}: method '${method}' cannot handle constraints (scipy warns and ignores them); use method 'slsqp'.`);
    }
    const users = inWords(METHODS.filter((m) => METHOD_OPTIONS[m].includes(key)).map((m) => `'${m}'`));
    throw new Error(`${op}: option '${key}' applies to method ${users} only, not '${method}'; the options of '${method}' are ${METHOD_OPTIONS[method].join(', ')}.`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new Error(`${op}: onIteration must be a function (info) => boolean | void, got ${describe(o.onIteration)}.`);
  }
  if (o.adaptive !== undefined && typeof o.adaptive !== 'boolean') throw new Error(`${op}: adaptive must be true or false, got ${describe(o.adaptive)}.`);
  if (o.jit !== undefined && typeof o.jit !== 'boolean') throw new Error(`${op}: jit must be true or false, got ${describe(o.jit)}.`);
  if (o.norm !== undefined && (typeof o.norm !== 'number' || !(o.norm > 0 || o.norm === -Infinity))) {
    throw new Error(`${op}: norm must be Infinity (the largest |entry|, the default), -Infinity (the smallest) or a number p > 0, got ${describe(o.norm)}.`);
  }
  const trust = trustRegionOptions(o, method, op);
  return {
    method,
    ...trust,
    ...tncOptions(o, op),
    constraints,
    bounds: o.bounds,
    gtol: optionalNonNegative(o, 'gtol', op),
    ftol: optionalNonNegative(o, 'ftol', op),
    xatol: optionalNonNegative(o, 'xatol', op),
    fatol: optionalNonNegative(o, 'fatol', op),
    maxIterations: optionalPositiveInteger(o, 'maxIterations', op),
    maxEvaluations: optionalPositiveInteger(o, 'maxEvaluations', op),
    historySize: optionalPositiveInteger(o, 'historySize', op),
    onIteration: o.onIteration,
    xtol: optionalNonNegative(o, 'xtol', op),
    xrtol: optionalNonNegative(o, 'xrtol', op),
    norm: o.norm as number | undefined,
    direc: o.direc,
    adaptive: o.adaptive as boolean | undefined,
    jit: (o.jit as boolean | undefined) ?? true,
  };
}

/** The trust-region options, checked as scipy checks them (with the defaults filling in). */
function trustRegionOptions(o: Record<string, unknown>, method: MinimizeMethod, op: string): Pick<CheckedOptions, 'initialTrustRadius' | 'maxTrustRadius' | 'eta' | 'subproblemMaxIterations'> {
  const number = (key: string): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${op}: ${key} must be a number, got ${describe(v)}.`);
    return v;
  };
  const initialTrustRadius = number('initialTrustRadius');
  const maxTrustRadius = number('maxTrustRadius');
  const eta = number('eta');
  if (method === 'tnc') {
    // (scipy's TNC takes any eta, replacing one outside [0, 1) by 0.25.)
    if (eta !== undefined && !(eta >= 0 && eta < 1)) throw new Error(`${op}: eta must be in [0, 1) for method 'tnc' (the line search's severity), got ${eta}.`);
    return { eta };
  }
  if (eta !== undefined && !(eta >= 0 && eta < 0.25)) throw new Error(`${op}: eta must be in [0, 0.25), got ${eta} (scipy: invalid acceptance stringency).`);
  if (maxTrustRadius !== undefined && !(maxTrustRadius > 0)) throw new Error(`${op}: maxTrustRadius must be positive, got ${maxTrustRadius}.`);
  if (initialTrustRadius !== undefined && !(initialTrustRadius > 0)) throw new Error(`${op}: initialTrustRadius must be positive, got ${initialTrustRadius}.`);
  if ((initialTrustRadius ?? 1) >= (maxTrustRadius ?? 1000)) {
    throw new Error(`${op}: initialTrustRadius (${initialTrustRadius ?? 1}) must be less than maxTrustRadius (${maxTrustRadius ?? 1000}).`);
  }
  return { initialTrustRadius, maxTrustRadius, eta, subproblemMaxIterations: optionalPositiveInteger(o, 'subproblemMaxIterations', op) };
}

/** TNC's own options, checked (scipy's sentinels for the rest are filled in where TNC runs). */
function tncOptions(o: Record<string, unknown>, op: string): Pick<CheckedOptions, 'scale' | 'offset' | 'maxCGit' | 'stepmx' | 'accuracy' | 'minfev' | 'rescale'> {
  const vector = (key: string): number[] | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    const list = isList ? Array.from(v as ArrayLike<unknown>) : null;
    if (list === null || list.some((e) => typeof e !== 'number' || !Number.isFinite(e))) {
      throw new Error(`${op}: ${key} must be an array of finite numbers, one per parameter, got ${describe(v)}.`);
    }
    return list as number[];
  };
  const maxCGit = o.maxCGit;
  if (maxCGit !== undefined && (typeof maxCGit !== 'number' || !Number.isInteger(maxCGit) || maxCGit < 0)) {
    throw new Error(`${op}: maxCGit must be an integer >= 0 (0: steepest descent), got ${describe(maxCGit)}.`);
  }
  const stepmx = o.stepmx;
  if (stepmx !== undefined && (typeof stepmx !== 'number' || !(stepmx > 0) || !Number.isFinite(stepmx))) {
    throw new Error(`${op}: stepmx must be a finite number > 0, got ${describe(stepmx)}.`);
  }
  const minfev = o.minfev;
  if (minfev !== undefined && (typeof minfev !== 'number' || !Number.isFinite(minfev))) throw new Error(`${op}: minfev must be a finite number, got ${describe(minfev)}.`);
  const rescale = o.rescale;
  if (rescale !== undefined && (typeof rescale !== 'number' || !(rescale >= 0))) {
    throw new Error(`${op}: rescale must be a number >= 0 (Infinity: never rescale), got ${describe(rescale)}.`);
  }
  return {
    scale: vector('scale'), offset: vector('offset'), maxCGit: maxCGit as number | undefined, stepmx: stepmx as number | undefined,
    accuracy: optionalNonNegative(o, 'accuracy', op), minfev: minfev as number | undefined, rescale: rescale as number | undefined,
  };
}

/** 'a', 'a and b', 'a, b and c'. */
function inWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Powell's starting directions: n rows of n finite numbers (default the identity). A set that
 * does not span the space warns as scipy's does (its rank from Gaussian elimination with a
 * tolerance like numpy's matrix_rank). */
function checkDirections(direc: unknown, n: number, op: string): Float64Array[] {
  if (direc === undefined) return Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const shape = `${n} rows of ${n} numbers (one direction per row)`;
  if (!Array.isArray(direc) || direc.length !== n) throw new Error(`${op}: direc must be ${shape}, got ${describe(direc)}.`);
  const rows = direc.map((row: unknown, i) => {
    const isList = Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView));
    const values = isList ? Array.from(row as ArrayLike<unknown>) : null;
    if (values === null || values.length !== n) throw new Error(`${op}: direc must be ${shape}; row ${i} is ${describe(row)}.`);
    const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${op}: direc[${i}][${bad}] must be a finite number, got ${describe(values[bad])}.`);
    return Float64Array.from(values as number[]);
  });
  if (rank(rows) < n) console.warn('direc input is not full rank, some parameters may not be optimized');
  return rows;
}

/** The numerical rank of a square matrix (its rows): pivots of Gaussian elimination with complete
 * pivoting above n·ε·(the largest entry). */
function rank(rows: Float64Array[]): number {
  const n = rows.length;
  const a = rows.map((r) => Float64Array.from(r));
  const tolerance = n * 2.220446049250313e-16 * Math.max(...a.map((r) => r.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  let r = 0;
  for (; r < n; r++) {
    let [pi, pj, best] = [r, r, 0];
    for (let i = r; i < n; i++) for (let j = r; j < n; j++) if (Math.abs(a[i]![j]!) > best) [pi, pj, best] = [i, j, Math.abs(a[i]![j]!)];
    if (best <= tolerance) break;
    [a[r], a[pi]] = [a[pi]!, a[r]!];
    for (const row of a) [row[r], row[pj]] = [row[pj]!, row[r]!];
    for (let i = r + 1; i < n; i++) {
      const factor = a[i]![r]! / a[r]![r]!;
      for (let j = r; j < n; j++) a[i]![j]! -= factor * a[r]![j]!;
    }
  }
  return r;
}

/** [lower, upper] per parameter from scipy's forms: one (min, max) pair per parameter (null for
 * none), or a `Bounds`-like { lb, ub } (a number for all parameters, or one per parameter). */
function checkBounds(bounds: unknown, n: number, op: string): [Float64Array, Float64Array] {
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  if (bounds === undefined || bounds === null) return [lower, upper];
  const shape = `one [min, max] pair per parameter (${n}), or { lb, ub }`;
  const bound = (v: unknown, none: number, what: string): number => {
    if (v === null || v === undefined) return none;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${op}: ${what} must be a number or null, got ${describe(v)}.`);
    return v;
  };
  if (Array.isArray(bounds)) {
    if (bounds.length !== n) {
      throw new Error(`${op}: bounds must be ${shape}; got ${bounds.length} entries for ${n} parameters (scipy: length of x0 != length of bounds).`);
    }
    bounds.forEach((pair: unknown, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`${op}: bounds[${i}] must be a [min, max] pair, got ${describe(pair)}.`);
      lower[i] = bound(pair[0], -Infinity, `bounds[${i}][0]`);
      upper[i] = bound(pair[1], Infinity, `bounds[${i}][1]`);
    });
  } else if (isPlainObject(bounds)) {
    const b = bounds as Record<string, unknown>;
    for (const key of Object.keys(b)) if (key !== 'lb' && key !== 'ub') throw new Error(`${op}: bounds as an object takes lb and ub only (scipy's Bounds), got '${key}'.`);
    const side = (v: unknown, out: Float64Array, name: string, none: number) => {
      if (v === undefined || v === null) return;
      if (typeof v === 'number') return void out.fill(bound(v, none, `bounds.${name}`));
      const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
      const list = isList ? Array.from(v as ArrayLike<unknown>) : null;
      if (list === null || list.length !== n) throw new Error(`${op}: bounds.${name} must be a number or ${n} numbers (one per parameter), got ${describe(v)}.`);
      list.forEach((e, i) => { out[i] = bound(e, none, `bounds.${name}[${i}]`); });
    };
    side(b.lb, lower, 'lb', -Infinity);
    side(b.ub, upper, 'ub', Infinity);
  } else {
    throw new Error(`${op}: bounds must be ${shape}, got ${describe(bounds)}.`);
  }
  for (let i = 0; i < n; i++) {
    if (lower[i]! > upper[i]!) throw new Error(`${op}: the lower bound of parameter ${i} (${lower[i]}) is above its upper bound (${upper[i]}).`);
  }
  return [lower, upper];
}

/** The starting point: at least one finite number. */
export function startingPoint(v: unknown, op: string): Float64Array {
  let out: Float64Array;
  if (typeof v === 'number') {
    out = Float64Array.of(v); // scipy: np.atleast_1d(x0)
  } else if (v instanceof Tensor) {
    if (v.rank > 1) throw new Error(`${op}: x0 must only have one dimension (as scipy's); got a tensor of shape [${v.shape.join(', ')}]. Flatten it with tf.reshape(x0, [-1]).`);
    if (v.dtype === 'bool') throw new Error(`${op}: x0 must hold numbers, got a bool tensor.`);
    out = Float64Array.from(v.dataSync() as ArrayLike<number>);
  } else if (Array.isArray(v)) {
    if (v.some((e) => typeof e !== 'number')) throw new Error(`${op}: x0 must be an array of numbers.`);
    out = Float64Array.from(v as number[]);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    out = Float64Array.from(v as unknown as ArrayLike<number>);
  } else {
    throw new Error(`${op}: x0 must be an array of numbers, a Float64Array or a rank-1 tensor, got ${describe(v)}.`);
  }
  if (out.length === 0) throw new Error(`${op}: x0 is empty; there must be at least one parameter.`);
  const bad = out.findIndex((e) => !Number.isFinite(e));
  if (bad >= 0) throw new Error(`${op}: x0 contains NaN or infinite values (x0[${bad}] = ${out[bad]}).`);
  return out;
}
