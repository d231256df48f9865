// tf.keras.metrics: every metric against the worked example printed in its Keras 3 docstring
// (keras/src/metrics/*.py; float32, so compared within one unit of the last printed digit), Keras'
// weighting (reduce_to_samplewise_values) and the confusion-matrix metrics against formulas
// computed by hand in float64, state handling (variables, reset, config), compiled steps against
// eager ones, and errors.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const M = tf.keras.metrics;
const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

afterEach(() => tf.keras.backend.setFloatx('float32'));

/** Agreement with a value as Keras' docs print it (float32, rounded: within one unit of the last
 * printed digit, or a relative 1e-6 for large values). */
function docClose(t: tf.Tensor, printed: string): void {
  const got = t.item();
  const decimals = printed.split('.')[1]?.length ?? 0;
  const tolerance = Math.max(10 ** -decimals, Math.abs(Number(printed)) * 1e-6) + 1e-7;
  expect(Math.abs(got - Number(printed)), `got ${got}, Keras prints ${printed}`).toBeLessThanOrEqual(tolerance);
}

type Example = [metric: () => tf.keras.metrics.Metric, yTrue: tf.TensorLike, yPred: tf.TensorLike, unweighted: string, sampleWeight?: tf.TensorLike, weighted?: string];
const R = [[0, 1], [0, 0]];
const RP = [[1, 1], [0, 0]];
const PROBS = [[0.6, 0.4], [0.4, 0.6]];
const ONE_HOT = [[0, 0, 1], [0, 1, 0]];
const SCORES = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]];

/** Keras' docstring examples: update, result; reset, update with sample weights, result. */
const DOC_EXAMPLES: Record<string, Example> = {
  MeanSquaredError: [() => new M.MeanSquaredError(), R, RP, '0.25'],
  MeanAbsoluteError: [() => new M.MeanAbsoluteError(), R, RP, '0.25', [1, 0], '0.5'],
  MeanAbsolutePercentageError: [() => new M.MeanAbsolutePercentageError(), R, RP, '250000000.0', [1, 0], '500000000.0'],
  MeanSquaredLogarithmicError: [() => new M.MeanSquaredLogarithmicError(), R, RP, '0.12011322', [1, 0], '0.24022643'],
  RootMeanSquaredError: [() => new M.RootMeanSquaredError(), R, RP, '0.5', [1, 0], '0.70710677'],
  CosineSimilarity: [() => new M.CosineSimilarity({ axis: 1 }), [[0, 1], [1, 1]], [[1, 0], [1, 1]], '0.49999997', [0.3, 0.7], '0.6999999'],
  LogCoshError: [() => new M.LogCoshError(), R, RP, '0.10844523', [1, 0], '0.21689045'],
  R2Score: [() => new M.R2Score(), [[1], [4], [3]], [[2], [4], [4]], '0.57142854'],
  Accuracy: [() => new M.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], '0.75', [1, 1, 0, 0], '0.5'],
  BinaryAccuracy: [() => new M.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], '0.75', [1, 0, 0, 1], '0.5'],
  CategoricalAccuracy: [() => new M.CategoricalAccuracy(), ONE_HOT, SCORES, '0.5', [0.7, 0.3], '0.3'],
  SparseCategoricalAccuracy: [() => new M.SparseCategoricalAccuracy(), [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], '0.5', [0.7, 0.3], '0.3'],
  TopKCategoricalAccuracy: [() => new M.TopKCategoricalAccuracy({ k: 1 }), ONE_HOT, SCORES, '0.5', [0.7, 0.3], '0.3'],
  SparseTopKCategoricalAccuracy: [() => new M.SparseTopKCategoricalAccuracy({ k: 1 }), [2, 1], SCORES, '0.5', [0.7, 0.3], '0.3'],
  KLDivergence: [() => new M.KLDivergence(), R, PROBS, '0.45814306', [1, 0], '0.9162892'],
  Poisson: [() => new M.Poisson(), R, RP, '0.49999997', [1, 0], '0.99999994'],
  BinaryCrossentropy: [() => new M.BinaryCrossentropy(), R, PROBS, '0.81492424', [1, 0], '0.9162905'],
  CategoricalCrossentropy: [() => new M.CategoricalCrossentropy(), [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], '1.1769392', [0.3, 0.7], '1.6271976'],
  SparseCategoricalCrossentropy: [() => new M.SparseCategoricalCrossentropy(), [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], '1.1769392', [0.3, 0.7], '1.6271976'],
  Hinge: [() => new M.Hinge(), R, PROBS, '1.3', [1, 0], '1.1'],
  SquaredHinge: [() => new M.SquaredHinge(), R, PROBS, '1.86', [1, 0], '1.46'],
  CategoricalHinge: [() => new M.CategoricalHinge(), R, PROBS, '1.4000001', [1, 0], '1.2'],
  Precision: [() => new M.Precision(), [0, 1, 1, 1], [1, 0, 1, 1], '0.6666667', [0, 0, 1, 0], '1.0'],
  Recall: [() => new M.Recall(), [0, 1, 1, 1], [1, 0, 1, 1], '0.6666667', [0, 0, 1, 0], '1.0'],
  AUC: [() => new M.AUC({ numThresholds: 3 }), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], '0.75', [1, 0, 0, 1], '1.0'],
  TruePositives: [() => new M.TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1], '2.0', [0, 0, 1, 0], '1.0'],
  FalsePositives: [() => new M.FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], '2.0', [0, 0, 1, 0], '1.0'],
  TrueNegatives: [() => new M.TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0], '2.0', [0, 0, 1, 0], '1.0'],
  FalseNegatives: [() => new M.FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0], '2.0', [0, 0, 1, 0], '1.0'],
  PrecisionAtRecall: [() => new M.PrecisionAtRecall(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], '0.5', [2, 2, 2, 1, 1], '0.33333333'],
  RecallAtPrecision: [() => new M.RecallAtPrecision(0.8), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], '0.5', [1, 0, 0, 1], '1.0'],
  SensitivityAtSpecificity: [() => new M.SensitivityAtSpecificity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], '0.5', [1, 1, 2, 2, 1], '0.333333'],
  SpecificityAtSensitivity: [() => new M.SpecificityAtSensitivity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], '0.66666667', [1, 1, 2, 2, 2], '0.5'],
  IoU: [() => new M.IoU({ numClasses: 2, targetClassIds: [0] }), [0, 0, 1, 1], [0, 1, 0, 1], '0.33333334', [0.3, 0.3, 0.3, 0.1], '0.33333334'],
  BinaryIoU: [() => new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 }), [0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], '0.33333334', [0.2, 0.3, 0.4, 0.1], '0.17361112'],
  MeanIoU: [() => new M.MeanIoU({ numClasses: 2 }), [0, 0, 1, 1], [0, 1, 0, 1], '0.33333334', [0.3, 0.3, 0.3, 0.1], '0.23809525'],
};

// First in the file: tf.memory().numTensors also drops when a sweep frees tensors whose wrappers
// were collected, which a file that has made thousands of tensors triggers at any point.
describe('memory', () => {
  it('updateState and result leave no tensors behind (the inputs, arrays or tensors, are converted inside)', () => {
    const t = [[0, 1], [1, 0]];
    const p = [[0.3, 0.7], [0.6, 0.4]];
    const metrics: [tf.keras.metrics.Metric, tf.TensorLike[]][] = [
      [new M.Mean(), [p, [1, 2]]],
      [new M.R2Score(), [t, p, [1, 2]]],
      [new M.Precision({ topK: 1 }), [t, p, [1, 2]]],
      [new M.Recall({ thresholds: [0, 0.5, 1] }), [t, p]],
      [new M.AUC({ multiLabel: true, curve: 'PR' }), [t, p, [1, 2]]],
      [new M.RootMeanSquaredError(), [t, p]],
      [new M.SparseTopKCategoricalAccuracy({ k: 1 }), [[1, 0], p]],
      [new M.CategoricalCrossentropy(), [t, tf.constant(p)]],
      [new M.TrueNegatives({ thresholds: [0.2, 0.5] }), [t, p, [1, 2]]],
      [new M.SpecificityAtSensitivity(0.5, { numThresholds: 20, classId: 1 }), [t, p, [1, 2]]],
      [new M.FBetaScore({ average: 'weighted', beta: 0.5 }), [t, p, [1, 2]]],
      [new M.OneHotMeanIoU({ numClasses: 2, ignoreClass: 0 }), [t, p, [1, 2]]],
      [new M.BinaryIoU(), [t, p, [[1, 0], [2, 1]]]],
    ];
    for (const [m, args] of metrics) {
      m.updateState(...args);
      m.result().dispose();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        m.updateState(...args);
        m.result().dispose();
      }
      expect(tf.memory().numTensors, m.name).toBe(before);
    }
  });
});

describe("Keras' docstring examples", () => {
  it.each(Object.entries(DOC_EXAMPLES))('%s', (_, [make, yTrue, yPred, unweighted, sampleWeight, weighted]) => {
    const m = make();
    m.updateState(yTrue, yPred);
    docClose(m.result(), unweighted);
    if (sampleWeight === undefined) return;
    m.resetState();
    m.updateState(yTrue, yPred, sampleWeight);
    docClose(m.result(), weighted!);
  });

  it('Mean and Sum', () => {
    const mean = new M.Mean();
    mean.updateState([1, 3, 5, 7]);
    expect(mean.result().item()).toBe(4);
    mean.resetState();
    mean.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(mean.result().item()).toBe(2);
    const sum = new M.Sum();
    sum.updateState([1, 3, 5, 7]);
    expect(sum.result().item()).toBe(16);
    const weightedSum = new M.Sum();
    weightedSum.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(weightedSum.result().item()).toBe(4);
  });

  it('FBetaScore and F1Score: one score per class (within the 1e-6 of Keras\' own tests: its docstring\'s last digits are not float32\'s)', () => {
    const yTrue = [[1, 1, 1], [1, 0, 0], [1, 1, 0]];
    const yPred = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0]];
    const fbeta = new M.FBetaScore({ beta: 2, threshold: 0.5 });
    fbeta.updateState(yTrue, yPred);
    expectArray(fbeta.result(), [0.3846154, 0.90909094, 0.8333334]);
    const f1 = new M.F1Score({ threshold: 0.5 });
    f1.updateState(yTrue, yPred);
    expectArray(f1.result(), [0.5, 0.8, 0.6666667]);
  });

  it('OneHotIoU and OneHotMeanIoU (weighted)', () => {
    const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
    const yPred = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]];
    const iou = new M.OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] });
    iou.updateState(yTrue, yPred, [0.1, 0.2, 0.3, 0.4]);
    docClose(iou.result(), '0.071');
    const mean = new M.OneHotMeanIoU({ numClasses: 3 });
    mean.updateState(yTrue, yPred, [0.1, 0.2, 0.3, 0.4]);
    docClose(mean.result(), '0.048');
  });

  it('Precision with topK (its docstring: the top 2 of four equal scores are the first two)', () => {
    const top2 = new M.Precision({ topK: 2 });
    top2.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    expect(top2.result().item()).toBe(0);
    const top4 = new M.Precision({ topK: 4 });
    top4.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    expect(top4.result().item()).toBe(0.5);
  });
});

