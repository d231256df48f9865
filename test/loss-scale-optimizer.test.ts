// LossScaleOptimizer against Keras 3.15.1 itself: test/fixtures/keras-loss-scale.json, written by
// `KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_loss_scale_fixtures.py` (two float32
// variables, eight steps, three of them with an inf or a NaN, small growth periods). After every
// step the scale, the step counter and the inner optimizer's iteration are compared bit for bit
// with Keras's, and the variables and slots too (see SLOTS_FROM_KERAS), eagerly and inside tf.function (where the
// finite check, the skip and the new scale are part of the replayed program).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { readZip } from '../ts/io/zip';

interface Case {
  inner: 'Adam' | 'SGD' | 'RMSprop';
  innerOptions: Record<string, unknown>;
  options: Record<string, unknown>;
  statePaths: string[];
  steps: { variables: number[][]; state: number[][] }[];
}
interface Fixture {
  archive: { paths: string[]; values: number[][]; predictions: number[] };
  shapes: number[][];
  w0: number[][];
  grads: (number | string)[][][];
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-loss-scale.json', import.meta.url), 'utf8')) as Fixture;
const decode = (values: (number | string)[]): number[] => values.map((x) => (typeof x === 'number' ? x : x === 'nan' ? NaN : x === 'inf' ? Infinity : -Infinity));

/** The inner optimizer's slots per variable (its internal checkpoint state: own slots in its
 * update rule's order, then the moving average, then the gradient accumulator). */
interface SlotState {
  rawIterations: number;
  variables: { variable: tf.Variable; slots: { values: ArrayLike<number> }[] }[];
}
const slotState = (opt: tf.keras.optimizers.Optimizer): SlotState => (opt as unknown as { _checkpointState(): SlotState })._checkpointState();

/** The inner optimizer's slots in Keras's order of `optimizer.variables`: the base optimizer's
 * (moving average, gradient accumulator), each over the variables, then each variable's own. */
function kerasOrderedSlots(inner: tf.keras.optimizers.Optimizer, state: SlotState): ArrayLike<number>[] {
  const base = (inner.useEma ? 1 : 0) + (inner.gradientAccumulationSteps !== null ? 1 : 0);
  const total = state.variables[0]!.slots.length;
  const own = total - base;
  const out: ArrayLike<number>[] = [];
  for (let j = own; j < total; j++) for (const v of state.variables) out.push(v.slots[j]!.values);
  for (const v of state.variables) for (let j = 0; j < own; j++) out.push(v.slots[j]!.values);
  return out;
}

function firstDifference(got: ArrayLike<number>, want: readonly number[]): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return `[${i}]: got ${got[i]}, Keras ${want[i]}`;
  return null;
}

/** Keras 3.15.1's own Adam and SGD differ from gradtape's in the last bit after a step or two on
 * these gradients (their plain runs, without the wrapper, differ the same way): for them the
 * variables and slots are compared with the same inner optimizer applied directly to the
 * gradients Keras unscaled, and the scale, counter and iterations with Keras. */
const SLOTS_FROM_KERAS = new Set(['RMSprop']);

