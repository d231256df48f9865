// tf.keras.losses: every loss function against Keras 3's formulas re-implemented in NumPy
// (python3 + NumPy, float64; the values are pasted below), the Loss classes' reductions and sample
// weights (NumPy too, and the examples printed in Keras' docstrings), gradients against central
// differences in float64, stability for huge logits and saturated probabilities, and errors.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck } from './helpers/gradcheck';

const L = tf.keras.losses;
const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const f64 = (v: number[] | number[][]) => tf.constant(v, 'float64');

afterEach(() => tf.keras.backend.setFloatx('float32'));

/** Agreement with values as Keras' docs print them (rounded or truncated: within one unit of the
 * last printed digit). */
function docClose(t: tf.Tensor, printed: string[]): void {
  const got = flat(t);
  expect(got.length).toBe(printed.length);
  printed.forEach((text, i) => {
    const decimals = text.split('.')[1]?.length ?? 0;
    expect(Math.abs(got[i]! - Number(text)), `[${i}] got ${got[i]}, Keras prints ${text}`).toBeLessThanOrEqual(10 ** -decimals + 1e-7);
  });
}

const YT = [[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]];
const YP = [[0.2, 0.7, 0.9], [0.6, 0.3, -0.4]];

describe('loss functions (one value per sample) against NumPy', () => {
  it('regression losses', () => {
    expectClose(L.meanSquaredError(f64(YT), f64(YP)), [0.09666666666666668, 0.2241666666666667], 1e-14);
    expectClose(L.meanAbsoluteError(f64(YT), f64(YP)), [0.3, 0.45], 1e-14);
    // NumPy: 100 mean(|t - p| / max(|t|, 1e-7)): zero labels divide by epsilon, as in Keras.
    expectClose(L.meanAbsolutePercentageError(f64(YT), f64(YP)), [66666703.33333334, 100000100.0], 1e-13);
    expectClose(L.meanSquaredLogarithmicError(f64(YT), f64(YP)), [0.03851105681575811, 0.0561403330514213], 1e-13);
    expectClose(L.huber(f64(YT), f64(YP), 0.5), [0.04833333333333334, 0.10833333333333334], 1e-14);
    expectClose(L.logCosh(f64(YT), f64(YP)), [0.04738744238459334, 0.10671850952893984], 1e-13);
    expectClose(L.cosineSimilarity(f64(YT), f64(YP)), [-0.8885675206791943, -0.6210700940445368], 1e-14);
    expectClose(L.cosineSimilarity(f64(YT), f64(YP), 0), [-0.9486832980505137, -0.9191450300180579, -0.6357072528610997], 1e-14);
    expectClose(L.poisson(f64(YT), f64([[0.5, 1.5, 2.0], [3.0, 0.1, 1.0]])), [1.0826537366483997, 1.0004625509995195], 1e-14);
  });

  it('klDivergence clips both to [1e-7, 1]; hinge maps {0, 1} labels to ±1 only when all are binary', () => {
    const p1 = [[0.1, 0.6, 0.3], [0.25, 0.25, 0.5]];
    const p2 = [[0.2, 0.5, 0.3], [0.0, 0.4, 0.6]];
    expectClose(L.klDivergence(f64(p1), f64(p2)), [0.04007821602037823, 3.4742886367511963], 1e-13);
    const hp = [[0.3, -0.8, 1.6], [0.4, -2.0, 0.9]];
    expectClose(L.hinge(f64([[0, 1, 1], [1, 0, 0]]), f64(hp)), [1.0333333333333334, 0.8333333333333334], 1e-14);
    expectClose(L.hinge(f64([[-1, 1, 1], [1, -1, 0.5]]), f64(hp)), [1.0333333333333334, 0.3833333333333333], 1e-14);
  });

  it('the Keras docstring examples (float32)', () => {
    docClose(L.binaryCrossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]), ['0.916', '0.714']);
    docClose(L.categoricalCrossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), ['0.0513', '2.303']);
    docClose(L.sparseCategoricalCrossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), ['0.0513', '2.303']);
    docClose(L.cosineSimilarity([[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]]), ['0', '-0.99999994', '0.99999994']);
    docClose(tf.reduceMean(L.huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), ['0.155']);
    docClose(tf.reduceMean(L.logCosh([[0, 1], [0, 0]], [[1, 1], [0, 0]])), ['0.108']);
  });

  const BT = [[0, 1, 1], [1, 0, 0]];
  const BP = [[0.1, 0.8, 1.0], [0.6, 0.0, 0.3]];
  const BL = [[-1.5, 2.0, 30.0], [0.4, -60.0, -0.7]];

  it('binaryCrossentropy: clipped probabilities, label smoothing, logits, axis', () => {
    // NumPy: o = clip(p, 1e-7, 1 - 1e-7); mean(-(t log o + (1-t) log(1-o))).
    expectClose(L.binaryCrossentropy(f64(BT), f64(BP)), [0.1095013889906803, 0.28916688923490935], 1e-12);
    expectClose(L.binaryCrossentropy(f64(BT), f64(BP), false, 0, 0), [0.30809306971190853, 0.11157182565710733, 0.1783375219693687], 1e-12);
    expectClose(L.binaryCrossentropy(f64(BT), f64(BP), false, 0.2), [0.7662218719887063, 0.8681955065500322], 1e-12);
    // NumPy: TF's max(x,0) - x z + log1p(exp(-|x|)).
    expectClose(L.binaryCrossentropy(f64(BT), f64(BL), true), [0.1094470963419395, 0.3054004337618035], 1e-13);
    expectClose(L.binaryCrossentropy(f64(BT), f64(BL), true, 0.2), [1.226113763008606, 2.34206710042847], 1e-13);
  });

  const CT = [[0, 1, 0], [0, 0, 1]];
  const CP = [[0.2, 0.5, 0.3], [0.1, 0.1, 1.6]];
  const CL = [[1.0, 3.0, -2.0], [0.5, 0.5, 4.0]];

  it('categoricalCrossentropy: renormalised and clipped probabilities, smoothing by 1/C, logits, axis', () => {
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CP)), [0.6931471805599453, 0.11778303565638339], 1e-13);
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CP), false, 0, 0), [0, 0.1823215567939546, 0.17185025692665928], 1e-13, 1e-15);
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CP), false, 0.1), [0.7407177257479501, 0.3026222838057021], 1e-13);
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CL), true), [0.13284523372757562, 0.058641260343827106], 1e-13);
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CL), true, 0.1), [0.36617856706090895, 0.29197459367716044], 1e-13);
    expectClose(L.categoricalCrossentropy(f64(CT), f64(CL), true, 0, 0), [0, 0.07888973429254964, 0.0024756851377301103], 1e-13, 1e-15);
  });

  it('sparseCategoricalCrossentropy: log of clipped probabilities as logits, logits, [B, 1] labels, ignoreClass', () => {
    expectClose(L.sparseCategoricalCrossentropy([1, 2], f64(CP)), [0.6931471805599452, 0.18232157346062286], 1e-13);
    expectClose(L.sparseCategoricalCrossentropy([[1], [2]], f64(CP)), [0.6931471805599452, 0.18232157346062286], 1e-13);
    expectClose(L.sparseCategoricalCrossentropy(f64([1, 2]), f64(CL), true), [0.13284523372757562, 0.058641260343827106], 1e-13);
    const ip = [[0.2, 0.5, 0.3], [0.1, 0.1, 1.6], [0.6, 0.3, 0.1]];
    expectClose(L.sparseCategoricalCrossentropy([1, 2, 0], f64(ip), false, 2), [0.6931471805599452, 0, 0.5108256237659907], 1e-13);
  });

  it('errors name the loss and the problem', () => {
    expect(() => L.binaryCrossentropy([[0, 1]], [0.3, 0.5])).toThrow(/binaryCrossentropy: y_true and y_pred must have the same rank/);
    expect(() => L.categoricalCrossentropy([[0, 1]], [[0.3, 0.5, 0.2]])).toThrow(/categoricalCrossentropy: .*same shape/);
    expect(() => L.categoricalCrossentropy([[0, 1]], [[0.3, 0.7]], false, 0, true as never)).toThrow(/axis must be an integer/);
    expect(() => L.binaryCrossentropy([1], [0.5], false, 2)).toThrow(/labelSmoothing must be a number in \[0, 1\]/);
    expect(() => L.sparseCategoricalCrossentropy([1], [[0.5, 0.5]], false, null, 0)).toThrow(/only axis=-1/);
    expect(() => L.sparseCategoricalCrossentropy([3], [[0.5, 0.5]])).toThrow(/label value of 3 .*\[0, 2\)/);
    expect(() => L.sparseCategoricalCrossentropy([1], tf.constant([[1, 0]], 'int32'))).toThrow(/y_pred must be a float32 or float64/);
    expect(() => L.huber([1], [1], '1' as never)).toThrow(/huber: delta must be a number/);
  });
});

