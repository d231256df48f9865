// Model.compile / fit / evaluate / predict against Keras 3's trainer (keras/src/trainers/trainer.py,
// the TensorFlow trainer's train_step, compile_utils.py, data_adapters/array_slicing.py): the
// epochs of a linear model under SGD simulated by hand in float64 below (each batch's loss before
// its update; an epoch's loss the batches' losses weighted by their sizes; validation on the last
// rows), History's keys, batching, compiled steps equal to eager ones, and bounded memory.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

type Matrix = number[][];

/** The linear model y = x·w + b and plain SGD on the mean squared error, in float64. */
class LinearSgd {
  constructor(public w: number[], public b: number, private readonly lr: number, private readonly l2 = 0) {}

  predict(x: Matrix): number[] {
    return x.map((row) => row.reduce((s, v, j) => s + v * this.w[j]!, this.b));
  }

  /** mean((x·w + b - y)²) (+ l2·Σw²). */
  loss(x: Matrix, y: number[]): number {
    const r = this.predict(x).map((p, i) => p - y[i]!);
    return r.reduce((s, v) => s + v * v, 0) / r.length + this.l2 * this.w.reduce((s, v) => s + v * v, 0);
  }

  /** One step on a batch: returns its loss before the update. dL/dw = 2/m·xᵀr + 2·l2·w, dL/db = 2/m·Σr. */
  step(x: Matrix, y: number[]): number {
    const loss = this.loss(x, y);
    const r = this.predict(x).map((p, i) => p - y[i]!);
    const m = r.length;
    const dw = this.w.map((wj, j) => (2 / m) * x.reduce((s, row, i) => s + row[j]! * r[i]!, 0) + 2 * this.l2 * wj);
    const db = (2 / m) * r.reduce((s, v) => s + v, 0);
    this.w = this.w.map((wj, j) => wj - this.lr * dw[j]!);
    this.b -= this.lr * db;
    return loss;
  }

  /** One step weighting each sample's squared error by w (Keras' sum_over_batch_size: Σ w·r² / m). */
  weightedStep(x: Matrix, y: number[], w: number[]): number {
    const r = this.predict(x).map((p, i) => p - y[i]!);
    const m = r.length;
    const loss = r.reduce((s, v, i) => s + w[i]! * v * v, 0) / m;
    const dw = this.w.map((_, j) => (2 / m) * x.reduce((s, row, i) => s + w[i]! * row[j]! * r[i]!, 0));
    const db = (2 / m) * r.reduce((s, v, i) => s + w[i]! * v, 0);
    this.w = this.w.map((wj, j) => wj - this.lr * dw[j]!);
    this.b -= this.lr * db;
    return loss;
  }

  /** An epoch of batches of `batchSize` rows in order: the loss averaged over the batches, weighted by their sizes. */
  epoch(x: Matrix, y: number[], batchSize: number): number {
    let total = 0;
    for (let start = 0; start < x.length; start += batchSize) {
      const end = Math.min(start + batchSize, x.length);
      total += this.step(x.slice(start, end), y.slice(start, end)) * (end - start);
    }
    return total / x.length;
  }
}

const X: Matrix = [[1, 2], [2, 0], [0, 1], [3, 1], [1, 1], [2, 2], [0, 3], [1, 0], [3, 3], [2, 1]];
const Y = [3, 2, 1, 5, 2.5, 4, 2, 1.5, 6, 3.5];
const column = (v: number[]) => v.map((e) => [e]);

/** A compiled linear model (2 -> 1) with kernel `w` and bias `b`. */
function linearModel(w: number[], b: number, compile: tf.CompileOptions, layerOptions: tf.DenseOptions = {}) {
  const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(1, layerOptions)]);
  model.setWeights([column(w), [b]]);
  model.compile(compile);
  return model;
}

const sgd = (learningRate: number) => new tf.keras.optimizers.SGD({ learningRate });
const kernelAndBias = (model: tf.keras.Model) => model.getWeights().map((t) => Array.from(t.dataSync()));

/** Relative closeness for float32 results against float64 ones. */
function expectClose(actual: number[], expected: number[], digits = 5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a / expected[i]!).toBeCloseTo(1, digits));
}

