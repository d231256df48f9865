// What issue 7's next lever would buy: the tutorial's compiled step as one generated wasm
// function, beside gradtape's compiled step (`tf.function`, whose replay interprets the traced
// program), in Node processes that ran nothing before.
//
//   npx tsx bench/generated-step.ts [--rounds=N]      (N default 3; writes bench/GENERATED-STEP-RESULTS.md)
//
// The generated function is written here by hand, as a code generator would emit it for this one
// program: straight-line float32 code over an imported memory that holds X (20×3), y, w and
// Adam's m and v; the forward product, the residual, the gradient Xᵀ·(-2r) and Adam's update of
// the three weights, in one pass, no calls. JavaScript computes Adam's step size, as the
// optimizer's step scalars are computed today. It is not a product feature: no other program, no
// float64, and its sums are in its own order (a generator must follow the eager kernels' order to
// give their bits). It answers one question, measured: how fast would a generated step run while
// V8 still runs new wasm in its baseline tier (Liftoff), the phase issue 7's "first 1,000 steps"
// count? Each child runs BLOCKS runs of 1,000 steps, each on fresh weights; the generated one
// compiles its module in each run, as gradtape traces a fresh tf.function in each. The parent
// alternates the two children round by round, and checks that both end at the same weights.
//
// What a generator must replace (measured in session 55 on the puzzle's compiled step, whose
// replay runs on registers; callgrind over `node --liftoff-only --no-opt --single-threaded`,
// instructions at 12,000 steps less those at 2,000, over 10,000; two scratch builds):
//   the whole step                                              17,810 instructions
//   with gt_function_run answering at once (JavaScript alone)   9,853  (55%)
//   with the replay skipping its unary and binary ops            17,524 (the arithmetic: 290, 1.6%)
// So a generated function that only took over the interpreted arithmetic would save almost
// nothing while V8 runs its baseline tiers: the lever must also take the call's JavaScript (the
// optimizer's counters and step scalars, the scratch area) and Rust's reads and writes of the
// variables and its optimizer step, i.e. JavaScript calling the generated step, with the
// optimizer's rule generated too. Once V8 has optimized gradtape's code the step is already
// within issue 7's target: run after run in one process (`npm run bench:warmup`), a fresh
// function's 1,000 steps take 0.50 to 0.56 µs each after 20 to 50 runs, its trace included (a
// trace then takes about 60 µs, against 250 to 290 µs after 30 runs).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternatingRounds, fmt, median, regressionData } from './util';

const HERE = dirname(fileURLToPath(import.meta.url));
const BLOCKS = 12;
const STEPS = 1000;
const LEARNING_RATE = 0.01;
const [BETA1, BETA2, EPSILON] = [0.9, 0.999, 1e-7];
type Kind = 'generated' | 'compiled';

// ------------------------------------------------------------------ a tiny wasm emitter

const unsignedLeb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const section = (id: number, bytes: number[]): number[] => [id, ...unsignedLeb(bytes.length), ...bytes];
const name = (s: string): number[] => [...unsignedLeb(s.length), ...Buffer.from(s)];
const f32Const = (x: number): number[] => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [0x43, ...b];
};

/** Byte offsets of the step's data in its memory (float32). */
const AT = { x: 0, y: 240, w: 320, m: 332, v: 344 } as const;

