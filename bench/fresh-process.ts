// The small steps in a Node process that has run nothing before, block by block: where issue 7's
// "first 1,000 steps" go, and how much of it is V8's baseline wasm tier (Liftoff).
//
//   npx tsx bench/fresh-process.ts [--rounds=N]      (npm run bench:fresh; N default 3)
//
// Each child process imports gradtape and runs one case as bench/index.ts does: BLOCKS runs of
// 1,000 steps, each on fresh variables, a fresh optimizer and (compiled) a fresh tf.function whose
// trace is in its run. It reports each run's µs/step. Two configurations run side by side, round
// by round in alternating order: Node as users run it, and Node with `--no-liftoff`, which
// compiles every wasm function with the optimizing compiler (TurboFan) before it first runs
// (a V8 flag for measurement, not something a library can set). The difference between the two
// is what the baseline tier costs while V8 has not yet tiered gradtape's wasm up; what remains
// above the warmed figure is JavaScript's interpreter and baseline tiers, and the trace.
// Writes bench/FRESH-RESULTS.md. Not part of `npm test`; about a minute.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternatingRounds, fmt, median } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const BLOCKS = 12;
const STEPS = 1000;
const CASES = ['regression eager', 'puzzle eager', 'regression compiled', 'puzzle compiled'] as const;
type CaseName = (typeof CASES)[number];

async function child(name: CaseName): Promise<void> {
  const { gtPuzzle, gtRegression } = await import('./cases');
  const [workload, mode] = name.split(' ') as ['regression' | 'puzzle', 'eager' | 'compiled'];
  const prepared = workload === 'regression' ? gtRegression('float32', mode) : gtPuzzle(mode);
  const perBlock: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const trial = prepared.trial();
    const t0 = performance.now();
    trial.run(STEPS);
    perBlock.push(((performance.now() - t0) * 1000) / STEPS);
    trial.done?.();
  }
  console.log(`RESULT ${JSON.stringify(perBlock)}`);
}

const childCase = process.argv.find((a) => a.startsWith('--child='))?.slice(8) as CaseName | undefined;
if (childCase) {
  await child(childCase);
} else {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 3);
  const run = (name: CaseName, flags: string[]): number[] => {
    const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', join(HERE, 'fresh-process.ts'), `--child=${name}`], {
      cwd: join(HERE, '..'),
      encoding: 'utf8',
    });
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`fresh-process child '${name}' printed no result:\n${out}`);
    return JSON.parse(line.slice(7)) as number[];
  };
  const loadAtStart = loadavg();
  const started = performance.now();
  const rows: string[] = [];
  for (const name of CASES) {
    const [plain, noLiftoff] = alternatingRounds(rounds, () => run(name, []), () => run(name, ['--no-liftoff']), (r, a, b) => {
      console.log(`${name} round ${r}: default ${a.map((x) => fmt(x)).join(' ')} | --no-liftoff ${b.map((x) => fmt(x)).join(' ')}`);
    });
    const byBlock = (runs: number[][]) => Array.from({ length: BLOCKS }, (_, b) => median(runs.map((r) => r[b]!)));
    const [p, n] = [byBlock(plain), byBlock(noLiftoff)];
    rows.push(`| ${name} | default | ${p.map((x) => fmt(x)).join(' | ')} |`);
    rows.push(`| ${name} | --no-liftoff | ${n.map((x) => fmt(x)).join(' | ')} |`);
  }
  const seconds = (performance.now() - started) / 1000;
  const md = [
    '# The small steps in a fresh process, block by block',
    '',
    `Produced by \`npm run bench:fresh\` on ${new Date().toISOString()} (${cpus().length} cores: ${cpus()[0]?.model ?? '?'}, Node ${process.version}); ` +
      `load average ${loadAtStart.map((v) => v.toFixed(1)).join('/')} at start, ${seconds.toFixed(0)} s in all.`,
    '',
    `Each row: one case in ${rounds} Node processes that ran nothing before, per configuration, alternating; each cell is the median over`,
    `those processes of one run's µs/step (run k = steps ${STEPS}·(k-1)+1 to ${STEPS}·k, on fresh variables and optimizer; compiled: a fresh`,
    'tf.function, whose trace is in the run). `--no-liftoff` makes V8 compile all wasm with its optimizing tier before it runs:',
    'the gap between the rows is the cost of the baseline tier (Liftoff) before V8 tiers gradtape\'s wasm up; the first run also holds',
    'the module\'s compilation (about 0.2 s with --no-liftoff). bench/RESULTS.md gives the same cases in a process warmed for 4 s.',
    '',
    `| case | node | ${Array.from({ length: BLOCKS }, (_, b) => `run ${b + 1}`).join(' | ')} |`,
    `|---|---|${'---:|'.repeat(BLOCKS)}`,
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(HERE, 'FRESH-RESULTS.md'), md);
  console.log(md);
}
