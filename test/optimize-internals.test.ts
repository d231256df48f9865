// The least-squares linear algebra of ts/optimize on its own (plain Float64Array, no tensors):
// the pivoted QR, the damped solve and λ of lm-parameter.ts, the Jacobi SVD, and the
// Levenberg-Marquardt loop on a problem with a hand-written Jacobian; the robust losses' rescaling
// and the Trust Region Reflective loop on a box.
import { beforeEach, describe, expect, it } from 'vitest';
import { curveFitCovariance, singularValues } from '../ts/optimize/covariance';
import { levenbergMarquardt, type LmProblem } from '../ts/optimize/lm';
import { LmWork, dampedSolve, lmStep } from '../ts/optimize/lm-parameter';
import { LOSS_NAMES, robustCost, scaleForLoss } from '../ts/optimize/loss';
import { pivotedQR } from '../ts/optimize/qr';
import { activeConstraints, trustRegionReflective } from '../ts/optimize/trf';
import * as tf from '../ts/index';
import { handleOf } from '../ts/tensor';
import { W, lastError, writeHandles } from '../ts/wasm/runtime';

/** A seeded m×n matrix, column-major, with column j scaled by scales[j]. */
function matrix(m: number, n: number, scales: number[], seed = 1): Float64Array {
  let s = seed;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Float64Array.from({ length: m * n }, (_, k) => next() * scales[Math.floor(k / m)]!);
}
const column = (a: Float64Array, m: number, j: number) => a.subarray(j * m, (j + 1) * m);
const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from(u).reduce((s, ui, i) => s + ui * v[i]!, 0);
/** (AᵀA)_ij for column-major A. */
const gram = (a: Float64Array, m: number, n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => dot(column(a, m, i), column(a, m, j))));

describe('pivotedQR', () => {
  it('factors J P = Q R: RᵀR equals PᵀJᵀJP, |R| has a decreasing diagonal, and Qᵀb keeps ‖b‖ consistent', () => {
    const m = 9, n = 4;
    const j = matrix(m, n, [1, 1000, 0.01, 5]);
    const b = matrix(m, 1, [1], 7);
    const { r, permutation, qtb } = pivotedQR(j, m, n, b);
    const g = gram(j, m, n);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let rtr = 0;
        for (let k = 0; k < n; k++) rtr += r[k * n + p]! * r[k * n + q]!;
        expect(Math.abs(rtr - g[permutation[p]!]![permutation[q]!]!)).toBeLessThan(1e-9 * Math.abs(g[permutation[p]!]![permutation[p]!]!));
      }
    }
    for (let k = 1; k < n; k++) expect(Math.abs(r[k * n + k]!)).toBeLessThanOrEqual(Math.abs(r[(k - 1) * n + k - 1]!));
    expect(permutation[0]).toBe(1); // the largest column first
    // Rᵀ Qᵀb = Pᵀ Jᵀ b
    for (let k = 0; k < n; k++) {
      let rtq = 0;
      for (let i = 0; i <= k; i++) rtq += r[i * n + k]! * qtb[i]!;
      expect(rtq).toBeCloseTo(dot(column(j, m, permutation[k]!), b), 9);
    }
  });

  it('puts a rank deficiency in the trailing diagonal', () => {
    const m = 5, n = 3;
    const j = matrix(m, n, [1, 1, 1]);
    column(j, m, 2).set(Array.from(column(j, m, 0), (v, i) => 2 * v - column(j, m, 1)[i]!)); // col2 = 2 col0 - col1
    const { r } = pivotedQR(j, m, n, new Float64Array(m));
    expect(Math.abs(r[2 * n + 2]!)).toBeLessThan(1e-14);
  });

  it('keeps the wasm buffer of a small factorization for the next one, and frees a large one', () => {
    pivotedQR(matrix(50, 3, [1, 1, 1]), 50, 3, new Float64Array(50));
    expect(W.gt_solver_release()).toBeGreaterThanOrEqual(8 * (50 * 3 + 50));
    const m = 300_000;
    const { columnNorms } = pivotedQR(matrix(m, 2, [1, 2]), m, 2, new Float64Array(m));
    expect(columnNorms[1]! / columnNorms[0]!).toBeCloseTo(2, 1);
    expect(W.gt_solver_release()).toBe(0); // freed already
  });
});

