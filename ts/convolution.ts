// Convolution and pooling: tf.nn.convolution, conv1d, conv2d, conv3d, depthwise_conv2d,
// separable_conv2d, the transposed convolutions and the max and average pools of 1 to 3 spatial
// dims, channels last or first. Composed from table ops, as tinygrad composes them: the spatial
// dims padded, the windows' patches side by side along the channels (im2col: the `extractPatches`
// primitive, whose gradient adds them back) and one matmul with the filter; pooling folds strided
// slices, one per tap, with `maximum` or a sum, one spatial dim at a time (a box window is
// separable). Also the ops built on these: atrous convolutions, conv_transpose, pool with dilated
// windows (through space_to_batch, as TensorFlow), max_pool_with_argmax and the greyscale
// morphology (dilation2d, erosion2d: maximum folds over the taps). The gradients are those of the
// parts, so higher derivatives, Jacobians and tf.function need nothing more.

import { callOp } from './call';
import { composed } from './composite';
import { toTensor } from './creation';
import { describe } from './describe';
import { allocHost } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { concat, matmul, renamedCall, reshape, transpose, where } from './ops';
import { addN } from './reductions';
import { expandDims, pad, rawSlice, reverse } from './shape';
import { batchToSpaceND, spaceToBatchNd } from './rearrange';
import { type Tensor, type TensorLike, fromHost } from './tensor';

/**
 * TensorFlow's `padding`: `'SAME'` (ceil(size / stride) outputs per spatial dim, the input
 * padded evenly, the odd one after), `'VALID'` (no padding), or explicit `[before, after]`
 * pairs: one per dim of the input (`[0, 0]` for the batch and channel dims, as TensorFlow
 * takes them) or one per spatial dim.
 */
export type Padding = 'SAME' | 'VALID' | readonly (readonly number[])[];

/** A window's sizes, strides or dilations: one integer for every spatial dim, or a list of one,
 * of one per spatial dim, or of one per dim of the input (1 for the batch and channel dims). */
export type WindowInts = number | readonly number[];

/** One spatial dim of a sliding window. */
interface WindowAxis {
  kernel: number;
  stride: number;
  dilation: number;
  before: number;
  after: number;
  /** Output positions. */
  out: number;
}

const SPATIAL = ['W', 'HW', 'DHW'];

/** Whether `dataFormat` puts the channels last ('NHWC', the default) or first ('NCHW'). */
function channelsLast(dataFormat: unknown, d: number, op: string): boolean {
  if (dataFormat === undefined || dataFormat === null) return true;
  const last = `N${SPATIAL[d - 1]}C`, first = `NC${SPATIAL[d - 1]}`;
  if (dataFormat === last) return true;
  if (dataFormat === first) return false;
  throw new Error(`${op}: dataFormat must be '${last}' or '${first}' for ${d} spatial dim${d > 1 ? 's' : ''}, got ${describe(dataFormat)}.`);
}

/** `v` as one positive integer per spatial dim (see WindowInts). */
function perSpatialDim(v: unknown, d: number, last: boolean, op: string, name: string): number[] {
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? (v as unknown[]) : null;
  if (list === null || list.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1)) {
    throw new Error(`${op}: ${name} must be a positive integer or a list of them, got ${describe(v)}.`);
  }
  const ints = list as number[];
  if (ints.length === 1) return Array<number>(d).fill(ints[0]!);
  if (ints.length === d) return ints.slice();
  if (ints.length === d + 2) {
    const [batch, channel] = last ? [ints[0], ints[d + 1]] : [ints[0], ints[1]];
    if (batch !== 1 || channel !== 1) throw new Error(`${op}: ${name} along the batch and channel dims must be 1, got [${ints.join(', ')}].`);
    return last ? ints.slice(1, d + 1) : ints.slice(2);
  }
  throw new Error(`${op}: ${name} must list 1, ${d} or ${d + 2} integers, got ${ints.length}: [${ints.join(', ')}].`);
}

/** 'SAME', 'VALID', or the explicit [before, after] pairs of the spatial dims. */
function spatialPadding(padding: unknown, d: number, last: boolean, op: string, explicitAllowed: boolean): 'SAME' | 'VALID' | number[][] {
  if (typeof padding === 'string') {
    const p = padding.toUpperCase();
    if (p === 'SAME' || p === 'VALID') return p;
  } else if (explicitAllowed && Array.isArray(padding)) {
    const pairs = padding as unknown[];
    const valid = (pair: unknown) => Array.isArray(pair) && pair.length === 2 && pair.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);
    if ((pairs.length === d || pairs.length === d + 2) && pairs.every(valid)) {
      const all = pairs as number[][];
      if (all.length === d) return all.map((p) => p.slice());
      const outer = last ? [all[0]!, all[d + 1]!] : [all[0]!, all[1]!];
      if (outer.some((p) => p[0] !== 0 || p[1] !== 0)) {
        throw new Error(`${op}: explicit padding of the batch and channel dims must be [0, 0], got ${describe(padding)}.`);
      }
      return (last ? all.slice(1, d + 1) : all.slice(2)).map((p) => p.slice());
    }
  }
  const explicit = explicitAllowed ? `, or [before, after] pairs of non-negative integers (${d} or ${d + 2} of them)` : '';
  throw new Error(`${op}: padding must be 'SAME' or 'VALID'${explicit}, got ${describe(padding)}.`);
}

/** The window along each spatial dim of `sizes`, with TensorFlow's output sizes and padding. */
function windowAxes(sizes: number[], kernel: number[], strides: number[], dilations: number[], padding: 'SAME' | 'VALID' | number[][], op: string): WindowAxis[] {
  return sizes.map((n, i) => {
    const [k, s, dil] = [kernel[i]!, strides[i]!, dilations[i]!];
    const span = (k - 1) * dil + 1; // the positions one window covers
    let before = 0, after = 0, out: number;
    if (padding === 'SAME') {
      out = Math.ceil(n / s);
      const total = Math.max((out - 1) * s + span - n, 0);
      before = Math.floor(total / 2);
      after = total - before;
    } else {
      if (padding !== 'VALID') [before, after] = padding[i] as [number, number];
      const padded = n + before + after;
      if (padded < span) {
        throw new Error(
          `${op}: the window spans ${span} positions along spatial dim ${i}, more than the ${padded} of the${before + after > 0 ? ' padded' : ''} input ` +
            `(TensorFlow: computed output size would be negative); use padding 'SAME' or a smaller window.`,
        );
      }
      out = Math.floor((padded - span) / s) + 1;
    }
    return { kernel: k, stride: s, dilation: dil, before, after, out };
  });
}

/** `x` ([batch, ...spatial, channels]) padded with `value` along its spatial dims. */
function padSpatial(x: Tensor, axes: WindowAxis[], value: number): Tensor {
  if (axes.every((a) => a.before === 0 && a.after === 0)) return x;
  return pad(x, [[0, 0], ...axes.map((a) => [a.before, a.after]), [0, 0]], 'CONSTANT', value);
}

