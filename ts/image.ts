// tf.image: resizing (bilinear, nearest, bicubic, area, Lanczos, Gaussian and Mitchell-Netravali,
// as TensorFlow 2's tf.image.resize), cropping and padding, flips and rotations, colour
// conversions and adjustments, random augmentation (stateless with TensorFlow's draws, and
// stateful), and the image measures (total variation, image gradients, Sobel edges, PSNR, SSIM).
// Composed from table ops: a resize is, along each spatial axis, a few gathers of the input (the
// taps) times fixed weights computed here in JavaScript from TensorFlow's kernels, so its gradient
// with respect to the images (the weights scattered back), higher derivatives and tf.function
// need nothing more.
// Images are [height, width, channels] or [batch, height, width, channels], as in TensorFlow.

import { composed, shapeText } from './composite';
import { randomUniform, toTensor } from './creation';
import { describe } from './describe';
import { isFloat } from './dtype';
import * as gen from './generated/ops';
import { broadcastTo, cast, concat, matmul, reduceMean, renamedCall, reshape, transpose, where } from './ops';
import { addN, clipByValue } from './reductions';
import { avgPool } from './convolution';
import { saturateCast } from './array-composites';
import { gather, gatherNd, pad, rawSlice, reverse, tile } from './shape';
import { type Seed, checkSeed, statelessUniform } from './stateless-random';
import { Tensor, type TensorLike, fromHost } from './tensor';

// ---- shared checks --------------------------------------------------------------------------------

/** `images` as a tensor of rank 3 or 4, for `op`. */
function imageOperand(images: TensorLike, op: string, what = 'images'): Tensor {
  const t = toTensor(images, undefined, op);
  if (t.rank !== 3 && t.rank !== 4) {
    throw new Error(`${op}: ${what} must have 3 or 4 dims ([height, width, channels] or [batch, height, width, channels]), got shape ${shapeText(t.shape)}.`);
  }
  return t;
}

/** `t` as a batch of images: [1, h, w, c] for one image, and the function that undoes it. */
function batched(t: Tensor): [Tensor, (y: Tensor) => Tensor] {
  if (t.rank === 4) return [t, (y) => y];
  return [reshape(t, [1, ...t.shape]), (y) => reshape(y, y.shape.slice(1))];
}

function checkInt(v: unknown, op: string, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new Error(`${op}: ${name} must be an integer >= ${min}, got ${describe(v)}.`);
  }
  return v;
}

/** A float dtype for images of `dtype`: float images keep theirs, int32 ones are read as float32. */
const floatOf = (t: Tensor): 'float32' | 'float64' => (t.dtype === 'float64' ? 'float64' : 'float32');

function notBool(t: Tensor, op: string, what = 'images'): void {
  if (t.dtype === 'bool') throw new Error(`${op}: ${what} must be float32, float64 or int32, got bool; cast it first, e.g. tf.cast(${what}, 'float32').`);
}

// ---- resizing ---------------------------------------------------------------------------------------

/** The methods of tf.image.resize (TensorFlow's ResizeMethod values). */
export type ResizeMethod = 'bilinear' | 'nearest' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';
const RESIZE_METHODS = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];

/** One tap of a resize along an axis: for each output position, the input read and its weight. */
interface Tap {
  index: Int32Array;
  weight: Float64Array;
}

const f32 = Math.fround;

/** TensorFlow's CalculateResizeScale without align_corners: in / out, in float32. */
const resizeScale = (inSize: number, outSize: number) => f32(inSize / outSize);

/** TensorFlow's HalfPixelScaler: the input coordinate of output position `o`, (o + ½)·scale − ½,
 * in float32 as the kernels compute it. */
const halfPixel = (o: number, scale: number) => f32(f32(f32(o + 0.5) * scale) - 0.5);

/** Round half to even, as lrintf and tf.round do. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Taps of `count` entries each, all index 0 and weight 0. */
const emptyTaps = (k: number, count: number): Tap[] => Array.from({ length: k }, () => ({ index: new Int32Array(count), weight: new Float64Array(count) }));

/** ResizeBilinear with half_pixel_centers: the two neighbours of (o + ½)·scale − ½, clamped to
 * the image, weighted 1 − lerp and lerp. */
function bilinearTaps(inSize: number, outSize: number): Tap[] {
  const scale = resizeScale(inSize, outSize);
  const taps = emptyTaps(2, outSize);
  for (let o = 0; o < outSize; o++) {
    const p = halfPixel(o, scale);
    const low = Math.floor(p);
    const lerp = f32(p - low);
    taps[0]!.index[o] = Math.max(low, 0);
    taps[1]!.index[o] = Math.min(Math.ceil(p), inSize - 1);
    taps[0]!.weight[o] = f32(1 - lerp);
    taps[1]!.weight[o] = lerp;
  }
  return taps;
}

/** ResizeNearestNeighbor with half_pixel_centers: floor((o + ½)·scale), clamped: the input whose
 * centre is nearest to the half-pixel position (o + ½)·scale − ½, a tie going to the later one. */
function nearestIndices(inSize: number, outSize: number): Int32Array {
  const scale = resizeScale(inSize, outSize);
  const index = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) index[o] = Math.max(0, Math.min(Math.floor(f32(f32(o + 0.5) * scale)), inSize - 1));
  return index;
}

/** Keys' cubic convolution kernel with a = −0.5 (TensorFlow's half-pixel ResizeBicubic), as the
 * kernel's table holds it: 1025 float32 entries for |x| in [0, 1] and [1, 2]. */
let keysTable: Float64Array | null = null;
function keysCoefficients(): Float64Array {
  if (keysTable) return keysTable;
  const a = -0.5, n = 1024;
  const table = new Float64Array((n + 1) * 2);
  for (let i = 0; i <= n; i++) {
    const x = f32(i / n);
    table[i * 2] = f32(((a + 2) * x - (a + 3)) * x * x + 1); // |x| <= 1
    const x1 = x + 1;
    table[i * 2 + 1] = f32(((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a); // 1 <= |x| <= 2
  }
  return (keysTable = table);
}

/** ResizeBicubic with half_pixel_centers: the four inputs around (o + ½)·scale − ½, weighted by
 * Keys' kernel at the distance rounded to 1/1024 (the kernel's table); taps outside the image get
 * weight 0 and the others are renormalised to sum to 1 (as scale_and_translate does). */
function bicubicTaps(inSize: number, outSize: number): Tap[] {
  const scale = resizeScale(inSize, outSize);
  const table = keysCoefficients(), n = 1024;
  const taps = emptyTaps(4, outSize);
  for (let o = 0; o < outSize; o++) {
    const p = halfPixel(o, scale);
    const at = Math.floor(p);
    const offset = roundHalfEven(f32(f32(p - at) * n));
    const raw = [table[offset * 2 + 1]!, table[offset * 2]!, table[(n - offset) * 2]!, table[(n - offset) * 2 + 1]!];
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      const i = at - 1 + k;
      const inside = i >= 0 && i < inSize;
      taps[k]!.index[o] = Math.min(inSize - 1, Math.max(0, i));
      const w = inside ? raw[k]! : 0;
      taps[k]!.weight[o] = w;
      sum = f32(sum + w);
    }
    if (Math.abs(sum) >= 1000 * 1.1754943508222875e-38) {
      const inv = f32(1 / sum);
      for (let k = 0; k < 4; k++) taps[k]!.weight[o] = f32(taps[k]!.weight[o]! * inv);
    }
  }
  return taps;
}

/** ResizeArea: output o averages the input over [o·scale, (o + 1)·scale), each input pixel
 * weighted by how much of it the interval covers (the weights sum to 1). */
function areaTaps(inSize: number, outSize: number): Tap[] {
  const scale = resizeScale(inSize, outSize);
  const spans: { start: number; weights: number[] }[] = [];
  for (let o = 0; o < outSize; o++) {
    const from = f32(o * scale), to = f32((o + 1) * scale);
    const start = Math.floor(from), end = Math.ceil(to);
    const weights: number[] = [];
    for (let i = start; i < end; i++) {
      const covered = i < from ? (i + 1 > to ? scale : f32(i + 1 - from)) : i + 1 > to ? f32(to - i) : 1;
      weights.push(covered / scale);
    }
    spans.push({ start, weights });
  }
  return spansToTaps(spans, inSize, outSize);
}

/** TensorFlow's ScaleAndTranslate spans, which tf.image.resize uses for 'lanczos3', 'lanczos5',
 * 'gaussian' and 'mitchellcubic', and for 'bilinear' and 'bicubic' with antialias=true: output x
 * samples the input at (x + ½)/scale (scale = out/in) with `kernel` (radius `radius`) over the
 * inputs within its reach, the weights normalised to sum to 1. With `antialias`, the kernel is
 * widened by 1/scale when downsampling (a low-pass filter); without it, or when upsampling, it
 * keeps its width. In float32, as the kernel computes them. */
function scaleAndTranslateTaps(kernel: (x: number) => number, radius: number, antialias: boolean, inSize: number, outSize: number): Tap[] {
  const scale = f32(outSize / inSize);
  const invScale = f32(1 / scale);
  const kernelScale = antialias ? Math.max(invScale, 1) : 1;
  const oneOverKernelScale = f32(1 / kernelScale);
  const reach = f32(radius * kernelScale);
  const spans: { start: number; weights: number[] }[] = [];
  for (let x = 0; x < outSize; x++) {
    const sample = f32(f32(x + 0.5) * invScale);
    const clamp = (v: number) => Math.min(inSize - 1, Math.max(0, v));
    const start = clamp(Math.ceil(f32(f32(sample - reach) - 0.5)));
    const end = clamp(Math.floor(f32(f32(sample + reach) - 0.5))) + 1;
    const raw: number[] = [];
    let sum = 0;
    for (let i = start; i < end; i++) {
      const w = f32(kernel(Math.abs(f32(f32(f32(i + 0.5) - sample) * oneOverKernelScale))));
      raw.push(w);
      sum = f32(sum + w);
    }
    const inv = Math.abs(sum) >= 1000 * 1.1754943508222875e-38 ? f32(1 / sum) : 0;
    spans.push({ start, weights: raw.map((w) => f32(w * inv)) });
  }
  return spansToTaps(spans, inSize, outSize);
}

// The kernels of TensorFlow's sampling_kernels.h, of |x|, each float32 operation rounded as there.

/** Triangle (tent) kernel, radius 1: the antialiased bilinear's. */
const triangle = (x: number) => (x >= 1 ? 0 : f32(1 - x));
/** Keys' cubic kernel with a = −0.5, radius 2 (the antialiased bicubic's). */
const keysCubic = (x: number) =>
  x >= 2 ? 0 : x >= 1 ? f32(f32(f32(f32(f32(f32(-0.5 * x) + 2.5) * x) - 4) * x) + 2) : f32(f32(f32(f32(f32(1.5 * x) - 2.5) * x) * x) + 1);
/** π as the float32 that the Lanczos kernel uses. */
const PI_F32 = f32(3.14159265359);
/** Lanczos kernel of radius a: a·sin(πx)·sin(πx/a)/(π²x²) for x <= a, 1 near 0 (x <= 1e-3). */
const lanczos = (a: number) => (x: number) => {
  if (x > a) return 0;
  if (x <= 1e-3) return 1;
  const px = f32(PI_F32 * x);
  return f32(f32(f32(a * f32(Math.sin(px))) * f32(Math.sin(f32(px / a)))) / f32(f32(f32(PI_F32 * PI_F32) * x) * x));
};
/** Gaussian kernel of radius 1.5 and σ = 0.5: exp(−x²/(2σ²)) for x < 1.5 (the exponent in
 * double, as the kernel's 2.0·σ·σ makes it). */
const gaussian = (x: number) => (x >= 1.5 ? 0 : f32(Math.exp(f32(-x * x) / 0.5)));
const [M1, M2, M3, M4, M5] = [f32(-7 / 18), f32(10 / 3), f32(16 / 9), f32(7 / 6), f32(8 / 9)];
/** Mitchell–Netravali cubic with B = C = 1/3, radius 2: ((−7/18·x + 2)·x − 10/3)·x + 16/9 for
 * 1 <= x < 2, (7/6·x − 2)·x² + 8/9 below 1. */
const mitchellCubic = (x: number) =>
  x >= 2 ? 0 : x >= 1 ? f32(f32(f32(f32(f32(f32(M1 * x) + 2) * x) - M2) * x) + M3) : f32(f32(f32(f32(f32(M4 * x) - 2) * x) * x) + M5);

/** The kernel and radius of each method that tf.image.resize runs through scale_and_translate. */
const SCALE_AND_TRANSLATE: Record<string, [(x: number) => number, number]> = {
  bilinear: [triangle, 1], bicubic: [keysCubic, 2], lanczos3: [lanczos(3), 3], lanczos5: [lanczos(5), 5], gaussian: [gaussian, 1.5], mitchellcubic: [mitchellCubic, 2],
};

/** Spans (a first input and consecutive weights per output) as taps of equal count: unused taps
 * read the span's first input with weight 0. */
function spansToTaps(spans: { start: number; weights: number[] }[], inSize: number, outSize: number): Tap[] {
  const k = Math.max(1, ...spans.map((s) => s.weights.length));
  const taps = emptyTaps(k, outSize);
  spans.forEach((s, o) => {
    for (let j = 0; j < k; j++) {
      taps[j]!.index[o] = Math.min(s.start + (j < s.weights.length ? j : 0), inSize - 1);
      taps[j]!.weight[o] = s.weights[j] ?? 0;
    }
  });
  return taps;
}

/** Σ_k gather(x, tap_k.index, axis) · tap_k.weight along spatial `axis` (1 or 2) of [b, h, w, c]
 * images; taps of weight 0 everywhere are left out, and the identity is no op at all. */
function applyTaps(x: Tensor, axis: 1 | 2, taps: Tap[]): Tensor {
  const used = taps.filter((t) => t.weight.some((w) => w !== 0));
  const n = x.shape[axis]!;
  if (used.length === 1 && used[0]!.index.length === n && used[0]!.index.every((v, i) => v === i) && used[0]!.weight.every((w) => w === 1)) return x;
  const out = used[0]!.index.length;
  const shape = axis === 1 ? [out, 1, 1] : [out, 1];
  const terms = used.map((t) => gen.mul(gather(x, fromHost(t.index, [out], 'int32'), axis), fromHost(Float64Array.from(t.weight), shape, 'float64').cast(x.dtype)));
  return terms.length === 1 ? terms[0]! : addN(terms);
}

function checkSize(size: unknown, op: string): [number, number] {
  if (!Array.isArray(size) || size.length !== 2 || size.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)) {
    const got = Array.isArray(size) ? `[${size.map((v) => describe(v)).join(', ')}]` : describe(size);
    throw new Error(`${op}: size must be [newHeight, newWidth], two positive integers, got ${got}.`);
  }
  return [size[0] as number, size[1] as number];
}

