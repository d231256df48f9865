// tf.nn functions that are composites of table ops, written as TensorFlow writes them
// (nn_ops.py, nn_impl.py) so values, stability and gradients follow the same formulas:
// gelu(approximate), leaky_relu, the cross entropies, l2_loss, bias_add, moments, l2_normalize,
// dropout. The elementwise activations with a kernel of their own (relu, elu, selu, silu, ...)
// are table ops (ts/generated/ops.ts).

import { type Axes, callOp, normalizeAxes, normalizeAxis } from './call';
import { floatOperand, reducedShape, sameShape, shapeText } from './composite';
import { checkShape, randomUniform, toTensor, zerosLike } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject } from './describe';
import { isFloat } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { cast, logSoftmax, reduceMean, renamedCall, reshape, stopGradient, where } from './ops';
import { Tensor, type TensorLike, valuesReadable } from './tensor';
import { addN, clipByNorm } from './reductions';
import { expandDims, gather, pad, sliceAxis, squeeze } from './shape';
import { type RngAlgorithm, type Seed, statelessUniform } from './stateless-random';

/**
 * tf.nn.gelu(features, approximate=False): x Φ(x) with the normal CDF Φ; with `approximate`,
 * TensorFlow's tanh form x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
 */
export function gelu(features: TensorLike, approximate = false): Tensor {
  const op = 'gelu';
  const approx = checkBoolean(approximate, op, 'approximate', false);
  const t = toTensor(features, undefined, op);
  return approx ? callOp(OP.geluApproximate, [t], [], op) : callOp(OP.gelu, [t], [], op);
}

/**
 * tf.nn.silu(features, beta=1.0), also tf.nn.swish: x·sigmoid(beta·x). With beta 1, the kernel of
 * its own; another beta (a number, or a tensor cast to the features' dtype as TensorFlow casts it)
 * is the composite, so a tape differentiates it in both features and beta.
 */
export function silu(features: TensorLike, beta: TensorLike = 1): Tensor {
  const op = 'silu';
  if (beta === 1) return gen.silu(features);
  const x = floatOperand(features, op, 'features');
  if (beta === undefined || beta === null) throw new Error(`${op}: beta must be a number or a tensor, got ${describe(beta)}.`);
  const b = beta instanceof Tensor ? cast(beta, x.dtype) : toTensor(beta, x.dtype, op);
  return renamedCall(op, () => gen.mul(x, gen.sigmoid(gen.mul(b, x))));
}

/**
 * tf.nn.leaky_relu(features, alpha=0.2): x where x > 0, alpha·x elsewhere; the gradient is 1
 * where x > 0 and alpha elsewhere (alpha at 0, as TensorFlow's LeakyReluGrad). Integer features
 * are cast to float32 first, as in TensorFlow.
 */
export function leakyRelu(features: TensorLike, alpha = 0.2): Tensor {
  const op = 'leakyRelu';
  if (typeof alpha !== 'number') throw new Error(`${op}: alpha must be a number, got ${describe(alpha)}.`);
  let x = toTensor(features, undefined, op);
  if (x.dtype === 'bool') throw new Error(`${op}: features must be numeric, got a bool tensor; cast it first, e.g. tf.cast(x, 'float32').`);
  if (x.dtype === 'int32') x = cast(x, 'float32');
  const t = x;
  return renamedCall(op, () => where(gen.greater(t, 0), t, gen.mul(t, alpha)));
}

/** The arguments of the `tf.nn` cross entropies by name (TensorFlow 2 also takes them
 * positionally, in the order labels, logits, and so does gradtape). */
export interface XentArgs {
  /** The targets: probabilities (or int32 class ids for the sparse form). */
  labels: TensorLike;
  /** Unnormalized log-probabilities. */
  logits: TensorLike;
}

/** The `{labels, logits, ...}` of a cross entropy: one object of them by name, or the arguments
 * in TensorFlow 2's order (`allowed`). Labels and logits are required (TensorFlow's
 * `_ensure_xent_args`). Labels are never a plain object, so the two forms cannot be confused. */
function xentArgs(op: string, args: readonly unknown[], allowed: readonly string[]): Record<string, unknown> {
  let o: Record<string, unknown>;
  if (isPlainObject(args[0])) {
    const extra = args.slice(1).find((v) => v !== undefined);
    if (extra !== undefined) throw new Error(`${op}: got ${describe(extra)} after the arguments object; pass ${allowed.join(', ')} either by name in one object or positionally, not both.`);
    o = checkOptions(args[0], op, allowed, `{${allowed.join(', ')}}`);
  } else {
    if (args.length > allowed.length) throw new Error(`${op}: takes at most ${allowed.length} arguments (${allowed.join(', ')}), got ${args.length}.`);
    o = {};
    allowed.forEach((name, i) => {
      if (args[i] !== undefined) o[name] = args[i];
    });
  }
  if (o.labels === undefined || o.logits === undefined) {
    throw new Error(`${op}: both labels and logits must be provided, e.g. tf.nn.${op}(labels, logits) or tf.nn.${op}({labels, logits}).`);
  }
  return o;
}

