// Generated from the op table (crates/gradtape-core/src/op.rs) by `npm run gen`. Do not edit:
// `cargo test --test generated_ts` fails when this file and the table differ.

import { type Axes, argReduceOp, binaryOp, cumulativeOp, reduceOp, unaryOp } from '../call';
import type { Tensor, TensorLike } from '../tensor';
import { OP } from './table';

/**
 * `tf.math.negative`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.neg()`.
 */
export function neg(x: TensorLike): Tensor {
  return unaryOp(OP.neg, x);
}

/**
 * `tf.math.exp`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.exp()`.
 */
export function exp(x: TensorLike): Tensor {
  return unaryOp(OP.exp, x);
}

/**
 * `tf.math.log`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.log()`.
 */
export function log(x: TensorLike): Tensor {
  return unaryOp(OP.log, x);
}

/**
 * `tf.math.sqrt`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.sqrt()`.
 */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp(OP.sqrt, x);
}

/**
 * `tf.math.abs`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.abs()`.
 */
export function abs(x: TensorLike): Tensor {
  return unaryOp(OP.abs, x);
}

/**
 * `tf.math.square`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.square()`.
 */
export function square(x: TensorLike): Tensor {
  return unaryOp(OP.square, x);
}

/**
 * `tf.math.sign`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.sign()`.
 */
export function sign(x: TensorLike): Tensor {
  return unaryOp(OP.sign, x);
}

/**
 * `tf.math.reciprocal`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.reciprocal()`.
 */
export function reciprocal(x: TensorLike): Tensor {
  return unaryOp(OP.reciprocal, x);
}

/**
 * `tf.math.rsqrt`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.rsqrt()`.
 */
export function rsqrt(x: TensorLike): Tensor {
  return unaryOp(OP.rsqrt, x);
}

/**
 * `tf.math.floor`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.floor()`.
 */
export function floor(x: TensorLike): Tensor {
  return unaryOp(OP.floor, x);
}

/**
 * `tf.math.ceil`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.ceil()`.
 */
export function ceil(x: TensorLike): Tensor {
  return unaryOp(OP.ceil, x);
}

/**
 * `tf.math.round`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.round()`.
 */
export function round(x: TensorLike): Tensor {
  return unaryOp(OP.round, x);
}

/**
 * `tf.math.sin`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.sin()`.
 */
export function sin(x: TensorLike): Tensor {
  return unaryOp(OP.sin, x);
}

/**
 * `tf.math.cos`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.cos()`.
 */
export function cos(x: TensorLike): Tensor {
  return unaryOp(OP.cos, x);
}

/**
 * `tf.math.tan`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.tan()`.
 */
export function tan(x: TensorLike): Tensor {
  return unaryOp(OP.tan, x);
}

/**
 * `tf.math.asin`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.asin()`.
 */
export function asin(x: TensorLike): Tensor {
  return unaryOp(OP.asin, x);
}

/**
 * `tf.math.acos`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.acos()`.
 */
export function acos(x: TensorLike): Tensor {
  return unaryOp(OP.acos, x);
}

/**
 * `tf.math.atan`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.atan()`.
 */
export function atan(x: TensorLike): Tensor {
  return unaryOp(OP.atan, x);
}

/**
 * `tf.math.sinh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.sinh()`.
 */
export function sinh(x: TensorLike): Tensor {
  return unaryOp(OP.sinh, x);
}

/**
 * `tf.math.cosh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.cosh()`.
 */
export function cosh(x: TensorLike): Tensor {
  return unaryOp(OP.cosh, x);
}

/**
 * `tf.math.tanh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.tanh()`.
 */
export function tanh(x: TensorLike): Tensor {
  return unaryOp(OP.tanh, x);
}

/**
 * `tf.math.asinh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.asinh()`.
 */
export function asinh(x: TensorLike): Tensor {
  return unaryOp(OP.asinh, x);
}

/**
 * `tf.math.acosh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.acosh()`.
 */
export function acosh(x: TensorLike): Tensor {
  return unaryOp(OP.acosh, x);
}

/**
 * `tf.math.atanh`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.atanh()`.
 */