function checkMethod(method: unknown, op: string): string {
  if (typeof method === 'string' && RESIZE_METHODS.includes(method)) return method;
  throw new Error(`${op}: method must be one of ${RESIZE_METHODS.map((m) => `'${m}'`).join(', ')}, got ${describe(method)}.`);
}

/** Resizes [b, h, w, c] images to [outH, outW] (both already checked). */
function resizeBatch(x: Tensor, outH: number, outW: number, method: string, antialias: boolean): Tensor {
  const [h, w] = [x.shape[1]!, x.shape[2]!];
  if (method === 'nearest') {
    let y = x;
    if (outH !== h) y = gather(y, fromHost(nearestIndices(h, outH), [outH], 'int32'), 1);
    if (outW !== w) y = gather(y, fromHost(nearestIndices(w, outW), [outW], 'int32'), 2);
    return y;
  }
  // As resize_images_v2 chooses: 'lanczos3', 'lanczos5', 'gaussian' and 'mitchellcubic' always
  // go through scale_and_translate (with the antialias flag as given), 'bilinear' and 'bicubic'
  // only with antialias (the triangle and Keys kernels); 'area' and 'nearest' ignore antialias.
  const kernel = SCALE_AND_TRANSLATE[method];
  const taps = kernel && (antialias || (method !== 'bilinear' && method !== 'bicubic'))
    ? (i: number, o: number) => scaleAndTranslateTaps(kernel[0], kernel[1], antialias, i, o)
    : method === 'bilinear' ? bilinearTaps : method === 'bicubic' ? bicubicTaps : areaTaps;
  // TensorFlow's kernels read the images as float32 and return float32.
  const f = x.dtype === 'float32' ? x : cast(x, 'float32');
  return applyTaps(applyTaps(f, 1, taps(h, outH)), 2, taps(w, outW));
}

/**
 * tf.image.resize(images, size, method='bilinear', preserve_aspect_ratio=False, antialias=False):
 * `images` [height, width, channels] or [batch, height, width, channels] resized to `size`
 * [newHeight, newWidth], as TensorFlow 2 does it: pixel centres at half-integers, an output pixel
 * o sampling the input at (o + ½)·in/out − ½.
 *
 * - `'bilinear'`: the two nearest inputs along each axis, linearly weighted (clamped at the edges).
 * - `'nearest'`: the input at floor((o + ½)·in/out), the nearest centre (a tie to the later
 *   one); the result keeps the images' dtype.
 * - `'bicubic'`: Keys' cubic kernel (a = −0.5) on four inputs per axis, taps outside the image
 *   dropped and the rest renormalised; TensorFlow's 1/1024 table of the kernel is followed.
 * - `'area'`: each output pixel the average of the input area it covers (no half-pixel shift).
 * - `'lanczos3'`, `'lanczos5'`: the Lanczos kernel a·sin(πx)·sin(πx/a)/(π²x²) of radius a = 3
 *   or 5: sharp, but it can overshoot the input's range near edges (ringing).
 * - `'gaussian'`: exp(−x²/(2σ²)) with σ = 0.5, cut at radius 1.5: smooth, never overshoots.
 * - `'mitchellcubic'`: the Mitchell–Netravali cubic (B = C = 1/3), radius 2: less ringing than
 *   Keys' kernel, less sharp.
 *
 * The last four are TensorFlow's scale_and_translate (as resize_images_v2 runs them): output o
 * weighs the inputs i within the kernel's radius of the sampling position by kernel(i + ½ −
 * (o + ½)·in/out), the weights normalised to sum to 1, all in float32 as TensorFlow's kernel
 * computes them. Except for 'nearest' the result is float32 whatever the input dtype (int32 and
 * float64 too), as in TensorFlow. With `preserveAspectRatio` the image is scaled by the smaller
 * of the two ratios, to fit within `size`. With `antialias`, downsampling widens the kernel by
 * in/out so that every input pixel counts (a low-pass filter): for the last four, and for
 * 'bilinear' and 'bicubic', which then become scale_and_translate with the triangle and Keys
 * kernels; upsampling is unchanged, and 'nearest' and 'area' ignore it. Differentiable with
 * respect to float images.
 *
 * @example
 * ```ts
 * const image = tf.constant([[[0], [1]], [[2], [3]]]); // 2×2, one channel
 * console.log(tf.image.resize(image, [3, 3]).reshape([3, 3]).arraySync()); // [ [ 0, 0.5, 1 ], [ 1, 1.5, 2 ], [ 2, 2.5, 3 ] ]
 * console.log(tf.image.resize(image, [4, 4], 'nearest').reshape([4, 4]).arraySync()[1]); // [ 0, 0, 1, 1 ]
 * const edge = tf.constant([[[0], [0], [1], [1]]]); // one row, a step up
 * console.log(Array.from(tf.image.resize(edge, [1, 8], 'lanczos3').dataSync(), (v) => v.toFixed(2)).join(' ')); // 0.04 -0.05 -0.10 0.21 0.79 1.10 1.05 0.96
 * console.log(Array.from(tf.image.resize(edge, [1, 8], 'gaussian').dataSync(), (v) => v.toFixed(2)).join(' ')); // 0.00 0.00 0.04 0.26 0.74 0.96 1.00 1.00
 * ```
 */
export function resize(images: TensorLike, size: readonly number[], method: ResizeMethod = 'bilinear', preserveAspectRatio = false, antialias = false): Tensor {
  const op = 'resize';
  const x = imageOperand(images, op);
  notBool(x, op);
  let [outH, outW] = checkSize(size, op);
  const m = checkMethod(method, op);
  if (typeof preserveAspectRatio !== 'boolean') throw new Error(`${op}: preserveAspectRatio must be a boolean, got ${describe(preserveAspectRatio)}.`);
  if (typeof antialias !== 'boolean') throw new Error(`${op}: antialias must be a boolean, got ${describe(antialias)}.`);
  const [h, w] = x.rank === 4 ? [x.shape[1]!, x.shape[2]!] : [x.shape[0]!, x.shape[1]!];
  if (h === 0 || w === 0) throw new Error(`${op}: images must have a non-zero height and width, got shape ${shapeText(x.shape)}.`);
  if (preserveAspectRatio) {
    // TensorFlow's float32 arithmetic: the smaller ratio, and each side scaled by it, rounded
    // half to even.
    const factor = Math.min(f32(outH / h), f32(outW / w));
    [outH, outW] = [roundHalfEven(f32(factor * h)), roundHalfEven(f32(factor * w))];
  }
  // Refused before the per-axis tables (outH and outW entries each) are built.
  const outShape = x.rank === 4 ? [x.shape[0]!, outH, outW, x.shape[3]!] : [outH, outW, x.shape[2]!];
  if (outShape.reduce((a, n) => a * n, 4) > 2147483647) {
    throw new Error(`${op}: a result of shape ${shapeText(outShape)} would need 2 GiB or more, and one tensor can have at most 2147483647 bytes; resize to a smaller size.`);
  }
  return composed(op, () => {
    const [b, restore] = batched(x);
    return restore(resizeBatch(b, outH, outW, m, antialias));
  });
}

// ---- cropping and padding ---------------------------------------------------------------------------

/** [height, width] of rank-3 or rank-4 images. */
const hw = (t: Tensor): [number, number] => (t.rank === 4 ? [t.shape[1]!, t.shape[2]!] : [t.shape[0]!, t.shape[1]!]);

/** `len` rows from `top` and `wide` columns from `left` of the images. */
function cropHW(x: Tensor, top: number, left: number, len: number, wide: number, op: string): Tensor {
  const lead = x.rank === 4 ? [0] : [];
  const begin = [...lead, top, left, 0];
  const end = [...(x.rank === 4 ? [x.shape[0]!] : []), top + len, left + wide, x.shape[x.rank - 1]!];
  return rawSlice(x, begin, end, begin.map(() => 1), op);
}

/**
 * tf.image.crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
 * the `targetHeight` × `targetWidth` window of `image` ([height, width, channels] or batched)
 * whose top-left corner is at (`offsetHeight`, `offsetWidth`).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 16), [4, 4, 1]);
 * console.log(tf.image.cropToBoundingBox(image, 1, 2, 2, 2).reshape([2, 2]).arraySync()); // [ [ 6, 7 ], [ 10, 11 ] ]
 * ```
 */
export function cropToBoundingBox(image: TensorLike, offsetHeight: number, offsetWidth: number, targetHeight: number, targetWidth: number): Tensor {
  const op = 'cropToBoundingBox';
  const x = imageOperand(image, op, 'image');
  const [h, w] = hw(x);
  const top = checkInt(offsetHeight, op, 'offsetHeight', 0), left = checkInt(offsetWidth, op, 'offsetWidth', 0);
  const th = checkInt(targetHeight, op, 'targetHeight', 1), tw = checkInt(targetWidth, op, 'targetWidth', 1);
  if (top + th > h) throw new Error(`${op}: height must be >= targetHeight + offsetHeight: the image is ${h} high, ${th} + ${top} asked.`);
  if (left + tw > w) throw new Error(`${op}: width must be >= targetWidth + offsetWidth: the image is ${w} wide, ${tw} + ${left} asked.`);
  return composed(op, () => cropHW(x, top, left, th, tw, op));
}

/**
 * tf.image.pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
 * `image` placed at (`offsetHeight`, `offsetWidth`) in a `targetHeight` × `targetWidth` image of
 * zeros.
 *
 * @example
 * ```ts
 * const image = tf.ones([1, 2, 1]);
 * console.log(tf.image.padToBoundingBox(image, 1, 1, 3, 4).reshape([3, 4]).arraySync()); // [ [ 0, 0, 0, 0 ], [ 0, 1, 1, 0 ], [ 0, 0, 0, 0 ] ]
 * ```
 */
