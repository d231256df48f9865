// tf.function: compiled calls equal eager calls bit for bit (every elementwise op, comparison and
// reduction of the catalog with its gradient, linear algebra and shape ops, every Keras optimizer
// with the base options), and TensorFlow's rules: tracing once per input signature, JavaScript
// side effects only while tracing, variables read and assigned live, reads of traced values
// refused, and no memory left behind.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

const ops = tf as unknown as Record<string, (...args: unknown[]) => tf.Tensor>;
const F = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8')) as {
  unary: Record<string, { x: number[] }>;
  binary: Record<string, { a: number[]; b: number[] }>;
};

/** The values (and dtype and shape) of every tensor in a nested result, for bitwise comparison. */
function values(r: unknown): unknown {
  if (r instanceof tf.Tensor) return { dtype: r.dtype, shape: r.shape, data: Array.from(r.dataSync() as ArrayLike<number>) };
  if (Array.isArray(r)) return r.map(values);
  if (r !== null && typeof r === 'object') return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, values(v)]));
  return r;
}

/** Calls `fn` eagerly and compiled (the traced call, then replays) on each argument list: the
 * results must be equal bit for bit (toEqual compares NaN and -0 by Object.is). */
function expectSameCompiled(fn: (...args: never[]) => unknown, argLists: unknown[][]) {
  const compiled = tf.function(fn);
  for (let round = 0; round < 2; round++) {
    for (const args of argLists) {
      const eager = values((fn as (...a: unknown[]) => unknown)(...args));
      expect(values((compiled as unknown as (...a: unknown[]) => unknown)(...args))).toEqual(eager);
    }
  }
  return compiled;
}

/** `op(x)` and its gradient: the traced program holds the forward op and the sweep's ops. */
const withGradient = (op: (...xs: tf.Tensor[]) => tf.Tensor) => (...xs: tf.Tensor[]) => {
  const tape = new tf.GradientTape();
  for (const x of xs) tape.watch(x);
  const y = tape.record(() => op(...xs));
  return [y, y.dtype === 'bool' || y.dtype === 'int32' ? null : tape.gradient(tf.reduceSum(tf.mul(y, y)), xs)];
};

