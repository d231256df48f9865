// Keras 3's positional arguments, as a ported Python program passes them: `Adam(0.01)`,
// `SGD(0.1, 0.9)`, `ExponentialDecay(0.1, 10, 0.5)`, `tf.Variable(1, False)`,
// `model.compile('adam', 'mse')`, `model.fit(x, y, 2, 3, 0)`. Each threw "options must be an object"
// before. The expected values come from Keras's (and TensorFlow's) documented behaviour: its
// update rules and schedule formulas, written out here, never gradtape's own output.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const O = tf.keras.optimizers;
const S = tf.keras.optimizers.schedules;

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const expectClose = (got: number[], want: number[], digits = 6) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));
};

/** Applies `steps` updates of the constant gradient `g` to a variable starting at `w0`. */
function run(opt: tf.keras.optimizers.Optimizer, w0: number[], g: number[], steps = 1): number[] {
  const w = new tf.Variable(w0);
  for (let i = 0; i < steps; i++) opt.applyGradients([[tf.constant(g), w]]);
  return values(w);
}

/** Keras 3's Adam update (adam.py), step by step, in float64 (the variables here are float32:
 * compared to 5 digits). */
function kerasAdam(w0: number[], g: number[], steps: number, lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7): number[] {
  const w = w0.slice(), m = w0.map(() => 0), v = w0.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i]! += (g[i]! - m[i]!) * (1 - b1);
      v[i]! += (g[i]! ** 2 - v[i]!) * (1 - b2);
      w[i]! -= (m[i]! * alpha) / (Math.sqrt(v[i]!) + eps);
    }
  }
  return w;
}

