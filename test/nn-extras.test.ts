// The tf.nn extras: space_to_depth, depth_to_space, space_to_batch(_nd), batch_to_space (values
// against element-wise oracles written from TensorFlow's definitions and against TensorFlow's
// documented examples, both data formats, gradients, errors), and the statistics and loss helpers
// (crelu, zero_fraction, sufficient_statistics, normalize_moments, weighted_moments,
// compute_average_loss, scale_regularization_loss, local_response_normalization) against plain
// JavaScript formulas; atrous_conv2d(_transpose), conv_transpose, pool (dilated windows),
// max_pool_with_argmax, dilation2d and erosion2d against loops over TensorFlow's definitions.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck, f64, randomValues, seededRandom, sizeOf } from './helpers/gradcheck';
import { convOracle, geometry, indices, offset, poolOracle } from './helpers/conv-oracle';

const rand = seededRandom(2024);
const toNCHW = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);
const toNHWC = (t: tf.Tensor) => tf.transpose(t, [0, 2, 3, 1]);

// ---- space_to_depth / depth_to_space -----------------------------------------------------------

/** TensorFlow's definition (NHWC): out[n, y, x, (by·b + bx)·C + c] = in[n, y·b + by, x·b + bx, c]. */
function spaceToDepthOracle(v: ArrayLike<number>, shape: number[], b: number) {
  const [n, h, w, c] = shape as [number, number, number, number];
  const outShape = [n, h / b, w / b, b * b * c];
  const y = new Float64Array(sizeOf(outShape));
  for (const [i, oy, ox, oc] of indices(outShape)) {
    const [block, ch] = [Math.floor(oc! / c), oc! % c];
    const [by, bx] = [Math.floor(block / b), block % b];
    y[offset(outShape, [i!, oy!, ox!, oc!])] = v[offset(shape, [i!, oy! * b + by, ox! * b + bx, ch])]!;
  }
  return { y, shape: outShape };
}

describe('spaceToDepth and depthToSpace', () => {
  it("TensorFlow's documented examples", () => {
    expect(tf.nn.spaceToDepth(tf.constant([[[[1], [2]], [[3], [4]]]]), 2).arraySync()).toEqual([[[[1, 2, 3, 4]]]]);
    expect(tf.nn.spaceToDepth(tf.constant([[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]]), 2).arraySync()).toEqual([[[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]]]);
    const x = tf.constant([[[[1], [2], [5], [6]], [[3], [4], [7], [8]], [[9], [10], [13], [14]], [[11], [12], [15], [16]]]]);
    const y = [[[[1, 2, 3, 4], [5, 6, 7, 8]], [[9, 10, 11, 12], [13, 14, 15, 16]]]];
    expect(tf.nn.spaceToDepth(x, 2).arraySync()).toEqual(y);
    // depth_to_space's examples are the same pairs the other way round.
    expect(tf.nn.depthToSpace(tf.constant(y), 2).arraySync()).toEqual(x.arraySync());
    expect(tf.nn.depthToSpace(tf.constant([[[[1, 2, 3, 4]]]]), 2).arraySync()).toEqual([[[[1], [2]], [[3], [4]]]]);
  });

  for (const [shape, b] of [[[2, 4, 6, 3], 2], [[1, 6, 3, 2], 3], [[3, 4, 4, 1], 4], [[1, 2, 2, 5], 2]] as [number[], number][]) {
    it(`equals the definition for input [${shape}], blockSize ${b}, NHWC and NCHW, float64 and float32`, () => {
      const v = randomValues(sizeOf(shape), rand);
      const expected = spaceToDepthOracle(v, shape, b);
      const x = f64(v, shape);
      const y = tf.nn.spaceToDepth(x, b);
      expect(y.shape).toEqual(expected.shape);
      expectClose(y, expected.y, 0, 0);
      expectClose(toNHWC(tf.nn.spaceToDepth(toNCHW(x), b, 'NCHW')), expected.y, 0, 0);
      expectClose(tf.nn.spaceToDepth(tf.cast(x, 'float32'), b), Float32Array.from(expected.y), 0, 0);
      // depthToSpace is its inverse, in both formats.
      const back = f64(expected.y, expected.shape);
      expectClose(tf.nn.depthToSpace(back, b), v, 0, 0);
      expectClose(toNHWC(tf.nn.depthToSpace(toNCHW(back), b, 'NCHW')), v, 0, 0);
    });
  }

  it('keeps int32 and bool', () => {
    const x = tf.reshape(tf.range(0, 16, 1, 'int32'), [1, 4, 2, 2]);
    expect(tf.nn.spaceToDepth(x, 2).dtype).toBe('int32');
    expect(tf.nn.depthToSpace(tf.nn.spaceToDepth(x, 2), 2).arraySync()).toEqual(x.arraySync());
    expect(tf.nn.spaceToDepth(tf.greater(x, 7), 2).dtype).toBe('bool');
  });

  it('gradients match central differences', () => {
    expectGradcheck((x) => tf.nn.spaceToDepth(x, 2), [{ shape: [2, 4, 2, 3] }]);
    expectGradcheck((x) => tf.nn.spaceToDepth(x, 3, 'NCHW'), [{ shape: [1, 2, 3, 6] }]);
    expectGradcheck((x) => tf.nn.depthToSpace(x, 2), [{ shape: [2, 2, 3, 8] }]);
    expectGradcheck((x) => tf.nn.depthToSpace(x, 2, 'NCHW'), [{ shape: [1, 8, 2, 3] }]);
  });

  it('rejects bad arguments with the function and the value named', () => {
    const x = tf.zeros([1, 4, 6, 2]);
    expect(() => tf.nn.spaceToDepth(x, 1)).toThrow(/spaceToDepth: blockSize must be an integer >= 2, got 1/);
    expect(() => tf.nn.spaceToDepth(x, 2.5)).toThrow(/spaceToDepth: blockSize/);
    expect(() => tf.nn.spaceToDepth(x, 4)).toThrow(/spaceToDepth: the height 4 and width 6 must both be divisible by blockSize 4/);
    expect(() => tf.nn.spaceToDepth(tf.zeros([4, 4, 2]), 2)).toThrow(/spaceToDepth: input must be 4-D/);
    expect(() => tf.nn.spaceToDepth(x, 2, 'NWHC' as 'NHWC')).toThrow(/spaceToDepth: dataFormat must be 'NHWC' or 'NCHW', got "NWHC"/);
    expect(() => tf.nn.depthToSpace(x, 2)).toThrow(/depthToSpace: the depth 2 must be divisible by blockSize \* blockSize = 4/);
    expect(() => tf.nn.depthToSpace(tf.zeros([1, 8, 1, 1]), 2, 'NCHW')).not.toThrow();
    expect(() => tf.nn.depthToSpace(tf.zeros([1, 1, 1, 8]), 2, 'NCHW')).toThrow(/depthToSpace: the depth 1/);
  });
});

