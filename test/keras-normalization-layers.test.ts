// tf.keras.layers BatchNormalization and LayerNormalization against Keras 3's semantics
// (keras/src/layers/normalization/batch_normalization.py and layer_normalization.py, and their
// tests' numbers): outputs and moving statistics from the formulas computed here in float64,
// gradients against central differences, and BatchNormalization inside Sequential.fit updating
// its moving statistics as the formula says, in compiled steps as in eager ones.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** n multiples of 1/4 in [-2, 2), varied by `seed`. */
const quarters = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => (((i * 7 + seed * 13) % 17) - 8) / 4);

/** Each entry of `actual` close to `expected` (to `digits` decimals). */
function expectClose(actual: tf.Tensor | number[], expected: number[], digits: number): void {
  const got = Array.isArray(actual) ? actual : values(actual);
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(v, `entry ${i}`).toBeCloseTo(expected[i]!, digits));
}

/** The mean and biased variance of each channel of rows × channels data (float64). */
function channelMoments(rows: number[][]): { mean: number[]; variance: number[] } {
  const n = rows.length, channels = rows[0]!.length;
  const mean = Array.from({ length: channels }, (_, c) => rows.reduce((s, r) => s + r[c]!, 0) / n);
  const variance = Array.from({ length: channels }, (_, c) => rows.reduce((s, r) => s + (r[c]! - mean[c]!) ** 2, 0) / n);
  return { mean, variance };
}

/** gamma · (x - mean) / sqrt(variance + epsilon) + beta, per channel, for rows × channels data. */
const normalized = (rows: number[][], mean: number[], variance: number[], gamma: number[], beta: number[], epsilon: number): number[] =>
  rows.flatMap((r) => r.map((v, c) => (gamma[c]! * (v - mean[c]!)) / Math.sqrt(variance[c]! + epsilon) + beta[c]!));

/** Splits flat channels-last data into rows of `channels`. */
const rowsOf = (flat: number[], channels: number): number[][] => Array.from({ length: flat.length / channels }, (_, i) => flat.slice(i * channels, (i + 1) * channels));

/** Central differences of `loss` along entry i of `variable` (float64). */
function centralDifference(loss: () => number, variable: tf.Variable, i: number, h = 1e-6): number {
  const base = values(variable);
  const at = (delta: number) => {
    variable.assign(tf.reshape(tf.constant(base.map((v, k) => (k === i ? v + delta : v)), 'float64'), variable.shape));
    return loss();
  };
  const slope = (at(h) - at(-h)) / (2 * h);
  variable.assign(tf.reshape(tf.constant(base, 'float64'), variable.shape));
  return slope;
}

