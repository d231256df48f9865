// tf.keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py):
// each channel (the entries along `axis`) normalized, then scaled and shifted,
//   output = gamma · (x - mean) / sqrt(variance + epsilon) + beta,
// with the batch's statistics in training (the mean and the biased variance over every other
// axis, tf.nn.moments) and the moving ones in inference. Each training call moves the moving
// statistics toward the batch's, as Keras 3 does:
//   moving_mean     = moving_mean · momentum     + mean · (1 - momentum)
//   moving_variance = moving_variance · momentum + variance · (1 - momentum)
// A frozen layer (`trainable` false) runs in inference even when called in training, and leaves
// its moving statistics alone (Keras 3's rule for this layer). The statistics are non-trainable
// weights, so `fit` does not differentiate them; their updates are variable assignments, which a
// compiled step (tf.function) replays at every call as an eager step makes them.

import { BETA_GAMMA, BETA_GAMMA_KEYS, BETA_GAMMA_NONE, type BetaGammaOptions, betaGammaConfig } from './beta-gamma';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { add, mul } from '../generated/ops';
import { batchNormalization, moments } from '../nn';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import {
  type ConstraintLike, type InitializerLike, Layer, layerArguments, type LayerOptions, type LayerShape, type RegularizerLike, resolveInitializer, serializeOption,
  shapeText,
} from './layer';
import { resolveWeightOptions, weightOptionsOf } from './weight-options';

/** Options of `new tf.keras.layers.BatchNormalization(options)`. */
export interface BatchNormalizationOptions extends LayerOptions, BetaGammaOptions {
  /** The axis of the channels, each normalized on its own (default -1, the last). */
  axis?: number;
  /** The moving statistics' momentum, in [0, 1] (default 0.99): how much of them each training call keeps. */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Whether `beta` is added (default true). */
  center?: boolean;
  /** Whether the output is multiplied by `gamma` (default true). */
  scale?: boolean;
  /** How the moving mean starts (default 'zeros'). */
  movingMeanInitializer?: InitializerLike;
  /** How the moving variance starts (default 'ones'). */
  movingVarianceInitializer?: InitializerLike;
}

const BATCH_NORMALIZATION_KEYS = [
  'axis', 'momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer',
  'betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint',
];

/** Keras 3's positional arguments of BatchNormalization, in its order. */
type BatchNormalizationPositional = [
  axis?: number, momentum?: number, epsilon?: number, center?: boolean, scale?: boolean, betaInitializer?: InitializerLike,
  gammaInitializer?: InitializerLike, movingMeanInitializer?: InitializerLike, movingVarianceInitializer?: InitializerLike,
  betaRegularizer?: RegularizerLike | null, gammaRegularizer?: RegularizerLike | null, betaConstraint?: ConstraintLike | null,
  gammaConstraint?: ConstraintLike | null, synchronized?: false,
];

/**
 * keras.layers.BatchNormalization: normalizes each channel with the batch's mean and variance when
 * called with `training: true` (as `fit` calls the model), updating the moving statistics
 * (`moving = moving · momentum + batch · (1 - momentum)`), and with the moving statistics in
 * inference (`evaluate`, `predict`, and calls without `training`). Weights: `gamma` and `beta`
 * (trainable), `moving_mean` and `moving_variance` (non-trainable), each of the channels' size.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const bn = new tf.keras.layers.BatchNormalization({ momentum: 0.5, epsilon: 0 });
 * const x = tf.constant([[1, 10], [3, 30]]); // channel means 2 and 20, variances 1 and 100
 * console.log(bn(x, { training: true }).arraySync());                 // [ [ -1, -1 ], [ 1, 1 ] ]
 * console.log(bn.movingMean!.arraySync(), bn.movingVariance!.arraySync()); // [ 1, 10 ] [ 1, 50.5 ]
 * console.log(bn(tf.constant([[1, 10]])).arraySync());                // [ [ 0, 0 ] ]
 * console.log(bn.trainableWeights.length, bn.nonTrainableWeights.map((w) => w.name.split('/')[1])); // 2 [ 'moving_mean', 'moving_variance' ]
 * ```
 */
export class BatchNormalization extends Layer {
  /** The axis of the channels, as given (negative from the end). */
  readonly axis: number;
  /** The moving statistics' momentum. */
  readonly momentum: number;
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  /** Whether `beta` is added. */
  readonly center: boolean;
  /** Whether the output is multiplied by `gamma`. */
  readonly scale: boolean;
  /** The scale, [channels]; null until built, and when `scale` is false. */
  gamma: Variable | null = null;
  /** The offset, [channels]; null until built, and when `center` is false. */
  beta: Variable | null = null;
  /** The moving mean, [channels] (non-trainable); null until built. */
  movingMean: Variable | null = null;
  /** The moving variance, [channels] (non-trainable); null until built. */
  movingVariance: Variable | null = null;
  readonly #options: BatchNormalizationOptions;
  /** The channels axis of the inputs (from 0), set by `build`. */
  #channelAxis = -1;
  /** The input axes the statistics are taken over (all but the channels'). */
  #reductionAxes: number[] = [];

