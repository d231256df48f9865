// TNC: Nash's truncated Newton method with bounds (S. G. Nash, "Newton-type minimization via the
// Lanczos method", SIAM J. Numer. Anal. 21, 1984), as scipy 1.17's minimize(method='TNC') runs it:
// Jean-Sébastien Roy's C translation of TNBC (scipy/optimize/tnc/tnc.c, as scipy 1.17 ships it),
// ported routine by routine with its arithmetic in the same order, so that given the same values
// and gradients it takes the same iterates to the last bit.
//
// The variables are scaled, x_s = (x - offset) / scale, and f by fscale (renormalized so that the
// projected gradient has norm 1 whenever its log10 leaves [-rescale, rescale]). Each iteration:
// the active set (pivot: -1 at the lower bound, 1 at the upper, 2 fixed, 0 free) zeroes the
// gradient's constrained entries; preconditioned conjugate gradients on the Newton equations
// H p = -g (at most maxCGit products H·v, each a forward difference of gradients,
// (∇f(x + δv) - ∇f(x)) / δ with δ = accuracy·(‖x‖ + 1), counted as an evaluation), with a two-step
// self-scaled BFGS preconditioner from the last step and the accumulated steps since the last
// reset, and a diagonal BFGS scaling built along the CG; then Gill and Murray's safeguarded cubic
// line search (getptc) along p up to the step that reaches the first bound. A step that reaches a
// bound adds it to the active set; a bound whose multiplier has the wrong sign leaves it. It stops
// when the projected gradient's norm is at most gtol (status 0), when f changed by at most ftol
// (1) or the step was at most xtol (2) with the active set unchanged, at maxfun evaluations (3),
// when the line search fails (4) or no step is possible (6).
//
// Around the C code, as scipy's _minimize_tnc: f is a scipy ScalarFunction (evaluated at x0 when
// made, and its nfev is the count reported, not the C code's, which also counts the H·v
// products); after the C code, f and its gradient are evaluated again at the final x (free when
// that was the last point asked for). And as scipy's minimize: variables fixed by their bounds
// (lb = ub) are removed from the problem, their gradient entries NaN in the result.
// Plain Float64Array; this file knows nothing about tensors.

import { ScalarFunction, type Objective } from './scalar-function';
import { STATUS_MESSAGE } from './status-messages';

export interface TncSettings {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The scaling factors (|scale_i| is used; 0 fixes x_i at its start); null: scipy's default,
   * up - low for variables bounded on both sides, 1 + |x0_i| for the others. */
  readonly scale: Float64Array | null;
  /** Subtracted from x before scaling; null: (up + low)/2 for variables bounded on both sides, x0_i
   * for the others. */
  readonly offset: Float64Array | null;
  /** The rest are scipy's options with its sentinels: maxCGit < 0 is max(1, min(50, ⌊n/2⌋)); a
   * maxEvaluations of undefined max(100, 10·n); eta outside [0, 1) 0.25; stepmx < 10√ε 10;
   * accuracy <= ε √ε; ftol < 0 accuracy; xtol < 0 √ε; gtol < 0 0.01·√accuracy; rescale < 0 1.3. */
  readonly maxCGit: number;
  readonly maxEvaluations?: number;
  readonly eta: number;
  readonly stepmx: number;
  readonly accuracy: number;
  readonly minfev: number;
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly rescale: number;
  /** After each iteration (x unscaled, f there, the projected gradient's norm in the scaled
   * variables, as gtol bounds it); false stops the run (status 99). */
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradNorm: number, evaluations: number) => boolean;
}

export interface TncOutcome {
  readonly x: Float64Array;
  readonly f: number;
  /** ∇f at x (NaN for variables fixed by their bounds); null when every variable is. */
  readonly g: Float64Array | null;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: number;
  readonly message: string;
  /** scipy's success: status 0, 1 or 2. */
  readonly success: boolean;
}

/** scipy's return codes (_tnc.py's RCSTRINGS; 99 is gradtape's onIteration stop). */
export const TNC_MESSAGES: Record<number, string> = {
  [-1]: 'Infeasible (lower bound > upper bound)',
  0: 'Local minimum reached (|pg| ~= 0)',
  1: 'Converged (|f_n-f_(n-1)| ~= 0)',
  2: 'Converged (|x_n-x_(n-1)| ~= 0)',
  3: 'Max. number of function evaluations reached',
  4: 'Linear search failed',
  5: 'All lower bounds are equal to the upper bounds',
  6: 'Unable to progress',
  7: 'User requested end of minimization',
  99: STATUS_MESSAGE.stopped,
};

const LOCAL_MINIMUM = 0;
const F_CONVERGED = 1;
const X_CONVERGED = 2;
const MAXFUN = 3;
const LS_FAIL = 4;
const CONSTANT = 5;
const NO_PROGRESS = 6;
const STOPPED = 99;

/** scipy's message when bounds fix every variable (minimize returns before TNC runs). */
export const ALL_FIXED_MESSAGE = 'All independent variables were fixed by bounds.';

/** tnc.c's DBL_EPSILON. */
const EPSMCH = 2.220446049250313e-16;
const RTEPS = Math.sqrt(EPSMCH);

/**
 * TNC from x0 within [lower, upper], as scipy's minimize(method='TNC') with an exact gradient.
 * Variables with lower = upper are fixed there and the rest minimized, as scipy's minimize does;
 * when all are fixed, f is evaluated once at the bounds.
 */