export function padToBoundingBox(image: TensorLike, offsetHeight: number, offsetWidth: number, targetHeight: number, targetWidth: number): Tensor {
  const op = 'padToBoundingBox';
  const x = imageOperand(image, op, 'image');
  const [h, w] = hw(x);
  const top = checkInt(offsetHeight, op, 'offsetHeight', 0), left = checkInt(offsetWidth, op, 'offsetWidth', 0);
  const th = checkInt(targetHeight, op, 'targetHeight', 0), tw = checkInt(targetWidth, op, 'targetWidth', 0);
  if (th - top < h) throw new Error(`${op}: height must be <= targetHeight - offsetHeight: the image is ${h} high, ${th} - ${top} asked.`);
  if (tw - left < w) throw new Error(`${op}: width must be <= targetWidth - offsetWidth: the image is ${w} wide, ${tw} - ${left} asked.`);
  const pads = [[top, th - top - h], [left, tw - left - w], [0, 0]];
  return composed(op, () => pad(x, x.rank === 4 ? [[0, 0], ...pads] : pads));
}

/**
 * tf.image.resize_with_crop_or_pad(image, target_height, target_width): `image` cropped about
 * its centre where it is larger than the target and padded evenly with zeros where it is
 * smaller (the odd row or column of a crop taken from the end, of a padding put at the end).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 10), [3, 3, 1]);
 * console.log(tf.image.resizeWithCropOrPad(image, 1, 5).reshape([1, 5]).arraySync()); // [ [ 0, 4, 5, 6, 0 ] ]
 * ```
 */
export function resizeWithCropOrPad(image: TensorLike, targetHeight: number, targetWidth: number): Tensor {
  const op = 'resizeWithCropOrPad';
  const x = imageOperand(image, op, 'image');
  const [h, w] = hw(x);
  const th = checkInt(targetHeight, op, 'targetHeight', 1), tw = checkInt(targetWidth, op, 'targetWidth', 1);
  // TensorFlow's offsets: max(-diff // 2, 0) to crop, max(diff // 2, 0) to pad (floor division).
  const [dh, dw] = [th - h, tw - w];
  const [cropTop, cropLeft] = [Math.max(Math.floor(-dh / 2), 0), Math.max(Math.floor(-dw / 2), 0)];
  const [padTop, padLeft] = [Math.max(Math.floor(dh / 2), 0), Math.max(Math.floor(dw / 2), 0)];
  return composed(op, () => {
    const cropped = cropHW(x, cropTop, cropLeft, Math.min(th, h), Math.min(tw, w), op);
    const [ch, cw] = hw(cropped);
    const pads = [[padTop, th - padTop - ch], [padLeft, tw - padLeft - cw], [0, 0]];
    return pad(cropped, x.rank === 4 ? [[0, 0], ...pads] : pads);
  });
}

/**
 * tf.image.resize_with_pad(image, target_height, target_width, method='bilinear', antialias=False):
 * `image` resized (see {@link resize}) to fit within `targetHeight` × `targetWidth` with its
 * aspect ratio kept, then padded with zeros evenly to the target size. float32 but for 'nearest'.
 *
 * @example
 * ```ts
 * const image = tf.ones([2, 4, 1]);
 * console.log(tf.image.resizeWithPad(image, 4, 4).reshape([4, 4]).arraySync()); // [ [ 0, 0, 0, 0 ], [ 1, 1, 1, 1 ], [ 1, 1, 1, 1 ], [ 0, 0, 0, 0 ] ]
 * ```
 */
export function resizeWithPad(image: TensorLike, targetHeight: number, targetWidth: number, method: ResizeMethod = 'bilinear', antialias = false): Tensor {
  const op = 'resizeWithPad';
  const x = imageOperand(image, op, 'image');
  notBool(x, op, 'image');
  const [h, w] = hw(x);
  const th = checkInt(targetHeight, op, 'targetHeight', 1), tw = checkInt(targetWidth, op, 'targetWidth', 1);
  checkMethod(method, op);
  if (h === 0 || w === 0) throw new Error(`${op}: image must have a non-zero height and width, got shape ${shapeText(x.shape)}.`);
  // TensorFlow's float32 arithmetic: the larger of the two ratios, the sides divided by it and
  // floored, the padding (target − unrounded side) / 2 floored.
  const ratio = Math.max(f32(w / tw), f32(h / th));
  const [rh, rw] = [f32(h / ratio), f32(w / ratio)];
  const [outH, outW] = [Math.floor(rh), Math.floor(rw)];
  const top = Math.max(0, Math.floor(f32(f32(th - rh) / 2))), left = Math.max(0, Math.floor(f32(f32(tw - rw) / 2)));
  return renamedCall(op, () => padToBoundingBox(resize(x, [outH, outW], method, false, antialias), top, left, th, tw));
}

/**
 * tf.image.central_crop(image, central_fraction): the central `centralFraction` (in (0, 1]) of
 * the height and the width of `image`: floor((size − size·fraction) / 2) rows (columns) are cut
 * from each side.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 16), [4, 4, 1]);
 * console.log(tf.image.centralCrop(image, 0.5).reshape([2, 2]).arraySync()); // [ [ 5, 6 ], [ 9, 10 ] ]
 * ```
 */
export function centralCrop(image: TensorLike, centralFraction: number): Tensor {
  const op = 'centralCrop';
  const x = imageOperand(image, op, 'image');
  if (typeof centralFraction !== 'number' || !(centralFraction > 0 && centralFraction <= 1)) {
    throw new Error(`${op}: centralFraction must be within (0, 1], got ${describe(centralFraction)}.`);
  }
  if (centralFraction === 1) return x;
  const [h, w] = hw(x);
  const top = Math.trunc((h - h * centralFraction) / 2), left = Math.trunc((w - w * centralFraction) / 2);
  return composed(op, () => cropHW(x, top, left, h - 2 * top, w - 2 * left, op));
}

// ---- flips, rotations, transposition ---------------------------------------------------------------

/** The axis of the height (0) or width (1) of rank-3 or rank-4 images. */
const spatialAxis = (t: Tensor, which: 0 | 1) => which + t.rank - 3;

/**
 * tf.image.flip_left_right(image): the columns of `image` ([height, width, channels] or batched)
 * in reverse order (a mirror image).
 *
 * @example
 * ```ts
 * console.log(tf.image.flipLeftRight(tf.constant([[[1], [2], [3]]])).reshape([3]).arraySync()); // [ 3, 2, 1 ]
 * ```
 */
export function flipLeftRight(image: TensorLike): Tensor {
  const op = 'flipLeftRight';
  const x = imageOperand(image, op, 'image');
  return renamedCall(op, () => reverse(x, [spatialAxis(x, 1)]));
}

/**
 * tf.image.flip_up_down(image): the rows of `image` ([height, width, channels] or batched) in
 * reverse order.
 *
 * @example
 * ```ts
 * console.log(tf.image.flipUpDown(tf.constant([[[1]], [[2]], [[3]]])).reshape([3]).arraySync()); // [ 3, 2, 1 ]
 * ```
 */
export function flipUpDown(image: TensorLike): Tensor {
  const op = 'flipUpDown';
  const x = imageOperand(image, op, 'image');
  return renamedCall(op, () => reverse(x, [spatialAxis(x, 0)]));
}

/**
 * tf.image.transpose(image): `image` with its height and width swapped ([h, w, c] to [w, h, c],
 * batched too).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 6), [2, 3, 1]);
 * console.log(tf.image.transpose(image).reshape([3, 2]).arraySync()); // [ [ 0, 3 ], [ 1, 4 ], [ 2, 5 ] ]
 * ```
 */
export function transposeImage(image: TensorLike): Tensor {
  const op = 'transpose';
  const x = imageOperand(image, op, 'image');
  return renamedCall(op, () => transpose(x, x.rank === 4 ? [0, 2, 1, 3] : [1, 0, 2]));
}

/**
 * tf.image.rot90(image, k=1): `image` rotated counter-clockwise by `k` quarter turns (k may be
 * negative; it is taken modulo 4).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 4), [2, 2, 1]); // [[0, 1], [2, 3]]
 * console.log(tf.image.rot90(image).reshape([2, 2]).arraySync()); // [ [ 1, 3 ], [ 0, 2 ] ]
 * ```
 */
export function rot90(image: TensorLike, k = 1): Tensor {
  const op = 'rot90';
  const x = imageOperand(image, op, 'image');
  if (typeof k !== 'number' || !Number.isSafeInteger(k)) throw new Error(`${op}: k must be an integer, got ${describe(k)}.`);
  const turns = ((k % 4) + 4) % 4;
  const [rows, cols] = [spatialAxis(x, 0), spatialAxis(x, 1)];
  const swap = x.rank === 4 ? [0, 2, 1, 3] : [1, 0, 2];
  return composed(op, () => {
    // out[i][j] = in[j][w-1-i] for one turn: the columns reversed, then transposed.
    if (turns === 0) return x;
    if (turns === 1) return transpose(reverse(x, [cols]), swap);
    if (turns === 2) return reverse(x, [rows, cols]);
    return reverse(transpose(x, swap), [cols]);
  });
}

// ---- dtypes and colour -----------------------------------------------------------------------------

const INT32_MAX = 2147483647;

/**
 * tf.image.convert_image_dtype(image, dtype, saturate=False): `image` in another dtype with its
 * values rescaled to the new dtype's range: float images hold [0, 1], int32 images [0, 2³¹ − 1].
 * int32 to float multiplies by 1/(2³¹ − 1); float to int32 multiplies by 2³¹ − 1 + ½ and casts
 * (with `saturate`, clamped first as tf.saturateCast does: for float32 to the float32 values
 * within int32's range); between floats it is a cast.
 *
 * @example
 * ```ts
 * console.log(tf.image.convertImageDtype(tf.constant([0, 1073741824, 2147483647], 'int32'), 'float64').arraySync()); // [ 0, 0.5000000002328306, 1 ]
 * ```
 */
export function convertImageDtype(image: TensorLike, dtype: 'float32' | 'float64' | 'int32', saturate = false): Tensor {
  const op = 'convertImageDtype';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') {
    throw new Error(`${op}: dtype must be 'float32', 'float64' or 'int32', got ${describe(dtype)}.`);
  }
  if (x.dtype === dtype) return x;
  return composed(op, () => {
    if (isFloat(x.dtype) && isFloat(dtype)) return cast(x, dtype);
    if (x.dtype === 'int32') return gen.mul(cast(x, dtype), 1 / INT32_MAX);
    const scaled = gen.mul(x, INT32_MAX + 0.5);
    return saturate ? saturateCast(scaled, 'int32') : cast(scaled, 'int32');
  });
}

/** Float images as they are, int32 ones as float32 in [0, 1] (convertImageDtype). */
const asFloatImage = (x: Tensor) => (isFloat(x.dtype) ? x : convertImageDtype(x, 'float32'));
/** Back to the dtype of the input (saturating for int32, as TensorFlow's adjust_* do). */
const backTo = (y: Tensor, dtype: Tensor['dtype']) => (y.dtype === dtype ? y : convertImageDtype(y, dtype as 'int32', true));

function lastAxis(x: Tensor, size: number, op: string, what: string): void {
  if (x.rank < 1 || x.shape[x.rank - 1] !== size) {
    throw new Error(`${op}: the last dim of ${what} must be ${size}, got shape ${shapeText(x.shape)}.`);
  }
}

/**
 * tf.image.rgb_to_grayscale(images): the luma 0.2989·R + 0.5870·G + 0.1140·B of RGB images
 * [..., 3], as [..., 1], in the images' dtype (int32 images through float32 in [0, 1]).
 *
 * @example
 * ```ts
 * console.log(tf.image.rgbToGrayscale(tf.constant([[[1, 0, 0], [0, 1, 1]]], 'float64')).reshape([2]).arraySync()); // [ 0.2989, 0.701 ]
 * ```
 */
export function rgbToGrayscale(images: TensorLike): Tensor {
  const op = 'rgbToGrayscale';
  const x = toTensor(images, undefined, op);
  notBool(x, op);
  lastAxis(x, 3, op, 'images');
  return composed(op, () => {
    const f = asFloatImage(x);
    const weights = fromHost(Float64Array.from([0.2989, 0.587, 0.114]), [3], 'float64').cast(f.dtype);
    const gray = gen.reduceSum(gen.mul(f, weights), -1, true);
    return backTo(gray, x.dtype);
  });
}

