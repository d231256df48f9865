// tf.random.stateless_* and tf.random.experimental.stateless_split / stateless_fold_in.
//
// Oracles, in order of strength:
// 1. Published outputs: Random123's known-answer vectors for Philox4x32-10 (tests/kat_vectors of
//    DEShawResearch/random123); TensorFlow's docstring examples (stateless_random_ops.py:
//    stateless_split([1, 2], 3), stateless_fold_in([1, 2], 3) and stateless_normal on each
//    result); a printed StatelessRandomNormalV2 output (shape [4, 4], key [1234], counter [0, 1]).
// 2. The kernels' formulas, recomputed here independently in float64 JS from Philox words
//    (uniform mantissas, int32 modulo, the truncated normal's group offsets, the categorical
//    stream), for the functions no published output covers.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { Philox, philox4x32 } from '../ts/stateless-random';
import { normalValues } from './philox-oracle';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
/** float32 values as numpy prints them: the shortest digits that identify the float32 when
 * that takes at most 8 decimals, else 8 decimals. */
function expectPrinted(actual: number[], printed: number[]): void {
  expect(actual.every((v) => Math.fround(v) === v)).toBe(true);
  expect(actual.map((v, i) => (Math.fround(printed[i]!) === v ? printed[i] : Number(v.toFixed(8))))).toEqual(printed);
}

// The seed scramble (stateless_random_ops.cc GenerateKey), written out again for the oracles.
const words64 = (s: number) => [s >>> 0, Math.floor(s / 4294967296) >>> 0];
function wordsOf(seed: [number, number], blocks: number): number[] {
  const mix = philox4x32([...words64(seed[0]), ...words64(seed[1])], [0x3ec8f720, 0x02461e29]);
  const out: number[] = [];
  for (let b = 0; b < blocks; b++) out.push(...philox4x32([b, 0, mix[2]!, mix[3]!], [mix[0]!, mix[1]!]));
  return out;
}

