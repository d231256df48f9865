// Powell's conjugate direction method as scipy 1.17's _minimize_powell runs it, step for step
// (Powell, "An efficient method for finding the minimum of a function of several variables without
// calculating derivatives", Computer J. 7, 1964, with the modification in Numerical Recipes): each
// iteration minimizes f along each of n directions in turn (Brent's method, brent.ts; with bounds,
// on the segment of the line inside them, fminbound.ts, or through x = tan(t) on a half line), then
// tries the extrapolated point 2x - x_start, and when Powell's test says the overall move is a good
// new direction, minimizes along it and puts it in place of the direction of the largest decrease.
// It stops when an iteration reduces f by at most ftol·(|f_start| + |f|)/2 (+ 1e-20), or at the
// iteration or evaluation cap. Only values of f are used.
// Plain Float64Array; this file knows nothing about tensors.

import { brent } from './brent';
import { fminbound } from './fminbound';
import { pyMin } from './python-minmax';
import { STATUS_MESSAGE as M } from './status-messages';

export interface PowellSettings {
  readonly xtol: number;
  readonly ftol: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  /** The starting directions, n rows of n (each is changed in place of scipy's direc). */
  readonly direc: Float64Array[];
  /** The bounds, or null when none were given (scipy's bounds=None). */
  readonly bounds: { lower: Float64Array; upper: Float64Array } | null;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, evaluations: number) => boolean;
}

export const POWELL_MESSAGES = { 0: M.success, 1: M.maxfev, 2: M.maxiter, 3: M.nan, 4: M.outOfBounds, 99: M.stopped } as const;

export interface PowellOutcome {
  readonly x: Float64Array;
  readonly f: number;
  /** The directions at the end, n rows of n. */
  readonly direc: Float64Array[];
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: keyof typeof POWELL_MESSAGES;
  readonly message: string;
}

/** Thrown by the counted objective once the evaluations are spent (scipy's _MaxFuncCallError):
 * the line search under way is dropped, and the run ends at the last point it completed. */
class EvaluationsSpent extends Error {}

/**
 * scipy's _line_for_search: the range [lmin, lmax] of l that keeps x0 + l·direction inside the
 * bounds, over the direction's nonzero entries; [0, 0] when there is none (x0 outside).
 */
function lineInBounds(x0: Float64Array, direction: Float64Array, lower: Float64Array, upper: Float64Array): [number, number] {
  let lmin = -Infinity;
  let lmax = Infinity;
  let any = false;
  for (let i = 0; i < x0.length; i++) {
    const d = direction[i]!;
    if (d === 0) continue;
    const low = (lower[i]! - x0[i]!) / d;
    const high = (upper[i]! - x0[i]!) / d;
    // numpy's max and min propagate NaN.
    const from = d > 0 ? low : high;
    const to = d > 0 ? high : low;
    lmin = any ? Math.max(lmin, from) : from;
    lmax = any ? Math.min(lmax, to) : to;
    any = true;
  }
  return lmax >= lmin ? [lmin, lmax] : [0, 0];
}

