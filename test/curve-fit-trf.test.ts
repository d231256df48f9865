// tf.optimize.curveFit with method 'trf' against scipy.optimize (test/fixtures/curve-fit-trf-scipy.json,
// from scripts/curve_fit_trf_fixtures.py): bounds with and without an active constraint, the robust
// losses with an fScale, a full covariance matrix as sigma, and 'trf' without bounds; then the
// properties scipy's fixtures cannot show (strictly feasible iterates, defaults, leastSquares).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

interface TrfFixture {
  name: string; model: 'decay' | 'logistic'; xdata: number[]; ydata: number[]; p0: number[];
  bounds: (number | 'Infinity' | '-Infinity')[][]; method: 'lm' | 'trf'; loss: Exclude<tf.CurveFitOptions['loss'], tf.FitLossFunction>; fScale: number;
  /** Per-point sigma, or the name of a covariance matrix in the fixture's `matrices`. */
  sigma: number[] | string | null; absoluteSigma: boolean;
  params: number[]; covariance: number[][]; cost: number; status: number; activeMask: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/curve-fit-trf-scipy.json', import.meta.url), 'utf8')) as {
  matrices: Record<string, number[][]>; curveFit: TrfFixture[];
};

const decay = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(x.mul(b).neg())).add(c);
const logistic = (x: tf.Tensor, b1: tf.Tensor, b2: tf.Tensor, b3: tf.Tensor) => b1.div(tf.exp(b2.sub(x.mul(b3))).add(1));
const MODELS = { decay, logistic };
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const bound = (v: number | string) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number));

/** The bars: parameters to 1e-6 relative, covariance to 1e-5. Measured (scipy 1.17.1): the
 * linear-loss cases agree to 1e-10 or better in both; the robust losses, whose cost is flatter at
 * the minimum, to 7e-9 in the parameters and 8e-8 in the covariance. */
const PARAMS_RTOL = 1e-6;
const COVARIANCE_RTOL = 1e-5;

function fitFixture(c: TrfFixture, extra: tf.CurveFitOptions = {}) {
  return tf.optimize.curveFit(MODELS[c.model] as never, c.xdata, c.ydata, c.p0, {
    method: c.method,
    bounds: [c.bounds[0]!.map(bound), c.bounds[1]!.map(bound)],
    ...(c.method === 'trf' ? { loss: c.loss, fScale: c.fScale } : {}),
    ...(c.sigma ? { sigma: typeof c.sigma === 'string' ? fixture.matrices[c.sigma]! : c.sigma } : {}),
    absoluteSigma: c.absoluteSigma,
    ...extra,
  });
}

describe("curveFit method 'trf' against scipy.optimize.curve_fit and least_squares", () => {
  for (const c of fixture.curveFit) {
    it(c.name, () => {
      const r = fitFixture(c);
      expect(r.converged, r.message).toBe(true);
      r.params.forEach((p, j) => expect(relative(p, c.params[j]!), `param ${j}: ${p} vs ${c.params[j]}`).toBeLessThan(PARAMS_RTOL));
      expect(r.activeMask).toEqual(c.activeMask);
      r.covariance.forEach((row, i) => row.forEach((v, j) =>
        expect(relative(v, c.covariance[i]![j]!), `covariance[${i}][${j}]: ${v} vs ${c.covariance[i]![j]}`).toBeLessThan(COVARIANCE_RTOL)));
      expect(relative(r.cost, c.cost)).toBeLessThan(1e-9);
      // Every parameter inside its bounds.
      r.params.forEach((p, j) => {
        expect(p).toBeGreaterThanOrEqual(bound(c.bounds[0]![j]!));
        expect(p).toBeLessThanOrEqual(bound(c.bounds[1]![j]!));
      });
    });
  }
});

