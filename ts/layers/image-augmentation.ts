// Keras 3's random image augmentation layers (keras/src/layers/preprocessing/image_preprocessing/)
// as they run with the TensorFlow backend: RandomFlip, RandomCrop, RandomContrast,
// RandomBrightness, and the geometric RandomRotation, RandomTranslation, RandomZoom and RandomShear, which
// build the affine matrices Keras builds and sample with ImageProjectiveTransformV3
// (./projective-transform). Each draws with keras.random from a SeedGenerator made from its
// `seed`, as Keras' layers do, so a seeded layer draws Keras' numbers, new ones at each call (a
// call's own `seed` draws with that integer instead).

import { fill, onesLike, zerosLike } from '../creation';
import { type DType } from '../dtype';
import { SeedGenerator, uniform as kerasUniform } from '../keras-random';
import { makeDefaultSeed } from '../python-random';
import { valueError } from '../debugging';
import { describe, isPlainObject, type PositionalThenOptions } from '../describe';
import { add, cos, greater, lessEqual, mul, sin, sub } from '../generated/ops';
import { cast, concat, reduceMean, reshape, where } from '../ops';
import { clipByValue } from '../reductions';
import { reverse, stack, unstack } from '../shape';
import type { Tensor } from '../tensor';
import { type DataFormat, valueText } from './arguments';
import { type DrawSeed, ImagePreprocessingLayer, type ImagePreprocessingOptions, numberOption, sideLength, tupleText } from './image-preprocessing';
import { resize } from '../image';
import type { LayerShape } from './layer';
import { layerArguments, requiredLayerArguments, takeArguments } from './layer';
import { FILL_MODES, type FillMode, TRANSFORM_INTERPOLATIONS, type TransformInterpolation, imageProjectiveTransform } from './projective-transform';

export type { FillMode, TransformInterpolation } from './projective-transform';

/** Options of the random layers: the seed of their draws. */
export interface RandomLayerOptions extends ImagePreprocessingOptions {
  /** The seed of the layer's SeedGenerator, which draws its transformations, or null. */
  seed?: number | null;
}

/** Python's ValueError, as Keras raises it for a bad argument, naming the layer. */
export const valueErrorOf = (op: string, message: string): Error => valueError(`${op}: ${message}`);

/** The `seed` option: an integer or null. */
export function seedOption(value: unknown, op: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value)) throw new Error(`${op}: seed must be an integer, got ${describe(value)}.`);
  return value as number;
}

/** A factor, or [lower, upper]: Keras' BaseImagePreprocessingLayer._set_factor within `bounds`. */
export function baseFactor(factor: unknown, bounds: [number, number], op: string): [number, number] {
  const message = `${op}: The \`factor\` argument should be a number (or a list of two numbers) in the range [${bounds[0]}, ${bounds[1]}]. Received: factor=${valueText(factor)}`;
  if (Array.isArray(factor)) {
    if (factor.length !== 2 || !factor.every((f) => typeof f === 'number' && Number.isFinite(f))) throw new Error(message);
    if (factor[0] > bounds[1] || factor[1] < bounds[0]) throw new Error(message);
    const [a, b] = factor as [number, number];
    return a <= b ? [a, b] : [b, a];
  }
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < bounds[0] || factor > bounds[1]) throw new Error(message);
  const f = Math.abs(factor);
  return [Math.max(-f, bounds[0]), f];
}

/** The `valueRange` option of RandomContrast and RandomBrightness (default [0, 255]): two
 * numbers, as given (RandomBrightness sorts them); Keras' RandomBrightness message otherwise
 * (Keras' RandomContrast takes any value unchecked). */
function valueRangeOption(value: unknown, op: string): [number, number] {
  const range = value ?? [0, 255];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number')) {
    throw new Error(`${op}: The \`valueRange\` argument should be a list of two numbers. Received: valueRange=${valueText(range)}`);
  }
  return [range[0], range[1]];
}

/** A height or width factor of RandomTranslation (range [-1, 1]) or RandomZoom ((-1, 1]): [lower, upper]. */
function axisFactor(factor: unknown, name: string, op: string, zoom: boolean): [number, number] {
  const message = zoom
    ? 'The `heightFactor` and `widthFactor` arguments should be a number (or a list of two numbers) in the range (-1.0, 1.0]. '
    : 'The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ';
  const check = (v: number): void => {
    if (v > 1 || (zoom ? v <= -1 : v < -1)) throw new Error(`${op}: ${message}Received: input_number=${v}`);
  };
  if (Array.isArray(factor)) {
    if (factor.length !== 2 || !factor.every((f) => typeof f === 'number' && Number.isFinite(f))) throw new Error(`${op}: ${message}Received: ${name}=${valueText(factor)}`);
    const [a, b] = factor as [number, number];
    check(a);
    check(b);
    return a <= b ? [a, b] : [b, a];
  }
  if (typeof factor !== 'number' || !Number.isFinite(factor)) throw new Error(`${op}: ${message}Received: ${name}=${valueText(factor)}`);
  check(factor);
  return [-Math.abs(factor), Math.abs(factor)];
}

/** keras.random.uniform in [lower, upper) (also when they are equal: the draw advances the
 * generator, as Keras' does), in `dtype` or the default float. */
function uniform(shape: number[], lower: number, upper: number, seed: number | SeedGenerator, dtype: DType | null = null): Tensor {
  return kerasUniform(shape, { minval: lower, maxval: upper, dtype, seed });
}