describe('BatchNormalization', () => {
  it('training: the batch statistics, the moving ones moved by the momentum; inference: the moving ones (by hand)', () => {
    const [gamma, beta, momentum, epsilon] = [[1.5, -0.5, 2], [0.25, 1, -1], 0.9, 1e-3];
    const bn = new L.BatchNormalization({ momentum });
    bn.build([null, 3]);
    bn.gamma!.assign(gamma);
    bn.beta!.assign(beta);
    let movingMean = [0, 0, 0], movingVariance = [1, 1, 1];
    for (const seed of [1, 2, 3]) {
      const flat = quarters(5 * 3, seed).map((v, i) => v * (1 + (i % 3)) + (i % 3)); // channels of different spreads and means
      const rows = rowsOf(flat, 3);
      const { mean, variance } = channelMoments(rows);
      expectClose(bn(tf.reshape(flat, [5, 3]), { training: true }), normalized(rows, mean, variance, gamma, beta, epsilon), 5);
      movingMean = movingMean.map((m, c) => m * momentum + mean[c]! * (1 - momentum));
      movingVariance = movingVariance.map((v, c) => v * momentum + variance[c]! * (1 - momentum));
      expectClose(bn.movingMean!, movingMean, 6);
      expectClose(bn.movingVariance!, movingVariance, 6);
    }
    const rows = rowsOf(quarters(12, 4), 3);
    expectClose(bn(rows), normalized(rows, movingMean, movingVariance, gamma, beta, epsilon), 5); // training defaults to false
    expectClose(bn(rows, { training: false }), normalized(rows, movingMean, movingVariance, gamma, beta, epsilon), 5);
    expectClose(bn.movingMean!, movingMean, 6); // inference leaves them alone
  });

  it('the statistics are over every axis but `axis`: channels last on rank 3, channels first (axis 1) on rank 4', () => {
    // [2, 3, 2]: 6 rows of 2 channels.
    const flat = quarters(12, 5);
    const rows = rowsOf(flat, 2);
    const { mean, variance } = channelMoments(rows);
    const bn = new L.BatchNormalization({ momentum: 0.5, epsilon: 0.01 });
    expectClose(bn(tf.reshape(flat, [2, 3, 2]), { training: true }), normalized(rows, mean, variance, [1, 1], [0, 0], 0.01), 5);
    expectClose(bn.movingMean!, mean.map((m) => m * 0.5), 6);
    // Channels first [2, 3, 2, 2]: the same 3 channels' entries, transposed by hand.
    const last = quarters(2 * 2 * 2 * 3, 6); // [2, 2, 2, 3] channels last
    const first: number[] = [];
    for (let b = 0; b < 2; b++) for (let c = 0; c < 3; c++) for (let p = 0; p < 4; p++) first.push(last[(b * 4 + p) * 3 + c]!);
    const stats = channelMoments(rowsOf(last, 3));
    const bnFirst = new L.BatchNormalization({ axis: 1, epsilon: 0.01, betaInitializer: 'ones' });
    const y = values(bnFirst(tf.reshape(first, [2, 3, 2, 2]), { training: true }));
    first.forEach((v, i) => {
      const c = Math.floor(i / 4) % 3;
      expect(y[i]).toBeCloseTo((v - stats.mean[c]!) / Math.sqrt(stats.variance[c]! + 0.01) + 1, 5);
    });
    expect(bnFirst.weights.map((w) => w.shape)).toEqual([[3], [3], [3], [3]]);
    expectClose(bnFirst.movingVariance!, stats.variance.map((v) => 0.99 + v * 0.01), 6);
  });

  it("Keras' test_correctness: momentum 0, three training calls give mean 0, std 1, moving mean 0 and variance 1; inference after training equals training", () => {
    tf.random.setSeed(1);
    for (const [axis, shape] of [[-1, [5, 2, 3]], [1, [5, 2, 3]], [-1, [5, 3, 3, 2]], [1, [5, 3, 3, 2]]] as const) {
      for (const [meanInit, varianceInit] of [['zeros', 'zeros'], ['ones', 'ones'], ['zeros', 'ones']]) {
        const layer = new L.BatchNormalization({ axis, momentum: 0, movingMeanInitializer: meanInit, movingVarianceInitializer: varianceInit });
        const x = tf.random.normal([...shape], { mean: 5, stddev: 10 });
        let out = x;
        for (let k = 0; k < 3; k++) out = layer(out, { training: true });
        const reduction = shape.map((_, i) => i).filter((i) => i !== (axis < 0 ? shape.length + axis : axis));
        const [mean, variance] = tf.nn.moments(out, reduction);
        expect(values(mean).every((m) => Math.abs(m) < 1e-3)).toBe(true);
        expect(values(variance).every((v) => Math.abs(Math.sqrt(v) - 1) < 1e-3)).toBe(true);
        expect(values(layer.movingMean!).every((m) => Math.abs(m) < 1e-3)).toBe(true);
        expect(values(layer.movingVariance!).every((v) => Math.abs(v - 1) < 1e-3)).toBe(true);
        // Inference before training on x differs (the moving statistics are the normalized ones'), after it equals.
        expect(values(layer(x, { training: false }))).not.toEqual(values(layer(x, { training: true })));
        const training = values(layer(x, { training: true }));
        expectClose(layer(x, { training: false }), training, 4);
      }
    }
  });

  it("Keras' test_trainable_behavior: a frozen layer runs in inference in training and keeps its moving statistics", () => {
    const layer = new L.BatchNormalization({ momentum: 0.8, epsilon: 1e-7 });
    layer.build([1, 4, 4, 3]);
    layer.trainable = false;
    expect([layer.weights.length, layer.trainableWeights.length, layer.nonTrainableWeights.length]).toEqual([4, 0, 4]);
    tf.random.setSeed(2);
    const x = tf.random.normal([200, 4, 4, 3], { mean: 5, stddev: 10 });
    expectClose(layer(x, { training: true }), values(x), 3); // moving mean 0 and variance 1: x / sqrt(1 + 1e-7)
    expect(values(layer.movingMean!)).toEqual([0, 0, 0]);
    layer.trainable = true;
    expect([layer.weights.length, layer.trainableWeights.length, layer.nonTrainableWeights.length]).toEqual([4, 2, 2]);
    let out = x;
    for (let k = 0; k < 10; k++) out = layer(x, { training: true });
    const [mean, variance] = tf.nn.moments(out, [0, 1, 2]);
    expect(values(mean).every((m) => Math.abs(m) < 1e-3)).toBe(true);
    expect(values(variance).every((v) => Math.abs(Math.sqrt(v) - 1) < 1e-3)).toBe(true);
    expect(values(layer.movingMean!).every((m) => m > 3)).toBe(true); // 1 - 0.8^10 of the way to about 5
  });

  it("Keras' test_bn_basics: weight counts with and without center and scale, regularizer losses; shapes kept", () => {
    const both = new L.BatchNormalization({ center: true, scale: true });
    expect(both(tf.ones([2, 3]), { training: true }).shape).toEqual([2, 3]);
    expect([both.trainableWeights.length, both.nonTrainableWeights.length, both.losses.length]).toEqual([2, 2, 0]);
    const neither = new L.BatchNormalization({ center: false, scale: false });
    neither(tf.ones([2, 3]), { training: true });
    expect([neither.trainableWeights.length, neither.nonTrainableWeights.length, neither.gamma, neither.beta]).toEqual([0, 2, null, null]);
    const regularized = new L.BatchNormalization({ betaRegularizer: 'l2', gammaRegularizer: 'l2' });
    expect(regularized(tf.ones([2, 4, 4, 3]), { training: true }).shape).toEqual([2, 4, 4, 3]);
    expect([regularized.trainableWeights.length, regularized.nonTrainableWeights.length, regularized.losses.length]).toEqual([2, 2, 2]);
    expect(regularized.weights.map((w) => w.name)).toEqual(['batch_normalization_2/gamma', 'batch_normalization_2/beta', 'batch_normalization_2/moving_mean', 'batch_normalization_2/moving_variance']);
  });

  it('back-propagates in training through the batch statistics: the gradients of x, gamma and beta equal central differences (float64)', () => {
    const bn = new L.BatchNormalization({ dtype: 'float64', epsilon: 0.01 });
    bn.build([null, 3]);
    bn.gamma!.assign(tf.constant([1.5, -0.5, 2], 'float64'));
    bn.beta!.assign(tf.constant([0.25, 1, -1], 'float64'));
    const x = new tf.Variable(tf.reshape(tf.constant(quarters(12, 7), 'float64'), [4, 3]));
    const w = tf.reshape(tf.constant(quarters(12, 8).map((v) => v + 0.1), 'float64'), [4, 3]); // sum(out) alone has gradient 0 in x
    const loss = () => tf.reduceSum(tf.mul(tf.tanh(bn(x, { training: true })), w));
    const tape = new tf.GradientTape();
    const recorded = tape.record(loss);
    const [dx, dGamma, dBeta] = tape.gradient(recorded, [x, bn.gamma!, bn.beta!]);
    const lossValue = () => loss().arraySync() as number;
    for (let i = 0; i < 12; i++) expect(values(dx!)[i]).toBeCloseTo(centralDifference(lossValue, x, i), 7);
    for (let i = 0; i < 3; i++) expect(values(dGamma!)[i]).toBeCloseTo(centralDifference(lossValue, bn.gamma!, i), 7);
    for (let i = 0; i < 3; i++) expect(values(dBeta!)[i]).toBeCloseTo(centralDifference(lossValue, bn.beta!, i), 7);
    // In inference the moving statistics are constants: d out / d x = gamma / sqrt(moving variance + epsilon).
    const tape2 = new tf.GradientTape();
    const inference = tape2.record(() => tf.reduceSum(bn(x)));
    const g = values(tape2.gradient(inference, x)!);
    const scale = [1.5, -0.5, 2].map((gm, c) => gm / Math.sqrt(values(bn.movingVariance!)[c]! + 0.01));
    g.forEach((v, i) => expect(v).toBeCloseTo(scale[i % 3]!, 12));
  });

  it("getConfig, the summary's non-trainable parameters, and Keras-style messages", () => {
    const bn = new L.BatchNormalization({ name: 'bn', momentum: 0.9 });
    expect(bn.getConfig()).toEqual({
      name: 'bn', trainable: true, dtype: 'float32', axis: -1, momentum: 0.9, epsilon: 0.001, center: true, scale: true,
      betaInitializer: { className: 'Zeros', config: {} }, gammaInitializer: { className: 'Ones', config: {} },
      movingMeanInitializer: { className: 'Zeros', config: {} }, movingVarianceInitializer: { className: 'Ones', config: {} },
      betaRegularizer: null, gammaRegularizer: null, betaConstraint: null, gammaConstraint: null,
    });
    const model = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(8), bn]);
    const lines = model.summary({ printFn: () => {} }).split('\n');
    expect(lines.find((l) => l.includes('bn (BatchNormalization)'))).toContain('32');
    expect(lines.slice(-3)).toEqual([' Total params: 72 (288.00 B)', ' Trainable params: 56 (224.00 B)', ' Non-trainable params: 16 (64.00 B)']);
    const op = 'keras.layers.BatchNormalization: ';
    expect(() => new L.BatchNormalization({ momentum: 1.5 })).toThrow(`${op}\`momentum\` must be a number in [0, 1]. Received: momentum=1.5`);
    expect(() => new L.BatchNormalization({ momentum: -0.1 })).toThrow('`momentum` must be');
    expect(() => new L.BatchNormalization({ momentum: 0 })).not.toThrow();
    expect(() => new L.BatchNormalization({ momentum: 1 })).not.toThrow();
    expect(() => new L.BatchNormalization({ epsilon: -1 })).toThrow(`${op}epsilon must be >= 0, got -1.`);
    expect(() => new L.BatchNormalization({ axis: 1.5 })).toThrow(`${op}axis must be an integer, got 1.5.`);
    expect(() => new L.BatchNormalization({ center: 'no' as never })).toThrow(`${op}center must be true or false, got "no".`);
    expect(() => new L.BatchNormalization({ axis: 2 })(tf.ones([3, 2]))).toThrow(`${op}axis 2 is out of range for inputs of rank 2 (shape (3, 2)).`);
    const built = new L.BatchNormalization({ name: 'b' });
    built(tf.ones([3, 2]));
    expect(() => built(tf.ones([3, 5]))).toThrow(`${op}Input 0 of layer "b" is incompatible with the layer: expected axis -1 of input shape to have value 2, but received input with shape (3, 5)`);
    expect(() => built(tf.ones([3, 1, 2]))).toThrow(`${op}Input 0 of layer "b" is incompatible with the layer: expected ndim=2, found ndim=3.`);
    expect(() => new L.BatchNormalization({ synchronized: true } as never)).toThrow(/unknown option 'synchronized'/);
  });
});

