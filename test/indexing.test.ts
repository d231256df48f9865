// Ops driven by index and mask values (ts/indexing.ts): tf.where with one argument,
// boolean_mask, unique, searchsorted, bincount, the segment reductions, tensor_scatter_nd_add/sub
// and linalg.cross, against the examples of TensorFlow's documentation and NumPy's rules;
// their gradients, their errors, and how a compiled function runs them.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const values = (t: tf.Tensor) => t.arraySync();

describe("TensorFlow's documented examples", () => {
  it('tf.where(condition): the coordinates of the true (non-zero) entries, [numTrue, rank] int32', () => {
    const w = tf.where([true, false, false, true]);
    expect([values(w), w.dtype, w.shape]).toEqual([[[0], [3]], 'int32', [2, 1]]);
    expect(values(tf.where([[true, false], [false, true]]))).toEqual([[0, 0], [1, 1]]);
    // Numeric conditions: non-zero is true, NaN too (NaN != 0).
    expect(values(tf.where([0, 3, NaN, -1]))).toEqual([[1], [2], [3]]);
    expect(tf.where(tf.constant(true)).shape).toEqual([1, 0]);
    expect(tf.where(tf.constant([], 'bool')).shape).toEqual([0, 1]);
    // The three-argument form is unchanged.
    expect(values(tf.where([true, false], [1, 2], [3, 4]))).toEqual([1, 4]);
  });

  it('tf.boolean_mask', () => {
    expect(values(tf.booleanMask([0, 1, 2, 3], [true, false, true, false]))).toEqual([0, 2]);
    const t = tf.constant([[1, 2], [3, 4], [5, 6]]);
    expect(values(tf.booleanMask(t, [true, false, true]))).toEqual([[1, 2], [5, 6]]);
    expect(values(tf.booleanMask(t, [[true, false], [false, true], [true, true]]))).toEqual([1, 4, 5, 6]);
    expect(values(tf.booleanMask(t, [false, true], 1))).toEqual([[2], [4], [6]]);
    expect(values(tf.booleanMask(t, [false, true], -1))).toEqual([[2], [4], [6]]);
    expect(tf.booleanMask(t, [false, false, false]).shape).toEqual([0, 2]);
  });

  it('tf.math.unsorted_segment_sum / _mean / _sqrt_n and segment_sum / _mean', () => {
    const c = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [4, 3, 2, 1]]);
    expect(values(tf.math.unsortedSegmentSum(c, [0, 1, 0], 2))).toEqual([[5, 5, 5, 5], [5, 6, 7, 8]]);
    const d = tf.constant([[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]]);
    expect(values(tf.math.segmentSum(d, [0, 0, 1]))).toEqual([[5, 5, 5, 5], [5, 6, 7, 8]]);
    expect(values(tf.math.segmentMean(tf.cast(d, 'float32'), [0, 0, 1]))).toEqual([[2.5, 2.5, 2.5, 2.5], [5, 6, 7, 8]]);
    // Ids missing from sorted ids are empty segments (0); negative unsorted ids are dropped.
    expect(values(tf.math.segmentSum([1, 2, 3], [0, 0, 2]))).toEqual([3, 0, 3]);
    expect(values(tf.math.unsortedSegmentSum([1, 2, 3, 4], [0, 2, 0, -1], 3))).toEqual([4, 0, 2]);
    expect(values(tf.math.unsortedSegmentMean([1, 2, 3, 6], [0, 0, 1, 1], 3))).toEqual([1.5, 4.5, 0]);
    expect(values(tf.math.unsortedSegmentSqrtN([1, 2, 3, 4], [0, 0, 0, 0], 2))).toEqual([5, 0]);
    // segmentIds of several dims replace the leading dims of data.
    expect(values(tf.math.unsortedSegmentSum([[1, 2], [3, 4]], [[0, 1], [1, 1]], 2))).toEqual([1, 9]);
  });

  it('tf.math.segment_max / _min and unsorted_segment_max / _min', () => {
    const c = tf.constant([[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]]);
    expect(values(tf.math.segmentMax(c, [0, 0, 1]))).toEqual([[4, 3, 3, 4], [5, 6, 7, 8]]);
    expect(values(tf.math.segmentMin(c, [0, 0, 1]))).toEqual([[1, 2, 2, 1], [5, 6, 7, 8]]);
    expect(values(tf.math.unsortedSegmentMax(c, [0, 1, 0], 2))).toEqual([[5, 6, 7, 8], [4, 3, 2, 1]]);
    // Empty segments: 0 for sorted ids, the dtype's lowest (largest) value for unsorted ones.
    expect(values(tf.math.segmentMax([1, 2, 3], [0, 0, 2]))).toEqual([2, 0, 3]);
    const f32 = 3.4028234663852886e38;
    expect(values(tf.math.unsortedSegmentMax([1, 2, 3], [-1, 1, 1], 3))).toEqual([-f32, 3, -f32]);
    expect(values(tf.math.unsortedSegmentMin([1, 2, 3], [-1, 1, 1], 3))).toEqual([f32, 2, f32]);
    expect(values(tf.math.unsortedSegmentMax(tf.constant([1, 7, 3], 'int32'), [0, 0, 1], 3))).toEqual([7, 3, -2147483648]);
    expect(values(tf.math.unsortedSegmentMin(tf.constant([1, 7], 'float64'), [1, 1], 2))).toEqual([Number.MAX_VALUE, 1]);
  });

  it('tf.tensor_scatter_nd_add / _sub', () => {
    const t = [1, 1, 1, 1, 1, 1, 1, 1];
    expect(values(tf.tensorScatterAdd(t, [[4], [3], [1], [7]], [9, 10, 11, 12]))).toEqual([1, 12, 1, 11, 10, 1, 1, 13]);
    expect(values(tf.tensorScatterNdSub(t, [[4], [3], [1], [7]], [9, 10, 11, 12]))).toEqual([1, -10, 1, -9, -8, 1, 1, -11]);
    expect(tf.tensorScatterNdAdd).toBe(tf.tensorScatterAdd);
    // Repeated indices add up; slices of a matrix.
    expect(values(tf.tensorScatterAdd([[0, 0], [0, 0]], [[1], [1]], [[1, 2], [3, 4]]))).toEqual([[0, 0], [4, 6]]);
  });

  it('tf.unique and tf.unique_with_counts', () => {
    const { y, idx } = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8]);
    expect([values(y), values(idx), idx.dtype]).toEqual([[1, 2, 4, 7, 8], [0, 0, 1, 2, 2, 2, 3, 4, 4], 'int32']);
    const withCounts = tf.uniqueWithCounts([1, 1, 2, 4, 4, 4, 7, 8, 8]);
    expect(values(withCounts.count)).toEqual([2, 1, 3, 1, 2]);
    // Every NaN is a value of its own; -0 equals 0; gather(y, idx) is x.
    const x = tf.constant([NaN, 0, NaN, -0]);
    const u = tf.uniqueWithCounts(x);
    expect([values(u.idx), values(u.count)]).toEqual([[0, 1, 2, 1], [1, 2, 1]]);
    expect(Array.from(tf.gather(u.y, u.idx).dataSync())).toEqual([NaN, 0, NaN, 0]);
    expect(tf.unique(tf.constant([3, 3], 'int32')).y.dtype).toBe('int32');
  });

  it('tf.searchsorted, left and right', () => {
    const seq = [[0, 3, 9, 9, 10], [1, 2, 3, 4, 5]];
    const v = [[2, 4, 9], [0, 2, 6]];
    expect(values(tf.searchsorted(seq, v))).toEqual([[1, 2, 2], [0, 1, 5]]);
    expect(values(tf.searchsorted(seq, v, 'right'))).toEqual([[1, 2, 4], [0, 2, 5]]);
    expect(values(tf.searchsorted([0, 3, 9, 10], [2, 3, 12]))).toEqual([1, 1, 4]);
  });

  it('tf.math.bincount: counts, weights, minlength, maxlength, dtype', () => {
    expect(values(tf.math.bincount([1, 1, 2, 3, 2, 4, 4, 5]))).toEqual([0, 2, 2, 1, 2, 1]);
    const weighted = tf.math.bincount([1, 1, 3], tf.constant([0.5, 1, 2], 'float64'), 5);
    expect([values(weighted), weighted.dtype]).toEqual([[0, 1.5, 0, 2, 0], 'float64']);
    expect(values(tf.math.bincount([1, 1, 3], null, null, 2))).toEqual([0, 2]);
    expect(values(tf.math.bincount([[1, 0], [0, 0]]))).toEqual([3, 1]);
    expect(tf.math.bincount([2], null, null, null, 'float32').dtype).toBe('float32');
    expect(tf.math.bincount([]).shape).toEqual([0]);
  });

  it('tf.linalg.cross, with leading dims broadcast', () => {
    expect(values(tf.linalg.cross([1, 0, 0], [0, 1, 0]))).toEqual([0, 0, 1]);
    expect(values(tf.linalg.cross([[1, 2, 3]], [[4, 5, 6], [1, 0, 0]]))).toEqual([[-3, 6, -3], [0, 3, -2]]);
  });
});

