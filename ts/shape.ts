// Shape and indexing ops with TensorFlow's arguments: slices (with strided_slice's masks), gather
// and scatter, tile, pad, reverse, one_hot; and the composites built on them and on matmul and
// the reductions: expandDims, squeeze, stack, unstack, split, identity, meshgrid, linspace,
// tensordot, einsum. Arguments are normalised here (negative indices, masks, -1 sizes) so the
// op table's primitives take plain ranges; composites only chain recorded ops, so tapes see
// every step and gradients flow through them.

import { type Axes, callOp, intsOfTensor, normalizeAxes, normalizeAxis } from './call';
import { checkShape, isInt32, toTensor } from './creation';
import { checkOptions, describe, isPlainObject } from './describe';
import { type DType, allocHost, checkDType, isFloat } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { broadcastTo, cast, concat, matmul, renamedCall, transpose } from './ops';
import { InvalidArgumentError, tfError } from './errors';
import { Tensor, type TensorLike, fromHost } from './tensor';
import { codes } from './wasm/runtime';

// ---- argument checks --------------------------------------------------------------------------

/** An integer argument (a JS number that is an exact integer). */
function checkInt(v: unknown, op: string, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`${op}: ${name} must be an integer, got ${describe(v)}.`);
  return v;
}

/** A list of integers: an array, an Int32Array or an int32 tensor, or one number (a list of one). */
function intList(v: unknown, op: string, name: string): number[] {
  v = intsOfTensor(v, op, name);
  if (typeof v === 'number') return [checkInt(v, op, name)];
  if (!Array.isArray(v) && !(v instanceof Int32Array)) {
    throw new Error(`${op}: ${name} must be an array of integers, got ${describe(v)}.`);
  }
  return Array.from(v as ArrayLike<unknown>, (x, i) => checkInt(x, op, `${name}[${i}]`));
}

const list = (values: readonly number[]): number[] => [values.length, ...values];

/** Reshape under the name of the function the user called. */
function reshapeAs(t: Tensor, shape: readonly number[], op: string): Tensor {
  return callOp(OP.reshape, [t], list(shape), op);
}

/** The primitive strided slice on normalised ranges (see `stridedSliceRanges`). */
export function rawSlice(t: Tensor, begin: readonly number[], end: readonly number[], strides: readonly number[], op: string): Tensor {
  return callOp(OP.stridedSlice, [t], [...list(begin), ...list(end), ...list(strides)], op);
}

/** `len` entries of `axis` from `start`, all of the other dims. */
export function sliceAxis(t: Tensor, axis: number, start: number, len: number, op: string): Tensor {
  const begin = t.shape.map((_, d) => (d === axis ? start : 0));
  const end = t.shape.map((n, d) => (d === axis ? start + len : n));
  return rawSlice(t, begin, end, t.shape.map(() => 1), op);
}

/** Index tensors: nested arrays and numbers become int32; tensors keep their dtype (the op refuses non-int32). */
const indicesOf = (indices: TensorLike, op: string): Tensor => toTensor(indices, 'int32', op);

// ---- slices ------------------------------------------------------------------------------------

/** tf.slice(input, begin, size): `size[d]` entries of dim d from `begin[d]`; a size of -1 takes
 * the rest of the dim. As in TensorFlow.js, `begin` and `size` may be shorter than the rank (the
 * other dims are taken whole). */
export function slice(x: TensorLike, begin: number | readonly number[] | Tensor, size?: number | readonly number[] | Tensor): Tensor {
  const op = 'slice';
  const t = toTensor(x, undefined, op);
  const b = intList(begin, op, 'begin');
  const s = size === undefined ? [] : intList(size, op, 'size');
  if (b.length > t.rank || s.length > t.rank) {
    throw new Error(`${op}: begin and size have ${b.length} and ${s.length} values, more than the ${t.rank} dims of shape [${t.shape}].`);
  }
  const start: number[] = [];
  const end: number[] = [];
  t.shape.forEach((n, d) => {
    const bd = b[d] ?? 0;
    const sd = s[d] ?? -1;
    if (bd < 0 || bd > n) throw new Error(`${op}: expected begin[${d}] in [0, ${n}], but got ${bd} (shape [${t.shape}]).`);
    if (sd < -1 || (sd !== -1 && bd + sd > n)) {
      throw tfError(InvalidArgumentError, `${op}: expected size[${d}] in [0, ${n - bd}] or -1, but got ${sd} (begin ${bd}, shape [${t.shape}]).`);
    }
    start.push(bd);
    end.push(sd === -1 ? n : bd + sd);
  });
  return rawSlice(t, start, end, start.map(() => 1), op);
}

/** TensorFlow's strided-slice masks: bit i refers to the i-th entry of begin/end/strides. */
export interface StridedSliceOptions {
  /** Bit i set: ignore begin[i] and start from the first (or, with a negative stride, last) element. */
  beginMask?: number;
  /** Bit i set: ignore end[i] and go to the end of the dim. */
  endMask?: number;
  /** Bit i set: entry i stands for as many full dims as needed (Python's `...`). */
  ellipsisMask?: number;
  /** Bit i set: entry i inserts a new dim of size 1 (Python's `tf.newaxis`). */
  newAxisMask?: number;
  /** Bit i set: entry i takes the single index begin[i] and removes the dim. */
  shrinkAxisMask?: number;
}

const MASKS = ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask'] as const;

/** strided_slice's sparse specification (masks and all) made dense: a plain range per input dim
 * and the result's shape (shrunk dims dropped, new axes of size 1 inserted). TensorFlow's
 * ValidateStridedSliceOp, step by step. */
