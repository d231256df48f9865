// tf.keras.saving.serializeKerasObject / deserializeKerasObject against Keras 3.15.1
// (scripts/keras_serialization_fixtures.py): the same objects made in gradtape serialize to
// Keras' JSON; Keras' JSON deserializes into working gradtape objects, which serialize back to
// the same JSON; Keras' errors for configs it cannot make.
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Fixture {
  keras: string;
  serialized: Record<string, unknown>;
  errors: Record<string, string>;
  deserialized: { builtins_function: string; plain_dict: unknown; tensor: number[]; numpy: number[][] };
}
const K = JSON.parse(readFileSync(new URL('./fixtures/keras-serialization.json', import.meta.url), 'utf8')) as Fixture;
const { serializeKerasObject: serialize, deserializeKerasObject: deserialize } = tf.keras.saving;
const L = tf.keras.layers;

/** A layer of the user's, as the fixture's Scale: its output is its input times `factor`. */
class Scale extends tf.keras.layers.Layer {
  readonly factor: number;
  constructor(options: { factor?: number; name?: string } = {}) {
    const { factor = 1, ...rest } = options;
    super(rest);
    this.factor = factor;
  }
  override call(x: tf.Tensor): tf.Tensor {
    return x.mul(this.factor);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor };
  }
}
tf.keras.saving.registerKerasSerializable('my_pkg')(Scale);

function sequential(): tf.keras.Sequential {
  tf.keras.backend.clearSession();
  return new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(2, { activation: 'tanh', name: 'out' })], { name: 'seq' });
}

/** The fixture's objects, made in gradtape. (Optimizer names are given: the script makes its objects
 * in one Keras session, where the second Adam is 'adam_1'; here each is made on its own.) */
const OBJECTS: Record<string, () => unknown> = {
  none: () => null,
  int: () => 3,
  float: () => 2.5,
  string: () => 'abc',
  bool: () => true,
  list: () => [1, 'a', null],
  dict: () => ({ a: 1, b: [2.5, { c: 'd' }] }),
  tensor: () => tf.constant([[1, 2]]),
  int_tensor: () => tf.constant([3, 4], 'int32'),
  relu: () => tf.keras.activations.relu,
  softmax: () => tf.keras.activations.softmax,
  gelu: () => tf.keras.activations.gelu,
  mse_function: () => tf.keras.losses.meanSquaredError,
  mean_squared_error_loss: () => new tf.keras.losses.MeanSquaredError(),
  huber: () => new tf.keras.losses.Huber({ delta: 2 }),
  bce: () => new tf.keras.losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
  binary_accuracy: () => new tf.keras.metrics.BinaryAccuracy({ threshold: 0.7 }),
  mean: () => new tf.keras.metrics.Mean({ name: 'm' }),
  precision: () => new tf.keras.metrics.Precision({ thresholds: 0.3 }),
  glorot_uniform: () => new tf.keras.initializers.GlorotUniform({ seed: 1 }),
  constant_init: () => new tf.keras.initializers.Constant({ value: 2 }),
  random_normal: () => new tf.keras.initializers.RandomNormal({ mean: 1, stddev: 0.5, seed: 3 }),
  zeros: () => new tf.keras.initializers.Zeros(),
  l2: () => new tf.keras.regularizers.L2({ l2: 0.01 }),
  l1l2: () => new tf.keras.regularizers.L1L2({ l1: 0.1, l2: 0.2 }),
  max_norm: () => new tf.keras.constraints.MaxNorm({ maxValue: 2 }),
  non_neg: () => new tf.keras.constraints.NonNeg(),
  exponential_decay: () => new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.9 }),
  cosine_decay: () => new tf.keras.optimizers.schedules.CosineDecay({ initialLearningRate: 0.5, decaySteps: 1000, alpha: 0.1 }),
  adam: () => new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
  sgd: () => new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, name: 'sgd' }),
  adam_schedule: () => new tf.keras.optimizers.Adam({
    learningRate: new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.9 }), name: 'adam_1',
  }),
  dense: () => new L.Dense(3, { activation: 'relu', name: 'd' }),
  dense_built: () => {
    const d = new L.Dense(3, { kernelInitializer: 'he_normal', kernelRegularizer: 'l2', name: 'd' });
    d.build([null, 4]);
    return d;
  },
  dropout: () => new L.Dropout(0.5, { name: 'drop' }),
  layer_norm: () => new L.LayerNormalization({ epsilon: 0.01, name: 'ln' }),
  sequential,
  compiled: () => {
    const model = sequential();
    model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
    return model;
  },
  functional: () => {
    tf.keras.backend.clearSession();
    const x = tf.keras.Input([3], { name: 'x' });
    const h = new L.Dense(4, { activation: 'relu', name: 'hidden' }).apply(x);
    const y = new L.Dense(1, { name: 'y' }).apply(h);
    return new tf.keras.Model({ inputs: x, outputs: y, name: 'fn' });
  },
  custom: () => new Scale({ factor: 2, name: 'scale' }),
  nested: () => ({ layers: [new L.Dropout(0.25, { name: 'a' })], rate: 0.5, init: new tf.keras.initializers.Ones() }),
};

