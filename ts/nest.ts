// tf.nest: nested structures as TensorFlow's nest module sees them (tensorflow/python/util/nest.py
// and nest_util.py). A structure is an array or a plain object, nested to any depth; everything
// else is a leaf (tensors, numbers, strings, null, typed arrays, class instances). An object's
// values are visited in its keys' sorted order, as TensorFlow sorts a dict's keys, and a packed
// object keeps the key order of the structure it copies.

import { describe, isPlainObject } from './describe';

/** A nested structure of leaves of type T. */
export type Structure<T = unknown> = T | readonly Structure<T>[] | { readonly [key: string]: Structure<T> };

type Nested = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * tf.nest.is_nested(seq): true for an array or a plain object (a structure), false for a leaf.
 *
 * @example
 * ```ts
 * console.log(tf.nest.isNested([1, 2]), tf.nest.isNested({ a: 1 }), tf.nest.isNested(tf.ones([2])), tf.nest.isNested('ab')); // true true false false
 * ```
 */
export function isNested(seq: unknown): seq is Nested {
  return Array.isArray(seq) || isPlainObject(seq);
}

/** The children of a structure in flattening order: an object's by its sorted keys. */
function children(s: Nested): unknown[] {
  if (Array.isArray(s)) return s as unknown[];
  const object = s as Readonly<Record<string, unknown>>;
  return Object.keys(object)
    .sort()
    .map((k) => object[k]);
}

/** Throws unless `s` is absent from the structures being walked (a structure that holds itself
 * would never end; TensorFlow's recursion stops with a RecursionError there). */
function enter(s: Nested, open: Set<unknown>, op: string): void {
  if (open.has(s)) throw new Error(`${op}: the structure contains itself (a cycle); nest walks trees only.`);
  open.add(s);
}

function flattenInto(s: unknown, out: unknown[], open: Set<unknown>, op: string): void {
  if (!isNested(s)) {
    out.push(s);
    return;
  }
  enter(s, open, op);
  for (const c of children(s)) flattenInto(c, out, open, op);
  open.delete(s);
}

/**
 * tf.nest.flatten(structure, expand_composites): the leaves of a structure in order, an object's
 * by its sorted keys; a leaf alone gives `[leaf]`. (gradtape has no composite tensors, so
 * `expandComposites` changes nothing.)
 *
 * @example
 * ```ts
 * console.log(tf.nest.flatten({ b: [3, 4], a: 1, c: null })); // [ 1, 3, 4, null ]
 * console.log(tf.nest.flatten(5)); // [ 5 ]
 * ```
 */
export function flatten<T = unknown>(structure: unknown, expandComposites = false): T[] {
  checkFlag(expandComposites, 'nest.flatten', 'expandComposites');
  const out: unknown[] = [];
  flattenInto(structure, out, new Set(), 'nest.flatten');
  return out as T[];
}

/** TensorFlow's "str" of a value in nest's messages. */
const shown = (v: unknown): string => {
  try {
    const text = JSON.stringify(v, (_k, x: unknown) => (isNested(x) || x === null || typeof x !== 'object' ? x : describe(x)));
    if (text !== undefined) return text.length > 200 ? `${text.slice(0, 200)}...` : text;
  } catch {
    // A cycle, a bigint: described instead.
  }
  return describe(v);
};

/** A value as TensorFlow's nest messages show one: `type=Array str=[1,2]`. */
const node = (v: unknown): string => `type=${typeName(v)} str=${shown(v)}`;

const typeName = (v: unknown): string => (Array.isArray(v) ? 'Array' : isPlainObject(v) ? 'Object' : v === null ? 'null' : typeof v === 'object' ? describe(v) : typeof v);

/**
 * tf.nest.pack_sequence_as(structure, flat_sequence, expand_composites): `flatSequence`'s values
 * put into the shape of `structure` (the inverse of flatten): arrays where it has arrays, objects
 * with its keys (in its key order) where it has objects.
 *
 * @example
 * ```ts
 * console.log(tf.nest.packSequenceAs({ b: [0, 0], a: 0 }, [1, 2, 3])); // { b: [ 2, 3 ], a: 1 }
 * ```
 */
export function packSequenceAs<T = unknown>(structure: Structure<unknown>, flatSequence: readonly T[], expandComposites = false): Structure<T> {
  const op = 'nest.packSequenceAs';
  checkFlag(expandComposites, op, 'expandComposites');
  if (!Array.isArray(flatSequence)) {
    const error = new Error(`${op}: Attempted to pack value:\n  ${shown(flatSequence)}\ninto a structure, but found incompatible type \`${typeName(flatSequence)}\` instead.`);
    error.name = 'TypeError';
    throw error;
  }
  if (!isNested(structure)) {
    if (flatSequence.length !== 1) {
      throw valueError(
        `${op}: The target structure is of type \`${typeName(structure)}\`\n  ${shown(structure)}\nHowever the input is a sequence (${typeName(flatSequence)}) of length ${flatSequence.length}.\n  ${shown(flatSequence)}\nnest cannot guarantee that it is safe to map one to the other.`,
      );
    }
    return flatSequence[0] as T;
  }
  const leaves = flatten(structure).length;
  if (leaves !== flatSequence.length) {
    throw valueError(
      `${op}: Could not pack sequence. Structure had ${leaves} atoms, but flat_sequence had ${flatSequence.length} items.  Structure: ${shown(structure)}, flat_sequence: ${shown(flatSequence)}.`,
    );
  }
  let next = 0;
  const pack = (s: unknown): unknown => {
    if (!isNested(s)) return flatSequence[next++];
    if (Array.isArray(s)) return (s as unknown[]).map(pack);
    const object = s as Readonly<Record<string, unknown>>;
    const packed: Record<string, unknown> = {};
    for (const k of Object.keys(object).sort()) packed[k] = pack(object[k]);
    // The structure's own key order, as TensorFlow rebuilds a dict.
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(object)) out[k] = packed[k];
    return out;
  };
  return pack(structure) as Structure<T>;
}

