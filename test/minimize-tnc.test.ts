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
