// tf.optimize.minimizeScalar: scipy.optimize.minimize_scalar, the minimum of a function of one
// variable by Brent's method (brent.ts) or the golden-section search (golden.ts) from a bracket
// (bracket.ts), or by the bounded search on an interval (fminbound.ts). This file checks the
// arguments as scipy does, with its messages, and assembles scipy's OptimizeResult.

import { checkOptions, describe, isPlainObject } from '../describe';
import { pythonFloatRepr } from '../models/python-format';
import { BracketError, bestOfBracket, startingBracket } from './bracket';
import { brentSearch, type BrentRun } from './brent';
import { fminbound } from './fminbound';
import { goldenSearch } from './golden';
import { ScalarCallable } from './scalar-callable';
import type { Tensor } from '../tensor';

/** The methods of `tf.optimize.minimizeScalar`. */
export type MinimizeScalarMethod = 'brent' | 'bounded' | 'golden';

/** The solver options of `tf.optimize.minimizeScalar` (scipy's `options` dict). */
export interface MinimizeScalarSolverOptions {
  /** 'brent' and 'golden': the relative tolerance in x (default 1.48e-8 for 'brent', √ε =
   * 1.4901161193847656e-8 for 'golden'). */
  xtol?: number;
  /** 'bounded': the absolute tolerance in x (default 1e-5). */
  xatol?: number;
  /** The most iterations ('brent' 500, 'golden' 5000) or evaluations ('bounded' 500). */
  maxiter?: number;
  /** Nonzero: a run that fails warns its message, and a successful one prints it ('bounded':
   * from 2, true counting as 2, as scipy's). scipy's per-iteration table (3) is not printed. */
  disp?: boolean | number;
}

/** Arguments of `tf.optimize.minimizeScalar` after the function (scipy's keyword arguments). */
export interface MinimizeScalarOptions {
  /** 'brent' (the default without bounds), 'bounded' (the default with them) or 'golden'; any case. */
  method?: MinimizeScalarMethod | 'Brent' | 'Bounded' | 'Golden';
  /** 'brent' and 'golden': two points to walk downhill from (scipy's bracket()), or three
   * a < b < c with f(b) below f(a) and f(c). Default: walk from 0 and 1. */
  bracket?: readonly number[];
  /** 'bounded': the interval [lower, upper] (finite), required. */
  bounds?: readonly [number, number];
  /** The solver's tolerance: xtol for 'brent' and 'golden', xatol for 'bounded' (with scipy's
   * warning that 'bounded' has no relative tolerance) unless `options` gives it. */
  tol?: number;
  /** The method's own options. */
  options?: MinimizeScalarSolverOptions;
}

/** What `tf.optimize.minimizeScalar` returns: scipy's OptimizeResult. */
export interface MinimizeScalarResult {
  /** The minimum found (the best point seen when no bracket was found). */
  x: number;
  /** f at x. */
  fun: number;
  /** Iterations ('bounded': evaluations, as scipy counts them; 0 when no bracket was found). */
  nit: number;
  /** Evaluations of f, the bracket search's included. */
  nfev: number;
  /** Whether the run ended by its tolerance (false at the iteration limit, on NaN, or when no
   * bracket was found). */
  success: boolean;
  /** 'bounded' only, as scipy's: 0 solution found, 1 the evaluation limit, 2 NaN. */
  status?: number;
  /** scipy's message. */
  message: string;
}

const OPTIONS = ['method', 'bracket', 'bounds', 'tol', 'options'];
const SOLVER_OPTIONS: Record<MinimizeScalarMethod, string[]> = {
  brent: ['xtol', 'maxiter', 'disp'],
  golden: ['xtol', 'maxiter', 'disp'],
  bounded: ['xatol', 'maxiter', 'disp'],
};
const NAN_MESSAGE = 'NaN result encountered.';

/**
 * The minimum of a function of one variable, as scipy.optimize.minimize_scalar: Brent's method
 * ('brent', the default) or the golden-section search ('golden') from a bracket, or the bounded
 * search on `bounds` ('bounded', the default when bounds are given). `f` takes and returns plain
 * numbers, or a rank-0 float64 tensor (gradtape ops). The runs are scipy 1.17's step for step:
 * the same points, counts, flags and messages. When the bracket search finds no bracket, the
 * result is the best point seen with `success` false, as scipy's.
 *
 * @example
 * ```ts
 * const r = tf.optimize.minimizeScalar((x) => (x - 2) * x * (x + 2) ** 2);
 * console.log(r.x.toFixed(6), r.nit, r.nfev, r.success); // 1.280776 11 14 true
 * // On an interval, and with a tensor function.
 * const b = tf.optimize.minimizeScalar((x: tf.Tensor) => x.sub(1).square(), { bounds: [-3, 0.5] });
 * console.log(b.x.toFixed(4), b.status, b.message); // 0.5000 0 Solution found.
 * ```
 */
