// The functional API against Keras 3 (keras/src/models/functional.py, ops/function.py, ops/node.py,
// backend/common/keras_tensor.py, utils/summary_utils.py): models from given weights checked
// against the same computation written with tf ops, shared layers' gradients by hand, Keras'
// summary layout and messages, and training eager and compiled.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { denseWith } from './helpers/keras';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());


/** Each of `actual` close to `expected` (6 digits). */
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
}

const K1 = [[1, -1], [0.5, 2], [-2, 1]];
const B1 = [0.5, -0.5];
const K2 = [[2], [-3]];
const B2 = [1];

describe('KerasTensor and Input', () => {
  it('tf.keras.Input returns a KerasTensor of the batch shape, named after its InputLayer', () => {
    const x = tf.keras.Input([3], { name: 'features' });
    expect(x).toBeInstanceOf(tf.keras.KerasTensor);
    expect(x.shape).toEqual([null, 3]);
    expect(x.dtype).toBe('float32');
    expect(String(x)).toBe('<KerasTensor shape=(None, 3), dtype=float32, sparse=False, name=features>');
    expect(tf.keras.Input([2, 2], { batchSize: 4 }).shape).toEqual([4, 2, 2]);
  });

  it('a layer called on a KerasTensor is built from its shape and gives its output shape', () => {
    const x = tf.keras.Input([3]);
    const dense = new L.Dense(5);
    const y = dense(x);
    expect(y).toBeInstanceOf(tf.keras.KerasTensor);
    expect(y.shape).toEqual([null, 5]);
    expect(dense.built).toBe(true);
    expect(dense.weights.map((w) => w.shape)).toEqual([[3, 5], [5]]);
    expect(new L.Flatten()(tf.keras.Input([2, 3])).shape).toEqual([null, 6]);
  });

  it('a Layer subclass without computeOutputShape gets its output shape from a run (unknown sizes stay unknown)', () => {
    class Pairs extends L.Layer {
      override call(x: tf.Tensor) {
        return tf.reshape(x, [x.shape[0]!, -1, 2]);
      }
    }
    expect(new Pairs()(tf.keras.Input([6])).shape).toEqual([null, 3, 2]);
  });

  it('ops refuse KerasTensors and say to use a layer', () => {
    const x = tf.keras.Input([3]);
    expect(() => tf.add(x as never, 1)).toThrow(/got a KerasTensor .*compute on them with a layer \(tf\.keras\.layers\.Add/);
  });

  it('Sequential still takes tf.keras.Input as its first entry; InputLayer still works', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2)]);
    expect(model.built).toBe(true);
    expect(model.countParams()).toBe(8);
    const withLayer = new tf.keras.Sequential([new L.InputLayer({ shape: [3] }), new L.Dense(2)]);
    expect(withLayer.countParams()).toBe(8);
    expect(() => new tf.keras.Sequential([new L.Dense(2)]).add(new L.Dense(2)(tf.keras.Input([2])) as never)).toThrow('Only instances of `keras.Layer` can be added');
  });
});

