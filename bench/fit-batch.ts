// A batch of small fits: B = 10,000 decays a·exp(−t/τ) + c, each on its own 32 points (the pixels
// of examples/13-batch-of-fits.ts: lifetimes 0.5-3.5, amplitudes 50-100, noise 2% of the
// amplitude, seeded), all from p0 = [50, 1, 0], side by side on this machine:
//   - gradtape curveFit on the whole batch in one call (the fits in lockstep, one model call per round);
//   - gradtape curveFit one fit at a time, on the first 1,000 rows (per-fit time reported);
//   - scipy curve_fit 'lm' in a Python loop over the rows, with its default finite-difference
//     Jacobian (lmdif) and with the exact Jacobian written by hand (lmder) (bench/fit_batch_scipy.py,
//     a Python child reading the same t and y from temporary binary files).
//
//   npx tsx bench/fit-batch.ts [--rounds=N] [--batch=B]     (npm run bench:batch; N default 3)
//
// Rounds alternate the order (A B C D, then D C B A); the ratios are per round, then the median.
// Time per fit is the total over the fits of a run; CPU time (process.cpuUsage, time.process_time)
// beside wall time. The parameters are compared with scipy's exact-Jacobian fits (largest relative
// difference of τ). Writes bench/FIT-BATCH-RESULTS.md. Not part of `npm test`; about 1-2 minutes.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from 'gradtape';
import { fmt, median, now } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROUNDS = arg('rounds', 3);
const B = arg('batch', 10_000);
const SINGLE = Math.min(B, 1000);
const M = 32;
const P0 = [50, 1, 0];
const benchStart = now();
const loadAtStart = loadavg();
const out: string[] = [];
const say = (line: string) => { console.log(line); out.push(line); };

// The data of examples/13-batch-of-fits.ts (same LCG and Box-Muller).
let seed = 2024;
const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const t = Float64Array.from({ length: M }, (_, i) => (10 * i) / (M - 1));
const rows: Float64Array[] = [];
for (let p = 0; p < B; p++) {
  const amplitude = 50 + 50 * uniform(), tau = 0.5 + (3 * p) / B, background = 5 * uniform();
  rows.push(Float64Array.from(t, (ti) => amplitude * Math.exp(-ti / tau) + background + 0.02 * amplitude * gaussian()));
}
const decay = (x: tf.Tensor, a: tf.Tensor, tau: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(x.neg().div(tau))).add(c);

interface Run { ms: number; cpuMs: number; fits: number; params: number[][]; converged: number }

function gradtape(batched: boolean): Run {
  const c0 = process.cpuUsage();
  const t0 = now();
  const results = batched
    ? tf.optimize.curveFit(decay, t, rows, P0)
    : rows.slice(0, SINGLE).map((y) => tf.optimize.curveFit(decay, t, y, P0));
  const ms = now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, fits: results.length, params: results.map((r) => r.params), converged: results.filter((r) => r.converged).length };
}

const dir = mkdtempSync(join(tmpdir(), 'gradtape-fitbatch-'));
const all = new Float64Array(B * M);
rows.forEach((r, b) => all.set(r, b * M));
writeFileSync(join(dir, 't.f64'), new Uint8Array(t.buffer));
writeFileSync(join(dir, 'y.f64'), new Uint8Array(all.buffer));
const python = spawn('python3', [join(HERE, 'fit_batch_scipy.py'), join(dir, 't.f64'), join(dir, 'y.f64'), String(B)], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: python.stdout! })[Symbol.asyncIterator]();
async function readLine(): Promise<Record<string, unknown>> {
  const next = await lines.next();
  if (next.done) throw new Error('bench/fit_batch_scipy.py exited');
  return JSON.parse(next.value) as Record<string, unknown>;
}
const meta = await readLine();
rmSync(dir, { recursive: true, force: true });
async function scipy(kase: 'fd' | 'jac'): Promise<Run> {
  python.stdin!.write(`${JSON.stringify({ case: kase, count: B, p0: P0 })}\n`);
  const r = await readLine();
  return { ms: r.ms as number, cpuMs: r.cpu_ms as number, fits: B, params: r.params as number[][], converged: r.converged as number };
}