/** The fill mode, interpolation and fill value of the geometric layers, checked with Keras' messages. */
function geometricOptions(o: GeometricOptions, op: string): [FillMode, TransformInterpolation, number] {
  const fillMode = o.fillMode ?? 'reflect';
  if (!FILL_MODES.includes(fillMode)) throw new Error(`${op}: Unknown \`fillMode\` ${String(fillMode)}. Expected of one ${tupleText(FILL_MODES)}.`);
  const interpolation = o.interpolation ?? 'bilinear';
  if (!TRANSFORM_INTERPOLATIONS.includes(interpolation)) throw new Error(`${op}: Unknown \`interpolation\` ${String(interpolation)}. Expected of one ${tupleText(TRANSFORM_INTERPOLATIONS)}.`);
  return [fillMode, interpolation, numberOption(o.fillValue ?? 0, 'fillValue', op)];
}

/** The batch size of images of rank 3 (1) or 4. */
export const batchOf = (images: Tensor): number => (images.rank === 4 ? images.shape[0]! : 1);

/** The flip modes of RandomFlip. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';
const FLIP_MODES: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];

/** Keras 3's positional arguments of RandomFlip after mode, in its order. */
type RandomFlipPositional = [seed?: number | null, dataFormat?: DataFormat | null];

/**
 * keras.layers.RandomFlip(mode = 'horizontal_and_vertical', {seed, dataFormat}): in training,
 * each image mirrored left to right ('horizontal'), upside down ('vertical'), or — with
 * 'horizontal_and_vertical' — both at once (Keras 3 draws one decision per image for both), with
 * probability ½. Images come out in the layer's dtype.
 *
 * @example
 * ```ts
 * const flip = new tf.keras.layers.RandomFlip('horizontal', { seed: 1 });
 * const image = tf.reshape(tf.range(0, 3), [1, 3, 1]);
 * console.log(flip(image, { training: false }).reshape([3]).arraySync()); // [ 0, 1, 2 ]
 * const row = flip(image).reshape([3]).arraySync() as number[];
 * console.log(['0,1,2', '2,1,0'].includes(row.join())); // true
 * ```
 */