// ---- space_to_batch / batch_to_space -----------------------------------------------------------

/** TensorFlow's definition: out[o·batch + n, i₁, ..., i_M, ...rest] = padded[n, i₁·b₁ + o₁, ...,
 * i_M·b_M + o_M, ...rest], with o the row-major index of the block offset (o₁, ..., o_M). */
function spaceToBatchOracle(v: ArrayLike<number>, shape: number[], block: number[], pads: number[][]) {
  const m = block.length;
  const batch = shape[0]!;
  const padded = shape.slice(1, m + 1).map((s, i) => s + pads[i]![0]! + pads[i]![1]!);
  const rest = shape.slice(m + 1);
  const outShape = [batch * block.reduce((a, b) => a * b, 1), ...padded.map((p, i) => p / block[i]!), ...rest];
  const y = new Float64Array(sizeOf(outShape));
  for (const idx of indices(outShape)) {
    const n = idx[0]! % batch;
    let o = Math.floor(idx[0]! / batch);
    const offsets: number[] = [];
    for (let i = m - 1; i >= 0; i--) {
      offsets[i] = o % block[i]!;
      o = Math.floor(o / block[i]!);
    }
    const src = [n, ...offsets.map((off, i) => idx[i + 1]! * block[i]! + off - pads[i]![0]!), ...idx.slice(m + 1)];
    const inside = src.slice(1, m + 1).every((p, i) => p >= 0 && p < shape[i + 1]!);
    y[offset(outShape, idx)] = inside ? v[offset(shape, src)]! : 0;
  }
  return { y, shape: outShape };
}

describe('spaceToBatch, spaceToBatchNd and batchToSpace', () => {
  it("TensorFlow's documented examples", () => {
    const x1 = tf.constant([[[[1], [2]], [[3], [4]]]]);
    expect(tf.spaceToBatchNd(x1, [2, 2], [[0, 0], [0, 0]]).arraySync()).toEqual([[[[1]]], [[[2]]], [[[3]]], [[[4]]]]);
    const x2 = tf.constant([[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]]);
    expect(tf.spaceToBatch(x2, [2, 2], [[0, 0], [0, 0]]).arraySync()).toEqual([[[[1, 2, 3]]], [[[4, 5, 6]]], [[[7, 8, 9]]], [[[10, 11, 12]]]]);
    const x3 = tf.constant([[[[1], [2], [3], [4]], [[5], [6], [7], [8]], [[9], [10], [11], [12]], [[13], [14], [15], [16]]]]);
    const y3 = [[[[1], [3]], [[9], [11]]], [[[2], [4]], [[10], [12]]], [[[5], [7]], [[13], [15]]], [[[6], [8]], [[14], [16]]]];
    expect(tf.nn.spaceToBatch(x3, [2, 2], [[0, 0], [0, 0]]).arraySync()).toEqual(y3);
    const x4 = tf.constant([[[[1], [2], [3], [4]], [[5], [6], [7], [8]]], [[[9], [10], [11], [12]], [[13], [14], [15], [16]]]]);
    const y4 = [[[[0], [1], [3]]], [[[0], [9], [11]]], [[[0], [2], [4]]], [[[0], [10], [12]]], [[[0], [5], [7]]], [[[0], [13], [15]]], [[[0], [6], [8]]], [[[0], [14], [16]]]];
    expect(tf.spaceToBatchND(x4, [2, 2], [[0, 0], [2, 0]]).arraySync()).toEqual(y4);
    // batch_to_space's documented examples are these pairs the other way round.
    expect(tf.batchToSpace(tf.constant(y3), [2, 2], [[0, 0], [0, 0]]).arraySync()).toEqual(x3.arraySync());
    expect(tf.batchToSpaceND(tf.constant(y4), [2, 2], [[0, 0], [2, 0]]).arraySync()).toEqual(x4.arraySync());
    expect(tf.batchToSpace(tf.constant([[[[1]]], [[[2]]], [[[3]]], [[[4]]]]), 2, [[0, 0], [0, 0]]).arraySync()).toEqual(x1.arraySync());
  });

  const cases: { shape: number[]; block: number[]; pads: number[][] }[] = [
    { shape: [2, 4, 6, 3], block: [2, 3], pads: [[0, 0], [0, 0]] },
    { shape: [1, 5, 4, 2], block: [2, 2], pads: [[1, 0], [2, 2]] },
    { shape: [3, 7, 2], block: [3], pads: [[0, 2]] },
    { shape: [2, 3, 2, 2, 2], block: [2, 1, 2], pads: [[1, 0], [0, 0], [0, 0]] },
    { shape: [2, 4, 3], block: [2, 3], pads: [[0, 0], [1, 2]] }, // no remaining dims
  ];
  for (const c of cases) {
    it(`equal the definition for input [${c.shape}], blockShape [${c.block}], paddings ${JSON.stringify(c.pads)}`, () => {
      const v = randomValues(sizeOf(c.shape), rand);
      const expected = spaceToBatchOracle(v, c.shape, c.block, c.pads);
      const x = f64(v, c.shape);
      for (const fn of [tf.spaceToBatchNd, tf.spaceToBatch, tf.nn.spaceToBatch, tf.spaceToBatchND]) {
        const y = fn(x, c.block, c.pads);
        expect(y.shape).toEqual(expected.shape);
        expectClose(y, expected.y, 0, 0);
      }
      expectClose(tf.spaceToBatchNd(tf.cast(x, 'float32'), c.block, c.pads), Float32Array.from(expected.y), 0, 0);
      // batch_to_space with crops = paddings undoes it.
      const back = tf.batchToSpace(f64(expected.y, expected.shape), c.block, c.pads);
      expect(back.shape).toEqual(c.shape);
      expectClose(back, v, 0, 0);
    });
  }

  it('gradients match central differences', () => {
    expectGradcheck((x) => tf.spaceToBatchNd(x, [2, 2], [[1, 0], [0, 1]]), [{ shape: [2, 3, 3, 2] }]);
    expectGradcheck((x) => tf.batchToSpace(x, [2, 3], [[1, 0], [0, 2]]), [{ shape: [6, 2, 2, 1] }]);
  });

  it('rejects bad arguments with the function and the value named', () => {
    const x = tf.zeros([1, 4, 4, 1]);
    expect(() => tf.spaceToBatchNd(x, [2, 0], [[0, 0], [0, 0]])).toThrow(/spaceToBatchNd: blockShape must be a non-empty list of integers >= 1/);
    expect(() => tf.spaceToBatchNd(x, 2 as unknown as number[], [[0, 0], [0, 0]])).toThrow(/spaceToBatchNd: blockShape/);
    expect(() => tf.spaceToBatch(x, [2, 2], [[0, 0]])).toThrow(/spaceToBatch: paddings must be 2 \[start, end\] pairs/);
    expect(() => tf.spaceToBatch(x, [2, 2], [[0, -1], [0, 0]])).toThrow(/spaceToBatch: paddings/);
    expect(() => tf.spaceToBatchNd(x, [3, 2], [[0, 0], [0, 0]])).toThrow(/spaceToBatchNd: spatial dim 0 padded to 4 .* is not divisible by blockShape\[0\] = 3/);
    expect(() => tf.spaceToBatchNd(tf.zeros([2, 2]), [2, 2], [[0, 0], [0, 0]])).toThrow(/spaceToBatchNd: input must have at least 3 dims/);
    expect(() => tf.batchToSpace(tf.zeros([3, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]])).toThrow(/batchToSpace: the batch 3 must be divisible by the product of blockShape \[2, 2\] = 4/);
    expect(() => tf.batchToSpace(tf.zeros([4, 1, 1, 1]), [2, 2], [[2, 1], [0, 0]])).toThrow(/batchToSpace: crops \[2, 1\] of spatial dim 0 remove more than its 2 entries/);
    expect(() => tf.batchToSpace(tf.zeros([4, 1, 1, 1]), 0, [[0, 0], [0, 0]])).toThrow(/batchToSpace: blockShape must be an integer >= 1 or/);
  });
});