describe('sequence_mask, confusion_matrix, ensure_shape, rint', () => {
  it("TensorFlow's documented examples", () => {
    expect(values(tf.sequenceMask([1, 3, 2], 5))).toEqual([[true, false, false, false, false], [true, true, true, false, false], [true, true, false, false, false]]);
    expect(values(tf.sequenceMask([[1, 3], [2, 0]]))).toEqual([[[true, false, false], [true, true, true]], [[true, true, false], [false, false, false]]]);
    const asFloat = tf.sequenceMask([1, 2], 3, 'float32');
    expect([values(asFloat), asFloat.dtype]).toEqual([[[1, 0, 0], [1, 1, 0]], 'float32']);
    expect(values(tf.math.confusionMatrix([1, 2, 4], [2, 2, 4]))).toEqual([
      [0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1],
    ]);
    const weighted = tf.math.confusionMatrix([0, 1, 1], [1, 1, 1], 3, [0.5, 2, 1], 'float64');
    expect([values(weighted), weighted.dtype]).toEqual([[[0, 0.5, 0], [0, 3, 0], [0, 0, 0]], 'float64']);
    const x = tf.zeros([2, 3]);
    expect(tf.ensureShape(x, [null, 3])).toBe(x);
    expect(tf.ensureShape(x, [2, -1])).toBe(x);
    expect(values(tf.math.rint([0.5, 1.5, -2.5, 2.6]))).toEqual([0, 2, -2, 3]);
  });

  it('errors', () => {
    expect(() => tf.ensureShape(tf.zeros([2, 3]), [2, 2])).toThrow('ensureShape: Shape of tensor x [2,3] is not compatible with expected shape [2,2].');
    expect(() => tf.ensureShape(tf.zeros([2, 3]), [null])).toThrow('ensureShape: Shape of tensor x [2,3] is not compatible with expected shape [?].');
    expect(() => tf.math.confusionMatrix([1, -1], [0, 0])).toThrow('confusionMatrix: `labels` contains negative values (-1).');
    expect(() => tf.math.confusionMatrix([1, 4], [0, 0], 3)).toThrow('confusionMatrix: `labels` and `predictions` must be less than numClasses (3), got 4.');
    expect(() => tf.math.confusionMatrix([1, 2], [0])).toThrow('confusionMatrix: labels [2] and predictions [1] must be vectors of one length.');
    expect(() => tf.sequenceMask([1, 2], -1)).toThrow('sequenceMask: maxlen must be a non-negative integer, got -1.');
  });
});

