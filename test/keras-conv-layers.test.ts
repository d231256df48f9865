// tf.keras.layers Conv1D, Conv2D, the pooling and the global pooling layers against Keras 3's
// semantics (keras/src/layers/convolutional/base_conv.py, conv1d.py; pooling/base_pooling.py,
// base_global_pooling.py; ops/operation_utils.py's output shapes; utils/argument_validation.py's
// messages). Values are checked against loops written here from the definitions (TensorFlow's
// cross-correlation and 'SAME' padding), on inputs and kernels of multiples of 1/4, whose float32
// sums are exact whatever their order; gradients against central differences in float64; and a
// small CNN trained by Sequential.fit, compiled and eager.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** n multiples of 1/4 in [-2, 2), varied by `seed`: exact in float32, as are their small sums of products. */
const quarters = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => (((i * 7 + seed * 13) % 17) - 8) / 4);

/** Row-major strides of `shape`. */
const stridesOf = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));

/** `flat` (of `shape`) with its axes permuted: out axis i is in axis perm[i]. */
function transposeFlat(flat: readonly number[], shape: readonly number[], perm: readonly number[]): number[] {
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const outStrides = stridesOf(outShape);
  return flat.map((_, o) => {
    let rest = o, at = 0;
    for (let i = 0; i < outShape.length; i++) {
      const index = Math.floor(rest / outStrides[i]!);
      rest -= index * outStrides[i]!;
      at += index * inStrides[perm[i]!]!;
    }
    return flat[at]!;
  });
}

/** TensorFlow's window along an axis of n: the outputs and the padding before the first
 * ('same': ceil(n / s) outputs, the padding split evenly, the odd one after). */
function axisWindow(n: number, k: number, s: number, d: number, padding: string): { out: number; before: number } {
  const span = (k - 1) * d + 1;
  if (padding === 'valid') return { out: Math.floor((n - span) / s) + 1, before: 0 };
  if (padding === 'causal') return { out: Math.floor((n + span - 1 - span) / s) + 1, before: span - 1 };
  const out = Math.ceil(n / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + span - n, 0) / 2) };
}

interface ConvCase {
  /** [batch, height, width, channels] (channels last). */
  input: [number, number, number, number];
  kernel: [number, number];
  filters: number;
  strides?: [number, number];
  dilation?: [number, number];
  padding?: 'valid' | 'same' | 'causal';
  groups?: number;
}

/** The 2-D cross-correlation of x (NHWC, flat) with kernel ([kh, kw, channels / groups, filters],
 * flat) plus bias, by its definition: y[b, i, j, f] = bias[f] + Σ x[b, i·sh - top + p·dh,
 * j·sw - left + q·dw, g·cg + c] · kernel[p, q, c, f] over the taps inside the input, g the group of f. */
function conv2dByHand(x: readonly number[], kernel: readonly number[], bias: readonly number[], c: ConvCase): { shape: number[]; data: number[] } {
  const [batch, height, width, channels] = c.input;
  const [kh, kw] = c.kernel;
  const [sh, sw] = c.strides ?? [1, 1];
  const [dh, dw] = c.dilation ?? [1, 1];
  const groups = c.groups ?? 1;
  const cg = channels / groups, fg = c.filters / groups;
  const rows = axisWindow(height, kh, sh, dh, c.padding === 'causal' ? 'valid' : c.padding ?? 'valid'); // causal is 1-D: the width's
  const cols = axisWindow(width, kw, sw, dw, c.padding ?? 'valid');
  const data: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let f = 0; f < c.filters; f++) {
          let sum = bias[f]!;
          const g = Math.floor(f / fg);
          for (let p = 0; p < kh; p++) {
            const r = i * sh - rows.before + p * dh;
            if (r < 0 || r >= height) continue;
            for (let q = 0; q < kw; q++) {
              const col = j * sw - cols.before + q * dw;
              if (col < 0 || col >= width) continue;
              for (let ch = 0; ch < cg; ch++) {
                sum += x[((b * height + r) * width + col) * channels + g * cg + ch]! * kernel[((p * kw + q) * cg + ch) * c.filters + f]!;
              }
            }
          }
          data.push(sum);
        }
      }
    }
  }
  return { shape: [batch, rows.out, cols.out, c.filters], data };
}

/** A layer built for `inputShape` with the given kernel and bias. */
function withWeights<T extends tf.keras.layers.Layer>(layer: T, inputShape: (number | null)[], kernel: number[], bias: number[]): T {
  layer.build(inputShape);
  const [k, b] = layer.weights;
  layer.setWeights([tf.reshape(kernel, k!.shape), tf.reshape(bias, b!.shape)]);
  return layer;
}

