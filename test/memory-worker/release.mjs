// Requirement (d): dispose(), tf.tidy, tf.keep and Symbol.dispose release memory early and
// deterministically, and tf.memory() reports it: live wasm tensors (numTensors) return to their
// baseline after a tidy'd forward + backward + optimizer step, and disposing an intermediate
// lowers numBytes at once. No gc() anywhere: none of this may depend on the garbage collector.
// Prints one JSON line: {checks: [{name, ok, detail}], numbers: {...}}.
import * as tf from 'gradtape';
import { report } from './common.mjs';

const checks = [];
const numbers = {};
function check(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
}
function attempt(name, fn) {
  try {
    fn();
  } catch (e) {
    check(name, false, `threw: ${e && e.stack ? e.stack : e}`);
  }
}
const mem = () => tf.memory();

// ---- tidy'd training steps: live handles and bytes return to the baseline every step --------
attempt('tidy training step', () => {
  tf.random.setSeed(5);
  const X = tf.random.normal([64, 128]);
  const Y = tf.random.normal([64, 16]);
  // (The initial values are drawn in wasm: disposed once the variables hold copies.)
  const [init1, init2] = [tf.random.normal([128, 32], { stddev: 0.1 }), tf.random.normal([32, 16], { stddev: 0.1 })];
  const W1 = new tf.Variable(init1);
  const W2 = new tf.Variable(init2);
  init1.dispose();
  init2.dispose();
  const opt = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
  const step = () =>
    tf.tidy(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        const h = tf.abs(tf.matmul(X, W1));
        return tf.reduceMean(tf.square(tf.sub(tf.matmul(h, W2), Y)));
      });
      const grads = tape.gradient(loss, [W1, W2]);
      opt.applyGradients([[grads[0], W1], [grads[1], W2]]);
      return loss.item();
    });
  const first = step(); // builds the optimizer slots and uploads X, Y
  const base = mem();
  const counts = [];
  const bytes = [];
  let last = first;
  for (let i = 0; i < 200; i++) {
    last = step();
    const m = mem();
    counts.push(m.numTensors);
    bytes.push(m.numBytes);
  }
  const end = mem();
  numbers.tidyBaseline = { numTensors: base.numTensors, numBytes: base.numBytes, wasmMemoryBytes: base.wasmMemoryBytes };
  numbers.tidyAfter200 = { numTensors: end.numTensors, numBytes: end.numBytes, wasmMemoryBytes: end.wasmMemoryBytes, maxNumTensors: Math.max(...counts) };
  check('numTensors back to baseline after every tidy step', counts.every((c) => c === base.numTensors), `baseline ${base.numTensors}, seen ${[...new Set(counts)].join(',')}`);
  check('numBytes back to baseline after every tidy step', bytes.every((b) => b === base.numBytes), `baseline ${base.numBytes}, seen ${[...new Set(bytes)].slice(0, 5).join(',')}`);
  // (The allocator may take a page or two more while it settles; what must not happen is growth
  // with the number of steps.)
  check('wasm memory does not grow over 200 tidy steps', end.wasmMemoryBytes <= base.wasmMemoryBytes + 256 * 1024, `${base.wasmMemoryBytes} -> ${end.wasmMemoryBytes}`);
  check('tidy releases without evicting to JS', end.numEvicted === base.numEvicted, `${base.numEvicted} -> ${end.numEvicted}`);
  check('the tidy loop trains', last < first, `loss ${first} -> ${last}`);
  // Variables (2), their Adam slots (2 x 2 = 4), and X, Y: exactly 8 live handles.
  check('baseline is variables + slots + data (8 handles)', base.numTensors === 8, base.numTensors);
  // Releasing the rest: variables, optimizer slots and data return numTensors to 0.
  W1.dispose();
  W2.dispose();
  opt.dispose();
  X.dispose();
  Y.dispose();
  const empty = mem();
  check('disposing variables, optimizer and data leaves no live tensor', empty.numTensors === 0 && empty.numBytes === 0, `numTensors ${empty.numTensors}, numBytes ${empty.numBytes}`);
});

// ---- tidy keeps what it returns and what tf.keep marks; disposes the rest -------------------
attempt('tidy return and keep', () => {
  const m0 = mem();
  let inner;
  let kept;
  const out = tf.tidy(() => {
    const a = tf.fill([1000], 2);
    inner = tf.square(a);
    kept = tf.keep(tf.add(a, 1));
    return { result: [tf.mul(a, 3)] };
  });
  const m1 = mem();
  check('tidy disposes its intermediates', inner.isDisposed);
  check('tidy keeps tf.keep tensors', !kept.isDisposed && kept.dataSync()[0] === 3);
  check('tidy keeps returned tensors (nested)', !out.result[0].isDisposed && out.result[0].dataSync()[999] === 6);
  check('after tidy, exactly the returned and kept tensors are live', m1.numTensors - m0.numTensors === 2, `${m0.numTensors} -> ${m1.numTensors}`);
  let threw = '';
  try {
    tf.add(inner, 1);
  } catch (e) {
    threw = String(e.message);
  }
  check('using a tidy-disposed tensor throws a clear error', /disposed/.test(threw), threw);
  tf.dispose([kept, out]);
  const m2 = mem();
  check('tf.dispose(structure) returns to the baseline', m2.numTensors === m0.numTensors && m2.numBytes === m0.numBytes, `${m0.numTensors}/${m0.numBytes} -> ${m2.numTensors}/${m2.numBytes}`);
  // Nested tidy: an inner result returned to the outer scope is disposed by the outer tidy.
  let innerResult;
  tf.tidy(() => {
    innerResult = tf.tidy(() => tf.exp(tf.fill([10], 0)));
    return undefined;
  });
  check('nested tidy: inner result owned by the outer scope', innerResult.isDisposed);
  check('nested tidy returns to the baseline', mem().numTensors === m0.numTensors);
});

