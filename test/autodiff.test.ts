// Autodiff beyond gradient(): tape.jacobian and batchJacobian (TF's shapes, both modes, Hessians
// by nesting), ForwardAccumulator (JVPs against central differences), and tf.customGradient
// (TF's contract, variables, nested tapes, errors, eviction).
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const flat = (t: tf.Tensor | null) => Array.from((t as tf.Tensor).dataSync() as ArrayLike<number>);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-7) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol * (1 + Math.abs(expected[i]!)))) {
      throw new Error(`[${i}]: got ${actual[i]}, expected ${expected[i]}; got ${JSON.stringify(Array.from(actual))}`);
    }
  }
}

/** A constant mask of length n selecting element i (components are picked with recorded ops). */
const mask = (n: number, i: number) => tf.constant(Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)), 'float64');

/** f(x) = [sin(x0) x1, x0^2 + e^x2, x1 x2, tanh(x0 + x2)]: 4 outputs of 3 inputs. */
const f = (x: tf.Tensor) => {
  const [x0, x1, x2] = [0, 1, 2].map((i) => tf.reshape(x.mul(mask(3, i)).reduceSum(), [1]));
  return tf.concat([x0!.sin().mul(x1!), x0!.square().add(x2!.exp()), x1!.mul(x2!), x0!.add(x2!).tanh()]);
};

/** Central differences of f at x (float64): the 4x3 Jacobian, row-major. */
function numericJacobian(x: number[]): number[] {
  const h = 1e-6;
  const out: number[] = new Array(12).fill(0);
  for (let j = 0; j < 3; j++) {
    const plus = x.slice();
    plus[j]! += h;
    const minus = x.slice();
    minus[j]! -= h;
    const fp = flat(f(tf.constant(plus, 'float64')));
    const fm = flat(f(tf.constant(minus, 'float64')));
    for (let i = 0; i < 4; i++) out[i * 3 + j] = (fp[i]! - fm[i]!) / (2 * h);
  }
  return out;
}

describe('tape.jacobian', () => {
  const x0 = [0.3, -1.2, 0.8];

  it('matches central differences, with TF shape [...target, ...source]', () => {
    const x = tf.constant(x0, 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => f(x));
    const j = tape.jacobian(y, x);
    expect(j!.shape).toEqual([4, 3]);
    expectClose(flat(j), numericJacobian(x0), 1e-6);
  });

  it('works in reverse mode (more sources than outputs) and over structures', () => {
    const x = tf.constant(x0, 'float64');
    const w = tf.constant([[1, 2, 3, 4]], 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([x, w]);
    const y = tape.record(() => tf.matmul(w, tf.reshape(f(x), [4, 1])).reshape([1])); // 1 output, 7 inputs
    const { a, b } = tape.jacobian(y, { a: x, b: w });
    expect(a!.shape).toEqual([1, 3]);
    expect(b!.shape).toEqual([1, 1, 4]);
    const num = numericJacobian(x0);
    const want = [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((s, i) => s + (i + 1) * num[i * 3 + j]!, 0));
    expectClose(flat(a), want, 1e-6);
    expectClose(flat(b), flat(f(x)));
    tape.dispose();
  });

  it('gives null (or zeros) for unconnected sources, and a non-persistent tape is used up', () => {
    const x = tf.constant([1, 2], 'float64');
    const unused = tf.constant([3], 'float64');
    const tape = new tf.GradientTape();
    tape.watch([x, unused]);
    const y = tape.record(() => x.square());
    const [jx, ju] = tape.jacobian(y, [x, unused]);
    expect(jx!.arraySync()).toEqual([[2, 0], [0, 4]]);
    expect(ju).toBeNull();
    expect(() => tape.jacobian(y, x)).toThrow(/non-persistent/);
    const tape2 = new tf.GradientTape();
    tape2.watch([x, unused]);
    const y2 = tape2.record(() => x.square());
    expect(tape2.jacobian(y2, unused, { unconnectedGradients: 'zero' })!.arraySync()).toEqual([[0], [0]]);
    // Forward mode (the target is larger than the sources): still null for the unread source.
    const tape3 = new tf.GradientTape();
    tape3.watch([x, unused]);
    const y3 = tape3.record(() => tf.tile(x.square(), [2]));
    const [jx3, ju3] = tape3.jacobian(y3, [x, unused]);
    expect(jx3!.arraySync()).toEqual([[2, 0], [0, 4], [2, 0], [0, 4]]);
    expect(ju3).toBeNull();
  });

  it('nests into a Hessian', () => {
    // f(x) = sum(x^3) + x0 x1: H = diag(6x) + [[0,1],[1,0]]
    const x = tf.constant([1.5, -2], 'float64');
    const outer = new tf.GradientTape();
    outer.watch(x);
    const g = outer.record(() => {
      const inner = new tf.GradientTape();
      inner.watch(x);
      const y = inner.record(() => x.pow(3).reduceSum().add(tf.reduceProd(x)));
      return inner.gradient(y, x)!;
    });
    const h = outer.jacobian(g, x);
    expectClose(flat(h), [9, 1, 1, -12]);
  });

  it('batchJacobian gives the per-example Jacobians [b, ...y, ...x]', () => {
    const x = tf.constant([[0.1, 0.2], [0.3, -0.4], [1, 2]], 'float64'); // b = 3
    const w = tf.constant([[1, -1], [2, 0.5], [0, 3]], 'float64'); // y = tanh(x wᵀ): [3, 3]
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.matmul(x, w, false, true).tanh());
    const bj = tape.batchJacobian(y, x)!;
    expect(bj.shape).toEqual([3, 3, 2]);
    const yv = y.arraySync() as number[][];
    const wv = w.arraySync() as number[][];
    const want: number[] = [];
    for (let b = 0; b < 3; b++) for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) want.push((1 - yv[b]![i]! ** 2) * wv[i]![j]!);
    expectClose(flat(bj), want);
  });
});

