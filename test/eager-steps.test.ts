// Eager training steps that repeat are replayed as one compiled program (ts/eager-steps.ts). The
// user's code must not see it: every value, gradient, optimizer state, error and tape behaviour
// must be what running the step as written gives, bit for bit. Each loop here runs twice: as is,
// and with tf.config.runFunctionsEagerly(true), which turns the replay off; then the two are compared.
import * as tf from 'gradtape';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from './helpers/gradcheck';

afterEach(() => tf.config.runFunctionsEagerly(false));

/** Runs `loop` replayed (the default) and as written, returning both results. */
function bothWays<T>(loop: () => T): [T, T] {
  tf.config.runFunctionsEagerly(false);
  const replayed = loop();
  tf.config.runFunctionsEagerly(true);
  try {
    return [replayed, loop()];
  } finally {
    tf.config.runFunctionsEagerly(false);
  }
}

/** Whether the step's tape holds no wasm record while it records: the step's ops are pending, so
 * the step is being replayed (as written, the tape records each op in wasm as it runs). */
const pendingNow = (): boolean => tf.memory().numTapes === 0;

const bits = (t: tf.Tensor): number[] => Array.from(t.dataSync());

function regressionData(dtype: 'float32' | 'float64') {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < 20; i++) {
    const x = (i - 10) / 2;
    xs.push([x * x, x, 1]);
    ys.push([x * x + 2 * x + 3]);
  }
  return { x: tf.constant(xs, dtype), y: tf.constant(ys, dtype) };
}

describe('the tutorial regression step, replayed', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`equals the step as written, bit for bit (${dtype}): weights, losses, gradients, optimizer state`, () => {
      const { x, y } = regressionData(dtype);
      const [replayed, written] = bothWays(() => {
        const w = new tf.Variable([[0.1], [0.2], [0.3]], { dtype });
        const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
        const losses: tf.Tensor[] = [];
        const grads: tf.Tensor[] = [];
        const calls: number[] = [];
        let pendingSeen = 0;
        for (let i = 0; i < 300; i++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => {
            const yPred = x.matmul(w);
            const loss = tf.reduceSum(tf.square(y.sub(yPred)));
            if (pendingNow()) pendingSeen++;
            return loss;
          });
          const grad = tape.gradient(loss, w)!;
          calls.push(optimizer.applyGradients([[grad, w]]));
          losses.push(loss);
          grads.push(grad);
        }
        return {
          w: bits(w),
          losses: losses.map(bits),
          grads: grads.map(bits),
          calls,
          iterations: optimizer.iterations,
          pendingSeen,
        };
      });
      expect(replayed.pendingSeen).toBeGreaterThan(290); // (the first steps log it and trace it)
      expect(written.pendingSeen).toBe(0);
      const { pendingSeen: _a, ...r } = replayed;
      const { pendingSeen: _b, ...e } = written;
      expect(r).toEqual(e);
      expect(r.iterations).toBe(300);
    });
  }

  it('gives each pending tensor its value when read inside the step (loss, predictions, gradients), then goes on as written', () => {
    const { x, y } = regressionData('float32');
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.5], [-0.5], [0.25]]);
      const optimizer = new tf.keras.optimizers.SGD({ learningRate: 1e-4, momentum: 0.9 });
      const seen: number[][] = [];
      let pendingSeen = 0;
      for (let i = 0; i < 60; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const yPred = x.matmul(w);
          if (pendingNow()) pendingSeen++;
          if (i % 7 === 3) seen.push(bits(yPred)); // read while recording
          return tf.reduceMean(tf.square(y.sub(yPred)));
        });
        if (i % 7 === 4) seen.push([loss.item()]); // read between record and gradient
        const grad = tape.gradient(loss, w)!;
        if (i % 7 === 5) seen.push(bits(grad)); // read before the update
        optimizer.applyGradients([[grad, w]]);
        if (i % 7 === 6) seen.push(bits(loss), bits(grad)); // after: the replay's outputs
      }
      return { seen, w: bits(w), pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(20);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
  });

  it('takes a new batch of the same shape at every step, and a batch of another shape', () => {
    const random = seededRandom(7);
    const batches = Array.from({ length: 40 }, (_, i) => {
      const n = i % 10 === 9 ? 5 : 8; // every tenth batch is shorter
      return {
        x: tf.constant(Array.from({ length: n }, () => [random(), random()])),
        y: tf.constant(Array.from({ length: n }, () => [random()])),
      };
    });
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.1], [0.2]]);
      const b = new tf.Variable([0]);
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
      const losses: number[] = [];
      let pendingSeen = 0;
      for (const batch of batches) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const yPred = batch.x.matmul(w).add(b);
          if (pendingNow()) pendingSeen++;
          return tf.reduceMean(tf.square(yPred.sub(batch.y)));
        });
        const [dw, db] = tape.gradient(loss, [w, b]);
        optimizer.applyGradients([[dw!, w], [db!, b]]);
        losses.push(loss.item());
      }
      return { losses, w: bits(w), b: bits(b), pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(20);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
  });
});

