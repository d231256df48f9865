// Block rearrangements between space, depth and batch: tf.nn.space_to_depth, depth_to_space,
// tf.space_to_batch(_nd) and tf.batch_to_space. Each is a reshape that splits dims into blocks,
// one transpose that moves the block coordinates, and a reshape that merges them (with a pad
// before, or a crop after, for the batch forms), as TensorFlow's docs define them step by step.
// The gradients are the parts' (the inverse rearrangement), so nothing more is needed for
// tapes, higher derivatives or tf.function.

import { toTensor } from './creation';
import { describe } from './describe';
import { composed } from './composite';
import { reshape, transpose } from './ops';
import { pad, rawSlice } from './shape';
import type { Tensor, TensorLike } from './tensor';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Whether `dataFormat` is 'NHWC' (the default) or 'NCHW'. */
function channelsLastFormat(dataFormat: unknown, op: string): boolean {
  if (dataFormat === undefined || dataFormat === null || dataFormat === 'NHWC') return true;
  if (dataFormat === 'NCHW') return false;
  throw new Error(`${op}: dataFormat must be 'NHWC' or 'NCHW', got ${describe(dataFormat)}.`);
}

/** The 4-D input of space_to_depth / depth_to_space and its block size, checked as TensorFlow's kernels check them. */
function depthArguments(op: string, input: TensorLike, blockSize: unknown, dataFormat: unknown) {
  const x = toTensor(input, undefined, op);
  if (!isInt(blockSize) || blockSize < 2) throw new Error(`${op}: blockSize must be an integer >= 2, got ${describe(blockSize)}.`);
  const last = channelsLastFormat(dataFormat, op);
  if (x.rank !== 4) throw new Error(`${op}: input must be 4-D (${last ? '[batch, height, width, depth]' : '[batch, depth, height, width]'}), got shape [${x.shape.join(', ')}].`);
  const [n, c, h, w] = last ? [x.shape[0]!, x.shape[3]!, x.shape[1]!, x.shape[2]!] : [x.shape[0]!, x.shape[1]!, x.shape[2]!, x.shape[3]!];
  return { x, b: blockSize, last, n, c, h, w };
}

/**
 * tf.nn.space_to_depth(input, block_size, data_format='NHWC'): each `blockSize`×`blockSize`
 * block of the height and width moved into the depth: [batch, height, width, depth] becomes
 * [batch, height/b, width/b, b·b·depth], the output channel (by·b + bx)·depth + c holding input
 * pixel (y·b + by, x·b + bx) of channel c (the block's row and column are the high-order part of
 * the channel, as in TensorFlow). 'NCHW' moves the same numbers with the channels at axis 1.
 * Height and width must be multiples of `blockSize` (>= 2). Any dtype; differentiable.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(1, 17, 1, 'int32'), [1, 4, 4, 1]);
 * console.log(tf.nn.spaceToDepth(x, 2).arraySync()[0][0]); // [ [ 1, 2, 5, 6 ], [ 3, 4, 7, 8 ] ]
 * ```
 */
