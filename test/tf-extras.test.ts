// tf.print, tf.debugging's asserts and the TensorFlow functions composed of existing ops
// (ts/print.ts, ts/debugging.ts, ts/array-composites.ts, ts/tridiagonal.ts, switchCase,
// gradPassThrough): against TensorFlow's documented outputs and plain-JS oracles, with their
// gradients, errors and behaviour inside tf.function.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck } from './helpers/gradcheck';

const f64 = (v: unknown) => tf.constant(v as number[], 'float64');
const i32 = (v: unknown) => tf.constant(v as number[], 'int32');
/** What tf.print writes, captured. */
const printed = (...inputs: unknown[]): string => printedWith({}, ...inputs);
const printedWith = (options: tf.PrintOptions, ...inputs: unknown[]): string => {
  let text = '';
  tf.print(...inputs, { ...options, outputStream: (s: string) => (text += s) });
  return text;
};

describe('tf.print', () => {
  it("prints TensorFlow's documented examples", () => {
    // tensorflow.org/api_docs/python/tf/print
    expect(printed(tf.range(10, undefined, 1, 'int32'))).toBe('[0 1 2 ... 7 8 9]\n');
    const t = tf.range(10, undefined, 1, 'int32');
    expect(printed('tensors:', t, { 2: t.mul(2) })).toBe('tensors: [0 1 2 ... 7 8 9] {2: [0 2 4 ... 14 16 18]}\n');
    let text = '';
    tf.print(tf.range(2, undefined, 1, 'int32'), tf.range(2, undefined, 1, 'int32').mul(2), { outputStream: (s: string) => (text += s), sep: ',' });
    expect(text).toBe('[0 1],[0 2]\n');
  });

  it('summarizes every dimension, with one newline per inner dimension between blocks', () => {
    const m = tf.reshape(tf.range(100, undefined, 1, 'int32'), [10, 10]);
    const rows = (from: number[]) => from.map((r) => `[${r * 10} ${r * 10 + 1} ${r * 10 + 2} ... ${r * 10 + 7} ${r * 10 + 8} ${r * 10 + 9}]`);
    expect(printed(m)).toBe(`[${[...rows([0, 1, 2]), '...', ...rows([7, 8, 9])].join('\n ')}]\n`);
    expect(printed(tf.reshape(tf.range(8, undefined, 1, 'int32'), [2, 2, 2]))).toBe('[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]\n');
    // summarize -1 prints everything; a larger summarize prints more.
    expect(printedWith({ summarize: -1 }, tf.range(8, undefined, 1, 'int32'))).toBe('[0 1 2 3 4 5 6 7]\n');
    expect(printedWith({ summarize: 1 }, tf.range(8, undefined, 1, 'int32'))).toBe('[0 ... 7]\n');
  });

  it('writes floats with the fewest digits that read back (6 or 9 in float32, 15 or 17 in float64), bools as 1 and 0', () => {
    expect(printed(tf.constant([1 / 3, 0.1, 1e-5, 1234567, -2.5]))).toBe('[0.333333343 0.1 1e-05 ... 1234567 -2.5]\n'.replace(' ... 1234567', ' 1234567'));
    expect(printed(f64([1 / 3, 0.1, 1e30, 100]))).toBe('[0.33333333333333331 0.1 1e+30 100]\n');
    expect(printed(tf.constant([NaN, Infinity, -Infinity]))).toBe('[nan inf -inf]\n');
    expect(printed(tf.constant([true, false]), tf.constant(2.5))).toBe('[1 0] 2.5\n');
    expect(printed(tf.zeros([0]), tf.zeros([2, 0]))).toBe('[] []\n');
    // Every float32 value printed reads back to itself.
    const values = Array.from({ length: 200 }, (_, i) => Math.fround(Math.sin(i) * 10 ** ((i % 13) - 6)));
    const text = printedWith({ summarize: -1 }, tf.constant(values));
    expect(text.slice(1, -2).split(' ').map((s) => Math.fround(Number(s)))).toEqual(values);
  });

  it('takes a last plain object of its option names as the options, anything else as an input', () => {
    expect(printed({ a: tf.constant([1, 2], 'int32') })).toBe("{'a': [1 2]}\n");
    expect(printed(['x', 1, tf.constant(3, 'int32')])).toBe("['x', 1, 3]\n");
    expect(() => tf.print('x', { summarize: -2 } as never)).toThrow(/print: summarize must be -1/);
    expect(() => tf.print('x', { outputStream: 'file://out.txt' } as never)).toThrow(/outputStream must be 'stderr', 'stdout' or a function/);
  });

  it('prints at every call of a compiled function, as TensorFlow\'s print op does', () => {
    const lines: string[] = [];
    const f = tf.function((x: tf.Tensor) => {
      tf.print('x =', x, { outputStream: (s: string) => lines.push(s) });
      return x.mul(2);
    });
    expect(f(tf.constant([1, 2])).arraySync()).toEqual([2, 4]);
    expect(f(tf.constant([3, 4])).arraySync()).toEqual([6, 8]);
    expect(lines).toEqual(['x = [1 2]\n', 'x = [3 4]\n']);
  });
});

