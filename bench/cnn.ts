// A small convolutional network's training step beside TensorFlow.js: 32 images of 28×28×1, two
// 3×3 'SAME' convolutions (16 and 32 filters) each with ReLU and a 2×2 max pool, a dense layer to
// 10 logits, softmax cross entropy, the gradient of all three weights and one Adam step.
//
//   npx tsx bench/cnn.ts [--rounds=N]      (npm run bench:cnn; N default 6)
//
// gradtape runs the step as written (a new tape each step, no tidy), inside tf.tidy, and compiled
// with tf.function (traced in the untimed first step of the first round); TF.js runs
// tf.tidy(() => optimizer.minimize(...)) on its `cpu` backend (its `wasm` backend has no
// Conv2DBackpropFilter kernel: the step throws there, which this script checks and reports).
// Rounds interleave the implementations (A B C A B C ...), each timing 5 steps after one untimed
// step; the table gives medians over rounds and the per-round ratios. Writes bench/CNN-RESULTS.md.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tfjs from '@tensorflow/tfjs';
import * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import * as gt from 'gradtape';
import { fmt, median, now } from './util';

gt.setNumThreads(1);
tfjsWasm.setThreadsCount(1);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 6);
const B = 32;
const pixels = Float32Array.from({ length: B * 28 * 28 }, (_, i) => Math.sin(i * 0.37));
const classes = Int32Array.from({ length: B }, (_, i) => i % 10);

function gradtapeStep(mode: 'plain' | 'tidy' | 'compiled'): () => void {
  const x = gt.reshape(gt.constant(pixels), [B, 28, 28, 1]);
  const y = gt.constant(classes);
  const w1 = new gt.Variable(gt.random.normal([3, 3, 1, 16], { stddev: 0.3, seed: 1 }));
  const w2 = new gt.Variable(gt.random.normal([3, 3, 16, 32], { stddev: 0.1, seed: 2 }));
  const w3 = new gt.Variable(gt.random.normal([7 * 7 * 32, 10], { stddev: 0.05, seed: 3 }));
  const optimizer = new gt.keras.optimizers.Adam({ learningRate: 0.001 });
  const step = () => {
    const tape = new gt.GradientTape();
    const loss = tape.record(() => {
      const h1 = gt.nn.maxPool2d(gt.nn.relu(gt.nn.conv2d(x, w1, 1, 'SAME')), 2, 2, 'VALID');
      const h2 = gt.nn.maxPool2d(gt.nn.relu(gt.nn.conv2d(h1, w2, 1, 'SAME')), 2, 2, 'VALID');
      const logits = gt.matmul(gt.reshape(h2, [B, -1]), w3);
      return gt.reduceMean(gt.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits }));
    });
    const [g1, g2, g3] = tape.gradient(loss, [w1, w2, w3]);
    optimizer.applyGradients([[g1, w1], [g2, w2], [g3, w3]]);
  };
  if (mode === 'compiled') {
    const compiled = gt.function(step);
    return () => compiled();
  }
  return mode === 'tidy' ? () => gt.tidy(step) : step;
}

function tfjsStep(): () => void {
  const tf = tfjs;
  const x = tf.tensor4d(pixels, [B, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(classes, 'int32'), 10);
  const w1 = tf.variable(tf.randomNormal<tfjs.Rank.R4>([3, 3, 1, 16], 0, 0.3, 'float32', 1));
  const w2 = tf.variable(tf.randomNormal<tfjs.Rank.R4>([3, 3, 16, 32], 0, 0.1, 'float32', 2));
  const w3 = tf.variable(tf.randomNormal([7 * 7 * 32, 10], 0, 0.05, 'float32', 3));
  const optimizer = tf.train.adam(0.001);
  return () =>
    tf.tidy(() => {
      optimizer.minimize(() => {
        const h1 = tf.maxPool(tf.relu(tf.conv2d(x, w1, 1, 'same')), 2, 2, 'valid');
        const h2 = tf.maxPool(tf.relu(tf.conv2d(h1, w2, 1, 'same')), 2, 2, 'valid');
        return tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.reshape(h2, [B, -1]), w3));
      }, false, [w1, w2, w3]);
    });
}

// TF.js's wasm backend: does the step run at all?
await tfjs.setBackend('wasm');
await tfjs.ready();
let wasmOutcome: string;
try {
  tfjsStep()();
  wasmOutcome = 'runs (not timed)';
} catch (e) {
  wasmOutcome = `throws: ${(e as Error).message}`;
}
await tfjs.setBackend('cpu');
tfjs.enableProdMode();

const impls: Record<string, () => void> = {
  gradtape: gradtapeStep('plain'),
  'gradtape in tf.tidy': gradtapeStep('tidy'),
  'gradtape tf.function': gradtapeStep('compiled'),
  'tfjs cpu': tfjsStep(),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
const start = now();
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, step] of Object.entries(impls)) {
    step();
    const t0 = now();
    for (let i = 0; i < 5; i++) step();
    times[name]!.push((now() - t0) / 5);
  }
}
const ratios = times['tfjs cpu']!.map((t, i) => t / times.gradtape![i]!);
const lines = [
  '# A small CNN training step: gradtape beside TensorFlow.js',
  '',
  `Produced by \`npm run bench:cnn\` on ${new Date().toISOString()}; ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ` +
    `load average ${loadavg().map((v) => v.toFixed(1)).join('/')}; ${ROUNDS} interleaved rounds of 5 steps, ${((now() - start) / 1000).toFixed(0)} s.`,
  '',
  'The step: 32 images 28×28×1, conv 3×3×16 SAME, ReLU, max pool 2×2, conv 3×3×32 SAME, ReLU, max pool 2×2, dense 1568→10, softmax cross entropy, gradients of the three weights, one Adam step; float32, one thread.',
  '',
  '| implementation | ms/step (median) | rounds |',
  '|---|---:|---|',
  ...Object.entries(times).map(([name, ts]) => `| ${name} | ${fmt(median(ts))} | ${ts.map((t) => fmt(t)).join(', ')} |`),
  `| tfjs wasm | – | ${wasmOutcome} |`,
  '',
  `TF.js cpu over gradtape (plain loop), per round: ${ratios.map((v) => v.toFixed(0) + '×').join(', ')}; median ${median(ratios).toFixed(0)}×.`,
  '',
];
writeFileSync(join(HERE, 'CNN-RESULTS.md'), lines.join('\n'));
console.log(lines.join('\n'));
