// tf.optimize.differentialEvolution against scipy 1.17.1's differential_evolution with integer
// rng (test/fixtures/differential-evolution-scipy.json, scripts/differential_evolution_fixtures.py),
// and with scipy's legacy integer seed (numpy's RandomState, MT19937; polished and not, strategies
// whose samples, fill points and crossovers draw from it, integrality): every strategy with both
// updatings, the initializations, x0, dithering, tolerances, maxiter, equal bounds, integrality,
// the callback's intermediate results, all compared exactly (x, fun, nit, nfev, population,
// energies); polished runs too, where the polish's L-BFGS-B agrees bit for
// bit, else to 1e-12; NIST's Misra1a fitted with exp (Math.exp may differ from libm in the last
// bit, so there a tolerance); tensor objectives; and scipy's messages for bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { plainRosen } from './helpers/global-problems';

interface Step { nit: number; nfev: number; x: number[]; fun: number; convergence: number; message: string; success: boolean }
interface Run {
  name: string; function: 'rosen' | 'sphere' | 'shifted'; bounds: [number, number][]; options: Record<string, unknown>;
  x: number[]; fun: number; nit: number; nfev: number; success: boolean; message: string; jac: (number | 'NaN')[] | null;
  population: number[][]; populationEnergies: number[]; steps: Step[] | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/differential-evolution-scipy.json', import.meta.url), 'utf8')) as {
  scipy: string; runs: Run[];
  misra1a: { x: number[]; y: number[]; bounds: [number, number][]; rng: number; xSolution: number[]; fun: number; nit: number; nfev: number; success: boolean };
  errors: { name: string; bounds: [number, number | string][]; options: Record<string, unknown>; message: string }[];
};

// The fixture's objectives, with the same order of float operations as the script's.
const FUNCTIONS = {
  rosen: plainRosen,
  sphere: (x: number[]) => {
    let total = 0;
    for (const v of x) total += v * v;
    return total;
  },
  shifted: (x: number[]) => {
    const [a, b, c] = [x[0]! - 1.3, x[1]! - 2.7, x[2]! + 0.4];
    return a * a + b * b + c * c;
  },
};

function optionsOf(run: Run, steps?: tf.DifferentialEvolutionIntermediateResult[]): tf.DifferentialEvolutionOptions {
  const { _stop_at: stopAt, _steps: _, ...options } = run.options;
  return {
    ...options,
    callback: steps && ((r) => {
      steps.push(r);
      return r.nit === stopAt;
    }),
  } as tf.DifferentialEvolutionOptions;
}

// Runs whose polish (scipy's L-BFGS-B on forward differences) ends a few ulps from scipy's: the
// search before it is exact, the polished x agrees to 1e-9 (where f is flat) and fun to 1e-12.
const POLISH_ULPS = new Set(['sphere deferred polished', 'maxiter reached', 'callback stops']);

