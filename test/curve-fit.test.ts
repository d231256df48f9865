// tf.optimize.curveFit and leastSquares: scipy's semantics (sigma weighting, absoluteSigma, the
// covariance rule) against test/fixtures/curve-fit-scipy.json (scripts/curve_fit_fixtures.py),
// the result's fields, the stopping controls, the errors for bad input, and no tensor left behind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

interface FitFixture {
  name: string; xdata: number[] | number[][]; ydata: number[]; p0: number[]; sigma: number[] | null;
  absoluteSigma: boolean; params: number[]; covariance: number[][]; cost: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/curve-fit-scipy.json', import.meta.url), 'utf8')) as {
  curveFit: FitFixture[];
  leastSquares: { name: string; x0: number[]; x: number[]; cost: number; xdata?: number[]; ydata?: number[]; sigma?: number[] }[];
};

const decay = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(x.mul(b).neg())).add(c);
const planeWave = (xy: tf.Tensor, a: tf.Tensor, k: tf.Tensor, phase: tf.Tensor) => {
  const [x, y] = tf.unstack(xy, 1);
  return a.mul(tf.sin(x!.mul(k).add(phase))).mul(tf.exp(y!.mul(-0.1)));
};
const MODELS: Record<string, (x: tf.Tensor, ...p: tf.Tensor[]) => tf.Tensor> = {
  'decay, no sigma': decay as never,
  'decay, relative sigma': decay as never,
  'decay, absolute sigma': decay as never,
  'plane wave, two predictors, absolute sigma': planeWave as never,
};

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const line = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => x.mul(a).add(b);

describe('curveFit against scipy.optimize.curve_fit', () => {
  for (const c of fixture.curveFit) {
    it(c.name, () => {
      const r = tf.optimize.curveFit(MODELS[c.name]!, c.xdata, c.ydata, c.p0, {
        ...(c.sigma ? { sigma: c.sigma } : {}), absoluteSigma: c.absoluteSigma,
      });
      expect(r.converged, r.message).toBe(true);
      r.params.forEach((p, j) => expect(relative(p, c.params[j]!)).toBeLessThan(1e-9));
      r.covariance.forEach((row, i) => row.forEach((v, j) => expect(relative(v, c.covariance[i]![j]!)).toBeLessThan(1e-6)));
      expect(relative(r.cost, c.cost)).toBeLessThan(1e-10);
    });
  }

  it('relative sigma: scaling sigma changes neither the parameters nor the covariance; absolute sigma scales it by the square', () => {
    const c = fixture.curveFit.find((f) => f.name === 'decay, relative sigma')!;
    const tenfold = c.sigma!.map((s) => 10 * s);
    const base = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma! });
    const scaled = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: tenfold });
    const absolute = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma!, absoluteSigma: true });
    const absoluteScaled = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: tenfold, absoluteSigma: true });
    scaled.params.forEach((p, j) => expect(relative(p, base.params[j]!)).toBeLessThan(1e-9));
    scaled.standardErrors.forEach((s, j) => expect(relative(s, base.standardErrors[j]!)).toBeLessThan(1e-7));
    absoluteScaled.standardErrors.forEach((s, j) => expect(relative(s, 10 * absolute.standardErrors[j]!)).toBeLessThan(1e-7));
  });
});