describe('dampedSolve and lmStep', () => {
  it('solves (JᵀJ + λD²) x = -Jᵀr through the factorization', () => {
    const m = 8, n = 3;
    const j = matrix(m, n, [2, 0.5, 1]);
    const res = matrix(m, 1, [1], 3);
    const qr = pivotedQR(j, m, n, res);
    const d = Float64Array.from([1.5, 0.2, 3]);
    const lambda = 0.7;
    const pivotedE = Float64Array.from(qr.permutation, (p) => Math.sqrt(lambda) * d[p]!);
    const work = new LmWork(n);
    dampedSolve(qr.r, n, qr.qtb, pivotedE, work);
    const solution = work.rhs;
    const x = new Float64Array(n);
    qr.permutation.forEach((p, k) => { x[p] = -solution[k]!; });
    const g = gram(j, m, n);
    for (let i = 0; i < n; i++) {
      const lhs = g[i]!.reduce((s, gij, k) => s + gij * x[k]!, 0) + lambda * d[i]! * d[i]! * x[i]!;
      expect(lhs).toBeCloseTo(-dot(column(j, m, i), res), 10);
    }
  });

  it('returns the Gauss-Newton step when it fits in the radius, and a step of length about Δ otherwise', () => {
    const m = 8, n = 3;
    const j = matrix(m, n, [2, 0.5, 1]);
    const res = matrix(m, 1, [1], 3);
    const qr = pivotedQR(j, m, n, res);
    const d = Float64Array.from([1, 1, 1]);
    const free = lmStep(qr, d, 1e6, 0);
    expect(free.lambda).toBe(0);
    const gnNorm = Math.hypot(...free.step);
    const radius = gnNorm / 10;
    const limited = lmStep(qr, d, radius, 0);
    expect(limited.lambda).toBeGreaterThan(0);
    expect(Math.abs(Math.hypot(...limited.step) - radius)).toBeLessThanOrEqual(0.1 * radius);
  });
});

describe('singularValues and curveFitCovariance', () => {
  it('gives the singular values of a matrix with known ones', () => {
    // A = U diag(5, 2, 1e-6) Vᵀ with U the first columns of a Householder reflector and V a rotation.
    const m = 4, n = 3;
    const u = (i: number, k: number) => (i === k ? 1 : 0) - (2 * 0.5 * 0.5);
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const v = [[c, -s, 0], [s, c, 0], [0, 0, 1]];
    const sigma = [5, 2, 1e-6];
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += u(i, k) * sigma[k]! * v[j]![k]!;
      a[j * m + i] = sum;
    }
    const { values } = singularValues(a, m, n);
    values.forEach((value, k) => expect(Math.abs(value - sigma[k]!) / sigma[k]!).toBeLessThan(1e-9));
  });

  it('is (JᵀJ)⁻¹ times 2·cost/(m - n), and Infinity without degrees of freedom', () => {
    const m = 6, n = 2;
    const j = matrix(m, n, [1, 3]);
    const [[a, b], [, d]] = gram(j, m, n) as [[number, number], [number, number]];
    const det = a * d - b * b;
    const cov = curveFitCovariance(j, m, n, 2, false, 'trf');
    const scale = (2 * 2) / (m - n);
    expect(cov[0]![0]).toBeCloseTo((d / det) * scale, 12);
    expect(cov[0]![1]).toBeCloseTo((-b / det) * scale, 12);
    expect(cov[1]![1]).toBeCloseTo((a / det) * scale, 12);
    expect(curveFitCovariance(j.subarray(0, 2 * n), n, n, 2, false, 'trf').flat().every((x) => x === Infinity)).toBe(true);
    // Full rank: both methods' rules give the same inverse.
    expect(curveFitCovariance(j, m, n, 2, false, 'lm')[0]![0]).toBeCloseTo(cov[0]![0]!, 12);
  });

  it("rank-deficient Jacobians: 'trf' takes the pseudo-inverse; 'lm' inverts every singular value (huge), Infinity for an exactly zero one, as scipy's leastsq", () => {
    const m = 5;
    const t = [0, 1, 2, 3, 4];
    // Columns 1 and 2 equal up to 1e-15, below trf's cut-off eps·max(m, n)·s₀: numerically rank 2.
    const j = new Float64Array(3 * m);
    t.forEach((ti, i) => { j[i] = 1; j[m + i] = ti; j[2 * m + i] = ti * (1 + 1e-15 * (i % 2)); });
    const lm = curveFitCovariance(j, m, 3, 1, true, 'lm');
    const trf = curveFitCovariance(j, m, 3, 1, true, 'trf');
    expect(lm[1]![1]).toBeGreaterThan(1e20);
    expect(trf[1]![1]).toBeLessThan(10);
    // Exactly equal columns: a zero singular value.
    const exact = new Float64Array(3 * m);
    t.forEach((ti, i) => { exact[i] = 1; exact[m + i] = ti; exact[2 * m + i] = ti; });
    const { values } = singularValues(exact, m, 3);
    if (values[2] === 0) expect(curveFitCovariance(exact, m, 3, 1, true, 'lm').flat().every((x) => x === Infinity)).toBe(true);
    else expect(curveFitCovariance(exact, m, 3, 1, true, 'lm')[2]![2]).toBeGreaterThan(1e20);
  });
});

