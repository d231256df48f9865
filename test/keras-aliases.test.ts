// Keras 3.15.1's (and TF 2.21's tf.keras') other names of gradtape's classes and functions, and
// keras.utils' custom-object registry. Which names exist and what they alias was read from Keras
// 3.15.1 (`dir(keras.losses)`, `keras.initializers.glorot_uniform is GlorotUniform`,
// `tf.keras.metrics.mse is keras.losses.mean_squared_error`, ...).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const k = tf.keras;

describe('keras top-level classes', () => {
  it('Layer, Loss, Metric, Optimizer, Initializer, Regularizer are the namespaces\' base classes', () => {
    expect(k.Layer).toBe(k.layers.Layer);
    expect(k.Loss).toBe(k.losses.Loss);
    expect(k.Metric).toBe(k.metrics.Metric);
    expect(k.Optimizer).toBe(k.optimizers.Optimizer);
    expect(k.Initializer).toBe(k.initializers.Initializer);
    expect(k.Regularizer).toBe(k.regularizers.Regularizer);
    const layer: tf.keras.Layer = new k.layers.Dense(1);
    expect(layer).toBeInstanceOf(k.Layer);
  });
});

describe('loss and metric function aliases', () => {
  const yTrue = tf.constant([[0, 1, 0.5], [1, 0, 0.25]]);
  const yPred = tf.constant([[0.1, 0.8, 0.4], [0.7, 0.2, 0.3]]);
  it('tf.keras.losses.MSE, MAE, MAPE, MSLE, KLD, kullbackLeiblerDivergence are the functions of those losses', () => {
    expect(k.losses.MSE).toBe(k.losses.meanSquaredError);
    expect(k.losses.MAE).toBe(k.losses.meanAbsoluteError);
    expect(k.losses.MAPE).toBe(k.losses.meanAbsolutePercentageError);
    expect(k.losses.MSLE).toBe(k.losses.meanSquaredLogarithmicError);
    expect(k.losses.KLD).toBe(k.losses.klDivergence);
    expect(k.losses.kullbackLeiblerDivergence).toBe(k.losses.klDivergence);
    // mean((yTrue - yPred)², -1): [(0.01 + 0.04 + 0.01) / 3, (0.09 + 0.04 + 0.0025) / 3]
    const mse = Array.from(k.losses.MSE(yTrue, yPred).dataSync());
    expect(mse[0]).toBeCloseTo(0.02, 6);
    expect(mse[1]).toBeCloseTo(0.1325 / 3, 6);
  });

  it('keras.metrics\' function forms are the loss functions (Keras 3 and tf.keras names)', () => {
    const pairs: [unknown, unknown][] = [
      [k.metrics.meanSquaredError, k.losses.meanSquaredError], [k.metrics.mse, k.losses.meanSquaredError], [k.metrics.MSE, k.losses.meanSquaredError],
      [k.metrics.meanAbsoluteError, k.losses.meanAbsoluteError], [k.metrics.mae, k.losses.meanAbsoluteError], [k.metrics.MAE, k.losses.meanAbsoluteError],
      [k.metrics.meanAbsolutePercentageError, k.losses.meanAbsolutePercentageError], [k.metrics.mape, k.losses.meanAbsolutePercentageError], [k.metrics.MAPE, k.losses.meanAbsolutePercentageError],
      [k.metrics.meanSquaredLogarithmicError, k.losses.meanSquaredLogarithmicError], [k.metrics.msle, k.losses.meanSquaredLogarithmicError], [k.metrics.MSLE, k.losses.meanSquaredLogarithmicError],
      [k.metrics.klDivergence, k.losses.klDivergence], [k.metrics.kld, k.losses.klDivergence], [k.metrics.KLD, k.losses.klDivergence], [k.metrics.kullbackLeiblerDivergence, k.losses.klDivergence],
      [k.metrics.logCosh, k.losses.logCosh], [k.metrics.logcosh, k.losses.logCosh],
      [k.metrics.binaryCrossentropy, k.losses.binaryCrossentropy], [k.metrics.binaryFocalCrossentropy, k.losses.binaryFocalCrossentropy],
      [k.metrics.categoricalCrossentropy, k.losses.categoricalCrossentropy], [k.metrics.categoricalFocalCrossentropy, k.losses.categoricalFocalCrossentropy],
      [k.metrics.sparseCategoricalCrossentropy, k.losses.sparseCategoricalCrossentropy], [k.metrics.hinge, k.losses.hinge], [k.metrics.squaredHinge, k.losses.squaredHinge],
      [k.metrics.categoricalHinge, k.losses.categoricalHinge], [k.metrics.huber, k.losses.huber], [k.metrics.poisson, k.losses.poisson],
    ];
    for (const [alias, fn] of pairs) expect(alias).toBe(fn);
    expect(Array.from(k.metrics.mae(yTrue, yPred).dataSync())).toEqual(Array.from(k.losses.meanAbsoluteError(yTrue, yPred).dataSync()));
    // The classes are still the classes.
    expect(new k.metrics.BinaryCrossentropy()).toBeInstanceOf(k.metrics.Metric);
  });
});

