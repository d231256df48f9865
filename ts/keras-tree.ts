// keras.tree: Keras 3's nested-structure utilities (keras/src/tree/tree_api.py over optree). The
// structures are tf.nest's (arrays and plain objects; an object's values in its keys' sorted
// order, a packed object in its own key order; null is a leaf), but the checks are optree's: the
// first structure's shape is the one the others must follow, and every mismatch is a ValueError.

import { valueError as pythonValueError } from './debugging';
import { describe } from './describe';
import { type Structure, flatten as nestFlatten, isNested } from './nest';

/** One step of a path: an array index or an object key. */
export type PathStep = number | string;

/** A value in an error message: its JSON where it has one. */
function shown(v: unknown): string {
  try {
    return JSON.stringify(v) ?? describe(v);
  } catch {
    return describe(v);
  }
}

/** Python's ValueError, as optree and Keras raise it. */
const valueError = (op: string, message: string): Error => pythonValueError(`${op}: ${message}`);

/** The sorted keys of an object node, or the indices of an array node. */
const stepsOf = (node: readonly unknown[] | Readonly<Record<string, unknown>>): PathStep[] =>
  Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node).sort();

const childAt = (node: unknown, step: PathStep): unknown => (node as Record<PathStep, unknown>)[step];

/** A node like `node` (an array, or an object in `node`'s own key order) of `children` given in
 * flattening order. */
function rebuild(node: readonly unknown[] | Readonly<Record<string, unknown>>, children: unknown[]): unknown {
  if (Array.isArray(node)) return children;
  const byKey = new Map(stepsOf(node).map((k, i) => [k, children[i]]));
  return Object.fromEntries(Object.keys(node).map((k) => [k, byKey.get(k)]));
}

/** keras.tree.is_nested(structure): true for an array or a plain object. */
export const isNestedStructure = (structure: unknown): boolean => isNested(structure);

/** keras.tree.flatten(structure): the leaves in order, an object's by its sorted keys (null is a leaf). */
export function flatten<T = unknown>(structure: unknown): T[] {
  return nestFlatten<T>(structure);
}

/**
 * keras.tree.flatten_with_path(structure): `[path, leaf]` pairs in flattening order, the path the
 * indices and keys from the root.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(tf.keras.tree.flattenWithPath([1, { b: 2, a: [3] }]))); // [[[0],1],[[1,"a",0],3],[[1,"b"],2]]
 * ```
 */
export function flattenWithPath<T = unknown>(structure: unknown): [PathStep[], T][] {
  const out: [PathStep[], T][] = [];
  const walk = (s: unknown, path: PathStep[], open: Set<unknown>): void => {
    if (!isNested(s)) {
      out.push([path, s as T]);
      return;
    }
    if (open.has(s)) throw valueError('keras.tree.flattenWithPath', 'the structure contains itself (a cycle).');
    open.add(s);
    for (const step of stepsOf(s)) walk(childAt(s, step), [...path, step], open);
    open.delete(s);
  };
  walk(structure, [], new Set());
  return out;
}

/** The structure of `first` filled by `leaf(leavesOfEach, path)`, walking `others` along with it
 * (optree's tree_map: each other structure must have the first's nodes, with the same keys; a
 * leaf of the first may stand for anything in them). */
function mapAlong(op: string, first: unknown, others: readonly unknown[], leaf: (args: unknown[]) => unknown): unknown {
  const walk = (s: unknown, rest: unknown[]): unknown => {
    if (!isNested(s)) return leaf([s, ...rest]);
    const steps = stepsOf(s);
    for (const r of rest) {
      if (Array.isArray(s) !== Array.isArray(r) || !isNested(r)) {
        throw valueError(op, `Expected an instance of ${Array.isArray(s) ? 'list' : 'dict'}, got ${shown(r)}.`);
      }
      const theirs = stepsOf(r as Nested);
      if (Array.isArray(s) && theirs.length !== steps.length) {
        throw valueError(op, `list arity mismatch; expected: ${steps.length}, got: ${theirs.length}; list: ${shown(r)}.`);
      }
      if (!Array.isArray(s) && (theirs.length !== steps.length || theirs.some((k, i) => k !== steps[i]))) {
        throw valueError(op, `dictionary key mismatch; expected key(s): ${JSON.stringify(steps)}, got key(s): ${JSON.stringify(theirs)}.`);
      }
    }
    return rebuild(s as Nested, steps.map((step) => walk(childAt(s, step), rest.map((r) => childAt(r, step)))));
  };
  return walk(first, [...others]);
}

type Nested = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * keras.tree.map_structure(func, *structures): `func` on the leaves at each place of structures
 * of the same nesting, packed as the first. Structures that differ are a ValueError.
 *
 * @example
 * ```ts
 * console.log(tf.keras.tree.mapStructure((a: number, b: number) => a + b, { x: [1, 2] }, { x: [3, 4] })); // { x: [ 4, 6 ] }
 * ```
 */
