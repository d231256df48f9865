// MultiHeadAttention (with its EinsumDense projections), Attention and AdditiveAttention against
// Keras 3.15.1. Every number of test/fixtures/keras-attention.json comes from Keras 3.15.1 (JAX
// backend, float32) via scripts/keras_attention_fixtures.py, which builds the same layers with the
// same weights and inputs (made by `pattern`, repeated here): the weights' paths and shapes, the
// outputs and attention scores, the masks they carry, the gradients of a fixed loss with respect
// to the weights and the inputs (jax.grad of stateless_call), and the fit of a small transformer
// block. float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import {
  type KerasFirstErrors, type KerasLayerCase, asList, expectClose, expectKerasFirstErrors, expectKerasGradients, expectKerasOutputs, fixtureLoss, kerasCallError, pattern,
  setPatternWeights, values,
} from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase extends KerasLayerCase { weights: [string, number[]][] }
interface Fixture {
  mha: Record<string, LayerCase>;
  attention: Record<string, LayerCase>;
  transformer_fit: { weights_paths: string[]; predict: number[]; loss: number[]; weights: number[][] };
  mha_config: Record<string, unknown>;
  mha_errors: KerasFirstErrors & { flash_scores: string; flash_call: string; flash_call_causal: string };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-attention.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

const bools = (rows: boolean[][] | boolean[][][]): tf.Tensor => tf.constant(rows, 'bool');
const Q = (): tf.Tensor => pattern([2, 4, 6], 0.3, 0.8, 0.9);
const V = (): tf.Tensor => pattern([2, 3, 6], 1.1, 0.8, 0.7);
const K5 = (): tf.Tensor => pattern([2, 3, 5], 2.0, 0.8, 0.6);
const K6 = (): tf.Tensor => pattern([2, 3, 6], 2.0, 0.8, 0.6);
const Q4 = (): tf.Tensor => pattern([2, 3, 2, 6], 0.5, 0.8, 0.8);
const QM = [[true, true, false, true], [true, false, true, true]];
const VM = [[true, false, true], [false, true, true]];
const AM = [[[1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [[0, 1, 1], [1, 1, 0], [1, 1, 1], [0, 0, 1]]].map((s) => s.map((r) => r.map(Boolean)));
/** x with the steps `mask` leaves out zeroed, which Masking marks. */
const zeroed = (x: tf.Tensor, mask: boolean[][]): tf.Tensor => tf.mul(x, tf.expandDims(tf.cast(bools(mask), 'float32'), -1));

type Call = (layer: tf.keras.layers.Layer, inputs: tf.Tensor[]) => tf.Tensor[];
/** name: the layer, its inputs, which of them go through Masking, and the call. */
type Case = [() => tf.keras.layers.Layer, () => tf.Tensor[], boolean[], Call];

const mhaCall = (options: tf.MultiHeadAttentionCallOptions = {}): Call => (layer, [q, v, k]) =>
  asList((layer as tf.keras.layers.MultiHeadAttention)(q!, v!, k ?? null, options) as tf.Tensor | tf.Tensor[]);
const MHA = (options: Omit<tf.MultiHeadAttentionOptions, 'numHeads' | 'keyDim'> & { numHeads?: number; keyDim?: number } = {}) => () =>
  new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, ...options });

const MHA_CASES: Record<string, Case> = {
  self: [MHA(), () => [Q(), Q()], [false, false], mhaCall()],
  cross_key_scores: [MHA({ valueDim: 4, outputShape: 7 }), () => [Q(), V(), K5()], [false, false, false], mhaCall({ returnAttentionScores: true })],
  attention_mask: [MHA({ numHeads: 3, keyDim: 2 }), () => [Q(), V()], [false, false], mhaCall({ attentionMask: AM })],
  causal_no_bias: [MHA({ useBias: false }), () => [Q(), Q()], [false, false], mhaCall({ useCausalMask: true })],
  causal_scores: [MHA(), () => [Q(), Q()], [false, false], mhaCall({ useCausalMask: true, returnAttentionScores: true })],
  masked_inputs: [MHA(), () => [zeroed(Q(), QM), zeroed(V(), VM)], [true, true], mhaCall()],
  masked_inputs_scores: [MHA(), () => [zeroed(Q(), QM), zeroed(V(), VM)], [true, true], mhaCall({ returnAttentionScores: true })],
  masked_value_causal_attention_mask: [MHA({ keyDim: 2 }), () => [Q(), zeroed(V(), VM)], [false, true], mhaCall({ attentionMask: bools(AM), useCausalMask: true })],
  masked_key: [MHA(), () => [Q(), V(), zeroed(K5(), VM)], [false, false, true], mhaCall({ returnAttentionScores: true })],
  rank4_default_axes: [MHA(), () => [Q4(), Q4()], [false, false], mhaCall({ returnAttentionScores: true })],
  rank4_axis_2: [MHA({ attentionAxes: 2, outputShape: [3, 2] }), () => [Q4(), Q4()], [false, false], mhaCall({ returnAttentionScores: true })],
  gate_sliding_window: [MHA({ useGate: true, slidingWindow: 2 }), () => [Q(), Q()], [false, false], mhaCall({ useCausalMask: true })],
  rank4_flash_attention: [MHA({ flashAttention: true }), () => [Q4(), Q4()], [false, false], mhaCall()],
};

const listCall = (options: tf.AttentionCallOptions = {}): Call => (layer, inputs) => asList(layer(inputs, options) as tf.Tensor | tf.Tensor[]);
const ATTENTION_CASES: Record<string, Case> = {
  dot: [() => new L.Attention(), () => [Q(), V()], [false, false], listCall()],
  dot_scale_key_mask_scores: [() => new L.Attention({ useScale: true }), () => [Q(), V(), K6()], [false, false, false], listCall({ mask: [bools(QM), bools(VM)], returnAttentionScores: true })],
  concat_scale_causal: [() => new L.Attention({ useScale: true, scoreMode: 'concat' }), () => [Q(), V()], [false, false], listCall({ useCausalMask: true, returnAttentionScores: true })],
  concat_value_mask: [() => new L.Attention({ scoreMode: 'concat' }), () => [Q(), V()], [false, false], listCall({ mask: [null, bools(VM)] })],
  additive: [() => new L.AdditiveAttention(), () => [Q(), V(), K6()], [false, false, false], listCall({ mask: [bools(QM), bools(VM)], returnAttentionScores: true })],
  additive_no_scale_causal: [() => new L.AdditiveAttention({ useScale: false }), () => [Q(), V()], [false, false], listCall({ useCausalMask: true })],
  carried_masks: [() => new L.Attention(), () => [zeroed(Q(), QM), zeroed(V(), VM)], [true, true], listCall()],
};

/** Runs a case: the layer built by a call, given the fixture's weights (`pattern(shape, i + 1)`), and called again. */
function runCase([make, inputsOf, masked, call]: Case): { layer: tf.keras.layers.Layer; run: (...xs: tf.Tensor[]) => tf.Tensor[]; inputs: tf.Tensor[] } {
  const layer = make();
  const run = (...xs: tf.Tensor[]): tf.Tensor[] => call(layer, xs.map((x, i) => (masked[i] ? new L.Masking()(x) : x)));
  const inputs = inputsOf();
  run(...inputs);
  setPatternWeights(layer);
  return { layer, run, inputs };
}

describe.each([['MultiHeadAttention', MHA_CASES, 'mha'], ['Attention and AdditiveAttention', ATTENTION_CASES, 'attention']] as const)('%s as Keras 3.15.1', (_, cases, key) => {
  it.each(Object.keys(cases))('%s: the weights, outputs, scores and the masks they carry', (name) => {
    const want = fixture[key][name]!;
    const { layer, run, inputs } = runCase(cases[name]!);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual(want.weights);
    expect(layer.weights.map((w) => [w.path, w.shape])).toEqual(want.weights);
    expectKerasOutputs(name, run(...inputs), want);
  });

  it.each(Object.keys(cases))('%s: the gradients of the weights and the inputs, eager and inside tf.function', (name) => {
    const want = fixture[key][name]!;
    const { layer, run, inputs } = runCase(cases[name]!);
    expectKerasGradients(name, (...xs) => fixtureLoss(run(...xs)), inputs, layer.trainableWeights, want, inputs.length);
  });
});

describe('MultiHeadAttention', () => {
  it("writes Keras' config and makes the same layer from it", () => {
    const mha = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 4, dropout: 0.1, outputShape: 5, attentionAxes: 1, kernelInitializer: 'he_normal', seed: 7 });
    const config = mha.getConfig();
    const want = fixture.mha_config;
    const camel = (k: string): string => k.replace(/_([a-z])/g, (__, c: string) => c.toUpperCase());
    for (const [k, v] of Object.entries(want)) {
      if (['name', 'dtype', 'kernel_initializer', 'bias_initializer'].includes(k)) continue;
      expect(config[camel(k)], k).toEqual(v);
    }
    expect((config.kernelInitializer as { className: string }).className).toBe('HeNormal');
    const twin = L.MultiHeadAttention.fromConfig(config) as tf.keras.layers.MultiHeadAttention;
    expect(twin.getConfig()).toEqual(config);
    const data = tf.keras.layers.serialize(mha);
    expect(tf.keras.layers.deserialize(data).getConfig()).toEqual(config);
  });

