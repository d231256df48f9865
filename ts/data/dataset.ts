// tf.data.Dataset (tensorflow/python/data/ops/dataset_ops.py): a description of a sequence of
// elements, made from data, transformed lazily, and read by iteration. Synchronous: an element is
// made when the loop asks for it, so prefetch has nothing to do and the parallelism options are
// accepted and ignored.

import { constant } from '../creation';
import { checkBoolean, checkOptions, describe, isPlainObject, type PositionalThenOptions } from '../describe';
import type { TensorSpec } from '../function';
import type { TensorShape } from '../tensor-shape';
import { untracked } from '../memory';
import type { NestedArray, Tensor } from '../tensor';
import { Tensor as TensorClass } from '../tensor';
import { dataArguments, paddedShapesOrOptions } from './arguments';
import { type PaddedShapes, batch, checkBatchSize, paddedBatch, paddedShapesOf, rebatch, unbatch } from './batching';
import { bucketOf, groupByWindow, integerScalar } from './grouping';
import { cache } from './cache';
import { checkCount, concatenate, enumerate, repeat, shard, skip, take } from './counting';
import { checkInterleaveLength, interleave } from './interleave';
import { chooseFromDatasets, checkWeights, sampleFromDatasets } from './directed-interleave';
import { listFiles } from './list-files';
import { type ElementFunction, type ScanFunction, callOn, filter, flatMap, map, scan, takeWhile } from './mapping';
import type { Pipeline } from './pipeline';
import { shuffle } from './shuffle';
import * as sources from './sources';
import { type ElementSpec, type SpecStructure, isSpecStructure, mapSpec, specText, tensorSpecs, withShape } from './spec';
import { type Element, type Normalized, type Sliced, type StructureLike, checkSameStructure, normalize } from './structure';
import { type StringScalar, type StringSpec, type StringValue, isStringValue } from './strings';
import { unique } from './unique';
import { checkWindowArgument, window } from './window';

/** The arguments a function of an element receives: a tuple's components, else the element (an
 * array of strings is one tf.string component, not a tuple). */
export type ElementArgs<T> = T extends StringValue ? [T] : T extends readonly unknown[] ? T : [T];

/** An element read back as JS values (`asNumpyIterator`): each tensor as `arraySync()` gives it,
 * tf.string values as they are. */
export type NumpyElement<T> = T extends Tensor ? NestedArray : T extends StringValue ? T : { -readonly [K in keyof T]: NumpyElement<T[K]> };

/** The element of a batch of elements `T`: a tensor stays a tensor, a tf.string value becomes an
 * array of them. */
export type Batched<T> = T extends Tensor ? T : T extends StringValue ? T[] : { -readonly [K in keyof T]: Batched<T[K]> };

/** The element of the rows of elements `T` (`unbatch`'s, `fromTensorSlices`'): a tensor stays a
 * tensor, an array of tf.string values gives one of them. */
export type Unbatched<T> = T extends Tensor ? T : T extends readonly (infer E extends StringValue)[] ? E : T extends StringScalar ? T : { -readonly [K in keyof T]: Unbatched<T[K]> };

/** The element type of a dataset. */
type ElementOf<D> = D extends Dataset<infer E> ? E : never;

/** The element of `window`'s dataset for elements `T`: a dataset per component, in `T`'s tuples and dicts. */
export type WindowElement<T> = T extends Tensor | Dataset<unknown> | StringValue ? Dataset<T> : { -readonly [K in keyof T]: WindowElement<T[K]> };

