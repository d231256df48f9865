// Keras 3's newer activations, the focal, hinge, Dice and Tversky losses with losses.get /
// serialize / deserialize, and tf.keras.regularizers. Oracles: the values printed in Keras 3's own
// docstrings (keras/src/losses/losses.py, keras/src/ops/nn.py, keras/src/regularizers), the
// formulas evaluated in float64 JavaScript, and central differences for the gradients (one-sided
// differences at the kinks, from the side Keras' formula puts the kink on).
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const A = tf.keras.activations;
const L = tf.keras.losses;
const R = tf.keras.regularizers;

type Fn = (x: tf.Tensor) => tf.Tensor;
const f64 = (v: unknown) => tf.constant(v as number[], 'float64');
const data = (t: tf.Tensor) => Array.from(t.dataSync() as Float64Array);

/** d(Σ f(x))/dx from the tape, at float64 `x`. */
function tapeGradient(f: Fn, x: number[] | number[][]): number[] {
  const t = f64(x);
  const tape = new tf.GradientTape();
  tape.watch(t);
  const y = tape.record(() => tf.reduceSum(f(t)));
  return data(tape.gradient(y, t) as tf.Tensor);
}

/** Σ f(x) at float64 `x` with entry `i` (of the flattened x) moved by `h`. */
function sumAt(f: Fn, x: number[] | number[][], i: number, h: number): number {
  const flat = (x as number[]).flat(Infinity as 1) as number[];
  const moved = flat.map((v, j) => (j === i ? v + h : v));
  const shape = Array.isArray(x[0]) ? [x.length, (x[0] as number[]).length] : [x.length];
  return tf.reduceSum(f(tf.reshape(f64(moved), shape))).item() as number;
}

/** Central differences of Σ f(x). */
function centralGradient(f: Fn, x: number[] | number[][], h = 1e-6): number[] {
  const n = (x as number[]).flat(Infinity as 1).length;
  return Array.from({ length: n }, (_, i) => (sumAt(f, x, i, h) - sumAt(f, x, i, -h)) / (2 * h));
}

