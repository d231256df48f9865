// Interleaved A/B timing of two builds of gradtape on loops over large tensors, each run in a Node
// process that ran nothing before, so what a loop costs while wasm memory still grows is counted
// (a memory-manager change shows there: fresh pages cost about 12 µs per 4 KB on first touch here).
//
//   node bench/ab-large.mjs <A/dist/index.mjs> <B/dist/index.mjs> [rounds] [case ...]
//
// Cases: matmul (300 512³ products, results dropped), infer (300 steps of relu(x·w).sum() on
// [4096, 256], read), mlp (150 eager MLP 784-256-10 steps, batch 256), ls (150 eager
// least-squares steps, 1,000,000 × 8). One thread. Rounds alternate which build runs first.
// Prints per case the medians of ms per iteration, B/A per round, and each build's RSS and wasm
// memory at the end of its last run.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CASES = {
  matmul: (tf) => {
    const a = tf.random.normal([512, 512], { seed: 1 }), b = tf.random.normal([512, 512], { seed: 2 });
    return [300, () => a.matmul(b)];
  },
  infer: (tf) => {
    const x = tf.random.normal([4096, 256], { seed: 1 }), w = tf.random.normal([256, 256], { seed: 2 });
    return [300, () => tf.nn.relu(x.matmul(w)).sum().dataSync()];
  },
  mlp: (tf) => {
    const x = tf.random.normal([256, 784], { seed: 1 });
    const labels = tf.oneHot(tf.range(0, 256, 1, 'int32').mod(10), 10);
    const vars = [tf.random.normal([784, 256], { seed: 2 }).mul(0.05), tf.zeros([256]), tf.random.normal([256, 10], { seed: 3 }).mul(0.09), tf.zeros([10])].map((t) => new tf.Variable(t));
    const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    return [150, () => {
      const [w1, b1, w2, b2] = vars;
      const tape = new tf.GradientTape();
      const logits = () => tf.nn.relu(x.matmul(w1).add(b1)).matmul(w2).add(b2);
      const loss = tape.record(() => tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits: logits() })));
      const grads = tape.gradient(loss, vars);
      optimizer.applyGradients(vars.map((v, i) => [grads[i], v]));
    }];
  },
  ls: (tf) => {
    const X = tf.random.normal([1_000_000, 8], { seed: 1 }), y = tf.random.normal([1_000_000, 1], { seed: 2 });
    const w = new tf.Variable(tf.zeros([8, 1]));
    const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    return [150, () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(X.matmul(w).sub(y))));
      optimizer.applyGradients([[tape.gradient(loss, w), w]]);
    }];
  },
};

const median = (v) => {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--child') {
  const [dist, name] = rest;
  const tf = await import(pathToFileURL(resolve(dist)).href);
  tf.setNumThreads(1);
  const [n, once] = CASES[name](tf);
  once();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  const ms = (performance.now() - t0) / n;
  console.log(JSON.stringify({ ms, rssMiB: process.memoryUsage().rss / 2 ** 20, wasmMiB: tf.memory().wasmMemoryBytes / 2 ** 20 }));
} else {
  const [A, B] = [mode, rest[0]];
  if (!A || !B) throw new Error('usage: node bench/ab-large.mjs <A/dist/index.mjs> <B/dist/index.mjs> [rounds] [case ...]');
  const rounds = Number(rest[1] ?? 5);
  const names = rest.length > 2 ? rest.slice(2) : Object.keys(CASES);
  const run = (dist, name) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dist, name], { encoding: 'utf8' }));
  for (const name of names) {
    const a = [], b = [], ratios = [];
    let lastA, lastB;
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) [lastA, lastB] = [run(A, name), run(B, name)];
      else [lastB, lastA] = [run(B, name), run(A, name)];
      a.push(lastA.ms);
      b.push(lastB.ms);
      ratios.push(lastB.ms / lastA.ms);
    }
    console.log(
      `${name}: A ${median(a).toFixed(2)} ms, B ${median(b).toFixed(2)} ms per iteration; B/A median ${median(ratios).toFixed(3)} ` +
        `[${ratios.map((x) => x.toFixed(2)).join(' ')}]; RSS A ${lastA.rssMiB.toFixed(0)} B ${lastB.rssMiB.toFixed(0)} MiB; ` +
        `wasm A ${lastA.wasmMiB.toFixed(0)} B ${lastB.wasmMiB.toFixed(0)} MiB`,
    );
  }
}
