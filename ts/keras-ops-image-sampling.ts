// keras.ops.image's ops that read images at computed coordinates, as Keras' JAX backend runs them
// through jax.scipy.ndimage.map_coordinates (jax/_src/scipy/ndimage.py): map_coordinates itself,
// affine_transform, perspective_transform and elastic_transform.
//
// Along each axis a coordinate c gives nodes: order 0 the index round(c) (half away from zero) with
// weight 1; order 1 the indices ⌊c⌋ and ⌊c⌋ + 1 with weights 1 − (c − ⌊c⌋) and c − ⌊c⌋. Every
// combination of one node per axis contributes Π weights · input[indices], summed in JAX's order
// (the first axis' nodes outermost). An index outside the input is mapped back by the fill mode:
// 'nearest' clamps (a a | a b c d | d d), 'wrap' takes it modulo the size (c d | a b c d | a b),
// 'mirror' reflects about the edge pixels (c b | a b c d | c b), 'reflect' about the edges
// (b a | a b c d | d c); 'constant' reads `fillValue` for a combination with any index outside.
// Int inputs are interpolated in float32 and rounded half away from zero. Everything is table ops
// (gathers, where, floor), so the result differentiates with respect to the input and, for order
// 1, the coordinates (and through them an affine transform or a perspective's points).

import { composed } from './composite';
import { describe } from './describe';
import * as gen from './generated/ops';
import { solve } from './linalg';
import { broadcastTo, cast, concat, reshape, where } from './ops';
import { opSeedPair } from './random';
import { clipByValue } from './reductions';
import { expandDims, gather, range, sliceAxis, stack } from './shape';
import { Tensor, type TensorLike, fromHost } from './tensor';
import { asTensor } from './keras-ops-numpy';
import { jaxNormalFloat32 } from './jax-random';
import { gaussianBlurBatch } from './keras-ops-image-layout';
import { asBatchChannelsLast, choiceOf, dataFormatOf, imagesOf, notBool, numberOf, optionsOf, pyShape } from './keras-ops-image-args';

/** How map_coordinates and the transforms fill points outside the input. */
export type KerasFillMode = 'constant' | 'nearest' | 'wrap' | 'mirror' | 'reflect';
const FILL_MODES: readonly KerasFillMode[] = ['constant', 'nearest', 'wrap', 'mirror', 'reflect'];
/** How the transforms sample the input: nearest neighbour or (bi)linear. */
export type KerasTransformInterpolation = 'nearest' | 'bilinear';
const INTERPOLATIONS: readonly KerasTransformInterpolation[] = ['bilinear', 'nearest'];

/** One interpolation node along an axis: an index (int32, before the fill mode) and its weight (null for 1). */
interface Node {
  index: Tensor;
  weight: Tensor | null;
}
/** An axis sampled at coordinates (its nodes), or read at exact indices (the batch and channel axes of images). */
type Axis = { nodes: Node[] } | { exact: Tensor };

/** Round half away from zero, as XLA's round: trunc(c), plus sign(c) where |c − trunc(c)| >= ½. */
function roundHalfAway(c: Tensor): Tensor {
  const sign = gen.sign(c);
  const truncated = gen.mul(sign, gen.floor(gen.abs(c)));
  return gen.add(truncated, where(gen.greaterEqual(gen.abs(gen.sub(c, truncated)), 0.5), sign, 0));
}

/** The nodes of coordinates `c` (float) for interpolation `order`. */
function nodesOf(c: Tensor, order: 0 | 1): Node[] {
  if (order === 0) return [{ index: cast(roundHalfAway(c), 'int32'), weight: null }];
  const lower = gen.floor(c);
  const upper = gen.sub(c, lower);
  const index = cast(lower, 'int32');
  return [{ index, weight: gen.sub(1, upper) }, { index: gen.add(index, 1), weight: upper }];
}

/** |(i + s) mod 2s − s| with s = size − 1: a triangular wave folding any index into [0, size − 1]. */
function mirrored(index: Tensor, size: number): Tensor {
  if (size === 1) return gen.mul(index, 0);
  const s = size - 1;
  return gen.abs(gen.sub(gen.mod(gen.add(index, s), 2 * s), s));
}

