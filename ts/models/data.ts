// The arrays `fit`, `evaluate` and `predict` take, as Keras' array data adapter
// (keras/src/trainers/data_adapters/array_data_adapter.py, array_slicing.py) handles them:
// converted to tensors (floats to the model's dtype), checked to have one row per sample, split
// for validation (the last rows, before any shuffling), and cut into batches of `batchSize` rows
// (the last one smaller), in a new random order at every epoch when shuffling.

import { constant, makeConstant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { isFloat } from '../dtype';
import { cast } from '../ops';
import { permutation } from '../random';
import { gather, slice } from '../shape';
import { Dataset as TfDataset } from '../data/dataset';
import { INFINITE } from '../data/pipeline';
import { isStringValue } from '../data/strings';
import { stringsRefused } from '../data/structure';
import { type Nest, flatten, mapNest } from '../layers/nest';
import { Tensor, type TensorLike } from '../tensor';
import { type ClassWeights, classAndSampleWeightError, classSampleWeights } from './class-weights';

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
  const t = x instanceof Tensor ? x : makeConstant(x, ArrayBuffer.isView(x) ? undefined : dtype, op);
  if (t.rank === 0) throw new Error(`${op}: ${name} must have a batch axis (rank 1 or more), got a scalar.`);
  return isFloat(t.dtype) && t.dtype !== dtype ? cast(t, dtype) : t;
}

/** Per-sample loss weights as the steps take them (Keras' array data adapter and CompileLoss): one
 * tensor for every output, or one per output in the outputs' flattening order (null: that
 * output's samples weigh 1). */
export type SampleWeights = Tensor | readonly (Tensor | null)[];

/** The weights of output `index`'s samples: the shared tensor, its own, or none. */
export const sampleWeightOf = (weights: SampleWeights | null, index: number): Tensor | undefined =>
  weights === null ? undefined : weights instanceof Tensor ? weights : (weights[index] ?? undefined);

/** A dataset: inputs, labels (each a tensor, or an array or object of them for models of several
 * inputs or outputs), and optional per-sample loss weights, one row per sample. */
export interface Dataset {
  x: Nest<Tensor>;
  y: Nest<Tensor>;
  sampleWeight: SampleWeights | null;
}

