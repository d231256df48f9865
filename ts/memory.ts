// tf.tidy, tf.keep, tf.dispose: early, deterministic release of wasm memory. None of them is
// required (the resident budget bounds memory on its own, see tensor.ts); they make release
// immediate and skip copying dead tensors out to JS.

import { describe } from './describe';
import { Tensor, kerasMasks, objectArray, scopes } from './tensor';

function collect(x: unknown, out: Set<Tensor>): void {
  if (x instanceof Tensor) {
    out.add(x);
    // A Keras mask belongs to its tensor (Keras' `_keras_mask` attribute): it leaves with it.
    const mask = kerasMasks.get(x);
    if (mask !== undefined) out.add(mask);
  }
  else if (Array.isArray(x)) for (const v of x) collect(v, out);
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) collect(v, out);
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it, except the tensors it returns (in any
 * array/object structure) and those passed to `tf.keep`. Variables are never disposed by tidy.
 * Also disposes them when `fn` throws. Optional in gradtape (memory is bounded without it); it
 * releases wasm memory at once instead of at the next sweep. `fn` must be synchronous.
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3]);
 * let inside: tf.Tensor | undefined;
 * const y = tf.tidy(() => {
 *   inside = x.square();
 *   return inside.add(1);
 * });
 * console.log(inside!.isDisposed, y.isDisposed, y.arraySync()); // true false [ 2, 5, 10 ]
 * ```
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') throw new Error('tidy: expected a function, e.g. tf.tidy(() => x.square()).');
  const scope = openScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    // What fn made is unreachable once it throws: free it, as TensorFlow.js does.
    closeScope(scope);
    throw e;
  }
  if (isPromise(result)) {
    closeScope(scope, new Set(scope)); // the async rest may still use them
    throw new Error('tidy: the function returned a Promise; tidy cannot track async work. Use a synchronous function.');
  }
  const returned = new Set<Tensor>();
  collect(result, returned);
  closeScope(scope, returned);
  return result;
}

/** Starts a scope that owns the tensors made from now until `closeScope` (tf.tidy's, and a
 * compiled function's trace: what it makes is symbolic in TensorFlow, it leaves with the trace). */
export function openScope(): Tensor[] {
  const scope: Tensor[] = objectArray();
  scopes.push(scope);
  return scope;
}

/** Ends `scope` (the innermost): disposes what it made except `returned` and kept tensors, which
 * the enclosing scope, if any, then owns. */
export function closeScope(scope: Tensor[], returned: ReadonlySet<Tensor> = new Set()): void {
  const at = scopes.lastIndexOf(scope);
  if (at >= 0) scopes.length = at; // with any inner scope left open by an exception
  const parent = scopes.length ? scopes[scopes.length - 1] : undefined;
  for (const t of scope) {
    if (returned.has(t) || t._kept) {
      if (parent && !t._kept) parent.push(t); // still owned by the enclosing tidy
      continue;
    }
    t.dispose();
  }
}

/**
 * `fn` run with no tidy scope active, so no tidy owns what it makes. tf.data pipelines make their
 * elements this way: shuffle buffers and caches hold elements from one step to a later one, which
 * a step's tidy would have freed. (Such tensors are evicted like any other when dropped.)
 */
export function untracked<T>(fn: () => T): T {
  const saved = scopes.splice(0);
  try {
    return fn();
  } finally {
    scopes.push(...saved);
  }
}

/** True for a Promise or any other thenable (what an async function returns). */
export function isPromise(x: unknown): boolean {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/** Keeps `t` alive past the enclosing tidy scopes. Returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new Error(`keep: expected a tensor, got ${describe(t)}.`);
  t._kept = true;
  return t;
}

/** Disposes a tensor, or every tensor in an array/object structure. */
export function dispose(x: unknown): void {
  const all = new Set<Tensor>();
  collect(x, all);
  for (const t of all) t.dispose();
}
