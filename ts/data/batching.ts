// batch, paddedBatch and unbatch (batch_dataset_op.cc, padded_batch_dataset_op.cc,
// unbatch_dataset_op.cc): consecutive elements stacked along a new first axis, and back.

import { describe } from '../describe';
import { TensorSpec } from '../function';
import { pad, stack } from '../shape';
import type { Tensor } from '../tensor';
import { INFINITE, type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { type SpecStructure, dimsOf, mapSpec, tensorSpecs } from './spec';
import { rowOf } from './sources';
import { type Element, checkSameStructure, columns, flatten, packLike } from './structure';

/** A batch size: a positive integer (TensorFlow's kernel error otherwise). */
export function checkBatchSize(batchSize: unknown, op: string): number {
  if (!Number.isInteger(batchSize)) throw new Error(`${op}: batchSize must be an integer, got ${describe(batchSize)}.`);
  if ((batchSize as number) <= 0) throw new Error(`${op}: Batch size must be greater than zero.`);
  return batchSize as number;
}

/** The number of batches of `n` elements (batch_dataset_op.cc's CardinalityInternal). */
const batchCount = (n: number, batchSize: number, dropRemainder: boolean): number =>
  n === INFINITE || n === UNKNOWN ? n : dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);

/** Passes over `input` in groups of `batchSize` elements (the last one smaller unless dropped). */
function* groups(input: Pipeline, batchSize: number, dropRemainder: boolean): Generator<Element[], void, undefined> {
  let group: Element[] = [];
  const it = input.iterate();
  try {
    for (let r = it.next(); r.done !== true; r = it.next()) {
      group.push(r.value);
      if (group.length === batchSize) {
        yield group;
        group = [];
      }
    }
  } finally {
    it.return?.();
  }
  if (group.length > 0 && !dropRemainder) yield group;
}

/** `input`'s spec, checked to hold tensors only (not window()'s datasets). */
function checkedSpec(input: Pipeline, op: string): SpecStructure {
  const spec = input.spec();
  tensorSpecs(spec, op);
  return spec;
}

/** The shape text TensorFlow's batching errors use: `[2,3]`. */
const shapeText = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Each group of `batchSize` elements, its components stacked along a new first axis. */
export function batch(input: Pipeline, batchSize: number, dropRemainder: boolean, op: string): Pipeline {
  return pipeline(
    function* () {
      for (const group of groups(input, batchSize, dropRemainder)) {
        for (const element of group.slice(1)) checkSameStructure(group[0]!, element, op);
        const stacked = columns(group, op).map((components, c) => {
          const first = components[0]!.shape;
          components.forEach((t, i) => {
            if (t.shape.length !== first.length || t.shape.some((d, k) => d !== first[k])) {
              throw new Error(`${op}: Cannot batch tensors with different shapes in component ${c}. First element had shape ${shapeText(first)} and element ${i} had shape ${shapeText(t.shape)}.`);
            }
          });
          return stack(components);
        });
        yield packLike(group[0]!, stacked) as Element;
      }
    },
    batchCount(input.cardinality, batchSize, dropRemainder),
    // The batch dimension is known only when every batch is full.
    () => mapSpec(checkedSpec(input, op), (s) => new TensorSpec(s.shape === null ? null : [dropRemainder ? batchSize : null, ...s.shape], s.dtype)),
  );
}

/** Each group of `batchSize` elements, each component padded with `paddingValue` (at the end of
 * each axis) to the largest shape in the group, then stacked. */
export function paddedBatch(input: Pipeline, batchSize: number, dropRemainder: boolean, paddingValue: number | boolean, op: string): Pipeline {
  return pipeline(
    function* () {
      for (const group of groups(input, batchSize, dropRemainder)) {
        for (const element of group.slice(1)) checkSameStructure(group[0]!, element, op);
        const stacked = columns(group, op).map((components, c) => {
          const rank = components[0]!.rank;
          if (components.some((t) => t.rank !== rank)) {
            throw new Error(`${op}: the elements' component ${c} must all have rank ${rank}, got ranks ${components.map((t) => t.rank).join(', ')}.`);
          }
          const largest = Array.from({ length: rank }, (_, k) => Math.max(...components.map((t) => t.shape[k]!)));
          return stack(components.map((t: Tensor) => (t.shape.every((d, k) => d === largest[k]) ? t : pad(t, t.shape.map((d, k) => [0, largest[k]! - d]), 'CONSTANT', paddingValue))));
        });
        yield packLike(group[0]!, stacked) as Element;
      }
    },
    batchCount(input.cardinality, batchSize, dropRemainder),
    // Padded to each batch's largest: every dimension may vary.
    () => mapSpec(checkedSpec(input, op), (s) => new TensorSpec(s.shape === null ? null : [dropRemainder ? batchSize : null, ...s.shape.map(() => null)], s.dtype)),
  );
}

/** The rows of each element's components, one element per row. */
export function unbatch(input: Pipeline, op: string): Pipeline {
  const specs = tensorSpecs(input.spec(), op);
  for (const s of specs) {
    if (s.shape !== null && s.shape.length === 0) throw new Error(`${op}: Unbatching a dataset is only supported for rank >= 1`);
  }
  // unbatch_dataset_op.cc: known when the batch dimension is statically known.
  const leading = specs.map((s) => dimsOf(s, op)[0]);
  const batchSize = leading.every((d) => d !== null && d === leading[0]) ? (leading[0] as number) : null;
  const n = input.cardinality;
  const cardinality = n === INFINITE || n === UNKNOWN ? n : batchSize === null ? UNKNOWN : n * batchSize;
  return pipeline(
    function* () {
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          const components = flatten(r.value, op);
          const rows = components[0]!.shape[0]!;
          for (const t of components) {
            if (t.shape[0] !== rows) throw new Error(`${op}: Input element must have the same batch size in each component. Component 0 had size ${rows} but component ${components.indexOf(t)} had size ${t.shape[0]}.`);
          }
          for (let i = 0; i < rows; i++) yield packLike(r.value, components.map((t) => rowOf(t, i))) as Element;
        }
      } finally {
        it.return?.();
      }
    },
    cardinality,
    () => mapSpec(input.spec(), (s) => new TensorSpec(s.shape === null ? null : s.shape.slice(1), s.dtype)),
  );
}