describe('Philox4x32-10', () => {
  it("matches Random123's known-answer vectors", () => {
    const kat: [number[], number[], number[]][] = [
      [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
      [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
      [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
    ];
    for (const [counter, key, expected] of kat) expect(Array.from(philox4x32(counter, key))).toEqual(expected);
  });

  it('advances the 128-bit counter with carries (PhiloxRandom::Skip)', () => {
    const g = new Philox([1, 2], [0xffffffff, 0xffffffff, 7, 0]);
    g.next();
    expect(Array.from(g.counter)).toEqual([0, 0, 8, 0]);
    g.skip(2 ** 32 + 5);
    expect(Array.from(g.counter)).toEqual([5, 1, 8, 0]);
  });
});

describe("TensorFlow's published outputs", () => {
  it('experimental.statelessSplit([1, 2], 3) (the stateless_split docstring)', () => {
    const s = tf.random.experimental.statelessSplit([1, 2], 3);
    expect(s.dtype).toBe('int32');
    expect(s.arraySync()).toEqual([[1105988140, 1738052849], [-335576002, 370444179], [10670227, -246211131]]);
    expect(tf.random.experimental.statelessSplit(tf.constant([1, 2], 'int32'), 3, { alg: 'philox' }).arraySync()).toEqual(s.arraySync());
    expect(tf.random.experimental.statelessSplit([1, 2]).shape).toEqual([2, 2]);
  });

  it('statelessNormal on the first split seed (the stateless_split docstring)', () => {
    expectPrinted(values(tf.random.statelessNormal([3], [1105988140, 1738052849])), [-0.59835213, -0.9578608, 0.9002807]);
  });

  it('experimental.statelessFoldIn([1, 2], 3) and statelessNormal on it (the stateless_fold_in docstring)', () => {
    const seed = tf.random.experimental.statelessFoldIn([1, 2], 3);
    expect(seed.arraySync()).toEqual([1105988140, 3]);
    expectPrinted(values(tf.random.statelessNormal([3], seed)), [0.03197195, 0.8979765, 0.13253039]);
    expect(tf.random.experimental.statelessFoldIn([1, 2], tf.constant(3, 'int32')).arraySync()).toEqual([1105988140, 3]);
  });

  it('StatelessRandomNormalV2 with key [1234] and counter [0, 1], float32 [4, 4]', () => {
    const z = Array.from(normalValues(new Philox([1234, 0], [0, 0, 1, 0]), 16, 'float32'));
    expectPrinted(z, [
      -0.32364845, 1.8577391, 0.39556974, 0.2311697, 0.24243996, -1.9485782, -0.12983137, 2.7137496,
      1.6558666, 2.0938187, -0.90338254, 0.8765667, 0.86518306, 0.01034508, 0.2893259, 0.01748212,
    ]);
  });
});

describe("the kernels' formulas (recomputed from Philox words)", () => {
  const seed: [number, number] = [7, 17];
  const w = wordsOf(seed, 300);

  it('uniform float32: the low 23 bits over 2^23, 4 per Philox call; minval/maxval by float32 ops', () => {
    expect(values(tf.random.statelessUniform([6], seed))).toEqual(w.slice(0, 6).map((x) => (x & 0x7fffff) / 2 ** 23));
    const f = Math.fround;
    const range = f(f(7.1) - f(2.2));
    expect(values(tf.random.statelessUniform([2, 3], seed, { minval: 2.2, maxval: 7.1 })))
      .toEqual(w.slice(0, 6).map((x) => f(f(((x & 0x7fffff) / 2 ** 23) * range) + f(2.2))));
    expect(tf.random.statelessUniform([2], seed).dtype).toBe('float32'); // TensorFlow's default, not floatx
  });

  it('uniform float64: 52 bits from a word pair, 2 per Philox call', () => {
    const expected = [0, 2, 4, 6, 8].map((i) => ((w[i]! & 0xfffff) * 2 ** 32 + w[i + 1]!) / 2 ** 52);
    expect(values(tf.random.statelessUniform([5], seed, { dtype: 'float64' }))).toEqual(expected);
  });

  it('uniform int32: minval + w mod (maxval - minval); full range: the words as int32', () => {
    expect(values(tf.random.statelessUniform([7], seed, { minval: 2, maxval: 11111, dtype: 'int32' }))).toEqual(w.slice(0, 7).map((x) => 2 + (x % 11109)));
    expect(values(tf.random.statelessUniform([3], seed, { minval: -2147483648, maxval: 2147483647, dtype: 'int32' })))
      .toEqual(w.slice(0, 3).map((x) => -2147483648 + (x % 4294967295)));
    expect(values(tf.random.statelessUniform([5], seed, { minval: null, maxval: null, dtype: 'int32' }))).toEqual(w.slice(0, 5).map((x) => x | 0));
    expect(values(tf.random.statelessUniform([5], seed, { maxval: 10, dtype: 'int32' }))).toEqual(w.slice(0, 5).map((x) => x % 10)); // minval defaults to 0
  });

  it('seeds are int64 values: int32 tensors sign-extended, large JS integers split into words', () => {
    for (const s of [[-1, 5], [-2147483648, 2147483647], [2 ** 40 + 3, -(2 ** 45)]] as [number, number][]) {
      expect(values(tf.random.statelessUniform([4], s, { minval: null, maxval: null, dtype: 'int32' }))).toEqual(wordsOf(s, 1).map((x) => x | 0));
    }
    expect(values(tf.random.statelessNormal([5], tf.constant([-1, 5], 'int32')))).toEqual(values(tf.random.statelessNormal([5], [-1, 5])));
  });

  it("'philox' and 'auto_select' (and TensorFlow's other spellings) are the same generator on CPU", () => {
    const ref = values(tf.random.statelessNormal([5], seed));
    for (const alg of ['philox', 'auto_select', 'auto-select', 'autoselect', 1, 3] as const) {
      expect(values(tf.random.statelessNormal([5], seed, { alg: alg as tf.RngAlgorithm }))).toEqual(ref);
    }
  });

  it('normal: mean and stddev by float32 ops on the standard values; float64 uses 4 words per pair', () => {
    const f = Math.fround;
    const z = values(tf.random.statelessNormal([7], seed));
    expect(values(tf.random.statelessNormal([7], seed, { mean: 2, stddev: 3 }))).toEqual(z.map((v) => f(f(v * 3) + 2)));
    // A shape's elements are the same prefix of the stream whatever the shape.
    expect(values(tf.random.statelessNormal([2, 5], seed)).slice(0, 7)).toEqual(z);
    // float64: Box–Muller on uniform64(w0, w1) and uniform64(w2, w3), in float64.
    const u = (a: number, b: number) => ((a & 0xfffff) * 2 ** 32 + b) / 2 ** 52;
    const r = Math.sqrt(-2 * Math.log(u(w[0]!, w[1]!)));
    const v = 2 * Math.PI * u(w[2]!, w[3]!);
    const d = values(tf.random.statelessNormal([2], seed, { dtype: 'float64' }));
    expect(d[0]).toBeCloseTo(Math.sin(v) * r, 14);
    expect(d[1]).toBeCloseTo(Math.cos(v) * r, 14);
  });

  it('truncated normal: group g of 4 (float32) or 2 (float64) starts 256 or 128 Philox calls in, keeping |z| < 2', () => {
    // The same words in the same order make statelessNormal's values, so group g's values are
    // the normals from call 256g (float32) on with |z| >= 2 left out.
    const normal32 = values(tf.random.statelessNormal([4 * 260], seed));
    const inRange = (zs: number[], n: number) => zs.filter((z) => Math.abs(z) < 2).slice(0, n);
    const t32 = values(tf.random.statelessTruncatedNormal([7], seed));
    expect(t32.slice(0, 4)).toEqual(inRange(normal32.slice(0, 40), 4));
    expect(t32.slice(4)).toEqual(inRange(normal32.slice(4 * 256), 3));
    const normal64 = values(tf.random.statelessNormal([2 * 260], seed, { dtype: 'float64' }));
    const t64 = values(tf.random.statelessTruncatedNormal([4], seed, { dtype: 'float64' }));
    expect(t64.slice(0, 2)).toEqual(inRange(normal64.slice(0, 40), 2));
    expect(t64.slice(2)).toEqual(inRange(normal64.slice(2 * 128), 2));
    const many = values(tf.random.statelessTruncatedNormal([2000], seed, { mean: 1, stddev: 0.5 }));
    expect(Math.max(...many.map((z) => Math.abs(z - 1)))).toBeLessThan(1);
  });

  it('categorical: float64 uniforms from consecutive word pairs, rows one after the other in one stream', () => {
    // Two equal classes: the cumulative sums are [1, 2] and the class is 1 exactly when u >= 1/2.
    const u = values(tf.random.statelessUniform([10], seed, { dtype: 'float64' }));
    const ids = tf.random.statelessCategorical(tf.zeros([2, 5]).slice([0, 0], [2, 2]), 5, seed);
    expect(ids.dtype).toBe('int32');
    expect(ids.arraySync()).toEqual([u.slice(0, 5).map((x) => (x >= 0.5 ? 1 : 0)), u.slice(5).map((x) => (x >= 0.5 ? 1 : 0))]);
    // Probabilities 0.1, 0.2, 0.7 (shifted logits); a -inf logit gets none.
    const l = [Math.log(0.1) + 5, Math.log(0.2) + 5, Math.log(0.7) + 5];
    const drawn = values(tf.random.statelessCategorical(tf.constant([[...l, -Infinity]], 'float64'), 8, seed));
    const max = Math.max(...l);
    const sums = l.map((v) => Math.exp(v - max)).map((e, i, es) => es.slice(0, i + 1).reduce((a, b) => a + b));
    const total = sums[2]!;
    expect(drawn).toEqual(u.slice(0, 8).map((x) => sums.findIndex((c) => c > x * total)));
    expect(values(tf.random.statelessCategorical([[NaN, -Infinity]], 3, seed))).toEqual([2, 2, 2]); // no finite logit: num_classes
  });
});

describe('constants, compiled functions, errors', () => {
  it('results are constants: no gradient flows through them', () => {
    const logits = tf.constant([[0.5, 1.5]]);
    const tape = new tf.GradientTape();
    tape.watch(logits);
    const y = tape.record(() => tf.add(tf.reduceSum(tf.cast(tf.random.statelessCategorical(logits, 4, [1, 2]), 'float32')), tf.reduceSum(tf.random.statelessNormal([2], [1, 2]))));
    const g = tape.gradient(y, logits);
    expect(g === null || values(g).every((v) => v === 0)).toBe(true);
  });

  it('tf.function: a seed argument gives each call its own numbers, as eager calls do, from one trace', () => {
    const f = tf.function((s: tf.Tensor) => tf.random.statelessNormal([3], s));
    for (const s of [[1105988140, 3], [1, 2], [-7, 9]]) {
      expect(values(f(tf.constant(s, 'int32')))).toEqual(values(tf.random.statelessNormal([3], s)));
    }
    expect(f.experimentalGetTracingCount()).toBe(1);
    const g = tf.function((x: tf.Tensor) => tf.add(x, tf.random.statelessUniform([2], [3, 4])));
    const x = tf.zeros([2]);
    expect(values(g(x))).toEqual(values(g(x)));
    expect(values(g(x))).toEqual(values(tf.random.statelessUniform([2], [3, 4])));
  });

  it('errors as TensorFlow raises them', () => {
    expect(() => tf.random.statelessNormal([2], [1, 2], { alg: 'threefry' })).toThrow(/threefry.*not supported.*Unsupported algorithm id: 2/);
    expect(() => tf.random.statelessNormal([2], [1, 2], { alg: 'mersenne' as tf.RngAlgorithm })).toThrow(/unsupported value "mersenne"/);
    expect(() => tf.random.statelessUniform([2], [1, 2], { dtype: 'int32' })).toThrow(/minval and maxval must be both null or both given/);
    expect(() => tf.random.statelessUniform([2], [1, 2], { minval: null, maxval: 5, dtype: 'int32' })).toThrow(/both null or both given/);
    expect(tf.random.statelessUniform([2], [1, 2], { minval: null, dtype: 'int32' }).arraySync()).toEqual([1105988140, 1738052849]); // maxval defaults to None
    expect(() => tf.random.statelessUniform([2], [1, 2], { minval: 5, maxval: 5, dtype: 'int32' })).toThrow(/Need minval < maxval, got 5 >= 5/);
    expect(tf.random.statelessUniform([0], [1, 2], { minval: 5, maxval: 5, dtype: 'int32' }).shape).toEqual([0]); // the kernel never runs
    expect(() => tf.random.statelessUniform([2], [1, 2], { minval: 0.5, maxval: 5, dtype: 'int32' })).toThrow(/minval must be an int32 integer/);
    expect(() => tf.random.statelessUniform([2], [1, 2], { dtype: 'bool' })).toThrow(/dtype must be 'float32' or 'float64'/);
    expect(() => tf.random.statelessNormal([2], [1, 2, 3])).toThrow(/seed must be two integers/);
    expect(() => tf.random.statelessNormal([2], tf.constant([1, 2, 3], 'int32'))).toThrow(/seed must have shape \[2\], not \[3\]/);
    expect(() => tf.random.statelessNormal([2], tf.constant([1, 2]))).toThrow(/seed must be an int32 tensor/);
    expect(() => tf.random.statelessNormal([2], [1, 2], { seed: 3 } as never)).toThrow(/unknown option 'seed'/);
    expect(() => tf.random.statelessCategorical([[]], 2, [1, 2])).toThrow(/num_classes should be positive, got 0/);
    expect(() => tf.random.statelessCategorical([1, 2], 2, [1, 2])).toThrow(/logits should be a matrix/);
    expect(() => tf.random.statelessCategorical([[1, 2]], 2, [1, 2], { dtype: 'float32' })).toThrow(/dtype must be 'int32'/);
    expect(() => tf.random.experimental.statelessSplit([2 ** 40, 1])).toThrow(/int64 seed/);
    expect(() => tf.random.experimental.statelessFoldIn([1, 2], 2.5)).toThrow(/data must be an int32 integer/);
  });
});