const expectClose = (actual: number[], expected: number[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
};

/** The derivative of an elementwise f at x from one side: (f(x + s·h) - f(x)) / (s·h). */
const oneSided = (f: Fn, x: number, side: 1 | -1, h = 1e-7) => (f(f64([x + side * h])).item() as number - (f(f64([x])).item() as number)) / (side * h);

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const GRID = [-3, -1.5, -1, -0.75, -0.5, -0.25, 0, 0.2, 0.5, 0.9, 1, 1.25, 2.5];

describe('tf.keras.activations: the Keras 3 additions', () => {
  it("print what keras.ops' docstring examples print", () => {
    expectClose(data(A.celu(f64([-1, 0, 1]))), [-0.63212056, 0, 1], 1e-8);
    expectClose(data(A.glu(f64([-1, 0, 1, 1]))), [-0.73105858, 0], 1e-8);
    expect(data(A.hardShrink(f64([-0.5, 0, 1])))).toEqual([0, 0, 1]);
    expect(data(A.hardTanh(f64([-2, -1, 0, 1, 2])))).toEqual([-1, -1, 0, 1, 1]);
    expect(data(A.softShrink(f64([-1, 0, 1])))).toEqual([-0.5, 0, 0.5]);
    expect(data(A.sparsePlus(f64([-1, 0, 1])))).toEqual([0, 0.25, 1]);
    expectClose(data(A.squareplus(f64([-1, 0, 1]))), [0.6180339887, 1, 1.6180339887], 1e-9);
    expectClose(data(A.tanhShrink(f64([-1, 0, 1]))), [-0.23840584, 0, 0.23840584], 1e-8);
    expect(data(A.threshold(f64([-1, 0, 1, 2]), 1, 0))).toEqual([0, 0, 0, 2]);
    expect(data(A.sparsemax(f64([-1, 0, 1])))).toEqual([0, 0, 1]);
    expectClose(Array.from(A.logSigmoid([-0.541391, 0, 0.5, 5]).dataSync()), [-1.0000418, -0.6931472, -0.474077, -0.00671535], 1e-6);
  });

  it('equal their formulas in float64 on a grid through the kinks', () => {
    const cases: [string, Fn, (v: number) => number][] = [
      ['celu', (t) => A.celu(t), (v) => (v > 0 ? v : Math.expm1(v))],
      ['celu alpha 0.5', (t) => A.celu(t, 0.5), (v) => (v > 0 ? v : 0.5 * Math.expm1(v / 0.5))],
      ['hardShrink', (t) => A.hardShrink(t), (v) => (Math.abs(v) > 0.5 ? v : 0)],
      ['hardShrink 1', (t) => A.hardShrink(t, 1), (v) => (Math.abs(v) > 1 ? v : 0)],
      ['hardTanh', (t) => A.hardTanh(t), (v) => Math.min(Math.max(v, -1), 1)],
      ['logSigmoid', (t) => A.logSigmoid(t), (v) => -Math.log1p(Math.exp(-v))],
      ['softShrink', (t) => A.softShrink(t), (v) => (v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0)],
      ['sparsePlus', (t) => A.sparsePlus(t), (v) => (v <= -1 ? 0 : v < 1 ? (v + 1) ** 2 / 4 : v)],
      ['squareplus b=1', (t) => A.squareplus(t, 1), (v) => (v + Math.sqrt(v * v + 1)) / 2],
      ['tanhShrink', (t) => A.tanhShrink(t), (v) => v - Math.tanh(v)],
      ['threshold', (t) => A.threshold(t, 0.5, -7), (v) => (v > 0.5 ? v : -7)],
    ];
    for (const [name, f, oracle] of cases) {
      const y = f(f64(GRID));
      expect(y.dtype, name).toBe('float64');
      expectClose(data(y), GRID.map(oracle), 1e-14);
    }
  });

  it('have gradients equal to central differences away from the kinks', () => {
    const smooth = GRID.map((v) => v + 0.0625); // off every kink (-1, -0.5, 0, 0.5, 1)
    const fns: [string, Fn][] = [
      ['celu', (t) => A.celu(t, 0.5)], ['hardShrink', (t) => A.hardShrink(t)], ['hardTanh', (t) => A.hardTanh(t)],
      ['logSigmoid', (t) => A.logSigmoid(t)], ['softShrink', (t) => A.softShrink(t)], ['sparsePlus', (t) => A.sparsePlus(t)],
      ['squareplus', (t) => A.squareplus(t)], ['tanhShrink', (t) => A.tanhShrink(t)], ['threshold', (t) => A.threshold(t, 0.5, 2)],
    ];
    for (const [name, f] of fns) {
      const g = tapeGradient(f, smooth);
      expect(g.every(Number.isFinite), name).toBe(true);
      expectClose(g, centralGradient(f, smooth), 1e-7);
    }
  });

  it('take, at each kink, the derivative of the side that Keras\' formula assigns the kink to', () => {
    const at = (f: Fn, x: number) => tapeGradient(f, [x])[0]!;
    // celu is continuously differentiable: 1 from both sides at 0 (Keras' max + expm1(min) sum would give 2).
    for (const alpha of [1, 0.5, 3]) {
      const f: Fn = (t) => A.celu(t, alpha);
      expect(oneSided(f, 0, -1)).toBeCloseTo(1, 6);
      expect(oneSided(f, 0, 1)).toBeCloseTo(1, 6);
      expect(at(f, 0)).toBe(1);
    }
    // hard_tanh: x on [-1, 1] (clip_by_value's gradient passes at the bounds).
    for (const x of [1, -1]) {
      expect(at((t) => A.hardTanh(t), x)).toBe(1);
      expect(oneSided((t) => A.hardTanh(t), x, x > 0 ? -1 : 1)).toBeCloseTo(1, 8);
    }
    // hard_shrink and threshold: the constant side at |x| = threshold (x > threshold is strict).
    expect(at((t) => A.hardShrink(t), 0.5)).toBe(0);
    expect(oneSided((t) => A.hardShrink(t), 0.5, -1)).toBeCloseTo(0, 12);
    expect(at((t) => A.hardShrink(t), -0.5)).toBe(0);
    expect(at((t) => A.threshold(t, 1, 3), 1)).toBe(0);
    expect(at((t) => A.threshold(t, 1, 3), 1.5)).toBe(1);
    // soft_shrink: 0 at ±threshold, the inner side.
    expect(at((t) => A.softShrink(t), 0.5)).toBe(0);
    expect(oneSided((t) => A.softShrink(t), 0.5, -1)).toBeCloseTo(0, 12);
    expect(at((t) => A.softShrink(t), -0.5)).toBe(0);
    // sparse_plus is C¹: 0 at -1 and 1 at 1 from both sides.
    for (const [x, d] of [[-1, 0], [1, 1]] as const) {
      expect(at((t) => A.sparsePlus(t), x)).toBe(d);
      expect(oneSided((t) => A.sparsePlus(t), x, -1)).toBeCloseTo(d, 6);
      expect(oneSided((t) => A.sparsePlus(t), x, 1)).toBeCloseTo(d, 6);
    }
  });

  it('glu: a·sigmoid(b) over the halves of the axis, with central-difference gradients', () => {
    const x = [[0.5, -1, 2, 0.25], [1.5, 0, -0.5, 3]];
    const expectedLast = x.map((r) => [r[0]! * sigmoid(r[2]!), r[1]! * sigmoid(r[3]!)]).flat();
    expectClose(data(A.glu(f64(x))), expectedLast, 1e-15);
    expectClose(data(A.glu(f64(x), 0)), x[0]!.map((a, j) => a * sigmoid(x[1]![j]!)), 1e-15);
    expectClose(tapeGradient((t) => A.glu(t), x), centralGradient((t) => A.glu(t), x), 1e-8);
    expect(() => A.glu(f64([[1, 2, 3]]))).toThrow(/keras\.activations\.glu: axis size must be divisible by 2.*\[1, 3\]/);
  });

  it('sparsemax: the projection onto the simplex (a float64 sort-based oracle), summing to 1, with its Jacobian', () => {
    const oracle = (z: number[]) => {
      const s = [...z].sort((a, b) => b - a);
      let k = 0, cum = 0, kept = 0;
      for (const v of s) {
        k++;
        cum += v;
        if (1 + k * v > cum) kept = k;
      }
      const tau = (s.slice(0, kept).reduce((a, b) => a + b, 0) - 1) / kept;
      return z.map((v) => Math.max(v - tau, 0));
    };
    const rows = [[0, 0.5, 1], [0.1, 0.2, 0.3, 0.4, 0.5], [0.4, -0.2, 0.1, 0.05], [3, -1, 0.5, 0.25]];
    for (const r of rows) {
      const y = data(A.sparsemax(f64(r)));
      expectClose(y, oracle(r), 1e-15);
      expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    }
    // Keras' issue #23425 example: more than one entry in the support.
    expect(data(A.sparsemax(f64([[0, 0.5, 1]])))).toEqual([0, 0.25, 0.75]);
    // Along axis 0: the columns.
    const m = [[0.4, 3], [-0.2, -1], [0.1, 0.5]];
    const cols = [0, 1].map((j) => oracle(m.map((r) => r[j]!)));
    expectClose(data(A.sparsemax(f64(m), 0)), m.flatMap((_, i) => cols.map((c) => c[i]!)), 1e-15);
    // The Jacobian (diag(s) - s·sᵀ/k on the support) against central differences, rows of support 2, 3 and 4.
    const weights = f64([[1, -2, 0.5, 3], [0.25, 1, -1, 2], [2, 0.5, -0.75, 1]]);
    const f: Fn = (t) => tf.mul(A.sparsemax(t), weights);
    const x = [[0.4, -0.2, 0.1, 0.05], [0.3, 0.25, 0.2, 0.15], [0.5, 0.45, 0.44, 0.43]];
    expectClose(tapeGradient(f, x), centralGradient(f, x, 1e-7), 1e-7);
  });

  it('get and serialize know them by Keras\' names and the camelCase ones', () => {
    const names: [string, string | null, unknown][] = [
      ['celu', null, A.celu], ['glu', null, A.glu], ['hard_shrink', 'hardShrink', A.hardShrink], ['hard_tanh', 'hardTanh', A.hardTanh],
      ['log_sigmoid', 'logSigmoid', A.logSigmoid], ['soft_shrink', 'softShrink', A.softShrink], ['sparse_plus', 'sparsePlus', A.sparsePlus],
      ['sparsemax', null, A.sparsemax], ['squareplus', null, A.squareplus], ['tanh_shrink', 'tanhShrink', A.tanhShrink], ['threshold', null, A.threshold],
    ];
    for (const [keras, camel, fn] of names) {
      expect(A.get(keras), keras).toBe(fn);
      if (camel) expect(A.get(camel), camel).toBe(fn);
      expect(A.serialize(fn as tf.Activation)).toBe(keras);
    }
  });

  it('check their arguments', () => {
    expect(() => A.celu([1], 'a' as never)).toThrow(/keras\.activations\.celu: alpha must be a number/);
    expect(() => A.threshold([1], 0, undefined as never)).toThrow(/keras\.activations\.threshold: defaultValue must be a number/);
    expect(() => A.sparsemax(3)).toThrow(/keras\.activations\.sparsemax: x must be at least rank 1/);
    expect(() => A.squareplus(tf.constant([1], 'int32'))).toThrow(/keras\.activations\.squareplus: x must be a float32 or float64 tensor/);
    // hard_tanh clips any numeric tensor, as clip_by_value does.
    expect(A.hardTanh(tf.constant([-3, 0, 2], 'int32')).arraySync()).toEqual([-1, 0, 1]);
  });
});

describe('tf.keras.losses: focal crossentropies', () => {
  // keras/src/losses/losses.py's BinaryFocalCrossentropy docstring (from logits).
  const t1 = [0, 1, 0, 0], p1 = [-18.6, 0.51, 2.94, -12.8];
  const t2 = [[0, 1], [0, 0]], p2 = [[-18.6, 0.51], [2.94, -12.8]];
  const BFC = (o: tf.BinaryFocalCrossentropyOptions) => new L.BinaryFocalCrossentropy({ fromLogits: true, ...o });

  it("BinaryFocalCrossentropy prints what Keras' docstring prints", () => {
    expect(BFC({ gamma: 2 })(t1, p1).item()).toBeCloseTo(0.691, 3);
    expect(BFC({ gamma: 2, applyClassBalancing: true })(t1, p1).item()).toBeCloseTo(0.51, 2);
    expect(BFC({ gamma: 3 })(t2, p2).item()).toBeCloseTo(0.647, 3);
    expect(BFC({ gamma: 3, applyClassBalancing: true })(t2, p2).item()).toBeCloseTo(0.482, 3);
    expect(BFC({ gamma: 3 })(t2, p2, [0.8, 0.2]).item()).toBeCloseTo(0.133, 3);
    expect(BFC({ gamma: 3, applyClassBalancing: true })(t2, p2, [0.8, 0.2]).item()).toBeCloseTo(0.097, 3);
    expect(BFC({ gamma: 4, reduction: 'sum' })(t2, p2).item()).toBeCloseTo(1.222, 3);
    expect(BFC({ gamma: 4, reduction: 'sum', applyClassBalancing: true })(t2, p2).item()).toBeCloseTo(0.914, 3);
    expectClose(Array.from(BFC({ gamma: 5, reduction: 'none' })(t2, p2).dataSync()), [0.0017, 1.1561], 1e-3);
    expectClose(Array.from(BFC({ gamma: 5, reduction: 'none', applyClassBalancing: true })(t2, p2).dataSync()), [0.0004, 0.8670], 1e-3);
    // The function's docstring: probabilities, gamma 2.
    expectClose(Array.from(L.binaryFocalCrossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], false, 0.25, 2).dataSync()), [0.330, 0.206], 1e-3);
  });

  it('binaryFocalCrossentropy equals its formula in float64 (smoothing, balancing, both inputs), and its gradient central differences', () => {
    const t = [[0, 1, 1], [1, 0, 0.5]], p = [[0.2, 0.7, 0.95], [0.4, 0.1, 0.5]];
    const formula = (alpha: number, gamma: number, balance: boolean, smoothing: number) => t.map((row, i) => {
      const values = row.map((t0, j) => {
        const y = t0 * (1 - smoothing) + 0.5 * smoothing, q = p[i]![j]!;
        const bce = -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
        const pT = y * q + (1 - y) * (1 - q);
        const w = balance ? y * alpha + (1 - y) * (1 - alpha) : 1;
        return w * (1 - pT) ** gamma * bce;
      });
      return values.reduce((a, b) => a + b, 0) / values.length;
    });
    expectClose(data(L.binaryFocalCrossentropy(f64(t), f64(p))), formula(0.25, 2, false, 0), 1e-14);
    expectClose(data(L.binaryFocalCrossentropy(f64(t), f64(p), true, 0.3, 1.5, false, 0.2)), formula(0.3, 1.5, true, 0.2), 1e-14);
    // From logits: the sigmoid of the logits is the probability, the stable form gives the same bce.
    const logits = p.map((r) => r.map((q) => Math.log(q / (1 - q))));
    expectClose(data(L.binaryFocalCrossentropy(f64(t), f64(logits), true, 0.3, 1.5, true, 0.2)), formula(0.3, 1.5, true, 0.2), 1e-12);
    // Over axis 0.
    const axis0 = L.binaryFocalCrossentropy(f64(t), f64(p), false, 0.25, 2, false, 0, 0);
    expect(axis0.shape).toEqual([3]);
    const f: Fn = (q) => L.binaryFocalCrossentropy(f64(t), q, true, 0.4, 2.5, true, 0.1);
    expectClose(tapeGradient(f, logits), centralGradient(f, logits), 1e-7);
  });

  it("CategoricalFocalCrossentropy prints what Keras' docstring prints", () => {
    const yTrue = [[0, 1, 0], [0, 0, 1]], yPred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
    expect(new L.CategoricalFocalCrossentropy()(yTrue, yPred).item()).toBeCloseTo(0.23315276, 7);
    expect(new L.CategoricalFocalCrossentropy()(yTrue, yPred, [0.3, 0.7]).item()).toBeCloseTo(0.1632, 4);
    expect(new L.CategoricalFocalCrossentropy({ reduction: 'sum' })(yTrue, yPred).item()).toBeCloseTo(0.46631, 5);
    expectClose(Array.from(new L.CategoricalFocalCrossentropy({ reduction: 'none' })(yTrue, yPred).dataSync()), [3.2058331e-05, 4.6627346e-01], 1e-6);
    expectClose(Array.from(L.categoricalFocalCrossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]).dataSync()), [2.63401289e-04, 6.75912094e-01], 1e-6);
  });

  it('categoricalFocalCrossentropy equals its formula (per-class alpha, logits, smoothing) and its gradient central differences', () => {
    const t = [[0, 1, 0], [0.2, 0.3, 0.5]], z = [[0.5, 1.5, -1], [2, 0.25, 0.75]];
    const formula = (alpha: number[], gamma: number, smoothing: number) => t.map((row, i) => {
      const e = z[i]!.map(Math.exp), s = e.reduce((a, b) => a + b, 0);
      return row.reduce((acc, t0, j) => {
        const y = t0 * (1 - smoothing) + smoothing / 3, q = e[j]! / s;
        return acc + alpha[j]! * (1 - q) ** gamma * -y * Math.log(q);
      }, 0);
    });
    expectClose(data(L.categoricalFocalCrossentropy(f64(t), f64(z), [0.2, 0.3, 0.5], 1.5, true, 0.1)), formula([0.2, 0.3, 0.5], 1.5, 0.1), 1e-13);
    const f: Fn = (q) => L.categoricalFocalCrossentropy(f64(t), q, 0.25, 2, true);
    expectClose(tapeGradient(f, z), centralGradient(f, z), 1e-7);
  });

  it('check their options as Keras types them', () => {
    expect(() => new L.BinaryFocalCrossentropy({ applyClassBalancing: 1 as never })).toThrow(/BinaryFocalCrossentropy: applyClassBalancing must be true or false/);
    expect(() => new L.BinaryFocalCrossentropy({ gamma: '2' as never })).toThrow(/BinaryFocalCrossentropy: gamma must be a number/);
    expect(() => new L.CategoricalFocalCrossentropy({ alpha: ['a'] as never })).toThrow(/alpha must be a number or an array of numbers/);
    expect(() => L.binaryFocalCrossentropy([[0, 1]], [[0.5, 0.5, 0.5]])).toThrow(/binaryFocalCrossentropy: y_true and y_pred must have the same shape/);
    expect(() => L.categoricalFocalCrossentropy([[0, 1]], [[0.5, 0.5]], 0.25, 2, false, 1.5)).toThrow(/labelSmoothing must be a number in \[0, 1\]/);
  });
});

