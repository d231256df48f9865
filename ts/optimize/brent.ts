// Brent's minimization of a function of one variable, without bounds, as scipy 1.17 runs it
// (minimize_scalar's 'brent', the Brent class of _optimize.py), step for step: from three points
// holding a minimum (bracket.ts), golden-section and parabolic steps shrink the bracket to a
// relative width of 2·tol. Powell's line searches use it with scipy's defaults (no bracket given,
// maxiter 500); a walk that finds no bracket ends the search at the best of its three points, as
// scipy's _recover_from_bracket_error does.
// Plain numbers; this file knows nothing about tensors.

import { BracketError, bestOfBracket, type Bracket, startingBracket } from './bracket';

export interface ScalarMinimum {
  readonly x: number;
  readonly f: number;
}

/** The golden section's smaller fraction, as written in scipy's Brent (not exactly (3 - √5)/2). */
const GOLDEN_SECTION = 0.381966;
const MIN_TOLERANCE = 1.0e-11;

/** Brent's search: the best point, its value, the iterations and the evaluations (the bracket's
 * included), as scipy's Brent.get_result(full_output=True). */
export interface BrentRun {
  x: number;
  f: number;
  nit: number;
  nfev: number;
}

/** The minimum of `func` found by bracketing from 0 and 1 and Brent's method to relative tolerance
 * `tol` (scipy's _minimize_scalar_brent, xtol = tol, maxiter 500), for Powell's line searches: a
 * walk that finds no bracket ends at its best point, as in scipy. */
export function brent(func: (x: number) => number, tol: number): ScalarMinimum {
  try {
    const { x, f } = brentSearch(func, startingBracket(func, undefined), tol, 500);
    return { x, f };
  } catch (e) {
    if (e instanceof BracketError) return bestOfBracket(e.data);
    throw e;
  }
}

/** Brent's method from the bracket `start` to relative tolerance `tol`, at most `maxiter`
 * iterations (scipy's Brent.optimize). */
export function brentSearch(func: (x: number) => number, start: Bracket, tol: number, maxiter: number): BrentRun {
  const { xa, xb, xc, fb } = start;
  let nfev = start.funcalls;
  // x: the best point; w: the second best; v: the previous w.
  let x = xb, w = xb, v = xb;
  let fx = fb, fw = fb, fv = fb;
  let [a, b] = xa < xc ? [xa, xc] : [xc, xa];
  let deltax = 0.0;
  let rat = 0.0;
  let nit = 0;
  for (; nit < maxiter; nit++) {
    const tol1 = tol * Math.abs(x) + MIN_TOLERANCE;
    const tol2 = 2.0 * tol1;
    const xmid = 0.5 * (a + b);
    if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
    if (Math.abs(deltax) <= tol1) {
      // A golden-section step into the larger part.
      deltax = x >= xmid ? a - x : b - x;
      rat = GOLDEN_SECTION * deltax;
    } else {
      // The parabola through x, w and v.
      const tmp1 = (x - w) * (fx - fv);
      let tmp2 = (x - v) * (fx - fw);
      let p = (x - v) * tmp2 - (x - w) * tmp1;
      tmp2 = 2.0 * (tmp2 - tmp1);
      if (tmp2 > 0.0) p = -p;
      tmp2 = Math.abs(tmp2);
      const previousDelta = deltax;
      deltax = rat;
      if (p > tmp2 * (a - x) && p < tmp2 * (b - x) && Math.abs(p) < Math.abs(0.5 * tmp2 * previousDelta)) {
        // The parabolic step: inside the interval and less than half the step before last.
        rat = (p * 1.0) / tmp2;
        const u = x + rat;
        if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = GOLDEN_SECTION * deltax;
      }
    }
    // Every step moves by at least tol1.
    const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const fu = func(u);
    nfev++;
    if (fu > fx) {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w; w = u; fv = fw; fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u; fv = fu;
      }
    } else {
      if (u >= x) a = x;
      else b = x;
      v = w; w = x; x = u;
      fv = fw; fw = fx; fx = fu;
    }
  }
  return { x, f: fx, nit, nfev };
}
