// Batched curveFit: an array of datasets fitted in one call, the fits in lockstep with one model
// call per round. Each fit must end exactly where the same fit run alone ends (same steps, same
// bits), for 'lm' and for 'trf' with bounds, a robust loss and per-fit sigma; plus the batch's own
// arguments, its errors, onIteration per fit, and no tensor left behind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const decay = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(x.mul(b).neg())).add(c);

/** `count` noisy decays a·exp(-b t) + c at 30 points, from a fixed LCG (reproducible). */
function decays(count: number, noise = 0.02) {
  let seed = 12345;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const t = Array.from({ length: 30 }, (_, i) => (5 * i) / 29);
  const truth: number[][] = [];
  const rows = Array.from({ length: count }, () => {
    const p = [1 + 3 * rand(), 0.3 + 1.5 * rand(), rand() - 0.5];
    truth.push(p);
    return t.map((x) => p[0]! * Math.exp(-p[1]! * x) + p[2]! + noise * (rand() - 0.5));
  });
  return { t, rows, truth };
}

function expectSameFit(batched: tf.CurveFitResult, alone: tf.CurveFitResult) {
  expect(batched.params).toEqual(alone.params);
  expect(batched.covariance).toEqual(alone.covariance);
  expect(batched.residuals).toEqual(alone.residuals);
  expect(batched.jacobian).toEqual(alone.jacobian);
  expect(batched.cost).toBe(alone.cost);
  expect(batched.iterations).toBe(alone.iterations);
  expect(batched.evaluations).toBe(alone.evaluations);
  expect(batched.status).toBe(alone.status);
  expect(batched.activeMask).toEqual(alone.activeMask);
}

