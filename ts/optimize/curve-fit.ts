// tf.optimize.curveFit and tf.optimize.leastSquares: scipy.optimize's curve_fit and
// least_squares (methods 'lm', 'trf' and 'dogbox') with exact Jacobians from gradtape's automatic
// differentiation. This file builds the residual function from tensors, runs the
// Levenberg-Marquardt solver (lm.ts), the Trust Region Reflective one (trf.ts, bounds and robust
// losses) or dogbox (dogbox.ts, the same with dogleg steps in a box), one fit at a time or a batch
// in lockstep (solver-run.ts), and assembles scipy's results in camelCase. Arguments are checked
// in fit-arguments.ts.

import { constant, makeConstant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { cast, matmul } from '../ops';
import { Tensor, type TensorLike } from '../tensor';
import { curveFitCovariance } from './covariance';
import {
  batchSigmaWeights, batchStarts, checkBatchOutput, checkFeasible, checkFinite, checkFitOptions, checkModelOutput,
  checkStart, defaultStart, FIT_EPSILON, type FitDType, type FitMethod, isBatch, numberRows, numbers, type ResolvedOptions, resolveFitOptions, sigmaWeights,
  startingPoint, toFloat64,
} from './fit-arguments';
import { dogboxRun } from './dogbox';
import type { DogboxState, FitState, LmIterationInfo, LmProblem, LmResult, LmState, TrfState } from './lm';
import { levenbergMarquardtRun } from './lm';
import type { FitLossFunction, LossName } from './loss';
import { type BatchEvaluate, runBatch, runOn, type SolverRun } from './solver-run';
import { BatchMixingError, batchTapeEvaluator, tapeProblem, UnusedParameterError } from './tape-problem';
import { type TrfResult, trustRegionReflectiveRun } from './trf';

export { DEFAULT_TOLERANCE } from './fit-arguments';

/** Options of `tf.optimize.leastSquares`, and the solver options of `curveFit` (scipy's names in camelCase). */
export interface FitOptions {
  /** Relative reduction of the sum of squares below which the fit stops (default 1e-15). */
  ftol?: number;
  /** Relative change of the (scaled) parameters below which the fit stops (default 1e-15). */
  xtol?: number;
  /** Largest cosine between the residuals and a Jacobian column at which the fit stops (default 1e-15). */
  gtol?: number;
  /** The most iterations (accepted steps, each with one Jacobian evaluation). Default 1000·(n + 1): ten times MINPACK's
   * budget of evaluations, because slow valleys need it (NIST's Bennett5 from its first start takes
   * 746 iterations) and each iteration of a small fit costs well under a millisecond. */
  maxIterations?: number;
  /** The most evaluations of the residuals, the first and each trial step's (scipy's max_nfev;
   * Jacobians not counted); reaching it ends the fit with status 0. Default: 100·n for 'dogbox',
   * scipy's default, whose budget it is; for 'lm' and 'trf', 10·maxIterations (a guard: their
   * budget is maxIterations). */
  maxEvaluations?: number;
  /** Called after each accepted step; return false to stop (status -2). In a batched curveFit it is
   * called for each fit's steps, with `info.fit`, and false stops that fit only. */
  onIteration?: (info: LmIterationInfo) => boolean | void;
  /** 'lm' (Levenberg-Marquardt, unbounded, linear loss only), 'trf' (Trust Region Reflective) or
   * 'dogbox' (scipy's dogleg in a rectangular trust region: the variables on a bound that the
   * gradient pushes out are held there, and the step of the others follows the dogleg path in
   * the box the bounds and the trust region make; suits small problems with few bounds that
   * become active). Default, as scipy's: `leastSquares` 'trf'; `curveFit` 'trf' when bounds or a
   * robust loss are given, else 'lm'. */
  method?: 'lm' | 'trf' | 'dogbox';
  /** scipy's (lb, ub): [lower, upper], each a number for every parameter or one per parameter;
   * ±Infinity for no bound. Needs method 'trf' (every iterate strictly inside) or 'dogbox'
   * (iterates may reach a bound and stay on it). */
  bounds?: [number | ArrayLike<number>, number | ArrayLike<number>];
  /** The loss ρ applied to z = (r/fScale)²: cost = ½ fScale² Σ ρ(z) (methods 'trf' and 'dogbox'). Default 'linear'.
   * 'soft_l1' (2(√(1+z) - 1)), 'huber', 'cauchy' (ln(1+z)) and 'arctan' are scipy's; or a function
   * of your own, as scipy's callable loss: `(z) => [rho, drho, d2rho]`, z the m values (rᵢ/fScale)²
   * (a Float64Array) and each of the three an array (plain or typed) of m finite numbers: ρ(zᵢ),
   * ρ'(zᵢ) and ρ''(zᵢ). */
  loss?: LossName | FitLossFunction;
  /** The residual scale at which a robust loss starts to soften (default 1). */
  fScale?: number;
  /** The characteristic scale of each parameter (a number or one per parameter), or 'jac' for the
   * inverse norms of the Jacobian's columns. Default: 1 for 'trf' and 'dogbox', 'jac' for 'lm' (as scipy). */
  xScale?: number | ArrayLike<number> | 'jac';
  /** The dtype the model runs in: 'float64' (the default) or 'float32' (half the memory traffic
   * for large fits, about 7 significant digits; tolerances default to 1e-6). x, the parameters and
   * the model's output are tensors of this dtype; the solver itself works in float64. */
  dtype?: 'float32' | 'float64';
  /** true (the default, as jaxopt's `jit`): the model is traced at its first evaluation, and the
   * later ones replay the ops it recorded inside wasm, so its JavaScript runs once (put
   * per-evaluation logging in onIteration). A model that reads tensor values (its JavaScript could
   * branch on them), draws random numbers or uses a variable cannot be replayed; it is detected
   * and runs at every evaluation. false: the model runs at every evaluation, as scipy calls f.
   * A batched curveFit always runs it every round. */
  jit?: boolean;
  /** Go on from the state an earlier fit's onIteration received (`info.state`, kept as it is or
   * through JSON): with the same model, data and options the fit continues exactly as the earlier
   * one would have, to the same result bits. The starting point is then not used. */
  resume?: FitState;
}

/** Options of `tf.optimize.curveFit`: the solver's ({@link FitOptions}) and the data's weights. */
export interface CurveFitOptions extends Omit<FitOptions, 'resume'> {
  /** The starting point, when the options take the fourth argument's place (scipy's keyword:
   * `curveFit(f, x, y, {p0: [1, 1], bounds})`); as the fourth argument otherwise. */
  p0?: ArrayLike<number> | readonly ArrayLike<number>[] | Tensor;
  /** Go on from the state an earlier fit's onIteration received (`info.state`, kept as it is or
   * through JSON): with the same model, data and options the fit continues exactly as the earlier
   * one would have, to the same result bits; the starting point is then not used. For a batch, one
   * entry per dataset: a state (from the onIteration call with that `info.fit`), or null to start
   * that fit from p0. */
  resume?: FitState | readonly (FitState | null)[];
  /** Standard deviation of each data point (one number: every point's): the residuals are (f(x) - y) / sigma. Or the data's
   * full covariance matrix (m×m, positive definite): the residuals are L⁻¹ (f(x) - y) for its
   * Cholesky factor L = chol(sigma). In a batched fit: [m] shared by every fit, or [batch, m], one
   * row per fit (a covariance matrix is for single fits). */
  sigma?: number | ArrayLike<number> | ArrayLike<ArrayLike<number>> | Tensor;
  /** Use sigma as absolute (true) or only as relative weights, the covariance then scaled by the
   * residual variance (false, the default). */
  absoluteSigma?: boolean;
}

/** What `tf.optimize.curveFit` returns: scipy's popt and pcov, and least_squares' diagnostics. */
export interface CurveFitResult {
  /** The fitted parameters (scipy's popt), in the order of the model's parameters. */
  params: number[];
  /** The parameters' covariance (scipy's pcov); Infinity where it cannot be estimated. */
  covariance: number[][];
  /** sqrt of the covariance's diagonal. */
  standardErrors: number[];
  /** Σ rᵢ² of the weighted residuals. */
  residualSumOfSquares: number;
  /** ½ Σ rᵢ², or ½ fScale² Σ ρ((rᵢ/fScale)²) with a robust loss. */
  cost: number;
  /** The weighted residuals (f(x, params) - y) / sigma. */
  residuals: number[];
  /** ∂rᵢ/∂pⱼ of the weighted residuals at params, m rows of n (before any loss rescaling); made
   * when first read. */
  jacobian: number[][];
  /** Accepted steps taken. */
  iterations: number;
  /** Model evaluations made (each Jacobian counts as one). */
  evaluations: number;
  /** True when a tolerance test stopped the fit (status 1 to 4). */
  converged: boolean;
  /** scipy.optimize.least_squares' status: -2 stopped by onIteration, 0 iteration or evaluation
   * limit, 1 gtol, 2 ftol, 3 xtol, 4 ftol and xtol. */
  status: number;
  /** Why the fit stopped, in words. */
  message: string;
  /** scipy's active_mask: -1 where a parameter is at its lower bound, 1 at its upper, else 0
   * (for 'trf', within xtol relative, as scipy: its iterates are strictly feasible; for 'dogbox',
   * the bounds the parameters sit exactly on). */
  activeMask: number[];
}

/** What `tf.optimize.leastSquares` returns (scipy's OptimizeResult of least_squares). */
export interface LeastSquaresResult {
  /** The solution. */
  x: number[];
  /** ½ Σ rᵢ², or ½ fScale² Σ ρ((rᵢ/fScale)²) with a robust loss. */
  cost: number;
  /** The residuals at x. */
  fun: number[];
  /** The Jacobian at x, m rows of n; with a robust loss, rescaled as scipy's (so that JᵀJ is the
   * Gauss-Newton Hessian of the cost). Made when first read. */
  jac: number[][];
  /** -1 at a lower bound, 1 at an upper bound, 0 otherwise. */
  activeMask: number[];
  /** Accepted steps taken. */
  iterations: number;
  /** Residual evaluations made (each Jacobian counts as one). */
  evaluations: number;
  /** As {@link CurveFitResult.status}: -2 stopped by onIteration, 0 iteration or evaluation limit, 1 gtol, 2 ftol, 3 xtol, 4 ftol and xtol. */
  status: number;
  /** Why the solver stopped, in words. */
  message: string;
  /** True when a tolerance test stopped the solver (status 1 to 4). */
  converged: boolean;
  /** scipy's name of `converged` (not enumerable: JSON and Object.keys show gradtape's names). */
  readonly success: boolean;
}

const FIT_OPTIONS = ['ftol', 'xtol', 'gtol', 'maxIterations', 'maxEvaluations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype', 'jit', 'resume'];
// (p0 is taken out of the options before they are checked; it is listed, as a key they may hold.)
const CURVE_FIT_OPTIONS = [...FIT_OPTIONS, 'sigma', 'absoluteSigma', 'p0'];

/** A model for curveFit: x, then one tensor per parameter (rank 0 in a single fit, [k, 1] in a
 * batched one), returning the model values. */
export type CurveFitModel = (x: Tensor, ...params: Tensor[]) => Tensor;

/**
 * Fits `f(x, ...params)` to `(xdata, ydata)` by least squares, as scipy.optimize.curve_fit
 * (see the fitting guide, docs/guides/fitting.md).
 * `f` receives `x` as a float64 tensor of xdata's shape ([m]; for k predictors [m, k], or scipy's
 * [k, m], whose rows `tf.unstack(x)` gives) and each parameter
 * as a rank-0 float64 tensor (both float32 with `dtype: 'float32'`), and returns the m model values, built from gradtape ops so that the
 * Jacobian is exact. Starts from `p0` (default: ones, one per parameter after x in f's signature).
 * The options may take p0's place, with `p0` among them, as scipy's keywords do:
 * `curveFit(f, x, y, {p0: [1, 1], method: 'trf'})`.
 *
 * A batch of datasets (`ydata` an array of rows: arrays, typed arrays or rank-1 tensors of m
 * values, all at the same `xdata`) is fitted in one call and gives an array with one result per
 * dataset; `p0` is then [batch, n] (rows, or a rank-2 tensor) or one [n] for all. The fits run in lockstep: in each round the model is called once for every fit that needs an
 * evaluation, each parameter arriving as a tensor of shape [k, 1] (row i for the i-th such fit), and
 * `f` must return [k, m], row i depending only on row i of the parameters, which broadcasting ops
 * give (`a.mul(tf.exp(b.neg().mul(x)))` is [k, m] for x of shape [m]). Each fit takes exactly the
 * steps it would take alone.
 *
 * @example
 * ```ts
 * const t = [0, 1, 2, 3, 4, 5];
 * const y = [3.0, 1.82, 1.1, 0.67, 0.41, 0.25];
 * const decay = (t: tf.Tensor, a: tf.Tensor, k: tf.Tensor) => a.mul(tf.exp(k.neg().mul(t)));
 * const fit = tf.optimize.curveFit(decay, t, y, [1, 1]);
 * console.log(fit.params.map((p) => p.toFixed(2)));           // [ '3.00', '0.50' ]
 * const fits = tf.optimize.curveFit(decay, t, [y, y.map((v) => 2 * v)], [1, 1]); // a batch: one result per row
 * console.log(fits.map((f) => f.params[0]!.toFixed(2)));      // [ '3.00', '6.00' ]
 * ```
 */
export function curveFit(f: CurveFitModel, xdata: TensorLike, ydata: readonly (ArrayLike<number> | Tensor)[], p0?: ArrayLike<number> | readonly ArrayLike<number>[] | Tensor | CurveFitOptions, options?: CurveFitOptions): CurveFitResult[];
export function curveFit(f: CurveFitModel, xdata: TensorLike, ydata: ArrayLike<number> | Tensor, p0?: ArrayLike<number> | Tensor | CurveFitOptions, options?: CurveFitOptions): CurveFitResult;
export function curveFit(
  f: CurveFitModel,
  xdata: TensorLike,
  ydata: ArrayLike<number> | Tensor | readonly (ArrayLike<number> | Tensor)[],
  p0OrOptions?: ArrayLike<number> | readonly ArrayLike<number>[] | Tensor | CurveFitOptions,
  options?: CurveFitOptions,
): CurveFitResult | CurveFitResult[] {
  const op = 'curveFit';
  if (typeof f !== 'function') throw new Error(`${op}: f must be a function f(x, ...params) returning a tensor, got ${describe(f)}.`);
  let p0 = p0OrOptions as ArrayLike<number> | readonly ArrayLike<number>[] | Tensor | undefined;
  if (isPlainObject(p0OrOptions)) {
    // The options in the fourth place, p0 among them (scipy's keyword arguments).
    if (options !== undefined) throw new Error(`${op}: options were given twice (the fourth and fifth arguments); pass curveFit(f, xdata, ydata, p0, options) or curveFit(f, xdata, ydata, {p0, ...options}).`);
    [p0, options] = [undefined, p0OrOptions as CurveFitOptions];
  }
  if (isPlainObject(options) && 'p0' in options) {
    const { p0: given, ...rest } = options as CurveFitOptions;
    if (given !== undefined && p0 !== undefined) throw new Error(`${op}: p0 was given twice (the fourth argument and options.p0); pass one.`);
    [p0, options] = [given ?? p0, rest];
  }
  const raw = checkFitOptions(options, op, CURVE_FIT_OPTIONS);
  if (isBatch(ydata)) return curveFitBatch(f, xdata, numberRows(ydata, op, 'ydata'), p0, raw);
  if (ydata instanceof Tensor && ydata.rank === 2) {
    // The result's type follows ydata's: one result for a dataset, an array for an array of rows.
    throw new Error(`${op}: ydata has shape [${ydata.shape.join(', ')}]; for a batch of ${ydata.shape[0]} fits pass its rows as an array (tf.unstack(ydata) or ydata.arraySync()), and get one result per row.`);
  }
  const start = p0 === undefined ? defaultStart(f, op, raw.bounds) : startingPoint(p0, op, 'p0');
  const n = start.length;
  const opts = resolveFitOptions(raw, n, op);
  if (opts.resumeStates) throw new Error(`${op}: resume as an array resumes a batch of datasets; for one dataset pass the one state.`);
  checkFeasible(start, opts, op, 'p0');
  const y = numbers(ydata, op, 'ydata');
  const m = y.length;
  // (As scipy: only 'lm' needs m >= n; 'trf' and 'dogbox' fit and report an Infinity covariance.)
  if (m < n && opts.method === 'lm') {
    throw new Error(`${op}: ${m} data points cannot determine ${n} parameters with method 'lm'; pass at least as many points as parameters, or use method 'trf' or 'dogbox'.`);
  }
  const dtype = opts.dtype;
  return withPredictors(xdata, m, dtype, op, (x) => {
    const weights = sigmaWeights(opts.sigma, m, op);
    const yTensor = constant(y, dtype);
    const weightTensor = weights && (weights.kind === 'diagonal' ? constant(weights.values, dtype) : tidy(() => constant(weights.values, dtype).reshape([m, m])));
    const problem = tapeProblem(m, n, 'scalars', dtype, opts.jit, (params) => {
      const model = f(x, ...params);
      checkModelOutput(model, m, dtype, op, 'the model f(x, ...params)');
      const difference = model.sub(yTensor);
      if (!weightTensor) return difference;
      return weights!.kind === 'diagonal' ? difference.mul(weightTensor) : matmul(weightTensor, difference.reshape([m, 1])).reshape([m]);
    });
    try {
      const name = (j: number) => `parameter ${j} (p0[${j}] = ${start[j]})`;
      const result = explainUnused(op, name, () => runOn(checkedProblem(problem, op, name), solverRun(m, n, start, opts, opts.onIteration)));
      return curveFitResult(result, m, n, opts.absoluteSigma, opts.method);
    } finally {
      problem.dispose();
      yTensor.dispose();
      weightTensor?.dispose();
    }
  });
}

/** curveFit on the rows of `y`, in lockstep (see curveFit). */
function curveFitBatch(f: CurveFitModel, xdata: TensorLike, y: Float64Array[], p0: unknown, raw: ReturnType<typeof checkFitOptions>): CurveFitResult[] {
  const op = 'curveFit';
  const batch = y.length;
  const m = y[0]!.length;
  const starts = batchStarts(p0, batch, f, raw.bounds, op);
  const n = starts[0]!.length;
  if (starts.some((s) => s.length !== n)) throw new Error(`${op}: the rows of p0 must have equal lengths.`);
  const opts = resolveFitOptions(raw, n, op);
  const resumeStates = opts.resumeStates ?? new Array<FitState | null>(batch).fill(null);
  if (opts.resumeState) throw new Error(`${op}: to resume a batch, pass resume as an array with one state (or null) per dataset.`);
  if (resumeStates.length !== batch) throw new Error(`${op}: resume has ${resumeStates.length} entries for ${batch} datasets; pass one state (or null) per dataset.`);
  starts.forEach((start, b) => checkFeasible(start, opts, op, starts.length > 1 && start !== starts[0] ? `p0[${b}]` : 'p0'));
  // (As scipy: only 'lm' needs m >= n; 'trf' and 'dogbox' fit and report an Infinity covariance.)
  if (m < n && opts.method === 'lm') {
    throw new Error(`${op}: ${m} data points cannot determine ${n} parameters with method 'lm'; pass at least as many points as parameters, or use method 'trf' or 'dogbox'.`);
  }
  const weights = batchSigmaWeights(opts.sigma, batch, m, op);
  const yValues = new Float64Array(batch * m);
  y.forEach((row, b) => yValues.set(row, b * m));
  // The k requesting fits' rows of a batch·m array, as a [k, m] tensor.
  const fitRows = (values: Float64Array, fits: readonly number[]) => {
    const out = new Float64Array(fits.length * m);
    fits.forEach((fit, i) => out.set(values.subarray(fit * m, (fit + 1) * m), i * m));
    return constant(out, opts.dtype).reshape([fits.length, m]);
  };
  return withPredictors(xdata, m, opts.dtype, op, (x) => {
    const evaluate = batchTapeEvaluator(m, n, opts.dtype, (fits, params) => {
      const model = f(x, ...params);
      checkBatchOutput(model, fits.length, m, opts.dtype, op);
      const difference = model.sub(fitRows(yValues, fits));
      if (!weights) return difference;
      return difference.mul(weights.perFit ? fitRows(weights.values, fits) : constant(weights.values, opts.dtype));
    });
    // Each fit's first evaluation is checked as a single fit's is.
    const started = new Uint8Array(batch);
    const checkedEvaluate: BatchEvaluate = (fits, requests) => {
      const evaluations = evaluate(fits, requests);
      fits.forEach((fit, i) => {
        if (started[fit]) return;
        started[fit] = 1;
        const name = (j: number) => `parameter ${j} (p0[${j}] = ${starts[fit]![j]})`;
        checkStart(evaluations[i]!.residuals, evaluations[i]!.jacobian!, m, n, `${op} (fit ${fit})`, name);
      });
      return evaluations;
    };
    const runs = starts.map((start, b) => {
      const onIteration = opts.onIteration && ((info: LmIterationInfo) => opts.onIteration!({ ...info, fit: b }));
      return solverRun(m, n, start, opts, onIteration, resumeStates[b] ?? undefined);
    });
    const results = explainUnused(op, (j) => `parameter ${j}`, () => {
      try {
        return runBatch(runs, checkedEvaluate);
      } catch (e) {
        if (e instanceof BatchMixingError) {
          throw new Error(`${op}: the batched model mixes fits: ${e.message}. Each row of f's output must depend only on the same row of the parameters (shape [k, 1]); build f from elementwise, broadcasting ops.`);
        }
        throw e;
      }
    });
    return results.map((result) => curveFitResult(result, m, n, opts.absoluteSigma, opts.method));
  });
}

/** Runs `body` with xdata as a tensor in the fit's dtype, checked finite, freed afterwards if made
 * here. Its shape is kept: [m], [m, k], or scipy's [k, m] for k predictors (`tf.unstack(x)` gives
 * them, as `x, y = xdata` in Python). */
function withPredictors<R>(xdata: TensorLike, m: number, dtype: FitDType, op: string, body: (x: Tensor) => R): R {
  const x = tidy(() => cast(makeConstant(xdata instanceof Tensor ? xdata : toFloat64(xdata), undefined, op), dtype));
  try {
    if (!(x.rank >= 1 && x.shape[0] === m) && !(x.rank === 2 && x.shape[1] === m)) {
      throw new Error(`${op}: xdata has shape [${x.shape.join(', ')}] but ydata has ${m} points; xdata must be [${m}], [${m}, k] or scipy's [k, ${m}].`);
    }
    checkFinite(x.dataSync() as ArrayLike<number>, op, 'xdata');
    return body(x);
  } finally {
    if (!(xdata instanceof Tensor) || x !== xdata) x.dispose();
  }
}

/** scipy's curve_fit outputs from a finished solve. */
function curveFitResult(result: SolveResult, m: number, n: number, absoluteSigma: boolean, method: FitMethod): CurveFitResult {
  // scipy's rule: the SVD of the final Jacobian (as the loss rescaled it) and the final cost.
  const covariance = curveFitCovariance(lossJacobian(result), m, n, result.cost, absoluteSigma, method);
  const standardErrors = new Array<number>(n);
  for (let j = 0; j < n; j++) standardErrors[j] = Math.sqrt(covariance[j]![j]!);
  return withRows({
    params: plainArray(result.x),
    covariance,
    standardErrors,
    residualSumOfSquares: sumOfSquares(result.residuals),
    cost: result.cost,
    residuals: plainArray(result.residuals),
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    status: result.status,
    message: result.message,
    activeMask: activeMask(result, n),
  }, 'jacobian', result.jacobian, m, n);
}

/**
 * Minimizes ½ Σ residuals(x)ᵢ² (or a robust loss of them) from `x0`, within `bounds`, as
 * scipy.optimize.least_squares with method 'lm', 'trf' or 'dogbox'.
 * `residuals` receives the parameters as a float64 tensor of shape [n] and returns the m >= n
 * residuals as a float64 tensor of shape [m], built from gradtape ops (float32 for both with
 * `dtype: 'float32'`).
 *
 * @example
 * ```ts
 * // Rosenbrock's function as residuals: 10(x₁ - x₀²) and 1 - x₀.
 * const r = tf.optimize.leastSquares((p) => {
 *   const [a, b] = tf.unstack(p);
 *   return tf.stack([b!.sub(a!.square()).mul(10), tf.sub(1, a!)]);
 * }, [-1.2, 1]);
 * console.log(r.x, r.converged); // [ 1, 1 ] true
 * ```
 */
export function leastSquares(residuals: (params: Tensor) => Tensor, x0: ArrayLike<number>, options?: FitOptions): LeastSquaresResult {
  const op = 'leastSquares';
  if (typeof residuals !== 'function') throw new Error(`${op}: residuals must be a function of the parameter tensor, got ${describe(residuals)}.`);
  const raw = checkFitOptions(options, op, FIT_OPTIONS);
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  const opts = resolveFitOptions(raw, n, op, 'leastSquares');
  if (opts.resumeStates) throw new Error(`${op}: resume must be one state (info.state), not an array.`);
  checkFeasible(start, opts, op, 'x0');
  // The residual count is whatever the function returns at x0.
  const m = tidy(() => {
    const r = residuals(constant(Float64Array.from(start), opts.dtype));
    checkModelOutput(r, -1, opts.dtype, op, 'residuals(x0)');
    return r.shape[0]!;
  });
  if (m < n && opts.method === 'lm') {
    throw new Error(`${op}: method 'lm' needs at least as many residuals as parameters; residuals(x0) returned ${m} for ${n} parameters (methods 'trf' and 'dogbox' do not).`);
  }
  const problem = tapeProblem(m, n, 'vector', opts.dtype, opts.jit, ([params]) => {
    const r = residuals(params!);
    checkModelOutput(r, m, opts.dtype, op, 'residuals(x)');
    return r;
  });
  const name = (j: number) => `x0[${j}] (= ${start[j]})`;
  let result: SolveResult;
  try {
    result = explainUnused(op, name, () => runOn(checkedProblem(problem, op, name), solverRun(m, n, start, opts, opts.onIteration)));
  } finally {
    problem.dispose();
  }
  const fields = withRows({
    x: plainArray(result.x),
    cost: result.cost,
    fun: plainArray(result.residuals),
    activeMask: activeMask(result, n),
    iterations: result.iterations,
    evaluations: result.evaluations,
    status: result.status,
    message: result.message,
    converged: result.converged,
  }, 'jac', lossJacobian(result), m, n);
  return Object.defineProperty(fields, 'success', { get: () => fields.converged, enumerable: false }) as LeastSquaresResult;
}

// ---- the shared run ---------------------------------------------------------------------------

/** What a solver returns ('trf' and 'dogbox' add the loss-rescaled Jacobian and the active bounds). */
type SolveResult = LmResult | TrfResult;

/** The solver the options choose ('lm', 'trf' or 'dogbox') as a run of evaluations from `start`. */
function solverRun(
  m: number, n: number, start: Float64Array, opts: ResolvedOptions, onIteration: ((info: LmIterationInfo) => boolean | void) | undefined,
  resume: FitState | undefined = opts.resumeState,
): SolverRun<SolveResult> {
  const maxIterations = opts.maxIterations ?? 1000 * (n + 1);
  const epsilon = FIT_EPSILON[opts.dtype];
  if (opts.method === 'dogbox') {
    return dogboxRun(m, n, start, {
      ftol: opts.ftol, xtol: opts.xtol, gtol: opts.gtol, maxIterations, maxEvaluations: opts.maxEvaluations ?? 100 * n, onIteration,
      resume: resume as DogboxState | undefined,
      lower: opts.lower, upper: opts.upper, loss: opts.loss, fScale: opts.fScale, xScale: opts.scale,
    });
  }
  if (opts.method === 'trf') {
    return trustRegionReflectiveRun(m, n, start, {
      ftol: opts.ftol, xtol: opts.xtol, gtol: opts.gtol, maxIterations, maxEvaluations: opts.maxEvaluations, onIteration, epsilon,
      resume: resume as TrfState | undefined,
      lower: opts.lower, upper: opts.upper, loss: opts.loss, fScale: opts.fScale, xScale: opts.scale,
    });
  }
  return levenbergMarquardtRun(m, n, start, {
    ftol: opts.ftol,
    xtol: opts.xtol,
    gtol: opts.gtol,
    maxIterations,
    ...(opts.maxEvaluations === undefined ? {} : { maxEvaluations: opts.maxEvaluations }),
    onIteration,
    epsilon,
    resume: resume as LmState | undefined,
    ...(opts.scale === 'jac' ? {} : { scale: Float64Array.from(opts.scale, (s) => 1 / s) }),
  });
}

/** scipy's `jac`: the Jacobian as the loss rescaled it ('lm' has only the linear loss). */
const lossJacobian = (r: SolveResult): Float64Array => ('lossJacobian' in r ? r.lossJacobian : r.jacobian);
/** scipy's active_mask ('lm' has no bounds). */
const activeMask = (r: SolveResult, n: number): number[] => ('activeMask' in r ? r.activeMask : new Array<number>(n).fill(0));

/** `problem`, with its first evaluation checked: finite residuals, and a Jacobian column for every parameter. */
function checkedProblem(problem: LmProblem, op: string, name: (j: number) => string): LmProblem {
  let first = true;
  return {
    m: problem.m,
    n: problem.n,
    evaluate(x, wantJacobian) {
      const evaluation = problem.evaluate(x, wantJacobian);
      if (first) {
        first = false;
        checkStart(evaluation.residuals, evaluation.jacobian!, problem.m, problem.n, op, name);
      }
      return evaluation;
    },
  };
}

/** `body`, with a parameter the residuals never read reported by name. */
function explainUnused<R>(op: string, name: (j: number) => string, body: () => R): R {
  try {
    return body();
  } catch (e) {
    if (e instanceof UnusedParameterError) {
      throw new Error(e.index < 0
        ? `${op}: the residuals do not depend on the parameters at all.`
        : `${op}: the model never uses ${name(e.index)}: its Jacobian column is zero. Use every parameter in the model, or drop it.`);
    }
    throw e;
  }
}

function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

/** The m×n column-major matrix as m row arrays (plain loops: a million-row Jacobian is built in
 * tens of milliseconds, where Array.from with callbacks took most of a second). */
/**
 * `result` with `key` the Jacobian's m rows, made when the property is first read: a fit of a
 * million points would otherwise spend a fifth of a second (and a million small arrays) on rows
 * that most callers never read. It is an ordinary enumerable property for JSON, structured clone
 * and spreading; console.log shows it as a getter until it is read.
 */
function withRows<R extends object, K extends string>(result: R, key: K, columnMajor: Float64Array, m: number, n: number): R & Record<K, number[][]> {
  // A small Jacobian's rows cost less than the accessor (defining one is slow in V8).
  if (m * n <= EAGER_ROWS) return Object.assign(result, { [key]: rowsOf(columnMajor, m, n) }) as R & Record<K, number[][]>;
  const settle = (value: unknown) => Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(result, key, {
    enumerable: true,
    configurable: true,
    get() {
      const rows = rowsOf(columnMajor, m, n);
      settle(rows);
      return rows;
    },
    set: settle,
  });
  return result as R & Record<K, number[][]>;
}

/** `Array.from(values)` as a loop (`from` iterates a typed array through its iterator). */
function plainArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** Entries of a Jacobian up to which its rows are made at once rather than when first read. */
const EAGER_ROWS = 4096;

function rowsOf(columnMajor: Float64Array, m: number, n: number): number[][] {
  const rows = new Array<number[]>(m);
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) row[j] = columnMajor[j * m + i]!;
    rows[i] = row;
  }
  return rows;
}
