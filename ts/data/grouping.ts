// group_by_window (group_by_window_dataset_op.cc): elements grouped by an integer key; each group
// that reaches its key's window size is made a dataset, handed to the reduce function, and the
// dataset it returns is read out before the input goes on. When the input ends, the groups left
// over (smaller) are reduced in increasing key order, as the kernel's std::map gives them.

import { describe } from '../describe';
import { Tensor } from '../tensor';
import { callOn, type ElementFunction } from './mapping';
import { type Pipeline, UNKNOWN, firstElement, listPipeline, pipeline } from './pipeline';
import type { SpecStructure } from './spec';
import type { Element } from './structure';

/** A function's integer scalar result: a number, or an int32 scalar tensor (TensorFlow's int64). */
export function integerScalar(value: unknown, op: string, fn: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (value instanceof Tensor && value.dtype === 'int32' && value.rank === 0) return value.item() as number;
  const got = value instanceof Tensor ? `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]` : describe(value);
  throw new Error(`${op}: Invalid \`${fn}\`. \`${fn}\` must return a single integer scalar (an int32 tensor or a number; tf.int64 in TensorFlow), got ${got}.`);
}

/** How groupByWindow treats each element and each full group. */
export interface Grouping {
  /** The element's group. */
  keyOf(element: Element): number;
  /** The number of elements that fill group `key` (a positive integer). */
  windowSizeOf(key: number): number;
  /** The pipeline of the dataset the reduce function makes of group `key`'s `window`. */
  reduce(key: number, window: Pipeline): Pipeline;
  /** The output's spec, where it can be told without running the reduce function (as TensorFlow
   * traces it, with the key unknown); by default, that of the first element's group. */
  spec?(): SpecStructure;
}

/** `input` grouped by `grouping.keyOf`, each full (or, at the end, last) group reduced to a dataset
 * whose elements are the output. */
export function groupByWindow(input: Pipeline, grouping: Grouping, op: string): Pipeline {
  const reduceGroup = (key: number, members: readonly Element[]): Pipeline => grouping.reduce(key, listPipeline(members, () => input.spec()));
  return pipeline(
    function* () {
      const groups = new Map<number, Element[]>();
      const windowSizes = new Map<number, number>();
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          const key = grouping.keyOf(r.value);
          let size = windowSizes.get(key);
          if (size === undefined) {
            size = grouping.windowSizeOf(key);
            if (size <= 0) throw new Error(`${op}: Window size must be greater than zero, but got ${size}.`);
            windowSizes.set(key, size);
          }
          const group = groups.get(key) ?? [];
          group.push(r.value);
          groups.set(key, group);
          if (group.length === size) {
            groups.delete(key);
            yield* { [Symbol.iterator]: () => reduceGroup(key, group).iterate() };
          }
        }
      } finally {
        it.return?.();
      }
      for (const key of [...groups.keys()].sort((a, b) => a - b)) yield* { [Symbol.iterator]: () => reduceGroup(key, groups.get(key)!).iterate() };
    },
    UNKNOWN,
    // The spec given, or that of the dataset made of the first element's group.
    () => {
      if (grouping.spec) return grouping.spec();
      const first = firstElement(input);
      if (first === null) throw new Error(`${op}: the dataset is empty, so its elementSpec after reduceFunc cannot be computed.`);
      return reduceGroup(grouping.keyOf(first), [first]).spec();
    },
  );
}

/** The key function of bucketBySequenceLength: the index of the first bucket
 * [min_i, max_i) that holds the element's length, the buckets' bounds being
 * [INT32_MIN, ...boundaries] and [...boundaries, INT32_MAX] (TensorFlow's element_to_bucket_id). */
export function bucketOf(lengthFunc: ElementFunction, boundaries: readonly number[], op: string): (element: Element) => number {
  const mins = [-(2 ** 31), ...boundaries];
  const maxs = [...boundaries, 2 ** 31 - 1];
  return (element) => {
    const length = integerScalar(callOn(lengthFunc, element), op, 'elementLengthFunc');
    const bucket = mins.findIndex((min, i) => min <= length && length < maxs[i]!);
    if (bucket === -1) throw new Error(`${op}: no bucket holds an element of length ${length} (bucketBoundaries [${boundaries.join(', ')}]).`);
    return bucket;
  };
}
