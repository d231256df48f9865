// tf.keras.activations: Keras 3's activation functions (keras/src/activations/activations.py and
// their TensorFlow backend forms), plus `get` and `serialize` with Keras' names, so a layer config
// saying "leaky_relu" or "swish" finds the same function.

import { normalizeAxis } from './call';
import { floatOperand, shapeText } from './composite';
import { toTensor } from './creation';
import { describe } from './describe';
import * as gen from './generated/ops';
import * as nn from './nn';
import { cast, concat, logSoftmax as logSoftmaxOp, renamedCall, reshape, softmax as softmaxOp, where } from './ops';
import { clipByValue } from './reductions';
import { range, split } from './shape';
import { sort } from './sorting';
import type { Tensor, TensorLike } from './tensor';

/**
 * keras.activations.relu(x, negative_slope=0, max_value=None, threshold=0) (Keras 2 called the
 * slope `alpha`): x above `threshold` (0 at or below it), capped at `maxValue`, and
 * negativeSlope·(x - threshold) added below the threshold. Written as Keras 3 writes it.
 */
export function relu(x: TensorLike, negativeSlope = 0, maxValue: number | null = null, threshold = 0): Tensor {
  const op = 'keras.activations.relu';
  for (const [name, v] of [['negativeSlope', negativeSlope], ['threshold', threshold]] as const) {
    if (typeof v !== 'number') throw new Error(`${op}: ${name} must be a number, got ${describe(v)}.`);
  }
  if (maxValue !== null && maxValue !== undefined && typeof maxValue !== 'number') {
    throw new Error(`${op}: maxValue must be a number or null, got ${describe(maxValue)}.`);
  }
  let t = toTensor(x, undefined, op);
  return renamedCall(op, () => {
    if (negativeSlope !== 0 && (maxValue === null || maxValue === undefined) && threshold === 0) {
      return nn.leakyRelu(t, negativeSlope);
    }
    // relu(-x + threshold): how far below the threshold x is.
    const negativePart = negativeSlope !== 0 ? gen.relu(gen.add(gen.neg(t), threshold)) : null;
    let clipMax = maxValue !== null && maxValue !== undefined;
    if (threshold !== 0) {
      t = gen.mul(t, cast(gen.greater(t, threshold), t.dtype)); // x where x > threshold, else (signed) 0
    } else if (maxValue === 6) {
      t = gen.relu6(t);
      clipMax = false;
    } else {
      t = gen.relu(t);
    }
    if (clipMax) t = clipByValue(t, 0, maxValue!);
    if (negativePart !== null) t = gen.sub(t, gen.mul(negativePart, negativeSlope));
    return t;
  });
}

/** keras.activations.leaky_relu(x, negative_slope=0.2) */
export const leakyRelu = (x: TensorLike, negativeSlope = 0.2): Tensor => nn.leakyRelu(x, negativeSlope);

/** keras.activations.relu6: min(max(x, 0), 6). */
export const relu6 = (x: TensorLike): Tensor => gen.relu6(x);
/** keras.activations.sigmoid: 1 / (1 + exp(-x)). */
export const sigmoid = (x: TensorLike): Tensor => gen.sigmoid(x);
/** keras.activations.tanh: the hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor => gen.tanh(x);
/** keras.activations.softplus: log(1 + exp(x)), computed without overflow. */
export const softplus = (x: TensorLike): Tensor => gen.softplus(x);
/** keras.activations.softsign: x / (1 + |x|). */
export const softsign = (x: TensorLike): Tensor => gen.softsign(x);
/** keras.activations.selu: the scaled exponential linear unit (Klambauer et al.'s constants). */
export const selu = (x: TensorLike): Tensor => gen.selu(x);
/** keras.activations.silu (alias swish): x·sigmoid(x). */
export const silu = (x: TensorLike): Tensor => gen.silu(x);
/** keras.activations.exponential: exp(x). */
export const exponential = (x: TensorLike): Tensor => gen.exp(x);
/** keras.activations.gelu(x, approximate=False) */
export const gelu = (x: TensorLike, approximate = false): Tensor => nn.gelu(x, approximate);

