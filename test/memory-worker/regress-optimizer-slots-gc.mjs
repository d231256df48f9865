// Issue 8, defect 14 (the part that needs the garbage collector; run with --expose-gc): an
// optimizer that was disposed and then used again rebuilds its slots outside the collector's
// reach: dispose() unregistered the optimizer from its finalizer, so when the reused optimizer is
// dropped, its new slots are never freed. Either reusing a disposed optimizer throws a clear
// Error, or, once it is dropped and collected, its slots are freed like any optimizer's. A
// control (an optimizer never disposed, dropped) shows the collector does run here.
import * as tf from 'gradtape';
import { describeError, makeReport } from './regress-common.mjs';

const { check, numbers, done } = makeReport();
if (typeof globalThis.gc !== 'function') {
  check('worker runs with --expose-gc', false);
  done();
  process.exit(0);
}
const settle = async () => {
  for (let i = 0; i < 8; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};
const mem = () => {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
};

const v = new tf.Variable(tf.tidy(() => tf.zeros([1024])), { name: 'v' });
const g = tf.ones([1024]);
await settle();
const base = mem();

// Control: a never-disposed Adam, dropped, is freed by its finalizer.
(() => {
  const opt = new tf.optimizers.Adam();
  opt.applyGradients([[g, v]]);
})();
const controlHeld = mem();
await settle();
const controlAfter = mem();
numbers.control = { base, held: controlHeld, afterGc: controlAfter };
check(
  'control: a dropped optimizer (never disposed) holds 2 Adam slots, freed after gc',
  controlHeld.numTensors === base.numTensors + 2 && controlAfter.numTensors === base.numTensors && controlAfter.numBytes === base.numBytes,
  numbers.control,
);

// A disposed optimizer used again, then dropped.
let reuseError = null;
(() => {
  const opt = new tf.optimizers.Adam();
  opt.applyGradients([[g, v]]);
  opt.dispose();
  try {
    opt.applyGradients([[g, v]]);
  } catch (e) {
    reuseError = e;
  }
})();
const reusedHeld = mem();
await settle();
const reusedAfter = mem();
numbers.reused = { held: reusedHeld, afterGc: reusedAfter, reuseError: reuseError && describeError(reuseError) };
if (reuseError) {
  check(
    'reusing a disposed optimizer throws a clear Error naming the optimizer (or works, see below)',
    reuseError instanceof Error && !(reuseError instanceof TypeError) && /Adam|optimizer/i.test(reuseError.message) && /dispos/i.test(reuseError.message),
    describeError(reuseError),
  );
  check('after the refused reuse nothing is left allocated', reusedAfter.numTensors === base.numTensors, numbers.reused);
} else {
  check(
    'a disposed optimizer used again and then dropped: its rebuilt slots are freed after gc',
    reusedAfter.numTensors === base.numTensors && reusedAfter.numBytes === base.numBytes,
    `base ${JSON.stringify(base)}; reused and dropped: ${JSON.stringify(reusedHeld)} -> after gc ${JSON.stringify(reusedAfter)}`,
  );
}
done();
