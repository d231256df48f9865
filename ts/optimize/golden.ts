// The golden-section search for a minimum of a function of one variable, as scipy 1.17 runs it
// (minimize_scalar's 'golden', _minimize_scalar_golden in _optimize.py), step for step: from
// three points holding a minimum (bracket.ts), each step evaluates f at the golden section of the
// larger part and keeps the part holding the lower value, until the bracket is narrower than
// tol·(|x1| + |x2|).
// Plain numbers; this file knows nothing about tensors.

import type { Bracket } from './bracket';
import type { BrentRun } from './brent';

/** scipy's golden ratio conjugate 2/(1 + √5), as written there, and its complement. */
const RATIO = 0.61803399;
const COMPLEMENT = 1.0 - RATIO;

/** The golden-section search from the bracket `start` to relative tolerance `tol`, at most
 * `maxiter` iterations. */
export function goldenSearch(func: (x: number) => number, start: Bracket, tol: number, maxiter: number): BrentRun {
  const { xa, xb, xc } = start;
  let nfev = start.funcalls;
  // x0 < x1 < x2 < x3 (or the mirror image), the two inner points a golden section apart.
  let x3 = xc, x0 = xa, x1: number, x2: number;
  if (Math.abs(xc - xb) > Math.abs(xb - xa)) {
    x1 = xb;
    x2 = xb + COMPLEMENT * (xc - xb);
  } else {
    x2 = xb;
    x1 = xb - COMPLEMENT * (xb - xa);
  }
  let f1 = func(x1);
  let f2 = func(x2);
  nfev += 2;
  let nit = 0;
  for (let i = 0; i < maxiter; i++) {
    if (Math.abs(x3 - x0) <= tol * (Math.abs(x1) + Math.abs(x2))) break;
    if (f2 < f1) {
      x0 = x1; x1 = x2;
      x2 = RATIO * x1 + COMPLEMENT * x3;
      f1 = f2;
      f2 = func(x2);
    } else {
      x3 = x2; x2 = x1;
      x1 = RATIO * x2 + COMPLEMENT * x0;
      f2 = f1;
      f1 = func(x1);
    }
    nfev++;
    nit++;
  }
  return f1 < f2 ? { x: x1, f: f1, nit, nfev } : { x: x2, f: f2, nit, nfev };
}