describe('tf.function equals eager execution bit for bit', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`every unary op of the catalog with its gradient, ${dtype}`, () => {
      for (const [name, c] of Object.entries(F.unary)) {
        const x1 = tf.constant(c.x, dtype);
        const x2 = tf.constant(c.x.map((v) => v * 0.75 + 0.125), dtype);
        expectSameCompiled(withGradient((x) => ops[name]!(x)), [[x1], [x2]]);
      }
    });

    it(`every binary op with its gradients, and the comparisons, ${dtype}`, () => {
      for (const [name, c] of Object.entries(F.binary)) {
        const a = tf.constant(c.a, dtype), b = tf.constant(c.b, dtype);
        expectSameCompiled(withGradient((p, q) => ops[name]!(p, q)), [[a, b], [b.add(0.5), a]]);
      }
      for (const name of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']) {
        expectSameCompiled((p: tf.Tensor, q: tf.Tensor) => ops[name]!(p, q), [[tf.constant([1, 2, 3], dtype), tf.constant([3, 2, 1], dtype)]]);
      }
    });

    it(`reductions, softmax, cumulative ops, matmul, linear algebra and shape ops with gradients, ${dtype}`, () => {
      const x = tf.constant([[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 2]], dtype);
      const x2 = x.add(tf.constant([[0.5, 0, 0], [0, 0.25, 0], [0, 0, 1]], dtype));
      const cases: ((t: tf.Tensor) => tf.Tensor)[] = [
        (t) => tf.reduceSum(t, 1), (t) => tf.reduceMax(t, 0), (t) => tf.reduceMin(t), (t) => tf.reduceProd(t, 0), (t) => tf.reduceMean(t, [0, 1]),
        (t) => tf.reduceLogSumExp(t, 1), (t) => tf.nn.softmax(t), (t) => tf.nn.logSoftmax(t), (t) => tf.cumsum(t, 1), (t) => tf.cumprod(t, 0),
        (t) => tf.matmul(t, t, false, true), (t) => tf.linalg.inv(t), (t) => tf.linalg.cholesky(t), (t) => tf.linalg.det(t),
        (t) => tf.transpose(t), (t) => tf.reshape(t, [9]), (t) => tf.concat([t, t], 0), (t) => tf.slice(t, [1, 0], [2, 2]),
        (t) => tf.tile(t, [2, 1]), (t) => tf.reverse(t, [0]), (t) => tf.gather(t, tf.constant([2, 0], 'int32')), (t) => tf.pad(t, [[1, 0], [0, 2]]),
        (t) => tf.where(tf.greater(t, 1), t, tf.square(t)), (t) => tf.stopGradient(t).mul(t), (t) => tf.cast(t, dtype === 'float64' ? 'float32' : 'float64'),
        (t) => tf.clipByValue(t, 0.3, 2), (t) => tf.nn.relu(t.sub(1)), (t) => tf.sigmoid(t),
        // Indexing, shape and more linear algebra.
        (t) => tf.stridedSlice(t, [0, 2], [3, 0], [2, -1]), (t) => tf.gatherNd(t, tf.constant([[0, 1], [2, 2]], 'int32')),
        (t) => tf.scatterNd(tf.constant([[1], [3]], 'int32'), t.slice([0, 0], [2, 3]), [5, 3]),
        (t) => tf.tensorScatterUpdate(t, tf.constant([[1]], 'int32'), t.slice([0, 0], [1, 3])),
        (t) => tf.stack(tf.unstack(t, 1), 0), (t) => tf.concat(tf.split(t, 3, 1).reverse(), 1), (t) => tf.squeeze(tf.expandDims(t, 1), 1),
        (t) => tf.roll(t, 1, 0), (t) => tf.repeat(t, 2, 1), (t) => tf.pad(t, [[1, 1], [0, 1]], 'REFLECT'),
        (t) => tf.einsum('ij,jk->ik', t, t), (t) => tf.tensordot(t, t, 1), (t) => tf.linalg.solve(t, t.slice([0, 0], [3, 1])),
        (t) => tf.linalg.triangularSolve(tf.linalg.bandPart(t, -1, 0), t), (t) => tf.linalg.slogdet(t)[1]!, (t) => tf.linalg.logdet(t),
        (t) => tf.linalg.qr(t)[1]!, (t) => tf.linalg.eigvalsh(t), (t) => tf.linalg.svd(t)[0], (t) => tf.linalg.pinv(t),
        (t) => tf.linalg.trace(t), (t) => tf.linalg.diagPart(t), (t) => tf.norm(t), (t) => tf.clipByNorm(t, 1),
        (t) => tf.nn.softplus(t), (t) => tf.nn.elu(t.sub(1)), (t) => tf.nn.gelu(t), (t) => tf.nn.selu(t),
        (t) => tf.oneHot(tf.argmax(t, 1), 3, { dtype: t.dtype }).mul(t), (t) => tf.sort(t), (t) => tf.topK(t, 2).values,
        (t) => tf.cumsum(t, 1, true, true), (t) => tf.reduceLogSumExp(t, 0, true), (t) => tf.math.polyval([1, -2, 3], t),
      ];
      for (const f of cases) expectSameCompiled(withGradient(f), [[x], [x2]]);
    });
  }

  it('a training step with every Keras optimizer and the base options, float64 and float32', () => {
    const configs: [string, Record<string, unknown>][] = [
      ['SGD', { learningRate: 0.05, momentum: 0.9, nesterov: true }], ['Adam', { learningRate: 0.05, amsgrad: true }],
      ['AdamW', { learningRate: 0.05, weightDecay: 0.01 }], ['Nadam', { learningRate: 0.05 }], ['RMSprop', { learningRate: 0.01, centered: true, momentum: 0.5 }],
      ['Adagrad', { learningRate: 0.1 }], ['Adadelta', { learningRate: 1 }], ['Adamax', { learningRate: 0.05 }], ['Lion', { learningRate: 0.01 }],
      ['Ftrl', { learningRate: 0.1, l1RegularizationStrength: 0.01 }], ['Lamb', { learningRate: 0.05 }], ['Adafactor', { learningRate: 0.05 }],
      ['Adam', { learningRate: 0.05, clipnorm: 0.5, weightDecay: 0.001, useEma: true, emaOverwriteFrequency: 3 }],
      ['SGD', { learningRate: new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }), globalClipnorm: 1 }],
      ['Adam', { learningRate: 0.05, gradientAccumulationSteps: 2, clipvalue: 0.2 }],
    ];
    const Optimizers = tf.keras.optimizers as unknown as Record<string, new (o: Record<string, unknown>) => tf.keras.optimizers.Optimizer>;
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [name, options] of configs) {
        const x = tf.constant([[1, 2], [3, -1], [0.5, 4]], dtype), y = tf.constant([1, -2, 0.5], dtype);
        const run = (compile: boolean) => {
          const w = new tf.Variable(tf.constant([[0.3], [-0.2]], dtype)), b = new tf.Variable(tf.constant(0.1, dtype));
          const opt = new Optimizers[name]!(options);
          const step = (xs: tf.Tensor, ys: tf.Tensor) => {
            const tape = new tf.GradientTape();
            const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(xs, w).reshape([3]).add(b).sub(ys))));
            const [gw, gb] = tape.gradient(loss, [w, b]);
            opt.applyGradients([[gw, w], [gb, b]]);
            return loss;
          };
          const f = compile ? tf.function(step) : step;
          const losses = Array.from({ length: 6 }, () => f(x, y).dataSync()[0]);
          return { losses, w: Array.from(w.dataSync()), b: b.dataSync()[0], iterations: opt.iterations };
        };
        expect(run(true), `${name} ${JSON.stringify(Object.keys(options))} ${dtype}`).toEqual(run(false));
      }
    }
  });
});

