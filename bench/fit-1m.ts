// One large fit: the damped sine y = a·exp(−b·t)·sin(c·t + d) + noise on 1,000,000 points
// (t evenly spaced on [0, 10]; a, b, c, d = 2.5, 0.3, 3, 0.5; Gaussian noise of standard deviation
// 0.1, seeded), started from p0 = [2, 0.2, 2.9, 0.3], fitted side by side on this machine by
// gradtape's tf.optimize.curveFit and scipy's curve_fit (method 'lm', MINPACK; bench/fit_1m_scipy.py,
// a Python child reading the same t and y from temporary binary files).
//
//   npx tsx bench/fit-1m.ts [--rounds=N]      (npm run bench:fit1m; N timed rounds, default 3)
//
// Two parts:
//   1. To convergence, defaults: gradtape curveFit with no options (exact Jacobian by forward-mode
//      automatic differentiation, tolerances 1e-15) beside scipy curve_fit 'lm' with its default
//      finite-difference Jacobian (lmdif) and with the exact Jacobian written by hand (lmder).
//   2. A fixed amount of work: K = 5 steps with all tolerances 0, gradtape by maxIterations: 5,
//      scipy by leastsq's maxfev (lmder: K + 1 residual evaluations; lmdif: K + 1 + 4K calls).
// Each reports the total time (median over rounds), the iterations (gradtape: accepted steps;
// scipy: Jacobian evaluations, which is one per MINPACK outer iteration), the model evaluations
// (gradtape's count; scipy's nfev, which for finite differences includes their calls),
// time per iteration and per evaluation, and the median duration of one iteration measured inside
// the fit (between accepted steps for gradtape, via onIteration; between Jacobian evaluations for
// scipy), which leaves out the start and the end (gradtape's covariance and result arrays).
// Rounds alternate the order (A B C, then C B A) so load changes hit all alike; gradtape is timed in Node (performance.now), scipy in Python
// (time.perf_counter); CPU time (process.cpuUsage, time.process_time) beside it, which a busy
// machine does not inflate. Ratios are per round (gradtape / scipy in the same round), then the median.
// Prints the tables and writes them to bench/FIT-1M-RESULTS.md (not with --gradtape-only). Not part of `npm test`. Takes about 1-2 minutes.
//
// Profile: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/fit-1m.ts --rounds=1 --gradtape-only`
// (then summarise the .cpuprofile, e.g. with bench/profile.ts's summarizeProfile).

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from 'gradtape';
import { fmt, median, normals, now } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const GRADTAPE_ONLY = process.argv.includes('--gradtape-only');
const K = 5;
const benchStart = now();
const loadAtStart = loadavg();
const out: string[] = [];
/** Prints a line and keeps it for the results file. */
const say = (line: string) => { console.log(line); out.push(line); };

const M = 1_000_000;
const TRUE = [2.5, 0.3, 3, 0.5];
const P0 = [2, 0.2, 2.9, 0.3];
const t = Float64Array.from({ length: M }, (_, i) => (10 * i) / (M - 1));
const noise = normals(M, 2024);
const y = Float64Array.from(t, (ti, i) => TRUE[0]! * Math.exp(-TRUE[1]! * ti) * Math.sin(TRUE[2]! * ti + TRUE[3]!) + 0.1 * noise[i]!);

const dampedSine = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
  a.mul(tf.exp(b.mul(x).neg())).mul(tf.sin(c.mul(x).add(d)));

interface Run {
  ms: number;
  /** Process CPU time (user + system) during the fit. */
  cpuMs: number;
  params: number[];
  /** gradtape: accepted steps; scipy: Jacobian evaluations (MINPACK outer iterations). */
  iterations: number;
  /** Model evaluations: gradtape's count (trial steps included; each accepted one, and the first,
   * also computes the Jacobian by forward-mode AD); scipy: MINPACK's nfev (lmdif: every model
   * call, the 4 finite-difference calls per Jacobian included; lmder: residual evaluations). */
  evaluations: number;
  /** ms of each iteration after the first: between accepted steps (gradtape's onIteration), or
   * between successive Jacobian evaluations (scipy). */
  stepMs: number[];
  detail: string;
}

function gradtapeFit(fixed: boolean): Run {
  // onIteration marks each accepted step: the phases are the start (argument checks, the first
  // evaluation with its Jacobian), the steps, and the end (covariance and the result arrays).
  const marks: number[] = [];
  const onIteration = () => { marks.push(now()); };
  const c0 = process.cpuUsage();
  const t0 = now();
  const r = tf.optimize.curveFit(dampedSine, t, y, P0, fixed ? { maxIterations: K, ftol: 0, xtol: 0, gtol: 0, onIteration } : { onIteration });
  const t1 = now();
  const cpu = process.cpuUsage(c0);
  const steps = marks.map((m, i) => m - (i === 0 ? t0 : marks[i - 1]!));
  return {
    ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, params: r.params, iterations: r.iterations, evaluations: r.evaluations, stepMs: steps.slice(1),
    detail: `iterations ${r.iterations}, evaluations ${r.evaluations} (with the Jacobian: the first and each accepted step), status ${r.status}; ` +
      `ms from the call to each accepted step (the first includes the start): ${steps.map((v) => fmt(v)).join(', ')}; after the last step (covariance, result arrays): ${fmt(t1 - marks[marks.length - 1]!)}`,
  };
}