describe('tf.autodiff.ForwardAccumulator', () => {
  it('jvp equals J v (central differences), as TF: primals, tangents, then record', () => {
    const x0 = [0.3, -1.2, 0.8];
    const v0 = [1, 0.5, -2];
    const x = tf.constant(x0, 'float64');
    const v = tf.constant(v0, 'float64');
    const acc = new tf.autodiff.ForwardAccumulator(x, v);
    const y = acc.record(() => f(x));
    const num = numericJacobian(x0);
    const want = [0, 1, 2, 3].map((i) => [0, 1, 2].reduce((s, j) => s + num[i * 3 + j]! * v0[j]!, 0));
    expectClose(flat(acc.jvp(y)), want, 1e-6);
    // The primal's tangent is the tangent itself; something not computed from x has none.
    expect(flat(acc.jvp(x))).toEqual(v0);
    expect(acc.jvp(tf.constant([1], 'float64'))).toBeNull();
    expect(flat(acc.jvp(tf.constant([1], 'float64'), { unconnectedGradients: 'zero' }))).toEqual([0]);
    acc.dispose();
  });

  it('takes {primals, tangents} and structures, and checks that tangents match', () => {
    const a = tf.constant([2], 'float64');
    const b = tf.constant([3], 'float64');
    const acc = new tf.autodiff.ForwardAccumulator({ primals: [a, b], tangents: [tf.constant([1], 'float64'), tf.constant([10], 'float64')] });
    const y = acc.record(() => a.mul(b));
    expect(flat(acc.jvp(y))).toEqual([3 * 1 + 2 * 10]);
    expect(() => new tf.autodiff.ForwardAccumulator(a, tf.constant([1, 2], 'float64'))).toThrow(/tangent 0 has shape \[2\]/);
  });

  it('a gradient of a jvp (a Hessian-vector product) by nesting in a tape', () => {
    // f(x) = sum(x^3): H v = 6 x v
    const x = tf.constant([1, 2], 'float64');
    const v = tf.constant([1, -1], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const hv = tape.record(() => {
      const acc = new tf.autodiff.ForwardAccumulator(x, v);
      const y = acc.record(() => x.pow(3).reduceSum());
      return acc.jvp(y)!; // = 3 x² · v summed
    });
    expectClose(flat(tape.gradient(hv, x)), [6 * 1 * 1, 6 * 2 * -1]);
  });
});

describe('tf.customGradient', () => {
  // TF's example: log1pexp with a numerically stable gradient.
  const log1pexp = tf.customGradient((x: tf.Tensor) => {
    const e = x.exp();
    const grad = (dy: tf.Tensor) => dy.mul(tf.sub(1, tf.div(1, tf.add(1, e))));
    return [tf.log(tf.add(1, e)), grad];
  });

  it('uses the given gradient (TF docs: log1pexp stays finite at x = 100)', () => {
    const x = tf.constant(100, 'float32');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => log1pexp(x));
    expect(y.item()).toBe(Infinity); // the forward is as written
    expect(tape.gradient(y, x)!.item()).toBe(1); // the custom gradient, not NaN
  });

  it('the rule sees the upstream gradient and composes with other ops', () => {
    // clip the gradient of identity-with-custom-grad to [-0.5, 0.5]
    const clipGrad = tf.customGradient((x: tf.Tensor) => [x.mul(1), (dy: tf.Tensor) => tf.minimum(tf.maximum(dy, -0.5), 0.5)]);
    const x = tf.constant([1, 2, 3], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => clipGrad(x).mul(tf.constant([0.1, 1, -2], 'float64')).reduceSum());
    expect(flat(tape.gradient(y, x))).toEqual([0.1, 0.5, -0.5]);
  });

  it('gives gradients to the variables the function reads', () => {
    const w = new tf.Variable(tf.constant([2], 'float64'));
    const f = tf.customGradient((x: tf.Tensor) => {
      const y = x.mul(w);
      return [y, (dy, { variables }) => [[dy.mul(w)], variables.map(() => dy.mul(x).mul(10))]];
    });
    const x = tf.constant([3], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => f(x));
    const [gx, gw] = tape.gradient(y, [x, w]);
    expect(flat(gx)).toEqual([2]);
    expect(flat(gw)).toEqual([30]); // the custom rule's (10x the true gradient)
  });

  it('works under nested tapes: the second derivative differentiates the rule', () => {
    // y = x^3 with grad 3 x^2 dy: the second derivative through the rule is 6x.
    const cube = tf.customGradient((x: tf.Tensor) => [x.pow(3), (dy: tf.Tensor) => dy.mul(x.square().mul(3))]);
    const x = tf.constant(2, 'float64');
    const outer = new tf.GradientTape();
    outer.watch(x);
    const dy = outer.record(() => {
      const inner = new tf.GradientTape();
      inner.watch(x);
      const y = inner.record(() => cube(x));
      return inner.gradient(y, x)!;
    });
    expect(dy.item()).toBe(12);
    expect(outer.gradient(dy, x)!.item()).toBe(12);
  });

  it('a rule that throws leaves the tape usable; a wrong count is a clear error', () => {
    let fail = true;
    const f = tf.customGradient((x: tf.Tensor) => [x.square(), (dy: tf.Tensor) => {
      if (fail) throw new Error('rule failed');
      return dy.mul(2);
    }]);
    const x = tf.constant(1.5, 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => f(x));
    expect(() => tape.gradient(y, x)).toThrow('rule failed');
    fail = false;
    expect(tape.gradient(y, x)!.item()).toBe(2); // the non-persistent tape got its record back
    const g2 = tf.customGradient((a: tf.Tensor, b: tf.Tensor) => [a.mul(b), (dy: tf.Tensor) => [dy]]);
    const tape2 = new tf.GradientTape();
    tape2.watch(x);
    const y2 = tape2.record(() => g2(x, x));
    expect(() => tape2.gradient(y2, x)).toThrow(/returned 1 gradient\(s\) for 2 input\(s\)/);
  });

  it('outside any tape it just computes y; forward mode runs the rule by double backprop (J v = d/du <vjp(u), v>)', () => {
    expect(log1pexp(tf.constant(0, 'float64')).item()).toBeCloseTo(Math.log(2), 12);
    const x = tf.constant([-1, 0.5, 3], 'float64');
    const v = tf.constant([1, 2, -1], 'float64');
    const tangents = (f: (t: tf.Tensor) => tf.Tensor) => {
      const acc = new tf.autodiff.ForwardAccumulator(x, v);
      const scalar = acc.record(() => f(x).mul(tf.constant([1, 10, 100], 'float64')).sum());
      const vector = acc.record(() => f(x.square()));
      const out = [acc.jvp(scalar)!.item(), ...flat(acc.jvp(vector)), acc.jvp(tf.constant(1))];
      acc.dispose();
      return out;
    };
    const custom = tangents(log1pexp);
    const builtIn = tangents((t) => tf.softplus(t));
    expect(custom[4]).toBeNull(); // an unconnected target
    custom.slice(0, 4).forEach((c, i) => expect(c as number).toBeCloseTo(builtIn[i] as number, 13));
    // (sigmoid(x)·v)·[1, 10, 100] summed: the tangent of the first target by hand.
    const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
    expect(custom[0] as number).toBeCloseTo(sigmoid(-1) * 1 + sigmoid(0.5) * 2 * 10 + sigmoid(3) * -1 * 100, 12);
  });

  it("several results (TensorFlow's list y): one upstream gradient each, zeros for a result the target leaves out", () => {
    // sin and cos with a rule scaled by 10, so the test sees the rule and not the built-in gradients.
    const sincos = tf.customGradient((x: tf.Tensor) => [[tf.sin(x), tf.cos(x)], (ds: tf.Tensor, dc: tf.Tensor) => ds.mul(tf.cos(x)).sub(dc.mul(tf.sin(x))).mul(10)]);
    const x = tf.constant([0.5, 1], 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    const [s, c] = tape.record(() => sincos(x));
    expect([flat(s!), flat(c!)]).toEqual([[Math.sin(0.5), Math.sin(1)], [Math.cos(0.5), Math.cos(1)]]);
    const both = tape.record(() => s!.add(c!.mul(2)).sum());
    flat(tape.gradient(both, x)).forEach((g, i) => expect(g).toBeCloseTo(10 * (Math.cos([0.5, 1][i]!) - 2 * Math.sin([0.5, 1][i]!)), 13));
    const first = tape.record(() => s!.sum());
    flat(tape.gradient(first, x)).forEach((g, i) => expect(g).toBeCloseTo(10 * Math.cos([0.5, 1][i]!), 13));
    tape.dispose();
    // Outside tapes the results come back as they are; compiled steps replay the rule.
    expect(sincos(x).map((t) => t.shape)).toEqual([[2], [2]]);
    const step = (v: tf.Tensor) => {
      const t = new tf.GradientTape();
      t.watch(v);
      const [a, b] = t.record(() => sincos(v));
      return t.gradient(t.record(() => a!.mul(b!).sum()), v)!;
    };
    const compiled = tf.function(step);
    expect(flat(compiled(x))).toEqual(flat(step(x)));
    expect(flat(compiled(x.add(1)))).toEqual(flat(step(x.add(1))));
    expect(() => tf.customGradient((v: tf.Tensor) => [[v, tf.cast(v, 'float32')], () => null])(x)).toThrow(
      'customGradient: the function\'s results must share one dtype, got float64, float32; cast them first.',
    );
  });

  it('jacobian and batchJacobian run the rules, one reverse sweep per target element (TensorFlow without pfor), Hessians too', () => {
    // softplus's Jacobian through the custom rule equals the built-in's (diag(sigmoid(x)) · w).
    const x = tf.constant([-1, 0.5, 3], 'float64');
    const jacobianOf = (f: (v: tf.Tensor) => tf.Tensor, persistent: boolean) => {
      const tape = new tf.GradientTape({ persistent });
      tape.watch(x);
      const y = tape.record(() => f(x).mul(tf.constant([1, 2, 3], 'float64')));
      const j = tape.jacobian(y, x)!;
      const again = persistent ? tape.jacobian(y, [x, tf.constant(1, 'float64')], { unconnectedGradients: 'zero' }) : null;
      return { j, again };
    };
    const reference = flat(jacobianOf((v) => tf.softplus(v), false).j);
    for (const persistent of [false, true]) {
      const { j, again } = jacobianOf(log1pexp, persistent);
      expect(j.shape).toEqual([3, 3]);
      flat(j).forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 14));
      if (again) expect([flat(again[0]!), flat(again[1]!)]).toEqual([flat(j), [0, 0, 0]]);
    }
    // With no memory budget the record moves out of wasm between the sweeps, and comes back.
    const budget = tf.memory().budgetBytes;
    tf.setMemoryBudget(0);
    try {
      const evicted = tf.memory().numEvictedTapes;
      const tight = jacobianOf(log1pexp, false).j;
      expect(tf.memory().numEvictedTapes).toBeGreaterThan(evicted);
      expect(flat(tight)).toEqual(flat(jacobianOf(log1pexp, false).j));
    } finally {
      tf.setMemoryBudget(budget);
    }
    // A non-persistent tape is used up by its one Jacobian, as by its one gradient.
    const once = new tf.GradientTape();
    once.watch(x);
    const y = once.record(() => log1pexp(x));
    once.jacobian(y, x);
    expect(() => once.jacobian(y, x)).toThrow(/can only be used to compute one set of gradients/);
    // batchJacobian: examples [b, 2] through a custom square; the built-in square's result.
    const xb = tf.constant([[1, 2], [3, 4], [5, 6]], 'float64');
    const square = tf.customGradient((v: tf.Tensor) => [v.square(), (dy: tf.Tensor) => dy.mul(v).mul(2)]);
    const batch = (sq: (v: tf.Tensor) => tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(xb);
      const yb = tape.record(() => tf.concat([sq(xb), xb.sum(1, true)], 1));
      return tape.batchJacobian(yb, xb);
    };
    const custom = batch(square);
    expect(custom.shape).toEqual([3, 3, 2]);
    expect(custom.arraySync()).toEqual(batch((v) => v.square()).arraySync());
    // Second derivatives: d/dx Σ_ij J_ij of log1pexp(x²) is 2σ(x²) + 4x²σ(x²)(1 - σ(x²)).
    const outer = new tf.GradientTape();
    const total = outer.record(() => {
      outer.watch(x);
      const inner = new tf.GradientTape();
      const yy = inner.record(() => {
        inner.watch(x);
        return log1pexp(x.square());
      });
      return inner.jacobian(yy, x)!.sum();
    });
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = [-1, 0.5, 3].map((v) => 2 * sigmoid(v * v) + 4 * v * v * sigmoid(v * v) * (1 - sigmoid(v * v)));
    flat(outer.gradient(total, x)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });
});
