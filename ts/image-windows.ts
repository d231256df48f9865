// tf.image.draw_bounding_boxes and tf.image.extract_glimpse: images painted or cut at box and
// window coordinates, as TensorFlow's kernels place them (DrawBoundingBoxesV2, ExtractGlimpseV2).
//
// The coordinates are read in JavaScript, where each output pixel finds its source (a colour, or
// an input pixel); the pixels then move by ops (gather, where), so the result is differentiable
// in the image (TensorFlow registers no gradient for either) and a compiled function places them
// again at every call, from that call's boxes or offsets.

import { checkOptions, describe } from './describe';
import { isFloat } from './dtype';
import { traceHostValue } from './host-steps';
import { randomNormal, randomUniform, toTensor } from './creation';
import { cast, reduceMean, reshape, where } from './ops';
import * as gen from './generated/ops';
import { clipByValue } from './reductions';
import { gather } from './shape';
import { type Tensor, type TensorLike, fromHost } from './tensor';

/** TensorFlow's colours when none are given (RGBA), in this order. */
const DEFAULT_COLORS: readonly (readonly number[])[] = [
  [1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
  [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1],
];

function imageBatch(op: string, images: TensorLike): Tensor {
  const t = toTensor(images, undefined, op);
  if (t.rank !== 4) throw new Error(`${op}: images must be 4-D [batch, height, width, depth], got shape [${t.shape.join(', ')}].`);
  if (!isFloat(t.dtype)) throw new Error(`${op}: images must be float32 or float64, got ${t.dtype}.`);
  return t;
}

/**
 * tf.image.draw_bounding_boxes(images, boxes, colors): a copy of `images` [batch, height, width,
 * depth] (depth 1, 3 or 4) with the outline of each box of `boxes` [batch, boxes, 4] drawn on it,
 * a box being [y_min, x_min, y_max, x_max] relative to the image (0 to 1; rows y·(height - 1)
 * truncated to integers). Box k takes colour k modulo the number of `colors` ([n, ≥ depth] RGBA
 * rows; TensorFlow's ten when none), later boxes over earlier ones; a grayscale image is drawn
 * with 1. An inverted box, or one wholly outside, is not drawn; a line outside the image is left out.
 */
export function drawBoundingBoxes(images: TensorLike, boxes: TensorLike, colors?: TensorLike | null): Tensor {
  const op = 'image.drawBoundingBoxes';
  const img = imageBatch(op, images);
  const [batch, height, width, depth] = img.shape as [number, number, number, number];
  if (depth !== 1 && depth !== 3 && depth !== 4) throw new Error(`${op}: the channel depth should be 1 (gray), 3 (RGB) or 4 (RGBA), got ${depth}.`);
  const b = cast(toTensor(boxes, 'float32', op), 'float32');
  if (b.rank !== 3 || b.shape[2] !== 4) throw new Error(`${op}: boxes must be 3-D [batch, boxes, 4], got shape [${b.shape.join(', ')}].`);
  if (b.shape[0] !== batch) throw new Error(`${op}: images and boxes must have the same batch size, got ${batch} and ${b.shape[0]}.`);
  let table = DEFAULT_COLORS.map((c) => c.slice(0, depth));
  if (colors !== undefined && colors !== null) {
    const c = toTensor(colors, 'float32', op);
    if (c.rank !== 2) throw new Error(`${op}: colors must be a 2-D matrix [colors, channels], got shape [${c.shape.join(', ')}].`);
    if (c.shape[1]! < depth) throw new Error(`${op}: colors must have as many channels as the images (${depth}) or more, got shape [${c.shape.join(', ')}].`);
    if (c.size > 0) {
      const v = c.dataSync();
      const cols = c.shape[1]!;
      table = Array.from({ length: c.shape[0]! }, (_, i) => Array.from({ length: depth }, (_, j) => v[i * cols + j]!));
    }
  }
  if (depth === 1) for (const color of table) color[0] = 1;
  const pixels = batch * height * width;
  // Per pixel: the colour painted last (its index in the table), or -1.
  const painted = traceHostValue(([bx]) => {
    const v = bx!.dataSync();
    const out = new Int32Array(pixels).fill(-1);
    const count = bx!.shape[1]!;
    // The kernel's int64_t of float box · (size - 1): truncated toward zero.
    const at = (x: number, size: number) => Math.trunc(Math.fround(x * (size - 1)));
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < count; k++) {
        const o = (n * count + k) * 4;
        const color = k % table.length;
        const top = at(v[o]!, height), bottom = at(v[o + 2]!, height);
        const left = at(v[o + 1]!, width), right = at(v[o + 3]!, width);
        if (top > bottom || left > right) continue; // inverted
        if (top >= height || bottom < 0 || left >= width || right < 0) continue; // outside
        const rowFrom = Math.max(top, 0), rowTo = Math.min(bottom, height - 1);
        const colFrom = Math.max(left, 0), colTo = Math.min(right, width - 1);
        const paint = (r: number, c: number) => (out[(n * height + r) * width + c] = color);
        for (let c = colFrom; c <= colTo; c++) {
          if (top >= 0) paint(top, c);
          if (bottom < height) paint(bottom, c);
        }
        for (let r = rowFrom; r <= rowTo; r++) {
          if (left >= 0) paint(r, left);
          if (right < width) paint(r, right);
        }
      }
    }
    return fromHost(out, [batch, height, width, 1], 'int32');
  }, [b]);
  const palette = fromHost(Float64Array.from(table.flat()), [table.length, depth], 'float64');
  const drawn = painted.greaterEqual(0);
  // gather of index -1 is an error: unpainted pixels take colour 0, then `where` keeps the image there.
  const colored = reshape(gather(cast(palette, img.dtype), reshape(where(drawn, painted, 0), [pixels])), [batch, height, width, depth]);
  return where(drawn, colored, img);
}

