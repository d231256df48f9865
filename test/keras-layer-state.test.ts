// A layer's build state and its weights' trainable flags against Keras 3.15.1's. Fixture:
// test/fixtures/keras-layer-state.json (KERAS_BACKEND=jax python scripts/keras_layer_state_fixtures.py).
// build: however `build` runs (by the first call or called directly) it records its shape, the
// build config `serialize` and `.keras` archives write; a layer built at construction (Dropout)
// runs no build when called, and records none. trainable: a layer's setter sets its weights' own
// flags (those it made trainable) and its sublayers', as Keras 3's does; tapes watch by the flag a weight was made with, as TensorFlow's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { values } from './helpers/keras';

const L = tf.keras.layers;
type Shape = (number | null)[];
interface BuildCase {
  builtAtInit: boolean;
  afterCall: { input_shape: Shape } | null;
  afterBuild: { input_shape: Shape } | null;
  builtAfterBuild: boolean;
  serializedAfterBuild: { input_shape: Shape } | null;
}
interface WeightsState {
  trainable: boolean;
  weights: [string, boolean][];
  trainableWeights: string[];
  nonTrainableWeights: string[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'keras-layer-state.json'), 'utf8')) as {
  keras: string;
  build: Record<string, BuildCase>;
  trainable: Record<'dense' | 'batchNormalization' | 'frozenBeforeBuild' | 'modelAndSublayer' | 'variableAttributes', WeightsState[]>;
};
beforeEach(() => tf.keras.backend.clearSession());

/** The script's cases: the layer, and its input shape (batch axis included). */
const BUILD_CASES: Record<string, [() => tf.keras.layers.Layer, Shape]> = {
  dense: [() => new L.Dense(2), [null, 3]],
  dropout: [() => new L.Dropout(0.5), [null, 3]],
  activation: [() => new L.Activation('relu'), [null, 3]],
  relu: [() => new L.ReLU(), [null, 3]],
  softmax: [() => new L.Softmax(), [null, 3]],
  leaky_relu: [() => new L.LeakyReLU(), [null, 3]],
  gaussian_noise: [() => new L.GaussianNoise(0.1), [null, 3]],
  activity_regularization: [() => new L.ActivityRegularization(), [null, 3]],
  unit_normalization: [() => new L.UnitNormalization(), [null, 3]],
  masking: [() => new L.Masking(), [null, 4, 3]],
  identity: [() => new L.Identity(), [null, 3]],
  max_pooling_1d: [() => new L.MaxPooling1D(), [null, 4, 3]],
  global_average_pooling_1d: [() => new L.GlobalAveragePooling1D(), [null, 4, 3]],
  flatten: [() => new L.Flatten(), [null, 4, 3]],
  reshape: [() => new L.Reshape([12]), [null, 4, 3]],
  permute: [() => new L.Permute([2, 1]), [null, 4, 3]],
  repeat_vector: [() => new L.RepeatVector(2), [null, 3]],
  up_sampling_1d: [() => new L.UpSampling1D(), [null, 4, 3]],
  up_sampling_2d: [() => new L.UpSampling2D(), [null, 4, 4, 3]],
  zero_padding_1d: [() => new L.ZeroPadding1D(), [null, 4, 3]],
  zero_padding_2d: [() => new L.ZeroPadding2D(), [null, 4, 4, 3]],
  cropping_1d: [() => new L.Cropping1D(), [null, 4, 3]],
  cropping_2d: [() => new L.Cropping2D(), [null, 4, 4, 3]],
  adaptive_average_pooling_1d: [() => new L.AdaptiveAveragePooling1D(2), [null, 4, 3]],
  rescaling: [() => new L.Rescaling(0.5), [null, 3]],
  resizing: [() => new L.Resizing(2, 2), [null, 4, 4, 3]],
  center_crop: [() => new L.CenterCrop(2, 2), [null, 4, 4, 3]],
  random_flip: [() => new L.RandomFlip(), [null, 4, 4, 3]],
  random_contrast: [() => new L.RandomContrast(0.2), [null, 4, 4, 3]],
  category_encoding: [() => new L.CategoryEncoding({ numTokens: 3 }), [null, 2]],
  discretization: [() => new L.Discretization({ binBoundaries: [0] }), [null, 3]],
  layer_normalization: [() => new L.LayerNormalization(), [null, 3]],
  embedding: [() => new L.Embedding(3, 2), [null, 4]],
};
const INT_INPUTS = new Set(['category_encoding', 'embedding']);
/** Keras' build config as gradtape's. */
const asGradtape = (config: { input_shape: Shape } | null) => (config === null ? null : { inputShape: config.input_shape });