describe("Keras' weighting (reduce_to_samplewise_values), against hand computation in float64", () => {
  const f64 = { dtype: 'float64' } as const;

  it('a scalar weight: Mean reduces the batch to its mean first, which counts as one weighted sample', () => {
    const m = new M.Mean(f64);
    m.updateState([1, 3, 5, 7], 2); // total 4·2, count 2
    m.updateState([10]); // total + 10, count + 1
    expect(m.result().item()).toBe(18 / 3);
    const s = new M.Sum(f64);
    s.updateState([1, 3, 5, 7], 2); // the sum 16, times 2
    expect(s.result().item()).toBe(32);
  });

  it('per-sample weights on rank-3 values: each sample averaged (Sum: summed) over its other axes first', () => {
    const values = [[[1, 2], [3, 4]], [[5, 6], [7, 9]]];
    const m = new M.Mean(f64);
    m.updateState(values, [0.25, 2]);
    expect(m.result().item()).toBeCloseTo((0.25 * 2.5 + 2 * 6.75) / 2.25, 14);
    const s = new M.Sum(f64);
    s.updateState(values, [0.25, 2]);
    expect(s.result().item()).toBeCloseTo(0.25 * 10 + 2 * 27, 14);
  });

  it('weights broadcast over the values count every value in Mean\'s denominator, averaged per sample', () => {
    // Weights [2, 1] against values [2, 3]: broadcast, multiplied, then both averaged over axis 1.
    const m = new M.Mean(f64);
    m.updateState([[1, 2, 3], [4, 5, 6]], [[0.5], [2]]);
    expect(m.result().item()).toBeCloseTo((0.5 * 2 + 2 * 5) / 2.5, 14);
    // Elementwise weights: per-sample means of w·v over per-sample means of w.
    const e = new M.Mean(f64);
    e.updateState([[1, 2, 3], [4, 5, 6]], [[1, 0, 0], [1, 1, 1]]);
    expect(e.result().item()).toBeCloseTo((1 / 3 + 15 / 3) / (1 / 3 + 1), 14);
  });

  it('values [n, 1] with weights [n]: the weights get the values\' trailing axis', () => {
    const m = new M.Mean(f64);
    m.updateState([[2], [4], [9]], [1, 3, 0]);
    expect(m.result().item()).toBeCloseTo((2 + 12) / 4, 14);
  });

  it('MeanMetricWrapper: the weighted mean of a per-sample function over batches', () => {
    const sq = (t: tf.TensorLike, p: tf.TensorLike) => tf.sub(t, p).square().mean(-1);
    const m = new M.MeanMetricWrapper(sq, f64);
    expect(m.name).toBe('mean_metric_wrapper');
    m.updateState([[1, 2], [3, 4]], [[1, 0], [0, 4]], [3, 1]); // per sample [2, 4.5]
    m.updateState([[1, 1]], [[2, 3]]); // [2.5], weight 1
    expect(m.result().item()).toBeCloseTo((3 * 2 + 4.5 + 2.5) / 5, 14);
  });

  it('RootMeanSquaredError weighs squared errors as Mean does', () => {
    const m = new M.RootMeanSquaredError(f64);
    m.updateState([[1, 2], [3, 5]], [[2, 2], [1, 1]], [1, 0.5]);
    expect(m.result().item()).toBeCloseTo(Math.sqrt((1 * 0.5 + 0.5 * 10) / 1.5), 14);
  });

  it('a metric in float64 keeps float64 state and result', () => {
    const m = new M.MeanAbsoluteError(f64);
    expect(m.variables.map((v) => [v.name, v.dtype, v.trainable])).toEqual([['total', 'float64', false], ['count', 'float64', false]]);
    m.updateState(tf.constant([0.1, 0.2], 'float64'), tf.constant([0.3, 0.7], 'float64'));
    expect(m.result().dtype).toBe('float64');
    expect(m.result().item()).toBeCloseTo(0.35, 15);
  });
});

describe('R2Score against the textbook formula in float64', () => {
  const yTrue = [[1, 10], [2, 14], [4, 11], [7, 20]];
  const yPred = [[1.5, 9], [2.5, 15], [3, 12], [6, 18]];
  const weights = [1, 2, 0.5, 1.5];
  /** Per column: 1 - Σw(t - p)² / Σw(t - t̄_w)², t̄_w the weighted mean. */
  function columnScores(w: number[]): number[] {
    return [0, 1].map((j) => {
      const W = w.reduce((a, b) => a + b, 0);
      const mean = yTrue.reduce((a, r, i) => a + w[i]! * r[j]!, 0) / W;
      const ssTot = yTrue.reduce((a, r, i) => a + w[i]! * (r[j]! - mean) ** 2, 0);
      const ssRes = yTrue.reduce((a, r, i) => a + w[i]! * (r[j]! - yPred[i]![j]!) ** 2, 0);
      return 1 - ssRes / ssTot;
    });
  }
  const variances = (w: number[]) => [0, 1].map((j) => {
    const W = w.reduce((a, b) => a + b, 0);
    const mean = yTrue.reduce((a, r, i) => a + w[i]! * r[j]!, 0) / W;
    return yTrue.reduce((a, r, i) => a + w[i]! * (r[j]! - mean) ** 2, 0);
  });

  it('uniform_average (default), variance_weighted_average and per column, over two batches with weights', () => {
    const scores = columnScores(weights);
    const vars = variances(weights);
    const make = (classAggregation?: 'uniform_average' | 'variance_weighted_average' | null) => {
      const m = new M.R2Score({ dtype: 'float64', ...(classAggregation === undefined ? {} : { classAggregation }) });
      m.updateState(yTrue.slice(0, 2), yPred.slice(0, 2), weights.slice(0, 2));
      m.updateState(yTrue.slice(2), yPred.slice(2), weights.slice(2));
      return m;
    };
    expect(make().result().item()).toBeCloseTo((scores[0]! + scores[1]!) / 2, 12);
    expect(make('variance_weighted_average').result().item()).toBeCloseTo((vars[0]! * scores[0]! + vars[1]! * scores[1]!) / (vars[0]! + vars[1]!), 12);
    const perColumn = flat(make(null).result());
    expect(perColumn[0]).toBeCloseTo(scores[0]!, 12);
    expect(perColumn[1]).toBeCloseTo(scores[1]!, 12);
  });

  it('numRegressors: the adjusted score with n = every value seen (Keras counts y_true.size), or the plain one when p >= n - 1', () => {
    const plain = columnScores([1, 1, 1, 1]);
    const r2 = (plain[0]! + plain[1]!) / 2;
    const n = 8; // 4 samples × 2 outputs
    const adjusted = new M.R2Score({ numRegressors: 2, dtype: 'float64' });
    adjusted.updateState(yTrue, yPred);
    expect(adjusted.result().item()).toBeCloseTo(1 - ((1 - r2) * (n - 1)) / (n - 2 - 1), 12);
    const fallback = new M.R2Score({ numRegressors: 7, dtype: 'float64' });
    fallback.updateState(yTrue, yPred);
    expect(fallback.result().item()).toBeCloseTo(r2, 12);
    expect(adjusted.getConfig()).toEqual({ name: 'r2_score', dtype: 'float64', classAggregation: 'uniform_average', numRegressors: 2 });
  });

  it('a constant column scores 0 (infinite ratio), and the state is built from the first batch\'s width', () => {
    const m = new M.R2Score({ classAggregation: null, dtype: 'float64' });
    expect(m.variables.map((v) => v.name)).toEqual(['num_samples']);
    m.updateState([[3, 1], [3, 2], [3, 4]], [[2, 1], [3, 2], [4, 3]]);
    expect(m.variables.map((v) => v.name)).toEqual(['num_samples', 'squared_sum', 'sum', 'residual', 'count']);
    const [constantColumn, other] = flat(m.result());
    expect(constantColumn).toBe(0);
    expect(other).toBeCloseTo(1 - 1 / (14 / 3), 12); // Σ(t - t̄)² = 14/3, Σ(t - p)² = 1
    expect(() => m.updateState([1, 2], [1, 2])).toThrow(/keras\.metrics\.R2Score: R2Score expects 2D inputs/);
  });
});

describe('Precision and Recall against hand counts', () => {
  const yTrue = [[0, 1, 1], [1, 0, 1], [1, 1, 0]];
  const yPred = [[0.2, 0.9, 0.6], [0.7, 0.55, 0.3], [0.1, 0.8, 0.75]];

  it('several thresholds: one result each (prediction > threshold is positive)', () => {
    const p = new M.Precision({ thresholds: [0.5, 0.7, 0.0] });
    const r = new M.Recall({ thresholds: [0.5, 0.7, 0.0] });
    p.updateState(yTrue, yPred);
    r.updateState(yTrue, yPred);
    // > 0.5: predicted 0.9 0.6 0.7 0.55 0.8 0.75 -> tp 4 (0.9, 0.6, 0.7, 0.8), fp 2; 6 actual positives.
    // > 0.7: 0.9 0.8 0.75 -> tp 2, fp 1.  > 0: all 9 -> tp 6, fp 3.
    expectArray(p.result(), [4 / 6, 2 / 3, 6 / 9]);
    expectArray(r.result(), [4 / 6, 2 / 6, 6 / 6]);
    expect(p.variables.map((v) => [v.name, v.shape])).toEqual([['true_positives', [3]], ['false_positives', [3]]]);
    expect(r.variables.map((v) => v.name)).toEqual(['true_positives', 'false_negatives']);
  });

  it('a prediction equal to the threshold is negative', () => {
    const p = new M.Precision({ thresholds: 0.6 });
    p.updateState([1, 0, 1], [0.6, 0.7, 0.9]);
    expect(p.result().item()).toBeCloseTo(0.5, 7);
  });

  it('classId scores one column; topK keeps each row\'s k largest', () => {
    const p = new M.Precision({ classId: 2 });
    p.updateState(yTrue, yPred); // column 2: labels 1 1 0, predictions 0.6 0.3 0.75 -> tp 1, fp 1
    expect(p.result().item()).toBe(0.5);
    const r = new M.Recall({ classId: 2 });
    r.updateState(yTrue, yPred); // tp 1, fn 1
    expect(r.result().item()).toBe(0.5);
    // Top 1 per row: 0.9 (label 1), 0.7 (label 1), 0.8 (label 1): 3 tp, 0 fp; recall 3/6.
    const top = new M.Precision({ topK: 1 });
    top.updateState(yTrue, yPred);
    expect(top.result().item()).toBe(1);
    const topRecall = new M.Recall({ topK: 1 });
    topRecall.updateState(yTrue, yPred);
    expect(topRecall.result().item()).toBe(0.5);
    // topK with a threshold: the top 2 of each row, then above 0.7: 0.9, 0.8, 0.75 (0.75 has label 0).
    const both = new M.Precision({ topK: 2, thresholds: 0.7 });
    both.updateState(yTrue, yPred);
    expect(both.result().item()).toBeCloseTo(2 / 3, 7);
  });

  it('sample weights per row broadcast over the row, and counts accumulate across batches', () => {
    const p = new M.Precision({ dtype: 'float64' });
    p.updateState(yTrue, yPred, [1, 2, 0.5]);
    // Row 0: 0.9 tp, 0.6 tp (w 1). Row 1: 0.7 tp, 0.55 fp (w 2). Row 2: 0.8 tp, 0.75 fp (w 0.5).
    expect(p.result().item()).toBeCloseTo((2 + 2 + 0.5) / (2 + 4 + 1), 14);
    p.updateState([0], [0.9]); // one more false positive
    expect(p.result().item()).toBeCloseTo(4.5 / 8, 14);
    expect(p.getConfig()).toEqual({ name: 'precision', dtype: 'float64', thresholds: null, topK: null, classId: null });
  });
});