/** Options of `dataset.batch(batchSize, options)`. */
export interface BatchOptions {
  /** Drop the last batch if it has fewer than `batchSize` elements (default false). */
  dropRemainder?: boolean;
  /** Accepted for TensorFlow compatibility (batching is synchronous). */
  numParallelCalls?: number | null;
  /** Accepted for TensorFlow compatibility (the order is always deterministic). */
  deterministic?: boolean | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** `Dataset.range`'s bounds: stop; start and stop; or start, stop and step. */
export type RangeBounds = [stop: number] | [start: number, stop: number] | [start: number, stop: number, step: number];

/** TensorFlow's keyword arguments of `Dataset.range`, after its bounds. */
export type RangeKeywords = {
  /** The elements' dtype: 'int32' (default; TensorFlow's int64), 'float32' or 'float64'. */
  outputType?: 'int32' | 'float32' | 'float64' | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
};

/** Options of `dataset.rebatch(batchSize, options)`. */
export interface RebatchOptions {
  /** Drop the last batch if it has fewer rows than its batch size (default false). */
  dropRemainder?: boolean;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** A shape for `paddedShapes`: lengths, with null (or -1) for "the largest in each batch"; a
 * tf.TensorShape; or tuples (arrays) and dicts (objects) of them, one per component. */
export type PaddedShapesLike = TensorShape | readonly (number | null)[] | readonly PaddedShapesLike[] | { readonly [key: string]: PaddedShapesLike };

/** Options of `dataset.paddedBatch(batchSize, options)`. */
export interface PaddedBatchOptions {
  /** Each component's shape after padding, in the elements' structure: a length pads that axis to
   * it (an element longer than it is an error), null or -1 pads to the largest in each batch
   * (default: every axis so). */
  paddedShapes?: PaddedShapesLike | null;
  /** The value padded in (default 0, or false for bool components). */
  paddingValues?: number | boolean;
  /** Drop the last batch if it has fewer than `batchSize` elements (default false). */
  dropRemainder?: boolean;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.shuffle(bufferSize, options)`. */
export interface ShuffleOptions {
  /** The op seed: with it (or a global `tf.random.setSeed`) the order is the same on every run. */
  seed?: number | null;
  /** Draw a new order at every pass over the dataset (default true, as TensorFlow's). */
  reshuffleEachIteration?: boolean;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `tf.data.Dataset.listFiles(filePattern, options)`. */
export interface ListFilesOptions {
  /** Shuffle the file names (default true, as TensorFlow's; false: sorted). */
  shuffle?: boolean | null;
  /** The shuffle's op seed (see `shuffle`: deterministic, but not TensorFlow's order). */
  seed?: number | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.map(fn, options)` (and `filter`, `flatMap`). */
export interface MapOptions {
  /** Accepted for TensorFlow compatibility (elements are mapped one at a time). */
  numParallelCalls?: number | null;
  /** Accepted for TensorFlow compatibility (the order is always deterministic). */
  deterministic?: boolean | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.groupByWindow(keyFunc, reduceFunc, options)`: exactly one of `windowSize`
 * and `windowSizeFunc`. */
export interface GroupByWindowOptions {
  /** The number of elements of one key that make a window (the last window of a key may be smaller). */
  windowSize?: number | Tensor | null;
  /** The window size of each key (an integer scalar), called once per key. */
  windowSizeFunc?: ((key: Tensor) => number | Tensor) | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.bucketBySequenceLength(elementLengthFunc, bucketBoundaries, bucketBatchSizes, options)`. */
export interface BucketBySequenceLengthOptions {
  /** As paddedBatch's; default: each component's shape, its unknown axes padded to the batch's largest. */
  paddedShapes?: PaddedShapesLike | null;
  /** The value padded in (default 0). */
  paddingValues?: number | boolean;
  /** Pad unknown axes to the bucket's boundary minus 1 instead of the batch's largest (an element
   * in the last bucket, at least max(bucketBoundaries) long, is then an error). Default false. */
  padToBucketBoundary?: boolean;
  /** Batch without padding (the elements of a batch must have one shape). Default false. */
  noPadding?: boolean;
  /** Drop each bucket's last batch if it has fewer elements than the bucket's batch size (default false). */
  dropRemainder?: boolean;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.window(size, options)`. */
export interface WindowOptions {
  /** The number of input elements from one window's start to the next (default `size`). */
  shift?: number | null;
  /** The step between the input elements of a window (default 1). */
  stride?: number;
  /** Drop the last windows if they have fewer than `size` elements (default false). */
  dropRemainder?: boolean;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `dataset.interleave(mapFunc, options)`. */
export interface InterleaveOptions {
  /** How many input elements' datasets are read in turn (default, or tf.data.AUTOTUNE: 8). */
  cycleLength?: number | null;
  /** How many consecutive elements are read from each before the next (default 1). */
  blockLength?: number | null;
  /** Accepted for TensorFlow compatibility (reading is synchronous). */
  numParallelCalls?: number | null;
  /** Accepted for TensorFlow compatibility (the order is always the deterministic one). */
  deterministic?: boolean | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** Options of `tf.data.Dataset.chooseFromDatasets(datasets, choiceDataset, options)`. */
export interface ChooseFromDatasetsOptions {
  /** End when a chosen dataset has ended (default true); if false, skip it and go on. */
  stopOnEmptyDataset?: boolean;
}

/** Options of `tf.data.Dataset.sampleFromDatasets(datasets, options)`. */
export interface SampleFromDatasetsOptions {
  /** The relative probability of each dataset (numbers or a float tensor; default all equal). */
  weights?: readonly number[] | Tensor | null;
  /** The op seed: with it (or a global `tf.random.setSeed`) the order is the same on every run. */
  seed?: number | null;
  /** End when a chosen dataset has ended (default false: draw among the others until all end). */
  stopOnEmptyDataset?: boolean;
  /** Draw new choices at every pass (default false: every pass makes the same choices). */
  rerandomizeEachIteration?: boolean | null;
}

/** Options of `tf.data.Dataset.fromGenerator(generator, options)`. */
export interface FromGeneratorOptions<S> {
  /** The elements' spec: a tf.TensorSpec (a tf.data.StringSpec for JS strings or Uint8Arrays), or tuples (arrays) and dicts (objects) of them (required). */
  outputSignature: S;
  /** Arguments passed to `generator` at each pass. */
  args?: readonly unknown[] | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

const MAP_OPTIONS = ['numParallelCalls', 'deterministic', 'name'];

/** The pipeline of `value`, which `fn` returned and must be a dataset. */
function pipelineOfDataset(value: unknown, op: string, fn: string): Pipeline {
  if (!(value instanceof Dataset)) throw new Error(`${op}: \`${fn}\` must return a \`tf.data.Dataset\` object, got ${describe(value)}.`);
  return value._pipeline;
}

/** The padding value of paddedBatch's options (default 0). */
function paddingValueOf(o: { paddingValues?: number | boolean | null }, op: string): number | boolean {
  const padding = o.paddingValues ?? 0;
  if (typeof padding !== 'number' && typeof padding !== 'boolean') throw new Error(`${op}: paddingValues must be a number or a boolean, got ${describe(padding)}.`);
  return padding;
}

/** The options of the methods whose only optional argument in TensorFlow is `name`. */
const NAME_ONLY = ['name'];

/** Dataset.groupByWindow's positional arguments after the functions, in TensorFlow's order. */
type GroupByWindowPositional = [windowSize?: number | Tensor | null, windowSizeFunc?: ((key: Tensor) => number | Tensor) | null, name?: string | null];

/** Dataset.bucketBySequenceLength's positional arguments after the bucket sizes, in TensorFlow's order. */
type BucketBySequenceLengthPositional = [
  paddedShapes?: PaddedShapesLike | null, paddingValues?: number | boolean | null, padToBucketBoundary?: boolean, noPadding?: boolean, dropRemainder?: boolean,
  name?: string | null,
];

/** TensorFlow's optional parameters, in its order, of the methods that share them. */
const BATCH_NAMES = ['dropRemainder', 'numParallelCalls', 'deterministic', 'name'];
const GROUP_BY_WINDOW_NAMES = ['windowSize', 'windowSizeFunc', 'name'];
const PADDED_BATCH_NAMES = ['paddedShapes', 'paddingValues', 'dropRemainder', 'name'];
const BUCKET_NAMES = ['paddedShapes', 'paddingValues', 'padToBucketBoundary', 'noPadding', 'dropRemainder', 'name'];

/** Dataset.listFiles's positional arguments after the required ones, in TensorFlow's order. */
type ListFilesPositional = [shuffle?: boolean | null, seed?: number | null, name?: string | null];

/** Dataset.sampleFromDatasets's positional arguments after the required ones, in TensorFlow's order. */
type SampleFromDatasetsPositional = [weights?: readonly number[] | Tensor | null, seed?: number | null, stopOnEmptyDataset?: boolean, rerandomizeEachIteration?: boolean | null];

/** Dataset.map's positional arguments after the required ones, in TensorFlow's order. */
type MapPositional = [numParallelCalls?: number | null, deterministic?: boolean | null, name?: string | null];

/** Dataset.window's positional arguments after the required ones, in TensorFlow's order. */
type WindowPositional = [shift?: number | null, stride?: number, dropRemainder?: boolean, name?: string | null];

/** Dataset.interleave's positional arguments after the required ones, in TensorFlow's order. */
type InterleavePositional = [cycleLength?: number | null, blockLength?: number | null, numParallelCalls?: number | null, deterministic?: boolean | null, name?: string | null];

/** Dataset.batch's positional arguments after the required ones, in TensorFlow's order. */
type BatchPositional = [dropRemainder?: boolean, numParallelCalls?: number | null, deterministic?: boolean | null, name?: string | null];

/** Dataset.rebatch's positional arguments after the required ones, in TensorFlow's order. */
type RebatchPositional = [dropRemainder?: boolean, name?: string | null];

/** Dataset.paddedBatch's positional arguments after the required ones, in TensorFlow's order. */
type PaddedBatchPositional = [paddedShapes?: PaddedShapesLike | null, paddingValues?: number | boolean | null, dropRemainder?: boolean, name?: string | null];

/** Dataset.shuffle's positional arguments after the required ones, in TensorFlow's order. */
type ShufflePositional = [seed?: number | null, reshuffleEachIteration?: boolean | null, name?: string | null];

/** Dataset.repeat's positional arguments after the required ones, in TensorFlow's order. */
type RepeatPositional = [count?: number | null, name?: string | null];

/** Dataset.enumerate's positional arguments after the required ones, in TensorFlow's order. */
type EnumeratePositional = [start?: number, name?: string | null];

/** Dataset.cache's positional arguments after the required ones, in TensorFlow's order. */
type CachePositional = [filename?: string, name?: string | null];

/**
 * `tf.data.Dataset`: a sequence of elements (a tensor, or tuples as arrays and dicts as objects of
 * tensors), made by `fromTensorSlices`, `fromTensors`, `range`, `zip` or `fromGenerator`,
 * transformed by methods that each return a new dataset (`map`, `filter`, `shuffle`, `batch`,
 * `repeat`, `take`, ...), and read by iterating it (`for (const [x, y] of ds)`), by
 * `asNumpyIterator()`, `reduce`, or `model.fit(ds)`. Nothing runs until a pass starts; each pass
 * starts from the first element. Everything is synchronous.
 *
 * @example
 * ```ts
 * const ds = tf.data.Dataset.fromTensorSlices([tf.constant([[1], [2], [3], [4], [5]]), tf.constant([0, 1, 0, 1, 0])])
 *   .map((x, y) => [x.mul(10), y])
 *   .batch(2);
 * const shapes = [];
 * for (const [x, y] of ds) shapes.push(x.shape[0], y.shape[0]);
 * console.log(shapes, ds.cardinality().item()); // [ 2, 2, 2, 2, 1, 1 ] 3
 * ```
 */
export class Dataset<T = Element> implements Iterable<T> {
  /** @internal */
  readonly _pipeline: Pipeline;

  /** @internal Datasets are made by the static constructors and the transformations. */
  constructor(p: Pipeline) {
    this._pipeline = p;
  }

  /**
   * A dataset of the slices of `tensors` along their first axis: a tensor, JS numbers (nested
   * arrays are one tensor, as a Python list is in TensorFlow), or tuples (arrays holding tensors)
   * and dicts (objects) of them, which must all have the same first dimension.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.fromTensorSlices({ a: [1, 2, 3], b: tf.constant([[1, 1], [2, 2], [3, 3]]) });
   * console.log([...ds.asNumpyIterator()][2]); // { a: 3, b: [ 3, 3 ] }
   * ```
   */
  // One signature: overloads would make TypeScript compare the element types too deeply. The rest
  // parameter still catches extra arguments at run time.
  static fromTensorSlices<const S extends StructureLike>(tensors: S, ...args: [name?: string | null | { name?: string | null }]): Dataset<Sliced<S>> {
    const op = 'Dataset.fromTensorSlices';
    dataArguments(op, args, NAME_ONLY, NAME_ONLY, '{name: "slices"}');
    return new Dataset(sources.fromTensorSlices(tensors, op));
  }