describe('BatchNormalization in Sequential.fit', () => {
  // 10 samples of 3 features, of different means and spreads.
  const X = rowsOf(quarters(30, 9).map((v, i) => v * (1 + (i % 3)) + 2 * (i % 3)), 3);

  /** A BatchNormalization layer alone, trained with learning rate 0 (so gamma and beta stay 1 and 0). */
  function fitted(runEagerly: boolean) {
    tf.keras.backend.clearSession();
    const bn = new L.BatchNormalization({ momentum: 0.8 });
    const model = new tf.keras.Sequential([tf.keras.Input([3]), bn]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0 }), loss: 'mse', runEagerly });
    model.fit(X, X, { epochs: 2, batchSize: 4, shuffle: false });
    return { model, bn };
  }

  it('fit calls it in training: each step moves the moving statistics toward its batch, compiled as eagerly (by hand)', () => {
    let movingMean = [0, 0, 0], movingVariance = [1, 1, 1];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const batch of [X.slice(0, 4), X.slice(4, 8), X.slice(8)]) {
        const { mean, variance } = channelMoments(batch);
        movingMean = movingMean.map((m, c) => m * 0.8 + mean[c]! * 0.2);
        movingVariance = movingVariance.map((v, c) => v * 0.8 + variance[c]! * 0.2);
      }
    }
    const eager = fitted(true), compiled = fitted(false);
    for (const { bn } of [eager, compiled]) {
      expectClose(bn.movingMean!, movingMean, 5);
      expectClose(bn.movingVariance!, movingVariance, 5);
    }
    expect(values(compiled.bn.movingMean!)).toEqual(values(eager.bn.movingMean!));
    expect(values(compiled.bn.movingVariance!)).toEqual(values(eager.bn.movingVariance!));
    // predict and evaluate run in inference: the moving statistics normalize, and stay.
    const want = normalized(X, movingMean, movingVariance, [1, 1, 1], [0, 0, 0], 1e-3);
    for (const { model, bn } of [eager, compiled]) {
      expectClose(model.predict(X), want, 4);
      const loss = model.evaluate(X, X) as number;
      expect(loss).toBeCloseTo(X.flat().reduce((s, v, i) => s + (v - want[i]!) ** 2, 0) / 30, 4);
      expectClose(bn.movingMean!, movingMean, 5);
    }
  });

  it('tf.train.Checkpoint saves and restores the moving statistics with the other weights: training resumed goes on bit for bit', () => {
    const { model, bn } = fitted(false);
    const checkpoint = new tf.train.Checkpoint({ model });
    const bytes = checkpoint.toBytes();
    const saved = values(bn.movingMean!);
    model.fit(X, X, { epochs: 2, batchSize: 4, shuffle: false });
    const after = model.getWeights().map((w) => values(w));
    expect(values(bn.movingMean!)).not.toEqual(saved);
    checkpoint.fromBytes(bytes);
    expect(values(bn.movingMean!)).toEqual(saved);
    model.fit(X, X, { epochs: 2, batchSize: 4, shuffle: false });
    expect(model.getWeights().map((w) => values(w))).toEqual(after);
  });

  it('a Dense → BatchNormalization → Dense model trains the same compiled and eager: history, weights and moving statistics', () => {
    const Y = X.map((r) => [r[0]! - 2 * r[1]! + 0.5 * r[2]!]);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      tf.random.setSeed(3);
      const model = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(4), new L.BatchNormalization({ momentum: 0.9 }), new L.Dense(1)]);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.05 }), loss: 'mse', runEagerly });
      const history = model.fit(X, Y, { epochs: 30, batchSize: 4 }); // batches of 4, 4 and 2: two traces
      return { history: history.history, weights: model.getWeights().map((w) => values(w)), evaluated: model.evaluate(X, Y) as number };
    };
    const eager = run(true);
    // The batches' statistics are noisy, but in inference the moving ones fit all the data.
    expect(eager.evaluated).toBeLessThan(eager.history.loss![0]! / 20);
    expect(eager.weights.length).toBe(8); // kernel, bias, gamma, beta, moving mean and variance, kernel, bias
    expect(eager.weights[4]).not.toEqual([0, 0, 0, 0]);
    expect(run(false)).toEqual(eager);
  });
});

