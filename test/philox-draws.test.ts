// The wasm draws of TensorFlow's stateless uniform, normal and truncated normal values
// (kernels::philox, through gt_random_draw) against the JavaScript oracle (test/philox-oracle.ts),
// stream by stream: float32 bit for bit; float64 uniforms bit for bit and normals within 4 ulps:
// the module's libm and V8's round log, sin or cos differently in the last bit for about 1.5% of
// the values (each agrees with glibc's, which TensorFlow's numbers come from, for about 94%).
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { Philox, drawTensor, type Distribution } from '../ts/stateless-random';
import { type FloatDType, normalValues, scaled, truncatedNormalValues, uniformValues } from './philox-oracle';

const oracle: Record<Distribution, (g: Philox, n: number, dtype: FloatDType) => Float64Array> = {
  uniform: uniformValues,
  normal: normalValues,
  truncatedNormal: truncatedNormalValues,
};

/** Units in the last place between two floats of `dtype` (0 when equal). */
function ulps(a: number, b: number, dtype: FloatDType): number {
  if (a === b) return 0;
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  return Math.abs(a - b) / (eps * 2 ** Math.floor(Math.log2(Math.max(Math.abs(a), Math.abs(b)))));
}

/** Streams that reach the counter's carries and the key's extremes. */
const streams: [number[], number[]][] = [
  [[0, 0], [0, 0, 0, 0]],
  [[1234, 0], [0, 0, 1, 0]],
  [[0xffffffff, 0xffffffff], [0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff]],
  [[0x9e3779b9, 7], [0xffffff00, 0xffffffff, 5, 0]],
];

describe('wasm draws against the JavaScript oracle', () => {
  for (const distribution of ['uniform', 'normal', 'truncatedNormal'] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${distribution} ${dtype}: every value, for sizes around the calls, groups and parallel parts`, () => {
        let worst = 0;
        for (const [key, counter] of streams) {
          for (const n of [0, 1, 2, 3, 5, 17, 1000, (1 << 14) + 3, (1 << 16) + 7]) {
            const t = drawTensor(distribution, new Philox(key, counter), [n], dtype, 1, 0);
            expect(t.dtype).toBe(dtype);
            const got = t.dataSync();
            const want = oracle[distribution](new Philox(key, counter), n, dtype);
            const exact = dtype === 'float32' || distribution === 'uniform';
            for (let i = 0; i < n; i++) {
              const d = ulps(got[i]!, want[i]!, dtype);
              if (exact && d !== 0) expect(`${n} values: [${i}] = ${got[i]}`).toBe(`${n} values: [${i}] = ${want[i]}`);
              worst = Math.max(worst, d);
            }
            t.dispose();
          }
        }
        expect(worst).toBeLessThanOrEqual(4);
      });
    }
  }

  it('scale and shift: two operations rounded to the dtype (as TensorFlow applies stddev and mean)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const distribution of ['uniform', 'normal', 'truncatedNormal'] as const) {
        const g = new Philox([5, 6], [7, 8, 9, 10]);
        const got = drawTensor(distribution, g, [3, 7], dtype, 0.3, -1.7);
        expect(got.shape).toEqual([3, 7]);
        const want = scaled(oracle[distribution](new Philox([5, 6], [7, 8, 9, 10]), 21, dtype), 0.3, -1.7, dtype);
        const values = got.dataSync();
        for (let i = 0; i < 21; i++) expect(ulps(values[i]!, want[i]!, dtype)).toBeLessThanOrEqual(dtype === 'float32' || distribution === 'uniform' ? 0 : 4);
      }
    }
  });

  it('a draw leaves its stream where it was, and the public ops use it (statelessNormal, Generator)', () => {
    const g = new Philox([1, 2], [3, 4, 5, 6]);
    drawTensor('normal', g, [9], 'float32', 1, 0);
    expect(Array.from(g.counter)).toEqual([3, 4, 5, 6]);
    const z = tf.random.Generator.fromKeyCounter(77, [5, 9]).truncatedNormal([6], { dtype: 'float64' });
    expect(Array.from(z.dataSync())).toEqual(Array.from(drawTensor('truncatedNormal', new Philox([77, 0], [5, 0, 9, 0]), [6], 'float64', 1, 0).dataSync()));
  });
});