/**
 * tf.image.grayscale_to_rgb(images): single-channel images [..., 1] with the channel repeated
 * three times, [..., 3].
 *
 * @example
 * ```ts
 * console.log(tf.image.grayscaleToRgb(tf.constant([[[0.5]]])).arraySync()); // [ [ [ 0.5, 0.5, 0.5 ] ] ]
 * ```
 */
export function grayscaleToRgb(images: TensorLike): Tensor {
  const op = 'grayscaleToRgb';
  const x = toTensor(images, undefined, op);
  if (x.rank < 2) throw new Error(`${op}: images must have at least 2 dims [..., 1], got shape ${shapeText(x.shape)}.`);
  lastAxis(x, 1, op, 'images');
  return renamedCall(op, () => tile(x, [...x.shape.slice(0, -1).map(() => 1), 3]));
}

/**
 * tf.image.adjust_brightness(image, delta): `image + delta` (int32 images through float32 in
 * [0, 1], converted back with saturation). float64 images are adjusted in float64 (TensorFlow
 * rounds them through float32).
 *
 * @example
 * ```ts
 * console.log(tf.image.adjustBrightness(tf.constant([[[0.25, 0.5, 1]]]), 0.25).arraySync()); // [ [ [ 0.5, 0.75, 1.25 ] ] ]
 * ```
 */
export function adjustBrightness(image: TensorLike, delta: number): Tensor {
  const op = 'adjustBrightness';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  if (typeof delta !== 'number') throw new Error(`${op}: delta must be a number, got ${describe(delta)}.`);
  return composed(op, () => brightnessBy(x, delta));
}

/** A factor of the adjust_* ops: a number, or a scalar tensor (a random draw) cast to the float
 * images' dtype. */
const factorFor = (f: Tensor, v: number | Tensor) => (typeof v === 'number' ? v : cast(v, f.dtype));

/** adjust_brightness's arithmetic: image + delta. */
function brightnessBy(x: Tensor, delta: number | Tensor): Tensor {
  const f = asFloatImage(x);
  return backTo(gen.add(f, factorFor(f, delta)), x.dtype);
}

/**
 * tf.image.adjust_contrast(images, contrast_factor): each channel of each image moved away from
 * (or towards) its mean over the height and width: (x − mean)·contrastFactor + mean, for images
 * [..., height, width, channels] (int32 images through float32, as adjustBrightness).
 * `contrastFactor` is a number or a scalar float tensor (a variable too: the result is then
 * differentiable in it, where TensorFlow's AdjustContrastv2 has no gradient).
 *
 * @example
 * ```ts
 * console.log(tf.image.adjustContrast(tf.constant([[[1], [3]]]), 2).reshape([2]).arraySync()); // [ 0, 4 ]
 * ```
 */
export function adjustContrast(images: TensorLike, contrastFactor: number | Tensor): Tensor {
  const op = 'adjustContrast';
  const x = toTensor(images, undefined, op);
  notBool(x, op);
  if (x.rank < 3) throw new Error(`${op}: images must have at least 3 dims [..., height, width, channels], got shape ${shapeText(x.shape)}.`);
  // TensorFlow converts the factor to a tensor: a scalar tensor or variable works too (its
  // autodiff guide passes a tf.Variable), and here the result is differentiable in it.
  if (contrastFactor instanceof Tensor) {
    if (contrastFactor.rank !== 0 || !isFloat(contrastFactor.dtype)) {
      throw new Error(`${op}: contrastFactor must be a scalar float tensor, got shape ${shapeText(contrastFactor.shape)} and dtype ${contrastFactor.dtype}.`);
    }
  } else if (typeof contrastFactor !== 'number') {
    throw new Error(`${op}: contrastFactor must be a number or a scalar tensor, got ${describe(contrastFactor)}.`);
  }
  return composed(op, () => contrastBy(x, contrastFactor));
}

/** adjust_contrast's arithmetic: (x − mean)·factor + mean, the mean over the height and width. */
function contrastBy(x: Tensor, factor: number | Tensor): Tensor {
  const f = asFloatImage(x);
  const mean = reduceMean(f, [x.rank - 3, x.rank - 2], true);
  return backTo(gen.add(gen.mul(gen.sub(f, mean), factorFor(f, factor)), mean), x.dtype);
}

/**
 * tf.image.per_image_standardization(image): each image scaled to mean 0 and variance 1 over
 * its height, width and channels: (x − mean) / max(stddev, 1/√N), N the number of values of
 * an image (the floor keeps uniform images finite). int32 images are cast to float32 (not
 * rescaled), as in TensorFlow; float64 images stay float64 (TensorFlow returns float32).
 *
 * @example
 * ```ts
 * console.log(tf.image.perImageStandardization(tf.constant([[[1], [3]]])).reshape([2]).arraySync()); // [ -1, 1 ]
 * ```
 */
export function perImageStandardization(image: TensorLike): Tensor {
  const op = 'perImageStandardization';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  if (x.rank < 3) throw new Error(`${op}: image must have at least 3 dims [..., height, width, channels], got shape ${shapeText(x.shape)}.`);
  return composed(op, () => {
    const f = isFloat(x.dtype) ? x : cast(x, 'float32');
    const axes = [x.rank - 3, x.rank - 2, x.rank - 1];
    const n = x.shape.slice(-3).reduce((a, b) => a * b, 1);
    const mean = reduceMean(f, axes, true);
    const centred = gen.sub(f, mean);
    const std = gen.sqrt(reduceMean(gen.square(centred), axes, true));
    return gen.div(centred, gen.maximum(std, 1 / Math.sqrt(n)));
  });
}

/** The channels of [..., 3] images, each [..., 1]. */
function channels3(x: Tensor, op: string): [Tensor, Tensor, Tensor] {
  const end = x.shape.slice(), begin = x.shape.map(() => 0), strides = x.shape.map(() => 1);
  const at = (c: number) => {
    begin[x.rank - 1] = c;
    end[x.rank - 1] = c + 1;
    return rawSlice(x, begin, end, strides, op);
  };
  return [at(0), at(1), at(2)];
}

/**
 * tf.image.rgb_to_hsv(images): RGB images [..., 3] with values in [0, 1] to HSV [..., 3]:
 * V = max(R, G, B), S = (V − min)/V (0 where V = 0), H in [0, 1) from the channel holding the
 * maximum (R first, then G), 0 for greys. Float images only. The gradient is that of these
 * formulas (the maximum's channel chosen as in the forward pass).
 *
 * @example
 * ```ts
 * console.log(tf.image.rgbToHsv(tf.constant([[[0, 0.5, 1]]], 'float64')).arraySync()); // [ [ [ 0.5833333333333333, 1, 1 ] ] ]
 * ```
 */
export function rgbToHsv(images: TensorLike): Tensor {
  const op = 'rgbToHsv';
  const x = toTensor(images, undefined, op);
  if (!isFloat(x.dtype)) throw new Error(`${op}: images must be float32 or float64, got ${x.dtype}; convert them first, e.g. tf.image.convertImageDtype(images, 'float32').`);
  lastAxis(x, 3, op, 'images');
  return composed(op, () => {
    const [r, g, b] = channels3(x, op);
    const v = gen.maximum(gen.maximum(r, g), b);
    const range = gen.sub(v, gen.minimum(gen.minimum(r, g), b));
    const zeros = gen.mul(v, 0);
    const positive = gen.greater(v, 0), spread = gen.greater(range, 0);
    // Safe divisors, so that neither the value nor the gradient of the branch not taken is NaN.
    const s = where(positive, gen.div(range, where(positive, v, gen.add(zeros, 1))), zeros);
    const norm = gen.div(1 / 6, where(spread, range, gen.add(zeros, 1)));
    let h = where(gen.equal(r, v), gen.mul(norm, gen.sub(g, b)),
      where(gen.equal(g, v), gen.add(gen.mul(norm, gen.sub(b, r)), 2 / 6), gen.add(gen.mul(norm, gen.sub(r, g)), 4 / 6)));
    h = where(spread, h, zeros);
    h = where(gen.less(h, 0), gen.add(h, 1), h);
    return concat([h, s, v], -1);
  });
}

/**
 * tf.image.hsv_to_rgb(images): HSV images [..., 3] (each value in [0, 1]) to RGB [..., 3]:
 * each channel (1 − S + S·d)·V with d the clamped hue ramps |6H − 3| − 1, 2 − |6H − 2| and
 * 2 − |6H − 4|. Float images only.
 *
 * @example
 * ```ts
 * console.log(tf.image.hsvToRgb(tf.constant([[[0.5, 1, 1]]], 'float64')).arraySync()); // [ [ [ 0, 1, 1 ] ] ]
 * ```
 */
export function hsvToRgb(images: TensorLike): Tensor {
  const op = 'hsvToRgb';
  const x = toTensor(images, undefined, op);
  if (!isFloat(x.dtype)) throw new Error(`${op}: images must be float32 or float64, got ${x.dtype}.`);
  lastAxis(x, 3, op, 'images');
  return composed(op, () => {
    const [h, s, v] = channels3(x, op);
    const dh = gen.mul(h, 6);
    const ramp = (t: Tensor) => clipByValue(t, 0, 1);
    const dr = ramp(gen.sub(gen.abs(gen.sub(dh, 3)), 1));
    const dg = ramp(gen.sub(2, gen.abs(gen.sub(dh, 2))));
    const db = ramp(gen.sub(2, gen.abs(gen.sub(dh, 4))));
    const oneMinusS = gen.sub(1, s);
    const channel = (d: Tensor) => gen.mul(gen.add(oneMinusS, gen.mul(s, d)), v);
    return concat([channel(dr), channel(dg), channel(db)], -1);
  });
}

/** Σ_i images[..., i]·kernel[i][j]: a 3 × 3 colour-space matrix applied along the last axis
 * (TensorFlow's tensordot with its kernel), for float images [..., 3]. */
function colourMatrix(images: TensorLike, kernel: readonly (readonly number[])[], op: string): Tensor {
  const x = toTensor(images, undefined, op);
  if (!isFloat(x.dtype)) throw new Error(`${op}: images must be float32 or float64, got ${x.dtype}; convert them first, e.g. tf.image.convertImageDtype(images, 'float32').`);
  lastAxis(x, 3, op, 'images');
  return composed(op, () => {
    const k = fromHost(Float64Array.from(kernel.flat()), [3, 3], 'float64').cast(x.dtype);
    return reshape(matmul(reshape(x, [-1, 3]), k), x.shape);
  });
}

// TensorFlow's kernels (image_ops_impl.py), rows indexed by the input channel.
const RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617], [0.114, -0.32134392, 0.31119955]];
const YIQ_TO_RGB = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]];
const RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512], [0.114, 0.43601035, -0.10001026]];
const YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]];

/**
 * tf.image.rgb_to_yiq(images): RGB images [..., 3] (values in [0, 1]) to YIQ: Y = 0.299·R +
 * 0.587·G + 0.114·B, and the I and Q chroma of TensorFlow's matrix. Float images only.
 *
 * @example
 * ```ts
 * console.log(tf.image.rgbToYiq(tf.constant([[1, 2, 3]], 'float64')).arraySync()[0].map((v) => v.toFixed(6))); // [ '1.815000', '-0.917245', '0.099626' ]
 * ```
 */
export function rgbToYiq(images: TensorLike): Tensor {
  return colourMatrix(images, RGB_TO_YIQ, 'rgbToYiq');
}

/**
 * tf.image.yiq_to_rgb(images): YIQ images [..., 3] back to RGB by TensorFlow's matrix, which
 * inverts rgbToYiq's to about 1e-4. Float images only.
 *
 * @example
 * ```ts
 * console.log(tf.image.yiqToRgb(tf.image.rgbToYiq(tf.constant([[0.2, 0.4, 0.6]], 'float64'))).arraySync()[0].map((v) => v.toFixed(3))); // [ '0.200', '0.400', '0.600' ]
 * ```
 */
export function yiqToRgb(images: TensorLike): Tensor {
  return colourMatrix(images, YIQ_TO_RGB, 'yiqToRgb');
}

