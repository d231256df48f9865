// Issue 8, defect 13: a non-persistent tape whose gradient() hits OutOfMemory is consumed:
// retrying after freeing memory says it can only be used once. A failed gradient() must leave
// the tape usable. A 256 MiB Variable is recorded (y = sum(3·v)), memory is filled so that the
// 256 MiB gradient cannot be allocated, gradient() must throw OutOfMemory; after freeing the
// filler, the same call on the same tape must succeed with the right value (3 everywhere).
import * as tf from 'gradtape';
import { MiB, describeError, disposeAll, errorKind, fillMemory, libraryWorks, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity);
const t0 = performance.now();

const N = 64 * MiB; // float32 elements: 256 MiB
const v = new tf.Variable(tf.fill([N], 0.5), { name: 'v' });
const tape = new tf.GradientTape();
const y = tape.record(() => tf.reduceSum(v.mul(3)));

// 64 MiB, 16 MiB and 1 MiB tensors until each fails: less than 1 MiB stays free.
const { held, errors } = fillMemory([16 * MiB, 4 * MiB, MiB / 4]);
numbers.fill = { tensors: held.length, errors, ms: performance.now() - t0 };
check('filling ends in OutOfMemory', errors.every((e) => e.kind === 'OutOfMemory'), errors);

let first = null;
try {
  const g = tape.gradient(y, v);
  first = { outcome: 'works', g };
} catch (e) {
  first = { outcome: errorKind(e), detail: describeError(e) };
}
numbers.first = first.outcome === 'works' ? 'works' : first.detail;
check('with memory full, the first gradient() throws OutOfMemory (the setup works)', first.outcome === 'OutOfMemory', first.detail ?? first.outcome);

const freeError = disposeAll(held);
check('freeing the filler works', freeError === null, freeError ? describeError(freeError) : '');
if (first.outcome === 'OutOfMemory') {
  try {
    const g = tape.gradient(y, v);
    let ok = g !== null && g.shape.length === 1 && g.shape[0] === N;
    let detail = g === null ? 'null' : `shape [${g.shape}]`;
    if (ok) {
      const total = tf.reduceSum(g).item();
      const d = g.dataSync();
      ok = total === 3 * N && d[0] === 3 && d[N - 1] === 3 && d[N >> 1] === 3;
      detail = `sum ${total}, first ${d[0]}, last ${d[N - 1]}`;
    }
    check('after freeing memory, gradient() on the same non-persistent tape succeeds with d(sum 3v)/dv = 3', ok, detail);
  } catch (e) {
    check('after freeing memory, gradient() on the same non-persistent tape succeeds with d(sum 3v)/dv = 3', false, describeError(e));
  }
}
attempt('library works afterwards', () => check('library works afterwards', libraryWorks()));
numbers.ms = performance.now() - t0;
done();
