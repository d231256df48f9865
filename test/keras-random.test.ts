// tf.keras.random against Keras 3.15.1 with its TensorFlow backend, and the TensorFlow 2.21 ops
// under it (tf.random.experimental.statelessShuffle, tf.nn.experimental.statelessDropout), from
// test/fixtures/keras-random.json (scripts/keras_random_fixtures.py): bit for bit.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown';

type Value = number | 'NaN' | 'Infinity' | '-Infinity';
interface Fixed { dtype: string; shape: number[]; values: Value[] }
interface Case { fn: string; args: unknown[]; options: Record<string, unknown>; result?: Fixed; draws?: Fixed[]; state?: number[] }
const F = JSON.parse(readFileSync(new URL('./fixtures/keras-random.json', import.meta.url), 'utf8')) as {
  keras: string;
  tensorflow: string;
  cases: Case[];
  seed_generator: { state_dtype: string; config: { seed: number; name: string }; bad_seed: string };
  errors: Record<string, string | null>;
  stateless_shuffle: { value: Fixed; seed: number[]; result: Fixed }[];
  stateless_dropout: { x: Fixed; rate: number; seed: number[]; noise_shape: number[] | null; result: Fixed }[];
  dropout_of_infinity: Value[];
};

const num = (v: Value): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
/** A fixture tensor (Keras' int64 as int32: the values fit). */
const tensorOf = (f: Fixed): tf.Tensor => tf.reshape(tf.constant(f.values.map(num), (f.dtype === 'int64' ? 'int32' : f.dtype) as tf.DType), f.shape);
/** `t` equals the fixture's tensor: shape, dtype (int64 as int32) and values, bit for bit, or
 * within `ulps` units in the last place of the dtype at the size of the value plus `offset` (a
 * shifted draw's rounding is at the size of its terms). */
