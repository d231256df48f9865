// MINPACK-2's line search dcsrch and its step dcstep (Moré and Thuente, "Line search algorithms
// with guaranteed sufficient decrease", ACM TOMS 20, 1994) as scipy 1.17 runs them for
// scipy.optimize.line_search_wolfe1 (its Python port in _dcsrch.py), step for step: the same
// tests in the same order, the same arithmetic, and scipy's ending: every warning (rounding, xtol,
// a step at stpmin or stpmax, a non-finite step, the iteration cap) is a failure with no step, for
// the caller to fall back on another search. DcsrchSearch is the same search driven step by step,
// as L-BFGS-B's lnsrlb drives it (lbfgsb.ts), where a warning ends the search at its last step.
// Plain numbers; this file knows nothing about tensors.

import { cMax, cMin, pyMax, pyMin } from './python-minmax';

export interface DcsrchSettings {
  /** Sufficient decrease: φ(α) <= φ(0) + c1 α φ'(0). */
  readonly c1: number;
  /** Curvature: |φ'(α)| <= c2 |φ'(0)|. */
  readonly c2: number;
  /** Relative width of the interval of uncertainty at which the search gives up. */
  readonly xtol: number;
  readonly stpmin: number;
  readonly stpmax: number;
  /** Calls of the search's step (the first sets it up): scipy's maxiter, 100. */
  readonly maxIterations: number;
}

export interface DcsrchResult {
  /** The step meeting both conditions, or null when the search failed. */
  readonly step: number | null;
  /** φ at the last step evaluated (at `step` when there is one). */
  readonly value: number;
}

const P5 = 0.5;
const P66 = 0.66;
const XTRAPL = 1.1;
const XTRAPU = 4.0;

export type DcsrchTask = 'fg' | 'convergence' | 'warning' | 'error';

/**
 * dcsrch as a reverse-communication search, as MINPACK-2 and scipy's C translation of L-BFGS-B
 * (lnsrlb) drive it: construct it with φ(0), φ'(0) and the first step (its 'START': the arguments'
 * checks, then `task` 'fg' or 'error'), evaluate φ and φ' at `stp`, pass them to `next`, and go on
 * while it answers 'fg'. 'convergence' and 'warning' leave `stp` at the step last evaluated (a
 * warning: no step meets both conditions; L-BFGS-B takes it, scipy's Wolfe search does not).
 * `asC`: the search as scipy's C translation (L-BFGS-B's) runs it, where it differs from scipy's
 * Python port (line_search_wolfe1's): dcstep's first case takes the cubic step when it is strictly
 * closer to stx than the quadratic one (Python: closer or as close), and the bounds on the steps
 * come from C's fmin and fmax, which ignore a NaN argument (Python's min, max and np.clip keep or
 * give NaN): a NaN step falls back to the bound, as a NaN value of f makes one.
 */
export class DcsrchSearch {
  stp: number;
  task: DcsrchTask;
  private brackt = false;
  private stage = 1;
  private readonly finit: number;
  private readonly ginit: number;
  private readonly gtest: number;
  private width: number;
  private width1: number;
  // stx, fx, gx: the best step so far; sty, fy, gy: the interval's other end.
  private stx = 0;
  private fx: number;
  private gx: number;
  private sty = 0;
  private fy: number;
  private gy: number;
  private stmin = 0;
  private stmax: number;

  constructor(phi0: number, derphi0: number, alpha1: number, private readonly s: Omit<DcsrchSettings, 'maxIterations'>, private readonly asC = false) {
    this.stp = alpha1;
    this.task = alpha1 < s.stpmin || alpha1 > s.stpmax || derphi0 >= 0 || s.c1 < 0 || s.c2 < 0 || s.xtol < 0 || s.stpmin < 0 || s.stpmax < s.stpmin ? 'error' : 'fg';
    this.finit = phi0;
    this.ginit = derphi0;
    this.gtest = s.c1 * derphi0;
    this.width = s.stpmax - s.stpmin;
    this.width1 = this.width / P5;
    this.fx = phi0;
    this.gx = derphi0;
    this.fy = phi0;
    this.gy = derphi0;
    this.stmax = alpha1 + XTRAPU * alpha1;
  }

