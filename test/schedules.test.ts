// tf.keras.optimizers.schedules: Keras 3's learning-rate schedules, callable like Keras's, and
// accepted by every optimizer as its learningRate (called with iterations, 0 on the first update).
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const S = tf.keras.optimizers.schedules;

describe('schedule values (Keras 3 formulas)', () => {
  it('ExponentialDecay and InverseTimeDecay, continuous and staircase', () => {
    const e = new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(e(0)).toBe(0.1);
    expect(e(10)).toBeCloseTo(0.05, 15);
    expect(e(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(e.call(20)).toBeCloseTo(0.025, 15);
    const es = new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect([es(9), es(10), es(19)]).toEqual([0.1, 0.05, 0.05]);
    const it = new S.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    expect(it(2)).toBeCloseTo(0.05, 15);
    const its = new S.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 1, staircase: true });
    expect([its(3), its(4)]).toEqual([0.1, 0.05]);
  });

  it('PolynomialDecay, with and without cycle', () => {
    const p = new S.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01 });
    expect(p(0)).toBeCloseTo(0.1, 15);
    expect(p(5)).toBeCloseTo(0.055, 15);
    expect(p(10)).toBeCloseTo(0.01, 15);
    expect(p(50)).toBeCloseTo(0.01, 15);
    const c = new S.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, cycle: true });
    expect(c(0)).toBeCloseTo(0.1, 15);
    expect(c(15)).toBeCloseTo(0.09 * 0.25 + 0.01, 15); // decaySteps becomes 20
    const sq = new S.PolynomialDecay({ initialLearningRate: 1, decaySteps: 4, power: 0.5 });
    expect(sq(3)).toBeCloseTo((1 - 1e-4) * 0.5 + 1e-4, 15);
  });

  it('PiecewiseConstantDecay', () => {
    const p = new S.PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([0, 10, 11, 20, 21, 1000].map((s) => p(s))).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
    expect(() => new S.PiecewiseConstantDecay({ boundaries: [10], values: [1] })).toThrow(/1 less than the length of values/);
  });

  it('CosineDecay, with alpha and with a linear warmup', () => {
    const c = new S.CosineDecay({ initialLearningRate: 1, decaySteps: 10 });
    expect(c(0)).toBe(1);
    expect(c(5)).toBeCloseTo(0.5, 15);
    expect(c(10)).toBeCloseTo(0, 15);
    expect(c(20)).toBeCloseTo(0, 15);
    expect(new S.CosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 })(10)).toBeCloseTo(0.1, 15);
    const w = new S.CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 5 });
    expect([w(0), w(2), w(5)]).toEqual([0, 0.4, 1]);
    expect(w(10)).toBeCloseTo(0.5, 15);
    expect(w(15)).toBeCloseTo(0, 15);
    expect(w(100)).toBeCloseTo(0, 15);
  });

  it('CosineDecayRestarts: periods growing by tMul, restarts scaled by mMul', () => {
    const r = new S.CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10 });
    expect(r(0)).toBe(1);
    expect(r(5)).toBeCloseTo(0.5, 15);
    expect(r(10)).toBeCloseTo(1, 15); // first restart; the second period lasts 20 steps
    expect(r(20)).toBeCloseTo(0.5, 15);
    expect(r(30)).toBeCloseTo(1, 15);
    const m = new S.CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 1, mMul: 0.5, alpha: 0.2 });
    expect(m(10)).toBeCloseTo(0.5 * 0.8 + 0.2, 15);
    expect(m(15)).toBeCloseTo(0.25 * 0.8 + 0.2, 15);
  });

  it('rejects bad options as Keras does', () => {
    expect(() => new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow(/decaySteps` must be > 0/);
    expect(() => new S.CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: -1 })).toThrow(/firstDecaySteps/);
    expect(() => new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10 } as never)).toThrow(/decayRate is required/);
    expect(() => new S.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, end: 0 } as never)).toThrow(/not recognized: end/);
  });
});

describe('schedules drive optimizers', () => {
  it('an optimizer calls the schedule with iterations; the result equals the same function', () => {
    const schedule = new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.9 });
    const a = new tf.Variable([1, -2], { dtype: 'float64' });
    const b = new tf.Variable([1, -2], { dtype: 'float64' });
    const o1 = new tf.keras.optimizers.Adam({ learningRate: schedule, weightDecay: 0.1 });
    const o2 = new tf.keras.optimizers.Adam({ learningRate: (step) => 0.1 * 0.9 ** step, weightDecay: 0.1 });
    for (let i = 0; i < 4; i++) {
      o1.apply([tf.constant([0.5, 1], 'float64')], [a]);
      o2.apply([tf.constant([0.5, 1], 'float64')], [b]);
    }
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(o1.learningRate).toBeCloseTo(0.1 * 0.9 ** 4, 15);
  });

  it('an optimizer built with a schedule cannot be given a number learningRate (Keras raises TypeError)', () => {
    const o = new tf.keras.optimizers.SGD({ learningRate: new S.CosineDecay({ initialLearningRate: 1, decaySteps: 10 }) });
    expect(() => {
      o.learningRate = 0.1;
    }).toThrow(/LearningRateSchedule/);
    o.learningRate = new S.PiecewiseConstantDecay({ boundaries: [1], values: [0.5, 0.25] });
    expect(o.learningRate).toBe(0.5);
  });

  it('schedules are LearningRateSchedule instances and typecheck as types', () => {
    const s: tf.keras.optimizers.schedules.CosineDecay = new S.CosineDecay({ initialLearningRate: 1, decaySteps: 10, warmupTarget: 2, warmupSteps: 3 });
    const base: tf.keras.optimizers.schedules.LearningRateSchedule = s;
    expect(base).toBeInstanceOf(S.LearningRateSchedule);
    expect(base.name).toBe('CosineDecay');
    expect(typeof base).toBe('function');
  });
});

describe('getConfig (Keras 3 get_config)', () => {
  it('every schedule gives the options that make it again, with its name', () => {
    const made = [
      new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true }),
      new S.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 1 }),
      new S.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, power: 2, cycle: true }),
      new S.PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1], name: 'steps' }),
      new S.CosineDecay({ initialLearningRate: 0, decaySteps: 10, alpha: 0.1, warmupTarget: 1, warmupSteps: 5 }),
      new S.CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 1, mMul: 0.5, alpha: 0.2 }),
    ];
    for (const s of made) {
      const config = s.getConfig();
      const Cls = s.constructor as new (o: object) => tf.keras.optimizers.schedules.LearningRateSchedule;
      const again = new Cls(config);
      expect(again.getConfig(), s.name).toEqual(config);
      for (const step of [0, 3, 9, 10, 15, 31]) expect(again(step), `${s.name} at ${step}`).toBe(s(step));
    }
    expect(made[0]!.getConfig()).toEqual({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true, name: 'ExponentialDecay' });
    const piecewise = made[3]!.getConfig();
    expect(piecewise).toEqual({ boundaries: [10, 20], values: [1, 0.5, 0.1], name: 'steps' });
    (piecewise.values as number[])[0] = 9; // a copy: the schedule keeps its values
    expect(made[3]!(0)).toBe(1);
  });
});
