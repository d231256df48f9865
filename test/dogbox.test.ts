// tf.optimize's method 'dogbox' against scipy.optimize.least_squares(method='dogbox') and
// curve_fit(method='dogbox') (test/fixtures/dogbox-scipy.json, from scripts/dogbox_fixtures.py):
// NIST StRD problems unbounded and bounded, Rosenbrock's residuals and an exponential decay with
// bounds that become active, each robust loss, xScale given and 'jac', an evaluation budget. Each
// run must take scipy's iterates: the same solution, cost, number of evaluations (nfev) and of
// Jacobians (njev = accepted steps + 1), status, active mask and message. Then curve_fit's
// covariance, resuming, and the errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { parseNist } from './helpers/nist-strd';

type Bound = number | 'Infinity' | '-Infinity';
interface LeastSquaresRun {
  name: string; problem: string; x0: number[]; bounds: [Bound[], Bound[]]; ftol: number; xtol: number; gtol: number;
  loss?: tf.FitOptions['loss']; fScale?: number; xScale?: number[] | 'jac'; maxEvaluations?: number;
  x: number[]; cost: number; nfev: number; njev: number; status: number; activeMask: number[]; message: string;
}
interface CurveFitRun {
  name: string; xdata: number[]; ydata: number[]; p0: number[]; bounds: [Bound[], Bound[]]; sigma: number[] | null; absoluteSigma: boolean;
  params: number[]; covariance: number[][]; nfev: number; status: number; message: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/dogbox-scipy.json', import.meta.url), 'utf8')) as {
  data: Record<string, { t: number[]; y: number[] }>; leastSquares: LeastSquaresRun[]; curveFit: CurveFitRun[];
};

const bound = (v: Bound) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

const rosenbrock = (p: tf.Tensor) => {
  const [x0, x1] = tf.unstack(p);
  return tf.stack([x1!.sub(x0!.square()).mul(10), tf.sub(1, x0!)]);
};
const decay = (t: tf.Tensor, a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(k.neg().mul(t))).add(c);

/** A fixture run with gradtape: NIST problems through curveFit, the others through leastSquares. */
function run(c: LeastSquaresRun, extra: tf.FitOptions = {}) {
  const options: tf.FitOptions = {
    method: 'dogbox', bounds: [c.bounds[0].map(bound), c.bounds[1].map(bound)], ftol: c.ftol, xtol: c.xtol, gtol: c.gtol,
    ...(c.loss ? { loss: c.loss, fScale: c.fScale } : {}),
    ...(c.xScale ? { xScale: c.xScale } : {}),
    ...(c.maxEvaluations ? { maxEvaluations: c.maxEvaluations } : {}),
    ...extra,
  };
  if (c.problem.startsWith('nist:')) {
    const problem = parseNist(c.problem.slice(5));
    const r = tf.optimize.curveFit(problem.model, problem.x.map((row) => row[0]!), problem.y, c.x0, options);
    return { x: r.params, cost: r.cost, evaluations: r.evaluations, iterations: r.iterations, status: r.status, activeMask: r.activeMask, message: r.message };
  }
  if (c.problem === 'rosenbrock') return tf.optimize.leastSquares(rosenbrock, c.x0, options);
  const { t, y } = fixture.data[c.problem]!;
  const tTensor = tf.constant(Float64Array.from(t));
  const yTensor = tf.constant(Float64Array.from(y));
  try {
    return tf.optimize.leastSquares((p) => {
      const [a, k, cc] = tf.unstack(p);
      return decay(tTensor, a!, k!, cc!).sub(yTensor);
    }, c.x0, options);
  } finally {
    tTensor.dispose();
    yTensor.dispose();
  }
}

/** The bars: x to 1e-7 relative (rounding differences between numpy's and gradtape's model
 * evaluations and linear algebra, amplified by the conditioning of the harder NIST problems), the
 * cost to 1e-9. The counts, status, active mask and message are exact. */
const X_RTOL = 1e-7;
const COST_RTOL = 1e-9;

