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

  it('add, sub, mul and div (computed in JS) equal the kernels bit for bit: random bit patterns, subnormals, infinities, number operands', () => {
    // A small xorshift, so the draws are the same at every run.
    let state = 0x9e3779b9;
    const nextU32 = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), state >>> 0);
    const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
    const f64 = new Float64Array(1), u64 = new Uint32Array(f64.buffer);
    const draw = (dtype: 'float32' | 'float64'): number => {
      if (dtype === 'float32') return (u32[0] = nextU32()), f32[0]!;
      return (u64[0] = nextU32()), (u64[1] = nextU32()), f64[0]!;
    };
    const edges = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1.401298464324817e-45, -1.1754942106924411e-38, 3.4028234663852886e38, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3];
    const same = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
    for (const dtype of ['float32', 'float64'] as const) {
      const pairs: [number, number][] = [];
      for (const a of edges) for (const b of edges) pairs.push([a, b]);
      for (let i = 0; i < 400; i++) pairs.push([draw(dtype), draw(dtype)]);
      const as = pairs.map(([a]) => a), bs = pairs.map(([, b]) => b);
      for (const name of ['add', 'sub', 'mul', 'div'] as const) {
        const vector = tf[name](tf.constant(as, dtype), tf.constant(bs, dtype)).dataSync();
        const numberFirst = tf[name](tf.constant(as, dtype), 0.1).dataSync();
        pairs.forEach(([a, b], i) => {
          const eager = tf[name](tf.constant(a, dtype), tf.constant(b, dtype)).item();
          expect(same(eager, vector[i]!), `${name}(${a}, ${b}) ${dtype}`).toBe(true);
          // A number operand takes the tensor's dtype first (0.1 rounds to float32 for float32).
          expect(same(tf[name](tf.constant(a, dtype), 0.1).item(), numberFirst[i]!), `${name}(${a}, 0.1) ${dtype}`).toBe(true);
        });
      }
    }
  });

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

