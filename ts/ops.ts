// Ops whose wrappers are written by hand: their arguments need more than the generated families
// give (shapes, permutations, lists of tensors, dtypes), or they are composites of table ops.
// Every one ends in `callOp` (ts/call.ts) or in other ops, so a tape records each primitive.
// The elementwise ops, reductions, comparisons and their Tensor methods are generated from the
// op table (ts/generated/ops.ts).

import { customGradient } from './autodiff';
import { whereIndices } from './indexing';
import { type Axes, callOp, intsOfTensor, normalizeAxes, normalizeAxis, numberOperand } from './call';
import { type ShapeLike, checkShape, toTensor, makeConstant } from './creation';
import { checkBoolean, describe } from './describe';
import { type DType, allocHost, bytesPerElement, checkDType } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { InvalidArgumentError, tfError, withMessage } from './errors';
import { Tensor, type TensorLike, checkLive, fromHost, handleOf, wrap } from './tensor';
import { traceHostValue } from './host-steps';
import { W, codes, writeScratch } from './wasm/runtime';

/**
 * tf.math.reduce_mean: the mean over `axis` (all axes when omitted), keeping the reduced axes with
 * length 1 when `keepdims`; integer tensors divide with truncation, as in TensorFlow.
 *
 * @example
 * ```ts
 * const x = tf.constant([[1, 2], [3, 6]]);
 * console.log(tf.reduceMean(x).item(), tf.reduceMean(x, 0).arraySync(), x.reduceMean(1, true).arraySync()); // 3 [ 2, 4 ] [ [ 1.5 ], [ 4.5 ] ]
 * ```
 */
export function reduceMean(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const t = toTensor(x, undefined, 'reduceMean');
  const keep = checkBoolean(keepdims, 'reduceMean', 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, 'reduceMean');
  let count = 1;
  for (const a of axes) count *= t.shape[a]!;
  if (t.dtype === 'int32') {
    // TensorFlow sums int32 in int64 (reduction_ops.h), so the mean of large values does not wrap:
    // float64 sums them exactly (below 2^22 elements), and the cast truncates the quotient toward
    // zero, as int64 division does (an empty mean, 0/0, casts to 0, TensorFlow's too).
    const wide = callOp(OP.cast, [t], [codes.dtype.float64!], 'reduceMean');
    const total = callOp(OP.reduceSum, [wide], [axes.length, ...axes, keep ? 1 : 0], 'reduceMean');
    return renamedCall('reduceMean', () => cast(numberOperand(OP.div, total, count, 0), 'int32'));
  }
  const total = callOp(OP.reduceSum, [t], [axes.length, ...axes, keep ? 1 : 0], 'reduceMean');
  return renamedCall('reduceMean', () => numberOperand(OP.div, total, count, 0));
}

/**
 * tf.linalg.matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
 * a_is_sparse=False, b_is_sparse=False, output_type=None): the matrix product `a @ b` over the last
 * two axes, with leading (batch) axes broadcast; `transposeA` / `transposeB` transpose an
 * operand's last two axes first, and so do `adjointA` / `adjointB` (the conjugate transpose of a
 * real matrix; at most one of the two per operand, as in TensorFlow). Both operands must have the
 * same dtype (float32, float64 or int32). The sparsity hints change only TensorFlow's algorithm,
 * never the values, so they are checked and otherwise unused; `outputType` may only name the
 * operands' dtype (TensorFlow's other output types are for int8 operands, which gradtape lacks).
 *
 * @example
 * ```ts
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.matmul(a, [[1], [1]]).arraySync());    // [ [ 3 ], [ 7 ] ]
 * console.log(a.matmul(a, true, false).arraySync());    // [ [ 10, 14 ], [ 14, 20 ] ]
 * ```
 */
