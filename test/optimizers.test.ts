// Keras 3 optimizers (SGD, Adam, Nadam) through the public API of the built package:
// `new tf.Variable(...)` + `optimizer.applyGradients([[grad, variable]])`.
//
// Expected values come from three independent places:
//  * the Keras 3 golden vectors of keras/src/optimizers/*_test.py (tf-semantics.md §3.6),
//    checked with Keras's own tolerances (1e-4 for one step, 5e-4 for the golden runs);
//  * the float64 NumPy reference `scripts/keras_reference.py` (values pasted below), checked
//    tightly: float64 variables to ~1e-12, float32 to float32 rounding;
//  * a small float64 JS port of the same Keras 3 formulas (`Ref*` below) for the cases with no
//    printed reference (learning-rate changes, several variables, skipped variables).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

type DT = 'float32' | 'float64';
const DTYPES: DT[] = ['float32', 'float64'];

/** Tolerance for comparing an optimizer result in `dtype` with a float64 reference. */
const tight = (dtype: DT) => (dtype === 'float64' ? 1e-12 : 2e-6);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, label = '') {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const tol = atol * Math.max(1, Math.abs(e));
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`${label}[${i}]: got ${a}, expected ${e} (tolerance ${tol}); actual ${JSON.stringify(Array.from(actual))}`);
    }
  }
}

type Opt = InstanceType<typeof tf.optimizers.SGD> | InstanceType<typeof tf.optimizers.Adam> | InstanceType<typeof tf.optimizers.Nadam>;

const values = (v: tf.Tensor) => Array.from(v.dataSync() as ArrayLike<number>);

// ---- float64 reference implementations of the Keras 3 update_step formulas (tf-semantics §3.4/3.5)
// On TensorFlow, `ops.cast(<Python float>, variable.dtype)` is tf.cast, which goes through float32:
// R marks those sites (the learning rate, a float32 variable; SGD's momentum; the betas of the bias
// corrections; Nadam's betas and 0.96 in update_step). Python floats in arithmetic stay exact.
const R = Math.fround;

class RefSGD {
  v: number[] | null = null;
  constructor(public lr = 0.01, public momentum = 0, public nesterov = false) {}
  step(w: number[], g: number[]): number[] {
    const [lr, momentum] = [R(this.lr), R(this.momentum)];
    if (this.momentum === 0) return w.map((x, i) => x - lr * g[i]!);
    const v0 = this.v ?? w.map(() => 0);
    const v = v0.map((x, i) => momentum * x - lr * g[i]!);
    this.v = v;
    return this.nesterov ? w.map((x, i) => x + (momentum * v[i]! - lr * g[i]!)) : w.map((x, i) => x + v[i]!);
  }
}

class RefAdam {
  m: number[] | null = null;
  v: number[] | null = null;
  vh: number[] | null = null;
  t = 0;
  constructor(public lr = 0.001, public b1 = 0.9, public b2 = 0.999, public eps = 1e-7, public amsgrad = false) {}
  step(w: number[], g: number[]): number[] {
    const z = w.map(() => 0);
    const m0 = this.m ?? z, v0 = this.v ?? z, vh0 = this.vh ?? z;
    const t = ++this.t;
    const alpha = (R(this.lr) * Math.sqrt(1 - R(this.b2) ** t)) / (1 - R(this.b1) ** t);
    const m = m0.map((x, i) => x + (g[i]! - x) * (1 - this.b1));
    const v = v0.map((x, i) => x + (g[i]! * g[i]! - x) * (1 - this.b2));
    const vh = vh0.map((x, i) => Math.max(x, v[i]!));
    this.m = m; this.v = v; this.vh = vh;
    const den = this.amsgrad ? vh : v;
    return w.map((x, i) => x - (m[i]! * alpha) / (Math.sqrt(den[i]!) + this.eps));
  }
}

