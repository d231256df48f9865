// tf.nn composites, the composite reductions, tf.keras.activations, the new tf.random ops and
// tf.debugging: values against NumPy references (computed with python3 + NumPy in float64 from
// the formulas TensorFlow and Keras 3 use, pasted below), gradients against central differences
// in float64, stability on huge logits, dtype errors, and seeds that reproduce.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck, nestedSecondDerivative } from './helpers/gradcheck';

const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const f64 = (v: number | number[] | number[][] | number[][][]) => tf.constant(v as number[], 'float64');

/** d sum(f(x) * upstream) / dx through a tape, for checking a rule at a chosen point. */
function gradAt(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const tape = new tf.GradientTape();
  const y = tape.record(() => {
    tape.watch(x);
    return tf.reduceSum(f(x));
  });
  return tape.gradient(y, x) as tf.Tensor;
}

afterEach(() => tf.keras.backend.setFloatx('float32'));

// Shared input: X = [[0.5, -1.25, 2.0], [3.0, 0.75, -0.5]].
const X = [[0.5, -1.25, 2.0], [3.0, 0.75, -0.5]];

describe('softmax along an axis other than the last', () => {
  // The lanes' kernel (blocks of neighbouring lanes as vectors) against the rows' kernel on the
  // transposed tensor: the same arithmetic but for the order of each sum.
  const moved = (t: tf.Tensor, axis: number, f: (x: tf.Tensor) => tf.Tensor): tf.Tensor => {
    const perm = [0, 1, 2].filter((d) => d !== axis).concat(axis);
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return tf.transpose(f(tf.transpose(t, perm)), inverse);
  };
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: softmax and logSoftmax along axes 0 and 1 of [3, 37, 21] equal the last axis' of the transpose`, () => {
      tf.random.setSeed(3);
      const x = tf.mul(tf.random.normal([3, 37, 21], { dtype }), 8);
      const tolerance = dtype === 'float32' ? 2e-6 : 1e-14;
      for (const axis of [0, 1]) {
        expectClose(tf.nn.softmax(x, axis), flat(moved(x, axis, (t) => tf.nn.softmax(t, -1))), tolerance, 1e-30);
        // (x - max - log sum: an ulp of the log sum, up to about 3, is the error near 0.)
        expectClose(tf.nn.logSoftmax(x, axis), flat(moved(x, axis, (t) => tf.nn.logSoftmax(t, -1))), tolerance, tolerance);
        const sums = flat(tf.reduceSum(tf.nn.softmax(x, axis), axis));
        for (const v of sums) expect(Math.abs(v - 1)).toBeLessThan(tolerance * 8);
      }
    });
  }

  it('a lane holding +inf or NaN is NaN, -inf is 0, as along the last axis (and in TensorFlow)', () => {
    const x = tf.constant([[1, Infinity, NaN, -Infinity, 5], [2, 0, 3, 1, -Infinity], [0, 1, 2, 3, 4]]);
    const lanes = flat(tf.nn.softmax(x, 0));
    const rows = flat(tf.transpose(tf.nn.softmax(tf.transpose(x), -1)));
    expect(lanes.map((v) => (Number.isNaN(v) ? 'NaN' : v.toPrecision(6)))).toEqual(rows.map((v) => (Number.isNaN(v) ? 'NaN' : v.toPrecision(6))));
    expect(lanes.filter(Number.isNaN).length).toBe(6); // lanes 1 and 2
    expect(lanes[3 + 5 * 0]).toBe(0); // -inf in lane 3 (row 0)
  });
});