/** `index` mapped into [0, size − 1] by the fill mode (for 'constant', clamped: the value read there is replaced). */
function fixIndex(index: Tensor, size: number, mode: KerasFillMode): Tensor {
  switch (mode) {
    case 'wrap':
      return gen.mod(index, size);
    case 'mirror':
      return mirrored(index, size);
    case 'reflect':
      return gen.floorDiv(gen.sub(mirrored(gen.add(gen.mul(index, 2), 1), 2 * size + 1), 1), 2);
    default:
      return clipByValue(index, 0, size - 1);
  }
}

/**
 * Σ over one node per axis of Π weights · input[indices], in JAX's order; index tensors broadcast
 * to `outShape`. Float inputs give their dtype; int32 ones are interpolated in float32 and rounded
 * half away from zero.
 */
function sample(input: Tensor, axes: Axis[], mode: KerasFillMode, fillValue: number, outShape: number[]): Tensor {
  const sizes = input.shape;
  const strides = sizes.map((_, d) => sizes.slice(d + 1).reduce((a, b) => a * b, 1));
  const flat = reshape(input, [-1]);
  const isInt = input.dtype === 'int32';
  const valueDtype = isInt ? 'float32' : input.dtype;
  // JAX reads the fill value in the input's dtype (truncated for int32).
  const fill = isInt ? Math.trunc(fillValue) : fillValue;
  const prepared = axes.map((axis, d) =>
    'exact' in axis
      ? [{ index: axis.exact, valid: null as Tensor | null, weight: null as Tensor | null }]
      : axis.nodes.map((n) => ({
        index: fixIndex(n.index, sizes[d]!, mode),
        valid: mode === 'constant' ? gen.logicalAnd(gen.greaterEqual(n.index, 0), gen.less(n.index, sizes[d]!)) : null,
        weight: n.weight,
      })));
  const terms: Tensor[] = [];
  const visit = (d: number, chosen: (typeof prepared)[number]): void => {
    if (d === prepared.length) {
      const flatIndex = chosen.map((n, a) => gen.mul(n.index, strides[a]!)).reduce((a, b) => gen.add(a, b));
      let value = gather(flat, broadcastTo(flatIndex, outShape));
      const valids = chosen.map((n) => n.valid).filter((v): v is Tensor => v !== null);
      if (valids.length > 0) value = where(valids.reduce((a, b) => gen.logicalAnd(a, b)), value, fill);
      if (isInt) value = cast(value, valueDtype);
      // JAX's Π weights · value: the weights multiplied first, in the axes' order.
      const weights = chosen.map((n) => n.weight).filter((w): w is Tensor => w !== null);
      const w = weights.length > 0 ? weights.reduce((a, b) => gen.mul(a, b)) : null;
      terms.push(w === null ? value : gen.mul(w.dtype === valueDtype ? w : cast(w, valueDtype), value));
      return;
    }
    for (const node of prepared[d]!) visit(d + 1, [...chosen, node]);
  };
  visit(0, []);
  // Summed left to right, as JAX's sum(terms[1:], terms[0]).
  const total = terms.reduce((a, b) => gen.add(a, b));
  return isInt ? cast(roundHalfAway(total), 'int32') : total;
}

/** A fill mode option; `lead` is Keras' wording of its message for that op. */
const fillModeOf = (value: unknown, fallback: KerasFillMode, op: string, lead: string) => choiceOf(value, fallback, FILL_MODES, op, 'fillMode', 'set', lead);

// ---- map_coordinates ----------------------------------------------------------------------------

/** keras.ops.image.map_coordinates' options. */
export interface KerasMapCoordinatesOptions {
  /** `'constant'` (default), `'nearest'`, `'wrap'`, `'mirror'` or `'reflect'`. */
  fillMode?: KerasFillMode;
  /** The value read outside the input with fillMode 'constant'; default 0. */
  fillValue?: number;
}