/**
 * tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x), elementwise:
 * z·(-log σ(x)) + (1-z)·(-log(1-σ(x))) in TensorFlow's stable form
 * max(x, 0) - x·z + log1p(exp(-|x|)), with max and |x| written as selects on x >= 0 (so the
 * gradient at 0 is TensorFlow's). Finite for any finite logits; labels need not be 0 or 1.
 */
export function sigmoidCrossEntropyWithLogits(args: XentArgs): Tensor;
export function sigmoidCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor;
export function sigmoidCrossEntropyWithLogits(...args: unknown[]): Tensor {
  const op = 'sigmoidCrossEntropyWithLogits';
  const o = xentArgs(op, args, ['labels', 'logits']);
  const logits = floatOperand(o.logits as TensorLike, op, 'logits');
  const labels = toTensor(o.labels as TensorLike, logits.dtype, op);
  if (labels.dtype !== logits.dtype) {
    throw new Error(`${op}: labels are ${labels.dtype} but logits are ${logits.dtype}; cast the labels, e.g. tf.cast(labels, '${logits.dtype}').`);
  }
  if (!sameShape(labels.shape, logits.shape)) {
    throw new Error(`${op}: logits and labels must have the same shape, received (${shapeText(logits.shape)} vs ${shapeText(labels.shape)}).`);
  }
  return renamedCall(op, () => {
    const cond = gen.greaterEqual(logits, 0);
    const reluLogits = where(cond, logits, 0);
    const negAbsLogits = where(cond, gen.neg(logits), logits);
    return gen.add(gen.sub(reluLogits, gen.mul(logits, labels)), gen.log1p(gen.exp(negAbsLogits)));
  });
}

/** The arguments of `tf.nn.softmaxCrossEntropyWithLogits`. */
export interface SoftmaxXentArgs extends XentArgs {
  /** The class axis (default -1). */
  axis?: number;
}

/**
 * tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1):
 * -Σ labels · log_softmax(logits) along `axis` (log_softmax subtracts the maximum, so huge logits
 * stay finite). Labels are cast to the logits' dtype, as in TensorFlow, and must have their shape.
 * The gradient is TensorFlow's kernel's: softmax(logits) - labels for the logits, even where a
 * row of labels does not sum to 1, and -log_softmax(logits) for the labels.
 */
export function softmaxCrossEntropyWithLogits(args: SoftmaxXentArgs): Tensor;
export function softmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike, axis?: number): Tensor;
export function softmaxCrossEntropyWithLogits(...args: unknown[]): Tensor {
  const op = 'softmaxCrossEntropyWithLogits';
  const o = xentArgs(op, args, ['labels', 'logits', 'axis']);
  const logits = floatOperand(o.logits as TensorLike, op, 'logits');
  if (logits.rank === 0) throw new Error(`${op}: logits must have rank >= 1 (a class axis), got a scalar.`);
  const axis = normalizeAxis((o.axis as number | undefined) ?? -1, logits.rank, op);
  const labels = cast(toTensor(o.labels as TensorLike, logits.dtype, op), logits.dtype);
  if (!sameShape(labels.shape, logits.shape)) {
    throw new Error(`${op}: logits and labels must have the same shape, received (${shapeText(logits.shape)} vs ${shapeText(labels.shape)}).`);
  }
  return renamedCall(op, () => {
    const logProbabilities = logSoftmax(logits, axis);
    // 0 - Σ, not -Σ: a zero loss is +0, as TensorFlow's kernel gives.
    const loss = gen.sub(0, gen.reduceSum(gen.mul(labels, logProbabilities), axis));
    // d loss / d logits is softmax·Σlabels - labels; TensorFlow's is softmax - labels. Adding
    // (1 - Σlabels)·(lse - stop_gradient(lse)), exactly 0, gives its first and second derivatives:
    // lse = logits - log_softmax(logits) on every entry, whose gradient is softmax (the mean over
    // the axis keeps one per row).
    const lse = reduceMean(gen.sub(logits, logProbabilities), axis);
    const zero = gen.sub(lse, stopGradient(lse));
    return gen.add(loss, gen.mul(gen.sub(1, gen.reduceSum(labels, axis)), zero));
  });
}

/** The values of an int32 tensor of class ids, each checked to be in [0, classes). */
function checkLabelRange(op: string, labels: Tensor, classes: number): void {
  const data = labels.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >= classes) {
      const shown = Array.from(data.subarray(0, 20)).join(' ');
      throw new Error(
        `${op}: received a label value of ${v} which is outside the valid range of [0, ${classes}). ` +
          `Label values: ${shown}${data.length > 20 ? ' ...' : ''}`,
      );
    }
  }
}

/**
 * tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits): -log_softmax(logits)[label]
 * for int32 class ids `labels` of shape logits.shape[:-1]. A label outside [0, classes) is an
 * error (TensorFlow's CPU kernel). Other classes' logits may be -inf.
 */
