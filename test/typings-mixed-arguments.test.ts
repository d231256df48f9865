// Python's keyword arguments after positional ones, typed: `Dense(3, 'relu', name='d')` is
// `new tf.keras.layers.Dense(3, 'relu', { name: 'd' })`, a call the runtime always took (the last
// options object of optionsOrPositional) but the overloads refused to type-check: only the
// all-positional and the (required arguments, options) forms were typed. Every call here is written
// without a cast, so `npx tsc --noEmit -p .` checks that it type-checks; each test asserts what the
// call made. The `@ts-expect-error` lines are forms that must stay type errors (tsc fails on an
// unused one), wrapped in functions that are never called where the runtime would throw anyway.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const L = tf.keras.layers;
const config = (o: { getConfig(): unknown }) => o.getConfig() as Record<string, unknown>;
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const never = (f: () => unknown) => f; // a call kept for its type check, never run

describe('layers: positional arguments, then the options', () => {
  it("Dense(3, 'relu', name='d') and Dense(2, 'relu', False, kernel_initializer='ones')", () => {
    const dense = new L.Dense(3, 'relu', { name: 'd' });
    expect([dense.name, config(dense).activation, dense.useBias, dense.units]).toEqual(['d', 'relu', true, 3]);
    const ones = new L.Dense(2, 'relu', false, { kernelInitializer: 'ones', name: 'ones' });
    expect([ones.name, ones.useBias]).toEqual(['ones', false]);
    // relu(x · ones): the row [1, -3] sums to -2 (0 after relu), [2, 1] to 3.
    expect((ones.apply(tf.constant([[1, -3], [2, 1]])) as tf.Tensor).arraySync()).toEqual([[0, 0], [3, 3]]);
    // A null activation (Keras's None) positionally, then the rest by keyword.
    expect(config(new L.Dense(1, null, { useBias: false })).activation).toBe('linear');
    // @ts-expect-error a wrong type in an options key
    expect(() => new L.Dense(3, 'relu', { useBias: 'yes' })).toThrow(/useBias must be true or false/);
    // @ts-expect-error an option Dense does not have
    never(() => new L.Dense(3, 'relu', { units: 4 }));
    // @ts-expect-error the options must come last
    never(() => new L.Dense(3, { name: 'd' }, 'relu'));
  });

  it('Conv1D/2D/3D(filters, kernel_size, strides, ..., padding=..., name=...)', () => {
    const conv = new L.Conv2D(8, 3, 2, { padding: 'same', name: 'c' });
    expect(conv.name).toBe('c');
    expect(conv.computeOutputShape([null, 5, 5, 1])).toEqual([null, 3, 3, 8]);
    const causal = new L.Conv1D(4, 3, 1, 'causal', { activation: 'relu', dilationRate: 2 });
    expect([causal.padding, config(causal).activation, causal.dilationRate]).toEqual(['causal', 'relu', [2]]);
    const conv3 = new L.Conv3D(2, 2, [1, 2, 2], 'valid', { useBias: false });
    expect([conv3.computeOutputShape([null, 4, 4, 4, 1]), conv3.useBias]).toEqual([[null, 3, 2, 2, 2], false]);
    // @ts-expect-error padding is 'valid', 'same' or 'causal'
    never(() => new L.Conv2D(8, 3, 2, { padding: 'full' }));
    // @ts-expect-error strides is a number or numbers
    never(() => new L.Conv2D(8, 3, '2', { name: 'c' }));
  });

  it("Dropout(0.5, None, 3, name='drop'), BatchNormalization(-1, 0.9, center=False), Embedding(10, 4, 'ones', mask_zero=True)", () => {
    const drop = new L.Dropout(0.5, null, { seed: 3, name: 'drop' });
    expect([drop.name, drop.rate, config(drop).seed]).toEqual(['drop', 0.5, 3]);
    const bn = new L.BatchNormalization(-1, 0.9, { center: false, name: 'bn' });
    expect(config(bn)).toEqual(config(new L.BatchNormalization({ axis: -1, momentum: 0.9, center: false, name: 'bn' })));
    const embedding = new L.Embedding(10, 4, 'ones', { maskZero: true });
    expect([embedding.maskZero, embedding.outputDim]).toEqual([true, 4]);
    expect(values(embedding.apply(tf.constant([[3]], 'int32')) as tf.Tensor)).toEqual([1, 1, 1, 1]);
    // @ts-expect-error a seed is a number
    never(() => new L.Dropout(0.5, null, { seed: '3' }));
  });

  it("LSTM(4, 'tanh', return_sequences=True), GRU(3, return_state=True), SimpleRNN(2, 'relu', False, name=...)", () => {
    const lstm = new L.LSTM(4, 'tanh', { returnSequences: true, name: 'lstm' });
    expect([lstm.name, lstm.returnSequences]).toEqual(['lstm', true]);
    expect((lstm.apply(tf.ones([2, 5, 3])) as tf.Tensor).shape).toEqual([2, 5, 4]);
    const gru = new L.GRU(3, 'tanh', 'sigmoid', { returnState: true });
    expect((gru.apply(tf.ones([1, 2, 3])) as unknown as tf.Tensor[]).map((t) => t.shape)).toEqual([[1, 3], [1, 3]]);
    const rnn = new L.SimpleRNN(2, 'relu', false, { name: 'rnn' });
    expect([rnn.name, config(rnn).useBias, config(rnn).activation]).toEqual(['rnn', false, 'relu']);
    // @ts-expect-error returnSequences is a boolean
    never(() => new L.LSTM(4, 'tanh', { returnSequences: 1 }));
  });

  it('other layers: MaxPooling2D, LayerNormalization, MultiHeadAttention, Resizing, LeakyReLU', () => {
    const pool = new L.MaxPooling2D(2, 1, { padding: 'same', name: 'pool' });
    expect([pool.name, pool.computeOutputShape([null, 4, 4, 1])]).toEqual(['pool', [null, 4, 4, 1]]);
    const norm = new L.LayerNormalization(-1, 1e-3, { center: false });
    expect([config(norm).epsilon, config(norm).center]).toEqual([1e-3, false]);
    const mha = new L.MultiHeadAttention(2, 4, null, { dropout: 0.1, name: 'mha' });
    expect([mha.name, config(mha).dropout]).toEqual(['mha', 0.1]);
    const resize = new L.Resizing(4, 4, 'nearest', { cropToAspectRatio: true, name: 'r' });
    expect(config(resize)).toEqual(config(new L.Resizing(4, 4, { interpolation: 'nearest', cropToAspectRatio: true, name: 'r' })));
    const leaky = new L.LeakyReLU(0.1, { name: 'leaky' });
    expect([leaky.name, leaky.negativeSlope]).toEqual(['leaky', 0.1]);
  });

  it("RandomFlip('horizontal', 3, data_format=...), RandomZoom(0.2, None, 'constant', seed=4), RandomInvert(0.5, [0, 1], seed=3)", () => {
    const flip = new L.RandomFlip('horizontal', 3, { dataFormat: 'channels_first', name: 'flip' });
    expect([flip.mode, flip.name, config(flip).seed, config(flip).dataFormat]).toEqual(['horizontal', 'flip', 3, 'channels_first']);
    const zoom = new L.RandomZoom(0.2, null, 'constant', { seed: 4, interpolation: 'nearest' });
    expect(config(zoom)).toEqual(config(new L.RandomZoom(0.2, null, { fillMode: 'constant', interpolation: 'nearest', seed: 4, name: zoom.name })));
    const invert = new L.RandomInvert(0.5, [0, 1], { seed: 3 });
    expect([config(invert).valueRange, config(invert).seed]).toEqual([[0, 1], 3]);
    const einsum = new L.EinsumDense('ab,bc->ac', 4, 'relu', { biasAxes: 'c', name: 'einsum' });
    expect([einsum.name, config(einsum).activation, config(einsum).biasAxes]).toEqual(['einsum', 'relu', 'c']);
    // @ts-expect-error the mode comes before the options that follow positional arguments
    never(() => new L.RandomFlip({ seed: 3 }, 3));
  });
});