export function matmul(
  a: TensorLike, b: TensorLike, transposeA = false, transposeB = false, adjointA = false, adjointB = false,
  aIsSparse = false, bIsSparse = false, outputType: DType | null = null,
): Tensor {
  if (typeof transposeA !== 'boolean' || typeof transposeB !== 'boolean') {
    throw new Error(`matmul: transposeA and transposeB must be booleans, got ${describe(transposeA)} and ${describe(transposeB)}.`);
  }
  if (typeof adjointA !== 'boolean' || typeof adjointB !== 'boolean' || typeof aIsSparse !== 'boolean' || typeof bIsSparse !== 'boolean') {
    throw new Error(`matmul: adjointA, adjointB, aIsSparse and bIsSparse must be booleans, got ${[adjointA, adjointB, aIsSparse, bIsSparse].map(describe).join(', ')}.`);
  }
  if ((transposeA && adjointA) || (transposeB && adjointB)) {
    throw new Error('matmul: only one of transposeA and adjointA (and of transposeB and adjointB) can be true; for real matrices they mean the same.');
  }
  const ta = toTensor(a, undefined, 'matmul');
  const tb = toTensor(b, ta.dtype, 'matmul');
  if (outputType !== null && outputType !== undefined && outputType !== ta.dtype) {
    throw new Error(`matmul: outputType ${describe(outputType)} differs from the operands' dtype ${ta.dtype}; leave it null, or cast the product, e.g. tf.cast(tf.matmul(a, b), ${describe(outputType)}).`);
  }
  return callOp(OP.matmul, [ta, tb], [transposeA || adjointA ? 1 : 0, transposeB || adjointB ? 1 : 0]);
}

/** tf.reshape: the same values (row-major order) in a new shape; one entry may be -1, inferred from the size. */
export function reshape(x: TensorLike, shape: ShapeLike): Tensor {
  const t = toTensor(x, undefined, 'reshape');
  shape = intsOfTensor(shape, 'reshape', 'shape') as ShapeLike;
  if (!Array.isArray(shape)) throw new Error(`reshape: shape must be an array of integers, got ${describe(shape)}.`);
  const dims = Array.from(shape);
  let known = 1;
  let inferred = -1;
  dims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < -1 || d > 2 ** 31 - 1) {
      throw new Error(`reshape: shape [${dims.map(describe).join(', ')}] is invalid: dimensions must be integers >= 0, or -1 once to infer one.`);
    }
    if (d === -1) {
      if (inferred !== -1) throw new Error(`reshape: shape [${dims.map(describe).join(', ')}] has more than one -1; only one dimension can be inferred.`);
      inferred = i;
    } else known *= d;
  });
  if (inferred !== -1) {
    // As TensorFlow's kernel (reshape_op.h) infers -1 beside a 0: zero dims are left out of both
    // products, so zeros([0, 3]) reshaped to [-1, 0] is [3, 0].
    const hasZero = dims.includes(0);
    const product = dims.reduce((p, d) => (d > 0 ? p * d : p), 1);
    let count = 1;
    for (const d of t.shape) if (d > 0 || !hasZero) count *= d;
    const missing = Math.floor(count / product);
    dims[inferred] = missing;
    if ((t.size > 0 && product * missing !== count) || dims.reduce((p, d) => p * d, 1) !== t.size) {
      dims[inferred] = -1;
      throw tfError(InvalidArgumentError, `reshape: cannot reshape a tensor of shape [${t.shape.join(', ')}] (${t.size} elements) to [${dims.map(describe).join(', ')}].`);
    }
  } else if (known !== t.size) {
    throw tfError(
      InvalidArgumentError,
      `reshape: cannot reshape a tensor of shape [${t.shape.join(', ')}] (${t.size} elements) to [${dims.map(describe).join(', ')}] (${known} elements); the sizes must match.`,
    );
  }
  return callOp(OP.reshape, [t], [dims.length, ...dims]);
}

/** Permutes axes; without `perm` (undefined or null, TensorFlow's None) reverses them. */
export function transpose(x: TensorLike, perm?: readonly number[] | null): Tensor {
  const t = toTensor(x, undefined, 'transpose');
  if (perm !== undefined && perm !== null && !Array.isArray(perm)) {
    throw new Error(`transpose: perm must be an array of axes, got ${describe(perm)}.`);
  }
  const p = perm === undefined || perm === null ? Array.from({ length: t.rank }, (_, i) => t.rank - 1 - i) : Array.from(perm);
  if (p.length !== t.rank || p.some((a) => !Number.isInteger(a))) {
    throw new Error(`transpose: perm [${p.map(describe).join(', ')}] must list each of the ${t.rank} axes of shape [${t.shape.join(', ')}] once.`);
  }
  const normalized = p.map((a) => normalizeAxis(a, t.rank, 'transpose'));
  return callOp(OP.transpose, [t], [normalized.length, ...normalized]);
}

