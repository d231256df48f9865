// The matrix product's relaxed-SIMD kernels (protocol item 14): where the engine validates relaxed
// SIMD, the packed product uses fused multiply-adds from a second module. Node 20 has relaxed SIMD
// behind --experimental-wasm-relaxed-simd, so the kernels run here in a child process with the flag:
// same products (within rounding: a fused multiply-add rounds once), every tile shape and edge, in
// float32 and float64, with gradients and compiled steps; without the flag, the simd128 kernels.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const dist = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));

/** Runs in the child: products of awkward shapes against a float64 reference computed in JS. */
const CHILD = `
const tf = await import(${JSON.stringify(dist)});
const out = { info: tf.backendInfo(), cases: [] };
// m × k × n: partial tiles in both directions, one and several packed slabs (KC = 512), transposes.
const shapes = [[37, 129, 45, false, false], [4, 8, 300, false, false], [64, 600, 33, true, false], [9, 70, 17, false, true], [130, 1100, 12, true, true]];
let seed = 7;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
for (const dtype of ['float32', 'float64']) {
  for (const [m, k, n, ta, tb] of shapes) {
    const A = Array.from({ length: m * k }, rnd), B = Array.from({ length: k * n }, rnd);
    const a = tf.constant(A, dtype).reshape(ta ? [k, m] : [m, k]), b = tf.constant(B, dtype).reshape(tb ? [n, k] : [k, n]);
    const got = tf.matmul(a, b, ta, tb).dataSync();
    const av = a.dataSync(), bv = b.dataSync(); // as rounded to the dtype
    let worst = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0, scale = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? av[p * m + i] : av[i * k + p], y = tb ? bv[j * k + p] : bv[p * n + j];
        s += x * y; scale += Math.abs(x * y);
      }
      worst = Math.max(worst, Math.abs(got[i * n + j] - s) / scale);
    }
    out.cases.push({ dtype, shape: [m, k, n, ta, tb], worst });
  }
}
// A compiled training step with a packed product equals the eager one bit for bit (same kernels).
const run = (compile) => {
  const x = tf.constant(Array.from({ length: 40 * 30 }, (_, i) => Math.sin(i)), 'float32').reshape([40, 30]);
  const w = new tf.Variable(tf.constant(Array.from({ length: 30 * 20 }, (_, i) => Math.cos(i) * 0.1), 'float32').reshape([30, 20]));
  const opt = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
  const step = () => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(x, w))));
    opt.applyGradients([[tape.gradient(loss, w), w]]);
    return loss;
  };
  const f = compile ? tf.function(step) : step;
  const losses = Array.from({ length: 3 }, () => f().dataSync()[0]);
  return [...losses, ...w.dataSync()];
};
out.compiledEqualsEager = JSON.stringify(run(true)) === JSON.stringify(run(false));
console.log(JSON.stringify(out));
`;

const child = (flags: string[]) =>
  JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', CHILD], { encoding: 'utf8', timeout: 60_000 })) as {
    info: { backend: string; simd: string; threads: number };
    cases: { dtype: string; shape: unknown[]; worst: number }[];
    compiledEqualsEager: boolean;
  };

describe('relaxed-SIMD matrix product kernels', () => {
  it('run where the engine has relaxed SIMD, and give the product within rounding', () => {
    const r = child(['--experimental-wasm-relaxed-simd']);
    expect(r.info).toEqual({ backend: 'wasm', simd: 'relaxed-simd', threads: tf.backendInfo().threads });
    expect(r.cases).toHaveLength(10);
    for (const c of r.cases) {
      // Relative to Σ|a·b|: a few units of the dtype's rounding, whatever the summation order.
      expect(c.worst, `${c.dtype} ${JSON.stringify(c.shape)}`).toBeLessThan(c.dtype === 'float32' ? 1e-6 : 1e-15);
    }
    expect(r.compiledEqualsEager).toBe(true);
  });

  it('fall back to the simd128 kernels where it does not validate, with the same accuracy', () => {
    const r = child(['--no-experimental-wasm-relaxed-simd']);
    expect(r.info.simd).toBe('simd128');
    for (const c of r.cases) expect(c.worst).toBeLessThan(c.dtype === 'float32' ? 1e-6 : 1e-15);
    expect(r.compiledEqualsEager).toBe(true);
  });

  it('tf.backendInfo() says what runs in this process', () => {
    const info = tf.backendInfo();
    expect(info.backend).toBe('wasm');
    expect(['relaxed-simd', 'simd128']).toContain(info.simd);
    // Node shares memory with workers: the machine's cores, at most 8 (test/threads.test.ts).
    expect(info.threads).toBe(Math.min(8, availableParallelism()));
  });
});
