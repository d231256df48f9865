// Element specs: the structure of TensorSpecs (shape, `null` for a dimension that can vary, and
// dtype) a dataset's elements have, as TensorFlow's `element_spec`.

import { isPlainObject } from '../describe';
import { TensorSpec } from '../function';
import type { Tensor } from '../tensor';
import { type Element, flatten, packLike } from './structure';

/** The spec of an element: a TensorSpec per component, in the element's tuples and dicts. */
export type ElementSpec<T> = T extends Tensor ? TensorSpec : { -readonly [K in keyof T]: ElementSpec<T[K]> };

/** A spec structure of any element. */
export type SpecStructure = TensorSpec | readonly SpecStructure[] | { readonly [key: string]: SpecStructure };

/** Whether `v` is a spec structure: TensorSpecs in arrays and plain objects. */
export function isSpecStructure(v: unknown): v is SpecStructure {
  if (v instanceof TensorSpec) return true;
  if (Array.isArray(v)) return v.length > 0 && v.every(isSpecStructure);
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.values(v).every(isSpecStructure);
}

/** The TensorSpecs of a spec structure, in `flatten`'s order. */
export function flattenSpec(spec: SpecStructure): TensorSpec[] {
  if (spec instanceof TensorSpec) return [spec];
  const parts = Array.isArray(spec) ? spec : Object.values(spec);
  return (parts as SpecStructure[]).flatMap(flattenSpec);
}

/** `spec`'s structure with each TensorSpec replaced by `f` of it. */
export function mapSpec(spec: SpecStructure, f: (s: TensorSpec) => TensorSpec): SpecStructure {
  if (spec instanceof TensorSpec) return f(spec);
  if (Array.isArray(spec)) return (spec as SpecStructure[]).map((s) => mapSpec(s, f));
  return Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, mapSpec(s as SpecStructure, f)]));
}

/** The spec of one element: its components' shapes and dtypes. */
export function specOf(element: Element): SpecStructure {
  const specs = flatten(element).map((t) => new TensorSpec(t.shape, t.dtype));
  return packLike(element, specs) as SpecStructure;
}

/** The dimensions of a spec (a spec of unknown rank has none to give). */
export const dimsOf = (spec: TensorSpec, op: string): readonly (number | null)[] => {
  if (spec.shape === null) throw new Error(`${op}: the element's rank is unknown.`);
  return spec.shape;
};

/** The most specific spec both specs fit (TensorFlow's most_specific_compatible_type): equal
 * dimensions kept, others `null`; null if the dtypes or ranks differ. */
export function commonSpec(a: TensorSpec, b: TensorSpec): TensorSpec | null {
  if (a.dtype !== b.dtype) return null;
  if (a.shape === null || b.shape === null) return new TensorSpec(null, a.dtype);
  if (a.shape.length !== b.shape.length) return new TensorSpec(null, a.dtype);
  return new TensorSpec(a.shape.map((d, i) => (d === b.shape![i] ? d : null)), a.dtype);
}

/** TensorFlow's text of a spec structure: `(TensorSpec(...), TensorSpec(...))`. */
export function specText(spec: SpecStructure): string {
  if (spec instanceof TensorSpec) return spec.toString();
  if (Array.isArray(spec)) return `(${(spec as SpecStructure[]).map(specText).join(', ')}${spec.length === 1 ? ',' : ''})`;
  return `{${Object.entries(spec).map(([k, s]) => `'${k}': ${specText(s as SpecStructure)}`).join(', ')}}`;
}
