// Requirement (a): the tutorial's puzzle loop (four scalar Variables, Nadam, a NEW GradientTape
// every step), with NO dispose, NO tidy, NO gc() and NO yielding to the event loop, for
// 100,000 steps in one synchronous run. Samples memory along the way; the test checks bounds.
import * as tf from 'gradtape';
import { report, sample } from './common.mjs';

const STEPS = Number(process.argv[2] ?? 100_000);
const SAMPLE_EVERY = 1_000; // process.memoryUsage() and tf.memory() cost microseconds

tf.random.setSeed(7);
const A = new tf.Variable(0.1);
const B = new tf.Variable(0.2);
const C = new tf.Variable(0.3);
const D = new tf.Variable(0.4);
const optimizer = new tf.keras.optimizers.Nadam({ learningRate: 0.1 });

const samples = [sample(0)];
const peak = { wasmMemoryBytes: 0, numTensors: 0, numBytes: 0, rss: 0 };
const t0 = performance.now();
for (let i = 1; i <= STEPS; i++) {
  const tape = new tf.GradientTape();
  const sqerr = tape.record(() => {
    const y1 = A.add(B).sub(9);
    const y2 = C.sub(D).sub(1);
    const y3 = A.add(C).sub(8);
    const y4 = B.sub(D).sub(2);
    return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
  });
  const [gradA, gradB, gradC, gradD] = tape.gradient(sqerr, [A, B, C, D]);
  optimizer.applyGradients([[gradA, A], [gradB, B], [gradC, C], [gradD, D]]);
  if (i % SAMPLE_EVERY === 0) {
    const s = sample(i, { ms: performance.now() - t0 });
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], s[k]);
    samples.push(s);
  }
}
const ms = performance.now() - t0;
const [a, b, c, d] = [A, B, C, D].map((v) => v.item());
report({
  steps: STEPS,
  ms,
  usPerStep: (ms * 1000) / STEPS,
  samples,
  peak,
  solution: [a, b, c, d],
  residuals: [a + b - 9, c - d - 1, a + c - 8, b - d - 2],
});
