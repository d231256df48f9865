// The benchmark cases, each written the way a user of that library writes it.
//
// A case implementation is `prepare()` -> a `Trial` factory. `prepare` builds the data on the
// library's side (outside every timer); each call of the factory makes fresh per-run state
// (variables, optimizer) outside the timer and returns `run(n)`, which is what gets timed, and
// `done()`, which releases per-run state. `release()` frees the data at the end.
//
// gradtape code follows examples/02-polynomial-regression.ts and examples/03-puzzle.ts: a new tape
// per step, no tidy, no dispose. TF.js code does what a TF.js user must: optimizer.minimize inside
// tf.tidy (TF.js has no GradientTape), and disposing or tidying every tensor an op returns.

import * as gt from 'gradtape';
import type * as TFJS from '@tensorflow/tfjs';
import type * as JAX from '@jax-js/jax';
import { leastSquaresData, normals, puzzleStart, regressionData } from './util';

export interface Trial {
  run(n: number): void;
  done?(): void;
}
export interface Prepared {
  trial(): Trial;
  release?(): void;
  /** A step compiled once for all runs (tf.function, jax-js jit): its first call, trace or compile included, in ms. */
  firstCallMs?: number;
}

/** Times `f` once, in ms. */
const timeOnce = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

// ---------------------------------------------------------------------------------------------
// 1. Tutorial regression (20x3 design matrix, Adam lr 0.01)

/** A step as written, or compiled with tf.function (traced on its first call, replayed after). */
export type StepMode = 'eager' | 'compiled';
const stepIn = <F extends (...args: never[]) => unknown>(mode: StepMode, step: F): F => (mode === 'compiled' ? gt.function(step) : step);

export function gtRegression(dtype: 'float32' | 'float64' = 'float32', mode: StepMode = 'eager'): Prepared {
  const { XX, Y, w0 } = regressionData();
  const x = gt.constant(XX, dtype);
  const y = gt.constant(Y, dtype);
  return {
    trial() {
      const w = new gt.Variable(w0, { dtype });
      const optimizer = new gt.keras.optimizers.Adam({ learningRate: 0.01 });
      const step = stepIn(mode, () => {
        const tape = new gt.GradientTape();
        const mse = tape.record(() => {
          const yPred = x.matmul(w);
          return gt.reduceSum(gt.square(y.sub(yPred)));
        });
        const grad = tape.gradient(mse, w);
        optimizer.applyGradients([[grad, w]]);
      });
      return {
        run(n) {
          for (let i = 0; i < n; i++) step();
        },
        done() {
          w.dispose();
        },
      };
    },
  };
}

export function tfjsRegression(tf: typeof TFJS): Prepared {
  const { XX, Y, w0 } = regressionData();
  const x = tf.tensor2d(XX, [20, 3], 'float32');
  const y = tf.tensor2d(Y, [20, 1], 'float32');
  return {
    trial() {
      const w = tf.variable(tf.tensor2d(w0, [3, 1], 'float32'));
      const optimizer = tf.train.adam(0.01);
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            tf.tidy(() => {
              optimizer.minimize(() => tf.sum(tf.square(y.sub(x.matMul(w)))), false, [w]);
            });
          }
        },
        done() {
          optimizer.dispose();
          w.dispose();
        },
      };
    },
    release() {
      x.dispose();
      y.dispose();
    },
  };
}

/** jax-js (wasm device): the tutorial step as a jax-js user writes it for speed, jit around grad
 * and a hand-written Adam (jax-js has no optimizers; `lrT` carries the bias corrections). Arrays
 * are reference counted: every argument is consumed, `.ref` keeps one. */
