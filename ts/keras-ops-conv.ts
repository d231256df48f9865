// keras.ops' convolutions, pooling and dot-product attention (keras/src/backend/tensorflow/nn.py)
// on gradtape's tf.nn ops: Keras' argument conventions (strides and pool sizes as one integer or one
// per spatial axis, padding 'valid'/'same' in any case, data_format 'channels_last' (default) or
// 'channels_first', dilation_rate) turned into TensorFlow's ('NHWC'/'NCHW', 'SAME'/'VALID'), as
// Keras' TensorFlow backend does. 1-D depthwise and separable convolutions run as 2-D ones over a
// unit height, as there.

import * as activations from './activations';
import { avgPool, convolution, convTranspose as tfConvTranspose, depthwiseConv2d, maxPool as tfMaxPool, separableConv2d } from './convolution';
import { describe } from './describe';
import * as gen from './generated/ops';
import { cast } from './ops';
import * as shp from './shape';
import type { Tensor, TensorLike } from './tensor';
import { type DataFormat, standardizeDataFormat } from './layers/arguments';
import { transposedSize } from './layers/conv-transpose';
import { asTensor, promote, tri, where } from './keras-ops-numpy';

type Ints = number | readonly number[];

/** TensorFlow's data format string for an input of `rank` dims (Keras' _convert_data_format). */
function tfDataFormat(format: DataFormat, rank: number, op: string): string {
  const spatial = ['W', 'HW', 'DHW'][rank - 3];
  if (spatial === undefined) throw new Error(`${op}: Input rank not supported: ${rank}. Expected values are [3, 4, 5]`);
  return format === 'channels_last' ? `N${spatial}C` : `NC${spatial}`;
}

/** Keras' padding argument ('valid' or 'same', any case) as TensorFlow's. */
function tfPadding(padding: unknown, op: string): 'SAME' | 'VALID' {
  const p = typeof padding === 'string' ? padding.toLowerCase() : null;
  if (p !== 'valid' && p !== 'same') throw new Error(`${op}: padding must be 'valid' or 'same', got ${describe(padding)}.`);
  return p === 'same' ? 'SAME' : 'VALID';
}

/** One integer per spatial axis from an integer or a list. */
const perAxis = (v: Ints, d: number): number[] => (typeof v === 'number' ? Array<number>(d).fill(v) : [...v]);

/** keras.ops.conv(inputs, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1): tf.nn.convolution; `kernel` [...window, inChannels / groups, outChannels]. */
export function conv(inputs: TensorLike, kernel: TensorLike, strides: Ints = 1, padding = 'valid', dataFormat: string | null = null, dilationRate: Ints = 1): Tensor {
  const op = 'conv';
  const x = asTensor(inputs, op);
  const format = standardizeDataFormat(dataFormat, op);
  return convolution(x, kernel, strides, tfPadding(padding, op), tfDataFormat(format, x.rank, op), dilationRate);
}

/** The 2-D form of a 1-D input (a unit height before the width) and the function that undoes it. */
function asImage(x: Tensor, format: DataFormat): { image: Tensor; back: (y: Tensor) => Tensor } {
  const axis = format === 'channels_last' ? 1 : 2;
  return { image: shp.expandDims(x, axis), back: (y) => shp.squeeze(y, [axis]) };
}

/** Inputs, kernels, strides and dilations of a depthwise or separable convolution as 2-D ones. */
function twoD(op: string, inputs: TensorLike, kernels: TensorLike[], strides: Ints, dilationRate: Ints, dataFormat: string | null) {
  const x = asTensor(inputs, op);
  const format = standardizeDataFormat(dataFormat, op);
  const d = x.rank - 2;
  if (d !== 1 && d !== 2) throw new Error(`${op}: \`inputs\` rank must be 3 (1D conv) or 4 (2D conv). Received: ${x.rank}.`);
  const s = perAxis(strides, d), dil = perAxis(dilationRate, d);
  if (s.some((v) => v > 1) && dil.some((v) => v > 1)) {
    throw new Error(`${op}: strides > 1 together with dilation_rate > 1 is not supported, got strides [${s.join(', ')}] and dilation_rate [${dil.join(', ')}].`);
  }
  const tfFormat = format === 'channels_last' ? 'NHWC' : 'NCHW';
  if (d === 2) return { x, ks: kernels.map((k) => asTensor(k, op)), s, dil, tfFormat, back: (y: Tensor) => y } as const;
  const { image, back } = asImage(x, format);
  return { x: image, ks: kernels.map((k) => shp.expandDims(asTensor(k, op), 0)), s: [1, ...s], dil: [1, ...dil], tfFormat, back } as const;
}

/** keras.ops.depthwise_conv(inputs, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1): 1-D or 2-D; `kernel` [...window, inChannels, channelMultiplier]. */
export function depthwiseConv(inputs: TensorLike, kernel: TensorLike, strides: Ints = 1, padding = 'valid', dataFormat: string | null = null, dilationRate: Ints = 1): Tensor {
  const op = 'depthwiseConv';
  const { x, ks, s, dil, tfFormat, back } = twoD(op, inputs, [kernel], strides, dilationRate, dataFormat);
  return back(depthwiseConv2d(x, ks[0]!, s, tfPadding(padding, op), tfFormat as 'NHWC', dil));
}

/** keras.ops.separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding='valid', data_format=None, dilation_rate=1): a depthwise then a 1×1 convolution. */
export function separableConv(
  inputs: TensorLike,
  depthwiseKernel: TensorLike,
  pointwiseKernel: TensorLike,
  strides: Ints = 1,
  padding = 'valid',
  dataFormat: string | null = null,
  dilationRate: Ints = 1,
): Tensor {
  const op = 'separableConv';
  const { x, ks, s, dil, tfFormat, back } = twoD(op, inputs, [depthwiseKernel, pointwiseKernel], strides, dilationRate, dataFormat);
  return back(separableConv2d(x, ks[0]!, ks[1]!, s, tfPadding(padding, op), tfFormat as 'NHWC', dil));
}

