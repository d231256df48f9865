// Keras 3's image preprocessing layers (keras/src/layers/preprocessing/image_preprocessing/) as
// they run with the TensorFlow backend: the base class the augmentation layers share (images of
// rank 3 or 4 in either data format, Keras' transformation/transform split), and the two
// deterministic layers, Resizing (keras.ops.image.resize: stretch, or crop or pad to the target's
// aspect ratio first) and CenterCrop (a central window, or smart_resize when the image is smaller
// than the crop).

import { SeedGenerator } from '../keras-random';
import { fill } from '../creation';
import { describe, type PositionalThenOptions } from '../describe';
import { add, mul, round } from '../generated/ops';
import { type ResizeMethod, resize } from '../image';
import { cast, concat, transpose } from '../ops';
import { clipByValue } from '../reductions';
import { expandDims, gather, range, slice, squeeze } from '../shape';
import { Tensor } from '../tensor';
import { type DataFormat, standardizeDataFormat, valueText } from './arguments';
import { Layer, requiredLayerArguments, layerArguments, type LayerOptions, type LayerShape, shapeText, takeArguments } from './layer';

/** Options every image preprocessing layer takes. */
export interface ImagePreprocessingOptions extends LayerOptions {
  /** 'channels_last' (default: [height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat | null;
}

/** A height or width: a positive integer. */
export function sideLength(value: unknown, name: string, op: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(value)}.`);
  return value as number;
}

/** A number option (a fill value). */
export function numberOption(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`${op}: ${name} must be a number, got ${describe(value)}.`);
  return value;
}

/** A boolean option, default false. */
function flag(value: unknown, name: string, op: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new Error(`${op}: ${name} must be a boolean, got ${describe(value)}.`);
  return value;
}

/**
 * The base of the image preprocessing layers (Keras' BaseImagePreprocessingLayer): a call draws a
 * transformation (`getRandomTransformation`) and applies it (`transformImages`) to images of rank
 * 4 ([batch, ...]) or 3 (one image, transformed as a batch of one). Called without `training`,
 * directly or in a model called without it, the augmentation layers transform (Keras' `call(data,
 * training=True)`, which also puts the layer calls after them in that outer call in training mode);
 * inside `predict` and `evaluate`, or with `training: false`, they leave the images as Keras does.
 * Dictionaries of images with bounding boxes, labels or segmentation masks are not taken.
 */
/** A draw's own seed: an integer or a SeedGenerator (null: the layer's generator). */
export type DrawSeed = number | SeedGenerator | null;

export abstract class ImagePreprocessingLayer extends Layer {
  /** 'channels_last' or 'channels_first'. */
  readonly dataFormat: DataFormat;
  /** The random layers' SeedGenerator (Keras' `self.generator`), once `_makeGenerator` made it. */
  #generator: SeedGenerator | null = null;

  constructor(options: ImagePreprocessingOptions, ownOptionKeys: readonly string[]) {
    super(options, [...ownOptionKeys, 'dataFormat']);
    this._defaultTraining = true; // Keras' `call(data, training=True)`
    this.dataFormat = standardizeDataFormat((options ?? {}).dataFormat, this.qualifiedName);
  }

  /** @internal Makes the layer's SeedGenerator from its seed (a random layer calls it where
   * Keras' constructor makes it: the order in which unseeded ones take default seeds). */
  protected _makeGenerator(seed: number | null): void {
    this.#generator = new SeedGenerator(seed);
  }

  /** @internal A draw's seed: a call's own (an integer or a SeedGenerator), else the layer's SeedGenerator. */
  protected _drawSeed(given: DrawSeed | undefined): number | SeedGenerator {
    return given ?? this.#generator!;
  }

  /** The images' height and width axes (negative: from the end). */
  protected get spatialAxes(): [number, number] {
    return this.dataFormat === 'channels_last' ? [-3, -2] : [-2, -1];
  }

  /** [height, width] of images of rank 3 or 4. */
  protected imageSize(images: Tensor): [number, number] {
    const [h, w] = this.spatialAxes;
    return [images.shape[images.rank + h]!, images.shape[images.rank + w]!];
  }

  /** The images checked (rank 3 or 4, not an object). */
  protected checkImages(inputs: unknown): Tensor {
    if (!(inputs instanceof Tensor)) {
      const keys = inputs !== null && typeof inputs === 'object' ? Object.keys(inputs).join(', ') : describe(inputs);
      throw new Error(`${this.qualifiedName}: expected a tensor of images; dictionaries of images with bounding boxes, labels or segmentation masks (Keras' {images, bounding_boxes, labels, segmentation_masks}) are not supported, got {${keys}}.`);
    }
    if (inputs.rank !== 3 && inputs.rank !== 4) {
      throw new Error(`${this.qualifiedName}: Expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: data.shape=${shapeText(inputs.shape)}`);
    }
    return inputs;
  }

  /**
   * The transformation a call applies (Keras' get_random_transformation): what the layer draws
   * (a flip decision, an angle, a crop's corner...), or null when it draws nothing. `seed` (an
   * integer, or another SeedGenerator) replaces the layer's own generator for this draw.
   */
  getRandomTransformation(images: Tensor, options: { training?: boolean; seed?: DrawSeed } = {}): unknown {
    void images;
    void options;
    return null;
  }

  /** `images` (rank 4: a batch) transformed by `transformation` (Keras' transform_images). */
  abstract transformImages(images: Tensor, transformation: unknown, training?: boolean): Tensor;

  /** The images transformed by a transformation drawn for them. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    const images = this.checkImages(inputs);
    const transformation = this.getRandomTransformation(images, { training: options.training });
    if (images.rank === 4) return this.transformImages(images, transformation, options.training);
    return squeeze(this.transformImages(expandDims(images, 0), transformation, options.training), 0);
  }

  /** The input shape (the geometric layers keep it). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }

  /** `shape` with its height and width set to `height` and `width`. */
  protected resizedShape(shape: LayerShape, height: number, width: number): (number | null)[] {
    const out = shape.slice();
    const [h, w] = this.spatialAxes;
    out[out.length + h] = height;
    out[out.length + w] = width;
    return out;
  }

  /** `run` on the images as NHWC (channels_first images transposed there and back). */
  protected channelsLast(images: Tensor, run: (nhwc: Tensor) => Tensor): Tensor {
    if (this.dataFormat === 'channels_last') return run(images);
    const perm = images.rank === 4 ? [0, 2, 3, 1] : [1, 2, 0];
    const back = images.rank === 4 ? [0, 3, 1, 2] : [2, 0, 1];
    return transpose(run(transpose(images, perm)), back);
  }

  /** The window of `height` × `width` pixels from (top, left) of images of rank 3 or 4; a drawn
   * (tensor) corner is read by gathering rows and columns, so that a traced step never reads it. */
  protected window(images: Tensor, top: number | Tensor, left: number | Tensor, height: number, width: number): Tensor {
    const rank = images.rank;
    const [hAxis, wAxis] = this.spatialAxes.map((a) => rank + a) as [number, number];
    const pick = (x: Tensor, start: number | Tensor, length: number, axis: number): Tensor => {
      if (typeof start === 'number') {
        // Keras slices [start:start + length]: past the end, the window is cut there.
        const begin = x.shape.map((_, i) => (i === axis ? start : 0));
        const size = x.shape.map((d, i) => (i === axis ? Math.min(length, d - start) : d));
        return slice(x, begin, size);
      }
      return gather(x, add(range(0, length, 1, 'int32'), cast(start, 'int32')), axis);
    };
    return pick(pick(images, top, height, hAxis), left, width, wAxis);
  }
}

