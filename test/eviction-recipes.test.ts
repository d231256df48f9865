// Evicting a large op result by its recipe (tensor.ts, Recipe): a result of at least 2^14
// elements keeps the op, its inputs and its parameters, so a sweep frees it without copying its
// data out, and a later use makes it again, bit for bit, under its old tape id. These tests check
// that nothing the user can see changes: values after eviction equal the values before it, for the
// ops of every call path; a variable changed or an input disposed after the op does not change
// the result; tapes still recognise a tensor made again; chains of recipes stay short; and a
// tensor in use across sweeps lets go of its recipe.
import * as tf from 'gradtape';
import { afterEach, describe, expect, it } from 'vitest';

const budget = tf.memory().budgetBytes;
afterEach(() => tf.setMemoryBudget(budget));

/** The library's own fields of a tensor that these tests look at (not part of the typings). */
interface Internals {
  _h: number;
  _host: unknown;
  _recipe: { depth: number } | null;
}
const inside = (t: tf.Tensor): Internals => t as unknown as Internals;

/** Evicts every tensor: one op moves the clock past the tensors made so far (a sweep keeps the
 * operands of the op in progress), then a budget of 0 bytes sweeps them all out. */
function evictAll(): void {
  tf.ones([2]).add(1);
  tf.setMemoryBudget(0);
  tf.setMemoryBudget(budget);
}

/** True when `t` was evicted without a copy of its data (freed, to be made again from its recipe). */
const evictedByRecipe = (t: tf.Tensor): boolean => inside(t)._h === 0 && inside(t)._host === null && inside(t)._recipe !== null;

const BIG = 1 << 15; // elements: above the recipe threshold (2^14)

/** Exactly equal, element by element, NaN equal to NaN (bit for bit for finite values). */
function expectSameValues(after: ArrayLike<number>, before: ArrayLike<number>): void {
  expect(after.length).toBe(before.length);
  for (let i = 0; i < before.length; i++) {
    if (!Object.is(after[i], before[i])) expect(`element ${i}: ${after[i]}`).toBe(`element ${i}: ${before[i]}`);
  }
}

describe('a large op result evicted by its recipe reads back the same values', () => {
  tf.random.setSeed(5);
  const a = tf.random.normal([128, 256]);
  const b = tf.random.normal([128, 256]);
  const m = tf.random.normal([256, 256]);
  const ints = tf.random.uniform([BIG], { minval: -50, maxval: 50, dtype: 'int32' });
  const cases: [string, () => tf.Tensor][] = [
    ['unary (tanh)', () => tf.tanh(a)],
    ['binary, tensors (sub with broadcasting)', () => tf.sub(a, b.slice([0, 0], [1, 256]))],
    ['binary, a number first (9 - a)', () => tf.sub(9, a)],
    ['binary, a number (a * 0.1)', () => tf.mul(a, 0.1)],
    ['int32 binary with a number (floorDiv by 7)', () => tf.floorDiv(ints, 7)],
    ['matmul with parameters (transposeB)', () => tf.matmul(a, m, false, true)],
    ['softmax along an axis', () => tf.nn.softmax(a, 0)],
    ['transpose', () => tf.transpose(a)],
    ['cast to float64', () => tf.cast(a, 'float64')],
    ['concat of three', () => tf.concat([a, b, a], 1)],
    ['where (three inputs)', () => tf.where(tf.greater(a, b), a, b)],
    ['comparison to bool', () => tf.greater(a, 0)],
    ['cumsum', () => tf.cumsum(a, 1)],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const t = make();
      const before = t.dataSync(); // (a copy for the caller: the tensor keeps no JS copy)
      expect(inside(t)._host).toBeNull();
      evictAll();
      expect(evictedByRecipe(t), 'freed without a copy').toBe(true);
      expectSameValues(t.dataSync(), before);
      expect(inside(t)._h).not.toBe(0); // made again in wasm, then read
    });
  }

  it('an op on a tensor made again uses the same values', () => {
    const t = tf.exp(a.mul(0.5));
    const expected = tf.reduceSum(t).item();
    evictAll();
    expect(evictedByRecipe(t)).toBe(true);
    expect(tf.reduceSum(t).item()).toBe(expected);
  });
});

