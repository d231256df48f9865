// Candidate samplers, compute_accidental_hits, nce_loss and sampled_softmax_loss against
// TensorFlow 2.21 (test/fixtures/tf-candidate-sampling.json, made by
// scripts/tf_candidate_sampling_fixtures.py): the samplers' candidates and expected counts for
// series of calls after tf.random.setSeed (uniform, log-uniform, fixed and learned unigrams, unique
// or not, op seeds continuing their kernel's stream and a learned kernel's counts, power-of-two
// ranges and not, a range as small as the sample), the accidental hits of
// repeated candidates, and the sampled losses with given sampled values (float32 and float64,
// numTrue 1 and 2, hits removed or not, weights in two blocks) with their gradients, and with
// the default sampler.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';

type Nested = number | Nested[];
interface Call {
  kind: 'uniform' | 'log_uniform' | 'fixed' | 'learned'; true_classes: number[][]; num_sampled: number; unique: boolean; range_max: number; seed: number | null;
  unigrams?: number[]; distortion?: number; num_reserved_ids?: number; num_shards?: number; shard?: number;
}
interface LossResult { loss: number[]; grad_weights: number[][]; grad_biases: number[]; grad_inputs: number[][] }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/tf-candidate-sampling.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  series: { global_seed: number; calls: Call[]; results: { sampled: number[]; true_expected: number[][]; sampled_expected: number[] }[] }[];
  hits: { true_classes: number[][]; sampled: number[]; num_true: number; indices: number[]; ids: number[]; weights: number[] }[];
  losses: ({ dtype: 'float32' | 'float64'; num_true: number; remove: boolean; weights: number[][]; biases: number[]; inputs: number[][]; labels: number[][];
    sampled: number[]; true_expected: number[][]; sampled_expected: number[]; nce: LossResult; softmax: LossResult })[];
  defaults: { kind: 'nce' | 'softmax'; weights: number[][]; biases: number[]; inputs: number[][]; labels: number[][]; loss: number[] }[];
};

afterAll(() => tf.random.setSeed(null));

/** Every value within `rtol` of the expected (relative to max(1, |expected|)). */
function close(got: tf.Tensor, want: Nested, rtol: number, what: string): void {
  const e = (Array.isArray(want) ? want.flat(3) : [want]) as number[];
  const g = Array.from(got.dataSync());
  expect(g.length, what).toBe(e.length);
  g.forEach((v, i) => expect(Math.abs(v - e[i]!), `${what}[${i}]: ${v} vs ${e[i]}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(e[i]!))));
}

describe(`candidate samplers draw TensorFlow ${fixture.tensorflow}'s candidates`, () => {
  for (const s of fixture.series) {
    it(`global seed ${s.global_seed}: ${s.calls.map((c) => `${c.kind}(${c.num_sampled} of ${c.range_max}${c.unique ? ', unique' : ''}${c.seed !== null ? `, seed ${c.seed}` : ''})`).join(', ')}`, () => {
      tf.random.setSeed(s.global_seed);
      s.calls.forEach((c, i) => {
        const args = [c.true_classes, c.true_classes[0]!.length, c.num_sampled, c.unique, c.range_max] as const;
        const seed = c.seed ?? undefined;
        const [sampled, trueExpected, sampledExpected] = c.kind === 'fixed'
          ? tf.random.fixedUnigramCandidateSampler(...args, { unigrams: c.unigrams!, distortion: c.distortion, numReservedIds: c.num_reserved_ids, numShards: c.num_shards, shard: c.shard, seed })
          : ({ uniform: tf.random.uniformCandidateSampler, log_uniform: tf.random.logUniformCandidateSampler, learned: tf.random.learnedUnigramCandidateSampler } as const)[c.kind](...args, { seed });
        const r = s.results[i]!;
        expect(sampled.dtype).toBe('int32');
        expect(Array.from(sampled.dataSync()), `call ${i}`).toEqual(r.sampled);
        expect(trueExpected.shape).toEqual([c.true_classes.length, c.true_classes[0]!.length]);
        // float32 counts: TensorFlow's -expm1f(n·log1pf(-p)) (glibc), here expm1 rounded once more.
        close(trueExpected, r.true_expected, 3e-7, `call ${i} true counts`);
        close(sampledExpected, r.sampled_expected, 3e-7, `call ${i} sampled counts`);
      });
    });
  }

  it('checks its arguments as TensorFlow does', () => {
    const s = tf.random.logUniformCandidateSampler;
    expect(() => s([1, 2], 1, 2, true, 10)).toThrow(/true_classes must be a matrix/);
    expect(() => s([[1, 2]], 1, 2, true, 10)).toThrow(/numTrue columns/);
    expect(() => s([[1]], 1, 11, true, 10)).toThrow(/range is too small/);
    expect(() => s([[10]], 1, 2, true, 10)).toThrow(/out of range \[0, 10\), received 10/);
    expect(() => s([[1]], 1, 2, true, 0)).toThrow(/rangeMax must be an integer >= 1/);
    const fixed = tf.random.fixedUnigramCandidateSampler;
    expect(() => fixed([[1]], 1, 2, true, 4, { unigrams: [1, 2, 3] })).toThrow(/range is 4 must be equal to weights size 3/);
    expect(() => fixed([[1]], 1, 2, true, 3, { unigrams: [] })).toThrow(/vocab_file is not supported/);
    expect(() => fixed([[1]], 1, 2, true, 3, { unigrams: [1, 2, 3], shard: 1 })).toThrow(/shard must be an integer in \[0, numShards\)/);
  });

  it('learnedUnigramCandidateSampler learns across the calls of one kernel (no seed, or one op seed) and forgets at setSeed', () => {
    const s = tf.random.learnedUnigramCandidateSampler;
    tf.random.setSeed(null);
    for (let i = 0; i < 3; i++) s([[2]], 1, 1, false, 4);
    expect(s([[2]], 1, 1, false, 4)[1].dataSync()[0]).toBeCloseTo(4 / 7, 6); // (1 + 3) / (4 + 3)
    tf.random.setSeed(3);
    s([[2]], 1, 1, false, 4, { seed: 1 });
    expect(s([[2]], 1, 1, false, 4, { seed: 1 })[1].dataSync()[0]).toBeCloseTo(2 / 5, 6);
    expect(s([[2]], 1, 1, false, 4)[1].dataSync()[0]).toBeCloseTo(1 / 4, 6); // a seedless call's kernel is new
    tf.random.setSeed(3);
    expect(s([[2]], 1, 1, false, 4, { seed: 1 })[1].dataSync()[0]).toBeCloseTo(1 / 4, 6);
  });

  it('allCandidateSampler gives 0..numSampled-1 with counts 1', () => {
    const [s, t, e] = tf.random.allCandidateSampler([[3], [1]], 1, 4, true);
    expect(Array.from(s.dataSync())).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.dataSync())).toEqual([1, 1]);
    expect(Array.from(e.dataSync())).toEqual([1, 1, 1, 1]);
  });

  it('draws again at every call of a compiled function', () => {
    tf.random.setSeed(1);
    const draw = tf.function((classes: tf.Tensor) => tf.random.uniformCandidateSampler(classes, 1, 8, true, 1000)[0]);
    const classes = tf.constant([[0]], 'int32');
    const a = Array.from(draw(classes).dataSync());
    const b = Array.from(draw(classes).dataSync());
    expect(a).not.toEqual(b);
  });
});