describe('fit on a linear model, against SGD simulated by hand', () => {
  it('full batch, no shuffling: each epoch is one step; its loss is the loss before the step', () => {
    const x = X.slice(0, 4), y = Y.slice(0, 4);
    const model = linearModel([0.5, -0.5], 0.25, { optimizer: sgd(0.05), loss: 'mse' });
    const history = model.fit(x, column(y), { epochs: 5, batchSize: 4, shuffle: false });
    const sim = new LinearSgd([0.5, -0.5], 0.25, 0.05);
    const losses = [0, 1, 2, 3, 4].map(() => sim.epoch(x, y, 4));
    expectClose(history.history.loss!, losses);
    const [w, b] = kernelAndBias(model);
    expectClose(w!, sim.w);
    expectClose(b!, [sim.b]);
  });

  it("mini-batches: the epoch's loss is the batches' losses weighted by their sizes (2, 2, 1)", () => {
    const x = X.slice(0, 5), y = Y.slice(0, 5);
    const model = linearModel([0, 0], 0, { optimizer: sgd(0.02), loss: 'mean_squared_error' });
    const history = model.fit(tf.constant(x), tf.constant(column(y)), { epochs: 3, batchSize: 2, shuffle: false });
    const sim = new LinearSgd([0, 0], 0, 0.02);
    expectClose(history.history.loss!, [0, 1, 2].map(() => sim.epoch(x, y, 2)));
    expectClose(kernelAndBias(model)[0]!, sim.w);
  });

  it('adds the regularization penalties to the loss and to the gradient', () => {
    const x = X.slice(0, 6), y = Y.slice(0, 6);
    const model = linearModel([1, -1], 0.5, { optimizer: sgd(0.05), loss: 'mse' }, { kernelRegularizer: tf.keras.regularizers.l2(0.1) });
    const history = model.fit(x, column(y), { epochs: 3, batchSize: 6, shuffle: false });
    const sim = new LinearSgd([1, -1], 0.5, 0.05, 0.1);
    expectClose(history.history.loss!, [0, 1, 2].map(() => sim.epoch(x, y, 6)));
    expectClose(kernelAndBias(model)[0]!, sim.w);
    // evaluate counts the penalty too (Keras' test_step computes the same loss).
    expect((model.evaluate(x, column(y)) as number) / sim.loss(x, y)).toBeCloseTo(1, 5);
  });

  it('validationSplit trains on the first rows and validates on the last fraction (3 of 10 here)', () => {
    const model = linearModel([0.2, 0.1], 0, { optimizer: sgd(0.02), loss: 'mse', metrics: ['mae'] });
    const history = model.fit(X, column(Y), { epochs: 3, batchSize: 7, shuffle: false, validationSplit: 0.3 });
    const sim = new LinearSgd([0.2, 0.1], 0, 0.02);
    const train = X.slice(0, 7), trainY = Y.slice(0, 7), val = X.slice(7), valY = Y.slice(7);
    const losses: number[] = [], valLosses: number[] = [], valMae: number[] = [];
    for (let e = 0; e < 3; e++) {
      losses.push(sim.epoch(train, trainY, 7));
      valLosses.push(sim.loss(val, valY));
      valMae.push(sim.predict(val).reduce((s, p, i) => s + Math.abs(p - valY[i]!), 0) / 3);
    }
    expectClose(history.history.loss!, losses);
    expectClose(history.history.val_loss!, valLosses);
    expectClose(history.history.val_mae!, valMae);
  });

  it('sampleWeight weights each sample\'s loss (and is split with the rows for validation)', () => {
    const w = [1, 0, 2, 0.5, 1, 1, 3, 0, 1, 2];
    const model = linearModel([0.1, 0.1], 0, { optimizer: sgd(0.02), loss: 'mse', metrics: ['mse'] });
    const history = model.fit(X, column(Y), { epochs: 3, batchSize: 8, shuffle: false, validationSplit: 0.2, sampleWeight: w });
    const sim = new LinearSgd([0.1, 0.1], 0, 0.02);
    const losses: number[] = [], metric: number[] = [], valLosses: number[] = [];
    for (let e = 0; e < 3; e++) {
      const plain = sim.loss(X.slice(0, 8), Y.slice(0, 8)); // the metric: unweighted, before the step
      losses.push(sim.weightedStep(X.slice(0, 8), Y.slice(0, 8), w.slice(0, 8)));
      metric.push(plain);
      const r = sim.predict(X.slice(8)).map((p, i) => p - Y[8 + i]!);
      valLosses.push(r.reduce((s, v, i) => s + w[8 + i]! * v * v, 0) / 2);
    }
    expectClose(history.history.loss!, losses);
    expectClose(history.history.mse!, metric);
    expectClose(history.history.val_loss!, valLosses);
    expect(() => model.fit(X, column(Y), { sampleWeight: [1, 2] })).toThrow("keras.Sequential.fit: Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 10\n'y' sizes: 10\n'sample_weight' sizes: 2");
  });

  it('the validation rows are taken before shuffling: with learning rate 0 every epoch gives the same numbers', () => {
    const model = linearModel([0.2, 0.1], 0, { optimizer: sgd(0), loss: 'mse' });
    const history = model.fit(X, column(Y), { epochs: 4, batchSize: 3, validationSplit: 0.3 });
    const sim = new LinearSgd([0.2, 0.1], 0, 0);
    for (const loss of history.history.loss!) expect(loss / sim.loss(X.slice(0, 7), Y.slice(0, 7))).toBeCloseTo(1, 5);
    for (const loss of history.history.val_loss!) expect(loss / sim.loss(X.slice(7), Y.slice(7))).toBeCloseTo(1, 5);
    expect(() => model.fit([[1, 2]], [[1]], { validationSplit: 0.5 })).toThrow(
      'keras.Sequential.fit: Training data contains 1 samples, which is not sufficient to split it into a validation and training set as specified by `validationSplit=0.5`.',
    );
  });
});

/** Keras' trainer_test.py ExampleModel: Dense(3), no bias, kernel ones, as a Model subclass. */
class ExampleModel extends tf.keras.Model {
  dense = new L.Dense(3, { useBias: false, kernelInitializer: 'ones' });
  override call(x: tf.Tensor) {
    return this.dense(x);
  }
}

/** Compiled as Keras' tests compile it: SGD (learning rate 0.01), MeanSquaredError loss and metric. */
function exampleModel(runEagerly = false) {
  const model = new ExampleModel();
  model.compile({ optimizer: new tf.keras.optimizers.SGD(), loss: new tf.keras.losses.MeanSquaredError(), metrics: [new tf.keras.metrics.MeanSquaredError()], runEagerly });
  return model;
}