/**
 * keras.ops.conv_transpose(inputs, kernel, strides=1, padding='valid', output_padding=None,
 * data_format=None, dilation_rate=1): `kernel` [...window, outChannels, inChannels]; each
 * spatial axis of n steps gives (n - 1)·stride + k' + outputPadding ('valid', default
 * outputPadding max(k', stride) - k', k' the dilated window) or n·stride ('same' without
 * outputPadding), Keras' compute_conv_transpose_output_shape.
 */
export function convTranspose(
  inputs: TensorLike,
  kernel: TensorLike,
  strides: Ints = 1,
  padding = 'valid',
  outputPadding: Ints | null = null,
  dataFormat: string | null = null,
  dilationRate: Ints = 1,
): Tensor {
  const op = 'convTranspose';
  const x = asTensor(inputs, op);
  const k = asTensor(kernel, op);
  const format = standardizeDataFormat(dataFormat, op);
  const d = x.rank - 2;
  const pad = tfPadding(padding, op);
  const s = perAxis(strides, d), dil = perAxis(dilationRate, d);
  const outPad = outputPadding === null ? null : perAxis(outputPadding, d);
  const first = format === 'channels_last' ? 1 : 2;
  const spatial = s.map((stride, i) => transposedSize(x.shape[first + i]!, k.shape[i]!, stride, pad === 'SAME' ? 'same' : 'valid', outPad?.[i] ?? null, dil[i]!)!);
  const filters = k.shape[k.rank - 2]!;
  const outputShape = format === 'channels_last' ? [x.shape[0]!, ...spatial, filters] : [x.shape[0]!, filters, ...spatial];
  return tfConvTranspose(x, k, outputShape, s, pad, tfDataFormat(format, x.rank, op), dil);
}

/** keras.ops.max_pool and average_pool: strides default to the pool size. */
const pooling = (kind: 'max' | 'avg') => (inputs: TensorLike, poolSize: Ints, strides: Ints | null = null, padding = 'valid', dataFormat: string | null = null): Tensor => {
  const op = kind === 'max' ? 'maxPool' : 'averagePool';
  const x = asTensor(inputs, op);
  const format = tfDataFormat(standardizeDataFormat(dataFormat, op), x.rank, op);
  return (kind === 'max' ? tfMaxPool : avgPool)(x, poolSize, strides ?? poolSize, tfPadding(padding, op), format);
};

/** keras.ops.max_pool(inputs, pool_size, strides=None, padding='valid', data_format=None). */
export const maxPool = pooling('max');
/** keras.ops.average_pool(inputs, pool_size, strides=None, padding='valid', data_format=None): 'same' windows average their real inputs only. */
export const averagePool = pooling('avg');

/** What the TensorFlow backend puts in masked logits: -0.7 × (about) the largest float32. */
const MASKED_LOGIT = -0.7 * 3.38953e38;

/**
 * keras.ops.dot_product_attention(query, key, value, bias=None, mask=None, scale=None,
 * is_causal=False, flash_attention=None, attn_logits_soft_cap=None): softmax(q·kᵀ·scale + bias)·v
 * over [batch, steps, heads, headDim] tensors, scale 1/√headDim by default; masked-out logits
 * (mask false, or a later key when causal) become -0.7·3.38953e38; fewer key/value heads than
 * query heads are repeated (grouped-query attention).
 */
export function dotProductAttention(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  bias: TensorLike | null = null,
  mask: TensorLike | null = null,
  scale: number | null = null,
  isCausal = false,
  flashAttention: boolean | null = null,
  attnLogitsSoftCap: number | null = null,
): Tensor {
  const op = 'dotProductAttention';
  if (flashAttention) throw new Error(`${op}: Flash attention is not supported in tensorflow backend.`);
  if (attnLogitsSoftCap !== null) throw new Error(`${op}: attn_logits_soft_cap is only supported for JAX on TPU. Set attn_logits_soft_cap=None when not using JAX on TPU.`);
  let [q, k, v] = promote(op, [query, key, value]) as [Tensor, Tensor, Tensor];
  if (q.rank !== 4) {
    throw new Error(`${op}: \`dot_product_attention\` only supports 4D inputs. Received: query.shape=[${q.shape.join(', ')}], key.shape=[${k.shape.join(', ')}], value.shape=[${v.shape.join(', ')}].`);
  }
  const queryHeads = q.shape[2]!, keyHeads = k.shape[2]!;
  if (queryHeads > keyHeads) {
    k = shp.repeat(k, queryHeads / keyHeads, 2);
    v = shp.repeat(v, queryHeads / keyHeads, 2);
  }
  const headDim = k.shape[3]!;
  let logits = gen.mul(shp.einsum('BTNH,BSNH->BNTS', q, k), scale ?? Math.fround(1 / Math.fround(Math.sqrt(headDim))));
  if (bias !== null) logits = gen.add(logits, cast(asTensor(bias, op), logits.dtype));
  if (mask !== null || isCausal) {
    let keep: Tensor | null = mask === null ? null : cast(asTensor(mask, op), 'bool');
    if (isCausal) {
      const causal = tri(logits.shape[2]!, logits.shape[3]!, 0, 'bool');
      keep = keep === null ? causal : gen.logicalAnd(keep, causal);
    }
    logits = where(keep!, logits, MASKED_LOGIT) as Tensor;
  }
  return shp.einsum('BNTS,BSNH->BTNH', activations.softmax(logits, -1), v);
}
