// Muon and ScheduleFreeAdamW against Keras 3.15.1 itself: test/fixtures/keras-optimizers-315.json,
// written by `KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_optimizers_315_fixtures.py`
// (four float32 variables: two matrices Muon orthogonalises, one of them tall, a bias and
// embeddings that get its AdamW update; five steps). Every variable, slot and moving average is
// compared bit for bit after every step, eagerly and inside tf.function (the compiled step is
// traced on the first call and replayed on the others).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

interface Step {
  variables: number[][];
  slots: (number[] | null)[][];
  averages?: number[][];
}
interface Case {
  optimizer: 'Muon' | 'ScheduleFreeAdamW';
  options: Record<string, unknown>;
  iterations: number;
  steps: Step[];
}
interface Fixture {
  names: string[];
  shapes: number[][];
  w0: number[][];
  grads: number[][][];
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-optimizers-315.json', import.meta.url), 'utf8')) as Fixture;

/** The optimizer's slots per variable (its internal checkpoint state: own slots in its update rule's
 * order, momentum then velocity, then the moving average). */
interface SlotState {
  variables: { variable: tf.Variable; slots: { values: ArrayLike<number> }[] }[];
}
const slotState = (opt: tf.keras.optimizers.Optimizer): SlotState => (opt as unknown as { _checkpointState(): SlotState })._checkpointState();

function label(c: Case): string {
  return `${c.optimizer}(${JSON.stringify(c.options)})`;
}

/** The first element whose bits differ, or null. */
function firstDifference(got: ArrayLike<number>, want: readonly number[]): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return `[${i}]: got ${got[i]}, Keras ${want[i]}`;
  return null;
}

function run(c: Case, compiled: boolean): void {
  const opt = new tf.keras.optimizers[c.optimizer](c.options as never);
  const vars = fixture.w0.map((w, i) => new tf.Variable(tf.reshape(tf.constant(w), fixture.shapes[i]!), { name: fixture.names[i] }));
  const apply = (...grads: tf.Tensor[]) => {
    opt.apply(grads, vars);
  };
  const step = compiled ? tf.function(apply) : apply;
  fixture.grads.forEach((gs, s) => {
    step(...gs.map((g, i) => tf.reshape(tf.constant(g), fixture.shapes[i]!)));
    const want = c.steps[s]!;
    const state = slotState(opt);
    vars.forEach((v, i) => {
      const where = `${label(c)}${compiled ? ' compiled' : ''}, step ${s + 1}, ${fixture.names[i]}`;
      const slots = state.variables.find((e) => e.variable === v)!.slots;
      const checks: [string, ArrayLike<number>, number[] | null | undefined][] = [
        ['value', v.dataSync() as Float32Array, want.variables[i]],
        ['momentum', slots[0]!.values, want.slots[i]![0]],
        // (Keras makes no velocity for Muon's matrices; gradtape's stays unused, at zero.)
        ['velocity', slots[1]!.values, want.slots[i]![1] ?? new Array<number>(v.size).fill(0)],
        ['average', want.averages ? slots[2]!.values : [], want.averages?.[i] ?? []],
      ];
      for (const [what, got, expected] of checks) {
        const difference = firstDifference(got, expected!);
        if (difference !== null) throw new Error(`${where}, ${what}${difference}`);
      }
    });
  });
  expect(opt.iterations).toBe(c.iterations);
}

describe.each([false, true])('Keras 3.15.1 runs, bit for bit (compiled: %s)', (compiled) => {
  it.each(fixture.cases.map((c) => [label(c), c] as const))('%s', (_, c) => run(c, compiled));
});