describe('initializers', () => {
  it('the lower-case names are the classes, with or without new', () => {
    const cases: [unknown, unknown][] = [
      [k.initializers.zeros, k.initializers.Zeros], [k.initializers.ones, k.initializers.Ones], [k.initializers.constant, k.initializers.Constant],
      [k.initializers.identity, k.initializers.Identity], [k.initializers.randomNormal, k.initializers.RandomNormal], [k.initializers.randomUniform, k.initializers.RandomUniform],
      [k.initializers.truncatedNormal, k.initializers.TruncatedNormal], [k.initializers.varianceScaling, k.initializers.VarianceScaling],
      [k.initializers.glorotUniform, k.initializers.GlorotUniform], [k.initializers.glorotNormal, k.initializers.GlorotNormal], [k.initializers.heUniform, k.initializers.HeUniform],
      [k.initializers.heNormal, k.initializers.HeNormal], [k.initializers.lecunUniform, k.initializers.LecunUniform], [k.initializers.lecunNormal, k.initializers.LecunNormal],
      [k.initializers.orthogonal, k.initializers.Orthogonal],
    ];
    for (const [alias, Cls] of cases) {
      const made = (alias as () => object)();
      expect(Object.getPrototypeOf(made)).toBe((Cls as { prototype: object }).prototype);
      expect(new (alias as new () => object)()).toBeInstanceOf(Cls as new () => object);
      expect(made).toBeInstanceOf(alias as new () => object);
    }
    expect(k.initializers.IdentityInitializer).toBe(k.initializers.Identity);
    expect(k.initializers.OrthogonalInitializer).toBe(k.initializers.Orthogonal);
    expect(k.initializers.constant({ value: 2 })([2]).arraySync()).toEqual([2, 2]);
    const a = k.initializers.heNormal({ seed: 3 })([3, 2]).dataSync();
    expect(Array.from(a)).toEqual(Array.from(new k.initializers.HeNormal({ seed: 3 })([3, 2]).dataSync()));
  });

  it('serialize and deserialize: {className, config}', () => {
    expect(k.initializers.serialize(new k.initializers.RandomUniform({ minval: -1, maxval: 2, seed: 4 }))).toEqual({ className: 'RandomUniform', config: { minval: -1, maxval: 2, seed: 4 } });
    expect(k.initializers.serialize(k.initializers.glorotUniform())).toEqual({ className: 'GlorotUniform', config: { seed: null } });
    const back = k.initializers.deserialize(k.initializers.serialize(new k.initializers.TruncatedNormal({ stddev: 0.5, seed: 1 })));
    expect(back).toBeInstanceOf(k.initializers.TruncatedNormal);
    expect(Array.from(back([4]).dataSync())).toEqual(Array.from(new k.initializers.TruncatedNormal({ stddev: 0.5, seed: 1 })([4]).dataSync()));
    expect(k.initializers.deserialize('he_uniform')).toBeInstanceOf(k.initializers.HeUniform);
    expect(() => k.initializers.serialize(((s: number[]) => tf.zeros(s)) as never)).toThrow(/not one of the built-in initializers/);
    expect(() => k.initializers.deserialize(null as never)).toThrow(/expected a name or \{className, config\}/);
  });
});

