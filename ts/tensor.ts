// Tensor: a handle to data in wasm memory, or a JS copy of it, plus shape and dtype.
//
// Memory model (DESIGN.md): FinalizationRegistry callbacks never run during a synchronous training
// loop, so wasm memory cannot wait for the garbage collector. Instead every tensor the user may
// still hold sits in a resident list with a byte budget. Past the budget, tensors not used since
// the previous sweep are evicted: their data is copied into a JS typed array on the Tensor itself
// (which V8 does collect during synchronous loops) and their wasm buffer is freed. An evicted
// tensor used again is uploaded under its old tape id, so tapes still recognise it. Tensors are
// immutable, so a JS copy, once made, stays valid and later evictions cost nothing.
// A large op result keeps its recipe (the op, its inputs and parameters): evicted, it is freed
// without a copy and made again, bit for bit, if it is ever used. A plain loop's dead 4 MB
// intermediates then leave wasm almost for free, as they do inside tf.tidy (see Recipe).
// Variables and optimizer slots are pinned: never evicted, freed by dispose().

import { describe } from './describe';
import { type DType, allocHost, bytesPerElement } from './dtype';
import { numpyStr, tensorStr, numpyRepr } from './format';
import type { TensorOps } from './generated/ops';
import * as linalgOps from './linalg';
import * as ops from './ops';
import * as reductions from './reductions';
import * as shapeOps from './shape';
import {
  type HostArray, NO_DIMS, SMALL_READ, W, TraceSpoiler, codes, copyIn, copyInto, copyOut, initSync, lastError, readDType, readShape, reserveScratch, scratchF64View, spoilTrace, tracedWhileLifted, tracing,
} from './wasm/runtime';

// Tensors and tapes are disposable with `using` (a `[Symbol.dispose]` method). This declares
// Symbol.dispose for projects whose `lib` lacks esnext.disposable (a browser project on es2022),
// as TypeScript's own lib and @types/node declare it, so the declarations merge.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** A tape as the op layer sees it: ops tell recording tapes about the variables they read. */
export interface RecordingTape {
  /** @internal */
  _autoWatch(v: Tensor): void;
  /** @internal Takes a large op result that has a recipe, made while this tape was the innermost
   * recording, outside tf.tidy: the tape evicts it once its record is used up (see
   * `evictTemporaries`). A recorder that does not implement it keeps no such list. */
  _noteTemporary?(t: Tensor): void;
}

/**
 * An empty array that V8 already holds as an array of objects. An empty literal starts as an
 * array of small integers, and the first object pushed changes its map, which throws away the
 * optimized code of every function that read it: the lists below are read by every op, so a
 * tf.tidy first called (or a tf.function first traced) after a training loop's code had been
 * optimized deoptimized that code, and V8 took thousands of steps to optimize it again. (A tidy
 * scope is one too: the constructor pushes each new tensor to the innermost.)
 */
export function objectArray<T>(): T[] {
  const array = [null] as unknown as T[];
  array.pop();
  return array;
}

/** Tapes recording right now, innermost last. */
export const activeTapes: RecordingTape[] = objectArray();
/** tf.tidy scopes: tensors created inside, disposed at the end unless returned or kept. */
export const scopes: Tensor[][] = objectArray();

/** Bumped by every op; a tensor's `_tick` says when it was last used. */
let tick = 1;
let lastSweepTick = 0;
/** The clock when a tape last evicted its temporaries (the end of a training step, see
 * evictTemporaries). */
let lastStepTick = 0;
const resident: Tensor[] = objectArray();
let residentBytes = 0;
/** Bytes counted per tensor for its wasm bookkeeping (handle slot, Rc, shape vector, allocator). */
const OVERHEAD_BYTES = 64;
/** The default leaves room for a float64 matrix of 1,000,000 × 8 (64 MB) and a training step's
 * 8 MB intermediates: at 128 MiB that step's working set overflowed the budget, and every step
 * evicted the matrix and copied it back in (least squares, float64: 19.7 → 11.4 ms a step). */
let budgetBytes = 256 * 1024 * 1024;
/** Also sweep past this many resident tensors: a loop of scalar ops would otherwise pile up a
 * million dead tensors (and their JS objects) before reaching the byte budget. Kept small: the
 * dead tensors of a loop of small ops wait here for the next sweep, and with 8192 of them their
 * wrappers outlived V8's young generation and the blocks the sweep freed went cold in the cache
 * before the next ops took them again (tutorial regression, eager, 5.5 -> 5.1 µs a step; ops on
 * [4] tensors 0.62x the time: `bench/ab.mjs`). */
const MAX_RESIDENT = 2048;
/** The count past which `adopt` sweeps: MAX_RESIDENT, or twice what the last sweep had to keep
 * when the tensors in use (by the op in progress, or while a function is traced) were more than it
 * could leave: an op on 20,000 uploaded inputs would otherwise sweep at every upload and evict
 * nothing (40,000 inputs took 13.7 s to stack, 0.19 s now). */
let sweepPastCount = MAX_RESIDENT;
let evictedCount = 0;

/** How to make a large op result again instead of copying its data out when it is evicted: the
 * op's code, its inputs and its parameters. Every op of the table is a function of its inputs'
 * values and its parameters (the kernels give the same bits for any number of threads), and
 * tensors are immutable, so the op made again is the same tensor. A variable input is replaced by
 * a snapshot of its value (a variable changes in place). */
export interface Recipe {
  code: number;
  inputs: Tensor[];
  params: readonly number[];
  /** 1 + the largest depth among the inputs' recipes: a chain of recipes keeps every tensor on it
   * alive, so chains stop at RECIPE_DEPTH (the next result is copied out as before). */
  depth: number;
  /** The clock when the op ran. A tensor still in use after a sweep that came later, or used by
   * an op after a later training step ended, is not a loop's temporary: its recipe is dropped then
   * (see sweep and noteRecipe), so that it does not keep its inputs (a dataset's raw constant, say)
   * alive for as long as it lives. */
  born: number;
}
/** Results this large keep a recipe: a copy out costs more than the recipe (about 100 ns). */
export const RECIPE_SIZE = 1 << 14;
/** The longest chain of recipes: making one again makes at most this many ops, and a loop
 * `x = f(x)` keeps at most this many earlier results alive through them (their data freed once
 * evicted). Deep enough for a fitting step's loss over large data, whose every large result is a
 * temporary the tape evicts at the step's end: at 3, `mean(square(b1*exp(-b2*x) + b3 - y))` over
 * 1M points left one 4 MB result in wasm per step until the budget filled (13.5 ms a step, 3.8 ms
 * in tf.tidy). */
const RECIPE_DEPTH = 16;
/** Variables read by an op that keeps a recipe are snapshot up to this size (a snapshot shares the
 * variable's buffer, so the next in-place update copies the variable first). */
const SNAPSHOT_SIZE = 4096;

/** A tape as the memory manager sees it. While it is not recording, what it saved may move to a
 * JS copy like an evicted tensor's data (see GradientTape): a tape the user dropped without
 * gradient() or dispose() then costs wasm memory only until the next sweep. */