export function sparseSoftmaxCrossEntropyWithLogits(args: XentArgs): Tensor;
export function sparseSoftmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor;
export function sparseSoftmaxCrossEntropyWithLogits(...args: unknown[]): Tensor {
  const op = 'sparseSoftmaxCrossEntropyWithLogits';
  const o = xentArgs(op, args, ['labels', 'logits']);
  const logits = floatOperand(o.logits as TensorLike, op, 'logits');
  const labels = toTensor(o.labels as TensorLike, 'int32', op);
  if (labels.dtype !== 'int32') {
    throw new Error(`${op}: labels must be int32 class ids, got ${labels.dtype}; cast them, e.g. tf.cast(labels, 'int32').`);
  }
  if (logits.rank === 0) throw new Error(`${op}: logits cannot be a scalar; they need a class axis.`);
  if (labels.rank !== logits.rank - 1) {
    throw new Error(
      `${op}: labels.shape.rank must equal logits.shape.rank - 1. Received: labels.shape=${shapeText(labels.shape)} of rank ${labels.rank} ` +
        `and logits.shape=${shapeText(logits.shape)} of rank ${logits.rank}.`,
    );
  }
  if (!sameShape(labels.shape, logits.shape.slice(0, -1))) {
    throw new Error(
      `${op}: labels.shape must equal logits.shape except for the last dimension. Received: labels.shape=${shapeText(labels.shape)} ` +
        `and logits.shape=${shapeText(logits.shape)}.`,
    );
  }
  const classes = logits.shape[logits.rank - 1]!;
  // With TensorFlow's message here; in a compiled function whose labels come from its arguments,
  // the gather checks them at every replay (with its own message).
  if (valuesReadable(labels)) checkLabelRange(op, labels, classes);
  return renamedCall(op, () => {
    // A gather, not labels·log_softmax: a -inf logit of another class must not give 0·(-inf).
    const picked = gather(logSoftmax(logits, -1), labels, labels.rank, labels.rank);
    return gen.sub(0, picked); // +0 for a zero loss, as in TensorFlow
  });
}

/** tf.nn.l2_loss(t) = sum(t²) / 2, a scalar. */
export function l2Loss(t: TensorLike): Tensor {
  const op = 'l2Loss';
  const x = floatOperand(t, op, 't');
  return renamedCall(op, () => gen.mul(gen.reduceSum(gen.square(x)), 0.5));
}

/**
 * tf.nn.bias_add(value, bias, data_format=None): adds the 1-D `bias` along the channel axis, the
 * last one ('N...C', the default) or axis 1 ('NC...').
 */
export function biasAdd(value: TensorLike, bias: TensorLike, dataFormat: string | null = null): Tensor {
  const op = 'biasAdd';
  const v = toTensor(value, undefined, op);
  const b = toTensor(bias, v.dtype, op);
  let channelsFirst = false;
  if (dataFormat !== null && dataFormat !== undefined) {
    if (typeof dataFormat === 'string' && dataFormat.startsWith('NC')) channelsFirst = true;
    else if (!(typeof dataFormat === 'string' && dataFormat.startsWith('N') && dataFormat.endsWith('C'))) {
      throw new Error(`${op}: data_format must be of the form 'N...C' or 'NC...', got ${describe(dataFormat)}.`);
    }
  }
  if (v.dtype === 'bool' || b.dtype !== v.dtype) {
    throw new Error(`${op}: value and bias must have the same numeric dtype, got ${v.dtype} and ${b.dtype}.`);
  }
  if (v.rank < 2) throw new Error(`${op}: input tensor must be at least 2D: ${shapeText(v.shape)}.`);
  if (b.rank !== 1) throw new Error(`${op}: biases must be 1D: ${shapeText(b.shape)}.`);
  const channelAxis = channelsFirst ? 1 : v.rank - 1;
  if (b.shape[0] !== v.shape[channelAxis]) {
    throw new Error(
      `${op}: must provide as many biases as the ${channelsFirst ? 'channel' : 'last'} dimension of the input tensor: ` +
        `${shapeText(b.shape)} vs. ${shapeText(v.shape)}.`,
    );
  }
  return renamedCall(op, () => {
    if (!channelsFirst) return gen.add(v, b);
    return gen.add(v, reshape(b, [b.shape[0]!, ...new Array<number>(v.rank - 2).fill(1)]));
  });
}

/**
 * tf.nn.moments(x, axes, shift=None, keepdims=False) -> [mean, variance] over `axes`. As in
 * TensorFlow the variance is mean((x - stop_gradient(mean))²) (the gradient is the same, the
 * graph simpler), and `shift` is accepted and unused.
 */
export function moments(x: TensorLike, axes: number | readonly number[], shift: TensorLike | null = null, keepdims = false): [Tensor, Tensor] {
  const op = 'moments';
  if (typeof shift === 'boolean') {
    throw new Error(`${op}: the third argument is shift (unused, as in TensorFlow); pass keepdims fourth, e.g. tf.nn.moments(x, [0], null, true).`);
  }
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const t = toTensor(x, undefined, op);
  if (axes === undefined || axes === null) throw new Error(`${op}: axes is required, e.g. tf.nn.moments(x, [0]) for batch statistics.`);
  const ax = normalizeAxes(axes, t.rank, op);
  return renamedCall(op, () => {
    let mean = reduceMean(t, ax, true);
    let variance = reduceMean(gen.squaredDifference(t, stopGradient(mean)), ax, true);
    if (!keep) {
      const shape = reducedShape(t.shape, ax);
      mean = reshape(mean, shape);
      variance = reshape(variance, shape);
    }
    return [mean, variance];
  });
}

