// Memory bandwidth: gradtape's elementwise ops, reductions and dataSync beside the machine's own
// copy speed, on 10,000,000 float32 (40 MB per array: far past every cache, so each pass streams
// from and to memory).
//
//   npx tsx bench/bandwidth.ts [--rounds=N]      (npm run bench:bandwidth; N default 5)
//
// The reference is a copy between two JavaScript typed arrays (`Float32Array.set`, a memcpy in V8).
// GB/s counts the
// bytes an op must move at least: add and mul read two arrays and write one (120 MB), neg reads one
// and writes one (80 MB), reduceSum reads one (40 MB), dataSync copies one out of wasm (read 40 MB,
// write 40 MB); a JavaScript `slice` of a 40 MB array is what dataSync must do at least, since it
// returns a new array (whose fresh pages, not the copy, take most of the time). Each round times every case once (median of 5 repetitions), in alternating order;
// the table gives the median over rounds and each op's fraction of the wasm copy in the same round
// (its median). Writes bench/BANDWIDTH-RESULTS.md. Not part of `npm test`; about half a minute.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from 'gradtape';
import { fmt, median, now } from './util';

// The copy it is compared with runs on one thread: so do the kernels (see bench/threads.ts).
tf.setNumThreads(1);

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
const N = 10_000_000;
const MB = (4 * N) / 1e6;

const a = tf.random.uniform([N]);
const b = tf.random.uniform([N]);
const hostA = new Float32Array(N);
const hostB = new Float32Array(N);
hostA.set(a.dataSync());
interface Case { name: string; bytes: number; run: () => void }
const cases: Case[] = [
  { name: 'memcpy in JS (Float32Array.set)', bytes: 2 * MB, run: () => hostB.set(hostA) },
  { name: 'add (a + b)', bytes: 3 * MB, run: () => tf.add(a, b).dispose() },
  { name: 'mul (a · b)', bytes: 3 * MB, run: () => tf.mul(a, b).dispose() },
  { name: 'neg (−a)', bytes: 2 * MB, run: () => tf.neg(a).dispose() },
  { name: 'reduceSum (Σ a)', bytes: MB, run: () => tf.reduceSum(a).dispose() },
  { name: 'dataSync (copy out of wasm)', bytes: 2 * MB, run: () => void a.dataSync() },
  // What dataSync must do at least: a new array (fresh pages from the OS), then one copy.
  { name: 'a fresh copy of a JS array (Float32Array.slice)', bytes: 2 * MB, run: () => void hostA.slice() },
];

const loadAtStart = loadavg();
const start = now();
for (const c of cases) for (let i = 0; i < 3; i++) c.run(); // warm-up (and the output pages)
const perRound: number[][] = cases.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? cases.map((_, i) => i) : cases.map((_, i) => cases.length - 1 - i);
  for (const i of order) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = now();
      cases[i]!.run();
      times.push(now() - t0);
    }
    perRound[i]!.push(median(times));
  }
}
const gbps = (bytes: number, ms: number) => bytes / 1000 / (ms / 1000); // MB per ms → GB/s
const reference = perRound[0]!.map((ms) => gbps(cases[0]!.bytes, ms));
const out: string[] = [];
const say = (line: string) => { console.log(line); out.push(line); };
say('# Memory bandwidth: gradtape beside a plain copy');
say('');
say(`Produced by \`npm run bench:bandwidth\` (\`npx tsx bench/bandwidth.ts --rounds=${ROUNDS}\`) on ${new Date().toISOString()}.`);
say(`Machine: ${cpus()[0]?.model.trim() ?? '?'}, ${cpus().length} cores, Node ${process.version}. Load average ${loadAtStart.map((v) => v.toFixed(1)).join('/')} at start (shared machine). Total ${((now() - start) / 1000).toFixed(0)} s.`);
say('');
say(`10,000,000 float32 per array (${MB} MB). GB/s = the bytes the op must move at least, over its median time; "of memcpy" = that over the JavaScript copy's GB/s in the same round (median over ${ROUNDS} rounds).`);
say('');
say('| case | MB moved | ms (median) | GB/s | of memcpy |');
say('|---|---:|---:|---:|---:|');
cases.forEach((c, i) => {
  const ms = median(perRound[i]!);
  const fraction = median(perRound[i]!.map((t, r) => gbps(c.bytes, t) / reference[r]!));
  say(`| ${c.name} | ${c.bytes} | ${fmt(ms)} | ${fmt(gbps(c.bytes, ms))} | ${i === 0 ? '1' : fmt(fraction)} |`);
});
writeFileSync(join(HERE, 'BANDWIDTH-RESULTS.md'), out.join('\n') + '\n');
console.log('wrote bench/BANDWIDTH-RESULTS.md');