describe('steps that differ from the logged one run as written', () => {
  it('two steps in turn, an extra op now and then, a variable assigned between steps and within one', () => {
    const { x, y } = regressionData('float64');
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.1], [0.2], [0.3]], { dtype: 'float64' });
      const optimizer = new tf.keras.optimizers.RMSprop({ learningRate: 0.001 });
      const losses: number[] = [];
      for (let i = 0; i < 80; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          let r = y.sub(x.matmul(w));
          if (i % 2 === 1) r = r.mul(0.5); // another step every other time
          if (i % 9 === 0) r = r.add(tf.sin(r)); // and an extra op now and then
          return tf.reduceSum(tf.square(r));
        });
        if (i === 41) w.assign(w.mul(0.5)); // within a step, after its ops
        if (i === 43 || i === 57) w.assign([[0.2], [0.1], [0.05]]); // the same, with no op before it
        const grad = tape.gradient(loss, w)!;
        optimizer.applyGradients([[grad, w]]);
        if (i === 60) w.assignAdd(tf.onesLike(w)); // between steps
        losses.push(loss.item());
      }
      return { losses, w: bits(w) };
    });
    expect(replayed).toEqual(written);
  });

  it('an op the log cannot see (a custom gradient) reading a variable in one step, and one nested in a watcher', () => {
    const { x, y } = regressionData('float32');
    const tripled = tf.customGradient((v: tf.Tensor) => [v, (dy: tf.Tensor) => dy.mul(3)]);
    const squared = tf.customGradient((v: tf.Tensor) => [v.square(), (dy: tf.Tensor) => dy.mul(v).mul(2)]);
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.1], [0.2], [0.3]]);
      const optimizer = new tf.keras.optimizers.SGD({ learningRate: 1e-4 });
      const losses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const yPred = x.matmul(i === 20 ? tripled(w) : w);
          const r = y.sub(yPred);
          return tf.reduceSum(i === 30 ? squared(r) : tf.square(r));
        });
        optimizer.applyGradients([[tape.gradient(loss, w)!, w]]);
        losses.push(loss.item());
      }
      return { losses, w: bits(w) };
    });
    expect(replayed).toEqual(written);
  });

  it('ops between the gradient and the update (clipping), two records on one tape, tf.tidy inside the record', () => {
    const { x, y } = regressionData('float32');
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.3], [0.1], [-0.2]]);
      const optimizer = new tf.keras.optimizers.Nadam({ learningRate: 0.01 });
      const out: number[][] = [];
      let pendingSeen = 0;
      for (let i = 0; i < 120; i++) {
        const tape = new tf.GradientTape();
        const yPred = tape.record(() => x.matmul(w));
        if (pendingNow()) pendingSeen++;
        const loss = tape.record(() => tf.tidy(() => tf.reduceMean(tf.square(y.sub(yPred)))));
        const grad = tape.gradient(loss, w)!;
        const clipped = tf.clipByValue(grad, -1, 1);
        optimizer.applyGradients([[clipped, w]]);
        out.push(bits(loss), bits(clipped));
      }
      return { out, w: bits(w), pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(40);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
  });

  it('a small network with several variables and activations', () => {
    const random = seededRandom(11);
    const X = tf.constant(Array.from({ length: 16 }, () => [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]));
    const Y = tf.constant(Array.from({ length: 16 }, (_, i) => [i % 2]));
    const init = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => random() - 0.5));
    const w1v = init(3, 8), w2v = init(8, 1);
    const [replayed, written] = bothWays(() => {
      const w1 = new tf.Variable(w1v), b1 = new tf.Variable(tf.zeros([8]));
      const w2 = new tf.Variable(w2v), b2 = new tf.Variable(tf.zeros([1]));
      const vars = [w1, b1, w2, b2];
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
      const losses: number[] = [];
      let pendingSeen = 0;
      for (let i = 0; i < 160; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const h = tf.relu(X.matmul(w1).add(b1));
          if (pendingNow()) pendingSeen++;
          const logits = h.matmul(w2).add(b2);
          return tf.reduceMean(tf.nn.sigmoidCrossEntropyWithLogits(Y.cast('float32'), logits));
        });
        const grads = tape.gradient(loss, vars);
        optimizer.applyGradients(grads.map((g, k) => [g!, vars[k]!] as const));
        losses.push(loss.item());
      }
      return { losses, vars: vars.map(bits), pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(90);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
  });

  it('a step with more results than one read of the outputs takes (1,100 variables)', () => {
    const [replayed, written] = bothWays(() => {
      const vars = Array.from({ length: 1100 }, (_, i) => new tf.Variable([i / 1000, -i / 2000]));
      const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
      let pendingSeen = 0;
      let lastGrads: number[][] = [];
      for (let i = 0; i < 80; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => {
          const total = tf.concat(vars, 0);
          if (pendingNow()) pendingSeen++;
          return tf.reduceSum(tf.square(total.sub(1)));
        });
        const grads = tape.gradient(loss, vars);
        optimizer.applyGradients(grads.map((g, k) => [g!, vars[k]!] as const));
        lastGrads = grads.map((g) => bits(g!));
      }
      return { vars: vars.map(bits), lastGrads, pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(0);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`the puzzle: four scalar variables, rank-0 arithmetic replayed on registers (${dtype})`, () => {
      const [replayed, written] = bothWays(() => {
        const vars = [1, 2, 3, 4].map((v) => new tf.Variable(v, { dtype }));
        const [A, B, C, D] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
        const losses: number[] = [];
        const grads: number[][] = [];
        const parts: number[] = [];
        let pendingSeen = 0;
        for (let i = 0; i < 200; i++) {
          const tape = new tf.GradientTape();
          let y3: tf.Tensor | undefined;
          const loss = tape.record(() => {
            const y1 = A.add(B).sub(9), y2 = C.sub(D).sub(1), y4 = B.sub(D).sub(2);
            y3 = A.add(C).sub(8);
            if (pendingNow()) pendingSeen++;
            return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
          });
          const g = tape.gradient(loss, vars);
          optimizer.applyGradients(g.map((gk, k) => [gk!, vars[k]!] as const));
          // Read after the update: the replayed step's results and gradients, as values.
          losses.push(loss.item());
          grads.push(g.map((gk) => gk!.item()));
          parts.push(y3!.item());
        }
        return { vars: vars.map((v) => v.item()), losses, grads, parts, dtypes: vars.map((v) => v.dtype), pendingSeen };
      });
      expect(replayed.pendingSeen).toBeGreaterThan(190); // (the first steps log it and trace it)
      expect(written.pendingSeen).toBe(0);
      expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
      expect(replayed.dtypes).toEqual([dtype, dtype, dtype, dtype]);
    });
  }

  for (const dtype of ['float32', 'float64'] as const) {
    it(`a scalar step of transcendental ops and powers, replayed, equals the step as written bit for bit (${dtype})`, () => {
      const [replayed, written] = bothWays(() => {
        const vars = [0.3, -0.7, 1.2, 0.5].map((v) => new tf.Variable(v, { dtype }));
        const [a, b, c, d] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
        const losses: number[] = [];
        let pendingSeen = 0;
        for (let i = 0; i < 60; i++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => {
            const u = tf.exp(a.mul(b)).add(tf.tanh(c)).mul(tf.sigmoid(d));
            const v = tf.log1p(tf.square(a.sub(c))).add(tf.sqrt(tf.abs(b).add(1))).div(tf.cosh(d));
            if (pendingNow()) pendingSeen++;
            return tf.pow(u.sub(v), 2).add(tf.sin(a).mul(tf.erf(b)));
          });
          const grads = tape.gradient(loss, vars);
          optimizer.applyGradients(grads.map((g, k) => [g!, vars[k]!] as const));
          losses.push(loss.item());
        }
        return { vars: vars.map((v) => v.item()), losses, pendingSeen };
      });
      expect(replayed.pendingSeen).toBeGreaterThan(50);
      expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
    });
  }

  it('a scalar step whose numbers change every time matches the step as written (each new number is a new log)', () => {
    const xs = [0.5, 1.5, 2.5, 3.5, 4.5];
    const ys = [1.9, 4.1, 6.2, 7.8, 10.1];
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable(0.5), b = new tf.Variable(0.1);
      const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
      const losses: number[] = [];
      for (let epoch = 0; epoch < 40; epoch++) {
        for (let i = 0; i < xs.length; i++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => w.mul(xs[i]!).add(b).sub(ys[i]!).square());
          const [dw, db] = tape.gradient(loss, [w, b]);
          optimizer.applyGradients([[dw!, w], [db!, b]]);
          losses.push(loss.item());
        }
      }
      return { w: w.item(), b: b.item(), losses };
    });
    expect(replayed).toEqual(written);
  });
});

