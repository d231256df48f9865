// tf.optimize.rootScalar and the classic root finders brentq, brenth, ridder, bisect, toms748 and
// newton: scipy.optimize.root_scalar and its functions of the same names, on a function of one
// variable (numbers, or tensors: then Newton's and Halley's derivatives come from the tape). This
// file checks the arguments as scipy does, with its messages, wraps f (NaN checks, derivatives)
// and assembles scipy's RootResults; the algorithms are in bracketed-roots.ts, toms748.ts and
// newton-scalar.ts.

import { checkOptions, describe } from '../describe';
import { pythonFloatRepr, pythonFormat } from '../models/python-format';
import type { Tensor } from '../tensor';
import { type BracketedMethod, type BracketedRoot, bracketedRoot } from './bracketed-roots';
import { newtonRun, type NewtonRun } from './newton-scalar';
import { ScalarCallable, type ScalarFunctionOfOne } from './scalar-callable';
import { toms748 as toms748Run } from './toms748';

/** The methods of `tf.optimize.rootScalar`. */
export type RootScalarMethod = 'brentq' | 'brenth' | 'ridder' | 'bisect' | 'toms748' | 'newton' | 'secant' | 'halley';

/** What the root finders return (scipy's RootResults, function_calls as functionCalls). */
export interface RootScalarResult {
  /** The root found (the last estimate when not converged). */
  root: number;
  /** Iterations taken (NaN when f returned NaN, as scipy's). */
  iterations: number;
  /** Evaluations of f (and of fprime and fprime2 when given as functions; with derivatives from
   * the tape, points evaluated, as scipy counts a function returning its derivatives). */
  functionCalls: number;
  /** Whether the run converged (flag 'converged'). */
  converged: boolean;
  /** 'converged', 'convergence error', or scipy's message when f returned NaN. */
  flag: string;
  /** The method that ran ('newton' ran with a second derivative is 'halley', as scipy names it). */
  method: string;
}

/** Arguments of `tf.optimize.rootScalar` after the function (scipy's keyword arguments). */
export interface RootScalarOptions {
  /** Default as scipy's: 'brentq' with a bracket; else, from x0, 'halley' with fprime and
   * fprime2, 'newton' with fprime, 'secant' with x1, else 'newton'. */
  method?: RootScalarMethod;
  /** [a, b] with f(a) and f(b) of different signs: 'brentq', 'brenth', 'ridder', 'bisect',
   * 'toms748'. */
  bracket?: readonly number[];
  /** The starting point: 'newton', 'secant', 'halley'. */
  x0?: number;
  /** 'secant': the second starting point (default x0·(1 + 1e-4) ± 1e-4). */
  x1?: number;
  /** f′ as a function of numbers, or true (or, for 'newton' and 'halley', omitted): from the tape,
   * for an f written with tensor ops; an f on numbers then gets scipy's forward difference
   * ('newton'; 'halley' needs f′ and f″). */
  fprime?: ((x: number) => number) | boolean;
  /** f″ as a function of numbers, or true (or omitted for 'halley'): from the tape. */
  fprime2?: ((x: number) => number) | boolean;
  /** Absolute tolerance (bracketing methods: default 2e-12; Newton's: scipy's tol, 1.48e-8). */
  xtol?: number;
  /** Relative tolerance (bracketing methods: default and least 4ε, toms748's least ε; Newton's 0). */
  rtol?: number;
  /** The most iterations (bracketing methods 100, Newton's 50). */
  maxiter?: number;
}

/** Options of the classic bracketing root finders (scipy's keyword arguments). */
export interface BracketedRootOptions {
  /** Absolute tolerance (default 2e-12, > 0). */
  xtol?: number;
  /** Relative tolerance (default 4ε = 8.881784197001252e-16, the least allowed; toms748 allows ε). */
  rtol?: number;
  /** The most iterations (default 100). */
  maxiter?: number;
  /** toms748 only: interpolation steps per iteration (default 1). */
  k?: number;
  /** Return [root, RootScalarResult] (scipy's full_output). */
  fullOutput?: boolean;
  /** Throw scipy's RuntimeError when the run does not converge (default true). */
  disp?: boolean;
}