describe(`tf.nn.computeAccidentalHits equals TensorFlow ${fixture.tensorflow}'s`, () => {
  fixture.hits.forEach((h, i) => {
    it(`case ${i}`, () => {
      const [indices, ids, weights] = tf.nn.computeAccidentalHits(h.true_classes, h.sampled, h.num_true);
      expect(Array.from(indices.dataSync())).toEqual(h.indices);
      expect(Array.from(ids.dataSync())).toEqual(h.ids);
      expect(Array.from(weights.dataSync())).toEqual(h.weights);
    });
  });
});

describe(`tf.nn.nceLoss and sampledSoftmaxLoss equal TensorFlow ${fixture.tensorflow}'s`, () => {
  fixture.losses.forEach((c, i) => {
    for (const kind of ['nce', 'softmax'] as const) {
      it(`${kind} case ${i}: ${c.dtype}, numTrue ${c.num_true}, accidental hits ${c.remove ? 'removed' : 'kept'}, weights in two blocks`, () => {
        const weights = [tf.constant(c.weights.slice(0, 6), c.dtype), tf.constant(c.weights.slice(6), c.dtype)];
        const biases = tf.constant(c.biases, c.dtype);
        const inputs = tf.constant(c.inputs, c.dtype);
        const sampledValues: tf.SampledValues = [tf.constant(c.sampled, 'int32'), tf.constant(c.true_expected, c.dtype), tf.constant(c.sampled_expected, c.dtype)];
        const fn = kind === 'nce' ? tf.nn.nceLoss : tf.nn.sampledSoftmaxLoss;
        const tape = new tf.GradientTape();
        for (const t of [...weights, biases, inputs]) tape.watch(t);
        let loss!: tf.Tensor;
        const total = tape.record(() => {
          loss = fn({ weights, biases, labels: c.labels, inputs, numSampled: 5, numClasses: 12, numTrue: c.num_true, sampledValues, removeAccidentalHits: c.remove });
          return tf.reduceSum(loss.mul(tf.constant([1, 2, 3], c.dtype)));
        });
        const want = c[kind];
        const rtol = c.dtype === 'float32' ? 2e-6 : 1e-13;
        close(loss, want.loss, rtol, 'loss');
        const [gw0, gw1, gb, gx] = tape.gradient(total, [...weights, biases, inputs]);
        close(tf.concat([gw0!, gw1!], 0), want.grad_weights, rtol * 5, 'd/dweights');
        close(gb!, want.grad_biases, rtol * 5, 'd/dbiases');
        close(gx!, want.grad_inputs, rtol * 5, 'd/dinputs');
      });
    }
  });

  it('sample with TensorFlow\'s default sampler after setSeed', () => {
    tf.random.setSeed(5);
    for (const d of fixture.defaults) {
      const fn = d.kind === 'nce' ? tf.nn.nceLoss : tf.nn.sampledSoftmaxLoss;
      const loss = fn({ weights: d.weights, biases: d.biases, labels: d.labels, inputs: d.inputs, numSampled: 6, numClasses: 40 });
      close(loss, d.loss, 2e-6, d.kind);
    }
  });

  it('check their arguments', () => {
    const args = { weights: tf.zeros([6, 2]), biases: tf.zeros([6]), labels: [[1]], inputs: tf.zeros([1, 2]), numSampled: 2, numClasses: 6 };
    expect(() => tf.nn.nceLoss({ ...args, weights: [tf.zeros([2, 2]), tf.zeros([4, 2])] })).toThrow(/block 0 must have 3 rows/);
    expect(() => tf.nn.nceLoss({ ...args, inputs: tf.zeros([2, 2]) })).toThrow(/same batch size/);
    expect(() => tf.nn.nceLoss({ ...args, weights: tf.zeros([6, 3]) })).toThrow(/dim = 2/);
    expect(() => tf.nn.sampledSoftmaxLoss({ ...args, numSampled: 0 })).toThrow(/numSampled must be an integer >= 1/);
  });
});