/**
 * tf.nn.batch_normalization(x, mean, variance, offset, scale, varianceEpsilon): `(x - mean) ·
 * scale / sqrt(variance + ε) + offset`, computed as TensorFlow does (`inv = rsqrt(variance + ε) ·
 * scale`, then `x · inv + (offset - mean · inv)`); offset and scale may be null. The statistics
 * broadcast against x (`tf.nn.moments(x, axes, null, true)` gives them in shape).
 *
 * @example
 * ```ts
 * const x = tf.constant([[1, 2], [3, 6]]);
 * const [mean, variance] = tf.nn.moments(x, [0], null, true);
 * console.log(tf.nn.batchNormalization(x, mean, variance, null, null, 0).arraySync()); // [ [ -1, -1 ], [ 1, 1 ] ]
 * ```
 */
export function batchNormalization(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset: TensorLike | null,
  scale: TensorLike | null,
  varianceEpsilon: number,
): Tensor {
  const op = 'batchNormalization';
  const t = floatOperand(x, op);
  if (typeof varianceEpsilon !== 'number' || !(varianceEpsilon >= 0)) {
    throw new Error(`${op}: varianceEpsilon must be a number >= 0, got ${describe(varianceEpsilon)}.`);
  }
  const [m, v] = [toTensor(mean, t.dtype, op), toTensor(variance, t.dtype, op)];
  return renamedCall(op, () => {
    let inv = gen.rsqrt(gen.add(v, varianceEpsilon));
    if (scale !== null && scale !== undefined) inv = gen.mul(inv, toTensor(scale, t.dtype, op));
    const shift = gen.mul(m, inv);
    return gen.add(gen.mul(t, inv), offset !== null && offset !== undefined ? gen.sub(toTensor(offset, t.dtype, op), shift) : gen.neg(shift));
  });
}

/** The arguments of `tf.nn.weightedCrossEntropyWithLogits`. */
export interface WeightedXentArgs extends XentArgs {
  /** The weight of the positive examples' term. */
  posWeight: TensorLike;
}

/**
 * tf.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight): sigmoid cross entropy
 * whose positive term is weighted, `(1 - z)·x + (1 + (q - 1)·z)·(log1p(e^-|x|) + max(-x, 0))`
 * for labels z, logits x and pos_weight q (TensorFlow's stable form).
 *
 * @example
 * ```ts
 * const l = tf.nn.weightedCrossEntropyWithLogits({ labels: [1, 0], logits: [0, 0], posWeight: 3 });
 * console.log(l.arraySync().map((v) => v.toFixed(4))); // [ '2.0794', '0.6931' ]
 * ```
 */
export function weightedCrossEntropyWithLogits(args: WeightedXentArgs): Tensor;
export function weightedCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike, posWeight: TensorLike): Tensor;
export function weightedCrossEntropyWithLogits(...args: unknown[]): Tensor {
  const op = 'weightedCrossEntropyWithLogits';
  const o = xentArgs(op, args, ['labels', 'logits', 'posWeight']);
  if (o.posWeight === undefined) throw new Error(`${op}: posWeight must be provided, e.g. tf.nn.${op}(labels, logits, 2) or tf.nn.${op}({labels, logits, posWeight: 2}).`);
  const logits = floatOperand(o.logits as TensorLike, op, 'logits');
  const labels = toTensor(o.labels as TensorLike, logits.dtype, op);
  const q = toTensor(o.posWeight as TensorLike, logits.dtype, op);
  if (!sameShape(labels.shape, logits.shape)) {
    throw new Error(`${op}: logits and labels must have the same shape, received (${shapeText(logits.shape)} vs ${shapeText(labels.shape)}).`);
  }
  return renamedCall(op, () => {
    const logWeight = gen.add(gen.mul(gen.sub(q, 1), labels), 1);
    const softplusNeg = gen.add(gen.log1p(gen.exp(gen.neg(gen.abs(logits)))), gen.relu(gen.neg(logits)));
    return gen.add(gen.mul(gen.sub(1, labels), logits), gen.mul(logWeight, softplusNeg));
  });
}

/**
 * tf.nn.log_poisson_loss(targets, logInput, computeFullLoss = false): `exp(logInput) -
 * logInput · targets`, the Poisson negative log-likelihood of counts `targets` with log-rate
 * `logInput`; with `computeFullLoss`, plus Stirling's `t·log(t) - t + log(2πt)/2` where t > 1.
 *
 * @example
 * ```ts
 * console.log(tf.nn.logPoissonLoss([2], [0]).arraySync()); // [ 1 ]
 * ```
 */
