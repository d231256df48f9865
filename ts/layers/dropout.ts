// tf.keras.layers.Dropout (keras/src/layers/regularization/dropout.py): in training, each input
// unit is zeroed with probability `rate` and the others scaled by 1 / (1 - rate), so the expected
// sum is unchanged; in inference it returns its input. SpatialDropout1D/2D
// (spatial_dropout.py) drop whole channels: one draw per sample and channel. As in Keras, the
// layer draws its masks with a SeedGenerator made from its seed (an unseeded layer's takes a
// default seed, from Python's random), so a seeded layer drops Keras' units, call after call.

import { describe, type PositionalThenOptions } from '../describe';
import { SeedGenerator, dropout } from '../keras-random';
import type { Tensor } from '../tensor';
import { type DataFormat, standardizeDataFormat } from './arguments';
import { Layer, requiredLayerArguments, type LayerOptions, type LayerShape, layerArguments, takeArguments } from './layer';

/** Options of `new tf.keras.layers.Dropout(rate, options)`. */
export interface DropoutLayerOptions extends LayerOptions {
  /** The shape of the keep/drop mask, broadcast to the input's (null: the input's size on that
   * axis); e.g. [batch, 1, features] drops the same features at every timestep. */
  noiseShape?: readonly (number | null)[] | null;
  /** The seed of the layer's SeedGenerator, which draws the masks. */
  seed?: number | null;
}

/** A dropout layer's options from its arguments after rate: one options object, or the class's
 * Keras 3 positional ones (a null for one of Keras's None defaults left out). */
function dropoutArguments(cls: (abstract new (...args: never[]) => Dropout) & { _kerasPositional: readonly string[] }, args: readonly unknown[]): SpatialDropout2DOptions & DropoutLayerOptions {
  return layerArguments(cls, args, cls._kerasPositional, ['noiseShape', 'seed', 'dataFormat', 'name', 'dtype']);
}

/** Keras 3's positional arguments of Dropout after its required ones, in its order. */
type DropoutPositional = [
  noiseShape?: readonly (number | null)[] | null, seed?: number | null,
];

/**
 * keras.layers.Dropout(rate): zeroes each input unit with probability `rate` when called with
 * `training: true` (as `fit` calls the model), scaling the kept ones by 1 / (1 - rate); returns the
 * input unchanged in inference (`training` false, the default).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Dropout(0.5);
 * const x = tf.ones([1, 6]);
 * console.log(layer(x).arraySync());                                     // [ [ 1, 1, 1, 1, 1, 1 ] ]
 * const y = layer(x, { training: true }).dataSync();
 * console.log([...new Set(y)].every((v) => v === 0 || v === 2));        // true
 * ```
 */
export class Dropout extends Layer {
  /** @internal Keras 3's arguments after rate, in its order (the spatial dropouts' differ). */
  static _kerasPositional: readonly string[] = ['noiseShape', 'seed'];
  /** @internal The option keys the class takes besides the layer options. */
  static _ownOptionKeys: readonly string[] = ['noiseShape', 'seed'];
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The fraction of units dropped in training. */
  readonly rate: number;
  /** The mask's shape (null entries: the input's size), or null for the input's shape. */
  readonly noiseShape: (number | null)[] | null;
  /** The seed of the mask draws, or null. */
  readonly seed: number | null;
  /** The masks' seeds (made when rate > 0, as Keras makes it). */
  readonly #seedGenerator: SeedGenerator | null;