// ---- statistics and losses ---------------------------------------------------------------------

describe('crelu and zeroFraction', () => {
  it('crelu concatenates relu(x) and relu(-x) along the axis, with its gradient', () => {
    const x = tf.constant([[1, -2], [0.5, 3]], 'float64');
    expectClose(tf.nn.crelu(x), [1, 0, 0, 2, 0.5, 3, 0, 0]);
    expectClose(tf.nn.crelu(x, 0), [1, 0, 0.5, 3, 0, 2, 0, 0]);
    expectGradcheck((t) => tf.nn.crelu(t), [{ shape: [2, 3], awayFromZero: 0.1 }]);
  });

  it('zeroFraction counts the zeros (a float32 scalar, whatever the input)', () => {
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      const v = [0, 1, 0, -3, 0, 2, 0, 0];
      const z = tf.nn.zeroFraction(tf.constant(v, dtype));
      expect(z.dtype).toBe('float32');
      expect(z.shape).toEqual([]);
      expect(z.arraySync()).toBe(5 / 8);
    }
    expect(tf.math.zeroFraction(tf.constant([[0, -0], [1e-30, 2]], 'float64')).arraySync()).toBe(0.5);
    expect(Number.isNaN(tf.nn.zeroFraction(tf.zeros([0])).arraySync())).toBe(true);
    expect(() => tf.nn.zeroFraction(tf.constant([true]))).toThrow(/zeroFraction: value must be numeric/);
  });
});

describe('sufficientStatistics, normalizeMoments and weightedMoments', () => {
  const shape = [3, 4, 2];
  const v = randomValues(sizeOf(shape), rand);
  /** Plain sums over axes 0 and 2 of the [3, 4, 2] values: per index of axis 1. */
  const sums = (f: (x: number) => number) => [0, 1, 2, 3].map((j) => {
    let s = 0;
    for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) s += f(v[(i * 4 + j) * 2 + k]!);
    return s;
  });

  it('sufficientStatistics gives the count and the (shifted) sums, and shift null without one', () => {
    const x = f64(v, shape);
    const [count, meanSs, varianceSs, shift] = tf.nn.sufficientStatistics(x, [0, 2]);
    expect(count.dtype).toBe('float64');
    expect(count.arraySync()).toBe(6);
    expectClose(meanSs, sums((a) => a), 1e-12);
    expectClose(varianceSs, sums((a) => a * a), 1e-12);
    expect(shift).toBeNull();
    const [, m2, v2, s2] = tf.nn.sufficientStatistics(x, [0, -1], 0.5, true);
    expect(m2.shape).toEqual([1, 4, 1]);
    expectClose(m2, sums((a) => a - 0.5), 1e-12);
    expectClose(v2, sums((a) => (a - 0.5) ** 2), 1e-12);
    expectClose(s2, 0.5);
  });

  it('normalizeMoments of them is the mean and the variance, shifted or not', () => {
    const mean = sums((a) => a).map((s) => s / 6);
    const variance = sums((a) => a * a).map((s, j) => s / 6 - mean[j]! ** 2);
    const x = f64(v, shape);
    for (const shift of [null, 0.5]) {
      const [count, meanSs, varianceSs, s] = tf.nn.sufficientStatistics(x, [0, 2], shift);
      const [m, vv] = tf.nn.normalizeMoments(count, meanSs, varianceSs, s);
      expectClose(m, mean, 1e-12);
      expectClose(vv, variance, 1e-10);
    }
    const [m32] = tf.nn.normalizeMoments(tf.constant(4, 'float32'), tf.constant([10, 2], 'float32'), tf.constant([30, 1], 'float32'), null);
    expect(m32.dtype).toBe('float32');
    expectClose(m32, [2.5, 0.5]);
    expectGradcheck((c, ms, vs, s) => tf.add(...tf.nn.normalizeMoments(c, ms, vs, s)), [{ shape: [], min: 2, max: 4 }, { shape: [3] }, { shape: [3] }, { shape: [3] }]);
    expectGradcheck((t, s) => tf.add(tf.nn.sufficientStatistics(t, [1], s)[1], tf.nn.sufficientStatistics(t, [1], s)[2]), [{ shape: [3, 4] }, { shape: [3, 1] }]);
  });

  it('weightedMoments is Σ w·x / Σ w and Σ w·(x - mean)² / Σ w, with broadcast weights', () => {
    const x = [[1, 2, 4], [3, -1, 0.5]];
    const w = [[1, 2, 1], [0.5, 0, 3]];
    const oracle = (xs: number[], ws: number[]) => {
      const sw = ws.reduce((a, b) => a + b, 0);
      const mean = xs.reduce((a, xi, i) => a + ws[i]! * xi, 0) / sw;
      return [mean, xs.reduce((a, xi, i) => a + ws[i]! * (xi - mean) ** 2, 0) / sw];
    };
    const [m1, v1] = tf.nn.weightedMoments(tf.constant(x, 'float64'), [1], tf.constant(w, 'float64'));
    const rows = [oracle(x[0]!, w[0]!), oracle(x[1]!, w[1]!)];
    expectClose(m1, rows.map((r) => r[0]!), 1e-12);
    expectClose(v1, rows.map((r) => r[1]!), 1e-12);
    // Weights [1, 3] broadcast along the rows; over both axes with keepdims.
    const [m2, v2] = tf.nn.weightedMoments(tf.constant(x, 'float64'), [0, 1], tf.constant([[1], [3]], 'float64'), true);
    expect(m2.shape).toEqual([1, 1]);
    const all = oracle(x.flat(), [1, 1, 1, 3, 3, 3]);
    expectClose(m2, all[0]!, 1e-12);
    expectClose(v2, all[1]!, 1e-12);
    // The documented example: weights [1, 2, 1] on [1, 2, 4].
    const [m3, v3] = tf.nn.weightedMoments([1, 2, 4], [0], [1, 2, 1]);
    expectClose(m3, 2.25);
    expectClose(v3, 1.1875);
    expectGradcheck((t, ww) => tf.add(...tf.nn.weightedMoments(t, [0], ww)), [{ shape: [4, 2] }, { shape: [4, 1], min: 0.5, max: 2 }]);
  });

  it('rejects bad arguments', () => {
    expect(() => tf.nn.sufficientStatistics([1, 2], [0], true as unknown as null)).toThrow(/sufficientStatistics: the third argument is shift/);
    expect(() => tf.nn.sufficientStatistics([1, 2], [1])).toThrow(/sufficientStatistics/);
    expect(() => tf.nn.weightedMoments([1, 2], [0], [1, 2, 3])).toThrow(/weightedMoments/);
    expect(() => tf.nn.weightedMoments(tf.constant([1, 2], 'int32'), [0], [1, 1])).toThrow(/weightedMoments/);
  });
});

