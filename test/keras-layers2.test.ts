// The reshaping, activation, noise, normalization and preprocessing layers added to the first set
// (Lambda, Identity, Permute, RepeatVector, UpSampling, ZeroPadding, Cropping, 3-D pooling, LeakyReLU, PReLU,
// ELU, GaussianNoise, GaussianDropout, AlphaDropout, SpatialDropout, ActivityRegularization,
// UnitNormalization, RMSNormalization, GroupNormalization, Rescaling, Normalization) against Keras 3.15.1. Every
// number of test/fixtures/keras-layers2.json comes from Keras 3.15.1 (JAX backend, float32) via
// scripts/keras_layers2_fixtures.py, which builds the same layers with the same weights and
// inputs (made by `pattern`, repeated here): outputs, output shapes, compute_output_shape, the
// layers' configs, the gradients of a fixed loss (jax.grad of the layer's stateless_call, with
// respect to the weights and the input), Normalization.adapt's statistics and Keras' messages for
// bad options. float32 results agree within 1e-5 relative (plus 1e-6 absolute). The random layers
// are checked by what their draws must satisfy, not by Keras' random numbers.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectKerasGradients, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase {
  input_shape: number[];
  output: number[];
  output_shape: number[];
  computed_output_shape: (number | null)[];
  weight_names: string[];
  weight_shapes: number[][];
  config: Record<string, unknown>;
  loss: number;
  grads: number[][];
  losses?: number[];
}
interface AdaptCase { mean: number[]; variance: number[]; mean_shape: number[]; output: number[]; weight_names: string[] }
interface Fixture { layers: Record<string, LayerCase>; adapt: Record<string, AdaptCase>; adapt_data_shape: number[]; errors: Record<string, string> }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-layers2.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

// The script's inputs.
const SEQ = (): tf.Tensor => pattern([2, 5, 3], 0.3, 0.8, 0.9);
const IMG = (): tf.Tensor => pattern([2, 3, 4, 2], 0.2, 1, 0.7);
const IMG_CF = (): tf.Tensor => pattern([2, 2, 3, 4], 0.2, 1, 0.7);
const VEC = (): tf.Tensor => pattern([2, 4], 0.5, 1.5, 1.1);
const PIXELS = (): tf.Tensor => tf.round(tf.add(pattern([2, 3, 4, 2], 0.1, 127.5, 0.4), 127.5));
const CH6 = (): tf.Tensor => pattern([2, 3, 6], 0.4, 2, 0.8);
const VOL = (): tf.Tensor => pattern([2, 3, 4, 5, 2], 0.6, 1, 0.45);
const VOL_CF = (): tf.Tensor => pattern([2, 2, 3, 4, 5], 0.6, 1, 0.45);

