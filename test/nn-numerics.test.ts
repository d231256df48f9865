// tf.nn.isotonicRegression against TensorFlow 2.21 (test/fixtures/nn-numerics.json, written by
// scripts/nn_numerics_fixtures.py): values and segments bit for bit (the kernel's order of sums and
// divisions is kept), gradients through tf.GradientTape, and TensorFlow's error texts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Num = number | string;
type Nested = Num | Nested[];
const F = JSON.parse(readFileSync(new URL('./fixtures/nn-numerics.json', import.meta.url), 'utf8'));

/** The fixture's numbers with "NaN" and the infinities as numbers again. */
const num = (v: Nested): unknown => (Array.isArray(v) ? v.map(num) : typeof v === 'string' ? Number(v) : v);
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
/** A tensor of `shape` from nested fixture values (handles empty shapes). */
const tensor = (v: Nested, shape: number[], dtype: 'float32' | 'float64' | 'int32') => tf.reshape(tf.constant(flat(num(v)), dtype), shape);
const data = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

interface IsoCase {
  name: string; x: Nested; shape: number[]; dtype: 'float32' | 'float64' | 'int32';
  options: { decreasing?: boolean; axis?: number };
  output: Nested; outputDtype: string; segments: Nested; upstream?: Nested; gradient?: Nested;
}

describe('tf.nn.isotonicRegression equals TensorFlow 2.21', () => {
  for (const k of F.isotonicRegression.cases as IsoCase[]) {
    it(`${k.name}: output and segments bit for bit${k.gradient ? ', gradient' : ''}`, () => {
      const x = tensor(k.x, k.shape, k.dtype);
      const [y, s] = tf.nn.isotonicRegression(x, k.options);
      expect(y.dtype).toBe(k.outputDtype);
      expect(y.shape).toEqual(k.shape);
      expect(s.dtype).toBe('int32');
      expect(s.shape).toEqual(k.shape);
      expect(data(y)).toEqual(flat(num(k.output)));
      expect(data(s)).toEqual(flat(num(k.segments)));
      if (k.gradient) {
        const w = tensor(k.upstream!, k.shape, y.dtype as 'float32' | 'float64');
        const tape = new tf.GradientTape();
        tape.watch(x);
        const loss = tape.record(() => tf.reduceSum(tf.mul(tf.nn.isotonicRegression(x, k.options)[0], w)));
        const g = tape.gradient(loss, x) as tf.Tensor;
        // TensorFlow sums a segment's gradient with its own kernel: equal to rounding.
        const want = flat(num(k.gradient));
        const got = data(g);
        const tol = k.dtype === 'float32' ? 1e-6 : 1e-14;
        got.forEach((v, i) => expect(Math.abs(v - want[i]!), `gradient[${i}]`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]!))));
      }
    });
  }

  it('raises TensorFlow\'s errors for an axis out of range', () => {
    const E = F.isotonicRegression.errors as Record<string, string>;
    expect(() => tf.nn.isotonicRegression([[1, 2]], { axis: 2 })).toThrow(E['axis 2 of a matrix']!);
    expect(() => tf.nn.isotonicRegression([[1, 2]], { axis: -3 })).toThrow(E['axis -3 of a matrix']!);
    expect(() => tf.nn.isotonicRegression([1, 2], { axis: 1 })).toThrow(E['axis 1 of a vector']!);
    expect(() => tf.nn.isotonicRegression([true, false])).toThrow(/inputs must be numeric/);
    expect(() => tf.nn.isotonicRegression([1, 2], { axis: 0.5 })).toThrow(/axis must be an integer/);
  });

  it('has a second derivative (its gradient is linear in the upstream gradient) and works under tf.function', () => {
    const x = tf.constant([[1, 3, 2, 4], [4, 3, 5, 1]], 'float64');
    const w = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]], 'float64');
    const f = (t: tf.Tensor) => tf.reduceSum(tf.mul(tf.square(tf.nn.isotonicRegression(t)[0]), w));
    const outer = new tf.GradientTape();
    outer.watch(x);
    const g = outer.record(() => {
      const inner = new tf.GradientTape();
      inner.watch(x);
      return inner.gradient(inner.record(() => f(x)), x) as tf.Tensor;
    });
    // The rows fit to [2.5 ×4] (one segment) and [4, 4, 4, 1] (segments {0}, {1, 2}, {3}). With y
    // the segment means, ∂f/∂x_i is the mean over i's segment S of 2 w y, and the derivative of
    // Σ_i of that with respect to x_j is 2 Σ_S w / |S|.
    const h = outer.gradient(outer.record(() => tf.reduceSum(g)), x) as tf.Tensor;
    expect(h.arraySync()).toEqual([[5, 5, 5, 5], [10, 13, 13, 16]]);
    const compiled = tf.function((t: tf.Tensor) => tf.nn.isotonicRegression(t, { decreasing: false }));
    for (const input of [x, tf.constant([[3, 1, 2, 0], [1, 1, 2, 0.5]], 'float64')]) {
      expect(compiled(input).map(data)).toEqual(tf.nn.isotonicRegression(input, { decreasing: false }).map(data));
    }
  });
});