export interface ResidentTape {
  /** @internal */
  _tick: number;
  /** @internal Bytes counted against the budget for its record in wasm; -1 while not in the list. */
  _cost: number;
  /** @internal Moves the record out of wasm; false when that is not possible right now. */
  _evict(): boolean;
}
const residentTapes: ResidentTape[] = objectArray();
/** Also sweep past this many resident tapes: each holds bookkeeping besides the bytes it saved. */
const MAX_RESIDENT_TAPES = 256;
let tapeBytes = 0;
let evictedTapeCount = 0;

/** Counts a tape that stopped recording as holding `cost` bytes of wasm memory; sweeps past the limits. */
export function tapeResident(t: ResidentTape, cost: number): void {
  touch(t);
  if (t._cost < 0) residentTapes.push(t);
  else {
    residentBytes -= t._cost;
    tapeBytes -= t._cost;
  }
  t._cost = cost + OVERHEAD_BYTES;
  residentBytes += t._cost;
  tapeBytes += t._cost;
  if (residentBytes > budgetBytes || residentTapes.length > MAX_RESIDENT_TAPES) sweep();
}

/** Forgets a tape whose record left wasm (freed, or evicted by `sweep`). */
export function tapeGone(t: ResidentTape): void {
  if (t._cost < 0) return;
  residentBytes -= t._cost;
  tapeBytes -= t._cost;
  t._cost = -1;
  // Order does not matter (sweeps sort by last use): move the last entry into the hole.
  const i = residentTapes.lastIndexOf(t);
  if (i === -1) return;
  const last = residentTapes.pop()!;
  if (last !== t) residentTapes[i] = last;
}

/** Moves a resident tape's record to JS memory, if it can be now. */
function evictTape(t: ResidentTape): void {
  if (!t._evict()) return;
  tapeGone(t);
  evictedTapeCount++;
}

/** Marks a tape as used now, so a sweep it triggers keeps it. The clock advances: tapes used one
 * after another without an op between them (a loop of empty tapes) still age in order. */
export function touch(t: ResidentTape): void {
  t._tick = ++tick;
}

/** Advances the clock past an operation that returned no tensor of its own (an optimizer step, an
 * assignment, a compiled call without results): its operands were used at the old tick, and the
 * next sweep may evict them. (`wrap` advances it for the ops that return tensors. Without this, a
 * loop of such calls on new tensors, a compiled step given new batches, kept every one of them in
 * wasm: all used "now", none evictable.) */
export function operationDone(): void {
  tick++;
}

/** Nested arrays of values; bool tensors read back as booleans. */
export type NestedArray = number | boolean | NestedArray[];

// The op table's ops are Tensor methods too (`x.sigmoid()`): declared by TensorOps, installed on
// the prototype from the generated table (ts/generated/ops.ts) at start-up.
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor extends TensorOps {}

/** @internal Keras' `_keras_mask` of each tensor a masking layer gave (keyed by the tensor, as
 * Keras sets an attribute on it): a bool tensor, true at the positions downstream layers use. */
export const kerasMasks = new WeakMap<Tensor, Tensor>();

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
/**
 * An immutable n-dimensional array of float32, float64, int32 or bool values: TensorFlow's
 * `tf.Tensor`. Make one with {@link constant} (or `zeros`, `ones`, `range`, `tf.random.normal`,
 * ...) and combine them with the ops, as functions (`tf.add(a, b)`) or as methods (`a.add(b)`).
 * Either operand of a binary op may be a plain JS number; shapes broadcast as in NumPy.
 *
 * The data lives in WebAssembly memory while it is in use and moves to a JS typed array when it
 * is not, so you never have to free a tensor (see `dispose`, {@link tidy} and the memory guide).
 * `console.log(t)` and `String(t)` print TensorFlow's text.
 *
 * @example
 * ```ts
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(a.shape, a.dtype);              // [ 2, 2 ] float32
 * console.log(a.mul(2).add(1).arraySync());   // [ [ 3, 5 ], [ 7, 9 ] ]
 * console.log(a.matmul(a).reduceSum().item()); // 54
 * ```
 */
export class Tensor {
  // The fields are `declare`d: the constructor sets each (but `_kept` and `_recipeInput`, which
  // the prototype holds until set: see below the class). Declared plainly, ES2022 class fields
  // are defined once more before the constructor runs, which costs every new tensor a third more
  // until V8 optimizes the code that makes it (a training loop's first thousands of steps).
  /** @internal Wasm handle; 0 when the data lives only in `_host` (or the tensor is disposed). */
  declare _h: number;
  /** @internal JS copy of the data (immutable tensors only), or null. A small tensor evicted from wasm keeps
   * a plain array here (cheaper to make than a typed array); `_data` converts it when read. */
  declare _host: HostArray | number[] | null;
  /** @internal Tape id to restore the data under after eviction (0: not known yet). */
  declare _id: number;
  /** @internal */
  declare _tick: number;
  /** @internal The value of an evicted scalar whose typed array was not made (cheaper than an array). */
  declare _value: number;
  /** @internal */
  declare _disposed: boolean;
  /** @internal */
  declare _kept: boolean;
  /** @internal How to make this tensor again (large op results; see Recipe), or null. */
  declare _recipe: Recipe | null;
  /** @internal A recipe that let an eviction skip its copy reads this tensor: disposing it then
   * keeps its data out of wasm (for those recipes only) instead of dropping it. */
  declare _recipeInput: boolean;
  /** @internal The result of an op of an eager training step that is still to run (see
   * eager-steps.ts): it has a shape and dtype but no data until the step runs or it is read. */
  declare _pending: boolean;
  /** The length of each dimension (`[]` for a scalar). Do not mutate it. */
  declare readonly shape: number[];
  /** `'float32'`, `'float64'`, `'int32'` or `'bool'`. */
  declare readonly dtype: DType;
  /** The number of elements: the product of the shape (1 for a scalar). */
  declare readonly size: number;

