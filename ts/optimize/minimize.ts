// tf.optimize.minimize: scipy.optimize.minimize's L-BFGS-B, BFGS and Nelder-Mead on a scalar
// function of a gradtape tensor, with the gradient from a GradientTape (reverse mode, exact).
// This file checks arguments, evaluates the objective without leaking tensors and assembles
// scipy's result in camelCase; the algorithms are in lbfgsb.ts, bfgs.ts and nelder-mead.ts.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import { Tensor } from '../tensor';
import { abortTrace, beginTrace, endTrace, freeProgram, markTrace, replay } from './traced';
import { bfgs } from './bfgs';
import { lbfgsb, type ValueAndGradient } from './lbfgsb';
import { nelderMead } from './nelder-mead';
import { optionalNonNegative, optionalPositiveInteger } from './fit-arguments';
import { squareRows } from './vector';

/** The algorithms of `tf.optimize.minimize`. */
export type MinimizeMethod = 'lbfgs' | 'bfgs' | 'nelder-mead';

/** What `onIteration` receives from `tf.optimize.minimize` after each iteration. */
export interface MinimizeIterationInfo {
  /** Iterations so far (1 at the first call). */
  readonly iteration: number;
  /** The current parameters. */
  readonly x: number[];
  /** f at `x`. */
  readonly fun: number;
  /** The largest entry of the projected gradient ('lbfgs') or of the gradient ('bfgs'); null for 'nelder-mead'. */
  readonly gradNorm: number | null;
  /** Objective evaluations so far. */
  readonly evaluations: number;
}

/** Options of `tf.optimize.minimize` (scipy's names in camelCase; each method reads its own). */
export interface MinimizeOptions {
  /** 'bfgs', 'lbfgs' (L-BFGS-B) or 'nelder-mead'. Default as scipy's: 'lbfgs' when bounds are given, else 'bfgs'. */
  method?: MinimizeMethod;
  /** As scipy's: one `[min, max]` pair per parameter (null or ±Infinity for no bound), or
   * `{ lb, ub }` (scipy's `Bounds`: each a number for all parameters or one per parameter). A
   * start outside the bounds is clipped into them. 'lbfgs' and 'nelder-mead' only. */
  bounds?: readonly (readonly [number | null, number | null])[] | { lb?: ArrayLike<number> | number; ub?: ArrayLike<number> | number };
  /** Stop when the largest entry of the (projected) gradient is <= gtol (default 1e-5). 'lbfgs' and 'bfgs'. */
  gtol?: number;
  /** 'lbfgs': stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (default 2.220446049250313e-9, scipy's factr 1e7 × machine epsilon). */
  ftol?: number;
  /** Default 15000 ('lbfgs'), 200·n ('bfgs'; 'nelder-mead' unless only maxEvaluations is given: then unlimited, as scipy's). */
  maxIterations?: number;
  /** Objective evaluations allowed: default 15000 ('lbfgs'), unlimited ('bfgs'), 200·n ('nelder-mead' unless only maxIterations is given: then unlimited, as scipy's). */
  maxEvaluations?: number;
  /** 'lbfgs': correction pairs kept (scipy's maxcor, default 10). */
  historySize?: number;
  /** Called after each iteration; return false to stop (status 99). */
  onIteration?: (info: MinimizeIterationInfo) => boolean | void;
  /** 'nelder-mead': absolute spread of the simplex's vertices at which it stops (default 1e-4). */
  xatol?: number;
  /** 'nelder-mead': absolute spread of the simplex's values at which it stops (default 1e-4). */
  fatol?: number;
  /** 'nelder-mead': coefficients adapted to the dimension (default false). */
  adaptive?: boolean;
  /** true (the default): f is traced at its first evaluation and the later ones replay its ops
   * inside wasm, so its JavaScript runs once; an f that reads tensor values, draws random numbers
   * or uses a variable is detected and runs every time. false: f runs at every evaluation. As
   * curveFit's `jit` (see the fitting guide). */
  jit?: boolean;
}

