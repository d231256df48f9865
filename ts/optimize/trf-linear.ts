// The Trust Region Reflective method adapted to linear least squares, min ½‖A x - b‖² subject
// to lb <= x <= ub, as scipy 1.17's lsq_linear(method='trf') runs it
// (scipy/optimize/_lsq/trf_linear.py): Coleman and Li's affine scaling with v (the distance to the
// bound the gradient points at) and the Gauss-Newton step of the scaled, regularized problem
//     min ‖A D p̂ + r‖² + ‖diag(√(g·dv)) p̂‖²,    D = diag(√v),
// solved ('exact') through one QR factorization A P = Q R made before the first iteration (its
// columns scaled by D each time, the diagonal rotated in by Givens rotations), or ('lsmr') by
// LSMR on the stacked operator [A D; diag(√(g·dv))] with scipy's tolerances (lsmrTol 'auto':
// tightened as the scaled gradient falls). A step that leaves the box
// is replaced by the best, under the quadratic model, of the step cut short at the boundary, the
// step reflected there and the scaled anti-gradient step, all kept strictly inside; a step that
// raises the cost is backtracked. scipy's tests: ‖v·g‖∞ < tol (status 1), the cost falling by
// less than tol·cost (2), a step that is not a descent direction (-1), max_iter (0).
// Matrices are column-major (entry (i, j) at a[i + j·m]); this file knows nothing about tensors.
// With 'lsmr' every product is numpy's (numpy-dense-products.ts, or the user's operator), so the
// iterates follow scipy's bit for bit; 'exact' sums its products in plain order.

import { minimizeQuadratic1d } from './dogbox';
import type { LinearMap } from './linear-operator';
import { LmWork, eliminateDiagonal } from './lm-parameter';
import { linearLogHeader, linearLogLine } from './lsq-linear-log';
import { lsmrSolve } from './lsmr';
import { numpyNorm } from './numpy-dense-products';
import { ddot } from './openblas';
import { pyMax, pyMin } from './python-minmax';
import { applyQTransposed, pivotedQR } from './qr';
import { activeConstraints, colemanLi, stepSizeToBound } from './trf';
import { dot, mapVector } from './vector';

const EPSILON = 2.220446049250313e-16;

/** What trf_linear and bvls return (scipy's OptimizeResult before lsq_linear adds the message). */
export interface LinearLsqRun {
  readonly x: Float64Array;
  /** The residuals A x - b. */
  readonly fun: Float64Array;
  readonly cost: number;
  readonly optimality: number;
  readonly activeMask: number[];
  readonly nit: number;
  readonly status: number;
  /** The cost at the method's starting point (scipy's initial_cost, for verbose's summary). */
  readonly initialCost: number;
}

/** A's products as a method computes them: A x, Aᵀ r, and the dot product of two vectors. */
export interface LinearProducts {
  times(x: Float64Array): Float64Array;
  transposeTimes(r: Float64Array): Float64Array;
  dot(a: ArrayLike<number>, b: ArrayLike<number>): number;
}

/** The dense A's products summed in plain order (the 'exact' solver's and bvls'). */
export function plainProducts(a: Float64Array, m: number, n: number): LinearProducts {
  return { times: (x) => times(a, m, n, x), transposeTimes: (r) => transposeTimes(a, m, n, r), dot };
}

/** numpy's products of an operator (a dense A's by numpy's BLAS, see linear-operator.ts), its dot
 * products OpenBLAS's ddot: what scipy computes with lsq_solver 'lsmr'. */
export function numpyProducts(operator: LinearMap): LinearProducts {
  return {
    times: (x) => operator.times(x),
    transposeTimes: (r) => operator.transposeTimes(r),
    dot: (a, b) => ddot(a.length, a, 0, b, 0),
  };
}

/** A x - b from A's products. */
export function residualsOf(products: LinearProducts, x: Float64Array, b: Float64Array): Float64Array {
  const r = products.times(x);
  for (let i = 0; i < r.length; i++) r[i] = r[i]! - b[i]!;
  return r;
}

/** A x for A m×n, column-major. */
export function times(a: Float64Array, m: number, n: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i + j * m]! * x[j]!;
    out[i] = s;
  }
  return out;
}

/** Aᵀ r for A m×n, column-major. */
export function transposeTimes(a: Float64Array, m: number, n: number, r: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += a[i + j * m]! * r[i]!;
    out[j] = s;
  }
  return out;
}