describe("AUC: Keras' test cases (keras/src/metrics/confusion_metrics_test.py), exact", () => {
  const yPred = [0, 0.5, 0.3, 0.9];
  const yTrue = [0, 0, 1, 1];
  const weights = [1, 2, 3, 4];
  // Thresholds [-1e-7, 0.5, 1 + 1e-7]; weighted: tp = [7, 4, 0], fp = [3, 0, 0], fn = [0, 3, 7], tn = [0, 3, 3].
  const auc = (options: tf.AUCOptions, t: tf.TensorLike, p: tf.TensorLike, w?: tf.TensorLike) => {
    const m = new M.AUC(options);
    m.updateState(t, p, w);
    return m.result().item();
  };

  it('ROC: interpolation, minoring, majoring; manual thresholds; logits; all correct', () => {
    expect(auc({ numThresholds: 3 }, yTrue, yPred)).toBeCloseTo(0.75, 6);
    expect(auc({ numThresholds: 3 }, yTrue, yPred, weights)).toBeCloseTo((1 + 4 / 7) / 2, 6);
    expect(auc({ numThresholds: 3, summationMethod: 'majoring' }, yTrue, yPred, weights)).toBeCloseTo(1, 6);
    expect(auc({ numThresholds: 3, summationMethod: 'minoring' }, yTrue, yPred, weights)).toBeCloseTo(4 / 7, 6);
    const manual = new M.AUC({ numThresholds: 2, thresholds: [0.5] });
    expect(manual.numThresholds).toBe(3);
    expect(manual.thresholds).toEqual([-1e-7, 0.5, 1 + 1e-7]);
    manual.updateState(yTrue, yPred);
    expect(manual.result().item()).toBeCloseTo(0.75, 6);
    const logits = yPred.map((q) => -Math.log(1 / (q + 1e-12) - 1));
    expect(auc({ numThresholds: 3, fromLogits: true }, yTrue, logits)).toBeCloseTo(0.75, 6);
    expect(auc({}, yTrue, yTrue)).toBe(1);
  });

  it('PR: majoring, minoring, and the Davis-Goadrich interpolation', () => {
    expect(auc({ numThresholds: 3, curve: 'PR', summationMethod: 'majoring' }, yTrue, yPred, weights)).toBeCloseTo(1, 6);
    expect(auc({ numThresholds: 3, curve: 'PR', summationMethod: 'minoring' }, yTrue, yPred, weights)).toBeCloseTo(0.7 * (3 / 7), 6);
    // slope [0.5, 1], intercept [2, 0], P ratios [10/4, 1]: Σ slope·(ΔTP + intercept·log ratio) / (TP + FN).
    expect(auc({ numThresholds: 3, curve: 'PR' }, yTrue, yPred, weights)).toBeCloseTo((0.5 * (3 + 2 * Math.log(2.5))) / 7 + 4 / 7, 6);
    expect(auc({ numThresholds: 3, curve: 'pr' }, yTrue, yPred, [-1, -2, -3, -4])).toBe(0);
  });

  it('rank-3 inputs are flattened (Keras\' test_extra_dims: 0.5)', () => {
    const x = [[[-10, 10, -10], [10, -10, 10]], [[-12, 12, -12], [12, -12, 12]]];
    const probs = x.map((a) => a.map((b) => b.map((v) => 1 / (1 + Math.exp(v)))));
    expect(auc({}, [[[1, 0, 0], [1, 0, 0]], [[0, 1, 1], [0, 1, 1]]], probs)).toBe(0.5);
  });

  const multiPred = [[0, 0.1], [0.5, 0.2], [0.3, 0.3], [0.9, 0.4]];
  const good = [[0, 0], [0, 0], [1, 1], [1, 1]];
  const bad = [[0, 1], [0, 1], [1, 0], [1, 0]];

  it('multi-label: one curve per label, averaged (or label-weighted); flattened otherwise', () => {
    expect(auc({ numThresholds: 5, multiLabel: true }, good, multiPred)).toBeCloseTo((0.875 + 1) / 2, 6);
    expect(auc({ numThresholds: 5, multiLabel: true, fromLogits: true }, good, multiPred.map((r) => r.map((q) => -Math.log(1 / (q + 1e-12) - 1))))).toBeCloseTo((0.875 + 1) / 2, 6);
    expect(auc({ numThresholds: 5, multiLabel: true, labelWeights: [0.75, 0.25] }, good, multiPred)).toBeCloseTo(0.875 * 0.75 + 0.25, 6);
    expect(auc({ numThresholds: 2, thresholds: [0.5], multiLabel: true }, good, multiPred)).toBeCloseTo((0.75 + 0.5) / 2, 6);
    // Label 0: tpr [1, 1, 4/7, 4/7, 0], fpr [1, 2/3, 0, 0, 0]: 1/3 + (2/3)(11/14) = 6/7; label 1: 1.
    expect(auc({ numThresholds: 5, multiLabel: true }, good, multiPred, weights)).toBeCloseTo((6 / 7 + 1) / 2, 6);
    expect(auc({ numThresholds: 5 }, good, multiPred)).toBeCloseTo(1 - 3 / 32, 6);
    expect(auc({ numThresholds: 5 }, good, multiPred, weights)).toBeCloseTo(37 / 42, 6);
    expect(auc({ numThresholds: 5 }, good, multiPred, [[0, 1], [2, 3], [4, 5], [6, 7]])).toBeCloseTo(29 / 33, 6);
    expect(auc({ numThresholds: 5, labelWeights: [0.75, 0.25] }, good, multiPred)).toBeCloseTo(1 - (0.625 * 0.375) / 2, 6);
    expect(auc({ multiLabel: true }, good, good)).toBe(1);
  });

  it('multi-label PR interpolation against the formula on hand-counted confusion counts', () => {
    /** Keras' interpolated PR area of counts over thresholds (float64). */
    const prArea = (tp: number[], fp: number[], fn: number[]) => {
      let area = 0;
      for (let i = 0; i + 1 < tp.length; i++) {
        const pa = tp[i]! + fp[i]!;
        const pb = tp[i + 1]! + fp[i + 1]!;
        const dtp = tp[i]! - tp[i + 1]!;
        const slope = Math.max(pa - pb, 0) === 0 ? 0 : dtp / Math.max(pa - pb, 0);
        const intercept = tp[i + 1]! - slope * pb;
        const ratio = pa > 0 && pb > 0 ? pa / pb : 1;
        const denominator = Math.max(tp[i + 1]! + fn[i + 1]!, 0);
        area += denominator === 0 ? 0 : (slope * (dtp + intercept * Math.log(ratio))) / denominator;
      }
      return area;
    };
    // Thresholds [-1e-7, 0.25, 0.5, 0.75, 1 + 1e-7]; label 0 predictions [0, 0.5, 0.3, 0.9], label 1 [0.1, 0.2, 0.3, 0.4].
    const label0 = prArea([2, 2, 1, 1, 0], [2, 1, 0, 0, 0], [0, 0, 1, 1, 2]);
    const goodLabel1 = prArea([2, 2, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 2, 2, 2]);
    const badLabel1 = prArea([2, 0, 0, 0, 0], [2, 2, 0, 0, 0], [0, 2, 2, 2, 2]);
    expect(auc({ numThresholds: 5, curve: 'PR', multiLabel: true }, good, multiPred)).toBeCloseTo((label0 + goodLabel1) / 2, 6);
    expect(auc({ numThresholds: 5, curve: 'PR', multiLabel: true }, bad, multiPred)).toBeCloseTo((label0 + badLabel1) / 2, 6);
    expect((label0 + goodLabel1) / 2).toBeCloseTo((0.91667 + 1) / 2, 1); // Keras' test's own numbers, to its 1e-1
    const weighted0 = prArea([7, 7, 4, 4, 0], [3, 2, 0, 0, 0], [0, 0, 3, 3, 7]);
    const weighted1 = prArea([7, 7, 0, 0, 0], [3, 0, 0, 0, 0], [0, 0, 7, 7, 7]);
    expect(auc({ numThresholds: 5, curve: 'PR', multiLabel: true }, good, multiPred, weights)).toBeCloseTo((weighted0 + weighted1) / 2, 6);
  });

  it('with fine thresholds and distinct scores, the ROC area is the Mann-Whitney statistic', () => {
    const scores = [0.0125, 0.9425, 0.3315, 0.6275, 0.0715, 0.5005, 0.8145, 0.2185, 0.4495, 0.7775, 0.1305, 0.9035];
    const labels = [0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0];
    const w = [1, 2, 0.5, 1, 3, 1, 1, 2, 1, 0.25, 1, 1];
    let concordant = 0;
    let pairs = 0;
    scores.forEach((sp, i) => scores.forEach((sn, j) => {
      if (labels[i] !== 1 || labels[j] !== 0) return;
      pairs += w[i]! * w[j]!;
      if (sp > sn) concordant += w[i]! * w[j]!;
    }));
    expect(auc({ numThresholds: 1001, dtype: 'float64' }, labels, tf.constant(scores, 'float64'), w)).toBeCloseTo(concordant / pairs, 12);
  });

  it('variables, thresholds, config and errors', () => {
    const m = new M.AUC();
    expect(m.name).toBe('auc');
    expect(m.thresholds.length).toBe(200);
    expect([m.thresholds[0], m.thresholds[1], m.thresholds[199]]).toEqual([-1e-7, 1 / 199, 1 + 1e-7]);
    expect(m.variables.map((v) => [v.name, v.shape])).toEqual([['true_positives', [200]], ['false_positives', [200]], ['true_negatives', [200]], ['false_negatives', [200]]]);
    const multi = new M.AUC({ numThresholds: 100, curve: 'PR', summationMethod: 'majoring', name: 'auc_1', dtype: 'float64', multiLabel: true, numLabels: 2, fromLogits: true });
    expect(multi.variables[0]!.shape).toEqual([100, 2]);
    const config = { name: 'auc_1', dtype: 'float64', numThresholds: 100, curve: 'PR', summationMethod: 'majoring', multiLabel: true, numLabels: 2, labelWeights: null, fromLogits: true };
    expect(multi.getConfig()).toEqual(config);
    expect(M.deserialize(M.serialize(multi)).getConfig()).toEqual(config);
    const manual = new M.AUC({ thresholds: [0.5, 0.3], curve: 'PR', summationMethod: 'majoring' });
    expect(manual.getConfig()).toMatchObject({ numThresholds: 4, thresholds: [0.3, 0.5] });
    const lazy = new M.AUC({ multiLabel: true });
    expect(lazy.variables).toEqual([]);
    lazy.updateState(good, multiPred);
    expect(lazy.variables[0]!.shape).toEqual([200, 2]);
    lazy.resetState();
    expect(flat(lazy.variables[0]!).every((v) => v === 0)).toBe(true);
    expect(() => new M.AUC({ numThresholds: 1 })).toThrow('keras.metrics.AUC: Argument `num_thresholds` must be an integer > 1. Received: num_thresholds=1');
    expect(() => new M.AUC({ curve: 'Invalid' as never })).toThrow('keras.metrics.AUC: Invalid AUC curve value: "Invalid". Expected values are ["PR", "ROC"]');
    expect(() => new M.AUC({ summationMethod: 'Invalid' as never })).toThrow('Invalid AUC summation method value: "Invalid".');
    expect(() => new M.AUC({ numLabels: 2 })).toThrow('`num_labels` is needed only when `multi_label` is True.');
    expect(() => new M.AUC({ multiLabel: true }).updateState([1, 0], [0.3, 0.2])).toThrow(/`y_pred` must have rank 2 when `multi_label=True`/);
  });
});