describe('computeAverageLoss and scaleRegularizationLoss', () => {
  it('divide the (weighted) sum by the global batch size, which defaults to the batch dim', () => {
    const loss = tf.constant([[1, 2], [3, 4], [5, 6]], 'float64');
    expectClose(tf.nn.computeAverageLoss(loss), 21 / 3);
    expectClose(tf.nn.computeAverageLoss(loss, null, 7), 3);
    // Per-example weights [3] (expanded to [3, 1]) and full [3, 2] weights.
    expectClose(tf.nn.computeAverageLoss(loss, [1, 0, 2]), (3 + 0 + 22) / 3);
    expectClose(tf.nn.computeAverageLoss(loss, [[1, 0], [0, 1], [2, 0.5]], 10), (1 + 4 + 10 + 3) / 10);
    expectClose(tf.nn.computeAverageLoss([1, 2, 3], [[2], [1], [0]]), 4 / 3);
    expect(tf.nn.computeAverageLoss(tf.constant([1, 2], 'float32')).dtype).toBe('float32');
    expectGradcheck((l, w) => tf.nn.computeAverageLoss(l, w), [{ shape: [4, 2] }, { shape: [4] }]);
  });

  it('scaleRegularizationLoss sums (one replica)', () => {
    expectClose(tf.nn.scaleRegularizationLoss(tf.constant([0.5, 0.25, 2], 'float64')), 2.75);
    expectClose(tf.nn.scaleRegularizationLoss([tf.constant(0.5, 'float64'), tf.constant(1.25, 'float64')]), 1.75);
    expectGradcheck((t) => tf.nn.scaleRegularizationLoss(t), [{ shape: [3] }]);
  });

  it('reject bad arguments', () => {
    expect(() => tf.nn.computeAverageLoss(3)).toThrow(/computeAverageLoss: perExampleLoss must be a tensor with at least rank 1/);
    expect(() => tf.nn.computeAverageLoss([1, 2], null, 0)).toThrow(/computeAverageLoss: globalBatchSize must be a positive integer, got 0/);
    expect(() => tf.nn.computeAverageLoss([1, 2], null, 1.5)).toThrow(/globalBatchSize/);
    expect(() => tf.nn.computeAverageLoss([[1, 2]], [[1, 2, 3]])).toThrow(/computeAverageLoss: sampleWeight of shape \[1, 3\] does not broadcast/);
  });
});

describe('localResponseNormalization', () => {
  /** TensorFlow's definition: x / (bias + alpha · Σ_{|d' - d| <= r} x[d']²)^beta along the last axis. */
  function lrnOracle(v: ArrayLike<number>, shape: number[], r: number, bias: number, alpha: number, beta: number) {
    const depth = shape[3]!;
    const y = new Float64Array(v.length);
    for (let p = 0; p < v.length; p += depth) {
      for (let d = 0; d < depth; d++) {
        let s = 0;
        for (let e = Math.max(0, d - r); e <= Math.min(depth - 1, d + r); e++) s += v[p + e]! ** 2;
        y[p + d] = v[p + d]! / (bias + alpha * s) ** beta;
      }
    }
    return y;
  }

  for (const [r, bias, alpha, beta] of [[5, 1, 1, 0.5], [1, 2, 0.5, 0.75], [0, 1, 0.3, 1], [2, 0.5, 1e-2, 0.25]]) {
    it(`equals the definition for depthRadius ${r}, bias ${bias}, alpha ${alpha}, beta ${beta}`, () => {
      const shape = [2, 2, 3, 7];
      const v = randomValues(sizeOf(shape), rand);
      const expected = lrnOracle(v, shape, r!, bias!, alpha!, beta!);
      expectClose(tf.nn.localResponseNormalization(f64(v, shape), r, bias, alpha, beta), expected, 1e-12);
      expectClose(tf.nn.lrn(tf.cast(f64(v, shape), 'float32'), r, bias, alpha, beta), expected, 2e-6, 1e-6);
    });
  }

  it('defaults to depthRadius 5, bias 1, alpha 1, beta 0.5', () => {
    const v = randomValues(12, rand);
    expectClose(tf.nn.lrn(f64(v, [1, 1, 1, 12])), lrnOracle(v, [1, 1, 1, 12], 5, 1, 1, 0.5), 1e-12);
  });

  it('gradients match central differences, to second order', () => {
    expectGradcheck((x) => tf.nn.localResponseNormalization(x, 2, 1, 0.5, 0.75), [{ shape: [1, 2, 2, 6] }]);
    expectGradcheck((x) => tf.nn.lrn(x), [{ shape: [2, 1, 1, 3] }]);
    const inner = (x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(x);
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.nn.lrn(x, 1, 1, 0.7, 0.75))));
      return tape.gradient(loss, x) as tf.Tensor;
    };
    expectGradcheck(inner, [{ shape: [1, 1, 2, 4] }], { rtol: 1e-5 });
  });

  it('rejects bad arguments', () => {
    expect(() => tf.nn.lrn(tf.zeros([2, 3]))).toThrow(/localResponseNormalization: input must be 4-D/);
    expect(() => tf.nn.lrn(tf.zeros([1, 1, 1, 3]), -1)).toThrow(/localResponseNormalization: depthRadius must be an integer >= 0, got -1/);
    expect(() => tf.nn.lrn(tf.zeros([1, 1, 1, 3]), 1, NaN)).toThrow(/localResponseNormalization: bias must be a finite number/);
    expect(() => tf.nn.lrn(tf.zeros([1, 1, 1, 3], 'int32'))).toThrow(/localResponseNormalization/);
  });
});

