// The programs of examples/04-16 as tests: each example exports the `main()` it
// runs when executed directly, returning what it computed; the tests call it and check the
// outcome against independent computations (plain-JS predictions, analytic derivatives, the exact
// least-squares minimum). The last block runs the example files themselves with tsx.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';
import { main as logisticRegression } from '../examples/04-logistic-regression';
import { main as mlp } from '../examples/05-mlp';
import { main as smallCnn } from '../examples/14-small-cnn';
import { main as kerasSequential } from '../examples/15-keras-sequential';
import { main as kerasCnn } from '../examples/16-keras-cnn';
import { main as kerasFunctionalData } from '../examples/17-keras-functional-data';
import { main as exponentialFit } from '../examples/06-exponential-fit';
import { main as jacobianHessian } from '../examples/07-jacobian-hessian';
import { main as customGradient } from '../examples/08-custom-gradient';
import { main as optimizerOptions } from '../examples/09-optimizer-options';
import { main as curveFit } from '../examples/10-curve-fit';
import { main as boundedFit } from '../examples/12-bounded-fit';
import { main as batchOfFits } from '../examples/13-batch-of-fits';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const flat = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('04 logistic regression on two seeded Gaussian blobs', () => {
  it('separates the blobs: accuracy > 0.95, and the accuracy is what w and b really predict', () => {
    const r = logisticRegression();
    expect(r.accuracy).toBeGreaterThan(0.95);
    expect(r.loss).toBeLessThan(0.15);
    // The same accuracy from the learned w and b in plain JS (sigmoid(z) > 0.5 iff z > 0).
    const [w0, w1] = flat(r.w), [b] = flat(r.b);
    const xs = r.x.arraySync() as number[][], ys = flat(r.y);
    expect(xs).toHaveLength(200);
    const correct = xs.filter(([p, q], i) => (p! * w0! + q! * w1! + b! > 0 ? 1 : 0) === ys[i]).length;
    expect(r.accuracy).toBeCloseTo(correct / 200, 6);
    // The boundary is the blobs' bisector x0 + x1 = 0: both weights positive and of similar size.
    expect(w0!).toBeGreaterThan(0.5);
    expect(w1!).toBeGreaterThan(0.5);
    expect(Math.abs(b!)).toBeLessThan(0.5);
  });

  it('is reproducible', () => {
    const a = logisticRegression(), b = logisticRegression();
    expect(flat(b.w)).toEqual(flat(a.w));
    expect(b.loss).toBe(a.loss);
  });
});

describe('14 a small convolutional network on seeded bar images, its step compiled', () => {
  it('tells the three kinds of line apart, with one trace, reproducibly', () => {
    const r = smallCnn();
    expect(r.accuracy).toBeGreaterThan(0.95);
    expect(r.loss).toBeLessThan(0.05);
    expect(r.traces).toBe(1);
    expect(smallCnn().loss).toBe(r.loss);
  });
});

describe('05 MLP (2-16-16-3) on a seeded three-arm spiral with Adam', () => {
  it('classifies the spiral: accuracy > 0.9, from tf.argmax of the logits', () => {
    const r = mlp();
    expect(r.accuracy).toBeGreaterThan(0.9);
    expect(r.loss).toBeLessThan(0.2);
    expect(r.x.shape).toEqual([300, 2]);
    expect(r.y.dtype).toBe('int32');
    // Accuracy recomputed from the logits in plain JS.
    const logits = r.logits.arraySync() as number[][], labels = flat(r.y);
    const correct = logits.filter((row, i) => row.indexOf(Math.max(...row)) === labels[i]).length;
    expect(r.accuracy).toBeCloseTo(correct / 300, 6);
    // The data is not linearly trivial: each class spans the whole circle of angles.
    expect(new Set(labels)).toEqual(new Set([0, 1, 2]));
  });
});

