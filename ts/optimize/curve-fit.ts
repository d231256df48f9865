// tf.optimize.curveFit and tf.optimize.leastSquares: scipy.optimize's curve_fit and
// least_squares (methods 'lm' and 'trf') with exact Jacobians from gradtape's automatic
// differentiation. This file checks arguments, builds the residual function from tensors, runs the
// Levenberg-Marquardt solver (lm.ts) or the Trust Region Reflective one (trf.ts, bounds and
// robust losses) and assembles scipy's results in camelCase.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { cast, matmul } from '../ops';
import { Tensor, type TensorLike } from '../tensor';
import { curveFitCovariance } from './covariance';
import { type LmIterationInfo, type LmProblem, levenbergMarquardt } from './lm';
import { LOSS_NAMES, type LossName } from './loss';
import { UnusedParameterError, tapeProblem } from './tape-problem';
import { trustRegionReflective } from './trf';

/**
 * The default ftol, xtol and gtol: 1e-15, far tighter than scipy's 1.49012e-8. With exact
 * Jacobians the last iterations converge fast, so this costs a few iterations per fit and brings
 * every NIST StRD problem to 6+
 * significant digits from both starting points, standard errors to 3+ (test/nist-strd.test.ts);
 * at 1e-14, large-residual problems such as ENSO stop at 6.1 digits. A tolerance that rounding
 * makes unreachable ends the fit as converged "at machine precision" (see lm.ts).
 */
export const DEFAULT_TOLERANCE = 1e-15;

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
  /** Called after each accepted step; return false to stop (status -2). */
  onIteration?: (info: LmIterationInfo) => boolean | void;
  /** 'lm' (Levenberg-Marquardt, unbounded, linear loss only) or 'trf' (Trust Region Reflective).
   * Default: 'trf' when bounds or a robust loss are given, else 'lm'. */
  method?: 'lm' | 'trf';
  /** scipy's (lb, ub): [lower, upper], each a number for every parameter or one per parameter;
   * ±Infinity for no bound. Every iterate stays strictly inside; needs method 'trf'. */
  bounds?: [number | ArrayLike<number>, number | ArrayLike<number>];
  /** The loss ρ applied to z = (r/fScale)²: cost = ½ fScale² Σ ρ(z) (method 'trf'). Default 'linear'. */
  loss?: LossName;
  /** The residual scale at which a robust loss starts to soften (default 1). */
  fScale?: number;
  /** The characteristic scale of each parameter (a number or one per parameter), or 'jac' for the
   * inverse norms of the Jacobian's columns. Default: 1 for 'trf', 'jac' for 'lm' (as scipy). */
  xScale?: number | ArrayLike<number> | 'jac';
  /** Only 'float64'. */
  dtype?: 'float64';
}

export interface CurveFitOptions extends FitOptions {
  /** Standard deviation of each data point: the residuals are (f(x) - y) / sigma. Or the data's
   * full covariance matrix (m×m, positive definite): the residuals are L⁻¹ (f(x) - y) for its
   * Cholesky factor L = chol(sigma). */
  sigma?: ArrayLike<number> | ArrayLike<ArrayLike<number>> | Tensor;
  /** Use sigma as absolute (true) or only as relative weights, the covariance then scaled by the
   * residual variance (false, the default). */
  absoluteSigma?: boolean;
}

export interface CurveFitResult {
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
  /** ∂rᵢ/∂pⱼ of the weighted residuals at params, m rows of n (before any loss rescaling). */
  jacobian: number[][];
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** scipy.optimize.least_squares' status: -2 stopped by onIteration, 0 iteration limit, 1 gtol,
   * 2 ftol, 3 xtol, 4 ftol and xtol. */
  status: number;
  message: string;
  /** scipy's active_mask: -1 where a parameter is at its lower bound, 1 at its upper, else 0
   * (within xtol relative, as scipy: 'trf' iterates are strictly feasible). */
  activeMask: number[];
}