// ---- atrous convolutions, convTranspose --------------------------------------------------------

describe('atrousConv2d, atrousConv2dTranspose and convTranspose', () => {
  for (const [rate, padding] of [[1, 'VALID'], [2, 'SAME'], [3, 'VALID'], [2, 'VALID']] as [number, 'SAME' | 'VALID'][]) {
    it(`atrousConv2d is the dilated convolution (rate ${rate}, ${padding})`, () => {
      const [xs, ws] = [[2, 7, 8, 2], [2, 3, 2, 3]];
      const xv = randomValues(sizeOf(xs), rand), wv = randomValues(sizeOf(ws), rand);
      const expected = convOracle(xv, xs, wv, ws, [1, 1], [rate, rate], padding);
      const y = tf.nn.atrousConv2d(f64(xv, xs), f64(wv, ws), rate, padding);
      expect(y.shape).toEqual(expected.shape);
      expectClose(y, expected.y, 1e-12);
      expectClose(tf.nn.atrousConv2d(tf.cast(f64(xv, xs), 'float32'), tf.cast(f64(wv, ws), 'float32'), rate, padding), expected.y, 1e-5, 1e-5);
    });
  }

  it('atrousConv2dTranspose is the gradient of atrousConv2d with respect to its input', () => {
    for (const [rate, padding] of [[2, 'SAME'], [2, 'VALID'], [3, 'SAME']] as [number, 'SAME' | 'VALID'][]) {
      const [xs, ws] = [[1, 6, 7, 2], [3, 2, 2, 3]];
      const x = f64(randomValues(sizeOf(xs), rand), xs), w = f64(randomValues(sizeOf(ws), rand), ws);
      const yShape = tf.nn.atrousConv2d(x, w, rate, padding).shape;
      const upstream = f64(randomValues(sizeOf(yShape), rand), yShape);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.nn.atrousConv2d(x, w, rate, padding));
      const expected = tape.gradient(y, x, { outputGradients: upstream }) as tf.Tensor;
      // The transpose takes the filters [h, w, outChannels, inChannels]: the conv's as they are.
      expectClose(tf.nn.atrousConv2dTranspose(upstream, w, xs, rate, padding), expected.dataSync(), 1e-12);
    }
    expectGradcheck((u, w) => tf.nn.atrousConv2dTranspose(u, w, [1, 5, 5, 2], 2, 'SAME'), [{ shape: [1, 5, 5, 3] }, { shape: [2, 2, 2, 3] }]);
  });

  it('convTranspose dispatches by the length of outputShape', () => {
    const u1 = f64(randomValues(12, rand), [2, 3, 2]), w1 = f64(randomValues(12, rand), [3, 2, 2]);
    expectClose(tf.nn.convTranspose(u1, w1, [2, 6, 2], 2), tf.nn.conv1dTranspose(u1, w1, [2, 6, 2], 2).dataSync(), 0, 0);
    const u2 = f64(randomValues(18, rand), [1, 3, 3, 2]), w2 = f64(randomValues(24, rand), [2, 2, 3, 2]);
    expectClose(tf.nn.convTranspose(u2, w2, [1, 6, 6, 3], [2, 2], 'SAME'), tf.nn.conv2dTranspose(u2, w2, [1, 6, 6, 3], 2).dataSync(), 0, 0);
    expectClose(tf.nn.convTranspose(toNCHW(u2), w2, [1, 3, 5, 5], 1, 'VALID', 'NCHW', 2), tf.nn.conv2dTranspose(toNCHW(u2), w2, [1, 3, 5, 5], 1, 'VALID', 'NCHW', 2).dataSync(), 0, 0);
    const u3 = f64(randomValues(16, rand), [1, 2, 2, 2, 2]), w3 = f64(randomValues(16, rand), [2, 2, 2, 1, 2]);
    expectClose(tf.nn.convTranspose(u3, w3, [1, 3, 3, 3, 1], 1, 'VALID'), tf.nn.conv3dTranspose(u3, w3, [1, 3, 3, 3, 1], 1, 'VALID').dataSync(), 0, 0);
  });

  it('reject bad arguments', () => {
    const x = tf.zeros([1, 5, 5, 1]), w = tf.zeros([2, 2, 1, 1]);
    expect(() => tf.nn.atrousConv2d(x, w, 0, 'SAME')).toThrow(/atrousConv2d: rate must be an integer >= 1, got 0/);
    expect(() => tf.nn.atrousConv2d(x, w, 2, [[0, 0], [1, 1]] as unknown as 'SAME')).toThrow(/atrousConv2d: padding must be 'SAME' or 'VALID'/);
    expect(tf.nn.atrousConv2d(x, w, 4, 'VALID').shape).toEqual([1, 1, 1, 1]);
    expect(() => tf.nn.atrousConv2d(x, w, 5, 'VALID')).toThrow(/atrousConv2d: the window spans 6 positions along spatial dim 0, more than the 5/);
    expect(() => tf.nn.atrousConv2dTranspose(x, w, [1, 5, 5, 1], 1.5, 'SAME')).toThrow(/atrousConv2dTranspose: rate must be an integer >= 1, got 1.5/);
    expect(() => tf.nn.atrousConv2dTranspose(x, w, [1, 6, 6, 1], 2, 'SAME')).toThrow(/atrousConv2dTranspose: a convolution of outputShape \[1, 6, 6, 1\]/);
    expect(() => tf.nn.convTranspose(x, w, [1, 5], 1)).toThrow(/convTranspose: outputShape must list 3, 4 or 5 dims/);
    expect(() => tf.nn.convTranspose(x, w, [1, 5, 5, 5, 5, 5], 1)).toThrow(/convTranspose: outputShape must list 3, 4 or 5 dims/);
  });
});