/**
 * tf.image.rgb_to_yuv(images): RGB images [..., 3] (values in [0, 1]) to YUV: Y = 0.299·R +
 * 0.587·G + 0.114·B, U and V the scaled colour differences of TensorFlow's matrix. Float images
 * only.
 *
 * @example
 * ```ts
 * console.log(tf.image.rgbToYuv(tf.constant([[1, 0, 0]], 'float64')).arraySync()); // [ [ 0.299, -0.14714119, 0.61497538 ] ]
 * ```
 */
export function rgbToYuv(images: TensorLike): Tensor {
  return colourMatrix(images, RGB_TO_YUV, 'rgbToYuv');
}

/**
 * tf.image.yuv_to_rgb(images): YUV images [..., 3] (Y in [0, 1], U and V in [−0.5, 0.5]) back to
 * RGB by TensorFlow's matrix, which inverts rgbToYuv's to about 1e-4. Float images only.
 *
 * @example
 * ```ts
 * console.log(tf.image.yuvToRgb(tf.constant([[0.5, 0, 0]], 'float64')).arraySync()); // [ [ 0.5, 0.5, 0.5 ] ]
 * ```
 */
export function yuvToRgb(images: TensorLike): Tensor {
  return colourMatrix(images, YUV_TO_RGB, 'yuvToRgb');
}

/** The three channels of HSV images back to RGB, [..., 3]. */
const fromHsv = (h: Tensor, s: Tensor, v: Tensor) => hsvToRgb(concat([h, s, v], -1));

/**
 * tf.image.adjust_saturation(image, saturation_factor): RGB images [..., 3] with their HSV
 * saturation multiplied by `saturationFactor` and clipped to [0, 1], hue and value kept (int32
 * images through float32 in [0, 1]). Differentiable here (TensorFlow's kernel has no gradient).
 *
 * @example
 * ```ts
 * console.log(tf.image.adjustSaturation(tf.constant([[[1, 0.5, 0.5]]], 'float64'), 0.5).arraySync()); // [ [ [ 1, 0.75, 0.75 ] ] ]
 * ```
 */
export function adjustSaturation(image: TensorLike, saturationFactor: number): Tensor {
  const op = 'adjustSaturation';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  lastAxis(x, 3, op, 'image');
  if (typeof saturationFactor !== 'number') throw new Error(`${op}: saturationFactor must be a number, got ${describe(saturationFactor)}.`);
  return composed(op, () => saturationBy(x, saturationFactor, op));
}

/** adjust_saturation's arithmetic: the HSV saturation times the factor, clipped to [0, 1]. */
function saturationBy(x: Tensor, factor: number | Tensor, op: string): Tensor {
  const f = asFloatImage(x);
  const [h, s, v] = channels3(rgbToHsv(f), op);
  return backTo(fromHsv(h, clipByValue(gen.mul(s, factorFor(f, factor)), 0, 1), v), x.dtype);
}

/**
 * tf.image.adjust_hue(image, delta): RGB images [..., 3] with `delta` (a fraction of the colour
 * circle, in [−1, 1]) added to their HSV hue, wrapped into [0, 1); saturation and value kept
 * (int32 images through float32 in [0, 1]). Differentiable here (TensorFlow's kernel has no
 * gradient).
 *
 * @example
 * ```ts
 * console.log(tf.image.adjustHue(tf.constant([[[1, 0, 0]]], 'float64'), 1 / 3).arraySync()); // [ [ [ 0, 1, 0 ] ] ]
 * ```
 */
export function adjustHue(image: TensorLike, delta: number): Tensor {
  const op = 'adjustHue';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  lastAxis(x, 3, op, 'image');
  if (typeof delta !== 'number' || !(delta >= -1 && delta <= 1)) throw new Error(`${op}: delta must be a number in [-1, 1], got ${describe(delta)}.`);
  return composed(op, () => hueBy(x, delta, op));
}

/** adjust_hue's arithmetic: delta added to the HSV hue, wrapped into [0, 1). */
function hueBy(x: Tensor, delta: number | Tensor, op: string): Tensor {
  const f = asFloatImage(x);
  const [h, s, v] = channels3(rgbToHsv(f), op);
  const shifted = gen.add(h, factorFor(f, delta));
  return backTo(fromHsv(gen.sub(shifted, gen.floor(shifted)), s, v), x.dtype);
}

/**
 * tf.image.adjust_gamma(image, gamma=1, gain=1): gain · image^gamma, the gamma correction
 * (int32 images through float32 in [0, 1], converted back with saturation). `gamma` must be
 * non-negative.
 *
 * @example
 * ```ts
 * console.log(tf.image.adjustGamma(tf.constant([0.25, 1, 4], 'float64'), 0.5, 2).arraySync()); // [ 1, 2, 4 ]
 * ```
 */
export function adjustGamma(image: TensorLike, gamma = 1, gain = 1): Tensor {
  const op = 'adjustGamma';
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  if (typeof gamma !== 'number' || !(gamma >= 0)) throw new Error(`${op}: gamma should be a non-negative real number, got ${describe(gamma)}.`);
  if (typeof gain !== 'number') throw new Error(`${op}: gain must be a number, got ${describe(gain)}.`);
  return composed(op, () => backTo(gen.mul(gen.pow(asFloatImage(x), gamma), gain), x.dtype));
}

// ---- random augmentation ---------------------------------------------------------------------------

// TensorFlow's random image ops draw float32 uniforms u in [0, 1) (stateless_random_uniform for
// the stateless_random_* ops, random_uniform for the others) and use them as image_ops_impl.py
// and random_crop_ops.py do. A draw here is such a tensor, so the ops compose with tapes and
// tf.function (a compiled function draws again at every call, as the eager op does).

/** Float32 uniforms in [0, 1) of `shape`, and int32 ones in [0, 2³¹ − 1) (random_crop's). */
interface Draws {
  floats(shape: number[]): Tensor;
  ints(shape: number[]): Tensor;
}

const INT32_DRAW_MAX = 2147483647; // size.dtype.max, random_crop's maxval

/** Draws from TensorFlow's stateless generator: stateless_random_uniform(shape, seed), each op
 * drawing once, of the shape TensorFlow's op draws, so the numbers are TensorFlow's. */
function statelessDraws(seed: Seed, op: string): Draws {
  checkSeed(seed, op);
  return {
    floats: (shape) => statelessUniform(shape, seed),
    ints: (shape) => statelessUniform(shape, seed, { dtype: 'int32', minval: 0, maxval: INT32_DRAW_MAX }),
  };
}

/** Draws from gradtape's global generator with an optional op seed (tf.random.uniform's rules). */
function statefulDraws(seed: number | undefined, op: string): Draws {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be a safe integer, got ${describe(seed)}.`);
  return {
    floats: (shape) => randomUniform(shape, { dtype: 'float32', seed }),
    ints: (shape) => randomUniform(shape, { dtype: 'int32', maxval: INT32_DRAW_MAX, seed }),
  };
}

/** A float32 scalar uniform in [lo, hi): u·(hi − lo) + lo in float32, as TensorFlow's uniform
 * wrappers scale their draw (so statelessUniform's minval/maxval give the same number; lo = hi
 * gives lo). */
const uniformIn = (draws: Draws, lo: number, hi: number) => gen.add(gen.mul(draws.floats([]), f32(f32(hi) - f32(lo))), f32(lo));

/** _random_flip: one image [h, w, c] is flipped along `which` when u < 0.5; a batch [b, h, w, c]
 * draws one u per image and takes flips·flipped + (1 − flips)·image with flips = round(u) (half
 * to even, so u > 0.5 flips: the opposite half of the single image's), in the images' dtype. */
function randomFlip(image: TensorLike, which: 0 | 1, draws: (op: string) => Draws, op: string): Tensor {
  const x = imageOperand(image, op, 'image');
  if (x.rank === 4 && x.dtype === 'bool') throw new Error(`${op}: a batch of bool images cannot be flipped by TensorFlow's arithmetic (flips·flipped + (1 − flips)·image); cast it first, e.g. tf.cast(image, 'int32').`);
  const d = draws(op);
  return composed(op, () => {
    const flipped = reverse(x, [spatialAxis(x, which)]);
    if (x.rank === 3) return where(gen.less(d.floats([]), 0.5), flipped, x);
    const b = x.shape[0]!;
    const flips = cast(gen.round(reshape(d.floats([b]), [b, 1, 1, 1])), x.dtype);
    return gen.add(gen.mul(flips, flipped), gen.mul(gen.sub(1, flips), x));
  });
}

function checkMaxDelta(maxDelta: unknown, op: string, upTo = Infinity): number {
  if (typeof maxDelta !== 'number' || !Number.isFinite(maxDelta)) throw new Error(`${op}: maxDelta must be a finite number, got ${describe(maxDelta)}.`);
  if (maxDelta > upTo) throw new Error(`${op}: maxDelta must be <= ${upTo}, got ${maxDelta}.`);
  if (maxDelta < 0) throw new Error(`${op}: maxDelta must be non-negative, got ${maxDelta}.`);
  return maxDelta;
}

/** random_contrast's and random_saturation's bounds: upper > lower >= 0. */
function checkFactorRange(lower: unknown, upper: unknown, op: string): void {
  if (typeof lower !== 'number' || typeof upper !== 'number' || !Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new Error(`${op}: lower and upper must be finite numbers, got ${describe(lower)} and ${describe(upper)}.`);
  }
  if (upper <= lower) throw new Error(`${op}: upper must be > lower, got lower ${lower} and upper ${upper}.`);
  if (lower < 0) throw new Error(`${op}: lower must be non-negative, got ${lower}.`);
}

/** The checks of adjust_brightness, adjust_contrast, adjust_saturation and adjust_hue. */
function adjustable(image: TensorLike, op: string, needs: 'rank3' | 'rgb' | 'any'): Tensor {
  const x = toTensor(image, undefined, op);
  notBool(x, op, 'image');
  if (needs === 'rank3' && x.rank < 3) throw new Error(`${op}: image must have at least 3 dims [..., height, width, channels], got shape ${shapeText(x.shape)}.`);
  if (needs === 'rgb') lastAxis(x, 3, op, 'image');
  return x;
}

function randomBrightnessWith(image: TensorLike, maxDelta: number, draws: (op: string) => Draws, op: string): Tensor {
  const m = checkMaxDelta(maxDelta, op);
  const x = adjustable(image, op, 'any');
  const d = draws(op);
  return composed(op, () => brightnessBy(x, uniformIn(d, -m, m)));
}

function randomContrastWith(image: TensorLike, lower: number, upper: number, draws: (op: string) => Draws, op: string): Tensor {
  checkFactorRange(lower, upper, op);
  const x = adjustable(image, op, 'rank3');
  const d = draws(op);
  return composed(op, () => contrastBy(x, uniformIn(d, lower, upper)));
}

function randomSaturationWith(image: TensorLike, lower: number, upper: number, draws: (op: string) => Draws, op: string): Tensor {
  checkFactorRange(lower, upper, op);
  const x = adjustable(image, op, 'rgb');
  const d = draws(op);
  return composed(op, () => saturationBy(x, uniformIn(d, lower, upper), op));
}

function randomHueWith(image: TensorLike, maxDelta: number, draws: (op: string) => Draws, op: string): Tensor {
  const m = checkMaxDelta(maxDelta, op, 0.5);
  const x = adjustable(image, op, 'rgb');
  const d = draws(op);
  return composed(op, () => hueBy(x, uniformIn(d, -m, m), op));
}

/** random_crop: a `size` window of `value` (any rank) at offsets r mod (shape − size + 1), r the
 * int32 draws in [0, 2³¹ − 1), one per axis; the window is gathered, so the offsets may be
 * tensors (a compiled function crops elsewhere at every call). */
