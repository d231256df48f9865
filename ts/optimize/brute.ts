// tf.optimize.brute: scipy.optimize.brute (scipy 1.17), the minimum of a function over a grid of
// points (numpy's mgrid of the ranges, numpy-mgrid.ts), evaluated point by point in C order; the
// first lowest value wins (np.argmin), then (by default) scipy's fmin, the Nelder-Mead simplex
// (nelder-mead.ts), polishes it. The objective, on numbers or tensors, is vector-objective.ts's.

import { checkOptions as checkOptionKeys, describe } from '../describe';
import { pythonG } from '../print';
import type { NestedArray, Tensor } from '../tensor';
import { nelderMead } from './nelder-mead';
import { mgridAxes, type GridSlice } from './numpy-mgrid';
import { vectorObjective } from './vector-objective';

/** One axis of the grid: `[low, high]` (Ns points from low to high, both included) or
 * `[low, high, step]` (a slice: low, low + step, ... below high, as numpy's mgrid). */
export type BruteRange = readonly [number, number] | readonly [number, number, number];

/** A polishing function: called as finish(func, x0) with brute's own func and the best grid
 * point; returns a result with x and fun (and success, or minimize's converged), or scipy's tuple
 * [xmin, Jmin, ..., statusCode] (status 0: success). */
export type BruteFinish = (func: BruteObjective, x0: number[]) =>
  | { readonly x: ArrayLike<number> | number; readonly fun: number; readonly success?: boolean; readonly converged?: boolean }
  | readonly [ArrayLike<number> | number, number, ...unknown[]];

/** The function brute minimizes: on a number[] returning a number, or on a float64 rank-1 tensor returning a float64 scalar tensor. */
export type BruteObjective = ((x: number[]) => number) | ((x: Tensor) => Tensor);

/** Options of `tf.optimize.brute` (scipy's names; full_output as fullOutput). */
export interface BruteOptions {
  /** Points along each `[low, high]` axis (default 20). */
  Ns?: number;
  /** Return [x, fval, grid, Jout] instead of x (default false). */
  fullOutput?: boolean;
  /** The polish from the best grid point: scipy's fmin by default (Nelder-Mead, xatol = fatol =
   * 1e-4, 200·N iterations and evaluations at most), null for none (x is then the grid point), or
   * a function (see BruteFinish). */
  finish?: BruteFinish | null;
  /** Print fmin's convergence lines, and warn when the polish did not succeed (default false). */
  disp?: boolean;
  /** Only 1 is accepted: the grid is evaluated point after point. */
  workers?: number;
}

/** What brute returns with fullOutput: [x, fval, grid, Jout]. `grid` has numpy's shape
 * [N, n_1, ..., n_N] (for one parameter, [n_1]): grid[k] holds the k-th coordinate of every
 * point; `Jout` has shape [n_1, ..., n_N], func at every point. */
export type BruteFullOutput = [x: number[], fval: number, grid: NestedArray[], Jout: NestedArray[]];

const OP = 'brute';
const OPTIONS = ['Ns', 'fullOutput', 'finish', 'disp', 'workers'];

/**
 * scipy.optimize.brute: the minimum of `func` over a grid, one axis per parameter from `ranges`
 * (`[low, high]`: Ns points, both ends included; `[low, high, step]`: numpy's slice low:high:step,
 * high excluded), every point evaluated in C order (the last parameter fastest) and the first
 * lowest one kept; then, by default, polished by scipy's fmin (Nelder-Mead), whose result is
 * returned instead of the grid point. `func` takes the parameters as a number[] and returns a
 * number, or (when it returns a tensor, or fails on an array but not on a tensor) takes a float64
 * rank-1 tensor and returns a float64 scalar tensor. The grid is numpy's mgrid, to the bit. Returns
 * x (a number[], also for one parameter, where scipy returns a scalar without finish), or with
 * fullOutput scipy's [x, fval, grid, Jout].
 *
 * @example
 * ```ts
 * const f = (p: number[]) => (p[0]! - 0.3) ** 2 + (p[1]! + 1.2) ** 2;
 * console.log(tf.optimize.brute(f, [[-2, 2], [-2, 2]], { Ns: 5, finish: null })); // [ 0, -1 ]
 * const [x, fval, grid, Jout] = tf.optimize.brute(f, [[-2, 2, 0.5], [-2, 2, 0.5]], { fullOutput: true });
 * console.log(x.map((v) => v.toFixed(4)), fval < 1e-8, grid.length, Jout.length); // [ '0.3000', '-1.2000' ] true 2 8
 * ```
 */
