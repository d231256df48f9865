// The Keras 3 optimizer set through the public API: defaults, Keras's single-step golden vectors
// (keras/src/optimizers/*_test.py, tf-semantics.md §3.6), the base options (weightDecay with
// excludeFromWeightDecay, clipnorm, clipvalue, globalClipnorm, learningRate as a function of the
// step), apply() and minimize(), and the constructor errors. The multi-step golden runs of every
// optimizer and option are in optimizers-keras3.test.ts.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

const O = tf.keras.optimizers;
const values = (v: tf.Tensor) => Array.from(v.dataSync() as ArrayLike<number>);

function expectClose(actual: number[], expected: number[], tol: number, label: string) {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!(Math.abs(a - expected[i]!) <= tol)) throw new Error(`${label}[${i}]: got ${a}, expected ${expected[i]} (tol ${tol})`);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Keras 3 single-step golden vectors (lr = 0.5, w = [1, 2, 3, 4], g = [1, 6, 7, 2])', () => {
  const cases: [string, () => tf.optimizers.Optimizer, number[]][] = [
    ['RMSprop', () => new O.RMSprop({ learningRate: 0.5 }), [-0.5811, 0.4189, 1.4189, 2.4189]],
    ['Adagrad', () => new O.Adagrad({ learningRate: 0.5 }), [0.5233, 1.5007, 2.5005, 3.5061]],
    ['Adadelta', () => new O.Adadelta({ learningRate: 0.5 }), [0.9993, 1.9993, 2.9993, 3.9993]],
    ['Adamax', () => new O.Adamax({ learningRate: 0.5 }), [0.5, 1.5, 2.5, 3.5]],
    ['Lion', () => new O.Lion({ learningRate: 0.5 }), [0.5, 1.5, 2.5, 3.5]],
    ['Ftrl', () => new O.Ftrl({ learningRate: 0.5 }), [0.2218, 1.3954, 2.3651, 2.8814]],
    ['AdamW', () => new O.AdamW({ learningRate: 0.5 }), [0.498, 1.496, 2.494, 3.492]],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    it.each(cases)(`%s in ${dtype}`, (_, make, golden) => {
      const w = new tf.Variable([1, 2, 3, 4], { dtype });
      const opt = make();
      expect(opt.applyGradients([[tf.constant([1, 6, 7, 2], dtype), w]])).toBe(1);
      expectClose(values(w), golden, 1e-4, opt.constructor.name);
    });
  }

  for (const dtype of ['float32', 'float64'] as const) {
    it(`Adafactor 1-D and 2-D (factored) in ${dtype}`, () => {
      const w1 = new tf.Variable([1, 2, 3, 4], { dtype });
      new O.Adafactor({ learningRate: 0.5 }).applyGradients([[tf.constant([1, 6, 7, 2], dtype), w1]]);
      expectClose(values(w1), [-0.3693, 0.6307, 1.6307, 2.6307], 1e-4, 'Adafactor 1-D');
      const w2 = new tf.Variable([[1, 2], [3, 4]], { dtype });
      new O.Adafactor({ learningRate: 0.5 }).applyGradients([[tf.constant([[1, 6], [7, 2]], dtype), w2]]);
      expectClose(values(w2), [0.7007, -0.0081, 1.2492, 3.4407], 1e-4, 'Adafactor 2-D');
    });
  }

  it('RMSprop docstring: lr 0.1, var 10, loss var²/2, one minimize step gives 9.683772', () => {
    const v = new tf.Variable(10);
    new O.RMSprop({ learningRate: 0.1 }).minimize(() => v.square().div(2), [v]);
    expect(v.item()).toBeCloseTo(9.683772, 5);
  });
});

