// The three tutorial programs (examples/*.ts, reference/tutorial-original.txt) as tests: the same
// code, with assertions on what it prints and computes. The last block also runs the example
// files themselves, as `npm start` does, and checks their output.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Captures what console.log would print while `fn` runs (one entry per call). */
function captureLog(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('program 1: tensors, variables and one gradient', () => {
  it('prints the tensor, the variable and the gradient 7.2 as TensorFlow does', () => {
    let dy: tf.Tensor | null = null;
    const out = captureLog(() => {
      let x: tf.Tensor = tf.constant([1, 2, 3], 'int32');
      console.log(x);
      expect(x.shape).toEqual([3]);
      expect(x.dtype).toBe('int32');

      x = new tf.Variable([1, 2, 3], { dtype: 'int32' });
      console.log(x);
      expect(x.shape).toEqual([3]);
      expect(x.dtype).toBe('int32');

      const v = new tf.Variable(3.6);
      const tape = new tf.GradientTape();
      const y = tape.record(() => v.mul(v));
      dy = tape.gradient(y, v);
      console.log(dy);
    });
    expect(out).toEqual([
      'tf.Tensor([1 2 3], shape=(3,), dtype=int32)',
      "<tf.Variable 'Variable:0' shape=(3,) dtype=int32, numpy=array([1, 2, 3], dtype=int32)>",
      'tf.Tensor(7.2, shape=(), dtype=float32)',
    ]);
    expect(dy).not.toBeNull();
    expect(dy!.dtype).toBe('float32');
    expect(dy!.shape).toEqual([]);
    expect(dy!.item()).toBeCloseTo(7.2, 5);
  });

  it('the float32 variant prints as in TensorFlow for float literals', () => {
    expect(String(tf.constant([1, 2, 3]))).toBe('tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)');
    expect(String(new tf.Variable([1, 2, 3]))).toBe(
      "<tf.Variable 'Variable:0' shape=(3,) dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>",
    );
  });
});

// ---- program 2 --------------------------------------------------------------------------------

/** Keras 3 Nadam in float64 on the tutorial loss sum((y - X w)^2), for an independent check. */
function referenceNadam(XX: number[][], Y: number[], w0: number[], steps: number, lr = 0.01): number[] {
  const b1 = 0.9, b2 = 0.999, eps = 1e-7;
  const w = w0.slice();
  const m = [0, 0, 0], v = [0, 0, 0];
  let uProduct = 1;
  for (let s = 0; s < steps; s++) {
    const g = [0, 0, 0];
    for (let n = 0; n < XX.length; n++) {
      const r = Y[n]! - (XX[n]![0]! * w[0]! + XX[n]![1]! * w[1]! + XX[n]![2]! * w[2]!);
      for (let k = 0; k < 3; k++) g[k]! -= 2 * r * XX[n]![k]!;
    }
    const t = s + 1;
    const ut = b1 * (1 - 0.5 * 0.96 ** t), ut1 = b1 * (1 - 0.5 * 0.96 ** (t + 1));
    uProduct *= ut;
    const up1 = uProduct * ut1;
    for (let k = 0; k < 3; k++) {
      m[k]! += (g[k]! - m[k]!) * (1 - b1);
      v[k]! += (g[k]! * g[k]! - v[k]!) * (1 - b2);
      const mHat = (ut1 * m[k]!) / (1 - up1) + ((1 - ut) * g[k]!) / (1 - uProduct);
      const vHat = v[k]! / (1 - b2 ** t);
      w[k]! -= (mHat * lr) / (Math.sqrt(vHat) + eps);
    }
  }
  return w;
}

/** examples/02-polynomial-regression.ts, seeded, returning what the assertions need. */
function polynomialRegression(seed: number, extraSteps = 0) {
  tf.random.setSeed(seed);
  const N = 20; // number of samples

  // Generate random samples roughly between -10 and +10
  const polynomial = [1, 2, 3];
  const X = tf.random.normal([N, 1]).mul(5);
  const Y = tf.math.polyval(polynomial, X);

  // Prepare input as an array of shape (N, 3)
  const XX = tf.concat([X.mul(X), X, tf.onesLike(X)], 1);

  // Prepare TensorFlow objects
  const w = new tf.Variable(tf.random.normal([3, 1])); // the three coefficients
  const x = tf.constant(XX, 'float32'); // input sample
  const y = tf.constant(Y, 'float32'); // output sample
  const optimizer = new tf.keras.optimizers.Nadam({ lr: 0.01 });
  const before = String(w);
  const w0 = Array.from(w.dataSync() as ArrayLike<number>);

  const losses: number[] = [];
  const step = () => {
    const tape = new tf.GradientTape();
    const mse = tape.record(() => {
      const yPred = x.matmul(w);
      return tf.reduceSum(tf.square(y.sub(yPred)));
    });
    losses.push(mse.item());
    const grad = tape.gradient(mse, w);
    optimizer.applyGradients([[grad, w]]);
  };
  // Run optimizer
  for (let i = 0; i < 1000; i++) step();
  const after1000 = Array.from(w.dataSync() as ArrayLike<number>);
  const after = String(w);
  const finalLoss = () => tf.reduceSum(tf.square(y.sub(x.matmul(w)))).item();
  const loss1000 = finalLoss();
  for (let i = 0; i < extraSteps; i++) step();
  return {
    before, after, w0, after1000, loss1000, losses, optimizer,
    wEnd: Array.from(w.dataSync() as ArrayLike<number>),
    lossEnd: finalLoss(),
    XX: XX.arraySync() as number[][],
    Y: (Y.arraySync() as number[][]).map((r) => r[0]!),
  };
}

describe('program 2: polynomial regression with Nadam(lr=0.01)', () => {
  // Seeds checked while writing this test: over seeds 0-299 the 1000-step run of the tutorial
  // lowers the loss by 140x to 4e6x, and x^2's coefficient ends within 0.25 of 1; the constant
  // term converges slowly (Keras 3 Nadam at lr 0.01 moves it by about 0.01 per step), so after
  // 1000 steps w is within 0.2 of [1, 2, 3] for only 84 of the 300 seeds, exactly as a float64 NumPy
  // implementation of Keras 3 Nadam gives on the same data (compared for seeds 0, 5, 8 and 16).
  // After 5000 steps every one of seeds 0-29 is within 0.032 of [1, 2, 3].
  const SEEDS = [1, 7, 16];

  it.each(SEEDS)('seed %i: the tutorial run lowers the loss by orders of magnitude and follows Keras 3 Nadam', (seed) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = polynomialRegression(seed, 4000);
    // The optimizer was built from `lr` (the tutorial's spelling) and really uses it.
    expect(r.optimizer.learningRate).toBe(0.01);
    expect(r.optimizer.iterations).toBe(5000);

    // The prints before and after.
    expect(r.before).toMatch(/^<tf\.Variable 'Variable:0' shape=\(3, 1\) dtype=float32, numpy=\narray\(\[\[.+\],\n {7}\[.+\],\n {7}\[.+\]\], dtype=float32\)>$/);
    expect(r.after).toMatch(/^<tf\.Variable 'Variable:0' shape=\(3, 1\) dtype=float32, numpy=\narray\(\[\[/);

    // 1000 steps, as in the tutorial: the loss falls by more than two orders of magnitude and
    // the well-determined coefficient of x^2 is close to 1.
    const initial = r.losses[0]!;
    expect(r.loss1000).toBeLessThan(initial / 100);
    expect(Math.abs(r.after1000[0]! - 1)).toBeLessThan(0.15);
    // The loss decreases overall (Nadam is not monotone step to step, so compare windows).
    const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
    expect(mean(r.losses.slice(900, 1000))).toBeLessThan(mean(r.losses.slice(0, 100)) / 100);

    // The float32 run follows an independent float64 Keras 3 Nadam on the same data and start.
    const ref = referenceNadam(r.XX, r.Y, r.w0, 1000);
    for (let k = 0; k < 3; k++) expect(Math.abs(r.after1000[k]! - ref[k]!), `w[${k}] vs reference`).toBeLessThan(2e-3);

    // Continued to 5000 steps, w is close to the true coefficients [1, 2, 3].
    const target = [1, 2, 3];
    for (let k = 0; k < 3; k++) expect(Math.abs(r.wEnd[k]! - target[k]!), `w[${k}] = ${r.wEnd[k]}`).toBeLessThan(0.2);
    expect(r.lossEnd).toBeLessThan(initial / 1e4);
  });

  it('is reproducible: the same seed gives the same weights', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const a = polynomialRegression(3);
    const b = polynomialRegression(3);
    expect(b.w0).toEqual(a.w0);
    expect(b.after1000).toEqual(a.after1000);
    expect(b.after).toBe(a.after);
    const c = polynomialRegression(4);
    expect(c.w0).not.toEqual(a.w0);
  });
});

// ---- program 3 --------------------------------------------------------------------------------

describe('program 3: the puzzle A+B=9, C-D=1, A+C=8, B-D=2 with Nadam(lr=0.1)', () => {
  function puzzle(start: number[]) {
    const A = new tf.Variable(start[0]!);
    const B = new tf.Variable(start[1]!);
    const C = new tf.Variable(start[2]!);
    const D = new tf.Variable(start[3]!);

    // Gradient descent loop
    const EPOCHS = 1000;
    const optimizer = new tf.keras.optimizers.Nadam({ lr: 0.1 });
    for (let i = 0; i < EPOCHS; i++) {
      const tape = new tf.GradientTape();
      const sqerr = tape.record(() => {
        const y1 = A.add(B).sub(9);
        const y2 = C.sub(D).sub(1);
        const y3 = A.add(C).sub(8);
        const y4 = B.sub(D).sub(2);
        return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
      });
      const [gradA, gradB, gradC, gradD] = tape.gradient(sqerr, [A, B, C, D]);
      optimizer.applyGradients([[gradA!, A], [gradB!, B], [gradC!, C], [gradD!, D]]);
    }
    return { vars: [A, B, C, D], optimizer };
  }

  const starts = [
    [Math.random(), Math.random(), Math.random(), Math.random()],
    [Math.random(), Math.random(), Math.random(), Math.random()],
    [0, 0, 0, 0],
    [10, -10, 5, 3],
  ];

  it.each(starts)('from (%f, %f, %f, %f) all four residuals end below 1e-3', (...start) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { vars, optimizer } = puzzle(start);
    expect(optimizer.iterations).toBe(1000);
    const [a, b, c, d] = vars.map((v) => v.item());
    const residuals = [a! + b! - 9, c! - d! - 1, a! + c! - 8, b! - d! - 2];
    for (const r of residuals) expect(Math.abs(r), `residuals ${residuals}`).toBeLessThan(1e-3);
    // Each variable prints as a scalar float32 variable.
    for (const v of vars) expect(String(v)).toMatch(/^<tf\.Variable 'Variable:0' shape=\(\) dtype=float32, numpy=-?\d+\.\d+>$/);
  });
});

// ---- the example files themselves ---------------------------------------------------------------

describe('examples/*.ts run as programs (npm start)', () => {
  const run = (file: string) =>
    execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'examples', file)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('01-tensors-and-variables.ts prints the tutorial output', () => {
    const lines = run('01-tensors-and-variables.ts').trim().split('\n');
    expect(lines[0]).toBe('tf.Tensor([1 2 3], shape=(3,), dtype=int32)');
    expect(lines).toContain("<tf.Variable 'Variable:0' shape=(3,) dtype=int32, numpy=array([1, 2, 3], dtype=int32)>");
    expect(lines[lines.length - 1]).toBe('tf.Tensor(7.2, shape=(), dtype=float32)');
  });

  it('02-polynomial-regression.ts prints w before and after, the second of shape (3, 1)', () => {
    const out = run('02-polynomial-regression.ts');
    const printed = out.match(/<tf\.Variable 'Variable:0' shape=\(3, 1\) dtype=float32, numpy=\narray\(\[\[[^>]*>/g);
    expect(printed).not.toBeNull();
    expect(printed!).toHaveLength(2);
    const nums = (s: string) => (s.match(/-?\d+\.\d*(?:e[-+]\d+)?/g) ?? []).map(Number);
    const after = nums(printed![1]!);
    expect(after).toHaveLength(3);
    // Unseeded run: only the well-determined x^2 coefficient is checked. Over 300 seeds its
    // error after 1000 steps was at most 0.25 (the constant term can still be far from 3).
    expect(Math.abs(after[0]! - 1)).toBeLessThan(0.35);
  });

  it('03-puzzle.ts prints four variables and residuals close to 0', () => {
    const out = run('03-puzzle.ts');
    expect(out.match(/<tf\.Variable 'Variable:0' shape=\(\) dtype=float32, numpy=/g)).toHaveLength(4);
    const m = out.match(/A\+B-9 = (\S+)\s+C-D-1 = (\S+)\s+A\+C-8 = (\S+)\s+B-D-2 = (\S+)/);
    expect(m).not.toBeNull();
    for (const r of m!.slice(1).map(Number)) expect(Math.abs(r)).toBeLessThan(1e-3);
  });
});
