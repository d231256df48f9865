// tf.image (ts/image.ts): resize against direct loops over TensorFlow 2's sampling definitions
// (half-pixel centres; bilinear, nearest, Keys bicubic with its 1/1024 table, area, and the
// antialiased scale-and-translate kernels), TensorFlow's documented examples, the crops, pads,
// flips and rotations against index arithmetic, the colour conversions against Python's colorsys
// formulas, the measures against loops; gradients against central differences; errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck, f64, randomValues, seededRandom, sizeOf } from './helpers/gradcheck';

const rand = seededRandom(11);
const randomImage = (shape: number[], dtype: 'float32' | 'float64' = 'float64', min = -2, max = 2) =>
  tf.reshape(tf.constant(Array.from(randomValues(sizeOf(shape), rand, { min, max })), dtype), shape);

/** [b, h, w, c] values of a rank-3 or rank-4 image as nested JS arrays, batched. */
function batchOf(t: tf.Tensor): number[][][][] {
  const a = t.arraySync() as unknown;
  return (t.rank === 3 ? [a] : a) as number[][][][];
}

// ---- resize oracles, from the definitions ---------------------------------------------------------

type Method = 'bilinear' | 'nearest' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';

/** Keys' cubic convolution kernel, a = −0.5. */
const keys = (x: number) => {
  const t = Math.abs(x);
  return t < 1 ? 1.5 * t ** 3 - 2.5 * t ** 2 + 1 : t < 2 ? -0.5 * t ** 3 + 2.5 * t ** 2 - 4 * t + 2 : 0;
};
const tent = (x: number) => Math.max(0, 1 - Math.abs(x));
const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
/** The kernels of the scale-and-translate methods, from their textbook definitions: Lanczos
 * sinc(x)·sinc(x/a) on |x| < a; a Gaussian of σ = 0.5 cut at 1.5; Mitchell and Netravali's
 * cubic with B = C = 1/3 (their 1988 paper's two pieces, divided by 6). */
const stKernels: Record<string, (x: number) => number> = {
  bilinear: tent,
  bicubic: keys,
  lanczos3: (x) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0),
  lanczos5: (x) => (Math.abs(x) < 5 ? sinc(x) * sinc(x / 5) : 0),
  gaussian: (x) => (Math.abs(x) < 1.5 ? Math.exp(-(x * x) / (2 * 0.5 ** 2)) : 0),
  mitchellcubic: (x) => {
    const [t, B, C] = [Math.abs(x), 1 / 3, 1 / 3];
    if (t < 1) return ((12 - 9 * B - 6 * C) * t ** 3 + (-18 + 12 * B + 6 * C) * t ** 2 + (6 - 2 * B)) / 6;
    if (t < 2) return ((-B - 6 * C) * t ** 3 + (6 * B + 30 * C) * t ** 2 + (-12 * B - 48 * C) * t + (8 * B + 24 * C)) / 6;
    return 0;
  },
};

/** W[o][i]: how much input i contributes to output o along one axis. */
function weights(method: Method, n: number, m: number, antialias = false): number[][] {
  const W = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const s = n / m;
  for (let o = 0; o < m; o++) {
    const p = (o + 0.5) * s - 0.5; // the half-pixel sampling position
    if (method in stKernels && (antialias || (method !== 'bilinear' && method !== 'bicubic'))) {
      // scale_and_translate: the kernel (widened by the downsampling factor with antialias) over
      // every input, normalised.
      const k = stKernels[method]!;
      const widen = antialias ? Math.max(s, 1) : 1;
      for (let i = 0; i < n; i++) W[o]![i] = k((i - p) / widen);
      const sum = W[o]!.reduce((a, b) => a + b, 0);
      for (let i = 0; i < n; i++) W[o]![i]! /= sum;
    } else if (method === 'bilinear') {
      const q = Math.min(Math.max(p, 0), n - 1);
      const i0 = Math.floor(q), i1 = Math.min(i0 + 1, n - 1);
      W[o]![i0]! += 1 - (q - i0);
      W[o]![i1]! += q - i0;
    } else if (method === 'nearest') {
      W[o]![Math.min(Math.floor(p + 0.5), n - 1)] = 1;
    } else if (method === 'bicubic') {
      const i0 = Math.floor(p);
      const t = Math.round((p - i0) * 1024) / 1024; // TensorFlow reads the kernel from a 1/1024 table
      let sum = 0;
      for (let k = -1; k <= 2; k++) {
        if (i0 + k >= 0 && i0 + k < n) {
          W[o]![i0 + k] = keys(k - t);
          sum += keys(k - t);
        }
      }
      for (let i = 0; i < n; i++) W[o]![i]! /= sum;
    } else {
      // area: the overlap of [o·s, (o+1)·s) with each pixel [i, i+1), divided by s.
      for (let i = 0; i < n; i++) W[o]![i] = Math.max(0, Math.min(i + 1, (o + 1) * s) - Math.max(i, o * s)) / s;
    }
  }
  return W;
}

/** out[b][y][x][c] = Σ_i Σ_j Wy[y][i]·Wx[x][j]·in[b][i][j][c]. */
function resizeOracle(x: number[][][][], outH: number, outW: number, method: Method, antialias = false): number[][][][] {
  const [h, w] = [x[0]!.length, x[0]![0]!.length];
  const Wy = weights(method, h, outH, antialias), Wx = weights(method, w, outW, antialias);
  return x.map((img) =>
    Array.from({ length: outH }, (_, y) =>
      Array.from({ length: outW }, (_, xx) =>
        img[0]![0]!.map((_, c) => {
          let v = 0;
          for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) if (Wy[y]![i] !== 0 && Wx[xx]![j] !== 0) v += Wy[y]![i]! * Wx[xx]![j]! * img[i]![j]![c]!;
          return v;
        }))));
}

function expectNear(actual: tf.Tensor, expected: number[][][][], atol: number, label: string) {
  const got = batchOf(actual).flat(3);
  const want = expected.flat(3);
  expect(got.length, label).toBe(want.length);
  const bad = want.flatMap((e, i) => (Math.abs(got[i]! - e) <= atol ? [] : [`[${i}] ${got[i]} vs ${e}`]));
  expect(bad.slice(0, 5), label).toEqual([]);
}