function stridedSliceRanges(
  shape: readonly number[],
  beginIn: readonly number[],
  endIn: readonly number[],
  stridesIn: readonly number[],
  masks: Required<StridedSliceOptions>,
  op: string,
): { begin: number[]; end: number[]; strides: number[]; finalShape: number[] } {
  const sparse = stridesIn.length;
  if (beginIn.length !== sparse || endIn.length !== sparse) {
    throw new Error(`${op}: begin, end and strides must have the same length, got ${beginIn.length}, ${endIn.length} and ${sparse}.`);
  }
  if (sparse >= 32) throw new Error(`${op}: begin has ${sparse} entries; the masks are 32-bit, so at most 31 are supported.`);
  const { beginMask, endMask, newAxisMask, shrinkAxisMask } = masks;
  let { ellipsisMask } = masks;
  if ((ellipsisMask & (ellipsisMask - 1)) !== 0) throw new Error(`${op}: multiple ellipses in slice spec not allowed (ellipsisMask ${ellipsisMask}).`);
  const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;
  // New axes after the ellipsis do not consume input dims; without an ellipsis there is one at the end.
  let addAfterEllipsis = 0;
  let seen = false;
  for (let i = 0; i < sparse; i++) {
    if (seen && bit(newAxisMask, i)) addAfterEllipsis++;
    if (bit(ellipsisMask, i)) seen = true;
  }
  let entries = sparse;
  if (!seen) {
    ellipsisMask |= 1 << sparse;
    entries++;
  }

  const rank = shape.length;
  const begin = new Array<number>(rank).fill(0);
  const end = new Array<number>(rank).fill(0);
  const strides = new Array<number>(rank).fill(1);
  const dense = { begin: new Array<boolean>(rank).fill(false), end: new Array<boolean>(rank).fill(false), shrink: new Array<boolean>(rank).fill(false) };
  const NEW_AXIS = -2;
  const SHRINK = -1;
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < entries; i++) {
    if (bit(ellipsisMask, i)) {
      const next = Math.min(rank - (entries - i) + 1 + addAfterEllipsis, rank);
      for (; full < next; full++) {
        dense.begin[full] = dense.end[full] = true;
        gather.push(full);
      }
    } else if (bit(newAxisMask, i)) {
      gather.push(NEW_AXIS);
    } else {
      if (full === rank) throw new Error(`${op}: index out of range using input dim ${full}; the input has only ${rank} dims (shape [${shape}]).`);
      begin[full] = beginIn[i]!;
      end[full] = endIn[i]!;
      strides[full] = stridesIn[i]!;
      dense.begin[full] = bit(beginMask, i);
      dense.end[full] = bit(endMask, i);
      dense.shrink[full] = bit(shrinkAxisMask, i);
      gather.push(dense.shrink[full] ? SHRINK : full);
      full++;
    }
  }

  const sizes: number[] = [];
  for (let d = 0; d < rank; d++) {
    const n = shape[d]!;
    const stride = strides[d]!;
    if (stride === 0) throw new Error(`${op}: strides[${d}] must be non-zero.`);
    if (dense.shrink[d]) {
      if (stride <= 0) throw new Error(`${op}: only stride 1 allowed on non-range indexing (dim ${d} is shrunk by shrinkAxisMask).`);
      const index = begin[d]! < 0 ? n + begin[d]! : begin[d]!;
      if (index < 0 || index >= n) throw new Error(`${op}: slice index ${begin[d]} of dimension ${d} out of bounds (size ${n}).`);
      begin[d] = index;
      end[d] = index + 1;
      strides[d] = 1;
      sizes.push(1);
      continue;
    }
    // A masked end takes the whole dim in the stride's direction; other indices count from the
    // end when negative and are clamped to the valid range ([0, n] going up, [-1, n - 1] down).
    const [lo, hi] = stride > 0 ? [0, n] : [-1, n - 1];
    const canonical = (x: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return stride > 0 === isEnd ? hi : lo;
      const fwd = x < 0 ? n + x : x;
      return Math.min(Math.max(fwd, lo), hi);
    };
    begin[d] = canonical(begin[d]!, dense.begin[d]!, false);
    end[d] = canonical(end[d]!, dense.end[d]!, true);
    const length = end[d]! - begin[d]!;
    sizes.push(length === 0 || length < 0 !== stride < 0 ? 0 : Math.ceil(length / stride));
  }
  const finalShape: number[] = [];
  for (const g of gather) {
    if (g >= 0) finalShape.push(sizes[g]!);
    else if (g === NEW_AXIS) finalShape.push(1);
  }
  return { begin, end, strides, finalShape };
}

/** tf.strided_slice(input, begin, end, strides, begin_mask, end_mask, ellipsis_mask,
 * new_axis_mask, shrink_axis_mask), with the masks as an options object (or as TensorFlow.js's
 * positional numbers after `strides`). */
export function stridedSlice(
  x: TensorLike,
  begin: number | readonly number[],
  end: number | readonly number[],
  strides?: number | readonly number[] | null,
  options?: StridedSliceOptions | number,
  ...positionalMasks: number[]
): Tensor {
  const op = 'stridedSlice';
  const t = toTensor(x, undefined, op);
  const b = intList(begin, op, 'begin');
  const e = intList(end, op, 'end');
  const s = strides === undefined || strides === null ? b.map(() => 1) : intList(strides, op, 'strides');
  let given: Record<string, unknown>;
  if (typeof options === 'number' || positionalMasks.length > 0) {
    const values = [options ?? 0, ...positionalMasks];
    if (values.length > MASKS.length) throw new Error(`${op}: got ${values.length} masks; there are ${MASKS.length} (${MASKS.join(', ')}).`);
    given = Object.fromEntries(values.map((v, i) => [MASKS[i]!, v]));
  } else {
    given = checkOptions(options, op, MASKS, '{beginMask: 1, shrinkAxisMask: 2}');
  }
  const masks = Object.fromEntries(
    MASKS.map((name) => {
      const v = given[name] ?? 0;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) {
        throw new Error(`${op}: ${name} must be a non-negative 32-bit integer (a bit per entry of begin), got ${describe(v)}.`);
      }
      return [name, v];
    }),
  ) as Required<StridedSliceOptions>;
  const r = stridedSliceRanges(t.shape, b, e, s, masks, op);
  const sliced = rawSlice(t, r.begin, r.end, r.strides, op);
  const same = sliced.shape.length === r.finalShape.length && sliced.shape.every((d, i) => d === r.finalShape[i]);
  return same ? sliced : reshapeAs(sliced, r.finalShape, op);
}

// ---- gather and scatter ----------------------------------------------------------------------------

/** The optional arguments of `tf.gather`, by name. */
export interface GatherOptions {
  /** The axis of `params` to gather along (default: batchDims). */
  axis?: number | null;
  /** The number of leading batch dims shared by `params` and `indices` (default 0). */
  batchDims?: number;
}

/**
 * tf.gather(params, indices, validate_indices=None, axis=None, batch_dims=0): slices of `params`
 * along `axis` at int32 `indices` (an error when one is outside the dim, as on CPU). `axis`
 * defaults to `batch_dims`; both may be negative.
 *
 * TensorFlow's positional form passes `validate_indices` (deprecated and unused: indices are
 * always checked) third, so its axis is the fourth argument: `tf.gather(x, i, null, 1)`. A number
 * third is gradtape's shorter form `tf.gather(params, indices, axis, batchDims)`; options may
 * also be passed as `{axis, batchDims}`.
 */
export function gather(params: TensorLike, indices: TensorLike, axis?: number | GatherOptions): Tensor;
export function gather(params: TensorLike, indices: TensorLike, axis: number, batchDims: number): Tensor;
export function gather(params: TensorLike, indices: TensorLike, validateIndices: boolean | null | undefined, axis?: number | null, batchDims?: number): Tensor;
export function gather(params: TensorLike, indices: TensorLike, third?: unknown, fourth?: unknown, fifth?: unknown): Tensor {
  const op = 'gather';
  let a: unknown;
  let bd: unknown;
  if (isPlainObject(third)) {
    if (fourth !== undefined || fifth !== undefined) {
      throw new Error(`${op}: pass the axis and batchDims either in the options object or positionally, not both; got ${describe(fourth)} and ${describe(fifth)} after the options.`);
    }
    const o = checkOptions(third, op, ['axis', 'batchDims'], '{axis: 1, batchDims: 1}');
    a = o.axis;
    bd = o.batchDims ?? 0;
  } else if (third === undefined || third === null || typeof third === 'boolean') {
    // TensorFlow's order: validate_indices (a no-op in TensorFlow 2), axis, batch_dims.
    a = fourth;
    bd = fifth ?? 0;
  } else {
    if (fifth !== undefined) {
      throw new Error(
        `${op}: got a fifth argument (${describe(fifth)}) after the axis ${describe(third)}. In TensorFlow's order the third argument is validate_indices: ` +
          `tf.gather(params, indices, null, axis, batchDims); in gradtape's shorter one it is the axis: tf.gather(params, indices, axis, batchDims).`,
      );
    }
    a = third;
    bd = fourth ?? 0;
  }
  const p = toTensor(params, undefined, op);
  const idx = indicesOf(indices, op);
  if (p.rank === 0) throw new Error(`${op}: params must be at least 1-dimensional, got a scalar.`);
  let batch = checkInt(bd, op, 'batchDims');
  if (batch < 0) batch += idx.rank;
  if (batch < 0 || batch > idx.rank) {
    throw new Error(`${op}: batchDims ${describe(bd)} is out of range for indices of rank ${idx.rank}; use a value in [-${idx.rank}, ${idx.rank}].`);
  }
  const ax = a === undefined || a === null ? batch : normalizeAxis(checkInt(a, op, 'axis'), p.rank, op);
  if (ax < batch) throw new Error(`${op}: batchDims (${batch}) must be less than or equal to axis (${ax}).`);
  return callOp(OP.gather, [p, idx], [ax, batch], op);
}