export function powell(value: (x: Float64Array) => number, x0: Float64Array, s: PowellSettings): PowellOutcome {
  const n = x0.length;
  let evaluations = 0;
  const func = (x: Float64Array): number => {
    if (evaluations >= s.maxEvaluations) throw new EvaluationsSpent();
    evaluations++;
    return value(x);
  };
  const along = (p: Float64Array, direction: Float64Array, alpha: number): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = p[i]! + alpha * direction[i]!;
    return x;
  };
  const scaled = (direction: Float64Array, alpha: number) => direction.map((v) => alpha * v);

  /** scipy's _linesearch_powell: [f, the new point, the step taken] along `direction` from p. */
  const lineSearch = (p: Float64Array, direction: Float64Array, fp: number, bounded: boolean): [number, Float64Array, Float64Array] => {
    if (!direction.some((v) => v !== 0)) return [fp, p, direction];
    const tol = s.xtol * 100;
    const onLine = (alpha: number) => func(along(p, direction, alpha));
    if (bounded && s.bounds !== null) {
      const [lmin, lmax] = lineInBounds(p, direction, s.bounds.lower, s.bounds.upper);
      if (lmin === -Infinity && lmax === Infinity) return lineSearch(p, direction, fp, false);
      if (lmin !== -Infinity && lmax !== Infinity) {
        const { x: alpha, f } = fminbound(onLine, lmin, lmax, tol / 100);
        const step = scaled(direction, alpha);
        return [f, along(p, step, 1), step];
      }
      // Bounded on one side: minimize over t in [atan lmin, atan lmax] with l = tan t.
      const { x: t, f } = fminbound((u) => onLine(Math.tan(u)), Math.atan(lmin), Math.atan(lmax), tol / 100);
      const step = scaled(direction, Math.tan(t));
      return [f, along(p, step, 1), step];
    }
    const { x: alpha, f } = brent(onLine, tol);
    const step = scaled(direction, alpha);
    return [f, along(p, step, 1), step];
  };

  const direc: Float64Array[] = s.direc.map((row) => Float64Array.from(row));
  let x: Float64Array = Float64Array.from(x0);
  let fval = NaN;
  let iterations = 0;
  let stopped = false;
  try {
    fval = func(x);
    let x1 = Float64Array.from(x);
    for (;;) {
      const fx = fval;
      let bigind = 0;
      let delta = 0.0;
      for (let i = 0; i < n; i++) {
        const fx2 = fval;
        [fval, x] = lineSearch(x, direc[i]!, fval, true);
        if (fx2 - fval > delta) {
          delta = fx2 - fval;
          bigind = i;
        }
      }
      iterations++;
      if (s.onIteration && s.onIteration(iterations, x, fval, evaluations) === false) {
        stopped = true;
        break;
      }
      const bnd = s.ftol * (Math.abs(fx) + Math.abs(fval)) + 1e-20;
      if (2.0 * (fx - fval) <= bnd) break;
      if (evaluations >= s.maxEvaluations) break;
      if (iterations >= s.maxIterations) break;
      if (Number.isNaN(fx) && Number.isNaN(fval)) break; // in a NaN region

      // The extrapolated point x + (x - x1), kept inside the bounds.
      let direction: Float64Array = x.map((v, i) => v - x1[i]!);
      x1 = Float64Array.from(x);
      const lmax = s.bounds === null ? 1 : lineInBounds(x, direction, s.bounds.lower, s.bounds.upper)[1];
      const x2 = along(x, direction, pyMin(lmax, 1));
      const fx2 = func(x2);
      if (fx > fx2) {
        // Powell's test: use the overall direction when it is worth a line search.
        let t = 2.0 * (fx + fx2 - 2.0 * fval);
        let temp = fx - fval - delta;
        t *= temp * temp;
        temp = fx - fx2;
        t -= delta * temp * temp;
        if (t < 0.0) {
          [fval, x, direction] = lineSearch(x, direction, fval, true);
          if (direction.some((v) => v !== 0)) {
            direc[bigind] = Float64Array.from(direc[n - 1]!);
            direc[n - 1] = direction;
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof EvaluationsSpent)) throw e;
  }

  let status: keyof typeof POWELL_MESSAGES = 0;
  const outside = s.bounds !== null && x.some((v, i) => s.bounds!.lower[i]! > v || v > s.bounds!.upper[i]!);
  if (stopped) status = 99;
  else if (outside) status = 4;
  else if (evaluations >= s.maxEvaluations) status = 1;
  else if (iterations >= s.maxIterations) status = 2;
  else if (Number.isNaN(fval) || x.some(Number.isNaN)) status = 3;
  return { x, f: fval, direc, iterations, evaluations, status, message: POWELL_MESSAGES[status] };
}
