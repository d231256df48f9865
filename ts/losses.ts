// tf.keras.losses: Keras 3's loss functions and classes (keras/src/losses/losses.py, loss.py and
// the TensorFlow backend's crossentropies), with Keras' formulas: the clipping epsilon 1e-7 for
// probabilities, label smoothing, the stable TensorFlow forms for logits, and Keras' reductions.
//
// The functions (`meanSquaredError(yTrue, yPred)`) return one loss per sample (reduced over the
// last axis). The classes (`new MeanSquaredError()`) are Keras' Loss objects: `call(yTrue, yPred,
// sampleWeight?)` is what Python spells `loss(y_true, y_pred, sample_weight)`: the inputs are
// converted to the loss's dtype (floatx by default), the per-sample losses weighted and reduced.

import { normalizeAxis } from './call';
import { ctcLoss } from './ctc';
import { expandLast, sameShape, shapeText, squeezeLast } from './composite';
import { constant, toTensor } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import { readSerialized } from './keras-config';
import { epsilon as kerasEpsilon } from './keras-settings';
import * as nn from './nn';
import { cast, matmul, reduceMean, renamedCall, reshape, softmax as softmaxOp, where } from './ops';
import { clipByValue, reduceLogSumExp } from './reductions';
import { eye, oneHot } from './shape';
import { Tensor, type TensorLike, kerasMasks } from './tensor';

const op = (name: string): string => `keras.losses.${name}`;

/** `y_pred` as a tensor and `y_true` converted (cast) to its dtype, as Keras' losses start. */
export function predAndTrue(name: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const p = toTensor(yPred, undefined, op(name));
  return [cast(toTensor(yTrue, p.dtype, op(name)), p.dtype), p];
}

/**
 * Keras' squeeze_or_expand_to_same_rank: when the ranks differ by one and the longer has a last
 * axis of size 1, that axis is squeezed, or, when the other is rank 1 (and `expandRank1`), a last
 * axis is added to it.
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  if (x1.rank === x2.rank + 1 && x1.shape[x1.rank - 1] === 1) {
    return x2.rank === 1 && expandRank1 ? [x1, expandLast(x2)] : [squeezeLast(x1), x2];
  }
  if (x2.rank === x1.rank + 1 && x2.shape[x2.rank - 1] === 1) {
    return x1.rank === 1 && expandRank1 ? [expandLast(x1), x2] : [x1, squeezeLast(x2)];
  }
  return [x1, x2];
}

/** Both as Keras' regression losses take them: same dtype, ranks reconciled. */
function regressionInputs(name: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t, p] = predAndTrue(name, yTrue, yPred);
  return squeezeOrExpandToSameRank(t, p);
}

/** keras.losses.mean_squared_error: mean((y_true - y_pred)², axis=-1). */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanSquaredError', yTrue, yPred);
  return renamedCall(op('meanSquaredError'), () => reduceMean(gen.square(gen.sub(t, p)), -1));
}

/** keras.losses.mean_absolute_error: mean(|y_true - y_pred|, axis=-1). */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanAbsoluteError', yTrue, yPred);
  return renamedCall(op('meanAbsoluteError'), () => reduceMean(gen.abs(gen.sub(t, p)), -1));
}

/** keras.losses.mean_absolute_percentage_error: 100 · mean(|y_true - y_pred| / max(|y_true|, ε), axis=-1). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanAbsolutePercentageError', yTrue, yPred);
  return renamedCall(op('meanAbsolutePercentageError'), () => {
    const diff = gen.abs(gen.div(gen.sub(t, p), gen.maximum(gen.abs(t), kerasEpsilon())));
    return gen.mul(reduceMean(diff, -1), 100);
  });
}

/** keras.losses.mean_squared_logarithmic_error: mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))², axis=-1). */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('meanSquaredLogarithmicError', yTrue, yPred);
  return renamedCall(op('meanSquaredLogarithmicError'), () => {
    const firstLog = gen.log(gen.add(gen.maximum(p, kerasEpsilon()), 1));
    const secondLog = gen.log(gen.add(gen.maximum(t, kerasEpsilon()), 1));
    return reduceMean(gen.square(gen.sub(firstLog, secondLog)), -1);
  });
}

/** Keras' ops.normalize(x, axis, order=2): x · min(rsqrt(Σx²), 1/ε), so a zero vector stays 0. */
export function normalize(x: Tensor, axis: number): Tensor {
  const t = x.rank === 0 ? reshape(x, [1]) : x;
  const inv = gen.minimum(gen.rsqrt(gen.reduceSum(gen.square(t), axis, true)), 1 / kerasEpsilon());
  return gen.mul(t, inv);
}

/** keras.losses.cosine_similarity(y_true, y_pred, axis=-1): -Σ normalize(y_true)·normalize(y_pred). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  const [t, p] = regressionInputs('cosineSimilarity', yTrue, yPred);
  return renamedCall(op('cosineSimilarity'), () => gen.neg(gen.reduceSum(gen.mul(normalize(t, axis), normalize(p, axis)), axis)));
}

/** keras.losses.huber(y_true, y_pred, delta=1): mean of ½e² where |e| <= delta, delta·|e| - ½delta² elsewhere (e = y_pred - y_true). */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  if (typeof delta !== 'number') throw new Error(`${op('huber')}: delta must be a number, got ${describe(delta)}.`);
  const [t, p] = regressionInputs('huber', yTrue, yPred);
  return renamedCall(op('huber'), () => {
    const error = gen.sub(p, t);
    const absError = gen.abs(error);
    const quadratic = gen.mul(gen.square(error), 0.5);
    const linear = gen.sub(gen.mul(absError, delta), 0.5 * delta * delta);
    return reduceMean(where(gen.lessEqual(absError, delta), quadratic, linear), -1);
  });
}

/** keras.losses.log_cosh: mean(log(cosh(e)), axis=-1), as e + softplus(-2e) - log 2 (no overflow). */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = regressionInputs('logCosh', yTrue, yPred);
  return renamedCall(op('logCosh'), () => {
    const e = gen.sub(p, t);
    return reduceMean(gen.sub(gen.add(e, gen.softplus(gen.mul(e, -2))), Math.LN2), -1);
  });
}

/** keras.losses.kl_divergence: Σ y_true · log(y_true / y_pred) over the last axis, both clipped to [ε, 1]. */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = predAndTrue('klDivergence', yTrue, yPred);
  return renamedCall(op('klDivergence'), () => {
    const t = clipByValue(t0, kerasEpsilon(), 1);
    const p = clipByValue(p0, kerasEpsilon(), 1);
    return gen.reduceSum(gen.mul(t, gen.log(gen.div(t, p))), -1);
  });
}

/** keras.losses.poisson: mean(y_pred - y_true · log(y_pred + ε), axis=-1). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = predAndTrue('poisson', yTrue, yPred);
  return renamedCall(op('poisson'), () => reduceMean(gen.sub(p, gen.mul(t, gen.log(gen.add(p, kerasEpsilon())))), -1));
}

/** keras.losses.hinge: mean(max(1 - y_true · y_pred, 0), axis=-1); labels that are all 0 or 1
 * are first mapped to -1 and 1. */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p] = predAndTrue('hinge', yTrue, yPred);
  return renamedCall(op('hinge'), () => reduceMean(hingeMargins(t0, p), -1));
}

/** Keras' convert_binary_labels_to_hinge: labels that are all 0 or 1 become -1 and 1; others stay. */
export function signedLabels(t0: Tensor): Tensor {
  // A select on a tensor, as Keras's ops.cond: a compiled function decides at every call.
  const isBinary = gen.reduceAll(gen.logicalOr(gen.equal(t0, 0), gen.equal(t0, 1)));
  return where(isBinary, gen.sub(gen.mul(t0, 2), 1), t0);
}

/** max(1 - y_true · y_pred, 0), the labels mapped by signedLabels. */
function hingeMargins(t0: Tensor, p: Tensor): Tensor {
  return gen.maximum(gen.sub(1, gen.mul(signedLabels(t0), p)), 0);
}

/**
 * keras.losses.squared_hinge: mean(max(1 - y_true · y_pred, 0)², axis=-1); labels that are all 0
 * or 1 are first mapped to -1 and 1, as in `hinge`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.squaredHinge([[0, 1]], [[0.5, 0.25]]).arraySync()); // [ 1.40625 ]
 * ```
 */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p] = predAndTrue('squaredHinge', yTrue, yPred);
  return renamedCall(op('squaredHinge'), () => reduceMean(gen.square(hingeMargins(t0, p)), -1));
}

/**
 * keras.losses.categorical_hinge: max(neg - pos + 1, 0) with pos = Σ y_true·y_pred and
 * neg = max((1 - y_true)·y_pred) over the last axis (one-hot labels; not converted).
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.categoricalHinge([[0, 1, 0]], [[0.5, 0.25, 0.125]]).arraySync()); // [ 1.25 ]
 * ```
 */
export function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = predAndTrue('categoricalHinge', yTrue, yPred);
  return renamedCall(op('categoricalHinge'), () => {
    const pos = gen.reduceSum(gen.mul(t, p), -1);
    const neg = gen.reduceMax(gen.mul(gen.sub(1, t), p), -1);
    return gen.maximum(gen.add(gen.sub(neg, pos), 1), 0);
  });
}

function checkSmoothing(name: string, labelSmoothing: number): void {
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new Error(`${op(name)}: labelSmoothing must be a number in [0, 1], got ${describe(labelSmoothing)}.`);
  }
}

