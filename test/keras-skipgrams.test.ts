// tf.keras.preprocessing.sequence.skipgrams and makeSamplingTable against TensorFlow 2.21's
// (Keras 3.15's legacy module; test/fixtures/keras-skipgrams.json, made by
// scripts/keras_skipgrams_fixtures.py): series of calls after Python's random.seed(s), which
// keras.utils.setRandomSeed(s) gives here, with window sizes, negative samples, seeded and
// unseeded shuffles, categorical labels, sampling tables and zeros in the sequence.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';

interface Call { sequence: number[]; vocabulary_size: number; window_size?: number; negative_samples?: number; shuffle?: boolean; categorical?: boolean; sampling_table?: 'table'; seed?: number }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-skipgrams.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  calls: Call[];
  series: { python_seed: number; results: { couples: number[][]; labels: (number | number[])[] }[] }[];
  tables: { size: number; factor: number; table: number[] }[];
};

afterAll(() => tf.random.setSeed(null));

const seq = tf.keras.preprocessing.sequence;

describe(`tf.keras.preprocessing.sequence equals TensorFlow ${fixture.tensorflow}'s`, () => {
  for (const s of fixture.series) {
    it(`skipgrams: ${fixture.calls.length} calls after random.seed(${s.python_seed})`, () => {
      tf.keras.utils.setRandomSeed(s.python_seed);
      fixture.calls.forEach((c, i) => {
        const samplingTable = c.sampling_table === 'table' ? seq.makeSamplingTable(c.vocabulary_size, 0.05) : undefined;
        const [couples, labels] = seq.skipgrams(c.sequence, c.vocabulary_size, {
          windowSize: c.window_size, negativeSamples: c.negative_samples, shuffle: c.shuffle, categorical: c.categorical, samplingTable, seed: c.seed,
        });
        expect(couples, `call ${i}`).toEqual(s.results[i]!.couples);
        expect(labels, `call ${i}`).toEqual(s.results[i]!.labels);
      });
    });
  }

  it('makeSamplingTable', () => {
    for (const t of fixture.tables) {
      const got = Array.from(seq.makeSamplingTable(t.size, t.factor));
      got.forEach((v, i) => expect(Math.abs(v - t.table[i]!)).toBeLessThanOrEqual(1e-15 * Math.abs(t.table[i]!)));
      expect(got.length).toBe(t.size);
    }
  });

  it('checks its arguments', () => {
    expect(() => seq.makeSamplingTable(0)).toThrow(/positive integer/);
    expect(() => seq.skipgrams([1, 2], 3, { windowSize: -1 })).toThrow(/windowSize/);
    expect(() => seq.skipgrams([1, 2], 1)).toThrow(/empty/);
    expect(() => seq.skipgrams([1, 2.5], 3)).toThrow(/integer word indices/);
    expect(() => seq.skipgrams([1, 5], 3, { samplingTable: [1, 1, 1] })).toThrow(/no entry for word 5/);
    expect(() => seq.skipgrams([1, 2], 3, { window: 2 } as object)).toThrow(/unknown option 'window'/);
    expect(seq.padSequences).toBe(tf.keras.utils.padSequences);
  });
});