describe('composite reductions', () => {
  // NumPy: m = max(x) (0 where not finite); log(sum(exp(x - m))) + m.
  it('reduceLogSumExp matches NumPy, over one axis, all axes, with keepdims', () => {
    expectClose(tf.reduceLogSumExp(f64(X), 1), [2.2326219831020326, 3.1271581586310475], 1e-14);
    expectClose(tf.math.reduceLogSumExp(f64(X)), [3.4698944243384235], 1e-14);
    const keep = tf.reduceLogSumExp(f64(X), 0, true);
    expect(keep.shape).toEqual([1, 3]);
    expectClose(keep, [3.0788897342925496, 0.8769280110429726, 2.0788897342925496], 1e-14);
    expect(tf.logSumExp).toBe(tf.reduceLogSumExp);
  });

  it('reduceLogSumExp is stable for huge values and -inf, and -inf everywhere gives -inf', () => {
    const huge = tf.reduceLogSumExp(tf.constant([[1000, 1000, 999], [-1000, -1001, -Infinity]]), 1);
    expectClose(huge, [1000.8619948040582, -999.6867383124818], 1e-6);
    expect(flat(tf.reduceLogSumExp(tf.constant([-Infinity, -Infinity])))).toEqual([-Infinity]);
    expect(flat(tf.reduceLogSumExp(tf.constant([Infinity, 1])))).toEqual([Infinity]);
  });

  it('reduceLogSumExp gradient: central differences, and exactly softmax (the max is under stopGradient)', () => {
    expectGradcheck((x) => tf.reduceLogSumExp(x, 1), [{ shape: [2, 3] }]);
    expectGradcheck((x) => tf.reduceLogSumExp(x, [0, 1], true), [{ shape: [2, 3] }]);
    expectClose(gradAt((x) => tf.reduceLogSumExp(x, 1), f64(X)), flat(tf.nn.softmax(f64(X), 1)), 1e-14);
  });

  it('reduceVariance and reduceStd match np.var / np.std (population), with gradients', () => {
    expectClose(tf.math.reduceVariance(f64(X), 0), [1.5625, 1.0, 1.5625], 1e-14);
    expectClose(tf.math.reduceVariance(f64(X)), [2.0416666666666665], 1e-14);
    const std = tf.math.reduceStd(f64(X), 1, true);
    expect(std.shape).toEqual([2, 1]);
    expectClose(std, [1.3281147875424357, 1.4481789330818973], 1e-14);
    expectGradcheck((x) => tf.math.reduceVariance(x, 1), [{ shape: [2, 4] }]);
    expectGradcheck((x) => tf.math.reduceStd(x, 0), [{ shape: [3, 2] }]);
  });

  it('reductions of int tensors are refused with a cast hint', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(() => tf.reduceLogSumExp(i)).toThrow(/reduceLogSumExp: .*float32 or float64.*got int32.*tf\.cast/);
    expect(() => tf.math.reduceVariance(i)).toThrow(/reduceVariance: .*int32/);
    expect(() => tf.math.reduceStd(i)).toThrow(/reduceStd: .*int32/);
  });

  it('clipByValue clips, keeps dtype, and passes the gradient inside the bounds (ties included)', () => {
    expect(flat(tf.clipByValue(tf.constant([-1, 0.5, 3]), 0, 1))).toEqual([0, 0.5, 1]);
    const i = tf.clipByValue(tf.constant([-5, 2, 9], 'int32'), 0, 4);
    expect(i.dtype).toBe('int32');
    expect(flat(i)).toEqual([0, 2, 4]);
    // Bounds as tensors that broadcast.
    expect(flat(tf.clipByValue(f64([[1, 5], [3, -2]]), f64([0, 2]), 4))).toEqual([1, 4, 3, 2]);
    // d/dx at -1 (below), 0 (= min), 0.5, 1 (= max), 3 (above).
    expect(flat(gradAt((x) => tf.clipByValue(x, 0, 1), f64([-1, 0, 0.5, 1, 3])))).toEqual([0, 1, 1, 1, 0]);
    expectGradcheck((x, lo, hi) => tf.clipByValue(x, lo, hi), [
      { shape: [4], values: [-2, 0.3, 0.6, 2] },
      { shape: [], values: [0] },
      { shape: [], values: [1] },
    ]);
  });

  it('clipByValue refuses bounds that would broadcast t', () => {
    expect(() => tf.clipByValue(tf.constant([1, 2]), tf.zeros([3, 2]), 5)).toThrow(/clipByValue: .*\[2\].*\[3, 2\]/);
  });

  it('addN sums tensors of one shape; each input gets the upstream gradient', () => {
    expect(flat(tf.addN([tf.constant([1, 2]), tf.constant([3, 4]), [5, 6]]))).toEqual([9, 12]);
    const one = tf.constant([1, 2]);
    expect(tf.math.addN([one])).toBe(one);
    expectGradcheck((a, b, c) => tf.addN([a, b, c]), [{ shape: [2, 2] }, { shape: [2, 2] }, { shape: [2, 2] }]);
    expect(() => tf.addN([tf.ones([2]), tf.ones([3])])).toThrow(/addN: .*same dtype and shape.*\[2\].*\[3\]/);
    expect(() => tf.addN([tf.ones([2]), tf.ones([2], 'float64')])).toThrow(/addN: .*float32.*float64/);
    expect(() => tf.addN([])).toThrow(/addN: .*non-empty/);
  });
});

