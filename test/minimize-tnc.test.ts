// tf.optimize.minimize's 'tnc' beside scipy 1.17's minimize(method='TNC'), whose C code (tnc.c)
// ts/optimize/tnc.ts ports routine by routine: test/fixtures/tnc-scipy.json, written by
// scripts/tnc_fixtures.py. The runs: Rosenbrock (n = 2 and 5), Beale, Powell's singular function, a
// quadratic in 6 dimensions and two NIST StRD sums of squares with default options; bounds active at
// the solution (both sides, one side), a variable fixed by its bounds, the evaluation limit
// (maxfun), scale and offset (a zero scale too), maxCGit (0: steepest descent), eta, stepmx, the
// tolerances, accuracy, minfev, rescale, and a callback.
//
// Tolerance: none. scipy ran on these very objectives as gradtape computes them (values and
// gradients through scripts/minimize-oracle.ts), and tnc.c's arithmetic is plain float64 C loops
// (no BLAS, no libm but sqrt, which is exact, and log10, which only decides whether to rescale),
// ported in the same order: given the same numbers the port takes the same iterates, so x, fun and
// jac are compared bit for bit, and nit, nfev, status, success and message exactly. If gradtape's
// arithmetic changes (a kernel's order of summation, say), the runs can part from the fixture in
// the last bits: run the script again.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { MINIMIZE_PROBLEMS } from './helpers/minimize-problems';