/** Options of `tf.optimize.newton` (scipy's keyword arguments). */
export interface NewtonOptions {
  /** f′ as a function of numbers, or true: from the tape (f written with tensor ops). Omitted:
   * the secant method, as scipy's. */
  fprime?: ((x: number) => number) | boolean;
  /** f″ as a function of numbers, or true (from the tape): Halley's method. */
  fprime2?: ((x: number) => number) | boolean;
  /** Absolute tolerance on the step (default 1.48e-8, > 0). */
  tol?: number;
  /** Relative tolerance on the step (default 0). */
  rtol?: number;
  /** The most iterations (default 50). */
  maxiter?: number;
  /** The secant method's second starting point. */
  x1?: number;
  /** Return [root, RootScalarResult] (scipy's full_output). */
  fullOutput?: boolean;
  /** Throw scipy's RuntimeError when the run does not converge (default true). */
  disp?: boolean;
}

type Fn = ScalarFunctionOfOne;
const EPS = 2.220446049250313e-16;
const XTOL = 2e-12;
const RTOL = 4 * EPS;
const FLAGS: Record<number, string> = { 0: 'converged', [-1]: 'sign error', [-2]: 'convergence error', [-3]: 'value error', 1: 'No error' };
const BRACKETED: RootScalarMethod[] = ['bisect', 'ridder', 'brentq', 'brenth', 'toms748'];
const METHODS: RootScalarMethod[] = [...BRACKETED, 'newton', 'secant', 'halley'];

/** scipy's error for a NaN value, with where it happened and the evaluations so far. */
class NanValueError extends Error {
  constructor(readonly x: number, readonly functionCalls: number) {
    super(`The function value at x=${pythonFloatRepr(x)} is NaN; solver cannot continue.`);
  }
}

const g = (x: number): string => pythonFormat('{x:g}', new Map([['x', { value: x, isInt: false }]]));

const results = (root: number, iterations: number, functionCalls: number, flag: number | string, method: string): RootScalarResult => ({
  root, iterations, functionCalls, converged: flag === 0, flag: typeof flag === 'string' ? flag : FLAGS[flag]!, method,
});

/** One of the bracketing methods, checked as scipy's Python wrappers check it; NaN values throw. */
function runBracketed(method: BracketedMethod | 'toms748', fn: ScalarCallable, a: number, b: number, o: BracketedRootOptions): BracketedRoot {
  const xtol = o.xtol ?? XTOL;
  const rtol = o.rtol ?? RTOL;
  const maxiter = o.maxiter ?? 100;
  if (!Number.isInteger(maxiter)) throw new Error(`maxiter must be an integer, got ${describe(maxiter)}`);
  let calls = 0;
  const f = (x: number) => {
    const v = fn.value(x);
    calls++;
    if (Number.isNaN(v)) throw new NanValueError(x, calls);
    return v;
  };
  if (method === 'toms748') {
    if (xtol <= 0) throw new Error(`xtol too small (${g(xtol)} <= 0)`);
    if (rtol < RTOL / 4) throw new Error(`rtol too small (${g(rtol)} < ${g(RTOL / 4)})`);
    if (maxiter < 1) throw new Error('maxiter must be greater than 0');
    if (!Number.isFinite(a)) throw new Error(`a is not finite ${pythonFloatRepr(a)}`);
    if (!Number.isFinite(b)) throw new Error(`b is not finite ${pythonFloatRepr(b)}`);
    if (a >= b) throw new Error(`a and b are not an interval [${pythonFloatRepr(a)}, ${pythonFloatRepr(b)}]`);
    const k = o.k ?? 1;
    if (!(k >= 1)) throw new Error(`k too small (${k} < 1)`);
    if (k > 100) console.warn('toms748: Overriding k: ->100');
    return toms748Run(f, a, b, xtol, rtol, maxiter, Math.min(k, 100), o.disp ?? true);
  }
  if (xtol <= 0) throw new Error(`xtol too small (${g(xtol)} <= 0)`);
  if (rtol < RTOL) throw new Error(`rtol too small (${g(rtol)} < ${g(RTOL)})`);
  if (maxiter < 0) throw new Error('maxiter must be >= 0');
  const run = bracketedRoot(method, f, a, b, xtol, rtol, maxiter);
  if (run.flag === -2 && (o.disp ?? true)) throw new Error(`Failed to converge after ${run.iterations} iterations.`);
  return run;
}