export interface LeastSquaresResult {
  x: number[];
  /** ½ Σ rᵢ², or ½ fScale² Σ ρ((rᵢ/fScale)²) with a robust loss. */
  cost: number;
  /** The residuals at x. */
  fun: number[];
  /** The Jacobian at x, m rows of n; with a robust loss, rescaled as scipy's (so that JᵀJ is the
   * Gauss-Newton Hessian of the cost). */
  jac: number[][];
  /** -1 at a lower bound, 1 at an upper bound, 0 otherwise. */
  activeMask: number[];
  iterations: number;
  evaluations: number;
  status: number;
  message: string;
  converged: boolean;
}

const FIT_OPTIONS = ['ftol', 'xtol', 'gtol', 'maxIterations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype'];
const CURVE_FIT_OPTIONS = [...FIT_OPTIONS, 'sigma', 'absoluteSigma'];

/**
 * Fits `f(x, ...params)` to `(xdata, ydata)` by least squares, as scipy.optimize.curve_fit.
 * `f` receives `x` as a float64 tensor (shape [m], or [m, k] for k predictors) and each parameter
 * as a rank-0 float64 tensor, and returns the m model values, built from gradtape ops so that the
 * Jacobian is exact. Starts from `p0` (default: ones, one per parameter after x in f's signature).
 */
export function curveFit(
  f: (x: Tensor, ...params: Tensor[]) => Tensor,
  xdata: TensorLike,
  ydata: TensorLike,
  p0?: ArrayLike<number>,
  options?: CurveFitOptions,
): CurveFitResult {
  const op = 'curveFit';
  if (typeof f !== 'function') throw new Error(`${op}: f must be a function f(x, ...params) returning a tensor, got ${describe(f)}.`);
  const raw = checkFitOptions(options, op, CURVE_FIT_OPTIONS);
  const start = p0 === undefined ? defaultStart(f, op, raw.bounds) : startingPoint(p0, op, 'p0');
  const n = start.length;
  const opts = resolveFitOptions(raw, n, start, op, 'p0');
  const y = numbers(ydata, op, 'ydata');
  const m = y.length;
  if (m < n) throw new Error(`${op}: ${m} data points cannot determine ${n} parameters; pass at least as many points as parameters.`);
  const x = tidy(() => cast(constant(xdata instanceof Tensor ? xdata : toFloat64(xdata), undefined, op), 'float64'));
  try {
    if (x.rank < 1 || x.shape[0] !== m) {
      throw new Error(`${op}: xdata has shape [${x.shape.join(', ')}] but ydata has ${m} points; xdata must be [${m}] or [${m}, k].`);
    }
    checkFinite(x.dataSync() as ArrayLike<number>, op, 'xdata');
    const weights = sigmaWeights(opts.sigma, m, op);
    const yTensor = constant(y);
    const weightTensor = weights && (weights.kind === 'diagonal' ? constant(weights.values) : tidy(() => constant(weights.values).reshape([m, m])));
    try {
      const problem = tapeProblem(m, n, 'scalars', (params) => {
        const model = f(x, ...params);
        checkModelOutput(model, m, op, 'the model f(x, ...params)');
        const difference = model.sub(yTensor);
        if (!weightTensor) return difference;
        return weights!.kind === 'diagonal' ? difference.mul(weightTensor) : matmul(weightTensor, difference.reshape([m, 1])).reshape([m]);
      });
      const result = solve(problem, start, opts, op, (j) => `parameter ${j} (p0[${j}] = ${start[j]})`);
      const cost = result.cost;
      // scipy's rule: the SVD of the final Jacobian (as the loss rescaled it) and the final cost.
      const covariance = curveFitCovariance(result.lossJacobian, m, n, cost, opts.absoluteSigma);
      return {
        params: Array.from(result.x),
        covariance,
        standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
        residualSumOfSquares: sumOfSquares(result.residuals),
        cost,
        residuals: Array.from(result.residuals),
        jacobian: rowsOf(result.jacobian, m, n),
        iterations: result.iterations,
        evaluations: result.evaluations,
        converged: result.converged,
        status: result.status,
        message: result.message,
        activeMask: result.activeMask,
      };
    } finally {
      yTensor.dispose();
      weightTensor?.dispose();
    }
  } finally {
    if (!(xdata instanceof Tensor) || x !== xdata) x.dispose();
  }
}

