// tf.keras.ops: Keras 3's backend-agnostic op namespace (`keras.ops`), Keras' snake_case names in
// camelCase with Keras' positional arguments. Every entry is one of gradtape's ops or a thin
// adapter (ts/keras-ops-numpy.ts, ts/keras-ops-core.ts, ts/keras-ops-windows.ts, ...) for Keras' NumPy conventions: axis=None
// flattens or reduces everything, dtypes promote by Keras' result_type (int32 + float32 gives
// float32, int / int gives floatx, means of ints are floats), 1-D matmul operands, NumPy's split,
// tile and pad. A JS number is a weak scalar (an integer value counts as a Python int). The
// `image` namespace is ts/keras-ops-image.ts (Keras' keyword arguments as an options object there).

import * as activations from './activations';
import { cond as tfCond, vectorizedMap } from './control-flow';
import * as gen from './generated/ops';
import { inTopK } from './sorting';
import * as la from './linalg';
import { broadcastTo, cast as tfCast, stopGradient } from './ops';
import type { TensorLike } from './tensor';
import { clipByValue } from './reductions';
import * as shp from './shape';
import * as core from './keras-ops-core';
import * as np from './keras-ops-numpy';
import * as cv from './keras-ops-conv';
import * as arr from './keras-ops-arrays';
import * as st from './keras-ops-stats';
import * as win from './keras-ops-windows';
import * as km from './keras-ops-math';
import * as knn from './keras-ops-nn';
import { customGradient } from './autodiff';
import { kerasOpsImage } from './keras-ops-image';

const { floatUnary: fu, binary, comparison, logical, arithmetic, extremum } = np;
const fa = core.floatActivation;

