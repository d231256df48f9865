// tf.keras.layers.ConvLSTM1D, ConvLSTM2D and ConvLSTM3D against Keras 3.15.1. Every number of
// test/fixtures/keras-conv-lstm.json comes from Keras 3.15.1 (JAX backend, float32) via
// scripts/keras_conv_lstm_fixtures.py, which builds the same layers with the same weights and
// inputs (made by `pattern`, repeated here): the outputs and states, compute_output_shape, the
// weights' names and shapes, the configs, the fixed loss's gradients with respect to the weights
// and the input (jax.grad of stateless_call), and Keras' messages for bad options. Keras' JAX
// backend cannot mask a ConvLSTM; test/fixtures/keras-conv-lstm-masked.json holds the masked
// cases from its TensorFlow backend (the same script under KERAS_BACKEND=tensorflow, gradients by
// tf.GradientTape). float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, fixtureLoss, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase {
  input_shape: number[];
  outputs: number[][];
  output_shapes: number[][];
  computed_output_shapes: (number | null)[][];
  weight_names: string[];
  weight_shapes: number[][];
  config: Record<string, unknown>;
  loss: number;
  grads: number[][];
}
interface MaskedCase { input_shape: number[]; mask: boolean[][]; outputs: number[][]; output_shapes: number[][]; loss: number; grads: number[][] }
interface Fixture { layers: Record<string, LayerCase>; default_bias: number[]; errors: Record<string, string>; archive: { predict: number[]; weight_names: string[] } }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-conv-lstm.json', import.meta.url), 'utf8')) as Fixture;
const masked = JSON.parse(readFileSync(new URL('./fixtures/keras-conv-lstm-masked.json', import.meta.url), 'utf8')) as { layers: Record<string, MaskedCase> };

beforeEach(() => tf.keras.backend.clearSession());

// The script's inputs.
const SEQ1 = (): tf.Tensor => pattern([2, 3, 6, 2], 0.3, 0.8, 0.9);
const SEQ1_ODD = (): tf.Tensor => pattern([2, 3, 7, 2], 0.5, 0.8, 0.7);
const SEQ2 = (): tf.Tensor => pattern([2, 3, 4, 5, 1], 0.2, 1, 0.7);
const SEQ2_CF = (): tf.Tensor => pattern([2, 3, 2, 5, 5], 0.4, 1, 0.55);
const SEQ3 = (): tf.Tensor => pattern([2, 2, 3, 3, 3, 1], 0.6, 1, 0.45);
const SEQ3_CF = (): tf.Tensor => pattern([2, 2, 2, 3, 4, 3], 0.1, 1, 0.35);

const CASES: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor]> = {
  conv_lstm1d_same: [() => new L.ConvLSTM1D(2, 3, { padding: 'same', returnSequences: true, returnState: true }), SEQ1],
  conv_lstm1d_strides_backwards: [() => new L.ConvLSTM1D(3, 2, { strides: 2, goBackwards: true }), SEQ1_ODD],
  conv_lstm2d_same: [() => new L.ConvLSTM2D(2, [2, 3], { padding: 'same', returnSequences: true }), SEQ2],
  conv_lstm2d_cf_dilation_state: [() => new L.ConvLSTM2D(2, 2, { dataFormat: 'channels_first', dilationRate: 2, returnState: true }), SEQ2_CF],
  conv_lstm2d_nobias_relu: [
    () => new L.ConvLSTM2D(3, 3, { useBias: false, activation: 'relu', recurrentActivation: 'hard_sigmoid', unitForgetBias: false, returnSequences: true }),
    SEQ2,
  ],
  conv_lstm3d_same: [() => new L.ConvLSTM3D(2, 2, { padding: 'same', returnSequences: true }), SEQ3],
  conv_lstm3d_cf: [() => new L.ConvLSTM3D(2, [1, 2, 2], { dataFormat: 'channels_first', returnState: true }), SEQ3_CF],
};

const MASKED: Record<string, () => tf.keras.layers.Layer> = {
  conv_lstm1d_masked: () => new L.ConvLSTM1D(2, 3, { padding: 'same', returnSequences: true, returnState: true }),
  conv_lstm2d_masked_last: () => new L.ConvLSTM2D(2, 2, { returnState: true }),
};
const MASKED_INPUTS: Record<string, () => tf.Tensor> = { conv_lstm1d_masked: SEQ1, conv_lstm2d_masked_last: SEQ2 };

/** A layer built for `x` with the script's weights (`pattern(shape, i + 1)` for weight i). */
function built(make: () => tf.keras.layers.Layer, x: tf.Tensor): tf.keras.layers.Layer {
  const layer = make();
  layer.build(x.shape);
  setPatternWeights(layer);
  return layer;
}

const asList = (out: unknown): tf.Tensor[] => (Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor]);

/** Keras' config in gradtape's spelling: keys in camelCase, `{class_name, config}` objects as
 * `{className, config}`, without the Glorot initializer's input_axes and output_axes at their
 * default None (options gradtape's initializers do not have; a `.keras` archive's reader drops them). */
function asGradtapeConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asGradtapeConfig);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('class_name' in o) return { className: o.class_name, config: asGradtapeConfig(o.config) };
    const kept = Object.entries(o).filter(([k, v]) => !((k === 'input_axes' || k === 'output_axes') && v === null));
    return Object.fromEntries(kept.map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), asGradtapeConfig(v)]));
  }
  return value;
}

describe('ConvLSTM1D, ConvLSTM2D and ConvLSTM3D against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the outputs and states, computeOutputShape and the weights', (name) => {
    const want = fixture.layers[name]!;
    const [make, input] = CASES[name]!;
    const x = input();
    const layer = built(make, x);
    const ys = asList(layer(x));
    expect(ys.map((y) => y.shape)).toEqual(want.output_shapes);
    ys.forEach((y, i) => expectClose(y, want.outputs[i]!, `${name} output ${i}`));
    expect(layer.computeOutputShape([null, ...want.input_shape.slice(1)])).toEqual(want.computed_output_shapes[0]);
    expect(layer.weights.map((w) => w.name)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.path)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.weight_shapes);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and the input, eager and inside tf.function', (name) => {
    const [make, input] = CASES[name]!;
    const x = input();
    const layer = built(make, x);
    expectKerasGradients(name, (inputs) => fixtureLoss(asList(layer(inputs))), [x], layer.trainableWeights, fixture.layers[name]!, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' config; fromConfig and deserialize(serialize) make a layer of the same outputs", (name) => {
    const [make, input] = CASES[name]!;
    const x = input();
    const layer = built(make, x);
    const { name: _n, trainable: _t, dtype: _d, ...own } = layer.getConfig();
    expect(own).toEqual(asGradtapeConfig(fixture.layers[name]!.config));
    const y = asList(layer(x)).map(values);
    const twins = [(layer.constructor as typeof tf.keras.layers.Layer).fromConfig(layer.getConfig()), tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))];
    for (const twin of twins) {
      expect(twin.constructor).toBe(layer.constructor);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      if (!twin.built) twin.build(x.shape);
      twin.setWeights(layer.getWeights());
      expect(asList(twin(x)).map(values)).toEqual(y);
    }
  });

  it.each(Object.keys(MASKED))("%s: a mask keeps a masked sample's states and repeats its output, as Keras' TensorFlow backend", (name) => {
    const want = masked.layers[name]!;
    const x = MASKED_INPUTS[name]!();
    const layer = built(MASKED[name]!, x);
    const mask = tf.constant(want.mask, 'bool');
    const ys = asList(layer.apply(x, { mask }));
    expect(ys.map((y) => y.shape)).toEqual(want.output_shapes);
    ys.forEach((y, i) => expectClose(y, want.outputs[i]!, `${name} output ${i}`));
    expectKerasGradients(name, (inputs) => fixtureLoss(asList(layer.apply(inputs, { mask }))), [x], layer.trainableWeights, want, 1);
  });

  it("the default bias: ones in the forget gate's block (unitForgetBias)", () => {
    const layer = new L.ConvLSTM2D(3, 2);
    layer.build([null, 2, 4, 4, 2]);
    expect(values(layer.bias!)).toEqual(fixture.default_bias);
  });

  it("Keras' messages for bad options and inputs", () => {
    const errors = fixture.errors;
    const strip = (m: string): string => m.replace(/^ValueError: /, '');
    expect(() => new L.ConvLSTM2D(2, 3, { strides: 2, dilationRate: 2 })).toThrow(
      'keras.layers.ConvLSTM2D: Specifying `strides > 1` is not compatible with `dilationRate > 1`. Please provide `strides=1` or `dilationRate=1`. Received: strides=[2, 2] and dilationRate=[2, 2]',
    );
    expect(strip(errors.strides_and_dilation!)).toContain('Specifying `strides > 1` is not compatible with `dilation_rate > 1`.');
    expect(() => new L.ConvLSTM1D(2, 3, { padding: 'causal' as 'same' })).toThrow('keras.layers.ConvLSTM1D: The `padding` argument must be one of {\'valid\', \'same\'}. Received: padding="causal"');
    expect(errors.causal_padding).toContain("{'valid', 'same'}. Received: causal");
    expect(() => new L.ConvLSTM2D(2, 3)(tf.ones([2, 3, 5, 1]))).toThrow('expected ndim=5, found ndim=4. Full shape received: (2, 3, 5, 1)');
    expect(errors.input_rank).toContain('expected ndim=5, found ndim=4. Full shape received: (2, 3, 5, 1)');
    expect(() => new L.ConvLSTM2D(2, [3, 3, 3])).toThrow('The `kernelSize` argument must be a tuple of 2 integers. Received kernelSize=[3, 3, 3]');
    expect(errors.kernel_size).toContain('The `kernel_size` argument must be a tuple of 2 integers.');
    expect(() => new L.ConvLSTM2D(2, 3).build([null, 3, null, 5, 1])).toThrow(
      'keras.layers.ConvLSTM2D: ConvLSTM layers only support static input shapes for the spatial dimension. Received invalid input shape: input_shape=(None, None, 5, 1)',
    );
    expect(errors.unknown_spatial).toContain('ConvLSTM layers only support static input shapes for the spatial dimension.');
    expect(errors.jax_mask).toContain('Incompatible shapes for broadcasting');
  });
});