  /**
   * @param rate The fraction of input units to drop, in [0, 1].
   * @param options `noiseShape`, `seed` and the layer options.
   */
  constructor(rate: number, options?: DropoutLayerOptions);
  /** Keras 3's positional form: `Dropout(rate, noise_shape, seed)`. */
  constructor(rate: number, ...positional: DropoutPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<DropoutPositional, DropoutLayerOptions>);
  /** Python's keyword form, `Dropout(rate=...)`: `rate` among the options. */
  constructor(options: DropoutLayerOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    const options = dropoutArguments(new.target, args);
    super(options, (new.target as typeof Dropout)._ownOptionKeys);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new Error(`${op}: Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${describe(rate)}`);
    }
    const o = options ?? {};
    const noiseShape = o.noiseShape ?? null;
    if (noiseShape !== null && (!Array.isArray(noiseShape) || noiseShape.some((d) => d !== null && !(Number.isInteger(d) && d > 0)))) {
      throw new Error(`${op}: Invalid value received for argument \`noiseShape\`. Expected an array of positive integers or null. Received: noiseShape=${describe(noiseShape)}`);
    }
    if (o.seed !== undefined && o.seed !== null && !Number.isInteger(o.seed)) throw new Error(`${op}: seed must be an integer, got ${describe(o.seed)}.`);
    this.rate = rate;
    this.noiseShape = noiseShape === null ? null : noiseShape.slice();
    this.seed = o.seed ?? null;
    this.#seedGenerator = rate > 0 ? new SeedGenerator(this.seed) : null;
    this.built = true;
  }

  /** @internal keras.random.dropout of the inputs with the layer's rate and SeedGenerator. */
  protected _drop(inputs: Tensor, noiseShape: readonly (number | null)[] | null): Tensor {
    return dropout(inputs, this.rate, { noiseShape, seed: this.#seedGenerator });
  }

  /** In training (and rate > 0), `keras.random.dropout(inputs, rate)`; otherwise the inputs. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    return this._drop(inputs, this.noiseShape);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{rate, seed, noiseShape}` and the layer options. */
  /** A new Dropout from `getConfig()`'s object (Keras' `from_config`): `rate` and the options. */
  static override fromConfig(config: Record<string, unknown>): Dropout {
    const [[rate], options] = takeArguments(config, 'Dropout', ['rate']);
    return new this(rate as number, options);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape };
  }
}

/** Options of `new tf.keras.layers.SpatialDropout1D(rate, options)`. */
export interface SpatialDropoutOptions extends LayerOptions {
  /** The seed of the layer's SeedGenerator, which draws the masks. */
  seed?: number | null;
}

/** Options of `new tf.keras.layers.SpatialDropout2D(rate, options)` and `SpatialDropout3D`. */
export interface SpatialDropout2DOptions extends SpatialDropoutOptions {
  /** 'channels_last' (default: [batch, height, width, channels]) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/** Keras 3's positional arguments of SpatialDropout1D after its required ones, in its order. */
type SpatialDropout1DPositional = [
  seed?: number | null, name?: string | null, dtype?: LayerOptions['dtype'] | null,
];

/**
 * keras.layers.SpatialDropout1D(rate, {seed}): Dropout of whole channels of [batch, steps,
 * channels] sequences: in training each channel of each sample is zeroed at every step with
 * probability `rate` (the others scaled by 1 / (1 - rate)), as adjacent steps are too correlated
 * for dropping single entries to regularize.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.SpatialDropout1D(0.5, { seed: 1 });
 * const y = layer(tf.ones([1, 3, 4]), { training: true }).arraySync()[0];
 * console.log(y.every((step: number[]) => step.join() === y[0].join())); // true
 * ```
 */
export class SpatialDropout1D extends Dropout {
  /** @internal Keras 3's SpatialDropout1D(rate, seed, name, dtype). */
  static override _kerasPositional: readonly string[] = ['seed', 'name', 'dtype'];
  /** @internal */
  static override _ownOptionKeys: readonly string[] = ['seed'];
  /**
   * @param rate The fraction of channels to drop, in [0, 1].
   * @param options `seed` and the layer options.
   */
  constructor(rate: number, options?: SpatialDropoutOptions);
  /** Keras 3's positional form: `SpatialDropout1D(rate, seed, name, dtype)`. */
  constructor(rate: number, ...positional: SpatialDropout1DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<SpatialDropout1DPositional, SpatialDropoutOptions>);
  /** Python's keyword form, `SpatialDropout1D(rate=...)`: `rate` among the options. */
  constructor(options: SpatialDropoutOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    super(rate, dropoutArguments(new.target, args));
    this.inputSpec = { ndim: 3 };
  }

  /** @internal The mask's shape: one draw per sample and channel. */
  protected channelNoiseShape(shape: readonly number[]): number[] {
    return [shape[0]!, 1, shape[2]!];
  }

