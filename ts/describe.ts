// Checking and describing the arguments users pass. Error messages quote the value they got; the
// quoting itself must never throw (a Symbol breaks template strings, a BigInt breaks
// JSON.stringify, an object without a prototype breaks String), or a bad argument would surface
// as a raw TypeError instead of the message that explains it.

import { Tensor } from './tensor';

/** A short, safe description of any value: `"abc"`, `2.5`, `null`, `a Date`, `an array of length 3`. */
export function describe(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'bigint':
      return `the bigint ${v.toString()}n`;
    case 'symbol':
      return v.toString();
    case 'function':
      return 'a function';
    default: {
      if (v === null) return 'null';
      if (Array.isArray(v)) return `an array of length ${v.length}`;
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto === null) return 'an object without a prototype';
      if ((v as Record<symbol, unknown>)[Symbol.for('gradtape.kerasTensor')] === true) {
        // tf ops run on values; a KerasTensor (the functional API's symbolic input) has none.
        return `a KerasTensor (${String(v)}): ops do not take the functional API's symbolic tensors; compute on them with a layer (tf.keras.layers.Add, Multiply, Concatenate, ... or a Layer subclass)`;
      }
      const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
      if ((name === 'Tensor' || name === 'Variable') && '_h' in (v as object) && !(v instanceof Tensor)) {
        // The dual-package hazard: each copy has its own wasm module, so tensors cannot cross.
        return (
          `a ${name} from another copy of gradtape (its ESM and CommonJS builds loaded in one process, or two ` +
          'installed versions); tensors of one copy cannot be used by another: import gradtape one way only'
        );
      }
      return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
    }
  }
}

/** True for `{...}` literals: what options and structures of tensors must be. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Checks an options argument: undefined means none; otherwise a plain object whose keys are all
 * in `allowed`. `op` names the function, `example` shows a valid call's options.
 */
export function checkOptions(options: unknown, op: string, allowed: readonly string[], example: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new Error(`${op}: options must be an object like ${example}, got ${describe(options)}.`);
  // for-in, not Object.keys: no array per call (gradient() checks its options every step)
  for (const key in options) {
    if (!allowed.includes(key)) throw new Error(`${op}: unknown option '${key}'; the options are ${allowed.join(', ')}.`);
  }
  return options;
}

/** A boolean argument or option; `undefined` gives `fallback`. */
export function checkBoolean(v: unknown, op: string, name: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new Error(`${op}: ${name} must be true or false, got ${describe(v)}.`);
  return v;
}
