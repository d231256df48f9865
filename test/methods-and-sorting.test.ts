// tf.sort, tf.argsort and tf.math.topK: stable order (ties by index, as TensorFlow's top_k), NaN
// above every number (NumPy's order), any axis, int32, gradients through the gathered values;
// and the Tensor methods of hand-written ops, with TensorFlow.js's method spellings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

describe('sort, argsort, topK', () => {
  it('sort and argsort along the last axis and along axis 0, both directions (NumPy values)', () => {
    // np.sort / np.argsort(kind='stable') of the same data; descending = stable sort of -x
    const x = tf.constant([[3, 1, 2, 1], [0, 5, 5, -1]], 'float64');
    expect(tf.sort(x).arraySync()).toEqual([[1, 1, 2, 3], [-1, 0, 5, 5]]);
    expect(tf.argsort(x).arraySync()).toEqual([[1, 3, 2, 0], [3, 0, 1, 2]]);
    expect(tf.argsort(x, -1, 'DESCENDING').arraySync()).toEqual([[0, 2, 1, 3], [1, 2, 0, 3]]);
    expect(tf.sort(x, 0).arraySync()).toEqual([[0, 1, 2, -1], [3, 5, 5, 1]]);
    expect(tf.sort(x, -1, 'DESCENDING').arraySync()).toEqual([[3, 2, 1, 1], [5, 5, 0, -1]]);
    expect(tf.argsort(x).dtype).toBe('int32');
    expect(tf.sort(tf.constant([2, -3, 7], 'int32')).arraySync()).toEqual([-3, 2, 7]);
  });

  it('NaN sorts above every number, infinities in place', () => {
    const x = tf.constant([NaN, 1, -Infinity, Infinity, 0], 'float32');
    expect(Array.from(tf.sort(x).dataSync())).toEqual([-Infinity, 0, 1, Infinity, NaN]);
    expect(Array.from(tf.argsort(x, 0, 'DESCENDING').dataSync())).toEqual([0, 3, 1, 4, 2]);
  });

  it('topK: the k largest, lower index first among ties, and the gradient reaches the picked entries', () => {
    const x = tf.constant([[3, 1, 2, 1], [0, 5, 5, -1]], 'float64');
    const { values, indices } = tf.topK(x, 2);
    expect(values.arraySync()).toEqual([[3, 2], [5, 5]]);
    expect(indices.arraySync()).toEqual([[0, 2], [1, 2]]);
    expect(tf.math.topK(x).values.arraySync()).toEqual([[3], [5]]);
    expect(tf.nn.topK(x, 1).indices.arraySync()).toEqual([[0], [1]]); // tf.nn.top_k, TF's other spelling
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.topK(x, 2).values.mul(tf.constant([[1, 10], [100, 1000]], 'float64')).reduceSum());
    expect(tape.gradient(y, x)!.arraySync()).toEqual([[1, 0, 10, 0], [0, 100, 1000, 0]]);
  });

  it('bad arguments are clear errors', () => {
    expect(() => tf.topK(tf.constant([1, 2]), 3)).toThrow(/k must be an integer in \[0, 2\]/);
    expect(() => tf.sort(tf.constant([1, 2]), 0, 'UP' as never)).toThrow(/'ASCENDING' or 'DESCENDING'/);
    expect(() => tf.argsort(tf.constant(1))).toThrow(/at least 1-dimensional/);
    expect(() => tf.sort(tf.constant([true, false]))).toThrow(/bool/);
  });
});

describe('Tensor methods of hand-written ops and TF.js spellings', () => {
  it('are the functions with this tensor first', () => {
    const x = tf.constant([[1, -2, 3], [0.5, 4, -1]], 'float64');
    expect(x.softmax().arraySync()).toEqual(tf.nn.softmax(x).arraySync());
    expect(x.logSoftmax(0).arraySync()).toEqual(tf.nn.logSoftmax(x, 0).arraySync());
    expect(x.clipByValue(-1, 1).arraySync()).toEqual([[1, -1, 1], [0.5, 1, -1]]);
    expect(x.logSumExp(1).arraySync()).toEqual(tf.reduceLogSumExp(x, 1).arraySync());
    expect(x.norm().item()).toBeCloseTo(Math.sqrt(1 + 4 + 9 + 0.25 + 16 + 1), 12);
    expect(x.broadcastTo([2, 2, 3]).shape).toEqual([2, 2, 3]);
    expect([x.sum().item(), x.mean().item(), x.max().item(), x.min().item(), x.prod().item()]).toEqual([5.5, 5.5 / 6, 4, -2, 12]);
    expect([x.argMax(1).arraySync(), x.argMin(1).arraySync()]).toEqual([[2, 1], [1, 2]]);
    expect(x.sum(0, true).shape).toEqual([1, 3]);
  });
});

describe('TensorFlow spellings', () => {
  it('isNan, reduceLogsumexp, logSigmoid and the Keras short loss names', () => {
    const x = tf.constant([NaN, 0, -800, 800], 'float64');
    expect(tf.isNan(x).arraySync()).toEqual([true, false, false, false]);
    expect(tf.math.isNan(x).arraySync()).toEqual(tf.isNaN(x).arraySync());
    // log_sigmoid(x) = -softplus(-x): finite for huge |x| (-800 and about -0 here)
    expect(Array.from(tf.math.logSigmoid(tf.constant([0, -800, 800], 'float64')).dataSync())).toEqual([-Math.log(2), -800, -0]);
    const y = tf.constant([[1, 2], [3, 4]], 'float64');
    expect(tf.math.reduceLogsumexp(y, 1).arraySync()).toEqual(tf.reduceLogSumExp(y, 1).arraySync());
    expect(tf.keras.losses.mse([1, 2], [1, 4]).item()).toBe(2);
    expect(tf.keras.losses.mae([1, 2], [1, 4]).item()).toBe(1);
  });
});

