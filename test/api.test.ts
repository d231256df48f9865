// The public API of the built package: creation, dtype rules, Tensor properties and data access,
// printing, Variables, chainable ops with hand-computed values, and the memory API.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const flat = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-6) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= atol * Math.max(1, Math.abs(expected[i]!)))) {
      throw new Error(`[${i}]: got ${actual[i]}, expected ${expected[i]}; actual ${JSON.stringify(Array.from(actual))}`);
    }
  }
}

afterEach(() => {
  // Tests that change the default float must not leak it into the next test.
  tf.keras.backend.setFloatx('float32');
});

describe('creation', () => {
  it('constant from a number, nested arrays and an explicit dtype', () => {
    const s = tf.constant(7);
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe('float32');
    expect(s.numpy()).toBe(7);

    const m = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.dtype).toBe('float32');
    expect(m.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);

    const d = tf.constant([[[1], [2]]], 'float64');
    expect(d.shape).toEqual([1, 2, 1]);
    expect(d.dtype).toBe('float64');
    expect(d.dataSync()).toBeInstanceOf(Float64Array);

    const i = tf.constant([1, -2, 3], 'int32');
    expect(i.dtype).toBe('int32');
    expect(i.dataSync()).toBeInstanceOf(Int32Array);
    expect(flat(i)).toEqual([1, -2, 3]);

    // float32 rounding of a JS number is visible; float64 keeps it.
    expect(tf.constant(0.1).item()).toBe(Math.fround(0.1));
    expect(tf.constant(0.1, 'float64').item()).toBe(0.1);

    // An empty array is a shape-(0,) tensor.
    const e = tf.constant([]);
    expect(e.shape).toEqual([0]);
    expect(e.size).toBe(0);
  });

  it('constant from typed arrays keeps their dtype and copies the data', () => {
    const f32 = new Float32Array([1.5, 2.5]);
    const f64 = new Float64Array([0.1, 0.2]);
    const i32 = new Int32Array([7, -8, 9]);
    const a = tf.constant(f32);
    const b = tf.constant(f64);
    const c = tf.constant(i32);
    expect([a.dtype, b.dtype, c.dtype]).toEqual(['float32', 'float64', 'int32']);
    expect(a.shape).toEqual([2]);
    expect(c.shape).toEqual([3]);
    expect(b.dataSync()).toBeInstanceOf(Float64Array);
    expect(flat(b)).toEqual([0.1, 0.2]);
    // Copied: mutating the source afterwards does not change the tensor.
    f32[0] = 100;
    i32[0] = 100;
    expect(flat(a)).toEqual([1.5, 2.5]);
    expect(flat(c)).toEqual([7, -8, 9]);
    // An explicit dtype overrides the array's type.
    const d = tf.constant(new Int32Array([1, 2]), 'float64');
    expect(d.dtype).toBe('float64');
    expect(flat(d)).toEqual([1, 2]);
  });

  it('constant of a tensor returns a tensor with that value (cast when a dtype is given)', () => {
    const t = tf.constant([1.5, 2.5]);
    expect(flat(tf.constant(t))).toEqual([1.5, 2.5]);
    const c = tf.constant(t, 'float64');
    expect(c.dtype).toBe('float64');
    expect(flat(c)).toEqual([1.5, 2.5]);
  });

  it('zeros, ones, fill, zerosLike, onesLike', () => {
    const z = tf.zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe('float32');
    expect(flat(z)).toEqual([0, 0, 0, 0, 0, 0]);
    const o = tf.ones([3], 'int32');
    expect(o.dtype).toBe('int32');
    expect(flat(o)).toEqual([1, 1, 1]);
    const f = tf.fill([2, 2], 2.5, 'float64');
    expect(f.dtype).toBe('float64');
    expect(f.arraySync()).toEqual([[2.5, 2.5], [2.5, 2.5]]);
    expect(tf.zeros([]).shape).toEqual([]);
    expect(tf.zeros([0, 3]).size).toBe(0);

    const src = tf.constant([[1, 2], [3, 4], [5, 6]], 'int32');
    const zl = tf.zerosLike(src);
    const ol = tf.onesLike(src);
    expect([zl.shape, zl.dtype]).toEqual([[3, 2], 'int32']);
    expect([ol.shape, ol.dtype]).toEqual([[3, 2], 'int32']);
    expect(flat(zl)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(flat(ol)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(tf.onesLike(src, 'float64').dtype).toBe('float64');
    // Works on variables too.
    expect(tf.onesLike(new tf.Variable([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('random.normal: shape, dtype and statistics', () => {
    const t = tf.random.normal([200, 100], { mean: 2, stddev: 3 });
    expect(t.shape).toEqual([200, 100]);
    expect(t.dtype).toBe('float32');
    const d = t.dataSync();
    let s = 0, s2 = 0;
    for (const x of d) s += x;
    const mean = s / d.length;
    for (const x of d) s2 += (x - mean) ** 2;
    const sd = Math.sqrt(s2 / d.length);
    // 20,000 samples: the standard error of the mean is 3/141 = 0.021.
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    expect(Math.abs(sd - 3)).toBeLessThan(0.1);
    // Roughly 68% within one standard deviation.
    const within = Array.from(d).filter((x) => Math.abs(x - 2) < 3).length / d.length;
    expect(within).toBeGreaterThan(0.66);
    expect(within).toBeLessThan(0.70);
    expect(tf.random.normal([3, 1]).shape).toEqual([3, 1]);
    expect(tf.random.normal([4], { dtype: 'float64' }).dtype).toBe('float64');
    expect(tf.random.normal([]).shape).toEqual([]);
  });

  it('random.uniform: range, shape, dtype and statistics', () => {
    const t = tf.random.uniform([10000], { minval: -2, maxval: 4 });
    expect(t.shape).toEqual([10000]);
    expect(t.dtype).toBe('float32');
    const d = Array.from(t.dataSync() as ArrayLike<number>);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...d)).toBeLessThan(4);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.1); // se = 6/sqrt(12)/100 = 0.017
    const def = Array.from(tf.random.uniform([1000]).dataSync() as ArrayLike<number>);
    expect(Math.min(...def)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...def)).toBeLessThan(1);
    const ints = tf.random.uniform([1000], { minval: 0, maxval: 5, dtype: 'int32' });
    expect(ints.dtype).toBe('int32');
    const iv = Array.from(ints.dataSync() as ArrayLike<number>);
    expect(iv.every((x) => Number.isInteger(x) && x >= 0 && x < 5)).toBe(true);
    expect(new Set(iv).size).toBe(5);
  });

  it('random.setSeed makes a series of random calls reproducible', () => {
    tf.random.setSeed(1234);
    const a1 = flat(tf.random.normal([5]));
    const a2 = flat(tf.random.uniform([5]));
    tf.random.setSeed(1234);
    const b1 = flat(tf.random.normal([5]));
    const b2 = flat(tf.random.uniform([5]));
    expect(b1).toEqual(a1);
    expect(b2).toEqual(a2);
    // Successive calls differ; another global seed gives other values.
    tf.random.setSeed(1234);
    const c1 = flat(tf.random.normal([5]));
    const c2 = flat(tf.random.normal([5]));
    expect(c2).not.toEqual(c1);
    tf.random.setSeed(99);
    expect(flat(tf.random.normal([5]))).not.toEqual(a1);
  });

  it("op seeds: as in TensorFlow, the same op seed continues its kernel's stream (A1, then A2) until setSeed starts it again; another seed gives other values", () => {
    tf.random.setSeed(3);
    const a = flat(tf.random.normal([4], { seed: 5 }));
    const b = flat(tf.random.normal([4], { seed: 5 }));
    const c = flat(tf.random.normal([4], { seed: 6 }));
    expect(b).not.toEqual(a);
    expect(c).not.toEqual(a);
    tf.random.setSeed(3);
    expect(flat(tf.random.normal([4], { seed: 5 }))).toEqual(a);
    expect(flat(tf.random.normal([4], { seed: 5 }))).toEqual(b);
    const u1 = flat(tf.random.uniform([4], { seed: 7 }));
    tf.random.setSeed(3);
    expect(flat(tf.random.uniform([4], { seed: 7 }))).toEqual(u1);
  });

  it('math.polyval([1.0, 2.5, -4.2], 5.0) is 33.3 in float32 (highest power first)', () => {
    const p = tf.math.polyval([1.0, 2.5, -4.2], 5.0);
    expect(p.dtype).toBe('float32');
    expect(p.shape).toEqual([]);
    expect(p.item()).toBeCloseTo(33.3, 4);
    expect(String(p)).toBe('tf.Tensor(33.3, shape=(), dtype=float32)');
    // Element-wise over a tensor, and with tensor coefficients.
    const x = tf.constant([0, 1, 2, -1], 'float64');
    expect(flat(tf.math.polyval([1, 2, 3], x))).toEqual([3, 6, 11, 2]);
    const c = [tf.constant(2, 'float64'), tf.constant(0, 'float64'), tf.constant(-1, 'float64')];
    expect(flat(tf.math.polyval(c, x))).toEqual([-1, 1, 7, 1]);
  });

  it('concat along each axis', () => {
    const a = tf.constant([[1, 2], [3, 4]]);
    const b = tf.constant([[5, 6]]);
    const c0 = tf.concat([a, b], 0);
    expect(c0.shape).toEqual([3, 2]);
    expect(c0.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const c1 = tf.concat([a, tf.constant([[7], [8]])], 1);
    expect(c1.shape).toEqual([2, 3]);
    expect(c1.arraySync()).toEqual([[1, 2, 7], [3, 4, 8]]);
    const cneg = tf.concat([a, a], -1);
    expect(cneg.arraySync()).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
    expect(flat(tf.concat([tf.constant([1]), tf.constant([2, 3])], 0))).toEqual([1, 2, 3]);
    expect(tf.concat([tf.constant([1], 'int32'), tf.constant([2], 'int32')], 0).dtype).toBe('int32');
  });

  it('cast between dtypes; float to int32 truncates toward zero', () => {
    const f = tf.constant([1.7, -1.7, 2.5, -0.5, 3]);
    const i = tf.cast(f, 'int32');
    expect(i.dtype).toBe('int32');
    expect(flat(i)).toEqual([1, -1, 2, 0, 3]);
    const back = tf.cast(tf.constant([1, 2], 'int32'), 'float64');
    expect(back.dtype).toBe('float64');
    expect(flat(back)).toEqual([1, 2]);
    const down = tf.cast(tf.constant([0.1], 'float64'), 'float32');
    expect(down.dtype).toBe('float32');
    expect(down.item()).toBe(Math.fround(0.1));
    // Same dtype: same values.
    expect(flat(tf.cast(f, 'float32'))).toEqual(flat(f));
    expect(f.cast('float64').dtype).toBe('float64');
  });
});

describe('dtype rules', () => {
  it('plain JS numbers become float32', () => {
    expect(tf.constant([1, 2, 3]).dtype).toBe('float32');
    expect(tf.constant(1).dtype).toBe('float32');
    expect(new tf.Variable([0, 0]).dtype).toBe('float32');
    expect(tf.zeros([2]).dtype).toBe('float32');
    expect(tf.keras.backend.floatx()).toBe('float32');
  });

  it('tf.keras.backend.setFloatx("float64") changes the default float', () => {
    tf.keras.backend.setFloatx('float64');
    try {
      expect(tf.keras.backend.floatx()).toBe('float64');
      expect(tf.constant([1, 2]).dtype).toBe('float64');
      expect(tf.zeros([2]).dtype).toBe('float64');
      expect(tf.ones([2]).dtype).toBe('float64');
      expect(tf.fill([2], 3).dtype).toBe('float64');
      expect(tf.random.normal([2]).dtype).toBe('float64');
      expect(tf.random.uniform([2]).dtype).toBe('float64');
      expect(new tf.Variable(1).dtype).toBe('float64');
      expect(tf.constant(0.1).item()).toBe(0.1);
      // Explicit dtypes still win.
      expect(tf.constant([1], 'float32').dtype).toBe('float32');
    } finally {
      tf.keras.backend.setFloatx('float32');
    }
    expect(tf.constant([1]).dtype).toBe('float32');
    // The top-level alias does the same.
    tf.setFloatx('float64');
    expect(tf.floatx()).toBe('float64');
    expect(tf.constant(1).dtype).toBe('float64');
    tf.setFloatx('float32');
    expect(() => tf.keras.backend.setFloatx('int32' as never)).toThrow(/float32.*float64|float64.*float32/);
  });

  it('binary ops on two different dtypes throw, naming both and suggesting tf.cast', () => {
    const i = tf.constant([1, 2], 'int32');
    const f = tf.constant([1, 2]);
    const d = tf.constant([1, 2], 'float64');
    for (const [x, y, a, b] of [[i, f, 'int32', 'float32'], [f, d, 'float32', 'float64'], [d, i, 'float64', 'int32']] as const) {
      for (const op of [tf.add, tf.sub, tf.mul, tf.pow] as const) {
        let msg = '';
        try {
          op(x, y);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          msg = (e as Error).message;
        }
        expect(msg).toContain(a);
        expect(msg).toContain(b);
        expect(msg).toMatch(/tf\.cast/);
      }
    }
    expect(() => tf.matmul(tf.constant([[1]], 'int32'), tf.constant([[1]]))).toThrow(/int32[\s\S]*float32[\s\S]*tf\.cast/);
  });

  it('a JS number operand takes the tensor dtype', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(i.add(1).dtype).toBe('int32');
    expect(flat(i.mul(3))).toEqual([3, 6]);
    expect(tf.sub(10, i).dtype).toBe('int32');
    expect(flat(tf.sub(10, i))).toEqual([9, 8]);
    const d = tf.constant([1, 2], 'float64');
    const r = d.add(0.1);
    expect(r.dtype).toBe('float64');
    expect(flat(r)).toEqual([1.1, 2.1]); // float64 arithmetic, not float32
    expect(tf.mul(2, d).dtype).toBe('float64');
    // Nested arrays as operands take the tensor's dtype too.
    expect(i.add([1, 1]).dtype).toBe('int32');
    expect(d.add([[1, 1]]).dtype).toBe('float64');
  });

  it('int32 / int32 is true division giving float64, as in TensorFlow', () => {
    const q = tf.div(tf.constant([1, 2, 7], 'int32'), tf.constant([2, 2, 2], 'int32'));
    expect(q.dtype).toBe('float64');
    expect(flat(q)).toEqual([0.5, 1, 3.5]);
    const qn = tf.constant([1, 3], 'int32').div(2);
    expect(qn.dtype).toBe('float64');
    expect(flat(qn)).toEqual([0.5, 1.5]);
    expect(tf.divide(tf.constant([1], 'int32'), tf.constant([3], 'int32')).item()).toBe(1 / 3);
  });
});

describe('Tensor properties and data access', () => {
  it('shape, dtype, rank, size', () => {
    const t = tf.zeros([2, 3, 4], 'float64');
    expect(t.shape).toEqual([2, 3, 4]);
    expect(t.dtype).toBe('float64');
    expect(t.rank).toBe(3);
    expect(t.size).toBe(24);
    const s = tf.constant(5);
    expect([s.rank, s.size]).toEqual([0, 1]);
    expect(tf.float32).toBe('float32');
    expect(tf.float64).toBe('float64');
    expect(tf.int32).toBe('int32');
    expect(tf.isTensor(t)).toBe(true);
    expect(tf.isTensor(new tf.Variable(1))).toBe(true);
    expect(tf.isTensor([1])).toBe(false);
  });

  it('dataSync returns a flat copy: mutating it does not change the tensor', () => {
    const t = tf.constant([[1, 2], [3, 4]]);
    const d = t.dataSync();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d as ArrayLike<number>)).toEqual([1, 2, 3, 4]);
    d[0] = 99;
    expect(flat(t)).toEqual([1, 2, 3, 4]);
    expect(t.add(0).arraySync()).toEqual([[1, 2], [3, 4]]);
    // A large op result, read straight out of wasm memory: the copy is the caller's too.
    const big = tf.range(0, 1000).mul(2);
    const first = big.dataSync();
    first[999] = -1;
    expect(big.dataSync()[999]).toBe(1998);
    expect(big.dataSync()).not.toBe(big.dataSync());
    // Its own buffer, exactly its size, every element written (in Node the copy's memory is not
    // zero-filled first: a stale byte would show here), for every dtype.
    for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
      for (let round = 0; round < 3; round++) {
        const values = Array.from({ length: 300 + round }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : ((i * 7) % 11) - 5 + round));
        const d = tf.reverse(tf.constant(values, dtype), 0).dataSync(); // an op's result, made in wasm
        expect(d.byteOffset).toBe(0);
        expect(d.buffer.byteLength).toBe(d.byteLength);
        expect(Array.from(d as ArrayLike<number>)).toEqual(values.map(Number).reverse());
      }
    }
    // The result of an op (data in wasm) and a variable behave the same.
    const r = t.mul(2);
    const dr = r.dataSync();
    dr[1] = -1;
    expect(flat(r)).toEqual([2, 4, 6, 8]);
    const v = new tf.Variable([1, 2]);
    const dv = v.dataSync();
    dv[0] = 50;
    expect(flat(v)).toEqual([1, 2]);
  });

  it('arraySync, numpy (a number for a scalar), item', () => {
    const t = tf.constant([[1, 2, 3], [4, 5, 6]], 'int32');
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.numpy()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const s = tf.constant(2.5);
    expect(s.numpy()).toBe(2.5);
    expect(s.arraySync()).toBe(2.5);
    expect(typeof s.numpy()).toBe('number');
    expect(s.item()).toBe(2.5);
    expect(tf.constant([[3]]).item()).toBe(3);
    expect(() => t.item()).toThrow(/item/);
    expect(tf.constant([1]).numpy()).toEqual([1]);
  });

  it('data() and array() are promises of the same values', async () => {
    const t = tf.constant([[1, 2], [3, 4]], 'float64');
    const dp = t.data();
    expect(dp).toBeInstanceOf(Promise);
    const d = await dp;
    expect(d).toBeInstanceOf(Float64Array);
    expect(Array.from(d as ArrayLike<number>)).toEqual([1, 2, 3, 4]);
    const ap = t.array();
    expect(ap).toBeInstanceOf(Promise);
    expect(await ap).toEqual([[1, 2], [3, 4]]);
    expect(await tf.constant(4).array()).toBe(4);
    await tf.ready();
  });
});