export function atanh(x: TensorLike): Tensor {
  return unaryOp(OP.atanh, x);
}

/**
 * `tf.math.sigmoid`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.sigmoid()`.
 */
export function sigmoid(x: TensorLike): Tensor {
  return unaryOp(OP.sigmoid, x);
}

/**
 * `tf.math.softplus`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.softplus()`.
 */
export function softplus(x: TensorLike): Tensor {
  return unaryOp(OP.softplus, x);
}

/**
 * `tf.math.softsign`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.softsign()`.
 */
export function softsign(x: TensorLike): Tensor {
  return unaryOp(OP.softsign, x);
}

/**
 * `tf.math.log1p`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.log1p()`.
 */
export function log1p(x: TensorLike): Tensor {
  return unaryOp(OP.log1p, x);
}

/**
 * `tf.math.expm1`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.expm1()`.
 */
export function expm1(x: TensorLike): Tensor {
  return unaryOp(OP.expm1, x);
}

/**
 * `tf.math.erf`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.erf()`.
 */
export function erf(x: TensorLike): Tensor {
  return unaryOp(OP.erf, x);
}

/**
 * `tf.math.erfc`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.erfc()`.
 */
export function erfc(x: TensorLike): Tensor {
  return unaryOp(OP.erfc, x);
}

/**
 * `tf.math.erfinv`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.erfinv()`.
 */
export function erfinv(x: TensorLike): Tensor {
  return unaryOp(OP.erfinv, x);
}

/**
 * `tf.math.ndtri`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.ndtri()`.
 */
export function ndtri(x: TensorLike): Tensor {
  return unaryOp(OP.ndtri, x);
}

/**
 * `tf.math.lgamma`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.lgamma()`.
 */
export function lgamma(x: TensorLike): Tensor {
  return unaryOp(OP.lgamma, x);
}

/**
 * `tf.math.digamma`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.digamma()`.
 */
export function digamma(x: TensorLike): Tensor {
  return unaryOp(OP.digamma, x);
}

/**
 * `tf.math.erfcinv`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.erfcinv()`.
 */
export function erfcinv(x: TensorLike): Tensor {
  return unaryOp(OP.erfcinv, x);
}

/**
 * `tf.math.bessel_i0`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselI0()`.
 */
export function besselI0(x: TensorLike): Tensor {
  return unaryOp(OP.besselI0, x);
}

/**
 * `tf.math.bessel_i0e`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselI0e()`.
 */
export function besselI0e(x: TensorLike): Tensor {
  return unaryOp(OP.besselI0e, x);
}

/**
 * `tf.math.bessel_i1`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselI1()`.
 */
export function besselI1(x: TensorLike): Tensor {
  return unaryOp(OP.besselI1, x);
}

/**
 * `tf.math.bessel_i1e`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselI1e()`.
 */
export function besselI1e(x: TensorLike): Tensor {
  return unaryOp(OP.besselI1e, x);
}

/**
 * `tf.math.special.bessel_j0`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselJ0()`.
 */
export function besselJ0(x: TensorLike): Tensor {
  return unaryOp(OP.besselJ0, x);
}

/**
 * `tf.math.special.bessel_j1`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselJ1()`.
 */
export function besselJ1(x: TensorLike): Tensor {
  return unaryOp(OP.besselJ1, x);
}

/**
 * `tf.math.special.bessel_y0`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselY0()`.
 */
export function besselY0(x: TensorLike): Tensor {
  return unaryOp(OP.besselY0, x);
}

/**
 * `tf.math.special.bessel_y1`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselY1()`.
 */
export function besselY1(x: TensorLike): Tensor {
  return unaryOp(OP.besselY1, x);
}

/**
 * `tf.math.special.bessel_k0`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselK0()`.
 */
export function besselK0(x: TensorLike): Tensor {
  return unaryOp(OP.besselK0, x);
}

/**
 * `tf.math.special.bessel_k0e`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselK0e()`.
 */
export function besselK0e(x: TensorLike): Tensor {
  return unaryOp(OP.besselK0e, x);
}

/**
 * `tf.math.special.bessel_k1`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselK1()`.
 */
