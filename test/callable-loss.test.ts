// Loss functions of your own (`loss: (z) => [rho, drho, d2rho]`) against scipy.optimize's callable
// `loss` (test/fixtures/callable-loss-scipy.json, from scripts/callable_loss_fixtures.py):
// least_squares with methods 'trf' and 'dogbox', fScale != 1, with and without active bounds, on
// an exponential decay with outliers and NIST StRD problems, and curve_fit. Each 'dogbox' run must
// take scipy's iterates: the same solution, cost, number of evaluations (nfev) and of Jacobians
// (njev = accepted steps + 1), status, active mask and message. gradtape's 'trf' takes its own
// path (with the named losses too), so its runs (tolerances 1e-15 on both sides) must end at
// scipy's minimum with its active mask. Then what scipy's fixtures cannot show: a loss function
// written as a named loss gives that loss's fit bit for bit; batches, jit, resume; the errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { parseNist } from './helpers/nist-strd';

type Bound = number | 'Infinity' | '-Infinity';
type LossKey = 'soft_l1' | 'geman_mcclure' | 'welsch';
interface LeastSquaresRun {
  name: string; problem: string; method: 'trf' | 'dogbox'; loss: LossKey; fScale: number; x0: number[]; bounds: [Bound[], Bound[]]; tolerance: number;
  x: number[]; cost: number; nfev: number; njev: number; status: number; activeMask: number[]; message: string;
}
interface CurveFitRun {
  name: string; method: 'trf' | 'dogbox'; loss: LossKey; fScale: number; p0: number[]; bounds: [Bound[], Bound[]]; sigma: number[] | null; tolerance: number;
  params: number[]; covariance: number[][]; nfev: number; status: number; message: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/callable-loss-scipy.json', import.meta.url), 'utf8')) as {
  data: { decay: { t: number[]; y: number[] } }; leastSquares: LeastSquaresRun[]; curveFit: CurveFitRun[];
};

/** A loss from ρ, ρ' and ρ'' of one z, as three plain arrays. */
const elementwise = (rho: (z: number) => [number, number, number]): tf.FitLossFunction => (z) => {
  const values = Array.from(z, rho);
  return [values.map((v) => v[0]), values.map((v) => v[1]), values.map((v) => v[2])];
};
/** scipy's losses in the fixture, written in JavaScript. soft_l1 with gradtape's arithmetic for the named 'soft_l1'. */
const LOSSES: Record<LossKey, tf.FitLossFunction> = {
  soft_l1: elementwise((z) => {
    const t = 1 + z;
    const s = Math.sqrt(t);
    return [2 * (s - 1), 1 / s, -0.5 / (t * s)];
  }),
  // ρ(z) = z / (1 + z), as typed arrays.
  geman_mcclure: (z) => {
    const t = z.map((zi) => 1 + zi);
    return [z.map((zi, i) => zi / t[i]!), t.map((ti) => 1 / ti ** 2), t.map((ti) => -2 / ti ** 3)];
  },
  // ρ(z) = 1 - e^(-z).
  welsch: elementwise((z) => {
    const e = Math.exp(-z);
    return [1 - e, e, -e];
  }),
};

const bound = (v: Bound) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const decay = (t: tf.Tensor, a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(k.neg().mul(t))).add(c);
const { t, y } = fixture.data.decay;

/** A fixture run with gradtape: NIST problems and the decay through leastSquares, as scipy's. */
function run(c: LeastSquaresRun, extra: tf.FitOptions = {}): tf.LeastSquaresResult {
  const options: tf.FitOptions = {
    method: c.method, bounds: [c.bounds[0].map(bound), c.bounds[1].map(bound)], ftol: c.tolerance, xtol: c.tolerance, gtol: c.tolerance,
    loss: LOSSES[c.loss], fScale: c.fScale, ...extra,
  };
  const [x, data] = c.problem.startsWith('nist:') ? (() => {
    const problem = parseNist(c.problem.slice(5));
    return [problem.x.map((row) => row[0]!), problem.y] as const;
  })() : [t, y] as const;
  const model = c.problem.startsWith('nist:') ? parseNist(c.problem.slice(5)).model : decay;
  const xTensor = tf.constant(Float64Array.from(x));
  const yTensor = tf.constant(Float64Array.from(data));
  try {
    return tf.optimize.leastSquares((p) => model(xTensor, ...tf.unstack(p)).sub(yTensor), c.x0, options);
  } finally {
    xTensor.dispose();
    yTensor.dispose();
  }
}