export function tnc(objective: Objective, x0: Float64Array, s: TncSettings): TncOutcome {
  const n = x0.length;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!(s.lower[i] === s.upper[i])) free.push(i);
  if (free.length === 0) {
    const x = Float64Array.from(s.lower);
    return { x, f: objective(x, false)[0], g: null, iterations: 0, evaluations: 1, status: 0, message: ALL_FIXED_MESSAGE, success: true };
  }
  if (free.length === n) return tncFree(objective, x0, s);
  // Only the free variables, the fixed ones held at their bounds (scipy's _Remove_From_Func).
  const pick = (v: Float64Array | null) => v && Float64Array.from(free, (i) => v[i]!);
  const full = Float64Array.from(s.lower);
  const widen = (xFree: Float64Array): Float64Array => {
    const x = Float64Array.from(full);
    free.forEach((i, k) => { x[i] = xFree[k]!; });
    return x;
  };
  const reduced: Objective = (xFree, wantGradient) => {
    const [f, g] = objective(widen(xFree), wantGradient);
    return [f, pick(g)];
  };
  const out = tncFree(reduced, pick(x0)!, {
    ...s, lower: pick(s.lower)!, upper: pick(s.upper)!, scale: pick(s.scale), offset: pick(s.offset),
    onIteration: s.onIteration && ((k, x, f, gn, ev) => s.onIteration!(k, widen(x), f, gn, ev)),
  });
  const g = new Float64Array(n).fill(NaN);
  free.forEach((i, k) => { g[i] = out.g![k]!; });
  return { ...out, x: widen(out.x), g };
}

