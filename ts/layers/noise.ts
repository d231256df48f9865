// The noise layers (keras/src/layers/regularization/): in training, GaussianNoise adds N(0,
// stddev²) noise, GaussianDropout multiplies by N(1, rate / (1 - rate)) noise, and AlphaDropout
// sets dropped units to SELU's negative saturation and rescales so that the mean and variance of
// standardized inputs are kept. In inference each returns its input. Each passes its input's mask
// on unchanged. As in Keras, each draws with a SeedGenerator made from its seed (an unseeded
// layer's takes a default seed, from Python's random), so a seeded layer draws Keras' noise.

import { describe, type PositionalThenOptions } from '../describe';
import { add, greaterEqual, mul } from '../generated/ops';
import { SeedGenerator, normal, uniform } from '../keras-random';
import { cast } from '../ops';
import type { Tensor } from '../tensor';
import { Layer, requiredLayerArguments, type LayerOptions, type LayerShape, layerArguments, takeArguments } from './layer';

/** Options of the noise layers: the seed of their draws. */
export interface NoiseOptions extends LayerOptions {
  /** The seed of the layer's SeedGenerator, which draws the noise, or null. */
  seed?: number | null;
}

/** Options of `new tf.keras.layers.AlphaDropout(rate, options)`. */
export interface AlphaDropoutOptions extends NoiseOptions {
  /** The shape of the keep/drop mask, broadcast to the input's (null entries: the input's size). */
  noiseShape?: readonly (number | null)[] | null;
}

/** A number in [0, 1], with Keras' message. */
function unitInterval(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new Error(`${op}: Invalid value received for argument \`${name}\`. Expected a float value between 0 and 1. Received: ${name}=${describe(value)}`);
  }
  return value;
}

/** The `seed` option: an integer or null. */
function seedOption(value: unknown, op: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value)) throw new Error(`${op}: seed must be an integer, got ${describe(value)}.`);
  return value as number;
}

/** The layer's SeedGenerator, made (as Keras makes it) when the layer draws at all. */
const seedGeneratorOf = (seed: number | null, draws: boolean): SeedGenerator | null => (draws ? new SeedGenerator(seed) : null);

/** Keras 3's positional arguments of GaussianNoise after its required ones, in its order. */
type GaussianNoisePositional = [
  seed?: number | null,
];

/**
 * keras.layers.GaussianNoise(stddev, {seed}): in training, the input plus normal noise of mean 0
 * and standard deviation `stddev` (in [0, 1]); in inference, the input.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.GaussianNoise(0.1, { seed: 1 });
 * const x = tf.zeros([1000]);
 * console.log(layer(x).arraySync().every((v: number) => v === 0));   // true
 * const noise = layer(x, { training: true });
 * console.log(Math.abs(tf.nn.moments(noise, 0)[1].arraySync() - 0.01) < 0.002); // true
 * ```
 */