/** The interpolations of Keras' resize (the TensorFlow backend's RESIZE_INTERPOLATIONS). */
const RESIZE_INTERPOLATIONS = ['bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area'] as const;
/** An interpolation of keras.layers.Resizing. */
export type ResizingInterpolation = (typeof RESIZE_INTERPOLATIONS)[number];

/** Python's repr of a tuple of strings, as Keras' messages print one. */
export const tupleText = (values: readonly string[]): string => `(${values.map((v) => `'${v}'`).join(', ')})`;

/** Float32 `a / b` truncated to an integer, TensorFlow's cast(cast(a, float32) / b, int32). */
const f32Quotient = (a: number, b: number): number => Math.trunc(Math.fround(Math.fround(a) / b));

/**
 * Keras' smart_resize (keras.preprocessing.image.smart_resize) with the TensorFlow backend, for
 * static shapes: the largest central window of the target's aspect ratio, resized (bilinear) to
 * `height` × `width`. NHWC images of rank 3 or 4.
 */
export function smartResize(images: Tensor, height: number, width: number): Tensor {
  const [h, w] = images.rank === 4 ? [images.shape[1]!, images.shape[2]!] : [images.shape[0]!, images.shape[1]!];
  // Python's int(float(...)): double-precision quotients, truncated.
  const cropHeight = Math.max(Math.min(h, Math.trunc((w * height) / width)), 1);
  const cropWidth = Math.max(Math.min(w, Math.trunc((h * width) / height)), 1);
  const top = Math.trunc((h - cropHeight) / 2);
  const left = Math.trunc((w - cropWidth) / 2);
  const lead = images.rank === 4 ? [0] : [];
  const size = [...(images.rank === 4 ? [images.shape[0]!] : []), cropHeight, cropWidth, images.shape[images.rank - 1]!];
  return resize(slice(images, [...lead, top, left, 0], size), [height, width], 'bilinear');
}

