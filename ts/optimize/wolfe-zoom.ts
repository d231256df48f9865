// The strong Wolfe line search of Nocedal and Wright (Numerical Optimization, algorithms 3.5 and
// 3.6: steps doubled until a bracket, then "zoom" by cubic, quadratic or bisection steps) as scipy
// 1.17 runs it in scalar_search_wolfe2 (_linesearch.py), step for step: scipy's fallback when
// dcsrch (dcsrch.ts) finds no step, with its caps (10 doublings, 10 zoom steps), its
// interpolation checks, and an extra acceptance condition the caller may add.
// Plain numbers; this file knows nothing about tensors.

import { pyMin } from './python-minmax';

export interface WolfeZoomSettings {
  readonly c1: number;
  readonly c2: number;
  /** The largest step, or null for none. */
  readonly amax: number | null;
  /** Doublings of the step before the search gives up: scipy's maxiter, 10. */
  readonly maxIterations: number;
}

export interface WolfeZoomResult {
  /** The step, or null when the search failed. When the doublings run out it is the last step
   * tried, with `slope` null: scipy returns that step as found. */
  readonly step: number | null;
  /** φ(step) (φ(0) when the search failed at once). */
  readonly value: number | null;
  /** φ(0): scipy's old_fval (`oldPhi0` when the step went to 0). */
  readonly phi0: number | null;
  /** φ'(step), or null when the step does not meet the conditions. */
  readonly slope: number | null;
}

/** The first trial step of both of scipy's Wolfe searches: the step that would reduce φ as much
 * as the previous iteration reduced f, at most 1 (1 when there is no previous value). */
export function firstTrialStep(phi0: number, oldPhi0: number | null, derphi0: number): number {
  if (oldPhi0 === null || derphi0 === 0) return 1.0;
  return pyMin(1.0, (1.01 * 2 * (phi0 - oldPhi0)) / derphi0);
}

/**
 * Searches from φ(0) = `phi0` with slope `derphi0` < 0. `accept(α, φ(α))` is the caller's extra
 * condition, asked only at steps meeting both Wolfe conditions (φ'(α) was evaluated just before).
 */
export function wolfeZoom(
  phi: (alpha: number) => number,
  derphi: (alpha: number) => number,
  phi0: number,
  oldPhi0: number | null,
  derphi0: number,
  s: WolfeZoomSettings,
  accept: (alpha: number, value: number) => boolean = () => true,
): WolfeZoomResult {
  const { c1, c2, amax } = s;
  let alpha0 = 0;
  let alpha1 = firstTrialStep(phi0, oldPhi0, derphi0);
  if (alpha1 < 0) alpha1 = 1.0;
  if (amax !== null) alpha1 = pyMin(alpha1, amax);

  let phiA1 = phi(alpha1);
  let phiA0 = phi0;
  let derphiA0 = derphi0;
  for (let i = 0; i < s.maxIterations; i++) {
    // A step of 0 (rounding) or past amax: no step.
    if (alpha1 === 0 || (amax !== null && alpha0 > amax)) return { step: null, value: phi0, phi0: oldPhi0, slope: null };
    if (phiA1 > phi0 + c1 * alpha1 * derphi0 || (phiA1 >= phiA0 && i > 0)) {
      return zoom(alpha0, alpha1, phiA0, phiA1, derphiA0, phi, derphi, phi0, derphi0, c1, c2, accept);
    }
    const derphiA1 = derphi(alpha1);
    if (Math.abs(derphiA1) <= -c2 * derphi0 && accept(alpha1, phiA1)) {
      return { step: alpha1, value: phiA1, phi0, slope: derphiA1 };
    }
    if (derphiA1 >= 0) return zoom(alpha1, alpha0, phiA1, phiA0, derphiA1, phi, derphi, phi0, derphi0, c1, c2, accept);
    let alpha2 = 2 * alpha1;
    if (amax !== null) alpha2 = pyMin(alpha2, amax);
    alpha0 = alpha1;
    alpha1 = alpha2;
    phiA0 = phiA1;
    phiA1 = phi(alpha1);
    derphiA0 = derphiA1;
  }
  // The doublings ran out: scipy returns the last step without its slope.
  return { step: alpha1, value: phiA1, phi0, slope: null };
}