/** f's values and derivatives at the last point asked about, from the tape, counted once per
 * point (scipy's MemoizeDer, which root_scalar uses for fprime=True). */
class TapeDerivatives {
  calls = 0;
  private x = NaN;
  private values: number[] | null = null;
  constructor(private readonly fn: ScalarCallable, private readonly order: 1 | 2) {}
  /** Evaluates at x0 first: false when f computes on numbers (no tape). */
  start(x0: number): boolean {
    const v = this.fn.derivatives(x0, this.order);
    if (v === null) return false;
    [this.x, this.values, this.calls] = [x0, v, 1];
    return true;
  }
  at(x: number, i: number): number {
    if (this.values === null || x !== this.x) {
      this.values = this.fn.derivatives(x, this.order)!;
      this.x = x;
      this.calls++;
    }
    return this.values[i]!;
  }
}

/** scipy's approx_derivative(method='2-point') of f at x: a forward difference with step
 * √ε·max(1, |x|) (backward never; positive for x >= 0). */
function forwardDifference(f: (x: number) => number): (x: number) => number {
  return (x) => {
    const f0 = f(x);
    const h = Math.sqrt(EPS) * (x >= 0 ? 1 : -1) * Math.max(1.0, Math.abs(x));
    return (f(x + h) - f0) / (x + h - x);
  };
}

interface NewtonCall {
  fprime?: ((x: number) => number) | boolean;
  fprime2?: ((x: number) => number) | boolean;
  /** Whether an omitted derivative comes from the tape (rootScalar's 'newton' and 'halley'). */
  tapeWhenOmitted: boolean;
  /** rootScalar's 'newton' without fprime on a function of numbers: a forward difference. */
  differenceWhenNumbers: boolean;
  needSecond: boolean;
  secant: boolean;
  x1?: number;
  tol: number;
  rtol: number;
  maxiter: number;
  disp: boolean;
}

function runNewton(fn: ScalarCallable, x0: number, c: NewtonCall, op: string): NewtonRun {
  if (c.tol <= 0) throw new Error(`tol too small (${g(c.tol)} <= 0)`);
  if (!Number.isInteger(c.maxiter) || c.maxiter < 1) throw new Error('maxiter must be greater than 0');
  const value = (x: number) => fn.value(x);
  const settings = { tol: c.tol, rtol: c.rtol, maxiter: c.maxiter, disp: c.disp, x1: c.x1 };
  if (c.secant) return newtonRun(value, x0, settings);
  const fromTape = (d: NewtonCall['fprime'], needed: boolean) => d === true || (needed && d === undefined && c.tapeWhenOmitted);
  const tapeFirst = fromTape(c.fprime, true);
  const tapeSecond = fromTape(c.fprime2, c.needSecond);
  if (tapeFirst || tapeSecond) {
    // As scipy's MemoizeDer: once f's derivatives come with it, both do, counted per point.
    const second = tapeSecond || (c.fprime2 !== undefined && c.fprime2 !== false);
    const memo = new TapeDerivatives(fn, second ? 2 : 1);
    if (memo.start(x0)) {
      const run = newtonRun((x) => memo.at(x, 0), x0, { ...settings, fprime: (x) => memo.at(x, 1), fprime2: second ? (x) => memo.at(x, 2) : undefined });
      return { ...run, functionCalls: memo.calls };
    }
    if (c.fprime === true || c.fprime2 === true) {
      throw new Error(`${op}: fprime or fprime2 true takes the derivatives from the tape, which needs f written with tensor ops (it returned a number); pass them as functions.`);
    }
    if (!c.differenceWhenNumbers || tapeSecond) throw new Error(`fprime${tapeFirst ? '' : '2'} must be specified for halley`);
  }
  const fprime = typeof c.fprime === 'function' ? c.fprime : c.differenceWhenNumbers ? forwardDifference(value) : undefined;
  const fprime2 = typeof c.fprime2 === 'function' ? c.fprime2 : undefined;
  return newtonRun(value, x0, { ...settings, fprime, fprime2 });
}