  /** φ(stp) and φ'(stp): the tests, then (task 'fg') the next step in `stp`. */
  next(f: number, g: number): DcsrchTask {
    const s = this.s;
    let stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    if (f <= ftest && Math.abs(g) <= s.c2 * -this.ginit) return (this.task = 'convergence');
    const warning =
      (this.brackt && (stp <= this.stmin || stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= s.xtol * this.stmax) ||
      (stp === s.stpmax && f <= ftest && g <= this.gtest) ||
      (stp === s.stpmin && (f > ftest || g >= this.gtest));
    if (warning) return (this.task = 'warning');

    const gtest = this.gtest;
    let next: Interval;
    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // While no step has sufficient decrease, the step comes from the modified function
      // ψ(α) = φ(α) - φ(0) - c1 α φ'(0): its values and slopes relative to the decrease line.
      next = dcstep(
        { stx: this.stx, fx: this.fx - this.stx * gtest, dx: this.gx - gtest, sty: this.sty, fy: this.fy - this.sty * gtest, dy: this.gy - gtest, brackt: this.brackt },
        stp, f - stp * gtest, g - gtest, this.stmin, this.stmax, this.asC,
      );
      next.fx = next.fx + next.stx * gtest;
      next.fy = next.fy + next.sty * gtest;
      next.dx = next.dx + gtest;
      next.dy = next.dy + gtest;
    } else {
      next = dcstep({ stx: this.stx, fx: this.fx, dx: this.gx, sty: this.sty, fy: this.fy, dy: this.gy, brackt: this.brackt }, stp, f, g, this.stmin, this.stmax, this.asC);
    }
    ({ stx: this.stx, fx: this.fx, sty: this.sty, fy: this.fy, brackt: this.brackt, stp } = next);
    this.gx = next.dx;
    this.gy = next.dy;

    // Bisect when the last two steps did not shrink the interval to 0.66 of its width.
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= P66 * this.width1) stp = this.stx + P5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }
    const [min, max] = this.asC ? [cMin, cMax] : [pyMin, pyMax];
    if (this.brackt) {
      this.stmin = min(this.stx, this.sty);
      this.stmax = max(this.stx, this.sty);
    } else {
      this.stmin = stp + XTRAPL * (stp - this.stx);
      this.stmax = stp + XTRAPU * (stp - this.stx);
    }
    // (np.clip: NaN stays NaN; C's fmax then fmin: NaN becomes stpmin.)
    stp = this.asC ? cMin(cMax(stp, s.stpmin), s.stpmax) : Math.min(Math.max(stp, s.stpmin), s.stpmax);
    // No further progress possible: try the best step again (the next pass then warns).
    if ((this.brackt && (stp <= this.stmin || stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= s.xtol * this.stmax)) stp = this.stx;
    this.stp = stp;
    return (this.task = 'fg');
  }
}

/**
 * Searches from φ(0) = `phi0` with slope `derphi0` along α > 0, first trying `alpha1`. `phi(α)`
 * and `derphi(α)` are called in that order at every trial step.
 */
export function dcsrch(
  phi: (alpha: number) => number,
  derphi: (alpha: number) => number,
  phi0: number,
  derphi0: number,
  alpha1: number,
  s: DcsrchSettings,
): DcsrchResult {
  // dcsrch's 'START': the arguments' checks (an error is a failure) and the initial interval.
  const search = new DcsrchSearch(phi0, derphi0, alpha1, s);
  if (search.task === 'error' || !Number.isFinite(alpha1)) return { step: null, value: phi0 };
  let f = phi(search.stp);
  let g = derphi(search.stp);
  for (let iteration = 1; iteration < s.maxIterations; iteration++) {
    const task = search.next(f, g);
    if (task === 'convergence') return { step: search.stp, value: f };
    if (task === 'warning') return { step: null, value: f };
    if (!Number.isFinite(search.stp)) return { step: null, value: f };
    f = phi(search.stp);
    g = derphi(search.stp);
  }
  return { step: null, value: f };
}

