// keras.ops.image's measures: sobel_edges (Keras' JAX backend: the two 3×3 Sobel kernels as
// depthwise 'same' convolutions, zeros beyond the edges) and ssim (keras/src/ops/image.py's
// backend-agnostic _ssim: Gaussian-weighted local means, variances and covariance by 'valid'
// convolutions, each channel apart, averaged over the map and the channels).

import { composed } from './composite';
import { convolution, depthwiseConv2d } from './convolution';
import { constant } from './creation';
import * as gen from './generated/ops';
import { cast, reduceMean, reshape, transpose } from './ops';
import { range, stack, tile } from './shape';
import type { Tensor, TensorLike } from './tensor';
import { asTensor } from './keras-ops-numpy';
import { dataFormatOf, numberOf, optionsOf, pyShape } from './keras-ops-image-args';
import type { KerasImageFormatOptions } from './keras-ops-image-colour';

const SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
const SOBEL_Y = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];

/**
 * keras.ops.image.sobel_edges(images, data_format=None): the vertical and horizontal Sobel
 * gradients of each channel of a batch of images (zeros beyond the edges), stacked last as
 * `[dy, dx]`: shape `[batch, height, width, channels, 2]`, or `[batch, channels, height, width, 2]`
 * with dataFormat 'channels_first'. Int32 images give int32 (computed exactly in float64).
 */
export function sobelEdges(images: TensorLike, options?: KerasImageFormatOptions): Tensor {
  const op = 'sobelEdges';
  const o = optionsOf(options, op, ['dataFormat'], "{dataFormat: 'channels_first'}");
  const format = dataFormatOf(o.dataFormat, op);
  const x = asTensor(images, op);
  if (x.rank !== 4) throw new Error(`${op}: Invalid images rank: expected rank 4 (batch of images). Received: images.shape=[${x.shape.join(', ')}]`);
  if (x.dtype === 'bool') throw new Error(`${op}: images must be float32, float64 or int32, got bool; cast them first.`);
  return composed(op, () => {
    const f = x.dtype === 'int32' ? cast(x, 'float64') : x;
    const last = format === 'channels_first' ? transpose(f, [0, 2, 3, 1]) : f;
    const channels = last.shape[3]!;
    const filter = (k: number[][]) => tile(reshape(constant(k, f.dtype), [3, 3, 1, 1]), [1, 1, channels, 1]);
    const dy = depthwiseConv2d(last, filter(SOBEL_Y), 1, 'SAME', 'NHWC');
    const dx = depthwiseConv2d(last, filter(SOBEL_X), 1, 'SAME', 'NHWC');
    const back = (t: Tensor) => (format === 'channels_first' ? transpose(t, [0, 3, 1, 2]) : t);
    const edges = stack([back(dy), back(dx)], -1);
    return edges.dtype === x.dtype ? edges : cast(edges, x.dtype);
  });
}