/** tf.broadcast_to: `x` repeated along new or length-1 axes to `shape`, by NumPy's broadcasting rules. */
export function broadcastTo(x: TensorLike, shape: ShapeLike): Tensor {
  const t = toTensor(x, undefined, 'broadcastTo');
  const dims = checkShape(shape, 'broadcastTo');
  return callOp(OP.broadcastTo, [t], [dims.length, ...dims]);
}

/** tf.concat: the tensors joined along `axis` (their other dimensions must match). */
export function concat(values: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error('concat: expected a non-empty array of tensors, e.g. tf.concat([a, b], 1).');
  }
  const first = toTensor(values[0]!, undefined, 'concat');
  const tensors = values.map((v) => toTensor(v, first.dtype, 'concat'));
  return callOp(OP.concat, tensors, [normalizeAxis(axis, first.rank, 'concat')]);
}

/** tf.cast: the values converted to `dtype` (float to int32 truncates toward zero, as in TensorFlow;
 * anything to bool is `x != 0`). The gradient flows between float dtypes only. */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const target = checkDType(dtype, 'cast');
  const t = checkLive(toTensor(x, undefined, 'cast'), 'cast');
  // Same dtype: the tensor itself, as in TensorFlow; a Variable is read into a new tensor.
  if (t.dtype === target) return t._isVar ? (t as unknown as { value(): Tensor }).value() : t;
  return callOp(OP.cast, [t], [codes.dtype[target]!]);
}

/**
 * tf.bitcast(input, type): the bytes of `input` read as `type` (little-endian, as TensorFlow on
 * x86 and ARM): the same shape between dtypes of one size; going to a smaller one adds a last
 * dimension of the size ratio, going to a larger one takes it away (the last dimension must be
 * the ratio). Of the dtypes here, float32 and int32 share a size and float64 is twice it. Not
 * differentiable: the result is a constant to a tape (TensorFlow registers no gradient).
 *
 * @example
 * ```ts
 * console.log(tf.bitcast(tf.constant([1, -2]), 'int32').arraySync()); // [ 1065353216, -1073741824 ]
 * console.log(tf.bitcast(tf.constant([1], 'float64'), 'int32').arraySync()); // [ [ 0, 1072693248 ] ]
 * ```
 */
export function bitcast(input: TensorLike, type: DType): Tensor {
  const op = 'bitcast';
  const x = checkLive(toTensor(input, undefined, op), op);
  checkDType(type, op);
  if (x.dtype === 'bool' || type === 'bool') {
    throw tfError(InvalidArgumentError, `${op}: bool is not one of the dtypes bitcast takes (float32, int32, float64).`);
  }
  const from = bytesPerElement(x.dtype), to = bytesPerElement(type);
  if (from === to) return hostBitcast(x, x.shape.slice(), type); // (a new tensor, of a variable too)
  if (from > to) return hostBitcast(x, [...x.shape, from / to], type);
  if (x.rank === 0 || x.shape[x.rank - 1] !== to / from) {
    throw tfError(InvalidArgumentError, `${op}: Cannot bitcast from ${x.dtype} to ${type}: the last dimension of shape [${x.shape.join(', ')}] must be ${to / from}.`);
  }
  return hostBitcast(x, x.shape.slice(0, -1), type);
}

/** `x`'s bytes as a tensor of `shape` and `type`, read in JavaScript (again at every call of a
 * compiled function, as a host step). */
function hostBitcast(x: Tensor, shape: number[], type: DType): Tensor {
  return traceHostValue(([t]) => {
    const data = t!.dataSync() as Float32Array | Int32Array | Float64Array;
    const out = allocHost(type, data.byteLength / bytesPerElement(type));
    new Uint8Array(out.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return fromHost(out, shape, type);
  }, [x]);
}

/** Identity whose result no tape differentiates through. */
export function stopGradient(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'stopGradient');
  return wrap(W.gt_stop_gradient(handleOf(t, 'stopGradient')), 'stopGradient');
}

/** tf.where(condition, x, y): elements of x where condition is true, of y elsewhere; the three
 * broadcast together. With the condition alone, the int32 coordinates of its true entries,
 * `[numTrue, rank]` (see `whereIndices`). */
