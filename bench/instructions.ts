// The small steps' cost in V8's baseline tiers, as a count of machine instructions: a measure that
// repeats exactly from run to run, where this machine's wall-clock time drifts by up to 2x.
//
//   npx tsx bench/instructions.ts      (npm run bench:instructions; needs valgrind; about 10 minutes)
//
// A fresh Node process runs gradtape in V8's interpreter and baseline compiler (Sparkplug) and its
// wasm in the baseline compiler (Liftoff) for its first tens of thousands of small steps, until V8
// has optimized the code they run (bench/fresh-process.ts, bench/warmup-curve.ts): issue 7's
// "first 1,000 steps" are spent there. Each case runs in a child under valgrind's callgrind with
// `--no-opt --liftoff-only` (the baseline tiers only) and `--predictable` (no concurrent or
// time-driven V8 work, so the count repeats to the instruction), once for N1 steps and once for
// N2; the difference over N2 - N1 is the count of one step, start-up and first calls cancelled
// out. One trial per child: fresh variables and optimizer, and (compiled) one tf.function traced
// on its first call and replayed after. Writes bench/INSTRUCTIONS-RESULTS.md. Not part of `npm test`.

import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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

/** In a child: `steps` steps of one trial of `name`. */
function child(name: SmallStep, steps: number): void {
  const prepared = SMALL_STEPS[name]();
  const trial = prepared.trial();
  trial.run(steps);
  trial.done?.();
  prepared.release?.();
}

/** Instructions callgrind counts in a child (this file bundled to `script`, gradtape imported
 * from the build) that runs `steps` steps of `name`. */
function instructions(script: string, name: SmallStep, steps: number): number {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...V8_FLAGS, script, `--case=${name}`, `--steps=${steps}`];
  const out = spawnSync('valgrind', args, { encoding: 'utf8' });
  const collected = /Collected : (\d+)/.exec(out.stderr);
  if (out.status !== 0 || collected === null) throw new Error(`valgrind ${name} ${steps}: exit ${out.status}\n${out.stderr.slice(-2000)}`);
  return Number(collected[1]);
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
  const rows: string[] = [];
  for (const name of Object.keys(SMALL_STEPS) as SmallStep[]) {
    const [n1, n2] = WINDOWS[name];
    process.stdout.write(`${name} … `);
    const perStep = (instructions(script, name, n2) - instructions(script, name, n1)) / (n2 - n1);
    rows.push(`| ${name} | ${n1.toLocaleString('en')} → ${n2.toLocaleString('en')} | ${Math.round(perStep).toLocaleString('en')} |`);
    console.log(Math.round(perStep));
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
  ].join('\n');
  writeFileSync(join(HERE, 'INSTRUCTIONS-RESULTS.md'), text);
  console.log('Wrote bench/INSTRUCTIONS-RESULTS.md');
}
