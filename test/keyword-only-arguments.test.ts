// Keras 3's and TensorFlow's keyword-only arguments (and those a class takes through its **kwargs)
// after positional ones: `LayerNormalization(-1, rms_scaling=True)` is
// `new tf.keras.layers.LayerNormalization(-1, { rmsScaling: true })`. The runtime used to take such
// a last options object only when all its keys were positional names or the base layer's keywords,
// so these arguments came only in an options object given alone. Every call here is written without
// a cast, so `npx tsc --noEmit -p .` checks that it type-checks; each test asserts that the option
// took effect. The last tests check that an object positional value is still positional.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const L = tf.keras.layers;
const config = (o: { getConfig(): unknown }) => o.getConfig() as Record<string, unknown>;

describe('keyword-only arguments after positional ones', () => {
  it('LayerNormalization(-1, 1e-3, rms_scaling=True)', () => {
    const norm = new L.LayerNormalization(-1, 1e-3, { rmsScaling: true, name: 'rms' });
    expect([norm.rmsScaling, norm.epsilon, norm.name]).toEqual([true, 1e-3, 'rms']);
    expect(config(norm).rmsScaling).toBe(true);
    // Keras 3's rms scaling: x / sqrt(variance + eps), the mean not taken away; [3, 4]'s variance is 0.25.
    const y = norm.apply(tf.constant([[3, 4]])) as tf.Tensor;
    const r = Math.sqrt(0.25 + 1e-3);
    (y.arraySync() as number[][])[0]!.forEach((v, i) => expect(v).toBeCloseTo([3 / r, 4 / r][i]!, 4));
  });

  it('MultiHeadAttention(2, 4, None, 0.1, seed=..., sliding_window=..., use_gate=...)', () => {
    const mha = new L.MultiHeadAttention(2, 4, null, 0.1, { seed: 7, slidingWindow: 2, useGate: true });
    expect([mha.seed, mha.slidingWindow, mha.useGate, mha.dropout]).toEqual([7, 2, true, 0.1]);
    expect(config(mha)).toMatchObject({ seed: 7, slidingWindow: 2, useGate: true });
  });

  it('GroupQueryAttention(4, 2, 1, 0.0, seed=..., sliding_window=..., use_gate=...)', () => {
    const gqa = new L.GroupQueryAttention(4, 2, 1, 0, { seed: 3, slidingWindow: 1, useGate: true, name: 'gqa' });
    expect([gqa.seed, gqa.slidingWindow, gqa.useGate, gqa.name]).toEqual([3, 1, true, 'gqa']);
    expect(config(gqa)).toMatchObject({ seed: 3, slidingWindow: 1, useGate: true });
  });

  it('SimpleRNN/LSTM/GRU(units, activation, zero_output_for_mask=True)', () => {
    const rnn = new L.SimpleRNN(2, 'relu', { zeroOutputForMask: true });
    const lstm = new L.LSTM(2, 'tanh', { zeroOutputForMask: true, returnSequences: true });
    const gru = new L.GRU(2, 'tanh', 'sigmoid', { zeroOutputForMask: true });
    for (const layer of [rnn, lstm, gru]) {
      expect(layer.zeroOutputForMask).toBe(true);
      expect(config(layer).zeroOutputForMask).toBe(true);
    }
    expect([config(rnn).activation, lstm.returnSequences]).toEqual(['relu', true]);
  });

  it('ConvLSTM1D/2D/3D(filters, kernel_size, strides, unroll=..., zero_output_for_mask=...)', () => {
    const c1 = new L.ConvLSTM1D(2, 3, 1, { unroll: true, zeroOutputForMask: true });
    const c2 = new L.ConvLSTM2D(2, 3, 1, 'same', { unroll: true });
    const c3 = new L.ConvLSTM3D(2, 1, { zeroOutputForMask: true });
    expect([c1.unroll, c1.zeroOutputForMask]).toEqual([true, true]);
    expect([c2.unroll, c2.zeroOutputForMask, c2.padding]).toEqual([true, false, 'same']);
    expect([c3.unroll, c3.zeroOutputForMask]).toEqual([false, true]);
    expect(config(c1)).toMatchObject({ unroll: true, zeroOutputForMask: true });
  });

  it('LSTMCell/GRUCell(units, activation, implementation=1)', () => {
    const lstm = new L.LSTMCell(3, 'tanh', { implementation: 1 });
    const gru = new L.GRUCell(3, 'tanh', 'sigmoid', { implementation: 1 });
    expect([lstm.implementation, gru.implementation]).toEqual([1, 1]);
    expect(new L.LSTMCell(3, 'tanh').implementation).toBe(2);
  });

  it('AdditiveAttention(True, 0.1, seed=...)', () => {
    const attention = new L.AdditiveAttention(true, 0.1, { seed: 5 });
    expect([attention.seed, attention.dropout]).toEqual([5, 0.1]);
    expect(config(attention).seed).toBe(5);
  });

  it("RandomContrast, RandomBrightness, Solarization, AutoContrast(..., data_format='channels_first')", () => {
    const contrast = new L.RandomContrast(0.5, [0, 1], { dataFormat: 'channels_first' });
    const brightness = new L.RandomBrightness(0.2, [0, 1], 1, { dataFormat: 'channels_first' });
    const solarization = new L.Solarization(0.1, 0.2, { dataFormat: 'channels_first' });
    const autoContrast = new L.AutoContrast([0, 1], { dataFormat: 'channels_first', name: 'ac' });
    for (const layer of [contrast, brightness, solarization, autoContrast]) expect(layer.dataFormat).toBe('channels_first');
    expect([contrast.valueRange, brightness.seed, autoContrast.name]).toEqual([[0, 1], 1, 'ac']);
    expect(config(contrast).dataFormat).toBe('channels_first');
  });

  it("IntegerLookup(None, 2, oov_method='farmhash', salt=...)", () => {
    const lookup = new L.IntegerLookup(null, 2, { oovMethod: 'farmhash', salt: [1, 2], vocabulary: [7, 8] });
    expect([lookup.oovMethod, lookup.salt, lookup.numOovIndices]).toEqual(['farmhash', [1, 2], 2]);
    expect(config(lookup)).toMatchObject({ oovMethod: 'farmhash', salt: [1, 2] });
  });

  it('LossScaleOptimizer(inner, 8, dynamic=True, dynamic_growth_steps=2)', () => {
    const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD(0.5), 8, { dynamic: true, dynamicGrowthSteps: 2 });
    expect([opt.initialScale, opt.dynamicGrowthSteps]).toEqual([8, 2]);
    // dynamic reaches Keras's check (not taken for dynamic_growth_steps): false is refused as Keras refuses it.
    expect(() => new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD(0.5), 8, { dynamic: false })).toThrow(/no longer supports `dynamic=false`/);
  });

  it('InputLayer(None, batch_shape=(2, 4), name=...)', () => {
    const input = new L.InputLayer(null, { batchShape: [2, 4], name: 'in' });
    expect([input.batchShape, input.name, input.output.shape]).toEqual([[2, 4], 'in', [2, 4]]);
    // As in Keras: a shape and a batch shape both are an error.
    expect(() => new L.InputLayer([4], { batchShape: [2, 4] })).toThrow(/cannot pass both/);
  });

  it('LambdaCallback(on_epoch_begin, on_test_end=...): a hook after the six by name', () => {
    const seen: string[] = [];
    const hooks = new tf.keras.callbacks.LambdaCallback(() => seen.push('epoch'), { onTestEnd: () => seen.push('test'), onPredictEnd: () => seen.push('predict') });
    hooks.onEpochBegin(0);
    hooks.onTestEnd();
    hooks.onPredictEnd();
    expect(seen).toEqual(['epoch', 'test', 'predict']);
  });
});

describe('an object positional value is still positional', () => {
  it("Lambda(fn, None, None, {'factor': 3}): the arguments dict", () => {
    const scaled = new L.Lambda((x: tf.Tensor, o) => tf.mul(x, o.factor as number), null, null, { factor: 3 });
    expect(scaled.functionArguments).toEqual({ factor: 3 });
    expect((scaled.apply(tf.constant([1, 2])) as tf.Tensor).arraySync()).toEqual([3, 6]);
    // A dict whose keys happen to be a keyword of other classes (seed) is Lambda's arguments too.
    expect(new L.Lambda((x: tf.Tensor) => x, null, null, { seed: 1 }).functionArguments).toEqual({ seed: 1 });
  });

  it('MultiHeadAttention(2, 4, ..., kernel_initializer={class_name, config}) last: the initializer config', () => {
    const mha = new L.MultiHeadAttention(2, 4, null, 0, true, null, null, null, { className: 'Ones', config: {} });
    expect(config(mha).kernelInitializer).toMatchObject({ className: 'Ones' });
  });
});
