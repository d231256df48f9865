// A replayed eager step hands its small results back in the ABI scratch area, which the call grows
// when they do not fit (ts/function.ts's syncScratch). This file runs in a module of its own, so
// its scratch area is the start-up one (2,048 f64 entries) when the first replay outgrows it.
import * as tf from 'gradtape';
import { afterEach, expect, it } from 'vitest';

afterEach(() => tf.config.runFunctionsEagerly(false));

it('a replay whose results outgrow the scratch area gives them their values (the first such replay in a fresh module)', () => {
  // Ten results of 250 elements each: 2,500 values and 20 pair entries, more than 2,048.
  const x = tf.constant(Array.from({ length: 250 }, (_, i) => [i / 250, 1 - i / 250]));
  const loop = () => {
    const w = new tf.Variable([[0.5], [-0.25]]);
    const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
    const seen: number[][] = [];
    for (let step = 0; step < 6; step++) {
      const tape = new tf.GradientTape();
      const parts: tf.Tensor[] = [];
      const loss = tape.record(() => {
        let h = x.matmul(w);
        parts.push(h);
        for (let k = 0; k < 9; k++) {
          h = h.mul(0.5).add(k);
          parts.push(h);
        }
        return tf.reduceSum(h);
      });
      optimizer.applyGradients([[tape.gradient(loss, w), w]]);
      seen.push(parts.flatMap((p) => Array.from(p.dataSync())));
    }
    return { seen, w: Array.from(w.dataSync()) };
  };
  const replayed = loop();
  tf.config.runFunctionsEagerly(true);
  const written = loop();
  expect(replayed.seen[5]!.length).toBe(10 * 250);
  expect(replayed).toEqual(written);
});
