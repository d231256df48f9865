// model.fit, evaluate and predict on a tf.data.Dataset, against the same arrays fed as arrays:
// the same batches in the same order give the same weights, bit for bit.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const N = 50;
const xs = Array.from({ length: N }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
const ys = xs.map(([a, b]) => [2 * a! - b! + 0.5]);
const weights = Array.from({ length: N }, (_, i) => 1 + (i % 3));

function model(): tf.keras.Sequential {
  tf.keras.backend.clearSession();
  const m = new tf.keras.Sequential([new tf.keras.layers.Dense(4, { inputShape: [2], activation: 'tanh', kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: 1 }) }), new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
  m.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
  return m;
}
const weightsOf = (m: tf.keras.Sequential) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('fit on a tf.data.Dataset', () => {
  it('gives the weights and history of fit on the same arrays in the same (unshuffled) batches', () => {
    const onArrays = model();
    const h1 = onArrays.fit(xs, ys, { epochs: 4, batchSize: 8, shuffle: false, validationData: [xs.slice(0, 10), ys.slice(0, 10)] });
    const onDataset = model();
    const ds = tf.data.Dataset.fromTensorSlices([tf.constant(xs), tf.constant(ys)]).batch(8);
    const validation = tf.data.Dataset.fromTensorSlices([tf.constant(xs.slice(0, 10)), tf.constant(ys.slice(0, 10))]).batch(8);
    const h2 = onDataset.fit(ds, { epochs: 4, validationData: validation });
    expect(weightsOf(onDataset)).toEqual(weightsOf(onArrays));
    expect(h2.history).toEqual(h1.history);
    expect(h2.params.steps).toBe(7);
    expect(h1.history.loss[3]).toBeLessThan(h1.history.loss[0]!);
    // evaluate and predict on datasets agree with the arrays' too.
    expect(onDataset.evaluate(ds, { returnDict: true })).toEqual(onArrays.evaluate(xs, ys, { batchSize: 8, returnDict: true }));
    expect(onDataset.predict(ds).arraySync()).toEqual(onArrays.predict(xs, { batchSize: 8 }).arraySync());
    expect(onDataset.predict(tf.data.Dataset.fromTensorSlices(tf.constant(xs)).batch(16)).shape).toEqual([N, 1]);
  });

  it('takes (x, y, sampleWeight) elements as Keras does', () => {
    const onArrays = model();
    onArrays.fit(xs, ys, { epochs: 2, batchSize: 10, shuffle: false, sampleWeight: weights });
    const onDataset = model();
    onDataset.fit(tf.data.Dataset.fromTensorSlices([tf.constant(xs), tf.constant(ys), tf.constant(weights)]).batch(10), { epochs: 2 });
    expect(weightsOf(onDataset)).toEqual(weightsOf(onArrays));
  });

  it('with stepsPerEpoch draws batches from one iterator across epochs (an infinite dataset needs it)', () => {
    // Batches 0-4 of a 5-batch pass, then batch 0 again: 3 steps per epoch, 2 epochs.
    const onArrays = model();
    onArrays.fit(xs.slice(0, 40), ys.slice(0, 40), { epochs: 1, batchSize: 8, shuffle: false });
    onArrays.fit(xs.slice(0, 8), ys.slice(0, 8), { epochs: 1, batchSize: 8, shuffle: false });
    const onDataset = model();
    const endless = tf.data.Dataset.fromTensorSlices([tf.constant(xs.slice(0, 40)), tf.constant(ys.slice(0, 40))]).batch(8).repeat();
    const history = onDataset.fit(endless, { epochs: 2, stepsPerEpoch: 3 });
    expect(history.history.loss.length).toBe(2);
    expect(weightsOf(onDataset)).toEqual(weightsOf(onArrays));
    // A finite dataset that runs out stops training, as Keras (with a warning).
    const finite = tf.data.Dataset.fromTensorSlices([tf.constant(xs.slice(0, 40)), tf.constant(ys.slice(0, 40))]).batch(8);
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      expect(model().fit(finite, { epochs: 5, stepsPerEpoch: 3 }).history.loss.length).toBe(2);
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([expect.stringContaining('Your input ran out of data; interrupting training.')]);
    expect(() => model().fit(endless, { epochs: 1 })).toThrow('When passing an infinitely repeating dataset, you must specify the `stepsPerEpoch` argument.');
  });

  it("refuses what Keras refuses with a dataset", () => {
    const m = model();
    const ds = tf.data.Dataset.fromTensorSlices([tf.constant(xs), tf.constant(ys)]).batch(8);
    expect(() => m.fit(ds, { batchSize: 8 })).toThrow('The `batchSize` argument must not be specified for the given input type');
    expect(() => m.fit(ds, ys as never)).toThrow('When providing `x` as a tf.data.Dataset, `y` should not be passed. Instead, the targets should be included as part of the tf.data.Dataset.');
    expect(() => m.fit(ds, { sampleWeight: weights })).toThrow('`sampleWeight` should not be passed');
    expect(() => m.fit(ds, { validationSplit: 0.2 })).toThrow('`validationSplit` is only supported for Tensors or NumPy arrays');
    expect(() => m.evaluate(ds, { batchSize: 8 })).toThrow('The `batchSize` argument must not be specified');
    expect(() => m.fit(tf.data.Dataset.fromTensorSlices({ a: xs }).batch(8))).toThrow('Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`');
  });

  it('a shuffled dataset trains over many epochs in bounded memory', () => {
    const m = model();
    const ds = tf.data.Dataset.fromTensorSlices([tf.constant(xs), tf.constant(ys)]).shuffle(N, { seed: 2 }).batch(8);
    m.fit(ds, { epochs: 5 });
    const before = tf.memory();
    const history = m.fit(ds, { epochs: 60 });
    const after = tf.memory();
    expect(history.history.loss[59]).toBeLessThan(history.history.loss[0]!);
    expect(after.numTensors).toBeLessThan(before.numTensors + 3000);
    expect(after.wasmMemoryBytes).toBeLessThanOrEqual(before.wasmMemoryBytes + 8 * 2 ** 20);
  });
});
