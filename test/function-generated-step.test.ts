// A compiled step's whole step as one generated function: a program of scalars whose step is
// arithmetic and an optimizer step (`trace/scalar/generated.rs`), and a program of reads, one
// generated chain and an optimizer step (`trace/fusion/step.rs`), while that step is a plain Adam
// update. The results are eager execution's, bit for bit; any other step is replayed. (A file of
// its own: each process installs at most 1,024 distinct generated modules, and the chains' tests
// make about that many.)
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { type Dtype, data, floats, generatedFor, losses } from './helpers/generated-steps';

// The scalar step: the variables' reads, the arithmetic and the update of the variables and their
// slots in place, while the step is an Adam update (not AMSGrad) without clipping, weight decay,
// accumulation or moving averages. Any other step is interpreted on registers.
describe('a generated scalar step replays with eager execution\'s bits', () => {
  type Options = ConstructorParameters<typeof tf.keras.optimizers.Adam>[0];
  type Make = (o: Options) => tf.keras.optimizers.Optimizer;
  /** The tutorial's puzzle (four scalar variables), eager or compiled, with `x` as an argument
   * when given: every call's loss and returned values, the variables and slots at the end, the
   * optimizer's counter and how many functions were generated. */
  function puzzle(dtype: Dtype, compile: boolean, options: Options = {}, make: Make = (o) => new tf.keras.optimizers.Adam(o), steps = 40, x?: (i: number) => tf.Tensor) {
    const [a, b, c, d] = [1, 2, 3, 4].map((v) => new tf.Variable(v, { dtype }));
    const opt = make({ learningRate: 0.1, ...options });
    const step = (k?: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const s = tape.record(() => {
        const y1 = a.add(b).sub(9), y2 = c.sub(d).sub(1), y3 = a.add(c).sub(k ?? 8), y4 = b.sub(d).div(2);
        return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4.neg()));
      });
      const g = tape.gradient(s, [a, b, c, d]);
      const product = a.mul(b).sub(1); // (read before the step: a read after it keeps the program interpreted)
      opt.applyGradients([[g[0]!, a], [g[1]!, b], [g[2]!, c], [g[3]!, d]]);
      return [s, product];
    };
    const f = compile ? tf.function(step) : step;
    const out: number[][] = [];
    for (let i = 0; i < steps; i++) out.push(...(x ? f(x(i)) : f()).map(floats));
    const state = (opt as unknown as { _checkpointState(): { variables: { slots: { values: ArrayLike<number> }[] }[] } })._checkpointState();
    const slots = state.variables.map((v) => v.slots.map((s) => Array.from(s.values)));
    const generated = compile ? (f as tf.CompiledFunction<typeof step>).experimentalGetGeneratedChainCount() : 0;
    return { out, vars: [a, b, c, d].map(floats), slots, iterations: opt.iterations, generated };
  }

  it('the puzzle in float32 and float64, with and without an argument', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const x of [undefined, (i: number) => tf.constant(8 + i / 16, dtype)]) {
        const compiled = puzzle(dtype, true, {}, undefined, 40, x);
        expect(compiled.generated).toBe(1);
        expect({ ...compiled, generated: 0 }).toEqual(puzzle(dtype, false, {}, undefined, 40, x));
      }
    }
  });

  it('Adam\'s hyperparameters and learning rates: a schedule, tiny epsilon, extreme betas', () => {
    const cases: Options[] = [
      { learningRate: 0.3, beta1: 0.5, beta2: 0.9, epsilon: 1e-12 },
      { learningRate: (step: number) => 0.2 / (1 + step), beta1: 0, beta2: 0.999999 },
      { learningRate: 1e-3, beta1: 0.999, epsilon: 1 },
    ];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const options of cases) {
        const compiled = puzzle(dtype, true, options);
        expect(compiled.generated).toBe(1);
        expect({ ...compiled, generated: 0 }).toEqual(puzzle(dtype, false, options));
      }
    }
  });

  it('steps of another form run interpreted, with the same bits: AMSGrad, clipping, weight decay, accumulation, EMA, SGD', () => {
    const others: [Options, Make?][] = [
      [{ amsgrad: true }],
      [{ clipnorm: 0.5 }],
      [{ clipvalue: 0.25 }],
      [{ globalClipnorm: 1 }],
      [{ weightDecay: 0.01 }],
      [{ gradientAccumulationSteps: 2 }],
      [{ useEma: true }],
      [{}, () => new tf.keras.optimizers.SGD({ learningRate: 0.01, momentum: 0.9 })],
      [{}, () => new tf.keras.optimizers.AdamW({ learningRate: 0.1 })],
    ];
    for (const [options, make] of others) {
      const compiled = puzzle('float32', true, options, make, 12);
      expect({ ...compiled, generated: 0 }).toEqual(puzzle('float32', false, options, make, 12));
    }
  });

  it('NaN and infinite gradients, and a variable whose storage a snapshot shares', () => {
    const run = (compile: boolean) => {
      const v = new tf.Variable(2, { dtype: 'float32' }), u = new tf.Variable(-1, { dtype: 'float32' });
      const opt = new tf.keras.optimizers.Adam({ learningRate: 0.5 });
      const step = (k: tf.Tensor) => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => v.mul(k).add(u.mul(u)));
        const [gv, gu] = tape.gradient(loss, [v, u]);
        opt.applyGradients([[gv!, v], [gu!, u]]);
        return loss;
      };
      const f = compile ? tf.function(step) : step;
      const out: number[][] = [];
      const snapshots: number[][] = [];
      for (const k of [1, 2, Infinity, -3, NaN, 0.5]) {
        const before = v.value(); // (shares the variable's storage until the step writes it)
        out.push(floats(f(tf.constant(k, 'float32'))), floats(v), floats(u));
        snapshots.push(floats(before));
      }
      const generated = compile ? (f as tf.CompiledFunction<typeof step>).experimentalGetGeneratedChainCount() : 0;
      return { out, snapshots, generated };
    };
    const compiled = run(true);
    expect(compiled.generated).toBe(1);
    expect({ ...compiled, generated: 0 }).toEqual(run(false));
    expect(compiled.snapshots.slice(0, 2)).toEqual([[2], compiled.out[1]]); // each snapshot kept its value
  });

  it('a disposed variable fails the call, and leaves the counters', () => {
    const v = new tf.Variable(3), w = new tf.Variable(1);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => v.mul(v).add(w));
      const [gv, gw] = tape.gradient(loss, [v, w]);
      opt.applyGradients([[gv!, v], [gw!, w]]);
    });
    f();
    f();
    expect(f.experimentalGetGeneratedChainCount()).toBe(1);
    w.dispose();
    expect(() => f()).toThrow(/disposed/);
    expect(opt.iterations).toBe(2);
  });
});

