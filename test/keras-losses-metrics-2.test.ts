// Keras 3.15's CategoricalGeneralizedCrossEntropy, Circle and CTC losses and its PearsonCorrelation
// and ConcordanceCorrelation metrics against Keras itself: test/fixtures/keras-losses-metrics-2.json,
// written by `TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_losses_metrics_2_fixtures.py`
// (Keras 3.15.1, TensorFlow 2.21 backend). The functions' results (and Circle's mask) and the
// gradients of their sums with respect to y_pred; the loss classes' reduced values for options,
// reductions and sample weights, with their gradients; the metrics' results after each of several
// updates. float32 values agree to 1e-5 relative (plus a small absolute tolerance for values near
// 0), float64 ones to 1e-12. Then the errors for bad input and the configs against Keras'.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.losses;
const M = tf.keras.metrics;

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
type Nested = number | string | Nested[];
interface FnCase {
  yTrue: Nested;
  yTrueDtype: string;
  yPred: Nested;
  dtype: 'float32' | 'float64';
  kwargs: Record<string, Json>;
  result: Nested;
  shape: number[];
  resultDtype: string;
  mask?: boolean | boolean[];
  grad?: Nested;
}
interface ClassCase {
  options: Record<string, Json>;
  yTrue: Nested;
  yPred: Nested;
  dtype: 'float32' | 'float64';
  sampleWeight?: Nested;
  result: Nested;
  shape: number[];
  resultDtype: string;
  grad?: Nested;
}
interface MetricCase {
  options: Record<string, Json>;
  batches: Nested[][];
  results: Nested[];
  resultDtype: string;
  variables: string[];
}
interface ConfigCase {
  config: Record<string, Json>;
  serialized: { module: string; class_name: string; config: Record<string, Json>; registered_name: null };
}
interface LossFixture {
  function: FnCase[];
  class: ClassCase[];
  errors?: Record<string, { error: string; message: string }>;
  configs: ConfigCase[];
}
interface Fixture {
  keras: string;
  categoricalGeneralizedCrossEntropy: LossFixture;
  circle: LossFixture;
  ctc: LossFixture;
  correlation: {
    pearson: { function: FnCase[] };
    concordance: { function: FnCase[] };
    PearsonCorrelation: { metric: MetricCase[]; configs: ConfigCase[] };
    ConcordanceCorrelation: { metric: MetricCase[]; configs: ConfigCase[] };
  };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-losses-metrics-2.json', import.meta.url), 'utf8')) as Fixture;

/** The JSON's numbers, with "NaN" and the infinities read back. */
function num(v: Nested): Nested {
  if (Array.isArray(v)) return v.map(num);
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [num(v) as number]);
const tensor = (v: Nested, dtype: 'float32' | 'float64' | 'int32') => tf.constant(num(v) as number[], dtype);
const labels = (c: { yTrue: Nested; yTrueDtype?: string }) => tensor(c.yTrue, c.yTrueDtype?.startsWith('int') ? 'int32' : 'float32');

/** got ≈ want entry by entry: NaN where Keras has NaN, infinities equal, else within rtol·|want| + atol. */
function expectClose(got: tf.Tensor | number[], want: Nested, label: string, dtype: 'float32' | 'float64', scale = 1) {
  const g = Array.from((got instanceof tf.Tensor ? got.dataSync() : got) as ArrayLike<number>);
  const w = flat(want);
  expect(g.length, `${label}: size`).toBe(w.length);
  const [rtol, atol] = dtype === 'float64' ? [1e-12, 1e-13 * scale] : [1e-5, 2e-6 * scale];
  const bad = w.flatMap((wi, i) => {
    const gi = g[i]!;
    if (Number.isNaN(wi)) return Number.isNaN(gi) ? [] : [`[${i}] ${gi} vs NaN`];
    if (!Number.isFinite(wi)) return gi === wi ? [] : [`[${i}] ${gi} vs ${wi}`];
    return Math.abs(gi - wi) <= rtol * Math.abs(wi) + atol ? [] : [`[${i}] ${gi} vs ${wi} (diff ${gi - wi})`];
  });
  expect(bad, label).toEqual([]);
}

/** `f(yPred)` and the gradient of its sum with respect to yPred. */
function withGradient(f: (p: tf.Tensor) => tf.Tensor, p: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const tape = new tf.GradientTape();
  tape.watch(p);
  const y = tape.record(() => f(p));
  const total = tape.record(() => tf.reduceSum(y));
  return [y, tape.gradient(total, p) as tf.Tensor];
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Keras' constructor options in gradtape's spelling (camelCase; None as null). */
const optionsOf = (o: Record<string, Json>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
/** Keras' config with camelCase keys: what gradtape's getConfig gives (plus its dtype). */
const configOf = (o: Record<string, Json>) => optionsOf(o);

/** The precision of a case's comparison: its dtype's, or float32's where Keras computes in float32 (CTC). */
type Precision = 'float32' | 'float64' | undefined;

function checkFn(c: FnCase, i: number, call: (t: tf.Tensor, p: tf.Tensor, c: FnCase) => tf.Tensor, label: string, scale = 1, precision: Precision = undefined) {
  const p = tensor(c.yPred, c.dtype);
  const [y, grad] = withGradient((q) => call(labels(c), q, c), p);
  const name = `${label} case ${i} ${JSON.stringify(c.kwargs)} ${c.dtype}`;
  expect(y.shape, name).toEqual(c.shape);
  expect(y.dtype, name).toBe(c.resultDtype);
  expectClose(y, c.result, name, precision ?? c.dtype, scale);
  if (c.mask !== undefined) expect(y.kerasMask?.arraySync(), `${name}: mask`).toEqual(c.mask);
  if (c.grad !== undefined) expectClose(grad, c.grad, `${name}: gradient`, precision ?? c.dtype, scale);
}

function checkClass(c: ClassCase, i: number, make: (options: Record<string, unknown>) => tf.keras.losses.Loss, label: string, scale = 1, precision: Precision = undefined) {
  const loss = make(optionsOf(c.options));
  const p = tensor(c.yPred, c.dtype);
  const weights = c.sampleWeight === undefined ? undefined : tensor(c.sampleWeight, 'float32');
  const [y, grad] = withGradient((q) => loss(tensor(c.yTrue, 'float32'), q, weights), p);
  const name = `${label} case ${i} ${JSON.stringify(c.options)}${weights ? ' weighted' : ''}`;
  expect(y.shape, name).toEqual(c.shape);
  expect(y.dtype, name).toBe(c.resultDtype);
  expectClose(y, c.result, name, precision ?? c.dtype, scale);
  if (c.grad !== undefined) expectClose(grad, c.grad, `${name}: gradient`, precision ?? c.dtype, scale);
}

describe('fixtures', () => {
  it('come from Keras 3.15.1', () => {
    expect(fixture.keras).toBe('3.15.1');
  });
});

describe('tf.keras.losses.categoricalGeneralizedCrossEntropy and CategoricalGeneralizedCrossEntropy', () => {
  const F = fixture.categoricalGeneralizedCrossEntropy;
  it("give Keras' per-sample losses and gradients (ids in and out of range, float ids, [batch, 1] ids, rank 3, float64)", () => {
    F.function.forEach((c, i) => checkFn(c, i, (t, p) => L.categoricalGeneralizedCrossEntropy(t, p, c.kwargs.q as number), 'gce'));
  });
  it("give Keras' reduced losses and gradients for every reduction, with sample weights", () => {
    F.class.forEach((c, i) => checkClass(c, i, (o) => new L.CategoricalGeneralizedCrossEntropy(o), 'CategoricalGeneralizedCrossEntropy'));
  });
  it("refuse a q outside (0, 1) with Keras' message", () => {
    for (const [key, q] of [['q0', 0], ['q1', 1], ['qNegative', -0.5]] as const) {
      const want = F.errors![key]!.message;
      expect(() => new L.CategoricalGeneralizedCrossEntropy({ q })).toThrow(`keras.losses.CategoricalGeneralizedCrossEntropy: ${want}, got ${q}.`);
    }
    expect(() => new L.CategoricalGeneralizedCrossEntropy({ q: '0.5' as never })).toThrow(/q must be in the interval \(0, 1\), got "0\.5"/);
    expect(() => new L.CategoricalGeneralizedCrossEntropy({ gamma: 1 } as never)).toThrow(/unknown option 'gamma'; the options are reduction, name, dtype, q/);
  });
  it('check their arguments', () => {
    expect(() => L.categoricalGeneralizedCrossEntropy([0], [[0.5, 0.5]], undefined as never)).toThrow(/categoricalGeneralizedCrossEntropy: q must be a number, got undefined/);
    expect(() => L.categoricalGeneralizedCrossEntropy([0], tf.constant([[1, 0]], 'int32'), 0.5)).toThrow(/y_pred must be a float32 or float64 tensor of class probabilities, got int32/);
    expect(() => L.categoricalGeneralizedCrossEntropy(0, 0.5, 0.5)).toThrow(/y_pred must be at least rank 1/);
  });
});

describe('tf.keras.losses.circle and Circle', () => {
  const F = fixture.circle;
  it("give Keras' per-row losses, masks and gradients (options, reference embeddings and labels, [batch, 1] and float labels, float64)", () => {
    F.function.forEach((c, i) =>
      checkFn(c, i, (t, p) => {
        const k = c.kwargs;
        const refLabels = k.ref_labels === undefined ? null : tensor(k.ref_labels as Nested, 'int32');
        const refEmbeddings = k.ref_embeddings === undefined ? null : tensor(k.ref_embeddings as Nested, c.dtype);
        return L.circle(t, p, refLabels, refEmbeddings, (k.remove_diagonal as boolean | undefined) ?? true, (k.gamma as number | undefined) ?? 80, (k.margin as number | undefined) ?? 0.4);
      }, 'circle', 100),
    );
  });
  it("give Keras' reduced losses and gradients, rows without positives left out of the mean", () => {
    F.class.forEach((c, i) => checkClass(c, i, (o) => new L.Circle(o), 'Circle', 100));
  });
  it('check their arguments', () => {
    const e = [[1, 0], [0, 1], [0.6, 0.8]];
    expect(() => L.circle([0, 1, 0], [1, 0, 0])).toThrow(/keras\.losses\.circle: y_pred must be embeddings of rank 2 \[batch, dims\]; received y_pred\.shape=\[3\]/);
    expect(() => L.circle([0, 1], e)).toThrow(/y_true must hold one integer label per row of y_pred \(3\), shaped \[3\] or \[3, 1\]; received y_true\.shape=\[2\]/);
    expect(() => L.circle([[0, 1, 0]], e)).toThrow(/received y_true\.shape=\[1, 3\]/);
    expect(() => L.circle([0, 1, 0], e, [0, 1], e)).toThrow(/ref_labels must hold one integer label per row of ref_embeddings \(3\)/);
    expect(() => L.circle([0, 1, 0], e, [0], [[1, 0, 0]])).toThrow(/ref_embeddings must have rank 2 and y_pred's 2 dims; received ref_embeddings\.shape=\[1, 3\]/);
    expect(() => L.circle([0, 1, 0], tf.constant(e).cast('int32'))).toThrow(/y_pred must be float32 or float64 embeddings, got int32/);
    expect(() => L.circle([0, 1, 0], e, null, null, 1 as never)).toThrow(/removeDiagonal must be true or false, got 1/);
    expect(() => L.circle([0, 1, 0], e, null, null, true, '80' as never)).toThrow(/gamma must be a number, got "80"/);
    expect(() => new L.Circle({ margin: [0.4] as never })).toThrow(/keras\.losses\.Circle: margin must be a number, got/);
    expect(() => new L.Circle({ remove_diagonal: false } as never)).toThrow(/unknown option 'remove_diagonal'; the options are reduction, name, dtype, gamma, margin, removeDiagonal/);
  });
  it('keep the mask of rows with a positive pair on the function\'s result, and combine it with a mask the predictions carry', () => {
    const e = tf.keras.utils.normalize([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]]) as tf.Tensor;
    const rows = L.circle([0, 0, 1, 2], e, null, null, true, 2, 0.25);
    expect(rows.kerasMask?.arraySync()).toEqual([true, true, false, false]);
    const perRow = rows.arraySync() as number[];
    expect(new L.Circle({ gamma: 2, margin: 0.25 })([0, 0, 1, 2], e).item()).toBeCloseTo((perRow[0]! + perRow[1]!) / 2, 6);
  });
});

describe('tf.keras.losses.ctc and CTC', () => {
  const F = fixture.ctc;
  // Keras' TensorFlow backend computes float64 logits in float32 (so float32's tolerance for them
  // too), and TensorFlow computes the forward-backward sums in float32 where gradtape computes them
  // in float64: for a label its frames cannot hold the loss is about 710 (ulp 6e-5) and the
  // gradients carry errors of that size, so those cases get an absolute tolerance of 3e-5.
  const scaleOf = (c: { result: Nested }) => (flat(c.result).some((v) => v > 700) ? 15 : 1);
  it("give Keras' per-sequence losses and gradients (padding, a zero inside a label, repeats, labels the frames cannot hold, float64)", () => {
    F.function.forEach((c, i) => checkFn(c, i, (t, p) => L.ctc(t, p), 'ctc', scaleOf(c), 'float32'));
  });
  it("give Keras' reduced losses and gradients for every reduction, with sample weights", () => {
    F.class.forEach((c, i) => checkClass(c, i, (o) => new L.CTC(o), 'CTC', scaleOf(c), 'float32'));
  });
  it("refuse labels that are not [batch, maxLength] and logits that are not [batch, frames, classes] with Keras' messages", () => {
    const x = tf.zeros([4, 7, 5]);
    const labelsOf = tf.zeros([4, 4]);
    expect(() => L.ctc(tf.zeros([4, 4, 1]), x)).toThrow(`keras.losses.ctc: ${F.errors!.yTrueRank3!.message}`);
    expect(() => L.ctc(tf.zeros([4]), x)).toThrow(`keras.losses.ctc: ${F.errors!.yTrueRank1!.message}`);
    expect(() => L.ctc(labelsOf, tf.zeros([4, 7]))).toThrow(`keras.losses.ctc: ${F.errors!.yPredRank2!.message}`);
    expect(() => L.ctc(labelsOf, tf.zeros([4, 7, 5], 'int32'))).toThrow(/y_pred must be float32 or float64 logits, got int32/);
    expect(() => L.ctc(tf.zeros([3, 4]), x)).toThrow(/labels has 3 batch entries/);
    expect(() => new L.CTC({ blankIndex: 1 } as never)).toThrow(/keras\.losses\.CTC: unknown option 'blankIndex'; the options are reduction, name, dtype/);
  });
});

describe('tf.keras.metrics.pearsonCorrelation and concordanceCorrelation', () => {
  for (const key of ['pearson', 'concordance'] as const) {
    const fn = key === 'pearson' ? M.pearsonCorrelation : M.concordanceCorrelation;
    it(`${key}: Keras' values and gradients along one axis, several, negative ones, with ranks reconciled, in float64, on a constant row`, () => {
      fixture.correlation[key].function.forEach((c, i) => {
        const axis = c.kwargs.axis === undefined ? undefined : (c.kwargs.axis as number | number[]);
        checkFn(c, i, (t, p) => fn(t, p, axis), key);
      });
    });
  }
  it('check their axis', () => {
    expect(() => M.pearsonCorrelation([[1, 2]], [[1, 3]], 0.5)).toThrow(/keras\.metrics\.pearsonCorrelation: axis must be an integer or a non-empty array of integers, got 0\.5/);
    expect(() => M.concordanceCorrelation([[1, 2]], [[1, 3]], [])).toThrow(/keras\.metrics\.concordanceCorrelation: axis must be an integer or a non-empty array of integers, got an array of length 0/);
    expect(() => M.pearsonCorrelation([[1, 2]], [[1, 3]], 2)).toThrow(/axis/);
  });
  it('take integer inputs as floats', () => {
    const r = M.pearsonCorrelation(tf.constant([[1, 2, 4]], 'int32'), tf.constant([[2, 3, 7]], 'int32'));
    expect(r.dtype).toBe('float32');
    expect(r.arraySync() as number[]).toEqual((M.pearsonCorrelation([[1, 2, 4]], [[2, 3, 7]]) as tf.Tensor).arraySync());
  });
});

describe('tf.keras.metrics.PearsonCorrelation and ConcordanceCorrelation', () => {
  for (const key of ['PearsonCorrelation', 'ConcordanceCorrelation'] as const) {
    const Cls = M[key];
    it(`${key}: Keras' result after each update (sample weights, axes, float64)`, () => {
      for (const [i, c] of fixture.correlation[key].metric.entries()) {
        const o = optionsOf(c.options);
        const m = new Cls(o as never);
        const dtype = (o.dtype as 'float32' | 'float64' | undefined) ?? 'float32';
        c.batches.forEach((b, s) => {
          const [t, p, w] = b.map((x) => tensor(x, 'float32'));
          m.updateState(t!, p!, w);
          const r = m.result();
          expect(r.dtype).toBe(c.resultDtype);
          // The batches are float32: a float64 metric's values are float32 products, so 1e-6.
          expectClose(dtype === 'float64' ? Array.from(r.dataSync() as ArrayLike<number>).map(Math.fround) : r, dtype === 'float64' ? flat(c.results[s]!).map(Math.fround) : c.results[s]!, `${key} case ${i} step ${s}`, 'float32');
        });
        expect(m.variables.map((v) => v.name.replace(/:0$/, ''))).toEqual(c.variables);
        expect(m.name).toBe(c.options.name ?? (key === 'PearsonCorrelation' ? 'pearson_correlation' : 'concordance_correlation'));
        m.resetState();
        expect(m.result().item()).toBe(0);
      }
    });
    it(`${key}: checks its options`, () => {
      expect(() => new Cls({ axis: 'x' as never })).toThrow(new RegExp(`keras\\.metrics\\.${key}: axis must be an integer or a non-empty array of integers, got "x"`));
      expect(() => new Cls({ thresholds: 1 } as never)).toThrow(new RegExp(`keras\\.metrics\\.${key}: unknown option 'thresholds'; the options are name, dtype, axis`));
    });
  }
  it('a correlation metric compiled by tf.function updates as eagerly', () => {
    const eager = new M.ConcordanceCorrelation();
    const compiled = new M.ConcordanceCorrelation();
    const step = tf.function((t: tf.Tensor, p: tf.Tensor) => {
      compiled.updateState(t, p);
      return compiled.result();
    });
    for (const shift of [0, 0.5, -1]) {
      const t = tf.constant([[0, 1, 0.5], [1, 1, 0.2]]).add(shift), p = tf.constant([[0.1, 0.9, 0.5], [1, 0.9, 0.2]]);
      eager.updateState(t, p);
      expect(step(t, p).item()).toBe(eager.result().item());
    }
    expect(step.experimentalGetTracingCount()).toBe(1);
  });
});

describe('serialization', () => {
  const cases: [string, ConfigCase[], (o: Record<string, unknown>) => object][] = [
    ['CategoricalGeneralizedCrossEntropy', fixture.categoricalGeneralizedCrossEntropy.configs, (o) => new L.CategoricalGeneralizedCrossEntropy(o)],
    ['Circle', fixture.circle.configs, (o) => new L.Circle(o)],
    ['CTC', fixture.ctc.configs, (o) => new L.CTC(o)],
    ['PearsonCorrelation', fixture.correlation.PearsonCorrelation.configs, (o) => new M.PearsonCorrelation(o)],
    ['ConcordanceCorrelation', fixture.correlation.ConcordanceCorrelation.configs, (o) => new M.ConcordanceCorrelation(o)],
  ];
  for (const [name, configs, make] of cases) {
    it(`${name}: serializeKerasObject writes Keras' JSON, and deserializeKerasObject reads it back`, () => {
      for (const c of configs) {
        const obj = make(configOf(c.config));
        expect(tf.keras.saving.serializeKerasObject(obj)).toEqual(c.serialized);
        const back = tf.keras.saving.deserializeKerasObject(c.serialized) as { getConfig(): Record<string, unknown> };
        expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(obj));
        expect(back.getConfig()).toEqual((obj as { getConfig(): Record<string, unknown> }).getConfig());
      }
    });
  }

  it('losses.serialize / deserialize / get know the new classes and functions', () => {
    const circle = new L.Circle({ gamma: 16, margin: 0.3, removeDiagonal: false, reduction: 'sum', name: 'c' });
    const s = L.serialize(circle) as { className: string; config: Record<string, unknown> };
    expect(s).toEqual({ className: 'Circle', config: { name: 'c', reduction: 'sum', dtype: 'float32', gamma: 16, margin: 0.3, removeDiagonal: false } });
    const back = L.deserialize(s) as tf.keras.losses.Circle;
    expect(back).toBeInstanceOf(L.Circle);
    expect([back.gamma, back.margin, back.removeDiagonal, back.reduction, back.name]).toEqual([16, 0.3, false, 'sum', 'c']);
    const gce = L.deserialize({ class_name: 'CategoricalGeneralizedCrossEntropy', config: { q: 0.25, reduction: 'none' } } as never) as tf.keras.losses.CategoricalGeneralizedCrossEntropy;
    expect([gce.q, gce.reduction]).toEqual([0.25, 'none']);
    expect(L.serialize(new L.CTC())).toEqual({ className: 'CTC', config: { name: 'ctc', reduction: 'sum_over_batch_size', dtype: 'float32' } });
    expect(L.get('CTC')).toBeInstanceOf(L.CTC);
    expect(L.get('Circle')).toBeInstanceOf(L.Circle);
    expect(L.get('circle')).toBe(L.circle);
    expect(L.get('ctc')).toBe(L.ctc);
    expect(L.serialize(L.circle)).toBe('circle');
    expect(L.serialize(L.ctc)).toBe('ctc');
    expect(L.deserialize({ className: 'function', config: 'ctc' })).toBe(L.ctc);
  });

  it('metrics.serialize / deserialize / get know the correlation metrics by class and snake_case name', () => {
    const m = new M.PearsonCorrelation({ axis: [0, 1], name: 'corr', dtype: 'float64' });
    const s = M.serialize(m);
    expect(s).toEqual({ className: 'PearsonCorrelation', config: { name: 'corr', dtype: 'float64', axis: [0, 1] } });
    const back = M.deserialize(s) as tf.keras.metrics.PearsonCorrelation;
    expect(back).toBeInstanceOf(M.PearsonCorrelation);
    expect([back.axis, back.name, back.dtype]).toEqual([[0, 1], 'corr', 'float64']);
    expect(M.get('pearson_correlation')).toBeInstanceOf(M.PearsonCorrelation);
    expect(M.get('ConcordanceCorrelation')).toBeInstanceOf(M.ConcordanceCorrelation);
    expect(M.deserialize({ className: 'concordance_correlation', config: { axis: 0 } }).getConfig()).toEqual({ name: 'concordance_correlation', dtype: 'float32', axis: 0 });
  });
});
