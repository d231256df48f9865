// Issue 8, defect 17 (the part that needs full memory): an OutOfMemory error for a small
// request said "out of memory for 0 MiB". The message must give a sensible size (KiB or bytes):
// memory is filled (64 MiB, 1 MiB, then 64 KiB tensors until each fails), and the 64 KiB
// zeros that failed, a further 64 KiB zeros and a 64 KiB upload (tf.constant of 16,384 float32
// values used by an op) must each fail with OutOfMemory naming 64 KiB (or 65,536 bytes).
import * as tf from 'gradtape';
import { MiB, describeError, disposeAll, errorKind, fillMemory, libraryWorks, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity);

const SIZE = /\b64(\.0+)? ?KiB\b|\b65,?536 ?(bytes|B)\b/;
const ZERO_MIB = /\b0(\.0+)? ?MiB\b/;

const { held, errors } = fillMemory([16 * MiB, MiB / 4, 16384]);
numbers.fill = errors;
check('filling ends in OutOfMemory at every size', errors.every((e) => e.kind === 'OutOfMemory'), errors);
const last = errors[errors.length - 1];
check(
  'the failed 64 KiB zeros: OutOfMemory message names 64 KiB (not "0 MiB")',
  last.kind === 'OutOfMemory' && SIZE.test(last.message) && !ZERO_MIB.test(last.message) && /\bzeros\b/.test(last.message),
  last.message,
);
const cases = [
  ['zeros([16384])', () => tf.zeros([16384]), /\bzeros\b/],
  ['an upload of 16,384 float32 values', () => tf.constant(new Float32Array(16384).fill(1)).mul(2), /upload|constant|\bmul\b/],
];
for (const [name, fn, op] of cases) {
  try {
    const t = fn();
    held.push(t);
    check(`${name} with memory full fails with OutOfMemory`, false, 'it worked: memory was not full enough (test setup)');
  } catch (e) {
    check(
      `${name} with memory full: OutOfMemory whose message names the op and 64 KiB (not "0 MiB")`,
      errorKind(e) === 'OutOfMemory' && SIZE.test(e.message) && !ZERO_MIB.test(e.message) && op.test(e.message),
      describeError(e),
    );
  }
}
const freeError = disposeAll(held);
check('freeing memory works', freeError === null, freeError ? describeError(freeError) : '');
attempt('library works afterwards', () => check('library works afterwards', libraryWorks()));
done();
