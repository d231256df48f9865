// tf.optimize.curveFit and tf.optimize.leastSquares: scipy.optimize's curve_fit and
// least_squares (method 'lm') with exact Jacobians from gradtape's automatic differentiation.
// This file checks arguments, builds the residual function from tensors, runs the
// Levenberg-Marquardt solver (lm.ts) and assembles scipy's results in camelCase.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { cast } from '../ops';
import { Tensor, type TensorLike } from '../tensor';
import { curveFitCovariance } from './covariance';
import { type LmIterationInfo, type LmProblem, type LmResult, levenbergMarquardt } from './lm';
import { UnusedParameterError, tapeProblem } from './tape-problem';

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
  /** Only 'lm' for now. */
  method?: 'lm';
}

export interface CurveFitOptions extends FitOptions {
  /** Standard deviation of each data point: the residuals are (f(x) - y) / sigma. */
  sigma?: ArrayLike<number> | Tensor;
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
  /** ½ Σ rᵢ². */
  cost: number;
  /** The weighted residuals (f(x, params) - y) / sigma. */
  residuals: number[];
  /** ∂rᵢ/∂pⱼ of the weighted residuals at params, m rows of n. */
  jacobian: number[][];
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** scipy.optimize.least_squares' status: -2 stopped by onIteration, 0 iteration limit, 1 gtol,
   * 2 ftol, 3 xtol, 4 ftol and xtol. */
  status: number;
  message: string;
}

