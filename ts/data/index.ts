// The functions and constants TensorFlow exports beside tf.data.Dataset (ts/index.ts gathers
// them into `tf.data`).

import type { PositionalThenOptions } from '../describe';
import type { Tensor } from '../tensor';
import { dataArguments, paddedShapesOrOptions } from './arguments';
import { type BucketBySequenceLengthOptions, Dataset, type ElementArgs, type GroupByWindowOptions, type PaddedShapesLike } from './dataset';
export { INFINITE, UNKNOWN } from './pipeline';

/** TensorFlow's tf.data.AUTOTUNE (-1): accepted where a parallelism or buffer size is. */
export const AUTOTUNE = -1;

/**
 * TensorFlow's tf.data.experimental.cardinality(dataset): `dataset.cardinality()`, the number of
 * elements as an int32 scalar, or INFINITE_CARDINALITY (-1) or UNKNOWN_CARDINALITY (-2).
 *
 * @example
 * ```ts
 * const ds = tf.data.Dataset.range(10).repeat();
 * console.log(tf.data.experimental.cardinality(ds).item() === tf.data.experimental.INFINITE_CARDINALITY); // true
 * ```
 */
export function cardinality(dataset: Dataset<unknown>): ReturnType<Dataset['cardinality']> {
  if (!(dataset instanceof Dataset)) throw new Error('data.experimental.cardinality: dataset must be a tf.data.Dataset.');
  return dataset.cardinality();
}

/** TensorFlow's positional arguments of group_by_window after the functions, in its order. */
type GroupByWindowPositional = [windowSize?: number | Tensor | null, windowSizeFunc?: ((key: Tensor) => number | Tensor) | null];

/** TensorFlow's positional arguments of bucket_by_sequence_length after the bucket sizes, in its order. */
type BucketBySequenceLengthPositional = [paddedShapes?: PaddedShapesLike | null, paddingValues?: number | boolean | null, padToBucketBoundary?: boolean, noPadding?: boolean, dropRemainder?: boolean];

/**
 * TensorFlow's tf.data.experimental.group_by_window: the transformation `dataset.apply` takes for
 * `dataset.groupByWindow(keyFunc, reduceFunc, options)`.
 *
 * @example
 * ```ts
 * const byParity = tf.data.experimental.groupByWindow((x) => x.mod(2), (key, window) => window.batch(3), { windowSize: 3 });
 * console.log([...tf.data.Dataset.range(8).apply(byParity).asNumpyIterator()]); // [ [ 0, 2, 4 ], [ 1, 3, 5 ], [ 6 ], [ 7 ] ]
 * ```
 */
export function groupByWindow<T = Tensor, E = T>(
  keyFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>,
  options?: GroupByWindowOptions,
): (dataset: Dataset<T>) => Dataset<E>;
/** TensorFlow's positional form, `group_by_window(key_func, reduce_func, window_size=None, window_size_func=None)`. */
export function groupByWindow<T = Tensor, E = T>(
  keyFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>,
  ...positional: GroupByWindowPositional
): (dataset: Dataset<T>) => Dataset<E>;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function groupByWindow<T = Tensor, E = T>(
  keyFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>,
  ...positionalThenOptions: PositionalThenOptions<GroupByWindowPositional, GroupByWindowOptions>
): (dataset: Dataset<T>) => Dataset<E>;
export function groupByWindow<T = Tensor, E = T>(
  keyFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  reduceFunc: (key: Tensor, window: Dataset<T>) => Dataset<E>,
  ...args: unknown[]
): (dataset: Dataset<T>) => Dataset<E> {
  const names = ['windowSize', 'windowSizeFunc'];
  const options = dataArguments('data.experimental.groupByWindow', args, names, names, '{windowSize: 4}', { allowed: [...names, 'name'] }) as GroupByWindowOptions;
  return (dataset) => dataset.groupByWindow(keyFunc, reduceFunc, options);
}

/**
 * TensorFlow's tf.data.experimental.bucket_by_sequence_length: the transformation `dataset.apply`
 * takes for `dataset.bucketBySequenceLength(elementLengthFunc, bucketBoundaries, bucketBatchSizes, options)`.
 *
 * @example
 * ```ts
 * const ds = tf.data.Dataset.range(1, 6).map((n) => tf.range(0, n.item()));
 * const bucketed = ds.apply(tf.data.experimental.bucketBySequenceLength((x) => x.shape[0]!, [3], [2, 2], { paddingValues: -1 }));
 * console.log(JSON.stringify([...bucketed.asNumpyIterator()])); // [[[0,-1],[0,1]],[[0,1,2,-1],[0,1,2,3]],[[0,1,2,3,4]]]
 * ```
 */
export function bucketBySequenceLength<T = Tensor>(
  elementLengthFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  bucketBoundaries: readonly number[],
  bucketBatchSizes: readonly number[],
  options?: BucketBySequenceLengthOptions,
): (dataset: Dataset<T>) => Dataset<T>;
/** TensorFlow's positional form, `bucket_by_sequence_length(element_length_func, bucket_boundaries,
 * bucket_batch_sizes, padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
 * no_padding=False, drop_remainder=False)`. */
export function bucketBySequenceLength<T = Tensor>(
  elementLengthFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  bucketBoundaries: readonly number[],
  bucketBatchSizes: readonly number[],
  ...positional: BucketBySequenceLengthPositional
): (dataset: Dataset<T>) => Dataset<T>;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function bucketBySequenceLength<T = Tensor>(
  elementLengthFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  bucketBoundaries: readonly number[],
  bucketBatchSizes: readonly number[],
  ...positionalThenOptions: PositionalThenOptions<BucketBySequenceLengthPositional, BucketBySequenceLengthOptions>
): (dataset: Dataset<T>) => Dataset<T>;
export function bucketBySequenceLength<T = Tensor>(
  elementLengthFunc: (...args: NoInfer<ElementArgs<T>>) => Tensor | number,
  bucketBoundaries: readonly number[],
  bucketBatchSizes: readonly number[],
  ...args: unknown[]
): (dataset: Dataset<T>) => Dataset<T> {
  const names = ['paddedShapes', 'paddingValues', 'padToBucketBoundary', 'noPadding', 'dropRemainder'];
  const options = dataArguments('data.experimental.bucketBySequenceLength', args, names, ['paddedShapes', 'paddingValues'], '{padToBucketBoundary: true}', {
    allowed: [...names, 'name'],
    isOptions: paddedShapesOrOptions(names),
  }) as BucketBySequenceLengthOptions;
  return (dataset) => dataset.bucketBySequenceLength(elementLengthFunc, bucketBoundaries, bucketBatchSizes, options);
}