export function where(condition: TensorLike, x?: TensorLike, y?: TensorLike): Tensor {
  if (x === undefined && y === undefined) return whereIndices(condition);
  if (x === undefined || y === undefined) throw new Error('where: x and y must both be given or both be left out.');
  const c = toTensor(condition, 'bool', 'where');
  let tx: Tensor;
  let ty: Tensor;
  if (x instanceof Tensor || !(y instanceof Tensor)) {
    tx = toTensor(x, undefined, 'where');
    ty = toTensor(y, tx.dtype, 'where');
  } else {
    ty = y;
    tx = toTensor(x, ty.dtype, 'where');
  }
  return callOp(OP.where, [c, tx, ty]);
}

/**
 * tf.math.betainc(a, b, x): the regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b),
 * elementwise with the three broadcast together (TensorFlow itself takes equal shapes or scalars).
 * 0 at x = 0 and 1 at x = 1; NaN where a <= 0, b <= 0 or x is outside [0, 1]. Float32 and float64;
 * numbers and arrays take the dtype of the first tensor argument. As in TensorFlow, only x gets a
 * gradient (the beta density x^(a-1) (1-x)^(b-1) / B(a, b)); a and b get none.
 *
 * @example
 * ```ts
 * console.log(tf.math.betainc(2, 3, [0, 0.25, 0.5, 1]).arraySync()); // [ 0, 0.26171875, 0.6875, 1 ]
 * ```
 */
export function betainc(a: TensorLike, b: TensorLike, x: TensorLike): Tensor {
  const op = 'betainc';
  const first = [a, b, x].find((v): v is Tensor => v instanceof Tensor);
  const dtype = first?.dtype;
  return callOp(OP.betainc, [toTensor(a, dtype, op), toTensor(b, dtype, op), toTensor(x, dtype, op)]);
}

/**
 * tf.nn.softmax(logits, axis = -1): computed after subtracting the maximum, never overflows.
 *
 * @example
 * ```ts
 * console.log(tf.nn.softmax([1000, 1000]).arraySync()); // [ 0.5, 0.5 ]
 * ```
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  const t = toTensor(logits, undefined, 'softmax');
  return callOp(OP.softmax, [t], [normalizeAxis(axis, t.rank, 'softmax')]);
}

/** tf.nn.log_softmax(logits, axis = -1) = logits - logSumExp(logits). */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const t = toTensor(logits, undefined, 'logSoftmax');
  return callOp(OP.logSoftmax, [t], [normalizeAxis(axis, t.rank, 'logSoftmax')]);
}

/**
 * tf.math.reciprocal_no_nan(x): 1/x, and 0 where x is 0 (TensorFlow's `div_no_nan(1, x)`, its
 * gradient included).
 *
 * @example
 * ```ts
 * console.log(tf.math.reciprocalNoNan([2, 0, -4]).arraySync()); // [ 0.5, 0, -0.25 ]
 * ```
 */
export function reciprocalNoNan(x: TensorLike): Tensor {
  const op = 'reciprocalNoNan';
  const t = toTensor(x, undefined, op);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new Error(`${op}: x must be a float32 or float64 tensor, got ${t.dtype}; cast it first, e.g. tf.cast(x, 'float32').`);
  }
  return renamedCall(op, () => gen.divNoNan(1, t));
}

/**
 * tf.math.multiply_no_nan(x, y): x·y, and 0 where y is 0 even when x is infinite or NaN; its
 * gradient is TensorFlow's (dx = multiply_no_nan(dy, y), dy = multiply_no_nan(x, dy)).
 *
 * @example
 * ```ts
 * console.log(tf.math.multiplyNoNan([Infinity, NaN, 2], [0, 0, 3]).arraySync()); // [ 0, 0, 6 ]
 * ```
 */
