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

/**
 * The optional arguments of a function that takes them either as one options object or
 * positionally in TensorFlow's order (`names`): `args` are the arguments from the first of them
 * on. Positional ones become an options object for the function's own checks. A null for a name
 * in `noneIsDefault` is TensorFlow's None, the default, and is left out; other nulls are kept
 * for the checks (to refuse, or where null means something, as a full-range minval does).
 * `library` names whose order it is, in the errors; `isOptions` tells an options object from a
 * first positional argument (by default, any plain object is the options). After positional
 * arguments, a last options object whose keys are all `names` or `keywords` holds the rest (Python's
 * keyword arguments); a name given both ways is an error, as in Python.
 */
export function optionsOrPositional(
  op: string,
  args: readonly unknown[],
  names: readonly string[],
  noneIsDefault: readonly string[],
  library = 'TensorFlow',
  isOptions: (v: unknown) => boolean = isPlainObject,
  keywords: readonly string[] = [],
): unknown {
  const [first, ...rest] = args;
  if (first === undefined && rest.every((v) => v === undefined)) return undefined;
  if (isOptions(first)) {
    const extra = rest.findIndex((v) => v !== undefined);
    if (extra !== -1) {
      throw new Error(`${op}: got ${describe(rest[extra])} after the options object; pass ${names.join(', ')} either in the options object or positionally in ${library}'s order, not both.`);
    }
    return first;
  }
  // Python's keyword arguments after positional ones, `Dense(3, 'relu', name='d')`, are a last
  // options object here: `new Dense(3, 'relu', {name: 'd'})`. It is told from a positional value
  // that is an object (a dict of losses, class weights) by its keys: all of them are names.
  let last = args.length - 1;
  while (last > 0 && args[last] === undefined) last--;
  const kwargs = args[last];
  if (last > 0 && isOptions(kwargs) && Object.keys(kwargs as object).every((k) => names.includes(k) || keywords.includes(k))) {
    const options = positionalOptions(op, args.slice(0, last), names, noneIsDefault, library);
    for (const name of Object.keys(kwargs as object)) {
      if (name in options) throw new Error(`${op}: got multiple values for argument ${name}: positionally and in the options object after the positional arguments.`);
    }
    return Object.assign(options, kwargs);
  }
  return positionalOptions(op, args, names, noneIsDefault, library);
}

/**
 * The argument lists of the mixed form `optionsOrPositional` takes at run time: a prefix of the
 * positional arguments `P` (a labelled tuple, each element optional or not), then one options
 * object `O` for the rest, Python's keyword arguments. `Dense(3, 'relu', name='d')` is
 * `new Dense(3, 'relu', { name: 'd' })`; with `P = [activation?: A, useBias?: boolean]` this is
 *
 * ```ts
 * [activation: A, useBias: boolean, options?: O] | [activation: A, options?: O] | [options?: O]
 * ```
 *
 * used as a rest parameter: `constructor(units: number, ...args: PositionalThenOptions<P, O>)`.
 * The positional elements before the options are required (Python's positional arguments; no
 * `undefined` holes) and keep their labels. `O` is used as given: pass the options for the
 * arguments after the required ones, whose keys are all optional and all names the runtime
 * accepts after positional arguments (the positional names and, for layers, the base layer's
 * keyword arguments), or it would take the object for a positional value.
 */
export type PositionalThenOptions<P extends readonly unknown[], O> = PositionalPrefixes<Required<[...P]>, O>;

/** `PositionalThenOptions`' recursion: the whole of `P` then the options, and the same for each
 * shorter prefix (sliced from the end, which keeps the elements' labels). */
type PositionalPrefixes<P extends unknown[], O> = P extends [...infer Init, unknown] ? [...P, options?: O] | PositionalPrefixes<Init, O> : [options?: O];

/** The keyword arguments of every Keras layer (its base Layer's `**kwargs` in gradtape's
 * LayerOptions): they follow the positional arguments in a last options object. */
export const LAYER_KEYWORDS: readonly string[] = ['name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape'];

/** Positional arguments in `library`'s order (`names`) as an options object: undefined and a
 * null for a name in `noneIsDefault` are left out; more arguments than names is an error. */
export function positionalOptions(op: string, args: readonly unknown[], names: readonly string[], noneIsDefault: readonly string[], library = 'TensorFlow'): Record<string, unknown> {
  if (args.length > names.length) {
    throw new Error(`${op}: got ${args.length} optional arguments where at most ${names.length} are taken (${names.join(', ')}, in ${library}'s order).`);
  }
  const options: Record<string, unknown> = {};
  args.forEach((v, i) => {
    const name = names[i]!;
    if (v === undefined || (v === null && noneIsDefault.includes(name))) return;
    options[name] = v;
  });
  return options;
}

/**
 * A Keras 3 class's or method's optional arguments, as one options object or positionally in
 * Keras 3's order (`names`, camelCase; `library` for another's, TensorFlow's; `isOptions` as in
 * `optionsOrPositional`). Its parameters gradtape lacks are named in `unsupported` with their
 * default: given otherwise, they are an error (never silently dropped); left at the default, they
 * are removed from the options returned. Python's keyword arguments after positional ones come in
 * a last options object, whose keys are `names` or `keywords` (by default a layer's base ones).
 */
export function kerasArguments(
  op: string,
  args: readonly unknown[],
  names: readonly string[],
  noneIsDefault: readonly string[],
  {
    unsupported = {},
    library = 'Keras 3',
    isOptions = isPlainObject,
    keywords = LAYER_KEYWORDS,
  }: { unsupported?: Readonly<Record<string, unknown>>; library?: string; isOptions?: (v: unknown) => boolean; keywords?: readonly string[] } = {},
): Record<string, unknown> | undefined {
  const options = optionsOrPositional(op, args, names, noneIsDefault, library, isOptions, keywords) as Record<string, unknown> | undefined;
  if (options === undefined || isOptions(args[0])) return options;
  for (const [name, fallback] of Object.entries(unsupported)) {
    if (!(name in options)) continue;
    const v = options[name];
    if (v !== fallback) {
      throw new Error(`${op}: gradtape does not support ${library}'s argument ${name}; leave it at its default (${describe(fallback)}), got ${describe(v)}.`);
    }
    delete options[name];
  }
  return options;
}

/** A boolean argument or option; `undefined` gives `fallback`. */
export function checkBoolean(v: unknown, op: string, name: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new Error(`${op}: ${name} must be true or false, got ${describe(v)}.`);
  return v;
}
