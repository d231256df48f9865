// `.keras` archives gradtape writes of models with the preprocessing layers and the layers added
// last (ConvLSTM1D/2D/3D, the adaptive and 3-D poolings, SpectralNormalization,
// ReversibleEmbedding, CategoryEncoding, Discretization, IntegerLookup, Hashing, the image
// preprocessing layers, SpatialDropout3D, RMSNormalization, GroupQueryAttention), loaded by
// Keras 3.15.1 with the TensorFlow backend (TF 2.21; IntegerLookup and Hashing need it) by
// scripts/keras_save_check.py: warnings were errors, Keras' predictions are gradtape's, and its own
// config.json of the loaded model differs from gradtape's only where Keras writes the same thing
// another way. The archive's config.json, model.weights.h5 and assets are byte for byte those Keras
// loaded (their SHA-256 is kept). An adapted IntegerLookup's vocabulary goes into the archive as
// Keras writes it (assets/<layer path>/vocabulary.txt; 'tf_idf' weights as 'idf_weights' in its
// weights group), and Keras' own archive of the model it loaded (keras_<case>.keras) loads in
// gradtape with the same vocabulary and predictions.
//
// To check the archives with Keras again (after a deliberate change of the format or the cases):
//   GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-save-layers.test.ts        # gradtape writes them
//   KERAS_BACKEND=tensorflow python scripts/keras_save_check.py keras-save-layers  # Keras loads them
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { readZip } from '../ts/io/zip';
import { expectClose, pattern, values } from './helpers/keras';
import { isAcceptedDifference } from './helpers/keras-save-check';

const L = tf.keras.layers;
const NAME = 'keras-save-layers';
const FIXTURES = join(__dirname, 'fixtures', NAME);
const WRITE = process.env.GRADTAPE_WRITE_FIXTURES === '1';
/** Where the archives go for the check script (not committed: their digests are). */
const WRITTEN = join(tmpdir(), `gradtape-${NAME}-fixtures`);
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-save-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());

