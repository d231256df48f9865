// Requirement (b): a loop whose gradients are large. A two-layer MLP with 262,144 float32
// parameters (W1 [512,256] + W2 [256,512]), so each step's gradients are 1 MiB, trained with
// Adam for 4,000 steps (the test's count): a NEW GradientTape every step, NO dispose, NO tidy, NO gc(), NO yielding.
import * as tf from 'gradtape';
import { report, sample } from './common.mjs';

const STEPS = Number(process.argv[2] ?? 4_000);
const SAMPLE_EVERY = 50;

tf.random.setSeed(11);
const x = tf.random.normal([32, 512]);
const target = tf.random.normal([32, 512]);
const W1 = new tf.Variable(tf.random.normal([512, 256], { stddev: 0.04 }), { name: 'W1' });
const W2 = new tf.Variable(tf.random.normal([256, 512], { stddev: 0.06 }), { name: 'W2' });
const optimizer = new tf.keras.optimizers.Adam({ learningRate: 1e-3 });
const gradBytes = (W1.size + W2.size) * 4;

const samples = [sample(0)];
const losses = [];
const t0 = performance.now();
for (let i = 1; i <= STEPS; i++) {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const h = tf.abs(tf.matmul(x, W1)); // |x W1| as the nonlinearity
    const y = tf.matmul(h, W2);
    return tf.reduceMean(tf.square(tf.sub(y, target)));
  });
  const [g1, g2] = tape.gradient(loss, [W1, W2]);
  optimizer.applyGradients([[g1, W1], [g2, W2]]);
  if (i === 1 || i === STEPS) losses.push(loss.item());
  if (i % SAMPLE_EVERY === 0) samples.push({ ...sample(i), ms: performance.now() - t0 });
}
const ms = performance.now() - t0;
report({ steps: STEPS, gradBytes, ms, msPerStep: ms / STEPS, samples, losses });
