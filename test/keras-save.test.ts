// Keras 3 `.keras` archives written by gradtape (ts/models/keras-archive.ts, keras-model-config.ts,
// keras-optimizer-state.ts, ts/io/zip-writer.ts): model.save('m.keras') and
// model.toBytes({format: 'keras'}). For every case (Sequential and functional models over the
// layers gradtape reads from Keras' configs, compiled models trained with each optimizer), Keras
// 3.15.1 loaded the archive gradtape writes here with `keras.saving.load_model`
// (scripts/keras_save_check.py): warnings were errors, its predictions are gradtape's, a compiled
// model's next epoch of fit from the optimizer state in the file is gradtape's, and its own
// config.json of the loaded model differs from gradtape's only as listed below. The archive's
// config.json and model.weights.h5 are byte for byte those Keras loaded (their SHA-256 is kept).
// The archives also load back into gradtape: the same predictions, and the same next epoch of fit.
//
// To check the archives with Keras again (after a deliberate change of the format or the cases):
//   GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-save.test.ts    # gradtape writes them
//   KERAS_BACKEND=jax python scripts/keras_save_check.py                # Keras loads them
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';
import { readZip } from '../ts/io/zip';
import { writeZip } from '../ts/io/zip-writer';
import { expectClose, pattern, values } from './helpers/keras';
import { architectures } from './helpers/keras-architectures';
import { isAcceptedDifference } from './helpers/keras-save-check';

const L = tf.keras.layers;
const O = tf.keras.optimizers;
const FIXTURES = join(__dirname, 'fixtures', 'keras-save');
const WRITE = process.env.GRADTAPE_WRITE_FIXTURES === '1';
/** Where the archives go for the check script (not committed: their digests are). */
const WRITTEN = join(tmpdir(), 'gradtape-keras-save-fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-save-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());

/** What Keras made of a case's archive (scripts/keras_save_check.py). */
interface Expected {
  /** SHA-256 of the archive's config.json and model.weights.h5 that Keras loaded. */
  sha256: { config: string; weights: string };
  /** Keras' predictions on the case's inputs. */
  output: { shape: number[]; values: number[] };
  /** A compiled case's: the optimizer's iterations as loaded, and the predictions after one more epoch of fit. */
  iterations?: number;
  afterFit?: number[];
  /** Where Keras' own config.json of the loaded model differs from gradtape's: 'path: gradtape's value | Keras' value'. */
  configDifferences: string[];
  /** The case's model as Keras saved it after its fit (keras_<case>.keras): its iterations, and Keras' predictions after one more epoch. */
  kerasArchive?: { iterations: number; afterFit: number[] };
}
const expected = (WRITE ? {} : JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'))) as Record<string, Expected>;

interface Case {
  make: () => tf.keras.Model;
  inputs: () => tf.Tensor[];
  /** How a compiled case is compiled; it is trained 2 epochs on `data` before saving, then 1 more after loading. */
  compile?: () => tf.CompileOptions;
  data?: () => [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]];
}

const inputOf = (shape: number[], phase: number): (() => tf.Tensor[]) => () => [pattern(shape, phase, 1.0)];

/** A small model for the optimizer cases: every optimizer's slots of a kernel and a bias, twice. */
const small = (): tf.keras.Model => new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(4, { activation: 'tanh' }), new L.Dense(2)]);
const smallData = (): [tf.Tensor, tf.Tensor] => [pattern([6, 3], 0.4, 1.0), pattern([6, 2], 1.9, 1.0)];
const optimizerCase = (optimizer: () => tf.keras.optimizers.Optimizer): Case => ({
  make: small, inputs: inputOf([3, 3], 0.7), compile: () => ({ optimizer: optimizer(), loss: 'mse' }), data: smallData,
});