/** The window's taps over padded `x` ([batch, ...spatial, channels]), in row-major order of the
 * kernel: each the input seen at that tap by every output position, [batch, ...out, channels]. */
function taps(x: Tensor, axes: WindowAxis[], op: string): Tensor[] {
  const count = axes.reduce((n, a) => n * a.kernel, 1);
  const [batch, channels] = [x.shape[0]!, x.shape[x.rank - 1]!];
  const result: Tensor[] = [];
  for (let t = 0; t < count; t++) {
    const begin = [0], end = [batch], strides = [1];
    let rest = t;
    for (let i = axes.length - 1; i >= 0; i--) {
      const a = axes[i]!;
      const start = (rest % a.kernel) * a.dilation;
      rest = Math.floor(rest / a.kernel);
      begin[i + 1] = start;
      end[i + 1] = a.out === 0 ? start : start + (a.out - 1) * a.stride + 1;
      strides[i + 1] = a.stride;
    }
    begin.push(0), end.push(channels), strides.push(1);
    const whole = begin.every((b, i) => b === 0 && end[i] === x.shape[i] && strides[i] === 1);
    result.push(whole ? x : rawSlice(x, begin, end, strides, op));
  }
  return result;
}

/** The spatial dims and the channels of `x` (batch dims first, then the spatial dims and the
 * channels in the order `last` says), checked to be there. */
function layoutOf(x: Tensor, d: number, last: boolean, op: string): { spatial: number[]; channels: number } {
  if (x.rank < d + 2) {
    throw new Error(`${op}: the input must have at least ${d + 2} dims (batch, ${d} spatial, channels), got shape [${x.shape.join(', ')}].`);
  }
  const b = x.rank - d - 1;
  return last ? { spatial: x.shape.slice(b, b + d), channels: x.shape[b + d]! } : { spatial: x.shape.slice(b + 1), channels: x.shape[b]! };
}

/** `x` with its channels moved last and its batch dims made one: [batch, ...spatial, channels],
 * and the function that gives a result of that layout the input's. */
function channelsLastView(x: Tensor, d: number, last: boolean): [Tensor, (y: Tensor) => Tensor] {
  const batchDims = x.rank - d - 1;
  let v = x;
  if (!last) {
    // [..., C, spatial...] -> [..., spatial..., C]
    const perm = [...Array(batchDims).keys(), ...Array.from({ length: d }, (_, i) => batchDims + 1 + i), batchDims];
    v = transpose(v, perm);
  }
  const batchShape = v.shape.slice(0, batchDims);
  const batch = batchShape.reduce((n, s) => n * s, 1);
  if (batchDims !== 1) v = reshape(v, [batch, ...v.shape.slice(batchDims)]);
  const restore = (y: Tensor): Tensor => {
    let r = batchDims === 1 ? y : reshape(y, [...batchShape, ...y.shape.slice(1)]);
    if (!last) r = transpose(r, [...Array(batchDims).keys(), batchDims + d, ...Array.from({ length: d }, (_, i) => batchDims + i)]);
    return r;
  };
  return [v, restore];
}

/** The windows' patches of `x` ([batch, ...spatial, channels], padded): [batch, ...out,
 * taps·channels]. (The patches op wants a window that fits: an empty output takes the taps' way.) */
function patchesOf(x: Tensor, axes: WindowAxis[], op: string): Tensor {
  if (axes.some((a) => a.out === 0)) return concat(taps(x, axes, op), -1);
  const list = (v: number[]) => [v.length, ...v];
  return callOp(OP.extractPatches, [x], [...list(axes.map((a) => a.kernel)), ...list(axes.map((a) => a.stride)), ...list(axes.map((a) => a.dilation))], op);
}

/** The correlation of `x` ([batch, ...spatial, channels], padded) with `w` ([...kernel, depth,
 * outChannels]) in `groups` groups of channels: group g convolves input channels [g·depth,
 * (g+1)·depth) with output channels [g·per, (g+1)·per) (TensorFlow's grouped convolution when the
 * filters' depth divides the input's channels; one group is the ordinary convolution). */
function correlate(x: Tensor, w: Tensor, axes: WindowAxis[], groups: number, op: string): Tensor {
  const rows = x.shape[0]! * axes.reduce((n, a) => n * a.out, 1);
  const tapCount = axes.reduce((n, a) => n * a.kernel, 1);
  const [depth, cout] = [w.shape[w.rank - 2]!, w.shape[w.rank - 1]!];
  const per = cout / groups;
  const spatialOut = (y: Tensor) => reshape(y, [x.shape[0]!, ...axes.map((a) => a.out), cout]);
  if (groups === 1) return spatialOut(matmul(reshape(patchesOf(x, axes, op), [rows, tapCount * depth]), reshape(w, [tapCount * depth, cout])));
  if (depth === 1) {
    // Depthwise (one input channel a group): one batched matmul over the channels, patches
    // [rows, taps, channels] as [channels, rows, taps] and filters [taps, channels, per] as
    // [channels, taps, per] (the group loop below would make a matmul per channel).
    const p = transpose(reshape(patchesOf(x, axes, op), [rows, tapCount, groups]), [2, 0, 1]);
    const f = transpose(reshape(w, [tapCount, groups, per]), [1, 0, 2]);
    return spatialOut(reshape(transpose(matmul(p, f), [1, 0, 2]), [rows, cout]));
  }
  // A few wider groups: each group's channels of the input, convolved with its share of the filters.
  const c = x.rank - 1;
  const parts: Tensor[] = [];
  for (let g = 0; g < groups; g++) {
    const xs = rawSlice(x, x.shape.map((_, i) => (i === c ? g * depth : 0)), x.shape.map((n, i) => (i === c ? (g + 1) * depth : n)), x.shape.map(() => 1), op);
    const ws = rawSlice(w, w.shape.map((_, i) => (i === w.rank - 1 ? g * per : 0)), w.shape.map((n, i) => (i === w.rank - 1 ? (g + 1) * per : n)), w.shape.map(() => 1), op);
    parts.push(correlate(xs, ws, axes, 1, op));
  }
  return concat(parts, -1);
}

/** What every convolution checks of its arguments, and its window's strides, dilations and padding. */
function windowArguments(op: string, x: Tensor, w: Tensor, d: number, strides: unknown, padding: unknown, dataFormat: unknown, dilations: unknown) {
  if (w.dtype !== x.dtype) throw new Error(`${op}: input and filters must have one dtype, got ${x.dtype} and ${w.dtype}; cast one with tf.cast.`);
  if (x.dtype === 'bool') throw new Error(`${op}: input must be numeric, got a bool tensor.`);
  const last = channelsLast(dataFormat, d, op);
  const s = perSpatialDim(strides ?? 1, d, last, op, 'strides');
  const dil = perSpatialDim(dilations ?? 1, d, last, op, 'dilations');
  return { last, s, dil, pads: spatialPadding(padding, d, last, op, true) };
}