/** Each case's layer and input, as the script makes them. */
const CASES: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor]> = {
  permute: [() => new L.Permute([3, 1, 2]), IMG],
  repeat_vector: [() => new L.RepeatVector(3), VEC],
  up_sampling1d: [() => new L.UpSampling1D({ size: 3 }), SEQ],
  up_sampling2d_nearest: [() => new L.UpSampling2D({ size: [2, 3] }), IMG],
  up_sampling2d_nearest_cf: [() => new L.UpSampling2D({ size: 2, dataFormat: 'channels_first' }), IMG_CF],
  up_sampling2d_bilinear: [() => new L.UpSampling2D({ size: [2, 3], interpolation: 'bilinear' }), IMG],
  up_sampling2d_bilinear_cf: [() => new L.UpSampling2D({ size: [3, 2], dataFormat: 'channels_first', interpolation: 'bilinear' }), IMG_CF],
  up_sampling2d_lanczos3: [() => new L.UpSampling2D({ size: [2, 3], interpolation: 'lanczos3' }), IMG],
  up_sampling2d_lanczos5: [() => new L.UpSampling2D({ size: [2, 2], interpolation: 'lanczos5' }), IMG],
  zero_padding1d: [() => new L.ZeroPadding1D({ padding: [1, 2] }), SEQ],
  zero_padding1d_cf: [() => new L.ZeroPadding1D({ padding: 2, dataFormat: 'channels_first' }), SEQ],
  zero_padding2d: [() => new L.ZeroPadding2D({ padding: [[1, 0], [2, 1]] }), IMG],
  zero_padding2d_cf: [() => new L.ZeroPadding2D({ padding: [1, 2], dataFormat: 'channels_first' }), IMG_CF],
  cropping1d: [() => new L.Cropping1D({ cropping: [1, 2] }), SEQ],
  cropping2d: [() => new L.Cropping2D({ cropping: [[1, 0], [0, 2]] }), IMG],
  cropping2d_cf: [() => new L.Cropping2D({ cropping: 1, dataFormat: 'channels_first' }), IMG_CF],
  up_sampling3d: [() => new L.UpSampling3D({ size: [2, 1, 3] }), VOL],
  up_sampling3d_cf: [() => new L.UpSampling3D({ size: 2, dataFormat: 'channels_first' }), VOL_CF],
  zero_padding3d: [() => new L.ZeroPadding3D({ padding: [[1, 0], [0, 2], [1, 1]] }), VOL],
  zero_padding3d_default: [() => new L.ZeroPadding3D(), VOL],
  zero_padding3d_cf: [() => new L.ZeroPadding3D({ padding: [1, 0, 2], dataFormat: 'channels_first' }), VOL_CF],
  cropping3d: [() => new L.Cropping3D({ cropping: [[1, 0], [0, 2], [2, 1]] }), VOL],
  cropping3d_default: [() => new L.Cropping3D(), VOL],
  cropping3d_cf: [() => new L.Cropping3D({ cropping: [[0, 1], 1, [2, 0]], dataFormat: 'channels_first' }), VOL_CF],
  cropping3d_symmetric_cf: [() => new L.Cropping3D({ cropping: [1, 0, 1], dataFormat: 'channels_first' }), VOL_CF],
  leaky_relu: [() => new L.LeakyReLU(), SEQ],
  leaky_relu_slope: [() => new L.LeakyReLU({ negativeSlope: 0.05 }), SEQ],
  elu: [() => new L.ELU({ alpha: 0.7 }), SEQ],
  prelu: [() => new L.PReLU(), SEQ],
  prelu_shared: [() => new L.PReLU({ sharedAxes: [1, 2] }), IMG],
  unit_normalization: [() => new L.UnitNormalization(), SEQ],
  unit_normalization_axes: [() => new L.UnitNormalization({ axis: [1, 2] }), IMG],
  group_normalization: [() => new L.GroupNormalization({ groups: 3 }), CH6],
  group_normalization_instance: [() => new L.GroupNormalization({ groups: -1, epsilon: 0.01 }), CH6],
  group_normalization_axis1: [() => new L.GroupNormalization({ groups: 2, axis: 1, center: false }), () => pattern([2, 4, 3], 0.9, 1.5, 0.6)],
  rescaling: [() => new L.Rescaling(1 / 127.5, { offset: -1 }), PIXELS],
  rescaling_vector: [() => new L.Rescaling([0.5, 2], { offset: [1, -1] }), IMG],
  normalization_given: [() => new L.Normalization({ mean: [0.1, -0.2, 0.3], variance: [0.5, 2, 0.25] }), SEQ],
  normalization_given_invert: [() => new L.Normalization({ mean: [0.1, -0.2, 0.3], variance: [0.5, 2, 0.25], invert: true }), SEQ],
  normalization_given_scalar: [() => new L.Normalization({ axis: null, mean: 0.2, variance: 3 }), SEQ],
  normalization_given_axes: [() => new L.Normalization({ axis: [1, 2], mean: pattern([5, 3], 0.1), variance: tf.add(tf.square(pattern([5, 3], 0.2)), 0.1) }), SEQ],
  activity_regularization: [() => new L.ActivityRegularization({ l1: 0.01, l2: 0.02 }), SEQ],
  identity: [() => new L.Identity(), SEQ],
  max_pooling3d: [() => new L.MaxPooling3D(), VOL],
  max_pooling3d_same_cf: [() => new L.MaxPooling3D({ poolSize: [2, 3, 2], strides: [1, 2, 2], padding: 'same', dataFormat: 'channels_first' }), VOL_CF],
  average_pooling3d: [() => new L.AveragePooling3D({ poolSize: [3, 2, 2], strides: 1 }), VOL],
  average_pooling3d_same: [() => new L.AveragePooling3D({ poolSize: 2, padding: 'same' }), VOL],
  global_average_pooling3d: [() => new L.GlobalAveragePooling3D(), VOL],
  global_max_pooling3d_cf_keepdims: [() => new L.GlobalMaxPooling3D({ dataFormat: 'channels_first', keepdims: true }), VOL_CF],
  rms_normalization: [() => new L.RMSNormalization(), SEQ],
  rms_normalization_axes: [() => new L.RMSNormalization({ axis: [-1, -2], epsilon: 0.01 }), IMG],
};

/** A case's layer built for its input, with the script's weights (`pattern(shape, i + 1)` for weight i). */
function fixtureLayer(name: string): { layer: tf.keras.layers.Layer; x: tf.Tensor } {
  const [make, input] = CASES[name]!;
  const layer = make();
  const x = input();
  layer.build(x.shape);
  if (layer.weights.length > 0) setPatternWeights(layer);
  return { layer, x };
}

/** The fixture's loss: sum(output · C), C = pattern(output's shape, 0.7, 1, 0.6). */
const lossOf = (y: tf.Tensor): tf.Tensor => tf.reduceSum(tf.mul(y, pattern(y.shape, 0.7, 1, 0.6)));

/** Keras' config in gradtape's spelling: keys in camelCase, `{class_name, config}` objects as `{className, config}`. */
function asGradtapeConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asGradtapeConfig);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('class_name' in o) return { className: o.class_name, config: asGradtapeConfig(o.config) };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), asGradtapeConfig(v)]));
  }
  return value;
}

/** A layer's config without the base keys (name, trainable, dtype), as the fixture keeps Keras'. */
function ownConfig(layer: tf.keras.layers.Layer): Record<string, unknown> {
  const { name, trainable, dtype, ...rest } = layer.getConfig();
  void name, void trainable, void dtype;
  return rest;
}