const cases: Record<string, Case> = {
  // The Keras file fixtures' architectures (test/helpers/keras-architectures.ts).
  mlp: { make: architectures.mlp!, inputs: inputOf([3, 4], 0.1) },
  cnn: { make: architectures.cnn!, inputs: inputOf([2, 6, 6, 2], 0.2) },
  rnn: { make: architectures.rnn!, inputs: inputOf([2, 5, 3], 0.4) },
  two_inputs: { make: architectures.two_inputs!, inputs: () => [pattern([3, 3], 0.5, 1.0), pattern([3, 2], 0.9, 1.0)] },
  embedding: { make: architectures.embedding!, inputs: () => [tf.constant([[1, 2, 3, 4, 5], [9, 0, 0, 7, 2]], 'int32')] },
  attention: { make: architectures.attention!, inputs: inputOf([2, 4, 6], 0.7) },
  conv_variants: { make: architectures.conv_variants!, inputs: inputOf([2, 5, 5, 2], 0.8) },
  rnn_cells: { make: architectures.rnn_cells!, inputs: inputOf([2, 4, 3], 1.2) },
  volumes: {
    make: () => new tf.keras.Sequential([
      tf.keras.Input([3, 4, 5, 2]), new L.ZeroPadding3D({ padding: [[1, 0], 1, [0, 2]] }), new L.UpSampling3D({ size: [1, 2, 1] }),
      new L.Cropping3D({ cropping: [[1, 1], [0, 3], 2] }), new L.Conv3D(2, 2), new L.Conv3DTranspose(2, 2, { strides: 2 }),
    ]),
    inputs: inputOf([2, 3, 4, 5, 2], 1.5),
  },
  sequences: {
    make: () => new tf.keras.Sequential([
      tf.keras.Input([6, 3]), new L.Conv1D(4, 2, { padding: 'causal', activation: 'elu' }),
      new L.ZeroPadding1D({ padding: [1, 0] }), new L.Cropping1D({ cropping: [0, 1] }), new L.UpSampling1D({ size: 2 }),
      new L.MaxPooling1D({ poolSize: 2 }), new L.SeparableConv1D(3, 2, { padding: 'same' }), new L.DepthwiseConv1D(2, { padding: 'same' }),
      new L.Conv1DTranspose(3, 2), new L.AveragePooling1D({ poolSize: 2 }), new L.SpatialDropout1D(0.3), new L.LeakyReLU({ negativeSlope: 0.2 }),
      new L.TimeDistributed(new L.Dense(3)), new L.Permute([2, 1]), new L.Reshape([9]), new L.RepeatVector(2), new L.GlobalMaxPooling1D(), new L.ELU({ alpha: 0.5 }),
    ]),
    inputs: inputOf([2, 6, 3], 0.3),
  },
  masked_rnn: {
    make: () => new tf.keras.Sequential([
      tf.keras.Input([5, 2]), new L.Masking({ maskValue: 0 }), new L.GRU(3, { returnSequences: true, resetAfter: false }),
      new L.LSTM(2, { goBackwards: true, unitForgetBias: false }), new L.Softmax(),
    ]),
    inputs: () => [tf.concat([pattern([2, 3, 2], 0.6, 1.0), tf.zeros([2, 2, 2])], 1)],
  },
  merges: {
    make: () => {
      const a = tf.keras.Input([4], { name: 'a' });
      const b = tf.keras.Input([4], { name: 'b' });
      const apply = (layer: tf.keras.layers.Layer, x: tf.keras.KerasTensor | tf.keras.KerasTensor[]): tf.keras.KerasTensor => layer.apply(x) as tf.keras.KerasTensor;
      const merged = [new L.Subtract(), new L.Multiply(), new L.Average(), new L.Maximum(), new L.Minimum()].map((layer) => apply(layer, [a, b]));
      const dot = apply(new L.Dot(1, { normalize: true }), [a, b]);
      const joined = apply(new L.Concatenate({ axis: -1 }), [...merged, dot]);
      let x = apply(new L.Activation('swish'), joined);
      x = apply(new L.ReLU({ maxValue: 1.5, negativeSlope: 0.1 }), x);
      x = apply(new L.Rescaling(0.5, { offset: 0.1 }), x);
      x = apply(new L.EinsumDense('ab,bc->ac', 3, { biasAxes: 'c' }), x);
      x = apply(new L.UnitNormalization(), x);
      x = apply(new L.ActivityRegularization({ l1: 0.01 }), x);
      x = apply(new L.GaussianNoise(0.1), x);
      x = apply(new L.GaussianDropout(0.1), x);
      x = apply(new L.AlphaDropout(0.1), x);
      x = apply(new L.Identity(), x);
      x = apply(new L.Normalization({ mean: [0.1, 0.2, 0.3], variance: [1, 2, 3] }), x);
      return new tf.keras.Model({ inputs: [a, b], outputs: x });
    },
    inputs: () => [pattern([3, 4], 0.2, 1.0), pattern([3, 4], 1.1, 1.0)],
  },
  attentions: {
    make: () => {
      const q = tf.keras.Input([3, 4], { name: 'query' });
      const v = tf.keras.Input([5, 4], { name: 'value' });
      const dot = new L.Attention({ useScale: true }).apply([q, v]) as tf.keras.KerasTensor;
      const additive = new L.AdditiveAttention().apply([q, v, v]) as tf.keras.KerasTensor;
      const mha = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: [4] })(q, v, v);
      return new tf.keras.Model({ inputs: [q, v], outputs: new L.Add().apply([dot, additive, mha]) as tf.keras.KerasTensor });
    },
    inputs: () => [pattern([2, 3, 4], 0.5, 1.0), pattern([2, 5, 4], 1.3, 1.0)],
  },
  images: {
    make: () => new tf.keras.Sequential([
      tf.keras.Input([7, 6, 2]), new L.ZeroPadding2D({ padding: [[1, 0], [0, 1]] }), new L.Cropping2D({ cropping: [[0, 1], [1, 0]] }),
      new L.Conv2D(3, [3, 2], { strides: [2, 1], dilationRate: 1, padding: 'same', useBias: false }), new L.BatchNormalization({ center: false, epsilon: 0.01 }),
      new L.AveragePooling2D({ poolSize: 2, padding: 'same' }), new L.SpatialDropout2D(0.2), new L.GlobalAveragePooling2D({ keepdims: true }), new L.Flatten(),
    ]),
    inputs: inputOf([2, 7, 6, 2], 0.9),
  },
  options: {
    make: () => new tf.keras.Sequential([
      tf.keras.Input([5], { name: 'features' }),
      new L.Dense(4, {
        activation: 'gelu', kernelInitializer: new tf.keras.initializers.HeNormal({ seed: 3 }), biasInitializer: 'ones',
        kernelRegularizer: new tf.keras.regularizers.L1L2({ l1: 0.01, l2: 0.02 }), biasRegularizer: 'l2', activityRegularizer: new tf.keras.regularizers.L1(0.001),
        kernelConstraint: new tf.keras.constraints.MaxNorm({ maxValue: 2 }), biasConstraint: 'nonNeg', name: 'hidden',
      }),
      new L.LayerNormalization({ epsilon: 1e-5, center: false }),
      new L.Dense(3, { activation: 'log_softmax', useBias: false, trainable: false }),
    ]),
    inputs: inputOf([2, 5], 0.35),
  },
  conv_batchnorm: {
    make: () => new tf.keras.Sequential([
      // (No bias before the normalization: its gradient is 0 but for rounding, which Adam's first
      // steps would turn into whole steps, different in Keras and here.)
      tf.keras.Input([6, 6, 2]), new L.Conv2D(4, 3, { padding: 'same', useBias: false }), new L.BatchNormalization(), new L.ReLU(),
      new L.MaxPooling2D({ poolSize: 2 }), new L.Flatten(), new L.Dense(3),
    ]),
    inputs: inputOf([2, 6, 6, 2], 0.3),
    compile: () => ({ optimizer: new O.Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] }),
    data: () => [pattern([4, 6, 6, 2], 0.1, 1.0), pattern([4, 3], 2.2, 1.0)],
  },
  compiled_functional: {
    make: () => {
      const x = tf.keras.Input([3], { name: 'x' });
      const h = new L.Dense(4, { activation: 'relu', name: 'shared' }).apply(x) as tf.keras.KerasTensor;
      const score = new L.Dense(1, { name: 'score' }).apply(h) as tf.keras.KerasTensor;
      const probs = new L.Dense(2, { activation: 'softmax', name: 'probs' }).apply(h) as tf.keras.KerasTensor;
      return new tf.keras.Model({ inputs: x, outputs: [score, probs] });
    },
    inputs: inputOf([3, 3], 0.45),
    compile: () => ({
      optimizer: new O.RMSprop({ learningRate: 0.02, momentum: 0.5, centered: true }),
      loss: [new tf.keras.losses.MeanSquaredError(), 'categorical_crossentropy'], lossWeights: [1, 0.5],
      metrics: [['mae'], ['accuracy']],
    }),
    data: () => [pattern([6, 3], 0.2, 1.0), [pattern([6, 1], 0.9, 1.0), tf.oneHot(tf.constant([0, 1, 1, 0, 1, 0], 'int32'), 2)]],
  },
  compiled_schedule: optimizerCase(() => new O.Adam({ learningRate: new O.schedules.ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 2, decayRate: 0.5 }) })),
  // (An integral learning rate and FBetaScore's beta and threshold: Python floats, as Keras checks.)
  compiled_untrained: { make: small, inputs: inputOf([3, 3], 0.7), compile: () => ({ optimizer: new O.Adam({ learningRate: 1 }), loss: 'mae', metrics: [new tf.keras.metrics.FBetaScore({ beta: 2, threshold: 1 })] }) },
  sgd: optimizerCase(() => new O.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })),
  sgd_plain: optimizerCase(() => new O.SGD({ learningRate: 0.05 })),
  adam: optimizerCase(() => new O.Adam({ learningRate: 0.05 })),
  adam_amsgrad: optimizerCase(() => new O.Adam({ learningRate: 0.05, amsgrad: true })),
  adamw: optimizerCase(() => new O.AdamW({ learningRate: 0.05, weightDecay: 0.1, beta1: 0.8 })),
  nadam_ema: optimizerCase(() => new O.Nadam({ learningRate: 0.05, useEma: true, emaMomentum: 0.9 })),
  rmsprop: optimizerCase(() => new O.RMSprop({ learningRate: 0.05 })),
  adagrad: optimizerCase(() => new O.Adagrad({ learningRate: 0.05 })),
  adadelta: optimizerCase(() => new O.Adadelta({ learningRate: 0.5 })),
  adamax_accumulated: optimizerCase(() => new O.Adamax({ learningRate: 0.05, gradientAccumulationSteps: 2 })),
  lion: optimizerCase(() => new O.Lion({ learningRate: 0.01 })),
  ftrl: optimizerCase(() => new O.Ftrl({ learningRate: 0.1, l1RegularizationStrength: 0.01 })),
  lamb: optimizerCase(() => new O.Lamb({ learningRate: 0.05, clipnorm: 1 })),
  adafactor: optimizerCase(() => new O.Adafactor({ learningRate: 0.05 })),
  // (Muon keeps no velocity for the kernels it orthogonalises: only for the biases.)
  muon: optimizerCase(() => new O.Muon({ learningRate: 0.05 })),
  schedule_free_adamw: optimizerCase(() => new O.ScheduleFreeAdamW({ learningRate: 0.05, warmupSteps: 2 })),
};
const names = Object.keys(cases);