export function jaxRegression(jax: typeof JAX): Prepared {
  const { numpy: np, jit, grad } = jax;
  const { XX, Y, w0 } = regressionData();
  const x = np.array(Float32Array.from(XX.flat())).reshape([20, 3]);
  const y = np.array(Float32Array.from(Y.flat())).reshape([20, 1]);
  const loss = (w: JAX.Array, xs: JAX.Array, ys: JAX.Array) => np.sum(np.square(ys.sub(np.matmul(xs, w))));
  const step = jit((w: JAX.Array, m: JAX.Array, v: JAX.Array, xs: JAX.Array, ys: JAX.Array, lrT: JAX.Array) => {
    const g = grad(loss)(w.ref, xs, ys);
    const m2 = m.mul(0.9).add(g.ref.mul(0.1));
    const v2 = v.mul(0.999).add(g.ref.mul(g).mul(0.001));
    return [w.sub(lrT.mul(m2.ref).div(np.sqrt(v2.ref).add(1e-7))), m2, v2];
  });
  return {
    trial() {
      let w = np.array(Float32Array.from(w0.flat())).reshape([3, 1]);
      let m = np.zeros([3, 1]), v = np.zeros([3, 1]);
      let t = 0;
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            t++;
            const lrT = np.array([(0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t)]);
            [w, m, v] = step(w, m, v, x.ref, y.ref, lrT) as JAX.Array[];
          }
          w.ref.dataSync(); // jax-js dispatches asynchronously: wait for the last step
        },
        done() {
          for (const a of [w, m, v]) a.dispose();
        },
      };
    },
    release() {
      x.dispose();
      y.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Puzzle (four scalar variables, Adam lr 0.1)

export function gtPuzzle(mode: StepMode = 'eager'): Prepared {
  return {
    trial() {
      const [A, B, C, D] = puzzleStart.map((v) => new gt.Variable(v)) as [gt.Variable, gt.Variable, gt.Variable, gt.Variable];
      const optimizer = new gt.keras.optimizers.Adam({ learningRate: 0.1 });
      const step = stepIn(mode, () => {
        const tape = new gt.GradientTape();
        const sqerr = tape.record(() => {
          const y1 = A.add(B).sub(9);
          const y2 = C.sub(D).sub(1);
          const y3 = A.add(C).sub(8);
          const y4 = B.sub(D).sub(2);
          return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
        });
        const [gradA, gradB, gradC, gradD] = tape.gradient(sqerr, [A, B, C, D]);
        optimizer.applyGradients([[gradA, A], [gradB, B], [gradC, C], [gradD, D]]);
      });
      return {
        run(n) {
          for (let i = 0; i < n; i++) step();
        },
        done() {
          for (const v of [A, B, C, D]) v.dispose();
        },
      };
    },
  };
}

export function tfjsPuzzle(tf: typeof TFJS): Prepared {
  return {
    trial() {
      const [A, B, C, D] = puzzleStart.map((v) => tf.variable(tf.scalar(v))) as TFJS.Variable[];
      const optimizer = tf.train.adam(0.1);
      const vars = [A!, B!, C!, D!];
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            tf.tidy(() => {
              optimizer.minimize(
                () => {
                  const y1 = A!.add(B!).sub(9);
                  const y2 = C!.sub(D!).sub(1);
                  const y3 = A!.add(C!).sub(8);
                  const y4 = B!.sub(D!).sub(2);
                  return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4)) as TFJS.Scalar;
                },
                false,
                vars,
              );
            });
          }
        },
        done() {
          optimizer.dispose();
          for (const v of vars) v.dispose();
        },
      };
    },
  };
}

/** gradtape's small steps (1, 2) as issue 7 times them, eager and compiled, by name. */
export const SMALL_STEPS = {
  'regression compiled': () => gtRegression('float32', 'compiled'),
  'puzzle compiled': () => gtPuzzle('compiled'),
  'regression eager': () => gtRegression('float32', 'eager'),
  'puzzle eager': () => gtPuzzle('eager'),
} satisfies Record<string, () => Prepared>;
export type SmallStep = keyof typeof SMALL_STEPS;

/** µs per step of one run of `steps` steps on fresh state (a new trial: fresh variables, a fresh
 * optimizer and, compiled, a fresh tf.function whose trace is in the run). */
export function timeRun(prepared: Prepared, steps: number): number {
  const trial = prepared.trial();
  const t0 = performance.now();
  trial.run(steps);
  const us = ((performance.now() - t0) * 1000) / steps;
  trial.done?.();
  return us;
}

// ---------------------------------------------------------------------------------------------
// 3. Scalar add

