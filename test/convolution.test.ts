// Convolution and pooling (ts/convolution.ts): tf.nn.conv1d/2d/3d, convolution, max_pool* and
// avg_pool* against a direct loop over TensorFlow's definitions (output sizes, 'SAME' padding
// split with the odd one after, dilations, strides, grouped channels, channels first), against
// TensorFlow's documented examples, their gradients against central differences (second order
// too), the maximum's gradient on ties, their errors, tf.function, and a small network that learns.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectGradcheck, f64, randomValues, seededRandom, sizeOf } from './helpers/gradcheck';

import { type Pads, convOracle, poolOracle } from './helpers/conv-oracle';

function expectValues(t: tf.Tensor, expected: { y: Float64Array; shape: number[] }, label: string, rtol = 1e-12) {
  expect(t.shape, label).toEqual(expected.shape);
  const got = t.dataSync();
  const bad: string[] = [];
  expected.y.forEach((e, i) => {
    if (!(Math.abs(got[i]! - e) <= 1e-12 + rtol * Math.abs(e))) bad.push(`[${i}] ${got[i]} vs ${e}`);
  });
  expect(bad.slice(0, 5), label).toEqual([]);
}

const channelsFirst = (t: tf.Tensor) => tf.transpose(t, [0, t.rank - 1, ...Array.from({ length: t.rank - 2 }, (_, i) => i + 1)]);

// ---- values -----------------------------------------------------------------------------------

