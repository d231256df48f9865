// The elements of a tf.data dataset: nested structures of tensors, as tf.nest sees them. A tuple
// is a JS array, a dict a plain object, a component a tensor, or a dataset (window() makes
// elements of datasets, as TensorFlow's variant components). A JS array of numbers (or of such
// arrays) is one tensor, as tf.data converts a Python list to a tensor instead of treating it as
// a structure; an array that holds a tensor, a typed array or an object is a tuple. A string or a
// Uint8Array (bytes) is a tf.string component, and a JS array of them one tf.string component of
// rank 1 (./strings.ts), as an array of numbers is one tensor.

import { makeConstant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { Tensor, type TensorLike } from '../tensor';
// A cycle (dataset.ts imports this file): the class is only used inside functions, once both
// modules are loaded.
import { Dataset } from './dataset';
import { type StringValue, isRectangular, isStringValue } from './strings';

/** A component of an element: a tensor, a dataset (as `window` makes), or a tf.string value (JS
 * strings or Uint8Arrays, in nested arrays for a batch of them). */
export type Component = Tensor | Dataset<unknown> | StringValue;

/** A dataset element: a component, a tuple (array) of elements, or a dict (object) of elements. */
export type Element = Component | readonly Element[] | { readonly [key: string]: Element };

/** Whether `v` is a component (a tensor, a dataset or a tf.string value), not a tuple or dict. */
export const isComponent = (v: unknown): v is Component => v instanceof Tensor || v instanceof Dataset || isStringValue(v);

/** What sources take and functions may return as an element: tensors, numbers, nested arrays of
 * numbers and typed arrays (each one tensor), strings and Uint8Arrays (tf.string values; arrays of
 * them are one), in tuples (arrays) and dicts (objects). */
export type StructureLike = TensorLike | StringValue | readonly StructureLike[] | { readonly [key: string]: StructureLike };

/** Nested arrays of numbers or booleans: one tensor. */
type NumericArray = number | boolean | readonly NumericArray[];

/** The element a structure becomes: every component a tensor, tuples and dicts kept. */
export type Normalized<S> = S extends Tensor
  ? Tensor
  : S extends string
    ? string
    : S extends Uint8Array
      ? Uint8Array
      : S extends NumericArray | ArrayBufferView
        ? Tensor
        : S extends readonly unknown[]
          ? { -readonly [K in keyof S]: Normalized<S[K]> }
          : S extends object
            ? { -readonly [K in keyof S]: Normalized<S[K]> }
            : Tensor;

/** The element of the slices of a structure (`fromTensorSlices`'): each component normalized and
 * its first axis dropped (a tensor stays a tensor; an array of strings gives a string). */
export type Sliced<S> = S extends Tensor
  ? Tensor
  : S extends NumericArray | ArrayBufferView
    ? Tensor
    : S extends readonly (infer E extends StringValue)[]
      ? Normalized<E>
      : S extends readonly unknown[]
        ? { -readonly [K in keyof S]: Sliced<S[K]> }
        : S extends object
          ? { -readonly [K in keyof S]: Sliced<S[K]> }
          : Tensor;

/** Whether `v` is nested arrays of numbers and booleans only (one tensor, as a Python list). */
function isNumericArray(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return true;
  return Array.isArray(v) && v.every(isNumericArray);
}

/** `value` with every component a tensor; `what` names it in errors. */
export function normalize(value: unknown, op: string, what: string): Element {
  if (isStringValue(value) && !isRectangular(value)) {
    throw new Error(`${op}: ${what} is nested arrays of strings of different lengths; a tf.string value must be rectangular (as a tensor), got ${describe(value)}.`);
  }
  if (isComponent(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean' || ArrayBuffer.isView(value)) return makeConstant(value as TensorLike, undefined, op);
  if (Array.isArray(value)) {
    if (!isNumericArray(value)) return value.map((v, i) => normalize(v, op, `${what}[${i}]`));
    try {
      return makeConstant(value as TensorLike, undefined, op);
    } catch (e) {
      throw new Error(
        `${(e as Error).message} (${what} is a JS array of numbers, one tensor as a Python list is in TensorFlow; for a tuple of arrays, pass tensors: [tf.constant(x), tf.constant(y)])`,
      );
    }
  }
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, op, `${what}.${k}`)]));
  throw new Error(`${op}: ${what} must be a tensor, numbers, nested arrays of numbers, or arrays (tuples) and objects (dicts) of them, got ${describe(value)}.`);
}