function run(c: Case, compiled: boolean): void {
  // (TypeScript cannot call a union of overloaded constructors: each class also takes Keras 3's positional arguments.)
  const make = () => new (tf.keras.optimizers[c.inner] as new (options: object) => tf.keras.optimizers.Optimizer)(c.innerOptions);
  const inner = make();
  const opt = new tf.keras.optimizers.LossScaleOptimizer(inner, c.options);
  const vars = fixture.w0.map((w, i) => new tf.Variable(tf.reshape(tf.constant(w), fixture.shapes[i]!)));
  const twin = make();
  const twinVars = fixture.w0.map((w, i) => new tf.Variable(tf.reshape(tf.constant(w), fixture.shapes[i]!)));
  const apply = (...grads: tf.Tensor[]) => {
    opt.apply(grads, vars);
  };
  const step = compiled ? tf.function(apply) : apply;
  let scale = Math.fround((c.options.initialScale as number | undefined) ?? 2 ** 15);
  let calls = 0;
  fixture.grads.forEach((gs, s) => {
    const grads = gs.map((g, i) => tf.reshape(tf.constant(decode(g)), fixture.shapes[i]!));
    step(...grads);
    const want = c.steps[s]!;
    if (want.state[4]![0]! > calls) twin.apply(grads.map((g) => g.div(scale)), twinVars);
    [scale, calls] = [want.state[3]![0]!, want.state[4]![0]!];
    const where = `${c.inner}(${JSON.stringify(c.innerOptions)}) ${JSON.stringify(c.options)}${compiled ? ' compiled' : ''}, step ${s + 1}`;
    const state = slotState(inner);
    const slots = kerasOrderedSlots(inner, state);
    const exact = SLOTS_FROM_KERAS.has(c.inner);
    const twinSlots = kerasOrderedSlots(twin, slotState(twin));
    const checks: [string, ArrayLike<number>, ArrayLike<number>][] = [
      ...vars.map((v, i): [string, ArrayLike<number>, ArrayLike<number>] => [`variable ${i}`, v.dataSync() as Float32Array, exact ? want.variables[i]! : twinVars[i]!.dataSync()]),
      ['own iteration and learning rate', [0, 0], [want.state[0]![0]!, want.state[1]![0]!]],
      ['step counter', [opt.stepCounter.item()], want.state[2]!],
      ['dynamic scale', [opt.dynamicScale.item(), opt.lossScale], [want.state[3]![0]!, want.state[3]![0]!]],
      ['inner iteration', [state.rawIterations], want.state[4]!],
      ['inner learning rate', [Math.fround(inner.learningRate)], want.state[5]!],
      ...slots.map((values, k): [string, ArrayLike<number>, ArrayLike<number>] => [c.statePaths[6 + k]!, values, exact ? want.state[6 + k]! : twinSlots[k]!]),
    ];
    expect(6 + slots.length).toBe(want.state.length);
    if (!exact) {
      // (And Keras' own values within the inner optimizer's last bits.)
      const near = (got: ArrayLike<number>, keras: number[], what: string) =>
        keras.forEach((k, j) => expect(Math.abs(got[j]! - k), `${where}, ${what}[${j}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(k))));
      vars.forEach((v, i) => near(v.dataSync(), want.variables[i]!, `variable ${i}`));
      slots.forEach((values, k) => near(values, want.state[6 + k]!, c.statePaths[6 + k]!));
    }
    for (const [what, got, expected] of checks) {
      const difference = firstDifference(got, Array.from(expected));
      if (difference !== null) throw new Error(`${where}, ${what}${difference}`);
    }
  });
  expect(opt.iterations).toBe(inner.iterations);
}

describe.each([false, true])('LossScaleOptimizer: Keras 3.15.1 runs, bit for bit (compiled: %s)', (compiled) => {
  it.each(fixture.cases.map((c) => [`${c.inner} ${JSON.stringify(c.options)}`, c] as const))('%s', (_, c) => run(c, compiled));
});

describe('LossScaleOptimizer', () => {
  it('has Keras defaults, config, serialization and get', () => {
    tf.keras.backend.clearSession();
    const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD({ learningRate: 0.1, lossScaleFactor: 4 }));
    expect(opt.name).toBe('loss_scale_optimizer');
    expect(opt.initialScale).toBe(32768);
    expect(opt.dynamicGrowthSteps).toBe(2000);
    expect(opt.lossScale).toBe(32768);
    expect(opt.innerOptimizer.lossScaleFactor).toBe(null); // Keras turns the inner scaling off
    expect(opt.learningRate).toBeCloseTo(0.1);
    opt.learningRate = 0.2;
    expect(opt.innerOptimizer.learningRate).toBe(0.2);
    const config = opt.getConfig();
    expect(config).toMatchObject({ name: 'loss_scale_optimizer', initialScale: 32768, dynamicGrowthSteps: 2000, innerOptimizer: { className: 'SGD' } });
    const serialized = JSON.parse(JSON.stringify(tf.keras.optimizers.serialize(opt)));
    expect(serialized.className).toBe('LossScaleOptimizer');
    const twin = tf.keras.optimizers.deserialize(serialized) as tf.keras.optimizers.LossScaleOptimizer;
    expect(twin).toBeInstanceOf(tf.keras.optimizers.LossScaleOptimizer);
    expect(twin.getConfig()).toEqual(config);
    expect(twin.innerOptimizer).toBeInstanceOf(tf.keras.optimizers.SGD);
    const fromConfig = tf.keras.optimizers.LossScaleOptimizer.fromConfig(config);
    expect(fromConfig.getConfig()).toEqual(config);
    expect(tf.keras.optimizers.get(serialized)).toBeInstanceOf(tf.keras.optimizers.LossScaleOptimizer);
    expect(() => tf.keras.optimizers.get('LossScaleOptimizer')).toThrow(/no innerOptimizer/);
  });

  it('checks its arguments as Keras does', () => {
    const O = tf.keras.optimizers;
    expect(() => new O.LossScaleOptimizer('adam' as never)).toThrow(/innerOptimizer must be a tf.keras.optimizers object/);
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { dynamic: false })).toThrow(/no longer supports `dynamic=false`/);
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { clipnorm: 1 } as never)).toThrow('LossScaleOptimizer does not support `clipnorm`. Instead, set `clipnorm` on the `innerOptimizer`.');
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { clipnorm: null, useEma: false } as never)).not.toThrow();
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { foo: 1 } as never)).toThrow('LossScaleOptimizer does not support arguments: `foo`. Accepted options: initialScale, dynamicGrowthSteps, name, dynamic.');
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { initialScale: 0 })).toThrow(/initialScale must be a finite number above 0/);
    expect(() => new O.LossScaleOptimizer(new O.Adam(), { dynamicGrowthSteps: 0 })).toThrow(/dynamicGrowthSteps must be an integer of at least 1/);
    expect(() => new O.LossScaleOptimizer(new O.LossScaleOptimizer(new O.Adam()))).toThrow(/already a LossScaleOptimizer/);
  });

  it('scales losses, minimizes with the scaled loss and skips non-finite steps', () => {
    const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD({ learningRate: 0.5 }), { initialScale: 1024 });
    expect(opt.scaleLoss(tf.constant(3)).item()).toBe(3072);
    const w = new tf.Variable(2);
    const value = opt.minimize(() => w.square(), [w]);
    expect(value.item()).toBe(4);
    expect(w.item()).toBe(0); // 2 - 0.5 * (2 * 2 * 1024) / 1024
    opt.minimize(() => w.div(0), [w]); // the gradient is inf: skipped
    expect(w.item()).toBe(0);
    expect([opt.lossScale, opt.stepCounter.item(), opt.iterations]).toEqual([512, 0, 1]);
  });

  it('keeps its scale and counter in checkpoints', () => {
    const w = new tf.Variable([1, 2]);
    const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.Adam({ learningRate: 0.1 }), { initialScale: 16, dynamicGrowthSteps: 3 });
    opt.applyGradients([[tf.constant([Infinity, 1]), w]]);
    opt.applyGradients([[tf.constant([1, 1]), w]]);
    const checkpoint = new tf.train.Checkpoint({ w, opt });
    const saved = checkpoint.toBytes();
    const before = [...(w.dataSync() as Float32Array)];
    opt.applyGradients([[tf.constant([1, 1]), w]]);
    opt.applyGradients([[tf.constant([NaN, 1]), w]]);
    expect([opt.lossScale, opt.stepCounter.item()]).toEqual([4, 0]);
    checkpoint.fromBytes(saved);
    expect([opt.lossScale, opt.stepCounter.item(), opt.iterations]).toEqual([8, 1, 1]);
    expect([...(w.dataSync() as Float32Array)]).toEqual(before);
  });

  it('trains a model with fit: the loss is scaled in the train step, the logged loss is not', () => {
    const make = () => new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [2] })]);
    const x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const y = tf.constant([[1], [2], [3], [4]]);
    const plain = make();
    plain.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse' });
    const scaled = make();
    scaled.setWeights(plain.getWeights());
    const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD({ learningRate: 0.01 }), { initialScale: 256, dynamicGrowthSteps: 2 });
    scaled.compile({ optimizer: opt, loss: 'mse' });
    const a = plain.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false });
    const b = scaled.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false });
    // Powers of two scale and unscale exactly: the same steps, the same logged losses.
    expect(b.history.loss).toEqual(a.history.loss);
    expect(scaled.getWeights().map((t) => [...t.dataSync()])).toEqual(plain.getWeights().map((t) => [...t.dataSync()]));
    expect([opt.iterations, opt.lossScale]).toEqual([6, 256 * 8]);
    // An optimizer's lossScaleFactor is Keras' static scaling: the train step scales the loss by it
    // and the update divides it out, so a power of two changes nothing either.
    const factor = make();
    factor.setWeights(plain.getWeights());
    factor.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01, lossScaleFactor: 4 }), loss: 'mse' });
    const first = make();
    first.setWeights(plain.getWeights());
    first.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse' });
    expect(factor.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false }).history.loss).toEqual(first.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false }).history.loss);
  });

  it("reads Keras' .keras archive (the wrapper's variables, then the inner optimizer's) and writes one Keras reads alike", () => {
    const bytes = readFileSync(new URL('./fixtures/keras_loss_scale.keras', import.meta.url));
    const { paths, values, predictions } = fixture.archive;
    const check = (model: tf.keras.Model, what: string) => {
      const opt = model.optimizer as tf.keras.optimizers.LossScaleOptimizer;
      expect(opt, what).toBeInstanceOf(tf.keras.optimizers.LossScaleOptimizer);
      expect(opt.innerOptimizer, what).toBeInstanceOf(tf.keras.optimizers.Adam);
      expect([opt.stepCounter.item(), opt.lossScale, opt.iterations, opt.initialScale, opt.dynamicGrowthSteps], what).toEqual([values[2]![0], values[3]![0], values[4]![0], 256, 2]);
      const slots = slotState(opt.innerOptimizer).variables.flatMap((v) => v.slots.map((slot) => Array.from(slot.values)));
      expect(slots, what).toEqual(values.slice(6));
      expect(Array.from(model.predict(tf.constant([[1, 2], [3, 4], [5, 6]])).dataSync()), what).toEqual(predictions);
    };
    const model = tf.keras.models.fromBytes(bytes);
    check(model, 'as Keras saved it');
    // Written again: Keras' layout, the inner optimizer's values in a group of their own too.
    const again = model.toBytes({ format: 'keras' });
    check(tf.keras.models.fromBytes(again), 'as gradtape wrote it');
    expect(paths.slice(0, 4)).toEqual(['loss_scale_optimizer/iteration', 'loss_scale_optimizer/learning_rate', 'loss_scale_optimizer/step_counter', 'loss_scale_optimizer/dynamic_scale']);
    const config = JSON.parse(new TextDecoder().decode(readZip(again, null).get('config.json')!.read())) as { compile_config: { optimizer: unknown } };
    expect(config.compile_config.optimizer).toEqual({
      module: 'keras.optimizers', class_name: 'LossScaleOptimizer', registered_name: null,
      config: {
        name: 'loss_scale_optimizer', initial_scale: 256, dynamic_growth_steps: 2,
        inner_optimizer: expect.objectContaining({ module: 'keras.optimizers', class_name: 'Adam', config: expect.objectContaining({ name: 'adam', beta_1: 0.9 }) }),
      },
    });
  });
});

// Inside tf.function the finite check, the skip of the inner optimizer's step and the new scale
// and counter are part of the replayed program: every call after the first is a replay (the
// function's JavaScript body runs once), and each step equals the eager one bit for bit.
describe('LossScaleOptimizer in a compiled step: replayed, as eager bit for bit', () => {
  type Inner = () => tf.keras.optimizers.Optimizer;
  const opts = tf.keras.optimizers;
  const inners: [string, Inner][] = [
    ['SGD', () => new opts.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
    ['Adam', () => new opts.Adam({ learningRate: 0.01, amsgrad: true })],
    ['RMSprop', () => new opts.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
    ['AdamW', () => new opts.AdamW({ learningRate: 0.01 })],
    ['Nadam', () => new opts.Nadam({ learningRate: 0.01 })], // (its momentum product is a counter)
    ['Adamax', () => new opts.Adamax({ learningRate: 0.01 })],
    ['Adagrad', () => new opts.Adagrad({ learningRate: 0.01 })],
    ['Adadelta', () => new opts.Adadelta({ learningRate: 1 })],
    ['Lion', () => new opts.Lion({ learningRate: 0.01 })],
    ['Ftrl', () => new opts.Ftrl({ learningRate: 0.01, l1RegularizationStrength: 0.01 })],
    ['Lamb', () => new opts.Lamb({ learningRate: 0.01 })],
    ['Adafactor', () => new opts.Adafactor({ learningRate: 0.01 })],
    ['Muon', () => new opts.Muon({ learningRate: 0.01 })],
    ['ScheduleFreeAdamW', () => new opts.ScheduleFreeAdamW({ learningRate: 0.01 })],
    ['Adam, a schedule, EMA', () => new opts.Adam({ learningRate: new opts.schedules.ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 2, decayRate: 0.5 }), useEma: true, emaOverwriteFrequency: 3 })],
    ['SGD, gradient accumulation', () => new opts.SGD({ learningRate: 0.1, gradientAccumulationSteps: 2 })],
  ];
  // Per step, the two gradients' entries (before scaling): an inf or a NaN skips the step.
  const steps: number[][] = [
    [1, -2, 3, 0.5, 4, -1], [0.5, 1, -1, 2, -3, 1], [Infinity, 1, 1, 1, 1, 1], [2, 1, -1, 0.25, 1, 3],
    [1, 1, 1, 1, NaN, 1], [-1, 2, 0.5, 1, 1, -2], [3, -1, 2, 1, 0.5, 1], [1, 2, 3, 4, 5, 6],
    [-Infinity, NaN, 1, 1, 1, 1], [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [1, 1, -1, 1, -1, 1],
  ];

  interface Run {
    opt: tf.keras.optimizers.LossScaleOptimizer;
    vars: tf.Variable[];
    step: (g0: tf.Tensor, g1: tf.Tensor) => void;
  }
  const setUp = (inner: Inner, dtype: 'float32' | 'float64', compiled: boolean): Run & { bodyRuns: () => number } => {
    const opt = new opts.LossScaleOptimizer(inner(), { initialScale: 4, dynamicGrowthSteps: 2 });
    const vars = [new tf.Variable(tf.constant([[0.5, -1], [2, 1.5]], dtype)), new tf.Variable(tf.constant([0.25, -0.75], dtype))];
    let runs = 0;
    const apply = (g0: tf.Tensor, g1: tf.Tensor): void => {
      runs++;
      opt.applyGradients([[g0, vars[0]!], [g1, vars[1]!]]);
    };
    return { opt, vars, step: compiled ? tf.function(apply) : apply, bodyRuns: () => runs };
  };
  const state = (r: Run): number[] => {
    const inner = slotState(r.opt.innerOptimizer);
    return [
      ...r.vars.flatMap((v) => Array.from(v.dataSync() as ArrayLike<number>)),
      ...inner.variables.flatMap((v) => v.slots.flatMap((s) => Array.from(s.values))),
      inner.rawIterations, r.opt.iterations, r.opt.lossScale, r.opt.stepCounter.item(), r.opt.innerOptimizer.learningRate,
    ];
  };
  const sameBits = (got: number[], want: number[], where: string) => {
    expect(got.length, where).toBe(want.length);
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${where}, entry ${i}: compiled ${got[i]}, eager ${want[i]}`);
  };

  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    it.each(inners)('%s', (_, inner) => {
      const eager = setUp(inner, dtype, false);
      const compiled = setUp(inner, dtype, true);
      const seen = new Set<string>();
      steps.forEach((values, s) => {
        const scale = eager.opt.lossScale;
        const grads = () => [tf.constant(values.slice(0, 4).map((v) => v * scale), dtype).reshape([2, 2]), tf.constant(values.slice(4).map((v) => v * scale), dtype)] as const;
        eager.step(...grads());
        compiled.step(...grads());
        sameBits(state(compiled), state(eager), `${dtype}, step ${s + 1}`);
        seen.add(eager.opt.lossScale < scale ? 'halved' : eager.opt.lossScale > scale ? 'doubled' : 'kept');
      });
      expect([...seen].sort()).toEqual(['doubled', 'halved', 'kept']);
      expect(compiled.opt.iterations).toBeLessThan(steps.length); // (skipped steps do not count)
      // The body ran once, while tracing: every other call was a replay.
      expect(compiled.bodyRuns()).toBe(1);
      expect(eager.bodyRuns()).toBe(steps.length);
    });
  });

  it('takes the gradients of a scaled loss in the function (minimize), skipping overflowed steps', () => {
    const run = (compiled: boolean) => {
      const opt = new opts.LossScaleOptimizer(new opts.Adam({ learningRate: 0.05 }), { initialScale: 2 ** 126, dynamicGrowthSteps: 3 });
      const w = new tf.Variable([1, -2, 3]);
      let runs = 0;
      const body = (x: tf.Tensor) => {
        runs++;
        return opt.minimize(() => tf.reduceSum(tf.square(tf.mul(w, x))), [w]);
      };
      const step = compiled ? tf.function(body) : body;
      const losses: number[] = [];
      const scales: number[] = [];
      for (let i = 0; i < 12; i++) {
        losses.push(step(tf.constant([1, 0.5, 2])).item());
        scales.push(opt.lossScale);
      }
      return { losses, scales, w: [...(w.dataSync() as Float32Array)], iterations: opt.iterations, runs };
    };
    const eager = run(false);
    const compiled = run(true);
    expect(compiled.scales).toEqual(eager.scales);
    expect(Math.min(...eager.scales)).toBeLessThan(2 ** 126); // (the first steps overflowed)
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.w).toEqual(eager.w);
    expect(compiled.iterations).toBe(eager.iterations);
    expect(compiled.runs).toBe(1);
  });

  it('keeps a constraint off a skipped step', () => {
    const run = (compiled: boolean) => {
      const opt = new opts.LossScaleOptimizer(new opts.SGD({ learningRate: 1 }), { initialScale: 1, dynamicGrowthSteps: 5 });
      const w = new tf.Variable([0.5, 2], { constraint: (v: tf.Tensor) => tf.clipByValue(v, 0, 1.25) });
      const body = (g: tf.Tensor) => {
        opt.applyGradients([[g, w]]);
      };
      const step = compiled ? tf.function(body) : body;
      const out: number[][] = [];
      for (const g of [[NaN, 0], [0.25, 0], [Infinity, 1], [0, 0]]) {
        w.assign(tf.constant([0.5, 2])); // (above the constraint's bound: only a step that runs clips it)
        step(tf.constant(g));
        out.push([...(w.dataSync() as Float32Array)]);
      }
      return out;
    };
    expect(run(true)).toEqual(run(false));
    expect(run(false)).toEqual([[0.5, 2], [0, 1.25], [0.5, 2], [0.5, 1.25]]);
  });

  it('runs as written when the inner optimizer makes another step in the same function', () => {
    const run = (compiled: boolean) => {
      const inner = new opts.Adam({ learningRate: 0.1 });
      const opt = new opts.LossScaleOptimizer(inner, { initialScale: 2, dynamicGrowthSteps: 2 });
      const w = new tf.Variable([1, 2]);
      let runs = 0;
      const body = (g: tf.Tensor) => {
        runs++;
        opt.applyGradients([[g, w]]);
        inner.applyGradients([[tf.onesLike(w), w]]);
      };
      const step = compiled ? tf.function(body) : body;
      for (const g of [[1, 2], [Infinity, 1], [2, 3], [1, 1]]) step(tf.constant(g));
      return { w: [...(w.dataSync() as Float32Array)], iterations: inner.iterations, scale: opt.lossScale, runs };
    };
    const compiled = run(true);
    expect(compiled).toEqual(run(false));
    expect(compiled.runs).toBe(4); // (its later step's scalars would depend on the skip)
  });

  it('model.fit compiles its train step with it: the same as a model run eagerly, overflowed steps skipped', () => {
    const make = () => new tf.keras.Sequential([new tf.keras.layers.Dense(3, { inputShape: [2], activation: 'tanh' }), new tf.keras.layers.Dense(1)]);
    const x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8], [-1, 0.5], [2, -3]]);
    const y = tf.constant([[1], [2], [3], [4], [0], [-1]]);
    const first = make();
    const fit = (runEagerly: boolean) => {
      const model = make();
      model.setWeights(first.getWeights());
      const opt = new opts.LossScaleOptimizer(new opts.Adam({ learningRate: 0.01 }), { initialScale: 2 ** 127, dynamicGrowthSteps: 4 });
      let lossCalls = 0;
      const loss = (yTrue: tf.TensorLike, yPred: tf.TensorLike) => {
        lossCalls++;
        return tf.reduceMean(tf.square(tf.sub(yTrue, yPred)));
      };
      model.compile({ optimizer: opt, loss, runEagerly });
      const history = model.fit(x, y, { epochs: 6, batchSize: 2, verbose: 0, shuffle: false });
      const weights = model.getWeights().map((t) => [...t.dataSync()]);
      return { result: { loss: history.history.loss, weights, scale: opt.lossScale, counter: opt.stepCounter.item(), iterations: opt.iterations }, lossCalls };
    };
    const compiled = fit(false);
    const eager = fit(true);
    expect(compiled.result).toEqual(eager.result);
    expect([compiled.lossCalls, eager.lossCalls]).toEqual([1, 18]); // (the compiled train step traced once, then replayed)
    const { result: { iterations } } = eager;
    expect(iterations).toBeLessThan(18); // (the first steps overflowed and were skipped)
    expect(iterations).toBeGreaterThan(0);
  });
});
