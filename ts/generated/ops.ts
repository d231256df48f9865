// Generated from the op table (crates/gradtape-core/src/op.rs) by `npm run gen`. Do not edit:
// `cargo test --test generated_ts` fails when this file and the table differ.

import { type Axes, argReduceOp, binaryOp, cumulativeOp, reduceOp, unaryOp } from '../call';
import type { Tensor, TensorLike } from '../tensor';
import { OP } from './table';

/** `tf.math.negative` */
export function neg(x: TensorLike): Tensor {
  return unaryOp(OP.neg, x);
}

/** `tf.math.exp` */
export function exp(x: TensorLike): Tensor {
  return unaryOp(OP.exp, x);
}

/** `tf.math.log` */
export function log(x: TensorLike): Tensor {
  return unaryOp(OP.log, x);
}

/** `tf.math.sqrt` */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp(OP.sqrt, x);
}

/** `tf.math.abs` */
export function abs(x: TensorLike): Tensor {
  return unaryOp(OP.abs, x);
}

/** `tf.math.square` */
export function square(x: TensorLike): Tensor {
  return unaryOp(OP.square, x);
}

/** `tf.math.sign` */
export function sign(x: TensorLike): Tensor {
  return unaryOp(OP.sign, x);
}

/** `tf.math.reciprocal` */
export function reciprocal(x: TensorLike): Tensor {
  return unaryOp(OP.reciprocal, x);
}

/** `tf.math.rsqrt` */
export function rsqrt(x: TensorLike): Tensor {
  return unaryOp(OP.rsqrt, x);
}

/** `tf.math.floor` */
export function floor(x: TensorLike): Tensor {
  return unaryOp(OP.floor, x);
}

/** `tf.math.ceil` */
export function ceil(x: TensorLike): Tensor {
  return unaryOp(OP.ceil, x);
}

/** `tf.math.round` */
export function round(x: TensorLike): Tensor {
  return unaryOp(OP.round, x);
}

/** `tf.math.sin` */
export function sin(x: TensorLike): Tensor {
  return unaryOp(OP.sin, x);
}

/** `tf.math.cos` */
export function cos(x: TensorLike): Tensor {
  return unaryOp(OP.cos, x);
}

/** `tf.math.tan` */
export function tan(x: TensorLike): Tensor {
  return unaryOp(OP.tan, x);
}

/** `tf.math.asin` */
export function asin(x: TensorLike): Tensor {
  return unaryOp(OP.asin, x);
}

/** `tf.math.acos` */
export function acos(x: TensorLike): Tensor {
  return unaryOp(OP.acos, x);
}

/** `tf.math.atan` */
export function atan(x: TensorLike): Tensor {
  return unaryOp(OP.atan, x);
}

/** `tf.math.sinh` */
export function sinh(x: TensorLike): Tensor {
  return unaryOp(OP.sinh, x);
}

/** `tf.math.cosh` */
export function cosh(x: TensorLike): Tensor {
  return unaryOp(OP.cosh, x);
}

/** `tf.math.tanh` */
export function tanh(x: TensorLike): Tensor {
  return unaryOp(OP.tanh, x);
}

/** `tf.math.asinh` */
export function asinh(x: TensorLike): Tensor {
  return unaryOp(OP.asinh, x);
}

/** `tf.math.acosh` */
export function acosh(x: TensorLike): Tensor {
  return unaryOp(OP.acosh, x);
}

/** `tf.math.atanh` */
export function atanh(x: TensorLike): Tensor {
  return unaryOp(OP.atanh, x);
}

/** `tf.math.sigmoid` */
export function sigmoid(x: TensorLike): Tensor {
  return unaryOp(OP.sigmoid, x);
}

/** `tf.math.softplus` */
export function softplus(x: TensorLike): Tensor {
  return unaryOp(OP.softplus, x);
}

/** `tf.math.softsign` */
export function softsign(x: TensorLike): Tensor {
  return unaryOp(OP.softsign, x);
}

/** `tf.math.log1p` */
export function log1p(x: TensorLike): Tensor {
  return unaryOp(OP.log1p, x);
}

/** `tf.math.expm1` */
export function expm1(x: TensorLike): Tensor {
  return unaryOp(OP.expm1, x);
}

/** `tf.math.erf` */
export function erf(x: TensorLike): Tensor {
  return unaryOp(OP.erf, x);
}

/** `tf.math.erfc` */
export function erfc(x: TensorLike): Tensor {
  return unaryOp(OP.erfc, x);
}

