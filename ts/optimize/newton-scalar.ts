// The root of a function of one variable near a starting point by scipy 1.17's newton
// (_zeros_py.py), step for step: Newton's method x ← x - f/f' when a derivative is given, Halley's
// (the Newton step divided by 1 - f·f''/(2f'²), when that term is below 1 in size) when a second
// derivative is given too, the secant method otherwise; each stops when the step is within
// tol + rtol·|x| (numpy's isclose) or f is exactly 0.
// Plain numbers; this file knows nothing about tensors.

import { pythonFloatRepr } from '../models/python-format';

export interface NewtonRun {
  root: number;
  iterations: number;
  /** Evaluations of f, f' and f'' together, as scipy's newton counts them. */
  functionCalls: number;
  /** 0 converged; -2 did not (the iteration limit, a zero derivative, or equal secant values). */
  flag: 0 | -2;
  method: 'newton' | 'halley' | 'secant';
}

export interface NewtonSettings {
  fprime?: (x: number) => number;
  fprime2?: (x: number) => number;
  x1?: number;
  tol: number;
  rtol: number;
  maxiter: number;
  /** Throw scipy's RuntimeError when it does not converge (else warn, as scipy does, for a zero
   * derivative or equal secant values). */
  disp: boolean;
}

/** numpy's isclose(a, b, rtol, atol): |a - b| <= atol + rtol·|b|, infinities close only to
 * themselves, NaN to nothing. */
export function isClose(a: number, b: number, rtol: number, atol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

export function newtonRun(func: (x: number) => number, x0: number, s: NewtonSettings): NewtonRun {
  const { fprime, fprime2, tol, rtol, maxiter, disp } = s;
  let funcalls = 0;
  let p0 = x0;
  let p = NaN;
  let itr = 0;
  if (fprime) {
    let method: NewtonRun['method'] = 'newton';
    for (itr = 0; itr < maxiter; itr++) {
      const fval = func(p0);
      funcalls++;
      if (fval === 0) return { root: p0, iterations: itr, functionCalls: funcalls, flag: 0, method };
      const fder = fprime(p0);
      funcalls++;
      if (fder === 0) {
        let msg = 'Derivative was zero.';
        if (disp) {
          msg += ` Failed to converge after ${itr + 1} iterations, value is ${pythonFloatRepr(p0)}.`;
          throw new Error(msg);
        }
        console.warn(msg);
        return { root: p0, iterations: itr + 1, functionCalls: funcalls, flag: -2, method };
      }
      let step = fval / fder;
      if (fprime2) {
        const fder2 = fprime2(p0);
        funcalls++;
        method = 'halley';
        // Halley's correction, only while it keeps the step's direction (|adj| < 1).
        const adj = (step * fder2) / fder / 2;
        if (Math.abs(adj) < 1) step /= 1.0 - adj;
      }
      p = p0 - step;
      if (isClose(p, p0, rtol, tol)) return { root: p, iterations: itr + 1, functionCalls: funcalls, flag: 0, method };
      p0 = p;
    }
    if (disp) throw new Error(`Failed to converge after ${itr} iterations, value is ${pythonFloatRepr(p)}.`);
    return { root: p, iterations: itr, functionCalls: funcalls, flag: -2, method };
  }
  // The secant method, from x0 and x1 (by default x0 moved by 1e-4 relative and 1e-4 absolute).
  let p1: number;
  if (s.x1 !== undefined) {
    if (s.x1 === x0) throw new Error('x1 and x0 must be different');
    p1 = s.x1;
  } else {
    const eps = 1e-4;
    p1 = x0 * (1 + eps);
    p1 += p1 >= 0 ? eps : -eps;
  }
  let q0 = func(p0);
  funcalls++;
  let q1 = func(p1);
  funcalls++;
  if (Math.abs(q1) < Math.abs(q0)) {
    [p0, p1] = [p1, p0];
    [q0, q1] = [q1, q0];
  }
  for (itr = 0; itr < maxiter; itr++) {
    if (q1 === q0) {
      if (p1 !== p0) {
        let msg = `Tolerance of ${pythonFloatRepr(p1 - p0)} reached.`;
        if (disp) {
          msg += ` Failed to converge after ${itr + 1} iterations, value is ${pythonFloatRepr(p1)}.`;
          throw new Error(msg);
        }
        console.warn(msg);
      }
      return { root: (p1 + p0) / 2.0, iterations: itr + 1, functionCalls: funcalls, flag: -2, method: 'secant' };
    }
    p = Math.abs(q1) > Math.abs(q0) ? (-q0 / q1 * p1 + p0) / (1 - q0 / q1) : (-q1 / q0 * p0 + p1) / (1 - q1 / q0);
    if (isClose(p, p1, rtol, tol)) return { root: p, iterations: itr + 1, functionCalls: funcalls, flag: 0, method: 'secant' };
    p0 = p1; q0 = q1;
    p1 = p;
    q1 = func(p1);
    funcalls++;
  }
  if (disp) throw new Error(`Failed to converge after ${itr} iterations, value is ${pythonFloatRepr(p)}.`);
  return { root: p, iterations: itr, functionCalls: funcalls, flag: -2, method: 'secant' };
}
