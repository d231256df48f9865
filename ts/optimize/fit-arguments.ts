// Argument checking for tf.optimize's curveFit and leastSquares: options, bounds, starting points,
// data, sigma and the model's output, each failure a clear error naming the function and the input.

import { constant } from '../creation';
import { checkOptions as checkOptionKeys, describe, isPlainObject } from '../describe';
import { Tensor, type TensorLike } from '../tensor';
import type { FitState, LmIterationInfo } from './lm';
import { LOSS_NAMES, type FitLossFunction, type LossName, type LossValues, type SolverLoss } from './loss';

/**
 * The default ftol, xtol and gtol: 1e-15, far tighter than scipy's 1.49012e-8. With exact
 * Jacobians the last iterations converge fast, so this costs a few iterations per fit and brings
 * every NIST StRD problem to 6+
 * significant digits from both starting points, standard errors to 3+ (test/nist-strd.test.ts);
 * at 1e-14, large-residual problems such as ENSO stop at 6.1 digits. A tolerance that rounding
 * makes unreachable ends the fit as converged "at machine precision" (see lm.ts).
 */
export const DEFAULT_TOLERANCE = 1e-15;

/** The default ftol, xtol and gtol of a float32 fit ({ dtype: 'float32' }): the model's residuals
 * carry about 7 digits, so tighter tolerances only add iterations spent on rounding noise. */
export const FLOAT32_DEFAULT_TOLERANCE = 1e-6;

/** The dtypes a fit can evaluate its model in, and their machine epsilons. */
export type FitDType = 'float32' | 'float64';
export const FIT_EPSILON: Record<FitDType, number> = { float32: 1.1920928955078125e-7, float64: 2.220446049250313e-16 };

export interface CheckedOptions {
  ftol: number;
  xtol: number;
  gtol: number;
  maxIterations?: number;
  maxEvaluations?: number;
  onIteration?: (info: LmIterationInfo) => boolean | void;
  sigma?: unknown;
  absoluteSigma: boolean;
  method?: FitMethod;
  bounds?: unknown;
  loss: LossName | FitLossFunction;
  fScale: number;
  xScale?: unknown;
  dtype: FitDType;
  jit: boolean;
  resume?: unknown;
}

/** The least-squares methods: Levenberg-Marquardt, Trust Region Reflective, dogleg in a box. */
export type FitMethod = 'lm' | 'trf' | 'dogbox';
export const FIT_METHODS: readonly FitMethod[] = ['lm', 'trf', 'dogbox'];

export interface ResolvedOptions extends Omit<CheckedOptions, 'loss'> {
  /** A named loss, or the loss function wrapped to check what it returns. */
  loss: SolverLoss;
  method: FitMethod;
  lower: Float64Array;
  upper: Float64Array;
  /** Per-parameter scale, or 'jac'. */
  scale: Float64Array | 'jac';
  /** The checked `resume` option: one state, or (for a batch) one state or null per fit. */
  resumeState?: FitState;
  resumeStates?: (FitState | null)[];
}

/** scipy's (lb, ub) for n parameters: [lower, upper], each side a number or one entry per
 * parameter (an array, a typed array or a tensor); ±Infinity where unbounded. */