/** `tf.math.lgamma` */
export function lgamma(x: TensorLike): Tensor {
  return unaryOp(OP.lgamma, x);
}

/** `tf.math.digamma` */
export function digamma(x: TensorLike): Tensor {
  return unaryOp(OP.digamma, x);
}

/** `tf.nn.relu` */
export function relu(x: TensorLike): Tensor {
  return unaryOp(OP.relu, x);
}

/** `tf.nn.relu6` */
export function relu6(x: TensorLike): Tensor {
  return unaryOp(OP.relu6, x);
}

/** `tf.nn.elu` */
export function elu(x: TensorLike): Tensor {
  return unaryOp(OP.elu, x);
}

/** `tf.nn.selu` */
export function selu(x: TensorLike): Tensor {
  return unaryOp(OP.selu, x);
}

/** `tf.nn.gelu` */
export function gelu(x: TensorLike): Tensor {
  return unaryOp(OP.gelu, x);
}

/** `tf.nn.silu` */
export function silu(x: TensorLike): Tensor {
  return unaryOp(OP.silu, x);
}

/** `tf.math.is_nan` */
export function isNaN(x: TensorLike): Tensor {
  return unaryOp(OP.isNaN, x);
}

/** `tf.math.is_inf` */
export function isInf(x: TensorLike): Tensor {
  return unaryOp(OP.isInf, x);
}

/** `tf.math.is_finite` */
export function isFinite(x: TensorLike): Tensor {
  return unaryOp(OP.isFinite, x);
}

/** `tf.math.logical_not` */
export function logicalNot(x: TensorLike): Tensor {
  return unaryOp(OP.logicalNot, x);
}

/** `tf.math.add` */
export function add(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.add, x, y);
}

/** `tf.math.subtract` */
export function sub(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.sub, x, y);
}

/** `tf.math.multiply` */
export function mul(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.mul, x, y);
}

/** `tf.math.divide` */
export function div(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.div, x, y);
}

/** `tf.math.pow` */
export function pow(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.pow, x, y);
}

/** `tf.math.maximum` */
export function maximum(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.maximum, x, y);
}

/** `tf.math.minimum` */
export function minimum(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.minimum, x, y);
}

/** `tf.math.squared_difference` */
export function squaredDifference(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.squaredDifference, x, y);
}

/** `tf.math.floormod` */
export function mod(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.mod, x, y);
}

/** `tf.math.floordiv` */
export function floorDiv(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.floorDiv, x, y);
}

/** `tf.math.atan2` */
export function atan2(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.atan2, x, y);
}

/** `tf.math.xlogy` */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.xlogy, x, y);
}

/** `tf.math.divide_no_nan` */
export function divNoNan(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.divNoNan, x, y);
}

/** `tf.math.equal` */
export function equal(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.equal, x, y);
}

/** `tf.math.not_equal` */
export function notEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.notEqual, x, y);
}

/** `tf.math.less` */
export function less(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.less, x, y);
}

/** `tf.math.less_equal` */
export function lessEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.lessEqual, x, y);
}

/** `tf.math.greater` */
export function greater(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.greater, x, y);
}

/** `tf.math.greater_equal` */
export function greaterEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.greaterEqual, x, y);
}

/** `tf.math.logical_and` */
export function logicalAnd(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalAnd, x, y);
}

/** `tf.math.logical_or` */
export function logicalOr(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalOr, x, y);
}

/** `tf.math.logical_xor` */
export function logicalXor(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalXor, x, y);
}

/** `tf.math.reduce_sum` */
export function reduceSum(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceSum, x, axis, keepdims);
}

/** `tf.math.reduce_max` */
export function reduceMax(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceMax, x, axis, keepdims);
}

/** `tf.math.reduce_min` */
export function reduceMin(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceMin, x, axis, keepdims);
}

/** `tf.math.reduce_prod` */
export function reduceProd(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceProd, x, axis, keepdims);
}

/** `tf.math.reduce_all` */
export function reduceAll(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceAll, x, axis, keepdims);
}

/** `tf.math.reduce_any` */
export function reduceAny(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceAny, x, axis, keepdims);
}

/** `tf.math.argmax` */
export function argmax(x: TensorLike, axis = 0): Tensor {
  return argReduceOp(OP.argmax, x, axis);
}

/** `tf.math.argmin` */
export function argmin(x: TensorLike, axis = 0): Tensor {
  return argReduceOp(OP.argmin, x, axis);
}

/** `tf.math.cumsum` */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return cumulativeOp(OP.cumsum, x, axis, exclusive, reverse);
}