describe('Conv2D', () => {
  const CASES: ConvCase[] = [
    { input: [2, 5, 6, 3], kernel: [3, 3], filters: 4 },
    { input: [1, 5, 6, 3], kernel: [3, 2], filters: 2, padding: 'same' },
    { input: [2, 7, 7, 2], kernel: [3, 3], filters: 3, strides: [2, 2] },
    { input: [1, 7, 8, 2], kernel: [2, 3], filters: 2, strides: [2, 3], padding: 'same' },
    { input: [1, 7, 7, 1], kernel: [3, 3], filters: 2, dilation: [2, 2] },
    { input: [1, 6, 7, 2], kernel: [2, 3], filters: 2, dilation: [2, 1], padding: 'same' },
    { input: [2, 5, 5, 4], kernel: [3, 3], filters: 6, groups: 2 },
    { input: [1, 4, 5, 6], kernel: [2, 2], filters: 3, groups: 3, padding: 'same' },
  ];

  for (const c of CASES) {
    const name = `${c.input} kernel ${c.kernel}, ${c.filters} filters, strides ${c.strides ?? 1}, dilation ${c.dilation ?? 1}, ${c.padding ?? 'valid'}, groups ${c.groups ?? 1}`;
    it(`equals the definition's loop, channels last and first: ${name}`, () => {
      const channels = c.input[3];
      const kernelShape = [...c.kernel, channels / (c.groups ?? 1), c.filters];
      const x = quarters(c.input.reduce((p, d) => p * d, 1), 1);
      const kernel = quarters(kernelShape.reduce((p, d) => p * d, 1), 2);
      const bias = quarters(c.filters, 3);
      const want = conv2dByHand(x, kernel, bias, c);
      const options = { strides: c.strides, dilationRate: c.dilation, padding: c.padding as 'valid' | 'same', groups: c.groups };

      const last = withWeights(new L.Conv2D(c.filters, c.kernel, options), [null, ...c.input.slice(1)], kernel, bias);
      const y = last(tf.reshape(x, c.input));
      expect(y.shape).toEqual(want.shape);
      expect(values(y)).toEqual(want.data);
      expect(last.computeOutputShape([null, ...c.input.slice(1)])).toEqual([null, ...want.shape.slice(1)]);

      const first = withWeights(new L.Conv2D(c.filters, c.kernel, { ...options, dataFormat: 'channels_first' }), [null, channels, c.input[1], c.input[2]], kernel, bias);
      const xFirst = tf.reshape(transposeFlat(x, c.input, [0, 3, 1, 2]), [c.input[0], channels, c.input[1], c.input[2]]);
      const yFirst = first(xFirst);
      expect(yFirst.shape).toEqual([want.shape[0], want.shape[3], want.shape[1], want.shape[2]]);
      expect(values(yFirst)).toEqual(transposeFlat(want.data, want.shape, [0, 3, 1, 2]));
    });
  }

  it('applies the activation after the bias; useBias false makes no bias', () => {
    const c: ConvCase = { input: [1, 4, 4, 1], kernel: [2, 2], filters: 2 };
    const x = quarters(16, 5), kernel = quarters(8, 6), bias = [0.5, -0.75];
    const want = conv2dByHand(x, kernel, bias, c).data.map((v) => Math.max(v, 0));
    const layer = withWeights(new L.Conv2D(2, 2, { activation: 'relu' }), [null, 4, 4, 1], kernel, bias);
    expect(values(layer(tf.reshape(x, c.input)))).toEqual(want);
    const noBias = new L.Conv2D(2, 2, { useBias: false });
    noBias.build([null, 4, 4, 1]);
    expect([noBias.bias, noBias.weights.map((w) => w.name)]).toEqual([null, ['conv2d_1/kernel']]);
    noBias.setWeights([tf.reshape(kernel, [2, 2, 1, 2])]);
    expect(values(noBias(tf.reshape(x, c.input)))).toEqual(conv2dByHand(x, kernel, [0, 0], c).data);
  });

  it("is built on its first call: weights named in its scope, Keras' shapes and glorot/zeros starts", () => {
    const layer = new L.Conv2D(8, [3, 2], { groups: 2 });
    expect(layer.built).toBe(false);
    const y = layer(tf.ones([2, 9, 9, 6]));
    expect(y.shape).toEqual([2, 7, 8, 8]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([['conv2d/kernel', [3, 2, 3, 8]], ['conv2d/bias', [8]]]);
    expect(layer.countParams()).toBe(3 * 2 * 3 * 8 + 8);
    // Glorot uniform: |w| <= sqrt(6 / (fanIn + fanOut)), fans = receptive field · channels.
    const limit = Math.sqrt(6 / (3 * 2 * 3 + 3 * 2 * 8));
    expect(Math.max(...values(layer.kernel!).map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(values(layer.kernel!).some((v) => v !== 0)).toBe(true);
    expect(values(layer.bias!)).toEqual(Array(8).fill(0));
    // The channels are fixed once built (Keras' InputSpec).
    expect(() => layer(tf.ones([1, 9, 9, 4]))).toThrow('keras.layers.Conv2D: Input 0 of layer "conv2d" is incompatible with the layer: expected axis -1 of input shape to have value 6, but received input with shape (1, 9, 9, 4)');
  });

  it("output shapes for padding, strides, dilation and data format, as Keras' compute_conv_output_shape", () => {
    const shape = (options: tf.ConvOptions, input: (number | null)[], kernel: number | number[] = 3) => new L.Conv2D(5, kernel, options).computeOutputShape(input);
    expect(shape({}, [null, 28, 28, 1])).toEqual([null, 26, 26, 5]);
    expect(shape({ padding: 'same' }, [null, 28, 28, 1])).toEqual([null, 28, 28, 5]);
    expect(shape({ strides: 2 }, [4, 28, 27, 1])).toEqual([4, 13, 13, 5]);
    expect(shape({ strides: 2, padding: 'SAME' as never }, [4, 28, 27, 1])).toEqual([4, 14, 14, 5]);
    expect(shape({ strides: [3, 1] }, [null, 10, 10, 2], [2, 4])).toEqual([null, 3, 7, 5]);
    expect(shape({ dilationRate: 2 }, [null, 10, 9, 2])).toEqual([null, 6, 5, 5]);
    expect(shape({ dataFormat: 'channels_first' }, [null, 3, 28, 20])).toEqual([null, 5, 26, 18]);
    expect(shape({}, [null, null, 12, 3])).toEqual([null, null, 10, 5]);
    // Keras' docstring: (4, 10, 10, 128) -> Conv2D(32, 3, activation='relu') -> (4, 8, 8, 32).
    expect(new L.Conv2D(32, 3, { activation: 'relu' })(tf.zeros([4, 10, 10, 128])).shape).toEqual([4, 8, 8, 32]);
  });

  it('says what is wrong with its options and inputs', () => {
    const op = 'keras.layers.Conv2D: ';
    expect(() => new L.Conv2D(0, 3)).toThrow(`${op}Invalid value for argument \`filters\`. Expected a strictly positive integer. Received filters=0.`);
    expect(() => new L.Conv2D(2.5, 3)).toThrow('Received filters=2.5');
    expect(() => new L.Conv2D(4, [3, 0])).toThrow(`${op}The \`kernelSize\` argument must be a tuple of 2 integers. Received kernelSize=[3, 0], including values {0} that do not satisfy \`value > 0\``);
    expect(() => new L.Conv2D(4, [3, 3, 3])).toThrow(`${op}The \`kernelSize\` argument must be a tuple of 2 integers. Received kernelSize=[3, 3, 3]`);
    expect(() => new L.Conv2D(4, 3, { strides: -1 })).toThrow('Received strides=-1, including values {-1} that do not satisfy `value > 0`');
    expect(() => new L.Conv2D(4, 3, { padding: 'causal' as never })).toThrow(`${op}The \`padding\` argument must be one of {'valid', 'same'}. Received: padding="causal"`);
    expect(() => new L.Conv2D(4, 3, { dataFormat: 'NHWC' as never })).toThrow(`${op}The \`dataFormat\` argument must be one of {'channels_first', 'channels_last'}. Received: dataFormat="NHWC"`);
    expect(() => new L.Conv2D(4, 3, { strides: 2, dilationRate: 2 })).toThrow(`${op}\`strides > 1\` not supported in conjunction with \`dilationRate > 1\`. Received: strides=[2, 2] and dilationRate=[2, 2]`);
    expect(() => new L.Conv2D(4, 3, { groups: 0 })).toThrow(`${op}The number of groups must be a positive integer. Received: groups=0.`);
    expect(() => new L.Conv2D(4, 3, { groups: 3 })).toThrow(`${op}The number of filters must be evenly divisible by the number of groups. Received: groups=3, filters=4.`);
    const grouped = new L.Conv2D(4, 3, { groups: 2 });
    expect(() => grouped(tf.ones([1, 5, 5, 3]))).toThrow(`${op}The number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (1, 5, 5, 3)).`);
    expect([grouped.built, grouped(tf.ones([1, 5, 5, 2])).shape]).toEqual([false, [1, 3, 3, 4]]); // a build that failed made nothing
    expect(() => new L.Conv2D(4, 3)(tf.ones([1, 2, 5, 1]))).toThrow(`${op}Computed output size would be zero or negative. Received \`inputs shape=(1, 2, 5, 1)\`, \`kernel shape=(3, 3, 1, 4)\``);
    expect(() => new L.Conv2D(4, 3, { name: 'c' })(tf.ones([5, 5, 1]))).toThrow(`${op}Input 0 of layer "c" is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (5, 5, 1)`);
    expect(() => new L.Conv2D(4, 3)(tf.ones([1, 1, 5, 5, 1]))).toThrow(`${op}Kernel shape must have the same length as input, but received kernel of shape (3, 3, 1, 4) and input of shape (1, 1, 5, 5, 1).`);
    expect(() => new L.Conv2D(4, 3, { useBias: 1 as never })).toThrow(`${op}useBias must be true or false, got 1.`);
    expect(() => new L.Conv2D(4, 3, { kernelInitializer: 'nope' })).toThrow(/keras.layers.Conv2D: .*unknown initializer 'nope'/);
    expect(() => new L.Conv2D(4, 3, { kernelSize: 3 } as never)).toThrow(/keras.layers.Conv2D: unknown option 'kernelSize'; the options are strides, padding, dataFormat, dilationRate, groups/);
  });

  it('back-propagates: the gradients of the kernel, bias and input equal central differences (float64, tanh)', () => {
    const c: ConvCase = { input: [2, 5, 4, 2], kernel: [3, 2], filters: 3, strides: [2, 1], padding: 'same' };
    const layer = withWeights(new L.Conv2D(3, [3, 2], { strides: [2, 1], padding: 'same', activation: 'tanh', dtype: 'float64' }), [null, 5, 4, 2], quarters(36, 7).map((v) => v / 4), [0.1, -0.2, 0.3]);
    const x = tf.constant(tf.reshape(quarters(80, 8), c.input).arraySync(), 'float64');
    const weightsOfOutput = tf.constant(tf.reshape(quarters(2 * 3 * 4 * 3, 9), [2, 3, 4, 3]).arraySync(), 'float64');
    const loss = () => tf.reduceSum(tf.mul(layer(x), weightsOfOutput));
    const tape = new tf.GradientTape();
    tape.watch(x);
    const recorded = tape.record(loss);
    const [dx, dKernel, dBias] = tape.gradient(recorded, [x, layer.kernel!, layer.bias!]);
    expect(dKernel!.shape).toEqual([3, 2, 2, 3]);
    const h = 1e-6;
    const central = (variable: tf.Variable, i: number): number => {
      const base = values(variable);
      const at = (delta: number) => {
        variable.assign(tf.reshape(tf.constant(base.map((v, k) => (k === i ? v + delta : v)), 'float64'), variable.shape));
        return loss().arraySync() as number;
      };
      const slope = (at(h) - at(-h)) / (2 * h);
      variable.assign(tf.reshape(tf.constant(base, 'float64'), variable.shape));
      return slope;
    };
    for (const i of [0, 5, 17, 35]) expect(values(dKernel!)[i]).toBeCloseTo(central(layer.kernel!, i), 7);
    for (const i of [0, 1, 2]) expect(values(dBias!)[i]).toBeCloseTo(central(layer.bias!, i), 7);
    const xVariable = new tf.Variable(x);
    const lossOfX = () => tf.reduceSum(tf.mul(layer(xVariable), weightsOfOutput));
    for (const i of [0, 9, 44, 79]) {
      const base = values(xVariable);
      const at = (delta: number) => {
        xVariable.assign(tf.reshape(tf.constant(base.map((v, k) => (k === i ? v + delta : v)), 'float64'), c.input));
        return lossOfX().arraySync() as number;
      };
      const slope = (at(h) - at(-h)) / (2 * h);
      xVariable.assign(tf.reshape(tf.constant(base, 'float64'), c.input));
      expect(values(dx!)[i]).toBeCloseTo(slope, 7);
    }
  });

  it("getConfig: Keras' keys in camelCase, the window as arrays", () => {
    const layer = new L.Conv2D(8, 3, { strides: [2, 1], padding: 'SAME' as never, activation: 'relu', kernelRegularizer: 'l2', name: 'features' });
    expect(layer.getConfig()).toEqual({
      name: 'features', trainable: true, dtype: 'float32', filters: 8, kernelSize: [3, 3], strides: [2, 1], padding: 'same', dataFormat: 'channels_last',
      dilationRate: [1, 1], groups: 1, activation: 'relu', useBias: true,
      kernelInitializer: { className: 'GlorotUniform', config: { seed: null } }, biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: { className: 'L2', config: { l2: 0.01 } }, biasRegularizer: null, kernelConstraint: null, biasConstraint: null,
    });
  });
});

describe('Conv1D', () => {
  /** Conv1D on [batch, steps, channels] as Conv2D's loop on [batch, 1, steps, channels]. */
  function conv1dByHand(input: [number, number, number], kernelSize: number, filters: number, options: { strides?: number; dilation?: number; padding?: 'valid' | 'same' | 'causal'; groups?: number }, seed: number) {
    const [batch, steps, channels] = input;
    const kernelShape = [kernelSize, channels / (options.groups ?? 1), filters];
    const x = quarters(batch * steps * channels, seed), kernel = quarters(kernelShape.reduce((p, d) => p * d, 1), seed + 1), bias = quarters(filters, seed + 2);
    const want = conv2dByHand(x, kernel, bias, {
      input: [batch, 1, steps, channels], kernel: [1, kernelSize], filters, strides: [1, options.strides ?? 1], dilation: [1, options.dilation ?? 1], padding: options.padding, groups: options.groups,
    });
    return { x, kernel, bias, shape: [batch, want.shape[2]!, filters], data: want.data };
  }

  const CASES = [
    { input: [2, 7, 3], kernelSize: 3, filters: 2, options: {} },
    { input: [1, 7, 2], kernelSize: 2, filters: 3, options: { strides: 2, padding: 'same' } },
    { input: [1, 9, 2], kernelSize: 3, filters: 2, options: { dilation: 2, padding: 'same' } },
    { input: [2, 6, 2], kernelSize: 3, filters: 2, options: { padding: 'causal' } },
    { input: [1, 8, 1], kernelSize: 2, filters: 1, options: { dilation: 3, padding: 'causal' } },
    { input: [1, 9, 4], kernelSize: 2, filters: 4, options: { strides: 3, padding: 'causal', groups: 2 } },
  ] as const;

  for (const c of CASES) {
    it(`equals the definition's loop, channels last and first: ${c.input}, kernel ${c.kernelSize}, ${JSON.stringify(c.options)}`, () => {
      const o = c.options as { strides?: number; dilation?: number; padding?: 'valid' | 'same' | 'causal'; groups?: number };
      const want = conv1dByHand([...c.input], c.kernelSize, c.filters, o, 4);
      const options = { strides: o.strides, dilationRate: o.dilation, padding: o.padding, groups: o.groups };
      const [batch, steps, channels] = c.input;
      const last = withWeights(new L.Conv1D(c.filters, c.kernelSize, options), [null, steps, channels], want.kernel, want.bias);
      const y = last(tf.reshape(want.x, [...c.input]));
      expect([y.shape, values(y)]).toEqual([want.shape, want.data]);
      expect(last.computeOutputShape([null, steps, channels])).toEqual([null, ...want.shape.slice(1)]);
      const first = withWeights(new L.Conv1D(c.filters, c.kernelSize, { ...options, dataFormat: 'channels_first' }), [null, channels, steps], want.kernel, want.bias);
      const yFirst = first(tf.reshape(transposeFlat(want.x, [...c.input], [0, 2, 1]), [batch, channels, steps]));
      expect(values(yFirst)).toEqual(transposeFlat(want.data, want.shape, [0, 2, 1]));
    });
  }

  it("causal: output t does not depend on inputs after t (its gradient there is zero); Keras' docstring shape", () => {
    const layer = new L.Conv1D(2, 3, { padding: 'causal', dilationRate: 2 });
    const x = tf.ones([1, 10, 1]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => layer(x).slice([0, 4, 0], [1, 1, 2]).reduceSum()); // output step 4
    const g = values(tape.gradient(y, x)!);
    expect(g.slice(5).every((v) => v === 0)).toBe(true);
    expect([g[0], g[2], g[4]].every((v) => v !== 0) && [g[1], g[3]].every((v) => v === 0)).toBe(true); // taps 4, 2, 0 steps back
    // Keras' docstring: (4, 10, 128) -> Conv1D(32, 3, activation='relu') -> (4, 8, 32).
    expect(new L.Conv1D(32, 3, { activation: 'relu' })(tf.zeros([4, 10, 128])).shape).toEqual([4, 8, 32]);
    expect(new L.Conv1D(32, 3, { padding: 'causal', strides: 2 }).computeOutputShape([null, 9, 4])).toEqual([null, 5, 32]);
  });

  it('says what is wrong', () => {
    expect(() => new L.Conv1D(2, [2, 2])).toThrow('keras.layers.Conv1D: The `kernelSize` argument must be a tuple of 1 integers. Received kernelSize=[2, 2]');
    expect(() => new L.Conv1D(2, 2, { padding: 'full' as never })).toThrow("keras.layers.Conv1D: The `padding` argument must be one of {'valid', 'same', 'causal'}. Received: padding=\"full\"");
    expect(() => new L.Conv1D(2, 2, { name: 'c' })(tf.ones([3, 4]))).toThrow('keras.layers.Conv1D: Input 0 of layer "c" is incompatible with the layer: expected min_ndim=3, found ndim=2.');
  });
});

/** The pooled windows of x ([batch, height, width, channels], flat) by their definition: the
 * maximum or the mean of the entries each window covers inside the input. */
function poolByHand(kind: 'max' | 'avg', x: readonly number[], input: [number, number, number, number], pool: [number, number], strides: [number, number], padding: 'valid' | 'same') {
  const [batch, height, width, channels] = input;
  const rows = axisWindow(height, pool[0], strides[0], 1, padding), cols = axisWindow(width, pool[1], strides[1], 1, padding);
  const data: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let ch = 0; ch < channels; ch++) {
          const seen: number[] = [];
          for (let p = 0; p < pool[0]; p++) {
            for (let q = 0; q < pool[1]; q++) {
              const r = i * strides[0] - rows.before + p, col = j * strides[1] - cols.before + q;
              if (r >= 0 && r < height && col >= 0 && col < width) seen.push(x[((b * height + r) * width + col) * channels + ch]!);
            }
          }
          data.push(kind === 'max' ? Math.max(...seen) : seen.reduce((s, v) => s + v, 0) / seen.length);
        }
      }
    }
  }
  return { shape: [batch, rows.out, cols.out, channels], data };
}