// ---- pool, maxPoolWithArgmax -------------------------------------------------------------------

/** TensorFlow's pool with dilations (its with_space_to_batch, written out): the input padded with
 * zeros by the dilated window's span less one for 'SAME' (the odd one after), then each output
 * the max or the mean of the taps j + t·dilation of the padded input, every tap counted. */
function dilatedPoolOracle(kind: 'max' | 'avg', v: Float64Array, shape: number[], window: number[], dil: number[], padding: 'SAME' | 'VALID') {
  const d = shape.length - 2;
  const [batch, sizes, channels] = [shape[0]!, shape.slice(1, d + 1), shape[d + 1]!];
  const span = window.map((k, i) => (k - 1) * dil[i]!);
  const before = span.map((s) => (padding === 'SAME' ? Math.floor(s / 2) : 0));
  const out = sizes.map((n, i) => (padding === 'SAME' ? n : n - span[i]!));
  const outShape = [batch, ...out, channels];
  const y = new Float64Array(sizeOf(outShape));
  for (const [n, ...o] of indices([batch, ...out])) {
    for (let c = 0; c < channels; c++) {
      let acc = kind === 'max' ? -Infinity : 0, count = 0;
      for (const k of indices(window)) {
        const p = o.map((oi, i) => oi + k[i]! * dil[i]! - before[i]!);
        const value = p.some((pi, i) => pi < 0 || pi >= sizes[i]!) ? 0 : v[offset(shape, [n!, ...p, c])]!;
        acc = kind === 'max' ? Math.max(acc, value) : acc + value;
        count++;
      }
      y[offset(outShape, [n!, ...o, c])] = kind === 'max' ? acc : acc / count;
    }
  }
  return { y, shape: outShape };
}

describe('pool', () => {
  it('without dilations is maxPool / avgPool (strides, both paddings, channels first)', () => {
    const shape = [2, 5, 6, 2];
    const v = randomValues(sizeOf(shape), rand);
    const x = f64(v, shape);
    for (const [kind, type] of [['max', 'MAX'], ['avg', 'AVG']] as const) {
      for (const padding of ['SAME', 'VALID'] as const) {
        const expected = poolOracle(kind, v, shape, [2, 3], [2, 1], padding);
        const y = tf.nn.pool(x, [2, 3], type, [2, 1], padding);
        expect(y.shape).toEqual(expected.shape);
        expectClose(y, expected.y, 1e-12);
        expectClose(toNHWC(tf.nn.pool(toNCHW(x), [2, 3], type, [2, 1], padding, 'NCHW')), expected.y, 1e-12);
      }
    }
  });

  const cases: { shape: number[]; window: number[]; dil: number[]; padding: 'SAME' | 'VALID' }[] = [
    { shape: [2, 9, 3], window: [3], dil: [2], padding: 'VALID' },
    { shape: [1, 8, 2], window: [2], dil: [3], padding: 'SAME' },
    { shape: [2, 7, 6, 2], window: [2, 3], dil: [2, 2], padding: 'SAME' },
    { shape: [1, 6, 7, 1], window: [3, 2], dil: [2, 3], padding: 'VALID' },
    { shape: [1, 5, 4, 4, 2], window: [2, 2, 1], dil: [2, 1, 3], padding: 'SAME' },
  ];
  for (const c of cases) {
    it(`with dilations equals TensorFlow's definition: input [${c.shape}], window [${c.window}], dilations [${c.dil}], ${c.padding}`, () => {
      // Negative values too, so that the zeros of 'SAME' padding win some maxima, as in TensorFlow.
      const v = randomValues(sizeOf(c.shape), rand);
      const x = f64(v, c.shape);
      for (const [kind, type] of [['max', 'MAX'], ['avg', 'AVG']] as const) {
        const expected = dilatedPoolOracle(kind, v, c.shape, c.window, c.dil, c.padding);
        const y = tf.nn.pool(x, c.window, type, null, c.padding, null, c.dil);
        expect(y.shape).toEqual(expected.shape);
        expectClose(y, expected.y, 1e-12);
        expectClose(tf.nn.pool(tf.cast(x, 'float32'), c.window, type, null, c.padding, null, c.dil), expected.y, 1e-6, 1e-6);
      }
    });
  }

  it('channels first with dilations, and int32 max', () => {
    const shape = [1, 6, 5, 2];
    const v = randomValues(sizeOf(shape), rand).map((a) => Math.round(a * 10));
    const expected = dilatedPoolOracle('max', v, shape, [2, 2], [2, 2], 'SAME');
    const x = f64(v, shape);
    expectClose(toNHWC(tf.nn.pool(toNCHW(x), [2, 2], 'MAX', null, 'SAME', 'NCHW', [2, 2])), expected.y, 0, 0);
    const yi = tf.nn.pool(tf.cast(x, 'int32'), [2, 2], 'MAX', [1, 1], 'SAME', null, [2, 2]);
    expect(yi.dtype).toBe('int32');
    expectClose(yi, expected.y, 0, 0);
  });

  it('gradients match central differences', () => {
    const distinct = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 2.1) * 3 + i * 0.01);
    expectGradcheck((x) => tf.nn.pool(x, [2, 2], 'MAX', null, 'SAME', null, [2, 1]), [{ shape: [1, 5, 4, 2], values: distinct(40) }], { h: 1e-5 });
    expectGradcheck((x) => tf.nn.pool(x, [3], 'AVG', null, 'SAME', null, [2]), [{ shape: [2, 7, 2] }]);
    expectGradcheck((x) => tf.nn.pool(x, [2, 2], 'AVG', [2, 2], 'VALID'), [{ shape: [1, 4, 5, 1] }]);
  });

  it('rejects bad arguments', () => {
    const x = tf.zeros([1, 6, 6, 1]);
    expect(() => tf.nn.pool(x, [2, 2], 'MIN' as 'MAX')).toThrow(/pool: poolingType must be 'MAX' or 'AVG', got "MIN"/);
    expect(() => tf.nn.pool(x, [2], 'MAX')).toThrow(/pool: windowShape must list 2 integers >= 1/);
    expect(() => tf.nn.pool(x, [2, 2], 'MAX', [3, 1])).toThrow(/pool: strides \[3, 1\] > windowShape \[2, 2\] not supported/);
    expect(() => tf.nn.pool(x, [2, 2], 'MAX', [2, 2], 'VALID', null, [2, 1])).toThrow(/pool: strides > 1 not supported in conjunction with dilations > 1/);
    expect(() => tf.nn.pool(x, [2, 2], 'MAX', null, 'FULL' as 'SAME')).toThrow(/pool: padding must be 'SAME' or 'VALID'/);
    expect(() => tf.nn.pool(tf.zeros([6, 6]), [2], 'MAX')).toThrow(/pool: the input must have 3 to 5 dims/);
    expect(() => tf.nn.pool(tf.zeros([1, 6, 1], 'int32'), [2], 'AVG', null, 'VALID', null, [2])).toThrow(/pool: input must be float32 or float64 for 'AVG'/);
    expect(() => tf.nn.pool(x, [4, 4], 'MAX', null, 'VALID', null, [2, 2])).toThrow(/pool/);
  });
});