describe('tf.keras.optimizers: Keras 3 constructor order', () => {
  it('Adam(learning_rate, beta_1, beta_2, epsilon, amsgrad)', () => {
    const adam = new O.Adam(0.1);
    expect(adam.learningRate).toBeCloseTo(0.1, 7);
    expect([adam.beta1, adam.beta2, adam.epsilon, adam.amsgrad]).toEqual([0.9, 0.999, 1e-7, false]);
    expectClose(run(new O.Adam(0.1), [1, 2], [1, -2]), kerasAdam([1, 2], [1, -2], 1, 0.1), 5);
    // beta_1 second: it shows from the second step on.
    expectClose(run(new O.Adam(0.1, 0.5), [1, 2], [1, -2], 3), kerasAdam([1, 2], [1, -2], 3, 0.1, 0.5), 5);
    expectClose(run(new O.Adam(0.1, 0.9, 0.5), [1, 2], [1, -2], 3), kerasAdam([1, 2], [1, -2], 3, 0.1, 0.9, 0.5), 5);
    const ams = new O.Adam(0.01, 0.8, 0.99, 1e-5, true);
    expect([ams.learningRate, ams.beta1, ams.beta2, ams.epsilon, ams.amsgrad]).toEqual([0.01, 0.8, 0.99, 1e-5, true].map((v) => (typeof v === 'number' ? expect.closeTo(v, 9) : v)));
  });

  it('SGD(learning_rate, momentum, nesterov) runs with momentum', () => {
    const sgd = new O.SGD(0.1, 0.9);
    expect([sgd.momentum, sgd.nesterov]).toEqual([0.9, false]);
    // Keras's rule: velocity = momentum * velocity - lr * g; w += velocity. With g = 1:
    // w = 1 - 0.1 = 0.9, then velocity = -0.19 and w = 0.71 (0.8 without momentum).
    expectClose(run(new O.SGD(0.1, 0.9), [1], [1], 2), [0.71]);
    // Nesterov: w += momentum * velocity - lr * g: 1 - 0.19 = 0.81, then 0.81 - 0.271 = 0.539.
    expectClose(run(new O.SGD(0.1, 0.9, true), [1], [1], 2), [0.539]);
  });

  it('the base arguments follow the own ones: weight_decay, clipnorm, clipvalue, global_clipnorm, ...', () => {
    // SGD(lr, momentum, nesterov, weight_decay, clipnorm): g = [3, 4] clipped to norm 1 is [0.6, 0.8].
    expectClose(run(new O.SGD(0.1, 0, false, null, 1), [0, 0], [3, 4]), [-0.06, -0.08]);
    // clipvalue third of the base ones.
    expectClose(run(new O.SGD(0.1, 0, false, null, null, 0.5), [0, 0], [3, -4]), [-0.05, 0.05]);
    // weight_decay: w -= w * wd * lr before the update.
    expectClose(run(new O.SGD(0.1, 0, false, 0.5), [1], [0]), [0.95]);
    const sgd = new O.SGD(0.1, 0, false, null, null, null, 2, true, 0.9, 5, 4, 3, 'my_sgd');
    expect([sgd.globalClipnorm, sgd.useEma, sgd.emaMomentum, sgd.emaOverwriteFrequency, sgd.lossScaleFactor, sgd.gradientAccumulationSteps, sgd.name]).toEqual([2, true, 0.9, 5, 4, 3, 'my_sgd']);
    // A null where Keras's default is None is that default.
    const none = new O.Adam(0.1, 0.9, 0.999, 1e-7, false, null, null, null, null, false, 0.99, null, null, null, null);
    expect([none.weightDecay, none.clipnorm, none.clipvalue, none.globalClipnorm, none.emaOverwriteFrequency, none.lossScaleFactor, none.gradientAccumulationSteps]).toEqual([null, null, null, null, null, null, null]);
    expect(none.name).toMatch(/^adam(_\d+)?$/);
  });

  it("each class's own hyperparameters in Keras 3's order", () => {
    const rms = new O.RMSprop(0.1, 0.5);
    expect([rms.rho, rms.momentum, rms.epsilon, rms.centered]).toEqual([0.5, 0, 1e-7, false]);
    // Keras: velocity = rho v + (1 - rho) g² = 0.5; w -= lr g / sqrt(velocity + eps).
    expectClose(run(rms, [1], [1]), [1 - 0.1 / Math.sqrt(0.5 + 1e-7)]);
    expect(new O.RMSprop(0.1, 0.9, 0.5, 1e-6, true)).toMatchObject({ rho: 0.9, momentum: 0.5, epsilon: 1e-6, centered: true });
    // Adagrad: the accumulator starts at initial_accumulator_value and adds g².
    const ada = new O.Adagrad(0.1, 1);
    expect(ada.initialAccumulatorValue).toBe(1);
    expectClose(run(ada, [1], [1]), [1 - 0.1 / Math.sqrt(2 + 1e-7)]);
    expect(new O.Adadelta(1, 0.9, 1e-6)).toMatchObject({ rho: 0.9, epsilon: 1e-6 });
    expect(new O.Adamax(0.002, 0.8, 0.99, 1e-6)).toMatchObject({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(new O.Nadam(0.002, 0.8, 0.99, 1e-6)).toMatchObject({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(new O.Lamb(0.002, 0.8, 0.99, 1e-6)).toMatchObject({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(new O.Lion(0.0001, 0.8, 0.95)).toMatchObject({ beta1: 0.8, beta2: 0.95 });
    expect(new O.Ftrl(0.1, -0.25, 0.5, 0.01, 0.02, 0.03, 0.1)).toMatchObject({
      learningRatePower: -0.25, initialAccumulatorValue: 0.5, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02, l2ShrinkageRegularizationStrength: 0.03, beta: 0.1,
    });
    expect(new O.Adafactor(0.01, -0.5, 1e-20, 1e-2, 2, false)).toMatchObject({ beta2Decay: -0.5, epsilon1: 1e-20, epsilon2: 1e-2, clipThreshold: 2, relativeStep: false });
    expect(new O.ScheduleFreeAdamW(0.01, 0.8, 0.99, 1e-6, 10)).toMatchObject({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6, warmupSteps: 10 });
  });

  it('AdamW takes weight_decay second; Muon its own order', () => {
    const adamw = new O.AdamW(0.1, 0.5);
    expect([adamw.weightDecay, adamw.beta1]).toEqual([0.5, 0.9]);
    // Keras: w -= w * wd * lr first (1 → 0.95), then Adam's step.
    expectClose(run(new O.AdamW(0.1, 0.5), [1], [1]), kerasAdam([0.95], [1], 1, 0.1), 5);
    expect(new O.AdamW(0.1, 0.01, 0.8, 0.99, 1e-6, true, 1)).toMatchObject({ weightDecay: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true, clipnorm: 1 });
    expect(() => new O.AdamW(0.1, null as never)).toThrow(/`weightDecay` must be a float/);
    const muon = new O.Muon(0.01, 0.8, 0.99, 0.1, 1e-6, 0.2);
    expect([muon.adamBeta1, muon.adamBeta2, muon.adamWeightDecay, muon.epsilon, muon.weightDecay]).toEqual([0.8, 0.99, 0.1, 1e-6, 0.2]);
    const tail = new O.Muon(0.01, undefined, undefined, undefined, undefined, undefined, null, null, null, false, 0.99, null, null, null, 'm', ['head'], false, 3, -4, 2, 0.5, 0.9, 3, false, null);
    expect(tail).toMatchObject({ name: 'm', excludeLayers: ['head'], excludeEmbeddings: false, muonA: 3, muonB: -4, muonC: 2, adamLrRatio: 0.5, momentum: 0.9, nsSteps: 3, nesterov: false, rmsRate: null });
    // Keras's None weight decays are no decay.
    expect(new O.Muon(0.01, 0.9, 0.999, null, 1e-7, null)).toMatchObject({ adamWeightDecay: null, weightDecay: null });
  });

  it('LossScaleOptimizer(inner_optimizer, initial_scale, dynamic_growth_steps, name)', () => {
    const opt = new O.LossScaleOptimizer(new O.SGD(0.5), 8, 2, 'scaled');
    expect([opt.initialScale, opt.dynamicGrowthSteps, opt.name, opt.lossScale]).toEqual([8, 2, 'scaled', 8]);
    expect(() => new O.LossScaleOptimizer(new O.SGD(), { initialScale: 8 } as never, 2)).toThrow(/not both/);
  });

  it('a schedule or a function is a positional learning rate too', () => {
    const schedule = new S.ExponentialDecay(0.1, 1, 0.5);
    const sgd = new O.SGD(schedule, 0);
    expect(sgd.learningRate).toBeCloseTo(0.1, 9);
    // The first update at step 0 (rate 0.1), the second at step 1 (0.05).
    expectClose(run(sgd, [1], [1], 2), [1 - 0.1 - 0.05]);
    expectClose(run(new O.SGD((step: number) => (step === 0 ? 0.2 : 0)), [1], [1], 2), [0.8]);
  });

  it('options objects keep working; mixing them with positional arguments, or too many, is an error', () => {
    expect(new O.Adam({ learningRate: 0.01, beta1: 0.8 })).toMatchObject({ beta1: 0.8 });
    expect(new O.SGD().learningRate).toBeCloseTo(0.01, 9);
    expect(() => new O.Adam({ learningRate: 0.01 } as never, 0.9)).toThrow(/after the options object.*not both/);
    // SGD takes 13 arguments (learning_rate, momentum, nesterov and the ten base ones).
    expect(() => new (O.SGD as new (...a: unknown[]) => unknown)(0.1, 0, false, null, null, null, null, false, 0.99, null, null, null, 'n', 1)).toThrow(/got 14 optional arguments where at most 13 are taken/);
    expect(() => new O.SGD(0.1, 'fast' as never)).toThrow(/momentum/);
    expect(() => new O.Adam(new Map() as never)).toThrow(/learning rate .* or an options object/);
  });
});

describe('tf.keras.optimizers.schedules: Keras 3 constructor order', () => {
  it('ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase, name)', () => {
    const s = new S.ExponentialDecay(0.1, 10, 0.5);
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(10)).toBeCloseTo(0.05, 12);
    expect(s(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    const stairs = new S.ExponentialDecay(0.1, 10, 0.5, true, 'stairs');
    expect(stairs(5)).toBeCloseTo(0.1, 12);
    expect(stairs.name).toBe('stairs');
  });

  it('PiecewiseConstantDecay(boundaries, values, name)', () => {
    const s = new S.PiecewiseConstantDecay([100, 200], [1, 0.5, 0.1]);
    expect([s(100), s(150), s(201)]).toEqual([1, 0.5, 0.1]);
    expect(new S.PiecewiseConstantDecay([1], [2, 3], 'pc').name).toBe('pc');
  });

  it('PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate, power, cycle, name)', () => {
    // (0.1 - 0.01) * (1 - 50/100)^2 + 0.01
    expect(new S.PolynomialDecay(0.1, 100, 0.01, 2)(50)).toBeCloseTo(0.0325, 12);
    // cycle: at step 150 decay_steps becomes 200.
    expect(new S.PolynomialDecay(0.1, 100, 0, 1, true)(150)).toBeCloseTo(0.1 * 0.25, 12);
  });

  it('InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase, name)', () => {
    expect(new S.InverseTimeDecay(0.1, 1, 0.5)(2)).toBeCloseTo(0.05, 12);
    expect(new S.InverseTimeDecay(0.1, 2, 1, true)(3)).toBeCloseTo(0.05, 12);
  });

  it('CosineDecay(initial_learning_rate, decay_steps, alpha, name, warmup_target, warmup_steps)', () => {
    // 0.1 * ((1 - 0.1) * 0.5 * (1 + cos(pi / 2)) + 0.1)
    expect(new S.CosineDecay(0.1, 100, 0.1)(50)).toBeCloseTo(0.055, 12);
    const warm = new S.CosineDecay(0, 100, 0, 'warm', 0.1, 10);
    expect(warm.name).toBe('warm');
    expect(warm(5)).toBeCloseTo(0.05, 12);
    expect(warm(10)).toBeCloseTo(0.1, 12);
    // A null name and warmup target are the defaults.
    expect(new S.CosineDecay(0.1, 100, 0, null, null)(100)).toBeCloseTo(0, 12);
  });

  it('CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha, name)', () => {
    // The second period starts at step 10 at m_mul times the rate.
    const s = new S.CosineDecayRestarts(0.1, 10, 2, 0.5);
    expect(s(10)).toBeCloseTo(0.05, 10);
    expect(new S.CosineDecayRestarts(0.1, 10, 1, 1, 0.2)(5)).toBeCloseTo(0.1 * (0.8 * 0.5 + 0.2), 12);
  });

  it('options objects keep working; errors for mixing and for too many', () => {
    expect(new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })(10)).toBeCloseTo(0.05, 12);
    expect(() => new (S.ExponentialDecay as new (...a: unknown[]) => unknown)({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }, 1)).toThrow(/not both/);
    expect(() => new (S.ExponentialDecay as new (...a: unknown[]) => unknown)(0.1, 10, 0.5, false, 'e', 1)).toThrow(/at most 5/);
    expect(() => new (S.ExponentialDecay as new (...a: unknown[]) => unknown)(0.1, 10)).toThrow(/decayRate is required/);
  });
});

describe("tf.Variable(initial_value, trainable, validate_shape, caching_device, name, variable_def, dtype, import_scope, constraint, synchronization, aggregation, shape)", () => {
  it('trainable second: an untrainable variable is not watched', () => {
    const v = new tf.Variable(1, false);
    expect(v.trainable).toBe(false);
    const tape = new tf.GradientTape();
    const y = tape.record(() => v.mul(3));
    expect(tape.gradient(y, v)).toBeNull();
    expect(new tf.Variable(1, true).trainable).toBe(true);
    expect(new tf.Variable(1, null).trainable).toBe(true);
  });

  it('name fifth, dtype seventh, constraint ninth, shape twelfth', () => {
    const v = new tf.Variable([1, 2], true, true, null, 'w', null, 'float64');
    expect([v.name, v.dtype]).toEqual(['w', 'float64']);
    const nonneg = (w: tf.Tensor) => tf.maximum(w, 0);
    const c = new tf.Variable([1, -2], true, true, null, 'c', null, null, null, nonneg);
    expect(c.constraint).toBe(nonneg);
    new O.SGD(1).applyGradients([[tf.constant([2, 2]), c]]);
    expect(values(c)).toEqual([0, 0]);
    const shaped = new tf.Variable([[1, 2]], true, true, null, 's', null, null, null, null, 'auto', 'none', [1, 2]);
    expect(shaped.shape).toEqual([1, 2]);
  });

  it('a shape other than the initial value\'s is an error, as a partly unknown one (gradtape variables keep their shape)', () => {
    const shaped = (shape: unknown) => () => new tf.Variable([1, 2], true, true, null, 'v', null, null, null, null, null, null, shape as number[]);
    expect(shaped([3])).toThrow(/not compatible with the explicitly supplied `shape`/);
    expect(shaped([null])).toThrow(/leaves dimensions unknown/);
    expect(() => new tf.Variable([1, 2], { shape: [2] })).not.toThrow();
    expect(() => new tf.Variable([1, 2], { shape: [1, 2] })).toThrow(/not compatible/);
  });

  it("TensorFlow's arguments gradtape lacks are errors unless at their defaults", () => {
    expect(() => new tf.Variable(1, true, false)).toThrow(/does not support TensorFlow's argument validateShape/);
    expect(() => new tf.Variable(1, true, true, '/cpu:0' as never)).toThrow(/cachingDevice/);
    expect(() => new tf.Variable(1, true, true, null, 'w', null, null, null, null, 'on_read')).toThrow(/synchronization/);
    expect(() => new tf.Variable(1, true, true, null, 'w', null, null, null, null, null, 'sum')).toThrow(/aggregation/);
    expect(() => new (tf.Variable as new (...a: unknown[]) => unknown)(1, true, true, null, 'w', null, null, null, null, null, null, null, 1)).toThrow(/at most 11/);
    expect(() => new tf.Variable(1, { trainable: false } as never, true, null, 'w')).toThrow(/not both/);
    expect(new tf.Variable(1, { trainable: false, name: 'o' })).toMatchObject({ trainable: false, name: 'o' });
  });
});

describe('Model.compile, fit, evaluate, predict and the on-batch methods: Keras 3 order', () => {
  /** y = 2x, 4 samples; a Dense(1) whose weights start at zero, so the first loss is mean(y²) = 30. */
  const x = [[1], [2], [3], [4]];
  const y = [[2], [4], [6], [8]];
  const model = (optimizer: tf.keras.optimizers.Optimizer | string = new O.SGD(0.01)) => {
    const m = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros', biasInitializer: 'zeros' })]);
    m.compile(optimizer, 'mse');
    return m;
  };

  it('compile(optimizer, loss, loss_weights, metrics, weighted_metrics, run_eagerly, steps_per_execution, jit_compile, auto_scale_loss)', () => {
    const m = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros' })]);
    m.compile('adam', 'mse');
    expect(m.optimizer).toBeInstanceOf(O.Adam);
    expect(m.evaluate(x, y)).toBeCloseTo(30, 5);
    m.compile(new O.SGD(0.01), 'mae', 2, ['mse'], null, true, 1, false, true);
    // loss_weights 2 doubles the loss: mean |y| = 5; the metric is the plain mean y² = 30.
    const [loss, mse] = m.evaluate(x, y) as number[];
    expect(loss).toBeCloseTo(10, 5);
    expect(mse).toBeCloseTo(30, 5);
    // A serialized optimizer first is the optimizer, not an options object.
    m.compile({ className: 'SGD', config: { learningRate: 0.3 } }, 'mse');
    expect(m.optimizer!.learningRate).toBeCloseTo(0.3, 7);
    expect(() => m.compile('sgd', 'mse', null, null, null, false, 4)).toThrow(/does not support Keras 3's argument stepsPerExecution/);
    expect(() => m.compile('sgd', 'mse', null, null, null, false, 1, 'auto', false)).toThrow(/autoScaleLoss/);
    expect(() => m.compile({ optimizer: 'sgd' } as never, 'mse')).toThrow(/not both/);
  });

  it('fit(x, y, batch_size, epochs, verbose, callbacks, ...)', () => {
    const m = model();
    let batches = 0;
    const history = m.fit(x, y, 2, 3, 0, [{ onTrainBatchEnd: () => batches++ }]);
    // 3 epochs of ceil(4 / 2) batches.
    expect(history.history.loss!.length).toBe(3);
    expect(batches).toBe(6);
    // validation_split seventh: the last quarter is held out.
    const split = model().fit(x, y, null, 1, 0, null, 0.25);
    expect(Object.keys(split.history)).toContain('val_loss');
    // initial_epoch twelfth: epochs 1 and 2 of 3 run.
    const resumed = model().fit(x, y, null, 3, 0, null, 0, null, false, null, null, 1);
    expect(resumed.epoch).toEqual([1, 2]);
    // sample_weight eleventh: weights of 2 double the first epoch's loss (30 → 60, one batch of all four, learning rate 0).
    const weighted = model(new O.SGD(0)).fit(x, y, 4, 1, 0, null, 0, null, false, null, [2, 2, 2, 2]);
    expect(weighted.history.loss![0]).toBeCloseTo(60, 4);
    expect(() => model().fit(x, y, { epochs: 2 } as never, 3)).toThrow(/not both/);
    expect(() => model().fit(x, y, null, 1, 0, null, 0, null, true, null, null, 0, null, 5 as never)).toThrow(/validationSteps/);
  });

  it('evaluate(x, y, batch_size, verbose, sample_weight, steps, callbacks, return_dict) and predict(x, batch_size, verbose, steps, callbacks)', () => {
    const m = model();
    expect(m.evaluate(x, y, 2, 0, [2, 2, 2, 2])).toBeCloseTo(60, 4);
    expect(m.evaluate(x, y, null, 0, null, null, null, true)).toEqual({ loss: expect.closeTo(30, 4) });
    let testBatches = 0;
    m.evaluate(x, y, 1, 0, null, null, [{ onTestBatchEnd: () => testBatches++ }]);
    expect(testBatches).toBe(4);
    expect(() => m.evaluate(x, y, null, 0, null, 2 as never)).toThrow(/steps/);
    let predictBatches = 0;
    const out = m.predict(x, 3, 0, null, [{ onPredictBatchEnd: () => predictBatches++ }]);
    expect(out.shape).toEqual([4, 1]);
    expect(predictBatches).toBe(2);
    expect(() => m.predict(x, 2, 0, 1 as never)).toThrow(/steps/);
  });

  it('train_on_batch(x, y, sample_weight, class_weight, return_dict), test_on_batch(x, y, sample_weight, return_dict), predict_on_batch(x)', () => {
    const m = model(new O.SGD(0));
    expect(m.trainOnBatch(x, y, [2, 2, 2, 2])).toBeCloseTo(60, 4);
    expect(m.trainOnBatch(x, y, null, null, true)).toEqual({ loss: expect.closeTo(30, 4) });
    expect(m.testOnBatch(x, y, [2, 2, 2, 2])).toBeCloseTo(60, 4);
    expect(m.testOnBatch(x, y, null, true)).toEqual({ loss: expect.closeTo(30, 4) });
    expect(m.testOnBatch(x, y, { returnDict: true })).toEqual({ loss: expect.closeTo(30, 4) });
    expect(() => (m.testOnBatch as (...a: unknown[]) => unknown)(x, y, null, true, 1)).toThrow(/at most 2/);
    expect(() => (m.predictOnBatch as (...a: unknown[]) => unknown)(x, 2)).toThrow(/Keras 3 takes one/);
  });
});

describe('tf.keras.layers.Dense(units, activation, use_bias, kernel_initializer, bias_initializer, ...)', () => {
  it('Dense(3, "relu") has units 3 and relu', () => {
    const dense = new tf.keras.layers.Dense(3, 'relu', true, 'ones', 'zeros');
    expect(dense.units).toBe(3);
    expect(dense.useBias).toBe(true);
    // relu(x · ones): [1, -2] sums to -1 → 0 in each of the 3 units; [2, 1] to 3.
    expect((dense.apply([[1, -2], [2, 1]]) as tf.Tensor).arraySync()).toEqual([[0, 0, 0], [3, 3, 3]]);
    expect(new tf.keras.layers.Dense(3, 'relu').getConfig()).toMatchObject({ units: 3, activation: 'relu' });
  });

  it('use_bias third; the regularizers and constraints after the initializers', () => {
    const noBias = new tf.keras.layers.Dense(2, null, false);
    noBias.apply([[1, 2]]);
    expect(noBias.bias).toBeNull();
    expect(noBias.weights.length).toBe(1);
    const l2 = new tf.keras.layers.Dense(1, null, true, 'ones', 'zeros', new tf.keras.regularizers.L2(0.5));
    l2.apply([[1, 1]]);
    // Keras's L2: 0.5 * sum(kernel²) = 0.5 * 2.
    expect(values(tf.addN(l2.losses))).toEqual([1]);
  });

  it('options keep working; Keras arguments gradtape lacks are errors unless null', () => {
    const fromOptions = new tf.keras.layers.Dense(2, { activation: 'relu', useBias: false });
    expect([fromOptions.units, fromOptions.useBias]).toEqual([2, false]);
    expect(() => new tf.keras.layers.Dense(2, { activation: 'relu' } as never, false)).toThrow(/not both/);
    expect(() => new tf.keras.layers.Dense(2, null, true, 'ones', 'zeros', null, null, null, null, null, 4 as never)).toThrow(/does not support Keras 3's argument loraRank/);
    expect(() => new (tf.keras.layers.Dense as new (...a: unknown[]) => unknown)(2, null, true, 'ones', 'zeros', null, null, null, null, null, null, null, null, 1)).toThrow(/at most 12/);
  });
});

describe('the convolutions, pooling layers and Embedding take Keras 3 positional arguments', () => {
  it('Conv2D(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation, use_bias, kernel_initializer, ...)', () => {
    // 'same' with strides 2: ceil(5 / 2) = 3 positions a side; 2 filters.
    const same = new tf.keras.layers.Conv2D(2, 3, 2, 'same');
    expect((same.apply(tf.zeros([1, 5, 5, 1])) as tf.Tensor).shape).toEqual([1, 3, 3, 2]);
    expect([same.strides, same.padding]).toEqual([[2, 2], 'same']);
    // A 2x2 window of ones and bias 0 over 1..9 sums each window (12, 16, 24, 28); relu, then
    // the sums less 20: activation 'relu' eighth, use_bias ninth, the initializers after.
    const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]);
    const conv = new tf.keras.layers.Conv2D(1, 2, 1, 'valid', null, 1, 1, 'relu', true, 'ones', new tf.keras.initializers.Constant({ value: -20 }));
    expect(values(conv.apply(image) as tf.Tensor)).toEqual([0, 0, 4, 8]);
    const noBias = new tf.keras.layers.Conv2D(1, 2, 1, 'valid', null, 1, 1, null, false, 'ones');
    expect(values(noBias.apply(image) as tf.Tensor)).toEqual([12, 16, 24, 28]);
    expect(noBias.bias).toBeNull();
  });

  it('Conv1D takes padding "causal" fourth; Conv3D the same order', () => {
    const causal = new tf.keras.layers.Conv1D(1, 3, 1, 'causal', null, 1, 1, null, false, 'ones');
    // Causal: each step sums itself and the two before (zeros before the start).
    expect(values(causal.apply(tf.reshape([1, 2, 3, 4], [1, 4, 1])) as tf.Tensor)).toEqual([1, 3, 6, 9]);
    expect((new tf.keras.layers.Conv3D(4, 2, 2).apply(tf.zeros([1, 4, 4, 4, 1])) as tf.Tensor).shape).toEqual([1, 2, 2, 2, 4]);
    expect(() => new tf.keras.layers.Conv2D(2, 3, { padding: 'same' } as never, 'valid')).toThrow(/not both/);
  });

  it('MaxPooling2D(pool_size, strides, padding, data_format, name) and the other pooling layers', () => {
    const image = tf.reshape([1, 5, 2, 0, 3, 4, 9, 1, 6, 2, 0, 7, 8, 1, 3, 2], [1, 4, 4, 1]);
    expect(values(new tf.keras.layers.MaxPooling2D(2).apply(image) as tf.Tensor)).toEqual([5, 9, 8, 7]);
    expect(new tf.keras.layers.MaxPooling2D([3, 3], 2, 'same').computeOutputShape([null, 5, 5, 8])).toEqual([null, 3, 3, 8]);
    // Windows of 2 with stride 1: the means of neighbours.
    expect(values(new tf.keras.layers.AveragePooling1D(2, 1).apply(tf.reshape([1, 3, 5, 7], [1, 4, 1])) as tf.Tensor)).toEqual([2, 4, 6]);
    expect(new tf.keras.layers.MaxPooling1D(2, null, 'valid', null, 'pool').name).toBe('pool');
    expect((new tf.keras.layers.AveragePooling3D(2).apply(tf.ones([1, 4, 4, 4, 1])) as tf.Tensor).shape).toEqual([1, 2, 2, 2, 1]);
    expect(() => new (tf.keras.layers.MaxPooling2D as new (...a: unknown[]) => unknown)(2, 2, 'valid', null, 'p', 1)).toThrow(/at most 5/);
  });

  it('Embedding(input_dim, output_dim, embeddings_initializer, embeddings_regularizer, embeddings_constraint, mask_zero, ...)', () => {
    const ones = new tf.keras.layers.Embedding(10, 3, 'ones');
    expect((ones.apply([[1, 2]]) as tf.Tensor).arraySync()).toEqual([[[1, 1, 1], [1, 1, 1]]]);
    const masked = new tf.keras.layers.Embedding(10, 3, 'uniform', null, null, true);
    expect(masked.maskZero).toBe(true);
    expect((masked.computeMask(tf.constant([[0, 4]], 'int32'), null) as tf.Tensor).arraySync()).toEqual([[false, true]]);
    // weights, lora_rank and lora_alpha: gradtape has none of them, so only null.
    expect(() => new tf.keras.layers.Embedding(10, 3, 'uniform', null, null, false, [[0]] as never)).toThrow(/does not support Keras 3's argument weights/);
    expect(new tf.keras.layers.Embedding(10, 3, 'uniform', null, null, false, null, null, null).outputDim).toBe(3);
  });
});

describe("Python's keyword arguments after positional ones: a last options object", () => {
  const loose = <T>(cls: unknown) => cls as new (...a: unknown[]) => T;

  it('Dense(3, "relu", {name, useBias}) takes both; a name given twice is an error, as in Python', () => {
    const dense = new (loose<tf.keras.layers.Dense>(tf.keras.layers.Dense))(2, 'relu', { name: 'd', useBias: false, kernelInitializer: 'ones' });
    expect(dense.name).toBe('d');
    const config = dense.getConfig() as Record<string, unknown>;
    expect([config.activation, config.useBias]).toEqual(['relu', false]);
    // relu(x · ones): [1, -3] gives relu(-2) = 0 in both units, [2, 1] gives 3.
    expect((dense.apply(tf.constant([[1, -3], [2, 1]])) as tf.Tensor).arraySync()).toEqual([[0, 0], [3, 3]]);
    expect(() => new (loose(tf.keras.layers.Dense))(3, 'relu', { activation: 'tanh' })).toThrow(/got multiple values for argument activation/);
    // An object whose keys are not all argument names is a positional value (here, a wrong one).
    expect(() => new (loose(tf.keras.layers.Dense))(3, 'relu', { nmae: 'd' })).toThrow(/useBias must be true or false/);
  });

  it('SGD(0.1, 0.9, {nesterov: true}) runs Nesterov momentum', () => {
    const opt = new (loose<tf.keras.optimizers.SGD>(tf.keras.optimizers.SGD))(0.1, 0.9, { nesterov: true, name: 's' });
    expect([opt.name, opt.getConfig().nesterov]).toEqual(['s', true]);
    // Keras's SGD with Nesterov from m = 0, g = 1: m = -lr·g = -0.1, w += momentum·m - lr·g = -0.19.
    expect(run(opt, [1], [1])[0]).toBeCloseTo(1 - 0.19, 6);
  });

  it('Conv2D(8, 3, 2, {padding, name}) and compile("sgd", "mse", {metrics})', () => {
    const conv = new (loose<tf.keras.layers.Conv2D>(tf.keras.layers.Conv2D))(8, 3, 2, { padding: 'same', name: 'c' });
    expect(conv.name).toBe('c');
    expect(conv.computeOutputShape([null, 5, 5, 1])).toEqual([null, 3, 3, 8]);
    const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [2] })]);
    (model.compile as (...a: unknown[]) => void)('sgd', 'mse', { metrics: ['mae'] });
    const history = model.fit(tf.ones([4, 2]), tf.ones([4, 1]), { epochs: 1, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae']);
  });

  it('TensorFlow functions too: tf.random.uniform([2], 0, 10, {dtype, seed})', () => {
    // (Each draw after setSeed, which restarts the sequence an op seed gives.)
    tf.random.setSeed(1);
    const draw = (tf.random.uniform as (...a: unknown[]) => tf.Tensor)([3], 0, 10, { dtype: 'int32', seed: 7 });
    expect(draw.dtype).toBe('int32');
    expect(values(draw).every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    tf.random.setSeed(1);
    expect(values(draw)).toEqual(values(tf.random.uniform([3], { minval: 0, maxval: 10, dtype: 'int32', seed: 7 })));
  });
});

describe('keras.Model(inputs, outputs, name), Sequential(layers, trainable, name) and Layer.addWeight(shape, initializer, dtype)', () => {
  it('the functional API positionally: the same model as the options form', () => {
    const inputs = tf.keras.Input([3]);
    const outputs = new tf.keras.layers.Dense(2, { kernelInitializer: 'ones', biasInitializer: 'zeros' })(inputs);
    const model = new tf.keras.Model(inputs, outputs, 'm');
    expect(model.name).toBe('m');
    // ones kernel: each output is the row's sum.
    expect((model.predict(tf.constant([[1, 2, 3]])) as tf.Tensor).arraySync()).toEqual([[6, 6]]);
    expect(new tf.keras.Model({ inputs, outputs }).predict(tf.constant([[1, 2, 3]])).arraySync()).toEqual([[6, 6]]);
    // Inputs as an object of KerasTensors, positionally; the layer options after.
    const a = tf.keras.Input([1], { name: 'a' }), b = tf.keras.Input([1], { name: 'b' });
    const joined = new tf.keras.Model({ a, b }, new tf.keras.layers.Concatenate()([a, b]), { trainable: false });
    expect(joined.predict({ a: tf.constant([[1]]), b: tf.constant([[2]]) }).arraySync()).toEqual([[1, 2]]);
    expect(() => new (tf.keras.Model as unknown as new (...a: unknown[]) => unknown)(inputs, outputs, 'm', 1)).toThrow(/at most 3/);
  });

  it('Sequential(layers, trainable, name)', () => {
    const frozen = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)], false, 'frozen');
    expect([frozen.name, frozen.trainable, frozen.trainableVariables.length, frozen.nonTrainableVariables.length]).toEqual(['frozen', false, 0, 2]);
  });

  it('addWeight(shape, initializer, dtype) with the rest by keyword; a positional name is Keras 3\'s error', () => {
    class Scale extends tf.keras.layers.Layer {
      scale!: tf.Variable;
      offset!: tf.Variable;
      override build(shape: (number | null)[]) {
        this.scale = this.addWeight([shape.at(-1)!], 'ones', 'float64', { trainable: false, name: 'scale' });
        this.offset = this.addWeight(); // Keras's default: a scalar, glorot_uniform (zeros here: fans of 0 give limit 0)
      }
      override call(x: tf.Tensor) {
        return x;
      }
    }
    const layer = new Scale();
    layer.apply(tf.ones([1, 3]));
    expect([layer.scale.shape, layer.scale.dtype, layer.scale.trainable, layer.scale.name]).toEqual([[3], 'float64', false, 'scale/scale']);
    expect(Array.from(layer.scale.dataSync())).toEqual([1, 1, 1]);
    expect(layer.offset.shape).toEqual([]);
    class Legacy extends tf.keras.layers.Layer {
      override build() {
        (this.addWeight as (...a: unknown[]) => unknown)('kernel', [2]);
      }
    }
    expect(() => new Legacy().apply(tf.ones([1, 2]))).toThrow(/`name` must be passed as a keyword argument. Received: add_weight\('kernel', \.\.\.\)/);
    class TooMany extends tf.keras.layers.Layer {
      override build() {
        (this.addWeight as (...a: unknown[]) => unknown)([2], 'zeros', 'float32', true);
      }
    }
    expect(() => new TooMany().apply(tf.ones([1, 2]))).toThrow(/at most 3/);
  });
});