/** keras.activations.linear: x itself. */
export function linear(x: TensorLike): Tensor {
  return toTensor(x, undefined, 'keras.activations.linear');
}

/**
 * keras.activations.softmax(x, axis=-1); `axis` null normalises over every element (Keras'
 * axis=None).
 */
export function softmax(x: TensorLike, axis: number | null = -1): Tensor {
  return allAxesOr('keras.activations.softmax', x, axis, softmaxOp);
}

/** keras.activations.log_softmax(x, axis=-1); `axis` null as in softmax. */
export function logSoftmax(x: TensorLike, axis: number | null = -1): Tensor {
  return allAxesOr('keras.activations.log_softmax', x, axis, logSoftmaxOp);
}

/** `f(x, axis)`, or with axis null, f over the flattened tensor reshaped back (Keras' backend). */
function allAxesOr(op: string, x: TensorLike, axis: number | null, f: (t: Tensor, axis: number) => Tensor): Tensor {
  const t = toTensor(x, undefined, op);
  if (axis !== null) return f(t, axis);
  return renamedCall(op, () => reshape(f(reshape(t, [-1]), -1), t.shape));
}

/** keras.activations.elu(x, alpha=1): x where x > 0, alpha·(exp(x) - 1) elsewhere. */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const op = 'keras.activations.elu';
  if (typeof alpha !== 'number') throw new Error(`${op}: alpha must be a number, got ${describe(alpha)}.`);
  const t = toTensor(x, undefined, op);
  return renamedCall(op, () => {
    const res = gen.elu(t);
    return alpha === 1 ? res : where(gen.greater(t, 0), res, gen.mul(res, alpha));
  });
}

/** keras.activations.hard_sigmoid (Keras 3): relu6(x + 3) / 6, i.e. clip(x/6 + 1/2, 0, 1). */
export function hardSigmoid(x: TensorLike): Tensor {
  const op = 'keras.activations.hard_sigmoid';
  const t = floatOperand(x, op);
  return renamedCall(op, () => gen.div(gen.relu6(gen.add(t, 3)), 6));
}

/** keras.activations.hard_silu (alias hard_swish): x · hard_sigmoid(x). */
export function hardSilu(x: TensorLike): Tensor {
  const t = floatOperand(x, 'keras.activations.hard_silu');
  return renamedCall('keras.activations.hard_silu', () => gen.mul(t, hardSigmoid(t)));
}

/** keras.activations.mish: x · tanh(softplus(x)). */
export function mish(x: TensorLike): Tensor {
  const t = floatOperand(x, 'keras.activations.mish');
  return renamedCall('keras.activations.mish', () => gen.mul(t, gen.tanh(gen.softplus(t))));
}

/** keras.activations.crelu(x, axis=-1): concat([relu(x), relu(-x)], axis). */
export function crelu(x: TensorLike, axis = -1): Tensor {
  const t = toTensor(x, undefined, 'keras.activations.crelu');
  return renamedCall('keras.activations.crelu', () => concat([gen.relu(t), gen.relu(gen.neg(t))], axis < 0 ? axis + t.rank : axis));
}

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new Error(`${op}: ${name} must be a number, got ${describe(v)}.`);
  return v;
}

/**
 * keras.activations.celu(x, alpha=1): the continuously differentiable ELU, x where x > 0 and
 * alpha·(exp(x/alpha) - 1) elsewhere (Keras' max(x, 0) + alpha·expm1(min(x, 0)/alpha), with the
 * same values; written as a select so that the derivative at 0 is 1, the slope of both sides).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.celu([-1, 0, 1], 2).arraySync()); // [ -0.7869386672973633, 0, 1 ]
 * ```
 */