/** _minimize_tnc and tnc.c's tnc() with no variable fixed by its bounds. */
function tncFree(objective: Objective, x0: Float64Array, s: TncSettings): TncOutcome {
  const n = x0.length;
  const sf = new ScalarFunction(objective, x0);
  const maxnfeval = s.maxEvaluations ?? Math.max(100, 10 * n);
  let nfeval = 0;
  let niter = 0;
  const low = Float64Array.from(s.lower);
  const up = Float64Array.from(s.upper);
  const x = Float64Array.from(x0);
  const gfull = new Float64Array(n);

  /** The objective as the C code calls it: f, and the gradient into `g`. */
  const evaluate = (at: Float64Array, g: Float64Array): number => {
    g.set(sf.gradient(at));
    return sf.value(at);
  };
  const finish = (status: number): TncOutcome => {
    // scipy evaluates again at the final x, "as x, f and g may be slightly out of sync".
    const g = Float64Array.from(sf.gradient(x));
    const f = sf.value(x);
    return { x, f, g, iterations: niter, evaluations: sf.evaluations, status, message: TNC_MESSAGES[status]!, success: status >= 0 && status < 3 };
  };

  coercex(x, low, up);
  if (maxnfeval < 1) return finish(MAXFUN);
  let f = evaluate(x, gfull);
  nfeval++;

  let nc = 0;
  for (let i = 0; i < n; i++) if (low[i] === up[i] || (s.scale !== null && s.scale[i] === 0)) nc++;
  if (nc === n) return finish(CONSTANT);

  const xscale = new Float64Array(n);
  const xoffset = new Float64Array(n);
  let fscale = 1;
  for (let i = 0; i < n; i++) {
    if (s.scale !== null) {
      xscale[i] = Math.abs(s.scale[i]!);
      if (xscale[i] === 0) xoffset[i] = low[i] = up[i] = x[i]!;
      // (scipy's tnc.c leaves this offset unset, so that its runs with a scale and no offset
      // vary with whatever the memory held; gradtape takes the default documented for offset.)
      else xoffset[i] = low[i] !== -Infinity && up[i] !== Infinity ? (up[i]! + low[i]!) * 0.5 : x[i]!;
    } else if (low[i] !== -Infinity && up[i] !== Infinity) {
      xscale[i] = up[i]! - low[i]!;
      xoffset[i] = (up[i]! + low[i]!) * 0.5;
    } else {
      xscale[i] = 1 + Math.abs(x[i]!);
      xoffset[i] = x[i]!;
    }
    if (s.offset !== null) xoffset[i] = s.offset[i]!;
  }

  let { stepmx, eta, rescale, maxCGit, accuracy, ftol, gtol: pgtol, xtol } = s;
  const fmin = s.minfev;
  if (stepmx < RTEPS * 10) stepmx = 10;
  if (eta < 0 || eta >= 1) eta = 0.25;
  if (rescale < 0) rescale = 1.3;
  if (maxCGit < 0) maxCGit = Math.min(Math.max(Math.trunc(n / 2), 1), 50);
  if (maxCGit > n) maxCGit = n;
  if (accuracy <= EPSMCH) accuracy = RTEPS;
  if (ftol < 0) ftol = accuracy;
  if (pgtol < 0) pgtol = 1e-2 * Math.sqrt(accuracy);
  if (xtol < 0) xtol = RTEPS;

  // ---- tnc_minimize ----
  const g = new Float64Array(n);
  const oldg = new Float64Array(n);
  const temp = new Float64Array(n);
  const diagb = new Float64Array(n).fill(1);
  const pk = new Float64Array(n);
  const sk = new Float64Array(n);
  const yk = new Float64Array(n);
  const sr = new Float64Array(n);
  const yr = new Float64Array(n);
  const pivot = new Int8Array(n);
  const preconditioner: Preconditioner = { diagb, sk, yk, sr, yr, upd1: true, lreset: false, yksk: 0, yrsr: 0 };

  let difnew = 0;
  let epsred = 0.05;
  let icycle = n - 1;
  let newcon = true;
  let alpha = 0;
  let fRaw = f; // f unscaled at x (onIteration's fun)
  let rc: number;

  scalex(x, xscale, xoffset);
  f *= fscale;
  setConstraints(x, pivot, xscale, xoffset, low, up);
  g.set(gfull);
  scaleg(g, xscale, fscale);
  // The multipliers' signs: a bound whose gradient points inward is not active.
  for (let i = 0; i < n; i++) if (-pivot[i]! * g[i]! < 0) pivot[i] = 0;
  project(g, pivot);
  let gnorm = dnrm21(g);
  let fLastConstraint = f;
  let fLastReset = f;

  /** f and ∇f at the scaled point `at` (unscaled and coerced into the bounds first), ∇f scaled. */
  const scaledGradientAt = (at: Float64Array, out: Float64Array): number => {
    unscalex(at, xscale, xoffset);
    coercex(at, low, up);
    const value = evaluate(at, out);
    return value;
  };
  const search: LineSearchContext = {
    n, maxnfeval, low, up, xscale, xoffset,
    evaluate: (at, out) => {
      nfeval++;
      return scaledGradientAt(at, out);
    },
    nfeval: () => nfeval,
  };

  for (;;) {
    if (dnrm21(g) <= pgtol * fscale) {
      rc = LOCAL_MINIMUM;
      break;
    }
    if (nfeval >= maxnfeval) {
      rc = MAXFUN;
      break;
    }
    // Rescale f when the projected gradient's norm is far from 1.
    let newscale = dnrm21(g);
    if (newscale > EPSMCH && Math.abs(Math.log10(newscale)) > rescale) {
      newscale = 1 / newscale;
      f *= newscale;
      fscale *= newscale;
      gnorm *= newscale;
      fLastConstraint *= newscale;
      fLastReset *= newscale;
      difnew *= newscale;
      for (let i = 0; i < n; i++) g[i] = g[i]! * newscale;
      diagb.fill(1);
      preconditioner.upd1 = true;
      icycle = n - 1;
      newcon = true;
    }

    temp.set(x);
    project(temp, pivot);
    const xnorm = dnrm21(temp);
    const oldnfeval = nfeval;

    // The search direction.
    const hessianTimes = (v: Float64Array, gv: Float64Array): void => {
      const delta = accuracy * (xnorm + 1);
      const xv = new Float64Array(n);
      for (let i = 0; i < n; i++) xv[i] = x[i]! + delta * v[i]!;
      scaledGradientAt(xv, gv);
      scaleg(gv, xscale, fscale);
      const dinv = 1 / delta;
      for (let i = 0; i < n; i++) gv[i] = (gv[i]! - g[i]!) * dinv;
      for (let i = 0; i < n; i++) if (xscale[i] === 0) gv[i] = 0; // projectConstants
    };
    nfeval = direction(pk, g, n, maxCGit, maxnfeval, nfeval, preconditioner, pivot, gnorm, hessianTimes);

    if (!newcon) {
      if (!preconditioner.lreset) {
        // The accumulated step and its gradient difference.
        for (let i = 0; i < n; i++) sr[i] = sr[i]! + sk[i]!;
        for (let i = 0; i < n; i++) yr[i] = yr[i]! + yk[i]!;
        icycle++;
      } else {
        sr.set(sk);
        yr.set(yk);
        fLastReset = f;
        icycle = 1;
      }
    }

    oldg.set(g);
    const oldf = f;
    const oldgtp = ddot1(pk, g);
    // The longest step: stepmx unconstrained, and up to the first bound.
    const ustpmax = stepmx / (dnrm21(pk) + EPSMCH);
    const spe = stepMax(ustpmax, x, pk, pivot, low, up, xscale, xoffset);

    if (spe > 0) {
      alpha = initialStep(f, fmin / fscale, oldgtp, spe);
      const ls = linearSearch(search, fscale, pivot, eta, ftol, spe, pk, x, f, alpha, gfull);
      alpha = ls.alpha;
      if (ls.rc === LS_OK) {
        f = ls.f;
        fRaw = ls.fRaw;
      }
      if (ls.rc === LS_FAILED) {
        rc = LS_FAIL;
        break;
      }
      if (alpha >= 0.9 * ustpmax) stepmx *= 1e2;
      if (alpha - spe >= -EPSMCH * 10) {
        newcon = true; // the step reached a bound
      } else {
        if (ls.rc !== LS_OK) {
          rc = ls.rc === LS_MAXFUN ? MAXFUN : LS_FAIL;
          break;
        }
        newcon = false;
      }
    } else {
      newcon = true; // no step possible: a new constraint
    }

    if (newcon) {
      if (!addConstraint(x, pk, pivot, low, up, xscale, xoffset) && nfeval === oldnfeval) {
        rc = NO_PROGRESS;
        break;
      }
      fLastConstraint = f;
    }

    niter++;
    if (s.onIteration) {
      // x unscaled, as scipy's callback sees it (a copy: x itself keeps its scaled bits, as in
      // scipy 1.17's runs with a callback, which take the same steps as those without).
      const unscaled = Float64Array.from(x);
      unscalex(unscaled, xscale, xoffset);
      const pg = Float64Array.from(gfull);
      scaleg(pg, xscale, 1);
      project(pg, pivot);
      if (!s.onIteration(niter, unscaled, fRaw, dnrm21(pg), sf.evaluations)) {
        rc = STOPPED;
        break;
      }
    }

    const difold = difnew;
    difnew = oldf - f;
    // The first iteration of a cycle: the reduction factor of the resetting test.
    if (icycle === 1) {
      if (difnew > difold * 2) epsred += epsred;
      if (difnew < difold * 0.5) epsred *= 0.5;
    }

    g.set(gfull);
    scaleg(g, xscale, fscale);
    temp.set(g);
    project(temp, pivot);
    gnorm = dnrm21(temp);

    const remcon = removeConstraint(oldgtp, gnorm, pgtol * fscale, f, fLastConstraint, g, pivot);
    if (remcon) {
      temp.set(g);
      project(temp, pivot);
      gnorm = dnrm21(temp);
      fLastConstraint = f;
    }

    if (!remcon && !newcon) {
      if (Math.abs(difnew) <= ftol * fscale) {
        rc = F_CONVERGED;
        break;
      }
      if (alpha * dnrm21(pk) <= xtol) {
        rc = X_CONVERGED;
        break;
      }
    }

    project(g, pivot);

    if (!newcon) {
      for (let i = 0; i < n; i++) {
        yk[i] = g[i]! - oldg[i]!;
        sk[i] = alpha * pk[i]!;
      }
      preconditioner.yksk = ddot1(yk, sk);
      if (icycle === n - 1 || difnew < epsred * (fLastReset - f)) {
        preconditioner.lreset = true;
      } else {
        preconditioner.yrsr = ddot1(yr, sr);
        preconditioner.lreset = preconditioner.yrsr <= 0;
      }
      preconditioner.upd1 = false;
    }
  }

  unscalex(x, xscale, xoffset);
  coercex(x, low, up);
  return finish(rc);
}