export function besselK1(x: TensorLike): Tensor {
  return unaryOp(OP.besselK1, x);
}

/**
 * `tf.math.special.bessel_k1e`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.besselK1e()`.
 */
export function besselK1e(x: TensorLike): Tensor {
  return unaryOp(OP.besselK1e, x);
}

/**
 * `tf.math.special.dawsn`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.dawsn()`.
 */
export function dawsn(x: TensorLike): Tensor {
  return unaryOp(OP.dawsn, x);
}

/**
 * `tf.math.special.expint`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.expint()`.
 */
export function expint(x: TensorLike): Tensor {
  return unaryOp(OP.expint, x);
}

/**
 * `tf.math.special.fresnel_cos`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.fresnelCos()`.
 */
export function fresnelCos(x: TensorLike): Tensor {
  return unaryOp(OP.fresnelCos, x);
}

/**
 * `tf.math.special.fresnel_sin`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.fresnelSin()`.
 */
export function fresnelSin(x: TensorLike): Tensor {
  return unaryOp(OP.fresnelSin, x);
}

/**
 * `tf.math.special.spence`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.spence()`.
 */
export function spence(x: TensorLike): Tensor {
  return unaryOp(OP.spence, x);
}

/**
 * `tf.nn.relu`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.relu()`.
 */
export function relu(x: TensorLike): Tensor {
  return unaryOp(OP.relu, x);
}

/**
 * `tf.nn.relu6`, elementwise. Takes float32, float64 and int32 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.relu6()`.
 */
export function relu6(x: TensorLike): Tensor {
  return unaryOp(OP.relu6, x);
}

/**
 * `tf.nn.elu`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.elu()`.
 */
export function elu(x: TensorLike): Tensor {
  return unaryOp(OP.elu, x);
}

/**
 * `tf.nn.selu`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.selu()`.
 */
export function selu(x: TensorLike): Tensor {
  return unaryOp(OP.selu, x);
}

/**
 * `tf.nn.gelu`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.gelu()`.
 */
export function gelu(x: TensorLike): Tensor {
  return unaryOp(OP.gelu, x);
}

/**
 * `tf.nn.silu`, elementwise. Takes float32 and float64 tensors; returns a tensor of the same dtype and shape.
 * Also a Tensor method: `x.silu()`.
 */
export function silu(x: TensorLike): Tensor {
  return unaryOp(OP.silu, x);
}

/**
 * `tf.math.is_nan`, elementwise. Takes float32 and float64 tensors; returns a bool tensor of the same shape.
 * Also a Tensor method: `x.isNaN()`.
 */
export function isNaN(x: TensorLike): Tensor {
  return unaryOp(OP.isNaN, x);
}

/**
 * `tf.math.is_inf`, elementwise. Takes float32 and float64 tensors; returns a bool tensor of the same shape.
 * Also a Tensor method: `x.isInf()`.
 */
export function isInf(x: TensorLike): Tensor {
  return unaryOp(OP.isInf, x);
}

/**
 * `tf.math.is_finite`, elementwise. Takes float32 and float64 tensors; returns a bool tensor of the same shape.
 * Also a Tensor method: `x.isFinite()`.
 */
export function isFinite(x: TensorLike): Tensor {
  return unaryOp(OP.isFinite, x);
}

/**
 * `tf.math.logical_not`, elementwise. Takes bool tensors; returns a bool tensor of the same shape.
 * Also a Tensor method: `x.logicalNot()`.
 */
export function logicalNot(x: TensorLike): Tensor {
  return unaryOp(OP.logicalNot, x);
}

/**
 * `tf.math.add`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.add(y)`.
 */
export function add(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.add, x, y);
}

/**
 * `tf.math.subtract`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.sub(y)`.
 */
export function sub(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.sub, x, y);
}

/**
 * `tf.math.multiply`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.mul(y)`.
 */
export function mul(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.mul, x, y);
}

/**
 * `tf.math.divide`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.div(y)`.
 */
export function div(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.div, x, y);
}

/**
 * `tf.math.pow`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.pow(y)`.
 */