/** Keras' check_data_cardinality: every array has the same number of rows. */
export function checkCardinality(op: string, data: Dataset): void {
  const label = (name: string, value: Nest<Tensor>): [string, Tensor][] => {
    const list = tensorsOf(value);
    return list.map((t, i) => [list.length === 1 ? name : `${name}[${i}]`, t]);
  };
  const weights = data.sampleWeight;
  const weightSizes: [string, Tensor | null][] = weights === null || weights instanceof Tensor ? [['sample_weight', weights]] : weights.map((t, i) => [`sample_weight[${i}]`, t]);
  const sizes: [string, Tensor | null][] = [...label('x', data.x), ...label('y', data.y), ...weightSizes];
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
  sampleWeight: data.sampleWeight === null ? null : data.sampleWeight instanceof Tensor ? take(data.sampleWeight) : data.sampleWeight.map((t) => (t === null ? null : take(t))),
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

// tf.data.Dataset inputs, as Keras' TFDatasetAdapter and EpochIterator take them: each element is
// a batch, `x`, `[x]`, `[x, y]` or `[x, y, sampleWeight]` (keras/src/trainers/data_adapters/
// data_adapter_utils.py: unpack_x_y_sample_weight; an object element is `x` alone), where `x` and
// `y` are a tensor, or for a functional model of several inputs (outputs) an array or object of
// tensors structured as its `inputs` (`outputs`); an epoch is a pass over the dataset, or
// `stepsPerEpoch` batches from one iterator kept across epochs.

/** What fit, evaluate and predict iterate: an epoch's batches, each made when called. */
export interface BatchSource {
  /** One epoch's batches; a batch's tensors are made (or cast) when it is called, inside the step's tidy. */
  epoch(): Iterable<() => Dataset>;
  /** A first batch (made now), to build the model and the metrics from. */
  sample(): Dataset;
  /** Batches per epoch, or null when unknown. */
  readonly steps: number | null;
  /** Set when a dataset with `stepsPerEpoch` ran out of batches (Keras then stops training). */
  exhausted: boolean;
}

/** Arrays cut into batches of `batchSize` rows, in a new random order at each epoch when shuffling. */
export function arraySource(data: Dataset, batchSize: number, shuffle: boolean): BatchSource {
  const n = sampleCount(data.x);
  return {
    epoch: () => epochBatches(n, batchSize, shuffle).map((take) => () => mapDataset(data, take)),
    sample: () => mapDataset(data, (t) => rows(t, 0, Math.min(batchSize, n))),
    steps: Math.ceil(n / batchSize),
    exhausted: false,
  };
}

/** Whether `x` is a tf.data.Dataset. */
export const isTfDataset = (x: unknown): x is TfDataset<unknown> => x instanceof TfDataset;

/** A dataset element's `x` or `y` as the model takes it (structured as its inputs or outputs, floats
 * cast to its dtype); `name` is 'x' or 'y'. */
export type ToData = (value: Nest<Tensor>, name: 'x' | 'y') => Nest<Tensor>;

/** How a model reads a dataset element's parts. */
export interface ElementReader {
  /** Its `x` and `y`, structured as the model's inputs and outputs. */
  readonly data: ToData;
  /** Its sample weights, as the model's outputs take them (a tensor, or per output). */
  readonly sampleWeight: (value: unknown) => SampleWeights;
  /** fit's class weights, which make each element's sample weights from its labels (Keras maps
   * them over the dataset), or null. */
  readonly classWeight: ClassWeights | null;
}

/** Whether `v` is a tensor, or an array or object of tensors (one level, as a model's inputs). */
function isTensorNest(v: unknown): v is Nest<Tensor> {
  if (v instanceof Tensor) return true;
  if (Array.isArray(v)) return v.length > 0 && v.every(isTensor);
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.values(v).every(isTensor);
}

/** Whether `v` is a tensor, or an array or object of tensors and nulls (per-output sample weights). */
const isWeightNest = (v: unknown): boolean =>
  v instanceof Tensor || ((Array.isArray(v) || isPlainObject(v)) && Object.values(v).length > 0 && Object.values(v).every((w) => w === null || w instanceof Tensor));

/** Whether a dataset element holds tf.string values (JS strings or bytes, which a model cannot take). */
const holdsStrings = (v: unknown): boolean => isStringValue(v) || ((Array.isArray(v) || isPlainObject(v)) && Object.values(v).some(holdsStrings));

/** Keras' unpack_x_y_sample_weight of a dataset element, its parts read by `reader`; with class
 * weights, the sample weights made from `y` (Keras' make_class_weight_map_fn). */
function unpackElement(element: unknown, dtype: 'float32' | 'float64', op: string, needsY: boolean, reader: ElementReader): Dataset {
  const formats = 'Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`';
  if (holdsStrings(element)) throw stringsRefused(op);
  const parts = element instanceof Tensor || isPlainObject(element) ? [element] : Array.isArray(element) ? (element as unknown[]) : null;
  if (parts === null || parts.length < 1 || parts.length > 3 || !parts.slice(0, 2).every(isTensorNest) || (parts.length === 3 && !isWeightNest(parts[2]))) {
    throw new Error(`${op}: ${formats}, found: ${describe(element)} (x and y each a tensor, or an array or object of tensors for a model of several inputs or outputs; sampleWeight a tensor, or per output an array or object of tensors).`);
  }
  const [x, y, sampleWeight] = parts as [Nest<Tensor>, Nest<Tensor> | undefined, unknown];
  if (needsY && y === undefined) {
    if (isPlainObject(element)) throw new Error(`${op}: ${formats}, found an object: ${describe(element)}; an object element is x alone (as Keras unpacks it), and the compiled loss needs y: make the elements [x, y].`);
    throw new Error(`${op}: the dataset's elements must be [x, y] or [x, y, sampleWeight] batches, got [x] alone (the compiled loss needs y).`);
  }
  const xs = reader.data(x, 'x');
  const ys = y === undefined ? xs : reader.data(y, 'y');
  let weights = sampleWeight === undefined ? null : reader.sampleWeight(sampleWeight);
  if (reader.classWeight !== null) {
    if (weights !== null) throw classAndSampleWeightError(op);
    weights = classSampleWeights(tensorsOf(ys), reader.classWeight, dtype, op);
  }
  const data: Dataset = { x: xs, y: ys, sampleWeight: weights };
  checkCardinality(op, data);
  return data;
}

/** A tf.data.Dataset's elements as batches. With `stepsPerEpoch`, an epoch is that many batches from
 * an iterator kept across epochs (started again once used up, which warns and stops training, as
 * Keras' EpochIterator); without it, a whole pass (an infinite dataset needs `stepsPerEpoch`). */
export function datasetSource(dataset: TfDataset<unknown>, dtype: 'float32' | 'float64', op: string, stepsPerEpoch: number | null, needsY: boolean, reader: ElementReader): BatchSource {
  const cardinality = dataset._pipeline.cardinality;
  if (stepsPerEpoch === null && cardinality === INFINITE) {
    throw new Error(`${op}: When passing an infinitely repeating dataset, you must specify the \`stepsPerEpoch\` argument.`);
  }
  let current: Iterator<unknown> | null = null;
  const source: BatchSource = {
    epoch: function* () {
      if (stepsPerEpoch === null) {
        for (const element of dataset) yield () => unpackElement(element, dtype, op, needsY, reader);
        return;
      }
      current ??= dataset[Symbol.iterator]();
      for (let step = 0; step < stepsPerEpoch; step++) {
        const r = current.next();
        if (r.done === true) {
          console.warn(`${op}: Your input ran out of data; interrupting training. Make sure that your dataset can generate at least \`stepsPerEpoch * epochs\` batches. You may need to use the \`.repeat()\` function when building your dataset.`);
          current = null;
          source.exhausted = true;
          return;
        }
        yield () => unpackElement(r.value, dtype, op, needsY, reader);
      }
    },
    sample: () => {
      const it = dataset[Symbol.iterator]();
      const r = it.next();
      it.return?.();
      if (r.done === true) throw new Error(`${op}: the dataset is empty.`);
      return unpackElement(r.value, dtype, op, needsY, reader);
    },
    steps: stepsPerEpoch ?? (cardinality >= 0 ? cardinality : null),
    exhausted: false,
  };
  return source;
}

/** The options Keras refuses with a dataset (keras/src/trainers/data_adapters/__init__.py). */
export function checkDatasetArguments(op: string, y: unknown, sampleWeight: unknown, batchSize: unknown): void {
  const refuse = (name: string, what: string): Error =>
    new Error(`${op}: When providing \`x\` as a tf.data.Dataset, \`${name}\` should not be passed. Instead, ${what} should be included as part of the tf.data.Dataset.`);
  if (y !== undefined && y !== null) throw refuse('y', 'the targets');
  if (sampleWeight !== undefined && sampleWeight !== null) throw refuse('sampleWeight', 'the sample weights');
  // tf.keras' _validate_or_infer_batch_size: a dataset is batched already.
  if (batchSize !== undefined && batchSize !== null) {
    throw new Error(`${op}: The \`batchSize\` argument must not be specified for the given input type (a tf.data.Dataset, which is batched already), got batchSize ${describe(batchSize)}.`);
  }
}