describe('tf.function fuses a least-squares step into one pass over its matrix', () => {
  // The product with the matrix, the residual, the loss and the gradient's product with the
  // transposed matrix run chunk by chunk (a few hundred rows at a time): 1,037 rows are several
  // chunks and a tail that is not a whole group of four rows.
  for (const dtype of ['float64', 'float32'] as const) {
    it(`equals eager bit for bit, with the matrix captured or passed, ${dtype}`, () => {
      for (const k of [2, 5, 8]) {
        const m = 1037;
        const X = tf.constant(Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37)), dtype).reshape([m, k]);
        const y = tf.constant(Array.from({ length: m }, (_, i) => Math.cos(i * 0.11)), dtype).reshape([m, 1]);
        const run = (compile: boolean, passed: boolean) => {
          const w = new tf.Variable(tf.zeros([k, 1], dtype));
          const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.5 });
          const step = (xs: tf.Tensor) => {
            const tape = new tf.GradientTape();
            const loss = tape.record(() => tf.reduceMean(tf.square(xs.matmul(w).sub(y))));
            opt.applyGradients([[tape.gradient(loss, w), w]]);
            return loss;
          };
          const call = passed ? step : () => step(X); // X an input, or a constant of the trace
          const f = (compile ? tf.function(call) : call) as (xs: tf.Tensor) => tf.Tensor;
          const losses = Array.from({ length: 4 }, () => f(X).dataSync()[0]);
          return { losses, w: Array.from(w.dataSync()) };
        };
        const eager = run(false, true);
        expect(eager.losses[3]).toBeLessThan(eager.losses[0]!);
        expect(run(true, true), `k = ${k}`).toEqual(eager);
        expect(run(true, false), `k = ${k}, the matrix captured`).toEqual(eager);
      }
    });
  }
});

