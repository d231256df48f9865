// tf.keras.layers.SpectralNormalization against Keras 3.15.1. Every number of
// test/fixtures/keras-spectral-normalization.json comes from Keras 3.15.1's TensorFlow backend
// (float32) via scripts/keras_spectral_normalization_fixtures.py, which wraps the same layers
// with the same weights (vector_u too) and inputs (made by `pattern`, repeated here): weight names
// and shapes, the outputs in inference and in training with vector_u and the kernel after a
// training call, the gradients of a fixed loss of a training call (with respect to the trainable
// weights and the input), configs, two epochs of fit and Keras' messages. The TensorFlow backend
// because a training call assigns the normalized kernel to the variable, whose gradient is then
// the one of the variable read after it, as with gradtape's variables (the script says more).
// float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase {
  input_shape: number[];
  weight_names: string[];
  weight_shapes: number[][];
  trainable: boolean[];
  inference: number[];
  training: number[];
  output_shape: number[];
  output_dtype: string;
  vector_u_after: number[];
  kernel_after: number[];
  computed_output_shape: (number | null)[];
  config: Record<string, unknown>;
  loss?: number;
  grads?: number[][];
}
interface Fixture {
  layers: Record<string, LayerCase>;
  fit: { loss: number[]; weights: number[][]; weight_names: string[]; predict: number[] };
  errors: Record<string, string>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-spectral-normalization.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

const VEC = (): tf.Tensor => pattern([4, 5], 0.3, 0.8, 0.9);
const IMG = (): tf.Tensor => pattern([2, 4, 4, 1], 0.2, 1, 0.7);
const IDS = (): tf.Tensor => tf.constant([[0, 2, 5, 1], [3, 3, 4, 0]], 'int32');

const CASES: Record<string, [() => tf.keras.layers.SpectralNormalization, () => tf.Tensor]> = {
  dense: [() => new L.SpectralNormalization(new L.Dense(3)), VEC],
  conv2d_3_iterations: [() => new L.SpectralNormalization(new L.Conv2D(2, 2), { powerIterations: 3 }), IMG],
  embedding: [() => new L.SpectralNormalization(new L.Embedding(6, 3)), IDS],
};

function fresh(name: string): { layer: tf.keras.layers.SpectralNormalization; x: tf.Tensor } {
  const [make, input] = CASES[name]!;
  const layer = make();
  const x = input();
  layer.build(x.shape);
  setPatternWeights(layer);
  return { layer, x };
}

/** Keras' config in gradtape's spelling (camelCase keys, {className, config}), without the
 * initializers' input_axes/output_axes and Dense's quantization_config at their defaults (options
 * gradtape does not have; a `.keras` archive's reader drops them), nor activity_regularizer at
 * None (gradtape's configs hold it when one is set). */
function asGradtapeConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asGradtapeConfig);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('class_name' in o) return { className: o.class_name, config: asGradtapeConfig(o.config) };
    const kept = Object.entries(o).filter(([k, v]) => !(['input_axes', 'output_axes', 'quantization_config', 'activity_regularizer'].includes(k) && v === null));
    return Object.fromEntries(kept.map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), asGradtapeConfig(v)]));
  }
  return value;
}

/** A config without the base keys (name, trainable, dtype), the wrapped layer's too. */
function ownConfig(config: Record<string, unknown>): Record<string, unknown> {
  const { name: _n, trainable: _t, dtype: _d, layer, ...rest } = config;
  const inner = layer as { className: string; config: Record<string, unknown> };
  const { name: _in, trainable: _it, dtype: _id, ...innerRest } = inner.config;
  return { ...rest, layer: { className: inner.className, config: innerRest } };
}