describe('what a recipe reads cannot change under it', () => {
  it('a variable assigned after the op: the result keeps the value the variable had', () => {
    const x = tf.range(0, BIG, 1, 'float32').reshape([BIG, 1]);
    const v = new tf.Variable([[2]]);
    const t = tf.matmul(x, v);
    const before = t.dataSync();
    v.assign([[-7]]);
    evictAll();
    expect(evictedByRecipe(t)).toBe(true);
    expectSameValues(t.dataSync(), before);
    expect(t.dataSync()[3]).toBe(6);
  });

  it('a variable updated in place by an optimizer after the op', () => {
    const x = tf.ones([BIG, 4]);
    const w = new tf.Variable(tf.constant([[1], [2], [3], [4]]));
    const t = tf.matmul(x, w);
    const before = t.dataSync();
    new tf.keras.optimizers.SGD({ learningRate: 1 }).applyGradients([[tf.ones([4, 1]), w]]);
    expect(w.dataSync()).toEqual(new Float32Array([0, 1, 2, 3]));
    evictAll();
    expectSameValues(t.dataSync(), before);
  });

  it('an input disposed after the eviction: the result still reads back (the input cannot)', () => {
    const x = tf.random.normal([BIG]);
    const t = x.mul(3);
    const before = t.dataSync();
    evictAll();
    expect(evictedByRecipe(t)).toBe(true);
    tf.add(x, 0); // x back in wasm (its own eviction copied it out: random.normal keeps no recipe)
    const bytes = tf.memory().numBytes;
    x.dispose();
    expect(tf.memory().numBytes).toBeLessThan(bytes); // its wasm buffer is freed all the same
    expect(() => x.dataSync()).toThrow(/disposed/);
    expect(() => x.add(1)).toThrow(/disposed/);
    expectSameValues(t.dataSync(), before);
    expect(() => x.item()).toThrow(/disposed|item/);
  });

  it('an input disposed before the eviction: the result is copied out as before', () => {
    const x = tf.random.normal([BIG]);
    const t = x.mul(3);
    const before = t.dataSync();
    x.dispose();
    evictAll();
    expect(inside(t)._h).toBe(0);
    expect(inside(t)._host).not.toBeNull();
    expectSameValues(t.dataSync(), before);
  });

  it('tf.tidy disposes the inputs of a result it returns', () => {
    tf.setMemoryBudget(0); // every op sweeps: the result is evicted inside the tidy, its input disposed at the end
    let before: ArrayLike<number> = [];
    const t = tf.tidy(() => {
      const x = tf.random.normal([BIG]);
      const y = x.square();
      before = y.dataSync();
      tf.add(x, 1); // an op: y, not in use by it, is evicted
      return y;
    });
    tf.setMemoryBudget(budget);
    expectSameValues(t.dataSync(), before);
  });

  it('a chain whose start is disposed while the chain is evicted', () => {
    const x = tf.random.normal([BIG]);
    const y = x.add(1);
    const z = y.mul(2);
    const before = z.dataSync();
    evictAll();
    expect(evictedByRecipe(y) && evictedByRecipe(z)).toBe(true);
    x.dispose();
    y.dispose();
    expectSameValues(z.dataSync(), before);
    expect(() => y.dataSync()).toThrow(/disposed/);
  });
});