describe('tf.function follows TensorFlow', () => {
  it('returns a tensor of its own for x·ones, as eager does, though the product is not computed inside the program', () => {
    // (A product by ones inside a program is its other operand; a result must still be a new
    // tensor, or a tape would take it for the input.)
    const ones = tf.ones([2]);
    const g = tf.function((x: tf.Tensor) => x.mul(ones));
    const x = tf.constant([5, 6]);
    g(x); // trace
    const results = [g(x), x.mul(ones)]; // replayed, eager
    const grads = results.map((y) => {
      const tape = new tf.GradientTape();
      tape.watch(x);
      const loss = tape.record(() => y.mul(4).sum());
      return tape.gradient(loss, x);
    });
    expect(grads).toEqual([null, null]); // y was made before the tape: not connected to x
    expect(Array.from(results[0]!.dataSync())).toEqual([5, 6]);
  });

  it('traces once per input signature: tensor shapes and dtypes, other arguments by value', () => {
    let sideEffects = 0;
    const f = tf.function((x: tf.Tensor, scale: number) => {
      sideEffects++; // a JavaScript side effect: only while tracing
      return x.mul(scale);
    });
    expect(f(tf.constant([1, 2]), 2).arraySync()).toEqual([2, 4]);
    expect(f(tf.constant([3, 4]), 2).arraySync()).toEqual([6, 8]);
    expect([f.experimentalGetTracingCount(), sideEffects]).toEqual([1, 1]);
    expect(f(tf.constant([3, 4]), 3).arraySync()).toEqual([9, 12]); // a new number: a new trace
    expect(f(tf.constant([1, 2, 3]), 3).arraySync()).toEqual([3, 6, 9]); // a new shape
    expect(f(tf.constant([1, 2], 'float64'), 3).arraySync()).toEqual([3, 6]); // a new dtype
    expect(f(tf.constant([5, 6]), 2).arraySync()).toEqual([10, 12]);
    expect([f.experimentalGetTracingCount(), sideEffects]).toEqual([4, 4]);
    expect(f.pythonFunction).toBeTypeOf('function');
  });

  it('unrolls JavaScript control flow on JavaScript values, and keeps the result structure', () => {
    const f = tf.function((xs: { a: tf.Tensor; b: tf.Tensor[] }, times: number, flag: boolean) => {
      let acc = xs.a;
      for (let i = 0; i < times; i++) acc = acc.add(xs.b[i % xs.b.length]!);
      return { total: flag ? acc.neg() : acc, parts: [acc, 'label', null], n: times, constant: { output: acc } };
    });
    const args = (k: number): [{ a: tf.Tensor; b: tf.Tensor[] }, number, boolean] => [{ a: tf.constant(k), b: [tf.constant(1), tf.constant(10)] }, 3, true];
    const first = f(...args(0));
    const second = f(...args(100));
    const expected = (v: number) => ({ total: tf.constant(-v), parts: [tf.constant(v), 'label', null], n: 3, constant: { output: tf.constant(v) } });
    expect(values(first)).toEqual(values(expected(12)));
    expect(values(second)).toEqual(values(expected(112)));
    expect(f.experimentalGetTracingCount()).toBe(1);
  });

  it('a compiled method sees its object, and each object is its own signature', () => {
    class Scaler {
      readonly w: tf.Variable;
      constructor(w: number) {
        this.w = new tf.Variable(w);
      }
      apply = tf.function(function (this: Scaler, x: tf.Tensor) {
        return x.mul(this.w);
      });
    }
    const shared = tf.function(function (this: Scaler, x: tf.Tensor) {
      return x.mul(this.w);
    });
    const a = new Scaler(2), b = new Scaler(3);
    expect([a.apply(tf.constant(1)).item(), a.apply(tf.constant(5)).item(), b.apply(tf.constant(5)).item()]).toEqual([2, 10, 15]);
    expect([shared.call(a, tf.constant(1)).item(), shared.call(b, tf.constant(1)).item(), shared.call(a, tf.constant(4)).item()]).toEqual([2, 3, 8]);
    expect(shared.experimentalGetTracingCount()).toBe(2);
  });

  it('warns once when a function keeps tracing, saying what makes it trace', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      const f = tf.function((x: tf.Tensor, k: number) => x.mul(k));
      for (let k = 0; k < 12; k++) f(tf.constant(1), k);
      expect(f.experimentalGetTracingCount()).toBe(12);
    } finally {
      console.warn = warn;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/has been traced 10 times.*values of every other argument/s);
  });

  it('a variable disposed after tracing is an error at the next call', () => {
    const v = new tf.Variable(2);
    const f = tf.function((x: tf.Tensor) => x.mul(v));
    expect(f(tf.constant(3)).item()).toBe(6);
    v.dispose();
    expect(() => f(tf.constant(3))).toThrow(/a variable the function uses was disposed after it was traced/);
  });

  it('the same tensor passed twice is an alias, not two inputs', () => {
    const f = tf.function((a: tf.Tensor, b: tf.Tensor) => a.mul(b));
    const x = tf.constant([2, 3]);
    expect(f(x, x).arraySync()).toEqual([4, 9]);
    expect(f(tf.constant([2, 3]), tf.constant([5, 7])).arraySync()).toEqual([10, 21]);
    expect(f(tf.constant([1, 2]), tf.constant([1, 2])).arraySync()).toEqual([1, 4]);
    expect(f.experimentalGetTracingCount()).toBe(2);
    // After two distinct tensors, the alias again is the alias's trace, not the last call's: a
    // function may tell them apart in JavaScript.
    const g = tf.function((a: tf.Tensor, b: tf.Tensor) => (a === b ? a.mul(10) : a.mul(b)));
    expect(g(x, x).arraySync()).toEqual([20, 30]);
    expect(g(x, tf.constant([1, 1])).arraySync()).toEqual([2, 3]);
    expect(g(x, tf.constant([2, 2])).arraySync()).toEqual([4, 6]);
    expect(g(x, x).arraySync()).toEqual([20, 30]);
    expect(g.experimentalGetTracingCount()).toBe(2);
  });

  it('a call that repeats the last one\'s signature reuses it; every change still makes a new one', () => {
    const f = tf.function((a: tf.Tensor, s: unknown) => a.mul(typeof s === 'number' ? s : 1));
    const traces = () => f.experimentalGetTracingCount();
    const x = tf.constant([1, 2]);
    expect(f(x, 2).arraySync()).toEqual([2, 4]);
    expect(f(tf.constant([3, 4]), 2).arraySync()).toEqual([6, 8]);
    expect(traces()).toBe(1);
    const calls: [tf.Tensor, unknown][] = [
      [x, 3], [x, 0], [x, -0], [x, '3'], // other values: -0 is not 0 (its sign reaches the result)
      [tf.constant([1, 2], 'float64'), 3], [tf.constant([[1, 2]]), 3], // another dtype, another shape
    ];
    for (const [k, [a, s]] of calls.entries()) {
      f(a, s);
      expect(traces(), `call ${k}`).toBe(2 + k);
      f(a, s); // repeated: the same signature
      expect(traces(), `call ${k} again`).toBe(2 + k);
    }
    expect(Object.is(f(x, -0).dataSync()[0], -0)).toBe(true);
    expect(f(x, 2).arraySync()).toEqual([2, 4]); // back to the first signature
    expect(traces()).toBe(7);
    // Variables by identity: another variable of the same shape is another signature.
    const v = new tf.Variable([1, 2]);
    f(v, 2);
    f(v, 2);
    expect(traces()).toBe(8);
    f(new tf.Variable([1, 2]), 2);
    expect(traces()).toBe(9);
  });

  it('reads and assigns variables live, and returns a variable as a snapshot of its value', () => {
    const v = new tf.Variable([1, 2]);
    const counter = new tf.Variable(0);
    const f = tf.function((x: tf.Tensor) => {
      counter.assignAdd(1);
      v.assign(v.mul(x));
      return [v, v.add(counter)];
    });
    const [a, b] = f(tf.constant([2, 2])) as tf.Tensor[];
    expect([a!.arraySync(), b!.arraySync()]).toEqual([[2, 4], [3, 5]]);
    v.assign(tf.constant([10, 20])); // changed outside: the next replay sees it
    const [c, d] = f(tf.constant([3, 1])) as tf.Tensor[];
    expect([c!.arraySync(), d!.arraySync(), counter.item()]).toEqual([[30, 20], [32, 22], 2]);
    expect(c).not.toBe(v);
    v.assign(tf.constant([0, 0]));
    expect(c!.arraySync()).toEqual([30, 20]); // a snapshot
    expect(f.experimentalGetTracingCount()).toBe(1);
  });

  it('a gradient that needs a variable\'s value from before it changed equals the eager one', () => {
    const run = (compile: boolean) => {
      const v = new tf.Variable(3, { dtype: 'float64' });
      const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
      const step = (x: tf.Tensor) => {
        const tape = new tf.GradientTape({ persistent: true });
        const loss = tape.record(() => v.mul(v).mul(x));
        v.assignAdd(1); // the tape keeps v's old value for loss's gradient: 2·v_old·x
        const afterAssign = tape.gradient(loss, v)!;
        opt.applyGradients([[afterAssign, v]]);
        const afterStep = tape.gradient(loss, v)!;
        tape.dispose();
        return [afterAssign, afterStep, v.mul(1)];
      };
      const f = compile ? tf.function(step) : step;
      return [1, 2, 3].map((k) => values(f(tf.constant(k, 'float64'))));
    };
    expect(run(true)).toEqual(run(false));
  });

  it('a variable passed as an argument is the same variable in every replay', () => {
    const f = tf.function((w: tf.Variable, x: tf.Tensor) => {
      w.assignSub(x);
      return w.reduceSum();
    });
    const w1 = new tf.Variable([5, 5]), w2 = new tf.Variable([1, 1]);
    expect(f(w1, tf.constant([1, 2])).item()).toBe(7);
    expect(f(w1, tf.constant([1, 2])).item()).toBe(4);
    expect(f(w2, tf.constant([1, 1])).item()).toBe(0);
    expect([w1.arraySync(), w2.arraySync(), f.experimentalGetTracingCount()]).toEqual([[3, 1], [0, 0], 2]);
  });

  it('refuses to read traced values while tracing, and says why', () => {
    const v = new tf.Variable(1);
    const branchy = tf.function((x: tf.Tensor) => (x.reduceSum().item() > 0 ? x : x.neg()));
    expect(() => branchy(tf.constant([1, 2]))).toThrow(/reads the values of a tensor computed from its arguments or a variable.*tf\.where/s);
    expect(() => tf.function(() => v.dataSync())()).toThrow(/reads the values/);
    expect(() => tf.function(() => v.arraySync())()).toThrow(/reads the values/);
    expect(() => tf.function(() => String(v))()).toThrow(/reads the values/);
    expect(() => tf.function((x: tf.Tensor) => x.toString())(tf.constant(1))).toThrow(/reads the values/);
    // Values that do not come from the arguments can be read.
    const c = tf.constant([4, 5]);
    const f = tf.function((x: tf.Tensor) => x.add(c.dataSync()[0]!));
    expect(f(tf.constant(1)).item()).toBe(5);
    expect(f(tf.constant(2)).item()).toBe(6);
    // After a refused trace, nothing is left recording: eager code and other functions work.
    expect(tf.constant(3).mul(2).item()).toBe(6);
    expect(tf.function((x: tf.Tensor) => x.square())(tf.constant(3)).item()).toBe(9);
  });

  it('draws new random numbers at every call, the ones eager calls draw (dropout included)', () => {
    const step = (x: tf.Tensor) => [tf.nn.dropout(x, 0.5), x.mul(tf.random.normal([3], { stddev: 2 })), tf.random.uniform([2], { seed: 7 }), tf.random.truncatedNormal([2])];
    const draws = (f: (x: tf.Tensor) => unknown) => {
      tf.random.setSeed(11);
      return [1, 2, 3, 4].map((k) => values(f(tf.constant([k, k, k]))));
    };
    const compiled = tf.function(step);
    const eager = draws(step);
    expect(draws(compiled)).toEqual(eager);
    expect(eager[0]).not.toEqual(eager[1]);
    expect(compiled.experimentalGetTracingCount()).toBe(1);
    // Branching on random numbers is refused like any other traced value.
    expect(() => tf.function(() => (tf.random.uniform([]).item() > 0.5 ? 1 : 0))()).toThrow(/reads the values/);
  });

  it('shuffles and samples categorically anew at every call, as eager calls do', () => {
    const step = (x: tf.Tensor) => tf.random.shuffle(x.mul(2));
    const draws = (f: (x: tf.Tensor) => tf.Tensor) => {
      tf.random.setSeed(5);
      return [0, 1, 2].map(() => f(tf.range(0, 10)).arraySync());
    };
    const compiled = tf.function(step);
    expect(draws(compiled)).toEqual(draws(step));
    expect(compiled.experimentalGetTracingCount()).toBe(1);
    const sample = (logits: tf.Tensor) => tf.random.categorical(logits.mul(2), 20);
    const samples = (f: (l: tf.Tensor) => tf.Tensor) => {
      tf.random.setSeed(9);
      return [[0, 1], [1, 0], [0.5, 0.5]].map((row) => f(tf.constant([row, [2, -1]])).arraySync());
    };
    const compiledSample = tf.function(sample);
    expect(samples(compiledSample)).toEqual(samples(sample));
    expect(compiledSample.experimentalGetTracingCount()).toBe(1);
  });

  it('replays custom gradients, and their rules (a rule reading values is refused)', () => {
    // TensorFlow's log1pexp example: a numerically stable gradient.
    const log1pexp = tf.customGradient((x: tf.Tensor) => {
      const e = tf.exp(x);
      return [tf.log(tf.add(1, e)), (dy: tf.Tensor) => dy.mul(tf.sub(1, tf.div(1, tf.add(1, e))))];
    });
    let calls = 0;
    const step = (x: tf.Tensor) => {
      calls++;
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => log1pexp(x.mul(3)));
      return [y, tape.gradient(y, x)!];
    };
    const compiled = tf.function(step);
    const args = [tf.constant([0, 1, 100], 'float64'), tf.constant([-2, 0.5, 50], 'float64')];
    const eager = args.map((a) => values(step(a)));
    calls = 0;
    expect([...args, ...args].map((a) => values(compiled(a)))).toEqual([...eager, ...eager]);
    expect([calls, compiled.experimentalGetTracingCount()]).toEqual([1, 1]);
    const peeking = tf.customGradient((x: tf.Tensor) => [x.square(), (dy: tf.Tensor) => (x.reduceSum().item() > 0 ? dy : dy.neg())]);
    const f = tf.function((x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      tape.watch(x);
      return tape.gradient(tape.record(() => peeking(x)), x);
    });
    expect(() => f(tf.constant([1, 2]))).toThrow(/reads the values/);
  });

  it('runs as written under a recording tape, so gradients flow through it', () => {
    const f = tf.function((x: tf.Tensor) => x.square().mul(3));
    f(tf.constant(1)); // traced
    const x = tf.constant(2);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => f(x));
    expect(tape.gradient(y, x)!.item()).toBe(12);
  });

  it('checks inputSignature, converting plain values to its dtype', () => {
    const f = tf.function((x: tf.Tensor) => x.mul(2), { inputSignature: [new tf.TensorSpec([null, 2], 'float64')] });
    expect(f([[1, 2]] as unknown as tf.Tensor).dtype).toBe('float64');
    expect(f(tf.constant([[1, 2], [3, 4]], 'float64')).arraySync()).toEqual([[2, 4], [6, 8]]);
    expect(() => f(tf.constant([[1, 2]], 'float32'))).toThrow(/argument 0 \(shape \[1,2\], float32\) does not match the input signature's TensorSpec\(shape=\(None, 2\), dtype=tf.float64/);
    expect(() => f(tf.constant([1, 2], 'float64'))).toThrow(/does not match/);
    expect(() => (f as unknown as (...a: unknown[]) => unknown)()).toThrow(/input signature has 1 arguments, got 0/);
    expect(() => tf.function((x: tf.Tensor) => x, { inputSignature: [[2]] as never })).toThrow(/inputSignature must be an array of tf.TensorSpec/);
    expect(() => tf.function((x: tf.Tensor) => x, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
  });

  it('an error in a host step leaves the function usable', () => {
    const w = new tf.Variable([1, 2]);
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.5 });
    const f = tf.function((x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => w.mul(x).reduceSum());
      opt.applyGradients([[tape.gradient(loss, w), w]]);
      return loss;
    });
    f(tf.constant([1, 1]));
    const oldRate = opt.learningRate;
    (opt as unknown as { learningRate: unknown }).learningRate = () => { throw new Error('schedule failed'); };
    expect(() => f(tf.constant([1, 1]))).toThrow(/schedule failed/);
    (opt as unknown as { learningRate: unknown }).learningRate = oldRate;
    f(tf.constant([1, 1]));
    expect(w.arraySync()).toEqual([0, 1]);
  });

  it('replays optimizer steps in wasm: two per call, each with its own step, learning rate and Nadam product', () => {
    const run = (compile: boolean) => {
      const w = new tf.Variable([1, -2], { dtype: 'float64' });
      const rates: number[] = [];
      const opt = new tf.keras.optimizers.Nadam({ learningRate: (step: number) => (rates.push(step), 0.1 / (1 + step)), clipnorm: 0.7 });
      const step = (x: tf.Tensor) => {
        for (let k = 0; k < 2; k++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => tf.reduceSum(tf.square(w.mul(x).sub(1))));
          opt.applyGradients([[tape.gradient(loss, w), w]]);
        }
        return w.value();
      };
      const f = compile ? tf.function(step) : step;
      const out = [1, 2, 3].map((k) => values(f(tf.constant([k, 0.5], 'float64'))));
      return { out, iterations: opt.iterations, rates };
    };
    const compiled = run(true);
    expect(compiled).toEqual(run(false));
    expect(compiled.iterations).toBe(6);
    expect(compiled.rates).toEqual([0, 1, 2, 3, 4, 5]); // the schedule runs in JavaScript at every call
  });

  it('a replay that fails halfway keeps the optimizer steps that ran, and counts only those', () => {
    const w = new tf.Variable([1, 2], { dtype: 'float64' });
    const other = new tf.Variable(3, { dtype: 'float64' });
    const first = new tf.keras.optimizers.SGD({ learningRate: 0.5 });
    const second = new tf.keras.optimizers.SGD({ learningRate: 0.5 });
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => w.reduceSum());
      first.applyGradients([[tape.gradient(loss, w), w]]); // w -= 0.5
      const tape2 = new tf.GradientTape();
      const loss2 = tape2.record(() => other.mul(2)); // read after the first step
      second.applyGradients([[tape2.gradient(loss2, other), other]]);
      return loss2;
    });
    f();
    expect([first.iterations, second.iterations, w.arraySync()]).toEqual([1, 1, [0.5, 1.5]]);
    other.dispose();
    expect(() => f()).toThrow(/disposed/);
    expect([first.iterations, second.iterations, w.arraySync()]).toEqual([2, 1, [0, 1]]);
  });

  describe('a call without arguments whose optimizer steps are plain (the short replay)', () => {
    // `replayPlain` begins a plain step (a number learning rate, no hooks, the plan made) without
    // `_beginStep`; every other call takes `replay`. Both give the eager bits and counters.
    const adamStep = (w: tf.Variable, optimizer: tf.keras.optimizers.Optimizer) => () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(w.mul([1, -2]).sub(0.5))));
      optimizer.applyGradients([[tape.gradient(loss, w), w]]);
      return loss;
    };
    /** Ten calls, the learning rate a number, then a function for three calls, then a number. */
    const tenCalls = (step: () => tf.Tensor, optimizer: tf.keras.optimizers.Optimizer) => {
      const losses: number[] = [];
      for (let i = 0; i < 10; i++) {
        if (i === 4) optimizer.learningRate = (iteration: number) => 0.05 / (1 + iteration);
        if (i === 7) optimizer.learningRate = 0.02;
        losses.push(step().item());
      }
      return losses;
    };

    it('skips _beginStep at a number learning rate, takes it otherwise, with the eager bits', () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const w = new tf.Variable([0.3, 0.7], { dtype }), u = new tf.Variable([0.3, 0.7], { dtype });
        const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
        const eagerOptimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
        const compiled = tf.function(adamStep(w, optimizer));
        const begun = vi.spyOn(optimizer as unknown as { _beginStep: () => number }, '_beginStep');
        const losses = tenCalls(compiled, optimizer);
        // The traced call's step is an eager one, which begins with _beginStep; of the nine
        // replays, only the three at a function's learning rate do.
        expect(begun).toHaveBeenCalledTimes(4);
        expect(losses).toEqual(tenCalls(adamStep(u, eagerOptimizer), eagerOptimizer));
        expect(Array.from(w.dataSync())).toEqual(Array.from(u.dataSync()));
        expect([optimizer.iterations, compiled.experimentalGetTracingCount()]).toEqual([10, 1]);
      }
    });

    it('a plain step beside one that is not: the call is replayed whole the other way', () => {
      const run = (compile: boolean) => {
        const a = new tf.Variable([1, 2], { dtype: 'float64' }), b = new tf.Variable([-1, 0.5], { dtype: 'float64' });
        const adam = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
        const nadam = new tf.keras.optimizers.Nadam({ learningRate: 0.1 }); // (its own counter: never plain)
        const step = () => [adamStep(a, adam)(), adamStep(b, nadam)()];
        const f = compile ? tf.function(step) : step;
        const out = [0, 1, 2, 3].map(() => values(f()));
        return { out, a: a.arraySync(), b: b.arraySync(), iterations: [adam.iterations, nadam.iterations] };
      };
      const compiled = run(true);
      expect(compiled).toEqual(run(false));
      expect(compiled.iterations).toEqual([4, 4]);
    });

    it('a failed call puts the counters back; a method call or one with arguments is not short', () => {
      const w = new tf.Variable([0.3, 0.7]);
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
      const compiled = tf.function(adamStep(w, optimizer));
      compiled();
      compiled();
      const begun = vi.spyOn(optimizer as unknown as { _beginStep: () => number }, '_beginStep');
      // The traced signature is the one without arguments: an object's method call traces anew.
      const holder = { compiled };
      holder.compiled();
      expect([compiled.experimentalGetTracingCount(), begun.mock.calls.length]).toEqual([2, 1]);
      holder.compiled();
      expect(begun).toHaveBeenCalledTimes(2); // replayed with _beginStep
      expect(optimizer.iterations).toBe(4);
      w.dispose();
      expect(() => compiled()).toThrow(/disposed after it was traced/);
      expect(optimizer.iterations).toBe(4);
    });
  });

  it('a replay started inside a replay (from a learning-rate function) keeps its own scalars', () => {
    const adamSteps = (v: tf.Variable, optimizer: tf.keras.optimizers.Adam) => () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(v)));
      optimizer.applyGradients([[tape.gradient(loss, v), v]]);
    };
    const v = new tf.Variable([1, 2, 3], { dtype: 'float64' });
    let nest = false;
    let step: () => void = () => {};
    // The learning-rate function runs before the replay's wasm call: there it starts the same
    // compiled function once more, which replays a whole step of its own (step 2) first; then
    // this replay runs step 3 from there, with its own step count for Adam's bias correction.
    const optimizer = new tf.keras.optimizers.Adam({
      learningRate: () => {
        if (nest) {
          nest = false;
          step();
        }
        return 0.1;
      },
    });
    const compiled = tf.function(adamSteps(v, optimizer));
    step = compiled;
    step(); // traced
    nest = true;
    step();
    expect(compiled.experimentalGetTracingCount()).toBe(1);
    expect(optimizer.iterations).toBe(3);
    // The same three steps one after another, eagerly.
    const u = new tf.Variable([1, 2, 3], { dtype: 'float64' });
    const eager = adamSteps(u, new tf.keras.optimizers.Adam({ learningRate: 0.1 }));
    for (let i = 0; i < 3; i++) eager();
    expect(v.arraySync()).toEqual(u.arraySync());
  });

  it('runs optimizer.minimize and optimizer.apply inside, and variables made on the traced call', () => {
    const run = (compile: boolean) => {
      const a = new tf.Variable([1, -1], { dtype: 'float64' }), b = new tf.Variable(0.5, { dtype: 'float64' });
      const sgd = new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.5 });
      const rms = new tf.keras.optimizers.RMSprop({ learningRate: 0.01 });
      let made: tf.Variable | null = null;
      const step = (x: tf.Tensor) => {
        made ??= new tf.Variable([2, 2], { dtype: 'float64' }); // made once, on the first (traced) call
        const loss = sgd.minimize(() => tf.reduceSum(tf.square(a.mul(x).sub(made!))), [a]);
        const tape = new tf.GradientTape();
        const l2 = tape.record(() => b.mul(loss));
        rms.apply([tape.gradient(l2, b)], [b]);
        return [loss, l2];
      };
      const f = compile ? tf.function(step) : step;
      const out = [1, 2, 3, 4].map((k) => values(f(tf.constant([k, k + 1], 'float64'))));
      return { out, a: a.arraySync(), b: b.arraySync(), iterations: [sgd.iterations, rms.iterations] };
    };
    expect(run(true)).toEqual(run(false));
  });

  it('refuses an async function', () => {
    const f = tf.function(async (x: tf.Tensor) => x.add(1));
    expect(() => f(tf.constant(1))).toThrow(/got a promise from the function.*must be synchronous/);
    expect(tf.function((x: tf.Tensor) => x.add(1))(tf.constant(1)).item()).toBe(2); // nothing left tracing
  });

  it('keeps the traced call\'s tensors in wasm past the memory budget, so that the trace stays replayable', () => {
    const budget = tf.memory().budgetBytes;
    tf.setMemoryBudget(1 << 20);
    try {
      let calls = 0;
      const f = tf.function((x: tf.Tensor) => {
        calls++;
        let y = x;
        for (let i = 0; i < 20; i++) y = y.mul(1.5).add(x); // 20 × 2 intermediates of 256 KiB
        return y.reduceSum();
      });
      const x = tf.ones([65536], 'float64');
      const first = f(x).item();
      expect(f(x).item()).toBe(first);
      expect(calls).toBe(1); // replayed, not run as written
      expect(tf.memory().residentBytes).toBeLessThan(4 << 20); // swept again afterwards
    } finally {
      tf.setMemoryBudget(budget);
    }
  });

  it("frees what its trace made except what it returns (TensorFlow's symbolic tensors), also when the trace throws", () => {
    const x = tf.constant([1, 2, 3]);
    const w = new tf.Variable([1, 1, 1]);
    let inside: tf.Tensor | undefined;
    const f = tf.function((a: tf.Tensor) => {
      inside = a.square();
      return { y: inside.add(w), same: a };
    });
    tf.add(x, w).dispose(); // x in wasm (a constant is uploaded at its first use)
    const before = tf.memory().numTensors;
    const { y, same } = f(x);
    expect(inside!.isDisposed).toBe(true);
    expect(same).toBe(x);
    expect(y.arraySync()).toEqual([2, 5, 10]);
    expect(tf.memory().numTensors).toBe(before + 1); // the result only
    // Inside tf.tidy, the result of the trace belongs to the tidy, as an op's would.
    let kept: tf.Tensor | undefined;
    tf.tidy(() => {
      kept = tf.function((a: tf.Tensor) => a.mul(2))(x);
    });
    expect(kept!.isDisposed).toBe(true);
    // A trace that throws frees what it made; the variable it made on the way stays.
    let made: tf.Variable | undefined;
    const failing = tf.function((a: tf.Tensor) => {
      made ??= new tf.Variable(tf.zeros([3]));
      inside = a.neg();
      throw new Error('stop');
    });
    expect(() => failing(x)).toThrow('stop');
    expect(inside!.isDisposed).toBe(true);
    expect(made!.isDisposed).toBe(false);
    expect(made!.arraySync()).toEqual([0, 0, 0]);
    made!.dispose();
    w.dispose();
  });

  it('holds no memory of its own across 2,000 calls', () => {
    const w = new tf.Variable(tf.ones([8, 8], 'float64'));
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const x = tf.ones([4, 8], 'float64');
    const step = tf.function((xs: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(xs, w))));
      opt.applyGradients([[tape.gradient(loss, w), w]]);
      return loss;
    });
    // Other tests' tensors out of wasm first: a sweep during the calls would count them.
    const budget = tf.memory().budgetBytes;
    tf.setMemoryBudget(0);
    tf.setMemoryBudget(budget);
    step(x).dispose();
    step(x).dispose();
    const before = tf.memory();
    for (let i = 0; i < 2000; i++) step(x).dispose();
    const after = tf.memory();
    expect([after.numTensors, after.numBytes]).toEqual([before.numTensors, before.numBytes]);
  });
});