/** Keras 3 Nadam for several variables sharing one u_product (advanced once per apply). */
class RefNadam {
  state = new Map<string, { m: number[]; v: number[] }>();
  t = 0;
  uProduct = 1;
  constructor(public lr = 0.001, public b1 = 0.9, public b2 = 0.999, public eps = 1e-7) {}
  apply(pairs: [number[] | null, string, number[]][]): number[][] {
    const t = ++this.t;
    // the shared product advances with the exact beta1 and 0.96; update_step casts them
    this.uProduct *= this.b1 * (1 - 0.5 * 0.96 ** t);
    const [b1, b2, decay, lr] = [R(this.b1), R(this.b2), R(0.96), R(this.lr)];
    const ut = b1 * (1 - 0.5 * decay ** t);
    const ut1 = b1 * (1 - 0.5 * decay ** (t + 1));
    const upt = this.uProduct, upt1 = upt * ut1;
    return pairs.map(([g, key, w]) => {
      if (!g) return w;
      const s = this.state.get(key) ?? { m: w.map(() => 0), v: w.map(() => 0) };
      s.m = s.m.map((x, i) => x + (g[i]! - x) * (1 - b1));
      s.v = s.v.map((x, i) => x + (g[i]! * g[i]! - x) * (1 - b2));
      this.state.set(key, s);
      return w.map((x, i) => {
        const mHat = (ut1 * s.m[i]!) / (1 - upt1) + ((1 - ut) * g[i]!) / (1 - upt);
        const vHat = s.v[i]! / (1 - b2 ** t);
        return x - (mHat * lr) / (Math.sqrt(vHat) + this.eps);
      });
    });
  }
  step(w: number[], g: number[]): number[] {
    return this.apply([[g, 'w', w]])[0]!;
  }
}

// ---- reference data

const W0 = [1, 2, 3, 4];
const G0 = [1, 6, 7, 2];

// Keras 3 test_single_step, lr=0.5 (tf-semantics §3.6), tolerance 1e-4.
const KERAS_SINGLE = {
  SGD: [0.5, -1.0, -0.5, 3.0],
  Adam: [0.5, 1.5, 2.5, 3.5],
  Nadam: [0.4686, 1.4686, 2.4686, 3.4686],
};
// scripts/keras_reference.py, same case, float64.
const NUMPY_SINGLE = {
  SGD: [0.5, -1.0, -0.5, 3.0],
  Adam: [0.5000049189929465, 1.500003601390912, 2.5000035637450377, 3.5000041284325594],
  Nadam: [0.4686061409474649, 1.4686060966646441, 2.4686060953994207, 3.4686061143777733],
};

