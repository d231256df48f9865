// Compiled functions whose every value is one float of one dtype (the tutorial's puzzle, a fit of
// a few scalar parameters) replay on registers in wasm, not as tensors (`trace/scalar.rs`): the
// same results as eager execution, bit for bit, through reads, assignments, optimizer steps and
// results, and the same errors.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Optimizers = Record<string, new (o: Record<string, unknown>) => tf.keras.optimizers.Optimizer>;

// (toEqual tells -0 from 0; NaN equals NaN whatever its payload.)
const floats = (t: tf.Tensor) => Array.from(t.dataSync());

describe('a scalar program replays with eager execution\'s bits', () => {
  const configs: [string, Record<string, unknown>][] = [
    ['Adam', { learningRate: 0.1 }], ['SGD', { learningRate: 0.05, momentum: 0.9, nesterov: true }], ['Nadam', { learningRate: 0.05 }],
    ['RMSprop', { learningRate: 0.01, centered: true, momentum: 0.5 }], ['Adagrad', { learningRate: 0.1 }], ['Lion', { learningRate: 0.01 }],
    ['Ftrl', { learningRate: 0.1, l1RegularizationStrength: 0.01 }], ['AdamW', { learningRate: 0.05, weightDecay: 0.01 }],
    ['Adam', { learningRate: 0.05, clipnorm: 0.5, useEma: true, emaOverwriteFrequency: 3 }],
    ['SGD', { learningRate: (step: number) => 0.1 / (1 + step), globalClipnorm: 1 }],
    ['Adam', { learningRate: 0.05, gradientAccumulationSteps: 2, clipvalue: 0.2 }],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    it(`the puzzle's step with every kind of optimizer step, ${dtype}`, () => {
      for (const [name, options] of configs) {
        const run = (compile: boolean) => {
          const [A, B, C, D] = [1, 2, 3, 4].map((v) => new tf.Variable(v, { dtype })) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
          const opt = new (tf.keras.optimizers as unknown as Optimizers)[name]!(options);
          const step = () => {
            const tape = new tf.GradientTape();
            const loss = tape.record(() => {
              const y1 = A.add(B).sub(9), y2 = C.sub(D).sub(1), y3 = A.add(C).sub(8), y4 = B.sub(D).sub(2);
              return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
            });
            const grads = tape.gradient(loss, [A, B, C, D]);
            opt.applyGradients(grads.map((g, i) => [g!, [A, B, C, D][i]!]));
            return loss;
          };
          const f = compile ? tf.function(step) : step;
          const losses = Array.from({ length: 7 }, () => floats(f()));
          return { losses, variables: [A, B, C, D].map(floats), iterations: opt.iterations };
        };
        expect(run(true), `${name} ${JSON.stringify(Object.keys(options))}`).toEqual(run(false));
      }
    });

    it(`every elementwise op of one dtype on one value, and its gradient, ${dtype}`, () => {
      const unary: ((x: tf.Tensor) => tf.Tensor)[] = [
        tf.neg, tf.exp, tf.log, tf.sqrt, tf.abs, tf.square, tf.tanh, tf.sigmoid, tf.relu, tf.sin, tf.cos, tf.softplus, tf.log1p,
        tf.expm1, tf.reciprocal, tf.rsqrt, tf.erf, tf.atan, tf.asinh, tf.elu, tf.selu, tf.sign, tf.floor, tf.round,
      ];
      const binary: ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor)[] = [
        tf.add, tf.sub, tf.mul, tf.div, tf.pow, tf.maximum, tf.minimum, tf.squaredDifference, tf.floorDiv, tf.mod, tf.atan2,
      ];
      // Each op in a function of its own (a gradient through a comparison, relu's or maximum's,
      // has a boolean value, and its program is not scalar); with and without its gradient.
      const x = new tf.Variable(0.7, { dtype });
      const ops = [...unary.map((f) => (u: tf.Tensor) => f(x.mul(u))), ...binary.map((f) => (u: tf.Tensor) => f(x, u.add(1.5)))];
      for (const [k, op] of ops.entries()) {
        const withGradient = (u: tf.Tensor) => {
          const tape = new tf.GradientTape();
          const y = tape.record(() => op(u));
          return [y, tape.gradient(y, x) ?? tf.constant(0, dtype)] as const;
        };
        const [forward, both] = [tf.function(op), tf.function(withGradient)];
        for (const u of [0.3, -1.1, 2.5]) {
          const input = tf.constant(u, dtype);
          const [y, g] = withGradient(input);
          const [cy, cg] = both(input);
          expect([floats(forward(input)), floats(cy), floats(cg)], `op ${k}, u = ${u}`).toEqual([floats(op(input)), floats(y), floats(g)]);
        }
        expect([forward.experimentalGetTracingCount(), both.experimentalGetTracingCount()]).toEqual([1, 1]);
      }
    });
  }
});

