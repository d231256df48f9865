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

describe('a tf.data.Dataset feeding a functional model of several inputs and outputs', () => {
  const L = tf.keras.layers;
  const xa = xs.map(([a, b]) => [a!, b!]);
  const xb = xs.map(([a]) => [a! * a!]);
  const y1 = xs.map(([a, b], i) => [a! + b! + xb[i]![0]!]);
  const y2 = xs.map(([a]) => [1 - a!]);

  // Two inputs (an array, or an object by name) and two outputs, each with its own loss.
  function twoByTwo(byName: boolean): tf.keras.Model {
    tf.keras.backend.clearSession();
    const a = tf.keras.Input([2], { name: 'a' });
    const b = tf.keras.Input([1], { name: 'b' });
    const h = new L.Dense(4, { activation: 'tanh', kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: 3 }) })(L.concatenate([a, b]));
    const sum = new L.Dense(1, { name: 'sum', kernelInitializer: 'ones' })(h);
    const diff = new L.Dense(1, { name: 'diff', kernelInitializer: 'zeros' })(h);
    const m = new tf.keras.Model(byName ? { inputs: { a, b }, outputs: { sum, diff } } : { inputs: [a, b], outputs: [sum, diff] });
    m.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: byName ? { sum: 'mse', diff: 'mae' } : ['mse', 'mae'] });
    return m;
  }
  const weightsOf2 = (m: tf.keras.Model) => m.getWeights().map((w) => Array.from(w.dataSync()));

  it('takes [[xa, xb], [y1, y2]] elements as fit, evaluate and predict take the arrays', () => {
    const onArrays = twoByTwo(false);
    const h1 = onArrays.fit([xa, xb], [y1, y2], { epochs: 3, batchSize: 8, shuffle: false, validationData: [[xa.slice(0, 10), xb.slice(0, 10)], [y1.slice(0, 10), y2.slice(0, 10)]] });
    const onDataset = twoByTwo(false);
    const slices = (n: number) => tf.data.Dataset.fromTensorSlices([[tf.constant(xa.slice(0, n)), tf.constant(xb.slice(0, n))], [tf.constant(y1.slice(0, n)), tf.constant(y2.slice(0, n))]]).batch(8);
    const h2 = onDataset.fit(slices(N), { epochs: 3, validationData: slices(10) });
    expect(weightsOf2(onDataset)).toEqual(weightsOf2(onArrays));
    expect(h2.history).toEqual(h1.history);
    expect(h1.history.loss[2]).toBeLessThan(h1.history.loss[0]!);
    expect(onDataset.evaluate(slices(N))).toEqual(onArrays.evaluate([xa, xb], [y1, y2], { batchSize: 8 }));
    const predicted = onDataset.predict<tf.Tensor[]>(slices(N));
    const expected = onArrays.predict<tf.Tensor[]>([xa, xb], { batchSize: 8 });
    expect(predicted.map((t) => t.arraySync())).toEqual(expected.map((t) => t.arraySync()));
    expect(predicted[0]!.shape).toEqual([N, 1]);
  });

  it('takes objects keyed as the inputs and outputs, and an object element as x alone (Keras)', () => {
    const onArrays = twoByTwo(true);
    onArrays.fit({ a: xa, b: xb }, { sum: y1, diff: y2 }, { epochs: 2, batchSize: 10, shuffle: false, sampleWeight: weights });
    const onDataset = twoByTwo(true);
    const inputs = { a: tf.constant(xa), b: tf.constant(xb) };
    onDataset.fit(tf.data.Dataset.fromTensorSlices([inputs, { sum: tf.constant(y1), diff: tf.constant(y2) }, tf.constant(weights)]).batch(10), { epochs: 2 });
    expect(weightsOf2(onDataset)).toEqual(weightsOf2(onArrays));
    const predicted = onDataset.predict<{ sum: tf.Tensor; diff: tf.Tensor }>(tf.data.Dataset.fromTensorSlices(inputs).batch(16));
    const expected = onArrays.predict<{ sum: tf.Tensor; diff: tf.Tensor }>({ a: xa, b: xb });
    expect(predicted.sum.arraySync()).toEqual(expected.sum.arraySync());
    expect(predicted.diff.arraySync()).toEqual(expected.diff.arraySync());
    // fit needs y: an object element alone is x, as Keras unpacks it.
    expect(() => onDataset.fit(tf.data.Dataset.fromTensorSlices(inputs).batch(8))).toThrow('an object element is x alone (as Keras unpacks it), and the compiled loss needs y');
  });

  it('says so when an element does not match the model', () => {
    const twoInputs = twoByTwo(false);
    const oneY = tf.data.Dataset.fromTensorSlices([[tf.constant(xa), tf.constant(xb)], tf.constant(y1)]).batch(8);
    expect(() => twoInputs.fit(oneY)).toThrow('y must be an array of 2 arrays or tensors (the model has 2 outputs)');
    const nested = tf.data.Dataset.fromTensorSlices([[tf.constant(xa), tf.constant(xb)], tf.constant(ys)]).batch(8);
    expect(() => model().fit(nested)).toThrow("the dataset's x is an array");
    expect(() => model().fit(nested)).toThrow('but the model has one input: make each element\'s x a tensor');
  });
});
