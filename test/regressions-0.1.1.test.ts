// Regression tests for issue 8 (release 0.1.1): each reproduction of the issue, asserting
// TensorFlow's documented behaviour (and what the issue asks for). One `describe` per defect,
// named after its number. Defects that need a process of their own (3, 4, 5, 6, 7, 12, 13, the
// gc part of 14, 16, and the out-of-memory message of 17) are in regressions-memory.test.ts.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Optimizer = InstanceType<typeof tf.optimizers.Adam> | InstanceType<typeof tf.optimizers.SGD> | InstanceType<typeof tf.optimizers.Nadam>;

const values = (t: tf.Tensor | null | undefined): number[] => {
  expect(t, 'expected a tensor, got null/undefined').toBeTruthy();
  return Array.from(t!.dataSync() as ArrayLike<number>);
};

/** A correct op, a matmul and a gradient: the library still works. */
function stillUsable(): void {
  expect(values(tf.add(tf.constant([1, 2]), tf.constant([3, 4])))).toEqual([4, 6]);
  expect(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])).arraySync()).toEqual([[11]]);
  const x = new tf.Variable(3);
  const tape = new tf.GradientTape();
  const y = tape.record(() => x.mul(x));
  expect(tape.gradient(y, x)!.item()).toBe(6);
  x.dispose();
}

/** What `fn` threw (fails the test if it returned). */
function thrownBy(fn: () => unknown): unknown {
  let thrown: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (e) {
    thrown = e;
    threw = true;
  }
  expect(threw, 'expected an exception').toBe(true);
  return thrown;
}

/**
 * `fn` throws a clear error: an Error that is neither a TypeError nor a wasm trap, whose message
 * matches every pattern (the first names the function); then the library still works.
 */
function expectClearError(fn: () => unknown, patterns: (RegExp | string)[]): string {
  const e = thrownBy(fn);
  expect(e, 'expected an Error').toBeInstanceOf(Error);
  const err = e as Error;
  const what = `${err.constructor.name} (${err.name}): ${err.message}`;
  expect(err instanceof TypeError, `a raw TypeError: ${what}`).toBe(false);
  expect(err instanceof WebAssembly.RuntimeError, `a wasm trap: ${what}`).toBe(false);
  for (const p of patterns) {
    if (typeof p === 'string') expect(err.message, what).toContain(p);
    else expect(err.message, what).toMatch(p);
  }
  stillUsable();
  return err.message;
}

/** Empties the resident list (everything not pinned is evicted to JS), so that tf.memory()
 * counts only what a test makes next; no sweep runs while few tensors are made afterwards. */
function settleResident(): void {
  const budget = tf.memory().budgetBytes;
  tf.setMemoryBudget(0);
  tf.setMemoryBudget(budget);
}