/** A case's model with weights set here: 0.3 · sin(0.7 · i + 0.9 + 0.5 · k) for its k-th weight,
 * variances kept positive; a compiled case compiled and trained 2 epochs (batches of 2, in order). */
function modelOf(name: string): tf.keras.Model {
  tf.keras.backend.clearSession();
  const c = cases[name]!;
  const model = c.make();
  model.setWeights(model.weights.map((w, k) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const v = Array.from({ length: n }, (_, i) => 0.3 * Math.sin(0.7 * i + 0.9 + 0.5 * k));
    return tf.reshape(tf.constant(/variance/.test(w.name) ? v.map((x) => 0.5 + Math.abs(x)) : v, w.dtype), w.shape);
  }));
  if (c.compile !== undefined) {
    model.compile(c.compile());
    if (c.data !== undefined) fitOnce(model, name, 2);
  }
  return model;
}

/** `epochs` of fit on the case's data: batches of 2, not shuffled (the check script's fit). With
 * `useEma`, fit ends with the variables at their moving averages, as Keras' fit. */
function fitOnce(model: tf.keras.Model, name: string, epochs = 1): void {
  const [x, y] = cases[name]!.data!();
  model.fit(x, y, { epochs, batchSize: 2, shuffle: false });
}

const predict = (model: tf.keras.Model, name: string): tf.Tensor => {
  const inputs = cases[name]!.inputs();
  const out = model.predict(inputs.length === 1 ? inputs[0]! : inputs);
  // (A model of two outputs: Keras' predictions of both, flat, one after the other.)
  return Array.isArray(out) ? tf.concat(out.map((t) => tf.reshape(t, [-1])), 0) : out as tf.Tensor;
};

