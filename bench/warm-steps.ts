// The small steps' first 1,000 steps in a process where V8 has already optimized gradtape's code,
// run in a child process of index.ts (`tsx bench/warm-steps.ts [warm-up seconds]`).
//
// index.ts times each case's first runs in a fresh process, as issue 7 counts them: there V8 runs
// gradtape's JavaScript in its interpreter and baseline tier, and its wasm in the baseline tier
// (Liftoff), until each function has run enough to be optimized, about 10,000 to 20,000 steps.
// This measures what those runs cost once V8 is past that: each run still starts with fresh
// variables, a fresh optimizer and, compiled, a fresh tf.function (its trace is in the run).
// Prints one line `RESULT {json}`: per case, the median µs/step over the runs and each run's value.

import { type Prepared, SMALL_STEPS, timeRun } from './cases';

const warmupSeconds = Number(process.argv[2] ?? 4);
const RUNS = 15;
const STEPS = 1000;

const cases: Record<string, () => Prepared> = SMALL_STEPS;
const run = (prepared: Prepared): number => timeRun(prepared, STEPS);

const prepared = Object.fromEntries(Object.entries(cases).map(([name, make]) => [name, make()]));
// Warm-up: every case in turn until the time is up (they share the engine's code).
const until = performance.now() + warmupSeconds * 1000;
let warmupRuns = 0;
while (performance.now() < until) {
  for (const p of Object.values(prepared)) run(p);
  warmupRuns++;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const perRun: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let r = 0; r < RUNS; r++) {
  for (const [name, p] of Object.entries(prepared)) perRun[name]!.push(run(p));
}
const result = Object.fromEntries(Object.entries(perRun).map(([name, runs]) => [name, { median: median(runs), runs }]));
for (const p of Object.values(prepared)) p.release?.();
console.log(`RESULT ${JSON.stringify({ warmupSeconds, warmupRounds: warmupRuns, steps: STEPS, cases: result })}`);
