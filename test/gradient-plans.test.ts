// Training loops whose tapes repeat one structure: from the third gradient of a structure on, the
// engine replays the sweep it traced at the second (crates/gradtape-core/src/gradient_plans.rs).
// The replays must take every value of the step at hand: new data, a changed constant, updated
// weights. Each step's gradient is checked against its formula in float64.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers/gradcheck';

const close = (got: number[], want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want[i]!))));
};

describe('gradients of a training loop, step after step', () => {
  it('take each step\'s data, constant and weights (least squares with mini-batches)', () => {
    const rand = seededRandom(7);
    const w = new tf.Variable([[0.5], [-0.25], [1.5]], { dtype: 'float64' });
    for (let step = 0; step < 8; step++) {
      // A new batch of 5 rows, and a scale that changes every step.
      const xs = Array.from({ length: 5 }, () => [rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1]);
      const ys = Array.from({ length: 5 }, () => [rand()]);
      const c = 1 + step / 4;
      const x = tf.constant(xs, 'float64');
      const y = tf.constant(ys, 'float64');
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w).mul(c)))));
      const g = tape.gradient(loss, w)!;
      // d/dw sum((y - c x w)²) = -2 c xᵀ (y - c x w)
      const wv = w.arraySync() as number[][];
      const r = xs.map((row, i) => ys[i]![0]! - c * row.reduce((s, v, j) => s + v * wv[j]![0]!, 0));
      const want = [0, 1, 2].map((j) => -2 * c * xs.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
      close(Array.from(g.dataSync()), want);
      w.assign(w.sub(g.mul(0.05)));
    }
  });

  it("take a constant of the step, not a rule's constant of the same value", () => {
    // sum((c x)²) with c = 2 while the plan is traced: square's rule, 2 · (c x) · g, has a 2 of
    // its own. Later steps' c must not become it.
    const x = new tf.Variable([0.75, -1.5], { dtype: 'float64' });
    for (const c of [2, 2, 2, 5, 3, 2, 0.5]) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(x.mul(c))));
      const g = tape.gradient(loss, x)!;
      // d/dx sum((c x)²) = 2 c² x
      close(Array.from(g.dataSync()), [0.75, -1.5].map((v) => 2 * c * c * v));
    }
  });

  it('give each source its gradient, with unconnected sources null, in float32 as the sweep does', () => {
    const a = new tf.Variable([1, 2, 3]);
    const b = new tf.Variable([4, 5, 6]);
    const unused = new tf.Variable([7]);
    const got: number[][] = [];
    for (let step = 0; step < 5; step++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.tanh(a.mul(b)).add(a.square())));
      const [ga, gb, gu] = tape.gradient(loss, [a, b, unused]);
      expect(gu).toBeNull();
      got.push([...ga!.dataSync(), ...gb!.dataSync()]);
      a.assign(a.mul(0.9));
    }
    // The same steps, each gradient on a tape of a structure seen for the first time (a step of
    // its own op count): swept, never replayed.
    a.assign(tf.constant([1, 2, 3]));
    for (let step = 0; step < 5; step++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        let t = tf.reduceSum(tf.tanh(a.mul(b)).add(a.square()));
        for (let k = 0; k < step + 10; k++) t = t.add(0);
        return t;
      });
      const [ga, gb] = tape.gradient(loss, [a, b]);
      expect([...ga!.dataSync(), ...gb!.dataSync()]).toEqual(got[step]);
      a.assign(a.mul(0.9));
    }
  });

  // Composite losses built in TypeScript from many primitives, over a small network. Each step
  // takes its gradient twice: on a non-persistent tape (replayed from a plan from the third step
  // on), and on a persistent tape inside its own context, which the engine never plans (the rules'
  // ops are recorded there): the same bits, step after step.
  const losses: [string, (logits: tf.Tensor, labels: tf.Tensor) => tf.Tensor][] = [
    ['softmax cross-entropy', (z, y) => tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: y, logits: z }))],
    ['sigmoid cross-entropy', (z, y) => tf.reduceSum(tf.nn.sigmoidCrossEntropyWithLogits({ labels: y, logits: z }))],
    ['log-cosh of tanh', (z, y) => tf.reduceMean(tf.log(tf.cosh(tf.tanh(z).sub(y))))],
    ['gelu, max and logSumExp', (z, y) => tf.reduceLogSumExp(tf.nn.gelu(z).mul(y)).add(tf.reduceMax(z.abs()))],
  ];
  it.each(losses)('equal the unplanned sweep bit for bit: %s over a dense layer', (_, loss) => {
    const rand = seededRandom(11);
    const w = new tf.Variable(Array.from({ length: 4 }, () => [rand() - 0.5, rand() - 0.5, rand() - 0.5]), { dtype: 'float64' });
    const b = new tf.Variable([0.1, -0.2, 0.3], { dtype: 'float64' });
    for (let step = 0; step < 5; step++) {
      const x = tf.constant(Array.from({ length: 6 }, () => [rand(), rand(), rand(), rand()]), 'float64');
      const y = tf.constant(Array.from({ length: 6 }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))), 'float64');
      const forward = () => loss(tf.relu(x.matmul(w)).add(b), y);
      const tape = new tf.GradientTape();
      const planned = tape.gradient(tape.record(forward), [w, b]);
      const persistent = new tf.GradientTape({ persistent: true });
      const swept = persistent.record(() => persistent.gradient(forward(), [w, b]));
      persistent.dispose();
      for (let k = 0; k < 2; k++) expect(Array.from(planned[k]!.dataSync())).toEqual(Array.from(swept[k]!.dataSync()));
      w.assign(w.sub(planned[0]!.mul(0.1)));
      b.assign(b.sub(planned[1]!.mul(0.1)));
    }
  });
});
