// tf.image's random augmentation ops (ts/image.ts). Oracles:
// 1. TensorFlow's published outputs: the docstring examples of image_ops_impl.py
//    (stateless_random_flip_left_right / flip_up_down with seed (2, 3), stateless_random_brightness,
//    contrast, saturation and hue with seed (1, 2)) and random_crop_ops.py (stateless_random_crop),
//    and random_crop_test.py's no-op and uniformity checks.
// 2. The composition TensorFlow's Python code makes with the draw, recomputed here from
//    tf.random.statelessUniform (itself checked against TensorFlow's numbers in
//    stateless-random.test.ts) or, for the stateful ops, from tf.random.uniform after the same
//    tf.random.setSeed: one image flips when u < 0.5, a batch's image i when round(u[i]) = 1; the
//    factors are u·(hi − lo) + lo in float32; the crop's offsets are int32 draws mod (shape − size + 1).
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { expectClose, expectGradcheck, randomValues, seededRandom, sizeOf } from './helpers/gradcheck';

const rand = seededRandom(23);
const randomImage = (shape: number[], dtype: 'float32' | 'float64' = 'float32', min = 0, max = 1) =>
  tf.reshape(tf.constant(Array.from(randomValues(sizeOf(shape), rand, { min, max })), dtype), shape);
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const f32 = Math.fround;
/** A float32 uniform in [lo, hi) from u in [0, 1): u·(hi − lo) + lo, each step in float32. */
const scaled = (u: number, lo: number, hi: number) => f32(f32(u * f32(f32(hi) - f32(lo))) + f32(lo));
/** The seeds [i, 7] for i < n. */
const seeds = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [i, 7]);

// TensorFlow's docstring input for the colour ops: a 2×2 RGB image of 1..12 (float32).
const docImage = () => tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], 'float32');

describe("stateless ops: TensorFlow's published outputs", () => {
  it('statelessRandomFlipLeftRight and statelessRandomFlipUpDown, seed (2, 3)', () => {
    const image = tf.constant([[[1], [2]], [[3], [4]]], 'int32');
    expect(tf.image.statelessRandomFlipLeftRight(image, [2, 3]).arraySync()).toEqual([[[2], [1]], [[4], [3]]]);
    expect(tf.image.statelessRandomFlipUpDown(image, [2, 3]).arraySync()).toEqual([[[3], [4]], [[1], [2]]]);
    expect(tf.image.statelessRandomFlipLeftRight(image, [2, 3]).dtype).toBe('int32');
  });

  it('statelessRandomBrightness(x, 0.2, seed (1, 2)): the same float32 numbers', () => {
    // As numpy prints them: the shortest digits that identify each float32.
    const printed = [1.1376241, 2.1376243, 3.1376243, 4.1376243, 5.1376243, 6.1376243, 7.1376243, 8.137624, 9.137624, 10.137624, 11.137624, 12.137624];
    expect(values(tf.image.statelessRandomBrightness(docImage(), 0.2, [1, 2]))).toEqual(printed.map(f32));
  });

  it('statelessRandomContrast, statelessRandomSaturation, statelessRandomHue, seed (1, 2): to a few float32 ulps', () => {
    // The draws are TensorFlow's exactly (brightness above); the adjustments are gradtape's
    // compositions (mean, HSV), which round differently from TensorFlow's fused kernels by an ulp
    // or three.
    const cases: [tf.Tensor, number[]][] = [
      [tf.image.statelessRandomContrast(docImage(), 0.2, 0.5, [1, 2]), [3.4605184, 4.4605184, 5.4605184, 4.820173, 5.820173, 6.820173, 6.179827, 7.179827, 8.179828, 7.5394816, 8.539482, 9.539482]],
      [tf.image.statelessRandomSaturation(docImage(), 0.5, 1.0, [1, 2]), [1.1559395, 2.0779698, 3, 4.1559396, 5.07797, 6, 7.1559396, 8.07797, 9, 10.155939, 11.07797, 12]],
      [tf.image.statelessRandomHue(docImage(), 0.2, [1, 2]), [1.6514902, 1, 3, 4.65149, 4, 6, 7.65149, 7, 9, 10.65149, 10, 12]],
    ];
    for (const [y, want] of cases) {
      expect(y.dtype).toBe('float32');
      expectClose(y, want, 4e-7, 0);
    }
  });

  it('statelessRandomCrop: the docstring window, and no-op crops (random_crop_test.py testNoOp)', () => {
    const image = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], 'int32');
    expect(tf.image.statelessRandomCrop(image, [1, 2, 3], [1, 2]).arraySync()).toEqual([[[1, 2, 3], [4, 5, 6]]]);
    for (const shape of [[2, 1, 1], [2, 1, 3], [4, 5, 3]]) {
      const value = tf.reshape(tf.range(0, sizeOf(shape), 1, 'int32'), shape);
      expect(values(tf.image.statelessRandomCrop(value, shape, [1, 2]))).toEqual(values(value));
    }
  });
});