function convolve(op: string, input: TensorLike, filters: TensorLike, strides: unknown, padding: unknown, dataFormat: unknown, dilations: unknown, dims: number | null): Tensor {
  const x = toTensor(input, undefined, op);
  const w = toTensor(filters, x.dtype, op);
  const d = dims ?? w.rank - 2;
  if (w.rank !== d + 2 || d < 1 || d > 3) {
    const expected = dims === null ? '3 to 5 dims' : `${d + 2} dims`;
    throw new Error(`${op}: filters must have ${expected} ([...kernel, inChannels, outChannels]), got shape [${w.shape.join(', ')}].`);
  }
  const { last, s, dil, pads } = windowArguments(op, x, w, d, strides, padding, dataFormat, dilations);
  const { spatial, channels } = layoutOf(x, d, last, op);
  const [groupDepth, cout] = [w.shape[d]!, w.shape[d + 1]!];
  if (groupDepth === 0 || channels % groupDepth !== 0 || cout % (channels / groupDepth) !== 0) {
    throw new Error(
      `${op}: the input has ${channels} channels and the filters [${w.shape.join(', ')}] take ${groupDepth} in ${channels / groupDepth || 0} group(s) ` +
        `with ${cout} outputs; the filters' inChannels must divide the input's, and the groups must divide outChannels.`,
    );
  }
  const axes = windowAxes(spatial, w.shape.slice(0, d), s, dil, pads, op);
  return composed(op, () => {
    const [v, restore] = channelsLastView(x, d, last);
    return restore(correlate(padSpatial(v, axes, 0), w, axes, channels / groupDepth, op));
  });
}

/**
 * tf.nn.convolution(input, filters, strides, padding, data_format, dilations): the N-D
 * convolution (1 to 3 spatial dims, from the rank of `filters`, `[...kernel, inChannels,
 * outChannels]`), as TensorFlow computes it: a cross-correlation, without flipping the kernel.
 * `padding` defaults to 'VALID' here as in TensorFlow. See {@link conv2d}.
 */
export function convolution(input: TensorLike, filters: TensorLike, strides: WindowInts = 1, padding: Padding = 'VALID', dataFormat: string | null = null, dilations: WindowInts = 1): Tensor {
  return convolve('convolution', input, filters, strides, padding, dataFormat, dilations, null);
}

/**
 * tf.nn.conv1d(input, filters, stride, padding, data_format='NWC', dilations=None): `input`
 * [batch, width, inChannels] (or 'NCW'), `filters` [width, inChannels, outChannels]. See {@link conv2d}.
 */
export function conv1d(input: TensorLike, filters: TensorLike, stride: WindowInts, padding: Padding, dataFormat: 'NWC' | 'NCW' = 'NWC', dilations: WindowInts = 1): Tensor {
  return convolve('conv1d', input, filters, stride, padding, dataFormat, dilations, 1);
}

/**
 * tf.nn.conv2d(input, filters, strides, padding, data_format='NHWC', dilations=None): the 2-D
 * cross-correlation of `input` [batch, height, width, inChannels] (or 'NCHW', channels first;
 * more leading batch dims are allowed) with `filters` [height, width, inChannels, outChannels],
 * giving [batch, outHeight, outWidth, outChannels]. `strides` and `dilations` are an integer, or
 * one per spatial dim, or four (1 for batch and channels); `padding` is 'SAME', 'VALID' or
 * explicit [before, after] pairs. When `filters` take a divisor of the input's channels, the
 * channels are split into groups, each convolved with its share of the outputs (grouped
 * convolution, as TensorFlow does). Differentiable in both arguments, to any order.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]); // 1 2 3 / 4 5 6 / 7 8 9
 * const sumOf2x2 = tf.ones([2, 2, 1, 1]);
 * console.log(tf.nn.conv2d(image, sumOf2x2, 1, 'VALID').reshape([-1]).arraySync()); // [ 12, 16, 24, 28 ]
 * console.log(tf.nn.conv2d(image, sumOf2x2, 2, 'SAME').reshape([-1]).arraySync());  // [ 12, 9, 15, 9 ]
 * ```
 */
export function conv2d(input: TensorLike, filters: TensorLike, strides: WindowInts, padding: Padding, dataFormat: 'NHWC' | 'NCHW' = 'NHWC', dilations: WindowInts = 1): Tensor {
  return convolve('conv2d', input, filters, strides, padding, dataFormat, dilations, 2);
}

/**
 * tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format='NHWC', dilations=None):
 * each input channel convolved with its own `channelMultiplier` filters, `filter` [height,
 * width, inChannels, channelMultiplier], giving inChannels·channelMultiplier channels (channel
 * c·multiplier + m from input channel c): the grouped conv2d with one input channel per group.
 */
export function depthwiseConv2d(input: TensorLike, filter: TensorLike, strides: WindowInts, padding: Padding, dataFormat: 'NHWC' | 'NCHW' = 'NHWC', dilations: WindowInts = 1): Tensor {
  const op = 'depthwiseConv2d';
  const x = toTensor(input, undefined, op);
  const w = toTensor(filter, x.dtype, op);
  if (w.rank !== 4) throw new Error(`${op}: filter must have 4 dims ([height, width, inChannels, channelMultiplier]), got shape [${w.shape.join(', ')}].`);
  const channels = x.shape[channelsLast(dataFormat, 2, op) ? x.rank - 1 : x.rank - 3];
  if (x.rank >= 4 && channels !== w.shape[2]) {
    throw new Error(`${op}: the input has ${channels} channels but the filter [${w.shape.join(', ')}] is for ${w.shape[2]}; they must match.`);
  }
  const grouped = renamedCall(op, () => reshape(w, [w.shape[0]!, w.shape[1]!, 1, w.shape[2]! * w.shape[3]!]));
  return convolve(op, x, grouped, strides, padding, dataFormat, dilations, 2);
}

/**
 * tf.nn.separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,
 * data_format=None, dilations=None): a depthwiseConv2d with `depthwiseFilter` [height, width,
 * inChannels, channelMultiplier] (strides, padding and dilations apply to it), then a 1×1 conv2d
 * with `pointwiseFilter` [1, 1, inChannels·channelMultiplier, outChannels].
 */
export function separableConv2d(
  input: TensorLike,
  depthwiseFilter: TensorLike,
  pointwiseFilter: TensorLike,
  strides: WindowInts,
  padding: Padding,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dilations: WindowInts = 1,
): Tensor {
  const op = 'separableConv2d';
  const x = toTensor(input, undefined, op);
  const p = toTensor(pointwiseFilter, x.dtype, op);
  if (p.rank !== 4 || p.shape[0] !== 1 || p.shape[1] !== 1) {
    throw new Error(`${op}: pointwiseFilter must have shape [1, 1, inChannels·channelMultiplier, outChannels], got [${p.shape.join(', ')}].`);
  }
  const depthwise = renamedCall(op, () => depthwiseConv2d(x, depthwiseFilter, strides, padding, dataFormat, dilations));
  return convolve(op, depthwise, p, 1, 'VALID', dataFormat, 1, 2);
}