function checkSameShape(name: string, target: Tensor, output: Tensor): void {
  if (target.rank !== output.rank) {
    throw new Error(`${op(name)}: y_true and y_pred must have the same rank; received y_true.shape=${shapeText(target.shape)}, y_pred.shape=${shapeText(output.shape)}.`);
  }
  if (!sameShape(target.shape, output.shape)) {
    throw new Error(`${op(name)}: y_true and y_pred must have the same shape; received y_true.shape=${shapeText(target.shape)}, y_pred.shape=${shapeText(output.shape)}.`);
  }
}

/**
 * keras.losses.binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0, axis=-1):
 * the mean over `axis` of -(t·log p + (1-t)·log(1-p)) with p clipped to [ε, 1-ε], or, from logits,
 * TensorFlow's stable sigmoid cross entropy. Smoothing moves labels towards 1/2:
 * t(1 - s) + s/2.
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const name = 'binaryCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkSmoothing(name, labelSmoothing);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  checkSameShape(name, t0, p);
  return renamedCall(op(name), () => reduceMean(elementwiseBinaryCrossentropy(smoothBinary(t0, labelSmoothing), p, logits), axis));
}

/** Binary labels moved towards 1/2: t(1 - s) + s/2. */
const smoothBinary = (t: Tensor, labelSmoothing: number): Tensor => (labelSmoothing ? gen.add(gen.mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing) : t);

/** Keras' backend binary_crossentropy: -(t·log p + (1-t)·log(1-p)) with p clipped to [ε, 1-ε], or,
 * from logits, TensorFlow's stable sigmoid cross entropy. */
export function elementwiseBinaryCrossentropy(t: Tensor, p: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return nn.sigmoidCrossEntropyWithLogits({ labels: t, logits: p });
  const o = clipByValue(p, kerasEpsilon(), 1 - kerasEpsilon());
  return gen.neg(gen.add(gen.mul(t, gen.log(o)), gen.mul(gen.sub(1, t), gen.log(gen.sub(1, o)))));
}

function checkNumber(name: string, key: string, v: unknown): number {
  if (typeof v !== 'number') throw new Error(`${op(name)}: ${key} must be a number, got ${describe(v)}.`);
  return v;
}

/**
 * keras.losses.binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
 * gamma=2, from_logits=False, label_smoothing=0, axis=-1): the mean over `axis` of
 * (1 - p_t)^gamma · bce, with p_t = t·p + (1-t)·(1-p) and bce the binary crossentropy (from
 * logits: p = sigmoid(y_pred), and bce the stable form on the logits, as Keras' TensorFlow backend
 * computes it); with class balancing, times alpha·t + (1 - alpha)·(1 - t).
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.binaryFocalCrossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).arraySync()); // [ 0.3298646807670593, 0.20579838752746582 ]
 * ```
 */
export function binaryFocalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  applyClassBalancing = false,
  alpha = 0.25,
  gamma = 2,
  fromLogits = false,
  labelSmoothing = 0,
  axis = -1,
): Tensor {
  const name = 'binaryFocalCrossentropy';
  const balance = checkBoolean(applyClassBalancing, op(name), 'applyClassBalancing', false);
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkNumber(name, 'alpha', alpha);
  checkNumber(name, 'gamma', gamma);
  checkSmoothing(name, labelSmoothing);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  checkSameShape(name, t0, p);
  return renamedCall(op(name), () => {
    const t = smoothBinary(t0, labelSmoothing);
    const prob = logits ? gen.sigmoid(p) : p;
    const bce = elementwiseBinaryCrossentropy(t, p, logits);
    const pT = gen.add(gen.mul(t, prob), gen.mul(gen.sub(1, t), gen.sub(1, prob)));
    let focal = gen.mul(gen.pow(gen.sub(1, pT), gamma), bce);
    if (balance) focal = gen.mul(gen.add(gen.mul(t, alpha), gen.mul(gen.sub(1, t), 1 - alpha)), focal);
    return reduceMean(focal, axis);
  });
}

/**
 * keras.losses.categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2,
 * from_logits=False, label_smoothing=0, axis=-1): Σ alpha·(1 - p)^gamma · (-t·log p) over `axis`,
 * with p = y_pred (softmax of it from logits) rescaled to sum to 1 and clipped to [ε, 1-ε].
 * `alpha` is a number or one weight per class (the last axis). Smoothing: t(1 - s) + s/C.
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.categoricalFocalCrossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]).arraySync()); // [ 0.00026340148178860545, 0.675912082195282 ]
 * ```
 */
export function categoricalFocalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  alpha: number | readonly number[] = 0.25,
  gamma = 2,
  fromLogits = false,
  labelSmoothing = 0,
  axis = -1,
): Tensor {
  const name = 'categoricalFocalCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  if (typeof alpha !== 'number' && !(Array.isArray(alpha) && alpha.every((a) => typeof a === 'number'))) {
    throw new Error(`${op(name)}: alpha must be a number or an array of numbers (one per class), got ${describe(alpha)}.`);
  }
  checkNumber(name, 'gamma', gamma);
  checkSmoothing(name, labelSmoothing);
  if (!Number.isInteger(axis)) throw new Error(`${op(name)}: axis must be an integer, got ${describe(axis)}.`);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  if (t0.rank < 1) throw new Error(`${op(name)}: y_true must be at least rank 1; received y_true.shape=${shapeText(t0.shape)}.`);
  const ax = normalizeAxis(axis, p.rank, op(name));
  return renamedCall(op(name), () => {
    const classes = t0.shape[t0.rank - 1]!;
    const t = labelSmoothing ? gen.add(gen.mul(t0, 1 - labelSmoothing), labelSmoothing / classes) : t0;
    const probs = logits ? softmaxOp(p, ax) : p;
    const o = clipByValue(gen.div(probs, gen.reduceSum(probs, ax, true)), kerasEpsilon(), 1 - kerasEpsilon());
    const cce = gen.mul(gen.neg(t), gen.log(o));
    const weighting = gen.mul(gen.pow(gen.sub(1, o), gamma), typeof alpha === 'number' ? alpha : constant(alpha as number[], p.dtype));
    return gen.reduceSum(gen.mul(weighting, cce), ax);
  });
}

/**
 * keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0,
 * axis=-1): -Σ t·log p over `axis`, with p rescaled to sum to 1 and clipped to [ε, 1-ε], or, from
 * logits, the softmax cross entropy (log-softmax, stable). Smoothing: t(1 - s) + s/C, with C the
 * size of the last axis.
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const name = 'categoricalCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkSmoothing(name, labelSmoothing);
  if (typeof axis !== 'number') throw new Error(`${op(name)}: axis must be an integer, got ${describe(axis)}.`);
  const [t0, p] = predAndTrue(name, yTrue, yPred);
  if (t0.rank < 1) throw new Error(`${op(name)}: y_true and y_pred must be at least rank 1; received y_true.shape=${shapeText(t0.shape)}.`);
  checkSameShape(name, t0, p);
  const ax = normalizeAxis(axis, p.rank, op(name));
  return renamedCall(op(name), () => {
    const classes = t0.shape[t0.rank - 1]!;
    const t = labelSmoothing ? gen.add(gen.mul(t0, 1 - labelSmoothing), labelSmoothing / classes) : t0;
    if (logits) return nn.softmaxCrossEntropyWithLogits({ labels: t, logits: p, axis: ax });
    const o = clipByValue(gen.div(p, gen.reduceSum(p, ax, true)), kerasEpsilon(), 1 - kerasEpsilon());
    return gen.neg(gen.reduceSum(gen.mul(t, gen.log(o)), ax));
  });
}

/** y_true without a trailing axis of size 1 when it has y_pred's rank (Keras squeezes it). */
const sparseLabels = (t: Tensor, p: Tensor): Tensor => (t.rank === p.rank && t.shape[t.rank - 1] === 1 ? squeezeLast(t) : t);

/** The entries of sparse labels that are not `ignoreClass`, shaped like the per-sample losses. */
function validLabels(t: Tensor, ignoreClass: number): Tensor {
  return gen.notEqual(t, ignoreClass);
}

function checkIgnoreClass(name: string, ignoreClass: number | null): void {
  if (ignoreClass !== null && ignoreClass !== undefined && !Number.isInteger(ignoreClass)) {
    throw new Error(`${op(name)}: ignoreClass must be an integer class id or null, got ${describe(ignoreClass)}.`);
  }
}

/**
 * keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=False,
 * ignore_class=None, axis=-1): categorical crossentropy with integer class ids `y_true` (any
 * numeric dtype; cast to int32 as Keras casts to int64). Probabilities are clipped to [ε, 1-ε]
 * and their log used as logits. Entries whose label is `ignoreClass` get a loss of 0 (and the
 * Loss class leaves them out of the mean, as Keras' mask does).
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  fromLogits = false,
  /** A label whose samples are left out of the loss (default null: none). */
  ignoreClass: number | null = null,
  axis = -1,
): Tensor {
  const name = 'sparseCategoricalCrossentropy';
  const logits = checkBoolean(fromLogits, op(name), 'fromLogits', false);
  checkIgnoreClass(name, ignoreClass);
  let p = toTensor(yPred, undefined, op(name));
  if (!isFloat(p.dtype)) throw new Error(`${op(name)}: y_pred must be a float32 or float64 tensor, got ${p.dtype}.`);
  if (p.rank < 1) throw new Error(`${op(name)}: y_pred must be at least rank 1; received y_pred.shape=${shapeText(p.shape)}.`);
  if (axis !== -1 && axis !== p.rank - 1) throw new Error(`${op(name)}: only axis=-1 is supported, got axis=${describe(axis)}.`);
  let t = sparseLabels(toTensor(yTrue, 'int32', op(name)), p);
  return renamedCall(op(name), () => {
    const valid = ignoreClass === null || ignoreClass === undefined ? null : validLabels(t, ignoreClass);
    if (valid !== null) {
      // Ignored entries become class 0 with an all-zero prediction, then their loss is set to 0.
      t = gen.mul(t, cast(valid, t.dtype));
      p = gen.mul(p, cast(expandLast(valid), p.dtype));
    }
    const ids = cast(t, 'int32');
    const out = logits ? p : gen.log(clipByValue(p, kerasEpsilon(), 1 - kerasEpsilon()));
    const res = nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ids, logits: out });
    return valid === null ? res : where(valid, res, 0);
  });
}

