// Issue 8, defect 16: memory().numBytes wraps at 4 GiB (5.25 GiB was reported as 1.50).
// numBytes counts a shared buffer once per handle, so handles sharing one buffer can count past
// 4 GiB inside a 4 GiB wasm memory: a 1.5 GiB float32 tensor and three tf.stopGradient handles
// that share its storage must report 4 x 1.5 GiB = 6 GiB (plus whatever was live before), not
// the value wrapped modulo 2^32 (2 GiB).
import * as tf from 'gradtape';
import { GiB, MiB, describeError, makeReport } from './regress-common.mjs';

const { check, attempt, numbers, done } = makeReport();
tf.setMemoryBudget(Infinity);

attempt('shared handles', () => {
  const before = tf.memory().numBytes;
  const x = tf.zeros([384 * MiB]); // 1.5 GiB of float32
  const one = tf.memory().numBytes;
  const views = [tf.stopGradient(x), tf.stopGradient(x), tf.stopGradient(x)];
  const m = tf.memory();
  numbers.bytes = { before, one, four: m.numBytes, numTensors: m.numTensors, wasmMemoryBytes: m.wasmMemoryBytes };
  check('the 1.5 GiB tensor counts 1.5 GiB', one - before === 1.5 * GiB, `${before} -> ${one}`);
  check(
    'four handles to a 1.5 GiB buffer: numBytes = 6 GiB more than before (not wrapped at 4 GiB)',
    m.numBytes - before === 6 * GiB,
    `numBytes ${m.numBytes} (${(m.numBytes / GiB).toFixed(2)} GiB), before ${before}; wasm memory ${(m.wasmMemoryBytes / GiB).toFixed(2)} GiB`,
  );
  check('the stopGradient handles are live tensors', m.numTensors >= 4, m.numTensors);
  for (const t of views) t.dispose();
  check('disposing the three extra handles brings numBytes back to 1.5 GiB', tf.memory().numBytes - before === 1.5 * GiB, tf.memory().numBytes);
  x.dispose();
});
done();