/**
 * tf.nn.conv3d(input, filters, strides, padding, data_format='NDHWC', dilations=None): `input`
 * [batch, depth, height, width, inChannels] (or 'NCDHW'), `filters` [depth, height, width,
 * inChannels, outChannels]. See {@link conv2d}.
 */
export function conv3d(input: TensorLike, filters: TensorLike, strides: WindowInts, padding: Padding, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC', dilations: WindowInts = 1): Tensor {
  return convolve('conv3d', input, filters, strides, padding, dataFormat, dilations, 3);
}

/** `y` ([batch, ...spatial, channels]) with `stride - 1` zeros between neighbours along each
 * spatial dim: each dim of length n becomes (n - 1)·stride + 1. */
function spreadOut(y: Tensor, strides: number[]): Tensor {
  let r = y;
  strides.forEach((s, i) => {
    const axis = i + 1;
    const n = r.shape[axis]!;
    if (s === 1 || n === 0) return;
    // [.., n, ..] -> [.., n, 1, ..] -> [.., n, s, ..] (zeros after each) -> [.., n·s, ..], less the last s - 1
    const expanded = expandDims(r, axis + 1);
    const apart = pad(expanded, expanded.shape.map((_, j) => (j === axis + 1 ? [0, s - 1] : [0, 0])));
    const merged = reshape(apart, [...r.shape.slice(0, axis), n * s, ...r.shape.slice(axis + 1)]);
    r = rawSlice(merged, merged.shape.map(() => 0), merged.shape.map((m, j) => (j === axis ? (n - 1) * s + 1 : m)), merged.shape.map(() => 1), 'spreadOut');
  });
  return r;
}

function convolveTranspose(op: string, input: TensorLike, filters: TensorLike, outputShape: unknown, strides: unknown, padding: unknown, dataFormat: unknown, dilations: unknown, d: number): Tensor {
  const x = toTensor(input, undefined, op);
  const w = toTensor(filters, x.dtype, op);
  if (w.rank !== d + 2) throw new Error(`${op}: filters must have ${d + 2} dims ([...kernel, outChannels, inChannels]), got shape [${w.shape.join(', ')}].`);
  const { last, s, dil, pads } = windowArguments(op, x, w, d, strides, padding, dataFormat, dilations);
  const shape = Array.isArray(outputShape) ? (outputShape as unknown[]) : null;
  if (shape === null || shape.length !== x.rank || shape.some((n) => typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)) {
    throw new Error(`${op}: outputShape must list the ${x.rank} dims of the result (the input of the convolution this transposes), got ${describe(outputShape)}.`);
  }
  const out = shape as number[];
  const { spatial, channels } = layoutOf(x, d, last, op);
  const batchDims = x.rank - d - 1;
  const outChannels = out[last ? batchDims + d : batchDims]!;
  const outSpatial = last ? out.slice(batchDims, batchDims + d) : out.slice(batchDims + 1);
  const [kernel, filterOut, filterIn] = [w.shape.slice(0, d), w.shape[d]!, w.shape[d + 1]!];
  if (out.slice(0, batchDims).some((n, i) => n !== x.shape[i])) {
    throw new Error(`${op}: outputShape [${out.join(', ')}] must keep the input's batch dims [${x.shape.slice(0, batchDims).join(', ')}].`);
  }
  if (filterIn !== channels || filterOut !== outChannels) {
    throw new Error(
      `${op}: filters [${w.shape.join(', ')}] take ${filterIn} input channels to ${filterOut}, but the input has ${channels} and outputShape asks for ${outChannels}.`,
    );
  }
  // The convolution this transposes maps outputShape to the input's shape: it must.
  const axes = windowAxes(outSpatial, kernel, s, dil, pads, op);
  const expected = axes.map((a) => a.out);
  if (expected.some((n, i) => n !== spatial[i])) {
    throw new Error(
      `${op}: a convolution of outputShape [${out.join(', ')}] with these filters, strides and padding gives spatial dims [${expected.join(', ')}], ` +
        `not the input's [${spatial.join(', ')}]; outputShape must be the shape the transposed convolution inverts.`,
    );
  }
  return composed(op, () => {
    const [v, restore] = channelsLastView(x, d, last);
    // x̂[p] = Σₖ ŷ[p + before - k·dilation] w[k] with ŷ the input spread out by the strides: a
    // correlation of ŷ, padded by (kernel - 1)·dilation - before in front, with the kernel flipped
    // and its channels swapped.
    const spread = spreadOut(v, s);
    const flipped = transpose(reverse(w, [...Array(d).keys()]), [...Array(d).keys(), d + 1, d]);
    const front = axes.map((a) => (a.kernel - 1) * a.dilation - a.before);
    const back = axes.map((a, i) => outSpatial[i]! + (a.kernel - 1) * a.dilation - front[i]! - spread.shape[i + 1]!);
    // Negative amounts crop (an explicit padding wider than the window, or an output the strides overshoot).
    const padded = pad(spread, [[0, 0], ...front.map((f, i) => [Math.max(f, 0), Math.max(back[i]!, 0)]), [0, 0]]);
    const cropped = front.some((f) => f < 0) || back.some((b) => b < 0)
      ? rawSlice(padded, padded.shape.map((_, j) => (j >= 1 && j <= d ? Math.max(-front[j - 1]!, 0) : 0)), padded.shape.map((n, j) => (j >= 1 && j <= d ? n - Math.max(-back[j - 1]!, 0) : n)), padded.shape.map(() => 1), op)
      : padded;
    const unit = axes.map((a, i) => ({ ...a, stride: 1, before: 0, after: 0, out: outSpatial[i]! }));
    return restore(correlate(cropped, flipped, unit, 1, op));
  });
}

/**
 * tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding='SAME',
 * data_format='NHWC', dilations=None): the transpose (the gradient with respect to its input) of
 * conv2d with these `filters` [height, width, outChannels, inChannels], strides and padding,
 * taking `input` [batch, height, width, inChannels] to `outputShape`, which the conv2d would take
 * back to the input's shape (several shapes may: the strides round). The "deconvolution" of
 * upsampling layers.
 */
export function conv2dTranspose(input: TensorLike, filters: TensorLike, outputShape: readonly number[], strides: WindowInts, padding: Padding = 'SAME', dataFormat: 'NHWC' | 'NCHW' = 'NHWC', dilations: WindowInts = 1): Tensor {
  return convolveTranspose('conv2dTranspose', input, filters, outputShape, strides, padding, dataFormat, dilations, 2);
}