/**
 * A root of a function of one variable, as scipy.optimize.root_scalar: on a bracket [a, b] where
 * f changes sign by 'brentq' (the default), 'brenth', 'ridder', 'bisect' or 'toms748', or from a
 * starting point x0 by 'newton', 'halley' or 'secant'. `f` takes and returns plain numbers, or a
 * rank-0 float64 tensor (gradtape ops): then 'newton' and 'halley' take f′ and f″ from the tape
 * when fprime and fprime2 are omitted or true (scipy would need them written out, or estimate f′
 * by finite differences). The runs are scipy 1.17's step for step: the same root to the bit,
 * iterations, evaluations and flags; scipy's ValueErrors are Errors with its messages.
 *
 * @example
 * ```ts
 * const r = tf.optimize.rootScalar((x) => x * x * x - 2 * x - 5, { bracket: [2, 3] });
 * console.log(r.root, r.iterations, r.functionCalls, r.method); // 2.094551481542327 7 8 brentq
 * // Newton's method with f′ from the tape.
 * const n = tf.optimize.rootScalar((x: tf.Tensor) => x.square().sub(2), { x0: 1 });
 * console.log(n.root, n.iterations, n.converged); // 1.4142135623730951 5 true
 * ```
 */
export function rootScalar(f: (x: number) => number, options?: RootScalarOptions): RootScalarResult;
export function rootScalar(f: (x: Tensor) => Tensor, options?: RootScalarOptions): RootScalarResult;
export function rootScalar(f: Fn, options?: RootScalarOptions): RootScalarResult {
  const op = 'rootScalar';
  const fn = new ScalarCallable(f, op);
  const o = checkOptions(options, op, ['method', 'bracket', 'x0', 'x1', 'fprime', 'fprime2', 'xtol', 'rtol', 'maxiter'], "{ bracket: [0, 1] }") as RootScalarOptions;
  for (const key of ['x0', 'x1', 'xtol', 'rtol', 'maxiter'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'number' || Number.isNaN(o[key]))) throw new Error(`${op}: ${key} must be a number, got ${describe(o[key])}.`);
  }
  for (const key of ['fprime', 'fprime2'] as const) {
    const d = o[key];
    if (d !== undefined && typeof d !== 'function' && typeof d !== 'boolean') throw new Error(`${op}: ${key} must be a function of a number, true or false, got ${describe(d)}.`);
  }
  const fprime = o.fprime === false ? undefined : o.fprime;
  const fprime2 = o.fprime2 === false ? undefined : o.fprime2;
  let method: string | undefined = o.method;
  if (!method) {
    if (o.bracket !== undefined) method = 'brentq';
    else if (o.x0 !== undefined) method = fprime ? (fprime2 ? 'halley' : 'newton') : o.x1 !== undefined ? 'secant' : 'newton';
  }
  if (!method) throw new Error('Unable to select a solver as neither bracket nor starting point provided.');
  if (typeof method !== 'string') throw new Error(`${op}: method must be one of ${METHODS.join(', ')}, got ${describe(method)}.`);
  const meth = method.toLowerCase() as RootScalarMethod;
  if (!METHODS.includes(meth)) throw new Error(`Unknown solver ${meth}`);
  if (BRACKETED.includes(meth)) {
    const bracket = o.bracket as unknown;
    if (!(Array.isArray(bracket) || ArrayBuffer.isView(bracket))) throw new Error(`Bracket needed for ${method}`);
    const [a, b] = Array.from(bracket as ArrayLike<number>).slice(0, 2) as [number, number];
    try {
      const run = runBracketed(meth as BracketedMethod, fn, a, b, { xtol: o.xtol, rtol: o.rtol, maxiter: o.maxiter, disp: false });
      return results(run.root, run.iterations, run.functionCalls, run.flag, meth);
    } catch (e) {
      if (e instanceof NanValueError) return results(e.x, NaN, e.functionCalls, e.message, method);
      throw e;
    }
  }
  if (o.x0 === undefined) throw new Error(`x0 must not be None for ${method}`);
  const run = runNewton(fn, o.x0, {
    fprime: meth === 'secant' ? undefined : fprime,
    fprime2: meth === 'halley' ? fprime2 : undefined,
    tapeWhenOmitted: true,
    differenceWhenNumbers: meth === 'newton',
    needSecond: meth === 'halley',
    secant: meth === 'secant',
    x1: meth === 'secant' ? o.x1 : undefined,
    tol: o.xtol ?? 1.48e-8,
    rtol: o.rtol ?? 0.0,
    maxiter: o.maxiter ?? 50,
    disp: false,
  }, op);
  return results(run.root, run.iterations, run.functionCalls, run.flag, run.method);
}