/** Axes of Dice and Tversky: one, several, or null for all of them. */
export type LossAxes = number | readonly number[] | null;

function checkLossAxes(name: string, axis: unknown): LossAxes {
  const ok = axis === null || Number.isInteger(axis) || (Array.isArray(axis) && axis.every((a) => Number.isInteger(a)));
  if (!ok) throw new Error(`${op(name)}: axis must be an integer, an array of integers or null, got ${describe(axis)}.`);
  return axis as LossAxes;
}

/**
 * keras.losses.dice(y_true, y_pred, axis=None): 1 - 2·Σ(y_true·y_pred) / (Σy_true + Σy_pred + ε),
 * the sums over `axis` (null, the default: over everything, one loss for the whole batch).
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.dice([[1, 1], [0, 0]], [[0.5, 1], [0, 0.5]]).arraySync()); // 0.25
 * console.log(tf.keras.losses.dice([[1, 1], [0, 0]], [[0.5, 1], [0, 0.5]], 1).arraySync()); // [ 0.1428571343421936, 1 ]
 * ```
 */
export function dice(yTrue: TensorLike, yPred: TensorLike, axis: LossAxes = null): Tensor {
  const name = 'dice';
  const ax = checkLossAxes(name, axis);
  const [t, p] = predAndTrue(name, yTrue, yPred);
  return renamedCall(op(name), () => {
    const intersection = gen.reduceSum(gen.mul(t, p), ax);
    const total = gen.add(gen.add(gen.reduceSum(t, ax), gen.reduceSum(p, ax)), kerasEpsilon());
    return gen.sub(1, gen.div(gen.mul(intersection, 2), total));
  });
}

/**
 * keras.losses.tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
 * 1 - I / (I + alpha·Σ(1 - y_pred)·y_true + beta·Σy_pred·(1 - y_true) + ε) with I = Σy_true·y_pred,
 * the sums over `axis` (null: everything). alpha = beta = 0.5 is the Dice loss.
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.tversky([[1, 1], [0, 0]], [[0.5, 1], [0, 0.5]], 0.7, 0.3).arraySync()); // 0.25
 * ```
 */
export function tversky(yTrue: TensorLike, yPred: TensorLike, alpha = 0.5, beta = 0.5, axis: LossAxes = null): Tensor {
  const name = 'tversky';
  checkNumber(name, 'alpha', alpha);
  checkNumber(name, 'beta', beta);
  const ax = checkLossAxes(name, axis);
  const [t, p] = predAndTrue(name, yTrue, yPred);
  return renamedCall(op(name), () => {
    const intersection = gen.reduceSum(gen.mul(t, p), ax);
    // Keras' names: fp weighs the labels the prediction misses, fn the predictions off the labels.
    const fp = gen.reduceSum(gen.mul(gen.sub(1, p), t), ax);
    const fn = gen.reduceSum(gen.mul(p, gen.sub(1, t)), ax);
    const denominator = gen.add(gen.add(gen.add(intersection, gen.mul(fp, alpha)), gen.mul(fn, beta)), kerasEpsilon());
    return gen.sub(1, gen.div(intersection, denominator));
  });
}

/**
 * keras.losses.categorical_generalized_cross_entropy(y_true, y_pred, q): (1 - p^q) / q, with p the
 * probability `y_pred` gives the class `y_true` names (integer class ids, cast to integers; an id
 * outside [0, classes) gives p = 0). The one-hot labels [...y_true.shape, classes] broadcast
 * against `y_pred` as Keras' do (so labels [batch, 1] give a [batch, batch] result, as in Keras).
 *
 * @example
 * ```ts
 * const loss = tf.keras.losses.categoricalGeneralizedCrossEntropy([0, 1], [[0.64, 0.36], [0.19, 0.81]], 0.5);
 * console.log(loss.arraySync().map((v) => v.toFixed(4))); // [ '0.4000', '0.2000' ]
 * ```
 */
export function categoricalGeneralizedCrossEntropy(yTrue: TensorLike, yPred: TensorLike, q: number): Tensor {
  const name = 'categoricalGeneralizedCrossEntropy';
  checkNumber(name, 'q', q);
  const p = toTensor(yPred, undefined, op(name));
  if (!isFloat(p.dtype)) throw new Error(`${op(name)}: y_pred must be a float32 or float64 tensor of class probabilities, got ${p.dtype}.`);
  if (p.rank < 1) throw new Error(`${op(name)}: y_pred must be at least rank 1 ([batch, classes]); received y_pred.shape=${shapeText(p.shape)}.`);
  const ids = cast(toTensor(yTrue, undefined, op(name)), 'int32');
  return renamedCall(op(name), () => {
    const oneHotTrue = cast(oneHot(ids, p.shape[p.rank - 1]!), p.dtype);
    const prob = gen.reduceSum(gen.mul(p, oneHotTrue), -1);
    return gen.div(gen.sub(1, gen.pow(prob, q)), q);
  });
}

/** Circle's labels: integer ids, rank 1 [n] or rank 2 [n, 1], one per embedding row. */
function circleLabels(name: string, labels: TensorLike, rows: number, what: string, embeddings: string): Tensor {
  const t = cast(toTensor(labels, undefined, op(name)), 'int32');
  if (!(t.rank === 1 || (t.rank === 2 && t.shape[1] === 1)) || t.size !== rows) {
    throw new Error(`${op(name)}: ${what} must hold one integer label per row of ${embeddings} (${rows}), shaped [${rows}] or [${rows}, 1]; received ${what}.shape=${shapeText(t.shape)}.`);
  }
  return t;
}

/**
 * keras.losses.circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True,
 * gamma=80, margin=0.4): the Circle loss (Sun et al. 2020) of L2-normalized embeddings `y_pred`
 * [batch, dims] with integer labels `y_true`, against the reference embeddings and labels
 * (default: the batch itself). With d = max(1 - y_pred·refᵀ, 0) the cosine distances, per row:
 * softplus(logsumexp over positives of -gamma·max(margin + d, 0)·(margin - d) + logsumexp over
 * negatives of gamma·max(1 + margin - d, 0)·(1 - margin - d)); positives are pairs of equal labels
 * (without the pair of a row with itself when `removeDiagonal`). As in Keras, the result carries a
 * mask (`kerasMask`) of the rows whose loss is above 0, and the Circle loss class leaves the others
 * (rows with no positive, or whose loss underflows to 0) out of its mean.
 *
 * @example
 * ```ts
 * const e = tf.keras.utils.normalize([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]]);
 * const loss = tf.keras.losses.circle([0, 0, 1, 1], e, null, null, true, 2, 0.25);
 * console.log(loss.arraySync().map((v) => v.toFixed(4))); // [ '1.0295', '1.2745', '1.2745', '1.0295' ]
 * ```
 */
export function circle(
  yTrue: TensorLike,
  yPred: TensorLike,
  refLabels: TensorLike | null = null,
  refEmbeddings: TensorLike | null = null,
  removeDiagonal = true,
  gamma = 80,
  margin = 0.4,
): Tensor {
  const name = 'circle';
  const remove = checkBoolean(removeDiagonal, op(name), 'removeDiagonal', true);
  checkNumber(name, 'gamma', gamma);
  checkNumber(name, 'margin', margin);
  const p = toTensor(yPred, undefined, op(name));
  if (!isFloat(p.dtype)) throw new Error(`${op(name)}: y_pred must be float32 or float64 embeddings, got ${p.dtype}.`);
  if (p.rank !== 2) throw new Error(`${op(name)}: y_pred must be embeddings of rank 2 [batch, dims]; received y_pred.shape=${shapeText(p.shape)}.`);
  const ref = refEmbeddings === null || refEmbeddings === undefined ? p : cast(toTensor(refEmbeddings, p.dtype, op(name)), p.dtype);
  if (ref.rank !== 2 || ref.shape[1] !== p.shape[1]) {
    throw new Error(`${op(name)}: ref_embeddings must have rank 2 and y_pred's ${p.shape[1]} dims; received ref_embeddings.shape=${shapeText(ref.shape)}, y_pred.shape=${shapeText(p.shape)}.`);
  }
  const t = circleLabels(name, yTrue, p.shape[0]!, 'y_true', 'y_pred');
  const refT = refLabels === null || refLabels === undefined ? t : circleLabels(name, refLabels, ref.shape[0]!, 'ref_labels', 'ref_embeddings');
  const loss = renamedCall(op(name), () => {
    const [rows, cols] = [p.shape[0]!, ref.shape[0]!];
    // Keras' build_pos_neg_masks: labels as a column against the reference labels as a row.
    let positive = gen.equal(reshape(t, [rows, 1]), reshape(refT, [1, cols]));
    const negative = gen.logicalNot(positive);
    if (remove) positive = gen.logicalAnd(positive, gen.equal(eye(rows, cols, null, 'int32'), 0));
    const d = gen.maximum(gen.sub(1, matmul(p, ref, false, true)), 0);
    const positiveMask = cast(positive, p.dtype), negativeMask = cast(negative, p.dtype);
    const positiveWeights = gen.maximum(gen.mul(gen.add(margin, d), positiveMask), 0);
    const negativeWeights = gen.maximum(gen.mul(gen.sub(1 + margin, d), negativeMask), 0);
    const positiveTerms = gen.mul(gen.mul(-1 * gamma, positiveWeights), gen.sub(margin, d));
    const negativeTerms = gen.mul(gen.mul(gamma, negativeWeights), gen.sub(1 - margin, d));
    const positiveLoss = reduceLogSumExp(where(positive, positiveTerms, -Infinity), 1);
    const negativeLoss = reduceLogSumExp(where(negative, negativeTerms, -Infinity), 1);
    return gen.softplus(gen.add(positiveLoss, negativeLoss));
  });
  kerasMasks.set(loss, gen.greater(loss, 0));
  return loss;
}