describe('tf.keras.losses: hinges, Dice and Tversky', () => {
  it('squaredHinge: mean(max(1 - t·p, 0)²) with {0, 1} labels mapped to {-1, 1}', () => {
    const p = [[0.5, -0.25, 2], [-1.5, 0.75, 0.1]];
    const oracle = (t: number[][]) => t.map((r, i) => r.reduce((a, v, j) => a + Math.max(1 - v * p[i]![j]!, 0) ** 2, 0) / 3);
    const signs = [[-1, 1, 1], [1, -1, -1]];
    expectClose(data(L.squaredHinge(f64(signs), f64(p))), oracle(signs), 1e-15);
    expect(data(L.squaredHinge(f64([[0, 1, 1], [1, 0, 0]]), f64(p)))).toEqual(data(L.squaredHinge(f64(signs), f64(p))));
    // Labels not all 0 or 1 are used as they are.
    const soft = [[0.5, 1, 0], [2, 0, 1]];
    expectClose(data(L.squaredHinge(f64(soft), f64(p))), oracle(soft), 1e-15);
    const f: Fn = (q) => L.squaredHinge(f64([[0, 1, 1], [1, 0, 0]]), q);
    expectClose(tapeGradient(f, p), centralGradient(f, p), 1e-7);
    expect(new L.SquaredHinge({ reduction: 'sum', dtype: 'float64' })(f64(signs), f64(p)).item()).toBeCloseTo(oracle(signs).reduce((a, b) => a + b), 14);
  });

  it('categoricalHinge: max(max((1 - t)·p) - Σt·p + 1, 0), labels not converted', () => {
    const t = [[0, 1, 0], [1, 0, 0], [0, 0, 1]], p = [[0.5, 0.25, 0.125], [2, 0, 0.5], [0.3, 0.9, 0.4]];
    const oracle = t.map((r, i) => {
      const pos = r.reduce((a, v, j) => a + v * p[i]![j]!, 0);
      const neg = Math.max(...r.map((v, j) => (1 - v) * p[i]![j]!));
      return Math.max(neg - pos + 1, 0);
    });
    expectClose(data(L.categoricalHinge(f64(t), f64(p))), oracle, 1e-15);
    expect(oracle).toEqual([1.25, 0, 1.5]);
    expect(new L.CategoricalHinge()(t, p).item()).toBeCloseTo(2.75 / 3, 6);
  });

  // keras/src/losses/losses.py's Dice docstring.
  const yTrue = [[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]];
  const yPred = [[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]];

  it("dice and Dice print what Keras' docstring prints", () => {
    expectClose(Array.from(L.dice(yTrue, yPred, [1, 2, 3]).dataSync()), [0.5, 0.75757575], 1e-7);
    const all = L.dice(yTrue, yPred);
    expect(all.shape).toEqual([]);
    expect(all.item()).toBeCloseTo(0.6164384, 6);
    const perSample = new L.Dice({ axis: [1, 2, 3], reduction: 'none' })(yTrue, yPred);
    expect(perSample.shape).toEqual([2]);
    expectClose(Array.from(perSample.dataSync()), [0.5, 0.75757575], 1e-7);
  });

  it('tversky: 1 - I/(I + alpha·Σ(1-p)t + beta·Σp(1-t) + ε); alpha = beta = 1/2 is Dice', () => {
    const t = [[1, 0, 1], [0, 1, 1]], p = [[0.9, 0.2, 0.4], [0.3, 0.6, 0.8]];
    const oracle = (alpha: number, beta: number, rows: number[][][]) => rows.map(([tr, pr]) => {
      let i = 0, fp = 0, fn = 0;
      tr!.forEach((v, j) => {
        i += v * pr![j]!;
        fp += (1 - pr![j]!) * v;
        fn += pr![j]! * (1 - v);
      });
      return 1 - i / (i + fp * alpha + fn * beta + 1e-7);
    });
    expect(L.tversky(f64(t), f64(p), 0.7, 0.3).item()).toBeCloseTo(oracle(0.7, 0.3, [[t.flat(), p.flat()]])[0]!, 14);
    expectClose(data(L.tversky(f64(t), f64(p), 0.2, 0.8, 1)), oracle(0.2, 0.8, [[t[0]!, p[0]!], [t[1]!, p[1]!]]), 1e-14);
    expect(L.tversky(f64(t), f64(p)).item()).toBeCloseTo(L.dice(f64(t), f64(p)).item() as number, 6);
    const f: Fn = (q) => L.tversky(f64(t), q, 0.7, 0.3, 1);
    expectClose(tapeGradient(f, p), centralGradient(f, p), 1e-7);
    const g: Fn = (q) => L.dice(f64(t), q, 1);
    expectClose(tapeGradient(g, p), centralGradient(g, p), 1e-7);
    expect(() => new L.Tversky({ axis: 'x' as never })).toThrow(/keras\.losses\.Tversky: axis must be an integer, an array of integers or null/);
  });
});