describe('functional Model', () => {
  it('runs the recorded calls: the same numbers as the tf ops by hand', () => {
    const inputs = tf.keras.Input([3]);
    const hidden = denseWith(K1, B1, { activation: 'relu' })(inputs);
    const outputs = denseWith(K2, B2)(hidden);
    const model = new tf.keras.Model({ inputs, outputs, name: 'mlp' });
    const x = tf.constant([[1, 2, 3], [-1, 0, 2], [0.5, 0.5, 0.5]]);
    const byHand = tf.add(tf.matmul(tf.relu(tf.add(tf.matmul(x, K1), B1)), K2), B2);
    expect(model(x).arraySync()).toEqual(byHand.arraySync());
    expect(model.predict(x).arraySync()).toEqual(byHand.arraySync());
    expect(model.name).toBe('mlp');
    expect(model.layers.map((l) => l.constructor.name)).toEqual(['InputLayer', 'Dense', 'Dense']);
    expect(model.inputs).toBe(inputs);
    expect(model.outputs).toBe(outputs);
    expect(model.getLayer('dense_1')).toBe(model.layers[2]);
    expect(model.getLayer(1)).toBe(model.layers[1]);
  });

  it('two inputs and two outputs, as arrays and as objects', () => {
    const a = tf.keras.Input([2], { name: 'a' });
    const b = tf.keras.Input([1], { name: 'b' });
    const joined = L.concatenate([a, b]);
    const sum = denseWith([[1], [2], [3]], [0])(joined);
    const scaled = denseWith([[-2]], [1])(b);
    const model = new tf.keras.Model({ inputs: [a, b], outputs: [sum, scaled] });
    const xa = tf.constant([[1, 1], [2, 0]]);
    const xb = tf.constant([[1], [-1]]);
    const [y1, y2] = model.predict<tf.Tensor[]>([xa, xb]);
    // [1, 1, 1]·[1, 2, 3] = 6, [2, 0, -1]·[1, 2, 3] = -1; -2·1 + 1 = -1, -2·-1 + 1 = 3.
    expect(y1!.arraySync()).toEqual([[6], [-1]]);
    expect(y2!.arraySync()).toEqual([[-1], [3]]);

    const byName = new tf.keras.Model({ inputs: { b, a }, outputs: { total: sum, scaled } });
    const out = byName.predict<Record<string, tf.Tensor>>({ a: [[1, 1], [2, 0]], b: [[1], [-1]] });
    expect(out.total!.arraySync()).toEqual([[6], [-1]]);
    expect(out.scaled!.arraySync()).toEqual([[-1], [3]]);
    expect(() => model.predict([xa] as never)).toThrow('x must be an array of 2 arrays or tensors (the model has 2 inputs)');
    expect(() => byName.predict({ a: xa } as never)).toThrow("x lacks the key 'b' of the model's inputs");
  });

  it('a shared layer: one set of weights, whose gradient adds up both calls', () => {
    const x1 = tf.keras.Input([2]);
    const x2 = tf.keras.Input([2]);
    const shared = denseWith([[1], [2]], [0.5]);
    const model = new tf.keras.Model({ inputs: [x1, x2], outputs: L.add([shared(x1), shared(x2)]) });
    expect(model.trainableWeights).toEqual(shared.trainableWeights);
    const v1 = tf.constant([[1, 2], [3, 4]]);
    const v2 = tf.constant([[-1, 0], [0, 1]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(model([v1, v2])));
    // Σ over samples of (x1·k + b) + (x2·k + b): d/dk = Σ x1 + Σ x2 = [4 - 1, 6 + 1], d/db = 2 calls · 2 samples.
    const [dk, db] = tape.gradient(loss, shared.trainableWeights);
    expect(dk!.arraySync()).toEqual([[3], [7]]);
    expect(db!.arraySync()).toEqual([4]);
    expect(loss.item()).toBe(5.5 + 11.5 - 0.5 + 2.5);
  });

  it('a residual block: x + dense(x)', () => {
    const x = tf.keras.Input([2]);
    const y = L.add([x, denseWith([[1, 2], [3, 4]], [1, -1])(x)]);
    const model = new tf.keras.Model({ inputs: x, outputs: y });
    // [1, 1] + [1 + 3 + 1, 2 + 4 - 1] = [6, 6].
    expect(model.predict([[1, 1], [0, 2]]).arraySync()).toEqual([[6, 6], [0 + 6 + 1, 2 + 8 - 1]]);
  });

  it('a Sequential (and a functional model) used as a layer inside a functional model', () => {
    const inner = new tf.keras.Sequential([tf.keras.Input([3]), denseWith(K1, B1, { activation: 'relu' })]);
    const x = tf.keras.Input([3]);
    const head = denseWith(K2, B2);
    const model = new tf.keras.Model({ inputs: x, outputs: head(inner(x)) });
    expect(model.layers.map((l) => l.name)).toEqual(['input_layer_1', 'sequential', 'dense_1']);
    expect(model.weights.length).toBe(4);
    const v = tf.constant([[1, 2, 3], [-1, 0, 2]]);
    const byHand = tf.add(tf.matmul(tf.relu(tf.add(tf.matmul(v, K1), B1)), K2), B2);
    expect(model.predict(v).arraySync()).toEqual(byHand.arraySync());
    const z = tf.keras.Input([3]);
    const outer = new tf.keras.Model({ inputs: z, outputs: L.multiply([model(z), model(z)]) });
    expect(outer.predict(v).arraySync()).toEqual(tf.square(byHand).arraySync());
  });

  it('training passes through: Dropout drops in fit, not in predict', () => {
    const x = tf.keras.Input([100]);
    const model = new tf.keras.Model({ inputs: x, outputs: new L.Dropout(0.5)(x) });
    expect(model.predict(tf.ones([1, 100])).arraySync()).toEqual([new Array(100).fill(1)]);
    const dropped = [...model(tf.ones([1, 100]), { training: true }).dataSync()];
    expect(dropped.some((v) => v === 0) && dropped.every((v) => v === 0 || v === 2)).toBe(true);
  });

  it("summary: Keras' Connected to column for a graph, the 3-column table for a chain", () => {
    const a = tf.keras.Input([3], { name: 'a' });
    const b = tf.keras.Input([2], { name: 'b' });
    const h = new L.Dense(4, { name: 'hidden' })(a); // 3·4 + 4 = 16
    const j = L.concatenate([h, b]); // (None, 6)
    const out = new L.Dense(1, { name: 'out' })(j); // 6 + 1 = 7
    const model = new tf.keras.Model({ inputs: [a, b], outputs: out, name: 'two_in' });
    const lines = model.summary({ printFn: () => {} }).split('\n');
    // Keras' columns at [0.3, 0.56, 0.74, 1] of 76, shrunk by rich to fit the borders: 21, 19, 12, 19.
    expect(lines[0]).toBe('Model: "two_in"');
    expect(lines[2]).toBe(`┃ ${'Layer (type)'.padEnd(19)} ┃ ${'Output Shape'.padEnd(17)} ┃ ${'Param #'.padStart(10)} ┃ ${'Connected to'.padEnd(17)} ┃`);
    const rows = lines.filter((l) => l.startsWith('│')).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    expect(rows).toEqual([
      ['a (InputLayer)', '(None, 3)', '0', '-'],
      ['hidden (Dense)', '(None, 4)', '16', 'a[0][0]'],
      ['b (InputLayer)', '(None, 2)', '0', '-'],
      ['concatenate', '(None, 6)', '0', 'hidden[0][0],'],
      ['(Concatenate)', '', '', 'b[0][0]'],
      ['out (Dense)', '(None, 1)', '7', 'concatenate[0][0]'],
    ]);
    expect(lines.at(-3)).toBe(' Total params: 23 (92.00 B)');

    const x = tf.keras.Input([3]);
    const chain = new tf.keras.Model({ inputs: x, outputs: new L.Dense(2)(x) });
    const text = chain.summary({ printFn: () => {} });
    expect(text).not.toContain('Connected to');
    expect(text).toContain('│ input_layer (InputLayer)        │ (None, 3)              │             0 │');
    expect(text).toContain('│ dense (Dense)                   │ (None, 2)              │             8 │');
  });

  it('fit reduces the loss of a small regression; eager and compiled give the same history', () => {
    const make = (runEagerly: boolean): tf.keras.Model => {
      tf.keras.backend.clearSession();
      const a = tf.keras.Input([2]);
      const b = tf.keras.Input([1]);
      const h = new L.Dense(4, { activation: 'tanh', kernelInitializer: new tf.keras.initializers.RandomNormal({ seed: 1 }) })(L.concatenate([a, b]));
      const model = new tf.keras.Model({ inputs: [a, b], outputs: new L.Dense(1, { kernelInitializer: 'zeros' })(h) });
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.05 }), loss: 'mse', runEagerly });
      return model;
    };
    const xa = tf.random.uniform([32, 2], { minval: -1, maxval: 1, seed: 3 });
    const xb = tf.random.uniform([32, 1], { minval: -1, maxval: 1, seed: 4 });
    const y = tf.add(tf.mul(tf.reduceSum(xa, 1, true), 0.5), xb);
    const eager = make(true).fit([xa, xb], y, { epochs: 30, batchSize: 8, shuffle: false }).history.loss;
    const compiled = make(false).fit([xa, xb], y, { epochs: 30, batchSize: 8, shuffle: false }).history.loss;
    expect(compiled).toEqual(eager);
    expect(eager.at(-1)!).toBeLessThan(eager[0]! / 10);
  });

  it('several outputs: one loss for all, or one per output (an array, or an object by output layer name); the loss is their sum', () => {
    const x = tf.keras.Input([1]);
    const o1 = denseWith([[2]], [0], { name: 'first' })(x);
    const o2 = denseWith([[-1]], [1], { name: 'second' })(x);
    const model = new tf.keras.Model({ inputs: x, outputs: [o1, o2] });
    const xs = [[1], [2]];
    const ys = [[[1], [1]], [[0], [0]]];
    // first: predictions 2, 4 → mse (1 + 9) / 2 = 5; second: 0, -1 → mse 0.5 and mae 0.5.
    // As Keras 3, evaluate gives the total, then each output's loss.
    model.compile({ loss: 'mse' });
    expectClose(model.evaluate(xs, ys) as number[], [5.5, 5, 0.5]);
    model.compile({ loss: ['mse', 'mae'] });
    expectClose(model.evaluate(xs, ys) as number[], [5.5, 5, 0.5]);
    // One output's loss alone: no per-output logs (Keras tracks them when there are several).
    model.compile({ loss: { first: null, second: 'mae' } });
    expect(model.evaluate(xs, ys)).toBeCloseTo(0.5, 6);
    expect(() => model.compile({ loss: ['mse'] })).toThrow('it should have as many entries as the model has outputs. Received: loss of length 1 whereas the model has 2 outputs.');
    expect(() => model.compile({ loss: { third: 'mse' } })).toThrow("In the dict argument `loss`, key 'third' does not correspond to any model output. The outputs are 'first', 'second'.");
    expect(() => model.compile({ loss: { second: 'mae' } })).toThrow("Expected keys ['first', 'second'] in loss dict, but found loss.keys()=['second']; give null for an output without a loss.");
  });

  it('a subclassed Model keeps working (no inputs/outputs options)', () => {
    class Net extends tf.keras.Model {
      dense = denseWith(K2, B2);
      override call(x: tf.Tensor) {
        return this.dense(x);
      }
    }
    const net = new Net();
    expect(net.inputs).toBe(null);
    expect(net.predict([[1, 1]]).arraySync()).toEqual([[0]]);
  });

  it('says what is wrong with its arguments', () => {
    const x = tf.keras.Input([2]);
    const y = new L.Dense(1, { name: 'out' })(x);
    expect(() => new tf.keras.Model({ inputs: x })).toThrow('keras.Model: a functional model needs both `inputs` and `outputs`');
    expect(() => new tf.keras.Model({ inputs: x, outputs: tf.ones([1, 1]) as never })).toThrow('keras.Model: All `outputs` values must be KerasTensors');
    expect(() => new tf.keras.Model({ inputs: x, outputs: y, loss: 'mse' } as never)).toThrow("keras.Model: unknown option 'loss'; the options are inputs, outputs, name");
    const other = tf.keras.Input([2], { name: 'other' });
    const z = L.add([y, new L.Dense(1)(other)]);
    expect(() => new tf.keras.Model({ inputs: x, outputs: z })).toThrow(/Graph disconnected: cannot find parent for tensor <KerasTensor shape=\(None, 2\).*name=other> at operation '<Dense name=dense, built=True>'\. The following previous operations were accessed without issue: \['out'\]/);
    const twin = new L.Dense(1, { name: 'out' })(x);
    expect(() => new tf.keras.Model({ inputs: x, outputs: [y, twin] })).toThrow('The name "out" is used 2 times in the model. All operation names should be unique.');
    const model = new tf.keras.Model({ inputs: x, outputs: y });
    expect(() => model.getLayer('nope')).toThrow("No such layer: nope. Existing layers are: ['input_layer', 'out'].");
    expect(() => model.getLayer(5)).toThrow('Was asked to retrieve layer at index 5 but model only has 2 layers.');
    expect(() => model.predict([[1, 2, 3]])).toThrow('expected shape=(None, 2), found shape=(1, 3)');
  });
});