describe('tf.image.resize', () => {
  const sizes: [number[], [number, number]][] = [
    [[2, 5, 4, 3], [7, 9]], // upsampling by non-integer factors
    [[1, 9, 8, 2], [4, 3]], // downsampling
    [[2, 6, 6, 1], [3, 12]], // down one axis, up the other
    [[1, 4, 5, 2], [4, 5]], // same size
    [[1, 3, 1, 1], [5, 2]], // a one-pixel-wide image
    [[1, 7, 3, 1], [2, 1]],
  ];
  for (const method of ['bilinear', 'nearest', 'bicubic', 'area'] as const) {
    it(`'${method}' equals the definition (batched and single images, float32 and float64)`, () => {
      for (const [shape, size] of sizes) {
        const x = randomImage(shape);
        const expected = resizeOracle(batchOf(x), size[0], size[1], method);
        const y = tf.image.resize(x, size, method);
        expect(y.shape).toEqual([shape[0], ...size, shape[3]]);
        expect(y.dtype).toBe(method === 'nearest' ? 'float64' : 'float32');
        expectNear(y, expected, method === 'nearest' ? 0 : 2e-6, `${method} ${shape} -> ${size}`);
        const x32 = x.cast('float32');
        expectNear(tf.image.resize(x32, size, method), resizeOracle(batchOf(x32), size[0], size[1], method), 2e-6, `${method} float32 ${shape} -> ${size}`);
        // One image [h, w, c] gives the same as a batch of one.
        const one = tf.image.resize(x.slice([0, 0, 0, 0], [1, -1, -1, -1]).reshape(shape.slice(1)), size, method);
        expect(one.shape).toEqual([...size, shape[3]]);
        expectNear(one, expected.slice(0, 1), method === 'nearest' ? 0 : 2e-6, `${method} unbatched`);
      }
    });
  }

  it("reproduces TensorFlow's documented example, float32 rounding included", () => {
    const eye = tf.reshape(tf.eye(5), [1, 5, 5, 1]);
    const y = tf.image.resize(eye, [3, 5]);
    expectClose(y.reshape([15]), [0.6666667, 0.3333333, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0.3333335, 0.6666665], 0, 5e-8);
    expect(tf.image.resize(tf.reshape(tf.eye(5), [5, 5, 1]), [3, 5]).shape).toEqual([3, 5, 1]);
    // "antialias has no effect when upsampling an image".
    const a = tf.image.resize(eye, [5, 10]), b = tf.image.resize(eye, [5, 10], 'bilinear', false, true);
    expect(tf.reduceMax(tf.abs(tf.sub(a, b))).arraySync()).toBe(0);
  });

  it("'nearest' picks the nearest centre, a tie going to the later pixel, and keeps int32", () => {
    const x = tf.reshape(tf.constant(new Int32Array([10, 11, 12, 13])), [1, 4, 1]);
    const y = tf.image.resize(x, [1, 2], 'nearest');
    expect(y.dtype).toBe('int32');
    expect(y.reshape([2]).arraySync()).toEqual([11, 13]); // samples at 0.5 and 2.5
    expect(tf.image.resize(x, [1, 8], 'nearest').reshape([8]).arraySync()).toEqual([10, 10, 11, 11, 12, 12, 13, 13]);
    // Other methods read int32 images as float32.
    const f = tf.image.resize(x, [1, 2], 'area');
    expect(f.dtype).toBe('float32');
    expect(f.reshape([2]).arraySync()).toEqual([10.5, 12.5]);
  });

  it('antialias: downsampling widens the kernel (triangle, Keys), as TensorFlow\'s scale_and_translate', () => {
    for (const method of ['bilinear', 'bicubic'] as const) {
      for (const [shape, size] of [[[1, 9, 8, 2], [4, 3]], [[2, 5, 7, 1], [2, 10]], [[1, 6, 6, 1], [6, 6]]] as [number[], [number, number]][]) {
        const x = randomImage(shape);
        expectNear(tf.image.resize(x, size, method, false, true), resizeOracle(batchOf(x), size[0], size[1], method, true), 3e-6, `${method} antialias ${shape} -> ${size}`);
      }
    }
    // 'area' and 'nearest' ignore it.
    const x = randomImage([1, 9, 8, 2]);
    for (const method of ['area', 'nearest'] as const) {
      expect(tf.image.resize(x, [4, 3], method, false, true).dataSync()).toEqual(tf.image.resize(x, [4, 3], method).dataSync());
    }
  });

  describe("'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic' (scale_and_translate)", () => {
    it("reproduce TensorFlow's own test numbers (image_ops_test.py, ResizeImagesV2Test.testResizeUp)", () => {
      // A 3×2 image to 6×4; TensorFlow asserts these to atol 1e-4 for every input dtype.
      const data = [64, 32, 32, 64, 50, 100];
      const expected: Record<string, number[]> = {
        lanczos3: [75.8294, 59.6281, 38.4313, 22.23, 60.6851, 52.0037, 40.6454, 31.964, 35.8344, 41.0779, 47.9383, 53.1818,
          24.6968, 43.0769, 67.1244, 85.5045, 35.7939, 56.4713, 83.5243, 104.2017, 44.8138, 65.1949, 91.8603, 112.2413],
        lanczos5: [77.5699, 60.0223, 40.6694, 23.1219, 61.8253, 51.2369, 39.5593, 28.9709, 35.7438, 40.8875, 46.5604, 51.7041,
          21.5942, 43.5299, 67.7223, 89.658, 32.1213, 56.784, 83.984, 108.6467, 44.5802, 66.183, 90.0082, 111.6109],
        gaussian: [61.1087, 54.6926, 41.3074, 34.8913, 54.6926, 51.4168, 44.5832, 41.3074, 41.696, 45.2456, 52.6508, 56.2004,
          39.4273, 47.0526, 62.9602, 70.5855, 47.3008, 57.3042, 78.173, 88.1764, 51.4771, 62.3638, 85.0752, 95.9619],
        mitchellcubic: [66.0382, 56.6079, 39.3921, 29.9618, 56.7255, 51.9603, 43.2611, 38.4959, 39.1828, 43.4664, 51.2864, 55.57,
          34.6287, 45.1812, 64.4458, 74.9983, 43.8523, 56.8078, 80.4594, 93.4149, 48.9943, 63.026, 88.6422, 102.6739],
      };
      for (const [method, want] of Object.entries(expected)) {
        for (const dtype of ['float32', 'float64', 'int32'] as const) {
          const y = tf.image.resize(tf.reshape(tf.constant(data, dtype), [1, 3, 2, 1]), [6, 4], method as tf.ResizeMethod);
          expect(y.dtype, `${method} ${dtype}`).toBe('float32');
          expectClose(y, want, 0, 1e-4);
        }
      }
    });

    // NumPy's re-derivation of TensorFlow's float32 spans and sums (scripts/resize_kernels_numpy.py).
    const numpy = JSON.parse(readFileSync(new URL('./fixtures/resize-kernels-numpy.json', import.meta.url), 'utf8')) as {
      cases: { method: tf.ResizeMethod; antialias: boolean; shape: number[]; input: number[]; size: [number, number]; rowWeights: number[][]; colWeights: number[][]; output: number[] }[];
    };
    it('equal NumPy float32 re-derivations: the weights of each axis and the resized images', () => {
      expect(numpy.cases.length).toBe(13);
      for (const c of numpy.cases) {
        const label = `${c.method}${c.antialias ? ' antialias' : ''} [${c.shape}] -> [${c.size}]`;
        const x = tf.reshape(tf.constant(c.input, 'float32'), c.shape);
        // The resized images, to a float32 ulp or two.
        const y = tf.image.resize(x, c.size, c.method, false, c.antialias).dataSync();
        const off = c.output.flatMap((e, i) => (Math.abs(y[i]! - e) <= 3e-7 * Math.abs(e) + 1e-7 ? [] : [`[${i}] ${y[i]} vs ${e}`]));
        expect(off.slice(0, 5), label).toEqual([]);
        // The weights: along one axis, a one-hot column i resizes to column i of the weights.
        for (const [axis, W] of [[0, c.rowWeights], [1, c.colWeights]] as const) {
          const n = c.shape[axis]!, m = c.size[axis]!;
          const impulses = tf.reshape(tf.eye(n, n, undefined, 'float32'), axis === 0 ? [n, 1, n] : [1, n, n]);
          const y = tf.image.resize(impulses, axis === 0 ? [m, 1] : [1, m], c.method, false, c.antialias).reshape([m, n]);
          expect(Array.from(y.dataSync()), `${label}, axis ${axis}`).toEqual(W.flat());
        }
      }
    });

    const cases: [number[], [number, number]][] = [
      [[2, 5, 4, 3], [7, 9]], // upsampling by non-integer factors
      [[1, 12, 9, 2], [5, 4]], // downsampling
      [[2, 6, 7, 1], [3, 13]], // down one axis, up the other
      [[1, 3, 1, 1], [5, 2]], // a one-pixel-wide image
    ];
    for (const method of ['lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'] as const) {
      it(`'${method}' equals its kernel's textbook definition, with and without antialias`, () => {
        for (const [shape, size] of cases) {
          for (const antialias of [false, true]) {
            const x = randomImage(shape);
            const y = tf.image.resize(x, size, method, false, antialias);
            expect(y.shape).toEqual([shape[0], ...size, shape[3]]);
            expect(y.dtype).toBe('float32');
            expectNear(y, resizeOracle(batchOf(x), size[0], size[1], method, antialias), 1e-5, `${method} ${antialias} ${shape} -> ${size}`);
          }
        }
        // Upsampling ignores antialias; downsampling with it averages over more inputs.
        const x = randomImage([1, 4, 5, 1]);
        expect(tf.image.resize(x, [9, 11], method, false, true).dataSync()).toEqual(tf.image.resize(x, [9, 11], method).dataSync());
        const big = randomImage([1, 16, 16, 1]);
        const [wide, narrow] = [tf.image.resize(big, [4, 4], method, false, true), tf.image.resize(big, [4, 4], method)];
        expect(tf.reduceMax(tf.abs(tf.sub(wide, narrow))).arraySync()).toBeGreaterThan(1e-3);
      });
    }

    it('ringing: Lanczos overshoots a step, the Gaussian never does', () => {
      const step = tf.reshape(tf.constant([0, 0, 0, 0, 1, 1, 1, 1], 'float32'), [1, 8, 1]);
      for (const method of ['lanczos3', 'lanczos5'] as const) {
        const y = Array.from(tf.image.resize(step, [1, 24], method).dataSync());
        expect(Math.min(...y), method).toBeLessThan(-0.01);
        expect(Math.max(...y), method).toBeGreaterThan(1.01);
      }
      const g = Array.from(tf.image.resize(step, [1, 24], 'gaussian').dataSync());
      expect(Math.min(...g)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...g)).toBeLessThanOrEqual(1);
    });
  });

  it('preserveAspectRatio fits the image within size by the smaller ratio', () => {
    const x = randomImage([1, 5, 5, 1]);
    expect(tf.image.resize(x, [3, 5], 'bilinear', true).shape).toEqual([1, 3, 3, 1]);
    expect(tf.image.resize(x, [10, 10], 'bilinear', true).shape).toEqual([1, 10, 10, 1]);
    const wide = randomImage([4, 10, 2]);
    expect(tf.image.resize(wide, [8, 8], 'nearest', true).shape).toEqual([3, 8, 2]); // 4·0.8 = 3.2 -> 3
    expect(tf.image.resize(wide, [6, 100], 'area', true).shape).toEqual([6, 15, 2]);
    expectNear(tf.image.resize(wide, [8, 8], 'bilinear', true), resizeOracle(batchOf(wide), 3, 8, 'bilinear'), 2e-6, 'values');
  });

  it('gradients with respect to the images are the transposed weights (central differences)', () => {
    // The resize is linear, so central differences with a large step are exact up to the float32
    // rounding of the result.
    for (const method of ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'] as const) {
      expectGradcheck((a) => tf.image.resize(a, [5, 3], method), [{ shape: [2, 3, 4, 2] }], { h: 0.05, rtol: 1e-4, atol: 1e-4 });
      expectGradcheck((a) => tf.image.resize(a, [2, 7], method, false, true), [{ shape: [4, 5, 1] }], { h: 0.05, rtol: 1e-4, atol: 1e-4 });
    }
  });

  it('refuses bad arguments with clear errors', () => {
    const x = randomImage([4, 4, 1]);
    expect(() => tf.image.resize(tf.ones([4, 4]), [2, 2])).toThrow(/resize: images must have 3 or 4 dims.*\[4, 4\]/);
    expect(() => tf.image.resize(x, [2])).toThrow(/resize: size must be \[newHeight, newWidth\]/);
    expect(() => tf.image.resize(x, [0, 2])).toThrow(/size must be .*positive integers, got \[0, 2\]/);
    expect(() => tf.image.resize(x, [2, 2.5])).toThrow(/size must be/);
    expect(() => tf.image.resize(x, [2, 2], 'linear' as 'bilinear')).toThrow(/resize: method must be one of 'bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic', got "linear"/);
    expect(() => tf.image.resizeWithPad(x, 2, 2, 'lanczos7' as 'lanczos5')).toThrow(/resizeWithPad: method must be one of/);
    expect(() => tf.image.resize(tf.ones([4, 4, 1], 'bool'), [2, 2])).toThrow(/resize: images must be float32, float64 or int32, got bool/);
    expect(() => tf.image.resize(tf.ones([0, 4, 1]), [2, 2])).toThrow(/non-zero height and width/);
    expect(() => tf.image.resize(x, [1e9, 1e9])).toThrow(/resize: a result of shape \[1000000000, 1000000000, 1\] would need 2 GiB or more/);
  });
});

