// Element specs: the structure of TensorSpecs (shape, `null` for a dimension that can vary, and
// dtype) a dataset's elements have, as TensorFlow's `element_spec`; a component that is a dataset
// (window()'s) has a DatasetSpec, and a tf.string one (JS strings or bytes) a StringSpec.

import { isPlainObject } from '../describe';
import { TensorSpec } from '../function';
import { Tensor } from '../tensor';
import type { Dataset } from './dataset';
import { type StringValue, StringSpec, isStringValue, stringShape } from './strings';
import { type Element, components, packLike, stringsRefused } from './structure';

/**
 * `tf.data.DatasetSpec`: the spec of an element's component that is itself a dataset (as
 * `window` makes), holding that dataset's `elementSpec`.
 *
 * @example
 * ```ts
 * const spec = tf.data.Dataset.range(5).window(2).elementSpec;
 * console.log(spec.toString()); // DatasetSpec(TensorSpec(shape=(), dtype=tf.int32, name=None), TensorShape([]))
 * ```
 */
export class DatasetSpec {
  /** The spec of the dataset's elements. */
  readonly elementSpec: SpecStructure;

  /** @param elementSpec The spec of the dataset's elements (a TensorSpec, or arrays and objects of specs). */
  constructor(elementSpec: SpecStructure) {
    this.elementSpec = elementSpec;
  }

  /** TensorFlow's text: `DatasetSpec(TensorSpec(...), TensorShape([]))`. */
  toString(): string {
    return `DatasetSpec(${specText(this.elementSpec)}, TensorShape([]))`;
  }
}

/** The class's type under a second name, for `tf.data.DatasetSpec` in the namespace of types (a
 * type alias of the same name as what it names would refer to itself once bundled). */
export type DatasetSpecClass = DatasetSpec;

/** The spec of an element: a TensorSpec per tensor, a DatasetSpec per dataset, in the element's
 * tuples and dicts. */
export type ElementSpec<T> = T extends Tensor
  ? TensorSpec
  : T extends Dataset<unknown>
    ? DatasetSpec
    : T extends StringValue
      ? StringSpec
      : { -readonly [K in keyof T]: ElementSpec<T[K]> };

/** The spec of a component of values (a tensor or a tf.string value). */
export type ValueSpec = TensorSpec | StringSpec;

/** The spec of one component. */
export type SpecLeaf = ValueSpec | DatasetSpec;

/** A spec structure of any element. */
export type SpecStructure = SpecLeaf | readonly SpecStructure[] | { readonly [key: string]: SpecStructure };

/** Whether `v` is a spec structure: TensorSpecs and StringSpecs in arrays and plain objects. */
export function isSpecStructure(v: unknown): v is SpecStructure {
  if (v instanceof TensorSpec || v instanceof StringSpec) return true;
  if (Array.isArray(v)) return v.length > 0 && v.every(isSpecStructure);
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.values(v).every(isSpecStructure);
}

const isLeaf = (spec: SpecStructure): spec is SpecLeaf => spec instanceof TensorSpec || spec instanceof DatasetSpec || spec instanceof StringSpec;

/** A spec of `s`'s kind (and dtype) with the dimensions `shape`. */
export const withShape = (s: ValueSpec, shape: readonly (number | null)[] | null): ValueSpec => (s instanceof StringSpec ? new StringSpec(shape) : new TensorSpec(shape, s.dtype));

/** The component specs of a spec structure, in `components`' order. */
export function flattenSpec(spec: SpecStructure): SpecLeaf[] {
  if (isLeaf(spec)) return [spec];
  const parts = Array.isArray(spec) ? spec : Object.values(spec);
  return (parts as SpecStructure[]).flatMap(flattenSpec);
}

/** `spec`'s structure with each component spec replaced by `f` of it. */
export function mapLeaves(spec: SpecStructure, f: (s: SpecLeaf) => SpecLeaf): SpecStructure {
  if (isLeaf(spec)) return f(spec);
  if (Array.isArray(spec)) return (spec as SpecStructure[]).map((s) => mapLeaves(s, f));
  return Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, mapLeaves(s as SpecStructure, f)]));
}

/** `spec`'s structure with each TensorSpec and StringSpec replaced by `f` of it (DatasetSpecs kept). */
export function mapSpec(spec: SpecStructure, f: (s: ValueSpec) => ValueSpec): SpecStructure {
  return mapLeaves(spec, (s) => (s instanceof DatasetSpec ? s : f(s)));
}