describe("curveFit and leastSquares with dtype 'float32'", () => {
  const t = Array.from({ length: 60 }, (_, i) => (4 * i) / 59);
  let seed = 5;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const y = t.map((x) => 2.5 * Math.exp(-1.3 * x) + 0.5 + 0.02 * (rand() - 0.5));

  it('runs the model in float32 and lands within float32 rounding of the float64 fit', () => {
    const dtypes = new Set<string>();
    const model = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      [x, a, b, c].forEach((v) => dtypes.add(v.dtype));
      return decay(x, a, b, c);
    };
    const single = tf.optimize.curveFit(model, t, y, [1, 1, 0], { dtype: 'float32' });
    expect([...dtypes]).toEqual(['float32']);
    const double = tf.optimize.curveFit(decay, t, y, [1, 1, 0]);
    expect(single.converged, single.message).toBe(true);
    single.params.forEach((p, j) => expect(relative(p, double.params[j]!)).toBeLessThan(1e-5));
    single.standardErrors.forEach((s, j) => expect(relative(s, double.standardErrors[j]!)).toBeLessThan(1e-3));
    // Tolerances tighter than float32 can meet end at machine precision, not at the iteration limit.
    const tight = tf.optimize.curveFit(decay, t, y, [1, 1, 0], { dtype: 'float32', ftol: 1e-15, xtol: 1e-15, gtol: 1e-15 });
    expect(tight.converged, tight.message).toBe(true);
    expect(tight.iterations).toBeLessThan(20);
    const trf = tf.optimize.curveFit(decay, t, y, [1, 1, 0], { dtype: 'float32', bounds: [0, 10] });
    trf.params.forEach((p, j) => expect(relative(p, double.params[j]!)).toBeLessThan(1e-5));
  });

  it('batched float32 fits equal the single float32 fits', () => {
    const rows = [y, y.map((v) => 2 * v), y.map((v) => v + 1)];
    const batch = tf.optimize.curveFit(decay, t, rows, [1, 1, 0], { dtype: 'float32' });
    batch.forEach((r, b) => {
      const alone = tf.optimize.curveFit(decay, t, rows[b]!, [1, 1, 0], { dtype: 'float32' });
      expect(r.params).toEqual(alone.params);
      expect(r.iterations).toBe(alone.iterations);
    });
  });

  it('leastSquares takes dtype too; a float64 model in a float32 fit and other dtypes are errors', () => {
    const rosenbrock = (p: tf.Tensor) => {
      const [x0, x1] = tf.unstack(p);
      return tf.stack([x1!.sub(x0!.square()).mul(10), tf.sub(1, x0!)]);
    };
    const r = tf.optimize.leastSquares(rosenbrock, [-1.2, 1], { dtype: 'float32' });
    r.x.forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-5));
    expect(() => tf.optimize.curveFit((x, a) => x.mul(a).cast('float64'), t, y, [1], { dtype: 'float32' }))
      .toThrow(/returned float64; this fit runs in float32: make constants with dtype 'float32'/);
    expect(() => tf.optimize.curveFit(decay, t, y, [1, 1, 0], { dtype: 'int32' as never }))
      .toThrow(/curveFit: dtype must be 'float64' \(the default\) or 'float32', got .int32./);
  });
});