// Keras 3 test_correctness_with_golden (w0 = ones(10), first g = full(10, 0.01), then
// g = arange(0.1, 1.1, 0.1); row i is w after i+1 steps), tolerance 5e-4.
const KERAS_NADAM_GOLDEN = [
  [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
  [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
  [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
  [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
  [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
];
const KERAS_ADAM_AMSGRAD_GOLDEN = [0.999, 0.9982, 0.9974, 0.9965, 0.9955].map((x) => new Array(10).fill(x));
// scripts/keras_reference.py, float64 rows of the same runs.
const NUMPY_NADAM_GOLDEN = [
  new Array(10).fill(0.42809130918969895),
  [-0.17380190134707862, -0.17305374391292838, -0.17258081005545067, -0.17230233128743377, -0.17212180399436938, -0.17199585488464908, -0.17190315060978045, -0.17183212409587745, -0.17177599359471785, -0.17173053008923345],
  [-0.7115243276144171, -0.7103298942109488, -0.7096279210868977, -0.7092198629091699, -0.7089567702529167, -0.7087737707370393, -0.7086393334487006, -0.7085364698399932, -0.7084552587770372, -0.7083895302669911],
  [-1.2335385592223855, -1.2321544769797361, -1.2313481327307847, -1.2308801693733855, -1.230578663567516, -1.230369026216568, -1.2302150579168472, -1.2300972704529358, -1.2300042886405147, -1.229929040652963],
  [-1.749200809823038, -1.7477570031339773, -1.7469069002296191, -1.7464125837336384, -1.7460938344038939, -1.7458721048691708, -1.7457092071401676, -1.7455845628362063, -1.7454861532507462, -1.745406503400531],
];
const NUMPY_ADAM_AMSGRAD_GOLDEN = [
  new Array(10).fill(0.9990003227539445),
  [0.9981932657328303, 0.9982236864148764, 0.9982342999931827, 0.9982396913190368, 0.9982429525741864, 0.9982451376272611, 0.9982467036643774, 0.998247881064772, 0.9982487985150857, 0.9982495335390245],
  [0.9973004573352833, 0.9973474872674526, 0.9973638918498018, 0.9973722252617321, 0.9973772665141817, 0.9973806443375124, 0.9973830653313808, 0.9973848855731283, 0.9973863039712795, 0.9973874403573229],
  [0.9963678597810969, 0.9964259498320314, 0.9964462165579911, 0.9964565134280386, 0.9964627430475742, 0.9964669173869198, 0.9964699094073578, 0.9964721590579861, 0.9964739121148131, 0.996475316651949],
  [0.9954124908997859, 0.9954786321364426, 0.9955017166226575, 0.99551344722837, 0.995520545004194, 0.9955253014029222, 0.9955287107877624, 0.9955312743397378, 0.9955332720618634, 0.9955348726584635],
];
// scripts/keras_reference.py, float64 SGD golden run: lr = float32(0.01).
const NUMPY_SGD_GOLDEN = [
  new Array(10).fill(0.9999000000022352),
  [0.998900000024587, 0.9979000000469387, 0.9969000000692905, 0.9959000000916421, 0.9949000001139939, 0.9939000001363457, 0.9929000001586974, 0.9919000001810492, 0.9909000002034009, 0.9899000002257526],
  [0.9979000000469388, 0.9959000000916421, 0.9939000001363457, 0.9919000001810491, 0.9899000002257526, 0.9879000002704562, 0.9859000003151596, 0.9839000003598631, 0.9819000004045665, 0.9799000004492701],
  [0.9969000000692906, 0.9939000001363456, 0.990900000203401, 0.987900000270456, 0.9849000003375113, 0.9819000004045667, 0.9789000004716217, 0.9759000005386771, 0.9729000006057321, 0.9699000006727875],
  [0.9959000000916424, 0.9919000001810491, 0.9879000002704562, 0.9839000003598629, 0.9799000004492701, 0.9759000005386772, 0.9719000006280839, 0.967900000717491, 0.9639000008068977, 0.9599000008963049],
];
// Keras 3 SGD golden (SGD(nesterov=True) with the default momentum 0, i.e. plain SGD at lr 0.01).
const KERAS_SGD_GOLDEN = [
  new Array(10).fill(0.9999),
  [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
  [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
  [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
  [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
];
// scripts/keras_reference.py "SGD momentum, 2 steps": lr=0.1, momentum=0.9, w0=[1,2,3,4],
// g1=[1,6,7,2], g2=[0.5,-1,2,-3] (float64, with lr and momentum through float32 as Keras casts
// them; the exact-constant values, [0.9, 1.4, 2.3, 3.8] ..., are float32's to its precision).
const G1 = [0.5, -1, 2, -3];
const NUMPY_MOMENTUM = {
  plain: { w1: [0.8999999985098839, 1.3999999910593033, 2.299999989569187, 3.7999999970197678], w2: [0.7599999988079071, 0.9599999988079073, 1.4699999938905242, 3.9200000035762788] },
  nesterov: { w1: [0.8099999995529652, 0.8599999973177912, 1.6699999968707564, 3.6199999991059304], w2: [0.6340000024139882, 0.5640000162720682, 0.7230000175684694, 4.028000006616115] },
};

/** Runs the Keras golden schedule through applyGradients; returns the 5 rows of w. */
function goldenRun(opt: Opt, dtype: DT): number[][] {
  const w = new tf.Variable(new Array(10).fill(1), { dtype });
  const first = tf.fill([10], 0.01, dtype);
  const grads = tf.constant([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], dtype);
  const rows: number[][] = [];
  opt.applyGradients([[first, w]]);
  for (let i = 0; i < 5; i++) {
    rows.push(values(w));
    opt.applyGradients([[grads, w]]);
  }
  expect(opt.iterations).toBe(6);
  return rows;
}

function singleStep(opt: Opt, dtype: DT): number[] {
  const w = new tf.Variable(W0, { dtype });
  const it = opt.applyGradients([[tf.constant(G0, dtype), w]]);
  expect(it).toBe(1);
  expect(opt.iterations).toBe(1);
  expect(w.dtype).toBe(dtype);
  expect(w.shape).toEqual([4]);
  return values(w);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(DTYPES)('Keras 3 reference steps in %s', (dtype) => {
  it('SGD single step (lr=0.5) matches the Keras golden vector', () => {
    const out = singleStep(new tf.optimizers.SGD({ learningRate: 0.5 }), dtype);
    expectClose(out, KERAS_SINGLE.SGD, 1e-4, 'SGD vs keras');
    expectClose(out, NUMPY_SINGLE.SGD, tight(dtype), 'SGD vs numpy');
  });

  it('Adam single step (lr=0.5) matches the Keras golden vector', () => {
    const out = singleStep(new tf.optimizers.Adam({ learningRate: 0.5 }), dtype);
    expectClose(out, KERAS_SINGLE.Adam, 1e-4, 'Adam vs keras');
    expectClose(out, NUMPY_SINGLE.Adam, tight(dtype), 'Adam vs numpy');
  });

  it('Adam(amsgrad) single step equals plain Adam on the first step', () => {
    const out = singleStep(new tf.optimizers.Adam({ learningRate: 0.5, amsgrad: true }), dtype);
    expectClose(out, NUMPY_SINGLE.Adam, tight(dtype), 'Adam amsgrad vs numpy');
  });

  it('Nadam single step (lr=0.5) matches the Keras golden vector (Keras 3 schedule, not legacy)', () => {
    const out = singleStep(new tf.optimizers.Nadam({ learningRate: 0.5 }), dtype);
    expectClose(out, KERAS_SINGLE.Nadam, 1e-4, 'Nadam vs keras');
    expectClose(out, NUMPY_SINGLE.Nadam, tight(dtype), 'Nadam vs numpy');
    // The legacy (TF <= 2.10) schedule 0.96^(0.004 t) would give 0.47177 here.
    expect(Math.abs(out[0]! - 0.47177)).toBeGreaterThan(1e-3);
  });

  it('SGD with momentum, two steps, matches the reference', () => {
    const opt = new tf.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
    const w = new tf.Variable(W0, { dtype });
    opt.applyGradients([[tf.constant(G0, dtype), w]]);
    expectClose(values(w), NUMPY_MOMENTUM.plain.w1, tight(dtype), 'momentum w1');
    opt.applyGradients([[tf.constant(G1, dtype), w]]);
    expectClose(values(w), NUMPY_MOMENTUM.plain.w2, tight(dtype), 'momentum w2');
    expect(opt.iterations).toBe(2);
  });

  it('SGD with Nesterov momentum, two steps, matches the reference', () => {
    const opt = new tf.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    const w = new tf.Variable(W0, { dtype });
    opt.applyGradients([[tf.constant(G0, dtype), w]]);
    expectClose(values(w), NUMPY_MOMENTUM.nesterov.w1, tight(dtype), 'nesterov w1');
    opt.applyGradients([[tf.constant(G1, dtype), w]]);
    expectClose(values(w), NUMPY_MOMENTUM.nesterov.w2, tight(dtype), 'nesterov w2');
  });

  it('SGD golden run (nesterov=true with momentum 0 is plain SGD at lr 0.01)', () => {
    const rows = goldenRun(new tf.optimizers.SGD({ nesterov: true }), dtype);
    rows.forEach((r, i) => expectClose(r, KERAS_SGD_GOLDEN[i]!, 5e-4, `SGD row ${i}`));
    rows.forEach((r, i) => expectClose(r, dtype === 'float64' ? NUMPY_SGD_GOLDEN[i]! : KERAS_SGD_GOLDEN[i]!, dtype === 'float64' ? 1e-12 : 1e-6, `SGD exact row ${i}`));
  });

  it('Nadam 5-step golden run (lr=.5, beta1=.5, beta2=.67, epsilon=1e-5)', () => {
    const rows = goldenRun(new tf.optimizers.Nadam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 }), dtype);
    rows.forEach((r, i) => expectClose(r, KERAS_NADAM_GOLDEN[i]!, 5e-4, `Nadam keras row ${i}`));
    rows.forEach((r, i) => expectClose(r, NUMPY_NADAM_GOLDEN[i]!, dtype === 'float64' ? 1e-12 : 1e-5, `Nadam numpy row ${i}`));
  });

  it('Adam(amsgrad=true) 5-step golden run with Keras defaults', () => {
    const rows = goldenRun(new tf.optimizers.Adam({ amsgrad: true }), dtype);
    rows.forEach((r, i) => expectClose(r, KERAS_ADAM_AMSGRAD_GOLDEN[i]!, 5e-4, `amsgrad keras row ${i}`));
    rows.forEach((r, i) => expectClose(r, NUMPY_ADAM_AMSGRAD_GOLDEN[i]!, dtype === 'float64' ? 1e-12 : 2e-6, `amsgrad numpy row ${i}`));
  });

  it('plain Adam differs from amsgrad once v decreases, and matches the reference', () => {
    // g shrinks after the first step, so v falls and amsgrad's max(vh, v) differs from v.
    // beta2 = 0.5 so that v falls quickly.
    const ref = new RefAdam(0.1, 0.9, 0.5);
    const refAms = new RefAdam(0.1, 0.9, 0.5, 1e-7, true);
    const opt = new tf.optimizers.Adam({ learningRate: 0.1, beta2: 0.5 });
    const ams = new tf.optimizers.Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true });
    const w = new tf.Variable(W0, { dtype });
    const wa = new tf.Variable(W0, { dtype });
    let rw = W0.slice(), ra = W0.slice();
    for (const g of [[10, 10, 10, 10], [0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]]) {
      opt.applyGradients([[tf.constant(g, dtype), w]]);
      ams.applyGradients([[tf.constant(g, dtype), wa]]);
      rw = ref.step(rw, g);
      ra = refAms.step(ra, g);
    }
    expectClose(values(w), rw, dtype === 'float64' ? 1e-12 : 2e-6, 'adam');
    expectClose(values(wa), ra, dtype === 'float64' ? 1e-12 : 2e-6, 'amsgrad');
    expect(Math.abs(values(w)[0]! - values(wa)[0]!)).toBeGreaterThan(1e-3);
  });

  it('optimizer arithmetic runs in the variable dtype (float64 keeps precision float32 cannot)', () => {
    const w = new tf.Variable([1], { dtype });
    const opt = new tf.optimizers.SGD({ learningRate: 1e-9 });
    opt.applyGradients([[tf.constant([1], dtype), w]]);
    if (dtype === 'float64') expect(w.item()).toBe(1 - Math.fround(1e-9)); // (Keras's learning rate is a float32 variable)
    else expect(w.item()).toBe(1); // 1 - 1e-9 rounds to 1 in float32
  });
});

describe('defaults (Keras 3)', () => {
  it('SGD: learningRate 0.01, momentum 0, nesterov false', () => {
    const o = new tf.optimizers.SGD();
    expect(o.learningRate).toBe(0.01);
    expect(o.momentum).toBe(0);
    expect(o.nesterov).toBe(false);
    expect(o.iterations).toBe(0);
  });

  it('Adam: learningRate 0.001, beta1 .9, beta2 .999, epsilon 1e-7, amsgrad false', () => {
    const o = new tf.optimizers.Adam();
    expect([o.learningRate, o.beta1, o.beta2, o.epsilon, o.amsgrad]).toEqual([0.001, 0.9, 0.999, 1e-7, false]);
  });

  it('Nadam: learningRate 0.001, beta1 .9, beta2 .999, epsilon 1e-7', () => {
    const o = new tf.optimizers.Nadam();
    expect([o.learningRate, o.beta1, o.beta2, o.epsilon]).toEqual([0.001, 0.9, 0.999, 1e-7]);
  });

  it('the defaults are the ones used by the update (float64, against the reference)', () => {
    for (const [opt, ref] of [
      [new tf.optimizers.SGD(), new RefSGD()],
      [new tf.optimizers.Adam(), new RefAdam()],
      [new tf.optimizers.Nadam(), new RefNadam()],
    ] as const) {
      const w = new tf.Variable(W0, { dtype: 'float64' });
      let r = W0.slice();
      for (let i = 0; i < 3; i++) {
        opt.applyGradients([[tf.constant(G0, 'float64'), w]]);
        r = ref.step(r, G0);
      }
      expectClose(values(w), r, 1e-12, opt.constructor.name);
    }
  });
});

describe('iterations and learningRate', () => {
  it('iterations counts applyGradients calls and applyGradients returns it', () => {
    const opt = new tf.optimizers.Adam();
    const w = new tf.Variable([1, 2]);
    expect(opt.iterations).toBe(0);
    for (let i = 1; i <= 4; i++) {
      expect(opt.applyGradients([[tf.constant([1, 1]), w]])).toBe(i);
      expect(opt.iterations).toBe(i);
    }
  });

  it('a learningRate set between steps is used from the next step (SGD)', () => {
    const opt = new tf.optimizers.SGD({ learningRate: 0.1 });
    const w = new tf.Variable([1], { dtype: 'float64' });
    opt.applyGradients([[tf.constant([1], 'float64'), w]]);
    expect(w.item()).toBe(1 - Math.fround(0.1)); // (the learning rate is a float32 variable, as Keras's)
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    opt.applyGradients([[tf.constant([1], 'float64'), w]]);
    expect(w.item()).toBe(1 - Math.fround(0.1) - 0.5);
  });

  it('a learningRate set between steps is used from the next step (Adam, Nadam keep their state)', () => {
    for (const [opt, ref] of [
      [new tf.optimizers.Adam({ learningRate: 0.1 }), new RefAdam(0.1)],
      [new tf.optimizers.Nadam({ learningRate: 0.1 }), new RefNadam(0.1)],
    ] as const) {
      const w = new tf.Variable(W0, { dtype: 'float64' });
      let r = W0.slice();
      opt.applyGradients([[tf.constant(G0, 'float64'), w]]);
      r = ref.step(r, G0);
      opt.learningRate = 0.02;
      ref.lr = 0.02;
      opt.applyGradients([[tf.constant(G1, 'float64'), w]]);
      r = ref.step(r, G1);
      expectClose(values(w), r, 1e-12, opt.constructor.name);
    }
  });

  it('rejects a non-finite or negative learningRate', () => {
    expect(() => new tf.optimizers.SGD({ learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new tf.optimizers.Adam({ learningRate: NaN })).toThrow(/learningRate/);
    const opt = new tf.optimizers.SGD();
    expect(() => {
      opt.learningRate = Infinity;
    }).toThrow(/learningRate/);
    expect(opt.learningRate).toBe(0.01);
  });

  it('rejects out-of-range hyperparameters', () => {
    expect(() => new tf.optimizers.SGD({ momentum: 1.5 })).toThrow(/momentum/);
    expect(() => new tf.optimizers.Adam({ beta1: -0.1 })).toThrow(/beta1/);
    expect(() => new tf.optimizers.Nadam({ beta2: 2 })).toThrow(/beta2/);
  });
});

describe('the lr alias (tutorial: Nadam(lr=0.01))', () => {
  it('is used as the learning rate, with a one-time deprecation warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const a = new tf.keras.optimizers.Nadam({ lr: 0.5 });
    expect(a.learningRate).toBe(0.5);
    const lrWarnings = () => warn.mock.calls.filter((c) => /\blr\b/.test(String(c[0])));
    expect(lrWarnings()).toHaveLength(1);
    expect(String(lrWarnings()[0]![0])).toMatch(/deprecated/);
    expect(String(lrWarnings()[0]![0])).toMatch(/learningRate/);
    // The value really drives the update: the Keras lr=0.5 golden step, not the default 0.001.
    const out = singleStep(a, 'float32');
    expectClose(out, KERAS_SINGLE.Nadam, 1e-4, 'Nadam({lr: 0.5})');
    // One-time: a second construction does not warn again.
    const b = new tf.keras.optimizers.Nadam({ lr: 0.01 });
    expect(b.learningRate).toBe(0.01);
    expect(lrWarnings()).toHaveLength(1);
  });

  it('works for SGD and Adam as well, and `opt.lr` reads and writes the learning rate', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = new tf.optimizers.SGD({ lr: 0.5 });
    expectClose(singleStep(s, 'float64'), NUMPY_SINGLE.SGD, 1e-12, 'SGD({lr})');
    const a = new tf.optimizers.Adam({ lr: 0.5 });
    expectClose(singleStep(a, 'float64'), NUMPY_SINGLE.Adam, 1e-12, 'Adam({lr})');
    expect(a.lr).toBe(0.5);
    a.lr = 0.25;
    expect(a.learningRate).toBe(0.25);
  });

  it('passing both lr and learningRate is an error', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => new tf.optimizers.Adam({ lr: 0.1, learningRate: 0.2 })).toThrow(/learningRate/);
  });
});

describe('constructor options', () => {
  it('an unknown option throws "Argument(s) not recognized" naming it', () => {
    expect(() => new tf.optimizers.Adam({ beta_1: 0.5 } as never)).toThrow(/Argument\(s\) not recognized/);
    expect(() => new tf.optimizers.Adam({ beta_1: 0.5 } as never)).toThrow(/beta_1/);
    expect(() => new tf.optimizers.SGD({ decay: 0.1 } as never)).toThrow(/Argument\(s\) not recognized.*decay/);
    expect(() => new tf.optimizers.Nadam({ learning_rate: 0.1 } as never)).toThrow(/Argument\(s\) not recognized.*learning_rate/);
    // SGD has no betas, Adam no momentum.
    expect(() => new tf.optimizers.SGD({ beta1: 0.9 } as never)).toThrow(/Argument\(s\) not recognized/);
    expect(() => new tf.optimizers.Adam({ momentum: 0.9 } as never)).toThrow(/Argument\(s\) not recognized/);
  });

  it('is reachable as tf.optimizers.X and tf.keras.optimizers.X (the same classes)', () => {
    expect(tf.keras.optimizers.Adam).toBe(tf.optimizers.Adam);
    expect(tf.keras.optimizers.SGD).toBe(tf.optimizers.SGD);
    expect(tf.keras.optimizers.Nadam).toBe(tf.optimizers.Nadam);
    const o = new tf.keras.optimizers.Adam({ learningRate: 0.5 });
    expect(o).toBeInstanceOf(tf.optimizers.Optimizer);
    expectClose(singleStep(o, 'float32'), KERAS_SINGLE.Adam, 1e-4, 'keras.optimizers.Adam');
  });
});

describe('applyGradients rules (Keras 3)', () => {
  it('a null gradient is skipped with a warning naming the variable; the others are applied', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opt = new tf.optimizers.SGD({ learningRate: 0.5 });
    const a = new tf.Variable([1, 2], { name: 'alpha' });
    const b = new tf.Variable([3, 4], { name: 'beta' });
    opt.applyGradients([[null, a], [tf.constant([1, 1]), b]]);
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([2.5, 3.5]);
    expect(opt.iterations).toBe(1);
    expect(warn).toHaveBeenCalled();
    const text = warn.mock.calls.map((c) => String(c[0])).join('\n');
    expect(text).toMatch(/Gradients do not exist/);
    expect(text).toMatch(/alpha/);
    expect(text).not.toMatch(/beta/);
  });

  it('undefined counts as a missing gradient too (tape.gradient of an unconnected source)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opt = new tf.optimizers.Adam();
    const a = new tf.Variable([1]);
    const b = new tf.Variable([1]);
    opt.applyGradients([[undefined, a], [tf.constant([1]), b]]);
    expect(values(a)).toEqual([1]);
    expect(values(b)[0]).toBeLessThan(1);
  });

  it('all-null gradients throw "No gradients provided for any variable." and change nothing', () => {
    const opt = new tf.optimizers.Adam();
    const a = new tf.Variable([1]);
    const b = new tf.Variable([2]);
    expect(() => opt.applyGradients([[null, a], [null, b]])).toThrow('No gradients provided for any variable.');
    expect(opt.iterations).toBe(0);
    expect(values(a)).toEqual([1]);
    // Still usable.
    opt.applyGradients([[tf.constant([1]), a], [tf.constant([1]), b]]);
    expect(opt.iterations).toBe(1);
  });

  it('optimizer state is keyed by variable, not by position in the list', () => {
    for (const make of [
      () => new tf.optimizers.Adam({ learningRate: 0.1 }),
      () => new tf.optimizers.Nadam({ learningRate: 0.1 }),
      () => new tf.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }),
      () => new tf.optimizers.Adam({ learningRate: 0.1, amsgrad: true }),
    ]) {
      const g1 = tf.constant([1, -2, 3], 'float64');
      const g2 = tf.constant([-5, 0.5, 7], 'float64');
      const g3 = tf.constant([0.1, 0.2, -0.3], 'float64');
      // Optimizer 1: the order of the pairs changes between steps.
      const o1 = make();
      const a = new tf.Variable([1, 2, 3], { dtype: 'float64' });
      const b = new tf.Variable([4, 5, 6], { dtype: 'float64' });
      o1.applyGradients([[g1, a], [g2, b]]);
      o1.applyGradients([[g2, b], [g1, a]]);
      o1.applyGradients([[g3, b], [g3, a]]);
      // Optimizer 2: the same updates in the original order.
      const o2 = make();
      const a2 = new tf.Variable([1, 2, 3], { dtype: 'float64' });
      const b2 = new tf.Variable([4, 5, 6], { dtype: 'float64' });
      o2.applyGradients([[g1, a2], [g2, b2]]);
      o2.applyGradients([[g1, a2], [g2, b2]]);
      o2.applyGradients([[g3, a2], [g3, b2]]);
      expectClose(values(a), values(a2), 1e-14, `${o1.constructor.name} a`);
      expectClose(values(b), values(b2), 1e-14, `${o1.constructor.name} b`);
      // And the two variables really have different state (the check is not vacuous).
      expect(values(a)).not.toEqual(values(b).map((x) => x - 3));
    }
  });

  it('applying to a subset keeps the state of the others (Nadam, against the reference)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opt = new tf.optimizers.Nadam({ learningRate: 0.1 });
    const ref = new RefNadam(0.1);
    const a = new tf.Variable([1, 2], { dtype: 'float64' });
    const b = new tf.Variable([3, 4], { dtype: 'float64' });
    let ra = [1, 2], rb = [3, 4];
    const steps: [number[] | null, number[] | null][] = [
      [[1, 2], [3, -1]],
      [null, [0.5, 0.5]],
      [[-1, 4], [2, 2]],
      [[0.3, 0.3], null],
    ];
    for (const [ga, gb] of steps) {
      // Reverse the order on odd steps, too.
      const pairs: [tf.Tensor | null, tf.Variable][] = [
        [ga && tf.constant(ga, 'float64'), a],
        [gb && tf.constant(gb, 'float64'), b],
      ];
      opt.applyGradients(opt.iterations % 2 ? pairs.reverse() : pairs);
      [ra, rb] = ref.apply([[ga, 'a', ra], [gb, 'b', rb]]) as [number[], number[]];
    }
    expect(opt.iterations).toBe(4);
    expectClose(values(a), ra, 1e-12, 'a');
    expectClose(values(b), rb, 1e-12, 'b');
  });

  it('a variable not seen when the optimizer was built is rejected', () => {
    const opt = new tf.optimizers.Adam();
    const a = new tf.Variable([1]);
    opt.applyGradients([[tf.constant([1]), a]]);
    const c = new tf.Variable([5]);
    expect(() => opt.applyGradients([[tf.constant([1]), c]])).toThrow(/Unknown variable/);
    expect(() => opt.applyGradients([[tf.constant([1]), c]])).toThrow(/recreate a new optimizer/);
    expect(values(c)).toEqual([5]);
    expect(opt.iterations).toBe(1);
    // A mixed list is rejected as a whole: the known variable is not updated either.
    const before = values(a);
    expect(() => opt.applyGradients([[tf.constant([1]), a], [tf.constant([1]), c]])).toThrow(/Unknown variable/);
    expect(values(a)).toEqual(before);
    // Still usable with the original variables.
    opt.applyGradients([[tf.constant([1]), a]]);
    expect(opt.iterations).toBe(2);
  });

  it('a gradient whose shape differs from the variable is rejected with both shapes', () => {
    const opt = new tf.optimizers.SGD();
    const w = new tf.Variable([[1, 2], [3, 4]]);
    let msg = '';
    try {
      opt.applyGradients([[tf.constant([1, 2, 3, 4]), w]]);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/shape/);
    expect(msg).toMatch(/4/);
    expect(msg).toMatch(/2, ?2/);
    expect(values(w)).toEqual([1, 2, 3, 4]);
    expect(opt.iterations).toBe(0);
  });

  it("a gradient of another dtype is cast to the variable's, as Keras's update steps cast it; a bool one is rejected naming both dtypes", () => {
    const opt = new tf.optimizers.Adam();
    const w = new tf.Variable([1, 2]);
    opt.applyGradients([[tf.constant([1, 1], 'float64'), w]]);
    expect(values(w).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.999, 1.999]);
    expect(opt.iterations).toBe(1);
    expect(() => opt.applyGradients([[tf.constant([true, false]), w]])).toThrow(/bool[\s\S]*float32/);
    expect(opt.iterations).toBe(1);
  });

  it('rejects a non-Variable target and malformed pairs', () => {
    const opt = new tf.optimizers.SGD();
    expect(() => opt.applyGradients([[tf.constant([1]), tf.constant([1]) as unknown as tf.Variable]])).toThrow(/Variable/);
    expect(() => opt.applyGradients([[tf.constant([1])] as unknown as tf.GradientPair])).toThrow(/pair/);
  });

  it('accepts any iterable of pairs (e.g. a generator, like Python zip)', () => {
    const opt = new tf.optimizers.SGD({ learningRate: 1 });
    const vars = [new tf.Variable([1]), new tf.Variable([2])];
    const grads = [tf.constant([0.5]), tf.constant([0.25])];
    function* zip() {
      for (let i = 0; i < vars.length; i++) yield [grads[i]!, vars[i]!] as const;
    }
    opt.applyGradients(zip());
    expect(vars.map((v) => v.item())).toEqual([0.5, 1.75]);
  });

  it('trains through a GradientTape with several variables and reaches the optimum', () => {
    // Minimise (a-3)^2 + (b+1)^2 with Adam, gradients from the tape.
    const a = new tf.Variable(0);
    const b = new tf.Variable(0);
    const opt = new tf.optimizers.Adam({ learningRate: 0.1 });
    for (let i = 0; i < 500; i++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => a.sub(3).square().add(b.add(1).square()));
      const [ga, gb] = tape.gradient(loss, [a, b]);
      opt.applyGradients([[ga!, a], [gb!, b]]);
    }
    expect(a.item()).toBeCloseTo(3, 2);
    expect(b.item()).toBeCloseTo(-1, 2);
  });
});