describe('differentialEvolution matches scipy with the same integer rng (or legacy seed)', () => {
  it(`was recorded with scipy ${fixture.scipy}`, () => {
    expect(fixture.scipy).toBe('1.17.1');
  });

  for (const run of fixture.runs) {
    it(run.name, () => {
      const steps: tf.DifferentialEvolutionIntermediateResult[] = [];
      const r = tf.optimize.differentialEvolution(FUNCTIONS[run.function], run.bounds, optionsOf(run, steps));
      expect(r.nit).toBe(run.nit);
      expect(r.nfev).toBe(run.nfev);
      expect(r.success).toBe(run.success);
      expect(r.message).toBe(run.message);
      if (POLISH_ULPS.has(run.name)) {
        r.x.forEach((v, i) => expect(Math.abs(v - run.x[i]!)).toBeLessThan(1e-9));
        expect(Math.abs(r.fun - run.fun)).toBeLessThan(1e-12);
        expect(r.populationEnergies.slice(1)).toEqual(run.populationEnergies.slice(1));
        expect(r.population.slice(1)).toEqual(run.population.slice(1));
        return;
      }
      expect(r.x).toEqual(run.x);
      expect(r.fun).toBe(run.fun);
      expect(r.jac ?? null).toEqual(run.jac && run.jac.map((v) => (v === 'NaN' ? NaN : v)));
      expect(r.population).toEqual(run.population);
      expect(r.populationEnergies).toEqual(run.populationEnergies);
      if (run.steps) {
        expect(steps.map(({ nit, nfev, x, fun, convergence, message, success }) => ({ nit, nfev, x, fun, convergence, message, success }))).toEqual(run.steps);
      }
    });
  }

  it('a tensor objective gives the plain one\'s run', () => {
    const run = fixture.runs.find((r) => r.name === 'rosen default')!;
    const rosen = (x: tf.Tensor) => {
      const head = x.slice([0], [1]);
      const tail = x.slice([1], [1]);
      return tf.reduceSum(tail.sub(head.mul(head)).square().mul(100).add(tf.sub(1, head).square()));
    };
    const before = tf.memory().numTensors;
    const r = tf.optimize.differentialEvolution(rosen, run.bounds, { rng: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.x).toEqual(run.x);
    expect(r.nfev).toBe(run.nfev);
    expect(r.populationEnergies).toEqual(run.populationEnergies);
  });

  it('an objective of ops that also run on an array (a float32 result there) is run on float64 tensors', () => {
    // (On the number[] it is first given it returns a float32 tensor: that call is run again on a
    // float64 tensor, as every later one.)
    const sphere = (x: tf.Tensor) => tf.reduceSum(tf.square(x));
    const plain = tf.optimize.differentialEvolution(FUNCTIONS.sphere, [[-3, 3], [-3, 3]], { rng: 4, maxiter: 30 });
    const r = tf.optimize.differentialEvolution(sphere, [[-3, 3], [-3, 3]], { rng: 4, maxiter: 30 });
    expect([r.x, r.fun, r.nfev]).toEqual([plain.x, plain.fun, plain.nfev]);
    const grid = tf.optimize.brute(sphere, [[-1, 1], [-1, 1]], { Ns: 5, finish: null });
    expect(grid).toEqual(tf.optimize.brute(FUNCTIONS.sphere, [[-1, 1], [-1, 1]], { Ns: 5, finish: null }));
  });

  it('bounds as { lb, ub } and a Float64Array-free run without rng work', () => {
    const r = tf.optimize.differentialEvolution(FUNCTIONS.sphere, { lb: [-3, -3], ub: [3, 3] }, { maxiter: 200 });
    expect(r.success).toBe(true);
    r.x.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-6));
    const same = tf.optimize.differentialEvolution(FUNCTIONS.rosen, { lb: [-2, -2], ub: 2 }, { rng: 1, polish: false });
    expect(same.x).toEqual(fixture.runs.find((r) => r.name === 'rosen unpolished')!.x);
  });
});

describe('differentialEvolution on NIST Misra1a (Math.exp)', () => {
  it('finds the certified minimum as scipy does', () => {
    const { x, y, bounds, rng, xSolution, fun } = fixture.misra1a;
    const sse = (b: number[]) => {
      let total = 0;
      for (let i = 0; i < x.length; i++) {
        const r = y[i]! - b[0]! * (1 - Math.exp(-b[1]! * x[i]!));
        total += r * r;
      }
      return total;
    };
    const r = tf.optimize.differentialEvolution(sse, bounds, { rng });
    expect(r.success).toBe(true);
    // NIST's certified values: b1 = 2.3894212918E+02, b2 = 5.5015643181E-04, RSS 1.2455138894E-01.
    expect(Math.abs(r.x[0]! - 238.94212918) / 238.94212918).toBeLessThan(1e-2);
    // (Here the polish's L-BFGS-B meets f values a last bit apart from scipy's near the minimum:
    // scipy's ends converged, this one's line search abnormally, and the unpolished best stands.)
    expect(Math.abs(r.fun - fun) / fun).toBeLessThan(1e-5);
    expect(Math.abs(r.x[1]! - xSolution[1]!) / xSolution[1]!).toBeLessThan(1e-2);
  });
});

