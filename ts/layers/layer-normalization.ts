// tf.keras.layers.LayerNormalization (keras/src/layers/normalization/layer_normalization.py): each
// sample normalized over `axis` (by default its features, the last axis), on its own statistics,
//   output = gamma · (x - mean) / sqrt(variance + epsilon) + beta,
// mean and (biased) variance taken over the axes in `axis`, gamma and beta spanning those axes.
// Keras computes inv = rsqrt(variance + epsilon) · gamma and x · inv + (beta - mean · inv), as
// tf.nn.batchNormalization does, so that op gives Keras' numbers. With `rmsScaling` the mean is
// not subtracted and there is no beta: output = x · rsqrt(variance + epsilon) · gamma (Keras 3's
// formula: the variance, not the mean square). The same in training and inference: nothing is
// kept between calls.

import { BETA_GAMMA, BETA_GAMMA_KEYS, BETA_GAMMA_NONE, type BetaGammaOptions, betaGammaConfig } from './beta-gamma';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { batchNormalization, moments } from '../nn';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { type ConstraintLike, type InitializerLike, Layer, layerArguments, type LayerOptions, type LayerShape, type RegularizerLike, shapeText } from './layer';
import { resolveWeightOptions, weightOptionsOf } from './weight-options';

/** Options of `new tf.keras.layers.LayerNormalization(options)`. */
export interface LayerNormalizationOptions extends LayerOptions, BetaGammaOptions {
  /** The axis or axes normalized over (default -1, the last). */
  axis?: number | readonly number[];
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Whether `beta` is added (default true). */
  center?: boolean;
  /** Whether the output is multiplied by `gamma` (default true). */
  scale?: boolean;
  /** Scale by gamma · rsqrt(variance + epsilon) only, without centering (default false; `center`
   * and `scale` are then ignored: gamma is made, beta is not). */
  rmsScaling?: boolean;
}

const LAYER_NORMALIZATION_KEYS = ['axis', 'epsilon', 'center', 'scale', 'rmsScaling', ...BETA_GAMMA_KEYS];

/** Keras 3's positional arguments of LayerNormalization, in its order. */
type LayerNormalizationPositional = [
  axis?: number | readonly number[], epsilon?: number, center?: boolean, scale?: boolean, betaInitializer?: InitializerLike,
  gammaInitializer?: InitializerLike, betaRegularizer?: RegularizerLike | null, gammaRegularizer?: RegularizerLike | null,
  betaConstraint?: ConstraintLike | null, gammaConstraint?: ConstraintLike | null,
];

/**
 * keras.layers.LayerNormalization({axis = -1, epsilon = 1e-3, center, scale}): each sample
 * normalized over `axis` with its own mean and variance, then multiplied by `gamma` and shifted by
 * `beta` (of the normalized axes' sizes, made on the first call).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const norm = new tf.keras.layers.LayerNormalization({ epsilon: 0 });
 * console.log(norm([[1, 3], [10, 30]]).arraySync());              // [ [ -1, 1 ], [ -1, 1 ] ]
 * console.log(norm.weights.map((w) => `${w.name} ${w.shape}`));   // [ 'layer_normalization/gamma 2', 'layer_normalization/beta 2' ]
 * const images = new tf.keras.layers.LayerNormalization({ axis: [1, 2, 3] });
 * images.build([5, 20, 30, 40]);
 * console.log(images.gamma!.shape, images.beta!.shape);           // [ 20, 30, 40 ] [ 20, 30, 40 ]
 * ```
 */
export class LayerNormalization extends Layer {
  /** The axis or axes normalized over, as given. */
  readonly axis: number | number[];
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  /** Whether `beta` is added. */
  readonly center: boolean;
  /** Whether the output is multiplied by `gamma`. */
  readonly scale: boolean;
  /** Whether the inputs are only scaled (by gamma and the inverse root of variance + epsilon), not centered. */
  readonly rmsScaling: boolean;
  /** The scale, of the normalized axes' sizes; null until built, and when `scale` (and `rmsScaling`) is false. */
  gamma: Variable | null = null;
  /** The offset, of the normalized axes' sizes; null until built, and when `center` is false or `rmsScaling` true. */
  beta: Variable | null = null;
  readonly #options: LayerNormalizationOptions;
  /** The normalized axes of the inputs (from 0, in increasing order), set by `build`. */
  #axes: number[] = [];