describe('gradients', () => {
  it('flow through booleanMask, the segment reductions, tensorScatterAdd/Sub and cross', () => {
    const d = new tf.Variable([[1, 2], [3, 4], [5, 6]]);
    const tape = new tf.GradientTape({ persistent: true });
    const masked = tape.record(() => tf.booleanMask(d, [true, false, true]).mul([[1, 2]]).reduceSum());
    expect(values(tape.gradient(masked, d)!)).toEqual([[1, 2], [0, 0], [1, 2]]);
    const mean = tape.record(() => tf.math.unsortedSegmentMean(d, [1, -1, 1], 2).mul([[1, 2], [3, 4]]).reduceSum());
    expect(values(tape.gradient(mean, d)!)).toEqual([[1.5, 2], [0, 0], [1.5, 2]]);
    const sorted = tape.record(() => tf.math.segmentSum(d, [0, 0, 1]).mul([[1, 2], [3, 4]]).reduceSum());
    expect(values(tape.gradient(sorted, d)!)).toEqual([[1, 2], [1, 2], [3, 4]]);
    const u = new tf.Variable([1, 2]);
    const scattered = tape.record(() => tf.tensorScatterSub(d, [[2], [0]], tf.stack([u, u])).mul([[1, 2], [3, 4], [5, 6]]).reduceSum());
    const [gd, gu] = tape.gradient(scattered, [d, u]);
    expect([values(gd!), values(gu!)]).toEqual([[[1, 2], [3, 4], [5, 6]], [-6, -8]]);
    // A segment's maximum: its gradient shared evenly by the entries equal to it (TensorFlow's).
    const m = new tf.Variable([3, 1, 3, 2, 5]);
    const maxed = tape.record(() => tf.math.unsortedSegmentMax(m, [0, 0, 0, 1, -1], 2).mul([10, 100]).sum());
    expect(values(tape.gradient(maxed, m)!)).toEqual([5, 0, 5, 100, 0]);
    const mined = tape.record(() => tf.math.segmentMin(m.reshape([5, 1]), [0, 0, 1, 1, 1]).sum());
    expect(values(tape.gradient(mined, m)!)).toEqual([0, 1, 0, 1, 0]);
    // d/da Σ w·(a × b) = b × w
    const a = new tf.Variable([1, 2, 3]);
    const crossed = tape.record(() => tf.linalg.cross(a, [4, 5, 6]).mul([1, 10, 100]).reduceSum());
    expect(values(tape.gradient(crossed, a)!)).toEqual(values(tf.linalg.cross([4, 5, 6], [1, 10, 100])));
    tape.dispose();
  });
});

