// Keras 3's positional constructor arguments of the layers, as a ported Python program passes
// them: `LeakyReLU(0.1)`, `BatchNormalization(-1, 0.9)`, `Concatenate(1)`, `ZeroPadding2D(2)`,
// `LSTM(4, 'tanh')`. Each threw "options must be an object" (or crashed) before. Every test checks
// that the positional form gives the options form's config and, where cheap, that the argument
// takes effect; the expected values come from Keras's documented formulas, never from gradtape.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const L = tf.keras.layers;

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const expectClose = (got: number[], want: number[], digits = 5) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));
};
/** A layer's config without its name (two layers never share one). */
const config = (layer: tf.keras.layers.Layer): Record<string, unknown> => {
  const { name: _name, ...rest } = layer.getConfig();
  return rest;
};
const apply = (layer: tf.keras.layers.Layer, x: tf.TensorLike, options?: Record<string, unknown>): tf.Tensor => layer.apply(x, options as never) as tf.Tensor;
/** A constructor called with any arguments, for the error tests (the typings refuse them). */
const loose = (cls: unknown) => cls as new (...args: unknown[]) => tf.keras.layers.Layer;

describe('activation layers', () => {
  it('LeakyReLU(negative_slope): LeakyReLU(0.1) maps -10 to -1', () => {
    expectClose(values(apply(new L.LeakyReLU(0.1), [-10, 5])), [-1, 5]);
    expect(config(new L.LeakyReLU(0.1))).toEqual(config(new L.LeakyReLU({ negativeSlope: 0.1 })));
    expect(() => new (loose(L.LeakyReLU))(0.1, 0.2)).toThrow(/at most 1/);
  });

  it('ReLU(max_value, negative_slope, threshold)', () => {
    // Keras: max_value above it; x for threshold <= x < max_value; negative_slope·(x - threshold) below.
    expectClose(values(apply(new L.ReLU(6, 0.1, 1), [-1, 0.5, 3, 10])), [-0.2, -0.05, 3, 6]);
    expect(config(new L.ReLU(null, 0.5))).toEqual(config(new L.ReLU({ negativeSlope: 0.5 })));
    expect(new L.ReLU(null).maxValue).toBeNull();
  });

  it('Softmax(axis) normalizes along that axis', () => {
    expectClose(values(apply(new L.Softmax(0), [[0, 0], [Math.log(3), 0]])), [0.25, 0.5, 0.75, 0.5]);
    expect(config(new L.Softmax(0))).toEqual(config(new L.Softmax({ axis: 0 })));
  });

  it('ELU(alpha) and PReLU(alpha_initializer, alpha_regularizer, alpha_constraint, shared_axes)', () => {
    expectClose(values(apply(new L.ELU(2), [-100, 3])), [-2, 3]);
    // alpha starts at the initializer's value: ones makes PReLU the identity.
    expectClose(values(apply(new L.PReLU('ones'), [[-2, 3]])), [-2, 3]);
    const shared = new L.PReLU('zeros', null, null, [1]);
    apply(shared, [[[-2, 3], [-4, 5]]]);
    expect(shared.alpha!.shape).toEqual([1, 2]);
    expect(config(new L.PReLU('ones', null, null, [1]))).toEqual(config(new L.PReLU({ alphaInitializer: 'ones', sharedAxes: [1] })));
  });
});

describe('dropout and noise layers', () => {
  it('Dropout(rate, noise_shape, seed): the rate and the mask shape take effect', () => {
    const out = values(apply(new L.Dropout(0.5), tf.ones([8, 8]), { training: true }));
    expect(out.every((v) => v === 0 || v === 2)).toBe(true);
    expect(out.some((v) => v === 0)).toBe(true);
    // noise_shape [1, 8]: one mask broadcast over the rows, so every row is the same.
    const rows = (apply(new L.Dropout(0.5, [1, 8], 3), tf.ones([4, 8]), { training: true }).arraySync() as number[][]);
    rows.forEach((row) => expect(row).toEqual(rows[0]));
    expect(config(new L.Dropout(0.5, [1, 8], 3))).toEqual(config(new L.Dropout(0.5, { noiseShape: [1, 8], seed: 3 })));
    expect(new L.Dropout(0.5, null, null).seed).toBeNull();
    expect(() => new L.Dropout(0.5, { seed: 1 } as never, 2)).toThrow(/not both/);
  });

  it('SpatialDropout1D(rate, seed, name, dtype) and SpatialDropout2D/3D(rate, data_format, seed, name, dtype)', () => {
    const one = new L.SpatialDropout1D(0.5, 7, 'sd1', 'float64');
    expect([one.seed, one.name, one.dtype]).toEqual([7, 'sd1', 'float64']);
    expect(config(one)).toEqual(config(new L.SpatialDropout1D(0.5, { seed: 7, name: 'sd1', dtype: 'float64' })));
    const two = new L.SpatialDropout2D(0.5, 'channels_first', 3);
    expect([two.dataFormat, two.seed]).toEqual(['channels_first', 3]);
    // channels_first: one draw per sample and channel, so each channel's 3×3 block is one value.
    const out = apply(two, tf.ones([2, 6, 3, 3]), { training: true }).arraySync() as number[][][][];
    for (const sample of out) for (const channel of sample) expect(new Set(channel.flat()).size).toBe(1);
    const three = new L.SpatialDropout3D(0.5, null, 4, 'sd3');
    expect([three.dataFormat, three.seed, three.name]).toEqual(['channels_last', 4, 'sd3']);
    expect(config(three)).toEqual(config(new L.SpatialDropout3D(0.5, { seed: 4, name: 'sd3' })));
    expect(() => new (loose(L.SpatialDropout1D))(0.5, 1, 'a', 'float32', 9)).toThrow(/at most 3/);
  });

  it('GaussianNoise(stddev, seed), GaussianDropout(rate, seed), AlphaDropout(rate, noise_shape, seed)', () => {
    expect(config(new L.GaussianNoise(0.1, 3))).toEqual(config(new L.GaussianNoise(0.1, { seed: 3 })));
    expect(config(new L.GaussianDropout(0.2, 5))).toEqual(config(new L.GaussianDropout(0.2, { seed: 5 })));
    expect(config(new L.AlphaDropout(0.3, [1, 2], 7))).toEqual(config(new L.AlphaDropout(0.3, { noiseShape: [1, 2], seed: 7 })));
    expect(new L.AlphaDropout(0.3, [1, 2], 7).getConfig()).toMatchObject({ noiseShape: [1, 2], seed: 7 });
    expect(() => new (loose(L.GaussianNoise))(0.1, 3, 4)).toThrow(/at most 1/);
  });

  it('ActivityRegularization(l1, l2) adds l1·Σ|x| + l2·Σx²', () => {
    const layer = new L.ActivityRegularization(0.5, 0.25);
    apply(layer, [[1, -2]]);
    expectClose(values(layer.losses[0]!), [0.5 * 3 + 0.25 * 5]);
    expect(config(layer)).toEqual(config(new L.ActivityRegularization({ l1: 0.5, l2: 0.25 })));
  });
});