describe('MaxPooling and AveragePooling', () => {
  const CASES = [
    { input: [2, 6, 6, 2], pool: [2, 2], strides: undefined, padding: 'valid' },
    { input: [1, 5, 7, 3], pool: [2, 2], strides: undefined, padding: 'valid' },
    { input: [1, 5, 7, 3], pool: [2, 2], strides: undefined, padding: 'same' },
    { input: [1, 7, 6, 1], pool: [3, 3], strides: [2, 2], padding: 'same' },
    { input: [2, 5, 5, 2], pool: [3, 2], strides: [1, 2], padding: 'valid' },
  ] as const;

  for (const c of CASES) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind} 2-D: the definition's loop, channels last and first: ${c.input}, pool ${c.pool}, strides ${c.strides ?? 'poolSize'}, ${c.padding}`, () => {
        const input = [...c.input] as [number, number, number, number];
        const x = quarters(input.reduce((p, d) => p * d, 1), 11);
        const want = poolByHand(kind, x, input, [...c.pool], [...(c.strides ?? c.pool)], c.padding);
        const Pool = kind === 'max' ? L.MaxPooling2D : L.AveragePooling2D;
        const options = { poolSize: [...c.pool], strides: c.strides === undefined ? undefined : [...c.strides], padding: c.padding };
        const last = new Pool(options);
        const y = last(tf.reshape(x, input));
        expect(y.shape).toEqual(want.shape);
        values(y).forEach((v, i) => expect(v).toBeCloseTo(want.data[i]!, 6));
        expect(last.computeOutputShape([null, ...input.slice(1)])).toEqual([null, ...want.shape.slice(1)]);
        const first = new Pool({ ...options, dataFormat: 'channels_first' });
        const yFirst = first(tf.reshape(transposeFlat(x, input, [0, 3, 1, 2]), [input[0], input[3], input[1], input[2]]));
        const wantFirst = transposeFlat(want.data, want.shape, [0, 3, 1, 2]);
        values(yFirst).forEach((v, i) => expect(v).toBeCloseTo(wantFirst[i]!, 6));
      });
    }
  }

  it('1-D: the definition on [batch, steps, channels], poolSize 2 by default, strides = poolSize', () => {
    const x = quarters(2 * 7 * 3, 12);
    for (const [kind, Pool] of [['max', L.MaxPooling1D], ['avg', L.AveragePooling1D]] as const) {
      for (const options of [{}, { poolSize: 3, strides: 2, padding: 'same' as const }, { poolSize: 3, strides: 1 }]) {
        const pool = (options as { poolSize?: number }).poolSize ?? 2;
        const stride = (options as { strides?: number }).strides ?? pool;
        const want = poolByHand(kind, x, [2, 1, 7, 3], [1, pool], [1, stride], (options as { padding?: 'same' }).padding ?? 'valid');
        const y = new Pool(options)(tf.reshape(x, [2, 7, 3]));
        expect(y.shape).toEqual([2, want.shape[2], 3]);
        values(y).forEach((v, i) => expect(v).toBeCloseTo(want.data[i]!, 6));
      }
    }
  });

  it('the gradient: to the maximum of each window; spread evenly over the averaged entries (central differences)', () => {
    const x = new tf.Variable(tf.reshape(tf.constant([1, 5, 2, 0, 3, 4, 9, 1, 6, 2, 0, 7, 8, 1, 3, 2], 'float64'), [1, 4, 4, 1]));
    const tape = new tf.GradientTape({ persistent: true });
    const [maxed, averaged] = tape.record(() => [tf.reduceSum(new L.MaxPooling2D({ dtype: 'float64' })(x)), tf.reduceSum(tf.mul(new L.AveragePooling2D({ poolSize: 3, strides: 1, dtype: 'float64' })(x), [[[[1], [2]], [[3], [4]]]]))]);
    // The maxima 5, 9, 8, 7 sit at flat indices 1, 6, 12, 11.
    expect(values(tape.gradient(maxed!, x)!)).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    // Each entry gets (the weights of the windows covering it) / 9.
    const covering = [[1], [1, 2], [1, 2], [2], [1, 3], [1, 2, 3, 4], [1, 2, 3, 4], [2, 4], [1, 3], [1, 2, 3, 4], [1, 2, 3, 4], [2, 4], [3], [3, 4], [3, 4], [4]];
    values(tape.gradient(averaged!, x)!).forEach((g, i) => expect(g).toBeCloseTo(covering[i]!.reduce((s, w) => s + w, 0) / 9, 12));
  });

  it("Keras' output shapes, config and messages", () => {
    // operation_utils' docstring: (1, 4, 4, 1) pooled by (2, 2) -> (1, 2, 2, 1); strides (1, 1) -> (1, 3, 3, 1).
    expect(new L.MaxPooling2D({ poolSize: [2, 2] }).computeOutputShape([1, 4, 4, 1])).toEqual([1, 2, 2, 1]);
    expect(new L.MaxPooling2D({ poolSize: [2, 2], strides: [1, 1] }).computeOutputShape([1, 4, 4, 1])).toEqual([1, 3, 3, 1]);
    expect(new L.AveragePooling2D({ poolSize: [2, 2] }).computeOutputShape([32, 4, 4, 3])).toEqual([32, 2, 2, 3]);
    expect(new L.MaxPooling1D({ padding: 'same' }).computeOutputShape([null, null, 3])).toEqual([null, null, 3]);
    const pool = new L.MaxPooling2D({ poolSize: 3, padding: 'Same' as never, name: 'p' });
    expect(pool.getConfig()).toEqual({ name: 'p', trainable: true, dtype: 'float32', poolSize: [3, 3], padding: 'same', strides: [3, 3], dataFormat: 'channels_last' });
    expect(pool.weights).toEqual([]);
    expect(() => new L.MaxPooling2D({ poolSize: [2, 0] })).toThrow('keras.layers.MaxPooling2D: The `poolSize` argument must be a tuple of 2 integers. Received poolSize=[2, 0], including values {0} that do not satisfy `value > 0`');
    expect(() => new L.AveragePooling1D({ padding: 'causal' as never })).toThrow("keras.layers.AveragePooling1D: The `padding` argument must be one of {'valid', 'same'}. Received: padding=\"causal\"");
    expect(() => new L.MaxPooling2D({ name: 'q' })(tf.ones([1, 4, 4]))).toThrow('keras.layers.MaxPooling2D: Input 0 of layer "q" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (1, 4, 4)');
    expect(() => new L.MaxPooling2D({ poolSize: 3 })(tf.ones([1, 2, 4, 1]))).toThrow('keras.layers.MaxPooling2D: Computed output size would be zero or negative. Received: `inputs.shape=(1, 2, 4, 1)`, `poolSize=[3, 3]`, `strides=[3, 3]`, `padding=valid`.');
    expect(() => new L.MaxPooling2D({ pool_size: 2 } as never)).toThrow(/keras.layers.MaxPooling2D: unknown option 'pool_size'; the options are poolSize, strides, padding, dataFormat/);
  });
});