  /**
   * `tf.data.Dataset.list_files(file_pattern, shuffle, seed)` (Node): the files matching a glob
   * pattern (or any of an array of them), as TensorFlow matches them: each path component on its
   * own ('*' and '?' never cross a '/'; '[...]' sets, '[!...]' negated; '\' escapes), dot files
   * included. Sorted with `{shuffle: false}`; shuffled by default (reshuffled at every pass; a
   * `seed` makes the order repeatable, though not TensorFlow's). No match is TensorFlow's error.
   *
   * @example
   * ```ts
   * const fs = process.getBuiltinModule('node:fs');
   * const dir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
   * for (const name of ['b.csv', 'a.csv', 'c.txt']) fs.writeFileSync(`${dir}/${name}`, 'x\n');
   * const files = tf.data.Dataset.listFiles(`${dir}/*.csv`, { shuffle: false });
   * console.log([...files].map((path) => path.slice(dir.length))); // [ '/a.csv', '/b.csv' ]
   * ```
   */
  static listFiles(filePattern: string | readonly string[], options?: ListFilesOptions): Dataset<string>;
  /** TensorFlow's positional form, `list_files(file_pattern, shuffle=None, seed=None, name=None)`. */
  static listFiles(filePattern: string | readonly string[], ...positional: ListFilesPositional): Dataset<string>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  static listFiles(filePattern: string | readonly string[], ...positionalThenOptions: PositionalThenOptions<ListFilesPositional, ListFilesOptions>): Dataset<string>;
  static listFiles(filePattern: string | readonly string[], ...args: unknown[]): Dataset<string> {
    const op = 'Dataset.listFiles';
    const names = ['shuffle', 'seed', 'name'];
    const o = dataArguments(op, args, names, names, '{shuffle: false}') as ListFilesOptions;
    const seed = o.seed ?? undefined;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be an integer, got ${describe(seed)}.`);
    const files = listFiles(filePattern, op);
    if (!checkBoolean(o.shuffle ?? undefined, op, 'shuffle', true)) return new Dataset(files);
    // TensorFlow: dataset.shuffle(max(number of files, 1), seed).
    return new Dataset(shuffle(files, Math.max(files.cardinality, 1), seed, true, op));
  }

  /**
   * A dataset of one element, `tensors` whole.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.fromTensors([[1, 2], [3, 4]]);
   * console.log(ds.cardinality().item(), ds.elementSpec.toString()); // 1 TensorSpec(shape=(2, 2), dtype=tf.float32, name=None)
   * ```
   */
  // One signature, as fromTensorSlices'.
  static fromTensors<const S extends StructureLike>(tensors: S, ...args: [name?: string | null | { name?: string | null }]): Dataset<Normalized<S>> {
    const op = 'Dataset.fromTensors';
    dataArguments(op, args, NAME_ONLY, NAME_ONLY, '{name: "element"}');
    return new Dataset(sources.fromTensors(tensors, op));
  }

  /**
   * `range(stop)`, `range(start, stop)` or `range(start, stop, step)`: the integers from `start`
   * (default 0) up to `stop` excluded, as int32 scalars (int64 in TensorFlow).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(1, 10, 3).asNumpyIterator()]); // [ 1, 4, 7 ]
   * ```
   */
  static range(...args: [...bounds: RangeBounds, keywords?: RangeKeywords]): Dataset<Tensor> {
    const op = 'Dataset.range';
    // TensorFlow's output_type and name are keyword arguments only: a last options object here.
    const last: unknown = args[args.length - 1];
    const bounds = isPlainObject(last) ? args.slice(0, -1) : args;
    const keywords = (isPlainObject(last) ? checkOptions(last, op, ['outputType', 'name'], "{outputType: 'float32'}") : {}) as RangeKeywords;
    if (bounds.length < 1 || bounds.length > 3) throw new Error(`${op}: takes stop, start and stop, or start, stop and step; got ${bounds.length} arguments.`);
    const [start, stop, step] = bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0], bounds[1], bounds[2] ?? 1];
    const dtype = keywords.outputType ?? 'int32';
    if (dtype !== 'int32' && dtype !== 'float32' && dtype !== 'float64') throw new Error(`${op}: outputType must be 'int32' (TensorFlow's default int64), 'float32' or 'float64', got ${describe(dtype)}.`);
    return new Dataset(sources.range(start as number, stop as number, step as number, op, dtype));
  }

  /**
   * The datasets' elements side by side: `zip([a, b])` or `zip(a, b)` gives tuples, `zip({x: a, y:
   * b})` dicts; as long as the shortest dataset.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.zip(tf.data.Dataset.range(3), tf.data.Dataset.range(10, 20));
   * console.log([...ds.asNumpyIterator()]); // [ [ 0, 10 ], [ 1, 11 ], [ 2, 12 ] ]
   * ```
   */
  static zip<const D extends readonly Dataset<unknown>[]>(datasets: D): Dataset<{ -readonly [K in keyof D]: ElementOf<D[K]> }>;
  static zip<const D extends { readonly [key: string]: Dataset<unknown> }>(datasets: D): Dataset<{ -readonly [K in keyof D]: ElementOf<D[K]> }>;
  static zip<const D extends readonly Dataset<unknown>[]>(...datasets: D): Dataset<{ -readonly [K in keyof D]: ElementOf<D[K]> }>;
  static zip(...args: unknown[]): Dataset<unknown> {
    const op = 'Dataset.zip';
    // TensorFlow's keyword arguments `datasets` and `name` come in a last options object, told from
    // a dict of datasets by its values.
    const last: unknown = args[args.length - 1];
    const isKeywords = isPlainObject(last) && Object.keys(last).length > 0 && Object.keys(last).every((k) => k === 'datasets' || k === 'name') && !Object.values(last).every((v) => v instanceof Dataset);
    const positional = isKeywords ? args.slice(0, -1) : args;
    const keywords = (isKeywords ? last : {}) as { datasets?: unknown; name?: string | null };
    if (keywords.datasets !== undefined && positional.length > 0) throw new Error(`${op}: pass the datasets either positionally or as the \`datasets\` keyword argument, not both.`);
    const structure: unknown = keywords.datasets !== undefined ? keywords.datasets : positional.length === 1 ? positional[0] : positional;
    if (structure instanceof Dataset) return structure;
    const bad = (): Error => new Error(`${op}: datasets must be datasets, an array (tuple) or an object (dict) of datasets, got ${describe(structure)}.`);
    if (Array.isArray(structure)) {
      if (structure.length === 0 || !structure.every((d) => d instanceof Dataset)) throw bad();
      return new Dataset(sources.zip(structure.map((d: Dataset<unknown>) => d._pipeline), (parts) => parts));
    }
    if (!isPlainObject(structure)) throw bad();
    const keys = Object.keys(structure);
    if (keys.length === 0 || !keys.every((k) => structure[k] instanceof Dataset)) throw bad();
    return new Dataset(sources.zip(keys.map((k) => (structure[k] as Dataset<unknown>)._pipeline), (parts) => Object.fromEntries(keys.map((k, i) => [k, parts[i]!]))));
  }

  /**
   * A dataset of what `generator()` yields at each pass, checked against `outputSignature` (its
   * numbers made tensors of the signature's dtypes). Its cardinality is unknown.
   *
   * @example
   * ```ts
   * function* squares() { for (let i = 1; i <= 3; i++) yield [i, i * i]; }
   * const ds = tf.data.Dataset.fromGenerator(squares, { outputSignature: [new tf.TensorSpec([], 'int32'), new tf.TensorSpec([], 'int32')] });
   * console.log([...ds.asNumpyIterator()]); // [ [ 1, 1 ], [ 2, 4 ], [ 3, 9 ] ]
   * ```
   */
  static fromGenerator<const S extends SpecStructure>(generator: (...args: never[]) => Iterable<unknown>, options: FromGeneratorOptions<S>): Dataset<SpecElement<S>>;
  /**
   * TensorFlow's positional form, `from_generator(generator, output_types=None, output_shapes=None,
   * args=None, output_signature=None, name=None)`: gradtape takes only `output_signature` (the
   * deprecated `output_types` and `output_shapes` must be null).
   */
  static fromGenerator<const S extends SpecStructure>(generator: (...args: never[]) => Iterable<unknown>, outputTypes: null | undefined, outputShapes: null | undefined, args: readonly unknown[] | null | undefined, outputSignature: S, name?: string | null): Dataset<SpecElement<S>>;
  static fromGenerator(generator: (...args: never[]) => Iterable<unknown>, ...rest: unknown[]): Dataset<unknown> {
    const op = 'Dataset.fromGenerator';
    const names = ['outputTypes', 'outputShapes', 'args', 'outputSignature', 'name'];
    const o = dataArguments(op, rest, names, names, '{outputSignature: new tf.TensorSpec([null], "float32")}', {
      allowed: ['outputSignature', 'args', 'name'],
      unsupported: { outputTypes: null, outputShapes: null },
    }) as unknown as FromGeneratorOptions<SpecStructure>;
    if (!isSpecStructure(o.outputSignature)) {
      throw new Error(`${op}: outputSignature is required: a tf.TensorSpec (or a tf.data.StringSpec for strings), or arrays (tuples) and objects (dicts) of them, got ${describe(o.outputSignature)}.`);
    }
    const args = o.args ?? [];
    if (!Array.isArray(args)) throw new Error(`${op}: args must be an array, got ${describe(o.args)}.`);
    const call = generator as (...a: unknown[]) => Iterable<unknown>;
    return new Dataset(sources.fromGenerator(() => call(...args), o.outputSignature, op));
  }