describe('conv1d, conv2d, conv3d and convolution equal the definition', () => {
  const rand = seededRandom(7);
  const cases: { x: number[]; w: number[]; strides: number[]; dilations: number[]; padding: Pads }[] = [
    { x: [2, 7, 3], w: [3, 3, 2], strides: [1], dilations: [1], padding: 'VALID' },
    { x: [1, 8, 2], w: [2, 2, 3], strides: [3], dilations: [2], padding: 'SAME' },
    { x: [2, 5, 6, 3], w: [3, 2, 3, 4], strides: [1, 1], dilations: [1, 1], padding: 'VALID' },
    { x: [2, 5, 6, 3], w: [3, 3, 3, 2], strides: [2, 2], dilations: [1, 1], padding: 'SAME' },
    { x: [1, 7, 6, 2], w: [2, 3, 2, 2], strides: [2, 3], dilations: [1, 1], padding: 'SAME' },
    { x: [1, 9, 8, 1], w: [3, 2, 1, 3], strides: [1, 2], dilations: [2, 3], padding: 'VALID' },
    { x: [2, 4, 5, 2], w: [2, 2, 2, 3], strides: [1, 1], dilations: [2, 2], padding: 'SAME' },
    { x: [1, 4, 4, 2], w: [3, 3, 2, 2], strides: [1, 2], dilations: [1, 1], padding: [[1, 2], [0, 3]] },
    { x: [2, 5, 5, 4], w: [3, 3, 2, 6], strides: [1, 1], dilations: [1, 1], padding: 'SAME' }, // two groups
    { x: [1, 4, 3, 6], w: [1, 1, 1, 6], strides: [1, 1], dilations: [1, 1], padding: 'VALID' }, // depthwise-like: six groups
    { x: [1, 4, 5, 3, 2], w: [2, 3, 2, 2, 3], strides: [1, 2, 1], dilations: [1, 1, 2], padding: 'SAME' },
    { x: [2, 3, 4, 4, 1], w: [3, 1, 2, 1, 2], strides: [2, 1, 3], dilations: [1, 1, 1], padding: 'VALID' },
    { x: [1, 1, 1, 1], w: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1], padding: 'VALID' },
    { x: [1, 3, 3, 2], w: [3, 3, 2, 1], strides: [5, 5], dilations: [1, 1], padding: 'SAME' },
  ];
  for (const c of cases) {
    const d = c.w.length - 2;
    const label = `x [${c.x}] w [${c.w}] strides [${c.strides}] dilations [${c.dilations}] ${JSON.stringify(c.padding)}`;
    it(label, () => {
      const xv = randomValues(sizeOf(c.x), rand), wv = randomValues(sizeOf(c.w), rand);
      const expected = convOracle(xv, c.x, wv, c.w, c.strides, c.dilations, c.padding);
      const [x, w] = [f64(xv, c.x), f64(wv, c.w)];
      const fn = [tf.nn.conv1d, tf.nn.conv2d, tf.nn.conv3d][d - 1]!;
      expectValues(fn(x, w, c.strides, c.padding as tf.Padding, undefined, c.dilations), expected, label);
      expectValues(tf.nn.convolution(x, w, c.strides, c.padding as tf.Padding, null, c.dilations), expected, `convolution: ${label}`);
      // Channels first: the same numbers, channels moved to axis 1 (explicit pads of the full rank too).
      const first = (['NCW', 'NCHW', 'NCDHW'] as const)[d - 1];
      const pads = Array.isArray(c.padding) ? [[0, 0], [0, 0], ...c.padding] : c.padding;
      const y = (fn as (...a: unknown[]) => tf.Tensor)(channelsFirst(x), w, [1, 1, ...c.strides], pads, first, [1, 1, ...c.dilations]);
      expectValues(tf.transpose(y, [0, ...Array.from({ length: d }, (_, i) => i + 2), 1]), expected, `${first}: ${label}`);
    });
  }

  it('depthwiseConv2d: input channel c convolved with its own filters gives channels c·multiplier + m', () => {
    const x = tf.random.normal([2, 5, 6, 3], { dtype: 'float64', seed: 12 }), w = tf.random.normal([3, 2, 3, 2], { dtype: 'float64', seed: 13 });
    const perChannel = [0, 1, 2].map((c) => tf.nn.conv2d(x.slice([0, 0, 0, c], [-1, -1, -1, 1]), w.slice([0, 0, c, 0], [-1, -1, 1, -1]), [1, 2], 'SAME', 'NHWC', 1));
    const y = tf.nn.depthwiseConv2d(x, w, [1, 1, 2, 1], 'SAME');
    expect(y.shape).toEqual([2, 5, 3, 6]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(tf.concat(perChannel, 3).dataSync()));
    expectGradcheck((a, b) => tf.nn.depthwiseConv2d(a, b, 1, 'VALID', 'NHWC', [2, 1]), [{ shape: [1, 5, 4, 2] }, { shape: [2, 2, 2, 3] }]);
    expect(() => tf.nn.depthwiseConv2d(x, tf.zeros([3, 3, 2, 1], 'float64'), 1, 'SAME')).toThrow(/depthwiseConv2d: the input has 3 channels but the filter \[3, 3, 2, 1\] is for 2/);
  });

  it('separableConv2d: the depthwise convolution, then the 1x1 pointwise one', () => {
    const x = tf.random.normal([2, 5, 6, 3], { dtype: 'float64', seed: 21 });
    const dw = tf.random.normal([3, 3, 3, 2], { dtype: 'float64', seed: 22 }), pw = tf.random.normal([1, 1, 6, 4], { dtype: 'float64', seed: 23 });
    const y = tf.nn.separableConv2d(x, dw, pw, [1, 2], 'SAME');
    const expected = tf.nn.conv2d(tf.nn.depthwiseConv2d(x, dw, [1, 2], 'SAME'), pw, 1, 'VALID');
    expect(y.shape).toEqual([2, 5, 3, 4]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(expected.dataSync()));
    expectGradcheck((a, b, c) => tf.nn.separableConv2d(a, b, c, 1, 'VALID'), [{ shape: [1, 4, 4, 2] }, { shape: [2, 2, 2, 2] }, { shape: [1, 1, 4, 3] }]);
    expect(() => tf.nn.separableConv2d(x, dw, tf.zeros([3, 3, 6, 4], 'float64'), 1, 'SAME')).toThrow(/separableConv2d: pointwiseFilter must have shape \[1, 1, inChannels·channelMultiplier, outChannels\]/);
  });

  it('float32 agrees with float64 to float32 rounding, and int32 convolves exactly', () => {
    const x = tf.random.normal([2, 6, 6, 3], { mean: 0, stddev: 1, dtype: 'float64', seed: 5 }), w = tf.random.normal([3, 3, 3, 4], { mean: 0, stddev: 1, dtype: 'float64', seed: 6 });
    const y64 = tf.nn.conv2d(x, w, 1, 'SAME').dataSync();
    const y32 = tf.nn.conv2d(tf.cast(x, 'float32'), tf.cast(w, 'float32'), 1, 'SAME').dataSync();
    expect(Math.max(...y64.map((v, i) => Math.abs(v - y32[i]!)))).toBeLessThan(1e-5);
    const xi = tf.constant([[[[1], [2], [3]], [[4], [5], [6]]]], 'int32'), wi = tf.constant([[[[2]], [[-1]]]], 'int32');
    const yi = tf.nn.conv2d(xi, wi, 1, 'VALID');
    expect([yi.dtype, yi.arraySync()]).toEqual(['int32', [[[[0], [1]], [[3], [4]]]]]);
  });

  it('leading batch dims beyond one, as TensorFlow 2 takes them', () => {
    const x = tf.random.normal([2, 3, 5, 5, 2], { mean: 0, stddev: 1, dtype: 'float64', seed: 8 }), w = tf.random.normal([3, 3, 2, 2], { mean: 0, stddev: 1, dtype: 'float64', seed: 9 });
    const y = tf.nn.conv2d(x, w, 1, 'SAME');
    expect(y.shape).toEqual([2, 3, 5, 5, 2]);
    expect(y.dataSync()).toEqual(tf.nn.conv2d(x.reshape([6, 5, 5, 2]), w, 1, 'SAME').dataSync());
  });
});

