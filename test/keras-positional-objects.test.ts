// Keras 3's positional arguments for its objects, as a ported Python program passes them:
// `Constant(0.5)`, `RandomNormal(0, 2, 42)`, `MeanSquaredError('sum')`, `Huber(2.0)`,
// `BinaryAccuracy('acc', None, 0.7)`, `MaxNorm(2)`, `EarlyStopping('loss', 0, 1)`. Each threw
// "options must be an object" before. The expected values come from Keras's documented behaviour
// (its formulas and its docstrings' examples), never from gradtape's own output.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const I = tf.keras.initializers;
const L = tf.keras.losses;
const M = tf.keras.metrics;
const C = tf.keras.constraints;
const CB = tf.keras.callbacks;

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const expectClose = (got: number[], want: number[], digits = 5) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));
};
/** A constructor called with any arguments (the errors' cases do not type-check, by design). */
const loose = (Cls: unknown) => Cls as new (...args: unknown[]) => unknown;

describe('tf.keras.initializers: Keras 3 constructor order', () => {
  it('Constant(value) fills value', () => {
    const c = new I.Constant(0.5);
    expect(values(c([2, 2]))).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(c.getConfig()).toEqual(new I.Constant({ value: 0.5 }).getConfig());
  });

  it('RandomNormal(mean, stddev, seed) and TruncatedNormal draw around the mean', () => {
    const n = new I.RandomNormal(5, 1e-6, 1);
    expect(n.getConfig()).toEqual({ mean: 5, stddev: 1e-6, seed: 1 });
    values(n([10])).forEach((v) => expect(v).toBeCloseTo(5, 3));
    values(new I.TruncatedNormal(-3, 1e-6, 1)([10])).forEach((v) => expect(v).toBeCloseTo(-3, 3));
    // The same seed positionally and by name: the same values.
    expect(values(new I.RandomNormal(0, 1, 7)([5]))).toEqual(values(new I.RandomNormal({ mean: 0, stddev: 1, seed: 7 })([5])));
    // A null seed is Keras' None: no seed.
    expect(new I.RandomNormal(0, 1, null).getConfig()).toEqual({ mean: 0, stddev: 1, seed: null });
  });

  it('RandomUniform(minval, maxval, seed) draws in [minval, maxval)', () => {
    const u = new I.RandomUniform(2, 3, 1);
    expect(u.getConfig()).toEqual({ minval: 2, maxval: 3, seed: 1 });
    values(u([50])).forEach((v) => expect(v >= 2 && v < 3).toBe(true));
  });

  it('VarianceScaling(scale, mode, distribution, seed) and the named ones take (seed)', () => {
    const v = new I.VarianceScaling(2, 'fan_out', 'uniform', 3);
    expect(v.getConfig()).toEqual(new I.VarianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 3 }).getConfig());
    // Keras: uniform in ±sqrt(3 * scale / fan_out) = ±sqrt(6 / 4).
    const limit = Math.sqrt(6 / 4);
    values(v([100, 4])).forEach((x) => expect(Math.abs(x) <= limit).toBe(true));
    const g = new I.GlorotUniform(1);
    expect(g.getConfig()).toEqual({ seed: 1 });
    // Glorot uniform: ±sqrt(6 / (fan_in + fan_out)).
    values(g([30, 20])).forEach((x) => expect(Math.abs(x) <= Math.sqrt(6 / 50)).toBe(true));
    expect(values(new I.HeNormal(4)([3, 3]))).toEqual(values(new I.HeNormal({ seed: 4 })([3, 3])));
    // A serialized SeedGenerator first is the seed, not an options object.
    expect(new I.LecunUniform({ className: 'SeedGenerator', config: { seed: 5 } }).seed).toBeInstanceOf(tf.keras.random.SeedGenerator);
  });

  it('Orthogonal(gain, seed) and Identity(gain) scale by gain', () => {
    const w = new I.Orthogonal(2, 1)([3, 3]);
    // gain · Q with Q orthogonal: wᵀw = gain² I.
    expectClose(values(tf.matmul(w, w, true, false)), [4, 0, 0, 0, 4, 0, 0, 0, 4], 4);
    expect(values(new I.Identity(3)([2, 2]))).toEqual([3, 0, 0, 3]);
  });

  it('errors: too many arguments, an options object with more, arguments to Zeros', () => {
    expect(() => new (loose(I.Constant))(0.5, 1)).toThrow(/at most 1 are taken \(value, in Keras 3's order\)/);
    expect(() => new (loose(I.RandomNormal))({ mean: 1 }, 2)).toThrow(/after the options object.*not both/);
    expect(() => new (loose(I.Zeros))(1)).toThrow(/at most 0/);
    expect(() => new (loose(I.GlorotUniform))(1, 2)).toThrow(/at most 1/);
  });

  it("TensorFlow's own initializers keep TensorFlow's order and refuse extras", () => {
    expect(tf.randomNormalInitializer(1, 2, 3).getConfig()).toEqual({ mean: 1, stddev: 2, seed: 3 });
    expect(() => tf.randomNormalInitializer({ mean: 1 } as never, 2)).toThrow(/not both/);
    expect(() => (tf.randomUniformInitializer as (...a: unknown[]) => unknown)(0, 1, 2, 3)).toThrow(/at most 3.*TensorFlow's order/);
    expect(() => (tf.zerosInitializer as (...a: unknown[]) => unknown)(1)).toThrow(/at most 0/);
  });
});

describe('tf.keras.losses: Keras 3 constructor order', () => {
  const yTrue = [[0, 1], [0, 0]];
  const yPred = [[1, 1], [1, 0]];

  it("MeanSquaredError(reduction, name, dtype): 'sum' sums the per-sample losses", () => {
    // Per sample: mean((t - p)², axis=-1) = [0.5, 0.5].
    expect(new L.MeanSquaredError()(yTrue, yPred).item()).toBeCloseTo(0.5, 6);
    expect(new L.MeanSquaredError('sum')(yTrue, yPred).item()).toBeCloseTo(1, 6);
    expectClose(values(new L.MeanSquaredError(null)(yTrue, yPred)), [0.5, 0.5]);
    const named = new L.MeanSquaredError('sum', 'my_mse', 'float64');
    expect(named.getConfig()).toEqual(new L.MeanSquaredError({ reduction: 'sum', name: 'my_mse', dtype: 'float64' }).getConfig());
    expect(new L.MeanAbsoluteError('sum', null).name).toBe('mean_absolute_error');
  });

  it('Huber(delta, ...): delta·|x| - delta²/2 beyond delta', () => {
    // Error 3 with delta 2: 2·3 - 0.5·2² = 4 (Keras's huber); with delta 1: 3 - 0.5 = 2.5.
    expect(new L.Huber(2)([[0]], [[3]]).item()).toBeCloseTo(4, 6);
    expect(new L.Huber()([[0]], [[3]]).item()).toBeCloseTo(2.5, 6);
    expect(new L.Huber(2, 'sum', 'h').getConfig()).toEqual(new L.Huber({ delta: 2, reduction: 'sum', name: 'h' }).getConfig());
  });

  it('BinaryCrossentropy(from_logits, label_smoothing, axis, ...) reads logits', () => {
    // Keras's docstring: BinaryCrossentropy(from_logits=True) on these is 0.8654.
    expect(new L.BinaryCrossentropy(true)([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]).item()).toBeCloseTo(0.8654, 3);
    expect(new L.BinaryCrossentropy(true, 0.1, -1, 'sum').getConfig()).toEqual(
      new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: -1, reduction: 'sum' }).getConfig(),
    );
    // CategoricalCrossentropy, docstring: 'sum' gives 2.354.
    expect(new L.CategoricalCrossentropy(false, 0, -1, 'sum')([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).item()).toBeCloseTo(2.354, 3);
    expect(new L.SparseCategoricalCrossentropy(false, null, 'sum')([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).item()).toBeCloseTo(2.354, 3);
  });

  it('the focal losses, Dice(reduction, name, axis, dtype) and Tversky(alpha, beta, ...)', () => {
    // Keras's docstrings: BinaryFocalCrossentropy(apply_class_balancing=True, gamma=2, from_logits=True) gives 0.51.
    expect(new L.BinaryFocalCrossentropy(true, 0.25, 2, true)([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]).item()).toBeCloseTo(0.51, 2);
    expect(new L.CategoricalFocalCrossentropy(0.25, 2, false, 0, -1, 'sum')([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).item()).toBeCloseTo(0.46631, 4);
    const yt = [[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]];
    const yp = [[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]];
    expectClose(values(new L.Dice(null, 'dice', [1, 2, 3])(yt, yp)), [0.5, 0.75757575], 5);
    expect(new L.Tversky(0.7, 0.3, 'sum', 't', null).getConfig()).toEqual(new L.Tversky({ alpha: 0.7, beta: 0.3, reduction: 'sum', name: 't' }).getConfig());
    expect(new L.Circle(2, 0.25, false).getConfig()).toMatchObject({ gamma: 2, margin: 0.25, removeDiagonal: false });
    expect(new L.CosineSimilarity(0).getConfig()).toMatchObject({ axis: 0 });
  });

  it('errors: too many arguments, an options object with more', () => {
    expect(() => new (loose(L.MeanSquaredError))('sum', 'n', 'float32', 1)).toThrow(/got 4 optional arguments where at most 3 are taken \(reduction, name, dtype/);
    expect(() => new (loose(L.Huber))({ delta: 2 }, 'sum')).toThrow(/not both/);
    expect(() => new (loose(L.MeanSquaredError))('average')).toThrow(/invalid reduction/);
  });
});

describe('tf.keras.metrics: Keras 3 constructor order', () => {
  it("Mean(name, dtype), Sum and MeanMetricWrapper(fn, name, dtype)", () => {
    const m = new M.Mean('m');
    m.updateState([1, 3, 5, 7]);
    expect([m.name, m.result().item()]).toEqual(['m', 4]);
    expect(new M.Mean('m', 'float64').dtype).toBe('float64');
    expect(new M.Sum('s').name).toBe('s');
    const w = new M.MeanMetricWrapper((t, p) => tf.abs(tf.sub(t, p)), 'abs_error');
    w.updateState([1, 2, 3], [1, 2, 5]);
    expect(w.name).toBe('abs_error');
    expect(w.result().item()).toBeCloseTo(2 / 3, 6);
    expect(new M.RootMeanSquaredError('rmse').name).toBe('rmse');
  });

  it('BinaryAccuracy(name, dtype, threshold): 0.6 counts as 0 at threshold 0.7', () => {
    // Keras's docstring: 0.75 at the default 0.5 (0.6 is predicted 1 where the label is 0).
    const yt = [[1], [1], [0], [0]], yp = [[0.98], [1], [0], [0.6]];
    const plain = new M.BinaryAccuracy();
    plain.updateState(yt, yp);
    expect(plain.result().item()).toBeCloseTo(0.75, 6);
    const acc = new M.BinaryAccuracy('acc', null, 0.7);
    acc.updateState(yt, yp);
    expect(acc.result().item()).toBeCloseTo(1, 6);
    expect(acc.getConfig()).toEqual(new M.BinaryAccuracy({ name: 'acc', threshold: 0.7 }).getConfig());
  });

  it('TopKCategoricalAccuracy(k, name, dtype) and the crossentropies (name, dtype, from_logits, ...)', () => {
    // Keras's docstring: TopKCategoricalAccuracy(k=1) gives 0.5.
    const top1 = new M.TopKCategoricalAccuracy(1);
    top1.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
    expect(top1.result().item()).toBeCloseTo(0.5, 6);
    const sparse = new M.SparseTopKCategoricalAccuracy(1, 'top1', null, false);
    sparse.updateState([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
    expect([sparse.name, sparse.result().item()]).toEqual(['top1', 0.5]);
    expect(new M.CategoricalCrossentropy('cce', null, true, 0.1, -1).getConfig()).toEqual(
      new M.CategoricalCrossentropy({ name: 'cce', fromLogits: true, labelSmoothing: 0.1, axis: -1 }).getConfig(),
    );
    expect(new M.BinaryCrossentropy(null, null, true).fromLogits).toBe(true);
    expect(new M.SparseCategoricalCrossentropy('s', null, true, -1).fromLogits).toBe(true);
  });

  it('Precision/Recall(thresholds, top_k, class_id, name, dtype), the counts and AUC(num_thresholds, ...)', () => {
    // Keras's docstrings: Precision() on these is 2/3; Precision(top_k=2) on the next is 0.
    const p = new M.Precision(null, null, null, 'prec');
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expect([p.name, p.result().item()]).toEqual(['prec', expect.closeTo(2 / 3, 6)]);
    const top2 = new M.Precision(null, 2);
    top2.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    expect(top2.result().item()).toBeCloseTo(0, 6);
    // A threshold of 0.95: only the prediction 0.98 is positive.
    const strict = new M.TruePositives(0.95);
    strict.updateState([1, 1, 1], [0.98, 0.9, 0.5]);
    expect(strict.result().item()).toBe(1);
    // Keras's docstring: AUC(num_thresholds=3) gives 0.75.
    const auc = new M.AUC(3);
    auc.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expect(auc.result().item()).toBeCloseTo(0.75, 6);
    expect(new M.AUC(100, 'PR', 'minoring', 'pr_auc').getConfig()).toEqual(new M.AUC({ numThresholds: 100, curve: 'PR', summationMethod: 'minoring', name: 'pr_auc' }).getConfig());
    expect(new M.F1Score('macro', 0.5, 'f1').getConfig()).toEqual(new M.F1Score({ average: 'macro', threshold: 0.5, name: 'f1' }).getConfig());
    expect(new M.R2Score(null, 1).getConfig()).toMatchObject({ classAggregation: null, numRegressors: 1 });
  });

  it('the IoU metrics: IoU(num_classes, target_class_ids, name, ...), BinaryIoU(target_class_ids, threshold, ...), MeanIoU(num_classes, ...), the one-hot ones', () => {
    // Keras's docstrings: IoU(2, [0]) and MeanIoU(2) on these give 1/3; with the weights MeanIoU gives 0.2381.
    const iou = new M.IoU(2, [0], 'iou0');
    iou.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
    expect([iou.name, iou.result().item()]).toEqual(['iou0', expect.closeTo(1 / 3, 6)]);
    const mean = new M.MeanIoU(2);
    mean.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
    expect(mean.result().item()).toBeCloseTo(0.23809525, 6);
    // BinaryIoU([0, 1], 0.3): 1/3; with the weights 0.17361112.
    const binary = new M.BinaryIoU([0, 1], 0.3);
    binary.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], [0.2, 0.3, 0.4, 0.1]);
    expect(binary.result().item()).toBeCloseTo(0.17361112, 6);
    // OneHotIoU(3, [0, 2]): 0.0714; OneHotMeanIoU(3): 0.0476.
    const yt = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
    const yp = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]];
    const oneHot = new M.OneHotIoU(3, [0, 2]);
    oneHot.updateState(yt, yp, [0.1, 0.2, 0.3, 0.4]);
    expect(oneHot.result().item()).toBeCloseTo(0.1 / 0.7 / 2, 5);
    const oneHotMean = new M.OneHotMeanIoU(3, 'm', null, null, false);
    oneHotMean.updateState(yt, yp, [0.1, 0.2, 0.3, 0.4]);
    expect(oneHotMean.result().item()).toBeCloseTo(0.1 / 0.7 / 3, 5);
    expect(new M.IoU(3, [1, 2], null, null, 0, false, true, -1).getConfig()).toEqual(
      new M.IoU({ numClasses: 3, targetClassIds: [1, 2], ignoreClass: 0, sparseYTrue: false, sparseYPred: true, axis: -1 }).getConfig(),
    );
    expect(new M.MeanIoU(3, 'miou', 'float64', 255).getConfig()).toEqual(new M.MeanIoU({ numClasses: 3, name: 'miou', dtype: 'float64', ignoreClass: 255 }).getConfig());
    expect(() => new (loose(M.MeanIoU))(2, null, null, null, true, true, -1, 'extra')).toThrow(/at most 7/);
  });

  it('errors: too many arguments, an options object with more', () => {
    expect(() => new (loose(M.Mean))('m', 'float32', 3)).toThrow(/at most 2 are taken \(name, dtype/);
    expect(() => new (loose(M.BinaryAccuracy))({ name: 'a' }, null, 0.7)).toThrow(/not both/);
    expect(() => new M.BinaryAccuracy('a', null, 1.5)).toThrow(/threshold/);
  });
});

describe('tf.keras.constraints: Keras 3 constructor order', () => {
  it('MaxNorm(max_value, axis) clips a norm-4 column to 2', () => {
    const c = new C.MaxNorm(2);
    // Column 0 has norm 4: scaled by 2 / (ε + 4); column 1 (norm 0.5) is left.
    expectClose(values(c([[4, 0.5], [0, 0]])), [2, 0.5, 0, 0], 5);
    expect(c.getConfig()).toEqual(new C.MaxNorm({ maxValue: 2 }).getConfig());
    // axis 1: the rows' norms (row 0: sqrt(16.25)).
    const rows = values(new C.MaxNorm(2, 1)([[4, 0.5], [0, 0]]));
    expect(Math.hypot(rows[0]!, rows[1]!)).toBeCloseTo(2, 5);
  });

  it('UnitNorm(axis), MinMaxNorm(min_value, max_value, rate, axis); NonNeg() takes none', () => {
    expectClose(values(new C.UnitNorm(1)([[3, 4]])), [0.6, 0.8], 5);
    expect(new C.MinMaxNorm(1, 2, 0.5, [0, 1]).getConfig()).toEqual({ minValue: 1, maxValue: 2, rate: 0.5, axis: [0, 1] });
    // Norm 4 above 2 at rate 1: scaled to 2.
    expectClose(values(new C.MinMaxNorm(1, 2)([[4], [0]])), [2, 0], 5);
    expect(() => new (loose(C.NonNeg))(1)).toThrow(/at most 0/);
    expect(() => new (loose(C.MaxNorm))(2, 0, 1)).toThrow(/at most 2/);
  });
});

describe('tf.keras.callbacks: Keras 3 constructor order', () => {
  /** A model whose loss never changes: a zero-kernel Dense with learning rate 0. */
  const stuck = (learningRate = 0) => {
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros', useBias: false })]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD(learningRate), loss: 'mse' });
    return model;
  };

  it('EarlyStopping(monitor, min_delta, patience, ...) stops after patience epochs without improvement', () => {
    // Keras: epoch 0 improves on inf; epochs 1 and 2 do not; wait reaches patience 2 at epoch 2.
    const history = stuck().fit([[1]], [[1]], { epochs: 10, verbose: 0, callbacks: [new CB.EarlyStopping('loss', 0, 2)] });
    expect(history.epoch).toEqual([0, 1, 2]);
    const once = stuck().fit([[1]], [[1]], { epochs: 10, verbose: 0, callbacks: [new CB.EarlyStopping('loss', 0, 1)] });
    expect(once.epoch).toEqual([0, 1]);
    const e = new CB.EarlyStopping('loss', 0.5, 3, 0, 'min', null, true, 2);
    expect(e).toMatchObject({ monitor: 'loss', patience: 3, baseline: null, restoreBestWeights: true, startFromEpoch: 2 });
  });

  it('ReduceLROnPlateau(monitor, factor, patience, ...) halves a stuck rate', () => {
    // Loss 0 and gradient 0: no improvement from epoch 1 on; patience 1 halves the rate at epochs 1 and 2.
    const model = stuck(0.1);
    model.fit([[1]], [[0]], { epochs: 3, verbose: 0, callbacks: [new CB.ReduceLROnPlateau('loss', 0.5, 1)] });
    expect(model.optimizer!.learningRate).toBeCloseTo(0.025, 6);
    expect(new CB.ReduceLROnPlateau('val_acc', 0.2, 4, 0, 'max', 0.01, 2, 1e-5)).toMatchObject({ factor: 0.2, patience: 4, cooldown: 2, minLr: 1e-5 });
  });

  it('ModelCheckpoint, LearningRateScheduler, CSVLogger, BackupAndRestore, SwapEMAWeights, LambdaCallback, TerminateOnNaN', () => {
    expect(new CB.ModelCheckpoint('best.weights.h5', 'loss', 0, true, true, 'min', 2)).toMatchObject({ monitor: 'loss', saveBestOnly: true, saveWeightsOnly: true, saveFreq: 2 });
    expect(new CB.LearningRateScheduler((epoch: number) => 0.1 / (epoch + 1), 1).verbose).toBe(1);
    expect(new CB.CSVLogger('log.csv', ';', true)).toMatchObject({ separator: ';', append: true });
    expect(new CB.SwapEMAWeights(true).swapOnEpoch).toBe(true);
    expect(new CB.BackupAndRestore('/tmp/gradtape-backup', 5, true)).toMatchObject({ backupDir: '/tmp/gradtape-backup', saveFreq: 5, doubleCheckpoint: true });
    const ended: number[] = [];
    stuck().fit([[1]], [[1]], { epochs: 2, verbose: 0, callbacks: [new CB.LambdaCallback(null, (epoch: number) => ended.push(epoch))] });
    expect(ended).toEqual([0, 1]);
    // raise_error=True: the NaN loss throws instead of stopping.
    const model = stuck(0.1);
    expect(() => model.fit([[Infinity]], [[1]], { epochs: 1, verbose: 0, callbacks: [new CB.TerminateOnNaN(true)] })).toThrow(/NaN or Inf loss/);
    expect(stuck(0.1).fit([[Infinity]], [[1]], { epochs: 3, verbose: 0, callbacks: [new CB.TerminateOnNaN()] }).epoch).toEqual([0]);
  });

  it('errors: too many arguments, an options object with more', () => {
    expect(() => new (loose(CB.EarlyStopping))('loss', 0, 1, 0, 'auto', null, false, 0, 1)).toThrow(/at most 8 are taken/);
    expect(() => new (loose(CB.EarlyStopping))({ monitor: 'loss' }, 1)).toThrow(/not both/);
    expect(() => new (loose(CB.CSVLogger))('log.csv', ',', false, 1)).toThrow(/at most 2/);
    expect(() => new (loose(CB.TerminateOnNaN))(true, 1)).toThrow(/at most 1/);
  });
});
