// L-BFGS-B as Byrd, Lu, Nocedal and Zhu published it ("A limited memory algorithm for bound
// constrained optimization", SIAM J. Sci. Comput. 16, 1995): the compact limited-memory BFGS
// matrix B = θI - W M Wᵀ (section 3), the generalized Cauchy point along the projected steepest
// descent path (section 4, algorithm CP), subspace minimization over the free variables by the
// direct primal method (section 5.1) with the authors' v3.0 change (Morales and Nocedal, "Remark
// on algorithm 778", ACM TOMS 38, 2011: the Newton step projected onto the box when it leaves no
// bound or is still a descent direction, else the paper's step truncated to stay feasible), and a
// Moré-Thuente line search. Without bounds it is plain L-BFGS. Termination as the authors' code and scipy: the
// projected gradient's largest entry <= pgtol, or a relative reduction of f <= ftol.
// Written from the paper; this file knows nothing about tensors.

import { moreThuente } from './line-search';
import { dot } from './vector';

const EPSILON = 2.220446049250313e-16;

export interface LbfgsbSettings {
  /** The number of correction pairs kept (scipy's maxcor). */
  readonly historySize: number;
  readonly gtol: number;
  readonly ftol: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, projectedGradientNorm: number, evaluations: number) => boolean;
}

export interface OptimizeOutcome {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: number;
  readonly message: string;
}

/** Objective and gradient at x. */
export type ValueAndGradient = (x: Float64Array) => [number, Float64Array];

/** The largest entry of the projected gradient P(x - g) - x, the first-order optimality measure. */
export function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    let gi = g[i]!;
    if (gi < 0) gi = Math.max(x[i]! - upper[i]!, gi);
    else if (gi > 0) gi = Math.min(x[i]! - lower[i]!, gi);
    norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

/** Solves A X = B for a small dense square A (row-major, k×k) by Gaussian elimination with partial
 * pivoting; B has `columns` columns (row-major). Returns null when A is singular. */
function solveDense(a: Float64Array, b: Float64Array, k: number, columns: number): Float64Array | null {
  const A = Float64Array.from(a);
  const X = Float64Array.from(b);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(A[r * k + col]!) > Math.abs(A[pivot * k + col]!)) pivot = r;
    const p = A[pivot * k + col]!;
    if (p === 0 || !Number.isFinite(p)) return null;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) { const t = A[col * k + c]!; A[col * k + c] = A[pivot * k + c]!; A[pivot * k + c] = t; }
      for (let c = 0; c < columns; c++) { const t = X[col * columns + c]!; X[col * columns + c] = X[pivot * columns + c]!; X[pivot * columns + c] = t; }
    }
    for (let r = col + 1; r < k; r++) {
      const factor = A[r * k + col]! / p;
      if (factor === 0) continue;
      for (let c = col; c < k; c++) A[r * k + c]! -= factor * A[col * k + c]!;
      for (let c = 0; c < columns; c++) X[r * columns + c]! -= factor * X[col * columns + c]!;
    }
  }
  for (let col = k - 1; col >= 0; col--) {
    const p = A[col * k + col]!;
    for (let c = 0; c < columns; c++) {
      let v = X[col * columns + c]!;
      for (let j = col + 1; j < k; j++) v -= A[col * k + j]! * X[j * columns + c]!;
      X[col * columns + c] = v / p;
    }
  }
  for (const v of X) if (!Number.isFinite(v)) return null;
  return X;
}

/** The limited-memory matrix B = θI - W M Wᵀ with W = [Y, θS] (n×2k) and M (2k×2k). */
export class CompactBfgs {
  readonly s: Float64Array[] = [];
  readonly y: Float64Array[] = [];
  theta = 1;
  /** M, row-major 2k×2k. */
  m: Float64Array = new Float64Array(0);

  constructor(readonly n: number, readonly capacity: number) {}

  get k(): number { return this.s.length; }

  reset(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.theta = 1;
    this.m = new Float64Array(0);
  }