// ---- scipy -------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'gradtape-fit1m-'));
const tFile = join(dir, 't.f64'), yFile = join(dir, 'y.f64');
writeFileSync(tFile, new Uint8Array(t.buffer));
writeFileSync(yFile, new Uint8Array(y.buffer));
const python = GRADTAPE_ONLY ? null : spawn('python3', [join(HERE, 'fit_1m_scipy.py'), tFile, yFile], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = python && createInterface({ input: python.stdout! })[Symbol.asyncIterator]();
async function readLine(): Promise<Record<string, unknown>> {
  const next = await lines!.next();
  if (next.done) throw new Error('bench/fit_1m_scipy.py exited');
  return JSON.parse(next.value) as Record<string, unknown>;
}
const scipyMeta = python ? await readLine() : {};
rmSync(dir, { recursive: true, force: true }); // Python has read the files

async function scipyFit(kase: string): Promise<Run> {
  python!.stdin!.write(`${JSON.stringify({ case: kase, p0: P0, k: K })}\n`);
  const r = await readLine();
  return {
    ms: r.ms as number, cpuMs: r.cpu_ms as number, params: r.params as number[],
    iterations: r.iterations as number, evaluations: r.nfev as number, stepMs: r.step_ms as number[],
    detail: `nfev ${r.nfev}, njev ${r.njev ?? '–'} (MINPACK's counts); counted in Python: ${r.jacobians} Jacobians and ${r.residual_calls} residual calls (leastsq's shape check included), ier ${r.ier}`,
  };
}

// ---- the runs ----------------------------------------------------------------------------------------

interface Impl { label: string; run: () => Run | Promise<Run> }
const parts: { title: string; impls: Impl[] }[] = [
  {
    title: 'To convergence, default options',
    impls: [
      { label: 'gradtape curveFit (defaults: exact Jacobian by AD, tolerances 1e-15)', run: () => gradtapeFit(false) },
      ...(GRADTAPE_ONLY ? [] : [
        { label: "scipy curve_fit 'lm' (defaults: finite differences, lmdif)", run: () => scipyFit('fd') },
        { label: "scipy curve_fit 'lm', exact Jacobian by hand (lmder)", run: () => scipyFit('jac') },
      ]),
    ],
  },
  {
    title: `Fixed work: ${K} steps, tolerances 0`,
    impls: [
      { label: `gradtape curveFit, maxIterations ${K}`, run: () => gradtapeFit(true) },
      ...(GRADTAPE_ONLY ? [] : [
        { label: `scipy leastsq, exact Jacobian (lmder), maxfev ${K + 1}`, run: () => scipyFit('fixed-jac') },
        { label: `scipy leastsq, finite differences (lmdif), maxfev ${K + 1 + 4 * K}`, run: () => scipyFit('fixed-fd') },
      ]),
    ],
  },
];

say(`Damped sine, ${M.toLocaleString('en')} points, 4 parameters; ${ROUNDS} timed rounds after a warm-up` +
  (python ? `; Python ${scipyMeta.python}, NumPy ${scipyMeta.numpy}, SciPy ${scipyMeta.scipy}` : ''));
for (const part of parts) {
  const first: Run[] = [];
  for (const impl of part.impls) first.push(await impl.run()); // warm-up; its counts and parameters are reported
  const times: number[][] = part.impls.map(() => []);
  const cpuTimes: number[][] = part.impls.map(() => []);
  const stepTimes: number[][] = first.map((r) => [...r.stepMs]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = part.impls.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const r = await part.impls[i]!.run();
      times[i]!.push(r.ms);
      cpuTimes[i]!.push(r.cpuMs);
      stepTimes[i]!.push(...r.stepMs);
    }
  }
  say(`\n## ${part.title}\n`);
  say('| implementation | total ms (median) | CPU ms (median) | iterations | evaluations | total ms / iterations | total ms / evaluations | ms per iteration, steps 2.. (median) | gradtape / this, total, per round (median) |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  part.impls.forEach((impl, i) => {
    const ms = median(times[i]!);
    const r = first[i]!;
    const ratio = i === 0 ? '–' : `${fmt(median(times[0]!.map((g, k) => g / times[i]![k]!)))}×`;
    const step = stepTimes[i]!.length ? median(stepTimes[i]!) : undefined;
    say(`| ${impl.label} | ${fmt(ms)} | ${fmt(median(cpuTimes[i]!))} | ${r.iterations} | ${r.evaluations} | ${fmt(ms / r.iterations)} | ${fmt(ms / r.evaluations)} | ${fmt(step)} | ${ratio} |`);
  });
  say('');
  part.impls.forEach((impl, i) => {
    const r = first[i]!;
    say(`- ${impl.label} (warm-up run): params ${r.params.map((p) => p.toPrecision(8)).join(', ')}; ${r.detail}`);
  });
}
python?.stdin!.end();

if (!GRADTAPE_ONLY) {
  let commit = 'unknown';
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dirname(HERE) }).toString().trim(); } catch { /* not a checkout */ }
  const md = `# One 1,000,000-point fit: gradtape beside scipy

Produced by \`npm run bench:fit1m\` (\`npx tsx bench/fit-1m.ts --rounds=${ROUNDS}\`) on ${new Date().toISOString()} (gradtape commit ${commit}, dist/ build).
Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}. Load average ${loadAtStart.map((v) => v.toFixed(1)).join('/')} at start,
${loadavg().map((v) => v.toFixed(1)).join('/')} at end (shared machine: wall time above CPU time means the processes waited for a core). Total ${((now() - benchStart) / 1000).toFixed(0)} s.
How it is measured: see the top comment of bench/fit-1m.ts.

${out.join('\n')}
`;
  writeFileSync(join(HERE, 'FIT-1M-RESULTS.md'), md);
  console.log('wrote bench/FIT-1M-RESULTS.md');
}