function randomCropWith(value: TensorLike, size: readonly number[], draws: (op: string) => Draws, op: string): Tensor {
  const x = toTensor(value, undefined, op);
  if (!Array.isArray(size) || size.length !== x.rank || size.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
    throw new Error(`${op}: size must be ${x.rank} non-negative integers, one per axis of value (shape ${shapeText(x.shape)}), got ${describe(size)}.`);
  }
  if (size.some((n, i) => n > x.shape[i]!)) throw new Error(`${op}: need value.shape >= size, got shape ${shapeText(x.shape)} and size ${shapeText(size)}.`);
  const d = draws(op);
  return composed(op, () => {
    const limits = fromHost(Int32Array.from(x.shape, (n, i) => n - size[i]! + 1), [x.rank], 'int32');
    const offsets = gen.mod(d.ints([x.rank]), limits);
    let y = x;
    size.forEach((n, axis) => {
      if (n === x.shape[axis]) return; // the only offset is 0
      const window = gen.add(fromHost(Int32Array.from({ length: n }, (_, i) => i), [n], 'int32'), rawSlice(offsets, [axis], [axis + 1], [1], op));
      y = gather(y, window, axis);
    });
    return y;
  });
}

const stateless = (seed: Seed) => (op: string) => statelessDraws(seed, op);
const stateful = (seed: number | undefined) => (op: string) => statefulDraws(seed, op);

/**
 * tf.image.stateless_random_flip_left_right(image, seed): `image` [height, width, channels]
 * mirrored left to right when the float32 uniform u = tf.random.statelessUniform([], seed) is
 * below 0.5; a batch [batch, height, width, channels] draws u = statelessUniform([batch], seed)
 * and mirrors image i when round(u[i]) is 1 (u[i] > 0.5), computed as TensorFlow does:
 * flips·flipped + (1 − flips)·image in the images' dtype (so an infinity in an image makes NaNs
 * there). `seed` is two integers or an int32 tensor of shape [2]: the result is a fixed function
 * of it, TensorFlow's on CPU. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const image = tf.constant([[[1], [2]], [[3], [4]]]);
 * console.log(tf.image.statelessRandomFlipLeftRight(image, [2, 3]).arraySync()); // [ [ [ 2 ], [ 1 ] ], [ [ 4 ], [ 3 ] ] ]
 * ```
 */
export function statelessRandomFlipLeftRight(image: TensorLike, seed: Seed): Tensor {
  return randomFlip(image, 1, stateless(seed), 'statelessRandomFlipLeftRight');
}

/**
 * tf.image.stateless_random_flip_up_down(image, seed): `image` upside down when
 * tf.random.statelessUniform([], seed) is below 0.5; for a batch, each image i upside down when
 * round(statelessUniform([batch], seed)[i]) is 1, as {@link statelessRandomFlipLeftRight} decides.
 * TensorFlow's result on CPU for the same seed. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const image = tf.constant([[[1], [2]], [[3], [4]]]);
 * console.log(tf.image.statelessRandomFlipUpDown(image, [2, 3]).arraySync()); // [ [ [ 3 ], [ 4 ] ], [ [ 1 ], [ 2 ] ] ]
 * ```
 */
export function statelessRandomFlipUpDown(image: TensorLike, seed: Seed): Tensor {
  return randomFlip(image, 0, stateless(seed), 'statelessRandomFlipUpDown');
}

/**
 * tf.image.stateless_random_brightness(image, max_delta, seed): {@link adjustBrightness} by a
 * delta drawn uniformly from [−maxDelta, maxDelta): tf.random.statelessUniform([], seed, {minval:
 * −maxDelta, maxval: maxDelta}), a float32 scalar, TensorFlow's for the same seed. `maxDelta` must
 * be non-negative. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
 * console.log(tf.image.statelessRandomBrightness(x, 0.2, [1, 2]).arraySync()[0][0]); // [ 1.1376241445541382, 2.1376242637634277, 3.1376242637634277 ]
 * ```
 */
export function statelessRandomBrightness(image: TensorLike, maxDelta: number, seed: Seed): Tensor {
  return randomBrightnessWith(image, maxDelta, stateless(seed), 'statelessRandomBrightness');
}

/**
 * tf.image.stateless_random_contrast(image, lower, upper, seed): {@link adjustContrast} by a
 * factor drawn uniformly from [lower, upper): tf.random.statelessUniform([], seed, {minval: lower,
 * maxval: upper}), TensorFlow's for the same seed. Needs upper > lower >= 0. Differentiable with
 * respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
 * console.log(tf.image.statelessRandomContrast(x, 0.2, 0.5, [1, 2]).arraySync()[0][0]); // [ 3.4605183601379395, 4.4605183601379395, 5.4605183601379395 ]
 * ```
 */
export function statelessRandomContrast(image: TensorLike, lower: number, upper: number, seed: Seed): Tensor {
  return randomContrastWith(image, lower, upper, stateless(seed), 'statelessRandomContrast');
}

/**
 * tf.image.stateless_random_saturation(image, lower, upper, seed): {@link adjustSaturation} of
 * RGB images [..., 3] by a factor drawn uniformly from [lower, upper):
 * tf.random.statelessUniform([], seed, {minval: lower, maxval: upper}), TensorFlow's for the same
 * seed. Needs upper > lower >= 0. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
 * console.log(tf.image.statelessRandomSaturation(x, 0.5, 1, [1, 2]).arraySync()[0][0]); // [ 1.1559394598007202, 2.0779690742492676, 3 ]
 * ```
 */
export function statelessRandomSaturation(image: TensorLike, lower: number, upper: number, seed: Seed): Tensor {
  return randomSaturationWith(image, lower, upper, stateless(seed), 'statelessRandomSaturation');
}

/**
 * tf.image.stateless_random_hue(image, max_delta, seed): {@link adjustHue} of RGB images [..., 3]
 * by a delta drawn uniformly from [−maxDelta, maxDelta): tf.random.statelessUniform([], seed,
 * {minval: −maxDelta, maxval: maxDelta}), TensorFlow's for the same seed. `maxDelta` must be in
 * [0, 0.5]. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
 * console.log(tf.image.statelessRandomHue(x, 0.2, [1, 2]).arraySync()[0][0]); // [ 1.6514900922775269, 0.9999999403953552, 3 ]
 * ```
 */
export function statelessRandomHue(image: TensorLike, maxDelta: number, seed: Seed): Tensor {
  return randomHueWith(image, maxDelta, stateless(seed), 'statelessRandomHue');
}

/**
 * tf.image.stateless_random_crop(value, size, seed): the `size` window (one size per axis, each
 * at most value's) of `value`, a tensor of any rank, at the offsets r mod (shape − size + 1), with
 * r = tf.random.statelessUniform([rank], seed, {dtype: 'int32', minval: 0, maxval: 2³¹ − 1}):
 * TensorFlow's window for the same seed. For RGB images [h, w, 3] pass [cropHeight, cropWidth,
 * 3]. Differentiable with respect to float values.
 *
 * @example
 * ```ts
 * const image = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
 * console.log(tf.image.statelessRandomCrop(image, [1, 2, 3], [1, 2]).arraySync()); // [ [ [ 1, 2, 3 ], [ 4, 5, 6 ] ] ]
 * ```
 */
export function statelessRandomCrop(value: TensorLike, size: readonly number[], seed: Seed): Tensor {
  return randomCropWith(value, size, stateless(seed), 'statelessRandomCrop');
}

/**
 * tf.image.random_flip_left_right(image, seed=None): `image` mirrored left to right with
 * probability ½ (u < 0.5 for one image, round(u) = 1 for each image of a batch, u =
 * tf.random.uniform as TensorFlow draws it; see {@link statelessRandomFlipLeftRight} for the
 * composition). The draw is gradtape's global generator's, with tf.random.uniform's rules for
 * `seed` and tf.random.setSeed: repeatable, but not TensorFlow's numbers (use the stateless op for
 * those). Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const image = tf.constant([[[1], [2]], [[3], [4]]]);
 * const y = tf.image.randomFlipLeftRight(image, 7).arraySync();
 * console.log([[[[1], [2]], [[3], [4]]], [[[2], [1]], [[4], [3]]]].some((z) => JSON.stringify(z) === JSON.stringify(y))); // true
 * ```
 */
export function randomFlipLeftRight(image: TensorLike, seed?: number): Tensor {
  return randomFlip(image, 1, stateful(seed), 'randomFlipLeftRight');
}

/**
 * tf.image.random_flip_up_down(image, seed=None): `image` upside down with probability ½, decided
 * as {@link randomFlipLeftRight} decides. The draw is gradtape's global generator's (tf.random.uniform's
 * seed rules): repeatable, not TensorFlow's numbers. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const images = tf.reshape(tf.range(0, 16), [4, 2, 2, 1]); // four 2×2 images
 * const y = tf.image.randomFlipUpDown(images, 3);
 * console.log(tf.equal(tf.reduceSum(y, [1, 2, 3]), tf.reduceSum(images, [1, 2, 3])).arraySync()); // [ true, true, true, true ]
 * ```
 */
export function randomFlipUpDown(image: TensorLike, seed?: number): Tensor {
  return randomFlip(image, 0, stateful(seed), 'randomFlipUpDown');
}

/**
 * tf.image.random_brightness(image, max_delta, seed=None): {@link adjustBrightness} by a delta
 * uniform in [−maxDelta, maxDelta), a float32 tf.random.uniform draw from gradtape's global
 * generator (its seed rules: repeatable, not TensorFlow's numbers; {@link statelessRandomBrightness}
 * gives TensorFlow's). `maxDelta` must be non-negative. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.fill([2, 2, 3], 0.5);
 * const delta = tf.sub(tf.image.randomBrightness(x, 0.2, 5), x);
 * console.log(tf.reduceMin(delta).arraySync() === tf.reduceMax(delta).arraySync(), Math.abs(tf.reduceMax(delta).arraySync()) < 0.2); // true true
 * ```
 */
export function randomBrightness(image: TensorLike, maxDelta: number, seed?: number): Tensor {
  return randomBrightnessWith(image, maxDelta, stateful(seed), 'randomBrightness');
}

/**
 * tf.image.random_contrast(image, lower, upper, seed=None): {@link adjustContrast} by a factor
 * uniform in [lower, upper), a float32 tf.random.uniform draw from gradtape's global generator
 * (repeatable with a seed, not TensorFlow's numbers). Needs upper > lower >= 0. Differentiable
 * with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[0], [1]], [[2], [3]]], 'float32');
 * const y = tf.image.randomContrast(x, 0.5, 1, 4);
 * console.log(tf.reduceMean(y).arraySync()); // 1.5
 * ```
 */
export function randomContrast(image: TensorLike, lower: number, upper: number, seed?: number): Tensor {
  return randomContrastWith(image, lower, upper, stateful(seed), 'randomContrast');
}

/**
 * tf.image.random_saturation(image, lower, upper, seed=None): {@link adjustSaturation} of RGB
 * images [..., 3] by a factor uniform in [lower, upper), a float32 tf.random.uniform draw from
 * gradtape's global generator (repeatable with a seed, not TensorFlow's numbers). Needs upper >
 * lower >= 0. Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const grey = tf.fill([1, 2, 3], 0.25); // no saturation to scale
 * console.log(tf.image.randomSaturation(grey, 0.5, 2, 1).arraySync()); // [ [ [ 0.25, 0.25, 0.25 ], [ 0.25, 0.25, 0.25 ] ] ]
 * ```
 */
export function randomSaturation(image: TensorLike, lower: number, upper: number, seed?: number): Tensor {
  return randomSaturationWith(image, lower, upper, stateful(seed), 'randomSaturation');
}

/**
 * tf.image.random_hue(image, max_delta, seed=None): {@link adjustHue} of RGB images [..., 3] by a
 * delta uniform in [−maxDelta, maxDelta), a float32 tf.random.uniform draw from gradtape's global
 * generator (repeatable with a seed, not TensorFlow's numbers). `maxDelta` must be in [0, 0.5].
 * Differentiable with respect to float images.
 *
 * @example
 * ```ts
 * const x = tf.constant([[[0.2, 0.6, 0.4]]]);
 * const y = tf.image.randomHue(x, 0.5, 2);
 * console.log(tf.reduceMax(y).arraySync().toFixed(4), tf.reduceMin(y).arraySync().toFixed(4)); // 0.6000 0.2000
 * ```
 */
export function randomHue(image: TensorLike, maxDelta: number, seed?: number): Tensor {
  return randomHueWith(image, maxDelta, stateful(seed), 'randomHue');
}

