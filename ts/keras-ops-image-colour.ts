// keras.ops.image's colour conversions as Keras' JAX backend computes them
// (keras/src/backend/jax/image.py): rgb_to_grayscale (TensorFlow's weights 0.2989, 0.5870,
// 0.1140), and rgb_to_hsv / hsv_to_rgb (dm_pix's formulas), along the channel axis of either data
// format, elementwise from table ops so that they differentiate and trace.

import * as gen from './generated/ops';
import { cast, reshape, where } from './ops';
import { clipByValue } from './reductions';
import { sliceAxis, stack } from './shape';
import type { Tensor, TensorLike } from './tensor';
import { channelAxisOf, dataFormatOf, floatDtypeOf, imagesOf, optionsOf, pyShape } from './keras-ops-image-args';
import { composed } from './composite';

/** keras.ops.image's options that name only the data format. */
export interface KerasImageFormatOptions {
  /** `'channels_last'` (default: [batch, height, width, channels]) or `'channels_first'` ([batch, channels, height, width]). */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

const FORMAT_EXAMPLE = "{dataFormat: 'channels_first'}";

/** The three channels of `x` along `axis`, each without that axis. */
function planes(x: Tensor, axis: number, op: string): [Tensor, Tensor, Tensor] {
  const shape = x.shape.filter((_, i) => i !== axis);
  const plane = (i: number) => reshape(sliceAxis(x, axis, i, 1, op), shape);
  return [plane(0), plane(1), plane(2)];
}

/** a·w + acc for float32 tensors, rounded once as a fused multiply-add: the product of two float32
 * values is exact in float64, so the sum is computed there and rounded to float32 (a double
 * rounding, which differs from one rounding only when the double lands on a float32 midpoint). */
const fmaFloat32 = (a: Tensor, w: number, acc: Tensor): Tensor =>
  cast(gen.add(gen.mul(cast(a, 'float64'), Math.fround(w)), cast(acc, 'float64')), 'float32');

/** Float images of rank 3 or 4 with three channels, as rgb_to_hsv and hsv_to_rgb take them. */
function threeChannelFloats(images: TensorLike, options: unknown, op: string): { x: Tensor; axis: number } {
  const o = optionsOf(options, op, ['dataFormat'], FORMAT_EXAMPLE);
  const format = dataFormatOf(o.dataFormat, op);
  const x = imagesOf(images, op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new Error(`${op}: Invalid images dtype: expected float dtype. Received: images.dtype=${x.dtype}`);
  const axis = channelAxisOf(x, format);
  if (x.shape[axis] !== 3) throw new Error(`${op}: Input images must have 3 channels, but received images with ${x.shape[axis]} channels.`);
  return { x, axis };
}

/**
 * keras.ops.image.rgb_to_grayscale(images, data_format=None): 0.2989·R + 0.5870·G + 0.1140·B, one
 * channel in place of three (images of one channel are returned as they are). Int32 images are
 * computed in float32 and truncated back to int32, as Keras' `astype` does.
 */
export function rgbToGrayscale(images: TensorLike, options?: KerasImageFormatOptions): Tensor {
  const op = 'rgbToGrayscale';
  const o = optionsOf(options, op, ['dataFormat'], FORMAT_EXAMPLE);
  const format = dataFormatOf(o.dataFormat, op);
  const x = imagesOf(images, op);
  const axis = channelAxisOf(x, format);
  const channels = x.shape[axis]!;
  if (channels !== 1 && channels !== 3) {
    throw new Error(`${op}: Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received input with shape: images.shape=${pyShape(x.shape)}`);
  }
  if (channels === 1) return x;
  return composed(op, () => {
    const f = x.dtype === 'float32' || x.dtype === 'float64' ? x : cast(x, floatDtypeOf(x));
    const [r, g, b] = planes(f, axis, op);
    // XLA's dot: r·0.2989, then fused multiply-adds of g·0.5870 and b·0.1140 (float64 images
    // are summed plainly).
    const gray = f.dtype === 'float32'
      ? fmaFloat32(b, 0.114, fmaFloat32(g, 0.587, gen.mul(r, 0.2989)))
      : gen.add(gen.add(gen.mul(r, 0.2989), gen.mul(g, 0.587)), gen.mul(b, 0.114));
    const shape = [...x.shape];
    shape[axis] = 1;
    const y = reshape(gray, shape);
    return y.dtype === x.dtype ? y : cast(y, x.dtype);
  });
}

/**
 * keras.ops.image.rgb_to_hsv(images, data_format=None): hue, saturation and value in [0, 1] for
 * float RGB images in [0, 1] (dm_pix's formulas: entries below the dtype's epsilon in magnitude read
 * as 0; hue 0 where max = min, saturation 0 where the value is 0).
 */
export function rgbToHsv(images: TensorLike, options?: KerasImageFormatOptions): Tensor {
  const op = 'rgbToHsv';
  const { x, axis } = threeChannelFloats(images, options, op);
  return composed(op, () => {
    const eps = x.dtype === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7;
    const cleaned = where(gen.less(gen.abs(x), eps), 0, x);
    const [r, g, b] = planes(cleaned, axis, op);
    const value = gen.maximum(gen.maximum(r, g), b);
    const minimum = gen.minimum(gen.minimum(r, g), b);
    const range = gen.sub(value, minimum);
    const safeValue = where(gen.greater(value, 0), value, 1);
    const safeRange = where(gen.greater(range, 0), range, 1);
    const saturation = where(gen.greater(value, 0), gen.div(range, safeValue), 0);
    const norm = gen.div(1, gen.mul(safeRange, 6));
    let hue = where(gen.equal(value, g), gen.add(gen.mul(norm, gen.sub(b, r)), 2 / 6), gen.add(gen.mul(norm, gen.sub(r, g)), 4 / 6));
    hue = where(gen.equal(value, r), gen.mul(norm, gen.sub(g, b)), hue);
    // Negative hues wrap into [0, 1): the test reads the hue before the range mask, as dm_pix's.
    hue = gen.add(where(gen.greater(range, 0), hue, 0), cast(gen.less(hue, 0), hue.dtype));
    return stack([hue, saturation, value], axis);
  });
}

/**
 * keras.ops.image.hsv_to_rgb(images, data_format=None): RGB from float HSV images (the hue taken
 * modulo 1), dm_pix's piecewise-linear formulas.
 */
export function hsvToRgb(images: TensorLike, options?: KerasImageFormatOptions): Tensor {
  const op = 'hsvToRgb';
  const { x, axis } = threeChannelFloats(images, options, op);
  return composed(op, () => {
    const [hue, saturation, value] = planes(x, axis, op);
    const dh = gen.mul(gen.mod(hue, 1), 6);
    const dr = clipByValue(gen.sub(gen.abs(gen.sub(dh, 3)), 1), 0, 1);
    const dg = clipByValue(gen.sub(2, gen.abs(gen.sub(dh, 2))), 0, 1);
    const db = clipByValue(gen.sub(2, gen.abs(gen.sub(dh, 4))), 0, 1);
    const oneMinusS = gen.sub(1, saturation);
    const channel = (d: Tensor) => gen.mul(value, gen.add(oneMinusS, gen.mul(saturation, d)));
    return stack([channel(dr), channel(dg), channel(db)], axis);
  });
}
