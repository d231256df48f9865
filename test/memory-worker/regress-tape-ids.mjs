// Issue 8, defect 7: tape ids collide past 2^20 live tapes: tape 2^20 aliases tape 0, and tape
// 0's gradient() then frees the wrong tape. Tape 0 records x·x; then 2^20 + 10 more tapes are
// made and kept (each enters and leaves recording; those near 2^20, the last ones and every
// 65,536th record c³ for their own c, so their gradients can be checked; recording an op in
// every tape costs minutes on a slow machine for no extra coverage). Then tape 0's gradient
// must be right, and afterwards every probed later tape's gradient must be right too.
import * as tf from 'gradtape';
import { describeError, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
const t0 = performance.now();

const x = tf.constant(3);
const tape0 = new tf.GradientTape();
tape0.watch(x);
const y0 = tape0.record(() => x.mul(x));

const N = 2 ** 20 + 10;
const tapes = new Array(N);
const probes = new Map();
attempt('make 2^20 + 10 tapes', () => {
  for (let i = 0; i < N; i++) {
    const t = new tf.GradientTape();
    if (i % 65_536 === 0 || i >= N - 24 || Math.abs(i - (2 ** 20 - 1)) <= 16) {
      const c = tf.constant((i % 7) + 1);
      t.watch(c);
      probes.set(i, { c, y: t.record(() => c.mul(c).mul(c)) });
    } else {
      t.record(() => 0);
    }
    tapes[i] = t;
  }
});
const m = tf.memory();
numbers.made = { ms: performance.now() - t0, numTapes: m.numTapes, numTapeNodes: m.numTapeNodes };

attempt('tape 0 gradient', () => {
  const g = tape0.gradient(y0, x);
  check('tape 0 (the first) gives d(x*x)/dx = 6 after 2^20 + 10 later tapes', g !== null && g.item() === 6, g === null ? 'null' : g.item());
});
const bad = [];
for (const [i, { c, y }] of probes) {
  const want = 3 * ((i % 7) + 1) ** 2;
  try {
    const g = tapes[i].gradient(y, c);
    if (g === null || g.item() !== want) bad.push(`tape ${i + 1}: got ${g === null ? 'null' : g.item()}, want ${want}`);
  } catch (e) {
    bad.push(`tape ${i + 1}: ${describeError(e)}`);
  }
}
check(`after tape 0's gradient, each of ${probes.size} probed later tapes (around 2^20 and the last) gives its own gradient`, bad.length === 0, bad.slice(0, 6).join(' | '));
numbers.ms = performance.now() - t0;
done();