describe("build, as Keras' build wrapper runs it", () => {
  it('covers the fixture\'s cases', () => {
    expect(fixture.keras).toBe('3.15.1');
    expect(Object.keys(BUILD_CASES)).toEqual(Object.keys(fixture.build));
  });

  it.each(Object.keys(BUILD_CASES))('%s: built at construction or not, and the build config after a call and after build()', (name) => {
    const [make, shape] = BUILD_CASES[name]!;
    const want = fixture.build[name]!;
    expect(make().built).toBe(want.builtAtInit);
    const called = make();
    called.apply(tf.keras.Input(shape.slice(1), { dtype: INT_INPUTS.has(name) ? 'int32' : 'float32' }));
    expect(called.getBuildConfig()).toEqual(asGradtape(want.afterCall));
    expect(L.serialize(called).buildConfig).toEqual(asGradtape(want.afterCall) ?? undefined);
    const direct = make();
    direct.build(shape);
    expect(direct.built).toBe(want.builtAfterBuild);
    expect(direct.getBuildConfig()).toEqual(asGradtape(want.afterBuild));
    expect(L.serialize(direct).buildConfig).toEqual(asGradtape(want.serializedAfterBuild));
  });

  it('a direct build runs in the layer\'s name scope; its build config makes the deserialized twin built', () => {
    const dense = new L.Dense(2, { name: 'head' });
    dense.build([null, 3]);
    expect(dense.weights.map((w) => w.name)).toEqual(['head/kernel', 'head/bias']);
    const twin = L.deserialize(L.serialize(dense));
    expect(twin.built).toBe(true);
    expect(twin.weights.map((w) => w.shape)).toEqual([[3, 2], [2]]);
  });

  it('a build of your own is wrapped too: built and recorded, also when it calls a sublayer\'s build', () => {
    class Block extends L.Layer {
      inner = new L.Dense(3, { name: 'inner' });
      override build(inputShape: Shape): void {
        this.inner.build(inputShape);
      }
    }
    const block = new Block({ name: 'block' });
    block.build([null, 4]);
    expect([block.built, block.inner.built]).toEqual([true, true]);
    expect([block.getBuildConfig(), block.inner.getBuildConfig()]).toEqual([{ inputShape: [null, 4] }, { inputShape: [null, 4] }]);
    expect(block.weights.map((w) => w.shape)).toEqual([[4, 3], [3]]);
  });

  it('a build set on the instance (a JavaScript class field) is wrapped by the first call', () => {
    class Field extends L.Layer {
      w: tf.Variable | null = null;
      constructor() {
        super({ name: 'field' });
        (this as { build: (shape: Shape) => void }).build = (shape) => {
          this.w = this.addWeight({ shape: [shape.at(-1)!, 1], name: 'w' });
        };
      }
      override call(x: tf.Tensor) {
        return tf.matmul(x, this.w!);
      }
    }
    const layer = new Field();
    layer.apply(tf.ones([2, 3]));
    layer.apply(tf.ones([2, 3]));
    expect([layer.built, layer.weights.map((w) => w.name)]).toEqual([true, ['field/w']]);
    expect(layer.getBuildConfig()).toEqual({ inputShape: [2, 3] });
  });

  it("a built layer takes no new weights (Keras' _lock_state): a second build throws Keras' ValueError and leaves the weights as they were", () => {
    const locked = /^keras\.layers\.Dense\.addWeight: You cannot add new elements of state \(variables or sub-layers\) to a layer that is already built\. All state must be created in the `__init__\(\)` method or in the `build\(\)` method\./;
    const dense = new L.Dense(2, { name: 'twice' });
    dense.build([null, 3]);
    const before = dense.weights;
    expect(() => dense.build([null, 3])).toThrow(locked);
    expect(() => dense.addWeight({ shape: [1], name: 'extra' })).toThrow(expect.objectContaining({ name: 'ValueError' }));
    expect(dense.weights).toEqual(before);
    // Built by its first call too; a subclassed model locks as a layer does.
    const called = new L.Dense(2);
    called.apply(tf.ones([1, 3]));
    expect(() => called.addWeight({ shape: [1] })).toThrow(/already built/);
    class Net extends tf.keras.Model {
      head = new L.Dense(1);
      override call(x: tf.Tensor) {
        return this.head.apply(x) as tf.Tensor;
      }
    }
    const net = new Net();
    net.apply(tf.ones([1, 3]));
    expect(() => net.addWeight({ shape: [1] })).toThrow(/already built/);
    // Sequential and functional models stay open, as Keras' do (their _lock_state does nothing).
    const sequential = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2)]);
    expect(sequential.addWeight({ shape: [1], name: 'extra' }).shape).toEqual([1]);
    const input = tf.keras.Input([3]);
    const functional = new tf.keras.Model({ inputs: input, outputs: new L.Dense(2).apply(input) as tf.keras.KerasTensor });
    expect(functional.addWeight({ shape: [1], name: 'extra' }).shape).toEqual([1]);
  });

  it('a layer built at construction still shows its output shape in a summary', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(4), new L.Dropout(0.5, { name: 'drop' })]);
    expect(model.layers[1]!.getBuildConfig()).toBeNull();
    expect(model.summary({ printFn: () => {} })).toContain('│ drop (Dropout)                  │ (None, 4)              │             0 │');
  });
});