/**
 * keras.ops.image.map_coordinates(inputs, coordinates, order, fill_mode='constant', fill_value=0):
 * `inputs` (any rank n) read at `coordinates` [n, ...outShape] (or a list of n tensors of
 * outShape) by nearest-neighbour (order 0) or linear (order 1) interpolation; the result has shape
 * outShape and the inputs' dtype. Points outside are filled by `fillMode`: 'constant' reads
 * `fillValue`, 'nearest' the edge pixel, 'wrap' (a b c d | a b c d) the other edge, 'mirror'
 * (c b | a b c d | c b) reflects about the edge pixels and 'reflect' (b a | a b c d | d c) about
 * the edges (JAX's rules, which differ from scipy's 'wrap' and 'constant': JAX fixed scipy's bug
 * 2640).
 *
 * @example
 * ```ts
 * const grid = tf.reshape(tf.range(0, 12, 1, 'float32'), [3, 4]);
 * console.log(tf.keras.ops.image.mapCoordinates(grid, [[0.5, 1.5], [1.5, 2.5]], 1).arraySync()); // [ 3.5, 8.5 ]
 * const line = tf.constant([1, 2, 3, 4]);
 * const outside = [[-2, -1, 4, 5]];
 * console.log(tf.keras.ops.image.mapCoordinates(line, outside, 0, { fillMode: 'reflect' }).arraySync()); // [ 2, 1, 4, 3 ]
 * console.log(tf.keras.ops.image.mapCoordinates(line, outside, 0, { fillMode: 'mirror' }).arraySync()); // [ 3, 2, 3, 2 ]
 * console.log(tf.keras.ops.image.mapCoordinates(line, outside, 0, { fillMode: 'wrap' }).arraySync()); // [ 3, 4, 1, 2 ]
 * ```
 */
export function mapCoordinates(inputs: TensorLike, coordinates: TensorLike | readonly TensorLike[], order: number, options?: KerasMapCoordinatesOptions): Tensor {
  const op = 'mapCoordinates';
  const o = optionsOf(options, op, ['fillMode', 'fillValue'], "{fillMode: 'nearest'}");
  const x = asTensor(inputs, op);
  const c = Array.isArray(coordinates) && coordinates.some((v) => v instanceof Tensor)
    ? stack((coordinates as TensorLike[]).map((v) => asTensor(v, op)))
    : asTensor(coordinates as TensorLike, op);
  if (c.rank === 0 || c.shape[0] !== x.rank) {
    throw new Error(`${op}: First dim of \`coordinates\` must be the same as the rank of \`inputs\`. Received inputs with shape: ${pyShape(x.shape)} and coordinate leading dim of ${c.shape[0] ?? 'None'}`);
  }
  if (c.rank < 2) throw new Error(`${op}: Invalid coordinates rank: expected at least rank 2. Received input with shape: ${pyShape(c.shape)}`);
  const mode = fillModeOf(o.fillMode, 'constant', op, 'Expected one of');
  if (order !== 0 && order !== 1) throw new Error(`${op}: Invalid value for argument \`order\`. Expected one of [0, 1]. Received: order=${typeof order === 'number' ? order : describe(order)}`);
  const fillValue = numberOf(o.fillValue, 0, op, 'fillValue');
  notBool(x, op, 'inputs');
  notBool(c, op, 'coordinates');
  return composed(op, () => {
    const cf = c.dtype === 'float32' || c.dtype === 'float64' ? c : cast(c, 'float32');
    const outShape = c.shape.slice(1);
    const axes = x.shape.map((_, d) => ({ nodes: nodesOf(reshape(sliceAxis(cf, 0, d, 1, op), outShape), order) }));
    return sample(x, axes, mode, fillValue, outShape);
  });
}

// ---- affine_transform -------------------------------------------------------------------------

