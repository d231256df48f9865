// tf.random.statelessGamma / statelessPoisson / statelessBinomial, Generator.binomial and
// Generator.makeSeeds against TensorFlow 2.21 on CPU (scripts/random_samplers_fixtures.py writes
// test/fixtures/random-samplers-tf.json): every sample compared for exact equality, except the
// float64 gamma values, where C-library and JavaScript float64 log/sin/cos may differ in the last
// bit (at most a few ulps here), and the gamma gradients, which TensorFlow computes with Eigen in
// the dtype and gradtape in float64 (rounding).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case { shape: number[]; seed: number[]; dtype: tf.DType; values?: Num[]; error?: string }
interface GammaCase extends Case { alpha: number | number[] | number[][]; beta: number | number[] | null }
interface PoissonCase extends Case { lam: number | number[] | number[][]; lam_dtype: tf.DType }
interface BinomialCase extends Case { counts: Num | number[] | number[][]; probs: Num | number[]; probs_dtype: tf.DType }
interface GradientCase { shape: number[]; seed: number[]; alpha: number | number[] | number[][]; beta: number | number[]; dtype: tf.DType; sample: number[]; dalpha: number[]; dbeta: number[] }

const fixture = JSON.parse(readFileSync(new URL('./fixtures/random-samplers-tf.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  gamma: Record<string, GammaCase>;
  gamma_gradients: Record<string, GradientCase>;
  poisson: Record<string, PoissonCase>;
  binomial: Record<string, BinomialCase>;
  generator_binomial: { shape: number[]; counts: number | number[]; probs: number | number[]; dtype: tf.DType; before: number[]; values: number[]; after: number[] }[];
  spread: { kind: 'gamma' | 'poisson' | 'binomial'; seed: number[]; dtype?: 'float32' | 'float64'; alpha?: number[]; lam?: number[]; counts?: number[]; probs?: number[]; values: number[] }[];
  make_seeds: { seed: number; count: number; seeds?: string[][]; twice?: string[][][]; after: number[]; normal_from_first?: number[] }[];
};

const num = (v: Num): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
/** A seed as TensorFlow got it: an int32 pair, or int64 values (bigints here) beyond int32. */
const seedOf = (s: number[]): (number | bigint)[] => s.map((v) => (Number.isSafeInteger(v) ? v : BigInt(v)));

function expectCase(c: Case, run: () => tf.Tensor, tolerance = 0): void {
  if (c.error) {
    expect(run).toThrow(/Shape passed in must end with broadcasted shape/);
    // TensorFlow's class, as the fixture's message names it.
    expect(c.error.split(':')[0]).toBe('InvalidArgumentError');
    expect(run).toThrow(tf.errors.InvalidArgumentError);
    return;
  }
  const t = run();
  expect(t.shape).toEqual(c.shape);
  expect(t.dtype).toBe(c.dtype);
  const want = c.values!.map(num);
  if (tolerance === 0) expect(values(t)).toEqual(want);
  else values(t).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(tolerance * Math.abs(want[i]!)));
}

describe('tf.random.statelessGamma (TensorFlow ' + fixture.tensorflow + ')', () => {
  const gamma = (c: GammaCase) => () => tf.random.statelessGamma(c.shape, seedOf(c.seed), c.alpha, c.beta, c.dtype);

  it.each(Object.entries(fixture.gamma).filter(([, c]) => c.dtype === 'float32'))('float32 %s: TensorFlow\'s values bit for bit', (_, c) => {
    expectCase(c, gamma(c));
  });

  it('float64: TensorFlow\'s values, all but one bit for bit and that one within 4e-16', () => {
    let inexact = 0;
    for (const c of Object.values(fixture.gamma).filter((c) => c.dtype === 'float64')) {
      expectCase(c, gamma(c), 1e-15);
      const want = c.values!.map(num);
      inexact += values(gamma(c)()).filter((v, i) => !Object.is(v, want[i])).length;
    }
    expect(inexact).toBeLessThanOrEqual(1);
  });

  it('alpha below 1, at 1 (exponential), tiny, zero and negative take TensorFlow\'s branches', () => {
    expect(values(tf.random.statelessGamma([4], [1, 2], 0))).toEqual(Array(4).fill(2 ** -126)); // raised to float32's tiny
    expect(values(tf.random.statelessGamma([2], [1, 2], -1)).every(Number.isNaN)).toBe(true);
    expect(values(tf.random.statelessGamma([2], [1, 2], 1e-3, null, 'float64'))[0]).toBe(2 ** -1022);
  });

  it('a tensor seed and a tensor alpha inside tf.function give the eager values, each call from its arguments', () => {
    const f = tf.function((s: tf.Tensor, a: tf.Tensor) => tf.random.statelessGamma([3, 2], s, a));
    for (const [s, a] of [[[1, 2], [0.5, 3]], [[7, 17], [1, 2]]] as [number[], number[]][]) {
      expect(values(f(tf.constant(s, 'int32'), tf.constant(a)))).toEqual(values(tf.random.statelessGamma([3, 2], s, a)));
    }
  });

  it.each(Object.entries(fixture.gamma_gradients))('gradients %s: TensorFlow\'s to rounding (beta\'s exactly)', (_, c) => {
    const a = new tf.Variable(tf.constant(c.alpha, c.dtype));
    const b = new tf.Variable(tf.constant(c.beta, c.dtype));
    const n = c.shape.reduce((x, y) => x * y, 1);
    const w = tf.reshape(tf.div(tf.cast(tf.range(1, n + 1), c.dtype), n), c.shape);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.mul(w, tf.random.statelessGamma(c.shape, c.seed, a, b, c.dtype))));
    const [da, db] = tape.gradient(loss, [a, b]) as tf.Tensor[];
    const tolerance = c.dtype === 'float32' ? 2e-6 : 1e-14;
    values(da!).forEach((v, i) => expect(Math.abs(v - c.dalpha[i]!)).toBeLessThanOrEqual(tolerance * Math.abs(c.dalpha[i]!)));
    expect(values(db!)).toEqual(c.dbeta);
  });

  it('the gradient in alpha inside tf.function: the eager one, for each call\'s seed, from one trace', () => {
    const a = new tf.Variable(tf.constant([0.5, 3]));
    const gradient = (seed: tf.Seed) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.random.statelessGamma([4, 2], seed, a)));
      return tape.gradient(loss, a) as tf.Tensor;
    };
    const step = tf.function((s: tf.Tensor) => gradient(s));
    for (const s of [[3, 4], [5, 6]]) expect(values(step(tf.constant(s, 'int32')))).toEqual(values(gradient(s)));
    expect(step.experimentalGetTracingCount()).toBe(1);
  });

  it('refuses what TensorFlow refuses', () => {
    expect(() => tf.random.statelessGamma([3], [1, 2], [1, 2])).toThrow(/must end with broadcasted shape/);
    expect(() => tf.random.statelessGamma([3], [1, 2], 1, null, 'int32')).toThrow(/dtype must be 'float32' or 'float64'/);
    expect(() => tf.random.statelessGamma([3], [1, 2], tf.constant([1, 2, 3], 'float64'))).toThrow(/alpha must be a float32 tensor/);
    expect(() => tf.random.statelessGamma([2, 3], [1, 2], [1, 2], [1, 2, 3])).toThrow(/do not broadcast/);
    expect(() => tf.random.statelessGamma([3], [1.5, 2], 1)).toThrow(/seed must be two integers/);
  });
});

