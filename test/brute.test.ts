// tf.optimize.brute against scipy 1.17.1's brute (test/fixtures/basinhopping-brute-scipy.json,
// scripts/basinhopping_brute_fixtures.py): grids of Ns points, numpy's mgrid slices with float steps
// (one axis: np.arange's rounding; several: k·step + start), integer slices, a reversed range,
// ties (the first minimum in C order), NaN (the first NaN), with and without fmin's Nelder-Mead
// polish, on plain-number objectives written as the script's and on tensor objectives (scipy ran on
// gradtape's values, through scripts/minimize-oracle.ts): x, fval, the grid and Jout, exactly.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GLOBAL_PROBLEMS, plainRosen } from './helpers/global-problems';

type Nested = number | string | Nested[];
interface Run {
  name: string; function: string; ranges: tf.BruteRange[]; options: { Ns?: number; finish?: null };
  x: number[]; fval: number | string; grid: Nested; Jout: Nested;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/basinhopping-brute-scipy.json', import.meta.url), 'utf8')) as { scipy: string; brute: Run[] };

/** The script's NaN and infinities (strings) as numbers. */
const numbers = (v: Nested): unknown => (Array.isArray(v) ? v.map(numbers) : typeof v === 'string' ? Number(v) : v);

// The script's plain-float objectives, with the same order of float operations.
const PLAIN: Record<string, (x: number[]) => number> = {
  rosen: plainRosen,
  camel: ([a, b]) => {
    const a2 = a! * a!;
    return (4 - 2.1 * a2 + (a2 * a2) / 3) * a2 + a! * b! + (-4 + 4 * b! * b!) * b! * b!;
  },
  doubleWell: ([v]) => {
    const t = v! * v! - 1;
    return t * t;
  },
  quartic3: (x) => {
    let total = 0;
    x.forEach((v, i) => {
      const d = v - 0.25 * (i + 1);
      total += d * d * d * d + 0.5 * d * d;
    });
    return total;
  },
  holes: ([a, b]) => (a! < -1.5 ? Number.NaN : (a! - 0.5) * (a! - 0.5) + b! * b!),
};

function objective(name: string): tf.BruteObjective {
  return name.startsWith('oracle:') ? GLOBAL_PROBLEMS[name.slice('oracle:'.length)]! : PLAIN[name]!;
}

describe('brute matches scipy', () => {
  it(`was recorded with scipy ${fixture.scipy}`, () => {
    expect(fixture.scipy).toBe('1.17.1');
  });

  for (const run of fixture.brute) {
    it(run.name, () => {
      const before = tf.memory().numTensors;
      const [x, fval, grid, Jout] = tf.optimize.brute(objective(run.function), run.ranges, { ...run.options, fullOutput: true });
      expect(tf.memory().numTensors).toBe(before);
      expect(x).toEqual(run.x);
      expect(fval).toEqual(numbers(run.fval));
      expect(grid).toEqual(numbers(run.grid));
      expect(Jout).toEqual(numbers(run.Jout));
      // Without fullOutput: x alone.
      expect(tf.optimize.brute(objective(run.function), run.ranges, run.options)).toEqual(run.x);
    });
  }
});

describe('brute options', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const bowl = (p: number[]) => (p[0]! - 0.3) ** 2 + (p[1]! + 1.2) ** 2;

  it('takes a finish function returning a result or scipy\'s tuple', () => {
    const seen: number[][] = [];
    const viaMinimize = tf.optimize.brute((p: tf.Tensor) => p.sub([0.3, -1.2]).square().sum(), [[-2, 2], [-2, 2]], {
      Ns: 5,
      finish: (f, x0) => {
        seen.push(x0);
        return tf.optimize.minimize(f as (x: tf.Tensor) => tf.Tensor, x0, { method: 'bfgs' });
      },
    });
    expect(seen).toEqual([[0, -1]]);
    viaMinimize.forEach((v, i) => expect(v).toBeCloseTo([0.3, -1.2][i]!, 6));
    const [x, fval] = tf.optimize.brute(bowl, [[-2, 2], [-2, 2]], { Ns: 5, fullOutput: true, finish: () => [[0.25, -1.25], 0.005, 0] });
    expect([x, fval]).toEqual([[0.25, -1.25], 0.005]);
  });

  it('with disp, prints fmin\'s lines and warns when the finish did not succeed, as scipy', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    tf.optimize.brute(bowl, [[-2, 2], [-2, 2]], { Ns: 5, disp: true });
    expect(lines[0]).toBe('Optimization terminated successfully.');
    expect(lines[1]).toMatch(/^ {9}Current function value: 0\.000000$/);
    expect(lines[2]).toMatch(/^ {9}Iterations: \d+$/);
    expect(warn).not.toHaveBeenCalled();
    tf.optimize.brute(bowl, [[-2, 2], [-2, 2]], { Ns: 5, disp: true, finish: () => [[0, 0], 1, 2] });
    expect(warn).toHaveBeenCalledWith('Either final optimization did not succeed or `finish` does not return `statuscode` as its last argument.');
  });

  it('checks ranges and options', () => {
    expect(() => tf.optimize.brute(bowl, Array.from({ length: 41 }, () => [0, 1] as const), { finish: null })).toThrow('Brute Force not possible with more than 40 variables.');
    expect(() => tf.optimize.brute(bowl, [[0, 1, 0]])).toThrow(/step of ranges\[0\] is 0/);
    expect(() => tf.optimize.brute(bowl, [[1, 0, 0.5], [0, 1]])).toThrow(/no point along axis 0/);
    expect(() => tf.optimize.brute(bowl, [[0] as never])).toThrow(/ranges\[0\] must be \[low, high\] or \[low, high, step\]/);
    expect(() => tf.optimize.brute(bowl, [[0, 1]], { Ns: 0 })).toThrow(/Ns must be a positive integer/);
    expect(() => tf.optimize.brute(bowl, [[0, 1]], { workers: 2 })).toThrow(/workers is not supported/);
    expect(() => tf.optimize.brute(bowl, [[0, 1]], { finish: 'fmin' as never })).toThrow(/finish must be a function/);
  });

  it('one point per axis works (scipy fails on its squeezed Jout for one parameter)', () => {
    expect(tf.optimize.brute(bowl, [[0.4, 3], [-1, 1]], { Ns: 1, finish: null })).toEqual([0.4, -1]);
    expect(tf.optimize.brute((p: number[]) => p[0]! * p[0]!, [[0.4, 3]], { Ns: 1, finish: null })).toEqual([0.4]);
  });
});
