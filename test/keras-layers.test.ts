// tf.keras.layers and Sequential's structure (weights, names, building, summary) against Keras 3's
// semantics (keras/src/layers/layer.py, core/dense.py, regularization/dropout.py,
// reshaping/flatten.py and reshape.py, models/sequential.py, utils/summary_utils.py): values by
// hand from given weights, Keras' messages and its documented parameter counts.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

/** A Dense layer with kernel [[1, 2], [3, 4], [5, 6]] and bias [0.5, -1]. */
function givenDense(options: tf.DenseOptions = {}): tf.keras.layers.Dense {
  const dense = new L.Dense(2, options);
  dense.build([null, 3]);
  dense.setWeights([[[1, 2], [3, 4], [5, 6]], [0.5, -1]]);
  return dense;
}

describe('Dense', () => {
  it('computes activation(x · kernel + bias), by hand', () => {
    const x = [[1, 0, -1], [2, 1, 0]];
    // x · W = [[1 - 5, 2 - 6], [2 + 3, 4 + 4]] = [[-4, -4], [5, 8]]; + b
    expect(givenDense()(x).arraySync()).toEqual([[-3.5, -5], [5.5, 7]]);
    expect(givenDense({ activation: 'relu' })(x).arraySync()).toEqual([[0, 0], [5.5, 7]]);
  });

  it("Keras' dense_test.py: test_dense_correctness and run_layer_test's counts", () => {
    const dense = new L.Dense(2, { activation: 'relu' });
    dense.build([1, 2]);
    dense.setWeights([[[1, -2], [3, -4]], [5, -6]]);
    expect(dense([[-1, 2]]).arraySync()).toEqual([[10, 0]]);
    const kernelOnly = new L.Dense(2, { useBias: false });
    kernelOnly.build([1, 2]);
    kernelOnly.setWeights([[[1, -2], [3, -4]]]);
    expect(kernelOnly.bias).toBe(null);
    expect(kernelOnly([[-1, 2]]).arraySync()).toEqual([[5, -6]]);
    // 3-D input, two regularizers by name: output (2, 3, 5), 2 trainable weights, 2 losses.
    const regularized = new L.Dense(5, { activation: 'sigmoid', kernelRegularizer: 'l2', biasRegularizer: 'l2' });
    expect(regularized(tf.ones([2, 3, 4])).shape).toEqual([2, 3, 5]);
    expect([regularized.trainableWeights.length, regularized.nonTrainableWeights.length, regularized.losses.length]).toEqual([2, 0, 2]);
    // test_dense_invalid_units_raises: 0, -3, 2.5, None, "64".
    for (const units of [0, -3, 2.5, null, '64']) expect(() => new L.Dense(units as never)).toThrow('positive integer');
  });

  it('back-propagates: d sum(out) / dW = xᵀ · mask, d / db = Σ mask, by hand', () => {
    const x = tf.constant([[1, 0, -1], [2, 1, 0]]);
    for (const [activation, kernel, bias] of [
      [null, [[3, 3], [1, 1], [-1, -1]], [2, 2]], // no activation: every output counts
      ['relu', [[2, 2], [1, 1], [0, 0]], [1, 1]], // relu: only the second sample's outputs are positive
    ] as const) {
      const dense = givenDense({ activation });
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(dense(x)));
      const [dKernel, dBias] = tape.gradient(loss, dense.trainableVariables);
      expect(dKernel!.arraySync()).toEqual(kernel);
      expect(dBias!.arraySync()).toEqual(bias);
    }
  });

  it('multiplies along the last axis of a rank-3 input', () => {
    const dense = givenDense();
    const x = tf.constant([[[1, 0, -1], [2, 1, 0]], [[0, 0, 1], [1, 1, 1]]]);
    expect(dense(x).arraySync()).toEqual([[[-3.5, -5], [5.5, 7]], [[5.5, 5], [9.5, 11]]]);
    expect(dense.computeOutputShape([null, 2, 3])).toEqual([null, 2, 2]);
  });

  it('is built on its first call from the input shape, with weights named in its scope', () => {
    const dense = new L.Dense(4);
    expect(dense.built).toBe(false);
    expect(dense.weights).toEqual([]);
    expect(() => dense.countParams()).toThrow("keras.layers.Dense: You tried to call `countParams` on layer 'dense', but the layer isn't built.");
    dense(tf.ones([2, 3]));
    expect(dense.built).toBe(true);
    expect(dense.weights.map((w) => [w.name, w.shape])).toEqual([['dense/kernel', [3, 4]], ['dense/bias', [4]]]);
    expect(dense.kernel!.shape).toEqual([3, 4]);
    expect(dense.countParams()).toBe(16);
    // Glorot uniform: |w| <= sqrt(6 / (3 + 4)); the bias starts at zeros.
    expect(Math.max(...Array.from(dense.kernel!.dataSync()).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 7));
    expect(dense.bias!.arraySync()).toEqual([0, 0, 0, 0]);
  });

  it("refuses inputs the built layer does not fit, with Keras' InputSpec messages", () => {
    const dense = new L.Dense(2);
    expect(() => dense([1, 2, 3])).toThrow('keras.layers.Dense: Input 0 of layer "dense" is incompatible with the layer: expected min_ndim=2, found ndim=1. Full shape received: (3,)');
    dense(tf.ones([2, 3]));
    expect(() => dense(tf.ones([2, 4]))).toThrow(
      'keras.layers.Dense: Input 0 of layer "dense" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (2, 4)',
    );
  });

  it('checks its options', () => {
    expect(() => new L.Dense(0)).toThrow('keras.layers.Dense: Received an invalid value for `units`, expected a positive integer. Received: units=0');
    expect(() => new L.Dense(1.5)).toThrow('expected a positive integer');
    expect(() => new L.Dense(2, { activation: 'nope' })).toThrow(/keras.layers.Dense: .*could not interpret activation/);
    expect(() => new L.Dense(2, { kernelInitializer: 'nope' })).toThrow(/keras.layers.Dense: .*unknown initializer 'nope'/);
    expect(() => new L.Dense(2, { units: 3 } as never)).toThrow("keras.layers.Dense: unknown option 'units'");
  });

  it('useBias false has no bias; getConfig gives the options', () => {
    const dense = new L.Dense(3, { useBias: false, activation: 'relu', kernelRegularizer: tf.keras.regularizers.l2(0.5) });
    dense(tf.ones([1, 2]));
    expect(dense.weights.map((w) => w.name)).toEqual(['dense/kernel']);
    const config = dense.getConfig();
    expect(config).toMatchObject({ name: 'dense', trainable: true, dtype: 'float32', units: 3, activation: 'relu', useBias: false, biasRegularizer: null, kernelConstraint: null });
    expect(config.kernelInitializer).toMatchObject({ className: 'GlorotUniform' });
    expect(config.kernelRegularizer).toEqual({ className: 'L2', config: { l2: 0.5 } });
  });

  it('computes in float64 with dtype float64, converting inputs', () => {
    const dense = new L.Dense(1, { dtype: 'float64', kernelInitializer: 'ones' });
    const y = dense(tf.constant([[0.1, 0.2]], 'float32'));
    expect(y.dtype).toBe('float64');
    expect(dense.kernel!.dtype).toBe('float64');
  });
});