describe('differentialEvolution rejects bad input with scipy\'s messages', () => {
  for (const e of fixture.errors) {
    it(e.name, () => {
      const bounds = e.bounds.map(([lo, hi]) => [lo, hi === 'Infinity' ? Infinity : hi]) as [number, number][];
      expect(() => tf.optimize.differentialEvolution(FUNCTIONS.sphere, bounds, e.options as tf.DifferentialEvolutionOptions)).toThrow(e.message);
    });
  }

  it("takes seed: null as scipy's seed=None: an unseeded run of numpy's legacy RandomState", () => {
    const run = () => tf.optimize.differentialEvolution(FUNCTIONS.sphere, [[-1, 1], [-1, 1]], { seed: null, maxiter: 3, polish: false });
    const a = run(), b = run();
    for (const r of [a, b]) expect(r.x.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(a.x).not.toEqual(b.x); // random seeds: two runs differ
  });

  it('refuses what it does not implement, by name', () => {
    const de = (options: Record<string, unknown>) => () => tf.optimize.differentialEvolution(FUNCTIONS.sphere, [[-1, 1]], options as tf.DifferentialEvolutionOptions);
    expect(de({ seed: '1' })).toThrow(/'"1"' cannot be used to seed a numpy.random.RandomState instance/);
    expect(de({ init: 'sobol' })).toThrow(/init 'sobol'.*is not supported/);
    expect(de({ init: 'halton' })).toThrow(/init 'halton'.*is not supported/);
    expect(de({ constraints: [{ type: 'ineq' }] })).toThrow(/constraints are not supported/);
    expect(de({ vectorized: true })).toThrow(/vectorized is not supported/);
    expect(de({ workers: 2 })).toThrow(/workers is not supported/);
    expect(de({ disp: true })).toThrow(/unknown option 'disp'/);
    expect(de({ rng: -1 })).toThrow(/rng must be a non-negative integer/);
    expect(de({ rng: 1.5 })).toThrow(/rng must be a non-negative integer/);
    expect(de({ updating: 'lazy' })).toThrow(/updating must be 'immediate' or 'deferred'/);
    expect(de({ maxiter: -1 })).toThrow(/maxiter must be an integer >= 0/);
    expect(de({ recombination: 1.5 })).toThrow(/recombination must be in \[0, 1\]/);
    expect(de({ integrality: [true, false] })).toThrow(/integrality must be true, false or one boolean per parameter/);
    // Accepted as scipy's defaults.
    expect(de({ constraints: [], vectorized: false, workers: 1, rng: 0, maxiter: 3 })().nit).toBe(3);
  });

  it('checks func, bounds and what func returns', () => {
    expect(() => tf.optimize.differentialEvolution(3 as never, [[-1, 1]])).toThrow(/func must be a function/);
    expect(() => tf.optimize.differentialEvolution(FUNCTIONS.sphere, [[1, -1]])).toThrow(/lower bound of parameter 0 \(1\) is above its upper bound/);
    expect(() => tf.optimize.differentialEvolution(FUNCTIONS.sphere, [[-1, 1]], { x0: [0, 0] })).toThrow(/x0 has 2 entries but bounds give 1 parameters/);
    expect(() => tf.optimize.differentialEvolution(() => 'a' as never, [[-1, 1]])).toThrow(/must return a scalar value/);
    expect(() => tf.optimize.differentialEvolution((x: tf.Tensor) => x.mul(2), [[-1, 1], [0, 1]])).toThrow(/rank-0/);
  });
});