// A program of reads, one generated chain and one last optimizer step (the tutorial's regression
// step, returning nothing) runs as one generated function (`trace/fusion/step.rs`): the chain, then
// Adam's update from the gradient it wrote, while the call's step is a plain Adam update.
describe('a generated chain step replays with eager execution\'s bits', () => {
  type Options = ConstructorParameters<typeof tf.keras.optimizers.Adam>[0];
  type Make = (o: Options) => tf.keras.optimizers.Optimizer;
  /** `steps` calls of a step that returns nothing, x given as an argument when `argument`; the
   * weights after every call, the slots at the end and how many functions were generated. */
  function fit(dtype: Dtype, rows: number, k: number, loss: (x: tf.Tensor, y: tf.Tensor, w: tf.Variable) => tf.Tensor, compile: boolean, options: Options = {}, make: Make = (o) => new tf.keras.optimizers.Adam(o), argument = false, steps = 8) {
    const d = data(rows, k);
    const x = tf.constant(d.x, dtype), y = tf.constant(d.y, dtype);
    const w = new tf.Variable(d.w, { dtype });
    const opt = make({ learningRate: 0.05, ...options });
    const step = (xs: tf.Tensor = x) => {
      const tape = new tf.GradientTape();
      const l = tape.record(() => loss(xs, y, w));
      opt.applyGradients([[tape.gradient(l, w), w]]);
    };
    const f = compile ? tf.function(step) : step;
    const out: number[][] = [];
    for (let i = 0; i < steps; i++) {
      if (argument) f(x);
      else f();
      out.push(floats(w));
    }
    const state = (opt as unknown as { _checkpointState(): { variables: { slots: { values: ArrayLike<number> }[] }[] } })._checkpointState();
    const generated = compile ? (f as tf.CompiledFunction<typeof step>).experimentalGetGeneratedChainCount() : 0;
    return { out, slots: state.variables.map((v) => v.slots.map((s) => Array.from(s.values))), iterations: opt.iterations, generated };
  }

  it('shapes, losses and dtypes: the chain and the step generated, the eager bits', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [rows, k] of [[2, 1], [5, 3], [20, 3], [129, 7], [7, 15]] as const) {
        for (const [name, loss] of Object.entries(losses)) {
          // The step is generated where the program is reads, one chain and the step: not where
          // w is one value (its gradient's sum is not the chain's), nor where the loss reads the
          // product twice (a second chain).
          const step = k > 1 && name !== 'relu and squared difference';
          const expected = generatedFor(dtype, k) ? (step ? 2 : 1) : 0;
          const compiled = fit(dtype, rows, k, loss, true);
          expect(compiled.generated, `${dtype} ${rows}×${k} ${name}`).toBe(expected);
          expect({ ...compiled, generated: 0 }, `${dtype} ${rows}×${k} ${name}`).toEqual(fit(dtype, rows, k, loss, false));
        }
      }
    }
  });

  it('an argument, Adam\'s hyperparameters and a schedule; other steps replayed with the same bits', () => {
    const loss = losses['sum of squares']!;
    const adam: Options[] = [{}, { beta1: 0.5, beta2: 0.9, epsilon: 1e-12 }, { learningRate: (step: number) => 0.1 / (1 + step) }];
    for (const options of adam) {
      for (const argument of [false, true]) {
        const compiled = fit('float32', 20, 3, loss, true, options, undefined, argument);
        expect(compiled.generated).toBe(2);
        expect({ ...compiled, generated: 0 }).toEqual(fit('float32', 20, 3, loss, false, options, undefined, argument));
      }
    }
    const others: [Options, Make?][] = [
      [{ amsgrad: true }],
      [{ clipnorm: 0.5 }],
      [{ weightDecay: 0.01 }],
      [{ gradientAccumulationSteps: 2 }],
      [{}, () => new tf.keras.optimizers.SGD({ learningRate: 0.01, momentum: 0.9 })],
      [{}, () => new tf.keras.optimizers.Nadam({ learningRate: 0.01 })],
    ];
    for (const [options, make] of others) {
      const compiled = fit('float64', 20, 3, loss, true, options, make);
      expect({ ...compiled, generated: 0 }).toEqual(fit('float64', 20, 3, loss, false, options, make));
    }
  });

  it('a snapshot sharing the weights keeps its value; a disposed variable fails the call', () => {
    const d = data(20, 3);
    const x = tf.constant(d.x), y = tf.constant(d.y);
    const w = new tf.Variable(d.w);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      const l = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      opt.applyGradients([[tape.gradient(l, w), w]]);
    });
    f();
    f();
    expect(f.experimentalGetGeneratedChainCount()).toBe(2);
    const before = floats(w);
    const snapshot = w.value();
    f();
    expect(floats(snapshot)).toEqual(before);
    expect(floats(w)).not.toEqual(before);
    w.dispose();
    expect(() => f()).toThrow(/disposed/);
    expect(opt.iterations).toBe(3);
  });
});
