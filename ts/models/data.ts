// The arrays `fit`, `evaluate` and `predict` take, as Keras' array data adapter
// (keras/src/trainers/data_adapters/array_data_adapter.py, array_slicing.py) handles them:
// converted to tensors (floats to the model's dtype), checked to have one row per sample, split
// for validation (the last rows, before any shuffling), and cut into batches of `batchSize` rows
// (the last one smaller), in a new random order at every epoch when shuffling.

import { constant } from '../creation';
import { describe } from '../describe';
import { isFloat } from '../dtype';
import { cast } from '../ops';
import { permutation } from '../random';
import { gather, slice } from '../shape';
import { type Nest, flatten, mapNest } from '../layers/nest';
import { Tensor, type TensorLike } from '../tensor';

const isTensor = (value: unknown): value is Tensor => value instanceof Tensor;

/** Each tensor of a structure (one, an array, an object) through `fn`, the structure kept. */
export const mapTensors = (value: Nest<Tensor>, fn: (t: Tensor, index: number) => Tensor): Nest<Tensor> => mapNest(value, isTensor, fn);

/** The tensors of a structure, in order. */
export const tensorsOf = (value: Nest<Tensor>): Tensor[] => flatten(value, isTensor);

/** The number of samples (rows) of a structure of arrays: its first tensor's. */
export const sampleCount = (value: Nest<Tensor>): number => tensorsOf(value)[0]!.shape[0]!;

/** `x` as a tensor: numbers and arrays in `dtype`, float tensors cast to it, other tensors as they are. */
export function toDataTensor(x: TensorLike, dtype: 'float32' | 'float64', op: string, name: string): Tensor {
  if (x === undefined || x === null) throw new Error(`${op}: ${name} is required, got ${describe(x)}.`);
  const t = x instanceof Tensor ? x : constant(x, ArrayBuffer.isView(x) ? undefined : dtype, op);
  if (t.rank === 0) throw new Error(`${op}: ${name} must have a batch axis (rank 1 or more), got a scalar.`);
  return isFloat(t.dtype) && t.dtype !== dtype ? cast(t, dtype) : t;
}

/** A dataset: inputs, labels (each a tensor, or an array or object of them for models of several
 * inputs or outputs), and optional per-sample loss weights, one row per sample. */
export interface Dataset {
  x: Nest<Tensor>;
  y: Nest<Tensor>;
  sampleWeight: Tensor | null;
}

/** Keras' check_data_cardinality: every array has the same number of rows. */
export function checkCardinality(op: string, data: Dataset): void {
  const label = (name: string, value: Nest<Tensor>): [string, Tensor][] => {
    const list = tensorsOf(value);
    return list.map((t, i) => [list.length === 1 ? name : `${name}[${i}]`, t]);
  };
  const sizes: [string, Tensor | null][] = [...label('x', data.x), ...label('y', data.y), ['sample_weight', data.sampleWeight]];
  const counts = new Set(sizes.filter(([, t]) => t !== null).map(([, t]) => t!.shape[0]));
  if (counts.size <= 1) return;
  const detail = sizes.filter(([, t]) => t !== null).map(([label, t]) => `'${label}' sizes: ${t!.shape[0]}\n`).join('');
  throw new Error(`${op}: Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.${detail}`);
}

/** Rows [start, end) of `t`. */
export const rows = (t: Tensor, start: number, end: number): Tensor => slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1).map(() => -1)]);

/** Each array of `data` through `take` (the absent sample weights stay absent). */
export const mapDataset = (data: Dataset, take: (t: Tensor) => Tensor): Dataset => ({
  x: mapTensors(data.x, take),
  y: mapTensors(data.y, take),
  sampleWeight: data.sampleWeight === null ? null : take(data.sampleWeight),
});

/**
 * Keras' train_validation_split: the first floor(n · (1 - split)) rows train, the rest validate
 * (taken before shuffling, so the validation rows are the same at every epoch).
 */
export function trainValidationSplit(op: string, data: Dataset, validationSplit: number): [Dataset, Dataset] {
  const n = sampleCount(data.x);
  const splitAt = Math.floor(n * (1 - validationSplit));
  if (splitAt === 0 || splitAt === n) {
    throw new Error(
      `${op}: Training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by \`validationSplit=${validationSplit}\`. Either provide more data, or a different value for the \`validationSplit\` argument.`,
    );
  }
  return [mapDataset(data, (t) => rows(t, 0, splitAt)), mapDataset(data, (t) => rows(t, splitAt, n))];
}

/** An epoch's batches: each a function giving the batch's rows of a tensor, in order (or, when
 * shuffling, in the order of a random permutation drawn now). */
export function epochBatches(n: number, batchSize: number, shuffle: boolean): ((t: Tensor) => Tensor)[] {
  const order = shuffle ? permutation(n) : null;
  const batches: ((t: Tensor) => Tensor)[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    batches.push(order === null ? (t) => rows(t, start, end) : (t) => gather(t, constant(order.subarray(start, end), 'int32')));
  }
  return batches;
}

/** A batch size option: a positive integer (default 32, as Keras'). */
export function checkBatchSize(op: string, value: unknown): number {
  if (value === undefined || value === null) return 32;
  if (!Number.isInteger(value) || (value as number) <= 0) throw new Error(`${op}: batchSize must be a positive integer, got ${describe(value)}.`);
  return value as number;
}
