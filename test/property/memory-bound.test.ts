// The memory bound: loops of random public operations on tensors made fresh from JavaScript arrays
// at every iteration (eager ops, optimizer steps, assignments, compiled calls with and without
// results, gradients, Jacobians, tidy scopes, reads), never disposed, keep the tensors in wasm
// within the memory budget: after every iteration the resident bytes are at most the budget (and
// the operands of the last operation, which a sweep keeps), and the wasm tensor count grows by no
// more than the budget holds. (A loop whose operations returned no tensor once kept every operand:
// see test/eviction-clock.test.ts.)
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkProperty, logTally } from './harness';

afterAll(() => logTally('memory-bound.test.ts'));
const budget = tf.memory().budgetBytes;
afterEach(() => tf.setMemoryBudget(budget));

const BUDGET = 16 * 1024;
/** What the last operation's operands and result may add (a sweep keeps them): a few small tensors. */
const IN_USE = 4096;
/** Each resident tensor counts its data and 64 bytes of bookkeeping. */
const MAX_RESIDENT = BUDGET / 64;

const ACTIONS = ['op', 'optimizer', 'assign', 'compiledWithResult', 'compiledWithout', 'gradient', 'jacobian', 'tidy', 'read'] as const;
type Action = (typeof ACTIONS)[number];

/** The loop's long-lived state (made before the budget is set) and one iteration per action. */
function loop() {
  const w = new tf.Variable([0.5, -0.5, 0.25]);
  const optimizers = [new tf.keras.optimizers.SGD({ learningRate: 0.01, momentum: 0.9 }), new tf.keras.optimizers.Adam({ learningRate: 0.01 })];
  const compiledWith = tf.function((x: tf.Tensor) => tf.reduceSum(tf.mul(x, w)));
  const compiledWithout = tf.function((x: tf.Tensor) => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.square(tf.sub(x, w))));
    optimizers[0]!.applyGradients([[tape.gradient(loss, w), w]]);
  });
  const kept: tf.Tensor[] = [];
  const fresh = (i: number) => tf.constant([Math.sin(i), Math.cos(i), i % 7]);
  const act: Record<Action, (i: number) => void> = {
    op: (i) => void fresh(i).mul(2).add(1),
    optimizer: (i) => void optimizers[i % 2]!.applyGradients([[fresh(i), w]]),
    assign: (i) => void w.assign(fresh(i).mul(0.01)),
    compiledWithResult: (i) => void compiledWith(fresh(i)),
    compiledWithout: (i) => void compiledWithout(fresh(i)),
    gradient: (i) => {
      const x = fresh(i);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.reduceSum(tf.square(x)));
      tape.gradient(y, [x, w]);
    },
    jacobian: (i) => {
      const x = fresh(i);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.mul(x, x));
      tape.jacobian(y, x);
    },
    tidy: (i) => void tf.tidy(() => fresh(i).add(w)),
    read: (i) => {
      // A tensor kept from earlier iterations (evicted to JavaScript memory by now) is read, and
      // used again, which uploads it.
      if (kept.length < 8) kept.push(fresh(i));
      const t = kept[i % kept.length]!;
      t.dataSync();
      void t.add(1);
    },
  };
  return { act, dispose: () => [w, ...optimizers, ...kept].forEach((x) => x.dispose()) };
}

describe('loops of random operations on fresh tensors stay within the memory budget', () => {
  it('every operation, never disposed', () => {
    const stats = { iterations: 0, evicted: 0 };
    checkProperty(
      'memory bound: random operation loops',
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 4 }), fc.integer({ min: 400, max: 800 }), (body: Action[], n: number) => {
        const { act, dispose } = loop();
        tf.setMemoryBudget(BUDGET);
        const before = tf.memory();
        try {
          for (let i = 0; i < n; i++) {
            for (const a of body) act[a](i);
            const m = tf.memory();
            if (m.residentBytes > BUDGET + IN_USE) throw new Error(`[${body}] iteration ${i}: ${m.residentBytes} resident bytes, over the budget of ${BUDGET}`);
            if (m.numTensors - before.numTensors > MAX_RESIDENT + IN_USE / 64) {
              throw new Error(`[${body}] iteration ${i}: ${m.numTensors - before.numTensors} more wasm tensors than before the loop, more than the budget holds`);
            }
          }
          stats.iterations += n;
          stats.evicted += tf.memory().numEvicted - before.numEvicted;
        } finally {
          tf.setMemoryBudget(budget);
          dispose();
        }
      }),
      { seed: 6061, numRuns: 60 },
      () => `${stats.iterations} iterations, ${stats.evicted} tensors evicted`,
    );
    expect(stats.evicted).toBeGreaterThan(stats.iterations);
  });
});