// ------------------------------------------------------------------------------------------------
describe('defect 1: wrong gradients through Variable.value() snapshots', () => {
  it('a snapshot taken before assign is a constant: d/dw sum((w - anchor)^2) = 2(w - anchor) = [4, 6]', () => {
    const w = new tf.Variable([1, 2]);
    const anchor = w.value();
    w.assign([3, 5]);
    const t = new tf.GradientTape();
    const y = t.record(() => tf.reduceSum(tf.square(w.sub(anchor))));
    expect(values(t.gradient(y, w))).toEqual([4, 6]);
  });

  it('s = v.value() read outside the tape is a constant: d(s*v)/dv = s = 3, and still 3 after v.assign(5)', () => {
    const v = new tf.Variable(3);
    const s = v.value();
    const t1 = new tf.GradientTape();
    const y1 = t1.record(() => s.mul(v));
    expect(t1.gradient(y1, v)!.item()).toBe(3);
    v.assign(5);
    const t2 = new tf.GradientTape();
    const y2 = t2.record(() => s.mul(v));
    expect(t2.gradient(y2, v)!.item()).toBe(3);
    // readValue() is the same read.
    const r = v.readValue();
    const t3 = new tf.GradientTape();
    const y3 = t3.record(() => r.mul(v));
    expect(t3.gradient(y3, v)!.item()).toBe(5);
  });

  it('gradient with respect to a fresh v.value() read is null: the read is a new tensor, not on the tape', () => {
    const v = new tf.Variable(3);
    const t = new tf.GradientTape({ persistent: true });
    const y = t.record(() => v.mul(v));
    expect(t.gradient(y, v.value())).toBeNull();
    expect(t.gradient(y, v)!.item()).toBe(6);
    t.dispose();
  });

  it('a watched snapshot and its variable are different sources: d(s*v)/ds = v, d(s*v)/dv = s', () => {
    const v = new tf.Variable(3);
    const s = v.value();
    v.assign(4);
    const t = new tf.GradientTape();
    t.watch(s);
    const y = t.record(() => s.mul(v));
    const [gs, gv] = t.gradient(y, [s, v]);
    expect(gs!.item()).toBe(4);
    expect(gv!.item()).toBe(3);
  });

  it('a read inside a recording tape is recorded: s = v.value(); d(s*v)/dv = 2v, d(s*s)/dv = 2v (TF semantics; a guard for the fix)', () => {
    const v = new tf.Variable(3);
    const t1 = new tf.GradientTape();
    const y1 = t1.record(() => {
      const s = v.value();
      return s.mul(v);
    });
    expect(t1.gradient(y1, v)!.item()).toBe(6);
    const t2 = new tf.GradientTape({ persistent: true });
    let s2: tf.Tensor | null = null;
    const y2 = t2.record(() => {
      s2 = v.value();
      return s2.mul(s2);
    });
    expect(t2.gradient(y2, v)!.item()).toBe(6);
    expect(t2.gradient(y2, s2!)!.item()).toBe(6); // the read is an intermediate on the tape
    t2.dispose();
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 2: tf.constant(v) and tf.cast(v, v.dtype) return the live Variable', () => {
  it('tf.constant(v) is an independent tensor: not a Variable, unchanged after v.assign', () => {
    const v = new tf.Variable([1, 2]);
    const c = tf.constant(v);
    const c32 = tf.constant(v, 'float32');
    for (const t of [c, c32]) {
      expect(t).not.toBe(v);
      expect(t instanceof tf.Variable).toBe(false);
      expect(t.dtype).toBe('float32');
      expect(t.shape).toEqual([2]);
    }
    v.assign([7, 8]);
    expect(values(c)).toEqual([1, 2]);
    expect(values(c32)).toEqual([1, 2]);
    v.dispose();
    expect(values(c)).toEqual([1, 2]); // and it outlives the variable
  });

  it('tf.cast(v, v.dtype) and v.cast(v.dtype) are independent tensors: not Variables, unchanged after v.assign', () => {
    const v = new tf.Variable([1, 2], { dtype: 'float64' });
    const a = tf.cast(v, 'float64');
    const b = v.cast('float64');
    for (const t of [a, b]) {
      expect(t).not.toBe(v);
      expect(t instanceof tf.Variable).toBe(false);
      expect(t.dtype).toBe('float64');
    }
    v.assign([7, 8]);
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([1, 2]);
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 8: applyGradients is not atomic', () => {
  type Make = () => Optimizer;
  const optimizers: [string, Make][] = [
    ['SGD (momentum 0.9)', () => new tf.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 })],
    ['Adam', () => new tf.optimizers.Adam({ learningRate: 0.1 })],
    ['Nadam', () => new tf.optimizers.Nadam({ learningRate: 0.1 })],
  ];
  interface Vars { a: tf.Variable; b: tf.Variable; c: tf.Variable }
  const makeVars = (): Vars => ({ a: new tf.Variable([1, 2]), b: new tf.Variable([3]), c: new tf.Variable([4]) });
  const firstStep = (opt: Optimizer, v: Vars) =>
    opt.applyGradients([[tf.constant([1, -1]), v.a], [tf.constant([2]), v.b], [tf.constant([3]), v.c]]);
  const goodStep = (opt: Optimizer, v: Vars) =>
    opt.applyGradients([[tf.constant([0.25, 0.75]), v.a], [tf.constant([-1]), v.b]]);
  // Each failing call: earlier pairs are valid, a later one is not (or the first one is not).
  const failures: [string, (opt: Optimizer, v: Vars) => void][] = [
    ['a disposed variable after two valid pairs', (opt, v) => {
      v.c.dispose();
      opt.applyGradients([[tf.constant([0.5, 0.5]), v.a], [tf.constant([5]), v.b], [tf.constant([1]), v.c]]);
    }],
    ['a disposed gradient in the second pair', (opt, v) => {
      const g = tf.constant([5]).mul(1);
      g.dispose();
      opt.applyGradients([[tf.constant([0.5, 0.5]), v.a], [g, v.b]]);
    }],
    ['a disposed variable in the first pair (Nadam\'s momentum schedule must not advance)', (opt, v) => {
      v.c.dispose();
      opt.applyGradients([[tf.constant([1]), v.c], [tf.constant([0.5, 0.5]), v.a]]);
    }],
    ['a shape mismatch in the last pair', (opt, v) => {
      opt.applyGradients([[tf.constant([0.5, 0.5]), v.a], [tf.constant([1, 2]), v.b]]);
    }],
    ['a variable the optimizer was not built with', (opt, v) => {
      opt.applyGradients([[tf.constant([0.5, 0.5]), v.a], [tf.constant([1]), new tf.Variable([0])]]);
    }],
  ];

  for (const [optName, make] of optimizers) {
    it(`${optName}: after a failing call nothing changed, and the next good step equals a fresh optimizer's`, () => {
      const problems: string[] = [];
      for (const [failName, fail] of failures) {
        const ref = makeVars();
        const refOpt = make();
        firstStep(refOpt, ref);
        goodStep(refOpt, ref);

        const v = makeVars();
        const opt = make();
        firstStep(opt, v);
        const before = { a: values(v.a), b: values(v.b), iterations: opt.iterations };
        let error: unknown = null;
        try {
          fail(opt, v);
        } catch (e) {
          error = e;
        }
        if (!(error instanceof Error)) {
          problems.push(`${failName}: the call did not throw an Error`);
          continue;
        }
        const after = { a: values(v.a), b: values(v.b), iterations: opt.iterations };
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          problems.push(`${failName}: the failing call changed state ${JSON.stringify(before)} -> ${JSON.stringify(after)} (${error.message.slice(0, 100)})`);
        }
        goodStep(opt, v);
        const got = { a: values(v.a), b: values(v.b), iterations: opt.iterations };
        const want = { a: values(ref.a), b: values(ref.b), iterations: refOpt.iterations };
        const same = got.iterations === want.iterations && [...got.a, ...got.b].every((x, i) => Object.is(x, [...want.a, ...want.b][i]));
        if (!same) problems.push(`${failName}: the next good step gave ${JSON.stringify(got)}, a fresh optimizer ${JSON.stringify(want)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

// ------------------------------------------------------------------------------------------------
describe('defect 9: tf.tidy does not dispose what fn created when fn throws', () => {
  it('a tidy whose fn throws disposes its tensors (not the kept ones or Variables) and rethrows', () => {
    settleResident();
    const m0 = tf.memory();
    let a: tf.Tensor | undefined;
    let b: tf.Tensor | undefined;
    let kept: tf.Tensor | undefined;
    let v: tf.Variable | undefined;
    expect(() =>
      tf.tidy(() => {
        a = tf.ones([4]).add(1);
        b = a.mul(2);
        kept = tf.keep(tf.fill([3], 7));
        v = new tf.Variable([1, 2]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(a!.isDisposed).toBe(true);
    expect(b!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(values(kept)).toEqual([7, 7, 7]);
    expect(v!.isDisposed).toBe(false);
    const m1 = tf.memory();
    expect(m1.numTensors - m0.numTensors, 'live tensors after the throwing tidy: the kept tensor and the Variable').toBe(2);
    kept!.dispose();
    v!.dispose();
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(tf.memory().numBytes).toBe(m0.numBytes);
  });

  it("an outer tidy that catches an inner tidy's exception: the inner tensors are disposed (at the throw, and at the latest when the outer tidy ends)", () => {
    settleResident();
    const m0 = tf.memory();
    let inner: tf.Tensor | undefined;
    let disposedAtThrow: boolean | undefined;
    const out = tf.tidy(() => {
      try {
        tf.tidy(() => {
          inner = tf.ones([1000]).mul(3);
          throw new Error('inner');
        });
      } catch {
        disposedAtThrow = inner!.isDisposed;
      }
      return tf.fill([2], 5);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(disposedAtThrow, 'TF.js disposes the inner tidy\'s tensors when it throws').toBe(true);
    expect(values(out)).toEqual([5, 5]);
    const m1 = tf.memory();
    expect(m1.numTensors - m0.numTensors, 'only the outer result is live').toBe(1);
    out.dispose();
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(tf.memory().numBytes).toBe(m0.numBytes);
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 10: tape.record(async fn) silently stops recording at the first await', () => {
  const expectSyncOnlyError = (tape: tf.GradientTape, fn: () => unknown) => {
    const e = thrownBy(() => tape.record(fn as () => never));
    expect(e).toBeInstanceOf(Error);
    expect(e instanceof TypeError).toBe(false);
    const msg = (e as Error).message;
    expect(msg, msg).toMatch(/synchronous/i);
    expect(msg, msg).toMatch(/await/i);
    expect(msg, msg).toMatch(/record/);
    // The tape is not left recording: a later op outside record is not on it, and new tapes work.
    stillUsable();
  };

  it('record(async fn) throws an Error saying recording is synchronous (await outside record)', async () => {
    const v = new tf.Variable(3);
    const tape = new tf.GradientTape();
    let later: Promise<unknown> | null = null;
    expectSyncOnlyError(tape, () => {
      later = (async () => {
        await null;
        return v.mul(v);
      })();
      return later;
    });
    const t2 = new tf.GradientTape();
    expectSyncOnlyError(t2, async () => {
      await null;
      return v.mul(v);
    });
    await later; // let the async body finish inside the test
  });

  it('a non-async function returning a Promise is refused the same way', () => {
    const v = new tf.Variable(3);
    const tape = new tf.GradientTape();
    expectSyncOnlyError(tape, () => Promise.resolve(v.mul(v)));
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 11: rank 4096 traps; concat of > 4096 tensors and gradient with > ~4094 sources fail', () => {
  const ones = (n: number) => new Array<number>(n).fill(1);
  const nested = (n: number): tf.NestedArray => {
    let v: tf.NestedArray = 5;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };

  for (const rank of [4096, 4097]) {
    it(`a result of rank ${rank} works or throws a clear Error naming the op and the rank limit (never a RuntimeError)`, () => {
      const cases: [string, () => tf.Tensor, RegExp][] = [
        ['zeros', () => tf.zeros(ones(rank)), /\bzeros\b/],
        ['reshape', () => tf.reshape(tf.ones([1]), ones(rank)), /reshape/],
        ['broadcastTo', () => tf.broadcastTo(tf.ones([1]), ones(rank)), /broadcastTo/],
        ['constant (then add)', () => tf.constant(nested(rank)).add(1), /constant|\badd\b|upload/],
      ];
      const problems: string[] = [];
      for (const [name, fn, op] of cases) {
        try {
          const t = fn();
          if (t.rank !== rank || t.size !== 1) problems.push(`${name}: rank ${t.rank}, size ${t.size}`);
        } catch (e) {
          const err = e as Error;
          const ok = err instanceof Error && !(err instanceof TypeError) && !(err instanceof WebAssembly.RuntimeError) && op.test(err.message) && /rank/i.test(err.message);
          if (!ok) problems.push(`${name}: ${err?.constructor?.name} (${err?.name}): ${err?.message}`);
        }
      }
      expect(problems).toEqual([]);
      stillUsable();
    });
  }

  it('concat of 5,000 small tensors works and is correct, and so is its gradient', () => {
    const n = 5000;
    const parts = Array.from({ length: n }, (_, i) => tf.constant([i, -i]));
    const c = tf.concat(parts, 0);
    expect(c.shape).toEqual([2 * n]);
    const d = values(c);
    const bad = d.findIndex((x, k) => x !== (k % 2 === 0 ? k / 2 : -(k - 1) / 2));
    expect(bad).toBe(-1);
    // Gradient through a 5,000-way concat: y = sum(concat_i (i+1)·x) gives dy/dx = sum(i+1).
    const x = tf.constant([1, 2]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(tf.concat(Array.from({ length: n }, (_, i) => x.mul(i + 1)), 0)));
    expect(values(tape.gradient(y, x))).toEqual([(n * (n + 1)) / 2, (n * (n + 1)) / 2]);
  });

  it('gradient with 5,000 sources works', () => {
    const n = 5000;
    const xs = Array.from({ length: n }, (_, i) => tf.constant(i));
    const coef = (i: number) => (i % 7) + 1;
    const tape = new tf.GradientTape();
    tape.watch(xs);
    const y = tape.record(() => {
      let acc = xs[0]!.mul(coef(0));
      for (let i = 1; i < n; i++) acc = acc.add(xs[i]!.mul(coef(i)));
      return acc;
    });
    const grads = tape.gradient(y, xs);
    expect(grads.length).toBe(n);
    const bad = grads.findIndex((g, i) => g === null || g.item() !== coef(i));
    expect(bad).toBe(-1);
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 14: optimizer slots leak', () => {
  const KiB4 = 1024 * 4;
  const cases: [string, () => Optimizer, number][] = [
    ['Adam', () => new tf.optimizers.Adam(), 2],
    ['SGD with momentum', () => new tf.optimizers.SGD({ momentum: 0.9 }), 1],
  ];
  for (const [name, make, slots] of cases) {
    it(`${name}: a disposed Variable's slots are freed (by the next applyGradients at the latest), not kept until the optimizer is disposed`, () => {
      settleResident();
      const v = new tf.Variable(new Float32Array(1024));
      const w = new tf.Variable(new Float32Array(1024));
      const g = tf.ones([1024]);
      const opt = make();
      opt.applyGradients([[g, v], [g, w]]);
      const m1 = tf.memory();
      v.dispose();
      opt.applyGradients([[g, w]]);
      const m2 = tf.memory();
      expect(m1.numTensors - m2.numTensors, `numTensors ${m1.numTensors} -> ${m2.numTensors}: the variable and its ${slots} slot(s)`).toBe(1 + slots);
      expect(m1.numBytes - m2.numBytes, `numBytes ${m1.numBytes} -> ${m2.numBytes}`).toBe((1 + slots) * KiB4);
      opt.dispose();
      expect(m2.numTensors - tf.memory().numTensors, 'disposing the optimizer frees the remaining slots').toBe(slots);
      w.dispose();
    });
  }

  it('a disposed optimizer used again either refuses with a clear Error, or its rebuilt slots are freed by dispose() again', () => {
    settleResident();
    const v = new tf.Variable(new Float32Array(1024));
    const g = tf.ones([1024]);
    const m0 = tf.memory();
    const opt = new tf.optimizers.Adam();
    opt.applyGradients([[g, v]]);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    let reuse: unknown = null;
    try {
      opt.applyGradients([[g, v]]);
    } catch (e) {
      reuse = e;
    }
    if (reuse) {
      expect(reuse).toBeInstanceOf(Error);
      expect(reuse instanceof TypeError).toBe(false);
      expect((reuse as Error).message).toMatch(/dispos/i);
    }
    opt.dispose();
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(tf.memory().numBytes).toBe(m0.numBytes);
    // (That the reused optimizer's slots are freed when it is dropped, without dispose, needs the
    // garbage collector: regressions-memory.test.ts, defect 14.)
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 15: silently accepted bad values', () => {
  it('broadcastTo with a fractional, NaN or non-array shape is a clear error', () => {
    const x = tf.ones([1]);
    expectClearError(() => tf.broadcastTo(x, [2.7]), [/broadcastTo/, /2\.7/]);
    expectClearError(() => tf.broadcastTo(x, [NaN]), [/broadcastTo/, /NaN/]);
    expectClearError(() => tf.broadcastTo(x, 'abc' as never), [/broadcastTo/, /shape/]);
    expectClearError(() => tf.broadcastTo(x, [-1]), [/broadcastTo/, /-1/]);
  });

  it('dimensions >= 2^32 of zero-size tensors do not wrap: the shape is kept, or it is a clear error', () => {
    const cases: [string, () => tf.Tensor, RegExp, number[]][] = [
      ['zeros([2**32, 0])', () => tf.zeros([2 ** 32, 0]), /\bzeros\b/, [2 ** 32, 0]],
      ['zeros([0, 2**32 + 3])', () => tf.zeros([0, 2 ** 32 + 3]), /\bzeros\b/, [0, 2 ** 32 + 3]],
      ['reshape(zeros([0]), [2**32, 0])', () => tf.reshape(tf.zeros([0]), [2 ** 32, 0]), /reshape/, [2 ** 32, 0]],
      ['broadcastTo(zeros([1, 0]), [2**32, 0])', () => tf.broadcastTo(tf.zeros([1, 0]), [2 ** 32, 0]), /broadcastTo/, [2 ** 32, 0]],
    ];
    const problems: string[] = [];
    for (const [name, fn, op, shape] of cases) {
      try {
        const t = fn();
        if (JSON.stringify(t.shape) !== JSON.stringify(shape)) problems.push(`${name}: shape [${t.shape}] (wrapped)`);
      } catch (e) {
        const err = e as Error;
        if (!(err instanceof Error) || err instanceof TypeError || !op.test(err.message)) problems.push(`${name}: ${err?.constructor?.name}: ${err?.message}`);
      }
    }
    expect(problems).toEqual([]);
    stillUsable();
  });

  it('int32 values out of range are a clear error in constant, fill and arithmetic (TF raises), not wrapped or saturated', () => {
    expectClearError(() => tf.constant([2 ** 40], 'int32'), [/constant/, /int32/]);
    expectClearError(() => tf.constant([3e9], 'int32'), [/constant/, /int32/]);
    expectClearError(() => tf.constant(3e9, 'int32'), [/constant/, /int32/]);
    expectClearError(() => tf.constant([-(2 ** 31) - 1], 'int32'), [/constant/, /int32/]);
    expectClearError(() => tf.constant(new Float64Array([3e9]), 'int32'), [/constant/, /int32/]);
    expectClearError(() => new tf.Variable([3e9], { dtype: 'int32' }), [/Variable|constant/, /int32/]);
    expectClearError(() => tf.fill([2], 2 ** 40, 'int32'), [/\bfill\b/, /int32/]);
    expectClearError(() => tf.constant([1], 'int32').add(2 ** 40), [/\badd\b/, /int32/]);
    expectClearError(() => tf.constant(1, 'int32').add(2 ** 40), [/\badd\b/, /int32/]);
    expectClearError(() => tf.mul(3e9, tf.constant([1], 'int32')), [/\bmul\b/, /int32/]);
    // The extremes themselves are fine.
    expect(values(tf.constant([2 ** 31 - 1, -(2 ** 31)], 'int32'))).toEqual([2 ** 31 - 1, -(2 ** 31)]);
  });

  it('random.uniform with an infinite bound, or a fractional int32 maxval, is a clear error', () => {
    expectClearError(() => tf.random.uniform([3], { maxval: Infinity }), [/random\.uniform/, /maxval/]);
    expectClearError(() => tf.random.uniform([3], { minval: -Infinity }), [/random\.uniform/, /minval/]);
    expectClearError(() => tf.random.uniform([3], { maxval: 2.5, dtype: 'int32' }), [/random\.uniform/, /2\.5/]);
  });

  it('pow of an int32 tensor to a negative integer power is a clear error (TF: "Integers to negative integer powers are not allowed")', () => {
    expectClearError(() => tf.pow(tf.constant([2], 'int32'), -1), [/\bpow\b/, /negative/i]);
    expectClearError(() => tf.pow(tf.constant(2, 'int32'), -1), [/\bpow\b/, /negative/i]);
    expectClearError(() => tf.pow(tf.constant([2, 3], 'int32'), tf.constant([1, -1], 'int32')), [/\bpow\b/, /negative/i]);
    expect(values(tf.pow(tf.constant([2, 3], 'int32'), 2))).toEqual([4, 9]);
    // An empty result computes no element, so TensorFlow raises nothing (found by fuzzing).
    const empty = tf.pow(tf.constant([[]], 'int32'), [-3]);
    expect([empty.shape, empty.dtype, empty.size]).toEqual([[1, 0], 'int32', 0]);
  });

  it('matmul with a non-boolean transpose flag is a clear error', () => {
    const a = tf.constant([[1, 2], [3, 4]]);
    expectClearError(() => tf.matmul(a, a, 'yes' as never), [/matmul/, /transpose/i]);
    expectClearError(() => tf.matmul(a, a, false, 'yes' as never), [/matmul/, /transpose/i]);
    expectClearError(() => a.matmul(a, 1 as never), [/matmul/, /transpose/i]);
  });
});

// ------------------------------------------------------------------------------------------------
describe('defect 17: raw TypeErrors and misleading messages', () => {
  it('transpose(x, null): the default permutation (TF: perm=None) or a clear error, not a TypeError', () => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    let result: tf.Tensor | null = null;
    let error: unknown = null;
    try {
      result = tf.transpose(x, null as never);
    } catch (e) {
      error = e;
    }
    if (error) expectClearError(() => tf.transpose(x, null as never), [/transpose/, /perm/]);
    else expect(result!.arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it('broadcastTo(x, undefined), applyGradients(null) and keep(null) are clear errors naming the function', () => {
    expectClearError(() => tf.broadcastTo(tf.ones([2]), undefined as never), [/broadcastTo/, /shape/]);
    expectClearError(() => new tf.optimizers.SGD().applyGradients(null as never), [/applyGradients/]);
    expectClearError(() => new tf.optimizers.Adam().applyGradients(undefined as never), [/applyGradients/]);
    expectClearError(() => tf.keep(null as never), [/keep/]);
    expectClearError(() => tf.keep(3 as never), [/keep/]);
  });

  it('a string axis is reported as a string, not as a number out of range', () => {
    const x = tf.ones([2, 2]);
    for (const [name, fn] of [
      ['concat', () => tf.concat([x, x], '1' as never)],
      ['reduceSum', () => tf.reduceSum(x, '1' as never)],
      ['reduceMean', () => tf.reduceMean(x, ['0'] as never)],
    ] as const) {
      const msg = expectClearError(fn, [new RegExp(name), /axis/]);
      expect(msg, msg).not.toMatch(/axis 1 is out of range|axis 0 is out of range/);
      expect(msg, msg).toMatch(/"1"|'1'|"0"|'0'|string/);
    }
  });

  it('a disposed Variable says the variable was disposed (not "handle 0x0 stale", not tf.keep)', () => {
    const uses: [string, (v: tf.Variable) => unknown, RegExp][] = [
      ['an op', (v) => v.add(1), /\badd\b/],
      ['assign', (v) => v.assign([2]), /assign/],
      ['value()', (v) => v.value(), /value/],
      ['dataSync()', (v) => v.dataSync(), /dataSync|read/],
      ['applyGradients', (v) => new tf.optimizers.SGD().applyGradients([[tf.constant([1]), v]]), /applyGradients/],
      ['recording on a tape', (v) => new tf.GradientTape().record(() => v.mul(2)), /\bmul\b/],
    ];
    for (const [name, use, op] of uses) {
      const v = new tf.Variable([1], { name: 'weights' });
      v.dispose();
      const msg = expectClearError(() => use(v), [op, /[Vv]ariable/, /disposed/]);
      expect(msg, `${name}: ${msg}`).not.toMatch(/0x0|stale/);
      expect(msg, `${name}: ${msg}`).not.toMatch(/tf\.keep/);
    }
  });

  it('unknown options to GradientTape and random.* are clear errors, as optimizers already do', () => {
    expectClearError(() => new tf.GradientTape({ persistant: true } as never), [/GradientTape/, /persistant/]);
    expectClearError(() => tf.random.normal([2], { std: 2 } as never), [/random\.normal/, /\bstd\b/]);
    expectClearError(() => tf.random.uniform([2], { max: 2 } as never), [/random\.uniform/, /\bmax\b/]);
    // The known ones still work.
    const t = new tf.GradientTape({ persistent: true, watchAccessedVariables: false });
    expect(t.persistent).toBe(true);
    t.dispose();
    expect(tf.random.normal([2], { mean: 1, stddev: 2, seed: 3, dtype: 'float64' }).shape).toEqual([2]);
    expect(tf.random.uniform([2], { minval: 1, maxval: 2, seed: 3 }).shape).toEqual([2]);
  });
});

