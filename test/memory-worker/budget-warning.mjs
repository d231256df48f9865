// The default budget's warning: a step whose working set is larger than the budget has its
// least recently used large tensor evicted under pressure and needed again in the same step. After
// a few such copies, one console.warn says to raise tf.setMemoryBudget; a budget the user chose,
// or a working set that fits, prints nothing. argv[2]: 'default', 'chosen' or 'fits'.
import * as tf from 'gradtape';
import { report } from './common.mjs';

const mode = process.argv[2] ?? 'default';
const warnings = [];
console.warn = (message) => warnings.push(String(message));
if (mode === 'chosen') tf.setMemoryBudget(256 * 2 ** 20); // the default's size, chosen
// 100 MB of float32; a step makes two results of its size before it reads x again, so it holds
// 300 MB, over the default 256 MiB. 'fits': a quarter of that.
const n = (mode === 'fits' ? 25 : 100) * 2 ** 20 / 4;
const x = tf.fill([n], 0.5);
const checks = [];
let last = 0;
for (let step = 0; step < 8; step++) {
  last = tf.tidy(() => {
    const a = x.mul(2); // 1
    const b = a.add(1); // 2
    return b.mul(x).slice([0], [1]).dataSync()[0]; // (1 + 1) * 0.5
  });
}
checks.push({ name: 'the steps compute 1', ok: last === 1, detail: String(last) });
const expected = mode === 'default' ? 1 : 0;
checks.push({ name: `${expected} warning(s)`, ok: warnings.length === expected, detail: JSON.stringify(warnings) });
if (mode === 'default') {
  checks.push({ name: 'it says what to do', ok: /tf\.setMemoryBudget/.test(warnings[0] ?? '') && /256 MiB/.test(warnings[0] ?? ''), detail: warnings[0] ?? '' });
}
report({ checks, numEvicted: tf.memory().numEvicted });