/** The bars of test/dogbox.test.ts: x to 1e-7 relative, the cost to 1e-9; for 'dogbox' the
 * counts, status, active mask and message exact. */
const X_RTOL = 1e-7;
const COST_RTOL = 1e-9;

describe("with method 'dogbox', a loss function takes scipy.optimize.least_squares' iterates with its callable loss", () => {
  for (const c of fixture.leastSquares.filter((f) => f.method === 'dogbox')) {
    it(`${c.name}: nfev ${c.nfev}, njev ${c.njev}, status ${c.status}`, () => {
      const r = run(c);
      r.x.forEach((v, j) => expect(relative(v, c.x[j]!), `x[${j}]: ${v} vs ${c.x[j]}`).toBeLessThan(X_RTOL));
      expect(relative(r.cost, c.cost), `cost ${r.cost} vs ${c.cost}`).toBeLessThan(COST_RTOL);
      expect({ nfev: r.evaluations, njev: r.iterations + 1, status: r.status, activeMask: r.activeMask, message: r.message })
        .toEqual({ nfev: c.nfev, njev: c.njev, status: c.status, activeMask: c.activeMask, message: c.message });
    });
  }
});

describe("with method 'trf', a loss function reaches scipy.optimize.least_squares' minimum with its callable loss", () => {
  for (const c of fixture.leastSquares.filter((f) => f.method === 'trf')) {
    it(c.name, () => {
      const r = run(c);
      expect(r.converged, r.message).toBe(true);
      r.x.forEach((v, j) => expect(relative(v, c.x[j]!), `x[${j}]: ${v} vs ${c.x[j]}`).toBeLessThan(X_RTOL));
      expect(relative(r.cost, c.cost), `cost ${r.cost} vs ${c.cost}`).toBeLessThan(COST_RTOL);
      expect(r.activeMask).toEqual(c.activeMask);
    });
  }
});

describe('curveFit with a loss function against scipy.optimize.curve_fit', () => {
  for (const c of fixture.curveFit) {
    it(c.name, () => {
      const r = tf.optimize.curveFit(decay, t, y, c.p0, {
        method: c.method, bounds: [c.bounds[0].map(bound), c.bounds[1].map(bound)], ftol: c.tolerance, xtol: c.tolerance, gtol: c.tolerance,
        loss: LOSSES[c.loss], fScale: c.fScale, ...(c.sigma ? { sigma: c.sigma } : {}),
      });
      r.params.forEach((p, j) => expect(relative(p, c.params[j]!), `param ${j}: ${p} vs ${c.params[j]}`).toBeLessThan(X_RTOL));
      r.covariance.forEach((row, i) => row.forEach((v, j) =>
        expect(relative(v, c.covariance[i]![j]!), `covariance[${i}][${j}]: ${v} vs ${c.covariance[i]![j]}`).toBeLessThan(1e-6)));
      if (c.method === 'dogbox') expect({ nfev: r.evaluations, status: r.status, message: r.message }).toEqual({ nfev: c.nfev, status: c.status, message: c.message });
      else expect(r.converged, r.message).toBe(true);
    });
  }
});

