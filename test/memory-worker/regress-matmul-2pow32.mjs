// Issue 8, defect 3: matmul falls to its slow fallback when m·k·n is a multiple of 2^32 (a
// 32-bit overflow in a size check of the wasm build): 1024×2048 @ 2048×2048 (m·k·n = 2^32) took
// 26 s where n = 2047 took 0.5 s. Both are timed in this process (a ratio, not an absolute time:
// the machine is shared) and sampled entries of the n = 2048 result are compared with values
// computed in JS. The inputs are small multiples of 1/8, so every product and partial sum is
// exact in float32 and the result does not depend on the summation order.
import * as tf from 'gradtape';
import { describeError, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity);

const M = 1024;
const K = 2048;
const aVal = (i, k) => (((i * 7 + k * 3) % 13) - 6) / 8;
const bVal = (k, j) => (((k * 5 + j * 11) % 17) - 8) / 8;

const A = new Float32Array(M * K);
for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) A[i * K + k] = aVal(i, k);

function expected(i, j) {
  let s = 0;
  for (let k = 0; k < K; k++) s += aVal(i, k) * bVal(k, j);
  return s;
}

function timed(N, a) {
  const B = new Float32Array(K * N);
  for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) B[k * N + j] = bVal(k, j);
  const b = tf.reshape(tf.constant(B), [K, N]); // uploaded here, outside the timing
  const t0 = performance.now();
  const c = tf.matmul(a, b);
  const ms = performance.now() - t0;
  const data = c.dataSync();
  b.dispose();
  c.dispose();
  return { ms, data, N };
}

attempt('matmul runs', () => {
  const a = tf.reshape(tf.constant(A), [M, K]);
  // Best of two for the reference (n = 2047), so a noisy first run cannot hide a slow path.
  const ref1 = timed(2047, a);
  const ref2 = timed(2047, a);
  const refMs = Math.min(ref1.ms, ref2.ms);
  let big = null;
  try {
    big = timed(2048, a);
  } catch (e) {
    check('1024x2048 @ 2048x2048 (m*k*n = 2^32) runs', false, describeError(e));
  }
  numbers.ms2047 = [ref1.ms, ref2.ms];
  numbers.ms2048 = big?.ms;
  // Sampled entries, corners and interior, for both sizes.
  const samples = [[0, 0], [0, 2046], [1023, 0], [1023, 2046], [511, 1024], [17, 1999], [700, 3], [1000, 1500]];
  for (const [name, r] of [['n=2047', ref1], ['n=2048', big]]) {
    if (!r) continue;
    const cols = r.N;
    const extra = r.N === 2048 ? [[0, 2047], [1023, 2047], [333, 2047]] : [];
    const bad = [];
    for (const [i, j] of [...samples, ...extra]) {
      const got = r.data[i * cols + j];
      const want = expected(i, j);
      if (got !== want) bad.push(`[${i},${j}] got ${got} want ${want}`);
    }
    check(`${name}: sampled entries equal the JS result`, bad.length === 0, bad.join('; '));
  }
  if (big) {
    const ratio = big.ms / refMs;
    numbers.ratio = ratio;
    check(
      'm*k*n = 2^32 takes comparable time to n = 2047 (ratio < 5)',
      ratio < 5,
      `n=2048: ${big.ms.toFixed(0)} ms, n=2047: ${refMs.toFixed(0)} ms (ratio ${ratio.toFixed(1)})`,
    );
  }
});

done();