  /**
   * For each index k in `choiceDataset` (int32 scalars; int64 in TensorFlow), the next element of
   * `datasets[k]`. When a chosen dataset has ended, the result ends (`stopOnEmptyDataset`, the
   * default), or that dataset is skipped from then on. The cardinality is infinite if a dataset
   * is, else unknown (as TensorFlow's kernel says, whatever `choiceDataset`'s length).
   *
   * @example
   * ```ts
   * const datasets = [tf.data.Dataset.fromTensors(1).repeat(), tf.data.Dataset.fromTensors(2).repeat(), tf.data.Dataset.fromTensors(3).repeat()];
   * const ds = tf.data.Dataset.chooseFromDatasets(datasets, tf.data.Dataset.range(3).repeat(3));
   * console.log([...ds.asNumpyIterator()].join(' ')); // 1 2 3 1 2 3 1 2 3
   * ```
   */
  static chooseFromDatasets<E>(datasets: readonly Dataset<E>[], choiceDataset: Dataset<Tensor>, options?: ChooseFromDatasetsOptions): Dataset<E>;
  /** TensorFlow's positional form, `choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True)`. */
  static chooseFromDatasets<E>(datasets: readonly Dataset<E>[], choiceDataset: Dataset<Tensor>, stopOnEmptyDataset?: boolean): Dataset<E>;
  static chooseFromDatasets<E>(datasets: readonly Dataset<E>[], choiceDataset: Dataset<Tensor>, ...args: unknown[]): Dataset<E> {
    const op = 'Dataset.chooseFromDatasets';
    const o = dataArguments(op, args, ['stopOnEmptyDataset'], [], '{stopOnEmptyDataset: false}') as ChooseFromDatasetsOptions;
    const inputs = datasetList(datasets, op);
    if (!(choiceDataset instanceof Dataset)) throw new Error(`${op}: Invalid \`choiceDataset\`. \`choiceDataset\` must be a tf.data.Dataset of int32 scalars, got ${describe(choiceDataset)}.`);
    return new Dataset(chooseFromDatasets(inputs, choiceDataset._pipeline, checkBoolean(o.stopOnEmptyDataset, op, 'stopOnEmptyDataset', true), op));
  }

  /**
   * Elements of `datasets` drawn at random, dataset k with probability `weights[k] / Σ weights`
   * (default equal weights). A dataset that ends is skipped from then on, and the result ends
   * when all have ended (or at the first ended one with `stopOnEmptyDataset`). Reproducible with
   * `seed` or `tf.random.setSeed`, but not TensorFlow's order (its random numbers differ); every
   * pass makes the same choices unless `rerandomizeEachIteration`. One dataset is returned as it is.
   *
   * @example
   * ```ts
   * const evens = tf.data.Dataset.range(0, 10, 2);
   * const odds = tf.data.Dataset.range(1, 10, 2);
   * const mixed = [...tf.data.Dataset.sampleFromDatasets([evens, odds], { weights: [0.5, 0.5], seed: 1 }).asNumpyIterator()];
   * console.log(mixed.length, [...mixed].sort().join(' ')); // 10 0 1 2 3 4 5 6 7 8 9
   * ```
   */
  static sampleFromDatasets<E>(datasets: readonly Dataset<E>[], options?: SampleFromDatasetsOptions): Dataset<E>;
  /** TensorFlow's positional form, `sample_from_datasets(datasets, weights=None, seed=None,
   * stop_on_empty_dataset=False, rerandomize_each_iteration=None)`. */
  static sampleFromDatasets<E>(datasets: readonly Dataset<E>[], ...positional: SampleFromDatasetsPositional): Dataset<E>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  static sampleFromDatasets<E>(datasets: readonly Dataset<E>[], ...positionalThenOptions: PositionalThenOptions<SampleFromDatasetsPositional, SampleFromDatasetsOptions>): Dataset<E>;
  static sampleFromDatasets<E>(datasets: readonly Dataset<E>[], ...args: unknown[]): Dataset<E> {
    const op = 'Dataset.sampleFromDatasets';
    const names = ['weights', 'seed', 'stopOnEmptyDataset', 'rerandomizeEachIteration'];
    const o = dataArguments(op, args, names, ['weights', 'seed', 'rerandomizeEachIteration'], '{weights: [0.7, 0.3], seed: 1}') as SampleFromDatasetsOptions;
    const inputs = datasetList(datasets, op);
    const weights = checkWeights(o.weights, inputs.length, op);
    const seed = o.seed ?? undefined;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be an integer, got ${describe(seed)}.`);
    const stop = checkBoolean(o.stopOnEmptyDataset, op, 'stopOnEmptyDataset', false);
    const rerandomize = checkBoolean(o.rerandomizeEachIteration ?? undefined, op, 'rerandomizeEachIteration', false);
    // TensorFlow returns a single dataset itself (it has nothing to choose from).
    if (datasets.length === 1) return datasets[0]!;
    return new Dataset(sampleFromDatasets(inputs, weights, seed, stop, rerandomize, op));
  }

  /** The spec of the elements: a tf.TensorSpec per component (`null` for a dimension that varies, as
   * the batch dimension after `batch` without `dropRemainder`), in the elements' structure.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.fromTensorSlices([tf.zeros([10, 3]), tf.zeros([10], 'int32')]).batch(4);
   * const [xSpec, ySpec] = ds.elementSpec;
 * console.log(xSpec.toString()); // TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)
 * console.log(ySpec.shape, ySpec.dtype); // [ null ] int32
   * ```
   */
  get elementSpec(): ElementSpec<T> {
    return this._pipeline.spec() as ElementSpec<T>;
  }

  /**
   * The number of elements as an int32 scalar tensor (int64 in TensorFlow), or
   * `tf.data.INFINITE_CARDINALITY` (-1) or `tf.data.UNKNOWN_CARDINALITY` (-2, after `filter`, say).
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(10);
   * console.log(ds.batch(3).cardinality().item(), ds.repeat().cardinality().item(), ds.filter((x) => x.greater(4)).cardinality().item()); // 4 -1 -2
   * ```
   */
  cardinality(): Tensor {
    return constant(this._pipeline.cardinality, 'int32');
  }

  /** A new pass over the elements, from the first. No `tf.tidy` owns the elements (buffers and
   * caches keep them across steps); dropped ones are evicted as any tensor is. */
  [Symbol.iterator](): Iterator<T> {
    const it = untracked(() => this._pipeline.iterate());
    return {
      next: () => untracked(() => it.next()) as IteratorResult<T>,
      return: (value?: unknown) => untracked(() => it.return?.(value) ?? { done: true, value: undefined }) as IteratorResult<T>,
    };
  }

  /**
   * The elements read back as JS values: each tensor as `arraySync()` gives it (numbers for
   * scalars), in the elements' tuples (arrays) and dicts (objects).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.fromTensorSlices([[1, 2], [3, 4]]).asNumpyIterator()]); // [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  *asNumpyIterator(): Generator<NumpyElement<T>, void, undefined> {
    const read = (e: Element): unknown => {
      if (e instanceof TensorClass) return e.arraySync();
      if (isStringValue(e)) return e;
      if (e instanceof Dataset) {
        throw new Error('Dataset.asNumpyIterator: not supported for datasets whose elements hold datasets (as window() makes, TensorFlow\'s DatasetSpec); iterate them, or flatMap them into tensors first: ds.window(3).flatMap((w) => w.batch(3)).');
      }
      return Array.isArray(e) ? (e as Element[]).map(read) : Object.fromEntries(Object.entries(e).map(([k, v]) => [k, read(v as Element)]));
    };
    for (const element of this) yield read(element as Element) as NumpyElement<T>;
  }

  /**
   * Folds the elements into a state: `reduceFunc(state, element)` for each, from `initialState`
   * (numbers become tensors); returns the last state.
   *
   * @example
   * ```ts
   * console.log(tf.data.Dataset.range(5).reduce(tf.constant(0, 'int32'), (sum, x) => sum.add(x)).item()); // 10
   * ```
   */
  reduce<const S extends StructureLike>(initialState: S, reduceFunc: (state: Normalized<S>, element: T) => StructureLike, name?: string | null): Normalized<S>;
  reduce<const S extends StructureLike>(initialState: S, reduceFunc: (state: Normalized<S>, element: T) => StructureLike, options?: { name?: string | null }): Normalized<S>;
  reduce<const S extends StructureLike>(initialState: S, reduceFunc: (state: Normalized<S>, element: T) => StructureLike, ...args: unknown[]): Normalized<S> {
    const op = 'Dataset.reduce';
    dataArguments(op, args, NAME_ONLY, NAME_ONLY, '{name: "total"}');
    if (typeof reduceFunc !== 'function') throw new Error(`${op}: reduceFunc must be a function, got ${describe(reduceFunc)}.`);
    let state = normalize(initialState, op, 'initialState');
    for (const element of this) {
      const next = normalize(reduceFunc(state as Normalized<S>, element), op, "reduceFunc's result");
      checkSameStructure(state, next, op);
      state = next;
    }
    return state as Normalized<S>;
  }

  /**
   * Each element through `mapFunc`, a tuple's components as its arguments (`(x, y) => ...`), a
   * dict or a tensor as its one argument. It may return tensors, numbers, or tuples (arrays) and
   * dicts (objects) of them. (The `elementSpec` after `map` comes from running `mapFunc` on the
   * first element; TensorFlow traces it instead.)
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.fromTensorSlices([tf.constant([1, 2]), tf.constant([3, 4])]).map((a, b) => ({ sum: a.add(b) }));
   * console.log([...ds.asNumpyIterator()]); // [ { sum: 4 }, { sum: 6 } ]
   * ```
   */
  map<const R extends StructureLike>(mapFunc: (...args: ElementArgs<T>) => R, options?: MapOptions): Dataset<Normalized<R>>;
  /** TensorFlow's positional form, `map(map_func, num_parallel_calls=None, deterministic=None, name=None)`. */
  map<const R extends StructureLike>(mapFunc: (...args: ElementArgs<T>) => R, ...positional: MapPositional): Dataset<Normalized<R>>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  map<const R extends StructureLike>(mapFunc: (...args: ElementArgs<T>) => R, ...positionalThenOptions: PositionalThenOptions<MapPositional, MapOptions>): Dataset<Normalized<R>>;
  map<const R extends StructureLike>(mapFunc: (...args: ElementArgs<T>) => R, ...args: unknown[]): Dataset<Normalized<R>> {
    dataArguments('Dataset.map', args, MAP_OPTIONS, MAP_OPTIONS, '{numParallelCalls: tf.data.AUTOTUNE}');
    return new Dataset(map(this._pipeline, mapFunc as ElementFunction, 'Dataset.map'));
  }

  /**
   * The elements for which `predicate` (called as `map`'s function) returns true: a bool scalar
   * tensor or a boolean. The cardinality becomes unknown.
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(10).filter((x) => x.mod(3).equal(0)).asNumpyIterator()]); // [ 0, 3, 6, 9 ]
   * ```
   */
  filter(predicate: (...args: ElementArgs<T>) => Tensor | boolean, options?: MapOptions): Dataset<T>;
  /** TensorFlow's positional form, `filter(predicate, name=None)`. */
  filter(predicate: (...args: ElementArgs<T>) => Tensor | boolean, name?: string | null): Dataset<T>;
  filter(predicate: (...args: ElementArgs<T>) => Tensor | boolean, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.filter', args, NAME_ONLY, NAME_ONLY, '{name: "even"}', { allowed: MAP_OPTIONS });
    return new Dataset(filter(this._pipeline, predicate as ElementFunction, 'Dataset.filter'));
  }

  /**
   * The elements while `predicate` (called as `map`'s function) is true: the dataset ends at the
   * first element for which it is false. The cardinality becomes unknown.
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(10).takeWhile((x) => x.less(5)).asNumpyIterator()]); // [ 0, 1, 2, 3, 4 ]
   * ```
   */
  takeWhile(predicate: (...args: ElementArgs<T>) => Tensor | boolean, options?: { name?: string | null }): Dataset<T>;
  takeWhile(predicate: (...args: ElementArgs<T>) => Tensor | boolean, name?: string | null): Dataset<T>;
  takeWhile(predicate: (...args: ElementArgs<T>) => Tensor | boolean, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.takeWhile', args, NAME_ONLY, NAME_ONLY, '{name: "head"}');
    return new Dataset(takeWhile(this._pipeline, predicate as ElementFunction, 'Dataset.takeWhile'));
  }

  /**
   * A running transformation: `scanFunc(state, element)` returns `[newState, output]`; the outputs
   * are the elements, and the state starts from `initialState` (numbers become tensors) at each
   * pass. The new state must keep the initial state's structure and dtypes. The element is passed
   * whole (a tuple is not spread), as in TensorFlow.
   *
   * @example
   * ```ts
   * const sums = tf.data.Dataset.range(10).scan(tf.constant(0, 'int32'), (state, i) => [state.add(i), state.add(i)]);
   * console.log([...sums.asNumpyIterator()].join(' ')); // 0 1 3 6 10 15 21 28 36 45
   * ```
   */
  scan<const S extends StructureLike, const R extends StructureLike>(initialState: S, scanFunc: (state: Normalized<S>, element: T) => readonly [StructureLike, R], options?: { name?: string | null }): Dataset<Normalized<R>>;
  scan<const S extends StructureLike, const R extends StructureLike>(initialState: S, scanFunc: (state: Normalized<S>, element: T) => readonly [StructureLike, R], name?: string | null): Dataset<Normalized<R>>;
  scan<const S extends StructureLike, const R extends StructureLike>(initialState: S, scanFunc: (state: Normalized<S>, element: T) => readonly [StructureLike, R], ...args: unknown[]): Dataset<Normalized<R>> {
    const op = 'Dataset.scan';
    dataArguments(op, args, NAME_ONLY, NAME_ONLY, '{name: "running"}');
    return new Dataset(scan(this._pipeline, normalize(initialState, op, 'initialState'), scanFunc as unknown as ScanFunction, op));
  }

  /**
   * Each distinct element once, in the order they first appear. As in TensorFlow, the elements
   * must be single integer tensors: int32 here (TensorFlow: int32, int64 or string). The distinct
   * elements are kept for the whole pass; the cardinality becomes unknown.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.fromTensorSlices(tf.constant([1, 37, 2, 37, 2, 1], 'int32')).unique();
   * console.log([...ds.asNumpyIterator()]); // [ 1, 37, 2 ]
   * ```
   */
  unique(options?: { name?: string | null }): Dataset<T>;
  unique(name?: string | null): Dataset<T>;
  unique(...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.unique', args, NAME_ONLY, NAME_ONLY, '{name: "distinct"}');
    return new Dataset(unique(this._pipeline, 'Dataset.unique'));
  }

  /**
   * The elements of the dataset `mapFunc` makes of each element, in order.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(1, 4).flatMap((n) => tf.data.Dataset.fromTensors(n).repeat(n.item()));
   * console.log([...ds.asNumpyIterator()]); // [ 1, 2, 2, 3, 3, 3 ]
   * ```
   */
  flatMap<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, options?: MapOptions): Dataset<E>;
  /** TensorFlow's positional form, `flat_map(map_func, name=None)`. */
  flatMap<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, name?: string | null): Dataset<E>;
  flatMap<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, ...args: unknown[]): Dataset<E> {
    dataArguments('Dataset.flatMap', args, NAME_ONLY, NAME_ONLY, '{name: "flat"}', { allowed: MAP_OPTIONS });
    return new Dataset(flatMap(this._pipeline, mapFunc as ElementFunction, (v) => (v instanceof Dataset ? v._pipeline : null), 'Dataset.flatMap'));
  }