describe('optimizers, losses, metrics, initializers, callbacks, schedules', () => {
  it('SGD(0.1, 0.9, nesterov=True, name=...) and Adam(1e-3, beta_1=0.8)', () => {
    const sgd = new tf.keras.optimizers.SGD(0.1, 0.9, { nesterov: true, name: 's' });
    expect([sgd.name, sgd.momentum, sgd.nesterov]).toEqual(['s', 0.9, true]);
    // Keras's SGD with Nesterov from m = 0, g = 1: m = -lr·g = -0.1, w += momentum·m - lr·g = -0.19.
    const w = new tf.Variable([1]);
    sgd.applyGradients([[tf.constant([1]), w]]);
    expect(values(w)[0]).toBeCloseTo(1 - 0.19, 6);
    const adam = new tf.keras.optimizers.Adam(1e-3, { beta1: 0.8, amsgrad: true });
    expect([adam.getConfig().beta1, adam.getConfig().amsgrad]).toEqual([0.8, true]);
    // @ts-expect-error momentum is a number
    never(() => new tf.keras.optimizers.SGD(0.1, { momentum: '0.9' }));
    // @ts-expect-error lr, the legacy name, only in an options object given alone
    never(() => new tf.keras.optimizers.SGD(0.1, 0.9, { lr: 0.2 }));
  });

  it("losses and metrics: BinaryCrossentropy(True, name='bce'), Precision(0.5, name='p'), AUC(50, curve='PR')", () => {
    const bce = new tf.keras.losses.BinaryCrossentropy(true, { labelSmoothing: 0.1, name: 'bce' });
    expect([bce.name, bce.fromLogits, bce.labelSmoothing]).toEqual(['bce', true, 0.1]);
    const precision = new tf.keras.metrics.Precision(0.5, { name: 'p' });
    expect([precision.name, precision.thresholds]).toEqual(['p', [0.5]]);
    const auc = new tf.keras.metrics.AUC(50, { curve: 'PR' });
    expect([config(auc).numThresholds, config(auc).curve]).toEqual([50, 'PR']);
    // @ts-expect-error fromLogits is a boolean
    never(() => new tf.keras.losses.BinaryCrossentropy(true, { fromLogits: 1 }));
  });

  it('initializers and constraints: RandomNormal(0, 0.5, seed=1), VarianceScaling(2, distribution=...), MaxNorm(2, axis=1)', () => {
    expect(config(new tf.keras.initializers.RandomNormal(0, 0.5, { seed: 1 }))).toEqual(config(new tf.keras.initializers.RandomNormal({ mean: 0, stddev: 0.5, seed: 1 })));
    const scaling = new tf.keras.initializers.VarianceScaling(2, { distribution: 'uniform' });
    expect([config(scaling).scale, config(scaling).distribution]).toEqual([2, 'uniform']);
    expect(config(new tf.keras.constraints.MaxNorm(2, { axis: 1 }))).toEqual({ maxValue: 2, axis: 1 });
    // @ts-expect-error distribution is one of VarianceScaling's names
    never(() => new tf.keras.initializers.VarianceScaling(2, { distribution: 'gaussian' }));
  });

  it("callbacks: EarlyStopping('loss', patience=3), ModelCheckpoint(path, 'loss', save_weights_only=True), ReduceLROnPlateau('loss', 0.5, min_lr=...)", () => {
    const stop = new tf.keras.callbacks.EarlyStopping('loss', { patience: 3, restoreBestWeights: true });
    expect([stop.monitor, stop.patience]).toEqual(['loss', 3]);
    const checkpoint = new tf.keras.callbacks.ModelCheckpoint('/tmp/mixed.weights.h5', 'loss', { saveWeightsOnly: true, saveBestOnly: true });
    expect(checkpoint.saveBestOnly).toBe(true);
    const reduce = new tf.keras.callbacks.ReduceLROnPlateau('loss', 0.5, { patience: 2, minLr: 1e-4 });
    expect([reduce.patience, reduce.minLr]).toEqual([2, 1e-4]);
    // @ts-expect-error patience is a number
    never(() => new tf.keras.callbacks.EarlyStopping('loss', { patience: '3' }));
  });

  it('schedules: ExponentialDecay(0.1, 10, 0.5, staircase=True)', () => {
    const decay = new tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, { staircase: true });
    // staircase: 0.1 · 0.5^floor(15 / 10) = 0.05.
    expect(decay.call(15)).toBeCloseTo(0.05, 10);
    // @ts-expect-error the required arguments are not among the mixed form's options
    never(() => new tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, { decayRate: 0.5 }));
  });
});

