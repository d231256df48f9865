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
// above the warmed figure is JavaScript's interpreter and baseline tiers, and the trace. Each
// default child also reads Linux's per-thread scheduler counters around each run: how long the
// main thread ran and waited for a core while V8's compiler and GC threads ran beside it.
// A third child per case runs with V8's `--trace-wasm-compilation-times`, which prints each wasm
// function V8 compiles with TurboFan as it tiers it up: the table of when (in which run) and at
// what compile cost gradtape's hot functions reach the optimizing tier, named from the module's
// name section. A fourth child per case samples the JavaScript heap (V8's sampling heap profiler,
// counting what minor and major collections freed too): the bytes each of the first runs
// allocates per step. A young generation still growing takes fresh pages, and each first touch of
// a page faults (about 14 µs on this project's machine): a step that allocates 480 bytes paid
// about 2 µs a step for it over its first thousands of steps. Writes bench/FRESH-RESULTS.md. Not
// part of `npm test`; about a minute.

import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector';
import { readdirSync, readFileSync, writeSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demangle } from './profile';
import { alternatingRounds, fmt, median } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const BLOCKS = 12;
const STEPS = 1000;
const CASES = ['regression eager', 'puzzle eager', 'regression compiled', 'puzzle compiled'] as const;
type CaseName = (typeof CASES)[number];

/** Runs sampled for their allocations (the first ones: a fresh process's). */
const ALLOC_BLOCKS = 3;

/** What a child prints on its `RESULT` line: each run's µs/step or, with `allocations`, the JS
 * bytes it allocated per step (ALLOC_BLOCKS runs, each sampled on its own); and per run, where
 * Linux tells (null elsewhere), the main thread's time on a core and waiting for one, and the
 * other threads' time on a core (V8's compiler and GC threads), in µs. */
interface ChildResult {
  perBlock: number[];
  threads: [main: number, waiting: number, others: number][] | null;
}

/** Each thread's time on a core and time waiting for one, in ns, by thread id (Linux's
 * /proc/self/task/<tid>/schedstat), or null where there is no such file. */
function threadTimes(): Map<number, [number, number]> | null {
  try {
    const times = new Map<number, [number, number]>();
    for (const tid of readdirSync('/proc/self/task')) {
      const [onCpu, waiting] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      times.set(Number(tid), [onCpu!, waiting!]);
    }
    return times;
  } catch {
    return null;
  }
}

/** The main thread's time on a core and waiting for one, and the other threads' time on a core,
 * between two `threadTimes` readings, in µs. */
function threadsBetween(before: Map<number, [number, number]>, after: Map<number, [number, number]>): [number, number, number] {
  let others = 0;
  for (const [tid, [onCpu]] of after) if (tid !== process.pid) others += onCpu - (before.get(tid)?.[0] ?? 0);
  const [mainBefore, waitBefore] = before.get(process.pid)!;
  const [mainAfter, waitAfter] = after.get(process.pid)!;
  return [(mainAfter - mainBefore) / 1000, (waitAfter - waitBefore) / 1000, others / 1000];
}

/** The RESULT line of a child's output. */
function resultOf(out: string, name: string): ChildResult {
  // (Matched anywhere: V8's tracing, printed from other threads, may share the line.)
  const m = /RESULT (\{.*\})/.exec(out);
  if (!m) throw new Error(`fresh-process child '${name}' printed no result:\n${out}`);
  return JSON.parse(m[1]!) as ChildResult;
}

/** Prints `RESULT {...}` (a ChildResult). */
async function child(name: CaseName, allocations: boolean): Promise<void> {
  const { SMALL_STEPS } = await import('./cases');
  const prepared = SMALL_STEPS[name]();
  const session = allocations ? new Session() : null;
  session?.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session!.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  const perBlock: number[] = [];
  let threads: ChildResult['threads'] = [];
  for (let b = 0; b < (allocations ? ALLOC_BLOCKS : BLOCKS); b++) {
    const trial = prepared.trial();
    if (allocations) await post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
    const before = threadTimes();
    const t0 = performance.now();
    trial.run(STEPS);
    const us = ((performance.now() - t0) * 1000) / STEPS;
    const after = threadTimes();
    if (before && after && threads) threads.push(threadsBetween(before, after));
    else threads = null;
    if (allocations) {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
      perBlock.push(sampledBytes(profile.head) / STEPS);
    } else {
      perBlock.push(us);
    }
    trial.done?.();
    // Unbuffered, so the tier-up trace V8 prints meanwhile falls between the right runs.
    writeSync(1, `BLOCK ${b}\n`);
  }
  console.log(`RESULT ${JSON.stringify({ perBlock, threads } satisfies ChildResult)}`);
}

/** A node of V8's sampling heap profile. */
interface SampledNode {
  selfSize: number;
  children: SampledNode[];
}
const sampledBytes = (n: SampledNode): number => n.children.reduce((sum, c) => sum + sampledBytes(c), n.selfSize);