type Weighted = { weights: tf.Variable[]; trainableWeights: tf.Variable[]; nonTrainableWeights: tf.Variable[]; trainable: boolean };
const pathOf = (v: tf.Variable): string => v.path!;
function stateOf(layer: Weighted): WeightsState {
  return {
    trainable: layer.trainable,
    weights: layer.weights.map((w) => [pathOf(w), w.trainable]),
    trainableWeights: layer.trainableWeights.map(pathOf),
    nonTrainableWeights: layer.nonTrainableWeights.map(pathOf),
  };
}

describe("trainable sets the weights' own flags, as Keras 3's setter does", () => {
  it('Dense frozen and thawed', () => {
    const dense = new L.Dense(2);
    dense.build([null, 3]);
    const steps = [stateOf(dense)];
    dense.trainable = false;
    steps.push(stateOf(dense));
    dense.trainable = true;
    steps.push(stateOf(dense));
    expect(steps).toEqual(fixture.trainable.dense);
  });

  it('BatchNormalization: its moving statistics stay non-trainable', () => {
    const bn = new L.BatchNormalization();
    bn.build([null, 3]);
    bn.trainable = false;
    const frozen = stateOf(bn);
    bn.trainable = true;
    expect([frozen, stateOf(bn)]).toEqual(fixture.trainable.batchNormalization);
  });

  it('weights made while the layer is frozen are frozen', () => {
    const a = new L.Dense(2, { trainable: false });
    a.build([null, 3]);
    const b = new L.Dense(2);
    b.trainable = false;
    b.build([null, 3]);
    b.trainable = true;
    expect([stateOf(a), stateOf(b)]).toEqual(fixture.trainable.frozenBeforeBuild);
  });

  it('a frozen model freezes its layers\' weights; a thawed layer of a frozen model', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2, { name: 'first' }), new L.Dense(1, { name: 'second' })]);
    model.trainable = false;
    const frozen = stateOf(model);
    model.layers[0]!.trainable = true;
    expect([frozen, stateOf(model), stateOf(model.layers[0]!)]).toEqual(fixture.trainable.modelAndSublayer);
  });

  it('keras.Variables in properties: listed by the flag they were made with, set by the layer\'s setter', () => {
    class Scaler extends L.Layer {
      scale: tf.keras.Variable | null = null;
      offset: tf.keras.Variable | null = null;
      bias: tf.Variable | null = null;
      override build(inputShape: Shape): void {
        const n = inputShape.at(-1)!;
        this.scale = new tf.keras.Variable(tf.ones([n]), { name: 'scale' });
        this.offset = new tf.keras.Variable(tf.zeros([n]), { name: 'offset', trainable: false });
        this.bias = this.addWeight({ shape: [n], initializer: 'zeros', name: 'bias' });
      }
    }
    const layer = new Scaler({ name: 'scaler' });
    layer.build([null, 2]);
    const steps = [stateOf(layer)];
    layer.scale!.trainable = false;
    steps.push(stateOf(layer));
    layer.trainable = false;
    steps.push(stateOf(layer));
    layer.trainable = true;
    steps.push(stateOf(layer));
    expect(steps).toEqual(fixture.trainable.variableAttributes);
  });

  it('tapes watch by the flag a weight was made with, as TensorFlow\'s watch the tf.Variable under Keras\'; fit leaves frozen weights alone', () => {
    const dense = new L.Dense(1, { kernelInitializer: 'ones' });
    const x = tf.ones([1, 2]);
    dense.apply(x);
    dense.trainable = false;
    expect(dense.weights.map((w) => w.trainable)).toEqual([false, false]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(dense.apply(x) as tf.Tensor));
    expect(tape.watchedVariables()).toEqual(dense.weights);
    expect(tape.gradient(y, dense.weights).map((g) => values(g!))).toEqual([[1, 1], [1]]);
    expect(dense.trainableWeights).toEqual([]);

    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2, { name: 'frozen' }), new L.Dense(1, { name: 'head' })]);
    model.layers[0]!.trainable = false;
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const before = model.getWeights().map(values);
    model.fit(tf.ones([4, 2]), tf.zeros([4, 1]), { epochs: 2, verbose: 0 });
    const after = model.getWeights().map(values);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).not.toEqual(before[2]);
  });

  it('a .keras archive of a model with a frozen layer loads with the layer\'s weights frozen', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2, { name: 'frozen' }), new L.Dense(1, { name: 'head' })]);
    model.layers[0]!.trainable = false;
    const loaded = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
    expect(loaded.layers[0]!.trainable).toBe(false);
    expect(loaded.weights.map((w) => w.trainable)).toEqual([false, false, true, true]);
    expect(loaded.trainableWeights.map((w) => w.name)).toEqual(['head/kernel', 'head/bias']);
  });
});