/** The module: `step(alpha)` over memory `m.memory`. */
function stepModule(): Uint8Array<ArrayBuffer> {
  const code: number[] = [];
  const get = (local: number) => code.push(0x20, ...unsignedLeb(local));
  const set = (local: number) => code.push(0x21, ...unsignedLeb(local));
  const tee = (local: number) => code.push(0x22, ...unsignedLeb(local));
  const load = (at: number) => code.push(0x41, 0, 0x2a, 2, ...unsignedLeb(at)); // f32.load offset=at from address 0
  const addressForStore = () => code.push(0x41, 0);
  const store = (at: number) => code.push(0x38, 2, ...unsignedLeb(at));
  const [mul, add, sub, div, sqrt] = [0x94, 0x92, 0x93, 0x95, 0x91].map((op) => () => code.push(op));
  const constant = (x: number) => code.push(...f32Const(x));
  // Locals: 0 alpha (the parameter); 1..3 w; 4..6 the gradient; 7 the row's product; 8 -2r; 9 new m.
  const [ALPHA, W, G, PRODUCT, SCALED_RESIDUAL, NEW_M] = [0, 1, 4, 7, 8, 9];
  for (let j = 0; j < 3; j++) {
    load(AT.w + 4 * j);
    set(W + j);
  }
  for (let i = 0; i < 20; i++) {
    for (let j = 0; j < 3; j++) {
      load(AT.x + 4 * (3 * i + j));
      get(W + j);
      mul();
      if (j > 0) add();
    }
    set(PRODUCT);
    // d/dŷ of (y - ŷ)² = -2 (y - ŷ); the gradient adds x_ij times it
    load(AT.y + 4 * i);
    get(PRODUCT);
    sub();
    constant(-2);
    mul();
    set(SCALED_RESIDUAL);
    for (let j = 0; j < 3; j++) {
      get(G + j);
      load(AT.x + 4 * (3 * i + j));
      get(SCALED_RESIDUAL);
      mul();
      add();
      set(G + j);
    }
  }
  // Adam: m += (g - m)(1 - b1); v += (g² - v)(1 - b2); w -= m·alpha / (√v + eps)
  for (let j = 0; j < 3; j++) {
    addressForStore();
    load(AT.m + 4 * j);
    get(G + j);
    load(AT.m + 4 * j);
    sub();
    constant(1 - BETA1);
    mul();
    add();
    tee(NEW_M);
    store(AT.m + 4 * j);
    addressForStore();
    load(AT.v + 4 * j);
    get(G + j);
    get(G + j);
    mul();
    load(AT.v + 4 * j);
    sub();
    constant(1 - BETA2);
    mul();
    add();
    store(AT.v + 4 * j);
    addressForStore();
    get(W + j);
    get(NEW_M);
    get(ALPHA);
    mul();
    load(AT.v + 4 * j);
    sqrt();
    constant(EPSILON);
    add();
    div();
    sub();
    store(AT.w + 4 * j);
  }
  code.push(0x0b);
  const body = [1, 9, 0x7d, ...code]; // one group of 9 f32 locals
  return new Uint8Array([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [1, 0x60, 1, 0x7d, 0]), // type 0: (f32) -> ()
    ...section(2, [1, ...name('m'), ...name('memory'), 2, 0, 1]), // import a memory of at least 1 page
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('step'), 0, 0]),
    ...section(10, [1, ...unsignedLeb(body.length), ...body]),
  ]);
}

// ------------------------------------------------------------------ the children

/** One run of STEPS steps on fresh weights; returns the final weights. */
function generatedRun(bytes: Uint8Array<ArrayBuffer>): number[] {
  const { XX, Y, w0 } = regressionData();
  const memory = new WebAssembly.Memory({ initial: 1 });
  const values = new Float32Array(memory.buffer);
  values.set(XX.flat(), AT.x / 4);
  values.set(Y.flat(), AT.y / 4);
  values.set(w0.flat(), AT.w / 4);
  const { step } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { memory } }).exports as { step: (alpha: number) => void };
  // Keras' step size, from the float32 betas as the optimizer casts them.
  const [b1, b2] = [Math.fround(BETA1), Math.fround(BETA2)];
  for (let t = 1; t <= STEPS; t++) step((LEARNING_RATE * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t));
  return Array.from(values.subarray(AT.w / 4, AT.w / 4 + 3));
}

