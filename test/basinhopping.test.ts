// tf.optimize.basinhopping against scipy 1.17.1's basinhopping with integer rng or legacy seed
// (test/fixtures/basinhopping-brute-scipy.json, scripts/basinhopping_brute_fixtures.py): scipy ran
// on these very objectives as gradtape computes them (test/helpers/minimize-problems.ts and
// global-problems.ts through scripts/minimize-oracle.ts, its local minimizer given the tape's
// gradient), so the random steps, the local minima, the acceptances and the counts are compared
// exactly: x, fun, nit, nfev, njev, minimizationFailures, message, the lowest local result, every
// callback call, disp's lines, an adapted stepsize and a takeStep's reports; among them steps that
// land where the objective is NaN, from where scipy's minimize runs all the same (BFGS and
// Nelder-Mead fail there, L-BFGS-B reports success). Also: scipy's checks of the options, and no
// tensors left behind.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GLOBAL_PROBLEMS } from './helpers/global-problems';
import { MINIMIZE_PROBLEMS } from './helpers/minimize-problems';

interface Call { x: number[]; f: number; accept: boolean }
interface RecordedCall { x: (number | string)[]; f: number | string; accept: boolean }
interface Run {
  name: string; problem: string; x0: number[]; options: Record<string, unknown>; minimizerKwargs: Record<string, unknown>;
  x: number[]; fun: number; nit: number; nfev: number; njev: number | null; nhev: number | null;
  minimizationFailures: number; message: string; success: boolean;
  lowest: { x: number[]; fun: number; nit: number; nfev: number; success: boolean };
  calls: RecordedCall[]; stdout: string[] | null; stepsize: number | null; reports: boolean[] | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/basinhopping-brute-scipy.json', import.meta.url), 'utf8')) as { scipy: string; basinhopping: Run[] };
const PROBLEMS: Record<string, (x: tf.Tensor) => tf.Tensor> = { ...MINIMIZE_PROBLEMS, ...GLOBAL_PROBLEMS };

/** A fixture number: NaN and the infinities come as the strings 'NaN', 'Infinity', '-Infinity'. */
const numberOf = (v: number | string): number => Number(v);

/** The script's StepWithStepsize: coordinate i moves by stepsize·((7k + 3i) mod 11 - 5)/5 at call k. */
function stepWithStepsize(stepsize: number): tf.BasinhoppingTakeStep {
  let calls = 0;
  const step: tf.BasinhoppingTakeStep = Object.assign(
    (x: number[]) => {
      calls++;
      return x.map((v, i) => v + (step.stepsize! * (((7 * calls + 3 * i) % 11) - 5)) / 5);
    },
    { stepsize },
  );
  return step;
}

/** The script's StepWithoutStepsize: coordinate i moves by ((5k + 2i) mod 9 - 4)/4 at call k; its report records the acceptances. */
function stepWithoutStepsize(reports: boolean[]): tf.BasinhoppingTakeStep {
  let calls = 0;
  return Object.assign(
    (x: number[]) => {
      calls++;
      return x.map((v, i) => v + (((5 * calls + 2 * i) % 9) - 4) / 4);
    },
    { report: (accept: boolean) => void reports.push(accept) },
  );
}

const CAMEL: Record<string, string> = {
  niter_success: 'niterSuccess', target_accept_rate: 'targetAcceptRate', stepwise_factor: 'stepwiseFactor',
};
const METHODS: Record<string, tf.MinimizeOptions['method']> = { 'L-BFGS-B': 'lbfgs', CG: 'cg', 'Nelder-Mead': 'nelder-mead' };

function optionsOf(run: Run, calls: Call[], reports: boolean[]): [tf.BasinhoppingOptions, tf.BasinhoppingTakeStep | undefined] {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(run.options)) if (!key.startsWith('_')) options[CAMEL[key] ?? key] = value;
  const { method, bounds } = run.minimizerKwargs as { method?: string; bounds?: [number, number][] };
  options.minimizerKwargs = { ...(method ? { method: METHODS[method] } : {}), ...(bounds ? { bounds } : {}) };
  const stopAt = run.options._stop_at as number | undefined;
  options.callback = (x: number[], f: number, accept: boolean) => {
    calls.push({ x, f, accept });
    return stopAt !== undefined && calls.length - 1 === stopAt;
  };
  let step: tf.BasinhoppingTakeStep | undefined;
  if (run.options._take_step === 'stepsize') step = stepWithStepsize(0.8);
  if (run.options._take_step === 'plain') step = stepWithoutStepsize(reports);
  if (step) options.takeStep = step;
  if (run.options._accept_test === 'inside') options.acceptTest = (info: tf.BasinhoppingAcceptTestInfo) => info.xNew.every((v) => Math.abs(v) <= 2);
  if (run.options._accept_test === 'force') options.acceptTest = (info: tf.BasinhoppingAcceptTestInfo) => (info.resNew.fun < 3 ? 'force accept' : true);
  return [options as tf.BasinhoppingOptions, step];
}