describe('tf.keras.losses.get, serialize and deserialize', () => {
  it('get: Keras names and short names give the functions, class names new objects with the defaults', () => {
    for (const name of ['mse', 'MSE', 'mean_squared_error', 'meanSquaredError']) expect(L.get(name), name).toBe(L.meanSquaredError);
    expect(L.get('bce')).toBe(L.binaryCrossentropy);
    expect(L.get('kld')).toBe(L.klDivergence);
    expect(L.get('binary_focal_crossentropy')).toBe(L.binaryFocalCrossentropy);
    expect(L.get('categorical_hinge')).toBe(L.categoricalHinge);
    expect(L.get('tversky')).toBe(L.tversky);
    const mse = L.get('MeanSquaredError');
    expect(mse).toBeInstanceOf(L.MeanSquaredError);
    expect((mse as tf.keras.losses.MeanSquaredError).getConfig()).toEqual({ name: 'mean_squared_error', reduction: 'sum_over_batch_size', dtype: tf.floatx() });
    expect((L.get('BinaryFocalCrossentropy') as tf.keras.losses.BinaryFocalCrossentropy).getConfig()).toMatchObject({ alpha: 0.25, gamma: 2, applyClassBalancing: false, fromLogits: false, labelSmoothing: 0, axis: -1 });
    expect(L.get(null)).toBe(null);
    expect(L.get(undefined)).toBe(null);
    const huber = new L.Huber();
    expect(L.get(huber)).toBe(huber);
    const custom = (a: tf.TensorLike, b: tf.TensorLike) => tf.sub(a, b);
    expect(L.get(custom)).toBe(custom);
    expect(() => L.get('nope')).toThrow(/keras\.losses\.deserialize: Could not interpret loss identifier: "nope"/);
    expect(() => L.get(3 as never)).toThrow(/keras\.losses\.get: Could not interpret loss identifier: 3/);
  });

  it('serialize then deserialize makes an equal loss of every class', () => {
    const objects = [
      new L.MeanSquaredError({ reduction: 'sum', name: 'm' }), new L.MeanAbsoluteError(), new L.MeanAbsolutePercentageError(), new L.MeanSquaredLogarithmicError(),
      new L.CosineSimilarity({ axis: 0 }), new L.Huber({ delta: 2 }), new L.LogCosh(), new L.Hinge(), new L.SquaredHinge({ dtype: 'float64' }), new L.CategoricalHinge(),
      new L.KLDivergence(), new L.Poisson(), new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
      new L.BinaryFocalCrossentropy({ applyClassBalancing: true, alpha: 0.4, gamma: 3, axis: 0 }), new L.CategoricalCrossentropy({ labelSmoothing: 0.2 }),
      new L.CategoricalFocalCrossentropy({ alpha: [0.1, 0.2, 0.7], gamma: 1, fromLogits: true }), new L.SparseCategoricalCrossentropy({ ignoreClass: 2 }),
      new L.Dice({ axis: [1] }), new L.Tversky({ alpha: 0.1, beta: 0.9, axis: 1, reduction: 'none' }),
    ];
    const t = [[0, 1, 0], [0.5, 0.25, 0.25]], p = [[0.2, 0.7, 0.1], [0.3, 0.3, 0.4]];
    for (const loss of objects) {
      const s = L.serialize(loss) as { className: string; config: Record<string, unknown> };
      const copy = L.deserialize(JSON.parse(JSON.stringify(s)) as { className: string; config: Record<string, unknown> }) as tf.keras.losses.Loss;
      expect(Object.getPrototypeOf(copy), s.className).toBe(Object.getPrototypeOf(loss));
      expect(copy.getConfig(), s.className).toEqual(loss.getConfig());
      if (s.className !== 'SparseCategoricalCrossentropy') expect(data(tf.cast(copy(t, p), 'float64')), s.className).toEqual(data(tf.cast(loss(t, p), 'float64')));
    }
    expect(L.serialize(L.mse)).toBe('mean_squared_error');
    expect(L.serialize(L.squaredHinge)).toBe('squared_hinge');
    expect(L.deserialize('squared_hinge')).toBe(L.squaredHinge);
    expect(() => L.serialize(((a: tf.TensorLike) => tf.abs(a)) as never)).toThrow(/keras\.losses\.serialize: .* is not a loss object or a built-in/);
  });

  it("deserialize reads Keras' own JSON: class_name, snake_case keys, a dtype policy, functions", () => {
    const keras = {
      module: 'keras.losses', class_name: 'BinaryFocalCrossentropy', registered_name: null,
      config: { name: 'bfc', reduction: 'sum', dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float64' }, registered_name: null }, from_logits: true, label_smoothing: 0.1, axis: -1, apply_class_balancing: true, alpha: 0.3, gamma: 1 },
    };
    const loss = L.deserialize(keras as never) as tf.keras.losses.BinaryFocalCrossentropy;
    expect(loss).toBeInstanceOf(L.BinaryFocalCrossentropy);
    expect(loss.getConfig()).toEqual({ name: 'bfc', reduction: 'sum', dtype: 'float64', fromLogits: true, labelSmoothing: 0.1, axis: -1, applyClassBalancing: true, alpha: 0.3, gamma: 1 });
    expect((L.deserialize({ className: 'Dice', config: { dtype: null } }) as tf.keras.losses.Dice).dtype).toBe(tf.floatx());
    expect(L.deserialize({ module: 'keras.losses', class_name: 'function', config: 'mean_absolute_error', registered_name: 'function' } as never)).toBe(L.meanAbsoluteError);
    expect(() => L.deserialize({ className: 'Nope', config: {} })).toThrow(/keras\.losses\.deserialize: unknown loss class "Nope"/);
    expect(() => L.deserialize({ className: 'Huber', config: { delta: 1, bogus: 2 } })).toThrow(/keras\.losses\.Huber: unknown option 'bogus'/);
  });
});

describe('tf.keras.regularizers', () => {
  it("print what Keras' docstrings print", () => {
    expect(new R.L2(2)(tf.ones([5, 5])).item()).toBe(50);
    // Dense(5) with a kernel of ones and L1(0.01): 0.25.
    expect(new R.L1(0.01)(tf.ones([5, 5], 'float64')).item()).toBeCloseTo(0.25, 15);
  });

  it("keep Keras' defaults and names", () => {
    expect(new R.L1().l1).toBe(0.01);
    expect(new R.L1(null).l1).toBe(0.01);
    expect(new R.L2().l2).toBe(0.01);
    expect(new R.L2({}).l2).toBe(0.01);
    expect(new R.L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
    expect(new R.L1L2({ l2: 0.1 }).getConfig()).toEqual({ l1: 0, l2: 0.1 });
    expect(new R.L1L2(0.2, 0.3).getConfig()).toEqual({ l1: 0.2, l2: 0.3 });
    expect(new R.OrthogonalRegularizer().getConfig()).toEqual({ factor: 0.01, mode: 'rows' });
    expect(R.l1(0.3)).toBeInstanceOf(R.L1);
    expect(R.l2({ l2: 0.3 }).l2).toBe(0.3);
    expect(R.l1l2({ l1: 0.1, l2: 0.2 })).toBeInstanceOf(R.L1L2);
  });

  it('reject negative and non-finite factors and unknown modes, as Keras validates them', () => {
    for (const bad of [-0.01, NaN, Infinity, -Infinity, '0.1']) {
      expect(() => new R.L1(bad as never)).toThrow(/keras\.regularizers\.L1: Invalid value for argument l1: expected a non-negative float/);
      expect(() => new R.L2({ l2: bad as never })).toThrow(/keras\.regularizers\.L2: Invalid value for argument l2/);
      expect(() => new R.L1L2(0.1, bad as never)).toThrow(/keras\.regularizers\.L1L2: Invalid value for argument l2/);
      expect(() => new R.OrthogonalRegularizer({ factor: bad as never })).toThrow(/keras\.regularizers\.OrthogonalRegularizer: Invalid value for argument factor/);
    }
    expect(() => new R.OrthogonalRegularizer(0.1, 'diagonal' as never)).toThrow(/Invalid value for argument `mode`. Expected one of \{"rows", "columns"\}. Received: mode="diagonal"/);
    expect(() => new R.OrthogonalRegularizer(0.1)(f64([1, 2]))).toThrow(/Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=\[2\]/);
    expect(() => new R.L2(0.1)(tf.constant([1], 'int32'))).toThrow(/keras\.regularizers\.L2: x must be a float32 or float64 tensor/);
  });

  const W = [[0.5, -1.25, 2], [1.5, 0.25, -0.75], [-2, 1, 0.3], [0.1, -0.4, 0.9]];

  it('equal their formulas in float64 and are scalars of the input dtype', () => {
    const flat = W.flat();
    const l1 = flat.reduce((a, v) => a + Math.abs(v), 0), l2 = flat.reduce((a, v) => a + v * v, 0);
    const penalties: [tf.keras.regularizers.Regularizer, number][] = [
      [new R.L1(0.3), 0.3 * l1], [new R.L2(0.7), 0.7 * l2], [new R.L1L2(0.3, 0.7), 0.3 * l1 + 0.7 * l2], [new R.L1L2({ l2: 0.7 }), 0.7 * l2],
    ];
    const orthogonal = (m: number[][], factor: number) => {
      const n = m.map((r) => { const norm = Math.hypot(...r); return r.map((v) => v / norm); });
      let sum = 0;
      n.forEach((a, i) => n.forEach((b, j) => { if (i !== j) sum += Math.abs(a.reduce((s, v, k) => s + v * b[k]!, 0)); }));
      return (factor * 0.5 * sum) / ((n.length * (n.length - 1)) / 2);
    };
    const transposed = W[0]!.map((_, j) => W.map((r) => r[j]!));
    penalties.push([new R.OrthogonalRegularizer(0.5), orthogonal(W, 0.5)], [new R.OrthogonalRegularizer({ factor: 2, mode: 'columns' }), orthogonal(transposed, 2)]);
    for (const [reg, expected] of penalties) {
      const y = reg(f64(W));
      expect(y.dtype).toBe('float64');
      expect(y.shape).toEqual([]);
      expect(y.item()).toBeCloseTo(expected, 13);
      expect(reg.call(f64(W)).item()).toBe(y.item());
    }
    expect(new R.L2(0.5)(tf.constant(W, 'float32')).dtype).toBe('float32');
    expect(new R.L1L2()(f64(W)).item()).toBe(0);
  });

  it('have gradients equal to central differences', () => {
    const regs = [new R.L1(0.3), new R.L2(0.7), new R.L1L2(0.2, 0.4), new R.OrthogonalRegularizer(0.5), new R.OrthogonalRegularizer(1.5, 'columns')];
    for (const reg of regs) expectClose(tapeGradient((t) => reg(t), W), centralGradient((t) => reg(t), W), 1e-8);
  });

  it('get, serialize, deserialize, getConfig and fromConfig', () => {
    expect(R.get('l2')).toBeInstanceOf(R.L2);
    expect((R.get('l1') as tf.keras.regularizers.L1).l1).toBe(0.01);
    expect(R.get('l1_l2')).toBeInstanceOf(R.L1L2);
    expect(R.get('L1L2')).toBeInstanceOf(R.L1L2);
    expect(R.get('orthogonal_regularizer')).toBeInstanceOf(R.OrthogonalRegularizer);
    expect(R.get('OrthogonalRegularizer')).toBeInstanceOf(R.OrthogonalRegularizer);
    expect(R.get('regularizer')).toBeInstanceOf(R.Regularizer);
    expect(R.get(null)).toBe(null);
    const reg = new R.L2(0.5);
    expect(R.get(reg)).toBe(reg);
    const fn = (x: tf.TensorLike) => tf.reduceSum(x);
    expect(R.get(fn)).toBe(fn);
    expect(() => R.get('l3')).toThrow(/keras\.regularizers\.deserialize: Could not interpret regularizer identifier: "l3"/);
    for (const r of [new R.L1(0.2), new R.L2(0.3), new R.L1L2(0.1, 0.4), new R.OrthogonalRegularizer(0.6, 'columns')]) {
      const s = R.serialize(r);
      const copy = R.deserialize(JSON.parse(JSON.stringify(s)) as typeof s);
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(r));
      expect(copy.getConfig()).toEqual(r.getConfig());
      expect(copy(f64(W)).item()).toBe(r(f64(W)).item());
      const Cls = Object.getPrototypeOf(r).constructor as typeof tf.keras.regularizers.Regularizer;
      expect(Cls.fromConfig(r.getConfig()).getConfig()).toEqual(r.getConfig());
    }
    expect(R.serialize(new R.L1L2({ l2: 0.1 }))).toEqual({ className: 'L1L2', config: { l1: 0, l2: 0.1 } });
    const fromKeras = R.deserialize({ module: 'keras.regularizers', class_name: 'OrthogonalRegularizer', config: { factor: 0.2, mode: 'columns' }, registered_name: null } as never);
    expect(fromKeras.getConfig()).toEqual({ factor: 0.2, mode: 'columns' });
  });

  it('the base class: penalty 0, no config; a subclass gives call', () => {
    const base = new R.Regularizer();
    expect(base(f64([1, 2])).item()).toBe(0);
    expect(base(f64([1, 2])).dtype).toBe('float64');
    expect(() => base.getConfig()).toThrow(/does not implement getConfig\(\)/);
    class Cubic extends R.Regularizer {
      override call(x: tf.TensorLike) {
        return tf.reduceSum(tf.abs(tf.pow(x, 3)));
      }
    }
    const c = new Cubic();
    expect(c instanceof R.Regularizer).toBe(true);
    expect(c([1, -2]).item()).toBe(9);
    expect(() => R.serialize(c)).toThrow(/keras\.regularizers\.serialize: .* is not one of the built-in regularizers/);
  });
});
