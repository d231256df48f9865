// Every elementwise op, comparison and reduction of the catalog against NumPy / mpmath float64
// references (test/fixtures/ops.json, made by scripts/op_fixtures.py), in float64 and float32.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

interface Fixtures {
  unary: Record<string, { x: number[]; y: number[]; y32: number[] }>;
  binary: Record<string, { a: number[]; b: number[]; y: number[]; y32: number[] }>;
  int32: Record<string, { a: number[]; b: number[]; y: (number | boolean)[] }>;
  compare: { a: number[]; b: number[] } & Record<string, boolean[]>;
  reductions: {
    shape: number[];
    x: number[];
    cases: ({ axes: number[] | null } & Record<string, number[]>)[];
    argmax: Record<string, number[]>;
    argmin: Record<string, number[]>;
    cumsum: Record<string, number[]>;
    cumprod: Record<string, number[]>;
    softmax: number[];
    logSoftmax: number[];
    softmaxAxis0: number[];
  };
}

const F: Fixtures = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8'));
const ops = tf as unknown as Record<string, (...args: unknown[]) => tf.Tensor>;

/** float32 ulps of v (the spacing at v). */
const ulp32 = (v: number) => {
  const a = Math.abs(Math.fround(v));
  if (a < 1.1754943508222875e-38) return 1.401298464324817e-45;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
};

/** Functions with zeros inside their test domain (lgamma at 1 and 2, digamma near 1.46): there an
 * absolute error of a few float64 ulps of 1 is all a float64 result can promise. */
const ABSOLUTE: Record<string, number> = { lgamma: 1e-15, digamma: 1e-15 };

function check(got: ArrayLike<number>, want: number[], dtype: 'float32' | 'float64', what: string, ulps = 4, atol = 0) {
  const absolute = Math.max(ABSOLUTE[what.split(' ')[0]!] ?? 1e-300, atol);
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Number.isNaN(w)) {
      expect(Number.isNaN(g), `${what}[${i}]: NaN expected, got ${g}`).toBe(true);
      continue;
    }
    const tol = dtype === 'float64' ? 2e-14 * Math.abs(w) + absolute : ulps * ulp32(w) + (absolute > 1e-300 ? 1e-7 : 0);
    if (!(Math.abs(g - w) <= tol)) throw new Error(`${what}[${i}]: got ${g}, expected ${w} (tolerance ${tol})`);
  }
}

describe('elementwise unary ops against NumPy float64 references', () => {
  for (const [name, c] of Object.entries(F.unary)) {
    it(`${name} float64 and float32`, () => {
      check(ops[name]!(tf.constant(c.x, 'float64')).dataSync(), c.y, 'float64', `${name} f64`);
      check(ops[name]!(tf.constant(c.x, 'float32')).dataSync(), c.y32, 'float32', `${name} f32`);
      // The Tensor method is the same op.
      const method = (tf.constant(c.x, 'float64') as unknown as Record<string, () => tf.Tensor>)[name]!;
      expect(method.call(tf.constant(c.x, 'float64')).dataSync()).toEqual(ops[name]!(tf.constant(c.x, 'float64')).dataSync());
    });
  }
});

