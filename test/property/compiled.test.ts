// Compiled against eager: random computations (the op sequences of forward.test.ts, and their
// gradients under a tape for the float dtypes) run as written and inside tf.function, traced on
// the first call and replayed on the second. The replay must give what eager execution gives,
// bit for bit, as tf.function's documentation promises: the same shapes, dtypes and values (any
// NaN for a NaN). A case whose eager run throws is skipped (forward.test.ts judges those); a trace
// refused because the computation reads a traced value in JavaScript (TensorFlow's rule) is
// counted, and must stay rare.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { FORWARD_OPS, type OpsCase, buildPlan } from './forward-ops';
import { checkProperty, describeError, logTally } from './harness';
import type { Plan } from './plan';
import { type DType, sizeOf } from './reference';

afterAll(() => logTally('compiled.test.ts'));

const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 });
const shapeArb = fc.array(dimArb, { maxLength: 4 }).filter((s) => sizeOf(s) <= 64);
const isFloat = (d: string) => d === 'float32' || d === 'float64';

interface CompiledCase extends OpsCase {
  /** Also the gradient of the last result's sum with respect to every float leaf tensor. */
  withGradient: boolean;
}

/** The plan's values (tensors among JavaScript leaves), and with `withGradient` the gradients
 * after them: what the eager run and the compiled function both compute. */
function evaluate(plan: Plan, withGradient: boolean): unknown[] {
  if (!withGradient) return plan.evalLib();
  const tape = new tf.GradientTape();
  const leaves: tf.Tensor[] = [];
  const values = tape.record(() =>
    plan.evalLib((_, v) => {
      if (v instanceof tf.Tensor && isFloat(v.dtype)) {
        tape.watch(v);
        leaves.push(v);
      }
    }),
  );
  const last = values[values.length - 1];
  if (!(last instanceof tf.Tensor) || !isFloat(last.dtype) || leaves.length === 0) return values;
  return [...values, ...tape.gradient(last, leaves)];
}

interface Snapshot {
  shape: number[];
  dtype: DType;
  data: number[];
}

const snapshot = (values: unknown[]): (Snapshot | null)[] =>
  values.map((v) => (v instanceof tf.Tensor ? { shape: v.shape.slice(), dtype: v.dtype as DType, data: Array.from(v.dataSync(), Number) } : null));

function differences(eager: (Snapshot | null)[], compiled: (Snapshot | null)[]): string[] {
  if (eager.length !== compiled.length) return [`${compiled.length} results, eager gave ${eager.length}`];
  const out: string[] = [];
  eager.forEach((e, i) => {
    const c = compiled[i]!;
    if (e === null || c === null) {
      if (e !== c) out.push(`result ${i}: a tensor on one side only`);
      return;
    }
    if (e.dtype !== c.dtype || e.shape.join() !== c.shape.join()) {
      out.push(`result ${i}: ${c.dtype} [${c.shape}], eager ${e.dtype} [${e.shape}]`);
      return;
    }
    e.data.forEach((x, k) => {
      const y = c.data[k]!;
      const same = Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
      if (!same && out.length < 8) out.push(`result ${i} [${k}]: compiled ${y}, eager ${x} (${e.dtype})`);
    });
  });
  return out;
}

const READS_TRACED = /reads the values of a tensor computed from its arguments/;

function compiledProperty(name: string, withGradient: fc.Arbitrary<boolean>, dtypes: DType[], numRuns: number, seed: number): void {
  const stats = { compared: 0, asWritten: 0, skipped: 0, refused: 0 };
  const arb: fc.Arbitrary<CompiledCase> = fc.record({
    sequence: fc.constant(true),
    shape: shapeArb,
    dtype: fc.constantFrom(...dtypes),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    ops: fc.array(fc.constantFrom(...FORWARD_OPS), { minLength: 1, maxLength: 6 }),
    withGradient,
  });
  checkProperty(
    name,
    fc.property(arb, (c) => {
      const plan = buildPlan(c);
      let eager: (Snapshot | null)[];
      try {
        eager = snapshot(evaluate(plan, c.withGradient));
      } catch {
        stats.skipped++;
        return;
      }
      // A JavaScript side effect runs only while tracing: a second run means the call was not replayed.
      let runs = 0;
      const step = tf.function(() => {
        runs++;
        return evaluate(plan, c.withGradient);
      });
      let traced: (Snapshot | null)[];
      let replayed: (Snapshot | null)[];
      try {
        traced = snapshot(step() as unknown[]);
        replayed = snapshot(step() as unknown[]);
      } catch (e) {
        if (READS_TRACED.test(String(e))) {
          stats.refused++;
          return;
        }
        throw new Error(`tf.function threw ${describeError(e)} where the eager run computes a result\n--- plan:\n${plan.code()}`);
      }
      const problems = [...differences(eager, traced).map((p) => `traced call: ${p}`), ...differences(eager, replayed).map((p) => `replay: ${p}`)];
      if (problems.length) throw new Error(`${problems.join('\n')}\n--- plan${c.withGradient ? ' (and its gradient, see compiled.test.ts)' : ''}:\n${plan.code()}`);
      expect(step.experimentalGetTracingCount()).toBe(1);
      if (runs === 1) stats.compared++;
      else stats.asWritten++;
    }),
    { seed, numRuns },
    () =>
      `${stats.compared} replays compared, ${stats.asWritten} not replayable (ran as written), ${stats.skipped} skipped (eager threw), ${stats.refused} refused (traced values read)`,
  );
  expect(stats.compared, 'no case was compared').toBeGreaterThan(numRuns / 2);
  expect(stats.refused, 'most traces were refused').toBeLessThan(numRuns / 10);
}

describe('tf.function replays random computations as eager execution computes them', () => {
  it('op sequences of every dtype', () => {
    compiledProperty('compiled: op sequences', fc.constant(false), ['float32', 'float64', 'int32'], 1500, 3031);
  });
  it('op sequences and their gradients, float32 and float64', () => {
    compiledProperty('compiled: op sequences with gradients', fc.constant(true), ['float32', 'float64'], 1500, 3032);
  });
});