describe('maxPoolWithArgmax', () => {
  /** TensorFlow's kernel: each window scanned row-major from the lowest value, keeping a value only
   * when it is larger (so the first of equal maxima), padding skipped. */
  function argmaxOracle(v: ArrayLike<number>, shape: number[], k: number[], s: number[], padding: 'SAME' | 'VALID', withBatch: boolean) {
    const [batch, h, w, ch] = shape as [number, number, number, number];
    const { out, before } = geometry([h, w], k, s, [1, 1], padding);
    const outShape = [batch, out[0]!, out[1]!, ch];
    const values = new Float64Array(sizeOf(outShape)), argmax = new Float64Array(sizeOf(outShape));
    for (const [b, oy, ox, c] of indices(outShape)) {
      let best = -Infinity, at = -1;
      for (let ky = 0; ky < k[0]!; ky++) {
        for (let kx = 0; kx < k[1]!; kx++) {
          const [y, x] = [oy! * s[0]! + ky - before[0]!, ox! * s[1]! + kx - before[1]!];
          if (y < 0 || y >= h || x < 0 || x >= w) continue;
          const val = v[offset(shape, [b!, y, x, c!])]!;
          if (val > best || at < 0) [best, at] = [val, ((withBatch ? b! * h : 0) + y) * w * ch + x * ch + c!];
        }
      }
      values[offset(outShape, [b!, oy!, ox!, c!])] = best;
      argmax[offset(outShape, [b!, oy!, ox!, c!])] = at;
    }
    return { values, argmax, shape: outShape };
  }

  const cases: { shape: number[]; k: number[]; s: number[]; padding: 'SAME' | 'VALID' }[] = [
    { shape: [2, 4, 5, 3], k: [2, 2], s: [2, 2], padding: 'VALID' },
    { shape: [2, 5, 5, 2], k: [3, 3], s: [2, 2], padding: 'SAME' },
    { shape: [1, 6, 4, 1], k: [3, 2], s: [1, 2], padding: 'SAME' },
  ];
  for (const c of cases) {
    for (const withBatch of [false, true]) {
      it(`equals TensorFlow's kernel for input [${c.shape}], ksize [${c.k}], strides [${c.s}], ${c.padding}${withBatch ? ', batch in index' : ''}`, () => {
        // Small integers: many ties, which the first maximum must win.
        const v = randomValues(sizeOf(c.shape), rand).map((a) => Math.round(a * 2));
        const expected = argmaxOracle(v, c.shape, c.k, c.s, c.padding, withBatch);
        for (const dtype of ['float64', 'float32', 'int32'] as const) {
          const { output, argmax } = tf.nn.maxPoolWithArgmax(tf.constant(Array.from(v), dtype).reshape(c.shape), c.k, c.s, c.padding, 'NHWC', 'int32', withBatch);
          expect(argmax.dtype).toBe('int32');
          expect(output.shape).toEqual(expected.shape);
          expectClose(output, expected.values, 0, 0);
          expectClose(argmax, expected.argmax, 0, 0);
        }
      });
    }
  }

  it('the output gradient goes to the argmax, and ksize and strides take four entries', () => {
    const shape = [2, 4, 4, 2];
    const v = randomValues(sizeOf(shape), rand).map((a) => Math.round(a * 2));
    const x = f64(v, shape);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const { output, argmax } = tape.record(() => tf.nn.maxPoolWithArgmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', 'NHWC', 'int32', true));
    const upstream = randomValues(output.size, rand);
    const grad = (tape.gradient(output, x, { outputGradients: f64(upstream, output.shape) }) as tf.Tensor).dataSync();
    const expected = new Float64Array(sizeOf(shape));
    argmax.dataSync().forEach((at, i) => (expected[at] += upstream[i]!));
    expect(Array.from(grad)).toEqual(Array.from(expected));
  });

  it('rejects bad arguments', () => {
    const x = tf.zeros([1, 4, 4, 1]);
    expect(() => tf.nn.maxPoolWithArgmax(x, 2, 2, 'VALID', 'NCHW' as 'NHWC')).toThrow(/maxPoolWithArgmax: dataFormat must be 'NHWC'/);
    expect(() => tf.nn.maxPoolWithArgmax(x, 2, 2, 'VALID', 'NHWC', 'int64' as 'int32')).toThrow(/maxPoolWithArgmax: outputDtype must be 'int32' \(gradtape has no int64\)/);
    expect(() => tf.nn.maxPoolWithArgmax(tf.zeros([4, 4, 1]), 2, 2, 'VALID')).toThrow(/maxPoolWithArgmax: input must be 4-D/);
    expect(() => tf.nn.maxPoolWithArgmax(x, 0, 2, 'VALID')).toThrow(/maxPoolWithArgmax: ksize/);
    expect(() => tf.nn.maxPoolWithArgmax(x, 2, 2, [[0, 0], [0, 0]] as unknown as 'SAME')).toThrow(/maxPoolWithArgmax: padding must be 'SAME' or 'VALID'/);
  });
});

// ---- dilation2d, erosion2d ---------------------------------------------------------------------

/** TensorFlow's definitions: dilation = max over the taps of input + filter, erosion = min over the
 * taps of input - the mirrored filter (positions outside the input skipped, 'SAME' as conv2d's). */
function morphologyOracle(kind: 'dilation' | 'erosion', v: ArrayLike<number>, shape: number[], f: ArrayLike<number>, fShape: number[], s: number[], r: number[], padding: 'SAME' | 'VALID') {
  const [batch, h, w, depth] = shape as [number, number, number, number];
  const [kh, kw] = fShape as [number, number];
  const { out, before } = geometry([h, w], [kh, kw], s, r, padding);
  const outShape = [batch, out[0]!, out[1]!, depth];
  const y = new Float64Array(sizeOf(outShape));
  for (const [b, oy, ox, c] of indices(outShape)) {
    let acc = kind === 'dilation' ? -Infinity : Infinity;
    for (let dy = 0; dy < kh; dy++) {
      for (let dx = 0; dx < kw; dx++) {
        const [yy, xx] = [oy! * s[0]! + dy * r[0]! - before[0]!, ox! * s[1]! + dx * r[1]! - before[1]!];
        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
        const val = v[offset(shape, [b!, yy, xx, c!])]!;
        acc = kind === 'dilation' ? Math.max(acc, val + f[offset(fShape, [dy, dx, c!])]!) : Math.min(acc, val - f[offset(fShape, [kh - 1 - dy, kw - 1 - dx, c!])]!);
      }
    }
    y[offset(outShape, [b!, oy!, ox!, c!])] = acc;
  }
  return { y, shape: outShape };
}

describe('dilation2d and erosion2d', () => {
  const cases: { shape: number[]; f: number[]; s: number[]; r: number[]; padding: 'SAME' | 'VALID' }[] = [
    { shape: [2, 5, 6, 2], f: [2, 3, 2], s: [1, 1], r: [1, 1], padding: 'VALID' },
    { shape: [1, 6, 5, 3], f: [3, 3, 3], s: [2, 2], r: [1, 1], padding: 'SAME' },
    { shape: [1, 7, 7, 1], f: [2, 2, 1], s: [1, 2], r: [2, 3], padding: 'SAME' },
    { shape: [2, 6, 6, 2], f: [2, 2, 2], s: [2, 1], r: [2, 2], padding: 'VALID' },
  ];
  for (const c of cases) {
    it(`equal TensorFlow's definitions: input [${c.shape}], filters [${c.f}], strides [${c.s}], rates [${c.r}], ${c.padding}`, () => {
      const v = randomValues(sizeOf(c.shape), rand), fv = randomValues(sizeOf(c.f), rand);
      const [x, f] = [f64(v, c.shape), f64(fv, c.f)];
      for (const kind of ['dilation', 'erosion'] as const) {
        const expected = morphologyOracle(kind, v, c.shape, fv, c.f, c.s, c.r, c.padding);
        const fn = kind === 'dilation' ? tf.nn.dilation2d : tf.nn.erosion2d;
        const y = fn(x, f, [1, ...c.s, 1], c.padding, 'NHWC', [1, ...c.r, 1]);
        expect(y.shape).toEqual(expected.shape);
        expectClose(y, expected.y, 1e-12);
        expectClose(fn(tf.cast(x, 'float32'), tf.cast(f, 'float32'), c.s, c.padding, 'NHWC', c.r), expected.y, 1e-6, 1e-6);
      }
    });
  }

  it('int32 works (padding never wins)', () => {
    const v = [-5, -3, -8, -1, -9, -2], shape = [1, 2, 3, 1];
    const expected = morphologyOracle('dilation', v, shape, [0, 0, 0, 0], [2, 2, 1], [1, 1], [1, 1], 'SAME');
    expectClose(tf.nn.dilation2d(tf.constant(v, 'int32').reshape(shape), tf.zeros([2, 2, 1], 'int32'), 1, 'SAME'), expected.y, 0, 0);
  });

  it('second order through dilation2d (a Hessian-vector product)', () => {
    const inner = (x: tf.Tensor, f: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(f);
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.nn.dilation2d(tf.tanh(x), f, 1, 'SAME'))));
      return tape.gradient(loss, f) as tf.Tensor;
    };
    expectGradcheck(inner, [{ shape: [1, 4, 4, 1] }, { shape: [2, 2, 1] }], { rtol: 1e-5 });
  });

  it('gradients match central differences (input and filters)', () => {
    expectGradcheck((x, f) => tf.nn.dilation2d(x, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 2, 1, 1]), [{ shape: [1, 5, 4, 2] }, { shape: [2, 2, 2] }]);
    expectGradcheck((x, f) => tf.nn.erosion2d(x, f, [1, 2, 2, 1], 'VALID', 'NHWC', [1, 1, 1, 1]), [{ shape: [2, 5, 5, 1] }, { shape: [3, 2, 1] }]);
  });

  it("the gradient of a tie goes to the window's first maximum, row-major, for the input and the filter", () => {
    // All inputs equal and a zero filter: every tap ties; TensorFlow's gradient picks tap (0, 0).
    const x = tf.ones([1, 3, 3, 1], 'float64'), f = tf.zeros([2, 2, 1], 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    tape.watch(f);
    const y = tape.record(() => tf.nn.dilation2d(x, f, 1, 'VALID'));
    expect(tape.gradient(y, x)!.reshape([-1]).arraySync()).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0]);
    expect(tape.gradient(y, f)!.reshape([-1]).arraySync()).toEqual([4, 0, 0, 0]);
    tape.dispose();
  });

  it('reject bad arguments', () => {
    const x = tf.zeros([1, 4, 4, 2]), f = tf.zeros([2, 2, 2]);
    expect(() => tf.nn.dilation2d(x, tf.zeros([2, 2, 3]), 1, 'SAME')).toThrow(/dilation2d: filters \[2, 2, 3\] are for depth 3, but the input has depth 2/);
    expect(() => tf.nn.dilation2d(x, tf.zeros([2, 2, 2, 1]), 1, 'SAME')).toThrow(/dilation2d: filters must be 3-D/);
    expect(() => tf.nn.erosion2d(tf.zeros([4, 4, 2]), f, 1, 'SAME')).toThrow(/erosion2d: input must be 4-D/);
    expect(() => tf.nn.dilation2d(x, f, 1, 'SAME', 'NCHW' as 'NHWC')).toThrow(/dilation2d: dataFormat must be 'NHWC'/);
    expect(() => tf.nn.dilation2d(x, f, [2, 1, 1, 1], 'SAME')).toThrow(/dilation2d: strides along the batch and channel dims must be 1/);
    expect(() => tf.nn.erosion2d(x, f, 1, 'VALID', 'NHWC', 4)).toThrow(/erosion2d: the window spans 5 positions/);
    expect(() => tf.nn.dilation2d(x, tf.zeros([2, 2, 2], 'int32'), 1, 'SAME')).toThrow(/dilation2d/);
  });
});