/** Function names by index, from the name section of a wasm module. */
function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  let p = 8; // magic and version
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[p++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const text = (n: number) => new TextDecoder().decode(bytes.subarray(p, (p += n)));
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const end = leb() + p;
    if (id === 0 && text(leb()) === 'name') {
      while (p < end) {
        const sub = bytes[p++]!;
        const subEnd = leb() + p;
        if (sub === 1) for (let n = leb(); n > 0; n--) names.set(leb(), text(leb()));
        p = subEnd;
      }
    }
    p = end;
  }
  return names;
}

interface TierUp {
  /** The run (1-based) during which V8 compiled it. */
  run: number;
  index: number;
  ms: number;
  bodyBytes: number;
}

/** The TurboFan compiles of gradtape's module in a child's `--trace-wasm-compilation-times` output. */
function tierUps(out: string): TierUp[] {
  const found: (TierUp & { module: string })[] = [];
  let run = 1;
  for (const line of out.split('\n')) {
    if (line.startsWith('BLOCK ')) run = Number(line.slice(6)) + 2;
    const m = /Compiled function (0x[0-9a-f]+)#(\d+) using TurboFan, took (\d+) ms.*bodysize (\d+)/.exec(line);
    if (m) found.push({ module: m[1]!, index: Number(m[2]), run, ms: Number(m[3]), bodyBytes: Number(m[4]) });
  }
  // gradtape's module is the one with the most functions (Node loads small wasm modules of its own).
  const largest = found.reduce<(typeof found)[number] | undefined>((best, t) => (best === undefined || t.index > best.index ? t : best), undefined);
  return found.filter((t) => t.module === largest?.module);
}

