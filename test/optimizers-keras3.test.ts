// Every Keras 3 optimizer and base option against test/fixtures/optimizers-keras3.json, written
// by `python3 scripts/keras_reference.py --fixture`: a NumPy re-derivation of Keras 3's update
// rules and BaseOptimizer.apply (clip, weight decay with the current learning rate, update),
// computed in the variable's dtype as Keras computes it on TensorFlow (a hyperparameter that
// Keras passes through ops.cast, i.e. tf.cast, is rounded to float32 first, in float64 steps too;
// the learning rate is a float32 variable). Two variables ('kernel' [2, 3] and 'bias' [3]), five
// steps, float32 and float64.
//
// Tolerances: float64 to 1e-12 relative; float32 to a few units in the last place (ulp) of the
// variable's largest element (errors are measured against the scale of the variable, since an
// element that cancels to near 0 has no meaningful relative error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type DT = 'float32' | 'float64';
interface Case {
  optimizer: keyof typeof OPTIMIZERS;
  options: Record<string, unknown>;
  excludeNames?: string[];
  schedule?: { initial: number; rate: number };
  float32: number[][][];
  float64: number[][][];
}
interface Fixture {
  steps: number;
  names: string[];
  shapes: number[][];
  w0: number[][];
  grads: number[][][];
  cases: Case[];
}

const OPTIMIZERS = {
  SGD: tf.keras.optimizers.SGD, Adam: tf.keras.optimizers.Adam, AdamW: tf.keras.optimizers.AdamW,
  Nadam: tf.keras.optimizers.Nadam, RMSprop: tf.keras.optimizers.RMSprop, Adagrad: tf.keras.optimizers.Adagrad,
  Adadelta: tf.keras.optimizers.Adadelta, Adamax: tf.keras.optimizers.Adamax, Lion: tf.keras.optimizers.Lion,
  Ftrl: tf.keras.optimizers.Ftrl, Lamb: tf.keras.optimizers.Lamb, Adafactor: tf.keras.optimizers.Adafactor,
};

const fixture = JSON.parse(readFileSync(new URL('./fixtures/optimizers-keras3.json', import.meta.url), 'utf8')) as Fixture;

/** float32 ulps allowed, measured against the variable's largest |element|. gradtape follows Keras's
 * float32 arithmetic literally, except where it computes a per-call scalar in float64 and rounds
 * it once (the norms of clipnorm, globalClipnorm and Lamb, Adafactor's means; Ftrl's powers go through a different
 * powf): a few ulp over five steps. Adam, AdamW and Nadam compute their bias corrections in float64
 * (from the float32-rounded betas, as Keras's ops.cast gives them); Keras computes beta^t and
 * 1 - beta^t in float32, where rounding beta2^t (about 0.998) costs up to 3e-8 of 1 - beta2^t (about
 * 0.002), 1.5e-5 relative: a few ulp per step of lr = 0.1, up to 12 ulp after five steps here
 * (13 for Nadam, which also keeps its momentum product in float64). */
const F32_ULPS: Record<string, number> = { Adam: 12, AdamW: 10, Nadam: 14 };
const F32_ULPS_DEFAULT = 8;
const F64_REL = 1e-12;