/** Options of `tf.image.extractGlimpse`. */
export interface ExtractGlimpseOptions {
  /** Offsets relative to the image's centre (default true). */
  centered?: boolean;
  /** Offsets in units of the image's size (default true). */
  normalized?: boolean;
  /** What fills the window outside the image: `'uniform'` (default: uniform in [min, max] of the
   * image), `'gaussian'` (each channel's mean and standard deviation, clipped to its [min, max]) or
   * `'zero'`. */
  noise?: 'uniform' | 'gaussian' | 'zero';
}

/**
 * tf.image.extract_glimpse(input, size, offsets, {centered, normalized, noise}): windows of
 * `size` [height, width] cut from each image of `input` [batch, height, width, channels] at
 * `offsets` [batch, 2] (y, x), placed as TensorFlow's kernel places them: normalized and centered
 * offsets (-1 to 1) are the window's centre; otherwise the offset (in pixels, from the centre if
 * centered, or in units of the image's size from its top left if normalized) is the window's top
 * left corner; the corner is truncated to whole pixels. Where the window leaves the image it is
 * filled with noise (random numbers gradtape draws, as TensorFlow's unseeded ones are its own).
 */
export function extractGlimpse(input: TensorLike, size: TensorLike, offsets: TensorLike, options: ExtractGlimpseOptions = {}): Tensor {
  const op = 'image.extractGlimpse';
  const img = imageBatch(op, input);
  const { centered = true, normalized = true, noise = 'uniform' } = checkOptions(options, op, ['centered', 'normalized', 'noise'], "{centered: true, normalized: true, noise: 'zero'}") as ExtractGlimpseOptions;
  if (typeof centered !== 'boolean' || typeof normalized !== 'boolean') {
    throw new Error(`${op}: centered and normalized must be booleans, got ${describe(centered)} and ${describe(normalized)}.`);
  }
  if (noise !== 'uniform' && noise !== 'gaussian' && noise !== 'zero') throw new Error(`${op}: noise must be 'uniform', 'gaussian' or 'zero', got ${describe(noise)}.`);
  const [batch, height, width, channels] = img.shape as [number, number, number, number];
  if (height === 0 || width === 0) throw new Error(`${op}: the images must not be empty, got shape [${img.shape.join(', ')}].`);
  const s = Array.from(toTensor(size, 'int32', op).dataSync());
  if (s.length !== 2 || !s.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${op}: size must be two non-negative integers [height, width], got ${describe(s)}.`);
  const [windowHeight, windowWidth] = s as [number, number];
  const off = cast(toTensor(offsets, 'float32', op), 'float32');
  if (off.rank !== 2 || off.shape[0] !== batch || off.shape[1] !== 2) {
    throw new Error(`${op}: offsets must be [batch, 2] = [${batch}, 2], got shape [${off.shape.join(', ')}].`);
  }
  const cells = windowHeight * windowWidth;
  // Per output pixel: the input pixel it copies (row of the [batch·height·width, channels] input), or -1.
  const source = traceHostValue(([o]) => {
    const v = o!.dataSync();
    const out = new Int32Array(batch * cells).fill(-1);
    const f = Math.fround;
    for (let n = 0; n < batch; n++) {
      // The kernel's float arithmetic, then (Index) x: truncated toward zero.
      let y = f(v[2 * n]!), x = f(v[2 * n + 1]!);
      if (normalized) {
        x = f(x * width);
        y = f(y * height);
        if (centered) {
          x = f(f(f(x / 2) + f(width / 2)) - f(windowWidth / 2));
          y = f(f(f(y / 2) + f(height / 2)) - f(windowHeight / 2));
        }
      } else if (centered) {
        x = f(x + f(width / 2));
        y = f(y + f(height / 2));
      }
      const left = Math.trunc(x), top = Math.trunc(y);
      for (let r = 0; r < windowHeight; r++) {
        const row = top + r;
        if (row < 0 || row >= height) continue;
        for (let c = 0; c < windowWidth; c++) {
          const col = left + c;
          if (col >= 0 && col < width) out[n * cells + r * windowWidth + c] = (n * height + row) * width + col;
        }
      }
    }
    return fromHost(out, [batch, windowHeight, windowWidth, 1], 'int32');
  }, [off]);
  const inside = source.greaterEqual(0);
  const copied = reshape(gather(reshape(img, [batch * height * width, channels]), reshape(where(inside, source, 0), [batch * cells])), [batch, windowHeight, windowWidth, channels]);
  const shape = [batch, windowHeight, windowWidth, channels];
  let fill: Tensor;
  if (noise === 'zero' || batch * cells === 0) {
    fill = cast(0, img.dtype);
  } else if (noise === 'uniform') {
    // Uniform in [min, max] of each image (all channels).
    const lo = gen.reduceMin(img, [1, 2, 3], true), hi = gen.reduceMax(img, [1, 2, 3], true);
    fill = lo.add(randomUniform(shape, { dtype: img.dtype }).mul(hi.sub(lo)));
  } else {
    // Each channel's mean and standard deviation (population), clipped to its [min, max].
    const mean = reduceMean(img, [1, 2], true);
    const sigma = reduceMean(img.sub(mean).square(), [1, 2], true).sqrt();
    const drawn = mean.add(randomNormal(shape, { dtype: img.dtype }).mul(sigma));
    fill = clipByValue(drawn, gen.reduceMin(img, [1, 2], true), gen.reduceMax(img, [1, 2], true));
  }
  return where(inside, copied, fill);
}
