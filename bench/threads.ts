// Worker threads (protocol item 15): the kernels that split their work, on one thread and on
// every core, in two Node processes on the same build (`tf.setNumThreads(1)` in one, the default,
// the machine's cores, in the other).
//
//   npx tsx bench/threads.ts [--rounds=N]      (npm run bench:threads; N default 5)
//
// Each round runs both processes, in alternating order. A process times each workload (median of
// 9 runs after a warm-up). The table gives the medians over rounds and the median of the
// per-round ratios (one thread's time over the threaded time: above 1 is faster with threads).
// Writes bench/THREADS-RESULTS.md. Not part of `npm test`; about five minutes.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternatingRounds, fmt, median } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
const DIST = join(HERE, '..', 'dist', 'index.mjs');

/** Workloads: name, unit, and the child's code that sets up and returns one run (a function). */
const WORKLOADS: { name: string; unit: string; amount: string; setup: string }[] = [
  {
    name: 'matmul 512×512 @ 512×512, float32',
    unit: 'GFLOP/s',
    amount: '2 * 512 ** 3 / 1e9',
    setup: `const a = tf.random.uniform([512, 512], { seed: 1 }), b = tf.random.uniform([512, 512], { seed: 2 });
      return () => tf.tidy(() => { tf.matmul(a, b); });`,
  },
  {
    name: 'matmul 512×512 @ 512×512, float64',
    unit: 'GFLOP/s',
    amount: '2 * 512 ** 3 / 1e9',
    setup: `const a = tf.random.uniform([512, 512], { dtype: 'float64', seed: 1 }), b = tf.random.uniform([512, 512], { dtype: 'float64', seed: 2 });
      return () => tf.tidy(() => { tf.matmul(a, b); });`,
  },
  {
    name: 'matmul 256×256 @ 256×256, float32',
    unit: 'GFLOP/s',
    amount: '2 * 256 ** 3 / 1e9',
    setup: `const a = tf.random.uniform([256, 256], { seed: 1 }), b = tf.random.uniform([256, 256], { seed: 2 });
      return () => tf.tidy(() => { tf.matmul(a, b); });`,
  },
  {
    name: 'MLP 784-256-10 step, batch 256, Adam, tf.function',
    unit: 'steps/s',
    amount: '1',
    setup: `const x = tf.random.uniform([256, 784], { seed: 3 }), y = tf.oneHot(tf.constant(Array.from({ length: 256 }, (_, i) => i % 10), 'int32'), 10);
      const w1 = new tf.Variable(tf.random.normal([784, 256], { stddev: 0.05, seed: 4 })), b1 = new tf.Variable(tf.zeros([256]));
      const w2 = new tf.Variable(tf.random.normal([256, 10], { stddev: 0.05, seed: 5 })), b2 = new tf.Variable(tf.zeros([10]));
      const opt = new tf.keras.optimizers.Adam({ learningRate: 1e-3 });
      const step = tf.function(() => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.keras.losses.categoricalCrossentropy(y, tf.matmul(tf.relu(tf.matmul(x, w1).add(b1)), w2).add(b2), true).mean());
        opt.applyGradients(tape.gradient(loss, [w1, b1, w2, b2]).map((g, i) => [g, [w1, b1, w2, b2][i]]));
      });
      return step;`,
  },
  {
    name: 'least squares 1,000,000×8 SGD step, float32, tf.function',
    unit: 'steps/s',
    amount: '1',
    setup: `const x = tf.random.uniform([1e6, 8], { seed: 6 }), y = tf.random.uniform([1e6, 1], { seed: 7 });
      const w = new tf.Variable(tf.zeros([8, 1]));
      const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
      const step = tf.function(() => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(x, w).sub(y))));
        opt.applyGradients([[tape.gradient(loss, w), w]]);
      });
      return step;`,
  },
  {
    name: 'add, 10M float32',
    unit: 'GB/s',
    amount: '3 * 4 * 1e7 / 1e9',
    setup: `const a = tf.random.uniform([1e7], { seed: 1 }), b = tf.random.uniform([1e7], { seed: 2 });
      return () => tf.tidy(() => { a.add(b); });`,
  },
  {
    name: 'exp, 10M float32',
    unit: 'GB/s',
    amount: '2 * 4 * 1e7 / 1e9',
    setup: `const a = tf.random.uniform([1e7], { seed: 1 });
      return () => tf.tidy(() => { tf.exp(a); });`,
  },
  {
    name: 'sum of 10M float32',
    unit: 'GB/s',
    amount: '4 * 1e7 / 1e9',
    setup: `const a = tf.random.uniform([1e7], { seed: 1 });
      return () => tf.tidy(() => { tf.reduceSum(a); });`,
  },
  {
    name: 'column sums of X, 1,000,000×8 float32',
    unit: 'GB/s',
    amount: '4 * 8e6 / 1e9',
    setup: `const x = tf.random.uniform([1e6, 8], { seed: 1 });
      return () => tf.tidy(() => { tf.reduceSum(x, 0); });`,
  },
  {
    name: 'X @ w, X 1,000,000×8 float32',
    unit: 'GB/s',
    amount: '4 * 8e6 / 1e9',
    setup: `const x = tf.random.uniform([1e6, 8], { seed: 1 }), w = tf.random.uniform([8, 1], { seed: 2 });
      return () => tf.tidy(() => { tf.matmul(x, w); });`,
  },
  {
    name: 'max of 10M float32',
    unit: 'GB/s',
    amount: '4 * 1e7 / 1e9',
    setup: `const a = tf.random.uniform([1e7], { seed: 1 });
      return () => tf.tidy(() => { tf.reduceMax(a); });`,
  },
  {
    name: 'argmax of 10M float32',
    unit: 'GB/s',
    amount: '4 * 1e7 / 1e9',
    setup: `const a = tf.random.uniform([1e7], { seed: 1 });
      return () => tf.tidy(() => { tf.argMax(a); });`,
  },
  {
    name: 'softmax of [1000, 1000] float32 rows',
    unit: 'GB/s',
    amount: '2 * 4 * 1e6 / 1e9',
    setup: `const x = tf.random.normal([1000, 1000], { seed: 1 });
      return () => tf.tidy(() => { tf.nn.softmax(x); });`,
  },
  {
    name: 'softmax of [1000, 1000] float32 over the outer axis',
    unit: 'GB/s',
    amount: '2 * 4 * 1e6 / 1e9',
    setup: `const x = tf.random.normal([1000, 1000], { seed: 1 });
      return () => tf.tidy(() => { tf.nn.softmax(x, 0); });`,
  },
  {
    name: 'cumsum of [1000, 1000] float32 over the outer axis',
    unit: 'GB/s',
    amount: '2 * 4 * 1e6 / 1e9',
    setup: `const x = tf.random.normal([1000, 1000], { seed: 1 });
      return () => tf.tidy(() => { tf.cumsum(x, 0); });`,
  },
  {
    name: 'argmax of [1000, 1000] float32 over the outer axis',
    unit: 'GB/s',
    amount: '4 * 1e6 / 1e9',
    setup: `const x = tf.random.normal([1000, 1000], { seed: 1 });
      return () => tf.tidy(() => { tf.argMax(x, 0); });`,
  },
  {
    name: 'curveFit, a batch of 10,000 decays of 32 points (bench/fit-batch.ts data), float64',
    unit: 'fits/s',
    amount: '10000',
    setup: `let seed = 2024;
      const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const t = Float64Array.from({ length: 32 }, (_, i) => (10 * i) / 31);
      const rows = Array.from({ length: 10000 }, (_, p) => {
        const amplitude = 50 + 50 * uniform(), tau = 0.5 + (3 * p) / 10000, background = 5 * uniform();
        return Float64Array.from(t, (ti) => amplitude * Math.exp(-ti / tau) + background + 0.02 * amplitude * gaussian());
      });
      const decay = (x, a, tau, c) => a.mul(tf.exp(x.neg().div(tau))).add(c);
      return () => tf.optimize.curveFit(decay, t, rows, [50, 1, 0]);`,
  },
  {
    name: 'Adam update of a 1,000,000-element float32 variable',
    unit: 'GB/s',
    amount: '7 * 4 * 1e6 / 1e9',
    setup: `const v = new tf.Variable(tf.random.normal([1e6], { seed: 1 })), g = tf.random.normal([1e6], { seed: 2 });
      const opt = new tf.keras.optimizers.Adam({ learningRate: 1e-3 });
      return () => opt.applyGradients([[g, v]]);`,
  },
];