  /** In training (and rate > 0), dropout with one draw per sample and channel; otherwise the inputs. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    return this._drop(inputs, this.channelNoiseShape(inputs.shape));
  }

  /** `{rate, seed}` and the layer options (Keras' config: no noiseShape). */
  override getConfig(): Record<string, unknown> {
    const { noiseShape, ...config } = super.getConfig();
    void noiseShape;
    return config;
  }
}

/** Keras 3's positional arguments of SpatialDropout2D after its required ones, in its order. */
type SpatialDropout2DPositional = [
  dataFormat?: DataFormat | null, seed?: number | null, name?: string | null, dtype?: LayerOptions['dtype'] | null,
];

/**
 * keras.layers.SpatialDropout2D(rate, {dataFormat, seed}): Dropout of whole feature maps of
 * images: in training each channel of each sample is zeroed over the whole image with
 * probability `rate` (the others scaled by 1 / (1 - rate)).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.SpatialDropout2D(0.5, { seed: 1 });
 * const y = layer(tf.ones([1, 2, 2, 8]), { training: true });
 * const perChannel = tf.reshape(y, [4, 8]).arraySync() as number[][];
 * console.log(perChannel.every((pixel) => pixel.join() === perChannel[0].join())); // true
 * ```
 */
export class SpatialDropout2D extends SpatialDropout1D {
  /** @internal Keras 3's SpatialDropout2D/3D(rate, data_format, seed, name, dtype). */
  static override _kerasPositional: readonly string[] = ['dataFormat', 'seed', 'name', 'dtype'];
  /** @internal */
  static override _ownOptionKeys: readonly string[] = ['seed', 'dataFormat'];
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;

  /**
   * @param rate The fraction of channels to drop, in [0, 1].
   * @param options `dataFormat`, `seed` and the layer options.
   */
  constructor(rate: number, options?: SpatialDropout2DOptions);
  /** Keras 3's positional form: `SpatialDropout2D(rate, data_format, seed, name, dtype)`. */
  constructor(rate: number, ...positional: SpatialDropout2DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<SpatialDropout2DPositional, SpatialDropout2DOptions>);
  /** Python's keyword form, `SpatialDropout2D(rate=...)`: `rate` among the options. */
  constructor(options: SpatialDropout2DOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    const options = dropoutArguments(new.target, args);
    super(rate, options);
    this.dataFormat = standardizeDataFormat(options.dataFormat, this.qualifiedName);
    this.inputSpec = { ndim: 4 };
  }

  /** @internal The mask's shape: one draw per sample and channel. */
  protected override channelNoiseShape(shape: readonly number[]): number[] {
    return this.dataFormat === 'channels_first' ? [shape[0]!, shape[1]!, 1, 1] : [shape[0]!, 1, 1, shape[3]!];
  }

  /** `{rate, seed, dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** Keras 3's positional arguments of SpatialDropout3D after its required ones, in its order. */
type SpatialDropout3DPositional = [
  dataFormat?: DataFormat | null, seed?: number | null, name?: string | null, dtype?: LayerOptions['dtype'] | null,
];

/**
 * keras.layers.SpatialDropout3D(rate, {dataFormat, seed}): Dropout of whole feature maps of
 * volumes [batch, depth, height, width, channels]: in training each channel of each sample is
 * zeroed over the whole volume with probability `rate` (the others scaled by 1 / (1 - rate)).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.SpatialDropout3D(0.5, { seed: 1 });
 * const y = layer(tf.ones([1, 2, 2, 2, 8]), { training: true });
 * const perChannel = tf.reshape(y, [8, 8]).arraySync() as number[][];
 * console.log(perChannel.every((voxel) => voxel.join() === perChannel[0].join())); // true
 * ```
 */
export class SpatialDropout3D extends SpatialDropout2D {
  /**
   * @param rate The fraction of channels to drop, in [0, 1].
   * @param options `dataFormat`, `seed` and the layer options.
   */
  constructor(rate: number, options?: SpatialDropout2DOptions);
  /** Keras 3's positional form: `SpatialDropout3D(rate, data_format, seed, name, dtype)`. */
  constructor(rate: number, ...positional: SpatialDropout3DPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<SpatialDropout3DPositional, SpatialDropout2DOptions>);
  /** Python's keyword form, `SpatialDropout3D(rate=...)`: `rate` among the options. */
  constructor(options: SpatialDropout2DOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    super(rate, dropoutArguments(new.target, args));
    this.inputSpec = { ndim: 5 };
  }

  /** @internal The mask's shape: one draw per sample and channel. */
  protected override channelNoiseShape(shape: readonly number[]): number[] {
    return this.dataFormat === 'channels_first' ? [shape[0]!, shape[1]!, 1, 1, 1] : [shape[0]!, 1, 1, 1, shape[4]!];
  }
}
