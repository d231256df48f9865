// Traced fits (the `jit` option of curveFit and leastSquares, on by default): the model is traced
// at its first evaluation and replayed inside wasm afterwards. A replayed fit must equal the fit
// that runs the model every time, bit for bit; a model a replay cannot reproduce (it reads values,
// draws random numbers, uses a variable) must be detected and run every time; nothing may leak.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/curve-fit-scipy.json', import.meta.url), 'utf8')) as {
  curveFit: { xdata: number[] | number[][]; ydata: number[]; p0: number[]; sigma?: number[] | number[][] }[];
};
const decay = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(x.mul(b).neg())).add(c);
const t = Array.from({ length: 40 }, (_, i) => i / 4);
const y = t.map((ti, i) => 3 * Math.exp(-0.7 * ti) + 0.5 + 0.01 * Math.sin(13 * i));

/** Everything a result holds, for exact comparison (the Jacobian's rows read on purpose). */
const everything = (r: tf.CurveFitResult | tf.LeastSquaresResult) => ({ ...r, ...('jacobian' in r ? { jacobian: r.jacobian } : { jac: r.jac }) });

/** A model that counts its calls. */
function counted<F extends (...args: never[]) => tf.Tensor>(f: F): { f: F; calls: () => number } {
  let calls = 0;
  return { f: ((...args: never[]) => (calls++, f(...args))) as F, calls: () => calls };
}

describe('a traced fit equals the fit that runs the model every time', () => {
  // Every model below counts its calls: a traced fit runs it once, the other at every evaluation.
  let calls = 0;
  const decayCounted = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => (calls++, decay(x, a, b, c));
  // (leastSquares also calls the function once at x0, to learn the number of residuals.)
  const cases: [string, () => [tf.CurveFitResult | tf.LeastSquaresResult, tf.CurveFitResult | tf.LeastSquaresResult], number?][] = [
    ['curveFit, float64', () => {
      const fit = (jit: boolean) => tf.optimize.curveFit(decayCounted, t, y, [1, 1, 0], { jit });
      return [fit(true), fit(false)];
    }],
    ['curveFit, float32', () => {
      const fit = (jit: boolean) => tf.optimize.curveFit(decayCounted, t, y, [1, 1, 0], { jit, dtype: 'float32' });
      return [fit(true), fit(false)];
    }],
    ['curveFit with sigma per point and as a covariance', () => {
      // A tridiagonal covariance (neighbouring points correlated), positive definite.
      const covariance = t.map((_, i) => t.map((_, j) => (i === j ? 0.02 : Math.abs(i - j) === 1 ? 0.005 : 0)));
      const perPoint = (jit: boolean) => tf.optimize.curveFit(decay, t, y, [1, 1, 0], { jit, sigma: t.map((ti) => 0.1 + ti / 10) });
      expect(everything(perPoint(true))).toEqual(everything(perPoint(false)));
      const full = (jit: boolean) => tf.optimize.curveFit(decayCounted, t, y, [1, 1, 0], { jit, sigma: covariance });
      return [full(true), full(false)];
    }],
    ["'trf' with bounds and a robust loss", () => {
      const fit = (jit: boolean) => tf.optimize.curveFit(decayCounted, t, y, [1, 1, 0], { jit, bounds: [[0, 0, 0], [2.5, 5, 1]], loss: 'soft_l1' });
      return [fit(true), fit(false)];
    }],
    ['leastSquares (the parameters as one vector)', () => {
      const residuals = (p: tf.Tensor) => {
        calls++;
        const [a, b] = tf.unstack(p);
        return tf.stack([b!.sub(a!.square()).mul(10), tf.sub(1, a!)]);
      };
      const fit = (jit: boolean) => tf.optimize.leastSquares(residuals, [-1.2, 1], { jit });
      return [fit(true), fit(false)];
    }, 2],
    ['a model with stopGradient and a comparison', () => {
      // The stopped branch adds to the value but not to the Jacobian; the comparison with b is
      // recomputed at each replay.
      const model = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) =>
        (calls++, tf.where(x.greater(b), x.mul(a), x.mul(a).mul(0.5)).add(b).add(tf.stopGradient(a.mul(0.1))));
      const fit = (jit: boolean) => tf.optimize.curveFit(model, t, t.map((ti) => (ti > 4 ? 2 * ti : ti) + 1), [1, 3.9], { jit });
      return [fit(true), fit(false)];
    }],
  ];
  for (const [name, run, sizingCalls = 0] of cases) {
    it(name, () => {
      calls = 0;
      const [traced, eager] = run();
      expect(traced.evaluations).toBeGreaterThan(2);
      expect(calls).toBe(sizingCalls + 1 + eager.evaluations); // once for the traced fit
      expect(everything(traced)).toEqual(everything(eager));
    });
  }
});

