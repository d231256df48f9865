// batch, paddedBatch and unbatch (batch_dataset_op.cc, padded_batch_dataset_op.cc,
// unbatch_dataset_op.cc): consecutive elements stacked along a new first axis, and back.

import { describe } from '../describe';
import { TensorSpec } from '../function';
import { largest } from '../largest';
import { TensorShape } from '../tensor-shape';
import { pad, stack } from '../shape';
import { Tensor } from '../tensor';
import { INFINITE, type Pipeline, UNKNOWN, lazy, pipeline } from './pipeline';
import { type SpecStructure, dimsOf, mapSpec, tensorSpecs, valueSpecs, withShape } from './spec';
import { rowsOf, shapeOf, valueRow, valuesOf } from './sources';
import type { StringValue } from './strings';
import { type Element, checkSameStructure, columns, packLike, valueColumns } from './structure';

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

/** `input`'s spec, checked to hold tensors only (not window()'s datasets, nor strings unless `strings`). */
function checkedSpec(input: Pipeline, op: string, strings = false): SpecStructure {
  const spec = input.spec();
  if (strings) valueSpecs(spec, op);
  else tensorSpecs(spec, op);
  return spec;
}


/** The values of one component of a group of elements stacked along a new first axis: a tensor,
 * or a JS array of the tf.string values (which must all have one shape, as tensors must). */
function stackColumn(values: readonly (Tensor | StringValue)[], c: number, op: string): Tensor | StringValue {
  const first = shapeOf(values[0]!);
  values.forEach((v, i) => {
    const shape = shapeOf(v);
    if ((v instanceof Tensor) !== (values[0] instanceof Tensor) || shape.length !== first.length || shape.some((d, k) => d !== first[k])) {
      throw new Error(`${op}: Cannot batch tensors with different shapes in component ${c}. First element had shape ${shapeText(first)} and element ${i} had shape ${shapeText(shape)}.`);
    }
  });
  return values[0] instanceof Tensor ? stack(values as Tensor[]) : (values.slice() as StringValue[]);
}



/** The shape text TensorFlow's batching errors use: `[2,3]`. */
const shapeText = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** One element of `group`'s elements, each component stacked along a new first axis. */
function stackGroup(group: readonly Element[], op: string): Element {
  for (const element of group.slice(1)) checkSameStructure(group[0]!, element, op);
  const stacked = valueColumns(group, op).map((values, c) => stackColumn(values, c, op));
  return packLike(group[0]!, stacked) as Element;
}

/** Each group of `batchSize` elements, its components stacked along a new first axis. */
export function batch(input: Pipeline, batchSize: number, dropRemainder: boolean, op: string): Pipeline {
  return pipeline(
    function* () {
      for (const group of groups(input, batchSize, dropRemainder)) {
        yield stackGroup(group, op);
      }
    },
    batchCount(input.cardinality, batchSize, dropRemainder),
    // The batch dimension is known only when every batch is full.
    () => mapSpec(checkedSpec(input, op, true), (s) => withShape(s, s.shape === null ? null : [dropRemainder ? batchSize : null, ...s.shape])),
  );
}

/** A padded shape per component (`flattenSpec`'s order): a dimension's length, or null to pad it
 * to the largest in each batch; a null shape pads every dimension so. */
export type PaddedShapes = readonly (readonly (number | null)[] | null)[];

/**
 * `paddedShapes` (a shape per component, in the element's tuples and dicts) flattened against
 * `spec`, each checked against its component's static shape as TensorFlow's
 * `_padded_shape_to_tensor` does.
 */
export function paddedShapesOf(spec: SpecStructure, paddedShapes: unknown, op: string): PaddedShapes {
  tensorSpecs(spec, op); // (a window()'s datasets cannot be padded)
  const out: (readonly (number | null)[] | null)[] = [];
  const walk = (s: SpecStructure, shape: unknown, path: string): void => {
    if (s instanceof TensorSpec) {
      const dims = shape instanceof TensorShape ? shape.dims : isShape(shape) ? shape.map((d) => (d === -1 ? null : d)) : undefined;
      if (dims === undefined) throw new Error(`${op}: paddedShapes${path} must be a shape (an array of lengths, null or -1 for the batch's largest), got ${describe(shape)}.`);
      if (dims === null) return void out.push(s.shape); // (unknown rank: each batch's largest)
      for (const d of dims) {
        if (d !== null && !(Number.isInteger(d) && d >= 0)) throw new Error(`${op}: paddedShapes${path} has an invalid dimension ${describe(d)}; use lengths >= 0, or null or -1 for the batch's largest.`);
      }
      const compatible = s.shape === null || (s.shape.length === dims.length && dims.every((d, k) => d === null || s.shape![k] === null || d >= s.shape![k]!));
      if (!compatible) throw new Error(`${op}: The padded shape ${new TensorShape(dims).toString()} is not compatible with the shape ${new TensorShape(s.shape).toString()} of the corresponding input component.`);
      return void out.push(dims);
    }
    const given = shape as Record<string, unknown> | null;
    if (given === null || typeof given !== 'object' || Array.isArray(s) !== Array.isArray(given) || isShape(given)) {
      throw new Error(`${op}: paddedShapes must have the structure of the elements (${Array.isArray(s) ? 'an array' : 'an object'} at paddedShapes${path}), got ${describe(shape)}.`);
    }
    const entries = Array.isArray(s) ? s.map((v, i) => [String(i), v] as const) : Object.entries(s as Record<string, SpecStructure>);
    for (const [k, v] of entries) {
      if (!(k in given)) throw new Error(`${op}: paddedShapes${path} has no entry ${k}, which the elements have.`);
      walk(v, given[k], `${path}[${JSON.stringify(Array.isArray(s) ? Number(k) : k)}]`);
    }
  };
  walk(spec, paddedShapes, '');
  return out;
}

