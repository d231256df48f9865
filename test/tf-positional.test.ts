// TensorFlow 2's positional arguments, as a ported Python program passes them. In JavaScript an
// argument a function does not declare is silently dropped, so each case here gave a wrong value
// (or TensorFlow's call failed) before: the expected values are TensorFlow's, from its documented
// semantics (the tf.linalg.diag and diag_part cases are the examples of its docstrings).
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const close = (t: tf.Tensor, expected: number[], digits = 6) => {
  const got = Array.from(t.dataSync() as ArrayLike<number>);
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
};

describe('tf.gather(params, indices, validate_indices, axis, batch_dims)', () => {
  const p = [[1, 2, 3], [4, 5, 6]];

  it('takes the axis fourth and batch_dims fifth, validate_indices (unused) third', () => {
    const byColumn = tf.gather(p, [2, 0], null, 1);
    expect(byColumn.shape).toEqual([2, 2]);
    expect(byColumn.arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(tf.gather(p, [2, 0], true, 1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(tf.gather(p, [2, 0], undefined, -1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(tf.gather(p, [[2], [0]], null, 1, 1).arraySync()).toEqual([[3], [4]]);
    expect(tf.gather(p, [1], null, null, 0).arraySync()).toEqual([[4, 5, 6]]);
  });

  it("keeps gradtape's shorter (params, indices, axis, batchDims) and refuses a fifth after it", () => {
    expect(tf.gather(p, [2, 0], 1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(tf.gather(p, [[2], [0]], 1, 1).arraySync()).toEqual([[3], [4]]);
    expect(() => tf.gather(p, [0], 1 as never, 1 as never, 0 as never)).toThrow(/In TensorFlow's order the third argument is validate_indices: tf.gather\(params, indices, null, axis, batchDims\)/);
    expect(() => tf.gather(p, [0], { axis: 1 } as never, 1 as never)).toThrow(/either in the options object or positionally, not both/);
  });
});

describe('tf.one_hot(indices, depth, on_value, off_value, axis, dtype)', () => {
  it('takes the axis fifth and the dtype sixth', () => {
    const byRow = tf.oneHot([0, 2], 3, 5, -1, 0);
    expect(byRow.shape).toEqual([3, 2]);
    expect(byRow.arraySync()).toEqual([[5, -1], [-1, -1], [-1, 5]]);
    const ints = tf.oneHot([0, 2], 3, null, null, null, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(ints.arraySync()).toEqual([[1, 0, 0], [0, 0, 1]]);
    expect(tf.oneHot([1], 2, 1, 0, -1, 'bool').arraySync()).toEqual([[false, true]]);
  });

  it("keeps TensorFlow.js's string dtype fifth, and refuses a sixth after it", () => {
    expect(tf.oneHot([1], 2, 1, 0, 'int32').dtype).toBe('int32');
    expect(() => tf.oneHot([1], 2, 1, 0, 'int32' as never, 'int32' as never)).toThrow(/the fifth argument is the axis in TensorFlow's order/);
  });
});

describe('tf.linalg.diag(diagonal, k, num_rows, num_cols, padding_value, align)', () => {
  it('puts the vector on diagonal k, square N + |k| by default', () => {
    expect(tf.linalg.diag([1, 2], 1).arraySync()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(tf.linalg.diag([1, 2], -1).arraySync()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    expect(tf.linalg.diag([1, 2], [1, 1]).arraySync()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(tf.linalg.diag([[1, 2], [3, 4]], 1).shape).toEqual([2, 3, 3]);
    expect((tf.linalg.diag([[1, 2], [3, 4]], 1).arraySync() as number[][][])[1]).toEqual([[0, 3, 0], [0, 0, 4], [0, 0, 0]]);
  });

  it("sizes rectangular matrices and pads with padding_value (TensorFlow's docstring examples)", () => {
    expect(tf.linalg.diag([1, 2], -1, 3, 4).arraySync()).toEqual([[0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0]]);
    expect(tf.linalg.diag([1, 2], -1, 3, -1, 9).arraySync()).toEqual([[9, 9], [1, 9], [9, 2]]);
    expect(tf.linalg.diag([1, 2], 0, -1, -1, 0, 'LEFT_RIGHT').arraySync()).toEqual([[1, 0], [0, 2]]);
  });

  it('differentiates the diagonal', () => {
    const v = new tf.Variable([1, 2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(tf.linalg.diag(v, 1, -1, -1, 7), [[1, 2, 3], [4, 5, 6], [7, 8, 9]])));
    expect(tape.gradient(y, v)!.arraySync()).toEqual([2, 6]);
  });

  it('refuses a band of diagonals, sizes too small or inconsistent, and an unknown align', () => {
    expect(() => tf.linalg.diag([1, 2], [0, 1])).toThrow(/asks for a band of diagonals, which gradtape does not support/);
    expect(() => tf.linalg.diag([1, 2], 1, 1)).toThrow(/numRows = 1 is too small: a diagonal of 2 entries at k = 1 needs at least 2/);
    expect(() => tf.linalg.diag([1, 2], 0, 3, 3)).toThrow(/are not consistent with a diagonal of 2 entries/);
    expect(() => tf.linalg.diag([1, 2], 0, -1, -1, 0, 'CENTER')).toThrow(/align must be one of/);
  });
});

describe('tf.linalg.diag_part(input, k, padding_value, align)', () => {
  const input = [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 8, 7, 6]], [[5, 4, 3, 2], [1, 2, 3, 4], [5, 6, 7, 8]]];

  it("takes diagonal k (TensorFlow's docstring example)", () => {
    expect(tf.linalg.diagPart(input).arraySync()).toEqual([[1, 6, 7], [5, 2, 7]]);
    expect(tf.linalg.diagPart(input, 1).arraySync()).toEqual([[2, 7, 6], [4, 3, 8]]);
    expect(tf.linalg.diagPart(input, -1).arraySync()).toEqual([[5, 8], [1, 6]]);
    expect(tf.linalg.diagPart(input, 3, 0, 'RIGHT_LEFT').arraySync()).toEqual([[4], [2]]);
  });

  it('refuses k outside the matrices, and a band', () => {
    expect(() => tf.linalg.diagPart(input, 4)).toThrow(/k = 4 is out of bounds for matrices of 3 rows and 4 columns: it must be between -3 and 4, exclusive/);
    expect(() => tf.linalg.diagPart(input, -3)).toThrow(tf.errors.InvalidArgumentError);
    expect(() => tf.linalg.diagPart(input, [-1, 1])).toThrow(/band of diagonals/);
  });
});

describe('tf.nn.silu(features, beta) and tf.nn.swish', () => {
  it('is x·sigmoid(beta·x)', () => {
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const expected = [-1, 0, 2].map((x) => x * sigmoid(2 * x));
    close(tf.nn.silu([-1, 0, 2], 2), expected);
    close(tf.nn.swish([-1, 0, 2], tf.constant(2)), expected);
    close(tf.nn.silu(tf.constant([-1, 0, 2], 'float64'), 2), expected, 12);
    close(tf.nn.silu([-1, 0, 2]), [-1, 0, 2].map((x) => x * sigmoid(x)));
  });

  it('differentiates in beta: x²·σ(βx)·(1 - σ(βx))', () => {
    const beta = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.nn.silu([1], beta));
    const s = 1 / (1 + Math.exp(-2));
    expect(tape.gradient(y, beta)!.item()).toBeCloseTo(s * (1 - s), 6);
  });
});

describe('tf.linalg.matmul(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b, ...)', () => {
  const a = [[1, 2], [3, 4]];

  it('transposes a real operand for adjoint_a and adjoint_b', () => {
    expect(tf.matmul(a, [[1, 0], [0, 1]], false, false, true).arraySync()).toEqual([[1, 3], [2, 4]]);
    expect(tf.linalg.matmul([[1, 0], [0, 1]], a, false, false, false, true).arraySync()).toEqual([[1, 3], [2, 4]]);
    expect(tf.matmul(a, a, false, false, false, false, true, true, 'float32').arraySync()).toEqual([[7, 10], [15, 22]]);
  });

  it("refuses transpose and adjoint of one operand (TensorFlow's ValueError), and another output type", () => {
    expect(() => tf.matmul(a, a, true, false, true)).toThrow(/only one of transposeA and adjointA/);
    expect(() => tf.matmul(a, a, false, false, 1 as never)).toThrow(/must be booleans/);
    expect(() => tf.matmul(a, a, false, false, false, false, false, false, 'int32')).toThrow(/outputType "int32" differs from the operands' dtype float32/);
  });
});

describe('tf.nn.embedding_lookup(params, ids, max_norm)', () => {
  it('scales each row looked up down to max_norm', () => {
    const params = tf.constant([[3, 4], [0, 1], [6, 8]]);
    close(tf.nn.embeddingLookup(params, [0, 1, 2], 5), [3, 4, 0, 1, 3, 4]);
    const nested = tf.nn.embeddingLookup(params, [[2], [1]], 1);
    expect(nested.shape).toEqual([2, 1, 2]);
    close(nested, [0.6, 0.8, 0, 1]);
    expect(params.arraySync()).toEqual([[3, 4], [0, 1], [6, 8]]);
    expect(tf.nn.embeddingLookup(params, [2], null).arraySync()).toEqual([[6, 8]]);
  });
});

describe('tf.convert_to_tensor(value, dtype, dtype_hint)', () => {
  it('uses dtype_hint when the values convert to it, and their own dtype otherwise', () => {
    const ints = tf.convertToTensor([1, 2], null, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(ints.arraySync()).toEqual([1, 2]);
    expect(tf.convertToTensor([1.5, 2], null, 'int32').dtype).toBe('float32');
    expect(tf.convertToTensor(0.1, undefined, 'float64').item()).toBe(0.1);
    expect(tf.convertToTensor([true], null, 'float32').dtype).toBe('bool');
    expect(tf.convertToTensor([1], null, 'bool').dtype).toBe('float32');
    const t = tf.constant([1, 2]);
    expect(tf.convertToTensor(t, null, 'int32')).toBe(t);
    expect(tf.convertToTensor([1, 2], 'float64', 'int32').dtype).toBe('float64');
  });

  it('converts a typed array to the dtype asked', () => {
    const t = tf.convertToTensor(new Float64Array([0.5, 1]), 'float32');
    expect(t.dtype).toBe('float32');
    expect(t.arraySync()).toEqual([0.5, 1]);
  });
});

describe('tf.unstack(value, num, axis)', () => {
  const x = [[1, 2, 3], [4, 5, 6]];

  it('takes num second and the axis third', () => {
    expect(tf.unstack(x, 3, 1).map((t) => t.arraySync())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.unstack(x, null, 1).map((t) => t.arraySync())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.unstack(x, 2, 0).map((t) => t.arraySync())).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('refuses a num other than the size of the axis', () => {
    expect(() => tf.unstack(x, 2, 1)).toThrow(tf.errors.InvalidArgumentError);
    expect(() => tf.unstack(x, 2, 1)).toThrow(/Input shape axis 1 must equal 2, got shape \[2,3\]/);
  });

  it("points a lone num that is no axis to TensorFlow's three-argument form", () => {
    expect(() => tf.unstack(x, 2)).toThrow(/for TensorFlow's tf.unstack\(value, num\), give the axis too: tf.unstack\(value, 2, 0\)/);
  });
});

describe('tf.math.count_nonzero(input, axis, keepdims, dtype)', () => {
  it('casts the count to dtype', () => {
    const f = tf.math.countNonzero([[1, 0], [2, 3]], 1, null, 'float32');
    expect(f.dtype).toBe('float32');
    expect(f.arraySync()).toEqual([1, 2]);
    expect(tf.math.countNonzero([1, 0, 2], null, true, 'float64').arraySync()).toEqual([2]);
    expect(tf.math.countNonzero([1, 0, 2]).dtype).toBe('int32');
    expect(() => tf.math.countNonzero([1], null, false, 'int64' as never)).toThrow(/gradtape has no int64 dtype/);
  });
});

describe("tf.random's positional arguments", () => {
  const draw = (f: () => tf.Tensor) => {
    tf.random.setSeed(11);
    return f().arraySync();
  };

  it('normal and truncated_normal take (shape, mean, stddev, dtype, seed)', () => {
    const t = tf.random.normal([2000], 5, 0.5, 'float64', 3);
    expect(t.dtype).toBe('float64');
    const mean = tf.reduceMean(t).item();
    expect(Math.abs(mean - 5)).toBeLessThan(0.05);
    expect(draw(() => tf.random.normal([4], 5, 0.5, null, 3))).toEqual(draw(() => tf.random.normal([4], { mean: 5, stddev: 0.5, seed: 3 })));
    const tn = tf.random.truncatedNormal([500], -2, 0.1, 'float32');
    expect(tf.reduceMin(tn).item()).toBeGreaterThanOrEqual(-2.2);
    expect(tf.reduceMax(tn).item()).toBeLessThanOrEqual(-1.8);
  });

  it('uniform takes (shape, minval, maxval, dtype, seed)', () => {
    const u = tf.random.uniform([500], 5, 6);
    expect(tf.reduceMin(u).item()).toBeGreaterThanOrEqual(5);
    expect(tf.reduceMax(u).item()).toBeLessThan(6);
    const ints = tf.random.uniform([500], 0, 10, 'int32', 4);
    expect(ints.dtype).toBe('int32');
    expect(tf.reduceMax(ints).item()).toBeLessThan(10);
    expect(tf.random.uniform([3], 0, null).dtype).toBe('float32'); // maxval None: 1
    expect(draw(() => tf.random.uniform([4], 2, 3, null, 9))).toEqual(draw(() => tf.random.uniform([4], { minval: 2, maxval: 3, seed: 9 })));
  });

  it('categorical, gamma and poisson take their dtype and seed positionally', () => {
    expect(draw(() => tf.random.categorical([[0, 1, 2]], 5, 'int32', 2))).toEqual(draw(() => tf.random.categorical([[0, 1, 2]], 5, { dtype: 'int32', seed: 2 })));
    expect(draw(() => tf.random.categorical([[0, 1, 2]], 5, null, 2))).toEqual(draw(() => tf.random.categorical([[0, 1, 2]], 5, { seed: 2 })));
    const g = tf.random.gamma([3], 2, 4, 'float64', 5);
    expect(g.dtype).toBe('float64');
    expect(draw(() => tf.random.gamma([3], 2, 4, 'float64', 5))).toEqual(draw(() => tf.random.gamma([3], 2, { beta: 4, dtype: 'float64', seed: 5 })));
    expect(tf.random.poisson([3], 2, 'int32').dtype).toBe('int32');
  });

  it('the stateless forms take (shape, seed, ...) in TensorFlow order, null for full-range integers', () => {
    expect(tf.random.statelessUniform([3], [1, 2], 2, 3, 'float64').arraySync()).toEqual(tf.random.statelessUniform([3], [1, 2], { minval: 2, maxval: 3, dtype: 'float64' }).arraySync());
    expect(tf.random.statelessUniform([3], [1, 2], null, null, 'int32').arraySync()).toEqual([1105988140, 1738052849, -335576002]);
    expect(tf.random.statelessNormal([3], [4, 5], 10, 2).arraySync()).toEqual(tf.random.statelessNormal([3], [4, 5], { mean: 10, stddev: 2 }).arraySync());
    expect(tf.random.statelessTruncatedNormal([3], [4, 5], 10, 2, 'float64', 'philox').dtype).toBe('float64');
    expect(tf.random.statelessCategorical([[0, 1]], 3, [4, 5], 'int32').shape).toEqual([1, 3]);
  });

  it('refuses an options object and positional values together, and too many', () => {
    expect(() => tf.random.normal([2], { mean: 1 } as never, 2 as never)).toThrow(/after the options object; pass mean, stddev, dtype, seed either in the options object or positionally/);
    expect(() => (tf.random.uniform as (...a: unknown[]) => tf.Tensor)([2], 0, 1, null, 1, 'extra')).toThrow(/got 5 optional arguments where at most 4 are taken/);
    expect(() => tf.random.normal([2], 'a' as never)).toThrow(/option mean must be a number/);
  });
});

describe('tf.GradientTape(persistent, watch_accessed_variables) and tape.gradient(target, sources, output_gradients, unconnected_gradients)', () => {
  it('takes the tape options positionally', () => {
    const v = new tf.Variable(3);
    const tape = new tf.GradientTape(true);
    expect(tape.persistent).toBe(true);
    const y = tape.record(() => v.square());
    expect(tape.gradient(y, v)!.item()).toBe(6);
    expect(tape.gradient(y, v)!.item()).toBe(6);
    const unwatched = new tf.GradientTape(false, false);
    expect(unwatched.watchAccessedVariables).toBe(false);
    const z = unwatched.record(() => v.square());
    expect(unwatched.gradient(z, v)).toBeNull();
    expect(() => new (tf.GradientTape as unknown as new (...a: unknown[]) => tf.GradientTape)({ persistent: true }, false)).toThrow(/either as \{persistent, watchAccessedVariables\} or positionally/);
  });

  it('takes output_gradients third and unconnected_gradients fourth', () => {
    const x = tf.constant([1, 2]);
    const other = tf.constant(5);
    const tape = new tf.GradientTape(true);
    tape.watch([x, other]);
    const y = tape.record(() => x.square());
    expect(tape.gradient(y, x, tf.constant([1, 10]))!.arraySync()).toEqual([2, 40]);
    expect(tape.gradient(y, x, 3)!.arraySync()).toEqual([6, 12]);
    const [dx, dOther] = tape.gradient(y, [x, other], null, 'zero');
    expect(dx!.arraySync()).toEqual([2, 4]);
    expect(dOther!.item()).toBe(0);
    // (undefined third, as a TF call's output_gradients=None written positionally in TypeScript)
    const [, zero] = tape.gradient(y, [x, other], undefined, tf.UnconnectedGradients.ZERO);
    expect(zero!.item()).toBe(0);
    expect(tape.gradient(y, [x, other], undefined, tf.UnconnectedGradients.NONE)[1]).toBeNull();
    expect(() => tape.gradient(y, x, {} as never, 'zero')).toThrow(/give unconnectedGradients in the options object, or the output gradients positionally before it/);
    expect(() => tape.gradient(y, x, null, 'zeros' as never)).toThrow(/Unknown value for unconnected_gradients: 'zeros'/);
  });

  it('jacobian and batch_jacobian take unconnected_gradients, parallel_iterations and experimental_use_pfor positionally', () => {
    const x = tf.constant([1, 2]);
    const other = tf.constant([3, 4, 5]);
    const tape = new tf.GradientTape(true);
    tape.watch([x, other]);
    const y = tape.record(() => x.square());
    const [jx, jOther] = tape.jacobian(y, [x, other], 'zero', null, false);
    expect(jx!.arraySync()).toEqual([[2, 0], [0, 4]]);
    expect(jOther!.arraySync()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(tape.jacobian(y, [x, other], 'none')[1]).toBeNull();
    expect(tape.jacobian(y, x, undefined, 4)!.arraySync()).toEqual([[2, 0], [0, 4]]);
    const b = tf.constant([[1, 2], [3, 4]]);
    const batchTape = new tf.GradientTape(true);
    batchTape.watch(b);
    const z = batchTape.record(() => b.mul(b));
    expect(batchTape.batchJacobian(z, b, 'none', 2, true).arraySync()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
    // experimental_use_pfor=false needs a persistent tape, as in TensorFlow.
    const once = new tf.GradientTape();
    once.watch(x);
    const w = once.record(() => x.square());
    expect(() => once.jacobian(w, x, 'none', null, false)).toThrow(/GradientTape must be created with persistent=True/);
    expect(() => tape.jacobian(y, x, { unconnectedGradients: 'zero' } as never, 4)).toThrow(/the third argument is unconnected_gradients/);
  });
});

describe("the tf.nn cross entropies' positional (labels, logits, ...)", () => {
  it('sigmoid, softmax (with axis), sparse softmax and weighted', () => {
    close(tf.nn.sigmoidCrossEntropyWithLogits([1, 0], [0, 0]), [Math.LN2, Math.LN2]);
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    close(tf.nn.softmaxCrossEntropyWithLogits([[1, 0], [0, 1]], [[1, 2], [3, 4]], 0), [lse(1, 3) - 1, lse(2, 4) - 4], 5);
    close(tf.nn.softmaxCrossEntropyWithLogits([[0, 1]], [[0, 0]]), [Math.LN2]);
    close(tf.nn.sparseSoftmaxCrossEntropyWithLogits([1], [[0, Math.log(3)]]), [Math.log(4 / 3)]);
    close(tf.nn.weightedCrossEntropyWithLogits([1, 0], [0, 0], 3), [3 * Math.LN2, Math.LN2], 5);
  });

  it('refuses a missing argument and too many', () => {
    expect(() => (tf.nn.sigmoidCrossEntropyWithLogits as (...a: unknown[]) => tf.Tensor)([1])).toThrow(/both labels and logits must be provided, e.g. tf.nn.sigmoidCrossEntropyWithLogits\(labels, logits\)/);
    expect(() => (tf.nn.sparseSoftmaxCrossEntropyWithLogits as (...a: unknown[]) => tf.Tensor)([1], [[0, 1]], -1)).toThrow(/takes at most 2 arguments/);
  });
});

describe('tf.unique and tf.unique_with_counts take out_idx second', () => {
  it("computes with TensorFlow's default int32, and refuses int64, which gradtape lacks", () => {
    const { y, idx, count } = tf.uniqueWithCounts([1, 1, 2, 4, 4, 4, 7], 'int32');
    expect([y.arraySync(), idx.arraySync(), count.arraySync()]).toEqual([[1, 2, 4, 7], [0, 0, 1, 2, 2, 2, 3], [2, 1, 3, 1]]);
    expect(tf.unique([3, 3, 1], 'int32').idx.arraySync()).toEqual([0, 0, 1]);
    // Before, uniqueWithCounts' second parameter was an internal name for its errors: out_idx
    // landed there and changed only the messages.
    expect(() => tf.uniqueWithCounts([1, 2], 'int64' as never)).toThrow(/uniqueWithCounts: out_idx "int64" is not supported: gradtape has no int64 dtype/);
    expect(() => tf.unique([1, 2], 'float32' as never)).toThrow(/unique: out_idx "float32" is not supported: out_idx is 'int32' or 'int64'/);
  });
});