// ---- dispose() and Symbol.dispose lower numBytes at once ------------------------------------
attempt('dispose intermediates', () => {
  const a = tf.fill([512, 512], 1); // 1 MiB
  const b = tf.matmul(a, a); // 1 MiB intermediate
  const c = tf.reduceSum(b);
  const m0 = mem();
  b.dispose();
  const m1 = mem();
  numbers.disposeIntermediate = { numBytesBefore: m0.numBytes, numBytesAfter: m1.numBytes };
  check('dispose() of a 1 MiB intermediate lowers numBytes by 1 MiB at once', m0.numBytes - m1.numBytes === 512 * 512 * 4, `${m0.numBytes} -> ${m1.numBytes}`);
  check('dispose() lowers numTensors by one', m0.numTensors - m1.numTensors === 1);
  check('dispose() sets isDisposed', b.isDisposed);
  b.dispose(); // idempotent
  check('dispose() is idempotent', mem().numTensors === m1.numTensors);
  check('other tensors are unaffected', c.item() === 512 * 512 * 512);
  check('Symbol.dispose exists on tensors', typeof a[Symbol.dispose] === 'function');
  const m2 = mem();
  a[Symbol.dispose](); // what `using a = ...` calls at the end of its block
  const m3 = mem();
  check('Symbol.dispose lowers numBytes by 1 MiB at once', m2.numBytes - m3.numBytes === 512 * 512 * 4, `${m2.numBytes} -> ${m3.numBytes}`);
  check('Symbol.dispose marks the tensor disposed', a.isDisposed);
  c.dispose();
});

// ---- an evicted tensor (data in JS) can be disposed too, and dispose frees its JS copy --------
attempt('dispose evicted', () => {
  tf.setMemoryBudget(0);
  const t = tf.fill([1000], 7);
  tf.add(tf.fill([1], 1), 1); // evicts t
  const evicted = t._h === 0; // internal: 0 when the data lives only in JS
  t.dispose();
  tf.setMemoryBudget(64 * 1024 * 1024);
  check('an evicted tensor disposes cleanly', t.isDisposed, `was evicted: ${evicted}`);
});

// ---- Variable.dispose and a persistent tape's dispose free their wasm memory ------------------
attempt('variable and tape dispose', () => {
  const m0 = mem();
  const v = tf.tidy(() => new tf.Variable(tf.fill([256, 256], 1 / 256))); // 256 KiB; the fill is tidied
  const m1 = mem();
  check('a variable is counted in numBytes (and tidy freed its initial value)', m1.numBytes - m0.numBytes === 256 * 256 * 4 && m1.numTensors - m0.numTensors === 1, `${m0.numTensors}/${m0.numBytes} -> ${m1.numTensors}/${m1.numBytes}`);
  // A persistent tape holds what it saved (1 MiB+ here) until dispose(). tf.memory() counts
  // handles, not what tapes hold, so the release shows in wasm memory staying flat over cycles
  // that would otherwise keep ~1 MiB each (no FinalizationRegistry callback runs in this loop).
  const cycle = () => {
    const tape = new tf.GradientTape({ persistent: true });
    tf.tidy(() => {
      const loss = tape.record(() => tf.reduceSum(tf.exp(tf.matmul(v, v))));
      tape.gradient(loss, v);
      tape.gradient(loss, v);
    });
    tape.dispose();
  };
  cycle();
  const w0 = mem();
  for (let i = 0; i < 100; i++) cycle();
  const w1 = mem();
  numbers.persistentTapeCycles = { wasmBefore: w0.wasmMemoryBytes, wasmAfter100: w1.wasmMemoryBytes, numBytes: w1.numBytes };
  check("100 persistent tapes with dispose(): wasm memory stays flat", w1.wasmMemoryBytes <= w0.wasmMemoryBytes + 256 * 1024, `${w0.wasmMemoryBytes} -> ${w1.wasmMemoryBytes}`);
  check('persistent tape cycles in tidy leave no live handle', w1.numTensors === m1.numTensors && w1.numBytes === m1.numBytes, `${m1.numTensors}/${m1.numBytes} -> ${w1.numTensors}/${w1.numBytes}`);
  v[Symbol.dispose]();
  const m5 = mem();
  check('Variable Symbol.dispose frees its buffer', m5.numBytes === m0.numBytes && m5.numTensors === m0.numTensors, `${m0.numTensors}/${m0.numBytes} -> ${m5.numTensors}/${m5.numBytes}`);
});

report({ checks, numbers, final: tf.memory() });