/** Keras' _saturate_cast of resized values to the images' dtype: int32 clipped to the largest float32 values inside its range. */
function saturateCast(x: Tensor, dtype: Tensor['dtype']): Tensor {
  if (dtype === 'int32') return cast(clipByValue(x, -2147483648, 2147483520), 'int32');
  return cast(x, dtype);
}

/** Options of `new tf.keras.layers.Resizing(height, width, options)`. */
export interface ResizingOptions extends ImagePreprocessingOptions {
  /** 'bilinear' (default), 'nearest', 'bicubic', 'area', 'lanczos3' or 'lanczos5'. */
  interpolation?: ResizingInterpolation;
  /** Crop the largest central window of the target's aspect ratio first (default false). */
  cropToAspectRatio?: boolean;
  /** Pad the images to the target's aspect ratio first (default false), with `fillValue`. */
  padToAspectRatio?: boolean;
  /** How padding is filled: 'constant' only (default). */
  fillMode?: 'constant';
  /** The padding's value (default 0). */
  fillValue?: number;
  /** Low-pass filter when downsampling (default false), as tf.image.resize's `antialias`. */
  antialias?: boolean;
}

/** Keras 3's positional arguments of Resizing after its required ones, in its order. */
type ResizingPositional = [
  interpolation?: ResizingOptions['interpolation'], cropToAspectRatio?: boolean, padToAspectRatio?: boolean, fillMode?: ResizingOptions['fillMode'],
  fillValue?: number, antialias?: boolean, dataFormat?: DataFormat | null,
];

