// keras.ops.image's ops that move pixels without interpolating, and its Gaussian blur:
// pad_images and crop_images (Keras' argument rules: two of before, after and target size per
// axis), extract_patches (2-D and 3-D: each output position's window, flattened window-major then
// channel, as Keras' convolution with an identity kernel orders it; here one gather, so the values
// are copied exactly), and gaussian_blur (Keras' JAX backend: a depthwise 'same' convolution with
// the outer product of two normalised Gaussians).

import { composed } from './composite';
import { constant } from './creation';
import { describe } from './describe';
import { depthwiseConv2d } from './convolution';
import * as gen from './generated/ops';
import { reshape, transpose } from './ops';
import { gather, pad, range, sliceAxis, tile } from './shape';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { asTensor } from './keras-ops-numpy';
import { asBatchChannelsLast, dataFormatOf, type DataFormat, imagesOf, intOrNull, intsPerAxis, optionsOf, pyShape, pyValue } from './keras-ops-image-args';

// ---- pad_images and crop_images -------------------------------------------------------------

/** keras.ops.image.pad_images' options: two of topPadding, bottomPadding and targetHeight, and two
 * of leftPadding, rightPadding and targetWidth. */
export interface KerasPadImagesOptions {
  /** Rows of zeros above. */
  topPadding?: number | null;
  /** Columns of zeros on the left. */
  leftPadding?: number | null;
  /** Rows of zeros below. */
  bottomPadding?: number | null;
  /** Columns of zeros on the right. */
  rightPadding?: number | null;
  /** The height of the result. */
  targetHeight?: number | null;
  /** The width of the result. */
  targetWidth?: number | null;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** keras.ops.image.crop_images' options: two of topCropping, bottomCropping and targetHeight, and
 * two of leftCropping, rightCropping and targetWidth. */
export interface KerasCropImagesOptions {
  /** Rows removed at the top. */
  topCropping?: number | null;
  /** Columns removed on the left. */
  leftCropping?: number | null;
  /** Rows removed at the bottom. */
  bottomCropping?: number | null;
  /** Columns removed on the right. */
  rightCropping?: number | null;
  /** The height of the result. */
  targetHeight?: number | null;
  /** The width of the result. */
  targetWidth?: number | null;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

const py = (v: number | null) => (v === null ? 'None' : String(v));

/** Keras' _validate_*_args: exactly two of each triple given, none negative. */
function validateTriples(op: string, values: Record<string, number | null>, [before, after, targetH, left, right, targetW]: string[]): void {
  for (const [a, b, t] of [[before!, after!, targetH!], [left!, right!, targetW!]]) {
    if ([values[a], values[b], values[t]].filter((v) => v === null).length !== 1) {
      throw new Error(`${op}: Must specify exactly two of ${a}, ${b}, ${t}. Received: ${a}=${py(values[a] ?? null)}, ${b}=${py(values[b] ?? null)}, ${t}=${py(values[t] ?? null)}`);
    }
  }
  for (const name of [before!, after!, targetH!, left!, right!, targetW!]) nonNegative(op, name, values[name] ?? null);
}

function nonNegative(op: string, name: string, value: number | null): void {
  if (value !== null && value < 0) throw new Error(`${op}: ${name} must be >= 0. Received: ${name}=${value}`);
}

/** The height and width axes of rank-3 or rank-4 images. */
const hwAxes = (x: Tensor, format: DataFormat): [number, number] => (format === 'channels_last' ? [x.rank - 3, x.rank - 2] : [x.rank - 2, x.rank - 1]);

/** padImages' and cropImages' arguments: the images, the six amounts (`top${kind}`, ...,
 * `targetHeight`, ..., each an integer or null, two of each axis's three given), and the height
 * and width axes with their sizes. */
function windowArguments(images: TensorLike, options: object | undefined, op: string, kind: 'Padding' | 'Cropping', example: string) {
  const names = [`top${kind}`, `bottom${kind}`, 'targetHeight', `left${kind}`, `right${kind}`, 'targetWidth'];
  const o = optionsOf(options, op, [...names, 'dataFormat'], example);
  const format = dataFormatOf(o.dataFormat, op);
  const x = imagesOf(images, op, 'Received: ');
  const v = Object.fromEntries(names.map((n) => [n, intOrNull(o[n], op, n)])) as Record<string, number | null>;
  validateTriples(op, v, names);
  const [hAxis, wAxis] = hwAxes(x, format);
  return { x, v, hAxis, wAxis, h: x.shape[hAxis]!, w: x.shape[wAxis]! };
}

/**
 * keras.ops.image.pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
 * right_padding=None, target_height=None, target_width=None, data_format=None): zeros around the
 * images, the missing amount of each axis inferred from the other two.
 */
export function padImages(images: TensorLike, options?: KerasPadImagesOptions): Tensor {
  const op = 'padImages';
  const { x, v, hAxis, wAxis, h, w } = windowArguments(images, options, op, 'Padding', '{topPadding: 1, leftPadding: 2, targetHeight: 8, targetWidth: 9}');
  const top = v.topPadding ?? v.targetHeight! - v.bottomPadding! - h;
  const bottom = v.bottomPadding ?? v.targetHeight! - top - h;
  const left = v.leftPadding ?? v.targetWidth! - v.rightPadding! - w;
  const right = v.rightPadding ?? v.targetWidth! - left - w;
  nonNegative(op, 'topPadding', top);
  nonNegative(op, 'leftPadding', left);
  nonNegative(op, 'rightPadding', right);
  nonNegative(op, 'bottomPadding', bottom);
  const paddings = x.shape.map((_, d) => (d === hAxis ? [top, bottom] : d === wAxis ? [left, right] : [0, 0]));
  return composed(op, () => pad(x, paddings));
}

/**
 * keras.ops.image.crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
 * right_cropping=None, target_height=None, target_width=None, data_format=None): a window of the
 * images, the missing amount of each axis inferred from the other two. A window reaching past the
 * images is an error (Keras' JAX backend moves it back inside).
 */
export function cropImages(images: TensorLike, options?: KerasCropImagesOptions): Tensor {
  const op = 'cropImages';
  const { x, v, hAxis, wAxis, h, w } = windowArguments(images, options, op, 'Cropping', '{topCropping: 1, leftCropping: 2, targetHeight: 3, targetWidth: 3}');
  const top = v.topCropping ?? h - v.targetHeight! - v.bottomCropping!;
  const height = v.targetHeight ?? h - v.bottomCropping! - top;
  const left = v.leftCropping ?? w - v.targetWidth! - v.rightCropping!;
  const width = v.targetWidth ?? w - v.rightCropping! - left;
  nonNegative(op, 'topCropping', top);
  nonNegative(op, 'targetHeight', height);
  nonNegative(op, 'leftCropping', left);
  nonNegative(op, 'targetWidth', width);
  if (top + height > h || left + width > w) {
    throw new Error(`${op}: the window (top ${top}, left ${left}, height ${height}, width ${width}) reaches past the images of height ${h} and width ${w} (shape ${pyShape(x.shape)}).`);
  }
  return composed(op, () => sliceAxis(sliceAxis(x, hAxis, top, height, op), wAxis, left, width, op));
}

// ---- extract_patches ------------------------------------------------------------------------

/** keras.ops.image.extract_patches' options. */
export interface KerasExtractPatchesOptions {
  /** The step between patches: one integer or one per spatial axis; default the patch size (patches side by side). */
  strides?: number | readonly number[] | null;
  /** The step between the pixels of a patch: one integer or one per spatial axis; default 1. */
  dilationRate?: number | readonly number[];
  /** `'valid'` (default: whole patches only) or `'same'` (zeros around, ⌈size/stride⌉ patches per axis). */
  padding?: 'valid' | 'same';
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** The patches of `x` ([batch, ...spatial, channels]) of window `size`: [batch, ...out, window·channels]. */
function patches(x: Tensor, size: number[], strides: number[], dilations: number[], same: boolean): Tensor {
  const d = size.length;
  const spatial = x.shape.slice(1, 1 + d);
  const channels = x.shape[d + 1]!;
  const reach = size.map((k, i) => (k - 1) * dilations[i]! + 1);
  // Output sizes and 'same' padding as XLA's convolution computes them (the odd pixel after).
  const out = spatial.map((n, i) => (same ? Math.ceil(n / strides[i]!) : Math.max(0, Math.floor((n - reach[i]!) / strides[i]!) + 1)));
  const before = spatial.map((n, i) => (same ? Math.floor(Math.max((out[i]! - 1) * strides[i]! + reach[i]! - n, 0) / 2) : 0));
  const padded = spatial.map((n, i) => (same ? Math.max(n, (out[i]! - 1) * strides[i]! + reach[i]!) : n));
  const source = same ? pad(x, [[0, 0], ...spatial.map((n, i) => [before[i]!, padded[i]! - n - before[i]!]), [0, 0]]) : x;
  // For each output position (row-major) and each window offset (row-major), the flat input index.
  const positions = out.reduce((a, b) => a * b, 1);
  const window = size.reduce((a, b) => a * b, 1);
  const index = new Int32Array(positions * window);
  const at = new Array<number>(d).fill(0);
  const offset = new Array<number>(d).fill(0);
  for (let p = 0; p < positions; p++) {
    for (let i = d - 1, r = p; i >= 0; i--) [at[i], r] = [r % out[i]!, Math.floor(r / out[i]!)];
    for (let k = 0; k < window; k++) {
      for (let i = d - 1, r = k; i >= 0; i--) [offset[i], r] = [r % size[i]!, Math.floor(r / size[i]!)];
      let flat = 0;
      for (let i = 0; i < d; i++) flat = flat * padded[i]! + at[i]! * strides[i]! + offset[i]! * dilations[i]!;
      index[p * window + k] = flat;
    }
  }
  const rows = reshape(source, [x.shape[0]!, padded.reduce((a, b) => a * b, 1), channels]);
  const picked = gather(rows, fromHost(index, [positions * window], 'int32'), 1);
  return reshape(picked, [x.shape[0]!, ...out, window * channels]);
}

/** Extracts patches of `size` ([h, w] or [d, h, w]) as Keras does, from images or volumes of that
 * many spatial dims, batched or not. */
function extract(op: string, images: TensorLike, size: number[], options: unknown, stridesDefault: number[]): Tensor {
  const o = optionsOf(options, op, ['strides', 'dilationRate', 'padding', 'dataFormat'], '{strides: 1, padding: \'same\'}');
  const d = size.length;
  const x = asTensor(images, op);
  const format = dataFormatOf(o.dataFormat, op);
  if (x.rank !== d + 1 && x.rank !== d + 2) {
    const what = d === 2 ? '[height, width, channels] or [batch, height, width, channels]' : '[depth, height, width, channels] or [batch, depth, height, width, channels]';
    throw new Error(`${op}: ${d}-D patches need ${d + 1}-D or ${d + 2}-D inputs (${what} in channels_last), got shape ${pyShape(x.shape)}.`);
  }
  const strides = o.strides === undefined || o.strides === null || o.strides === 0 ? stridesDefault : intsPerAxis(o.strides, d, op, 'strides');
  const dilations = intsPerAxis(o.dilationRate ?? 1, d, op, 'dilationRate');
  const paddingName = typeof o.padding === 'string' ? o.padding.toLowerCase() : o.padding === undefined ? 'valid' : null;
  if (paddingName !== 'valid' && paddingName !== 'same') throw new Error(`${op}: padding must be 'valid' or 'same', got ${describe(o.padding)}.`);
  if (x.dtype === 'bool') throw new Error(`${op}: images must be float32, float64 or int32, got bool; cast them first.`);
  return composed(op, () => {
    const batched = x.rank === d + 2 ? x : reshape(x, [1, ...x.shape]);
    // channels_first as channels_last: the channel axis moved last, and the patches' axis back first.
    const last = format === 'channels_first' ? transpose(batched, [0, ...range1(d).map((i) => i + 2), 1]) : batched;
    let y = patches(last, size, strides, dilations, paddingName === 'same');
    if (format === 'channels_first') y = transpose(y, [0, d + 1, ...range1(d).map((i) => i + 1)]);
    return x.rank === d + 2 ? y : reshape(y, y.shape.slice(1));
  });
}

/** [0, 1, ..., n − 1]. */
const range1 = (n: number): number[] => [...Array(n).keys()];

/** `size` of extract_patches: an integer (2-D), or a list of 2 or 3, with Keras' messages. */
function patchSize(size: unknown, op: string): number[] {
  if (typeof size !== 'number' && !Array.isArray(size)) {
    throw new Error(`${op}: Invalid \`size\` argument. Expected an int or a tuple. Received: size=${pyValue(size)} of type ${typeof size}`);
  }
  const list = typeof size === 'number' ? [size, size] : (size as unknown[]);
  if (list.length !== 2 && list.length !== 3) {
    throw new Error(`${op}: Invalid \`size\` argument. Expected a tuple of length 2 or 3. Received: size=${pyValue(size)} with length ${list.length}`);
  }
  return intsPerAxis(list, list.length, op, 'size');
}

/**
 * keras.ops.image.extract_patches(images, size, strides=None, dilation_rate=1, padding='valid',
 * data_format=None): the windows of `size` ([h, w], or one integer, for images; [d, h, w] for
 * volumes) at each output position, flattened into the channel axis (window position major,
 * channel minor).
 */
export function extractPatches(images: TensorLike, size: number | readonly number[], options?: KerasExtractPatchesOptions): Tensor {
  const op = 'extractPatches';
  const s = patchSize(size, op);
  return extract(op, images, s, options, s);
}

/**
 * keras.ops.image.extract_patches_3d(volumes, size, strides=None, dilation_rate=1,
 * padding='valid', data_format=None): extractPatches of volumes [batch, depth, height, width,
 * channels] (or one volume), `size` one integer or [d, h, w].
 */
export function extractPatches3d(volumes: TensorLike, size: number | readonly number[], options?: KerasExtractPatchesOptions): Tensor {
  const op = 'extractPatches3d';
  const list = typeof size === 'number' ? [size, size, size] : size;
  if (!Array.isArray(list) || list.length !== 3) {
    throw new Error(`${op}: Invalid \`size\` argument. Expected an int or a tuple of length 3. Received: size=${pyValue(size)}`);
  }
  const s = intsPerAxis(list, 3, op, 'size');
  const o = (options ?? {}) as KerasExtractPatchesOptions;
  if (typeof o === 'object' && o !== null && Array.isArray(o.strides) && o.strides.length !== 3) {
    throw new Error(`${op}: Invalid \`strides\` argument. Got: ${pyValue(o.strides)}`);
  }
  return extract(op, volumes, s, options, s);
}

// ---- gaussian_blur ----------------------------------------------------------------------------

/** keras.ops.image.gaussian_blur's options. */
export interface KerasGaussianBlurOptions {
  /** The kernel's extent [along the width, along the height] (Keras' JAX backend reads kernel_size[0] and sigma[0] along the width), or one integer for both; default [3, 3]. */
  kernelSize?: number | readonly [number, number];
  /** The standard deviations [along the width, along the height], or one number for both; default [1, 1]. */
  sigma?: number | readonly [number, number];
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** A pair from one value or a list of two. */
function pairOf(value: unknown, fallback: [number, number], op: string, name: string, integer: boolean): [number, number] {
  if (value === undefined) return fallback;
  const list = typeof value === 'number' ? [value, value] : Array.isArray(value) ? (value as unknown[]) : null;
  const ok = (v: unknown) => typeof v === 'number' && (integer ? Number.isSafeInteger(v) && v >= 1 : Number.isFinite(v));
  if (list === null || list.length !== 2 || !list.every(ok)) {
    throw new Error(`${op}: ${name} must be ${integer ? 'a positive integer' : 'a number'} or a list of two, got ${describe(value)}.`);
  }
  return list as [number, number];
}

/** exp(−½·(x/σ)²) at x = i − (n − 1)/2 for i < n, normalised to sum to 1 (in `sigma`'s dtype). */
function gaussian1d(n: number, sigma: Tensor): Tensor {
  const x = gen.sub(range(0, n, 1, sigma.dtype), (n - 1) / 2);
  const scaled = gen.div(x, sigma);
  const k = gen.exp(gen.mul(gen.mul(scaled, scaled), -0.5));
  return gen.div(k, gen.reduceSum(k));
}

/**
 * The blur of [batch, height, width, channels] images by the Gaussian of extent [kw, kh] and
 * deviations [σw, σh] (numbers, or scalar tensors of the images' dtype): a depthwise 'same' convolution (zeros around) with
 * the outer product of the two normalised 1-D Gaussians.
 */
export function gaussianBlurBatch(x: Tensor, kernelSize: [number, number], sigma: [number | Tensor, number | Tensor]): Tensor {
  const deviation = (s: number | Tensor) => (typeof s === 'number' ? constant(s, x.dtype) : s);
  const across = gaussian1d(kernelSize[0], deviation(sigma[0]));
  const down = gaussian1d(kernelSize[1], deviation(sigma[1]));
  const channels = x.shape[3]!;
  // The kernel is an outer product and the padding zeros, so the 2-D convolution is a column pass
  // then a row pass: kh + kw products per pixel instead of kh·kw (the same sums, rounded apart).
  const filter = (k: Tensor, h: number, w: number) => tile(reshape(k, [h, w, 1, 1]), [1, 1, channels, 1]);
  const columns = depthwiseConv2d(x, filter(down, kernelSize[1], 1), 1, 'SAME', 'NHWC');
  return depthwiseConv2d(columns, filter(across, 1, kernelSize[0]), 1, 'SAME', 'NHWC');
}

/**
 * keras.ops.image.gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
 * each channel convolved ('same', zeros beyond the edges) with the outer product of two normalised
 * Gaussians, exp(−½·(x/σ)²) over x = i − (k − 1)/2. As Keras' JAX backend builds the kernel,
 * kernelSize[0] and sigma[0] act along the width and kernelSize[1] and sigma[1] along the height.
 * The default data format is 'channels_last', as documented (Keras' JAX backend reads a missing
 * data_format as channels_first). Float images only.
 */
export function gaussianBlur(images: TensorLike, options?: KerasGaussianBlurOptions): Tensor {
  const op = 'gaussianBlur';
  const o = optionsOf(options, op, ['kernelSize', 'sigma', 'dataFormat'], '{kernelSize: [5, 5], sigma: [2, 2]}');
  const format = dataFormatOf(o.dataFormat, op);
  const x = imagesOf(images, op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`${op}: images must be float32 or float64 (the kernel is a float tensor, which Keras' JAX backend cannot convolve with ${x.dtype} images), got ${x.dtype}; cast them first.`);
  }
  const kernelSize = pairOf(o.kernelSize, [3, 3], op, 'kernelSize', true);
  const sigma = pairOf(o.sigma, [1, 1], op, 'sigma', false);
  return composed(op, () => {
    const [batch, back] = asBatchChannelsLast(x, format);
    return back(gaussianBlurBatch(batch, kernelSize, sigma));
  });
}
