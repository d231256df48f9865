// tf.keras.initializers (ts/initializers.ts) against Keras 3's definitions: constants, the fans of
// a kernel, VarianceScaling's variance scale / n in its three distributions (sample moments and
// bounds of large draws), the named scalings, Orthogonal's orthonormality, seeds (the same values
// at every call), get(), getConfig(), and the errors.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const I = tf.keras.initializers;

/** Mean, variance and largest magnitude of a tensor's values. */
function moments(t: tf.Tensor): { mean: number; variance: number; max: number } {
  const v = t.dataSync();
  let sum = 0, sq = 0, max = 0;
  for (const x of v) (sum += x), (sq += x * x), (max = Math.max(max, Math.abs(x)));
  const mean = sum / v.length;
  return { mean, variance: sq / v.length - mean * mean, max };
}

describe('constants', () => {
  it('Zeros, Ones, Constant and Identity, in the default float or the dtype given', () => {
    expect(new I.Zeros()([2, 2]).arraySync()).toEqual([[0, 0], [0, 0]]);
    const ones = new I.Ones()([3], 'int32');
    expect([ones.dtype, ones.arraySync()]).toEqual(['int32', [1, 1, 1]]);
    const c = new I.Constant({ value: 0.25 })([2], 'float64');
    expect([c.dtype, c.arraySync()]).toEqual(['float64', [0.25, 0.25]]);
    expect(new I.Identity({ gain: 3 })([2, 3]).arraySync()).toEqual([[3, 0, 0], [0, 3, 0]]);
    expect(new I.Identity()([3, 2]).arraySync()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(new I.Zeros()([2]).dtype).toBe('float32');
    // An initializer is a function, and `call` is the same thing.
    const init = new I.Constant({ value: 2 });
    expect(init.call([1]).arraySync()).toEqual(init([1]).arraySync());
  });
});

describe('variance scaling', () => {
  it('fans as Keras computes them: a kernel [...receptive field, in, out]', () => {
    // A large draw's variance is scale / n, n the fan the mode names.
    const cases: [tf.keras.initializers.Initializer, number[], number][] = [
      [new I.GlorotUniform({ seed: 1 }), [300, 200], 1 / 250],
      [new I.GlorotNormal({ seed: 2 }), [300, 200], 1 / 250],
      [new I.HeUniform({ seed: 3 }), [3, 3, 16, 64], 2 / 144],
      [new I.HeNormal({ seed: 4 }), [3, 3, 16, 64], 2 / 144],
      [new I.LecunUniform({ seed: 5 }), [400, 100], 1 / 400],
      [new I.LecunNormal({ seed: 6 }), [400, 100], 1 / 400],
      [new I.VarianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 7 }), [100, 500], 3 / 500],
      [new I.VarianceScaling({ scale: 0.5, mode: 'fan_avg', distribution: 'uniform', seed: 8 }), [5, 5, 20, 30], 0.5 / 625],
    ];
    for (const [init, shape, variance] of cases) {
      const m = moments(init(shape, 'float64'));
      const label = `${init.constructor.name} [${shape}]`;
      expect(Math.abs(m.mean), label).toBeLessThan(4 * Math.sqrt(variance / 60000));
      expect(Math.abs(m.variance / variance - 1), label).toBeLessThan(0.03);
      const config = init.getConfig() as { distribution?: string };
      const distribution = config.distribution ?? (init.constructor.name.endsWith('Uniform') ? 'uniform' : 'truncated_normal');
      // Uniform values stay within ±√(3 variance); truncated ones within two of the pre-truncation stddev.
      if (distribution === 'uniform') expect(m.max, label).toBeLessThanOrEqual(Math.sqrt(3 * variance));
      if (distribution === 'truncated_normal') expect(m.max, label).toBeLessThanOrEqual((2 * Math.sqrt(variance)) / 0.87962566103423978);
    }
  });

  it('a vector or scalar shape: its length (or 1) for both fans', () => {
    const m = moments(new I.VarianceScaling({ scale: 50, distribution: 'uniform', seed: 1 })([50000], 'float64'));
    expect(Math.abs(m.variance / (50 / 50000) - 1)).toBeLessThan(0.03);
    expect(new I.HeNormal({ seed: 1 })([]).shape).toEqual([]);
  });

  it('RandomNormal, RandomUniform and TruncatedNormal with Keras 3 defaults', () => {
    const n = moments(new I.RandomNormal({ seed: 1 })([40000], 'float64'));
    expect(Math.abs(n.variance / 0.05 ** 2 - 1)).toBeLessThan(0.03);
    const u = moments(new I.RandomUniform({ seed: 2 })([40000], 'float64'));
    expect(u.max).toBeLessThanOrEqual(0.05);
    const t = moments(new I.TruncatedNormal({ mean: 1, stddev: 0.1, seed: 3 })([40000], 'float64'));
    expect(Math.abs(t.mean - 1)).toBeLessThan(0.002);
    expect(t.max).toBeLessThanOrEqual(1.2);
  });
});