describe('Precision and Recall with evenly spaced thresholds take Keras\' bucketing path', () => {
  it('predictions are clipped to [0, 1] there (a prediction of 1.5 is not above the threshold 1)', () => {
    const even = new M.Precision({ thresholds: [0, 0.5, 1] });
    even.updateState([1, 0, 1], [1.5, 0.7, -0.5]);
    // Clipped to [1, 0.7, 0]: > 0: tp 1, fp 1; > 0.5: tp 1, fp 1; > 1: none.
    expect(flat(even.result())).toEqual([0.5, 0.5, 0]);
    const uneven = new M.Precision({ thresholds: [0, 0.4, 1] });
    uneven.updateState([1, 0, 1], [1.5, 0.7, -0.5]);
    expect(flat(uneven.result())).toEqual([0.5, 0.5, 1]);
  });
});

function expectArray(t: tf.Tensor, expected: number[], digits = 6): void {
  const got = flat(t);
  expect(got.length).toBe(expected.length);
  expected.forEach((e, i) => expect(got[i], `[${i}]`).toBeCloseTo(e, digits));
}

describe("TruePositives, FalsePositives, TrueNegatives and FalseNegatives: Keras' unit tests (confusion_metrics_test.py)", () => {
  const binaryTrue = [[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]];
  const binaryPred = [[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]];
  const scores = [[0.9, 0.2, 0.8, 0.1], [0.2, 0.9, 0.7, 0.6], [0.1, 0.2, 0.4, 0.3], [0, 1, 0.7, 0.3]];
  const labels = [[0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]];
  const thresholds = [0.15, 0.5, 0.85];
  type Counter = new (options?: tf.ConfusionCountOptions) => tf.keras.metrics.Metric;
  const COUNTERS: [string, Counter, number, number, number[], tf.TensorLike, number[]][] = [
    // [class, unweighted, weighted by rows (1, 1.5, 2, 2.5), at thresholds, weights at thresholds, weighted at thresholds]
    ['FalsePositives', M.FalsePositives, 7, 14, [7, 4, 2], [[1, 2, 3, 5], [7, 11, 13, 17], [19, 23, 29, 31], [5, 15, 10, 0]], [125, 42, 12]],
    ['FalseNegatives', M.FalseNegatives, 3, 5, [1, 4, 6], [[3], [5], [7], [4]], [4, 16, 23]],
    ['TrueNegatives', M.TrueNegatives, 3, 4, [2, 5, 7], [[0, 2, 3, 5]], [5, 15, 23]],
    ['TruePositives', M.TruePositives, 7, 12, [6, 3, 1], 37, [222, 111, 37]],
  ];

  it.each(COUNTERS)('%s', (_, Counter, unweighted, weighted, atThresholds, weights, weightedAtThresholds) => {
    const m = new Counter();
    m.updateState(binaryTrue, binaryPred);
    expect(m.result().shape).toEqual([]);
    expect(m.result().item()).toBe(unweighted);
    m.resetState();
    m.updateState(binaryTrue, binaryPred, [1, 1.5, 2, 2.5]);
    expect(m.result().item()).toBe(weighted);
    const several = new Counter({ thresholds });
    several.updateState(labels, scores);
    expect(flat(several.result())).toEqual(atThresholds);
    several.resetState();
    several.updateState(labels, scores, weights);
    expectArray(several.result(), weightedAtThresholds, 4);
  });

  it('the four cells partition the weight of every entry at each threshold', () => {
    const w = [[1, 2, 3, 5], [7, 11, 13, 17], [19, 23, 29, 31], [5, 15, 10, 0]];
    const total = w.flat().reduce((a, b) => a + b, 0);
    const results = COUNTERS.map(([, Counter]) => {
      const m = new Counter({ thresholds, dtype: 'float64' });
      m.updateState(labels, tf.constant(scores, 'float64'), w);
      return flat(m.result());
    });
    for (let i = 0; i < thresholds.length; i++) expect(results.reduce((a, r) => a + r[i]!, 0)).toBe(total);
  });

  it('config, variables and threshold errors', () => {
    const m = new M.FalsePositives({ name: 'my_fp', thresholds: [0.4, 0.9] });
    expect([m.name, m.thresholds]).toEqual(['my_fp', [0.4, 0.9]]);
    expect(m.variables.map((v) => [v.name, v.shape, v.trainable])).toEqual([['accumulator', [2], false]]);
    const again = M.deserialize(M.serialize(m));
    expect(again).toBeInstanceOf(M.FalsePositives);
    expect(again.getConfig()).toEqual({ name: 'my_fp', dtype: 'float32', thresholds: [0.4, 0.9] });
    expect(new M.TruePositives().getConfig()).toEqual({ name: 'true_positives', dtype: 'float32', thresholds: null });
    expect([new M.TrueNegatives().name, new M.FalseNegatives().name]).toEqual(['true_negatives', 'false_negatives']);
    expect(() => new M.FalsePositives({ thresholds: [-1, 0.5, 2] })).toThrow('keras.metrics.FalsePositives: Threshold values must be in [0, 1]. Received: [-1, 2]');
    expect(() => new M.TruePositives({ thresholds: [null as never] })).toThrow('Threshold values must be in [0, 1]. Received: [null]');
    expect(() => new M.TrueNegatives().updateState([1, 0])).toThrow(/TrueNegatives: updateState takes \(yTrue, yPred, sampleWeight\?\); yPred is missing/);
  });
});