/**
 * keras.layers.Resizing(height, width, {interpolation = 'bilinear', cropToAspectRatio,
 * padToAspectRatio, fillMode, fillValue, antialias, dataFormat}): images resized to
 * `height` × `width` by `tf.image.resize`, stretched unless `cropToAspectRatio` crops the
 * largest central window of the target's aspect ratio first, or `padToAspectRatio` pads them to
 * it with `fillValue` first (Keras' padding: the same number of rows, or columns, on each side,
 * half the difference rounded down). Float images come out in the layer's dtype; int32 images are
 * rounded and saturated back to int32, as Keras does.
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 8), [2, 4, 1]); // 2×4, one channel, int32
 * const stretch = new tf.keras.layers.Resizing(2, 2);
 * console.log(stretch(tf.cast(image, 'float32')).reshape([2, 2]).arraySync()); // [ [ 0.5, 2.5 ], [ 4.5, 6.5 ] ]
 * console.log(stretch(image).reshape([2, 2]).arraySync()); // [ [ 0, 2 ], [ 4, 6 ] ]
 * const crop = new tf.keras.layers.Resizing(2, 2, { cropToAspectRatio: true, interpolation: 'nearest' });
 * console.log(crop(image).reshape([2, 2]).arraySync()); // [ [ 1, 2 ], [ 5, 6 ] ]
 * const pad = new tf.keras.layers.Resizing(4, 4, { padToAspectRatio: true, interpolation: 'nearest', fillValue: -1 });
 * console.log(pad(image).reshape([4, 4]).arraySync()[0]); // [ -1, -1, -1, -1 ]
 * ```
 */
export class Resizing extends ImagePreprocessingLayer {
  /** The output height. */
  readonly height: number;
  /** The output width. */
  readonly width: number;
  /** The resize method. */
  readonly interpolation: ResizingInterpolation;
  /** Whether a central window of the target's aspect ratio is cropped first. */
  readonly cropToAspectRatio: boolean;
  /** Whether the images are padded to the target's aspect ratio first. */
  readonly padToAspectRatio: boolean;
  /** 'constant'. */
  readonly fillMode: 'constant';
  /** The padding's value. */
  readonly fillValue: number;
  /** Whether downsampling is antialiased. */
  readonly antialias: boolean;

