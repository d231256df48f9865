// A tf.function whose trace repeats one made lately (the same step written again, as each of
// several fits in a row makes) shares that trace's planned program and its generated functions
// (`ProgramCache` in trace/mod.rs). Each function still reads and writes its own variables and
// runs its own optimizer; a trace that differs in anything the program keeps (a constant, even
// only in the sign of a zero) gets a program of its own.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const floats = (t: tf.Tensor) => Array.from(t.dataSync()); // (toEqual tells -0 from 0)

/** The puzzle's fit: its variables, its optimizer and its step, `target` the first equation's. */
function puzzleFit(dtype: 'float32' | 'float64', target: number, compile: boolean) {
  const vars = [1, 2, 3, 4].map((v) => new tf.Variable(v, { dtype })) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [A, B, C, D] = vars;
  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
  const body = () => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const y1 = A.add(B).sub(target), y2 = C.sub(D).sub(1), y3 = A.add(C).sub(8), y4 = B.sub(D).sub(2);
      return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
    });
    const grads = tape.gradient(loss, vars);
    optimizer.applyGradients(grads.map((g, i) => [g!, vars[i]!]));
  };
  return { vars, step: compile ? tf.function(body) : body };
}

/** The tutorial's regression fit (20×3, Adam): its weights and its step, returning the loss. */
function regressionFit(dtype: 'float32' | 'float64', compile: boolean) {
  const x = tf.constant(Array.from({ length: 60 }, (_, i) => Math.sin(i)), dtype, [20, 3]);
  const y = tf.constant(Array.from({ length: 20 }, (_, i) => Math.cos(i)), dtype, [20, 1]);
  const w = new tf.Variable(tf.constant([[0.1], [0.2], [0.3]], dtype));
  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
  const body = () => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(tf.matmul(x, w)))));
    optimizer.applyGradients([[tape.gradient(loss, w), w]]);
    return loss;
  };
  return { vars: [w], step: compile ? tf.function(body) : body };
}

describe('fresh tf.functions of the same step', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`fits in a row, interleaved, each on its own variables, as eager, ${dtype}`, () => {
      // Three puzzle fits and two regression fits, their steps taken in turn, compiled and eager.
      const run = (compile: boolean) => {
        const fits = [puzzleFit(dtype, 9, compile), regressionFit(dtype, compile), puzzleFit(dtype, 9, compile), puzzleFit(dtype, 9, compile), regressionFit(dtype, compile)];
        const losses: number[][] = [];
        for (let k = 0; k < 6; k++) {
          for (const fit of fits) {
            const loss = fit.step();
            if (loss instanceof tf.Tensor) losses.push(floats(loss));
          }
        }
        return { losses, variables: fits.map((fit) => fit.vars.map(floats)) };
      };
      const compiled = run(true);
      expect(compiled).toEqual(run(false));
      // The fits moved apart from their starts (each updated its own variables).
      expect(compiled.variables[0]).not.toEqual([[1], [2], [3], [4]]);
      expect(compiled.variables[0]).toEqual(compiled.variables[2]);
    });
  }

  it('a step with another constant is its own program', () => {
    const run = (compile: boolean) => {
      const fits = [puzzleFit('float64', 9, compile), puzzleFit('float64', 10, compile), puzzleFit('float64', 9, compile)];
      for (let k = 0; k < 5; k++) for (const fit of fits) fit.step();
      return fits.map((fit) => fit.vars.map(floats));
    };
    const compiled = run(true);
    expect(compiled).toEqual(run(false));
    expect(compiled[1]).not.toEqual(compiled[0]);
  });

  it('a constant of -0 is not a constant of 0', () => {
    const v = new tf.Variable([2, -3], { dtype: 'float32' });
    const byZero = tf.function(() => v.mul(0));
    const byNegativeZero = tf.function(() => v.mul(-0));
    for (let k = 0; k < 3; k++) {
      expect(floats(byZero())).toEqual([0, -0]);
      expect(floats(byNegativeZero())).toEqual([-0, 0]);
    }
  });

  it('a fresh function runs the generated step its first function installed', () => {
    // The second function shares the first's program, its generated step included (counted as
    // one by each), and runs it on its own variables after the first's are disposed.
    const run = (compile: boolean) => {
      const first = puzzleFit('float32', 9, compile);
      for (let k = 0; k < 3; k++) first.step();
      const second = puzzleFit('float32', 9, compile);
      for (const v of first.vars) v.dispose();
      for (let k = 0; k < 4; k++) second.step();
      const generated = [first, second].map((fit) => (fit.step as Partial<tf.CompiledFunction<() => void>>).experimentalGetGeneratedChainCount?.());
      return { variables: second.vars.map(floats), generated };
    };
    const compiled = run(true);
    expect(compiled.generated).toEqual([1, 1]);
    expect(compiled.variables).toEqual(run(false).variables);
  });
});