describe("PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity: Keras' unit tests", () => {
  // Predictions equal to 0/1 labels: every constraint is met at a threshold in (0, 1).
  const bits = [0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0].map((b) => [b]);

  it('SensitivityAtSpecificity', () => {
    const all = new M.SensitivityAtSpecificity(0.7);
    all.updateState(bits, bits);
    expect(all.result().item()).toBeCloseTo(1, 6);
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const high = new M.SensitivityAtSpecificity(0.8);
    high.updateState(labels, [0.0, 0.1, 0.2, 0.3, 0.4, 0.1, 0.45, 0.5, 0.8, 0.9]);
    expect(high.result().item()).toBeCloseTo(0.8, 6);
    const lowPred = [0.0, 0.1, 0.2, 0.3, 0.4, 0.01, 0.02, 0.25, 0.26, 0.26];
    const low = new M.SensitivityAtSpecificity(0.4);
    low.updateState(labels, lowPred);
    expect(low.result().item()).toBeCloseTo(0.6, 6);
    for (const dtype of ['bool', 'int32', 'float32'] as const) {
      const weighted = new M.SensitivityAtSpecificity(0.4);
      weighted.updateState(tf.cast(labels, dtype), lowPred, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(weighted.result().item(), dtype).toBeCloseTo(0.675, 6);
    }
  });

  it('SpecificityAtSensitivity (and classId picks a column of one-hot labels)', () => {
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const pred = [0.0, 0.1, 0.2, 0.3, 0.4, 0.01, 0.02, 0.25, 0.26, 0.26];
    const all = new M.SpecificityAtSensitivity(0.7);
    all.updateState(bits, bits);
    expect(all.result().item()).toBeCloseTo(1, 6);
    const high = new M.SpecificityAtSensitivity(1.0);
    high.updateState(labels, pred);
    expect(high.result().item()).toBeCloseTo(0.2, 6);
    const low = new M.SpecificityAtSensitivity(0.4);
    low.updateState(labels, pred);
    expect(low.result().item()).toBeCloseTo(0.6, 6);
    const byClass = new M.SpecificityAtSensitivity(0.4, { classId: 2 });
    byClass.updateState(tf.oneHot(labels.map((l) => 2 * l), 3), tf.transpose([pred, pred, pred]));
    expect(byClass.result().item()).toBeCloseTo(0.6, 6);
    const weighted = new M.SpecificityAtSensitivity(0.4);
    weighted.updateState(labels, pred, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(weighted.result().item()).toBeCloseTo(0.4, 6);
  });

  it('PrecisionAtRecall', () => {
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const pred = [0.0, 0.1, 0.2, 0.5, 0.6, 0.2, 0.5, 0.6, 0.8, 0.9];
    const all = new M.PrecisionAtRecall(0.7);
    all.updateState(bits, bits);
    expect(all.result().item()).toBeCloseTo(1, 6);
    const high = new M.PrecisionAtRecall(0.8);
    high.updateState(labels, pred);
    expect(high.result().item()).toBeCloseTo(2 / 3, 6); // 0.5 < threshold < 0.6
    const low = new M.PrecisionAtRecall(0.6);
    low.updateState(labels, pred);
    expect(low.result().item()).toBeCloseTo(0.75, 6); // 0.2 < threshold < 0.5
    const byClass = new M.PrecisionAtRecall(0.6, { classId: 2 });
    byClass.updateState(tf.oneHot(labels.map((l) => 2 * l), 3), tf.transpose([pred, pred, pred]));
    expect(byClass.result().item()).toBeCloseTo(0.75, 6);
    const weighted = new M.PrecisionAtRecall(7 / 8);
    weighted.updateState(labels, pred, [2, 1, 2, 1, 2, 1, 2, 2, 1, 2]);
    expect(weighted.result().item()).toBeCloseTo(0.7, 6); // 0 < threshold < 0.2
  });

  it('RecallAtPrecision (0 where the precision is never reached)', () => {
    const pred = [0.05, 0.1, 0.2, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.9, 0.95];
    const labels = [0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1];
    const all = new M.RecallAtPrecision(0.7);
    all.updateState(bits, bits);
    expect(all.result().item()).toBeCloseTo(1, 6);
    const high = new M.RecallAtPrecision(0.75);
    high.updateState(labels, pred);
    expect(high.result().item()).toBeCloseTo(0.5, 6); // reached at 0.4 <= t < 0.45
    const low = new M.RecallAtPrecision(2 / 3);
    low.updateState(labels, pred);
    expect(low.result().item()).toBeCloseTo(5 / 6, 6); // 5/7 at 0.3 <= t < 0.35
    const byClass = new M.RecallAtPrecision(2 / 3, { classId: 2 });
    byClass.updateState(tf.oneHot(labels.map((l) => 2 * l), 3), tf.transpose([pred, pred, pred]));
    expect(byClass.result().item()).toBeCloseTo(5 / 6, 6);
    const weighted = new M.RecallAtPrecision(0.75);
    weighted.updateState([0, 1, 0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.5, 0.6, 0.9, 0.9], [1, 2, 1, 2, 1, 2, 1]);
    expect(weighted.result().item()).toBeCloseTo(0.6, 6);
    const unreachable = new M.RecallAtPrecision(2 / 3);
    unreachable.updateState([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.9]);
    expect(unreachable.result().item()).toBe(0);
  });

  it('against the definition computed by hand in float64: rates at t_i = i/(n - 1), a prediction positive above t_i', () => {
    // Predictions off the grid of 11 thresholds, so the bucketing agrees with p > t exactly.
    const pred = [0.03, 0.97, 0.33, 0.62, 0.07, 0.55, 0.81, 0.21, 0.44, 0.78, 0.13, 0.91, 0.37, 0.66, 0.02, 0.58];
    const labels = [0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1];
    const w = [1, 2, 0.5, 1, 3, 1, 1, 2, 1, 0.25, 1, 1, 2, 1, 0.5, 1.5];
    const n = 11;
    const rates = Array.from({ length: n }, (_, i) => {
      let tp = 0, fp = 0, tn = 0, fn = 0;
      pred.forEach((p, k) => {
        const positive = p > i / (n - 1);
        if (labels[k] === 1) positive ? (tp += w[k]!) : (fn += w[k]!);
        else positive ? (fp += w[k]!) : (tn += w[k]!);
      });
      const ratio = (a: number, b: number) => (a + b === 0 ? 0 : a / (a + b));
      return { recall: ratio(tp, fn), precision: ratio(tp, fp), specificity: ratio(tn, fp) };
    });
    type Rate = keyof (typeof rates)[number];
    const best = (constrained: Rate, target: number, dependent: Rate) =>
      Math.max(0, ...rates.filter((r) => r[constrained] >= target).map((r) => r[dependent]));
    const run = (m: tf.keras.metrics.Metric) => {
      m.updateState(labels.slice(0, 7), tf.constant(pred.slice(0, 7), 'float64'), w.slice(0, 7));
      m.updateState(labels.slice(7), tf.constant(pred.slice(7), 'float64'), w.slice(7));
      return m.result().item();
    };
    const f64 = { numThresholds: n, dtype: 'float64' } as const;
    for (const target of [0.3, 0.5, 0.8, 0.95]) {
      expect(run(new M.PrecisionAtRecall(target, f64)), `precision at recall ${target}`).toBeCloseTo(best('recall', target, 'precision'), 12);
      expect(run(new M.RecallAtPrecision(target, f64)), `recall at precision ${target}`).toBeCloseTo(best('precision', target, 'recall'), 12);
      expect(run(new M.SensitivityAtSpecificity(target, f64)), `sensitivity at ${target}`).toBeCloseTo(best('specificity', target, 'recall'), 12);
      expect(run(new M.SpecificityAtSensitivity(target, f64)), `specificity at ${target}`).toBeCloseTo(best('recall', target, 'specificity'), 12);
    }
  });

  it('one threshold is 0.5; thresholds, variables, both constructor forms, config and errors', () => {
    const one = new M.PrecisionAtRecall(0.5, { numThresholds: 1 });
    expect(one.thresholds).toEqual([0.5]);
    // At 0.5: 0.6 fp, 0.7 tp, 0.2 fn; recall 1/2 reaches 0.5, precision 1/2.
    one.updateState([0, 1, 1, 0], [0.6, 0.7, 0.2, 0.4]);
    expect(one.result().item()).toBe(0.5);
    const m = new M.SensitivityAtSpecificity(0.4, { numThresholds: 100, classId: 12, name: 'sensitivity_at_specificity_1' });
    expect([m.name, m.specificity, m.numThresholds, m.classId]).toEqual(['sensitivity_at_specificity_1', 0.4, 100, 12]);
    expect(m.variables.map((v) => [v.name, v.shape])).toEqual([['true_positives', [100]], ['false_positives', [100]], ['true_negatives', [100]], ['false_negatives', [100]]]);
    expect([m.thresholds[0], m.thresholds[1], m.thresholds[99]]).toEqual([0, 1 / 99, 1]);
    const config = { name: 'sensitivity_at_specificity_1', dtype: 'float32', classId: 12, numThresholds: 100, specificity: 0.4 };
    expect(m.getConfig()).toEqual(config);
    expect(M.deserialize(M.serialize(m)).getConfig()).toEqual(config);
    expect(new M.SensitivityAtSpecificity({ specificity: 0.4, numThresholds: 100, classId: 12, name: 'sensitivity_at_specificity_1' }).getConfig()).toEqual(config);
    expect(new M.RecallAtPrecision({ precision: 0.4 }).getConfig()).toEqual({ name: 'recall_at_precision', dtype: 'float32', classId: null, numThresholds: 200, precision: 0.4 });
    expect([new M.PrecisionAtRecall(0.4).recall, new M.SpecificityAtSensitivity(0.3).sensitivity]).toEqual([0.4, 0.3]);
    expect(() => new M.PrecisionAtRecall(-1)).toThrow('keras.metrics.PrecisionAtRecall: Argument `recall` must be in the range [0, 1]. Received: recall=-1');
    expect(() => new M.RecallAtPrecision(1.5)).toThrow(/`precision` must be in the range \[0, 1\]/);
    expect(() => new M.SensitivityAtSpecificity(-1)).toThrow(/`specificity` must be in the range \[0, 1\]/);
    expect(() => new M.SpecificityAtSensitivity(0.4, { numThresholds: -1 })).toThrow('keras.metrics.SpecificityAtSensitivity: Argument `num_thresholds` must be an integer > 0. Received: num_thresholds=-1');
    expect(() => new M.PrecisionAtRecall({ recall: 0.5 }, {})).toThrow(/give \{recall, \.\.\.options\} or recall and options, not both/);
    expect(() => new M.PrecisionAtRecall(0.5, { recall: 0.5 } as never)).toThrow(/unknown option 'recall'/);
    expect(() => M.get('precision_at_recall')).toThrow(/Argument `recall` must be in the range/);
  });
});

describe("FBetaScore and F1Score: Keras' unit tests (f_score_metrics_test.py, within their 1e-6)", () => {
  const fbeta = (average: 'micro' | 'macro' | 'weighted' | null, beta: number, threshold: number | null, yTrue: number[][], yPred: number[][], sampleWeight?: number[]) => {
    const m = new M.FBetaScore({ average, beta, threshold });
    m.updateState(yTrue, yPred, sampleWeight);
    return flat(m.result());
  };
  const close = (got: number[], expected: number | number[]) => {
    const e = typeof expected === 'number' ? [expected] : expected;
    expect(got.length).toBe(e.length);
    e.forEach((x, i) => expect(Math.abs(got[i]! - x), `[${i}] ${got[i]} vs ${x}`).toBeLessThanOrEqual(1e-6));
  };
  const AVERAGES = ['micro', 'macro', 'weighted'] as const;

  it('a perfect score is 1 and the worst 0 (threshold 0.66)', () => {
    const yPred = [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]];
    for (const average of AVERAGES) {
      for (const beta of [0.5, 1, 2]) {
        close(fbeta(average, beta, 0.66, [[1, 1, 1], [1, 0, 0], [1, 1, 0]], yPred), 1);
        close(fbeta(average, beta, 0.66, [[0, 0, 0], [0, 1, 0], [0, 0, 1]], yPred), 0);
      }
    }
  });

  it('threshold 0.66', () => {
    const yPred = [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]];
    const yTrue = [[0, 0, 1], [1, 1, 0], [1, 1, 1]];
    const CASES: [typeof AVERAGES[number] | null, number, number | number[]][] = [
      [null, 0.5, [0.71428573, 0.5, 0.833334]], [null, 1, [0.8, 0.5, 0.6666667]], [null, 2, [0.9090904, 0.5, 0.555556]],
      ['micro', 0.5, 0.6666667], ['micro', 1, 0.6666667], ['micro', 2, 0.6666667],
      ['macro', 0.5, 0.6825397], ['macro', 1, 0.6555555], ['macro', 2, 0.6548822],
      ['weighted', 0.5, 0.6825397], ['weighted', 1, 0.6555555], ['weighted', 2, 0.6548822],
    ];
    for (const [average, beta, expected] of CASES) close(fbeta(average, beta, 0.66, yTrue, yPred), expected);
  });

  const yTrue = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]];
  const yPred = [[0.9, 0.1, 0], [0.2, 0.6, 0.2], [0, 0, 1], [0.4, 0.3, 0.3], [0, 0.9, 0.1], [0, 0, 1]];

  it('no threshold: each sample\'s largest prediction is the positive one', () => {
    const CASES: [typeof AVERAGES[number] | null, number, number | number[]][] = [
      [null, 0.5, [0.9090904, 0.555556, 1.0]], [null, 1, [0.8, 0.6666667, 1.0]], [null, 2, [0.71428573, 0.833334, 1.0]],
      ['micro', 0.5, 0.833334], ['micro', 1, 0.833334], ['micro', 2, 0.833334],
      ['macro', 0.5, 0.821549], ['macro', 1, 0.822222], ['macro', 2, 0.849206],
      ['weighted', 0.5, 0.880471], ['weighted', 1, 0.844445], ['weighted', 2, 0.829365],
    ];
    for (const [average, beta, expected] of CASES) close(fbeta(average, beta, null, yTrue, yPred), expected);
  });

  it('sample weights', () => {
    const W = [[1, 1, 1, 1, 1, 1], [1, 0, 1, 1, 0, 1], [0.5, 1, 1, 1, 0.5, 1]];
    const CASES: [typeof AVERAGES[number] | null, number, (number | number[])[]][] = [
      [null, 0.5, [[0.909091, 0.555556, 1.0], [1.0, 0.0, 1.0], [0.9375, 0.714286, 1.0]]],
      [null, 1, [[0.8, 0.666667, 1.0], [1.0, 0.0, 1.0], [0.857143, 0.8, 1.0]]],
      [null, 2, [[0.714286, 0.833333, 1.0], [1.0, 0.0, 1.0], [0.789474, 0.909091, 1.0]]],
      ['micro', 0.5, [0.833333, 1.0, 0.9]], ['micro', 1, [0.833333, 1.0, 0.9]], ['micro', 2, [0.833333, 1.0, 0.9]],
      ['macro', 0.5, [0.821549, 0.666667, 0.883929]], ['macro', 1, [0.822222, 0.666667, 0.885714]], ['macro', 2, [0.849206, 0.666667, 0.899522]],
      ['weighted', 0.5, [0.880471, 1.0, 0.917857]], ['weighted', 1, [0.844444, 1.0, 0.902857]], ['weighted', 2, [0.829365, 1.0, 0.897608]],
    ];
    for (const [average, beta, expected] of CASES) expected.forEach((e, i) => close(fbeta(average, beta, null, yTrue, yPred, W[i]), e));
  });

  it('F1Score is FBetaScore with beta 1; counts accumulate over batches; an all-zero row predicts nothing', () => {
    const f1 = new M.F1Score();
    const fb = new M.FBetaScore({ beta: 1 });
    f1.updateState(yTrue, yPred);
    fb.updateState(yTrue, yPred);
    expect(flat(f1.result())).toEqual(flat(fb.result()));
    // Split in two batches, the counts are the same.
    const split = new M.F1Score();
    split.updateState(yTrue.slice(0, 2), yPred.slice(0, 2));
    split.updateState(yTrue.slice(2), yPred.slice(2));
    expect(flat(split.result())).toEqual(flat(f1.result()));
    // By hand in float64: a zero row adds no positive; [0.5, 0.5] makes both positive (ties).
    const m = new M.F1Score({ dtype: 'float64' });
    m.updateState([[1, 0], [0, 1], [1, 0]], [[0, 0], [0.5, 0.5], [0.9, 0.1]]);
    // Class 0: tp 1, fp 1, fn 1. Class 1: tp 1, fp 0, fn 0.
    const eps = 1e-7;
    const score = (tp: number, fp: number, fn: number) => {
      const p = tp / (tp + fp + eps);
      const r = tp / (tp + fn + eps);
      return (2 * p * r) / (p + r + eps);
    };
    expectArray(m.result(), [score(1, 1, 1), score(1, 0, 0)], 14);
  });

  it('state, config and errors', () => {
    const m = new M.FBetaScore({ beta: 0.5, threshold: 0.3, dtype: 'float32' });
    expect(m.getConfig()).toEqual({ name: 'fbeta_score', dtype: 'float32', average: null, beta: 0.5, threshold: 0.3 });
    expect(M.deserialize(M.serialize(m)).getConfig()).toEqual(m.getConfig());
    const f1 = new M.F1Score({ average: 'micro' });
    expect(f1.getConfig()).toEqual({ name: 'f1_score', dtype: 'float32', average: 'micro', threshold: null });
    expect(M.deserialize(M.serialize(f1))).toBeInstanceOf(M.F1Score);
    expect(f1.variables).toEqual([]);
    f1.updateState(yTrue, yPred);
    expect(f1.variables.map((v) => [v.name, v.shape])).toEqual([['true_positives', []], ['false_positives', []], ['false_negatives', []], ['intermediate_weights', []]]);
    f1.resetState();
    expect(f1.variables.every((v) => v.item() === 0)).toBe(true);
    expect(() => new M.FBetaScore().result()).toThrow('keras.metrics.FBetaScore: result() before any updateState: the number of classes is not known yet.');
    expect(() => new M.FBetaScore({ average: 'invalid_average' as never })).toThrow("keras.metrics.FBetaScore: Invalid `average` argument value. Expected one of: {null, 'micro', 'macro', 'weighted'}. Received: average=\"invalid_average\"");
    expect(() => new M.FBetaScore({ beta: '1.0' as never })).toThrow('Invalid `beta` argument value. It should be a number.');
    expect(() => new M.FBetaScore({ beta: 0 })).toThrow('Invalid `beta` argument value. It should be > 0. Received: beta=0');
    expect(() => new M.FBetaScore({ beta: -0.5 })).toThrow('It should be > 0. Received: beta=-0.5');
    expect(() => new M.F1Score({ threshold: 1.1 })).toThrow('keras.metrics.F1Score: Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold=1.1');
    expect(() => new M.F1Score({ threshold: 0 })).toThrow('It should verify 0 < threshold <= 1. Received: threshold=0');
    expect(() => new M.F1Score({ beta: 2 } as never)).toThrow("keras.metrics.F1Score: unknown option 'beta'");
    const zeros = tf.zeros([2, 3, 4]);
    expect(() => new M.FBetaScore().updateState(zeros, zeros)).toThrow('FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=[2, 3, 4] and y_true.shape=[2, 3, 4].');
    const built = new M.F1Score();
    built.updateState(yTrue, yPred);
    expect(() => built.updateState([[1, 0]], [[1, 0]])).toThrow(/built for 3 classes/);
  });
});