/** keras.ops.image.affine_transform's options. */
export interface KerasAffineTransformOptions {
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: KerasTransformInterpolation;
  /** `'constant'` (default), `'nearest'`, `'wrap'`, `'mirror'` or `'reflect'`. */
  fillMode?: KerasFillMode;
  /** The value outside the images with fillMode 'constant'; default 0. */
  fillValue?: number;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Float coordinates' dtype: float64 when the images or the given values are, else float32. */
const coordinateDtype = (x: Tensor, t: Tensor): 'float32' | 'float64' => (x.dtype === 'float64' || t.dtype === 'float64' ? 'float64' : 'float32');

/** The batch indices [b, 1, 1, 1] and channel indices [1, 1, 1, c] of [b, h, w, c] images. */
const batchAxis = (b: number): Axis => ({ exact: reshape(range(0, b, 1, 'int32'), [b, 1, 1, 1]) });
const channelAxis = (c: number): Axis => ({ exact: reshape(range(0, c, 1, 'int32'), [1, 1, 1, c]) });

/**
 * keras.ops.image.affine_transform(images, transform, interpolation='bilinear',
 * fill_mode='constant', fill_value=0, data_format=None): output pixel (x, y) of channel k reads
 * the input at row b0·x + b1·y + c0·k + b2 and column a0·x + a1·y + c1·k + a2, for the transform
 * row [a0, a1, a2, b0, b1, b2, c0, c1] of its image ([8] for one image, [batch, 8] for a batch; one
 * row also serves a whole batch). As on Keras' JAX backend, c0 and c1 are not a projective divisor:
 * they shift channel k by c0·k rows and c1·k columns, so pass zeros for an affine map. Sampled by
 * map_coordinates (order 0 for 'nearest', 1 for 'bilinear') with the fill mode. Differentiable with
 * respect to the images and, for 'bilinear', the transform.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 9, 1, 'float32'), [3, 3, 1]);
 * // Each output column x reads input column x + 1: the image moves one pixel left.
 * const moved = tf.keras.ops.image.affineTransform(image, [1, 0, 1, 0, 1, 0, 0, 0], { fillValue: -1 });
 * console.log(moved.reshape([3, 3]).arraySync()); // [ [ 1, 2, -1 ], [ 4, 5, -1 ], [ 7, 8, -1 ] ]
 * ```
 */
export function affineTransform(images: TensorLike, transform: TensorLike, options?: KerasAffineTransformOptions): Tensor {
  const op = 'affineTransform';
  const o = optionsOf(options, op, ['interpolation', 'fillMode', 'fillValue', 'dataFormat'], "{fillMode: 'nearest'}");
  const format = dataFormatOf(o.dataFormat, op);
  const interpolation = choiceOf(o.interpolation, 'bilinear', INTERPOLATIONS, op, 'interpolation');
  const mode = fillModeOf(o.fillMode, 'constant', op, 'Expected of one');
  const t = asTensor(transform, op);
  const x = imagesOf(images, op);
  if (t.rank !== 1 && t.rank !== 2) {
    throw new Error(`${op}: Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of transforms). Received input with shape: transform.shape=${pyShape(t.shape)}`);
  }
  const fillValue = numberOf(o.fillValue, 0, op, 'fillValue');
  notBool(x, op);
  notBool(t, op, 'transform');
  const batch = x.rank === 4 ? x.shape[0]! : 1;
  const rows = t.rank === 1 ? 1 : t.shape[0]!;
  if (t.shape[t.rank - 1] !== 8 || (rows !== batch && rows !== 1)) {
    throw new Error(`${op}: transform must be [8] or [n, 8] with n = 1 or the number of images (${batch}), got shape ${pyShape(t.shape)}.`);
  }
  return composed(op, () => {
    const [b, back] = asBatchChannelsLast(x, format);
    const [, h, w, c] = b.shape as [number, number, number, number];
    const dtype = coordinateDtype(x, t);
    const m = reshape(cast(t, dtype), [rows, 8]);
    const col = (i: number) => reshape(sliceAxis(m, 1, i, 1, op), [rows, 1, 1, 1]);
    const gy = reshape(range(0, h, 1, dtype), [1, h, 1, 1]);
    const gx = reshape(range(0, w, 1, dtype), [1, 1, w, 1]);
    const gk = reshape(range(0, c, 1, dtype), [1, 1, 1, c]);
    // Keras' einsum of the (row, column, channel) indices with the rearranged 3×3 matrix, in its order.
    const row = gen.add(gen.add(gen.add(gen.mul(gy, col(4)), gen.mul(gx, col(3))), gen.mul(gk, col(6))), col(5));
    const column = gen.add(gen.add(gen.add(gen.mul(gy, col(1)), gen.mul(gx, col(0))), gen.mul(gk, col(7))), col(2));
    const order = interpolation === 'nearest' ? 0 : 1;
    const axes: Axis[] = [batchAxis(b.shape[0]!), { nodes: nodesOf(row, order) }, { nodes: nodesOf(column, order) }, channelAxis(c)];
    return back(sample(b, axes, mode, fillValue, [...b.shape]));
  });
}

// ---- perspective_transform --------------------------------------------------------------------

/** keras.ops.image.perspective_transform's options. */
export interface KerasPerspectiveTransformOptions {
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: KerasTransformInterpolation;
  /** The value outside the images; default 0. */
  fillValue?: number;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Points [4, 2] or [n, 4, 2], with Keras' message otherwise. */
function pointsOf(points: TensorLike, op: string, name: string): Tensor {
  const p = asTensor(points, op);
  if ((p.rank !== 2 && p.rank !== 3) || p.shape[p.rank - 2] !== 4 || p.shape[p.rank - 1] !== 2) {
    throw new Error(`${op}: Invalid ${name} shape: expected (4,2) for a single image or (N,4,2) for a batch. Received shape: ${pyShape(p.shape)}`);
  }
  notBool(p, op, name);
  return p;
}

/**
 * The homography [n, 8] taking each end point to its start point (Keras' compute_homography_matrix):
 * the 8×8 system of x_s = (h0·x_e + h1·y_e + h2)/(h6·x_e + h7·y_e + 1), y_s likewise, solved.
 */
function homography(start: Tensor, end: Tensor): Tensor {
  const n = start.shape[0]!;
  const part = (p: Tensor, i: number) => reshape(sliceAxis(p, 2, i, 1, 'perspectiveTransform'), [n, 4]);
  const [sx, sy, ex, ey] = [part(start, 0), part(start, 1), part(end, 0), part(end, 1)];
  const zeros = gen.mul(ex, 0);
  const ones = gen.add(zeros, 1);
  const xRows = stack([ex, ey, ones, zeros, zeros, zeros, gen.mul(gen.neg(sx), ex), gen.mul(gen.neg(sx), ey)], -1);
  const yRows = stack([zeros, zeros, zeros, ex, ey, ones, gen.mul(gen.neg(sy), ex), gen.mul(gen.neg(sy), ey)], -1);
  const system = concat([xRows, yRows], 1);
  const target = expandDims(concat([sx, sy], -1), -1);
  return reshape(solve(system, target), [n, 8]);
}

/**
 * keras.ops.image.perspective_transform(images, start_points, end_points,
 * interpolation='bilinear', fill_value=0, data_format=None): the perspective map taking the four
 * `endPoints` ([x, y] each) to the four `startPoints`; output pixel (x, y) reads the input at
 * ((h0·x + h1·y + h2)/k, (h3·x + h4·y + h5)/k), k = h6·x + h7·y + 1 ('constant' fill). Points are
 * [4, 2] for one image or [n, 4, 2]; one set also serves a whole batch. Differentiable with respect
 * to the images and, for 'bilinear', the points.
 */
export function perspectiveTransform(images: TensorLike, startPoints: TensorLike, endPoints: TensorLike, options?: KerasPerspectiveTransformOptions): Tensor {
  const op = 'perspectiveTransform';
  const o = optionsOf(options, op, ['interpolation', 'fillValue', 'dataFormat'], "{interpolation: 'nearest'}");
  const format = dataFormatOf(o.dataFormat, op);
  const interpolation = choiceOf(o.interpolation, 'bilinear', INTERPOLATIONS, op, 'interpolation');
  const x = imagesOf(images, op);
  const start = pointsOf(startPoints, op, 'startPoints');
  const end = pointsOf(endPoints, op, 'endPoints');
  if (start.shape.join() !== end.shape.join()) {
    throw new Error(`${op}: startPoints and endPoints must have the same shape. Received startPoints.shape=${pyShape(start.shape)}, endPoints.shape=${pyShape(end.shape)}`);
  }
  const fillValue = numberOf(o.fillValue, 0, op, 'fillValue');
  notBool(x, op);
  const batch = x.rank === 4 ? x.shape[0]! : 1;
  const sets = start.rank === 3 ? start.shape[0]! : 1;
  if (sets !== batch && sets !== 1) throw new Error(`${op}: points must be given for 1 or ${batch} images (one set per image), got shape ${pyShape(start.shape)}.`);
  return composed(op, () => {
    const [b, back] = asBatchChannelsLast(x, format);
    const [, h, w, c] = b.shape as [number, number, number, number];
    const dtype = coordinateDtype(x, start);
    const m = homography(reshape(cast(start, dtype), [sets, 4, 2]), reshape(cast(end, dtype), [sets, 4, 2]));
    const col = (i: number) => reshape(sliceAxis(m, 1, i, 1, op), [sets, 1, 1, 1]);
    const gx = reshape(range(0, w, 1, dtype), [1, 1, w, 1]);
    const gy = reshape(range(0, h, 1, dtype), [1, h, 1, 1]);
    const denominator = gen.add(gen.add(gen.mul(col(6), gx), gen.mul(col(7), gy)), 1);
    const column = gen.div(gen.add(gen.add(gen.mul(col(0), gx), gen.mul(col(1), gy)), col(2)), denominator);
    const row = gen.div(gen.add(gen.add(gen.mul(col(3), gx), gen.mul(col(4), gy)), col(5)), denominator);
    const order = interpolation === 'nearest' ? 0 : 1;
    const axes: Axis[] = [batchAxis(b.shape[0]!), { nodes: nodesOf(row, order) }, { nodes: nodesOf(column, order) }, channelAxis(c)];
    return back(sample(b, axes, 'constant', fillValue, [...b.shape]));
  });
}

// ---- elastic_transform ------------------------------------------------------------------------

/** keras.ops.image.elastic_transform's options. */
export interface KerasElasticTransformOptions {
  /** The strength of the displacement; default 20. */
  alpha?: number;
  /** The deviation of the noise and of the Gaussian that smooths it; default 5. */
  sigma?: number;
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: KerasTransformInterpolation;
  /** `'reflect'` (default), `'constant'`, `'nearest'`, `'wrap'` or `'mirror'`. */
  fillMode?: KerasFillMode;
  /** The value outside the images with fillMode 'constant'; default 0. */
  fillValue?: number;
  /** An integer in [0, 2³² − 1]: the draws are JAX's from the key [seed, 0], as Keras makes it; null (default) draws a seed. */
  seed?: number | null;
  /** `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/**
 * keras.ops.image.elastic_transform(images, alpha=20.0, sigma=5.0, interpolation='bilinear',
 * fill_mode='reflect', fill_value=0.0, seed=None, data_format=None): each image displaced by noise
 * n ~ N(0, 1)·σ per pixel, blurred by gaussianBlur with kernel int(6σ) | 1 and deviation σ, and
 * scaled by α: output (x, y) reads the input at (x + α·d, y + α·d) with the fill mode. As on Keras'
 * JAX backend the noise is jax.random.normal's from the key [seed, 0] (ts/jax-random.ts), and the
 * row and column displacements are the same draw (Keras draws both from one key), so a seeded call
 * gives Keras' numbers (float32; float64 images get the float32 draws, widened). Float images only.
 * Differentiable with respect to the images.
 */
export function elasticTransform(images: TensorLike, options?: KerasElasticTransformOptions): Tensor {
  const op = 'elasticTransform';
  const o = optionsOf(options, op, ['alpha', 'sigma', 'interpolation', 'fillMode', 'fillValue', 'seed', 'dataFormat'], '{alpha: 10, sigma: 3, seed: 42}');
  const format = dataFormatOf(o.dataFormat, op);
  const interpolation = choiceOf(o.interpolation, 'bilinear', INTERPOLATIONS, op, 'interpolation');
  const mode = fillModeOf(o.fillMode, 'reflect', op, 'Expected of one');
  const x = imagesOf(images, op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`${op}: images must be float32 or float64 (the displacement noise is drawn in their dtype), got ${x.dtype}; cast them first.`);
  }
  const alpha = numberOf(o.alpha, 20, op, 'alpha');
  const sigma = numberOf(o.sigma, 5, op, 'sigma');
  const fillValue = numberOf(o.fillValue, 0, op, 'fillValue');
  if (o.seed !== undefined && o.seed !== null && (typeof o.seed !== 'number' || !Number.isSafeInteger(o.seed) || o.seed < 0 || o.seed > 4294967295)) {
    throw new Error(`${op}: seed must be an integer in [0, 2**32 - 1] or null, got ${describe(o.seed)}.`);
  }
  const seed = typeof o.seed === 'number' ? o.seed : opSeedPair(undefined)[0] >>> 0;
  return composed(op, () => {
    const [b, back] = asBatchChannelsLast(x, format);
    const [n, h, w, c] = b.shape as [number, number, number, number];
    const dtype = x.dtype as 'float32' | 'float64';
    // Keras computes 6σ with σ a float32 tensor.
    const sigmaF = dtype === 'float32' ? Math.fround(sigma) : sigma;
    const size = Math.trunc(dtype === 'float32' ? Math.fround(6 * sigmaF) : 6 * sigmaF) | 1;
    const draws = fromHost(jaxNormalFloat32([seed, 0], n * h * w), [n, h, w, 1], 'float32');
    const noise = dtype === 'float32' ? draws : cast(draws, dtype);
    const displacement = gen.mul(gaussianBlurBatch(gen.mul(noise, sigma), [size, size], [sigma, sigma]), alpha);
    const rows = gen.add(reshape(range(0, h, 1, dtype), [1, h, 1, 1]), displacement);
    const columns = gen.add(reshape(range(0, w, 1, dtype), [1, 1, w, 1]), displacement);
    const order = interpolation === 'nearest' ? 0 : 1;
    const axes: Axis[] = [batchAxis(n), { nodes: nodesOf(rows, order) }, { nodes: nodesOf(columns, order) }, channelAxis(c)];
    return back(sample(b, axes, mode, fillValue, [n, h, w, c]));
  });
}