/** tf.gather_nd(params, indices, batch_dims): slices of `params` at the coordinate tuples in the
 * last dim of int32 `indices`; the first `batchDims` dims of both are gathered in step. */
export function gatherNd(params: TensorLike, indices: TensorLike, batchDims: number | { batchDims?: number } = 0): Tensor {
  const op = 'gatherNd';
  const bd = isPlainObject(batchDims) ? (checkOptions(batchDims, op, ['batchDims'], '{batchDims: 1}').batchDims ?? 0) : batchDims;
  const batch = checkInt(bd, op, 'batchDims');
  const p = toTensor(params, undefined, op);
  const idx = indicesOf(indices, op);
  if (batch === 0) return callOp(OP.gatherNd, [p, idx], [], op);
  if (batch < 0 || batch >= idx.rank || batch > p.rank) {
    throw new Error(`${op}: batchDims ${batch} must be in [0, ${Math.min(idx.rank - 1, p.rank)}] for params of rank ${p.rank} and indices of rank ${idx.rank}.`);
  }
  const lead = p.shape.slice(0, batch);
  if (lead.some((n, d) => n !== idx.shape[d])) {
    throw new Error(`${op}: the first ${batch} dims of params [${p.shape}] and indices [${idx.shape}] must be equal.`);
  }
  // As TensorFlow: flatten the batch dims and prepend each tuple's batch number to it.
  const nb = lead.reduce((x, y) => x * y, 1);
  const inner = idx.shape.slice(batch, -1);
  const k = idx.shape[idx.rank - 1]!;
  const perBatch = inner.reduce((x, y) => x * y, 1);
  const numbers = allocHost('int32', nb * perBatch);
  for (let i = 0; i < numbers.length; i++) numbers[i] = Math.floor(i / perBatch);
  return renamedCall(op, () => {
    const batchIds = fromHost(numbers, [nb, ...inner, 1], 'int32');
    const tuples = concat([batchIds, reshapeAs(idx, [nb, ...inner, k], op)], -1);
    const flatParams = reshapeAs(p, [nb, ...p.shape.slice(batch)], op);
    const out = callOp(OP.gatherNd, [flatParams, tuples], [], op);
    return reshapeAs(out, [...lead, ...inner, ...p.shape.slice(batch + k)], op);
  });
}

/** tf.scatter_nd(indices, updates, shape): zeros of `shape` with the slices of `updates` added at
 * the coordinate tuples of int32 `indices` (duplicates add up). */
export function scatterNd(indices: TensorLike, updates: TensorLike, shape: readonly number[]): Tensor {
  const op = 'scatterNd';
  const idx = indicesOf(indices, op);
  const u = toTensor(updates, undefined, op);
  const dims = checkShape(shape, op);
  return callOp(OP.scatterNd, [idx, u], list(dims), op);
}

/** tf.tensor_scatter_nd_update(tensor, indices, updates): `tensor` with the slices at int32
 * `indices` replaced by `updates` (for repeated indices the last update shows). */
export function tensorScatterUpdate(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  const op = 'tensorScatterUpdate';
  const t = toTensor(tensor, undefined, op);
  const idx = indicesOf(indices, op);
  const u = toTensor(updates, t.dtype, op);
  if (u.dtype !== t.dtype) {
    throw new Error(`${op}: updates are ${u.dtype} but tensor is ${t.dtype}; cast one of them, e.g. tf.cast(updates, '${t.dtype}').`);
  }
  return callOp(OP.tensorScatterUpdate, [t, idx, u], [], op);
}

// ---- tile, pad, reverse, one_hot -----------------------------------------------------------------

/** tf.tile(input, multiples): `multiples[d]` copies along each dim d. */
export function tile(x: TensorLike, multiples: number | readonly number[] | Tensor): Tensor {
  const op = 'tile';
  const t = toTensor(x, undefined, op);
  const m = intList(multiples, op, 'multiples');
  if (m.length !== t.rank) throw tfError(InvalidArgumentError, `${op}: expected multiples to have ${t.rank} values (the rank of shape [${t.shape}]), got ${m.length}.`);
  m.forEach((v, d) => {
    if (v < 0) throw tfError(InvalidArgumentError, `${op}: expected multiples[${d}] >= 0, but got ${v}.`);
  });
  return callOp(OP.tile, [t], list(m), op);
}

const PAD_MODES = ['CONSTANT', 'REFLECT', 'SYMMETRIC'] as const;
/** The modes of `tf.pad`: 'CONSTANT', 'REFLECT' or 'SYMMETRIC' (any case). */
export type PadMode = (typeof PAD_MODES)[number] | Lowercase<(typeof PAD_MODES)[number]>;

/** tf.pad(tensor, paddings, mode, constant_values): `paddings[d] = [before, after]` entries
 * around each dim d: `constantValues`, or the tensor mirrored without (REFLECT) or with
 * (SYMMETRIC) its edge entry. Modes are case-insensitive, as in TensorFlow. */
export function pad(x: TensorLike, paddings: readonly (readonly number[])[], mode: PadMode = 'CONSTANT', constantValues: number | boolean = 0): Tensor {
  const op = 'pad';
  const t = toTensor(x, undefined, op);
  if (!Array.isArray(paddings) || paddings.length !== t.rank || paddings.some((p) => !Array.isArray(p) || p.length !== 2)) {
    throw tfError(InvalidArgumentError, `${op}: paddings must be ${t.rank} pairs [before, after] (one per dim of shape [${t.shape}]), got ${describe(paddings)}.`);
  }
  const flatPads = paddings.flatMap((p, d) => intList(p, op, `paddings[${d}]`));
  const negative = flatPads.findIndex((v) => v < 0);
  if (negative >= 0) throw tfError(InvalidArgumentError, `${op}: paddings must be non-negative, got ${flatPads[negative]} for dim ${negative >> 1}.`);
  const modeName = typeof mode === 'string' ? mode.toUpperCase() : mode;
  const code = PAD_MODES.indexOf(modeName as (typeof PAD_MODES)[number]);
  if (code < 0) throw new Error(`${op}: mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC', got ${describe(mode)}.`);
  let value = typeof constantValues === 'boolean' ? Number(constantValues) : constantValues;
  if (typeof value !== 'number') throw new Error(`${op}: constantValues must be a number, got ${describe(constantValues)}.`);
  if (t.dtype === 'int32' && !isInt32(value)) throw new Error(`${op}: constantValues ${value} is not an int32 value, as the int32 tensor needs.`);
  if (t.dtype === 'bool') value = value !== 0 ? 1 : 0;
  return callOp(OP.pad, [t], [...list(flatPads), code, value], op);
}