async function child(kind: Kind): Promise<void> {
  const perRun: number[] = [];
  let weights: number[] = [];
  if (kind === 'generated') {
    const bytes = stepModule();
    for (let b = 0; b < BLOCKS; b++) {
      const t0 = performance.now();
      weights = generatedRun(bytes);
      perRun.push(((performance.now() - t0) * 1000) / STEPS);
    }
  } else {
    const gt = await import('gradtape');
    const { XX, Y, w0 } = regressionData();
    const x = gt.constant(XX);
    const y = gt.constant(Y);
    for (let b = 0; b < BLOCKS; b++) {
      const w = new gt.Variable(w0);
      const optimizer = new gt.keras.optimizers.Adam({ learningRate: LEARNING_RATE });
      const step = gt.function(() => {
        const tape = new gt.GradientTape();
        const loss = tape.record(() => gt.reduceSum(gt.square(y.sub(x.matmul(w)))));
        optimizer.applyGradients([[tape.gradient(loss, w), w]]);
      });
      const t0 = performance.now();
      for (let i = 0; i < STEPS; i++) step();
      perRun.push(((performance.now() - t0) * 1000) / STEPS);
      weights = Array.from(w.dataSync());
      w.dispose();
    }
  }
  console.log(`RESULT ${JSON.stringify({ perRun, weights })}`);
}

// ------------------------------------------------------------------ the parent

interface ChildResult {
  perRun: number[];
  weights: number[];
}

function runChild(kind: Kind): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${kind}`], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`generated-step: the ${kind} child printed no result:\n${out}`);
  return JSON.parse(line.slice(7)) as ChildResult;
}

async function parent(rounds: number): Promise<void> {
  const started = new Date();
  const loadStart = loadavg();
  const [generated, compiled] = alternatingRounds(
    rounds,
    () => runChild('generated'),
    () => runChild('compiled'),
    (r, g, c) => console.log(`round ${r + 1}: generated ${g.perRun.map((v) => fmt(v)).join(' ')} | compiled ${c.perRun.map((v) => fmt(v)).join(' ')}`),
  );
  // Both must have computed the same training: float32, summed in different orders.
  const [gw, cw] = [generated[0]!.weights, compiled[0]!.weights];
  const agree = gw.every((v, j) => Math.abs(v - cw[j]!) <= 1e-3 * Math.max(1, Math.abs(cw[j]!)));
  if (!agree) throw new Error(`generated-step: the two steps end at different weights: ${gw} against ${cw}`);
  const column = (rs: ChildResult[], b: number) => median(rs.map((r) => r.perRun[b]!));
  const header = `| step | ${Array.from({ length: BLOCKS }, (_, b) => `run ${b + 1}`).join(' | ')} |`;
  const rule = `|---|${'---:|'.repeat(BLOCKS)}`;
  const row = (label: string, rs: ChildResult[]) => `| ${label} | ${Array.from({ length: BLOCKS }, (_, b) => fmt(column(rs, b))).join(' | ')} |`;
  const ratio = `| compiled ÷ generated | ${Array.from({ length: BLOCKS }, (_, b) => `${(column(compiled, b) / column(generated, b)).toFixed(1)}×`).join(' | ')} |`;
  const text = `# A generated wasm step beside the compiled step, in fresh processes

Produced by \`npx tsx bench/generated-step.ts\` on ${started.toISOString()} (${cpus().length} cores: ${cpus()[0]?.model.trim()}, Node ${process.version}); load average ${loadStart.map((v) => v.toFixed(1)).join('/')} at start, ${rounds} rounds, each kind in a Node process that ran nothing before, alternating.

Each cell: the median over the rounds of one run's µs/step (run k = steps 1000·(k-1)+1 to 1000·k on fresh weights). **generated**: the tutorial's regression step (20×3, sum of squares, gradient, Adam) written as one straight-line wasm function (about 2 KB), the way a code generator for small traced programs would emit it; its module is compiled in every run. **compiled**: the same step in \`tf.function\` today (a fresh function per run, its trace in the run), whose replay interprets the traced program in gradtape's wasm. Both end at the same weights (checked to 1e-3). The generated step is not a feature: it is the measurement behind issue 7's next lever (see the header of \`bench/generated-step.ts\`).

${header}
${rule}
${row('generated', generated)}
${row('compiled (tf.function)', compiled)}
${ratio}
`;
  writeFileSync(join(HERE, 'GENERATED-STEP-RESULTS.md'), text);
  console.log(text);
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) await child(childArg.slice(8) as Kind);
else await parent(Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3));