/** The classic bracketing functions: the root, or [root, results] with fullOutput. */
function classicBracketed(method: BracketedMethod | 'toms748', f: Fn, a: number, b: number, options: BracketedRootOptions | undefined): number | [number, RootScalarResult] {
  const op = method;
  const fn = new ScalarCallable(f, op);
  const o = checkOptions(options, op, ['xtol', 'rtol', 'maxiter', 'fullOutput', 'disp', ...(method === 'toms748' ? ['k'] : [])], '{ xtol: 1e-12 }') as BracketedRootOptions;
  if (typeof a !== 'number' || typeof b !== 'number') throw new Error(`${op}: a and b must be numbers, got ${describe(a)} and ${describe(b)}.`);
  const run = runBracketed(method, fn, a, b, o);
  return o.fullOutput ? [run.root, results(run.root, run.iterations, run.functionCalls, run.flag, method)] : run.root;
}

/**
 * scipy.optimize.brentq: a root of f in [a, b], where f(a) and f(b) have different signs, by
 * Brent's method (inverse quadratic extrapolation, bisection when it does not pay). The root is
 * scipy's to the bit, with its counts (`fullOutput: true`) and messages.
 *
 * @example
 * ```ts
 * console.log(tf.optimize.brentq((x) => x * x - 2, 0, 2)); // 1.4142135623731364
 * const [root, info] = tf.optimize.brentq((x) => x * x - 2, 0, 2, { fullOutput: true });
 * console.log(root === info.root, info.iterations, info.functionCalls); // true 8 9
 * ```
 */