describe('tf.math.approxMaxK and approxMinK (exact, as on TensorFlow CPUs)', () => {
  // A fixed pseudo-random matrix with repeated values (ties).
  const data = Array.from({ length: 6 }, (_, r) => Array.from({ length: 7 }, (_, c) => ((r * 7 + c) * 37) % 11));
  const x = tf.constant(data, 'float32');

  it("equals TensorFlow 2.21's, along every dimension, ties included (XLA's results; its CPU kernel's where it has one)", () => {
    const F = JSON.parse(readFileSync(new URL('./fixtures/tf-errors-nest.json', import.meta.url), 'utf8')) as {
      approx: { x: number[][]; cases: { fn: string; k: number; dim: number; values: number[][]; indices: number[][]; eager_equal?: boolean }[]; nn_exports: boolean };
    };
    expect(F.approx.x).toEqual(data);
    expect(F.approx.nn_exports).toBe(true);
    for (const c of F.approx.cases) {
      if (c.eager_equal !== undefined) expect(c.eager_equal).toBe(true);
      const fn = c.fn === 'approx_max_k' ? tf.math.approxMaxK : tf.math.approxMinK;
      const [values, indices] = fn(x, c.k, c.dim);
      expect(values.arraySync(), `${c.fn} k=${c.k} dim=${c.dim}`).toEqual(c.values);
      expect(indices.arraySync(), `${c.fn} k=${c.k} dim=${c.dim}`).toEqual(c.indices);
    }
  });

  it('along the last dimension: top_k itself, ties to the lower index', () => {
    const [values, indices] = tf.math.approxMaxK(x, 3);
    const exact = tf.math.topK(x, 3);
    expect(values.arraySync()).toEqual(exact.values.arraySync());
    expect(indices.arraySync()).toEqual(exact.indices.arraySync());
    expect(indices.dtype).toBe('int32');
    const [tieValues, tieIndices] = tf.math.approxMaxK(tf.constant([1, 5, 5, 2]), 2);
    expect([tieValues.arraySync(), tieIndices.arraySync()]).toEqual([[5, 5], [1, 2]]);
  });

  it('along another dimension: top_k of the transposed operand, transposed back', () => {
    const [values, indices] = tf.math.approxMaxK(x, 2, 0);
    const exact = tf.math.topK(tf.transpose(x), 2);
    expect(values.shape).toEqual([2, 7]);
    expect(values.arraySync()).toEqual(tf.transpose(exact.values).arraySync());
    expect(indices.arraySync()).toEqual(tf.transpose(exact.indices).arraySync());
  });

  it('approxMinK gives the smallest first, each lane checked against a sort', () => {
    const [values, indices] = tf.math.approxMinK(x, 4);
    const v = values.arraySync() as number[][];
    const ix = indices.arraySync() as number[][];
    data.forEach((row, r) => {
      const order = row.map((value, c) => ({ value, c })).sort((a, b) => a.value - b.value || a.c - b.c).slice(0, 4);
      expect(v[r]).toEqual(order.map((o) => o.value));
      expect(ix[r]).toEqual(order.map((o) => o.c));
    });
    expect(tf.nn.approxMinK).toBe(tf.math.approxMinK);
  });

  it('the gradient reaches the entries picked (ones there, zeros elsewhere), eagerly and compiled', () => {
    const w = new tf.Variable(tf.constant([[0.5, -2, 3], [4, 1, -1]], 'float64'));
    const grad = () => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.reduceSum(tf.math.approxMaxK(w, 2)[0]));
      return tape.gradient(y, w)!;
    };
    expect(grad().arraySync()).toEqual([[1, 0, 1], [1, 1, 0]]);
    expect(tf.function(grad)().arraySync()).toEqual([[1, 0, 1], [1, 1, 0]]);
  });

  it("refuses what TensorFlow's op refuses: integer operands, k past the dimension, recall outside (0, 1]", () => {
    expect(() => tf.math.approxMaxK(tf.constant([1, 2], 'int32'), 1)).toThrow(/float32 or float64/);
    expect(() => tf.math.approxMaxK(x, 8)).toThrow(/k must be an integer in \[0, 7\]/);
    expect(() => tf.math.approxMaxK(x, 2, -1, 0)).toThrow(/recallTarget must be in \(0, 1\]/);
    expect(() => tf.math.approxMaxK(x, 2, -1, 0.9, 3)).toThrow(/reductionInputSizeOverride/);
    expect(tf.math.approxMaxK(x, 2, -1, 0.9, 100)[0].shape).toEqual([6, 2]);
  });
});

describe('tf.timestamp', () => {
  it('is a float64 scalar of seconds since the epoch, reading the clock at every call, also compiled', async () => {
    const before = Date.now() / 1000;
    const t = tf.timestamp();
    expect([t.dtype, t.shape]).toEqual(['float64', []]);
    expect(t.item()).toBeGreaterThan(before - 1);
    expect(t.item()).toBeLessThan(Date.now() / 1000 + 1);
    const f = tf.function(() => tf.timestamp());
    const first = f().item();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = f().item();
    expect(second - first).toBeGreaterThan(0.01);
    expect(f.experimentalGetTracingCount()).toBe(1);
  });
});