function expectFixed(t: tf.Tensor, f: Fixed, what: string, ulps = 0, offset = 0): void {
  expect(t.shape, what).toEqual(f.shape);
  expect(t.dtype, what).toBe(f.dtype === 'int64' ? 'int32' : f.dtype);
  const got = Array.from(t.dataSync() as ArrayLike<number>), want = f.values.map(num);
  if (ulps === 0) {
    expect(got, what).toEqual(want);
    return;
  }
  const unit = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 1)) - (t.dtype === 'float32' ? 23 : 52));
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${what}[${i}]: ${v} vs ${want[i]}`).toBeLessThanOrEqual(ulps * unit(Math.abs(want[i]!) + offset)));
}

/** The normal draws come from Box–Muller's log, sqrt, sin and cos: gradtape's (JavaScript's
 * double-precision functions, rounded) and the C library's TensorFlow calls (sincosf, logf, sin)
 * may part in the last bit of the standard draw, at a few values in a thousand; mean + stddev · z
 * then differs by at most stddev + 1 units in the last place of |result| + |mean| (4 here: stddev
 * <= 3). The other draws are compared bit for bit. */
const ULPS: Record<string, number> = { normal: 4, truncated_normal: 4 };

/** The fixture's arguments as gradtape takes them. */
function argsOf(c: Case): unknown[] {
  return c.args.map((a) => {
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
      const o = a as { ones?: number[]; range?: number; grid?: boolean };
      if (o.ones) return tf.ones(o.ones);
      if (o.range !== undefined) return tf.range(0, o.range, 1, 'float32');
      if (o.grid) return tf.reshape(tf.range(0, 12, 1, 'float32'), [4, 3]);
    }
    return a;
  });
}

const CAMEL: Record<string, string> = { truncated_normal: 'truncatedNormal' };
const run = (c: Case, seed: unknown): tf.Tensor => {
  const fn = (tf.keras.random as unknown as Record<string, (...a: unknown[]) => tf.Tensor>)[CAMEL[c.fn] ?? c.fn]!;
  return fn(...argsOf(c), { ...c.options, seed });
};

describe(`tf.keras.random equals Keras ${F.keras} (TensorFlow ${F.tensorflow} backend)`, () => {
  for (const c of F.cases) {
    const seed = c.options.seed as number | { generator: number };
    if (typeof seed === 'number') {
      it(`${c.fn} ${JSON.stringify(c.options)}`, () => expectFixed(run(c, seed), c.result!, c.fn, ULPS[c.fn], Math.abs((c.options.mean as number) ?? 0)));
    } else {
      it(`${c.fn} ${JSON.stringify(c.options)}: three draws from one SeedGenerator, and its state after them`, () => {
        const generator = new tf.keras.random.SeedGenerator(seed.generator);
        c.draws!.forEach((draw, i) => expectFixed(run(c, generator), draw, `${c.fn} draw ${i}`, ULPS[c.fn], Math.abs((c.options.mean as number) ?? 0)));
        expect(generator.state.arraySync()).toEqual(c.state);
      });
    }
  }

  it('an integer seed gives the same numbers at every call; no seed draws from a global generator', () => {
    expect(tf.keras.random.normal([4], { seed: 3 }).arraySync()).toEqual(tf.keras.random.normal([4], { seed: 3 }).arraySync());
    expect(tf.keras.random.normal([4]).arraySync()).not.toEqual(tf.keras.random.normal([4]).arraySync());
  });

  it('a SeedGenerator advances inside tf.function at every call, as its state variable is read and assigned live', () => {
    const generator = new tf.keras.random.SeedGenerator(7);
    const f = tf.function(() => tf.keras.random.uniform([3], { seed: generator }));
    const eager = new tf.keras.random.SeedGenerator(7);
    for (let i = 0; i < 3; i++) expect(f().arraySync()).toEqual(tf.keras.random.uniform([3], { seed: eager }).arraySync());
    expect(generator.state.arraySync()).toEqual([7, 3]);
    expect(f.experimentalGetTracingCount()).toBe(1);
  });

  it("SeedGenerator: Keras' config, its state's values, a non-integer seed refused as Keras refuses it", () => {
    expect(F.seed_generator.state_dtype).toBe('int64');
    const g = new tf.keras.random.SeedGenerator(5, 'mine');
    expect(g.getConfig()).toEqual({ seed: 5, name: 'mine' });
    expect(tf.keras.random.SeedGenerator.fromConfig(g.getConfig()).state.arraySync()).toEqual([5, 0]);
    expect(g.state.trainable).toBe(false);
    expect(new tf.keras.random.SeedGenerator().getConfig().seed).toBeNull();
    expect(F.seed_generator.bad_seed).toMatch(/^ValueError: Argument `seed` must be an integer/);
    const e = thrown(() => new tf.keras.random.SeedGenerator(1.5));
    expect([e.name, e.message]).toEqual(['ValueError', 'keras.random.SeedGenerator: Argument `seed` must be an integer. Received: seed=1.5']);
  });

  it("refuses what Keras refuses: a float dtype for randint, a seed that is not an integer or a SeedGenerator", () => {
    expect(F.errors['randint float dtype']).toMatch(/^ValueError: `keras.random.randint` requires an integer `dtype`/);
    expect(thrown(() => tf.keras.random.randint([2], 0, 3, { dtype: 'float32' }))).toMatchObject({ name: 'ValueError', message: expect.stringMatching(/requires an integer `dtype`/) });
    expect(F.errors['seed float']).toMatch(/^ValueError: Argument `seed` must be either an integer or an instance of `SeedGenerator`/);
    expect(thrown(() => tf.keras.random.normal([2], { seed: 1.5 }))).toMatchObject({ name: 'ValueError', message: expect.stringMatching(/must be either an integer or an instance of `SeedGenerator`/) });
    // Rate 1 is zeros (Keras' backend returns zeros_like), as the fixture's call did without error.
    expect(F.errors['dropout rate 1']).toBeNull();
    expect(tf.keras.random.dropout(tf.ones([3]), 1, { seed: 1 }).arraySync()).toEqual([0, 0, 0]);
  });
});

describe(`TensorFlow ${F.tensorflow}'s stateless ops under them`, () => {
  it('tf.random.experimental.statelessShuffle: the order for each seed, rows of a matrix too', () => {
    for (const c of F.stateless_shuffle) expectFixed(tf.random.experimental.statelessShuffle(tensorOf(c.value), c.seed), c.result, `seed ${c.seed}`);
  });

  it('tf.nn.experimental.statelessDropout: the mask for each seed, with noise shapes, float64, rate 0, and a dropped NaN or infinity as 0', () => {
    for (const c of F.stateless_dropout) {
      const y = tf.nn.experimental.statelessDropout(tensorOf(c.x), c.rate, c.seed, null, c.noise_shape);
      expectFixed(y, c.result, `rate ${c.rate} seed ${c.seed}`);
    }
  });

  it('statelessDropout and statelessShuffle compiled (tf.function) equal them eager, with a seed computed from the arguments, and give no gradient through the shuffle', () => {
    const f = (x: tf.Tensor, s: tf.Tensor) => [tf.nn.experimental.statelessDropout(x, 0.4, s), tf.random.experimental.statelessShuffle(x, s)];
    const compiled = tf.function(f);
    for (const seed of [[3, 4], [5, 6]]) {
      const x = tf.reshape(tf.range(1, 13, 1, 'float32'), [4, 3]), s = tf.constant(seed, 'int32');
      const [a, b] = f(x, s), [c, d] = compiled(x, s);
      expect(c!.arraySync()).toEqual(a!.arraySync());
      expect(d!.arraySync()).toEqual(b!.arraySync());
    }
    expect(compiled.experimentalGetTracingCount()).toBe(1);
    const v = new tf.Variable([1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.nn.experimental.statelessDropout(v, 0.5, [1, 0])));
    expect(tape.gradient(y, v)!.arraySync()).toEqual([2, 0, 2]); // TensorFlow: [2, 0, 2, 0] on [1, 2, 3, 4]
  });

  it('tf.nn.dropout drops with where(keep, x · scale, 0): a dropped infinity is 0, as in TensorFlow 2.21', () => {
    expect(F.dropout_of_infinity).toEqual([0, 'Infinity']);
    tf.random.setSeed(3);
    const y = Array.from(tf.nn.dropout(tf.fill([64], Infinity), 0.5).dataSync());
    expect(new Set(y)).toEqual(new Set([0, Infinity]));
  });
});