/** tf.nn.conv1d_transpose(input, filters, output_shape, strides, padding='SAME', data_format='NWC', dilations=None). See {@link conv2dTranspose}. */
export function conv1dTranspose(input: TensorLike, filters: TensorLike, outputShape: readonly number[], strides: WindowInts, padding: Padding = 'SAME', dataFormat: 'NWC' | 'NCW' = 'NWC', dilations: WindowInts = 1): Tensor {
  return convolveTranspose('conv1dTranspose', input, filters, outputShape, strides, padding, dataFormat, dilations, 1);
}

/** tf.nn.conv3d_transpose(input, filters, output_shape, strides, padding='SAME', data_format='NDHWC', dilations=None). See {@link conv2dTranspose}. */
export function conv3dTranspose(input: TensorLike, filters: TensorLike, outputShape: readonly number[], strides: WindowInts, padding: Padding = 'SAME', dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC', dilations: WindowInts = 1): Tensor {
  return convolveTranspose('conv3dTranspose', input, filters, outputShape, strides, padding, dataFormat, dilations, 3);
}

/**
 * tf.image.extract_patches(images, sizes, strides, rates, padding): the `sizes` windows of
 * `images` [batch, rows, cols, depth], `strides` apart and with `rates` (dilations), each flattened
 * to [rows·cols·depth] in that order: [batch, outRows, outCols, sizeRows·sizeCols·depth]. `sizes`,
 * `strides` and `rates` are TensorFlow's four-entry lists [1, r, c, 1]; 'SAME' pads with zeros
 * as a convolution does. Differentiable (the patches are added back where they were read).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 17, 1, 'float32'), [1, 4, 4, 1]);
 * console.log(tf.image.extractPatches(image, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID').arraySync()[0][0]); // [ [ 1, 2, 5, 6 ], [ 3, 4, 7, 8 ] ]
 * ```
 */
export function extractPatches(images: TensorLike, sizes: readonly number[], strides: readonly number[], rates: readonly number[], padding: 'SAME' | 'VALID'): Tensor {
  const op = 'extractPatches';
  const x = toTensor(images, undefined, op);
  if (x.rank !== 4) throw new Error(`${op}: images must be 4-D [batch, rows, cols, depth], got shape [${x.shape.join(', ')}].`);
  const four = (v: unknown, name: string) => {
    if (!Array.isArray(v) || v.length !== 4) throw new Error(`${op}: ${name} must list 4 integers [1, rows, cols, 1], got ${describe(v)}.`);
    return perSpatialDim(v, 2, true, op, name);
  };
  const [kernel, s, dil] = [four(sizes, 'sizes'), four(strides, 'strides'), four(rates, 'rates')];
  const pads = spatialPadding(padding, 2, true, op, false);
  const axes = windowAxes(x.shape.slice(1, 3), kernel, s, dil, pads, op);
  return composed(op, () => patchesOf(padSpatial(x, axes, 0), axes, op));
}

// ---- pooling ------------------------------------------------------------------------------------

/** For average pooling with padding: how many real (unpadded) inputs each window along `axis`
 * holds, shaped to broadcast along that spatial dim of a [batch, ...spatial, channels] result
 * (TensorFlow divides by that count, not by the window's size). */
function windowCounts(size: number, a: WindowAxis, axis: number, d: number, dtype: 'float32' | 'float64'): Tensor {
  const counts = allocHost(dtype, a.out);
  for (let o = 0; o < a.out; o++) {
    const first = o * a.stride - a.before;
    counts[o] = Math.min(first + a.kernel, size) - Math.max(first, 0);
  }
  const shape = Array<number>(d + 2).fill(1);
  shape[axis + 1] = a.out;
  return fromHost(counts, shape, dtype);
}

function poolWindows(op: string, kind: 'max' | 'avg', input: TensorLike, ksize: unknown, strides: unknown, padding: unknown, dataFormat: unknown, dims: number | null): Tensor {
  const x = toTensor(input, undefined, op);
  const d = dims ?? x.rank - 2;
  if (d < 1 || d > 3) throw new Error(`${op}: the input must have 3 to 5 dims (batch, 1 to 3 spatial, channels), got shape [${x.shape.join(', ')}].`);
  if (kind === 'avg' ? x.dtype !== 'float32' && x.dtype !== 'float64' : x.dtype === 'bool') {
    throw new Error(`${op}: input must be ${kind === 'avg' ? 'float32 or float64' : 'numeric'}, got a ${x.dtype} tensor; cast it first, e.g. tf.cast(x, 'float32').`);
  }
  const last = channelsLast(dataFormat, d, op);
  const kernel = perSpatialDim(ksize, d, last, op, 'ksize');
  const s = perSpatialDim(strides, d, last, op, 'strides');
  const pads = spatialPadding(padding, d, last, op, kind === 'max');
  const sizes = layoutOf(x, d, last, op).spatial;
  const axes = windowAxes(sizes, kernel, s, Array<number>(d).fill(1), pads, op);
  return composed(op, () => {
    const [v, restore] = channelsLastView(x, d, last);
    // Padding never wins a maximum and adds nothing to a sum.
    const fill = kind === 'avg' ? 0 : x.dtype === 'int32' ? -(2 ** 31) : -Infinity;
    let y = padSpatial(v, axes, fill);
    // A box window is separable: one spatial dim at a time, the last first (Σ kernel taps, not
    // Π). A maximum's gradient goes to the first tap holding it (maximum sends a tie to its first
    // operand): the first in its row, of the first row holding it, as TensorFlow's MaxPoolGrad
    // scans a window in row-major order.
    for (let i = d - 1; i >= 0; i--) {
      const a = axes[i]!;
      const alone = y.shape.slice(1, d + 1).map((n, j): WindowAxis => (j === i ? a : { kernel: 1, stride: 1, dilation: 1, before: 0, after: 0, out: n }));
      const all = taps(y, alone, op);
      if (kind === 'max') {
        y = all.reduce((m, t) => gen.maximum(m, t));
      } else {
        const sum = all.length === 1 ? all[0]! : addN(all);
        y = gen.div(sum, a.before > 0 || a.after > 0 ? windowCounts(sizes[i]!, a, i, d, x.dtype as 'float32' | 'float64') : a.kernel);
      }
    }
    return restore(y);
  });
}

/**
 * tf.nn.max_pool(input, ksize, strides, padding, data_format=None): the maximum over each window
 * of 1 to 3 spatial dims (from the rank of `input`). See {@link maxPool2d}.
 */
export function maxPool(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: Padding, dataFormat: string | null = null): Tensor {
  return poolWindows('maxPool', 'max', input, ksize, strides, padding, dataFormat, null);
}

/** tf.nn.max_pool1d(input, ksize, strides, padding, data_format='NWC'). See {@link maxPool2d}. */
export function maxPool1d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: Padding, dataFormat: 'NWC' | 'NCW' = 'NWC'): Tensor {
  return poolWindows('maxPool1d', 'max', input, ksize, strides, padding, dataFormat, 1);
}