describe('curveFit result', () => {
  const x = [0, 1, 2, 3, 4, 5];
  const y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0];

  it('has scipy-named fields that agree with each other', () => {
    const r = tf.optimize.curveFit(line, x, y, [1, 0]);
    expect(Object.keys(r).sort()).toEqual([
      'activeMask', 'converged', 'cost', 'covariance', 'evaluations', 'iterations', 'jacobian', 'message', 'params',
      'residualSumOfSquares', 'residuals', 'standardErrors', 'status',
    ]);
    expect(r.residuals).toHaveLength(6);
    // The Jacobian's rows (made at once for a small fit, when first read for a large one: more
    // than 4096 entries) behave as a plain property throughout.
    const bigX = Array.from({ length: 2100 }, (_, i) => i / 100);
    const big = tf.optimize.curveFit(line, bigX, bigX.map((xi) => 2 * xi + 1), [1, 0]);
    for (const [fit, xs] of [[r, x], [big, bigX]] as const) {
      expect(JSON.parse(JSON.stringify(fit)).jacobian).toEqual(xs.map((xi) => [xi, 1]));
      expect(structuredClone(fit).jacobian).toEqual(xs.map((xi) => [xi, 1]));
      expect(fit.jacobian).toEqual(xs.map((xi) => [xi, 1]));
      expect(fit.jacobian).toBe(fit.jacobian);
      expect(Object.getOwnPropertyDescriptor(fit, 'jacobian')).toMatchObject({ enumerable: true, writable: true });
      expect(Object.keys(fit)).toEqual(Object.keys(r));
    }
    r.jacobian = [];
    expect(r.jacobian).toEqual([]);
    big.jacobian = [];
    expect(big.jacobian).toEqual([]);
    r.residuals.forEach((ri, i) => expect(ri).toBeCloseTo(r.params[0]! * x[i]! + r.params[1]! - y[i]!, 12));
    expect(r.residualSumOfSquares).toBeCloseTo(2 * r.cost, 14);
    expect(r.standardErrors).toEqual(r.covariance.map((row, j) => Math.sqrt(row[j]!)));
    // The straight line's least-squares solution in closed form.
    const mx = 2.5, my = y.reduce((a, b) => a + b) / 6;
    const slope = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    expect(relative(r.params[0]!, slope)).toBeLessThan(1e-12);
    expect(r.converged).toBe(true);
    expect([1, 2, 3, 4]).toContain(r.status);
    expect(typeof r.message).toBe('string');
    expect(r.evaluations).toBeGreaterThanOrEqual(r.iterations + 1);
  });

  it("takes scipy's [k, m] xdata for k predictors as given: the model unpacks its rows (x, y = xdata) and the fit is the [m, k] one's", () => {
    const c = fixture.curveFit.find((f) => f.name.startsWith('plane wave'))!;
    const rows = c.xdata as number[][];
    const scipyLayout = [rows.map((r) => r[0]!), rows.map((r) => r[1]!)];
    const shapes: number[][] = [];
    const byRows = (xy: tf.Tensor, a: tf.Tensor, k: tf.Tensor, phase: tf.Tensor) => {
      shapes.push(xy.shape);
      const [x, y] = tf.unstack(xy);
      return a.mul(tf.sin(x!.mul(k).add(phase))).mul(tf.exp(y!.mul(-0.1)));
    };
    const options = { sigma: c.sigma!, absoluteSigma: c.absoluteSigma };
    const fit = tf.optimize.curveFit(byRows as never, scipyLayout, c.ydata, c.p0, options);
    const reference = tf.optimize.curveFit(planeWave as never, c.xdata, c.ydata, c.p0, options);
    expect(shapes[0]).toEqual([2, rows.length]);
    expect(fit.params).toEqual(reference.params);
    expect(fit.covariance).toEqual(reference.covariance);
    expect(fit.converged, fit.message).toBe(true);
    expect(() => tf.optimize.curveFit(byRows as never, [scipyLayout[0]!.slice(1), scipyLayout[1]!.slice(1)], c.ydata, c.p0)).toThrow(
      `curveFit: xdata has shape [2, ${rows.length - 1}] but ydata has ${rows.length} points; xdata must be [${rows.length}], [${rows.length}, k] or scipy's [k, ${rows.length}].`,
    );
  });

  it('accepts tensors and typed arrays for the data, and defaults p0 to ones from the signature', () => {
    const fromTensors = tf.optimize.curveFit(line, tf.constant(x, 'float64'), new Float64Array(y));
    const fromArrays = tf.optimize.curveFit(line, x, y, [1, 1]);
    fromTensors.params.forEach((p, j) => expect(p).toBeCloseTo(fromArrays.params[j]!, 12));
  });

  it("takes the options in p0's place with p0 among them, as scipy's keywords: the same fit; p0 given twice is an error", () => {
    const positional = tf.optimize.curveFit(line, x, y, [2, -1], { method: 'trf', bounds: [[-5, -5], [5, 5]] });
    expect(tf.optimize.curveFit(line, x, y, { p0: [2, -1], method: 'trf', bounds: [[-5, -5], [5, 5]] })).toEqual(positional);
    expect(tf.optimize.curveFit(line, x, y, undefined, { p0: [2, -1], method: 'trf', bounds: [[-5, -5], [5, 5]] })).toEqual(positional);
    expect(tf.optimize.curveFit(line, x, y, { method: 'trf' }).params).toEqual(tf.optimize.curveFit(line, x, y, [1, 1], { method: 'trf' }).params);
    expect(() => tf.optimize.curveFit(line, x, y, [2, -1], { p0: [2, -1] })).toThrow('curveFit: p0 was given twice (the fourth argument and options.p0); pass one.');
    expect(() => tf.optimize.curveFit(line, x, y, { p0: [2, -1] }, { method: 'trf' })).toThrow(/options were given twice/);
  });

  it('gives an infinite covariance when points = parameters, unless sigma is absolute', () => {
    const r = tf.optimize.curveFit(line, [0, 1], [1, 3], [0, 0]);
    expect(r.params[0]).toBeCloseTo(2, 12);
    expect(r.params[1]).toBeCloseTo(1, 12);
    expect(r.covariance.flat().every((v) => v === Infinity)).toBe(true);
    const absolute = tf.optimize.curveFit(line, [0, 1], [1, 3], [0, 0], { sigma: [1, 1], absoluteSigma: true });
    expect(absolute.covariance.flat().every(Number.isFinite)).toBe(true);
    // (JᵀJ)⁻¹ for J = [[0, 1], [1, 1]]
    expect(absolute.covariance[0]![0]).toBeCloseTo(2, 12);
    expect(absolute.covariance[0]![1]).toBeCloseTo(-1, 12);
    expect(absolute.covariance[1]![1]).toBeCloseTo(1, 12);
  });

  it('onIteration sees each accepted step and stops the fit by returning false', () => {
    const seen: tf.LmIterationInfo[] = [];
    const full = tf.optimize.curveFit(decay as never, fixture.curveFit[0]!.xdata, fixture.curveFit[0]!.ydata, [1, 0.5, 0], {
      onIteration: (info) => { seen.push(info); },
    });
    expect(seen).toHaveLength(full.iterations);
    expect(seen.map((s) => s.iteration)).toEqual(seen.map((_, i) => i + 1));
    expect(seen[seen.length - 1]!.params).toEqual(full.params);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.cost).toBeLessThanOrEqual(seen[i - 1]!.cost);
    const stopped = tf.optimize.curveFit(decay as never, fixture.curveFit[0]!.xdata, fixture.curveFit[0]!.ydata, [1, 0.5, 0], {
      onIteration: (info) => info.iteration < 2,
    });
    expect(stopped.status).toBe(-2);
    expect(stopped.converged).toBe(false);
    expect(stopped.iterations).toBe(2);
  });

  it('maxIterations ends the fit with status 0, not converged', () => {
    const r = tf.optimize.curveFit(decay as never, fixture.curveFit[0]!.xdata, fixture.curveFit[0]!.ydata, [1, 0.5, 0], { maxIterations: 1 });
    expect(r.status).toBe(0);
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(1);
    expect(r.message).toMatch(/maximum number of iterations/);
  });

  it('maxEvaluations ends the fit with status 0 and scipy\'s message for it, in lm and in trf', () => {
    for (const method of ['lm', 'trf'] as const) {
      const r = tf.optimize.curveFit(decay as never, fixture.curveFit[0]!.xdata, fixture.curveFit[0]!.ydata, [1, 0.5, 0], { method, maxEvaluations: 2 });
      expect([method, r.status, r.converged, r.evaluations]).toEqual([method, 0, false, 2]);
      expect(r.message).toBe('The maximum number of function evaluations is exceeded.');
    }
  });

  it('scipy-loose tolerances still converge, in fewer or as many iterations', () => {
    const c = fixture.curveFit[1]!;
    const loose = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma!, ftol: 1.49012e-8, xtol: 1.49012e-8, gtol: 0 });
    const tight = tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma! });
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThanOrEqual(tight.iterations);
    loose.params.forEach((p, j) => expect(relative(p, c.params[j]!)).toBeLessThan(1e-6));
  });
});

