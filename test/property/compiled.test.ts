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
import { buildPlan } from './forward-ops';
import { checkProperty, describeError, logTally } from './harness';
import type { DType } from './reference';
import { type RunCase, type Snapshot, differences, evaluate, runCaseArb, snapshot } from './runs';

afterAll(() => logTally('compiled.test.ts'));

const READS_TRACED = /reads the values of a tensor computed from its arguments/;

function compiledProperty(name: string, withGradient: fc.Arbitrary<boolean>, dtypes: DType[], numRuns: number, seed: number): void {
  const stats = { compared: 0, asWritten: 0, skipped: 0, refused: 0 };
  checkProperty(
    name,
    fc.property(runCaseArb(withGradient, dtypes), (c: RunCase) => {
      const plan = buildPlan(c);
      let eager: (Snapshot | null)[];
      try {
        eager = snapshot(evaluate(plan, c.withGradient, c.persistent));
      } catch {
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

describe('tf.function replays random computations as eager execution computes them', () => {
  it('op sequences of every dtype', () => {
    compiledProperty('compiled: op sequences', fc.constant(false), ['float32', 'float64', 'int32'], 1500, 3031);
  });
  it('op sequences and their gradients, float32 and float64', () => {
    compiledProperty('compiled: op sequences with gradients', fc.constant(true), ['float32', 'float64'], 1500, 3032);
  });
});
