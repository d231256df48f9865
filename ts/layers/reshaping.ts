// The reshaping layers (keras/src/layers/reshaping/): Flatten keeps the batch axis and flattens the
// rest; Reshape gives each sample a target shape (one -1 inferred); Permute reorders the axes
// after the batch axis; RepeatVector repeats each [features] sample n times. (UpSampling,
// ZeroPadding and Cropping, which work on the spatial axes, are in spatial-reshaping.ts.)

import { describe, type PositionalThenOptions } from '../describe';
import { imageDataFormat } from '../keras-settings';
import { reshape, transpose } from '../ops';
import { expandDims, tile } from '../shape';
import type { Tensor } from '../tensor';
import { Layer, requiredLayerArguments, layerArguments, type LayerOptions, type LayerShape, shapeText, takeArguments } from './layer';

/** Options of `new tf.keras.layers.Flatten(options)`. */
export interface FlattenOptions extends LayerOptions {
  /** 'channels_last' (default: inputs [batch, ..., channels]) or 'channels_first' ([batch,
   * channels, ...], moved to channels last before flattening, so both orders flatten alike). */
  dataFormat?: 'channels_last' | 'channels_first';
}

/** Keras 3's positional arguments of Flatten, in its order. */
type FlattenPositional = [
  dataFormat?: 'channels_last' | 'channels_first' | null,
];

/**
 * keras.layers.Flatten: [batch, d1, d2, ...] to [batch, d1·d2·...] (a [batch] input gives [batch, 1]).
 *
 * @example
 * ```ts
 * const flat = new tf.keras.layers.Flatten()(tf.ones([2, 3, 4]));
 * console.log(flat.shape); // [ 2, 12 ]
 * ```
 */
export class Flatten extends Layer {
  /** The order of the input's axes. */
  readonly dataFormat: 'channels_last' | 'channels_first';

  /** @param options `dataFormat` and the layer options. */
  constructor(options?: FlattenOptions);
  /** Keras 3's positional form: `Flatten(data_format)`. */
  constructor(...positional: FlattenPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<FlattenPositional, FlattenOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<FlattenOptions>(new.target, args, ['dataFormat'], ['dataFormat']);
    super(options, ['dataFormat']);
    const dataFormat = (options ?? {}).dataFormat ?? imageDataFormat();
    if (dataFormat !== 'channels_last' && dataFormat !== 'channels_first') {
      throw new Error(`${this.qualifiedName}: The \`dataFormat\` argument must be one of {'channels_first', 'channels_last'}. Received: dataFormat=${describe(dataFormat)}`);
    }
    this.dataFormat = dataFormat;
    this.inputSpec = { minNdim: 1 };
  }

  /** The inputs reshaped to [batch, the product of the other sizes]. */
  override call(inputs: Tensor): Tensor {
    const rank = inputs.rank;
    const x = this.dataFormat === 'channels_first' && rank > 1 ? transpose(inputs, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]) : inputs;
    return reshape(x, this.computeOutputShape(inputs.shape).map((d) => d ?? -1));
  }

  /** [batch, the product of the other sizes (null if one is unknown; 1 for a [batch] input)]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const rest = inputShape.slice(1);
    const flattened = rest.some((d) => d === null) ? null : rest.reduce<number>((p, d) => p * d!, 1);
    return [inputShape[0] ?? null, flattened];
  }

  /** `{dataFormat}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/**
 * keras.layers.Reshape(targetShape): each sample reshaped to `targetShape` (the batch axis is
 * kept; one entry may be -1, inferred from the sample's size).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Reshape([-1, 2, 2]);
 * console.log(layer(tf.zeros([5, 12])).shape, layer.computeOutputShape([null, 12])); // [ 5, 3, 2, 2 ] [ null, 3, 2, 2 ]
 * ```
 */
export class Reshape extends Layer {
  /** Each sample's new shape (one -1 at most). */
  readonly targetShape: number[];

  /**
   * @param targetShape The shape of each sample, without the batch axis; one entry may be -1.
   * @param options The layer options.
   */
  constructor(targetShape: readonly number[], options?: LayerOptions);
  /** Python's keyword form, `Reshape(target_shape=...)`: `targetShape` among the options. */
  constructor(options: LayerOptions & { targetShape: readonly number[] });
  constructor(...given: unknown[]) {
    const [[targetShape], [options = {}]] = requiredLayerArguments(new.target, given, ['targetShape']) as [[readonly number[]], [LayerOptions?]];
    super(options);
    const op = this.qualifiedName;
    if (!Array.isArray(targetShape) || targetShape.some((d) => !Number.isInteger(d) || d < -1)) {
      throw new Error(`${op}: targetShape must be an array of non-negative integers or -1, got ${describe(targetShape)}.`);
    }
    if (targetShape.filter((d) => d === -1).length > 1) {
      throw new Error(`${op}: The \`targetShape\` argument must not contain more than one \`-1\` value. Received: targetShape=${shapeText(targetShape)}`);
    }
    this.targetShape = targetShape.slice();
    this.built = true;
  }

  /** The inputs reshaped to [batch, ...targetShape]. */
  override call(inputs: Tensor): Tensor {
    const sample = this.resolve(inputs.shape.slice(1));
    return reshape(inputs, [inputs.shape[0]!, ...sample.map((d) => d ?? -1)]);
  }