/** What Keras made of a case's archive (scripts/keras_save_check.py). */
interface Expected {
  /** SHA-256 of the archive's config.json, model.weights.h5 and asset files that Keras loaded. */
  sha256: { config: string; weights: string; assets?: Record<string, string> };
  /** Keras' predictions on the case's inputs. */
  output: { shape: number[]; values: number[] };
  /** Where Keras' own config.json of the loaded model differs from gradtape's. */
  configDifferences: string[];
}
const expected = (WRITE ? {} : JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'))) as Record<string, Expected>;

interface Case {
  make: () => tf.keras.Model;
  inputs: () => tf.Tensor[];
  /** Whether the check script keeps Keras' own archive of the model it loaded (keras_<case>.keras). */
  keepKerasArchive?: boolean;
}

const floats = (shape: number[], phase: number): (() => tf.Tensor[]) => () => [pattern(shape, phase, 1.0)];
const ints = (rows: number[][]): (() => tf.Tensor[]) => () => [tf.constant(rows, 'int32')];
const sequential = (inputShape: number[], layers: tf.keras.layers.Layer[], dtype?: 'int32'): tf.keras.Model =>
  new tf.keras.Sequential([tf.keras.Input({ shape: inputShape, ...(dtype === undefined ? {} : { dtype }) }), ...layers]);
const adapted = (layer: tf.keras.layers.IntegerLookup, data: number[] | number[][]): tf.keras.layers.IntegerLookup => {
  layer.adapt(data);
  return layer;
};

const cases: Record<string, Case> = {
  // IntegerLookup: a learned vocabulary is an asset, a given one in the config.
  lookup_adapted: {
    make: () => sequential([4], [adapted(new L.IntegerLookup(), [7, 5, 7, 9, 5, 7, 3])], 'int32'),
    inputs: ints([[7, 5, 1, 3], [9, 9, 2, 7]]), keepKerasArchive: true,
  },
  lookup_adapted_mask: {
    make: () => sequential([4], [adapted(new L.IntegerLookup({ maskToken: 0, numOovIndices: 2, oovToken: -7 }), [[4, 8, 4, 0], [8, 6, 4, 11]])], 'int32'),
    inputs: ints([[4, 0, 8, 5], [11, 6, 13, 0]]), keepKerasArchive: true,
  },
  lookup_adapted_tf_idf: {
    make: () => sequential([3], [adapted(new L.IntegerLookup({ outputMode: 'tf_idf' }), [[7, 5, 7], [9, 5, 7], [3, 3, 3]])], 'int32'),
    inputs: ints([[7, 5, 1], [3, 3, 9]]), keepKerasArchive: true,
  },
  lookup_adapted_multi_hot: {
    make: () => sequential([3], [adapted(new L.IntegerLookup({ outputMode: 'multi_hot', maxTokens: 4 }), [1, 2, 2, 3, 3, 3, 4])], 'int32'),
    inputs: ints([[1, 2, 3], [4, 3, 3]]), keepKerasArchive: true,
  },
  lookup_given: {
    make: () => sequential([3], [new L.IntegerLookup({ vocabulary: [12, 36, 1138, 42] })], 'int32'),
    inputs: ints([[12, 1138, 42], [42, 1000, 36]]),
  },
  lookup_given_tf_idf: {
    make: () => sequential([3], [new L.IntegerLookup({ vocabulary: [12, 36, 42], idfWeights: [0.5, 1.5, 2.5], outputMode: 'tf_idf' })], 'int32'),
    inputs: ints([[12, 12, 42], [42, 1000, 36]]),
  },
  lookup_invert: {
    make: () => sequential([3], [new L.IntegerLookup({ vocabulary: [12, 36, 42], invert: true })], 'int32'),
    inputs: ints([[1, 2, 3], [0, 3, 1]]),
  },
  // The other preprocessing layers.
  category_encoding: { make: () => sequential([4], [new L.CategoryEncoding({ numTokens: 6, outputMode: 'count' })], 'int32'), inputs: ints([[0, 5, 5, 2], [1, 1, 1, 3]]) },
  category_encoding_one_hot: { make: () => sequential([1], [new L.CategoryEncoding({ numTokens: 4, outputMode: 'one_hot' })], 'int32'), inputs: ints([[3], [1]]) },
  discretization: { make: () => sequential([5], [new L.Discretization({ binBoundaries: [-0.5, 0, 0.5] })]), inputs: floats([2, 5], 0.3) },
  discretization_one_hot: { make: () => sequential([1], [new L.Discretization({ binBoundaries: [0], outputMode: 'one_hot' })]), inputs: floats([3, 1], 0.9) },
  hashing: { make: () => sequential([4], [new L.Hashing({ numBins: 5 })], 'int32'), inputs: ints([[0, 17, 3, -4], [99, 1, 2, 3]]) },
  hashing_salt_mask: { make: () => sequential([4], [new L.Hashing({ numBins: 6, maskValue: 0, salt: 11 })], 'int32'), inputs: ints([[0, 17, 3, -4], [99, 1, 2, 3]]) },
  hashing_multi_hot: { make: () => sequential([3], [new L.Hashing({ numBins: 4, outputMode: 'multi_hot' })], 'int32'), inputs: ints([[5, 6, 7], [8, 8, 8]]) },
  images: {
    make: () => sequential([8, 8, 3], [
      new L.Resizing(6, 7, { interpolation: 'nearest' }), new L.CenterCrop(5, 6), new L.RandomFlip('horizontal', { seed: 3 }),
      new L.RandomContrast(0.3, { seed: 1 }), new L.RandomBrightness([-0.1, 0.2], { valueRange: [0, 1] }), new L.RandomRotation(0.2, { fillMode: 'constant' }),
      new L.RandomTranslation(0.1, [-0.2, 0.1], { interpolation: 'nearest' }), new L.RandomZoom(0.2, [-0.1, 0.3]), new L.RandomCrop(4, 4, { seed: 1 }),
    ]),
    inputs: floats([2, 8, 8, 3], 0.4),
  },
  images_channels_first: {
    make: () => sequential([3, 6, 5], [new L.Resizing(4, 4, { dataFormat: 'channels_first', cropToAspectRatio: true }), new L.CenterCrop(3, 2, { dataFormat: 'channels_first' }), new L.RandomFlip('vertical', { dataFormat: 'channels_first' })]),
    inputs: floats([2, 3, 6, 5], 1.1),
  },
  // Recurrent convolutions.
  conv_lstm_1d: { make: () => sequential([3, 6, 2], [new L.ConvLSTM1D(2, 3, { padding: 'same', returnSequences: true }), new L.ConvLSTM1D(3, 2, { strides: 2, goBackwards: true })]), inputs: floats([2, 3, 6, 2], 0.2) },
  conv_lstm_2d: { make: () => sequential([3, 4, 4, 1], [new L.ConvLSTM2D(2, [2, 3], { padding: 'same', recurrentActivation: 'hard_sigmoid' })]), inputs: floats([2, 3, 4, 4, 1], 0.5) },
  conv_lstm_3d: { make: () => sequential([2, 1, 3, 3, 3], [new L.ConvLSTM3D(2, 2, { dataFormat: 'channels_first', unitForgetBias: false })]), inputs: floats([2, 2, 1, 3, 3, 3], 0.7) },
  // Poolings.
  adaptive_1d: { make: () => sequential([8, 3], [new L.AdaptiveAveragePooling1D(5), new L.AdaptiveMaxPooling1D(2)]), inputs: floats([2, 8, 3], 0.1) },
  adaptive_2d: { make: () => sequential([2, 7, 5], [new L.AdaptiveMaxPooling2D([3, 2], { dataFormat: 'channels_first' }), new L.AdaptiveAveragePooling2D(2, { dataFormat: 'channels_first' })]), inputs: floats([2, 2, 7, 5], 0.6) },
  // (No output size 1: Keras' TensorFlow backend makes windows larger than the input for it, which
  // compiled predict rejects and TensorFlow 2.21's eager MaxPool3D dies of, a floating-point exception.)
  adaptive_3d: { make: () => sequential([5, 4, 6, 2], [new L.AdaptiveMaxPooling3D([3, 3, 4]), new L.AdaptiveAveragePooling3D(2)]), inputs: floats([2, 5, 4, 6, 2], 0.8) },
  pooling_3d: {
    make: () => sequential([4, 5, 4, 2], [new L.MaxPooling3D({ poolSize: [2, 2, 1], padding: 'same' }), new L.AveragePooling3D({ poolSize: 2, strides: 1 }), new L.SpatialDropout3D(0.3, { seed: 2 }), new L.GlobalMaxPooling3D({ keepdims: true }), new L.GlobalAveragePooling3D()]),
    inputs: floats([2, 4, 5, 4, 2], 1.3),
  },
  pooling_3d_channels_first: {
    make: () => sequential([2, 4, 4, 4], [new L.AveragePooling3D({ dataFormat: 'channels_first' }), new L.MaxPooling3D({ poolSize: 1, dataFormat: 'channels_first' }), new L.GlobalMaxPooling3D({ dataFormat: 'channels_first' })]),
    inputs: floats([2, 2, 4, 4, 4], 0.25),
  },
  // Normalizations, embeddings, attention.
  spectral_normalization: {
    make: () => sequential([4, 4, 2], [new L.SpectralNormalization(new L.Conv2D(2, 2, { activation: 'relu' }), { powerIterations: 2 }), new L.Flatten(), new L.SpectralNormalization(new L.Dense(3))]),
    inputs: floats([2, 4, 4, 2], 0.35),
  },
  rms_normalization: { make: () => sequential([3, 4], [new L.RMSNormalization({ epsilon: 0.01 }), new L.RMSNormalization({ axis: [-1, -2] })]), inputs: floats([2, 3, 4], 0.45) },
  reversible_embedding: { make: () => sequential([5], [new L.ReversibleEmbedding(7, 3)], 'int32'), inputs: ints([[1, 2, 3, 4, 5], [6, 0, 0, 6, 2]]) },
  reversible_embedding_untied: { make: () => sequential([4], [new L.ReversibleEmbedding(6, 2, { tieWeights: false, logitSoftCap: 0.5 })], 'int32'), inputs: ints([[1, 2, 3, 4], [5, 0, 0, 5]]) },
  group_query_attention: {
    make: () => {
      const q = tf.keras.Input({ shape: [3, 4], name: 'query' });
      const v = tf.keras.Input({ shape: [5, 4], name: 'value' });
      const gqa = new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2 });
      return new tf.keras.Model({ inputs: [q, v], outputs: gqa(q, v) as tf.keras.KerasTensor });
    },
    inputs: () => [pattern([2, 3, 4], 0.5, 1.0), pattern([2, 5, 4], 1.3, 1.0)],
  },
};
const names = Object.keys(cases);