/**
 * Minimizes ½ Σ residuals(x)ᵢ² (or a robust loss of them) from `x0`, within `bounds`, as
 * scipy.optimize.least_squares with method 'lm' or 'trf'.
 * `residuals` receives the parameters as a float64 tensor of shape [n] and returns the m >= n
 * residuals as a float64 tensor of shape [m], built from gradtape ops.
 */
export function leastSquares(residuals: (params: Tensor) => Tensor, x0: ArrayLike<number>, options?: FitOptions): LeastSquaresResult {
  const op = 'leastSquares';
  if (typeof residuals !== 'function') throw new Error(`${op}: residuals must be a function of the parameter tensor, got ${describe(residuals)}.`);
  const raw = checkFitOptions(options, op, FIT_OPTIONS);
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  const opts = resolveFitOptions(raw, n, start, op, 'x0');
  // The residual count is whatever the function returns at x0.
  const m = tidy(() => {
    const r = residuals(constant(Float64Array.from(start)));
    checkModelOutput(r, -1, op, 'residuals(x0)');
    return r.shape[0]!;
  });
  if (m < n && opts.method === 'lm') {
    throw new Error(`${op}: method 'lm' needs at least as many residuals as parameters; residuals(x0) returned ${m} for ${n} parameters (method 'trf' does not).`);
  }
  const problem = tapeProblem(m, n, 'vector', ([params]) => {
    const r = residuals(params!);
    checkModelOutput(r, m, op, 'residuals(x)');
    return r;
  });
  const result = solve(problem, start, opts, op, (j) => `x0[${j}] (= ${start[j]})`);
  return {
    x: Array.from(result.x),
    cost: result.cost,
    fun: Array.from(result.residuals),
    jac: rowsOf(result.lossJacobian, m, n),
    activeMask: result.activeMask,
    iterations: result.iterations,
    evaluations: result.evaluations,
    status: result.status,
    message: result.message,
    converged: result.converged,
  };
}

// ---- the shared run ---------------------------------------------------------------------------

interface CheckedOptions {
  ftol: number;
  xtol: number;
  gtol: number;
  maxIterations?: number;
  onIteration?: (info: LmIterationInfo) => boolean | void;
  sigma?: unknown;
  absoluteSigma: boolean;
  method?: 'lm' | 'trf';
  bounds?: unknown;
  loss: LossName;
  fScale: number;
  xScale?: unknown;
}

interface ResolvedOptions extends CheckedOptions {
  method: 'lm' | 'trf';
  lower: Float64Array;
  upper: Float64Array;
  /** Per-parameter scale, or 'jac'. */
  scale: Float64Array | 'jac';
}

interface SolveResult {
  x: Float64Array;
  residuals: Float64Array;
  jacobian: Float64Array;
  lossJacobian: Float64Array;
  cost: number;
  iterations: number;
  evaluations: number;
  status: number;
  message: string;
  converged: boolean;
  activeMask: number[];
}

/** Runs the solver, checking the start: finite residuals, and a Jacobian column for every parameter. */
function solve(problem: LmProblem, start: Float64Array, opts: ResolvedOptions, op: string, name: (j: number) => string): SolveResult {
  const { m, n } = problem;
  let first = true;
  const checked: LmProblem = {
    m,
    n,
    evaluate(x, wantJacobian) {
      let evaluation;
      try {
        evaluation = problem.evaluate(x, wantJacobian);
      } catch (e) {
        if (e instanceof UnusedParameterError) {
          throw new Error(e.index < 0
            ? `${op}: the residuals do not depend on the parameters at all.`
            : `${op}: the model never uses ${name(e.index)}: its Jacobian column is zero. Use every parameter in the model, or drop it.`);
        }
        throw e;
      }
      if (first) {
        first = false;
        checkStart(evaluation.residuals, evaluation.jacobian!, m, n, op, name);
      }
      return evaluation;
    },
  };
  const maxIterations = opts.maxIterations ?? 1000 * (n + 1);
  if (opts.method === 'trf') {
    return trustRegionReflective(checked, start, {
      ftol: opts.ftol, xtol: opts.xtol, gtol: opts.gtol, maxIterations, onIteration: opts.onIteration,
      lower: opts.lower, upper: opts.upper, loss: opts.loss, fScale: opts.fScale, xScale: opts.scale,
    });
  }
  const result = levenbergMarquardt(checked, start, {
    ftol: opts.ftol,
    xtol: opts.xtol,
    gtol: opts.gtol,
    maxIterations,
    onIteration: opts.onIteration,
    ...(opts.scale === 'jac' ? {} : { scale: Float64Array.from(opts.scale, (s) => 1 / s) }),
  });
  return { ...result, lossJacobian: result.jacobian, cost: 0.5 * sumOfSquares(result.residuals), activeMask: new Array<number>(n).fill(0) };
}