describe('recipes and tapes', () => {
  it('a tensor made again keeps its tape id: a persistent tape still connects it', () => {
    const x = tf.random.normal([BIG]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    let y: tf.Tensor | undefined;
    tape.record(() => {
      y = x.mul(3);
    });
    evictAll();
    expect(evictedByRecipe(y!)).toBe(true);
    const loss = tape.record(() => tf.reduceSum(y!.mul(y!)));
    const g = tape.gradient(loss, x) as tf.Tensor;
    // d/dx sum((3x)^2) = 18 x
    const xs = x.dataSync();
    const gs = g.dataSync();
    for (const i of [0, 1, 1000, BIG - 1]) expect(gs[i]).toBeCloseTo(18 * xs[i]!, 3);
    tape.dispose();
  });

  it('a training loop without tidy gives the same weights as the loop inside tidy', () => {
    const X = tf.random.normal([BIG, 4]);
    const y = tf.random.normal([BIG, 1]);
    const run = (withTidy: boolean): Float32Array => {
      const w = new tf.Variable(tf.zeros([4, 1]));
      const opt = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
      const step = () => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceMean(tf.square(X.matmul(w).sub(y))));
        opt.applyGradients([[tape.gradient(loss, w) as tf.Tensor, w]]);
      };
      tf.setMemoryBudget(1 << 20); // a sweep every step or two
      for (let i = 0; i < 30; i++) (withTidy ? tf.tidy(step) : step());
      tf.setMemoryBudget(budget);
      return w.dataSync() as Float32Array;
    };
    const evicted = tf.memory().numEvicted;
    const plain = run(false);
    expect(tf.memory().numEvicted).toBeGreaterThan(evicted + 30);
    expectSameValues(plain, run(true));
  });
});