/** A shape as Python prints a tuple, as Keras' messages show it: `(4, 7)`, `(4,)`. */
const pythonShape = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/**
 * keras.losses.ctc(y_true, y_pred): the CTC loss of each sequence, with Keras' conventions: `y_true`
 * [batch, maxLength] integer labels padded with 0 (0 is the blank, so no class may be 0; each
 * label's length is its count of nonzero entries), `y_pred` [batch, frames, classes] logits (the
 * softmax is taken here; every frame counts). Computed by `tf.nn.ctcLoss` (TensorFlow's dense
 * algorithm, blank 0, batch-major), so its gradient is TensorFlow's; float64 logits are computed
 * in float32 and the loss cast back to float64, as Keras' TensorFlow backend does.
 *
 * @example
 * ```ts
 * // Two frames, classes {blank, a}, uniform logits: "a" has 3 of the 4 paths' probability.
 * const loss = tf.keras.losses.ctc([[1, 0]], [[[0, 0], [0, 0]]]);
 * console.log(loss.arraySync()[0]!.toFixed(5), Math.log(4 / 3).toFixed(5)); // 0.28768 0.28768
 * ```
 */
export function ctc(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const name = 'ctc';
  const t = toTensor(yTrue, undefined, op(name));
  const p = toTensor(yPred, undefined, op(name));
  if (t.rank !== 2) {
    throw new Error(`${op(name)}: Targets \`y_true\` are expected to be a tensor of shape \`(batch_size, max_length)\` in integer format. Received: y_true.shape=${pythonShape(t.shape)}`);
  }
  if (p.rank !== 3) {
    throw new Error(`${op(name)}: Logits \`y_pred\` are expected to be a tensor of shape \`(batch_size, max_length, num_classes)\`. Received: y_pred.shape=${pythonShape(p.shape)}`);
  }
  if (!isFloat(p.dtype)) throw new Error(`${op(name)}: y_pred must be float32 or float64 logits, got ${p.dtype}.`);
  return renamedCall(op(name), () => {
    const [batch, frames] = [p.shape[0]!, p.shape[1]!];
    const labelLength = gen.reduceSum(cast(gen.notEqual(t, 0), 'int32'), -1);
    const logitLength = constant(new Array<number>(batch).fill(frames), 'int32');
    const logits = p.dtype === 'float32' ? p : cast(p, 'float32');
    const loss = ctcLoss(cast(t, 'int32'), logits, labelLength, logitLength, { logitsTimeMajor: false, blankIndex: 0 });
    return p.dtype === 'float32' ? loss : cast(loss, p.dtype);
  });
}

// ---------------------------------------------------------------------------
// Loss classes
// ---------------------------------------------------------------------------

/** Keras' reductions: 'sum_over_batch_size' (default) and 'mean' divide the weighted sum by the
 * number of loss values, 'mean_with_sample_weight' by the sum of the sample weights, 'sum' does
 * not divide, 'none' (or null) returns the weighted per-sample losses. */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none' | null;
const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none', null];

/** Options of the Keras loss classes (`new tf.keras.losses.X(options)`). */
export interface LossOptions {
  /** How the per-sample losses are reduced: `'sum_over_batch_size'` (the default), `'sum'`, `'mean'`, `'mean_with_sample_weight'` or `'none'`. */
  reduction?: Reduction;
  /** The loss's name (default: Keras' snake_case name, e.g. `'mean_squared_error'`). */
  name?: string;
  /** The dtype inputs are converted to (Keras' `dtype`); floatx when absent. */
  dtype?: 'float32' | 'float64';
}

/** Keras' reduce_values: the sum of `values`, divided as `reduction` says. */
function reduceValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  const empty = values.rank === 0 || (values.rank === 1 && values.shape[0] === 0);
  if (reduction === null || reduction === 'none' || empty) return values;
  const loss = gen.reduceSum(values);
  if (reduction === 'sum') return loss;
  if (reduction === 'mean_with_sample_weight' && sampleWeight !== null) return gen.divNoNan(loss, gen.reduceSum(sampleWeight));
  return values.size > 0 ? gen.div(loss, values.size) : gen.divNoNan(loss, constant(0, loss.dtype));
}

/** Keras' reduce_weighted_values: the mask (scaled so a mean covers only valid entries) and the
 * sample weights multiply the losses, then `reduction` reduces them. */
function reduceWeightedValues(values: Tensor, sampleWeight: TensorLike | undefined, mask: Tensor | null, reduction: Reduction, dtype: 'float32' | 'float64', name: string): Tensor {
  let weights = sampleWeight === undefined || sampleWeight === null ? null : cast(toTensor(sampleWeight, dtype, name), dtype);
  if (mask !== null) {
    let m = cast(mask, dtype);
    if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
      m = gen.mul(m, gen.divNoNan(constant(m.size, dtype), gen.reduceSum(m)));
    }
    if (weights !== null) {
      const [m2, w2] = squeezeOrExpandToSameRank(m, weights);
      weights = gen.mul(w2, m2);
    } else weights = m;
  }
  let v = values;
  if (weights !== null) {
    [v, weights] = squeezeOrExpandToSameRank(v, weights);
    v = gen.mul(v, weights);
  }
  return reduceValues(v, weights, reduction);
}

/** A loss object is callable, as in Keras: `loss(yTrue, yPred, sampleWeight?)` is `loss.call(...)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Loss {
  (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor;
}

/**
 * keras.losses.Loss: `call(yTrue, yPred, sampleWeight?)` converts both to the loss's dtype,
 * computes the per-sample losses (`perSample`, Keras' `Loss.call`), weights and reduces them.
 * Subclass it and implement `perSample` for a custom loss.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Loss {
  // (Declared, not defined: the constructor sets them on the callable it returns.)
  /** The loss's name (default: Keras' snake_case name, e.g. `'mean_squared_error'`). */
  declare readonly name: string;
  /** How the per-sample losses are reduced: `'sum_over_batch_size'` (the default), `'sum'`, `'mean'`, `'mean_with_sample_weight'` or `'none'`. */
  declare readonly reduction: Reduction;
  /** The dtype inputs are converted to; the default float when absent. */
  declare readonly dtype: 'float32' | 'float64';

  /** The class name errors print (`keras.losses.Huber`). */
  protected declare readonly className: string;

  constructor(options: LossOptions, defaultName: string, className: string = new.target.name) {
    const cls = className;
    if (!REDUCTIONS.includes(options.reduction === undefined ? 'sum_over_batch_size' : options.reduction)) {
      throw new Error(
        `keras.losses.${cls}: invalid reduction ${describe(options.reduction)}; expected one of ` +
          "'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none' or null.",
      );
    }
    if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float64') {
      throw new Error(`keras.losses.${cls}: dtype must be 'float32' or 'float64', got ${describe(options.dtype)}.`);
    }
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw new Error(`keras.losses.${cls}: name must be a string, got ${describe(options.name)}.`);
    }
    // Python calls a loss object (`mse(y_true, y_pred)`), so the instance is a function with this
    // class's prototype: calling it runs `call`, and methods and fields work as on any object.
    const callable = function (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
      return (callable as unknown as Loss).call(yTrue, yPred, sampleWeight);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    Object.defineProperty(callable, 'name', { value: options.name ?? defaultName, enumerable: true });
    const self = callable as unknown as Record<'reduction' | 'dtype' | 'className', unknown>;
    self.reduction = options.reduction === undefined ? 'sum_over_batch_size' : options.reduction;
    self.dtype = options.dtype ?? getFloatx();
    self.className = cls;
    return callable as unknown as Loss;
  }

  /** The per-sample losses of inputs already in the loss's dtype (Keras' `Loss.call`). */
  abstract perSample(yTrue: Tensor, yPred: Tensor): Tensor;

  /** Entries of the per-sample losses to leave out of the reduction (Keras' mask); null: none. */
  protected lossMask(_yTrue: Tensor, _yPred: Tensor): Tensor | null {
    return null;
  }

  /** Python's `loss(y_true, y_pred, sample_weight=None)`: the weighted, reduced loss. A mask the
   * predictions carry (`yPred.kerasMask`, e.g. a recurrent layer's output over masked timesteps)
   * leaves the masked entries out, as Keras' `Loss.__call__` does (and with the loss's own mask). */
  call(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    const name = `keras.losses.${this.className}`;
    const carried = yPred instanceof Tensor ? (kerasMasks.get(yPred) ?? null) : null;
    const p = cast(toTensor(yPred, this.dtype, name), this.dtype);
    const t = cast(toTensor(yTrue, this.dtype, name), this.dtype);
    const values = this.perSample(t, p);
    return renamedCall(name, () => {
      // Keras' masks: the predictions' (in_mask), and the per-sample losses' own (out_mask: the
      // mask a loss function set on its result, as circle does, or the class's lossMask).
      const own = kerasMasks.get(values) ?? this.lossMask(t, p);
      const mask = carried === null ? own : own === null ? carried : gen.logicalAnd(carried, own);
      return reduceWeightedValues(values, sampleWeight, mask, this.reduction, this.dtype, name);
    });
  }

  /** The constructor options that rebuild this loss: `new Cls(loss.getConfig())`. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction, dtype: this.dtype };
  }
}

/** A Loss from a per-sample loss function (Keras' LossFunctionWrapper): ranks are reconciled first. */
abstract class LossFunctionWrapper extends Loss {
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p);
  }

  protected abstract fn(yTrue: Tensor, yPred: Tensor): Tensor;
}