describe('defaults (Keras 3)', () => {
  it('every optimizer has Keras 3 defaults', () => {
    const pick = (o: object, keys: string[]) => keys.map((k) => (o as Record<string, unknown>)[k]);
    expect(pick(new O.RMSprop(), ['learningRate', 'rho', 'momentum', 'epsilon', 'centered'])).toEqual([0.001, 0.9, 0, 1e-7, false]);
    expect(pick(new O.Adagrad(), ['learningRate', 'initialAccumulatorValue', 'epsilon'])).toEqual([0.001, 0.1, 1e-7]);
    expect(pick(new O.Adadelta(), ['learningRate', 'rho', 'epsilon'])).toEqual([0.001, 0.95, 1e-7]);
    expect(pick(new O.Adamax(), ['learningRate', 'beta1', 'beta2', 'epsilon'])).toEqual([0.001, 0.9, 0.999, 1e-7]);
    expect(pick(new O.Lion(), ['learningRate', 'beta1', 'beta2'])).toEqual([0.001, 0.9, 0.99]);
    expect(pick(new O.Lamb(), ['learningRate', 'beta1', 'beta2', 'epsilon'])).toEqual([0.001, 0.9, 0.999, 1e-7]);
    expect(pick(new O.Adafactor(), ['learningRate', 'beta2Decay', 'epsilon1', 'epsilon2', 'clipThreshold', 'relativeStep'])).toEqual([0.001, -0.8, 1e-30, 1e-3, 1, true]);
    expect(pick(new O.AdamW(), ['learningRate', 'weightDecay', 'beta1', 'beta2', 'epsilon', 'amsgrad'])).toEqual([0.001, 0.004, 0.9, 0.999, 1e-7, false]);
    expect(
      pick(new O.Ftrl(), ['learningRate', 'learningRatePower', 'initialAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength', 'l2ShrinkageRegularizationStrength', 'beta']),
    ).toEqual([0.001, -0.5, 0.1, 0, 0, 0, 0]);
    for (const o of [new O.SGD(), new O.Adam(), new O.RMSprop(), new O.Lion()]) {
      expect([o.weightDecay, o.clipnorm, o.clipvalue, o.globalClipnorm]).toEqual([null, null, null, null]);
    }
  });

  it('the classes are the same under tf.optimizers and tf.keras.optimizers', () => {
    for (const k of Object.keys(tf.keras.optimizers) as (keyof typeof tf.keras.optimizers)[]) {
      expect(tf.optimizers[k]).toBe(tf.keras.optimizers[k]);
    }
    expect(Object.keys(tf.keras.optimizers).sort()).toEqual(
      ['Adadelta', 'Adafactor', 'Adagrad', 'Adam', 'AdamW', 'Adamax', 'Ftrl', 'Lamb', 'Lion', 'LossScaleOptimizer', 'Muon', 'Nadam', 'Optimizer', 'RMSprop', 'SGD', 'ScheduleFreeAdamW', 'deserialize', 'get', 'schedules', 'serialize'],
    );
  });

  it("get, serialize and deserialize (Keras's optimizer identifiers): names without case, configs through JSON", () => {
    const classes = ['SGD', 'Adam', 'AdamW', 'Nadam', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'Lion', 'Ftrl', 'Lamb', 'Adafactor', 'Muon', 'ScheduleFreeAdamW'] as const;
    for (const name of classes) {
      const made = O.get(name.toLowerCase());
      expect(made, name).toBeInstanceOf(O[name]);
      // (The same options; the name is the next default one: 'sgd', then 'sgd_1'.)
      // (TypeScript cannot call a union of overloaded constructors: each class also takes Keras 3's positional arguments.)
      expect({ ...made.getConfig(), name: null }, name).toEqual({ ...new (O[name] as new () => tf.keras.optimizers.Optimizer)().getConfig(), name: null });
    }
    const adam = new O.Adam({ learningRate: 0.02, beta2: 0.99, clipnorm: 1 });
    expect(O.get(adam)).toBe(adam);
    const roundTrip = O.deserialize(JSON.parse(JSON.stringify(O.serialize(adam))));
    expect([roundTrip.constructor, roundTrip.getConfig()]).toEqual([O.Adam, adam.getConfig()]);
    // A schedule learning rate is serialized as {className, config} and made again.
    const scheduled = new O.SGD({ learningRate: new O.schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }) });
    const s = O.serialize(scheduled);
    expect(s.config.learningRate).toEqual({ className: 'CosineDecay', config: { initialLearningRate: 0.1, decaySteps: 100, alpha: 0, warmupTarget: null, warmupSteps: 0, name: 'CosineDecay' } });
    const again = O.get(JSON.parse(JSON.stringify(s)));
    expect(again.learningRate).toBe(scheduled.learningRate);
    expect((again.getConfig().learningRate as tf.keras.optimizers.schedules.CosineDecay)(50)).toBe((scheduled.getConfig().learningRate as tf.keras.optimizers.schedules.CosineDecay)(50));
    expect(() => O.get('adamm')).toThrow('deserialize: unknown class name "adamm"; one of SGD, Adam, AdamW, Nadam, RMSprop, Adagrad, Adadelta, Adamax, Lion, Ftrl, Lamb, Adafactor, Muon, ScheduleFreeAdamW, LossScaleOptimizer.');
    expect(() => O.get(3 as never)).toThrow('get: Could not interpret optimizer identifier: 3.');
    // A class of one's own has no registered name to be made again by.
    class Tuned extends O.Adam {}
    expect(() => O.serialize(new Tuned())).toThrow(/serialize: .* is not one of gradtape's Keras classes \(SGD, Adam, /);
    expect(() => O.serialize({} as never)).toThrow('serialize: expected a tf.keras.optimizers object, got an object.');
  });
});

describe('constructor errors', () => {
  it('an unknown option is rejected with the list of accepted ones', () => {
    let msg = '';
    try {
      new O.RMSprop({ beta1: 0.9 } as never);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/RMSprop: Argument\(s\) not recognized: \{'beta1': 0\.9\}/);
    expect(msg).toMatch(
      /Accepted options: learningRate, rho, momentum, epsilon, centered, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, lossScaleFactor, name/,
    );
    expect(() => new O.Ftrl({ l1: 0.1 } as never)).toThrow(/l1RegularizationStrength/);
    expect(() => new O.Lion({ epsilon: 1e-7 } as never)).toThrow(/not recognized/);
  });

  it('AdamW without a weight decay is an error, as in Keras', () => {
    expect(() => new O.AdamW({ weightDecay: null as never })).toThrow('AdamW: Argument `weightDecay` must be a float. Received: weightDecay=null');
    expect(new O.AdamW({ weightDecay: 0.1 }).weightDecay).toBe(0.1);
  });

  it('only one of clipnorm, clipvalue and globalClipnorm', () => {
    expect(() => new O.SGD({ clipnorm: 1, clipvalue: 1 })).toThrow(/Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set/);
    expect(() => new O.Adam({ clipnorm: 1, globalClipnorm: 1 })).toThrow(/Only one of/);
    expect(() => new O.Adam({ clipnorm: 1, globalClipnorm: null })).not.toThrow();
    expect(() => new O.SGD({ clipnorm: NaN })).toThrow(/clipnorm/);
    expect(() => new O.SGD({ weightDecay: '0.1' as never })).toThrow(/weightDecay/);
  });

  it("Keras's range checks: Lion beta1 in (0, 1], Ftrl's powers and strengths", () => {
    expect(() => new O.Lion({ beta1: 0 })).toThrow(/beta1/);
    expect(() => new O.Ftrl({ learningRatePower: 0.5 })).toThrow(/learningRatePower/);
    expect(() => new O.Ftrl({ l1RegularizationStrength: -1 })).toThrow(/l1RegularizationStrength/);
    expect(() => new O.Adagrad({ initialAccumulatorValue: -0.1 })).toThrow(/initialAccumulatorValue/);
    expect(() => new O.RMSprop({ centered: 1 as never })).toThrow(/centered/);
  });
});