describe('levenbergMarquardt', () => {
  // Rosenbrock as residuals, r = [10 (x1 - x0²), 1 - x0], from (-1.2, 1).
  const rosenbrock: LmProblem = {
    m: 2,
    n: 2,
    evaluate(x, wantJacobian) {
      const residuals = Float64Array.from([10 * (x[1]! - x[0]! ** 2), 1 - x[0]!]);
      const jacobian = wantJacobian(Math.hypot(...residuals), residuals) ? Float64Array.from([-20 * x[0]!, -1, 10, 0]) : null;
      return { residuals, jacobian };
    },
  };

  it('finds the Rosenbrock minimum, never increasing ‖r‖ between accepted steps', () => {
    const costs: number[] = [];
    const r = levenbergMarquardt(rosenbrock, Float64Array.from([-1.2, 1]), {
      ftol: 1e-15, xtol: 1e-15, gtol: 1e-15, maxIterations: 100, onIteration: (info) => { costs.push(info.cost); },
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.x[1]).toBeCloseTo(1, 12);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeLessThanOrEqual(costs[i - 1]!);
    expect(r.jacobian).toEqual(Float64Array.from([-20 * r.x[0]!, -1, 10, 0]));
  });

  it('rejects a step whose residuals are not finite and shrinks the region instead', () => {
    // r = log(x) - log(2) (one residual): a long step to x <= 0 gives NaN, which must not be taken.
    const problem: LmProblem = {
      m: 1, n: 1,
      evaluate(x, wantJacobian) {
        const residuals = Float64Array.from([Math.log(x[0]!) - Math.log(2)]);
        return { residuals, jacobian: wantJacobian(Math.abs(residuals[0]!), residuals) ? Float64Array.from([1 / x[0]!]) : null };
      },
    };
    const r = levenbergMarquardt(problem, Float64Array.from([50]), { ftol: 1e-15, xtol: 1e-15, gtol: 1e-15, maxIterations: 100 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(2, 12);
  });
});

describe('robust losses (loss.ts)', () => {
  const m = 7, n = 2;
  const residualsAt = (x: Float64Array) => Float64Array.from({ length: m }, (_, i) => x[0]! * Math.sin(i + 1) + x[1]! * i - (i % 3) * 0.7);
  const jacobianAt = () => {
    const j = new Float64Array(m * n);
    for (let i = 0; i < m; i++) { j[i] = Math.sin(i + 1); j[m + i] = i; }
    return j;
  };
  for (const loss of LOSS_NAMES) {
    it(`${loss}: the rescaled Jᵀr is the gradient of ½ C² Σ ρ((r/C)²)`, () => {
      const x = Float64Array.from([0.3, -0.2]), fScale = 0.4;
      const { residuals, jacobian } = scaleForLoss(loss, fScale, residualsAt(x), jacobianAt(), m, n);
      for (let k = 0; k < n; k++) {
        let g = 0;
        for (let i = 0; i < m; i++) g += jacobian[k * m + i]! * residuals[i]!;
        const h = 1e-6;
        const plus = Float64Array.from(x), minus = Float64Array.from(x);
        plus[k] += h; minus[k] -= h;
        const numeric = (robustCost(loss, fScale, residualsAt(plus)) - robustCost(loss, fScale, residualsAt(minus))) / (2 * h);
        expect(Math.abs(g - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    });
  }
});

describe('trustRegionReflective', () => {
  // r = x - c: the bounded minimum is c projected onto the box.
  const shift = (c: number[]): LmProblem => ({
    m: c.length, n: c.length,
    evaluate(x, wantJacobian) {
      const residuals = Float64Array.from(x, (v, j) => v - c[j]!);
      const jacobian = wantJacobian(Math.hypot(...residuals), residuals)
        ? Float64Array.from({ length: c.length * c.length }, (_, k) => (k % (c.length + 1) === 0 ? 1 : 0)) : null;
      return { residuals, jacobian };
    },
  });
  const settings = (lower: number[], upper: number[]) => ({
    ftol: 1e-15, xtol: 1e-15, gtol: 1e-15, maxIterations: 1000, lower: Float64Array.from(lower), upper: Float64Array.from(upper),
    loss: 'linear' as const, fScale: 1, xScale: Float64Array.from(lower, () => 1),
  });

  it('converges to the projection of the unconstrained minimum, iterates strictly inside, with scipy active_mask', () => {
    const seen: number[][] = [];
    const r = trustRegionReflective(shift([3, -2, 0.5]), Float64Array.from([0, 0, 0]), {
      ...settings([-1, -1, -1], [1, 1, 1]), onIteration: (info) => { seen.push(info.params); },
    });
    expect(r.converged, r.message).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.x[1]).toBeCloseTo(-1, 12);
    expect(r.x[2]).toBeCloseTo(0.5, 12);
    expect(r.activeMask).toEqual([1, -1, 0]);
    for (const p of seen) for (const v of p) expect(Math.abs(v)).toBeLessThan(1);
  });

  it('moves a start on a bound just inside it', () => {
    const r = trustRegionReflective(shift([0.25]), Float64Array.from([1]), settings([0], [1]));
    expect(r.x[0]).toBeCloseTo(0.25, 12);
    expect(r.activeMask).toEqual([0]);
  });

  it('activeConstraints: within rtol·max(1, |bound|) of the nearer bound', () => {
    const lower = Float64Array.from([0, 0, -Infinity, 100]), upper = Float64Array.from([1, 1, 5, 200]);
    expect(activeConstraints(Float64Array.from([1e-16, 1 - 1e-16, -1e300, 100 + 1e-13]), lower, upper, 1e-15)).toEqual([-1, 1, 0, -1]);
    expect(activeConstraints(Float64Array.from([1e-14, 0.5, 5, 100 + 1e-12]), lower, upper, 1e-15)).toEqual([0, 0, 1, 0]);
  });
});

describe('traced programs (ABI protocol item 12)', () => {
  beforeEach(() => W.gt_trace_abort()); // a failed test leaves no trace open
  /** Traces make(p) at p = 2, and its Jacobian when `withJacobian`. */
  const traceOf = (make: (p: tf.Tensor) => tf.Tensor, withJacobian = false): number => {
    const p = tf.constant(2, 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(p);
    writeHandles([handleOf(p, 'test')]);
    expect(W.gt_trace_begin(1)).toBe(1);
    const y = tape.record(() => make(p));
    if (W.gt_trace_mark(handleOf(y, 'test')) !== 1) return 0;
    const jacobians = withJacobian ? [tape.jacobian(y, p) as tf.Tensor] : [];
    writeHandles(jacobians.map((j) => handleOf(j, 'test')));
    const program = W.gt_trace_end(jacobians.length);
    tape.dispose();
    return program;
  };

  it('replays a function on new parameters, and its Jacobian', () => {
    const x = tf.constant([1, 2, 3], 'float64');
    const program = traceOf((p) => x.mul(p).square(), true); // (p x)², d/dp = 2 p x²
    expect(program).toBeGreaterThan(0);
    const address = W.gt_solver_buffer(1 + 3 + 3) >>> 0;
    new Float64Array(W.memory.buffer, address, 1)[0] = 3;
    expect(W.gt_program_forward(program)).toBe(1);
    expect(Array.from(new Float64Array(W.memory.buffer, address + 8, 3))).toEqual([9, 36, 81]);
    expect(W.gt_program_jacobian(program)).toBe(1);
    expect(Array.from(new Float64Array(W.memory.buffer, address + 32, 3))).toEqual([6, 24, 54]);
    // The Jacobian was taken: another needs another evaluation.
    expect(W.gt_program_jacobian(program)).toBe(0);
    expect(lastError().message).toMatch(/no evaluation is pending/);
    expect(W.gt_program_free(program)).toBe(1);
    expect(W.gt_program_forward(program)).toBe(0);
    expect(lastError().message).toMatch(/does not exist/);
    // A program traced without its Jacobian evaluates only.
    const valueOnly = traceOf((p) => x.mul(p));
    expect(W.gt_program_forward(valueOnly)).toBe(1);
    expect(W.gt_program_jacobian(valueOnly)).toBe(0);
    expect(lastError().message).toMatch(/traced without its Jacobian/);
    W.gt_program_free(valueOnly);
  });

  it('gives no program for a result that does not depend on the inputs, or a spoilt trace', () => {
    expect(traceOf(() => tf.constant([1, 2], 'float64').neg())).toBe(0);
    expect(lastError().message).toMatch(/cannot be replayed: the result does not depend on the inputs/);
    expect(traceOf((p) => {
      const y = p.mul(2);
      y.dataSync(); // JavaScript sees a value computed from the input
      return y.add(1);
    })).toBe(0);
    expect(lastError().message).toMatch(/cannot be replayed: it reads the values of a tensor computed from its parameters/);
  });

  it('records one trace at a time', () => {
    const p = tf.constant(1, 'float64');
    writeHandles([handleOf(p, 'test')]);
    expect(W.gt_trace_begin(1)).toBe(1);
    writeHandles([handleOf(p, 'test')]);
    expect(W.gt_trace_begin(1)).toBe(0);
    expect(lastError().message).toMatch(/already being recorded/);
    expect(W.gt_trace_abort()).toBe(1);
    writeHandles([handleOf(p, 'test')]);
    expect(W.gt_trace_begin(1)).toBe(1);
    expect(W.gt_trace_abort()).toBe(1);
  });
});