describe('printing through the package', () => {
  it('1-D int32 and float32 tensors', () => {
    expect(String(tf.constant([1, 2, 3], 'int32'))).toBe('tf.Tensor([1 2 3], shape=(3,), dtype=int32)');
    expect(String(tf.constant([1, 2, 3]))).toBe('tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)');
    expect(tf.constant([1, 2, 3]).toString()).toBe('tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)');
    expect(`${tf.constant([0.1, 0.2, 0.3])}`).toBe('tf.Tensor([0.1 0.2 0.3], shape=(3,), dtype=float32)');
    expect(String(tf.constant([1, 2], 'float64'))).toBe('tf.Tensor([1. 2.], shape=(2,), dtype=float64)');
  });

  it('2-D tensors print on several lines', () => {
    expect(String(tf.constant([[1, 3], [3, 7]]))).toBe('tf.Tensor(\n[[1. 3.]\n [3. 7.]], shape=(2, 2), dtype=float32)');
    expect(String(tf.constant([[1, 2], [30, 4]], 'int32'))).toBe('tf.Tensor(\n[[ 1  2]\n [30  4]], shape=(2, 2), dtype=int32)');
  });

  it('scalars', () => {
    expect(String(tf.constant(7.2))).toBe('tf.Tensor(7.2, shape=(), dtype=float32)');
    expect(String(tf.constant(3, 'int32'))).toBe('tf.Tensor(3, shape=(), dtype=int32)');
    expect(String(tf.constant(6))).toBe('tf.Tensor(6.0, shape=(), dtype=float32)');
  });

  it("Node's util.inspect (console.log) prints the same text as toString", () => {
    for (const t of [tf.constant([1, 2, 3], 'int32'), tf.constant([[1, 3], [3, 7]]), tf.constant(7.2), tf.constant([1, 2]).add(1)]) {
      expect(inspect(t)).toBe(t.toString());
    }
    const v = new tf.Variable([1, 2, 3]);
    expect(inspect(v)).toBe(v.toString());
  });

  it('Variables print in TensorFlow repr format', () => {
    expect(String(new tf.Variable([1, 2, 3]))).toBe(
      "<tf.Variable 'Variable:0' shape=(3,) dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>",
    );
    expect(String(new tf.Variable([[1, 2], [3, 4]]))).toBe(
      "<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>",
    );
    expect(String(new tf.Variable(2))).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>");
    expect(String(new tf.Variable([1, 2, 3], { dtype: 'int32' }))).toBe(
      "<tf.Variable 'Variable:0' shape=(3,) dtype=int32, numpy=array([1, 2, 3], dtype=int32)>",
    );
    expect(String(new tf.Variable(1.5, { name: 'Mark' }))).toBe("<tf.Variable 'Mark:0' shape=() dtype=float32, numpy=1.5>");
    // The print follows assignments.
    const v = new tf.Variable([1, 2]);
    v.assign([3, 4]);
    expect(String(v)).toBe("<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([3., 4.], dtype=float32)>");
  });
});