describe('serializeKerasObject gives Keras 3.15.1 JSON', () => {
  it('fixture is Keras 3.15.1, and every fixture object has a case', () => {
    expect(K.keras).toBe('3.15.1');
    expect(Object.keys(OBJECTS).sort()).toEqual(Object.keys(K.serialized).sort());
  });
  for (const [key, make] of Object.entries(OBJECTS)) {
    it(key, () => {
      // (Through JSON, as the fixture: a model's compile config holds no undefined.)
      expect(JSON.parse(JSON.stringify(serialize(make())))).toEqual(K.serialized[key]);
    });
  }

  it('keras.utils has the same functions', () => {
    expect(tf.keras.utils.serializeKerasObject).toBe(serialize);
    expect(tf.keras.utils.deserializeKerasObject).toBe(deserialize);
  });

  it("a function of the user's own: its registered name, module null", () => {
    function myActivation(x: tf.Tensor): tf.Tensor {
      return x;
    }
    expect(serialize(myActivation)).toEqual({ module: null, class_name: 'function', config: 'myActivation', registered_name: 'myActivation' });
    tf.keras.saving.registerKerasSerializable('pkg')(myActivation);
    expect(serialize(myActivation)).toEqual({ module: null, class_name: 'function', config: 'pkg>myActivation', registered_name: 'pkg>myActivation' });
    expect(deserialize(serialize(myActivation))).toBe(myActivation);
    expect(() => serialize(Symbol('s') as never)).toThrow('Cannot serialize object');
  });
});

describe("deserializeKerasObject makes working objects of Keras' JSON", () => {
  for (const key of Object.keys(OBJECTS)) {
    it(`${key}: serializes back to the same JSON`, () => {
      const made = deserialize(K.serialized[key]);
      expect(JSON.parse(JSON.stringify(serialize(made)))).toEqual(K.serialized[key]);
    });
  }

  it('the objects work', () => {
    const S = K.serialized;
    expect(deserialize(S.relu)).toBe(tf.keras.activations.relu);
    expect(deserialize(S.mse_function)).toBe(tf.keras.losses.meanSquaredError);
    const bce = deserialize(S.bce) as tf.keras.losses.BinaryCrossentropy;
    expect(bce).toBeInstanceOf(tf.keras.losses.BinaryCrossentropy);
    expect(bce.fromLogits).toBe(true);
    const adam = deserialize(S.adam_schedule) as tf.keras.optimizers.Adam;
    expect(adam).toBeInstanceOf(tf.keras.optimizers.Adam);
    expect(adam.getConfig().learningRate).toBeInstanceOf(tf.keras.optimizers.schedules.ExponentialDecay);
    const dense = deserialize(S.dense_built) as tf.keras.layers.Dense;
    expect([dense.built, dense.units, dense.weights.map((w) => w.shape)]).toEqual([true, 3, [[4, 3], [3]]]);
    expect(dense.losses.length).toBe(1); // its L2 kernel regularizer
    const model = deserialize(S.compiled) as tf.keras.Sequential;
    expect(model.compiled).toBe(true);
    expect(model.predict(tf.ones([2, 4])).shape).toEqual([2, 2]);
    const fn = deserialize(S.functional) as tf.keras.Model;
    expect(fn.layers.map((l) => l.name)).toEqual(['x', 'hidden', 'y']);
    expect(fn.apply(tf.ones([1, 3])).shape).toEqual([1, 1]);
    const scale = deserialize(S.custom) as Scale;
    expect(scale).toBeInstanceOf(Scale);
    expect(scale.apply(tf.constant([1.5])).arraySync()).toEqual([3]);
    const init = deserialize(S.constant_init) as tf.keras.initializers.Initializer;
    expect(init([2]).arraySync()).toEqual([2, 2]);
  });

  it("Keras' other forms: 'builtins' functions, plain objects, tensors and NumPy arrays", () => {
    const fn = deserialize({ module: 'builtins', class_name: 'function', config: 'relu', registered_name: 'function' }) as { name: string };
    expect(fn).toBe(tf.keras.activations.relu);
    expect(K.deserialized.builtins_function).toBe('relu');
    expect(deserialize({ a: [1, 2], b: 'relu' })).toEqual(K.deserialized.plain_dict);
    expect((deserialize({ class_name: '__tensor__', config: { value: [1, 2], dtype: 'float32' } }) as tf.Tensor).arraySync()).toEqual(K.deserialized.tensor);
    const array = deserialize({ class_name: '__numpy__', config: { value: [[1, 2]], dtype: 'int32' } }) as tf.Tensor;
    expect([array.arraySync(), array.dtype]).toEqual([K.deserialized.numpy, 'int32']);
    // A custom object by the name in customObjects; a string that names one.
    expect(deserialize('mine', { customObjects: { mine: tf.keras.activations.tanh } })).toBe(tf.keras.activations.tanh);
  });

  it("Keras' errors", () => {
    const E = K.errors;
    const bad: Record<string, unknown> = {
      unknown_class: { module: 'keras.layers', class_name: 'Nope', config: {}, registered_name: null },
      unknown_custom: { module: null, class_name: 'Mine', config: {}, registered_name: 'pkg>Mine' },
      lambda: { class_name: '__lambda__', config: { value: ['x', null, null] } },
      non_modeling: { module: 'keras.models', class_name: 'function', config: 'load_model', registered_name: 'load_model' },
      function_config_not_string: { module: 'keras.activations', class_name: 'function', config: 3, registered_name: null },
      class_config_not_dict: { module: 'keras.layers', class_name: 'Dense', config: 3, registered_name: null },
    };
    for (const [key, config] of Object.entries(bad)) {
      const [kind, ...rest] = E[key]!.split(': ');
      let thrown: Error | null = null;
      try {
        deserialize(config);
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.name, key).toBe(kind);
      expect(thrown?.message, key).toContain(rest.join(': '));
    }
  });
});
