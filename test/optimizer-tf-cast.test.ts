// Keras 3 on TensorFlow casts hyperparameters with `ops.cast(x, variable.dtype)`, which is
// `tf.cast`, and tf.cast converts a Python float to a float32 tensor before casting it: a float64
// variable's update sees float64(float32(0.999)) = 0.9990000128746033, not 0.999. A Python float
// that meets a tensor in arithmetic (`(g - m) * (1 - beta_1)`, `sqrt(v) + epsilon`) is converted
// in the tensor's dtype, exactly. The learning rate is a float32 variable (floatx) unless floatx
// is float64, and a function's value is a Python float (cast through float32 too).
//
// Each case below computes float64 steps by hand in JS, with Math.fround at exactly the sites
// where Keras 3's update_step (keras/src/optimizers/{adam,sgd,nadam}.py, the TF backend's
// _apply_weight_decay) casts, in the order gradtape evaluates the per-step scalars, and expects
// gradtape's result bit for bit. Every case also checks that the same hand formula with the
// exact constants gives different bits, so the comparison can tell the two apart.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

/** tf.cast of a Python float: through float32. */
const R = Math.fround;
/** No cast: the exact constant (what gradtape did before). */
const EXACT = (x: number) => x;

const W0 = [1, -2, 0.5];
const GRADS = [[0.3, -1.2, 2.5], [-0.7, 0.4, 1.1], [0.05, 0.9, -1.6]];

/** Runs `opt` on a float64 variable over GRADS; the variable after each step. */
function run(opt: tf.keras.optimizers.Optimizer): number[][] {
  const w = new tf.Variable(tf.constant(W0, 'float64'));
  const rows: number[][] = [];
  for (const g of GRADS) {
    opt.applyGradients([[tf.constant(g, 'float64'), w]]);
    rows.push(Array.from(w.dataSync() as Float64Array));
  }
  w.dispose();
  return rows;
}

/** `b^t` correctly rounded for small integer t. With b a float32 value, b*b is exact in float64,
 * so (b*b)*b and (b*b)*(b*b) round once: gradtape's bias powers are correctly rounded too. */
function power(b: number, t: number): number {
  if (Math.fround(b) !== b) return b ** t; // (the exact-constant formula only has to differ)
  if (t === 1) return b;
  if (t === 2) return b * b;
  if (t === 3) return b * b * b;
  if (t === 4) return (b * b) * (b * b);
  throw new Error(`power: t = ${t}`);
}

/** Keras 3 Adam (AdamW with `wd`), float64, casting with `cast`. */
function handAdam(cast: (x: number) => number, lr: number, wd: number | null): number[][] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const w = W0.slice(), m = [0, 0, 0], v = [0, 0, 0];
  return GRADS.map((g, s) => {
    const t = s + 1;
    const lrT = cast(lr); // ops.cast(learning_rate, variable.dtype) of a float32 variable
    if (wd !== null) for (let i = 0; i < 3; i++) w[i] = w[i]! - w[i]! * cast(wd) * lrT; // TF _apply_weight_decay
    const alpha = (lrT * Math.sqrt(1 - power(cast(b2), t))) / (1 - power(cast(b1), t)); // ops.power(ops.cast(beta))
    for (let i = 0; i < 3; i++) {
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - b1); // the exact Python 1 - beta_1
      v[i] = v[i]! + (g[i]! * g[i]! - v[i]!) * (1 - b2);
      w[i] = w[i]! - (m[i]! * alpha) / (Math.sqrt(v[i]!) + eps); // epsilon exact
    }
    return w.slice();
  });
}

/** Keras 3 SGD with momentum, float64; `lrCast` is how the learning rate reaches the variable's dtype. */
function handSgd(cast: (x: number) => number, lrCast: (x: number) => number, nesterov: boolean): number[][] {
  const [lr, momentum] = [0.1, 0.9];
  const w = W0.slice(), vel = [0, 0, 0];
  return GRADS.map((g) => {
    const [lrT, mom] = [lrCast(lr), cast(momentum)]; // ops.cast(self.momentum, variable.dtype)
    for (let i = 0; i < 3; i++) {
      vel[i] = vel[i]! * mom - g[i]! * lrT;
      w[i] = w[i]! + (nesterov ? vel[i]! * mom - g[i]! * lrT : vel[i]!);
    }
    return w.slice();
  });
}

