/**
 * `tf.TensorArray` as TensorFlow runs it eagerly (tensorflow/python/ops/tensor_array_ops.py,
 * _EagerTensorArray): a list of tensors of one dtype, written by index and read, stacked, gathered
 * or concatenated. Every operation is a plain op on the stored tensors (a read returns the tensor
 * written; `stack` is `tf.stack`), so gradients flow through it, and inside `tf.function` the
 * trace sees those ops, as TensorFlow's loops over TensorArrays unroll when their bounds are
 * numbers.
 *
 * TensorFlow's eager rules kept here: a size must be given; writes past it need `dynamicSize`;
 * with `clearAfterRead` (the default) a read empties its slot, and a second read of it is an error
 * (not inside `tf.function`, where TensorFlow's graph TensorArrays clear nothing);
 * an unwritten (or read and cleared) slot reads, stacks and gathers as zeros of the element shape,
 * which must then be fully known; with `inferShape` (the default) the element shape narrows to the
 * shapes written, and a write of another shape is an error.
 */

import { type ShapeLike, constant, toTensor, zeros } from './creation';
import { checkOptions, describe } from './describe';
import type { DType } from './dtype';
import { concat } from './ops';
import { split, stack, unstack } from './shape';
import { Tensor, type TensorLike, checkLive } from './tensor';
import { InvalidArgumentError, OutOfRangeError, tfError } from './errors';
import { TensorShape, type TensorShapeLike, asShape } from './tensor-shape';
import { tracing } from './wasm/runtime';

/** Options of `new tf.TensorArray(dtype, options)` (TensorFlow's keywords in camelCase). */
export interface TensorArrayOptions {
  /** The number of elements (required, as TensorFlow requires it when executing eagerly). */
  size: number | Tensor;
  /** Writes past `size` grow the array (default false). */
  dynamicSize?: boolean;
  /** A read empties its slot (default true): read each element once, or pass false. */
  clearAfterRead?: boolean;
  /** The element shape narrows to the shapes written, and all must agree (default true). */
  inferShape?: boolean;
  /** The shape every element must be compatible with (null dimensions: any size). */
  elementShape?: TensorShapeLike;
}


/** An index given as a number or an int32 scalar tensor. */
function indexValue(index: number | Tensor, op: string): number {
  const value = index instanceof Tensor ? (checkLive(index, op), index.rank === 0 && index.dtype === 'int32' ? (index.dataSync()[0] as number) : NaN) : index;
  if (!Number.isInteger(value)) throw new Error(`${op}: the index must be an integer or an int32 scalar tensor, got ${describe(index)}.`);
  return value;
}

/** Indices given as an array of integers or an int32 tensor of rank 1. */
function indexList(indices: readonly number[] | Tensor, op: string): number[] {
  if (indices instanceof Tensor) {
    checkLive(indices, op);
    if (indices.dtype !== 'int32' || indices.rank !== 1) throw new Error(`${op}: indices must be an int32 vector, got a ${indices.dtype} tensor of shape [${indices.shape.join(', ')}].`);
    return Array.from(indices.dataSync() as Int32Array);
  }
  if (!Array.isArray(indices) || !indices.every((i) => Number.isInteger(i))) throw new Error(`${op}: indices must be an array of integers or an int32 vector, got ${describe(indices)}.`);
  return indices.slice();
}

/**
 * tf.TensorArray: a list of tensors of one dtype, written by index and read, stacked, gathered,
 * concatenated or split, as TensorFlow's TensorArray behaves when executing eagerly. Methods that
 * write return the array itself (TensorFlow returns the array to use next: `ta = ta.write(i, x)`).
 *
 * @example
 * ```ts
 * let ta = new tf.TensorArray('float32', { size: 0, dynamicSize: true, clearAfterRead: false });
 * ta = ta.unstack([0, 1]);
 * for (let i = 2; i < 7; i++) ta = ta.write(i, ta.read(i - 1).add(ta.read(i - 2)));
 * console.log(ta.stack().arraySync().join(' ')); // 0 1 1 2 3 5 8
 * ```
 */
export class TensorArray {
  /** The dtype of every element. */
  readonly dtype: DType;
  /** Whether writes past the size grow the array. */
  readonly dynamicSize: boolean;
  private readonly clearAfterRead: boolean;
  private readonly inferShape: boolean;
  private shape: TensorShape;
  /** The elements; null: not written, or cleared by a read. */
  private elements: (Tensor | null)[];
  private readonly previouslyRead = new Set<number>();