describe('Muon', () => {
  it('chooses the AdamW update as Keras does: not rank 2, embeddings, excludeLayers', () => {
    const muon = new tf.keras.optimizers.Muon({ excludeLayers: ['^head/'] });
    const v = (shape: number[], name: string) => new tf.Variable(tf.zeros(shape), { name });
    expect(muon.usesAdamW(v([2, 3], 'dense/kernel'))).toBe(false);
    expect(muon.usesAdamW(v([3], 'dense/bias'))).toBe(true);
    expect(muon.usesAdamW(v([2, 2, 3], 'conv/kernel'))).toBe(true);
    expect(muon.usesAdamW(v([4, 2], 'token_Embedding/embeddings'))).toBe(true);
    expect(muon.usesAdamW(v([2, 3], 'head/kernel'))).toBe(true);
    expect(muon.usesAdamW(v([2, 3], 'x/head/kernel'))).toBe(false);
    const keep = new tf.keras.optimizers.Muon({ excludeEmbeddings: false });
    expect(keep.usesAdamW(v([4, 2], 'embedding/embeddings'))).toBe(false);
  });

  it('has Keras defaults and round-trips its config', () => {
    tf.keras.backend.clearSession(); // (the session's first Muon is 'muon')
    const muon = new tf.keras.optimizers.Muon();
    const config = muon.getConfig();
    expect(config).toMatchObject({
      name: 'muon', learningRate: 0.001, weightDecay: 0.004, adamBeta1: 0.9, adamBeta2: 0.999, epsilon: 1e-7, excludeLayers: [], muonA: 3.4445,
      muonB: -4.775, muonC: 2.0315, adamLrRatio: 1, momentum: 0.95, nsSteps: 5, nesterov: true, excludeEmbeddings: true, adamWeightDecay: 0.004, rmsRate: 0.2,
    });
    const other = new tf.keras.optimizers.Muon({ rmsRate: null, excludeLayers: ['out'], adamWeightDecay: null, weightDecay: null, nsSteps: 2 });
    const twin = tf.keras.optimizers.Muon.fromConfig(other.getConfig());
    expect(twin.getConfig()).toEqual(other.getConfig());
    expect(twin.rmsRate).toBe(null);
    const viaJson = tf.keras.optimizers.deserialize(JSON.parse(JSON.stringify(tf.keras.optimizers.serialize(other))));
    expect(viaJson).toBeInstanceOf(tf.keras.optimizers.Muon);
    expect(viaJson.getConfig()).toEqual(other.getConfig());
    expect(tf.keras.optimizers.get('muon')).toBeInstanceOf(tf.keras.optimizers.Muon);
  });

  it('checks its options', () => {
    expect(() => new tf.keras.optimizers.Muon({ nsSteps: 1.5 })).toThrow(/nsSteps must be an integer/);
    expect(() => new tf.keras.optimizers.Muon({ excludeLayers: 'dense' as never })).toThrow(/excludeLayers must be an array/);
    expect(() => new tf.keras.optimizers.Muon({ excludeLayers: ['('] })).toThrow(/regular expressions/);
    expect(() => new tf.keras.optimizers.Muon({ adamBeta: 0.9 } as never)).toThrow(/not recognized/);
  });
});

describe('ScheduleFreeAdamW', () => {
  it('has Keras defaults and round-trips its config', () => {
    tf.keras.backend.clearSession(); // (the session's first ScheduleFreeAdamW is 'schedule_free_adam_w')
    const opt = new tf.keras.optimizers.ScheduleFreeAdamW({ warmupSteps: 10 });
    expect(opt.getConfig()).toMatchObject({ name: 'schedule_free_adam_w', learningRate: 0.0025, weightDecay: null, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, warmupSteps: 10 });
    expect(tf.keras.optimizers.ScheduleFreeAdamW.fromConfig(opt.getConfig()).getConfig()).toEqual(opt.getConfig());
    expect(tf.keras.optimizers.get('ScheduleFreeAdamW')).toBeInstanceOf(tf.keras.optimizers.ScheduleFreeAdamW);
    expect(() => new tf.keras.optimizers.ScheduleFreeAdamW({ warmupSteps: -1 })).toThrow(/warmupSteps must be an integer of at least 0/);
  });

  it('starts its momentum as a copy of the variable when built', () => {
    const w = new tf.Variable([1, 2, 3]);
    const opt = new tf.keras.optimizers.ScheduleFreeAdamW();
    opt.applyGradients([[tf.zeros([3]), w]]);
    // A zero gradient leaves z and y where they were: z = w.
    expect(Array.from(slotState(opt).variables[0]!.slots[0]!.values)).toEqual([1, 2, 3]);
    expect(Array.from(w.dataSync())).toEqual([1, 2, 3]);
  });
});

describe.each(['Muon', 'ScheduleFreeAdamW'] as const)('%s state', (name) => {
  it('survives a tf.train.Checkpoint round trip', () => {
    const make = () => [new tf.Variable(tf.reshape(tf.constant(fixture.w0[0]!), fixture.shapes[0]!), { name: 'dense/kernel' }), new tf.Variable(tf.reshape(tf.constant(fixture.w0[2]!), fixture.shapes[2]!), { name: 'dense/bias' })];
    const grads = (s: number) => [tf.reshape(tf.constant(fixture.grads[s]![0]!), fixture.shapes[0]!), tf.reshape(tf.constant(fixture.grads[s]![2]!), fixture.shapes[2]!)];
    const [a, b] = [make(), make()];
    // (TypeScript cannot call a union of overloaded constructors: each class also takes Keras 3's positional arguments.)
    const Cls = tf.keras.optimizers[name] as new (options: tf.BaseOptimizerOptions) => tf.keras.optimizers.Optimizer;
    const [oa, ob] = [new Cls({ learningRate: 0.05 }), new Cls({ learningRate: 0.05 })];
    oa.apply(grads(0), a);
    oa.apply(grads(1), a);
    const saved = new tf.train.Checkpoint({ optimizer: oa, w: a[0]!, b: a[1]! }).toBytes();
    new tf.train.Checkpoint({ optimizer: ob, w: b[0]!, b: b[1]! }).fromBytes(saved);
    oa.apply(grads(2), a);
    ob.apply(grads(2), b);
    expect(ob.iterations).toBe(3);
    a.forEach((v, i) => expect(Array.from(b[i]!.dataSync())).toEqual(Array.from(v.dataSync())));
  });
});