  /**
   * @param options `axis`, `epsilon`, `center`, `scale`, `rmsScaling`, `beta`'s and `gamma`'s initializers,
   * regularizers and constraints, and the layer options.
   */
  constructor(options?: LayerNormalizationOptions);
  /** Keras 3's positional form: `LayerNormalization(axis, epsilon, center, scale,
   * beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer, beta_constraint,
   * gamma_constraint)`; `rmsScaling` only by name (Keras 3 takes its deprecated rms_scaling as a
   * keyword only). */
  constructor(...positional: LayerNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (rmsScaling among them, as `LayerNormalization(-1, rms_scaling=True)`). */
  constructor(...positionalThenOptions: PositionalThenOptions<LayerNormalizationPositional, LayerNormalizationOptions>);
  constructor(...args: unknown[]) {
    // rms_scaling is a keyword of Keras 3's (not a positional one): it may follow the positional arguments.
    const options = layerArguments<LayerNormalizationOptions>(new.target, args, ['axis', 'epsilon', 'center', 'scale', ...BETA_GAMMA_KEYS], BETA_GAMMA_NONE, {}, ['rmsScaling']);
    super(options, LAYER_NORMALIZATION_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    const axis = o.axis ?? -1;
    if (!(Number.isSafeInteger(axis) || Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isSafeInteger(a)))) {
      throw new Error(`${op}: Expected an int or a list/tuple of ints for the argument 'axis', but received: ${describe(axis)}`);
    }
    this.axis = typeof axis === 'number' ? axis : axis.slice();
    const epsilon = o.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon >= 0 && Number.isFinite(epsilon))) throw new Error(`${op}: epsilon must be a finite number >= 0, got ${describe(epsilon)}.`);
    this.epsilon = epsilon;
    this.center = checkBoolean(o.center, op, 'center', true);
    this.scale = checkBoolean(o.scale, op, 'scale', true);
    this.rmsScaling = checkBoolean(o.rmsScaling, op, 'rmsScaling', false);
    this.#options = resolveWeightOptions(o, BETA_GAMMA, op);
  }

  /** The normalized axes of inputs of `inputShape`, from 0 and sorted (the order given does not matter). */
  private normalizedAxes(inputShape: LayerShape): number[] {
    const rank = inputShape.length;
    const given = typeof this.axis === 'number' ? [this.axis] : this.axis;
    for (const a of given) {
      if (a >= rank || a < -rank) {
        throw new Error(`${this.qualifiedName}: Axis ${a} is out of bounds for input shape ${shapeText(inputShape)}. Ensure axis is within the range of input dimensions.`);
      }
    }
    return [...new Set(given.map((a) => (a < 0 ? rank + a : a)))].sort((a, b) => a - b);
  }

  /** Makes `gamma` and `beta`, of the sizes of the inputs' normalized axes (which must be known). */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    this.#axes = this.normalizedAxes(inputShape);
    const shape = this.#axes.map((a) => inputShape[a]);
    if (shape.some((d) => d === null)) throw new Error(`${op}: the sizes of the normalized axes of the inputs must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    const o = this.#options;
    const sizes = shape as number[];
    if (this.scale || this.rmsScaling) this.gamma = this.addWeight({ name: 'gamma', shape: sizes, ...weightOptionsOf(o, 'gamma') });
    if (this.center && !this.rmsScaling) this.beta = this.addWeight({ name: 'beta', shape: sizes, ...weightOptionsOf(o, 'beta') });
    this.built = true;
  }

  /** The moments over the normalized axes, then `tf.nn.batchNormalization` with gamma and beta
   * (with `rmsScaling`, the mean taken as 0). */
  override call(inputs: Tensor): Tensor {
    const [mean, variance] = moments(inputs, this.#axes, null, true);
    // gamma and beta as [1, ..., sizes of the normalized axes, ..., 1] (as they are when only the last axis is).
    const lastOnly = this.#axes.length === 1 && this.#axes[0] === inputs.rank - 1;
    const along = (v: Tensor | null): Tensor | null => (v === null || lastOnly ? v : reshape(v, inputs.shape.map((d, i) => (this.#axes.includes(i) ? d : 1))));
    return batchNormalization(inputs, this.rmsScaling ? 0 : mean, variance, along(this.beta), along(this.gamma), this.epsilon);
  }

  /** The input shape (after checking the axes are in it). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    this.normalizedAxes(inputShape);
    return inputShape.slice();
  }

  /** Keras' config: axis, epsilon, center, scale, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      axis: typeof this.axis === 'number' ? this.axis : this.axis.slice(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rmsScaling: this.rmsScaling,
      ...betaGammaConfig(o, op),
    };
  }
}