describe('Layer', () => {
  it("takes Keras' automatic names: the class in snake_case, numbered per session", () => {
    expect([new L.Dense(1).name, new L.Dense(1).name, new L.Dropout(0.1).name, new L.ReLU().name, new L.InputLayer({ shape: [2] }).name]).toEqual(['dense', 'dense_1', 'dropout', 're_lu', 'input_layer']);
    expect(new L.Dense(1, { name: 'head' }).name).toBe('head');
    expect(new L.Dense(1).name).toBe('dense_2');
    expect(new tf.keras.Sequential().name).toBe('sequential');
  });

  it('is callable: layer(x) is layer.apply(x); String(layer) is Keras\' text', () => {
    const relu = new L.Activation('relu');
    expect(typeof relu).toBe('function');
    expect(relu([[-1, 2]]).arraySync()).toEqual(relu.apply([[-1, 2]]).arraySync());
    expect(String(relu)).toBe('<Activation name=activation, built=True>');
    expect(relu instanceof L.Layer && relu instanceof tf.Module).toBe(true);
    expect(() => relu([[1]], { trainig: true } as never)).toThrow("keras.layers.Activation: unknown option 'trainig'");
  });

  it('tracks sublayers set as properties, in order: weights, trainable and losses', () => {
    class Block extends L.Layer {
      first = new L.Dense(2, { name: 'first', kernelRegularizer: tf.keras.regularizers.l1(1) });
      layers = [new L.Dense(1, { name: 'second' })];
      override call(x: tf.Tensor) { return this.layers[0]!(this.first(x)); }
    }
    const block = new Block();
    block(tf.ones([1, 3]));
    expect(block.name).toBe('block');
    expect(block.weights.map((w) => w.name)).toEqual(['first/kernel', 'first/bias', 'second/kernel', 'second/bias']);
    expect(block.trainableVariables).toEqual(block.weights);
    // The l1 penalty of the sublayer's kernel: Σ|kernel|.
    const penalty = tf.reduceSum(tf.abs(block.weights[0]!)).item();
    expect(block.losses.map((l) => l.item())).toEqual([penalty]);
    block.trainable = false;
    expect(block.trainableWeights).toEqual([]);
    expect(block.nonTrainableVariables.length).toBe(4);
    expect(block.layers[0]!.trainable).toBe(false);
    expect(block.losses).toEqual([]); // regularizers apply to trainable weights only
    expect(block.submodules.length).toBe(2); // tf.Module still finds them
  });

  it('passes training down: the outer call decides for the layers inside', () => {
    class Noisy extends L.Layer {
      drop = new L.Dropout(0.5);
      override call(x: tf.Tensor) { return this.drop(x); }
    }
    const noisy = new Noisy();
    const x = tf.ones([1, 1000]);
    expect(noisy(x).arraySync()).toEqual(x.arraySync());
    const y = Array.from(noisy(x, { training: true }).dataSync());
    expect(y.some((v) => v === 0) && y.some((v) => v === 2)).toBe(true);
  });

  it('getWeights and setWeights round-trip, with Keras\' errors for bad lists', () => {
    const a = new L.Dense(2);
    a(tf.ones([1, 3]));
    const b = new L.Dense(2);
    b(tf.ones([1, 3]));
    const values = a.getWeights();
    b.setWeights(values);
    expect(b.getWeights().map((w) => w.arraySync())).toEqual(values.map((w) => w.arraySync()));
    // Copies: a later change of the layer does not change them.
    a.kernel!.assign(tf.zeros([3, 2]));
    expect(values[0]!.arraySync()).toEqual(b.kernel!.arraySync());
    expect(() => b.setWeights([values[0]!])).toThrow("keras.layers.Dense: You called `setWeights(weights)` on layer 'dense_1' with a weight list of length 1, but the layer was expecting 2 weights.");
    expect(() => b.setWeights([tf.zeros([2, 2]), values[1]!])).toThrow('keras.layers.Dense: Layer dense_1 weight shape (3, 2) is not compatible with provided weight shape (2, 2).');
  });

  it('collects regularization losses: the last call\'s activity penalty, then the weights\' penalties', () => {
    const dense = givenDense({
      kernelRegularizer: tf.keras.regularizers.l2(0.1),
      biasRegularizer: tf.keras.regularizers.l1(0.5),
      activityRegularizer: tf.keras.regularizers.l2(0.01),
    });
    expect(dense.losses.map((l) => l.item())).toEqual([expect.closeTo(0.1 * 91, 5), 0.75]); // Σw² = 1+4+9+16+25+36 = 91; Σ|b| = 1.5
    dense([[1, 0, -1], [2, 1, 0]]);
    // The output [[-3.5, -5], [5.5, 7]]: Σ out² = 12.25 + 25 + 30.25 + 49 = 116.5, divided by the
    // batch size 2 (Keras 3's Layer.__call__).
    const first = dense.losses.map((l) => l.item());
    expect(first).toEqual([expect.closeTo(0.5825, 5), expect.closeTo(9.1, 5), 0.75]);
    dense([[0, 0, 0]]); // a new call replaces the activity penalty: out = b, Σ b² = 1.25
    expect(dense.losses.map((l) => l.item())).toEqual([expect.closeTo(0.0125, 6), expect.closeTo(9.1, 5), 0.75]);
  });

  it('addWeight makes variables with their initializer, trainability and constraint', () => {
    class Scale extends L.Layer {
      scale: tf.Variable | null = null;
      count: tf.Variable | null = null;
      override build(shape: tf.LayerShape) {
        this.scale = this.addWeight({ shape: [shape.at(-1)!], initializer: 'ones', name: 'scale', constraint: 'non_neg' });
        this.count = this.addWeight({ shape: [], initializer: 'zeros', name: 'count', trainable: false });
      }
      override call(x: tf.Tensor) { return x.mul(this.scale!); }
    }
    const layer = new Scale();
    expect(layer([[2, 3]]).arraySync()).toEqual([[2, 3]]);
    expect(layer.weights.map((w) => w.name)).toEqual(['scale/scale', 'scale/count']);
    expect(layer.nonTrainableWeights.map((w) => w.name)).toEqual(['scale/count']);
    new tf.keras.optimizers.SGD({ learningRate: 1 }).applyGradients([[tf.constant([5, -1]), layer.scale!]]);
    expect(layer.scale!.arraySync()).toEqual([0, 2]); // 1 - 5 projected to 0 by non_neg
    // A function initializer's tensor is the user's: copied, not freed.
    const start = tf.constant([[1, 2]]);
    const given = new L.Dense(2, { kernelInitializer: () => start });
    given(tf.ones([1, 1]));
    expect(start.arraySync()).toEqual([[1, 2]]);
    expect(given.kernel!.arraySync()).toEqual([[1, 2]]);
    expect(() => new Scale().addWeight({ shape: [null as never] })).toThrow('keras.layers.Scale.addWeight: the shape of a weight must be fully known');
  });
});

