// Rank-0 arithmetic outside a recording tape runs on values (no wasm tensor is made). It must give
// exactly what the tensor path gives, and its results must behave like any other tensor.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const VALUES = [0, 1, -1, 2.5, -3.75, 1e-3, 7.2, 123456.789, 1e30, -0];
const INTS = [0, 1, -1, 7, -9, 2147483647, -2147483648, 46341];

/** The same op through the tensor path: rank-1 tensors of one element. */
const asVector = (v: number, dtype: tf.DType) => tf.constant([v], dtype);

describe('eager scalar arithmetic equals the tensor path', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`binary ops, ${dtype}`, () => {
      for (const name of ['add', 'sub', 'mul', 'div', 'pow'] as const) {
        for (const a of VALUES) {
          for (const b of VALUES) {
            const eager = tf[name](tf.constant(a, dtype), tf.constant(b, dtype));
            const vector = tf[name](asVector(a, dtype), asVector(b, dtype));
            expect(Object.is(eager.item(), vector.dataSync()[0]) || (Number.isNaN(eager.item()) && Number.isNaN(vector.dataSync()[0]!)), `${name}(${a}, ${b}) ${dtype}`).toBe(true);
            expect(eager.dtype).toBe(dtype);
            expect(eager.shape).toEqual([]);
          }
        }
      }
    });

    it(`unary ops and number operands, ${dtype}`, () => {
      for (const name of ['neg', 'exp', 'log', 'sqrt', 'abs'] as const) {
        for (const a of VALUES) {
          const eager = tf[name](tf.constant(a, dtype)).item();
          const vector = tf[name](asVector(a, dtype)).dataSync()[0]!;
          expect(Object.is(eager, vector) || (Number.isNaN(eager) && Number.isNaN(vector)), `${name}(${a}) ${dtype}`).toBe(true);
        }
      }
      for (const a of VALUES) {
        expect(tf.constant(a, dtype).sub(9).item()).toBe(asVector(a, dtype).sub(9).dataSync()[0]);
        expect(tf.sub(9, tf.constant(a, dtype)).item()).toBe(tf.sub(9, asVector(a, dtype)).dataSync()[0]);
      }
    });
  }

  it('int32: wrapping add/mul, integer pow, division to float64, unary neg/abs', () => {
    for (const a of INTS) {
      for (const b of INTS) {
        for (const name of ['add', 'sub', 'mul'] as const) {
          const eager = tf[name](tf.constant(a, 'int32'), tf.constant(b, 'int32'));
          expect(eager.dtype).toBe('int32');
          expect(eager.item(), `${name}(${a}, ${b})`).toBe(tf[name](asVector(a, 'int32'), asVector(b, 'int32')).dataSync()[0]);
        }
        const quotient = tf.div(tf.constant(a, 'int32'), tf.constant(b, 'int32'));
        expect(quotient.dtype).toBe('float64');
        expect(Object.is(quotient.item(), a / b) || (Number.isNaN(a / b) && Number.isNaN(quotient.item()))).toBe(true);
      }
      expect(tf.neg(tf.constant(a, 'int32')).item()).toBe(tf.neg(asVector(a, 'int32')).dataSync()[0]);
    }
    expect(tf.pow(tf.constant(3, 'int32'), tf.constant(4, 'int32')).item()).toBe(81);
    expect(() => tf.exp(tf.constant(1, 'int32'))).toThrow(/exp: int32 tensors are not supported/);
  });
});

describe('eager scalar results are ordinary tensors', () => {
  it('print, read, dispose, and feed later ops and tapes', () => {
    const s = tf.constant(3.6).mul(2);
    expect(String(s)).toBe('tf.Tensor(7.2, shape=(), dtype=float32)');
    expect(s.dataSync()).toEqual(new Float32Array([Math.fround(7.2)]));
    expect(s.arraySync()).toBeCloseTo(7.2, 5);
    // used in a tensor op and as a watched source
    expect(tf.add(s, tf.constant([1, 2])).dataSync()[0]).toBeCloseTo(8.2, 5);
    const tape = new tf.GradientTape();
    tape.watch(s);
    const y = tape.record(() => s.mul(s));
    expect((tape.gradient(y, s) as tf.Tensor).item()).toBeCloseTo(14.4, 4);
    s.dispose();
    expect(() => s.add(1)).toThrow(/disposed/);
  });

  it('inside a recording tape, scalar ops are recorded (gradients flow)', () => {
    const x = new tf.Variable(3, { dtype: 'float64' });
    const c = tf.constant(2, 'float64'); // an eager scalar constant, never uploaded so far
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(c).add(c.mul(c)).sub(1));
    expect(y.item()).toBe(9);
    expect((tape.gradient(y, x) as tf.Tensor).item()).toBe(2);
  });

  it('makes no wasm tensors', () => {
    const a = tf.constant(1.5);
    const b = tf.constant(2.5);
    const before = tf.memory().numTensors;
    let s: tf.Tensor = a;
    for (let i = 0; i < 1000; i++) s = s.add(b).mul(0.5);
    expect(tf.memory().numTensors).toBe(before);
    expect(s.item()).toBeCloseTo(2.5, 5);
  });
});