  /** Adds the pair (s, y) (s·y > 0) and rebuilds M; false when M cannot be formed (the memory is
   * then reset to B = I). */
  push(s: Float64Array, y: Float64Array): boolean {
    if (this.s.length === this.capacity) { this.s.shift(); this.y.shift(); }
    this.s.push(s);
    this.y.push(y);
    this.theta = dot(y, y) / dot(s, y);
    const k = this.k;
    const size = 2 * k;
    // [[-D, Lᵀ], [L, θ SᵀS]] with D = diag(sᵢ·yᵢ), L = (sᵢ·yⱼ) for i > j.
    const middle = new Float64Array(size * size);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const sy = dot(this.s[i]!, this.y[j]!);
        if (i === j) middle[i * size + j] = -sy;
        if (i > j) {
          middle[(k + i) * size + j] = sy; // L
          middle[j * size + k + i] = sy; // Lᵀ
        }
        middle[(k + i) * size + k + j] = this.theta * dot(this.s[i]!, this.s[j]!);
      }
    }
    const identity = new Float64Array(size * size);
    for (let i = 0; i < size; i++) identity[i * size + i] = 1;
    const inverse = solveDense(middle, identity, size, size);
    if (inverse === null) {
      this.reset();
      return false;
    }
    this.m = inverse;
    return true;
  }

  /** Row i of W: [y₀[i], ..., y_{k-1}[i], θ s₀[i], ..., θ s_{k-1}[i]]. */
  row(i: number, out: Float64Array): Float64Array {
    const k = this.k;
    for (let j = 0; j < k; j++) {
      out[j] = this.y[j]![i]!;
      out[k + j] = this.theta * this.s[j]![i]!;
    }
    return out;
  }

  /** Wᵀ v. */
  wt(v: Float64Array): Float64Array {
    const k = this.k;
    const out = new Float64Array(2 * k);
    for (let j = 0; j < k; j++) {
      out[j] = dot(this.y[j]!, v);
      out[k + j] = this.theta * dot(this.s[j]!, v);
    }
    return out;
  }

  /** M v. */
  mv(v: Float64Array): Float64Array {
    const size = 2 * this.k;
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let t = 0;
      for (let j = 0; j < size; j++) t += this.m[i * size + j]! * v[j]!;
      out[i] = t;
    }
    return out;
  }
}

/**
 * The generalized Cauchy point: the first local minimizer of the quadratic model along the
 * projected steepest descent path x(t) = P(x - t g). Returns x^c and c = Wᵀ(x^c - x).
 */
export function cauchyPoint(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, B: CompactBfgs): { xc: Float64Array; c: Float64Array } {
  const n = x.length;
  const size = 2 * B.k;
  const breakpoints = new Float64Array(n);
  const d = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    let t = Infinity;
    if (gi < 0 && upper[i]! < Infinity) t = (x[i]! - upper[i]!) / gi;
    else if (gi > 0 && lower[i]! > -Infinity) t = (x[i]! - lower[i]!) / gi;
    breakpoints[i] = t;
    d[i] = t === 0 ? 0 : -gi;
    if (t > 0 && t < Infinity) order.push(i);
  }
  order.sort((a, b) => breakpoints[a]! - breakpoints[b]!);

  const xc = Float64Array.from(x);
  const p = B.wt(d);
  const c = new Float64Array(size);
  let fp = -dot(d, d);
  let fpp = -B.theta * fp - dot(p, B.mv(p));
  const fppFloor = EPSILON * fpp;
  let dtMin = -fp / fpp;
  let tOld = 0;
  const w = new Float64Array(size);
  let next = 0;
  for (; next < order.length; next++) {
    const b = order[next]!;
    const t = breakpoints[b]!;
    const dt = t - tOld;
    if (dtMin < dt) break;
    // The path reaches variable b's bound: fix it there and update f', f'' and p.
    xc[b] = d[b]! > 0 ? upper[b]! : lower[b]!;
    const zb = xc[b]! - x[b]!;
    const gb = g[b]!;
    for (let j = 0; j < size; j++) c[j]! += dt * p[j]!;
    B.row(b, w);
    const Mw = B.mv(w);
    fp += dt * fpp + gb * gb + B.theta * gb * zb - gb * dot(Mw, c);
    fpp -= B.theta * gb * gb + 2 * gb * dot(Mw, p) + gb * gb * dot(Mw, w);
    fpp = Math.max(fppFloor, fpp);
    for (let j = 0; j < size; j++) p[j]! += gb * w[j]!;
    d[b] = 0;
    dtMin = -fp / fpp;
    tOld = t;
  }
  dtMin = Math.max(dtMin, 0);
  tOld += dtMin;
  // Every variable still moving stops at tOld.
  for (let i = 0; i < n; i++) if (d[i] !== 0) xc[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + tOld * d[i]!));
  for (let j = 0; j < size; j++) c[j]! += dtMin * p[j]!;
  return { xc, c };
}