describe('stateless ops: the composition with tf.random.statelessUniform', () => {
  it('one image flips when u = statelessUniform([], seed) < 0.5; image i of a batch when round(u[i]) = 1', () => {
    const image = randomImage([3, 4, 2]);
    const mirrored = tf.reverse(image, [1]), upsideDown = tf.reverse(image, [0]);
    const decisions = new Set<boolean>();
    for (const seed of seeds(24)) {
      const u = tf.random.statelessUniform([], seed).arraySync() as number;
      decisions.add(u < 0.5);
      expect(values(tf.image.statelessRandomFlipLeftRight(image, seed)), `${seed}`).toEqual(values(u < 0.5 ? mirrored : image));
      expect(values(tf.image.statelessRandomFlipUpDown(image, seed)), `${seed}`).toEqual(values(u < 0.5 ? upsideDown : image));
    }
    expect([...decisions].sort()).toEqual([false, true]); // both branches were taken

    const batch = randomImage([8, 3, 4, 2]);
    let flipped = 0;
    for (const seed of seeds(6)) {
      const u = values(tf.random.statelessUniform([8], seed));
      const y = tf.image.statelessRandomFlipLeftRight(batch, seed);
      const z = tf.image.statelessRandomFlipUpDown(batch, seed);
      u.forEach((ui, i) => {
        const one = batch.slice([i, 0, 0, 0], [1, -1, -1, -1]);
        const flip = ui > 0.5; // round half to even: 0.5 stays
        flipped += flip ? 1 : 0;
        expect(values(y.slice([i, 0, 0, 0], [1, -1, -1, -1])), `${seed} image ${i}`).toEqual(values(flip ? tf.reverse(one, [2]) : one));
        expect(values(z.slice([i, 0, 0, 0], [1, -1, -1, -1])), `${seed} image ${i}`).toEqual(values(flip ? tf.reverse(one, [1]) : one));
      });
    }
    expect(flipped).toBeGreaterThan(10);
    expect(flipped).toBeLessThan(38);
  });

  it("a batch of one decides by the opposite half from one image (TensorFlow's two rules)", () => {
    const image = tf.constant([[[1], [2]]], 'float32');
    for (const seed of seeds(12)) {
      const u = tf.random.statelessUniform([], seed).arraySync() as number;
      const single = values(tf.image.statelessRandomFlipLeftRight(image, seed));
      const batched = values(tf.image.statelessRandomFlipLeftRight(tf.reshape(image, [1, 1, 2, 1]), seed));
      expect(single).toEqual(u < 0.5 ? [2, 1] : [1, 2]);
      expect(batched).toEqual(u > 0.5 ? [2, 1] : [1, 2]);
    }
  });

  it("a batch is flips·flipped + (1 − flips)·image, so an infinity makes NaNs as in TensorFlow", () => {
    const batch = tf.constant([[[[Infinity], [1]]], [[[Infinity], [1]]]], 'float32'); // [2, 1, 2, 1]
    const seed = seeds(40).find((s) => {
      const u = values(tf.random.statelessUniform([2], s));
      return u[0]! > 0.5 && u[1]! < 0.5;
    })!;
    // Image 0 flips: [1·1 + 0·inf, 1·inf + 0·1] = [NaN, inf]; image 1 does not: [0·1 + 1·inf, 0·inf + 1·1].
    expect(values(tf.image.statelessRandomFlipLeftRight(batch, seed))).toEqual([NaN, Infinity, Infinity, NaN]);
  });

  it('brightness, contrast, saturation and hue adjust by the uniform draw scaled into their range', () => {
    const rgb = randomImage([2, 3, 4, 3]);
    for (const seed of seeds(6)) {
      const u = tf.random.statelessUniform([], seed).arraySync() as number;
      // The scaled draw equals statelessUniform's own minval/maxval.
      expect(scaled(u, -0.3, 0.3)).toBe(tf.random.statelessUniform([], seed, { minval: -0.3, maxval: 0.3 }).arraySync());
      expect(values(tf.image.statelessRandomBrightness(rgb, 0.3, seed))).toEqual(values(tf.add(rgb, scaled(u, -0.3, 0.3))));
      expect(values(tf.image.statelessRandomContrast(rgb, 0.2, 1.8, seed))).toEqual(values(tf.image.adjustContrast(rgb, scaled(u, 0.2, 1.8))));
      expect(values(tf.image.statelessRandomSaturation(rgb, 0, 3, seed))).toEqual(values(tf.image.adjustSaturation(rgb, scaled(u, 0, 3))));
      expect(values(tf.image.statelessRandomHue(rgb, 0.5, seed))).toEqual(values(tf.image.adjustHue(rgb, scaled(u, -0.5, 0.5))));
    }
    // Contrast, independently: (x − mean)·factor + mean per image and channel.
    const seed: [number, number] = [3, 9];
    const factor = scaled(tf.random.statelessUniform([], seed).arraySync() as number, 0.5, 1.5);
    const y = tf.image.statelessRandomContrast(rgb, 0.5, 1.5, seed).arraySync() as number[][][][];
    const x = rgb.arraySync() as number[][][][];
    x.forEach((img, b) => {
      for (let c = 0; c < 3; c++) {
        const mean = img.flat().reduce((s, p) => s + p[c]!, 0) / 12;
        img.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(y[b]![i]![j]![c]! - ((p[c]! - mean) * factor + mean))).toBeLessThan(1e-6)));
      }
    });
  });

  it('crop offsets are statelessUniform int32 draws in [0, 2³¹ − 1) mod (shape − size + 1)', () => {
    const value = tf.reshape(tf.range(0, 7 * 6 * 5, 1, 'int32'), [7, 6, 5]);
    const size = [3, 6, 2];
    const starts = new Set<string>();
    for (const seed of seeds(20)) {
      const r = values(tf.random.statelessUniform([3], seed, { dtype: 'int32', minval: 0, maxval: 2147483647 }));
      const offset = r.map((v, i) => v % (value.shape[i]! - size[i]! + 1));
      starts.add(offset.join());
      expect(values(tf.image.statelessRandomCrop(value, size, seed)), `${seed}`).toEqual(values(tf.slice(value, offset, size)));
    }
    expect(starts.size).toBeGreaterThan(8);
    // Any rank: a vector, a matrix.
    expect(tf.image.statelessRandomCrop(tf.range(0, 10), [4], [5, 5]).shape).toEqual([4]);
    expect(tf.image.statelessRandomCrop(tf.zeros([4, 3]), [2, 1], [5, 5]).shape).toEqual([2, 1]);
  });

  it('1 × 1 crops find every pixel about equally often (random_crop_test.py testRandomization)', () => {
    const shape = [5, 4, 1];
    const value = tf.reshape(tf.range(0, 20, 1, 'int32'), shape);
    const counts = new Array<number>(20).fill(0);
    for (let i = 0; i < 1000; i++) counts[tf.image.statelessRandomCrop(value, [1, 1, 1], [i, 11]).dataSync()[0]!]! += 1;
    // Within four standard deviations of 1000/20 (TensorFlow's test's bound).
    for (const n of counts) expect(Math.abs(n - 50)).toBeLessThan(4 * Math.sqrt(50));
  });

  it('the draws stay in range: deltas in [−maxDelta, maxDelta), factors in [lower, upper)', () => {
    const x = tf.fill([1, 1, 3], 0.5, 'float64');
    const deltas = seeds(60).map((s) => values(tf.sub(tf.image.statelessRandomBrightness(x, 0.25, s), x))[0]!);
    expect(Math.min(...deltas)).toBeGreaterThanOrEqual(-0.25);
    expect(Math.max(...deltas)).toBeLessThan(0.25);
    expect(Math.max(...deltas) - Math.min(...deltas)).toBeGreaterThan(0.3);
    // maxDelta 0 adds nothing.
    expect(values(tf.image.statelessRandomBrightness(x, 0, [1, 2]))).toEqual([0.5, 0.5, 0.5]);
    // The contrast factor of a two-pixel image: (y1 − y0)/(x1 − x0).
    const pair = tf.constant([[[0], [1]]], 'float64');
    const factors = seeds(60).map((s) => {
      const y = values(tf.image.statelessRandomContrast(pair, 0.4, 0.6, s));
      return y[1]! - y[0]!;
    });
    expect(Math.min(...factors)).toBeGreaterThanOrEqual(0.4 - 1e-15);
    expect(Math.max(...factors)).toBeLessThan(0.6);
  });

  it('is a fixed function of the seed: repeatable, a tensor seed as its numbers, other seeds differ', () => {
    const rgb = randomImage([2, 3, 3, 3]);
    const ops: ((seed: tf.Seed) => tf.Tensor)[] = [
      (s) => tf.image.statelessRandomBrightness(rgb, 0.4, s),
      (s) => tf.image.statelessRandomContrast(rgb, 0.1, 2, s),
      (s) => tf.image.statelessRandomSaturation(rgb, 0.1, 2, s),
      (s) => tf.image.statelessRandomHue(rgb, 0.4, s),
      (s) => tf.image.statelessRandomCrop(rgb, [1, 2, 2, 3], s),
    ];
    for (const op of ops) {
      const a = values(op([4, 5]));
      expect(values(op([4, 5]))).toEqual(a);
      expect(values(op(tf.constant([4, 5], 'int32')))).toEqual(a);
      expect(seeds(4).some((s) => JSON.stringify(values(op(s))) !== JSON.stringify(a))).toBe(true);
    }
    tf.random.setSeed(1);
    const before = values(tf.image.statelessRandomHue(rgb, 0.4, [4, 5]));
    tf.random.setSeed(2);
    expect(values(tf.image.statelessRandomHue(rgb, 0.4, [4, 5]))).toEqual(before); // no global state
  });

  it('int32 and float64 images keep their dtype', () => {
    const ints = tf.constant(new Int32Array([1 << 30, 1 << 29, 1 << 28, 0, 1 << 30, 1 << 27]), 'int32').reshape([1, 2, 3]);
    for (const y of [tf.image.statelessRandomBrightness(ints, 0.1, [1, 2]), tf.image.statelessRandomHue(ints, 0.1, [1, 2]), tf.image.statelessRandomFlipUpDown(ints, [1, 2])]) expect(y.dtype).toBe('int32');
    const delta = scaled(tf.random.statelessUniform([], [1, 2]).arraySync() as number, -0.1, 0.1);
    const f = tf.constant([0.25, 0.5, 0.75], 'float64').reshape([1, 1, 3]);
    const y = tf.image.statelessRandomBrightness(f, 0.1, [1, 2]);
    expect(y.dtype).toBe('float64');
    expect(values(y)).toEqual([0.25 + delta, 0.5 + delta, 0.75 + delta]); // the float32 draw, added in float64
  });

  it('gradients with respect to the images (central differences)', () => {
    const seed: [number, number] = [6, 1];
    const opts = { h: 1e-5, rtol: 1e-6 };
    expectGradcheck((a) => tf.image.statelessRandomBrightness(a, 0.3, seed), [{ shape: [2, 2, 3] }], opts);
    expectGradcheck((a) => tf.image.statelessRandomContrast(a, 0.3, 1.7, seed), [{ shape: [2, 2, 3] }], opts);
    expectGradcheck((a) => tf.image.statelessRandomSaturation(a, 0.3, 0.9, seed), [{ shape: [2, 3], values: [0.2, 0.5, 0.9, 0.9, 0.1, 0.3] }], opts);
    expectGradcheck((a) => tf.image.statelessRandomHue(a, 0.4, seed), [{ shape: [2, 3], values: [0.2, 0.5, 0.9, 0.9, 0.1, 0.3] }], opts);
    expectGradcheck((a) => tf.image.statelessRandomCrop(a, [2, 2, 1], seed), [{ shape: [3, 4, 1] }], opts);
    for (const s of seeds(3)) {
      expectGradcheck((a) => tf.image.statelessRandomFlipLeftRight(a, s), [{ shape: [3, 2, 2, 1] }], opts);
      expectGradcheck((a) => tf.image.statelessRandomFlipUpDown(a, s), [{ shape: [3, 2, 1] }], opts);
    }
  });

  it('compiled with tf.function: the same numbers, a tensor seed read at every call', () => {
    const rgb = randomImage([2, 3, 3, 3]);
    const step = tf.function((x: tf.Tensor, seed: tf.Tensor) => [
      tf.image.statelessRandomFlipLeftRight(x, seed), tf.image.statelessRandomHue(x, 0.3, seed), tf.image.statelessRandomCrop(x, [1, 2, 3, 3], seed),
    ]);
    for (const s of seeds(3)) {
      const compiled = step(rgb, tf.constant(s, 'int32')) as tf.Tensor[];
      expect(values(compiled[0]!)).toEqual(values(tf.image.statelessRandomFlipLeftRight(rgb, s)));
      expect(values(compiled[1]!)).toEqual(values(tf.image.statelessRandomHue(rgb, 0.3, s)));
      expect(values(compiled[2]!)).toEqual(values(tf.image.statelessRandomCrop(rgb, [1, 2, 3, 3], s)));
    }
  });
});