/** The quasi-Newton preconditioner's state: the diagonal, the last step sk (gradient change yk),
 * the steps accumulated since the last reset sr (yr), and whether to use them. */
interface Preconditioner {
  readonly diagb: Float64Array;
  readonly sk: Float64Array;
  readonly yk: Float64Array;
  readonly sr: Float64Array;
  readonly yr: Float64Array;
  upd1: boolean;
  lreset: boolean;
  yksk: number;
  yrsr: number;
}

/**
 * tnc_direction: preconditioned CG on H z = -g into `zsol`, truncated when the quadratic model's
 * decrease stalls, on negative curvature, or one evaluation before maxnfeval. Returns the
 * evaluation count after its H·v products.
 */
function direction(
  zsol: Float64Array, g: Float64Array, n: number, maxCGit: number, maxnfeval: number, nfeval: number,
  pc: Preconditioner, pivot: Int8Array, gnorm: number, hessianTimes: (v: Float64Array, gv: Float64Array) => void,
): number {
  const steepest = () => {
    for (let i = 0; i < n; i++) zsol[i] = -g[i]!;
    project(zsol, pivot);
  };
  if (maxCGit === 0) {
    steepest();
    return nfeval;
  }
  const rhsnrm = gnorm;
  const tol = 1e-12;
  let qold = 0;
  let rzold = 0;
  const r = new Float64Array(n);
  const v = new Float64Array(n);
  const zk = new Float64Array(n);
  const gv = new Float64Array(n);
  const emat = initPreconditioner(pc, n);
  for (let i = 0; i < n; i++) {
    r[i] = -g[i]!;
    v[i] = 0;
    zsol[i] = 0;
  }
  for (let k = 0; k < maxCGit; k++) {
    project(r, pivot);
    msolve(r, zk, n, pc);
    project(zk, pivot);
    const rz = ddot1(r, zk);
    if (rz / rhsnrm < tol || nfeval >= maxnfeval - 1) {
      if (k === 0) steepest();
      break;
    }
    const beta = k === 0 ? 0 : rz / rzold;
    for (let i = 0; i < n; i++) v[i] = zk[i]! + beta * v[i]!;
    project(v, pivot);
    hessianTimes(v, gv);
    nfeval++;
    project(gv, pivot);
    const vgv = ddot1(v, gv);
    if (vgv / rhsnrm < tol) {
      if (k === 0) {
        msolve(g, zsol, n, pc);
        for (let i = 0; i < n; i++) zsol[i] = -zsol[i]!;
        project(zsol, pivot);
      }
      break;
    }
    diagonalScaling(n, emat, v, gv, r);
    const alpha = rz / vgv;
    daxpy1(alpha, v, zsol);
    daxpy1(-alpha, gv, r);
    // The quadratic model's value and its relative decrease.
    const gtp = ddot1(zsol, g);
    const pr = ddot1(r, zsol);
    const qnew = (gtp + pr) * 0.5;
    const qtest = (k + 1) * (1 - qold / qnew);
    if (qtest <= 0.5) break;
    if (gtp > 0) {
      daxpy1(-alpha, v, zsol); // not a descent direction: undo the last step
      break;
    }
    qold = qnew;
    rzold = rz;
  }
  pc.diagb.set(emat);
  return nfeval;
}

/** The diagonal BFGS update of the preconditioner along the CG. */
function diagonalScaling(n: number, e: Float64Array, v: Float64Array, gv: Float64Array, r: Float64Array): void {
  const vr = 1 / ddot1(v, r);
  const vgv = 1 / ddot1(v, gv);
  for (let i = 0; i < n; i++) {
    e[i] = e[i]! + (-r[i]! * r[i]! * vr + gv[i]! * gv[i]! * vgv);
    if (e[i]! <= 1e-6) e[i] = 1;
  }
}

/** The first step of the line search: 1, or -2|f - fmin|/gᵀp when that is shorter, at most smax. */
function initialStep(fnew: number, fmin: number, gtp: number, smax: number): number {
  const d = Math.abs(fnew - fmin);
  let alpha = 1;
  if (d * 2 <= -gtp && d >= EPSMCH) alpha = (d * -2) / gtp;
  if (alpha >= smax) alpha = smax;
  return alpha;
}

