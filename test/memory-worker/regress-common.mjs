// Shared helpers for the issue-8 regression workers (test/regressions-memory.test.ts runs each
// worker in its own node process). A worker records named checks and prints ONE JSON line,
// {checks: [{name, ok, detail}], numbers: {...}}, even when the library throws or traps, so the
// test can show every failed check rather than a crash.
import * as tf from 'gradtape';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export function makeReport() {
  const checks = [];
  const numbers = {};
  const check = (name, ok, detail = '') => {
    checks.push({ name, ok: Boolean(ok), detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
  };
  /** Runs fn; an exception becomes a failed check named `name`. Returns fn's result or undefined. */
  const attempt = (name, fn) => {
    try {
      return fn();
    } catch (e) {
      check(name, false, `threw ${describeError(e)}`);
      return undefined;
    }
  };
  const done = (extra = {}) => {
    process.stdout.write('\n' + JSON.stringify({ checks, numbers, ...extra }) + '\n');
  };
  return { checks, numbers, check, attempt, done };
}

/** "RuntimeError (RuntimeError): unreachable" style description of anything thrown. */
export function describeError(e) {
  if (e instanceof Error) return `${e.constructor.name} (${e.name}): ${String(e.message).slice(0, 400)}`;
  return String(e);
}

/** The kind of a thrown value: 'OutOfMemory' (tf.errors.ResourceExhaustedError), 'RuntimeError' (a wasm trap), 'TypeError', 'Error'. */
export function errorKind(e) {
  if (e instanceof WebAssembly.RuntimeError) return 'RuntimeError';
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof Error && e.name === 'ResourceExhaustedError') return 'OutOfMemory';
  if (e instanceof Error) return 'Error';
  return 'non-Error';
}

/**
 * Allocates float32 zeros of each size in `elementSizes` (largest first) until that size fails,
 * then moves to the next size: fills wasm memory. Returns the held tensors and every error seen.
 * `maxPerSize` caps each stage (eviction can free memory behind a long loop of tiny tensors).
 */
export function fillMemory(elementSizes, maxPerSize = 100_000) {
  const held = [];
  const errors = [];
  for (const n of elementSizes) {
    let i = 0;
    try {
      for (; i < maxPerSize; i++) held.push(tf.zeros([n]));
      errors.push({ size: n, kind: 'none', message: `no failure after ${maxPerSize} allocations` });
    } catch (e) {
      errors.push({ size: n, kind: errorKind(e), message: String(e && e.message).slice(0, 300), after: i });
    }
  }
  return { held, errors };
}

/** Disposes every tensor; returns the first exception (disposing must not throw). */
export function disposeAll(tensors) {
  let first = null;
  for (const t of tensors) {
    try {
      t.dispose();
    } catch (e) {
      first ??= e;
    }
  }
  tensors.length = 0;
  return first;
}

/** A correct op, a matmul and a gradient: the library works. Throws if not. */
export function libraryWorks() {
  const s = tf.add(tf.constant([1, 2]), tf.constant([3, 4])).dataSync();
  if (s[0] !== 4 || s[1] !== 6) throw new Error(`add gave ${Array.from(s)}`);
  const m = tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])).dataSync();
  if (m[0] !== 11) throw new Error(`matmul gave ${Array.from(m)}`);
  const x = new tf.Variable(3);
  const tape = new tf.GradientTape();
  const y = tape.record(() => x.mul(x));
  const g = tape.gradient(y, x).item();
  x.dispose();
  if (g !== 6) throw new Error(`gradient gave ${g}`);
  return true;
}