describe("a tape's large temporaries leave wasm once its record is used up", () => {
  // A step of a loop without tf.tidy: a residual, its square, their mean, the gradient.
  const X = tf.random.normal([BIG, 4]);
  const y = tf.random.normal([BIG, 1]);
  const w = new tf.Variable(tf.random.normal([4, 1]));
  const step = (tape: tf.GradientTape) => {
    const made: tf.Tensor[] = [];
    const loss = tape.record(() => {
      made.push(X.matmul(w));
      made.push(made[0]!.sub(y));
      made.push(tf.square(made[1]!));
      return tf.reduceMean(made[2]!);
    });
    return { made, loss };
  };
  const resident = (t: tf.Tensor): boolean => inside(t)._h !== 0;

  it('gradient() evicts them by their recipes; they read back the same values and still differentiate', () => {
    const tape = new tf.GradientTape();
    const { made, loss } = step(tape);
    const before = made.map((t) => t.dataSync().slice());
    const bytes = tf.memory().numBytes;
    const g = tape.gradient(loss, w) as tf.Tensor;
    expect(made.map(evictedByRecipe)).toEqual([true, true, true]);
    expect(tf.memory().numBytes).toBeLessThan(bytes - 3 * BIG * 4 + 1024); // (the gradient is new)
    made.forEach((t, i) => expectSameValues(t.dataSync(), before[i]!));
    // Made again, they are listed as resident once each: the next sweep evicts each once, and
    // the bytes counted against the budget stay true (twice would count them out twice).
    evictAll();
    expect(made.map(resident)).toEqual([false, false, false]);
    expect(tf.memory().residentBytes).toBeGreaterThanOrEqual(0);
    // A temporary made again is an ordinary tensor for the next tape: d/dw mean(r^2) again.
    const again = new tf.GradientTape();
    const loss2 = again.record(() => tf.reduceMean(tf.square(X.matmul(w).sub(y))));
    const g2 = again.gradient(loss2, w) as tf.Tensor;
    expectSameValues(g2.dataSync(), g.dataSync());
  });

  it('a persistent tape keeps them until it is disposed', () => {
    const tape = new tf.GradientTape({ persistent: true });
    const { made, loss } = step(tape);
    tape.gradient(loss, w);
    tape.gradient(loss, w);
    expect(made.map(resident)).toEqual([true, true, true]);
    tape.dispose();
    expect(made.map(evictedByRecipe)).toEqual([true, true, true]);
  });

  it('the targets and the sources stay, and so does every temporary inside tf.tidy or under another recording tape', () => {
    // A large target, and a large intermediate as a source.
    const x = tf.random.normal([BIG]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    let h: tf.Tensor | undefined;
    const target = tape.record(() => (h = x.mul(3)).mul(h));
    const [gx, gh] = tape.gradient(target, [x, h!]) as tf.Tensor[];
    expect([resident(target), resident(h!)]).toEqual([true, true]);
    // d/dx (3x)^2 = 18x, d/dh h^2 = 2h
    expect(gx!.dataSync()[7]).toBeCloseTo(18 * x.dataSync()[7]!, 3);
    expect(gh!.dataSync()[7]).toBeCloseTo(2 * h!.dataSync()[7]!, 3);

    let inTidy: tf.Tensor[] = [];
    tf.tidy(() => {
      const inner = new tf.GradientTape();
      const { made, loss } = step(inner);
      inner.gradient(loss, w);
      expect(made.map(resident)).toEqual([true, true, true]);
      inTidy = made;
    });
    expect(inTidy.every((t) => t.isDisposed)).toBe(true);

    const outer = new tf.GradientTape();
    const { made, outerLoss } = outer.record(() => {
      const inner = new tf.GradientTape();
      const { made, loss } = step(inner);
      const g = inner.gradient(loss, w) as tf.Tensor;
      return { made, outerLoss: tf.reduceSum(g) };
    });
    expect(made.map(resident)).toEqual([true, true, true]);
    expect(outer.gradient(outerLoss, w)).not.toBeNull();
  });
});

describe('recipes stay short and are dropped by tensors in use', () => {
  it('a chain of results: at most sixteen recipes deep, the next one starts afresh', () => {
    const x = tf.random.normal([BIG]);
    const chain = [x];
    for (let i = 0; i < 34; i++) chain.push(chain[i]!.mul(1.0001));
    const depths = Array.from({ length: 17 }, (_, i) => i);
    expect(chain.map((t) => inside(t)._recipe?.depth ?? 0)).toEqual([...depths, ...depths, 0]); // past the limit, none
    const last = chain[chain.length - 1]!;
    const before = last.dataSync();
    evictAll();
    expectSameValues(last.dataSync(), before);
  });

  it('a result used after a later sweep lets go of its recipe (and of its inputs)', () => {
    const data = tf.random.normal([BIG]);
    const scaled = data.mul(2); // as a dataset prepared once and used at every step
    expect(inside(scaled)._recipe).not.toBeNull();
    tf.setMemoryBudget(4 * BIG * 4);
    for (let i = 0; i < 20; i++) {
      scaled.add(i); // uses it; the results fill the budget, so sweeps come
    }
    tf.setMemoryBudget(budget);
    expect(inside(scaled)._recipe).toBeNull();
  });
});

describe('a dataset prepared once and used at every training step', () => {
  it('lets go of its recipe at the second step, so the step\'s last large result keeps one and leaves wasm with the step', () => {
    // X and y as users make them: reshaped constants (results with recipes of their own).
    const X = tf.constant(tf.random.normal([BIG * 4]).dataSync()).reshape([BIG, 4]);
    const y = tf.constant(tf.random.normal([BIG]).dataSync()).reshape([BIG, 1]);
    expect(inside(X)._recipe).not.toBeNull();
    const w = new tf.Variable(tf.zeros([4, 1]));
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    const squares: tf.Tensor[] = [];
    const residentAfter: number[] = [];
    let lastW: Float32Array = new Float32Array(0);
    for (let i = 0; i < 6; i++) {
      lastW = w.dataSync() as Float32Array;
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        const r2 = tf.square(X.matmul(w).sub(y)); // 4 ops from X's own recipe
        squares.push(r2);
        return tf.reduceMean(r2);
      });
      opt.applyGradients([[tape.gradient(loss, w) as tf.Tensor, w]]);
      residentAfter.push(tf.memory().residentBytes);
    }
    expect(inside(X)._recipe).toBeNull();
    expect(inside(y)._recipe).toBeNull();
    // From the second step on, every step's square leaves wasm with its step...
    expect(squares.slice(1).map(evictedByRecipe)).toEqual([true, true, true, true, true]);
    // ...so the steps leave nothing behind in wasm (the square was BIG float32s a step).
    for (let i = 2; i < 6; i++) expect(Math.abs(residentAfter[i]! - residentAfter[1]!)).toBeLessThan(BIG);
    // Made again, the last one has the values of its step (its recipe read w's value then).
    w.assign(tf.ones([4, 1]));
    const expected = tf.square(X.matmul(tf.constant(lastW).reshape([4, 1])).sub(y));
    expectSameValues(squares[5]!.dataSync(), expected.dataSync());
  });
});