/** Keras 3's last three loss arguments, in its order (after each class's own but Dice's and Tversky's). */
export type LossPositional = [reduction?: Reduction, name?: string | null, dtype?: 'float32' | 'float64' | null];
const TAIL = ['reduction', 'name', 'dtype'];

/** A loss class's arguments as its options, unchecked: one options object, or positionally in Keras
 * 3's order `names` (each class's differs). A null name or dtype is Keras' None, the default; a
 * null reduction is kept (Keras' None: no reduction). */
function lossArguments<T extends LossOptions>(cls: string, args: readonly unknown[], names: readonly string[]): T {
  return (kerasArguments(`keras.losses.${cls}`, args, names, ['name', 'dtype']) ?? {}) as T;
}

/** Checks a loss class's options (the common ones plus `extra`). */
function lossOptions<T extends LossOptions>(cls: string, options: T | undefined, extra: readonly string[] = []): T {
  const keys = ['reduction', 'name', 'dtype', ...extra];
  return checkOptions(options, `keras.losses.${cls}`, keys, `{${keys.join(', ')}}`) as T;
}

/**
 * Keras' `MeanSquaredError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it
 * computes `tf.keras.losses.meanSquaredError` per sample, then weights and reduces
 * (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * const mse = new tf.keras.losses.MeanSquaredError();
 * console.log(mse([[0, 1], [0, 0]], [[1, 1], [1, 0]]).item());          // 0.5
 * const perSample = new tf.keras.losses.MeanSquaredError({ reduction: 'none' });
 * console.log(perSample([[0, 1], [0, 0]], [[1, 1], [1, 0]]).arraySync()); // [ 0.5, 0.5 ]
 * ```
 */
export class MeanSquaredError extends LossFunctionWrapper {
  /** Keras 3's positional form, `MeanSquaredError(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('MeanSquaredError', args, TAIL);
    super(lossOptions('MeanSquaredError', options), 'mean_squared_error', 'MeanSquaredError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanSquaredError(t, p);
  }
}

/** Keras' `MeanAbsoluteError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsoluteError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanAbsoluteError extends LossFunctionWrapper {
  /** Keras 3's positional form, `MeanAbsoluteError(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('MeanAbsoluteError', args, TAIL);
    super(lossOptions('MeanAbsoluteError', options), 'mean_absolute_error', 'MeanAbsoluteError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanAbsoluteError(t, p);
  }
}

/** Keras' `MeanAbsolutePercentageError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsolutePercentageError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  /** Keras 3's positional form, `MeanAbsolutePercentageError(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('MeanAbsolutePercentageError', args, TAIL);
    super(lossOptions('MeanAbsolutePercentageError', options), 'mean_absolute_percentage_error', 'MeanAbsolutePercentageError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanAbsolutePercentageError(t, p);
  }
}

/** Keras' `MeanSquaredLogarithmicError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanSquaredLogarithmicError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  /** Keras 3's positional form, `MeanSquaredLogarithmicError(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('MeanSquaredLogarithmicError', args, TAIL);
    super(lossOptions('MeanSquaredLogarithmicError', options), 'mean_squared_logarithmic_error', 'MeanSquaredLogarithmicError');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return meanSquaredLogarithmicError(t, p);
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface CosineSimilarityOptions extends LossOptions {
  /** The axis the loss reduces over (default -1). */
  axis?: number;
}

/** Keras 3's positional arguments of CosineSimilarity, in its order. */
type CosineSimilarityPositional = [
  axis?: number, ...LossPositional,
];