export function brute(func: BruteObjective, ranges: readonly BruteRange[], options?: BruteOptions & { fullOutput?: false }): number[];
export function brute(func: BruteObjective, ranges: readonly BruteRange[], options: BruteOptions & { fullOutput: true }): BruteFullOutput;
export function brute(func: BruteObjective, ranges: readonly BruteRange[], options?: BruteOptions): number[] | BruteFullOutput;
export function brute(func: BruteObjective, ranges: readonly BruteRange[], options?: BruteOptions): number[] | BruteFullOutput {
  if (typeof func !== 'function') throw new Error(`${OP}: func must be a function of the parameters returning a number (or a scalar tensor), got ${describe(func)}.`);
  const o = checkOptions(options);
  const slices = checkRanges(ranges, o.Ns ?? 20);
  const n = slices.length;
  const axes = mgridAxes(slices);
  const shape = axes.map((a) => a.length);
  const empty = shape.findIndex((size) => size === 0);
  if (empty >= 0) throw new Error(`${OP}: the grid has no point along axis ${empty} (ranges[${empty}] is ${describe(ranges[empty])}); numpy: attempt to get argmin of an empty sequence.`);

  const objective = vectorObjective(func, OP);
  const total = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(total);
  const point = new Float64Array(n);
  const index = new Array<number>(n).fill(0);
  // np.argmin: the first minimum in C order, or the first NaN.
  let best = -1;
  for (let flat = 0; flat < total; flat++) {
    for (let k = 0; k < n; k++) point[k] = axes[k]![index[k]!]!;
    const value = objective(point);
    values[flat] = value;
    if (best < 0 || (!Number.isNaN(values[best]!) && (Number.isNaN(value) || value < values[best]!))) best = flat;
    for (let k = n - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  let xmin: number[] = [];
  for (let k = n - 1, rest = best; k >= 0; k--) {
    xmin[k] = axes[k]![rest % shape[k]!]!;
    rest = Math.floor(rest / shape[k]!);
  }
  let jmin = values[best]!;

  if (o.finish !== null) {
    const polished = o.finish === undefined ? fmin(objective, xmin, o.disp ?? false) : userFinish(o.finish, func, xmin);
    xmin = polished.x;
    jmin = polished.fun;
    if (!polished.success && o.disp) {
      console.warn('Either final optimization did not succeed or `finish` does not return `statuscode` as its last argument.');
    }
  }
  if (!o.fullOutput) return xmin;
  const grid = n === 1 ? Array.from(axes[0]!) : axes.map((_, k) => nested(shape, (at) => axes[k]![at[k]!]!));
  const jout = nested(shape, (_, flat) => values[flat]!);
  return [xmin, jmin, grid, jout];
}

/** An array of `shape` (C order) whose entry at index `at` (flat index `flat`) is value(at, flat). */
function nested(shape: readonly number[], value: (at: number[], flat: number) => number): NestedArray[] {
  let flat = 0;
  const at: number[] = [];
  const build = (axis: number): NestedArray[] => Array.from({ length: shape[axis]! }, (_, i) => {
    at[axis] = i;
    return axis === shape.length - 1 ? value(at, flat++) : build(axis + 1);
  });
  return build(0);
}

interface Polished {
  x: number[];
  fun: number;
  success: boolean;
}

/** scipy's fmin(func, x0, full_output=1, disp=disp): Nelder-Mead with its defaults. */
function fmin(objective: (x: Float64Array) => number, x0: number[], disp: boolean): Polished {
  const n = x0.length;
  const out = nelderMead(objective, Float64Array.from(x0), {
    xatol: 1e-4, fatol: 1e-4, maxIterations: 200 * n, maxEvaluations: 200 * n, adaptive: false,
    lower: new Float64Array(n).fill(-Infinity), upper: new Float64Array(n).fill(Infinity),
  });
  if (disp) {
    if (out.status === 0) {
      console.log(out.message);
      console.log(`         Current function value: ${pythonF(out.f)}`);
      console.log(`         Iterations: ${out.iterations}`);
      console.log(`         Function evaluations: ${out.evaluations}`);
    } else {
      console.warn(out.message);
    }
  }
  return { x: Array.from(out.x), fun: out.f, success: out.status === 0 };
}

/** Python's `{:f}`. */
function pythonF(v: number): string {
  return Number.isFinite(v) ? v.toFixed(6) : pythonG(v);
}

/** The user's finish: a result object (x, fun, success or converged) or scipy's tuple. */
function userFinish(finish: BruteFinish, func: BruteObjective, x0: number[]): Polished {
  const res = finish(func, [...x0]);
  const asList = (v: unknown): number[] => (typeof v === 'number' ? [v] : Array.from(v as ArrayLike<number>));
  if (Array.isArray(res)) {
    if (res.length < 2) throw new Error(`${OP}: finish returned ${describe(res)}; it must return a result { x, fun } or scipy's tuple [xmin, Jmin, ..., statusCode].`);
    return { x: asList(res[0]), fun: res[1] as number, success: res.at(-1) === 0 };
  }
  if (res === null || typeof res !== 'object' || !('x' in res) || typeof res.fun !== 'number') {
    throw new Error(`${OP}: finish returned ${describe(res)}; it must return a result { x, fun } or scipy's tuple [xmin, Jmin, ..., statusCode].`);
  }
  const r = res as { x: ArrayLike<number> | number; fun: number; success?: boolean; converged?: boolean };
  return { x: asList(r.x), fun: r.fun, success: Boolean(r.success ?? r.converged) };
}

interface CheckedOptions {
  Ns?: number;
  fullOutput?: boolean;
  finish?: BruteFinish | null;
  disp?: boolean;
}

function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return {};
  const o = checkOptionKeys(options, OP, OPTIONS, '{ Ns: 20, finish: null }');
  if (o.Ns !== undefined && (typeof o.Ns !== 'number' || !Number.isInteger(o.Ns) || o.Ns < 1)) throw new Error(`${OP}: Ns must be a positive integer, got ${describe(o.Ns)}.`);
  for (const key of ['fullOutput', 'disp']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new Error(`${OP}: ${key} must be true or false, got ${describe(o[key])}.`);
  }
  if (o.finish !== undefined && o.finish !== null && typeof o.finish !== 'function') {
    throw new Error(`${OP}: finish must be a function (func, x0) => { x, fun } or null (no polish), got ${describe(o.finish)}.`);
  }
  if (o.workers !== undefined && o.workers !== 1) throw new Error(`${OP}: workers is not supported: the grid is evaluated point after point (only workers: 1 is accepted).`);
  return { Ns: o.Ns as number | undefined, fullOutput: o.fullOutput as boolean | undefined, finish: o.finish as BruteFinish | null | undefined, disp: o.disp as boolean | undefined };
}

/** scipy: a (low, high) pair becomes the slice low:high:Ns·j, a triple the slice low:high:step. */
function checkRanges(ranges: unknown, points: number): GridSlice[] {
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw new Error(`${OP}: ranges must be one [low, high] or [low, high, step] per parameter, got ${describe(ranges)}.`);
  }
  if (ranges.length > 40) throw new Error(`${OP}: Brute Force not possible with more than 40 variables.`);
  return ranges.map((range: unknown, k) => {
    if (!Array.isArray(range) || (range.length !== 2 && range.length !== 3) || range.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new Error(`${OP}: ranges[${k}] must be [low, high] or [low, high, step] of finite numbers, got ${describe(range)}.`);
    }
    const [start, stop, step] = range as number[];
    if (step === undefined) return { start: start!, stop: stop!, step: 1, points };
    if (step === 0) throw new Error(`${OP}: the step of ranges[${k}] is 0 (numpy: division by zero).`);
    return { start: start!, stop: stop!, step };
  });
}
