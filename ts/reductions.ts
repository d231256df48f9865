// Composite reductions and clipping, written as TensorFlow's Python writes them (math_ops.py,
// clip_ops.py) so values and gradients follow the same formulas: reduce_logsumexp,
// reduce_variance, reduce_std, cumulative_logsumexp, is_non_decreasing, clip_by_value,
// clip_by_norm, clip_by_global_norm, global_norm, add_n. Every step is a recorded table op.

import { type Axes, normalizeAxes } from './call';
import { floatOperand, reducedShape, sameShape, shapeText } from './composite';
import { fill, toTensor, zerosLike } from './creation';
import { customGradient } from './autodiff';
import { checkBoolean, checkOptions, describe, kerasArguments } from './describe';
import { type DType, checkDType } from './dtype';
import { InvalidArgumentError, tfError } from './errors';
import * as gen from './generated/ops';
import { cast, concat, reduceMean, renamedCall, reshape, stopGradient, where } from './ops';
import { reverse as reversed, sliceAxis } from './shape';
import { Tensor, type TensorLike } from './tensor';

/**
 * tf.math.reduce_logsumexp: log(Σ exp(x)) over `axis`, computed as m + log(Σ exp(x - m)) with
 * m the maximum (0 where the maximum is ±inf or NaN, so -inf rows give -inf, not NaN). As in
 * TensorFlow, m is under stop_gradient: the gradient is exactly softmax(x) along the axes.
 */
export function reduceLogSumExp(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const op = 'reduceLogSumExp';
  const t = floatOperand(x, op, 'input_tensor');
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, op);
  return renamedCall(op, () => {
    const rawMax = gen.reduceMax(t, axes, true);
    const max = stopGradient(where(gen.isFinite(rawMax), rawMax, 0));
    const result = gen.log(gen.reduceSum(gen.exp(gen.sub(t, max)), axes, keep));
    return gen.add(result, keep ? max : reshape(max, reducedShape(t.shape, axes)));
  });
}

/** tf.math.reduce_variance: mean((x - mean(x))²) over `axis` (the biased, population variance). */
export function reduceVariance(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const op = 'reduceVariance';
  const t = floatOperand(x, op, 'input_tensor');
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, op);
  return renamedCall(op, () => {
    const means = reduceMean(t, axes, true);
    return reduceMean(gen.square(gen.sub(t, means)), axes, keep);
  });
}

/** tf.math.reduce_std: sqrt(reduce_variance(x)). */
export function reduceStd(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const op = 'reduceStd';
  const t = floatOperand(x, op, 'input_tensor');
  const variance = reduceVariance(t, axis, keepdims);
  return renamedCall(op, () => gen.sqrt(variance));
}

/** tf.math.reduce_euclidean_norm: sqrt(Σ x²) over `axis` (its gradient x / norm is NaN where the
 * norm is 0, as TensorFlow's). Of an int32 tensor, as TensorFlow's kernel computes it: the squares
 * summed in int32, the square root truncated (`[[1, 2, 3], [1, 1, 1]]` gives 4). */
export function reduceEuclideanNorm(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const op = 'reduceEuclideanNorm';
  const t = toTensor(x, undefined, op);
  if (t.dtype === 'bool') {
    throw new Error(`${op}: input_tensor must be a float32, float64 or int32 tensor, got bool; cast it first, e.g. tf.cast(input_tensor, 'float32').`);
  }
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, op);
  return renamedCall(op, () => {
    const sumOfSquares = gen.reduceSum(gen.square(t), axes, keep);
    // float64 holds every int32 exactly, and its rounded root never reaches the next integer.
    return t.dtype === 'int32' ? cast(gen.sqrt(cast(sumOfSquares, 'float64')), 'int32') : gen.sqrt(sumOfSquares);
  });
}

/** tf.math.count_nonzero(input, axis=None, keepdims=None, dtype=int64): how many entries are not 0
 * (not false) over `axis`, cast to `dtype`; int32 when it is not given (TF's default is int64,
 * which gradtape does not have). NaN counts as nonzero. */