/**
 * tf.nn.max_pool2d(input, ksize, strides, padding, data_format='NHWC'): the maximum of each
 * `ksize` window of `input` [batch, height, width, channels] (or 'NCHW'), the windows `strides`
 * apart. `padding` is 'SAME' (padding never wins), 'VALID' or explicit [before, after] pairs. The
 * gradient goes to the first maximum of each window in row-major order, as in TensorFlow.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.constant([1, 5, 2, 0, 3, 4, 9, 1, 6, 2, 0, 7, 8, 1, 3, 2]), [1, 4, 4, 1]);
 * console.log(tf.nn.maxPool2d(image, 2, 2, 'VALID').reshape([-1]).arraySync()); // [ 5, 9, 8, 7 ]
 * ```
 */
export function maxPool2d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: Padding, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor {
  return poolWindows('maxPool2d', 'max', input, ksize, strides, padding, dataFormat, 2);
}

/** tf.nn.max_pool3d(input, ksize, strides, padding, data_format='NDHWC'). See {@link maxPool2d}. */
export function maxPool3d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: Padding, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC'): Tensor {
  return poolWindows('maxPool3d', 'max', input, ksize, strides, padding, dataFormat, 3);
}

/**
 * tf.nn.avg_pool(input, ksize, strides, padding, data_format=None): the mean over each window of
 * 1 to 3 spatial dims (from the rank of `input`). See {@link avgPool2d}.
 */
export function avgPool(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: string | null = null): Tensor {
  return poolWindows('avgPool', 'avg', input, ksize, strides, padding, dataFormat, null);
}

/** tf.nn.avg_pool1d(input, ksize, strides, padding, data_format='NWC'). See {@link avgPool2d}. */
export function avgPool1d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: 'NWC' | 'NCW' = 'NWC'): Tensor {
  return poolWindows('avgPool1d', 'avg', input, ksize, strides, padding, dataFormat, 1);
}

/**
 * tf.nn.avg_pool2d(input, ksize, strides, padding, data_format='NHWC'): the mean of each `ksize`
 * window of the float `input` [batch, height, width, channels] (or 'NCHW'), the windows `strides`
 * apart. With 'SAME' padding a window is averaged over its real inputs only, as in TensorFlow.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]);
 * console.log(tf.nn.avgPool2d(image, 2, 2, 'SAME').reshape([-1]).arraySync()); // [ 3, 4.5, 7.5, 9 ]
 * ```
 */
export function avgPool2d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor {
  return poolWindows('avgPool2d', 'avg', input, ksize, strides, padding, dataFormat, 2);
}

/** tf.nn.avg_pool3d(input, ksize, strides, padding, data_format='NDHWC'). See {@link avgPool2d}. */
export function avgPool3d(input: TensorLike, ksize: WindowInts, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC'): Tensor {
  return poolWindows('avgPool3d', 'avg', input, ksize, strides, padding, dataFormat, 3);
}

// ---- atrous convolutions, convTranspose, pool, maxPoolWithArgmax, morphology --------------------

/** 'SAME' or 'VALID' (the ops that take no explicit padding). */
function samePadding(padding: unknown, op: string): 'SAME' | 'VALID' {
  if (padding === 'SAME' || padding === 'VALID') return padding;
  throw new Error(`${op}: padding must be 'SAME' or 'VALID', got ${describe(padding)}.`);
}

/** An atrous rate: one integer >= 1 (TensorFlow's atrous ops take one rate for both spatial dims). */
function atrousRate(rate: unknown, op: string): number {
  if (typeof rate !== 'number' || !Number.isSafeInteger(rate) || rate < 1) throw new Error(`${op}: rate must be an integer >= 1, got ${describe(rate)}.`);
  return rate;
}

/**
 * tf.nn.atrous_conv2d(value, filters, rate, padding): the dilated ("atrous", with holes) 2-D
 * convolution of `value` [batch, height, width, inChannels] with `filters` [height, width,
 * inChannels, outChannels], the filter taps `rate` pixels apart, stride 1: conv2d with dilations
 * `rate`, which is what TensorFlow computes (through space_to_batch). `padding` is 'SAME' or 'VALID'.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(1, 10, 1, 'float32'), [1, 3, 3, 1]);
 * console.log(tf.nn.atrousConv2d(image, tf.ones([2, 2, 1, 1]), 2, 'VALID').reshape([-1]).arraySync()); // [ 20 ]
 * ```
 */
export function atrousConv2d(value: TensorLike, filters: TensorLike, rate: number, padding: 'SAME' | 'VALID'): Tensor {
  const op = 'atrousConv2d';
  const r = atrousRate(rate, op);
  return convolve(op, value, filters, 1, samePadding(padding, op), 'NHWC', r, 2);
}

/**
 * tf.nn.atrous_conv2d_transpose(value, filters, output_shape, rate, padding): the transpose (the
 * gradient with respect to its input) of atrousConv2d with these `filters` [height, width,
 * outChannels, inChannels], taking `value` [batch, height, width, inChannels] to `outputShape`:
 * conv2dTranspose with stride 1 and dilations `rate`.
 */
export function atrousConv2dTranspose(value: TensorLike, filters: TensorLike, outputShape: readonly number[], rate: number, padding: 'SAME' | 'VALID'): Tensor {
  const op = 'atrousConv2dTranspose';
  const r = atrousRate(rate, op);
  return convolveTranspose(op, value, filters, outputShape, 1, samePadding(padding, op), 'NHWC', r, 2);
}

/**
 * tf.nn.conv_transpose(input, filters, output_shape, strides, padding='SAME', data_format=None,
 * dilations=None): conv1dTranspose, conv2dTranspose or conv3dTranspose, chosen by the length of
 * `outputShape` (3, 4 or 5), as TensorFlow chooses; `dataFormat` null is channels last.
 */
export function convTranspose(
  input: TensorLike,
  filters: TensorLike,
  outputShape: readonly number[],
  strides: WindowInts,
  padding: Padding = 'SAME',
  dataFormat: string | null = null,
  dilations: WindowInts | null = null,
): Tensor {
  const op = 'convTranspose';
  const d = Array.isArray(outputShape) ? outputShape.length - 2 : 0;
  if (d < 1 || d > 3) {
    throw new Error(`${op}: outputShape must list 3, 4 or 5 dims (1 to 3 spatial dims), got ${describe(outputShape)}.`);
  }
  return convolveTranspose(op, input, filters, outputShape, strides, padding, dataFormat, dilations ?? 1, d);
}