describe('06 exponential fit y = a·exp(-b·x) + c in float64', () => {
  it('recovers a = 2.5, b = 1.3, c = 0.5 within 3%, down to the noise level', () => {
    const r = exponentialFit();
    expect(r.dtype).toBe('float64');
    expect(Math.abs(r.a - 2.5) / 2.5).toBeLessThan(0.03);
    expect(Math.abs(r.b - 1.3) / 1.3).toBeLessThan(0.03);
    expect(Math.abs(r.c - 0.5) / 0.5).toBeLessThan(0.03);
    // Mean squared residual about the noise variance 0.02^2 (the fit cannot do much better).
    expect(r.loss).toBeLessThan(1.5 * 0.02 ** 2);
    expect(r.loss).toBeGreaterThan(0.5 * 0.02 ** 2);
  });
});

describe('07 jacobian, Hessian, batchJacobian, ForwardAccumulator', () => {
  it('equal their analytic values', () => {
    const r = jacobianHessian();
    // f(x) = [x0^2 x1, 5 x0 + sin x1] at (1, 2)
    expect(r.jacobian.shape).toEqual([2, 2]);
    const j = flat(r.jacobian);
    [4, 1, 5, Math.cos(2)].forEach((v, i) => expect(j[i]).toBeCloseTo(v, 6));
    // g(x) = x0^2 x1 + x1^3: gradient [2 x0 x1, x0^2 + 3 x1^2], Hessian [[2 x1, 2 x0], [2 x0, 6 x1]]
    expect(flat(r.gradient)).toEqual([4, 13]);
    expect(r.hessian.shape).toEqual([2, 2]);
    expect(flat(r.hessian)).toEqual([4, 2, 2, 12]);
    // y = tanh(x W): dy_i[u]/dx_i[f] = (1 - y_i[u]^2) W[f][u]
    const x = r.xBatch.arraySync() as number[][], W = r.kernel.arraySync() as number[][], y = r.yBatch.arraySync() as number[][];
    expect(r.batchJacobian.shape).toEqual([4, 2, 3]);
    const jb = r.batchJacobian.arraySync() as number[][][];
    for (let i = 0; i < x.length; i++) {
      for (let u = 0; u < 2; u++) {
        for (let f = 0; f < 3; f++) expect(jb[i]![u]![f]).toBeCloseTo((1 - y[i]![u]! ** 2) * W[f]![u]!, 5);
      }
    }
    // J·(1, 0) is the first column of the Jacobian.
    expect(flat(r.jvp)).toEqual([4, 5]);
  });
});

describe('08 tf.customGradient', () => {
  it('log1pexp has gradient 1.0 at x = 100 (the plain formula gives NaN), 0.5 at 0; the clipping identity clips', () => {
    const r = customGradient();
    expect(r.naiveGrad).toBeNaN();
    expect(r.stableGrad).toBe(1);
    expect(r.gradAtZero).toBe(0.5);
    // d(v·v)/dv = 4 at v = 2, but the upstream 1 is clipped to norm 0.5 first: 0.5 · 4 = 2.
    expect(r.clipped).toBe(2);
  });
});

describe('09 SGD, SGD+momentum, Nesterov, Adam, AMSGrad, Nadam on one least-squares problem', () => {
  it('every optimizer gets near the exact least-squares minimum, and its options change its path', () => {
    const r = optimizerOptions();
    // The exact minimum of mean((x w + b - y)^2), from tf.linalg.lstsq on [x, 1].
    const design = tf.concat([r.x, tf.onesLike(tf.slice(r.x, [0, 0], [-1, 1]))], 1);
    const best = tf.linalg.lstsq(tf.cast(design, 'float64'), tf.cast(r.y, 'float64'));
    const minLoss = tf.reduceMean(tf.square(tf.matmul(tf.cast(design, 'float64'), best).sub(tf.cast(r.y, 'float64')))).item();
    expect(minLoss).toBeGreaterThan(0.005); // the noise variance is 0.01
    expect(minLoss).toBeLessThan(0.015);

    const names = ['SGD', 'SGD(momentum=0.9)', 'SGD(momentum=0.9, nesterov=True)', 'Adam', 'Adam(amsgrad=True)', 'Nadam'];
    expect(Object.keys(r.finalLosses)).toEqual(names);
    for (const name of names) {
      const loss = r.finalLosses[name]!;
      expect(loss, name).toBeLessThan(0.03);
      expect(loss, name).toBeLessThan(r.initialLoss / 500);
      expect(loss, name).toBeGreaterThanOrEqual(minLoss * (1 - 1e-4));
    }
    // With momentum (plain or Nesterov) and the adaptive methods: within 10% of the minimum.
    for (const name of names.slice(1)) expect(r.finalLosses[name]!, name).toBeLessThan(minLoss * 1.1);
    // Plain SGD, slowed by the small feature scale, is behind momentum; each option changes the run.
    expect(r.finalLosses['SGD']!).toBeGreaterThan(r.finalLosses['SGD(momentum=0.9)']!);
    expect(r.finalLosses['SGD(momentum=0.9, nesterov=True)']).not.toBe(r.finalLosses['SGD(momentum=0.9)']);
    expect(r.finalLosses['Adam(amsgrad=True)']).not.toBe(r.finalLosses['Adam']);
  });
});