describe("Keras' trainer_test.py numbers (ExampleModel on ones -> zeros)", () => {
  const x = tf.ones([100, 4]);
  const y = tf.zeros([100, 3]);

  it('test_fit_flow: mean_squared_error per epoch [14.5, 11.5, 8.5] (atol 0.6), eager and compiled', () => {
    for (const runEagerly of [true, false]) {
      const history = exampleModel(runEagerly).fit(x, y, { batchSize: 20, epochs: 3 }).history;
      expect(Object.keys(history)).toEqual(['loss', 'mean_squared_error']);
      history.mean_squared_error!.forEach((v, i) => expect(Math.abs(v - [14.5, 11.5, 8.5][i]!)).toBeLessThan(0.6));
    }
  });

  it('test_evaluate_flow and test_predict_flow: [16, 16]; outputs 4', () => {
    const model = exampleModel();
    expect(model.evaluate(x, y, { batchSize: 16 })).toEqual([16, 16]);
    expect(model.evaluate(x, y, { batchSize: 16, returnDict: true })).toEqual({ loss: 16, mean_squared_error: 16 });
    expect(new Set(model.predict(x, { batchSize: 16 }).dataSync())).toEqual(new Set([4]));
  });

  it('test_on_batch_methods: each call resets the metrics (16, 15.158, 14.360); sample and class weights; the output 3.789511', () => {
    // Keras 3.15.1's numbers (trainer_test.py's, to more digits by scripts/keras_weights_fixtures.py).
    const model = exampleModel();
    const first = model.trainOnBatch(x, y) as number[];
    expect(first.length).toBe(2);
    expect(first[0]).toBeCloseTo(16.0, 5);
    expect(model.trainOnBatch(x, y, { returnDict: true })).toEqual({ loss: expect.closeTo(15.158047676086426, 4), mean_squared_error: expect.closeTo(15.158047676086426, 4) });
    expect(model.testOnBatch(x, y)).toEqual([14.360390663146973, 14.360390663146973].map((v) => expect.closeTo(v, 4)));
    expect((model.testOnBatch(x, y, { returnDict: true }) as Record<string, number>).loss).toBeCloseTo(14.360390663146973, 4);
    expect(Array.from(model.predictOnBatch(x).dataSync().slice(0, 3))).toEqual([3.789511, 3.789511, 3.789511].map((v) => expect.closeTo(v, 5)));
    // With sample weights arange(100) / 50: the loss is weighted, the (unweighted) metric not.
    const sw = tf.range(0, 100).div(50);
    expect(model.trainOnBatch(x, y, { sampleWeight: sw })).toEqual([14.216792106628418, 14.360390663146973].map((v) => expect.closeTo(v, 4)));
    expect(model.testOnBatch(x, y, { sampleWeight: sw })).toEqual([13.476055145263672, 13.612178802490234].map((v) => expect.closeTo(v, 4)));
    expect(Array.from(model.predictOnBatch(x).dataSync().slice(0, 3))).toEqual([3.689468, 3.689468, 3.689468].map((v) => expect.closeTo(v, 5)));
    // With class weights: the labels are rows of zeros, whose argmax is class 0 (weight 0.2).
    expect(model.trainOnBatch(x, y, { classWeight: { 1: 0.3, 0: 0.2 } })).toEqual([2.7224349975585938, 13.612178802490234].map((v) => expect.closeTo(v, 4)));
  });

  it('test_training_arg: a layer that returns x in training and 0 otherwise', () => {
    class TrainingTestingLayer extends tf.keras.Model {
      override call(x: tf.Tensor, { training }: { training: boolean }) {
        return training ? x : x.mul(0);
      }
    }
    const model = new TrainingTestingLayer();
    model.compile({ optimizer: 'rmsprop', loss: 'mse' });
    const ones = tf.ones([128, 1]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(model.fit(ones, tf.zeros([128, 1]), { batchSize: 32 }).history.loss).toEqual([1]);
    warn.mockRestore();
    expect(model.evaluate(ones, tf.zeros([128, 1]), { batchSize: 32 })).toBe(0);
    expect(new Set(model.predict(ones).dataSync())).toEqual(new Set([0]));
  });
});

describe('History, evaluate and predict', () => {
  it("History has Keras' keys: loss, the metrics by name, then val_ ones; epoch from initialEpoch", () => {
    const model = linearModel([0, 0], 0, { optimizer: 'sgd', loss: 'mse', metrics: ['mae', new tf.keras.metrics.RootMeanSquaredError({ name: 'rmse' }), function squared(a: tf.TensorLike, b: tf.TensorLike) { return tf.square(tf.sub(a, b)); }] });
    const history = model.fit(X, column(Y), { epochs: 3, initialEpoch: 1, validationData: [X.slice(0, 3), column(Y.slice(0, 3))] });
    expect(Object.keys(history.history)).toEqual(['loss', 'mae', 'rmse', 'squared', 'val_loss', 'val_mae', 'val_rmse', 'val_squared']);
    expect(history.epoch).toEqual([1, 2]);
    expect(history.params).toEqual({ verbose: 0, epochs: 3, steps: 1 });
    expect(model.history).toBe(history);
    // The per-sample squared error's mean is the mse, with the same data.
    expect(history.history.squared![0]! / history.history.loss![0]!).toBeCloseTo(1, 5);
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'mae', 'rmse', 'squared']);
    // validationFreq: validation after epochs 2 and 4 (counted from 1), so val_ lists are shorter.
    const every2 = model.fit(X, column(Y), { epochs: 5, validationSplit: 0.2, validationFreq: 2 }).history;
    expect([every2.loss!.length, every2.val_loss!.length]).toEqual([5, 2]);
    expect(model.fit(X, column(Y), { epochs: 3, validationSplit: 0.2, validationFreq: [1, 3] }).history.val_mae!.length).toBe(2);
    expect(() => model.fit(X, column(Y), { validationFreq: 0 })).toThrow('keras.Sequential.fit: Expected `validationFreq` to be a list or int. Received: validationFreq=0');
  });

  it("'accuracy' is binary, sparse categorical or categorical as Keras picks it from the shapes", () => {
    const binary = new tf.keras.Sequential([new L.Dense(1, { activation: 'sigmoid', inputShape: [2] })]);
    binary.compile({ loss: 'binary_crossentropy', metrics: ['accuracy'] });
    binary.evaluate(X, column(Y.map((v) => (v > 3 ? 1 : 0))));
    const sparse = new tf.keras.Sequential([new L.Dense(3, { activation: 'softmax', inputShape: [2] })]);
    sparse.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
    sparse.evaluate(X, column(Y.map((v) => Math.floor(v) % 3)));
    const categorical = new tf.keras.Sequential([new L.Dense(3, { activation: 'softmax', inputShape: [2] })]);
    categorical.compile({ loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    categorical.evaluate(X, tf.oneHot(Y.map((v) => Math.floor(v) % 3), 3));
    expect([binary, sparse, categorical].map((m) => m.metrics[1]!.constructor.name)).toEqual(['BinaryAccuracy', 'SparseCategoricalAccuracy', 'CategoricalAccuracy']);
    expect(sparse.metrics[1]!.name).toBe('acc');
  });

  it('evaluate in batches gives the loss over all samples (batch means weighted by batch size); predict concatenates', () => {
    const model = linearModel([0.5, -0.25], 1, { optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const sim = new LinearSgd([0.5, -0.25], 1, 0);
    const mae = sim.predict(X).reduce((s, p, i) => s + Math.abs(p - Y[i]!), 0) / X.length;
    const [loss, meanAbsolute] = model.evaluate(X, column(Y), { batchSize: 3 }) as number[];
    expect(loss! / sim.loss(X, Y)).toBeCloseTo(1, 5);
    expect(meanAbsolute! / mae).toBeCloseTo(1, 5);
    expect(model.evaluate(X, column(Y), { batchSize: 4, returnDict: true })).toEqual({ loss: expect.closeTo(loss!, 5), mae: expect.closeTo(mae, 5) });
    const predictions = model.predict(X, { batchSize: 3 });
    expect(predictions.shape).toEqual([10, 1]);
    expectClose(Array.from(predictions.dataSync()), sim.predict(X));
  });

  it('Dropout is on in fit and off in evaluate and predict', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dropout(0.5), new L.Dense(1, { kernelInitializer: 'ones', trainable: false })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.ones([64, 4]);
    const y = tf.fill([64, 1], 4);
    expect(model.predict(x).arraySync()).toEqual(y.arraySync());
    expect(model.evaluate(x, y)).toBe(0);
    // In training the sum of 4 inputs dropped at rate 0.5 and doubled is rarely 4 on every row.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(model.fit(x, y, { epochs: 1 }).history.loss![0]).toBeGreaterThan(0.5);
    expect(warn).toHaveBeenCalledWith('keras.Sequential.fit: The model does not have any trainable weights.');
    warn.mockRestore();
  });
});

describe('training', () => {
  it('a small MLP learns XOR', () => {
    tf.random.setSeed(1);
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(8, { activation: 'tanh' }), new L.Dense(1, { activation: 'sigmoid' })]);
    model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.05 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [[0], [1], [1], [0]];
    const history = model.fit(x, y, { epochs: 300, batchSize: 4 });
    expect(history.history.loss![299]).toBeLessThan(0.05);
    expect(history.history.accuracy![299]).toBe(1);
    expect(Array.from(model.predict(x).dataSync()).map(Math.round)).toEqual([0, 1, 1, 0]);
  });

  it('a custom loop over trainableVariables with a GradientTape makes the same steps as fit', () => {
    const compile = { optimizer: sgd(0.05), loss: 'mse' };
    const fitted = linearModel([0.3, 0.1], 0, compile, { kernelRegularizer: tf.keras.regularizers.l2(0.01) });
    fitted.fit(X, column(Y), { epochs: 4, batchSize: 10, shuffle: false });
    const looped = linearModel([0.3, 0.1], 0, compile, { kernelRegularizer: tf.keras.regularizers.l2(0.01) });
    const optimizer = sgd(0.05);
    const mse = new tf.keras.losses.MeanSquaredError();
    const [x, y] = [tf.constant(X), tf.constant(column(Y))];
    for (let epoch = 0; epoch < 4; epoch++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.addN([mse.call(y, looped.apply(x, { training: true })), ...looped.losses]));
      const gradients = tape.gradient(loss, looped.trainableVariables);
      optimizer.applyGradients(gradients.map((g, i) => [g, looped.trainableVariables[i]!] as const));
    }
    const a = kernelAndBias(fitted), b = kernelAndBias(looped);
    a.forEach((w, i) => expectClose(w, b[i]!, 6));
  });

  it('frozen layers (trainable false) are left out of the updates', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(3, { name: 'frozen' }), new L.Dense(1, { name: 'head' })]);
    model.layers[0]!.trainable = false;
    expect(model.trainableVariables.map((v) => v.name)).toEqual(['head/kernel', 'head/bias']);
    const before = model.getWeights().map((t) => t.arraySync());
    model.compile({ optimizer: sgd(0.1), loss: 'mse' });
    model.fit(X, column(Y), { epochs: 2 });
    const after = model.getWeights().map((t) => t.arraySync());
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).not.toEqual(before[2]);
  });

  it('compiled steps (the default) and runEagerly give the same history and weights', () => {
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      tf.random.setSeed(11);
      const model = new tf.keras.Sequential([
        tf.keras.Input([2]),
        new L.Dense(6, { activation: 'relu', kernelRegularizer: tf.keras.regularizers.l2(0.01) }),
        new L.Dropout(0.2),
        new L.Dense(1),
      ]);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'], runEagerly });
      const history = model.fit(X, column(Y), { epochs: 4, batchSize: 3, validationSplit: 0.2 });
      return { history: history.history, weights: model.getWeights().map((t) => t.arraySync()) };
    };
    const eager = run(true);
    expect(run(false)).toEqual(eager);
  });

  it('compiled steps run the JavaScript of call only while tracing (one trace per batch shape)', () => {
    const calls = (runEagerly: boolean) => {
      let count = 0;
      class Counted extends L.Layer {
        override call(x: tf.Tensor) {
          count++;
          return x;
        }
      }
      const model = new tf.keras.Sequential([tf.keras.Input([2]), new Counted(), new L.Dense(1)]);
      model.compile({ optimizer: 'sgd', loss: 'mse', runEagerly });
      model.fit(X, column(Y), { epochs: 3, batchSize: 3 }); // batches of 3, 3, 3 and 1 rows
      return count;
    };
    // One eager forward pass builds the metrics first; then 4 steps an epoch, or 2 traces.
    expect([calls(true), calls(false)]).toEqual([1 + 12, 1 + 2]);
  });

  it('leaves no tensors behind from epoch to epoch', () => {
    const model = linearModel([0, 0], 0, { optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    model.fit(X, column(Y), { epochs: 1, batchSize: 3, validationSplit: 0.2 });
    model.evaluate(X, column(Y));
    const before = tf.memory().numTensors;
    model.fit(X, column(Y), { epochs: 6, batchSize: 3, validationSplit: 0.2 });
    model.evaluate(X, column(Y), { batchSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tf.train.Checkpoint saves a model (its weights) and its optimizer: training resumed goes on bit for bit', () => {
    const model = linearModel([0.1, 0.2], 0, { optimizer: 'adam', loss: 'mse' });
    model.fit(X, column(Y), { epochs: 2, shuffle: false });
    const checkpoint = new tf.train.Checkpoint({ model, optimizer: model.optimizer! });
    const bytes = checkpoint.toBytes();
    model.fit(X, column(Y), { epochs: 2, shuffle: false });
    const after = model.getWeights().map((w) => w.arraySync());
    checkpoint.fromBytes(bytes);
    model.fit(X, column(Y), { epochs: 2, shuffle: false });
    expect(model.getWeights().map((w) => w.arraySync())).toEqual(after);
  });

  it('tf.train.Checkpoint saves a tf.Module holding layers by attribute, a layer held twice once, and restores into a fresh copy', () => {
    class Pair extends tf.Module {
      encoder = new tf.keras.layers.Dense(3);
      head = new tf.keras.layers.Dense(1);
      stack = [this.encoder, this.head]; // the same layers again, in a list
      scale = new tf.Variable(2);
    }
    const run = (m: Pair, x: tf.Tensor) => m.head(m.encoder(x)).mul(m.scale);
    const x = tf.constant([[1, 2], [3, 4]]);
    const saved = new Pair();
    const out = run(saved, x).arraySync();
    const checkpoint = new tf.train.Checkpoint({ model: saved });
    const bytes = checkpoint.toBytes();
    const fresh = new Pair();
    run(fresh, x); // its layers make their weights (a restore needs them made)
    fresh.scale.assign(5);
    new tf.train.Checkpoint({ model: fresh }).fromBytes(bytes);
    expect(run(fresh, x).arraySync()).toEqual(out);
    expect(fresh.scale.item()).toBe(2);
    // A checkpoint of a module with one variable fewer does not fit: the structure is checked.
    expect(() => new tf.train.Checkpoint({ model: new tf.Module() }).fromBytes(bytes)).toThrow();
  });

  it('callbacks see each epoch; stopTraining ends the fit', () => {
    const model = linearModel([0, 0], 0, { optimizer: 'sgd', loss: 'mse' });
    const seen: string[] = [];
    const history = model.fit(X, column(Y), {
      epochs: 10,
      callbacks: [{
        onTrainBegin: () => seen.push('begin'),
        onEpochEnd: (epoch, logs) => {
          seen.push(`${epoch}:${Object.keys(logs).join()}`);
          if (epoch === 2) model.stopTraining = true;
        },
        onTrainEnd: () => seen.push('end'),
      }],
    });
    expect(seen).toEqual(['begin', '0:loss', '1:loss', '2:loss', 'end']);
    expect(history.epoch).toEqual([0, 1, 2]);
  });

  it('says what is wrong', () => {
    const model = new tf.keras.Sequential([new L.Dense(1, { inputShape: [2] })]);
    expect(() => model.fit(X, column(Y))).toThrow('keras.Sequential.fit: You must call `compile()` before using the model.');
    model.compile({});
    expect(() => model.fit(X, column(Y))).toThrow('keras.Sequential: No loss to compute. Provide a `loss` argument in `compile()`.');
    model.compile({ loss: 'mse' });
    expect(() => model.fit(X, column(Y.slice(1)))).toThrow("keras.Sequential.fit: Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 10\n'y' sizes: 9");
    expect(() => model.fit(X, column(Y), { verbose: 3 as never })).toThrow("keras.Sequential.fit: verbose must be 0 (silent), 1 or 'auto' (a progress bar) or 2 (a line per epoch), got 3.");
    expect(() => model.compile({ loss: 'nope' })).toThrow(/keras.Sequential.compile: /);
    expect(() => model.compile({ optimizer: 'nope' })).toThrow(/keras.Sequential.compile: /);
    expect(() => new tf.keras.Model({ inputs: [], outputs: [] })).toThrow('keras.Model: `inputs` must hold at least one KerasTensor, got an array of length 0.');
  });
});

// weightedMetrics and classWeight against Keras 3.15.1: every literal below is printed by
// `KERAS_BACKEND=jax python scripts/keras_weights_fixtures.py` (same models, weights, data and
// compile arguments; float32). Keras' JAX backend returns the logs with their keys sorted; the
// order asserted here is Keras' CompileMetrics.result (the `metrics`, then the `weightedMetrics`),
// as gradtape keeps the model's metrics' order.

/** The logs' keys in this order, each value (or list of values) within 1e-5 of Keras'. */
function expectKerasLogs(actual: Record<string, number | number[]>, expected: Record<string, number | number[]>) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, value] of Object.entries(expected)) {
    if (Array.isArray(value)) expect(actual[name], name).toEqual(value.map((v) => expect.closeTo(v, 5)));
    else expect(actual[name], name).toBeCloseTo(value, 5);
  }
}

