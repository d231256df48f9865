// The current name scope, as TensorFlow 2 keeps it in eager mode (name_scope_v2): a string such
// as 'outer/inner/' that prefixes the names of variables made inside it. Kept apart from
// ts/contexts.ts so that ts/variable.ts can read it without importing the tapes.

import { describe } from './describe';
import { isPromise } from './memory';

/** The current scope: '' at the top level, else names each followed by '/'. */
let current = '';

/** The name scope variables made now are named in ('' at the top level). */
export const currentNameScope = (): string => current;

/**
 * Runs `fn(scope)` with the scope set to what `tf.name_scope(name)` enters in eager mode: `name`
 * ending in '/' is a full scope of its own, '' (or null) is the top level, any other name is
 * appended to the current scope. The scope is restored when fn returns or throws.
 */
export function withNameScope<T>(op: string, name: string | null, fn: (scope: string) => T): T {
  if (name !== null && typeof name !== 'string') throw new Error(`${op}: name for name_scope must be a string, got ${describe(name)}.`);
  if (typeof fn !== 'function') throw new Error(`${op}: expected a function to run in the scope, got ${describe(fn)}.`);
  const old = current;
  current = !name ? '' : name.endsWith('/') ? name : `${old}${name}/`;
  let result: T;
  try {
    result = fn(current);
  } finally {
    current = old;
  }
  if (isPromise(result)) throw new Error(`${op}: the function returned a Promise; the scope covers synchronous work only (it ended when the function returned).`);
  return result;
}