/** Window sizes, strides or dilations of `pool`: integers >= 1, one per spatial dim (or one for all). */
function poolInts(v: unknown, d: number, op: string, name: string): number[] {
  const list = typeof v === 'number' ? Array<number>(d).fill(v) : Array.isArray(v) ? (v as unknown[]) : null;
  if (list === null || list.length !== d || list.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1)) {
    throw new Error(`${op}: ${name} must list ${d} integers >= 1 (one per spatial dim), got ${describe(v)}.`);
  }
  return list as number[];
}

/**
 * tf.nn.pool(input, window_shape, pooling_type, strides=None, padding='VALID', data_format=None,
 * dilations=None): 'MAX' or 'AVG' pooling of `input` [batch, ...1 to 3 spatial dims, channels]
 * (or channels first), with dilated windows. Undilated, it is maxPool or avgPool. Dilated (then
 * the strides must be 1), it is TensorFlow's with_space_to_batch: the input is padded and cut
 * into `dilations` interleaved grids (spaceToBatchNd), each pooled with 'VALID', and put back
 * (batchToSpace). So with 'SAME' padding, the padding is zeros that take part in the maximum and
 * the mean, exactly as in TensorFlow.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 9, 2, 8, 3, 7]), [1, 6, 1]);
 * console.log(tf.nn.pool(x, [2], 'MAX', [1], 'VALID', null, [2]).reshape([-1]).arraySync()); // [ 2, 9, 3, 8 ]
 * ```
 */
export function pool(
  input: TensorLike,
  windowShape: readonly number[],
  poolingType: 'MAX' | 'AVG',
  strides: readonly number[] | null = null,
  padding: 'SAME' | 'VALID' = 'VALID',
  dataFormat: string | null = null,
  dilations: readonly number[] | null = null,
): Tensor {
  const op = 'pool';
  const x = toTensor(input, undefined, op);
  const d = x.rank - 2;
  if (d < 1 || d > 3) throw new Error(`${op}: the input must have 3 to 5 dims (batch, 1 to 3 spatial, channels), got shape [${x.shape.join(', ')}].`);
  if (poolingType !== 'MAX' && poolingType !== 'AVG') throw new Error(`${op}: poolingType must be 'MAX' or 'AVG', got ${describe(poolingType)}.`);
  const kind = poolingType === 'MAX' ? 'max' : 'avg';
  const window = poolInts(windowShape, d, op, 'windowShape');
  const s = poolInts(strides ?? 1, d, op, 'strides');
  const dil = poolInts(dilations ?? 1, d, op, 'dilations');
  const pads = samePadding(padding, op);
  if (s.some((v, i) => v > window[i]!)) {
    throw new Error(`${op}: strides [${s.join(', ')}] > windowShape [${window.join(', ')}] not supported (as in TensorFlow, whose CPU and GPU kernels disagree there).`);
  }
  if (dil.some((v) => v > 1) && s.some((v) => v > 1)) {
    throw new Error(`${op}: strides > 1 not supported in conjunction with dilations > 1, got strides [${s.join(', ')}] and dilations [${dil.join(', ')}].`);
  }
  if (dil.every((v) => v === 1)) return poolWindows(op, kind, x, window, s, pads, dataFormat, d);
  const last = channelsLast(dataFormat, d, op);
  if (kind === 'avg' && x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`${op}: input must be float32 or float64 for 'AVG', got a ${x.dtype} tensor; cast it first, e.g. tf.cast(x, 'float32').`);
  }
  return composed(op, () => {
    const [v, restore] = channelsLastView(x, d, last);
    const sizes = v.shape.slice(1, d + 1);
    // TensorFlow's base paddings for 'SAME': the dilated window's span less one, split with the
    // odd one after; then each padded size rounded up to a multiple of its dilation, the extra
    // cropped again after.
    const base = window.map((k, i) => (pads === 'SAME' ? (k - 1) * dil[i]! : 0));
    const start = base.map((b) => Math.floor(b / 2));
    const extra = sizes.map((n, i) => (dil[i]! - ((n + base[i]!) % dil[i]!)) % dil[i]!);
    const paddings = start.map((b, i) => [b, base[i]! - b + extra[i]!]);
    const grids = spaceToBatchNd(v, dil, paddings);
    const pooled = poolWindows(op, kind, grids, window, 1, 'VALID', null, d);
    return restore(batchToSpaceND(pooled, dil, extra.map((e) => [0, e])));
  });
}

/**
 * tf.nn.max_pool_with_argmax(input, ksize, strides, padding, data_format='NHWC',
 * output_dtype=int64, include_batch_in_index=False): `{output, argmax}` (TensorFlow's namedtuple's
 * fields): the 2-D max pool of `input` [batch, height, width, channels] (maxPool2d, whose gradient
 * goes to the first maximum of each window) and, for each output, the flattened position of that
 * first maximum (row-major within the window): (y·width + x)·channels + c, or
 * ((b·height + y)·width + x)·channels + c with `includeBatchInIndex`. Padding is never chosen. The
 * argmax is int32, not TensorFlow's default int64 (gradtape has no int64): `outputDtype` must be
 * 'int32', and an index must stay below 2³¹.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 5, 2, 0, 3, 4, 9, 1]), [1, 2, 4, 1]);
 * console.log(tf.nn.maxPoolWithArgmax(x, 2, 2, 'VALID').argmax.reshape([-1]).arraySync()); // [ 1, 6 ]
 * ```
 */