describe('tf.image.cropAndResize', () => {
  /** TensorFlow's CropAndResize kernel as a loop: sample positions y1·(h − 1) + i·(y2 − y1)·(h − 1)/(crop − 1)
   * (the centre for one row), the nearest pixel rounded half up, outside the image the
   * extrapolation value. */
  function cropOracle(img: number[][][][], boxes: number[][], ind: number[], [ch, cw]: number[], method: 'bilinear' | 'nearest', extrapolation: number): number[][][][] {
    const [h, w, depth] = [img[0]!.length, img[0]![0]!.length, img[0]![0]![0]!.length];
    // In float32, in the kernel's order (a tie of 'nearest' depends on it).
    const f = Math.fround;
    const pos = (lo: number, hi: number, size: number, crop: number, i: number) => {
      [lo, hi] = [f(lo), f(hi)];
      return crop > 1 ? f(f(lo * (size - 1)) + f(i * f(f(f(hi - lo) * (size - 1)) / (crop - 1)))) : f(f(f(lo + hi) * 0.5) * (size - 1));
    };
    return boxes.map(([y1, x1, y2, x2], n) => {
      const im = img[ind[n]!]!;
      return Array.from({ length: ch! }, (_, i) => Array.from({ length: cw! }, (_, j) => {
        const y = pos(y1!, y2!, h, ch!, i), x = pos(x1!, x2!, w, cw!, j);
        if (y < 0 || y > h - 1 || x < 0 || x > w - 1) return new Array<number>(depth).fill(extrapolation);
        if (method === 'nearest') return im[Math.round(y)]![Math.round(x)]!.slice();
        const [t, bt, l, r] = [Math.floor(y), Math.ceil(y), Math.floor(x), Math.ceil(x)];
        const [ly, lx] = [y - t, x - l];
        return im[t]![l]!.map((_, c) => (1 - ly) * ((1 - lx) * im[t]![l]![c]! + lx * im[t]![r]![c]!) + ly * ((1 - lx) * im[bt]![l]![c]! + lx * im[bt]![r]![c]!));
      }));
    });
  }
  const image = randomImage([2, 5, 6, 3]);
  const boxes = [[0.1, 0.2, 0.8, 0.7], [0.9, 0.05, 0.2, 0.95], [-0.2, 0.3, 0.5, 1.2], [0, 0, 1, 1], [0.3, 0.3, 0.3, 0.6]];
  const ind = [1, 0, 1, 0, 1];

  it('equals the kernel\'s definition: flipped, partly outside and one-pixel crops, both methods', () => {
    for (const method of ['bilinear', 'nearest'] as const) {
      for (const size of [[3, 4], [1, 1], [4, 1], [7, 5]]) {
        const y = tf.image.cropAndResize(image, boxes, ind, size, method, -2.5);
        expect(y.shape).toEqual([5, ...size, 3]);
        expect(y.dtype).toBe('float32');
        expectNear(y, cropOracle(batchOf(image), boxes, ind, size, method, -2.5), 3e-6, `${method} ${size}`);
      }
    }
    // The whole image at its own size is the image.
    expectNear(tf.image.cropAndResize(image, [[0, 0, 1, 1]], [1], [5, 6]), batchOf(image).slice(1), 3e-6, 'identity');
  });

  it('gradients with respect to the image and the boxes (central differences)', () => {
    expectGradcheck((a) => tf.image.cropAndResize(a, boxes, ind, [3, 4]), [{ shape: [2, 5, 6, 3] }], { h: 0.05, rtol: 1e-4, atol: 1e-4 });
    // Within a cell the result is bilinear in the positions, so a small step stays exact up to
    // float32 rounding.
    expectGradcheck((bx) => tf.image.cropAndResize(f64(image.dataSync(), image.shape), bx, [1, 0], [3, 2]),
      [{ shape: [2, 4], values: [0.13, 0.21, 0.77, 0.69, 0.62, 0.11, 0.27, 0.83] }], { h: 1e-3, rtol: 1e-2, atol: 3e-3 });
  });

  it('refuses bad arguments', () => {
    expect(() => tf.image.cropAndResize(tf.ones([5, 6, 3]), boxes, ind, [2, 2])).toThrow(/cropAndResize: image must be 4-D/);
    expect(() => tf.image.cropAndResize(image, [[0, 0, 1]], [0], [2, 2])).toThrow(/cropAndResize: boxes must be 2-D \[numBoxes, 4\], got shape \[1, 3\]/);
    expect(() => tf.image.cropAndResize(image, boxes, [0, 1], [2, 2])).toThrow(/cropAndResize: boxIndices must be an int32 vector with one entry per box \(5\)/);
    expect(() => tf.image.cropAndResize(image, boxes, ind, [0, 2])).toThrow(/cropAndResize: cropSize must be \[cropHeight, cropWidth\], two positive integers, got \[0, 2\]/);
    expect(() => tf.image.cropAndResize(image, boxes, ind, [2, 2], 'bicubic' as 'nearest')).toThrow(/cropAndResize: method must be 'bilinear' or 'nearest'/);
    expect(() => tf.image.cropAndResize(image, [[0, 0, 1, 1]], [2], [2, 2])).toThrow(/cropAndResize/);
    expect(() => tf.image.cropAndResize(image, boxes, ind, [1e9, 1e9])).toThrow(/cropAndResize: a result of shape \[5, 1000000000, 1000000000, 3\] .* would need 2 GiB or more/);
  });
});