export function mapStructure<T = unknown>(func: (...leaves: any[]) => T, ...structures: unknown[]): Structure<T> {
  const op = 'keras.tree.mapStructure';
  if (typeof func !== 'function') throw new Error(`${op}: func must be a function, got ${describe(func)}.`);
  if (structures.length === 0) throw valueError(op, 'Must provide at least one structure');
  return mapAlong(op, structures[0], structures.slice(1), (args) => {
    if (args.length > 1 && args.some(isNested)) throw valueError(op, "Structures don't have the same nested structure.");
    return func(...args);
  }) as Structure<T>;
}

/** keras.tree.map_structure_up_to(shallow_structure, func, *structures): `func` on the parts of
 * `structures` at each leaf of `shallowStructure` (which the structures must have as their
 * outer shape; what lies below its leaves is passed whole). */
export function mapStructureUpTo<T = unknown>(shallowStructure: unknown, func: (...parts: any[]) => T, ...structures: unknown[]): Structure<T> {
  const op = 'keras.tree.mapStructureUpTo';
  if (typeof func !== 'function') throw new Error(`${op}: func must be a function, got ${describe(func)}.`);
  if (structures.length === 0) throw valueError(op, 'Must provide at least one structure');
  return mapAlong(op, shallowStructure, structures, ([, ...parts]) => func(...parts)) as Structure<T>;
}

/** keras.tree.assert_same_structure(a, b): throws a ValueError unless `a` and `b` nest alike
 * (the same arrays and objects with the same keys; the leaves may differ). */
export function assertSameStructure(a: unknown, b: unknown): void {
  const op = 'keras.tree.assertSameStructure';
  mapAlong(op, a, [b], ([x, y]) => {
    if (isNested(x) || isNested(y)) throw valueError(op, "Structures don't have the same nested structure.");
    return null;
  });
}

/** keras.tree.assert_same_paths(a, b): throws a ValueError unless the leaves of `a` and `b` sit
 * at the same paths (whatever kinds of nodes lead there). */
export function assertSamePaths(a: unknown, b: unknown): void {
  const key = (path: PathStep[]) => JSON.stringify(path);
  const [pa, pb] = [new Set(flattenWithPath(a).map(([p]) => key(p))), new Set(flattenWithPath(b).map(([p]) => key(p)))];
  const onlyA = [...pa].filter((p) => !pb.has(p)), onlyB = [...pb].filter((p) => !pa.has(p));
  if (onlyA.length === 0 && onlyB.length === 0) return;
  let message = "`a` and `b` don't have the same paths.";
  if (onlyA.length > 0) message += `\nPaths in \`a\` missing in \`b\`:\n${onlyA.join(', ')}`;
  if (onlyB.length > 0) message += `\nPaths in \`b\` missing in \`a\`:\n${onlyB.join(', ')}`;
  throw valueError('keras.tree.assertSamePaths', message);
}

/** keras.tree.pack_sequence_as(structure, flat_sequence): the flat values in the structure's
 * shape (the inverse of flatten). */
export function packSequenceAs<T = unknown>(structure: unknown, flatSequence: readonly T[]): Structure<T> {
  const op = 'keras.tree.packSequenceAs';
  if (!Array.isArray(flatSequence)) {
    const error = new Error(`${op}: flatSequence must be an array of the leaves, got ${describe(flatSequence)}.`);
    error.name = 'TypeError';
    throw error;
  }
  const count = flatten(structure).length;
  if (flatSequence.length !== count) {
    throw valueError(op, flatSequence.length < count ? `Too few leaves for PyTreeSpec; expected: ${count}, got: ${flatSequence.length}.` : `Too many leaves for PyTreeSpec; expected: ${count}.`);
  }
  let next = 0;
  return mapAlong(op, structure, [], () => flatSequence[next++]) as Structure<T>;
}

/** keras.tree.MAP_TO_NONE: what `traverse`'s function returns to put null in a node's place. */
export const MAP_TO_NONE: unique symbol = Symbol('keras.tree.MAP_TO_NONE');

/**
 * keras.tree.traverse(func, structure, top_down=True): `func` on every node, the root first
 * (top down: a node for which it returns undefined or null has its children traversed, any other
 * value replaces the node, MAP_TO_NONE by null) or the leaves first (bottom up: on nodes whose
 * children are traversed already; undefined or null keeps the node).
 *
 * @example
 * ```ts
 * console.log(tf.keras.tree.traverse((x) => (typeof x === 'number' ? x * 10 : null), [1, { b: 2, a: [3] }])); // [ 10, { b: 20, a: [ 30 ] } ]
 * ```
 */
export function traverse(func: (node: unknown) => unknown, structure: unknown, topDown = true): unknown {
  const children = (s: unknown): unknown => (isNested(s) ? rebuild(s, stepsOf(s).map((step) => traverse(func, childAt(s, step), topDown))) : s);
  const result = (ret: unknown, otherwise: () => unknown): unknown => {
    if (ret === undefined || ret === null) return otherwise();
    return ret === MAP_TO_NONE ? null : ret;
  };
  if (topDown) return result(func(structure), () => children(structure));
  const traversed = children(structure);
  return result(func(traversed), () => traversed);
}
