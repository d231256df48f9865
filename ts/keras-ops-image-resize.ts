// keras.ops.image.resize and scale_and_translate as Keras' JAX backend runs them: jax.image.resize
// and jax.image.scale_and_translate (jax/_src/image/scale.py).
//
// Along each spatial axis that changes size, output o samples the input at
//   s_o = (o + ½)·(1/scale) − translation·(1/scale) − ½        (scale = out/in for resize)
// with a kernel k of |s_o − i| over every input position i (widened by 1/scale when antialias is
// on and the axis shrinks); the weights are normalised to sum to 1 per output (0 where their sum is
// below 1000·ε), and an output whose s_o falls outside [−½, in − ½] gets 0. The kernels: the
// triangle max(0, 1 − x) ('linear', 'bilinear', 'trilinear'), Keys' cubic with a = −½ ('cubic',
// 'bicubic', 'tricubic') and Lanczos' r·sin(πx)·sin(πx/r)/(π²x²) ('lanczos3', 'lanczos5'). The
// weights form an [in, out] matrix built from table ops (so scale and translation get gradients,
// as in JAX) and the images are contracted with it, one axis after the other. 'nearest' (resize
// only) reads input ⌊(o + ½)·in/out⌋, in float32 as JAX computes it.

import { composed } from './composite';
import { constant, fill, makeConstant } from './creation';
import { describe } from './describe';
import * as gen from './generated/ops';
import { saturateCast } from './array-composites';
import { cast, concat, matmul, reshape, transpose, where } from './ops';
import { gather, range, sliceAxis } from './shape';
import { Tensor, type TensorLike, fromHost } from './tensor';
import { asTensor } from './keras-ops-numpy';
import {
  asBatchChannelsLast, booleanOf, choiceOf, dataFormatOf, floatDtypeOf, imagesOf, notBool, numberOf, optionsOf, pyShape, pyValue,
} from './keras-ops-image-args';

const f32 = Math.fround;
type Kernel = (x: Tensor) => Tensor;

/** max(0, 1 − |x|). */
const triangle: Kernel = (x) => gen.maximum(gen.sub(1, gen.abs(x)), 0);
/** Keys' cubic (a = −½): ((1.5x − 2.5)·x)·x + 1 below 1, ((−0.5x + 2.5)·x − 4)·x + 2 below 2, else 0. */
const keysCubic: Kernel = (x) => {
  const inner = gen.add(gen.mul(gen.mul(gen.sub(gen.mul(x, 1.5), 2.5), x), x), 1);
  const outer = gen.add(gen.mul(gen.sub(gen.mul(gen.add(gen.mul(x, -0.5), 2.5), x), 4), x), 2);
  return where(gen.greaterEqual(x, 2), 0, where(gen.greaterEqual(x, 1), outer, inner));
};
/** Lanczos of radius r: r·sin(πx)·sin(πx/r)/(π²x²), 1 for x <= 1e-3, 0 beyond r (the π²x² of
 * x = 0 replaced by 1 so that the untaken branch's gradient stays finite, as JAX writes it). */
const lanczos = (r: number): Kernel => (x) => {
  const px = gen.mul(x, Math.PI);
  const y = gen.mul(gen.mul(gen.sin(px), r), gen.sin(gen.div(px, r)));
  const denominator = where(gen.notEqual(x, 0), gen.mul(gen.mul(x, x), Math.PI ** 2), 1);
  const out = where(gen.greater(x, 1e-3), gen.div(y, denominator), 1);
  return where(gen.greater(x, r), 0, out);
};

/** The kernel of each method name jax.image takes. */
const KERNELS: Record<string, Kernel> = {
  linear: triangle, bilinear: triangle, trilinear: triangle, cubic: keysCubic, bicubic: keysCubic, tricubic: keysCubic, lanczos3: lanczos(3), lanczos5: lanczos(5),
};

/**
 * jax.image's compute_weight_mat: the [in, out] weights of output o on input i, in the dtype of
 * `invScale` (a scalar tensor: 1/scale) and `translation` (a scalar tensor).
 */