const CHILD = `
const tf = await import(${JSON.stringify(DIST)});
const threads = Number(process.argv.at(-1));
tf.setNumThreads(threads);
const out = { threads: tf.backendInfo().threads, rates: [] };
${WORKLOADS.map(
  (w) => `out.rates.push(await (async () => {
  const run = (() => { ${w.setup} })();
  // Warm-up: a second of runs. Workers start with the first large kernel, and V8 compiles their
  // code anew (first baseline, optimised after some 100 ms of work), so they reach full speed later
  // than the main thread.
  for (const start = performance.now(); performance.now() - start < 1000; ) {
    run();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const times = [];
  for (let r = 0; r < 9; r++) {
    const t = performance.now();
    run();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((x, y) => x - y);
  return (${w.amount}) / times[4];
})());`,
).join('\n')}
console.log(JSON.stringify(out));
`;
type Reading = { threads: number; rates: number[] };
const measure = (threads: number): Reading =>
  JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, String(threads)], { encoding: 'utf8' })) as Reading;

const cores = Math.min(8, availableParallelism());
const load0 = loadavg();
const t0 = Date.now();
const [one, many] = alternatingRounds(
  ROUNDS,
  () => measure(1),
  () => measure(cores),
  (r, a, b) => console.log(`round ${r + 1}: ${WORKLOADS.map((w, i) => `${w.name}: ${fmt(b.rates[i]! / a.rates[i]!)}×`).join('; ')}`),
);
if (one.some((x) => x.threads !== 1) || many.some((x) => x.threads !== cores)) {
  throw new Error('the processes did not run the thread counts they were meant to (see tf.backendInfo())');
}
const rows = WORKLOADS.map((w, i) => {
  const a = median(one.map((x) => x.rates[i]!)), b = median(many.map((x) => x.rates[i]!));
  const ratios = many.map((x, r) => x.rates[i]! / one[r]!.rates[i]!);
  return `| ${w.name} | ${w.unit} | ${fmt(a)} | ${fmt(b)} | ${fmt(median(ratios))}× | ${ratios.map((x) => fmt(x)).join(', ')} |`;
});
const load1 = loadavg();
const md = `# Worker threads: one thread against ${cores}

Produced by \`npm run bench:threads\` (\`npx tsx bench/threads.ts --rounds=${ROUNDS}\`) on ${new Date().toISOString()}.
Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}. Load average ${load0.map((x) => x.toFixed(1)).join('/')} at start, ${load1.map((x) => x.toFixed(1)).join('/')} at end. Total ${((Date.now() - t0) / 1000).toFixed(0)} s.

Each round runs a process with \`tf.setNumThreads(1)\` and one with ${cores} threads (the default here), in alternating
order; a process reports each workload's rate over the median of 9 runs. Columns: the medians over ${ROUNDS} rounds, the
median of the per-round ratios (threaded rate over one thread's), and those ratios round by round.

| workload | unit | 1 thread | ${cores} threads | ratio | per round |
|---|---|---:|---:|---:|---|
${rows.join('\n')}
`;
writeFileSync(join(HERE, 'THREADS-RESULTS.md'), md);
console.log(md);