/** The TensorSpecs and StringSpecs of a spec, for `op`s that take strings too (a DatasetSpec is an error). */
export function valueSpecs(spec: SpecStructure, op: string): ValueSpec[] {
  return flattenSpec(spec).map((s) => {
    if (!(s instanceof DatasetSpec)) return s;
    throw new Error(`${op}: the elements hold datasets (${s.toString()}), which ${op} cannot take; turn each into tensors first, e.g. ds.window(3).flatMap((w) => w.batch(3)).`);
  });
}

/** The TensorSpecs of a spec, for `op`s that work on tensors only (a DatasetSpec or StringSpec is an error). */
export function tensorSpecs(spec: SpecStructure, op: string): TensorSpec[] {
  return flattenSpec(spec).map((s) => {
    if (s instanceof TensorSpec) return s;
    if (s instanceof StringSpec) throw stringsRefused(op);
    throw new Error(`${op}: the elements hold datasets (${s.toString()}), which ${op} cannot take; turn each into tensors first, e.g. ds.window(3).flatMap((w) => w.batch(3)).`);
  });
}

/** The spec of one element: its tensors' shapes and dtypes, its datasets' element specs. */
export function specOf(element: Element): SpecStructure {
  const specs = components(element).map((c) =>
    c instanceof Tensor ? new TensorSpec(c.shape, c.dtype) : isStringValue(c) ? new StringSpec(stringShape(c)) : new DatasetSpec((c as Dataset<unknown>)._pipeline.spec()),
  );
  return packLike(element, specs) as SpecStructure;
}

/** The dimensions of a spec (a spec of unknown rank has none to give). */
export const dimsOf = (spec: ValueSpec, op: string): readonly (number | null)[] => {
  if (spec.shape === null) throw new Error(`${op}: the element's rank is unknown.`);
  return spec.shape;
};

/** The most specific spec both specs fit (TensorFlow's most_specific_compatible_type): equal
 * dimensions kept, others `null`; null if the dtypes or ranks differ. */
export function commonSpec(a: ValueSpec, b: ValueSpec): ValueSpec | null {
  if (a.dtype !== b.dtype) return null;
  if (a.shape === null || b.shape === null) return withShape(a, null);
  if (a.shape.length !== b.shape.length) return withShape(a, null);
  return withShape(a, a.shape.map((d, i) => (d === b.shape![i] ? d : null)));
}

/** The most specific spec structure both specs fit (`commonSpec` for each pair of TensorSpecs), or
 * null if they differ in structure (tuples, dict keys, tensors against datasets) or dtypes. */
export function commonStructure(a: SpecStructure, b: SpecStructure): SpecStructure | null {
  const isValue = (s: SpecStructure): s is ValueSpec => s instanceof TensorSpec || s instanceof StringSpec;
  if (isValue(a) || isValue(b)) return isValue(a) && isValue(b) ? commonSpec(a, b) : null;
  if (a instanceof DatasetSpec || b instanceof DatasetSpec) {
    if (!(a instanceof DatasetSpec && b instanceof DatasetSpec)) return null;
    const inner = commonStructure(a.elementSpec, b.elementSpec);
    return inner === null ? null : new DatasetSpec(inner);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return null;
    const parts = (a as SpecStructure[]).map((s, i) => commonStructure(s, (b as SpecStructure[])[i]!));
    return parts.includes(null) ? null : (parts as SpecStructure[]);
  }
  const ra = a as Record<string, SpecStructure>;
  const rb = b as Record<string, SpecStructure>;
  const keys = Object.keys(ra);
  if (keys.join('\u0000') !== Object.keys(rb).join('\u0000')) return null;
  const parts = keys.map((k) => commonStructure(ra[k]!, rb[k]!));
  return parts.includes(null) ? null : Object.fromEntries(keys.map((k, i) => [k, parts[i]!]));
}

/** TensorFlow's text of a spec structure: `(TensorSpec(...), TensorSpec(...))`. */
export function specText(spec: SpecStructure): string {
  if (isLeaf(spec)) return spec.toString();
  if (Array.isArray(spec)) return `(${(spec as SpecStructure[]).map(specText).join(', ')}${spec.length === 1 ? ',' : ''})`;
  return `{${Object.entries(spec).map(([k, s]) => `'${k}': ${specText(s as SpecStructure)}`).join(', ')}}`;
}