/**
 * tf.image.random_crop(value, size, seed=None): a `size` window of `value` (any rank; one size per
 * axis, each at most value's) at offsets r mod (shape − size + 1), r int32 tf.random.uniform
 * draws in [0, 2³¹ − 1) from gradtape's global generator (repeatable with a seed, not TensorFlow's
 * numbers; {@link statelessRandomCrop} gives TensorFlow's window). Differentiable with respect to
 * float values.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 48), [4, 4, 3]);
 * console.log(tf.image.randomCrop(image, [2, 2, 3], 9).shape); // [ 2, 2, 3 ]
 * ```
 */
export function randomCrop(value: TensorLike, size: readonly number[], seed?: number): Tensor {
  return randomCropWith(value, size, stateful(seed), 'randomCrop');
}

// ---- measures --------------------------------------------------------------------------------------

/**
 * tf.image.total_variation(images): Σ|x[i+1, j] − x[i, j]| + Σ|x[i, j+1] − x[i, j]| over the
 * height, width and channels: a scalar for one image [h, w, c], one value per image for [b, h,
 * w, c]. A smoothness penalty (denoising, style transfer).
 *
 * @example
 * ```ts
 * console.log(tf.image.totalVariation(tf.constant([[[0], [1]], [[3], [1]]])).arraySync()); // 6
 * ```
 */
export function totalVariation(images: TensorLike): Tensor {
  const op = 'totalVariation';
  const x = imageOperand(images, op);
  notBool(x, op);
  const [h, w] = hw(x);
  return composed(op, () => {
    const [rows, cols] = [spatialAxis(x, 0), spatialAxis(x, 1)];
    const shift = (axis: number, from: number, len: number) => {
      const begin = x.shape.map((_, d) => (d === axis ? from : 0));
      const end = x.shape.map((n, d) => (d === axis ? from + len : n));
      return rawSlice(x, begin, end, x.shape.map(() => 1), op);
    };
    const axes = x.rank === 4 ? [1, 2, 3] : undefined;
    const dy = gen.abs(gen.sub(shift(rows, 1, Math.max(h - 1, 0)), shift(rows, 0, Math.max(h - 1, 0))));
    const dx = gen.abs(gen.sub(shift(cols, 1, Math.max(w - 1, 0)), shift(cols, 0, Math.max(w - 1, 0))));
    return gen.add(gen.reduceSum(dy, axes), gen.reduceSum(dx, axes));
  });
}

/**
 * tf.image.image_gradients(image): [dy, dx] for images [batch, height, width, channels]: the
 * forward differences x[i+1, j] − x[i, j] and x[i, j+1] − x[i, j] placed at (i, j), with zeros in
 * the last row (dy) and the last column (dx), both of the images' shape.
 *
 * @example
 * ```ts
 * const [dy, dx] = tf.image.imageGradients(tf.reshape(tf.constant([0, 1, 3, 6]), [1, 2, 2, 1]));
 * console.log(dy.reshape([2, 2]).arraySync(), dx.reshape([2, 2]).arraySync()); // [ [ 3, 5 ], [ 0, 0 ] ] [ [ 1, 0 ], [ 3, 0 ] ]
 * ```
 */
export function imageGradients(image: TensorLike): [Tensor, Tensor] {
  const op = 'imageGradients';
  const x = toTensor(image, undefined, op);
  if (x.rank !== 4) throw new Error(`${op}: image must be 4-D [batch, height, width, channels], got shape ${shapeText(x.shape)}.`);
  notBool(x, op, 'image');
  const [h, w] = hw(x);
  const diff = (axis: 1 | 2, n: number) =>
    composed(op, () => {
      const part = (from: number) => {
        const begin = [0, 0, 0, 0], end = x.shape.slice();
        begin[axis] = from;
        end[axis] = from + n - 1;
        return rawSlice(x, begin, end, [1, 1, 1, 1], op);
      };
      const pads = [[0, 0], [0, 0], [0, 0], [0, 0]];
      pads[axis] = [0, 1];
      return n < 1 ? x : pad(gen.sub(part(1), part(0)), pads);
    });
  return [diff(1, h), diff(2, w)];
}

/**
 * tf.image.sobel_edges(image): the Sobel responses of images [batch, height, width, channels]
 * (padded by reflection): [batch, height, width, channels, 2], the vertical derivative (kernel
 * [[−1, −2, −1], [0, 0, 0], [1, 2, 1]]) then the horizontal one (its transpose).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.constant([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]), [1, 3, 4, 1]);
 * console.log(tf.image.sobelEdges(image).reshape([3, 4, 2]).arraySync()[1]); // [ [ 0, 0 ], [ 0, 4 ], [ 0, 4 ], [ 0, 0 ] ]
 * ```
 */
export function sobelEdges(image: TensorLike): Tensor {
  const op = 'sobelEdges';
  const x = toTensor(image, undefined, op);
  if (x.rank !== 4) throw new Error(`${op}: image must be 4-D [batch, height, width, channels], got shape ${shapeText(x.shape)}.`);
  if (!isFloat(x.dtype)) throw new Error(`${op}: image must be float32 or float64, got ${x.dtype}; cast it first, e.g. tf.cast(image, 'float32').`);
  const [h, w] = hw(x);
  if (h < 2 || w < 2) throw new Error(`${op}: REFLECT padding needs a height and width of at least 2, got shape ${shapeText(x.shape)}.`);
  const ky = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];
  return composed(op, () => {
    const p = pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], 'REFLECT');
    const tap = (i: number, j: number) => rawSlice(p, [0, i, j, 0], [x.shape[0]!, i + h, j + w, x.shape[3]!], [1, 1, 1, 1], op);
    // A correlation (TensorFlow's depthwise_conv2d) with each kernel: Σ k[i][j]·x[r+i−1, c+j−1].
    const respond = (k: (i: number, j: number) => number) => {
      const terms: Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (k(i, j) !== 0) terms.push(gen.mul(tap(i, j), k(i, j)));
      return addN(terms);
    };
    const dy = respond((i, j) => ky[i]![j]!), dx = respond((i, j) => ky[j]![i]!);
    return concat([reshape(dy, [...dy.shape, 1]), reshape(dx, [...dx.shape, 1])], 4);
  });
}

/** TensorFlow's check of two batches of images: rank 3 or more, the same last three dims (the
 * leading dims broadcast). */
function sameImageShape(x: Tensor, y: Tensor, op: string, a: string, b: string): void {
  if (x.rank < 3 || y.rank < 3 || !x.shape.slice(-3).every((n, i) => n === y.shape.slice(-3)[i])) {
    throw new Error(`${op}: ${a} and ${b} must be images [..., height, width, channels] with the same last three dims, got shapes ${shapeText(x.shape)} and ${shapeText(y.shape)}.`);
  }
}

/**
 * tf.image.psnr(a, b, max_val): the peak signal-to-noise ratio of two batches of images, in
 * dB: 20·log10(maxVal) − 10·log10(MSE), the mean squared error over each image's last three
 * dims; one value per image. int32 images are converted to float32 in [0, 1] (and `maxVal`,
 * truncated to an integer, with them), as convertImageDtype does; float images keep their dtype
 * (TensorFlow computes in float32).
 *
 * @example
 * ```ts
 * const a = tf.constant([[[0.5], [0.5]]], 'float64'), b = tf.constant([[[0.6], [0.4]]], 'float64');
 * console.log(tf.image.psnr(a, b, 1).arraySync().toFixed(6)); // 20.000000
 * ```
 */
export function psnr(a: TensorLike, b: TensorLike, maxVal: number): Tensor {
  const op = 'psnr';
  const x = toTensor(a, undefined, op), y = toTensor(b, undefined, op);
  notBool(x, op, 'a');
  if (x.dtype !== y.dtype) throw new Error(`${op}: a and b must have the same dtype, got ${x.dtype} and ${y.dtype}.`);
  sameImageShape(x, y, op, 'a', 'b');
  if (typeof maxVal !== 'number' || !(maxVal > 0)) throw new Error(`${op}: maxVal must be a positive number, got ${describe(maxVal)}.`);
  return composed(op, () => {
    const fa = asFloatImage(x), fb = asFloatImage(y);
    const max = x.dtype === 'int32' ? Math.trunc(maxVal) / INT32_MAX : maxVal; // cast to int32, then converted
    const mse = reduceMean(gen.squaredDifference(fa, fb), [-3, -2, -1]);
    return gen.sub(20 * Math.log10(max), gen.mul(gen.log(mse), 10 / Math.LN10));
  });
}

/** Σ_k w[k]·x[..., i + k, ...] along `axis` for i in [0, n − K]: a 'VALID' 1-D correlation. */
function correlateValid(x: Tensor, axis: number, w: readonly number[], op: string): Tensor {
  const out = x.shape[axis]! - w.length + 1;
  const terms = w.map((wk, k) => {
    const begin = x.shape.map((_, d) => (d === axis ? k : 0));
    const end = x.shape.map((n, d) => (d === axis ? k + out : n));
    return gen.mul(rawSlice(x, begin, end, x.shape.map(() => 1), op), wk);
  });
  return addN(terms);
}

/**
 * tf.image.ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
 * return_index_map=False): the structural similarity of two batches of images [..., height,
 * width, channels] (the last three dims equal, the leading ones broadcast), one value per image:
 * the mean over the channels of the mean SSIM map (with `returnIndexMap`, the map itself,
 * [..., height − filterSize + 1, width − filterSize + 1], averaged over the channels). At each
 * 'VALID' position of a `filterSize` Gaussian window (σ = `filterSigma`, normalised as MATLAB's
 * fspecial), (2μxμy + C1)/(μx² + μy² + C1) · (2σxy + C2)/(σx² + σy² + C2), C1 = (k1·maxVal)²,
 * C2 = (k2·maxVal)². The height and width must be at least `filterSize`. int32 images are
 * converted to float32 in [0, 1] (and `maxVal`, truncated to an integer, with them); float64
 * images are compared in float64 (TensorFlow rounds them through float32). Differentiable.
 *
 * @example
 * ```ts
 * const a = tf.reshape(tf.range(0, 16, 1, 'float64'), [4, 4, 1]);
 * console.log(tf.image.ssim(a, a, 15, 3).arraySync()); // 1
 * ```
 */
export function ssim(img1: TensorLike, img2: TensorLike, maxVal: number, filterSize = 11, filterSigma = 1.5, k1 = 0.01, k2 = 0.03, returnIndexMap = false): Tensor {
  const op = 'ssim';
  const a = ssimArguments(op, img1, img2, maxVal, filterSize, filterSigma, k1, k2);
  if (typeof returnIndexMap !== 'boolean') throw new Error(`${op}: returnIndexMap must be a boolean, got ${describe(returnIndexMap)}.`);
  return composed(op, () => {
    const { map } = ssimMaps(asFloatImage(a.x), asFloatImage(a.y), a, op);
    return reduceMean(returnIndexMap ? map : reduceMean(map, [-3, -2]), [-1]);
  });
}

interface SsimArguments {
  x: Tensor;
  y: Tensor;
  /** maxVal in the images' float range. */
  max: number;
  size: number;
  /** The normalised 1-D Gaussian window. */
  weights: number[];
  k1: number;
  k2: number;
}

/** The checks ssim and ssimMultiscale share, and the Gaussian window. */
function ssimArguments(op: string, img1: TensorLike, img2: TensorLike, maxVal: number, filterSize: number, filterSigma: number, k1: number, k2: number): SsimArguments {
  const x = toTensor(img1, undefined, op), y = toTensor(img2, undefined, op);
  notBool(x, op, 'img1');
  if (x.dtype !== y.dtype) throw new Error(`${op}: img1 and img2 must have the same dtype, got ${x.dtype} and ${y.dtype}.`);
  sameImageShape(x, y, op, 'img1', 'img2');
  if (typeof maxVal !== 'number' || !(maxVal > 0)) throw new Error(`${op}: maxVal must be a positive number, got ${describe(maxVal)}.`);
  const size = checkInt(filterSize, op, 'filterSize', 1);
  if (typeof filterSigma !== 'number' || !(filterSigma > 0)) throw new Error(`${op}: filterSigma must be a positive number, got ${describe(filterSigma)}.`);
  if (typeof k1 !== 'number' || typeof k2 !== 'number') throw new Error(`${op}: k1 and k2 must be numbers, got ${describe(k1)} and ${describe(k2)}.`);
  // Checked before the window (`size` entries) is built.
  const [h, w] = x.shape.slice(-3, -1) as [number, number];
  if (h < size || w < size) throw new Error(`${op}: the height and width (${h}, ${w}) must be at least filterSize (${size}); pass a smaller filterSize.`);
  // fspecial's Gaussian, softmax(−(i² + j²)/(2σ²)) over the window, is the outer product of
  // the normalised 1-D one, so the window average is a correlation along each axis in turn.
  const g = Array.from({ length: size }, (_, i) => Math.exp((-0.5 * (i - (size - 1) / 2) ** 2) / filterSigma ** 2));
  const total = g.reduce((s, v) => s + v, 0);
  // int32 images: maxVal cast to int32, then converted as the images are.
  const max = x.dtype === 'int32' ? Math.trunc(maxVal) / INT32_MAX : maxVal;
  return { x, y, max, size, weights: g.map((v) => v / total), k1, k2 };
}