export function fitBounds(bounds: unknown, n: number, op: string): [Float64Array, Float64Array] {
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  if (bounds === undefined) return [lower, upper];
  if (!Array.isArray(bounds) || bounds.length !== 2) {
    throw new Error(`${op}: bounds must be [lower, upper], each a number or one number per parameter, got ${describe(bounds)}.`);
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
  side(bounds[0], lower, 'lower');
  side(bounds[1], upper, 'upper');
  for (let j = 0; j < n; j++) {
    if (!(lower[j]! < upper[j]!)) {
      throw new Error(`${op}: each lower bound must be strictly less than its upper bound; parameter ${j} has [${lower[j]}, ${upper[j]}].`);
    }
  }
  return [lower, upper];
}

/** Bounds, method, loss and scale checked against the parameter count (the start: checkFeasible).
 * The default method is that of the scipy function `like`: least_squares' 'trf'; curve_fit's 'lm'
 * unless bounds (or, here, a robust loss) need 'trf'. */
export function resolveFitOptions(opts: CheckedOptions, n: number, op: string, like: 'curveFit' | 'leastSquares' = 'curveFit'): ResolvedOptions {
  const [lower, upper] = fitBounds(opts.bounds, n, op);
  let bounded = false;
  for (let j = 0; j < n; j++) bounded ||= lower[j]! > -Infinity || upper[j]! < Infinity;
  const method = opts.method ?? (like === 'leastSquares' || bounded || opts.loss !== 'linear' ? 'trf' : 'lm');
  if (method === 'lm' && bounded) throw new Error(`${op}: method 'lm' cannot handle bounds; use method 'trf' (the default when bounds are given) or 'dogbox'.`);
  if (method === 'lm' && opts.loss !== 'linear') {
    const which = typeof opts.loss === 'function' ? 'a loss function' : `loss '${opts.loss}'`;
    throw new Error(`${op}: method 'lm' supports only the 'linear' loss; use method 'trf' or 'dogbox' for ${which}.`);
  }
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
  const resumed = { method, lower, upper };
  const batch = Array.isArray(opts.resume);
  const resumeStates = batch
    ? (opts.resume as unknown[]).map((state, b) => (state === null ? null : checkResume(state, resumed, n, `${op} (resume[${b}])`)))
    : undefined;
  const resumeState = batch || opts.resume === undefined ? undefined : checkResume(opts.resume, resumed, n, op);
  // Every field written out: an object spread of the options took V8's slow cloning path, about
  // a tenth of a small fit's fixed cost.
  return {
    ftol: opts.ftol, xtol: opts.xtol, gtol: opts.gtol, maxIterations: opts.maxIterations, maxEvaluations: opts.maxEvaluations, onIteration: opts.onIteration,
    sigma: opts.sigma, absoluteSigma: opts.absoluteSigma, bounds: opts.bounds,
    loss: typeof opts.loss === 'function' ? checkedLossFunction(opts.loss, op) : opts.loss, fScale: opts.fScale,
    xScale: opts.xScale, dtype: opts.dtype, jit: opts.jit, resume: opts.resume,
    method, lower, upper, scale, resumeState, resumeStates,
  };
}

/** The names of a loss function's three rows, for its errors. */
const LOSS_ROWS = ['rho', 'drho', 'd2rho'] as const;

/**
 * `loss` with what it returns checked and copied: [rho, drho, d2rho], three arrays (plain or
 * typed) of one finite number per z. Anything else is an error naming the function and the entry.
 */
function checkedLossFunction(loss: FitLossFunction, op: string): (z: Float64Array) => LossValues {
  return (z) => {
    const m = z.length;
    const returned: unknown = loss(z);
    const isRow = (row: unknown): row is ArrayLike<unknown> => Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView));
    const described = (v: unknown) => (isRow(v) && !Array.isArray(v) ? `${describe(v)} of length ${v.length}` : describe(v));
    if (!Array.isArray(returned) || returned.length !== 3 || !returned.every(isRow)) {
      const got = Array.isArray(returned) ? `an array of ${returned.length} (${returned.map(described).join(', ')})` : described(returned);
      throw new Error(`${op}: the loss function must return [rho, drho, d2rho]: ρ(z), ρ'(z) and ρ''(z), three arrays of one number per value of z (${m}), got ${got}.`);
    }
    return returned.map((row: ArrayLike<unknown>, k) => {
      if (row.length !== m) {
        throw new Error(`${op}: the loss function returned ${row.length} ${row.length === 1 ? 'value' : 'values'} of ${LOSS_ROWS[k]} for ${m} values of z; rho, drho and d2rho must each have one entry per residual.`);
      }
      const values = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const v = row[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new Error(`${op}: the loss function returned ${LOSS_ROWS[k]}[${i}] = ${describe(v)} at z[${i}] = ${z[i]}; rho, drho and d2rho must be finite numbers.`);
        }
        values[i] = v;
      }
      return values;
    }) as unknown as LossValues;
  };
}