/** A x - b. */
export function residuals(a: Float64Array, m: number, n: number, x: ArrayLike<number>, b: Float64Array): Float64Array {
  const r = times(a, m, n, x);
  for (let i = 0; i < m; i++) r[i] = r[i]! - b[i]!;
  return r;
}

/** lb <= x <= ub componentwise (scipy's in_bounds). */
export function inBounds(x: ArrayLike<number>, lower: Float64Array, upper: Float64Array): boolean {
  for (let j = 0; j < x.length; j++) if (!(x[j]! >= lower[j]! && x[j]! <= upper[j]!)) return false;
  return true;
}

/** numpy's remainder for a positive divisor: fmod moved into [0, d). */
function remainder(a: number, d: number): number {
  const mod = a % d;
  if (mod === 0) return 0;
  return mod < 0 ? mod + d : mod;
}

/** y folded into the box by reflecting it off the bounds (scipy's reflective_transformation). */
function reflect(y: Float64Array, lower: Float64Array, upper: Float64Array): Float64Array {
  if (inBounds(y, lower, upper)) return y;
  return mapVector(y, (yj, j) => {
    const lo = lower[j]!, hi = upper[j]!;
    const loFinite = Number.isFinite(lo), hiFinite = Number.isFinite(hi);
    if (loFinite && !hiFinite) return Math.max(yj, 2 * lo - yj);
    if (!loFinite && hiFinite) return Math.min(yj, 2 * hi - yj);
    if (loFinite && hiFinite) {
      const d = hi - lo;
      const t = remainder(yj - lo, 2 * d);
      return lo + Math.min(t, 2 * d - t);
    }
    return yj;
  });
}

/** The adjacent double from v towards `to` (C's nextafter). */
function nextAfter(v: number, to: number): number {
  if (v === to || Number.isNaN(v) || Number.isNaN(to)) return v;
  if (v === 0) return to > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = new Float64Array([v]);
  const ints = new BigInt64Array(bits.buffer);
  ints[0] = ints[0]! + ((to > v) === (v > 0) ? 1n : -1n);
  return bits[0]!;
}

/** x moved off the bounds it is within rstep (relative) of: by rstep·max(1, |bound|), or to the
 * next double when rstep is 0; the box's midpoint where that overshoots (scipy's
 * make_strictly_feasible). */
function strictlyFeasible(x: Float64Array, lower: Float64Array, upper: Float64Array, rstep: number): Float64Array {
  const active = activeConstraints(x, lower, upper, rstep);
  return mapVector(x, (xj, j) => {
    const lo = lower[j]!, hi = upper[j]!;
    let v = xj;
    if (active[j] === -1) v = rstep === 0 ? nextAfter(lo, hi) : lo + rstep * Math.max(1, Math.abs(lo));
    else if (active[j] === 1) v = rstep === 0 ? nextAfter(hi, lo) : hi - rstep * Math.max(1, Math.abs(hi));
    return v < lo || v > hi ? 0.5 * (lo + hi) : v;
  });
}

/** The linear operator J = A·diag(d) (d null: A itself) with its quadratic models. */
class ScaledMatrix {
  constructor(readonly products: LinearProducts, readonly d: Float64Array | null) {}

  times(s: Float64Array): Float64Array {
    const d = this.d;
    return this.products.times(d === null ? s : mapVector(s, (sj, j) => sj * d[j]!));
  }

  /** ½ sᵀ(JᵀJ + diag) s + gᵀs (scipy's evaluate_quadratic). */
  evaluate(g: Float64Array, s: Float64Array, diag?: Float64Array): number {
    const js = this.times(s);
    let q = this.products.dot(js, js);
    if (diag) q += this.products.dot(mapVector(s, (sj, j) => sj * diag[j]!), s);
    return 0.5 * q + this.products.dot(s, g);
  }

  /** The coefficients a, b, c of the model along s from s0: q(s0 + t s) = a t² + b t + c
   * (scipy's build_quadratic_1d). */
  quadratic1d(g: Float64Array, s: Float64Array, diag: Float64Array, s0?: Float64Array): { a: number; b: number; c: number } {
    const v = this.times(s);
    let a = this.products.dot(v, v);
    a += this.products.dot(mapVector(s, (sj, j) => sj * diag[j]!), s);
    a *= 0.5;
    let b = this.products.dot(g, s);
    let c = 0;
    if (s0) {
      const u = this.times(s0);
      b += this.products.dot(u, v);
      c = 0.5 * this.products.dot(u, u) + this.products.dot(g, s0);
      const s0Diag = mapVector(s0, (sj, j) => sj * diag[j]!);
      b += this.products.dot(s0Diag, s);
      c += 0.5 * this.products.dot(s0Diag, s0);
    }
    return { a, b, c };
  }
}

