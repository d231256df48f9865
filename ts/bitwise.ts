// tf.bitwise: TensorFlow's bitwise ops on int32 tensors (gradtape's integer dtype). The op table
// has no integer bit primitives, so the bits are computed in JavaScript, on the broadcast
// operands; in a tf.function that is a host step, run again at every call on that call's values
// (as the random ops' draws are), so compiled functions stay compiled. TensorFlow registers no
// gradient for these ops: tapes see their results as constants.

import { broadcastShapes } from './array-composites';
import { sameShape, shapeText, composed } from './composite';
import { toTensor } from './creation';
import { traceHostValue } from './host-steps';
import { broadcastTo } from './ops';
import { type DType } from './dtype';
import { InvalidArgumentError, tfError } from './errors';
import { Tensor, type TensorLike, checkLive, fromHost } from './tensor';

/** TensorFlow's names of the dtypes its op-definition errors print. */
const TF_DTYPE: Record<DType, string> = { float32: 'float', float64: 'double', int32: 'int32', bool: 'bool' };

/** TensorFlow 2.21's error for a dtype its op definition does not take (InvalidArgumentError). */
function noKernel(op: string, tfOp: string, dtype: DType): Error {
  return tfError(
    InvalidArgumentError,
    `${op}: Value for attr 'T' of ${TF_DTYPE[dtype]} is not in the list of allowed values: int8, int16, int32, int64, uint8, uint16, uint32, uint64 ` +
      `({{node ${tfOp}}}). The bitwise ops take int32 tensors (gradtape's integer dtype); cast first, e.g. tf.cast(x, 'int32').`,
  );
}

/** The operands as tensors of one integer dtype: JS numbers and arrays take the other operand's
 * dtype (int32 when neither is a tensor), as TensorFlow converts Python ints. */
function operands(op: string, tfOp: string, xs: readonly TensorLike[]): Tensor[] {
  const given = xs.find((x): x is Tensor => x instanceof Tensor);
  const ts = xs.map((x) => checkLive(toTensor(x, given?.dtype ?? 'int32', op), op));
  const dtype = ts[0]!.dtype;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i]!.dtype !== dtype) {
      throw new Error(`${op}: cannot compute ${tfOp} as input #${i}(zero-based) was expected to be a ${dtype} tensor but is a ${ts[i]!.dtype} tensor [Op:${tfOp}]`);
    }
  }
  if (dtype !== 'int32') throw noKernel(op, tfOp, dtype);
  return ts;
}

/** `f` on each element of `x` (and `y`, broadcast together), computed on the host. */
function elementwise(op: string, tfOp: string, xs: readonly TensorLike[], f: (a: number, b: number) => number): Tensor {
  const ts = operands(op, tfOp, xs);
  return composed(op, () => {
    const shape = ts.map((t) => t.shape).reduce((a: number[] | null, s) => a && broadcastShapes(a, s), ts[0]!.shape.slice());
    if (shape === null) throw new Error(`${op}: Incompatible shapes: ${ts.map((t) => shapeText(t.shape)).join(' vs. ')} [Op:${tfOp}]`);
    const broadcast = ts.map((t) => (sameShape(t.shape, shape) ? t : broadcastTo(t, shape)));
    return traceHostValue((values) => {
      const a = values[0]!.dataSync(), b = values.length > 1 ? values[1]!.dataSync() : a;
      const out = new Int32Array(a.length);
      for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
      return fromHost(out, shape.slice(), 'int32');
    }, broadcast);
  });
}

/** The shift amount as TensorFlow's CPU kernels use it (cwise_ops.h): clamped to [0, 31]. */
const clampShift = (s: number): number => (s < 0 ? 0 : s > 31 ? 31 : s);

/**
 * tf.bitwise.bitwise_and(x, y): the bits set in both, elementwise, with broadcasting (int32).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.bitwiseAnd(tf.constant([12, -1], 'int32'), 10).arraySync()); // [ 8, 10 ]
 * ```
 */
export function bitwiseAnd(x: TensorLike, y: TensorLike): Tensor {
  return elementwise('bitwise.bitwiseAnd', 'BitwiseAnd', [x, y], (a, b) => a & b);
}

/**
 * tf.bitwise.bitwise_or(x, y): the bits set in either, elementwise, with broadcasting (int32).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.bitwiseOr(tf.constant([12, 1], 'int32'), 10).arraySync()); // [ 14, 11 ]
 * ```
 */
export function bitwiseOr(x: TensorLike, y: TensorLike): Tensor {
  return elementwise('bitwise.bitwiseOr', 'BitwiseOr', [x, y], (a, b) => a | b);
}

/**
 * tf.bitwise.bitwise_xor(x, y): the bits set in exactly one, elementwise, with broadcasting (int32).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.bitwiseXor(tf.constant([12, -1], 'int32'), 10).arraySync()); // [ 6, -11 ]
 * ```
 */
export function bitwiseXor(x: TensorLike, y: TensorLike): Tensor {
  return elementwise('bitwise.bitwiseXor', 'BitwiseXor', [x, y], (a, b) => a ^ b);
}

/**
 * tf.bitwise.invert(x): every bit flipped (`~x`, which is -x - 1 for int32).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.invert(tf.constant([0, 5, -1], 'int32')).arraySync()); // [ -1, -6, 0 ]
 * ```
 */
export function invert(x: TensorLike): Tensor {
  return elementwise('bitwise.invert', 'Invert', [x], (a) => ~a);
}

/**
 * tf.bitwise.left_shift(x, y): `x << y`, elementwise, with broadcasting; bits shifted past bit 31
 * are lost (the sign bit may be set). As TensorFlow's kernels, a shift amount below 0 counts as 0
 * and one above 31 as 31 (TensorFlow documents those as implementation-defined).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.leftShift(tf.constant([1, 3, 1], 'int32'), tf.constant([4, 30, 40], 'int32')).arraySync()); // [ 16, -1073741824, -2147483648 ]
 * ```
 */
export function leftShift(x: TensorLike, y: TensorLike): Tensor {
  return elementwise('bitwise.leftShift', 'LeftShift', [x, y], (a, b) => a << clampShift(b));
}

/**
 * tf.bitwise.right_shift(x, y): `x >> y`, elementwise, with broadcasting: an arithmetic shift (the
 * sign bit is copied in, so -8 >> 1 is -4). As TensorFlow's kernels, a shift amount below 0 counts
 * as 0 and one above 31 as 31 (0 for non-negative x, -1 for negative x).
 *
 * @example
 * ```ts
 * console.log(tf.bitwise.rightShift(tf.constant([16, -8, -8], 'int32'), tf.constant([2, 1, 40], 'int32')).arraySync()); // [ 4, -4, -1 ]
 * ```
 */
export function rightShift(x: TensorLike, y: TensorLike): Tensor {
  return elementwise('bitwise.rightShift', 'RightShift', [x, y], (a, b) => a >> clampShift(b));
}