describe('conv1dTranspose, conv2dTranspose, conv3dTranspose: the gradient of the convolution with respect to its input', () => {
  const rand = seededRandom(17);
  const cases: { z: number[]; w: number[]; strides: number[]; dilations: number[]; padding: Pads }[] = [
    { z: [2, 7, 3], w: [3, 3, 2], strides: [2], dilations: [1], padding: 'SAME' },
    { z: [1, 8, 2], w: [2, 2, 3], strides: [3], dilations: [1], padding: 'VALID' },
    { z: [2, 6, 5, 3], w: [3, 3, 3, 2], strides: [2, 2], dilations: [1, 1], padding: 'SAME' },
    { z: [1, 7, 6, 2], w: [2, 3, 2, 4], strides: [3, 2], dilations: [1, 1], padding: 'VALID' },
    { z: [1, 9, 7, 1], w: [3, 2, 1, 2], strides: [1, 1], dilations: [2, 3], padding: 'SAME' },
    { z: [2, 5, 5, 2], w: [3, 3, 2, 3], strides: [2, 1], dilations: [1, 1], padding: [[2, 1], [0, 3]] },
    { z: [1, 4, 5, 3, 2], w: [2, 2, 3, 2, 2], strides: [2, 2, 1], dilations: [1, 1, 1], padding: 'SAME' },
  ];
  for (const c of cases) {
    const d = c.w.length - 2;
    const label = `outputShape [${c.z}] filters [${c.w}] strides [${c.strides}] dilations [${c.dilations}] ${JSON.stringify(c.padding)}`;
    it(label, () => {
      const conv = [tf.nn.conv1d, tf.nn.conv2d, tf.nn.conv3d][d - 1]! as (...a: unknown[]) => tf.Tensor;
      const transposed = [tf.nn.conv1dTranspose, tf.nn.conv2dTranspose, tf.nn.conv3dTranspose][d - 1]! as (...a: unknown[]) => tf.Tensor;
      // conv's filters are [...kernel, in, out]; the transpose's [...kernel, out, in] are the same tensor read the other way.
      const w = f64(randomValues(sizeOf(c.w), rand), c.w);
      const z = f64(randomValues(sizeOf(c.z), rand), c.z);
      const tape = new tf.GradientTape();
      tape.watch(z);
      const y = tape.record(() => conv(z, w, c.strides, c.padding, undefined, c.dilations));
      const upstream = f64(randomValues(y.size, rand), y.shape);
      const expected = tape.gradient(y, z, { outputGradients: upstream }) as tf.Tensor;
      const got = transposed(upstream, w, c.z, c.strides, c.padding, undefined, c.dilations);
      expectValues(got, { y: Float64Array.from(expected.dataSync()), shape: c.z }, label);
      expectGradcheck((u, f) => transposed(u, f, c.z, c.strides, c.padding, undefined, c.dilations), [{ shape: y.shape, values: upstream.dataSync() }, { shape: c.w }]);
    });
  }

  it('channels first, and the errors', () => {
    const w = tf.random.normal([3, 3, 2, 4], { dtype: 'float64', seed: 4 }), x = tf.random.normal([1, 3, 3, 4], { dtype: 'float64', seed: 5 });
    const y = tf.nn.conv2dTranspose(x, w, [1, 6, 6, 2], 2);
    const first = tf.nn.conv2dTranspose(channelsFirst(x), w, [1, 2, 6, 6], [1, 1, 2, 2], 'SAME', 'NCHW');
    expect(Array.from(tf.transpose(first, [0, 2, 3, 1]).dataSync())).toEqual(Array.from(y.dataSync()));
    expect(() => tf.nn.conv2dTranspose(x, w, [1, 9, 9, 2], 2)).toThrow(/conv2dTranspose: a convolution of outputShape \[1, 9, 9, 2\] with these filters, strides and padding gives spatial dims \[5, 5\], not the input's \[3, 3\]/);
    expect(() => tf.nn.conv2dTranspose(x, w, [1, 6, 6, 3], 2)).toThrow(/take 4 input channels to 2, but the input has 4 and outputShape asks for 3/);
    expect(() => tf.nn.conv2dTranspose(x, w, [2, 6, 6, 2], 2)).toThrow(/outputShape \[2, 6, 6, 2\] must keep the input's batch dims \[1\]/);
    expect(() => tf.nn.conv2dTranspose(x, w, [6, 6, 2] as number[], 2)).toThrow(/conv2dTranspose: outputShape must list the 4 dims/);
  });
});

describe('max and average pooling equal the definition', () => {
  const rand = seededRandom(11);
  const cases: { x: number[]; k: number[]; s: number[]; padding: Pads }[] = [
    { x: [2, 7, 3], k: [2], s: [2], padding: 'VALID' },
    { x: [1, 7, 2], k: [3], s: [2], padding: 'SAME' },
    { x: [2, 5, 6, 3], k: [2, 2], s: [2, 2], padding: 'VALID' },
    { x: [2, 5, 6, 3], k: [3, 3], s: [2, 2], padding: 'SAME' },
    { x: [1, 6, 7, 2], k: [3, 2], s: [1, 3], padding: 'SAME' },
    { x: [1, 4, 4, 1], k: [4, 4], s: [1, 1], padding: 'VALID' },
    { x: [1, 5, 4, 3, 2], k: [2, 3, 2], s: [2, 1, 2], padding: 'SAME' },
  ];
  for (const c of cases) {
    const d = c.k.length;
    const label = `x [${c.x}] ksize [${c.k}] strides [${c.s}] ${c.padding}`;
    it(label, () => {
      const xv = randomValues(sizeOf(c.x), rand);
      const x = f64(xv, c.x);
      const maxFn = [tf.nn.maxPool1d, tf.nn.maxPool2d, tf.nn.maxPool3d][d - 1]!;
      const avgFn = [tf.nn.avgPool1d, tf.nn.avgPool2d, tf.nn.avgPool3d][d - 1]!;
      const max = poolOracle('max', xv, c.x, c.k, c.s, c.padding), avg = poolOracle('avg', xv, c.x, c.k, c.s, c.padding);
      expectValues(maxFn(x, c.k, c.s, c.padding as 'SAME'), max, `max ${label}`);
      expectValues(tf.nn.maxPool(x, c.k, c.s, c.padding as 'SAME'), max, `maxPool ${label}`);
      expectValues(avgFn(x, c.k, c.s, c.padding as 'SAME'), avg, `avg ${label}`);
      expectValues(tf.nn.avgPool(x, c.k, c.s, c.padding as 'SAME'), avg, `avgPool ${label}`);
      const first = (['NCW', 'NCHW', 'NCDHW'] as const)[d - 1];
      const back = (y: tf.Tensor) => tf.transpose(y, [0, ...Array.from({ length: d }, (_, i) => i + 2), 1]);
      expectValues(back((maxFn as (...a: unknown[]) => tf.Tensor)(channelsFirst(x), [1, 1, ...c.k], [1, 1, ...c.s], c.padding, first)), max, `${first} max ${label}`);
      expectValues(back((avgFn as (...a: unknown[]) => tf.Tensor)(channelsFirst(x), c.k, c.s, c.padding, first)), avg, `${first} avg ${label}`);
    });
  }

  it('max pooling with explicit padding: padding never wins', () => {
    const xv = randomValues(2 * 4 * 5 * 2, seededRandom(3), { min: -5, max: -1 });
    const x = f64(xv, [2, 4, 5, 2]);
    const pads = [[1, 0], [2, 1]];
    expectValues(tf.nn.maxPool2d(x, [2, 3], [1, 2], [[0, 0], ...pads, [0, 0]]), poolOracle('max', xv, [2, 4, 5, 2], [2, 3], [1, 2], pads), 'explicit');
  });

  it('int32 max pooling', () => {
    const x = tf.constant([[[[-5], [-9]], [[-7], [-6]]]], 'int32');
    expect(tf.nn.maxPool2d(x, 2, 1, 'SAME').arraySync()).toEqual([[[[-5], [-6]], [[-6], [-6]]]]);
  });
});

// ---- TensorFlow's documented examples ------------------------------------------------------------

describe("TensorFlow's documented examples", () => {
  it('tf.nn.conv2d: the 5x5 input and 2x2x1x2 kernel of its docstring', () => {
    const x = tf.constant([[[[2], [1], [2], [0], [1]], [[1], [3], [2], [2], [3]], [[1], [1], [3], [3], [0]], [[2], [2], [0], [1], [1]], [[0], [0], [3], [1], [2]]]]);
    const kernel = tf.constant([[[[2, 0.1]], [[3, 0.2]]], [[[0, 0.3]], [[1, 0.4]]]]);
    const y = tf.nn.conv2d(x, kernel, [1, 1, 1, 1], 'VALID');
    expect(y.shape).toEqual([1, 4, 4, 2]);
    // First channel: 2·x[i][j] + 3·x[i][j+1] + x[i+1][j+1] (the kernel's 0 skips x[i+1][j]);
    // the second, 0.1, 0.2, 0.3, 0.4 times the four (NumPy's sums of the windows).
    expect(tf.squeeze(y.slice([0, 0, 0, 0], [1, 4, 4, 1])).arraySync()).toEqual([[10, 10, 6, 6], [12, 15, 13, 13], [7, 11, 16, 7], [10, 7, 4, 7]]);
    const second = [[1.9, 2.2, 1.6, 2.0], [1.4, 2.2, 2.7, 1.7], [1.7, 1.3, 1.3, 1.0], [0.6, 1.4, 1.5, 1.4]];
    expect(Math.max(...(tf.squeeze(y.slice([0, 0, 0, 1], [1, 4, 4, 1])).dataSync() as Float32Array).map((v, i) => Math.abs(v - second.flat()[i]!)))).toBeLessThan(1e-6);
  });

  it("Keras' MaxPooling2D and AveragePooling2D examples (tf.nn with the same windows)", () => {
    const x = tf.reshape(tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), [1, 3, 3, 1]);
    const flat = (t: tf.Tensor) => tf.squeeze(t).arraySync();
    expect(flat(tf.nn.maxPool2d(x, 2, 1, 'VALID'))).toEqual([[5, 6], [8, 9]]);
    expect(flat(tf.nn.maxPool2d(x, 2, 1, 'SAME'))).toEqual([[5, 6, 6], [8, 9, 9], [8, 9, 9]]);
    expect(flat(tf.nn.avgPool2d(x, 2, 1, 'VALID'))).toEqual([[3, 4], [6, 7]]);
    const y = tf.reshape(tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]), [1, 3, 4, 1]);
    expect(flat(tf.nn.maxPool2d(y, 2, 2, 'VALID'))).toEqual([6, 8]);
    expect(flat(tf.nn.maxPool2d(y, 2, 2, 'SAME'))).toEqual([[6, 8], [10, 12]]);
  });
});