describe("IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU: Keras' unit tests (iou_metrics_test.py)", () => {
  const run = (m: tf.keras.metrics.Metric, yTrue: tf.TensorLike, yPred: tf.TensorLike, sampleWeight?: tf.TensorLike) => {
    m.updateState(yTrue, yPred, sampleWeight);
    return m.result().item();
  };

  it('IoU', () => {
    expect(run(new M.IoU({ numClasses: 2, targetClassIds: [0, 1] }), [0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo((1 / 3 + 1 / 3) / 2, 6);
    // cm = [[0.2, 0.3], [0.4, 0.1]]
    const expected = (0.1 / (0.4 + 0.5 - 0.1) + 0.2 / (0.6 + 0.5 - 0.2)) / 2;
    expect(run(new M.IoU({ numClasses: 2, targetClassIds: [1, 0] }), [0, 0, 1, 1], [0, 1, 0, 1], [0.2, 0.3, 0.4, 0.1])).toBeCloseTo(expected, 6);
    expect(run(new M.IoU({ numClasses: 2, targetClassIds: [0, 1] }), [[0, 0], [1, 1]], [[0, 1], [0, 1]], [[0.2, 0.3], [0.4, 0.1]])).toBeCloseTo(expected, 6);
    expect(new M.IoU({ numClasses: 2, targetClassIds: [0, 1] }).result().item()).toBeCloseTo(0, 6);
    // Class 0 never seen: it does not count in the mean.
    expect(run(new M.IoU({ numClasses: 2, targetClassIds: [0, 1] }), [1], [1])).toBeCloseTo(1, 6);
  });

  it('BinaryIoU', () => {
    const yTrue = [0, 1, 0, 1];
    const yPred = [0.1, 0.2, 0.4, 0.7];
    // Threshold 0.3: predictions [0, 0, 1, 1], cm = [[0.2, 0.4], [0.3, 0.1]].
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 }), yTrue, yPred, [0.2, 0.3, 0.4, 0.1])).toBeCloseTo((0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2, 6);
    // Threshold 0.5: predictions [0, 0, 0, 1], cm = [[0.5, 0], [0.2, 0.3]].
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5 }), yTrue, yPred, [0.1, 0.2, 0.4, 0.3])).toBeCloseTo((0.5 / (0.5 + 0.7 - 0.5) + 0.3 / (0.5 + 0.3 - 0.3)) / 2, 6);
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 }), yTrue, yPred)).toBeCloseTo(1 / 3, 6);
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5 }), yTrue, yPred)).toBeCloseTo((2 / 3 + 1 / 2) / 2, 6);
    // A prediction equal to the threshold is class 1.
    expect(run(new M.BinaryIoU({ targetClassIds: [1], threshold: 0.4 }), [1, 0], [0.4, 0.39])).toBeCloseTo(1, 6);
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.4 }), [[0, 1], [0, 1]], [[0.1, 0.7], [0.9, 0.3]], [[0.2, 0.3], [0.4, 0.1]]))
      .toBeCloseTo((0.2 / (0.6 + 0.3 - 0.2) + 0.3 / (0.4 + 0.7 - 0.3)) / 2, 6);
    expect(new M.BinaryIoU({ targetClassIds: [0, 1] }).result().item()).toBeCloseTo(0, 6);
    expect(run(new M.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5 }), [1], [0.6])).toBeCloseTo(1, 6);
  });

  it('MeanIoU, with ignoreClass', () => {
    expect(run(new M.MeanIoU({ numClasses: 2 }), [0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(1 / 3, 6);
    // Labels 255 / -1 ignored: cm = [[1, 0, 0], [0, 1, 0], [0, 1, 0]].
    const ignored = (1 / (1 + 1 - 1) + 1 / (2 + 1 - 1) + 0 / (0 + 1 - 0)) / 3;
    expect(run(new M.MeanIoU({ numClasses: 3, ignoreClass: 255 }), [0, 1, 2, 255], [0, 1, 1, 1])).toBeCloseTo(ignored, 6);
    expect(run(new M.MeanIoU({ numClasses: 3, ignoreClass: -1 }), [0, 1, 2, -1], [0, 1, 1, 1])).toBeCloseTo(ignored, 6);
    const weighted = (0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2;
    expect(run(new M.MeanIoU({ numClasses: 2 }), [0, 0, 1, 1], [0, 1, 0, 1], [0.2, 0.3, 0.4, 0.1])).toBeCloseTo(weighted, 6);
    expect(run(new M.MeanIoU({ numClasses: 2, ignoreClass: -1 }), [0, 0, 1, -1], [0, 1, 0, 1], [0.2, 0.3, 0.4, 0.1])).toBeCloseTo((0.2 / (0.6 + 0.5 - 0.2) + 0 / (0.3 + 0.4)) / 2, 6);
    expect(run(new M.MeanIoU({ numClasses: 2 }), [[0, 0], [1, 1]], [[0, 1], [0, 1]], [[0.2, 0.3], [0.4, 0.1]])).toBeCloseTo(weighted, 6);
    expect(new M.MeanIoU({ numClasses: 2 }).result().item()).toBeCloseTo(0, 6);
    expect(run(new M.MeanIoU({ numClasses: 2 }), [1], [1])).toBeCloseTo(1, 6);
  });

  it('OneHotIoU and OneHotMeanIoU', () => {
    const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]; // classes [2, 0, 1, 0]
    const yPred = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]]; // [2, 2, 0, 2]
    expect(run(new M.OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] }), yTrue, yPred)).toBeCloseTo((0 / 3 + 1 / 3) / 2, 6);
    expect(run(new M.OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] }), yTrue, yPred, [0.1, 0.2, 0.3, 0.4])).toBeCloseTo((0 / 0.9 + 0.1 / 0.7) / 2, 6);
    expect(run(new M.OneHotMeanIoU({ numClasses: 3 }), yTrue, yPred)).toBeCloseTo(1 / 9, 6);
    const t5 = [...yTrue, [1, 0, 0]];
    const p5 = [...yPred, [0.6, 0.2, 0.2]];
    const expected = (0.1 / (0.4 + 0.6 - 0.1) + 0 + 0.1 / (0.6 + 0.1 - 0.1)) / 3;
    expect(run(new M.OneHotMeanIoU({ numClasses: 3 }), t5, p5, [0.1, 0.2, 0.3, 0.3, 0.1])).toBeCloseTo(expected, 6);
    expect(run(new M.OneHotMeanIoU({ numClasses: 3 }), t5, p5, [1, 2, 3, 3, 1])).toBeCloseTo(expected, 6);
  });

  it('against a confusion matrix counted by hand in float64: argmax over axis 1, ignoreClass, weights, two batches', () => {
    // Scores [batch, classes, positions] (channels first): the class axis is 1.
    const scores = [
      [[0.1, 0.7, 0.2], [0.6, 0.2, 0.3], [0.3, 0.1, 0.5]],
      [[0.5, 0.1, 0.3], [0.2, 0.3, 0.6], [0.3, 0.6, 0.1]],
    ];
    const labels = [[1, 0, 3], [0, 2, 1]]; // 3 is ignored
    const weights = [[1, 2, 5], [0.5, 1.5, 3]];
    const cm = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    scores.forEach((sample, b) => {
      for (let pos = 0; pos < 3; pos++) {
        const column = sample.map((row) => row[pos]!);
        const predicted = column.indexOf(Math.max(...column));
        const label = labels[b]![pos]!;
        if (label !== 3) cm[label]![predicted]! += weights[b]![pos]!;
      }
    });
    const ious = [0, 1, 2].map((c) => {
      const tp = cm[c]![c]!;
      const union = cm[c]!.reduce((a, v) => a + v, 0) + cm.reduce((a, row) => a + row[c]!, 0) - tp;
      return { iou: tp / (union + 1e-7), valid: union > 1e-9 };
    });
    const targets = [0, 2];
    const expected = targets.reduce((a, c) => a + ious[c]!.iou, 0) / (targets.filter((c) => ious[c]!.valid).length + 1e-7);
    const m = new M.IoU({ numClasses: 3, targetClassIds: targets, ignoreClass: 3, sparseYPred: false, axis: 1, dtype: 'float64' });
    m.updateState([labels[0]!], tf.constant([scores[0]!], 'float64'), [weights[0]!]);
    m.updateState([labels[1]!], tf.constant([scores[1]!], 'float64'), [weights[1]!]);
    expect(m.result().item()).toBeCloseTo(expected, 12);
    expect(m.variables.map((v) => [v.name, v.shape, v.dtype])).toEqual([['total_confusion_matrix', [3, 3], 'float64']]);
    expect(m.variables[0]!.arraySync()).toEqual(cm);
  });

  it('config, names, dtype and errors', () => {
    const iou = new M.IoU({ numClasses: 2, targetClassIds: [1, 0], name: 'iou_class_1_0' });
    const config = { name: 'iou_class_1_0', dtype: 'float32', numClasses: 2, targetClassIds: [1, 0], ignoreClass: null, sparseYTrue: true, sparseYPred: true, axis: -1 };
    expect(iou.getConfig()).toEqual(config);
    expect(M.deserialize(M.serialize(iou)).getConfig()).toEqual(config);
    const binary = new M.BinaryIoU({ targetClassIds: [1, 0], threshold: 0.1, name: 'iou_class_1_0' });
    expect(binary.getConfig()).toEqual({ targetClassIds: [1, 0], threshold: 0.1, name: 'iou_class_1_0', dtype: 'float32' });
    expect(M.deserialize(M.serialize(binary)).getConfig()).toEqual(binary.getConfig());
    const mean = new M.MeanIoU({ numClasses: 2, name: 'mean_iou' });
    expect(mean.getConfig()).toEqual({ name: 'mean_iou', dtype: 'float32', numClasses: 2, ignoreClass: null, sparseYTrue: true, sparseYPred: true, axis: -1 });
    expect(mean).toBeInstanceOf(M.IoU);
    const oneHot = new M.OneHotIoU({ numClasses: 3, targetClassIds: [1] });
    expect(oneHot.getConfig()).toEqual({ name: 'one_hot_io_u', dtype: 'float32', numClasses: 3, targetClassIds: [1], ignoreClass: null, sparseYPred: false, axis: -1 });
    expect(M.deserialize(M.serialize(oneHot)).getConfig()).toEqual(oneHot.getConfig());
    const oneHotMean = new M.OneHotMeanIoU({ numClasses: 3, sparseYPred: true });
    expect(oneHotMean.getConfig()).toEqual({ name: 'one_hot_mean_io_u', dtype: 'float32', numClasses: 3, ignoreClass: null, sparseYPred: true, axis: -1 });
    expect(M.deserialize(M.serialize(oneHotMean))).toBeInstanceOf(M.OneHotMeanIoU);
    // Keras' default names (to_snake_case of the class names) and its float32 default whatever floatx is.
    expect([new M.IoU({ numClasses: 2, targetClassIds: [0] }).name, new M.MeanIoU({ numClasses: 2 }).name, new M.BinaryIoU().name]).toEqual(['io_u', 'mean_io_u', 'binary_io_u']);
    tf.keras.backend.setFloatx('float64');
    expect(new M.MeanIoU({ numClasses: 2 }).dtype).toBe('float32');
    expect(new M.MeanIoU({ numClasses: 2, dtype: 'float64' }).dtype).toBe('float64');
    expect(() => new M.IoU({ numClasses: 2, targetClassIds: [0, 2] })).toThrow('keras.metrics.IoU: Target class id 2 is out of range, which is [0, 2).');
    expect(() => new M.BinaryIoU({ targetClassIds: [2] })).toThrow('keras.metrics.BinaryIoU: Target class id 2 is out of range, which is [0, 2).');
    expect(() => new M.MeanIoU({ numClasses: 0 })).toThrow('keras.metrics.MeanIoU: numClasses must be a positive integer, got 0.');
    expect(() => new M.MeanIoU({ numClasses: 2, targetClassIds: [0] } as never)).toThrow("keras.metrics.MeanIoU: unknown option 'targetClassIds'");
    expect(() => new M.OneHotIoU({ numClasses: 2, targetClassIds: [0], sparseYTrue: true } as never)).toThrow("keras.metrics.OneHotIoU: unknown option 'sparseYTrue'");
    expect(() => M.get('mean_io_u')).toThrow('keras.metrics.MeanIoU: numClasses must be a positive integer, got undefined.');
    expect(() => new M.MeanIoU({ numClasses: 2 }).updateState([0, 1, 1], [0, 1])).toThrow(/MeanIoU: yTrue and yPred must hold as many class ids, got 3 and 2/);
    expect(() => new M.MeanIoU({ numClasses: 2 }).updateState([[0, 1], [1, 1]], [[0, 1], [1, 1]], [1, 2, 3])).toThrow(/sampleWeight must give one weight per class id \(4\) once flattened, got 3/);
  });
});