describe('the same step on a fresh model (its compiled step rebound, not traced again)', () => {
  // Fits one after another, each on new variables and a new optimizer, as a calibration of many
  // sensors or a benchmark's runs: from the second fit on, the first fit's compiled step is copied
  // to read and update the new variables and step the new optimizer (gt_function_rebind).
  const puzzleFits = (configs: { start: number[]; learningRate: number; amsgrad?: boolean; dispose: boolean }[], dtype: 'float32' | 'float64') =>
    bothWays(() =>
      configs.map(({ start, learningRate, amsgrad, dispose }) => {
        const vars = start.map((v) => new tf.Variable(v, { dtype }));
        const [A, B, C, D] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        const optimizer = new tf.keras.optimizers.Adam({ learningRate, amsgrad });
        const losses: number[] = [];
        let pendingSeen = 0;
        for (let i = 0; i < 40; i++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => {
            const y1 = A.add(B).sub(9), y2 = C.sub(D).sub(1), y3 = A.add(C).sub(8), y4 = B.sub(D).sub(2);
            if (pendingNow()) pendingSeen++;
            return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
          });
          const grads = tape.gradient(loss, vars);
          optimizer.applyGradients(grads.map((g, k) => [g!, vars[k]!] as const));
          losses.push(loss.item());
        }
        const result = { vars: vars.map((v) => v.item()), losses, iterations: optimizer.iterations, pendingSeen };
        if (dispose) for (const v of vars) v.dispose(); // (the next fit's donor then has no live variable)
        return result;
      }),
    );

  for (const dtype of ['float32', 'float64'] as const) {
    it(`fits of the puzzle on fresh variables and optimizers equal the fits as written (${dtype})`, () => {
      const [replayed, written] = puzzleFits(
        [
          { start: [1, 2, 3, 4], learningRate: 0.1, dispose: true },
          { start: [4, -3, 2.5, 0.5], learningRate: 0.1, dispose: true },
          { start: [0.1, 0.2, 0.3, 0.4], learningRate: 0.05, dispose: false }, // (another learning rate: each call brings it)
          { start: [1, 1, 1, 1], learningRate: 0.1, amsgrad: true, dispose: false }, // (another kind of Adam: traced anew)
          { start: [2, 2, 2, 2], learningRate: 0.2, dispose: false },
        ],
        dtype,
      );
      for (const fit of replayed) expect(fit.pendingSeen).toBeGreaterThan(35);
      expect(replayed.map((f) => ({ ...f, pendingSeen: 0 }))).toEqual(written.map((f) => ({ ...f, pendingSeen: 0 })));
    });
  }

  it('regressions on fresh weights of another shape are traced anew, of the same shape rebound: all equal the fits as written', () => {
    const [replayed, written] = bothWays(() =>
      [3, 3, 2, 3].map((features, fit) => {
        const xs: number[][] = [];
        const ys: number[][] = [];
        for (let i = 0; i < 12; i++) {
          const t = (i - 6) / 3;
          xs.push([1, t, t * t].slice(0, features));
          ys.push([2 - t + fit * t * t]);
        }
        const x = tf.constant(xs), y = tf.constant(ys);
        const w = new tf.Variable(tf.zeros([features, 1]));
        const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.5 });
        for (let i = 0; i < 30; i++) {
          const tape = new tf.GradientTape();
          const loss = tape.record(() => tf.reduceMean(tf.square(y.sub(x.matmul(w)))));
          optimizer.applyGradients([[tape.gradient(loss, w)!, w]]);
        }
        return bits(w);
      }),
    );
    expect(replayed).toEqual(written);
  });
});

