// tf.random.Generator against the outputs TensorFlow publishes: its docstring
// (stateful_random_ops.py: from_seed(1234) and from_seed(123, alg="philox") with normal([2, 3]),
// and the state [1234, 0, 0] -> [2770, 0, 0] that draw leaves) and its random-numbers guide
// (tensorflow.org/guide/random_numbers: from_seed(1).normal([2, 3]); normal([]) twice, then again
// after reset_from_seed; split(3) and each new generator's normal([]), then the parent's; a
// generator used inside tf.function). The other distributions are checked against the stateless
// ops on the same Philox stream (test/stateless-random.test.ts checks those against TensorFlow).
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { Philox } from '../ts/stateless-random';
import { normalValues } from './philox-oracle';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
/** float32 values as numpy prints them (the shortest digits that identify the float32), exactly. */
function expectPrinted(t: tf.Tensor, printed: number[]): void {
  const actual = values(t);
  expect(t.dtype).toBe('float32');
  expect(actual.map((v, i) => (Math.fround(printed[i]!) === v ? printed[i] : v))).toEqual(printed);
}
/** The same within `ulps` float32 units in the last place: normals take sin, cos and log from
 * the platform, and TensorFlow's own printed outputs differ by one unit between its runs (the
 * guide prints the first normal of fromSeed(1) as 0.43842277, and as 0.43842274 in another
 * example; gradtape's is 0.43842274). */
function expectPrintedWithin(t: tf.Tensor, printed: number[], ulps: number): void {
  expect(t.dtype).toBe('float32');
  const actual = values(t);
  expect(actual).toHaveLength(printed.length);
  actual.forEach((v, i) => {
    const want = Math.fround(printed[i]!);
    const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 23);
    expect(Math.abs(v - want) / ulp, `value ${i}: ${v} against ${printed[i]}`).toBeLessThanOrEqual(ulps);
  });
}