function weightMatrix(inSize: number, outSize: number, invScale: Tensor, translation: Tensor, kernel: Kernel, antialias: boolean): Tensor {
  const dtype = invScale.dtype;
  const outputs = range(0, outSize, 1, dtype);
  const sample = gen.sub(gen.sub(gen.mul(gen.add(outputs, 0.5), invScale), gen.mul(translation, invScale)), 0.5);
  const inputs = reshape(range(0, inSize, 1, dtype), [inSize, 1]);
  let x = gen.abs(gen.sub(reshape(sample, [1, outSize]), inputs));
  if (antialias) x = gen.div(x, gen.maximum(invScale, 1));
  const weights = kernel(x);
  const total = gen.reduceSum(weights, 0, true);
  const normalised = where(gen.greater(gen.abs(total), 1000 * 1.1920928955078125e-7), gen.div(weights, where(gen.notEqual(total, 0), total, 1)), 0);
  const inside = gen.logicalAnd(gen.greaterEqual(sample, -0.5), gen.lessEqual(sample, inSize - 0.5));
  return where(reshape(inside, [1, outSize]), normalised, 0);
}

/** Σ_i x[..., i, ...]·w[i, o] along `axis`: `x` with that axis of size w's columns. */
function contract(x: Tensor, w: Tensor, axis: number): Tensor {
  const rank = x.rank;
  const perm = [...Array(rank).keys()].filter((d) => d !== axis).concat(axis);
  const moved = axis === rank - 1 ? x : transpose(x, perm);
  const rows = moved.shape.slice(0, -1);
  const y = reshape(matmul(reshape(moved, [-1, x.shape[axis]!]), cast(w, x.dtype)), [...rows, w.shape[1]!]);
  if (axis === rank - 1) return y;
  const back = [...Array(rank).keys()].map((d) => (d < axis ? d : d === axis ? rank - 1 : d - 1));
  return transpose(y, back);
}

/** jax.image's nearest resize along `axis`: input ⌊(o + ½)·in/out⌋ for output o, in float32. */
function nearestAlong(x: Tensor, axis: number, outSize: number): Tensor {
  const inSize = x.shape[axis]!;
  const index = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) index[o] = Math.min(inSize - 1, Math.floor(f32(f32(f32(o + 0.5) * inSize) / outSize)));
  return gather(x, fromHost(index, [outSize], 'int32'), axis);
}

/** The methods keras.ops.image.resize takes on the JAX backend. */
export type KerasResizeInterpolation = 'bilinear' | 'nearest' | 'lanczos3' | 'lanczos5' | 'bicubic';
const RESIZE_INTERPOLATIONS: readonly KerasResizeInterpolation[] = ['bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic'];

/** keras.ops.image.resize's options (Keras' keyword arguments in camelCase). */
export interface KerasResizeOptions {
  /** `'bilinear'` (default), `'nearest'`, `'bicubic'`, `'lanczos3'` or `'lanczos5'`. */
  interpolation?: KerasResizeInterpolation;
  /** Widen the kernel by in/out when downsampling (a low-pass filter); default false. */
  antialias?: boolean;
  /** Crop the largest centred window of the target aspect ratio first; default false. */
  cropToAspectRatio?: boolean;
  /** Pad the short side evenly to the target aspect ratio first (with `fillValue`); default false. */
  padToAspectRatio?: boolean;
  /** How the padding is filled: only `'constant'` (default). */
  fillMode?: 'constant';
  /** The value of the padding; default 0. */
  fillValue?: number;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** `size` as [height, width], with Keras' messages. */
function sizeOf(size: unknown, op: string): [number, number] {
  if (!Array.isArray(size) || size.length !== 2) throw new Error(`${op}: Expected \`size\` to be a tuple of 2 integers. Received: size=${pyValue(size)}`);
  if (size.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v))) throw new Error(`${op}: size must be two integers [height, width], got ${describe(size)}.`);
  if (size[0] <= 0 || size[1] <= 0) throw new Error(`${op}: \`size\` must have positive height and width. Received: size=${pyShape(size)}`);
  return [size[0], size[1]];
}

/** `fillValue` rows (axis 1) or columns (axis 2) of [b, h, w, c] images before and after them. */
function padEvenly(x: Tensor, axis: 1 | 2, count: number, value: number): Tensor {
  const shape = [...x.shape];
  shape[axis] = count;
  const band = fill(shape, value, x.dtype);
  return concat([band, x, band], axis);
}

