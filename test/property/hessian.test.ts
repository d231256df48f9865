// Second derivatives: gradient rules are written with recorded ops, so a gradient taken under an
// outer tape can be differentiated again. For random float64 computations (the op sequences of
// forward.test.ts, without stopGradient, whose value still moves with its input, and without
// float32 steps, which make differences too rough, and with only ops smooth away from abs's and
// relu's kinks, whose sides the differences keep to), the Hessian-vector product H·d = ∇(∇f · d)
// taken through nested tapes must match central differences of the tape's own gradient along d,
// (∇f(x + hd) - ∇f(x - hd)) / 2h, extrapolated from two steps, within their error (the larger of
// Richardson's and the scatter of nearby steps), where a wider step agrees (the first derivatives
// are checked against the reference in gradients.test.ts). f sums the last result with random
// weights; the sources are the computation's float tensor leaves.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { FORWARD_OPS, type OpsCase, buildPlan } from './forward-ops';
import { checkProperty, logTally } from './harness';
import { type LeafSpec, type Plan, Rng, makeLeafTensor } from './plan';
import { sizeOf } from './reference';

afterAll(() => logTally('hessian.test.ts'));

const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 });
const shapeArb = fc.array(dimArb, { maxLength: 3 }).filter((s) => sizeOf(s) <= 16);
// (clip has kinks at its bounds that the differences do not keep away from)
const OPS = FORWARD_OPS.filter((op) => op !== 'stopGradient' && op !== 'clip');

/** The float tensor leaves (the sources); below, the nodes that feed `abs` and `relu` (where f has kinks). */
function sourcesOf(plan: Plan): { id: number; spec: LeafSpec }[] {
  return plan.nodes.flatMap((n, id) => (n.op === 'leaf' && n.form === 'tensor' && n.spec.dtype === 'float64' ? [{ id, spec: n.spec }] : []));
}
const absInputs = (plan: Plan) => plan.nodes.flatMap((n) => (n.op === 'unary' && (n.name === 'abs' || n.name === 'relu') ? [n.x] : []));

const data = (t: tf.Tensor) => Array.from(t.dataSync(), Number);