export function countNonzero(x: TensorLike, axis?: Axes, keepdims: boolean | null = false, dtype: DType | null = null): Tensor {
  const op = 'countNonzero';
  const t = toTensor(x, undefined, op);
  const keep = checkBoolean(keepdims ?? false, op, 'keepdims', false);
  const target = dtype === null || dtype === undefined ? 'int32' : checkDType(dtype, op);
  const axes = normalizeAxes(axis, t.rank, op);
  return renamedCall(op, () => cast(gen.reduceSum(cast(gen.notEqual(t, t.dtype === 'bool' ? false : 0), 'int32'), axes, keep), target));
}

/** TensorFlow's names of gradtape's dtypes in its op-definition errors. */
const TF_DTYPE_NAME: Readonly<Record<string, string>> = { float32: 'float', float64: 'double', bool: 'bool' };

/** TensorFlow's arguments of argmax and argmin after `input`, in its order. */
const ARG_REDUCE_NAMES: readonly string[] = ['axis', 'outputType', 'name'];

/** tf.math.argmax and argmin: the arguments after `input` (positional in TensorFlow's order
 * `axis, output_type, name`, or an options object), checked; the result is int32 whether
 * `output_type` is TensorFlow's default int64 or int32. */
function argReduce(tfOp: 'ArgMax' | 'ArgMin', input: TensorLike, args: readonly unknown[]): Tensor {
  // The common call, an axis alone (accuracy metrics make it every batch), needs no parsing.
  const first = args[0];
  if (args.length <= 1 && (first === undefined || first === null || typeof first === 'number')) {
    const axis = (first ?? 0) as number;
    return tfOp === 'ArgMax' ? gen.argmax(input, axis) : gen.argmin(input, axis);
  }
  const op = tfOp === 'ArgMax' ? 'argmax' : 'argmin';
  const names = ARG_REDUCE_NAMES;
  const o = checkOptions(kerasArguments(op, args, names, names, { library: 'TensorFlow', keywords: [] }), op, names, "{axis: 1, outputType: 'int64'}");
  if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(o.name)}.`);
  const outputType = o.outputType ?? 'int64';
  if (outputType !== 'int64' && outputType !== 'int32') {
    // TensorFlow's ArgMax and ArgMin take output_type int16, uint16, int32 or int64; gradtape has
    // only int32 of those (its int64 results are int32). A type gradtape lacks (int16 among them)
    // is checkDType's error; one it has is TensorFlow's.
    const tfName = typeof outputType === 'string' ? TF_DTYPE_NAME[outputType] : undefined;
    if (tfName === undefined) checkDType(outputType, op);
    throw tfError(InvalidArgumentError, `${op}: Value for attr 'output_type' of ${tfName} is not in the list of allowed values: int16, uint16, int32, int64 [Op:${tfOp}]. gradtape's indices are int32 (for int32 or TensorFlow's default int64); cast them after, e.g. tf.cast(tf.math.${op}(x), ${describe(outputType)}).`);
  }
  const axis = o.axis ?? 0;
  return tfOp === 'ArgMax' ? gen.argmax(input, axis as number) : gen.argmin(input, axis as number);
}

/**
 * tf.math.argmax(input, axis=None, output_type=tf.int64, name=None): the index of the largest
 * value along `axis` (None: 0; negative counts from the end), the first one on a tie. TensorFlow
 * returns int64 indices by default, or int32 with `output_type`; gradtape's are int32 for both
 * (its int64 results are int32). Python's keywords come in a last options object:
 * `tf.math.argmax(logits, 1, { outputType: 'int64' })`.
 *
 * @example
 * ```ts
 * const logits = tf.constant([[0.1, 2, -1], [3, 0, 3]]);
 * console.log(tf.math.argmax(logits, 1, { outputType: 'int64' }).toString()); // tf.Tensor([1 0], shape=(2,), dtype=int32)
 * console.log(tf.argmax(logits).arraySync(), tf.argmax(logits, 1, 'int32').dtype); // [ 1, 0, 1 ] int32
 * ```
 */
export function argmax(input: TensorLike, ...args: ArgReduceArguments): Tensor {
  return argReduce('ArgMax', input, args);
}

/**
 * tf.math.argmin(input, axis=None, output_type=tf.int64, name=None): the index of the smallest
 * value along `axis` (None: 0; negative counts from the end), the first one on a tie. The indices
 * are int32 for `output_type` int32 or TensorFlow's default int64, as {@link argmax}'s are.
 *
 * @example
 * ```ts
 * console.log(tf.math.argmin(tf.constant([[0.1, 2, -1], [3, 0, 3]]), { axis: 1 }).arraySync()); // [ 2, 1 ]
 * ```
 */
export function argmin(input: TensorLike, ...args: ArgReduceArguments): Tensor {
  return argReduce('ArgMin', input, args);
}

/** Options of `tf.math.argmax` and `tf.math.argmin` (TensorFlow's keyword arguments). */
export interface ArgReduceOptions {
  /** The axis to reduce (default 0, as TensorFlow's None; negative counts from the end). */
  axis?: number | null;
  /** TensorFlow's `output_type`: 'int64' (its default) or 'int32'; the indices are int32 either way. */
  outputType?: 'int32' | 'int64' | null;
  /** TensorFlow's op name (unused in eager execution). */
  name?: string | null;
}

/** argmax's and argmin's arguments after `input`: TensorFlow's positional ones, an options object,
 * or positional ones followed by an options object of the rest. */
type ArgReduceArguments =
  | [options?: ArgReduceOptions]
  | [axis?: number | null, outputType?: 'int32' | 'int64' | null, name?: string | null]
  | [axis: number | null, options: Omit<ArgReduceOptions, 'axis'>]
  | [axis: number | null, outputType: 'int32' | 'int64' | null, options: Pick<ArgReduceOptions, 'name'>];

/**
 * tf.clip_by_value(t, clip_value_min, clip_value_max) = maximum(minimum(t, max), min). The bounds
 * may be numbers or tensors that broadcast to t's shape (never changing it). The gradient passes
 * where min <= t <= max (ties included, as TensorFlow's minimum/maximum gradients do), 0 outside.
 */
export function clipByValue(t: TensorLike, clipValueMin: TensorLike, clipValueMax: TensorLike): Tensor {
  const op = 'clipByValue';
  const values = toTensor(t, undefined, op);
  if (clipValueMin === undefined || clipValueMax === undefined) {
    throw new Error(`${op}: pass both bounds, e.g. tf.clipByValue(t, 0, 1); got ${describe(clipValueMin)} and ${describe(clipValueMax)}.`);
  }
  return renamedCall(op, () => {
    const tMin = gen.minimum(values, clipValueMax);
    const tMax = gen.maximum(tMin, clipValueMin);
    // TensorFlow asserts the shape is unchanged: clipping must not broadcast t.
    if (!sameShape(tMax.shape, values.shape)) {
      throw new Error(
        `${op}: the bounds would broadcast t of shape ${shapeText(values.shape)} to ${shapeText(tMax.shape)}; ` +
          "bounds must be scalars or broadcast to t's shape.",
      );
    }
    return tMax;
  });
}

/**
 * tf.clip_by_norm(t, clip_norm, axes=None): t · clip_norm / max(‖t‖₂, clip_norm), the L2 norm
 * taken over `axes` (all of t when absent), so slices with a norm above clip_norm are scaled down
 * to it and the others are unchanged. As in TensorFlow the square root is guarded (an all-zero t
 * has a zero gradient, not NaN) and the norm is not under stop_gradient.
 */
export function clipByNorm(t: TensorLike, clipNorm: TensorLike, axes?: Axes): Tensor {
  const op = 'clipByNorm';
  const values = floatOperand(t, op, 't');
  if (clipNorm === undefined || clipNorm === null) throw new Error(`${op}: pass clipNorm, e.g. tf.clipByNorm(t, 1.0).`);
  const clip = toTensor(clipNorm, values.dtype, op);
  if (clip.dtype !== values.dtype) throw new Error(`${op}: clipNorm is ${clip.dtype} but t is ${values.dtype}.`);
  if (clip.rank !== 0) throw new Error(`${op}: clipNorm must be a scalar (0-D), got shape ${shapeText(clip.shape)}.`);
  const dims = normalizeAxes(axes, values.rank, op);
  return renamedCall(op, () => {
    const l2sum = gen.reduceSum(gen.mul(values, values), dims, true);
    const pred = gen.greater(l2sum, 0);
    const l2sumSafe = where(pred, l2sum, 1);
    const l2norm = where(pred, gen.sqrt(l2sumSafe), l2sum);
    return gen.div(gen.mul(values, clip), gen.maximum(l2norm, clip));
  });
}

/**
 * tf.clip_by_global_norm(t_list, clip_norm, use_norm=None): scales every tensor of `tList` by
 * clip_norm / max(global_norm, clip_norm), global_norm = sqrt(Σ ‖t‖₂²) over the whole list (null
 * entries are skipped and stay null). Returns `[clipped, globalNorm]` as TensorFlow returns the
 * pair. A non-finite global norm makes every entry NaN, as in TensorFlow.
 */
export function clipByGlobalNorm(tList: readonly (TensorLike | null)[], clipNorm: TensorLike, useNorm?: TensorLike): [(Tensor | null)[], Tensor] {
  const op = 'clipByGlobalNorm';
  if (!Array.isArray(tList)) throw new Error(`${op}: tList must be an array of tensors, got ${describe(tList)}.`);
  const list = tList.map((v, i) => (v === null || v === undefined ? null : floatOperand(v, op, `tList[${i}]`)));
  const present = list.filter((v): v is Tensor => v !== null);
  if (useNorm === undefined && present.length === 0) throw new Error(`${op}: tList has no tensors to take the global norm of.`);
  const dtype = present[0]?.dtype ?? toTensor(useNorm!, undefined, op).dtype;
  for (const v of present) {
    if (v.dtype !== dtype) throw new Error(`${op}: all tensors must have the same dtype; got ${dtype} and ${v.dtype}.`);
  }
  const clip = toTensor(clipNorm, dtype, op);
  if (clip.rank !== 0) throw new Error(`${op}: clipNorm must be a scalar (0-D), got shape ${shapeText(clip.shape)}.`);
  return renamedCall(op, () => {
    const norm = useNorm !== undefined && useNorm !== null ? toTensor(useNorm, dtype, op) : globalNormOf(present);
    // clip_norm · min(1 / norm, 1 / clip_norm), plus (norm - norm) so an inf or NaN norm gives NaN.
    const scale = gen.add(gen.mul(clip, gen.minimum(gen.div(1, norm), gen.div(1, clip))), gen.sub(norm, norm));
    return [list.map((v) => (v === null ? null : gen.mul(v, scale))), norm] as [(Tensor | null)[], Tensor];
  });
}

/** √(Σ ‖t‖²) over `tensors`, as TensorFlow's global_norm computes it (half squared norms, summed, doubled). */
function globalNormOf(tensors: readonly Tensor[]): Tensor {
  return gen.sqrt(gen.mul(tensors.map((v) => gen.mul(gen.reduceSum(gen.square(v)), 0.5)).reduce((a, b) => gen.add(a, b)), 2));
}

/** tf.linalg.global_norm(t_list): √(Σ ‖t‖²) over the tensors of the list (null entries skipped). */
export function globalNorm(tList: readonly (TensorLike | null)[]): Tensor {
  const op = 'globalNorm';
  if (!Array.isArray(tList)) throw new Error(`${op}: tList must be an array of tensors, got ${describe(tList)}.`);
  const present = tList.flatMap((v, i) => (v === null || v === undefined ? [] : [floatOperand(v, op, `tList[${i}]`)]));
  if (present.length === 0) throw new Error(`${op}: tList has no tensors to take the global norm of.`);
  for (const v of present) {
    if (v.dtype !== present[0]!.dtype) throw new Error(`${op}: all tensors must have the same dtype; got ${present[0]!.dtype} and ${v.dtype}.`);
  }
  return renamedCall(op, () => globalNormOf(present));
}

/** log(e^a + e^b) without overflow: m + log(e^(a-m) + e^(b-m)) with m = max(a, b) (0 where that
 * is infinite, so -∞ with -∞ gives -∞ and ∞ gives ∞). Its gradient is the pair's softmax
 * weights, 0 for an entry of -∞ (and for two of them, where the weights are 0/0), as TensorFlow's. */
function logAddExp(a: Tensor, b: Tensor): Tensor {
  const rule = customGradient((p: Tensor, q: Tensor) => {
    const largest = gen.maximum(p, q);
    const m = where(gen.isFinite(largest), largest, zerosLike(largest));
    const [ep, eq] = [gen.exp(gen.sub(p, m)), gen.exp(gen.sub(q, m))];
    const total = gen.add(ep, eq);
    return [gen.add(m, gen.log(total)), (dy: Tensor) => [gen.mul(dy, gen.divNoNan(ep, total)), gen.mul(dy, gen.divNoNan(eq, total))]];
  });
  return rule(a, b);
}

/**
 * tf.math.cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False): log Σ_{j≤i} e^x_j
 * along `axis`, computed in log space (pairs combined as max + log1p(e^-|a - b|), the spans
 * doubling: log₂ n steps), so entries far below the others are not lost to underflow. With
 * `exclusive` entry i leaves out x_i (the first is -Infinity); with `reverse` the sums run from
 * the end.
 *
 * @example
 * ```ts
 * console.log(tf.math.cumulativeLogsumexp(tf.constant([-1000, 0, 0], 'float64')).arraySync().map((v) => v.toFixed(4))); // [ '-1000.0000', '0.0000', '0.6931' ]
 * ```
 */
export function cumulativeLogsumexp(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  const op = 'cumulativeLogsumexp';
  const t = floatOperand(x, op, 'x');
  if (t.rank === 0) throw new Error(`${op}: x must have rank >= 1, got a scalar.`);
  const a = normalizeAxes(axis, t.rank, op);
  if (a.length !== 1 || typeof axis !== 'number') throw new Error(`${op}: axis must be one integer, got ${describe(axis)}.`);
  const ax = a[0]!;
  const ex = checkBoolean(exclusive, op, 'exclusive', false);
  const rev = checkBoolean(reverse, op, 'reverse', false);
  const n = t.shape[ax]!;
  return renamedCall(op, () => {
    let y = rev ? reversed(t, [ax]) : t;
    // Inclusive scan by doubling: after the step with span s, entry i holds the log-sum of the
    // (up to) 2s entries ending at i.
    for (let span = 1; span < n; span *= 2) {
      const head = sliceAxis(y, ax, 0, span, op);
      const combined = logAddExp(sliceAxis(y, ax, span, n - span, op), sliceAxis(y, ax, 0, n - span, op));
      y = concat([head, combined], ax);
    }
    if (ex && n > 0) y = concat([fill(t.shape.map((d, i) => (i === ax ? 1 : d)), -Infinity, t.dtype), sliceAxis(y, ax, 0, n - 1, op)], ax);
    return rev ? reversed(y, [ax]) : y;
  });
}

/** Whether each entry of `x` (in row-major order) is at least (`strict`: more than) the one before. */
function ordered(op: string, x: TensorLike, strict: boolean): Tensor {
  const t = toTensor(x, undefined, op);
  if (t.dtype === 'bool') throw new Error(`${op}: x must be numeric, got a bool tensor.`);
  return renamedCall(op, () => {
    const flat = reshape(t, [-1]);
    // Each entry beside the one before; none for 0 or 1 entries, whose (empty) all is true.
    const pairs = Math.max(t.size - 1, 0);
    const [next, prev] = [sliceAxis(flat, 0, Math.min(1, t.size), pairs, op), sliceAxis(flat, 0, 0, pairs, op)];
    return gen.reduceAll(strict ? gen.greater(next, prev) : gen.greaterEqual(next, prev));
  });
}

/** tf.math.is_non_decreasing(x): true when each entry (in row-major order) is at least the one
 * before (and for 0 or 1 entries), a bool scalar. */
export function isNonDecreasing(x: TensorLike): Tensor {
  return ordered('isNonDecreasing', x, false);
}

/** tf.math.is_strictly_increasing(x): true when each entry (in row-major order) is more than the
 * one before (and for 0 or 1 entries), a bool scalar. */
export function isStrictlyIncreasing(x: TensorLike): Tensor {
  return ordered('isStrictlyIncreasing', x, true);
}

/** tf.math.add_n: the elementwise sum of tensors of one shape and dtype (no broadcasting). */
export function addN(inputs: readonly TensorLike[]): Tensor {
  const op = 'addN';
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new Error(`${op}: inputs must be a non-empty array of tensors with the same dtype and shape, got ${describe(inputs)}.`);
  }
  const first = toTensor(inputs[0]!, undefined, op);
  const tensors = inputs.map((v) => toTensor(v, first.dtype, op));
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype || !sameShape(t.shape, first.shape)) {
      throw new Error(
        `${op}: inputs must all have the same dtype and shape; input 0 is ${first.dtype} ${shapeText(first.shape)} ` +
          `but input ${i} is ${t.dtype} ${shapeText(t.shape)}.`,
      );
    }
  });
  if (tensors.length === 1) return first;
  return renamedCall(op, () => tensors.reduce((sum, t) => gen.add(sum, t)));
}