describe('the accuracy functions', () => {
  it('give one value per sample', () => {
    expect(M.binaryAccuracy([[1, 0], [0, 0]], [[0.7, 0.2], [0.5, 0.6]]).arraySync()).toEqual([1, 0.5]);
    expect(M.binaryAccuracy([[1, 0], [0, 0]], [[0.7, 0.2], [0.5, 0.6]], 0.65).arraySync()).toEqual([1, 1]);
    expect(M.categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).arraySync()).toEqual([0, 1]);
    expect(M.sparseCategoricalAccuracy([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]).arraySync()).toEqual([0, 1]);
    expect(M.topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 2).arraySync()).toEqual([1, 1]);
    expect(M.sparseTopKCategoricalAccuracy([0, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 2).arraySync()).toEqual([0, 1]);
  });

  it('fromSortedIds: yPred holds the top ids, best first (Keras\' example: k=1 gives 0.5)', () => {
    const m = new M.SparseTopKCategoricalAccuracy({ k: 1, fromSortedIds: true });
    m.updateState([2, 1], [[1, 0, 3], [1, 2, 3]]);
    expect(m.result().item()).toBe(0.5);
    expect(m.getConfig()).toEqual({ name: 'sparse_top_k_categorical_accuracy', dtype: 'float32', k: 1, fromSortedIds: true });
    expect(M.sparseTopKCategoricalAccuracy([[2], [7]], [[1, 2, 3], [3, 7, 7]], 2, true).arraySync()).toEqual([[1], [1]]);
    expect(M.sparseTopKCategoricalAccuracy([3, 7], [[1, 2, 3], [3, 5, 7]], 2, true).arraySync()).toEqual([0, 0]);
  });

  it('count classes tied with the k-th as in the top k (TensorFlow\'s in_top_k)', () => {
    expect(M.sparseTopKCategoricalAccuracy([2, 0], [[0.5, 0.5, 0.5], [0.1, 0.3, 0.3]], 1).arraySync()).toEqual([1, 0]);
  });

  it('keep the label shape for rank-3 predictions', () => {
    const labels = [[1, 0], [2, 2]];
    const preds = [[[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]], [[0.2, 0.2, 0.6], [0.5, 0.3, 0.2]]];
    expect(M.sparseCategoricalAccuracy(labels, preds).arraySync()).toEqual([[1, 1], [1, 0]]);
    expect(M.sparseTopKCategoricalAccuracy(labels, preds, 2).arraySync()).toEqual([[1, 1], [1, 0]]);
  });
});