describe('second derivatives through nested tapes', () => {
  it('Hessian-vector products match central differences of the gradient', () => {
    const stats = { compared: 0, elements: 0, skipped: 0 };
    checkProperty(
      'hessian: random compositions',
      fc.property(
        fc.record({ sequence: fc.constant(true), shape: shapeArb, dtype: fc.constant('float64' as const), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), ops: fc.array(fc.constantFrom(...OPS), { minLength: 1, maxLength: 4 }), smoothOnly: fc.constant(true) }),
        (c: OpsCase) => {
          const plan = buildPlan(c);
          const sources = sourcesOf(plan);
          const last = plan.nodes.length - 1;
          // (A cast to float32 on the way rounds f to float32: differences of it are too rough to judge.)
          if (sources.length === 0 || plan.dtype(last) !== 'float64' || plan.nodes.some((_, i) => plan.dtype(i) === 'float32')) {
            stats.skipped++;
            return;
          }
          const rng = new Rng(c.seed ^ 0x5bd1e995);
          const weights = Array.from({ length: sizeOf(plan.shape(last)) }, () => rng.next() * 2 - 1);
          const directions = sources.map((s) => s.spec.values.map(() => rng.next() * 2 - 1));
          const at = (h: number) => sources.map((s, k) => makeLeafTensor({ ...s.spec, values: s.spec.values.map((v, i) => v + h * directions[k]![i]!) }, 'tensor') as tf.Tensor);
          const given = (xs: tf.Tensor[]) => new Map(sources.map((s, k) => [s.id, xs[k]!]));
          const weighted = (y: tf.Tensor) => tf.reduceSum(tf.mul(y, tf.constant(weights, 'float64').reshape(y.shape)));
          /** The tape's gradient at x + h·d, per source (zeros where unconnected), and the abs inputs' signs there. */
          const gradient = (h: number) => {
            const xs = at(h);
            const tape = new tf.GradientTape();
            xs.forEach((x) => tape.watch(x));
            let signs: number[] = [];
            const y = tape.record(() => {
              const values = plan.evalLib(undefined, given(xs));
              signs = absInputs(plan).flatMap((i) => data(values[i] as tf.Tensor).map(Math.sign));
              return weighted(values[last] as tf.Tensor);
            });
            const g = tape.gradient(y, xs);
            return { g: g.map((t, k) => (t ? data(t) : sources[k]!.spec.values.map(() => 0))), signs };
          };
          // H·d through nested tapes: the outer tape records the inner gradient's ops.
          const xs = at(0);
          const outer = new tf.GradientTape();
          xs.forEach((x) => outer.watch(x));
          const dot = outer.record(() => {
            const inner = new tf.GradientTape();
            xs.forEach((x) => inner.watch(x));
            const y = inner.record(() => weighted(plan.evalLib(undefined, given(xs))[last] as tf.Tensor));
            const g = inner.gradient(y, xs);
            const terms = g.flatMap((t, k) => (t ? [tf.reduceSum(tf.mul(t, tf.constant(directions[k]!, 'float64').reshape(t.shape)))] : []));
            return terms.length ? tf.addN(terms) : tf.constant(0, 'float64');
          });
          const hd = outer.gradient(dot, xs).map((t, k) => (t ? data(t) : sources[k]!.spec.values.map(() => 0)));
          // Central differences of the gradient, at h and h/2 (Richardson), away from abs's kinks.
          const base = gradient(0);
          let h = 1e-3;
          const crosses = (step: number) => [gradient(step), gradient(-step)].some((r) => r.signs.some((s, i) => s !== base.signs[i]));
          for (let k = 0; k < 12 && crosses(h); k++) h /= 4;
          if (crosses(h)) {
            stats.skipped++;
            return;
          }
          const central = (step: number) => {
            const [plus, minus] = [gradient(step).g, gradient(-step).g];
            return plus.map((p, k) => p.map((v, i) => (v - minus[k]![i]!) / (2 * step)));
          };
          // The differences' error, two ways. Richardson's |a - b| (steps h and h/2) measures the
          // error of their model, c·h² at step h; it holds where a step of 64 h agrees to within
          // 64² times that. The rounding of the computed gradient adds noise of its own (a
          // cancellation, as in logSoftmax near 0: 0 - log(1 + 1e-9), whose sum rounds at every
          // step; the formula is TensorFlow's), which h and h/2 may sample alike: steps of 1.1 h
          // to 1.3 h scatter by it. Where the gradient has a part quantized wider than 64 h (the
          // sum of 1 + 1e-14 does not move at these steps), h and h/2 see it as constant and
          // miss its derivative, which H·d includes: 64 h shows its jumps, and such an element is
          // not judged.
          const [coarse, fine, wide] = [central(h), central(h / 2), central(64 * h)];
          const nearby = [1.1, 1.2, 1.3].map((f) => central(f * h));
          const problems: string[] = [];
          hd.forEach((row, k) =>
            row.forEach((v, i) => {
              const [a, b] = [coarse[k]![i]!, fine[k]![i]!];
              const estimate = (4 * b - a) / 3;
              const richardson = Math.abs(b - a);
              const outOfModel = !(Math.abs(wide[k]![i]! - estimate) <= 1e-6 * (1 + Math.abs(estimate)) + 64 * 64 * 2 * richardson);
              const error = Math.max(richardson, ...nearby.map((n) => Math.abs(n[k]![i]! - a)));
              if (!Number.isFinite(estimate) || !Number.isFinite(v) || error > 1e-2 * (1 + Math.abs(estimate)) || outOfModel) return; // too rough to judge
              stats.elements++;
              if (Math.abs(v - estimate) > 1e-6 * (1 + Math.abs(estimate)) + 4 * error) problems.push(`source v${sources[k]!.id} [${i}]: H·d ${v}, differences ${estimate} ± ${error.toExponential(1)}`);
            }),
          );
          if (problems.length) throw new Error(`${problems.slice(0, 6).join('\n')}\n--- plan (sources ${sources.map((s) => `v${s.id}`).join(', ')}):\n${plan.code()}`);
          stats.compared++;
        },
      ),
      { seed: 7071, numRuns: 400 },
      () => `${stats.compared} compared (${stats.elements} elements), ${stats.skipped} skipped (no source, a float32 step, or a kink too close)`,
    );
    expect(stats.elements, 'few elements compared').toBeGreaterThan(400);
  });
});
