// tf.keras.layers.Embedding against Keras 3 (keras/src/layers/core/embedding.py and its test's
// numbers): rows of the table looked up by hand, the 'uniform' start, the gradient reaching only
// the rows looked up (repeated ids adding up), and a fit compiled and eager.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** An Embedding(4, 3) whose row r is [r, 10r, -r]. */
function givenEmbedding(): tf.keras.layers.Embedding {
  const layer = new L.Embedding(4, 3);
  layer.build([null]);
  layer.setWeights([[0, 1, 2, 3].map((r) => [r, 10 * r, -r])]);
  return layer;
}

describe('Embedding', () => {
  it("Keras' test_correctness: embeddings [[0, 0], [2, 2], [3, 3]] looked up at [2, 1, 0]", () => {
    const layer = new L.Embedding(3, 2);
    layer.build([null]);
    layer.embeddings!.assign([[0, 0], [2, 2], [3, 3]]);
    expect(layer([2, 1, 0]).arraySync()).toEqual([[3, 3], [2, 2], [0, 0]]);
  });

  it('[batch, length] ids give [batch, length, outputDim]: the rows at the ids, from int32 or float ids', () => {
    const layer = givenEmbedding();
    const ids = [[3, 0, 1], [1, 1, 2]];
    const want = ids.map((row) => row.map((r) => [r, 10 * r, -r]));
    expect(layer(ids).arraySync()).toEqual(want); // arrays reach the layer as float32 and are cast
    expect(layer(tf.constant(ids, 'int32')).arraySync()).toEqual(want);
    expect(layer(tf.constant([[[2.0]]], 'float64')).arraySync()).toEqual([[[[2, 20, -2]]]]);
    expect(layer.computeOutputShape([null, 7])).toEqual([null, 7, 3]);
    expect(layer(tf.constant(ids, 'int32')).dtype).toBe('float32');
  });

  it("starts uniform in [-0.05, 0.05) (Keras' 'uniform'), named in its scope; getConfig has Keras' keys", () => {
    const layer = new L.Embedding(50, 8);
    layer(tf.zeros([2, 3], 'int32'));
    expect(layer.weights.map((w) => [w.name, w.shape, w.trainable])).toEqual([['embedding/embeddings', [50, 8], true]]);
    const table = values(layer.embeddings!);
    expect(table.every((v) => v >= -0.05 && v < 0.05)).toBe(true);
    expect(Math.max(...table) - Math.min(...table)).toBeGreaterThan(0.09); // 400 draws spread over the interval
    expect((tf.keras.initializers.get('uniform') as tf.keras.initializers.RandomUniform).getConfig()).toEqual({ minval: -0.05, maxval: 0.05, seed: null });
    expect(new L.Embedding(10, 2, { name: 'e', embeddingsRegularizer: 'l2' }).getConfig()).toEqual({
      name: 'e', trainable: true, dtype: 'float32', inputDim: 10, outputDim: 2,
      embeddingsInitializer: { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
      embeddingsRegularizer: { className: 'L2', config: { l2: 0.01 } }, embeddingsConstraint: null, maskZero: false,
    });
  });

  it('the gradient reaches the rows looked up only, repeated ids adding up (by hand)', () => {
    const layer = givenEmbedding();
    const ids = [[1, 3, 1], [0, 1, 3]];
    const w = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[-1, -2, -3], [0.5, 0.5, 0.5], [2, 2, 2]]];
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.mul(layer(ids), w)));
    const want = [0, 1, 2, 3].map((r) => [0, 1, 2].map((j) => ids.flat().reduce((s, id, k) => s + (id === r ? w.flat()[k]![j]! : 0), 0)));
    expect(tape.gradient(loss, layer.embeddings!)!.arraySync()).toEqual(want); // row 2 is never looked up: zeros
    expect(want[2]).toEqual([0, 0, 0]);
    expect(want[1]).toEqual([8.5, 10.5, 12.5]);
  });

  it('learns a table with fit: compiled steps and runEagerly give the same history and weights', () => {
    // Each id's target is a fixed vector; the table learns it.
    const ids = tf.constant([[0], [1], [2], [3], [4], [5], [1], [3]], 'int32');
    const targets = tf.constant([[1, 0], [0, 1], [1, 1], [-1, 0], [0, -1], [0.5, 0.5], [0, 1], [-1, 0]]).reshape([8, 1, 2]);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      tf.random.setSeed(4);
      const model = new tf.keras.Sequential([tf.keras.Input([1]), new L.Embedding(6, 2)]);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.1 }), loss: 'mse', runEagerly });
      const history = model.fit(ids, targets, { epochs: 60, batchSize: 3 });
      return { history: history.history, weights: model.getWeights().map((w) => values(w)) };
    };
    const eager = run(true);
    expect(eager.history.loss!.at(-1)!).toBeLessThan(1e-3);
    eager.weights[0]!.slice(2, 4).forEach((v, i) => expect(v).toBeCloseTo([0, 1][i]!, 1)); // row 1
    expect(run(false)).toEqual(eager);
  });

  it("an int32 Input for token ids (Keras' Input(dtype='int32')): its KerasTensor, config, and float ids converted to int32", () => {
    tf.keras.backend.clearSession();
    const ids = tf.keras.Input([3], { dtype: 'int32', name: 'tokens' });
    expect([ids.dtype, ids.name, String(ids)]).toEqual(['int32', 'tokens', '<KerasTensor shape=(None, 3), dtype=int32, sparse=False, name=tokens>']);
    // The object form takes Keras' keywords (and TensorFlow.js's tf.input options).
    const same = tf.keras.Input({ shape: [3], dtype: 'int32' });
    expect([same.shape, same.dtype]).toEqual([[null, 3], 'int32']);
    expect(tf.keras.Input({ batchShape: [2, 3], dtype: 'bool' }).shape).toEqual([2, 3]);
    const model = new tf.keras.Model({ inputs: ids, outputs: new L.Embedding(4, 2)(ids) });
    model.setWeights([tf.constant([[0, 1], [2, 3], [4, 5], [6, 7]])]);
    const want = [[[4, 5], [0, 1], [6, 7]]];
    expect(model.predict(tf.constant([[2, 0, 3]], 'int32')).arraySync()).toEqual(want);
    expect(model.predict([[2, 0, 3]]).arraySync()).toEqual(want); // numbers: converted to the Input's int32
    const config = model.getConfig() as { layers: { className: string; config: { dtype: string } }[] };
    expect(config.layers[0]!).toMatchObject({ className: 'InputLayer', config: { dtype: 'int32' } });
    const rebuilt = tf.keras.Model.fromConfig(config) as tf.keras.Model;
    expect((rebuilt.inputs as tf.keras.KerasTensor).dtype).toBe('int32');
    expect(() => tf.keras.Input([3], { dtype: 'int64' as never })).toThrow(/gradtape has no int64 dtype, only .float32., .float64., .int32. and .bool.: use .int32./);
    expect(() => tf.keras.Input({ shap: [3] } as never)).toThrow(/keras.Input: unknown option 'shap'; the options are shape, batchShape/);
  });

  it("maskZero: the output carries the mask ids != 0 (Keras' compute_mask); without it, no mask and no masking support", () => {
    const padded = new L.Embedding(4, 2, { maskZero: true });
    const ids = tf.constant([[2, 0, 3], [0, 0, 1]], 'int32');
    const out = padded(ids);
    expect(out.kerasMask!.arraySync()).toEqual([[true, false, true], [false, false, true]]);
    expect(padded.computeMask(ids, null)!.arraySync()).toEqual(out.kerasMask!.arraySync());
    expect(padded.supportsMasking).toBe(true);
    expect(padded.getConfig().maskZero).toBe(true);
    const plain = new L.Embedding(4, 2);
    expect(plain(ids).kerasMask).toBeNull();
    expect(plain.computeMask(ids, null)).toBeNull();
    expect(plain.supportsMasking).toBe(false);
    // The mask leaves tf.tidy with the output it belongs to.
    const kept = tf.tidy(() => padded(ids));
    expect(kept.kerasMask!.isDisposed).toBe(false);
  });

  it('says what is wrong: ids out of range, bad sizes', () => {
    const op = 'keras.layers.Embedding: ';
    expect(() => new L.Embedding(10, 2, { maskZero: 1 } as never)).toThrow(`${op}maskZero must be`);
    expect(() => givenEmbedding()([[4]])).toThrow('indices[0,0] = 4 is not in [0, 4)');
    expect(() => givenEmbedding()([[-1]])).toThrow('indices[0,0] = -1 is not in [0, 4)');
    expect(() => new L.Embedding(0, 2)).toThrow(`${op}inputDim must be a positive integer, got 0.`);
    expect(() => new L.Embedding(10, 1.5)).toThrow(`${op}outputDim must be a positive integer, got 1.5.`);
    expect(() => new L.Embedding(10, 2, { embeddingsInitializer: 'nope' })).toThrow(/keras.layers.Embedding: .*unknown initializer 'nope'/);
    expect(() => new L.Embedding(10, 2, { inputLength: 5 } as never)).toThrow(/keras.layers.Embedding: unknown option 'inputLength'; the options are embeddingsInitializer, embeddingsRegularizer, embeddingsConstraint, maskZero/);
  });
});
