// Python's indexing of a tensor, `x[spec]` (TensorFlow's tf.__operators__.getitem, array_ops.py
// _slice_helper), as a function: each entry of the index list becomes one entry of a strided
// slice, an integer shrinking its dimension, a range (Python's `start:stop:step`) slicing it,
// `'...'` standing for the dimensions not named, and tf.newaxis (null) inserting a dimension of
// size 1. strided_slice (ts/shape.ts) does the rest, gradient included.

import { describe, isPlainObject } from './describe';
import { toTensor } from './creation';
import { valuesOf } from './indexing';
import { stridedSlice } from './shape';
import { Tensor, type TensorLike } from './tensor';

/**
 * tf.newaxis: `null`, as TensorFlow's is Python's None. In {@link getitem}'s index list it inserts a
 * dimension of size 1 where it stands: `tf.getitem(x, ['...', tf.newaxis])` is TensorFlow's
 * `x[..., tf.newaxis]`, `tf.getitem(x, tf.newaxis)` is `x[tf.newaxis]`.
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3]);
 * console.log(tf.newaxis, tf.getitem(x, ['...', tf.newaxis]).shape, tf.getitem(x, tf.newaxis).shape); // null [ 3, 1 ] [ 1, 3 ]
 * ```
 */
export const newaxis: null = null;

/** Python's slice `start:stop:step` as an object (a missing or null bound is the whole range's). */
export interface SliceSpec {
  /** The first index (negative: from the end); default the start (the end for a negative step). */
  start?: number | null;
  /** The index to stop before; default the end (the start for a negative step). */
  stop?: number | null;
  /** The step (not 0; negative: backwards); default 1. */
  step?: number | null;
}

/** One entry of an index list: an integer (or a scalar int32 tensor), a range as Python writes it
 * (`'1:3'`, `'::-1'`, `':'`) or as a {@link SliceSpec}, `'...'`, or tf.newaxis (null). */
export type IndexSpec = number | string | SliceSpec | null | Tensor;

/** A bound of a slice string ('' for none). */
function bound(text: string, spec: string, op: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/^[+-]?\d+$/.test(t)) throw new TypeError(`${op}: '${spec}' is not a slice: its bounds and step must be integers, as Python's 'start:stop:step'.`);
  return Number(t);
}

/** A SliceSpec's bound, checked. */
function integerOrNull(v: unknown, what: string, op: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${op}: a slice's ${what} must be an integer or null, got ${describe(v)}.`);
  return v;
}

const INDEX_ERROR = 'Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices';

/**
 * tf.__operators__.getitem(tensor, spec): Python's `tensor[spec]`. `spec` is one index or an
 * array of them, one per dimension from the first (fewer leave the rest whole): an integer picks
 * one entry and removes the dimension (negative counts from the end); a range, `'start:stop:step'`
 * as Python writes it (`'1:3'`, `'::-1'`, `':'`) or `{start, stop, step}`, slices it; `'...'`
 * stands for all the dimensions not named; `tf.newaxis` (null) inserts a dimension of size 1.
 * Differentiable, as strided_slice is.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(0, 6), [2, 3]);
 * console.log(tf.getitem(x, [1, '::-1']).arraySync());             // [ 5, 4, 3 ]
 * console.log(tf.getitem(x, ['...', tf.newaxis, '1:']).shape);     // [ 2, 1, 2 ]
 * console.log(tf.getitem(x, [{ start: 0, stop: 1 }, 2]).arraySync()); // [ 2 ]
 * ```
 */
export function getitem(tensor: TensorLike, spec: IndexSpec | readonly IndexSpec[]): Tensor {
  const op = 'getitem';
  const x = toTensor(tensor, undefined, op);
  const entries = Array.isArray(spec) ? (spec as readonly IndexSpec[]) : [spec as IndexSpec];
  const begin: number[] = [];
  const end: number[] = [];
  const strides: number[] = [];
  const masks = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
  const range = (i: number, start: number | null, stop: number | null, step: number | null): void => {
    begin.push(start ?? 0);
    end.push(stop ?? 0);
    strides.push(step ?? 1);
    if (start === null) masks.beginMask |= 1 << i;
    if (stop === null) masks.endMask |= 1 << i;
  };
  entries.forEach((s, i) => {
    if (s === null || s === undefined) {
      // tf.newaxis
      range(i, 0, 0, 1);
      masks.newAxisMask |= 1 << i;
    } else if (s === '...') {
      range(i, 0, 0, 1);
      masks.ellipsisMask |= 1 << i;
    } else if (typeof s === 'string') {
      const parts = s.split(':');
      if (parts.length < 2 || parts.length > 3) throw new TypeError(`${op}: ${INDEX_ERROR}, got '${s}' (a range is written 'start:stop' or 'start:stop:step').`);
      range(i, bound(parts[0]!, s, op), bound(parts[1]!, s, op), parts.length === 3 ? bound(parts[2]!, s, op) : null);
    } else if (isPlainObject(s)) {
      const extra = Object.keys(s).filter((k) => k !== 'start' && k !== 'stop' && k !== 'step');
      if (extra.length > 0) throw new TypeError(`${op}: a slice is {start, stop, step}, got ${describe(s)}.`);
      range(i, integerOrNull(s.start, 'start', op), integerOrNull(s.stop, 'stop', op), integerOrNull(s.step, 'step', op));
    } else {
      let index: number;
      if (s instanceof Tensor) {
        if (s.dtype !== 'int32' || s.rank !== 0) throw new TypeError(`${op}: ${INDEX_ERROR}, got a ${s.dtype} tensor of shape [${s.shape.join(', ')}].`);
        index = valuesOf(s, op)[0]!;
      } else if (typeof s === 'number' && Number.isInteger(s)) {
        index = s;
      } else {
        throw new TypeError(`${op}: ${INDEX_ERROR}, got ${describe(s)}`);
      }
      begin.push(index);
      end.push(index + 1);
      strides.push(1);
      masks.shrinkAxisMask |= 1 << i;
    }
  });
  return stridedSlice(x, begin, end, strides, masks);
}
