// Normalization.adapt over batches: Keras 3's running mean and lack-of-fit variance, against Keras
// 3.15.1 (scripts/keras_adapt_fixtures.py), from a dataset, an array of tensors and a generator.
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface AdaptCase {
  options: { axis?: number | null };
  batches: number[][][];
  mean: number | number[];
  variance: number | number[];
}
const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/keras-adapt.json', import.meta.url), 'utf8')) as { cases: Record<string, AdaptCase> };

const closeTo = (got: unknown, want: number | number[]) => {
  const [g, w] = [[got].flat(3) as number[], [want].flat() as number[]];
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(w[i]!))));
};

describe('Normalization.adapt over batches', () => {
  it.each(Object.keys(FIXTURE.cases))('%s: an array of batches gives Keras\' statistics', (name) => {
    const c = FIXTURE.cases[name]!;
    const norm = new tf.keras.layers.Normalization(c.options);
    norm.adapt(c.batches.map((b) => tf.constant(b)));
    closeTo(norm.adaptMean!.arraySync(), c.mean);
    closeTo(norm.adaptVariance!.arraySync(), c.variance);
  });

  it('a dataset of batches, a dataset of (x, y) tuples and a generator give the same as the array', () => {
    const c = FIXTURE.cases.features!;
    const stats = (data: Parameters<tf.keras.layers.Normalization['adapt']>[0]) => {
      const norm = new tf.keras.layers.Normalization();
      norm.adapt(data);
      return [norm.adaptMean!.arraySync(), norm.adaptVariance!.arraySync()];
    };
    const want = stats(c.batches.map((b) => tf.constant(b)));
    const batches = () => tf.data.Dataset.fromGenerator(() => c.batches.map((b) => tf.constant(b)).values(), { outputSignature: new tf.TensorSpec([null, 4], 'float32') });
    expect(stats(batches())).toEqual(want);
    expect(stats(batches().map((x) => [x, tf.zeros([x.shape[0]!])]))).toEqual(want);
    expect(stats((function* () { for (const b of c.batches) yield tf.constant(b); })())).toEqual(want);
  });

  it('batches an unbatched dataset of rank-1 elements by 128, as Keras does', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i), (i % 7) * 0.5]);
    const norm = new tf.keras.layers.Normalization();
    norm.adapt(tf.data.Dataset.fromTensorSlices(tf.constant(rows)));
    // Batches of 128, 128 and 44, combined: the whole data's statistics up to float32 rounding.
    const whole = new tf.keras.layers.Normalization();
    whole.adapt(tf.constant(rows));
    closeTo(norm.adaptMean!.arraySync(), whole.adaptMean!.arraySync() as number[]);
    closeTo(norm.adaptVariance!.arraySync(), whole.adaptVariance!.arraySync() as number[]);
    const by128 = new tf.keras.layers.Normalization();
    by128.adapt([0, 128, 256].map((s) => tf.constant(rows.slice(s, s + 128))));
    expect(norm.adaptMean!.arraySync()).toEqual(by128.adaptMean!.arraySync());
  });

  it('refuses a batch whose kept axes differ, and no batches at all', () => {
    const norm = new tf.keras.layers.Normalization();
    expect(() => norm.adapt([tf.zeros([2, 3]), tf.zeros([2, 4])])).toThrow('adapt() yielded a batch with incompatible shape. Expected (2, 3), got (2, 4).');
    expect(() => new tf.keras.layers.Normalization().adapt((function* () {})())).toThrow('adapt() received no batches');
    // A nested array of numbers is still one tensor.
    const one = new tf.keras.layers.Normalization();
    one.adapt([[1, 10], [3, 30]]);
    expect(one.adaptMean!.arraySync()).toEqual([2, 20]);
  });
});