/** Configs equal, float arrays (Normalization's mean and variance) compared as float32. */
function expectSameConfig(got: Record<string, unknown>, want: Record<string, unknown>, what: string): void {
  const toF32 = (v: unknown): unknown => (typeof v === 'number' ? Math.fround(v) : Array.isArray(v) ? v.map(toF32) : v);
  expect(Object.keys(got).sort(), `${what} keys`).toEqual(Object.keys(want).sort());
  for (const key of Object.keys(want)) {
    if (key === 'mean' || key === 'variance' || key === 'scale' || key === 'offset') expect(toF32(got[key]), `${what} ${key}`).toEqual(toF32(want[key]));
    else expect(got[key], `${what} ${key}`).toEqual(want[key]);
  }
}

describe('the layers against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the output, its shape, computeOutputShape and the weights', (name) => {
    const want = fixture.layers[name]!;
    const { layer, x } = fixtureLayer(name);
    const y = layer(x);
    expect(y.shape).toEqual(want.output_shape);
    expectClose(y, want.output, `${name} output`);
    expect(layer.computeOutputShape([null, ...want.input_shape.slice(1)])).toEqual(want.computed_output_shape);
    expect(layer.weights.map((w) => w.name)).toEqual(want.weight_names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.weight_shapes);
    if (want.losses) expectClose(layer.losses.map((t) => t.item() as number), want.losses, `${name} losses`);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and the input, eager and inside tf.function', (name) => {
    const { layer, x } = fixtureLayer(name);
    expectKerasGradients(name, (input) => lossOf(layer(input)), [x], layer.trainableWeights, fixture.layers[name]!, 1);
  });

  it.each(Object.keys(CASES))("%s: Keras' config; fromConfig and deserialize(serialize) make a layer of the same outputs", (name) => {
    const { layer, x } = fixtureLayer(name);
    expectSameConfig(ownConfig(layer), asGradtapeConfig(fixture.layers[name]!.config) as Record<string, unknown>, name);
    const y = values(layer(x));
    const twins = [(layer.constructor as typeof tf.keras.layers.Layer).fromConfig(layer.getConfig()), tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))];
    for (const twin of twins) {
      expect(twin.constructor).toBe(layer.constructor);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      if (!twin.built) twin.build(x.shape);
      if (layer.weights.length > 0) twin.setWeights(layer.getWeights());
      expect(values(twin(x))).toEqual(y);
    }
  });

  it("UpSampling2D 'bicubic' is TensorFlow's (Keras' TensorFlow backend), not jax.image.resize's Keys cubic (Keras' JAX backend)", () => {
    const x = IMG();
    const y = new L.UpSampling2D({ size: [2, 3], interpolation: 'bicubic' })(x);
    expect(values(y)).toEqual(values(tf.image.resize(x, [6, 12], 'bicubic')));
    const jax = fixture.layers.up_sampling2d_bicubic!.output;
    // TensorFlow's cubic has a = -0.75, JAX's a = -0.5: the images differ between the sample
    // points, by more than float32 rounding; TensorFlow's Keys cubic (scale_and_translate, which
    // its antialiased bicubic runs; for enlarging the same as without) gives JAX's numbers.
    const worst = values(y).reduce((m, v, i) => Math.max(m, Math.abs(v - jax[i]!)), 0);
    expect(worst).toBeGreaterThan(1e-4);
    expectClose(tf.image.resize(x, [6, 12], 'bicubic', false, true), jax, 'Keys cubic');
  });
});

describe('Normalization.adapt, as Keras 3.15.1', () => {
  const DATA = (): tf.Tensor => tf.add(pattern(fixture.adapt_data_shape, 0.6, 2, 0.45), 1);
  const OPTIONS: Record<string, tf.NormalizationOptions> = { last: {}, none: { axis: null }, axes12: { axis: [1, 2] }, first_feature_axis: { axis: 1 } };

  it.each(Object.keys(OPTIONS))('axis %s: the mean and variance over the other axes, in the weights; the outputs', (key) => {
    const want = fixture.adapt[key]!;
    const norm = new L.Normalization(OPTIONS[key]);
    norm.adapt(DATA());
    expect(norm.adaptMean!.shape).toEqual(want.mean_shape);
    expectClose(norm.adaptMean!, want.mean, `${key} mean`);
    expectClose(norm.adaptVariance!, want.variance, `${key} variance`);
    expect(norm.weights.map((w) => w.name)).toEqual(want.weight_names);
    expect(norm.trainableWeights).toEqual([]);
    expectClose(norm(tf.slice(SEQ(), [0, 0, 0], [2, 4, 3])), want.output, `${key} output`);
  });

  it('adapt again replaces the statistics; data of other kept sizes and a layer given its mean are refused', () => {
    const norm = new L.Normalization();
    norm.adapt([[0, 0], [2, 4]]);
    norm.adapt([[1, 10], [3, 30]]);
    expect(norm.adaptMean!.arraySync()).toEqual([2, 20]);
    expect(() => norm.adapt([[1, 2, 3]])).toThrow('keras.layers.Normalization.adapt: The layer was built with input_shape=(2, 2), but adapt() is being called with data with an incompatible shape, data.shape=(1, 3)');
    expect(() => new L.Normalization({ mean: 0, variance: 1 }).adapt([1, 2])).toThrow(/the layer was given its mean and variance/);
  });

  it('an adapted layer saved and loaded keeps its statistics (non-trainable weights)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Normalization()]);
    (model.layers[0] as tf.keras.layers.Normalization).adapt([[1, 10], [3, 30]]);
    const twin = tf.keras.models.fromBytes(model.toBytes());
    expect(values(twin.predict(tf.constant([[2, 40]])))).toEqual([0, 2]);
  });
});