describe('basinhopping matches scipy with the same integer rng (or legacy seed) and local minimizer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it(`was recorded with scipy ${fixture.scipy}`, () => {
    expect(fixture.scipy).toBe('1.17.1');
  });

  for (const run of fixture.basinhopping) {
    it(run.name, () => {
      const calls: Call[] = [];
      const reports: boolean[] = [];
      const [options, step] = optionsOf(run, calls, reports);
      const printed: string[] = [];
      if (run.stdout) vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
      const before = tf.memory().numTensors;
      const r = tf.optimize.basinhopping(PROBLEMS[run.problem]!, run.x0, options);
      expect(tf.memory().numTensors).toBe(before);
      expect(r.x).toEqual(run.x);
      expect(r.fun).toBe(run.fun);
      expect(r.nit).toBe(run.nit);
      expect(r.nfev).toBe(run.nfev);
      expect(r.njev ?? null).toBe(run.njev);
      expect(r.nhev ?? null).toBe(run.nhev);
      expect(r.minimizationFailures).toBe(run.minimizationFailures);
      expect(r.message).toBe(run.message);
      expect(r.success).toBe(run.success);
      const lowest = r.lowestOptimizationResult;
      expect([lowest.x, lowest.fun, lowest.iterations, lowest.evaluations, lowest.converged]).toEqual([run.lowest.x, run.lowest.fun, run.lowest.nit, run.lowest.nfev, run.lowest.success]);
      expect(calls).toEqual(run.calls.map(({ x, f, accept }) => ({ x: x.map(numberOf), f: numberOf(f), accept })));
      if (run.stdout) expect(printed).toEqual(run.stdout);
      if (run.stepsize !== null) expect(step!.stepsize).toBe(run.stepsize);
      if (run.reports !== null) expect(reports).toEqual(run.reports);
    });
  }
});

describe('basinhopping options', () => {
  const ripple = GLOBAL_PROBLEMS.ripple1d!;

  it('checks seed as numpy\'s RandomState and refuses rng with seed, as scipy', () => {
    expect(() => tf.optimize.basinhopping(ripple, [1], { seed: 2 ** 32 })).toThrow('Seed must be between 0 and 2**32 - 1');
    expect(() => tf.optimize.basinhopping(ripple, [1], { seed: 0.5 })).toThrow("'0.5' cannot be used to seed a numpy.random.RandomState instance");
    expect(() => tf.optimize.basinhopping(ripple, [1], { seed: null, rng: 1 })).toThrow('got multiple values for argument now known as `rng`');
    expect(() => tf.optimize.basinhopping(ripple, [1], { rng: 1, seed: 1 })).toThrow('got multiple values for argument now known as `rng`');
    expect(() => tf.optimize.basinhopping(ripple, [1], { rng: -1 })).toThrow(/rng must be a non-negative integer/);
  });

  it("takes seed: null as scipy's seed=None: an unseeded run of numpy's legacy RandomState", () => {
    const a = tf.optimize.basinhopping(ripple, [1], { seed: null, niter: 5 });
    const b = tf.optimize.basinhopping(ripple, [1], { seed: null, niter: 5 });
    expect(Number.isFinite(a.fun) && Number.isFinite(b.fun)).toBe(true);
    expect(a.x).not.toEqual(b.x); // random seeds: two runs differ (equal with odds of about 2^-32)
  });

  it("checks targetAcceptRate and stepwiseFactor with scipy's messages", () => {
    expect(() => tf.optimize.basinhopping(ripple, [1], { targetAcceptRate: 1 })).toThrow('target_accept_rate has to be in range (0, 1)');
    expect(() => tf.optimize.basinhopping(ripple, [1], { stepwiseFactor: 0 })).toThrow('stepwise_factor has to be in range (0, 1)');
  });

  it('checks the functions and the counts', () => {
    expect(() => tf.optimize.basinhopping(ripple, [1], { takeStep: 3 as never })).toThrow(/take_step must be callable/);
    expect(() => tf.optimize.basinhopping(ripple, [1], { acceptTest: 'x' as never })).toThrow(/accept_test must be callable/);
    expect(() => tf.optimize.basinhopping(ripple, [1], { niter: 1.5 })).toThrow(/niter must be an integer >= 0/);
    expect(() => tf.optimize.basinhopping(ripple, [1], { interval: 0 })).toThrow(/interval must be an integer >= 1/);
    expect(() => tf.optimize.basinhopping(ripple, [1], { niters: 3 } as never)).toThrow(/unknown option 'niters'/);
    expect(() => tf.optimize.basinhopping(ripple, [1], { niter: 2, rng: 0, acceptTest: () => undefined as never })).toThrow("accept_tests must return True, False, or 'force accept'");
    expect(() => tf.optimize.basinhopping(ripple, [1], { niter: 2, rng: 0, takeStep: () => [1, 2] })).toThrow(/takeStep returned 2 coordinates for 1 parameters/);
  });

  it('passes minimizerKwargs to minimize, which checks them', () => {
    expect(() => tf.optimize.basinhopping(ripple, [1], { minimizerKwargs: { method: 'cg', bounds: [[0, 1]] } })).toThrow(/does not accept bounds/);
    const r = tf.optimize.basinhopping(ripple, [1], { niter: 5, rng: 3, minimizerKwargs: { method: 'powell' } });
    expect(r.njev).toBeUndefined();
    expect(r.lowestOptimizationResult.direc).toHaveLength(1);
  });

  it('counts nhev for the Hessian methods, as scipy sums them', () => {
    const r = tf.optimize.basinhopping(ripple, [1], { niter: 3, rng: 3, minimizerKwargs: { method: 'trust-exact' } });
    expect(r.nhev).toBeGreaterThan(0);
    expect(r.njev).toBeGreaterThan(0);
  });
});