/** Algorithm 3.6: shrinks [aLo, aHi] (aLo the best step so far) to a step meeting the conditions. */
function zoom(
  aLo: number, aHi: number, phiLo: number, phiHi: number, derphiLo: number,
  phi: (alpha: number) => number, derphi: (alpha: number) => number,
  phi0: number, derphi0: number, c1: number, c2: number,
  accept: (alpha: number, value: number) => boolean,
): WolfeZoomResult {
  const maxIterations = 10;
  const cubicCheck = 0.2;
  const quadraticCheck = 0.1;
  // The previous aHi (or aLo), the third point of the cubic.
  let phiRec = phi0;
  let aRec = 0;
  for (let i = 0; ; ) {
    const dalpha = aHi - aLo;
    const [a, b] = dalpha < 0 ? [aHi, aLo] : [aLo, aHi];
    // The cubic's minimizer (after the first step), unless it falls within 0.2 of the interval's
    // width of an end; then the quadratic's, unless within 0.1; then the midpoint.
    let aj: number | null = null;
    let cchk = 0;
    if (i > 0) {
      cchk = cubicCheck * dalpha;
      aj = cubicMinimizer(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec);
    }
    if (i === 0 || aj === null || aj > b - cchk || aj < a + cchk) {
      const qchk = quadraticCheck * dalpha;
      aj = quadraticMinimizer(aLo, phiLo, derphiLo, aHi, phiHi);
      if (aj === null || aj > b - qchk || aj < a + qchk) aj = aLo + 0.5 * dalpha;
    }

    const phiAj = phi(aj);
    if (phiAj > phi0 + c1 * aj * derphi0 || phiAj >= phiLo) {
      phiRec = phiHi;
      aRec = aHi;
      aHi = aj;
      phiHi = phiAj;
    } else {
      const derphiAj = derphi(aj);
      if (Math.abs(derphiAj) <= -c2 * derphi0 && accept(aj, phiAj)) return { step: aj, value: phiAj, phi0, slope: derphiAj };
      if (derphiAj * (aHi - aLo) >= 0) {
        phiRec = phiHi;
        aRec = aHi;
        aHi = aLo;
        phiHi = phiLo;
      } else {
        phiRec = phiLo;
        aRec = aLo;
      }
      aLo = aj;
      phiLo = phiAj;
      derphiLo = derphiAj;
    }
    i++;
    if (i > maxIterations) return { step: null, value: null, phi0, slope: null };
  }
}

/** Thrown by `checked`: numpy raised a floating-point error, and scipy returns None. */
const RAISED = Symbol('floating-point error');

/** `result` of an operation on `operands`, as numpy computes it under errstate(divide, over,
 * invalid = 'raise'): an infinite or NaN result from finite operands (overflow, division by zero,
 * 0/0, √ of a negative), or a NaN from operands without one (∞ - ∞, 0·∞), raises. */
function checked(result: number, ...operands: number[]): number {
  if (!Number.isFinite(result) && operands.every(Number.isFinite)) throw RAISED;
  if (Number.isNaN(result) && !operands.some(Number.isNaN)) throw RAISED;
  return result;
}

/** `f()`, or null when it raised. */
function orNull(f: () => number): number | null {
  try {
    const x = f();
    return Number.isFinite(x) ? x : null;
  } catch (e) {
    if (e === RAISED) return null;
    throw e;
  }
}

/**
 * The minimizer of the cubic A(x-a)³ + B(x-a)² + C(x-a) + D through (a, fa), (b, fb) and (c, fc)
 * with slope fpa at a, or null where it is not finite or numpy raises on the way (scipy's _cubicmin).
 */
function cubicMinimizer(a: number, fa: number, fpa: number, b: number, fb: number, c: number, fc: number): number | null {
  const $ = checked;
  return orNull(() => {
    const C = fpa;
    const db = $(b - a, b, a);
    const dc = $(c - a, c, a);
    const dbdc = $(db * dc, db, dc);
    const dbdc2 = $(dbdc * dbdc, dbdc);
    const denom = $(dbdc2 * $(db - dc, db, dc), dbdc2, db - dc);
    // [A, B] = [[dc², -db²], [-dc³, db³]] · [fb - fa - C db, fc - fa - C dc] / denom
    const dc2 = $(dc * dc, dc);
    const db2 = $(db * db, db);
    const dc3 = $(Math.pow(dc, 3), dc);
    const db3 = $(Math.pow(db, 3), db);
    const u = $($(fb - fa, fb, fa) - $(C * db, C, db), fb - fa, C * db);
    const v = $($(fc - fa, fc, fa) - $(C * dc, C, dc), fc - fa, C * dc);
    const numeratorA = $($(dc2 * u, dc2, u) + $(-db2 * v, db2, v), dc2 * u, -db2 * v);
    const numeratorB = $($(-dc3 * u, dc3, u) + $(db3 * v, db3, v), -dc3 * u, db3 * v);
    const A = $(numeratorA / denom, numeratorA, denom);
    const B = $(numeratorB / denom, numeratorB, denom);
    const radical = $($(B * B, B) - $($(3 * A, A) * C, 3 * A, C), B * B, 3 * A * C);
    const root = $(Math.sqrt(radical), radical);
    const step = $($(-B + root, B, root) / $(3 * A, A), -B + root, 3 * A);
    return $(a + step, a, step);
  });
}

/** The minimizer of the quadratic B(x-a)² + C(x-a) + D through (a, fa) and (b, fb) with slope fpa
 * at a, or null as for cubicMinimizer (scipy's _quadmin). */
function quadraticMinimizer(a: number, fa: number, fpa: number, b: number, fb: number): number | null {
  const $ = checked;
  return orNull(() => {
    const D = fa;
    const C = fpa;
    const db = $(b - a * 1.0, b, a);
    const db2 = $(db * db, db);
    const numerator = $($(fb - D, fb, D) - $(C * db, C, db), fb - D, C * db);
    const B = $(numerator / db2, numerator, db2);
    const twoB = $(2.0 * B, B);
    const step = $(C / twoB, C, twoB);
    return $(a - step, a, step);
  });
}
