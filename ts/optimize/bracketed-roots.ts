// The root of a function of one variable on an interval where it changes sign, by the four
// bracketing methods of scipy 1.17 (scipy/optimize/Zeros/*.c, called through _zeros_py.py),
// step for step: bisection, Ridder's method (the root of the exponential through three points),
// and Brent's method with inverse quadratic extrapolation ('brentq') or hyperbolic extrapolation
// ('brenth', after Bus and Dekker). Each keeps a bracket [xa, xb] and stops when its half-width
// is below (xtol + rtol·|x|)/2 (bisection: the step below xtol + rtol·|x|; Ridder: the width below
// xtol + rtol·x, x the newest point, signed as scipy's) or f is exactly 0.
// Plain numbers; this file knows nothing about tensors.

/** scipy's flags: 0 converged, -2 the iteration limit. (A sign error throws; a NaN value throws
 * from the caller's function wrapper, as scipy's _wrap_nan_raise does.) */
export interface BracketedRoot {
  root: number;
  iterations: number;
  functionCalls: number;
  flag: 0 | -2;
}

export type BracketedMethod = 'brentq' | 'brenth' | 'ridder' | 'bisect';

export const SIGN_ERROR = 'f(a) and f(b) must have different signs';

/** A root at an end of the bracket: scipy 1.17 reports it as converged in 1 iteration. */
const atEnd = (root: number): BracketedRoot => ({ root, iterations: 1, functionCalls: 2, flag: 0 });

/** Runs `method` on f over [a, b]. */
export function bracketedRoot(method: BracketedMethod, f: (x: number) => number, a: number, b: number, xtol: number, rtol: number, maxiter: number): BracketedRoot {
  if (method === 'bisect') return bisect(f, a, b, xtol, rtol, maxiter);
  if (method === 'ridder') return ridder(f, a, b, xtol, rtol, maxiter);
  return brent(f, a, b, xtol, rtol, maxiter, method === 'brenth');
}

/** C's signbit: true for negative numbers and -0. */
const signbit = (v: number): boolean => v < 0 || Object.is(v, -0);

function bisect(f: (x: number) => number, xa: number, xb: number, xtol: number, rtol: number, maxiter: number): BracketedRoot {
  const fa = f(xa);
  const fb = f(xb);
  if (fa === 0) return atEnd(xa);
  if (fb === 0) return atEnd(xb);
  if (signbit(fa) === signbit(fb)) throw new Error(SIGN_ERROR);
  let dm = xb - xa;
  let functionCalls = 2;
  for (let i = 0; i < maxiter; i++) {
    dm *= 0.5;
    const xm = xa + dm;
    const fm = f(xm);
    functionCalls++;
    if (signbit(fm) === signbit(fa)) xa = xm;
    if (fm === 0 || Math.abs(dm) < xtol + rtol * Math.abs(xm)) return { root: xm, iterations: i + 1, functionCalls, flag: 0 };
  }
  return { root: xa, iterations: maxiter, functionCalls, flag: -2 };
}

/** C's SIGN in ridder.c: 1 for positive, -1 otherwise (0 included). */
const sign = (v: number): number => (v > 0 ? 1 : -1);

function ridder(f: (x: number) => number, xa: number, xb: number, xtol: number, rtol: number, maxiter: number): BracketedRoot {
  let tol = xtol + rtol * Math.min(Math.abs(xa), Math.abs(xb));
  let fa = f(xa);
  let fb = f(xb);
  if (fa * fb > 0) throw new Error(SIGN_ERROR);
  if (fa === 0) return atEnd(xa);
  if (fb === 0) return atEnd(xb);
  let functionCalls = 2;
  let xn = 0.0;
  for (let i = 0; i < maxiter; i++) {
    const dm = 0.5 * (xb - xa);
    const xm = xa + dm;
    const fm = f(xm);
    // The exponential through the three points has its root at xm + dn (kept inside the bracket).
    const dn = (sign(fb - fa) * dm * fm) / Math.sqrt(fm * fm - fa * fb);
    xn = xm - sign(dn) * Math.min(Math.abs(dn), Math.abs(dm) - 0.5 * tol);
    const fn = f(xn);
    functionCalls += 2;
    if (fn * fm < 0.0) {
      xa = xn; fa = fn; xb = xm; fb = fm;
    } else if (fn * fa < 0.0) {
      xb = xn; fb = fn;
    } else {
      xa = xn; fa = fn;
    }
    tol = xtol + rtol * xn;
    if (fn === 0.0 || Math.abs(xb - xa) < tol) return { root: xn, iterations: i + 1, functionCalls, flag: 0 };
  }
  return { root: xn, iterations: maxiter, functionCalls, flag: -2 };
}

/** brentq.c and brenth.c, which differ only in the extrapolation step. */
function brent(f: (x: number) => number, xa: number, xb: number, xtol: number, rtol: number, maxiter: number, hyperbolic: boolean): BracketedRoot {
  // xcur: the best estimate; xpre: the previous one; xblk: the other end of the bracket.
  let xpre = xa, xcur = xb;
  let xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0;
  let fpre = f(xpre);
  let fcur = f(xcur);
  if (fpre * fcur > 0) throw new Error(SIGN_ERROR);
  if (fpre === 0) return atEnd(xpre);
  if (fcur === 0) return atEnd(xcur);
  let functionCalls = 2;
  for (let i = 0; i < maxiter; i++) {
    if (fpre * fcur < 0) {
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    if (Math.abs(fblk) < Math.abs(fcur)) {
      xpre = xcur; xcur = xblk; xblk = xpre;
      fpre = fcur; fcur = fblk; fblk = fpre;
    }
    // The tolerance is 2·delta.
    const delta = (xtol + rtol * Math.abs(xcur)) / 2;
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return { root: xcur, iterations: i + 1, functionCalls, flag: 0 };
    let bisect = true;
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) {
        // The secant through the two points.
        stry = (-fcur * (xcur - xpre)) / (fcur - fpre);
      } else {
        const dpre = (fpre - fcur) / (xpre - xcur);
        const dblk = (fblk - fcur) / (xblk - xcur);
        stry = hyperbolic
          ? (-fcur * (fblk - fpre)) / (fblk * dpre - fpre * dblk)
          : (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre));
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        // A good short step.
        spre = scur;
        scur = stry;
        bisect = false;
      }
    }
    if (bisect) spre = scur = sbis;
    xpre = xcur;
    fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
    functionCalls++;
  }
  return { root: xcur, iterations: maxiter, functionCalls, flag: -2 };
}