  it('gives KerasTensors of the shapes the call gives, and a functional model runs it as the layer does', () => {
    const q = tf.keras.Input([4, 6]);
    const v = tf.keras.Input([3, 5]);
    const mask = tf.keras.Input([4, 3], { dtype: 'bool' });
    const mha = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: 7 });
    const [y, scores] = mha(q, v, null, { attentionMask: mask, returnAttentionScores: true });
    expect([y.shape, scores.shape]).toEqual([[null, 4, 7], [null, 2, 4, 3]]);
    const model = new tf.keras.Model({ inputs: [q, v, mask], outputs: [y, scores] });
    const args = [Q(), pattern([2, 3, 5], 0.2), bools(AM)];
    const got = model.predict<tf.Tensor[]>(args);
    const direct = mha(args[0]!, args[1]!, null, { attentionMask: args[2]!, returnAttentionScores: true });
    expect(got.map(values)).toEqual(direct.map(values));
    const twin = tf.keras.models.modelFromJson(model.toJson());
    twin.setWeights(model.getWeights());
    expect(twin.predict<tf.Tensor[]>(args).map(values)).toEqual(got.map(values));
  });

  it('drops scores in training only, returning them before dropout', () => {
    const mha = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, dropout: 0.5, seed: 1 });
    const plain = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const x = Q();
    plain(x, x);
    mha(x, x);
    mha.setWeights(plain.getWeights());
    expect(values(mha(x, x))).toEqual(values(plain(x, x, null, { returnAttentionScores: true })[0]));
    const [trained, scores] = mha(x, x, null, { training: true, returnAttentionScores: true });
    expect(values(trained)).not.toEqual(values(plain(x, x)));
    const sums = values(tf.reduceSum(scores, -1));
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
  });

  it('takes the flash attention flag with the errors Keras (JAX backend) raises for it on the CPU', () => {
    const want = fixture.mha_errors;
    const flash = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, flashAttention: true });
    expect(flash.flashAttention).toBe(true);
    expect(flash.getConfig()).not.toHaveProperty('flashAttention');
    expect(new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, flashAttention: null }).flashAttention).toBe(false);
    expect(() => new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, dropout: 0.1, flashAttention: true })).toThrow(want.alone.flash_dropout!.replace('ValueError: ', ''));
    expect(() => new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, flashAttention: 'yes' as never })).toThrow('flashAttention must be true or false, got "yes"');
    // Keras refuses returned scores, then gives inputs of rank 3 to dot_product_attention, which has no flash kernel on the CPU.
    expect(() => flash(Q(), Q(), null, { returnAttentionScores: true })).toThrow(kerasCallError(want.flash_scores));
    expect(() => flash(Q(), Q())).toThrow(kerasCallError(want.flash_call));
    expect(() => flash(Q(), Q(), null, { useCausalMask: true })).toThrow(kerasCallError(want.flash_call_causal));
    // A symbolic call gives its KerasTensors (Keras' compute_output_spec); running the model refuses.
    const q = tf.keras.Input([4, 6]);
    const [y, scores] = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, flashAttention: true })(q, q, null, { returnAttentionScores: true });
    expect([y.shape, scores.shape]).toEqual([[null, 4, 6], [null, 2, 4, 4]]);
    const model = new tf.keras.Model({ inputs: q, outputs: [y, scores] });
    expect(() => model.predict(Q())).toThrow(kerasCallError(want.flash_scores));
    // flashAttention false is Keras' default.
    const plain = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const off = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, flashAttention: false });
    plain(Q(), Q());
    off(Q(), Q());
    off.setWeights(plain.getWeights());
    expect(values(off(Q(), Q(), null, { useCausalMask: true }))).toEqual(values(plain(Q(), Q(), null, { useCausalMask: true })));
  });

  it('reports the first of several bad options that Keras reports (its order of checks)', () => {
    expectKerasFirstErrors((o) => new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, ...o }), fixture.mha_errors);
    // Options only gradtape checks, where Keras keeps them: dropout, useBias and useGate after the
    // layer options, flashAttention before the initializers, seed before flash attention's dropout.
    const error = (o: object): string => {
      try {
        new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, ...o });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(error({ dropout: 2, outputShape: 2.5 })).toContain('dropout must be a number in [0, 1]');
    expect(error({ useGate: 1, outputShape: 2.5 })).toContain('useGate must be true or false');
    expect(error({ flashAttention: 1, kernelInitializer: 'bogus' })).toContain('flashAttention must be true or false');
    expect(error({ outputShape: 2.5, flashAttention: 1 })).toContain('Invalid `outputShape`');
    expect(error({ seed: 1.5, flashAttention: true, dropout: 0.1 })).toContain('seed must be an integer');
    expect(error({ slidingWindow: 0, seed: 1.5 })).toContain('`slidingWindow` must be');
  });

  it("rejects bad options and shapes with Keras' messages", () => {
    expect(() => new L.MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow('Received an invalid value for argument `numHeads`, expected a positive integer. Received: numHeads=0');
    expect(() => new L.MultiHeadAttention({ numHeads: 2, keyDim: 1.5 })).toThrow('Received an invalid value for argument `keyDim`');
    expect(() => new L.MultiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: 'x' as never })).toThrow('`attentionAxes` must be an int, list, or tuple.');
    expect(() => new L.MultiHeadAttention({ numHeads: 2, keyDim: 2, slidingWindow: 0 })).toThrow('`slidingWindow` must be `null` or a positive integer');
    const mha = new L.MultiHeadAttention({ numHeads: 2, keyDim: 2 });
    expect(() => mha(Q(), V(), pattern([2, 2, 6], 0))).toThrow('All dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=(2, 3, 6) and key_shape=(2, 2, 6)');
    expect(() => (mha as unknown as (q: tf.Tensor) => tf.Tensor)(Q())).toThrow('missing the `value` argument');
    expect(() => mha(Q(), Q(), null, { returnAtentionScores: true } as never)).toThrow(/returnAtentionScores/);
  });
});