const members = (bytes: Uint8Array): Map<string, Uint8Array> => new Map([...readZip(bytes, null)].map(([name, m]) => [name, m.read()]));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => values(w));

// ---------------------------------------------------------------------------------------------
if (WRITE) {
  it('writes every case\'s archive, inputs and data for scripts/keras_save_check.py', () => {
    rmSync(WRITTEN, { recursive: true, force: true });
    mkdirSync(WRITTEN, { recursive: true });
    const request: Record<string, unknown> = {};
    const asData = (t: tf.Tensor): { shape: number[]; dtype: string; values: number[] } => ({ shape: t.shape, dtype: t.dtype, values: values(t) });
    for (const name of names) {
      const model = modelOf(name);
      model.save(join(WRITTEN, `${name}.keras`));
      const c = cases[name]!;
      const data = c.data?.();
      const list = (v: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(v) ? v : [v]);
      request[name] = {
        inputs: c.inputs().map(asData),
        fit: data === undefined ? null : { x: list(data[0]).map(asData), y: list(data[1]).map(asData) },
        untrainedOptimizer: c.compile !== undefined && c.data === undefined,
      };
    }
    writeFileSync(join(WRITTEN, 'request.json'), JSON.stringify(request));
  });
} else {
  describe.each(names)('%s', (name) => {
    it('writes the archive Keras loaded, and Keras predicted as gradtape does', () => {
      const model = modelOf(name);
      const archive = members(model.toBytes({ format: 'keras' }));
      expect([...archive.keys()]).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
      const metadata = JSON.parse(new TextDecoder().decode(archive.get('metadata.json'))) as Record<string, string>;
      expect(Object.keys(metadata)).toEqual(['keras_version', 'date_saved']);
      expect(metadata.keras_version).toBe('3.15.1');
      expect(metadata.date_saved).toMatch(/^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);
      expect({ config: sha256(archive.get('config.json')!), weights: sha256(archive.get('model.weights.h5')!) }).toEqual(expected[name]!.sha256);
      const out = predict(model, name);
      expect(out.shape).toEqual(expected[name]!.output.shape);
      expectClose(out, expected[name]!.output.values, name);
    });

    it('differs from Keras\' own config.json of the loaded model only where Keras writes the same thing another way', () => {
      for (const difference of expected[name]!.configDifferences) expect(difference, 'an unexpected difference').toSatisfy(isAcceptedDifference);
    });

    it('loads back into gradtape: the same predictions, compiled as saved', () => {
      const model = modelOf(name);
      const path = join(scratch, `${name}.keras`);
      model.save(path);
      const loaded = tf.keras.models.loadModel(path);
      expect(values(predict(loaded, name))).toEqual(values(predict(model, name)));
      expect(weightsOf(loaded)).toEqual(weightsOf(model));
      expect(loaded.compiled).toBe(model.compiled);
      if (model.compiled) {
        expect(loaded.optimizer!.constructor).toBe(model.optimizer!.constructor);
        expect(loaded.optimizer!.iterations).toBe(model.optimizer!.iterations);
        expect(loaded.optimizer!.iterations).toBe(expected[name]!.iterations);
      }
    });

    if (cases[name]!.data !== undefined) it('resumes training as the saved model would, and as Keras does from the same file', () => {
      const model = modelOf(name);
      const loaded = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
      fitOnce(model, name);
      fitOnce(loaded, name);
      expect(weightsOf(loaded)).toEqual(weightsOf(model));
      expectClose(predict(loaded, name), expected[name]!.afterFit!, `${name} after fit`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
if (!WRITE) describe('Keras\' own archive of a model trained on in Keras', () => {
  it('loads with its optimizer state, and trains on as Keras does', () => {
    const model = tf.keras.models.loadModel(join(FIXTURES, 'keras_adam_amsgrad.keras'));
    const want = expected.adam_amsgrad!.kerasArchive!;
    expect(model.optimizer).toBeInstanceOf(O.Adam);
    expect((model.optimizer as tf.keras.optimizers.Adam).amsgrad).toBe(true);
    expect(model.optimizer!.iterations).toBe(want.iterations);
    expectClose(predict(model, 'adam_amsgrad'), expected.adam_amsgrad!.afterFit!, 'as Keras saved it');
    fitOnce(model, 'adam_amsgrad');
    expectClose(predict(model, 'adam_amsgrad'), want.afterFit, 'one more epoch');
  });

  it('reads Muon\'s state in Keras\' layout (a velocity for the AdamW variables only), and trains on as Keras does', () => {
    const model = tf.keras.models.loadModel(join(FIXTURES, 'keras_muon.keras'));
    const want = expected.muon!.kerasArchive!;
    expect(model.optimizer).toBeInstanceOf(O.Muon);
    expect(model.optimizer!.iterations).toBe(want.iterations);
    expectClose(predict(model, 'muon'), expected.muon!.afterFit!, 'as Keras saved it');
    fitOnce(model, 'muon');
    expectClose(predict(model, 'muon'), want.afterFit, 'one more epoch');
  });

  it('an optimizer state that does not fit the compiled optimizer is skipped with Keras\' warning', () => {
    const archive = members(readFileSync(join(FIXTURES, 'keras_adam_amsgrad.keras')));
    const config = JSON.parse(new TextDecoder().decode(archive.get('config.json'))) as { compile_config: { optimizer: { config: Record<string, unknown> } } };
    config.compile_config.optimizer.config.amsgrad = false; // 2 slots a variable where the file has 3
    const edited = writeZip([...archive].map(([name, bytes]) => [name, name === 'config.json' ? new TextEncoder().encode(JSON.stringify(config)) : bytes]));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const model = tf.keras.models.fromBytes(edited);
      expect(warn).toHaveBeenCalledWith("Skipping variable loading for optimizer 'adam', because it has 10 variables whereas the saved optimizer has 14 variables.");
      expect(model.optimizer!.iterations).toBe(0);
      expectClose(predict(model, 'adam_amsgrad'), expected.adam_amsgrad!.afterFit!, 'the weights load all the same');
    } finally {
      warn.mockRestore();
    }
  });
});

if (!WRITE) describe('what cannot be written as a .keras archive', () => {
  const where = "save the model in gradtape's own format instead (a path ending in '.gtkeras'), or its weights alone for the same model built in Python Keras (a path ending in '.weights.h5').";
  class Scale extends L.Layer {
    override call(x: tf.Tensor): tf.Tensor {
      return tf.mul(x, 2);
    }
  }

  it('a layer class of your own, a subclassed model, a Lambda layer, named for the error', () => {
    const custom = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2), new tf.keras.Sequential([new Scale()])]);
    expect(() => custom.toBytes({ format: 'keras' })).toThrow(`keras.Sequential.toBytes: cannot write a Keras .keras archive: layer 'scale' is a Scale, a class of your own, which Keras cannot make; ${where}`);
    class Net extends tf.keras.Model {
      readonly dense = new L.Dense(1);
      override call(x: tf.Tensor): tf.Tensor {
        return this.dense.apply(x) as tf.Tensor;
      }
    }
    const net = new Net({ name: 'net' });
    net.predict([[1, 2]]);
    expect(() => net.toBytes({ format: 'keras' })).toThrow(`keras.Net.toBytes: cannot write a Keras .keras archive: the model 'net' is a Net, a class of your own, which Keras cannot make; ${where}`);
    const lambda = new tf.keras.Sequential([tf.keras.Input([2]), new L.Lambda((x: tf.Tensor) => tf.neg(x), { name: 'negate' })]);
    expect(() => lambda.toBytes({ format: 'keras' })).toThrow(`keras.Sequential.toBytes: cannot write a Keras .keras archive: layer 'negate' is a Lambda layer, whose JavaScript function Keras cannot run; ${where}`);
    // They all save in gradtape's format.
    expect(tf.keras.models.fromBytes(custom.toBytes(), { customObjects: { Scale } }).countParams()).toBe(6);
  });

  it('functions of your own: an activation, a loss, a metric', () => {
    const twice = (x: tf.Tensor): tf.Tensor => tf.mul(x, 2);
    const model = new tf.keras.Sequential([tf.keras.Input([3, 2]), new L.TimeDistributed(new L.Dense(1, { activation: twice, name: 'inner' }))]);
    expect(() => model.toBytes({ format: 'keras' })).toThrow("keras.Sequential.toBytes: cannot write a Keras .keras archive: the activation of layer 'inner' is the function 'twice' of your own, which Keras cannot run; use a built-in one by name, or save in gradtape's own format (a path ending in '.gtkeras').");
    const squared = (y: tf.TensorLike, p: tf.TensorLike): tf.Tensor => tf.reduceMean(tf.square(tf.sub(y, p)));
    const compiled = (options: tf.CompileOptions): tf.keras.Model => {
      const m = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(1)]);
      m.compile(options);
      return m;
    };
    expect(() => compiled({ optimizer: 'adam', loss: squared }).toBytes({ format: 'keras' })).toThrow("keras.Sequential.toBytes: cannot write a Keras .keras archive: the compile config's loss is the function 'squared' of your own, which Keras cannot run; compile with a built-in one by name, or save in gradtape's own format (a path ending in '.gtkeras').");
    expect(() => compiled({ optimizer: 'adam', loss: 'mse', metrics: [squared] }).toBytes({ format: 'keras' })).toThrow("the compile config's metric is the function 'squared' of your own");
    const rate = (step: number): number => 0.1 / (1 + step);
    expect(() => compiled({ optimizer: new O.SGD({ learningRate: rate }), loss: 'mse' }).toBytes({ format: 'keras' })).toThrow("the learning_rate of the optimizer is the function 'rate' of your own");
  });

  it('an unbuilt model, another format, an existing file with overwrite: false; nothing is written', () => {
    expect(() => new tf.keras.Sequential([new L.Dense(2)]).save(join(scratch, 'unbuilt.keras'))).toThrow('keras.Sequential.save: You are saving a model that has not yet been built. Try building the model first by calling it on some data or by using `build()`.');
    const custom = new tf.keras.Sequential([tf.keras.Input([2]), new Scale()]);
    expect(() => custom.save(join(scratch, 'custom.keras'))).toThrow('a class of your own');
    expect(existsSync(join(scratch, 'unbuilt.keras')) || existsSync(join(scratch, 'custom.keras'))).toBe(false);
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    expect(() => model.toBytes({ format: 'zip' as never })).toThrow('keras.Sequential.toBytes: format must be \'gtkeras\' or \'keras\', got "zip".');
    const path = join(scratch, 'exists.keras');
    model.save(path);
    expect(() => model.save(path, { overwrite: false })).toThrow(/keras\.Sequential\.save: '.*exists\.keras' exists and overwrite is false\./);
    // (A '.KERAS' path is one too, as Keras' check of the extension.)
    model.save(join(scratch, 'upper.KERAS'));
    expect(tf.keras.models.loadModel(join(scratch, 'upper.KERAS')).countParams()).toBe(6);
  });
});

describe('the zip writer (ts/io/zip-writer.ts)', () => {
  it('stores members that the reader gives back, the same bytes for the same members', () => {
    const members: [string, Uint8Array][] = [['a.json', new TextEncoder().encode('{"x": 1}')], ['empty', new Uint8Array(0)], ['dir/ünïcode.bin', Uint8Array.of(0, 255, 7)]];
    const bytes = writeZip(members);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(writeZip(members)))).toBe(0);
    const read = readZip(bytes, null);
    expect([...read.keys()]).toEqual(members.map(([name]) => name));
    for (const [name, data] of members) {
      expect(read.get(name)!.method).toBe(0);
      expect(Array.from(read.get(name)!.read())).toEqual(Array.from(data));
    }
  });
});