/**
 * gradtape scalar add, results dropped. 'eager': outside any tape, where rank-0 arithmetic runs on
 * values and makes no wasm tensor. 'recorded': the same add with both operands watched by a
 * recording tape, so every add makes a wasm tensor that the tape records (the path every op of a
 * training step takes); the tape is replaced every 1000 adds so its record stays small.
 */
export function gtScalarAdd(mode: 'eager' | 'recorded'): Prepared {
  const a = gt.constant(1.5);
  const b = gt.constant(2.5);
  const BATCH = 1000;
  return {
    trial: () => ({
      run(n) {
        if (mode === 'eager') {
          for (let i = 0; i < n; i++) a.add(b); // result dropped, as users write it
          return;
        }
        for (let done = 0; done < n; done += BATCH) {
          const tape = new gt.GradientTape();
          tape.watch([a, b]);
          const m = Math.min(BATCH, n - done);
          tape.record(() => {
            for (let i = 0; i < m; i++) a.add(b);
          });
          tape.dispose();
        }
      },
    }),
  };
}

/** TF.js scalar add, with either `tidy` around batches of 1000 adds or `dispose()` on each result. */
export function tfjsScalarAdd(tf: typeof TFJS, mode: 'tidy' | 'dispose'): Prepared {
  const a = tf.scalar(1.5);
  const b = tf.scalar(2.5);
  const BATCH = 1000;
  return {
    trial: () => ({
      run(n) {
        if (mode === 'dispose') {
          for (let i = 0; i < n; i++) a.add(b).dispose();
        } else {
          for (let done = 0; done < n; done += BATCH) {
            const m = Math.min(BATCH, n - done);
            tf.tidy(() => {
              for (let i = 0; i < m; i++) a.add(b);
            });
          }
        }
      },
    }),
    release() {
      a.dispose();
      b.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Least squares, 1,000,000 x 8: residual, mean squared loss, gradient, one SGD step

export const LS_ROWS = 1_000_000;
export const LS_COLS = 8;
let lsCache: ReturnType<typeof leastSquaresData> | null = null;
export const lsData = () => (lsCache ??= leastSquaresData(LS_ROWS, LS_COLS));

export function gtLeastSquares(dtype: 'float32' | 'float64', withTidy: boolean, mode: StepMode = 'eager'): Prepared {
  const d = lsData();
  // From flat typed arrays, like the TF.js side (nested rows of 1M arrays would stay in the JS
  // heap and make every garbage collection in the process slower, for all cases).
  const X = gt.constant(dtype === 'float32' ? d.X32 : d.X64, dtype).reshape([LS_ROWS, LS_COLS]);
  const y = gt.constant(dtype === 'float32' ? d.y32 : d.y64, dtype).reshape([LS_ROWS, 1]);
  const step = (w: gt.Variable, optimizer: InstanceType<typeof gt.optimizers.SGD>) => {
    const tape = new gt.GradientTape();
    const loss = tape.record(() => gt.reduceMean(gt.square(X.matmul(w).sub(y))));
    const grad = tape.gradient(loss, w);
    optimizer.applyGradients([[grad, w]]);
  };
  const release = () => {
    X.dispose();
    y.dispose();
  };
  if (mode === 'compiled') {
    // Compiled once, as jax-js's jit below is (its compile is in no run either): each trial starts
    // from zero weights. The first call, the trace, is timed apart (`firstCallMs`).
    const w = new gt.Variable(gt.zeros([LS_COLS, 1], dtype));
    const optimizer = new gt.keras.optimizers.SGD({ learningRate: 0.1 });
    const compiled = gt.function(() => step(w, optimizer));
    const firstCallMs = timeOnce(compiled);
    return {
      firstCallMs,
      trial() {
        w.assign(gt.zeros([LS_COLS, 1], dtype));
        return {
          run(n) {
            for (let i = 0; i < n; i++) compiled();
          },
        };
      },
      release() {
        w.dispose();
        release();
      },
    };
  }
  return {
    trial() {
      const w = new gt.Variable(gt.zeros([LS_COLS, 1], dtype));
      const optimizer = new gt.keras.optimizers.SGD({ learningRate: 0.1 });
      const oneStep = () => step(w, optimizer);
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            if (withTidy) gt.tidy(oneStep);
            else oneStep();
          }
        },
        done() {
          w.dispose();
        },
      };
    },
    release,
  };
}

