// Brent's minimization of a function of one variable, without bounds, as scipy 1.17 runs it for
// Powell's line searches (minimize_scalar's 'brent' with no bracket given, _optimize.py), step for
// step: scipy's bracket() walks downhill from 0 and 1 by golden steps and parabolic extrapolation
// (growth limited to 110 times the last step) until three points hold a minimum; then Brent's
// golden-section and parabolic steps shrink it to a relative width of 2·tol. A bracket that does
// not hold a minimum ends the search at the best of its three points, as scipy's
// _recover_from_bracket_error does.
// Plain numbers; this file knows nothing about tensors.

export interface ScalarMinimum {
  readonly x: number;
  readonly f: number;
}

/** scipy's golden ratio, as written there. */
const GOLD = 1.618034;
/** The golden section's smaller fraction, as written in scipy's Brent (not exactly (3 - √5)/2). */
const GOLDEN_SECTION = 0.381966;
const VERY_SMALL = 1e-21;
const GROW_LIMIT = 110.0;
const BRACKET_ITERATIONS = 1000;
const BRENT_ITERATIONS = 500;
const MIN_TOLERANCE = 1.0e-11;

interface Bracket {
  xa: number; xb: number; xc: number;
  fa: number; fb: number; fc: number;
  /** Whether it holds a minimum: f(xb) below both ends, xb between them, all finite. */
  valid: boolean;
}

/** scipy's bracket(func) from xa = 0, xb = 1. */
function bracket(func: (x: number) => number): Bracket {
  let xa = 0.0, xb = 1.0;
  let fa = func(xa);
  let fb = func(xb);
  if (fa < fb) {
    [xa, xb] = [xb, xa];
    [fa, fb] = [fb, fa];
  }
  let xc = xb + GOLD * (xb - xa);
  let fc = func(xc);
  let iterations = 0;
  while (fc < fb) {
    // The parabola through the three points, and its minimum w.
    const tmp1 = (xb - xa) * (fb - fc);
    const tmp2 = (xb - xc) * (fb - fa);
    const val = tmp2 - tmp1;
    const denom = Math.abs(val) < VERY_SMALL ? 2.0 * VERY_SMALL : 2.0 * val;
    let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const wlim = xb + GROW_LIMIT * (xc - xb);
    if (iterations > BRACKET_ITERATIONS) {
      throw new Error('No valid bracket was found before the iteration limit was reached. Consider trying different initial points or increasing `maxiter`.');
    }
    iterations++;
    let fw: number;
    if ((w - xc) * (xb - w) > 0.0) {
      // w between xb and xc.
      fw = func(w);
      if (fw < fc) {
        xa = xb; xb = w; fa = fb; fb = fw;
        break;
      } else if (fw > fb) {
        xc = w; fc = fw;
        break;
      }
      w = xc + GOLD * (xc - xb);
      fw = func(w);
    } else if ((w - wlim) * (wlim - xc) >= 0.0) {
      // Past the growth limit: stop there.
      w = wlim;
      fw = func(w);
    } else if ((w - wlim) * (xc - w) > 0.0) {
      // Between xc and the limit.
      fw = func(w);
      if (fw < fc) {
        xb = xc; xc = w;
        w = xc + GOLD * (xc - xb);
        fb = fc; fc = fw;
        fw = func(w);
      }
    } else {
      w = xc + GOLD * (xc - xb);
      fw = func(w);
    }
    xa = xb; xb = xc; xc = w;
    fa = fb; fb = fc; fc = fw;
  }
  const holdsMinimum = (fb < fc && fb <= fa) || (fb < fa && fb <= fc);
  const between = (xa < xb && xb < xc) || (xc < xb && xb < xa);
  const finite = Number.isFinite(xa) && Number.isFinite(xb) && Number.isFinite(xc);
  return { xa, xb, xc, fa, fb, fc, valid: holdsMinimum && between && finite };
}

/** The minimum of `func` found by bracketing from 0 and 1 and Brent's method to relative tolerance
 * `tol` (scipy's _minimize_scalar_brent, xtol = tol, maxiter 500). */
export function brent(func: (x: number) => number, tol: number): ScalarMinimum {
  const b0 = bracket(func);
  if (!b0.valid) {
    // scipy's recovery: the lowest of the three points (the first of equals), NaN if any is NaN.
    const xs = [b0.xa, b0.xb, b0.xc];
    const fs = [b0.fa, b0.fb, b0.fc];
    if ([...xs, ...fs].some(Number.isNaN)) return { x: NaN, f: NaN };
    let best = 0;
    for (let i = 1; i < 3; i++) if (fs[i]! < fs[best]!) best = i;
    return { x: xs[best]!, f: fs[best]! };
  }
  const { xa, xb, xc, fb } = b0;
  // x: the best point; w: the second best; v: the previous w.
  let x = xb, w = xb, v = xb;
  let fx = fb, fw = fb, fv = fb;
  let [a, b] = xa < xc ? [xa, xc] : [xc, xa];
  let deltax = 0.0;
  let rat = 0.0;
  for (let iteration = 0; iteration < BRENT_ITERATIONS; iteration++) {
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
  return { x, f: fx };
}