  /**
   * @param options `axis`, `momentum`, `epsilon`, `center`, `scale`, the initializers of `beta`,
   * `gamma` and the moving statistics, `beta`'s and `gamma`'s regularizers and constraints, and
   * the layer options.
   */
  constructor(options?: BatchNormalizationOptions);
  /** Keras 3's positional form: `BatchNormalization(axis, momentum, epsilon, center, scale,
   * beta_initializer, gamma_initializer, moving_mean_initializer, moving_variance_initializer,
   * beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint, synchronized)`
   * (synchronized only false: gradtape has one device). */
  constructor(...positional: BatchNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<BatchNormalizationPositional, BatchNormalizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<BatchNormalizationOptions>(new.target, args, [...BATCH_NORMALIZATION_KEYS, 'synchronized'], BETA_GAMMA_NONE, { synchronized: false });
    super(options, BATCH_NORMALIZATION_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    const axis = o.axis ?? -1;
    if (!Number.isSafeInteger(axis)) throw new Error(`${op}: axis must be an integer, got ${describe(axis)}.`);
    this.axis = axis;
    this.momentum = finiteNumber(o.momentum ?? 0.99, op, 'momentum');
    if (this.momentum < 0 || this.momentum > 1) throw new Error(`${op}: \`momentum\` must be a number in [0, 1]. Received: momentum=${this.momentum}`);
    this.epsilon = finiteNumber(o.epsilon ?? 1e-3, op, 'epsilon');
    if (this.epsilon < 0) throw new Error(`${op}: epsilon must be >= 0, got ${this.epsilon}.`);
    this.center = checkBoolean(o.center, op, 'center', true);
    this.scale = checkBoolean(o.scale, op, 'scale', true);
    this.#options = {
      ...resolveWeightOptions(o, BETA_GAMMA, op),
      movingMeanInitializer: resolveInitializer(o.movingMeanInitializer ?? 'zeros', op),
      movingVarianceInitializer: resolveInitializer(o.movingVarianceInitializer ?? 'ones', op),
    };
  }

  /** Makes `gamma`, `beta`, `moving_mean` and `moving_variance`, each of the size of the inputs' `axis`. */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const rank = inputShape.length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (axis < 0 || axis >= rank) throw new Error(`${op}: axis ${this.axis} is out of range for inputs of rank ${rank} (shape ${shapeText(inputShape)}).`);
    const channels = inputShape[axis];
    if (typeof channels !== 'number') throw new Error(`${op}: the size of axis ${this.axis} of the inputs must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    const o = this.#options;
    const shape = [channels];
    if (this.scale) this.gamma = this.addWeight({ name: 'gamma', shape, ...weightOptionsOf(o, 'gamma') });
    if (this.center) this.beta = this.addWeight({ name: 'beta', shape, ...weightOptionsOf(o, 'beta') });
    this.movingMean = this.addWeight({ name: 'moving_mean', shape, initializer: o.movingMeanInitializer ?? 'zeros', trainable: false });
    this.movingVariance = this.addWeight({ name: 'moving_variance', shape, initializer: o.movingVarianceInitializer ?? 'ones', trainable: false });
    this.inputSpec = { ndim: rank, axes: { [this.axis]: channels } };
    this.#channelAxis = axis;
    this.#reductionAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis);
    this.built = true;
  }

  /**
   * In training (and when the layer is trainable): the batch's statistics, and the moving ones
   * moved toward them; otherwise the moving statistics. Then `tf.nn.batchNormalization`.
   */
  override call(inputs: Tensor, options: { training: boolean }): Tensor {
    let mean: Tensor, variance: Tensor;
    if (options.training && this.trainable) {
      [mean, variance] = moments(inputs, this.#reductionAxes);
      const keep = this.momentum, take = 1 - this.momentum;
      this.movingMean!.assign(add(mul(this.movingMean!, keep), mul(mean, take)));
      this.movingVariance!.assign(add(mul(this.movingVariance!, keep), mul(variance, take)));
    } else {
      [mean, variance] = [this.movingMean!, this.movingVariance!];
    }
    // [channels] as [1, ..., channels, ..., 1], to broadcast along the channels axis (as is when it is the last).
    const c = this.#channelAxis;
    const along = (v: Tensor | null): Tensor | null => (v === null || c === inputs.rank - 1 ? v : reshape(v, inputs.shape.map((d, i) => (i === c ? d : 1))));
    return batchNormalization(inputs, along(mean)!, along(variance)!, along(this.beta), along(this.gamma), this.epsilon);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** Keras' config: axis, momentum, epsilon, center, scale, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      movingMeanInitializer: serializeOption(resolveInitializer(o.movingMeanInitializer ?? 'zeros', op)),
      movingVarianceInitializer: serializeOption(resolveInitializer(o.movingVarianceInitializer ?? 'ones', op)),
      ...betaGammaConfig(o, op),
    };
  }
}

/** A finite number option. */
function finiteNumber(value: unknown, op: string, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${op}: ${name} must be a finite number, got ${describe(value)}.`);
  return value;
}