describe('tf.debugging asserts', () => {
  const failure = (f: () => void): Error => {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected the assertion to fail');
  };

  it('pass silently when the condition holds, broadcasting', () => {
    expect(tf.debugging.assertEqual(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 2], [3, 4]]))).toBeUndefined();
    tf.debugging.assertLess(tf.constant([1, 2]), 3);
    tf.debugging.assertLessEqual(tf.constant([1, 3]), 3);
    tf.debugging.assertGreater(tf.constant([4, 5]), tf.constant([[3], [1]]));
    tf.debugging.assertGreaterEqual(tf.constant([3]), 3);
    tf.debugging.assertNoneEqual(tf.constant([1, 2]), tf.constant([2, 1]));
    tf.debugging.assertPositive([1e-30]);
    tf.debugging.assertNegative([-1]);
    tf.debugging.assertNonNegative([0, 1]);
    tf.debugging.assertNonPositive([0, -1]);
    tf.assertEqual(i32([1]), i32([1]));
  });

  it("fail with TensorFlow's InvalidArgumentError text: the condition, the differing indices and values, the first elements", () => {
    const e = failure(() => tf.debugging.assertEqual(i32([1, 2, 3, 7]), i32([1, 5, 3, 8]), 'custom'));
    expect(e.name).toBe('InvalidArgumentError');
    expect(e.message).toBe(
      ['custom', 'Condition x == y did not hold.', 'Indices of first 2 different values:', '[[1]\n [3]]', 'Corresponding x values:', '[2 7]',
        'Corresponding y values:', '[5 8]', 'First 3 elements of x:', '[1 2 3]', 'First 3 elements of y:', '[1 5 3]'].join('\n'),
    );
    const n = failure(() => tf.debugging.assertNegative(f64([-1, 2.5])));
    expect(n.message).toMatch(/^Condition x < y did not hold\.\nFirst 2 elements of x:\n\[-1\.\s+2\.5\]/);
    expect(failure(() => tf.debugging.assertLess(tf.constant([1, 5]), 3, undefined, 0)).message).toBe('Condition x < y did not hold.');
    expect(() => tf.debugging.assertGreater(tf.constant([1, 2]), tf.constant([1, 2, 3]))).toThrow(/debugging\.assertGreater/);
  });

  it('assertNear uses |x - y| <= atol + rtol·|y|, 10 eps by default', () => {
    tf.debugging.assertNear(f64([1, 2]), f64([1 + 1e-15, 2]));
    expect(() => tf.debugging.assertNear(f64([1]), f64([1 + 1e-13]))).toThrow(/Condition x ~= y/);
    tf.debugging.assertNear(f64([1]), f64([1.1]), 0.1);
    tf.debugging.assertNear(f64([0]), f64([0.5]), 0, 0.5);
    expect(() => tf.debugging.assertNear(i32([1]), i32([1]))).toThrow(/must be float32 or float64/);
  });

  it('static checks throw ValueError and TypeError, as TensorFlow does', () => {
    tf.debugging.assertRank(tf.zeros([2, 3]), 2);
    const e = failure(() => tf.assertRank(tf.zeros([3]), 2, 'my check'));
    expect([e.name, e.message]).toEqual(['ValueError', 'my check.  Tensor must have rank 2.  Received rank 1, shape (3,)']);
    tf.debugging.assertRankAtLeast(tf.zeros([2, 3]), 1);
    expect(() => tf.debugging.assertRankAtLeast(tf.zeros([2]), 2)).toThrow(/rank at least 2/);
    tf.debugging.assertRankIn(tf.zeros([2]), [0, 1]);
    expect(() => tf.debugging.assertRankIn(tf.zeros([2]), [0, 2])).toThrow(/rank in \(0, 2\)/);
    const s = tf.constant(1);
    expect(tf.debugging.assertScalar(s)).toBe(s);
    expect(() => tf.debugging.assertScalar(tf.zeros([1]))).toThrow(/Expected scalar shape, saw shape: \(1,\)/);
    tf.debugging.assertType(i32([1]), 'int32');
    expect(failure(() => tf.debugging.assertType(tf.zeros([1]), 'int32')).name).toBe('TypeError');
  });

  it("Assert lists its data with TensorFlow's eager summary", () => {
    tf.debugging.Assert(tf.constant(true), ['not shown']);
    const e = failure(() => tf.Assert(tf.constant(false), ['x is', i32([0, 1, 2, 3, 4]), f64(2.5)]));
    expect([e.name, e.message]).toEqual(['InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: x is\n0, 1, 2, ...\n2.5"]);
    expect(() => tf.debugging.Assert(tf.constant([true, true]), [])).toThrow(/condition must be a bool scalar/);
  });

  it('check values computed from the arguments at every call of a compiled function', () => {
    const f = tf.function((x: tf.Tensor) => {
      tf.debugging.checkNumerics(x, 'checked');
      tf.debugging.assertPositive(x);
      return x.mul(2);
    });
    expect(f(tf.constant([1, 2])).arraySync()).toEqual([2, 4]);
    expect(() => f(tf.constant([-1, 2]))).toThrow(/Condition x > y did not hold/);
    expect(() => f(tf.constant([1, NaN]))).toThrow(/checked : Tensor had NaN values/);
    expect(f(tf.constant([3, 4])).arraySync()).toEqual([6, 8]);
  });
});