/**
 * A state from an earlier fit's onIteration (`info.state`, possibly through JSON), checked against
 * this fit: the same method, one parameter per parameter, numbers where numbers belong.
 */
function checkResume(state: unknown, opts: Pick<ResolvedOptions, 'method' | 'lower' | 'upper'>, n: number, op: string): FitState {
  const bad = (why: string) => new Error(`${op}: resume must be the state an earlier fit's onIteration received (info.state); ${why}.`);
  if (!isPlainObject(state)) throw bad(`got ${describe(state)}`);
  const s = state as Record<string, unknown>;
  if (s.method !== opts.method) throw bad(`it is a '${String(s.method)}' state and this fit's method is '${opts.method}'`);
  const vectors = s.method === 'lm' ? ['x', 'scale'] : s.method === 'trf' ? ['x', 'scaleInverse'] : ['x', 'residualsAt', 'onBound', 'scaleInverse'];
  const scalars = s.method === 'lm' ? ['lambda', 'radius', 'xNorm', 'iterations', 'evaluations', 'actual', 'predicted', 'ratio']
    : s.method === 'trf' ? ['lambda', 'radius', 'iterations', 'evaluations', 'stepNorm', 'xNorm'] : ['radius', 'iterations', 'evaluations', 'toleranceStatus'];
  for (const key of vectors) {
    const v = s[key];
    if (!Array.isArray(v) || v.length !== n || !v.every((e) => typeof e === 'number' && Number.isFinite(e))) throw bad(`its ${key} must be ${n} finite numbers`);
  }
  for (const key of scalars) if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw bad(`its ${key} must be a finite number`);
  if (s.method === 'lm' && s.gradientCosine !== undefined && !(typeof s.gradientCosine === 'number' && s.gradientCosine >= 0)) {
    throw bad('its gradientCosine must be a number >= 0');
  }
  if (s.method === 'trf' && (typeof s.ftolMet !== 'boolean' || typeof s.xtolMet !== 'boolean')) throw bad('its ftolMet and xtolMet must be booleans');
  if (s.method === 'dogbox') {
    if (!(s.onBound as number[]).every((side) => side === -1 || side === 0 || side === 1)) throw bad('its onBound entries must be -1, 0 or 1');
    if (![0, 2, 3, 4].includes(s.toleranceStatus as number)) throw bad('its toleranceStatus must be 0, 2, 3 or 4');
  }
  const x = s.x as number[];
  if (x.some((v, j) => !(v >= opts.lower[j]! && v <= opts.upper[j]!))) throw bad('its x is outside the bounds');
  if (s.method === 'dogbox' && (s.residualsAt as number[]).some((v, j) => !(v >= opts.lower[j]! && v <= opts.upper[j]!))) throw bad('its residualsAt is outside the bounds');
  return state as unknown as FitState;
}

/** The start must lie within the bounds (on a bound is allowed). */
export function checkFeasible(start: Float64Array, opts: ResolvedOptions, op: string, what: string): void {
  for (let j = 0; j < start.length; j++) {
    if (start[j]! < opts.lower[j]! || start[j]! > opts.upper[j]!) {
      throw new Error(`${op}: ${what} is infeasible: ${what}[${j}] = ${start[j]} is outside its bounds [${opts.lower[j]}, ${opts.upper[j]}].`);
    }
  }
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
export function checkStart(residuals: Float64Array, jacobian: Float64Array, m: number, n: number, op: string, name: (j: number) => string): void {
  // (Plain loops: this runs once per fit, in code too cold for callbacks to be cheap.)
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(residuals[i])) {
      throw new Error(`${op}: the residuals at the starting point are not finite (residual ${i} is ${residuals[i]}); choose a starting point where the model is defined.`);
    }
  }
  for (let j = 0; j < n; j++) {
    let allZero = true;
    for (let i = j * m; i < (j + 1) * m; i++) {
      const v = jacobian[i]!;
      if (!Number.isFinite(v)) throw new Error(`${op}: the Jacobian at the starting point is not finite for ${name(j)}.`);
      if (v !== 0) allZero = false;
    }
    if (allZero) {
      throw new Error(`${op}: the residuals do not depend on ${name(j)} at the starting point: its Jacobian column is all zero. Use the parameter in the model, or start where it has an effect.`);
    }
  }
}