describe('recipes in compiled functions', () => {
  it('a tensor evicted by its recipe and captured by tf.function reads its values at every call', () => {
    const c = tf.random.normal([BIG]).mul(2);
    const before = c.dataSync();
    evictAll();
    expect(evictedByRecipe(c)).toBe(true);
    const f = tf.function((k: tf.Tensor) => tf.reduceSum(c.mul(k)));
    let expected = 0;
    for (let i = 0; i < before.length; i++) expected += before[i]!;
    for (const k of [1, 2, 3]) {
      const got = f(tf.constant(k)).item();
      expect(got).toBeCloseTo(k * expected, 0);
    }
    expect(f.experimentalGetTracingCount()).toBe(1);
  });

  it('results made while a trace records keep no recipe', () => {
    let made: tf.Tensor | undefined;
    const f = tf.function((x: tf.Tensor) => {
      made = x.mul(2);
      return made.sum();
    });
    f(tf.ones([BIG]));
    expect(inside(made!)._recipe).toBeNull();
  });
});

describe('large results dropped outside a tape leave wasm before the budget fills', () => {
  // 256×256 float32 products: 256 KiB each, above the recipe threshold; 400 of them are 100 MiB,
  // far below the 256 MiB budget, so only the sweeps after every 16 MiB of such results free them.
  const a = tf.random.normal([256, 256], { seed: 3 });
  const b = tf.random.normal([256, 256], { seed: 4 });

  it('a loop that drops them keeps few of them resident, and wasm memory stops growing', () => {
    for (let i = 0; i < 200; i++) a.matmul(b);
    const grown = tf.memory().wasmMemoryBytes;
    const evicted = tf.memory().numEvicted;
    for (let i = 0; i < 400; i++) a.matmul(b);
    const after = tf.memory();
    // The results of about two sweeps' worth (2 × 16 MiB) stay until the next sweeps, not 100 MiB.
    expect(after.residentBytes).toBeLessThan(48 * 2 ** 20);
    expect(after.numEvicted - evicted).toBeGreaterThan(300);
    expect(after.wasmMemoryBytes).toBe(grown);
  });

  it('one of them kept and read later is made again with the same values', () => {
    const expected = a.matmul(b).dataSync();
    const kept = a.matmul(b);
    for (let i = 0; i < 200; i++) a.matmul(b).mul(2);
    expect(evictedByRecipe(kept)).toBe(true);
    expectSameValues(kept.dataSync(), expected);
  });

  it('a result used after each sweep stays resident, and one made earlier is left to the budget', () => {
    const used = a.matmul(b);
    const older = a.matmul(b); // made in the same interval as `used`, then left alone
    for (let i = 0; i < 200; i++) used.add(a).sum();
    expect(inside(used)._h).not.toBe(0);
    expect(evictedByRecipe(older)).toBe(true);
    // Made again once, then held: the next sweeps see it as older than their interval.
    older.sum();
    for (let i = 0; i < 200; i++) a.matmul(b);
    expect(inside(older)._h).not.toBe(0);
  });

  it('not while a tape records: what it records stays until its gradient frees the temporaries', () => {
    const c = tf.random.normal([256, 256], { seed: 5 }); // (a variable this large would give its products no recipe)
    const tape = new tf.GradientTape();
    tape.watch(c);
    const results: tf.Tensor[] = [];
    const loss = tape.record(() => {
      let total = tf.constant(0);
      for (let i = 0; i < 200; i++) {
        const r = a.matmul(c);
        results.push(r);
        total = total.add(r.sum());
      }
      return total;
    });
    expect(results.every((r) => inside(r)._recipe !== null && inside(r)._h !== 0)).toBe(true);
    // d/dc Σᵢ sum(a·c) = 200 aᵀ·1
    const gradient = tape.gradient(loss, c)!.dataSync();
    const expected = tf.matmul(a, tf.ones([256, 256]), true).mul(200).dataSync();
    for (let i = 0; i < expected.length; i += 97) expect(Math.abs(gradient[i]! - expected[i]!)).toBeLessThan(1e-5 * Math.abs(expected[i]!) + 1e-3);
  });
});