describe('crops, pads, resizeWithPad', () => {
  const x = randomImage([2, 5, 6, 3]);
  const X = batchOf(x);
  const window = (t: number, l: number, h: number, w: number) => X.map((img) => img.slice(t, t + h).map((row) => row.slice(l, l + w)));

  it('cropToBoundingBox and centralCrop take the window', () => {
    expectNear(tf.image.cropToBoundingBox(x, 1, 2, 3, 4), window(1, 2, 3, 4), 0, 'crop');
    expectNear(tf.image.cropToBoundingBox(x.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([5, 6, 3]), 0, 0, 5, 6), window(0, 0, 5, 6).slice(1), 0, 'whole');
    // central_crop cuts floor((n − n·f)/2) from each side.
    expectNear(tf.image.centralCrop(x, 0.5), window(1, 1, 3, 4), 0, 'central 0.5');
    expectNear(tf.image.centralCrop(x, 0.3), window(1, 2, 3, 2), 0, 'central 0.3');
    expect(tf.image.centralCrop(x, 1).shape).toEqual([2, 5, 6, 3]);
    expect(() => tf.image.centralCrop(x, 0)).toThrow(/centralCrop: centralFraction must be within \(0, 1\], got 0/);
    expect(() => tf.image.cropToBoundingBox(x, 3, 0, 3, 6)).toThrow(/cropToBoundingBox: height must be >= targetHeight \+ offsetHeight/);
    expect(() => tf.image.cropToBoundingBox(x, 0, 0, 0, 6)).toThrow(/targetHeight must be an integer >= 1, got 0/);
    expect(() => tf.image.cropToBoundingBox(x, -1, 0, 1, 6)).toThrow(/offsetHeight must be an integer >= 0, got -1/);
  });

  it('padToBoundingBox places the image in zeros; resizeWithCropOrPad crops or pads about the centre', () => {
    const p = batchOf(tf.image.padToBoundingBox(x, 2, 1, 8, 9));
    for (let b = 0; b < 2; b++) for (let i = 0; i < 8; i++) for (let j = 0; j < 9; j++) {
      const inside = i >= 2 && i < 7 && j >= 1 && j < 7;
      expect(p[b]![i]![j]).toEqual(inside ? X[b]![i - 2]![j - 1] : [0, 0, 0]);
    }
    expect(() => tf.image.padToBoundingBox(x, 2, 0, 6, 6)).toThrow(/padToBoundingBox: height must be <= targetHeight - offsetHeight/);
    // Height 5 -> 3: crop offset (5-3)//2 = 1; width 6 -> 9: pad offset 3//2 = 1.
    const r = batchOf(tf.image.resizeWithCropOrPad(x, 3, 9));
    for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) for (let j = 0; j < 9; j++) {
      expect(r[b]![i]![j]).toEqual(j >= 1 && j < 7 ? X[b]![i + 1]![j - 1] : [0, 0, 0]);
    }
    // Odd differences: 5 -> 2 crops floor(3/2) = 1 from the top; 6 -> 3 crops 1 from the left.
    expectNear(tf.image.resizeWithCropOrPad(x, 2, 3), window(1, 1, 2, 3), 0, 'odd crop');
  });

  it('resizeWithPad resizes to fit with the aspect ratio kept, then pads evenly', () => {
    const img = randomImage([3, 5, 2]);
    // ratio max(5/4, 3/4) = 1.25: 2.4 x 4 -> 2 x 4, padded floor((4 − 2.4)/2) = 0 on top.
    const y = tf.image.resizeWithPad(img, 4, 4);
    expect(y.shape).toEqual([4, 4, 2]);
    const expected = resizeOracle(batchOf(img), 2, 4, 'bilinear')[0]!;
    const got = y.arraySync() as number[][][];
    expectNear(tf.constant([got.slice(0, 2)]), [expected], 2e-6, 'resized part');
    expect(got.slice(2).flat(2).every((v) => v === 0)).toBe(true);
    // 2 x 4 into 5 x 4: ratio 1, padding floor(1.5) = 1 above, 2 below.
    const ones = tf.image.resizeWithPad(tf.ones([1, 2, 4, 1], 'int32'), 5, 4, 'nearest');
    expect(ones.dtype).toBe('int32');
    expect((ones.reshape([5, 4]).arraySync() as number[][]).map((row) => row[0])).toEqual([0, 1, 1, 0, 0]);
  });

  it('gradients (central differences)', () => {
    expectGradcheck((a) => tf.image.cropToBoundingBox(a, 1, 0, 2, 3), [{ shape: [1, 4, 3, 2] }]);
    expectGradcheck((a) => tf.image.padToBoundingBox(a, 1, 2, 5, 6), [{ shape: [3, 2, 2] }]);
    expectGradcheck((a) => tf.image.resizeWithCropOrPad(a, 2, 6), [{ shape: [2, 4, 3, 1] }]);
    expectGradcheck((a) => tf.image.centralCrop(a, 0.5), [{ shape: [6, 4, 2] }]);
  });
});

describe('flips, rot90, transpose', () => {
  const x = randomImage([2, 3, 4, 2]);
  const X = batchOf(x);
  /** One counter-clockwise quarter turn of an [h][w][c] image: out[i][j] = in[j][w−1−i]. */
  const turn = (img: number[][][]) => Array.from({ length: img[0]!.length }, (_, i) => img.map((row) => row[img[0]!.length - 1 - i]!));

  it('equal their index definitions, batched and single', () => {
    expectNear(tf.image.flipLeftRight(x), X.map((img) => img.map((row) => row.slice().reverse())), 0, 'flipLeftRight');
    expectNear(tf.image.flipUpDown(x), X.map((img) => img.slice().reverse()), 0, 'flipUpDown');
    expectNear(tf.image.transpose(x), X.map((img) => img[0]!.map((_, j) => img.map((row) => row[j]!))), 0, 'transpose');
    for (const k of [-3, -1, 0, 1, 2, 3, 4, 5]) {
      const turns = ((k % 4) + 4) % 4;
      const expected = X.map((img) => Array.from({ length: turns }).reduce<number[][][]>((a) => turn(a), img));
      expectNear(tf.image.rot90(x, k), expected, 0, `rot90 k=${k}`);
      const single = tf.image.rot90(x.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([3, 4, 2]), k);
      expectNear(single, expected.slice(1), 0, `rot90 single k=${k}`);
    }
    expect(tf.image.rot90(tf.reshape(tf.range(0, 4), [2, 2, 1])).reshape([4]).arraySync()).toEqual([1, 3, 0, 2]); // numpy.rot90([[0, 1], [2, 3]])
    expect(tf.image.flipLeftRight(tf.constant(new Int32Array([1, 2, 3]), 'int32').reshape([1, 3, 1])).dtype).toBe('int32');
  });

  it('gradients and errors', () => {
    expectGradcheck((a) => tf.image.rot90(a, 3), [{ shape: [2, 3, 2, 1] }]);
    expectGradcheck((a) => tf.image.flipLeftRight(a), [{ shape: [2, 3, 2] }]);
    expectGradcheck((a) => tf.image.transpose(a), [{ shape: [1, 2, 3, 2] }]);
    expect(() => tf.image.flipUpDown(tf.ones([3, 3]))).toThrow(/flipUpDown: image must have 3 or 4 dims/);
    expect(() => tf.image.rot90(x, 1.5)).toThrow(/rot90: k must be an integer, got 1.5/);
  });
});

