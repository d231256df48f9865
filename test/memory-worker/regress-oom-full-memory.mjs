// Issue 8, defect 6: when wasm memory is completely full, nearly every op traps with
// "RuntimeError: unreachable" (a Rust allocation failure outside the fallible tensor-buffer
// path), and the module is left broken. Memory is filled until even the smallest tensors fail;
// every failure must be an OutOfMemory error. Then making a tape, tf.ones([2]).add(1), a 2x2
// matmul, an upload and a Variable must each either work or throw an Error named 'OutOfMemory',
// never a RuntimeError; then, after disposing everything, the library must work normally.
import * as tf from 'gradtape';
import { MiB, describeError, disposeAll, errorKind, fillMemory, libraryWorks, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity);

const t0 = performance.now();
// float32 elements: 64 MiB, 1 MiB, 64 KiB, 4 KiB, 256 B, 16 B, 4 B.
const { held, errors } = fillMemory([16 * MiB, MiB / 4, 16384, 1024, 64, 4, 1], 20_000);
numbers.fill = { tensors: held.length, errors, wasmMemoryBytes: tf.memory().wasmMemoryBytes, ms: performance.now() - t0 };
check(
  'filling: every allocation that fails, down to one element, fails with OutOfMemory',
  errors.every((e) => e.kind === 'OutOfMemory'),
  errors.map((e) => `${e.size}: ${e.kind} ${e.message.slice(0, 80)}`).join(' | '),
);

const extra = [];
/** fn must work or throw OutOfMemory (an Error); a RuntimeError or any other error fails. */
function workOrOom(name, fn) {
  try {
    const r = fn();
    if (r && typeof r === 'object' && 'dispose' in r) extra.push(r);
    check(`full memory: ${name} works or throws OutOfMemory`, true, 'worked');
  } catch (e) {
    const kind = errorKind(e);
    check(`full memory: ${name} works or throws OutOfMemory`, kind === 'OutOfMemory' && e instanceof Error, `${kind}: ${describeError(e)}`);
  }
}
workOrOom('new tf.GradientTape()', () => new tf.GradientTape());
workOrOom('tf.ones([2]).add(1)', () => tf.ones([2]).add(1));
workOrOom('a 2x2 matmul', () => tf.matmul(tf.ones([2, 2]), tf.ones([2, 2])));
workOrOom('uploading tf.constant([1, 2, 3]) for an op', () => tf.constant([1, 2, 3]).mul(2));
workOrOom('new tf.Variable([1, 2])', () => new tf.Variable([1, 2]));
workOrOom('recording x*x on a tape and its gradient', () => {
  const x = tf.constant([1, 2]);
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tape.record(() => x.mul(x));
  return tape.gradient(y, x);
});
workOrOom('tf.memory()', () => tf.memory());

const e1 = disposeAll(held);
const e2 = disposeAll(extra);
check('disposing everything afterwards works', e1 === null && e2 === null, e1 || e2 ? describeError(e1 ?? e2) : '');
attempt('library works after the memory is freed', () => check('library works after the memory is freed', libraryWorks()));
attempt('a large tensor works after the memory is freed', () => {
  const big = tf.ones([64 * MiB]); // 256 MiB
  const s = tf.reduceSum(big).item();
  big.dispose();
  check('a 256 MiB tensor and a reduction work after the memory is freed', s === 64 * MiB, s);
});
numbers.ms = performance.now() - t0;
done();