  /** Tensors come from tf.constant, tf.Variable and the ops; the constructor is the library's.
   * (Protected and kept in the typings, unlike other internals: stripped, TypeScript would accept
   * `new tf.Tensor()`.) */
  protected constructor(handle: number, host: HostArray | null, shape: number[], dtype: DType) {
    this._h = handle;
    this._host = host;
    this._id = 0;
    this._tick = tick;
    this._value = 0;
    this._disposed = false;
    this._recipe = null;
    this._pending = false;
    this.shape = shape;
    this.dtype = dtype;
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i]!;
    this.size = size;
    if (scopes.length !== 0) scopes[scopes.length - 1]!.push(this);
  }

  /** The number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix. */
  get rank(): number {
    return this.shape.length;
  }

  /** TensorFlow's (and NumPy's) name for {@link rank}: `tf.zeros([3, 2, 4, 5]).ndim` is 4. */
  get ndim(): number {
    return this.shape.length;
  }

  /** @internal True for tf.Variable. */
  get _isVar(): boolean {
    return false;
  }

  /**
   * The mask a Keras layer attached to this output (Keras' `_keras_mask`): a bool tensor, usually
   * [batch, timesteps], false at the timesteps downstream layers skip (`Masking`, `Embedding`
   * with `maskZero`, and the layers that pass a mask on); null when there is none.
   *
   * @example
   * ```ts
   * const padded = new tf.keras.layers.Masking()(tf.constant([[[1, 2], [0, 0], [3, 0]]]));
   * console.log(padded.kerasMask!.arraySync()); // [ [ true, false, true ] ]
   * ```
   */
  get kerasMask(): Tensor | null {
    return kerasMasks.get(this) ?? null;
  }

  /** True once `dispose()` was called (or an enclosing {@link tidy} disposed it). */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * A flat copy of the data, in row-major order, as a typed array of the dtype (Float32Array,
   * Float64Array, Int32Array, or Uint8Array for bool).
   *
   * @example
   * ```ts
   * console.log(tf.constant([[1, 2], [3, 4]], 'int32').dataSync()); // Int32Array(4) [ 1, 2, 3, 4 ]
   * ```
   */
  dataSync(): HostArray {
    // Data only in wasm is copied out once, into the array returned (the caller owns it, so it is
    // not kept); data already in JS is copied so that the caller cannot change the tensor.
    if (this._host === null && this._h !== 0) return copyOut(readHandle(this), codes.dtype[this.dtype]!, this.size);
    return this._data().slice();
  }

  /** `dataSync()` as a promise, for code shared with TensorFlow.js (the data is ready at once). */
  async data(): Promise<HostArray> {
    return this.dataSync();
  }

  /**
   * The values as nested arrays (a number for a scalar, booleans for bool), like NumPy's `tolist()`.
   *
   * @example
   * ```ts
   * console.log(tf.constant([[1, 2], [3, 4]]).arraySync()); // [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  arraySync(): NestedArray {
    return nest(this._data(), this.shape, this.dtype);
  }

  /** `arraySync()` as a promise, for code shared with TensorFlow.js. */
  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  /** TensorFlow's `numpy()`: nested arrays, or a number for a scalar. */
  numpy(): NestedArray {
    return this.arraySync();
  }

  /**
   * The single value of a one-element tensor (any shape with size 1), as a number; throws for
   * other sizes.
   *
   * @example
   * ```ts
   * console.log(tf.constant([1, 2, 3]).reduceSum().item()); // 6
   * ```
   */
  item(): number {
    if (this.size !== 1) {
      throw new Error(`item: the tensor has shape [${this.shape}] (${this.size} elements); item() needs exactly one. Use arraySync() instead.`);
    }
    if (this._disposed) throw disposedError(this, 'item');
    if (this._pending) runPending(this);
    if (this._host) return this._host[0]!;
    if (this._h === 0) return this._value;
    return W.gt_tensor_first(readHandle(this, 'item'));
  }

  /** TensorFlow's text, e.g. `tf.Tensor([1 2 3], shape=(3,), dtype=int32)`; `console.log` prints it too. */
  toString(): string {
    return tensorStr(this._data(), this.shape, this.dtype);
  }

  /** NumPy's text of the values alone, e.g. `[1. 2. 3.]`. */
  toStringValues(): string {
    return numpyStr(this._data(), this.shape, this.dtype);
  }

  /** Python's repr: `<tf.Tensor: shape=(), dtype=float32, numpy=36.0>`. */
  repr(): string {
    return `<tf.Tensor: shape=${shapeString(this.shape)}, dtype=${this.dtype}, numpy=${reprValues(this)}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** Frees the tensor's memory now. Using it afterwards throws. Idempotent. */
  dispose(): void {
    if (this._disposed) return;
    if (eagerSteps.active && !this._pending) eagerSteps.disposing(this); // (a pending op may read it)
    if (this._recipeInput) {
      // Evicted tensors' recipes read it: its data leaves wasm as an eviction's would, and stays
      // (out of the user's reach) while they do.
      if (this._h !== 0 && this._host === null && !canRemake(this)) this._host = copyOut(this._h, codes.dtype[this.dtype]!, this.size);
      this._release();
      this._disposed = true;
      return;
    }
    this._release();
    this._host = null;
    this._recipe = null;
    this._disposed = true;
  }

  /** `using t = ...` disposes `t` at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** @internal Frees the wasm buffer, if any. */
  _release(): void {
    if (this._h !== 0) {
      W.gt_tensor_free(this._h);
      this._h = 0;
      residentBytes -= residentCost(this);
    }
  }

  /** @internal Copies the values into `out` from index `at` as float64: a solver filling its
   * Jacobian column by column reads each column once, with no array in between. */
  _readInto(out: Float64Array, at: number): void {
    if (this._host === null && this._h !== 0) copyInto(readHandle(this), codes.dtype[this.dtype]!, this.size, out, at);
    else out.set(this._data(), at);
  }

  /** @internal The data, without copying when possible (callers must not mutate it). */
  _data(): HostArray {
    if (this._disposed) throw disposedError(this, 'read'); // (its data may stay for recipes that read it)
    if (this._pending) runPending(this);
    const host = this._host;
    if (Array.isArray(host)) {
      const typed = allocHost(this.dtype, host.length);
      typed.set(host);
      return (this._host = typed);
    }
    if (host) return host;
    if (this._h === 0 && this._recipe === null) {
      // An evicted scalar (see sweep): its value is in `_value`.
      const typed = allocHost(this.dtype, 1);
      typed[0] = this._value;
      return (this._host = typed);
    }
    const data = copyOut(readHandle(this), codes.dtype[this.dtype]!, this.size);
    this._host = data; // immutable, so the copy stays valid and makes later eviction free
    return data;
  }

  // ---- chainable ops written by hand (the op table's ops are installed from TensorOps) ----
  /** {@link matmul} with this tensor as `a`: `a.matmul(b, transposeA, transposeB)`. */
  matmul(b: TensorLike, transposeA = false, transposeB = false): Tensor { return ops.matmul(this, b, transposeA, transposeB); }
  /** `tf.reduceMean` of this tensor: the mean over `axis` (all axes by default). */
  reduceMean(axis?: number | number[] | null, keepdims = false): Tensor { return ops.reduceMean(this, axis, keepdims); }
  /** `tf.reshape` of this tensor: the same values in a new shape (one entry may be -1). */
  reshape(shape: readonly number[] | Tensor): Tensor { return ops.reshape(this, shape); }
  /** TensorFlow's eager `set_shape`: checks that `shape` (null for any size) is compatible with
   * this tensor's, and raises its ValueError if not; the shape is always known, so nothing changes. */
  setShape(shape: readonly (number | null)[] | null): void { shapeOps.setShape(this, shape); }
  /** `tf.transpose` of this tensor: axes permuted by `perm`, reversed by default. */
  transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  /** `tf.cast` of this tensor to `dtype`. */
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  /** `tf.concat([this, ...others], axis)`. */
  concat(others: TensorLike | TensorLike[], axis = 0): Tensor {
    return ops.concat([this, ...(Array.isArray(others) ? others : [others])], axis);
  }
  /** `tf.slice` of this tensor: `size` elements from `begin` on each axis (-1: to the end). */
  slice(begin: number | readonly number[] | Tensor, size?: number | readonly number[] | Tensor): Tensor { return shapeOps.slice(this, begin, size); }
  /** `tf.stridedSlice` of this tensor, with TensorFlow's masks. */
  stridedSlice(
    begin: number | readonly number[], end: number | readonly number[], strides?: number | readonly number[] | null,
    options?: shapeOps.StridedSliceOptions | number, ...masks: number[]
  ): Tensor {
    return shapeOps.stridedSlice(this, begin, end, strides, options, ...masks);
  }
  /** `tf.gather` of this tensor: the slices at `indices` along `axis`. */
  gather(indices: TensorLike, axis?: number | null | shapeOps.GatherOptions, batchDims?: number): Tensor {
    // By name: tf.gather's positional null third is TensorFlow's validate_indices, not the axis.
    if (axis !== null && typeof axis === 'object') return shapeOps.gather(this, indices, axis);
    return shapeOps.gather(this, indices, { axis, batchDims });
  }
  /** `tf.tile` of this tensor: repeated `multiples[i]` times along axis i. */
  tile(multiples: number | readonly number[] | Tensor): Tensor { return shapeOps.tile(this, multiples); }
  /** `tf.expandDims` of this tensor: a new axis of length 1 at `axis`. */
  expandDims(axis = 0): Tensor { return shapeOps.expandDims(this, axis); }
  /** `tf.squeeze` of this tensor: axes of length 1 removed (those in `axis`, or all). */
  squeeze(axis?: number | readonly number[] | null): Tensor { return shapeOps.squeeze(this, axis); }
  /** `tf.reverse` of this tensor along `axis`. */
  reverse(axis?: number | readonly number[] | null): Tensor { return shapeOps.reverse(this, axis); }
  /** `tf.pad` of this tensor: `paddings[i] = [before, after]` for axis i. */
  pad(paddings: readonly (readonly number[])[], mode?: shapeOps.PadMode, constantValues?: number | boolean): Tensor {
    return shapeOps.pad(this, paddings, mode, constantValues);
  }
  /** `tf.split` of this tensor along `axis`: into that many equal parts, or parts of those sizes. */
  split(numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] { return shapeOps.split(this, numOrSizeSplits, axis); }
  /** `tf.unstack` of this tensor: the slices along `axis`, each one rank lower. */
  unstack(axis = 0): Tensor[] { return shapeOps.unstack(this, axis); }
  /** `tf.broadcastTo` of this tensor. */
  broadcastTo(shape: readonly number[] | Tensor): Tensor { return ops.broadcastTo(this, shape); }
  /** `tf.nn.softmax` of this tensor along `axis` (the last by default). */
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  /** `tf.nn.logSoftmax` of this tensor along `axis` (the last by default). */
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  /** `tf.clipByValue` of this tensor: each element limited to [min, max]. */
  clipByValue(clipValueMin: TensorLike, clipValueMax: TensorLike): Tensor { return reductions.clipByValue(this, clipValueMin, clipValueMax); }
  /** `tf.reduceLogSumExp` of this tensor: log(sum(exp(x))) over `axis`, without overflow. */
  reduceLogSumExp(axis?: number | number[] | null, keepdims = false): Tensor { return reductions.reduceLogSumExp(this, axis, keepdims); }
  /** `tf.norm` of this tensor (Euclidean by default). */
  norm(ord?: linalgOps.NormOrd, axis?: number | readonly number[] | null, keepdims = false): Tensor {
    return linalgOps.norm(this, ord, axis, keepdims);
  }

  // ---- TensorFlow.js's method spellings ----
  /** TensorFlow.js's name of `reduceSum`. */
  sum(axis?: number | number[] | null, keepdims = false): Tensor { return this.reduceSum(axis, keepdims); }
  /** TensorFlow.js's name of `reduceMean`. */
  mean(axis?: number | number[] | null, keepdims = false): Tensor { return ops.reduceMean(this, axis, keepdims); }
  /** TensorFlow.js's name of `reduceMax`. */
  max(axis?: number | number[] | null, keepdims = false): Tensor { return this.reduceMax(axis, keepdims); }
  /** TensorFlow.js's name of `reduceMin`. */
  min(axis?: number | number[] | null, keepdims = false): Tensor { return this.reduceMin(axis, keepdims); }
  /** TensorFlow.js's name of `reduceProd`. */
  prod(axis?: number | number[] | null, keepdims = false): Tensor { return this.reduceProd(axis, keepdims); }
  /** TensorFlow.js's name of `reduceLogSumExp`. */
  logSumExp(axis?: number | number[] | null, keepdims = false): Tensor { return reductions.reduceLogSumExp(this, axis, keepdims); }
  /** TensorFlow.js's name of `argmax`: the int32 index of the largest element along `axis`. */
  argMax(axis = 0): Tensor { return this.argmax(axis); }
  /** TensorFlow.js's name of `argmin`: the int32 index of the smallest element along `axis`. */
  argMin(axis = 0): Tensor { return this.argmin(axis); }
}

/** @internal A new tensor over wasm handle `handle` (0: none) or JS data `host`: the library's
 * way past the protected constructor (protected so that the typings refuse `new tf.Tensor()`).
 * The constructor itself, not a factory: one frame less per tensor, which a loop pays for until
 * V8 optimizes its code. (Outside the class body: a class that names itself inside its body is
 * renamed `_Tensor` by esbuild, and error messages and the dual-copy check read its name.) */
export const NewTensor = Tensor as unknown as new (handle: number, host: HostArray | null, shape: number[], dtype: DType) => Tensor;

// Fields a tensor rarely sets (`tf.keep`, a large op's recipe reading it) are read from the
// prototype until it does: two stores less for each new tensor, where V8's baseline code pays
// for each (a scalar loop makes one per op).
Tensor.prototype._kept = false;
Tensor.prototype._recipeInput = false;

/**
 * Makes the fields that sweeps and `dispose()` write mutable, and doubles where they hold handles,
 * ids and values, before any code that reads them is optimized: on a throwaway instance of
 * `cls` (Tensor, or a subclass, whose instances have maps of their own). V8 treats a field that
 * only the constructor has written as a constant, and one that has held only small integers as
 * untagged; the first other write (a loop's first sweep writes `_id`, `_value` and `_host`, its
 * first `dispose()` of a variable `_h` and `_disposed`) throws away the optimized code of every
 * function that read the field, callOp, wrap, the constructor, handleOf and residentHandle among
 * them, which V8 then compiles again (a fresh process's eager tutorial compiled callOp 3 times).
 */
export function settleFields(cls: Function & { prototype: Tensor }): void {
  const t = Reflect.construct(Tensor, [0, null, NO_DIMS, 'float32'], cls) as Tensor;
  t._h = 2 ** 31;
  t._h = 0;
  t._id = 2 ** 31;
  t._id = 0;
  t._value = 0.5;
  t._value = 0;
  t._host = [0];
  t._host = null;
  t._disposed = true;
  t._disposed = false;
}
settleFields(Tensor);

/** Anything an op accepts as a tensor: a Tensor or Variable, a number, or nested arrays of numbers. */
export type TensorLike = Tensor | number | boolean | NestedArray | HostArray;

function nest(data: HostArray, shape: readonly number[], dtype: DType): NestedArray {
  const value = dtype === 'bool' ? (v: number): NestedArray => v !== 0 : (v: number): NestedArray => v;
  if (shape.length === 0) return value(data[0]!);
  const build = (axis: number, offset: number): NestedArray[] => {
    const n = shape[axis]!;
    if (axis === shape.length - 1) return Array.from(data.subarray(offset, offset + n), value);
    let stride = 1;
    for (let i = axis + 1; i < shape.length; i++) stride *= shape[i]!;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

export function shapeString(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function reprValues(t: Tensor): string {
  const text = t.rank === 0 ? numpyStr(t._data(), t.shape, t.dtype) : numpyRepr(t._data(), t.shape, t.dtype);
  return text.includes('\n') ? `\n${text}` : text;
}

// ---- handles, residency and eviction -----------------------------------------------------------

function residentCost(t: Tensor): number {
  return t.size * bytesPerElement(t.dtype) + OVERHEAD_BYTES;
}

function disposedError(t: Tensor, op: string): Error {
  if (t._isVar) {
    const name = (t as unknown as { name: string }).name;
    return new Error(`${op}: the variable '${name}' was disposed (by dispose() or tf.dispose); create a new tf.Variable to use it again.`);
  }
  return new Error(
    `${op}: this ${t.dtype} tensor of shape [${t.shape}] was disposed (by dispose(), tf.tidy or tf.dispose). ` +
      'Keep tensors you still need with tf.keep(t), or return them from the tidy function.',
  );
}

/** Throws the disposed-tensor error if `t` was disposed (for ops that return `t` itself). */
export function checkLive(t: Tensor, op: string): Tensor {
  if (t._disposed) throw disposedError(t, op);
  return t;
}

/** The wasm handle of `t` for an op: uploads evicted data, notes the use, tells tapes about variables. */
export function handleOf(t: Tensor, op: string): number {
  const h = residentHandle(t, op);
  if (t._isVar) {
    for (let i = 0; i < activeTapes.length; i++) activeTapes[i]!._autoWatch(t);
    if (tracing.function) {
      if (W.gt_function_trace_read(h) !== 1) throw lastError(op); // a compiled function reads it live
    } else spoilTrace(TraceSpoiler.Variable); // a replay would keep the value it has now
  } else if (tracing.lifted && tracedWhileLifted(h)) throw liftedError(op);
  return h;
}

/** The error for a traced value used in code lifted out of the trace (TensorFlow's "graph tensor"
 * passed to an op outside the function building code). */
function liftedError(op: string): Error {
  return new Error(
    `${op}: a tf.initScope or a variable's initializer inside a tf.function is lifted out of the function and runs once, so it cannot use the function's arguments, tensors computed from them or random numbers drawn in the function. ` +
      'Compute the initial value from constants, shapes and variables (a random initializer draws its own numbers), or make the variable outside the function.',
  );
}

/** The error for reading a traced value while tracing. */
function traceReadError(): Error {
  return new Error(
    "tf.function: the function reads the values of a tensor computed from its arguments or a variable (dataSync, item, arraySync, print) while it is traced. " +
      'A compiled function is traced once and replayed, so JavaScript cannot look at its values or branch on them: ' +
      'use tensor ops (tf.where, tf.maximum, ...) for data-dependent choices, and read the values from what the function returns.',
  );
}

/** The wasm handle of a tensor a trace starts from (or makes), with no JavaScript copy of its
 * data left: reading its values then goes through wasm, where the trace sees the read. */
export function tracedHandle(t: Tensor, op: string): number {
  const h = handleOf(t, op);
  t._host = null;
  return h;
}

/** Whether reading the values of handle `h` now would read a compiled function's traced values
 * (computed from its arguments) while it is traced. */
const readsTraced = (h: number): boolean => tracing.function && W.gt_function_trace_reads(h) === 1;

/** Whether reading `t`'s values now is allowed: not while a compiled function is traced and the
 * values come from its arguments (an op that checks values in JavaScript then leaves the check
 * to a kernel that makes it at every replay). */
export function valuesReadable(t: Tensor): boolean {
  return !readsTraced(handleOf(t, 'read'));
}

/** The wasm handle of `t` for reading its values; refused while a compiled function is traced
 * when the values come from its arguments (JavaScript could branch on them). */
export function readHandle(t: Tensor, op = 'read'): number {
  const h = handleOf(t, op);
  if (readsTraced(h)) throw traceReadError();
  return h;
}

/** The wasm handle of `t`, uploading evicted data; notes the use. */
export function residentHandle(t: Tensor, op: string): number {
  t._tick = tick; // before any upload, so a sweep it triggers keeps this tensor
  if (t._h !== 0) return t._h;
  if (t._disposed) throw disposedError(t, op);
  if (t._pending) {
    runPending(t);
    if (t._h !== 0) return t._h;
  }
  return upload(t);
}

/** Large tensors the latest sweep evicted, or null: one needed again before the next sweep is
 * copied back in (or made again) soon after it went out. (Weak: most are dead, and their JS
 * copies must not wait for the next sweep to be collected.) */
let evictedBySweep: WeakSet<Tensor> | null = null;
/** A tensor this large evicted by a sweep and needed again counts towards the warning. */
const THRASH_BYTES = 1 << 20;
/** Sweeps in a row, each followed by such a re-upload, after which the default budget's warning
 * is printed (once): when the working set exceeds the budget, steps copy out and back in at
 * every sweep. (Counted over the process's life instead, the re-uploads misread a held dataset
 * read now and then, evicted once and uploaded again much later, as that.) */
const THRASH_WARNING = 5;
/** Sweeps in a row whose large evictions were needed again before the next sweep. */
let thrashStreak = 0;
/** Whether one was needed again since the latest sweep. */
let thrashedSinceSweep = false;
let thrashWarned = false;
/** Whether `tf.setMemoryBudget` chose the budget (then it says nothing). */
let budgetChosen = false;

/** `t`, evicted by the latest sweep, is needed again: after THRASH_WARNING sweeps in a row with
 * such re-uploads, under the default budget, says how to stop the copies. */
function noteThrash(t: Tensor): void {
  thrashedSinceSweep = true;
  if (budgetChosen || thrashWarned || thrashStreak + 1 < THRASH_WARNING) return;
  thrashWarned = true;
  const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;
  console.warn(
    `gradtape: tensors evicted to keep wasm memory within the default budget (${mib(budgetBytes)}) were needed again right away ` +
      `(the latest, shape [${t.shape}] ${t.dtype}, ${mib(t.size * bytesPerElement(t.dtype))}): the working set is larger than the budget, so steps copy them out of wasm and back in. ` +
      'Raise the budget with tf.setMemoryBudget(bytes) (for example 1 GiB, tf.setMemoryBudget(2 ** 30)), or free dead tensors sooner with tf.tidy.',
  );
}

function upload(t: Tensor): number {
  if (evictedBySweep !== null && evictedBySweep.has(t)) noteThrash(t);
  // Data only in JS: a copy, a recipe, or an evicted scalar's value.
  const h = t._host !== null ? copyIn(t._host, t.shape, codes.dtype[t.dtype]!, t._id) : t._recipe !== null ? remake(t, t._recipe) : copyIn([t._value], t.shape, codes.dtype[t.dtype]!, t._id);
  t._h = h;
  adopt(t);
  return h;
}

/** Keeps the recipe of `t`, an op's result of at least RECIPE_SIZE elements (see Recipe). Not
 * while a trace records: a trace must see every op that makes a value it reads. */
export function noteRecipe(t: Tensor, code: number, inputs: readonly Tensor[], params: readonly number[]): Tensor {
  if (tracing.active) return t;
  let depth = 0;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i]!;
    if (x._isVar && x.size > SNAPSHOT_SIZE) return t;
    if (x._recipe === null) continue;
    // Made before the previous step ended and used now: not a temporary of a step (a dataset
    // reshaped or scaled once, say), so it lets go of its recipe, as after a sweep. Else its depth
    // would count in every step's chain, and a step's last large result (the square of
    // mean(square(X@w - y)) with X a reshaped constant) would get none and stay in wasm until the
    // budget filled: fresh pages for every step, 10 ms per 4 MB here.
    if (x._recipe.born < lastStepTick) x._recipe = null;
    else if (x._recipe.depth > depth) depth = x._recipe.depth;
  }
  if (depth >= RECIPE_DEPTH) return t;
  const kept = new Array<Tensor>(inputs.length);
  for (let i = 0; i < inputs.length; i++) kept[i] = inputs[i]!._isVar ? snapshot(inputs[i]!) : inputs[i]!;
  t._recipe = { code, inputs: kept, params: params.slice(), depth: depth + 1, born: tick };
  if (activeTapes.length !== 0 && scopes.length === 0) activeTapes[activeTapes.length - 1]!._noteTemporary?.(t);
  recipeBytesSince += residentCost(t);
  if (recipeBytesSince > RECIPE_SWEEP_BYTES && activeTapes.length === 0) evictUnusedRecipes();
  return t;
}

/** Bytes of op results given a recipe since the last `evictUnusedRecipes`. */
let recipeBytesSince = 0;
/** The clock at the last two `evictUnusedRecipes` (the earlier one first). */
let recipeSweepBefore = 0;
let recipeSweepLast = 0;
/** Past this many bytes of new recipe results, those not used since they were made are freed (see
 * evictUnusedRecipes): a loop that drops large results outside a tape (a matmul's, say) then
 * reuses warm wasm memory. Waiting for the 256 MiB budget made every such result land on fresh
 * pages first (12 µs per 4 KB page here: matmul 512³ at 39 GFLOP/s until the budget filled, 73
 * once it had; RSS 354 MB against 99 with dispose()). */
const RECIPE_SWEEP_BYTES = 16 * 2 ** 20;

/** Evicts the op results made between the last two calls and not used since the last: they are
 * dropped results, freed without a copy (an op made again, bit for bit, if one ever is used).
 * Older tensors are held ones, left to the budget's sweeps (evictUnused); each tensor is looked
 * at here once, so a dataset read now and then is made again at most once. Not while a tape
 * records (it holds their buffers anyway); never while a function is traced (noteRecipe). */
function evictUnusedRecipes(): void {
  recipeBytesSince = 0;
  // A use after the last call, by the op after it, has that call's tick (an op reads its inputs
  // before its result moves the clock on); the uses before it, earlier ticks.
  const madeFrom = recipeSweepBefore, usedBefore = recipeSweepLast;
  recipeSweepBefore = recipeSweepLast;
  recipeSweepLast = tick;
  let kept = 0;
  for (let i = 0; i < resident.length; i++) {
    const t = resident[i]!;
    if (t._h === 0) continue; // disposed or already evicted
    const r = t._recipe;
    if (r !== null && r.born >= madeFrom && t._tick < usedBefore && remakeable(t)) queueEviction(t);
    else resident[kept++] = t;
  }
  resident.length = kept;
  flushEvictions();
}

/** The value variable `v` has now, as a tensor of its own sharing the buffer (no copy until the
 * variable next changes) and outside any tf.tidy scope (only recipes hold it). */
function snapshot(v: Tensor): Tensor {
  const h = W.gt_stop_gradient(v._h);
  if (h === 0) throw lastError('snapshot');
  const s = new NewTensor(h, null, v.shape.slice(), v.dtype);
  if (scopes.length !== 0) scopes[scopes.length - 1]!.pop();
  adopt(s);
  return s;
}

/** Whether evicting `t` may skip copying its data out: it has a recipe whose inputs all still
 * hold their data (a disposed input keeps it only when a recipe read it before it was disposed).
 * Marks the inputs as read by a recipe. */
function canRemake(t: Tensor): boolean {
  if (!remakeable(t)) return false;
  const inputs = t._recipe!.inputs;
  for (let i = 0; i < inputs.length; i++) inputs[i]!._recipeInput = true;
  return true;
}

/** Whether `t` has a recipe whose inputs all still hold their data (see canRemake). */
function remakeable(t: Tensor): boolean {
  const r = t._recipe;
  if (r === null) return false;
  for (let i = 0; i < r.inputs.length; i++) if (r.inputs[i]!._disposed && !r.inputs[i]!._recipeInput) return false;
  return true;
}

/**
 * Evicts the temporaries a tape noted (large op results with a recipe, made while it recorded),
 * except `spare`, once gradient() has used the record up or the tape is disposed: a loop without
 * tf.tidy then frees a step's large intermediates before the next step allocates, as tidy does,
 * instead of at the next sweep. Eviction is invisible: a temporary used again is made again from
 * its recipe, with the same bits. Not while another tape records (it may still need them, and
 * holds their buffers anyway), inside tf.tidy (which frees them itself), or while a function is
 * traced (see evictUnused).
 *
 * Why: the least-squares step of bench/ (1M × 8, no tidy) made three 4 MB intermediates a step
 * that stayed in wasm until the budget filled, so each step wrote to memory that had gone cold,
 * and took 1.3–1.4x the step inside tf.tidy.
 */
export function evictTemporaries(temporaries: readonly Tensor[], spare: readonly Tensor[]): void {
  if (activeTapes.length !== 0 || scopes.length !== 0 || tracing.function) return;
  lastStepTick = tick;
  for (let i = 0; i < temporaries.length; i++) {
    const t = temporaries[i]!;
    if (t._h !== 0 && remakeable(t) && !spare.includes(t)) {
      queueEviction(t);
      unlist(t); // made again, it is listed anew (upload): listed twice, a sweep would count it out twice
    }
  }
  flushEvictions();
}

/** Removes `t` from the resident list (searching from the end, where recent tensors are; order
 * does not matter: sweeps sort by last use). */
function unlist(t: Tensor): void {
  const i = resident.lastIndexOf(t);
  if (i === -1) return;
  const last = resident.pop()!;
  if (last !== t) resident[i] = last;
}

/** Makes evicted `t` again from its recipe: its inputs' handles (uploaded or made again
 * themselves, disposed or not: they are the recipe's), then the op under `t`'s tape id. */
function remake(t: Tensor, r: Recipe): number {
  const n = r.inputs.length;
  const handles = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = r.inputs[i]!;
    x._tick = tick; // before any upload, so a sweep it triggers keeps the inputs
    handles[i] = x._h !== 0 ? x._h : upload(x);
  }
  reserveScratch(2 * (n + r.params.length));
  const f = scratchF64View();
  for (let i = 0; i < n; i++) f[i] = handles[i]!;
  for (let j = 0; j < r.params.length; j++) f[n + j] = r.params[j]!;
  const h = W.gt_op_again(r.code, n, t._id);
  // A disposed input came back for this op only.
  for (let i = 0; i < n; i++) if (r.inputs[i]!._disposed) r.inputs[i]!._release();
  if (h === 0) throw lastError('remake');
  return h;
}

/** Registers a freshly made resident tensor; sweeps when past the budget. */
export function adopt(t: Tensor): void {
  resident.push(t);
  residentBytes += residentCost(t);
  if (residentBytes > budgetBytes || resident.length > sweepPastCount) sweep();
}

/** Wraps the handle an op export returned (0 means it failed), with the shape and dtype it wrote. */
export function wrap(h: number, op: string): Tensor {
  tick++;
  if (h === 0) throw lastError(op);
  const t = new NewTensor(h, null, readShape(), readDType());
  adopt(t);
  return t;
}

/** Wraps an owned handle whose shape and dtype the caller knows (the outputs of a replay). */
export function wrapKnown(h: number, shape: readonly number[], dtype: DType): Tensor {
  tick++;
  const t = new NewTensor(h, null, shape.slice(), dtype);
  adopt(t);
  return t;
}

/** The value of a rank-0 tensor, read without uploading it. */
export function scalarOf(t: Tensor): number {
  if (t._h !== 0) return W.gt_tensor_first(t._h);
  if (t._pending) return scalarOf(runPending(t));
  return t._host ? t._host[0]! : t._value;
}

/** A rank-0 tensor that lives in JS only (the result of eager scalar arithmetic outside tapes);
 * it is uploaded, under a fresh id, if it is ever used by a wasm op. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const t = new NewTensor(0, null, NO_DIMS, dtype);
  t._value = value;
  return t;
}

/** The op table's entry point an op came through (ts/call.ts), which eager-steps.ts logs and
 * replays it through. */
export const enum OpEntry {
  /** callOp: a list of tensors and the op's parameters. */
  Call,
  /** unaryOp */
  Unary,
  /** binaryOp: two operands of any kind. */
  Binary,
  /** numberOperand: a tensor and a number, the parameter saying which comes first. */
  Number,
}

/**
 * The hooks of eager-steps.ts (installed there; no-ops until then), called while `active` (a
 * step is logged or checked), except `tapeMade`, called for every new tape. `interrupt()` ends a
 * step's speculation: its pending ops run as written, giving every pending tensor its data. A
 * pending tensor read in any way (its values, its handle for anything but the step's next op)
 * interrupts first, as does anything that writes a variable.
 */
export const eagerSteps = {
  active: false,
  interrupt: (): void => {},
  tapeMade: (_tape: never): void => {},
  tapeEvent: (_tape: never, _kind: 1 | 2): boolean => false,
  settle: (): void => {},
  op: (_entry: OpEntry, _code: number, _a: unknown, _b: unknown, _inputs: readonly Tensor[] | null, _params: readonly number[]): Tensor | null => null,
  gradient: (_tape: never, _target: unknown, _sources: unknown, _extra: boolean): unknown => undefined,
  apply: (_optimizer: never, _pairs: unknown): number | null => null,
  disposing: (_t: Tensor): void => {},
  restart: (): void => {},
};

/** The clock (see eager-steps.ts: code that makes a tensor moves it). */
export const stepTick = (): number => tick;

/** `t` after the pending step has run. */
function runPending(t: Tensor): Tensor {
  eagerSteps.interrupt();
  // (Only if the step's ops failed as written, which they did not when it was logged.)
  if (t._pending) throw new Error(`read: this ${t.dtype} tensor of shape [${t.shape}] is the result of an eager training step that failed before computing it.`);
  return t;
}

/** A tensor of the given shape and dtype whose op has not run yet (see eagerSteps). */
export function pendingTensor(shape: readonly number[], dtype: DType): Tensor {
  const t = new NewTensor(0, null, shape.length === 0 ? NO_DIMS : shape.slice(), dtype);
  t._pending = true;
  return t;
}

/** Gives `pending` the data of `made`, the result of the op it stands for, and retires `made`
 * (disposed, out of the resident list: `pending` takes its place). A pending tensor disposed
 * meanwhile frees `made` instead. */
export function fulfil(pending: Tensor, made: Tensor): void {
  pending._pending = false;
  if (pending._disposed) {
    made.dispose();
    return;
  }
  pending._h = made._h;
  pending._host = made._host;
  pending._id = made._id;
  pending._value = made._value;
  pending._recipe = made._recipe;
  pending._tick = made._tick;
  if (made._h !== 0) {
    const i = resident.lastIndexOf(made);
    if (i !== -1) resident[i] = pending;
    else adopt(pending);
  }
  made._h = 0;
  made._host = null;
  made._recipe = null;
  made._disposed = true;
}

/**
 * Gives each of `pending` its data from a replay's outputs, as `gt_function_run` gives them with
 * `read_small` = SMALL_READ (a pair per output in `scratch`): a tensor of at most SMALL_READ
 * elements gets its tape id and values in JS (no handle was made: most of a step's results are
 * dead, and a sweep would evict them later), a larger one its owned handle, resident. A pending
 * tensor disposed meanwhile just frees it.
 */
export function fulfilFromPairs(pending: readonly Tensor[], scratch: Float64Array): void {
  const n = pending.length;
  let large: Tensor[] | null = null;
  for (let i = 0; i < n; i++) {
    const t = pending[i]!;
    t._pending = false;
    if (scratch[2 * i]! >= 0) {
      if (!t._disposed) takePair(t, scratch, i);
      continue;
    }
    t._h = scratch[2 * i + 1]!;
    (large ??= []).push(t);
  }
  // (Only now: adopting one may sweep, and a sweep uses the scratch area.)
  if (large === null) return;
  for (let i = 0; i < large.length; i++) {
    const t = large[i]!;
    if (t._disposed) {
      W.gt_tensor_free(t._h);
      t._h = 0;
    } else {
      t._tick = tick;
      adopt(t);
    }
  }
}

/** A tensor made from JS data; uploaded to wasm on first use. Without the module it would work
 * until its first op, so making one checks that the module runs, as every op does. */
export function fromHost(data: HostArray, shape: number[], dtype: DType): Tensor {
  initSync();
  return new NewTensor(0, data, shape, dtype);
}

const BATCH = 1024;

const overLimit = (fraction: number): boolean =>
  residentBytes > budgetBytes * fraction ||
  resident.length > MAX_RESIDENT * fraction ||
  residentTapes.length > MAX_RESIDENT_TAPES * fraction;

/** Tensors queued for `gt_evict_batch`. */
const batch: Tensor[] = objectArray();
/** Elements of the queued tensors of 2 to SMALL_READ elements, which the batch call copies out. */
let batchValues = 0;
/** At most this many such elements per batch call (its scratch area grows to hold them). */
const BATCH_VALUES = 1 << 14;

/** Queues `t` for eviction: copies a large tensor's data out first; the batch call returns a
 * scalar's value and a small tensor's elements. */
function queueEviction(t: Tensor): void {
  if (t.size > SMALL_READ) {
    if (!t._host && !canRemake(t)) t._host = copyOut(t._h, codes.dtype[t.dtype]!, t.size);
  } else if (t.size > 1) {
    batchValues += t.size;
  }
  batch.push(t);
  residentBytes -= residentCost(t);
  if (batch.length === BATCH || batchValues > BATCH_VALUES - SMALL_READ) flushEvictions();
}

function flushEvictions(): void {
  if (batch.length === 0) return;
  evictListed(batch);
  evictedCount += batch.length;
  batch.length = 0;
  batchValues = 0;
}

/**
 * Evicts `tensors` (at most BATCH, each resident) in one `gt_evict_batch` call: each
 * keeps its tape id and its data in JS, unless it already has it there (a large tensor's data is
 * copied out before). A scalar's value goes to `_value`, 2 to SMALL_READ elements to a plain
 * array (V8 allocates typed arrays over 64 bytes outside its heap, which costs more). An entry the
 * call reports stale (id 0: the tensor listed twice, its other entry has its data) leaves the
 * tensor as it is.
 */
function evictListed(tensors: readonly Tensor[]): void {
  const n = tensors.length;
  let values = 0;
  for (let i = 0; i < n; i++) {
    const size = tensors[i]!.size;
    if (size !== 1 && size <= SMALL_READ) values += size;
  }
  reserveScratch(2 * (2 * n + values));
  const handles = scratchF64View();
  for (let i = 0; i < n; i++) handles[i] = tensors[i]!._h;
  W.gt_evict_batch(n, SMALL_READ);
  const out = scratchF64View();
  for (let i = 0; i < n; i++) {
    const t = tensors[i]!;
    t._h = 0;
    if (out[2 * i] !== 0) takePair(t, out, i);
  }
}

/** Gives `t` the tape id and data of pair `i` of `out`, in gt_evict_batch's format (see
 * evictListed), unless it has its data in JS already (a large tensor's is copied out before). */
function takePair(t: Tensor, out: Float64Array, i: number): void {
  t._id = out[2 * i]!;
  if (t._host) return;
  const size = t.size;
  if (size !== 1 && size <= SMALL_READ) {
    // Its elements are at the index the pair gives (none for an empty tensor).
    const at = out[2 * i + 1]!;
    const data = new Array<number>(size);
    for (let k = 0; k < size; k++) data[k] = out[at + k]!;
    t._host = data;
  } else {
    t._value = out[2 * i + 1]!;
  }
}

/** Evicts tensors not used since the previous sweep; if that leaves more than 3/4 of the budget
 * (or of the count limit) in use, also evicts the least recently used of the rest, oldest first,
 * down to 3/4. The operands of the op in progress (used at the current tick) always stay. */
function evictUnused(): void {
  // While a compiled function is traced its tensors stay in wasm: an evicted one could be read in
  // JavaScript unseen by the trace, which then could not be replayed. The next sweep catches up.
  if (tracing.function) return;
  thrashStreak = thrashedSinceSweep ? thrashStreak + 1 : 0;
  thrashedSinceSweep = false;
  evictedBySweep = null;
  // Pass 1: everything not used since the previous sweep (a sweep within one op keeps its operands).
  const previous = lastSweepTick;
  const oldest = Math.min(previous + 1, tick);
  lastSweepTick = tick;
  let kept = 0;
  for (let i = 0; i < resident.length; i++) {
    const t = resident[i]!;
    if (t._h === 0) continue; // disposed or already evicted
    if (t._tick >= oldest) {
      resident[kept++] = t;
      if (t._recipe !== null && t._recipe.born < previous) t._recipe = null; // made before the previous sweep, used since: not a temporary
    } else sweptOut(t);
  }
  resident.length = kept;
  flushEvictions();
  for (const t of residentTapes.filter((t) => t._tick < oldest)) evictTape(t);
  if (!overLimit(0.75)) return;

  // Pass 2: least recently used first, tensors and tapes alike (not those of the op in progress),
  // until under 3/4 of the limits. A tensor is evicted only while the bytes or the tensor count
  // are over, a tape only while the bytes or the tape count are.
  let tensorCount = resident.length;
  const bytesOver = () => residentBytes > budgetBytes * 0.75;
  const tensorsOver = () => bytesOver() || tensorCount > MAX_RESIDENT * 0.75;
  const tapesOver = () => bytesOver() || residentTapes.length > MAX_RESIDENT_TAPES * 0.75;
  const byAge: (Tensor | ResidentTape)[] = resident.filter((t) => t._tick < tick);
  for (const t of residentTapes) if (t._tick < tick) byAge.push(t);
  byAge.sort((p, q) => p._tick - q._tick);
  for (const x of byAge) {
    if (!tensorsOver() && !tapesOver()) break;
    if (x instanceof Tensor) {
      if (!tensorsOver()) continue;
      sweptOut(x);
      tensorCount--;
    } else if (tapesOver()) {
      evictTape(x);
    }
  }
  flushEvictions();
  let live = 0;
  for (let i = 0; i < resident.length; i++) if (resident[i]!._h !== 0) resident[live++] = resident[i]!;
  resident.length = live;
}

/** Queues `t` for eviction by a sweep of the budget, noting a large one (see noteThrash). */
function sweptOut(t: Tensor): void {
  if (t.size * bytesPerElement(t.dtype) >= THRASH_BYTES) (evictedBySweep ??= new WeakSet()).add(t);
  queueEviction(t);
}

/** Evicts what `evictUnused` finds, then sets the count that triggers the next sweep (see
 * `sweepPastCount`). */
function sweep(): void {
  evictUnused();
  // (A sweep leaves at most 3/4 of MAX_RESIDENT unless the tensors in use are more.)
  sweepPastCount = resident.length <= MAX_RESIDENT * 0.75 ? MAX_RESIDENT : 2 * resident.length;
}

/** What `tf.memory()` reports. */
export interface MemoryInfo {
  /** Tensors with a live wasm buffer (resident tensors, variables, optimizer slots). */
  numTensors: number;
  /** Bytes of tensor data in wasm. */
  numBytes: number;
  /** Size of the wasm linear memory (it grows, never shrinks). */
  wasmMemoryBytes: number;
  /** Bytes counted against the eviction budget. */
  residentBytes: number;
  /** The eviction budget (`tf.setMemoryBudget`; 256 MiB by default). */
  budgetBytes: number;
  /** Tensors moved from wasm to JS memory so far. */
  numEvicted: number;
  /** Live gradient tapes in wasm, and the ops recorded on them (each keeps its inputs and output
   * alive until the tape is used up by gradient() or disposed). */
  numTapes: number;
  /** The ops recorded on those tapes. */
  numTapeNodes: number;
  /** Bytes that tapes which stopped recording hold in wasm (part of residentBytes). */
  tapeBytes: number;
  /** Tapes whose record was moved to JS memory so far (restored if they are used again). */
  numEvictedTapes: number;
}

/**
 * tf.memory(): what is in wasm memory now (live tensors and bytes, the budget, evictions, tapes).
 * Tensors whose data lives in JS are ordinary garbage-collected objects and are not counted.
 *
 * @example
 * ```ts
 * const v = new tf.Variable(tf.zeros([1024]));
 * const before = tf.memory();
 * v.dispose();
 * console.log(before.numTensors - tf.memory().numTensors, before.numBytes - tf.memory().numBytes); // 1 4096
 * console.log(tf.memory().budgetBytes);                                                            // 268435456
 * ```
 */
export function memory(): MemoryInfo {
  return {
    numTensors: W.gt_live_tensors(),
    numBytes: W.gt_live_bytes(),
    wasmMemoryBytes: W.memory.buffer.byteLength,
    residentBytes,
    budgetBytes,
    numEvicted: evictedCount,
    numTapes: W.gt_live_tapes(),
    numTapeNodes: W.gt_tape_nodes(),
    tapeBytes,
    numEvictedTapes: evictedTapeCount,
  };
}

/** Sets the byte budget of tensors kept in wasm memory only because the user may hold them.
 * `Infinity` turns eviction by size off (for code that frees memory itself with tidy/dispose). */
export function setMemoryBudget(bytes: number): void {
  if (typeof bytes !== 'number' || Number.isNaN(bytes) || bytes < 0) {
    throw new Error(`setMemoryBudget: expected a byte count >= 0 (or Infinity), got ${describe(bytes)}.`);
  }
  budgetBytes = bytes;
  budgetChosen = true;
  if (residentBytes > budgetBytes) sweep();
}