/** An array of lengths and nulls (a shape, not a structure of shapes). */
const isShape = (v: unknown): v is readonly (number | null)[] => Array.isArray(v) && v.every((d) => d === null || typeof d === 'number');

/** Each group of `batchSize` elements, each component padded with `paddingValue` (at the end of
 * each axis) to its padded shape (a null dimension, or a null shape: the largest in the group),
 * then stacked (padded_batch_dataset_op.cc). */
export function paddedBatch(input: Pipeline, batchSize: number, dropRemainder: boolean, paddingValue: number | boolean, shapes: (() => PaddedShapes) | null, op: string): Pipeline {
  // Without padded shapes every dimension is padded to its batch's largest (the spec's lengths are
  // not used: after map() they are the first element's).
  const paddedShapesOnce = shapes === null ? () => [] : lazy(shapes);
  return pipeline(
    function* () {
      const paddedShapes = paddedShapesOnce();
      for (const group of groups(input, batchSize, dropRemainder)) {
        for (const element of group.slice(1)) checkSameStructure(group[0]!, element, op);
        const stacked = columns(group, op).map((components, c) => {
          const padded = paddedShapes[c] ?? null;
          const rank = padded === null ? components[0]!.rank : padded.length;
          const bad = components.find((t) => t.rank !== rank);
          if (bad !== undefined) {
            throw new Error(`${op}: All elements in a batch must have the same rank as the padded shape for component${c}: expected rank ${rank} but got element with rank ${bad.rank}`);
          }
          const target = Array.from({ length: rank }, (_, k) => padded?.[k] ?? largest(components.map((t) => t.shape[k]!), 0));
          if (components.some((t) => t.shape.some((d, k) => d > target[k]!))) throw new Error(`${op}: Attempted to pad to a smaller size than the input element.`);
          return stack(components.map((t: Tensor) => (t.shape.every((d, k) => d === target[k]) ? t : pad(t, t.shape.map((d, k) => [0, target[k]! - d]), 'CONSTANT', paddingValue))));
        });
        yield packLike(group[0]!, stacked) as Element;
      }
    },
    batchCount(input.cardinality, batchSize, dropRemainder),
    // The padded shape's fixed lengths are known; a dimension padded to each batch's largest may vary.
    () => {
      const paddedShapes = paddedShapesOnce();
      let c = 0;
      return mapSpec(checkedSpec(input, op), (s) => {
        const padded = paddedShapes[c++] ?? s.shape?.map(() => null) ?? null;
        return withShape(s, padded === null ? null : [dropRemainder ? batchSize : null, ...padded]);
      });
    },
  );
}

/** The rows of each element's components, one element per row. */
export function unbatch(input: Pipeline, op: string): Pipeline {
  const specs = valueSpecs(input.spec(), op);
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
          const components = valuesOf(r.value, op);
          const rows = rowsOf(components[0]!)!;
          components.forEach((v, c) => {
            if (rowsOf(v) !== rows) throw new Error(`${op}: Input element must have the same batch size in each component. Component 0 had size ${rows} but component ${c} had size ${rowsOf(v)}.`);
          });
          for (let i = 0; i < rows; i++) yield packLike(r.value, components.map((v) => valueRow(v, i))) as Element;
        }
      } finally {
        it.return?.();
      }
    },
    cardinality,
    () => mapSpec(input.spec(), (s) => withShape(s, s.shape === null ? null : s.shape.slice(1))),
  );
}

/**
 * The rows of an already batched dataset batched again (rebatch_dataset_op.cc's RebatchDatasetV2):
 * into batches of `batchSizes[0]`, `batchSizes[1]`, ... rows, cycling through the sizes, the last
 * one smaller unless `dropRemainder`. Its cardinality is unknown, as TensorFlow's.
 */
export function rebatch(input: Pipeline, batchSizes: readonly number[], dropRemainder: boolean, op: string): Pipeline {
  for (const s of valueSpecs(input.spec(), op)) {
    if (s.shape !== null && s.shape.length === 0) {
      throw new Error(`${op}: Invalid \`batchSize\`. Expected dataset with rank of >= 1 but found a dataset with scalar elements. Fix the issue by adding the \`batch\` transformation to the dataset.`);
    }
  }
  const rows = unbatch(input, op);
  // A batch dimension is known only when every batch is full and all have one size.
  const batchDim = dropRemainder && batchSizes.every((n) => n === batchSizes[0]) ? batchSizes[0]! : null;
  return pipeline(
    function* () {
      let group: Element[] = [];
      let k = 0;
      const it = rows.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          group.push(r.value);
          if (group.length === batchSizes[k % batchSizes.length]) {
            yield stackGroup(group, op);
            group = [];
            k++;
          }
        }
      } finally {
        it.return?.();
      }
      if (group.length > 0 && !dropRemainder) yield stackGroup(group, op);
    },
    UNKNOWN,
    () => mapSpec(input.spec(), (s) => withShape(s, s.shape === null ? null : [batchDim, ...s.shape.slice(1)])),
  );
}
