// Small fused chains of a compiled function replay as generated WebAssembly
// (`trace/fusion/generated.rs`): arithmetic, negation, abs, square, sqrt, relu, sign, maximum,
// minimum and squared differences over values of up to
// 4,096 elements, with the matrix-vector products around them for rows shorter than four vectors
// (15 float32 or 7 float64 values). The results are eager execution's, bit for bit, whatever the
// shape; other chains stay interpreted.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { type Dtype, data, floats, generatedFor, losses } from './helpers/generated-steps';

/** Runs `loss` (of x, y, w) as a training step, compiled or eager, for `steps` steps with Adam;
 * returns every step's loss and gradient, the final weights, and how many chains were generated. */
function train(dtype: Dtype, rows: number, k: number, loss: (x: tf.Tensor, y: tf.Tensor, w: tf.Variable) => tf.Tensor, compile: boolean, steps = 6) {
  const d = data(rows, k);
  const x = tf.constant(d.x, dtype), y = tf.constant(d.y, dtype);
  const w = new tf.Variable(d.w, { dtype });
  const opt = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
  const step = () => {
    const tape = new tf.GradientTape();
    const l = tape.record(() => loss(x, y, w));
    const g = tape.gradient(l, w);
    opt.applyGradients([[g, w]]);
    return [l, g] as const;
  };
  const f = compile ? tf.function(step) : step;
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const [l, g] = f();
    out.push(floats(l), floats(g!));
  }
  const generated = compile ? (f as tf.CompiledFunction<typeof step>).experimentalGetGeneratedChainCount() : 0;
  return { out, w: floats(w), generated };
}

describe('generated chains replay with eager execution\'s bits', () => {
  for (const [name, loss] of Object.entries(losses)) {
    for (const dtype of ['float32', 'float64'] as const) {
      // Every path of the kernels: rows shorter than a vector, whole vectors with and without a
      // tail, row counts with and without a last partial group of lanes or of four rows, and rows
      // too long to be generated.
      const ks = dtype === 'float32' ? [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16] : [1, 2, 3, 4, 5, 6, 7, 8];
      it(`${name}: every row count and row length, ${dtype}`, () => {
        for (const rows of [2, 3, 4, 5, 6, 7, 20, 129, 1000]) {
          for (const k of ks) {
            const compiled = train(dtype, rows, k, loss, true);
            expect(compiled.generated > 0, `${rows}×${k}`).toBe(generatedFor(dtype, k));
            const { generated: _, ...rest } = compiled;
            const { generated: __, ...eager } = train(dtype, rows, k, loss, false);
            expect(rest, `${rows}×${k}`).toEqual(eager);
          }
        }
      });
    }
  }

  it('row dots of zero rows give the kernels\' signed zeros (-0 from the lanes, +0 on the last rows)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const k of dtype === 'float32' ? [2, 4, 5, 8, 13] : [1, 2, 3, 4, 7]) {
        for (const rows of [5, 6, 7, 9, 20]) {
          // Every other row zero (the last ones too), and negative weights: 0·(-w) = -0.
          const x = tf.constant(Array.from({ length: rows }, (_, i) => Array.from({ length: k }, (_, j) => (i % 2 === 1 || i >= rows - 2 ? 0 : i + j + 1))), dtype);
          const w = new tf.Variable(Array.from({ length: k }, (_, j) => [-(j + 1) / 4]), { dtype });
          const step = () => x.matmul(w).mul(tf.constant(1, dtype)).add(tf.constant(-0, dtype));
          const f = tf.function(step);
          f(); // (the first call traces: it runs the ops eagerly)
          expect(floats(f()), `${dtype} ${rows}×${k}`).toEqual(floats(step()));
          expect(f.experimentalGetGeneratedChainCount(), `${dtype} ${rows}×${k}`).toBe(1);
        }
      }
    }
  });

  it('elementwise chains of either dtype, with broadcast operands, zeros, infinities and NaN', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const values = [0, -0, 1.5, -2.25, 1e-30, 3e38, Infinity, -Infinity, NaN, 7, -1e-7, 0.1];
      const u = tf.constant(values, dtype);
      const v = new tf.Variable(values.map((x, i) => (i % 3 === 0 ? -x : x * 0.5 + 1)), { dtype });
      const step = () => {
        const a = tf.square(v.sub(u)).add(tf.abs(u)).div(v.mul(2).add(3));
        const b = tf.sqrt(tf.abs(a)).sub(tf.neg(v)).mul(a);
        const c = tf.maximum(tf.relu(v.sub(1)), u).add(tf.minimum(u, v)).mul(tf.sign(v.sub(u)));
        return [a, b.div(u), u.div(b), c.add(tf.squaredDifference(u, v))];
      };
      const f = tf.function(step);
      for (let i = 0; i < 3; i++) {
        v.assign(v.mul(-1.5).add(i));
        expect(f().map(floats), dtype).toEqual(step().map(floats));
      }
      expect(f.experimentalGetGeneratedChainCount(), dtype).toBeGreaterThan(0);
    }
  });

  it('chains over 4,096 elements, or with an op that has no generated form, stay interpreted', () => {
    const big = tf.constant(Array.from({ length: 5000 }, (_, i) => Math.sin(i)));
    const v = new tf.Variable(Array.from({ length: 5000 }, (_, i) => Math.cos(i)));
    const long = () => tf.square(v.sub(big)).mul(3).add(1);
    const f = tf.function(long);
    expect(floats(f())).toEqual(floats(long()));
    expect(f.experimentalGetGeneratedChainCount()).toBe(0);

    const small = tf.constant([1, 2, 3, 4, 5, 6]);
    const w = new tf.Variable([0.5, -1, 2, 0, 3, -4]);
    const withExp = () => tf.exp(w.sub(small)).mul(2).add(1);
    const g = tf.function(withExp);
    expect(floats(g())).toEqual(floats(withExp()));
    expect(g.experimentalGetGeneratedChainCount()).toBe(0);
  });

  it('fresh functions of one step share the generated code, and each gives the eager bits', () => {
    const steps = 25;
    let generated = 0;
    const compiled: number[][] = [];
    for (let i = 0; i < steps; i++) {
      const r = train('float32', 20, 3, losses['sum of squares']!, true, 3);
      generated += r.generated;
      compiled.push(r.w);
    }
    const eager = train('float32', 20, 3, losses['sum of squares']!, false, 3).w;
    expect(generated).toBe(steps);
    for (const w of compiled) expect(w).toEqual(eager);
  });

  it('a compiled training loop of generated chains holds its memory', () => {
    const d = data(20, 3);
    const x = tf.constant(d.x), y = tf.constant(d.y);
    const w = new tf.Variable(d.w);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const step = tf.function(() => {
      const tape = new tf.GradientTape();
      const l = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      opt.applyGradients([[tape.gradient(l, w), w]]);
    });
    for (let i = 0; i < 100; i++) step();
    const before = tf.memory();
    for (let i = 0; i < 5000; i++) step();
    const after = tf.memory();
    expect(step.experimentalGetGeneratedChainCount()).toBe(2); // (the chain, and the whole step)
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
