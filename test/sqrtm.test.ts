// tf.linalg.sqrtm against TensorFlow 2.21 (test/fixtures/nn-numerics.json, written by
// scripts/nn_numerics_fixtures.py): roots and TensorFlow's registered gradient to rounding (the
// Schur decompositions differ in their rounding, the principal root does not), NaN where
// TensorFlow gives NaN, and TensorFlow's error texts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Num = number | string;
type Nested = Num | Nested[];
const F = JSON.parse(readFileSync(new URL('./fixtures/nn-numerics.json', import.meta.url), 'utf8')).sqrtm;
const num = (v: Nested): unknown => (Array.isArray(v) ? v.map(num) : typeof v === 'string' ? Number(v) : v);
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
const tensor = (v: Nested, shape: number[], dtype: 'float32' | 'float64') => tf.reshape(tf.constant(flat(num(v)), dtype), shape);
const data = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

/** Entry by entry within tol · (1 + |expected|), NaN where expected is NaN. */
function expectClose(actual: number[], expected: number[], tol: number, what: string) {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) => {
    const e = expected[i]!;
    if (Number.isNaN(e)) expect(v, `${what}[${i}]`).toBeNaN();
    else expect(Math.abs(v - e), `${what}[${i}]: ${v} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  });
}

interface SqrtmCase { name: string; a: Nested; shape: number[]; dtype: 'float32' | 'float64'; sqrtm: Nested; upstream?: Nested; gradient?: Nested }

describe('tf.linalg.sqrtm equals TensorFlow 2.21', () => {
  for (const k of F.cases as SqrtmCase[]) {
    it(`${k.name}: root${k.gradient ? ' and gradient' : ''}`, () => {
      const a = tensor(k.a, k.shape, k.dtype);
      const tol = k.dtype === 'float32' ? 2e-6 : 1e-13;
      const tape = new tf.GradientTape();
      tape.watch(a);
      const s = tape.record(() => tf.linalg.sqrtm(a));
      expect(s.dtype).toBe(k.dtype);
      expect(s.shape).toEqual(k.shape);
      expectClose(data(s), flat(num(k.sqrtm)), tol, 'sqrtm');
      if (k.gradient) {
        const w = tensor(k.upstream!, k.shape, k.dtype);
        const loss = tape.record(() => tf.reduceSum(tf.mul(s, w)));
        expectClose(data(tape.gradient(loss, a) as tf.Tensor), flat(num(k.gradient)), k.dtype === 'float32' ? 2e-5 : 1e-12, 'gradient');
      }
    });
  }

  it('gives TensorFlow\'s errors', () => {
    const E = F.errors as Record<string, string>;
    const text = (name: string) => E[name]!.replace(/^.*?\}\} /, '').replace(/ \[Op:.*$/, '');
    expect(() => tf.linalg.sqrtm(tf.zeros([2, 3], 'float64'))).toThrow(text('not square'));
    expect(() => tf.linalg.sqrtm(tf.zeros([3], 'float64'))).toThrow('Input tensor 0 must have rank >= 2, got 1');
    expect(E['int32']).toMatch(/attr 'T' of int32 is not in the list/);
    expect(() => tf.linalg.sqrtm(tf.zeros([2, 2], 'int32'))).toThrow(/must be float32 or float64, got int32/);
  });

  it('squares back to its input on 60 pseudo-random matrices of orders 1 to 12 (real and complex eigenvalues)', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + (trial % 12);
      // A random matrix plus a diagonal shift (which keeps these matrices' eigenvalues off the negative axis).
      const m = Array.from({ length: n * n }, (_, i) => next() + (i % (n + 1) === 0 ? 1.5 * Math.sqrt(n) + 0.5 : 0));
      const a = tf.reshape(tf.constant(m, 'float64'), [n, n]);
      const s = tf.linalg.sqrtm(a);
      expectClose(data(tf.matmul(s, s)), m, 1e-11, `trial ${trial} (n ${n})`);
    }
  });

  it('squares back to its input on larger matrices, and runs under tf.function', () => {
    const n = 9;
    const a = tf.add(tf.reshape(tf.sin(tf.range(0, n * n, 1, 'float64')), [n, n]), tf.mul(tf.eye(n, n, null, 'float64'), 3));
    const s = tf.linalg.sqrtm(a);
    expectClose(data(tf.matmul(s, s)), data(a), 1e-12, 's s');
    const compiled = tf.function((x: tf.Tensor) => tf.linalg.sqrtm(x));
    expect(data(compiled(a) as tf.Tensor)).toEqual(data(s));
    expect(data(compiled(tf.mul(a, 2)) as tf.Tensor)).toEqual(data(tf.linalg.sqrtm(tf.mul(a, 2))));
  });
});