describe("method 'dogbox' takes scipy.optimize.least_squares' iterates", () => {
  for (const c of fixture.leastSquares) {
    it(`${c.name}: nfev ${c.nfev}, njev ${c.njev}, status ${c.status}`, () => {
      const r = run(c);
      r.x.forEach((v, j) => expect(relative(v, c.x[j]!), `x[${j}]: ${v} vs ${c.x[j]}`).toBeLessThan(X_RTOL));
      // (An exact fit's cost is 0 in scipy and a rounding-level 1e-30 here, or the reverse.)
      expect(Math.abs(r.cost - c.cost), `cost ${r.cost} vs ${c.cost}`).toBeLessThanOrEqual(COST_RTOL * c.cost + 1e-28);
      expect({ nfev: r.evaluations, njev: r.iterations + 1, status: r.status, activeMask: r.activeMask, message: r.message })
        .toEqual({ nfev: c.nfev, njev: c.njev, status: c.status, activeMask: c.activeMask, message: c.message });
      // Every parameter within its bounds, and exactly on the bounds the mask names.
      r.x.forEach((v, j) => {
        const lo = bound(c.bounds[0][j]!), hi = bound(c.bounds[1][j]!);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
        if (r.activeMask[j] === -1) expect(v).toBe(lo);
        if (r.activeMask[j] === 1) expect(v).toBe(hi);
      });
    });
  }
});

describe("curveFit method 'dogbox' against scipy.optimize.curve_fit", () => {
  for (const c of fixture.curveFit) {
    it(c.name, () => {
      const r = tf.optimize.curveFit(decay, c.xdata, c.ydata, c.p0, {
        method: 'dogbox', bounds: [c.bounds[0].map(bound), c.bounds[1].map(bound)], ftol: 1e-8, xtol: 1e-8, gtol: 1e-8,
        ...(c.sigma ? { sigma: c.sigma } : {}), absoluteSigma: c.absoluteSigma,
      });
      r.params.forEach((p, j) => expect(relative(p, c.params[j]!), `param ${j}`).toBeLessThan(X_RTOL));
      r.covariance.forEach((row, i) => row.forEach((v, j) =>
        expect(relative(v, c.covariance[i]![j]!), `covariance[${i}][${j}]: ${v} vs ${c.covariance[i]![j]}`).toBeLessThan(1e-6)));
      expect({ nfev: r.evaluations, status: r.status, message: r.message }).toEqual({ nfev: c.nfev, status: c.status, message: c.message });
    });
  }
});