// Keras 3's paths (keras/src/backend/common/name_scope.py, layers/layer.py): a layer's build and
// call, and add_weight, run in its name scope; a weight's path is the scopes it was made in, then
// its name. The Sequential and functional cases are also checked against Keras-written fixtures
// (above, and in the attention, recurrent, wrapper and TensorBoard tests); these are the rules.
describe("paths: the Keras scopes a layer's weights were made in, as Keras 3 names them", () => {
  const paths = (layer: { weights: tf.Variable[] }) => layer.weights.map((w) => w.path);

  it('a layer built on its own, and a functional model\'s layers (built before the model): the layer\'s name', () => {
    const dense = new L.Dense(2);
    expect(dense.path).toBeNull();
    dense.build([null, 3]);
    expect([dense.path, paths(dense)]).toEqual(['dense', ['dense/kernel', 'dense/bias']]);
    const input = tf.keras.Input([3]);
    const model = new tf.keras.Model({ inputs: input, outputs: new L.Dense(1, { name: 'head' }).apply(input) as tf.keras.KerasTensor });
    expect(paths(model)).toEqual(['head/kernel', 'head/bias']);
  });

  it("a Sequential's layers, built by its first call: under the Sequential", () => {
    const model = new tf.keras.Sequential([new L.Dense(2, { name: 'a' }), new L.Dense(1, { name: 'b' })], { name: 'seq' });
    model.apply(tf.ones([1, 3]));
    expect([model.path, model.layers[1]!.path, paths(model)]).toEqual(['seq', 'seq/b', ['seq/a/kernel', 'seq/a/bias', 'seq/b/kernel', 'seq/b/bias']]);
  });

  it('layers a custom layer or a subclassed model calls, and the variables their builds make, nest under it', () => {
    class Block extends L.Layer {
      inner = new L.Dense(2, { name: 'inner' });
      kv: tf.keras.Variable | null = null;
      override build(): void {
        this.kv = new tf.keras.Variable([1, 2], { name: 'kv' });
      }
      override call(x: tf.Tensor): tf.Tensor {
        return this.inner.apply(x);
      }
    }
    class Net extends tf.keras.Model {
      block = new Block({ name: 'block' });
      override call(x: tf.Tensor): tf.Tensor {
        return this.block.apply(x);
      }
    }
    const net = new Net({ name: 'net' });
    net.apply(tf.ones([1, 3]));
    expect([net.block.path, net.block.inner.path, net.block.kv!.path]).toEqual(['net/block', 'net/block/inner', 'net/block/kv']);
    // (A keras.Variable a layer holds is one of its weights, listed before its sublayers'.)
    expect(paths(net)).toEqual(['net/block/kv', 'net/block/inner/kernel', 'net/block/inner/bias']);
  });

  it('a weight made in the constructor is under the layer alone; a layer keeps the path it was first built under', () => {
    class Scale extends L.Layer {
      w = this.addWeight({ shape: [1], initializer: 'ones', name: 'w' });
      override call(x: tf.Tensor): tf.Tensor {
        return x.mul(this.w);
      }
    }
    const scale = new Scale({ name: 'scale' });
    expect([scale.path, paths(scale)]).toEqual([null, ['scale/w']]);
    const shared = new L.Dense(2, { name: 'shared' });
    shared.apply(tf.ones([1, 3]));
    const model = new tf.keras.Sequential([tf.keras.Input([3]), shared, new L.Dense(1, { name: 'after' })], { name: 'outer' });
    expect(paths(model)).toEqual(['shared/kernel', 'shared/bias', 'outer/after/kernel', 'outer/after/bias']);
  });

  it('a tf.Variable no layer made has none', () => {
    expect(new tf.Variable(1, { name: 'v' }).path).toBeUndefined();
  });
});