describe('global pooling', () => {
  it('the mean and the maximum over every spatial position, per sample and channel, by hand', () => {
    const input = [2, 3, 4, 2] as const;
    const x = quarters(48, 13);
    const at = (b: number, i: number, j: number, c: number) => x[((b * 3 + i) * 4 + j) * 2 + c]!;
    const positions = (b: number, c: number) => Array.from({ length: 12 }, (_, k) => at(b, Math.floor(k / 4), k % 4, c));
    const means = [0, 1].map((b) => [0, 1].map((c) => positions(b, c).reduce((s, v) => s + v, 0) / 12));
    const maxima = [0, 1].map((b) => [0, 1].map((c) => Math.max(...positions(b, c))));
    const images = tf.reshape(x, [...input]);
    const close = (t: tf.Tensor, want: number[][]) => values(t).forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i]!, 6));
    close(new L.GlobalAveragePooling2D()(images), means);
    expect(values(new L.GlobalMaxPooling2D()(images))).toEqual(maxima.flat());
    // Channels first: the same numbers from the transposed images; keepdims keeps [batch, channels, 1, 1].
    const first = tf.reshape(transposeFlat(x, [...input], [0, 3, 1, 2]), [2, 2, 3, 4]);
    const kept = new L.GlobalAveragePooling2D({ dataFormat: 'channels_first', keepdims: true })(first);
    expect(kept.shape).toEqual([2, 2, 1, 1]);
    close(kept, means);
    expect(values(new L.GlobalMaxPooling2D({ dataFormat: 'channels_first' })(first))).toEqual(maxima.flat());
    // 1-D: the rows of [batch, steps, channels] = the images' 12 positions as steps.
    const steps = tf.reshape(x, [2, 12, 2]);
    close(new L.GlobalAveragePooling1D()(steps), means);
    expect(values(new L.GlobalMaxPooling1D({ keepdims: true })(steps))).toEqual(maxima.flat());
  });

  it("output shapes and config as Keras' BaseGlobalPooling; inputs of the wrong rank are refused", () => {
    expect(new L.GlobalAveragePooling2D().computeOutputShape([null, 7, 7, 32])).toEqual([null, 32]);
    expect(new L.GlobalMaxPooling2D({ keepdims: true }).computeOutputShape([null, 7, 7, 32])).toEqual([null, 1, 1, 32]);
    expect(new L.GlobalAveragePooling1D({ dataFormat: 'channels_first', keepdims: true }).computeOutputShape([4, 8, 10])).toEqual([4, 8, 1]);
    expect(new L.GlobalMaxPooling1D({ dataFormat: 'channels_first' }).computeOutputShape([4, 8, 10])).toEqual([4, 8]);
    expect(new L.GlobalMaxPooling1D({ name: 'g' }).getConfig()).toEqual({ name: 'g', trainable: true, dtype: 'float32', dataFormat: 'channels_last', keepdims: false });
    expect(() => new L.GlobalAveragePooling2D({ name: 'g' })(tf.ones([2, 3, 4]))).toThrow('keras.layers.GlobalAveragePooling2D: Input 0 of layer "g" is incompatible with the layer: expected ndim=4, found ndim=3.');
    expect(() => new L.GlobalMaxPooling1D({ keepdims: 'yes' as never })).toThrow('keras.layers.GlobalMaxPooling1D: keepdims must be true or false, got "yes".');
  });
});

