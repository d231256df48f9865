// The Trust Region Reflective method adapted to linear least squares, min ½‖A x - b‖² subject
// to lb <= x <= ub, as scipy 1.17's lsq_linear(method='trf', lsq_solver='exact') runs it
// (scipy/optimize/_lsq/trf_linear.py): Coleman and Li's affine scaling with v (the distance to the
// bound the gradient points at) and the Gauss-Newton step of the scaled, regularized problem
//     min ‖A D p̂ + r‖² + ‖diag(√(g·dv)) p̂‖²,    D = diag(√v),
// solved through one QR factorization A P = Q R made before the first iteration (its columns
// scaled by D each time, the diagonal rotated in by Givens rotations). A step that leaves the box
// is replaced by the best, under the quadratic model, of the step cut short at the boundary, the
// step reflected there and the scaled anti-gradient step, all kept strictly inside; a step that
// raises the cost is backtracked. scipy's tests: ‖v·g‖∞ < tol (status 1), the cost falling by
// less than tol·cost (2), a step that is not a descent direction (-1), max_iter (0).
// Matrices are column-major (entry (i, j) at a[i + j·m]); this file knows nothing about tensors.

import { minimizeQuadratic1d } from './dogbox';
import { LmWork, eliminateDiagonal } from './lm-parameter';
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
  constructor(readonly a: Float64Array, readonly m: number, readonly n: number, readonly d: Float64Array | null) {}

  times(s: Float64Array): Float64Array {
    const d = this.d;
    return times(this.a, this.m, this.n, d === null ? s : mapVector(s, (sj, j) => sj * d[j]!));
  }

  /** ½ sᵀ(JᵀJ + diag) s + gᵀs (scipy's evaluate_quadratic). */
  evaluate(g: Float64Array, s: Float64Array, diag?: Float64Array): number {
    const js = this.times(s);
    let q = dot(js, js);
    if (diag) q += dot(mapVector(s, (sj, j) => sj * diag[j]!), s);
    return 0.5 * q + dot(s, g);
  }

  /** The coefficients a, b, c of the model along s from s0: q(s0 + t s) = a t² + b t + c
   * (scipy's build_quadratic_1d). */
  quadratic1d(g: Float64Array, s: Float64Array, diag: Float64Array, s0?: Float64Array): { a: number; b: number; c: number } {
    const v = this.times(s);
    let a = dot(v, v);
    a += dot(mapVector(s, (sj, j) => sj * diag[j]!), s);
    a *= 0.5;
    let b = dot(g, s);
    let c = 0;
    if (s0) {
      const u = this.times(s0);
      b += dot(u, v);
      c = 0.5 * dot(u, u) + dot(g, s0);
      const s0Diag = mapVector(s0, (sj, j) => sj * diag[j]!);
      b += dot(s0Diag, s);
      c += 0.5 * dot(s0Diag, s0);
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

/**
 * scipy's trf_linear with lsq_solver 'exact' from the unbounded solution xLsq (reflected into the
 * box and moved 0.1 inside it). maxIter: the most iterations (scipy's default 100).
 */
export function trfLinear(a: Float64Array, m: number, n: number, b: Float64Array, xLsq: Float64Array, lower: Float64Array, upper: Float64Array, tol: number, maxIter = 100): LinearLsqRun {
  let x = strictlyFeasible(reflect(xLsq, lower, upper), lower, upper, 0.1);

  // A P = Q R once. A wide A is factored with zero rows appended: R gains zero rows (scipy's
  // vstack) and Qᵀ[r; 0] is [Qᵀr; 0].
  const rows = Math.max(m, n);
  const padded = new Float64Array(rows * n);
  for (let j = 0; j < n; j++) padded.set(a.subarray(j * m, (j + 1) * m), j * rows);
  const reflectors = new Float64Array(rows * n);
  const qr = pivotedQR(padded, rows, n, new Float64Array(rows), undefined, reflectors);
  const R = Float64Array.from(qr.r);
  const permutation = Int32Array.from(qr.permutation);
  const work = new LmWork(n);
  const plain = new ScaledMatrix(a, m, n, null);

  let r = residuals(a, m, n, x, b);
  let g = transposeTimes(a, m, n, r);
  let cost = 0.5 * dot(r, r);
  const initialCost = cost;
  let status: number | null = null;
  let gNorm = 0;
  let iteration = 0;
  for (; iteration < maxIter; iteration++) {
    const { v, dv } = colemanLi(x, g, lower, upper);
    gNorm = maxAbs(mapVector(g, (gj, j) => gj * v[j]!));
    if (gNorm < tol) status = 1;
    if (status !== null) break;

    const diagH = mapVector(g, (gj, j) => gj * dv[j]!);
    const diagRootH = mapVector(diagH, Math.sqrt);
    const d = mapVector(v, Math.sqrt);
    const gHat = mapVector(g, (gj, j) => d[j]! * gj);
    const aHat = new ScaledMatrix(a, m, n, d);

    const y = new Float64Array(rows);
    y.set(r);
    applyQTransposed(qr, reflectors, rows, y);
    const qtr = y.subarray(0, n);
    // R's columns scaled by D in pivoted order (scipy's R * d[perm]).
    const rScaled = mapVector(R, (e, idx) => e * d[permutation[idx % n]!]!);
    const pHat = mapVector(regularizedStep(m, n, rScaled, qtr, permutation, diagRootH, work), (e) => -e);
    const p = mapVector(pHat, (e, j) => d[j]! * e);

    const pDotG = dot(p, g);
    if (pDotG > 0) status = -1;
    const theta = 1 - Math.min(0.005, gNorm);
    let step = selectStep(x, aHat, gHat, diagH, p, pHat, d, lower, upper, theta);
    let costChange = -plain.evaluate(g, step);
    if (costChange < 0) {
      ({ step, costChange } = backtrack(plain, g, x, p, theta, pDotG, lower, upper));
    } else {
      const taken = step;
      x = strictlyFeasible(mapVector(x, (xj, j) => xj + taken[j]!), lower, upper, 0);
    }
    r = residuals(a, m, n, x, b);
    g = transposeTimes(a, m, n, r);
    if (costChange < tol * cost) status = 2;
    cost = 0.5 * dot(r, r);
  }
  if (iteration === maxIter) iteration = maxIter - 1; // the loop ran out (Python's loop variable)
  return { x, fun: r, cost, optimality: gNorm, activeMask: activeConstraints(x, lower, upper, tol), nit: iteration + 1, status: status ?? 0, initialCost };
}