describe('weight decay', () => {
  it("Keras's check: w = 2, g = 0, lr = 1, weightDecay 0.004, three steps gives 1.9760959; excluded variables stay", () => {
    for (const make of [() => new O.SGD({ learningRate: 1, weightDecay: 0.004 }), () => new O.Adam({ learningRate: 1, weightDecay: 0.004 })]) {
      const a = new tf.Variable(2, { name: 'kernel' });
      const b = new tf.Variable(2, { name: 'dense/bias' });
      const c = new tf.Variable(2, { name: 'other' });
      const opt = make();
      opt.excludeFromWeightDecay({ varList: [c], varNames: ['bias'] });
      for (let i = 0; i < 3; i++) opt.apply([tf.zeros([]), tf.zeros([]), tf.zeros([])], [a, b, c]);
      expect(a.item()).toBeCloseTo(1.9760959, 6);
      expect(b.item()).toBe(2);
      expect(c.item()).toBe(2);
    }
  });

  it("excludeFromWeightDecay's names are regular expressions searched in the name (Keras: re.search)", () => {
    const kernel = new tf.Variable(1, { name: 'dense/kernel', dtype: 'float64' });
    const bias = new tf.Variable(1, { name: 'dense/bias', dtype: 'float64' });
    const biasKernel = new tf.Variable(1, { name: 'bias_kernel', dtype: 'float64' });
    const opt = new O.SGD({ learningRate: 0.1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay({ varNames: ['bias$', 'dense/k.*'] });
    const zero = tf.constant(0, 'float64');
    opt.applyGradients([[zero, kernel], [zero, bias], [zero, biasKernel]]);
    // w - w*wd*lr, with Keras's float32 learning rate (tf.cast of 0.1 in a float64 step: 0.10000000149011612)
    expect([kernel.arraySync(), bias.arraySync(), biasKernel.arraySync()]).toEqual([1, 1, 1 - 0.5 * Math.fround(0.1)]);
    expect(() => new O.SGD().excludeFromWeightDecay({ varNames: ['(bias'] })).toThrow(/varNames must be regular expressions/);
  });

  it("a gradient of another float dtype is cast to the variable's (Keras: ops.cast(gradient, variable.dtype)); default names are Keras's", () => {
    const v = new tf.Variable([1, 2], { dtype: 'float64' });
    const opt = new O.SGD({ learningRate: 0.5 });
    opt.applyGradients([[tf.constant([1, 0.1], 'float32'), v]]);
    expect(values(v)).toEqual([0.5, 2 - 0.5 * Math.fround(0.1)]);
    expect(() => opt.applyGradients([[tf.constant([1, 1, 1], 'float64'), v]])).toThrow(/has shape \[3\]/);
    tf.keras.backend.clearSession();
    expect([new O.SGD().name, new O.Adam().name, new O.RMSprop().name, new O.Adam().name]).toEqual(['sgd', 'adam', 'rm_sprop', 'adam_1']);
  });

  it('excludeFromWeightDecay only before the first update', () => {
    const w = new tf.Variable([1]);
    const opt = new O.AdamW();
    opt.applyGradients([[tf.constant([1]), w]]);
    expect(() => opt.excludeFromWeightDecay({ varNames: ['bias'] })).toThrow(/before the optimizer is built/);
    expect(() => new O.AdamW().excludeFromWeightDecay({ varNames: 'bias' as never })).toThrow(/varNames/);
  });

  it('uses the current learning rate of a learningRate function', () => {
    const w = new tf.Variable([1], { dtype: 'float64' });
    const opt = new O.SGD({ learningRate: (step) => 0.5 / (step + 1), weightDecay: 0.1 });
    opt.apply([tf.zeros([1], 'float64')], [w]); // lr 0.5: w = 1 - 1*0.1*0.5
    opt.apply([tf.zeros([1], 'float64')], [w]); // lr 0.25
    // (tf.cast(weight_decay, float64) goes through float32, as Keras's on TensorFlow)
    const wd = Math.fround(0.1), w1 = 1 - wd * 0.5;
    expect(w.item()).toBe(w1 - w1 * wd * 0.25);
  });
});

describe('clipping', () => {
  it('clipnorm clips each gradient to the norm, clipvalue each element, globalClipnorm all together', () => {
    const run = (options: object) => {
      const a = new tf.Variable([0, 0], { dtype: 'float64' });
      const b = new tf.Variable([0], { dtype: 'float64' });
      new O.SGD({ learningRate: 1, ...options }).apply([tf.constant([3, 4], 'float64'), tf.constant([12], 'float64')], [a, b]);
      return [...values(a), ...values(b)];
    };
    expectClose(run({}), [-3, -4, -12], 1e-15, 'none');
    expectClose(run({ clipnorm: 1 }), [-0.6, -0.8, -1], 1e-15, 'clipnorm');
    expectClose(run({ clipvalue: 3.5 }), [-3, -3.5, -3.5], 1e-15, 'clipvalue');
    expectClose(run({ globalClipnorm: 6.5 }), [-1.5, -2, -6], 1e-15, 'globalClipnorm'); // joint norm 13
    expectClose(run({ globalClipnorm: 100 }), [-3, -4, -12], 1e-15, 'globalClipnorm above the norm');
    expectClose(run({ clipnorm: 0 }), [-3, -4, -12], 1e-15, 'clipnorm 0 is off');
  });

  it('globalClipnorm with an infinite gradient makes every update NaN, as Keras', () => {
    const a = new tf.Variable([1, 1]);
    const b = new tf.Variable([1]);
    new O.SGD({ globalClipnorm: 1 }).apply([tf.constant([Infinity, 0]), tf.constant([1])], [a, b]);
    expect(values(a).every(Number.isNaN)).toBe(true);
    expect(values(b).every(Number.isNaN)).toBe(true);
  });
});

describe('learningRate as a function of the step', () => {
  it('is called with iterations (0 on the first update) and read back as the current rate', () => {
    const steps: number[] = [];
    const opt = new O.SGD({ learningRate: (step) => (steps.push(step), 0.1 * 0.5 ** step) });
    expect(opt.learningRate).toBe(0.1);
    const w = new tf.Variable([1], { dtype: 'float64' });
    for (let i = 0; i < 3; i++) opt.apply([tf.ones([1], 'float64')], [w]);
    // (the function's values are Python floats to Keras: ops.cast takes them through float32)
    expect(w.item()).toBe(1 - Math.fround(0.1) - Math.fround(0.05) - Math.fround(0.025));
    expect(opt.learningRate).toBe(0.0125);
    expect(steps.filter((s, i) => steps.indexOf(s) === i)).toEqual([0, 1, 2, 3]);
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    opt.learningRate = () => 0.25;
    expect(opt.learningRate).toBe(0.25);
  });

  it("Adafactor's rate is min(lr, 1/sqrt(t)) for a number or a function, eager and compiled", () => {
    // Keras's update_step caps a number rate when relativeStep is true, and then caps every rate
    // (rho_t) the same way: relativeStep changes nothing, and a function's 0.9 acts as the number.
    const run = (options: object, compiled: boolean): number[] => {
      const w = new tf.Variable([[1, 2], [3, 4]], { dtype: 'float64' });
      const opt = new O.Adafactor(options);
      const g = tf.constant([[1, -2], [3, 0.5]], 'float64');
      const step = (): void => void opt.applyGradients([[g, w]]);
      const f = compiled ? tf.function(step) : step;
      for (let i = 0; i < 3; i++) f();
      return values(w);
    };
    const expected = run({ learningRate: 0.9 }, false);
    for (const compiled of [false, true]) {
      expect(run({ learningRate: 0.9, relativeStep: false }, compiled)).toEqual(expected);
      expect(run({ learningRate: () => 0.9 }, compiled)).toEqual(expected);
      expect(run({ learningRate: 0.9 }, compiled)).toEqual(expected);
    }
    expect(run({ learningRate: 0.3 }, true)).not.toEqual(expected); // (the rate is seen: 0.3 < 1/sqrt(3))
  });

  it('every step uses the learning rate set last, eager and compiled', () => {
    for (const compiled of [false, true]) {
      const w = new tf.Variable([1], { dtype: 'float64' });
      const opt = new O.SGD({ learningRate: 0.1 });
      const step = (): void => void opt.applyGradients([[tf.constant([1], 'float64'), w]]);
      const f = compiled ? tf.function(step) : step;
      f();
      opt.learningRate = 0.03;
      f();
      opt.learningRate = (t) => 0.01 * (t + 1); // t = 2: Python's 0.03, cast through float32
      f();
      opt.learningRate = 0.2;
      f();
      // (a number lives in Keras's float32 learning-rate variable)
      expect(w.item()).toBe(1 - Math.fround(0.1) - Math.fround(0.03) - Math.fround(0.01 * 3) - Math.fround(0.2));
    }
  });

  it('a compiled step uses the learning rate and hyperparameters set after its trace', () => {
    const run = (compiled: boolean, change: boolean): number[] => {
      const w = new tf.Variable([1, -2], { dtype: 'float64' });
      const opt = new O.Nadam({ learningRate: 0.1 });
      const g = tf.constant([0.5, 2], 'float64');
      const step = (): void => void opt.applyGradients([[g, w]]);
      const f = compiled ? tf.function(step) : step;
      f();
      if (change) opt.learningRate = 0.03;
      f();
      if (change) {
        (opt as tf.keras.optimizers.Nadam & { beta1: number }).beta1 = 0.5; // (hyperparameters are settable, as in Keras)
        opt.learningRate = (t) => 0.01 * (t + 1);
      }
      f();
      if (change) opt.learningRate = 0.2;
      f();
      return values(w);
    };
    expect(run(true, true)).toEqual(run(false, true));
    expect(run(true, true)).not.toEqual(run(true, false));
  });

  // A step with a number rate and nothing else per step (no accumulation, moving average or
  // per-step state) writes only its plan and step over the optimizer's template; any other step
  // takes the general case. A function returning the same rate (cast through float32, as the
  // number is in Keras's float32 learning-rate variable) takes the general case with the same bits.
  const classes = ['SGD', 'Adam', 'AdamW', 'Nadam', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'Lion', 'Ftrl', 'Lamb', 'Adafactor', 'Muon', 'ScheduleFreeAdamW'] as const;
  it.each(classes)('%s: a number rate and a function returning it step alike, eager and compiled', (cls) => {
    const run = (learningRate: number | (() => number), compiled: boolean): [number[], number] => {
      const w = new tf.Variable([[1, -2], [0.5, 3]], { dtype: 'float64' });
      const opt = new (O[cls] as unknown as new (o: object) => tf.optimizers.Optimizer)({ learningRate, weightDecay: 0.01 });
      const g = tf.constant([[0.25, -1], [2, 0.5]], 'float64');
      const step = (): void => void opt.applyGradients([[g, w]]);
      const f = compiled ? tf.function(step) : step;
      for (let i = 0; i < 4; i++) f();
      return [values(w), opt.iterations];
    };
    const expected = run(() => 0.03, false);
    expect(expected[1]).toBe(4);
    expect(run(() => 0.03, false)).toEqual(expected); // (deterministic)
    expect(run(0.03, false)).toEqual(expected);
    expect(run(0.03, true)).toEqual(expected);
    expect(run(() => 0.03, true)).toEqual(expected);
    expect(run(0.04, false)[0]).not.toEqual(expected[0]); // (the rate is seen)
  });

  it('a function returning a non-number is an error before anything changes', () => {
    const opt = new O.Adam({ learningRate: () => NaN });
    const w = new tf.Variable([1]);
    expect(() => opt.apply([tf.ones([1])], [w])).toThrow(/learningRate function returned NaN/);
    expect(w.item()).toBe(1);
    expect(opt.iterations).toBe(0);
  });
});

describe('EMA and gradient accumulation', () => {
  it('finalizeVariableValues copies the moving average into the variables', () => {
    const w = new tf.Variable([1, 2], { dtype: 'float64' });
    const opt = new O.SGD({ learningRate: 0.5, useEma: true, emaMomentum: 0.5 });
    opt.apply([tf.constant([1, 1], 'float64')], [w]); // w = [0.5, 1.5]; avg = w (m = 0 on the first step)
    opt.apply([tf.constant([1, 1], 'float64')], [w]); // w = [0, 1]; avg = 0.5*avg + 0.5*w = [0.25, 1.25]
    expect(values(w)).toEqual([0, 1]);
    opt.finalizeVariableValues([w]);
    expect(values(w)).toEqual([0.25, 1.25]);
    expect(() => opt.finalizeVariableValues([new tf.Variable([1])])).toThrow(/not a variable this optimizer was built with/);
    // Without useEma it does nothing.
    const plain = new O.SGD();
    plain.apply([tf.constant([1, 1], 'float64')], [w]);
    plain.finalizeVariableValues([w]);
    expect(values(w)).toEqual([0.25 - Math.fround(0.01), 1.25 - Math.fround(0.01)]); // (a float32 learning rate, as Keras's)
  });

  it('gradientAccumulationSteps: updates every N calls with the mean gradient; iterations counts updates', () => {
    const w = new tf.Variable([1], { dtype: 'float64' });
    const opt = new O.SGD({ learningRate: 1, gradientAccumulationSteps: 3 });
    expect(opt.apply([tf.constant([1], 'float64')], [w])).toBeUndefined();
    expect(opt.applyGradients([[tf.constant([2], 'float64'), w]])).toBe(2); // calls, as Keras's _iterations
    expect(values(w)).toEqual([1]);
    expect(opt.iterations).toBe(0);
    opt.apply([tf.constant([6], 'float64')], [w]);
    expect(values(w)).toEqual([1 - 3]);
    expect(opt.iterations).toBe(1);
    opt.apply([tf.constant([3], 'float64')], [w]); // the accumulator starts again from 0
    opt.apply([tf.constant([3], 'float64')], [w]);
    opt.apply([tf.constant([3], 'float64')], [w]);
    expect(values(w)).toEqual([-2 - 3]);
  });

  it('gradientAccumulationSteps: an update resets every accumulator, also of variables without a gradient at that call (Keras: _backend_reset_gradient_accumulators)', () => {
    for (const compiled of [false, true]) {
      const [a, b] = [new tf.Variable(0, { dtype: 'float64' }), new tf.Variable(0, { dtype: 'float64' })];
      const opt = new O.SGD({ learningRate: 1, gradientAccumulationSteps: 2 });
      const one = tf.constant(1, 'float64');
      const both = () => opt.applyGradients([[one, a], [one, b]]);
      const onlyA = () => opt.applyGradients([[one, a]]);
      const [f, g] = compiled ? [tf.function(both), tf.function(onlyA)] : [both, onlyA];
      f(); // accumulates 1 for a and b
      g(); // updates a with the mean (1 + 1)/2; b, without a gradient, is not updated; both sums reset
      f();
      f(); // both updated with (1 + 1)/2: b's sum did not keep call 1's gradient (it gave -1.5)
      expect([a.arraySync(), b.arraySync()], compiled ? 'compiled' : 'eager').toEqual([-2, -1]);
    }
  });

  it('rejects bad values as Keras does', () => {
    expect(() => new O.Adam({ gradientAccumulationSteps: 1 })).toThrow(/gradientAccumulationSteps` must be an integer >= 2/);
    expect(() => new O.Adam({ emaOverwriteFrequency: 0.5 })).toThrow(/emaOverwriteFrequency/);
    expect(() => new O.Adam({ useEma: true, emaMomentum: 2 })).toThrow(/emaMomentum/);
    // As in Keras: the momentum is checked only with useEma, and 0 turns the integer options off.
    expect(() => new O.Adam({ emaMomentum: 2 })).not.toThrow();
    expect(new O.Adam({ gradientAccumulationSteps: 0, emaOverwriteFrequency: 0 }).gradientAccumulationSteps).toBeNull();
    expect(() => new O.Adam({ useEma: 'yes' as never })).toThrow(/useEma/);
  });
});

describe('apply and minimize (Keras 3 names)', () => {
  it('setting a hyperparameter changes the next steps, eager and compiled, as in Keras, and is checked', () => {
    const g = tf.constant([0.5, -1], 'float64');
    const v = () => new tf.Variable([1, 2], { dtype: 'float64' });
    const [compiled, eager, unchanged] = [v(), v(), v()];
    // (Read-only in the typings; JavaScript can still set them, as Python code sets Keras's.)
    const opts = [0, 1, 2].map(() => new O.Adam({ learningRate: 0.1 }) as tf.keras.optimizers.Adam & { beta1: number });
    const step = tf.function(() => opts[0]!.applyGradients([[g, compiled]]));
    const all = () => {
      step();
      opts[1]!.applyGradients([[g, eager]]);
      opts[2]!.applyGradients([[g, unchanged]]);
    };
    all();
    all();
    opts[0]!.beta1 = 0.5; // after the trace: the replay reads it at every call
    opts[1]!.beta1 = 0.5;
    for (let i = 0; i < 3; i++) all();
    expect(opts[0]!.beta1).toBe(0.5);
    expect(opts[2]!.beta1, 'each optimizer has its own').toBe(0.9);
    expect(values(compiled)).toEqual(values(eager));
    expect(values(compiled)).not.toEqual(values(unchanged));
    expect(() => {
      opts[0]!.beta1 = 1.5;
    }).toThrow(/beta1/);
    expect(opts[0]!.beta1).toBe(0.5);
  });

  it('optimizers of one class share a hidden class, so code that handles them stays fast however many are made', () => {
    // Hyperparameter properties defined on each instance gave every optimizer a map of its own in
    // V8 (a fresh optimizer per training run made the compiled small steps 25% slower).
    const script = `
      const tf = await import(${JSON.stringify(new URL('../dist/index.mjs', import.meta.url).href)});
      const O = tf.keras.optimizers;
      const out = [];
      for (const C of [O.SGD, O.Adam, O.AdamW, O.Nadam, O.RMSprop, O.Adagrad, O.Adadelta, O.Adamax, O.Lion, O.Ftrl, O.Lamb, O.Adafactor]) {
        const a = new C({ learningRate: 0.1 }), b = new C({ learningRate: 0.2 });
        out.push(C.name + ':' + %HaveSameMap(a, b) + ':' + %HasFastProperties(a));
      }
      console.log(out.join(' '));`;
    const printed = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
    for (const entry of printed.split(' ')) expect(entry).toMatch(/:true:true$/);
    expect(printed.split(' ')).toHaveLength(12);
  });

  it('a variable twice in one applyGradients is updated twice at one step count, as Keras applies each pair in turn', () => {
    // SGD with momentum: the second update reads the velocity the first wrote.
    const twice = new tf.Variable([1, 2], { dtype: 'float64' });
    const apart = new tf.Variable([1, 2], { dtype: 'float64' });
    const g = tf.constant([0.5, -1], 'float64');
    const o1 = new O.SGD({ learningRate: 0.1, momentum: 0.9 });
    const o2 = new O.SGD({ learningRate: 0.1, momentum: 0.9 });
    o1.applyGradients([[g, twice], [g, twice]]);
    o2.applyGradients([[g, apart]]);
    o2.applyGradients([[g, apart]]);
    expect(values(twice)).toEqual(values(apart));
    expect(values(twice)).not.toEqual([1, 2]);
    expect([o1.iterations, o2.iterations]).toEqual([1, 2]);
    const step = tf.function(() => o1.applyGradients([[g, twice], [g, twice]]));
    for (let i = 0; i < 3; i++) {
      step();
      o2.applyGradients([[g, apart]]);
      o2.applyGradients([[g, apart]]);
    }
    expect(values(twice)).toEqual(values(apart));
  });

  it('apply(grads, vars) equals applyGradients, apply([]) is a no-op, apply(grads) uses the built variables', () => {
    const a = new tf.Variable([1, 2], { dtype: 'float64' });
    const b = new tf.Variable([3], { dtype: 'float64' });
    const a2 = new tf.Variable([1, 2], { dtype: 'float64' });
    const b2 = new tf.Variable([3], { dtype: 'float64' });
    const o1 = new O.RMSprop({ learningRate: 0.1, momentum: 0.5, centered: true });
    const o2 = new O.RMSprop({ learningRate: 0.1, momentum: 0.5, centered: true });
    const ga = tf.constant([0.5, -1], 'float64');
    const gb = tf.constant([2], 'float64');
    o1.apply([], []);
    expect(o1.iterations).toBe(0);
    o1.apply([ga, gb], [a, b]);
    o1.apply([ga, gb]);
    o2.applyGradients([[ga, a2], [gb, b2]]);
    o2.applyGradients([[ga, a2], [gb, b2]]);
    expect(values(a)).toEqual(values(a2));
    expect(values(b)).toEqual(values(b2));
    expect(o1.iterations).toBe(2);
    expect(() => o1.apply([ga])).toThrow(/got 1 gradients, but the optimizer is tracking 2 variables/);
    expect(() => new O.Adam().apply([ga])).toThrow(/must already be built/);
    expect(() => new O.Adam().apply([ga, gb], [a])).toThrow(/2 gradients for 1 variables/);
  });

  it('minimize takes a loss function and a list (or a function returning one) of variables', () => {
    const w = new tf.Variable(3);
    const opt = new O.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 });
    const loss = opt.minimize(() => w.square(), () => [w]);
    expect(loss.item()).toBe(9);
    // acc = 36; w = 3 - 0.1*6/sqrt(36 + 1e-7)
    expect(w.item()).toBeCloseTo(3 - 0.1, 6);
    expect(() => opt.minimize(3 as never, [w])).toThrow(/loss must be a function/);
  });

  it('every optimizer trains a small least-squares problem through minimize', () => {
    const x = tf.constant([[1, 0], [0, 1], [1, 1]], 'float64');
    const y = tf.constant([[1], [2], [3]], 'float64');
    const makers = [
      () => new O.RMSprop({ learningRate: 0.01 }), () => new O.Adagrad({ learningRate: 0.5 }), () => new O.Adadelta({ learningRate: 1, epsilon: 1e-3 }),
      () => new O.Adamax({ learningRate: 0.05 }), () => new O.Lion({ learningRate: 0.003 }), () => new O.Ftrl({ learningRate: 0.5 }),
      () => new O.Lamb({ learningRate: 0.02 }), () => new O.AdamW({ learningRate: 0.05, weightDecay: 1e-4 }),
      () => new O.Adafactor({ learningRate: 0.1 }),
    ];
    for (const make of makers) {
      const w = new tf.Variable([[0.5], [0.5]], { dtype: 'float64' });
      const opt = make();
      const loss = () => x.matmul(w).sub(y).square().reduceSum();
      const first = loss().item();
      for (let i = 0; i < 300; i++) opt.minimize(loss, [w]);
      expect(loss().item(), opt.constructor.name).toBeLessThan(first / 10);
    }
  });
});

describe('getConfig, fromConfig and loss scaling (Keras 3 get_config, from_config, loss_scale_factor)', () => {
  const classes = ['SGD', 'Adam', 'AdamW', 'Nadam', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'Lion', 'Ftrl', 'Lamb', 'Adafactor', 'Muon', 'ScheduleFreeAdamW'] as const;

  it("every optimizer's config holds Keras's base options and its own hyperparameters, and makes an equal optimizer", () => {
    const base = ['name', 'learningRate', 'weightDecay', 'clipnorm', 'globalClipnorm', 'clipvalue', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'lossScaleFactor', 'gradientAccumulationSteps'];
    for (const cls of classes) {
      const Cls = O[cls] as unknown as (new (o?: object) => tf.optimizers.Optimizer) & { fromConfig(c: object): tf.optimizers.Optimizer };
      const opt = new Cls({ learningRate: 0.02, clipnorm: 1.5, name: `my_${cls}` });
      const config = opt.getConfig();
      expect(Object.keys(config).slice(0, base.length), cls).toEqual(base);
      expect([config.name, config.learningRate, config.clipnorm, config.lossScaleFactor], cls).toEqual([`my_${cls}`, 0.02, 1.5, null]);
      const twin = Cls.fromConfig(config);
      expect(twin, cls).toBeInstanceOf(Cls);
      expect(twin.getConfig(), cls).toEqual(config);
      expect(new Cls(config).getConfig(), cls).toEqual(config);
    }
    const adam = new O.Adam({ beta1: 0.8, amsgrad: true });
    expect([adam.getConfig().beta1, adam.getConfig().beta2, adam.getConfig().amsgrad]).toEqual([0.8, 0.999, true]);
    (adam as { beta1: number }).beta1 = 0.7; // a hyperparameter set later is in the config, as Keras reads the attribute
    expect(adam.getConfig().beta1).toBe(0.7);
    expect(new O.AdamW().getConfig().weightDecay).toBe(0.004);
    expect(() => O.Adam.fromConfig(null as never)).toThrow(/Adam.fromConfig: expected the object getConfig\(\) returns/);
  });

  it('a schedule or function learning rate is in the config as given; fromConfig starts without state', () => {
    const schedule = new O.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const opt = new O.SGD({ learningRate: schedule });
    const w = new tf.Variable([1]);
    opt.applyGradients([[tf.constant([1]), w]]);
    const twin = O.SGD.fromConfig(opt.getConfig());
    expect(opt.getConfig().learningRate).toBe(schedule);
    expect([opt.iterations, twin.iterations]).toEqual([1, 0]);
    const fn = (step: number) => 0.1 / (1 + step);
    expect(new O.Adam({ learningRate: fn }).getConfig().learningRate).toBe(fn);
  });

  it('lossScaleFactor: scaleLoss multiplies the loss, every update divides the gradients first (eager and compiled)', () => {
    const run = (scale: number | null, scaleTheLoss: boolean, compiled: boolean) => {
      const w = new tf.Variable([1, -2, 3]);
      const opt = new O.SGD({ learningRate: 0.1, momentum: 0.5, lossScaleFactor: scale });
      const step = () => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const l = w.square().reduceSum();
          return scaleTheLoss ? opt.scaleLoss(l) : l;
        });
        opt.applyGradients([[tape.gradient(loss, w), w]]);
        return loss;
      };
      const f = compiled ? tf.function(step) : step;
      let loss = 0;
      for (let i = 0; i < 3; i++) loss = f().item();
      return { w: values(w), loss };
    };
    const plain = run(null, false, false);
    for (const compiled of [false, true]) {
      // Scaled by a power of two and back: the same bits.
      const scaled = run(1024, true, compiled);
      expect(scaled.w).toEqual(plain.w);
      expect(scaled.loss).toBe(plain.loss * 1024);
    }
    // Without scaleLoss the gradients come out divided: SGD's step w -= lr * g / 4.
    const sgd = new O.SGD({ learningRate: 1, lossScaleFactor: 4 });
    const v = new tf.Variable([1, 2]);
    sgd.applyGradients([[tf.constant([8, 4]), v]]);
    expect(values(v)).toEqual([-1, 1]);
    expect(values(new O.SGD({ lossScaleFactor: 3 }).scaleLoss(tf.constant([1, 2])))).toEqual([3, 6]);
    const unscaled = tf.constant(5);
    expect(new O.SGD().scaleLoss(unscaled)).toBe(unscaled);
    expect(() => new O.SGD({ lossScaleFactor: 0 })).toThrow(/lossScaleFactor must be a finite number other than 0/);
    expect(() => new O.SGD({ lossScaleFactor: 'big' as never })).toThrow(/SGD: lossScaleFactor must be a finite number/);
  });
});

describe("variable constraints (tf.Variable's constraint, applied by Keras 3's apply)", () => {
  it('every update is followed by variable.assign(constraint(variable)), for the variables with a gradient', () => {
    const w = new tf.Variable([1, -2, 3], { constraint: (v) => tf.maximum(v, 0) });
    const free = new tf.Variable([1, -2, 3]);
    const idle = new tf.Variable([-5], { constraint: (v) => tf.maximum(v, 0) });
    expect(w.constraint).toBeTypeOf('function');
    expect(free.constraint).toBeNull();
    const opt = new O.SGD({ learningRate: 1 });
    opt.applyGradients([[tf.constant([2, 1, -1]), w], [tf.constant([2, 1, -1]), free], [null, idle]]);
    expect([values(w), values(free), values(idle)]).toEqual([[0, 0, 4], [-1, -3, 4], [-5]]);
  });

  it('compiled steps project as the eager ones do, bit for bit', () => {
    const run = (compiled: boolean) => {
      const u = new tf.Variable([1, 2]);
      const v = new tf.Variable([0.5, 0.5], { constraint: (x) => x.div(tf.norm(x)) });
      const opt = new O.Adam({ learningRate: 0.1 });
      const step = () => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => u.mul(v).reduceSum().square());
        const [gu, gv] = tape.gradient(loss, [u, v]);
        opt.applyGradients([[gu!, u], [gv!, v]]);
      };
      const f = compiled ? tf.function(step) : step;
      for (let i = 0; i < 4; i++) f();
      return [values(u), values(v)];
    };
    const eager = run(false);
    expect(run(true)).toEqual(eager);
    expect(Math.hypot(...eager[1]!)).toBeCloseTo(1, 6);
  });

  it('with gradient accumulation the projection runs at every call, as Keras applies it after each apply', () => {
    let calls = 0;
    const w = new tf.Variable([-1], { constraint: (v) => (calls++, tf.maximum(v, 0)) });
    const opt = new O.SGD({ learningRate: 1, gradientAccumulationSteps: 2 });
    opt.applyGradients([[tf.constant([1]), w]]);
    expect([calls, values(w)]).toEqual([1, [0]]);
    opt.applyGradients([[tf.constant([-3]), w]]);
    expect([calls, values(w)]).toEqual([2, [1]]);
  });

  it('a constraint that is not a function, or returns another shape, is an error', () => {
    expect(() => new tf.Variable(1, { constraint: 3 as never })).toThrow('Variable: The `constraint` argument must be a callable, got 3.');
    const w = new tf.Variable([1, 2], { constraint: (v) => v.reshape([2, 1]) });
    expect(() => new O.SGD().applyGradients([[tf.constant([1, 1]), w]])).toThrow(/shape/);
  });
});

describe('tf.keras.constraints (Keras 3 formulas, ε = 1e-7)', () => {
  const K = tf.keras.constraints;
  const w = () => tf.constant([[3, 0], [4, 1]], 'float64'); // column norms 5 and 1
  it('NonNeg, MaxNorm, UnitNorm and MinMaxNorm project as Keras computes them', () => {
    expect(values(new K.NonNeg()(tf.constant([-1, 2])))).toEqual([0, 2]);
    expectClose(values(new K.MaxNorm()(w())).flat(), [3 * 2 / (5 + 1e-7), 0, 4 * 2 / (5 + 1e-7), 1 / (1 + 1e-7)], 1e-15, 'MaxNorm');
    expectClose(values(new K.MaxNorm({ maxValue: 1, axis: 1 })(w())).flat(), [1 / (3 + 1e-7) * 3, 0, 4 / (Math.hypot(4, 1) + 1e-7), 1 / (Math.hypot(4, 1) + 1e-7)], 1e-15, 'MaxNorm rows');
    expectClose(values(new K.UnitNorm()(w())).flat(), [3 / (5 + 1e-7), 0, 4 / (5 + 1e-7), 1 / (1 + 1e-7)], 1e-15, 'UnitNorm');
    // norms [5, 1] clipped to [3, 2], half way: desired [4, 1.5]
    const mm = new K.MinMaxNorm({ minValue: 2, maxValue: 3, rate: 0.5 });
    expectClose(values(mm(w())).flat(), [3 * 4 / (5 + 1e-7), 0, 4 * 4 / (5 + 1e-7), 1.5 / (1 + 1e-7)], 1e-15, 'MinMaxNorm');
    expect(new K.MaxNorm({ maxValue: 10, axis: [0, 1] }).call(w()).shape).toEqual([2, 2]);
  });

  it('are callable objects with getConfig, and a variable constraint', () => {
    const mm = new K.MinMaxNorm({ maxValue: 3, axis: 1 });
    expect(mm.getConfig()).toEqual({ minValue: 0, maxValue: 3, rate: 1, axis: 1 });
    expect(new K.MinMaxNorm(mm.getConfig() as never).getConfig()).toEqual(mm.getConfig());
    expect([new K.MaxNorm().getConfig(), new K.UnitNorm().getConfig(), new K.NonNeg().getConfig()]).toEqual([{ maxValue: 2, axis: 0 }, { axis: 0 }, {}]);
    expect(mm).toBeInstanceOf(K.Constraint);
    const v = new tf.Variable([[3, 0], [4, 0.5]], { constraint: new K.UnitNorm() });
    new O.SGD({ learningRate: 1 }).applyGradients([[tf.constant([[0, 0], [0, -0.5]]), v]]);
    expectClose(values(v).flat(), [0.6, 0, 0.8, 1], 1e-6, 'unit columns');
    expect(() => new K.MaxNorm({ maxValue: 'big' } as never)).toThrow('keras.constraints.MaxNorm: maxValue must be a finite number, got "big".');
    expect(() => new K.UnitNorm({ axes: 0 } as never)).toThrow(/keras.constraints.UnitNorm: unknown option 'axes'/);
  });
});