function ulp32(x: number): number {
  const a = Math.max(Math.abs(x), 2 ** -126);
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function label(c: Case): string {
  const extra = [c.excludeNames ? `excludeNames ${c.excludeNames}` : '', c.schedule ? `lr = ${c.schedule.initial}·${c.schedule.rate}^step` : '']
    .filter(Boolean).join(', ');
  return `${c.optimizer}(${JSON.stringify(c.options)})${extra ? ` [${extra}]` : ''}`;
}

function run(c: Case, dtype: DT): number[][][] {
  const options: Record<string, unknown> = { ...c.options };
  if (c.schedule) {
    const { initial, rate } = c.schedule;
    options.learningRate = (step: number) => initial * rate ** step;
  }
  // (TypeScript cannot call a union of overloaded constructors: each class also takes Keras 3's positional arguments.)
  const opt = new (OPTIMIZERS[c.optimizer] as new (options: object) => tf.keras.optimizers.Optimizer)(options);
  const vars = fixture.w0.map((w, i) => new tf.Variable(tf.reshape(tf.constant(w, dtype), fixture.shapes[i]!), { name: fixture.names[i] }));
  if (c.excludeNames) opt.excludeFromWeightDecay({ varNames: c.excludeNames });
  const rows: number[][][] = [];
  fixture.grads.forEach((gs, step) => {
    const grads = gs.map((g, i) => tf.reshape(tf.constant(g, dtype), fixture.shapes[i]!));
    // Both entry points: Keras 3's apply(grads, vars) and apply_gradients(pairs).
    if (step % 2 === 0) opt.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
    else opt.apply(grads, vars);
    rows.push(vars.map((v) => Array.from(v.dataSync() as ArrayLike<number>)));
  });
  // With gradientAccumulationSteps N, iterations counts updates: calls divided by N.
  expect(opt.iterations).toBe(Math.floor(fixture.steps / ((c.options.gradientAccumulationSteps as number | undefined) ?? 1)));
  return rows;
}

/** Largest error: float64 relative to max(1, |expected|); float32 in ulps of the variable's scale. */
function worst(got: number[][][], want: number[][][], dtype: DT): { err: number; where: string } {
  let err = 0, where = '';
  want.forEach((vars, s) => vars.forEach((w, v) => {
    const scale = Math.max(...w.map(Math.abs));
    w.forEach((e, i) => {
      const a = got[s]![v]![i]!;
      const d = dtype === 'float64' ? Math.abs(a - e) / Math.max(1, Math.abs(e)) : Math.abs(a - e) / ulp32(scale);
      if (!(d <= err)) {
        err = Number.isNaN(d) ? Infinity : d;
        where = `step ${s + 1}, ${fixture.names[v]}[${i}]: got ${a}, expected ${e}`;
      }
    });
  }));
  return { err, where };
}

const summary: string[] = [];

describe.each(['float64', 'float32'] as DT[])('Keras 3 golden runs in %s', (dtype) => {
  it.each(fixture.cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const { err, where } = worst(run(c, dtype), c[dtype], dtype);
    summary.push(`${dtype} ${label(c)}: ${dtype === 'float64' ? err.toExponential(2) + ' rel' : err.toFixed(2) + ' ulp'}`);
    const tol = dtype === 'float64' ? F64_REL : (F32_ULPS[c.optimizer] ?? F32_ULPS_DEFAULT);
    if (!(err <= tol)) throw new Error(`${label(c)} in ${dtype}: error ${err} > ${tol} at ${where}`);
  });
});

it('covers every optimizer class in tf.keras.optimizers', () => {
  // (Muon and ScheduleFreeAdamW are checked against Keras 3.15.1 itself: optimizers-keras315.test.ts;
  // LossScaleOptimizer too: loss-scale-optimizer.test.ts.)
  const keras315 = JSON.parse(readFileSync(new URL('./fixtures/keras-optimizers-315.json', import.meta.url), 'utf8')) as { cases: { optimizer: string }[] };
  const lossScale = JSON.parse(readFileSync(new URL('./fixtures/keras-loss-scale.json', import.meta.url), 'utf8')) as { cases: unknown[] };
  const covered = new Set<string>([...fixture.cases.map((c) => c.optimizer), ...keras315.cases.map((c) => c.optimizer), ...(lossScale.cases.length > 0 ? ['LossScaleOptimizer'] : [])]);
  // (The namespace's functions: get, serialize, deserialize; its classes start with a capital.)
  const classes = Object.keys(tf.keras.optimizers).filter((k) => k !== 'Optimizer' && /^[A-Z]/.test(k));
  expect(classes.filter((k) => !covered.has(k as never))).toEqual([]);
  if (process.env.GRADTAPE_OPTIM_SUMMARY) console.log(summary.join('\n'));
});