describe('stateful ops: the same compositions with tf.random.uniform', () => {
  it('after tf.random.setSeed, each op is one tf.random.uniform draw, used as the stateless op uses its own', () => {
    const rgb = randomImage([3, 2, 4, 3]);
    const one = randomImage([2, 4, 3]);
    for (const s of [1, 2, 3, 4, 5, 6]) {
      const draw = (shape: number[], options: tf.UniformOptions = {}) => {
        tf.random.setSeed(s);
        return values(tf.random.uniform(shape, { dtype: 'float32', ...options }));
      };
      const after = <T>(f: () => T) => {
        tf.random.setSeed(s);
        return f();
      };
      const [u] = draw([]);
      expect(values(after(() => tf.image.randomFlipLeftRight(one)))).toEqual(values(u! < 0.5 ? tf.reverse(one, [1]) : one));
      expect(values(after(() => tf.image.randomFlipUpDown(one)))).toEqual(values(u! < 0.5 ? tf.reverse(one, [0]) : one));
      const ub = draw([3]);
      const flips = tf.reshape(tf.constant(ub.map((v) => (v > 0.5 ? 1 : 0)), 'float32'), [3, 1, 1, 1]);
      const expectedBatch = tf.add(tf.mul(flips, tf.reverse(rgb, [2])), tf.mul(tf.sub(1, flips), rgb));
      expect(values(after(() => tf.image.randomFlipLeftRight(rgb)))).toEqual(values(expectedBatch));
      expect(values(after(() => tf.image.randomBrightness(rgb, 0.3)))).toEqual(values(tf.add(rgb, scaled(u!, -0.3, 0.3))));
      expect(values(after(() => tf.image.randomContrast(rgb, 0.5, 1.5)))).toEqual(values(tf.image.adjustContrast(rgb, scaled(u!, 0.5, 1.5))));
      expect(values(after(() => tf.image.randomSaturation(rgb, 0.5, 1.5)))).toEqual(values(tf.image.adjustSaturation(rgb, scaled(u!, 0.5, 1.5))));
      expect(values(after(() => tf.image.randomHue(rgb, 0.25)))).toEqual(values(tf.image.adjustHue(rgb, scaled(u!, -0.25, 0.25))));
      const r = after(() => values(tf.random.uniform([4], { dtype: 'int32', maxval: 2147483647 })));
      const offset = r.map((v, i) => v % (rgb.shape[i]! - [2, 2, 3, 3][i]! + 1));
      expect(values(after(() => tf.image.randomCrop(rgb, [2, 2, 3, 3])))).toEqual(values(tf.slice(rgb, offset, [2, 2, 3, 3])));
    }
  });

  it("an op seed repeats its result after setSeed (and, as TensorFlow's kernel, continues its stream without); seedless calls after setSeed repeat as a sequence; the draws vary", () => {
    const rgb = randomImage([2, 3, 3]);
    tf.random.setSeed(5);
    const [hue, next] = [values(tf.image.randomHue(rgb, 0.4, 11)), values(tf.image.randomHue(rgb, 0.4, 11))];
    expect(next).not.toEqual(hue);
    tf.random.setSeed(5);
    expect(values(tf.image.randomHue(rgb, 0.4, 11))).toEqual(hue);
    tf.random.setSeed(99);
    const first = [0, 1, 2, 3].map(() => values(tf.image.randomBrightness(rgb, 0.4)));
    tf.random.setSeed(99);
    const again = [0, 1, 2, 3].map(() => values(tf.image.randomBrightness(rgb, 0.4)));
    expect(again).toEqual(first);
    const deltas = first.map((v, i) => v[0]! - values(rgb)[0]!);
    expect(new Set(deltas.map((d) => d.toFixed(6))).size).toBe(4);
    for (const d of deltas) expect(Math.abs(d)).toBeLessThanOrEqual(0.4);
    // maxDelta 0 is allowed (TensorFlow's uniform of an empty range is its lower bound).
    expect(values(tf.image.randomHue(rgb, 0))).toEqual(values(tf.image.adjustHue(rgb, 0)));
  });

  it('randomFlipLeftRight flips about half the time; 1 × 1 random crops find every pixel about equally often', () => {
    tf.random.setSeed(7);
    const image = tf.constant([[[1], [2]]], 'float32');
    let flipped = 0;
    for (let i = 0; i < 400; i++) flipped += tf.image.randomFlipLeftRight(image).dataSync()[0] === 2 ? 1 : 0;
    expect(Math.abs(flipped - 200)).toBeLessThan(4 * Math.sqrt(100));
    const value = tf.reshape(tf.range(0, 20, 1, 'int32'), [5, 4, 1]);
    const counts = new Array<number>(20).fill(0);
    for (let i = 0; i < 1000; i++) counts[tf.image.randomCrop(value, [1, 1, 1]).dataSync()[0]!]! += 1;
    for (const n of counts) expect(Math.abs(n - 50)).toBeLessThan(4 * Math.sqrt(50));
  });

  it('gradients with respect to the images (central differences, one draw: setSeed before each call)', () => {
    const opts = { h: 1e-5, rtol: 1e-6 };
    const once = <T>(f: () => T): T => (tf.random.setSeed(1), f());
    expectGradcheck((a) => once(() => tf.image.randomContrast(a, 0.3, 1.7, 5)), [{ shape: [2, 2, 3] }], opts);
    expectGradcheck((a) => once(() => tf.image.randomFlipLeftRight(a, 5)), [{ shape: [2, 2, 3, 1] }], opts);
    expectGradcheck((a) => once(() => tf.image.randomCrop(a, [2, 1, 2], 5)), [{ shape: [3, 3, 2] }], opts);
  });
});

