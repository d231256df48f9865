// The transposed, depthwise and separable convolutions and Conv3D against Keras 3.15.1: the
// weights' paths and shapes, the outputs, and the gradients of a fixed loss with respect to the
// weights and the input. The numbers come from scripts/keras_attention_fixtures.py (its "conv"
// cases; JAX backend, float32), with the same weights and inputs (made by `pattern`).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, fixtureLoss, pattern, setPatternWeights } from './helpers/keras';

const L = tf.keras.layers;

interface ConvCase { weights: [string, number[]][]; outputs: number[][]; output_shapes: number[][]; loss: number; grads: number[][]; config: Record<string, unknown> }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-attention.json', import.meta.url), 'utf8')) as { conv: Record<string, ConvCase> };

beforeEach(() => tf.keras.backend.clearSession());

const X1 = (): tf.Tensor => pattern([2, 5, 3], 0.2, 0.9, 0.8);
const X2 = (): tf.Tensor => pattern([2, 5, 4, 3], 0.4, 0.9, 0.7);
const X2F = (): tf.Tensor => pattern([2, 3, 5, 4], 0.4, 0.9, 0.7);
const X3 = (): tf.Tensor => pattern([2, 4, 3, 5, 2], 0.6, 0.9, 0.5);

const CASES: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor]> = {
  conv1d_transpose: [() => new L.Conv1DTranspose(4, 3, { strides: 2 }), X1],
  conv1d_transpose_same_output_padding: [() => new L.Conv1DTranspose(2, 3, { strides: 2, padding: 'same', outputPadding: 1 }), X1],
  conv1d_transpose_dilated: [() => new L.Conv1DTranspose(2, 2, { dilationRate: 2, activation: 'tanh' }), X1],
  conv2d_transpose: [() => new L.Conv2DTranspose(3, [2, 3], { strides: [2, 1] }), X2],
  conv2d_transpose_same: [() => new L.Conv2DTranspose(2, 3, { strides: 2, padding: 'same', useBias: false }), X2],
  conv2d_transpose_valid_output_padding: [() => new L.Conv2DTranspose(2, 3, { strides: 3, outputPadding: [1, 2] }), X2],
  conv2d_transpose_channels_first: [() => new L.Conv2DTranspose(2, 2, { strides: 2, dataFormat: 'channels_first' }), X2F],
  depthwise_conv2d: [() => new L.DepthwiseConv2D(2, { depthMultiplier: 2 }), X2],
  depthwise_conv2d_strides_same: [() => new L.DepthwiseConv2D([3, 2], { strides: 2, padding: 'same', activation: 'relu' }), X2],
  depthwise_conv2d_dilated: [() => new L.DepthwiseConv2D(2, { dilationRate: 2, depthMultiplier: 3 }), X2],
  depthwise_conv2d_channels_first: [() => new L.DepthwiseConv2D(2, { dataFormat: 'channels_first' }), X2F],
  depthwise_conv1d: [() => new L.DepthwiseConv1D(3, { depthMultiplier: 2, padding: 'same' }), X1],
  separable_conv2d: [() => new L.SeparableConv2D(4, 2, { depthMultiplier: 2 }), X2],
  separable_conv2d_strides_same: [() => new L.SeparableConv2D(2, 3, { strides: 2, padding: 'same', useBias: false }), X2],
  separable_conv2d_dilated: [() => new L.SeparableConv2D(3, 2, { dilationRate: [2, 1], activation: 'tanh' }), X2],
  separable_conv1d: [() => new L.SeparableConv1D(3, 2, { strides: 2 }), X1],
  conv3d: [() => new L.Conv3D(3, 2), X3],
  conv3d_same_strides: [() => new L.Conv3D(2, [2, 1, 3], { strides: 2, padding: 'same' }), X3],
};

/** A case's layer, built by a call and given the fixture's weights (`pattern(shape, i + 1)`). */
function built(name: string): tf.keras.layers.Layer {
  const [make, x] = CASES[name]!;
  const layer = make();
  layer(x());
  setPatternWeights(layer);
  return layer;
}

describe('convolution layers as Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the weights, the output and its shape, symbolic and real', (name) => {
    const want = fixture.conv[name]!;
    const layer = built(name);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual(want.weights);
    const y = layer(CASES[name]![1]()) as tf.Tensor;
    expect(y.shape).toEqual(want.output_shapes[0]);
    expectClose(y, want.outputs[0]!, name);
    const symbolic = layer(tf.keras.Input(CASES[name]![1]().shape.slice(1)));
    expect(symbolic.shape).toEqual([null, ...want.output_shapes[0]!.slice(1)]);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and the input, eager and inside tf.function', (name) => {
    const layer = built(name);
    expectKerasGradients(name, (x) => fixtureLoss([layer(x) as tf.Tensor]), [CASES[name]![1]()], layer.trainableWeights, fixture.conv[name]!, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' window config, and the same layer from getConfig and serialize", (name) => {
    const layer = built(name);
    const config = layer.getConfig();
    const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    for (const [k, v] of Object.entries(fixture.conv[name]!.config)) expect(config[camel(k)], k).toEqual(v);
    const twin = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer));
    expect(twin.getConfig()).toEqual(config);
    expect(twin.weights.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
  });
});

describe('convolution layers in models and their errors', () => {
  it('an upsampling autoencoder of SeparableConv2D, DepthwiseConv2D and Conv2DTranspose is a Sequential that fits', () => {
    const model = new tf.keras.Sequential([
      tf.keras.Input([8, 8, 2]),
      new L.SeparableConv2D(4, 3, { strides: 2, padding: 'same', activation: 'relu' }),
      new L.DepthwiseConv2D(3, { padding: 'same' }),
      new L.Conv2DTranspose(2, 3, { strides: 2, padding: 'same' }),
    ]);
    model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse' });
    const x = pattern([4, 8, 8, 2], 0.1, 1, 0.37);
    expect((model.predict(x) as tf.Tensor).shape).toEqual([4, 8, 8, 2]);
    const loss = model.fit(x, x, { epochs: 5, batchSize: 4 }).history.loss!;
    expect(loss[4]!).toBeLessThan(loss[0]!);
  });

  it("rejects bad options with Keras' messages", () => {
    expect(() => new L.Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 })).toThrow('`outputPadding` must be strictly less than `strides` for all dimensions. At dimension 0, `outputPadding` is 2 but `strides` is 2.');
    expect(() => new L.Conv2DTranspose(2, 3, { groups: 2 } as never)).toThrow(/groups/);
    expect(() => new L.DepthwiseConv2D(3, { depthMultiplier: 0 })).toThrow('Invalid value for argument `depthMultiplier`. Expected a strictly positive value. Received depthMultiplier=0.');
    expect(() => new L.SeparableConv2D(0, 3)).toThrow('Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0.');
    expect(() => new L.DepthwiseConv2D(2, { strides: 2, dilationRate: 2 })).toThrow('`strides > 1` not supported in conjunction with `dilationRate > 1`');
    expect(() => new L.Conv3D(2, 3)(tf.zeros([1, 2, 5, 5, 1]))).toThrow('Computed output size would be zero or negative');
    expect(() => new L.DepthwiseConv2D(2)(tf.zeros([1, 5, 5]))).toThrow('expected min_ndim=4, found ndim=3');
  });
});