/** The step of the regularized problem from the QR factors: [R D_P; diag_P] rotated to [S; 0]
 * and solved on S's diagonal entries above ε·max(m, n)·max|S_kk| (scipy's
 * regularized_lsq_with_qr), in A's variable order. */
function regularizedStep(m: number, n: number, rScaled: Float64Array, qtr: Float64Array, permutation: Int32Array, diag: Float64Array, work: LmWork): Float64Array {
  eliminateDiagonal(rScaled, n, qtr, mapVector(permutation, (p) => diag[p]!), work);
  const s = work.s, v = work.rhs;
  let largest = 0;
  for (let k = 0; k < n; k++) largest = Math.max(largest, Math.abs(s[k * n + k]!));
  const threshold = EPSILON * Math.max(m, n) * largest;
  const kept: number[] = [];
  for (let k = 0; k < n; k++) if (Math.abs(s[k * n + k]!) > threshold) kept.push(k);
  // Back substitution on S[kept, kept] z = v[kept].
  const z = new Float64Array(kept.length);
  for (let p = kept.length - 1; p >= 0; p--) {
    const row = kept[p]!;
    let sum = v[row]!;
    for (let q = p + 1; q < kept.length; q++) sum -= s[row * n + kept[q]!]! * z[q]!;
    z[p] = sum / s[row * n + row]!;
  }
  const x = new Float64Array(n);
  kept.forEach((k, p) => { x[permutation[k]!] = z[p]!; });
  return x;
}

/** scipy's select_step: p (in x's variables, p = d·p̂) if x + p stays in the box, else the best
 * of the step stopped short of the boundary, the reflected step and the anti-gradient step.
 * Scales p and pHat in place as scipy's does (backtracking then starts from the scaled p). */
function selectStep(
  x: Float64Array, aHat: ScaledMatrix, gHat: Float64Array, cHat: Float64Array, p: Float64Array, pHat: Float64Array,
  d: Float64Array, lower: Float64Array, upper: Float64Array, theta: number,
): Float64Array {
  const n = x.length;
  if (inBounds(mapVector(x, (xj, j) => xj + p[j]!), lower, upper)) return p;

  const { step: pStride, hits } = stepSizeToBound(x, p, lower, upper);
  const rHat = mapVector(pHat, (v, j) => (hits[j] !== 0 ? -v : v));
  let r = mapVector(rHat, (v, j) => d[j]! * v);
  for (let j = 0; j < n; j++) {
    p[j] = p[j]! * pStride;
    pHat[j] = pHat[j]! * pStride;
  }
  const xOnBound = mapVector(x, (xj, j) => xj + p[j]!);
  let rStrideU = stepSizeToBound(xOnBound, r, lower, upper).step;
  const rStrideL = (1 - theta) * rStrideU;
  rStrideU *= theta;
  let rValue = Infinity;
  if (rStrideU > 0) {
    const { a, b, c } = aHat.quadratic1d(gHat, rHat, cHat, pHat);
    const best = minimizeQuadratic1d(a, b, rStrideL, rStrideU, c);
    rValue = best.value;
    for (let j = 0; j < n; j++) rHat[j] = pHat[j]! + rHat[j]! * best.t;
    r = mapVector(rHat, (v, j) => d[j]! * v);
  }
  for (let j = 0; j < n; j++) {
    pHat[j] = pHat[j]! * theta;
    p[j] = p[j]! * theta;
  }
  const pValue = aHat.evaluate(gHat, pHat, cHat);

  const agHat = mapVector(gHat, (v) => -v);
  const ag = mapVector(agHat, (v, j) => d[j]! * v);
  const agStrideU = stepSizeToBound(x, ag, lower, upper).step * theta;
  const { a, b } = aHat.quadratic1d(gHat, agHat, cHat);
  const agBest = minimizeQuadratic1d(a, b, 0, agStrideU);
  for (let j = 0; j < n; j++) ag[j] = ag[j]! * agBest.t;
  const agValue = agBest.value;

  if (pValue < rValue && pValue < agValue) return p;
  if (rValue < pValue && rValue < agValue) return r;
  return ag;
}