export function spaceToDepth(input: TensorLike, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor {
  const op = 'spaceToDepth';
  const { x, b, last, n, c, h, w } = depthArguments(op, input, blockSize, dataFormat);
  if (h % b !== 0 || w % b !== 0) {
    throw new Error(`${op}: the height ${h} and width ${w} must both be divisible by blockSize ${b} (TensorFlow: Image width and height must be divisible by block_size).`);
  }
  const [oh, ow] = [h / b, w / b];
  return composed(op, () => {
    if (last) {
      // [n, oh, by, ow, bx, c] -> [n, oh, ow, by, bx, c]
      const blocks = reshape(x, [n, oh, b, ow, b, c]);
      return reshape(transpose(blocks, [0, 1, 3, 2, 4, 5]), [n, oh, ow, b * b * c]);
    }
    // [n, c, oh, by, ow, bx] -> [n, by, bx, c, oh, ow]
    const blocks = reshape(x, [n, c, oh, b, ow, b]);
    return reshape(transpose(blocks, [0, 3, 5, 1, 2, 4]), [n, b * b * c, oh, ow]);
  });
}

/**
 * tf.nn.depth_to_space(input, block_size, data_format='NHWC'): the inverse of spaceToDepth, the
 * depth spread into `blockSize`×`blockSize` blocks of the height and width: [batch, height, width,
 * depth] becomes [batch, height·b, width·b, depth/(b·b)], output pixel (y·b + by, x·b + bx) of
 * channel c taken from input channel (by·b + bx)·depth/(b·b) + c. The depth must be a multiple of
 * b·b (b >= 2). 'NCHW' as in spaceToDepth. Any dtype; differentiable.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.range(1, 9, 1, 'int32'), [1, 1, 2, 4]);
 * console.log(tf.nn.depthToSpace(x, 2).reshape([2, 4]).arraySync()); // [ [ 1, 2, 5, 6 ], [ 3, 4, 7, 8 ] ]
 * ```
 */
export function depthToSpace(input: TensorLike, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor {
  const op = 'depthToSpace';
  const { x, b, last, n, c, h, w } = depthArguments(op, input, blockSize, dataFormat);
  if (c % (b * b) !== 0) {
    throw new Error(`${op}: the depth ${c} must be divisible by blockSize * blockSize = ${b * b} (TensorFlow: Input depth dimension should be divisible by block_size_sq).`);
  }
  const oc = c / (b * b);
  return composed(op, () => {
    if (last) {
      // [n, h, w, by, bx, oc] -> [n, h, by, w, bx, oc]
      const blocks = reshape(x, [n, h, w, b, b, oc]);
      return reshape(transpose(blocks, [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, oc]);
    }
    // [n, by, bx, oc, h, w] -> [n, oc, h, by, w, bx]
    const blocks = reshape(x, [n, b, b, oc, h, w]);
    return reshape(transpose(blocks, [0, 3, 4, 1, 5, 2]), [n, oc, h * b, w * b]);
  });
}

/** `blockShape` as M integers >= 1 (an integer `b` is [b, b] where `scalarAllowed`). */
function blockShapeOf(op: string, blockShape: unknown, scalarAllowed: boolean): number[] {
  if (scalarAllowed && isInt(blockShape) && blockShape >= 1) return [blockShape, blockShape];
  if (!Array.isArray(blockShape) || blockShape.length === 0 || !blockShape.every((v) => isInt(v) && v >= 1)) {
    const scalar = scalarAllowed ? 'an integer >= 1 or ' : '';
    throw new Error(`${op}: blockShape must be ${scalar}a non-empty list of integers >= 1 (one per spatial dim), got ${describe(blockShape)}.`);
  }
  return (blockShape as number[]).slice();
}

/** `pairs` as M [start, end] pairs of integers >= 0. */
function pairsOf(op: string, name: string, pairs: unknown, m: number): [number, number][] {
  const ok = Array.isArray(pairs) && pairs.length === m &&
    pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => isInt(v) && v >= 0));
  if (!ok) throw new Error(`${op}: ${name} must be ${m} [start, end] pairs of integers >= 0 (shape [${m}, 2], one per spatial dim), got ${describe(pairs)}.`);
  return (pairs as number[][]).map((p) => [p[0]!, p[1]!]);
}

function spaceToBatchImpl(op: string, input: TensorLike, blockShape: unknown, paddings: unknown): Tensor {
  const x = toTensor(input, undefined, op);
  const block = blockShapeOf(op, blockShape, false);
  const m = block.length;
  const pads = pairsOf(op, 'paddings', paddings, m);
  if (x.rank < m + 1) {
    throw new Error(`${op}: input must have at least ${m + 1} dims ([batch] + ${m} spatial dims for blockShape [${block.join(', ')}]), got shape [${x.shape.join(', ')}].`);
  }
  const batch = x.shape[0]!;
  const padded = x.shape.slice(1, m + 1).map((s, i) => s + pads[i]![0] + pads[i]![1]);
  padded.forEach((p, i) => {
    if (p % block[i]! !== 0) {
      throw new Error(`${op}: spatial dim ${i} padded to ${p} (size ${x.shape[i + 1]} + paddings [${pads[i]!.join(', ')}]) is not divisible by blockShape[${i}] = ${block[i]}.`);
    }
  });
  const rest = x.shape.slice(m + 1);
  const blocks = block.reduce((a, v) => a * v, 1);
  return composed(op, () => {
    // 1. pad; 2. [batch, p0/b0, b0, ..., pM/bM, bM, ...rest]; 3. the blocks' coordinates first:
    // [b0, ..., bM, batch, p0/b0, ..., pM/bM, ...rest]; 4. the blocks merged into the batch.
    const z = pads.some(([s, e]) => s > 0 || e > 0) ? pad(x, [[0, 0], ...pads, ...rest.map(() => [0, 0])]) : x;
    const split = reshape(z, [batch, ...padded.flatMap((p, i) => [p / block[i]!, block[i]!]), ...rest]);
    const perm = [...block.map((_, i) => 2 + 2 * i), 0, ...block.map((_, i) => 1 + 2 * i), ...rest.map((_, j) => 1 + 2 * m + j)];
    return reshape(transpose(split, perm), [batch * blocks, ...padded.map((p, i) => p / block[i]!), ...rest]);
  });
}

/**
 * tf.space_to_batch_nd(input, block_shape, paddings): the M spatial dims of `input` ([batch] +
 * spatial + remaining) zero-padded by `paddings` ([M, 2] pairs [start, end]) and cut into a grid
 * of `blockShape` blocks, whose positions go into the batch: the output is [batch·Π blockShape,
 * padded₀/b₀, ..., padded₍M-1₎/b₍M-1₎] + remaining, batch index (block offset)·batch + n, as
 * TensorFlow's reshape, permute, reshape. Each padded size must be a multiple of its block. The
 * inverse is {@link batchToSpace}; both make dilated (atrous) convolutions ordinary ones.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 2, 3, 4]), [1, 1, 4, 1]);
 * console.log(tf.spaceToBatchNd(x, [1, 2], [[0, 0], [0, 0]]).reshape([-1]).arraySync()); // [ 1, 3, 2, 4 ]
 * ```
 */
export function spaceToBatchNd(input: TensorLike, blockShape: readonly number[], paddings: readonly (readonly number[])[]): Tensor {
  return spaceToBatchImpl('spaceToBatchNd', input, blockShape, paddings);
}

/** tf.space_to_batch(input, block_shape, paddings) (also tf.nn.space_to_batch): TensorFlow 2's name of {@link spaceToBatchNd}. */
export function spaceToBatch(input: TensorLike, blockShape: readonly number[], paddings: readonly (readonly number[])[]): Tensor {
  return spaceToBatchImpl('spaceToBatch', input, blockShape, paddings);
}

/** TensorFlow.js's spelling of {@link spaceToBatchNd}. */
export function spaceToBatchND(input: TensorLike, blockShape: readonly number[], paddings: readonly (readonly number[])[]): Tensor {
  return spaceToBatchImpl('spaceToBatchND', input, blockShape, paddings);
}

function batchToSpaceImpl(op: string, input: TensorLike, blockShape: unknown, crops: unknown): Tensor {
  const x = toTensor(input, undefined, op);
  const block = blockShapeOf(op, blockShape, true);
  const m = block.length;
  const cuts = pairsOf(op, 'crops', crops, m);
  if (x.rank < m + 1) {
    throw new Error(`${op}: input must have at least ${m + 1} dims ([batch] + ${m} spatial dims for blockShape [${block.join(', ')}]), got shape [${x.shape.join(', ')}].`);
  }
  const blocks = block.reduce((a, v) => a * v, 1);
  if (x.shape[0]! % blocks !== 0) {
    throw new Error(`${op}: the batch ${x.shape[0]} must be divisible by the product of blockShape [${block.join(', ')}] = ${blocks}.`);
  }
  const batch = x.shape[0]! / blocks;
  const spatial = x.shape.slice(1, m + 1);
  const full = spatial.map((s, i) => s * block[i]!);
  full.forEach((f, i) => {
    if (cuts[i]![0] + cuts[i]![1] > f) {
      throw new Error(`${op}: crops [${cuts[i]!.join(', ')}] of spatial dim ${i} remove more than its ${f} entries (input size ${spatial[i]} × block ${block[i]}).`);
    }
  });
  const rest = x.shape.slice(m + 1);
  return composed(op, () => {
    // 1. [b0, ..., bM, batch, s0, ..., sM, ...rest]; 2. interleaved: [batch, s0, b0, ..., sM, bM,
    // ...rest]; 3. merged: [batch, s0·b0, ..., sM·bM, ...rest]; 4. cropped.
    const split = reshape(x, [...block, batch, ...spatial, ...rest]);
    const perm = [m, ...spatial.flatMap((_, i) => [m + 1 + i, i]), ...rest.map((_, j) => 2 * m + 1 + j)];
    const merged = reshape(transpose(split, perm), [batch, ...full, ...rest]);
    if (cuts.every(([s, e]) => s === 0 && e === 0)) return merged;
    const begin = [0, ...cuts.map(([s]) => s), ...rest.map(() => 0)];
    const end = [batch, ...full.map((f, i) => f - cuts[i]![1]), ...rest];
    return rawSlice(merged, begin, end, begin.map(() => 1), op);
  });
}

/**
 * tf.batch_to_space(input, block_shape, crops): the inverse of {@link spaceToBatchNd}. The batch
 * ([Π blockShape · batch] + spatial + remaining) is split into the blocks' positions, which are
 * interleaved back into the M spatial dims, then `crops` ([M, 2] pairs [start, end]) are cut off:
 * [batch, s₀·b₀ - crops₀, ...] + remaining. `blockShape` may be one integer b for [b, b] (TF 1
 * compatibility, as in TensorFlow). Any dtype; differentiable.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 3, 2, 4]), [2, 1, 2, 1]);
 * console.log(tf.batchToSpace(x, [1, 2], [[0, 0], [0, 0]]).reshape([-1]).arraySync()); // [ 1, 2, 3, 4 ]
 * ```
 */
export function batchToSpace(input: TensorLike, blockShape: number | readonly number[], crops: readonly (readonly number[])[]): Tensor {
  return batchToSpaceImpl('batchToSpace', input, blockShape, crops);
}

/** tf.compat.v1.batch_to_space_nd, TensorFlow.js's batchToSpaceND: {@link batchToSpace} (TensorFlow 2 has only tf.batch_to_space). */
export function batchToSpaceND(input: TensorLike, blockShape: readonly number[], crops: readonly (readonly number[])[]): Tensor {
  return batchToSpaceImpl('batchToSpaceND', input, blockShape, crops);
}