export function celu(x: TensorLike, alpha = 1): Tensor {
  const op = 'keras.activations.celu';
  checkNumber(op, 'alpha', alpha);
  const t = floatOperand(x, op);
  return renamedCall(op, () => where(gen.greater(t, 0), t, gen.mul(gen.expm1(gen.div(gen.minimum(t, 0), alpha)), alpha)));
}

/**
 * keras.activations.glu(x, axis=-1): the gated linear unit a·sigmoid(b), where a and b are the
 * two halves of `x` along `axis` (whose size must be even).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.glu([-1, 0, 1, 1], -1).arraySync()); // [ -0.7310585379600525, 0 ]
 * ```
 */
export function glu(x: TensorLike, axis = -1): Tensor {
  const op = 'keras.activations.glu';
  const t = floatOperand(x, op);
  const ax = normalizeAxis(axis, t.rank, op);
  if (t.shape[ax]! % 2 !== 0) throw new Error(`${op}: axis size must be divisible by 2. Received: x.shape=${shapeText(t.shape)} with axis=${axis}.`);
  return renamedCall(op, () => {
    const [a, b] = split(t, 2, ax);
    return gen.mul(a!, gen.sigmoid(b!));
  });
}

/**
 * keras.activations.hard_shrink(x, threshold=0.5): x where |x| > threshold, 0 elsewhere.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.hardShrink([-0.5, 0, 1]).arraySync()); // [ 0, 0, 1 ]
 * ```
 */
export function hardShrink(x: TensorLike, threshold = 0.5): Tensor {
  const op = 'keras.activations.hard_shrink';
  checkNumber(op, 'threshold', threshold);
  const t = floatOperand(x, op);
  return renamedCall(op, () => where(gen.greater(gen.abs(t), threshold), t, 0));
}

/**
 * keras.activations.hard_tanh(x): x clipped to [-1, 1] (slope 1 at ±1, as clip_by_value's
 * gradient).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.hardTanh([-2, -1, 0, 1, 2]).arraySync()); // [ -1, -1, 0, 1, 1 ]
 * ```
 */
export function hardTanh(x: TensorLike): Tensor {
  const op = 'keras.activations.hard_tanh';
  const t = toTensor(x, undefined, op);
  return renamedCall(op, () => clipByValue(t, -1, 1));
}

/**
 * keras.activations.log_sigmoid(x): log(sigmoid(x)) = -softplus(-x), which never overflows.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.logSigmoid([0]).arraySync()); // [ -0.6931471824645996 ]
 * ```
 */
export function logSigmoid(x: TensorLike): Tensor {
  const op = 'keras.activations.log_sigmoid';
  return renamedCall(op, () => nn.logSigmoid(floatOperand(x, op)));
}

/**
 * keras.activations.soft_shrink(x, threshold=0.5): x - threshold where x > threshold,
 * x + threshold where x < -threshold, 0 elsewhere.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.softShrink([-1, 0, 1]).arraySync()); // [ -0.5, 0, 0.5 ]
 * ```
 */
export function softShrink(x: TensorLike, threshold = 0.5): Tensor {
  const op = 'keras.activations.soft_shrink';
  checkNumber(op, 'threshold', threshold);
  const t = floatOperand(x, op);
  return renamedCall(op, () => where(gen.greater(t, threshold), gen.sub(t, threshold), where(gen.less(t, -threshold), gen.add(t, threshold), 0)));
}

/**
 * keras.activations.sparse_plus(x): 0 where x <= -1, (x + 1)²/4 where -1 < x < 1, x where
 * x >= 1 (continuously differentiable).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.sparsePlus([-1, 0, 1]).arraySync()); // [ 0, 0.25, 1 ]
 * ```
 */
export function sparsePlus(x: TensorLike): Tensor {
  const op = 'keras.activations.sparse_plus';
  const t = floatOperand(x, op);
  return renamedCall(op, () => where(gen.lessEqual(t, -1), 0, where(gen.less(t, 1), gen.mul(gen.square(gen.add(t, 1)), 0.25), t)));
}