describe('a scalar program\'s reads, assignments and results', () => {
  it('assigns in place: reads after an assignment see it, and a value read before keeps the old one', () => {
    const v = new tf.Variable(2, { dtype: 'float64' });
    const f = tf.function((x: tf.Tensor) => {
      const before = v.readValue();
      v.assign(v.mul(x).add(1));
      const after = v.readValue();
      v.assignSub(0.5);
      return [before, after, v.value().reshape([1])];
    });
    for (const x of [3, -2, 0.25]) {
      const held = v.value();
      const heldValue = held.dataSync()[0];
      const expected = [heldValue, heldValue * x + 1, heldValue * x + 0.5];
      const [before, after, last] = f(tf.constant(x, 'float64')) as tf.Tensor[];
      expect([before!.dataSync()[0], after!.dataSync()[0], last!.dataSync()[0]]).toEqual(expected);
      expect(last!.shape).toEqual([1]);
      expect(before!.shape).toEqual([]);
      expect(held.dataSync()[0], 'a value taken before the call keeps its value').toBe(heldValue);
      expect(v.dataSync()[0]).toBe(expected[2]);
    }
  });

  it('a disposed variable is the same error as in any compiled function', () => {
    const v = new tf.Variable(1);
    const f = tf.function((x: tf.Tensor) => v.assignAdd(x).value().mul(2));
    expect(f(tf.constant(1)).dataSync()[0]).toBe(4);
    v.dispose();
    expect(() => f(tf.constant(1))).toThrow(/a variable the function uses was disposed after it was traced/);
  });

  it('an optimizer step that fails leaves the optimizer\'s counters as they were', () => {
    const w = new tf.Variable(1);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => w.mul(w));
      opt.applyGradients([[tape.gradient(loss, w)!, w]]);
    });
    f();
    f();
    expect(opt.iterations).toBe(2);
    const before = w.dataSync()[0];
    w.dispose();
    expect(() => f()).toThrow(/disposed/);
    expect(opt.iterations).toBe(2);
    expect(before).not.toBe(1);
  });

  it('a call that fails after an optimizer step ran keeps that step, as eager execution would, and undoes the others\' counters', () => {
    const [w1, w2] = [new tf.Variable(1), new tf.Variable(2)];
    const [o1, o2] = [new tf.keras.optimizers.Adam({ learningRate: 0.1 }), new tf.keras.optimizers.SGD({ learningRate: 0.1 })];
    const minimize = (w: tf.Variable, o: tf.keras.optimizers.Optimizer) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => w.mul(w));
      o.applyGradients([[tape.gradient(loss, w)!, w]]);
    };
    const f = tf.function(() => {
      minimize(w1, o1);
      minimize(w2, o2); // reads w2 after o1's step
    });
    f();
    const w1Before = w1.dataSync()[0];
    w2.dispose();
    expect(() => f()).toThrow(/disposed/);
    expect([o1.iterations, o2.iterations]).toEqual([2, 1]);
    expect(w1.dataSync()[0]).not.toBe(w1Before);
  });
});