describe('state, config and identifiers', () => {
  it('names, dtypes and non-trainable variables; resetState zeroes them', () => {
    const m = new M.MeanSquaredError();
    expect([m.name, m.dtype]).toEqual(['mean_squared_error', 'float32']);
    expect(m.variables.every((v) => v instanceof tf.Variable && !v.trainable)).toBe(true);
    m.updateState([1, 2], [2, 4]);
    expect(m.variables.map((v) => v.item())).toEqual([2.5, 1]);
    m.resetState();
    expect(m.variables.map((v) => v.item())).toEqual([0, 0]);
    expect(m.result().item()).toBe(0);
    expect(new M.LogCoshError().name).toBe('logcosh');
    expect(new M.Precision({ name: 'p' }).name).toBe('p');
    expect(String(new M.Recall())).toBe('<Recall name=recall>');
    tf.keras.backend.setFloatx('float64');
    expect(new M.Mean().dtype).toBe('float64');
  });

  it("getConfig gives Keras' options, and a new metric from it is alike", () => {
    const configs: [tf.keras.metrics.Metric, Record<string, unknown>][] = [
      [new M.BinaryAccuracy({ threshold: 0.3 }), { name: 'binary_accuracy', dtype: 'float32', threshold: 0.3 }],
      [new M.TopKCategoricalAccuracy(), { name: 'top_k_categorical_accuracy', dtype: 'float32', k: 5 }],
      [new M.CosineSimilarity(), { name: 'cosine_similarity', dtype: 'float32', axis: -1 }],
      [new M.CategoricalCrossentropy({ fromLogits: true }), { name: 'categorical_crossentropy', dtype: 'float32', fromLogits: true, labelSmoothing: 0, axis: -1 }],
      [new M.SparseCategoricalCrossentropy(), { name: 'sparse_categorical_crossentropy', dtype: 'float32', fromLogits: false, axis: -1 }],
      [new M.Recall({ thresholds: [0.2, 0.4], classId: 1 }), { name: 'recall', dtype: 'float32', thresholds: [0.2, 0.4], topK: null, classId: 1 }],
      [new M.Mean({ name: 'loss' }), { name: 'loss', dtype: 'float32' }],
    ];
    for (const [metric, config] of configs) {
      expect(metric.getConfig()).toEqual(config);
      expect(M.deserialize(M.serialize(metric)).getConfig()).toEqual(config);
    }
  });

  it("get: Keras' names (class, snake_case, aliases), objects and functions as they are, configs", () => {
    expect(M.get('mse')).toBeInstanceOf(M.MeanSquaredError);
    expect(M.get('MAPE')).toBeInstanceOf(M.MeanAbsolutePercentageError);
    expect(M.get('bce')).toBeInstanceOf(M.BinaryCrossentropy);
    expect(M.get('kl_divergence')).toBeInstanceOf(M.KLDivergence);
    expect(M.get('r2_score')).toBeInstanceOf(M.R2Score);
    expect(M.get('top_k_categorical_accuracy')).toBeInstanceOf(M.TopKCategoricalAccuracy);
    expect(M.get('log_cosh_error')).toBeInstanceOf(M.LogCoshError);
    expect(M.get('Precision')).toBeInstanceOf(M.Precision);
    expect(M.get('f1_score')).toBeInstanceOf(M.F1Score);
    expect(M.get('FBetaScore')).toBeInstanceOf(M.FBetaScore);
    expect(M.get('false_negatives')).toBeInstanceOf(M.FalseNegatives);
    expect(M.get({ className: 'MeanIoU', config: { numClasses: 4 } })).toBeInstanceOf(M.MeanIoU);
    expect(M.get({ className: 'recall_at_precision', config: { precision: 0.6 } })).toBeInstanceOf(M.RecallAtPrecision);
    const m = new M.Recall();
    expect(M.get(m)).toBe(m);
    expect(M.get(M.binaryAccuracy)).toBe(M.binaryAccuracy);
    expect(M.get(null)).toBe(null);
    const fromConfig = M.get({ className: 'CategoricalCrossentropy', config: { fromLogits: true } }) as tf.keras.metrics.CategoricalCrossentropy;
    expect(fromConfig.fromLogits).toBe(true);
    expect(() => M.get('nope')).toThrow('keras.metrics.get: Could not interpret metric identifier: nope');
    expect(() => M.serialize(new M.MeanMetricWrapper((t) => tf.constant(t)))).toThrow(/keras\.metrics\.serialize: expected one of/);
  });

  it('a subclass of Metric: addVariable, updateState, result, and the default name', () => {
    class TruePositives extends M.Metric {
      private readonly count = this.addVariable([], 'tp');
      updateState(yTrue: tf.TensorLike, yPred?: tf.TensorLike) {
        this.count.assignAdd(tf.cast(tf.logicalAnd(tf.cast(yTrue, 'bool'), tf.cast(yPred!, 'bool')), 'float32').sum());
      }
      result() {
        return this.count.value();
      }
    }
    const tp = new TruePositives();
    expect(tp.name).toBe('true_positives');
    tp.updateState([1, 0, 1], [1, 1, 1]);
    tp.updateState([1], [1]);
    expect(tp.result().item()).toBe(3);
    tp.resetState();
    expect(tp.result().item()).toBe(0);
  });
});

describe('compiled steps (tf.function) update metrics as eager steps do', () => {
  const batches = [
    { t: [[0, 1, 0], [1, 0, 0]], p: [[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]], w: [1, 0.5] },
    { t: [[0, 0, 1], [0, 1, 0]], p: [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], w: [2, 1] },
    { t: [[1, 0, 0], [0, 0, 1]], p: [[0.3, 0.3, 0.4], [0.05, 0.15, 0.8]], w: [0.25, 1] },
  ];
  const makers: [string, () => tf.keras.metrics.Metric][] = [
    ['MeanSquaredError', () => new M.MeanSquaredError()],
    ['CategoricalAccuracy', () => new M.CategoricalAccuracy()],
    ['CategoricalCrossentropy', () => new M.CategoricalCrossentropy()],
    ['RootMeanSquaredError', () => new M.RootMeanSquaredError()],
    ['R2Score', () => new M.R2Score()],
    ['Precision', () => new M.Precision({ thresholds: [0.25, 0.5] })],
    ['Recall', () => new M.Recall({ topK: 1 })],
    ['SparseTopKCategoricalAccuracy', () => new M.SparseTopKCategoricalAccuracy({ k: 2 })],
    ['AUC', () => new M.AUC({ numThresholds: 7 })],
    ['AUC multi-label PR', () => new M.AUC({ multiLabel: true, curve: 'PR', numThresholds: 9 })],
    ['FalsePositives', () => new M.FalsePositives({ thresholds: [0.15, 0.35, 0.55] })],
    ['PrecisionAtRecall', () => new M.PrecisionAtRecall(0.5, { numThresholds: 11 })],
    ['SensitivityAtSpecificity', () => new M.SensitivityAtSpecificity(0.6, { classId: 0 })],
    ['F1Score', () => new M.F1Score({ average: 'macro' })],
    ['FBetaScore', () => new M.FBetaScore({ beta: 2, threshold: 0.25 })],
    ['OneHotIoU', () => new M.OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] })],
    ['MeanIoU', () => new M.MeanIoU({ numClasses: 3, sparseYTrue: false, sparseYPred: false, ignoreClass: 1 })],
    ['SparseLabels IoU', () => new M.IoU({ numClasses: 3, targetClassIds: [1, 2], sparseYPred: false })],
  ];

  it.each(makers)('%s: the same results after every batch, bit for bit', (name, make) => {
    const eager = make();
    const compiledMetric = make();
    const step = tf.function((t: tf.Tensor, p: tf.Tensor, w: tf.Tensor) => {
      compiledMetric.updateState(t, p, w);
      return compiledMetric.result();
    });
    const labelsOf = (t: number[][]) => (name.startsWith('Sparse') ? tf.argMax(tf.constant(t), -1) : tf.constant(t));
    // (A name starting with 'Sparse' takes the labels' argmaxes: integer class ids.)
    for (const { t, p, w } of batches) {
      eager.updateState(labelsOf(t), p, w);
      const compiled = step(labelsOf(t), tf.constant(p), tf.constant(w));
      expect(flat(compiled)).toEqual(flat(eager.result()));
    }
    // resetState outside the compiled step: its next replay starts from zeros again.
    compiledMetric.resetState();
    eager.resetState();
    const { t, p, w } = batches[1]!;
    eager.updateState(labelsOf(t), p, w);
    expect(flat(step(labelsOf(t), tf.constant(p), tf.constant(w)))).toEqual(flat(eager.result()));
  });

  it('a training step that updates a loss metric and an accuracy metric alongside the optimizer', () => {
    const run = (compile: boolean) => {
      const w = new tf.Variable([[0.1, -0.2], [0.3, 0.05]]);
      const opt = new tf.keras.optimizers.SGD({ learningRate: 0.5 });
      const lossMetric = new M.Mean({ name: 'loss' });
      const acc = new M.SparseCategoricalAccuracy();
      const step = (x: tf.Tensor, y: tf.Tensor) => {
        const tape = new tf.GradientTape();
        const logits = tape.record(() => tf.matmul(x, w));
        const loss = tape.record(() => tf.keras.losses.sparseCategoricalCrossentropy(y, logits, true).mean());
        opt.applyGradients([[tape.gradient(loss, w)!, w]]);
        lossMetric.updateState(loss);
        acc.updateState(y, logits);
        return lossMetric.result();
      };
      const f = compile ? tf.function(step) : step;
      const x = tf.constant([[1, 2], [-1, 0.5], [0.3, -2]]);
      const y = tf.constant([1, 0, 0]);
      const means = [0, 1, 2, 3].map(() => f(x, y).item());
      return [...means, acc.result().item()];
    };
    expect(run(true)).toEqual(run(false));
  });
});

describe('errors', () => {
  it('options and arguments are checked as Keras checks them', () => {
    expect(() => new M.BinaryAccuracy({ threshold: 1 })).toThrow('keras.metrics.BinaryAccuracy: Invalid value for argument `threshold`. Expected a value in interval (0, 1). Received: threshold=1');
    expect(() => new M.Precision({ thresholds: [0.5, 1.5] })).toThrow('keras.metrics.Precision: Threshold values must be in [0, 1]. Received: [1.5]');
    expect(() => new M.R2Score({ classAggregation: 'sum' as never })).toThrow(/keras\.metrics\.R2Score: Invalid value for argument `class_aggregation`/);
    expect(() => new M.R2Score({ numRegressors: -1 })).toThrow(/Expected a value >= 0/);
    expect(() => new M.Mean({ dtype: 'int32' as never })).toThrow(`keras.metrics.Mean: dtype must be 'float32' or 'float64', got "int32".`);
    expect(() => new M.Mean({ axis: 1 } as never)).toThrow("keras.metrics.Mean: unknown option 'axis'; the options are name, dtype.");
    expect(() => new M.MeanMetricWrapper(3 as never)).toThrow(/keras\.metrics\.MeanMetricWrapper: fn must be a function/);
    expect(() => new M.MeanSquaredError().updateState([1, 2])).toThrow(/yPred is missing/);
    const p = new M.Precision({ classId: 3 });
    expect(() => p.updateState([[1, 0, 1]], [[0.2, 0.3, 0.9]])).toThrow('keras.metrics.Precision: classId 3 is out of range for 3 classes.');
    expect(() => new M.Recall({ classId: 0 }).updateState([1, 0], [0.2, 0.3])).toThrow(/When class_id is provided, y_pred must be a 2D array/);
  });
});