/**
 * tf.nest.assert_same_structure(nest1, nest2, check_types, expand_composites): throws unless the
 * two structures nest the same way with the same number of leaves. With `checkTypes` (the
 * default) an array and an object at the same place differ (a TypeError), and two objects must have
 * the same keys; without it only the nesting and the counts must agree.
 *
 * @example
 * ```ts
 * tf.nest.assertSameStructure({ a: [1, 2] }, { a: [tf.ones([2]), 'x'] }); // passes
 * try {
 *   tf.nest.assertSameStructure([1, [2]], [1, 2]);
 * } catch (e) {
 *   console.log((e as Error).name); // ValueError
 * }
 * ```
 */
export function assertSameStructure(nest1: unknown, nest2: unknown, checkTypes = true, expandComposites = false): void {
  const op = 'nest.assertSameStructure';
  checkFlag(checkTypes, op, 'checkTypes');
  checkFlag(expandComposites, op, 'expandComposites');
  const why = difference(nest1, nest2, checkTypes, new Set(), op);
  if (why === null) return;
  // As TensorFlow words it: the structures, the first difference, then both with their leaves as dots.
  const error = new Error(
    `${op}: The two structures don't have the same nested structure.\n\nFirst structure: ${node(nest1)}\n\nSecond structure: ${node(nest2)}\n\n` +
      `More specifically: ${why.text}\nEntire first structure:\n${dotted(nest1)}\nEntire second structure:\n${dotted(nest2)}`,
  );
  error.name = why.type ? 'TypeError' : 'ValueError';
  throw error;
}

/** A leaf's stand-in while a structure is printed with dots. */
const DOT = 'gradtape.nest.dot';
/** A structure's nesting with its leaves as dots: `{"a":[.,.]}`. */
const dotted = (s: unknown): string => shown(packSequenceAs(s, flatten(s).map(() => DOT))).replaceAll(`"${DOT}"`, '.');

/** Why two structures differ (a TypeError's text when `type`), or null when they do not. */
function difference(a: unknown, b: unknown, checkTypes: boolean, open: Set<unknown>, op: string): { text: string; type: boolean } | null {
  const [nestedA, nestedB] = [isNested(a), isNested(b)];
  if (nestedA !== nestedB) {
    const [s, l] = nestedA ? [a, b] : [b, a];
    return { text: `Substructure "${node(s)}" is a sequence, while substructure "${node(l)}" is not`, type: false };
  }
  if (!nestedA) return null;
  const [sa, sb] = [a as Nested, b as Nested];
  if (checkTypes && Array.isArray(sa) !== Array.isArray(sb)) {
    return {
      text: `The two structures don't have the same sequence type. First structure ${node(sa)} has type ${typeName(sa)}, while second structure ${node(sb)} has type ${typeName(sb)}`,
      type: true,
    };
  }
  if (checkTypes && !Array.isArray(sa)) {
    const [ka, kb] = [Object.keys(sa).sort(), Object.keys(sb).sort()];
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) {
      return {
        text: `The two dictionaries don't have the same set of keys. First structure has keys ${node(ka)}, while second structure has keys ${node(kb)}`,
        type: false,
      };
    }
  }
  const [ca, cb] = [children(sa), children(sb)];
  if (ca.length !== cb.length) {
    return { text: `The two structures don't have the same number of elements. First structure: ${node(sa)}. Second structure: ${node(sb)}`, type: false };
  }
  enter(sa, open, op);
  for (let i = 0; i < ca.length; i++) {
    const why = difference(ca[i], cb[i], checkTypes, open, op);
    if (why !== null) return why;
  }
  open.delete(sa);
  return null;
}

/**
 * tf.nest.map_structure(func, *structure): `func` applied to the leaves at each place of one or
 * more structures of the same nesting (checked as assertSameStructure checks, types included),
 * the results packed into the first structure's shape.
 *
 * @example
 * ```ts
 * const sums = tf.nest.mapStructure((a: number, b: number) => a + b, { x: [1, 2], y: 3 }, { x: [10, 20], y: 30 });
 * console.log(sums); // { x: [ 11, 22 ], y: 33 }
 * ```
 */
export function mapStructure<T = unknown>(func: (...leaves: any[]) => T, ...structures: unknown[]): Structure<T> {
  const op = 'nest.mapStructure';
  if (typeof func !== 'function') {
    const error = new Error(`${op}: func must be callable, got ${describe(func)}.`);
    error.name = 'TypeError';
    throw error;
  }
  if (structures.length === 0) throw valueError(`${op}: Must provide at least one structure`);
  for (const other of structures.slice(1)) assertSameStructure(structures[0], other);
  const flat = structures.map((s) => flatten(s));
  const results = flat[0]!.map((_, i) => func(...flat.map((f) => f[i])));
  return packSequenceAs(structures[0], results);
}

function checkFlag(value: unknown, op: string, name: string): void {
  if (typeof value !== 'boolean') throw new Error(`${op}: ${name} must be a boolean, got ${describe(value)}.`);
}

/** Python's ValueError, which nest raises for structures that do not match. */
function valueError(message: string): Error {
  const error = new Error(message);
  error.name = 'ValueError';
  return error;
}