describe('Dropout', () => {
  it('is the identity in inference and when rate is 0', () => {
    const x = tf.range(0, 12).reshape([3, 4]);
    expect(new L.Dropout(0.5)(x).arraySync()).toEqual(x.arraySync());
    expect(new L.Dropout(0.5)(x, { training: false }).arraySync()).toEqual(x.arraySync());
    expect(new L.Dropout(0)(x, { training: true }).arraySync()).toEqual(x.arraySync());
  });

  it('drops a fraction `rate` in training and scales the rest by 1 / (1 - rate)', () => {
    tf.random.setSeed(3);
    const n = 100_000;
    const y = Array.from(new L.Dropout(0.3)(tf.ones([10, n / 10]), { training: true }).dataSync());
    const kept = y.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
    // A binomial fraction: standard deviation sqrt(0.3 · 0.7 / n) ≈ 0.0014.
    expect(Math.abs(kept.length / n - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(y.reduce((s, v) => s + v, 0) / n - 1)).toBeLessThan(0.015);
  });

  it('shares the mask along axes of noiseShape 1; checks rate', () => {
    const y = new L.Dropout(0.5, { noiseShape: [null, 1] })(tf.ones([200, 5]), { training: true }).arraySync() as number[][];
    for (const row of y) expect(new Set(row).size).toBe(1);
    expect(() => new L.Dropout(1.5)).toThrow('keras.layers.Dropout: Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=1.5');
    expect(new L.Dropout(0.25, { seed: 4 }).getConfig()).toMatchObject({ rate: 0.25, seed: 4, noiseShape: null });
  });
});

describe('Activation, ReLU, Softmax, Flatten, Reshape', () => {
  it('compute what Keras computes', () => {
    expect(new L.Activation('tanh')([0]).arraySync()).toEqual([0]);
    expect((new L.ReLU({ maxValue: 6, negativeSlope: 0.1, threshold: 1 })([-2, 0.5, 3, 10]).arraySync() as number[]).map((v) => +v.toFixed(6))).toEqual([-0.3, -0.05, 3, 6]);
    const p = new L.Softmax({ axis: 0 })([[0, 0], [Math.log(3), 0]]).arraySync() as number[][];
    expect(p.flat().map((v) => +v.toFixed(6))).toEqual([0.25, 0.5, 0.75, 0.5]);
    expect(() => new L.ReLU({ maxValue: -1 })).toThrow('keras.layers.ReLU: maxValue of a ReLU layer cannot be a negative value. Received: -1');
  });

  it('Flatten keeps the batch axis; channels_first moves the channels last first', () => {
    const x = tf.range(0, 12).reshape([1, 2, 3, 2]);
    expect(new L.Flatten()(x).arraySync()).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]);
    // [1, C=2, 3, 2] as channels first: element (c, h, w) goes to (h, w, c).
    expect(new L.Flatten({ dataFormat: 'channels_first' })(x).arraySync()).toEqual([[0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]]);
    expect(new L.Flatten()([1, 2, 3]).shape).toEqual([3, 1]);
    expect(new L.Flatten().computeOutputShape([null, 10, 64])).toEqual([null, 640]);
  });

  it('Reshape infers one -1 and checks sizes', () => {
    expect(new L.Reshape([3, 4]).computeOutputShape([null, 12])).toEqual([null, 3, 4]);
    expect(new L.Reshape([-1, 2, 2]).computeOutputShape([null, 12])).toEqual([null, 3, 2, 2]);
    expect(new L.Reshape([2, -1])(tf.zeros([4, 6])).shape).toEqual([4, 2, 3]);
    expect(() => new L.Reshape([-1, -1])).toThrow('keras.layers.Reshape: The `targetShape` argument must not contain more than one `-1` value.');
    expect(() => new L.Reshape([5])(tf.zeros([2, 6]))).toThrow('keras.layers.Reshape: The total size of the tensor must be unchanged. Received: input_shape=(6,), target_shape=(5,)');
  });
});