describe('EinsumDense', () => {
  it("makes Keras' kernel and bias shapes for equations with and without ellipses", () => {
    const shapes = (eq: string, out: (number | null)[], bias: string | null, input: number[]): number[][] => {
      const layer = new L.EinsumDense(eq, out, { biasAxes: bias });
      const y = layer(tf.zeros(input));
      return [...layer.weights.map((w) => w.shape), y.shape];
    };
    expect(shapes('ab,bc->ac', [4], 'c', [2, 3])).toEqual([[3, 4], [4], [2, 4]]);
    expect(shapes('abc,cde->abde', [null, 2, 3], 'de', [2, 5, 4])).toEqual([[4, 2, 3], [2, 3], [2, 5, 2, 3]]);
    expect(shapes('...b,bc->...c', [4], 'c', [2, 5, 3])).toEqual([[3, 4], [4], [2, 5, 4]]);
    expect(shapes('ab...,bc->ac...', [4, null], 'c', [2, 3, 5])).toEqual([[3, 4], [4, 1], [2, 4, 5]]);
    expect(() => new L.EinsumDense('ab->b', [2])(tf.zeros([1, 2]))).toThrow("Invalid einsum equation 'ab->b'");
    expect(() => new L.EinsumDense('ab,bc->ac', [2], { biasAxes: 'x' })(tf.zeros([1, 2]))).toThrow("Bias dimension 'x' was requested, but is not part of the output spec 'ac'");
    const layer = new L.EinsumDense('abc,cd->abd', [null, 3], { biasAxes: 'd', activation: 'relu' });
    expect(L.EinsumDense.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe('Attention layers', () => {
  it('give the query-shaped output in functional models, with the scores shape, and round-trip their configs', () => {
    const q = tf.keras.Input([4, 6]);
    const v = tf.keras.Input([3, 6]);
    const [y, w] = new L.AdditiveAttention()([q, v], { returnAttentionScores: true });
    expect([y!.shape, w!.shape]).toEqual([[null, 4, 6], [null, 4, 3]]);
    const attention = new L.Attention({ useScale: true, scoreMode: 'concat', dropout: 0.2, seed: 3 });
    expect(attention.getConfig()).toMatchObject({ useScale: true, scoreMode: 'concat', dropout: 0.2, seed: 3 });
    expect(L.Attention.fromConfig(attention.getConfig()).getConfig()).toEqual(attention.getConfig());
    const additive = new L.AdditiveAttention({ useScale: false });
    expect(additive.getConfig()).not.toHaveProperty('scoreMode');
    expect(tf.keras.layers.deserialize(tf.keras.layers.serialize(additive)).getConfig()).toEqual(additive.getConfig());
  });

  it("rejects what Keras rejects, with its messages", () => {
    expect(() => new L.Attention({ scoreMode: 'add' as never })).toThrow('Invalid value for argument scoreMode. Expected one of {\'dot\', \'concat\'}. Received: scoreMode="add"');
    expect(() => new L.Attention()(Q())).toThrow('Attention layer must be called on a list of inputs, namely [query, value] or [query, value, key].');
    expect(() => new L.Attention()([Q(), V(), V(), V()])).toThrow('Attention layer accepts inputs list of length 2 or 3');
    expect(() => new L.AdditiveAttention()([Q(), V()], { mask: bools(QM) })).toThrow('AdditiveAttention layer mask must be a list, namely [query_mask, value_mask].');
  });
});

describe('a transformer block', () => {
  const IDS = (): tf.Tensor => tf.constant([[3, 1, 4, 0, 0], [2, 5, 6, 1, 0], [1, 1, 2, 3, 4], [5, 0, 0, 0, 0], [4, 2, 6, 0, 0], [3, 3, 2, 1, 0]], 'int32');
  function transformerBlock(): tf.keras.Model {
    const ids = tf.keras.Input([5], { dtype: 'int32' });
    let x = new L.Embedding(7, 6, { maskZero: true })(ids);
    const a = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3 })(x, x);
    x = new L.LayerNormalization()(new L.Add()([x, a]));
    let f = new L.Dense(8, { activation: 'relu' })(x);
    f = new L.Dense(6)(f);
    x = new L.LayerNormalization()(new L.Add()([x, f]));
    return new tf.keras.Model({ inputs: ids, outputs: new L.Dense(1)(new L.GlobalAveragePooling1D()(x)) });
  }

  it('predicts and fits (masks through the attention, 3 epochs of SGD) as Keras', () => {
    const want = fixture.transformer_fit;
    const model = transformerBlock();
    // A functional model's layers are built before the model: their paths have no model prefix.
    expect(model.weights.map((w) => w.name)).toEqual(want.weights_paths);
    expect(model.weights.map((w) => w.path)).toEqual(want.weights_paths);
    setPatternWeights(model);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    expectClose(model.predict(IDS(), { batchSize: 4 }), want.predict, 'predict');
    const history = model.fit(IDS(), pattern([6, 1], 0.4, 1, 1.1), { epochs: 3, batchSize: 4, shuffle: false }).history;
    expectClose(history.loss!, want.loss, 'loss');
    model.getWeights().forEach((w, i) => expectClose(w, want.weights[i]!, `weight ${want.weights_paths[i]}`));
  });
});