describe("method 'dogbox'", () => {
  const decayRun = fixture.leastSquares.find((c) => c.name === 'decay, c <= 0.4 (active)')!;
  const { t, y } = fixture.data.decay!;
  const decayOptions = (extra: tf.CurveFitOptions = {}): tf.CurveFitOptions => ({
    method: 'dogbox', bounds: [decayRun.bounds[0].map(bound), decayRun.bounds[1].map(bound)], ftol: 1e-8, xtol: 1e-8, gtol: 1e-8, ...extra,
  });

  it('resumes from info.state (through JSON) to the uninterrupted result, bounds reached on the way', () => {
    // In the Rosenbrock box, one step ends a hair off the bound it reaches: scipy keeps the
    // residuals evaluated there and takes the Jacobian on the bound, and the state carries both points.
    let offBound = 0;
    for (const name of ['decay, c <= 0.4 (active)', 'Rosenbrock, box [-2, 0.8] x [-1, 0.5]', "decay, c <= 0.4, x_scale 'jac'", 'decay with outliers, loss soft_l1, c <= 0.4 (active)']) {
      const c = fixture.leastSquares.find((f) => f.name === name)!;
      const states: tf.FitState[] = [];
      const whole = run(c, { onIteration: (info) => { states.push(info.state); } });
      expect(states.length, name).toBe(whole.iterations);
      expect(whole.activeMask.some((side) => side !== 0), name).toBe(true);
      offBound += states.filter((s) => s.method === 'dogbox' && s.residualsAt.some((v, j) => v !== s.x[j])).length;
      for (let k = 1; k <= whole.iterations; k++) {
        const stopped = run(c, { onIteration: (info) => info.iteration < k });
        expect(stopped.status, `${name}, stopped at ${k}`).toBe(-2);
        const resumed = run(c, { resume: JSON.parse(JSON.stringify(states[k - 1])) as tf.FitState });
        expect(resumed, `${name}, resumed from step ${k}`).toEqual(whole);
      }
    }
    expect(offBound).toBeGreaterThan(0);
  });

  it('a batched curveFit gives each dataset the fit it gets alone', () => {
    const rows = [y, y.map((v) => 1.5 * v), y.map((v) => v + 0.3)];
    const batch = tf.optimize.curveFit(decay, t, rows, [1, 0.5, 0], decayOptions());
    rows.forEach((row, b) => expect(batch[b]).toEqual(tf.optimize.curveFit(decay, t, row, [1, 0.5, 0], decayOptions())));
  });

  it("evaluation budget: 100·n by default (scipy's), maxEvaluations to change it", () => {
    // Tolerances out of reach: the fit runs until its budget is spent.
    const exhausted = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], decayOptions({ ftol: 0, xtol: 0, gtol: 0 }));
    expect(exhausted.status).toBe(0);
    expect(exhausted.evaluations).toBe(300);
    expect(exhausted.message).toBe('The maximum number of function evaluations is exceeded.');
    const short = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], decayOptions({ ftol: 0, xtol: 0, gtol: 0, maxEvaluations: 7 }));
    expect(short.evaluations).toBe(7);
    // maxIterations caps the accepted steps, gradtape's limit of the other methods.
    const capped = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], decayOptions({ maxIterations: 2 }));
    expect([capped.iterations, capped.status, capped.message]).toEqual([2, 0, 'The maximum number of iterations is exceeded.']);
  });

  it('rejects what it cannot use, naming the methods', () => {
    const line = (x: tf.Tensor, a: tf.Tensor) => x.mul(a);
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [1], { method: 'dogleg' as never }))
      .toThrow(`curveFit: method "dogleg" is not supported; the methods are 'lm' (Levenberg-Marquardt), 'trf' (Trust Region Reflective) and 'dogbox' (dogleg in a rectangular trust region).`);
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [1], { method: 'lm', bounds: [0, 3] })).toThrow(/use method 'trf' \(the default when bounds are given\) or 'dogbox'/);
    for (const bad of [0, 1.5, -3, 'many']) {
      expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [1], { method: 'dogbox', maxEvaluations: bad as never })).toThrow(/curveFit: maxEvaluations must be a positive integer/);
    }
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [1.5], { method: 'dogbox', bounds: [0, 1] })).toThrow(/p0 is infeasible/);
    let state: tf.FitState | undefined;
    tf.optimize.curveFit(line, [1, 2], [2, 4], [0], { method: 'dogbox', onIteration: (info) => { state ??= info.state; } });
    expect(state!.method).toBe('dogbox');
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [0], { method: 'trf', resume: state! }))
      .toThrow("curveFit: resume must be the state an earlier fit's onIteration received (info.state); it is a 'dogbox' state and this fit's method is 'trf'.");
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [0], { method: 'dogbox', resume: { ...state!, onBound: [2] } as never })).toThrow(/its onBound entries must be -1, 0 or 1/);
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [0], { method: 'dogbox', resume: { ...state!, toleranceStatus: 1 } as never })).toThrow(/its toleranceStatus must be 0, 2, 3 or 4/);
    expect(() => tf.optimize.curveFit(line, [1, 2], [2, 4], [0], { method: 'dogbox', bounds: [-1, 1], resume: { ...state!, x: [0.5], residualsAt: [3] } as never })).toThrow(/its residualsAt is outside the bounds/);
  });

  it('fits with fewer residuals than parameters, and leaves no tensors behind', () => {
    const under = tf.optimize.leastSquares((p) => p.sum().sub(1).reshape([1]), [0, 0], { method: 'dogbox' });
    expect(Math.abs(under.x[0]! + under.x[1]! - 1)).toBeLessThan(1e-12);
    // The minimum-norm Gauss-Newton step splits the correction evenly.
    expect(under.x[0]).toBeCloseTo(0.5, 12);
    const before = tf.memory().numTensors;
    tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], decayOptions());
    run(decayRun);
    expect(tf.memory().numTensors).toBe(before);
  });
});

