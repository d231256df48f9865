// Eviction against none: random computations (the op sequences of forward.test.ts, and their
// gradients under a tape, persistent ones taken twice) run with the default memory budget and
// again with a budget of a few bytes, where nearly every op sweeps: tensors move to JavaScript
// memory and back into wasm (under their old ids, which the tape knows them by) many times within
// one case, and a persistent tape's record moves out between its gradients. Both runs must give the
// same results, bit for bit.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan } from './forward-ops';
import { checkProperty, logTally } from './harness';
import { type RunCase, type Snapshot, differences, largeShapeArb, resultsOf, runCaseArb } from './runs';

afterAll(() => logTally('eviction.test.ts'));

function evictionProperty(name: string, withGradient: boolean, numRuns: number, seed: number, large = false): void {
  const budget = tf.memory().budgetBytes;
  const stats = { compared: 0, skipped: 0, evicted: 0, tapes: 0 };
  checkProperty(
    name,
    fc.property(
      runCaseArb(fc.constant(withGradient), withGradient ? ['float32', 'float64'] : ['float32', 'float64', 'int32'], large ? largeShapeArb : undefined),
      fc.constantFrom(0, 64, 4096),
      (c: RunCase, tight: number) => {
        const plan = buildPlan(c);
        const roomy = resultsOf(plan, c);
        if (roomy === null) {
          stats.skipped++;
          return;
        }
        const before = tf.memory();
        let swept: (Snapshot | null)[] | null;
        tf.setMemoryBudget(tight);
        try {
          swept = resultsOf(plan, c);
        } finally {
          tf.setMemoryBudget(budget);
        }
        if (swept === null) throw new Error(`the tight run threw where the default budget's computes a result\n--- plan:\n${plan.code()}`);
        const after = tf.memory();
        const problems = differences(roomy, swept, [`budget ${budget}`, `budget ${tight}`]);
        if (problems.length) throw new Error(`${problems.join('\n')}\n--- plan${c.withGradient ? ' (and its gradient, see runs.ts)' : ''}:\n${plan.code()}`);
        stats.evicted += after.numEvicted - before.numEvicted;
        stats.tapes += after.numEvictedTapes - before.numEvictedTapes;
        stats.compared++;
      },
    ),
    { seed, numRuns },
    () => `${stats.compared} compared, ${stats.skipped} skipped (the computation throws), ${stats.evicted} tensors and ${stats.tapes} tapes evicted by the tight runs`,
  );
  expect(stats.compared, 'no case was compared').toBeGreaterThan(numRuns / 2);
  expect(stats.evicted, 'the tight budget evicted little').toBeGreaterThan(stats.compared);
  // Persistent tapes, taken twice, are moved out of wasm between (and restored) in some cases.
  if (withGradient) expect(stats.tapes, 'no tape was evicted').toBeGreaterThan(0);
}

describe('a tight memory budget changes no result', () => {
  it('op sequences of every dtype', () => {
    evictionProperty('eviction: op sequences', false, 1000, 4041);
  });
  it('op sequences and their gradients', () => {
    evictionProperty('eviction: op sequences with gradients', true, 1000, 4042);
  });
  // Results of 2^14 elements or more are evicted without a copy and made again from their recipes
  // (their inputs made again too, or uploaded, disposed or not): the same bits.
  it('op sequences on tensors large enough to be evicted by their recipes', () => {
    evictionProperty('eviction: large op sequences', false, 150, 4043, true);
  });
  it('op sequences on large tensors and their gradients', () => {
    evictionProperty('eviction: large op sequences with gradients', true, 150, 4044, true);
  });
});
