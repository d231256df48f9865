// numpy's legacy RandomState (MT19937) as ts/optimize/numpy-random-state.ts reimplements it, the
// generator of scipy's seed=int in differentialEvolution and basinhopping, against numpy's own
// streams (test/fixtures/numpy-random-state.json, scripts/numpy_random_state_fixtures.py): integer
// seeds from 0 to 2**32 - 1, random_sample past the state's regenerations, uniform, randint
// (int64, as scipy's rng_integers calls it) from high 1 to 2**32, permutation and shuffle, drawn
// in the script's order from one stream per seed, all compared exactly; and numpy's seed range.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../ts/optimize/numpy-random-state';

interface Stream {
  seed: number; randomSample: number[]; uniform: number[];
  randint: { high: number; values: number[] }[]; permutation: { n: number; values: number[] }[];
  shuffle: number[]; after: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/numpy-random-state.json', import.meta.url), 'utf8')) as {
  numpy: string; streams: Stream[]; errors: { seed: number; message: string }[];
};

describe('NumpyRandomState draws numpy.random.RandomState(seed)\'s numbers', () => {
  for (const stream of fixture.streams) {
    it(`seed ${stream.seed}`, () => {
      const rs = new NumpyRandomState(stream.seed);
      expect(Array.from({ length: stream.randomSample.length }, () => rs.randomSample())).toEqual(stream.randomSample);
      expect(Array.from({ length: stream.uniform.length }, () => rs.uniform(-2.5, 3.0))).toEqual(stream.uniform);
      for (const { high, values } of stream.randint) {
        expect(values.map(() => rs.integers(high)), `randint(${high})`).toEqual(values);
      }
      for (const { n, values } of stream.permutation) expect(Array.from(rs.permutation(n)), `permutation(${n})`).toEqual(values);
      const shuffled = Array.from({ length: 9 }, (_, i) => i);
      rs.shuffle(shuffled);
      expect(shuffled).toEqual(stream.shuffle);
      expect(rs.randomSample()).toBe(stream.after);
    });
  }

  it('refuses seeds outside [0, 2**32 - 1] with numpy\'s message', () => {
    for (const { seed, message } of fixture.errors) expect(() => new NumpyRandomState(seed)).toThrow(message);
    expect(() => new NumpyRandomState(1.5)).toThrow('Seed must be between 0 and 2**32 - 1');
  });
});
