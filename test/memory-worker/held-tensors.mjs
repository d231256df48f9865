// Requirement (c): a tensor the user still holds is never invalidated behind their back.
// Tensors of every kind are made early and held; then many evictions are forced, both by
// running a long loop under the default budget and with tf.setMemoryBudget(0); then every held
// tensor is read and used in ops and gradients, and must have exactly its original values.
// Prints one JSON line: {checks: [{name, ok, detail}], memory: {...}}.
import * as tf from 'gradtape';
import { report, sample } from './common.mjs';

const checks = [];
function check(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
}
function attempt(name, fn) {
  try {
    fn();
  } catch (e) {
    check(name, false, `threw: ${e && e.stack ? e.stack : e}`);
  }
}
/** Exact equality of flat arrays (values were produced deterministically, so no tolerance). */
function sameValues(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
function close(a, b, tol = 1e-5) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])))) return false;
  return true;
}
const f32 = (xs) => Array.from(Float32Array.from(xs));

// ---- 1. Tensors made early, of every kind, with their expected contents known in JS --------
tf.random.setSeed(3);
const held = {};
const expected = {};

held.constVec = tf.constant([1.5, -2.25, 3.125, 4]);
expected.constVec = [1.5, -2.25, 3.125, 4];
held.constMat = tf.constant([[1, 2, 3], [4, 5, 6]]);
expected.constMat = [1, 2, 3, 4, 5, 6];
held.f32Scalar = tf.constant(0.1); // size-1 tensors are evicted through a different path
expected.f32Scalar = f32([0.1]);
held.f64Scalar = tf.constant(0.1, 'float64'); // must keep all 53 bits, not round through f32
expected.f64Scalar = [0.1];
held.f64Vec = tf.constant([1 / 3, 2 / 3, Math.PI], 'float64');
expected.f64Vec = [1 / 3, 2 / 3, Math.PI];
held.i32Scalar = tf.constant(2147483647, 'int32');
expected.i32Scalar = [2147483647];
held.i32Vec = tf.constant([-2147483648, 0, 7, 123456789], 'int32');
expected.i32Vec = [-2147483648, 0, 7, 123456789];
held.empty = tf.zeros([0, 3]);
expected.empty = [];

// Results of ops (these live in wasm from birth).
held.sum = tf.add(held.constVec, 1); // [2.5, -1.25, 4.125, 5]
expected.sum = f32([2.5, -1.25, 4.125, 5]);
held.prod = tf.mul(held.constMat, held.constMat);
expected.prod = [1, 4, 9, 16, 25, 36];
held.opScalar = tf.reduceSum(held.constVec); // 6.375
expected.opScalar = f32([6.375]);
held.f64OpScalar = tf.mul(held.f64Scalar, 3); // 0.30000000000000004 in float64
expected.f64OpScalar = [0.1 * 3];
held.i32Op = tf.add(held.i32Vec, 1);
expected.i32Op = [-2147483647, 1, 8, 123456790];

// A large tensor (1 MiB), made by an op.
const bigHost = new Float32Array(512 * 512);
for (let i = 0; i < bigHost.length; i++) bigHost[i] = ((i * 7919) % 1000) / 250 - 2;
held.bigConst = tf.constant(bigHost);
held.big = tf.mul(held.bigConst, 2);
expected.big = Array.from(bigHost, (v) => Math.fround(v * 2));
expected.bigConst = Array.from(bigHost);

// Random tensors (their values are recorded right away from a first read).
held.rand = tf.random.normal([64, 64]);
expected.rand = Array.from(held.rand.dataSync());

// Gradients from an early tape.
const v = new tf.Variable([[1, 2], [3, 4]], { name: 'v' });
{
  const tape = new tf.GradientTape();
  const loss = tape.record(() => tf.reduceSum(tf.square(v)));
  held.grad = tape.gradient(loss, v); // 2 v
  held.loss = loss; // 30
}
expected.grad = [2, 4, 6, 8];
expected.loss = [30];

// A snapshot of a variable, then the variable changes: the snapshot must not.
held.snapshot = v.value();
expected.snapshot = [1, 2, 3, 4];
v.assign([[10, 20], [30, 40]]);

// A tensor read before eviction (so it already has a JS copy) and one never read.
held.readEarly = tf.sub(held.constVec, 0.5);
held.readEarly.dataSync();
expected.readEarly = f32([1, -2.75, 2.625, 3.5]);