describe('a traced minimize equals the one that runs f every time', () => {
  // Rosenbrock's function in 6 dimensions.
  let calls = 0;
  const rosenbrock = (x: tf.Tensor) => {
    calls++;
    const head = x.slice([0], [5]), tail = x.slice([1], [5]);
    return tail.sub(head.square()).square().mul(100).add(tf.sub(1, head).square()).sum();
  };
  const x0 = [-1.2, 1, -1.2, 1, -1.2, 1];
  const cases: [string, tf.MinimizeOptions][] = [
    ['lbfgs', { method: 'lbfgs' }],
    ['lbfgs with bounds (L-BFGS-B)', { bounds: { lb: -2, ub: 1.1 } }],
    ['bfgs', { method: 'bfgs' }],
    ['nelder-mead', { method: 'nelder-mead', maxIterations: 400 }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      calls = 0;
      const traced = tf.optimize.minimize(rosenbrock, x0, options);
      expect(calls).toBe(1);
      const eager = tf.optimize.minimize(rosenbrock, x0, { ...options, jit: false });
      // BFGS asks for values and gradients apart, as scipy's ScalarFunction: f runs for each (the
      // start's value and gradient come from one run).
      const runs = eager.gradientEvaluations === undefined ? eager.evaluations : eager.evaluations + eager.gradientEvaluations - 1;
      expect(calls).toBe(1 + runs);
      expect(traced.evaluations).toBeGreaterThan(10);
      expect(traced).toEqual(eager);
    });
  }
});

describe('when the model runs', () => {
  it("runs once when traced, and at every evaluation with jit: false (scipy's behaviour)", () => {
    const once = counted(decay);
    const r = tf.optimize.curveFit(once.f, t, y, [1, 1, 0]);
    expect(r.evaluations).toBeGreaterThan(5);
    expect(once.calls()).toBe(1);
    const every = counted(decay);
    const s = tf.optimize.curveFit(every.f, t, y, [1, 1, 0], { jit: false });
    expect(every.calls()).toBe(s.evaluations);
  });

  it('runs every time when it reads values, draws random numbers or uses a variable, and gives the same fit', () => {
    const scale = new tf.Variable(tf.constant(1, 'float64'));
    const models: [string, typeof decay][] = [
      // JavaScript that branches on a parameter's value: each evaluation must run it.
      ['reads a value', (x, a, b, c) => ((a.arraySync() as number) > 100 ? x.mul(0) : decay(x, a, b, c))],
      ['reads a value it computed', (x, a, b, c) => {
        const v = decay(x, a, b, c);
        return v.max().dataSync()[0]! > 1e6 ? v.mul(0) : v;
      }],
      ['draws random numbers', (x, a, b, c) => decay(x, a, b, c).add(tf.random.normal([x.shape[0]!], { dtype: 'float64' }).mul(0))],
      ['uses a variable', (x, a, b, c) => decay(x, a, b, c).mul(scale)],
    ];
    for (const [what, model] of models) {
      const run = counted(model);
      const r = tf.optimize.curveFit(run.f, t, y, [1, 1, 0]);
      expect(run.calls(), what).toBe(r.evaluations);
      expect(everything(r), what).toEqual(everything(tf.optimize.curveFit(model, t, y, [1, 1, 0], { jit: false })));
    }
    scale.dispose();
  });

  it('checks the option', () => {
    expect(() => tf.optimize.curveFit(decay, t, y, [1, 1, 0], { jit: 'yes' as never })).toThrow('curveFit: jit must be true or false, got "yes".');
    expect(() => tf.optimize.leastSquares((p) => p.sub(1), [0], { jit: 1 as never })).toThrow('leastSquares: jit must be true or false, got 1.');
    expect(() => tf.optimize.minimize((p) => p.square().sum(), [1], { jit: null as never })).toThrow('minimize: jit must be true or false, got null.');
  });
});

describe('memory', () => {
  it('leaves no tensors or tapes behind, after fits that stop early or fail', () => {
    tf.optimize.curveFit(decay, t, y, [1, 1, 0]); // warm-up
    const before = tf.memory();
    for (let i = 0; i < 20; i++) tf.optimize.curveFit(decay, t, y, [1, 1, 0]);
    // Stopped after a step whose trial evaluation left no Jacobian taken.
    tf.optimize.curveFit(decay, t, y, [1, 1, 0], { onIteration: (info) => info.iteration < 2 });
    tf.optimize.leastSquares((p) => p.sub(1).square(), [3, 4]);
    tf.optimize.minimize((p) => p.sub(1).square().sum(), [3, 4]);
    tf.optimize.minimize((p) => p.sub(1).square().sum(), [3, 4], { method: 'nelder-mead' });
    expect(() => tf.optimize.curveFit((x, a) => {
      throw new Error(`model failed at ${String(a.shape)}`);
    }, t, y, [1])).toThrow('model failed');
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.numTapes).toBe(before.numTapes);
  });
});