  /**
   * The elements grouped into windows, each a dataset of `size` consecutive elements (or fewer at
   * the end, unless `dropRemainder`): window k starts at element k·`shift` (default `size`) and
   * takes every `stride`-th element (default 1). A tuple or dict element gives a tuple or dict of
   * datasets, one per component. Usually turned back into tensors by `flatMap((w) => w.batch(size))`.
   *
   * @example
   * ```ts
   * const windows = tf.data.Dataset.range(7).window(3, { shift: 1, stride: 2, dropRemainder: true });
   * console.log([...windows].map((w) => [...w.asNumpyIterator()])); // [ [ 0, 2, 4 ], [ 1, 3, 5 ], [ 2, 4, 6 ] ]
   * const batches = tf.data.Dataset.range(7).window(3).flatMap((w) => w.batch(3));
   * console.log([...batches.asNumpyIterator()]); // [ [ 0, 1, 2 ], [ 3, 4, 5 ], [ 6 ] ]
   * ```
   */
  window(size: number, options?: WindowOptions): Dataset<WindowElement<T>>;
  /** TensorFlow's positional form, `window(size, shift=None, stride=1, drop_remainder=False, name=None)`. */
  window(size: number, ...positional: WindowPositional): Dataset<WindowElement<T>>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  window(size: number, ...positionalThenOptions: PositionalThenOptions<WindowPositional, WindowOptions>): Dataset<WindowElement<T>>;
  window(size: number, ...args: unknown[]): Dataset<WindowElement<T>> {
    const op = 'Dataset.window';
    const o = dataArguments(op, args, ['shift', 'stride', 'dropRemainder', 'name'], ['shift', 'name'], '{shift: 1, dropRemainder: true}') as WindowOptions;
    const windowSize = checkWindowArgument(size, op, 'size', 'size');
    const shift = checkWindowArgument(o.shift ?? windowSize, op, 'shift', 'shift');
    const stride = checkWindowArgument(o.stride ?? 1, op, 'stride', 'stride');
    const dropRemainder = checkBoolean(o.dropRemainder, op, 'dropRemainder', false);
    return new Dataset(window(this._pipeline, windowSize, shift, stride, dropRemainder, (p) => new Dataset(p)));
  }