describe('tf.image.extractPatches', () => {
  const n = 10;
  const images = tf.constant([Array.from({ length: n }, (_, x) => Array.from({ length: n }, (_, y) => [x * n + y + 1]))], 'int32');
  it("TensorFlow's documented example: 3x3 patches 5 apart, with rates 1 and 2", () => {
    expect(tf.image.extractPatches(images, [1, 3, 3, 1], [1, 5, 5, 1], [1, 1, 1, 1], 'VALID').arraySync()).toEqual([[
      [[1, 2, 3, 11, 12, 13, 21, 22, 23], [6, 7, 8, 16, 17, 18, 26, 27, 28]],
      [[51, 52, 53, 61, 62, 63, 71, 72, 73], [56, 57, 58, 66, 67, 68, 76, 77, 78]],
    ]]);
    expect(tf.image.extractPatches(images, [1, 3, 3, 1], [1, 5, 5, 1], [1, 2, 2, 1], 'VALID').arraySync()).toEqual([[
      [[1, 3, 5, 21, 23, 25, 41, 43, 45], [6, 8, 10, 26, 28, 30, 46, 48, 50]],
      [[51, 53, 55, 71, 73, 75, 91, 93, 95], [56, 58, 60, 76, 78, 80, 96, 98, 100]],
    ]]);
  });

  it("'SAME' pads with zeros as conv2d does (conv2d is the patches times the flattened filters), and differentiates", () => {
    const x = tf.random.normal([2, 5, 4, 3], { dtype: 'float64', seed: 31 }), w = tf.random.normal([3, 2, 3, 2], { dtype: 'float64', seed: 32 });
    const p = tf.image.extractPatches(x, [1, 3, 2, 1], [1, 2, 1, 1], [1, 1, 2, 1], 'SAME');
    expect(p.shape).toEqual([2, 3, 4, 18]);
    const viaPatches = tf.matmul(p.reshape([-1, 18]), w.reshape([18, 2])).reshape([2, 3, 4, 2]);
    expectValues(viaPatches, { y: Float64Array.from(tf.nn.conv2d(x, w, [2, 1], 'SAME', 'NHWC', [1, 2]).dataSync()), shape: [2, 3, 4, 2] }, 'patches · filters');
    expectGradcheck((a) => tf.image.extractPatches(a, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], 'SAME'), [{ shape: [1, 3, 4, 2] }]);
    expect(() => tf.image.extractPatches(x, [3, 3], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')).toThrow(/extractPatches: sizes must list 4 integers \[1, rows, cols, 1\]/);
    expect(() => tf.image.extractPatches(x, [2, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')).toThrow(/extractPatches: sizes along the batch and channel dims must be 1/);
  });
});

// ---- gradients ---------------------------------------------------------------------------------

describe('gradients', () => {
  it('conv2d: d/dinput and d/dfilters, strided, dilated, padded, grouped', () => {
    expectGradcheck((x, w) => tf.nn.conv2d(x, w, [2, 1], 'SAME'), [{ shape: [2, 5, 4, 3] }, { shape: [3, 2, 3, 2] }]);
    expectGradcheck((x, w) => tf.nn.conv2d(x, w, 1, 'VALID', 'NHWC', 2), [{ shape: [1, 6, 5, 2] }, { shape: [2, 2, 2, 3] }]);
    expectGradcheck((x, w) => tf.nn.conv2d(x, w, 1, [[0, 0], [1, 0], [0, 2], [0, 0]]), [{ shape: [1, 3, 3, 2] }, { shape: [2, 2, 2, 2] }]);
    expectGradcheck((x, w) => tf.nn.conv2d(x, w, 1, 'SAME'), [{ shape: [1, 3, 4, 4] }, { shape: [2, 2, 2, 4] }]);
    expectGradcheck((x, w) => tf.nn.conv2d(x, w, 2, 'SAME', 'NCHW'), [{ shape: [1, 2, 5, 5] }, { shape: [3, 3, 2, 2] }]);
  });

  it('conv1d and conv3d', () => {
    expectGradcheck((x, w) => tf.nn.conv1d(x, w, 2, 'SAME'), [{ shape: [2, 7, 2] }, { shape: [3, 2, 2] }]);
    expectGradcheck((x, w) => tf.nn.conv3d(x, w, 1, 'VALID'), [{ shape: [1, 3, 3, 3, 1] }, { shape: [2, 2, 2, 1, 2] }]);
  });

  it('second order: the gradient of a gradient (Hessian-vector products through conv2d)', () => {
    const inner = (x: tf.Tensor, w: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(w);
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.tanh(tf.nn.conv2d(x, w, 1, 'SAME')))));
      return tape.gradient(loss, w) as tf.Tensor;
    };
    expectGradcheck(inner, [{ shape: [1, 4, 4, 2], min: -1, max: 1 }, { shape: [3, 3, 2, 2], min: -0.5, max: 0.5 }], { rtol: 1e-5 });
  });

  it('max and average pooling', () => {
    // Distinct values (a permutation), so every window has one maximum.
    const distinct = (n: number, seed: number) => {
      const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.37);
      const rand = seededRandom(seed);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [v[i], v[j]] = [v[j]!, v[i]!];
      }
      return v;
    };
    expectGradcheck((x) => tf.nn.maxPool2d(x, 3, 2, 'SAME'), [{ shape: [2, 5, 5, 2], values: distinct(100, 1) }], { h: 1e-4 });
    expectGradcheck((x) => tf.nn.maxPool1d(x, 2, 1, 'VALID'), [{ shape: [1, 6, 2], values: distinct(12, 2) }], { h: 1e-4 });
    expectGradcheck((x) => tf.nn.avgPool2d(x, [2, 3], [1, 2], 'SAME'), [{ shape: [2, 4, 5, 2] }]);
    expectGradcheck((x) => tf.nn.avgPool3d(x, 2, 1, 'VALID'), [{ shape: [1, 3, 3, 3, 1] }]);
  });

  it("a window's tied maxima: the first in row-major order gets the gradient, as TensorFlow's MaxPoolGrad", () => {
    const x = tf.constant([[[[1], [3], [3]], [[3], [0], [2]], [[0], [3], [1]]]]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.nn.maxPool2d(x, 2, 1, 'VALID'));
    expect(tf.squeeze(tape.gradient(y, x) as tf.Tensor).arraySync()).toEqual([[0, 2, 0], [1, 0, 0], [0, 1, 0]]);
  });
});