interface CtcCase {
  name: string; labels: number[][]; labelLength: number[]; logitLength: number[];
  logits: Nested; shape: number[]; options: { logitsTimeMajor: boolean; blankIndex?: number };
  loss: Nested; upstream: Nested; gradient: Nested;
}

/** |got - want| within `rel` of the larger of |want| and `floor`, entry by entry. */
function expectClose(got: number[], want: number[], rel: number, floor: number, label: string) {
  expect(got.length, label).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${label}[${i}]: ${v} vs ${want[i]}`).toBeLessThanOrEqual(rel * Math.max(floor, Math.abs(want[i]!))));
}

describe('tf.nn.ctcLoss equals TensorFlow 2.21 (dense labels)', () => {
  for (const k of F.ctcLoss.cases as CtcCase[]) {
    it(`${k.name}: loss and gradient`, () => {
      const logits = tensor(k.logits, k.shape, 'float32');
      const upstream = tf.constant(flat(num(k.upstream)), 'float32');
      const tape = new tf.GradientTape();
      tape.watch(logits);
      const loss = tape.record(() => tf.nn.ctcLoss(k.labels, logits, k.labelLength, k.logitLength, k.options));
      const weighted = tape.record(() => tf.reduceSum(tf.mul(loss, upstream)));
      expect(loss.dtype).toBe('float32');
      expect(loss.shape).toEqual([k.labels.length]);
      // TensorFlow works in float32 throughout (gradtape in float64, rounded once): equal to a
      // few float32 roundings of the log-probabilities summed over the frames.
      expectClose(data(loss), flat(num(k.loss)), 2e-6, 1, 'loss');
      // Where an alignment is impossible the forward-backward values sit near the finite log 0
      // (-706.9), where a float32 step is 6e-5, and the frames add those errors up: TensorFlow's
      // posteriors are that coarse there.
      const nearLog0 = flat(num(k.loss)).some((v) => v > 700);
      expectClose(data(tape.gradient(weighted, logits) as tf.Tensor), flat(num(k.gradient)), nearLog0 ? 5e-4 : 1e-5, 0.1, 'gradient');
    });
  }

  it('refuses float64 logits (TensorFlow\'s implementation fails on them) and mismatched shapes', () => {
    expect(F.ctcLoss.errors['float64 logits']).toMatch(/expected to be a double tensor but is a float tensor/);
    expect(() => tf.nn.ctcLoss([[1]], tf.zeros([2, 1, 2], 'float64'), [1], [2])).toThrow(/logits must be float32, got float64/);
    expect(() => tf.nn.ctcLoss([[1]], tf.zeros([2, 2]), [1], [2])).toThrow(/logits must have rank 3/);
    expect(() => tf.nn.ctcLoss([[1], [1]], tf.zeros([2, 1, 2]), [1], [2])).toThrow(/labels has 2 batch entries/);
    expect(() => tf.nn.ctcLoss([[1]], tf.zeros([2, 1, 2]), [1], [2], { blankIndex: 2 })).toThrow(/blankIndex 2 is out of range for 2 classes/);
    expect(() => tf.nn.ctcLoss([[1]], tf.zeros([2, 1, 2]), [1], [2], { unique: [[[1, 2]], [[0]]] })).toThrow(/unique's tensors must have the labels' shape/);
  });

  it('gives the same loss with TensorFlow\'s `unique` labels, and runs under tf.function', () => {
    const logits = tf.reshape(tf.sin(tf.range(0, 24, 1, 'float32')), [4, 2, 3]);
    const labels = tf.constant([[1, 2, 1], [2, 2, 0]], 'int32');
    const plain = tf.nn.ctcLoss(labels, logits, [3, 2], [4, 4]);
    const unique = tf.nn.ctcLoss(labels, logits, [3, 2], [4, 4], { unique: [tf.constant([[1, 2, 0], [2, 0, 0]], 'int32'), tf.constant([[0, 1, 0], [0, 0, 1]], 'int32')] });
    expect(data(unique)).toEqual(data(plain));
    const compiled = tf.function((x: tf.Tensor, l: tf.Tensor) => tf.nn.ctcLoss(l, x, [3, 2], [4, 3]));
    for (const x of [logits, logits.mul(2)]) expect(data(compiled(x, labels))).toEqual(data(tf.nn.ctcLoss(labels, x, [3, 2], [4, 3])));
  });
});