/** The checked options of a fit given none (one object, never changed). */
const DEFAULT_OPTIONS: CheckedOptions = Object.freeze({
  ftol: DEFAULT_TOLERANCE, xtol: DEFAULT_TOLERANCE, gtol: DEFAULT_TOLERANCE, absoluteSigma: false, loss: 'linear', fScale: 1, dtype: 'float64', jit: true,
});

/** Option `key` of the solver options `o`: undefined when not given, else a finite number >= 0. */
export function optionalNonNegative(o: Record<string, unknown>, key: string, op: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${op}: ${key} must be a finite number >= 0, got ${describe(v)}.`);
  return v;
}

/** Option `key` of the solver options `o`: undefined when not given, else a positive integer. */
export function optionalPositiveInteger(o: Record<string, unknown>, key: string, op: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${op}: ${key} must be a positive integer, got ${describe(v)}.`);
  return v;
}

export function checkFitOptions(options: unknown, op: string, allowed: string[]): CheckedOptions {
  if (options === undefined) return DEFAULT_OPTIONS;
  const o = checkOptionKeys(options, op, allowed, '{ sigma, ftol, maxIterations }');
  if (o.method !== undefined && !FIT_METHODS.includes(o.method as FitMethod)) {
    throw new Error(`${op}: method ${describe(o.method)} is not supported; the methods are 'lm' (Levenberg-Marquardt), 'trf' (Trust Region Reflective) and 'dogbox' (dogleg in a rectangular trust region).`);
  }
  if (o.loss !== undefined && typeof o.loss !== 'function' && !LOSS_NAMES.includes(o.loss as LossName)) {
    throw new Error(`${op}: loss ${describe(o.loss)} is not supported; the losses are ${LOSS_NAMES.map((l) => `'${l}'`).join(', ')}, or a function (z) => [rho, drho, d2rho].`);
  }
  if (o.fScale !== undefined && (typeof o.fScale !== 'number' || !(o.fScale > 0) || !Number.isFinite(o.fScale))) {
    throw new Error(`${op}: fScale must be a positive number, got ${describe(o.fScale)}.`);
  }
  if (o.xScale !== undefined && o.xScale !== 'jac' && typeof o.xScale !== 'number' && !Array.isArray(o.xScale) && !ArrayBuffer.isView(o.xScale) && !(o.xScale instanceof Tensor)) {
    throw new Error(`${op}: xScale must be a number, one number per parameter or 'jac', got ${describe(o.xScale)}.`);
  }
  if (o.dtype !== undefined && o.dtype !== 'float64' && o.dtype !== 'float32') {
    throw new Error(`${op}: dtype must be 'float64' (the default) or 'float32', got ${describe(o.dtype)}.`);
  }
  const dtype = (o.dtype as FitDType | undefined) ?? 'float64';
  const tolerance = (key: 'ftol' | 'xtol' | 'gtol'): number => {
    const v = o[key];
    if (v === undefined) return dtype === 'float32' ? FLOAT32_DEFAULT_TOLERANCE : DEFAULT_TOLERANCE;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${op}: ${key} must be a number >= 0, got ${describe(v)}.`);
    return v;
  };
  const maxIterations = o.maxIterations;
  if (maxIterations !== undefined && (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 1)) {
    throw new Error(`${op}: maxIterations must be a positive integer, got ${describe(maxIterations)}.`);
  }
  const maxEvaluations = optionalPositiveInteger(o, 'maxEvaluations', op);
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new Error(`${op}: onIteration must be a function (info) => boolean | void, got ${describe(o.onIteration)}.`);
  }
  if (o.absoluteSigma !== undefined && typeof o.absoluteSigma !== 'boolean') {
    throw new Error(`${op}: absoluteSigma must be true or false, got ${describe(o.absoluteSigma)}.`);
  }
  if (o.jit !== undefined && typeof o.jit !== 'boolean') {
    throw new Error(`${op}: jit must be true or false, got ${describe(o.jit)}.`);
  }
  return {
    ftol: tolerance('ftol'), xtol: tolerance('xtol'), gtol: tolerance('gtol'),
    maxIterations: maxIterations as number | undefined,
    maxEvaluations,
    onIteration: o.onIteration as CheckedOptions['onIteration'],
    sigma: o.sigma,
    absoluteSigma: (o.absoluteSigma as boolean | undefined) ?? false,
    method: o.method as FitMethod | undefined,
    bounds: o.bounds,
    loss: (o.loss as LossName | FitLossFunction | undefined) ?? 'linear',
    fScale: (o.fScale as number | undefined) ?? 1,
    xScale: o.xScale,
    dtype,
    jit: (o.jit as boolean | undefined) ?? true,
    resume: o.resume,
  };
}

/**
 * How sigma weights the residuals: 1/sigma per point ('diagonal'), or L⁻¹ (m×m, row-major) for
 * a full covariance matrix sigma = L Lᵀ ('full', scipy's Cholesky transform); null without sigma.
 */
export function sigmaWeights(sigma: unknown, m: number, op: string): { kind: 'diagonal' | 'full'; values: Float64Array } | null {
  if (sigma === undefined || sigma === null) return null;
  const matrix = sigma instanceof Tensor ? sigma.rank === 2 : Array.isArray(sigma) && sigma.length > 0 && sigma.every((row) => Array.isArray(row) || ArrayBuffer.isView(row));
  if (matrix) return { kind: 'full', values: inverseCholesky(covarianceMatrix(sigma, m, op), m, op) };
  // One number (or one entry) is every point's sigma, as scipy's `sigma.size == 1`.
  const given = numbers(typeof sigma === 'number' ? [sigma] : sigma, op, 'sigma');
  const s = given.length === 1 ? new Array<number>(m).fill(given[0]!) : given;
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
export function startingPoint(v: unknown, op: string, what: string): Float64Array {
  const start = numbers(v, op, what);
  if (start.length === 0) throw new Error(`${op}: ${what} is empty; there must be at least one parameter to fit.`);
  return start;
}

/** A flat list of finite numbers from an array, typed array or tensor of rank 0 or 1. */
export function numbers(v: unknown, op: string, what: string): Float64Array {
  let out: Float64Array;
  if (v instanceof Tensor) {
    if (v.rank > 1) throw new Error(`${op}: ${what} must be one-dimensional, got shape [${v.shape.join(', ')}].`);
    out = Float64Array.from(v.dataSync() as ArrayLike<number>);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    out = Float64Array.from(v as unknown as ArrayLike<number>);
  } else if (Array.isArray(v)) {
    // A loop, not Float64Array.from: `from` goes through the iterator protocol, which costs more
    // than the copy for the short arrays of a fit (one per call: p0, ydata, bounds).
    out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (typeof e !== 'number') throw new Error(`${op}: ${what} must be an array of numbers.`);
      out[i] = e;
    }
  } else {
    throw new Error(`${op}: ${what} must be an array of numbers, a typed array or a tensor, got ${describe(v)}.`);
  }
  checkFinite(out, op, what);
  return out;
}

export function checkFinite(values: ArrayLike<number>, op: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${op}: ${what} contains NaN or infinite values (${what}[${i}] = ${values[i]}).`);
  }
}