describe('Sequential', () => {
  it('builds at once from an Input, or from inputShape on its first layer', () => {
    const a = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(2)]);
    expect(a.built).toBe(true);
    expect(a.weights.map((w) => w.shape)).toEqual([[4, 2], [2]]);
    const b = new tf.keras.Sequential([new L.Dense(2, { inputShape: [4] })]);
    expect(b.built).toBe(true);
    expect(b.layers.length).toBe(1);
    const c = new tf.keras.Sequential([new L.Dense(2)]);
    expect(c.built).toBe(false);
    c.predict(tf.ones([3, 5]));
    expect(c.weights.map((w) => w.shape)).toEqual([[5, 2], [2]]);
  });

  it("Keras' sequential_test.py: test_basic_flow_with_input and test_basic_flow_deferred", () => {
    const quiet = { printFn: () => {} };
    const withInput = new tf.keras.Sequential([], { name: 'seq' });
    withInput.add(tf.keras.Input([2], { batchSize: 3 }));
    withInput.add(new L.Dense(4));
    withInput.add(new L.Dense(5));
    withInput.summary(quiet);
    expect([withInput.layers.length, withInput.built, withInput.weights.length]).toEqual([2, true, 4]);
    expect(withInput(tf.random.uniform([3, 2])).shape).toEqual([3, 5]);
    const fromList = new tf.keras.Sequential([new L.InputLayer({ batchShape: [3, 2] }), new L.Dense(4), new L.Dense(5)]);
    expect([fromList.layers.length, fromList.built, fromList.weights.length]).toEqual([2, true, 4]);

    const deferred = new tf.keras.Sequential([], { name: 'seq' });
    deferred.add(new L.Dense(4));
    deferred.add(new L.Dense(5));
    deferred.summary(quiet);
    expect([deferred.layers.length, deferred.built, deferred.weights.length]).toEqual([2, false, 0]);
    expect(deferred(tf.random.uniform([3, 2])).shape).toEqual([3, 5]);
    expect([deferred.built, deferred.weights.length]).toEqual([true, 4]);
    // Built by a call, Keras 3's summary shows that call's batch size.
    expect(deferred.summary(quiet)).toContain('│ dense_5 (Dense)                 │ (3, 5)                 │            25 │');
  });

  it("add and pop, with Keras' errors", () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3])]);
    model.add(new L.Dense(4, { name: 'hidden' }));
    model.add(new L.Dense(1));
    expect(model.layers.map((l) => l.name)).toEqual(['hidden', 'dense']);
    expect(model.pop().name).toBe('dense');
    expect(() => model.add(new L.Dense(1, { name: 'hidden' }))).toThrow("keras.Sequential.add: All layers added to a Sequential model should have unique names. Name 'hidden' is already the name of a layer in this model.");
    expect(() => model.add(tf.keras.Input([2]))).toThrow("keras.Sequential.add: Sequential model 'sequential' has already been configured to use input shape (None, 3). You cannot add a different Input layer to it.");
    expect(() => model.add({} as never)).toThrow('keras.Sequential.add: Only instances of `keras.Layer` can be added to a Sequential model.');
    expect(() => model(tf.ones([2, 4]))).toThrow('keras.Sequential: Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 3), found shape=(2, 4)');
    expect(() => new tf.keras.Sequential().build([null, 2])).toThrow('keras.Sequential: Sequential model sequential_1 cannot be built because it has no layers.');
  });

  it('calls its layers in order', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), givenDense(), new L.Activation('relu'), new L.Flatten()]);
    expect(model([[1, 0, -1], [2, 1, 0]]).arraySync()).toEqual([[0, 0], [5.5, 7]]);
    expect(model.submodules.map((m) => m.name)).toEqual(['input_layer', 'dense', 'activation', 'flatten']);
  });

  it("summary: Keras' table and parameter counts", () => {
    // Keras' functional API guide's MNIST model: 784 -> 64 -> 64 -> 10, "Total params: 55,050 (215.04 KB)".
    const model = new tf.keras.Sequential([tf.keras.Input([784]), new L.Dense(64, { activation: 'relu' }), new L.Dense(64, { activation: 'relu' }), new L.Dense(10)], { name: 'mnist_model' });
    let printed = '';
    const text = model.summary({ printFn: (t) => { printed = t; } });
    expect(printed).toBe(text);
    expect(text.split('\n')).toEqual([
      'Model: "mnist_model"',
      '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
      '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
      '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
      '│ dense (Dense)                   │ (None, 64)             │        50,240 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_1 (Dense)                 │ (None, 64)             │         4,160 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_2 (Dense)                 │ (None, 10)             │           650 │',
      '└─────────────────────────────────┴────────────────────────┴───────────────┘',
      ' Total params: 55,050 (215.04 KB)',
      ' Trainable params: 55,050 (215.04 KB)',
      ' Non-trainable params: 0 (0.00 B)',
    ]);
    model.layers[0]!.trainable = false;
    const frozen = model.summary({ printFn: () => {} });
    expect(frozen).toContain(' Trainable params: 4,810 (18.79 KB)');
    expect(frozen).toContain(' Non-trainable params: 50,240 (196.25 KB)');
  });

  it('summary of a model not built yet: ? and 0 (unbuilt)', () => {
    const text = new tf.keras.Sequential([new L.Dense(2)]).summary({ printFn: () => {} });
    expect(text).toContain('│ dense (Dense)                   │ ?                      │   0 (unbuilt) │');
    expect(text).toContain(' Total params: 0 (0.00 B)');
  });
});