/**
 * keras.activations.sparsemax(x, axis=-1): the Euclidean projection of `x` onto the probability
 * simplex along `axis`, max(x - tau, 0): with the entries sorted in descending order, the support
 * is the k largest ones with 1 + k·z_k > z_1 + ... + z_k, and tau = (z_1 + ... + z_k - 1) / k (the
 * threshold of Keras' corrected form, keras-team/keras#23469). The result sums to 1.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.sparsemax([0, 0.5, 1]).arraySync()); // [ 0, 0.25, 0.75 ]
 * ```
 */
export function sparsemax(x: TensorLike, axis = -1): Tensor {
  const op = 'keras.activations.sparsemax';
  const t = floatOperand(x, op);
  if (t.rank < 1) throw new Error(`${op}: x must be at least rank 1; received x.shape=${shapeText(t.shape)}.`);
  const ax = normalizeAxis(axis, t.rank, op);
  return renamedCall(op, () => {
    const sorted = sort(t, ax, 'DESCENDING');
    const cumulative = gen.cumsum(sorted, ax);
    const rankShape = t.shape.map((d, i) => (i === ax ? d : 1));
    const ranks = reshape(range(1, t.shape[ax]! + 1, 1, t.dtype), rankShape);
    const support = gen.greater(gen.sub(sorted, gen.div(gen.sub(cumulative, 1), ranks)), 0);
    const k = gen.reduceSum(cast(support, t.dtype), ax, true);
    const tau = gen.div(gen.sub(gen.reduceSum(where(support, sorted, 0), ax, true), 1), k);
    return gen.maximum(gen.sub(t, tau), 0);
  });
}

/**
 * keras.activations.squareplus(x, b=4): (x + sqrt(x² + b)) / 2, a smooth relu.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.squareplus([0, 1.5], 4).arraySync()); // [ 1, 2 ]
 * ```
 */
export function squareplus(x: TensorLike, b = 4): Tensor {
  const op = 'keras.activations.squareplus';
  checkNumber(op, 'b', b);
  const t = floatOperand(x, op);
  return renamedCall(op, () => gen.div(gen.add(t, gen.sqrt(gen.add(gen.square(t), b))), 2));
}

/**
 * keras.activations.tanh_shrink(x): x - tanh(x).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.tanhShrink([0, 1]).arraySync()); // [ 0, 0.23840582370758057 ]
 * ```
 */
export function tanhShrink(x: TensorLike): Tensor {
  const op = 'keras.activations.tanh_shrink';
  const t = floatOperand(x, op);
  return renamedCall(op, () => gen.sub(t, gen.tanh(t)));
}

/**
 * keras.activations.threshold(x, threshold, default_value): x where x > threshold,
 * `defaultValue` elsewhere (both arguments required, as in Keras).
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.threshold([-1, 0, 1, 2], 1, 0).arraySync()); // [ 0, 0, 0, 2 ]
 * ```
 */
export function threshold(x: TensorLike, threshold: number, defaultValue: number): Tensor {
  const op = 'keras.activations.threshold';
  checkNumber(op, 'threshold', threshold);
  checkNumber(op, 'defaultValue', defaultValue);
  const t = floatOperand(x, op);
  return renamedCall(op, () => where(gen.greater(t, threshold), t, defaultValue));
}

/** An activation function: a tensor in, a tensor of the same shape out (what `keras.activations.get` returns). */
export type Activation = (x: TensorLike) => Tensor;

/** Keras' names (the Python function names, and the aliases swish and hard_swish). */
const BY_NAME: Readonly<Record<string, Activation>> = {
  relu,
  leaky_relu: leakyRelu,
  relu6,
  softmax,
  elu,
  selu,
  softplus,
  softsign,
  silu,
  gelu,
  tanh,
  sigmoid,
  exponential,
  hard_sigmoid: hardSigmoid,
  hard_silu: hardSilu,
  linear,
  mish,
  log_softmax: logSoftmax,
  crelu,
  celu,
  glu,
  hard_shrink: hardShrink,
  hard_tanh: hardTanh,
  log_sigmoid: logSigmoid,
  soft_shrink: softShrink,
  sparse_plus: sparsePlus,
  sparsemax,
  squareplus,
  tanh_shrink: tanhShrink,
  threshold: threshold as unknown as Activation, // its threshold and defaultValue are required, as in Keras
  swish: silu,
  hard_swish: hardSilu,
};