export class GaussianNoise extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The noise's standard deviation. */
  readonly stddev: number;
  /** The draws' seed, or null. */
  readonly seed: number | null;
  readonly #seedGenerator: SeedGenerator | null;

  /**
   * @param stddev The standard deviation of the noise, in [0, 1].
   * @param options `seed` and the layer options.
   */
  constructor(stddev: number, options?: NoiseOptions);
  /** Keras 3's positional form: `GaussianNoise(stddev, seed)`. */
  constructor(stddev: number, ...positional: GaussianNoisePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(stddev: number, ...positionalThenOptions: PositionalThenOptions<GaussianNoisePositional, NoiseOptions>);
  /** Python's keyword form, `GaussianNoise(stddev=...)`: `stddev` among the options. */
  constructor(options: NoiseOptions & { stddev: number });
  constructor(...given: unknown[]) {
    const [[stddev], args] = requiredLayerArguments(new.target, given, ['stddev']) as [[number], unknown[]];
    const options = layerArguments<NoiseOptions>(new.target, args, ['seed'], ['seed']);
    super(options, ['seed']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    this.stddev = unitInterval(stddev, 'stddev', op);
    this.seed = seedOption((options ?? {}).seed, op);
    this.#seedGenerator = seedGeneratorOf(this.seed, this.stddev > 0);
    this.built = true;
  }

  /** In training, inputs + N(0, stddev²); otherwise the inputs. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    if (!options.training || this.stddev === 0) return inputs;
    return add(inputs, normal(inputs.shape, { stddev: this.stddev, dtype: inputs.dtype, seed: this.#seedGenerator }));
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** A new GaussianNoise from `getConfig()`'s object (Keras' `from_config`): `stddev` and the options. */
  static override fromConfig(config: Record<string, unknown>): GaussianNoise {
    const [[stddev], options] = takeArguments(config, 'GaussianNoise', ['stddev']);
    return new this(stddev as number, options);
  }

  /** `{stddev, seed}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}

/** Keras 3's positional arguments of GaussianDropout after its required ones, in its order. */
type GaussianDropoutPositional = [
  seed?: number | null,
];

/**
 * keras.layers.GaussianDropout(rate, {seed}): in training, the input times normal noise of mean 1
 * and standard deviation sqrt(rate / (1 - rate)) (the variance of Dropout's rescaled keep mask);
 * in inference, the input.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.GaussianDropout(0.5, { seed: 2 });
 * const noise = layer(tf.ones([2000]), { training: true });
 * const [mean, variance] = tf.nn.moments(noise, 0).map((t) => t.arraySync() as number);
 * console.log(Math.abs(mean - 1) < 0.1, Math.abs(variance - 1) < 0.15); // true true
 * ```
 */
export class GaussianDropout extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The dropout rate whose variance the noise has. */
  readonly rate: number;
  /** The draws' seed, or null. */
  readonly seed: number | null;
  readonly #seedGenerator: SeedGenerator | null;

  /**
   * @param rate A dropout rate in [0, 1]: the noise's variance is rate / (1 - rate).
   * @param options `seed` and the layer options.
   */
  constructor(rate: number, options?: NoiseOptions);
  /** Keras 3's positional form: `GaussianDropout(rate, seed)`. */
  constructor(rate: number, ...positional: GaussianDropoutPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<GaussianDropoutPositional, NoiseOptions>);
  /** Python's keyword form, `GaussianDropout(rate=...)`: `rate` among the options. */
  constructor(options: NoiseOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    const options = layerArguments<NoiseOptions>(new.target, args, ['seed'], ['seed']);
    super(options, ['seed']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    this.rate = unitInterval(rate, 'rate', op);
    this.seed = seedOption((options ?? {}).seed, op);
    this.#seedGenerator = seedGeneratorOf(this.seed, this.rate > 0);
    this.built = true;
  }

  /** In training, inputs · N(1, rate / (1 - rate)); otherwise the inputs. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return mul(inputs, normal(inputs.shape, { mean: 1, stddev, dtype: inputs.dtype, seed: this.#seedGenerator }));
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** A new GaussianDropout from `getConfig()`'s object (Keras' `from_config`): `rate` and the options. */
  static override fromConfig(config: Record<string, unknown>): GaussianDropout {
    const [[rate], options] = takeArguments(config, 'GaussianDropout', ['rate']);
    return new this(rate as number, options);
  }

  /** `{rate, seed}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** SELU's negative saturation, -scale · alpha: the value AlphaDropout gives dropped units before
 * its affine correction. */
const SELU_SATURATION = -1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;

/** Keras 3's positional arguments of AlphaDropout after its required ones, in its order. */
type AlphaDropoutPositional = [
  noiseShape?: readonly (number | null)[] | null, seed?: number | null,
];

/**
 * keras.layers.AlphaDropout(rate, {noiseShape, seed}): in training, each unit dropped with
 * probability `rate` is set to SELU's saturation α' = -scale · alpha, and then
 * a · x + b, a = ((1 - rate)(1 + rate · α'²))^(-1/2), b = -a · α' · rate, so that inputs of mean 0
 * and variance 1 (as SELU networks keep them) keep them; in inference, the input.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.AlphaDropout(0.2, { seed: 3 });
 * const y = layer(tf.random.normal([4000], { seed: 4 }), { training: true });
 * const [mean, variance] = tf.nn.moments(y, 0).map((t) => t.arraySync() as number);
 * console.log(Math.abs(mean) < 0.1, Math.abs(variance - 1) < 0.1); // true true
 * ```
 */
export class AlphaDropout extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The fraction of units dropped in training. */
  readonly rate: number;
  /** The mask's shape (null entries: the input's size), or null for the input's shape. */
  readonly noiseShape: (number | null)[] | null;
  /** The draws' seed, or null. */
  readonly seed: number | null;
  readonly #seedGenerator: SeedGenerator | null;

  /**
   * @param rate The fraction of units to drop, in [0, 1].
   * @param options `noiseShape`, `seed` and the layer options.
   */
  constructor(rate: number, options?: AlphaDropoutOptions);
  /** Keras 3's positional form: `AlphaDropout(rate, noise_shape, seed)`. */
  constructor(rate: number, ...positional: AlphaDropoutPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(rate: number, ...positionalThenOptions: PositionalThenOptions<AlphaDropoutPositional, AlphaDropoutOptions>);
  /** Python's keyword form, `AlphaDropout(rate=...)`: `rate` among the options. */
  constructor(options: AlphaDropoutOptions & { rate: number });
  constructor(...given: unknown[]) {
    const [[rate], args] = requiredLayerArguments(new.target, given, ['rate']) as [[number], unknown[]];
    const options = layerArguments<AlphaDropoutOptions>(new.target, args, ['noiseShape', 'seed'], ['noiseShape', 'seed']);
    super(options, ['noiseShape', 'seed']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    this.rate = unitInterval(rate, 'rate', op);
    const noiseShape = o.noiseShape ?? null;
    if (noiseShape !== null && (!Array.isArray(noiseShape) || noiseShape.some((d) => d !== null && !(Number.isInteger(d) && d > 0)))) {
      throw new Error(`${op}: Invalid value received for argument \`noiseShape\`. Expected an array of positive integers or null. Received: noiseShape=${describe(noiseShape)}`);
    }
    this.noiseShape = noiseShape === null ? null : noiseShape.slice();
    this.seed = seedOption(o.seed, op);
    this.#seedGenerator = seedGeneratorOf(this.seed, this.rate > 0);
    this.built = true;
  }

  /** In training, a · (x where kept, else α') + b; otherwise the inputs. */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    const rate = this.rate;
    const shape = this.noiseShape === null ? inputs.shape : this.noiseShape.map((d, i) => d ?? inputs.shape[i]!);
    // Keras draws the keep mask's uniforms in the default float, whatever the inputs' dtype.
    const kept = cast(greaterEqual(uniform(shape, { seed: this.#seedGenerator }), rate), inputs.dtype);
    const a = ((1 - rate) * (1 + rate * SELU_SATURATION ** 2)) ** -0.5;
    const b = -a * SELU_SATURATION * rate;
    // x · kept + α' · (1 - kept), as Keras computes it.
    const x = add(mul(inputs, kept), mul(SELU_SATURATION, add(1, mul(-1, kept))));
    return add(mul(a, x), b);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** A new AlphaDropout from `getConfig()`'s object (Keras' `from_config`): `rate` and the options. */
  static override fromConfig(config: Record<string, unknown>): AlphaDropout {
    const [[rate], options] = takeArguments(config, 'AlphaDropout', ['rate']);
    return new this(rate as number, options);
  }

  /** `{rate, seed, noiseShape}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape === null ? null : this.noiseShape.slice() };
  }
}
