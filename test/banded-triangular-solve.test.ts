// tf.linalg.bandedTriangularSolve against TensorFlow 2.21
// (test/fixtures/tf-banded-triangular-solve.json, made by scripts/tf_banded_triangular_solve_fixtures.py):
// lower and upper bands, adjoint, one to five bands (more than rows too), broadcast batches, float32
// and float64, the solution and the gradients in both operands.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Nested = number | Nested[];
const fixture = JSON.parse(readFileSync(new URL('./fixtures/tf-banded-triangular-solve.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  cases: { dtype: 'float32' | 'float64'; lower: boolean; adjoint: boolean; bands: Nested; rhs: Nested; weights: Nested; x: Nested; grad_bands: Nested | null; grad_rhs: Nested | null }[];
};

/** Every value of `got` within `rtol` of `want` (relative to the largest |want|). */
function close(got: tf.Tensor, want: Nested, rtol: number, what: string): void {
  const w = tf.constant(want as number[], 'float64');
  expect(got.shape, what).toEqual(w.shape);
  const g = Array.from(got.dataSync());
  const e = Array.from(w.dataSync());
  const scale = Math.max(1, ...e.map(Math.abs));
  g.forEach((v, i) => expect(Math.abs(v - e[i]!), `${what}[${i}]: ${v} vs ${e[i]}`).toBeLessThanOrEqual(rtol * scale));
}

describe(`tf.linalg.bandedTriangularSolve equals TensorFlow ${fixture.tensorflow}'s`, () => {
  fixture.cases.forEach((c, i) => {
    const bandsShape = tf.constant(c.bands as number[]).shape;
    it(`case ${i}: ${c.dtype}, ${c.lower ? 'lower' : 'upper'}${c.adjoint ? ', adjoint' : ''}, bands [${bandsShape.join(', ')}]`, () => {
      const bands = tf.constant(c.bands as number[], c.dtype);
      const rhs = tf.constant(c.rhs as number[], c.dtype);
      const rtol = c.dtype === 'float32' ? 2e-5 : 1e-12;
      const tape = new tf.GradientTape();
      tape.watch(bands);
      tape.watch(rhs);
      let x!: tf.Tensor;
      const y = tape.record(() => {
        x = tf.linalg.bandedTriangularSolve(bands, rhs, c.lower, c.adjoint);
        return tf.reduceSum(x.mul(tf.constant(c.weights as number[], c.dtype)));
      });
      expect(x.dtype).toBe(c.dtype);
      close(x, c.x, rtol, 'x');
      const [gb, gr] = tape.gradient(y, [bands, rhs]);
      if (c.grad_bands === null) {
        // TensorFlow's gradient fails with more bands than rows; the entries past the matrix get none.
        expect(gb!.shape).toEqual(bandsShape);
        return;
      }
      // (TensorFlow's gradient of a single band comes back squeezed to [M]; gradtape's has the bands' shape.)
      expect(gb!.shape).toEqual(bandsShape);
      close(bandsShape[0] === 1 && bandsShape.length === 2 ? gb!.reshape([-1]) : gb!, c.grad_bands, rtol * 10, 'd/dbands');
      close(gr!, c.grad_rhs!, rtol * 10, 'd/drhs');
    });
  });

  it("matches TensorFlow's documented example (lower, two bands)", () => {
    const x = tf.linalg.bandedTriangularSolve([[2, 3, 4], [1, 2, 3]], tf.ones([3, 1]));
    const dense = tf.linalg.triangularSolve([[2, 0, 0], [2, 3, 0], [0, 3, 4]], tf.ones([3, 1]));
    expect(Array.from(x.dataSync())).toEqual(Array.from(dense.dataSync()));
  });

  it('checks its arguments', () => {
    expect(() => tf.linalg.bandedTriangularSolve([1, 2], [[1], [1]])).toThrow(/bands must have rank >= 2/);
    expect(() => tf.linalg.bandedTriangularSolve([[1, 2]], [[1], [1]], 'yes' as unknown as boolean)).toThrow(/lower/);
  });
});
