// After wasm memory has been filled to OutOfMemory with tensors of mixed sizes (64 MiB, 1 MiB and
// tiny ones interleaved, then 1 MiB, 64 KiB and 256 B each until it fails) and everything is
// disposed, the largest tensor gradtape accepts (2^29 - 1 float32 elements, 2 GiB less 4 bytes)
// fits again and ops still work: the small objects made along the way must not pin holes
// between the large buffers.
// Prints one JSON line: {checks: [{name, ok, detail}], numbers: {...}}.
import * as tf from 'gradtape';
import { MB, report } from './common.mjs';

const checks = [];
const numbers = {};
const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail: String(detail) });

tf.setMemoryBudget(Infinity); // nothing is evicted to JS: the tensors stay in wasm memory
const held = [];
const errors = [];
/** Makes one tensor and holds it; false (with the error kept) when it throws. */
function hold(make) {
  try {
    held.push(make());
    return true;
  } catch (e) {
    errors.push(e);
    return false;
  }
}

const elements = { '64 MiB': 16 * MB, '1 MiB': MB / 4, '64 KiB': 16384, '256 B': 64, tiny: 1 };
// Interleaved rounds until a 64 MiB tensor no longer fits, then each smaller size until it fails.
// The tensors held stay well below the library's count of resident tensors (2048), past which
// it would evict the least recently used ones to JS and free their wasm memory.
while (hold(() => tf.zeros([elements['64 MiB']]))) {
  hold(() => tf.zeros([elements['1 MiB']]));
  hold(() => tf.zeros([elements['1 MiB']]));
  for (let i = 0; i < 5; i++) hold(() => tf.fill([elements.tiny], i));
}
for (const size of ['1 MiB', '64 KiB', '256 B']) {
  let n = 0;
  while (n < 2000 && hold(() => tf.zeros([elements[size]]))) n++;
  numbers[`fill ${size}`] = n;
}
check('nothing was evicted to JS while filling', tf.memory().numEvicted === 0, tf.memory().numEvicted);
check('memory is full: a 256-byte tensor fails', !hold(() => tf.zeros([elements['256 B']])));
numbers.heldTensors = held.length;
numbers.heldMiB = Math.round(held.reduce((s, t) => s + t.size * 4, 0) / MB);
numbers.wasmMemoryMiBWhenFull = tf.memory().wasmMemoryBytes / MB;
check('memory was filled (over 3.5 GiB of tensors held)', numbers.heldMiB > 3.5 * 1024, `${numbers.heldMiB} MiB`);
const names = [...new Set(errors.map((e) => e.name))];
check('every failure is an OutOfMemory error', names.length === 1 && names[0] === 'ResourceExhaustedError', names.join(', '));

for (const t of held) t.dispose();
check('everything is disposed', tf.memory().numTensors === 0, tf.memory().numTensors);

const MAX = 2 ** 29 - 1;
try {
  const big = tf.zeros([MAX]);
  check('the largest tensor fits again', big.size === MAX);
  check('an op reads it', tf.reduceSum(big).item() === 0);
  big.dispose();
} catch (e) {
  check('the largest tensor fits again', false, `${e.name}: ${e.message}`);
}
const x = new tf.Variable(3);
const tape = new tf.GradientTape();
const y = tape.record(() => x.mul(x).add(1));
check('ops and gradients work', tape.gradient(y, x).item() === 6 && y.item() === 10);
const fits = hold(() => tf.zeros([elements['64 MiB']]));
check('a 64 MiB tensor fits after that', fits, fits ? '' : errors.at(-1));
numbers.wasmMemoryMiBAtEnd = tf.memory().wasmMemoryBytes / MB;
report({ checks, numbers });