  /**
   * The elements grouped by `keyFunc` (an integer scalar per element, called as `map`'s
   * function): each time a key has gathered `windowSize` elements (or `windowSizeFunc(key)`), they
   * are handed to `reduceFunc(key, dataset of them)`, and the elements of the dataset it returns
   * are the output. When the input ends, the keys' remaining (smaller) windows are reduced in
   * increasing key order, as TensorFlow's kernel does. The cardinality is unknown.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(10).groupByWindow((x) => x.mod(2), (key, window) => window.batch(5), { windowSize: 5 });
   * console.log([...ds.asNumpyIterator()]); // [ [ 0, 2, 4, 6, 8 ], [ 1, 3, 5, 7, 9 ] ]
   * ```
   */
  groupByWindow<E>(keyFunc: (...args: ElementArgs<T>) => Tensor | number, reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>, options?: GroupByWindowOptions): Dataset<E>;
  /** TensorFlow's positional form, `group_by_window(key_func, reduce_func, window_size=None, window_size_func=None, name=None)`. */
  groupByWindow<E>(keyFunc: (...args: ElementArgs<T>) => Tensor | number, reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>, ...positional: GroupByWindowPositional): Dataset<E>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  groupByWindow<E>(
    keyFunc: (...args: ElementArgs<T>) => Tensor | number,
    reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>,
    ...positionalThenOptions: PositionalThenOptions<GroupByWindowPositional, GroupByWindowOptions>
  ): Dataset<E>;
  groupByWindow<E>(keyFunc: (...args: ElementArgs<T>) => Tensor | number, reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>, ...args: unknown[]): Dataset<E> {
    const op = 'Dataset.groupByWindow';
    const o = dataArguments(op, args, GROUP_BY_WINDOW_NAMES, GROUP_BY_WINDOW_NAMES, '{windowSize: 4}') as GroupByWindowOptions;
    const [size, sizeFunc] = [o.windowSize ?? null, o.windowSizeFunc ?? null];
    if ((size === null) === (sizeFunc === null)) throw new Error(`${op}: Either the \`windowSize\` option or the \`windowSizeFunc\` option must be specified.`);
    for (const [name, f] of [['keyFunc', keyFunc], ['reduceFunc', reduceFunc], ['windowSizeFunc', sizeFunc ?? (() => 0)]] as const) {
      if (typeof f !== 'function') throw new Error(`${op}: ${name} must be a function, got ${describe(f)}.`);
    }
    const windowSize = size === null ? null : integerScalar(size, op, 'windowSize');
    return new Dataset(
      groupByWindow(
        this._pipeline,
        {
          keyOf: (element) => integerScalar(callOn(keyFunc as ElementFunction, element), op, 'keyFunc'),
          windowSizeOf: (key) => windowSize ?? integerScalar(sizeFunc!(constant(key, 'int32')), op, 'windowSizeFunc'),
          reduce: (key, window) => pipelineOfDataset(reduceFunc(constant(key, 'int32'), new Dataset(window)), op, 'reduceFunc'),
        },
        op,
      ),
    );
  }

  /**
   * The elements grouped into buckets by their length (`elementLengthFunc`, an integer scalar per
   * element): bucket i holds the lengths in [bucketBoundaries[i - 1], bucketBoundaries[i]) (the
   * first from -inf, the last to +inf), and each bucket is padded and batched by
   * `bucketBatchSizes[i]` (TensorFlow's groupByWindow then paddedBatch; see the options).
   *
   * @example
   * ```ts
   * const elements = [[0], [1, 2, 3, 4], [5, 6, 7], [7, 8, 9, 10, 11], [13, 14, 15, 16, 19, 20], [21, 22]];
   * const ds = tf.data.Dataset.fromGenerator(() => elements.values(), { outputSignature: new tf.TensorSpec([null], 'int32') });
   * const buckets = ds.bucketBySequenceLength((x) => x.shape[0]!, [3, 5], [2, 2, 2]);
   * console.log(JSON.stringify([...buckets.asNumpyIterator()])); // [[[1,2,3,4],[5,6,7,0]],[[7,8,9,10,11,0],[13,14,15,16,19,20]],[[0,0],[21,22]]]
   * ```
   */
  bucketBySequenceLength(elementLengthFunc: (...args: ElementArgs<T>) => Tensor | number, bucketBoundaries: readonly number[], bucketBatchSizes: readonly number[], options?: BucketBySequenceLengthOptions): Dataset<T>;
  /** TensorFlow's positional form, `bucket_by_sequence_length(element_length_func, bucket_boundaries,
   * bucket_batch_sizes, padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
   * no_padding=False, drop_remainder=False, name=None)`. */
  bucketBySequenceLength(
    elementLengthFunc: (...args: ElementArgs<T>) => Tensor | number, bucketBoundaries: readonly number[], bucketBatchSizes: readonly number[], ...positional: BucketBySequenceLengthPositional
  ): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  bucketBySequenceLength(
    elementLengthFunc: (...args: ElementArgs<T>) => Tensor | number,
    bucketBoundaries: readonly number[],
    bucketBatchSizes: readonly number[],
    ...positionalThenOptions: PositionalThenOptions<BucketBySequenceLengthPositional, BucketBySequenceLengthOptions>
  ): Dataset<T>;
  bucketBySequenceLength(elementLengthFunc: (...args: ElementArgs<T>) => Tensor | number, bucketBoundaries: readonly number[], bucketBatchSizes: readonly number[], ...args: unknown[]): Dataset<T> {
    const op = 'Dataset.bucketBySequenceLength';
    const o = dataArguments(op, args, BUCKET_NAMES, ['paddedShapes', 'paddingValues', 'name'], '{padToBucketBoundary: true}', { isOptions: paddedShapesOrOptions(BUCKET_NAMES) }) as BucketBySequenceLengthOptions;
    if (typeof elementLengthFunc !== 'function') throw new Error(`${op}: elementLengthFunc must be a function, got ${describe(elementLengthFunc)}.`);
    for (const [name, list] of [['bucketBoundaries', bucketBoundaries], ['bucketBatchSizes', bucketBatchSizes]] as const) {
      if (!Array.isArray(list) || !list.every((v) => Number.isInteger(v))) throw new Error(`${op}: ${name} must be an array of integers, got ${describe(list)}.`);
    }
    if (bucketBatchSizes.length !== bucketBoundaries.length + 1) {
      throw new Error(
        `${op}: \`bucketBatchSizes.length\` must equal \`bucketBoundaries.length + 1\` but \`bucketBatchSizes.length=${bucketBatchSizes.length}\` and \`bucketBoundaries.length=${bucketBoundaries.length}\`.`,
      );
    }
    const toBoundary = checkBoolean(o.padToBucketBoundary, op, 'padToBucketBoundary', false);
    const noPadding = checkBoolean(o.noPadding, op, 'noPadding', false);
    const dropRemainder = checkBoolean(o.dropRemainder, op, 'dropRemainder', false);
    const padding = paddingValueOf(o, op);
    const given = o.paddedShapes ?? null;
    const reduce = (bucket: number, window: Pipeline): Pipeline => {
      const batchSize = checkBatchSize(bucketBatchSizes[bucket], op);
      if (noPadding) return batch(window, batchSize, dropRemainder, op);
      if (!toBoundary) return paddedBatch(window, batchSize, dropRemainder, padding, given === null ? null : () => paddedShapesOf(window.spec(), given, op), op);
      if (bucket === bucketBatchSizes.length - 1) throw new Error(`${op}: When padToBucketBoundary is true, elements must have length < max(bucketBoundaries).`);
      // Unknown lengths (of the given shapes, or else of the elements' spec) pad to the bucket's longest.
      const longest = bucketBoundaries[bucket]! - 1;
      const shapes = (): PaddedShapes => (given === null ? tensorSpecs(window.spec(), op).map((s) => s.shape) : paddedShapesOf(window.spec(), given, op)).map((shape) => shape?.map((d) => d ?? longest) ?? null);
      return paddedBatch(window, batchSize, dropRemainder, padding, shapes, op);
    };
    const input = this._pipeline;
    // As TensorFlow traces it (the bucket unknown): batches of unknown size, each component in its
    // padded shape, the lengths padded per bucket or per batch unknown.
    const spec = (): SpecStructure => {
      const shapes = noPadding || given === null ? null : paddedShapesOf(input.spec(), given, op);
      let c = 0;
      return mapSpec(input.spec(), (s) => {
        const shape = shapes?.[c++] ?? s.shape;
        return withShape(s, shape === null ? null : [null, ...shape]);
      });
    };
    return new Dataset(groupByWindow(input, { keyOf: bucketOf(elementLengthFunc as ElementFunction, bucketBoundaries, op), windowSizeOf: (bucket) => bucketBatchSizes[bucket]!, reduce, spec }, op));
  }

  /**
   * `transformationFunc(this)`, which must return a dataset: TensorFlow's way to chain a
   * transformation written as a function (such as those of `tf.data.experimental`).
   *
   * @example
   * ```ts
   * const evens = (ds: tf.data.Dataset<tf.Tensor>) => ds.filter((x) => x.mod(2).equal(0));
   * console.log([...tf.data.Dataset.range(6).apply(evens).asNumpyIterator()]); // [ 0, 2, 4 ]
   * ```
   */
  apply<R>(transformationFunc: (dataset: Dataset<T>) => Dataset<R>): Dataset<R> {
    if (typeof transformationFunc !== 'function') throw new Error(`Dataset.apply: transformationFunc must be a function, got ${describe(transformationFunc)}.`);
    return new Dataset(pipelineOfDataset(transformationFunc(this), 'Dataset.apply', 'transformationFunc'));
  }