// ---- colour ----------------------------------------------------------------------------------------

/** Python's colorsys.rgb_to_hsv. */
function colorsysHsv([r, g, b]: number[]): number[] {
  const maxc = Math.max(r!, g!, b!), minc = Math.min(r!, g!, b!);
  if (maxc === minc) return [0, 0, maxc];
  const s = (maxc - minc) / maxc;
  const [rc, gc, bc] = [(maxc - r!) / (maxc - minc), (maxc - g!) / (maxc - minc), (maxc - b!) / (maxc - minc)];
  const h = r === maxc ? bc - gc : g === maxc ? 2 + rc - bc : 4 + gc - rc;
  return [(((h / 6) % 1) + 1) % 1, s, maxc];
}
/** Python's colorsys.hsv_to_rgb. */
function colorsysRgb([h, s, v]: number[]): number[] {
  if (s === 0) return [v!, v!, v!];
  const i = Math.floor(h! * 6), f = h! * 6 - i;
  const [p, q, t] = [v! * (1 - s!), v! * (1 - s! * f), v! * (1 - s! * (1 - f))];
  return [[v!, t, p], [q, v!, p], [p, v!, t], [p, q, v!], [t, p, v!], [v!, p, q]][((i % 6) + 6) % 6]!;
}

describe('colour conversions and adjustments', () => {
  it('rgbToHsv and hsvToRgb equal colorsys, and invert each other', () => {
    const pixels = [[0.2, 0.5, 0.9], [0.9, 0.1, 0.3], [0.3, 0.8, 0.1], [0.5, 0.5, 0.5], [0, 0, 0], [1, 0.2, 0.2], [0.1, 0.1, 0.7], [0.7, 0.4, 0.7]];
    const rgb = tf.constant([pixels.slice(0, 4), pixels.slice(4)], 'float64');
    const hsv = tf.image.rgbToHsv(rgb);
    expectClose(hsv.reshape([-1]), pixels.flatMap(colorsysHsv), 1e-12, 1e-12);
    expectClose(tf.image.hsvToRgb(hsv).reshape([-1]), pixels.flat(), 1e-12, 1e-12);
    const hsvPixels = [[0.05, 0.5, 0.9], [0.4, 1, 0.3], [0.75, 0.2, 1], [0.99, 0.7, 0.6], [0.5, 0, 0.25]];
    expectClose(tf.image.hsvToRgb(tf.constant(hsvPixels, 'float32')).reshape([-1]), hsvPixels.flatMap(colorsysRgb), 1e-6, 1e-6);
    expect(() => tf.image.rgbToHsv(tf.ones([2, 2]))).toThrow(/rgbToHsv: the last dim of images must be 3, got shape \[2, 2\]/);
    expect(() => tf.image.rgbToHsv(tf.ones([1, 3], 'int32'))).toThrow(/rgbToHsv: images must be float32 or float64, got int32/);
  });

  it("rgbToYiq, yiqToRgb, rgbToYuv, yuvToRgb: TensorFlow's matrices, and TensorFlow's example", () => {
    // The documented example: rgb_to_yiq([1, 2, 3]) = [1.815, -0.91724455, 0.09962624].
    expectClose(tf.image.rgbToYiq(tf.constant([[[1, 2, 3]]])).reshape([-1]), [1.815, -0.91724455, 0.09962624], 1e-6, 1e-7);
    const x = randomImage([2, 3, 3], 'float64', 0, 1);
    const px = (x.arraySync() as number[][][]).flat();
    // Y is the luma; I and Q, U and V their defining combinations (NTSC, PAL), to 1e-3.
    const yiq = tf.image.rgbToYiq(x).reshape([-1, 3]).arraySync() as number[][];
    const yuv = tf.image.rgbToYuv(x).reshape([-1, 3]).arraySync() as number[][];
    px.forEach(([r, g, b], i) => {
      const y = 0.299 * r! + 0.587 * g! + 0.114 * b!;
      expect(yiq[i]![0]).toBeCloseTo(y, 12);
      expect(yiq[i]![1]).toBeCloseTo(0.5959 * r! - 0.2746 * g! - 0.3213 * b!, 3);
      expect(yiq[i]![2]).toBeCloseTo(0.2115 * r! - 0.5227 * g! + 0.3112 * b!, 3);
      expect(yuv[i]![0]).toBeCloseTo(y, 12);
      expect(yuv[i]![1]).toBeCloseTo(0.492 * (b! - y), 3);
      expect(yuv[i]![2]).toBeCloseTo(0.877 * (r! - y), 3);
    });
    // The inverse matrices undo them (TensorFlow's pairs invert each other to about 1e-4).
    expectClose(tf.image.yiqToRgb(tf.image.rgbToYiq(x)).reshape([-1]), px.flat(), 0, 2e-4);
    expectClose(tf.image.yuvToRgb(tf.image.rgbToYuv(x)).reshape([-1]), px.flat(), 0, 2e-4);
    // yuvToRgb of a grey (U = V = 0) is that grey.
    expectClose(tf.image.yuvToRgb(tf.constant([[0.25, 0, 0]], 'float64')), [0.25, 0.25, 0.25], 0, 0);
    expectGradcheck((a) => tf.image.rgbToYiq(a), [{ shape: [2, 3] }]);
    expectGradcheck((a) => tf.image.yuvToRgb(a), [{ shape: [1, 2, 3] }]);
    expect(() => tf.image.rgbToYuv(tf.ones([2, 4]))).toThrow(/rgbToYuv: the last dim of images must be 3/);
    expect(() => tf.image.yiqToRgb(tf.ones([1, 3], 'int32'))).toThrow(/yiqToRgb: images must be float32 or float64, got int32/);
  });

  it('rgbToGrayscale, grayscaleToRgb', () => {
    const x = randomImage([2, 3, 3], 'float64', 0, 1);
    const expected = (x.arraySync() as number[][][]).flat().map(([r, g, b]) => 0.2989 * r! + 0.587 * g! + 0.114 * b!);
    const gray = tf.image.rgbToGrayscale(x);
    expect(gray.shape).toEqual([2, 3, 1]);
    expectClose(gray.reshape([-1]), expected, 1e-12, 1e-15);
    expect(tf.image.grayscaleToRgb(gray).shape).toEqual([2, 3, 3]);
    expectClose(tf.image.grayscaleToRgb(gray).reshape([-1]), expected.flatMap((v) => [v, v, v]), 0, 0);
    // int32 images: through float32 in [0, 1] and back (2³⁰ of pure red: 0.2989·0.5·2³¹).
    const red = tf.image.rgbToGrayscale(tf.constant(new Int32Array([1073741824, 0, 0]), 'int32').reshape([1, 1, 3]));
    expect(red.dtype).toBe('int32');
    expect(Math.abs(red.dataSync()[0]! - 0.2989 * 2 ** 30)).toBeLessThan(200);
    expect(() => tf.image.grayscaleToRgb(tf.ones([2, 2]))).toThrow(/grayscaleToRgb: the last dim of images must be 1/);
    expectGradcheck((a) => tf.image.rgbToGrayscale(a), [{ shape: [2, 2, 3] }]);
  });

  it('convertImageDtype rescales between int32 and float ranges', () => {
    const ints = tf.constant(new Int32Array([0, 1073741824, 2147483647]), 'int32');
    expectClose(tf.image.convertImageDtype(ints, 'float64'), [0, 1073741824 / 2147483647, 1], 1e-15, 0);
    expectClose(tf.image.convertImageDtype(ints, 'float32'), [0, 0.5, 1], 1e-7, 0);
    // float to int32: × (2³¹ − 1 + ½), truncated: in float64 exactly, in float32 the scale is 2³¹.
    expect(Array.from(tf.image.convertImageDtype(tf.constant([0, 0.25, 0.5], 'float64'), 'int32').dataSync())).toEqual([0, 536870911, 1073741823]);
    expect(Array.from(tf.image.convertImageDtype(tf.constant([0, 0.25, 0.5], 'float32'), 'int32').dataSync())).toEqual([0, 536870912, 1073741824]);
    // Saturated as tf.saturateCast does: float32's largest value below 2³¹ is 2³¹ − 128.
    expect(Array.from(tf.image.convertImageDtype(tf.constant([1, 2, -1], 'float32'), 'int32', true).dataSync())).toEqual([2147483520, 2147483520, -2147483648]);
    expect(Array.from(tf.image.convertImageDtype(tf.constant([1, 2, -1], 'float64'), 'int32', true).dataSync())).toEqual([2147483647, 2147483647, -2147483647]); // −1·(2³¹ − ½) truncated
    expect(tf.image.convertImageDtype(tf.constant([0.5], 'float32'), 'float64').dtype).toBe('float64');
    expect(() => tf.image.convertImageDtype(ints, 'bool' as 'int32')).toThrow(/convertImageDtype: dtype must be 'float32', 'float64' or 'int32', got "bool"/);
  });

  it('adjustBrightness, adjustContrast, perImageStandardization', () => {
    const x = randomImage([2, 3, 4, 2]);
    const X = batchOf(x);
    expectClose(tf.image.adjustBrightness(x, 0.3).reshape([-1]), X.flat(3).map((v) => v + 0.3), 1e-15, 1e-15);
    // int32 images: 2³⁰ is 0.5, 0 is 0; + 0.25, then × 2³¹ back (float32's scale).
    const ints = tf.image.adjustBrightness(tf.constant(new Int32Array([0, 1073741824]), 'int32').reshape([1, 2, 1]), 0.25);
    expect(Array.from(ints.dataSync())).toEqual([536870912, 1610612736]);
    const contrast = X.map((img) => {
      const mean = [0, 1].map((c) => img.flat().reduce((a, px) => a + px[c]!, 0) / 12);
      return img.map((row) => row.map((px) => px.map((v, c) => (v - mean[c]!) * 1.7 + mean[c]!)));
    });
    expectNear(tf.image.adjustContrast(x, 1.7), contrast, 1e-12, 'contrast');
    const standard = X.map((img) => {
      const all = img.flat(2), mean = all.reduce((a, b) => a + b, 0) / all.length;
      const std = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / all.length);
      return img.map((row) => row.map((px) => px.map((v) => (v - mean) / Math.max(std, 1 / Math.sqrt(all.length)))));
    });
    expectNear(tf.image.perImageStandardization(x), standard, 1e-12, 'standardization');
    // A uniform image divides by 1/√N, not by 0.
    expectClose(tf.image.perImageStandardization(tf.fill([2, 2, 1], 3)).reshape([-1]), [0, 0, 0, 0], 0, 0);
    // TensorFlow's documented example.
    const doc = tf.image.perImageStandardization(tf.reshape(tf.constant(Int32Array.from({ length: 12 }, (_, i) => i + 1), 'int32'), [2, 2, 3]));
    expectClose(doc.reshape([-1]), [-1.593255, -1.3035723, -1.0138896, -0.7242068, -0.4345241, -0.14484136, 0.14484136, 0.4345241, 0.7242068, 1.0138896, 1.3035723, 1.593255], 1e-6, 0);
    const ints32 = tf.image.perImageStandardization(tf.constant(new Int32Array([1, 3]), 'int32').reshape([1, 2, 1]));
    expect(ints32.dtype).toBe('float32');
    expectClose(ints32.reshape([-1]), [-1, 1], 1e-7, 0);
    expectGradcheck((a) => tf.image.adjustContrast(a, 0.6), [{ shape: [2, 2, 3, 2] }]);
    expectGradcheck((a) => tf.image.perImageStandardization(a), [{ shape: [3, 2, 2] }]);
    expect(() => tf.image.adjustContrast(tf.ones([3, 3]), 2)).toThrow(/adjustContrast: images must have at least 3 dims/);
  });

  it('rgbToHsv and hsvToRgb gradients (central differences, away from ties and kinks)', () => {
    expectGradcheck((a) => tf.image.rgbToHsv(a), [{ shape: [1, 1, 3], values: [0.2, 0.5, 0.9] }]);
    expectGradcheck((a) => tf.image.rgbToHsv(a), [{ shape: [2, 3], values: [0.9, 0.1, 0.3, 0.3, 0.8, 0.1] }]);
    expectGradcheck((a) => tf.image.hsvToRgb(a), [{ shape: [3, 3], values: [0.05, 0.5, 0.9, 0.4, 0.6, 0.3, 0.75, 0.2, 0.8] }]);
  });
});