describe('stability', () => {
  it('huge logits give finite, exact losses (float32)', () => {
    expect(flat(L.binaryCrossentropy([[1, 0]], [[1e4, -1e4]], true))).toEqual([0]);
    expect(flat(L.binaryCrossentropy([[0, 1]], [[1e4, -1e4]], true))).toEqual([1e4]);
    expectClose(L.categoricalCrossentropy([[0, 1, 0]], [[1e4, -1e4, 0]], true), [2e4], 1e-7);
    expectClose(L.sparseCategoricalCrossentropy([1], [[1e4, -1e4, 0]], true), [2e4], 1e-7);
    expect(flat(L.sparseCategoricalCrossentropy([0], [[1e4, -1e4, 0]], true))).toEqual([0]);
  });

  it('saturated probabilities are clipped to [1e-7, 1 - 1e-7]: finite losses and gradients', () => {
    const bce = L.binaryCrossentropy(f64([[1, 0]]), f64([[0, 1]]));
    expectClose(bce, [-Math.log(1e-7)], 1e-9);
    expect(flat(L.categoricalCrossentropy([[1, 0]], [[0, 1]])).every(Number.isFinite)).toBe(true);
    expect(flat(L.klDivergence([[1, 0]], [[0, 1]])).every(Number.isFinite)).toBe(true);
    const p = f64([[0, 1]]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(p);
      return L.binaryCrossentropy(f64([[1, 0]]), p);
    });
    // Outside the clip range the gradient is 0, as clip_by_value's.
    expect(flat(tape.gradient(y, p) as tf.Tensor)).toEqual([0, 0]);
  });
});