/** `tf.keras.ops`: Keras 3's op namespace (numpy, nn, linalg, math and core ops) with NumPy semantics and Keras' dtype promotion. */
export const kerasOps = {
  // ---- numpy: elementwise, one argument
  /** keras.ops.real(x): x (gradtape's tensors are all real). */
  real: km.real,
  /** keras.ops.imag(x): zeros shaped as x (gradtape's tensors are all real). */
  imag: km.imag,
  /** keras.ops.isreal(x): true everywhere (gradtape's tensors are all real). */
  isreal: km.isreal,
  /** keras.ops.conj(x): x (gradtape's tensors are all real; bool refused). */
  conj: km.conj,
  /** keras.ops.conjugate(x): conj. */
  conjugate: km.conj,
  /** keras.ops.angle(x): the argument of a real x, π where x < 0, else 0, in floats. */
  angle: km.angle,
  /** keras.ops.fabs(x): |x| in floats (ints and bools become floatx). */
  fabs: km.fabs,
  /** keras.ops.abs(x): |x| (int stays int, bool stays bool). */
  abs: np.abs,
  /** keras.ops.absolute(x): abs. */
  absolute: np.abs,
  /** keras.ops.negative(x): -x (bool as int32). */
  negative: np.negative,
  /** keras.ops.square(x): x² (bool as int32). */
  square: np.square,
  /** keras.ops.sign(x): -1, 0 or 1. */
  sign: np.sign,
  /** keras.ops.sqrt(x), in floats (ints become floatx). */
  sqrt: fu('sqrt', gen.sqrt),
  /** keras.ops.rsqrt(x): 1/√x, in floats. */
  rsqrt: fu('rsqrt', gen.rsqrt),
  /** keras.ops.cbrt(x): the real cube root, in floats. */
  cbrt: fu('cbrt', (x) => gen.mul(gen.sign(x), gen.pow(gen.abs(x), 1 / 3))),
  /** keras.ops.exp(x), in floats. */
  exp: fu('exp', gen.exp),
  /** keras.ops.exp2(x): 2^x, in floats. */
  exp2: fu('exp2', (x) => gen.exp(gen.mul(x, Math.LN2))),
  /** keras.ops.expm1(x): exp(x) - 1, in floats. */
  expm1: fu('expm1', gen.expm1),
  /** keras.ops.log(x), in floats. */
  log: fu('log', gen.log),
  /** keras.ops.log2(x), in floats. */
  log2: fu('log2', (x) => gen.div(gen.log(x), Math.LN2)),
  /** keras.ops.log10(x), in floats. */
  log10: fu('log10', (x) => gen.div(gen.log(x), Math.LN10)),
  /** keras.ops.log1p(x): log(1 + x), in floats. */
  log1p: fu('log1p', gen.log1p),
  /** keras.ops.sin(x), in floats. */
  sin: fu('sin', gen.sin),
  /** keras.ops.cos(x), in floats. */
  cos: fu('cos', gen.cos),
  /** keras.ops.tan(x), in floats. */
  tan: fu('tan', gen.tan),
  /** keras.ops.arcsin(x), in floats. */
  arcsin: fu('arcsin', gen.asin),
  /** keras.ops.arccos(x), in floats. */
  arccos: fu('arccos', gen.acos),
  /** keras.ops.arctan(x), in floats. */
  arctan: fu('arctan', gen.atan),
  /** keras.ops.sinh(x), in floats. */
  sinh: fu('sinh', gen.sinh),
  /** keras.ops.cosh(x), in floats. */
  cosh: fu('cosh', gen.cosh),
  /** keras.ops.tanh(x), in floats. */
  tanh: fu('tanh', gen.tanh),
  /** keras.ops.arcsinh(x), in floats. */
  arcsinh: fu('arcsinh', gen.asinh),
  /** keras.ops.arccosh(x), in floats. */
  arccosh: fu('arccosh', gen.acosh),
  /** keras.ops.arctanh(x), in floats. */
  arctanh: fu('arctanh', gen.atanh),
  /** keras.ops.deg2rad(x): x·π/180, in floats. */
  deg2rad: fu('deg2rad', (x) => gen.mul(x, Math.PI / 180)),
  /** keras.ops.rad2deg(x): x·180/π, in floats. */
  rad2deg: fu('rad2deg', (x) => gen.mul(x, 180 / Math.PI)),
  /** keras.ops.floor(x), in floats. */
  floor: fu('floor', gen.floor),
  /** keras.ops.ceil(x), in floats. */
  ceil: fu('ceil', gen.ceil),
  /** keras.ops.trunc(x): rounded toward zero (ints unchanged). */
  trunc: np.trunc,
  /** keras.ops.round(x, decimals=0): half to even. */
  round: np.round,
  /** keras.ops.reciprocal(x): 1/x, in floats. */
  reciprocal: fu('reciprocal', gen.reciprocal),
  /** keras.ops.erf(x), in floats. */
  erf: fu('erf', gen.erf),
  /** keras.ops.erfc(x): 1 - erf(x), in floats. */
  erfc: km.erfc,
  /** keras.ops.sinc(x): sin(πx)/(πx), 1 at 0, in floats. */
  sinc: km.sinc,
  /** keras.ops.i0(x): the modified Bessel function I₀, in floats (float64 stays float64). */
  i0: km.i0,
  /** keras.ops.erfinv(x), in floats. */
  erfinv: fu('erfinv', gen.erfinv),
  /** keras.ops.isnan(x): bool (false for ints). */
  isnan: fu('isnan', gen.isNaN),
  /** keras.ops.isinf(x): bool (false for ints). */
  isinf: fu('isinf', gen.isInf),
  /** keras.ops.isfinite(x): bool (true for ints). */
  isfinite: fu('isfinite', gen.isFinite),
  /** keras.ops.isposinf(x): bool, true at +inf (false for ints and bools). */
  isposinf: km.isInfinity(1),
  /** keras.ops.isneginf(x): bool, true at -inf (false for ints and bools). */
  isneginf: km.isInfinity(-1),
  /** keras.ops.signbit(x): bool, true for negative numbers and -0 (floats read as float32, as Keras does). */
  signbit: km.signbit,
  /** keras.ops.logical_not(x): not x, as bool. */
  logicalNot: np.logicalNot,
  /** keras.ops.nan_to_num(x, nan=0, posinf=None, neginf=None). */
  nanToNum: np.nanToNum,
  /** keras.ops.copy(x): x itself (tensors are immutable). */
  copy: shp.identity,
  // ---- numpy: elementwise, two arguments
  /** keras.ops.add(x1, x2): in the operands' result_type. */
  add: arithmetic('add', gen.add),
  /** keras.ops.subtract(x1, x2). */
  subtract: arithmetic('subtract', gen.sub),
  /** keras.ops.multiply(x1, x2). */
  multiply: arithmetic('multiply', gen.mul),
  /** keras.ops.divide(x1, x2): true division, ints give floatx. */
  divide: np.divide,
  /** keras.ops.true_divide(x1, x2): divide. */
  trueDivide: np.divide,
  /** keras.ops.divide_no_nan(x1, x2): x1 / x2, 0 where x2 is 0. */
  divideNoNan: binary('divideNoNan', gen.divNoNan, true),
  /** keras.ops.floor_divide(x1, x2): ⌊x1 / x2⌋ (ints stay ints). */
  floorDivide: np.floorDivide,
  /** keras.ops.mod(x1, x2): the remainder with the divisor's sign. */
  mod: np.mod,
  /** keras.ops.power(x1, x2). */
  power: np.power,
  /** keras.ops.maximum(x1, x2). */
  maximum: extremum('maximum', gen.maximum),
  /** keras.ops.minimum(x1, x2). */
  minimum: extremum('minimum', gen.minimum),
  /** keras.ops.arctan2(x1, x2): the angle of (x2, x1), in floats. */
  arctan2: binary('arctan2', gen.atan2, true),
  /** keras.ops.hypot(x1, x2): √(x1² + x2²). */
  hypot: np.hypot,
  /** keras.ops.logaddexp(x1, x2): log(exp(x1) + exp(x2)) without overflow. */
  logaddexp: np.logaddexp,
  /** keras.ops.nextafter(x1, x2): the next float after x1 toward x2. */
  nextafter: binary('nextafter', gen.nextafter, true),
  /** keras.ops.heaviside(x1, x2): 0 where x1 < 0, 1 where x1 > 0, x2 where x1 is 0 (ints as floatx). */
  heaviside: km.heaviside,
  /** keras.ops.ldexp(x1, x2): x1·2^x2 for an integer x2, in floats. */
  ldexp: km.ldexp,
  /** keras.ops.fmod(x1, x2): the remainder with x1's sign (C's fmod), in the result_type (bool as int32). */
  fmod: km.fmod,
  /** keras.ops.logaddexp2(x1, x2): log2(2^x1 + 2^x2) without overflow, in floats. */
  logaddexp2: km.logaddexp2,
  /** keras.ops.fmax(x1, x2): the elementwise maximum, NaN only where both are NaN. */
  fmax: km.nanIgnoringExtremum('fmax'),
  /** keras.ops.fmin(x1, x2): the elementwise minimum, NaN only where both are NaN. */
  fmin: km.nanIgnoringExtremum('fmin'),
  /** keras.ops.gcd(x1, x2): the greatest common divisor of int32 operands. */
  gcd: km.gcd,
  /** keras.ops.lcm(x1, x2): the least common multiple of int32 operands. */
  lcm: km.lcm,
  /** keras.ops.equal(x1, x2): bool. */
  equal: comparison('equal', gen.equal),
  /** keras.ops.not_equal(x1, x2): bool. */
  notEqual: comparison('notEqual', gen.notEqual),
  /** keras.ops.less(x1, x2): bool. */
  less: comparison('less', gen.less),
  /** keras.ops.less_equal(x1, x2): bool. */
  lessEqual: comparison('lessEqual', gen.lessEqual),
  /** keras.ops.greater(x1, x2): bool. */
  greater: comparison('greater', gen.greater),
  /** keras.ops.greater_equal(x1, x2): bool. */
  greaterEqual: comparison('greaterEqual', gen.greaterEqual),
  /** keras.ops.logical_and(x1, x2): bool. */
  logicalAnd: logical(gen.logicalAnd),
  /** keras.ops.logical_or(x1, x2): bool. */
  logicalOr: logical(gen.logicalOr),
  /** keras.ops.logical_xor(x1, x2): bool. */
  logicalXor: logical(gen.logicalXor),
  /** keras.ops.isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False): bool. */
  isclose: np.isclose,
  /** keras.ops.allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False): a bool scalar tensor. */
  allclose: np.allclose,
  /** keras.ops.clip(x, x_min, x_max). */
  clip: np.clip,
  // ---- numpy: reductions
  /** keras.ops.sum(x, axis=None, keepdims=False). */
  sum: np.sum,
  /** keras.ops.prod(x, axis=None, keepdims=False, dtype=None). */
  prod: np.prod,
  /** keras.ops.mean(x, axis=None, keepdims=False): ints give floats. */
  mean: np.mean,
  /** keras.ops.var(x, axis=None, keepdims=False): the population variance. */
  var: np.variance,
  /** keras.ops.std(x, axis=None, keepdims=False): the population standard deviation. */
  std: np.std,
  /** keras.ops.max(x, axis=None, keepdims=False, initial=None). */
  max: np.extremumReduction('max'),
  /** keras.ops.min(x, axis=None, keepdims=False, initial=None). */
  min: np.extremumReduction('min'),
  /** keras.ops.amax(x, axis=None, keepdims=False): max. */
  amax: np.extremumReduction('max'),
  /** keras.ops.amin(x, axis=None, keepdims=False): min. */
  amin: np.extremumReduction('min'),
  /** keras.ops.all(x, axis=None, keepdims=False): bool. */
  all: np.logicalReduction('all'),
  /** keras.ops.any(x, axis=None, keepdims=False): bool. */
  any: np.logicalReduction('any'),
  /** keras.ops.argmax(x, axis=None, keepdims=False): int32 (over the flattened x when axis is None). */
  argmax: np.argReduction('argmax'),
  /** keras.ops.nanargmax(x, axis=None, keepdims=False): argmax ignoring NaN, -1 where all are NaN. */
  nanargmax: km.nanArgReduction('nanargmax'),
  /** keras.ops.nanargmin(x, axis=None, keepdims=False): argmin ignoring NaN, -1 where all are NaN. */
  nanargmin: km.nanArgReduction('nanargmin'),
  /** keras.ops.argmin(x, axis=None, keepdims=False): int32. */
  argmin: np.argReduction('argmin'),
  /** keras.ops.logsumexp(x, axis=None, keepdims=False). */
  logsumexp: np.logsumexp,
  /** keras.ops.cumsum(x, axis=None, dtype=None): over the flattened x when axis is None. */
  cumsum: np.cumulative('cumsum'),
  /** keras.ops.cumprod(x, axis=None, dtype=None). */
  cumprod: np.cumulative('cumprod'),
  /** keras.ops.nancumsum(x, axis=None, dtype=None): cumsum with NaN as 0 (±inf as the largest finite values, as Keras' nan_to_num). */
  nancumsum: km.nanCumulative('nancumsum'),
  /** keras.ops.nancumprod(x, axis=None, dtype=None): cumprod with NaN as 1 (±inf as the largest finite values, as Keras' nan_to_num). */
  nancumprod: km.nanCumulative('nancumprod'),
  /** keras.ops.count_nonzero(x, axis=None): int32. */
  countNonzero: np.countNonzero,
  /** keras.ops.average(x, axis=None, weights=None). */
  average: np.average,
  /** keras.ops.ptp(x, axis=None, keepdims=False): max - min. */
  ptp: np.ptp,
  /** keras.ops.quantile(x, q, axis=None, method='linear', keepdims=False): q in [0, 1], a number or a list (its axis first); methods 'linear', 'lower', 'higher', 'nearest', 'midpoint'. */
  quantile: st.quantile,
  /** keras.ops.percentile(x, q, axis=None, method='linear', keepdims=False): quantile at q / 100. */
  percentile: st.percentile,
  /** keras.ops.median(x, axis=None, keepdims=False). */
  median: st.median,
  /** keras.ops.nanquantile(x, q, axis=None, method='linear', keepdims=False): quantile of the entries that are not NaN (NaN where a slice has none). */
  nanquantile: st.nanquantile,
  /** keras.ops.nanpercentile(x, q, axis=None, method='linear', keepdims=False): nanquantile at q / 100. */
  nanpercentile: st.nanpercentile,
  /** keras.ops.nanmedian(x, axis=None, keepdims=False): nanquantile at 0.5. */
  nanmedian: st.nanmedian,
  /** keras.ops.nansum(x, axis=None, keepdims=False): NaN entries skipped. */
  nansum: st.nansum,
  /** keras.ops.nanprod(x, axis=None, keepdims=False): NaN entries skipped. */
  nanprod: st.nanprod,
  /** keras.ops.nanmean(x, axis=None, keepdims=False): NaN entries skipped (ints give floats). */
  nanmean: st.nanmean,
  /** keras.ops.nanvar(x, axis=None, keepdims=False): NaN entries skipped. */
  nanvar: st.nanvar,
  /** keras.ops.nanstd(x, axis=None, keepdims=False): NaN entries skipped. */
  nanstd: st.nanstd,
  /** keras.ops.nanmax(x, axis=None, keepdims=False): NaN entries skipped; NaN for an all-NaN slice. */
  nanmax: st.nanmax,
  /** keras.ops.nanmin(x, axis=None, keepdims=False): NaN entries skipped; NaN for an all-NaN slice. */
  nanmin: st.nanmin,
  /** keras.ops.histogram(x, bins=10, range=None): [counts, bin edges]. */
  histogram: st.histogram,
  /** keras.ops.bincount(x, weights=None, minlength=0): counts (or summed weights) of the values 0, 1, ... (per row of a 2-D x). */
  bincount: st.bincount,
  // ---- numpy: shapes
  /** keras.ops.reshape(x, newshape). */
  reshape: np.reshape,
  /** keras.ops.transpose(x, axes=None). */
  transpose: np.transpose,
  /** keras.ops.expand_dims(x, axis): axis a number or a list. */
  expandDims: np.expandDims,
  /** keras.ops.squeeze(x, axis=None). */
  squeeze: np.squeeze,
  /** keras.ops.concatenate(xs, axis=0): promoted to one dtype; axis None flattens. */
  concatenate: np.concatenate,
  /** keras.ops.stack(x, axis=0). */
  stack: np.stack,
  /** keras.ops.unstack(x, num=None, axis=0): an array of tensors. */
  unstack: np.unstack,
  /** keras.ops.split(x, indices_or_sections, axis=0): equal sections, or cut at the indices. */
  split: np.split,
  /** keras.ops.array_split(x, indices_or_sections, axis=0): sections may differ by one. */
  arraySplit: np.arraySplit,
  /** keras.ops.vsplit(x, indices_or_sections): split along axis 0. */
  vsplit: (x: TensorLike, indicesOrSections: number | readonly number[]) => np.split(x, indicesOrSections, 0),
  /** keras.ops.hsplit(x, indices_or_sections): split along axis 1 (axis 0 of a 1-D x). */
  hsplit: (x: TensorLike, indicesOrSections: number | readonly number[]) => np.split(x, indicesOrSections, np.asTensor(x, 'hsplit').rank === 1 ? 0 : 1),
  /** keras.ops.dsplit(x, indices_or_sections): split along axis 2. */
  dsplit: (x: TensorLike, indicesOrSections: number | readonly number[]) => np.split(x, indicesOrSections, 2),
  /** keras.ops.hstack(xs). */
  hstack: np.hstack,
  /** keras.ops.vstack(xs). */
  vstack: np.vstack,
  /** keras.ops.dstack(xs). */
  dstack: np.dstack,
  /** keras.ops.append(x1, x2, axis=None). */
  append: np.append,
  /** keras.ops.tile(x, repeats): NumPy's tile. */
  tile: np.tile,
  /** keras.ops.repeat(x, repeats, axis=None): each entry repeated (of the flattened x when axis is None). */
  repeat: shp.repeat,
  /** keras.ops.pad(x, pad_width, mode='constant', constant_values=None): modes 'constant', 'reflect', 'symmetric'. */
  pad: np.pad,
  /** keras.ops.flip(x, axis=None). */
  flip: np.flip,
  /** keras.ops.fliplr(x): reversed along axis 1. */
  fliplr: (x: TensorLike) => np.flip(x, 1),
  /** keras.ops.flipud(x): reversed along axis 0 (a scalar as it is, as tf.reverse leaves it). */
  flipud: (x: TensorLike) => (np.asTensor(x, 'flipud').rank === 0 ? np.asTensor(x, 'flipud') : np.flip(x, 0)),
  /** keras.ops.roll(x, shift, axis=None). */
  roll: np.roll,
  /** keras.ops.broadcast_to(x, shape). */
  broadcastTo,
  /** keras.ops.swapaxes(x, axis1, axis2). */
  swapaxes: np.swapaxes,
  /** keras.ops.moveaxis(x, source, destination). */
  moveaxis: np.moveaxis,
  /** keras.ops.ravel(x): flattened. */
  ravel: np.ravel,
  /** keras.ops.take(x, indices, axis=None): negative indices count from the end. */
  take: np.take,
  /** keras.ops.take_along_axis(x, indices, axis=None). */
  takeAlongAxis: np.takeAlongAxis,
  /** keras.ops.where(condition, x1=None, x2=None): elementwise choice, or the index arrays of the true entries. */
  where: np.where,
  /** keras.ops.nonzero(x): the index arrays of the nonzero entries, one per axis. */
  nonzero: np.nonzero,
  /** keras.ops.unravel_index(indices, shape): the coordinates of flat indices in an array of `shape`, one tensor per axis. */
  unravelIndex: arr.unravelIndex,
  /** keras.ops.select(condlist, choicelist, default=0). */
  select: np.select,
  /** keras.ops.diff(a, n=1, axis=-1). */
  diff: np.diff,
  /** keras.ops.slice(inputs, start_indices, shape). */
  slice: np.sliceOp,
  /** keras.ops.slice_update(inputs, start_indices, updates). */
  sliceUpdate: np.sliceUpdate,
  /** keras.ops.scatter(indices, values, shape): values summed into zeros at the indices. */
  scatter: shp.scatterNd,
  /** keras.ops.scatter_update(inputs, indices, updates): inputs with the entries at indices replaced. */
  scatterUpdate: shp.tensorScatterUpdate,
  /** keras.ops.segment_sum(data, segment_ids, num_segments=None, sorted=False). */
  segmentSum: np.segment('sum'),
  /** keras.ops.segment_max(data, segment_ids, num_segments=None, sorted=False). */
  segmentMax: np.segment('max'),
  /** keras.ops.segment_min(data, segment_ids, num_segments=None, sorted=False). */
  segmentMin: np.segment('min'),
  /** keras.ops.segment_prod(data, segment_ids, num_segments=None, sorted=False): 1 for an empty segment. */
  segmentProd: np.segment('prod'),
  /** keras.ops.kron(x1, x2): the Kronecker product. */
  kron: arr.kron,
  /** keras.ops.isin(x1, x2, assume_unique=False, invert=False): bool. */
  isin: arr.isin,
  /** keras.ops.rot90(array, k=1, axes=[0, 1]). */
  rot90: arr.rot90,
  /** keras.ops.trapezoid(y, x=None, dx=1.0, axis=-1): the trapezoidal-rule integral. */
  trapezoid: arr.trapezoid,
  /** keras.ops.unique(x, sorted=True, return_index=False, return_inverse=False, return_counts=False, axis=None, size=None, fill_value=None): of the flattened x. */
  unique: arr.unique,
  /** keras.ops.bitwise_and(x, y). */
  bitwiseAnd: arr.bitwiseAnd,
  /** keras.ops.bitwise_or(x, y). */
  bitwiseOr: arr.bitwiseOr,
  /** keras.ops.bitwise_xor(x, y). */
  bitwiseXor: arr.bitwiseXor,
  /** keras.ops.bitwise_not(x): ~x. */
  bitwiseNot: arr.invert,
  /** keras.ops.bitwise_invert(x): ~x. */
  bitwiseInvert: arr.invert,
  /** keras.ops.bitwise_left_shift(x, y). */
  bitwiseLeftShift: arr.leftShift,
  /** keras.ops.bitwise_right_shift(x, y). */
  bitwiseRightShift: arr.rightShift,
  /** keras.ops.left_shift(x, y): bitwise_left_shift. */
  leftShift: arr.leftShift,
  /** keras.ops.right_shift(x, y): bitwise_right_shift. */
  rightShift: arr.rightShift,
  // ---- numpy: matrices
  /** keras.ops.matmul(x1, x2): NumPy's matmul. */
  matmul: np.matmul,
  /** keras.ops.dot(x1, x2): NumPy's dot. */
  dot: np.dot,
  /** keras.ops.tensordot(x1, x2, axes=2). */
  tensordot: np.tensordot,
  /** keras.ops.inner(x1, x2). */
  inner: np.inner,
  /** keras.ops.outer(x1, x2). */
  outer: np.outer,
  /** keras.ops.vdot(x1, x2). */
  vdot: np.vdot,
  /** keras.ops.einsum(subscripts, ...operands). */
  einsum: np.einsum,
  /** keras.ops.cross(x1, x2): the cross product of 3-vectors along the last axis. */
  cross: core.cross,
  /** keras.ops.tril(x, k=0). */
  tril: np.triangle(true),
  /** keras.ops.triu(x, k=0). */
  triu: np.triangle(false),
  /** keras.ops.diag(x, k=0). */
  diag: np.diag,
  /** keras.ops.diagonal(x, offset=0, axis1=0, axis2=1). */
  diagonal: np.diagonal,
  /** keras.ops.trace(x, offset=0, axis1=0, axis2=1). */
  trace: np.trace,
  /** keras.ops.diagflat(x, k=0): the flattened x on the k-th diagonal of a square matrix. */
  diagflat: arr.diagflat,
  /** keras.ops.vander(x, N=None, increasing=False): the Vandermonde matrix of a 1-D x, in x's dtype. */
  vander: km.vander,
  /** keras.ops.corrcoef(x): the Pearson correlation matrix of the rows of a 2-D x. */
  corrcoef: km.corrcoef,
  /** keras.ops.cdist(x, y): the Euclidean distances between the rows of x [..., m, d] and y [..., n, d], in floats. */
  cdist: km.cdist,
  /** keras.ops.correlate(x1, x2, mode='valid'): the cross-correlation of two 1-D tensors ('valid', 'same' or 'full'). */
  correlate: km.correlate,
  // ---- numpy: creation
  /** keras.ops.arange(start, stop=None, step=1, dtype=None). */
  arange: np.arange,
  /** keras.ops.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0). */
  linspace: np.linspace,
  /** keras.ops.logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0). */
  logspace: np.logspace,
  /** keras.ops.geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0): numbers spaced evenly on a log scale. */
  geomspace: km.geomspace,
  /** keras.ops.eye(N, M=None, k=0, dtype=None). */
  eye: np.eye,
  /** keras.ops.identity(n, dtype=None). */
  identity: np.identity,
  /** keras.ops.tri(N, M=None, k=0, dtype=None). */
  tri: np.tri,
  /** keras.ops.zeros(shape, dtype=None). */
  zeros: np.constantFill(0),
  /** keras.ops.ones(shape, dtype=None). */
  ones: np.constantFill(1),
  /** keras.ops.full(shape, fill_value, dtype=None). */
  full: np.full,
  /** keras.ops.zeros_like(x, dtype=None). */
  zerosLike: np.constantLike(0),
  /** keras.ops.empty(shape, dtype=None): zeros, as Keras' TensorFlow backend gives (floatx unless dtype is given). */
  empty: np.constantFill(0),
  /** keras.ops.empty_like(x, dtype=None): zeros shaped as x, as Keras' TensorFlow backend gives. */
  emptyLike: np.constantLike(0),
  /** keras.ops.ones_like(x, dtype=None). */
  onesLike: np.constantLike(1),
  /** keras.ops.full_like(x, fill_value, dtype=None). */
  fullLike: np.fullLike,
  /** keras.ops.meshgrid(...x, {indexing}): 'xy' (default) or 'ij'. */
  meshgrid: shp.meshgrid,
  // ---- numpy: window functions (symmetric, in floatx)
  /** keras.ops.hamming(x): the symmetric Hamming window of length x. */
  hamming: win.hamming,
  /** keras.ops.hanning(x): the symmetric Hann window of length x. */
  hanning: win.hanning,
  /** keras.ops.bartlett(x): the triangular window of length x. */
  bartlett: win.bartlett,
  /** keras.ops.blackman(x): the Blackman window of length x. */
  blackman: win.blackman,
  /** keras.ops.kaiser(x, beta): the Kaiser window of length x. */
  kaiser: win.kaiser,
  // ---- numpy: sorting and searching
  /** keras.ops.sort(x, axis=-1). */
  sort: np.sort,
  /** keras.ops.argsort(x, axis=-1): int32. */
  argsort: np.argsort,
  /** keras.ops.argpartition(x, kth, axis=-1): int32 indices that put entry kth in its sorted place, smaller entries before it. */
  argpartition: arr.argpartition,
  /** keras.ops.searchsorted(sorted_sequence, values, side='left'): int32. */
  searchsorted: np.searchsortedOp,
  /** keras.ops.digitize(x, bins): int32 bin indices. */
  digitize: np.digitize,
  // ---- nn
  /** keras.ops.relu(x). */
  relu: core.numericActivation('relu', gen.relu),
  /** keras.ops.relu6(x). */
  relu6: core.numericActivation('relu6', (x) => (x.dtype === 'int32' ? clipByValue(x, 0, 6) : gen.relu6(x))),
  /** keras.ops.sigmoid(x). */
  sigmoid: fa('sigmoid', gen.sigmoid),
  /** keras.ops.sparse_sigmoid(x): 0 for x <= -1, (x + 1)/2 between, 1 for x >= 1. */
  sparseSigmoid: fa('sparseSigmoid', knn.sparseSigmoid),
  /** keras.ops.ctc_loss(target, output, target_length, output_length, mask_index=0): the CTC loss of each sequence, [batch], from batch-major logits. */
  ctcLoss: knn.ctcLoss,
  /** keras.ops.ctc_decode(inputs, sequence_lengths, strategy='greedy', beam_width=100, top_paths=1, merge_repeated=True, mask_index=0): [decoded int32 [paths, batch, frames] (-1 after each path), scores]. */
  ctcDecode: knn.ctcDecode,
  /** keras.ops.softplus(x). */
  softplus: fa('softplus', gen.softplus),
  /** keras.ops.softsign(x). */
  softsign: fa('softsign', gen.softsign),
  /** keras.ops.silu(x): x·sigmoid(x). */
  silu: fa('silu', gen.silu),
  /** keras.ops.swish(x): silu. */
  swish: fa('swish', gen.silu),
  /** keras.ops.log_sigmoid(x). */
  logSigmoid: fa('logSigmoid', activations.logSigmoid),
  /** keras.ops.leaky_relu(x, negative_slope=0.2). */
  leakyRelu: core.leakyRelu,
  /** keras.ops.hard_sigmoid(x): clip(x/6 + 1/2, 0, 1). */
  hardSigmoid: fa('hardSigmoid', activations.hardSigmoid),
  /** keras.ops.hard_silu(x): x·hard_sigmoid(x). */
  hardSilu: fa('hardSilu', activations.hardSilu),
  /** keras.ops.hard_swish(x): hard_silu. */
  hardSwish: fa('hardSwish', activations.hardSilu),
  /** keras.ops.hard_tanh(x): clip(x, -1, 1). */
  hardTanh: core.numericActivation('hardTanh', (x) => (x.dtype === 'int32' ? clipByValue(x, -1, 1) : activations.hardTanh(x))),
  /** keras.ops.elu(x, alpha=1). */
  elu: fa('elu', activations.elu),
  /** keras.ops.selu(x). */
  selu: fa('selu', gen.selu),
  /** keras.ops.celu(x, alpha=1). */
  celu: fa('celu', activations.celu),
  /** keras.ops.gelu(x, approximate=True): the tanh approximation by default, as in keras.ops. */
  gelu: core.gelu,
  /** keras.ops.glu(x, axis=-1): a·sigmoid(b) of x's halves. */
  glu: fa('glu', activations.glu),
  /** keras.ops.hard_shrink(x, threshold=0.5). */
  hardShrink: fa('hardShrink', activations.hardShrink),
  /** keras.ops.soft_shrink(x, threshold=0.5). */
  softShrink: fa('softShrink', activations.softShrink),
  /** keras.ops.tanh_shrink(x): x - tanh(x). */
  tanhShrink: fa('tanhShrink', activations.tanhShrink),
  /** keras.ops.squareplus(x, b=4): (x + √(x² + b)) / 2. */
  squareplus: fa('squareplus', activations.squareplus),
  /** keras.ops.sparse_plus(x). */
  sparsePlus: fa('sparsePlus', activations.sparsePlus),
  /** keras.ops.sparsemax(x, axis=-1). */
  sparsemax: fa('sparsemax', activations.sparsemax),
  /** keras.ops.threshold(x, threshold, default_value): x where x > threshold, default_value elsewhere. */
  threshold: fa('threshold', activations.threshold),
  /** keras.ops.softmax(x, axis=-1). */
  softmax: fa('softmax', activations.softmax),
  /** keras.ops.log_softmax(x, axis=-1). */
  logSoftmax: fa('logSoftmax', activations.logSoftmax),
  /** keras.ops.one_hot(x, num_classes, axis=-1, dtype=None): floatx by default. */
  oneHot: np.oneHot,
  /** keras.ops.multi_hot(inputs, num_classes, axis=-1, dtype=None). */
  multiHot: np.multiHot,
  /** keras.ops.conv(inputs, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1): 1-D to 3-D. */
  conv: cv.conv,
  /** keras.ops.depthwise_conv(inputs, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1): 1-D or 2-D. */
  depthwiseConv: cv.depthwiseConv,
  /** keras.ops.separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding='valid', data_format=None, dilation_rate=1). */
  separableConv: cv.separableConv,
  /** keras.ops.conv_transpose(inputs, kernel, strides=1, padding='valid', output_padding=None, data_format=None, dilation_rate=1). */
  convTranspose: cv.convTranspose,
  /** keras.ops.max_pool(inputs, pool_size, strides=None, padding='valid', data_format=None). */
  maxPool: cv.maxPool,
  /** keras.ops.average_pool(inputs, pool_size, strides=None, padding='valid', data_format=None). */
  averagePool: cv.averagePool,
  /** keras.ops.adaptive_average_pool(inputs, output_size, data_format=None): the mean over windows sized to give `output_size` (1-D to 3-D). */
  adaptiveAveragePool: knn.adaptivePooling('average'),
  /** keras.ops.adaptive_max_pool(inputs, output_size, data_format=None): the maximum over windows sized to give `output_size` (1-D to 3-D). */
  adaptiveMaxPool: knn.adaptivePooling('max'),
  /** keras.ops.depth_to_space(x, block_size, data_format='channels_last'): channels into block_size×block_size spatial blocks (4-D x). */
  depthToSpace: knn.depthRearrangement('depthToSpace'),
  /** keras.ops.space_to_depth(x, block_size, data_format='channels_last'): block_size×block_size spatial blocks into channels (4-D x). */
  spaceToDepth: knn.depthRearrangement('spaceToDepth'),
  /** keras.ops.unfold(x, kernel_size, dilation=1, padding=0, stride=1): the sliding blocks of [N, C, H, W] images as columns [N, C·kH·kW, L] (im2col). */
  unfold: knn.unfold,
  /** keras.ops.fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1): blocks [N, C·kH·kW, L] summed back into [N, C, oH, oW] images (col2im). */
  fold: knn.fold,
  /** keras.ops.dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False): softmax(q·kᵀ·scale + bias)·v. */
  dotProductAttention: cv.dotProductAttention,
  /** keras.ops.binary_crossentropy(target, output, from_logits=False): elementwise. */
  binaryCrossentropy: core.binaryCrossentropy,
  /** keras.ops.categorical_crossentropy(target, output, from_logits=False, axis=-1). */
  categoricalCrossentropy: core.categoricalCrossentropy,
  /** keras.ops.sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1). */
  sparseCategoricalCrossentropy: core.sparseCategoricalCrossentropy,
  /** keras.ops.moments(x, axes, keepdims=False): [mean, variance]. */
  moments: core.moments,
  /** keras.ops.normalize(x, axis=-1, order=2, epsilon=None). */
  normalize: core.normalize,
  /** keras.ops.batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3). */
  batchNormalization: core.batchNormalization,
  /** keras.ops.layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None). */
  layerNormalization: core.layerNormalization,
  /** keras.ops.rms_normalization(x, scale=None, axis=-1, epsilon=None). */
  rmsNormalization: core.rmsNormalization,
  /** keras.ops.psnr(x1, x2, max_val): the peak signal-to-noise ratio in dB. */
  psnr: core.psnr,
  // ---- math
  /** keras.ops.top_k(x, k, sorted=True): [values, indices]. */
  topK: np.topK,
  /** keras.ops.in_top_k(targets, predictions, k): bool. */
  inTopK,
  // ---- linalg
  /** keras.ops.cholesky(x, upper=False). */
  cholesky: core.cholesky,
  /** keras.ops.cholesky_inverse(a, upper=False): A⁻¹ from A's Cholesky factor (lower L, or upper U). */
  choleskyInverse: km.choleskyInverse,
  /** keras.ops.lu_factor(a): [lu, permutation]: tf.linalg.lu's packed factors and its permutation's inverse (row i of a is row permutation[i] of L·U). */
  luFactor: km.luFactor,
  /** keras.ops.array(x, dtype=None): `x` as a tensor, cast to `dtype` when given. */
  array: km.array,
  /** keras.ops.get_item(x, key): `x[key]`, the key as tf.getitem takes it. */
  getItem: km.getItem,
  /** keras.ops.extract_sequences(x, sequence_length, sequence_stride): windows along the last axis, [..., windows, length]. */
  extractSequences: km.extractSequences,
  /** keras.ops.view(x, dtype=None): the bytes as `dtype` (tf.bitcast), the last dimension scaled by the size ratio. */
  view: km.view,
  /** keras.ops.matrix_rank(x, tol=None): the number of singular values above tol (default max(M, N)·eps·σmax), int32. */
  matrixRank: (x: TensorLike, tol: number | null = null) => la.matrixRank(x, tol),
  /** keras.ops.det(x). */
  det: fu('det', la.det),
  /** keras.ops.inv(x). */
  inv: fu('inv', (x) => la.inv(x)),
  /** keras.ops.logdet(x): log det of a positive definite matrix. */
  logdet: fu('logdet', la.logdet),
  /** keras.ops.slogdet(x): [sign, log|det|]. */
  slogdet: core.slogdet,
  /** keras.ops.solve(a, b). */
  solve: core.solve,
  /** keras.ops.solve_triangular(a, b, lower=False). */
  solveTriangular: core.solveTriangular,
  /** keras.ops.qr(x, mode='reduced'): [q, r]. */
  qr: core.qr,
  /** keras.ops.svd(x, full_matrices=True, compute_uv=True): [u, s, vh] or s. */
  svd: core.svd,
  /** keras.ops.eigh(x): [eigenvalues ascending, eigenvectors]. */
  eigh: core.eigh,
  /** keras.ops.lstsq(a, b, rcond=None). */
  lstsq: core.lstsq,
  /** keras.ops.pinv(x, rcond=None): the pseudo-inverse. */
  pinv: fu('pinv', (x) => la.pinv(x)),
  /** keras.ops.norm(x, ord=None, axis=None, keepdims=False): NumPy's vector and matrix norms. */
  norm: core.norm,
  // ---- core
  /** keras.ops.cast(x, dtype). */
  cast: tfCast,
  /** keras.ops.saturate_cast(x, dtype): x clipped to the values `dtype` holds, then cast. */
  saturateCast: core.saturateCast,
  /** keras.ops.convert_to_tensor(x, dtype=None). */
  convertToTensor: core.convertToTensor,
  /** keras.ops.convert_to_numpy(x): nested JS arrays. */
  convertToNumpy: core.convertToNumpy,
  /** keras.ops.is_tensor(x). */
  isTensor: core.isTensor,
  /** keras.ops.shape(x): the shape as an array of numbers. */
  shape: core.shape,
  /** keras.ops.ndim(x): the rank. */
  ndim: core.ndim,
  /** keras.ops.size(x): the number of entries. */
  size: core.size,
  /** keras.ops.dtype(x): the dtype name. */
  dtype: core.dtype,
  /** keras.ops.stop_gradient(variable): the value, with no gradient through it. */
  stopGradient,
  /** keras.ops.custom_gradient(f): tf.customGradient (f returns [y, grad], grad maps the upstream gradient to the inputs'). */
  customGradient,
  /** keras.ops.cond(pred, true_fn, false_fn). */
  cond: tfCond,
  /** keras.ops.while_loop(cond, body, loop_vars, maximum_iterations=None). */
  whileLoop: core.whileLoop,
  /** keras.ops.fori_loop(lower, upper, body_fun, init_val). */
  foriLoop: core.foriLoop,
  /** keras.ops.scan(f, init, xs=None, length=None, reverse=False): [final carry, stacked ys]. */
  scan: core.scan,
  /** keras.ops.associative_scan(f, elems, reverse=False, axis=0): the inclusive scan with an associative f, in Keras' order of combination. */
  associativeScan: core.associativeScan,
  /** keras.ops.map(f, xs): f over the leading axis, stacked. */
  map: core.map,
  /** keras.ops.switch(index, branches, ...operands). */
  switch: core.switchOp,
  /** keras.ops.vectorized_map(function, elements). */
  vectorizedMap,
  // ---- image
  /** `keras.ops.image`: resize, affine_transform, map_coordinates, extract_patches, pad_images, crop_images, gaussian_blur, perspective_transform, elastic_transform, scale_and_translate, sobel_edges, ssim and the colour conversions, as Keras' JAX backend computes them. */
  image: kerasOpsImage,
};