export function maxPoolWithArgmax(
  input: TensorLike,
  ksize: WindowInts,
  strides: WindowInts,
  padding: 'SAME' | 'VALID',
  dataFormat: 'NHWC' = 'NHWC',
  outputDtype: 'int32' = 'int32',
  includeBatchInIndex = false,
): { output: Tensor; argmax: Tensor } {
  const op = 'maxPoolWithArgmax';
  const x = toTensor(input, undefined, op);
  if (x.rank !== 4) throw new Error(`${op}: input must be 4-D [batch, height, width, channels], got shape [${x.shape.join(', ')}].`);
  if (x.dtype === 'bool') throw new Error(`${op}: input must be numeric, got a bool tensor.`);
  if (dataFormat !== 'NHWC') throw new Error(`${op}: dataFormat must be 'NHWC' (the only one TensorFlow supports here), got ${describe(dataFormat)}.`);
  if (outputDtype !== 'int32') throw new Error(`${op}: outputDtype must be 'int32' (gradtape has no int64), got ${describe(outputDtype)}.`);
  if (typeof includeBatchInIndex !== 'boolean') throw new Error(`${op}: includeBatchInIndex must be a boolean, got ${describe(includeBatchInIndex)}.`);
  const kernel = perSpatialDim(ksize, 2, true, op, 'ksize');
  const s = perSpatialDim(strides, 2, true, op, 'strides');
  const axes = windowAxes(x.shape.slice(1, 3), kernel, s, [1, 1], samePadding(padding, op), op);
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const [oh, ow] = [axes[0]!.out, axes[1]!.out];
  if (batch * height * width * channels > 2 ** 31 - 1) throw new Error(`${op}: the input has more entries than an int32 argmax can index.`);
  const output = renamedCall(op, () => maxPool2d(x, kernel, s, padding));
  const argmax = composed(op, () => {
    const taps_ = taps(padSpatial(x, axes, x.dtype === 'int32' ? -(2 ** 31) : -Infinity), axes, op);
    // Each tap's flattened input position per output position, and whether it is a real input
    // (not padding); the first tap (row-major) equal to the maximum wins, as in TensorFlow's
    // kernel, which scans the window in that order and keeps the first of equal values.
    let index: Tensor | null = null;
    for (let t = taps_.length - 1; t >= 0; t--) {
      const [ky, kx] = [Math.floor(t / kernel[1]!), t % kernel[1]!];
      const positions = allocHost('int32', oh * ow * channels);
      const real = allocHost('int32', oh * ow);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const y = oy * s[0]! - axes[0]!.before + ky, xx = ox * s[1]! - axes[1]!.before + kx;
          real[oy * ow + ox] = y >= 0 && y < height && xx >= 0 && xx < width ? 1 : 0;
          for (let c = 0; c < channels; c++) positions[(oy * ow + ox) * channels + c] = (y * width + xx) * channels + c;
        }
      }
      const position = fromHost(positions, [1, oh, ow, channels], 'int32');
      const chosen = gen.logicalAnd(gen.equal(taps_[t]!, output), gen.notEqual(fromHost(real, [1, oh, ow, 1], 'int32'), 0));
      // (The last tap's position stands for "none": only a NaN maximum matches no tap.)
      index = where(chosen, position, index ?? position);
    }
    if (!includeBatchInIndex) return index!;
    const offsets = allocHost('int32', batch);
    for (let b = 0; b < batch; b++) offsets[b] = b * height * width * channels;
    return gen.add(index!, fromHost(offsets, [batch, 1, 1, 1], 'int32'));
  });
  return { output, argmax };
}

/** The checked arguments of dilation2d and erosion2d. */
function morphologyArguments(op: string, input: TensorLike, filters: TensorLike, strides: unknown, padding: unknown, dataFormat: unknown, dilations: unknown) {
  const x = toTensor(input, undefined, op);
  const w = toTensor(filters, x.dtype, op);
  if (x.rank !== 4) throw new Error(`${op}: input must be 4-D [batch, height, width, depth], got shape [${x.shape.join(', ')}].`);
  if (w.rank !== 3) throw new Error(`${op}: filters must be 3-D [height, width, depth], got shape [${w.shape.join(', ')}].`);
  if (w.dtype !== x.dtype || x.dtype === 'bool') throw new Error(`${op}: input and filters must have one numeric dtype, got ${x.dtype} and ${w.dtype}.`);
  if (w.shape[2] !== x.shape[3]) throw new Error(`${op}: filters [${w.shape.join(', ')}] are for depth ${w.shape[2]}, but the input has depth ${x.shape[3]}; they must match.`);
  if (dataFormat !== 'NHWC') throw new Error(`${op}: dataFormat must be 'NHWC' (the only one TensorFlow supports), got ${describe(dataFormat)}.`);
  const s = perSpatialDim(strides, 2, true, op, 'strides');
  const dil = perSpatialDim(dilations ?? 1, 2, true, op, 'dilations');
  const axes = windowAxes(x.shape.slice(1, 3), w.shape.slice(0, 2), s, dil, samePadding(padding, op), op);
  return { x, w, axes };
}

/** max over the window's taps t of x[tap t] + w[t]: the fold keeps the first of equal values
 * (maximum sends a tie to its first operand), so the gradient goes to the first maximum in
 * row-major order, the input and filter position TensorFlow's Dilation2D gradients choose. */
function dilate(x: Tensor, w: Tensor, axes: WindowAxis[], op: string): Tensor {
  const lowest = x.dtype === 'int32' ? -(2 ** 31) : -Infinity; // padding never wins
  const all = taps(padSpatial(x, axes, lowest), axes, op);
  const [kh, kw, depth] = w.shape as [number, number, number];
  const weights = reshape(w, [kh * kw, depth]);
  return all.map((t, i) => gen.add(t, reshape(rawSlice(weights, [i, 0], [i + 1, depth], [1, 1], op), [depth]))).reduce((m, t) => gen.maximum(m, t));
}

/**
 * tf.nn.dilation2d(input, filters, strides, padding, data_format, dilations): the greyscale
 * morphological dilation of `input` [batch, height, width, depth] by the structuring function
 * `filters` [height, width, depth], each channel on its own: output[b, y, x, c] = max over (dy,
 * dx) of input[b, y·stride + dy·rate, x·stride + dx·rate, c] + filters[dy, dx, c] (unmirrored, as
 * conv2d). `strides` and `dilations` are [1, s, s, 1] (or one or two integers); 'SAME' padding
 * never wins the maximum. The gradient goes to the first maximum of each window in row-major
 * order (input and filters), as TensorFlow's. `dataFormat` must be 'NHWC' (TensorFlow's only one).
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 5, 2, 6, 3, 4]), [1, 1, 6, 1]);
 * console.log(tf.nn.dilation2d(x, tf.zeros([1, 2, 1]), 1, 'VALID', 'NHWC', 1).reshape([-1]).arraySync()); // [ 5, 5, 6, 6, 4 ]
 * ```
 */
export function dilation2d(input: TensorLike, filters: TensorLike, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: 'NHWC' = 'NHWC', dilations: WindowInts = 1): Tensor {
  const op = 'dilation2d';
  const { x, w, axes } = morphologyArguments(op, input, filters, strides, padding, dataFormat, dilations);
  return composed(op, () => dilate(x, w, axes, op));
}

/**
 * tf.nn.erosion2d(value, filters, strides, padding, data_format, dilations): the greyscale
 * morphological erosion of `value` [batch, height, width, depth] by `filters` [height, width,
 * depth]: -dilation2d(-value, filters mirrored in height and width), TensorFlow's definition (the
 * minimum over each window of value - the mirrored filter), with its gradient.
 *
 * @example
 * ```ts
 * const x = tf.reshape(tf.constant([1, 5, 2, 6, 3, 4]), [1, 1, 6, 1]);
 * console.log(tf.nn.erosion2d(x, tf.zeros([1, 2, 1]), 1, 'VALID', 'NHWC', 1).reshape([-1]).arraySync()); // [ 1, 2, 2, 3, 3 ]
 * ```
 */
export function erosion2d(value: TensorLike, filters: TensorLike, strides: WindowInts, padding: 'SAME' | 'VALID', dataFormat: 'NHWC' = 'NHWC', dilations: WindowInts = 1): Tensor {
  const op = 'erosion2d';
  const { x, w, axes } = morphologyArguments(op, value, filters, strides, padding, dataFormat, dilations);
  return composed(op, () => gen.neg(dilate(gen.neg(x), reverse(w, [0, 1]), axes, op)));
}