// ---- errors ------------------------------------------------------------------------------------

describe('errors name the function and the fix', () => {
  const x = tf.zeros([1, 4, 4, 2]);
  const w = tf.zeros([3, 3, 2, 4]);
  it.each([
    ['rank of the input', () => tf.nn.conv2d(tf.zeros([4, 4, 2]), w, 1, 'SAME'), /conv2d: the input must have at least 4 dims/],
    ['rank of the filters', () => tf.nn.conv2d(x, tf.zeros([3, 2, 4]), 1, 'SAME'), /conv2d: filters must have 4 dims/],
    ['channels', () => tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), w, 1, 'SAME'), /the filters' inChannels must divide the input's/],
    ['groups and outChannels', () => tf.nn.conv2d(tf.zeros([1, 4, 4, 6]), tf.zeros([1, 1, 2, 4]), 1, 'SAME'), /the groups must divide outChannels/],
    ['dtypes', () => tf.nn.conv2d(x, tf.zeros([3, 3, 2, 4], 'float64'), 1, 'SAME'), /conv2d: input and filters must have one dtype, got float32 and float64/],
    ['padding', () => tf.nn.conv2d(x, w, 1, 'FULL' as 'SAME'), /conv2d: padding must be 'SAME' or 'VALID', or \[before, after\] pairs/],
    ['explicit padding of the channels', () => tf.nn.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [1, 0]]), /batch and channel dims must be \[0, 0\]/],
    ['window larger than the input', () => tf.nn.conv2d(tf.zeros([1, 2, 2, 2]), w, 1, 'VALID'), /conv2d: the window spans 3 positions along spatial dim 0, more than the 2/],
    ['dilated window larger than the input', () => tf.nn.conv1d(tf.zeros([1, 4, 1]), tf.zeros([2, 1, 1]), 1, 'VALID', 'NWC', 4), /the window spans 5 positions/],
    ['strides of the batch', () => tf.nn.conv2d(x, w, [2, 1, 1, 1], 'SAME'), /conv2d: strides along the batch and channel dims must be 1/],
    ['strides count', () => tf.nn.conv2d(x, w, [1, 1, 1], 'SAME'), /conv2d: strides must list 1, 2 or 4 integers, got 3/],
    ['zero stride', () => tf.nn.conv2d(x, w, 0, 'SAME'), /conv2d: strides must be a positive integer/],
    ['data format', () => tf.nn.conv2d(x, w, 1, 'SAME', 'NWC' as 'NHWC'), /conv2d: dataFormat must be 'NHWC' or 'NCHW'/],
    ['bool input', () => tf.nn.conv2d(tf.zeros([1, 4, 4, 2], 'bool'), tf.zeros([3, 3, 2, 4], 'bool'), 1, 'SAME'), /conv2d: input must be numeric/],
    ['average of int32', () => tf.nn.avgPool2d(tf.zeros([1, 4, 4, 1], 'int32'), 2, 2, 'VALID'), /avgPool2d: input must be float32 or float64, got a int32 tensor/],
    ['explicit padding of an average', () => tf.nn.avgPool2d(x, 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]] as unknown as 'SAME'), /avgPool2d: padding must be 'SAME' or 'VALID', got/],
    ['ksize', () => tf.nn.maxPool2d(x, [2, 2, 2], 1, 'SAME'), /maxPool2d: ksize must list 1, 2 or 4 integers/],
    ['pool of a matrix', () => tf.nn.maxPool(tf.zeros([4, 4]), 2, 2, 'SAME'), /maxPool: the input must have 3 to 5 dims/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

// ---- in use --------------------------------------------------------------------------------------

describe('in use', () => {
  it('a compiled convolution step equals the eager one bit for bit', () => {
    const x = tf.random.normal([2, 6, 6, 2], { mean: 0, stddev: 1, dtype: 'float32', seed: 1 });
    const w = new tf.Variable(tf.random.normal([3, 3, 2, 4], { mean: 0, stddev: 0.3, dtype: 'float32', seed: 2 }));
    const step = (input: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.nn.avgPool2d(tf.nn.maxPool2d(tf.nn.relu(tf.nn.conv2d(input, w, 1, 'SAME')), 2, 2, 'SAME'), 3, 1, 'SAME'))));
      return [loss, tape.gradient(loss, w) as tf.Tensor];
    };
    const compiled = tf.function(step);
    for (let i = 0; i < 3; i++) {
      const [l1, g1] = step(x), [l2, g2] = compiled(x);
      expect(l2!.dataSync()).toEqual(l1!.dataSync());
      expect(g2!.dataSync()).toEqual(g1!.dataSync());
    }
    expect(compiled.experimentalGetTracingCount()).toBe(1);
  });

  it('leaves only its result behind: the padded input and the patches are freed at once', () => {
    // (Constants: reading a variable outside a tape keeps a snapshot of it, which would count.)
    const x = tf.random.normal([2, 6, 6, 3], { seed: 1 }), w = tf.random.normal([3, 3, 3, 4], { seed: 2 });
    tf.add(x, 0).dispose(), tf.add(w, 0).dispose(); // (their first use moves them into wasm, which counts them again)
    const xFirst = channelsFirst(x);
    const before = tf.memory().numTensors;
    const y = tf.nn.conv2d(x, w, 2, 'SAME'), p = tf.nn.maxPool2d(y, 2, 2, 'SAME'), t = tf.nn.conv2dTranspose(y, w, [2, 6, 6, 3], 2);
    const f = tf.nn.conv2d(xFirst, w, 1, 'SAME', 'NCHW'), a = tf.nn.avgPool2d(xFirst, 2, 1, 'SAME', 'NCHW');
    expect(tf.memory().numTensors - before).toBe(5);
    for (const r of [f, a]) r.dispose();
    // Under a tape the gradient still works (the tape holds what it saved), and nothing stays.
    const g = tf.tidy(() => {
      const tape = new tf.GradientTape();
      tape.watch(w);
      const loss = tape.record(() => tf.reduceSum(tf.nn.avgPool2d(tf.nn.conv2d(x, w, 1, 'SAME'), 2, 2, 'SAME')));
      return tape.gradient(loss, w) as tf.Tensor;
    });
    expect(g.shape).toEqual([3, 3, 3, 4]);
    for (const r of [y, p, t, g]) r.dispose();
    expect(tf.memory().numTensors - before).toBe(0);
  });

  it('a small convolutional network learns to tell vertical from horizontal bars', () => {
    // 8x8 images with one bar (vertical: class 0, horizontal: class 1) at a random place.
    const rand = seededRandom(21);
    const images: number[] = [], labels: number[] = [];
    for (let n = 0; n < 32; n++) {
      const vertical = n % 2 === 0, at = Math.floor(rand() * 8);
      for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) images.push(((vertical ? j : i) === at ? 1 : 0) + 0.1 * rand());
      labels.push(vertical ? 0 : 1);
    }
    const x = tf.reshape(tf.constant(images), [32, 8, 8, 1]), y = tf.constant(labels, 'int32');
    const filters = new tf.Variable(tf.random.normal([3, 3, 1, 4], { mean: 0, stddev: 0.5, dtype: 'float32', seed: 3 }));
    const dense = new tf.Variable(tf.random.normal([4 * 4 * 4, 2], { mean: 0, stddev: 0.1, dtype: 'float32', seed: 4 }));
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
    const loss = () => {
      const h = tf.nn.maxPool2d(tf.nn.relu(tf.nn.conv2d(x, filters, 1, 'SAME')), 2, 2, 'VALID');
      const logits = tf.matmul(tf.reshape(h, [32, -1]), dense);
      return tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits }));
    };
    const first = loss().item();
    for (let i = 0; i < 60; i++) opt.minimize(loss, [filters, dense]);
    expect(first).toBeGreaterThan(0.5);
    expect(loss().item()).toBeLessThan(0.05);
  });
});