describe('gradients against central differences (float64)', () => {
  const t23 = { shape: [2, 3] as const };
  const away = (values: number[]) => ({ shape: [2, 3] as const, values });
  const labels = away([0.3, 1.4, -0.6, 0.9, -1.2, 0.1]);
  const preds = away([0.7, 0.2, 0.5, -0.4, 0.6, 1.3]);

  it('regression losses, in both arguments', () => {
    expectGradcheck((t, p) => L.meanSquaredError(t, p), [t23, t23]);
    expectGradcheck((t, p) => L.meanAbsoluteError(t, p), [labels, preds]);
    expectGradcheck((t, p) => L.meanAbsolutePercentageError(t, p), [labels, preds]);
    expectGradcheck((t, p) => L.huber(t, p, 0.8), [labels, preds]);
    expectGradcheck((t, p) => L.logCosh(t, p), [t23, t23]);
    expectGradcheck((t, p) => L.cosineSimilarity(t, p), [t23, t23]);
  });

  it('losses on positive values and probabilities', () => {
    const pos = (values: number[]) => ({ shape: [2, 3] as const, values });
    const a = pos([0.3, 1.4, 0.6, 0.9, 2.2, 0.1]);
    const b = pos([0.7, 0.2, 0.5, 1.4, 0.6, 1.3]);
    expectGradcheck((t, p) => L.meanSquaredLogarithmicError(t, p), [a, b]);
    expectGradcheck((t, p) => L.poisson(t, p), [a, b]);
    const p1 = pos([0.1, 0.6, 0.3, 0.25, 0.25, 0.5]);
    const p2 = pos([0.2, 0.5, 0.3, 0.05, 0.4, 0.55]);
    expectGradcheck((t, p) => L.klDivergence(t, p), [p1, p2]);
    expectGradcheck((p) => L.hinge(f64([[0, 1, 1], [1, 0, 0]]), p), [pos([0.3, -0.8, 1.6, 0.4, -2.0, 0.9])]);
  });

  it('crossentropies from probabilities and from logits', () => {
    const probs = { shape: [2, 3] as const, values: [0.1, 0.8, 0.6, 0.6, 0.05, 0.3] };
    expectGradcheck((p) => L.binaryCrossentropy(f64([[0, 1, 1], [1, 0, 0]]), p, false, 0.1), [probs]);
    expectGradcheck((t, x) => L.binaryCrossentropy(t, x, true, 0.2), [{ shape: [2, 3], min: 0, max: 1 }, { shape: [2, 3], min: -4, max: 4 }]);
    expectGradcheck((p) => L.categoricalCrossentropy(f64([[0, 1, 0], [0, 0, 1]]), p, false, 0.1), [probs]);
    // Labels normalised to sum to 1: TensorFlow's gradient for the logits, softmax - labels, is the
    // derivative of the loss only there (tf-audit.test.ts checks it elsewhere).
    const normalised = (t: tf.Tensor) => tf.div(t, tf.reduceSum(t, -1, true));
    expectGradcheck((t, x) => L.categoricalCrossentropy(normalised(t), x, true), [{ shape: [2, 3], min: 0.1, max: 1 }, { shape: [2, 3], min: -4, max: 4 }]);
    expectGradcheck((p) => L.sparseCategoricalCrossentropy([1, 2], p), [probs]);
    expectGradcheck((x) => L.sparseCategoricalCrossentropy([1, 2], x, true), [{ shape: [2, 3], min: -4, max: 4 }]);
  });

  it('through a Loss class with sample weights and each reduction', () => {
    for (const reduction of ['sum_over_batch_size', 'sum', 'mean_with_sample_weight', 'none'] as const) {
      const loss = new L.CategoricalCrossentropy({ fromLogits: true, reduction, dtype: 'float64' });
      expectGradcheck((x) => loss.call(f64([[0, 1, 0], [0.5, 0, 0.5]]), x, f64([0.3, 1.7])), [{ shape: [2, 3] }]);
    }
  });
});