export function multiplyNoNan(x: TensorLike, y: TensorLike): Tensor {
  const op = 'multiplyNoNan';
  const a = x instanceof Tensor ? x : toTensor(x, y instanceof Tensor ? y.dtype : undefined, op);
  const b = toTensor(y, a.dtype, op);
  if (a.dtype !== 'float32' && a.dtype !== 'float64') throw new Error(`${op}: x must be a float32 or float64 tensor, got ${a.dtype}.`);
  if (b.dtype !== a.dtype) throw new Error(`${op}: x and y must have one dtype, got ${a.dtype} and ${b.dtype}; cast one with tf.cast.`);
  // (Made at the call: ops.ts and autodiff.ts import each other, so not when this module loads.)
  const rule = customGradient((p: Tensor, q: Tensor) => {
    // (q·0 is 0 where it is taken: where q is 0.)
    const product = where(gen.equal(q, 0), gen.mul(q, 0), gen.mul(p, q));
    return [product, (dy: Tensor) => [multiplyNoNan(dy, q), multiplyNoNan(p, dy)]];
  });
  return renamedCall(op, () => rule(a, b));
}

/** tf.math.scalar_mul(scalar, x): x times the number (or 0-D tensor) `scalar`. */
export function scalarMul(scalar: TensorLike, x: TensorLike): Tensor {
  const op = 'scalarMul';
  const t = toTensor(x, undefined, op);
  const s = toTensor(scalar, t.dtype, op);
  if (s.rank !== 0) throw new Error(`${op}: scalar must be a number or a 0-D tensor, got shape [${s.shape.join(', ')}].`);
  return renamedCall(op, () => gen.mul(s, t));
}

/**
 * tf.math.lbeta(x): the log of the multivariate beta function along the last axis,
 * Σ lgamma(x) - lgamma(Σ x), `[..., n]` -> `[...]` (0 for an empty last axis, as in TensorFlow).
 */
export function lbeta(x: TensorLike): Tensor {
  const op = 'lbeta';
  const t = toTensor(x, undefined, op);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`${op}: x must be a float32 or float64 tensor, got ${t.dtype}.`);
  if (t.rank === 0) throw new Error(`${op}: x must have rank >= 1 (its last axis is reduced), got a scalar.`);
  return renamedCall(op, () => {
    if (t.shape[t.rank - 1] === 0) return gen.reduceSum(t, -1); // zeros: the empty sum and log(1/1)
    return gen.sub(gen.reduceSum(gen.lgamma(t), -1), gen.lgamma(gen.reduceSum(t, -1)));
  });
}

/** tf.math.polyval: coefficients highest power first, by Horner's rule p = c0·x^(n-1) + … + c(n-1).
 * As in TensorFlow, no coefficients give zeros like x, and coefficients are converted to tensors
 * (a Variable is read, so its gradient flows). */
export function polyval(coeffs: readonly TensorLike[], x: TensorLike): Tensor {
  if (!Array.isArray(coeffs)) throw new Error(`polyval: coeffs must be an array of tensors or numbers, highest power first; got ${describe(coeffs)}.`);
  const t = toTensor(x, undefined, 'polyval');
  handleOf(t, 'polyval');
  const cs = coeffs.map((c: TensorLike, i) => {
    // Tensors and typed arrays keep their dtype; numbers and nested arrays take x's.
    const ct = makeConstant(c, c instanceof Tensor || ArrayBuffer.isView(c) ? undefined : t.dtype, 'polyval');
    if (ct.dtype !== t.dtype) {
      throw new Error(`polyval: coefficient ${i} is ${ct.dtype} but x is ${t.dtype}; cast one of them, e.g. tf.cast(c, '${t.dtype}').`);
    }
    handleOf(ct, 'polyval'); // a disposed coefficient fails here, under this function's name
    return ct;
  });
  if (cs.length === 0) return wrap(fillLike(t), 'polyval');
  let p = cs[0]!;
  return renamedCall('polyval', () => {
    for (let i = 1; i < cs.length; i++) p = gen.add(gen.mul(p, t), cs[i]!);
    return p;
  });
}

/** Runs a composite; an inner op's error names the public function the user called. */
export function renamedCall<T = Tensor>(op: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw renamed(e, op);
  }
}

/** The error `e` of an inner op, with its message prefixed by the public function's name. */
function renamed(e: unknown, op: string): unknown {
  if (!(e instanceof Error) || e.message.startsWith(`${op}:`)) return e;
  return withMessage(e, `${op}: ${e.message}`);
}

/** Zeros of x's shape and dtype (as an export's handle). */
function fillLike(t: Tensor): number {
  writeScratch(t.shape);
  return W.gt_tensor_fill(codes.dtype[t.dtype]!, t.rank, 0);
}