/**
 * Minimizes the model over the variables free at the Cauchy point (the direct primal method):
 * the reduced Newton step by the Sherman-Morrison-Woodbury formula, truncated to stay inside the
 * bounds. Returns x̄.
 */
export function subspaceMinimum(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, B: CompactBfgs, xc: Float64Array, c: Float64Array): Float64Array {
  const n = x.length;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (xc[i]! > lower[i]! && xc[i]! < upper[i]!) free.push(i);
  if (free.length === 0) return xc;
  const k = B.k;
  const size = 2 * k;
  const theta = B.theta;
  // Reduced gradient rᶜ = Zᵀ(g + θ(xᶜ - x) - W M c).
  const Mc = B.mv(c);
  const w = new Float64Array(size);
  const r = new Float64Array(free.length);
  const wtzr = new Float64Array(size);
  const A = new Float64Array(size * size); // Wᵀ Z Zᵀ W
  free.forEach((i, f) => {
    B.row(i, w);
    r[f] = g[i]! + theta * (xc[i]! - x[i]!) - dot(w, Mc);
    for (let a = 0; a < size; a++) {
      wtzr[a]! += w[a]! * r[f]!;
      for (let b = 0; b < size; b++) A[a * size + b]! += w[a]! * w[b]!;
    }
  });
  let v: Float64Array = new Float64Array(0);
  if (size > 0) {
    // v = (I - M A / θ)⁻¹ M Wᵀ Z r.
    const Mv = B.mv(wtzr);
    const N = new Float64Array(size * size);
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) {
        let t = 0;
        for (let j = 0; j < size; j++) t += B.m[a * size + j]! * A[j * size + b]!;
        N[a * size + b] = (a === b ? 1 : 0) - t / theta;
      }
    }
    const solved = solveDense(N, Mv, size, 1);
    v = solved ?? new Float64Array(size);
  }
  // dᵘ = -r/θ - Zᵀ W v / θ².
  const du = new Float64Array(free.length);
  free.forEach((i, f) => {
    let t = 0;
    if (size > 0) { B.row(i, w); t = dot(w, v); }
    du[f] = -r[f]! / theta - t / (theta * theta);
  });
  // v3.0's step (Morales and Nocedal, 2011): xᶜ + dᵘ projected onto the box, kept when it leaves no
  // bound or is still a descent direction from x.
  const projected = Float64Array.from(xc);
  let hitsBound = false;
  free.forEach((i, f) => {
    const v = Math.min(upper[i]!, Math.max(lower[i]!, xc[i]! + du[f]!));
    if (v === lower[i] || v === upper[i]) hitsBound = true;
    projected[i] = v;
  });
  if (!hitsBound) return projected;
  let slope = 0;
  for (let i = 0; i < n; i++) slope += (projected[i]! - x[i]!) * g[i]!;
  if (slope <= 0) return projected;
  // Otherwise the paper's: the largest α <= 1 keeping xᶜ + α dᵘ inside the bounds.
  let alpha = 1;
  free.forEach((i, f) => {
    const di = du[f]!;
    if (di > 0 && upper[i]! < Infinity) alpha = Math.min(alpha, (upper[i]! - xc[i]!) / di);
    else if (di < 0 && lower[i]! > -Infinity) alpha = Math.min(alpha, (lower[i]! - xc[i]!) / di);
  });
  const xbar = Float64Array.from(xc);
  free.forEach((i, f) => { xbar[i] = xc[i]! + alpha * du[f]!; });
  return xbar;
}