describe('constraints', () => {
  it('the lower-case names, get, serialize and deserialize', () => {
    expect(Object.getPrototypeOf(k.constraints.maxNorm({ maxValue: 1 }))).toBe(k.constraints.MaxNorm.prototype);
    expect(new k.constraints.nonNeg()).toBeInstanceOf(k.constraints.NonNeg);
    expect(k.constraints.unitNorm()).toBeInstanceOf(k.constraints.UnitNorm);
    expect(k.constraints.minMaxNorm({ minValue: 1, maxValue: 2 })).toBeInstanceOf(k.constraints.MinMaxNorm);
    expect(k.constraints.nonNeg()([-1, 2]).arraySync()).toEqual([0, 2]);
    // Keras' get: None → None, a name (class or snake_case), a dict, or the object itself.
    expect(k.constraints.get(null)).toBe(null);
    const mine = (w: tf.TensorLike) => tf.clipByValue(w, 0, 1);
    expect(k.constraints.get(mine)).toBe(mine);
    expect(k.constraints.get('max_norm')).toBeInstanceOf(k.constraints.MaxNorm);
    expect(k.constraints.get('MinMaxNorm')).toBeInstanceOf(k.constraints.MinMaxNorm);
    expect(k.constraints.get('unitNorm')).toBeInstanceOf(k.constraints.UnitNorm);
    const s = k.constraints.serialize(new k.constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5, axis: 1 }));
    expect(s).toEqual({ className: 'MinMaxNorm', config: { minValue: 0.5, maxValue: 2, rate: 0.5, axis: 1 } });
    const back = k.constraints.deserialize(s) as tf.keras.constraints.MinMaxNorm;
    expect([back.minValue, back.maxValue, back.rate, back.axis]).toEqual([0.5, 2, 0.5, 1]);
    expect(k.constraints.deserialize({ class_name: 'MaxNorm', config: { maxValue: 3 } } as never)).toBeInstanceOf(k.constraints.MaxNorm);
    expect(() => k.constraints.get('clip')).toThrow(/Could not interpret constraint identifier: "clip"/);
    expect(() => k.constraints.get(3 as never)).toThrow(/Could not interpret constraint identifier: 3/);
    expect(() => k.constraints.serialize(mine as never)).toThrow(/not one of the built-in constraints/);
  });
});