/** Keras' `CosineSimilarity` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.cosineSimilarity` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class CosineSimilarity extends LossFunctionWrapper {
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  /** Keras 3's positional form, `CosineSimilarity(axis, reduction, name, dtype)`. */
  constructor(...positional: CosineSimilarityPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CosineSimilarityPositional, CosineSimilarityOptions>);
  constructor(options?: CosineSimilarityOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CosineSimilarityOptions>('CosineSimilarity', args, ['axis', ...TAIL]);
    const o = lossOptions('CosineSimilarity', options, ['axis']);
    super(o, 'cosine_similarity', 'CosineSimilarity');
    this.axis = o.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new Error(`keras.losses.CosineSimilarity: axis must be an integer, got ${describe(o.axis)}.`);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return cosineSimilarity(t, p, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** Keras 3's positional arguments of Huber, in its order. */
type HuberPositional = [
  delta?: number, ...LossPositional,
];

/** Keras' `Huber` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.huber` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Huber extends LossFunctionWrapper {
  /** Where the loss turns from quadratic to linear (default 1). */
  readonly delta: number;
  /** Keras 3's positional form, `Huber(delta, reduction, name, dtype)`. */
  constructor(...positional: HuberPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<HuberPositional, HuberOptions>);
  constructor(options?: HuberOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<HuberOptions>('Huber', args, ['delta', ...TAIL]);
    const o = lossOptions('Huber', options, ['delta']);
    super(o, 'huber_loss', 'Huber');
    this.delta = o.delta ?? 1;
    if (typeof this.delta !== 'number') throw new Error(`keras.losses.Huber: delta must be a number, got ${describe(o.delta)}.`);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return huber(t, p, this.delta);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Keras' `LogCosh` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.logCosh` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class LogCosh extends LossFunctionWrapper {
  /** Keras 3's positional form, `LogCosh(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('LogCosh', args, TAIL);
    super(lossOptions('LogCosh', options), 'log_cosh', 'LogCosh');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return logCosh(t, p);
  }
}

/** Keras' `Hinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.hinge` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Hinge extends LossFunctionWrapper {
  /** Keras 3's positional form, `Hinge(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('Hinge', args, TAIL);
    super(lossOptions('Hinge', options), 'hinge', 'Hinge');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return hinge(t, p);
  }
}

/** Keras' `KLDivergence` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.klDivergence` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class KLDivergence extends LossFunctionWrapper {
  /** Keras 3's positional form, `KLDivergence(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('KLDivergence', args, TAIL);
    super(lossOptions('KLDivergence', options), 'kl_divergence', 'KLDivergence');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return klDivergence(t, p);
  }
}

/** Keras' `Poisson` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.poisson` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class Poisson extends LossFunctionWrapper {
  /** Keras 3's positional form, `Poisson(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('Poisson', args, TAIL);
    super(lossOptions('Poisson', options), 'poisson', 'Poisson');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return poisson(t, p);
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface CrossentropyOptions extends LossOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  labelSmoothing?: number;
  /** The axis the loss reduces over (default -1). */
  axis?: number;
}

/** The fromLogits/labelSmoothing/axis options of the two dense crossentropies. */
function crossentropyOptions(cls: string, options: CrossentropyOptions | undefined, extra: readonly string[] = []): Required<Pick<CrossentropyOptions, 'fromLogits' | 'labelSmoothing' | 'axis'>> {
  const o = lossOptions(cls, options, ['fromLogits', 'labelSmoothing', 'axis', ...extra]);
  const fromLogits = checkBoolean(o.fromLogits, `keras.losses.${cls}`, 'fromLogits', false);
  const labelSmoothing = o.labelSmoothing ?? 0;
  checkSmoothing(cls, labelSmoothing);
  const axis = o.axis ?? -1;
  if (!Number.isInteger(axis)) throw new Error(`keras.losses.${cls}: axis must be an integer, got ${describe(o.axis)}.`);
  return { fromLogits, labelSmoothing, axis };
}

/** Keras 3's positional arguments of BinaryCrossentropy, in its order. */
type BinaryCrossentropyPositional = [
  fromLogits?: boolean, labelSmoothing?: number, axis?: number, ...LossPositional,
];

/** Keras' `BinaryCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.binaryCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class BinaryCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  /** Keras 3's positional form, `BinaryCrossentropy(from_logits, label_smoothing, axis, reduction, name, dtype)`. */
  constructor(...positional: BinaryCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BinaryCrossentropyPositional, CrossentropyOptions>);
  constructor(options?: CrossentropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CrossentropyOptions>('BinaryCrossentropy', args, ['fromLogits', 'labelSmoothing', 'axis', ...TAIL]);
    const c = crossentropyOptions('BinaryCrossentropy', options);
    super(options ?? {}, 'binary_crossentropy', 'BinaryCrossentropy');
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return binaryCrossentropy(t, p, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Keras 3's positional arguments of CategoricalCrossentropy, in its order. */
type CategoricalCrossentropyPositional = [
  fromLogits?: boolean, labelSmoothing?: number, axis?: number, ...LossPositional,
];

/** Keras' `CategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.categoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 0.5 (binary) or 1/classes by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The axis the loss reduces over (default -1). */
  readonly axis: number;
  /** Keras 3's positional form, `CategoricalCrossentropy(from_logits, label_smoothing, axis, reduction, name, dtype)`. */
  constructor(...positional: CategoricalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CategoricalCrossentropyPositional, CrossentropyOptions>);
  constructor(options?: CrossentropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CrossentropyOptions>('CategoricalCrossentropy', args, ['fromLogits', 'labelSmoothing', 'axis', ...TAIL]);
    const c = crossentropyOptions('CategoricalCrossentropy', options);
    super(options ?? {}, 'categorical_crossentropy', 'CategoricalCrossentropy');
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return categoricalCrossentropy(t, p, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Options of the Keras loss classes that take them (`new tf.keras.losses.X(options)`). */
export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** A label whose samples are left out of the loss (default null: none). */
  ignoreClass?: number | null;
}

/** Keras 3's positional arguments of SparseCategoricalCrossentropy, in its order. */
type SparseCategoricalCrossentropyPositional = [
  fromLogits?: boolean, ignoreClass?: number | null, ...LossPositional,
];

/** Keras' `SparseCategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.sparseCategoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** A label whose samples are left out of the loss (default null: none). */
  readonly ignoreClass: number | null;
  /** Keras 3's positional form, `SparseCategoricalCrossentropy(from_logits, ignore_class, reduction, name, dtype)`. */
  constructor(...positional: SparseCategoricalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SparseCategoricalCrossentropyPositional, SparseCategoricalCrossentropyOptions>);
  constructor(options?: SparseCategoricalCrossentropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<SparseCategoricalCrossentropyOptions>('SparseCategoricalCrossentropy', args, ['fromLogits', 'ignoreClass', ...TAIL]);
    const o = lossOptions('SparseCategoricalCrossentropy', options, ['fromLogits', 'ignoreClass']);
    super(o, 'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy');
    this.fromLogits = checkBoolean(o.fromLogits, 'keras.losses.SparseCategoricalCrossentropy', 'fromLogits', false);
    this.ignoreClass = o.ignoreClass ?? null;
    checkIgnoreClass('SparseCategoricalCrossentropy', this.ignoreClass);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return sparseCategoricalCrossentropy(t, p, this.fromLogits, this.ignoreClass);
  }
  protected override lossMask(yTrue: Tensor, yPred: Tensor): Tensor | null {
    if (this.ignoreClass === null) return null;
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return validLabels(sparseLabels(t, p), this.ignoreClass);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }
}

/**
 * Keras' `SquaredHinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes
 * `tf.keras.losses.squaredHinge` per sample, then weights and reduces (`sum_over_batch_size` by
 * default).
 *
 * @example
 * ```ts
 * console.log(new tf.keras.losses.SquaredHinge()([[0, 1], [1, 0]], [[0.5, 0.25], [1, -1]]).item()); // 0.703125
 * ```
 */
export class SquaredHinge extends LossFunctionWrapper {
  /** Keras 3's positional form, `SquaredHinge(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('SquaredHinge', args, TAIL);
    super(lossOptions('SquaredHinge', options), 'squared_hinge', 'SquaredHinge');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return squaredHinge(t, p);
  }
}

/**
 * Keras' `CategoricalHinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it
 * computes `tf.keras.losses.categoricalHinge` per sample, then weights and reduces
 * (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * console.log(new tf.keras.losses.CategoricalHinge()([[0, 1, 0], [1, 0, 0]], [[0.5, 0.25, 0.125], [2, 0, 0.5]]).item()); // 0.625
 * ```
 */
export class CategoricalHinge extends LossFunctionWrapper {
  /** Keras 3's positional form, `CategoricalHinge(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('CategoricalHinge', args, TAIL);
    super(lossOptions('CategoricalHinge', options), 'categorical_hinge', 'CategoricalHinge');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return categoricalHinge(t, p);
  }
}

/** Options of `new tf.keras.losses.BinaryFocalCrossentropy(options)`. */
export interface BinaryFocalCrossentropyOptions extends CrossentropyOptions {
  /** Whether to weigh class 1 by alpha and class 0 by 1 - alpha (default false). */
  applyClassBalancing?: boolean;
  /** The weight of class 1 when balancing (default 0.25). */
  alpha?: number;
  /** The focusing exponent of (1 - p_t) (default 2). */
  gamma?: number;
}

/** Keras 3's positional arguments of BinaryFocalCrossentropy, in its order. */
type BinaryFocalCrossentropyPositional = [
  applyClassBalancing?: boolean, alpha?: number, gamma?: number, fromLogits?: boolean, labelSmoothing?: number, axis?: number, ...LossPositional,
];

/**
 * Keras' `BinaryFocalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it
 * computes `tf.keras.losses.binaryFocalCrossentropy` per sample, then weights and reduces
 * (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * const loss = new tf.keras.losses.BinaryFocalCrossentropy({ gamma: 2, fromLogits: true });
 * console.log(loss([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]).item()); // 0.6912120580673218
 * ```
 */
export class BinaryFocalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 0.5 by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The axis the loss averages over (default -1). */
  readonly axis: number;
  /** Whether class 1 is weighed by alpha and class 0 by 1 - alpha (default false). */
  readonly applyClassBalancing: boolean;
  /** The weight of class 1 when balancing (default 0.25). */
  readonly alpha: number;
  /** The focusing exponent (default 2). */
  readonly gamma: number;
  /** Keras 3's positional form, `BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits, label_smoothing, axis, reduction, name, dtype)`. */
  constructor(...positional: BinaryFocalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BinaryFocalCrossentropyPositional, BinaryFocalCrossentropyOptions>);
  constructor(options?: BinaryFocalCrossentropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<BinaryFocalCrossentropyOptions>('BinaryFocalCrossentropy', args, ['applyClassBalancing', 'alpha', 'gamma', 'fromLogits', 'labelSmoothing', 'axis', ...TAIL]);
    const cls = 'BinaryFocalCrossentropy';
    const c = crossentropyOptions(cls, options, ['applyClassBalancing', 'alpha', 'gamma']);
    super(options ?? {}, 'binary_focal_crossentropy', cls);
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
    this.applyClassBalancing = checkBoolean(options?.applyClassBalancing, op(cls), 'applyClassBalancing', false);
    this.alpha = checkNumber(cls, 'alpha', options?.alpha ?? 0.25);
    this.gamma = checkNumber(cls, 'gamma', options?.gamma ?? 2);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return binaryFocalCrossentropy(t, p, this.applyClassBalancing, this.alpha, this.gamma, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis,
      applyClassBalancing: this.applyClassBalancing, alpha: this.alpha, gamma: this.gamma,
    };
  }
}

/** Options of `new tf.keras.losses.CategoricalFocalCrossentropy(options)`. */
export interface CategoricalFocalCrossentropyOptions extends CrossentropyOptions {
  /** The weight of every class, or one weight per class (default 0.25). */
  alpha?: number | readonly number[];
  /** The focusing exponent of (1 - p) (default 2). */
  gamma?: number;
}

/** Keras 3's positional arguments of CategoricalFocalCrossentropy, in its order. */
type CategoricalFocalCrossentropyPositional = [
  alpha?: number | readonly number[], gamma?: number, fromLogits?: boolean, labelSmoothing?: number, axis?: number, ...LossPositional,
];

/**
 * Keras' `CategoricalFocalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`,
 * it computes `tf.keras.losses.categoricalFocalCrossentropy` per sample, then weights and reduces
 * (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * const cce = new tf.keras.losses.CategoricalFocalCrossentropy();
 * console.log(cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).item()); // 0.23315276205539703
 * ```
 */
export class CategoricalFocalCrossentropy extends LossFunctionWrapper {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  readonly fromLogits: boolean;
  /** Squeezes the labels toward 1/classes by this fraction (default 0). */
  readonly labelSmoothing: number;
  /** The class axis the loss sums over (default -1). */
  readonly axis: number;
  /** The weight of every class, or one per class (default 0.25). */
  readonly alpha: number | readonly number[];
  /** The focusing exponent (default 2). */
  readonly gamma: number;
  /** Keras 3's positional form, `CategoricalFocalCrossentropy(alpha, gamma, from_logits, label_smoothing, axis, reduction, name, dtype)`. */
  constructor(...positional: CategoricalFocalCrossentropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CategoricalFocalCrossentropyPositional, CategoricalFocalCrossentropyOptions>);
  constructor(options?: CategoricalFocalCrossentropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CategoricalFocalCrossentropyOptions>('CategoricalFocalCrossentropy', args, ['alpha', 'gamma', 'fromLogits', 'labelSmoothing', 'axis', ...TAIL]);
    const cls = 'CategoricalFocalCrossentropy';
    const c = crossentropyOptions(cls, options, ['alpha', 'gamma']);
    super(options ?? {}, 'categorical_focal_crossentropy', cls);
    this.fromLogits = c.fromLogits;
    this.labelSmoothing = c.labelSmoothing;
    this.axis = c.axis;
    const alpha = options?.alpha ?? 0.25;
    if (typeof alpha !== 'number' && !(Array.isArray(alpha) && alpha.every((a) => typeof a === 'number'))) {
      throw new Error(`${op(cls)}: alpha must be a number or an array of numbers (one per class), got ${describe(alpha)}.`);
    }
    this.alpha = typeof alpha === 'number' ? alpha : [...alpha];
    this.gamma = checkNumber(cls, 'gamma', options?.gamma ?? 2);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return categoricalFocalCrossentropy(t, p, this.alpha, this.gamma, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis,
      alpha: typeof this.alpha === 'number' ? this.alpha : [...this.alpha], gamma: this.gamma,
    };
  }
}

/** Options of `new tf.keras.losses.Dice(options)`. */
export interface DiceOptions extends LossOptions {
  /** The axes the sums run over (default null: all, one loss for the batch). */
  axis?: LossAxes;
}

/** Keras 3's positional arguments of Dice, in its order. */
type DicePositional = [
  reduction?: Reduction, name?: string | null, axis?: LossAxes, dtype?: 'float32' | 'float64' | null,
];

/**
 * Keras' `Dice` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes
 * `tf.keras.losses.dice` (over `axis`), then weights and reduces (`sum_over_batch_size` by
 * default).
 *
 * @example
 * ```ts
 * const yTrue = [[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]];
 * const yPred = [[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]];
 * console.log(new tf.keras.losses.Dice({ axis: [1, 2, 3], reduction: 'none' })(yTrue, yPred).arraySync()); // [ 0.5, 0.7575757503509521 ]
 * ```
 */
export class Dice extends LossFunctionWrapper {
  /** The axes the sums run over (null: all). */
  readonly axis: LossAxes;
  /** Keras 3's positional form, `Dice(reduction, name, axis, dtype)`. */
  constructor(...positional: DicePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<DicePositional, DiceOptions>);
  constructor(options?: DiceOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<DiceOptions>('Dice', args, ['reduction', 'name', 'axis', 'dtype']);
    const o = lossOptions('Dice', options, ['axis']);
    super(o, 'dice', 'Dice');
    this.axis = checkLossAxes('Dice', o.axis === undefined ? null : o.axis);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return dice(t, p, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}

/** Options of `new tf.keras.losses.Tversky(options)`. */
export interface TverskyOptions extends LossOptions {
  /** The weight of the false positives, Σ(1 - y_pred)·y_true in Keras' formula (default 0.5). */
  alpha?: number;
  /** The weight of the false negatives, Σy_pred·(1 - y_true) in Keras' formula (default 0.5). */
  beta?: number;
  /** The axes the sums run over (default null: all, one loss for the batch). */
  axis?: LossAxes;
}

/** Keras 3's positional arguments of Tversky, in its order. */
type TverskyPositional = [
  alpha?: number, beta?: number, reduction?: Reduction, name?: string | null, axis?: LossAxes, dtype?: 'float32' | 'float64' | null,
];

/**
 * Keras' `Tversky` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes
 * `tf.keras.losses.tversky` (over `axis`), then weights and reduces (`sum_over_batch_size` by
 * default).
 *
 * @example
 * ```ts
 * const loss = new tf.keras.losses.Tversky({ alpha: 0.7, beta: 0.3 });
 * console.log(loss([[1, 1], [0, 0]], [[0.5, 1], [0, 0.5]]).item()); // 0.25
 * ```
 */
export class Tversky extends LossFunctionWrapper {
  /** The weight of the false positives (default 0.5). */
  readonly alpha: number;
  /** The weight of the false negatives (default 0.5). */
  readonly beta: number;
  /** The axes the sums run over (null: all). */
  readonly axis: LossAxes;
  /** Keras 3's positional form, `Tversky(alpha, beta, reduction, name, axis, dtype)`. */
  constructor(...positional: TverskyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TverskyPositional, TverskyOptions>);
  constructor(options?: TverskyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<TverskyOptions>('Tversky', args, ['alpha', 'beta', 'reduction', 'name', 'axis', 'dtype']);
    const o = lossOptions('Tversky', options, ['alpha', 'beta', 'axis']);
    super(o, 'tversky', 'Tversky');
    this.alpha = checkNumber('Tversky', 'alpha', o.alpha ?? 0.5);
    this.beta = checkNumber('Tversky', 'beta', o.beta ?? 0.5);
    this.axis = checkLossAxes('Tversky', o.axis === undefined ? null : o.axis);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return tversky(t, p, this.alpha, this.beta, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha, beta: this.beta, axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}

/** Options of `new tf.keras.losses.CategoricalGeneralizedCrossEntropy(options)`. */
export interface CategoricalGeneralizedCrossEntropyOptions extends LossOptions {
  /** The noise parameter, in (0, 1): near 0 the loss is close to the cross entropy, near 1 to the mean absolute error (default 0.5). */
  q?: number;
}

/** Keras 3's positional arguments of CategoricalGeneralizedCrossEntropy, in its order. */
type CategoricalGeneralizedCrossEntropyPositional = [
  q?: number, ...LossPositional,
];

/**
 * Keras' `CategoricalGeneralizedCrossEntropy` loss object: called as `loss(yTrue, yPred,
 * sampleWeight?)` with integer class ids `yTrue` and probabilities `yPred` [batch, classes], it
 * computes `tf.keras.losses.categoricalGeneralizedCrossEntropy` (1 - p^q) / q per sample, then
 * weights and reduces (`sum_over_batch_size` by default).
 *
 * @example
 * ```ts
 * const loss = new tf.keras.losses.CategoricalGeneralizedCrossEntropy();
 * console.log(loss([0, 1, 0, 1], [[0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.4, 0.6]]).item().toFixed(6)); // 0.359860
 * ```
 */
export class CategoricalGeneralizedCrossEntropy extends LossFunctionWrapper {
  /** The noise parameter, in (0, 1) (default 0.5). */
  readonly q: number;
  /** Keras 3's positional form, `CategoricalGeneralizedCrossEntropy(q, reduction, name, dtype)`. */
  constructor(...positional: CategoricalGeneralizedCrossEntropyPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CategoricalGeneralizedCrossEntropyPositional, CategoricalGeneralizedCrossEntropyOptions>);
  constructor(options?: CategoricalGeneralizedCrossEntropyOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CategoricalGeneralizedCrossEntropyOptions>('CategoricalGeneralizedCrossEntropy', args, ['q', ...TAIL]);
    const cls = 'CategoricalGeneralizedCrossEntropy';
    const o = lossOptions(cls, options, ['q']);
    const q = o.q ?? 0.5;
    if (typeof q !== 'number' || !(q > 0 && q < 1)) throw new Error(`${op(cls)}: q must be in the interval (0, 1), got ${describe(o.q)}.`);
    super(o, 'categorical_generalized_cross_entropy', cls);
    this.q = q;
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return categoricalGeneralizedCrossEntropy(t, p, this.q);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), q: this.q };
  }
}

/** Options of `new tf.keras.losses.Circle(options)`. */
export interface CircleOptions extends LossOptions {
  /** The scale of the similarity scores (default 80). */
  gamma?: number;
  /** The relaxation margin (default 0.4). */
  margin?: number;
  /** Whether a row's pair with itself is left out of its positives (default true). */
  removeDiagonal?: boolean;
}

/** Keras 3's positional arguments of Circle, in its order. */
type CirclePositional = [
  gamma?: number, margin?: number, removeDiagonal?: boolean, ...LossPositional,
];

/**
 * Keras' `Circle` loss object: called as `loss(yTrue, yPred, sampleWeight?)` with integer labels
 * `yTrue` [batch] and L2-normalized embeddings `yPred` [batch, dims], it computes
 * `tf.keras.losses.circle` of the batch against itself, then weights and reduces
 * (`sum_over_batch_size` by default), leaving out the rows whose loss is 0 (Keras' mask: rows
 * with no positive pair) from the mean.
 *
 * @example
 * ```ts
 * const e = tf.keras.utils.normalize([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]]);
 * console.log(new tf.keras.losses.Circle({ gamma: 2, margin: 0.25 })([0, 0, 1, 1], e).item().toFixed(4)); // 1.1520
 * ```
 */
export class Circle extends LossFunctionWrapper {
  /** The scale of the similarity scores (default 80). */
  readonly gamma: number;
  /** The relaxation margin (default 0.4). */
  readonly margin: number;
  /** Whether a row's pair with itself is left out of its positives (default true). */
  readonly removeDiagonal: boolean;
  /** Keras 3's positional form, `Circle(gamma, margin, remove_diagonal, reduction, name, dtype)`. */
  constructor(...positional: CirclePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<CirclePositional, CircleOptions>);
  constructor(options?: CircleOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<CircleOptions>('Circle', args, ['gamma', 'margin', 'removeDiagonal', ...TAIL]);
    const cls = 'Circle';
    const o = lossOptions(cls, options, ['gamma', 'margin', 'removeDiagonal']);
    super(o, 'circle', cls);
    this.gamma = checkNumber(cls, 'gamma', o.gamma ?? 80);
    this.margin = checkNumber(cls, 'margin', o.margin ?? 0.4);
    this.removeDiagonal = checkBoolean(o.removeDiagonal, op(cls), 'removeDiagonal', true);
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return circle(t, p, null, null, this.removeDiagonal, this.gamma, this.margin);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), gamma: this.gamma, margin: this.margin, removeDiagonal: this.removeDiagonal };
  }
}

/**
 * Keras' `CTC` loss object: called as `loss(yTrue, yPred, sampleWeight?)` with labels `yTrue`
 * [batch, maxLength] padded with 0 (the blank) and logits `yPred` [batch, frames, classes], it
 * computes `tf.keras.losses.ctc` per sequence, then weights and reduces (`sum_over_batch_size` by
 * default).
 *
 * @example
 * ```ts
 * const loss = new tf.keras.losses.CTC({ reduction: 'none' });
 * console.log(loss([[1, 0]], [[[0, 0], [0, 0]]]).arraySync()[0]!.toFixed(5)); // 0.28768
 * ```
 */
export class CTC extends LossFunctionWrapper {
  /** Keras 3's positional form, `CTC(reduction, name, dtype)`. */
  constructor(...positional: LossPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LossPositional, LossOptions>);
  constructor(options?: LossOptions);
  constructor(...args: unknown[]) {
    const options = lossArguments<LossOptions>('CTC', args, TAIL);
    super(lossOptions('CTC', options), 'ctc', 'CTC');
  }
  protected fn(t: Tensor, p: Tensor): Tensor {
    return ctc(t, p);
  }
}

// ---------------------------------------------------------------------------
// get, serialize, deserialize
// ---------------------------------------------------------------------------

/** A loss function: the per-sample losses of labels and predictions (`tf.keras.losses.mse`). */
export type LossFunction = (yTrue: TensorLike, yPred: TensorLike) => Tensor;

/** The classes `get` and `deserialize` know, by Keras' class name. */
const LOSS_CLASSES: Readonly<Record<string, new (options?: never) => Loss>> = {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, Huber,
  LogCosh, Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson, BinaryCrossentropy, BinaryFocalCrossentropy,
  CategoricalCrossentropy, CategoricalFocalCrossentropy, SparseCategoricalCrossentropy, Dice, Tversky, Circle, CTC,
  CategoricalGeneralizedCrossEntropy,
};

/** The functions by Keras' name (the Python function's). */
const LOSS_FUNCTIONS: Readonly<Record<string, LossFunction>> = {
  mean_squared_error: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError,
  mean_squared_logarithmic_error: meanSquaredLogarithmicError,
  cosine_similarity: cosineSimilarity,
  huber,
  log_cosh: logCosh,
  hinge,
  squared_hinge: squaredHinge,
  categorical_hinge: categoricalHinge,
  kl_divergence: klDivergence,
  poisson,
  binary_crossentropy: binaryCrossentropy,
  binary_focal_crossentropy: binaryFocalCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  categorical_focal_crossentropy: categoricalFocalCrossentropy,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
  dice,
  tversky,
  circle,
  ctc,
};

/** Whether `fn` is one of Keras' own losses (its `losses.ALL_OBJECTS`): a built-in loss function,
 * or an object whose class is a built-in loss class itself (not a subclass of one). Keras'
 * MeanMetricWrapper of one is a metric to minimize (its `_direction` is 'down'), which lets
 * EarlyStopping's 'auto' mode watch `metrics: [new BinaryCrossentropy({name: 'bce'})]`. */
export function isBuiltinLoss(fn: unknown): boolean {
  if (fn instanceof Loss) return Object.values(LOSS_CLASSES).some((C) => Object.getPrototypeOf(fn) === C.prototype);
  return Object.values(LOSS_FUNCTIONS).includes(fn as LossFunction);
}

/** Keras' short names (keras/src/losses/__init__.py), and logcosh, its Keras 2 name. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  bce: 'binary_crossentropy', BCE: 'binary_crossentropy', kld: 'kl_divergence', KLD: 'kl_divergence', mae: 'mean_absolute_error',
  MAE: 'mean_absolute_error', mse: 'mean_squared_error', MSE: 'mean_squared_error', mape: 'mean_absolute_percentage_error',
  MAPE: 'mean_absolute_percentage_error', msle: 'mean_squared_logarithmic_error', MSLE: 'mean_squared_logarithmic_error', logcosh: 'log_cosh',
};

/** The function named `name` in Keras' spelling, a short name, or the camelCase spelling. */
function lossFunctionNamed(name: string): LossFunction | undefined {
  const snake = Object.hasOwn(SHORT_NAMES, name) ? SHORT_NAMES[name]! : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.hasOwn(LOSS_FUNCTIONS, snake) ? LOSS_FUNCTIONS[snake] : undefined;
}

/** The function or a new loss object (Keras' defaults) that `name` identifies. */
function lossNamed(name: string, op: string): Loss | LossFunction {
  if (Object.hasOwn(LOSS_CLASSES, name)) return new LOSS_CLASSES[name]!();
  const fn = lossFunctionNamed(name);
  if (fn !== undefined) return fn;
  throw new Error(
    `${op}: Could not interpret loss identifier: ${describe(name)}; use a class name (${Object.keys(LOSS_CLASSES).join(', ')}) ` +
      `or a function name (${Object.keys(LOSS_FUNCTIONS).join(', ')}, or ${Object.keys(SHORT_NAMES).join(', ')}).`,
  );
}

/**
 * keras.losses.serialize(loss): a loss object as `{className, config}` (its class and
 * `getConfig()`), a built-in loss function as its Keras name ('mean_squared_error', as
 * `tf.keras.activations.serialize` gives a name).
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(tf.keras.losses.serialize(new tf.keras.losses.Huber({ delta: 2 })))); // {"className":"Huber","config":{"name":"huber_loss","reduction":"sum_over_batch_size","dtype":"float32","delta":2}}
 * console.log(tf.keras.losses.serialize(tf.keras.losses.mse)); // mean_squared_error
 * ```
 */
export function serialize(loss: Loss | LossFunction): { className: string; config: Record<string, unknown> } | string {
  const op = 'keras.losses.serialize';
  if (loss instanceof Loss) {
    const entry = Object.entries(LOSS_CLASSES).find(([, C]) => Object.getPrototypeOf(loss) === C.prototype);
    if (entry === undefined) throw new Error(`${op}: ${describe(loss)} is not one of the built-in loss classes (${Object.keys(LOSS_CLASSES).join(', ')}).`);
    return { className: entry[0], config: loss.getConfig() };
  }
  const name = Object.entries(LOSS_FUNCTIONS).find(([, fn]) => fn === loss)?.[0];
  if (name === undefined) throw new Error(`${op}: ${describe(loss)} is not a loss object or a built-in tf.keras.losses function.`);
  return name;
}

/**
 * keras.losses.deserialize(config): a name gives the function ('mse', 'mean_squared_error',
 * 'meanSquaredError') or a new loss object ('MeanSquaredError', Keras' defaults);
 * `{className, config}` (as `serialize` writes it, or as Keras does: `class_name`, snake_case keys,
 * `{className: 'function', config: name}`) gives the object with those options.
 *
 * @example
 * ```ts
 * const loss = tf.keras.losses.deserialize({ className: 'BinaryCrossentropy', config: { from_logits: true } });
 * console.log(loss instanceof tf.keras.losses.BinaryCrossentropy, (loss as tf.keras.losses.BinaryCrossentropy).fromLogits); // true true
 * ```
 */
export function deserialize(config: string | { className: string; config?: unknown }): Loss | LossFunction {
  const op = 'keras.losses.deserialize';
  if (typeof config === 'string') return lossNamed(config, op);
  const s = readSerialized(config, op);
  if (s.className === 'function') {
    const fn = typeof s.config === 'string' ? lossFunctionNamed(s.config) : undefined;
    if (fn === undefined) throw new Error(`${op}: unknown loss function ${describe(s.config)}; one of ${Object.keys(LOSS_FUNCTIONS).join(', ')}.`);
    return fn;
  }
  if (!Object.hasOwn(LOSS_CLASSES, s.className)) {
    throw new Error(`${op}: unknown loss class ${describe(s.className)}; one of ${Object.keys(LOSS_CLASSES).join(', ')}.`);
  }
  if (typeof s.config === 'string') throw new Error(`${op}: the config of ${s.className} must be an object, got ${describe(s.config)}.`);
  const options = { ...(s.config as Record<string, unknown>) };
  // Keras writes dtype as null (floatx) or as a serialized DTypePolicy.
  if (options.dtype === null) delete options.dtype;
  else if (isPlainObject(options.dtype) && isPlainObject(options.dtype.config)) options.dtype = options.dtype.config.name;
  return new LOSS_CLASSES[s.className]!(options as never);
}

/**
 * keras.losses.get(identifier): null for null (as Keras' None); a loss object or function as it
 * is; a name or `{className, config}` as `deserialize` reads it (a class name gives a new object
 * with Keras' defaults).
 *
 * @example
 * ```ts
 * console.log(tf.keras.losses.get('mse') === tf.keras.losses.meanSquaredError); // true
 * console.log(tf.keras.losses.get('MeanSquaredError')!([[0, 1]], [[1, 1]]).item()); // 0.5
 * ```
 */
export function get(identifier: string | { className: string; config?: unknown } | Loss | LossFunction | null | undefined): Loss | LossFunction | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string' || isPlainObject(identifier)) return deserialize(identifier as string);
  throw new Error(`keras.losses.get: Could not interpret loss identifier: ${describe(identifier)}.`);
}

// The classes under distinct names, for the type namespaces in index.ts (see optimizers.ts).
export type LossClass = Loss;
export type MeanSquaredErrorClass = MeanSquaredError;
export type MeanAbsoluteErrorClass = MeanAbsoluteError;
export type MeanAbsolutePercentageErrorClass = MeanAbsolutePercentageError;
export type MeanSquaredLogarithmicErrorClass = MeanSquaredLogarithmicError;
export type HuberClass = Huber;
export type LogCoshClass = LogCosh;
export type BinaryCrossentropyClass = BinaryCrossentropy;
export type CategoricalCrossentropyClass = CategoricalCrossentropy;
export type SparseCategoricalCrossentropyClass = SparseCategoricalCrossentropy;
export type KLDivergenceClass = KLDivergence;
export type PoissonClass = Poisson;
export type CosineSimilarityClass = CosineSimilarity;
export type HingeClass = Hinge;
export type SquaredHingeClass = SquaredHinge;
export type CategoricalHingeClass = CategoricalHinge;
export type BinaryFocalCrossentropyClass = BinaryFocalCrossentropy;
export type CategoricalFocalCrossentropyClass = CategoricalFocalCrossentropy;
export type DiceClass = Dice;
export type TverskyClass = Tversky;
export type CategoricalGeneralizedCrossEntropyClass = CategoricalGeneralizedCrossEntropy;
export type CircleClass = Circle;
export type CTCClass = CTC;