/** The SSIM map and the contrast-structure map [..., h − size + 1, w − size + 1, channels] of
 * float images (TensorFlow's _ssim_helper with its biased covariances). */
function ssimMaps(fx: Tensor, fy: Tensor, a: SsimArguments, op: string): { map: Tensor; cs: Tensor } {
  const [c1, c2] = [(a.k1 * a.max) ** 2, (a.k2 * a.max) ** 2];
  const mean = (t: Tensor) => {
    const r = reshape(t, [-1, ...t.shape.slice(-3)]);
    const m = correlateValid(correlateValid(r, 1, a.weights, op), 2, a.weights, op);
    return reshape(m, [...t.shape.slice(0, -3), ...m.shape.slice(1)]);
  };
  const [mx, my] = [mean(fx), mean(fy)];
  const num0 = gen.mul(gen.mul(mx, my), 2);
  const den0 = gen.add(gen.square(mx), gen.square(my));
  const luminance = gen.div(gen.add(num0, c1), gen.add(den0, c1));
  const num1 = gen.mul(mean(gen.mul(fx, fy)), 2);
  const den1 = mean(gen.add(gen.square(fx), gen.square(fy)));
  const cs = gen.div(gen.add(gen.sub(num1, num0), c2), gen.add(gen.sub(den1, den0), c2));
  return { map: gen.mul(luminance, cs), cs };
}

/** The weights of the five scales of MS-SSIM (Wang, Simoncelli and Bovik, 2003), TensorFlow's default. */
const MSSSIM_WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

/**
 * tf.image.ssim_multiscale(img1, img2, max_val, power_factors=(0.0448, 0.2856, 0.3001, 0.2363,
 * 0.1333), filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03): multi-scale SSIM, one value per
 * image: the images are halved `powerFactors.length − 1` times (2 × 2 average pooling, an odd
 * height or width first padded by repeating its last row or column); the mean contrast-structure
 * term of every scale but the last and the mean SSIM of the last, each clamped at 0 and raised to
 * its power factor, are multiplied, and the product averaged over the channels. The smallest
 * scale must still be at least `filterSize` high and wide (161 pixels for the defaults).
 * Arguments and dtypes as {@link ssim}.
 *
 * @example
 * ```ts
 * const a = tf.reshape(tf.range(0, 144, 1, 'float64'), [12, 12, 1]);
 * console.log(tf.image.ssimMultiscale(a, a, 143, [0.5, 0.5], 5).arraySync()); // 1
 * ```
 */
export function ssimMultiscale(img1: TensorLike, img2: TensorLike, maxVal: number, powerFactors: readonly number[] = MSSSIM_WEIGHTS, filterSize = 11, filterSigma = 1.5, k1 = 0.01, k2 = 0.03): Tensor {
  const op = 'ssimMultiscale';
  const a = ssimArguments(op, img1, img2, maxVal, filterSize, filterSigma, k1, k2);
  if (!Array.isArray(powerFactors) || powerFactors.length === 0 || powerFactors.some((p) => typeof p !== 'number')) {
    throw new Error(`${op}: powerFactors must be a non-empty list of numbers, got ${describe(powerFactors)}.`);
  }
  let [h, w] = a.x.shape.slice(-3, -1) as [number, number];
  for (let k = 1; k < powerFactors.length; k++) [h, w] = [Math.ceil(h / 2), Math.ceil(w / 2)];
  if (h < a.size || w < a.size) {
    throw new Error(`${op}: at the smallest of ${powerFactors.length} scales the images are ${h} × ${w}, smaller than filterSize (${a.size}); use larger images, fewer powerFactors or a smaller filterSize.`);
  }
  return composed(op, () => {
    let imgs = [asFloatImage(a.x), asFloatImage(a.y)];
    const terms: Tensor[] = [];
    powerFactors.forEach((power, k) => {
      if (k > 0) {
        imgs = imgs.map((t) => {
          const [th, tw, c] = t.shape.slice(-3) as [number, number, number];
          let flat = reshape(t, [-1, th, tw, c]);
          if (th % 2 !== 0 || tw % 2 !== 0) flat = pad(flat, [[0, 0], [0, th % 2], [0, tw % 2], [0, 0]], 'SYMMETRIC');
          const pooled = avgPool(flat, 2, 2, 'VALID');
          return reshape(pooled, [...t.shape.slice(0, -3), ...pooled.shape.slice(1)]);
        });
      }
      const { map, cs } = ssimMaps(imgs[0]!, imgs[1]!, a, op);
      const last = k === powerFactors.length - 1;
      terms.push(gen.pow(gen.relu(reduceMean(last ? map : cs, [-3, -2])), power));
    });
    return reduceMean(terms.reduce((p, t) => gen.mul(p, t)), [-1]);
  });
}

// ---- crop and resize ------------------------------------------------------------------------------

/**
 * tf.image.crop_and_resize(image, boxes, box_indices, crop_size, method='bilinear',
 * extrapolation_value=0): for each box n, the region [y1, x1, y2, x2] (normalised coordinates:
 * 0 and 1 are the first and last pixel centres; y1 > y2 flips the crop) of image
 * `boxIndices[n]` of `image` [batch, height, width, depth], sampled on a `cropSize` [cropHeight,
 * cropWidth] grid: row i at y1·(height − 1) + i·(y2 − y1)·(height − 1)/(cropHeight − 1) (the
 * box's centre for a crop of one row), the same for columns. 'bilinear' interpolates the four
 * neighbours, 'nearest' takes the closest pixel; samples outside the image are
 * `extrapolationValue`. Returns float32 [numBoxes, cropHeight, cropWidth, depth]; differentiable
 * with respect to the image and the boxes (as TensorFlow's CropAndResize gradients).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 9, 1, 'float32'), [1, 3, 3, 1]);
 * console.log(tf.image.cropAndResize(image, [[0, 0, 0.5, 0.5]], [0], [2, 2]).reshape([2, 2]).arraySync()); // [ [ 0, 1 ], [ 3, 4 ] ]
 * ```
 */
export function cropAndResize(image: TensorLike, boxes: TensorLike, boxIndices: TensorLike, cropSize: readonly number[], method: 'bilinear' | 'nearest' = 'bilinear', extrapolationValue = 0): Tensor {
  const op = 'cropAndResize';
  const x = toTensor(image, undefined, op);
  if (x.rank !== 4) throw new Error(`${op}: image must be 4-D [batch, height, width, depth], got shape ${shapeText(x.shape)}.`);
  notBool(x, op, 'image');
  const b = toTensor(boxes, 'float32', op);
  if (b.rank !== 2 || b.shape[1] !== 4) throw new Error(`${op}: boxes must be 2-D [numBoxes, 4], got shape ${shapeText(b.shape)}.`);
  if (!isFloat(b.dtype)) throw new Error(`${op}: boxes must be float32 or float64, got ${b.dtype}.`);
  const ind = toTensor(boxIndices, 'int32', op);
  if (ind.dtype !== 'int32' || ind.rank !== 1 || ind.shape[0] !== b.shape[0]) {
    throw new Error(`${op}: boxIndices must be an int32 vector with one entry per box (${b.shape[0]}), got a ${ind.dtype} tensor of shape ${shapeText(ind.shape)}.`);
  }
  if (!Array.isArray(cropSize) || cropSize.length !== 2 || cropSize.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)) {
    const got = Array.isArray(cropSize) ? `[${cropSize.map((v) => describe(v)).join(', ')}]` : describe(cropSize);
    throw new Error(`${op}: cropSize must be [cropHeight, cropWidth], two positive integers, got ${got}.`);
  }
  if (method !== 'bilinear' && method !== 'nearest') throw new Error(`${op}: method must be 'bilinear' or 'nearest', got ${describe(method)}.`);
  if (typeof extrapolationValue !== 'number') throw new Error(`${op}: extrapolationValue must be a number, got ${describe(extrapolationValue)}.`);
  const [n, h, w] = [b.shape[0]!, x.shape[1]!, x.shape[2]!];
  const [ch, cw] = cropSize as [number, number];
  if (h === 0 || w === 0) throw new Error(`${op}: image must have a non-zero height and width, got shape ${shapeText(x.shape)}.`);
  // Refused before the sampling grid and its gather indices (3 int32 per sample) are built.
  if (Math.max(n, 1) * ch * cw * Math.max(x.shape[3]!, 3) * 4 > 2147483647) {
    throw new Error(`${op}: a result of shape ${shapeText([n, ch, cw, x.shape[3]!])} (or its gather indices) would need 2 GiB or more, and one tensor can have at most 2147483647 bytes; use a smaller cropSize.`);
  }
  return composed(op, () => {
    const img = x.dtype === 'float32' ? x : cast(x, 'float32');
    const bx = b.dtype === 'float32' ? b : cast(b, 'float32');
    const corner = (k: number) => rawSlice(bx, [0, k], [n, k + 1], [1, 1], op); // [n, 1]
    // The sampling positions [n, crop] along one axis, in float32 as TensorFlow's kernel computes them.
    const positions = (lo: Tensor, hi: Tensor, size: number, crop: number) => {
      if (crop === 1) return gen.mul(gen.mul(gen.add(lo, hi), 0.5), size - 1);
      const scale = gen.div(gen.mul(gen.sub(hi, lo), size - 1), crop - 1);
      const steps = fromHost(Float32Array.from({ length: crop }, (_, i) => i), [1, crop], 'float32');
      return gen.add(gen.mul(lo, size - 1), gen.mul(steps, scale));
    };
    const py = positions(corner(0), corner(2), h, ch), px = positions(corner(1), corner(3), w, cw);
    const inside = (p: Tensor, size: number) => gen.logicalAnd(gen.greaterEqual(p, 0), gen.lessEqual(p, size - 1));
    const index = (t: Tensor, size: number) => cast(clipByValue(t, 0, size - 1), 'int32');
    // image[boxIndices[n], rows[n, i], cols[n, j]] for all i, j: [n, ch, cw, depth].
    const boxRows = broadcastTo(reshape(ind, [n, 1, 1, 1]), [n, ch, cw, 1]);
    const at = (rows: Tensor, cols: Tensor) =>
      gatherNd(img, concat([boxRows, broadcastTo(reshape(rows, [n, ch, 1, 1]), [n, ch, cw, 1]), broadcastTo(reshape(cols, [n, 1, cw, 1]), [n, ch, cw, 1])], 3));
    let value: Tensor;
    if (method === 'nearest') {
      // roundf of a non-negative position: halves up.
      value = at(index(gen.floor(gen.add(py, 0.5)), h), index(gen.floor(gen.add(px, 0.5)), w));
    } else {
      const [fy, fx] = [gen.floor(py), gen.floor(px)];
      const [top, bottom] = [index(fy, h), index(gen.ceil(py), h)];
      const [left, right] = [index(fx, w), index(gen.ceil(px), w)];
      const yl = reshape(gen.sub(py, fy), [n, ch, 1, 1]), xl = reshape(gen.sub(px, fx), [n, 1, cw, 1]);
      const lerp = (a: Tensor, z: Tensor, t: Tensor) => gen.add(a, gen.mul(gen.sub(z, a), t));
      value = lerp(lerp(at(top, left), at(top, right), xl), lerp(at(bottom, left), at(bottom, right), xl), yl);
    }
    const valid = gen.logicalAnd(reshape(inside(py, h), [n, ch, 1, 1]), reshape(inside(px, w), [n, 1, cw, 1]));
    return where(valid, value, extrapolationValue);
  });
}
