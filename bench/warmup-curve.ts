// The small steps run after run in one Node process: after how many runs of 1,000 steps each
// meets issue 7's per-step target, once V8 has compiled gradtape's code.
//
//   npx tsx bench/warmup-curve.ts [--runs=N]      (npm run bench:warmup; N default 600)
//
// Each case runs alone in a child process that ran nothing before: N runs of 1,000 steps, each on
// fresh variables, a fresh optimizer and (compiled) a fresh tf.function whose trace is in its run,
// as bench/index.ts times them. The table gives the median µs/step of groups of runs: run 1 (V8
// still interprets and compiles), runs 2-10, 11-30, 31-100, and the later ones. bench/index.ts
// measures runs among the peers' in one process, bench/warm-steps.ts the four cases interleaved
// after a warm-up, and bench/fresh-process.ts the first 12 runs block by block; this shows where
// the curve settles. Writes bench/WARMUP-RESULTS.md. Not part of `npm test`; about a minute.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMALL_STEPS, type SmallStep, timeRun } from './cases';
import { fmt, median, option } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const STEPS = 1000;
/** Issue 7's targets, µs/step. */
const TARGET: Record<SmallStep, number> = { 'regression compiled': 1, 'puzzle compiled': 1, 'regression eager': 5, 'puzzle eager': 5 };
/** Groups of runs, 1-based and inclusive. */
const GROUPS: [number, number][] = [
  [1, 1],
  [2, 10],
  [11, 30],
  [31, 100],
  [101, Infinity],
];

/** In a child: each run's µs/step, printed as `RESULT [..]`. */
function child(name: SmallStep, runs: number): void {
  const prepared = SMALL_STEPS[name]();
  const perRun: number[] = [];
  for (let r = 0; r < runs; r++) perRun.push(timeRun(prepared, STEPS));
  prepared.release?.();
  console.log(`RESULT ${JSON.stringify(perRun)}`);
}

const runs = Number(option('runs') ?? 600);
const only = option('case');
if (only !== undefined) {
  child(only as SmallStep, runs);
} else {
  const load = loadavg();
  const rows: string[] = [];
  for (const name of Object.keys(SMALL_STEPS) as SmallStep[]) {
    process.stdout.write(`${name} … `);
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'warmup-curve.ts'), `--case=${name}`, `--runs=${runs}`], { encoding: 'utf8' });
    const perRun = JSON.parse(out.split('\n').find((l) => l.startsWith('RESULT '))!.slice(7)) as number[];
    const cells = GROUPS.filter(([from]) => from <= perRun.length).map(([from, to]) => fmt(median(perRun.slice(from - 1, Math.min(to, perRun.length)))));
    const firstMet = perRun.findIndex((_, i) => i >= 9 && median(perRun.slice(i - 9, i + 1)) <= TARGET[name]);
    rows.push(`| ${name} | ${cells.join(' | ')} | ≤ ${TARGET[name]} | ${firstMet < 0 ? 'never' : `run ${firstMet + 1}`} |`);
    console.log(cells.join(' '));
  }
  const header = GROUPS.filter(([from]) => from <= runs).map(([from, to]) => (from === to ? `run ${from}` : `runs ${from}-${Math.min(to, runs)}`));
  const text = [
    '# The small steps run after run in one process',
    '',
    `Produced by \`npm run bench:warmup\` on ${new Date().toISOString()} (${cpus().length} cores: ${cpus()[0]?.model ?? '?'}, Node ${process.version}); load average ${load.map((v) => v.toFixed(1)).join('/')} at start.`,
    '',
    `Each case alone in a fresh Node process, ${runs} runs of ${STEPS} steps, each on fresh variables, a fresh optimizer and (compiled) a fresh \`tf.function\` whose trace is in its run. Cells: the median µs/step of the runs in each group. "Within target from": the first run at which the median of the last 10 runs is within issue 7's target.`,
    '',
    `| case | ${header.join(' | ')} | target (µs/step) | within target from |`,
    `|---|${header.map(() => '---:').join('|')}|---|---|`,
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(HERE, 'WARMUP-RESULTS.md'), text);
  console.log('Wrote bench/WARMUP-RESULTS.md');
}
