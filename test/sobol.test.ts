// tf.math.sobolSample against TensorFlow 2.21's SobolSample (scripts/sobol_fixtures.py): small
// cases value for value, large ones by the SHA-256 of their bytes; and TensorFlow's errors.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

interface Case { dim: number; numResults: number; skip: number; float64?: number[]; sha256Float64?: string; sha256Float32?: string; sum?: number }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sobol-tf.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  errors: { args: [number, number, number]; message: string }[];
};
const sha256 = (a: Float32Array | Float64Array): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('tf.math.sobolSample', () => {
  it.each(fixture.cases.filter((c) => c.float64))('dim $dim, $numResults points after $skip: TensorFlow\'s values', (c) => {
    // From skip + numResults + 1 >= 2^30 on, TensorFlow 2.21's kernel scales its 31-bit integers
    // by 1.0 / (1 << 31), an int overflow that makes the constant -2^-31: its points come out
    // negated. gradtape returns the points.
    const sign = c.skip + c.numResults + 1 >= 2 ** 30 ? -1 : 1;
    const expected = c.float64!.map((v) => sign * v);
    expect(expected.every((v) => v > 0 && v < 1)).toBe(true);
    const f64 = tf.math.sobolSample(c.dim, c.numResults, c.skip, 'float64');
    expect(f64.shape).toEqual([c.numResults, c.dim]);
    expect(Array.from(f64.dataSync() as Float64Array)).toEqual(expected);
    const f32 = tf.math.sobolSample(c.dim, c.numResults, c.skip);
    expect(f32.dtype).toBe('float32');
    expect(Array.from(f32.dataSync() as Float32Array)).toEqual(expected.map(Math.fround));
  });

  it.each(fixture.cases.filter((c) => c.sha256Float64))('dim $dim, $numResults points after $skip: TensorFlow\'s bytes', (c) => {
    const f64 = tf.math.sobolSample(c.dim, c.numResults, c.skip, 'float64').dataSync() as Float64Array;
    expect(f64.reduce((a, b) => a + b, 0)).toBeCloseTo(c.sum!, 6);
    expect(sha256(f64)).toBe(c.sha256Float64);
    expect(sha256(tf.math.sobolSample(c.dim, c.numResults, c.skip).dataSync() as Float32Array)).toBe(c.sha256Float32);
  });

  it("refuses what TensorFlow refuses, with TensorFlow's conditions", () => {
    const ours: Record<string, RegExp> = {
      'dim must be at least one': /dim must be at least one, got 0/,
      'num_results must be at least one': /numResults must be at least one, got 0/,
      'skip must be non-negative': /skip must be non-negative, got -1/,
      'num_results+skip must be less than 2147483647': /numResults \+ skip must be less than 2147483647/,
      'dim must be at most 21200': /dim must be at most 1111, got 21201: gradtape ships the direction numbers of the first 1111/,
    };
    for (const { args, message } of fixture.errors) {
      expect(() => tf.math.sobolSample(...args), message).toThrow(ours[message]!);
    }
    expect(() => tf.math.sobolSample(1112, 1)).toThrow(/at most 1111/);
    expect(() => tf.math.sobolSample(2.5, 1)).toThrow(/dim must be an int32 integer, got 2\.5/);
    expect(() => tf.math.sobolSample(2, 1, 0, 'int32')).toThrow(/dtype must be 'float32' or 'float64'/);
  });

  it('is a constant inside tf.function, the same points at every call', () => {
    const f = tf.function((x: tf.Tensor) => x.add(tf.math.sobolSample(3, 2)));
    const expected = Array.from(tf.math.sobolSample(3, 2).dataSync() as Float32Array);
    for (let call = 0; call < 3; call++) {
      expect(Array.from(f(tf.zeros([2, 3])).dataSync() as Float32Array)).toEqual(expected);
    }
  });
});
