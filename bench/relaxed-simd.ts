// The matrix product with and without the relaxed-SIMD kernels (fused multiply-adds, protocol
// item 14), in two Node processes on the same build: one started with
// --experimental-wasm-relaxed-simd (Node 20 has relaxed SIMD behind that flag; Node 22+ and
// Chromium 114+ have it on), one without, which runs the simd128 kernels.
//
//   npx tsx bench/relaxed-simd.ts [--rounds=N]      (npm run bench:fma; N default 5)
//
// Each round runs both processes, in alternating order; a process times 512×512 @ 512×512 in
// float32 and float64 (median of 9 runs of 10 products after a warm-up) and reports GFLOP/s. The
// table gives the medians over rounds and the median of the per-round ratios. Writes
// bench/FMA-RESULTS.md. Not part of `npm test`; about half a minute.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternatingRounds, fmt, median } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
const DIST = join(HERE, '..', 'dist', 'index.mjs');
const N = 512;

const CHILD = `
const tf = await import(${JSON.stringify(DIST)});
tf.setNumThreads(1); // the micro-kernels themselves, not the worker threads (bench/threads.ts)
const out = { simd: tf.backendInfo().simd };
for (const dtype of ['float32', 'float64']) {
  const a = tf.random.uniform([${N}, ${N}], { dtype, seed: 1 }), b = tf.random.uniform([${N}, ${N}], { dtype, seed: 2 });
  for (let i = 0; i < 5; i++) tf.tidy(() => { tf.matmul(a, b); });
  const times = [];
  for (let r = 0; r < 9; r++) {
    const t = performance.now();
    for (let i = 0; i < 10; i++) tf.tidy(() => { tf.matmul(a, b); });
    times.push((performance.now() - t) / 10);
  }
  times.sort((x, y) => x - y);
  out[dtype] = (2 * ${N} ** 3) / (times[4] * 1e6);
}
console.log(JSON.stringify(out));
`;
type Reading = { simd: string; float32: number; float64: number };
const measure = (flags: string[]): Reading =>
  JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', CHILD], { encoding: 'utf8' })) as Reading;

const load0 = loadavg();
const t0 = Date.now();
const [fused, plain] = alternatingRounds(
  ROUNDS,
  () => measure(['--experimental-wasm-relaxed-simd']),
  () => measure([]),
  (r, f, p) => console.log(`round ${r + 1}: relaxed-simd ${fmt(f.float32)} / ${fmt(p.float32)} GFLOP/s (float32)`),
);
if (fused.some((f) => f.simd !== 'relaxed-simd') || plain.some((p) => p.simd !== 'simd128')) {
  throw new Error('the processes did not run the kernels they were meant to (see tf.backendInfo())');
}
const rows = (['float32', 'float64'] as const).map((dtype) => {
  const f = median(fused.map((x) => x[dtype])), p = median(plain.map((x) => x[dtype]));
  const ratio = median(fused.map((x, i) => x[dtype] / plain[i]![dtype]));
  return `| ${dtype} | ${fmt(p)} | ${fmt(f)} | ${fmt(ratio)}× |`;
});
const load1 = loadavg();
const md = `# Matrix product with relaxed-SIMD fused multiply-adds

Produced by \`npm run bench:fma\` (\`npx tsx bench/relaxed-simd.ts --rounds=${ROUNDS}\`) on ${new Date().toISOString()}.
Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}. Load average ${load0.map((x) => x.toFixed(1)).join('/')} at start, ${load1.map((x) => x.toFixed(1)).join('/')} at end. Total ${((Date.now() - t0) / 1000).toFixed(0)} s.

${N}×${N} @ ${N}×${N}, GFLOP/s (2·n³ over the median time of a product). "simd128": a process without relaxed SIMD
(Node 20's default); "relaxed-simd": the same build in a process started with --experimental-wasm-relaxed-simd, where
the packed product's micro-tiles come from the relaxed-SIMD module (\`tf.backendInfo().simd\` says which ran). Ratio:
the median over ${ROUNDS} rounds of relaxed-simd over simd128 in the same round.

| dtype | simd128 | relaxed-simd | ratio |
|---|---:|---:|---:|
${rows.join('\n')}
`;
writeFileSync(join(HERE, 'FMA-RESULTS.md'), md);
console.log(md);