/**
 * keras.ops.image.resize(images, size, interpolation='bilinear', antialias=False,
 * crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode='constant', fill_value=0.0,
 * data_format=None), as jax.image.resize computes it (see the top of this file). Int32 images are
 * resized in float32, rounded half to even and saturated back to int32 (except by 'nearest', which
 * copies them, unless padding made them float).
 *
 * @example
 * ```ts
 * const image = tf.constant([[[0], [1]], [[2], [3]]]); // 2×2, one channel
 * console.log(tf.keras.ops.image.resize(image, [3, 3]).reshape([3, 3]).arraySync()); // [ [ 0, 0.5, 1 ], [ 1, 1.5, 2 ], [ 2, 2.5, 3 ] ]
 * const nearest = tf.keras.ops.image.resize(image, [4, 3], { interpolation: 'nearest' });
 * console.log(nearest.reshape([4, 3]).arraySync()); // [ [ 0, 1, 1 ], [ 0, 1, 1 ], [ 2, 3, 3 ], [ 2, 3, 3 ] ]
 * ```
 */
export function resize(images: TensorLike, size: readonly number[], options?: KerasResizeOptions): Tensor {
  const op = 'resize';
  const o = optionsOf(options, op, ['interpolation', 'antialias', 'cropToAspectRatio', 'padToAspectRatio', 'fillMode', 'fillValue', 'dataFormat'], "{interpolation: 'nearest'}");
  // Keras' own checks, then its JAX backend's, in their order.
  const [targetH, targetW] = sizeOf(size, op);
  const x = imagesOf(images, op);
  const crop = booleanOf(o.cropToAspectRatio, false, op, 'cropToAspectRatio');
  const padded = booleanOf(o.padToAspectRatio, false, op, 'padToAspectRatio');
  if (crop && padded) throw new Error(`${op}: Only one of \`padToAspectRatio\` & \`cropToAspectRatio\` can be \`True\`.`);
  const format = dataFormatOf(o.dataFormat, op);
  const interpolation = choiceOf(o.interpolation, 'bilinear', RESIZE_INTERPOLATIONS, op, 'interpolation', 'tuple');
  if (o.fillMode !== undefined && o.fillMode !== 'constant') throw new Error(`${op}: Invalid value for argument \`fillMode\`. Only \`'constant'\` is supported. Received: fillMode=${pyValue(o.fillMode)}`);
  const antialias = booleanOf(o.antialias, false, op, 'antialias');
  const fillValue = numberOf(o.fillValue, 0, op, 'fillValue');
  notBool(x, op);
  return composed(op, () => {
    const [batch, back] = asBatchChannelsLast(x, format);
    let work = batch;
    const [h, w] = [batch.shape[1]!, batch.shape[2]!];
    if (crop) {
      // The largest window of the target aspect ratio, centred (Keras' integer arithmetic).
      const cropH = Math.max(Math.min(h, Math.trunc((w * targetH) / targetW)), 1);
      const cropW = Math.max(Math.min(w, Math.trunc((h * targetW) / targetH)), 1);
      work = sliceAxis(sliceAxis(work, 1, Math.trunc((h - cropH) / 2), cropH, op), 2, Math.trunc((w - cropW) / 2), cropW, op);
    } else if (padded) {
      // The same number of rows (or columns) before and after: ⌊(padded size − size)/2⌋ each.
      const top = Math.trunc((Math.max(h, Math.trunc((w * targetH) / targetW)) - h) / 2);
      const left = Math.trunc((Math.max(w, Math.trunc((h * targetW) / targetH)) - w) / 2);
      // Keras' padding is a float tensor, so int images become float32 here.
      if (top > 0 || left > 0) work = top > 0 ? padEvenly(cast(work, floatDtypeOf(work)), 1, top, fillValue) : padEvenly(cast(work, floatDtypeOf(work)), 2, left, fillValue);
    }
    let y: Tensor;
    if (interpolation === 'nearest') {
      y = work;
      if (y.shape[1] !== targetH) y = nearestAlong(y, 1, targetH);
      if (y.shape[2] !== targetW) y = nearestAlong(y, 2, targetW);
    } else {
      y = work.dtype === 'float64' || work.dtype === 'float32' ? work : cast(work, 'float32');
      // The weights in the images' float dtype; the scale as JAX takes it, in/out in double, rounded.
      for (const [axis, outSize] of [[1, targetH], [2, targetW]] as const) {
        const inSize = y.shape[axis]!;
        if (inSize === outSize) continue;
        const invScale = constant(1 / (outSize / inSize), y.dtype);
        y = contract(y, weightMatrix(inSize, outSize, invScale, constant(0, y.dtype), KERNELS[interpolation]!, antialias), axis);
      }
    }
    if (y.dtype !== x.dtype) y = saturateCast(gen.round(y), x.dtype);
    return back(y);
  });
}