  constructor(dtype: DType, options: TensorArrayOptions) {
    const op = 'TensorArray';
    if (!['float32', 'float64', 'int32', 'bool'].includes(dtype as string)) throw new Error(`${op}: dtype must be 'float32', 'float64', 'int32' or 'bool', got ${describe(dtype)}.`);
    const o = checkOptions(options, op, ['size', 'dynamicSize', 'clearAfterRead', 'inferShape', 'elementShape'], '{size, dynamicSize, clearAfterRead, inferShape, elementShape}') as unknown as TensorArrayOptions;
    if (o.size === undefined || o.size === null) throw new Error(`${op}: Size must be declared for TensorArrays when eager execution is enabled.`);
    const size = indexValue(o.size, op);
    if (size < 0) throw new Error(`${op}: size must be non-negative, got ${size}.`);
    for (const key of ['dynamicSize', 'clearAfterRead', 'inferShape'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new Error(`${op}: ${key} must be a boolean, got ${describe(o[key])}.`);
    }
    this.dtype = dtype;
    this.dynamicSize = o.dynamicSize ?? false;
    this.clearAfterRead = o.clearAfterRead ?? true;
    this.inferShape = o.inferShape ?? true;
    this.shape = asShape(o.elementShape ?? null);
    this.elements = new Array<Tensor | null>(size).fill(null);
  }

  /** The shape elements must be compatible with (narrowed by the writes when `inferShape`). */
  get elementShape(): TensorShape {
    return this.shape;
  }

  /** The number of elements, as an int32 scalar (TensorArray.size()). */
  size(): Tensor {
    return constant(this.elements.length, 'int32');
  }

  /** The element at `index` (zeros of the element shape if it was never written). With
   * `clearAfterRead`, its slot empties, and a second read is an error. */
  read(index: number | Tensor): Tensor {
    const op = 'TensorArray.read';
    const i = indexValue(index, op);
    if (i < 0) throw tfError(OutOfRangeError, `Reading from negative indices (index ${i}) is not allowed.`);
    if (i >= this.elements.length) throw tfError(OutOfRangeError, `Tried to read from index ${i} but array size is: ${this.elements.length}`);
    let tensor = this.elements[i]!;
    if (tensor === null) {
      if (this.previouslyRead.has(i)) {
        throw tfError(InvalidArgumentError, `Could not read index ${i} twice because it was cleared after a previous read (perhaps try setting clearAfterRead = false?)`);
      }
      tensor = this.zeroAt(i, op);
    }
    // Inside tf.function TensorFlow runs TensorArrays as tensor lists, whose reads clear nothing
    // (its own examples read an element twice there).
    if (this.clearAfterRead && !tracing.function) {
      this.elements[i] = null;
      this.previouslyRead.add(i);
    }
    return tensor;
  }

  /** Writes `value` at `index`; returns this array. */
  write(index: number | Tensor, value: TensorLike): this {
    this.put(indexValue(index, 'TensorArray.write'), value, 'TensorArray.write');
    return this;
  }

  /** All elements stacked along a new first axis (unwritten ones as zeros). */
  stack(): Tensor {
    const op = 'TensorArray.stack';
    if (this.elements.length === 0) {
      const dims = this.shape.isFullyDefined() ? (this.shape.asList() as number[]) : [];
      return zeros([0, ...dims], this.dtype);
    }
    return stack(this.elements.map((_, i) => this.zeroAt(i, op)));
  }

  /** The elements at `indices`, stacked. */
  gather(indices: readonly number[] | Tensor): Tensor {
    const op = 'TensorArray.gather';
    const list = indexList(indices, op);
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= this.elements.length) throw tfError(OutOfRangeError, `${op}: index ${i} is out of range for an array of size ${this.elements.length}.`);
    }
    return stack(list.map((i) => this.zeroAt(i, op)));
  }

  /** All elements concatenated along their first axis. */
  concat(): Tensor {
    const op = 'TensorArray.concat';
    const parts = this.elements.map((_, i) => this.zeroAt(i, op));
    const scalarAt = parts.findIndex((t) => t.rank === 0);
    if (scalarAt >= 0) throw tfError(InvalidArgumentError, `Concat saw a scalar shape at index ${scalarAt} but requires at least vectors.`);
    return parts.length === 0 ? zeros([0], this.dtype) : concat(parts, 0);
  }

  /** The slices of `value` along its first axis become the elements; returns this array. */
  unstack(value: TensorLike): this {
    const op = 'TensorArray.unstack';
    const tensors = unstack(this.converted(value, op));
    if (tensors.length > this.elements.length && !this.dynamicSize) {
      throw new Error(`Cannot unstack ${tensors.length} tensors into a TensorArray of static size ${this.elements.length}`);
    }
    this.elements = tensors;
    this.previouslyRead.clear();
    return this;
  }

  /** Writes the slices of `value` along its first axis at `indices`; returns this array. */
  scatter(indices: readonly number[] | Tensor, value: TensorLike): this {
    const op = 'TensorArray.scatter';
    const list = indexList(indices, op);
    const slices = unstack(this.converted(value, op));
    if (list.length !== slices.length) throw new Error(`${op}: ${list.length} indices for ${slices.length} slices of the value.`);
    list.forEach((i, k) => this.put(indexValue(i, op), slices[k]!, op));
    return this;
  }

  /** `value` cut along its first axis into pieces of `lengths` become the elements; returns this array. */
  split(value: TensorLike, lengths: readonly number[]): this {
    const op = 'TensorArray.split';
    const t = this.converted(value, op);
    if (!Array.isArray(lengths)) throw tfError(InvalidArgumentError, `Expected lengths to be a vector, received ${describe(lengths)}`);
    if (t.rank === 0) throw tfError(InvalidArgumentError, 'Expected value to be at least a vector, but received shape: []');
    const total = lengths.reduce((a, b) => a + b, 0);
    if (total !== t.shape[0]) {
      throw tfError(InvalidArgumentError, `Expected sum of lengths to be equal to values.shape[0], but sum of lengths is ${total} and value's shape is: [${t.shape.join(', ')}] `);
    }
    if (!this.dynamicSize && lengths.length !== this.elements.length) {
      throw tfError(InvalidArgumentError, `TensorArray's size is not equal to the size of lengths (${this.elements.length} vs. ${lengths.length}), and the TensorArray is not marked as dynamically resizeable`);
    }
    this.elements = split(t, lengths, 0);
    this.previouslyRead.clear();
    return this;
  }

  /** This array (TensorArray.identity: the array to use next). */
  identity(): this {
    return this;
  }

  /** Empties the array. */
  close(): void {
    this.elements = [];
    this.previouslyRead.clear();
  }

  private put(index: number, value: TensorLike, op: string): void {
    if (index < 0) throw tfError(OutOfRangeError, `Writing to negative indices (index ${index}) is not allowed.`);
    const size = this.elements.length;
    if (index >= size && !this.dynamicSize) {
      throw tfError(OutOfRangeError, `Tried to write to index ${index} but array is not resizeable and size is: ${size}`);
    }
    const t = value instanceof Tensor ? (checkLive(value, op), value) : toTensor(value, this.dtype, op);
    if (t.dtype !== this.dtype) throw tfError(InvalidArgumentError, `TensorArray dtype is ${this.dtype} but Op is trying to write dtype ${t.dtype}`);
    const shape = new TensorShape(t.shape);
    if (!this.shape.isCompatibleWith(shape)) throw new Error(`Incompatible shape for value (${shape}), expected (${this.shape})`);
    if (this.inferShape) this.shape = this.shape.mergeWith(shape);
    while (this.elements.length <= index) this.elements.push(null);
    this.elements[index] = t;
  }

  /** `value` as a tensor of this array's dtype (an error for another dtype). */
  private converted(value: TensorLike, op: string): Tensor {
    const t = value instanceof Tensor ? (checkLive(value, op), value) : toTensor(value, this.dtype, op);
    if (t.dtype !== this.dtype) throw tfError(InvalidArgumentError, `TensorArray dtype is ${this.dtype} but Op is trying to write dtype ${t.dtype}`);
    return t;
  }

  /** The element at `i`, zeros of the element shape standing in for (and filling) an empty slot. */
  private zeroAt(i: number, op: string): Tensor {
    const t = this.elements[i];
    if (t !== null && t !== undefined) return t;
    if (!this.shape.isFullyDefined()) {
      throw new Error(`${op}: element ${i} was never written (or was cleared by a read), and the element shape ${this.shape} is not fully known, so it cannot stand as zeros; write it, or give elementShape.`);
    }
    const zero = zeros(this.shape.asList() as ShapeLike, this.dtype);
    this.elements[i] = zero;
    return zero;
  }
}