interface Interval {
  stx: number; fx: number; dx: number;
  sty: number; fy: number; dy: number;
  brackt: boolean;
  /** The next trial step. */
  stp: number;
}

/** MINPACK's γ = √(θ² - da·db) of the cubic interpolating two steps with slopes da and db,
 * scaled by s = max(|θ|, |da|, |db|) against overflow (NaN when the cubic has no minimum, as in
 * scipy), negated when `negate`. */
function cubicGamma(theta: number, da: number, db: number, negate: boolean, asC: boolean): number {
  const max = asC ? cMax : pyMax;
  const s = max(max(Math.abs(theta), Math.abs(da)), Math.abs(db));
  const ts = theta / s;
  const gamma = s * Math.sqrt(ts * ts - (da / s) * (db / s));
  return negate ? -gamma : gamma;
}

/** dcstep: a safeguarded trial step from the interval [stx, sty] and the new step stp with its
 * value fp and slope dp (the four cases of the paper), and the updated interval. */
function dcstep(
  st: Omit<Interval, 'stp'>,
  stp: number, fp: number, dp: number,
  stpmin: number, stpmax: number,
  asC: boolean,
): Interval {
  const [min, max] = asC ? [cMin, cMax] : [pyMin, pyMax];
  let { stx, fx, dx, sty, fy, dy, brackt } = st;
  // Negative when the slopes at stp and stx have opposite signs.
  const sgnd = Math.sign(dp) * Math.sign(dx);
  let stpf: number;

  if (fp > fx) {
    // Case 1: a higher value; the minimum is bracketed. The cubic step if it is closer to stx than
    // the quadratic step, else their average.
    const theta = (3.0 * (fx - fp)) / (stp - stx) + dx + dp;
    const gamma = cubicGamma(theta, dx, dp, stp < stx, asC);
    const p = (gamma - dx) + theta;
    const q = ((gamma - dx) + gamma) + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx);
    const cubic = asC ? Math.abs(stpc - stx) < Math.abs(stpq - stx) : Math.abs(stpc - stx) <= Math.abs(stpq - stx);
    stpf = cubic ? stpc : stpc + (stpq - stpc) / 2.0;
    brackt = true;
  } else if (sgnd < 0.0) {
    // Case 2: a lower value, slopes of opposite sign; bracketed. The cubic step if it is farther
    // from stp than the secant step, else the secant step.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const gamma = cubicGamma(theta, dx, dp, stp > stx, asC);
    const p = (gamma - dp) + theta;
    const q = ((gamma - dp) + gamma) + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: a lower value, slopes of the same sign, the slope's magnitude decreasing. The cubic
    // step only if the cubic tends to infinity in the step's direction or its minimum lies beyond
    // stp; else the secant step.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = max(max(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
    const ts = theta / s;
    let gamma = s * Math.sqrt(max(0, ts * ts - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = (gamma - dp) + theta;
    const q = (gamma + (dx - dp)) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? min(stp + 0.66 * (sty - stp), stpf) : max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      // (np.clip; C: fmin(stpmax, stpf), then fmax(stpmin, stpf).)
      stpf = asC ? cMax(stpmin, cMin(stpmax, stpf)) : Math.min(Math.max(stpf, stpmin), stpmax);
    }
  } else if (brackt) {
    // Case 4: a lower value, slopes of the same sign, the slope not decreasing; bracketed: the
    // cubic step between stp and sty.
    const theta = (3.0 * (fp - fy)) / (sty - stp) + dy + dp;
    const gamma = cubicGamma(theta, dy, dp, stp > sty, asC);
    const p = (gamma - dp) + theta;
    const q = ((gamma - dp) + gamma) + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    // Case 4, not bracketed: the step goes to a limit.
    stpf = stp > stx ? stpmax : stpmin;
  }

  // The interval that contains a minimizer.
  if (fp > fx) {
    sty = stp; fy = fp; dy = dp;
  } else {
    if (sgnd < 0) { sty = stx; fy = fx; dy = dx; }
    stx = stp; fx = fp; dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, brackt, stp: stpf };
}