describe('models, variables and the rest of keras', () => {
  it("compile('sgd', 'mse', metrics=['mae']), fit(x, y, 2, epochs=2, verbose=0), evaluate(x, y, 4, return_dict=True), predict(x, 4, verbose=0)", () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(1, null, { kernelInitializer: 'ones', biasInitializer: 'zeros' })], false, { name: 'frozen' });
    expect([model.name, model.trainable]).toEqual(['frozen', false]);
    model.compile('sgd', 'mse', { metrics: ['mae'] });
    const x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]]), y = tf.constant([[3], [7], [11], [15]]);
    const history = model.fit(x, y, 2, { epochs: 2, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae']);
    expect(history.epoch).toEqual([0, 1]);
    // Not trainable: the ones kernel stays, and each prediction is its row's sum, the target.
    expect(model.evaluate(x, y, 4, { returnDict: true, verbose: 0 })).toEqual({ loss: 0, mae: 0 });
    expect(values(model.predict(x, 4, { verbose: 0 }))).toEqual([3, 7, 11, 15]);
    // @ts-expect-error epochs is a number
    never(() => model.fit(x, y, 2, { epochs: '2' }));
    const inputs = tf.keras.Input([2]);
    const functional = new tf.keras.Model(inputs, new L.Dense(1)(inputs), 'm', { trainable: false });
    expect([functional.name, functional.trainable]).toEqual(['m', false]);
    // @ts-expect-error an option compile does not have
    never(() => model.compile('sgd', 'mse', { metric: ['mae'] }));
  });

  it("tf.Variable(0, False, name='step'), FBetaScore('macro', 2, threshold=0.5), IoU(3, [0], name=...), LambdaCallback(f, on_epoch_end=g)", () => {
    const step = new tf.Variable(0, false, { name: 'step' });
    expect([step.trainable, step.name]).toEqual([false, 'step']);
    const fbeta = new tf.keras.metrics.FBetaScore('macro', 2, { threshold: 0.5 });
    expect([fbeta.average, fbeta.beta, config(fbeta).threshold]).toEqual(['macro', 2, 0.5]);
    const iou = new tf.keras.metrics.IoU(3, [0], { name: 'iou0', ignoreClass: 2 });
    expect([iou.name, iou.ignoreClass]).toEqual(['iou0', 2]);
    const mean = new tf.keras.metrics.MeanIoU(2, 'miou', { sparseYPred: false });
    expect([mean.name, config(mean).sparseYPred]).toEqual(['miou', false]);
    const seen: string[] = [];
    const hooks = new tf.keras.callbacks.LambdaCallback(() => seen.push('begin'), { onEpochEnd: () => seen.push('end') });
    hooks.onEpochBegin(0);
    hooks.onEpochEnd(0);
    expect(seen).toEqual(['begin', 'end']);
    // @ts-expect-error trainable is a boolean
    never(() => new tf.Variable(0, { trainable: 'no' }));
  });
});