describe('what the user sees of a replayed step', () => {
  it('a pending temporary that tf.tidy disposed after its reader was called: the step runs as written when read', () => {
    // Found in session 69 (LossScaleOptimizer's finite check does this): the pending ops ran as
    // written read isFinite's result, which the tidy had disposed, and threw "disposed".
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([1, -2, 3]);
      const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
      const finite: number[] = [];
      for (let i = 0; i < 8; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceSum(tf.square(w)));
        const [g] = tape.gradient(loss, [w]);
        const ok = tf.tidy(() => tf.reduceAll(tf.isFinite(g!)));
        finite.push(Number(ok.item()));
        optimizer.applyGradients([[g!, w]]);
      }
      return { finite, w: bits(w) };
    });
    expect(replayed).toEqual(written);
    expect(replayed.finite).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  const setUp = () => {
    const { x, y } = regressionData('float32');
    const w = new tf.Variable([[0.1], [0.2], [0.3]]);
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const step = () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      const grad = tape.gradient(loss, w)!;
      optimizer.applyGradients([[grad, w]]);
      return { tape, loss, grad };
    };
    return { x, y, w, optimizer, step };
  };

  it('a used tape stays used up: a second gradient is TensorFlow\'s error, as written', () => {
    const { step, w } = setUp();
    for (let i = 0; i < 5; i++) step();
    const { tape, loss } = step();
    expect(() => tape.gradient(loss, w)).toThrow(/non-persistent GradientTape can only be used to compute one set of gradients/);
  });

  it('results are ordinary tensors afterwards: ops, dispose, tidy', () => {
    const { step } = setUp();
    for (let i = 0; i < 5; i++) step();
    const { loss, grad } = step();
    expect(loss.shape).toEqual([]);
    expect(grad.shape).toEqual([3, 1]);
    const doubled = grad.mul(2);
    expect(bits(doubled)).toEqual(bits(grad).map((v) => Math.fround(2 * v)));
    expect(tf.tidy(() => loss.add(1)).item()).toBe(Math.fround(loss.item() + 1));
    loss.dispose();
    expect(() => loss.item()).toThrow(/disposed/);
  });

  it('a pending tensor disposed inside the step stays disposed, and the step is the same', () => {
    const { x, y } = regressionData('float32');
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.1], [0.2], [0.3]]);
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
      const disposed: boolean[] = [];
      let pendingSeen = 0;
      for (let i = 0; i < 100; i++) {
        const tape = new tf.GradientTape();
        let yPred: tf.Tensor | null = null;
        const loss = tape.record(() => {
          yPred = x.matmul(w);
          if (pendingNow()) pendingSeen++;
          const l = tf.reduceSum(tf.square(y.sub(yPred)));
          yPred.dispose();
          return l;
        });
        optimizer.applyGradients([[tape.gradient(loss, w), w]]);
        disposed.push(yPred!.isDisposed);
        expect(() => yPred!.dataSync()).toThrow(/disposed/);
      }
      return { w: bits(w), disposed, pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(20);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
    expect(replayed.disposed.every((d) => d)).toBe(true);
  });

  it('results of every size a replay hands back (none, one, up to 256 read out, more as handles), read after the step or disposed in it', () => {
    // 300 samples: the residuals and squares (300 elements) come back as handles, the
    // predictions' first 256 rows (256) and the weights' gradient (3) read out, the loss (1) a
    // value and an empty slice (0) an id alone. A second large result is disposed mid-step.
    const random = seededRandom(5);
    const X = tf.constant(Array.from({ length: 300 }, () => [random(), random(), 1]));
    const Y = tf.constant(Array.from({ length: 300 }, () => [random()]));
    const [replayed, written] = bothWays(() => {
      const w = new tf.Variable([[0.1], [0.2], [0.3]]);
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
      const read: number[][] = [];
      let pendingSeen = 0;
      for (let i = 0; i < 60; i++) {
        const tape = new tf.GradientTape();
        let residual: tf.Tensor | null = null, head: tf.Tensor | null = null, empty: tf.Tensor | null = null;
        const loss = tape.record(() => {
          const yPred = X.matmul(w);
          if (pendingNow()) pendingSeen++;
          head = tf.slice(yPred, [0, 0], [256, 1]);
          empty = tf.slice(yPred, [0, 0], [0, 1]);
          residual = Y.sub(yPred);
          const scaled = residual.mul(2);
          const l = tf.reduceMean(tf.square(residual));
          scaled.dispose();
          return l;
        });
        const grad = tape.gradient(loss, w);
        optimizer.applyGradients([[grad, w]]);
        read.push([...bits(residual!), ...bits(head!), ...bits(empty!), ...bits(grad!), loss.item(), empty!.shape[0]!]);
      }
      return { w: bits(w), read, pendingSeen };
    });
    expect(replayed.pendingSeen).toBeGreaterThan(20);
    expect({ ...replayed, pendingSeen: 0 }).toEqual({ ...written, pendingSeen: 0 });
    expect(replayed.read[0]!.length).toBe(300 + 256 + 0 + 3 + 1 + 1);
  });

  it('an input disposed within the step, after the ops that read it', () => {
    const [replayed, written] = bothWays(() => {
      const random = seededRandom(3);
      const w = new tf.Variable([[0.5], [-0.25]]);
      const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
      const losses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const x = tf.constant([[random(), random()], [random(), random()]]);
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceSum(tf.square(x.matmul(w))));
        x.dispose();
        optimizer.applyGradients([[tape.gradient(loss, w)!, w]]);
        losses.push(loss.item());
      }
      return { losses, w: bits(w) };
    });
    expect(replayed).toEqual(written);
  });

  it('an op that throws in a later step throws as written, and later steps run', () => {
    const { x, y, w, optimizer } = setUp();
    const bad = tf.ones([4, 1]);
    for (let i = 0; i < 10; i++) {
      const tape = new tf.GradientTape();
      const target = i === 7 ? bad : y;
      const attempt = () => {
        const loss = tape.record(() => tf.reduceSum(tf.square(target.sub(x.matmul(w)))));
        optimizer.applyGradients([[tape.gradient(loss, w), w]]);
      };
      if (i === 7) expect(attempt).toThrow(/Incompatible shapes|broadcast/i);
      else attempt();
    }
    expect(optimizer.iterations).toBe(9);
  });

  it('a loop of many steps keeps wasm memory flat', () => {
    const { step } = setUp();
    for (let i = 0; i < 50; i++) step();
    const before = tf.memory();
    for (let i = 0; i < 3000; i++) step();
    const after = tf.memory();
    expect(after.numTensors).toBeLessThanOrEqual(before.numTensors + 2);
    expect(after.numTapes).toBe(before.numTapes);
  });
});