describe('regularizers and activations', () => {
  it('l1L2 and orthogonalRegularizer', () => {
    expect(k.regularizers.l1L2).toBe(k.regularizers.l1l2);
    expect(k.regularizers.l1L2({ l1: 0.5, l2: 0.25 })([1, -2]).item()).toBe(2.75);
    const r = k.regularizers.orthogonalRegularizer({ factor: 1 });
    expect(r).toBeInstanceOf(k.regularizers.OrthogonalRegularizer);
    expect(new k.regularizers.orthogonalRegularizer(0.5, 'columns').mode).toBe('columns');
  });

  it('activations.deserialize: a name, Keras\' serialized function, customObjects first', () => {
    expect(k.activations.deserialize('relu')).toBe(k.activations.relu);
    expect(k.activations.deserialize('hardSwish')).toBe(k.activations.hardSilu);
    expect(k.activations.deserialize({ className: 'function', config: 'gelu' })).toBe(k.activations.gelu);
    expect(k.activations.deserialize({ class_name: 'function', config: 'tanh' } as never)).toBe(k.activations.tanh);
    const mine = (x: tf.TensorLike) => tf.mul(x, 3);
    expect(k.activations.deserialize('mine', { mine })).toBe(mine);
    expect(k.activations.deserialize('relu', { relu: mine })).toBe(mine);
    expect(() => k.activations.deserialize('nope')).toThrow(/Unknown activation function: 'nope'/);
    expect(() => k.activations.deserialize({ className: 'Dense', config: 'relu' } as never)).toThrow(/expected an activation's name/);
  });
});

describe('keras.models.saveModel', () => {
  it('writes what model.save writes, a .keras archive or a .gtkeras file, and refuses what it refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-save-model-'));
    try {
      const model = new k.Sequential([k.Input([2]), new k.layers.Dense(1)]);
      model.compile({ optimizer: 'adam', loss: 'mse' });
      for (const file of ['m.keras', 'm.gtkeras']) {
        const path = join(dir, file);
        k.models.saveModel(model, path);
        const loaded = k.models.loadModel(path);
        expect(Array.from(loaded.predict([[1, 2]]).dataSync())).toEqual(Array.from(model.predict([[1, 2]]).dataSync()));
        expect(() => k.models.saveModel(model, path, { overwrite: false })).toThrow(/exists and overwrite is false/);
      }
      expect(() => k.models.saveModel(model, join(dir, 'm.txt'))).toThrow();
      expect(() => k.models.saveModel({} as never, join(dir, 'x.keras'))).toThrow(/keras.models.saveModel: expected a tf.keras.Model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('keras.utils', () => {
  it('packXYSampleWeight and unpackXYSampleWeight as Keras 3.15.1 (data_adapter_utils.py)', () => {
    const x = tf.ones([2, 2]), y = tf.zeros([2]), w = tf.ones([2]);
    expect(k.utils.packXYSampleWeight(x)).toBe(x);
    expect(k.utils.packXYSampleWeight([x, x])).toEqual([[x, x]]);
    expect(k.utils.packXYSampleWeight(x, y)).toEqual([x, y]);
    expect(k.utils.packXYSampleWeight(x, y, w)).toEqual([x, y, w]);
    expect(k.utils.packXYSampleWeight(x, null, w)).toBe(x); // no y: sample weights are dropped, as in Keras
    expect(k.utils.unpackXYSampleWeight(x)).toEqual([x, null, null]);
    expect(k.utils.unpackXYSampleWeight([x])).toEqual([x, null, null]);
    expect(k.utils.unpackXYSampleWeight([x, y])).toEqual([x, y, null]);
    expect(k.utils.unpackXYSampleWeight([x, y, w])).toEqual([x, y, w]);
    expect(() => k.utils.unpackXYSampleWeight([x, y, w, w])).toThrow(/Data is expected to be in format `x`, `\(x,\)`, `\(x, y\)`, or `\(x, y, sample_weight\)`, found:/);
  });

  it('clearSession starts the layer names over', () => {
    new k.layers.Dense(1);
    k.utils.clearSession();
    expect(new k.layers.Dense(1).name).toBe('dense');
    expect(new k.layers.Dense(1).name).toBe('dense_1');
  });

  it('registerKerasSerializable: registered under package>name, found by deserialization without customObjects', () => {
    class Scaled extends k.layers.Layer {
      override call(x: tf.Tensor) {
        return x.mul(5);
      }
    }
    expect(() => k.layers.deserialize(k.layers.serialize(new Scaled()))).toThrow(/Unknown layer: 'Scaled'/);
    expect(k.utils.registerKerasSerializable('pkg')(Scaled)).toBe(Scaled);
    try {
      expect(k.utils.getRegisteredName(Scaled)).toBe('pkg>Scaled');
      expect(k.utils.getCustomObjects()['pkg>Scaled']).toBe(Scaled);
      expect(k.utils.getRegisteredObject('pkg>Scaled')).toBe(Scaled);
      const copy = k.layers.deserialize(k.layers.serialize(new Scaled({ name: 'five' })));
      expect(copy).toBeInstanceOf(Scaled);
      expect(copy.name).toBe('five');
      // A model of it saved to JSON loads without customObjects.
      const model = new k.Sequential([k.Input([2]), new Scaled()]);
      const loaded = k.models.modelFromJson(model.toJson());
      expect(loaded.predict([[1, 2]]).arraySync()).toEqual([[5, 10]]);
    } finally {
      delete k.utils.getCustomObjects()['pkg>Scaled'];
    }
    // A name given; functions register too; a class without getConfig is refused.
    const cube = (x: tf.TensorLike) => tf.pow(x, 3);
    k.utils.registerKerasSerializable('acts', 'my_cube')(cube);
    try {
      expect(k.utils.getRegisteredName(cube)).toBe('acts>my_cube');
      expect(k.utils.getRegisteredObject('acts>my_cube')).toBe(cube);
    } finally {
      delete k.utils.getCustomObjects()['acts>my_cube'];
    }
    class Plain {}
    expect(() => k.utils.registerKerasSerializable()(Plain)).toThrow(/Cannot register a class that does not have a get_config\(\) method/);
    expect(k.utils.getRegisteredName(k.layers.Dense)).toBe('Dense');
  });

  it('getRegisteredObject looks in the scope, the global objects, customObjects, then moduleObjects', () => {
    const [a, b, c, d] = [() => 1, () => 2, () => 3, () => 4];
    expect(k.utils.getRegisteredObject('f')).toBe(null);
    expect(k.utils.getRegisteredObject('f', null, { f: d })).toBe(d);
    expect(k.utils.getRegisteredObject('f', { f: c }, { f: d })).toBe(c);
    k.utils.getCustomObjects().f = b;
    try {
      expect(k.utils.getRegisteredObject('f', { f: c }, { f: d })).toBe(b);
      expect(k.utils.customObjectScope({ f: a }, () => k.utils.getRegisteredObject('f', { f: c }))).toBe(a);
    } finally {
      delete k.utils.getCustomObjects().f;
    }
  });

  it('CustomObjectScope: nested scopes replace the outer one\'s objects and restore them on exit, also after a throw', () => {
    const [a, b] = [() => 1, () => 2];
    const outer = new k.utils.CustomObjectScope({ f: a, g: a }).enter();
    try {
      expect(k.utils.getRegisteredObject('g')).toBe(a);
      new k.utils.CustomObjectScope({ f: b }).run(() => {
        expect(k.utils.getRegisteredObject('f')).toBe(b);
        expect(k.utils.getRegisteredObject('g')).toBe(null); // replaced, as in Keras
      });
      expect(() => k.utils.customObjectScope({ f: b }, () => {
        throw new Error('inner');
      })).toThrow('inner');
      expect(k.utils.getRegisteredObject('f')).toBe(a);
    } finally {
      outer.exit();
    }
    expect(k.utils.getRegisteredObject('f')).toBe(null);
  });

  it('a customObjectScope serves the model loaders and the config\'s functions too', () => {
    function tripled(x: tf.TensorLike) {
      return tf.mul(x, 3);
    }
    const model = new k.Sequential([k.Input([2]), new k.layers.Dense(1, { activation: tripled, kernelInitializer: 'ones' })]);
    const json = model.toJson();
    expect(() => k.models.modelFromJson(json)).toThrow(/Unknown function: 'tripled'/);
    const loaded = k.utils.customObjectScope({ tripled }, () => k.models.modelFromJson(json));
    loaded.setWeights(model.getWeights());
    expect(loaded.predict([[1, 2]]).arraySync()).toEqual([[9]]);
  });
});