/** What `tf.optimize.minimize` returns (scipy's OptimizeResult). */
export interface MinimizeResult {
  /** The solution. */
  x: number[];
  /** f at `x`. */
  fun: number;
  /** The gradient at x; null for 'nelder-mead', which never evaluates it. */
  grad: number[] | null;
  /** Iterations taken. */
  iterations: number;
  /** Evaluations of f (with its gradient, for 'lbfgs' and 'bfgs'). */
  evaluations: number;
  /** True when status is 0. */
  converged: boolean;
  /** scipy's status: 0 converged; 'lbfgs' 1 iteration or evaluation limit, 2 abnormal line search;
   * 'bfgs' 1 iteration limit, 2 precision loss, 3 NaN, 5 evaluation limit; 'nelder-mead' 1 evaluation
   * limit, 2 iteration limit; 99 stopped by onIteration. */
  status: number;
  /** Why the method stopped, in words. */
  message: string;
  /** 'bfgs' only: the final inverse-Hessian estimate, n rows of n. */
  hessInv?: number[][];
}

const OPTIONS = ['method', 'bounds', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'xatol', 'fatol', 'adaptive', 'jit'];
const METHODS: MinimizeMethod[] = ['lbfgs', 'bfgs', 'nelder-mead'];
/** The options each method reads; any other option given is an error. */
const METHOD_OPTIONS: Record<MinimizeMethod, string[]> = {
  lbfgs: ['method', 'bounds', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'jit'],
  bfgs: ['method', 'gtol', 'maxIterations', 'maxEvaluations', 'onIteration', 'jit'],
  'nelder-mead': ['method', 'bounds', 'maxIterations', 'maxEvaluations', 'onIteration', 'xatol', 'fatol', 'adaptive', 'jit'],
};

/**
 * Minimizes the scalar `f(x)` from `x0`, as scipy.optimize.minimize. `f` receives the parameters
 * as a float64 tensor of shape [n] and returns a rank-0 float64 tensor built from gradtape ops;
 * 'lbfgs' and 'bfgs' take its gradient from a GradientTape.
 *
 * @example
 * ```ts
 * const r = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0]);
 * console.log(r.x.map((v) => v.toFixed(4)), r.converged); // [ '1.0000', '-2.0000' ] true
 * ```
 */