describe('an optimizer step on small variables updates them together, with the bits of one by one', () => {
  // clipnorm 2^100 clips nothing (g·2^100/2^100 is g exactly) but is per variable, so that step
  // updates the variables one by one: the reference.
  const ONE_BY_ONE = { clipnorm: 2 ** 100 };
  const run = (options: Record<string, unknown>, make: () => tf.Variable[], compile: boolean) => {
    const vars = make();
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1, ...options });
    const step = () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.addN(vars.map((v, i) => tf.reduceSum(v.cast('float64').mul(i + 1.5).sin()))));
      opt.applyGradients(tape.gradient(loss, vars).map((g, i) => [g!, vars[i]!]));
    };
    const f = compile ? tf.function(step) : step;
    for (let i = 0; i < 5; i++) f();
    return vars.map(floats);
  };
  const cases: [string, () => tf.Variable[]][] = [
    ['four scalars', () => [1, 2, 3, 4].map((v) => new tf.Variable(v))],
    ['a vector, a matrix and a scalar in float64', () => [new tf.Variable([1, -2, 3], { dtype: 'float64' }), new tf.Variable([[0.5, 0.25], [2, 3]], { dtype: 'float64' }), new tf.Variable(7, { dtype: 'float64' })]],
    ['float32 and float64 variables in one step', () => [new tf.Variable(1), new tf.Variable(2, { dtype: 'float64' }), new tf.Variable([3, 4])]],
    ['more elements than are gathered (20)', () => [0, 1].map((k) => new tf.Variable(Array.from({ length: 10 }, (_, i) => k + i / 10)))],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      for (const compile of [false, true]) expect(run({}, make, compile), `compiled: ${compile}`).toEqual(run(ONE_BY_ONE, make, compile));
    });
  }
});

describe('an optimizer step on gradients of one value each reads and writes its variables and slots as values, with the bits of a gathered step', () => {
  // The puzzle's gradients are one value each: eagerly JavaScript holds them as numbers, and a
  // compiled step has them in registers; both update from the values (`StepPlan::run_values`).
  // The reference adds a variable of two elements, whose gradient is zeros (its norm adds 0 to a
  // global one): its step goes on gradient tensors (`step_gathered`, itself checked against one
  // by one above), and the first variables must end with the same bits.
  const run = (name: string, options: Record<string, unknown>, dtype: 'float32' | 'float64', count: number, compile: boolean, reference: boolean) => {
    const vars = [1, 2, 3, 4].slice(0, count).map((v) => new tf.Variable(v, { dtype }));
    const trained = reference ? [...vars, new tf.Variable([5, 6], { dtype })] : vars;
    const opt = new (tf.keras.optimizers as unknown as Optimizers)[name]!({ learningRate: 0.1, ...options });
    // Values read before the steps share their variables' storage: they keep their values.
    const snapshots = vars.map((v) => v.value());
    const step = () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        const [A, B = A, C = A, D = B] = vars as [tf.Variable, tf.Variable?, tf.Variable?, tf.Variable?];
        const y1 = A.add(B).sub(9), y2 = C.sub(D).sub(1), y3 = A.add(C).sub(8), y4 = B.sub(D).sub(2);
        const puzzle = y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
        return reference ? puzzle.add(tf.reduceSum(trained[count]!.mul(0))) : puzzle;
      });
      opt.applyGradients(tape.gradient(loss, trained).map((g, i) => [g!, trained[i]!]));
    };
    const f = compile ? tf.function(step) : step;
    for (let i = 0; i < 6; i++) f();
    // (The optimizer's slots, as a checkpoint holds them: momentum, velocity, ...)
    const state = (opt as unknown as { _checkpointState(): { variables: { slots: { values: ArrayLike<number> }[] }[] } })._checkpointState();
    return {
      variables: vars.map(floats),
      slots: state.variables.slice(0, count).map((v) => v.slots.map((slot) => Array.from(slot.values))),
      snapshots: snapshots.map(floats),
      iterations: opt.iterations,
    };
  };
  const configs: [string, Record<string, unknown>][] = [
    ['Adam', {}], ['SGD', { momentum: 0.9, nesterov: true }], ['RMSprop', { centered: true, momentum: 0.5 }],
    ['Adam', { globalClipnorm: 0.5 }], ['SGD', { clipvalue: 0.3, weightDecay: 0.01 }], ['Adagrad', {}],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const count of [4, 1]) {
      it(`${count} ${dtype} variable${count > 1 ? 's' : ''}, eager and compiled`, () => {
        for (const [name, options] of configs) {
          for (const compile of [false, true]) {
            const got = run(name, options, dtype, count, compile, false);
            expect(got.snapshots).toEqual([1, 2, 3, 4].slice(0, count).map((v) => [v]));
            expect(got.variables).not.toEqual(got.snapshots); // (they trained)
            expect(got, `${name} ${JSON.stringify(options)}, compiled: ${compile}`).toEqual(run(name, options, dtype, count, compile, true));
          }
        }
      });
    }
  }
});