describe('elementwise composites', () => {
  it('xdivy and xlog1py are 0 where x is 0, with zero gradients there', () => {
    expect(tf.math.xdivy(f64([0, 6, 0, 1]), f64([0, 3, NaN, 0])).arraySync()).toEqual([0, 2, 0, Infinity]);
    expect(tf.math.xlog1py(f64([0, 2, 0]), f64([-1, Math.E - 1, Infinity])).arraySync()).toEqual([0, 2, 0]);
    for (const op of [tf.math.xdivy, tf.math.xlog1py]) {
      const [a, b] = [f64([0, 0, 2]), f64([0, -1, 4])];
      const tape = new tf.GradientTape({ persistent: true });
      tape.watch([a, b]);
      const z = tape.record(() => op(a, b).sum());
      const [ga, gb] = [tape.gradient(z, a)!.arraySync() as number[], tape.gradient(z, b)!.arraySync() as number[]];
      expect([ga.slice(0, 2), gb.slice(0, 2)]).toEqual([[0, 0], [0, 0]]);
      expectGradcheck((x, y) => op(x, y), [{ shape: [5], min: 0.5, max: 2 }, { shape: [5], min: 0.5, max: 2 }]);
    }
    expect(() => tf.math.xdivy(i32([1]), i32([1]))).toThrow(/float32 or float64/);
  });

  it('the real parts of complex functions on real input, as TensorFlow defines them', () => {
    const x = f64([-2, 0, 3, NaN, -Infinity]);
    expect(tf.math.real(x).arraySync()).toEqual([-2, 0, 3, NaN, -Infinity]);
    expect(tf.math.conj(x).arraySync()).toEqual([-2, 0, 3, NaN, -Infinity]);
    expect(tf.math.imag(x).arraySync()).toEqual([0, 0, 0, 0, 0]);
    expect(tf.math.angle(x).arraySync()).toEqual([Math.PI, 0, 0, 0, Math.PI]);
  });

  it('truncatediv and truncatemod round toward zero (C), where floordiv and floormod round down', () => {
    const xs = [-7, 7, -6, 6, 0, -1, 5, -2147483648];
    const ys = [2, -2, 3, -3, 4, 3, -7, 1];
    expect(tf.truncatediv(i32(xs), i32(ys)).arraySync()).toEqual(xs.map((x, k) => Math.trunc(x / ys[k]!) || 0));
    expect(tf.truncatemod(i32(xs), i32(ys)).arraySync()).toEqual(xs.map((x, k) => x % ys[k]! || 0));
    expect(() => tf.truncatediv(f64([1]), f64([2]))).toThrow(/int32 tensors/);
    expect(() => tf.truncatediv(i32([1]), i32([0]))).toThrow();
    expect(tf.realdiv(f64([1, 3]), f64([4, 2])).arraySync()).toEqual([0.25, 1.5]);
    expect(tf.math.truncatediv).toBe(tf.truncatediv);
    expect(tf.math.truncatemod).toBe(tf.truncatemod);
  });

  it("truncatemod on floats is fmod (TensorFlow's CPU kernel): the sign of x, exact, NaN for a zero divisor", () => {
    // JavaScript's % is fmod, exact; the operands are chosen where x - trunc(x / y)·y would round.
    const xs = [-7.5, 7.5, 1e17 + 8, -1e-300, 5.3, -0.1, 3, Infinity, 2, NaN, -4];
    const ys = [2, -2, 3.7, 7e-301, 0.1, 0.03, 0, 2, Infinity, 1, -Infinity];
    expect(tf.truncatemod(f64(xs), f64(ys)).arraySync()).toEqual(xs.map((x, k) => x % ys[k]!));
    const f32 = tf.truncatemod(tf.constant([-7.25, 9.5], 'float32'), tf.constant([2, -4], 'float32'));
    expect([f32.dtype, f32.arraySync()]).toEqual(['float32', [-1.25, 1.5]]);
    // d/dx fmod(x, y) = 1, d/dy = -trunc(x / y).
    const x = f64([-7.5, 7.5, 5]), y = f64([2, -2, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    tape.watch(y);
    const r = tape.record(() => tf.math.truncatemod(x, y));
    expect(tape.gradient(r, x)!.arraySync()).toEqual([1, 1, 1]);
    expect(tape.gradient(r, y)!.arraySync()).toEqual([3, 3, -1]);
    expect(() => tf.truncatemod(f64([1]), tf.constant([2], 'int32'))).toThrow(/one dtype/);
    expect(() => tf.truncatemod(tf.constant([true]), tf.constant([true]))).toThrow(/int32/);
  });

  it('saturateCast clamps to the target range before casting', () => {
    expect(tf.saturateCast(tf.constant([-1e10, 3.7, -3.7, 1e10]), 'int32').arraySync()).toEqual([-2147483648, 3, -3, 2147483520]);
    expect(tf.saturateCast(f64([-1e10, 1e10]), 'int32').arraySync()).toEqual([-2147483648, 2147483647]);
    expect(tf.saturateCast(f64([1e300, -1e300, 1]), 'float32').arraySync()).toEqual([3.4028234663852886e38, -3.4028234663852886e38, 1]);
    expect(tf.saturateCast(i32([5]), 'float64').arraySync()).toEqual([5]);
  });
});

describe('array composites', () => {
  it('unravelIndex gives row-major coordinates, and refuses indices outside', () => {
    expect(tf.unravelIndex(i32([1, 5, 4]), [3, 3]).arraySync()).toEqual([[0, 1, 1], [1, 2, 1]]);
    expect(tf.unravelIndex(i32(23), [2, 3, 4]).arraySync()).toEqual([1, 2, 3]);
    expect(() => tf.unravelIndex(i32([9]), [3, 3])).toThrow(/index 9 is out of bounds/);
  });

  it('reverseSequence reverses each prefix, on either axis order, with gradients', () => {
    const rows = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]];
    const lengths = [3, 0, 4];
    const oracle = rows.map((r, b) => [...r.slice(0, lengths[b]).reverse(), ...r.slice(lengths[b])]);
    expect(tf.reverseSequence(f64(rows), i32(lengths), 1).arraySync()).toEqual(oracle);
    const transposed = tf.transpose(f64(rows));
    expect(tf.transpose(tf.reverseSequence(transposed, i32(lengths), 0, 1)).arraySync()).toEqual(oracle);
    expectGradcheck((x) => tf.reverseSequence(x, i32(lengths), 1).mul(tf.range(4, undefined, 1, 'float64')), [{ shape: [3, 4] }]);
    expect(() => tf.reverseSequence(f64(rows), i32([5, 0, 0]), 1)).toThrow(/seqLengths\[0\] = 5/);
  });

  it('histograms count values in equal bins, outliers in the end bins', () => {
    const values = [-1, 0, 1.5, 2, 5, 15, 4.999];
    // TensorFlow's documented example: bins of width 1 over [0, 5).
    expect(tf.histogramFixedWidth([-1, 0, 1.5, 2, 5, 15], [0, 5], 5).arraySync()).toEqual([2, 1, 1, 0, 2]);
    const bins = values.map((v) => Math.min(4, Math.max(0, Math.floor(((v - 0) / 5) * 5))));
    expect(tf.histogramFixedWidthBins(f64(values), f64([0, 5]), 5).arraySync()).toEqual(bins);
    expect(tf.histogramFixedWidth(i32([0, 1, 2, 9]), i32([0, 10]), 2).arraySync()).toEqual([3, 1]);
    expect(() => tf.histogramFixedWidth([1], [0, 1], 0)).toThrow(/nbins must be a positive integer/);
  });

  it('dynamicPartition and dynamicStitch split and interleave, last entry winning', () => {
    const [even, odd] = tf.dynamicPartition(f64([[1, 2], [3, 4], [5, 6]]), i32([0, 1, 0]), 2);
    expect([even!.arraySync(), odd!.arraySync()]).toEqual([[[1, 2], [5, 6]], [[3, 4]]]);
    expect(() => tf.dynamicPartition(f64([1]), i32([2]), 2)).toThrow(/partitions\[0\] = 2 is not in \[0, 2\)/);
    // TensorFlow's documented example.
    const merged = tf.dynamicStitch([i32(6), i32([4, 1]), i32([[5, 2], [0, 3]])], [f64([61, 62]), f64([[41, 42], [11, 12]]), f64([[[51, 52], [21, 22]], [[1, 2], [31, 32]]])]);
    expect(merged.arraySync()).toEqual([[1, 2], [11, 12], [21, 22], [31, 32], [41, 42], [51, 52], [61, 62]]);
    expect(tf.dynamicStitch([i32([0, 1]), i32([1])], [f64([1, 2]), f64([9])]).arraySync()).toEqual([1, 9]);
    // Gradients: each entry's, and 0 for an entry overwritten by a later one.
    const a = f64([1, 2]), b = f64([9]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([a, b]);
    const y = tape.record(() => tf.dynamicStitch([i32([0, 1]), i32([1])], [a, b]).mul(f64([3, 5])).sum());
    expect([tape.gradient(y, a)!.arraySync(), tape.gradient(y, b)!.arraySync()]).toEqual([[3, 0], [5]]);
  });

  it('broadcast shapes, shapeN, identityN, parallelStack, invertPermutation', () => {
    expect(tf.broadcastStaticShape([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(tf.broadcastDynamicShape(i32([5, 1]), i32([1, 7])).arraySync()).toEqual([5, 7]);
    expect(() => tf.broadcastStaticShape([2], [3])).toThrow(/incompatible shapes/);
    expect(tf.shapeN([tf.zeros([2, 3]), tf.zeros([])]).map((s) => s.arraySync())).toEqual([[2, 3], []]);
    expect(tf.identityN([f64([1]), 2]).map((t) => t.arraySync())).toEqual([[1], 2]);
    expect(tf.parallelStack([f64([1, 2]), f64([3, 4])]).arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(tf.math.invertPermutation(i32([3, 4, 0, 2, 1])).arraySync()).toEqual([2, 4, 3, 0, 1]);
    expect(() => tf.math.invertPermutation(i32([0, 0]))).toThrow(/appears twice/);
  });

  it('tensorDiag and tensorDiagPart', () => {
    const d = f64([[1, 2], [3, 4]]);
    const t = tf.linalg.tensorDiag(d);
    expect(t.shape).toEqual([2, 2, 2, 2]);
    const values = t.arraySync() as number[][][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) {
      expect(values[i]![j]![k]![l]).toBe(i === k && j === l ? [[1, 2], [3, 4]][i]![j] : 0);
    }
    expect(tf.linalg.tensorDiagPart(t).arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(() => tf.linalg.tensorDiagPart(tf.zeros([2, 3]))).toThrow(/s \+\+ s/);
  });

  it('switchCase picks the branch by index, the default (or the last branch) outside', () => {
    const branches = [() => 'a', () => 'b', () => 'c'];
    expect([0, 1, 2, 5, -1].map((i) => tf.switchCase(i32(i), branches))).toEqual(['a', 'b', 'c', 'c', 'c']);
    expect(tf.switchCase(7, branches, () => 'default')).toBe('default');
    expect(tf.switchCase(2, { 2: () => 'two', 5: () => 'five' })).toBe('two');
    const f = tf.function((i: tf.Tensor, x: tf.Tensor) => tf.switchCase(i, [() => x.add(1), () => x.mul(10)]));
    expect([f(i32(0), f64([2])).arraySync(), f(i32(1), f64([2])).arraySync()]).toEqual([[3], [20]]);
  });

  it('gradPassThrough passes the gradient through a non-differentiable step; convertToTensor and getStaticValue', () => {
    const x = f64([0.4, 1.6, -2.5]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.gradPassThrough((v) => tf.round(v))(x).mul(f64([1, 2, 3])).sum());
    expect(tape.gradient(y, x)!.arraySync()).toEqual([1, 2, 3]);
    const g = (v: tf.Tensor) => v.square().sum();
    expect(tf.recomputeGrad(g)).toBe(g);
    const t = tf.constant([1, 2]);
    expect(tf.convertToTensor(t)).toBe(t);
    expect(() => tf.convertToTensor(t, 'float64')).toThrow(/requested dtype float64 for a Tensor with dtype float32/);
    expect(tf.getStaticValue(t)).toEqual([1, 2]);
    let seen: unknown = 'unset';
    tf.function((v: tf.Tensor) => {
      seen = tf.getStaticValue(v.add(1));
      return v;
    })(tf.constant([1]));
    expect(seen).toBeNull();
  });
});

describe('tridiagonal matrices', () => {
  // [[4, 1, 0, 0], [2, 5, 1, 0], [0, 3, 6, 1], [0, 0, 1, 7]] by its diagonals.
  const sup = [1, 1, 1, 0], main = [4, 5, 6, 7], sub = [0, 2, 3, 1];
  const dense = [[4, 1, 0, 0], [2, 5, 1, 0], [0, 3, 6, 1], [0, 0, 1, 7]];
  const rhs = [[1, 2], [3, 4], [5, 6], [7, 8]];
  const product = dense.map((row) => [0, 1].map((j) => row.reduce((s, a, k) => s + a * rhs[k]![j]!, 0)));

  it('tridiagonalMatmul in the three formats equals the dense product', () => {
    expect(tf.linalg.tridiagonalMatmul(f64([sup, main, sub]), f64(rhs)).arraySync()).toEqual(product);
    expect(tf.linalg.tridiagonalMatmul([f64(sup), f64(main), f64(sub)], f64(rhs), 'sequence').arraySync()).toEqual(product);
    const noisy = dense.map((r, i) => r.map((v, j) => (Math.abs(i - j) > 1 ? 99 : v)));
    expect(tf.linalg.tridiagonalMatmul(f64(noisy), f64(rhs), 'matrix').arraySync()).toEqual(product);
    expectGradcheck((d, r) => tf.linalg.tridiagonalMatmul(d, r), [{ shape: [3, 4] }, { shape: [4, 2] }]);
  });

  it('tridiagonalSolve solves A x = rhs (and with transposed rhs), differentiably', () => {
    const x = tf.linalg.tridiagonalSolve(f64([sup, main, sub]), f64(product));
    expectClose(x, rhs.flat(), 1e-12);
    const xt = tf.linalg.tridiagonalSolve(f64([sup, main, sub]), tf.transpose(f64(product)), 'compact', true);
    expectClose(xt, tf.transpose(f64(rhs)).dataSync(), 1e-12);
    expectGradcheck((d, r) => tf.linalg.tridiagonalSolve(d, r), [{ shape: [3, 4], values: [...sup, ...main, ...sub] }, { shape: [4, 2] }]);
    expect(() => tf.linalg.tridiagonalSolve(f64([sup, main, sub]), f64(rhs), 'compact', false, false, true, true)).toThrow(/perturbSingular is not supported/);
    expect(() => tf.linalg.tridiagonalSolve(f64([main, main]), f64(rhs))).toThrow(/\[\.\.\., 3, M\]/);
  });
});

describe('segment products', () => {
  /** Π of the rows of `data` per segment id (1 for an empty segment), in row order. */
  const oracle = (data: number[][], ids: number[], n: number) =>
    Array.from({ length: n }, (_, s) => data[0]!.map((_, j) => data.reduce((p, row, i) => (ids[i] === s ? p * row[j]! : p), 1)));

  it('multiply each segment in row order, 1 for an empty one, dropping negative ids', () => {
    const data = [[1.5, -2], [3, 0.25], [-4, 8], [2, 2], [0.5, 3]];
    const ids = [2, 0, 2, -1, 0];
    expect(tf.math.unsortedSegmentProd(f64(data), i32(ids), 4).arraySync()).toEqual(oracle(data, ids, 4));
    expect(tf.math.segmentProd(f64(data), i32([0, 0, 1, 3, 3])).arraySync()).toEqual(oracle(data, [0, 0, 1, 3, 3], 4));
    expect(tf.math.unsortedSegmentProd(i32([2, 3, 5]), i32([1, 1, 0]), 3).arraySync()).toEqual([5, 6, 1]);
    expect(() => tf.math.segmentProd(f64([1, 2]), i32([1, 0]))).toThrow(/not increasing/);
  });

  it("have TensorFlow's gradient with zeros: the partners' product, 0 where a segment has two zeros", () => {
    const x = f64([2, 0, 4, 0, 0, 3, 5]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.math.unsortedSegmentProd(x, i32([0, 0, 0, 1, 1, 2, 2]), 3).mul(f64([1, 10, 100])).sum());
    expect(tape.gradient(y, x)!.arraySync()).toEqual([0, 8, 0, 0, 0, 500, 300]);
    expectGradcheck((d) => tf.math.unsortedSegmentProd(d, i32([1, 0, 1, 1, -1, 0]), 2), [{ shape: [6, 2], min: 0.5, max: 2 }]);
  });
});