const impls: { label: string; run: () => Run | Promise<Run> }[] = [
  { label: `gradtape curveFit, the ${B.toLocaleString('en')} rows as one batch`, run: () => gradtape(true) },
  { label: `gradtape curveFit, one call per row (first ${SINGLE.toLocaleString('en')} rows)`, run: () => gradtape(false) },
  { label: "scipy curve_fit 'lm' per row, defaults (finite differences, lmdif)", run: () => scipy('fd') },
  { label: "scipy curve_fit 'lm' per row, exact Jacobian by hand (lmder)", run: () => scipy('jac') },
];

say(`${B.toLocaleString('en')} fits of a·exp(−t/τ) + c, ${M} points each, p0 = [${P0.join(', ')}]; ${ROUNDS} timed rounds after a warm-up; Python ${meta.python}, NumPy ${meta.numpy}, SciPy ${meta.scipy}`);
const first: Run[] = [];
for (const impl of impls) first.push(await impl.run());
const perFit: number[][] = impls.map(() => []);
const cpuPerFit: number[][] = impls.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  const order = impls.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) {
    const r = await impls[i]!.run();
    perFit[i]!.push(r.ms / r.fits);
    cpuPerFit[i]!.push(r.cpuMs / r.fits);
  }
}
say('');
say('| implementation | fits | converged | ms per fit (median) | CPU ms per fit (median) | fits per second | batched gradtape / this, per round (median) |');
say('|---|---:|---:|---:|---:|---:|---:|');
impls.forEach((impl, i) => {
  const ms = median(perFit[i]!);
  const ratio = i === 0 ? '–' : `${fmt(median(perFit[0]!.map((g, k) => g / perFit[i]![k]!)))}×`;
  say(`| ${impl.label} | ${first[i]!.fits} | ${first[i]!.converged} | ${fmt(ms)} | ${fmt(median(cpuPerFit[i]!))} | ${Math.round(1000 / ms).toLocaleString('en')} | ${ratio} |`);
});
// Agreement with scipy's exact-Jacobian fits.
const reference = first[3]!.params;
let worst = 0;
first[0]!.params.forEach((p, b) => { if (Number.isFinite(reference[b]![1]!)) worst = Math.max(worst, Math.abs(p[1]! - reference[b]![1]!) / Math.abs(reference[b]![1]!)); });
say('');
say(`Per round, ms per fit: ${impls.map((impl, i) => `${impl.label.split(',')[0]} ${i}: ${perFit[i]!.map((v) => fmt(v)).join(' / ')}`).join('; ')}.`);
say(`Largest relative difference of τ between the batched gradtape fits and scipy's exact-Jacobian fits: ${worst.toExponential(2)}.`);
python.stdin!.end();

let commit = 'unknown';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dirname(HERE) }).toString().trim(); } catch { /* not a checkout */ }
writeFileSync(join(HERE, 'FIT-BATCH-RESULTS.md'), `# A batch of ${B.toLocaleString('en')} small fits: gradtape beside scipy

Produced by \`npm run bench:batch\` (\`npx tsx bench/fit-batch.ts --rounds=${ROUNDS} --batch=${B}\`) on ${new Date().toISOString()} (gradtape commit ${commit}, dist/ build).
Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}. Load average ${loadAtStart.map((v) => v.toFixed(1)).join('/')} at start,
${loadavg().map((v) => v.toFixed(1)).join('/')} at end. Total ${((now() - benchStart) / 1000).toFixed(0)} s.
How it is measured: see the top comment of bench/fit-batch.ts.

${out.join('\n')}
`);
console.log('wrote bench/FIT-BATCH-RESULTS.md');