const W = [1, 0, 2, 0.5, 1, 1, 3, 0, 1, 2];

describe('weightedMetrics: metrics updated with the sample weights (Keras 3.15.1)', () => {
  const compile = (): tf.CompileOptions => ({ optimizer: sgd(0.02), loss: 'mse', metrics: ['mae'], weightedMetrics: ['mae', 'mse'] });

  it('evaluate: `metrics` unweighted, `weightedMetrics` weighted; a taken name becomes weighted_<name>', () => {
    const model = linearModel([0.5, -0.25], 1, compile());
    const logs = model.evaluate(X, column(Y), { sampleWeight: W, returnDict: true }) as Record<string, number>;
    expectKerasLogs(logs, { loss: 4.909375190734863, mae: 1.649999976158142, weighted_mae: 1.79347825050354, mse: 4.269021511077881 });
    // By hand: the weighted metrics are the weighted means Σ w·v / Σ w (the loss is Σ w·r² / n).
    const r = new LinearSgd([0.5, -0.25], 1, 0).predict(X).map((p, i) => p - Y[i]!);
    const sumW = W.reduce((s, w) => s + w, 0);
    expect(logs.weighted_mae).toBeCloseTo(r.reduce((s, v, i) => s + W[i]! * Math.abs(v), 0) / sumW, 5);
    expect(logs.mse).toBeCloseTo(r.reduce((s, v, i) => s + W[i]! * v * v, 0) / sumW, 5);
    // Keras' list, [4.909375190734863, 1.649999976158142, 1.649999976158142, 4.269021511077881,
    // 1.79347825050354], gives 'mae' twice (two metrics are named 'mae'); gradtape once.
    expectClose(model.evaluate(X, column(Y), { sampleWeight: W }) as number[], [4.909375190734863, 1.649999976158142, 4.269021511077881, 1.79347825050354], 6);
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'mae', 'mae', 'mse']);
    // Without sample weights, the weighted metrics are the plain ones.
    expectKerasLogs(model.evaluate(X, column(Y), { returnDict: true }) as Record<string, number>, { loss: 4.362500190734863, mae: 1.649999976158142, weighted_mae: 1.649999976158142, mse: 4.362500190734863 });
  });

  it('fit: the History of weighted metrics, validationData\'s sample weights weigh the val_ ones; compiled as eager', () => {
    const run = (runEagerly: boolean) => {
      const model = linearModel([0.5, -0.25], 1, { ...compile(), runEagerly });
      const history = model.fit(X, column(Y), { sampleWeight: W, epochs: 3, batchSize: 4, shuffle: false, validationData: [X.slice(0, 3), column(Y.slice(0, 3)), W.slice(0, 3)] });
      return { history: history.history, kernel: kernelAndBias(model)[0]! };
    };
    const eager = run(true);
    expectKerasLogs(eager.history, {
      loss: [3.288362979888916, 0.29035264253616333, 0.16072703897953033],
      mae: [1.4119762182235718, 0.5534267425537109, 0.43516287207603455],
      weighted_mae: [1.4879498481750488, 0.36914822459220886, 0.283099502325058],
      mse: [2.8594460487365723, 0.25248056650161743, 0.13976263999938965],
      val_loss: [0.19802765548229218, 0.24026121199131012, 0.2478509396314621],
      val_mae: [0.628173291683197, 0.6462975740432739, 0.6654912829399109],
      val_weighted_mae: [0.4448157250881195, 0.41882410645484924, 0.4112858772277832],
      val_mse: [0.19802765548229218, 0.24026121199131012, 0.2478509396314621],
    });
    expectClose(eager.kernel, [1.055843472480774, 0.3490706980228424], 5);
    expect(run(false)).toEqual(eager);
  });

  it('getCompileConfig keeps them; compileFromConfig compiles them again', () => {
    const model = linearModel([0.5, -0.25], 1, compile());
    const config = model.getCompileConfig()!;
    expect([config.metrics, config.weightedMetrics]).toEqual([['mae'], ['mae', 'mse']]);
    const twin = linearModel([0.5, -0.25], 1, {});
    twin.compileFromConfig(JSON.parse(JSON.stringify(config)) as tf.CompileConfig);
    expect(twin.evaluate(X, column(Y), { sampleWeight: W, returnDict: true })).toEqual(model.evaluate(X, column(Y), { sampleWeight: W, returnDict: true }));
    expect(linearModel([0, 0], 0, { loss: 'mse' }).getCompileConfig()!.weightedMetrics).toBeNull();
  });

  it('say what is wrong', () => {
    const model = linearModel([0, 0], 0, {});
    expect(() => model.compile({ loss: 'mse', weightedMetrics: 'mae' as never })).toThrow('keras.Sequential.compile: weightedMetrics must be an array of metric names, objects or functions, got "mae".');
    expect(() => model.compile({ loss: 'mse', weightedMetrics: ['mae', 3 as never] })).toThrow('Expected all entries in the `weightedMetrics` list to be metric objects (names, tf.keras.metrics objects or functions). Received instead: 3');
  });
});

