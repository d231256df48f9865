// The functions and constants TensorFlow exports beside tf.data.Dataset (ts/index.ts gathers
// them into `tf.data`).

import { Dataset } from './dataset';
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