/** Bounds, method, loss and scale checked against the parameter count and the start. */
function resolveFitOptions(opts: CheckedOptions, n: number, start: Float64Array, op: string, what: string): ResolvedOptions {
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  if (opts.bounds !== undefined) {
    const b = opts.bounds;
    if (!Array.isArray(b) || b.length !== 2) {
      throw new Error(`${op}: bounds must be [lower, upper], each a number or one number per parameter, got ${describe(b)}.`);
    }
    const side = (v: unknown, into: Float64Array, which: string) => {
      if (typeof v === 'number') {
        if (Number.isNaN(v)) throw new Error(`${op}: the ${which} bound is NaN.`);
        into.fill(v);
        return;
      }
      const values = boundValues(v, op, which);
      if (values.length !== n) throw new Error(`${op}: the ${which} bounds have ${values.length} entries for ${n} parameters; pass one per parameter or a single number.`);
      into.set(values);
    };
    side(b[0], lower, 'lower');
    side(b[1], upper, 'upper');
    for (let j = 0; j < n; j++) {
      if (!(lower[j]! < upper[j]!)) {
        throw new Error(`${op}: each lower bound must be strictly less than its upper bound; parameter ${j} has [${lower[j]}, ${upper[j]}].`);
      }
    }
    for (let j = 0; j < n; j++) {
      if (start[j]! < lower[j]! || start[j]! > upper[j]!) {
        throw new Error(`${op}: ${what} is infeasible: ${what}[${j}] = ${start[j]} is outside its bounds [${lower[j]}, ${upper[j]}].`);
      }
    }
  }
  const bounded = lower.some((v) => v > -Infinity) || upper.some((v) => v < Infinity);
  const method = opts.method ?? (bounded || opts.loss !== 'linear' ? 'trf' : 'lm');
  if (method === 'lm' && bounded) throw new Error(`${op}: method 'lm' cannot handle bounds; use method 'trf' (the default when bounds are given).`);
  if (method === 'lm' && opts.loss !== 'linear') throw new Error(`${op}: method 'lm' supports only the 'linear' loss; use method 'trf' for loss '${opts.loss}'.`);
  let scale: Float64Array | 'jac';
  const x = opts.xScale;
  if (x === undefined) scale = method === 'lm' ? 'jac' : new Float64Array(n).fill(1);
  else if (x === 'jac') scale = 'jac';
  else {
    const values = typeof x === 'number' ? new Float64Array(n).fill(x) : boundValues(x, op, 'xScale');
    if (values.length !== n) throw new Error(`${op}: xScale has ${values.length} entries for ${n} parameters; pass one per parameter, a single number or 'jac'.`);
    const bad = values.findIndex((v) => !(v > 0) || !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${op}: xScale must be positive and finite, or 'jac'; got xScale[${bad}] = ${values[bad]}.`);
    scale = values;
  }
  return { ...opts, method, lower, upper, scale };
}

/** Numbers from an array, typed array or rank-1 tensor; ±Infinity allowed, NaN not. */
function boundValues(v: unknown, op: string, what: string): Float64Array {
  let out: Float64Array;
  if (v instanceof Tensor) out = Float64Array.from(v.dataSync() as ArrayLike<number>);
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) out = Float64Array.from(v as unknown as ArrayLike<number>);
  else if (Array.isArray(v) && v.every((e) => typeof e === 'number')) out = Float64Array.from(v as number[]);
  else throw new Error(`${op}: ${what} must be a number or an array of numbers, got ${describe(v)}.`);
  const bad = out.findIndex((e) => Number.isNaN(e));
  if (bad >= 0) throw new Error(`${op}: ${what} contains NaN (${what}[${bad}]).`);
  return out;
}

/** A parameter the model never reads fails earlier (its Jacobian is null, not zeros); a zero
 * column here is a parameter with no effect at this point. */
function checkStart(residuals: Float64Array, jacobian: Float64Array, m: number, n: number, op: string, name: (j: number) => string): void {
  const bad = residuals.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${op}: the residuals at the starting point are not finite (residual ${bad} is ${residuals[bad]}); choose a starting point where the model is defined.`);
  for (let j = 0; j < n; j++) {
    const column = jacobian.subarray(j * m, (j + 1) * m);
    if (column.some((v) => !Number.isFinite(v))) throw new Error(`${op}: the Jacobian at the starting point is not finite for ${name(j)}.`);
    if (column.every((v) => v === 0)) {
      throw new Error(`${op}: the residuals do not depend on ${name(j)} at the starting point: its Jacobian column is all zero. Use the parameter in the model, or start where it has an effect.`);
    }
  }
}

function checkFitOptions(options: unknown, op: string, allowed: string[]): CheckedOptions {
  if (options === undefined) return { ftol: DEFAULT_TOLERANCE, xtol: DEFAULT_TOLERANCE, gtol: DEFAULT_TOLERANCE, absoluteSigma: false, loss: 'linear', fScale: 1 };
  if (!isPlainObject(options)) throw new Error(`${op}: options must be an object like { sigma, ftol, maxIterations }, got ${describe(options)}.`);
  for (const key in options) {
    if (!allowed.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${allowed.join(', ')}.`);
  }
  const o = options as Record<string, unknown>;
  if (o.method !== undefined && o.method !== 'lm' && o.method !== 'trf') {
    throw new Error(`${op}: method ${describe(o.method)} is not supported; the methods are 'lm' (Levenberg-Marquardt) and 'trf' (Trust Region Reflective).`);
  }
  if (o.loss !== undefined && !LOSS_NAMES.includes(o.loss as LossName)) {
    throw new Error(`${op}: loss ${describe(o.loss)} is not supported; the losses are ${LOSS_NAMES.map((l) => `'${l}'`).join(', ')}.`);
  }
  if (o.fScale !== undefined && (typeof o.fScale !== 'number' || !(o.fScale > 0) || !Number.isFinite(o.fScale))) {
    throw new Error(`${op}: fScale must be a positive number, got ${describe(o.fScale)}.`);
  }
  if (o.xScale !== undefined && o.xScale !== 'jac' && typeof o.xScale !== 'number' && !Array.isArray(o.xScale) && !ArrayBuffer.isView(o.xScale) && !(o.xScale instanceof Tensor)) {
    throw new Error(`${op}: xScale must be a number, one number per parameter or 'jac', got ${describe(o.xScale)}.`);
  }
  if (o.dtype !== undefined && o.dtype !== 'float64') throw new Error(`${op}: dtype ${describe(o.dtype)} is not supported yet; fits run in float64.`);
  const tolerance = (key: 'ftol' | 'xtol' | 'gtol'): number => {
    const v = o[key];
    if (v === undefined) return DEFAULT_TOLERANCE;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${op}: ${key} must be a number >= 0, got ${describe(v)}.`);
    return v;
  };
  const maxIterations = o.maxIterations;
  if (maxIterations !== undefined && (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 1)) {
    throw new Error(`${op}: maxIterations must be a positive integer, got ${describe(maxIterations)}.`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new Error(`${op}: onIteration must be a function (info) => boolean | void, got ${describe(o.onIteration)}.`);
  }
  if (o.absoluteSigma !== undefined && typeof o.absoluteSigma !== 'boolean') {
    throw new Error(`${op}: absoluteSigma must be true or false, got ${describe(o.absoluteSigma)}.`);
  }
  return {
    ftol: tolerance('ftol'), xtol: tolerance('xtol'), gtol: tolerance('gtol'),
    maxIterations: maxIterations as number | undefined,
    onIteration: o.onIteration as CheckedOptions['onIteration'],
    sigma: o.sigma,
    absoluteSigma: (o.absoluteSigma as boolean | undefined) ?? false,
    method: o.method as 'lm' | 'trf' | undefined,
    bounds: o.bounds,
    loss: (o.loss as LossName | undefined) ?? 'linear',
    fScale: (o.fScale as number | undefined) ?? 1,
    xScale: o.xScale,
  };
}

/**
 * How sigma weights the residuals: 1/sigma per point ('diagonal'), or L⁻¹ (m×m, row-major) for
 * a full covariance matrix sigma = L Lᵀ ('full', scipy's Cholesky transform); null without sigma.
 */
function sigmaWeights(sigma: unknown, m: number, op: string): { kind: 'diagonal' | 'full'; values: Float64Array } | null {
  if (sigma === undefined || sigma === null) return null;
  const matrix = sigma instanceof Tensor ? sigma.rank === 2 : Array.isArray(sigma) && sigma.length > 0 && sigma.every((row) => Array.isArray(row) || ArrayBuffer.isView(row));
  if (matrix) return { kind: 'full', values: inverseCholesky(covarianceMatrix(sigma, m, op), m, op) };
  const s = numbers(sigma, op, 'sigma');
  if (s.length !== m) {
    throw new Error(`${op}: sigma must have one entry per data point (${m}), got ${s.length}, or be a ${m}×${m} covariance matrix.`);
  }
  const bad = s.findIndex((v) => !(v > 0));
  if (bad >= 0) throw new Error(`${op}: sigma must be positive, got sigma[${bad}] = ${s[bad]}.`);
  return { kind: 'diagonal', values: Float64Array.from(s, (v) => 1 / v) };
}

/** sigma as an m×m row-major matrix of finite numbers. */
function covarianceMatrix(sigma: unknown, m: number, op: string): Float64Array {
  let rows: number, cols: number, data: Float64Array;
  if (sigma instanceof Tensor) {
    [rows, cols] = sigma.shape as [number, number];
    data = Float64Array.from(sigma.dataSync() as ArrayLike<number>);
  } else {
    const r = sigma as ArrayLike<number>[];
    rows = r.length;
    cols = r[0]!.length;
    if (r.some((row) => row.length !== cols)) throw new Error(`${op}: sigma as a covariance matrix must have rows of equal length.`);
    data = new Float64Array(rows * cols);
    r.forEach((row, i) => {
      for (let j = 0; j < cols; j++) {
        if (typeof row[j] !== 'number') throw new Error(`${op}: sigma must hold numbers.`);
        data[i * cols + j] = row[j]!;
      }
    });
  }
  if (rows !== m || cols !== m) throw new Error(`${op}: sigma as a covariance matrix must be ${m}×${m} (one row and column per data point), got ${rows}×${cols}.`);
  checkFinite(data, op, 'sigma');
  return data;
}

/**
 * L⁻¹ for the Cholesky factor L of the symmetric positive definite m×m `a` (row-major; its lower
 * triangle is read, as scipy's cholesky(lower=True) does). A matrix that is not positive definite
 * is an error.
 */
function inverseCholesky(a: Float64Array, m: number, op: string): Float64Array {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j]!;
    for (let k = 0; k < j; k++) d -= l[j * m + k]! * l[j * m + k]!;
    if (!(d > 0)) throw new Error(`${op}: sigma is not positive definite (the Cholesky factorization fails at row ${j}); a covariance matrix for sigma must be symmetric positive definite.`);
    const ljj = Math.sqrt(d);
    l[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = s / ljj;
    }
  }
  // Forward substitution on the identity, column by column: L⁻¹ is lower triangular.
  const inv = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    for (let i = c; i < m; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * m + k]! * inv[k * m + c]!;
      inv[i * m + c] = s / l[i * m + i]!;
    }
  }
  return inv;
}

