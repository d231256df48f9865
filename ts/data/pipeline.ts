// What a dataset is inside: a way to start a pass over its elements, how many there are, and
// their spec. Each transformation (the other files of ts/data) makes a new pipeline from its
// input's; nothing runs until a pass starts, and a pass makes its elements one at a time.

import type { SpecStructure } from './spec';
import type { Element } from './structure';

/** TensorFlow's tf.data.INFINITE_CARDINALITY: the dataset never ends (repeat()). */
export const INFINITE = -1;
/** TensorFlow's tf.data.UNKNOWN_CARDINALITY: the count is only known by iterating (filter). */
export const UNKNOWN = -2;

/** A dataset's machinery. */
export interface Pipeline {
  /** A new pass from the first element (as Python's iter(dataset)). */
  iterate(): Iterator<Element>;
  /** The number of elements, or INFINITE or UNKNOWN. */
  readonly cardinality: number;
  /** The elements' spec (computed on first use: a map's needs its function run once). */
  spec(): SpecStructure;
}

/** `compute` run once, on first call. */
export function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value!: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** A pipeline from a generator function of passes. */
export function pipeline(passes: () => Generator<Element, void, undefined>, cardinality: number, spec: () => SpecStructure): Pipeline {
  return { iterate: passes, cardinality, spec: lazy(spec) };
}

/** A finite dataset of `items`, whose spec is `spec()`. */
export function listPipeline(items: readonly Element[], spec: () => SpecStructure): Pipeline {
  return pipeline(
    function* () {
      yield* items;
    },
    items.length,
    spec,
  );
}

/** The first element of a pass over `p`, or null if it has none. */
export function firstElement(p: Pipeline): Element | null {
  const it = p.iterate();
  const r = it.next();
  it.return?.();
  return r.done === true ? null : r.value;
}