/** tf.reverse(tensor, axis): the order of entries reversed along each axis listed (all axes when
 * omitted, as TensorFlow.js). */
export function reverse(x: TensorLike, axis?: Axes): Tensor {
  const t = toTensor(x, undefined, 'reverse');
  const axes = normalizeAxes(axis, t.rank, 'reverse');
  return callOp(OP.reverse, [t], list(axes), 'reverse');
}

/** Options of `tf.oneHot`. */
export interface OneHotOptions {
  /** The value at the index (default 1). */
  onValue?: number | boolean;
  /** The value elsewhere (default 0). */
  offValue?: number | boolean;
  /** Where the new dim of size `depth` goes (default -1: last). */
  axis?: number;
  /** The result's dtype (default float32). */
  dtype?: DType;
}

/**
 * tf.one_hot(indices, depth, on_value=1, off_value=0, axis=-1, dtype=float32): `onValue` where
 * int32 `indices` equal the position along a new dim of size `depth`, `offValue` elsewhere
 * (indices outside [0, depth) give all `offValue`). Options as `{onValue, offValue, axis, dtype}`,
 * or positionally in TensorFlow's order (null for a default). A string fifth argument is the
 * dtype, TensorFlow.js's order (indices, depth, onValue, offValue, dtype).
 */
export function oneHot(indices: TensorLike, depth: number, options?: OneHotOptions): Tensor;
export function oneHot(indices: TensorLike, depth: number, onValue: number | boolean | null | undefined, offValue?: number | boolean | null, axis?: number | null, dtype?: DType | null): Tensor;
export function oneHot(indices: TensorLike, depth: number, onValue: number | boolean | null | undefined, offValue: number | boolean | null | undefined, dtype: DType): Tensor;
export function oneHot(indices: TensorLike, depth: number, options?: unknown, offValue?: unknown, axisOrDtype?: unknown, dtype?: unknown): Tensor {
  const op = 'oneHot';
  let o: OneHotOptions;
  if (isPlainObject(options)) {
    if (offValue !== undefined || axisOrDtype !== undefined || dtype !== undefined) {
      throw new Error(`${op}: pass onValue, offValue, axis and dtype either in the options object or positionally, not both.`);
    }
    o = checkOptions(options, op, ['onValue', 'offValue', 'axis', 'dtype'], "{onValue: 1, offValue: 0, axis: -1, dtype: 'float32'}") as OneHotOptions;
  } else if (typeof axisOrDtype === 'string') {
    if (dtype !== undefined) {
      throw new Error(`${op}: the fifth argument is the axis in TensorFlow's order tf.oneHot(indices, depth, onValue, offValue, axis, dtype); got the dtype ${describe(axisOrDtype)} there and ${describe(dtype)} after it.`);
    }
    o = { onValue: (options ?? undefined) as number | undefined, offValue: (offValue ?? undefined) as number | undefined, dtype: axisOrDtype as DType };
  } else {
    o = {
      onValue: (options ?? undefined) as number | undefined,
      offValue: (offValue ?? undefined) as number | undefined,
      axis: (axisOrDtype ?? undefined) as number | undefined,
      dtype: (dtype ?? undefined) as DType | undefined,
    };
  }
  const idx = indicesOf(indices, op);
  const d = checkInt(depth, op, 'depth');
  if (d < 0) throw tfError(InvalidArgumentError, `${op}: depth must be non-negative, got ${d}.`);
  const target = o.dtype === undefined ? 'float32' : checkDType(o.dtype, op);
  const value = (v: unknown, name: string, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return Number(v);
    if (typeof v !== 'number') throw new Error(`${op}: ${name} must be a number, got ${describe(v)}.`);
    if (target === 'int32' && !isInt32(v)) throw new Error(`${op}: ${name} ${v} is not an int32 value, as dtype int32 needs.`);
    return target === 'bool' ? Number(v !== 0) : v;
  };
  const on = value(o.onValue, 'onValue', 1);
  const off = value(o.offValue, 'offValue', 0);
  const axis = o.axis === undefined ? -1 : checkInt(o.axis, op, 'axis');
  if (axis < -1 || axis > idx.rank) throw new Error(`${op}: axis must be -1 or in [0, ${idx.rank}] for indices of rank ${idx.rank}, got ${axis}.`);
  return callOp(OP.oneHot, [idx], [d, on, off, axis === -1 ? idx.rank : axis, codes.dtype[target]!], op);
}

// ---- reshaping composites ------------------------------------------------------------------------------

/** tf.expand_dims(input, axis): a dim of size 1 inserted at `axis` (in [-rank - 1, rank]). */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = toTensor(x, undefined, 'expandDims');
  const a = normalizeAxis(axis, t.rank, 'expandDims', true);
  return reshapeAs(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)], 'expandDims');
}

/**
 * tf.ensure_shape(x, shape): `x` itself, after checking that its shape matches `shape`, in which
 * null (or -1) is any size.
 *
 * @example
 * ```ts
 * console.log(tf.ensureShape(tf.zeros([2, 3]), [null, 3]).shape); // [ 2, 3 ]
 * ```
 */
export function ensureShape(x: TensorLike, shape: readonly (number | null)[]): Tensor {
  const op = 'ensureShape';
  const t = toTensor(x, undefined, op);
  const isSize = (n: unknown) => n === null || (typeof n === 'number' && Number.isInteger(n) && n >= -1);
  if (!Array.isArray(shape) || !shape.every(isSize)) throw new Error(`${op}: shape must be an array of sizes (null or -1 for any), got ${describe(shape)}.`);
  const fits = shape.length === t.rank && shape.every((n, d) => n === null || n === -1 || n === t.shape[d]);
  if (!fits) {
    const wanted = shape.map((n) => (n === null || n === -1 ? '?' : String(n))).join(',');
    throw tfError(InvalidArgumentError, `${op}: Shape of tensor x [${t.shape.join(',')}] is not compatible with expected shape [${wanted}].`);
  }
  return t;
}

/**
 * Tensor.set_shape(shape) as an eager tensor runs it: the tensor's shape is always known, so there
 * is nothing to refine; `shape` (null for a size not fixed; null or undefined for any rank) must be
 * compatible with it, or it is TensorFlow's ValueError. Code written for graph mode (a `tf.data`
 * map, a `tf.function`) calls it to pin static shapes, and runs unchanged.
 */
export function setShape(t: Tensor, shape: readonly (number | null)[] | null | undefined): void {
  const op = 'Tensor.setShape';
  if (shape === null || shape === undefined) return;
  const isSize = (n: unknown) => n === null || (typeof n === 'number' && Number.isInteger(n) && n >= 0);
  if (!Array.isArray(shape) || !shape.every(isSize)) throw new Error(`${op}: shape must be an array of sizes (null for any) or null, got ${describe(shape)}.`);
  if (shape.length === t.rank && shape.every((n, d) => n === null || n === t.shape[d])) return;
  // TensorFlow prints its TensorShape, then the Python list it was given.
  const own = t.rank === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  const error = new Error(`Tensor's shape ${own} is not compatible with supplied shape [${shape.map((n) => n ?? 'None').join(', ')}].`);
  error.name = 'ValueError';
  throw error;
}