describe('adjustSaturation, adjustHue, adjustGamma', () => {
  const pixels = [[0.2, 0.5, 0.9], [0.9, 0.1, 0.3], [0.3, 0.8, 0.1], [0.5, 0.5, 0.5], [0.6, 0.4, 0.55], [1, 0.2, 0.2]];
  const rgb = tf.constant([pixels.slice(0, 3), pixels.slice(3)], 'float64');

  it('adjustSaturation scales the HSV saturation, clipped to [0, 1] (colorsys)', () => {
    for (const factor of [0, 0.4, 1.7, 5]) {
      const expected = pixels.flatMap((p) => {
        const [h, sat, v] = colorsysHsv(p);
        return colorsysRgb([h!, Math.min(1, Math.max(0, sat! * factor)), v!]);
      });
      expectClose(tf.image.adjustSaturation(rgb, factor).reshape([-1]), expected, 1e-12, 1e-12);
    }
    expectGradcheck((a) => tf.image.adjustSaturation(a, 0.6), [{ shape: [2, 3], values: [0.2, 0.5, 0.9, 0.9, 0.1, 0.3] }]);
    expect(() => tf.image.adjustSaturation(tf.ones([2, 2]), 2)).toThrow(/adjustSaturation: the last dim of image must be 3/);
  });

  it('adjustHue rotates the HSV hue, wrapping around (colorsys)', () => {
    for (const delta of [-1, -0.7, -0.2, 0, 0.15, 0.5, 0.95, 1]) {
      const expected = pixels.flatMap((p) => {
        const [h, sat, v] = colorsysHsv(p);
        return colorsysRgb([(((h! + delta) % 1) + 1) % 1, sat!, v!]);
      });
      expectClose(tf.image.adjustHue(rgb, delta).reshape([-1]), expected, 1e-12, 1e-12);
    }
    // int32 images go through float32 in [0, 1]: pure red turned a third is pure green.
    const red = tf.constant(new Int32Array([2147483647, 0, 0]), 'int32').reshape([1, 1, 3]);
    const green = tf.image.adjustHue(red, 1 / 3);
    expect(green.dtype).toBe('int32');
    expect(Math.abs(green.dataSync()[0]!)).toBeLessThan(1000);
    expect(green.dataSync()[1]).toBeGreaterThan(2147483000);
    expectGradcheck((a) => tf.image.adjustHue(a, 0.3), [{ shape: [2, 3], values: [0.2, 0.5, 0.9, 0.9, 0.1, 0.3] }]);
    expect(() => tf.image.adjustHue(rgb, 1.5)).toThrow(/adjustHue: delta must be a number in \[-1, 1\], got 1.5/);
  });

  it('adjustGamma is gain · image^gamma', () => {
    const x = randomImage([2, 3, 2], 'float64', 0, 1);
    expectClose(tf.image.adjustGamma(x, 2.2, 0.8).reshape([-1]), Array.from(x.dataSync()).map((v) => 0.8 * v ** 2.2), 1e-12, 1e-15);
    expectClose(tf.image.adjustGamma(x), x.dataSync(), 0, 0);
    // int32: 2³⁰ is 0.5; 0.5² = 0.25 -> 2²⁹ (× float32's 2³¹).
    expect(Array.from(tf.image.adjustGamma(tf.constant(new Int32Array([1073741824]), 'int32'), 2).dataSync())).toEqual([536870912]);
    expectGradcheck((a) => tf.image.adjustGamma(a, 1.5, 2), [{ shape: [2, 2, 1], min: 0.2, max: 1 }]);
    expect(() => tf.image.adjustGamma(x, -1)).toThrow(/adjustGamma: gamma should be a non-negative real number, got -1/);
  });
});

// ---- measures --------------------------------------------------------------------------------------