describe('leastSquares', () => {
  it('solves the Rosenbrock residuals as scipy does', () => {
    const c = fixture.leastSquares.find((f) => f.name === 'rosenbrock')!;
    const r = tf.optimize.leastSquares((p) => tf.stack([tf.mul(10, p.slice([1], [1]).sub(p.slice([0], [1]).square())), tf.sub(1, p.slice([0], [1]))]).reshape([2]), c.x0);
    expect(Object.keys(r).sort()).toEqual(['activeMask', 'converged', 'cost', 'evaluations', 'fun', 'iterations', 'jac', 'message', 'status', 'x']);
    expect(r.activeMask).toEqual([0, 0]);
    expect(r.converged).toBe(true);
    // scipy's `success` reads `converged` (out of the keys, as above).
    expect(r.success).toBe(true);
    const cut = tf.optimize.leastSquares((p) => tf.stack([tf.mul(10, p.slice([1], [1]).sub(p.slice([0], [1]).square())), tf.sub(1, p.slice([0], [1]))]).reshape([2]), c.x0, { maxEvaluations: 2 });
    expect([cut.status, cut.converged, cut.success]).toEqual([0, false, false]);
    r.x.forEach((v, j) => expect(v).toBeCloseTo(c.x[j]!, 12));
    expect(r.cost).toBeLessThan(1e-25);
    expect(r.jac).toEqual([[-20 * r.x[0]!, 10], [-1, 0]]);
  });

  it('fits the weighted decay written as residuals, matching scipy.optimize.least_squares', () => {
    const c = fixture.leastSquares.find((f) => f.name === 'decay as residuals')!;
    const x = tf.constant(c.xdata!, 'float64'), y = tf.constant(c.ydata!, 'float64'), s = tf.constant(c.sigma!, 'float64');
    const r = tf.optimize.leastSquares((p) => {
      const [a, b, k] = tf.unstack(p);
      return a!.mul(tf.exp(x.mul(b!).neg())).add(k!).sub(y).div(s);
    }, c.x0);
    r.x.forEach((v, j) => expect(relative(v, c.x[j]!)).toBeLessThan(1e-9));
    expect(relative(r.cost, c.cost)).toBeLessThan(1e-10);
    expect(r.fun).toHaveLength(c.xdata!.length);
  });
});