/** tf.squeeze(input, axis): the listed dims of size 1 removed (every size-1 dim when omitted). */
export function squeeze(x: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const op = 'squeeze';
  const t = toTensor(x, undefined, op);
  let drop: number[];
  if (axis === undefined || axis === null || (Array.isArray(axis) && axis.length === 0)) {
    drop = t.shape.flatMap((n, d) => (n === 1 ? [d] : []));
  } else {
    drop = normalizeAxes(axis as Axes, t.rank, op);
    for (const d of drop) {
      if (t.shape[d] !== 1) throw tfError(InvalidArgumentError, `${op}: can not squeeze dim[${d}], expected a dimension of 1, got ${t.shape[d]} (shape [${t.shape}]).`);
    }
  }
  return reshapeAs(t, t.shape.filter((_, d) => !drop.includes(d)), op);
}

/** tf.stack and tf.unstack check their axis in Python: an integer outside [-limit, limit) is a
 * ValueError there (the kernels' InvalidArgumentError elsewhere; see normalizeAxis). */
function checkPythonAxis(axis: unknown, limit: number, op: string): void {
  if (Number.isInteger(axis) && ((axis as number) < -limit || (axis as number) >= limit)) {
    const error = new Error(`${op}: Argument \`axis\` = ${axis as number} not in range [${-limit}, ${limit})`);
    error.name = 'ValueError';
    throw error;
  }
}

/** tf.stack(values, axis): tensors of one shape joined along a new dim `axis`. */
export function stack(values: readonly TensorLike[], axis = 0): Tensor {
  const op = 'stack';
  if (!Array.isArray(values) || values.length === 0) throw new Error(`${op}: expected a non-empty array of tensors, e.g. tf.stack([a, b], 1).`);
  const first = toTensor(values[0]!, undefined, op);
  const ts = values.map((v) => toTensor(v, first.dtype, op));
  ts.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((n, d) => n !== first.shape[d])) {
      throw tfError(InvalidArgumentError, `${op}: shapes of all inputs must match: values[0].shape = [${first.shape}] != values[${i}].shape = [${t.shape}].`);
    }
  });
  checkPythonAxis(axis, first.rank + 1, op);
  const a = normalizeAxis(axis, first.rank, op, true);
  const shape = [...first.shape.slice(0, a), 1, ...first.shape.slice(a)];
  return renamedCall(op, () => concat(ts.map((t) => reshapeAs(t, shape, op)), a));
}

/**
 * tf.unstack(value, num=None, axis=0): the slices along `axis`, as an array, each without that
 * dim. Given three arguments, TensorFlow's order: `num` (the size of `axis`, checked; null to take
 * it from the shape) then `axis`, as in `tf.unstack(x, steps, 1)`. Given two, gradtape's shorter
 * form `tf.unstack(value, axis)`, kept from before: for TensorFlow's `tf.unstack(x, num)` write
 * `tf.unstack(x, num, 0)`.
 */
export function unstack(x: TensorLike, axisOrNum?: number | null, axis?: number): Tensor[] {
  const op = 'unstack';
  const t = toTensor(x, undefined, op);
  if (t.rank === 0) throw new Error(`${op}: cannot unstack a scalar; the input needs at least 1 dim.`);
  const num = axis === undefined ? null : (axisOrNum ?? null);
  const ax = axis === undefined ? (axisOrNum ?? 0) : axis;
  if (axis === undefined && ax === t.shape[0] && (ax >= t.rank || ax < -t.rank)) {
    const error = new Error(`${op}: Argument \`axis\` = ${ax} not in range [${-t.rank}, ${t.rank}). A second argument alone is the axis; for TensorFlow's tf.unstack(value, num), give the axis too: tf.unstack(value, ${ax}, 0).`);
    error.name = 'ValueError';
    throw error;
  }
  checkPythonAxis(ax, t.rank, op);
  const a = normalizeAxis(ax, t.rank, op);
  if (num !== null && num !== t.shape[a]) {
    throw tfError(InvalidArgumentError, `${op}: Input shape axis ${a} must equal ${describe(num)}, got shape [${t.shape.join(',')}]: num must be the size of the axis unstacked, or null.`);
  }
  const rest = t.shape.filter((_, d) => d !== a);
  return Array.from({ length: t.shape[a]! }, (_, i) => reshapeAs(sliceAxis(t, a, i, 1, op), rest, op));
}

/** tf.split(value, num_or_size_splits, axis): `n` equal pieces along `axis`, or pieces of the
 * given sizes (one of which may be -1: the rest). */
export function split(x: TensorLike, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  const op = 'split';
  const t = toTensor(x, undefined, op);
  const a = normalizeAxis(axis, t.rank, op);
  const n = t.shape[a]!;
  let sizes: number[];
  if (typeof numOrSizeSplits === 'number') {
    const count = checkInt(numOrSizeSplits, op, 'numOrSizeSplits');
    if (count < 1 || n % count !== 0) {
      throw tfError(InvalidArgumentError, `${op}: the number of splits must evenly divide the split dim, but got dim ${a} (size ${n}) and ${count} splits.`);
    }
    sizes = new Array<number>(count).fill(n / count);
  } else {
    sizes = intList(numOrSizeSplits, op, 'numOrSizeSplits');
    const unknown = sizes.filter((s) => s === -1).length;
    const known = sizes.reduce((acc, s) => (s === -1 ? acc : acc + s), 0);
    if (sizes.some((s) => s < -1) || unknown > 1 || (unknown === 0 ? known !== n : known > n)) {
      throw new Error(
        `${op}: sizes [${sizes}] must be non-negative and sum to ${n} (the size of dim ${a}), with at most one -1 standing for the rest.`,
      );
    }
    sizes = sizes.map((s) => (s === -1 ? n - known : s));
  }
  let start = 0;
  return sizes.map((len) => {
    const piece = sliceAxis(t, a, start, len, op);
    start += len;
    return piece;
  });
}

/** tf.roll(input, shift, axis): elements shifted `shift[i]` places along `axis[i]` (negative:
 * backwards), those pushed past the end coming back at the start; shifts on one axis add up. */
export function roll(x: TensorLike, shift: number | readonly number[], axis: number | readonly number[]): Tensor {
  const op = 'roll';
  const t = toTensor(x, undefined, op);
  const shifts = intList(shift, op, 'shift');
  const axes = intList(axis, op, 'axis');
  if (shifts.length !== axes.length) {
    throw new Error(`${op}: shift and axis must have the same length, got ${shifts.length} shifts and ${axes.length} axes.`);
  }
  const total = new Map<number, number>();
  axes.forEach((a, i) => {
    const d = normalizeAxis(a, t.rank, op);
    total.set(d, (total.get(d) ?? 0) + shifts[i]!);
  });
  return renamedCall(op, () => {
    let out = t;
    for (const [d, s] of total) {
      const n = out.shape[d]!;
      const k = n === 0 ? 0 : ((s % n) + n) % n;
      if (k !== 0) out = concat([sliceAxis(out, d, n - k, k, op), sliceAxis(out, d, 0, n - k, op)], d);
    }
    return out === t ? identity(t) : out;
  });
}