describe('argument errors', () => {
  const rgb = randomImage([2, 2, 3]);
  it('refuses bad bounds, seeds, sizes and images with messages naming the op', () => {
    expect(() => tf.image.statelessRandomBrightness(rgb, -0.1, [1, 2])).toThrow(/statelessRandomBrightness: maxDelta must be non-negative, got -0.1/);
    expect(() => tf.image.randomBrightness(rgb, NaN)).toThrow(/randomBrightness: maxDelta must be a finite number, got NaN/);
    expect(() => tf.image.statelessRandomHue(rgb, 0.6, [1, 2])).toThrow(/statelessRandomHue: maxDelta must be <= 0.5, got 0.6/);
    expect(() => tf.image.randomHue(rgb, -1)).toThrow(/randomHue: maxDelta must be non-negative/);
    expect(() => tf.image.statelessRandomContrast(rgb, 0.5, 0.5, [1, 2])).toThrow(/statelessRandomContrast: upper must be > lower, got lower 0.5 and upper 0.5/);
    expect(() => tf.image.randomSaturation(rgb, -0.5, 1)).toThrow(/randomSaturation: lower must be non-negative, got -0.5/);
    expect(() => tf.image.randomContrast(rgb, 0.5, '2' as unknown as number)).toThrow(/randomContrast: lower and upper must be finite numbers/);
    expect(() => tf.image.statelessRandomFlipLeftRight(rgb, [1] as unknown as [number, number])).toThrow(/statelessRandomFlipLeftRight: seed must be two integers/);
    expect(() => tf.image.statelessRandomCrop(rgb, [1, 1, 3], tf.constant([1, 2, 3], 'int32'))).toThrow(/statelessRandomCrop: seed must have shape \[2\]/);
    expect(() => tf.image.randomFlipUpDown(rgb, 1.5)).toThrow(/randomFlipUpDown: seed must be a safe integer, got 1.5/);
    expect(() => tf.image.statelessRandomCrop(rgb, [3, 1, 3], [1, 2])).toThrow(/statelessRandomCrop: need value.shape >= size, got shape \[2, 2, 3\] and size \[3, 1, 3\]/);
    expect(() => tf.image.randomCrop(rgb, [1, 1])).toThrow(/randomCrop: size must be 3 non-negative integers, one per axis of value \(shape \[2, 2, 3\]\)/);
    expect(() => tf.image.statelessRandomFlipUpDown(tf.ones([2, 3]), [1, 2])).toThrow(/statelessRandomFlipUpDown: image must have 3 or 4 dims/);
    expect(() => tf.image.randomFlipLeftRight(tf.ones([1, 2, 2, 1], 'bool'))).toThrow(/randomFlipLeftRight: a batch of bool images cannot be flipped/);
    expect(tf.image.randomFlipLeftRight(tf.ones([2, 2, 1], 'bool')).dtype).toBe('bool'); // one image: a selection
    expect(() => tf.image.statelessRandomSaturation(tf.ones([2, 2, 4]), 0.5, 1, [1, 2])).toThrow(/statelessRandomSaturation: the last dim of image must be 3/);
    expect(() => tf.image.statelessRandomContrast(tf.ones([2, 3]), 0.5, 1, [1, 2])).toThrow(/statelessRandomContrast: image must have at least 3 dims/);
    expect(() => tf.image.randomBrightness(tf.ones([2, 2, 3], 'bool'), 0.1)).toThrow(/randomBrightness: image must be float32, float64 or int32, got bool/);
  });
});