const before = sample('before');

// ---- 2. Force many evictions: a long loop under the default budget -------------------------
// (Variables of shape [1]: a step on scalar variables runs on values and makes no wasm tensor to
// evict. Run as written: a replayed step's results leave wasm at once, so it would evict nothing.)
tf.config.runFunctionsEagerly(true);
const A = new tf.Variable([0.1]), B = new tf.Variable([0.2]), C = new tf.Variable([0.3]), D = new tf.Variable([0.4]);
const opt = new tf.keras.optimizers.Nadam({ learningRate: 0.1 });
let loopSteps = 0;
const evictedAtStart = tf.memory().numEvicted;
// Enough steps to trigger at least two sweeps of the default budget, capped for runtime.
while (tf.memory().numEvicted - evictedAtStart < 2 && loopSteps < 150_000) {
  for (let k = 0; k < 1000; k++, loopSteps++) {
    const tape = new tf.GradientTape();
    const e = tape.record(() => {
      const y1 = A.add(B).sub(9), y2 = C.sub(D).sub(1), y3 = A.add(C).sub(8), y4 = B.sub(D).sub(2);
      return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
    });
    const g = tape.gradient(e, [A, B, C, D]);
    opt.applyGradients([[g[0], A], [g[1], B], [g[2], C], [g[3], D]]);
  }
}
tf.config.runFunctionsEagerly(false);
const afterLoop = sample('afterLoop', { loopSteps });
check('the default-budget loop evicted tensors', afterLoop.numEvicted > evictedAtStart, `numEvicted ${evictedAtStart} -> ${afterLoop.numEvicted} after ${loopSteps} steps`);

// ---- 3. An operand uploaded right after a sweep, with no op in between (default budget) ------
// A sweep made by an op's result is followed at once by the upload of a large JS-resident
// operand that goes over the budget again: that second sweep must not evict the operand the
// op is about to use (nor anything else the current op uses).
attempt('operand uploaded right after a sweep (default budget)', () => {
  const a = tf.fill([11_000_000], 1); // 44 MB
  const b = tf.fill([6_000_000], 2); // 24 MB: over budget, so this op's sweep evicts a
  const c = tf.constant(new Float32Array(11_000_000).fill(3)); // 44 MB, in JS until first use
  const d = tf.add(c, 1); // uploads c: over budget again, at the same tick
  check('operand uploaded right after a sweep is usable (add(c, 1))', d.dataSync()[0] === 4 && d.dataSync()[10_999_999] === 4);
  check('a and b keep their values', a.dataSync()[123] === 1 && b.dataSync()[5_999_999] === 2);
  tf.dispose([a, b, c, d]);
});

// ---- 4. And with a zero budget: everything not used by the current op is evicted ------------
const evictedBeforeZero = tf.memory().numEvicted;
tf.setMemoryBudget(0);
attempt('ops under setMemoryBudget(0)', () => {
  const outs = [];
  for (let i = 0; i < 50; i++) outs.push(tf.square(tf.add(tf.constant([i, i + 1]), 1)));
  check('ops under budget 0 give right values', outs.every((t, i) => sameValues(Array.from(t.dataSync()), [(i + 1) ** 2, (i + 2) ** 2])));
});
const afterZero = sample('afterZeroBudget');
check('setMemoryBudget(0) evicts', afterZero.numEvicted > evictedBeforeZero, `numEvicted ${evictedBeforeZero} -> ${afterZero.numEvicted}`);