describe('SpectralNormalization against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the weights; inference is the wrapped layer; training assigns vector_u and kernel / σ', (name) => {
    const want = fixture.layers[name]!;
    const { layer, x } = fresh(name);
    expect(layer.weights.map((w) => w.name)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.path)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.weight_shapes);
    expect(layer.weights.map((w) => w.trainable)).toEqual(want.trainable);
    expectClose(layer.apply(x, { training: false }) as tf.Tensor, want.inference, `${name} inference`);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    expect(y.shape).toEqual(want.output_shape);
    expect(y.dtype).toBe(want.output_dtype);
    expectClose(y, want.training, `${name} training`);
    expectClose(layer.vectorU!, want.vector_u_after, `${name} vector_u`);
    expectClose(layer.kernel!, want.kernel_after, `${name} kernel`);
    expect(layer.computeOutputShape([null, ...want.input_shape.slice(1)])).toEqual(want.computed_output_shape);
  });

  it.each(['dense', 'conv2d_3_iterations'])('%s: the gradients of a training call (of the kernel as assigned), eager and inside tf.function', (name) => {
    const want = fixture.layers[name]!;
    // Each evaluation normalizes the kernel again, as a call does: the eager and the compiled runs each start from the fixture's weights.
    const { layer, x } = fresh(name);
    const start = layer.getWeights();
    let runs = 0;
    const lossOf = (input: tf.Tensor): tf.Tensor => {
      if (runs++ > 0) layer.setWeights(start);
      const y = layer.apply(input, { training: true }) as tf.Tensor;
      return tf.reduceSum(tf.mul(y, pattern(y.shape, 0.7, 1, 0.6)));
    };
    expectKerasGradients(name, lossOf, [x], layer.trainableWeights, { loss: want.loss!, grads: want.grads! }, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' config; fromConfig and deserialize(serialize) make the same layer", (name) => {
    const { layer, x } = fresh(name);
    expect(ownConfig(layer.getConfig())).toEqual(asGradtapeConfig(fixture.layers[name]!.config));
    const twins = [L.SpectralNormalization.fromConfig(layer.getConfig()), tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))];
    // (`fresh` built the layer by calling build, which records its build config, as in Keras: the
    // deserialized twin is built by it.)
    expect(twins.map((twin) => twin.built)).toEqual([false, true]);
    for (const twin of twins) {
      expect(twin).toBeInstanceOf(L.SpectralNormalization);
      if (!twin.built) twin.build(x.shape);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      twin.setWeights(layer.getWeights());
      expect(values(twin.apply(x, { training: true }) as tf.Tensor)).toEqual(values(layer.apply(x, { training: true }) as tf.Tensor));
    }
  });

  it('fit: two epochs of SGD as Keras (the kernel normalized at every step, then the gradient applied to it)', () => {
    const want = fixture.fit;
    const model = new tf.keras.Sequential([
      tf.keras.Input([5]),
      new L.SpectralNormalization(new L.Dense(4, { activation: 'tanh' }), { powerIterations: 2 }),
      new L.Dense(1),
    ]);
    setPatternWeights(model);
    expect(model.weights.map((w) => w.name)).toEqual(want.weight_names.map((n) => n.replace(/^sequential\//, '')));
    expect(model.weights.map((w) => w.path)).toEqual(want.weight_names);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const history = model.fit(pattern([8, 5], 0.1, 1, 0.7), pattern([8, 1], 0.4, 1, 1.1), { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    expectClose(history.history.loss!, want.loss, 'loss');
    model.getWeights().forEach((w, i) => expectClose(w, want.weights[i]!, `weight ${i}`));
    expectClose(model.predict(pattern([8, 5], 0.1, 1, 0.7)) as tf.Tensor, want.predict, 'predict');
  });

  it('a .keras archive keeps the kernel and vector_u as the wrapper\'s own variables too, as Keras', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([5]), new L.SpectralNormalization(new L.Dense(4)), new L.Dense(1)]);
    setPatternWeights(model);
    const again = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
    expect(again.getWeights().map(values)).toEqual(model.getWeights().map(values));
    const weights = tf.keras.models.fromBytes(model.toBytes({ format: 'keras' }));
    weights.weightsFromBytes(model.weightsToBytes({ format: 'h5' }));
    expect(weights.getWeights().map(values)).toEqual(model.getWeights().map(values));
  });

  it("Keras' messages", () => {
    const e = fixture.errors;
    expect(() => new L.SpectralNormalization(new L.Dense(2), { powerIterations: 0 })).toThrow('keras.layers.SpectralNormalization: `powerIterations` should be greater than zero. Received: `powerIterations=0`');
    expect(e.power_iterations).toContain('`power_iterations` should be greater than zero. Received: `power_iterations=0`');
    expect(() => new L.SpectralNormalization(new L.Dropout(0.1)).build([null, 3])).toThrow("keras.layers.SpectralNormalization: Dropout object has no attribute 'kernel' nor 'embeddings'");
    expect(e.no_kernel).toBe("ValueError: Dropout object has no attribute 'kernel' nor 'embeddings'");
    expect(() => new L.SpectralNormalization(3 as never)).toThrow("keras.layers.SpectralNormalization: Layer 3 supplied to Wrapper isn't a supported layer type. Please ensure wrapped layer is a valid Keras layer.");
    expect(e.not_a_layer).toBe("ValueError: Layer 3 supplied to Wrapper isn't a supported layer type. Please ensure wrapped layer is a valid Keras layer.");
  });
});