describe('inside models', () => {
  /** `layers` applied in turn to `x` (a batch of 2), to a KerasTensor of its sample shape and to
   * computeOutputShape: the symbolic shapes must be computeOutputShape's, the eager ones the same
   * with the batch. Returns the last shape and the eager output. */
  function chainShapes(layers: tf.keras.layers.Layer[], x: tf.Tensor): { shape: (number | null)[]; eager: tf.Tensor } {
    let shape: (number | null)[] = [null, ...x.shape.slice(1)];
    let symbolic = tf.keras.Input(x.shape.slice(1));
    let eager = x;
    for (const layer of layers) {
      shape = layer.computeOutputShape(shape);
      symbolic = layer.apply(symbolic);
      eager = layer(eager);
      expect(symbolic.shape, layer.name).toEqual(shape);
      expect(eager.shape, layer.name).toEqual([x.shape[0], ...shape.slice(1)]);
    }
    return { shape, eager };
  }

  it('the image layers in a Sequential and on KerasTensors: symbolic shapes as computeOutputShape, predict as eager calls', () => {
    const layers = [
      new L.ZeroPadding2D({ padding: 1 }), new L.Cropping2D({ cropping: [[1, 0], [0, 1]] }), new L.UpSampling2D({ interpolation: 'bilinear' }),
      new L.PReLU({ sharedAxes: [1, 2], alphaInitializer: new tf.keras.initializers.Constant({ value: 0.25 }) }), new L.SpatialDropout2D(0.5),
      new L.GroupNormalization({ groups: 2 }), new L.GaussianNoise(0.1), new L.Permute([3, 1, 2]), new L.UnitNormalization({ axis: [2, 3] }),
    ];
    const model = new tf.keras.Sequential([tf.keras.Input([3, 4, 2]), ...layers]);
    const { shape, eager } = chainShapes(layers, IMG());
    expect(shape).toEqual([null, 2, 8, 10]);
    expect(values(model.predict(IMG()))).toEqual(values(eager));
  });

  it('the volume layers in a Sequential and on KerasTensors (channels first too), and a model of them saved and loaded', () => {
    const layers = [
      new L.ZeroPadding3D({ padding: [[1, 0], 0, [0, 2]], dataFormat: 'channels_first' }), new L.UpSampling3D({ size: [1, 2, 1], dataFormat: 'channels_first' }),
      new L.Cropping3D({ cropping: [[1, 1], [0, 3], 2], dataFormat: 'channels_first' }),
    ];
    const model = new tf.keras.Sequential([tf.keras.Input([2, 3, 4, 5]), ...layers]);
    const { shape, eager } = chainShapes(layers, VOL_CF());
    expect(shape).toEqual([null, 2, 2, 5, 3]);
    expect(values(model.predict(VOL_CF()))).toEqual(values(eager));
    expect(values(tf.keras.models.fromBytes(model.toBytes()).predict(VOL_CF()))).toEqual(values(eager));
  });

  it('a functional model of the sequence layers: symbolic shapes, predict, and the penalty of ActivityRegularization in the loss evaluate gives', () => {
    const inputs = tf.keras.Input([5, 3]);
    let h = new L.Rescaling(2, { offset: 0.5 }).apply(inputs);
    h = new L.ZeroPadding1D({ padding: [1, 0] }).apply(h);
    h = new L.Cropping1D({ cropping: [0, 1] }).apply(h);
    h = new L.UpSampling1D({ size: 2 }).apply(h);
    h = new L.LeakyReLU({ negativeSlope: 0.1 }).apply(h);
    h = new L.ActivityRegularization({ l2: 0.5 }).apply(h);
    h = new L.Lambda((x: tf.Tensor) => tf.reduceMean(x, 1)).apply(h);
    h = new L.RepeatVector(2).apply(h);
    const outputs = new L.Dense(1, { kernelInitializer: 'ones' }).apply(new L.ELU().apply(h));
    expect([h.shape, outputs.shape]).toEqual([[null, 2, 3], [null, 2, 1]]);
    const model = new tf.keras.Model({ inputs, outputs });
    const x = SEQ();
    const y = model.predict(x);
    expect(y.shape).toEqual([2, 2, 1]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const zeros = tf.zeros([2, 2, 1]);
    const evaluated = model.evaluate(x, zeros) as number;
    const mse = tf.reduceMean(tf.square(y)).item() as number;
    expect(evaluated).toBeGreaterThan(mse); // mse + the activity penalty
    const penalty = model.layers.find((l) => l instanceof L.ActivityRegularization)!;
    model.apply(x);
    expect(evaluated).toBeCloseTo(mse + (penalty.losses[0]!.item() as number), 4);
  });

  it('a Lambda without outputShape is run on zeros for its symbolic shape; with one, its shape is given', () => {
    const inputs = tf.keras.Input([4, 3]);
    const run = vi.fn((x: tf.Tensor) => tf.concat([x, x], -1));
    expect(new L.Lambda(run).apply(inputs).shape).toEqual([null, 4, 6]);
    expect(run).toHaveBeenCalled();
    const given = vi.fn((x: tf.Tensor) => tf.concat([x, x], -1));
    expect(new L.Lambda(given, { outputShape: [4, 6] }).apply(inputs).shape).toEqual([null, 4, 6]);
    expect(new L.Lambda(given, { outputShape: (s) => [(s as (number | null)[])[0]!, 24] }).apply(inputs).shape).toEqual([null, 24]);
    expect(given).not.toHaveBeenCalled();
  });
});

describe('masks', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const masked = (): tf.Tensor => new L.Masking()(tf.mul(SEQ(), tf.reshape([1, 1, 0, 1, 1, 0, 1, 1, 1, 1], [2, 5, 1])));
  const MASK = [true, true, false, true, true, false, true, true, true, true];

  it("the layers Keras marks supports_masking pass the input's mask on unchanged", () => {
    const passing = [
      new L.LeakyReLU(), new L.ELU(), new L.PReLU(), new L.Identity(), new L.GaussianNoise(0.1), new L.GaussianDropout(0.1), new L.AlphaDropout(0.1),
      new L.SpatialDropout1D(0.1), new L.ActivityRegularization({ l1: 0.1 }), new L.UnitNormalization(), new L.GroupNormalization({ groups: 1 }),
      new L.Rescaling(2), new L.Normalization({ mean: 0, variance: 1 }),
    ];
    for (const layer of passing) {
      expect(layer.supportsMasking, layer.name).toBe(true);
      expect(values(tf.cast(layer(masked(), { training: true }).kerasMask!, 'float32')), layer.name).toEqual(MASK.map(Number));
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('the reshaping layers (Keras: no supports_masking) stop the mask, with Keras\' warning', () => {
    for (const layer of [new L.Permute([2, 1]), new L.UpSampling1D(), new L.ZeroPadding1D(), new L.Cropping1D(), new L.Lambda((x: tf.Tensor) => tf.mul(x, 1))]) {
      expect(layer.supportsMasking, layer.name).toBe(false);
      expect(layer(masked()).kerasMask, layer.name).toBeNull();
    }
    expect(warn).toHaveBeenCalledTimes(5);
    expect(String(warn.mock.calls[0]![0])).toContain("Layer 'permute' (of type Permute) was passed an input with a mask attached to it. However, this layer does not support masking");
  });

  it("a Lambda's mask function gives its outputs' mask; its function sees the call's mask and training", () => {
    const seen: unknown[] = [];
    const lambda = new L.Lambda((x: tf.Tensor, o) => {
      seen.push(o.training, o.mask === null ? null : values(tf.cast(o.mask as tf.Tensor, 'float32')), o.factor);
      return tf.mul(x, o.factor as number);
    }, { mask: (_, mask) => tf.logicalNot(mask as tf.Tensor), arguments: { factor: 3 } });
    const y = lambda(masked(), { training: true });
    expect(seen).toEqual([true, MASK.map(Number), 3]);
    expect(values(tf.cast(y.kerasMask!, 'float32'))).toEqual(MASK.map((m) => Number(!m)));
    expectClose(y, values(tf.mul(masked(), 3)));
  });
});

describe('the random layers: identity in inference; in training, draws of the right structure and statistics', () => {
  const ones = tf.ones([8, 50, 40]);

  it('GaussianNoise: x + N(0, stddev²) in training, x in inference; a seed repeats the draws', () => {
    const layer = new L.GaussianNoise(0.2, { seed: 7 });
    expect(layer(ones)).toBe(ones);
    const noise = values(tf.sub(layer(ones, { training: true }), 1));
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.005);
    expect(values(new L.GaussianNoise(0.2, { seed: 7 })(ones, { training: true }))).toEqual(values(new L.GaussianNoise(0.2, { seed: 7 })(ones, { training: true })));
  });

  it('GaussianDropout: x · N(1, rate / (1 - rate)) in training, x in inference', () => {
    // Seeded so the draw is the same every run; the bounds are 5 standard errors of the 16,000-sample
    // mean (0.5 / sqrt(16000) = 0.004) and variance (0.25 · sqrt(2 / 16000) = 0.0028).
    const layer = new L.GaussianDropout(0.2, { seed: 11 });
    expect(layer(ones)).toBe(ones);
    const y = values(layer(tf.mul(ones, 3), { training: true })).map((v) => v / 3);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance - 0.25)).toBeLessThan(0.014);
  });

  it("AlphaDropout: dropped units at a·α' + b, kept ones at a·x + b (Keras' affine constants); mean and variance kept", () => {
    const rate = 0.3;
    const saturation = -1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;
    const a = ((1 - rate) * (1 + rate * saturation ** 2)) ** -0.5;
    const b = -a * saturation * rate;
    const layer = new L.AlphaDropout(rate, { seed: 3 });
    const x = tf.random.normal([16000], { seed: 5 });
    expect(layer(x)).toBe(x);
    const y = values(layer(x, { training: true }));
    const xs = values(x);
    let dropped = 0;
    y.forEach((v, i) => {
      const isDropped = Math.abs(v - (a * saturation + b)) < 1e-5;
      if (isDropped) dropped++;
      else expect(v).toBeCloseTo(a * xs[i]! + b, 5);
    });
    expect(Math.abs(dropped / y.length - rate)).toBeLessThan(0.015);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('SpatialDropout1D, 2D and 3D zero whole channels (every step or pixel alike), scale the rest by 1 / (1 - rate)', () => {
    const sequence = new L.SpatialDropout1D(0.5, { seed: 1 });
    expect(sequence(ones)).toBe(ones);
    const y = sequence(ones, { training: true }).arraySync() as number[][][];
    let zeroed = 0;
    for (const sample of y) {
      for (const step of sample) expect(step).toEqual(sample[0]);
      for (const v of sample[0]!) {
        expect([0, 2]).toContain(v);
        if (v === 0) zeroed++;
      }
    }
    expect(Math.abs(zeroed / (8 * 40) - 0.5)).toBeLessThan(0.1);
    const images = tf.ones([4, 3, 5, 6]);
    for (const dataFormat of ['channels_last', 'channels_first'] as const) {
      const z = new L.SpatialDropout2D(0.5, { dataFormat, seed: 2 })(images, { training: true });
      const perChannel = (dataFormat === 'channels_last' ? tf.transpose(z, [0, 3, 1, 2]) : z).arraySync() as number[][][][];
      for (const sample of perChannel) for (const channel of sample) expect(new Set(channel.flat()).size, dataFormat).toBe(1);
    }
    expect(new L.SpatialDropout2D(0.5, { dataFormat: 'channels_first' }).getConfig()).toMatchObject({ rate: 0.5, seed: null, dataFormat: 'channels_first' });
    const volumes = tf.ones([3, 2, 3, 2, 5]);
    for (const dataFormat of ['channels_last', 'channels_first'] as const) {
      const z = new L.SpatialDropout3D(0.5, { dataFormat, seed: 3 })(volumes, { training: true });
      const perChannel = (dataFormat === 'channels_last' ? tf.transpose(z, [0, 4, 1, 2, 3]) : z).arraySync() as number[][][][][];
      const kept = new Set<number>();
      for (const sample of perChannel) for (const channel of sample) {
        const seen = new Set(channel.flat(2));
        expect(seen.size, dataFormat).toBe(1);
        kept.add([...seen][0]!);
      }
      expect([...kept].sort(), dataFormat).toEqual([0, 2]);
    }
    expect(() => new L.SpatialDropout3D(0.5)(images)).toThrow(/expected ndim=5, found ndim=4/);
    expect('noiseShape' in new L.SpatialDropout1D(0.5).getConfig()).toBe(false);
    expect(() => new L.SpatialDropout1D(0.5, { noiseShape: [1, 1, 1] } as tf.SpatialDropoutOptions)).toThrow("keras.layers.SpatialDropout1D: unknown option 'noiseShape'; the options are seed, name, trainable, dtype, activityRegularizer, inputShape.");
  });
});

describe('Lambda serialization: by the function\'s name only', () => {
  it('toJson writes a named function by name; loading needs it in customObjects; an unnamed function cannot be saved', () => {
    function double(x: tf.Tensor): tf.Tensor {
      return tf.mul(x, 2);
    }
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Lambda(double)]);
    const json = model.toJson();
    expect(JSON.parse(json).config.layers.at(-1).config.function).toEqual({ className: 'function', config: 'double' });
    expect(() => tf.keras.models.modelFromJson(json)).toThrow("Unknown function: 'double'. Pass it in customObjects: { customObjects: { double } }.");
    const twin = tf.keras.models.modelFromJson(json, { customObjects: { double } });
    expect(values(twin.predict(tf.constant([[1, 2]])))).toEqual([2, 4]);
    const unnamed = new tf.keras.Sequential([tf.keras.Input([2]), new L.Lambda((x: tf.Tensor) => tf.mul(x, 2))]);
    expect(() => unnamed.toJson()).toThrow(/config\.layers\[1\]\.config\.function is a function without a name, which cannot be saved/);
  });
});