const childCase = process.argv.find((a) => a.startsWith('--child='))?.slice(8) as CaseName | undefined;
if (childCase) {
  await child(childCase, process.argv.includes('--allocations'));
} else {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 3);
  /** Per case, each default-configuration process's thread times per run. */
  const threadRuns = new Map<CaseName, NonNullable<ChildResult['threads']>[]>();
  const run = (name: CaseName, flags: string[]): number[] => {
    const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', join(HERE, 'fresh-process.ts'), `--child=${name}`], {
      cwd: join(HERE, '..'),
      encoding: 'utf8',
    });
    const result = resultOf(out, name);
    if (flags.length === 0 && result.threads) threadRuns.set(name, [...(threadRuns.get(name) ?? []), result.threads]);
    return result.perBlock;
  };
  const loadAtStart = loadavg();
  const started = performance.now();
  const rows: string[] = [];
  const threadRows: string[] = [];
  for (const name of CASES) {
    const [plain, noLiftoff] = alternatingRounds(rounds, () => run(name, []), () => run(name, ['--no-liftoff']), (r, a, b) => {
      console.log(`${name} round ${r}: default ${a.map((x) => fmt(x)).join(' ')} | --no-liftoff ${b.map((x) => fmt(x)).join(' ')}`);
    });
    const byBlock = (runs: number[][]) => Array.from({ length: BLOCKS }, (_, b) => median(runs.map((r) => r[b]!)));
    const [p, n] = [byBlock(plain), byBlock(noLiftoff)];
    rows.push(`| ${name} | default | ${p.map((x) => fmt(x)).join(' | ')} |`);
    rows.push(`| ${name} | --no-liftoff | ${n.map((x) => fmt(x)).join(' | ')} |`);
    // Who had the cores in each run of the default processes (medians over the processes).
    const threads = threadRuns.get(name);
    if (threads && threads.length === plain.length) {
      const perRun = (f: (b: number, r: number) => number) => Array.from({ length: BLOCKS }, (_, b) => median(threads.map((_, r) => f(b, r))));
      const wallUs = (b: number, r: number) => plain[r]![b]! * STEPS;
      const share = perRun((b, r) => (100 * threads[r]![b]![0]) / wallUs(b, r));
      const waiting = perRun((b, r) => threads[r]![b]![1] / 1000);
      const others = perRun((b, r) => threads[r]![b]![2] / 1000);
      threadRows.push(`| ${name} | main thread on a core, % of the run | ${share.map((x) => x.toFixed(0)).join(' | ')} |`);
      threadRows.push(`| ${name} | main thread waiting for a core, ms | ${waiting.map((x) => fmt(x)).join(' | ')} |`);
      threadRows.push(`| ${name} | other threads on a core, ms | ${others.map((x) => fmt(x)).join(' | ')} |`);
    }
  }
  // When V8 tiers gradtape's functions up: one traced child per case.
  const names = wasmFunctionNames(readFileSync(join(HERE, '..', 'ts', 'wasm', 'gradtape.wasm')));
  const tierRows: string[] = [];
  const slowest: string[] = [];
  for (const name of CASES) {
    const out = execFileSync(process.execPath, ['--trace-wasm-compilation-times', '--import', 'tsx', join(HERE, 'fresh-process.ts'), `--child=${name}`], {
      cwd: join(HERE, '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const perBlock = resultOf(out, name).perBlock;
    const ups = tierUps(out);
    const inRun = (r: number) => ups.filter((t) => t.run === r);
    const cells = perBlock.map((us, b) => {
      const u = inRun(b + 1);
      return `${fmt(us)} (${u.length}, ${u.reduce((a, t) => a + t.ms, 0)} ms)`;
    });
    tierRows.push(`| ${name} | ${cells.join(' | ')} | ${ups.length}, ${ups.reduce((a, t) => a + t.ms, 0)} ms |`);
    const heavy = [...ups].sort((a, b) => b.ms - a.ms).slice(0, 6);
    slowest.push(`- ${name}: ${heavy.map((t) => `\`${demangle(names.get(t.index) ?? `#${t.index}`)}\` (run ${t.run}, ${t.ms} ms, ${t.bodyBytes} bytes)`).join('; ')}`);
    console.log(`${name} (traced): ${cells.join(' ')}`);
  }
  // JavaScript allocated per step in the first runs: one sampled child per case.
  const allocRows: string[] = [];
  for (const name of CASES) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'fresh-process.ts'), `--child=${name}`, '--allocations'], {
      cwd: join(HERE, '..'),
      encoding: 'utf8',
    });
    const bytes = resultOf(out, name).perBlock;
    allocRows.push(`| ${name} | ${bytes.map((b) => b.toFixed(0)).join(' | ')} |`);
    console.log(`${name} (bytes/step): ${bytes.map((b) => b.toFixed(0)).join(' ')}`);
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
    '## Who has the cores while the steps run',
    '',
    `The default processes above, run by run, from Linux's per-thread scheduler counters (\`/proc/self/task/*/schedstat\`; medians over`,
    `the ${rounds} processes): how much of the run the main thread, which runs the steps, spent on a core; how long it waited for one;`,
    'and how much core time the process\'s other threads took meanwhile: V8\'s compiler threads (which optimize the JavaScript and',
    'tier gradtape\'s wasm up) and its GC helpers. Where the other threads take more than the second core, the steps wait.',
    'The kernel advances these counters at its scheduler tick and at context switches, so the cells of short runs (a compiled',
    'run takes a few ms) are coarse: 0 means less than a tick.',
    '',
    `| case | | ${Array.from({ length: BLOCKS }, (_, b) => `run ${b + 1}`).join(' | ')} |`,
    `|---|---|${'---:|'.repeat(BLOCKS)}`,
    ...(threadRows.length > 0 ? threadRows : ['| (no per-thread counters on this system) | |' + ' |'.repeat(BLOCKS)]),
    '',
    '## When V8 tiers gradtape\'s wasm up',
    '',
    'One more process per case, with V8\'s `--trace-wasm-compilation-times`: each cell is the run\'s µs/step, then (in brackets) how',
    'many of gradtape\'s wasm functions V8 compiled with TurboFan during that run and the compile time they took, on V8\'s background',
    'threads. V8 tiers a function up once it has run about 1.8 MB of its own bytecode (`--wasm-tiering-budget`), so a function',
    'called once per step waits thousands of steps; on this machine\'s 2 cores the compiles then compete with the steps for CPU.',
    'The last column: all of gradtape\'s TurboFan compiles in the process.',
    '',
    `| case | ${Array.from({ length: BLOCKS }, (_, b) => `run ${b + 1}`).join(' | ')} | in all |`,
    `|---|${'---:|'.repeat(BLOCKS)}---:|`,
    ...tierRows,
    '',
    'The longest compiles per case (function, the run it was compiled in, compile time, size of its wasm body):',
    '',
    ...slowest,
    '',
    '## JavaScript allocated per step',
    '',
    'One more process per case, sampling its JavaScript heap with V8\'s sampling heap profiler (every 64 bytes on average, counting',
    'what minor and major collections freed): the bytes each of the first runs allocated per step, trace included. Until V8',
    'optimizes the code, every fraction a function holds is a fresh heap number, and every closure over a local a context at each',
    'call. While the young generation still grows, its fresh pages fault on first touch (about 14 µs each on this machine), so',
    'these bytes cost time in just the runs issue 7 counts.',
    '',
    `| case | ${Array.from({ length: ALLOC_BLOCKS }, (_, b) => `run ${b + 1}`).join(' | ')} |`,
    `|---|${'---:|'.repeat(ALLOC_BLOCKS)}`,
    ...allocRows,
    '',
  ].join('\n');
  writeFileSync(join(HERE, 'FRESH-RESULTS.md'), md);
  console.log(md);
}