describe('errors', () => {
  const x = [0, 1, 2, 3], y = [1, 3, 5, 7];
  const fit = (f: (x: tf.Tensor, ...p: tf.Tensor[]) => tf.Tensor, p0: number[], options?: object, xd: unknown = x, yd: unknown = y) =>
    () => tf.optimize.curveFit(f, xd as number[], yd as number[], p0, options as tf.CurveFitOptions);

  it('names the accepted options for an unknown key', () => {
    expect(fit(line, [1, 1], { sigmas: [1, 1, 1, 1] })).toThrow(
      "curveFit: unknown option 'sigmas'; the options are ftol, xtol, gtol, maxIterations, maxEvaluations, onIteration, method, bounds, loss, fScale, xScale, dtype, jit, resume, sigma, absoluteSigma, p0.",
    );
    expect(() => tf.optimize.leastSquares((p) => p, [1], { sigma: [1] } as never)).toThrow(/unknown option 'sigma'/);
  });

  it('rejects unknown methods and losses, and what method lm cannot do, as scipy does', () => {
    expect(fit(line, [1, 1], { method: 'dogleg' as never })).toThrow(/method "dogleg" is not supported; the methods are 'lm' .*, 'trf' .* and 'dogbox'/);
    expect(fit(line, [1, 1], { loss: 'l1' })).toThrow(/loss "l1" is not supported; the losses are 'linear', 'soft_l1', 'huber', 'cauchy', 'arctan'/);
    expect(fit(line, [1, 1], { bounds: [[0, 0], [5, 5]], method: 'lm' })).toThrow("curveFit: method 'lm' cannot handle bounds; use method 'trf' (the default when bounds are given) or 'dogbox'.");
    expect(fit(line, [1, 1], { loss: 'huber', method: 'lm' })).toThrow("curveFit: method 'lm' supports only the 'linear' loss; use method 'trf' or 'dogbox' for loss 'huber'.");
    expect(fit(line, [1, 1], { fScale: 0 })).toThrow(/fScale must be a positive number, got 0/);
    expect(fit(line, [1, 1], { xScale: [1, -1] })).toThrow(/xScale must be positive and finite, or 'jac'; got xScale\[1\] = -1/);
    expect(fit(line, [1, 1], { xScale: [1, 1, 1] })).toThrow(/xScale has 3 entries for 2 parameters/);
    // Bounds that bound nothing are what scipy defaults to: accepted by 'lm'.
    expect(fit(line, [1, 1], { bounds: [-Infinity, Infinity], method: 'lm' })().converged).toBe(true);
  });

  it('rejects bad bounds and a start outside them', () => {
    expect(fit(line, [1, 1], { bounds: [0, 5] })().converged).toBe(true);
    expect(fit(line, [1, 1], { bounds: [[0, 0], [5]] })).toThrow('curveFit: the upper bounds have 1 entries for 2 parameters; pass one per parameter or a single number.');
    expect(fit(line, [1, 1], { bounds: [[0, 2], [5, 2]] })).toThrow('curveFit: each lower bound must be strictly less than its upper bound; parameter 1 has [2, 2].');
    expect(fit(line, [1, 6], { bounds: [[0, 0], [5, 5]] })).toThrow('curveFit: p0 is infeasible: p0[1] = 6 is outside its bounds [0, 5].');
    expect(fit(line, [1, 1], { bounds: [0] })).toThrow(/bounds must be \[lower, upper\]/);
    expect(() => tf.optimize.leastSquares((p) => p.sub(3), [-1], { bounds: [0, 1] })).toThrow('leastSquares: x0 is infeasible: x0[0] = -1 is outside its bounds [0, 1].');
  });

  it('rejects a covariance sigma of the wrong size or not positive definite', () => {
    expect(fit(line, [1, 1], { sigma: [[1, 0], [0, 1]] })).toThrow('curveFit: sigma as a covariance matrix must be 4×4 (one row and column per data point), got 2×2.');
    const indefinite = [[1, 2, 0, 0], [2, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    expect(fit(line, [1, 1], { sigma: indefinite })).toThrow(/sigma is not positive definite \(the Cholesky factorization fails at row 1\)/);
  });

  it('rejects NaN and infinite data', () => {
    expect(fit(line, [1, 1], {}, x, [1, NaN, 5, 7])).toThrow('curveFit: ydata contains NaN or infinite values (ydata[1] = NaN).');
    expect(fit(line, [1, 1], {}, [0, 1, Infinity, 3])).toThrow('curveFit: xdata contains NaN or infinite values (xdata[2] = Infinity).');
    expect(fit(line, [1, 1], {}, [0, 1, '2', 3])).toThrow('curveFit: xdata must hold numbers.');
    expect(fit(line, [1, 1], {}, [[0, 1], [1, '2'], [2, 3], [3, 4]])).toThrow('curveFit: xdata must hold numbers.');
    expect(fit(line, [1, NaN])).toThrow(/p0 contains NaN/);
    expect(fit(line, [])).toThrow('curveFit: p0 is empty; there must be at least one parameter to fit.');
    expect(() => tf.optimize.leastSquares((p) => p, [])).toThrow('leastSquares: x0 is empty; there must be at least one parameter to fit.');
    expect(fit(line, [1, 1], { sigma: [1, 0, 1, 1] })).toThrow('curveFit: sigma must be positive, got sigma[1] = 0.');
    expect(fit(line, [1, 1], { sigma: [1, 1] })).toThrow(/sigma must have one entry per data point \(4\), got 2/);
  });

  it("one sigma for every point, as scipy's sigma.size == 1: the parameters of the unweighted fit, the covariance scaled only with absoluteSigma", () => {
    const plain = tf.optimize.curveFit(line, x, y, [1, 1]);
    for (const sigma of [0.5, [0.5]]) {
      const weighted = tf.optimize.curveFit(line, x, y, [1, 1], { sigma });
      weighted.params.forEach((p, j) => expect(p).toBeCloseTo(plain.params[j]!, 10));
      weighted.covariance.flat().forEach((c, k) => expect(c).toBeCloseTo(plain.covariance.flat()[k]!, 10));
      const absolute = tf.optimize.curveFit(line, x, y, [1, 1], { sigma, absoluteSigma: true });
      const unit = tf.optimize.curveFit(line, x, y, [1, 1], { absoluteSigma: true });
      expect(absolute.covariance[0]![0]).toBeCloseTo(0.25 * unit.covariance[0]![0]!, 10);
    }
  });

  it("fewer points than parameters: an error for method 'lm'; 'trf' fits with an Infinity covariance, as scipy", () => {
    const cubic = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) => x.mul(a).add(b).add(c).add(d).add(e);
    expect(fit(cubic as never, [1, 1, 1, 1, 1])).toThrow("curveFit: 4 data points cannot determine 5 parameters with method 'lm'; pass at least as many points as parameters, or use method 'trf' or 'dogbox'.");
    const quadratic = (t: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.add(b.mul(t)).add(c.mul(t.square()));
    const under = tf.optimize.curveFit(quadratic, [0, 1], [1, 2], [1, 1, 1], { method: 'trf' });
    expect(under.residuals.every((r) => Math.abs(r) < 1e-12)).toBe(true);
    expect(under.covariance.flat().every((c) => c === Infinity)).toBe(true);
  });

  it('without p0, bounds given as typed arrays or tensors set the start as plain arrays do (the middle of each box; they were ignored)', () => {
    const decay = (t: tf.Tensor, a: tf.Tensor, k: tf.Tensor) => a.mul(tf.exp(t.mul(k).neg()));
    const t = [0, 1, 2, 3, 4];
    const data = t.map((v) => 5 * Math.exp(-0.3 * v));
    for (const bounds of [[[2, 0.1], [10, 0.5]], [Float64Array.of(2, 0.1), Float64Array.of(10, 0.5)], [tf.constant([2, 0.1], 'float64'), tf.constant([10, 0.5], 'float64')]]) {
      const r = tf.optimize.curveFit(decay, t, data, undefined, { bounds: bounds as never });
      expect(r.params.map((p) => +p.toFixed(8))).toEqual([5, 0.3]);
    }
  });

  it('rejects a model returning the wrong shape or dtype', () => {
    expect(fit((x, a, b) => x.mul(a).add(b).reduceSum(), [1, 1])).toThrow(
      'curveFit: the model f(x, ...params) returned shape []; it must return shape [4], one value per data point.',
    );
    expect(fit((x, a) => tf.cast(x.mul(a), 'float32'), [1])).toThrow(/returned float32; this fit runs in float64: make constants with dtype 'float64'/);
    expect(fit(() => 3 as never, [1])).toThrow('curveFit: the model f(x, ...params) must return a tensor, got 3.');
  });

  it('names a parameter the model never uses, or does not depend on at p0', () => {
    expect(fit((x, a, _b) => x.mul(a), [1, 1])).toThrow(
      'curveFit: the model never uses parameter 1 (p0[1] = 1): its Jacobian column is zero. Use every parameter in the model, or drop it.',
    );
    expect(fit((x, a, b) => x.mul(a).mul(b), [0, 1])).toThrow(
      /the residuals do not depend on parameter 1 \(p0\[1\] = 1\) at the starting point: its Jacobian column is all zero/,
    );
  });

  it('rejects a start where the model is not finite', () => {
    expect(fit((x, a) => tf.log(x.sub(a)), [10])).toThrow(/the residuals at the starting point are not finite \(residual 0 is NaN\)/);
  });
});

describe('memory', () => {
  it('leaves no tensors behind, after fits and after failing fits', () => {
    const c = fixture.curveFit[3]!;
    tf.optimize.curveFit(planeWave as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma! }); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.optimize.curveFit(planeWave as never, c.xdata, c.ydata, c.p0, { sigma: c.sigma! });
    tf.optimize.leastSquares((p) => tf.concat([p.sub(1), p.square()], 0), [2, 3]);
    let calls = 0;
    expect(() => tf.optimize.curveFit((x, a, b) => {
      if (++calls === 2) throw new Error('model failed'); // the first trial step
      return x.mul(a).add(b);
    }, [0, 1, 2, 3], [1, 3, 5, 7.5], [0, 0], { jit: false })).toThrow('model failed');
    expect(() => tf.optimize.curveFit((x, a, _b) => x.mul(a), [0, 1, 2], [1, 2, 3], [1, 1])).toThrow(/never uses/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds a constant number of tensors while iterating', () => {
    const counts: number[] = [];
    const c = fixture.curveFit[0]!;
    tf.optimize.curveFit(decay as never, c.xdata, c.ydata, c.p0, { onIteration: () => { counts.push(tf.memory().numTensors); } });
    expect(counts.length).toBeGreaterThan(3);
    expect(new Set(counts).size).toBe(1);
  });
});