describe("method 'trf'", () => {
  const active = fixture.curveFit.find((c) => c.name === 'decay, c bounded above (active)')!;

  it('keeps every iterate strictly inside the bounds', () => {
    const seen: number[][] = [];
    const r = fitFixture(active, { onIteration: (info) => { seen.push(info.params); } });
    expect(seen.length).toBe(r.iterations);
    expect(seen.length).toBeGreaterThan(2);
    for (const p of seen) {
      expect(p[0]).toBeGreaterThan(0);
      expect(p[1]).toBeGreaterThan(0);
      expect(p[2]).toBeLessThan(0.4);
    }
  });

  it("is the default with bounds; 'lm' stays the default without", () => {
    const bounded = fitFixture(active, { method: undefined });
    expect(bounded.activeMask).toEqual([0, 0, 1]);
    const unbounded = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, active.p0);
    const trf = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, active.p0, { method: 'trf' });
    expect(unbounded.activeMask).toEqual([0, 0, 0]);
    // Both methods reach the same unbounded minimum.
    trf.params.forEach((p, j) => expect(relative(p, unbounded.params[j]!)).toBeLessThan(1e-9));
    trf.covariance.forEach((row, i) => row.forEach((v, j) => expect(relative(v, unbounded.covariance[i]![j]!)).toBeLessThan(1e-7)));
  });

  it("xScale 'jac' and numeric xScale reach the same minimum", () => {
    const base = fitFixture(active);
    for (const xScale of ['jac', [1, 0.1, 0.01], 3] as const) {
      const r = fitFixture(active, { xScale: xScale as never });
      expect(r.converged, r.message).toBe(true);
      r.params.forEach((p, j) => expect(relative(p, base.params[j]!)).toBeLessThan(1e-9));
      expect(r.activeMask).toEqual([0, 0, 1]);
    }
    // Method 'lm' takes a numeric xScale too (MINPACK's fixed scaling).
    const lm = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, active.p0, { method: 'lm', xScale: [1, 1, 1] });
    const lmJac = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, active.p0);
    lm.params.forEach((p, j) => expect(relative(p, lmJac.params[j]!)).toBeLessThan(1e-9));
  });

  it('accepts scalar bounds for every parameter, and a start on a bound', () => {
    const r = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, [1, 0.5, 0], { bounds: [-1, [10, 10, 0.4]] });
    expect(r.converged, r.message).toBe(true);
    expect(r.activeMask).toEqual([0, 0, 1]);
    r.params.forEach((p, j) => expect(relative(p, active.params[j]!)).toBeLessThan(1e-6));
    const onBound = tf.optimize.curveFit(decay as never, active.xdata, active.ydata, [1, 0.5, 0.4], { bounds: [-1, [10, 10, 0.4]] });
    onBound.params.forEach((p, j) => expect(relative(p, r.params[j]!)).toBeLessThan(1e-9));
  });

  it("defaults p0 inside the bounds as curve_fit does (midpoint, or 1 inside a one-sided bound)", () => {
    // Read the start through a model that records its parameters.
    const seen: number[][] = [];
    tf.optimize.curveFit((x, a, b, c) => { seen.push([a, b, c].map((t) => t.dataSync()[0]!)); return decay(x, a, b, c); },
      active.xdata, active.ydata, undefined, { bounds: [[0, 2, -Infinity], [4, Infinity, 0.4]], maxIterations: 1 });
    expect(seen[0]).toEqual([2, 3, -0.6]);
  });

  it('a full covariance sigma that is diagonal gives the per-point sigma fit', () => {
    const c = fixture.curveFit.find((f) => f.name === 'decay, b bounded below (active), relative sigma')!;
    const s = c.sigma as number[];
    const diagonal = s.map((si, i) => s.map((_, j) => (i === j ? si * si : 0)));
    const perPoint = fitFixture(c);
    const full = fitFixture(c, { sigma: diagonal });
    full.params.forEach((p, j) => expect(relative(p, perPoint.params[j]!)).toBeLessThan(1e-12));
    full.covariance.forEach((row, i) => row.forEach((v, j) => expect(relative(v, perPoint.covariance[i]![j]!)).toBeLessThan(1e-10)));
    full.residuals.forEach((r, i) => expect(r).toBeCloseTo(perPoint.residuals[i]!, 12));
  });

  it('robust losses: cost is ½ fScale² Σ ρ((r/fScale)²) of the residuals returned', () => {
    const rho: Record<string, (z: number) => number> = {
      soft_l1: (z) => 2 * (Math.sqrt(1 + z) - 1),
      huber: (z) => (z <= 1 ? z : 2 * Math.sqrt(z) - 1),
      cauchy: (z) => Math.log1p(z),
      arctan: (z) => Math.atan(z),
    };
    for (const c of fixture.curveFit.filter((f) => f.loss !== 'linear')) {
      const r = fitFixture(c);
      const expected = 0.5 * c.fScale ** 2 * r.residuals.reduce((s, ri) => s + rho[c.loss!]!((ri / c.fScale) ** 2), 0);
      expect(relative(r.cost, expected)).toBeLessThan(1e-12);
      expect(relative(r.residualSumOfSquares, r.residuals.reduce((s, ri) => s + ri * ri, 0))).toBeLessThan(1e-12);
    }
  });

  it('leastSquares takes bounds and a loss, and returns activeMask', () => {
    // Rosenbrock with x0 <= 0.5: the constrained minimum is on that bound.
    const r = tf.optimize.leastSquares((p) => {
      const [x0, x1] = tf.unstack(p);
      return tf.stack([x1!.sub(x0!.square()).mul(10), tf.sub(1, x0!)]);
    }, [-1.2, 1], { bounds: [[-Infinity, -Infinity], [0.5, Infinity]] });
    expect(r.converged, r.message).toBe(true);
    expect(r.activeMask).toEqual([1, 0]);
    expect(r.x[0]).toBeCloseTo(0.5, 12);
    expect(r.x[1]).toBeCloseTo(0.25, 10);
    expect(r.cost).toBeCloseTo(0.125, 12);
    // Fewer residuals than parameters: 'lm' refuses; 'trf', leastSquares' default (scipy's), solves it.
    expect(() => tf.optimize.leastSquares((p) => p.sum().sub(1).reshape([1]), [0, 0], { method: 'lm' })).toThrow(/method 'lm' needs at least as many residuals/);
    const under = tf.optimize.leastSquares((p) => p.sum().sub(1).reshape([1]), [0, 0]);
    expect(Math.abs(under.x[0]! + under.x[1]! - 1)).toBeLessThan(1e-12);
  });

  it('leaves no tensors behind', () => {
    const c = fixture.curveFit.find((f) => f.name === 'decay, full covariance sigma (trf)')!;
    fitFixture(c);
    const before = tf.memory().numTensors;
    fitFixture(c);
    fitFixture(active);
    expect(tf.memory().numTensors).toBe(before);
  });
});