/** msolve: y = M⁻¹g, the two-step self-scaled BFGS preconditioner (or the diagonal alone). */
function msolve(g: Float64Array, y: Float64Array, n: number, pc: Preconditioner): void {
  const { diagb, sk, yk, sr, yr, yksk, yrsr } = pc;
  if (pc.upd1) {
    for (let i = 0; i < n; i++) y[i] = g[i]! / diagb[i]!;
    return;
  }
  const gsk = ddot1(g, sk);
  const hg = new Float64Array(n);
  const hyk = new Float64Array(n);
  if (pc.lreset) {
    for (let i = 0; i < n; i++) {
      const rdiagb = 1 / diagb[i]!;
      hg[i] = g[i]! * rdiagb;
      hyk[i] = yk[i]! * rdiagb;
    }
    const ykhyk = ddot1(yk, hyk);
    const ghyk = ddot1(g, hyk);
    ssbfgs(n, 1, sk, hg, hyk, yksk, ykhyk, gsk, ghyk, y);
  } else {
    const hyr = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const rdiagb = 1 / diagb[i]!;
      hg[i] = g[i]! * rdiagb;
      hyk[i] = yk[i]! * rdiagb;
      hyr[i] = yr[i]! * rdiagb;
    }
    const gsr = ddot1(g, sr);
    const ghyr = ddot1(g, hyr);
    const yrhyr = ddot1(yr, hyr);
    ssbfgs(n, 1, sr, hg, hyr, yrsr, yrhyr, gsr, ghyr, hg);
    const yksr = ddot1(yk, sr);
    const ykhyr = ddot1(yk, hyr);
    ssbfgs(n, 1, sr, hyk, hyr, yrsr, yrhyr, yksr, ykhyr, hyk);
    const ykhyk = ddot1(hyk, yk);
    const ghyk = ddot1(hyk, g);
    ssbfgs(n, 1, sk, hg, hyk, yksk, ykhyk, gsk, ghyk, y);
  }
}

/** One self-scaled BFGS update applied to a vector: out = γ·Hv + δ·s + β·Hy. (`out` may be `hjv`.) */
function ssbfgs(
  n: number, gamma: number, sj: Float64Array, hjv: Float64Array, hjyj: Float64Array,
  yjsj: number, yjhyj: number, vsj: number, vhyj: number, out: Float64Array,
): void {
  let delta = 0;
  let beta = 0;
  if (yjsj !== 0) {
    delta = ((gamma * yjhyj) / yjsj + 1) * vsj / yjsj - (gamma * vhyj) / yjsj;
    beta = (-gamma * vsj) / yjsj;
  }
  for (let i = 0; i < n; i++) out[i] = gamma * hjv[i]! + delta * sj[i]! + beta * hjyj[i]!;
}

/** The diagonal preconditioner at the start of a CG: diagb, or its BFGS updates by the steps. */
function initPreconditioner(pc: Preconditioner, n: number): Float64Array {
  const { diagb, sk, yk, sr, yr } = pc;
  const emat = Float64Array.from(diagb);
  if (pc.upd1) return emat;
  let { yksk, yrsr } = pc;
  const bsk = new Float64Array(n);
  if (pc.lreset) {
    for (let i = 0; i < n; i++) bsk[i] = diagb[i]! * sk[i]!;
    let sds = ddot1(sk, bsk);
    if (yksk === 0) yksk = 1;
    if (sds === 0) sds = 1;
    for (let i = 0; i < n; i++) {
      const td = diagb[i]!;
      emat[i] = td - td * td * sk[i]! * sk[i]! / sds + yk[i]! * yk[i]! / yksk;
    }
  } else {
    for (let i = 0; i < n; i++) bsk[i] = diagb[i]! * sr[i]!;
    let sds = ddot1(sr, bsk);
    const srds = ddot1(sk, bsk);
    const yrsk = ddot1(yr, sk);
    if (yrsr === 0) yrsr = 1;
    if (sds === 0) sds = 1;
    for (let i = 0; i < n; i++) {
      const td = diagb[i]!;
      bsk[i] = td * sk[i]! - bsk[i]! * srds / sds + yr[i]! * yrsk / yrsr;
      emat[i] = td - td * td * sr[i]! * sr[i]! / sds + yr[i]! * yr[i]! / yrsr;
    }
    sds = ddot1(sk, bsk);
    if (yksk === 0) yksk = 1;
    if (sds === 0) sds = 1;
    // (scipy's tnc.c has `emat[i] -= bsk[i]*bsk[i]/sds + yk[i]*yk[i]/yksk`, subtracting the yk
    // term that the reset branch above and the original TNBC add; ported as scipy runs it.)
    for (let i = 0; i < n; i++) emat[i] = emat[i]! - (bsk[i]! * bsk[i]! / sds + yk[i]! * yk[i]! / yksk);
  }
  return emat;
}

// ---- The line search (Gill and Murray's getptc) ----

const LS_OK = 0;
const LS_MAXFUN = 1;
const LS_FAILED = 2;

const GETPTC_OK = 0;
const GETPTC_EVAL = 1;
const GETPTC_EINVAL = 2;
const GETPTC_FAIL = 3;

interface LineSearchContext {
  readonly n: number;
  readonly maxnfeval: number;
  readonly low: Float64Array;
  readonly up: Float64Array;
  readonly xscale: Float64Array;
  readonly xoffset: Float64Array;
  /** f (unscaled) and the unscaled gradient at the scaled point `at` (overwritten by the point
   * unscaled and coerced), one evaluation counted. */
  evaluate(at: Float64Array, gradient: Float64Array): number;
  nfeval(): number;
}

/** getptc's state between evaluations (tnc.c passes it by pointers). */
interface Getptc {
  reltol: number; abstol: number; u: number; fu: number; gu: number; xmin: number; fmin: number; gmin: number;
  xw: number; fw: number; gw: number; a: number; b: number; oldf: number; b1: number; scxbnd: number; e: number;
  step: number; factor: number; braktd: boolean; gtest1: number; gtest2: number; tol: number;
}