/** tf.repeat(input, repeats, axis): each element (each slice along `axis`) `repeats` times, or
 * `repeats[i]` times for slice i; without an axis the input is flattened first, as in TF. */
export function repeat(x: TensorLike, repeats: number | readonly number[], axis?: number | null): Tensor {
  const op = 'repeat';
  let t = toTensor(x, undefined, op);
  if (axis === undefined || axis === null) {
    t = reshapeAs(t, [t.size], op);
    axis = 0;
  }
  if (t.rank === 0) throw new Error(`${op}: cannot repeat along an axis of a scalar; omit axis to repeat its one element.`);
  const a = normalizeAxis(checkInt(axis, op, 'axis'), t.rank, op);
  const n = t.shape[a]!;
  const counts = intList(repeats, op, 'repeats');
  if (counts.length !== 1 && counts.length !== n) {
    throw new Error(`${op}: repeats must be one count or ${n} counts (the size of axis ${a}), got ${counts.length}.`);
  }
  if (counts.some((c) => c < 0)) throw new Error(`${op}: repeats must be non-negative, got [${counts}].`);
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let r = counts.length === 1 ? counts[0]! : counts[i]!; r > 0; r--) indices.push(i);
  }
  return renamedCall(op, () => gather(t, fromHost(Int32Array.from(indices), [indices.length], 'int32'), a));
}

/** tf.shape(input): the dims as an int32 vector (TF's default out_type; int64 is not supported). */
export function shape(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'shape');
  return fromHost(Int32Array.from(t.shape), [t.rank], 'int32');
}

/** tf.size(input): the number of elements as an int32 scalar. */
export function size(x: TensorLike): Tensor {
  return fromHost(Int32Array.of(toTensor(x, undefined, 'size').size), [], 'int32');
}

/** tf.rank(input): the number of dims as an int32 scalar. */
export function rank(x: TensorLike): Tensor {
  return fromHost(Int32Array.of(toTensor(x, undefined, 'rank').rank), [], 'int32');
}

/** tf.identity(input): a tensor with the same values (a Variable's current value), which tapes
 * see through. */
export function identity(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'identity');
  return reshapeAs(t, t.shape, 'identity');
}

/** Options of `tf.meshgrid`. */
export interface MeshgridOptions {
  /** 'xy' (Cartesian, the default: the first two output dims swapped) or 'ij' (matrix indexing). */
  indexing?: 'xy' | 'ij';
}

/** tf.meshgrid(*args, indexing='xy'): N-D coordinate grids from 1-D coordinate vectors (any
 * rank is flattened). With 'xy' the first two output dims are swapped (Cartesian indexing).
 * Options go last: `tf.meshgrid(x, y, {indexing: 'ij'})`. */
export function meshgrid(...args: (TensorLike | MeshgridOptions)[]): Tensor[] {
  const op = 'meshgrid';
  const last = args[args.length - 1];
  const options = isPlainObject(last) ? checkOptions(args.pop(), op, ['indexing'], "{indexing: 'ij'}") : {};
  const indexing = options.indexing ?? 'xy';
  if (indexing !== 'xy' && indexing !== 'ij') throw new Error(`${op}: indexing must be 'xy' or 'ij', got ${describe(indexing)}.`);
  if (args.length === 0) return [];
  const first = toTensor(args[0] as TensorLike, undefined, op);
  const ts = args.map((a) => toTensor(a as TensorLike, first.dtype, op));
  ts.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new Error(`${op}: all inputs must have one dtype; input 0 is ${first.dtype} and input ${i} is ${t.dtype}.`);
  });
  const ndim = ts.length;
  const sizes = ts.map((t) => t.size);
  const swap = indexing === 'xy' && ndim > 1;
  // Input i runs along output dim i (dims 0 and 1 swapped for 'xy').
  const dimOf = (i: number) => (swap && i < 2 ? 1 - i : i);
  const shape = sizes.map((_, d) => sizes[swap && d < 2 ? 1 - d : d]!);
  return renamedCall(op, () =>
    ts.map((t, i) => {
      const along = shape.map((n, d) => (d === dimOf(i) ? n : 1));
      return broadcastTo(reshapeAs(t, along, op), shape);
    }),
  );
}

// ---- creation ---------------------------------------------------------------------------------------------

/** tf.range(start, limit, delta=1, dtype): `start, start + delta, ...` up to (not including)
 * `limit`; `tf.range(n)` counts from 0. Without a dtype the result is int32 when every argument
 * is an integer, else float32, as TensorFlow infers from Python numbers. */
