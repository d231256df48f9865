// The eviction clock (tensor.ts): a sweep evicts tensors not used since the previous sweep and
// keeps the operands of the operation in progress, those used at the current tick. Operations that
// return no tensor (an optimizer step, an assignment, a compiled call without results) must move
// the clock on too: in a loop of such calls on new tensors made from JavaScript arrays, every
// tensor stayed "in use now" and none could be evicted, so wasm memory grew without bound (found
// while looking into a fuzzing failure: 3,000 compiled steps given new batches kept 6,000 tensors,
// 6 of them evicted).
import * as tf from 'gradtape';
import { afterEach, describe, expect, it } from 'vitest';

const budget = tf.memory().budgetBytes;
afterEach(() => tf.setMemoryBudget(budget));

/** Runs `step` `n` times under a budget of 64 KiB; returns the growth of the wasm tensor count
 * and the resident bytes at the end. */
function underSmallBudget(n: number, step: (i: number) => void): { grown: number; resident: number; evicted: number } {
  tf.setMemoryBudget(64 * 1024);
  const before = tf.memory();
  for (let i = 0; i < n; i++) step(i);
  const after = tf.memory();
  return { grown: after.numTensors - before.numTensors, resident: after.residentBytes, evicted: after.numEvicted - before.numEvicted };
}

/** The most tensors 64 KiB holds: each counts its data and 64 bytes of bookkeeping. */
const MAX_RESIDENT = (64 * 1024) / 64;

const rows = (i: number) => Array.from({ length: 20 }, (_, r) => [Math.sin(r + i), Math.cos(r), 1]);
const targets = (i: number) => Array.from({ length: 20 }, (_, r) => [Math.cos(r + i)]);

describe('operations that return no tensor let their operands be evicted', () => {
  it('a compiled training step given new batches made from arrays, returning nothing', () => {
    const w = new tf.Variable([[0.1], [0.2], [0.3]]);
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
    const step = tf.function((x: tf.Tensor, y: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(x, w).sub(y))));
      opt.applyGradients([[tape.gradient(loss, w), w]]);
    });
    const r = underSmallBudget(3000, (i) => step(tf.constant(rows(i)), tf.constant(targets(i))));
    expect(r.evicted).toBeGreaterThan(5000);
    expect(r.resident).toBeLessThanOrEqual(64 * 1024);
    expect(r.grown).toBeLessThanOrEqual(MAX_RESIDENT);
  });

  it('optimizer steps on gradients made from arrays', () => {
    const w = new tf.Variable([1, 2, 3]);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    const r = underSmallBudget(3000, (i) => opt.applyGradients([[tf.constant([0.1, 0.2, i]), w]]));
    expect(r.evicted).toBeGreaterThan(2000);
    expect(r.resident).toBeLessThanOrEqual(64 * 1024);
    expect(r.grown).toBeLessThanOrEqual(MAX_RESIDENT);
  });

  it('assignments of values made from arrays', () => {
    const w = new tf.Variable([1, 2, 3]);
    const r = underSmallBudget(3000, (i) => w.assign(tf.constant([i, i + 1, i + 2])));
    expect(r.evicted).toBeGreaterThan(2000);
    expect(r.resident).toBeLessThanOrEqual(64 * 1024);
    expect(w.arraySync()).toEqual([2999, 3000, 3001]);
  });
});

describe('an op on more inputs than the resident count limit', () => {
  it('gets them all, and the count limit holds again for the ops after it', () => {
    // 10,000 inputs uploaded for one op are all in use: the sweeps during the uploads cannot
    // evict them (they now wait for twice as many residents instead of sweeping at every upload).
    const start = tf.memory().numTensors;
    const inputs = Array.from({ length: 10_000 }, (_, i) => tf.constant([i, -i]));
    const stacked = tf.stack(inputs);
    expect(stacked.shape).toEqual([10_000, 2]);
    expect(stacked.slice([9_999, 0], [1, 2]).arraySync()).toEqual([[9_999, -9_999]]);
    // Afterwards, a loop of small ops on fresh tensors (never disposed) keeps at most 2,048
    // tensors in wasm, as before the big op (its inputs, unused since, are evicted too).
    let last = tf.constant([0, 0]);
    for (let i = 0; i < 20_000; i++) last = tf.constant([i, 1]).add(1);
    expect(last.arraySync()).toEqual([20_000, 2]);
    expect(tf.memory().numTensors - start).toBeLessThanOrEqual(2048);
  });
});

describe('an evicted tensor keeps its values', () => {
  // Tensors of 2 to 256 elements come out of wasm through the batch call's scratch area, one
  // copy loop per dtype; larger ones by their own copy, scalars as a value. Each dtype and size
  // around those bounds, made by an op (so it lives in wasm), evicted, then read.
  it.each(['float32', 'float64', 'int32', 'bool'] as const)('%s, 1 to 257 elements', (dtype) => {
    const sizes = [1, 2, 3, 20, 255, 256, 257];
    const expected = (n: number) =>
      Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : dtype === 'float32' ? Math.fround(Math.fround(i / 3) - 7) : dtype === 'int32' ? i - 7 : i / 3 - 7));
    // float64 i/3 - 7 is not a float32: a copy through float32 would change it.
    const made = sizes.map((n) => {
      const base = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 : dtype === 'int32' ? i : i / 3));
      return dtype === 'bool' ? tf.equal(tf.constant(base, 'int32'), 0) : tf.constant(base, dtype).sub(7);
    });
    const evictedBefore = tf.memory().numEvicted;
    tf.setMemoryBudget(1024);
    for (let i = 0; i < 50; i++) tf.constant([i, 1]).add(1); // later ops, so the sweeps take the older ones
    tf.setMemoryBudget(budget);
    expect(tf.memory().numEvicted - evictedBefore).toBeGreaterThanOrEqual(sizes.length);
    for (const t of made) expect((t as unknown as { _h: number })._h).toBe(0); // out of wasm
    made.forEach((t, k) => {
      expect(t.dtype).toBe(dtype);
      expect(Array.from(t.dataSync() as ArrayLike<number>).map((v) => (dtype === 'bool' ? v === 1 : v))).toEqual(expected(sizes[k]!));
    });
  });
});