describe('totalVariation, imageGradients, sobelEdges, psnr', () => {
  const x = randomImage([2, 4, 5, 2]);
  const X = batchOf(x);

  it('totalVariation sums the absolute neighbour differences per image', () => {
    const tv = X.map((img) => {
      let s = 0;
      img.forEach((row, i) => row.forEach((px, j) => px.forEach((v, c) => {
        if (i + 1 < img.length) s += Math.abs(img[i + 1]![j]![c]! - v);
        if (j + 1 < row.length) s += Math.abs(row[j + 1]![c]! - v);
      })));
      return s;
    });
    expectClose(tf.image.totalVariation(x), tv, 1e-12, 1e-12);
    const single = tf.image.totalVariation(x.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([4, 5, 2]));
    expect(single.shape).toEqual([]);
    expectClose(single, tv[1]!, 1e-12, 1e-12);
    expectGradcheck((a) => tf.image.totalVariation(a), [{ shape: [2, 3, 3, 1] }]);
  });

  it("imageGradients: forward differences with a zero last row/column (TensorFlow's example)", () => {
    const [dy, dx] = tf.image.imageGradients(tf.reshape(tf.range(0, 25, 1, 'float32'), [1, 5, 5, 1]));
    expect(dy.reshape([5, 5]).arraySync()).toEqual([...Array(4).fill([5, 5, 5, 5, 5]), [0, 0, 0, 0, 0]]);
    expect(dx.reshape([5, 5]).arraySync()).toEqual(Array(5).fill([1, 1, 1, 1, 0]));
    const [gy, gx] = tf.image.imageGradients(x);
    expectNear(gy, X.map((img) => img.map((row, i) => row.map((px, j) => px.map((v, c) => (i + 1 < img.length ? img[i + 1]![j]![c]! - v : 0))))), 1e-15, 'dy');
    expectNear(gx, X.map((img) => img.map((row) => row.map((px, j) => px.map((v, c) => (j + 1 < row.length ? row[j + 1]![c]! - v : 0))))), 1e-15, 'dx');
    expectGradcheck((a) => tf.addN(tf.image.imageGradients(a).map((g) => g.mul(g))), [{ shape: [1, 3, 3, 2] }]);
    expect(() => tf.image.imageGradients(tf.ones([3, 3, 1]))).toThrow(/imageGradients: image must be 4-D/);
  });

  it('sobelEdges: the Sobel correlations over the reflect-padded image', () => {
    const ky = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];
    const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
    const expected = X.map((img) => img.map((row, i) => row.map((px, j) => px.map((_, c) => {
      const [h, w] = [img.length, row.length];
      let gy = 0, gx = 0;
      for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) {
        const v = img[reflect(i + a, h)]![reflect(j + b, w)]![c]!;
        gy += ky[a + 1]![b + 1]! * v;
        gx += ky[b + 1]![a + 1]! * v;
      }
      return [gy, gx];
    }))));
    const y = tf.image.sobelEdges(x);
    expect(y.shape).toEqual([2, 4, 5, 2, 2]);
    expectClose(y.reshape([-1]), expected.flat(5) as number[], 1e-12, 1e-12);
    expectGradcheck((a) => tf.image.sobelEdges(a), [{ shape: [1, 3, 4, 2] }]);
    expect(() => tf.image.sobelEdges(tf.ones([1, 3, 3, 1], 'int32'))).toThrow(/sobelEdges: image must be float32 or float64/);
  });

  it('psnr: 20·log10(maxVal) − 10·log10(MSE) per image', () => {
    const y = randomImage([2, 4, 5, 2]);
    const Y = batchOf(y);
    const expected = X.map((img, b) => {
      const d = img.flat(2).map((v, i) => v - Y[b]!.flat(2)[i]!);
      return 20 * Math.log10(4) - 10 * Math.log10(d.reduce((s, v) => s + v * v, 0) / d.length);
    });
    expectClose(tf.image.psnr(x, y, 4), expected, 1e-12, 1e-12);
    expect(tf.image.psnr(x, x, 1).arraySync()).toEqual([Infinity, Infinity]);
    // int32 images and maxVal through float32 in [0, 1]: the ratio is what counts.
    const a = tf.constant(new Int32Array([100, 200]), 'int32').reshape([1, 2, 1]), b = tf.constant(new Int32Array([110, 190]), 'int32').reshape([1, 2, 1]);
    expectClose(tf.image.psnr(a, b, 255), 20 * Math.log10(255) - 10 * Math.log10(100), 1e-5, 0);
    expectGradcheck((p) => tf.image.psnr(p, f64(y.dataSync(), y.shape), 4), [{ shape: [2, 4, 5, 2] }]);
    expect(() => tf.image.psnr(x, y.cast('float32'), 1)).toThrow(/psnr: a and b must have the same dtype, got float64 and float32/);
    expect(() => tf.image.psnr(x, randomImage([2, 4, 4, 2]), 1)).toThrow(/psnr: a and b must be images .* with the same last three dims/);
    // The leading dims broadcast: one reference image against a batch.
    expectClose(tf.image.psnr(x, y.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([4, 5, 2]), 4).slice([1], [1]), expected[1]!, 1e-12, 1e-12);
  });
});