interface TncRun {
  name: string;
  problem: string;
  x0: number[];
  options: Record<string, number | string | number[]>;
  bounds?: { lb: (number | string)[]; ub: (number | string)[] };
  x: number[];
  fun: number;
  jac: (number | string)[];
  nit: number;
  nfev: number;
  status: number;
  success: boolean;
  message: string;
  iterates?: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/tnc-scipy.json', import.meta.url), 'utf8')) as { scipy: string; runs: TncRun[] };
const number = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

function optionsOf(run: TncRun): tf.MinimizeOptions {
  const options: Record<string, unknown> = { method: 'tnc' };
  for (const [name, value] of Object.entries(run.options)) options[name] = Array.isArray(value) ? value : number(value);
  if (run.bounds) options.bounds = { lb: run.bounds.lb.map(number), ub: run.bounds.ub.map(number) };
  return options as tf.MinimizeOptions;
}

describe(`minimize 'tnc' beside scipy's 'TNC'`, () => {
  it('has the runs: every problem, bounds, the limit, scale and offset, every option', () => {
    expect(fixture.scipy).toMatch(/^1\.17\./);
    expect(new Set(fixture.runs.map((r) => r.problem))).toEqual(new Set(Object.keys(MINIMIZE_PROBLEMS)));
    expect(fixture.runs.filter((r) => r.bounds).length).toBeGreaterThanOrEqual(6);
    const given = new Set(fixture.runs.flatMap((r) => Object.keys(r.options)));
    expect(given).toEqual(new Set(['maxEvaluations', 'maxCGit', 'eta', 'stepmx', 'accuracy', 'minfev', 'ftol', 'xtol', 'gtol', 'rescale', 'scale', 'offset']));
    // Every ending of these problems: a local minimum, f converged, x converged, the evaluation limit, a failed line search.
    expect(new Set(fixture.runs.map((r) => r.status))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  for (const run of fixture.runs) {
    it(run.name, () => {
      const iterates: number[][] = [];
      const options = optionsOf(run);
      if (run.iterates) options.onIteration = (info) => void iterates.push(info.x);
      const r = tf.optimize.minimize(MINIMIZE_PROBLEMS[run.problem]!, run.x0, options);
      expect([r.iterations, r.evaluations, r.status, r.converged, r.message]).toEqual([run.nit, run.nfev, run.status, run.success, run.message]);
      expect(r.x).toEqual(run.x);
      expect(r.fun).toBe(run.fun);
      expect(r.grad).toEqual(run.jac.map(number));
      expect(r.gradientEvaluations).toBeUndefined();
      if (run.iterates) expect(iterates).toEqual(run.iterates);
    });
  }
});

describe("minimize 'tnc': behaviour beyond scipy's runs", () => {
  const rosenbrock = MINIMIZE_PROBLEMS.rosenbrock!;

  it("takes scipy's name 'TNC', and the doc example's bounded quadratic stops on its active bound", () => {
    const r = tf.optimize.minimize((x) => x.sub([1, -2]).square().sum(), [0, 0], { method: 'TNC', bounds: [[null, null], [-1, 3]] });
    // scipy 1.17 with the analytic gradient: nit 2, nfev 5, jac [-1.994e-09, 2].
    expect([r.iterations, r.evaluations, r.status, r.converged, r.message]).toEqual([2, 5, 0, true, 'Local minimum reached (|pg| ~= 0)']);
    expect(r.x[1]).toBe(-1);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-8);
  });

  it('bounds fixing every variable: f once at them, as scipy (no TNC run)', () => {
    const r = tf.optimize.minimize(rosenbrock, [1.3, 0.7], { method: 'tnc', bounds: [[0.5, 0.5], [2, 2]] });
    expect(r).toEqual({
      x: [0.5, 2], fun: 306.5, grad: null, iterations: 0, evaluations: 1, converged: true, status: 0,
      message: 'All independent variables were fixed by bounds.',
    });
  });

  it('every scale 0: status 5, as scipy', () => {
    const r = tf.optimize.minimize(rosenbrock, [1.3, 0.7], { method: 'tnc', scale: [0, 0] });
    expect([r.x, r.iterations, r.evaluations, r.status, r.converged, r.message]).toEqual([[1.3, 0.7], 0, 1, 5, false, 'All lower bounds are equal to the upper bounds']);
    expect(r.fun).toBeCloseTo(98.1, 12);
  });

  it('a start outside the bounds is clipped into them before the first evaluation', () => {
    const seen: number[][] = [];
    const f = (x: tf.Tensor) => {
      seen.push(Array.from(x.dataSync()));
      return rosenbrock(x);
    };
    const r = tf.optimize.minimize(f, [1.3, 0.7], { method: 'tnc', bounds: [[-2, 0.5], [-1, 2]], jit: false });
    expect(seen[0]).toEqual([0.5, 0.7]);
    for (const x of seen) expect(x[0]! >= -2 && x[0]! <= 0.5 && x[1]! >= -1 && x[1]! <= 2, `${x}`).toBe(true);
    // scipy evaluates f once more, at the start outside (its nfev 7 from (1.3, 0.7), 6 from (0.5, 0.7)).
    expect(r.evaluations).toBe(tf.optimize.minimize(rosenbrock, [0.5, 0.7], { method: 'tnc', bounds: [[-2, 0.5], [-1, 2]] }).evaluations);
    expect(r.converged).toBe(true);
  });

  it('onIteration sees each iteration (x unscaled, f there) and stops the run with false (status 99)', () => {
    const seen: tf.MinimizeIterationInfo[] = [];
    const r = tf.optimize.minimize(rosenbrock, [-1.2, 1], { method: 'tnc', onIteration: (info) => (seen.push(info), info.iteration < 3) });
    expect([r.status, r.converged, r.iterations, r.message]).toEqual([99, false, 3, 'Stopped because onIteration returned false.']);
    expect(seen.map((i) => i.iteration)).toEqual([1, 2, 3]);
    expect(seen[2]!.x).toEqual(r.x);
    expect(seen[2]!.fun).toBe(r.fun);
    expect(seen.every((i) => i.gradNorm !== null && i.gradNorm > 0)).toBe(true);
    expect(seen[2]!.evaluations).toBe(r.evaluations);
  });

  it('a traced f gives the same result as one run at every evaluation, and runs once', () => {
    let calls = 0;
    const f = (x: tf.Tensor) => {
      calls++;
      return rosenbrock(x);
    };
    const options: tf.MinimizeOptions = { method: 'tnc', bounds: [[-2, 0.8], [-2, 0.8], [-2, 0.8], [-2, 0.8]] };
    const traced = tf.optimize.minimize(f, [-1.2, 1, -1.2, 0.5], options);
    expect(calls).toBe(1);
    const eager = tf.optimize.minimize(f, [-1.2, 1, -1.2, 0.5], { ...options, jit: false });
    expect(traced).toEqual(eager);
  });

  it('leaves no tensors behind, also when f throws in a Hessian-vector product or a line search', () => {
    tf.optimize.minimize(rosenbrock, [-1.2, 1], { method: 'tnc' }); // warm up
    const before = tf.memory().numTensors;
    tf.optimize.minimize(rosenbrock, [-1.2, 1], { method: 'tnc' });
    tf.optimize.minimize(rosenbrock, [-1.2, 1], { method: 'tnc', jit: false });
    for (let k = 1; k <= 6; k++) {
      let calls = 0;
      const failing = (x: tf.Tensor) => {
        if (++calls === k) throw new Error('f failed');
        return rosenbrock(x);
      };
      expect(() => tf.optimize.minimize(failing, [-1.2, 1], { method: 'tnc', jit: false })).toThrow('f failed');
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad options get clear errors', () => {
    const run = (options: Record<string, unknown>) => () => tf.optimize.minimize(rosenbrock, [0, 0], { method: 'tnc', ...options } as tf.MinimizeOptions);
    // Finite-difference steps mean nothing with the tape's exact gradients, for any method.
    expect(run({ eps: 1e-8 })).toThrow(/option 'eps' does not apply: scipy's eps is the step of finite-difference gradients, and gradtape's gradients are exact/);
    expect(run({ method: 'bfgs', finiteDiffRelStep: 1e-6 })).toThrow(/option 'finiteDiffRelStep' does not apply/);
    expect(run({ maxIterations: 10 })).toThrow(/option 'maxIterations' applies to method .* only, not 'tnc'; the options of 'tnc' are method, bounds, scale, offset, maxEvaluations, maxCGit, eta, stepmx, accuracy, minfev, ftol, xtol, gtol, rescale, onIteration, jit/);
    expect(run({ method: 'bfgs', maxCGit: 2 })).toThrow(/option 'maxCGit' applies to method 'tnc' only, not 'bfgs'/);
    expect(run({ eta: 1 })).toThrow(/eta must be in \[0, 1\) for method 'tnc'/);
    expect(run({ eta: 0.5 })).not.toThrow(); // (beyond the trust-region methods' 0.25)
    expect(run({ maxCGit: -1 })).toThrow(/maxCGit must be an integer >= 0 \(0: steepest descent\), got -1/);
    expect(run({ maxCGit: 1.5 })).toThrow(/maxCGit must be an integer >= 0/);
    expect(run({ scale: [1] })).toThrow(/scale must have one entry per parameter \(2\), got 1/);
    expect(run({ offset: [0, NaN] })).toThrow(/offset must be an array of finite numbers, one per parameter, got/);
    expect(run({ scale: 2 })).toThrow(/scale must be an array of finite numbers/);
    expect(run({ stepmx: 0 })).toThrow(/stepmx must be a finite number > 0, got 0/);
    expect(run({ accuracy: -1 })).toThrow(/accuracy must be a finite number >= 0, got -1/);
    expect(run({ minfev: Infinity })).toThrow(/minfev must be a finite number, got Infinity/);
    expect(run({ rescale: -1 })).toThrow(/rescale must be a number >= 0 \(Infinity: never rescale\), got -1/);
    expect(run({ gtol: -1 })).toThrow(/gtol must be a finite number >= 0, got -1/);
    expect(run({ maxEvaluations: 0 })).toThrow(/maxEvaluations must be a positive integer, got 0/);
    expect(run({ constraints: [{ type: 'ineq', fun: (x: tf.Tensor) => x.sum() }] })).toThrow(/method 'tnc' cannot handle constraints/);
  });
});