export function logPoissonLoss(targets: TensorLike, logInput: TensorLike, computeFullLoss = false): Tensor {
  const op = 'logPoissonLoss';
  const input = floatOperand(logInput, op, 'logInput');
  const t = toTensor(targets, input.dtype, op);
  const full = checkBoolean(computeFullLoss, op, 'computeFullLoss', false);
  if (!sameShape(t.shape, input.shape)) {
    throw new Error(`${op}: logInput and targets must have the same shape, received (${shapeText(input.shape)} vs ${shapeText(t.shape)}).`);
  }
  return renamedCall(op, () => {
    const result = gen.sub(gen.exp(input), gen.mul(input, t));
    if (!full) return result;
    // TensorFlow leaves the approximation out for targets in [0, 1], where it is poor.
    const stirling = gen.add(gen.sub(gen.mul(t, gen.log(t)), t), gen.mul(gen.log(gen.mul(t, 2 * Math.PI)), 0.5));
    const small = gen.logicalAnd(gen.greaterEqual(t, 0), gen.lessEqual(t, 1));
    return gen.add(result, where(small, zerosLike(t), stirling));
  });
}

/**
 * tf.nn.embedding_lookup(params, ids, max_norm=None): the rows of `params` at int32 `ids`
 * (`tf.gather` along the first axis), differentiable with respect to params. With `maxNorm`, each
 * row looked up whose L2 norm is above it is scaled down to it (TensorFlow's `_clip`: clipByNorm
 * over the embedding's own axes); `params` itself is unchanged.
 */
export function embeddingLookup(params: TensorLike, ids: TensorLike, maxNorm: TensorLike | null = null): Tensor {
  const op = 'embeddingLookup';
  const table = toTensor(params, undefined, op);
  return renamedCall(op, () => {
    const rows = gather(table, ids, 0);
    if (maxNorm === null || maxNorm === undefined) return rows;
    const idsRank = rows.rank - (table.rank - 1);
    const embeddingAxes = Array.from({ length: rows.rank - idsRank }, (_, i) => idsRank + i);
    return clipByNorm(rows, maxNorm, embeddingAxes);
  });
}

/** tf.math.l2_normalize(x, axis=None, epsilon=1e-12) = x / sqrt(max(sum(x²), epsilon)). */
export function l2Normalize(x: TensorLike, axis: Axes = null, epsilon = 1e-12): Tensor {
  const op = 'l2Normalize';
  const t = floatOperand(x, op);
  if (typeof epsilon !== 'number') throw new Error(`${op}: epsilon must be a number, got ${describe(epsilon)}.`);
  const axes = normalizeAxes(axis, t.rank, op);
  return renamedCall(op, () => {
    const squareSum = gen.reduceSum(gen.square(t), axes, true);
    return gen.mul(t, gen.rsqrt(gen.maximum(squareSum, epsilon)));
  });
}

/** Options of `tf.nn.dropout`. */
export interface DropoutOptions {
  /** The shape of the random keep/drop mask, broadcast to x's (null entries: x's dim). */
  noiseShape?: readonly (number | null)[] | null;
  /** The op seed (with `tf.random.setSeed`, TensorFlow's rules). */
  seed?: number;
}

/**
 * tf.nn.dropout(x, rate, noise_shape=None, seed=None): each element (or each slice, with a
 * `noiseShape` that broadcasts to x's shape; null entries take x's size) is zeroed with
 * probability `rate` and the kept ones are scaled by 1/(1 - rate). The keep mask is
 * uniform >= rate with TensorFlow's seed rules (ts/random.ts), so a seed reproduces it. The third
 * argument may also be `{noiseShape, seed}`.
 */
export function dropout(
  x: TensorLike,
  rate: number,
  noiseShape: readonly (number | null)[] | null | DropoutOptions = null,
  seed?: number,
): Tensor {
  const op = 'dropout';
  let shapeArg: readonly (number | null)[] | null | undefined;
  if (noiseShape !== null && typeof noiseShape === 'object' && !Array.isArray(noiseShape)) {
    const o = checkOptions(noiseShape, op, ['noiseShape', 'seed'], '{noiseShape, seed}') as DropoutOptions;
    shapeArg = o.noiseShape;
    seed = o.seed;
  } else {
    shapeArg = noiseShape as readonly (number | null)[] | null;
  }
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new Error(`${op}: rate must be a number in the range [0, 1), got ${describe(rate)}.`);
  }
  const t = toTensor(x, undefined, op);
  if (!isFloat(t.dtype)) {
    throw new Error(`${op}: x must be a float32 or float64 tensor, as x will be scaled; got ${t.dtype}.`);
  }
  const noise = dropoutNoiseShape(op, t.shape, shapeArg);
  if (rate === 0) {
    // TensorFlow still takes a seed for the op (the seedless-call counter advances).
    randomUniform([0], { dtype: t.dtype, seed });
    return t;
  }
  return keepScaled(op, t, rate, randomUniform(noise, { dtype: t.dtype, seed }));
}

