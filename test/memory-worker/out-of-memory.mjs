// Fills wasm memory to its 4 GiB limit: the allocation that does not fit must fail with an
// OutOfMemory error (not abort the module), and after disposing, the library works again.
import * as tf from 'gradtape';

const result = { checks: [] };
const check = (name, ok, detail = '') => result.checks.push({ name, ok: Boolean(ok), detail });

// Without a budget nothing is evicted to JS, so the tensors really stay in wasm memory.
tf.setMemoryBudget(Infinity);
const held = [];
let error = null;
try {
  // 1.5 GiB each: the third cannot fit in a 4 GiB address space.
  for (let i = 0; i < 3; i++) held.push(tf.zeros([384 * 2 ** 20]));
} catch (e) {
  error = e;
}
check('an allocation past the limit throws', error !== null, String(error));
check('the error is OutOfMemory', error?.name === 'ResourceExhaustedError' && error instanceof tf.errors.ResourceExhaustedError, error?.name);
check('the message names the op and a fix', /zeros|fill/.test(error?.message) && /tf\.tidy|dispose/.test(error?.message), error?.message);
check('tensors made before the failure are intact', held.length === 2 && held[0].size === 384 * 2 ** 20);
for (const t of held) t.dispose();
const again = tf.zeros([384 * 2 ** 20]);
check('after disposing, a large tensor can be made again', again.size === 384 * 2 ** 20);
again.dispose();
const x = new tf.Variable(3);
const tape = new tf.GradientTape();
const y = tape.record(() => x.mul(x));
check('ops and gradients still work', tape.gradient(y, x).item() === 6);
console.log(JSON.stringify(result));
