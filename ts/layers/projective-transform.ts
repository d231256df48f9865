// TensorFlow's ImageProjectiveTransformV3 (tensorflow/core/kernels/image/image_ops.h), which
// keras.ops.image.affine_transform runs with the TensorFlow backend, made of gather and
// elementwise ops so that it differentiates with respect to the images and runs inside a traced
// tf.function (the transforms may be random draws, whose values JavaScript never reads).
//
// Output pixel (x, y) of image b samples the input at
//   ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k),  k = c0·x + c1·y + 1,
// from transform b's row [a0, a1, a2, b0, b1, b2, c0, c1] (one row serves every image), all in
// float32 as the kernel computes it; k = 0 gives the fill value. Coordinates outside the image
// are mapped back by the fill mode (scipy's ndimage rules, as TensorFlow follows them):
// 'reflect' (d c b a | a b c d | d c b a), 'wrap' (a b c d | a b c d), 'nearest' (the edge
// pixel) and 'constant' (left outside: the fill value). 'nearest' interpolation reads the pixel
// at the rounded coordinates (half away from zero); 'bilinear' weighs the four around them,
// (x⌈ - x)·f(x⌊) + (x - x⌊)·f(x⌈) along x, then likewise along y, reading the fill value for
// any of them outside the image.

import { constant, fill } from '../creation';
import { abs, add, div, equal, floor, greater, greaterEqual, less, logicalAnd, mul, sign, sub } from '../generated/ops';
import { broadcastTo, cast, concat, reshape, where } from '../ops';
import { clipByValue } from '../reductions';
import { gather, range } from '../shape';
import type { Tensor } from '../tensor';

/** How points outside the image are filled. */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
/** How the transformed image is sampled. */
export type TransformInterpolation = 'nearest' | 'bilinear';

/** The fill modes and interpolations Keras' affine_transform (and the random geometric layers) take. */
export const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
export const TRANSFORM_INTERPOLATIONS: readonly TransformInterpolation[] = ['nearest', 'bilinear'];

/** C++'s static_cast<int64> of a float32 tensor that is >= 0 (truncation is the floor there). */
const truncPositive = floor;

/** TensorFlow's MapCoordinate for `mode`: coordinates (float32) along an axis of `len` pixels mapped into it. */
function mapCoordinate(c: Tensor, len: number, mode: FillMode): Tensor {
  if (mode === 'constant') return c;
  const last = len - 1;
  if (mode === 'nearest') return clipByValue(c, 0, last);
  if (len <= 1) return mul(c, 0); // both branches set 0 (and the clamp keeps it)
  let below: Tensor;
  let above: Tensor;
  if (mode === 'reflect') {
    const sz2 = 2 * len;
    // c < 0: c += sz2·trunc(-c / sz2) (TensorFlow's `if (in_coord < sz2)` always holds here), then
    // c < -len ? c + sz2 : -c - 1.
    const shifted = add(mul(truncPositive(div(mul(c, -1), sz2)), sz2), c);
    below = where(less(shifted, -len), add(shifted, sz2), sub(mul(shifted, -1), 1));
    // c > len - 1: c -= sz2·trunc(c / sz2), then c >= len ? sz2 - c - 1 : c.
    const folded = sub(c, mul(truncPositive(div(c, sz2)), sz2));
    above = where(greaterEqual(folded, len), sub(sub(sz2, folded), 1), folded);
  } else {
    // 'wrap': c < 0: c += len·(trunc(-c / (len - 1)) + 1); c > len - 1: c -= len·trunc(c / (len - 1)).
    below = add(c, mul(add(truncPositive(div(mul(c, -1), last)), 1), len));
    above = sub(c, mul(truncPositive(div(c, last)), len));
  }
  const mapped = where(less(c, 0), below, where(greater(c, last), above, c));
  return clipByValue(mapped, 0, last);
}

/** std::round: half away from zero. */
const roundHalfAway = (v: Tensor): Tensor => mul(sign(v), floor(add(abs(v), 0.5)));