export interface LeastSquaresResult {
  x: number[];
  cost: number;
  /** The residuals at x. */
  fun: number[];
  /** The Jacobian at x, m rows of n. */
  jac: number[][];
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
  const opts = checkFitOptions(options, op, CURVE_FIT_OPTIONS);
  const start = p0 === undefined ? defaultStart(f, op) : startingPoint(p0, op, 'p0');
  const n = start.length;
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
    const weightTensor = weights && constant(weights);
    try {
      const problem = tapeProblem(m, n, 'scalars', (params) => {
        const model = f(x, ...params);
        checkModelOutput(model, m, op, 'the model f(x, ...params)');
        const difference = model.sub(yTensor);
        return weightTensor ? difference.mul(weightTensor) : difference;
      });
      const result = solve(problem, start, opts, op, (j) => `parameter ${j} (p0[${j}] = ${start[j]})`);
      const cost = 0.5 * sumOfSquares(result.residuals);
      const covariance = curveFitCovariance(result.jacobian, m, n, cost, opts.absoluteSigma);
      return {
        params: Array.from(result.x),
        covariance,
        standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
        residualSumOfSquares: 2 * cost,
        cost,
        residuals: Array.from(result.residuals),
        jacobian: rowsOf(result.jacobian, m, n),
        iterations: result.iterations,
        evaluations: result.evaluations,
        converged: result.converged,
        status: result.status,
        message: result.message,
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
 * Minimizes ½ Σ residuals(x)ᵢ² from `x0`, as scipy.optimize.least_squares with method 'lm'.
 * `residuals` receives the parameters as a float64 tensor of shape [n] and returns the m >= n
 * residuals as a float64 tensor of shape [m], built from gradtape ops.
 */
export function leastSquares(residuals: (params: Tensor) => Tensor, x0: ArrayLike<number>, options?: FitOptions): LeastSquaresResult {
  const op = 'leastSquares';
  if (typeof residuals !== 'function') throw new Error(`${op}: residuals must be a function of the parameter tensor, got ${describe(residuals)}.`);
  const opts = checkFitOptions(options, op, FIT_OPTIONS);
  const start = startingPoint(x0, op, 'x0');
  const n = start.length;
  // The residual count is whatever the function returns at x0.
  const m = tidy(() => {
    const r = residuals(constant(Float64Array.from(start)));
    checkModelOutput(r, -1, op, 'residuals(x0)');
    return r.shape[0]!;
  });
  if (m < n) throw new Error(`${op}: method 'lm' needs at least as many residuals as parameters; residuals(x0) returned ${m} for ${n} parameters.`);
  const problem = tapeProblem(m, n, 'vector', ([params]) => {
    const r = residuals(params!);
    checkModelOutput(r, m, op, 'residuals(x)');
    return r;
  });
  const result = solve(problem, start, opts, op, (j) => `x0[${j}] (= ${start[j]})`);
  return {
    x: Array.from(result.x),
    cost: 0.5 * sumOfSquares(result.residuals),
    fun: Array.from(result.residuals),
    jac: rowsOf(result.jacobian, m, n),
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
}

/** Runs the solver, checking the start: finite residuals, and a Jacobian column for every parameter. */
function solve(problem: LmProblem, start: Float64Array, opts: CheckedOptions, op: string, name: (j: number) => string): LmResult {
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
  return levenbergMarquardt(checked, start, {
    ftol: opts.ftol,
    xtol: opts.xtol,
    gtol: opts.gtol,
    maxIterations: opts.maxIterations ?? 1000 * (n + 1),
    onIteration: opts.onIteration,
  });
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
  if (options === undefined) return { ftol: DEFAULT_TOLERANCE, xtol: DEFAULT_TOLERANCE, gtol: DEFAULT_TOLERANCE, absoluteSigma: false };
  if (!isPlainObject(options)) throw new Error(`${op}: options must be an object like { sigma, ftol, maxIterations }, got ${describe(options)}.`);
  for (const key in options) {
    if (!allowed.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${allowed.join(', ')}.`);
  }
  const o = options as Record<string, unknown>;
  if (o.method !== undefined && o.method !== 'lm') {
    throw new Error(`${op}: method ${describe(o.method)} is not supported yet; only 'lm' (Levenberg-Marquardt) is.`);
  }
  if (o.bounds !== undefined && !unbounded(o.bounds)) throw new Error(`${op}: bounds are not supported yet (method 'lm' is unbounded).`);
  if (o.loss !== undefined && o.loss !== 'linear') throw new Error(`${op}: loss ${describe(o.loss)} is not supported yet; only 'linear' is.`);
  if (o.fScale !== undefined && o.fScale !== 1) throw new Error(`${op}: fScale is not supported yet (it applies to robust losses).`);
  if (o.xScale !== undefined) throw new Error(`${op}: xScale is not supported yet; method 'lm' scales by the Jacobian's column norms.`);
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
  };
}

/** True for bounds that bound nothing: [-Infinity, Infinity] everywhere (scipy's default). */
function unbounded(bounds: unknown): boolean {
  if (!Array.isArray(bounds) || bounds.length !== 2) return false;
  const all = (side: unknown, value: number) =>
    side === value || (Array.isArray(side) && side.every((v) => v === value));
  return all(bounds[0], -Infinity) && all(bounds[1], Infinity);
}

/** 1/sigma per point, or null without sigma. */
function sigmaWeights(sigma: unknown, m: number, op: string): Float64Array | null {
  if (sigma === undefined || sigma === null) return null;
  const s = numbers(sigma, op, 'sigma');
  if (s.length !== m) {
    throw new Error(`${op}: sigma must have one entry per data point (${m}), got ${s.length}; a full covariance matrix for sigma is not supported yet.`);
  }
  const bad = s.findIndex((v) => !(v > 0));
  if (bad >= 0) throw new Error(`${op}: sigma must be positive, got sigma[${bad}] = ${s[bad]}.`);
  return Float64Array.from(s, (v) => 1 / v);
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

/** scipy's default p0: ones, one per parameter of f after x. */
function defaultStart(f: (...args: never[]) => unknown, op: string): Float64Array {
  if (f.length < 2) {
    throw new Error(`${op}: pass p0: the number of parameters cannot be read from f's signature (it declares ${f.length} argument${f.length === 1 ? '' : 's'}; rest parameters are not counted).`);
  }
  return new Float64Array(f.length - 1).fill(1);
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

function rowsOf(columnMajor: Float64Array, m: number, n: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => columnMajor[j * m + i]!));
}