describe('tf.nn', () => {
  const G = [-3.0, -1.0, -0.25, 0.0, 0.5, 2.0];

  it('gelu, exact (erf) and approximate (tanh), against NumPy', () => {
    // NumPy: 0.5 x (1 + erf(x/√2)) and 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))).
    expectClose(tf.nn.gelu(f64(G)), [-0.00404969409489031, -0.15865525393145707, -0.10032341857926907, 0.0, 0.34573123063700656, 1.9544997361036416], 1e-13, 1e-15);
    expectClose(tf.nn.gelu(f64(G), true), [-0.0036373920817729943, -0.1588080093917233, -0.100324649298315, 0.0, 0.34571400982514394, 1.954597694087775], 1e-13, 1e-15);
    expectGradcheck((x) => tf.nn.gelu(x, true), [{ shape: [6], values: G }]);
    expect(() => tf.nn.gelu(tf.constant([1], 'int32'), true)).toThrow(/gelu/);
    expect(() => tf.nn.gelu(f64(G), 'yes' as never)).toThrow(/gelu: approximate must be true or false/);
  });

  it('leakyRelu: x > 0 ? x : alpha x; gradient alpha at and below 0; int input becomes float32', () => {
    expectClose(tf.nn.leakyRelu(f64([-2, 0, 3])), [-0.4, 0, 3], 1e-15);
    expectClose(tf.nn.leakyRelu(f64([-2, 0, 3]), 0.01), [-0.02, 0, 3], 1e-15);
    expectClose(gradAt((x) => tf.nn.leakyRelu(x, 0.3), f64([-1, 0, 2])), [0.3, 0.3, 1], 1e-15);
    const i = tf.nn.leakyRelu(tf.constant([-5, 5], 'int32'));
    expect(i.dtype).toBe('float32');
    expectClose(i, [-1, 5], 1e-7);
    expectGradcheck((x) => tf.nn.leakyRelu(x, 0.1), [{ shape: [5], awayFromZero: 0.1 }]);
  });

  it('sigmoidCrossEntropyWithLogits matches TF\'s formula and the definition; gradients in labels and logits', () => {
    const z = [[0.0, 1.0, 0.25], [1.0, 0.0, 0.6]];
    const x = [[-2.0, 0.5, 3.0], [0.0, -0.75, 1.5]];
    // NumPy: max(x,0) - x z + log1p(exp(-|x|)); the definition -(z log σ + (1-z) log(1-σ)) agrees.
    const ref = [0.1269280110429725, 0.4740769841801067, 2.298587351573742, 0.6931471805599453, 0.38687100611489994, 0.8014132779827525];
    expectClose(tf.nn.sigmoidCrossEntropyWithLogits({ labels: f64(z), logits: f64(x) }), ref, 1e-14);
    expectGradcheck((labels, logits) => tf.nn.sigmoidCrossEntropyWithLogits({ labels, logits }), [
      { shape: [2, 3], values: z.flat() },
      { shape: [2, 3], values: x.flat() },
    ]);
  });

  it('second derivatives through the composites (nested tapes)', () => {
    // d²/dx² of the sigmoid cross entropy is σ(x)(1 - σ(x)); of logsumexp([x, 0]) the same.
    const s = 1 / (1 + Math.exp(-0.7));
    const xent = nestedSecondDerivative((x) => tf.nn.sigmoidCrossEntropyWithLogits({ labels: f64(0.3), logits: x }), 0.7);
    expectClose(xent.first, [s - 0.3], 1e-14);
    expectClose(xent.second, [s * (1 - s)], 1e-14);
    const lse = nestedSecondDerivative((x) => tf.reduceLogSumExp(tf.concat([tf.reshape(x, [1]), f64([0])], 0)), 0.7);
    expectClose(lse.second, [s * (1 - s)], 1e-14);
  });

  it('sigmoidCrossEntropyWithLogits stays finite for huge logits (float32)', () => {
    const loss = tf.nn.sigmoidCrossEntropyWithLogits({ labels: [0, 1, 1, 0], logits: [1e4, -1e4, 1e4, -1e4] });
    expect(flat(loss)).toEqual([1e4, 1e4, 0, 0]);
    const g = gradAt((l) => tf.nn.sigmoidCrossEntropyWithLogits({ labels: [0, 1, 1, 0], logits: l }), tf.constant([1e4, -1e4, 1e4, -1e4]));
    expect(flat(g)).toEqual([1, -1, 0, 0]); // σ(x) - z
  });

  it('sigmoidCrossEntropyWithLogits errors: missing arguments, shapes, dtypes', () => {
    expect(() => tf.nn.sigmoidCrossEntropyWithLogits({ logits: [1] } as never)).toThrow(/both labels and logits must be provided/);
    expect(() => tf.nn.sigmoidCrossEntropyWithLogits({ labels: [1, 0], logits: [1, 2, 3] })).toThrow(/same shape.*\[3\] vs \[2\]/);
    expect(() => tf.nn.sigmoidCrossEntropyWithLogits({ labels: tf.constant([1], 'int32'), logits: [1] })).toThrow(/labels are int32 but logits are float32/);
    expect(() => tf.nn.sigmoidCrossEntropyWithLogits({ labels: [1], logits: tf.constant([1], 'int32') })).toThrow(/logits must be a float32 or float64/);
  });

  const Ls = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]];
  const Lab = [[0.7, 0.2, 0.1], [0.0, 1.0, 0.0]];

  it('softmaxCrossEntropyWithLogits: -Σ labels log_softmax(logits), any axis; int labels are cast', () => {
    expectClose(tf.nn.softmaxCrossEntropyWithLogits({ labels: f64(Lab), logits: f64(Ls) }), [0.8070300162778338, 0.15317820712228825], 1e-14);
    expectClose(tf.nn.softmaxCrossEntropyWithLogits({ labels: f64(Lab), logits: f64(Ls), axis: 0 }), [0.1409892945879267, 0.541695933579303, 0.02873353251154308], 1e-14);
    const fromInt = tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.constant([[0, 1, 0]], 'int32'), logits: f64([[2.0, 1.0, 0.1]]) });
    expect(fromInt.dtype).toBe('float64');
    expectGradcheck((labels, logits) => tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }), [
      { shape: [2, 3], values: Lab.flat() },
      { shape: [2, 3], values: Ls.flat() },
    ]);
    // With labels that sum to 1 the gradient is softmax - labels, TensorFlow's backprop.
    const g = gradAt((l) => tf.nn.softmaxCrossEntropyWithLogits({ labels: f64(Lab), logits: l }), f64(Ls));
    expectClose(g, flat(tf.sub(tf.nn.softmax(f64(Ls)), f64(Lab))), 1e-14, 1e-16);
  });

  it('softmaxCrossEntropyWithLogits is finite for huge logits', () => {
    const loss = tf.nn.softmaxCrossEntropyWithLogits({ labels: [[0, 1, 0], [1, 0, 0]], logits: [[1e4, -1e4, 0], [1e4, 1e4, -1e4]] });
    expectClose(loss, [2e4, Math.LN2], 1e-6);
    expect(() => tf.nn.softmaxCrossEntropyWithLogits({ labels: [[1, 0]], logits: [[1, 2, 3]] })).toThrow(/same shape/);
    expect(() => tf.nn.softmaxCrossEntropyWithLogits({ labels: 1, logits: 2 })).toThrow(/rank >= 1/);
  });

  it('sparseSoftmaxCrossEntropyWithLogits: picks -log_softmax at the int label; gradient softmax - onehot', () => {
    expectClose(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [2, 1], logits: f64(Ls) }), [2.3170300162778337, 0.15317820712228825], 1e-14);
    const g = gradAt((l) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [2, 1], logits: l }), f64(Ls));
    // NumPy: exp(log_softmax) - eye(3)[labels].
    expectClose(g, [0.6590011388859677, 0.24243297070471384, -0.9014341095906818, 0.11611453467414115, -0.1420231893915428, 0.025908654717401523], 1e-13);
    expectGradcheck((logits) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([[0, 3], [2, 1]], 'int32'), logits }), [{ shape: [2, 2, 4] }]);
  });

  it('sparseSoftmaxCrossEntropyWithLogits: huge and -inf logits of other classes stay finite', () => {
    const loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [0, 1], logits: [[1e4, -Infinity, 0], [-1e4, 1e4, -Infinity]] });
    expect(flat(loss)).toEqual([0, 0]);
    const g = gradAt((l) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [0, 1], logits: l }), tf.constant([[0, -Infinity, 0], [1, 1, -Infinity]]));
    expectClose(g, [-0.5, 0, 0.5, 0.5, -0.5, 0], 1e-7);
  });

  it('sparseSoftmaxCrossEntropyWithLogits errors: label range, label dtype, ranks', () => {
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [0, 5], logits: tf.zeros([2, 3]) })).toThrow(
      /label value of 5 which is outside the valid range of \[0, 3\)\. Label values: 0 5/,
    );
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [-1, 0], logits: tf.zeros([2, 3]) })).toThrow(/label value of -1/);
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([0, 1]), logits: tf.zeros([2, 3]) })).toThrow(/labels must be int32.*float32/);
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [[0, 1]], logits: tf.zeros([2, 3]) })).toThrow(/rank must equal logits\.shape\.rank - 1/);
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [0, 1, 2], logits: tf.zeros([2, 3]) })).toThrow(/except for the last dimension/);
  });

  it('l2Loss = sum(x²)/2, gradient x', () => {
    expectClose(tf.nn.l2Loss(f64(X)), [7.8125], 1e-15);
    expect(tf.nn.l2Loss(f64(X)).shape).toEqual([]);
    expectClose(gradAt((x) => tf.nn.l2Loss(x), f64(X)), X.flat(), 1e-15);
    expect(() => tf.nn.l2Loss(tf.constant([1], 'int32'))).toThrow(/l2Loss: t must be a float32 or float64/);
  });

  it('biasAdd along the last axis (N...C) and axis 1 (NC...), with gradients', () => {
    const v = f64([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expect(flat(tf.nn.biasAdd(v, f64([10, 20])))).toEqual([11, 22, 13, 24, 15, 26, 17, 28]);
    expect(flat(tf.nn.biasAdd(v, f64([10, 20]), 'NCHW'))).toEqual([11, 12, 23, 24, 15, 16, 27, 28]);
    expectGradcheck((value, bias) => tf.nn.biasAdd(value, bias), [{ shape: [2, 3, 4] }, { shape: [4] }]);
    expectGradcheck((value, bias) => tf.nn.biasAdd(value, bias, 'NCHW'), [{ shape: [2, 3, 4] }, { shape: [3] }]);
    expect(() => tf.nn.biasAdd(tf.ones([3]), tf.ones([3]))).toThrow(/at least 2D/);
    expect(() => tf.nn.biasAdd(tf.ones([2, 3]), tf.ones([1, 3]))).toThrow(/biases must be 1D/);
    expect(() => tf.nn.biasAdd(tf.ones([2, 3]), tf.ones([2]))).toThrow(/as many biases as the last dimension.*\[2\] vs\. \[2, 3\]/);
    expect(() => tf.nn.biasAdd(tf.ones([2, 3]), tf.ones([2]), 'HWC')).toThrow(/data_format must be of the form/);
  });

  it('moments returns [mean, variance] like NumPy; keepdims; gradients of both', () => {
    const M = [[1.0, 2.0, 4.0], [3.0, 5.0, 9.0]];
    const [mean, variance] = tf.nn.moments(f64(M), [0]);
    expectClose(mean, [2.0, 3.5, 6.5], 1e-15);
    expectClose(variance, [1.0, 2.25, 6.25], 1e-15);
    const [m2, v2] = tf.nn.moments(f64(M), [0, 1], null, true);
    expect(m2.shape).toEqual([1, 1]);
    expectClose(m2, [4.0], 1e-15);
    expectClose(v2, [6.666666666666667], 1e-15);
    expectGradcheck((x) => tf.nn.moments(x, [1])[0], [{ shape: [3, 4] }]);
    expectGradcheck((x) => tf.nn.moments(x, [0])[1], [{ shape: [3, 4] }]);
    expect(() => tf.nn.moments(f64(M), [0], true as never)).toThrow(/third argument is shift/);
  });

  it('l2Normalize over an axis and over everything; a zero vector stays 0', () => {
    expectClose(tf.nn.l2Normalize(f64(X), 1), [0.20739033894608505, -0.5184758473652127, 0.8295613557843402, 0.9577042613611466, 0.23942606534028665, -0.15961737689352443], 1e-14);
    expectClose(tf.math.l2Normalize(f64(X)), [0.12649110640673517, -0.31622776601683794, 0.5059644256269407, 0.7589466384404111, 0.18973665961010278, -0.12649110640673517], 1e-14);
    expect(flat(tf.nn.l2Normalize(f64([0, 0]), 0))).toEqual([0, 0]);
    expectGradcheck((x) => tf.nn.l2Normalize(x, 1), [{ shape: [2, 3] }]);
  });

  it('dropout: a seed after setSeed reproduces the mask, kept values are x/(1-rate), the gradient is the same mask', () => {
    const input = f64(Array.from({ length: 400 }, (_, i) => i + 1));
    tf.random.setSeed(1);
    const a = tf.nn.dropout(input, 0.25, null, 42);
    tf.random.setSeed(1);
    const b = tf.nn.dropout(input, 0.25, { seed: 42 });
    expect(flat(a)).toEqual(flat(b));
    const values = flat(a);
    let kept = 0;
    values.forEach((v, i) => {
      if (v !== 0) {
        kept++;
        expect(v).toBeCloseTo((i + 1) / 0.75, 12);
      }
    });
    expect(kept / 400).toBeGreaterThan(0.65);
    expect(kept / 400).toBeLessThan(0.85);
    tf.random.setSeed(1);
    const g = flat(gradAt((t) => tf.nn.dropout(t, 0.25, null, 42), input));
    g.forEach((v, i) => expect(v).toBe(values[i] === 0 ? 0 : 1 / 0.75));
    expect(flat(tf.nn.dropout(input, 0.25, null, 43))).not.toEqual(values);
  });

  it('dropout: setSeed makes seedless calls repeat; noiseShape drops whole columns; rate 0 is the identity', () => {
    tf.random.setSeed(7);
    const first = flat(tf.nn.dropout(tf.ones([50]), 0.5));
    const second = flat(tf.nn.dropout(tf.ones([50]), 0.5));
    tf.random.setSeed(7);
    expect(flat(tf.nn.dropout(tf.ones([50]), 0.5))).toEqual(first);
    expect(flat(tf.nn.dropout(tf.ones([50]), 0.5))).toEqual(second);

    const cols = tf.nn.dropout(tf.ones([6, 40]), 0.5, [1, null], 3).arraySync() as number[][];
    for (const row of cols) expect(row).toEqual(cols[0]);
    expect(new Set(cols[0])).toEqual(new Set([0, 2]));

    const x = f64([1, 2]);
    expect(tf.nn.dropout(x, 0)).toBe(x);
  });

  it('dropout errors: rate range, dtype, noiseShape', () => {
    expect(() => tf.nn.dropout(tf.ones([2]), 1)).toThrow(/rate must be a number in the range \[0, 1\)/);
    expect(() => tf.nn.dropout(tf.ones([2]), -0.1)).toThrow(/rate must be/);
    expect(() => tf.nn.dropout(tf.ones([2], 'int32'), 0.5)).toThrow(/dropout: x must be a float32 or float64.*int32/);
    expect(() => tf.nn.dropout(tf.ones([2, 3]), 0.5, [2, 2])).toThrow(/noiseShape \[2, 2\] does not broadcast to x's shape \[2, 3\]/);
    expect(() => tf.nn.dropout(tf.ones([2, 3]), 0.5, [3])).toThrow(/noiseShape must be an array of 2 sizes/);
  });

  it('the table activations are under tf.nn, swish is silu', () => {
    expect(tf.nn.swish).toBe(tf.nn.silu);
    expectClose(tf.nn.relu6(f64([-1, 3, 9])), [0, 3, 6]);
  });
});

describe('tf.keras.activations', () => {
  const A = [-4.0, -3.0, -1.5, -0.5, 0.0, 0.5, 1.5, 3.0, 4.0, 7.0];
  const act = tf.keras.activations;

  it('match Keras 3 formulas re-implemented in NumPy', () => {
    // NumPy: clip(x/6 + 1/2, 0, 1), x * that, x tanh(logaddexp(0, x)), where(x>0, x, 2 expm1(x)), SELU.
    expectClose(act.hardSigmoid(f64(A)), [0.0, 0.0, 0.25, 0.4166666666666667, 0.5, 0.5833333333333334, 0.75, 1.0, 1.0, 1.0], 1e-15);
    expectClose(act.hardSilu(f64(A)), [-0.0, -0.0, -0.375, -0.20833333333333334, 0.0, 0.2916666666666667, 1.125, 3.0, 4.0, 7.0], 1e-15);
    expectClose(act.mish(f64(A)), [-0.07259174079202535, -0.1456474612756246, -0.29809974216680674, -0.22074377465173, 0.0, 0.3752452113048951, 1.4033782663958028, 2.986535004967957, 3.9974128069762385, 6.999988379809741], 1e-14);
    expectClose(act.elu(f64(A), 2), [-1.9633687222225316, -1.900425863264272, -1.5537396797031404, -0.7869386805747332, 0.0, 0.5, 1.5, 3.0, 4.0, 7.0], 1e-14);
    expectClose(act.selu(f64(A)), [-1.7258986281898945, -1.6705687287671118, -1.3658143533672527, -0.6917581878028713, 0.0, 0.5253504936777402, 1.5760514810332207, 3.1521029620664414, 4.202803949421922, 7.354906911488364], 1e-14);
    expectClose(act.exponential(f64([0, 1])), [1, Math.E], 1e-15);
    expect(flat(act.linear(f64([1, -2])))).toEqual([1, -2]);
    expectClose(act.gelu(f64([-1, 2]), true), [-0.1588080093917233, 1.954597694087775], 1e-13);
    expectClose(act.softmax(f64(X), null), [0.05130872699877754, 0.008916119823999891, 0.22994976100338085, 0.6250682567939906, 0.0658817095643229, 0.018875425815528375], 1e-14);
    expectClose(act.logSoftmax(f64([[0, 0]])), [-Math.LN2, -Math.LN2], 1e-15);
    expect(flat(act.crelu(f64([[-1, 2]])))).toEqual([0, 2, 1, 0]);
  });

  it('relu with negativeSlope, maxValue and threshold, as Keras 3 computes it', () => {
    // Keras docs: x = [-10, -5, 0, 5, 10].
    const k = [-10, -5, 0.0, 5, 10];
    expect(flat(act.relu(k))).toEqual([0, 0, 0, 5, 10]);
    expect(flat(act.relu(k, 0.5))).toEqual([-5, -2.5, 0, 5, 10]);
    expect(flat(act.relu(k, 0, 5))).toEqual([0, 0, 0, 5, 5]);
    expect(flat(act.relu(k, 0, null, 5))).toEqual([-0, -0, 0, 0, 10]);
    expect(flat(act.relu(k, 0, 6))).toEqual([0, 0, 0, 5, 6]);
    // NumPy: r = clip(x·(x>1), 0, 5) - 0.1·max(1 - x, 0).
    expectClose(act.relu(f64(A), 0.1, 5, 1), [-0.5, -0.4, -0.25, -0.15, -0.1, -0.05, 1.5, 3.0, 4.0, 5.0], 1e-15);
    expectClose(act.relu(f64(A), 0.3), [-1.2, -0.9, -0.45, -0.15, 0.0, 0.5, 1.5, 3.0, 4.0, 7.0], 1e-15);
    expectGradcheck((x) => act.relu(x, 0.1, 5, 1), [{ shape: [8], values: [-3, -1, 0.2, 0.7, 1.5, 3, 4.5, 6] }]);
  });

  it('gradients of the composites match central differences (away from kinks)', () => {
    const smooth = [-3.7, -2.1, -0.9, -0.2, 0.4, 1.3, 2.6, 3.9];
    expectGradcheck((x) => act.mish(x), [{ shape: [8], values: smooth }]);
    expectGradcheck((x) => act.hardSigmoid(x), [{ shape: [8], values: smooth }]);
    expectGradcheck((x) => act.hardSilu(x), [{ shape: [8], values: smooth }]);
    expectGradcheck((x) => act.elu(x, 0.7), [{ shape: [8], values: smooth }]);
    expectGradcheck((x) => act.softmax(x, null), [{ shape: [2, 3] }]);
  });

  it('get and serialize use Keras names (and camelCase); swish serializes as silu', () => {
    expect(act.get('leaky_relu')).toBe(act.leakyRelu);
    expect(act.get('leakyRelu')).toBe(act.leakyRelu);
    expect(act.get('swish')).toBe(act.silu);
    expect(act.get('hard_swish')).toBe(act.hardSilu);
    expect(act.get(null)).toBe(act.linear);
    const mine = (x: tf.TensorLike) => tf.neg(x);
    expect(act.get(mine)).toBe(mine);
    expect(() => act.get('nope')).toThrow(/could not interpret activation function identifier: "nope"/);
    expect(() => act.get('toString')).toThrow(/could not interpret/);
    expect(act.serialize(act.relu)).toBe('relu');
    expect(act.serialize(act.hardSigmoid)).toBe('hard_sigmoid');
    expect(act.serialize(act.swish)).toBe('silu');
    expect(act.serialize(act.get(act.serialize(act.logSoftmax)))).toBe('log_softmax');
    expect(() => act.serialize(mine)).toThrow(/unknown activation function/);
  });
});

describe('tf.random: truncatedNormal, shuffle, categorical, uniform int32', () => {
  it('truncatedNormal stays within 2 stddev, has the truncated variance, and a seed reproduces it', () => {
    const t = tf.random.truncatedNormal([20000], { mean: 3, stddev: 0.5, dtype: 'float64', seed: 11 });
    const v = flat(t);
    expect(v.every((x) => Math.abs(x - 3) < 1)).toBe(true);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean - 3)).toBeLessThan(0.01);
    // Standard normal truncated to ±2: variance 1 - 4φ(2)/(Φ(2) - Φ(-2)) = 0.77372..., std 0.87962.
    expect(Math.abs(std - 0.5 * 0.87962)).toBeLessThan(0.01);
    tf.random.setSeed(2);
    const once = flat(tf.random.truncatedNormal([5], { seed: 11 }));
    tf.random.setSeed(2);
    expect(flat(tf.random.truncatedNormal([5], { seed: 11 }))).toEqual(once);
    expect(tf.random.truncatedNormal([2, 2]).dtype).toBe('float32');
    expect(() => tf.random.truncatedNormal([2], { dtype: 'int32' })).toThrow(/dtype must be 'float32' or 'float64'/);
  });

  it('shuffle permutes the first axis (rows stay whole), any dtype, seeded', () => {
    const x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], 'int32');
    const s = tf.random.shuffle(x, 5);
    expect(s.dtype).toBe('int32');
    expect(s.shape).toEqual([5, 2]);
    const rows = s.arraySync() as number[][];
    expect(rows.map((r) => r[1]! - r[0]!)).toEqual([1, 1, 1, 1, 1]);
    expect(rows.map((r) => r[0]).sort((a, b) => a! - b!)).toEqual([1, 3, 5, 7, 9]);
    // An op seed used again continues its kernel's stream (TensorFlow's "A1 then A2"); setSeed
    // restarts every stream, so the same calls after it repeat.
    tf.random.setSeed(11);
    const first = tf.random.shuffle(x, 5).arraySync();
    tf.random.setSeed(11);
    expect(tf.random.shuffle(x, 5).arraySync()).toEqual(first);
    tf.random.setSeed(3);
    const a = flat(tf.random.shuffle(tf.constant(Array.from({ length: 30 }, (_, i) => i))));
    tf.random.setSeed(3);
    expect(flat(tf.random.shuffle(tf.constant(Array.from({ length: 30 }, (_, i) => i))))).toEqual(a);
    expect(a).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(flat(tf.random.shuffle(tf.constant(4)))).toEqual([4]);
    // No gradient, as TensorFlow registers RandomShuffle as not differentiable.
    const v = f64([1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(v);
      return tf.reduceSum(tf.random.shuffle(v, 1));
    });
    expect(tape.gradient(y, v)).toBeNull();
  });

  it('categorical draws classes with probabilities softmax(logits); -inf never; seeded; int32 [batch, n]', () => {
    const logits = tf.constant([[Math.log(0.2), Math.log(0.5), Math.log(0.3)], [0, -Infinity, 0]]);
    const s = tf.random.categorical(logits, 20000, { seed: 9 });
    expect(s.dtype).toBe('int32');
    expect(s.shape).toEqual([2, 20000]);
    const rows = s.arraySync() as number[][];
    const freq = (row: number[], k: number) => row.filter((v) => v === k).length / row.length;
    expect(Math.abs(freq(rows[0]!, 0) - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(freq(rows[0]!, 1) - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(freq(rows[0]!, 2) - 0.3)).toBeLessThan(0.015);
    expect(freq(rows[1]!, 1)).toBe(0);
    expect(Math.abs(freq(rows[1]!, 0) - 0.5)).toBeLessThan(0.015);
    // An op seed's kernel continues its stream (TensorFlow's ids: stateful-random.test.ts); setSeed starts it again.
    tf.random.setSeed(4);
    const first = tf.random.categorical(logits, 10, { seed: 9 }).arraySync();
    expect(tf.random.categorical(logits, 10, { seed: 9 }).arraySync()).not.toEqual(first);
    tf.random.setSeed(4);
    expect(tf.random.categorical(logits, 10, { seed: 9 }).arraySync()).toEqual(first);
    tf.random.setSeed(null);
    // Huge logits: no overflow.
    expect(flat(tf.random.categorical(tf.constant([[1e30, 0]]), 5, { seed: 1 }))).toEqual([0, 0, 0, 0, 0]);
    // TensorFlow's kernel gives the class count for a row without a finite logit.
    expect(flat(tf.random.categorical(tf.constant([[-Infinity, -Infinity]]), 2, { seed: 1 }))).toEqual([2, 2]);
    expect(() => tf.random.categorical(tf.constant([1, 2]), 3)).toThrow(/logits should be a matrix/);
    expect(() => tf.random.categorical(logits, 3, { dtype: 'float32' })).toThrow(/dtype must be 'int32'/);
    expect(() => tf.random.categorical(logits, -1)).toThrow(/numSamples must be a non-negative integer/);
  });

  it('uniform with dtype int32 gives every integer of [minval, maxval) and nothing else', () => {
    const u = tf.random.uniform([5000], { minval: -3, maxval: 4, dtype: 'int32', seed: 2 });
    expect(u.dtype).toBe('int32');
    const v = flat(u);
    expect(new Set(v)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    tf.random.setSeed(11);
    const first = flat(tf.random.uniform([8], { minval: 0, maxval: 100, dtype: 'int32', seed: 2 }));
    const second = flat(tf.random.uniform([8], { minval: 0, maxval: 100, dtype: 'int32', seed: 2 }));
    expect(second).not.toEqual(first); // the kernel's stream goes on
    tf.random.setSeed(11);
    expect(flat(tf.random.uniform([8], { minval: 0, maxval: 100, dtype: 'int32', seed: 2 }))).toEqual(first);
    tf.random.setSeed(null);
  });
});

describe('tf.debugging', () => {
  it('checkNumerics returns the tensor itself when finite and names the message otherwise', () => {
    const ok = f64([1, 2]);
    expect(tf.debugging.checkNumerics(ok, 'x')).toBe(ok);
    expect(() => tf.debugging.checkNumerics(tf.constant([1, NaN]), 'checking b')).toThrow(/^checking b : Tensor had NaN values$/);
    expect(() => tf.debugging.checkNumerics(tf.constant([Infinity, 1]), 'm')).toThrow(/^m : Tensor had Inf values$/);
    expect(() => tf.debugging.checkNumerics(tf.constant([-Infinity, NaN]), 'm')).toThrow(/^m : Tensor had Inf and NaN values$/);
    expect(() => tf.debugging.assertAllFinite(tf.constant([NaN]), 'weights')).toThrow(/^weights : Tensor had NaN values$/);
    expect(() => tf.debugging.checkNumerics(tf.constant([1], 'int32'), 'm')).toThrow(/checkNumerics: .*int32/);
    // Gradients pass through unchanged.
    expectClose(gradAt((x) => tf.mul(tf.debugging.checkNumerics(x, 'm'), 3), f64([1, 2])), [3, 3]);
  });
});

describe('tf.nn: batchNormalization, weightedCrossEntropyWithLogits, logPoissonLoss, embeddingLookup (TensorFlow formulas, NumPy values)', () => {
  it('batchNormalization normalizes with the moments, then scales and shifts', () => {
    const x = f64([[1, 2], [3, 6]]);
    const [mean, variance] = tf.nn.moments(x, [0], null, true);
    expectClose(tf.nn.batchNormalization(x, mean, variance, null, null, 0), [-1, -1, 1, 1], 1e-15);
    expectClose(tf.nn.batchNormalization(x, mean, variance, f64([10, 20]), f64([2, 3]), 0), [8, 17, 12, 23], 1e-14);
    // (x - 2) / sqrt(1 + 3) with ε = 3
    expectClose(tf.nn.batchNormalization(f64([4]), 2, 1, null, null, 3), [1], 1e-15);
    expectGradcheck((v, m, s) => tf.nn.batchNormalization(v, m, tf.add(tf.square(s), 0.5), 0.25, 1.5, 1e-3), [{ shape: [3, 2] }, { shape: [2] }, { shape: [2] }]);
    expect(() => tf.nn.batchNormalization(x, 0, 1, null, null, -1)).toThrow('batchNormalization: varianceEpsilon must be a number >= 0, got -1.');
  });

  it('weightedCrossEntropyWithLogits: the positive term weighted by posWeight', () => {
    const l = tf.nn.weightedCrossEntropyWithLogits({ labels: f64([1, 0, 1, 0.5]), logits: f64([0, 0, -2, 3]), posWeight: 3 });
    expectClose(l, [2.0794415416798357, 0.6931471805599453, 6.3807840331289185, 1.597174703147484], 1e-15);
    // posWeight 1 is the sigmoid cross entropy.
    const z = f64([0.2, 1, 0]), x = f64([-30, 0.5, 40]);
    expectClose(tf.nn.weightedCrossEntropyWithLogits({ labels: z, logits: x, posWeight: 1 }), flat(tf.nn.sigmoidCrossEntropyWithLogits({ labels: z, logits: x })), 1e-13);
    expectGradcheck((v) => tf.nn.weightedCrossEntropyWithLogits({ labels: f64([1, 0, 0.3]), logits: v, posWeight: 2.5 }), [{ shape: [3] }]);
    expect(() => tf.nn.weightedCrossEntropyWithLogits({ labels: [1], logits: [0] } as never)).toThrow(/posWeight must be provided/);
  });

  it('logPoissonLoss, with and without Stirling\'s term (left out for targets in [0, 1])', () => {
    const t = f64([2, 0.5, 5]), li = f64([0, 1, 1.5]);
    expectClose(tf.nn.logPoissonLoss(t, li), [1, 2.218281828459045, -3.0183109296619355], 1e-15);
    expectClose(tf.nn.logPoissonLoss(t, li, true), [1.651806484604536, 2.218281828459045, 1.752536121930289], 1e-14);
    expectGradcheck((v) => tf.nn.logPoissonLoss(f64([3, 0, 1.5]), v, true), [{ shape: [3] }]);
  });

  it('embeddingLookup gathers rows, and its gradient scatters back into them', () => {
    const params = new tf.Variable([[1, 2], [3, 4], [5, 6]]);
    expect(tf.nn.embeddingLookup(params, [2, 0, 2]).arraySync()).toEqual([[5, 6], [1, 2], [5, 6]]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.nn.embeddingLookup(params, [[2, 0], [2, 2]]).sum());
    expect(tape.gradient(y, params)!.arraySync()).toEqual([[1, 1], [0, 0], [3, 3]]);
  });
});

describe('tf.math.reciprocalNoNan (TensorFlow: div_no_nan(1, x))', () => {
  it('is 1/x, 0 at 0, with the gradient -1/x² (0 at 0)', () => {
    expect(flat(tf.math.reciprocalNoNan(f64([2, 0, -4, -0])))).toEqual([0.5, 0, -0.25, 0]);
    expectClose(gradAt((x) => tf.math.reciprocalNoNan(x), f64([2, 0, -4])), [-0.25, 0, -0.0625], 1e-15);
    expect(() => tf.math.reciprocalNoNan(tf.constant([1], 'int32'))).toThrow("reciprocalNoNan: x must be a float32 or float64 tensor, got int32; cast it first, e.g. tf.cast(x, 'float32').");
  });
});