export function pow(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.pow, x, y);
}

/**
 * `tf.math.maximum`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.maximum(y)`.
 */
export function maximum(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.maximum, x, y);
}

/**
 * `tf.math.minimum`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.minimum(y)`.
 */
export function minimum(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.minimum, x, y);
}

/**
 * `tf.math.squared_difference`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.squaredDifference(y)`.
 */
export function squaredDifference(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.squaredDifference, x, y);
}

/**
 * `tf.math.floormod`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.mod(y)`.
 */
export function mod(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.mod, x, y);
}

/**
 * `tf.math.floordiv`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.floorDiv(y)`.
 */
export function floorDiv(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.floorDiv, x, y);
}

/**
 * `tf.math.atan2`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.atan2(y)`.
 */
export function atan2(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.atan2, x, y);
}

/**
 * `tf.math.xlogy`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.xlogy(y)`.
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.xlogy, x, y);
}

/**
 * `tf.math.divide_no_nan`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.divNoNan(y)`.
 */
export function divNoNan(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.divNoNan, x, y);
}

/**
 * `tf.math.igamma`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.igamma(y)`.
 */
export function igamma(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.igamma, x, y);
}

/**
 * `tf.math.igammac`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.igammac(y)`.
 */
export function igammac(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.igammac, x, y);
}

/**
 * `tf.math.zeta`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.zeta(y)`.
 */
export function zeta(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.zeta, x, y);
}

/**
 * `tf.math.polygamma`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.polygamma(y)`.
 */
export function polygamma(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.polygamma, x, y);
}

/**
 * `tf.math.nextafter`, elementwise with NumPy broadcasting. Takes float32 and float64 tensors; returns a tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.nextafter(y)`.
 */
export function nextafter(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.nextafter, x, y);
}

/**
 * `tf.math.equal`, elementwise with NumPy broadcasting. Takes tensors of any dtype; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.equal(y)`.
 */
export function equal(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.equal, x, y);
}

/**
 * `tf.math.not_equal`, elementwise with NumPy broadcasting. Takes tensors of any dtype; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.notEqual(y)`.
 */
export function notEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.notEqual, x, y);
}

/**
 * `tf.math.less`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.less(y)`.
 */
export function less(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.less, x, y);
}

/**
 * `tf.math.less_equal`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.lessEqual(y)`.
 */
export function lessEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.lessEqual, x, y);
}

/**
 * `tf.math.greater`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.greater(y)`.
 */
export function greater(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.greater, x, y);
}

/**
 * `tf.math.greater_equal`, elementwise with NumPy broadcasting. Takes float32, float64 and int32 tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.greaterEqual(y)`.
 */
export function greaterEqual(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.greaterEqual, x, y);
}

/**
 * `tf.math.logical_and`, elementwise with NumPy broadcasting. Takes bool tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.logicalAnd(y)`.
 */
export function logicalAnd(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalAnd, x, y);
}

/**
 * `tf.math.logical_or`, elementwise with NumPy broadcasting. Takes bool tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.logicalOr(y)`.
 */
export function logicalOr(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalOr, x, y);
}

/**
 * `tf.math.logical_xor`, elementwise with NumPy broadcasting. Takes bool tensors; returns a bool tensor
 * of the broadcast shape. Both operands must have the same dtype; a JS number or array takes the other's.
 * Also a Tensor method: `x.logicalXor(y)`.
 */
export function logicalXor(x: TensorLike, y: TensorLike): Tensor {
  return binaryOp(OP.logicalXor, x, y);
}

/**
 * `tf.math.reduce_sum` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceSum(axis, keepdims)`.
 */
export function reduceSum(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceSum, x, axis, keepdims);
}

/**
 * `tf.math.reduce_max` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceMax(axis, keepdims)`.
 */
export function reduceMax(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceMax, x, axis, keepdims);
}

/**
 * `tf.math.reduce_min` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceMin(axis, keepdims)`.
 */
export function reduceMin(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceMin, x, axis, keepdims);
}

/**
 * `tf.math.reduce_prod` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceProd(axis, keepdims)`.
 */
