// tf.linalg.expm (ts/expm.ts) against closed forms (rotations, diagonals, nilpotent and
// commuting matrices) and an independent oracle (the Taylor series of A / 2^j in plain JS
// float64, squared j times), in batches and float32; its gradient against central differences,
// d/dt e^(At) = A e^(At), and its errors.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectGradcheck, randomValues, seededRandom } from './helpers/gradcheck';

type Matrix = number[][];
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

/** e^A by the Taylor series of A / 2^j (norm below 1/2, 30 terms), squared j times. */
function taylorExpm(a: Matrix): Matrix {
  const n = a.length;
  const norm = Math.max(...a[0]!.map((_, j) => a.reduce((s, row) => s + Math.abs(row[j]!), 0)));
  const j = Math.max(0, Math.ceil(Math.log2(norm / 0.5)));
  const scaled = a.map((row) => row.map((v) => v / 2 ** j));
  const eye = (): Matrix => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? 1 : 0)));
  let sum = eye(), term = eye();
  for (let k = 1; k <= 30; k++) {
    term = matmul(term, scaled).map((row) => row.map((v) => v / k));
    sum = sum.map((row, r) => row.map((v, c) => v + term[r]![c]!));
  }
  for (let i = 0; i < j; i++) sum = matmul(sum, sum);
  return sum;
}

function expectMatrix(got: tf.Tensor, expected: Matrix, rtol: number) {
  const flat = expected.flat();
  const scale = Math.max(...flat.map(Math.abs));
  const values = got.dataSync();
  const worst = Math.max(...flat.map((e, i) => Math.abs(values[i]! - e)));
  expect(worst / scale).toBeLessThan(rtol);
}

describe('values', () => {
  it('closed forms: a rotation generator, a diagonal, a nilpotent matrix, zero, and the empty matrix', () => {
    for (const t of [0.01, 0.5, 3, 30, 400]) {
      const r = tf.linalg.expm(tf.constant([[0, -t], [t, 0]], 'float64'));
      expectMatrix(r, [[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]], 1e-13 * Math.max(1, t));
    }
    expectMatrix(tf.linalg.expm(tf.constant([[1, 0], [0, -2]], 'float64')), [[Math.E, 0], [0, Math.exp(-2)]], 2e-16);
    expect(tf.linalg.expm(tf.constant([[0, 1, 0], [0, 0, 1], [0, 0, 0]], 'float64')).arraySync()).toEqual([[1, 1, 0.5], [0, 1, 1], [0, 0, 1]]);
    expect(tf.linalg.expm(tf.zeros([3, 3], 'float64')).arraySync()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(tf.linalg.expm(tf.zeros([2, 0, 0])).shape).toEqual([2, 0, 0]);
  });

  it('general matrices of every norm range (each Padé degree, and scaling) equal the Taylor oracle', () => {
    const rand = seededRandom(3);
    for (const [n, scale] of [[3, 0.004], [4, 0.05], [4, 0.2], [3, 0.5], [5, 1], [4, 4], [6, 20]] as const) {
      const a = Array.from({ length: n }, () => Array.from(randomValues(n, rand, { min: -scale, max: scale })));
      expectMatrix(tf.linalg.expm(tf.constant(a, 'float64')), taylorExpm(a), 1e-13);
    }
  });

  it('a batch: each matrix its own degree and squarings, as alone', () => {
    const rand = seededRandom(5);
    const mats = [0.001, 0.3, 2, 25].map((s) => Array.from({ length: 3 }, () => Array.from(randomValues(3, rand, { min: -s, max: s }))));
    const batch = tf.linalg.expm(tf.constant([mats.slice(0, 2), mats.slice(2)], 'float64'));
    expect(batch.shape).toEqual([2, 2, 3, 3]);
    const alone = mats.map((m) => Array.from(tf.linalg.expm(tf.constant(m, 'float64')).dataSync()));
    expect(Array.from(batch.dataSync())).toEqual(alone.flat());
  });

  it('float32: within float32 rounding of the float64 result', () => {
    const rand = seededRandom(8);
    for (const scale of [0.1, 1, 10]) {
      const a = Array.from({ length: 4 }, () => Array.from(randomValues(4, rand, { min: -scale, max: scale })));
      const exact = taylorExpm(a.map((row) => row.map(Math.fround)));
      expectMatrix(tf.linalg.expm(tf.constant(a)), exact, 2e-5);
    }
    expectMatrix(tf.linalg.expm(tf.constant([[0, -30], [30, 0]])), [[Math.cos(30), -Math.sin(30)], [Math.sin(30), Math.cos(30)]], 1e-5);
  });
});

describe('gradients', () => {
  it('against central differences, in each regime', () => {
    for (const scale of [0.05, 0.8, 3, 12]) {
      expectGradcheck((a) => tf.linalg.expm(a), [{ shape: [3, 3], min: -scale, max: scale }], { rtol: 1e-6 });
    }
  });

  it('d/dt e^(At) = A e^(At)', () => {
    const a = tf.constant([[0.5, -1, 0.2], [1.5, -0.3, 0.7], [0, 0.4, -1.2]], 'float64');
    const t = tf.constant(1.7, 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(t);
    const e = tape.record(() => tf.linalg.expm(a.mul(t)));
    const jac = tape.jacobian(e, t) as tf.Tensor;
    tape.dispose();
    expectMatrix(jac, tf.matmul(a, e).arraySync() as Matrix, 1e-12);
  });
});

describe('non-finite input', () => {
  it('a matrix with an infinite or NaN entry gives a matrix that is not finite (and returns)', () => {
    for (const bad of [Infinity, NaN]) {
      const r = tf.linalg.expm(tf.constant([[bad, 0], [0, 1]], 'float64')).dataSync();
      expect(Array.from(r).some((v) => !Number.isFinite(v))).toBe(true);
    }
  });
});

describe('errors', () => {
  it.each([
    ['a vector', () => tf.linalg.expm([1, 2]), /expm: input must be square matrices \[\.\.\., n, n\], got shape \[2\]/],
    ['a rectangle', () => tf.linalg.expm(tf.zeros([2, 3])), /expm: input must be square matrices/],
    ['int32', () => tf.linalg.expm(tf.zeros([2, 2], 'int32')), /expm: input must be float32 or float64, got int32/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});