export function tfjsLeastSquares(tf: typeof TFJS): Prepared {
  const d = lsData();
  const X = tf.tensor2d(d.X32, [LS_ROWS, LS_COLS]);
  const y = tf.tensor2d(d.y32, [LS_ROWS, 1]);
  return {
    trial() {
      const w = tf.variable(tf.zeros([LS_COLS, 1]));
      const optimizer = tf.train.sgd(0.1);
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            tf.tidy(() => {
              optimizer.minimize(() => tf.mean(tf.square(X.matMul(w).sub(y))) as TFJS.Scalar, false, [w]);
            });
          }
        },
        done() {
          optimizer.dispose();
          w.dispose();
        },
      };
    },
    release() {
      X.dispose();
      y.dispose();
    },
  };
}

/** jax-js (wasm device): jit around grad and the SGD update, the whole step one compiled call. */
export function jaxLeastSquares(jax: typeof JAX): Prepared {
  const { numpy: np, jit, grad } = jax;
  const d = lsData();
  const X = np.array(d.X32).reshape([LS_ROWS, LS_COLS]);
  const y = np.array(d.y32).reshape([LS_ROWS, 1]);
  const loss = (w: JAX.Array, xs: JAX.Array, ys: JAX.Array) => np.mean(np.square(np.matmul(xs, w).sub(ys)));
  const step = jit((w: JAX.Array, xs: JAX.Array, ys: JAX.Array) => {
    const g = grad(loss)(w.ref, xs, ys);
    return w.sub(g.mul(0.1));
  });
  const firstCallMs = timeOnce(() => (step(np.zeros([LS_COLS, 1]), X.ref, y.ref) as JAX.Array).dataSync());
  return {
    firstCallMs,
    trial() {
      let w = np.zeros([LS_COLS, 1]);
      return {
        run(n) {
          for (let i = 0; i < n; i++) w = step(w, X.ref, y.ref) as JAX.Array;
          w.ref.dataSync(); // jax-js dispatches asynchronously: wait for the last step
        },
        done() {
          w.dispose();
        },
      };
    },
    release() {
      X.dispose();
      y.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 4b. MLP 784-256-10 (ReLU), batch 256, softmax cross-entropy, SGD lr 0.1

export const MLP = { batch: 256, input: 784, hidden: 256, classes: 10 } as const;
let mlpCache: ReturnType<typeof makeMlpData> | null = null;
function makeMlpData() {
  const { batch, input, hidden, classes } = MLP;
  const x = Float32Array.from(normals(batch * input, 7));
  const labels = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) labels[i * classes + (i % classes)] = 1;
  // He initialisation, the same weights for every library.
  const w1 = Float32Array.from(normals(input * hidden, 8), (v) => v * Math.sqrt(2 / input));
  const w2 = Float32Array.from(normals(hidden * classes, 9), (v) => v * Math.sqrt(2 / hidden));
  return { x, labels, w1, w2 };
}
export const mlpData = () => (mlpCache ??= makeMlpData());

export function gtMlp(mode: StepMode, withTidy = false): Prepared {
  const d = mlpData();
  const { batch, input, hidden, classes } = MLP;
  const x = gt.constant(d.x).reshape([batch, input]);
  const labels = gt.constant(d.labels).reshape([batch, classes]);
  const start = () => [gt.constant(d.w1).reshape([input, hidden]), gt.zeros([hidden]), gt.constant(d.w2).reshape([hidden, classes]), gt.zeros([classes])];
  const stepOf = (vars: gt.Variable[], optimizer: InstanceType<typeof gt.optimizers.SGD>) => () => {
    const [w1, b1, w2, b2] = vars as [gt.Variable, gt.Variable, gt.Variable, gt.Variable];
    const tape = new gt.GradientTape();
    const loss = tape.record(() => {
      const h = gt.nn.relu(x.matmul(w1).add(b1));
      const logits = h.matmul(w2).add(b2);
      return gt.reduceMean(gt.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    });
    const grads = tape.gradient(loss, vars);
    optimizer.applyGradients(vars.map((v, i) => [grads[i]!, v] as [gt.Tensor, gt.Variable]));
  };
  const release = () => {
    x.dispose();
    labels.dispose();
  };
  if (mode === 'compiled') {
    // Compiled once, as jax-js's jit below is: each trial starts from the same weights (see gtLeastSquares).
    const vars = start().map((t) => new gt.Variable(t));
    const compiled = gt.function(stepOf(vars, new gt.keras.optimizers.SGD({ learningRate: 0.1 })));
    const firstCallMs = timeOnce(compiled);
    return {
      firstCallMs,
      trial() {
        start().forEach((t, i) => vars[i]!.assign(t));
        return {
          run(n) {
            for (let i = 0; i < n; i++) compiled();
          },
        };
      },
      release() {
        for (const v of vars) v.dispose();
        release();
      },
    };
  }
  return {
    trial() {
      const vars = start().map((t) => new gt.Variable(t));
      const step = stepOf(vars, new gt.keras.optimizers.SGD({ learningRate: 0.1 }));
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            if (withTidy) gt.tidy(step);
            else step();
          }
        },
        done() {
          for (const v of vars) v.dispose();
        },
      };
    },
    release,
  };
}

