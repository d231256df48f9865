// Issue 8, defect 5: after an OutOfMemory the heap stays fragmented: with zero live tensors,
// 768 MiB can no longer be allocated. Memory is filled to OutOfMemory with mixed sizes (64 MiB
// tensors, then 1 MiB ones into what is left; filling with 1 MiB tensors first takes ~25 s on a
// slow machine and shows the same), every tensor is disposed, and then 768 MiB and the largest
// tensor (tf.zeros([2**29 - 1]) float32, 2 GiB minus 4 bytes) must be allocatable again.
import * as tf from 'gradtape';
import { MiB, describeError, disposeAll, errorKind, fillMemory, libraryWorks, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity); // nothing is evicted: tensors stay in wasm memory

const t0 = performance.now();
const { held, errors } = fillMemory([16 * MiB, MiB / 4]); // float32 elements: 64 MiB, then 1 MiB
numbers.fill = { tensors: held.length, errors, wasmMemoryBytes: tf.memory().wasmMemoryBytes, ms: performance.now() - t0 };
check('filling ends in OutOfMemory for both sizes', errors.every((e) => e.kind === 'OutOfMemory'), errors);
const disposeError = disposeAll(held);
check('disposing every tensor works', disposeError === null, disposeError ? describeError(disposeError) : '');
const m = tf.memory();
numbers.afterDispose = m;
check('no live tensors remain', m.numTensors === 0 && m.numBytes === 0, `numTensors ${m.numTensors}, numBytes ${m.numBytes}`);

for (const [name, elements] of [
  ['768 MiB', 192 * MiB],
  ['the largest tensor, zeros([2**29 - 1])', 2 ** 29 - 1],
  ['768 MiB again', 192 * MiB],
]) {
  let t = null;
  try {
    t = tf.zeros([elements]);
    check(`${name} can be allocated after the OutOfMemory`, t.size === elements, `size ${t.size}`);
  } catch (e) {
    check(`${name} can be allocated after the OutOfMemory`, false, `${errorKind(e)}: ${describeError(e)}`);
  }
  if (t) attempt(`dispose ${name}`, () => t.dispose());
}
attempt('library works afterwards', () => check('library works afterwards', libraryWorks()));
numbers.ms = performance.now() - t0;
done();