/** TensorFlow 2.21's `_dropout` (nn_ops.py) after the draw: where(u >= rate, x · 1/(1 - rate), 0)
 * with the scale rounded to x's dtype, so a dropped infinity or NaN is 0. */
function keepScaled(op: string, t: Tensor, rate: number, uniform: Tensor): Tensor {
  return renamedCall(op, () => where(gen.greaterEqual(uniform, rate), gen.mul(t, 1 / (1 - rate)), zerosLike(t)));
}

/**
 * tf.nn.experimental.stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None): dropout
 * whose mask depends on `seed` only: TensorFlow's for the same seed (its keep mask is
 * tf.random.stateless_uniform(noise_shape, seed, dtype=x.dtype) >= rate).
 *
 * @example
 * ```ts
 * const y = tf.nn.experimental.statelessDropout(tf.ones([3, 5]), 0.8, [2, 0]);
 * console.log(y.arraySync()[0]); // [ 5, 0, 0, 0, 0 ]
 * ```
 */
export function statelessDropout(x: TensorLike, rate: number, seed: Seed, rngAlg: RngAlgorithm | null = null, noiseShape: readonly (number | null)[] | null = null): Tensor {
  const op = 'nn.experimental.statelessDropout';
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new Error(`${op}: rate must be a number in the range [0, 1), got ${describe(rate)}.`);
  }
  const t = toTensor(x, undefined, op);
  if (!isFloat(t.dtype)) throw new Error(`${op}: x must be a float32 or float64 tensor, as x will be scaled; got ${t.dtype}.`);
  const noise = dropoutNoiseShape(op, t.shape, noiseShape);
  if (rate === 0) return t;
  return keepScaled(op, t, rate, statelessUniform(noise, seed, { dtype: t.dtype, ...(rngAlg === null ? {} : { alg: rngAlg }) }));
}

/** The shape of dropout's keep mask: x's shape, or `noiseShape` (null entries filled from x's
 * shape), which must broadcast to x's shape without changing it. */
function dropoutNoiseShape(op: string, shape: readonly number[], noiseShape: readonly (number | null)[] | null | undefined): number[] {
  if (noiseShape === null || noiseShape === undefined) return shape.slice();
  if (!Array.isArray(noiseShape) || noiseShape.length !== shape.length) {
    throw new Error(`${op}: noiseShape must be an array of ${shape.length} sizes (one per axis of x, shape ${shapeText(shape)}), got ${describe(noiseShape)}.`);
  }
  const filled = noiseShape.map((d, i) => (d === null ? shape[i]! : d));
  const dims = checkShape(filled, op);
  dims.forEach((d, i) => {
    if (d !== 1 && d !== shape[i]) {
      throw new Error(`${op}: noiseShape ${shapeText(dims)} does not broadcast to x's shape ${shapeText(shape)}; each size must be 1 or x's size.`);
    }
  });
  return dims;
}

/** tf.math.log_sigmoid: log(1 / (1 + e^-x)) = -softplus(-x), which never overflows. */
export function logSigmoid(x: TensorLike): Tensor {
  return renamedCall('logSigmoid', () => gen.neg(gen.softplus(gen.neg(x))));
}

/**
 * tf.math.zero_fraction(value) (tf.nn.zero_fraction): the fraction of the entries of `value` that
 * are 0, as a float32 scalar: the zeros counted as integers, then count / size in float32, as
 * TensorFlow computes it (NaN for an empty tensor). Not differentiable (a count).
 *
 * @example
 * ```ts
 * console.log(tf.nn.zeroFraction([0, 1.5, 0, -2]).arraySync()); // 0.5
 * ```
 */
export function zeroFraction(value: TensorLike): Tensor {
  const op = 'zeroFraction';
  const x = toTensor(value, undefined, op);
  if (x.dtype === 'bool') throw new Error(`${op}: value must be numeric, got a bool tensor; cast it first, e.g. tf.cast(x, 'int32').`);
  return renamedCall(op, () => {
    const zeros = gen.reduceSum(cast(gen.equal(x, 0), 'int32'));
    return gen.div(cast(zeros, 'float32'), x.size);
  });
}

/**
 * tf.nn.normalize_moments(counts, mean_ss, variance_ss, shift): [mean, variance] from the sufficient
 * statistics of {@link sufficientStatistics}: with d = 1/counts, mean = meanSs·d (+ shift) and
 * variance = varianceSs·d - (meanSs·d)², in TensorFlow's order of operations. `shift` may be null
 * (the statistics were not shifted).
 *
 * @example
 * ```ts
 * const [mean, variance] = tf.nn.normalizeMoments(4, 10, 30, null);
 * console.log(mean.arraySync(), variance.arraySync()); // 2.5 1.25
 * ```
 */
