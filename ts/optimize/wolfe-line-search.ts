// The line search scipy's CG and Newton-CG use (_line_search_wolfe12 in scipy 1.17's _optimize.py):
// along pk from xk, dcsrch (dcsrch.ts, scipy's line_search_wolfe1) and, when it finds no step or
// the caller's extra condition rejects its step, the Nocedal-Wright search (wolfe-zoom.ts,
// line_search_wolfe2). Trial points are xk + α pk, entry by entry as numpy forms them, and go
// through the caller's ScalarFunction, which counts the evaluations as scipy does.

import { dcsrch } from './dcsrch';
import type { ScalarFunction } from './scalar-function';
import { dot } from './vector';
import { firstTrialStep, wolfeZoom } from './wolfe-zoom';

export interface WolfeSearchSettings {
  readonly c1: number;
  readonly c2: number;
  /** dcsrch's step limits (scipy's amin and amax). */
  readonly amin: number;
  readonly amax: number;
  /** The fallback search's largest step: null for none (Newton-CG passes no amax on to it). */
  readonly fallbackAmax: number | null;
}

export interface WolfeStep {
  readonly step: number;
  /** f at xk + step·pk. */
  readonly value: number;
  /** ∇f at xk + step·pk, or null when the fallback search ran out of doublings (scipy then
   * returns the last step it tried without a gradient). */
  readonly gradient: Float64Array | null;
}

/** A step along `pk` from `xk` (where f is `fk`, the gradient `gk`; `fPrevious` is f at the
 * previous iterate or null), or null when neither search finds one. `accept(α, x, f, g)` is the
 * caller's extra condition on a step meeting the strong Wolfe conditions. */
export function wolfeLineSearch(
  sf: ScalarFunction,
  xk: Float64Array,
  pk: Float64Array,
  gk: Float64Array,
  fk: number,
  fPrevious: number | null,
  s: WolfeSearchSettings,
  accept?: (alpha: number, x: Float64Array, f: number, g: Float64Array) => boolean,
): WolfeStep | null {
  const n = xk.length;
  const at = (alpha: number): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = xk[i]! + alpha * pk[i]!;
    return x;
  };
  const phi = (alpha: number) => sf.value(at(alpha));
  const slope0 = dot(gk, pk);

  // line_search_wolfe1: the gradient of the last trial step is the one at the step returned.
  let gradient = gk;
  const derphi = (alpha: number) => {
    gradient = sf.gradient(at(alpha));
    return dot(gradient, pk);
  };
  let alpha1 = firstTrialStep(fk, fPrevious, slope0);
  if (alpha1 < 0) alpha1 = 1.0;
  const first = dcsrch(phi, derphi, fk, slope0, alpha1, { c1: s.c1, c2: s.c2, xtol: 1e-14, stpmin: s.amin, stpmax: s.amax, maxIterations: 100 });
  if (first.step !== null && (accept === undefined || accept(first.step, at(first.step), first.value, gradient))) {
    return { step: first.step, value: first.value, gradient };
  }

  // line_search_wolfe2, which remembers where its last gradient was taken.
  let lastGradient: Float64Array | null = null;
  let lastGradientAt: number | null = null;
  const derphi2 = (alpha: number) => {
    lastGradient = sf.gradient(at(alpha));
    lastGradientAt = alpha;
    return dot(lastGradient, pk);
  };
  const accept2 = accept && ((alpha: number, value: number) => {
    if (lastGradientAt !== alpha) derphi2(alpha);
    return accept(alpha, at(alpha), value, lastGradient!);
  });
  const second = wolfeZoom(phi, derphi2, fk, fPrevious, slope0, { c1: s.c1, c2: s.c2, amax: s.fallbackAmax, maxIterations: 10 }, accept2);
  if (second.step === null) return null;
  return { step: second.step, value: second.value!, gradient: second.slope === null ? null : lastGradient };
}
