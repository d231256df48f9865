// Worker threads (protocol item 15): in Node the module runs on a shared memory, and large
// kernels (products, elementwise ops, reductions, softmax, transposes, optimizer updates) split their
// work with workers. Their results must be the same bits as on one thread. Each check runs in a
// fresh child process, so the pool starts from nothing there and the thread count is the child's.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const dist = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));

/** Runs in the child: every kernel that splits its work, on one thread and then on `threads`,
 * compared by bits; and the process's OS threads before and after the first large kernel. */
const CHILD = `
const tf = await import(${JSON.stringify(dist)});
const { readFileSync } = await import('node:fs');
const osThreads = () => Number(/^Threads:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const threads = Number(process.argv.at(-1));
let seed = 11;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
const data = (n) => Float64Array.from({ length: n }, rnd);
const cases = {};
for (const dtype of ['float32', 'float64']) {
  const t = (shape) => tf.constant(data(shape.reduce((a, b) => a * b, 1)), dtype).reshape(shape);
  const big = t([300_001]), other = t([300_001]), scalar = t([]);
  const a = t([333, 517]), b = t([517, 260]);
  const tall = t([70_001, 8]), w = t([8, 1]), wide = t([40_003, 33]), v = t([33, 1]);
  const rowsX = t([40_000, 100]), cube = t([60, 70, 80]);
  const deepT = t([1100, 333]), bT = t([260, 1100]), d = t([700, 600]), e = t([600, 9]);
  const x = t([256, 300]), w1 = new tf.Variable(t([300, 128]).mul(0.05));
  const X = t([40_003, 8]), Y = t([40_003, 1]);
  const lsGradient = (w) => {
    const tape = new tf.GradientTape();
    tape.watch(w);
    const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(X, w).sub(Y))));
    return tape.gradient(loss, w);
  };
  const w0 = t([8, 1]);
  const lsCompiled = tf.function(lsGradient);
  const lsStep = () => lsCompiled(w0), lsEager = () => lsGradient(w0);
  const chain = tf.function((a, b) => tf.tanh(a.mul(b)).add(1).mul(a));
  // Three steps of an optimizer on a fresh variable of \`big\`'s values, with \`other\` as the gradient.
  const optimized = (optimizer) => {
    const v = new tf.Variable(big);
    for (let i = 0; i < 3; i++) optimizer.applyGradients([[other, v]]);
    return v;
  };
  Object.assign(cases, {
    [dtype + ' matmul 333x517x260']: () => tf.matmul(a, b),
    [dtype + ' matmul transposed, 3 slabs']: () => tf.matmul(deepT, bT, true, true),
    [dtype + ' matmul 700x600x9']: () => tf.matmul(d, e),
    [dtype + ' matrix-vector, short rows']: () => tf.matmul(tall, w),
    [dtype + ' matrix-vector, long rows']: () => tf.matmul(wide, v),
    [dtype + ' add']: () => big.add(other),
    [dtype + ' mul by a scalar']: () => big.mul(scalar),
    [dtype + ' scalar minus']: () => scalar.sub(big),
    [dtype + ' exp']: () => tf.exp(big),
    [dtype + ' tanh']: () => tf.tanh(big),
    [dtype + ' sigmoid']: () => tf.sigmoid(big),
    [dtype + ' sqrt of abs']: () => tf.sqrt(tf.abs(big)),
    [dtype + ' greater']: () => tf.greater(big, other),
    [dtype + ' sum']: () => tf.reduceSum(big),
    [dtype + ' mean of squares']: () => tf.reduceMean(tf.square(big)),
    [dtype + ' sum over rows, 40,000 x 100']: () => tf.reduceSum(rowsX, 0),
    [dtype + ' mean over rows, 70,001 x 8']: () => tf.reduceMean(tall, 0),
    [dtype + ' compiled least-squares step, 40,003 x 8 (fused chain with row sums)']: () => lsStep(),
    [dtype + ' compiled elementwise chain, 300,001 values']: () => chain(big, other),
    [dtype + ' the same step eagerly']: () => lsEager(),
    [dtype + ' transpose of 700 x 600']: () => tf.transpose(d),
    [dtype + ' transpose of 60 x 70 x 80 by [1, 0, 2]']: () => tf.transpose(cube, [1, 0, 2]),
    [dtype + ' max of a long row']: () => tf.reduceMax(big),
    [dtype + ' argmax of a long row']: () => tf.argMax(big),
    [dtype + ' min over rows of 100']: () => tf.reduceMin(rowsX, 1),
    [dtype + ' argmin over rows of 100']: () => tf.argMin(rowsX, 1),
    [dtype + ' max over the outer axis']: () => tf.reduceMax(rowsX, 0),
    [dtype + ' prod over rows of 100']: () => tf.reduceProd(rowsX.mul(0.01).add(1), 1),
    [dtype + ' any over rows of 100']: () => tf.reduceAny(tf.greater(rowsX, 1.95), 1),
    [dtype + ' softmax of rows of 100']: () => tf.nn.softmax(rowsX),
    [dtype + ' log softmax of rows of 100']: () => tf.nn.logSoftmax(rowsX),
    [dtype + ' argmax over the outer axis']: () => tf.argMax(rowsX, 0),
    [dtype + ' argmin along the middle axis']: () => tf.argMin(cube.mul(1000), 1),
    [dtype + ' cumsum over the outer axis']: () => tf.cumsum(rowsX, 0),
    [dtype + ' cumprod along the middle axis, exclusive and reversed']: () => tf.cumprod(cube.mul(0.01).add(1), 1, true, true),
    [dtype + ' cumsum of rows of 100']: () => tf.cumsum(rowsX, 1),
    [dtype + ' softmax over the outer axis']: () => tf.nn.softmax(rowsX, 0),
    [dtype + ' log softmax along the middle axis']: () => tf.nn.logSoftmax(cube, 1),
    [dtype + ' Adam (amsgrad) on a variable of 300,001']: () => optimized(new tf.keras.optimizers.Adam({ learningRate: 0.01, amsgrad: true })),
    [dtype + ' RMSprop (centered, momentum) on a variable of 300,001']: () => optimized(new tf.keras.optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })),
    [dtype + ' gradient of an MLP layer']: () => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.tanh(tf.matmul(x, w1)))));
      return tape.gradient(loss, w1);
    },
  });
}
// (Bytes compared as Buffers: arrays of numbers of the 32 MB results took most of the run.)
const bits = (f) => { const d = f().dataSync(); return Buffer.from(d.buffer, d.byteOffset, d.byteLength); };
const out = { threadsBefore: osThreads(), info: tf.backendInfo(), differ: [] };
tf.setNumThreads(1);
const one = Object.fromEntries(Object.entries(cases).map(([name, f]) => [name, bits(f)]));
tf.setNumThreads(threads);
// The first large kernel asks for the workers; give them a moment to start, then compare.
tf.matmul(tf.ones([256, 256]), tf.ones([256, 256])).dataSync();
await new Promise((resolve) => setTimeout(resolve, 300));
out.threadsAfter = osThreads();
out.infoAfter = tf.backendInfo();
for (const [name, f] of Object.entries(cases)) {
  const many = bits(f);
  if (!many.equals(one[name])) out.differ.push(name);
}
out.cases = Object.keys(cases).length;
out.compiledEqualsEager = ['float32', 'float64'].every((d) => one[d + ' compiled least-squares step, 40,003 x 8 (fused chain with row sums)'].equals(one[d + ' the same step eagerly']));
console.log(JSON.stringify(out));
`;

