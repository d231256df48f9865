// The small steps' cost in V8's baseline tiers, as a count of machine instructions: a measure that
// repeats exactly from run to run, where this machine's wall-clock time drifts by up to 2x.
//
//   npx tsx bench/instructions.ts [--warmup-only]   (npm run bench:instructions; needs valgrind; about 15 minutes)
//
// A fresh Node process runs gradtape in V8's interpreter and baseline compiler (Sparkplug) and its
// wasm in the baseline compiler (Liftoff) for its first tens of thousands of small steps, until V8
// has optimized the code they run (bench/fresh-process.ts, bench/warmup-curve.ts): issue 7's
// "first 1,000 steps" are spent there. Each case runs in a child under valgrind's callgrind with
// `--no-opt --liftoff-only` (the baseline tiers only) and `--predictable` (no concurrent or
// time-driven V8 work, so the count repeats to the instruction), once for N1 steps and once for
// N2; the difference over N2 - N1 is the count of one step, start-up and first calls cancelled
// out. One trial per child: fresh variables and optimizer, and (compiled) one tf.function traced
// on its first call and replayed after.
//
// A second table counts a fresh process's first WARMUP steps with all of V8's tiers, under
// `--predictable` alone: V8 then compiles on the main thread, so the count holds the optimizing
// compiles (JavaScript's and wasm's, given apart) that run on other threads otherwise, where on
// two cores they take time from the steps. That count is not exact: children started at the same
// time agree to 0.01%, but from one run of this tool to the next the eager steps' counts moved by
// up to 5% and the compiled steps' by up to 60% (whether V8 optimizes a function once or twice).
// Writes bench/INSTRUCTIONS-RESULTS.md. Not part of `npm test`.

import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { SMALL_STEPS, type SmallStep } from './cases';
import { option } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Steps of the two children of each case: a compiled step is about a tenth of an eager one. */
const WINDOWS: Record<SmallStep, [number, number]> = {
  'regression compiled': [12_000, 42_000],
  'puzzle compiled': [12_000, 42_000],
  'regression eager': [4_000, 14_000],
  'puzzle eager': [4_000, 14_000],
};
const V8_FLAGS = ['--no-opt', '--liftoff-only', '--predictable'];
/** Steps of the warm-up table (all tiers, `--predictable`). */
const WARMUP = 5000;
/** What the warm-up table gives apart: the optimizing compiles, by their entry points in V8. */
const COMPILES = { wasm: 'ExecuteTurbofanWasmCompilation', js: 'Runtime_CompileOptimized' } as const;

/** In a child: `steps` steps of one trial of `name`. */
function child(name: SmallStep, steps: number): void {
  const prepared = SMALL_STEPS[name]();
  const trial = prepared.trial();
  trial.run(steps);
  trial.done?.();
  prepared.release?.();
}

/** Instructions callgrind counts in a child (this file bundled to `script`, gradtape imported
 * from the build) that runs `steps` steps of `name` under Node's `v8Flags`; the profile goes to
 * `profile`. */
function instructions(script: string, name: SmallStep, steps: number, v8Flags = V8_FLAGS, profile = '/dev/null'): number {
  const args = ['--tool=callgrind', `--callgrind-out-file=${profile}`, process.execPath, ...v8Flags, script, `--case=${name}`, `--steps=${steps}`];
  const out = spawnSync('valgrind', args, { encoding: 'utf8' });
  const collected = /Collected : (\d+)/.exec(out.stderr);
  if (out.status !== 0 || collected === null) throw new Error(`valgrind ${name} ${steps}: exit ${out.status}\n${out.stderr.slice(-2000)}`);
  return Number(collected[1]);
}

/** `instructions` with all tiers (`--predictable`): the total, and the inclusive counts of the
 * optimizing compiles (from the callgrind profile). */
function warmupInstructions(script: string, name: SmallStep, steps: number): { total: number; wasm: number; js: number } {
  const file = join(tmpdir(), `gradtape-callgrind-${process.pid}.out`);
  const total = instructions(script, name, steps, ['--predictable'], file);
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  rmSync(file, { force: true });
  const inclusive = (entry: string): number => {
    const line = annotated.split('\n').find((l) => l.includes(`::${entry}(`));
    return line ? Number(line.trim().split(/\s+/)[0]!.replace(/,/g, '')) : 0;
  };
  return { total, wasm: inclusive(COMPILES.wasm), js: inclusive(COMPILES.js) };
}

