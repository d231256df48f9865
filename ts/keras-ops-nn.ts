// More of keras.ops' nn functions, built from gradtape's ops as Keras' TensorFlow
// backend computes them (keras/src/backend/tensorflow/nn.py): sparse_sigmoid, unfold (im2col),
// fold (col2im), adaptive_average_pool / adaptive_max_pool over the layers' adaptive bins, and
// depth_to_space / space_to_depth with Keras' data_format, ctc_loss and ctc_decode on tf.nn's CTC.

import { customGradient } from './autodiff';
import { onesLike, toTensor, zerosLike } from './creation';
import { valueError } from './debugging';
import { describe } from './describe';
import { getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import { unsortedSegmentSum } from './indexing';
import { imageDataFormat } from './keras-settings';
import { adaptivePool } from './layers/adaptive-pooling';
import type { DataFormat } from './layers/arguments';
import { cast, concat, reduceMean, reshape, transpose, where } from './ops';
import { depthToSpace as tfDepthToSpace, spaceToDepth as tfSpaceToDepth } from './rearrange';
import * as shp from './shape';
import type { Tensor, TensorLike } from './tensor';
import { asTensor } from './keras-ops-numpy';
import { ctcLoss as tfCtcLoss } from './ctc';
import { type CtcDecodedPaths, ctcBeamSearchDecoder, ctcGreedyDecoder } from './ctc-decoders';

/** keras.ops.sparse_sigmoid(x) on a float x: 0 for x <= -1, (x + 1)/2 between, 1 for x >= 1. */
export function sparseSigmoid(x: Tensor): Tensor {
  return where(gen.lessEqual(x, -1), zerosLike(x), where(gen.greaterEqual(x, 1), onesLike(x), gen.mul(gen.add(x, 1), 0.5)));
}

/** An int-or-pair argument of unfold and fold as [rows, cols] (each at least `min`). */
function pair(value: unknown, op: string, name: string, min: number): [number, number] {
  const list = typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : null;
  if (list === null || list.length !== 2 || !list.every((v) => Number.isInteger(v) && v >= min)) {
    throw new Error(`${op}: ${name} must be an integer >= ${min} or a pair of them, got ${Array.isArray(value) ? `[${value.map(String)}]` : describe(value)}.`);
  }
  return [list[0], list[1]];
}

/** The sliding blocks' geometry: kernel, dilation, padding, stride, and the number of blocks along each axis of an H×W image. */
function blocks(op: string, h: number, w: number, kernelSize: unknown, dilation: unknown, padding: unknown, stride: unknown) {
  const k = pair(kernelSize, op, 'kernelSize', 1);
  const d = pair(dilation, op, 'dilation', 1);
  const p = pair(padding, op, 'padding', 0);
  const s = pair(stride, op, 'stride', 1);
  const count = (length: number, i: 0 | 1) => Math.max(0, Math.floor((length + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1);
  return { k, d, p, s, nH: count(h, 0), nW: count(w, 1) };
}

/** The padded image's positions the blocks read along one axis: [kernel offset, block] → position. */
const positions = (kernel: number, blocksAlong: number, dilation: number, stride: number, op: string): Tensor =>
  toTensor(Array.from({ length: kernel }, (_, i) => Array.from({ length: blocksAlong }, (_, b) => b * stride + i * dilation)), 'int32', op);

/**
 * keras.ops.unfold(x, kernel_size, dilation=1, padding=0, stride=1): the sliding blocks of a
 * channels-first image batch x [N, C, H, W] (im2col, PyTorch's unfold) as columns: [N, C·kH·kW, L],
 * L the number of blocks (row-major), each column the block's C·kH·kW entries (channel, then kernel
 * row, then kernel column), after `padding` zeros around each image.
 */
export function unfold(x: TensorLike, kernelSize: number | readonly number[], dilation: number | readonly number[] = 1, padding: number | readonly number[] = 0, stride: number | readonly number[] = 1): Tensor {
  const op = 'unfold';
  const input = asTensor(x, op);
  if (input.rank !== 4) throw valueError(`${op}: Input must be a 4D tensor. Received: input.shape=[${input.shape}]`);
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const { k, d, p, s, nH, nW } = blocks(op, H, W, kernelSize, dilation, padding, stride);
  let t = input.dtype === 'bool' ? cast(input, 'int32') : input;
  if (p[0] > 0 || p[1] > 0) t = shp.pad(t, [[0, 0], [0, 0], [p[0], p[0]], [p[1], p[1]]]);
  // [N, C, kH, nH, Wp], then [N, C, kH, nH, kW, nW], in PyTorch's order [N, C, kH, kW, nH, nW].
  const rows = shp.gather(t, positions(k[0], nH, d[0], s[0], op), 2);
  const both = shp.gather(rows, positions(k[1], nW, d[1], s[1], op), 4);
  const r = reshape(transpose(both, [0, 1, 2, 4, 3, 5]), [N, C * k[0] * k[1], nH * nW]);
  return input.dtype === 'bool' ? cast(r, 'bool') : r;
}

/**
 * keras.ops.fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1): the sliding blocks
 * x [N, C·kH·kW, L] (unfold's layout) summed back into images [N, C, oH, oW] (col2im, PyTorch's
 * fold): each block's entries added at the positions unfold read them from, the padding dropped.
 */
export function fold(
  x: TensorLike,
  outputSize: number | readonly number[],
  kernelSize: number | readonly number[],
  dilation: number | readonly number[] = 1,
  padding: number | readonly number[] = 0,
  stride: number | readonly number[] = 1,
): Tensor {
  const op = 'fold';
  const input = asTensor(x, op);
  if (input.rank !== 3) throw valueError(`${op}: Input must be a 3D tensor. Received: input.shape=[${input.shape}]`);
  if (input.dtype === 'bool') throw new Error(`${op}: x must be a number tensor (its blocks are summed), got bool.`);
  const [oH, oW] = pair(outputSize, op, 'outputSize', 1);
  const { k, d, p, s, nH, nW } = blocks(op, oH, oW, kernelSize, dilation, padding, stride);
  const [N, CKK, L] = input.shape as [number, number, number];
  const kk = k[0] * k[1];
  if (CKK % kk !== 0) throw valueError(`${op}: The second dimension of the input (${CKK}) must be divisible by kernel_size product (${kk}).`);
  if (L !== nH * nW) throw valueError(`${op}: the input has ${L} blocks (its last dimension), but outputSize, kernelSize, dilation, padding and stride give ${nH}·${nW} = ${nH * nW}.`);
  const C = CKK / kk;
  const [Hp, Wp] = [oH + 2 * p[0], oW + 2 * p[1]];
  // Each entry's flat position in a padded image, in x's order [kH, kW, nH, nW].
  const target: number[] = [];
  for (let i = 0; i < k[0]; i++) {
    for (let j = 0; j < k[1]; j++) {
      for (let a = 0; a < nH; a++) for (let b = 0; b < nW; b++) target.push((a * s[0] + i * d[0]) * Wp + b * s[1] + j * d[1]);
    }
  }
  // Summed in that order, kernel position by kernel position, as Keras' scatter-adds are.
  const columns = transpose(reshape(input, [N * C, kk * L]), [1, 0]);
  const summed = unsortedSegmentSum(columns, toTensor(target, 'int32', op), Hp * Wp);
  const images = reshape(transpose(summed, [1, 0]), [N, C, Hp, Wp]);
  return p[0] > 0 || p[1] > 0 ? shp.slice(images, [0, 0, p[0], p[1]], [N, C, oH, oW]) : images;
}

/**
 * keras.ops.adaptive_average_pool / adaptive_max_pool(inputs, output_size, data_format=None): the
 * mean or maximum over windows of a 1-D, 2-D or 3-D batch (rank 3 to 5) chosen so that the output
 * has `output_size` positions along each spatial axis (one integer for all, or one per axis):
 * output i of an axis of n pooled to m reads positions [⌊i·n/m⌋, ⌈(i+1)·n/m⌉), as Keras' "two-pool
 * gather" and the AdaptivePooling layers do. The average of int or bool inputs is in floatx (Keras'
 * TensorFlow backend has no integer AvgPool); the maximum keeps the dtype, and its gradient goes to
 * the first maximum of each window for 1-D and 2-D inputs (as MaxPool's does) and to every maximum
 * of it for 3-D ones (as MaxPool3D's does).
 */
export const adaptivePooling = (kind: 'average' | 'max') => (inputs: TensorLike, outputSize: number | readonly number[], dataFormat: DataFormat | null = null): Tensor => {
  const op = kind === 'average' ? 'adaptiveAveragePool' : 'adaptiveMaxPool';
  let x = asTensor(inputs, op);
  const dims = x.rank - 2;
  if (dims < 1 || dims > 3) throw valueError(`${op}: adaptive_${kind === 'average' ? 'average' : 'max'}_pool supports 1D, 2D, or 3D inputs only (rank 3 to 5), got shape [${x.shape}].`);
  const sizes = typeof outputSize === 'number' ? Array<number>(dims).fill(outputSize) : Array.isArray(outputSize) ? [...outputSize] : null;
  if (sizes === null || sizes.length !== dims || !sizes.every((v) => Number.isInteger(v) && v > 0)) {
    throw valueError(`${op}: outputSize must be a positive integer or ${dims} of them (one per spatial axis), got ${Array.isArray(outputSize) ? `[${outputSize.map(String)}]` : describe(outputSize)}.`);
  }
  const format = dataFormat ?? imageDataFormat();
  if (format !== 'channels_last' && format !== 'channels_first') throw valueError(`${op}: dataFormat must be 'channels_last' or 'channels_first', got ${describe(format)}.`);
  if (kind === 'average') {
    if (!isFloat(x.dtype)) x = cast(x, getFloatx());
    return adaptivePool(x, sizes, format, (t, axis) => reduceMean(t, axis, true));
  }
  const bool = x.dtype === 'bool';
  const r = adaptivePool(bool ? cast(x, 'int32') : x, sizes, format, dims === 3 ? everyMaximum : firstMaximum);
  return bool ? cast(r, 'bool') : r;
};

/** The maximum along `axis` (kept, of size 1) whose gradient goes to the window's first maximum
 * alone, as that of Keras' MaxPool (1-D and 2-D) windows does (tf.reduce_max shares it among
 * ties). */
function firstMaximum(t: Tensor, axis: number): Tensor {
  const n = t.shape[axis]!;
  if (n === 1) return t;
  const first = cast(shp.oneHot(gen.argmax(t, axis), n, { axis, dtype: 'int32' }), 'bool');
  return gen.reduceSum(where(first, t, zerosLike(t)), axis, true);
}

const byAxis = new Map<number, (t: Tensor) => Tensor>();
/** The maximum along `axis` (kept, of size 1) whose gradient goes in full to every entry equal to
 * it, as that of Keras' 3-D windows (TensorFlow's MaxPool3DGrad) does. */
function everyMaximum(t: Tensor, axis: number): Tensor {
  let f = byAxis.get(axis);
  if (f === undefined) {
    f = customGradient((x: Tensor) => {
      const m = gen.reduceMax(x, axis, true);
      return [m, (dy: Tensor) => gen.mul(dy, cast(gen.equal(x, m), x.dtype))];
    });
    byAxis.set(axis, f);
  }
  return f(t);
}

/**
 * keras.ops.depth_to_space / space_to_depth(x, block_size, data_format='channels_last'): tf.nn's
 * pixel shuffle and its inverse on a 4-D x, with Keras' `data_format` ('channels_last' or
 * 'channels_first'; null: the Keras image data format) and its check that block_size >= 2. Any
 * dtype, kept; differentiable.
 */
export const depthRearrangement = (kind: 'depthToSpace' | 'spaceToDepth') => (x: TensorLike, blockSize: number, dataFormat: DataFormat | null = 'channels_last'): Tensor => {
  const format = dataFormat ?? imageDataFormat();
  if (format !== 'channels_last' && format !== 'channels_first') throw valueError(`${kind}: dataFormat must be 'channels_last' or 'channels_first', got ${describe(format)}.`);
  if (typeof blockSize !== 'number' || !Number.isInteger(blockSize) || blockSize < 2) throw valueError(`${kind}: blockSize must be an integer of at least 2, got ${describe(blockSize)}.`);
  const t = asTensor(x, kind);
  if (t.rank !== 4) throw valueError(`${kind}: x must be a 4-D tensor, got shape [${t.shape}].`);
  return (kind === 'depthToSpace' ? tfDepthToSpace : tfSpaceToDepth)(t, blockSize, format === 'channels_last' ? 'NHWC' : 'NCHW');
};

/**
 * keras.ops.ctc_loss(target, output, target_length, output_length, mask_index=0): the CTC loss of
 * each sequence, [batch], from labels [batch, maxLength] and logits [batch, frames, classes]
 * (tf.nn.ctcLoss, batch-major, blank `maskIndex`), as Keras' TensorFlow backend computes it: in
 * float32, the result in result_type(output's dtype, float32) (float64 logits give a float64 loss
 * of the float32 computation).
 */
export function ctcLoss(target: TensorLike, output: TensorLike, targetLength: TensorLike, outputLength: TensorLike, maskIndex = 0): Tensor {
  const y = asTensor(output, 'ctcLoss');
  const resultDtype = y.dtype === 'float64' ? 'float64' : 'float32';
  const loss = tfCtcLoss(cast(asTensor(target, 'ctcLoss'), 'int32'), cast(y, 'float32'), targetLength, outputLength, { logitsTimeMajor: false, blankIndex: maskIndex });
  return cast(loss, resultDtype);
}

/**
 * keras.ops.ctc_decode(inputs, sequence_lengths, strategy='greedy', beam_width=100, top_paths=1,
 * merge_repeated=True, mask_index=0): [decoded, scores]. decoded is int32 [paths, batch, frames],
 * each path's classes from the start of its row and -1 after; scores are the greedy decoder's
 * minus summed best logits [batch, 1], or the beam search's log probabilities [batch, paths].
 * Keras' TensorFlow backend: tf.nn.ctcGreedyDecoder with blank `maskIndex` (null: the last class),
 * or tf.nn.ctcBeamSearchDecoder on the classes with the blank moved last (its ids put back after).
 */
export function ctcDecode(
  inputs: TensorLike,
  sequenceLengths: TensorLike,
  strategy: 'greedy' | 'beam_search' = 'greedy',
  beamWidth = 100,
  topPaths = 1,
  mergeRepeated = true,
  maskIndex: number | null = 0,
): [Tensor, Tensor] {
  const op = 'ctcDecode';
  let x = asTensor(inputs, op);
  if (x.rank !== 3) throw new Error(`${op}: inputs must be [batch, frames, classes], got shape [${x.shape.join(', ')}].`);
  const [batch, frames, classes] = x.shape as [number, number, number];
  x = transpose(x.dtype === 'float64' ? x : cast(x, 'float32'), [1, 0, 2]);
  const lengths = cast(asTensor(sequenceLengths, op), 'int32');
  let paths: CtcDecodedPaths[];
  let scores: Tensor;
  const blank = maskIndex === null ? null : maskIndex < 0 ? maskIndex + classes : maskIndex;
  if (strategy === 'greedy') {
    [paths, scores] = ctcGreedyDecoder(x, lengths, { mergeRepeated, blankIndex: maskIndex });
  } else if (strategy === 'beam_search') {
    if (blank !== null) x = concat([shp.slice(x, [0, 0, 0], [-1, -1, blank]), shp.slice(x, [0, 0, blank + 1], [-1, -1, -1]), shp.slice(x, [0, 0, blank], [-1, -1, 1])], -1);
    [paths, scores] = ctcBeamSearchDecoder(x, lengths, { beamWidth, topPaths });
  } else {
    throw valueError(`Invalid strategy ${describe(strategy)}. Supported values are 'greedy' and 'beam_search'.`);
  }
  // Each path dense, -1 where it has no class: the classes + 1 scattered into zeros, minus 1.
  let decoded = shp.stack(paths.map((p) => gen.sub(shp.scatterNd(p.indices, gen.add(p.values, 1), [batch, frames]), 1)), 0);
  if (strategy === 'beam_search' && blank !== null) decoded = where(gen.greaterEqual(decoded, blank), gen.add(decoded, 1), decoded);
  return [decoded, scores];
}
