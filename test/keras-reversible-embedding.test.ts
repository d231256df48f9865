// tf.keras.layers.ReversibleEmbedding against Keras 3.15.1. Every number of
// test/fixtures/keras-reversible-embedding.json comes from Keras 3.15.1 (JAX backend, float32)
// via scripts/keras_reversible_embedding_fixtures.py, which builds the same layers with the same
// weights and inputs (made by `pattern`, repeated here): weight names and shapes, the lookup (and
// its mask) and the reverse call's logits, compute_output_shape both ways, configs, and the
// gradients of a fixed loss of both calls with respect to the weights and the reverse call's
// input (jax.grad of stateless_call). float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, maskOf, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase {
  weight_names: string[];
  weight_shapes: number[][];
  forward: number[];
  forward_shape: number[];
  forward_mask: number[] | null;
  reverse: number[];
  reverse_shape: number[];
  reverse_has_mask: boolean;
  computed_forward: (number | null)[];
  computed_reverse: (number | null)[];
  config: Record<string, unknown>;
  loss: number;
  grads: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-reversible-embedding.json', import.meta.url), 'utf8')) as { layers: Record<string, LayerCase> };

beforeEach(() => tf.keras.backend.clearSession());

const IDS = (): tf.Tensor => tf.constant([[0, 2, 6, 1], [3, 0, 4, 5]], 'int32');
const HIDDEN = (): tf.Tensor => pattern([2, 4, 3], 0.3, 0.8, 0.9);

const CASES: Record<string, () => tf.keras.layers.ReversibleEmbedding> = {
  tied: () => new L.ReversibleEmbedding(7, 3),
  untied_soft_cap: () => new L.ReversibleEmbedding(7, 3, { tieWeights: false, logitSoftCap: 0.5 }),
  mask_zero: () => new L.ReversibleEmbedding(7, 3, { maskZero: true }),
};

function fresh(name: string): tf.keras.layers.ReversibleEmbedding {
  const layer = CASES[name]!();
  layer.build([2, 4]);
  setPatternWeights(layer);
  return layer;
}

/** Keras' config keys in camelCase, `{class_name, config}` as `{className, config}`, without the
 * options gradtape does not have at their defaults (quantization_config) and activity_regularizer
 * at None (gradtape's configs hold it when one is set). */
function asGradtapeConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asGradtapeConfig);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('class_name' in o) return { className: o.class_name, config: asGradtapeConfig(o.config) };
    const kept = Object.entries(o).filter(([k, v]) => !(['quantization_config', 'activity_regularizer'].includes(k) && v === null));
    return Object.fromEntries(kept.map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), asGradtapeConfig(v)]));
  }
  return value;
}

describe('ReversibleEmbedding against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the weights, the lookup and its mask, the reverse logits and the output shapes', (name) => {
    const want = fixture.layers[name]!;
    const layer = fresh(name);
    expect(layer.weights.map((w) => w.name)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.weight_shapes);
    const forward = layer(IDS());
    expect(forward.shape).toEqual(want.forward_shape);
    expectClose(forward, want.forward, `${name} forward`);
    expect(maskOf(forward)).toEqual(want.forward_mask);
    const reverse = layer.apply(HIDDEN(), { reverse: true }) as tf.Tensor;
    expect(reverse.shape).toEqual(want.reverse_shape);
    expectClose(reverse, want.reverse, `${name} reverse`);
    expect(reverse.kerasMask !== null).toBe(want.reverse_has_mask);
    expect(layer.computeOutputShape([null, 4])).toEqual(want.computed_forward);
    expect(layer.computeReverseOutputShape([null, 4, 3])).toEqual(want.computed_reverse);
  });

  it.each(Object.keys(CASES))('%s: the gradients of both calls, eager and inside tf.function', (name) => {
    const layer = fresh(name);
    const lossOf = (hidden: tf.Tensor): tf.Tensor => {
      const f = layer(IDS());
      const r = layer.apply(hidden, { reverse: true }) as tf.Tensor;
      return tf.add(tf.reduceSum(tf.mul(f, pattern(f.shape, 0.7, 1, 0.6))), tf.reduceSum(tf.mul(r, pattern(r.shape, 0.7, 1, 0.6))));
    };
    expectKerasGradients(name, lossOf, [HIDDEN()], layer.trainableWeights, fixture.layers[name]!, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' config; fromConfig and deserialize(serialize) make the same layer", (name) => {
    const layer = fresh(name);
    const { name: _n, trainable: _t, dtype: _d, ...own } = layer.getConfig();
    expect(own).toEqual(asGradtapeConfig(fixture.layers[name]!.config));
    const twins = [L.ReversibleEmbedding.fromConfig(layer.getConfig()), tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))] as tf.keras.layers.ReversibleEmbedding[];
    // (`fresh` built the layer by calling build, which records its build config, as in Keras: the
    // deserialized twin is built by it.)
    expect(twins.map((twin) => twin.built)).toEqual([false, true]);
    for (const twin of twins) {
      expect(twin).toBeInstanceOf(L.ReversibleEmbedding);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      if (!twin.built) twin.build([2, 4]);
      twin.setWeights(layer.getWeights());
      expect(values(twin.apply(HIDDEN(), { reverse: true }))).toEqual(values(layer.apply(HIDDEN(), { reverse: true })));
    }
  });

  it('a functional language model: the tied embedding in and out; reverseDtype computes the logits in float64', () => {
    const ids = tf.keras.Input([6], { dtype: 'int32' });
    const embed = new L.ReversibleEmbedding(10, 4);
    const hidden = new L.Dense(4, { activation: 'tanh' }).apply(embed.apply(ids));
    const logits = embed.apply(hidden, { reverse: true }) as tf.keras.KerasTensor;
    expect(logits.shape).toEqual([null, 6, 10]);
    const model = new tf.keras.Model({ inputs: ids, outputs: logits });
    expect(model.weights.length).toBe(3);
    model.compile({ optimizer: 'adam', loss: new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const history = model.fit(tf.constant([[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]], 'int32'), tf.constant([[2, 3, 4, 5, 6, 7], [5, 4, 3, 2, 1, 0]], 'int32'), { epochs: 2, verbose: 0 });
    expect(history.history.loss!.length).toBe(2);
    const wide = new L.ReversibleEmbedding(5, 2, { reverseDtype: 'float64' });
    wide.build([1, 1]);
    expect((wide.apply(tf.ones([1, 2]), { reverse: true }) as tf.Tensor).dtype).toBe('float64');
    expect(() => new L.ReversibleEmbedding(5, 2, { logitSoftCap: -1 })).toThrow('keras.layers.ReversibleEmbedding: logitSoftCap must be a positive number or null, got -1.');
  });
});