  /**
   * @param height The output height.
   * @param width The output width.
   * @param options `interpolation`, `cropToAspectRatio`, `padToAspectRatio`, `fillMode`, `fillValue`, `antialias`, `dataFormat` and the layer options.
   */
  constructor(height: number, width: number, options?: ResizingOptions);
  /** Keras 3's positional form: `Resizing(height, width, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode, fill_value, antialias, data_format)`. */
  constructor(height: number, width: number, ...positional: ResizingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(height: number, width: number, ...positionalThenOptions: PositionalThenOptions<ResizingPositional, ResizingOptions>);
  /** Python's keyword form, `Resizing(height, width=...)` or `Resizing(height=..., width=...)`: the required arguments from `width` (or `height`) on among the options. */
  constructor(height: number, options: ResizingOptions & { width: number });
  constructor(options: ResizingOptions & { height: number; width: number });
  constructor(...given: unknown[]) {
    const [[height, width], args] = requiredLayerArguments(new.target, given, ['height', 'width']) as [[number, number], unknown[]];
    const options = layerArguments<ResizingOptions>(
      new.target, args, ['interpolation', 'cropToAspectRatio', 'padToAspectRatio', 'fillMode', 'fillValue', 'antialias', 'dataFormat'], ['dataFormat'],
    );
    super(options, ['interpolation', 'cropToAspectRatio', 'padToAspectRatio', 'fillMode', 'fillValue', 'antialias']);
    const op = this.qualifiedName;
    const o = options ?? {};
    this.height = sideLength(height, 'height', op);
    this.width = sideLength(width, 'width', op);
    const interpolation = o.interpolation ?? 'bilinear';
    if (!(RESIZE_INTERPOLATIONS as readonly unknown[]).includes(interpolation)) {
      throw new Error(`${op}: Invalid value for argument \`interpolation\`. Expected of one ${tupleText(RESIZE_INTERPOLATIONS)}. Received: interpolation=${typeof interpolation === 'string' ? interpolation : valueText(interpolation)}`);
    }
    this.interpolation = interpolation;
    const fillMode = o.fillMode ?? 'constant';
    if (fillMode !== 'constant') throw new Error(`${op}: Invalid value for argument \`fillMode\`. Only \`'constant'\` is supported. Received: fillMode=${typeof fillMode === 'string' ? fillMode : valueText(fillMode)}`);
    this.fillMode = fillMode;
    this.cropToAspectRatio = flag(o.cropToAspectRatio, 'cropToAspectRatio', op);
    this.padToAspectRatio = flag(o.padToAspectRatio, 'padToAspectRatio', op);
    if (this.cropToAspectRatio && this.padToAspectRatio) throw new Error(`${op}: Only one of \`padToAspectRatio\` & \`cropToAspectRatio\` can be \`true\`.`);
    this.fillValue = numberOption(o.fillValue ?? 0, 'fillValue', op);
    this.antialias = flag(o.antialias, 'antialias', op);
  }

  /** The images resized (keras.ops.image.resize), int32 ones rounded and saturated back. */
  override transformImages(images: Tensor): Tensor {
    const resized = this.channelsLast(images, (x) => resize(this.fitAspect(x), [this.height, this.width], this.interpolation as ResizeMethod, false, this.antialias));
    if (resized.dtype === images.dtype) return resized;
    return saturateCast(images.dtype === 'int32' ? round(resized) : resized, images.dtype);
  }

  /** NHWC images cropped or padded to the target's aspect ratio, as asked (TensorFlow's float32 sizes). */
  private fitAspect(x: Tensor): Tensor {
    if (!this.cropToAspectRatio && !this.padToAspectRatio) return x;
    const [h, w] = [x.shape[x.rank - 3]!, x.shape[x.rank - 2]!];
    const [th, tw] = [this.height, this.width];
    if (this.cropToAspectRatio) {
      const cropHeight = Math.max(Math.min(h, f32Quotient(w * th, tw)), 1);
      const cropWidth = Math.max(Math.min(w, f32Quotient(h * tw, th)), 1);
      const top = f32Quotient(h - cropHeight, 2);
      const left = f32Quotient(w - cropWidth, 2);
      const lead = x.rank === 4 ? [0] : [];
      return slice(x, [...lead, top, left, 0], [...(x.rank === 4 ? [x.shape[0]!] : []), cropHeight, cropWidth, x.shape[x.rank - 1]!]);
    }
    const padHeight = Math.max(h, f32Quotient(w * th, tw));
    const padWidth = Math.max(w, f32Quotient(h * tw, th));
    // Keras pads `start` rows (or columns) on both sides: an odd difference loses one.
    const top = f32Quotient(padHeight - h, 2);
    const left = f32Quotient(padWidth - w, 2);
    const lead = x.rank === 4 ? [x.shape[0]!] : [];
    const channels = x.shape[x.rank - 1]!;
    const band = (shape: number[]): Tensor => mul(fill(shape, 1, x.dtype), cast(this.fillValue, x.dtype));
    let out = x;
    if (top > 0) out = concat([band([...lead, top, w, channels]), out, band([...lead, top, w, channels])], x.rank - 3);
    if (left > 0) out = concat([band([...lead, h, left, channels]), out, band([...lead, h, left, channels])], x.rank - 2);
    return out;
  }

  /** The input shape with the target height and width. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return this.resizedShape(inputShape, this.height, this.width);
  }

  /** A new Resizing from `getConfig()`'s object (Keras' `from_config`): `height`, `width` and the options. */
  static override fromConfig(config: Record<string, unknown>): Resizing {
    const [[height, width], options] = takeArguments(config, 'Resizing', ['height', 'width']);
    return new this(height as number, width as number, options);
  }

  /** `{height, width, interpolation, cropToAspectRatio, padToAspectRatio, fillMode, fillValue, antialias, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), height: this.height, width: this.width, interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio,
      padToAspectRatio: this.padToAspectRatio, fillMode: this.fillMode, fillValue: this.fillValue, antialias: this.antialias, dataFormat: this.dataFormat,
    };
  }
}

/** Keras 3's positional arguments of CenterCrop after its required ones, in its order. */
type CenterCropPositional = [
  dataFormat?: DataFormat | null,
];

/**
 * keras.layers.CenterCrop(height, width, {dataFormat}): the central `height` × `width` window of
 * the images (the extra row or column, when the difference is odd, at the end), in the layer's
 * dtype. An image smaller than the window along an axis is instead resized by Keras'
 * smart_resize: its largest central window of the target's aspect ratio, resized (bilinear).
 *
 * @example
 * ```ts
 * const image = tf.reshape(tf.range(0, 16), [4, 4, 1]);
 * const crop = new tf.keras.layers.CenterCrop(2, 3);
 * console.log(crop(image).reshape([2, 3]).arraySync()); // [ [ 4, 5, 6 ], [ 8, 9, 10 ] ]
 * console.log(new tf.keras.layers.CenterCrop(8, 8)(image).shape); // [ 8, 8, 1 ]
 * ```
 */
export class CenterCrop extends ImagePreprocessingLayer {
  /** The window's height. */
  readonly height: number;
  /** The window's width. */
  readonly width: number;

  /**
   * @param height The window's height.
   * @param width The window's width.
   * @param options `dataFormat` and the layer options.
   */
  constructor(height: number, width: number, options?: ImagePreprocessingOptions);
  /** Keras 3's positional form: `CenterCrop(height, width, data_format)`. */
  constructor(height: number, width: number, ...positional: CenterCropPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(height: number, width: number, ...positionalThenOptions: PositionalThenOptions<CenterCropPositional, ImagePreprocessingOptions>);
  /** Python's keyword form, `CenterCrop(height, width=...)` or `CenterCrop(height=..., width=...)`: the required arguments from `width` (or `height`) on among the options. */
  constructor(height: number, options: ImagePreprocessingOptions & { width: number });
  constructor(options: ImagePreprocessingOptions & { height: number; width: number });
  constructor(...given: unknown[]) {
    const [[height, width], args] = requiredLayerArguments(new.target, given, ['height', 'width']) as [[number, number], unknown[]];
    const options = layerArguments<ImagePreprocessingOptions>(new.target, args, ['dataFormat'], ['dataFormat']);
    super(options, []);
    this.height = sideLength(height, 'height', this.qualifiedName);
    this.width = sideLength(width, 'width', this.qualifiedName);
  }

  /** The central window, or smart_resize of images smaller than it. */
  override transformImages(images: Tensor): Tensor {
    const x = images.dtype === this.dtype ? images : cast(images, this.dtype);
    const [h, w] = this.imageSize(x);
    const [dh, dw] = [h - this.height, w - this.width];
    if (dh >= 0 && dw >= 0) return this.window(x, Math.floor(dh / 2), Math.floor(dw / 2), this.height, this.width);
    return this.channelsLast(x, (nhwc) => {
      const out = smartResize(nhwc, this.height, this.width);
      return out.dtype === this.dtype ? out : cast(out, this.dtype);
    });
  }

  /** The input shape with the window's height and width. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    if (inputShape.length !== 3 && inputShape.length !== 4) {
      throw new Error(`${this.qualifiedName}: \`input_shape\` must be a non-nested tuple or list of rank-1 with size 3 (unbatched) or 4 (batched). `);
    }
    return this.resizedShape(inputShape, this.height, this.width);
  }

  /** A new CenterCrop from `getConfig()`'s object (Keras' `from_config`): `height`, `width` and the options. */
  static override fromConfig(config: Record<string, unknown>): CenterCrop {
    const [[height, width], options] = takeArguments(config, 'CenterCrop', ['height', 'width']);
    return new this(height as number, width as number, options);
  }

  /** `{height, width, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width, dataFormat: this.dataFormat };
  }
}