describe('in compiled functions', () => {
  it('index values computed from the arguments make the function run as written at every call (right results, no replay)', () => {
    const masked = tf.function((x: tf.Tensor, m: tf.Tensor) => tf.booleanMask(x, m).reduceSum());
    expect(masked(tf.constant([1, 2, 3]), tf.constant([true, false, true])).item()).toBe(4);
    expect(masked(tf.constant([1, 2, 3]), tf.constant([false, true, true])).item()).toBe(5);
    expect(values(tf.function((c: tf.Tensor) => tf.where(c))(tf.constant([0, 1, 1])))).toEqual([[1], [2]]);
  });

  it('constant index values keep the function compiled: replays give the eager results', () => {
    const segments = tf.function((d: tf.Tensor) => tf.math.unsortedSegmentSum(d, [0, 1, 0], 2).mul(2));
    expect(values(segments(tf.constant([1, 2, 3])))).toEqual([8, 4]);
    expect(values(segments(tf.constant([4, 5, 6])))).toEqual([20, 10]);
    expect(segments.experimentalGetTracingCount()).toBe(1);
  });
});

describe('errors', () => {
  it("name the op and say what is wrong, as TensorFlow's checks do", () => {
    expect(() => tf.booleanMask([1, 2, 3], [true, false])).toThrow("booleanMask: the mask's shape [2] must equal dimensions 0 to 0 of the tensor's shape [3].");
    expect(() => tf.booleanMask([1, 2, 3], true as never)).toThrow('booleanMask: mask cannot be scalar.');
    expect(() => tf.booleanMask([1, 2, 3], tf.constant([1, 0, 1]))).toThrow(/booleanMask/);
    expect(() => tf.math.segmentSum([1, 2, 3], [0, 2, 1])).toThrow('segmentSum: segment ids are not increasing (segmentIds[2] = 1 after 2).');
    expect(() => tf.math.segmentSum([1, 2], [-1, 0])).toThrow('segmentSum: segment ids must be >= 0 (segmentIds[0] = -1).');
    expect(() => tf.math.unsortedSegmentSum([1, 2, 3], [0, 5, 1], 3)).toThrow('unsortedSegmentSum: segmentIds[1] = 5 is out of range [0, 3).');
    expect(() => tf.math.unsortedSegmentSum([[1, 2]], [0, 1], 2)).toThrow('unsortedSegmentSum: data.shape = [1, 2] does not start with segmentIds.shape = [2].');
    expect(() => tf.math.unsortedSegmentMean(tf.constant([1, 2], 'int32'), [0, 1], 2)).toThrow(/must be a float32 or float64 tensor, got int32/);
    expect(() => tf.math.unsortedSegmentSum([1], [0], -1)).toThrow('unsortedSegmentSum: numSegments must be a non-negative integer, got -1.');
    expect(() => tf.math.bincount([1, -2])).toThrow('bincount: Input arr must be non-negative! (arr has -2.)');
    expect(() => tf.math.bincount([1, 2], [1])).toThrow('bincount: weights [1] must have the shape of arr [2].');
    expect(() => tf.unique([[1, 2]])).toThrow('unique: x must be a vector (1-D), got shape [1, 2].');
    expect(() => tf.searchsorted([1, 2], [[1]])).toThrow(/searchsorted: sortedSequence \[2\] and values \[1, 1\] must have the same rank/);
    expect(() => tf.searchsorted([1, 2], [1], 'middle' as never)).toThrow('searchsorted: side must be \'left\' or \'right\', got "middle".');
    expect(() => tf.linalg.cross([1, 2], [3, 4])).toThrow('cross: a must have 3 entries in its last dimension, got shape [2].');
    expect(() => tf.tensorScatterAdd([1, 2], [[0]], tf.constant([1], 'int32'))).toThrow(/tensorScatterAdd: updates are int32 but tensor is float32/);
    expect(() => tf.where([true], [1] as never)).toThrow('where: x and y must both be given or both be left out.');
    // Sizes past what a tensor can hold are errors, not JavaScript arrays that exhaust the process.
    expect(() => tf.math.bincount([1], null, 2 ** 40)).toThrow(/^bincount: .*no larger than 2147483647/);
    expect(() => tf.sequenceMask([1], 2 ** 40)).toThrow(/^sequenceMask: /);
    expect(() => tf.math.unsortedSegmentMean([1], [0], 2 ** 31 - 1)).toThrow(/^unsortedSegmentMean: .*smaller than 2 GiB/);
    expect(() => tf.math.unsortedSegmentMax([1], [0], 2 ** 33)).toThrow(/^unsortedSegmentMax: /);
  });
});

describe('memory', () => {
  it('leaves no tensors behind inside tidy', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.where([1, 0, 1]);
      tf.booleanMask([[1, 2], [3, 4]], [true, false]);
      tf.math.segmentMean([1, 2, 3], [0, 0, 1]);
      tf.math.unsortedSegmentSum([1, 2, 3], [0, -1, 1], 2);
      tf.tensorScatterAdd([1, 2], [[1]], [3]);
      tf.linalg.cross([1, 2, 3], [3, 2, 1]);
      tf.uniqueWithCounts([1, 2, 1]);
      tf.searchsorted([1, 2], [1.5]);
      tf.math.bincount([1, 2], [0.5, 0.5]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