describe('ssim', () => {
  /** SSIM from its definition: 2-D Gaussian windows exp(−(i² + j²)/(2σ²)), normalised; per
   * channel the mean over the 'VALID' positions; then the mean over the channels. */
  function ssimOracle(a: number[][][], b: number[][][], maxVal: number, size: number, sigma: number, k1 = 0.01, k2 = 0.03): number {
    const [h, w, ch] = [a.length, a[0]!.length, a[0]![0]!.length];
    const g: number[][] = [];
    let total = 0;
    for (let i = 0; i < size; i++) {
      g.push([]);
      for (let j = 0; j < size; j++) {
        const [di, dj] = [i - (size - 1) / 2, j - (size - 1) / 2];
        g[i]!.push(Math.exp(-(di * di + dj * dj) / (2 * sigma * sigma)));
        total += g[i]![j]!;
      }
    }
    const [c1, c2] = [(k1 * maxVal) ** 2, (k2 * maxVal) ** 2];
    let sum = 0;
    for (let c = 0; c < ch; c++) {
      let channel = 0;
      for (let r = 0; r + size <= h; r++) for (let q = 0; q + size <= w; q++) {
        let [mx, my, sxx, syy, sxy] = [0, 0, 0, 0, 0];
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
          const wt = g[i]![j]! / total, x = a[r + i]![q + j]![c]!, y = b[r + i]![q + j]![c]!;
          mx += wt * x; my += wt * y; sxx += wt * x * x; syy += wt * y * y; sxy += wt * x * y;
        }
        const [vx, vy, cov] = [sxx - mx * mx, syy - my * my, sxy - mx * my];
        channel += ((2 * mx * my + c1) / (mx * mx + my * my + c1)) * ((2 * cov + c2) / (vx + vy + c2));
      }
      sum += channel / ((h - size + 1) * (w - size + 1));
    }
    return sum / ch;
  }

  it('equals the definition, batched and single, and is 1 for equal images', () => {
    const a = randomImage([2, 12, 13, 3], 'float64', 0, 1);
    const b = tf.clipByValue(tf.add(a, randomImage([2, 12, 13, 3], 'float64', -0.2, 0.2)), 0, 1);
    const [A, B] = [batchOf(a), batchOf(b)];
    expectClose(tf.image.ssim(a, b, 1), A.map((img, i) => ssimOracle(img, B[i]!, 1, 11, 1.5)), 1e-10, 1e-12);
    expectClose(tf.image.ssim(a, b, 2, 5, 0.8, 0.02, 0.05), A.map((img, i) => ssimOracle(img, B[i]!, 2, 5, 0.8, 0.02, 0.05)), 1e-10, 1e-12);
    const single = tf.image.ssim(a.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([12, 13, 3]), b.slice([1, 0, 0, 0], [1, -1, -1, -1]).reshape([12, 13, 3]), 1, 7);
    expect(single.shape).toEqual([]);
    expectClose(single, ssimOracle(A[1]!, B[1]!, 1, 7, 1.5), 1e-10, 1e-12);
    expectClose(tf.image.ssim(a, a, 1), [1, 1], 1e-12, 0);
    // float32 and int32 (through float32 in [0, 1], maxVal with them).
    expectClose(tf.image.ssim(a.cast('float32'), b.cast('float32'), 1), A.map((img, i) => ssimOracle(img, B[i]!, 1, 11, 1.5)), 1e-4, 1e-5);
    const ai = tf.cast(tf.mul(a, 255), 'int32'), bi = tf.cast(tf.mul(b, 255), 'int32');
    const [AI, BI] = [batchOf(ai), batchOf(bi)];
    expectClose(tf.image.ssim(ai, bi, 255), AI.map((img, i) => ssimOracle(img, BI[i]!, 255, 11, 1.5)), 1e-4, 1e-5);
  });

  it('returnIndexMap gives the channel mean of the SSIM map; leading dims broadcast', () => {
    const a = randomImage([2, 6, 7, 2], 'float64', 0, 1), b = randomImage([6, 7, 2], 'float64', 0, 1);
    const map = tf.image.ssim(a, b, 1, 3, 1, 0.01, 0.03, true);
    expect(map.shape).toEqual([2, 4, 5]);
    // The mean of the map is the score.
    expectClose(tf.reduceMean(map, [1, 2]), tf.image.ssim(a, b, 1, 3, 1).dataSync(), 1e-12, 1e-14);
    const B = batchOf(b)[0]!;
    expectClose(tf.image.ssim(a, b, 1, 3, 1), batchOf(a).map((img) => ssimOracle(img, B, 1, 3, 1)), 1e-10, 1e-12);
  });

  /** Per channel: the mean SSIM and the mean contrast-structure term, from the definition. */
  function ssimParts(a: number[][][], b: number[][][], maxVal: number, size: number, sigma: number): { ssim: number[]; cs: number[] } {
    const [h, w, ch] = [a.length, a[0]!.length, a[0]![0]!.length];
    const g = (i: number) => Math.exp(-((i - (size - 1) / 2) ** 2) / (2 * sigma * sigma));
    let total = 0;
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) total += g(i) * g(j);
    const [c1, c2] = [(0.01 * maxVal) ** 2, (0.03 * maxVal) ** 2];
    const out = { ssim: [] as number[], cs: [] as number[] };
    for (let c = 0; c < ch; c++) {
      let [sumSsim, sumCs] = [0, 0];
      for (let r = 0; r + size <= h; r++) for (let q = 0; q + size <= w; q++) {
        let [mx, my, sxx, syy, sxy] = [0, 0, 0, 0, 0];
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
          const wt = (g(i) * g(j)) / total, x = a[r + i]![q + j]![c]!, y = b[r + i]![q + j]![c]!;
          mx += wt * x; my += wt * y; sxx += wt * x * x; syy += wt * y * y; sxy += wt * x * y;
        }
        const cs = (2 * (sxy - mx * my) + c2) / (sxx - mx * mx + syy - my * my + c2);
        sumCs += cs;
        sumSsim += ((2 * mx * my + c1) / (mx * mx + my * my + c1)) * cs;
      }
      const n = (h - size + 1) * (w - size + 1);
      out.ssim.push(sumSsim / n);
      out.cs.push(sumCs / n);
    }
    return out;
  }
  /** Halving: an odd side padded by repeating its last row or column, then 2 × 2 averages. */
  function halve(img: number[][][]): number[][][] {
    const [h, w] = [img.length, img[0]!.length];
    const at = (i: number, j: number) => img[Math.min(i, h - 1)]![Math.min(j, w - 1)]!;
    return Array.from({ length: Math.ceil(h / 2) }, (_, i) => Array.from({ length: Math.ceil(w / 2) }, (_, j) =>
      at(2 * i, 2 * j).map((_, c) => (at(2 * i, 2 * j)[c]! + at(2 * i, 2 * j + 1)[c]! + at(2 * i + 1, 2 * j)[c]! + at(2 * i + 1, 2 * j + 1)[c]!) / 4)));
  }
  function msSsimOracle(a: number[][][], b: number[][][], maxVal: number, powers: number[], size: number, sigma: number): number {
    let [x, y] = [a, b];
    let product = a[0]![0]!.map(() => 1);
    powers.forEach((p, k) => {
      if (k > 0) [x, y] = [halve(x), halve(y)];
      const parts = ssimParts(x, y, maxVal, size, sigma);
      const term = k === powers.length - 1 ? parts.ssim : parts.cs;
      product = product.map((v, c) => v * Math.max(term[c]!, 0) ** p);
    });
    return product.reduce((s, v) => s + v, 0) / product.length;
  }

  it('ssimMultiscale equals the definition (odd sizes padded, five scales)', () => {
    const a = randomImage([2, 13, 11, 2], 'float64', 0, 1);
    const b = tf.clipByValue(tf.add(a, randomImage([2, 13, 11, 2], 'float64', -0.3, 0.3)), 0, 1);
    const [A, B] = [batchOf(a), batchOf(b)];
    expectClose(tf.image.ssimMultiscale(a, b, 1, [0.2, 0.3, 0.5], 3, 1), A.map((img, i) => msSsimOracle(img, B[i]!, 1, [0.2, 0.3, 0.5], 3, 1)), 1e-10, 1e-12);
    const big = randomImage([1, 70, 75, 1], 'float64', 0, 1);
    const noisy = tf.clipByValue(tf.add(big, randomImage([1, 70, 75, 1], 'float64', -0.2, 0.2)), 0, 1);
    const expected = msSsimOracle(batchOf(big)[0]!, batchOf(noisy)[0]!, 1, [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], 5, 1.5);
    expectClose(tf.image.ssimMultiscale(big, noisy, 1, undefined, 5), [expected], 1e-10, 1e-12);
    expectClose(tf.image.ssimMultiscale(a, a, 1, [0.5, 0.5], 3), [1, 1], 1e-12, 0);
    // Near the reference (an unrelated image can clamp a term at 0, where a power below 1 has an
    // infinite slope: NaN, as in TensorFlow).
    const ref = b.slice([0, 0, 0, 0], [1, -1, -1, -1]);
    const near = Array.from(ref.dataSync(), (v, i) => v + 0.1 * Math.sin(i));
    expectGradcheck((p) => tf.image.ssimMultiscale(p, ref, 1, [0.4, 0.6], 3, 1), [{ shape: [1, 13, 11, 2], values: near }]);
    expect(() => tf.image.ssimMultiscale(a, b, 1)).toThrow(/ssimMultiscale: at the smallest of 5 scales the images are 1 × 1, smaller than filterSize \(11\)/);
  });

  it('gradients (central differences) and errors', () => {
    const target = randomImage([1, 6, 5, 2], 'float64', 0, 1);
    expectGradcheck((p) => tf.image.ssim(p, target, 1, 3, 1), [{ shape: [1, 6, 5, 2], min: 0, max: 1 }]);
    const a = randomImage([8, 8, 1]);
    expect(() => tf.image.ssim(a, a, 1)).toThrow(/ssim: the height and width \(8, 8\) must be at least filterSize \(11\)/);
    expect(() => tf.image.ssim(a, randomImage([8, 7, 1]), 1, 3)).toThrow(/ssim: img1 and img2 must be images \[\.\.\., height, width, channels\] with the same last three dims, got shapes \[8, 8, 1\] and \[8, 7, 1\]/);
    expect(() => tf.image.ssim(a, a, 0, 3)).toThrow(/ssim: maxVal must be a positive number, got 0/);
  });
});

describe('under tf.function', () => {
  it('compiled resize and its gradient equal the eager ones', () => {
    const x = randomImage([2, 5, 4, 3]);
    const step = (a: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(a);
      const [y, loss] = tape.record(() => {
        const r = tf.image.resize(a, [7, 3], 'bicubic');
        return [r, tf.reduceSum(tf.square(r))];
      });
      return [y, tape.gradient(loss, a)] as tf.Tensor[];
    };
    const eager = step(x), compiled = tf.function(step)(x);
    for (let i = 0; i < 2; i++) expect(Array.from(compiled[i]!.dataSync())).toEqual(Array.from(eager[i]!.dataSync()));
  });
});