describe('Loss classes: conversion, sample weights, reductions', () => {
  const v = [0.6931471805599453, 0.11778303565638339]; // cce per sample (above)
  const CT = [[0, 1, 0], [0, 0, 1]];
  const CP = [[0.2, 0.5, 0.3], [0.1, 0.1, 1.6]];

  it('reductions and sample weights as Keras reduces them (NumPy)', () => {
    const mk = (reduction: tf.Reduction) => new L.CategoricalCrossentropy({ reduction, dtype: 'float64' });
    expectClose(mk('sum_over_batch_size').call(CT, CP), [0.40546510810816433], 1e-13);
    expectClose(mk('mean').call(CT, CP), [0.40546510810816433], 1e-13);
    expectClose(mk('sum_over_batch_size').call(CT, CP, [0.3, 0.7]), [0.14519613956372598], 1e-13);
    expectClose(mk('sum').call(CT, CP), [0.8109302162163287], 1e-13);
    expectClose(mk('mean_with_sample_weight').call(CT, CP, [0.3, 0.7]), [0.29039227912745197], 1e-13);
    expectClose(mk('none').call(CT, CP), v, 1e-13);
    expectClose(mk(null).call(CT, CP, [2, 0]), [2 * v[0]!, 0], 1e-13);
    // A [batch, 1] sample weight is squeezed to the losses' rank.
    expectClose(new L.MeanSquaredError({ dtype: 'float64' }).call(YT, YP, [[2.0], [0.5]]), [0.15270833333333336], 1e-13);
  });

  it('the Keras docstring examples', () => {
    const yTrue = [[0, 1], [0, 0]];
    const logits = [[-18.6, 0.51], [2.94, -12.8]];
    const bce = new L.BinaryCrossentropy({ fromLogits: true });
    docClose(bce.call(yTrue, logits), ['0.8654']);
    docClose(bce.call(yTrue, logits, [0.8, 0.2]), ['0.243']);
    docClose(new L.BinaryCrossentropy({ fromLogits: true, reduction: 'sum' }).call(yTrue, logits), ['1.730']);
    docClose(new L.BinaryCrossentropy({ fromLogits: true, reduction: null }).call(yTrue, logits), ['0.235', '1.496']);
    docClose(new L.BinaryCrossentropy({ fromLogits: true }).call([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]), ['0.8654']);
    const cce = new L.CategoricalCrossentropy();
    docClose(cce.call([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), ['1.177']);
    docClose(cce.call([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7]), ['0.814']);
    const scce = new L.SparseCategoricalCrossentropy();
    docClose(scce.call([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), ['1.177']);
    docClose(scce.call([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7]), ['0.814']);
  });

  it('inputs are converted to the loss dtype (floatx by default, or the dtype option)', () => {
    const r32 = new L.MeanSquaredError().call(f64(YT), f64(YP));
    expect(r32.dtype).toBe('float32');
    expect(r32.shape).toEqual([]);
    const r64 = new L.MeanSquaredError({ dtype: 'float64' }).call(tf.constant(YT), tf.constant(YP));
    expect(r64.dtype).toBe('float64');
    tf.keras.backend.setFloatx('float64');
    expect(new L.Huber().call([1, 2], [1.5, 2]).dtype).toBe('float64');
    tf.keras.backend.setFloatx('float32');
    // int labels (SparseCategoricalCrossentropy casts them back to class ids).
    expect(new L.SparseCategoricalCrossentropy().call(tf.constant([1, 0], 'int32'), [[0.2, 0.8], [0.6, 0.4]]).dtype).toBe('float32');
  });

  it('every class computes its function, reduced over the batch', () => {
    const pairs: [InstanceType<typeof L.Loss>, (t: tf.TensorLike, p: tf.TensorLike) => tf.Tensor][] = [
      [new L.MeanSquaredError({ dtype: 'float64' }), L.meanSquaredError],
      [new L.MeanAbsoluteError({ dtype: 'float64' }), L.meanAbsoluteError],
      [new L.MeanAbsolutePercentageError({ dtype: 'float64' }), L.meanAbsolutePercentageError],
      [new L.MeanSquaredLogarithmicError({ dtype: 'float64' }), L.meanSquaredLogarithmicError],
      [new L.Huber({ delta: 0.5, dtype: 'float64' }), (t, p) => L.huber(t, p, 0.5)],
      [new L.LogCosh({ dtype: 'float64' }), L.logCosh],
      [new L.KLDivergence({ dtype: 'float64' }), L.klDivergence],
      [new L.Poisson({ dtype: 'float64' }), L.poisson],
      [new L.CosineSimilarity({ axis: 0, dtype: 'float64' }), (t, p) => L.cosineSimilarity(t, p, 0)],
      [new L.Hinge({ dtype: 'float64' }), L.hinge],
      [new L.BinaryCrossentropy({ labelSmoothing: 0.1, dtype: 'float64' }), (t, p) => L.binaryCrossentropy(t, p, false, 0.1)],
    ];
    const t = f64([[0.2, 0.9, 0.5], [1.0, 0.1, 0.25]]);
    const p = f64([[0.3, 0.7, 0.9], [0.6, 0.3, 0.4]]);
    for (const [loss, fn] of pairs) {
      expectClose(loss.call(t, p), flat(tf.reduceMean(fn(t, p))), 1e-14, 1e-15);
    }
  });

  it('ignoreClass leaves the ignored entries out of the mean (Keras\' mask)', () => {
    const ip = [[0.2, 0.5, 0.3], [0.1, 0.1, 1.6], [0.6, 0.3, 0.1]];
    const loss = new L.SparseCategoricalCrossentropy({ ignoreClass: 2, dtype: 'float64' });
    expectClose(loss.call([1, 2, 0], ip), [0.601986402162968], 1e-13);
    const none = new L.SparseCategoricalCrossentropy({ ignoreClass: 2, dtype: 'float64', reduction: 'none' });
    expectClose(none.call([1, 2, 0], ip), [0.6931471805599452, 0, 0.5108256237659907], 1e-13);
  });

  it('options are checked; getConfig rebuilds the loss; name defaults to Keras\'', () => {
    const bce = new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, reduction: 'sum' });
    expect(bce.name).toBe('binary_crossentropy');
    expect(bce.getConfig()).toEqual({ name: 'binary_crossentropy', reduction: 'sum', dtype: 'float32', fromLogits: true, labelSmoothing: 0.1, axis: -1 });
    const again = new L.BinaryCrossentropy(bce.getConfig() as never);
    expect(flat(again.call([[1, 0]], [[2, -1]]))).toEqual(flat(bce.call([[1, 0]], [[2, -1]])));
    expect(new L.Huber().name).toBe('huber_loss');
    expect(new L.Huber({ name: 'h' }).name).toBe('h');
    expect(() => new L.MeanSquaredError({ reduction: 'auto' as never })).toThrow(/keras\.losses\.MeanSquaredError: invalid reduction "auto"/);
    expect(() => new L.MeanSquaredError({ fromLogits: true } as never)).toThrow(/unknown option 'fromLogits'/);
    expect(() => new L.BinaryCrossentropy({ fromLogits: 1 as never })).toThrow(/fromLogits must be true or false/);
    expect(() => new L.MeanSquaredError({ dtype: 'int32' as never })).toThrow(/dtype must be 'float32' or 'float64'/);
    expect(() => new L.SparseCategoricalCrossentropy({ ignoreClass: 0.5 })).toThrow(/ignoreClass must be an integer/);
  });

  it('a custom Loss implements perSample and gets Keras\' reduction', () => {
    class Cubed extends L.Loss {
      constructor() {
        super({ dtype: 'float64' }, 'cubed');
      }
      perSample(t: tf.Tensor, p: tf.Tensor): tf.Tensor {
        return tf.reduceSum(tf.pow(tf.sub(p, t), 3), -1);
      }
    }
    const loss = new Cubed();
    expectClose(loss.call([[0, 0], [1, 1]], [[1, 2], [1, 0]]), [(9 - 1) / 2], 1e-15);
    expect(loss.name).toBe('cubed');
  });
});

describe('loss objects are callable, as in Keras', () => {
  it('loss(yTrue, yPred) is loss.call(yTrue, yPred), and the object keeps its class, fields and methods', () => {
    // Keras: tf.keras.losses.MeanSquaredError()([[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]]) = 0.5
    const mse = new tf.keras.losses.MeanSquaredError();
    expect(mse([[0, 1], [0, 0]], [[1, 1], [1, 0]]).item()).toBe(0.5);
    expect(mse instanceof tf.keras.losses.MeanSquaredError && mse instanceof tf.keras.losses.Loss).toBe(true);
    expect([mse.name, mse.reduction]).toEqual(['mean_squared_error', 'sum_over_batch_size']);
    const huber = new tf.keras.losses.Huber({ delta: 1, reduction: 'sum' });
    expect(huber([0, 1], [0.6, 0.4], [1, 2]).item()).toBeCloseTo(huber.call([0, 1], [0.6, 0.4], [1, 2]).item(), 12);
    expect(huber.getConfig()).toMatchObject({ delta: 1, reduction: 'sum' });
  });
});