export function minimize(f: (x: Tensor) => Tensor, x0: ArrayLike<number>, options?: MinimizeOptions): MinimizeResult {
  const op = 'minimize';
  if (typeof f !== 'function') throw new Error(`${op}: f must be a function of the parameter tensor returning a scalar tensor, got ${describe(f)}.`);
  const start = startingPoint(x0, op);
  const n = start.length;
  const o = checkOptions(options, op);
  const method = o.method;
  const [lower, upper] = checkBounds(o.bounds, n, op);
  // A start outside the bounds is clipped into them, as scipy does (Nelder-Mead with its warning).
  let outside = false;
  for (let i = 0; i < n; i++) {
    const clipped = Math.min(Math.max(start[i]!, lower[i]!), upper[i]!);
    if (clipped !== start[i]) [outside, start[i]] = [true, clipped];
  }
  if (outside && method === 'nelder-mead') console.warn('Initial guess is not within the specified bounds');
  const onIteration = o.onIteration as MinimizeOptions['onIteration'];
  const report = onIteration
    ? (iteration: number, x: Float64Array, fun: number, gradNorm: number | null, evaluations: number) =>
      onIteration({ iteration, x: Array.from(x), fun, gradNorm, evaluations }) !== false
    : undefined;

  let first = true;
  const checkStart = (value: number) => {
    if (!first) return;
    first = false;
    if (Number.isNaN(value)) throw new Error(`${op}: f(x0) is NaN; choose a starting point where the objective is defined.`);
    if (!Number.isFinite(value)) throw new Error(`${op}: f(x0) is ${value}; choose a starting point where the objective is finite.`);
  };

  let gradientChecked = false;
  // The first evaluation traces f and its gradient (unless jit is false); later ones replay the
  // program if it gave one.
  let traced = !o.jit;
  let program = 0;
  try {
    return minimizeWith(n, start, lower, upper, method, o, report, (x, wantGradient) => {
      if (program !== 0) {
        const [value, gradient] = replay(program, x, 1, () => wantGradient);
        return [value[0]!, gradient];
      }
      return wantGradient ? fg(x) : [value(x), null];
    });
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
}

/** f at x, and its gradient when asked for (null otherwise). */
type Objective = (x: Float64Array, wantGradient: boolean) => [number, Float64Array | null];

/** Runs `method` on the objective. */
function minimizeWith(
  n: number,
  start: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  method: MinimizeMethod,
  o: CheckedOptions,
  report: ((iteration: number, x: Float64Array, fun: number, gradNorm: number | null, evaluations: number) => boolean) | undefined,
  objective: Objective,
): MinimizeResult {
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

  const fg: ValueAndGradient = (x) => objective(x, true) as [number, Float64Array];

  if (method === 'bfgs') {
    const out = bfgs(fg, start, {
      gtol: o.gtol ?? 1e-5,
      maxIterations: o.maxIterations ?? 200 * n,
      maxEvaluations: o.maxEvaluations ?? Infinity,
      onIteration: report,
    });
    return {
      x: Array.from(out.x), fun: out.f, grad: Array.from(out.g), iterations: out.iterations, evaluations: out.evaluations,
      converged: out.status === 0, status: out.status, message: out.message,
      hessInv: squareRows(out.hessInv, n),
    };
  }

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
function scalarValue(y: unknown, op: string): number {
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
  bounds?: unknown;
  gtol?: number;
  ftol?: number;
  maxIterations?: number;
  maxEvaluations?: number;
  historySize?: number;
  onIteration?: unknown;
  xatol?: number;
  fatol?: number;
  adaptive?: boolean;
  jit: boolean;
}

function checkOptions(options: unknown, op: string): CheckedOptions {
  if (options === undefined) return { method: 'bfgs', jit: true };
  if (!isPlainObject(options)) throw new Error(`${op}: options must be an object like { method: 'lbfgs', bounds, gtol }, got ${describe(options)}.`);
  for (const key in options) {
    if (!OPTIONS.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${OPTIONS.join(', ')}.`);
  }
  const o = options as Record<string, unknown>;
  // scipy's default: L-BFGS-B with bounds, BFGS without.
  const method = (o.method ?? (o.bounds === undefined || o.bounds === null ? 'bfgs' : 'lbfgs')) as MinimizeMethod;
  if (!METHODS.includes(method)) throw new Error(`${op}: method ${describe(o.method)} is not supported; the methods are ${METHODS.map((m) => `'${m}'`).join(', ')}.`);
  for (const key in o) {
    if (o[key] === undefined || METHOD_OPTIONS[method].includes(key)) continue;
    if (key === 'bounds') {
      throw new Error(`${op}: method '${method}' does not accept bounds; the methods that do are 'lbfgs' (L-BFGS-B) and 'nelder-mead'.`);
    }
    const users = METHODS.filter((m) => METHOD_OPTIONS[m].includes(key)).map((m) => `'${m}'`).join(' and ');
    throw new Error(`${op}: option '${key}' applies to method ${users} only, not '${method}'; the options of '${method}' are ${METHOD_OPTIONS[method].join(', ')}.`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new Error(`${op}: onIteration must be a function (info) => boolean | void, got ${describe(o.onIteration)}.`);
  }
  if (o.adaptive !== undefined && typeof o.adaptive !== 'boolean') throw new Error(`${op}: adaptive must be true or false, got ${describe(o.adaptive)}.`);
  if (o.jit !== undefined && typeof o.jit !== 'boolean') throw new Error(`${op}: jit must be true or false, got ${describe(o.jit)}.`);
  return {
    method,
    bounds: o.bounds,
    gtol: optionalNonNegative(o, 'gtol', op),
    ftol: optionalNonNegative(o, 'ftol', op),
    xatol: optionalNonNegative(o, 'xatol', op),
    fatol: optionalNonNegative(o, 'fatol', op),
    maxIterations: optionalPositiveInteger(o, 'maxIterations', op),
    maxEvaluations: optionalPositiveInteger(o, 'maxEvaluations', op),
    historySize: optionalPositiveInteger(o, 'historySize', op),
    onIteration: o.onIteration,
    adaptive: o.adaptive as boolean | undefined,
    jit: (o.jit as boolean | undefined) ?? true,
  };
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
function startingPoint(v: unknown, op: string): Float64Array {
  let out: Float64Array;
  if (Array.isArray(v)) {
    if (v.some((e) => typeof e !== 'number')) throw new Error(`${op}: x0 must be an array of numbers.`);
    out = Float64Array.from(v as number[]);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    out = Float64Array.from(v as unknown as ArrayLike<number>);
  } else {
    throw new Error(`${op}: x0 must be an array of numbers or a Float64Array, got ${describe(v)}.`);
  }
  if (out.length === 0) throw new Error(`${op}: x0 is empty; there must be at least one parameter.`);
  const bad = out.findIndex((e) => !Number.isFinite(e));
  if (bad >= 0) throw new Error(`${op}: x0 contains NaN or infinite values (x0[${bad}] = ${out[bad]}).`);
  return out;
}