describe('a small CNN in a Sequential', () => {
  it("Keras' MNIST convnet example: the layers' output shapes and parameter counts (34,826 in all)", () => {
    const model = new tf.keras.Sequential([
      tf.keras.Input([28, 28, 1]),
      new L.Conv2D(32, [3, 3], { activation: 'relu' }),
      new L.MaxPooling2D({ poolSize: [2, 2] }),
      new L.Conv2D(64, [3, 3], { activation: 'relu' }),
      new L.MaxPooling2D({ poolSize: [2, 2] }),
      new L.Flatten(),
      new L.Dropout(0.5),
      new L.Dense(10, { activation: 'softmax' }),
    ]);
    const table = model.summary({ printFn: () => {} });
    const rows = table.split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│').slice(1, 4).map((cell) => cell.trim()));
    expect(rows).toEqual([
      ['conv2d (Conv2D)', '(None, 26, 26, 32)', '320'],
      ['max_pooling2d (MaxPooling2D)', '(None, 13, 13, 32)', '0'],
      ['conv2d_1 (Conv2D)', '(None, 11, 11, 64)', '18,496'],
      ['max_pooling2d_1 (MaxPooling2D)', '(None, 5, 5, 64)', '0'],
      ['flatten (Flatten)', '(None, 1600)', '0'],
      ['dropout (Dropout)', '(None, 1600)', '0'],
      ['dense (Dense)', '(None, 10)', '16,010'],
    ]);
    expect(model.countParams()).toBe(34826);
  });

  /** 6×6 images of a vertical (class 0) or horizontal (class 1) bar of 1s at a random row or column, with noise. */
  function bars(n: number) {
    const images: number[] = [], labels: number[] = [];
    for (let k = 0; k < n; k++) {
      const horizontal = k % 2, line = (k * 5) % 6;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) images.push(((horizontal ? i : j) === line ? 1 : 0) + ((((i * 6 + j) * 31 + k * 17) % 11) - 5) / 50);
      labels.push(horizontal);
    }
    return { x: tf.reshape(images, [n, 6, 6, 1]), y: tf.constant(labels) };
  }

  it('Conv2D → MaxPooling2D → Flatten → Dense learns the bars with fit; compiled steps and runEagerly give the same history and weights', () => {
    const { x, y } = bars(48);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      tf.random.setSeed(5);
      const model = new tf.keras.Sequential([
        tf.keras.Input([6, 6, 1]),
        new L.Conv2D(4, 3, { activation: 'relu', padding: 'same' }),
        new L.MaxPooling2D(),
        new L.Flatten(),
        new L.Dense(2),
      ]);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.02 }), loss: new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'], runEagerly });
      const history = model.fit(x, y, { epochs: 12, batchSize: 16 });
      return { history: history.history, weights: model.getWeights().map((w) => values(w)) };
    };
    const eager = run(true);
    const { loss, accuracy } = eager.history;
    expect(loss!.at(-1)!).toBeLessThan(loss![0]! / 4);
    expect(accuracy!.at(-1)).toBe(1);
    expect(run(false)).toEqual(eager);
  });
});
