// ml-levenberg-marquardt's side of bench/nist.ts, in a process of its own (as scipy's is), so that
// its fits (up to a quarter of a second of allocation each, when tuned) neither collect garbage
// nor evict caches in the process that times gradtape. Reads one request per line on stdin,
// {"name", "start", "variant": "default" | "tuned"}, fits, and writes one line: the parameters, the
// wall and CPU milliseconds of the call, and the error's text if it threw.
//
//   node --import tsx bench/nist-ml.ts      (started by bench/nist.ts)

import { createInterface } from 'node:readline';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { parseNist, type NistProblem } from '../test/helpers/nist-strd';
import { PLAIN_MODELS } from './nist-models';
import { now } from './util';

/** Tuned: 1000 iterations, no error threshold (its only stopping test), central differences with
 * a step of 1e-6·|p0ⱼ| per parameter. */
const OPTIONS = {
  default: () => ({}),
  tuned: (p0: number[]) => ({
    maxIterations: 1000,
    errorTolerance: 0,
    gradientDifference: p0.map((v) => Math.abs(v) * 1e-6 || 1e-6),
    centralDifference: true,
  }),
};

const problems = new Map<string, { problem: NistProblem; x: (number | number[])[]; y: number[] }>();
function dataFor(name: string) {
  let d = problems.get(name);
  if (!d) {
    const problem = parseNist(name);
    d = { problem, x: problem.x.map((row) => (row.length === 1 ? row[0]! : row)), y: problem.response(problem.y) };
    problems.set(name, d);
  }
  return d;
}

for await (const line of createInterface({ input: process.stdin })) {
  const { name, start, variant } = JSON.parse(line) as { name: string; start: 0 | 1; variant: keyof typeof OPTIONS };
  const { problem, x, y } = dataFor(name);
  const p0 = problem.starts[start];
  const c0 = process.cpuUsage();
  const t0 = now();
  let reply: Record<string, unknown>;
  try {
    // Nelson's x is [x1, x2] per point: the package passes each x[i] to the model as is.
    const r = levenbergMarquardt({ x, y } as { x: number[]; y: number[] }, PLAIN_MODELS[name] as (b: number[]) => (x: number) => number, {
      initialValues: p0,
      ...OPTIONS[variant](p0),
    });
    const ms = now() - t0;
    const cpu = process.cpuUsage(c0);
    reply = { params: r.parameterValues, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  } catch (e) {
    const ms = now() - t0;
    const cpu = process.cpuUsage(c0);
    reply = { params: null, ms, cpuMs: (cpu.user + cpu.system) / 1000, error: String(e).slice(0, 120) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