export function minimizeScalar(f: (x: number) => number, options?: MinimizeScalarOptions): MinimizeScalarResult;
export function minimizeScalar(f: (x: Tensor) => Tensor, options?: MinimizeScalarOptions): MinimizeScalarResult;
export function minimizeScalar(f: ((x: number) => number) | ((x: Tensor) => Tensor), options?: MinimizeScalarOptions): MinimizeScalarResult {
  const op = 'minimizeScalar';
  const fn = new ScalarCallable(f, op);
  const func = (x: number) => fn.value(x);
  const o = checkOptions(options, op, OPTIONS, "{ method: 'bounded', bounds: [0, 1] }");
  if (o.method !== undefined && typeof o.method !== 'string') throw new Error(`${op}: method must be 'brent', 'bounded' or 'golden', got ${describe(o.method)}.`);
  const bounds = o.bounds as readonly number[] | undefined;
  const method = (o.method === undefined ? (bounds === undefined ? 'brent' : 'bounded') : o.method.toLowerCase()) as MinimizeScalarMethod;
  if (!(method in SOLVER_OPTIONS)) throw new Error(`Unknown solver ${o.method}`);
  if (bounds !== undefined && method !== 'bounded') throw new Error(`Use of \`bounds\` is incompatible with 'method=${o.method}'.`);
  if (o.options !== undefined && !isPlainObject(o.options)) throw new Error(`${op}: options.options must be an object like { xtol: 1e-10, maxiter: 100 }, got ${describe(o.options)}.`);
  const solver: Record<string, unknown> = { ...(o.options as Record<string, unknown> | undefined) };
  for (const key in solver) {
    if (!['xtol', 'xatol', 'maxiter', 'disp'].includes(key)) throw new Error(`${op}: unknown option '${key}' in options; the options are xtol, xatol, maxiter, disp.`);
    if (solver[key] !== undefined && !SOLVER_OPTIONS[method].includes(key)) {
      throw new Error(`${op}: unknown option '${key}' for method '${method}'; its options are ${SOLVER_OPTIONS[method].join(', ')}.`);
    }
  }
  const tol = numberOption(o.tol, 'tol', op);
  if (tol !== undefined) {
    if (method === 'bounded' && solver.xatol === undefined) {
      console.warn("Method 'bounded' does not support relative tolerance in x; defaulting to absolute tolerance.");
      solver.xatol = tol;
    } else if (method !== 'bounded') {
      solver.xtol ??= tol;
    }
  }
  const disp = solver.disp === undefined ? 0 : typeof solver.disp === 'boolean' ? 2 * Number(solver.disp) : numberOption(solver.disp, 'options.disp', op)!;
  const maxiter = numberOption(solver.maxiter, 'options.maxiter', op);
  if (maxiter !== undefined && !Number.isInteger(maxiter)) throw new Error(`${op}: options.maxiter must be an integer, got ${maxiter}.`);

  if (method === 'bounded') {
    if (bounds === undefined) throw new Error('The `bounds` parameter is mandatory for method `bounded`.');
    if (!Array.isArray(bounds) || bounds.length !== 2) throw new Error('bounds must have two elements.');
    const [x1, x2] = bounds as [unknown, unknown];
    if (!(typeof x1 === 'number' && Number.isFinite(x1) && typeof x2 === 'number' && Number.isFinite(x2))) throw new Error('Optimization bounds must be finite scalars.');
    if (x1 > x2) throw new Error('The lower bound exceeds the upper bound.');
    const xatol = numberOption(solver.xatol, 'options.xatol', op) ?? 1e-5;
    const run = fminbound(func, x1, x2, xatol, maxiter ?? 500);
    const message = ['Solution found.', 'Maximum number of function calls reached.', NAN_MESSAGE][run.status]!;
    if (disp > 0) {
      const printed = ['\nOptimization terminated successfully;\nThe returned value satisfies the termination criteria\n(using xtol = ' + pythonFloatRepr(xatol) + ' )',
        '\nMaximum number of function evaluations exceeded --- increase maxfun argument.\n', `\n${NAN_MESSAGE}`][run.status]!;
      if (run.status !== 0) console.warn(printed);
      else if (disp > 1) console.log(printed);
    }
    return { x: run.x, fun: run.f, nit: run.nfev, nfev: run.nfev, success: run.status === 0, status: run.status, message };
  }

  const given = o.bracket === undefined ? undefined : checkBracket(o.bracket, op);
  const xtol = numberOption(solver.xtol, 'options.xtol', op) ?? (method === 'brent' ? 1.48e-8 : Math.sqrt(2.220446049250313e-16));
  if (method === 'brent' && xtol < 0) throw new Error(`tolerance should be >= 0, got ${pythonFloatRepr(xtol)}`);
  const limit = maxiter ?? (method === 'brent' ? 500 : 5000);
  let run: BrentRun;
  try {
    const start = startingBracket(func, given);
    run = method === 'brent' ? brentSearch(func, start, xtol, limit) : goldenSearch(func, start, xtol, limit);
  } catch (e) {
    if (!(e instanceof BracketError)) throw e;
    // scipy's _recover_from_bracket_error: the best point seen, unsuccessful.
    const { x, f: fun } = bestOfBracket(e.data);
    return { x, fun, nit: 0, nfev: e.data.funcalls, success: false, message: e.message };
  }
  const success = run.nit < limit && !(Number.isNaN(run.x) || Number.isNaN(run.f));
  let message = `\nOptimization terminated successfully;\nThe returned value satisfies the termination criteria\n(using xtol = ${pythonFloatRepr(xtol)} )`;
  if (!success) message = Number.isNaN(run.x) || Number.isNaN(run.f) ? NAN_MESSAGE : '\nMaximum number of iterations exceeded';
  if (disp) {
    if (success) console.log(message);
    else console.warn(message);
  }
  return { x: run.x, fun: run.f, nit: run.nit, nfev: run.nfev, success, message };
}

/** A number option (NaN refused), or undefined. */
function numberOption(v: unknown, name: string, op: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${op}: ${name} must be a number, got ${describe(v)}.`);
  return v;
}

/** A bracket of numbers (its length is checked by the search, with scipy's message). */
function checkBracket(v: unknown, op: string): number[] {
  const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!isList) throw new Error(`${op}: bracket must be 2 or 3 numbers, got ${describe(v)}.`);
  const values = Array.from(v as ArrayLike<unknown>);
  const bad = values.findIndex((e) => typeof e !== 'number');
  if (bad >= 0) throw new Error(`${op}: bracket[${bad}] must be a number, got ${describe(values[bad])}.`);
  return values as number[];
}