// Under a recording tape, rank-0 float ops also run on values: wasm records them by the operands'
// ids and the results stay in JS, under the ids the tapes know them by.
describe('recorded scalar arithmetic', () => {
  /** The puzzle's squared error of the tutorial, on whatever tensors it is given. */
  const puzzle = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
    const y1 = a.add(b).sub(9);
    const y2 = c.sub(d).sub(1);
    const y3 = a.add(c).sub(8);
    const y4 = b.sub(d).sub(2);
    return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4).div(3)).exp().log().pow(1.5);
  };

  for (const dtype of ['float32', 'float64'] as const) {
    it(`gives the tensor path's values and gradients bit for bit, ${dtype}`, () => {
      const start = [1.25, -2.5, 3.75, 0.5];
      const scalars = start.map((v) => new tf.Variable(v, { dtype }));
      const vectors = start.map((v) => new tf.Variable([v], { dtype }));
      const [t1, t2] = [new tf.GradientTape(), new tf.GradientTape()];
      const s = t1.record(() => puzzle(scalars[0]!, scalars[1]!, scalars[2]!, scalars[3]!));
      const v = t2.record(() => puzzle(vectors[0]!, vectors[1]!, vectors[2]!, vectors[3]!));
      expect(s.item()).toBe(v.dataSync()[0]);
      const gs = t1.gradient(s, scalars).map((g) => g!.item());
      const gv = t2.gradient(v, vectors).map((g) => g!.dataSync()[0]);
      expect(gs).toEqual(gv);
    });
  }

  it('keeps no wasm tensor for its intermediates', () => {
    const x = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const before = tf.memory().numTensors;
    const y = tape.record(() => {
      let s: tf.Tensor = x;
      for (let i = 0; i < 100; i++) s = s.mul(1.01).add(x).sub(0.5);
      return s;
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(tape.gradient(y, x)!.item()).toBeGreaterThan(100);
  });

  it('a recorded scalar is a gradient target without becoming a wasm tensor', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = new tf.Variable(1.5, { dtype });
      const tape = new tf.GradientTape({ persistent: true });
      const y = tape.record(() => x.mul(x).mul(x)); // x³, held in JS
      const before = tf.memory().numTensors;
      const dx = tape.gradient([y, y], x)!; // the targets summed: d(2x³)/dx = 6x²
      expect(tf.memory().numTensors).toBe(before + 1); // the gradient, and no tensor for y
      expect([dx.item(), dx.dtype]).toEqual([6 * 1.5 ** 2, dtype]);
      expect(tape.gradient(y, [x, y]).map((g) => g!.item())).toEqual([3 * 1.5 ** 2, 1]); // a target that is a source too
      expect(tape.gradient(y, x, { outputGradients: [tf.constant(2, dtype)] })!.item()).toBe(6 * 1.5 ** 2);
      // Second order: the first gradient's ops, on a held target, are recorded by an outer tape.
      const outer = new tf.GradientTape();
      const dz = outer.record(() => {
        const inner = new tf.GradientTape();
        return inner.gradient(inner.record(() => x.mul(x).mul(x)), x)!; // 3x²
      });
      expect(outer.gradient(dz, x)!.item()).toBe(6 * 1.5); // 6x
    }
  });

  it('gradients reach intermediates, later tensor ops, watched constants, and second order', () => {
    const x = new tf.Variable(3, { dtype: 'float64' });
    const c = tf.constant(2, 'float64');
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape({ persistent: true });
    outer.watch(c);
    let mid: tf.Tensor = x;
    const y = outer.record(() => {
      const z = inner.record(() => {
        mid = x.mul(x); // x²
        // An intermediate feeds a tensor op (stack uploads it under its id) and more scalars.
        return tf.stack([mid.mul(x), mid.mul(c)]).sum(); // x³ + c·x²
      });
      return inner.gradient(z, x)!; // 3x² + 2c·x
    });
    // The intermediate is a source too: d(x·mid + c·mid)/dmid = x + c.
    expect(inner.gradient(inner.record(() => mid.mul(x).add(mid.mul(c))), mid)!.item()).toBe(5);
    expect(y.item()).toBe(3 * 9 + 2 * 2 * 3);
    const [dx, dc] = outer.gradient(y, [x, c]); // 6x + 2c, 2x
    expect([dx!.item(), dc!.item()]).toEqual([6 * 3 + 2 * 2, 2 * 3]);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`a scalar tape's gradients are values, which Adam takes without a wasm tensor, as the tensor path steps, ${dtype}`, () => {
      const start = [1.25, -2.5, 3.75, 0.5];
      const scalars = start.map((v) => new tf.Variable(v, { dtype }));
      const vectors = start.map((v) => new tf.Variable([v], { dtype }));
      const unused = new tf.Variable(7, { dtype });
      const [onScalars, onVectors] = [new tf.keras.optimizers.Adam({ learningRate: 0.1 }), new tf.keras.optimizers.Adam({ learningRate: 0.1 })];
      for (let step = 0; step < 5; step++) {
        const before = tf.memory().numTensors;
        const tape = new tf.GradientTape();
        const s = tape.record(() => puzzle(scalars[0]!, scalars[1]!, scalars[2]!, scalars[3]!));
        const grads = tape.gradient(s, [...scalars, unused]);
        onScalars.applyGradients(scalars.map((v, i) => [grads[i]!, v]));
        expect(tf.memory().numTensors - before).toBe(step === 0 ? 8 : 0); // Adam's slots at its first step, and nothing else
        expect([grads[4], grads.slice(0, 4).map((g) => g!.dtype)]).toEqual([null, Array(4).fill(dtype)]);
        const t2 = new tf.GradientTape();
        const v = t2.record(() => puzzle(vectors[0]!, vectors[1]!, vectors[2]!, vectors[3]!));
        const gv = t2.gradient(v, vectors);
        onVectors.applyGradients(vectors.map((x, i) => [gv[i]!, x]));
        expect(grads.slice(0, 4).map((g) => g!.item())).toEqual(gv.map((g) => g!.dataSync()[0]));
        expect(scalars.map((x) => x.item())).toEqual(vectors.map((x) => x.dataSync()[0]));
        // A gradient held as a value feeds ops and tapes like any tensor.
        expect(grads[0]!.mul(2).item()).toBe(2 * grads[0]!.item());
      }
      const tape = new tf.GradientTape();
      const y = tape.record(() => scalars[0]!.mul(scalars[1]!));
      // Zeros for an unconnected vector first (made in wasm), then the gradients the sweep gave.
      const unusedVector = new tf.Variable([1, 2, 3], { dtype });
      const [zeros, da, zero, db] = tape.gradient(y, [unusedVector, scalars[0]!, unused, scalars[1]!], { unconnectedGradients: 'zero' });
      expect([zeros!.arraySync(), da!.item(), zero!.item(), db!.item(), zero!.dtype]).toEqual([[0, 0, 0], scalars[1]!.item(), 0, scalars[0]!.item(), dtype]);
    });
  }

  it('a scalar made before the tape and never watched is a constant to it', () => {
    const k = tf.constant(4).mul(2); // eager: a value in JS, no id
    const x = new tf.Variable(1);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => x.mul(k).add(k));
    expect(tape.gradient(y, x)!.item()).toBe(8);
    expect(tape.gradient(y, k)).toBeNull();
    const watched = new tf.GradientTape();
    watched.watch(k);
    expect(watched.gradient(watched.record(() => k.mul(k)), k)!.item()).toBe(16);
  });
});
