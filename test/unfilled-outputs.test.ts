// Unary, binary, comparison, softmax-row and matmul kernels write into new memory that is not
// filled first (one pass over memory fewer): every element must be written, for every tail
// length, broadcasting pattern and matrix-product path. Freeing a NaN-filled
// tensor of the same size first leaves garbage where the output is likely to be placed.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 1000, 4099];
const input = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 6);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function afterGarbage(n: number, dtype: 'float32' | 'float64', op: (x: tf.Tensor) => tf.Tensor): number[] {
  const x = tf.constant(input(n), dtype);
  tf.fill([n], NaN, dtype).dispose();
  const y = op(x);
  const values = Array.from(y.dataSync() as ArrayLike<number>);
  x.dispose();
  y.dispose();
  return values;
}

describe('outputs written in full over freed garbage', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const digits = dtype === 'float32' ? 5 : 12;
    it(`sigmoid, exp, relu, tanh (${dtype})`, () => {
      const cases: [string, (x: tf.Tensor) => tf.Tensor, (v: number) => number][] = [
        ['sigmoid', tf.sigmoid, sigmoid],
        ['exp', tf.exp, Math.exp],
        ['relu', tf.relu, (v) => Math.max(v, 0)],
        ['tanh', tf.tanh, Math.tanh],
      ];
      for (const [name, op, reference] of cases) {
        for (const n of LENGTHS) {
          const got = afterGarbage(n, dtype, op);
          input(n).forEach((v, i) => {
            expect(got[i], `${name} n=${n} i=${i}`).toBeCloseTo(reference(v), digits - Math.max(0, Math.ceil(Math.log10(Math.abs(reference(v)) + 1))));
          });
        }
      }
    });

    it(`add, mul, maximum and greater, with and without broadcasting (${dtype})`, () => {
      for (const n of LENGTHS) {
        const values = input(n);
        const other = values.map((v, i) => Math.cos(i) * 3);
        // [n] with [n], [n] with a scalar, a scalar with [n], [n, 1] with [1, 3] (general broadcast).
        const pairs: [string, () => [tf.Tensor, tf.Tensor], (i: number, j: number) => [number, number], number[]][] = [
          ['full', () => [tf.constant(values, dtype), tf.constant(other, dtype)], (i) => [values[i]!, other[i]!], [n]],
          ['scalar right', () => [tf.constant(values, dtype), tf.constant(0.75, dtype)], (i) => [values[i]!, 0.75], [n]],
          ['scalar left', () => [tf.constant(-1.25, dtype), tf.constant(values, dtype)], (i) => [-1.25, values[i]!], [n]],
          ['outer', () => [tf.constant(values, dtype).reshape([n, 1]), tf.constant([1, -2, 0.5], dtype).reshape([1, 3])], (i, j) => [values[i]!, [1, -2, 0.5][j]!], [n, 3]],
        ];
        const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, (p: number, q: number) => number][] = [
          ['add', tf.add, (p, q) => p + q],
          ['mul', tf.mul, (p, q) => p * q],
          ['maximum', tf.maximum, Math.max],
          ['greater', (a, b) => tf.greater(a, b).cast(dtype), (p, q) => (p > q ? 1 : 0)],
        ];
        for (const [pattern, make, operands, shape] of pairs) {
          for (const [name, op, reference] of ops) {
            const [a, b] = make();
            const size = shape.reduce((p, q) => p * q, 1);
            tf.fill([size], NaN, dtype).dispose();
            tf.fill([size], NaN, 'bool').dispose();
            const got = Array.from(op(a, b).dataSync() as ArrayLike<number>);
            expect(got).toHaveLength(size);
            got.forEach((v, k) => {
              const [p, q] = operands(Math.floor(k / (shape[1] ?? 1)), k % (shape[1] ?? 1));
              expect(v, `${name} ${pattern} n=${n} k=${k}`).toBeCloseTo(reference(p, q), digits - 2);
            });
          }
        }
      }
    });

    it(`matmul: matrix-vector products of every row length, and the blocked product (${dtype})`, () => {
      // [m, k] @ [k, n] and its transposes: n = 1 and m = 1 take the matrix-vector kernels (rows
      // shorter than a vector, whole vectors with tails, long dot products, columns), the rest
      // the unblocked and packed products.
      const shapes: [number, number, number][] = [
        [20, 3, 1], [33, 1, 1], [17, 2, 1], [9, 4, 1], [9, 5, 1], [9, 8, 1], [9, 11, 1], [7, 13, 1], [5, 40, 1],
        [1, 3, 20], [1, 9, 33], [1, 300, 7], [3, 5, 7], [70, 40, 30],
      ];
      for (const [m, k, n] of shapes) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
          const aValues = input(m * k), bValues = input(k * n).map((v) => v / 3);
          const a = tf.constant(aValues, dtype).reshape(ta ? [k, m] : [m, k]);
          const b = tf.constant(bValues, dtype).reshape(tb ? [n, k] : [k, n]);
          tf.fill([m * n], NaN, dtype).dispose();
          const got = Array.from(tf.matmul(a, b, ta, tb).dataSync() as ArrayLike<number>);
          expect(got).toHaveLength(m * n);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              for (let p = 0; p < k; p++) sum += aValues[ta ? p * m + i : i * k + p]! * bValues[tb ? j * k + p : p * n + j]!;
              expect(got[i * n + j], `[${m},${k},${n}] (${ta}, ${tb}) [${i},${j}]`).toBeCloseTo(sum, digits - 3);
            }
          }
          a.dispose();
          b.dispose();
        }
      }
    });

    it(`softmax and logSoftmax rows (${dtype})`, () => {
      for (const n of LENGTHS) {
        const values = input(n);
        const max = Math.max(...values);
        const total = values.reduce((s, v) => s + Math.exp(v - max), 0);
        const soft = afterGarbage(n, dtype, (x) => tf.nn.softmax(x));
        const logSoft = afterGarbage(n, dtype, (x) => tf.nn.logSoftmax(x));
        values.forEach((v, i) => {
          expect(soft[i], `softmax n=${n} i=${i}`).toBeCloseTo(Math.exp(v - max) / total, digits);
          expect(logSoft[i], `logSoftmax n=${n} i=${i}`).toBeCloseTo(v - max - Math.log(total), digits - 1);
        });
      }
    });
  }
});