/**
 * ImageProjectiveTransformV3(images, transforms, output_shape = the images' height and width,
 * fill_value, interpolation, fill_mode) on NHWC images [batch, height, width, channels]:
 * `transforms` is [batch or 1, 8]. The result has the images' shape and dtype (computed in
 * float32, as TensorFlow's kernel computes every dtype).
 */
export function imageProjectiveTransform(images: Tensor, transforms: Tensor, interpolation: TransformInterpolation, fillMode: FillMode, fillValue: number): Tensor {
  const [batch, height, width, channels] = images.shape as [number, number, number, number];
  const n = height * width;
  // One row serves every image: repeated, so that every coordinate below is [batch, height·width].
  const given = cast(transforms.rank === 1 ? reshape(transforms, [1, 8]) : transforms, 'float32');
  const t = given.shape[0] === batch ? given : broadcastTo(given, [batch, 8]);
  const col = (i: number): Tensor => reshape(gather(t, [i], 1), [batch, 1]);
  // The output grid, [1, height·width] each.
  const xs: number[] = new Array<number>(n);
  const ys: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i % width;
    ys[i] = Math.floor(i / width);
  }
  const outX = constant(xs, 'float32').reshape([1, n]);
  const outY = constant(ys, 'float32').reshape([1, n]);
  const projection = add(add(mul(col(6), outX), mul(col(7), outY)), 1);
  const inX = div(add(add(mul(col(0), outX), mul(col(1), outY)), col(2)), projection);
  const inY = div(add(add(mul(col(3), outX), mul(col(4), outY)), col(5)), projection);
  const x = mapCoordinate(inX, width, fillMode);
  const y = mapCoordinate(inY, height, fillMode);
  // The pixels as rows [batch·height·width, channels] in float32, and one row of the fill value after them.
  const fillRow = batch * n;
  const table = concat([reshape(cast(images, 'float32'), [fillRow, channels]), fill([1, channels], fillValue, 'float32')], 0);
  const imageStart = reshape(mul(range(0, batch, 1, 'int32'), n), [batch, 1]);
  /** The pixels at integer-valued float coordinates (yi, xi) [batch, n], [batch·n, channels]: the fill value outside the image. */
  const read = (yi: Tensor, xi: Tensor): Tensor => {
    const inside = logicalAnd(logicalAnd(greaterEqual(yi, 0), less(yi, height)), logicalAnd(greaterEqual(xi, 0), less(xi, width)));
    const offset = add(mul(cast(clipByValue(yi, 0, height - 1), 'int32'), width), cast(clipByValue(xi, 0, width - 1), 'int32'));
    const index = where(inside, add(offset, imageStart), fillRow);
    return gather(table, reshape(index, [batch * n]), 0);
  };
  /** A [batch, n] weight as a column [batch·n, 1] against the pixels read. */
  const column = (w: Tensor): Tensor => reshape(w, [batch * n, 1]);
  let out: Tensor;
  if (interpolation === 'nearest') {
    out = read(roundHalfAway(y), roundHalfAway(x));
  } else {
    const yFloor = floor(y);
    const xFloor = floor(x);
    const yCeil = add(yFloor, 1);
    const xCeil = add(xFloor, 1);
    const [wx0, wx1] = [column(sub(xCeil, x)), column(sub(x, xFloor))];
    const valueYFloor = add(mul(wx0, read(yFloor, xFloor)), mul(wx1, read(yFloor, xCeil)));
    const valueYCeil = add(mul(wx0, read(yCeil, xFloor)), mul(wx1, read(yCeil, xCeil)));
    out = add(mul(column(sub(yCeil, y)), valueYFloor), mul(column(sub(y, yFloor)), valueYCeil));
  }
  out = where(column(equal(projection, 0)), fillValue, out);
  return cast(reshape(out, [batch, height, width, channels]), images.dtype);
}
