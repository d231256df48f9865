// The structures layers and models take and give (Keras' `tree` on one level): a single value, an
// array of values, or an object of values by name. Flattened as Keras flattens them: an array in
// order, an object by its keys sorted (optree sorts dict keys), so a model with inputs
// `{b, a}` takes its flat inputs as [a, b].

/** One value, an array of values, or an object of values by name. */
export type Nest<T> = T | readonly T[] | { readonly [name: string]: T };

/** The keys of an object structure in Keras' flattening order (sorted). */
export const sortedKeys = (object: object): string[] => Object.keys(object).sort();

/** Whether `value` is an array or a plain object (a structure of several values, not one). */
export function isStructure<T>(value: Nest<T>, isLeaf: (v: unknown) => v is T): value is readonly T[] | { readonly [name: string]: T } {
  if (isLeaf(value)) return false;
  if (Array.isArray(value)) return true;
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** The values of a structure in order: itself when it is one value. */
export function flatten<T>(value: Nest<T>, isLeaf: (v: unknown) => v is T): T[] {
  if (!isStructure(value, isLeaf)) return [value as T];
  if (Array.isArray(value)) return (value as readonly T[]).slice();
  const object = value as { readonly [name: string]: T };
  return sortedKeys(object).map((k) => object[k]!);
}

/** A structure like `template` holding `flat`'s values in flattening order. */
export function packLike<T, U>(template: Nest<T>, flat: readonly U[], isLeaf: (v: unknown) => v is T): Nest<U> {
  if (!isStructure(template, isLeaf)) return flat[0]!;
  if (Array.isArray(template)) return flat.slice();
  const out: Record<string, U> = {};
  sortedKeys(template).forEach((k, i) => (out[k] = flat[i]!));
  return out;
}

/** `fn` applied to each value of the structure, the structure kept. */
export function mapNest<T, U>(value: Nest<T>, isLeaf: (v: unknown) => v is T, fn: (leaf: T, index: number) => U): Nest<U> {
  return packLike(value, flatten(value, isLeaf).map(fn), isLeaf);
}