// ---- 5. Every held tensor: not disposed, same values (read twice), usable in ops -----------
for (const [name, t] of Object.entries(held)) {
  attempt(`read ${name}`, () => {
    check(`${name} is not disposed`, !t.isDisposed);
    const got = Array.from(t.dataSync());
    check(`${name} keeps its values`, sameValues(got, expected[name]), `got ${got.slice(0, 6)}..., expected ${expected[name].slice(0, 6)}...`);
    const again = Array.from(t.dataSync());
    check(`${name} reads the same twice`, sameValues(again, expected[name]));
  });
}
attempt('item() of held scalars', () => {
  check('f64Scalar.item() is exactly 0.1', held.f64Scalar.item() === 0.1, held.f64Scalar.item());
  check('i32Scalar.item() is 2147483647', held.i32Scalar.item() === 2147483647, held.i32Scalar.item());
  check('opScalar.item() is 6.375', held.opScalar.item() === 6.375, held.opScalar.item());
});
attempt('held tensors in ops', () => {
  check('constVec + 1', sameValues(Array.from(tf.add(held.constVec, 1).dataSync()), expected.sum));
  check('big + bigConst', close(Array.from(tf.add(held.big, held.bigConst).dataSync()), expected.bigConst.map((x) => 3 * x)));
  const mm = tf.matmul(held.constMat, tf.transpose(held.constMat)).arraySync();
  check('constMat @ constMat^T', JSON.stringify(mm) === JSON.stringify([[14, 32], [32, 77]]), JSON.stringify(mm));
  check('f64 ops keep float64', tf.add(held.f64Scalar, held.f64OpScalar).item() === 0.1 + 0.1 * 3);
  check('int32 ops', sameValues(Array.from(tf.sub(held.i32Op, held.i32Vec).dataSync()), [1, 1, 1, 1]));
  check('grad * 2', sameValues(Array.from(tf.mul(held.grad, 2).dataSync()), [4, 8, 12, 16]));
  check('snapshot unchanged by assign', sameValues(Array.from(held.snapshot.dataSync()), [1, 2, 3, 4]));
  check('variable has its new value', sameValues(Array.from(v.dataSync()), [10, 20, 30, 40]));
});
attempt('held tensors in gradients', () => {
  // d/dx sum(x^2 * 3) = 6x, with x an evicted, user-held constant.
  const tape = new tf.GradientTape();
  tape.watch(held.constVec);
  const y = tape.record(() => tf.reduceSum(tf.mul(tf.square(held.constVec), 3)));
  const g = tape.gradient(y, held.constVec);
  check('gradient w.r.t. an evicted held tensor', close(Array.from(g.dataSync()), expected.constVec.map((x) => 6 * x)), Array.from(g.dataSync()));
  // And with respect to a variable, through an evicted held tensor.
  const w = new tf.Variable([[1], [1], [1]]);
  const t2 = new tf.GradientTape();
  const out = t2.record(() => tf.reduceSum(tf.matmul(held.constMat, w)));
  const gw = t2.gradient(out, w);
  check('gradient through an evicted held operand', sameValues(Array.from(gw.dataSync()), [5, 7, 9]), Array.from(gw.dataSync()));
});
attempt('persistent tape across evictions (budget 0)', () => {
  // Intermediates saved by a tape are evicted between ops (budget 0), then used again as
  // targets and sources: the tape must still recognise them (uploaded under their old id).
  const x = tf.constant([1, 2, 3]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const { y, z } = tape.record(() => {
    const y = tf.square(x); // x^2
    for (let i = 0; i < 20; i++) tf.add(tf.constant([i]), 1); // churn: evicts y
    const z = tf.mul(y, y); // x^4
    return { y, z };
  });
  for (let i = 0; i < 20; i++) tf.add(tf.constant([i]), 1);
  const dzdx = Array.from(tape.gradient(z, x).dataSync()); // 4x^3
  const dzdy = Array.from(tape.gradient(z, y).dataSync()); // 2y = 2x^2
  const dydx = Array.from(tape.gradient(y, x).dataSync()); // 2x
  tape.dispose();
  check('dz/dx after evictions', close(dzdx, [4, 32, 108]), dzdx);
  check('dz/dy (y evicted) after evictions', close(dzdy, [2, 8, 18]), dzdy);
  check('dy/dx after evictions', close(dydx, [2, 4, 6]), dydx);
});
attempt('training still converges under budget 0', () => {
  const w = new tf.Variable([[0.5], [0.5], [0.5]]);
  const X = tf.constant([[1, 2, 1], [4, -1, 1], [9, 3, 1], [0.25, 0.5, 1]]);
  const Y = tf.matmul(X, tf.constant([[1], [2], [3]]));
  const o = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
  for (let i = 0; i < 1500; i++) {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(tf.square(tf.sub(tf.matmul(X, w), Y))));
    o.applyGradients([[tape.gradient(loss, w), w]]);
  }
  const got = Array.from(w.dataSync());
  check('budget-0 regression reaches [1,2,3]', close(got, [1, 2, 3], 2e-2), got);
});
tf.setMemoryBudget(64 * 1024 * 1024);

report({ checks, memory: { before, afterLoop, afterZero, final: sample('final') } });