// Last in the file: it leaves thousands of unreachable losses resident until the next sweep,
// which would move the counts of tests that compare tf.memory() before and after a loop.
describe('a compiled training loop without dispose', () => {
  it('keeps memory bounded over 100,000 compiled steps that return their loss, never disposed', () => {
    const x = tf.constant([[1, 0.1, 0.01], [1, 0.5, 0.25], [1, 0.9, 0.81], [1, 1.3, 1.69]]);
    const y = tf.constant([[1.2], [2.1], [3.3], [4.8]]);
    const w = new tf.Variable(tf.zeros([3, 1]));
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const step = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      opt.applyGradients([[tape.gradient(loss, w), w]]);
      return loss;
    });
    const baseline = tf.memory().numTensors;
    const samples: { step: number; wasm: number; tensors: number }[] = [];
    let first = NaN, last = NaN;
    for (let i = 1; i <= 100_000; i++) {
      const loss = step(); // held by nobody after this line: the library's sweeps must bound memory
      if (i === 1) first = loss.item();
      if (i === 100_000) last = loss.item();
      if (i % 5000 === 0) samples.push({ step: i, wasm: tf.memory().wasmMemoryBytes, tensors: tf.memory().numTensors });
    }
    expect(last).toBeLessThan(first / 10); // the loop trained
    expect(step.experimentalGetTracingCount()).toBe(1);
    const early = samples.filter((s) => s.step <= 20_000), late = samples.filter((s) => s.step > 80_000);
    const most = (xs: typeof samples, key: 'wasm' | 'tensors') => Math.max(...xs.map((s) => s[key]));
    expect(most(late, 'wasm'), 'wasm memory, steps 80k-100k against 5k-20k').toBeLessThanOrEqual(most(early, 'wasm') + (4 << 20));
    // The losses pile up between sweeps, which start past 2,048 resident tensors: bounded by
    // that, not by the step count.
    expect(most(samples, 'tensors') - baseline, 'live tensors made by the loop').toBeLessThanOrEqual(2048 + 100);
  });
});