describe('10 curve fit with error bars (tf.optimize.curveFit, absoluteSigma)', () => {
  it('recovers a, b, c within 3 standard errors, with a chi-square near its degrees of freedom', () => {
    const r = curveFit();
    expect(r.converged).toBe(true);
    r.params.forEach((p, j) => expect(Math.abs(p - r.truth[j]!)).toBeLessThan(3 * r.standardErrors[j]!));
    r.standardErrors.forEach((s) => expect(s).toBeGreaterThan(0));
    // chi-square of a correct model with true sigmas: mean dof, standard deviation sqrt(2 dof).
    expect(Math.abs(r.residualSumOfSquares - r.dof)).toBeLessThan(4 * Math.sqrt(2 * r.dof));
    // The covariance is symmetric and its diagonal gives the standard errors.
    expect(r.covariance[0]![1]).toBe(r.covariance[1]![0]);
    r.standardErrors.forEach((s, j) => expect(s).toBe(Math.sqrt(r.covariance[j]![j]!)));
  });
});

describe('12 bounded fit (curveFit with bounds, method trf)', () => {
  it('holds the top at its bound of 100 where the free fit overshoots, and stays inside every bound', () => {
    const { free, bounded, truth } = boundedFit();
    expect(free.converged && bounded.converged).toBe(true);
    expect(free.params[1]).toBeGreaterThan(110); // the plateau extrapolated beyond the assay's 100%
    expect(bounded.activeMask[1]).toBe(1);
    expect(bounded.params[1]).toBeLessThanOrEqual(100);
    expect(100 - bounded.params[1]!).toBeLessThan(1e-6);
    const [lower, upper] = [[0, 0, 1e-6, 0.5], [100, 100, 1e3, 3]];
    bounded.params.forEach((p, j) => expect(p >= lower[j]! && p <= upper[j]!).toBe(true));
    // With the top held, the EC50 and the slope come back within 2 standard errors of the truth.
    expect(Math.abs(bounded.params[2]! - truth.ec50)).toBeLessThan(2 * bounded.standardErrors[2]!);
    expect(Math.abs(bounded.params[3]! - truth.hill)).toBeLessThan(2 * bounded.standardErrors[3]!);
  });
});

describe('13 a batch of fits (curveFit on an array of datasets)', () => {
  it('fits every pixel, with lifetimes as close to the truth as their standard errors say', () => {
    const r = batchOfFits({ pixels: 2000, chunk: 500 });
    expect(r.fits).toHaveLength(2000);
    expect(r.converged).toBe(2000);
    expect(r.median).toBeLessThan(0.05);
    // About 95% of the lifetimes within two standard errors (binomial spread at n = 2000: ±1.5%).
    expect(r.within2).toBeGreaterThan(0.92);
    expect(r.within2).toBeLessThan(0.98);
  });
});