  /** [batch, ...targetShape], the -1 resolved when the sample's size is known. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [inputShape[0] ?? null, ...this.resolve(inputShape.slice(1))];
  }

  /** Keras' compute_reshape_output_shape: the -1 resolved, or sizes checked, when `sample` is known. */
  private resolve(sample: LayerShape): (number | null)[] {
    const target = this.targetShape;
    if (sample.some((d) => d === null)) return target.map((d) => (d === -1 ? null : d));
    const size = sample.reduce<number>((p, d) => p * d!, 1);
    const unknown = target.indexOf(-1);
    if (unknown < 0) {
      if (size !== target.reduce((p, d) => p * d, 1)) {
        throw new Error(`${this.qualifiedName}: The total size of the tensor must be unchanged. Received: input_shape=${shapeText(sample)}, target_shape=${shapeText(target)}`);
      }
      return target.slice();
    }
    const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
    if (known === 0 || size % known !== 0) {
      throw new Error(
        `${this.qualifiedName}: The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=${shapeText(sample)}, target_shape=${shapeText(target)}`,
      );
    }
    return target.map((d) => (d === -1 ? size / known : d));
  }

  /** `{targetShape}` and the layer options. */
  /** A new Reshape from `getConfig()`'s object (Keras' `from_config`): `targetShape` and the options. */
  static override fromConfig(config: Record<string, unknown>): Reshape {
    const [[targetShape], options] = takeArguments(config, 'Reshape', ['targetShape']);
    return new this(targetShape as number[], options);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape.slice() };
  }
}

/**
 * keras.layers.Permute(dims): the axes after the batch axis reordered, `dims` counting them from 1
 * (the batch axis stays first): [1, 3, 2] swaps the second and third axes.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Permute([2, 1]);
 * console.log(layer(tf.zeros([5, 10, 64])).shape, layer.computeOutputShape([null, 10, 64])); // [ 5, 64, 10 ] [ null, 64, 10 ]
 * ```
 */
export class Permute extends Layer {
  /** The new order of the axes after the batch axis, counted from 1. */
  readonly dims: number[];

  /**
   * @param dims A permutation of 1, 2, ..., n (the input's rank - 1).
   * @param options The layer options.
   */
  constructor(dims: readonly number[], options?: LayerOptions);
  /** Python's keyword form, `Permute(dims=...)`: `dims` among the options. */
  constructor(options: LayerOptions & { dims: readonly number[] });
  constructor(...given: unknown[]) {
    const [[dims], [options = {}]] = requiredLayerArguments(new.target, given, ['dims']) as [[readonly number[]], [LayerOptions?]];
    super(options);
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : null;
    if (sorted === null || sorted.some((d, i) => d !== i + 1)) {
      const text = Array.isArray(dims) ? `[${dims.map((d) => describe(d)).join(', ')}]` : describe(dims);
      throw new Error(`${this.qualifiedName}: Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${text}`);
    }
    this.dims = dims.slice();
    this.inputSpec = { ndim: dims.length + 1 };
  }

  /** `tf.transpose(inputs, [0, ...dims])`. */
  override call(inputs: Tensor): Tensor {
    return transpose(inputs, [0, ...this.dims]);
  }

  /** [batch, ...the input's sizes in the order of dims]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  /** A new Permute from `getConfig()`'s object (Keras' `from_config`): `dims` and the options. */
  static override fromConfig(config: Record<string, unknown>): Permute {
    const [[dims], options] = takeArguments(config, 'Permute', ['dims']);
    return new this(dims as number[], options);
  }

  /** `{dims}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims.slice() };
  }
}

/** A positive integer argument, with Keras' message (RepeatVector's `n`, UpSampling1D's `size`). */
export function positiveInteger(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${op}: Expected an integer value for \`${name}\`, got ${describe(value)}.`);
  if (value <= 0) throw new Error(`${op}: Argument \`${name}\` should be a positive integer. Received: ${name}=${value}`);
  return value;
}

/**
 * keras.layers.RepeatVector(n): each [features] sample repeated n times, [batch, features] to
 * [batch, n, features].
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.RepeatVector(3);
 * console.log(layer([[1, 2]]).arraySync()); // [ [ [ 1, 2 ], [ 1, 2 ], [ 1, 2 ] ] ]
 * ```
 */
export class RepeatVector extends Layer {
  /** How many times each sample is repeated. */
  readonly n: number;

  /**
   * @param n The number of repetitions, a positive integer.
   * @param options The layer options.
   */
  constructor(n: number, options?: LayerOptions);
  /** Python's keyword form, `RepeatVector(n=...)`: `n` among the options. */
  constructor(options: LayerOptions & { n: number });
  constructor(...given: unknown[]) {
    const [[n], [options = {}]] = requiredLayerArguments(new.target, given, ['n']) as [[number], [LayerOptions?]];
    super(options);
    this.n = positiveInteger(n, 'n', this.qualifiedName);
    this.inputSpec = { ndim: 2 };
  }

  /** [batch, 1, features] tiled n times along axis 1. */
  override call(inputs: Tensor): Tensor {
    return tile(expandDims(inputs, 1), [1, this.n, 1]);
  }

  /** [batch, n, features]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  /** A new RepeatVector from `getConfig()`'s object (Keras' `from_config`): `n` and the options. */
  static override fromConfig(config: Record<string, unknown>): RepeatVector {
    const [[n], options] = takeArguments(config, 'RepeatVector', ['n']);
    return new this(n as number, options);
  }

  /** `{n}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}