const only = option('case');
if (only !== undefined) {
  child(only as SmallStep, Number(option('steps')));
} else {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  // The children run plain JavaScript (under valgrind, tsx's loader alone took minutes), bundled
  // beside this file so that 'gradtape' resolves to the package's build (.gitignore lists it).
  const script = join(HERE, '.instructions-child.mjs');
  buildSync({ entryPoints: [join(HERE, 'instructions.ts')], outfile: script, bundle: true, format: 'esm', platform: 'node', external: ['gradtape', 'esbuild'], logLevel: 'error' });
  // (--warmup-only: the second table alone, printed, for an A/B of two builds.)
  const warmupOnly = process.argv.includes('--warmup-only');
  const rows: string[] = [];
  for (const name of warmupOnly ? [] : (Object.keys(SMALL_STEPS) as SmallStep[])) {
    const [n1, n2] = WINDOWS[name];
    process.stdout.write(`${name} … `);
    const perStep = (instructions(script, name, n2) - instructions(script, name, n1)) / (n2 - n1);
    rows.push(`| ${name} | ${n1.toLocaleString('en')} → ${n2.toLocaleString('en')} | ${Math.round(perStep).toLocaleString('en')} |`);
    console.log(Math.round(perStep));
  }
  const warmRows: string[] = [];
  const millions = (n: number): string => `${(n / 1e6).toFixed(0)}M`;
  for (const name of Object.keys(SMALL_STEPS) as SmallStep[]) {
    process.stdout.write(`${name}, first ${WARMUP.toLocaleString('en')} steps … `);
    const [start, run] = [warmupInstructions(script, name, 0), warmupInstructions(script, name, WARMUP)];
    const [total, wasm, js] = [run.total - start.total, run.wasm - start.wasm, run.js - start.js];
    warmRows.push(`| ${name} | ${millions(total)} | ${millions(wasm)} (${((100 * wasm) / total).toFixed(0)}%) | ${millions(js)} (${((100 * js) / total).toFixed(0)}%) | ${millions(total - wasm - js)} |`);
    console.log(millions(total));
  }
  if (warmupOnly) {
    console.log(warmRows.join('\n'));
    process.exit(0);
  }
  const text = [
    "# The small steps in V8's baseline tiers, in instructions",
    '',
    `Produced by \`npm run bench:instructions\` on ${new Date().toISOString()} (gradtape commit ${commit}; ${cpus()[0]?.model ?? '?'}, Node ${process.version}).`,
    '',
    `Each case in a child under valgrind's callgrind, Node with \`${V8_FLAGS.join(' ')}\`: the instructions of N2 steps less those of N1 steps, over N2 - N1. The count repeats exactly from run to run (the time of a step does not, on this machine), so it shows changes of a few percent to the code a fresh process runs first.`,
    '',
    '| case | steps (N1 → N2) | instructions per step |',
    '|---|---|---:|',
    ...rows,
    '',
    `## A fresh process's first ${WARMUP.toLocaleString('en')} steps, all tiers`,
    '',
    `Each case in a child under callgrind, Node with \`--predictable\` alone: the instructions of ${WARMUP.toLocaleString('en')} steps less those of none. V8 then runs its optimizing compiles on the main thread (elsewhere they run on other threads, which on two cores take time from the steps), so they are in the count, given apart by their entry points (\`${COMPILES.wasm}\`, \`${COMPILES.js}\`); the rest is the steps themselves, in every tier they ran in, and the baseline compiles. Unlike the first table's, this count moves from one run of the tool to the next: by up to 5% for the eager steps and up to 60% for the compiled ones (whether V8 optimizes a function once or twice), while children started at the same time agree to 0.01%.`,
    '',
    '| case | instructions | wasm optimizing compiles | JavaScript optimizing compiles | the rest |',
    '|---|---:|---:|---:|---:|',
    ...warmRows,
    '',
  ].join('\n');
  writeFileSync(join(HERE, 'INSTRUCTIONS-RESULTS.md'), text);
  console.log('Wrote bench/INSTRUCTIONS-RESULTS.md');
}
