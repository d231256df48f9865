// map, filter, takeWhile, scan and flatMap: a function of each element (dataset_ops.py). As in
// TensorFlow, a tuple element is unpacked into the function's arguments, `ds.map((x, y) => ...)`;
// a dict or a tensor is its one argument. scan's function takes (state, element) instead, the
// element whole.

import { describe } from '../describe';
import { TensorSpec } from '../function';
import { Tensor } from '../tensor';
import { type Pipeline, UNKNOWN, firstElement, pipeline } from './pipeline';
import { DatasetSpec, type SpecStructure, flattenSpec, mapSpec, specOf, withShape } from './spec';
import { isStringValue } from './strings';
import { type Element, checkSameStructure, components, normalize } from './structure';

/** A function of an element's components, called as TensorFlow calls it. */
export type ElementFunction = (...args: never[]) => unknown;

/** `fn` applied to `element`, a tuple spread into the arguments. */
export function callOn(fn: ElementFunction, element: Element): unknown {
  const call = fn as (...args: Element[]) => unknown;
  // (An array of strings is one tf.string component, not a tuple.)
  return Array.isArray(element) && !isStringValue(element) ? call(...(element as Element[])) : call(element as Element);
}

/**
 * The spec of `f(first element)`. TensorFlow traces the function on the input's spec, so a
 * dimension that follows an unknown input dimension stays unknown; here the function runs on the
 * first element instead, and only the leading (batch) dimension is kept unknown (when it is
 * unknown in every input component, as after batch()).
 */
function specThrough(input: Pipeline, f: (element: Element) => Element | null, op: string): SpecStructure {
  const first = firstElement(input);
  if (first === null) throw new Error(`${op}: the dataset is empty, so its elementSpec after this function cannot be computed.`);
  const out = f(first);
  if (out === null) throw new Error(`${op}: the elementSpec cannot be computed.`);
  const batchUnknown = flattenSpec(input.spec()).every((s) => !(s instanceof DatasetSpec) && s.shape !== null && s.shape.length > 0 && s.shape[0] === null);
  return mapSpec(specOf(out), (s) => (batchUnknown && s.shape!.length > 0 ? withShape(s, [null, ...s.shape!.slice(1)]) : s));
}

/** Each element through `fn`, its result's numbers and arrays made tensors. */
export function map(input: Pipeline, fn: ElementFunction, op: string): Pipeline {
  if (typeof fn !== 'function') throw new Error(`${op}: mapFunc must be a function, got ${describe(fn)}.`);
  const apply = (element: Element): Element => normalize(callOn(fn, element), op, 'the function\'s result');
  return pipeline(
    function* () {
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) yield apply(r.value);
      } finally {
        it.return?.();
      }
    },
    input.cardinality,
    () => specThrough(input, apply, op),
  );
}

/** `predicate`'s verdict: a boolean, or a bool scalar tensor (read back). */
function verdict(result: unknown, op: string): boolean {
  if (typeof result === 'boolean') return result;
  if (result instanceof Tensor && result.dtype === 'bool' && result.rank === 0) return result.item() as unknown as boolean;
  const got = result instanceof Tensor ? new TensorSpec(result.shape, result.dtype).toString() : describe(result);
  throw new Error(`${op}: Invalid \`predicate\`. \`predicate\` must return a \`tf.bool\` scalar tensor, but its return type is ${got}.`);
}

/** The elements for which `predicate` is true. */
export function filter(input: Pipeline, predicate: ElementFunction, op: string): Pipeline {
  if (typeof predicate !== 'function') throw new Error(`${op}: predicate must be a function, got ${describe(predicate)}.`);
  return pipeline(
    function* () {
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) if (verdict(callOn(predicate, r.value), op)) yield r.value;
      } finally {
        it.return?.();
      }
    },
    UNKNOWN,
    () => input.spec(),
  );
}

/** The elements up to (not including) the first for which `predicate` is false. */
export function takeWhile(input: Pipeline, predicate: ElementFunction, op: string): Pipeline {
  if (typeof predicate !== 'function') throw new Error(`${op}: predicate must be a function, got ${describe(predicate)}.`);
  return pipeline(
    function* () {
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          if (!verdict(callOn(predicate, r.value), op)) return;
          yield r.value;
        }
      } finally {
        it.return?.();
      }
    },
    UNKNOWN,
    () => input.spec(),
  );
}

/** The function of `scan`: (state, element) to [new state, output element]. */
export type ScanFunction = (state: never, element: never) => unknown;

/** The dtypes of a structure's tensors, as text for errors. */
const dtypesOf = (e: Element): string => components(e).map((c) => (c instanceof Tensor ? c.dtype : isStringValue(c) ? 'string' : 'dataset')).join(', ');

/**
 * `fn` run over the elements with a state carried from each call to the next, from
 * `initialState` at each pass; the outputs are the elements. The new state must have the initial
 * state's structure and dtypes (its shapes may change), as TensorFlow requires.
 */
export function scan(input: Pipeline, initialState: Element, fn: ScanFunction, op: string): Pipeline {
  if (typeof fn !== 'function') throw new Error(`${op}: scanFunc must be a function, got ${describe(fn)}.`);
  const call = fn as (state: Element, element: Element) => unknown;
  const step = (state: Element, element: Element): [Element, Element] => {
    const result = call(state, element);
    if (!Array.isArray(result) || result.length !== 2) {
      throw new Error(`${op}: scanFunc must return an array [newState, outputElement], got ${describe(result)}.`);
    }
    const next = normalize(result[0], op, 'the new state');
    checkSameStructure(state, next, op);
    if (dtypesOf(next) !== dtypesOf(state)) {
      throw new Error(`${op}: The element types for the new state must match the initial state. Expected ${dtypesOf(state)}; got ${dtypesOf(next)}.`);
    }
    return [next, normalize(result[1], op, 'the output element')];
  };
  return pipeline(
    function* () {
      let state = initialState;
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          const [next, output] = step(state, r.value);
          state = next;
          yield output;
        }
      } finally {
        it.return?.();
      }
    },
    input.cardinality,
    () => specThrough(input, (element) => step(initialState, element)[1], op),
  );
}

/** The pipeline of the dataset `fn` makes of an element (flatMap's and interleave's function). */
export function datasetMaker(fn: ElementFunction, pipelineOf: (value: unknown) => Pipeline | null, op: string): (element: Element) => Pipeline {
  if (typeof fn !== 'function') throw new Error(`${op}: mapFunc must be a function, got ${describe(fn)}.`);
  return (element) => {
    const p = pipelineOf(callOn(fn, element));
    if (p === null) throw new Error(`${op}: The \`map_func\` argument must return a \`Dataset\` object.`);
    return p;
  };
}

/** The elementSpec of the datasets `inner` makes: that of the one made of the first element. */
export function innerSpec(input: Pipeline, inner: (element: Element) => Pipeline, op: string): SpecStructure {
  const first = firstElement(input);
  if (first === null) throw new Error(`${op}: the dataset is empty, so its elementSpec after this function cannot be computed.`);
  return inner(first).spec();
}

/** The elements of the datasets `fn` makes of each element, one dataset after the other. */
export function flatMap(input: Pipeline, fn: ElementFunction, pipelineOf: (value: unknown) => Pipeline | null, op: string): Pipeline {
  const inner = datasetMaker(fn, pipelineOf, op);
  return pipeline(
    function* () {
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) yield* { [Symbol.iterator]: () => inner(r.value).iterate() };
      } finally {
        it.return?.();
      }
    },
    UNKNOWN,
    () => innerSpec(input, inner, op),
  );
}
