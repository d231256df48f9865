// Keras 3's augmentation layers that change pixel values in place (the geometric ones, and
// contrast and brightness, are in ./image-augmentation): RandomGrayscale, RandomInvert,
// Solarization, AutoContrast, RandomColorDegeneration, RandomSaturation, RandomHue,
// RandomPosterization, RandomSharpness, RandomColorJitter, RandomGaussianBlur and RandomErasing
// (keras/src/layers/preprocessing/image_preprocessing/), as they run on the TensorFlow backend:
// each random one draws with keras.random from a SeedGenerator made from its `seed` (a seeded
// layer draws Keras' numbers, new ones at each call) and computes in float32 what Keras computes.

import { describe, type PositionalThenOptions } from '../describe';
import { add, div, floor, greater, greaterEqual, isNaN as isNanOf, less, logicalAnd, mul, pow, reduceMax, reduceMin, sqrt, sub } from '../generated/ops';
import { constant as tensorOf, fill } from '../creation';
import { depthwiseConv2d } from '../convolution';
import { hsvToRgb, rgbToHsv } from '../image';
import { epsilon as kerasEpsilon } from '../keras-settings';
import { SeedGenerator, normal, randintInt64, uniform } from '../keras-random';
import { rgbToGrayscale } from '../keras-ops-image-colour';
import { gaussianBlurBatch } from '../keras-ops-image-layout';
import { cast, reshape, where } from '../ops';
import { range, stack, tile, unstack } from '../shape';
import { clipByValue } from '../reductions';
import type { Tensor } from '../tensor';
import { type DataFormat, valueText } from './arguments';
import { RandomBrightness, RandomContrast, baseFactor, batchOf, seedOption, valueErrorOf as valueError } from './image-augmentation';
import { type DrawSeed, ImagePreprocessingLayer, type ImagePreprocessingOptions } from './image-preprocessing';
import { layerArguments, requiredLayerArguments, takeArguments } from './layer';

/** A `valueRange` option (default [0, 255]): two numbers, sorted, or Keras' ValueError. */
function valueRangeOf(value: unknown, op: string): [number, number] {
  const range = value ?? [0, 255];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw valueError(op, `The \`value_range\` argument should be a list of two numbers. Received: value_range=${valueText(range)}`);
  }
  return range[0] <= range[1] ? [range[0], range[1]] : [range[1], range[0]];
}

/** A `valueRange` option Keras keeps as given (default [0, 255]): two numbers, unsorted. */
function givenValueRangeOf(value: unknown, op: string): [number, number] {
  const range = value ?? [0, 255];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number')) throw new Error(`${op}: valueRange must be two numbers, got ${valueText(range)}.`);
  return [range[0], range[1]];
}

/** A factor within [0, 1] as Keras' base layer reads it (a number f gives [0, f]), with its
 * ValueError naming the argument. */
function unitFactorOf(value: unknown, name: string, op: string): [number, number] {
  try {
    return baseFactor(value, [0, 1], op);
  } catch {
    throw valueError(op, `The \`${name}\` argument should be a number (or a list of two numbers) in the range [0, 1]. Received: factor=${valueText(value)}`);
  }
}

/** Keras' _transform_value_range: images mapped linearly from one range to another (as they are
 * when the ranges are equal), in float32. */
function transformValueRange(images: Tensor, from: readonly [number, number], to: readonly [number, number]): Tensor {
  if (from[0] === to[0] && from[1] === to[1]) return images;
  const x = images.dtype === 'float32' ? images : cast(images, 'float32');
  return add(mul(div(sub(x, from[0]), from[1] - from[0]), to[1] - to[0]), to[0]);
}

/** The images as float32 (Keras' compute dtype). */
const asFloat32 = (images: Tensor): Tensor => (images.dtype === 'float32' ? images : cast(images, 'float32'));

