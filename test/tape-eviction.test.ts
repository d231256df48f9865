// Tapes that stopped recording count against the memory budget and are evicted to JS like
// tensors (README, "How memory works"). An evicted tape must behave exactly like one that stayed:
// the same gradients, persistence, nesting, reset and re-recording; memory() accounts for it.
import * as tf from 'gradtape';
import { afterEach, describe, expect, it } from 'vitest';

const DEFAULT_BUDGET = tf.memory().budgetBytes;

afterEach(() => {
  tf.setMemoryBudget(DEFAULT_BUDGET);
});

/** Drops enough tapes that every tape not used since is evicted (past the resident tape count). */
function evictOtherTapes(): void {
  const x = tf.constant(1, 'float64');
  for (let i = 0; i < 600; i++) {
    const t = new tf.GradientTape();
    t.watch(x);
    t.record(() => x.mul(2));
  }
}

describe('tape eviction', () => {
  it('a persistent tape evicted and restored gives the same gradients, twice', () => {
    const x = tf.constant([1, 2, 3], 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(x.mul(x).mul(x)));
    const before = tf.memory().numEvictedTapes;
    evictOtherTapes();
    expect(tf.memory().numEvictedTapes).toBeGreaterThan(before);
    expect(tape.gradient(y, x)!.arraySync()).toEqual([3, 12, 27]);
    evictOtherTapes();
    expect(tape.gradient(y, x)!.arraySync()).toEqual([3, 12, 27]);
    tape.dispose();
  });

  it('a dropped tape costs wasm memory only until a sweep: a loop of dropped tapes stays bounded', () => {
    const w = new tf.Variable(tf.ones([64, 64]));
    const x = tf.ones([64, 64]);
    tf.setMemoryBudget(4 * 1024 * 1024);
    for (let i = 0; i < 400; i++) {
      const t = new tf.GradientTape();
      t.record(() => x.matmul(w)); // 16 KiB saved per tape, never gradient() or dispose()
    }
    const m = tf.memory();
    expect(m.numEvictedTapes).toBeGreaterThan(0);
    expect(m.tapeBytes).toBeLessThanOrEqual(m.budgetBytes);
    expect(m.numTapes).toBeLessThan(300);
  });

  it('nested tapes: an inner tape evicted before its gradient still gives second derivatives', () => {
    const x = new tf.Variable(2, { dtype: 'float64' });
    const outer = new tf.GradientTape();
    const dydx = outer.record(() => {
      const inner = new tf.GradientTape();
      const y = inner.record(() => x.mul(x).mul(x)); // y = x^3
      outer.stopRecording(() => evictOtherTapes());
      return inner.gradient(y, x)!; // 3x^2, recorded on outer
    });
    expect(dydx.item()).toBe(12);
    expect(outer.gradient(dydx, x)!.item()).toBe(12); // d(3x^2)/dx = 6x
  });

  it('an evicted persistent tape can record again, and reset forgets what it held', () => {
    const x = tf.constant(3, 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    const a = tape.record(() => x.mul(x));
    evictOtherTapes();
    const b = tape.record(() => a.mul(x)); // x^3 through the restored record
    expect(tape.gradient(b, x)!.item()).toBe(27);
    evictOtherTapes();
    tape.reset();
    expect(tape.gradient(b, x)).toBeNull();
    tape.dispose();
  });

  it('a non-persistent tape evicted is still used up by one gradient', () => {
    const x = tf.constant(2, 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => x.mul(x));
    evictOtherTapes();
    expect(tape.gradient(y, x)!.item()).toBe(4);
    expect(() => tape.gradient(y, x)).toThrow(/only be used to compute one set of gradients/);
  });

  it('memory() counts the bytes of tapes that stopped recording, and drops them when freed', () => {
    const x = tf.ones([1024], 'float64');
    const start = tf.memory().tapeBytes;
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(x.mul(x)));
    // x, which the product's gradient reads; the sum's gradient reads only shapes, so x*x is not kept.
    const held = tf.memory().tapeBytes - start;
    expect(held).toBeGreaterThanOrEqual(8 * 1024);
    expect(held).toBeLessThan(2 * 8 * 1024);
    tape.gradient(y, x);
    expect(tf.memory().tapeBytes).toBe(start);
  });
});