export function normalizeMoments(counts: TensorLike, meanSs: TensorLike, varianceSs: TensorLike, shift: TensorLike | null = null): [Tensor, Tensor] {
  const op = 'normalizeMoments';
  const m = floatOperand(meanSs, op, 'meanSs');
  const [n, v] = [toTensor(counts, m.dtype, op), toTensor(varianceSs, m.dtype, op)];
  return renamedCall(op, () => {
    const divisor = gen.reciprocal(n);
    const shiftedMean = gen.mul(m, divisor);
    const mean = shift === null || shift === undefined ? shiftedMean : gen.add(shiftedMean, toTensor(shift, m.dtype, op));
    const variance = gen.sub(gen.mul(v, divisor), gen.square(shiftedMean));
    return [mean, variance];
  });
}

/**
 * tf.nn.sufficient_statistics(x, axes, shift=None, keepdims=False): [count, meanSs, varianceSs,
 * shift], the sufficient statistics of the mean and variance of `x` over `axes`: count (a scalar
 * of x's dtype) is the number of entries reduced, meanSs = Σ (x - shift) and varianceSs =
 * Σ (x - shift)² (Σ x and Σ x² when `shift` is null, which comes back as null, as in TensorFlow).
 * {@link normalizeMoments} turns them into the mean and variance.
 *
 * @example
 * ```ts
 * const [count, meanSs, varianceSs] = tf.nn.sufficientStatistics([1, 2, 3, 4], [0]);
 * console.log(count.arraySync(), meanSs.arraySync(), varianceSs.arraySync()); // 4 10 30
 * ```
 */
export function sufficientStatistics(x: TensorLike, axes: number | readonly number[], shift: TensorLike | null = null, keepdims = false): [Tensor, Tensor, Tensor, Tensor | null] {
  const op = 'sufficientStatistics';
  if (typeof shift === 'boolean') {
    throw new Error(`${op}: the third argument is shift; pass keepdims fourth, e.g. tf.nn.sufficientStatistics(x, [0], null, true).`);
  }
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const t = toTensor(x, undefined, op);
  if (t.dtype === 'bool') throw new Error(`${op}: x must be numeric, got a bool tensor.`);
  if (axes === undefined || axes === null) throw new Error(`${op}: axes is required, e.g. tf.nn.sufficientStatistics(x, [0]).`);
  const ax = normalizeAxes(axes, t.rank, op);
  const count = ax.reduce((n, a) => n * t.shape[a]!, 1);
  const s = shift === null || shift === undefined ? null : toTensor(shift, t.dtype, op);
  return renamedCall(op, () => {
    const meanSs = gen.reduceSum(s === null ? t : gen.sub(t, s), ax, keep);
    const varianceSs = gen.reduceSum(s === null ? gen.square(t) : gen.squaredDifference(t, s), ax, keep);
    return [toTensor(count, t.dtype, op), meanSs, varianceSs, s];
  });
}

/**
 * tf.nn.weighted_moments(x, axes, frequency_weights, keepdims=False): [mean, variance] of `x`
 * over `axes` with each entry counted `frequencyWeights` times (weights broadcast against x):
 * mean = Σ w·x / Σ w and variance = Σ w·(x - mean)² / Σ w, TensorFlow's two-pass formulas (the
 * gradient flows through the mean too, unlike moments'). The weights are cast to x's dtype.
 *
 * @example
 * ```ts
 * const [mean, variance] = tf.nn.weightedMoments([1, 2, 4], [0], [1, 2, 1]);
 * console.log(mean.arraySync(), variance.arraySync()); // 2.25 1.1875
 * ```
 */
export function weightedMoments(x: TensorLike, axes: number | readonly number[], frequencyWeights: TensorLike, keepdims = false): [Tensor, Tensor] {
  const op = 'weightedMoments';
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const t = floatOperand(x, op);
  if (axes === undefined || axes === null) throw new Error(`${op}: axes is required, e.g. tf.nn.weightedMoments(x, [0], weights).`);
  const ax = normalizeAxes(axes, t.rank, op);
  const w = toTensor(frequencyWeights, t.dtype, op);
  return renamedCall(op, () => {
    const weights = w.dtype === t.dtype ? w : cast(w, t.dtype);
    const weightedSum = gen.reduceSum(gen.mul(weights, t), ax, true);
    // The weights broadcast to x's shape, so that Σ w counts each entry's weight once.
    const sumOfWeights = gen.reduceSum(gen.add(weights, zerosLike(t)), ax, true);
    const divisor = gen.reciprocal(sumOfWeights);
    let mean = gen.mul(weightedSum, divisor);
    let variance = gen.mul(gen.reduceSum(gen.mul(weights, gen.squaredDifference(t, mean)), ax, true), divisor);
    if (!keep) {
      mean = squeeze(mean, ax);
      variance = squeeze(variance, ax);
    }
    return [mean, variance];
  });
}

/**
 * tf.nn.compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
 * Σ perExampleLoss·sampleWeight / globalBatchSize, the per-replica share of the mean loss over the
 * global batch. gradtape runs one replica, so globalBatchSize defaults to the first dim of
 * `perExampleLoss` (which must have rank >= 1). The weights broadcast against the losses, with
 * one trailing dim of size 1 dropped or added, as Keras' squeeze_or_expand_dimensions does.
 *
 * @example
 * ```ts
 * console.log(tf.nn.computeAverageLoss([1, 2, 3], null, 6).arraySync()); // 1
 * ```
 */