describe('minimize (Keras 2 style helper)', () => {
  it('records the loss, applies its gradient, and returns the loss value', () => {
    const w = new tf.Variable(3);
    const opt = new tf.optimizers.SGD({ learningRate: 0.1 });
    const loss = opt.minimize(() => w.mul(w), [w]);
    expect(loss.item()).toBeCloseTo(9, 6);
    expect(w.item()).toBeCloseTo(3 - 0.1 * 6, 6); // dw = 2w = 6
    expect(opt.iterations).toBe(1);
  });

  it('handles several variables and converges on a least-squares problem', () => {
    const x = tf.constant([[1, 0], [0, 1], [1, 1]], 'float64');
    const y = tf.constant([[1], [2], [3]], 'float64');
    const w = new tf.Variable([[0], [0]], { dtype: 'float64' });
    const b = new tf.Variable([0], { dtype: 'float64' });
    const opt = new tf.optimizers.SGD({ learningRate: 0.1 });
    let first = Infinity, last = Infinity;
    for (let i = 0; i < 300; i++) {
      last = opt.minimize(() => x.matmul(w).add(b).sub(y).square().reduceSum(), [w, b]).item();
      if (i === 0) first = last;
    }
    expect(last).toBeLessThan(1e-8);
    expect(first).toBeCloseTo(14, 10);
    expectClose(values(w), [1, 2], 1e-4, 'w');
    expectClose(values(b), [0], 1e-4, 'b');
    expect(opt.iterations).toBe(300);
  });
});
