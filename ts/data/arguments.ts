// The optional arguments of tf.data's functions: Python programs ported to JS pass them
// positionally in TensorFlow's order (`ds.shuffle(1000, 42)`, `ds.window(3, 1, 1, true)`), and
// gradtape's own form is one options object (`ds.shuffle(1000, {seed: 42})`). Both forms end up as
// one options object, checked as the options form always was.

import { checkOptions, isPlainObject, kerasArguments } from '../describe';
import { TensorShape } from '../tensor-shape';

/** How a tf.data function reads its optional arguments besides TensorFlow's order. */
export interface DataArgumentsSpec {
  /** The options object's keys (default: TensorFlow's `names`); gradtape's own extras come after
   * the positional ones only in a last options object (Python's keyword arguments). */
  allowed?: readonly string[];
  /** TensorFlow's parameters that gradtape lacks, with their default: another value is an error. */
  unsupported?: Readonly<Record<string, unknown>>;
  /** Tells the options object from a first positional value that is itself a plain object. */
  isOptions?: (v: unknown) => boolean;
}

/**
 * The optional arguments `args` of the tf.data function `op`, as one options object (`example`
 * shows one in the errors), or positionally in TensorFlow's order `names` (a null for a name in
 * `noneIsDefault` is TensorFlow's None, the default), perhaps followed by a last options object of
 * the rest (Python's keyword arguments: `ds.shuffle(1000, 42, {name: 'shuffled'})`).
 */
export function dataArguments(op: string, args: readonly unknown[], names: readonly string[], noneIsDefault: readonly string[], example: string, spec: DataArgumentsSpec = {}): Record<string, unknown> {
  const { allowed = names, unsupported = {}, isOptions = isPlainObject } = spec;
  const keywords = allowed.filter((k) => !names.includes(k));
  const options = kerasArguments(op, args, names, noneIsDefault, { library: 'TensorFlow', unsupported, isOptions, keywords }) ?? {};
  return checkOptions(options, op, allowed, example);
}

/** The options object of a method whose first positional argument is `paddedShapes`, told from a
 * dict of shapes (TensorFlow's padded_shapes for dict elements, `{a: [null], b: [4]}`): that has
 * no option among its keys and only shapes (arrays, tf.TensorShapes, dicts of them) as values. */
export function paddedShapesOrOptions(names: readonly string[]): (v: unknown) => boolean {
  return (v) => {
    if (!isPlainObject(v)) return false;
    const keys = Object.keys(v);
    const isShape = (s: unknown): boolean => Array.isArray(s) || s instanceof TensorShape || isPlainObject(s);
    return keys.length === 0 || keys.some((k) => names.includes(k)) || !keys.every((k) => isShape(v[k]));
  };
}
