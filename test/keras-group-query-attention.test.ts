// GroupQueryAttention against Keras 3.15.1. Every number of
// test/fixtures/keras-group-query-attention.json comes from Keras 3.15.1 (JAX backend, float32)
// via scripts/keras_gqa_fixtures.py, which builds the same layers with the same weights and
// inputs (made by `pattern`, repeated here): the weights' paths and shapes, the outputs and
// attention scores, the masks they carry, the gradients of a fixed loss with respect to the
// weights and the inputs (jax.grad of stateless_call), the configs, symbolic shapes and messages.
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
  cases: Record<string, LayerCase>;
  config: Record<string, unknown>;
  default_config: Record<string, unknown>;
  serialized_class_name: string;
  symbolic_shapes: (number | null)[][];
  compute_output_shape: number[];
  errors: Record<string, string>;
  first_errors: KerasFirstErrors;
  saved_model: { archive_base64: string; predict: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-group-query-attention.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

const bools = (rows: boolean[][] | boolean[][][]): tf.Tensor => tf.constant(rows, 'bool');
const Q = (): tf.Tensor => pattern([2, 4, 6], 0.3, 0.8, 0.9);
const V = (): tf.Tensor => pattern([2, 3, 6], 1.1, 0.8, 0.7);
const K5 = (): tf.Tensor => pattern([2, 3, 5], 2.0, 0.8, 0.6);
const QM = [[true, true, false, true], [true, false, true, true]];
const VM = [[true, false, true], [false, true, true]];
const AM = [[[1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [[0, 1, 1], [1, 1, 0], [1, 1, 1], [0, 0, 1]]].map((s) => s.map((r) => r.map(Boolean)));
// Query step 1 of sample 0 attends to nothing.
const AM_EMPTY_ROW = AM.map((s, b) => s.map((r, t) => (b === 0 && t === 1 ? r.map(() => false) : r)));
/** x with the steps `mask` leaves out zeroed, which Masking marks. */
const zeroed = (x: tf.Tensor, mask: boolean[][]): tf.Tensor => tf.mul(x, tf.expandDims(tf.cast(bools(mask), 'float32'), -1));

type GQAOptions = Omit<tf.GroupQueryAttentionOptions, 'headDim' | 'numQueryHeads' | 'numKeyValueHeads'>;
const GQA = (headDim: number, numQueryHeads: number, numKeyValueHeads: number, options: GQAOptions = {}) => (): tf.keras.layers.GroupQueryAttention =>
  new L.GroupQueryAttention({ headDim, numQueryHeads, numKeyValueHeads, ...options });
/** name: the layer, its inputs, which of them go through Masking, and the call's options. */
type Case = [() => tf.keras.layers.GroupQueryAttention, () => tf.Tensor[], boolean[], tf.MultiHeadAttentionCallOptions];

const CASES: Record<string, Case> = {
  self: [GQA(3, 4, 2), () => [Q(), Q()], [false, false], {}],
  cross_key_scores: [GQA(2, 4, 2), () => [Q(), V(), K5()], [false, false, false], { returnAttentionScores: true }],
  attention_mask: [GQA(2, 6, 3), () => [Q(), V()], [false, false], { attentionMask: AM }],
  attention_mask_empty_row: [GQA(2, 2, 1), () => [Q(), V()], [false, false], { attentionMask: AM_EMPTY_ROW }],
  attention_mask_empty_row_scores: [GQA(2, 2, 1), () => [Q(), V()], [false, false], { attentionMask: bools(AM_EMPTY_ROW), returnAttentionScores: true }],
  causal_multi_query_no_bias: [GQA(3, 2, 1, { useBias: false }), () => [Q(), Q()], [false, false], { useCausalMask: true }],
  causal_scores: [GQA(3, 4, 2), () => [Q(), Q()], [false, false], { useCausalMask: true, returnAttentionScores: true }],
  causal_cross: [GQA(2, 2, 2), () => [Q(), V()], [false, false], { useCausalMask: true }],
  masked_inputs: [GQA(3, 2, 1), () => [zeroed(Q(), QM), zeroed(V(), VM)], [true, true], {}],
  masked_inputs_scores: [GQA(3, 2, 1), () => [zeroed(Q(), QM), zeroed(V(), VM)], [true, true], { returnAttentionScores: true }],
  masked_value_causal_attention_mask: [GQA(2, 4, 2), () => [Q(), zeroed(V(), VM)], [false, true], { attentionMask: bools(AM), useCausalMask: true }],
  masked_key: [GQA(3, 2, 1), () => [Q(), V(), zeroed(K5(), VM)], [false, false, true], { returnAttentionScores: true }],
  gate_sliding_window: [GQA(3, 4, 2, { useGate: true, slidingWindow: 2 }), () => [Q(), Q()], [false, false], { useCausalMask: true }],
  sliding_window_scores: [GQA(2, 2, 1, { slidingWindow: 1 }), () => [Q(), V()], [false, false], { returnAttentionScores: true }],
  flash_attention_false: [GQA(3, 4, 2, { flashAttention: false }), () => [Q(), Q()], [false, false], { useCausalMask: true }],
};

/** Runs a case: the layer built by a call, given the fixture's weights (`pattern(shape, i + 1)`), and called again. */
function runCase([make, inputsOf, masked, options]: Case): { layer: tf.keras.layers.GroupQueryAttention; run: (...xs: tf.Tensor[]) => tf.Tensor[]; inputs: tf.Tensor[] } {
  const layer = make();
  const run = (...xs: tf.Tensor[]): tf.Tensor[] => {
    const [q, v, k] = xs.map((x, i) => (masked[i] ? new L.Masking()(x) : x));
    return asList(layer(q!, v!, k ?? null, options) as tf.Tensor | tf.Tensor[]);
  };
  const inputs = inputsOf();
  run(...inputs);
  setPatternWeights(layer);
  return { layer, run, inputs };
}

describe('GroupQueryAttention as Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the weights, outputs, scores and the masks they carry', (name) => {
    const want = fixture.cases[name]!;
    const { layer, run, inputs } = runCase(CASES[name]!);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual(want.weights);
    expect(layer.weights.map((w) => [w.path, w.shape])).toEqual(want.weights);
    expectKerasOutputs(name, run(...inputs), want);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and the inputs, eager and inside tf.function', (name) => {
    const want = fixture.cases[name]!;
    const { layer, run, inputs } = runCase(CASES[name]!);
    expectKerasGradients(name, (...xs) => fixtureLoss(run(...xs)), inputs, layer.trainableWeights, want, inputs.length);
  });
});

describe('GroupQueryAttention', () => {
  const camel = (k: string): string => k.replace(/_([a-z])/g, (__, c: string) => c.toUpperCase());

  it("writes Keras' config and makes the same layer from it", () => {
    const gqa = new L.GroupQueryAttention({
      headDim: 4, numQueryHeads: 6, numKeyValueHeads: 2, dropout: 0.1, useBias: false, slidingWindow: 3, useGate: true,
      kernelInitializer: 'he_normal', biasInitializer: 'ones', kernelRegularizer: 'l2', activityRegularizer: 'l1', kernelConstraint: 'max_norm', seed: 7,
    });
    const config = gqa.getConfig();
    for (const [k, v] of Object.entries(fixture.config)) {
      if (['dtype', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'activity_regularizer', 'kernel_constraint'].includes(k)) continue;
      expect(config[camel(k)], k).toEqual(v);
    }
    expect(Object.keys(config).sort()).toEqual(Object.keys(fixture.config).map(camel).sort());
    expect((config.kernelInitializer as { className: string }).className).toBe('HeNormal');
    expect((config.kernelRegularizer as { className: string; config: unknown })).toMatchObject({ className: 'L2', config: { l2: 0.01 } });
    expect((config.kernelConstraint as { className: string }).className).toBe('MaxNorm');
    const twin = L.GroupQueryAttention.fromConfig(config) as tf.keras.layers.GroupQueryAttention;
    expect(twin.getConfig()).toEqual(config);
    const data = tf.keras.layers.serialize(gqa);
    expect(data.className).toBe(fixture.serialized_class_name);
    expect(tf.keras.layers.deserialize(data).getConfig()).toEqual(config);
    const defaults = new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 2, numKeyValueHeads: 1 }).getConfig();
    for (const [k, v] of Object.entries(fixture.default_config)) {
      if (['name', 'dtype', 'kernel_initializer', 'bias_initializer'].includes(k)) continue;
      expect(defaults[camel(k)], k).toEqual(v);
    }
    expect(defaults.name).toBe('grouped_query_attention_1');
  });

  it('gives KerasTensors of the shapes the call gives, and a functional model runs it as the layer does', () => {
    const q = tf.keras.Input([4, 6]);
    const v = tf.keras.Input([3, 6]);
    const k = tf.keras.Input([3, 5]);
    const gqa = new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2 });
    const [y, scores] = gqa(q, v, k, { returnAttentionScores: true });
    expect([y.shape, scores.shape]).toEqual(fixture.symbolic_shapes);
    expect(gqa.computeOutputShape([[2, 4, 6], [2, 3, 6], [2, 3, 5]])).toEqual(fixture.compute_output_shape);
    const model = new tf.keras.Model({ inputs: [q, v, k], outputs: [y, scores] });
    const args = [Q(), V(), K5()];
    const got = model.predict<tf.Tensor[]>(args);
    const direct = gqa(args[0]!, args[1]!, args[2]!, { returnAttentionScores: true });
    expect(got.map(values)).toEqual(direct.map(values));
    const twin = tf.keras.models.modelFromJson(model.toJson());
    twin.setWeights(model.getWeights());
    expect(twin.predict<tf.Tensor[]>(args).map(values)).toEqual(got.map(values));
  });

  it("loads Keras' .keras archive of a model with one (its weights under Keras' paths) and writes one that loads back", () => {
    const want = fixture.saved_model;
    const model = tf.keras.models.fromBytes(new Uint8Array(Buffer.from(want.archive_base64, 'base64')));
    const gqa = model.layers.find((l) => l instanceof L.GroupQueryAttention) as tf.keras.layers.GroupQueryAttention;
    expect([gqa.name, gqa.useGate, gqa.numKeyValueHeads]).toEqual(['grouped_query_attention', true, 2]);
    const predicted = model.predict<tf.Tensor>([Q(), V()]);
    expectClose(predicted, want.predict, 'predict of the loaded model');
    const twin = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
    expect(values(twin.predict<tf.Tensor>([Q(), V()]))).toEqual(values(predicted));
    const weightsOnly = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
    weightsOnly.setWeights(weightsOnly.weights.map((w) => tf.zerosLike(w)));
    weightsOnly.weightsFromBytes(model.weightsToBytes({ format: 'h5' }));
    expect(values(weightsOnly.predict<tf.Tensor>([Q(), V()]))).toEqual(values(predicted));
  });

  it('drops scores in training only, returning them before dropout', () => {
    const gqa = new L.GroupQueryAttention({ headDim: 3, numQueryHeads: 4, numKeyValueHeads: 2, dropout: 0.5, seed: 1 });
    const plain = new L.GroupQueryAttention({ headDim: 3, numQueryHeads: 4, numKeyValueHeads: 2 });
    const x = Q();
    plain(x, x);
    gqa(x, x);
    gqa.setWeights(plain.getWeights());
    expect(values(gqa(x, x))).toEqual(values(plain(x, x, null, { returnAttentionScores: true })[0]));
    const [trained, scores] = gqa(x, x, null, { training: true, returnAttentionScores: true });
    expect(values(trained)).not.toEqual(values(plain(x, x)));
    values(tf.reduceSum(scores, -1)).forEach((s) => expect(s).toBeCloseTo(1, 5));
  });

  it('takes the flash attention flag with the errors Keras (JAX backend) raises for it on the CPU', () => {
    const flash = new L.GroupQueryAttention({ headDim: 3, numQueryHeads: 4, numKeyValueHeads: 2, flashAttention: true });
    const x = Q();
    expect(flash.getConfig()).not.toHaveProperty('flashAttention');
    expect(() => new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2, dropout: 0.1, flashAttention: true })).toThrow(fixture.errors.flash_dropout!);
    expect(() => flash(x, x, null, { returnAttentionScores: true })).toThrow(kerasCallError(fixture.errors.flash_scores!));
    // The attention itself goes to dot_product_attention, which has no flash kernel on the CPU.
    expect(() => flash(x, x)).toThrow(kerasCallError(fixture.errors.flash_call!));
    expect(() => flash(x, x, null, { useCausalMask: true })).toThrow(kerasCallError(fixture.errors.flash_call!));
    // A symbolic call gives its KerasTensors, as Keras' compute_output_spec does.
    const q = tf.keras.Input([4, 6]);
    const [y, scores] = new L.GroupQueryAttention({ headDim: 3, numQueryHeads: 4, numKeyValueHeads: 2, flashAttention: true })(q, q, null, { returnAttentionScores: true });
    expect([y.shape, scores.shape]).toEqual([[null, 4, 6], [null, 4, 4, 4]]);
  });

  it('reports the first of several bad options that Keras reports (its order of checks)', () => {
    expectKerasFirstErrors((o) => new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2, ...o }), fixture.first_errors);
  });

  it("rejects bad options and shapes with Keras' messages", () => {
    const snake = (message: string): string => message.replace('num_query_heads', 'numQueryHeads').replace('num_key_value_heads', 'numKeyValueHeads').replace(/sliding_window/g, 'slidingWindow').replace('`None`', '`null`');
    expect(() => new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 3 })).toThrow(snake(fixture.errors.divisible!));
    expect(() => new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2, slidingWindow: 0 })).toThrow(snake(fixture.errors.sliding_window!));
    expect(() => new L.GroupQueryAttention({ headDim: 0, numQueryHeads: 4, numKeyValueHeads: 2 })).toThrow('`headDim` must be a positive integer, got 0');
    const gqa = new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2 });
    expect(() => gqa.computeOutputShape([[2, 4, 6], [2, 3, 5]])).toThrow(fixture.errors.query_value_last!);
    expect(() => gqa.computeOutputShape([[2, 4, 6], [2, 3, 6], [2, 2, 6]])).toThrow(fixture.errors.value_key!);
    expect(() => gqa(tf.keras.Input([4, 6]), tf.keras.Input([3, 5]))).toThrow('The last dimension of `query_shape` and `value_shape` must be equal');
    expect(() => (gqa as unknown as (q: tf.Tensor) => tf.Tensor)(Q())).toThrow('missing the `value` argument');
    expect(() => gqa(Q(), Q(), null, { returnAtentionScores: true } as never)).toThrow(/returnAtentionScores/);
  });
});