/** A case's model with weights set here: 0.3 · sin(0.7 · i + 0.9 + 0.5 · k) for its k-th weight. */
function modelOf(name: string): tf.keras.Model {
  tf.keras.backend.clearSession();
  const model = cases[name]!.make();
  model.setWeights(model.weights.map((w, k) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const v = Array.from({ length: n }, (_, i) => 0.3 * Math.sin(0.7 * i + 0.9 + 0.5 * k));
    return tf.reshape(tf.constant(v, w.dtype), w.shape);
  }));
  return model;
}

const predict = (model: tf.keras.Model, name: string): tf.Tensor => {
  const inputs = cases[name]!.inputs();
  return model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
};

const members = (bytes: Uint8Array): Map<string, Uint8Array> => new Map([...readZip(bytes, null)].map(([name, m]) => [name, m.read()]));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => values(w));

if (WRITE) {
  it('writes every case\'s archive and inputs for scripts/keras_save_check.py', () => {
    rmSync(WRITTEN, { recursive: true, force: true });
    mkdirSync(WRITTEN, { recursive: true });
    const request: Record<string, unknown> = {};
    const asData = (t: tf.Tensor): { shape: number[]; dtype: string; values: number[] } => ({ shape: t.shape, dtype: t.dtype, values: values(t) });
    for (const name of names) {
      modelOf(name).save(join(WRITTEN, `${name}.keras`));
      request[name] = { inputs: cases[name]!.inputs().map(asData), fit: null, untrainedOptimizer: false, keepKerasArchive: cases[name]!.keepKerasArchive ?? false };
    }
    writeFileSync(join(WRITTEN, 'request.json'), JSON.stringify(request));
  });
} else {
  describe.each(names)('%s', (name) => {
    it('writes the archive Keras loaded, and Keras predicted as gradtape does', () => {
      const model = modelOf(name);
      const archive = members(model.toBytes({ format: 'keras' }));
      const assets = [...archive.keys()].filter((n) => n.startsWith('assets/'));
      expect([...archive.keys()]).toEqual(['metadata.json', 'config.json', 'model.weights.h5', ...assets]);
      const digests = { config: sha256(archive.get('config.json')!), weights: sha256(archive.get('model.weights.h5')!), ...(assets.length > 0 ? { assets: Object.fromEntries(assets.map((n) => [n, sha256(archive.get(n)!)])) } : {}) };
      expect(digests).toEqual(expected[name]!.sha256);
      const out = predict(model, name);
      expect(out.shape).toEqual(expected[name]!.output.shape);
      expectClose(out, expected[name]!.output.values, name);
    });

    it('differs from Keras\' own config.json of the loaded model only where Keras writes the same thing another way', () => {
      for (const difference of expected[name]!.configDifferences) expect(difference, 'an unexpected difference').toSatisfy(isAcceptedDifference);
    });

    it('loads back into gradtape: the same predictions and weights', () => {
      const model = modelOf(name);
      const path = join(scratch, `${name}.keras`);
      model.save(path);
      const loaded = tf.keras.models.loadModel(path);
      expect(values(predict(loaded, name))).toEqual(values(predict(model, name)));
      expect(weightsOf(loaded)).toEqual(weightsOf(model));
    });

    if (cases[name]!.keepKerasArchive === true) it('Keras\' own archive of the model it loaded loads in gradtape: the same vocabulary and predictions', () => {
      const model = modelOf(name);
      const loaded = tf.keras.models.loadModel(join(FIXTURES, `keras_${name}.keras`));
      const vocabulary = (m: tf.keras.Model): unknown => (m.layers[0] as tf.keras.layers.IntegerLookup).getVocabulary();
      expect(vocabulary(loaded)).toEqual(vocabulary(model));
      expect((loaded.layers[0] as tf.keras.layers.IntegerLookup).idfWeights).toEqual((model.layers[0] as tf.keras.layers.IntegerLookup).idfWeights);
      expectClose(predict(loaded, name), expected[name]!.output.values, `${name} from Keras' archive`);
    });
  });
}
