// The NIST StRD nonlinear regression suite (27 problems x 2 starting points = 54 fits, data in
// test/fixtures/nist-strd) fitted side by side on this machine by:
//   - gradtape's tf.optimize.curveFit with its defaults (test/helpers/nist-strd.ts: the models as
//     gradtape functions, Jacobians by automatic differentiation),
//   - ml-levenberg-marquardt (the most used JS Levenberg-Marquardt package) with its defaults, and
//     tuned: maxIterations 1000, errorTolerance 0 (it has no other stopping test), central
//     differences with a step of 1e-6 |p0_j| per parameter (its step is absolute and fixed);
//     models as plain JS in bench/nist-models.ts,
//   - scipy.optimize.curve_fit, method 'lm' (MINPACK) and 'trf', with default tolerances and with
//     ftol = xtol = gtol = 1e-15, its default finite-difference Jacobian; and 'lm' with a Jacobian
//     exact to rounding (complex step), default and 1e-15 tolerances (bench/nist_scipy.py, run as
//     a child process that fits on request).
//
//   npx tsx bench/nist.ts [--rounds=N]      (npm run bench:nist; N timed rounds, default 5)
//
// A fit is "solved" when every certified parameter has a log relative error (LRE, McCullough /
// NIST: -log10(|estimate - certified| / |certified|), capped at 15) of at least 6, i.e. 6 correct
// significant digits; the table also counts >= 4. A fit that throws or returns NaN scores 0.
//
// Timing: for each fit, one warm-up run of every method (whose result gives the accuracy; the
// fits are deterministic), then N rounds in each of which every method fits once, in alternating
// order (A B C ... then ... C B A) so that load changes on a shared machine hit them all alike.
// gradtape is timed here (performance.now around the call), ml-levenberg-marquardt in its own Node
// process (bench/nist-ml.ts, the same clock around its call) and scipy in Python
// (time.perf_counter around curve_fit), so the pipes are never timed and no library's garbage or
// cache traffic lands in another's timings. Per fit: the
// median over rounds; per method: the median over the 54 fits of those medians. Ratios are taken
// round by round (gradtape / scipy in the same round), their median per fit, then the median
// over fits. CPU time (Node's process.cpuUsage, Python's time.process_time) is reported beside wall
// time: on a shared machine it is not inflated by descheduling. Writes bench/NIST-RESULTS.md. Not part of `npm test`: nothing here asserts a time.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NIST_NAMES, fitNist, lre, parseNist, type NistProblem } from '../test/helpers/nist-strd';
import { fmt, median, now } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
const benchStart = now();
const loadAtStart = loadavg();

// ---- the methods ---------------------------------------------------------------------------------

interface Outcome {
  /** Smallest LRE over the certified parameters (0 when the fit threw or gave NaN). */
  lre: number;
  ms: number;
  /** CPU time of the process during the fit (user + system): not inflated when the OS deschedules it. */
  cpuMs: number;
  note?: string;
}

interface Method {
  key: string;
  label: string;
  run: (problem: NistProblem, start: 0 | 1) => Outcome | Promise<Outcome>;
}

const minLre = (params: ArrayLike<number>, problem: NistProblem): number => {
  let least = Infinity;
  for (let j = 0; j < problem.certifiedValues.length; j++) {
    const l = lre(params[j]!, problem.certifiedValues[j]!);
    least = Math.min(least, Number.isFinite(l) ? l : 0); // NaN estimate: no digit right
  }
  return least;
};

const cpuNow = () => process.cpuUsage();
const cpuSince = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

const gradtape: Method = {
  key: 'gradtape',
  label: 'gradtape curveFit (defaults)',
  run(problem, start) {
    const c0 = cpuNow();
    const t0 = now();
    try {
      const r = fitNist(problem, start);
      const ms = now() - t0;
      return { lre: minLre(r.params, problem), ms, cpuMs: cpuSince(c0), note: r.converged ? undefined : r.message };
    } catch (e) {
      return { lre: 0, ms: now() - t0, cpuMs: cpuSince(c0), note: String(e).slice(0, 120) };
    }
  },
};

// ml-levenberg-marquardt: a Node child (bench/nist-ml.ts) answering one fit per request line, so
// that its garbage and caches stay out of the process that times gradtape, as scipy's do.
const mlChild = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'nist-ml.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
const mlLines = createInterface({ input: mlChild.stdout! })[Symbol.asyncIterator]();

function mlMethod(key: string, label: string, variant: 'default' | 'tuned'): Method {
  return {
    key,
    label,
    async run(problem, start) {
      mlChild.stdin!.write(`${JSON.stringify({ name: problem.name, start, variant })}\n`);
      const next = await mlLines.next();
      if (next.done) throw new Error('bench/nist-ml.ts exited');
      const r = JSON.parse(next.value) as { params: number[] | null; ms: number; cpuMs: number; error?: string };
      return { lre: r.params ? minLre(r.params, problem) : 0, ms: r.ms, cpuMs: r.cpuMs, note: r.error };
    },
  };
}