/** The starting parameters: at least one, all finite. */
function startingPoint(v: unknown, op: string, what: string): Float64Array {
  const start = numbers(v, op, what);
  if (start.length === 0) throw new Error(`${op}: ${what} is empty; there must be at least one parameter to fit.`);
  return start;
}

/** A flat list of finite numbers from an array, typed array or tensor of rank 0 or 1. */
function numbers(v: unknown, op: string, what: string): Float64Array {
  let out: Float64Array;
  if (v instanceof Tensor) {
    if (v.rank > 1) throw new Error(`${op}: ${what} must be one-dimensional, got shape [${v.shape.join(', ')}].`);
    out = Float64Array.from(v.dataSync() as ArrayLike<number>);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    out = Float64Array.from(v as unknown as ArrayLike<number>);
  } else if (Array.isArray(v)) {
    if (v.some((e) => typeof e !== 'number')) throw new Error(`${op}: ${what} must be an array of numbers.`);
    out = Float64Array.from(v as number[]);
  } else {
    throw new Error(`${op}: ${what} must be an array of numbers, a typed array or a tensor, got ${describe(v)}.`);
  }
  checkFinite(out, op, what);
  return out;
}

function checkFinite(values: ArrayLike<number>, op: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${op}: ${what} contains NaN or infinite values (${what}[${i}] = ${values[i]}).`);
  }
}

/** Nested arrays and typed arrays as float64 data (plain numbers would become float32). */
function toFloat64(xdata: TensorLike): TensorLike {
  if (Array.isArray(xdata)) {
    const flat = (xdata as unknown[]).flat(Infinity);
    if (flat.some((e) => typeof e !== 'number')) throw new Error('curveFit: xdata must hold numbers.');
    const inner = Array.isArray(xdata[0]) ? (xdata[0] as unknown[]).length : 0;
    const data = Float64Array.from(flat as number[]);
    return Array.isArray(xdata[0]) ? constant(data).reshape([xdata.length, inner]) : data;
  }
  if (ArrayBuffer.isView(xdata)) return Float64Array.from(xdata as unknown as ArrayLike<number>);
  return xdata;
}

/** scipy's default p0: one per parameter of f after x; 1, or inside the bounds when bounded (the
 * midpoint of two finite bounds, 1 inside a single finite one), as curve_fit does. */
function defaultStart(f: (...args: never[]) => unknown, op: string, bounds: unknown): Float64Array {
  if (f.length < 2) {
    throw new Error(`${op}: pass p0: the number of parameters cannot be read from f's signature (it declares ${f.length} argument${f.length === 1 ? '' : 's'}; rest parameters are not counted).`);
  }
  const n = f.length - 1;
  const start = new Float64Array(n).fill(1);
  if (Array.isArray(bounds) && bounds.length === 2) {
    const at = (side: unknown, j: number): number => typeof side === 'number' ? side : Array.isArray(side) && typeof side[j] === 'number' ? side[j] as number : NaN;
    for (let j = 0; j < n; j++) {
      const lo = at(bounds[0], j), hi = at(bounds[1], j);
      const finiteLo = Number.isFinite(lo), finiteHi = Number.isFinite(hi);
      if (finiteLo && finiteHi) start[j] = 0.5 * (lo + hi);
      else if (finiteLo) start[j] = lo + 1;
      else if (finiteHi) start[j] = hi - 1;
    }
  }
  return start;
}

function checkModelOutput(t: unknown, m: number, op: string, what: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${op}: ${what} must return a tensor, got ${describe(t)}.`);
  if (t.rank !== 1 || (m >= 0 && t.shape[0] !== m)) {
    throw new Error(`${op}: ${what} returned shape [${t.shape.join(', ')}]; it must return ${m >= 0 ? `shape [${m}], one value per data point` : 'a one-dimensional tensor'}.`);
  }
  if (t.dtype !== 'float64') {
    throw new Error(`${op}: ${what} returned ${t.dtype}; fits run in float64: make constants with dtype 'float64' (plain JS numbers as operands are fine).`);
  }
}

function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

/** The m×n column-major matrix as m row arrays (plain loops: a million-row Jacobian is built in
 * tens of milliseconds, where Array.from with callbacks took most of a second). */
function rowsOf(columnMajor: Float64Array, m: number, n: number): number[][] {
  const rows = new Array<number[]>(m);
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) row[j] = columnMajor[j * m + i]!;
    rows[i] = row;
  }
  return rows;
}
