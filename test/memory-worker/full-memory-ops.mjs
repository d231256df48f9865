// With wasm memory completely full (large tensors, then smaller and smaller ones, until even a
// one-element tensor fails), every op either works or throws OutOfMemory: none traps the module
// (RuntimeError: unreachable), though each needs small allocations of its own (an Rc, a shape, a
// tape, an error message). After disposing, everything works again.
// Prints one JSON line: {checks: [{name, ok, detail}], numbers: {...}}.
import * as tf from 'gradtape';
import { MB, report } from './common.mjs';

const checks = [];
const numbers = {};
const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail: String(detail) });

tf.setMemoryBudget(Infinity); // nothing is evicted to JS: the tensors stay in wasm memory
const held = [];
const fillErrors = new Set();
// Each size until it fails. The tensors held stay well below the library's count of resident
// tensors (2048), past which it would evict the least recently used ones to JS.
for (const elements of [64 * MB, 4 * MB, MB / 4, 16384, 1024, 64, 16, 1]) {
  for (let n = 0; n < 6000; n++) {
    try {
      held.push(tf.zeros([elements]));
    } catch (e) {
      fillErrors.add(e.name);
      break;
    }
  }
}
numbers.heldTensors = held.length;
check('nothing was evicted to JS while filling', tf.memory().numEvicted === 0, tf.memory().numEvicted);
let last = null;
try {
  held.push(tf.zeros([1]));
} catch (e) {
  last = e;
}
check('memory is full: even a one-element tensor fails', last?.name === 'ResourceExhaustedError', last);
numbers.wasmMemoryMiBWhenFull = tf.memory().wasmMemoryBytes / MB;
check('filling memory fails with OutOfMemory only', fillErrors.size === 1 && fillErrors.has('ResourceExhaustedError'), [...fillErrors]);

const ops = {
  'new tf.GradientTape()': () => new tf.GradientTape(),
  'tf.ones([2]).add(1)': () => tf.ones([2]).add(1).dataSync(),
  '2x2 matmul': () => tf.matmul(tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])).dataSync(),
  'tf.constant([1, 2])': () => tf.constant([1, 2]).dataSync(),
  'a recorded step and its gradient': () => {
    const v = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const y = tape.record(() => v.mul(v));
    return tape.gradient(y, v).item();
  },
  'tf.zeros([1])': () => tf.zeros([1]),
};
// Many times each, so that failing ops that leaked their small allocations would exhaust the
// reserve. In tidy, so their results do not pile up as resident tensors (past 2048 the library
// would evict the held ones to JS and free memory).
const outcomes = {};
for (let round = 0; round < 300; round++) {
  for (const [name, op] of Object.entries(ops)) {
    let outcome;
    try {
      tf.tidy(op);
      outcome = 'ok';
    } catch (e) {
      outcome = e.name === 'ResourceExhaustedError' ? 'OutOfMemory' : `${e.name}: ${e.message}`;
    }
    outcomes[name] ??= {};
    outcomes[name][outcome] = (outcomes[name][outcome] ?? 0) + 1;
  }
}
numbers.outcomesWhenFull = outcomes;
check('nothing was evicted to JS while running them', tf.memory().numEvicted === 0, tf.memory().numEvicted);
for (const [name, seen] of Object.entries(outcomes)) {
  const bad = Object.keys(seen).filter((o) => o !== 'ok' && o !== 'OutOfMemory');
  check(`${name} works or throws OutOfMemory when memory is full`, bad.length === 0, bad.join(' | '));
}

for (const t of held) t.dispose();
try {
  const tape = new tf.GradientTape();
  const x = new tf.Variable([[1, 2], [3, 4]]);
  const y = tape.record(() => tf.reduceSum(tf.matmul(x, x).add(1)));
  check('after disposing, ops and gradients work', y.item() === 58 && String(tape.gradient(y, x).dataSync()) === '7,11,9,13');
  check('after disposing, a 1 GiB tensor fits', tf.zeros([256 * MB]).size === 256 * MB);
} catch (e) {
  check('after disposing, ops and gradients work', false, `${e.name}: ${e.message}`);
}
report({ checks, numbers });
