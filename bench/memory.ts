// The memory-requirement loops of DESIGN.md ("Memory: the decision that matters most"), run in a
// child process of index.ts so the resident set size is not polluted by the speed benchmarks:
//   tsx bench/memory.ts regression [steps]   tutorial regression step, new tape per step, 100,000 steps
//   tsx bench/memory.ts puzzle [steps]       tutorial puzzle step, new tape per step, 100,000 steps
//   tsx bench/memory.ts mlp [steps]          2-layer MLP, ~1 MiB of float32 gradients per step, 2,000 steps
// No dispose, no tidy, no yielding to the event loop: the loops are written as users write them.
// Prints one line `RESULT {json}` with wasm memory and RSS at start, peak (sampled in the loop) and end.

import * as gt from 'gradtape';
import { gtPuzzle, gtRegression } from './cases';
import { normals } from './util';

const mode = process.argv[2] ?? 'regression';
const defaults: Record<string, number> = { regression: 100_000, puzzle: 100_000, mlp: 2_000 };
if (!(mode in defaults)) {
  console.error(`memory.ts: unknown mode '${mode}' (regression, puzzle or mlp)`);
  process.exit(2);
}
const steps = Number(process.argv[3] ?? defaults[mode]);

const rssAtImport = process.memoryUsage().rss;

/** One training step, built the way the tutorial writes it. */
function makeStep(): { step: () => void; info: Record<string, unknown> } {
  // The same steps the speed cases time (bench/cases.ts), one step per call.
  if (mode === 'regression') {
    const trial = gtRegression('float32').trial();
    return { info: { what: 'tutorial regression step (20x3 @ 3x1, Adam), new tape per step' }, step: () => trial.run(1) };
  }
  if (mode === 'puzzle') {
    const trial = gtPuzzle().trial();
    return { info: { what: 'tutorial puzzle step (4 scalar variables, Adam), new tape per step' }, step: () => trial.run(1) };
  }
  // 2-layer MLP without tanh: out = |x @ W1| @ W2, loss = mean((out - t)^2).
  const batch = 16;
  const nIn = 256;
  const hidden = 512;
  const nOut = 256;
  const f32 = (n: number, seed: number, scale: number) => Float32Array.from(normals(n, seed), (v) => v * scale);
  const x = gt.constant(f32(batch * nIn, 1, 1)).reshape([batch, nIn]);
  const t = gt.constant(f32(batch * nOut, 2, 1)).reshape([batch, nOut]);
  const W1 = new gt.Variable(gt.constant(f32(nIn * hidden, 3, 1 / Math.sqrt(nIn))).reshape([nIn, hidden]));
  const W2 = new gt.Variable(gt.constant(f32(hidden * nOut, 4, 1 / Math.sqrt(hidden))).reshape([hidden, nOut]));
  const optimizer = new gt.keras.optimizers.Adam({ learningRate: 1e-3 });
  const params = nIn * hidden + hidden * nOut;
  return {
    info: {
      what: `MLP |x@W1|@W2, batch ${batch}, ${nIn}->${hidden}->${nOut}, ${params} float32 parameters (${((params * 4) / 2 ** 20).toFixed(2)} MiB of gradients per step), Adam`,
    },
    step() {
      const tape = new gt.GradientTape();
      const loss = tape.record(() => gt.reduceMean(gt.square(x.matmul(W1).abs().matmul(W2).sub(t))));
      const [g1, g2] = tape.gradient(loss, [W1, W2]);
      optimizer.applyGradients([[g1, W1], [g2, W2]]);
    },
  };
}

const { step, info } = makeStep();
step(); // creates optimizer slots, starts the module
const start = { wasm: gt.memory().wasmMemoryBytes, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed };
const peak = { ...start };
const sampleEvery = mode === 'mlp' ? 10 : 250;
const trace: { step: number; wasm: number; rss: number }[] = [];
const traceEvery = Math.max(1, Math.floor(steps / 20));
const t0 = performance.now();
for (let i = 1; i <= steps; i++) {
  step();
  if (i % sampleEvery === 0) {
    const m = process.memoryUsage();
    const wasm = gt.memory().wasmMemoryBytes;
    if (wasm > peak.wasm) peak.wasm = wasm;
    if (m.rss > peak.rss) peak.rss = m.rss;
    if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
    if (i % traceEvery === 0) trace.push({ step: i, wasm, rss: m.rss });
  }
}
const elapsedMs = performance.now() - t0;
const m = process.memoryUsage();
const gm = gt.memory();
const end = { wasm: gm.wasmMemoryBytes, rss: m.rss, heapUsed: m.heapUsed };
for (const k of ['wasm', 'rss', 'heapUsed'] as const) peak[k] = Math.max(peak[k], end[k]);

const result = {
  mode,
  steps,
  ...info,
  usPerStep: (elapsedMs * 1000) / steps,
  rssAtImport,
  start,
  peak,
  end,
  memoryAtEnd: gm,
  trace,
};
console.log(`RESULT ${JSON.stringify(result)}`);