describe('normalization layers', () => {
  it('BatchNormalization(axis, momentum, ...): moving = moving·momentum + batch·(1 - momentum)', () => {
    const bn = new L.BatchNormalization(-1, 0.5);
    // One feature, batch [1, 3]: mean 2, variance 1; the moving statistics start at 0 and 1.
    apply(bn, [[1], [3]], { training: true });
    expectClose(values(bn.movingMean!), [0 * 0.5 + 2 * 0.5]);
    expectClose(values(bn.movingVariance!), [1 * 0.5 + 1 * 0.5]);
    expect(config(new L.BatchNormalization(-1, 0.5, 0.01, false, true))).toEqual(config(new L.BatchNormalization({ axis: -1, momentum: 0.5, epsilon: 0.01, center: false, scale: true })));
    // axis first: a channels-first BatchNormalization has one statistic per axis-1 entry.
    const first = new L.BatchNormalization(1);
    apply(first, tf.ones([2, 3, 4]));
    expect(first.movingMean!.shape).toEqual([3]);
    // The initializers come after scale, in Keras's order (beta, gamma, moving mean, moving variance).
    const init = new L.BatchNormalization(-1, 0.99, 0.001, true, true, 'ones', 'zeros', 'ones', 'zeros');
    apply(init, [[5]]);
    expect([values(init.beta!), values(init.gamma!), values(init.movingMean!), values(init.movingVariance!)]).toEqual([[1], [0], [1], [0]]);
  });

  it('BatchNormalization refuses synchronized=true (a fourteenth argument) and a fifteenth', () => {
    const BN = loose(L.BatchNormalization);
    const tail = [null, null, null, null];
    expect(() => new BN(-1, 0.99, 0.001, true, true, 'zeros', 'ones', 'zeros', 'ones', ...tail, true)).toThrow(/does not support Keras 3's argument synchronized/);
    expect(new BN(-1, 0.99, 0.001, true, true, 'zeros', 'ones', 'zeros', 'ones', ...tail, false)).toBeInstanceOf(L.BatchNormalization);
    expect(() => new BN(-1, 0.99, 0.001, true, true, 'zeros', 'ones', 'zeros', 'ones', ...tail, false, 1)).toThrow(/at most 14/);
  });

  it('LayerNormalization(axis, epsilon, center, scale, beta_initializer, ...): epsilon takes effect', () => {
    // [1, 3]: mean 2, variance 1, so (x - 2) / sqrt(1 + epsilon).
    expectClose(values(apply(new L.LayerNormalization(-1, 0.5), [[1, 3]])), [-1 / Math.sqrt(1.5), 1 / Math.sqrt(1.5)]);
    expect(config(new L.LayerNormalization(-1, 0.5, false, true))).toEqual(config(new L.LayerNormalization({ epsilon: 0.5, center: false })));
    // beta_initializer fifth (Keras 3 takes rms_scaling as a keyword only): beta ones shifts by 1.
    expectClose(values(apply(new L.LayerNormalization(-1, 0.5, true, true, 'ones'), [[1, 3]])), [1 - 1 / Math.sqrt(1.5), 1 + 1 / Math.sqrt(1.5)]);
  });

  it('GroupNormalization(groups, axis, epsilon, ...): groups first', () => {
    // Two groups of two channels: [1, 3] → ±1/sqrt(1 + eps), [10, 30] → ±10/sqrt(100 + eps).
    const eps = 1e-3;
    expectClose(values(apply(new L.GroupNormalization(2), [[1, 3, 10, 30]])), [-1 / Math.sqrt(1 + eps), 1 / Math.sqrt(1 + eps), -10 / Math.sqrt(100 + eps), 10 / Math.sqrt(100 + eps)], 4);
    expect(config(new L.GroupNormalization(2, -1, 0.01))).toEqual(config(new L.GroupNormalization({ groups: 2, epsilon: 0.01 })));
  });

  it('UnitNormalization(axis), RMSNormalization(axis, epsilon), SpectralNormalization(layer, power_iterations)', () => {
    expectClose(values(apply(new L.UnitNormalization(0), [[3], [4]])), [0.6, 0.8]);
    // Keras: x · rsqrt(mean(x²) + epsilon) · scale (scale starts at ones): mean of [3, 4]² is 12.5.
    expectClose(values(apply(new L.RMSNormalization(-1, 0.5), [[3, 4]])), [3 / Math.sqrt(13), 4 / Math.sqrt(13)]);
    expect(config(new L.RMSNormalization(-1, 0.5))).toEqual(config(new L.RMSNormalization({ epsilon: 0.5 })));
    expect(new L.SpectralNormalization(new L.Dense(2), 3).powerIterations).toBe(3);
  });
});

describe('merging layers', () => {
  it('Concatenate(axis): Concatenate(0) joins along axis 0', () => {
    const joined = apply(new L.Concatenate(0), [tf.constant([[1, 2]]), tf.constant([[3, 4]])] as never);
    expect(joined.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(config(new L.Concatenate(0))).toEqual(config(new L.Concatenate({ axis: 0 })));
  });

  it('Dot(axes, normalize): normalize gives the cosine similarity', () => {
    const pair = [tf.constant([[1, 0]]), tf.constant([[1, 1]])];
    expectClose(values(apply(new L.Dot(1, true), pair as never)), [Math.SQRT1_2]);
    expectClose(values(apply(new L.Dot(1), pair as never)), [1]);
    expect(config(new L.Dot(1, true))).toEqual(config(new L.Dot(1, { normalize: true })));
  });
});

describe('reshaping, padding, cropping and upsampling layers', () => {
  it('Flatten(data_format): channels_first moves the channels last first', () => {
    // [batch 1, channels 2, steps 3] → [1, 3, 2] → flattened.
    expect(values(apply(new L.Flatten('channels_first'), [[[1, 2, 3], [4, 5, 6]]]))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(config(new L.Flatten('channels_first'))).toEqual(config(new L.Flatten({ dataFormat: 'channels_first' })));
  });

  it('ZeroPadding1D/2D/3D(padding, data_format)', () => {
    expect(values(apply(new L.ZeroPadding1D(2), tf.ones([1, 1, 1])))).toEqual([0, 0, 1, 0, 0]);
    expect(apply(new L.ZeroPadding2D(2), tf.ones([1, 1, 1, 3])).shape).toEqual([1, 5, 5, 3]);
    expect(apply(new L.ZeroPadding2D([[1, 0], [0, 2]], 'channels_first'), tf.ones([1, 3, 2, 2])).shape).toEqual([1, 3, 3, 4]);
    expect(apply(new L.ZeroPadding3D(1), tf.ones([1, 1, 1, 1, 2])).shape).toEqual([1, 3, 3, 3, 2]);
    expect(config(new L.ZeroPadding2D(2, 'channels_first'))).toEqual(config(new L.ZeroPadding2D({ padding: 2, dataFormat: 'channels_first' })));
  });

  it('Cropping1D(cropping), Cropping2D/3D(cropping, data_format)', () => {
    expect(values(apply(new L.Cropping1D(1), tf.reshape([1, 2, 3, 4], [1, 4, 1])))).toEqual([2, 3]);
    expect(apply(new L.Cropping2D(1), tf.ones([1, 4, 4, 1])).shape).toEqual([1, 2, 2, 1]);
    expect(apply(new L.Cropping2D([[1, 0], [0, 1]], 'channels_first'), tf.ones([1, 2, 4, 4])).shape).toEqual([1, 2, 3, 3]);
    expect(apply(new L.Cropping3D(1), tf.ones([1, 4, 4, 4, 1])).shape).toEqual([1, 2, 2, 2, 1]);
    expect(config(new L.Cropping3D(1, 'channels_last'))).toEqual(config(new L.Cropping3D({ cropping: 1 })));
  });

  it('UpSampling1D(size), UpSampling2D(size, data_format, interpolation), UpSampling3D(size, data_format)', () => {
    expect(values(apply(new L.UpSampling1D(3), tf.reshape([1, 2], [1, 2, 1])))).toEqual([1, 1, 1, 2, 2, 2]);
    expect(apply(new L.UpSampling2D([1, 2]), tf.ones([1, 2, 2, 1])).shape).toEqual([1, 2, 4, 1]);
    const bilinear = new L.UpSampling2D(2, null, 'bilinear');
    expect([bilinear.interpolation, bilinear.dataFormat]).toEqual(['bilinear', 'channels_last']);
    expect(config(bilinear)).toEqual(config(new L.UpSampling2D({ size: 2, interpolation: 'bilinear' })));
    expect(apply(new L.UpSampling3D(2, 'channels_first'), tf.ones([1, 1, 1, 1, 2])).shape).toEqual([1, 1, 2, 2, 4]);
  });

  it('Reshape, Permute and RepeatVector take their one argument and no more', () => {
    expect(apply(new L.Reshape([2, 3]), tf.ones([1, 6])).shape).toEqual([1, 2, 3]);
    expect(apply(new L.RepeatVector(3), tf.ones([1, 2])).shape).toEqual([1, 3, 2]);
    expect(() => new (loose(L.RepeatVector))(3, 2)).toThrow();
  });
});

describe('recurrent layers, cells and wrappers', () => {
  it("LSTM(units, activation, ...): LSTM(4, 'tanh') builds (it crashed before)", () => {
    const lstm = new L.LSTM(4, 'tanh');
    expect(apply(lstm, tf.ones([2, 3, 5])).shape).toEqual([2, 4]);
    expect(config(new L.LSTM(2, 'relu', 'sigmoid', false))).toEqual(config(new L.LSTM(2, { activation: 'relu', useBias: false })));
  });

  it('LSTM: linear activations, a ones kernel and a zeros recurrent kernel give c_t = c_{t-1} + 1', () => {
    // Keras's LSTM step: i, f, c̃, o = x·W + h·U (+ b), activated; c = f·c + i·c̃; h = o·activation(c).
    // With linear activations (None), W ones, U zeros, no bias and x = 1: i = f = c̃ = o = 1, so
    // c is 1 then 2, and h = c.
    const lstm = new L.LSTM(1, null, null, false, 'ones', 'zeros');
    expectClose(values(apply(lstm, tf.ones([1, 2, 1]))), [2]);
  });

  it('LSTM: unit_forget_bias seventh, seed after the dropouts, the RNN arguments after it, use_cudnn last', () => {
    const lstm = new L.LSTM(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', false);
    expect(lstm.unitForgetBias).toBe(false);
    const full = new L.LSTM(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', true, null, null, null, null, null, null, null, 0, 0, 9, true, true);
    expect([full.seed, full.returnSequences, full.returnState]).toEqual([9, true, true]);
    const [sequence, h, c] = full.apply(tf.ones([1, 3, 2])) as unknown as tf.Tensor[];
    expect([sequence!.shape, h!.shape, c!.shape]).toEqual([[1, 3, 2], [1, 2], [1, 2]]);
    const LSTM = loose(L.LSTM);
    const head = [2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', true, null, null, null, null, null, null, null, 0, 0, null, false, false, false, false, false];
    expect(new LSTM(...head, 'auto')).toBeInstanceOf(L.LSTM);
    expect(() => new LSTM(...head, true)).toThrow(/does not support Keras 3's argument useCudnn/);
    expect(() => new LSTM(...head, 'auto', 1)).toThrow(/at most 23/);
  });

  it('GRU(units, ...): reset_after after unroll', () => {
    const gru = loose(L.GRU);
    const before = new gru(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', null, null, null, null, null, null, null, 0, 0, 3, true, false, false, false, false, false) as tf.keras.layers.GRU;
    expect([before.resetAfter, before.seed, before.returnSequences]).toEqual([false, 3, true]);
    // reset_after false: one bias row, [3·units], rather than [2, 3·units].
    apply(before, tf.ones([1, 2, 3]));
    expect(before.bias!.shape).toEqual([6]);
    expect(config(before)).toEqual(config(new L.GRU(2, { resetAfter: false, seed: 3, returnSequences: true })));
  });

  it('SimpleRNN(units, ...): the RNN arguments after the dropouts, seed last', () => {
    const rnn = new L.SimpleRNN(3, 'tanh', true, 'glorot_uniform', 'orthogonal', 'zeros', null, null, null, null, null, null, null, 0, 0, true);
    expect(apply(rnn, tf.ones([2, 5, 4])).shape).toEqual([2, 5, 3]);
    const seeded = new L.SimpleRNN(3, 'tanh', true, 'glorot_uniform', 'orthogonal', 'zeros', null, null, null, null, null, null, null, 0.5, 0, false, false, false, false, false, 42);
    expect([seeded.seed, seeded.dropout]).toEqual([42, 0.5]);
    // A SimpleRNN(1) with a ones kernel, zeros recurrent kernel and linear activation: h_t = x_t.
    expectClose(values(apply(new L.SimpleRNN(1, null, false, 'ones', 'zeros'), tf.reshape([1, 2, 3], [1, 3, 1]))), [3]);
  });

  it('SimpleRNNCell, LSTMCell and GRUCell in their own orders', () => {
    expect(new L.SimpleRNNCell(2, null, false).useBias).toBe(false);
    expect(config(new L.LSTMCell(2, 'relu', 'tanh'))).toEqual(config(new L.LSTMCell(2, { activation: 'relu', recurrentActivation: 'tanh' })));
    expect(new L.LSTMCell(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', false).unitForgetBias).toBe(false);
    const gru = new L.GRUCell(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', null, null, null, null, null, null, 0.1, 0, false, 5);
    expect([gru.dropout, gru.resetAfter, gru.seed]).toEqual([0.1, false, 5]);
    expect(() => new (loose(L.GRUCell))(2, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', null, null, null, null, null, null, 0, 0, true, 5, 1)).toThrow(/at most 16/);
  });

  it('RNN(cell, return_sequences, return_state, go_backwards, stateful, unroll, zero_output_for_mask)', () => {
    const rnn = new L.RNN(new L.SimpleRNNCell(3), true);
    expect(apply(rnn, tf.ones([2, 4, 5])).shape).toEqual([2, 4, 3]);
    expect(new L.RNN(new L.SimpleRNNCell(3), false, true, true).goBackwards).toBe(true);
    expect(config(new L.RNN(new L.SimpleRNNCell(3), true))).toMatchObject({ returnSequences: true, returnState: false });
  });

  it('Bidirectional(layer, merge_mode, weights, backward_layer)', () => {
    const sum = new L.Bidirectional(new L.LSTM(2), 'sum');
    expect(sum.mergeMode).toBe('sum');
    expect(apply(sum, tf.ones([1, 3, 4])).shape).toEqual([1, 2]);
    expect(apply(new L.Bidirectional(new L.LSTM(2)), tf.ones([1, 3, 4])).shape).toEqual([1, 4]);
    const backward = new L.LSTM(3, { goBackwards: true });
    const both = new L.Bidirectional(new L.LSTM(2), 'concat', null, backward);
    expect(apply(both, tf.ones([1, 3, 4])).shape).toEqual([1, 5]);
    expect(() => new L.Bidirectional(new L.LSTM(2), { mergeMode: 'sum' } as never, null)).toThrow(/not both/);
  });
});

describe('convolution variants', () => {
  it('Conv1D/2DTranspose(filters, kernel_size, strides, padding, output_padding, data_format, ...)', () => {
    // A transposed convolution's output length: (n - 1)·stride + kernel + output_padding (valid).
    const up = new L.Conv2DTranspose(3, 2, 2);
    expect(apply(up, tf.ones([1, 4, 4, 1])).shape).toEqual([1, 8, 8, 3]);
    const padded = new L.Conv2DTranspose(1, 3, 2, 'valid', 1);
    expect(padded.outputPadding).toEqual([1, 1]);
    expect(apply(padded, tf.ones([1, 4, 4, 1])).shape).toEqual([1, 10, 10, 1]);
    const conv = new L.Conv1DTranspose(1, 2, 1, 'valid', null, 'channels_last', 1, 'relu', false, 'ones');
    expect(values(apply(conv, tf.reshape([1, -5], [1, 2, 1])))).toEqual([1, 0, 0]);
    expect(config(new L.Conv2DTranspose(3, 2, 2, 'same'))).toEqual(config(new L.Conv2DTranspose(3, 2, { strides: 2, padding: 'same' })));
  });

  it('Conv3DTranspose takes data_format and output_padding in either of Keras 3 release orders', () => {
    const outputPaddingFirst = new L.Conv3DTranspose(1, 3, 2, 'valid', 1, 'channels_first');
    const dataFormatFirst = new L.Conv3DTranspose(1, 3, 2, 'valid', 'channels_first', 1);
    for (const layer of [outputPaddingFirst, dataFormatFirst]) expect([layer.outputPadding, layer.dataFormat]).toEqual([[1, 1, 1], 'channels_first']);
    expect(config(dataFormatFirst)).toEqual(config(new L.Conv3DTranspose(1, 3, { strides: 2, outputPadding: 1, dataFormat: 'channels_first' })));
    expect(new L.Conv3DTranspose(1, 3, 1, 'valid', null, null, 1, 'relu').getConfig().activation).toBe('relu');
  });

  it('DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier, ...) and SeparableConv2D(filters, kernel_size, ..., depth_multiplier seventh, ...)', () => {
    const depthwise = new L.DepthwiseConv2D(3, 1, 'same', 2);
    expect(depthwise.depthMultiplier).toBe(2);
    expect(apply(depthwise, tf.ones([1, 5, 5, 3])).shape).toEqual([1, 5, 5, 6]);
    expect(config(depthwise)).toEqual(config(new L.DepthwiseConv2D(3, { padding: 'same', depthMultiplier: 2 })));
    // depthwise_initializer ones over a 2×2 window of ones sums 4 entries; no bias.
    expect(values(apply(new L.DepthwiseConv1D(2, 1, 'valid', 1, null, 1, null, false, 'ones'), tf.ones([1, 3, 1])))).toEqual([2, 2]);
    const separable = new L.SeparableConv2D(4, 3, 1, 'same', null, 1, 2);
    expect([separable.filters, separable.depthMultiplier]).toEqual([4, 2]);
    expect(config(separable)).toEqual(config(new L.SeparableConv2D(4, 3, { padding: 'same', depthMultiplier: 2 })));
    // depthwise ones then pointwise ones over 2 steps of ones: 2.
    expect(values(apply(new L.SeparableConv1D(1, 2, 1, 'valid', null, 1, 1, null, false, 'ones', 'ones'), tf.ones([1, 2, 1])))).toEqual([2]);
  });

  it('ConvLSTM2D(filters, kernel_size, ..., return_sequences after seed)', () => {
    const seq = new L.ConvLSTM2D(2, 3, 1, 'same', null, 1, 'tanh', 'sigmoid', true, 'glorot_uniform', 'orthogonal', 'zeros', true, null, null, null, null, null, null, null, 0, 0, 7, true);
    expect([seq.seed, seq.returnSequences]).toEqual([7, true]);
    expect(apply(seq, tf.ones([1, 3, 4, 4, 1])).shape).toEqual([1, 3, 4, 4, 2]);
    expect(config(new L.ConvLSTM1D(2, 3, 1, 'same'))).toEqual(config(new L.ConvLSTM1D(2, 3, { padding: 'same' })));
    expect(() => new (loose(L.ConvLSTM2D))(2, 3, ...Array(25).fill(undefined), true)).toThrow(/at most 25/);
  });
});

describe('attention layers', () => {
  it('Attention(use_scale, score_mode, dropout, seed) and AdditiveAttention(use_scale, dropout)', () => {
    const attention = new L.Attention(true, 'concat', 0.1, 3);
    expect([attention.useScale, attention.scoreMode, attention.dropout, attention.seed]).toEqual([true, 'concat', 0.1, 3]);
    expect(config(attention)).toEqual(config(new L.Attention({ useScale: true, scoreMode: 'concat', dropout: 0.1, seed: 3 })));
    const additive = new L.AdditiveAttention(false, 0.2);
    expect([additive.useScale, additive.dropout]).toEqual([false, 0.2]);
    expect(() => new (loose(L.AdditiveAttention))(false, 0.2, 1)).toThrow(/at most 2/);
  });

  it('MultiHeadAttention(num_heads, key_dim, value_dim, dropout, use_bias, output_shape, ...)', () => {
    const mha = new L.MultiHeadAttention(2, 4);
    expect([mha.numHeads, mha.keyDim, mha.valueDim]).toEqual([2, 4, 4]);
    const x = tf.ones([1, 3, 5]);
    expect((mha.apply([x, x] as never) as tf.Tensor).shape).toEqual([1, 3, 5]);
    const full = new L.MultiHeadAttention(2, 4, 3, 0.1, false, 7);
    expect([full.valueDim, full.dropout, full.useBias, full.outputShape]).toEqual([3, 0.1, false, [7]]);
    // (Compared before a call: building sets attentionAxes, as Keras's does.)
    expect(config(full)).toEqual(config(new L.MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 3, dropout: 0.1, useBias: false, outputShape: 7 })));
    // The sizes then an options object, as Dense(units, options).
    expect(config(new L.MultiHeadAttention(2, 4, { valueDim: 3, dropout: 0.1, useBias: false, outputShape: 7 }))).toEqual(config(full));
    expect((full.apply([x, x] as never) as tf.Tensor).shape).toEqual([1, 3, 7]);
    expect(() => new L.MultiHeadAttention(2, 4, { numHeads: 3 } as never)).toThrow(/numHeads was given both/);
    expect(() => new (loose(L.MultiHeadAttention))(2, 4, null, 0, true, null, null, null, 'glorot_uniform', 'zeros', null, null, null, null, null, 5)).toThrow(/at most 13/);
  });

  it('GroupQueryAttention(head_dim, num_query_heads, num_key_value_heads, dropout, use_bias, ...)', () => {
    const gqa = new L.GroupQueryAttention(4, 4, 2, 0.1, false);
    expect([gqa.headDim, gqa.numQueryHeads, gqa.numKeyValueHeads, gqa.dropout, gqa.useBias]).toEqual([4, 4, 2, 0.1, false]);
    expect(config(gqa)).toEqual(config(new L.GroupQueryAttention({ headDim: 4, numQueryHeads: 4, numKeyValueHeads: 2, dropout: 0.1, useBias: false })));
  });
});

describe('pooling, masking, core and preprocessing layers', () => {
  it('GlobalAveragePooling2D(data_format, keepdims) and the other global poolings', () => {
    expect(apply(new L.GlobalAveragePooling2D(null, true), tf.ones([1, 3, 3, 2])).shape).toEqual([1, 1, 1, 2]);
    expect(apply(new L.GlobalMaxPooling1D('channels_first'), tf.reshape([1, 5, 2, 3], [1, 2, 2])).arraySync()).toEqual([[5, 3]]);
    expect(config(new L.GlobalAveragePooling3D(null, true))).toEqual(config(new L.GlobalAveragePooling3D({ keepdims: true })));
  });

  it('AdaptiveAveragePooling1D(output_size, data_format)', () => {
    const pool = new L.AdaptiveAveragePooling1D(2, 'channels_first');
    expect(pool.dataFormat).toBe('channels_first');
    expect(values(apply(pool, tf.reshape([1, 2, 3, 4], [1, 1, 4])))).toEqual([1.5, 3.5]);
  });

  it('Masking(mask_value) masks the steps equal to it', () => {
    const masked = apply(new L.Masking(-1), [[[-1], [2]]]);
    expect(masked.kerasMask!.arraySync()).toEqual([[false, true]]);
    expect(config(new L.Masking(-1))).toEqual(config(new L.Masking({ maskValue: -1 })));
  });

  it('Rescaling(scale, offset) and Normalization(axis, mean, variance, invert)', () => {
    expect(values(apply(new L.Rescaling(2, 1), [3]))).toEqual([7]);
    // (x - mean) / sqrt(variance): (5 - 1) / 2 = 2; inverted, x · sqrt(variance) + mean: 5·2 + 1 = 11.
    expectClose(values(apply(new L.Normalization(-1, 1, 4), [[5]])), [2]);
    expectClose(values(apply(new L.Normalization(-1, 1, 4, true), [[5]])), [11]);
    expect(config(new L.Normalization(-1, 1, 4))).toEqual(config(new L.Normalization({ axis: -1, mean: 1, variance: 4 })));
  });

  it('Lambda(function, output_shape, mask, arguments) and EinsumDense(equation, output_shape, activation, bias_axes, ...)', () => {
    const scaled = new L.Lambda((x: tf.Tensor, args?: Record<string, unknown>) => tf.mul(x, args!.k as number), null, null, { k: 3 });
    expect(values(apply(scaled, [2]))).toEqual([6]);
    const einsum = new L.EinsumDense('ab,bc->ac', 2, 'relu', 'c', 'ones', 'ones');
    expect(values(apply(einsum, [[1, -5]]))).toEqual([0, 0]);
    expect(values(apply(new L.EinsumDense('ab,bc->ac', 2, null, 'c', 'ones', 'ones'), [[1, 2]]))).toEqual([4, 4]);
    expect(config(einsum)).toEqual(config(new L.EinsumDense('ab,bc->ac', 2, { activation: 'relu', biasAxes: 'c', kernelInitializer: 'ones', biasInitializer: 'ones' })));
    expect(() => new L.EinsumDense('ab,bc->ac', 2, null, null, 'ones', 'zeros', null, null, null, null, 4 as never)).toThrow(/does not support Keras 3's argument loraRank/);
  });

  it('CategoryEncoding(num_tokens, output_mode, sparse), Hashing(num_bins, ...), Discretization(bin_boundaries, ...), IntegerLookup(max_tokens, ...)', () => {
    // Keras's example: one_hot of [3, 2, 0, 1] is one row per id.
    expect(apply(new L.CategoryEncoding(4, 'one_hot'), [3, 2, 0, 1]).arraySync()).toEqual([[0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
    expect(apply(new L.CategoryEncoding(4), [[1, 1, 3]]).arraySync()).toEqual([[0, 1, 0, 1]]);
    const hashing = new L.Hashing(3, null, null, 'one_hot');
    expect([hashing.numBins, hashing.outputMode]).toEqual([3, 'one_hot']);
    expect(config(new L.Hashing(3, 0, [1, 2]))).toEqual(config(new L.Hashing({ numBins: 3, maskValue: 0, salt: [1, 2] })));
    // Bins of [0, 1) and [1, 2) and [2, ∞) with boundaries [1, 2], below 0 too.
    expect(values(apply(new L.Discretization([1, 2]), [[-1, 1.5, 5]]))).toEqual([0, 1, 2]);
    const named = new L.Discretization([1, 2], null, 0.01, 'one_hot', false, null, 'disc');
    expect([named.outputMode, named.name]).toEqual(['one_hot', 'disc']);
    // vocabulary fifth: ids 0 for the OOV index, then the vocabulary's order.
    expect(values(apply(new L.IntegerLookup(null, 1, null, -1, [12, 36]), [[36, 12, 7]]))).toEqual([2, 1, 0]);
  });

  it('ReversibleEmbedding(input_dim, output_dim, tie_weights, embeddings_initializer, ...)', () => {
    const untied = new L.ReversibleEmbedding(10, 3, false, 'ones');
    expect(untied.tieWeights).toBe(false);
    expect(values(apply(untied, [4]))).toEqual([1, 1, 1]);
    expect(config(untied)).toEqual(config(new L.ReversibleEmbedding(10, 3, { tieWeights: false, embeddingsInitializer: 'ones' })));
  });
});

describe('options after positional arguments, and the trailing keyword arguments', () => {
  it("Python's keyword arguments after positional ones: a last options object (LeakyReLU(0.1, name='leaky')); an options object first takes no more", () => {
    const leaky = new (loose(L.LeakyReLU))(0.1, { name: 'leaky' }) as tf.keras.layers.LeakyReLU;
    expect([leaky.name, leaky.negativeSlope]).toEqual(['leaky', 0.1]);
    const bn = new (loose(L.BatchNormalization))(-1, 0.5, { name: 'bn', center: false }) as tf.keras.layers.BatchNormalization;
    expect(config(bn)).toEqual(config(new L.BatchNormalization({ axis: -1, momentum: 0.5, name: 'bn', center: false })));
    expect(() => new (loose(L.LeakyReLU))(0.1, { negativeSlope: 0.2 })).toThrow(/multiple values for argument negativeSlope/);
    expect(() => new (loose(L.BatchNormalization))({ axis: 1 }, 0.5)).toThrow(/after the options object.*not both/);
    expect(new L.LeakyReLU({ negativeSlope: 0.1, name: 'leaky' }).name).toBe('leaky');
  });
});

describe('image preprocessing and augmentation layers', () => {
  it('Resizing(height, width, interpolation, ...) and CenterCrop(height, width, data_format)', () => {
    const nearest = new L.Resizing(4, 4, 'nearest');
    expect(nearest.interpolation).toBe('nearest');
    // nearest: each pixel of a 2×2 image repeated over a 2×2 block.
    expect(values(apply(nearest, tf.reshape([1, 2, 3, 4], [1, 2, 2, 1])))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(config(new L.Resizing(4, 4, 'nearest', true))).toEqual(config(new L.Resizing(4, 4, { interpolation: 'nearest', cropToAspectRatio: true })));
    // The middle of a channels-first 3×3 image.
    expect(values(apply(new L.CenterCrop(1, 1, 'channels_first'), tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 1, 3, 3])))).toEqual([5]);
  });

  it('RandomFlip(mode, seed, data_format), RandomCrop(height, width, seed, data_format, name)', () => {
    expect(config(new L.RandomFlip('horizontal', 3))).toEqual(config(new L.RandomFlip('horizontal', { seed: 3 })));
    expect(new L.RandomFlip('vertical', 3, 'channels_first').dataFormat).toBe('channels_first');
    const crop = new L.RandomCrop(2, 2, 5, null, 'crop');
    expect([crop.seed, crop.name]).toEqual([5, 'crop']);
    expect(apply(crop, tf.ones([1, 4, 4, 1]), { training: true }).shape).toEqual([1, 2, 2, 1]);
  });

  it('RandomContrast/RandomBrightness(factor, value_range, seed); the geometric layers (factor(s), fill_mode, interpolation, seed, fill_value, data_format)', () => {
    expect(config(new L.RandomContrast(0.5, [0, 1], 3))).toEqual(config(new L.RandomContrast(0.5, { valueRange: [0, 1], seed: 3 })));
    expect(config(new L.RandomBrightness(0.2, [0, 1], 3))).toEqual(config(new L.RandomBrightness(0.2, { valueRange: [0, 1], seed: 3 })));
    expect(config(new L.RandomRotation(0.1, 'constant', 'nearest', 4, 1))).toEqual(config(new L.RandomRotation(0.1, { fillMode: 'constant', interpolation: 'nearest', seed: 4, fillValue: 1 })));
    expect(config(new L.RandomTranslation(0.1, 0.2, 'nearest', 'bilinear', 4))).toEqual(config(new L.RandomTranslation(0.1, 0.2, { fillMode: 'nearest', seed: 4 })));
    expect(config(new L.RandomZoom(0.2, null, 'constant', 'nearest', 4))).toEqual(config(new L.RandomZoom(0.2, null, { fillMode: 'constant', interpolation: 'nearest', seed: 4 })));
    expect(config(new L.RandomShear(0.1, 0.2, 'nearest', 'constant', 0, null, 4))).toEqual(config(new L.RandomShear({ xFactor: 0.1, yFactor: 0.2, interpolation: 'nearest', fillMode: 'constant', seed: 4 })));
  });

  it('the pixel augmentations in their own orders', () => {
    expect(config(new L.RandomGrayscale(1, null, 3))).toEqual(config(new L.RandomGrayscale(1, { seed: 3 })));
    expect(config(new L.RandomInvert(0.5, [0, 1], 3))).toEqual(config(new L.RandomInvert(0.5, { valueRange: [0, 1], seed: 3 })));
    expect(config(new L.Solarization(0.1, 0.2, [0, 1], 3))).toEqual(config(new L.Solarization({ additionFactor: 0.1, thresholdFactor: 0.2, valueRange: [0, 1], seed: 3 })));
    expect(config(new L.AutoContrast([0, 1]))).toEqual(config(new L.AutoContrast({ valueRange: [0, 1] })));
    // AutoContrast maps each channel's [min, max] onto the value range: [2, 4, 6] → [0, 0.5, 1].
    expectClose(values(apply(new L.AutoContrast([0, 1]), tf.reshape([2, 4, 6], [1, 1, 3, 1]))), [0, 0.5, 1]);
    for (const cls of [L.RandomColorDegeneration, L.RandomSaturation, L.RandomHue, L.RandomSharpness, L.RandomPosterization]) {
      const Cls = cls as unknown as new (...a: unknown[]) => tf.keras.layers.Layer;
      const factor = cls === L.RandomPosterization ? 4 : 0.5;
      expect(config(new Cls(factor, [0, 1], null, 3))).toEqual(config(new Cls(factor, { valueRange: [0, 1], seed: 3 })));
    }
    expect(config(new L.RandomColorJitter([0, 1], 0.1, null, null, null, 3))).toEqual(config(new L.RandomColorJitter({ valueRange: [0, 1], brightnessFactor: 0.1, seed: 3 })));
    expect(config(new L.RandomGaussianBlur(0.5, 5, 0.5, [0, 1], null, 3))).toEqual(config(new L.RandomGaussianBlur({ factor: 0.5, kernelSize: 5, sigma: 0.5, valueRange: [0, 1], seed: 3 })));
    expect(config(new L.RandomErasing(0.5, [0.1, 0.2], null, [0, 1], 3))).toEqual(config(new L.RandomErasing({ factor: 0.5, scale: [0.1, 0.2], valueRange: [0, 1], seed: 3 })));
    expect(() => new (loose(L.AutoContrast))([0, 1], 3)).toThrow(/at most 1/);
  });
});

describe('tf.keras.Input and InputLayer', () => {
  it('Input(shape, batch_size, dtype, sparse) and InputLayer(shape, batch_size, dtype, sparse)', () => {
    const input = tf.keras.Input([3], 8, 'int32');
    expect([input.shape, input.dtype]).toEqual([[8, 3], 'int32']);
    expect(tf.keras.Input([3], { batchSize: 8, name: 'x' }).shape).toEqual([8, 3]);
    expect(() => (tf.keras.Input as (...a: unknown[]) => unknown)([3], null, null, true)).toThrow(/does not support Keras 3's argument sparse/);
    const layer = new L.InputLayer([4], 2);
    expect(layer.batchShape).toEqual([2, 4]);
    expect(() => new (loose(L.InputLayer))([4], 2, 'float32', null, null)).toThrow(/at most 4/);
  });
});