/** `tf.math.cumprod` */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return cumulativeOp(OP.cumprod, x, axis, exclusive, reverse);
}

/** The table's ops as Tensor methods (`x.sigmoid()`, `x.reduceMax(1)`). */
export interface TensorOps {
  /** `tf.math.negative` with this tensor first. */
  neg(): Tensor;
  /** `tf.math.exp` with this tensor first. */
  exp(): Tensor;
  /** `tf.math.log` with this tensor first. */
  log(): Tensor;
  /** `tf.math.sqrt` with this tensor first. */
  sqrt(): Tensor;
  /** `tf.math.abs` with this tensor first. */
  abs(): Tensor;
  /** `tf.math.square` with this tensor first. */
  square(): Tensor;
  /** `tf.math.sign` with this tensor first. */
  sign(): Tensor;
  /** `tf.math.reciprocal` with this tensor first. */
  reciprocal(): Tensor;
  /** `tf.math.rsqrt` with this tensor first. */
  rsqrt(): Tensor;
  /** `tf.math.floor` with this tensor first. */
  floor(): Tensor;
  /** `tf.math.ceil` with this tensor first. */
  ceil(): Tensor;
  /** `tf.math.round` with this tensor first. */
  round(): Tensor;
  /** `tf.math.sin` with this tensor first. */
  sin(): Tensor;
  /** `tf.math.cos` with this tensor first. */
  cos(): Tensor;
  /** `tf.math.tan` with this tensor first. */
  tan(): Tensor;
  /** `tf.math.asin` with this tensor first. */
  asin(): Tensor;
  /** `tf.math.acos` with this tensor first. */
  acos(): Tensor;
  /** `tf.math.atan` with this tensor first. */
  atan(): Tensor;
  /** `tf.math.sinh` with this tensor first. */
  sinh(): Tensor;
  /** `tf.math.cosh` with this tensor first. */
  cosh(): Tensor;
  /** `tf.math.tanh` with this tensor first. */
  tanh(): Tensor;
  /** `tf.math.asinh` with this tensor first. */
  asinh(): Tensor;
  /** `tf.math.acosh` with this tensor first. */
  acosh(): Tensor;
  /** `tf.math.atanh` with this tensor first. */
  atanh(): Tensor;
  /** `tf.math.sigmoid` with this tensor first. */
  sigmoid(): Tensor;
  /** `tf.math.softplus` with this tensor first. */
  softplus(): Tensor;
  /** `tf.math.softsign` with this tensor first. */
  softsign(): Tensor;
  /** `tf.math.log1p` with this tensor first. */
  log1p(): Tensor;
  /** `tf.math.expm1` with this tensor first. */
  expm1(): Tensor;
  /** `tf.math.erf` with this tensor first. */
  erf(): Tensor;
  /** `tf.math.erfc` with this tensor first. */
  erfc(): Tensor;
  /** `tf.math.lgamma` with this tensor first. */
  lgamma(): Tensor;
  /** `tf.math.digamma` with this tensor first. */
  digamma(): Tensor;
  /** `tf.nn.relu` with this tensor first. */
  relu(): Tensor;
  /** `tf.nn.relu6` with this tensor first. */
  relu6(): Tensor;
  /** `tf.nn.elu` with this tensor first. */
  elu(): Tensor;
  /** `tf.nn.selu` with this tensor first. */
  selu(): Tensor;
  /** `tf.nn.gelu` with this tensor first. */
  gelu(): Tensor;
  /** `tf.nn.silu` with this tensor first. */
  silu(): Tensor;
  /** `tf.math.is_nan` with this tensor first. */
  isNaN(): Tensor;
  /** `tf.math.is_inf` with this tensor first. */
  isInf(): Tensor;
  /** `tf.math.is_finite` with this tensor first. */
  isFinite(): Tensor;
  /** `tf.math.logical_not` with this tensor first. */
  logicalNot(): Tensor;
  /** `tf.math.add` with this tensor first. */
  add(y: TensorLike): Tensor;
  /** `tf.math.subtract` with this tensor first. */
  sub(y: TensorLike): Tensor;
  /** `tf.math.multiply` with this tensor first. */
  mul(y: TensorLike): Tensor;
  /** `tf.math.divide` with this tensor first. */
  div(y: TensorLike): Tensor;
  /** `tf.math.pow` with this tensor first. */
  pow(y: TensorLike): Tensor;
  /** `tf.math.maximum` with this tensor first. */
  maximum(y: TensorLike): Tensor;
  /** `tf.math.minimum` with this tensor first. */
  minimum(y: TensorLike): Tensor;
  /** `tf.math.squared_difference` with this tensor first. */
  squaredDifference(y: TensorLike): Tensor;
  /** `tf.math.floormod` with this tensor first. */
  mod(y: TensorLike): Tensor;
  /** `tf.math.floordiv` with this tensor first. */
  floorDiv(y: TensorLike): Tensor;
  /** `tf.math.atan2` with this tensor first. */
  atan2(y: TensorLike): Tensor;
  /** `tf.math.xlogy` with this tensor first. */
  xlogy(y: TensorLike): Tensor;
  /** `tf.math.divide_no_nan` with this tensor first. */
  divNoNan(y: TensorLike): Tensor;
  /** `tf.math.equal` with this tensor first. */
  equal(y: TensorLike): Tensor;
  /** `tf.math.not_equal` with this tensor first. */
  notEqual(y: TensorLike): Tensor;
  /** `tf.math.less` with this tensor first. */
  less(y: TensorLike): Tensor;
  /** `tf.math.less_equal` with this tensor first. */
  lessEqual(y: TensorLike): Tensor;
  /** `tf.math.greater` with this tensor first. */
  greater(y: TensorLike): Tensor;
  /** `tf.math.greater_equal` with this tensor first. */
  greaterEqual(y: TensorLike): Tensor;
  /** `tf.math.logical_and` with this tensor first. */
  logicalAnd(y: TensorLike): Tensor;
  /** `tf.math.logical_or` with this tensor first. */
  logicalOr(y: TensorLike): Tensor;
  /** `tf.math.logical_xor` with this tensor first. */
  logicalXor(y: TensorLike): Tensor;
  /** `tf.math.reduce_sum` with this tensor first. */
  reduceSum(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.reduce_max` with this tensor first. */
  reduceMax(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.reduce_min` with this tensor first. */
  reduceMin(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.reduce_prod` with this tensor first. */
  reduceProd(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.reduce_all` with this tensor first. */
  reduceAll(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.reduce_any` with this tensor first. */
  reduceAny(axis?: Axes, keepdims?: boolean): Tensor;
  /** `tf.math.argmax` with this tensor first. */
  argmax(axis?: number): Tensor;
  /** `tf.math.argmin` with this tensor first. */
  argmin(axis?: number): Tensor;
  /** `tf.math.cumsum` with this tensor first. */
  cumsum(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor;
  /** `tf.math.cumprod` with this tensor first. */
  cumprod(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor;
}

/** @internal Installed on Tensor.prototype at start-up (not part of the API). */
export const tensorOps: { [K in keyof TensorOps]: (this: Tensor, ...args: never[]) => Tensor } = {
  neg(this: Tensor): Tensor {
    return neg(this);
  },
  exp(this: Tensor): Tensor {
    return exp(this);
  },
  log(this: Tensor): Tensor {
    return log(this);
  },
  sqrt(this: Tensor): Tensor {
    return sqrt(this);
  },
  abs(this: Tensor): Tensor {
    return abs(this);
  },
  square(this: Tensor): Tensor {
    return square(this);
  },
  sign(this: Tensor): Tensor {
    return sign(this);
  },
  reciprocal(this: Tensor): Tensor {
    return reciprocal(this);
  },
  rsqrt(this: Tensor): Tensor {
    return rsqrt(this);
  },
  floor(this: Tensor): Tensor {
    return floor(this);
  },
  ceil(this: Tensor): Tensor {
    return ceil(this);
  },
  round(this: Tensor): Tensor {
    return round(this);
  },
  sin(this: Tensor): Tensor {
    return sin(this);
  },
  cos(this: Tensor): Tensor {
    return cos(this);
  },
  tan(this: Tensor): Tensor {
    return tan(this);
  },
  asin(this: Tensor): Tensor {
    return asin(this);
  },
  acos(this: Tensor): Tensor {
    return acos(this);
  },
  atan(this: Tensor): Tensor {
    return atan(this);
  },
  sinh(this: Tensor): Tensor {
    return sinh(this);
  },
  cosh(this: Tensor): Tensor {
    return cosh(this);
  },
  tanh(this: Tensor): Tensor {
    return tanh(this);
  },
  asinh(this: Tensor): Tensor {
    return asinh(this);
  },
  acosh(this: Tensor): Tensor {
    return acosh(this);
  },
  atanh(this: Tensor): Tensor {
    return atanh(this);
  },
  sigmoid(this: Tensor): Tensor {
    return sigmoid(this);
  },
  softplus(this: Tensor): Tensor {
    return softplus(this);
  },
  softsign(this: Tensor): Tensor {
    return softsign(this);
  },
  log1p(this: Tensor): Tensor {
    return log1p(this);
  },
  expm1(this: Tensor): Tensor {
    return expm1(this);
  },
  erf(this: Tensor): Tensor {
    return erf(this);
  },
  erfc(this: Tensor): Tensor {
    return erfc(this);
  },
  lgamma(this: Tensor): Tensor {
    return lgamma(this);
  },
  digamma(this: Tensor): Tensor {
    return digamma(this);
  },
  relu(this: Tensor): Tensor {
    return relu(this);
  },
  relu6(this: Tensor): Tensor {
    return relu6(this);
  },
  elu(this: Tensor): Tensor {
    return elu(this);
  },
  selu(this: Tensor): Tensor {
    return selu(this);
  },
  gelu(this: Tensor): Tensor {
    return gelu(this);
  },
  silu(this: Tensor): Tensor {
    return silu(this);
  },
  isNaN(this: Tensor): Tensor {
    return isNaN(this);
  },
  isInf(this: Tensor): Tensor {
    return isInf(this);
  },
  isFinite(this: Tensor): Tensor {
    return isFinite(this);
  },
  logicalNot(this: Tensor): Tensor {
    return logicalNot(this);
  },
  add(this: Tensor, y: TensorLike): Tensor {
    return add(this, y);
  },
  sub(this: Tensor, y: TensorLike): Tensor {
    return sub(this, y);
  },
  mul(this: Tensor, y: TensorLike): Tensor {
    return mul(this, y);
  },
  div(this: Tensor, y: TensorLike): Tensor {
    return div(this, y);
  },
  pow(this: Tensor, y: TensorLike): Tensor {
    return pow(this, y);
  },
  maximum(this: Tensor, y: TensorLike): Tensor {
    return maximum(this, y);
  },
  minimum(this: Tensor, y: TensorLike): Tensor {
    return minimum(this, y);
  },
  squaredDifference(this: Tensor, y: TensorLike): Tensor {
    return squaredDifference(this, y);
  },
  mod(this: Tensor, y: TensorLike): Tensor {
    return mod(this, y);
  },
  floorDiv(this: Tensor, y: TensorLike): Tensor {
    return floorDiv(this, y);
  },
  atan2(this: Tensor, y: TensorLike): Tensor {
    return atan2(this, y);
  },
  xlogy(this: Tensor, y: TensorLike): Tensor {
    return xlogy(this, y);
  },
  divNoNan(this: Tensor, y: TensorLike): Tensor {
    return divNoNan(this, y);
  },
  equal(this: Tensor, y: TensorLike): Tensor {
    return equal(this, y);
  },
  notEqual(this: Tensor, y: TensorLike): Tensor {
    return notEqual(this, y);
  },
  less(this: Tensor, y: TensorLike): Tensor {
    return less(this, y);
  },
  lessEqual(this: Tensor, y: TensorLike): Tensor {
    return lessEqual(this, y);
  },
  greater(this: Tensor, y: TensorLike): Tensor {
    return greater(this, y);
  },
  greaterEqual(this: Tensor, y: TensorLike): Tensor {
    return greaterEqual(this, y);
  },
  logicalAnd(this: Tensor, y: TensorLike): Tensor {
    return logicalAnd(this, y);
  },
  logicalOr(this: Tensor, y: TensorLike): Tensor {
    return logicalOr(this, y);
  },
  logicalXor(this: Tensor, y: TensorLike): Tensor {
    return logicalXor(this, y);
  },
  reduceSum(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceSum(this, axis, keepdims);
  },
  reduceMax(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceMax(this, axis, keepdims);
  },
  reduceMin(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceMin(this, axis, keepdims);
  },
  reduceProd(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceProd(this, axis, keepdims);
  },
  reduceAll(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceAll(this, axis, keepdims);
  },
  reduceAny(this: Tensor, axis?: Axes, keepdims?: boolean): Tensor {
    return reduceAny(this, axis, keepdims);
  },
  argmax(this: Tensor, axis?: number): Tensor {
    return argmax(this, axis);
  },
  argmin(this: Tensor, axis?: number): Tensor {
    return argmin(this, axis);
  },
  cumsum(this: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean): Tensor {
    return cumsum(this, axis, exclusive, reverse);
  },
  cumprod(this: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean): Tensor {
    return cumprod(this, axis, exclusive, reverse);
  },
};