describe('loss functions', () => {
  const options = (extra: tf.CurveFitOptions = {}): tf.CurveFitOptions => ({ loss: LOSSES.geman_mcclure, fScale: 0.2, ...extra });

  it("soft_l1 written as a function gives the named 'soft_l1' fit bit for bit, with each method, bounds and fScale", () => {
    for (const c of fixture.leastSquares.filter((f) => f.loss === 'soft_l1')) {
      const named = run(c, { loss: 'soft_l1' });
      expect(run(c), c.name).toEqual(named);
    }
  });

  it('receives z = (r/fScale)² and is called on finite values only', () => {
    const seen: Float64Array[] = [];
    const r = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({
      loss: (z) => {
        seen.push(z.slice());
        return LOSSES.geman_mcclure(z);
      },
    }));
    expect(seen.length).toBeGreaterThan(r.evaluations);
    for (const z of seen) {
      expect(z.length).toBe(t.length);
      for (const v of z) expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    // The last call is at the solution: z = (r/0.2)², and the cost ½ fScale² Σ ρ(z).
    const last = seen[seen.length - 1]!;
    r.residuals.forEach((ri, i) => expect(relative(last[i]!, (ri * ri) / 0.04)).toBeLessThan(1e-15));
    const cost = 0.5 * 0.04 * Array.from(last).reduce((s, z) => s + z / (1 + z), 0);
    expect(relative(r.cost, cost)).toBeLessThan(1e-14);
  });

  it('with jit off gives the same fit (the loss runs on numbers, not in the replayed model)', () => {
    for (const method of ['trf', 'dogbox'] as const) {
      expect(tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method, jit: false })))
        .toEqual(tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method })));
    }
  });

  it('a batched curveFit gives each dataset the fit it gets alone', () => {
    const rows = [y, y.map((v) => 1.5 * v), y.map((v) => v + 0.3)];
    for (const method of ['trf', 'dogbox'] as const) {
      const batch = tf.optimize.curveFit(decay, t, rows, [1, 0.5, 0], options({ method }));
      rows.forEach((row, b) => expect(batch[b], `${method}, fit ${b}`).toEqual(tf.optimize.curveFit(decay, t, row, [1, 0.5, 0], options({ method }))));
    }
  });

  it('resumes from info.state to the uninterrupted result', () => {
    for (const method of ['trf', 'dogbox'] as const) {
      const states: tf.FitState[] = [];
      const whole = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method, onIteration: (info) => { states.push(info.state); } }));
      const k = Math.floor(states.length / 2);
      const resumed = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method, resume: JSON.parse(JSON.stringify(states[k - 1])) as tf.FitState }));
      expect(resumed, method).toEqual(whole);
    }
  });

  it("is refused by method 'lm', as scipy's, and makes 'trf' curveFit's default", () => {
    expect(() => tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method: 'lm' })))
      .toThrow("curveFit: method 'lm' supports only the 'linear' loss; use method 'trf' or 'dogbox' for a loss function.");
    expect(() => tf.optimize.leastSquares((p) => p.sub(1), [0], { method: 'lm', loss: LOSSES.welsch }))
      .toThrow("leastSquares: method 'lm' supports only the 'linear' loss; use method 'trf' or 'dogbox' for a loss function.");
    expect(tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options())).toEqual(tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method: 'trf' })));
  });

  it('rejects anything but [rho, drho, d2rho] of m finite numbers each, naming the function', () => {
    const m = t.length;
    const fit = (loss: unknown) => () => tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], { loss: loss as tf.FitLossFunction });
    const shape = `curveFit: the loss function must return [rho, drho, d2rho]: ρ(z), ρ'(z) and ρ''(z), three arrays of one number per value of z (${m}), got`;
    expect(fit(() => new Float64Array(3 * m))).toThrow(`${shape} a Float64Array of length ${3 * m}.`);
    expect(fit((z: Float64Array) => [z, z])).toThrow(`${shape} an array of 2 (a Float64Array of length ${m}, a Float64Array of length ${m}).`);
    expect(fit((z: Float64Array) => [z, z, 1])).toThrow(`${shape} an array of 3 (a Float64Array of length ${m}, a Float64Array of length ${m}, 1).`);
    expect(fit(() => undefined)).toThrow(`${shape} undefined.`);
    expect(fit((z: Float64Array) => [z, z, z.subarray(1)]))
      .toThrow(`curveFit: the loss function returned ${m - 1} values of d2rho for ${m} values of z; rho, drho and d2rho must each have one entry per residual.`);
    expect(fit((z: Float64Array) => [z, Array.from(z, () => NaN), z])).toThrow(/^curveFit: the loss function returned drho\[0\] = NaN at z\[0\] = [\d.e-]+; rho, drho and d2rho must be finite numbers\.$/);
    expect(fit((z: Float64Array) => [Array.from(z, String), z, z])).toThrow(/the loss function returned rho\[0\] = "[\d.e-]+" at z\[0\]/);
    expect(fit((z: Float64Array) => [z, z, Array.from(z, () => -Infinity)])).toThrow(/d2rho\[0\] = -Infinity/);
    expect(() => tf.optimize.leastSquares((p) => p.sub(1), [0], { loss: () => [[1], [1]] as never }))
      .toThrow("leastSquares: the loss function must return [rho, drho, d2rho]: ρ(z), ρ'(z) and ρ''(z), three arrays of one number per value of z (1), got an array of 2 (an array of length 1, an array of length 1).");
    expect(fit('l1')).toThrow(`curveFit: loss "l1" is not supported; the losses are 'linear', 'soft_l1', 'huber', 'cauchy', 'arctan', or a function (z) => [rho, drho, d2rho].`);
    // What the function throws reaches the caller as it is.
    expect(fit(() => { throw new RangeError('my loss failed'); })).toThrow('my loss failed');
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], options({ method: 'dogbox' }));
    run(fixture.leastSquares[0]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
