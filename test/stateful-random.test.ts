// tf.random.uniform (float and int32), normal, truncatedNormal, shuffle, categorical, gamma and poisson draw TensorFlow's numbers:
// after tf.random.setSeed the same series of calls gives TensorFlow 2.21's values
// (test/fixtures/tf-stateful-random.json, made by scripts/tf_stateful_random_fixtures.py): op seeds
// from the context's RNG for seedless calls, explicit op seeds whose kernel continues its stream
// when called again (shuffle's by one word a swap, per dtype of the shuffled tensor), the default
// global seed when only an op seed is given, seed 0 and negative seeds, float64, odd sizes, empty
// shapes, shuffles of one row and of matrices, gamma with alpha 1, below 1 and large and broadcast
// betas, poisson with rates on both sides of 10 into float and int32 samples, categorical ids of
// TensorFlow's int64 and int32 kernels (a stream each), infinite logits, 64 rows of 9 samples.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';

interface Call {
  kind: 'uniform' | 'uniform_int' | 'normal' | 'truncated_normal' | 'shuffle' | 'gamma' | 'poisson' | 'categorical';
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32';
  seed: number | null;
  minval?: number;
  maxval?: number;
  mean?: number;
  stddev?: number;
  alpha?: number | number[] | number[][];
  beta?: number[];
  lam?: number | number[];
  lam_dtype?: 'float64';
  /** (-inf written as the string '-inf': JSON has no infinities.) */
  logits?: (number | '-inf')[][];
  /** TensorFlow's id dtype when given (int64 by default). */
  ids?: 'int32';
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/tf-stateful-random.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  programs: { global_seed: number | null; calls: Call[]; values: number[][]; shapes: number[][] }[];
};

function run(c: Call): tf.Tensor {
  const seed = c.seed ?? undefined;
  switch (c.kind) {
    case 'uniform':
      return tf.random.uniform(c.shape, { dtype: c.dtype, seed, ...(c.minval !== undefined && { minval: c.minval }), ...(c.maxval !== undefined && { maxval: c.maxval }) });
    case 'uniform_int':
      return tf.random.uniform(c.shape, { minval: c.minval, maxval: c.maxval, dtype: 'int32', seed });
    case 'normal':
      return tf.random.normal(c.shape, { dtype: c.dtype, seed, mean: c.mean, stddev: c.stddev });
    case 'truncated_normal':
      return tf.random.truncatedNormal(c.shape, { dtype: c.dtype, seed, mean: c.mean, stddev: c.stddev });
    case 'gamma': {
      const dtype = c.dtype as 'float32' | 'float64';
      return tf.random.gamma(c.shape, tf.constant(c.alpha!, dtype), { beta: c.beta === undefined ? null : tf.constant(c.beta, dtype), dtype, seed });
    }
    case 'categorical':
      return tf.random.categorical(tf.constant(c.logits!.map((row) => row.map((x) => (x === '-inf' ? -Infinity : x))), c.dtype), c.shape[1]!, { seed, ...(c.ids !== undefined && { dtype: c.ids }) });
    case 'poisson':
      return tf.random.poisson(c.shape, tf.constant(c.lam!, c.lam_dtype ?? 'float32'), { dtype: c.dtype, seed });
    case 'shuffle': {
      const n = c.shape.reduce((a, b) => a * b, 1);
      return tf.random.shuffle(tf.range(0, n, 1, c.dtype).reshape(c.shape), seed);
    }
  }
}

/** Distance in units in the last place of the dtype's values (same-sign values). */
function ulps(a: number, b: number, dtype: 'float32' | 'float64'): number {
  const view = new DataView(new ArrayBuffer(16));
  if (dtype === 'float32') {
    view.setFloat32(0, a);
    view.setFloat32(8, b);
    return view.getInt32(0) - view.getInt32(8);
  }
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

afterAll(() => tf.random.setSeed(null));

let exact = 0;
let compared = 0;

describe(`seeded tf.random draws equal TensorFlow ${fixture.tensorflow}'s`, () => {
  for (const program of fixture.programs) {
    it(`global seed ${program.global_seed}: ${program.calls.map((c) => `${c.kind}${c.seed !== null ? `(seed ${c.seed})` : ''}`).join(', ')}`, () => {
      tf.random.setSeed(program.global_seed);
      program.calls.forEach((c, i) => {
        const t = run(c);
        const expected = program.values[i]!;
        expect(t.shape).toEqual(program.shapes[i]);
        const got = Array.from(t.dataSync());
        if (c.kind === 'uniform' || c.kind === 'uniform_int' || c.kind === 'shuffle' || c.kind === 'poisson' || c.kind === 'categorical') {
          expect(got, `call ${i}`).toEqual(expected); // bit for bit
        } else if (c.kind === 'gamma') {
          // float64 log, exp and pow from JavaScript here and glibc there: float32 samples round
          // to the same value, float64 ones may differ in their last bits.
          if (c.dtype === 'float32') expect(got, `call ${i}`).toEqual(expected);
          else got.forEach((v, k) => expect(Math.abs(v - expected[k]!), `call ${i}, value ${k}`).toBeLessThanOrEqual(1e-14 * Math.abs(expected[k]!)));
        } else {
          // Normals: Box–Muller's ln, sin and cos, correctly rounded here (float32) or within a few
          // ulps (float64 SIMD lanes); TensorFlow's come from glibc's logf and sincosf, one ulp off
          // for about 1% of arguments each (and from its FMA variants on some machines).
          got.forEach((v, k) => expect(Math.abs(ulps(v, expected[k]!, c.dtype as 'float32' | 'float64')), `call ${i}, value ${k}: ${v} vs ${expected[k]}`).toBeLessThanOrEqual(c.dtype === 'float32' ? 3 : 4));
          exact += got.filter((v, k) => v === expected[k]).length;
          compared += got.length;
        }
      });
    });
  }

  it('most normal values are bit for bit TensorFlow\'s (the rest within the ulps above)', () => {
    expect(compared).toBeGreaterThan(80);
    expect(exact / compared).toBeGreaterThan(0.9);
  });

  it('the example of tf.random.set_seed: A1 then A2 with an op seed, the same again after set_seed', () => {
    tf.random.setSeed(1234);
    const a1 = tf.random.uniform([1], { seed: 1 }).dataSync()[0];
    const a2 = tf.random.uniform([1], { seed: 1 }).dataSync()[0];
    expect(a2).not.toBe(a1);
    tf.random.setSeed(1234);
    expect(tf.random.uniform([1], { seed: 1 }).dataSync()[0]).toBe(a1);
    expect(tf.random.uniform([1], { seed: 1 }).dataSync()[0]).toBe(a2);
  });

  it('without any seed the draws differ from call to call (and from run to run)', () => {
    tf.random.setSeed(null);
    const [a, b] = [tf.random.normal([8]).dataSync(), tf.random.normal([8]).dataSync()];
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