// scipy: a Python child answering one fit per request line.
const python = spawn('python3', [join(HERE, 'nist_scipy.py'), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: python.stdout! })[Symbol.asyncIterator]();
async function readLine(): Promise<Record<string, unknown>> {
  const next = await lines.next();
  if (next.done) throw new Error('bench/nist_scipy.py exited');
  return JSON.parse(next.value) as Record<string, unknown>;
}
const scipyMeta = await readLine();

function scipyMethod(variant: string, label: string): Method {
  return {
    key: `scipy-${variant}`,
    label,
    async run(problem, start) {
      python.stdin!.write(`${JSON.stringify({ name: problem.name, start, variant })}\n`);
      const r = await readLine();
      if (r.fatal) throw new Error(`nist_scipy.py: ${r.fatal}`);
      return { lre: r.lre as number, ms: r.ms as number, cpuMs: r.cpu_ms as number, note: (r.error as string | undefined) ?? undefined };
    },
  };
}

const METHODS: Method[] = [
  gradtape,
  scipyMethod('lm', "scipy curve_fit 'lm' (MINPACK), defaults"),
  scipyMethod('lm-tight', "scipy curve_fit 'lm', ftol=xtol=gtol=1e-15"),
  scipyMethod('trf', "scipy curve_fit 'trf', defaults"),
  scipyMethod('trf-tight', "scipy curve_fit 'trf', ftol=xtol=gtol=1e-15"),
  scipyMethod('lm-exact', "scipy curve_fit 'lm', exact Jacobian (complex step), defaults"),
  scipyMethod('lm-exact-tight', "scipy curve_fit 'lm', exact Jacobian (complex step), 1e-15"),
  mlMethod('ml-default', 'ml-levenberg-marquardt, defaults', 'default'),
  mlMethod('ml-tuned', 'ml-levenberg-marquardt, tuned', 'tuned'),
];

// ---- the runs ------------------------------------------------------------------------------------

interface FitRow {
  key: string;
  outcomes: Record<string, Outcome>;
  times: Record<string, number[]>;
  cpu: Record<string, number[]>;
}
const rows: FitRow[] = [];
process.stdout.write(`NIST StRD: 54 fits x ${METHODS.length} methods, 1 warm-up + ${ROUNDS} timed rounds each\n`);
for (const name of NIST_NAMES) {
  const problem = parseNist(name);
  for (const start of [0, 1] as const) {
    const row: FitRow = { key: `${name}/${start + 1}`, outcomes: {}, times: {}, cpu: {} };
    for (const m of METHODS) row.outcomes[m.key] = await m.run(problem, start);
    for (const m of METHODS) { row.times[m.key] = []; row.cpu[m.key] = []; }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? METHODS : [...METHODS].reverse();
      for (const m of order) {
        const o = await m.run(problem, start);
        row.times[m.key]!.push(o.ms);
        row.cpu[m.key]!.push(o.cpuMs);
      }
    }
    rows.push(row);
    process.stdout.write('.');
  }
}
python.stdin!.end();
mlChild.stdin!.end();
process.stdout.write('\n');

// ---- the summary ---------------------------------------------------------------------------------

const fitMs = (row: FitRow, key: string) => median(row.times[key]!);
/** Median over rounds of a/b within the same round. */
const roundRatio = (row: FitRow, a: string, b: string) => median(row.times[a]!.map((t, i) => t / row.times[b]![i]!));

interface Summary { label: string; solved6: number; solved4: number; medianMs: number; medianCpuMs: number; totalMs: number; ratio?: number }
const summaries: Summary[] = METHODS.map((m) => ({
  label: m.label,
  solved6: rows.filter((r) => r.outcomes[m.key]!.lre >= 6).length,
  solved4: rows.filter((r) => r.outcomes[m.key]!.lre >= 4).length,
  medianMs: median(rows.map((r) => fitMs(r, m.key))),
  medianCpuMs: median(rows.map((r) => median(r.cpu[m.key]!))),
  totalMs: rows.reduce((s, r) => s + fitMs(r, m.key), 0),
  ratio: m.key === 'gradtape' ? undefined : median(rows.map((r) => roundRatio(r, 'gradtape', m.key))),
}));

const header = '| method | solved to 6 digits | to 4 digits | median ms per fit (wall) | median CPU ms per fit | sum of per-fit medians, ms | gradtape time / this (median of per-fit, per-round ratios) |';
const summaryTable = [
  header,
  '|---|---:|---:|---:|---:|---:|---:|',
  ...summaries.map((s) => `| ${s.label} | ${s.solved6}/54 | ${s.solved4}/54 | ${fmt(s.medianMs)} | ${fmt(s.medianCpuMs)} | ${fmt(s.totalMs)} | ${s.ratio === undefined ? '–' : `${fmt(s.ratio)}×`} |`),
].join('\n');
console.log(summaryTable);