describe('Orthogonal', () => {
  it('orthonormal columns (tall) or rows (wide), times the gain; kernels flattened to [rows, last dim]', () => {
    const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const close = (a: tf.Tensor, b: number[][]) => expect(Math.max(...(tf.sub(a, b).abs().dataSync() as Float64Array))).toBeLessThan(1e-12);
    const tall = new I.Orthogonal({ seed: 1 })([6, 4], 'float64');
    close(tf.matmul(tall, tall, true, false), eye(4));
    const wide = new I.Orthogonal({ gain: 2, seed: 2 })([3, 5], 'float64');
    close(tf.matmul(wide, wide, false, true), eye(3).map((r) => r.map((v) => 4 * v)));
    const kernel = new I.Orthogonal({ seed: 3 })([2, 2, 3, 4], 'float64');
    expect(kernel.shape).toEqual([2, 2, 3, 4]);
    const flat = kernel.reshape([12, 4]);
    close(tf.matmul(flat, flat, true, false), eye(4));
  });
});

describe('seeds, get and configs', () => {
  it('an initializer gives the same values at every call (Keras 3); two unseeded ones differ', () => {
    const seeded = new I.GlorotUniform({ seed: 42 });
    expect(seeded([4, 3]).arraySync()).toEqual(seeded([4, 3]).arraySync());
    expect(new I.GlorotUniform({ seed: 42 })([4, 3]).arraySync()).toEqual(seeded([4, 3]).arraySync());
    const unseeded = new I.GlorotUniform();
    expect(unseeded([4, 3]).arraySync()).toEqual(unseeded([4, 3]).arraySync());
    expect(new I.GlorotUniform()([4, 3]).arraySync()).not.toEqual(unseeded([4, 3]).arraySync());
    const o = new I.Orthogonal({ seed: 5 });
    expect(o([3, 3]).arraySync()).toEqual(o([3, 3]).arraySync());
  });

  it('get: by Keras name or class name; initializers and functions as they are', () => {
    expect(I.get('glorot_uniform')).toBeInstanceOf(I.GlorotUniform);
    expect(I.get('HeNormal')).toBeInstanceOf(I.HeNormal);
    expect(I.get('zeros')).toBeInstanceOf(I.Zeros);
    // Keras' aliases (keras/src/initializers/__init__.py): 'uniform' is Embedding's default.
    expect([I.get('uniform'), I.get('normal'), I.get('one'), I.get('zero')].map((i) => i!.constructor.name)).toEqual(['RandomUniform', 'RandomNormal', 'Ones', 'Zeros']);
    const mine = new I.Constant({ value: 1 });
    expect(I.get(mine)).toBe(mine);
    expect(I.get(null)).toBe(null);
    expect(() => I.get('glorot')).toThrow(/keras.initializers.get: unknown initializer 'glorot'; known: zeros, ones/);
  });

  it('getConfig makes the initializer again', () => {
    for (const init of [new I.VarianceScaling({ scale: 2, mode: 'fan_avg', distribution: 'uniform', seed: 3 }), new I.HeUniform({ seed: 4 }), new I.RandomNormal({ stddev: 1, seed: 9 }), new I.Orthogonal({ gain: 0.5, seed: 1 })]) {
      const Cls = init.constructor as new (o: unknown) => tf.keras.initializers.Initializer;
      const again = new Cls(init.getConfig());
      expect(again([5, 4]).arraySync()).toEqual(init([5, 4]).arraySync());
    }
    expect(new I.HeUniform({ seed: 4 }).getConfig()).toEqual({ seed: 4 });
  });

  it('makes variables that train', () => {
    const w = new tf.Variable(new I.GlorotUniform({ seed: 1 })([2, 1]));
    const x = tf.constant([[1, 2], [3, 4]]), y = tf.constant([[5], [11]]);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    for (let i = 0; i < 2000; i++) opt.minimize(() => tf.reduceMean(tf.square(tf.sub(tf.matmul(x, w), y))), [w]);
    expect(Array.from(w.dataSync(), (v) => Number(v.toFixed(2)))).toEqual([1, 2]);
  });
});

describe('errors', () => {
  it.each([
    ['an option of another initializer', () => new I.GlorotUniform({ scale: 2 } as never), /keras.initializers.GlorotUniform: unknown option 'scale'/],
    ['mode', () => new I.VarianceScaling({ mode: 'fan' as never }), /VarianceScaling: mode must be one of 'fan_in', 'fan_out', 'fan_avg', got "fan"/],
    ['distribution', () => new I.VarianceScaling({ distribution: 'gamma' as never }), /distribution must be one of 'truncated_normal', 'untruncated_normal', 'uniform'/],
    ['scale', () => new I.VarianceScaling({ scale: 0 }), /VarianceScaling: scale must be positive, got 0/],
    ['seed', () => new I.RandomNormal({ seed: 1.5 }), /RandomNormal: `seed` argument should be an integer or an instance of `keras.random.SeedGenerator`, got 1.5/],
    ['an integer dtype for random values', () => new I.HeNormal()([2, 2], 'int32'), /HeNormal: dtype must be a float dtype, got 'int32'/],
    ['Identity of a vector', () => new I.Identity()([3]), /Identity: the identity matrix initializer can only be used for 2D matrices/],
    ['Orthogonal of a vector', () => new I.Orthogonal()([3]), /Orthogonal: the tensor to initialize must be at least two-dimensional/],
    ['a bad shape', () => new I.GlorotUniform()([2, -1]), /keras.initializers.GlorotUniform: shape/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});
