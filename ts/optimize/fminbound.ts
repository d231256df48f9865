// Brent's minimization of a function of one variable on a closed interval, as scipy 1.17 runs it
// for Powell's bounded line searches (minimize_scalar's 'bounded', _minimize_scalar_bounded in
// _optimize.py, after fminbound and Forsythe, Malcolm and Moler's fmin), step for step: golden
// sections and parabolic steps from the point at the golden section of the interval, until the
// best point is within 2·tol1 of the middle of what is left (tol1 = √(2.2e-16)·|x| + xatol/3),
// or maxfun evaluations (500 for Powell's).
// Plain numbers; this file knows nothing about tensors.

import type { ScalarMinimum } from './brent';

const SQRT_EPSILON = Math.sqrt(2.2e-16);
const GOLDEN_MEAN = 0.5 * (3.0 - Math.sqrt(5.0));

/** The bounded search's end: scipy's status 0 (solution found), 1 (maxfun reached) or 2 (NaN). */
export interface BoundedRun extends ScalarMinimum {
  nfev: number;
  status: 0 | 1 | 2;
}

/** Math.sign(v) with 0 counted as positive (scipy's np.sign(v) + (v == 0)). */
const direction = (v: number): number => Math.sign(v) + (v === 0 ? 1 : 0);

/** The minimum of `func` on [x1, x2] to absolute tolerance `xatol` (finite x1 <= x2), in at most
 * `maxfun` evaluations. */
export function fminbound(func: (x: number) => number, x1: number, x2: number, xatol: number, maxfun = 500): BoundedRun {
  let a = x1, b = x2;
  // xf: the best point; nfc: the second best; fulc: the previous nfc.
  let fulc = a + GOLDEN_MEAN * (b - a);
  let nfc = fulc, xf = fulc;
  let rat = 0.0, e = 0.0;
  let x = xf;
  let fx = func(x);
  let evaluations = 1;
  let fu = Infinity;
  let status: 0 | 1 | 2 = 0;
  let ffulc = fx, fnfc = fx;
  let xm = 0.5 * (a + b);
  let tol1 = SQRT_EPSILON * Math.abs(xf) + xatol / 3.0;
  let tol2 = 2.0 * tol1;

  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let golden = true;
    if (Math.abs(e) > tol1) {
      // The parabola through xf, nfc and fulc.
      golden = false;
      let r = (xf - nfc) * (fx - ffulc);
      let q = (xf - fulc) * (fx - fnfc);
      let p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2.0 * (q - r);
      if (q > 0.0) p = -p;
      q = Math.abs(q);
      r = e;
      e = rat;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = (p + 0.0) / q;
        x = xf + rat;
        // Not closer than tol2 to an end.
        if (x - a < tol2 || b - x < tol2) rat = tol1 * direction(xm - xf);
      } else {
        golden = true;
      }
    }
    if (golden) {
      e = xf >= xm ? a - xf : b - xf;
      rat = GOLDEN_MEAN * e;
    }
    // Every step moves by at least tol1.
    x = xf + direction(rat) * Math.max(Math.abs(rat), tol1);
    fu = func(x);
    evaluations++;
    if (fu <= fx) {
      if (x >= xf) a = xf;
      else b = xf;
      fulc = nfc; ffulc = fnfc;
      nfc = xf; fnfc = fx;
      xf = x; fx = fu;
    } else {
      if (x < xf) a = x;
      else b = x;
      if (fu <= fnfc || nfc === xf) {
        fulc = nfc; ffulc = fnfc;
        nfc = x; fnfc = fu;
      } else if (fu <= ffulc || fulc === xf || fulc === nfc) {
        fulc = x; ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = SQRT_EPSILON * Math.abs(xf) + xatol / 3.0;
    tol2 = 2.0 * tol1;
    if (evaluations >= maxfun) {
      status = 1;
      break;
    }
  }
  if (Number.isNaN(xf) || Number.isNaN(fx) || Number.isNaN(fu)) status = 2;
  return { x: xf, f: fx, nfev: evaluations, status };
}