describe('elementwise binary ops against NumPy', () => {
  for (const [name, c] of Object.entries(F.binary)) {
    it(`${name} float64 and float32`, () => {
      check(ops[name]!(tf.constant(c.a, 'float64'), tf.constant(c.b, 'float64')).dataSync(), c.y, 'float64', `${name} f64`);
      check(ops[name]!(tf.constant(c.a, 'float32'), tf.constant(c.b, 'float32')).dataSync(), c.y32, 'float32', `${name} f32`);
    });
  }

  it('int32 floorDiv, mod, maximum and less follow Python and TensorFlow', () => {
    for (const [name, c] of Object.entries(F.int32)) {
      const y = ops[name]!(tf.constant(c.a, 'int32'), tf.constant(c.b, 'int32'));
      expect(y.dtype, name).toBe(typeof c.y[0] === 'boolean' ? 'bool' : 'int32');
      expect(y.arraySync(), name).toEqual(c.y);
    }
  });

  it('round of int32 gives the values as they are (TensorFlow returns integer tensors unrounded); floor and ceil refuse int32 as TF does', () => {
    const x = tf.constant([-3, 0, 7, 2147483647, -2147483648], 'int32');
    expect([tf.round(x).dtype, tf.round(x).arraySync()]).toEqual(['int32', [-3, 0, 7, 2147483647, -2147483648]]);
    expect(tf.round(tf.constant(-5, 'int32')).arraySync()).toBe(-5);
    expect(() => tf.floor(x)).toThrow(/floor: int32 tensors are not supported/);
    expect(() => tf.ceil(x)).toThrow(/ceil: int32 tensors are not supported/);
  });

  it('int32 floorDiv and mod by zero raise, as TensorFlow\'s "Integer division by zero"; float division by zero is IEEE', () => {
    const refuse = (f: () => unknown, name: string) => expect(f, name).toThrow(new RegExp(`${name}: Integer division by zero`));
    for (const name of ['floorDiv', 'mod']) {
      refuse(() => ops[name]!(tf.constant([7, -7, 3], 'int32'), tf.constant([2, 0, 1], 'int32')), name);
      refuse(() => ops[name]!(tf.constant([[7], [8]], 'int32'), 0), name); // broadcast divisor
      refuse(() => ops[name]!(tf.constant(7, 'int32'), tf.constant(0, 'int32')), name); // rank 0: the scalar path
      // Inside a compiled step the replay refuses too (the trace saw a valid divisor).
      const f = tf.function((a: tf.Tensor, b: tf.Tensor) => ops[name]!(a, b));
      expect(f(tf.constant([7], 'int32'), tf.constant([2], 'int32')).arraySync()).toEqual(name === 'mod' ? [1] : [3]);
      refuse(() => f(tf.constant([7], 'int32'), tf.constant([0], 'int32')), name);
      // An empty result computes no element, so nothing is refused (TF returns before its kernel).
      const empty = ops[name]!(tf.zeros([0, 2], 'int32'), tf.constant([0, 1], 'int32'));
      expect([empty.shape, empty.dtype]).toEqual([[0, 2], 'int32']);
      // The one overflowing quotient wraps, like every int32 op (it trapped in wasm: Rust's MIN % -1).
      expect(ops[name]!(tf.constant([-2147483648, 7], 'int32'), -1).arraySync()).toEqual(name === 'mod' ? [0, 0] : [-2147483648, -7]);
      // Float division by zero stays IEEE: floor(±x / 0) = ±Infinity, x mod 0 = NaN.
      expect(Array.from(ops[name]!(tf.constant([7, -7]), tf.constant([0, 0])).dataSync())).toEqual(name === 'mod' ? [NaN, NaN] : [Infinity, -Infinity]);
    }
  });

  it('comparisons give bool tensors equal to NumPy', () => {
    const { a, b } = F.compare;
    for (const name of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']) {
      for (const dtype of ['float32', 'float64'] as const) {
        // float32 compares the rounded values, as NumPy would on float32 arrays
        const ra = dtype === 'float32' ? a.map(Math.fround) : a;
        const rb = dtype === 'float32' ? b.map(Math.fround) : b;
        const want = ra.map((x, i) => ({ equal: x === rb[i], notEqual: x !== rb[i], less: x < rb[i]!, lessEqual: x <= rb[i]!, greater: x > rb[i]!, greaterEqual: x >= rb[i]! })[name]);
        const y = ops[name]!(tf.constant(a, dtype), tf.constant(b, dtype));
        expect(y.dtype).toBe('bool');
        expect(y.arraySync(), `${name} ${dtype}`).toEqual(want);
        if (dtype === 'float64') expect(want, `${name}: the JS oracle agrees with NumPy`).toEqual(F.compare[name]);
      }
    }
  });
});

describe('reductions, arg reductions, cumulative ops and softmax against NumPy', () => {
  const R = F.reductions;
  for (const dtype of ['float64', 'float32'] as const) {
    it(`reduceSum/Max/Min/Prod/Mean over axis sets, ${dtype}`, () => {
      const x = tf.constant(R.x, dtype).reshape(R.shape);
      for (const c of R.cases) {
        for (const name of ['reduceSum', 'reduceMax', 'reduceMin', 'reduceProd', 'reduceMean']) {
          const y = (ops[name] ?? (tf as unknown as Record<string, (...a: unknown[]) => tf.Tensor>)[name])!(x, c.axes);
          check(y.dataSync(), c[name]!, dtype, `${name} axes=${JSON.stringify(c.axes)} ${dtype}`, 16, dtype === 'float32' ? 2e-5 : 1e-13);
        }
      }
    });

    it(`argmax/argmin (first index among ties), cumsum/cumprod and softmax, ${dtype}`, () => {
      const x = tf.constant(R.x, dtype).reshape(R.shape);
      for (const axis of [0, 1, 2]) {
        expect(Array.from(tf.argmax(x, axis).dataSync()), `argmax ${axis}`).toEqual(R.argmax[axis]);
        expect(Array.from(tf.argmin(x, axis).dataSync()), `argmin ${axis}`).toEqual(R.argmin[axis]);
        // float32 running sums of terms up to 2 in size: errors scale with the terms, not the result
        const atol = dtype === 'float32' ? 1e-6 : 1e-15;
        check(tf.cumsum(x, axis).dataSync(), R.cumsum[axis]!, dtype, `cumsum ${axis}`, 16, atol);
        check(tf.cumprod(x, axis).dataSync(), R.cumprod[axis]!, dtype, `cumprod ${axis}`, 16, atol);
      }
      check(tf.nn.softmax(x).dataSync(), R.softmax, dtype, 'softmax', 8);
      check(tf.nn.logSoftmax(x).dataSync(), R.logSoftmax, dtype, 'logSoftmax', 8);
      check(tf.nn.softmax(x, 0).dataSync(), R.softmaxAxis0, dtype, 'softmax axis 0', 8);
    });
  }
});