export class RandomFlip extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** Which flips. */
  readonly mode: FlipMode;
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /**
   * @param mode 'horizontal', 'vertical' or 'horizontal_and_vertical' (default).
   * @param options `seed`, `dataFormat` and the layer options.
   */
  constructor(mode?: FlipMode, options?: RandomLayerOptions);
  /** Keras 3's positional form: `RandomFlip(mode, seed, data_format)`. */
  constructor(mode?: FlipMode, ...positional: RandomFlipPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(mode: FlipMode, ...positionalThenOptions: PositionalThenOptions<RandomFlipPositional, RandomLayerOptions>);
  constructor(mode: FlipMode = 'horizontal_and_vertical', ...args: unknown[]) {
    const options = layerArguments<RandomLayerOptions>(new.target, args, ['seed', 'dataFormat'], ['seed', 'dataFormat']);
    super(options, ['seed']);
    const op = this.qualifiedName;
    if (!FLIP_MODES.includes(mode)) throw new Error(`${op}: mode must be one of ${tupleText(FLIP_MODES)}, got ${describe(mode)}.`);
    this.mode = mode;
    this.seed = seedOption((options ?? {}).seed, op);
    this._makeGenerator(this.seed);
  }

  /** `{flips}`: a bool [batch, 1, 1, 1], true where the image is flipped (null out of training). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { flips: Tensor } | null {
    if (options.training === false) return null;
    const u = uniform([batchOf(images), 1, 1, 1], 0, 1, this._drawSeed(options.seed));
    return { flips: lessEqual(u, 0.5) };
  }

  /** The images flipped where `flips` says, in the layer's dtype. */
  override transformImages(images: Tensor, transformation: { flips: Tensor } | null, training = true): Tensor {
    let x = images.dtype === this.dtype ? images : cast(images, this.dtype);
    if (!training || transformation === null) return x;
    const [vertical, horizontal] = this.spatialAxes.map((a) => x.rank + a) as [number, number];
    if (this.mode !== 'vertical') x = where(transformation.flips, reverse(x, horizontal), x);
    if (this.mode !== 'horizontal') x = where(transformation.flips, reverse(x, vertical), x);
    return x;
  }

  /** A new RandomFlip from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomFlip {
    const [[mode], options] = takeArguments(config, 'RandomFlip', ['mode']);
    return new this(mode as FlipMode, options);
  }

  /** `{seed, mode, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), seed: this.seed, mode: this.mode, dataFormat: this.dataFormat };
  }
}

/** Keras 3's positional arguments of RandomCrop after its required ones, in its order. */
type RandomCropPositional = [
  seed?: number | null, dataFormat?: DataFormat | null, name?: string | null,
];

/**
 * keras.layers.RandomCrop(height, width, {seed, dataFormat}): in training, a `height` × `width`
 * window at a random corner (one for the whole batch), in the layer's dtype. When the images are
 * not larger than the window along both axes, Keras' fallback: the window from the corner of
 * the largest central crop of the target's aspect ratio, resized (bilinear) to the target if it
 * comes out smaller. Out of training the images pass unchanged, as in Keras (whose
 * computeOutputShape still reports the window's size). Without a seed, the config records a
 * random one, as Keras' does.
 *
 * @example
 * ```ts
 * const crop = new tf.keras.layers.RandomCrop(2, 2, { seed: 3 });
 * const image = tf.reshape(tf.range(0, 16), [4, 4, 1]);
 * const window = crop(image).reshape([4]).arraySync() as number[];
 * console.log(window[1] - window[0], window[2] - window[0], window[3] - window[0]); // 1 4 5
 * console.log(crop(image, { training: false }).shape); // [ 4, 4, 1 ]
 * ```
 */
export class RandomCrop extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** The window's height. */
  readonly height: number;
  /** The window's width. */
  readonly width: number;
  /** The config's seed: the one given, else a default one (Keras' make_default_seed). */
  readonly seed: number;

  /**
   * @param height The window's height.
   * @param width The window's width.
   * @param options `seed`, `dataFormat` and the layer options.
   */
  constructor(height: number, width: number, options?: RandomLayerOptions);
  /** Keras 3's positional form: `RandomCrop(height, width, seed, data_format, name)`. */
  constructor(height: number, width: number, ...positional: RandomCropPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(height: number, width: number, ...positionalThenOptions: PositionalThenOptions<RandomCropPositional, RandomLayerOptions>);
  /** Python's keyword form, `RandomCrop(height, width=...)` or `RandomCrop(height=..., width=...)`: the required arguments from `width` (or `height`) on among the options. */
  constructor(height: number, options: RandomLayerOptions & { width: number });
  constructor(options: RandomLayerOptions & { height: number; width: number });
  constructor(...given: unknown[]) {
    const [[height, width], args] = requiredLayerArguments(new.target, given, ['height', 'width']) as [[number, number], unknown[]];
    const options = layerArguments<RandomLayerOptions>(new.target, args, ['seed', 'dataFormat', 'name'], ['seed', 'dataFormat', 'name']);
    super(options, ['seed']);
    const op = this.qualifiedName;
    this.height = sideLength(height, 'height', op);
    this.width = sideLength(width, 'width', op);
    const seed = seedOption((options ?? {}).seed, op);
    // Keras takes a default seed for the config, then makes the generator from the seed given
    // (another default seed when none was).
    this.seed = seed ?? makeDefaultSeed();
    this._makeGenerator(seed);
  }

  /** `[top, left]`: int32 scalars drawn in training when the images are larger than the window, else Keras' fallback corner (numbers). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): [Tensor | number, Tensor | number] {
    const [h, w] = this.imageSize(images);
    if (options.training !== false && h > this.height && w > this.width) {
      const seed = this._drawSeed(options.seed);
      const top = cast(uniform([], 0, h - this.height + 1, seed), 'int32');
      const left = cast(uniform([], 0, w - this.width + 1, seed), 'int32');
      return [top, left];
    }
    const cropHeight = Math.max(Math.min(h, Math.trunc((w * this.height) / this.width)), 1);
    const cropWidth = Math.max(Math.min(w, Math.trunc((h * this.width) / this.height)), 1);
    return [Math.trunc((h - cropHeight) / 2), Math.trunc((w - cropWidth) / 2)];
  }

  /** In training, the window at the corner (resized to the target when cut short); else the images. */
  override transformImages(images: Tensor, transformation: [Tensor | number, Tensor | number], training = true): Tensor {
    if (!training) return images;
    const x = images.dtype === this.dtype ? images : cast(images, this.dtype);
    const out = this.window(x, transformation[0], transformation[1], this.height, this.width);
    const [h, w] = this.imageSize(out);
    if (h === this.height && w === this.width) return out;
    const resized = this.channelsLast(out, (nhwc) => resize(nhwc, [this.height, this.width]));
    return resized.dtype === this.dtype ? resized : cast(resized, this.dtype);
  }

  /** The input shape with the window's height and width (Keras' report, also out of training). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return this.resizedShape(inputShape, this.height, this.width);
  }

  /** A new RandomCrop from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomCrop {
    const [[height, width], options] = takeArguments(config, 'RandomCrop', ['height', 'width']);
    return new this(height as number, width as number, options);
  }

  /** `{height, width, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width, seed: this.seed, dataFormat: this.dataFormat };
  }
}

/** Options of `new tf.keras.layers.RandomContrast(factor, options)` and `RandomBrightness`. */
export interface ColorAugmentationOptions extends RandomLayerOptions {
  /** The images' value range [low, high] (default [0, 255]): results are clipped to it. */
  valueRange?: readonly [number, number];
}

/** How a color layer reads its `factor` and `valueRange`, as its Keras class does. */
interface ColorAugmentationSpec {
  /** The range a `factor` must lie in (Keras' _set_factor bounds). */
  factorBounds: [number, number];
  /** Whether `valueRange` is sorted (Keras' RandomBrightness sorts it; RandomContrast keeps it as given). */
  sortValueRange: boolean;
}

/** The base of RandomContrast and RandomBrightness: their `factor`, `valueRange` and `seed`, the
 * config Keras 3 writes for them, and the clip of their results to the value range. */
abstract class ColorAugmentation extends ImagePreprocessingLayer {
  /** [lower, upper] as Keras 3 reads `factor`: RandomContrast draws its factor from [1 − lower,
   * 1 + upper], RandomBrightness its delta from [lower, upper] · (high − low) of the value range. */
  readonly factor: [number, number];
  /** The value range [low, high] results are clipped to (RandomBrightness's sorted). */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /** Reads `factor`, `valueRange` and `seed` (in that order, as Keras checks them) by `spec`. */
  protected constructor(factor: number | readonly [number, number], options: ColorAugmentationOptions, spec: ColorAugmentationSpec) {
    super(options, ['valueRange', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.factor = baseFactor(factor, spec.factorBounds, op);
    const [low, high] = valueRangeOption(o.valueRange, op);
    this.valueRange = !spec.sortValueRange || low <= high ? [low, high] : [high, low];
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed);
  }

  /** @internal `images` clipped to the value range: the last step of both layers' transforms. */
  protected _clipToValueRange(images: Tensor): Tensor {
    return clipByValue(images, this.valueRange[0], this.valueRange[1]);
  }

  /** A new layer of this class from `getConfig()`'s object. */
  static override fromConfig<T extends ColorAugmentation>(this: new (factor: [number, number], options: ColorAugmentationOptions) => T, config: Record<string, unknown>): T {
    const [[factor], options] = takeArguments(config, this.name, ['factor']);
    return new this(factor as [number, number], options);
  }

  /** `{factor, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice(), valueRange: this.valueRange.slice(), seed: this.seed, dataFormat: this.dataFormat };
  }
}

/** Keras 3's positional arguments of RandomContrast after its required ones, in its order. */
type RandomContrastPositional = [
  valueRange?: readonly [number, number], seed?: number | null,
];

/**
 * keras.layers.RandomContrast(factor, {valueRange = [0, 255], seed, dataFormat}): in training,
 * each image's contrast scaled: (x − mean)·c + mean, the mean per image and channel, c drawn
 * uniformly from [1 − lower, 1 + upper] where [lower, upper] is `factor` as Keras 3 reads it
 * (a number f in [0, 1] gives [0, f], so c is in [1, 1 + f]), then clipped to `valueRange`.
 * Float images only in training (Keras fails on integers there).
 *
 * @example
 * ```ts
 * const contrast = new tf.keras.layers.RandomContrast(0.5, { seed: 4 });
 * console.log(contrast.factor); // [ 0, 0.5 ]
 * const image = tf.reshape(tf.constant([100, 110, 120, 130]), [2, 2, 1]);
 * const out = contrast(image).reshape([4]).arraySync() as number[];
 * const c = (out[3] - out[0]) / 30;
 * console.log(c >= 1 && c <= 1.5, Math.abs(out[0] + out[3] - 230) < 1e-3); // true true
 * ```
 */
export class RandomContrast extends ColorAugmentation {
  /**
   * @param factor A number in [0, 1] or [lower, upper] within it.
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: ColorAugmentationOptions);
  /** Keras 3's positional form: `RandomContrast(factor, value_range, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomContrastPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (dataFormat among them). */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomContrastPositional, ColorAugmentationOptions>);
  /** Python's keyword form, `RandomContrast(factor=...)`: `factor` among the options. */
  constructor(options: ColorAugmentationOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    // data_format reaches Keras 3's base preprocessing layer through **kwargs: only by name, after the positional arguments too.
    const options = layerArguments<ColorAugmentationOptions>(new.target, args, ['valueRange', 'seed'], ['seed'], {}, ['dataFormat']);
    super(factor, options, { factorBounds: [0, 1], sortValueRange: false });
  }

  /** `{contrastFactor}`: [batch, 1, 1, 1] factors (ones' worth of nothing, zeros, out of training, as Keras). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { contrastFactor: Tensor } {
    const shape = [batchOf(images), 1, 1, 1];
    if (options.training === false) return { contrastFactor: fill(shape, 0, this.dtype) };
    return { contrastFactor: uniform(shape, 1 - this.factor[0], 1 + this.factor[1], this._drawSeed(options.seed), this.dtype) };
  }

  /** In training, (x − mean)·c + mean clipped to the value range; else the images. */
  override transformImages(images: Tensor, transformation: { contrastFactor: Tensor }, training = true): Tensor {
    if (!training) return images;
    if (images.dtype === 'int32') throw new Error(`${this.qualifiedName}: cannot adjust the contrast of int32 images in training (Keras fails on them too); cast them to float first.`);
    const [h, w] = this.spatialAxes.map((a) => images.rank + a) as [number, number];
    const mean = reduceMean(reduceMean(images, h, true), w, true);
    return this._clipToValueRange(add(mul(sub(images, mean), cast(transformation.contrastFactor, images.dtype)), mean));
  }
}

/** Keras 3's positional arguments of RandomBrightness after its required ones, in its order. */
type RandomBrightnessPositional = [
  valueRange?: readonly [number, number], seed?: number | null,
];

/**
 * keras.layers.RandomBrightness(factor, {valueRange = [0, 255], seed, dataFormat}): in training,
 * each image plus a delta drawn uniformly from [lower, upper] · (high − low) of `valueRange`
 * (`factor` a number f in [-1, 1], giving [−|f|, |f|], or [lower, upper]), clipped to
 * `valueRange`. int32 images stay int32 (the delta truncated, as Keras casts it).
 *
 * @example
 * ```ts
 * const brightness = new tf.keras.layers.RandomBrightness(0.1, { seed: 5 });
 * const image = tf.fill([2, 2, 3], 100);
 * const out = brightness(image).arraySync() as number[][][];
 * const delta = out[0][0][0] - 100;
 * console.log(Math.abs(delta) <= 25.5, out.flat(2).every((v) => v === 100 + delta)); // true true
 * ```
 */
export class RandomBrightness extends ColorAugmentation {
  /**
   * @param factor A number in [-1, 1] or [lower, upper] within it.
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: ColorAugmentationOptions);
  /** Keras 3's positional form: `RandomBrightness(factor, value_range, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomBrightnessPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (dataFormat among them). */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomBrightnessPositional, ColorAugmentationOptions>);
  /** Python's keyword form, `RandomBrightness(factor=...)`: `factor` among the options. */
  constructor(options: ColorAugmentationOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    // data_format reaches Keras 3's base preprocessing layer through **kwargs: only by name, after the positional arguments too.
    const options = layerArguments<ColorAugmentationOptions>(new.target, args, ['valueRange', 'seed'], ['seed'], {}, ['dataFormat']);
    super(factor, options, { factorBounds: [-1, 1], sortValueRange: true });
  }

  /** `{rgbDelta}`: [batch, 1, 1, 1] deltas (zeros out of training, as Keras). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { rgbDelta: Tensor } {
    const shape = [batchOf(images), 1, 1, 1];
    if (options.training === false) return { rgbDelta: fill(shape, 0, 'float32') };
    const delta = uniform(shape, this.factor[0], this.factor[1], this._drawSeed(options.seed));
    return { rgbDelta: mul(delta, this.valueRange[1] - this.valueRange[0]) };
  }

  /** In training, images + delta clipped to the value range; else the images. */
  override transformImages(images: Tensor, transformation: { rgbDelta: Tensor }, training = true): Tensor {
    if (!training) return images;
    return this._clipToValueRange(add(images, cast(transformation.rgbDelta, images.dtype)));
  }
}

/** The fill and interpolation options of RandomRotation, RandomTranslation and RandomZoom. */
export interface GeometricOptions extends RandomLayerOptions {
  /** How points outside the image are filled: 'reflect' (default), 'wrap', 'constant' or 'nearest'. */
  fillMode?: FillMode;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: TransformInterpolation;
  /** The value outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
}

/** The base of the geometric layers: their fill options and the affine transform they apply. */
abstract class GeometricAugmentation extends ImagePreprocessingLayer {
  /** How points outside the image are filled. */
  readonly fillMode: FillMode;
  /** How the image is sampled. */
  readonly interpolation: TransformInterpolation;
  /** The value outside the image with fillMode 'constant'. */
  readonly fillValue: number;
  /** The draws' seed, or null. */
  readonly seed: number | null;

  constructor(options: GeometricOptions, ownOptionKeys: readonly string[]) {
    super(options, [...ownOptionKeys, 'fillMode', 'interpolation', 'fillValue', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    [this.fillMode, this.interpolation, this.fillValue] = geometricOptions(o, op);
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed);
  }

  /** The transformation's matrices, [batch, 8] rows for ImageProjectiveTransformV3. */
  protected abstract matrices(transformation: unknown, height: number, width: number): Tensor;

  /** In training, the images transformed (keras.ops.image.affine_transform); always in the layer's dtype. */
  override transformImages(images: Tensor, transformation: unknown, training = true): Tensor {
    const x = images.dtype === this.dtype ? images : cast(images, this.dtype);
    if (!training || transformation === null) return x;
    const [h, w] = this.imageSize(x);
    const m = this.matrices(transformation, h, w);
    return this.channelsLast(x, (nhwc) => imageProjectiveTransform(nhwc, m, this.interpolation, this.fillMode, this.fillValue));
  }

  /** `{fillMode, fillValue, interpolation, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fillMode: this.fillMode, fillValue: this.fillValue, interpolation: this.interpolation, seed: this.seed, dataFormat: this.dataFormat };
  }
}

/**
 * Keras' _compute_affine_matrix for rotations about the image centre, in float32:
 * rows [cos θ, −sin θ, cx − cx·cos θ + cy·sin θ, sin θ, cos θ, cy − cx·sin θ − cy·cos θ, 0, 0]
 * with cx = (width − 1)/2, cy = (height − 1)/2, from angles in degrees [batch].
 */
function rotationMatrices(angles: Tensor, height: number, width: number): Tensor {
  const theta = mul(cast(angles, 'float32'), Math.fround(Math.PI / 180));
  const cx = Math.fround(0.5 * (width - 1));
  const cy = Math.fround(0.5 * (height - 1));
  const batch = angles.shape[0]!;
  const column = (t: Tensor): Tensor => reshape(t, [batch, 1]);
  const [c, s] = [cos(theta), sin(theta)];
  // With no shear, scale 1 and no translation: a0 = cos, a1 = -sin, b0 = sin, b1 = cos.
  const a0 = c;
  const a1 = mul(s, -1);
  const a2 = sub(sub(cx, mul(a0, cx)), mul(a1, cy));
  const b0 = s;
  const b1 = c;
  const b2 = sub(sub(cy, mul(b0, cx)), mul(b1, cy));
  return concat([a0, a1, a2, b0, b1, b2].map(column).concat([fill([batch, 2], 0, 'float32')]), 1);
}

/** Keras 3's positional arguments of RandomRotation after its required ones, in its order. */
type RandomRotationPositional = [
  fillMode?: GeometricOptions['fillMode'], interpolation?: GeometricOptions['interpolation'], seed?: number | null, fillValue?: number,
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.RandomRotation(factor, {fillMode = 'reflect', interpolation = 'bilinear', seed,
 * fillValue = 0, dataFormat}): in training, each image rotated about its centre by an angle
 * drawn uniformly from [lower, upper] · 360° (`factor` a number f in [-1, 1], giving [−|f|, |f|],
 * or [lower, upper]; positive angles turn counter-clockwise), points from outside filled by
 * `fillMode`.
 *
 * @example
 * ```ts
 * const rotate = new tf.keras.layers.RandomRotation([0.25, 0.25], { interpolation: 'nearest' });
 * const image = tf.reshape(tf.range(0, 9), [3, 3, 1]);
 * console.log(rotate(image).reshape([3, 3]).arraySync()); // [ [ 2, 5, 8 ], [ 1, 4, 7 ], [ 0, 3, 6 ] ]
 * ```
 */
export class RandomRotation extends GeometricAugmentation {
  /** [lower, upper], fractions of a full turn. */
  readonly factor: [number, number];

  /**
   * @param factor A number in [-1, 1] or [lower, upper] within it: fractions of 360°.
   * @param options `fillMode`, `interpolation`, `seed`, `fillValue`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: GeometricOptions);
  /** Keras 3's positional form: `RandomRotation(factor, fill_mode, interpolation, seed, fill_value, data_format)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomRotationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomRotationPositional, GeometricOptions>);
  /** Python's keyword form, `RandomRotation(factor=...)`: `factor` among the options. */
  constructor(options: GeometricOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    const options = layerArguments<GeometricOptions>(new.target, args, ['fillMode', 'interpolation', 'seed', 'fillValue', 'dataFormat'], ['seed', 'dataFormat']);
    super(options, []);
    this.factor = baseFactor(factor, [-1, 1], this.qualifiedName);
  }

  /** `{angle}`: [batch] angles in degrees (null out of training). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { angle: Tensor } | null {
    if (options.training === false) return null;
    return { angle: uniform([batchOf(images)], this.factor[0] * 360, this.factor[1] * 360, this._drawSeed(options.seed)) };
  }

  protected matrices(transformation: { angle: Tensor }, height: number, width: number): Tensor {
    return rotationMatrices(transformation.angle, height, width);
  }

  /** A new RandomRotation from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomRotation {
    const [[factor], options] = takeArguments(config, 'RandomRotation', ['factor']);
    return new this(factor as [number, number], options);
  }

  /** `{factor, fillMode, fillValue, interpolation, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice() };
  }
}

/** Keras 3's positional arguments of RandomTranslation after its required ones, in its order. */
type RandomTranslationPositional = [
  fillMode?: GeometricOptions['fillMode'], interpolation?: GeometricOptions['interpolation'], seed?: number | null, fillValue?: number,
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.RandomTranslation(heightFactor, widthFactor, {fillMode = 'reflect', interpolation
 * = 'bilinear', seed, fillValue = 0, dataFormat}): in training, each image shifted by fractions
 * of its height and width drawn uniformly from the factors' ranges (a number f in [-1, 1] gives
 * [−|f|, |f|]; positive shifts move the content down and right), points from outside filled by
 * `fillMode`.
 *
 * @example
 * ```ts
 * const shift = new tf.keras.layers.RandomTranslation(0, [0.5, 0.5], { fillMode: 'constant' });
 * const image = tf.reshape(tf.range(1, 5), [1, 4, 1]);
 * console.log(shift(image).reshape([4]).arraySync()); // [ 0, 0, 1, 2 ]
 * ```
 */
export class RandomTranslation extends GeometricAugmentation {
  /** The height factor as given. */
  readonly heightFactor: number | readonly [number, number];
  /** The width factor as given. */
  readonly widthFactor: number | readonly [number, number];
  readonly #height: [number, number];
  readonly #width: [number, number];

  /**
   * @param heightFactor A number in [-1, 1] or [lower, upper] within it: fractions of the height.
   * @param widthFactor Likewise for the width.
   * @param options `fillMode`, `interpolation`, `seed`, `fillValue`, `dataFormat` and the layer options.
   */
  constructor(heightFactor: number | readonly [number, number], widthFactor: number | readonly [number, number], options?: GeometricOptions);
  /** Keras 3's positional form: `RandomTranslation(height_factor, width_factor, fill_mode, interpolation, seed, fill_value, data_format)`. */
  constructor(heightFactor: number | readonly [number, number], widthFactor: number | readonly [number, number], ...positional: RandomTranslationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(heightFactor: number | readonly [number, number], widthFactor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomTranslationPositional, GeometricOptions>);
  /** Python's keyword form, `RandomTranslation(height_factor, width_factor=...)` or `RandomTranslation(height_factor=..., width_factor=...)`: the required arguments from `widthFactor` (or `heightFactor`) on among the options. */
  constructor(heightFactor: number | readonly [number, number], options: GeometricOptions & { widthFactor: number | readonly [number, number] });
  constructor(options: GeometricOptions & { heightFactor: number | readonly [number, number]; widthFactor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[heightFactor, widthFactor], args] = requiredLayerArguments(new.target, given, ['heightFactor', 'widthFactor']) as [[number | readonly [number, number], number | readonly [number, number]], unknown[]];
    const options = layerArguments<GeometricOptions>(new.target, args, ['fillMode', 'interpolation', 'seed', 'fillValue', 'dataFormat'], ['seed', 'dataFormat']);
    super(options, []);
    const op = this.qualifiedName;
    this.#height = axisFactor(heightFactor, 'heightFactor', op, false);
    this.#width = axisFactor(widthFactor, 'widthFactor', op, false);
    this.heightFactor = typeof heightFactor === 'number' ? heightFactor : [heightFactor[0], heightFactor[1]];
    this.widthFactor = typeof widthFactor === 'number' ? widthFactor : [widthFactor[0], widthFactor[1]];
  }

  /** `{translations}`: [batch, 2] shifts in pixels, [x, y] (null out of training). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { translations: Tensor } | null {
    if (options.training === false) return null;
    const batch = batchOf(images);
    const [h, w] = this.imageSize(images);
    const seed = this._drawSeed(options.seed);
    const dy = mul(uniform([batch, 1], this.#height[0], this.#height[1], seed), h);
    const dx = mul(uniform([batch, 1], this.#width[0], this.#width[1], seed), w);
    return { translations: concat([dx, dy], 1) };
  }

  protected matrices(transformation: { translations: Tensor }): Tensor {
    const t = cast(transformation.translations, 'float32');
    const batch = t.shape[0]!;
    const [ones, zeros] = [fill([batch, 1], 1, 'float32'), fill([batch, 1], 0, 'float32')];
    const [dx, dy] = [reshape(mul(t.slice([0, 0], [batch, 1]), -1), [batch, 1]), reshape(mul(t.slice([0, 1], [batch, 1]), -1), [batch, 1])];
    return concat([ones, zeros, dx, zeros, ones, dy, zeros, zeros], 1);
  }

  /** A new RandomTranslation from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomTranslation {
    const [[heightFactor, widthFactor], options] = takeArguments(config, 'RandomTranslation', ['heightFactor', 'widthFactor']);
    return new this(heightFactor as number, widthFactor as number, options);
  }

  /** `{heightFactor, widthFactor, fillMode, fillValue, interpolation, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    const copy = (f: number | readonly [number, number]): number | number[] => (typeof f === 'number' ? f : f.slice());
    return { ...super.getConfig(), heightFactor: copy(this.heightFactor), widthFactor: copy(this.widthFactor) };
  }
}

/** Keras 3's positional arguments of RandomZoom after height_factor and width_factor, in its order. */
type RandomZoomPositional = [
  fillMode?: GeometricOptions['fillMode'], interpolation?: GeometricOptions['interpolation'], seed?: number | null, fillValue?: number, dataFormat?: DataFormat | null,
];

/**
 * keras.layers.RandomZoom(heightFactor, widthFactor = null, {fillMode = 'reflect', interpolation
 * = 'bilinear', seed, fillValue = 0, dataFormat}): in training, each image scaled about its
 * centre: the output samples the input at (x − cx)·z + cx, z = 1 + a draw from the factor's
 * range (a number f in (-1, 1] gives [−|f|, |f|]; negative values zoom in, positive out). Without
 * `widthFactor` the width takes the height's draw (the aspect ratio is kept).
 *
 * @example
 * ```ts
 * const zoomIn = new tf.keras.layers.RandomZoom([-0.5, -0.5], null, { interpolation: 'nearest' });
 * const image = tf.reshape(tf.range(0, 16), [4, 4, 1]);
 * console.log(zoomIn(image).reshape([4, 4]).arraySync()[1]); // [ 5, 5, 6, 6 ]
 * ```
 */
export class RandomZoom extends GeometricAugmentation {
  /** The height factor as given. */
  readonly heightFactor: number | readonly [number, number];
  /** The width factor as given, or null (the height's draw). */
  readonly widthFactor: number | readonly [number, number] | null;
  readonly #height: [number, number];
  readonly #width: [number, number] | null;

  /**
   * @param heightFactor A number in (-1, 1] or [lower, upper] within it.
   * @param widthFactor Likewise for the width, or null (default): the height's zoom.
   * @param options `fillMode`, `interpolation`, `seed`, `fillValue`, `dataFormat` and the layer options.
   */
  constructor(heightFactor: number | readonly [number, number], widthFactor?: number | readonly [number, number] | null, options?: GeometricOptions);
  /** Keras 3's positional form: `RandomZoom(height_factor, width_factor, fill_mode, interpolation, seed, fill_value, data_format)`. */
  constructor(heightFactor: number | readonly [number, number], widthFactor?: number | readonly [number, number] | null, ...positional: RandomZoomPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(heightFactor: number | readonly [number, number], widthFactor: number | readonly [number, number] | null, ...positionalThenOptions: PositionalThenOptions<RandomZoomPositional, GeometricOptions>);
  /** Python's keyword form, `RandomZoom(height_factor=..., width_factor=...)` or `RandomZoom(0.2, width_factor=0.1)`: the factors among the options (`widthFactor` optional). */
  constructor(options: GeometricOptions & { heightFactor: number | readonly [number, number]; widthFactor?: number | readonly [number, number] | null });
  constructor(heightFactor: number | readonly [number, number], options: GeometricOptions & { widthFactor?: number | readonly [number, number] | null });
  constructor(...given: unknown[]) {
    const [[heightFactor], rest] = requiredLayerArguments(new.target, given, ['heightFactor']) as [[number | readonly [number, number]], unknown[]];
    // width_factor has a default: as a keyword it is in the last options object, standing where it goes.
    let widthFactor = (rest[0] ?? null) as number | readonly [number, number] | null;
    let args = rest.slice(1);
    if (isPlainObject(rest[0]) && rest.length === 1) {
      const { widthFactor: width = null, ...others } = rest[0] as { widthFactor?: number | readonly [number, number] | null };
      [widthFactor, args] = [width, [others]];
    }
    const options = layerArguments<GeometricOptions>(new.target, args, ['fillMode', 'interpolation', 'seed', 'fillValue', 'dataFormat'], ['seed', 'dataFormat']);
    super(options, []);
    const op = this.qualifiedName;
    this.#height = axisFactor(heightFactor, 'heightFactor', op, true);
    this.#width = widthFactor === null || widthFactor === undefined ? null : axisFactor(widthFactor, 'widthFactor', op, true);
    this.heightFactor = typeof heightFactor === 'number' ? heightFactor : [heightFactor[0], heightFactor[1]];
    this.widthFactor = widthFactor === null || widthFactor === undefined ? null : typeof widthFactor === 'number' ? widthFactor : [widthFactor[0], widthFactor[1]];
  }

  /** `{heightZoom, widthZoom}`: [batch, 1] zoom factors each (null out of training). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { heightZoom: Tensor; widthZoom: Tensor } | null {
    if (options.training === false) return null;
    const batch = batchOf(images);
    const seed = this._drawSeed(options.seed);
    const heightZoom = uniform([batch, 1], 1 + this.#height[0], 1 + this.#height[1], seed);
    const widthZoom = this.#width === null ? heightZoom : uniform([batch, 1], 1 + this.#width[0], 1 + this.#width[1], seed);
    return { heightZoom, widthZoom };
  }

  protected matrices(transformation: { heightZoom: Tensor; widthZoom: Tensor }, height: number, width: number): Tensor {
    const zx = cast(transformation.widthZoom, 'float32');
    const zy = cast(transformation.heightZoom, 'float32');
    const batch = zx.shape[0]!;
    const zeros = fill([batch, 1], 0, 'float32');
    // (size - 1) / 2 · (1 - zoom), in float32 as Keras computes it.
    const xOffset = mul(Math.fround((width - 1) / 2), sub(1, zx));
    const yOffset = mul(Math.fround((height - 1) / 2), sub(1, zy));
    return concat([zx, zeros, xOffset, zeros, zy, yOffset, zeros, zeros], 1);
  }

  /** A new RandomZoom from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomZoom {
    const [[heightFactor], options] = takeArguments(config, 'RandomZoom', ['heightFactor']);
    const widthFactor = options.widthFactor as number | null | undefined;
    delete options.widthFactor;
    return new this(heightFactor as number, widthFactor ?? null, options);
  }

  /** `{heightFactor, widthFactor, fillMode, fillValue, interpolation, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    const copy = (f: number | readonly [number, number] | null): number | number[] | null => (f === null || typeof f === 'number' ? f : f.slice());
    return { ...super.getConfig(), heightFactor: copy(this.heightFactor), widthFactor: copy(this.widthFactor) };
  }
}

/** Options of `new tf.keras.layers.RandomShear(options)`. */
export interface RandomShearOptions extends GeometricOptions {
  /** The horizontal shear's range: a number f in [0, 1] gives [−f, f] (default 0), or [lower, upper] within [-1, 1]. */
  xFactor?: number | readonly [number, number];
  /** The vertical shear's range, likewise. */
  yFactor?: number | readonly [number, number];
}

/** Keras 3's positional arguments of RandomShear, in its order. */
type RandomShearPositional = [
  xFactor?: RandomShearOptions['xFactor'], yFactor?: RandomShearOptions['yFactor'], interpolation?: GeometricOptions['interpolation'],
  fillMode?: GeometricOptions['fillMode'], fillValue?: number, dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomShear({xFactor, yFactor, interpolation, fillMode, fillValue, seed,
 * dataFormat}): in training, each image sheared about its top-left corner, the output pixel
 * (x, y) read at (x + sx·y, sy·x + y), with sx and sy drawn from the factors' ranges and their
 * sign flipped together at random (Keras' draws for a seed: the sign, then sy, then sx).
 *
 * @example
 * ```ts
 * const shear = new tf.keras.layers.RandomShear({ xFactor: 0.3, seed: 1 });
 * console.log(shear(tf.ones([1, 4, 4, 1])).shape); // [ 1, 4, 4, 1 ]
 * ```
 */
export class RandomShear extends GeometricAugmentation {
  /** [lower, upper] of the horizontal shear. */
  readonly xFactor: [number, number];
  /** [lower, upper] of the vertical shear. */
  readonly yFactor: [number, number];

  /** @param options `xFactor`, `yFactor`, `fillMode`, `interpolation`, `fillValue`, `seed`, `dataFormat` and the layer options. */
  constructor(options?: RandomShearOptions);
  /** Keras 3's positional form: `RandomShear(x_factor, y_factor, interpolation, fill_mode, fill_value, data_format, seed)`. */
  constructor(...positional: RandomShearPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomShearPositional, RandomShearOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<RandomShearOptions>(
      new.target, args, ['xFactor', 'yFactor', 'interpolation', 'fillMode', 'fillValue', 'dataFormat', 'seed'], ['dataFormat', 'seed'],
    );
    super(options, ['xFactor', 'yFactor']);
    const op = this.qualifiedName;
    const o = options ?? {};
    const factorOf = (value: unknown, name: string): [number, number] => {
      const message = (received: string) => `The \`factor\` argument should be a number (or a list of two numbers) in the range [0, 1.0]. Received: ${received}`;
      const check = (v: unknown, lowest: number): number => {
        if (typeof v !== 'number' || !(v >= lowest && v <= 1)) throw valueErrorOf(op, message(`input_number=${valueText(v)}`));
        return v;
      };
      if (Array.isArray(value)) {
        // [lower, upper] within [-1, 1]: Keras 3.15 checks them against [0, 1], so that its own
        // config of a number f, [-f, f], fails to load; here it loads.
        if (value.length !== 2) throw valueErrorOf(op, message(`${name}=${valueText(value)}`));
        const [a, b] = [check(value[0], -1), check(value[1], -1)];
        return a <= b ? [a, b] : [b, a];
      }
      if (typeof value !== 'number') throw valueErrorOf(op, message(`${name}=${valueText(value)}`));
      const f = check(value, 0);
      return [-f, f];
    };
    this.xFactor = factorOf(o.xFactor ?? 0, 'x_factor');
    this.yFactor = factorOf(o.yFactor ?? 0, 'y_factor');
  }

  /** `{shearFactor}`: [batch, 2] shears [sx, sy] (null out of training). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { shearFactor: Tensor } | null {
    if (options.training === false) return null;
    const batch = batchOf(images);
    const seed = this._drawSeed(options.seed);
    const sign = where(greater(uniform([batch, 1], 0, 1, seed, 'float32'), 0.5), -1, 1);
    const shearY = uniform([batch, 1], this.yFactor[0], this.yFactor[1], seed, 'float32');
    const shearX = uniform([batch, 1], this.xFactor[0], this.xFactor[1], seed, 'float32');
    return { shearFactor: mul(concat([shearX, shearY], 1), sign) };
  }

  /** Rows [1, sx, 0, sy, 1, 0, 0, 0] (Keras' _get_shear_matrix). */
  protected matrices(transformation: { shearFactor: Tensor }): Tensor {
    const [sx, sy] = unstack(transformation.shearFactor, 1);
    const ones = onesLike(sx!), zeros = zerosLike(sx!);
    return stack([ones, sx!, zeros, sy!, ones, zeros, zeros, zeros], 1);
  }

  /** A new RandomShear from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomShear {
    return new this(config as RandomShearOptions);
  }

  /** `{xFactor, yFactor, fillMode, fillValue, interpolation, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), xFactor: this.xFactor.slice(), yFactor: this.yFactor.slice() };
  }
}
