// Seeded random draws, the work behind Keras' seeded initializers (GlorotUniform draws uniforms,
// GlorotNormal and HeNormal truncated normals): 2048 × 2048 float32 values per draw, read back
// with dataSync, beside TF.js (its cpu and wasm backends; seeded tf.randomUniform,
// tf.randomNormal, tf.truncatedNormal) and jax-js (wasm device; random.uniform and random.normal,
// no truncated normal), all on one thread. gradtape draws TensorFlow's own numbers (Philox and
// TensorFlow's Box–Muller); the peers draw other numbers of the same distributions.
//
//   npx tsx bench/random.ts [--rounds=N]      (npm run bench:random; N default 5)
//
// "gradtape, in JavaScript" is the same draw as gradtape drew it before its Philox kernels moved
// to wasm (the code test/philox-oracle.ts keeps, then an upload): the package built from an
// earlier commit, given with --before=<path of its dist/index.mjs> (left out without it). Each round times every implementation once per case (median of 3 repetitions), in
// alternating order; the table gives the median over rounds and the ratio of each peer's time to
// gradtape's per round (its median; > 1: gradtape faster). Writes bench/RANDOM-RESULTS.md. Not
// part of `npm test`; about a minute.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as gt from 'gradtape';
import { fmt, median, now } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 5);
const BEFORE = process.argv.find((a) => a.startsWith('--before='))?.split('=')[1];
const before = BEFORE === undefined ? undefined : ((await import(BEFORE)) as typeof gt);
const SHAPE = [2048, 2048];

const tfjs = await import('@tensorflow/tfjs');
const tfjsWasm = await import('@tensorflow/tfjs-backend-wasm');
tfjsWasm.setThreadsCount(1);
await tfjs.setBackend('wasm');
await tfjs.ready();
tfjs.enableProdMode();
const jax = await import('@jax-js/jax');
await jax.init('wasm');
gt.setNumThreads(1);
before?.setNumThreads(1);

type Kind = 'uniform' | 'normal' | 'truncated normal';
const KINDS: Kind[] = ['uniform', 'normal', 'truncated normal'];
const IMPLEMENTATIONS = ['gradtape', 'gradtape, in JavaScript', 'TF.js cpu', 'TF.js wasm', 'jax-js'] as const;
type Implementation = (typeof IMPLEMENTATIONS)[number];

const gtDraw: Record<Kind, () => gt.Tensor> = {
  uniform: () => gt.random.statelessUniform(SHAPE, [1, 2]),
  normal: () => gt.random.statelessNormal(SHAPE, [1, 2]),
  'truncated normal': () => gt.random.statelessTruncatedNormal(SHAPE, [1, 2]),
};
const jsDraw: Partial<Record<Kind, () => gt.Tensor>> | undefined = before && {
  uniform: () => before.random.statelessUniform(SHAPE, [1, 2]),
  normal: () => before.random.statelessNormal(SHAPE, [1, 2]),
  'truncated normal': () => before.random.statelessTruncatedNormal(SHAPE, [1, 2]),
};
const tfjsDraw: Record<Kind, () => { dataSync(): unknown; dispose(): void }> = {
  uniform: () => tfjs.randomUniform(SHAPE, 0, 1, 'float32', 42),
  normal: () => tfjs.randomNormal(SHAPE, 0, 1, 'float32', 42),
  'truncated normal': () => tfjs.truncatedNormal(SHAPE, 0, 1, 'float32', 42),
};
const jaxDraw: Partial<Record<Kind, () => { dataSync(): unknown; dispose(): void }>> = {
  uniform: () => jax.random.uniform(jax.random.key(42), SHAPE),
  normal: () => jax.random.normal(jax.random.key(42), SHAPE),
};

/** One draw's milliseconds, its values read back, or undefined where the library has no such draw. */
async function timeOnce(impl: Implementation, kind: Kind): Promise<number | undefined> {
  const make =
    impl === 'gradtape' ? gtDraw[kind]
    : impl === 'gradtape, in JavaScript' ? jsDraw?.[kind]
    : impl === 'jax-js' ? jaxDraw[kind]
    : tfjsDraw[kind];
  if (make === undefined) return undefined;
  if (impl.startsWith('TF.js')) await tfjs.setBackend(impl === 'TF.js cpu' ? 'cpu' : 'wasm');
  const t0 = now();
  const t = make();
  t.dataSync(); // (consumes a jax-js array: its arguments and reads are moves)
  const ms = now() - t0;
  if (impl !== 'jax-js') t.dispose();
  return ms;
}

const loadAtStart = loadavg();
const start = now();
const times = new Map<string, number[]>(); // `${kind}/${impl}` -> per-round medians
for (const kind of KINDS) for (const impl of IMPLEMENTATIONS) await timeOnce(impl, kind); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? IMPLEMENTATIONS : [...IMPLEMENTATIONS].reverse();
  for (const kind of KINDS) {
    for (const impl of order) {
      const reps: number[] = [];
      for (let k = 0; k < 3; k++) {
        const ms = await timeOnce(impl, kind);
        if (ms !== undefined) reps.push(ms);
      }
      if (reps.length > 0) times.set(`${kind}/${impl}`, [...(times.get(`${kind}/${impl}`) ?? []), median(reps)]);
    }
  }
  console.log(`round ${r + 1}/${ROUNDS} done`);
}

const lines = [
  '# Seeded random draws (what seeded Keras initializers cost)',
  '',
  `Produced by \`npm run bench:random\` on ${new Date().toISOString()} (${cpus().length} cores: ${cpus()[0]?.model}, Node ${process.version}); load average ${loadAtStart.map((l) => l.toFixed(1)).join('/')} at start, ${((now() - start) / 1000).toFixed(0)} s in all.`,
  '',
  `One draw of ${SHAPE.join(' × ')} float32 values, read back with dataSync, all on one thread: milliseconds (median over ${ROUNDS} rounds, each the median of 3 draws), and each implementation's time over gradtape's, per round (median; > 1: gradtape faster). gradtape draws TensorFlow's numbers for the seed (\`tf.random.stateless*\`, what Keras' seeded initializers draw); "gradtape, in JavaScript" is the same draw by the package as it was before its Philox kernels moved to wasm (${BEFORE === undefined ? 'not run' : 'built from the commit before, `--before=`'}), computed in JavaScript and uploaded; the peers draw numbers of their own.`,
  '',
  `| draw | ${IMPLEMENTATIONS.join(' | ')} |`,
  `|---|${IMPLEMENTATIONS.map(() => '---:').join('|')}|`,
];
for (const kind of KINDS) {
  const ours = times.get(`${kind}/gradtape`)!;
  const cells = IMPLEMENTATIONS.map((impl) => {
    const t = times.get(`${kind}/${impl}`);
    if (t === undefined) return '–';
    if (impl === 'gradtape') return `${fmt(median(t))} ms`;
    return `${fmt(median(t))} ms (${fmt(median(t.map((x, i) => x / ours[i]!)))}×)`;
  });
  lines.push(`| ${kind} | ${cells.join(' | ')} |`);
}
writeFileSync(join(HERE, 'RANDOM-RESULTS.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
