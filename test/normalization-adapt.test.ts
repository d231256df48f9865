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

describe("Normalization's mean and variance: Keras's broadcast statistics", () => {
  it('after adapt, the adapted ones reshaped against the inputs (the kept axes, 1 elsewhere); the given ones broadcast; null before build', () => {
    // Keras's docstring data: per-column means [1, 8, 5], variances [1, 1, 1].
    const norm = new tf.keras.layers.Normalization(-1);
    expect(norm.mean).toBeNull();
    norm.adapt([[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]]);
    expect(norm.mean!.shape).toEqual([1, 3]);
    expect(norm.mean!.arraySync()).toEqual([[1, 8, 5]]);
    expect(norm.variance!.arraySync()).toEqual([[1, 1, 1]]);
    // axis null: one mean over everything, of the inputs' rank.
    const all = new tf.keras.layers.Normalization(null);
    all.adapt([1, 2, 3, 4, 5]);
    expect([all.mean!.shape, all.mean!.arraySync(), all.variance!.arraySync()]).toEqual([[1], [3], [2]]);
    // Given: broadcast once the layer is built by its first call.
    const given = new tf.keras.layers.Normalization(-1, 3, 2);
    expect(given.mean).toBeNull();
    expect((given.apply([[1], [2], [3]]) as tf.Tensor).shape).toEqual([3, 1]);
    expect([given.mean!.arraySync(), given.variance!.arraySync()]).toEqual([[[3]], [[2]]]);
  });
});