describe('Variable', () => {
  it('options trainable, name, dtype', () => {
    const v = new tf.Variable([1, 2, 3]);
    expect(v.trainable).toBe(true);
    expect(v.name).toBe('Variable');
    expect(v.dtype).toBe('float32');
    expect(v.shape).toEqual([3]);
    const w = new tf.Variable([1.9, 2], { trainable: false, name: 'w', dtype: 'float64' });
    expect(w.trainable).toBe(false);
    expect(w.name).toBe('w');
    expect(w.dtype).toBe('float64');
    expect(flat(w)).toEqual([1.9, 2]);
    // dtype converts numbers and arrays; a tensor of another dtype is refused, as TensorFlow's
    // convert_to_tensor(initial_value, dtype) refuses it.
    const i = new tf.Variable([1, 2], { dtype: 'int32' });
    expect(i.dtype).toBe('int32');
    expect(flat(i)).toEqual([1, 2]);
    expect(() => new tf.Variable(tf.constant([1, 2], 'float64'), { dtype: 'int32' })).toThrow(
      /Variable: Tensor conversion requested dtype int32 for Tensor with dtype float64/,
    );
    expect(new tf.Variable(tf.constant([1, 2], 'float64'), { dtype: 'float64' }).dtype).toBe('float64');
    expect(new tf.Variable(new Float64Array([0.5])).dtype).toBe('float64');
    expect(v).toBeInstanceOf(tf.Tensor);
    // Non-trainable variables are not watched automatically.
    const tape = new tf.GradientTape();
    const y = tape.record(() => w.mul(w).reduceSum());
    expect(tape.gradient(y, w)).toBeNull();
  });

  it('a variable copies its initial tensor (they do not share memory)', () => {
    const t = tf.constant([1, 2]);
    const v = new tf.Variable(t);
    v.assign([5, 6]);
    expect(flat(t)).toEqual([1, 2]);
    expect(flat(v)).toEqual([5, 6]);
  });

  it('assign, assignAdd, assignSub change the value in place and return the variable', () => {
    const v = new tf.Variable([1, 2]);
    expect(v.assign([3, 4])).toBe(v);
    expect(flat(v)).toEqual([3, 4]);
    expect(v.assignAdd([1, 1])).toBe(v);
    expect(flat(v)).toEqual([4, 5]);
    expect(v.assignSub(tf.constant([0.5, 0.5]))).toBe(v);
    expect(flat(v)).toEqual([3.5, 4.5]);
    // No broadcasting: TensorFlow's update ops need the variable's shape exactly.
    expect(() => v.assignAdd(1)).toThrow('assignAdd: Cannot update variable with shape [2] using a Tensor with shape [], shapes must be equal.');
    expect(() => v.assignSub([1])).toThrow(/assignSub: Cannot update variable with shape \[2\] using a Tensor with shape \[1\]/);
    expect(flat(v)).toEqual([3.5, 4.5]);
    expect(new tf.Variable(2).assignAdd(1).item()).toBe(3); // a scalar variable takes a number
    expect(v.dtype).toBe('float32');
    // int32 variable: numbers take its dtype.
    const i = new tf.Variable([1, 2], { dtype: 'int32' });
    i.assign([5, 6]);
    expect(i.dtype).toBe('int32');
    expect(flat(i)).toEqual([5, 6]);
  });

  it('assign with another shape throws the TensorFlow "Shape mismatch" error and keeps the value', () => {
    const v = new tf.Variable([1, 2]);
    expect(() => v.assign([1, 2, 3])).toThrow(/Shape mismatch/);
    expect(() => v.assign([1, 2, 3])).toThrow(
      "Cannot assign value to variable ' Variable:0': Shape mismatch.The variable shape (2,), and the assigned value shape (3,) are incompatible.",
    );
    expect(() => v.assignAdd([[1, 2]])).toThrow(/shapes must be equal/);
    expect(flat(v)).toEqual([1, 2]);
    expect(() => v.assign(tf.constant([1, 2], 'float64'))).toThrow(/float32[\s\S]*float64|float64[\s\S]*float32/);
    expect(flat(v)).toEqual([1, 2]);
  });

  it('value() is a snapshot unaffected by later assignments', () => {
    const v = new tf.Variable([1, 2]);
    const s = v.value();
    expect(s).not.toBeInstanceOf(tf.Variable);
    expect(s).toBeInstanceOf(tf.Tensor);
    v.assign([5, 6]);
    expect(flat(s)).toEqual([1, 2]);
    expect(flat(v.value())).toEqual([5, 6]);
    v.assignAdd([1, 1]);
    expect(flat(s)).toEqual([1, 2]);
    expect(flat(v.readValue())).toEqual([6, 7]);
  });

  it('arithmetic on a variable returns a Tensor, and a tensor computed earlier keeps its value', () => {
    const v = new tf.Variable([1, 2]);
    const y = v.mul(2);
    expect(y).not.toBeInstanceOf(tf.Variable);
    v.assign([10, 20]);
    expect(flat(y)).toEqual([2, 4]);
  });

  it('variables are usable in every op (same result as with their value)', () => {
    const v = new tf.Variable([[1, 2], [3, 4]], { dtype: 'float64' });
    const t = tf.constant([[1, 2], [3, 4]], 'float64');
    const cases: [string, (x: tf.Tensor) => tf.Tensor][] = [
      ['add', (x) => tf.add(x, x)],
      ['add number', (x) => tf.add(x, 1)],
      ['sub', (x) => tf.sub(t, x)],
      ['mul', (x) => tf.mul(x, t)],
      ['div', (x) => tf.div(x, t)],
      ['pow', (x) => tf.pow(x, 2)],
      ['neg', (x) => tf.neg(x)],
      ['square', (x) => tf.square(x)],
      ['sqrt', (x) => tf.sqrt(x)],
      ['exp', (x) => tf.exp(x)],
      ['log', (x) => tf.log(x)],
      ['abs', (x) => tf.abs(x)],
      ['matmul', (x) => tf.matmul(x, x)],
      ['matmul transposed', (x) => tf.matmul(t, x, true, false)],
      ['reduceSum', (x) => tf.reduceSum(x, 0)],
      ['reduceMean', (x) => tf.reduceMean(x)],
      ['reshape', (x) => tf.reshape(x, [4])],
      ['transpose', (x) => tf.transpose(x)],
      ['concat', (x) => tf.concat([x, t], 1)],
      ['cast', (x) => tf.cast(x, 'float32')],
      ['stopGradient', (x) => tf.stopGradient(x)],
      ['broadcastTo', (x) => tf.broadcastTo(tf.reshape(x, [1, 4]), [2, 4])],
      ['polyval', (x) => tf.math.polyval([1, 2], x)],
      ['zerosLike', (x) => tf.zerosLike(x)],
    ];
    for (const [name, f] of cases) {
      const a = f(v);
      const b = f(t);
      expect(a.shape, name).toEqual(b.shape);
      expect(a.dtype, name).toBe(b.dtype);
      expect(flat(a), name).toEqual(flat(b));
    }
  });
});