describe("bad options: Keras' messages", () => {
  /** Keras' message without its exception class. */
  const keras = (key: string): string => fixture.errors[key]!.replace(/^\w+: /, '');

  it('the reshaping layers', () => {
    expect(keras('permute')).toBe('Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=(1, 3)');
    expect(() => new L.Permute([1, 3])).toThrow('keras.layers.Permute: Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=[1, 3]');
    expect(() => new L.RepeatVector(0)).toThrow(`keras.layers.RepeatVector: ${keras('repeat_vector')}`);
    expect(() => new L.RepeatVector(1.5)).toThrow('keras.layers.RepeatVector: Expected an integer value for `n`, got 1.5.');
    expect(() => new L.UpSampling1D({ size: 0 })).toThrow(`keras.layers.UpSampling1D: ${keras('up_sampling1d')}`);
    expect(keras('up_sampling2d')).toBe('The `size` argument must be a tuple of 2 integers. Received size=(2, 0), including values {0} that do not satisfy `value > 0`');
    expect(() => new L.UpSampling2D({ size: [2, 0] })).toThrow('keras.layers.UpSampling2D: The `size` argument must be a tuple of 2 integers. Received size=[2, 0], including values {0} that do not satisfy `value > 0`');
    expect(() => new L.UpSampling2D({ interpolation: 'cubic' as tf.UpSamplingInterpolation })).toThrow(/Invalid value for argument `interpolation`/);
    expect(keras('zero_padding2d')).toBe('`padding` should have two elements. Received: padding=(1, 2, 3).');
    expect(() => new L.ZeroPadding2D({ padding: [1, 2, 3] })).toThrow('keras.layers.ZeroPadding2D: `padding` should have two elements. Received: padding=[1, 2, 3].');
    expect(() => new L.Cropping2D({ cropping: -1 })).toThrow(`keras.layers.Cropping2D: ${keras('cropping2d_negative')}`);
    expect(keras('cropping1d_large')).toContain('`cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: inputs.shape=(2, 5, 3), cropping=(2, 3)');
    expect(() => new L.Cropping1D({ cropping: [2, 3] })(SEQ())).toThrow('keras.layers.Cropping1D: `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: inputs.shape=(2, 5, 3), cropping=[2, 3]');
    expect(keras('cropping2d_large')).toContain('Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: inputs.shape=(2, 3, 4, 2), cropping=((2, 1), (0, 0))');
    expect(() => new L.Cropping2D({ cropping: [[2, 1], [0, 0]] })(IMG())).toThrow(
      'keras.layers.Cropping2D: Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: inputs.shape=(2, 3, 4, 2), cropping=[[2, 1], [0, 0]]',
    );
    expect(() => new L.Cropping2D({ cropping: [[2, 1], [0, 0]] }).computeOutputShape([null, 3, 4, 2])).toThrow(/Received: input_shape=\(None, 3, 4, 2\)/);
    expect(() => new L.RepeatVector(2, { name: 'repeat_vector' })(SEQ())).toThrow('keras.layers.RepeatVector: Input 0 of layer "repeat_vector" is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (2, 5, 3)');
  });

  it('the 3-D reshaping layers', () => {
    expect(keras('up_sampling3d')).toBe('The `size` argument must be a tuple of 3 integers. Received size=(2, 0, 1), including values {0} that do not satisfy `value > 0`');
    expect(() => new L.UpSampling3D({ size: [2, 0, 1] })).toThrow('keras.layers.UpSampling3D: The `size` argument must be a tuple of 3 integers. Received size=[2, 0, 1], including values {0} that do not satisfy `value > 0`');
    expect(() => new L.UpSampling3D({ size: [2, 2] })).toThrow(`keras.layers.UpSampling3D: ${keras('up_sampling3d_length').replace('(2, 2)', '[2, 2]')}`);
    expect(keras('up_sampling3d_ndim')).toMatch(/expected ndim=5, found ndim=4\. Full shape received: \(2, 3, 4, 2\)$/);
    expect(() => new L.UpSampling3D({ name: 'up' })(IMG())).toThrow('keras.layers.UpSampling3D: Input 0 of layer "up" is incompatible with the layer: expected ndim=5, found ndim=4. Full shape received: (2, 3, 4, 2)');
    // Keras prints the value alone (`Received: (1, 2).`); gradtape names it, as for ZeroPadding2D.
    expect(keras('zero_padding3d')).toBe('`padding` should have 3 elements. Received: (1, 2).');
    expect(() => new L.ZeroPadding3D({ padding: [1, 2] })).toThrow('keras.layers.ZeroPadding3D: `padding` should have 3 elements. Received: padding=[1, 2].');
    expect(() => new L.ZeroPadding3D({ padding: [1, [1, 2, 3], 0] })).toThrow(`keras.layers.ZeroPadding3D: ${keras('zero_padding3d_entry').replace('(1, 2, 3)', '[1, 2, 3]')}`);
    expect(() => new L.ZeroPadding3D({ padding: 'same' as never })).toThrow(
      "keras.layers.ZeroPadding3D: `padding` should be either an int, a tuple of 3 ints (symmetric_dim1_pad, symmetric_dim2_pad, symmetric_dim3_pad), or a tuple of 3 tuples of 2 ints ((left_dim1_pad, right_dim1_pad), (left_dim2_pad, right_dim2_pad), (left_dim3_pad, right_dim3_pad)). Received: padding=\"same\".",
    );
    expect(() => new L.Cropping3D({ cropping: -1 })).toThrow(`keras.layers.Cropping3D: ${keras('cropping3d_negative')}`);
    expect(() => new L.Cropping3D({ cropping: [0, -1, 0] })).toThrow(`keras.layers.Cropping3D: ${keras('cropping3d_entry')}`);
    expect(keras('cropping3d_large')).toContain('Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: inputs.shape=(2, 3, 4, 5, 2), cropping=((0, 0), (2, 2), (0, 0))');
    expect(() => new L.Cropping3D({ cropping: [[0, 0], [2, 2], [0, 0]] })(VOL())).toThrow(
      'keras.layers.Cropping3D: Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: inputs.shape=(2, 3, 4, 5, 2), cropping=[[0, 0], [2, 2], [0, 0]]',
    );
    expect(keras('cropping3d_large_shape')).toContain('Received: input_shape=(None, 3, 4, 5, 2), cropping=((0, 0), (0, 0), (3, 2))');
    expect(() => new L.Cropping3D({ cropping: [[0, 0], [0, 0], [3, 2]] }).computeOutputShape([null, 3, 4, 5, 2])).toThrow(
      'keras.layers.Cropping3D: Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=(None, 3, 4, 5, 2), cropping=[[0, 0], [0, 0], [3, 2]]',
    );
  });

  it('the activation, noise and normalization layers', () => {
    expect(keras('leaky_relu')).toBe('The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negative_slope=-0.1');
    expect(() => new L.LeakyReLU({ negativeSlope: -0.1 })).toThrow('keras.layers.LeakyReLU: The negativeSlope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negativeSlope=-0.1');
    expect(() => new L.GaussianNoise(1.5)).toThrow(`keras.layers.GaussianNoise: ${keras('gaussian_noise')}`);
    expect(() => new L.GaussianDropout(1.5)).toThrow(`keras.layers.GaussianDropout: ${keras('gaussian_dropout')}`);
    expect(() => new L.AlphaDropout(-0.5)).toThrow(`keras.layers.AlphaDropout: ${keras('alpha_dropout')}`);
    expect(() => new L.SpatialDropout1D(2)).toThrow(`keras.layers.SpatialDropout1D: ${keras('spatial_dropout')}`);
    expect(keras('normalization_one_given')).toBe('When setting values directly, both `mean` and `variance` must be set. Received: mean=[1.0] and variance=None');
    expect(() => new L.Normalization({ mean: [1] })).toThrow('keras.layers.Normalization: When setting values directly, both `mean` and `variance` must be set. Received: mean=[1] and variance=null');
    expect(() => new L.Normalization({ mean: [1, 2], variance: [1] })).toThrow(`keras.layers.Normalization: ${keras('normalization_shapes')}`);
    expect(keras('normalization_axis')).toBe('All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=3, while axis=(3,)');
    expect(() => new L.Normalization({ axis: 3 })(SEQ())).toThrow('keras.layers.Normalization: All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=3, while axis=[3]');
    expect(() => new L.GroupNormalization({ groups: 0 })).toThrow(`keras.layers.GroupNormalization: ${keras('group_normalization_groups')}`);
    expect(() => new L.GroupNormalization({ groups: 4 })(CH6())).toThrow(`keras.layers.GroupNormalization: ${keras('group_normalization_multiple')}`);
    expect(() => new L.GroupNormalization({ groups: 8 })(CH6())).toThrow(`keras.layers.GroupNormalization: ${keras('group_normalization_more')}`);
    expect(() => new L.UnitNormalization({ axis: 3 }).computeOutputShape([2, 3, 4])).toThrow(`keras.layers.UnitNormalization: ${keras('unit_normalization_axis')}`);
    expect(() => new L.RMSNormalization({ axis: 3 }).computeOutputShape([2, 3, 4])).toThrow(`keras.layers.RMSNormalization: ${keras('rms_normalization_axis')}`);
    expect(() => new L.PReLU({ sharedAxes: [0] })).toThrow(/sharedAxes must be an axis or an array of axes counted from 1/);
    const prelu = new L.PReLU({ sharedAxes: 1, name: 'p_re_lu' });
    prelu(SEQ());
    expect(() => prelu(tf.zeros([2, 5, 4]))).toThrow('keras.layers.PReLU: Input 0 of layer "p_re_lu" is incompatible with the layer: expected axis 2 of input shape to have value 3, but received input with shape (2, 5, 4)');
    expect(() => new L.Lambda(3 as unknown as tf.LambdaFunction)).toThrow('keras.layers.Lambda: expected a function of the inputs, got 3.');
  });
});