describe('memory', () => {
  it('fit, evaluate and predict of a Conv2D → BatchNormalization → GlobalAveragePooling2D → Dense model leave no tensors behind, eager and compiled', () => {
    const x = tf.reshape(quarters(10 * 4 * 4 * 2, 17), [10, 4, 4, 2]), y = tf.reshape(quarters(10, 18), [10, 1]);
    for (const runEagerly of [true, false]) {
      const model = new tf.keras.Sequential([
        tf.keras.Input([4, 4, 2]), new L.Conv2D(3, 2, { padding: 'same' }), new L.BatchNormalization(), new L.GlobalAveragePooling2D(), new L.Dense(1),
      ]);
      model.compile({ optimizer: 'adam', loss: 'mse', runEagerly });
      model.fit(x, y, { epochs: 1, batchSize: 4, validationSplit: 0.2 });
      model.evaluate(x, y);
      const before = tf.memory().numTensors;
      model.fit(x, y, { epochs: 3, batchSize: 4, validationSplit: 0.2 });
      model.evaluate(x, y, { batchSize: 3 });
      model.predict(x).dispose();
      expect(tf.memory().numTensors, runEagerly ? 'eager' : 'compiled').toBe(before);
    }
  });
});

describe('LayerNormalization', () => {
  it("Keras' test_output and test_output_with_rms_scaling numbers on arange(5)", () => {
    const x = tf.constant([[0, 1, 2, 3, 4]]);
    expectClose(new L.LayerNormalization({ betaInitializer: 'ones', gammaInitializer: 'ones' })(x), [-0.41386, 0.29307, 1.0, 1.70693, 2.41386], 5);
    const rms = new L.LayerNormalization({ rmsScaling: true, gammaInitializer: 'ones' });
    expectClose(rms(x), [0.0, 0.70693, 1.41386, 2.12079, 2.82772], 5);
    expect(rms.weights.map((w) => w.name)).toEqual(['layer_normalization_1/gamma']);
  });

  it('normalizes each sample over `axis` with its own statistics, then gamma and beta (by hand)', () => {
    // [2, 3, 4]: over the last axis, each of the 6 rows of 4 on its own.
    const flat = quarters(24, 10).map((v, i) => v * (1 + (i % 4)));
    const gamma = [1, 2, -1, 0.5], beta = [0, 1, 2, 3];
    const last = new L.LayerNormalization({ epsilon: 0.01 });
    last.build([null, 3, 4]);
    last.setWeights([gamma, beta]);
    const want = rowsOf(flat, 4).flatMap((row) => {
      const { mean, variance } = channelMoments(row.map((v) => [v]));
      return row.map((v, j) => (gamma[j]! * (v - mean[0]!)) / Math.sqrt(variance[0]! + 0.01) + beta[j]!);
    });
    expectClose(last(tf.reshape(flat, [2, 3, 4])), want, 5);
    // Over axes [1, 2]: each sample's 12 entries together, gamma and beta of shape [3, 4].
    const both = new L.LayerNormalization({ axis: [1, 2], epsilon: 0.01 });
    both.build([null, 3, 4]);
    const gamma12 = quarters(12, 11).map((v) => v + 3), beta12 = quarters(12, 12);
    both.setWeights([tf.reshape(gamma12, [3, 4]), tf.reshape(beta12, [3, 4])]);
    const want12 = rowsOf(flat, 12).flatMap((sample) => {
      const { mean, variance } = channelMoments(sample.map((v) => [v]));
      return sample.map((v, j) => (gamma12[j]! * (v - mean[0]!)) / Math.sqrt(variance[0]! + 0.01) + beta12[j]!);
    });
    expectClose(both(tf.reshape(flat, [2, 3, 4])), want12, 5);
    // Keras' test_unsorted_axis: [-1, -2] is [1, 2].
    const unsorted = new L.LayerNormalization({ axis: [-1, -2], epsilon: 0.01 });
    unsorted.build([null, 3, 4]);
    unsorted.setWeights([tf.reshape(gamma12, [3, 4]), tf.reshape(beta12, [3, 4])]);
    expect(values(unsorted(tf.reshape(flat, [2, 3, 4])))).toEqual(values(both(tf.reshape(flat, [2, 3, 4]))));
    // The same in training: nothing is kept between calls.
    expect(values(both(tf.reshape(flat, [2, 3, 4]), { training: true }))).toEqual(values(both(tf.reshape(flat, [2, 3, 4]))));
  });

  it("Keras' test_ln_basics: weights, regularizer losses and gamma's shape for an axis list", () => {
    const regularized = new L.LayerNormalization({ gammaRegularizer: tf.keras.regularizers.l2(0.01), betaRegularizer: tf.keras.regularizers.l2(0.01) });
    expect(regularized(tf.ones([3, 4, 2])).shape).toEqual([3, 4, 2]);
    expect([regularized.trainableWeights.length, regularized.nonTrainableWeights.length, regularized.losses.length]).toEqual([2, 0, 2]);
    const neither = new L.LayerNormalization({ scale: false, center: false });
    neither(tf.ones([3, 3]));
    expect(neither.weights).toEqual([]);
    const images = new L.LayerNormalization({ axis: [-3, -2, -1] });
    expect(images(tf.ones([2, 8, 8, 3])).shape).toEqual([2, 8, 8, 3]);
    expect([images.gamma!.shape, images.beta!.shape]).toEqual([[8, 8, 3], [8, 8, 3]]);
    expect(new L.LayerNormalization()(tf.ones([1, 0, 10])).shape).toEqual([1, 0, 10]);
  });

  it('back-propagates: the gradients of x, gamma and beta equal central differences (float64)', () => {
    const ln = new L.LayerNormalization({ axis: [1, 2], dtype: 'float64', epsilon: 0.01 });
    ln.build([null, 2, 3]);
    ln.setWeights([tf.reshape(quarters(6, 13).map((v) => v + 2), [2, 3]), tf.reshape(quarters(6, 14), [2, 3])]);
    const x = new tf.Variable(tf.reshape(tf.constant(quarters(12, 15), 'float64'), [2, 2, 3]));
    const w = tf.reshape(tf.constant(quarters(12, 16).map((v) => v + 0.1), 'float64'), [2, 2, 3]);
    const loss = () => tf.reduceSum(tf.mul(tf.tanh(ln(x)), w));
    const tape = new tf.GradientTape();
    const recorded = tape.record(loss);
    const [dx, dGamma, dBeta] = tape.gradient(recorded, [x, ln.gamma!, ln.beta!]);
    const lossValue = () => loss().arraySync() as number;
    for (let i = 0; i < 12; i++) expect(values(dx!)[i]).toBeCloseTo(centralDifference(lossValue, x, i), 7);
    for (let i = 0; i < 6; i++) expect(values(dGamma!)[i]).toBeCloseTo(centralDifference(lossValue, ln.gamma!, i), 7);
    for (let i = 0; i < 6; i++) expect(values(dBeta!)[i]).toBeCloseTo(centralDifference(lossValue, ln.beta!, i), 7);
  });

  it("getConfig and Keras' messages for a bad axis", () => {
    expect(new L.LayerNormalization({ name: 'ln', axis: [1, 2] }).getConfig()).toEqual({
      name: 'ln', trainable: true, dtype: 'float32', axis: [1, 2], epsilon: 0.001, center: true, scale: true, rmsScaling: false,
      betaInitializer: { className: 'Zeros', config: {} }, gammaInitializer: { className: 'Ones', config: {} },
      betaRegularizer: null, gammaRegularizer: null, betaConstraint: null, gammaConstraint: null,
    });
    const op = 'keras.layers.LayerNormalization: ';
    expect(() => new L.LayerNormalization({ axis: { axis: -1 } as never })).toThrow(`${op}Expected an int or a list/tuple of ints for the argument 'axis', but received: an object`);
    const x = tf.zeros([2, 4]);
    for (const axis of [2, 99, -3, -99]) expect(() => new L.LayerNormalization({ axis })(x)).toThrow(`${op}Axis ${axis} is out of bounds for input shape (2, 4). Ensure axis is within the range of input dimensions.`);
    expect(() => new L.LayerNormalization({ axis: [0, 99] })(x)).toThrow('is out of bounds');
    expect(() => new L.LayerNormalization({ axis: 99 }).build([2, 4])).toThrow('is out of bounds');
    expect(() => new L.LayerNormalization({ axis: 99 }).computeOutputShape([2, 4])).toThrow('is out of bounds');
    expect(() => new L.LayerNormalization({ epsilon: -1 })).toThrow(`${op}epsilon must be a finite number >= 0, got -1.`);
  });
});
