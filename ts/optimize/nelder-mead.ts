// The Nelder-Mead simplex method with scipy's documented semantics: reflection 1, expansion 2,
// contraction 0.5, shrink 0.5 (or, with `adaptive`, the dimension-dependent coefficients of Gao and
// Han, "Implementing the Nelder-Mead simplex algorithm with adaptive parameters", 2012); the
// initial simplex moves each coordinate by 5% (0.00025 when it is zero); it stops when every vertex
// is within xatol of the best in every coordinate and every value within fatol of the best. With
// bounds, vertices are kept inside them (a first simplex vertex past an upper bound is reflected
// back, every trial point is clipped). Only values of f are used, never its gradient. A NaN value
// stays NaN, as in scipy: it sorts last (numpy's argsort), loses every comparison, and makes the
// reported minimum NaN (np.min of the final values).

import { STATUS_MESSAGE as M } from './status-messages';

export interface NelderMeadSettings {
  readonly xatol: number;
  readonly fatol: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly adaptive: boolean;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, evaluations: number) => boolean;
}

export const NELDER_MEAD_MESSAGES = { 0: M.success, 1: M.maxfev, 2: M.maxiter, 99: M.stopped } as const;

export interface NelderMeadOutcome {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: keyof typeof NELDER_MEAD_MESSAGES;
  readonly message: string;
}

export function nelderMead(value: (x: Float64Array) => number, x0: Float64Array, s: NelderMeadSettings): NelderMeadOutcome {
  const n = x0.length;
  const [rho, chi, psi, sigma] = s.adaptive ? [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n] : [1, 2, 0.5, 0.5];
  const clip = (x: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) x[i] = Math.min(s.upper[i]!, Math.max(s.lower[i]!, x[i]!));
    return x;
  };
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    return value(x);
  };

  const sim: Float64Array[] = [Float64Array.from(x0)];
  for (let k = 0; k < n; k++) {
    const y = Float64Array.from(x0);
    y[k] = y[k] !== 0 ? 1.05 * y[k]! : 0.00025;
    if (y[k]! > s.upper[k]!) y[k] = 2 * s.upper[k]! - y[k]!;
    sim.push(clip(y));
  }
  let fsim = sim.map(evaluate);
  const sort = () => {
    // numpy's argsort: ascending, NaN last, ties in their order (a stable sort at these sizes).
    const order = fsim.map((_, i) => i).sort((a, b) => ascendingNaNLast(fsim[a]!, fsim[b]!));
    const sorted = order.map((i) => sim[i]!);
    const fsorted = order.map((i) => fsim[i]!);
    sim.splice(0, sim.length, ...sorted);
    fsim = fsorted;
  };
  sort();
  const combine = (a: number, p: Float64Array, b: number, q: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a * p[i]! + b * q[i]!;
    return clip(out);
  };

  let iterations = 1;
  // (np.min(fsim): the first vertex's value, or NaN when any value is NaN.)
  const done = (status: keyof typeof NELDER_MEAD_MESSAGES): NelderMeadOutcome =>
    ({ x: sim[0]!, f: Math.min(...fsim), iterations, evaluations, status, message: NELDER_MEAD_MESSAGES[status] });
  while (evaluations < s.maxEvaluations && iterations < s.maxIterations) {
    let xSpread = 0;
    let fSpread = 0;
    for (let j = 1; j <= n; j++) {
      for (let i = 0; i < n; i++) xSpread = Math.max(xSpread, Math.abs(sim[j]![i]! - sim[0]![i]!));
      fSpread = Math.max(fSpread, Math.abs(fsim[0]! - fsim[j]!));
    }
    if (xSpread <= s.xatol && fSpread <= s.fatol) break;

    // scipy's np.add.reduce(sim[:-1], 0) / N: the vertices summed row after row, then divided.
    const xbar = new Float64Array(n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) xbar[i]! += sim[j]![i]!;
    for (let i = 0; i < n; i++) xbar[i]! /= n;
    const worst = sim[n]!;
    const xr = combine(1 + rho, xbar, -rho, worst);
    const fxr = evaluate(xr);
    let shrink = false;
    if (fxr < fsim[0]!) {
      const xe = combine(1 + rho * chi, xbar, -rho * chi, worst);
      const fxe = evaluate(xe);
      if (fxe < fxr) { sim[n] = xe; fsim[n] = fxe; } else { sim[n] = xr; fsim[n] = fxr; }
    } else if (fxr < fsim[n - 1]!) {
      sim[n] = xr; fsim[n] = fxr;
    } else if (fxr < fsim[n]!) {
      // Outside contraction.
      const xc = combine(1 + psi * rho, xbar, -psi * rho, worst);
      const fxc = evaluate(xc);
      if (fxc <= fxr) { sim[n] = xc; fsim[n] = fxc; } else shrink = true;
    } else {
      // Inside contraction.
      const xcc = combine(1 - psi, xbar, psi, worst);
      const fxcc = evaluate(xcc);
      if (fxcc < fsim[n]!) { sim[n] = xcc; fsim[n] = fxcc; } else shrink = true;
    }
    if (shrink) {
      for (let j = 1; j <= n; j++) {
        // scipy's sim[0] + sigma·(sim[j] - sim[0]).
        const best = sim[0]!;
        sim[j] = clip(sim[j]!.map((v, i) => best[i]! + sigma * (v - best[i]!)));
        fsim[j] = evaluate(sim[j]!);
      }
    }
    iterations++;
    sort();
    if (s.onIteration && s.onIteration(iterations, sim[0]!, fsim[0]!, evaluations) === false) return done(99);
  }
  if (evaluations >= s.maxEvaluations) return done(1);
  if (iterations >= s.maxIterations) return done(2);
  return done(0);
}

/** a before b (negative), after (positive) or tied (0) in numpy's order: ascending, NaN last. */
function ascendingNaNLast(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