  /**
   * The elements of the datasets `mapFunc` makes (called as `map`'s function), interleaved:
   * `cycleLength` input elements' datasets are read in turn, `blockLength` (default 1) consecutive
   * elements from each; a dataset that ends makes room for the next input element's. The order is
   * TensorFlow's deterministic one. `cycleLength` defaults to 8 (as does tf.data.AUTOTUNE): TensorFlow
   * takes the number of CPU cores, which would make the order depend on the machine. The
   * cardinality is unknown.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(1, 6).interleave((x) => tf.data.Dataset.fromTensors(x).repeat(6), { cycleLength: 2, blockLength: 4 });
   * console.log([...ds.asNumpyIterator()].join(' ')); // 1 1 1 1 2 2 2 2 1 1 2 2 3 3 3 3 4 4 4 4 3 3 4 4 5 5 5 5 5 5
   * ```
   */
  interleave<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, options?: InterleaveOptions): Dataset<E>;
  /** TensorFlow's positional form, `interleave(map_func, cycle_length=None, block_length=None,
   * num_parallel_calls=None, deterministic=None, name=None)`. */
  interleave<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, ...positional: InterleavePositional): Dataset<E>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  interleave<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, ...positionalThenOptions: PositionalThenOptions<InterleavePositional, InterleaveOptions>): Dataset<E>;
  interleave<E>(mapFunc: (...args: ElementArgs<T>) => Dataset<E>, ...args: unknown[]): Dataset<E> {
    const op = 'Dataset.interleave';
    const names = ['cycleLength', 'blockLength', 'numParallelCalls', 'deterministic', 'name'];
    const o = dataArguments(op, args, names, names, '{cycleLength: 4, blockLength: 16}') as InterleaveOptions;
    const cycleLength = checkInterleaveLength(o.cycleLength ?? -1, op, 'cycleLength');
    const blockLength = checkInterleaveLength(o.blockLength ?? 1, op, 'blockLength');
    return new Dataset(interleave(this._pipeline, mapFunc as ElementFunction, (v) => (v instanceof Dataset ? v._pipeline : null), cycleLength, blockLength, op));
  }

  /**
   * Consecutive elements stacked into batches of `batchSize` along a new first axis; the last
   * batch is smaller unless `dropRemainder` (as options, or TensorFlow's positional boolean). The
   * batch dimension of `elementSpec` is `null` unless `dropRemainder`.
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(8).batch(3).asNumpyIterator()]); // [ [ 0, 1, 2 ], [ 3, 4, 5 ], [ 6, 7 ] ]
   * console.log([...tf.data.Dataset.range(8).batch(3, { dropRemainder: true }).asNumpyIterator()]); // [ [ 0, 1, 2 ], [ 3, 4, 5 ] ]
   * ```
   */
  batch(batchSize: number, options?: BatchOptions): Dataset<Batched<T>>;
  /** TensorFlow's positional form, `batch(batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None)`. */
  batch(batchSize: number, ...positional: BatchPositional): Dataset<Batched<T>>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  batch(batchSize: number, ...positionalThenOptions: PositionalThenOptions<BatchPositional, BatchOptions>): Dataset<Batched<T>>;
  batch(batchSize: number, ...args: unknown[]): Dataset<Batched<T>> {
    const op = 'Dataset.batch';
    const o = dataArguments(op, args, BATCH_NAMES, ['numParallelCalls', 'deterministic', 'name'], '{dropRemainder: true}') as BatchOptions;
    const dropRemainder = checkBoolean(o.dropRemainder, op, 'dropRemainder', false);
    return new Dataset(batch(this._pipeline, checkBatchSize(batchSize, op), dropRemainder, op));
  }

  /**
   * The rows of an already batched dataset (elements of rank 1 or more) batched again, into
   * batches of `batchSize` rows, or of `batchSize[0]`, `batchSize[1]`, ... rows in turn when it is
   * an array; the last batch is smaller unless `dropRemainder` (as options, or TensorFlow's
   * positional boolean). As in TensorFlow, the cardinality is unknown, and a batch of the input
   * may be split across batches of the output.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(10).batch(4);
   * console.log(JSON.stringify([...ds.rebatch(3).asNumpyIterator()])); // [[0,1,2],[3,4,5],[6,7,8],[9]]
   * console.log(JSON.stringify([...ds.rebatch([2, 3]).asNumpyIterator()])); // [[0,1],[2,3,4],[5,6],[7,8,9]]
   * console.log(ds.rebatch(3, true).elementSpec.toString()); // TensorSpec(shape=(3,), dtype=tf.int32, name=None)
   * ```
   */
  rebatch(batchSize: number | readonly number[], options?: RebatchOptions): Dataset<T>;
  /** TensorFlow's positional form, `rebatch(batch_size, drop_remainder=False, name=None)`. */
  rebatch(batchSize: number | readonly number[], ...positional: RebatchPositional): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  rebatch(batchSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<RebatchPositional, RebatchOptions>): Dataset<T>;
  rebatch(batchSize: number | readonly number[], ...args: unknown[]): Dataset<T> {
    const op = 'Dataset.rebatch';
    const o = dataArguments(op, args, ['dropRemainder', 'name'], NAME_ONLY, '{dropRemainder: true}') as RebatchOptions;
    const dropRemainder = checkBoolean(o.dropRemainder, op, 'dropRemainder', false);
    const sizes = Array.isArray(batchSize) ? batchSize : [batchSize];
    if (sizes.length === 0) throw new Error(`${op}: batchSize must be a positive integer or a non-empty array of them, got [].`);
    return new Dataset(rebatch(this._pipeline, sizes.map((n) => checkBatchSize(n, op)), dropRemainder, op));
  }

  /**
   * `batch` for elements of different shapes: each component is padded at the end of each axis,
   * with `paddingValues` (default 0), to the largest shape in its batch, or to `paddedShapes`.
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(1, 4).map((n) => tf.fill([n.item()], n.item()));
   * console.log([...ds.paddedBatch(2).asNumpyIterator()]); // [ [ [ 1, 0 ], [ 2, 2 ] ], [ [ 3, 3, 3 ] ] ]
   * console.log([...ds.paddedBatch(2, { paddedShapes: [4] }).asNumpyIterator()]); // [ [ [ 1, 0, 0, 0 ], [ 2, 2, 0, 0 ] ], [ [ 3, 3, 3, 0 ] ] ]
   * ```
   */
  paddedBatch(batchSize: number, options?: PaddedBatchOptions): Dataset<T>;
  /** TensorFlow's positional form, `padded_batch(batch_size, padded_shapes=None, padding_values=None,
   * drop_remainder=False, name=None)`; a dict of shapes is told from the options object by its keys. */
  paddedBatch(batchSize: number, ...positional: PaddedBatchPositional): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  paddedBatch(batchSize: number, ...positionalThenOptions: PositionalThenOptions<PaddedBatchPositional, PaddedBatchOptions>): Dataset<T>;
  paddedBatch(batchSize: number, ...args: unknown[]): Dataset<T> {
    const op = 'Dataset.paddedBatch';
    const o = dataArguments(op, args, PADDED_BATCH_NAMES, ['paddedShapes', 'paddingValues', 'name'], '{paddedShapes: [null], paddingValues: -1}', { isOptions: paddedShapesOrOptions(PADDED_BATCH_NAMES) }) as PaddedBatchOptions;
    const given = o.paddedShapes ?? null;
    const input = this._pipeline;
    const shapes = given === null ? null : () => paddedShapesOf(input.spec(), given, op);
    return new Dataset(paddedBatch(input, checkBatchSize(batchSize, op), checkBoolean(o.dropRemainder, op, 'dropRemainder', false), paddingValueOf(o, op), shapes, op));
  }

  /**
   * The rows of each element's components as elements: `batch`'s inverse.
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.fromTensors([[1, 2], [3, 4]]).unbatch().asNumpyIterator()]); // [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  unbatch(options?: { name?: string | null }): Dataset<Unbatched<T>>;
  unbatch(name?: string | null): Dataset<Unbatched<T>>;
  unbatch(...args: unknown[]): Dataset<Unbatched<T>> {
    dataArguments('Dataset.unbatch', args, NAME_ONLY, NAME_ONLY, '{name: "rows"}');
    return new Dataset(unbatch(this._pipeline, 'Dataset.unbatch'));
  }

  /**
   * The elements in random order, through a buffer of `bufferSize` elements (TensorFlow's
   * algorithm: emit a random buffered element, put the next one in its place; a buffer as large as
   * the dataset shuffles it uniformly). Reshuffled at every pass unless `reshuffleEachIteration` is
   * false. Deterministic when `seed` or `tf.random.setSeed` is given, but not TensorFlow's order
   * (its random numbers differ).
   *
   * @example
   * ```ts
   * const ds = tf.data.Dataset.range(5).shuffle(5, { seed: 1 });
   * console.log([...ds.asNumpyIterator()].sort()); // [ 0, 1, 2, 3, 4 ]
   * ```
   */
  shuffle(bufferSize: number, options?: ShuffleOptions): Dataset<T>;
  /** TensorFlow's positional form, `shuffle(buffer_size, seed=None, reshuffle_each_iteration=None, name=None)`. */
  shuffle(bufferSize: number, ...positional: ShufflePositional): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  shuffle(bufferSize: number, ...positionalThenOptions: PositionalThenOptions<ShufflePositional, ShuffleOptions>): Dataset<T>;
  shuffle(bufferSize: number, ...args: unknown[]): Dataset<T> {
    const op = 'Dataset.shuffle';
    const names = ['seed', 'reshuffleEachIteration', 'name'];
    const o = dataArguments(op, args, names, names, '{seed: 42}') as ShuffleOptions;
    const seed = o.seed ?? undefined;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be an integer, got ${describe(seed)}.`);
    return new Dataset(shuffle(this._pipeline, bufferSize, seed, checkBoolean(o.reshuffleEachIteration, op, 'reshuffleEachIteration', true), op));
  }

  /**
   * The elements `count` times over (forever when `count` is omitted or -1).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(2).repeat(3).asNumpyIterator()]); // [ 0, 1, 0, 1, 0, 1 ]
   * ```
   */
  repeat(...positional: RepeatPositional): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  repeat(...positionalThenOptions: PositionalThenOptions<RepeatPositional, { count?: number | null; name?: string | null }>): Dataset<T>;
  repeat(options?: { count?: number | null; name?: string | null }): Dataset<T>;
  repeat(...args: unknown[]): Dataset<T> {
    const op = 'Dataset.repeat';
    const names = ['count', 'name'];
    const { count } = dataArguments(op, args, names, names, '{count: 3}');
    return new Dataset(repeat(this._pipeline, count === undefined || count === null ? -1 : checkCount(count as number, op, 'count')));
  }

  /**
   * The first `count` elements (all of them for -1).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(10).repeat().take(3).asNumpyIterator()]); // [ 0, 1, 2 ]
   * ```
   */
  take(count: number, name?: string | null): Dataset<T>;
  take(count: number, options?: { name?: string | null }): Dataset<T>;
  take(count: number, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.take', args, NAME_ONLY, NAME_ONLY, '{name: "head"}');
    return new Dataset(take(this._pipeline, checkCount(count, 'Dataset.take', 'count')));
  }

  /**
   * The elements after the first `count` (none for -1).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(5).skip(3).asNumpyIterator()]); // [ 3, 4 ]
   * ```
   */
  skip(count: number, name?: string | null): Dataset<T>;
  skip(count: number, options?: { name?: string | null }): Dataset<T>;
  skip(count: number, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.skip', args, NAME_ONLY, NAME_ONLY, '{name: "tail"}');
    return new Dataset(skip(this._pipeline, checkCount(count, 'Dataset.skip', 'count')));
  }

  /**
   * One of `numShards` disjoint parts of the dataset: the elements at positions `index`, `index +
   * numShards`, `index + 2·numShards`, ... (as for a worker of several). Every input element is
   * still read, so shard early in a pipeline.
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(10).shard(3, 0).asNumpyIterator()]); // [ 0, 3, 6, 9 ]
   * console.log([...tf.data.Dataset.range(10).shard(3, 1).asNumpyIterator()]); // [ 1, 4, 7 ]
   * ```
   */
  shard(numShards: number, index: number, name?: string | null): Dataset<T>;
  shard(numShards: number, index: number, options?: { name?: string | null }): Dataset<T>;
  shard(numShards: number, index: number, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.shard', args, NAME_ONLY, NAME_ONLY, '{name: "worker"}');
    return new Dataset(shard(this._pipeline, numShards, index, 'Dataset.shard'));
  }

  /**
   * `[index, element]` pairs, the index an int32 scalar counted from `start` (default 0).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.fromTensorSlices([7, 8]).enumerate(1).asNumpyIterator()]); // [ [ 1, 7 ], [ 2, 8 ] ]
   * ```
   */
  enumerate(...positional: EnumeratePositional): Dataset<[Tensor, T]>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  enumerate(...positionalThenOptions: PositionalThenOptions<EnumeratePositional, { start?: number; name?: string | null }>): Dataset<[Tensor, T]>;
  enumerate(options?: { start?: number; name?: string | null }): Dataset<[Tensor, T]>;
  enumerate(...args: unknown[]): Dataset<[Tensor, T]> {
    const op = 'Dataset.enumerate';
    const { start = 0 } = dataArguments(op, args, ['start', 'name'], NAME_ONLY, '{start: 1}');
    return new Dataset(enumerate(this._pipeline, checkCount(start as number, op, 'start')));
  }

  /**
   * This dataset's elements, then `dataset`'s (the same structure and dtypes; a dimension that
   * differs becomes `null` in `elementSpec`).
   *
   * @example
   * ```ts
   * console.log([...tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(5, 7)).asNumpyIterator()]); // [ 0, 1, 5, 6 ]
   * ```
   */
  concatenate(dataset: Dataset<T>, name?: string | null): Dataset<T>;
  concatenate(dataset: Dataset<T>, options?: { name?: string | null }): Dataset<T>;
  concatenate(dataset: Dataset<T>, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.concatenate', args, NAME_ONLY, NAME_ONLY, '{name: "both"}');
    if (!(dataset instanceof Dataset)) throw new Error(`Dataset.concatenate: dataset must be a tf.data.Dataset, got ${describe(dataset)}.`);
    return new Dataset(concatenate(this._pipeline, dataset._pipeline, 'Dataset.concatenate'));
  }

  /**
   * Accepted for TensorFlow compatibility: elements are made when asked for, so there is nothing
   * to prefetch. `bufferSize` may be `tf.data.AUTOTUNE`.
   *
   * @example
   * ```ts
   * console.log(tf.data.Dataset.range(3).prefetch(tf.data.AUTOTUNE).cardinality().item()); // 3
   * ```
   */
  prefetch(bufferSize: number, name?: string | null): Dataset<T>;
  prefetch(bufferSize: number, options?: { name?: string | null }): Dataset<T>;
  prefetch(bufferSize: number, ...args: unknown[]): Dataset<T> {
    dataArguments('Dataset.prefetch', args, NAME_ONLY, NAME_ONLY, '{name: "ahead"}');
    const n = checkCount(bufferSize, 'Dataset.prefetch', 'bufferSize');
    if (n < -1) throw new Error(`Dataset.prefetch: bufferSize must be positive, 0, or tf.data.AUTOTUNE (-1), got ${n}.`);
    return new Dataset(this._pipeline);
  }

  /**
   * Keeps the elements of the first complete pass in memory; later passes read them instead of
   * running the transformations before the cache again. Caching to a file is not supported.
   *
   * @example
   * ```ts
   * let calls = 0;
   * const ds = tf.data.Dataset.range(3).map((x) => { calls++; return x; }).cache();
   * for (let epoch = 0; epoch < 3; epoch++) for (const _ of ds);
   * console.log(calls); // 3
   * ```
   */
  cache(...positional: CachePositional): Dataset<T>;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  cache(...positionalThenOptions: PositionalThenOptions<CachePositional, { filename?: string; name?: string | null }>): Dataset<T>;
  cache(options?: { filename?: string; name?: string | null }): Dataset<T>;
  cache(...args: unknown[]): Dataset<T> {
    const { filename = '' } = dataArguments('Dataset.cache', args, ['filename', 'name'], NAME_ONLY, '{name: "memo"}');
    if (filename !== '') throw new Error(`Dataset.cache: caching to a file is not supported (got filename ${describe(filename)}); call cache() to cache in memory.`);
    return new Dataset(cache(this._pipeline));
  }

  /** TensorFlow's text, `<Dataset element_spec=TensorSpec(...)>` (TensorFlow names the last
   * transformation's class instead). */
  toString(): string {
    return `<Dataset element_spec=${specText(this._pipeline.spec())}>`;
  }
}

/** The pipelines of a non-empty array of datasets, with TensorFlow's error otherwise. */
function datasetList(datasets: unknown, op: string): Pipeline[] {
  if (!Array.isArray(datasets) || !datasets.every((d) => d instanceof Dataset)) throw new Error(`${op}: Invalid \`datasets\`. \`datasets\` must be an array of tf.data.Dataset, got ${describe(datasets)}.`);
  if (datasets.length === 0) throw new Error(`${op}: Invalid \`datasets\`. \`datasets\` should not be empty.`);
  return datasets.map((d: Dataset<unknown>) => d._pipeline);
}

/** The element a spec structure describes. */
export type SpecElement<S> = S extends TensorSpec ? Tensor : S extends StringSpec ? StringValue : { -readonly [K in keyof S]: SpecElement<S[K]> };

/** `tf.data.Dataset` as a type (ts/index.ts declares `tf.data.Dataset<T>` from it). */
export type DatasetClass<T = Element> = Dataset<T>;