describe("Keras' other names for layer classes", () => {
  it('are the same classes (as in Keras: keras.layers.MaxPool2D is keras.layers.MaxPooling2D), and layers.Input is keras.Input', () => {
    const pairs: [unknown, unknown][] = [
      [L.Convolution1D, L.Conv1D], [L.Convolution2D, L.Conv2D], [L.Convolution3D, L.Conv3D],
      [L.Convolution1DTranspose, L.Conv1DTranspose], [L.Convolution2DTranspose, L.Conv2DTranspose], [L.Convolution3DTranspose, L.Conv3DTranspose],
      [L.SeparableConvolution1D, L.SeparableConv1D], [L.SeparableConvolution2D, L.SeparableConv2D],
      [L.MaxPool1D, L.MaxPooling1D], [L.MaxPool2D, L.MaxPooling2D], [L.MaxPool3D, L.MaxPooling3D],
      [L.AvgPool1D, L.AveragePooling1D], [L.AvgPool2D, L.AveragePooling2D], [L.AvgPool3D, L.AveragePooling3D],
      [L.GlobalMaxPool1D, L.GlobalMaxPooling1D], [L.GlobalMaxPool2D, L.GlobalMaxPooling2D], [L.GlobalMaxPool3D, L.GlobalMaxPooling3D],
      [L.GlobalAvgPool1D, L.GlobalAveragePooling1D], [L.GlobalAvgPool2D, L.GlobalAveragePooling2D], [L.GlobalAvgPool3D, L.GlobalAveragePooling3D],
      [L.Input, tf.keras.Input],
    ];
    for (const [alias, cls] of pairs) expect(alias).toBe(cls);
    // A layer made by its other name saves under the class's own name, as Keras'.
    const pool: tf.keras.layers.MaxPool2D = new L.MaxPool2D({ poolSize: 3 });
    expect(tf.keras.layers.serialize(pool).className).toBe('MaxPooling2D');
  });
});