export function computeAverageLoss(perExampleLoss: TensorLike, sampleWeight: TensorLike | null = null, globalBatchSize: number | null = null): Tensor {
  const op = 'computeAverageLoss';
  const loss = floatOperand(perExampleLoss, op, 'perExampleLoss');
  if (loss.rank === 0) {
    throw new Error(`${op}: perExampleLoss must be a tensor with at least rank 1 (one loss per example), got a scalar; TensorFlow: Invalid value passed for \`per_example_loss\`.`);
  }
  if (globalBatchSize !== null && globalBatchSize !== undefined && !(Number.isSafeInteger(globalBatchSize) && globalBatchSize > 0)) {
    throw new Error(`${op}: globalBatchSize must be a positive integer, got ${describe(globalBatchSize)}.`);
  }
  const batch = globalBatchSize ?? loss.shape[0]!;
  return renamedCall(op, () => {
    if (sampleWeight === null || sampleWeight === undefined) return gen.div(gen.reduceSum(loss), batch);
    let w = toTensor(sampleWeight, loss.dtype, op);
    if (w.dtype !== loss.dtype) w = cast(w, loss.dtype);
    if (w.rank === loss.rank + 1 && w.shape[w.rank - 1] === 1) w = squeeze(w, -1);
    else if (w.rank === loss.rank - 1 && w.rank > 0) w = expandDims(w, -1);
    const fits = w.rank <= loss.rank && w.shape.every((d, i) => d === 1 || d === loss.shape[loss.rank - w.rank + i]);
    if (!fits) throw new Error(`${op}: sampleWeight of shape ${shapeText(w.shape)} does not broadcast to perExampleLoss's shape ${shapeText(loss.shape)}.`);
    return gen.div(gen.reduceSum(gen.mul(loss, w)), batch);
  });
}

/**
 * tf.nn.scale_regularization_loss(regularization_loss): Σ regularizationLoss divided by the number
 * of replicas, which is 1 here (gradtape has no distribution strategy): the sum of the entries
 * (of the sum of a list of losses, as TensorFlow adds a list first).
 *
 * @example
 * ```ts
 * console.log(tf.nn.scaleRegularizationLoss([0.5, 0.25]).arraySync()); // 0.75
 * ```
 */
export function scaleRegularizationLoss(regularizationLoss: TensorLike | readonly TensorLike[]): Tensor {
  const op = 'scaleRegularizationLoss';
  const list = Array.isArray(regularizationLoss) && regularizationLoss.length > 0 && regularizationLoss.some((v) => v instanceof Tensor);
  const total = list ? renamedCall(op, () => addN(regularizationLoss as TensorLike[])) : floatOperand(regularizationLoss as TensorLike, op, 'regularizationLoss');
  const replicas = 1;
  return renamedCall(op, () => gen.div(gen.reduceSum(total), replicas));
}

/**
 * tf.nn.local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5) (alias
 * tf.nn.lrn): each entry of the 4-D float `input` divided by (bias + alpha · sqrSum)^beta, with
 * sqrSum the sum of the squares of the entries within `depthRadius` channels of it (along the
 * last axis, fewer at the edges), as TensorFlow defines it (AlexNet's normalization). The
 * gradient is that of this formula, which TensorFlow's LRNGrad computes. TensorFlow's kernel takes
 * float32 (and halves); float64 works here too.
 *
 * @example
 * ```ts
 * console.log(tf.nn.localResponseNormalization(tf.constant([[[[3, 4]]]], 'float64'), 1, 0, 1, 0.5).reshape([-1]).arraySync()); // [ 0.6, 0.8 ]
 * ```
 */
export function localResponseNormalization(input: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const op = 'localResponseNormalization';
  const x = floatOperand(input, op, 'input');
  if (x.rank !== 4) throw new Error(`${op}: input must be 4-D [batch, height, width, depth], got shape ${shapeText(x.shape)}.`);
  if (!Number.isSafeInteger(depthRadius) || depthRadius < 0) throw new Error(`${op}: depthRadius must be an integer >= 0, got ${describe(depthRadius)}.`);
  for (const [name, v] of [['bias', bias], ['alpha', alpha], ['beta', beta]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${op}: ${name} must be a finite number, got ${describe(v)}.`);
  }
  const depth = x.shape[3]!;
  return renamedCall(op, () => {
    // The squares padded with depthRadius zeros at each end of the channels, so that the window
    // of channel d is the padded slice [d, d + 2·depthRadius]: the sum of 2·depthRadius + 1 shifted slices.
    const padded = pad(gen.square(x), [[0, 0], [0, 0], [0, 0], [depthRadius, depthRadius]]);
    const shifted = Array.from({ length: 2 * depthRadius + 1 }, (_, k) => sliceAxis(padded, 3, k, depth, op));
    const sqrSum = shifted.length === 1 ? shifted[0]! : addN(shifted);
    return gen.div(x, gen.pow(gen.add(gen.mul(sqrSum, alpha), bias), beta));
  });
}