/** Options of `new tf.keras.layers.RandomGrayscale(factor, options)`. */
export interface RandomGrayscaleOptions extends ImagePreprocessingOptions {
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomGrayscale after factor, in its order. */
type RandomGrayscalePositional = [dataFormat?: DataFormat | null, seed?: number | null];

/**
 * keras.layers.RandomGrayscale(factor = 0.5, {dataFormat, seed}): each image of the batch turned
 * grey (keras.ops.image.rgbToGrayscale, its channels all the grey value) with probability
 * `factor`, in training; the images otherwise.
 *
 * @example
 * ```ts
 * const grey = new tf.keras.layers.RandomGrayscale(1, { seed: 1 });
 * console.log(grey(tf.constant([[[10, 20, 30]]], 'float32')).arraySync()); // [ [ [ 18.14900016784668, 18.14900016784668, 18.14900016784668 ] ] ]
 * ```
 */
export class RandomGrayscale extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** The probability that an image turns grey. */
  readonly factor: number;
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /**
   * @param factor The probability, in [0, 1] (default 0.5).
   * @param options `dataFormat`, `seed` and the layer options.
   */
  constructor(factor?: number, options?: RandomGrayscaleOptions);
  /** Keras 3's positional form: `RandomGrayscale(factor, data_format, seed)`. */
  constructor(factor?: number, ...positional: RandomGrayscalePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number, ...positionalThenOptions: PositionalThenOptions<RandomGrayscalePositional, RandomGrayscaleOptions>);
  constructor(factor = 0.5, ...args: unknown[]) {
    const options = layerArguments<RandomGrayscaleOptions>(new.target, args, ['dataFormat', 'seed'], ['dataFormat', 'seed']);
    super(options, ['seed']);
    const op = this.qualifiedName;
    if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) throw valueError(op, `\`factor\` should be between 0 and 1. Received: factor=${valueText(factor)}`);
    this.factor = factor;
    this.seed = seedOption((options ?? {}).seed, op);
    this._makeGenerator(this.seed);
  }

  /** A bool [batch, 1, 1, 1]: which images turn grey (drawn at every call, as Keras draws it). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): Tensor {
    const u = uniform([batchOf(images)], { minval: 0, maxval: 1, seed: this._drawSeed(options.seed) });
    return reshape(less(u, this.factor), [batchOf(images), 1, 1, 1]);
  }

  /** In training, the grey image where drawn; else the images. */
  override transformImages(images: Tensor, transformation: Tensor, training = true): Tensor {
    if (!training) return images;
    return where(transformation, rgbToGrayscale(images, { dataFormat: this.dataFormat }), images);
  }

  /** A new RandomGrayscale from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomGrayscale {
    const [[factor], options] = takeArguments(config, 'RandomGrayscale', ['factor']);
    return new this(factor as number, options);
  }

  /** `{factor, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor, seed: this.seed };
  }
}

/** Options of `new tf.keras.layers.RandomInvert(factor, options)`. */
export interface RandomInvertOptions extends ImagePreprocessingOptions {
  /** The pixels' range [low, high] (default [0, 255]): an inverted pixel is high − x. */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomInvert after factor, in its order. */
type RandomInvertPositional = [valueRange?: readonly [number, number], seed?: number | null, dataFormat?: DataFormat | null];

/**
 * keras.layers.RandomInvert(factor = 1, {valueRange = [0, 255], seed, dataFormat}): in training,
 * each image inverted (high − x) when a uniform draw falls below a probability itself drawn from
 * [lower, upper] (`factor` f in [0, 1] gives [0, f]; or [lower, upper]); the images otherwise.
 *
 * @example
 * ```ts
 * const invert = new tf.keras.layers.RandomInvert(1, { seed: 3 });
 * const out = invert(tf.fill([4, 1, 1, 1], 55)).reshape([4]).arraySync() as number[];
 * console.log(out.every((v) => v === 55 || v === 200)); // true
 * ```
 */
export class RandomInvert extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper]: the range of the drawn probability. */
  readonly factor: [number, number];
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /**
   * @param factor A number in [0, 1] or [lower, upper] within it (default 1).
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor?: number | readonly [number, number], options?: RandomInvertOptions);
  /** Keras 3's positional form: `RandomInvert(factor, value_range, seed, data_format)`. */
  constructor(factor?: number | readonly [number, number], ...positional: RandomInvertPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomInvertPositional, RandomInvertOptions>);
  constructor(factor: number | readonly [number, number] = 1, ...args: unknown[]) {
    const options = layerArguments<RandomInvertOptions>(new.target, args, ['valueRange', 'seed', 'dataFormat'], ['seed', 'dataFormat']);
    super(options, ['valueRange', 'seed']);
    const op = this.qualifiedName;
    const message = `The \`factor\` argument should be a number (or a list of two numbers) in the range [0, 1]. Received: factor=${valueText(factor)}`;
    if (Array.isArray(factor)) {
      if (factor.length !== 2 || !factor.every((f) => typeof f === 'number' && Number.isFinite(f)) || factor[0] > 1 || factor[1] < 0) throw valueError(op, message);
      this.factor = factor[0] <= factor[1] ? [factor[0], factor[1]] : [factor[1], factor[0]];
    } else {
      if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) throw valueError(op, message);
      this.factor = [0, factor];
    }
    this.valueRange = givenValueRangeOf((options ?? {}).valueRange, op);
    this.seed = seedOption((options ?? {}).seed, op);
    this._makeGenerator(this.seed);
  }

  /** `{applyInversion}`: a bool [batch] (null out of training, which draws nothing). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { applyInversion: Tensor } | null {
    if (options.training === false) return null;
    // Keras' `seed or generator`: a seed of 0 is the generator's turn.
    const seed = this._drawSeed(options.seed || null);
    const batch = [batchOf(images)];
    const probability = uniform(batch, { minval: this.factor[0], maxval: this.factor[1], seed });
    const threshold = uniform(batch, { minval: 0, maxval: 1, seed });
    return { applyInversion: less(threshold, probability) };
  }

  /** In training, high − x for the drawn images (as float32); else the images. */
  override transformImages(images: Tensor, transformation: { applyInversion: Tensor } | null, training = true): Tensor {
    if (!training || transformation === null) return images;
    const x = asFloat32(images);
    return where(reshape(transformation.applyInversion, [-1, 1, 1, 1]), sub(this.valueRange[1], x), x);
  }

  /** A new RandomInvert from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomInvert {
    const [[factor], options] = takeArguments(config, 'RandomInvert', ['factor']);
    return new this(factor as [number, number], options);
  }

  /** `{factor, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice(), valueRange: this.valueRange.slice(), seed: this.seed };
  }
}

/** Options of `new tf.keras.layers.Solarization(options)`. */
export interface SolarizationOptions extends ImagePreprocessingOptions {
  /** The range of the value added before the threshold, as a fraction of 255: a number f in
   * [0, 1] (default 0, nothing added) gives [0, f], or [lower, upper]. */
  additionFactor?: number | readonly [number, number];
  /** The range of the threshold above which a pixel x becomes 255 − x, as a fraction of 255:
   * a number f gives [0, f] (default 0: every pixel), or [lower, upper]. */
  thresholdFactor?: number | readonly [number, number];
  /** The pixels' range (default [0, 255]), mapped to [0, 255] and back. */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of Solarization, in its order. */
type SolarizationPositional = [
  additionFactor?: SolarizationOptions['additionFactor'], thresholdFactor?: SolarizationOptions['thresholdFactor'],
  valueRange?: readonly [number, number], seed?: number | null,
];

/**
 * keras.layers.Solarization({additionFactor, thresholdFactor, valueRange, seed}): in training,
 * each image (mapped to [0, 255]) plus a drawn addition, clipped to [0, 255], then every pixel
 * at or above a drawn threshold inverted (255 − x), and mapped back. The draws are Keras':
 * the addition from [lower, upper · 255] and the threshold likewise (the lower bounds are not
 * scaled by 255, as Keras 3.15 draws them).
 *
 * @example
 * ```ts
 * const solarize = new tf.keras.layers.Solarization({ thresholdFactor: [0.5, 0.5] });
 * console.log(solarize(tf.constant([[[10], [200]]], 'float32')).reshape([2]).arraySync()); // [ 10, 55 ]
 * ```
 */
export class Solarization extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper] of the addition, fractions of 255 (the lower one used as is). */
  readonly additionFactor: [number, number];
  /** [lower, upper] of the threshold, fractions of 255 (the lower one used as is). */
  readonly thresholdFactor: [number, number];
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /** @param options `additionFactor`, `thresholdFactor`, `valueRange`, `seed` and the layer options. */
  constructor(options?: SolarizationOptions);
  /** Keras 3's positional form: `Solarization(addition_factor, threshold_factor, value_range, seed)`. */
  constructor(...positional: SolarizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (dataFormat among them). */
  constructor(...positionalThenOptions: PositionalThenOptions<SolarizationPositional, SolarizationOptions>);
  constructor(...args: unknown[]) {
    // data_format reaches Keras 3's base preprocessing layer through **kwargs: only by name, after the positional arguments too.
    const options = layerArguments<SolarizationOptions>(new.target, args, ['additionFactor', 'thresholdFactor', 'valueRange', 'seed'], ['seed'], {}, ['dataFormat']);
    super(options, ['additionFactor', 'thresholdFactor', 'valueRange', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed); // made first, as Keras makes it
    const factorOf = (value: unknown, name: string): [number, number] => {
      const message = (received: string) => `The \`addition_factor\` and \`threshold_factor\` arguments should be a number (or a list of two numbers) in the range [0, 1]. Received: ${received}`;
      const check = (v: unknown): number => {
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw valueError(op, message(`input_number=${valueText(v)}`));
        return v;
      };
      if (Array.isArray(value)) {
        if (value.length !== 2) throw valueError(op, message(`${name}=${valueText(value)}`));
        const [a, b] = [check(value[0]), check(value[1])];
        return a <= b ? [a, b] : [b, a];
      }
      if (typeof value !== 'number') throw valueError(op, message(`${name}=${valueText(value)}`));
      return [0, check(value)];
    };
    this.additionFactor = factorOf(o.additionFactor ?? 0, 'addition_factor');
    this.thresholdFactor = factorOf(o.thresholdFactor ?? 0, 'threshold_factor');
    this.valueRange = valueRangeOf(o.valueRange, op);
  }

  /** `{additions, thresholds}`: [batch, 1, 1, 1] each (null out of training, which draws nothing). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { additions: Tensor; thresholds: Tensor } | null {
    if (options.training === false) return null;
    const shape = [batchOf(images), 1, 1, 1];
    const seed = this._drawSeed(options.seed);
    const additions = uniform(shape, { minval: this.additionFactor[0], maxval: this.additionFactor[1] * 255, seed, dtype: 'float32' });
    const thresholds = uniform(shape, { minval: this.thresholdFactor[0], maxval: this.thresholdFactor[1] * 255, seed, dtype: 'float32' });
    return { additions, thresholds };
  }

  /** In training, the solarized images (float32); else the images as float32. */
  override transformImages(images: Tensor, transformation: { additions: Tensor; thresholds: Tensor } | null, training = true): Tensor {
    const x = asFloat32(images);
    if (!training || transformation === null) return x;
    const scaled = transformValueRange(x, this.valueRange, [0, 255]);
    const added = clipByValue(add(scaled, transformation.additions), 0, 255);
    const solarized = where(less(added, transformation.thresholds), added, sub(255, added));
    return transformValueRange(solarized, [0, 255], this.valueRange);
  }

  /** A new Solarization from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): Solarization {
    return new this(config as SolarizationOptions);
  }

  /** `{additionFactor, thresholdFactor, valueRange, seed}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), additionFactor: this.additionFactor.slice(), thresholdFactor: this.thresholdFactor.slice(), valueRange: this.valueRange.slice(), seed: this.seed };
  }
}

/** Options of `new tf.keras.layers.AutoContrast(options)`. */
export interface AutoContrastOptions extends ImagePreprocessingOptions {
  /** The pixels' range (default [0, 255]). */
  valueRange?: readonly [number, number];
}

/** Keras 3's positional arguments of AutoContrast, in its order. */
type AutoContrastPositional = [
  valueRange?: readonly [number, number],
];

/**
 * keras.layers.AutoContrast({valueRange}): each image's channels stretched to the full range:
 * (x − low) · 255 / (high − low) with low and high the channel's minimum and maximum over the
 * image (in [0, 255] units), clipped; a channel that comes out NaN (a flat one) keeps its
 * pixels. Also in inference, as Keras applies it.
 *
 * @example
 * ```ts
 * const auto = new tf.keras.layers.AutoContrast();
 * console.log(auto(tf.constant([[[50], [100], [150]]], 'float32')).reshape([3]).arraySync()); // [ 0, 127.5, 255 ]
 * ```
 */
export class AutoContrast extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** The pixels' range. */
  readonly valueRange: [number, number];

  /** @param options `valueRange` and the layer options. */
  constructor(options?: AutoContrastOptions);
  /** Keras 3's positional form: `AutoContrast(value_range)`. */
  constructor(...positional: AutoContrastPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (dataFormat among them). */
  constructor(...positionalThenOptions: PositionalThenOptions<AutoContrastPositional, AutoContrastOptions>);
  constructor(...args: unknown[]) {
    // data_format reaches Keras 3's base preprocessing layer through **kwargs: only by name, after the positional arguments too.
    const options = layerArguments<AutoContrastOptions>(new.target, args, ['valueRange'], [], {}, ['dataFormat']);
    super(options, ['valueRange']);
    this.valueRange = valueRangeOf((options ?? {}).valueRange, this.qualifiedName);
  }

  /** The images stretched per image and channel (float32). */
  override transformImages(images: Tensor): Tensor {
    const x = asFloat32(transformValueRange(images, this.valueRange, [0, 255]));
    // Keras reduces over axes 1 and 2 of the batch, whatever the data format.
    const low = reduceMin(x, [1, 2], true), high = reduceMax(x, [1, 2], true);
    const scale = div(255, sub(high, low));
    const stretched = clipByValue(add(mul(x, scale), mul(mul(low, -1), scale)), 0, 255);
    const results = transformValueRange(stretched, [0, 255], this.valueRange);
    return where(isNanOf(results), asFloat32(images), results);
  }

  /** A new AutoContrast from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): AutoContrast {
    return new this(config as AutoContrastOptions);
  }

  /** `{valueRange}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), valueRange: this.valueRange.slice() };
  }
}


/** Options of `new tf.keras.layers.RandomColorDegeneration(factor, options)`, `RandomSaturation`
 * and `RandomHue`. */
export interface RandomColorOptions extends ImagePreprocessingOptions {
  /** The pixels' range (default [0, 255]). */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** The base of RandomColorDegeneration, RandomSaturation and RandomHue: a factor as Keras' base
 * layer reads it (a number f gives [max(−f, low bound), f]), a value range and a SeedGenerator. */
abstract class RandomColorLayer extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper] of the drawn factor. */
  readonly factor: [number, number];
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  protected constructor(factor: number | readonly [number, number], options: RandomColorOptions, factorBounds: [number, number], sortValueRange: boolean) {
    super(options, ['valueRange', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    try {
      this.factor = baseFactor(factor, factorBounds, op);
    } catch (e) {
      throw valueError(op, (e as Error).message.slice(op.length + 2));
    }
    if (sortValueRange) this.valueRange = valueRangeOf(o.valueRange, op);
    else this.valueRange = givenValueRangeOf(o.valueRange, op);
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed);
  }

  /** A new layer of this class from `getConfig()`'s object. */
  static override fromConfig<T extends RandomColorLayer>(this: new (factor: [number, number], options: RandomColorOptions) => T, config: Record<string, unknown>): T {
    const [[factor], options] = takeArguments(config, this.name, ['factor']);
    return new this(factor as [number, number], options);
  }

  /** `{factor, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice(), valueRange: this.valueRange.slice(), seed: this.seed };
  }
}

/** Keras 3's positional arguments of RandomColorDegeneration after its required ones, in its order. */
type RandomColorDegenerationPositional = [
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomColorDegeneration(factor, {valueRange = [0, 255], seed, dataFormat}): in
 * training, each image blended towards its grey version, x + f · (grey − x), by a factor f drawn
 * from [lower, upper] (`factor` a number in [-1, 1] gives [−|f|, |f|], as Keras 3.15 reads it),
 * clipped to the value range.
 *
 * @example
 * ```ts
 * const degenerate = new tf.keras.layers.RandomColorDegeneration([1, 1]);
 * console.log(degenerate(tf.constant([[[10, 20, 30]]], 'float32')).arraySync()); // [ [ [ 18.14900016784668, 18.14900016784668, 18.14900016784668 ] ] ]
 * ```
 */
export class RandomColorDegeneration extends RandomColorLayer {
  /**
   * @param factor A number in [-1, 1] or [lower, upper].
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: RandomColorOptions);
  /** Keras 3's positional form: `RandomColorDegeneration(factor, value_range, data_format, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomColorDegenerationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomColorDegenerationPositional, RandomColorOptions>);
  /** Python's keyword form, `RandomColorDegeneration(factor=...)`: `factor` among the options. */
  constructor(options: RandomColorOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    super(factor, layerArguments<RandomColorOptions>(new.target, args, ['valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']), [-1, 1], true);
  }

  /** `{factor}`: [batch, 1, 1, 1] blend factors (drawn at every call, as Keras draws them). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { factor: Tensor } {
    return { factor: uniform([batchOf(images), 1, 1, 1], { minval: this.factor[0], maxval: this.factor[1], seed: this._drawSeed(options.seed) }) };
  }

  /** In training, x + f · (grey − x) clipped to the value range (float32); else the images. */
  override transformImages(images: Tensor, transformation: { factor: Tensor }, training = true): Tensor {
    if (!training) return images;
    const x = asFloat32(images);
    const grey = rgbToGrayscale(x, { dataFormat: this.dataFormat });
    return clipByValue(add(x, mul(transformation.factor, sub(grey, x))), this.valueRange[0], this.valueRange[1]);
  }
}

/** Keras 3's positional arguments of RandomSaturation after its required ones, in its order. */
type RandomSaturationPositional = [
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomSaturation(factor, {valueRange = [0, 255], seed, dataFormat}): in training,
 * each image's saturation (tf.image.rgbToHsv of the pixels as they are) multiplied by u / (1 − u
 * + ε) for u drawn from [lower, upper] (a number f in [-1, 1] gives [−|f|, |f|], as Keras 3.15
 * reads it), clipped to the value range, and back to RGB.
 *
 * @example
 * ```ts
 * const desaturate = new tf.keras.layers.RandomSaturation([0, 0], { valueRange: [0, 1] });
 * console.log(desaturate(tf.constant([[[0.2, 0.4, 0.6]]], 'float32')).arraySync()); // [ [ [ 0.6000000238418579, 0.6000000238418579, 0.6000000238418579 ] ] ]
 * ```
 */
export class RandomSaturation extends RandomColorLayer {
  /**
   * @param factor A number in [-1, 1] or [lower, upper].
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: RandomColorOptions);
  /** Keras 3's positional form: `RandomSaturation(factor, value_range, data_format, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomSaturationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomSaturationPositional, RandomColorOptions>);
  /** Python's keyword form, `RandomSaturation(factor=...)`: `factor` among the options. */
  constructor(options: RandomColorOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    super(factor, layerArguments<RandomColorOptions>(new.target, args, ['valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']), [-1, 1], true);
  }

  /** `{factor}`: [batch] saturation multipliers u / (1 − u + ε) (drawn at every call). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { factor: Tensor } {
    const u = uniform([batchOf(images)], { minval: this.factor[0], maxval: this.factor[1], seed: this._drawSeed(options.seed) });
    return { factor: div(u, add(sub(1, u), kerasEpsilon())) };
  }

  /** In training, the saturation scaled and clipped; else the images. */
  override transformImages(images: Tensor, transformation: { factor: Tensor }, training = true): Tensor {
    if (!training) return images;
    return this.channelsLast(images, (nhwc) => {
      const [h, s, v] = unstack(rgbToHsv(nhwc), -1);
      const scaled = clipByValue(mul(s!, reshape(transformation.factor, [-1, 1, 1])), this.valueRange[0], this.valueRange[1]);
      return hsvToRgb(stack([h!, scaled, v!], -1));
    });
  }
}

/** Keras 3's positional arguments of RandomHue after its required ones, in its order. */
type RandomHuePositional = [
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomHue(factor, {valueRange = [0, 255], seed, dataFormat}): in training, each
 * image's hue (in [0, 1] units, the pixels mapped from the value range to [0, 1]) shifted by
 * ±f / 2 for f drawn from [lower, upper] (`factor` f in [0, 1] gives [0, f]) and the sign drawn
 * too, wrapped into [0, 1], then back to RGB, clipped to [0, 1] and mapped back.
 *
 * @example
 * ```ts
 * const hue = new tf.keras.layers.RandomHue(0.5, { valueRange: [0, 1], seed: 1 });
 * const out = hue(tf.constant([[[0.9, 0.1, 0.1]]], 'float32')).arraySync()[0][0];
 * console.log(out.length, Math.max(...out) <= 1); // 3 true
 * ```
 */
export class RandomHue extends RandomColorLayer {
  /**
   * @param factor A number in [0, 1] or [lower, upper] within it.
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: RandomColorOptions);
  /** Keras 3's positional form: `RandomHue(factor, value_range, data_format, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomHuePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomHuePositional, RandomColorOptions>);
  /** Python's keyword form, `RandomHue(factor=...)`: `factor` among the options. */
  constructor(options: RandomColorOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    super(factor, layerArguments<RandomColorOptions>(new.target, args, ['valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']), [0, 1], false);
  }

  /** `{factor}`: [batch] hue shifts ±f / 2 (the sign drawn first, then f; at every call). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { factor: Tensor } {
    const seed = this._drawSeed(options.seed), batch = [batchOf(images)];
    const sign = where(greater(uniform(batch, { seed }), 0.5), -1, 1);
    const f = uniform(batch, { minval: this.factor[0], maxval: this.factor[1], seed });
    return { factor: mul(mul(sign, f), 0.5) };
  }

  /** In training, the hue shifted and wrapped (float32); else the images. */
  override transformImages(images: Tensor, transformation: { factor: Tensor }, training = true): Tensor {
    if (!training) return images;
    const unit = transformValueRange(asFloat32(images), this.valueRange, [0, 1]);
    const shifted = this.channelsLast(unit, (nhwc) => {
      const [h, s, v] = unstack(rgbToHsv(nhwc), -1);
      let hue = add(h!, reshape(transformation.factor, [-1, 1, 1]));
      hue = where(greater(hue, 1), sub(hue, 1), hue);
      hue = where(less(hue, 0), add(hue, 1), hue);
      return hsvToRgb(stack([hue, s!, v!], -1));
    });
    return transformValueRange(clipByValue(shifted, 0, 1), [0, 1], this.valueRange);
  }
}

/** Options of `new tf.keras.layers.RandomPosterization(factor, options)`. */
export interface RandomPosterizationOptions extends ImagePreprocessingOptions {
  /** The pixels' range (default [0, 255]), mapped to [0, 255] for the bits and back. */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomPosterization after its required ones, in its order. */
type RandomPosterizationPositional = [
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomPosterization(factor, {valueRange = [0, 255], seed, dataFormat}): in
 * training, each image (mapped to [0, 255], truncated to 8-bit integers) kept to its b most
 * significant bits, b drawn from the integers in [lower, upper) (`factor` a number f in [1, 8]
 * gives [1, f]; a fixed b when lower = upper), and mapped back. Keras' numbers for a seed (its
 * uint8 draw is an int64 one, as Keras' TensorFlow backend makes it).
 *
 * @example
 * ```ts
 * const posterize = new tf.keras.layers.RandomPosterization([2, 2]);
 * console.log(posterize(tf.constant([[[200], [100], [63]]], 'float32')).reshape([3]).arraySync()); // [ 192, 64, 0 ]
 * ```
 */
export class RandomPosterization extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper]: the bits kept are drawn from [lower, upper), or lower when they are equal. */
  readonly factor: [number, number];
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /**
   * @param factor A number in [1, 8] or [lower, upper] within it.
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: RandomPosterizationOptions);
  /** Keras 3's positional form: `RandomPosterization(factor, value_range, data_format, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomPosterizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomPosterizationPositional, RandomPosterizationOptions>);
  /** Python's keyword form, `RandomPosterization(factor=...)`: `factor` among the options. */
  constructor(options: RandomPosterizationOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    const options = layerArguments<RandomPosterizationOptions>(new.target, args, ['valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']);
    super(options, ['valueRange', 'seed']);
    const op = this.qualifiedName;
    try {
      this.factor = baseFactor(factor, [1, 8], op);
    } catch (e) {
      throw valueError(op, (e as Error).message.slice(op.length + 2));
    }
    this.valueRange = valueRangeOf((options ?? {}).valueRange, op);
    this.seed = seedOption((options ?? {}).seed, op);
    this._makeGenerator(this.seed);
  }

  /** `{shiftFactor}`: [batch] int32 shifts 8 − b (drawn at every call, as Keras draws them). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { shiftFactor: Tensor } {
    const batch = batchOf(images);
    const [lower, upper] = this.factor;
    const bits = lower !== upper ? randintInt64([batch], lower, upper, this._drawSeed(options.seed)) : fill([batch], lower, 'int32');
    return { shiftFactor: sub(8, bits) };
  }

  /** In training, each pixel's low bits cleared, ⌊x / 2ˢ⌋ · 2ˢ on the 8-bit values (float32); else the images. */
  override transformImages(images: Tensor, transformation: { shiftFactor: Tensor }, training = true): Tensor {
    if (!training) return images;
    const bytes = floor(clipByValue(transformValueRange(asFloat32(images), this.valueRange, [0, 255]), 0, 255));
    const step = reshape(pow(2, cast(transformation.shiftFactor, 'float32')), [-1, 1, 1, 1]);
    const kept = mul(floor(div(bytes, step)), step);
    return transformValueRange(kept, [0, 255], this.valueRange);
  }

  /** A new RandomPosterization from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomPosterization {
    const [[factor], options] = takeArguments(config, 'RandomPosterization', ['factor']);
    return new this(factor as [number, number], options);
  }

  /** `{factor, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice(), valueRange: this.valueRange.slice(), seed: this.seed };
  }
}

/** Keras 3's positional arguments of RandomSharpness after its required ones, in its order. */
type RandomSharpnessPositional = [
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomSharpness(factor, {valueRange = [0, 255], seed, dataFormat}): in training,
 * each image moved away from (or towards) its smoothed version, x + (1 − 2f)(smooth − x), f drawn
 * from [lower, upper] (`factor` f in [0, 1] gives [0, f]; f = 0.5 leaves the image, more
 * sharpens, less blurs), the smoothing Keras' 3 × 3 kernel (1/13 around, 5/13 at the centre, zero
 * padded), clipped to the value range.
 *
 * @example
 * ```ts
 * const keep = new tf.keras.layers.RandomSharpness([0.5, 0.5]);
 * console.log(keep(tf.constant([[[10], [200]]], 'float32')).reshape([2]).arraySync()); // [ 10, 200 ]
 * ```
 */
export class RandomSharpness extends RandomColorLayer {
  /**
   * @param factor A number in [0, 1] or [lower, upper] within it.
   * @param options `valueRange`, `seed`, `dataFormat` and the layer options.
   */
  constructor(factor: number | readonly [number, number], options?: RandomColorOptions);
  /** Keras 3's positional form: `RandomSharpness(factor, value_range, data_format, seed)`. */
  constructor(factor: number | readonly [number, number], ...positional: RandomSharpnessPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(factor: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<RandomSharpnessPositional, RandomColorOptions>);
  /** Python's keyword form, `RandomSharpness(factor=...)`: `factor` among the options. */
  constructor(options: RandomColorOptions & { factor: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[factor], args] = requiredLayerArguments(new.target, given, ['factor']) as [[number | readonly [number, number]], unknown[]];
    super(factor, layerArguments<RandomColorOptions>(new.target, args, ['valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']), [0, 1], true);
  }

  /** `{factor}`: [batch] factors f (drawn at every call, as Keras draws them). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { factor: Tensor } {
    return { factor: uniform([batchOf(images)], { minval: this.factor[0], maxval: this.factor[1], seed: this._drawSeed(options.seed) }) };
  }

  /** In training, x + (1 − 2f)(smooth − x) clipped (float32); else the images as float32. */
  override transformImages(images: Tensor, transformation: { factor: Tensor }, training = true): Tensor {
    const x = asFloat32(images);
    if (!training) return x;
    return this.channelsLast(x, (nhwc) => {
      const channels = nhwc.shape[3]!;
      const [a, b] = [Math.fround(1 / 13), Math.fround(5 / 13)];
      const kernel = tile(reshape(tensorOf([a, a, a, a, b, a, a, a, a]), [3, 3, 1, 1]), [1, 1, channels, 1]);
      const smooth = depthwiseConv2d(nhwc, kernel, 1, 'SAME');
      const keep = reshape(sub(1, mul(transformation.factor, 2)), [-1, 1, 1, 1]);
      return clipByValue(add(nhwc, mul(keep, sub(smooth, nhwc))), this.valueRange[0], this.valueRange[1]);
    });
  }
}

/** Options of `new tf.keras.layers.RandomColorJitter(options)`. */
export interface RandomColorJitterOptions extends ImagePreprocessingOptions {
  /** The pixels' range (default [0, 255]), passed to each adjustment. */
  valueRange?: readonly [number, number];
  /** RandomBrightness's factor, or null (default) for no brightness change. */
  brightnessFactor?: number | readonly [number, number] | null;
  /** RandomContrast's factor, or null (default). */
  contrastFactor?: number | readonly [number, number] | null;
  /** RandomSaturation's factor, or null (default). */
  saturationFactor?: number | readonly [number, number] | null;
  /** RandomHue's factor, or null (default). */
  hueFactor?: number | readonly [number, number] | null;
  /** The seed of the layer's SeedGenerator (and of the adjustments'), or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomColorJitter, in its order. */
type RandomColorJitterPositional = [
  valueRange?: readonly [number, number], brightnessFactor?: RandomColorJitterOptions['brightnessFactor'],
  contrastFactor?: RandomColorJitterOptions['contrastFactor'], saturationFactor?: RandomColorJitterOptions['saturationFactor'],
  hueFactor?: RandomColorJitterOptions['hueFactor'], seed?: number | null, dataFormat?: DataFormat | null,
];

/**
 * keras.layers.RandomColorJitter({valueRange, brightnessFactor, contrastFactor,
 * saturationFactor, hueFactor, seed, dataFormat}): in training, the brightness, contrast,
 * saturation and hue adjustments whose factors are given, in that order, each drawing from this
 * layer's SeedGenerator (Keras' numbers for a seed).
 *
 * @example
 * ```ts
 * const jitter = new tf.keras.layers.RandomColorJitter({ brightnessFactor: [0.1, 0.1], valueRange: [0, 1] });
 * console.log(jitter(tf.constant([[[0.2, 0.4, 0.6]]], 'float32')).arraySync()); // [ [ [ 0.30000001192092896, 0.5, 0.7000000476837158 ] ] ]
 * ```
 */
export class RandomColorJitter extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** RandomBrightness's factor as given (null: no brightness change). */
  readonly brightnessFactor: number | readonly [number, number] | null;
  /** RandomContrast's factor as given, or null. */
  readonly contrastFactor: number | readonly [number, number] | null;
  /** RandomSaturation's factor as given, or null. */
  readonly saturationFactor: number | readonly [number, number] | null;
  /** RandomHue's factor as given, or null. */
  readonly hueFactor: number | readonly [number, number] | null;
  /** The draws' seed, or null. */
  readonly seed: number | null;
  /** The adjustments made, in order (Keras' random_brightness, ..., random_hue). */
  readonly #adjustments: ImagePreprocessingLayer[];

  /** @param options The factors, `valueRange`, `seed`, `dataFormat` and the layer options. */
  constructor(options?: RandomColorJitterOptions);
  /** Keras 3's positional form: `RandomColorJitter(value_range, brightness_factor, contrast_factor, saturation_factor, hue_factor, seed, data_format)`. */
  constructor(...positional: RandomColorJitterPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomColorJitterPositional, RandomColorJitterOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<RandomColorJitterOptions>(
      new.target, args, ['valueRange', 'brightnessFactor', 'contrastFactor', 'saturationFactor', 'hueFactor', 'seed', 'dataFormat'],
      ['brightnessFactor', 'contrastFactor', 'saturationFactor', 'hueFactor', 'seed', 'dataFormat'],
    );
    super(options, ['valueRange', 'brightnessFactor', 'contrastFactor', 'saturationFactor', 'hueFactor', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.valueRange = givenValueRangeOf(o.valueRange, op);
    [this.brightnessFactor, this.contrastFactor, this.saturationFactor, this.hueFactor] = [o.brightnessFactor ?? null, o.contrastFactor ?? null, o.saturationFactor ?? null, o.hueFactor ?? null];
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed); // first, then the adjustments' own, as Keras makes them
    const sub = { valueRange: this.valueRange, seed: this.seed };
    this.#adjustments = [
      this.brightnessFactor === null ? null : new RandomBrightness(this.brightnessFactor, sub),
      this.contrastFactor === null ? null : new RandomContrast(this.contrastFactor, sub),
      this.saturationFactor === null ? null : new RandomSaturation(this.saturationFactor, sub),
      this.hueFactor === null ? null : new RandomHue(this.hueFactor, sub),
    ].filter((l): l is NonNullable<typeof l> => l !== null);
  }

  /** In training, each adjustment drawn from this layer's generator and applied, in order (float32); else the images. */
  override transformImages(images: Tensor, _transformation: unknown, training = true): Tensor {
    if (!training) return images;
    let x = asFloat32(images);
    for (const adjustment of this.#adjustments) x = adjustment.transformImages(x, adjustment.getRandomTransformation(x, { seed: this._drawSeed(null) }), true);
    return x;
  }

  /** A new RandomColorJitter from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomColorJitter {
    return new this(config as RandomColorJitterOptions);
  }

  /** `{valueRange, brightnessFactor, contrastFactor, saturationFactor, hueFactor, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), valueRange: this.valueRange.slice(), brightnessFactor: this.brightnessFactor, contrastFactor: this.contrastFactor,
      saturationFactor: this.saturationFactor, hueFactor: this.hueFactor, seed: this.seed,
    };
  }
}

/** Options of `new tf.keras.layers.RandomGaussianBlur(options)`. */
export interface RandomGaussianBlurOptions extends ImagePreprocessingOptions {
  /** The range of the blur probability (default 1: [0, 1]); a number f in [0, 1] gives [0, f]. */
  factor?: number | readonly [number, number];
  /** The kernel's extent: an odd number, or [width, height] odd numbers (default 3). */
  kernelSize?: number | readonly [number, number];
  /** The range the two deviations are drawn from (default 1: [0, 1]); a number f gives [0, f]. */
  sigma?: number | readonly [number, number];
  /** The pixels' range (default [0, 255]): the blurred images are clipped to it. */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomGaussianBlur, in its order. */
type RandomGaussianBlurPositional = [
  factor?: RandomGaussianBlurOptions['factor'], kernelSize?: RandomGaussianBlurOptions['kernelSize'], sigma?: RandomGaussianBlurOptions['sigma'],
  valueRange?: readonly [number, number], dataFormat?: DataFormat | null, seed?: number | null,
];

/**
 * keras.layers.RandomGaussianBlur({factor = 1, kernelSize = 3, sigma = 1, valueRange, seed,
 * dataFormat}): in training, each image blurred (keras.ops.image.gaussianBlur, clipped to the
 * value range) when a uniform draw falls below a probability drawn from `factor`'s range, with
 * the width's and height's deviations drawn from `sigma`'s range (plus 1e-6) for the batch.
 *
 * @example
 * ```ts
 * const blur = new tf.keras.layers.RandomGaussianBlur({ factor: [1, 1], sigma: [1, 1], seed: 1 });
 * const out = blur(tf.reshape(tf.constant([0, 0, 0, 0, 90, 0, 0, 0, 0], 'float32'), [3, 3, 1]));
 * console.log(out.reshape([9]).arraySync().map((v: number) => Math.round(v)).join(' ')); // 7 11 7 11 18 11 7 11 7
 * ```
 */
export class RandomGaussianBlur extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper] of the blur probability. */
  readonly factor: [number, number];
  /** The kernel's [width, height] extent. */
  readonly kernelSize: [number, number];
  /** [lower, upper] of the deviations. */
  readonly sigma: [number, number];
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /** @param options `factor`, `kernelSize`, `sigma`, `valueRange`, `seed`, `dataFormat` and the layer options. */
  constructor(options?: RandomGaussianBlurOptions);
  /** Keras 3's positional form: `RandomGaussianBlur(factor, kernel_size, sigma, value_range, data_format, seed)`. */
  constructor(...positional: RandomGaussianBlurPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomGaussianBlurPositional, RandomGaussianBlurOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<RandomGaussianBlurOptions>(new.target, args, ['factor', 'kernelSize', 'sigma', 'valueRange', 'dataFormat', 'seed'], ['dataFormat', 'seed']);
    super(options, ['factor', 'kernelSize', 'sigma', 'valueRange', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.factor = unitFactorOf(o.factor ?? 1, 'factor', op);
    const size = o.kernelSize ?? 3;
    const odd = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v % 2 === 1;
    if (Array.isArray(size) ? size.length !== 2 || !size.every(odd) : !odd(size)) throw valueError(op, `kernel_size must be an odd number. Received: kernel_size=${valueText(size)}`);
    this.kernelSize = Array.isArray(size) ? [size[0], size[1]] : [size as number, size as number];
    this.sigma = unitFactorOf(o.sigma ?? 1, 'sigma', op);
    this.valueRange = givenValueRangeOf(o.valueRange, op);
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed);
  }

  /** `{shouldApplyBlur, blurFactor}`: a bool [batch] and the two deviations (null out of training, which draws nothing). */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { shouldApplyBlur: Tensor; blurFactor: Tensor } | null {
    if (options.training === false) return null;
    // Keras' `seed or generator`: a seed of 0 is the generator's turn.
    const seed = this._drawSeed(options.seed || null);
    const batch = [batchOf(images)];
    const probability = uniform(batch, { minval: this.factor[0], maxval: this.factor[1], seed });
    const threshold = uniform(batch, { minval: 0, maxval: 1, seed });
    const blurFactor = add(uniform([2], { minval: this.sigma[0], maxval: this.sigma[1], seed, dtype: 'float32' }), 1e-6);
    return { shouldApplyBlur: less(threshold, probability), blurFactor };
  }

  /** In training, the drawn images blurred and clipped (float32); else the images as float32. */
  override transformImages(images: Tensor, transformation: { shouldApplyBlur: Tensor; blurFactor: Tensor } | null, training = true): Tensor {
    const x = asFloat32(images);
    if (!training || transformation === null) return x;
    const [across, down] = unstack(transformation.blurFactor, 0);
    const blurred = this.channelsLast(x, (nhwc) => gaussianBlurBatch(nhwc, this.kernelSize, [across!, down!]));
    return clipByValue(where(reshape(transformation.shouldApplyBlur, [-1, 1, 1, 1]), blurred, x), this.valueRange[0], this.valueRange[1]);
  }

  /** A new RandomGaussianBlur from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomGaussianBlur {
    return new this(config as RandomGaussianBlurOptions);
  }

  /** `{factor, kernelSize, sigma, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor.slice(), kernelSize: this.kernelSize.slice(), sigma: this.sigma.slice(), valueRange: this.valueRange.slice(), seed: this.seed };
  }
}

/** Options of `new tf.keras.layers.RandomErasing(options)`. */
export interface RandomErasingOptions extends ImagePreprocessingOptions {
  /** The range of the erasing probability (default 1: [0, 1]); a number f in [0, 1] gives [0, f]. */
  factor?: number | readonly [number, number];
  /** The range of the erased box's area as a fraction of the image's (default [0.02, 0.33]): its
   * width and height fractions are square roots of two draws from it. */
  scale?: number | readonly [number, number];
  /** What fills the box: a number, three numbers (one per channel), or null (default) for normal
   * noise times the value range's upper bound; clipped to the value range. */
  fillValue?: number | readonly [number, number, number] | null;
  /** The pixels' range (default [0, 255]). */
  valueRange?: readonly [number, number];
  /** The seed of the layer's SeedGenerator, or null. */
  seed?: number | null;
}

/** Keras 3's positional arguments of RandomErasing, in its order. */
type RandomErasingPositional = [
  factor?: RandomErasingOptions['factor'], scale?: RandomErasingOptions['scale'], fillValue?: RandomErasingOptions['fillValue'],
  valueRange?: readonly [number, number], seed?: number | null, dataFormat?: DataFormat | null,
];

/**
 * keras.layers.RandomErasing({factor = 1, scale = [0.02, 0.33], fillValue, valueRange, seed,
 * dataFormat}): in training, a random box of each chosen image (chosen when a uniform draw falls
 * below a probability drawn from `factor`'s range) filled with `fillValue` or noise, Keras'
 * boxes and noise for a seed.
 *
 * @example
 * ```ts
 * const erase = new tf.keras.layers.RandomErasing({ scale: [0.25, 0.25], fillValue: 0, seed: 1 });
 * const out = erase(tf.fill([4, 4, 1], 9)).reshape([16]).arraySync() as number[];
 * console.log(out.filter((v) => v === 0).length); // 4
 * ```
 */
export class RandomErasing extends ImagePreprocessingLayer {
  /** @internal As Keras' (`_convert_input_args = False`). */
  override _convertInputArgs = false;

  /** [lower, upper] of the erasing probability. */
  readonly factor: [number, number];
  /** [lower, upper] of the box's area fraction. */
  readonly scale: [number, number];
  /** The fill: a number, one per channel, or null for noise. */
  readonly fillValue: number | [number, number, number] | null;
  /** The pixels' range. */
  readonly valueRange: [number, number];
  /** The draws' seed, or null. */
  readonly seed: number | null;

  /** @param options `factor`, `scale`, `fillValue`, `valueRange`, `seed`, `dataFormat` and the layer options. */
  constructor(options?: RandomErasingOptions);
  /** Keras 3's positional form: `RandomErasing(factor, scale, fill_value, value_range, seed, data_format)`. */
  constructor(...positional: RandomErasingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomErasingPositional, RandomErasingOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<RandomErasingOptions>(
      new.target, args, ['factor', 'scale', 'fillValue', 'valueRange', 'seed', 'dataFormat'], ['fillValue', 'seed', 'dataFormat'],
    );
    super(options, ['factor', 'scale', 'fillValue', 'valueRange', 'seed']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.factor = unitFactorOf(o.factor ?? 1, 'factor', op);
    this.scale = unitFactorOf(o.scale ?? [0.02, 0.33], 'scale', op);
    const fill = o.fillValue ?? null;
    if (fill !== null && !(typeof fill === 'number' || (Array.isArray(fill) && fill.length === 3 && fill.every((v) => typeof v === 'number')))) {
      throw valueError(op, `The \`fill_value\` argument should be a number (or a list of three numbers) Received: fill_value=${valueText(fill)}`);
    }
    this.fillValue = fill === null || typeof fill === 'number' ? fill : [fill[0], fill[1], fill[2]];
    this.valueRange = givenValueRangeOf(o.valueRange, op);
    this.seed = seedOption(o.seed, op);
    this._makeGenerator(this.seed);
  }

  /** `{applyErasing, batchMasks, fillValue}` (null out of training, which draws nothing): in
   * Keras' order, the box's side fractions, its x then y start, the probability, the threshold,
   * then the noise. */
  override getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): { applyErasing: Tensor; batchMasks: Tensor; fillValue: Tensor } | null {
    if (options.training === false) return null;
    // Keras' `seed or generator`: a seed of 0 is the generator's turn.
    const seed = this._drawSeed(options.seed || null);
    const batch = batchOf(images);
    const [height, width] = this.imageSize(images);
    const fractions = sqrt(uniform([batch, 2], { minval: this.scale[0], maxval: this.scale[1], dtype: 'float32', seed }));
    const [across, down] = unstack(fractions, 1);
    const bounds = (length: number, fraction: Tensor): [Tensor, Tensor] => {
      const crop = mul(fraction, length);
      const start = mul(uniform([batch], { minval: 0, maxval: 1, dtype: 'float32', seed }), sub(length, crop));
      return [start, add(start, crop)];
    };
    const [x0, x1] = bounds(width, across!);
    const [y0, y1] = bounds(height, down!);
    const channelsLast = this.dataFormat === 'channels_last';
    const column = (v: Tensor) => reshape(v, [-1, 1, 1, 1]);
    const gridX = reshape(range(0, width, 1, 'float32'), channelsLast ? [1, 1, width, 1] : [1, 1, 1, width]);
    const gridY = reshape(range(0, height, 1, 'float32'), channelsLast ? [1, height, 1, 1] : [1, 1, height, 1]);
    const inside = logicalAnd(logicalAnd(greaterEqual(gridX, column(x0)), less(gridX, column(x1))), logicalAnd(greaterEqual(gridY, column(y0)), less(gridY, column(y1))));
    const probability = uniform([batch], { minval: this.factor[0], maxval: this.factor[1], seed });
    const threshold = uniform([batch], { minval: 0, maxval: 1, seed });
    const shape = images.rank === 4 ? images.shape : [1, ...images.shape];
    let fillValue: Tensor;
    if (this.fillValue === null) fillValue = mul(normal(shape, { dtype: 'float32', seed }), this.valueRange[1]);
    else if (typeof this.fillValue === 'number') fillValue = fill(shape, this.fillValue, 'float32');
    else fillValue = mul(fill(shape, 1, 'float32'), reshape(tensorOf(this.fillValue, 'float32'), channelsLast ? [1, 1, 1, 3] : [1, 3, 1, 1]));
    return { applyErasing: less(threshold, probability), batchMasks: inside, fillValue: clipByValue(fillValue, this.valueRange[0], this.valueRange[1]) };
  }

  /** In training, the box filled in the chosen images (float32); else the images as float32. */
  override transformImages(images: Tensor, transformation: { applyErasing: Tensor; batchMasks: Tensor; fillValue: Tensor } | null, training = true): Tensor {
    const x = asFloat32(images);
    if (!training || transformation === null) return x;
    const erased = where(transformation.batchMasks, transformation.fillValue, x);
    return where(reshape(transformation.applyErasing, [-1, 1, 1, 1]), erased, x);
  }

  /** A new RandomErasing from `getConfig()`'s object. */
  static override fromConfig(config: Record<string, unknown>): RandomErasing {
    return new this(config as RandomErasingOptions);
  }

  /** `{factor, scale, fillValue, valueRange, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), factor: this.factor.slice(), scale: this.scale.slice(),
      fillValue: Array.isArray(this.fillValue) ? this.fillValue.slice() : this.fillValue, valueRange: this.valueRange.slice(), seed: this.seed,
    };
  }
}
