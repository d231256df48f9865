// The batches the adapt() of Discretization and IntegerLookup reads, as Keras' adapt loops do:
// a dataset's elements (a tuple's first component), each item of an array of tensors or of
// another iterable, or the data as one batch (a tensor, a number, a nested array: Keras' NumPy
// array). Keras iterates a Python list element by element; gradtape reads a nested array as one
// array, as it does everywhere else.

import { Dataset } from '../data/dataset';
import { Tensor } from '../tensor';

/** The batches of `data`, in order. */
export function adaptBatches(data: unknown): unknown[] {
  if (data instanceof Dataset) return [...(data as Dataset<unknown>)].map((element) => (Array.isArray(element) ? element[0] : element));
  if (Array.isArray(data)) return data.length > 0 && data.every((b) => b instanceof Tensor) ? data : [data];
  if (data instanceof Tensor || ArrayBuffer.isView(data) || typeof data !== 'object' || data === null) return [data];
  return Symbol.iterator in data ? [...(data as Iterable<unknown>)] : [data];
}
