// tf.keras.layers.AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D against Keras
// 3.15.1. Every number of test/fixtures/keras-adaptive-pooling.json comes from Keras 3.15.1 (JAX
// backend, float32) via scripts/keras_adaptive_pooling_fixtures.py, which pools the same inputs
// (made by `pattern`, repeated here): outputs, output shapes, compute_output_shape, configs, the
// gradient of a fixed loss with respect to the input (jax.grad of stateless_call), and Keras'
// messages for bad options. float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, pattern, values } from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase {
  input_shape: number[];
  output: number[];
  output_shape: number[];
  computed_output_shape: (number | null)[];
  config: Record<string, unknown>;
  loss: number;
  grads: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-adaptive-pooling.json', import.meta.url), 'utf8')) as { layers: Record<string, LayerCase>; errors: Record<string, string> };

beforeEach(() => tf.keras.backend.clearSession());

// The script's inputs.
const SEQ = (): tf.Tensor => pattern([2, 8, 3], 0.3, 0.8, 0.9);
const SEQ_CF = (): tf.Tensor => pattern([2, 3, 7], 0.5, 0.8, 0.7);
const IMG = (): tf.Tensor => pattern([2, 5, 7, 2], 0.2, 1, 0.7);
const IMG_CF = (): tf.Tensor => pattern([2, 2, 6, 4], 0.4, 1, 0.55);
const VOL = (): tf.Tensor => pattern([2, 4, 5, 3, 2], 0.6, 1, 0.45);
const VOL_CF = (): tf.Tensor => pattern([1, 2, 3, 4, 5], 0.1, 1, 0.35);

const CASES: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor]> = {
  avg1d: [() => new L.AdaptiveAveragePooling1D(3), SEQ],
  avg1d_up_cf: [() => new L.AdaptiveAveragePooling1D([10], { dataFormat: 'channels_first' }), SEQ_CF],
  max1d: [() => new L.AdaptiveMaxPooling1D(5), SEQ],
  max1d_cf: [() => new L.AdaptiveMaxPooling1D(3, { dataFormat: 'channels_first' }), SEQ_CF],
  avg2d: [() => new L.AdaptiveAveragePooling2D([3, 4]), IMG],
  avg2d_cf: [() => new L.AdaptiveAveragePooling2D(4, { dataFormat: 'channels_first' }), IMG_CF],
  max2d: [() => new L.AdaptiveMaxPooling2D([2, 5]), IMG],
  max2d_up_cf: [() => new L.AdaptiveMaxPooling2D([8, 3], { dataFormat: 'channels_first' }), IMG_CF],
  avg3d: [() => new L.AdaptiveAveragePooling3D([3, 2, 2]), VOL],
  avg3d_cf: [() => new L.AdaptiveAveragePooling3D(2, { dataFormat: 'channels_first' }), VOL_CF],
  max3d: [() => new L.AdaptiveMaxPooling3D([2, 3, 2]), VOL],
  max3d_cf: [() => new L.AdaptiveMaxPooling3D([3, 3, 4], { dataFormat: 'channels_first' }), VOL_CF],
};

/** The fixture's loss: sum(output · C), C = pattern(output's shape, 0.7, 1, 0.6). */
const lossOf = (y: tf.Tensor): tf.Tensor => tf.reduceSum(tf.mul(y, pattern(y.shape, 0.7, 1, 0.6)));

/** Keras' config keys in camelCase. */
const camel = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

describe('the adaptive poolings against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the output, its shape and computeOutputShape', (name) => {
    const want = fixture.layers[name]!;
    const [make, input] = CASES[name]!;
    const layer = make();
    const y = layer(input());
    expect(y.shape).toEqual(want.output_shape);
    expectClose(y, want.output, `${name} output`);
    expect(layer.computeOutputShape([null, ...want.input_shape.slice(1)])).toEqual(want.computed_output_shape);
    expect(layer.weights).toEqual([]);
  });

  it.each(Object.keys(CASES))('%s: the gradient of the input, eager and inside tf.function', (name) => {
    const [make, input] = CASES[name]!;
    const layer = make();
    expectKerasGradients(name, (x) => lossOf(layer(x)), [input()], [], fixture.layers[name]!, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' config; fromConfig and deserialize(serialize) make the same layer", (name) => {
    const [make, input] = CASES[name]!;
    const layer = make();
    const { name: _n, trainable: _t, dtype: _d, ...own } = layer.getConfig();
    expect(own).toEqual(camel(fixture.layers[name]!.config));
    const x = input();
    for (const twin of [(layer.constructor as typeof tf.keras.layers.Layer).fromConfig(layer.getConfig()), tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))]) {
      expect(twin.constructor).toBe(layer.constructor);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      expect(values(twin(x))).toEqual(values(layer(x)));
    }
  });

  it("Keras' messages for bad options", () => {
    const e = fixture.errors;
    const cases: [() => unknown, string, string][] = [
      [() => new L.AdaptiveAveragePooling1D([2, 3]), 'keras.layers.AdaptiveAveragePooling1D: For 1D input, `outputSize` tuple must have length 1. Received: (2, 3)', e.avg1d_length!],
      [() => new L.AdaptiveMaxPooling1D('3' as never), "keras.layers.AdaptiveMaxPooling1D: `outputSize` must be an integer or tuple of 1 integer. Received: '3'", e.max1d_type!],
      [() => new L.AdaptiveAveragePooling2D([2, 3, 4]), 'keras.layers.AdaptiveAveragePooling2D: `outputSize` must be an integer or (height, width) tuple. Received: (2, 3, 4)', e.avg2d_tuple!],
      [() => new L.AdaptiveMaxPooling3D([2, 3]), 'keras.layers.AdaptiveMaxPooling3D: `outputSize` must be an integer or (depth, height, width) tuple. Received: (2, 3)', e.max3d_tuple!],
      [() => new L.AdaptiveMaxPooling2D(2, { dataFormat: 'channels_middle' as never }), "keras.layers.AdaptiveMaxPooling2D: Invalid dataFormat: channels_middle. Expected 'channels_first' or 'channels_last'.", e.data_format!],
    ];
    for (const [make, message, keras] of cases) {
      expect(make).toThrow(message);
      // Keras' own text, but for its snake_case option names and Python's type suffix.
      const core = message.replace(/^keras\.layers\.\w+: /, '').replace('outputSize', 'output_size').replace('dataFormat', 'data_format');
      expect(keras.replace(/^\w+Error: /, '').replace(/ of type <class '\w+'>$/, '').replace("Received: 3", "Received: '3'")).toBe(core);
    }
  });
});

describe('the adaptive bins', () => {
  it("are PyTorch's: [floor(i·n/m), ceil((i+1)·n/m)), overlapping where m does not divide n, repeating where m > n", () => {
    const pool = (n: number, m: number): number[] => values(new L.AdaptiveAveragePooling1D(m)(tf.reshape(tf.range(0, n, 1, 'float32'), [1, n, 1])));
    expect(pool(8, 3)).toEqual([1, 3.5, 6]); // [0, 3), [2, 6), [5, 8)
    expect(pool(6, 3)).toEqual([0.5, 2.5, 4.5]);
    expect(pool(3, 5)).toEqual([0, 0.5, 1, 1.5, 2]); // [0, 1), [0, 2), [1, 2), [1, 3), [2, 3)
    const global = new L.AdaptiveMaxPooling2D(1)(IMG());
    expect(values(global)).toEqual(values(new L.GlobalMaxPooling2D({ keepdims: true })(IMG())));
  });
});