describe('tf.random.Generator: TensorFlow published outputs', () => {
  it('fromSeed(1234).normal([2, 3]) and the state the draw leaves (docstring)', () => {
    const g = tf.random.Generator.fromSeed(1234);
    expect(g.state).toEqual([1234n, 0n, 0n]);
    const z = g.normal([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expectPrinted(z, [0.9356609, 1.0854305, -0.93788373, -0.5061547, 1.3169702, 0.7137579]);
    expect(g.state).toEqual([2770n, 0n, 0n]); // 1234 + 6 values · 256 calls
  });

  it("fromSeed(123, 'philox').normal([2, 3]) (docstring)", () => {
    expectPrinted(tf.random.Generator.fromSeed(123, 'philox').normal([2, 3]), [0.8673864, -0.29899067, -0.9310337, -1.5828488, 1.2481191, -0.6770643]);
  });

  it('fromSeed(1): normal([2, 3]); normal([]) twice, and again after resetFromSeed (guide)', () => {
    expectPrintedWithin(tf.random.Generator.fromSeed(1).normal([2, 3]), [0.43842277, -0.53439844, -0.07710262, 1.5658045, -0.1012345, -0.2744976], 1);
    const g = tf.random.Generator.fromSeed(1);
    expectPrintedWithin(g.normal([]), [0.43842277], 1);
    expectPrinted(g.normal([]), [1.6272374]);
    g.resetFromSeed(1);
    expectPrintedWithin(g.normal([]), [0.43842277], 1);
  });

  it('split(3): each new generator, then the parent (guide)', () => {
    const g = tf.random.Generator.fromSeed(1);
    expectPrintedWithin(g.normal([]), [0.43842277], 1);
    const parts = g.split(3);
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.state.slice(0, 2)).toEqual([0n, 0n]); // a new key, its counter at 0
    expectPrinted(tf.concat(parts.map((p) => p.normal([1])), 0), [2.536413, 0.33186463, -0.07144657]);
    expectPrinted(g.normal([]), [-0.79253083]);
  });

  it('inside tf.function each call draws again from the state it finds (guide)', () => {
    const g = tf.random.Generator.fromSeed(1);
    const foo = tf.function(() => g.normal([]));
    expectPrintedWithin(foo(), [0.43842277], 1);
    expectPrinted(foo(), [1.6272374]);
    expect(values(foo())).toEqual(values(tf.random.Generator.fromKeyCounter(0, [1 + 2 * 256, 0]).normal([])));
    expect(g.state).toEqual([1n + 3n * 256n, 0n, 0n]);
  });
});

describe('tf.random.Generator: state and distributions', () => {
  it('a draw of n values runs the Philox stream of the state, then adds 256·n to the counter', () => {
    const g = tf.random.Generator.fromKeyCounter(77, [5, 9]);
    expect(g.state).toEqual([5n, 9n, 77n]);
    expect(g.key).toBe(77n);
    expect(g.algorithm).toBe(1);
    const z = g.normal([5], { dtype: 'float64' });
    const stream = new Philox([77, 0], [5, 0, 9, 0]);
    expect(values(z)).toEqual(Array.from(normalValues(stream, 5, 'float64')));
    expect(g.state).toEqual([5n + 5n * 256n, 9n, 77n]);
    // The counter carries into its high word, and skip(n) advances as a draw of n values does.
    const h = tf.random.Generator.fromState([(1n << 64n) - 256n, 0n, 3n]);
    h.skip(2);
    expect(h.state).toEqual([256n, 1n, 3n]);
    const twin = tf.random.Generator.fromState([(1n << 64n) - 256n, 0n, 3n]);
    twin.uniform([2]);
    expect(twin.state).toEqual(h.state);
  });

  it('uniform, truncatedNormal and uniformFullInt draw what the stateless ops draw from the same stream', () => {
    // statelessUniform of seed s runs the stream of key/counter GenerateKey(s); a generator
    // started at that key and counter draws the same values.
    const seed: [number, number] = [11, 12];
    const [key, c0, c1] = keyCounterOf(seed);
    const cases: [(g: tf.random.Generator) => tf.Tensor, () => tf.Tensor][] = [
      [(g) => g.uniform([7], { minval: -2, maxval: 3 }), () => tf.random.statelessUniform([7], seed, { minval: -2, maxval: 3 })],
      [(g) => g.uniform([5], { dtype: 'float64' }), () => tf.random.statelessUniform([5], seed, { dtype: 'float64' })],
      [(g) => g.uniform([9], { minval: -5, maxval: 40, dtype: 'int32' }), () => tf.random.statelessUniform([9], seed, { minval: -5, maxval: 40, dtype: 'int32' })],
      [(g) => g.uniformFullInt([6]), () => tf.random.statelessUniform([6], seed, { minval: null, maxval: null, dtype: 'int32' })],
      [(g) => g.uniform([6], { minval: null, maxval: null, dtype: 'int32' }), () => tf.random.statelessUniform([6], seed, { minval: null, maxval: null, dtype: 'int32' })],
      [(g) => g.truncatedNormal([11], { mean: 1, stddev: 0.5 }), () => tf.random.statelessTruncatedNormal([11], seed, { mean: 1, stddev: 0.5 })],
      [(g) => g.normal([3, 2], { mean: -1, stddev: 3, dtype: 'float64' }), () => tf.random.statelessNormal([3, 2], seed, { mean: -1, stddev: 3, dtype: 'float64' })],
    ];
    for (const [draw, stateless] of cases) {
      const g = tf.random.Generator.fromKeyCounter(key, [c0, c1]);
      const a = draw(g);
      const b = stateless();
      expect(a.dtype).toBe(b.dtype);
      expect(a.shape).toEqual(b.shape);
      expect(values(a)).toEqual(values(b));
    }
  });

  it('copies, resets and the global generator', () => {
    const g = tf.random.Generator.fromSeed(5);
    g.normal([3]);
    const copy = new tf.random.Generator({ copyFrom: g });
    expect(values(copy.normal([4]))).toEqual(values(g.normal([4])));
    g.reset([1, 2, 3]);
    expect(g.state).toEqual([1n, 2n, 3n]);
    g.resetFromKeyCounter(9, [4, 0]);
    expect(g.state).toEqual([4n, 0n, 9n]);
    // Seeds: a negative one in two's complement (its higher words all ones); a list padded with
    // zeros on the left and cut to three words, as TensorFlow's _make_1d_state does
    // (from_seed([1]).state is [0, 0, 1]).
    expect(tf.random.Generator.fromSeed(-1).state).toEqual([-1n, -1n, -1n]);
    expect(tf.random.Generator.fromSeed(2n ** 64n + 7n).state).toEqual([7n, 1n, 0n]);
    expect(tf.random.Generator.fromSeed([1]).state).toEqual([0n, 0n, 1n]);
    expect(tf.random.Generator.fromSeed([3, 4]).state).toEqual([0n, 3n, 4n]);
    expect(tf.random.Generator.fromSeed([5, 6, 7, 8]).state).toEqual([5n, 6n, 7n]);
    g.resetFromSeed([2]);
    expect(g.state).toEqual([0n, 0n, 2n]);
    const global = tf.random.getGlobalGenerator();
    expect(tf.random.getGlobalGenerator()).toBe(global);
    tf.random.setGlobalGenerator(g);
    expect(tf.random.getGlobalGenerator()).toBe(g);
    expect(tf.random.experimental.Generator).toBe(tf.random.Generator);
    // Two nondeterministic generators differ.
    const [a, b] = [tf.random.Generator.fromNonDeterministicState(), tf.random.Generator.fromNonDeterministicState()];
    expect(a.state).not.toEqual(b.state);
  });

  it('refuses bad arguments with messages that say what is expected', () => {
    const g = tf.random.Generator.fromSeed(1);
    expect(() => tf.random.Generator.fromSeed(1.5)).toThrow(/seed must be an integer/);
    expect(() => tf.random.Generator.fromSeed(1, 'threefry')).toThrow(/threefry/);
    expect(() => tf.random.Generator.fromState([1, 2])).toThrow(/three int64 words/);
    expect(() => tf.random.Generator.fromKeyCounter(1, [1])).toThrow(/two int64 words/);
    expect(() => new tf.random.Generator()).toThrow(/state or copyFrom/);
    expect(() => g.uniform([2], { dtype: 'int32' })).toThrow(/both null or both given/);
    expect(() => g.uniform([2], { minval: 3, maxval: 3, dtype: 'int32' })).toThrow(/Need minval < maxval/);
    expect(() => g.uniformFullInt([2], 'float32')).toThrow(/int32/);
    expect(() => g.normal([2], { dtype: 'int32' })).toThrow(/float32' or 'float64'/);
    expect(() => g.normal([2], { seed: 3 } as never)).toThrow(/seed/);
    expect(() => g.skip(0.5)).toThrow(/integer/);
    expect(() => tf.random.setGlobalGenerator({} as never)).toThrow(/Generator/);
    // Nothing was drawn by the refused calls.
    expect(g.state).toEqual([1n, 0n, 0n]);
  });

  it('leaves no tensors behind but what it returns', () => {
    const g = tf.random.Generator.fromSeed(3);
    const before = tf.memory().numTensors;
    const drawn = [g.normal([4]), g.uniform([3]), g.truncatedNormal([2]), g.uniformFullInt([2]), ...g.split(2).map((p) => p.normal([2]))];
    const used = tf.tidy(() => tf.addN(drawn.slice(0, 3).map((t) => tf.reduceSum(t))));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    for (const t of [...drawn, used]) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** GenerateKey(seed): the key and counter words the stateless ops start from (stateless_random_ops.cc). */
function keyCounterOf(seed: [number, number]): [bigint, bigint, bigint] {
  // Philox of the seed's words under a fixed key: words m; key [m0, m1], counter [0, 0, m2, m3].
  const g = new Philox([0x3ec8f720, 0x02461e29], [seed[0] >>> 0, 0, seed[1] >>> 0, 0]);
  const m = Array.from(g.next());
  const pair = (lo: number, hi: number) => BigInt(lo) | (BigInt(hi) << 32n);
  return [pair(m[0]!, m[1]!), 0n, pair(m[2]!, m[3]!)];
}