/** Nested arrays and typed arrays as float64 data (plain numbers would become float32). */
export function toFloat64(xdata: TensorLike): TensorLike {
  if (Array.isArray(xdata) && !Array.isArray(xdata[0])) {
    // One predictor: a loop, not flat(Infinity), which costs tens of microseconds per fit.
    const data = new Float64Array(xdata.length);
    for (let i = 0; i < xdata.length; i++) {
      const value: unknown = xdata[i];
      if (typeof value !== 'number') throw new Error('curveFit: xdata must hold numbers.');
      data[i] = value;
    }
    return data;
  }
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
export function defaultStart(f: (...args: never[]) => unknown, op: string, bounds: unknown): Float64Array {
  if (f.length < 2) {
    throw new Error(`${op}: pass p0: the number of parameters cannot be read from f's signature (it declares ${f.length} argument${f.length === 1 ? '' : 's'}; rest parameters are not counted).`);
  }
  const n = f.length - 1;
  const start = new Float64Array(n).fill(1);
  if (bounds !== undefined) {
    const [lower, upper] = fitBounds(bounds, n, op);
    for (let j = 0; j < n; j++) {
      const lo = lower[j]!, hi = upper[j]!;
      const finiteLo = Number.isFinite(lo), finiteHi = Number.isFinite(hi);
      if (finiteLo && finiteHi) start[j] = 0.5 * (lo + hi);
      else if (finiteLo) start[j] = lo + 1;
      else if (finiteHi) start[j] = hi - 1;
    }
  }
  return start;
}

export function checkModelOutput(t: unknown, m: number, dtype: FitDType, op: string, what: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${op}: ${what} must return a tensor, got ${describe(t)}.`);
  if (t.rank !== 1 || (m >= 0 && t.shape[0] !== m)) {
    throw new Error(`${op}: ${what} returned shape [${t.shape.join(', ')}]; it must return ${m >= 0 ? `shape [${m}], one value per data point` : 'a one-dimensional tensor'}.`);
  }
  if (t.dtype !== dtype) {
    throw new Error(`${op}: ${what} returned ${t.dtype}; this fit runs in ${dtype}: make constants with dtype '${dtype}' (plain JS numbers as operands are fine).`);
  }
}

// ---- batched fits -----------------------------------------------------------------------------

/** A batch of rows: an array whose entries are arrays, typed arrays or tensors (one row each). */
export function isBatch(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && (Array.isArray(v[0]) || ArrayBuffer.isView(v[0]) || v[0] instanceof Tensor);
}

/** Rows of finite numbers, all of one length, from an array of arrays, typed arrays or rank-1
 * tensors, or (except where the caller forbids it) a rank-2 tensor. */
export function numberRows(v: unknown, op: string, what: string): Float64Array[] {
  let rows: Float64Array[];
  if (v instanceof Tensor) {
    if (v.rank !== 2) throw new Error(`${op}: ${what} must be two-dimensional, got shape [${v.shape.join(', ')}].`);
    const [count, width] = v.shape as [number, number];
    const data = Float64Array.from(v.dataSync() as ArrayLike<number>);
    rows = Array.from({ length: count }, (_, b) => data.subarray(b * width, (b + 1) * width));
  } else if (Array.isArray(v)) {
    rows = v.map((row: unknown, b) => {
      if (row instanceof Tensor) {
        if (row.rank !== 1) throw new Error(`${op}: ${what}[${b}] must be a rank-1 tensor, got shape [${row.shape.join(', ')}].`);
        return Float64Array.from(row.dataSync() as ArrayLike<number>);
      }
      if (ArrayBuffer.isView(row) && !(row instanceof DataView)) return Float64Array.from(row as unknown as ArrayLike<number>);
      if (Array.isArray(row) && row.every((e) => typeof e === 'number')) return Float64Array.from(row as number[]);
      throw new Error(`${op}: ${what}[${b}] must be an array of numbers, a typed array or a rank-1 tensor, got ${describe(row)}.`);
    });
  } else {
    throw new Error(`${op}: ${what} must be an array of rows (arrays of numbers, typed arrays or rank-1 tensors), got ${describe(v)}.`);
  }
  if (rows.length === 0) throw new Error(`${op}: ${what} is empty.`);
  const width = rows[0]!.length;
  rows.forEach((row, b) => {
    if (row.length !== width) throw new Error(`${op}: the rows of ${what} must have equal lengths; ${what}[0] has ${width} entries, ${what}[${b}] has ${row.length}.`);
    checkFinite(row, op, `${what}[${b}]`);
  });
  return rows;
}

/** One starting point per fit: p0 as [batch, n] rows, one [n] shared by all fits, or f's default. */
export function batchStarts(p0: unknown, batch: number, f: (...args: never[]) => unknown, bounds: unknown, op: string): Float64Array[] {
  if (p0 === undefined) return new Array<Float64Array>(batch).fill(defaultStart(f, op, bounds));
  if (!isBatch(p0) && !(p0 instanceof Tensor && p0.rank === 2)) return new Array<Float64Array>(batch).fill(startingPoint(p0, op, 'p0'));
  const rows = numberRows(p0, op, 'p0');
  if (rows.length !== batch) throw new Error(`${op}: p0 has ${rows.length} rows for ${batch} datasets; pass one row of parameters per dataset ([${batch}, n]) or one row for all.`);
  if (rows[0]!.length === 0) throw new Error(`${op}: p0's rows are empty; there must be at least one parameter to fit.`);
  return rows;
}

/**
 * A batched fit's sigma as the weights 1/sigma: one per point shared by all fits ([m]), or one row
 * per fit ([batch, m], batch·m values, fit-major); null without sigma. A covariance matrix sigma is
 * for single fits.
 */
export function batchSigmaWeights(sigma: unknown, batch: number, m: number, op: string): { perFit: boolean; values: Float64Array } | null {
  if (sigma === undefined || sigma === null) return null;
  const perFit = isBatch(sigma) || (sigma instanceof Tensor && sigma.rank === 2);
  const rows = perFit ? numberRows(sigma, op, 'sigma') : [numbers(sigma, op, 'sigma')];
  if ((perFit && rows.length !== batch) || rows[0]!.length !== m) {
    const shape = perFit ? `[${rows.length}, ${rows[0]!.length}]` : `[${rows[0]!.length}]`;
    throw new Error(`${op}: for a batch of ${batch} fits of ${m} points, sigma must have shape [${m}] (shared) or [${batch}, ${m}] (one row per fit), got ${shape}; a covariance matrix sigma is supported for single fits only.`);
  }
  const values = new Float64Array(rows.length * m);
  rows.forEach((row, b) => row.forEach((v, i) => {
    if (!(v > 0)) throw new Error(`${op}: sigma must be positive, got ${perFit ? `sigma[${b}][${i}]` : `sigma[${i}]`} = ${v}.`);
    values[b * m + i] = 1 / v;
  }));
  return { perFit, values };
}

/** A batched model's output for k fits of m points: float64 of shape [k, m]. */
export function checkBatchOutput(t: unknown, k: number, m: number, dtype: FitDType, op: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${op}: the model f(x, ...params) must return a tensor, got ${describe(t)}.`);
  if (t.rank !== 2 || t.shape[0] !== k || t.shape[1] !== m) {
    throw new Error(`${op}: in a batched fit each parameter reaches f as a tensor of shape [${k}, 1] (one row per fit) and f must return shape [${k}, ${m}], one row of model values per fit; it returned [${t.shape.join(', ')}]. Write f with broadcasting ops (a.mul(x), not tf.sum over the parameters).`);
  }
  if (t.dtype !== dtype) {
    throw new Error(`${op}: the model f(x, ...params) returned ${t.dtype}; this fit runs in ${dtype}: make constants with dtype '${dtype}' (plain JS numbers as operands are fine).`);
  }
}
