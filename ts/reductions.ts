// Composite reductions and clipping, written as TensorFlow's Python writes them (math_ops.py,
// clip_ops.py) so values and gradients follow the same formulas: reduce_logsumexp,
// reduce_variance, reduce_std, clip_by_value, add_n. Every step is a recorded table op.

import { type Axes, normalizeAxes } from './call';
import { floatOperand, reducedShape, sameShape, shapeText } from './composite';
import { toTensor } from './creation';
import { checkBoolean, describe } from './describe';
import * as gen from './generated/ops';
import { reduceMean, renamedCall, reshape, stopGradient, where } from './ops';
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