describe('ops as chainable methods, with hand-computed values', () => {
  const a = tf.constant([[1, 2], [3, 4]], 'float64');
  const b = tf.constant([[5, 6], [7, 8]], 'float64');

  it('every op is a method giving the same result as the function', () => {
    const pairs: [string, tf.Tensor, tf.Tensor][] = [
      ['add', a.add(b), tf.add(a, b)],
      ['sub', a.sub(b), tf.sub(a, b)],
      ['mul', a.mul(b), tf.mul(a, b)],
      ['div', a.div(b), tf.div(a, b)],
      ['pow', a.pow(b), tf.pow(a, b)],
      ['neg', a.neg(), tf.neg(a)],
      ['square', a.square(), tf.square(a)],
      ['sqrt', a.sqrt(), tf.sqrt(a)],
      ['exp', a.exp(), tf.exp(a)],
      ['log', a.log(), tf.log(a)],
      ['abs', a.neg().abs(), tf.abs(tf.neg(a))],
      ['matmul', a.matmul(b), tf.matmul(a, b)],
      ['matmul tA tB', a.matmul(b, true, true), tf.matmul(a, b, true, true)],
      ['reduceSum', a.reduceSum(1, true), tf.reduceSum(a, 1, true)],
      ['reduceMean', a.reduceMean(0), tf.reduceMean(a, 0)],
      ['reshape', a.reshape([4, 1]), tf.reshape(a, [4, 1])],
      ['transpose', a.transpose(), tf.transpose(a)],
      ['cast', a.cast('int32'), tf.cast(a, 'int32')],
      ['concat', a.concat(b, 1), tf.concat([a, b], 1)],
      ['concat list', a.concat([b, b]), tf.concat([a, b, b], 0)],
    ];
    for (const [name, m, f] of pairs) {
      expect(m.shape, name).toEqual(f.shape);
      expect(m.dtype, name).toBe(f.dtype);
      expect(flat(m), name).toEqual(flat(f));
    }
    expect(flat(a.add(b))).toEqual([6, 8, 10, 12]);
    expect(flat(a.sub(b))).toEqual([-4, -4, -4, -4]);
    expect(flat(a.mul(b))).toEqual([5, 12, 21, 32]);
    expect(flat(a.div(b))).toEqual([1 / 5, 2 / 6, 3 / 7, 4 / 8]);
    expect(flat(a.pow(b))).toEqual([1, 64, 2187, 65536]);
    expect(flat(a.neg())).toEqual([-1, -2, -3, -4]);
    expect(flat(a.square())).toEqual([1, 4, 9, 16]);
    expectAllClose(flat(a.sqrt()), [1, Math.SQRT2, Math.sqrt(3), 2], 1e-15);
    expectAllClose(flat(a.exp()), [Math.E, Math.exp(2), Math.exp(3), Math.exp(4)], 1e-15);
    expectAllClose(flat(a.log()), [0, Math.LN2, Math.log(3), Math.log(4)], 1e-15);
    expect(flat(tf.constant([-1.5, 0, 2]).abs())).toEqual([1.5, 0, 2]);
  });

  it('a chain like the tutorial loss: x.matmul(w).sub(y).square().reduceSum()', () => {
    const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
    const w = new tf.Variable([[1], [-1]]);
    const y = tf.constant([[0], [1], [2]]);
    // x@w = [-1, -1, -1]; minus y = [-1, -2, -3]; squares sum to 14.
    const loss = x.matmul(w).sub(y).square().reduceSum();
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBe(14);
  });

  it('matmul forward values, 2-D, transposed and batched', () => {
    // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]]
    expect(a.matmul(b).arraySync()).toEqual([[19, 22], [43, 50]]);
    // a^T @ b = [[1,3],[2,4]] @ b = [[26,30],[38,44]]
    expect(tf.matmul(a, b, true).arraySync()).toEqual([[26, 30], [38, 44]]);
    // a @ b^T = [[17,23],[39,53]]
    expect(tf.matmul(a, b, false, true).arraySync()).toEqual([[17, 23], [39, 53]]);
    // (2x3) @ (3x1)
    const m = tf.matmul(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[1], [0], [-1]]));
    expect(m.shape).toEqual([2, 1]);
    expect(m.arraySync()).toEqual([[-2], [-2]]);
    // Batched: [2,2,2] @ [2,2,1]
    const batch = tf.matmul(tf.constant([[[1, 2], [3, 4]], [[1, 0], [0, 1]]]), tf.constant([[[1], [1]], [[2], [3]]]));
    expect(batch.shape).toEqual([2, 2, 1]);
    expect(batch.arraySync()).toEqual([[[3], [7]], [[2], [3]]]);
    // int32 matmul stays int32.
    const im = tf.matmul(tf.constant([[1, 2]], 'int32'), tf.constant([[3], [4]], 'int32'));
    expect(im.dtype).toBe('int32');
    expect(im.arraySync()).toEqual([[11]]);
  });

  it('reduceSum and reduceMean over axes, with keepdims', () => {
    const x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], 'float64'); // [2,2,3]
    expect(x.reduceSum().item()).toBe(78);
    expect(x.reduceSum().shape).toEqual([]);
    expect(x.reduceSum(0).arraySync()).toEqual([[8, 10, 12], [14, 16, 18]]);
    expect(x.reduceSum(1).arraySync()).toEqual([[5, 7, 9], [17, 19, 21]]);
    expect(x.reduceSum(2).arraySync()).toEqual([[6, 15], [24, 33]]);
    expect(x.reduceSum(-1).arraySync()).toEqual([[6, 15], [24, 33]]);
    expect(x.reduceSum([0, 2]).arraySync()).toEqual([30, 48]);
    expect(x.reduceSum([0, 2], true).shape).toEqual([1, 2, 1]);
    expect(x.reduceSum(1, true).shape).toEqual([2, 1, 3]);
    expect(x.reduceSum(null, true).shape).toEqual([1, 1, 1]);
    expect(x.reduceMean().item()).toBe(6.5);
    expect(x.reduceMean(0).arraySync()).toEqual([[4, 5, 6], [7, 8, 9]]);
    expect(x.reduceMean([1, 2]).arraySync()).toEqual([3.5, 9.5]);
    expect(x.reduceMean(2, true).arraySync()).toEqual([[[2], [5]], [[8], [11]]]);
    expect(tf.reduceSum(tf.constant([1, 2, 3], 'int32')).dtype).toBe('int32');
    expect(tf.math.reduceSum(tf.constant([[1, 2], [3, 4]]), 1).arraySync()).toEqual([3, 7]);
  });

  it('transpose with and without perm', () => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(x.transpose().shape).toEqual([3, 2]);
    expect(x.transpose().arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const y = tf.reshape(tf.constant([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), [2, 3, 2]);
    const p = y.transpose([1, 0, 2]);
    expect(p.shape).toEqual([3, 2, 2]);
    expect(p.arraySync()).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
    expect(y.transpose().shape).toEqual([2, 3, 2]);
    expect(y.transpose().arraySync()).toEqual([[[0, 6], [2, 8], [4, 10]], [[1, 7], [3, 9], [5, 11]]]);
  });

  it('reshape, with -1 inferring one dimension', () => {
    const x = tf.constant([1, 2, 3, 4, 5, 6]);
    expect(x.reshape([2, 3]).arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(x.reshape([-1, 2]).shape).toEqual([3, 2]);
    expect(x.reshape([3, -1]).arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(x.reshape([-1]).shape).toEqual([6]);
    expect(tf.reshape(tf.constant([[5]]), []).shape).toEqual([]);
    expect(tf.constant(5).reshape([1, 1, -1]).shape).toEqual([1, 1, 1]);
  });

  it('broadcasting in binary ops', () => {
    const m = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expect(m.add(tf.constant([10, 20, 30])).arraySync()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(m.mul(tf.constant([[2], [3]])).arraySync()).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(tf.constant([[1], [2]]).sub(tf.constant([1, 2, 3])).arraySync()).toEqual([[0, -1, -2], [1, 0, -1]]);
    expect(tf.subtract(5, tf.constant([1, 2])).arraySync()).toEqual([4, 3]);
    expect(tf.multiply(tf.constant([1, 2]), 3).arraySync()).toEqual([3, 6]);
    expect(tf.negative(tf.constant([1])).arraySync()).toEqual([-1]);
  });
});

describe('memory API', () => {
  it('tf.memory() reports numbers for live tensors and bytes', () => {
    const m = tf.memory();
    for (const k of ['numTensors', 'numBytes', 'wasmMemoryBytes', 'residentBytes', 'budgetBytes', 'numEvicted'] as const) {
      expect(typeof m[k], k).toBe('number');
      expect(m[k], k).toBeGreaterThanOrEqual(0);
    }
    const before = tf.memory();
    const t = tf.ones([1000], 'float64'); // made in wasm
    const during = tf.memory();
    expect(during.numTensors).toBe(before.numTensors + 1);
    expect(during.numBytes - before.numBytes).toBeGreaterThanOrEqual(8000);
    t.dispose();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });

  it('tidy disposes intermediates, not the returned structure, nor variables', () => {
    const v = new tf.Variable([1, 2]);
    const start = tf.memory().numTensors;
    let inter: tf.Tensor | undefined;
    let inner: tf.Variable | undefined;
    const out = tf.tidy(() => {
      inter = v.mul(2);
      const x = inter.add(1);
      const y = inter.sub(1);
      const z = inter.square();
      inner = new tf.Variable([7]);
      return { x, nested: [y, { z }], label: 'not a tensor' };
    });
    expect(inter!.isDisposed).toBe(true);
    expect(() => inter!.add(1)).toThrow(/disposed/);
    expect(out.label).toBe('not a tensor');
    expect(flat(out.x)).toEqual([3, 5]);
    expect(flat(out.nested[0] as tf.Tensor)).toEqual([1, 3]);
    expect(flat((out.nested[1] as { z: tf.Tensor }).z)).toEqual([4, 16]);
    expect(v.isDisposed).toBe(false);
    expect(flat(v)).toEqual([1, 2]);
    expect(inner!.isDisposed).toBe(false);
    expect(flat(inner!)).toEqual([7]);
    // Only the three returned tensors and the inner variable remain in wasm.
    expect(tf.memory().numTensors - start).toBe(4);
    tf.dispose(out);
    inner!.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('nested tidy: the inner result belongs to the outer scope', () => {
    let innerResult: tf.Tensor | undefined;
    const outer = tf.tidy(() => {
      innerResult = tf.tidy(() => tf.ones([2]).mul(3));
      expect(innerResult.isDisposed).toBe(false);
      return innerResult.add(1);
    });
    expect(innerResult!.isDisposed).toBe(true);
    expect(flat(outer)).toEqual([4, 4]);
  });

  it('tidy returning a single tensor; tidy with a name', () => {
    const r = tf.tidy('named', () => tf.ones([3]).add(1));
    expect(flat(r)).toEqual([2, 2, 2]);
    expect(() => tf.tidy(42 as never)).toThrow(/function/);
  });

  it('tf.keep keeps a tensor past the tidy', () => {
    let kept: tf.Tensor | undefined;
    let dropped: tf.Tensor | undefined;
    tf.tidy(() => {
      kept = tf.keep(tf.ones([2]).mul(2));
      dropped = tf.ones([2]).mul(3);
    });
    expect(kept!.isDisposed).toBe(false);
    expect(flat(kept!)).toEqual([2, 2]);
    expect(dropped!.isDisposed).toBe(true);
  });

  it('dispose() and Symbol.dispose release the tensor; dispose is idempotent', () => {
    const start = tf.memory().numTensors;
    const a = tf.ones([10]);
    const b = tf.ones([10]);
    expect(tf.memory().numTensors).toBe(start + 2);
    a.dispose();
    a.dispose();
    expect(a.isDisposed).toBe(true);
    b[Symbol.dispose]();
    expect(b.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(start);
    // tf.dispose on a structure, and on variables.
    const v = new tf.Variable([1, 2]);
    const c = tf.ones([2]);
    tf.dispose({ v, list: [c] });
    expect(v.isDisposed).toBe(true);
    expect(c.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('using a disposed tensor throws a clear error, and the library stays usable', () => {
    const t = tf.constant([1, 2]).add(0);
    t.dispose();
    for (const use of [() => t.add(1), () => tf.matmul(t, t), () => t.dataSync(), () => String(t), () => t.reduceSum()]) {
      let msg = '';
      try {
        use();
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/disposed/);
      expect(msg).toMatch(/tf\.keep|tidy/);
    }
    const v = new tf.Variable([1]);
    v.dispose();
    expect(() => v.add(1)).toThrow(/disposed/);
    expect(() => v.assign([2])).toThrow(/disposed/);
    // Still usable.
    expect(flat(tf.constant([1, 2]).add(1))).toEqual([2, 3]);
    const w = new tf.Variable([1]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => w.square().reduceSum());
    expect(flat(tape.gradient(y, w)!)).toEqual([2]);
  });

  it('held tensors past the memory budget are evicted to JS, stay correct, and wasm bytes stay bounded', () => {
    const defaultBudget = tf.memory().budgetBytes;
    tf.setMemoryBudget(64 * 1024);
    try {
      const x = tf.ones([256]); // 1 KiB per result
      const start = tf.memory();
      const held: tf.Tensor[] = [];
      for (let i = 0; i < 1000; i++) held.push(x.mul(i));
      const end = tf.memory();
      expect(end.numEvicted).toBeGreaterThan(start.numEvicted);
      // 1000 KiB of results, but the wasm side holds about the budget.
      expect(end.numBytes - start.numBytes).toBeLessThan(4 * 64 * 1024);
      // Every held tensor still has its value, evicted or not, and can be used in ops.
      for (let i = 0; i < held.length; i += 97) {
        expect(held[i]!.dataSync()[255]).toBe(i);
        expect(held[i]!.add(1).dataSync()[0]).toBe(i + 1);
      }
    } finally {
      tf.setMemoryBudget(defaultBudget);
    }
    expect(() => tf.setMemoryBudget(-1)).toThrow(/setMemoryBudget/);
  });
});

describe('tf.memory() sees tapes', () => {
  it('counts live tapes and their recorded ops, and drops them when a tape is used up', () => {
    const x = new tf.Variable(2);
    const before = tf.memory();
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => x.mul(x).add(x));
    const during = tf.memory();
    expect(during.numTapes).toBe(before.numTapes + 1);
    expect(during.numTapeNodes).toBe(before.numTapeNodes + 2);
    expect((tape.gradient(y, x) as tf.Tensor).item()).toBe(5);
    tape.dispose();
    const after = tf.memory();
    expect(after.numTapes).toBe(before.numTapes);
    expect(after.numTapeNodes).toBe(before.numTapeNodes);
  });
});

describe('division and int32', () => {
  it('int32 / int32 and int32 / number give float64; int32 with a float tensor is a dtype error naming int32', () => {
    expect(tf.div(tf.constant([1, 2], 'int32'), tf.constant([2, 2], 'int32')).dtype).toBe('float64');
    expect(tf.div(tf.constant([1, 3], 'int32'), 2).arraySync()).toEqual([0.5, 1.5]);
    expect(() => tf.div(tf.constant([1, 3], 'int32'), tf.constant([2, 2]))).toThrow(/x is int32 and y is float32.*tf\.cast\(x, 'float32'\)/);
  });
});