/**
 * linearSearch along p from the scaled x (moved in place on success, with gfull replaced by the
 * unscaled gradient there). Returns its code, the step (getptc's xmin, also on failure), and on
 * success f scaled and unscaled.
 */
function linearSearch(
  c: LineSearchContext, fscale: number, pivot: Int8Array, eta: number, ftol: number, xbnd: number,
  p: Float64Array, x: Float64Array, f: number, alpha: number, gfull: Float64Array,
): { rc: number; alpha: number; f: number; fRaw: number } {
  const { n, xscale } = c;
  const temp = Float64Array.from(gfull);
  const tempgfull = new Float64Array(n);
  const newgfull = new Float64Array(n);
  let newfRaw = NaN;
  scaleg(temp, xscale, fscale);
  const gu = ddot1(temp, p);
  temp.set(x);
  project(temp, pivot);
  const xnorm = dnrm21(temp);

  const pe = dnrm21(p) + EPSMCH;
  const reltol = (RTEPS * (xnorm + 1)) / pe;
  const abstol = (-EPSMCH * (1 + Math.abs(f))) / (gu - EPSMCH);
  // The smallest spacing between points of the search.
  const tnytol = (EPSMCH * (xnorm + 1)) / pe;
  const rtsmll = EPSMCH;
  const big = 1 / (EPSMCH * EPSMCH);
  const maxlsit = 64;
  let itcnt = 0;
  const fpresn = ftol;
  const rmu = 1e-4;
  const st: Getptc = {
    reltol, abstol, u: alpha, fu: f, gu, xmin: alpha, fmin: f, gmin: 0, xw: 0, fw: 0, gw: 0, a: 0, b: 0,
    oldf: 0, b1: 0, scxbnd: 0, e: 0, step: 0, factor: 0, braktd: false, gtest1: 0, gtest2: 0, tol: 0,
  };
  let itest = getptcInit(st, tnytol, eta, rmu, xbnd);
  while (itest === GETPTC_EVAL) {
    if (++itcnt > maxlsit || c.nfeval() >= c.maxnfeval) break;
    const ualpha = st.xmin + st.u;
    for (let i = 0; i < n; i++) temp[i] = x[i]! + ualpha * p[i]!;
    const raw = c.evaluate(temp, tempgfull);
    st.fu = raw * fscale;
    temp.set(tempgfull);
    scaleg(temp, xscale, fscale);
    st.gu = ddot1(temp, p);
    itest = getptcIter(st, big, rtsmll, tnytol, fpresn, xbnd);
    if (st.xmin === ualpha) {
      newgfull.set(tempgfull);
      newfRaw = raw;
    }
  }
  if (itest === GETPTC_OK) {
    daxpy1(st.xmin, p, x);
    gfull.set(newgfull);
    return { rc: LS_OK, alpha: st.xmin, f: st.fmin, fRaw: newfRaw };
  }
  const rc = itcnt > maxlsit || itest !== GETPTC_EVAL ? LS_FAILED : LS_MAXFUN;
  return { rc, alpha: st.xmin, f, fRaw: NaN };
}

/** The end of both getptc phases in tnc.c: the step kept within the bound (which then moves
 * in a little), and the trial point u at least tol from the current one; asks for f there. */
function nextTrialPoint(st: Getptc, xbnd: number): number {
  if (st.step >= st.scxbnd) {
    st.step = st.scxbnd;
    st.scxbnd -= (st.reltol * Math.abs(xbnd) + st.abstol) / (1 + st.reltol);
  }
  st.u = st.step;
  if (Math.abs(st.step) < st.tol && st.step < 0) st.u = -st.tol;
  if (Math.abs(st.step) < st.tol && st.step >= 0) st.u = st.tol;
  return GETPTC_EVAL;
}

function getptcInit(st: Getptc, tnytol: number, eta: number, rmu: number, xbnd: number): number {
  if (st.u <= 0 || xbnd <= tnytol || st.gu > 0) return GETPTC_EINVAL;
  if (xbnd < st.abstol) st.abstol = xbnd;
  st.tol = st.abstol;
  // a and b bound the interval of uncertainty; xmin and xw are the points with the lowest and
  // second lowest values so far, all relative to the origin of the search.
  st.a = 0;
  st.xw = 0;
  st.xmin = 0;
  st.oldf = st.fu;
  st.fmin = st.fu;
  st.fw = st.fu;
  st.gw = st.gu;
  st.gmin = st.gu;
  st.step = st.u;
  st.factor = 5;
  st.braktd = false;
  st.scxbnd = xbnd;
  st.b = st.scxbnd + st.reltol * Math.abs(st.scxbnd) + st.abstol;
  st.e = st.b + st.b;
  st.b1 = st.b;
  st.gtest1 = -rmu * st.gu;
  st.gtest2 = -eta * st.gu;
  return nextTrialPoint(st, xbnd);
}