/** The methods scale_and_translate takes. */
export type KerasScaleAndTranslateMethod = 'linear' | 'bilinear' | 'trilinear' | 'cubic' | 'bicubic' | 'tricubic' | 'lanczos3' | 'lanczos5';
const SCALE_AND_TRANSLATE_METHODS: readonly KerasScaleAndTranslateMethod[] = ['linear', 'bilinear', 'trilinear', 'cubic', 'bicubic', 'tricubic', 'lanczos3', 'lanczos5'];

/** keras.ops.image.scale_and_translate's options. */
export interface KerasScaleAndTranslateOptions {
  /** Widen the kernel by 1/scale where an axis shrinks (a low-pass filter); default true. */
  antialias?: boolean;
}

/** A [K] vector argument (scale or translation) as a float tensor: JS values in `dtype`. */
function vectorOf(v: TensorLike, dtype: 'float32' | 'float64', op: string, name: string, k: number): Tensor {
  const t = v instanceof Tensor ? asTensor(v, op) : makeConstant(v, dtype, op);
  const f = t.dtype === 'float32' || t.dtype === 'float64' ? t : cast(t, dtype);
  if (f.size !== k) throw new Error(`${op}: ${name} must have one entry per spatial dim (${k}), got shape ${pyShape(f.shape)}.`);
  return reshape(f, [k]);
}

/**
 * keras.ops.image.scale_and_translate(images, output_shape, scale, translation, spatial_dims,
 * method, antialias=True): jax.image.scale_and_translate. Output position o (a pixel centre
 * o + ½) along spatial dim `spatialDims[k]` samples the input at (o + ½ − translation[k])/scale[k]
 * with `method`'s kernel; samples outside the input give 0. `outputShape` has one entry per dim of
 * `images` (the other dims unchanged). Float images keep their dtype, int32 ones give float32.
 * Differentiable with respect to the images, the scale and the translation.
 */
export function scaleAndTranslate(
  images: TensorLike,
  outputShape: readonly number[],
  scale: TensorLike,
  translation: TensorLike,
  spatialDims: readonly number[],
  method: KerasScaleAndTranslateMethod,
  options?: KerasScaleAndTranslateOptions,
): Tensor {
  const op = 'scaleAndTranslate';
  const o = optionsOf(options, op, ['antialias'], '{antialias: false}');
  const kind = choiceOf(method, 'linear', SCALE_AND_TRANSLATE_METHODS, op, 'method');
  const antialias = booleanOf(o.antialias, true, op, 'antialias');
  const x = asTensor(images, op);
  notBool(x, op);
  if (!Array.isArray(outputShape) || outputShape.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
    throw new Error(`${op}: outputShape must be a list of non-negative integers, got ${describe(outputShape)}.`);
  }
  if (outputShape.length !== x.rank) throw new Error(`${op}: outputShape must have length equal to the number of dimensions of images; ${pyShape(outputShape)} vs ${pyShape(x.shape)}`);
  if (!Array.isArray(spatialDims) || spatialDims.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < -x.rank || d >= x.rank)) {
    throw new Error(`${op}: spatialDims must be a list of dims of images (rank ${x.rank}), got ${describe(spatialDims)}.`);
  }
  const dims = spatialDims.map((d) => (d < 0 ? d + x.rank : d));
  if (new Set(dims).size !== dims.length) throw new Error(`${op}: spatialDims must not repeat a dim, got ${describe(spatialDims)}.`);
  outputShape.forEach((n, d) => {
    if (!dims.includes(d) && n !== x.shape[d]) throw new Error(`${op}: outputShape[${d}] must be ${x.shape[d]} (dim ${d} is not in spatialDims), got ${n}.`);
  });
  const dtype = floatDtypeOf(x);
  let s = vectorOf(scale, dtype, op, 'scale', dims.length);
  let t = vectorOf(translation, dtype, op, 'translation', dims.length);
  // JAX promotes the two to one float dtype.
  if (s.dtype !== t.dtype) [s, t] = [cast(s, 'float64'), cast(t, 'float64')];
  return composed(op, () => {
    let y = x.dtype === 'float32' || x.dtype === 'float64' ? x : cast(x, 'float32');
    dims.forEach((d, k) => {
      const invScale = gen.div(1, reshape(sliceAxis(s, 0, k, 1, op), []));
      const shift = reshape(sliceAxis(t, 0, k, 1, op), []);
      y = contract(y, weightMatrix(y.shape[d]!, outputShape[d]!, invScale, shift, KERNELS[kind]!, antialias), d);
    });
    return y;
  });
}