describe('tf.random.statelessPoisson', () => {
  it.each(Object.entries(fixture.poisson))('%s: TensorFlow\'s values bit for bit', (_, c) => {
    expectCase(c, () => tf.random.statelessPoisson(c.shape, seedOf(c.seed), tf.constant(c.lam, c.lam_dtype), c.dtype));
  });

  it('takes lam as numbers (float32) and refuses a rate beyond the int32 samples\' range, where TensorFlow never returns', () => {
    const c = fixture.poisson.broadcast!;
    expect(values(tf.random.statelessPoisson(c.shape, c.seed, c.lam))).toEqual(c.values);
    expect(() => tf.random.statelessPoisson([2], [1, 2], 3e9)).toThrow(/beyond int32's range/);
    expect(values(tf.random.statelessPoisson([1], [1, 2], 3e9, 'float64'))[0]).toBeGreaterThan(2 ** 31);
    expect(() => tf.random.statelessPoisson([2], [1, 2], 3, 'bool')).toThrow(/dtype must be 'int32', 'float32' or 'float64'/);
    // TensorFlow 2.21 never returns for these (checked with a timeout): refused instead.
    expect(() => tf.random.statelessPoisson([2], [1, 2], NaN, 'float32')).toThrow(/lam is NaN.*never returns/);
    expect(() => tf.random.statelessPoisson([2], [1, 2], Infinity, 'float64')).toThrow(/beyond float64's range/);
  });
});

describe('tf.random.statelessBinomial', () => {
  it.each(Object.entries(fixture.binomial))('%s: TensorFlow\'s values bit for bit', (_, c) => {
    expectCase(c, () => tf.random.statelessBinomial(c.shape, seedOf(c.seed), tf.constant(typeof c.counts === 'string' ? num(c.counts) : c.counts, c.probs_dtype), tf.constant(num(c.probs as Num), c.probs_dtype), c.dtype));
  });

  it('counts take the dtype of probs; other dtypes are refused', () => {
    const c = fixture.binomial.broadcast!;
    expect(values(tf.random.statelessBinomial(c.shape, c.seed, c.counts as number[][], c.probs as number[]))).toEqual(c.values);
    expect(() => tf.random.statelessBinomial([2], [1, 2], tf.constant([3, 4], 'int32'), 0.5)).toThrow(/counts must have the dtype of probs \(float32\)/);
    expect(() => tf.random.statelessBinomial([2], [1, 2], 3, tf.constant([1, 0], 'int32'))).toThrow(/probs must be float32 or float64/);
    expect(() => tf.random.statelessBinomial([2, 3], [1, 2], [1, 2], [0.5, 0.5, 0.5])).toThrow(/compatible batch dimensions/);
    expect(() => tf.random.statelessBinomial([2], [1, 2], NaN, 0.3)).toThrow(/count is NaN.*never returns/);
    expect(values(tf.random.statelessBinomial([2], [1, 2], NaN, 1, 'float32')).every(Number.isNaN)).toBe(true);
  });
});

describe('tf.random.Generator.binomial and makeSeeds', () => {
  it('binomial: TensorFlow\'s values and state after each draw', () => {
    const g = tf.random.Generator.fromSeed(1234);
    for (const c of fixture.generator_binomial) {
      expect(g.state.map(Number)).toEqual(c.before);
      const r = g.binomial(c.shape, c.counts, c.probs, c.dtype);
      expect(r.dtype).toBe(c.dtype);
      expect(values(r)).toEqual(c.values);
      expect(g.state.map(Number)).toEqual(c.after);
    }
  });

  it('binomial inside tf.function draws at every call from the state it finds, as eager draws do', () => {
    const eager = tf.random.Generator.fromSeed(1);
    const want = [0, 1, 2].map(() => values(eager.binomial([2], 10, 0.5)));
    const g = tf.random.Generator.fromSeed(1);
    const f = tf.function((c: tf.Tensor) => g.binomial([2], c, 0.5));
    expect([0, 1, 2].map(() => values(f(tf.constant(10))))).toEqual(want);
    expect(f.experimentalGetTracingCount()).toBe(1);
    expect(g.state).toEqual(eager.state);
  });

  it('makeSeeds: TensorFlow\'s int64 seeds (as bigints) and state; a pair seeds the stateless ops', () => {
    for (const c of fixture.make_seeds) {
      const g = tf.random.Generator.fromSeed(c.seed);
      if (c.twice) {
        expect([g.makeSeeds(2), g.makeSeeds(2)]).toEqual(c.twice.map((s) => s.map((row) => row.map(BigInt))));
      } else {
        const seeds = g.makeSeeds(c.count);
        expect(seeds).toEqual(c.seeds!.map((row) => row.map(BigInt)));
        expect(values(tf.random.statelessNormal([3], [seeds[0]![0]!, seeds[1]![0]!]))).toEqual(c.normal_from_first);
      }
      expect(g.state.map(Number)).toEqual(c.after);
    }
    expect(() => tf.random.Generator.fromSeed(1).makeSeeds(-1)).toThrow(/count must be a non-negative integer/);
    expect(() => tf.random.statelessNormal([1], [2n ** 63n, 0n])).toThrow(/seed must be two integers/);
  });
});

describe('tf.random.gamma and tf.random.poisson (TensorFlow\'s kernels and seed rules; their values: stateful-random.test.ts)', () => {
  it('shape then the parameters\' shape; an op seed\'s kernel continues its stream; repeatable after setSeed', () => {
    tf.random.setSeed(3);
    const s = tf.random.gamma([3, 2], [1, 2, 3], { beta: [[1], [2]], seed: 4 });
    expect(s.shape).toEqual([3, 2, 2, 3]);
    expect(s.dtype).toBe('float32');
    const again = values(tf.random.gamma([3, 2], [1, 2, 3], { beta: [[1], [2]], seed: 4 }));
    expect(again).not.toEqual(values(s));
    tf.random.setSeed(3);
    expect(values(tf.random.gamma([3, 2], [1, 2, 3], { beta: [[1], [2]], seed: 4 }))).toEqual(values(s));
    expect(values(tf.random.gamma([3, 2], [1, 2, 3], { beta: [[1], [2]], seed: 4 }))).toEqual(again);
    const p = tf.random.poisson([4], [[1], [30]], { seed: 4 });
    expect(p.shape).toEqual([4, 2, 1]);
    expect(p.dtype).toBe('float32');
    expect(values(p).every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    tf.random.setSeed(11);
    const first = [values(tf.random.gamma([5], 0.3, { dtype: 'float64' })), values(tf.random.poisson([5], 4, { dtype: 'int32' }))];
    tf.random.setSeed(11);
    expect([values(tf.random.gamma([5], 0.3, { dtype: 'float64' })), values(tf.random.poisson([5], 4, { dtype: 'int32' }))]).toEqual(first);
    expect(values(tf.random.gamma([5], 0.3, { dtype: 'float64' }))).not.toEqual(first[0]);
  });

  it('the samples have the distributions\' means, and d mean / d alpha is 1 / beta', () => {
    const alpha = new tf.Variable(tf.constant([0.5, 4]));
    const beta = tf.constant([2, 0.5]);
    const tape = new tf.GradientTape();
    const mean = tape.record(() => tf.reduceMean(tf.random.gamma([20000], alpha, { beta, seed: 7 }), 0));
    const m = values(mean);
    expect(Math.abs(m[0]! - 0.25) / 0.25).toBeLessThan(0.03);
    expect(Math.abs(m[1]! - 8) / 8).toBeLessThan(0.03);
    const g = values(tape.gradient(mean, alpha) as tf.Tensor);
    expect(Math.abs(g[0]! - 0.5) / 0.5).toBeLessThan(0.03);
    expect(Math.abs(g[1]! - 2) / 2).toBeLessThan(0.03);
    const p = values(tf.reduceMean(tf.random.poisson([20000], [0.5, 1000], { seed: 7 }), 0));
    expect(Math.abs(p[0]! - 0.5) / 0.5).toBeLessThan(0.03);
    expect(Math.abs(p[1]! - 1000) / 1000).toBeLessThan(0.003);
  });

  it('refuses bad options as tf.random.normal does', () => {
    expect(() => tf.random.gamma([2], 1, { seed: 1.5 })).toThrow(/seed must be a safe integer/);
    expect(() => tf.random.gamma([2], 1, { dtype: 'int32' })).toThrow(/dtype must be 'float32' or 'float64'/);
    expect(() => tf.random.poisson([2], 1, { dtype: 'bool' })).toThrow(/dtype must be 'int32', 'float32' or 'float64'/);
  });
});

describe('parameters spread on log scales (alpha 1e-2..1e3, lam 1e-2..1e5, counts 1..1e4, probs in (0, 1))', () => {
  it.each(fixture.spread.map((c, i) => [`${c.kind} ${c.dtype ?? ''} #${i}`, c] as const))('%s: TensorFlow\'s 500 samples (float64 gamma to 4e-15)', (_, c) => {
    let t: tf.Tensor;
    if (c.kind === 'gamma') t = tf.random.statelessGamma([100, 5], c.seed, tf.constant(c.alpha!, c.dtype), null, c.dtype);
    else if (c.kind === 'poisson') t = tf.random.statelessPoisson([100, 5], c.seed, c.lam!);
    else t = tf.random.statelessBinomial([100, 5], c.seed, c.counts!, c.probs!);
    if (c.dtype === 'float64') values(t).forEach((v, i) => expect(Math.abs(v - c.values[i]!)).toBeLessThanOrEqual(4e-15 * c.values[i]!));
    else expect(values(t)).toEqual(c.values);
  });
});