function getptcIter(st: Getptc, big: number, rtsmll: number, tnytol: number, fpresn: number, xbnd: number): number {
  let movedOrigin = false;
  if (st.fu <= st.fmin) {
    const chordu = st.oldf - (st.xmin + st.u) * st.gtest1;
    if (st.fu > chordu) {
      // Not a sufficient decrease: move the upper bound here, and make the interpolation bisect
      // or take the linear step to the root of f(α) = chord(α).
      const chordm = st.oldf - st.xmin * st.gtest1;
      st.gu = -st.gmin;
      let denom = chordm - st.fmin;
      if (Math.abs(denom) < 1e-15) {
        denom = 1e-15;
        if (chordm - st.fmin < 0) denom = -denom;
      }
      if (st.xmin !== 0) st.gu = (st.gmin * (chordu - st.fu)) / denom;
      st.fu = 0.5 * st.u * (st.gmin + st.gu) + st.fmin;
      if (st.fu < st.fmin) st.fu = st.fmin;
    } else {
      // A lower point: it becomes the origin.
      st.fw = st.fmin;
      st.fmin = st.fu;
      st.gw = st.gmin;
      st.gmin = st.gu;
      st.xmin += st.u;
      st.a -= st.u;
      st.b -= st.u;
      st.xw = -st.u;
      st.scxbnd -= st.u;
      if (st.gu <= 0) {
        st.a = 0;
      } else {
        st.b = 0;
        st.braktd = true;
      }
      st.tol = Math.abs(st.xmin) * st.reltol + st.abstol;
      movedOrigin = true;
    }
  }
  if (!movedOrigin) {
    // f increased: the origin stays, the new point may become w.
    if (st.u < 0) {
      st.a = st.u;
    } else {
      st.b = st.u;
      st.braktd = true;
    }
    st.xw = st.u;
    st.fw = st.fu;
    st.gw = st.gu;
  }

  let twotol = st.tol + st.tol;
  const xmidpt = 0.5 * (st.a + st.b);
  const convrg = Math.abs(xmidpt) <= twotol - 0.5 * (st.b - st.a)
    || (Math.abs(st.gmin) <= st.gtest2 && st.fmin < st.oldf && (Math.abs(st.xmin - xbnd) > st.tol || !st.braktd));
  if (convrg) {
    if (st.xmin !== 0) return GETPTC_OK;
    // No decrease yet: unless f's change is within its precision, shrink tol.
    if (Math.abs(st.oldf - st.fw) <= fpresn) return GETPTC_FAIL;
    st.tol = 0.1 * st.tol;
    if (st.tol < tnytol) return GETPTC_FAIL;
    st.reltol = 0.1 * st.reltol;
    st.abstol = 0.1 * st.abstol;
    twotol = 0.1 * twotol;
  }

  // A trial step: the minimum of the cubic through xmin and xw.
  let r = 0;
  let q = 0;
  let s = 0;
  if (Math.abs(st.e) > st.tol) {
    r = (3 * (st.fmin - st.fw)) / st.xw + st.gmin + st.gw;
    const absr = Math.abs(r);
    q = absr;
    let minimumFound = false;
    if (st.gw !== 0 && st.gmin !== 0) {
      // √(r² - gmin·gw) without underflow or overflow.
      const abgw = Math.abs(st.gw);
      const abgmin = Math.abs(st.gmin);
      s = Math.sqrt(abgmin) * Math.sqrt(abgw);
      if ((st.gw / abgw) * st.gmin > 0) {
        if (r >= s || r <= -s) {
          q = Math.sqrt(Math.abs(r + s)) * Math.sqrt(Math.abs(r - s));
        } else {
          r = 0;
          q = 0;
          minimumFound = true;
        }
      } else {
        // √(r² + s²).
        let sumsq = 1;
        let p = 0;
        let scale: number;
        if (absr >= s) {
          if (absr > rtsmll) p = absr * rtsmll;
          if (s >= p) {
            const value = s / absr;
            sumsq = 1 + value * value;
          }
          scale = absr;
        } else {
          if (s > rtsmll) p = s * rtsmll;
          if (absr >= p) {
            const value = absr / s;
            sumsq = 1 + value * value;
          }
          scale = s;
        }
        sumsq = Math.sqrt(sumsq);
        q = big;
        if (scale < big / sumsq) q = scale * sumsq;
      }
    }
    if (!minimumFound) {
      if (st.xw < 0) q = -q;
      s = st.xw * (st.gmin - r - q);
      q = st.gw - st.gmin + q + q;
      if (q > 0) s = -s;
      if (q <= 0) q = -q;
      r = st.e;
      if (st.b1 !== st.step || st.braktd) st.e = st.step;
    }
  }

  // An artificial bound on the step.
  let a1 = st.a;
  st.b1 = st.b;
  st.step = xmidpt;
  if (!st.braktd || (st.a === 0 && st.xw < 0) || (st.b === 0 && st.xw > 0)) {
    if (st.braktd) {
      // The minimum is not bracketed by 0 and xw: the step lies within (a1, b1).
      const d1 = st.xw;
      let d2 = st.a;
      if (st.a === 0) d2 = st.b;
      st.u = -d1 / d2;
      st.step = (5 * d2 * (0.1 + 1 / st.u)) / 11;
      if (st.u < 1) st.step = 0.5 * d2 * Math.sqrt(st.u);
    } else {
      st.step = -st.factor * st.xw;
      if (st.step > st.scxbnd) st.step = st.scxbnd;
      if (st.step !== st.scxbnd) st.factor = 5 * st.factor;
    }
    if (st.step <= 0) a1 = st.step;
    if (st.step > 0) st.b1 = st.step;
  }

  // The cubic's step, unless outside the interval or more than half the step before last.
  if (Math.abs(s) <= Math.abs(0.5 * q * r) || s <= q * a1 || s >= q * st.b1) {
    st.e = st.b - st.a;
  } else {
    st.step = s / q;
    // Not too close to a or b.
    if (st.step - st.a < twotol || st.b - st.step < twotol) st.step = xmidpt <= 0 ? -st.tol : st.tol;
  }

  return nextTrialPoint(st, xbnd);
}

// ---- Bounds, scaling and the active set ----

function coercex(x: Float64Array, low: Float64Array, up: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < low[i]!) x[i] = low[i]!;
    else if (x[i]! > up[i]!) x[i] = up[i]!;
  }
}