describe('ConvLSTM with the RNN machinery', () => {
  it('initialState: [h0, c0] images of the states\' shape; the wrong shape is an error naming it', () => {
    const layer = new L.ConvLSTM1D(2, 3, { padding: 'same', returnState: true });
    const x = SEQ1();
    layer.build(x.shape);
    setPatternWeights(layer);
    const h0 = pattern([2, 6, 2], 0.4, 0.6, 0.8);
    const c0 = pattern([2, 6, 2], 1.4, 0.6, 0.8);
    const [out, h, c] = asList(layer.apply(x, { initialState: [h0, c0] }));
    expect(out!.shape).toEqual([2, 6, 2]);
    expect(values(h!)).toEqual(values(out!));
    // One step by hand from the given states gives the first output of the sequence.
    const first = new L.ConvLSTM1D(2, 3, { padding: 'same', returnState: true });
    first.build([2, 1, 6, 2]);
    first.setWeights(layer.getWeights());
    const [, h1] = asList(first.apply(tf.slice(x, [0, 0, 0, 0], [2, 1, 6, 2]), { initialState: [h0, c0] }));
    const [, , c2] = asList(layer.apply(tf.slice(x, [0, 1, 0, 0], [2, 2, 6, 2]), { initialState: [h1!, asList(first.apply(tf.slice(x, [0, 0, 0, 0], [2, 1, 6, 2]), { initialState: [h0, c0] }))[2]!] }));
    expectClose(c2!, values(c!), 'c after the sequence, split in two');
    expect(() => layer.apply(x, { initialState: [tf.zeros([2, 2]), tf.zeros([2, 2])] })).toThrow('initialState[0] has shape (2, 2); layer \'conv_lstm1d\' takes 2 states ([h, c]) of shape (2, 6, 2)');
  });

  it('stateful: the states carry over between calls, as images; resetStates zeroes them', () => {
    const layer = new L.ConvLSTM2D(2, 2, { stateful: true });
    const x = SEQ2();
    layer.build(x.shape);
    setPatternWeights(layer);
    const whole = new L.ConvLSTM2D(2, 2);
    whole.build(x.shape);
    whole.setWeights(layer.getWeights());
    layer(tf.slice(x, [0, 0, 0, 0, 0], [2, 2, 4, 5, 1]));
    expect(layer.states!.map((s) => s.shape)).toEqual([[2, 3, 4, 2], [2, 3, 4, 2]]);
    const second = layer(tf.slice(x, [0, 2, 0, 0, 0], [2, 1, 4, 5, 1]));
    expectClose(second, values(whole(x)), 'two calls of a stateful layer = one call of the whole sequence');
    layer.resetStates();
    expect(values(layer.states![0]!).every((v) => v === 0)).toBe(true);
  });

  it('in a functional model with returnState, fit runs; dropout masks are drawn once per sequence', () => {
    const input = tf.keras.Input([3, 4, 5, 1]);
    const [seq, h, c] = new L.ConvLSTM2D(2, 3, { padding: 'same', returnSequences: true, returnState: true })(input) as unknown as tf.keras.KerasTensor[];
    expect([seq!.shape, h!.shape, c!.shape]).toEqual([[null, 3, 4, 5, 2], [null, 4, 5, 2], [null, 4, 5, 2]]);
    const model = new tf.keras.Sequential([tf.keras.Input([3, 4, 5, 1]), new L.ConvLSTM2D(2, 3, { padding: 'same', dropout: 0.5, recurrentDropout: 0.5, seed: 3 }), new L.GlobalAveragePooling2D(), new L.Dense(1)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const history = model.fit(SEQ2(), tf.ones([2, 1]), { epochs: 2, verbose: 0 });
    expect(history.history.loss!.length).toBe(2);
    // Inference ignores dropout: two predictions agree.
    expect(values(model.predict(SEQ2()) as tf.Tensor)).toEqual(values(model.predict(SEQ2()) as tf.Tensor));
  });
});

describe('.keras archives with ConvLSTM layers', () => {
  it("loads Keras' archive (two ConvLSTM2D layers): the same weights' names and predictions; saved again and loaded, the same", () => {
    const model = tf.keras.models.loadModel(new URL('./fixtures/keras-conv-lstm.keras', import.meta.url).pathname);
    // Keras 3.15.1 paths start with the model's name; gradtape's weights are named by their layer.
    expect(model.weights.map((w) => w.name)).toEqual(fixture.archive.weight_names.map((n) => n.replace(/^sequential\//, '')));
    const prediction = model.predict(SEQ2()) as tf.Tensor;
    expectClose(prediction, fixture.archive.predict, 'predict');
    const scratch = mkdtempSync(join(tmpdir(), 'conv-lstm-'));
    try {
      model.save(join(scratch, 'again.keras'));
      const again = tf.keras.models.loadModel(join(scratch, 'again.keras'));
      expect(values(again.predict(SEQ2()) as tf.Tensor)).toEqual(values(prediction));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