export function brentq(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function brentq(f: (x: Tensor) => Tensor, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function brentq(f: (x: number) => number, a: number, b: number, options?: BracketedRootOptions): number;
export function brentq(f: (x: Tensor) => Tensor, a: number, b: number, options?: BracketedRootOptions): number;
export function brentq(f: Fn, a: number, b: number, options?: BracketedRootOptions): number | [number, RootScalarResult] {
  return classicBracketed('brentq', f, a, b, options);
}

/**
 * scipy.optimize.brenth: as brentq, with Bus and Dekker's hyperbolic extrapolation.
 *
 * @example
 * ```ts
 * console.log(tf.optimize.brenth((x) => x * x - 2, 0, 2)); // 1.4142135623730965
 * ```
 */
export function brenth(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function brenth(f: (x: Tensor) => Tensor, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function brenth(f: (x: number) => number, a: number, b: number, options?: BracketedRootOptions): number;
export function brenth(f: (x: Tensor) => Tensor, a: number, b: number, options?: BracketedRootOptions): number;
export function brenth(f: Fn, a: number, b: number, options?: BracketedRootOptions): number | [number, RootScalarResult] {
  return classicBracketed('brenth', f, a, b, options);
}

/**
 * scipy.optimize.ridder: a root of f in [a, b] by Ridder's method (two evaluations an
 * iteration: the midpoint, and the root of the exponential through the three points).
 *
 * @example
 * ```ts
 * console.log(tf.optimize.ridder((x) => x * x - 2, 0, 2)); // 1.414213562372099
 * ```
 */
export function ridder(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function ridder(f: (x: Tensor) => Tensor, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function ridder(f: (x: number) => number, a: number, b: number, options?: BracketedRootOptions): number;
export function ridder(f: (x: Tensor) => Tensor, a: number, b: number, options?: BracketedRootOptions): number;
export function ridder(f: Fn, a: number, b: number, options?: BracketedRootOptions): number | [number, RootScalarResult] {
  return classicBracketed('ridder', f, a, b, options);
}

/**
 * scipy.optimize.bisect: a root of f in [a, b] by bisection.
 *
 * @example
 * ```ts
 * console.log(tf.optimize.bisect((x) => x * x - 2, 0, 2)); // 1.4142135623715149
 * ```
 */
export function bisect(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function bisect(f: (x: Tensor) => Tensor, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function bisect(f: (x: number) => number, a: number, b: number, options?: BracketedRootOptions): number;
export function bisect(f: (x: Tensor) => Tensor, a: number, b: number, options?: BracketedRootOptions): number;
export function bisect(f: Fn, a: number, b: number, options?: BracketedRootOptions): number | [number, RootScalarResult] {
  return classicBracketed('bisect', f, a, b, options);
}

/**
 * scipy.optimize.toms748: a root of f in [a, b] (a < b) by Alefeld, Potra and Shi's Algorithm
 * 748 (inverse cubic interpolation, `k` steps an iteration).
 *
 * @example
 * ```ts
 * console.log(tf.optimize.toms748((x) => x * x - 2, 0, 2)); // 1.414213562373095
 * ```
 */
export function toms748(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function toms748(f: (x: Tensor) => Tensor, a: number, b: number, options: BracketedRootOptions & { fullOutput: true }): [number, RootScalarResult];
export function toms748(f: (x: number) => number, a: number, b: number, options?: BracketedRootOptions): number;
export function toms748(f: (x: Tensor) => Tensor, a: number, b: number, options?: BracketedRootOptions): number;
export function toms748(f: Fn, a: number, b: number, options?: BracketedRootOptions): number | [number, RootScalarResult] {
  return classicBracketed('toms748', f, a, b, options);
}

/**
 * scipy.optimize.newton for a scalar x0: Newton's method with `fprime`, Halley's with `fprime2`
 * too, the secant method without either (as scipy's). `fprime: true` (and `fprime2: true`) take
 * the derivatives from the tape, for an f written with tensor ops.
 *
 * @example
 * ```ts
 * // Without fprime, the secant method (as scipy's).
 * console.log(tf.optimize.newton((x) => x * x - 2, 1)); // 1.414213562373095
 * console.log(tf.optimize.newton((x: tf.Tensor) => x.square().sub(2), 1, { fprime: true })); // 1.4142135623730951
 * ```
 */
export function newton(func: (x: number) => number, x0: number, options: NewtonOptions & { fullOutput: true }): [number, RootScalarResult];
export function newton(func: (x: Tensor) => Tensor, x0: number, options: NewtonOptions & { fullOutput: true }): [number, RootScalarResult];
export function newton(func: (x: number) => number, x0: number, options?: NewtonOptions): number;
export function newton(func: (x: Tensor) => Tensor, x0: number, options?: NewtonOptions): number;
export function newton(func: Fn, x0: number, options?: NewtonOptions): number | [number, RootScalarResult] {
  const op = 'newton';
  const fn = new ScalarCallable(func, op, 'func');
  const o = checkOptions(options, op, ['fprime', 'fprime2', 'tol', 'rtol', 'maxiter', 'x1', 'fullOutput', 'disp'], '{ fprime: true }') as NewtonOptions;
  if (typeof x0 !== 'number' || Number.isNaN(x0)) throw new Error(`${op}: x0 must be a number, got ${describe(x0)}.`);
  const fprime = o.fprime === false ? undefined : o.fprime;
  const run = runNewton(fn, x0, {
    fprime, fprime2: o.fprime2 === false ? undefined : o.fprime2,
    tapeWhenOmitted: false, differenceWhenNumbers: false, needSecond: false, secant: fprime === undefined,
    x1: o.x1, tol: o.tol ?? 1.48e-8, rtol: o.rtol ?? 0.0, maxiter: o.maxiter ?? 50, disp: o.disp ?? true,
  }, op);
  return o.fullOutput ? [run.root, results(run.root, run.iterations, run.functionCalls, run.flag, run.method)] : run.root;
}