/** keras.ops.image.ssim's options. */
export interface KerasSsimOptions {
  /** The largest pixel value (1 for images in [0, 1], 255 for bytes); default 1. */
  maxVal?: number;
  /** The side of the Gaussian window; default 11. */
  filterSize?: number;
  /** The Gaussian window's standard deviation; default 1.5. */
  filterSigma?: number;
  /** The luminance constant: c1 = (k1·maxVal)²; default 0.01. */
  k1?: number;
  /** The contrast constant: c2 = (k2·maxVal)²; default 0.03. */
  k2?: number;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Two images of rank 3 or 4, with Keras' messages. */
function ssimOperand(image: TensorLike, op: string, name: string): Tensor {
  const x = asTensor(image, op);
  if (x.rank !== 3 && x.rank !== 4) {
    throw new Error(`${op}: Invalid ${name} rank: expected rank 3 (single image) or rank 4 (batch of images). Received input with shape: ${name}.shape=${pyShape(x.shape)}`);
  }
  if (x.dtype === 'bool') throw new Error(`${op}: ${name} must be float32, float64 or int32, got bool; cast it first.`);
  return x;
}

/**
 * keras.ops.image.ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01,
 * k2=0.03, data_format=None): the structural similarity of two images (or batches, one value per
 * image pair): over 'valid' windows weighted by the Gaussian exp(−x²/(2σ²)) (normalised, outer
 * product), (2μ₁μ₂ + c1)(2σ₁₂ + c2) / ((μ₁² + μ₂² + c1)(σ₁² + σ₂² + c2)), averaged over the map
 * and the channels; 1 for identical images. Computed in float32 (float64 for float64 images) and
 * cast back to the first image's dtype, as Keras does.
 */
export function ssim(image1: TensorLike, image2: TensorLike, options?: KerasSsimOptions): Tensor {
  const op = 'ssim';
  const o = optionsOf(options, op, ['maxVal', 'filterSize', 'filterSigma', 'k1', 'k2', 'dataFormat'], '{maxVal: 255}');
  const format = dataFormatOf(o.dataFormat, op);
  const a = ssimOperand(image1, op, 'image1');
  const b = ssimOperand(image2, op, 'image2');
  if (a.shape.join() !== b.shape.join()) throw new Error(`${op}: image1 and image2 must have the same shape, got ${pyShape(a.shape)} and ${pyShape(b.shape)}.`);
  const maxVal = numberOf(o.maxVal, 1, op, 'maxVal');
  const filterSize = numberOf(o.filterSize, 11, op, 'filterSize');
  if (!Number.isSafeInteger(filterSize) || filterSize < 1) throw new Error(`${op}: filterSize must be a positive integer, got ${filterSize}.`);
  const filterSigma = numberOf(o.filterSigma, 1.5, op, 'filterSigma');
  const k1 = numberOf(o.k1, 0.01, op, 'k1');
  const k2 = numberOf(o.k2, 0.03, op, 'k2');
  return composed(op, () => {
    const dtype = a.dtype === 'float64' ? 'float64' : 'float32';
    const batched = (t: Tensor) => {
      const f = t.dtype === dtype ? t : cast(t, dtype);
      const four = f.rank === 3 ? reshape(f, [1, ...f.shape]) : f;
      return format === 'channels_first' ? transpose(four, [0, 2, 3, 1]) : four;
    };
    const [x1, x2] = [batched(a), batched(b)];
    const [n, h, w, c] = x1.shape as [number, number, number, number];
    // exp(−x²/(2σ²)) at x = i − (size − 1)/2, normalised; the window is its outer product.
    const offsets = gen.sub(range(0, filterSize, 1, dtype), (filterSize - 1) / 2);
    const g = gen.exp(gen.div(gen.neg(gen.mul(offsets, offsets)), 2 * filterSigma ** 2));
    const g1 = gen.div(g, gen.reduceSum(g));
    const window = reshape(gen.mul(reshape(g1, [filterSize, 1]), reshape(g1, [1, filterSize])), [filterSize, filterSize, 1, 1]);
    const [c1, c2] = [(k1 * maxVal) ** 2, (k2 * maxVal) ** 2];
    // Each channel of each image as its own one-channel image.
    const planes = (t: Tensor) => reshape(transpose(t, [0, 3, 1, 2]), [-1, h, w, 1]);
    const [p1, p2] = [planes(x1), planes(x2)];
    const local = (t: Tensor) => convolution(t, window, 1, 'VALID', 'NHWC');
    const [mu1, mu2] = [local(p1), local(p2)];
    const [mu1Sq, mu2Sq, mu12] = [gen.mul(mu1, mu1), gen.mul(mu2, mu2), gen.mul(mu1, mu2)];
    const sigma1Sq = gen.sub(local(gen.mul(p1, p1)), mu1Sq);
    const sigma2Sq = gen.sub(local(gen.mul(p2, p2)), mu2Sq);
    const sigma12 = gen.sub(local(gen.mul(p1, p2)), mu12);
    const numerator = gen.mul(gen.add(gen.mul(mu12, 2), c1), gen.add(gen.mul(sigma12, 2), c2));
    const denominator = gen.mul(gen.add(gen.add(mu1Sq, mu2Sq), c1), gen.add(gen.add(sigma1Sq, sigma2Sq), c2));
    const perPlane = reduceMean(gen.div(numerator, denominator), [1, 2, 3]);
    let value = reduceMean(reshape(perPlane, [n, c]), -1);
    if (a.rank === 3) value = reshape(value, []);
    return value.dtype === a.dtype ? value : cast(value, a.dtype);
  });
}