function unscalex(x: Float64Array, xscale: Float64Array, xoffset: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * xscale[i]! + xoffset[i]!;
}

function scalex(x: Float64Array, xscale: Float64Array, xoffset: Float64Array): void {
  for (let i = 0; i < x.length; i++) if (xscale[i]! > 0) x[i] = (x[i]! - xoffset[i]!) / xscale[i]!;
}

function scaleg(g: Float64Array, xscale: Float64Array, fscale: number): void {
  for (let i = 0; i < g.length; i++) g[i] = g[i]! * (xscale[i]! * fscale);
}

/** The active set at x: -1 at the lower bound, 1 at the upper (within 10ε(|bound| + 1)), 2 fixed. */
function setConstraints(x: Float64Array, pivot: Int8Array, xscale: Float64Array, xoffset: Float64Array, low: Float64Array, up: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (xscale[i] === 0) {
      pivot[i] = 2;
    } else if (low[i] !== -Infinity && x[i]! * xscale[i]! + xoffset[i]! - low[i]! <= EPSMCH * 10 * (Math.abs(low[i]!) + 1)) {
      pivot[i] = -1;
    } else if (up[i] !== Infinity && x[i]! * xscale[i]! + xoffset[i]! - up[i]! >= EPSMCH * 10 * (Math.abs(up[i]!) + 1)) {
      pivot[i] = 1;
    } else {
      pivot[i] = 0;
    }
  }
}

/** Zeroes the entries of the active (or fixed) variables. */
function project(x: Float64Array, pivot: Int8Array): void {
  for (let i = 0; i < x.length; i++) if (pivot[i] !== 0) x[i] = 0;
}

/** The longest step along dir from x, at most `step`, that keeps the free variables in bounds. */
function stepMax(
  step: number, x: Float64Array, dir: Float64Array, pivot: Int8Array,
  low: Float64Array, up: Float64Array, xscale: Float64Array, xoffset: Float64Array,
): number {
  for (let i = 0; i < x.length; i++) {
    if (pivot[i] === 0 && dir[i] !== 0) {
      if (dir[i]! < 0) {
        const t = (low[i]! - xoffset[i]!) / xscale[i]! - x[i]!;
        if (t > step * dir[i]!) step = t / dir[i]!;
      } else {
        const t = (up[i]! - xoffset[i]!) / xscale[i]! - x[i]!;
        if (t < step * dir[i]!) step = t / dir[i]!;
      }
    }
  }
  return step;
}

/** Activates the bounds that the free variables moving along p have reached (x put exactly on
 * them); true if any. */
function addConstraint(
  x: Float64Array, p: Float64Array, pivot: Int8Array,
  low: Float64Array, up: Float64Array, xscale: Float64Array, xoffset: Float64Array,
): boolean {
  let newcon = false;
  for (let i = 0; i < x.length; i++) {
    if (pivot[i] !== 0 || p[i] === 0) continue;
    if (p[i]! < 0 && low[i] !== -Infinity) {
      const tol = EPSMCH * 10 * (Math.abs(low[i]!) + 1);
      if (x[i]! * xscale[i]! + xoffset[i]! - low[i]! <= tol) {
        pivot[i] = -1;
        x[i] = (low[i]! - xoffset[i]!) / xscale[i]!;
        newcon = true;
      }
    } else if (up[i] !== Infinity) {
      const tol = EPSMCH * 10 * (Math.abs(up[i]!) + 1);
      if (up[i]! - (x[i]! * xscale[i]! + xoffset[i]!) <= tol) {
        pivot[i] = 1;
        x[i] = (up[i]! - xoffset[i]!) / xscale[i]!;
        newcon = true;
      }
    }
  }
  return newcon;
}

/** Frees the last bound whose multiplier has the wrong sign (the gradient points into the box),
 * unless the last step decreased f well and the projected gradient is still large. */
function removeConstraint(gtpnew: number, gnorm: number, pgtolfs: number, f: number, fLastConstraint: number, g: Float64Array, pivot: Int8Array): boolean {
  if (fLastConstraint - f <= gtpnew * -0.5 && gnorm > pgtolfs) return false;
  let imax = -1;
  let cmax = 0;
  for (let i = 0; i < g.length; i++) {
    if (pivot[i] === 2) continue;
    const t = -pivot[i]! * g[i]!;
    if (t < cmax) {
      cmax = t;
      imax = i;
    }
  }
  if (imax === -1) return false;
  pivot[imax] = 0;
  return true;
}

// ---- tnc.c's BLAS-like loops (their order of operations) ----

function ddot1(dx: Float64Array, dy: Float64Array): number {
  let dtemp = 0;
  for (let i = 0; i < dx.length; i++) dtemp += dy[i]! * dx[i]!;
  return dtemp;
}

/** dy += da·dx. */
function daxpy1(da: number, dx: Float64Array, dy: Float64Array): void {
  for (let i = 0; i < dx.length; i++) dy[i] = dy[i]! + da * dx[i]!;
}

/** The Euclidean norm, scaled by the largest entry as it goes (LINPACK's dnrm2). */
function dnrm21(dx: Float64Array): number {
  let dssq = 1;
  let dscale = 0;
  for (let i = 0; i < dx.length; i++) {
    if (dx[i] !== 0) {
      const dabsxi = Math.abs(dx[i]!);
      if (dscale < dabsxi) {
        const ratio = dscale / dabsxi;
        dssq = 1 + dssq * ratio * ratio;
        dscale = dabsxi;
      } else {
        const ratio = dabsxi / dscale;
        dssq += ratio * ratio;
      }
    }
  }
  return dscale * Math.sqrt(dssq);
}