const child = (threads: number, flags: string[] = []) =>
  JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', CHILD, String(threads)], { encoding: 'utf8', timeout: 120_000 })) as {
    threadsBefore: number;
    threadsAfter: number;
    info: { backend: string; simd: string; threads: number };
    infoAfter: { threads: number };
    differ: string[];
    cases: number;
    compiledEqualsEager: boolean;
  };

describe('worker threads', () => {
  it('default to the machine\'s cores (at most 8) in Node, where memory can be shared', () => {
    expect(tf.backendInfo().threads).toBe(Math.min(8, availableParallelism()));
  });

  it('give every splitting kernel the same bits on one thread and on several', () => {
    for (const threads of [2, 3]) {
      const r = child(threads);
      expect(r.cases).toBe(82);
      expect(r.compiledEqualsEager).toBe(true);
      expect(r.differ, `${threads} threads`).toEqual([]);
      expect(r.infoAfter.threads).toBe(threads);
      // The workers are threads of the process (Linux counts them in /proc/self/status).
      expect(r.threadsAfter).toBeGreaterThanOrEqual(r.threadsBefore + threads - 1);
    }
  });

  it('run the relaxed-SIMD kernels on workers too, with the same bits', () => {
    const r = child(2, ['--experimental-wasm-relaxed-simd']);
    expect(r.info.simd).toBe('relaxed-simd');
    expect(r.differ).toEqual([]);
    expect(r.threadsAfter).toBeGreaterThan(r.threadsBefore);
  });

  it('let the process exit while workers wait for work', () => {
    // A worker that kept the process alive would fail this by the timeout.
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const tf = await import(${JSON.stringify(dist)}); tf.matmul(tf.ones([512, 512]), tf.ones([512, 512])).dataSync(); await new Promise((r) => setTimeout(r, 200)); console.log('done');`],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(output.trim()).toBe('done');
  });

  it('fall back to one thread, silently, where memory cannot be shared', () => {
    const program = `const tf = await import(${JSON.stringify(dist)});
      const x = tf.random.uniform([600, 600], { seed: 1 });
      tf.setNumThreads(4);
      console.log(JSON.stringify({ threads: tf.backendInfo().threads, sum: tf.matmul(x, x).sum().dataSync()[0] }));`;
    const run = (flags: string[], prelude = '') =>
      JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', prelude + program], { encoding: 'utf8', timeout: 60_000 })) as {
        threads: number;
        sum: number;
      };
    const shared = run([]);
    expect(shared.threads).toBe(4);
    // No SharedArrayBuffer at all (as on a page that is not cross-origin isolated).
    const noShared = run(['--no-harmony-sharedarraybuffer']);
    // A shared memory the engine refuses (its 4 GiB reservation, in a constrained process).
    const refused = run([], `const Memory = WebAssembly.Memory;
      WebAssembly.Memory = function (d) { if (d.shared) throw new RangeError('could not reserve'); return new Memory(d); };`);
    for (const r of [noShared, refused]) {
      expect(r.threads).toBe(1);
      expect(r.sum).toBe(shared.sum);
    }
  });

  it('setNumThreads takes an integer from 1 to 255 and says so otherwise', () => {
    for (const bad of [0, -1, 1.5, 256, NaN, Infinity]) {
      expect(() => tf.setNumThreads(bad)).toThrow(/setNumThreads: expected an integer from 1 to 255/);
    }
    const before = tf.backendInfo().threads;
    try {
      tf.setNumThreads(1);
      expect(tf.backendInfo().threads).toBe(1);
      tf.setNumThreads(3);
      expect(tf.backendInfo().threads).toBe(3);
    } finally {
      tf.setNumThreads(before);
    }
  });
});