/** The JavaScript spellings of the snake_case names. */
const CAMEL: Readonly<Record<string, string>> = {
  leakyRelu: 'leaky_relu',
  hardSigmoid: 'hard_sigmoid',
  hardSilu: 'hard_silu',
  hardSwish: 'hard_swish',
  logSoftmax: 'log_softmax',
  hardShrink: 'hard_shrink',
  hardTanh: 'hard_tanh',
  logSigmoid: 'log_sigmoid',
  softShrink: 'soft_shrink',
  sparsePlus: 'sparse_plus',
  tanhShrink: 'tanh_shrink',
};

/**
 * keras.activations.get(identifier): null/undefined gives linear, a name gives the activation
 * (Keras' snake_case names such as 'leaky_relu', or the camelCase spelling), a function is
 * returned as is.
 */
export function get(identifier: string | Activation | null | undefined): Activation {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string') {
    const fn = Object.hasOwn(BY_NAME, identifier) ? BY_NAME[identifier] : Object.hasOwn(CAMEL, identifier) ? BY_NAME[CAMEL[identifier]!] : undefined;
    if (fn) return fn;
  }
  throw new Error(
    `keras.activations.get: could not interpret activation function identifier: ${describe(identifier)}; ` +
      `use a function or one of ${Object.keys(BY_NAME).join(', ')}.`,
  );
}

/**
 * keras.activations.deserialize(config, customObjects): the activation a config names: a name
 * (Keras' snake_case or the camelCase spelling), or Keras' serialized function
 * `{className: 'function', config: name}` (`class_name` too); a name in `customObjects` gives that
 * function first.
 *
 * @example
 * ```ts
 * console.log(tf.keras.activations.deserialize('leaky_relu') === tf.keras.activations.leakyRelu); // true
 * console.log(tf.keras.activations.deserialize({ className: 'function', config: 'relu' })([-1, 2]).arraySync()); // [ 0, 2 ]
 * ```
 */
export function deserialize(config: string | { className: string; config: string }, customObjects: Record<string, Activation> = {}): Activation {
  const op = 'keras.activations.deserialize';
  const c = config as { className?: unknown; class_name?: unknown; config?: unknown };
  const name = typeof config === 'string' ? config
    : config !== null && typeof config === 'object' && (c.className ?? c.class_name) === 'function' && typeof c.config === 'string' ? c.config : undefined;
  if (name === undefined) throw new Error(`${op}: expected an activation's name or {className: 'function', config: name}, got ${describe(config)}.`);
  if (customObjects === null || typeof customObjects !== 'object') throw new Error(`${op}: customObjects must be an object of functions by name, got ${describe(customObjects)}.`);
  if (Object.hasOwn(customObjects, name)) {
    const fn = customObjects[name];
    if (typeof fn !== 'function') throw new Error(`${op}: customObjects.${name} must be a function, got ${describe(fn)}.`);
    return fn;
  }
  try {
    return get(name);
  } catch {
    throw new Error(`${op}: Unknown activation function: '${name}'; use one of ${Object.keys(BY_NAME).join(', ')}, or pass it in customObjects.`);
  }
}

/** keras.activations.serialize(activation): the Keras name of a built-in activation ('silu' for
 * swish, as in Keras). Other functions cannot be serialized. */
export function serialize(activation: Activation): string {
  for (const [name, fn] of Object.entries(BY_NAME)) {
    if (fn === activation && name !== 'swish' && name !== 'hard_swish') return name;
  }
  throw new Error(
    `keras.activations.serialize: unknown activation function ${describe(activation)}; only the built-in ` +
      'tf.keras.activations functions have a Keras name.',
  );
}