/** scipy's backtracking: halve α until the step (reflected into the box) decreases the model by
 * a tenth of α·pᵀg; a step ending on a bound is then shortened by θ and moved inside. Like
 * scipy's, it returns the step but leaves x where it was. */
function backtrack(A: ScaledMatrix, g: Float64Array, x: Float64Array, p: Float64Array, theta: number, pDotG: number, lower: Float64Array, upper: Float64Array): { step: Float64Array; costChange: number } {
  let alpha = 1;
  let xNew: Float64Array;
  let step: Float64Array;
  let costChange: number;
  for (;;) {
    xNew = reflect(mapVector(x, (xj, j) => xj + alpha * p[j]!), lower, upper);
    const moved = xNew;
    step = mapVector(x, (xj, j) => moved[j]! - xj);
    costChange = -A.evaluate(g, step);
    // (alpha reaching 0 would loop forever in scipy; the zero step is then taken.)
    if (costChange > -0.1 * alpha * pDotG || alpha === 0) break;
    alpha *= 0.5;
  }
  if (activeConstraints(xNew, lower, upper, 1e-10).some((v) => v !== 0)) {
    xNew = strictlyFeasible(reflect(mapVector(x, (xj, j) => xj + theta * alpha * p[j]!), lower, upper), lower, upper, 0);
    const moved = xNew;
    step = mapVector(x, (xj, j) => moved[j]! - xj);
    costChange = -A.evaluate(g, step);
  }
  return { step, costChange };
}

/** max |v_j| (numpy's norm(v, inf)). */
function maxAbs(v: Float64Array): number {
  let out = 0;
  for (const e of v) out = Math.max(out, Math.abs(e));
  return out;
}

/** How trf_linear solves for its step: 'exact' by QR of the dense A (column-major), 'lsmr' by
 * LSMR on A's operator. lsmrTol: LSMR's atol and btol (null: 1e-2·tol; 'auto': from the scaled
 * gradient at each iteration); lsmrMaxiter: LSMR's maxiter (null: its default, n). */
export type TrfLinearSolver =
  | { readonly kind: 'exact'; readonly a: Float64Array }
  | { readonly kind: 'lsmr'; readonly operator: LinearMap; readonly lsmrTol: number | 'auto' | null; readonly lsmrMaxiter: number | null };

/** The 'exact' solver's factorization A P = Q R, made once for the run. */
function exactStepSolver(a: Float64Array, m: number, n: number): (r: Float64Array, d: Float64Array, diagRootH: Float64Array, gNorm: number) => Float64Array {
  // A wide A is factored with zero rows appended: R gains zero rows (scipy's vstack) and
  // Qᵀ[r; 0] is [Qᵀr; 0].
  const rows = Math.max(m, n);
  const padded = new Float64Array(rows * n);
  for (let j = 0; j < n; j++) padded.set(a.subarray(j * m, (j + 1) * m), j * rows);
  const reflectors = new Float64Array(rows * n);
  const qr = pivotedQR(padded, rows, n, new Float64Array(rows), undefined, reflectors);
  const R = Float64Array.from(qr.r);
  const permutation = Int32Array.from(qr.permutation);
  const work = new LmWork(n);
  return (r, d, diagRootH) => {
    const y = new Float64Array(rows);
    y.set(r);
    applyQTransposed(qr, reflectors, rows, y);
    const qtr = y.subarray(0, n);
    // R's columns scaled by D in pivoted order (scipy's R * d[perm]).
    const rScaled = mapVector(R, (e, idx) => e * d[permutation[idx % n]!]!);
    return mapVector(regularizedStep(m, n, rScaled, qtr, permutation, diagRootH, work), (e) => -e);
  };
}

/** The 'lsmr' solver: p̂ = -lsmr([A D; diag(√(g·dv))], [r; 0]), scipy's regularized_lsq_operator
 * with the tolerance it picks. */
