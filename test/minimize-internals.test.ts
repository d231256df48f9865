// The pieces of tf.optimize.minimize on their own (plain Float64Array, no tensors): the
// Moré-Thuente line search on the first test function of Moré and Thuente's paper, the compact
// L-BFGS matrix against the two-loop recursion, and the generalized Cauchy point on a box.
import { describe, expect, it } from 'vitest';
import { CompactBfgs, cauchyPoint, lbfgsb, subspaceMinimum } from '../ts/optimize/lbfgsb';
import { moreThuente } from '../ts/optimize/line-search';

const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from(u).reduce((s, ui, i) => s + ui * v[i]!, 0);

describe('moreThuente', () => {
  // φ(α) = -α / (α² + β), β = 2: the paper's function (5.1), minimum at α = √2, with μ = 0.001, η = 0.1.
  const beta = 2;
  const phi = (a: number): [number, number] => [-a / (a * a + beta), (a * a - beta) / (a * a + beta) ** 2];
  const [f0, g0] = phi(0);
  it.each([1e-3, 1e-1, 10, 1e3])('from α0 = %d it ends at a step meeting the strong Wolfe conditions', (a0) => {
    const r = moreThuente(phi, f0, g0, a0, { ftol: 1e-3, gtol: 0.1, xtol: 1e-10, stpmin: 0, stpmax: 1e10, maxEvaluations: 30 });
    expect(r.outcome).toBe('converged');
    expect(r.f).toBeLessThanOrEqual(f0 + 1e-3 * r.step * g0);
    expect(Math.abs(r.slope)).toBeLessThanOrEqual(0.1 * Math.abs(g0));
    // The paper's Table 1 reports 6, 3, 1 and 4 evaluations.
    expect(r.evaluations).toBeLessThanOrEqual({ 1e-3: 6, 1e-1: 3, 10: 1, 1e3: 4 }[a0]!);
  });

  it('pulls a step where φ is undefined back towards the last good step', () => {
    const guarded = (a: number): [number, number] => (a > 3 ? [NaN, NaN] : phi(a));
    const r = moreThuente(guarded, f0, g0, 1e3, { ftol: 1e-3, gtol: 0.1, xtol: 1e-10, stpmin: 0, stpmax: 1e10, maxEvaluations: 30 });
    expect(r.outcome).toBe('converged');
    expect(r.step).toBeLessThanOrEqual(3);
  });
});

describe('the compact L-BFGS matrix', () => {
  it('without bounds, the Cauchy point and subspace step give -H g of the two-loop recursion', () => {
    const n = 6;
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    // Pairs from a positive definite quadratic: y = A s.
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 3 + i : 0.3 * Math.cos(i + j))));
    const B = new CompactBfgs(n, 4);
    const pairs: [Float64Array, Float64Array][] = [];
    for (let k = 0; k < 6; k++) {
      const s = Float64Array.from({ length: n }, rand);
      const y = Float64Array.from(A.map((row) => dot(row, s)));
      expect(B.push(s, y)).toBe(true);
      pairs.push([s, y]);
    }
    const kept = pairs.slice(-4);
    const x = Float64Array.from({ length: n }, rand);
    const g = Float64Array.from({ length: n }, rand);
    const lower = new Float64Array(n).fill(-Infinity);
    const upper = new Float64Array(n).fill(Infinity);
    const { xc, c } = cauchyPoint(x, g, lower, upper, B);
    const xbar = subspaceMinimum(x, g, lower, upper, B, xc, c);
    // Two-loop recursion with H0 = I / θ, θ = yᵀy / sᵀy of the newest pair.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let k = kept.length - 1; k >= 0; k--) {
      const [s, y] = kept[k]!;
      const a = dot(s, q) / dot(y, s);
      alphas[k] = a;
      for (let i = 0; i < n; i++) q[i]! -= a * y[i]!;
    }
    const [sl, yl] = kept.at(-1)!;
    const r = q.map((v) => (v * dot(sl, yl)) / dot(yl, yl));
    for (let k = 0; k < kept.length; k++) {
      const [s, y] = kept[k]!;
      const b = dot(y, r) / dot(y, s);
      for (let i = 0; i < n; i++) r[i]! += s[i]! * (alphas[k]! - b);
    }
    for (let i = 0; i < n; i++) expect(xbar[i]! - x[i]!).toBeCloseTo(-r[i]!, 10);
  });

  it('the Cauchy point with B = I is the projection of x - g onto the box when no bound is crossed late', () => {
    const x = new Float64Array([0, 0, 0]);
    const g = new Float64Array([-2, 1, 0.5]);
    const lower = new Float64Array([-1, -0.2, -Infinity]);
    const upper = new Float64Array([1, 1, Infinity]);
    const { xc } = cauchyPoint(x, g, lower, upper, new CompactBfgs(3, 5));
    // Along -g, variable 1 hits -0.2 at t = 0.2, variable 0 hits 1 at t = 0.5; the model
    // ½‖d‖² + gᵀd is minimized at t = 1 for the variable still free.
    expect(Array.from(xc)).toEqual([1, -0.2, -0.5]);
  });
});

describe('lbfgsb with a hand-written gradient', () => {
  it('a separable quadratic in a box ends at the projection of its minimizer', () => {
    const target = [3, -2, 0.5, 10, -10];
    const fg = (x: Float64Array): [number, Float64Array] => [
      target.reduce((s, t, i) => s + (i + 1) * (x[i]! - t) ** 2, 0),
      Float64Array.from(target, (t, i) => 2 * (i + 1) * (x[i]! - t)),
    ];
    const lower = new Float64Array([-1, -1, -1, -1, -Infinity]);
    const upper = new Float64Array([1, 1, 1, Infinity, 1]);
    const r = lbfgsb(fg, new Float64Array(5), lower, upper, { historySize: 10, gtol: 1e-10, ftol: 0, maxIterations: 100, maxEvaluations: 1000 });
    expect(r.status).toBe(0);
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo([1, -1, 0.5, 10, -10][i]!, 9));
  });
});
