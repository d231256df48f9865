// tf.train.ExponentialMovingAverage against TensorFlow's documented update
// (moving_averages.py): shadow -= (shadow - v) * (1 - decay), with the decay a float32 tensor
// (min(decay, (1 + n) / (10 + n)) given num_updates) cast to the variable's dtype. The expected
// values are that formula written out here in float32 (Math.fround) or float64, never gradtape's
// own output.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const EMA = tf.train.ExponentialMovingAverage;
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const f32 = Math.fround;

/** TensorFlow's factor 1 - decay: computed in float32 (decay is a float32 tensor there). */
const oneMinus = (decay: number, n?: number): number => {
  let d = f32(decay);
  if (n !== undefined) d = Math.min(d, f32(f32(1 + n) / f32(10 + n)));
  return f32(1 - d);
};

describe('tf.train.ExponentialMovingAverage', () => {
  it('makes the shadow from the value at the first apply, then follows TF\'s float64 update', () => {
    const w = new tf.Variable([1, -2], { name: 'w', dtype: 'float64' });
    const ema = new EMA(0.9);
    ema.apply([w]);
    expect(values(ema.average(w)!)).toEqual([1, -2]);
    const shadow = [1, -2];
    for (const next of [[3, 4], [5, -1], [0.25, 8]]) {
      w.assign(next);
      ema.apply([w]);
      shadow.forEach((s, i) => (shadow[i] = s - (s - next[i]!) * oneMinus(0.9)));
      expect(values(ema.average(w)!)).toEqual(shadow); // bit for bit
    }
    expect(ema.average(w)!.dtype).toBe('float64');
    expect(ema.average(w)!.trainable).toBe(false);
  });

  it('computes a float32 variable\'s average in float32', () => {
    const w = new tf.Variable([0.1, 0.7]);
    const ema = new EMA(0.99);
    ema.apply([w]);
    const shadow = values(w);
    for (const next of [[1.3, -0.2], [2.9, 0.5]]) {
      w.assign(next);
      ema.apply([w]);
      shadow.forEach((s, i) => (shadow[i] = f32(s - f32(f32(s - f32(next[i]!)) * oneMinus(0.99)))));
      expect(values(ema.average(w)!)).toEqual(shadow);
    }
  });

  it('lowers the decay early by numUpdates: min(decay, (1 + n) / (10 + n)), read at each apply', () => {
    const step = new tf.Variable(0, { dtype: 'int32' });
    const w = new tf.Variable([0], { dtype: 'float64' });
    const ema = new EMA(0.999, step);
    ema.apply([w]);
    let shadow = 0;
    for (let n = 1; n <= 4; n++) {
      step.assign(n);
      w.assign([10 * n]);
      ema.apply([w]);
      shadow -= (shadow - 10 * n) * oneMinus(0.999, n);
      expect(values(ema.average(w)!)[0]).toBe(shadow);
    }
    // At n = 1 the decay is 2/11 (far below 0.999): the average moves most of the way.
    expect(oneMinus(0.999, 1)).toBeCloseTo(9 / 11, 6);
  });

  it('takes numUpdates as a function (() => optimizer.iterations) and the decay as a variable', () => {
    const w = new tf.Variable([1, 2], { dtype: 'float64' });
    const opt = new tf.keras.optimizers.SGD(0.5);
    const decay = new tf.Variable(0.5);
    const ema = new EMA(decay, () => opt.iterations);
    ema.apply([w]);
    let shadow = [1, 2];
    for (let k = 0; k < 3; k++) {
      opt.applyGradients([[tf.constant([1, 1], 'float64'), w]]);
      if (k === 1) decay.assign(0.25);
      ema.apply([w]);
      const factor = oneMinus(k === 0 ? 0.5 : 0.25, opt.iterations);
      const now = values(w);
      shadow = shadow.map((s, i) => s - (s - now[i]!) * factor);
      expect(values(ema.average(w)!)).toEqual(shadow);
    }
  });

  it('updates only the variables listed in each apply', () => {
    const a = new tf.Variable([1], { name: 'a', dtype: 'float64' });
    const b = new tf.Variable([1], { name: 'b', dtype: 'float64' });
    const ema = new EMA(0.5);
    ema.apply([a, b]);
    a.assign([3]);
    b.assign([3]);
    ema.apply([a]);
    expect(values(ema.average(a)!)).toEqual([1 - (1 - 3) * 0.5]);
    expect(values(ema.average(b)!)).toEqual([1]);
  });

  it('runs inside tf.function: the shadow is made at the first call, replays update it', () => {
    const eager = (n: number) => {
      const v = new tf.Variable([1, 2], { dtype: 'float64' });
      const ema = new EMA(0.75);
      for (let i = 0; i < n; i++) {
        v.assignAdd([1, -1]);
        ema.apply([v]);
      }
      return values(ema.average(v)!);
    };
    const v = new tf.Variable([1, 2], { dtype: 'float64' });
    const ema = new EMA(0.75);
    const step = tf.function(() => {
      v.assignAdd([1, -1]);
      ema.apply([v]);
    });
    for (let i = 0; i < 5; i++) step();
    expect(values(ema.average(v)!)).toEqual(eager(5));
    // Written out: made at [2, 1], then four updates toward [3, 0], [4, -1], [5, -2], [6, -3].
    let s = [2, 1];
    for (let k = 3; k <= 6; k++) s = s.map((x, i) => x - (x - [k, 3 - k][i]!) * 0.25);
    expect(values(ema.average(v)!)).toEqual(s);
  });

  it('names the shadows <variable>/<name> and answers average and averageName', () => {
    const w = new tf.Variable([1], { name: 'w' });
    const ema = new EMA({ decay: 0.9, name: 'avg' });
    expect(ema.name).toBe('avg');
    expect(ema.average(w)).toBeNull();
    expect(ema.averageName(w)).toBe('w/avg');
    ema.apply([w]);
    expect(ema.average(w)!.name).toBe('w/avg');
    expect(ema.averageName(w)).toBe('w/avg');
    expect(ema.variablesToRestore([w])).toEqual({ 'w/avg': w });
    expect(new EMA(0.9).name).toBe('ExponentialMovingAverage');
  });

  it('takes TensorFlow\'s positional arguments and the same as options', () => {
    const run = (ema: InstanceType<typeof EMA>) => {
      const w = new tf.Variable([0], { dtype: 'float64' });
      ema.apply([w]);
      w.assign([1]);
      ema.apply([w]);
      return values(ema.average(w)!)[0];
    };
    const want = oneMinus(0.9, 3);
    const n = tf.constant(3);
    expect(run(new EMA(0.9, n, false, 'e'))).toBe(want);
    expect(run(new EMA({ decay: 0.9, numUpdates: n, zeroDebias: false, name: 'e' }))).toBe(want);
    expect(run(new EMA(0.9, null))).toBe(oneMinus(0.9));
  });

  it('rejects what TensorFlow rejects, with its errors', () => {
    const ema = new EMA(0.9);
    expect(() => ema.apply([tf.constant([1]) as unknown as tf.Variable])).toThrow(new TypeError('tf.train.ExponentialMovingAverage does not support non-Variable tensors when eager execution is enabled.'));
    expect(() => ema.apply([new tf.Variable([1], { dtype: 'int32', name: 'k' })])).toThrow(new TypeError('The variables must be half, float, or double: k'));
    expect(() => ema.apply(undefined as unknown as tf.Variable[])).toThrow(/expected a list of variables/);
    expect(() => new EMA('0.9' as unknown as number)).toThrow(/decay must be a number or a scalar tensor/);
    expect(() => new EMA(tf.constant([0.9, 0.8]))).toThrow(/decay must be a number or a scalar tensor, got a Tensor of shape \[2\]/);
    const loose = EMA as unknown as new (...a: unknown[]) => unknown;
    expect(() => new loose({ decay: 0.9 }, 5)).toThrow(/after the options object/);
    expect(() => new EMA({ decay: 0.9, numUpdate: 5 } as never)).toThrow(/unknown option 'numUpdate'/);
    expect(() => new loose(0.9, null, false, 'n', 1)).toThrow(/at most 4/);
    // A failed apply made no shadow for the variables it did take.
    const w = new tf.Variable([1]);
    expect(() => ema.apply([w, tf.constant([1]) as unknown as tf.Variable])).toThrow(TypeError);
    expect(ema.average(w)).toBeNull();
  });
});
