// Compiled against eager: random computations (the op sequences of forward.test.ts, and their
// gradients under a tape for the float dtypes) run as written and inside tf.function, traced on
// the first call and replayed on the second. The replay must give what eager execution gives,
// bit for bit, as tf.function's documentation promises: the same shapes, dtypes and values (any
// NaN for a NaN). With the computation's tensors as the function's arguments, replays on other
// values must equal eager runs on those (the arguments are read, not baked into the program),
// and an error the eager run raises must be raised by the replay. A case whose eager run throws is skipped (forward.test.ts judges those); a trace
// refused because the computation reads a traced value in JavaScript (TensorFlow's rule) is
// counted, and must stay rare.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan } from './forward-ops';
import { checkProperty, describeError, logTally } from './harness';
import { type LeafSpec, type Plan, makeLeafTensor } from './plan';
import type { DType } from './reference';
import { type RunCase, type Snapshot, differences, evaluate, resultsOf, runCaseArb, snapshot } from './runs';

afterAll(() => logTally('compiled.test.ts'));

const READS_TRACED = /reads the values of a tensor computed from its arguments/;

function compiledProperty(name: string, withGradient: fc.Arbitrary<boolean>, dtypes: DType[], numRuns: number, seed: number): void {
  const stats = { compared: 0, asWritten: 0, skipped: 0, refused: 0 };
  checkProperty(
    name,
    fc.property(runCaseArb(withGradient, dtypes), (c: RunCase) => {
      const plan = buildPlan(c);
      const eager = resultsOf(plan, c);
      if (eager === null) {
        stats.skipped++;
        return;
      }
      // A JavaScript side effect runs only while tracing: a second run means the call was not replayed.
      let runs = 0;
      const step = tf.function(() => {
        runs++;
        return evaluate(plan, c.withGradient, c.persistent);
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
      const problems = [...differences(eager, traced, ['eager', 'traced call']), ...differences(eager, replayed, ['eager', 'replay'])];
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
  expect(stats.asWritten, 'most traces could not be replayed').toBeLessThan(numRuns / 10);
}

/** The leaves of form 'tensor' (a compiled function's arguments, below) and their specs. */
function tensorLeaves(plan: Plan): { id: number; spec: LeafSpec }[] {
  return plan.nodes.flatMap((n, id) => (n.op === 'leaf' && n.form === 'tensor' ? [{ id, spec: n.spec }] : []));
}

/** Other values of the same signs (zeros stay zeros, so the ops stay valid: an int32 exponent
 * stays non-negative, a log's argument positive): floats times 1.5, integers one further from 0. */
function otherValues(spec: LeafSpec): LeafSpec {
  const values = spec.values.map((v) => (spec.dtype === 'int32' ? (v > 0 && v < 2 ** 31 - 1 ? v + 1 : v < 0 && v > -(2 ** 31) ? v - 1 : v) : v * 1.5));
  return { ...spec, values };
}

/** The plan with its tensor leaves as the compiled function's arguments: traced on the leaves'
 * values, then replayed on other values and on the first ones again, each against eager. */
function argumentsProperty(name: string, numRuns: number, seed: number): void {
  const stats = { compared: 0, skipped: 0, bothThrew: 0, withArguments: 0 };
  checkProperty(
    name,
    fc.property(runCaseArb(fc.boolean(), ['float32', 'float64', 'int32']), (c: RunCase) => {
      const plan = buildPlan(c);
      const withGradient = c.withGradient && c.dtype !== 'int32';
      const leaves = tensorLeaves(plan);
      const argsOf = (specs: LeafSpec[]) => specs.map((spec) => makeLeafTensor(spec, 'tensor') as tf.Tensor);
      const first = argsOf(leaves.map((l) => l.spec));
      const second = argsOf(leaves.map((l) => otherValues(l.spec)));
      const run = (args: tf.Tensor[]) => evaluate(plan, withGradient, c.persistent, new Map(leaves.map((l, k) => [l.id, args[k]!])));
      let eagerFirst: (Snapshot | null)[];
      try {
        eagerFirst = snapshot(run(first));
      } catch {
        stats.skipped++;
        return;
      }
      const step = tf.function((...args: tf.Tensor[]) => run(args));
      const traced = snapshot(step(...first) as unknown[]);
      let eagerSecond: (Snapshot | null)[] | null = null;
      try {
        eagerSecond = snapshot(run(second));
      } catch {
        // What throws eagerly (an op that checks values) must throw when replayed too.
        expect(() => step(...second)).toThrow();
        stats.bothThrew++;
      }
      const problems = differences(eagerFirst, traced, ['eager', 'traced call']);
      if (eagerSecond) problems.push(...differences(eagerSecond, snapshot(step(...second) as unknown[]), ['eager on other values', 'replay on them']));
      problems.push(...differences(eagerFirst, snapshot(step(...first) as unknown[]), ['eager', 'replay on the first values']));
      if (problems.length) throw new Error(`${problems.join('\n')}\n--- plan (the tensor leaves ${leaves.map((l) => `v${l.id}`).join(', ')} as arguments):\n${plan.code()}`);
      expect(step.experimentalGetTracingCount()).toBe(1);
      stats.compared++;
      if (leaves.length > 0) stats.withArguments++;
    }),
    { seed, numRuns },
    () => `${stats.compared} compared (${stats.withArguments} with tensor arguments), ${stats.bothThrew} threw eagerly and replayed, ${stats.skipped} skipped`,
  );
  expect(stats.withArguments, 'few cases had tensor arguments').toBeGreaterThan(numRuns / 2);
}

describe('tf.function replays random computations as eager execution computes them', () => {
  it('op sequences of every dtype', () => {
    compiledProperty('compiled: op sequences', fc.constant(false), ['float32', 'float64', 'int32'], 1500, 3031);
  });
  it('op sequences and their gradients, float32 and float64', () => {
    compiledProperty('compiled: op sequences with gradients', fc.constant(true), ['float32', 'float64'], 1500, 3032);
  });
  it('with their tensors as arguments, replayed on other values', () => {
    argumentsProperty('compiled: tensor arguments replayed on other values', 1500, 3033);
  });
});