/** The components of `element`, depth first (tuples in order, dicts in key order). */
export function components(element: Element): Component[] {
  if (isComponent(element)) return [element];
  const parts = Array.isArray(element) ? element : Object.values(element);
  return (parts as Element[]).flatMap(components);
}

/** The tensors of `element` (`components`' order), for `op`s that work on tensors only: a
 * component that is a dataset (as `window` makes) or a string is an error saying what to do instead. */
export function flatten(element: Element, op: string): Tensor[] {
  return components(element).map((c) => {
    if (c instanceof Tensor) return c;
    if (isStringValue(c)) throw stringsRefused(op);
    throw datasetsRefused(op);
  });
}

/** `op`'s error for an element that holds datasets. */
const datasetsRefused = (op: string): Error =>
  new Error(`${op}: the elements hold datasets (as window() makes), which ${op} cannot take; turn each into tensors first, e.g. ds.window(3).flatMap((w) => w.batch(3)).`);

/** `op`'s error for an element that holds tf.string values (JS strings or bytes). */
export const stringsRefused = (op: string): Error =>
  new Error(`${op}: the elements hold strings (tf.string values: JS strings or Uint8Arrays; gradtape has no string tensors), which ${op} cannot take; map them to tensors first, e.g. ds.map((line) => tf.constant(line.split(',').map(Number))).`);

/** A structure like `template` whose components are `components`, in `flatten`'s order. */
export function packLike<T>(template: Element, components: readonly T[]): unknown {
  let next = 0;
  const pack = (node: Element): unknown => {
    if (isComponent(node)) return components[next++];
    if (Array.isArray(node)) return (node as Element[]).map(pack);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pack(v as Element)]));
  };
  return pack(template);
}

/** A text for the shape of a structure, TensorFlow-like: `(Tensor, {'a': Tensor})`. */
function layout(element: Element): string {
  if (element instanceof Tensor) return 'Tensor';
  if (element instanceof Dataset) return 'Dataset';
  if (isStringValue(element)) return 'String';
  if (Array.isArray(element)) return `(${(element as Element[]).map(layout).join(', ')})`;
  return `{${Object.entries(element).map(([k, v]) => `'${k}': ${layout(v as Element)}`).join(', ')}}`;
}

/** Throws unless `element` has the structure of `template` (the same nesting, lengths and keys). */
export function checkSameStructure(template: Element, element: Element, op: string): void {
  if (layout(template) !== layout(element)) {
    throw new Error(`${op}: The two structures don't have the same nested structure: ${layout(template)} and ${layout(element)}.`);
  }
}

/** The tensors of the elements, column by column: `result[c][i]` is component c of element i. */
export function columns(elements: readonly Element[], op: string): Tensor[][] {
  const flat = elements.map((e) => flatten(e, op));
  return flat[0]!.map((_, c) => flat.map((components) => components[c]!));
}

/** The tensors and tf.string values of the elements, column by column (a dataset component is an error). */
export function valueColumns(elements: readonly Element[], op: string): (Tensor | StringValue)[][] {
  const flat = elements.map((e) =>
    components(e).map((c) => {
      if (c instanceof Dataset) throw datasetsRefused(op);
      return c;
    }),
  );
  return flat[0]!.map((_, c) => flat.map((components) => components[c]!));
}