export function tfjsMlp(tf: typeof TFJS): Prepared {
  const d = mlpData();
  const { batch, input, hidden, classes } = MLP;
  const x = tf.tensor2d(d.x, [batch, input]);
  const labels = tf.tensor2d(d.labels, [batch, classes]);
  return {
    trial() {
      const w1 = tf.variable(tf.tensor2d(d.w1, [input, hidden]));
      const b1 = tf.variable(tf.zeros([hidden]));
      const w2 = tf.variable(tf.tensor2d(d.w2, [hidden, classes]));
      const b2 = tf.variable(tf.zeros([classes]));
      const optimizer = tf.train.sgd(0.1);
      return {
        run(n) {
          for (let i = 0; i < n; i++) {
            tf.tidy(() => {
              optimizer.minimize(() => {
                const h = tf.relu(x.matMul(w1).add(b1));
                return tf.losses.softmaxCrossEntropy(labels, h.matMul(w2).add(b2)) as TFJS.Scalar;
              }, false, [w1, b1, w2, b2]);
            });
          }
        },
        done() {
          optimizer.dispose();
          for (const v of [w1, b1, w2, b2]) v.dispose();
        },
      };
    },
    release() {
      x.dispose();
      labels.dispose();
    },
  };
}

/** jax-js (wasm device): jit around grad of the loss and the SGD update of the four parameters. */
export function jaxMlp(jax: typeof JAX): Prepared {
  const { numpy: np, nn, jit, grad } = jax;
  const d = mlpData();
  const { batch, input, hidden, classes } = MLP;
  const x = np.array(d.x).reshape([batch, input]);
  const labels = np.array(d.labels).reshape([batch, classes]);
  type Params = { w1: JAX.Array; b1: JAX.Array; w2: JAX.Array; b2: JAX.Array };
  const loss = (p: Params, xs: JAX.Array, ys: JAX.Array) => {
    const h = nn.relu(np.matmul(xs, p.w1).add(p.b1));
    const logits = np.matmul(h, p.w2).add(p.b2);
    return np.mean(np.sum(ys.mul(nn.logSoftmax(logits, -1)), -1)).mul(-1);
  };
  const step = jit((p: Params, xs: JAX.Array, ys: JAX.Array) => {
    const g = grad(loss)({ w1: p.w1.ref, b1: p.b1.ref, w2: p.w2.ref, b2: p.b2.ref }, xs, ys);
    return { w1: p.w1.sub(g.w1.mul(0.1)), b1: p.b1.sub(g.b1.mul(0.1)), w2: p.w2.sub(g.w2.mul(0.1)), b2: p.b2.sub(g.b2.mul(0.1)) };
  });
  const start = (): Params => ({
    w1: np.array(d.w1).reshape([input, hidden]), b1: np.zeros([hidden]),
    w2: np.array(d.w2).reshape([hidden, classes]), b2: np.zeros([classes]),
  });
  const firstCallMs = timeOnce(() => {
    for (const a of Object.values(step(start(), x.ref, labels.ref) as Params)) a.dataSync();
  });
  return {
    firstCallMs,
    trial() {
      let p = start();
      return {
        run(n) {
          for (let i = 0; i < n; i++) p = step(p, x.ref, labels.ref) as Params;
          p.b2.ref.dataSync(); // jax-js dispatches asynchronously: wait for the last step
        },
        done() {
          for (const a of Object.values(p)) a.dispose();
        },
      };
    },
    release() {
      x.dispose();
      labels.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5. 512x512 @ 512x512 float32 matmul

export const MM = 512;
export const MM_FLOP = 2 * MM * MM * MM;
const mmData = () => {
  const a = new Float32Array(MM * MM);
  const b = new Float32Array(MM * MM);
  for (let i = 0; i < a.length; i++) {
    a[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    b[i] = ((i * 104729) % 1000) / 1000 - 0.5;
  }
  return { a, b };
};

/** `mode`: 'plain' drops each result (as users write it); 'dispose' disposes each result. */
export function gtMatmul(mode: 'plain' | 'dispose'): Prepared {
  const { a, b } = mmData();
  const A = gt.constant(a).reshape([MM, MM]);
  const B = gt.constant(b).reshape([MM, MM]);
  return {
    trial: () => ({
      run(n) {
        for (let i = 0; i < n; i++) {
          if (mode === 'plain') A.matmul(B);
          else A.matmul(B).dispose();
        }
      },
    }),
    release() {
      A.dispose();
      B.dispose();
    },
  };
}

export function tfjsMatmul(tf: typeof TFJS): Prepared {
  const { a, b } = mmData();
  const A = tf.tensor2d(a, [MM, MM]);
  const B = tf.tensor2d(b, [MM, MM]);
  return {
    trial: () => ({
      run(n) {
        for (let i = 0; i < n; i++) tf.matMul(A, B).dispose();
      },
    }),
    release() {
      A.dispose();
      B.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 6-10. Hot kernels of the op catalog: tanh, sigmoid and softmax rows over 1M float32, and
// reduceMax / argmax over 10M float32. Each result is disposed (TF.js needs it; gradtape does the
// same so both measure the kernel and the allocation alone).

export type KernelCase = 'tanh' | 'sigmoid' | 'softmax' | 'reduceMax' | 'argmax';

/** Deterministic float32 data in [-4, 4): 1M values, or 10M for the reductions. */
function kernelData(kind: KernelCase): Float32Array {
  const n = kind === 'reduceMax' || kind === 'argmax' ? 10_000_000 : 1_000_000;
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 8 - 4;
  }
  return data;
}

/** softmax runs over rows of a [1000, 1000] matrix; the others over the flat vector. */
const kernelShape = (kind: KernelCase, n: number) => (kind === 'softmax' ? [1000, 1000] : [n]);

/** Runs `op` n times per call, disposing each result; `release` frees the input. */
function disposedLoop(op: () => { dispose(): void }, release: () => void): Prepared {
  return {
    trial: () => ({
      run(n) {
        for (let i = 0; i < n; i++) op().dispose();
      },
    }),
    release,
  };
}

export function gtKernel(kind: KernelCase): Prepared {
  const data = kernelData(kind);
  const x = gt.constant(data).reshape(kernelShape(kind, data.length));
  const op: Record<KernelCase, () => gt.Tensor> = {
    tanh: () => gt.tanh(x),
    sigmoid: () => gt.sigmoid(x),
    softmax: () => gt.nn.softmax(x),
    reduceMax: () => gt.reduceMax(x),
    argmax: () => gt.argmax(x),
  };
  return disposedLoop(op[kind], () => x.dispose());
}

export function tfjsKernel(tf: typeof TFJS, kind: KernelCase): Prepared {
  const data = kernelData(kind);
  const x = tf.tensor(data, kernelShape(kind, data.length));
  const op: Record<KernelCase, () => TFJS.Tensor> = {
    tanh: () => tf.tanh(x),
    sigmoid: () => tf.sigmoid(x),
    softmax: () => tf.softmax(x),
    reduceMax: () => tf.max(x),
    argmax: () => tf.argMax(x),
  };
  return disposedLoop(op[kind], () => x.dispose());
}