export const LBFGSB_MESSAGES = {
  pgtol: 'CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL',
  ftol: 'CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH',
  maxIterations: 'STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT',
  maxEvaluations: 'STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT',
  lineSearch: 'ABNORMAL: the line search cannot find a lower point along the search direction (even after restarting from steepest descent)',
  callback: 'Stopped because onIteration returned false.',
} as const;

/** L-BFGS-B from a feasible x0 (lower <= x0 <= upper, ±Infinity for no bound). */
export function lbfgsb(fg: ValueAndGradient, x0: Float64Array, lower: Float64Array, upper: Float64Array, settings: LbfgsbSettings): OptimizeOutcome {
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let [f, g]: [number, Float64Array] = fg(x);
  let evaluations = 1;
  let iterations = 0;
  const constrained = lower.some((v) => v > -Infinity) || upper.some((v) => v < Infinity);
  const boxed = lower.every((v) => v > -Infinity) && upper.every((v) => v < Infinity);
  const B = new CompactBfgs(n, settings.historySize);
  const done = (status: number, message: string): OptimizeOutcome => ({ x, f, g, iterations, evaluations, status, message });

  if (projectedGradientNorm(x, g, lower, upper) <= settings.gtol) return done(0, LBFGSB_MESSAGES.pgtol);
  for (;;) {
    const { xc, c } = cauchyPoint(x, g, lower, upper, B);
    const xbar: Float64Array = subspaceMinimum(x, g, lower, upper, B, xc, c);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = xbar[i]! - x[i]!;
    const gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction (rounding in B): restart from steepest descent once.
      if (B.k > 0) { B.reset(); continue; }
      return done(2, LBFGSB_MESSAGES.lineSearch);
    }
    let stpmax = 1e10;
    if (constrained) {
      if (iterations === 0) stpmax = 1;
      else {
        for (let i = 0; i < n; i++) {
          if (d[i]! < 0 && lower[i]! > -Infinity) stpmax = Math.min(stpmax, (lower[i]! - x[i]!) / d[i]!);
          else if (d[i]! > 0 && upper[i]! < Infinity) stpmax = Math.min(stpmax, (upper[i]! - x[i]!) / d[i]!);
        }
      }
    }
    const dnorm = Math.sqrt(dot(d, d));
    const step = iterations === 0 && !boxed ? Math.min(1 / dnorm, stpmax) : 1;
    const trials = new Map<number, [number, Float64Array, Float64Array]>();
    const pointAt = (alpha: number): Float64Array => {
      if (alpha === 1) return Float64Array.from(xbar);
      const xt = new Float64Array(n);
      for (let i = 0; i < n; i++) xt[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + alpha * d[i]!));
      return xt;
    };
    const search = moreThuente(
      (alpha) => {
        const xt = pointAt(alpha);
        const [ft, gt] = fg(xt);
        trials.set(alpha, [ft, gt, xt]);
        return [ft, dot(gt, d)];
      },
      f, gd, step,
      { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax, maxEvaluations: 20 },
    );
    evaluations += search.evaluations;
    const accepted = trials.get(search.step);
    if (search.outcome === 'failed' || accepted === undefined) {
      if (B.k > 0) { B.reset(); continue; }
      return done(2, LBFGSB_MESSAGES.lineSearch);
    }
    const [fNew, gNew, xNew] = accepted;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xNew[i]! - x[i]!; y[i] = gNew[i]! - g[i]!; }
    const fOld = f;
    x = xNew; f = fNew; g = gNew;
    iterations++;
    const pgNorm = projectedGradientNorm(x, g, lower, upper);
    if (settings.onIteration && settings.onIteration(iterations, x, f, pgNorm, evaluations) === false) return done(99, LBFGSB_MESSAGES.callback);
    if (pgNorm <= settings.gtol) return done(0, LBFGSB_MESSAGES.pgtol);
    if (fOld - f <= settings.ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) return done(0, LBFGSB_MESSAGES.ftol);
    if (iterations >= settings.maxIterations) return done(1, LBFGSB_MESSAGES.maxIterations);
    if (evaluations >= settings.maxEvaluations) return done(1, LBFGSB_MESSAGES.maxEvaluations);
    // Keep the pair only when the curvature sᵀy is safely positive.
    const sy = dot(s, y);
    if (sy > EPSILON * -gd * search.step) B.push(s, y);
  }
}