/** Keras 3 Nadam, float64, casting with `cast` (gradtape's order of the per-step scalars). */
function handNadam(cast: (x: number) => number): number[][] {
  const [lr, b1, b2, eps] = [0.1, 0.9, 0.999, 1e-7];
  const w = W0.slice(), m = [0, 0, 0], v = [0, 0, 0];
  let uProduct = 1;
  return GRADS.map((g, s) => {
    const t = s + 1;
    // _backend_update_step: the exact beta_1 and 0.96
    uProduct = uProduct * b1 * (1 - 0.5 * Math.pow(0.96, t));
    // update_step: beta_1, beta_2 and 0.96 through ops.cast; 1 - beta_1 of the cast tensor
    const [c1, c2, decay] = [cast(b1), cast(b2), cast(0.96)];
    const uT = c1 * (1 - 0.5 * power(decay, t));
    const uT1 = c1 * (1 - 0.5 * power(decay, t + 1));
    const upT1 = uProduct * uT1;
    const [cm, cg, invBc2] = [uT1 / (1 - upT1), (1 - uT) / (1 - uProduct), 1 / (1 - power(c2, t))];
    for (let i = 0; i < 3; i++) {
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - c1);
      v[i] = v[i]! + (g[i]! * g[i]! - v[i]!) * (1 - c2);
      const mHat = cm * m[i]! + cg * g[i]!;
      w[i] = w[i]! - (mHat * cast(lr)) / (Math.sqrt(v[i]! * invBc2) + eps);
    }
    return w.slice();
  });
}

afterEach(() => tf.keras.backend.setFloatx('float32'));

describe('float64 steps round hyperparameters through float32 where Keras 3 on TensorFlow does (tf.cast)', () => {
  it('Adam: the bias corrections use float32(beta), the moments the exact 1 - beta; lr is float32', () => {
    const got = run(new tf.keras.optimizers.Adam({ learningRate: 0.1 }));
    expect(got).toEqual(handAdam(R, 0.1, null));
    expect(got).not.toEqual(handAdam(EXACT, 0.1, null));
    // float32(0.999) makes 1 - beta2^1 1.3e-5 larger: the first step moves by about 6.6e-6 relative
    const first = (got[0]![0]! - W0[0]!) / (handAdam(EXACT, 0.1, null)[0]![0]! - W0[0]!) - 1;
    expect(Math.abs(first)).toBeGreaterThan(1e-6);
  });

  it('AdamW: the weight decay and the learning rate of the decay are cast too', () => {
    const got = run(new tf.keras.optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.004 }));
    expect(got).toEqual(handAdam(R, 0.1, 0.004));
    expect(got).not.toEqual(handAdam(EXACT, 0.1, 0.004));
  });

  it('SGD: ops.cast(momentum); with floatx float64 a number learning rate is exact, a function\'s value is not', () => {
    for (const nesterov of [false, true]) {
      const got = run(new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov }));
      expect(got).toEqual(handSgd(R, R, nesterov));
      expect(got).not.toEqual(handSgd(EXACT, EXACT, nesterov));
    }
    tf.keras.backend.setFloatx('float64');
    const exactLr = run(new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }));
    expect(exactLr).toEqual(handSgd(R, EXACT, false));
    expect(exactLr).not.toEqual(handSgd(R, R, false));
    // (Keras's learning-rate variable has the floatx of the optimizer's creation.)
    const fn = run(new tf.keras.optimizers.SGD({ learningRate: () => 0.1, momentum: 0.9 }));
    expect(fn).toEqual(handSgd(R, R, false));
  });

  it('Nadam: beta_1, beta_2 and 0.96 are cast in the update, not in the shared momentum product', () => {
    const got = run(new tf.keras.optimizers.Nadam({ learningRate: 0.1 }));
    expect(got).toEqual(handNadam(R));
    expect(got).not.toEqual(handNadam(EXACT));
  });

  it('the getters keep the numbers given', () => {
    const adam = new tf.keras.optimizers.Adam({ learningRate: 0.1, beta2: 0.999 });
    run(adam);
    expect([adam.learningRate, adam.beta1, adam.beta2]).toEqual([0.1, 0.9, 0.999]);
    expect(adam.getConfig().learningRate).toBe(0.1);
  });
});