const detailHeader = `| fit | ${METHODS.map((m) => `${m.key} LRE | ms`).join(' | ')} |`;
const detailRule = `|---|${METHODS.map(() => '---:|---:').join('|')}|`;
const detail = rows.map((r) => `| ${r.key} | ${METHODS.map((m) => {
  const o = r.outcomes[m.key]!;
  const mark = o.lre >= 6 ? '' : o.lre >= 4 ? ' (4+)' : ' ✗';
  return `${o.lre.toFixed(1)}${mark} | ${fmt(fitMs(r, m.key))}`;
}).join(' | ')} |`);
const notes = rows.flatMap((r) => METHODS.filter((m) => r.outcomes[m.key]!.note).map((m) => `- ${r.key}, ${m.key}: ${r.outcomes[m.key]!.note!.replace(/\s+/g, ' ')}`));

let commit = 'unknown';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(); } catch { /* not a checkout */ }
const mlVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/ml-levenberg-marquardt/package.json'), 'utf8')) as { version: string }).version;
const loadAtEnd = loadavg();
const md = `# NIST StRD nonlinear regression: gradtape beside scipy and ml-levenberg-marquardt

Produced by \`npm run bench:nist\` (\`npx tsx bench/nist.ts --rounds=${ROUNDS}\`) on ${new Date().toISOString()} (gradtape commit ${commit}, dist/ build).
Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; Python ${scipyMeta.python}, NumPy ${scipyMeta.numpy}, SciPy ${scipyMeta.scipy}; ml-levenberg-marquardt ${mlVersion}.
Load average ${loadAtStart.map((v) => v.toFixed(1)).join('/')} at start, ${loadAtEnd.map((v) => v.toFixed(1)).join('/')} at end (shared machine). Total ${((now() - benchStart) / 1000).toFixed(0)} s.

54 fits: 27 problems from both NIST starting points. **Solved** = every certified parameter to at least
6 significant digits: log relative error LRE = −log10(|estimate − certified| / |certified|) ≥ 6
(capped at 15; a fit that throws or returns NaN scores 0). Times: one warm-up run per fit and method,
then ${ROUNDS} rounds in which every method fits once, in alternating order; per fit the median over
rounds, per method the median over the 54 fits. Each library runs in a process of its own: gradtape
in this Node process and ml-levenberg-marquardt in a child one (performance.now around the call), scipy
in a Python child (time.perf_counter around \`curve_fit\` only). CPU time is the
process's (Node: process.cpuUsage, user + system; Python: time.process_time): unlike wall time it is not
inflated when the machine is busy, but it is coarse for sub-millisecond fits. Ratios are
gradtape's time over the peer's in the same round, the median over rounds per fit, then over fits
(>1: gradtape slower).

- gradtape: \`tf.optimize.curveFit(model, x, y, p0)\` with no options (exact Jacobians by automatic
  differentiation, ftol = xtol = gtol = 1e-15).
- scipy: \`curve_fit(f, x, y, p0, method=...)\` with its default finite-difference Jacobian; "tight" passes
  ftol = xtol = gtol = 1e-15. The "exact Jacobian" rows pass \`jac=\` computed by the complex step
  (Im f(x, b + i·h·eⱼ)/h, h = 1e-100: exact to rounding for these analytic models, checked against
  central differences), not hand-written derivatives; it costs n complex model evaluations per
  Jacobian, so their times are an upper bound for hand derivatives. MINPACK's default budget with a
  Jacobian is maxfev = 100·(n+1) (200·(n+1) without), which some fits exhaust (see the notes).
- ml-levenberg-marquardt defaults: 100 iterations, damping 1e-2, forward differences with an absolute step
  of 0.1, errorTolerance 1e-7. Tuned: maxIterations 1000, errorTolerance 0 (its only stopping test is an
  absolute error threshold, so it always runs all 1000 iterations), central differences with a step of
  1e-6·|p0ⱼ| per parameter. (Of the settings tried, 300 iterations solved 40, 1000 and 3000 solved 42;
  a smaller damping with a lower improvement threshold solved 39.)

## Summary

${summaryTable}

## Per fit

LRE = the smallest over the certified parameters; (4+) = at least 4 digits but under 6; ✗ = under 4. ms = median over rounds.

${detailHeader}
${detailRule}
${detail.join('\n')}

## Notes (fits that did not converge or threw)

${notes.length ? notes.join('\n') : 'none'}
`;
writeFileSync(join(HERE, 'NIST-RESULTS.md'), md);
console.log(`wrote bench/NIST-RESULTS.md (${((now() - benchStart) / 1000).toFixed(0)} s)`);