export function range(start: number, limit?: number | null, delta = 1, dtype?: DType): Tensor {
  const op = 'range';
  let [s, l] = limit === undefined || limit === null ? [0, start] : [start, limit];
  for (const [name, v] of [['start', s], ['limit', l], ['delta', delta]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${op}: ${name} must be a finite number, got ${describe(v)}.`);
  }
  const target = dtype === undefined ? ([s, l, delta].every(Number.isInteger) ? 'int32' : 'float32') : checkDType(dtype, op);
  if (target === 'bool') throw new Error(`${op}: dtype must be 'int32', 'float32' or 'float64', got 'bool'.`);
  let d = delta;
  if (target === 'int32') {
    for (const [name, v] of [['start', s], ['limit', l], ['delta', delta]] as const) {
      if (!isInt32(v)) throw new Error(`${op}: ${name} ${v} is not an int32 value, as dtype int32 needs.`);
    }
  } else if (target === 'float32') {
    [s, l, d] = [Math.fround(s), Math.fround(l), Math.fround(delta)];
  }
  if (d === 0) throw tfError(InvalidArgumentError, `${op}: requires delta != 0: ${delta}.`);
  if (d > 0 && s > l) throw tfError(InvalidArgumentError, `${op}: requires start <= limit when delta > 0: ${s}/${l}.`);
  if (d < 0 && s < l) throw tfError(InvalidArgumentError, `${op}: requires start >= limit when delta < 0: ${s}/${l}.`);
  // ceil(|(limit - start) / delta|) in the result's dtype, as TensorFlow's kernel computes the size
  // (float32: both steps rounded to float32, so tf.range(-5, 0.3, 0.01) has 531 entries).
  const quotient = target === 'float32' ? Math.fround(Math.fround(l - s) / d) : (l - s) / d;
  const n = Math.ceil(Math.abs(quotient));
  checkShape([n], op);
  const data = allocHost(target, n);
  // start + i·delta in the result's dtype, as TensorFlow's kernel computes each entry.
  for (let i = 0; i < n; i++) data[i] = target === 'float32' ? Math.fround(s + Math.fround(i * d)) : s + i * d;
  return fromHost(data, [n], target);
}

/** tf.eye(num_rows, num_columns, batch_shape, dtype=float32): identity matrices. */
export function eye(numRows: number, numColumns?: number | null, batchShape?: readonly number[] | null, dtype: DType = 'float32'): Tensor {
  const op = 'eye';
  const rows = checkInt(numRows, op, 'numRows');
  const cols = numColumns === undefined || numColumns === null ? rows : checkInt(numColumns, op, 'numColumns');
  const batch = batchShape === undefined || batchShape === null ? [] : checkShape(batchShape, op);
  const shape = checkShape([...batch, rows, cols], op);
  const target = checkDType(dtype, op);
  const count = batch.reduce((x, y) => x * y, 1);
  const data = allocHost(target, count * rows * cols);
  for (let b = 0; b < count; b++) for (let i = 0; i < Math.min(rows, cols); i++) data[(b * rows + i) * cols + i] = 1;
  return fromHost(data, shape, target);
}

/** tf.linspace(start, stop, num, axis=0): `num` evenly spaced values from `start` to `stop`
 * (both included exactly). `start` and `stop` may be tensors (float, or int32 giving float64)
 * that broadcast to one shape; the values then run along the new dim `axis`, and gradients flow
 * to both. */
export function linspace(start: TensorLike, stop: TensorLike, num: number, axis = 0): Tensor {
  const op = 'linspace';
  const n = checkInt(num, op, 'num');
  if (n < 0) throw tfError(InvalidArgumentError, `${op}: num must be non-negative, got ${n}.`);
  let s = toTensor(start, undefined, op);
  let e = toTensor(stop, s.dtype, op);
  if (s.dtype === 'int32' && e.dtype === 'int32') {
    // TensorFlow divides int32 bounds truly: the values are float64.
    [s, e] = [cast(s, 'float64'), cast(e, 'float64')];
  }
  if (!isFloat(s.dtype) || e.dtype !== s.dtype) {
    throw new Error(`${op}: start and stop must be float (or int32) tensors of one dtype, got ${s.dtype} and ${e.dtype}; cast them, e.g. tf.cast(start, 'float32').`);
  }
  if (s.rank !== e.rank || s.shape.some((d, i) => d !== e.shape[i])) {
    // As TensorFlow's linspace_nd, start and stop broadcast to one shape (NumPy's rules).
    const rank = Math.max(s.rank, e.rank);
    const dim = (t: Tensor, i: number) => t.shape[i - rank + t.rank] ?? 1;
    const both = Array.from({ length: rank }, (_, i) => {
      const [p, q] = [dim(s, i), dim(e, i)];
      if (p !== q && p !== 1 && q !== 1) throw new Error(`${op}: start and stop must broadcast to one shape, got [${s.shape}] and [${e.shape}].`);
      return p === 1 ? q : p;
    });
    [s, e] = [broadcastTo(s, both), broadcastTo(e, both)];
  }
  const a = normalizeAxis(axis, s.rank, op, true);
  const along = (len: number) => [...s.shape.slice(0, a), len, ...s.shape.slice(a)];
  return renamedCall(op, () => {
    const first = reshapeAs(s, along(1), op);
    if (n <= 1) return sliceAxis(first, a, 0, n, op);
    const last = reshapeAs(e, along(1), op);
    // start + i·(stop - start)/(num - 1) for i in 1..num-2, between start and stop themselves.
    const delta = gen.div(gen.sub(last, first), n - 1);
    const steps = range(1, n - 1, 1, s.dtype);
    const middle = gen.add(first, gen.mul(delta, reshapeAs(steps, along(n - 2).map((d, i) => (i === a ? d : 1)), op)));
    return concat([first, middle, last], a);
  });
}

// ---- contractions -------------------------------------------------------------------------------------------

/** tf.tensordot(a, b, axes): sums the products over `axes` — an integer N (the last N dims of a
 * with the first N of b) or a pair of axis lists — by transposing, reshaping and one matmul. */
export function tensordot(a: TensorLike, b: TensorLike, axes: number | readonly [number | readonly number[], number | readonly number[]]): Tensor {
  const op = 'tensordot';
  const ta = toTensor(a, undefined, op);
  const tb = toTensor(b, ta.dtype, op);
  let axesA: number[];
  let axesB: number[];
  if (typeof axes === 'number') {
    const n = checkInt(axes, op, 'axes');
    if (n < 0 || n > ta.rank || n > tb.rank) throw new Error(`${op}: axes ${n} must be in [0, ${Math.min(ta.rank, tb.rank)}] for ranks ${ta.rank} and ${tb.rank}.`);
    axesA = Array.from({ length: n }, (_, i) => ta.rank - n + i);
    axesB = Array.from({ length: n }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw new Error(`${op}: axes must be an integer or a pair of axis lists, got ${describe(axes)}.`);
    axesA = intList(axes[0], op, 'axes[0]').map((x) => normalizeAxis(x, ta.rank, op));
    axesB = intList(axes[1], op, 'axes[1]').map((x) => normalizeAxis(x, tb.rank, op));
    if (axesA.length !== axesB.length) throw new Error(`${op}: the axis lists have ${axesA.length} and ${axesB.length} axes; they must pair up.`);
  }
  axesA.forEach((x, i) => {
    if (ta.shape[x] !== tb.shape[axesB[i]!]) {
      throw new Error(`${op}: a's axis ${x} has size ${ta.shape[x]} but b's axis ${axesB[i]} has size ${tb.shape[axesB[i]!]} (shapes [${ta.shape}] and [${tb.shape}]).`);
    }
  });
  const freeA = ta.shape.map((_, d) => d).filter((d) => !axesA.includes(d));
  const freeB = tb.shape.map((_, d) => d).filter((d) => !axesB.includes(d));
  const prod = (t: Tensor, ds: number[]) => ds.reduce((acc, d) => acc * t.shape[d]!, 1);
  return renamedCall(op, () => {
    const ma = reshapeAs(permuted(ta, [...freeA, ...axesA]), [prod(ta, freeA), prod(ta, axesA)], op);
    const mb = reshapeAs(permuted(tb, [...axesB, ...freeB]), [prod(tb, axesB), prod(tb, freeB)], op);
    return reshapeAs(matmul(ma, mb), [...freeA.map((d) => ta.shape[d]!), ...freeB.map((d) => tb.shape[d]!)], op);
  });
}

/** transpose, skipped when `perm` keeps the order. */
function permuted(t: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, i) => p === i) ? t : transpose(t, perm);
}

/** An operand of an einsum on its way through: the tensor and one label per dim. */
interface Labeled {
  t: Tensor;
  labels: string[];
}

/** Labels of the broadcast dims an ellipsis stands for (not letters, so never confused with them). */
const ellipsisLabel = (k: number) => `...${k}`;

/** tf.einsum(equation, *inputs): Einstein summation, e.g. 'ij,jk->ik' (matmul), 'ii->' (trace),
 * 'ii->i' (diagonal), 'ij->ji', 'bij,bjk->bik', '...ij,...jk->...ik' (broadcast batch dims).
 * Without '->' the output is the labels that appear once, sorted. Repeated labels in one input
 * take its diagonal; labels summed away are reduced; each pair of inputs is contracted with one
 * batched matmul (more than two inputs: left to right). */
export function einsum(equation: string, ...inputs: TensorLike[]): Tensor {
  const op = 'einsum';
  if (typeof equation !== 'string') throw new Error(`${op}: equation must be a string like 'ij,jk->ik', got ${describe(equation)}.`);
  const eq = equation.replace(/\s+/g, '');
  const sides = eq.split('->');
  if (sides.length > 2) throw new Error(`${op}: equation '${equation}' has more than one '->'.`);
  const specs = sides[0]!.split(',');
  if (specs.length !== inputs.length) {
    throw new Error(`${op}: equation '${equation}' names ${specs.length} input(s) but ${inputs.length} tensor(s) were given.`);
  }
  if (inputs.length === 0) throw new Error(`${op}: expected at least one input tensor.`);
  const first = toTensor(inputs[0]!, undefined, op);
  const ts = inputs.map((x) => toTensor(x, first.dtype, op));

  /** Letters of one subscript, with '...' kept as one item. */
  const parse = (spec: string, where: string): string[] => {
    const items: string[] = [];
    for (let i = 0; i < spec.length; i++) {
      if (spec.startsWith('...', i)) {
        if (items.includes('...')) throw new Error(`${op}: ${where} '${spec}' has more than one ellipsis.`);
        items.push('...');
        i += 2;
      } else if (/[a-zA-Z]/.test(spec[i]!)) {
        items.push(spec[i]!);
      } else {
        throw new Error(`${op}: invalid character '${spec[i]}' in ${where} '${spec}'; use letters, and '...' for broadcast dims.`);
      }
    }
    return items;
  };
  const parsed = specs.map((s, i) => parse(s, `the subscripts of input ${i}`));
  const ellipsisDims = parsed.map((items, i) => {
    const named = items.filter((c) => c !== '...').length;
    const extra = ts[i]!.rank - named;
    if (extra < 0 || (extra > 0 && !items.includes('...'))) {
      throw new Error(`${op}: input ${i} has rank ${ts[i]!.rank} (shape [${ts[i]!.shape}]) but its subscripts '${specs[i]}' name ${named} dims.`);
    }
    return items.includes('...') ? extra : 0;
  });
  const broadcastRank = Math.max(0, ...ellipsisDims);
  const expand = (items: string[], count: number): string[] =>
    items.flatMap((c) => (c === '...' ? Array.from({ length: count }, (_, k) => ellipsisLabel(broadcastRank - count + k)) : [c]));
  const operands: Labeled[] = ts.map((t, i) => ({ t, labels: expand(parsed[i]!, ellipsisDims[i]!) }));

  // Sizes per label: named labels must agree; broadcast dims may also be 1.
  const size = new Map<string, number>();
  const seenIn = new Map<string, number>();
  operands.forEach(({ t, labels }, i) =>
    labels.forEach((l, d) => {
      const n = t.shape[d]!;
      const known = size.get(l);
      const broadcast = l.startsWith('...');
      if (known === undefined || (broadcast && known === 1)) {
        size.set(l, n);
        seenIn.set(l, i);
      } else if (n !== known && !(broadcast && n === 1)) {
        const what = broadcast ? `broadcast dim ${l.slice(3)} of '...'` : `label '${l}'`;
        throw new Error(`${op}: ${what} has size ${known} in input ${seenIn.get(l)} and size ${n} in input ${i}; sizes of a label must match.`);
      }
    }),
  );

  let output: string[];
  if (sides.length === 2) {
    const items = parse(sides[1]!, 'the output subscripts');
    if (broadcastRank > 0 && !items.includes('...')) {
      throw new Error(`${op}: the inputs have broadcast dims ('...') but the output subscripts '${sides[1]}' have no '...' to put them.`);
    }
    output = expand(items, broadcastRank);
    output.forEach((l, i) => {
      if (output.indexOf(l) !== i) throw new Error(`${op}: output label '${l}' appears more than once.`);
      if (!size.has(l)) throw new Error(`${op}: output label '${l}' appears in no input.`);
    });
  } else {
    const counts = new Map<string, number>();
    for (const { labels } of operands) for (const l of labels) if (!l.startsWith('...')) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort();
    output = [...Array.from({ length: broadcastRank }, (_, k) => ellipsisLabel(k)), ...once];
  }

  return renamedCall(op, () => {
    const needed = (rest: readonly Labeled[]) => new Set([...output, ...rest.flatMap((o) => o.labels)]);
    let acc = diagonals(operands[0]!);
    for (let k = 1; k < operands.length; k++) {
      acc = contract(acc, diagonals(operands[k]!), needed(operands.slice(k + 1)), size);
    }
    acc = sumAway(acc, needed([]));
    // Output labels no input kept (a broadcast dim every input had as 1) are already size 1 here.
    const perm = output.map((l) => acc.labels.indexOf(l));
    if (perm.some((p) => p < 0)) throw new Error(`${op}: internal error: labels [${acc.labels}] lack some of [${output}]`);
    return permuted(acc.t, perm);
  });
}

/** The diagonal over every label an operand repeats ('ii' -> 'i'): a mask of ones where the two
 * indices agree, multiplied in, then summed over the second copy. */
function diagonals(x: Labeled): Labeled {
  let { t, labels } = x;
  for (;;) {
    const q = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (q < 0) return { t, labels };
    const p = labels.indexOf(labels[q]!);
    const n = t.shape[p]!; // = t.shape[q]: einsum checked the sizes of every label
    const maskShape = t.shape.map((m, d) => (d === p || d === q ? m : 1));
    const mask = reshapeAs(eye(n, n, null, t.dtype), maskShape, 'einsum');
    t = gen.reduceSum(gen.mul(t, mask), q);
    labels = labels.filter((_, d) => d !== q);
  }
}

/** Sums the dims whose labels are not in `keep`. */
function sumAway(x: Labeled, keep: ReadonlySet<string>): Labeled {
  const axes = x.labels.flatMap((l, d) => (keep.has(l) ? [] : [d]));
  if (axes.length === 0) return x;
  return { t: gen.reduceSum(x.t, axes), labels: x.labels.filter((l) => keep.has(l)) };
}

/** Two operands contracted into one whose labels are those of `keep` they hold: labels in both
 * and kept are batch dims, in both and not kept are summed by the matmul, in one are free. */
function contract(a: Labeled, b: Labeled, keep: ReadonlySet<string>, size: ReadonlyMap<string, number>): Labeled {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  a = sumAway(a, new Set([...keep, ...inB]));
  b = sumAway(b, new Set([...keep, ...inA]));
  // A broadcast dim of size 1 on one side is broadcast to the other's size first.
  const widen = (x: Labeled): Tensor => {
    const full = x.labels.map((l, d) => (inA.has(l) && inB.has(l) ? size.get(l)! : x.t.shape[d]!));
    return full.every((n, d) => n === x.t.shape[d]) ? x.t : broadcastTo(x.t, full);
  };
  const ta = widen(a);
  const tb = widen(b);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = a.labels.filter((l) => !inB.has(l));
  const freeB = b.labels.filter((l) => !inA.has(l));
  const at = (x: Labeled, ls: string[]) => ls.map((l) => x.labels.indexOf(l));
  const dims = (x: Labeled, t: Tensor, ls: string[]) => at(x, ls).map((d) => t.shape[d]!);
  const count = (x: Labeled, t: Tensor, ls: string[]) => dims(x, t, ls).reduce((p, q) => p * q, 1);
  const batchDims = dims(a, ta, batch);
  const ma = reshapeAs(permuted(ta, at(a, [...batch, ...freeA, ...summed])), [...batchDims, count(a, ta, freeA), count(a, ta, summed)], 'einsum');
  const mb = reshapeAs(permuted(tb, at(b, [...batch, ...summed, ...freeB])), [...batchDims, count(b, tb, summed), count(b, tb, freeB)], 'einsum');
  const product = matmul(ma, mb);
  const shape = [...batchDims, ...dims(a, ta, freeA), ...dims(b, tb, freeB)];
  return { t: reshapeAs(product, shape, 'einsum'), labels: [...batch, ...freeA, ...freeB] };
}