describe('curveFit on a batch of datasets', () => {
  it("gives each fit exactly the result it gets alone ('lm')", () => {
    const { t, rows, truth } = decays(24);
    const results = tf.optimize.curveFit(decay, t, rows, [1, 1, 0]);
    expect(results).toHaveLength(24);
    results.forEach((r, b) => {
      expect(r.converged, r.message).toBe(true);
      expectSameFit(r, tf.optimize.curveFit(decay, t, rows[b]!, [1, 1, 0]));
      r.params.forEach((p, j) => expect(Math.abs(p - truth[b]![j]!)).toBeLessThan(0.1));
    });
    // The fits took different numbers of steps: lockstep rounds did not hold any of them back.
    expect(new Set(results.map((r) => r.evaluations)).size).toBeGreaterThan(1);
  });

  it("gives each fit exactly the result it gets alone ('trf': bounds, soft_l1, one sigma row per fit)", () => {
    const { t, rows } = decays(12, 0.1);
    const sigma = rows.map((_, b) => t.map((x) => 0.05 + 0.01 * b + 0.01 * x));
    const starts = rows.map((_, b) => [1 + 0.1 * b, 0.5, 0]);
    const options = { bounds: [[0, 0, -1], [10, 1.2, 1]] as [number[], number[]], loss: 'soft_l1' as const, fScale: 0.1 };
    const results = tf.optimize.curveFit(decay, t, rows, starts, { ...options, sigma });
    results.forEach((r, b) => {
      expectSameFit(r, tf.optimize.curveFit(decay, t, rows[b]!, starts[b]!, { ...options, sigma: sigma[b]! }));
    });
    // Some fits end on the upper bound of b (1.2), as the data of their decays ask for more.
    expect(results.some((r) => r.activeMask[1] === 1)).toBe(true);
  });

  it('matches scipy on its fixture with sigma shared by the whole batch', () => {
    interface FitFixture { name: string; xdata: number[]; ydata: number[]; p0: number[]; sigma: number[]; params: number[]; covariance: number[][] }
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/curve-fit-scipy.json', import.meta.url), 'utf8')) as { curveFit: FitFixture[] };
    const c = fixture.curveFit.find((f) => f.name === 'decay, relative sigma')!;
    const results = tf.optimize.curveFit(decay, c.xdata, [c.ydata, c.ydata, c.ydata], c.p0, { sigma: c.sigma });
    for (const r of results) {
      r.params.forEach((p, j) => expect(Math.abs(p - c.params[j]!) / Math.abs(c.params[j]!)).toBeLessThan(1e-9));
      r.covariance.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - c.covariance[i]![j]!) / Math.abs(c.covariance[i]![j]!)).toBeLessThan(1e-6)));
    }
  });

  it('takes rows as arrays, typed arrays or rank-1 tensors, and p0 as one row for all, rows, or a rank-2 tensor', () => {
    const { t, rows } = decays(3);
    const reference = tf.optimize.curveFit(decay, t, rows, [[1, 1, 0], [1, 1, 0], [1, 1, 0]]);
    const typed = tf.optimize.curveFit(decay, Float64Array.from(t), rows.map((r) => Float64Array.from(r)), [1, 1, 0]);
    const tensors = tf.tidy(() => tf.optimize.curveFit(decay, tf.constant(t, 'float64'), tf.unstack(tf.constant(rows, 'float64')), tf.constant([[1, 1, 0], [1, 1, 0], [1, 1, 0]])));
    typed.forEach((r, b) => expectSameFit(r, reference[b]!));
    tensors.forEach((r, b) => expectSameFit(r, reference[b]!));
  });

  it('a batch of one, and a fit that starts at its solution beside fits that need steps', () => {
    const t = [0, 1, 2, 3, 4];
    const exact = t.map((x) => 2 * x + 1);
    const noisy = [1.1, 2.9, 5.2, 6.8, 9.1];
    const line = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => x.mul(a).add(b);
    const [one] = tf.optimize.curveFit(line, t, [noisy], [0, 0]);
    expectSameFit(one!, tf.optimize.curveFit(line, t, noisy, [0, 0]));
    const [done, moving] = tf.optimize.curveFit(line, t, [exact, noisy], [[2, 1], [0, 0]]);
    expect(done!.iterations).toBe(0);
    expect(done!.params).toEqual([2, 1]);
    expectSameFit(moving!, tf.optimize.curveFit(line, t, noisy, [0, 0]));
  });

  it('calls onIteration with the fit index; false stops that fit only', () => {
    const { t, rows } = decays(4);
    const seen = new Set<number>();
    const results = tf.optimize.curveFit(decay, t, rows, [1, 1, 0], {
      onIteration: (info) => {
        seen.add(info.fit!);
        return info.fit === 2 && info.iteration === 2 ? false : undefined;
      },
    });
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(results[2]!.status).toBe(-2);
    expect(results[2]!.iterations).toBe(2);
    for (const b of [0, 1, 3]) expectSameFit(results[b]!, tf.optimize.curveFit(decay, t, rows[b]!, [1, 1, 0]));
  });

  it('leaves no tensor behind, also when it fails', () => {
    const { t, rows } = decays(5);
    const before = tf.memory().numTensors;
    tf.optimize.curveFit(decay, t, rows, [1, 1, 0]);
    expect(() => tf.optimize.curveFit((x, a, b) => x.mul(a).sum().add(b), t, rows, [1, 1])).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('batched curveFit errors', () => {
  const { t, rows } = decays(3);
  const fit = (f: tf.CurveFitModel, ydata: readonly (ArrayLike<number> | tf.Tensor)[], p0: number[] | number[][] = [1, 1, 0], options?: tf.CurveFitOptions) =>
    () => tf.optimize.curveFit(f, t, ydata, p0, options);

  it('a rank-2 ydata tensor: pass its rows', () => {
    const y = tf.constant(rows, 'float64');
    expect(() => tf.optimize.curveFit(decay, t, y, [1, 1, 0])).toThrow(/ydata has shape \[3, 30\]; for a batch of 3 fits pass its rows as an array \(tf\.unstack\(ydata\)/);
    y.dispose();
  });

  it('bad rows, p0 rows and sigma', () => {
    expect(fit(decay, [rows[0]!, rows[1]!.slice(1)])).toThrow(/the rows of ydata must have equal lengths; ydata\[0\] has 30 entries, ydata\[1\] has 29/);
    expect(fit(decay, [rows[0]!, rows[1]!.map((v, i) => (i === 4 ? NaN : v))])).toThrow(/ydata\[1\] contains NaN or infinite values \(ydata\[1\]\[4\] = NaN\)/);
    expect(fit(decay, [rows[0]!, ['a'] as never])).toThrow(/ydata\[1\] must be an array of numbers/);
    expect(fit(decay, rows, [[1, 1, 0], [1, 1, 0]])).toThrow(/p0 has 2 rows for 3 datasets/);
    expect(fit(decay, rows, [[1, 1, 0], [1, 1], [1, 1, 0]])).toThrow(/the rows of p0 must have equal lengths/);
    expect(fit(decay, rows, [[1, 1, 0], [1, 1, 0], [1, 5, 0]], { bounds: [[0, 0, -1], [10, 2, 1]] })).toThrow(/p0\[2\] is infeasible: p0\[2\]\[1\] = 5 is outside its bounds \[0, 2\]/);
    expect(fit(decay, rows, [1, 1, 0], { sigma: [1, 2] })).toThrow(/sigma must have shape \[30\] \(shared\) or \[3, 30\] \(one row per fit\), got \[2\]/);
    const covariance = Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 }, (_, j) => (i === j ? 1 : 0)));
    expect(fit(decay, rows, [1, 1, 0], { sigma: covariance })).toThrow(/a covariance matrix sigma is supported for single fits only/);
    expect(fit(decay, rows, [1, 1, 0], { sigma: rows.map((r) => r.map(() => -1)) })).toThrow(/sigma must be positive, got sigma\[0\]\[0\] = -1/);
  });

  it('a model that does not broadcast, or mixes the fits, or ignores a parameter', () => {
    expect(fit((x, a, b, c) => tf.exp(x.mul(b.reshape([-1]).gather(0)).neg()).mul(a.reshape([-1]).gather(0)).add(c.reshape([-1]).gather(0)), rows))
      .toThrow(/each parameter reaches f as a tensor of shape \[3, 1\] \(one row per fit\) and f must return shape \[3, 30\].*it returned \[30\]/);
    expect(fit((x, a, b, c) => decay(x, a, b, c).sub(tf.reduceMean(a)), rows))
      .toThrow(/the batched model mixes fits: row 1 of the model's output depends on the parameters of fit 0/);
    expect(fit((x, a, b, _c) => decay(x, a, b, tf.constant(0, 'float64')), rows)).toThrow(/the model never uses parameter 2/);
    expect(fit((x, a, b, c) => decay(x, a, b, c).cast('float32'), rows)).toThrow(/returned float32; this fit runs in float64/);
  });

  it('a fit whose start is undefined is named', () => {
    const logModel = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.log(x.add(b)).mul(a);
    expect(() => tf.optimize.curveFit(logModel, t, rows, [[1, 1], [1, -10], [1, 1]], {}))
      .toThrow(/curveFit \(fit 1\): the residuals at the starting point are not finite/);
  });
});