describe('tf.random and tf.data', () => {
  it('tf.random.uniform([3], 0, 10, dtype=int32, seed=7) and normal([2], 5, seed=...)', () => {
    tf.random.setSeed(1);
    const draw = tf.random.uniform([3], 0, 10, { dtype: 'int32', seed: 7 });
    expect(draw.dtype).toBe('int32');
    tf.random.setSeed(1);
    expect(values(draw)).toEqual(values(tf.random.uniform([3], { minval: 0, maxval: 10, dtype: 'int32', seed: 7 })));
    tf.random.setSeed(1);
    const normal = tf.random.normal([4], 5, { stddev: 0, dtype: 'float64' });
    expect([normal.dtype, values(normal)]).toEqual(['float64', [5, 5, 5, 5]]);
    expect(tf.random.statelessUniform([2], [1, 2], 0, { maxval: 10, dtype: 'int32' }).dtype).toBe('int32');
    // @ts-expect-error dtype is a DType
    never(() => tf.random.uniform([3], 0, 10, { dtype: 'int8' }));
  });

  it('Dataset.batch(2, True, name=...), shuffle(4, 1, reshuffle_each_iteration=False), map(f, None, deterministic=True), window, repeat, bucketBySequenceLength', () => {
    const ds = tf.data.Dataset.range(5);
    const rows = (d: tf.data.Dataset<tf.Tensor>) => [...d].map((t) => t.arraySync());
    expect(rows(ds.batch(2, true, { name: 'pairs' }))).toEqual([[0, 1], [2, 3]]);
    const shuffled = ds.shuffle(5, 1, { reshuffleEachIteration: false });
    expect(rows(shuffled)).toEqual(rows(shuffled)); // one order every pass
    expect(rows(shuffled).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(rows(ds.map((x) => x.mul(2), null, { deterministic: true }))).toEqual([0, 2, 4, 6, 8]);
    expect([...ds.window(2, 2, { dropRemainder: true })].length).toBe(2);
    expect(rows(ds.take(2).repeat(2, { name: 'twice' }))).toEqual([0, 1, 0, 1]);
    // Bucketed by length (boundary 3: lengths 1-2, then 3-4), padded with -1, the short last batch dropped.
    const sequences = tf.data.Dataset.range(1, 5).map((n) => tf.range(0, n.item()));
    const buckets = sequences.bucketBySequenceLength((x) => x.shape[0]!, [3], [2, 2], null, -1, { dropRemainder: true });
    expect([...buckets].map((t) => t.arraySync())).toEqual([[[0, -1], [0, 1]], [[0, 1, 2, -1], [0, 1, 2, 3]]]);
    // @ts-expect-error dropRemainder is a boolean
    never(() => ds.batch(2, { dropRemainder: 1 }));
    // @ts-expect-error an option batch does not have
    never(() => ds.batch(2, true, { seed: 1 }));
  });
});