function lsmrStepSolver(operator: LinearMap, tol: number, lsmrTol: number | 'auto' | null, lsmrMaxiter: number | null): (r: Float64Array, d: Float64Array, diagRootH: Float64Array, gNorm: number) => Float64Array {
  const { m, n } = operator;
  const rAugmented = new Float64Array(m + n);
  let atol = lsmrTol === null ? 1e-2 * tol : lsmrTol === 'auto' ? 0 : lsmrTol;
  return (r, d, diagRootH, gNorm) => {
    const regularized: LinearMap = {
      m: m + n,
      n,
      times: (x) => {
        const out = new Float64Array(m + n);
        out.set(operator.times(mapVector(x, (xj, j) => xj * d[j]!)));
        for (let j = 0; j < n; j++) out[m + j] = diagRootH[j]! * x[j]!;
        return out;
      },
      transposeTimes: (y) => {
        const top = operator.transposeTimes(y.slice(0, m));
        return mapVector(top, (t, j) => d[j]! * t + diagRootH[j]! * y[m + j]!);
      },
    };
    rAugmented.set(r);
    if (lsmrTol === 'auto') {
      // Tighter as the scaled gradient falls: η = 1e-2·min(0.5, ‖v·g‖∞), tol = max(ε, min(0.1, η‖v·g‖∞)).
      const eta = 1e-2 * pyMin(0.5, gNorm);
      atol = pyMax(EPSILON, pyMin(0.1, eta * gNorm));
    }
    const run = lsmrSolve(regularized, rAugmented, { damp: 0, atol, btol: atol, conlim: 1e8, maxiter: lsmrMaxiter, show: false, x0: null });
    return mapVector(run.x, (e) => -e);
  };
}

/**
 * scipy's trf_linear from the unbounded solution xLsq (reflected into the box and moved 0.1
 * inside it). maxIter: the most iterations (scipy's default 100). `report` receives verbose 2's
 * table (null: quiet).
 */
export function trfLinear(m: number, n: number, b: Float64Array, xLsq: Float64Array, lower: Float64Array, upper: Float64Array, tol: number, solver: TrfLinearSolver, maxIter = 100, report: ((line: string) => void) | null = null): LinearLsqRun {
  let x = strictlyFeasible(reflect(xLsq, lower, upper), lower, upper, 0.1);
  const products = solver.kind === 'exact' ? plainProducts(solver.a, m, n) : numpyProducts(solver.operator);
  const solveStep = solver.kind === 'exact' ? exactStepSolver(solver.a, m, n) : lsmrStepSolver(solver.operator, tol, solver.lsmrTol, solver.lsmrMaxiter);
  const plain = new ScaledMatrix(products, null);

  let r = residualsOf(products, x, b);
  let g = products.transposeTimes(r);
  let cost = 0.5 * products.dot(r, r);
  const initialCost = cost;
  let status: number | null = null;
  let stepNorm: number | null = null;
  let costChange: number | null = null;
  let gNorm = 0;
  let iteration = 0;
  report?.(linearLogHeader());
  for (; iteration < maxIter; iteration++) {
    const { v, dv } = colemanLi(x, g, lower, upper);
    gNorm = maxAbs(mapVector(g, (gj, j) => gj * v[j]!));
    if (gNorm < tol) status = 1;
    report?.(linearLogLine(iteration, cost, costChange, stepNorm, gNorm));
    if (status !== null) break;

    const diagH = mapVector(g, (gj, j) => gj * dv[j]!);
    const diagRootH = mapVector(diagH, Math.sqrt);
    const d = mapVector(v, Math.sqrt);
    const gHat = mapVector(g, (gj, j) => d[j]! * gj);
    const aHat = new ScaledMatrix(products, d);
    const pHat = solveStep(r, d, diagRootH, gNorm);
    const p = mapVector(pHat, (e, j) => d[j]! * e);

    const pDotG = products.dot(p, g);
    if (pDotG > 0) status = -1;
    const theta = 1 - Math.min(0.005, gNorm);
    let step = selectStep(x, aHat, gHat, diagH, p, pHat, d, lower, upper, theta);
    let change = -plain.evaluate(g, step);
    if (change < 0) {
      ({ step, costChange: change } = backtrack(plain, g, x, p, theta, pDotG, lower, upper));
    } else {
      const taken = step;
      x = strictlyFeasible(mapVector(x, (xj, j) => xj + taken[j]!), lower, upper, 0);
    }
    costChange = change;
    if (report) stepNorm = numpyNorm(step);
    r = residualsOf(products, x, b);
    g = products.transposeTimes(r);
    if (change < tol * cost) status = 2;
    cost = 0.5 * products.dot(r, r);
  }
  if (iteration === maxIter) iteration = maxIter - 1; // the loop ran out (Python's loop variable)
  return { x, fun: r, cost, optimality: gNorm, activeMask: activeConstraints(x, lower, upper, tol), nit: iteration + 1, status: status ?? 0, initialCost };
}
