// TensorFlow 2's tf.zeros_initializer, ones_initializer, constant_initializer,
// random_normal_initializer and random_uniform_initializer against TF 2.21
// (test/fixtures/tf-initializers.json, written by scripts/tf_initializers_fixtures.py): seeded
// random initializers give TensorFlow's values bit for bit (stateless ops from [seed, 0]).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Case = { value: unknown; dtype: string; shape: number[] } | { error: string };
const F = JSON.parse(readFileSync(new URL('./fixtures/tf-initializers.json', import.meta.url), 'utf8')) as Record<string, Case> & {
  configs: Record<string, Record<string, unknown>>;
  same_seed_same_values: boolean;
};

/** The fixture's value, dtype and shape. */
function expectCase(t: tf.Tensor, name: string) {
  const c = F[name] as { value: unknown; dtype: string; shape: number[] };
  expect([t.arraySync(), t.dtype, t.shape], name).toEqual([c.value, c.dtype, c.shape]);
}
/** The fixture's dtype and shape, and each float32 value TensorFlow's, or off by what one float32
 * ulp of the standard normal draw becomes after `· stddev + mean` (two more roundings): TensorFlow's
 * float32 Box-Muller takes glibc's sincosf, which is sometimes one ulp from the correctly rounded
 * sine gradtape uses (seed [3, 0]'s first draw is such a case). All but one value are equal. */