export function reduceProd(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceProd, x, axis, keepdims);
}

/**
 * `tf.math.reduce_all` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes bool tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceAll(axis, keepdims)`.
 */
export function reduceAll(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceAll, x, axis, keepdims);
}

/**
 * `tf.math.reduce_any` over `axis` (a number or a list; all axes when omitted; negative axes count
 * from the end); `keepdims` keeps the reduced axes with length 1. Takes bool tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.reduceAny(axis, keepdims)`.
 */
export function reduceAny(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduceOp(OP.reduceAny, x, axis, keepdims);
}

/**
 * `tf.math.argmax` along `axis` (default 0; negative counts from the end). Takes tensors of any dtype;
 * returns an int32 tensor (TensorFlow's int64 does not fit a JS number).
 * Also a Tensor method: `x.argmax(axis)`.
 */
export function argmax(x: TensorLike, axis = 0): Tensor {
  return argReduceOp(OP.argmax, x, axis);
}

/**
 * `tf.math.argmin` along `axis` (default 0; negative counts from the end). Takes tensors of any dtype;
 * returns an int32 tensor (TensorFlow's int64 does not fit a JS number).
 * Also a Tensor method: `x.argmin(axis)`.
 */
export function argmin(x: TensorLike, axis = 0): Tensor {
  return argReduceOp(OP.argmin, x, axis);
}

/**
 * `tf.math.cumsum` along `axis` (default 0): with `exclusive`, each entry leaves out its own
 * element; with `reverse`, it runs from the end. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.cumsum(axis, exclusive, reverse)`.
 */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return cumulativeOp(OP.cumsum, x, axis, exclusive, reverse);
}

