// scipy 1.17's bracket() (_optimize.py), step for step: from two points it walks downhill by golden
// steps and parabolic extrapolation (growth limited to grow_limit times the last step) until three
// points hold a minimum of a function of one variable, and the three-point brackets that Brent's
// and the golden-section search are given, checked as scipy checks them. A walk that ends without
// a minimum between its points throws a BracketError carrying the points, which minimizeScalar
// turns into an unsuccessful result as scipy's _recover_from_bracket_error does.
// Plain numbers; this file knows nothing about tensors.

/** Three points holding a minimum (f(xb) below both ends, xb between them), their values, and the
 * evaluations spent finding them. */
export interface Bracket {
  xa: number; xb: number; xc: number;
  fa: number; fb: number; fc: number;
  funcalls: number;
}

/** scipy's BracketError: the walk ended at three points that do not hold a minimum (`data`). */
export class BracketError extends Error {
  constructor(message: string, readonly data: Bracket) {
    super(message);
    this.name = 'BracketError';
  }
}

/** scipy's golden ratio, as written there. */
const GOLD = 1.618034;
const VERY_SMALL = 1e-21;

/** scipy's bracket(func, xa, xb, grow_limit, maxiter). */
export function bracket(func: (x: number) => number, xa = 0.0, xb = 1.0, growLimit = 110.0, maxiter = 1000): Bracket {
  let fa = func(xa);
  let fb = func(xb);
  if (fa < fb) {
    [xa, xb] = [xb, xa];
    [fa, fb] = [fb, fa];
  }
  let xc = xb + GOLD * (xb - xa);
  let fc = func(xc);
  let funcalls = 3;
  let iterations = 0;
  while (fc < fb) {
    // The parabola through the three points, and its minimum w.
    const tmp1 = (xb - xa) * (fb - fc);
    const tmp2 = (xb - xc) * (fb - fa);
    const val = tmp2 - tmp1;
    const denom = Math.abs(val) < VERY_SMALL ? 2.0 * VERY_SMALL : 2.0 * val;
    let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const wlim = xb + growLimit * (xc - xb);
    if (iterations > maxiter) {
      throw new Error('No valid bracket was found before the iteration limit was reached. Consider trying different initial points or increasing `maxiter`.');
    }
    iterations++;
    let fw: number;
    if ((w - xc) * (xb - w) > 0.0) {
      // w between xb and xc.
      fw = func(w);
      funcalls++;
      if (fw < fc) {
        xa = xb; xb = w; fa = fb; fb = fw;
        break;
      } else if (fw > fb) {
        xc = w; fc = fw;
        break;
      }
      w = xc + GOLD * (xc - xb);
      fw = func(w);
      funcalls++;
    } else if ((w - wlim) * (wlim - xc) >= 0.0) {
      // Past the growth limit: stop there.
      w = wlim;
      fw = func(w);
      funcalls++;
    } else if ((w - wlim) * (xc - w) > 0.0) {
      // Between xc and the limit.
      fw = func(w);
      funcalls++;
      if (fw < fc) {
        xb = xc; xc = w;
        w = xc + GOLD * (xc - xb);
        fb = fc; fc = fw;
        fw = func(w);
        funcalls++;
      }
    } else {
      w = xc + GOLD * (xc - xb);
      fw = func(w);
      funcalls++;
    }
    xa = xb; xb = xc; xc = w;
    fa = fb; fb = fc; fc = fw;
  }
  const found = { xa, xb, xc, fa, fb, fc, funcalls };
  const holdsMinimum = (fb < fc && fb <= fa) || (fb < fa && fb <= fc);
  const between = (xa < xb && xb < xc) || (xc < xb && xb < xa);
  const finite = Number.isFinite(xa) && Number.isFinite(xb) && Number.isFinite(xc);
  if (!(holdsMinimum && between && finite)) {
    throw new BracketError('The algorithm terminated without finding a valid bracket. Consider trying different initial points.', found);
  }
  return found;
}

/** The bracket Brent's and the golden-section search start from, as scipy's get_bracket_info
 * makes it: none (walk from 0 and 1), two points (walk from them) or three (checked; xa and xc
 * swapped so that xa < xc). Throws scipy's ValueErrors for a bad three-point bracket. */
export function startingBracket(func: (x: number) => number, given: readonly number[] | undefined): Bracket {
  if (given === undefined) return bracket(func);
  if (given.length === 2) return bracket(func, given[0], given[1]);
  if (given.length !== 3) throw new Error('Bracketing interval must be length 2 or 3 sequence.');
  let [xa, xb, xc] = given as [number, number, number];
  if (xa > xc) [xa, xc] = [xc, xa];
  if (!(xa < xb && xb < xc)) throw new Error('Bracketing values (xa, xb, xc) do not fulfill this requirement: (xa < xb) and (xb < xc)');
  const fa = func(xa);
  const fb = func(xb);
  const fc = func(xc);
  if (!(fb < fa && fb < fc)) throw new Error('Bracketing values (xa, xb, xc) do not fulfill this requirement: (f(xb) < f(xa)) and (f(xb) < f(xc))');
  return { xa, xb, xc, fa, fb, fc, funcalls: 3 };
}

/** What scipy's minimize_scalar returns when the bracket search failed: the lowest of the three
 * points (the first of equals), NaN if any point or value is NaN. */
export function bestOfBracket(b: Bracket): { x: number; f: number } {
  const xs = [b.xa, b.xb, b.xc];
  const fs = [b.fa, b.fb, b.fc];
  if ([...xs, ...fs].some(Number.isNaN)) return { x: NaN, f: NaN };
  let best = 0;
  for (let i = 1; i < 3; i++) if (fs[i]! < fs[best]!) best = i;
  return { x: xs[best]!, f: fs[best]! };
}