function expectWithinUlp(t: tf.Tensor, name: string, mean = 0, stddev = 0.05) {
  const c = F[name] as { value: unknown; dtype: string; shape: number[] };
  expect([t.dtype, t.shape], name).toEqual([c.dtype, c.shape]);
  const want = (c.value as number[] | number[][]).flat() as number[];
  const got = Array.from(t.dataSync());
  const ulp = (v: number) => {
    const b = new Float32Array([Math.abs(v)]);
    const i = new Uint32Array(b.buffer);
    i[0]! += 1;
    return b[0]! - Math.abs(v);
  };
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}[${i}]`).toBeLessThanOrEqual(stddev * ulp((want[i]! - mean) / stddev) + 2 * ulp(want[i]!)));
  expect(got.filter((v, i) => v === want[i]).length, name).toBeGreaterThanOrEqual(got.length - 1);
}
/** The fixture's error message, without TensorFlow's exception class. */
const tfError = (name: string) => (F[name] as { error: string }).error.replace(/^\w+: /, '');

describe('zeros, ones and constant initializers', () => {
  it('values, dtypes (float32 by default, not floatx) and errors as TF 2.21', () => {
    expectCase(tf.zerosInitializer()([2, 3]), 'zeros');
    expectCase(tf.zerosInitializer()([2], 'int32'), 'zeros_int32');
    expectCase(tf.zerosInitializer()([2], 'bool'), 'zeros_bool');
    expectCase(tf.onesInitializer()([3], 'float64'), 'ones_float64');
    expect(() => tf.onesInitializer()([3], tf.string as never)).toThrow(tfError('ones_string'));
    tf.setFloatx('float64');
    try {
      expect(tf.zerosInitializer()([1]).dtype).toBe('float32');
    } finally {
      tf.setFloatx('float32');
    }
    expectCase(tf.constantInitializer(2.5)([2, 2]), 'constant_scalar');
    expectCase(tf.constantInitializer([1, 2, 3, 4])([2, 2]), 'constant_list');
    expectCase(tf.constantInitializer([1, 2, 3, 4])([4], 'float64'), 'constant_list_float64');
    expect(() => tf.constantInitializer([1, 2, 3])([2, 2])).toThrow(/Eager execution of tf.constant with unsupported shape.*3 elements, but got `shape` \(2, 2\) with 4 elements/);
    expect(() => tf.constantInitializer({ a: 1 } as never)).toThrow(/Invalid type for initial value/);
    expect(tf.constantInitializer([[7]])([2, 3]).arraySync()).toEqual([[7, 7, 7], [7, 7, 7]]); // one element fills, as TF's constant does
    expect(tf.constantInitializer(true)([2]).arraySync()).toEqual([true, true]);
    expect(tf.constantInitializer(new Float64Array([1, 2]))([2], 'float64').arraySync()).toEqual([1, 2]);
  });

  it('callable with or without new; getConfig as TensorFlow\'s', () => {
    const zeros = new tf.zerosInitializer();
    expect(zeros).toBeInstanceOf(tf.zerosInitializer);
    expect(tf.onesInitializer()).toBeInstanceOf(tf.onesInitializer);
    expect(zeros.getConfig()).toEqual(F.configs.zeros);
    expect(tf.constantInitializer([1, 2]).getConfig()).toEqual(F.configs.constant);
    expect(tf.randomNormalInitializer({ seed: 3 }).getConfig()).toEqual(F.configs.normal);
    expect(tf.randomUniformInitializer({ maxval: 2 }).getConfig()).toEqual(F.configs.uniform);
  });
});

describe('random initializers', () => {
  it('seeded: TensorFlow\'s values (uniform bit for bit; normal bit for bit in float64, within a float32 ulp in float32), the same at every call', () => {
    const normal = tf.randomNormalInitializer({ mean: 1, stddev: 2, seed: 3 });
    expectWithinUlp(normal([2, 3]), 'normal_seeded', 1, 2);
    expect(normal([2, 3]).arraySync()).toEqual(normal([2, 3]).arraySync());
    expectCase(tf.randomNormalInitializer(0, 0.05, 3)([4], 'float64'), 'normal_seeded_float64');
    expectWithinUlp(tf.randomNormalInitializer({ seed: 0 })([3]), 'normal_seed0');
    expectCase(tf.randomUniformInitializer({ minval: -1, maxval: 2, seed: 5 })([2, 3]), 'uniform_seeded');
    expectCase(tf.randomUniformInitializer({ seed: 5 })([4], 'float64'), 'uniform_seeded_float64');
    expectCase(tf.randomUniformInitializer(0, 10, 7)([6], 'int32'), 'uniform_int32');
    expect(F.same_seed_same_values).toBe(true);
  });

  it('dtype errors as TensorFlow\'s', () => {
    expect(() => tf.randomNormalInitializer({ seed: 1 })([2], 'int32')).toThrow(tfError('normal_int32').replace('floating point', 'floating point'));
    expect(() => tf.randomUniformInitializer({ seed: 1 })([2], 'bool')).toThrow(tfError('uniform_bool'));
    expect(() => tf.randomNormalInitializer({ seed: 1.5 })).toThrow(/seed must be an integer or null/);
    expect(() => tf.randomNormalInitializer({ sd: 1 } as never)).toThrow(/unknown option 'sd'/);
  });

  it('unseeded: the global generator\'s draws (tf.random.normal / uniform), other values at each call', () => {
    tf.random.setSeed(11);
    const a = tf.randomNormalInitializer(0, 1)([4]).arraySync();
    tf.random.setSeed(11);
    expect(tf.random.normal([4], { mean: 0, stddev: 1 }).arraySync()).toEqual(a);
    const init = tf.randomUniformInitializer(-1, 1);
    const first = init([2000]);
    expect(first.arraySync()).not.toEqual(init([2000]).arraySync());
    const values = Array.from(first.dataSync());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(values.reduce((s, v) => s + v, 0) / values.length)).toBeLessThan(0.06);
  });

  it('as a Keras layer\'s initializer', () => {
    const dense = new tf.keras.layers.Dense(2, { kernelInitializer: tf.constantInitializer([1, 2, 3, 4, 5, 6]) as never, biasInitializer: tf.onesInitializer() as never });
    expect(dense.apply(tf.ones([1, 3])).arraySync()).toEqual([[10, 13]]);
  });
});
