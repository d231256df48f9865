// The documented limit is the real one: on a fresh instance a tensor of the largest accepted size
// (2^31 - 1 bytes: 2^29 - 1 float32 or int32 elements, 2^28 - 1 float64) is really allocated,
// and one element more is refused up front with an error that names the op and the limit.
// Prints one JSON line: {checks: [{name, ok, detail}]}.
import * as tf from 'gradtape';
import { report } from './common.mjs';

const checks = [];
const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail: String(detail) });

tf.setMemoryBudget(Infinity);
for (const [dtype, max] of [['float32', 2 ** 29 - 1], ['float64', 2 ** 28 - 1], ['int32', 2 ** 29 - 1]]) {
  try {
    const t = tf.zeros([max], dtype);
    check(`zeros([${max}], '${dtype}') works`, t.size === max && t.dtype === dtype);
    check(`ops still work with it held (${dtype})`, tf.ones([2]).add(1).dataSync().join() === '2,2');
    t.dispose();
  } catch (e) {
    check(`zeros([${max}], '${dtype}') works`, false, `${e.name}: ${e.message}`);
  }
  let error = null;
  try {
    tf.zeros([max + 1], dtype);
  } catch (e) {
    error = e;
  }
  check(
    `zeros([${max + 1}], '${dtype}') is refused with a clear error`,
    error instanceof Error && error.name !== 'RuntimeError' && /^zeros: /.test(error.message) && /2 GiB/.test(error.message),
    error && `${error.name}: ${error.message}`,
  );
}
report({ checks });