describe('15 the spiral MLP as a tf.keras.Sequential trained by fit', () => {
  it('learns the spiral; val_accuracy is what the final weights predict on the last 20% of the rows', () => {
    const r = kerasSequential();
    expect(r.accuracy).toBeGreaterThan(0.95);
    expect(r.history.loss!.at(-1)!).toBeLessThan(r.history.loss![0]! / 10);
    expect(Object.keys(r.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    // The validation rows are the last 60 of the 300 (Keras' split, before shuffling): argmax in plain JS.
    const logits = r.logits.arraySync() as number[][];
    const labels = flat(r.y);
    const hits = logits.slice(240).filter((row, i) => row.indexOf(Math.max(...row)) === labels[240 + i]).length;
    expect(r.valAccuracy).toBeCloseTo(hits / 60, 6);
    expect(r.valAccuracy).toBeGreaterThan(0.9);
  });
});

describe('16 the bar images by a tf.keras CNN (Conv2D, BatchNormalization, MaxPooling2D) trained by fit', () => {
  it('tells the lines apart; predict is the layers computed from the weights with tf.nn ops, BatchNormalization by its moving statistics', () => {
    const r = kerasCnn();
    expect(r.accuracy).toBeGreaterThan(0.95);
    expect(r.valAccuracy).toBeGreaterThan(0.9);
    expect(r.history.loss!.at(-1)!).toBeLessThan(r.history.loss![0]! / 10);
    // The forward pass by hand: conv, batch normalization (inference), relu, pool, conv, relu, pool, dense.
    const [k1, b1, gamma, beta, movingMean, movingVariance, k2, b2, w, b] = r.weights;
    expect(flat(movingMean!).some((m) => m !== 0)).toBe(true); // fit trained in training mode
    let h = tf.add(tf.nn.conv2d(r.x, k1!, 1, 'SAME'), b1!);
    h = tf.nn.relu(tf.add(tf.mul(tf.div(tf.sub(h, movingMean!), tf.sqrt(tf.add(movingVariance!, 1e-3))), gamma!), beta!));
    h = tf.nn.maxPool2d(h, 2, 2, 'VALID');
    h = tf.nn.maxPool2d(tf.nn.relu(tf.add(tf.nn.conv2d(h, k2!, 1, 'SAME'), b2!)), 2, 2, 'VALID');
    const logits = flat(tf.add(tf.matmul(tf.reshape(h, [180, -1]), w!), b!));
    const predicted = flat(r.logits);
    const scale = Math.max(...predicted.map(Math.abs));
    predicted.forEach((v, i) => expect(Math.abs(v - logits[i]!)).toBeLessThan(1e-4 * scale));
    // val_accuracy is the argmax of those logits on the last 36 images (Keras' split).
    const labels = flat(r.y);
    const rows = Array.from({ length: 36 }, (_, i) => logits.slice((144 + i) * 3, (145 + i) * 3));
    expect(r.valAccuracy).toBeCloseTo(rows.filter((row, i) => row.indexOf(Math.max(...row)) === labels[144 + i]).length / 36, 6);
  });
});

describe('17 a wide-and-deep functional model fed by a tf.data pipeline', () => {
  it('learns y = 2a - b + sin(3c); evaluate on the re-batched dataset is the mean squared error of predict', () => {
    const r = kerasFunctionalData();
    expect(r.loss).toBeLessThan(0.01);
    expect(Math.abs(r.weights[0]! - 2)).toBeLessThan(0.05);
    expect(Math.abs(r.weights[1]! + 1)).toBeLessThan(0.05);
    // The MSE over all 512 samples, in plain JS from predict on the two inputs.
    const predicted = flat(r.predicted);
    const targets = flat(r.y);
    const mse = predicted.reduce((sum, p, i) => sum + (p - targets[i]!) ** 2, 0) / targets.length;
    expect(r.evaluated).toBeCloseTo(mse, 5);
  });
});

describe('examples 04-13 run as programs', () => {
  const run = (file: string) =>
    execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'examples', file)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const number = (out: string, re: RegExp) => {
    const m = out.match(re);
    expect(m, `${re} in:\n${out}`).not.toBeNull();
    return Number(m![1]);
  };

  it('04-logistic-regression.ts prints the loss falling and the accuracy', () => {
    const out = run('04-logistic-regression.ts');
    expect(number(out, /epoch 0: loss = (\S+)/)).toBeGreaterThan(number(out, /final loss = ([^,]+),/));
    expect(number(out, /accuracy = (\S+)/)).toBeGreaterThan(0.95);
  });

  it('15-keras-sequential.ts prints the summary and the final accuracies', () => {
    const out = run('15-keras-sequential.ts');
    expect(out).toContain(' Total params: 371 (1.45 KB)');
    expect(number(out, /final loss = \S+, accuracy = (\S+),/)).toBeGreaterThan(0.95);
    expect(number(out, /val_accuracy = (\S+)\n$/)).toBeGreaterThan(0.9);
  });

  it('17-keras-functional-data.ts prints the summary with its two inputs, the batches and the fitted weights', () => {
    const out = run('17-keras-functional-data.ts');
    expect(out).toContain(' Total params: 1,156 (4.52 KB)');
    expect(out).toContain('batches per epoch: 16');
    expect(number(out, /final loss = ([^,]+),/)).toBeLessThan(0.01);
    expect(out).toMatch(/linear weights: 2\.0\d, -1\.0\d|linear weights: 1\.9\d, -0\.9\d/);
  });

  it('16-keras-cnn.ts prints the summary and the final accuracies', () => {
    const out = run('16-keras-cnn.ts');
    expect(out).toContain(' Non-trainable params: 16 (64.00 B)');
    expect(number(out, /final loss = \S+, accuracy = (\S+),/)).toBeGreaterThan(0.95);
    expect(number(out, /val_accuracy = (\S+)\n$/)).toBeGreaterThan(0.9);
  });

  it('05-mlp.ts prints an accuracy above 0.9', () => {
    expect(number(run('05-mlp.ts'), /accuracy = (\S+)/)).toBeGreaterThan(0.9);
  });

  it('06-exponential-fit.ts prints a, b, c close to the true values', () => {
    const out = run('06-exponential-fit.ts');
    expect(number(out, /a = (\S+)/)).toBeCloseTo(2.5, 1);
    expect(number(out, /b = (\S+)/)).toBeCloseTo(1.3, 1);
    expect(number(out, /c = (\S+)/)).toBeCloseTo(0.5, 1);
  });

  it('07-jacobian-hessian.ts prints the Hessian and the JVP', () => {
    const out = run('07-jacobian-hessian.ts');
    expect(out).toContain('hessian: [ [ 4, 2 ], [ 2, 12 ] ]');
    expect(out).toContain('batch jacobian shape: [ 4, 2, 3 ]');
    expect(out).toContain('jvp: [ 4, 5 ]');
  });

  it('08-custom-gradient.ts prints NaN for the plain formula and 1.0 for the custom gradient', () => {
    const out = run('08-custom-gradient.ts');
    expect(out).toContain('naive d/dx log(1 + e^x) at x = 100: tf.Tensor(nan, shape=(), dtype=float32)');
    expect(out).toContain('custom gradient at x = 100: tf.Tensor(1.0, shape=(), dtype=float32)');
    expect(out).toContain('clipped gradient of v*v at v = 2: tf.Tensor(2.0, shape=(), dtype=float32)');
  });

  it('11-adamw-cosine.ts trains the spiral with AdamW, a warmup-cosine schedule and global clipping', () => {
    const out = run('11-adamw-cosine.ts');
    expect(out).toContain('step 0: learning rate 0.00000');
    const m = out.match(/final loss = (\S+), accuracy = (\S+), learning rate = (\S+)/)!;
    expect(Number(m[1])).toBeLessThan(0.1);
    expect(Number(m[2])).toBeGreaterThan(0.95);
    expect(Number(m[3])).toBeCloseTo(0.001, 5); // alpha * warmupTarget at the end of the decay
  });

  it('09-optimizer-options.ts prints a final loss for each of the six optimizers', () => {
    const out = run('09-optimizer-options.ts');
    const losses = [...out.matchAll(/loss after 100 steps: (\S+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(6);
    for (const l of losses) expect(l).toBeLessThan(0.03);
  });

  it('10-curve-fit.ts prints each parameter with its error bar', () => {
    const out = run('10-curve-fit.ts');
    expect(number(out, /a = (\S+) ±/)).toBeCloseTo(2.5, 1);
    expect(number(out, /b = (\S+) ±/)).toBeCloseTo(1.3, 1);
    expect(number(out, /c = (\S+) ±/)).toBeCloseTo(0.5, 1);
    expect(out).toMatch(/chi-square = \S+ for 57 degrees of freedom/);
    expect(out).toMatch(/converged after \d+ iterations/);
  });
});
