// repeat, take, skip, shard, enumerate and concatenate: transformations that count elements, with
// the cardinalities TensorFlow's kernels give (repeat_dataset_op.cc, take_dataset_op.cc,
// skip_dataset_op.cc, shard_dataset_op.cc, concatenate_dataset_op.cc).

import { constant } from '../creation';
import { describe } from '../describe';
import { TensorSpec } from '../function';
import { INFINITE, type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { type SpecStructure, commonStructure, specText } from './spec';

/** A count argument: an integer (-1 meaning "all" or "forever" where TensorFlow says so). */
export function checkCount(count: unknown, op: string, name: string): number {
  if (!Number.isInteger(count)) throw new Error(`${op}: ${name} must be an integer, got ${describe(count)}.`);
  return count as number;
}

/** The elements of pass after pass over `input`: `count` passes, or forever when negative. */
export function repeat(input: Pipeline, count: number): Pipeline {
  const n = input.cardinality;
  const cardinality = count < 0 ? (n === 0 ? 0 : INFINITE) : count === 0 ? 0 : n === INFINITE || n === UNKNOWN ? n : n * count;
  return pipeline(
    function* () {
      for (let pass = 0; count < 0 || pass < count; pass++) {
        let empty = true;
        const it = input.iterate();
        try {
          for (let r = it.next(); r.done !== true; r = it.next()) {
            empty = false;
            yield r.value;
          }
        } finally {
          it.return?.();
        }
        // An empty pass ends an endless repeat (TensorFlow's kernel stops too).
        if (empty) return;
      }
    },
    cardinality,
    () => input.spec(),
  );
}

/** The first `count` elements (all of them when negative). */
export function take(input: Pipeline, count: number): Pipeline {
  const n = input.cardinality;
  const cardinality = count < 0 ? n : n === UNKNOWN ? UNKNOWN : n === INFINITE ? count : Math.min(n, count);
  return pipeline(
    function* () {
      if (count === 0) return;
      let taken = 0;
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          yield r.value;
          if (++taken === count) return;
        }
      } finally {
        it.return?.();
      }
    },
    cardinality,
    () => input.spec(),
  );
}

/** The elements after the first `count` (none when negative). */
export function skip(input: Pipeline, count: number): Pipeline {
  const n = input.cardinality;
  const cardinality = n === INFINITE || n === UNKNOWN ? n : count < 0 ? 0 : Math.max(0, n - count);
  return pipeline(
    function* () {
      let skipped = 0;
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          if (count < 0 || skipped < count) skipped++;
          else yield r.value;
        }
      } finally {
        it.return?.();
      }
    },
    cardinality,
    () => input.spec(),
  );
}

/** Element `index`, `index + numShards`, `index + 2 numShards`, ...: one of `numShards` disjoint
 * parts, with TensorFlow's errors for a bad count or index. */
export function shard(input: Pipeline, numShards: number, index: number, op: string): Pipeline {
  checkCount(numShards, op, 'numShards');
  checkCount(index, op, 'index');
  if (numShards <= 0) throw new Error(`${op}: Number of shards must be greater than zero (currently num_shards = ${numShards}).`);
  if (index < 0 || index >= numShards) throw new Error(`${op}: Index must be between 0 and ${numShards - 1} (currently index = ${index}).`);
  const n = input.cardinality;
  return pipeline(
    function* () {
      let position = 0;
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) if (position++ % numShards === index) yield r.value;
      } finally {
        it.return?.();
      }
    },
    n === INFINITE || n === UNKNOWN ? n : Math.floor(n / numShards) + (index < n % numShards ? 1 : 0),
    () => input.spec(),
  );
}

/** `[index, element]` pairs, the index an int32 scalar from `start` (int64 in TensorFlow). */
export function enumerate(input: Pipeline, start: number): Pipeline {
  return pipeline(
    function* () {
      let index = start;
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) yield [constant(index++, 'int32'), r.value];
      } finally {
        it.return?.();
      }
    },
    input.cardinality,
    () => [new TensorSpec([], 'int32'), input.spec()],
  );
}

/** `first`'s elements, then `second`'s (of the same structure and dtypes). */
export function concatenate(first: Pipeline, second: Pipeline, op: string): Pipeline {
  const a = first.cardinality;
  const b = second.cardinality;
  const cardinality = a === INFINITE || b === INFINITE ? INFINITE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : a + b;
  // Checked now, as TensorFlow checks when the dataset is made.
  const spec = combinedSpec(first.spec(), second.spec(), op);
  return pipeline(
    function* () {
      yield* { [Symbol.iterator]: () => first.iterate() };
      yield* { [Symbol.iterator]: () => second.iterate() };
    },
    cardinality,
    () => spec,
  );
}

/** The most specific spec of both datasets' elements, or TensorFlow's error if they differ in
 * structure or dtypes. */
function combinedSpec(a: SpecStructure, b: SpecStructure, op: string): SpecStructure {
  const merged = commonStructure(a, b);
  if (merged === null) throw new Error(`${op}: Incompatible dataset elements:\n  ${specText(a)} vs.   ${specText(b)}`);
  return merged;
}