/**
 * `tf.math.cumprod` along `axis` (default 0): with `exclusive`, each entry leaves out its own
 * element; with `reverse`, it runs from the end. Takes float32, float64 and int32 tensors; returns a tensor of the input's dtype.
 * Also a Tensor method: `x.cumprod(axis, exclusive, reverse)`.
 */
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
  /** `tf.math.erfinv` with this tensor first. */
  erfinv(): Tensor;
  /** `tf.math.ndtri` with this tensor first. */
  ndtri(): Tensor;
  /** `tf.math.lgamma` with this tensor first. */
  lgamma(): Tensor;
  /** `tf.math.digamma` with this tensor first. */
  digamma(): Tensor;
  /** `tf.math.erfcinv` with this tensor first. */
  erfcinv(): Tensor;
  /** `tf.math.bessel_i0` with this tensor first. */
  besselI0(): Tensor;
  /** `tf.math.bessel_i0e` with this tensor first. */
  besselI0e(): Tensor;
  /** `tf.math.bessel_i1` with this tensor first. */
  besselI1(): Tensor;
  /** `tf.math.bessel_i1e` with this tensor first. */
  besselI1e(): Tensor;
  /** `tf.math.special.bessel_j0` with this tensor first. */
  besselJ0(): Tensor;
  /** `tf.math.special.bessel_j1` with this tensor first. */
  besselJ1(): Tensor;
  /** `tf.math.special.bessel_y0` with this tensor first. */
  besselY0(): Tensor;
  /** `tf.math.special.bessel_y1` with this tensor first. */
  besselY1(): Tensor;
  /** `tf.math.special.bessel_k0` with this tensor first. */
  besselK0(): Tensor;
  /** `tf.math.special.bessel_k0e` with this tensor first. */
  besselK0e(): Tensor;
  /** `tf.math.special.bessel_k1` with this tensor first. */
  besselK1(): Tensor;
  /** `tf.math.special.bessel_k1e` with this tensor first. */
  besselK1e(): Tensor;
  /** `tf.math.special.dawsn` with this tensor first. */
  dawsn(): Tensor;
  /** `tf.math.special.expint` with this tensor first. */
  expint(): Tensor;
  /** `tf.math.special.fresnel_cos` with this tensor first. */
  fresnelCos(): Tensor;
  /** `tf.math.special.fresnel_sin` with this tensor first. */
  fresnelSin(): Tensor;
  /** `tf.math.special.spence` with this tensor first. */
  spence(): Tensor;
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
  /** `tf.math.igamma` with this tensor first. */
  igamma(y: TensorLike): Tensor;
  /** `tf.math.igammac` with this tensor first. */
  igammac(y: TensorLike): Tensor;
  /** `tf.math.zeta` with this tensor first. */
  zeta(y: TensorLike): Tensor;
  /** `tf.math.polygamma` with this tensor first. */
  polygamma(y: TensorLike): Tensor;
  /** `tf.math.nextafter` with this tensor first. */
  nextafter(y: TensorLike): Tensor;
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
    return unaryOp(OP.neg, this);
  },
  exp(this: Tensor): Tensor {
    return unaryOp(OP.exp, this);
  },
  log(this: Tensor): Tensor {
    return unaryOp(OP.log, this);
  },
  sqrt(this: Tensor): Tensor {
    return unaryOp(OP.sqrt, this);
  },
  abs(this: Tensor): Tensor {
    return unaryOp(OP.abs, this);
  },
  square(this: Tensor): Tensor {
    return unaryOp(OP.square, this);
  },
  sign(this: Tensor): Tensor {
    return unaryOp(OP.sign, this);
  },
  reciprocal(this: Tensor): Tensor {
    return unaryOp(OP.reciprocal, this);
  },
  rsqrt(this: Tensor): Tensor {
    return unaryOp(OP.rsqrt, this);
  },
  floor(this: Tensor): Tensor {
    return unaryOp(OP.floor, this);
  },
  ceil(this: Tensor): Tensor {
    return unaryOp(OP.ceil, this);
  },
  round(this: Tensor): Tensor {
    return unaryOp(OP.round, this);
  },
  sin(this: Tensor): Tensor {
    return unaryOp(OP.sin, this);
  },
  cos(this: Tensor): Tensor {
    return unaryOp(OP.cos, this);
  },
  tan(this: Tensor): Tensor {
    return unaryOp(OP.tan, this);
  },
  asin(this: Tensor): Tensor {
    return unaryOp(OP.asin, this);
  },
  acos(this: Tensor): Tensor {
    return unaryOp(OP.acos, this);
  },
  atan(this: Tensor): Tensor {
    return unaryOp(OP.atan, this);
  },
  sinh(this: Tensor): Tensor {
    return unaryOp(OP.sinh, this);
  },
  cosh(this: Tensor): Tensor {
    return unaryOp(OP.cosh, this);
  },
  tanh(this: Tensor): Tensor {
    return unaryOp(OP.tanh, this);
  },
  asinh(this: Tensor): Tensor {
    return unaryOp(OP.asinh, this);
  },
  acosh(this: Tensor): Tensor {
    return unaryOp(OP.acosh, this);
  },
  atanh(this: Tensor): Tensor {
    return unaryOp(OP.atanh, this);
  },
  sigmoid(this: Tensor): Tensor {
    return unaryOp(OP.sigmoid, this);
  },
  softplus(this: Tensor): Tensor {
    return unaryOp(OP.softplus, this);
  },
  softsign(this: Tensor): Tensor {
    return unaryOp(OP.softsign, this);
  },
  log1p(this: Tensor): Tensor {
    return unaryOp(OP.log1p, this);
  },
  expm1(this: Tensor): Tensor {
    return unaryOp(OP.expm1, this);
  },
  erf(this: Tensor): Tensor {
    return unaryOp(OP.erf, this);
  },
  erfc(this: Tensor): Tensor {
    return unaryOp(OP.erfc, this);
  },
  erfinv(this: Tensor): Tensor {
    return unaryOp(OP.erfinv, this);
  },
  ndtri(this: Tensor): Tensor {
    return unaryOp(OP.ndtri, this);
  },
  lgamma(this: Tensor): Tensor {
    return unaryOp(OP.lgamma, this);
  },
  digamma(this: Tensor): Tensor {
    return unaryOp(OP.digamma, this);
  },
  erfcinv(this: Tensor): Tensor {
    return unaryOp(OP.erfcinv, this);
  },
  besselI0(this: Tensor): Tensor {
    return unaryOp(OP.besselI0, this);
  },
  besselI0e(this: Tensor): Tensor {
    return unaryOp(OP.besselI0e, this);
  },
  besselI1(this: Tensor): Tensor {
    return unaryOp(OP.besselI1, this);
  },
  besselI1e(this: Tensor): Tensor {
    return unaryOp(OP.besselI1e, this);
  },
  besselJ0(this: Tensor): Tensor {
    return unaryOp(OP.besselJ0, this);
  },
  besselJ1(this: Tensor): Tensor {
    return unaryOp(OP.besselJ1, this);
  },
  besselY0(this: Tensor): Tensor {
    return unaryOp(OP.besselY0, this);
  },
  besselY1(this: Tensor): Tensor {
    return unaryOp(OP.besselY1, this);
  },
  besselK0(this: Tensor): Tensor {
    return unaryOp(OP.besselK0, this);
  },
  besselK0e(this: Tensor): Tensor {
    return unaryOp(OP.besselK0e, this);
  },
  besselK1(this: Tensor): Tensor {
    return unaryOp(OP.besselK1, this);
  },
  besselK1e(this: Tensor): Tensor {
    return unaryOp(OP.besselK1e, this);
  },
  dawsn(this: Tensor): Tensor {
    return unaryOp(OP.dawsn, this);
  },
  expint(this: Tensor): Tensor {
    return unaryOp(OP.expint, this);
  },
  fresnelCos(this: Tensor): Tensor {
    return unaryOp(OP.fresnelCos, this);
  },
  fresnelSin(this: Tensor): Tensor {
    return unaryOp(OP.fresnelSin, this);
  },
  spence(this: Tensor): Tensor {
    return unaryOp(OP.spence, this);
  },
  relu(this: Tensor): Tensor {
    return unaryOp(OP.relu, this);
  },
  relu6(this: Tensor): Tensor {
    return unaryOp(OP.relu6, this);
  },
  elu(this: Tensor): Tensor {
    return unaryOp(OP.elu, this);
  },
  selu(this: Tensor): Tensor {
    return unaryOp(OP.selu, this);
  },
  gelu(this: Tensor): Tensor {
    return unaryOp(OP.gelu, this);
  },
  silu(this: Tensor): Tensor {
    return unaryOp(OP.silu, this);
  },
  isNaN(this: Tensor): Tensor {
    return unaryOp(OP.isNaN, this);
  },
  isInf(this: Tensor): Tensor {
    return unaryOp(OP.isInf, this);
  },
  isFinite(this: Tensor): Tensor {
    return unaryOp(OP.isFinite, this);
  },
  logicalNot(this: Tensor): Tensor {
    return unaryOp(OP.logicalNot, this);
  },
  add(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.add, this, y);
  },
  sub(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.sub, this, y);
  },
  mul(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.mul, this, y);
  },
  div(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.div, this, y);
  },
  pow(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.pow, this, y);
  },
  maximum(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.maximum, this, y);
  },
  minimum(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.minimum, this, y);
  },
  squaredDifference(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.squaredDifference, this, y);
  },
  mod(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.mod, this, y);
  },
  floorDiv(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.floorDiv, this, y);
  },
  atan2(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.atan2, this, y);
  },
  xlogy(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.xlogy, this, y);
  },
  divNoNan(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.divNoNan, this, y);
  },
  igamma(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.igamma, this, y);
  },
  igammac(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.igammac, this, y);
  },
  zeta(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.zeta, this, y);
  },
  polygamma(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.polygamma, this, y);
  },
  nextafter(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.nextafter, this, y);
  },
  equal(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.equal, this, y);
  },
  notEqual(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.notEqual, this, y);
  },
  less(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.less, this, y);
  },
  lessEqual(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.lessEqual, this, y);
  },
  greater(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.greater, this, y);
  },
  greaterEqual(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.greaterEqual, this, y);
  },
  logicalAnd(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.logicalAnd, this, y);
  },
  logicalOr(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.logicalOr, this, y);
  },
  logicalXor(this: Tensor, y: TensorLike): Tensor {
    return binaryOp(OP.logicalXor, this, y);
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