// A softmax classifier of 3 classes on X, of known weights, and the classes of X's rows.
const CLASSES = [0, 1, 2, 1, 0, 2, 2, 1, 0, 1];
const CLASS_WEIGHT = { 0: 1, 1: 3, 2: 0.5 };

function classifier(loss: string) {
  const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(3, { activation: 'softmax' })]);
  model.setWeights([[[0.2, -0.1, 0.3], [-0.4, 0.5, 0.1]], [0.1, 0, -0.1]]);
  model.compile({ optimizer: sgd(0.1), loss, metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
  return model;
}

// Keras 3.15.1: fit(X, labels, class_weight={0: 1, 1: 3, 2: 0.5}, epochs=2, batch_size=4,
// shuffle=False, validation_split=0.2), the same for the three forms of the labels.
const CLASS_WEIGHTED_HISTORY = {
  loss: [2.2495474815368652, 1.630744218826294],
  accuracy: [0.125, 0.375],
  weighted_accuracy: [0.23999999463558197, 0.7200000286102295],
  val_loss: [1.8205633163452148, 1.9041134119033813],
  val_accuracy: [0.5, 0.5],
  val_weighted_accuracy: [0.5, 0.5],
};
const CLASS_WEIGHTED_KERNEL = [0.022966723889112473, 0.3626959025859833, 0.014337381348013878, -0.3191963732242584, 0.3902876675128937, 0.1289086788892746];

describe('classWeight: each training sample weighs its class\'s weight (Keras 3.15.1)', () => {
  const labelForms: [string, tf.TensorLike, string][] = [
    ['classes [n]', CLASSES, 'sparse_categorical_crossentropy'],
    ['classes [n, 1]', column(CLASSES), 'sparse_categorical_crossentropy'],
    ['one-hot [n, 3] (its argmax)', tf.oneHot(CLASSES, 3), 'categorical_crossentropy'],
  ];

  it.each(labelForms)('labels as %s: the loss and weightedMetrics weighted, validation not', (_, labels, loss) => {
    const model = classifier(loss);
    const history = model.fit(X, labels, { classWeight: CLASS_WEIGHT, epochs: 2, batchSize: 4, shuffle: false, validationSplit: 0.2 });
    expectKerasLogs(history.history, CLASS_WEIGHTED_HISTORY);
    expectClose(kernelAndBias(model)[0]!, CLASS_WEIGHTED_KERNEL, 5);
  });

  it('a Map does as an object; a class left out weighs 1; the same as sampleWeight of each sample\'s class weight', () => {
    const byMap = classifier('sparse_categorical_crossentropy').fit(X, CLASSES, { classWeight: new Map([[0, 1], [1, 3], [2, 0.5]]), epochs: 2, batchSize: 4, shuffle: false, validationSplit: 0.2 });
    expectKerasLogs(byMap.history, CLASS_WEIGHTED_HISTORY);
    const only1 = classifier('sparse_categorical_crossentropy').fit(X, CLASSES, { classWeight: { 1: 3 }, epochs: 2, batchSize: 4, shuffle: false });
    expectClose(only1.history.loss!, [2.527726411819458, 1.8962827920913696], 6);
    const bySample = classifier('sparse_categorical_crossentropy').fit(X, CLASSES, { sampleWeight: CLASSES.map((c) => (c === 1 ? 3 : 1)), epochs: 2, batchSize: 4, shuffle: false });
    expect(bySample.history).toEqual(only1.history);
  });

  it('a tf.data.Dataset: the class weights are mapped over its batches', () => {
    const train = tf.data.Dataset.fromTensorSlices([tf.constant(X.slice(0, 8)), tf.constant(CLASSES.slice(0, 8))]).batch(4);
    const model = classifier('sparse_categorical_crossentropy');
    // validationSplit 0.2 above validated on the last 2 rows: here they are given.
    const history = model.fit(train, { classWeight: CLASS_WEIGHT, epochs: 2, validationData: [X.slice(8), CLASSES.slice(8)] });
    expectKerasLogs(history.history, CLASS_WEIGHTED_HISTORY);
    const weighted = tf.data.Dataset.fromTensorSlices([tf.constant(X), tf.constant(CLASSES), tf.constant(W)]).batch(4);
    expect(() => model.fit(weighted, { classWeight: CLASS_WEIGHT })).toThrow('keras.Sequential.fit: You cannot `classWeight` and `sampleWeight` at the same time.');
  });

  it('labels [n, 1] are rounded half to even (np.round): trainOnBatch\'s loss', () => {
    // Classes 0, 0, 2, 2, 3, 0 (-0.5), 1, 3, 2, 1: weights 2, 2, 5, 5, 0.5, 2, 1, 0.5, 5, 1.
    const labels = column([0.4, 0.5, 1.5, 2.5, 2.6, -0.5, 1.2, 3.4, 2.49, 0.51]);
    const model = linearModel([0.5, -0.25], 1, { optimizer: sgd(0.02), loss: 'mse' });
    expect(model.trainOnBatch(X, labels, { classWeight: { 0: 2, 2: 5, 3: 0.5 } })).toBeCloseTo(2.4239351749420166, 5);
    // The loss unweighted after the step (the metrics reset by testOnBatch, as in Keras 3).
    expect(model.testOnBatch(X, labels)).toBeCloseTo(1.5577526092529297, 5);
  });

  it('say what is wrong', () => {
    const model = linearModel([0, 0], 0, { loss: 'mse' });
    expect(() => model.fit(X, column(Y), { sampleWeight: W, classWeight: { 0: 2 } })).toThrow('keras.Sequential.fit: You cannot `classWeight` and `sampleWeight` at the same time.');
    expect(() => model.trainOnBatch(X, column(Y), { sampleWeight: W, classWeight: { 0: 2 } })).toThrow('keras.Sequential.trainOnBatch: You cannot `classWeight` and `sampleWeight` at the same time.');
    const accepted = 'an object of class index to weight ({0: 1, 1: 50}) or a Map<number, number>';
    expect(() => model.fit(X, column(Y), { classWeight: 'balanced' as never })).toThrow(`keras.Sequential.fit: classWeight must be ${accepted}, got "balanced".`);
    expect(() => model.fit(X, column(Y), { classWeight: [1, 2] as never })).toThrow(`classWeight must be ${accepted}, got an array of length 2.`);
    expect(() => model.fit(X, column(Y), { classWeight: { one: 2 } as never })).toThrow(`classWeight's keys must be integer class indices (as ${accepted}), got the key "one".`);
    expect(() => model.fit(X, column(Y), { classWeight: new Map([[0.5, 2]]) })).toThrow("classWeight's keys must be integer class indices");
    expect(() => model.fit(X, column(Y), { classWeight: { 0: '2' } as never })).toThrow('classWeight\'s weights must be finite numbers, got "2" for class 0.');
    // Keras' evaluate and test_on_batch take no class_weight.
    expect(() => model.evaluate(X, column(Y), { classWeight: { 0: 2 } } as never)).toThrow("keras.Sequential.evaluate: unknown option 'classWeight'; the options are batchSize, verbose, returnDict, sampleWeight, callbacks.");
    expect(() => model.testOnBatch(X, column(Y), { classWeight: { 0: 2 } } as never)).toThrow("keras.Sequential.testOnBatch: unknown option 'classWeight'; the options are returnDict, sampleWeight.");
  });
});

describe('metricsNames (Keras 3.15.1 prints these for the same models)', () => {
  it("'loss', 'compile_metrics' when metrics are compiled, and each output's loss once a batch ran", () => {
    const dense = () => new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(1)]);
    expect(dense().metricsNames).toEqual([]);
    const withMetrics = dense();
    withMetrics.compile({ loss: 'mse', metrics: ['mae'] });
    expect(withMetrics.metricsNames).toEqual(['loss', 'compile_metrics']);
    withMetrics.fit([[1, 2]], [[1]], { verbose: 0 });
    expect(withMetrics.metricsNames).toEqual(['loss', 'compile_metrics']);
    const weighted = dense();
    weighted.compile({ loss: 'mse', weightedMetrics: ['mae'] });
    expect(weighted.metricsNames).toEqual(['loss', 'compile_metrics']);
    const lossOnly = dense();
    lossOnly.compile({ loss: 'mse' });
    expect(lossOnly.metricsNames).toEqual(['loss']);

    const input = tf.keras.Input([2]);
    const twoOutputs = () => new tf.keras.Model({ inputs: input, outputs: [new L.Dense(1, { name: 'a' }).apply(input), new L.Dense(1, { name: 'b' }).apply(input)] as never });
    const model = twoOutputs();
    model.compile({ loss: ['mse', 'mae'], metrics: [['mae'], []] });
    expect(model.metricsNames).toEqual(['loss', 'compile_metrics']);
    model.fit(tf.ones([2, 2]), [tf.ones([2, 1]), tf.ones([2, 1])], { verbose: 0 });
    expect(model.metricsNames).toEqual(['loss', 'compile_metrics', 'a_loss', 'b_loss']);
  });
});
