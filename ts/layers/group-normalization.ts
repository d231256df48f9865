// tf.keras.layers.GroupNormalization (keras/src/layers/normalization/group_normalization.py): the
// channels (the `axis`, by default the last) split into `groups` groups of consecutive channels,
// and each sample normalized within each group, over the group's channels and every other axis
// but the batch one:
//   output = gamma · (x - mean) / sqrt(variance + epsilon) + beta
// with gamma and beta per channel. groups = 1 is LayerNormalization over all the axes but the
// batch one (with per-channel weights); groups = channels (-1) is instance normalization. Keras
// computes inv = rsqrt(variance + epsilon) · gamma and x · inv + (beta - mean · inv), as
// tf.nn.batchNormalization does. The same in training and inference.

import { BETA_GAMMA, BETA_GAMMA_KEYS, BETA_GAMMA_NONE, type BetaGammaOptions, betaGammaConfig } from './beta-gamma';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { batchNormalization, moments } from '../nn';
import { reshape } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { type ConstraintLike, type InitializerLike, Layer, layerArguments, type LayerOptions, type LayerShape, type RegularizerLike, shapeText } from './layer';
import { resolveWeightOptions, weightOptionsOf } from './weight-options';

/** Options of `new tf.keras.layers.GroupNormalization(options)`. */
export interface GroupNormalizationOptions extends LayerOptions, BetaGammaOptions {
  /** The number of groups, which must divide the channels (default 32); -1 for one group per channel. */
  groups?: number;
  /** The channels axis (default -1). */
  axis?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Whether `beta` is added (default true). */
  center?: boolean;
  /** Whether the output is multiplied by `gamma` (default true). */
  scale?: boolean;
}

const GROUP_NORMALIZATION_KEYS = ['groups', 'axis', 'epsilon', 'center', 'scale', ...BETA_GAMMA_KEYS];

/** Keras 3's positional arguments of GroupNormalization, in its order. */
type GroupNormalizationPositional = [
  groups?: number, axis?: number, epsilon?: number, center?: boolean, scale?: boolean, betaInitializer?: InitializerLike,
  gammaInitializer?: InitializerLike, betaRegularizer?: RegularizerLike | null, gammaRegularizer?: RegularizerLike | null,
  betaConstraint?: ConstraintLike | null, gammaConstraint?: ConstraintLike | null,
];

/**
 * keras.layers.GroupNormalization({groups = 32, axis = -1, epsilon = 1e-3, center, scale, ...}):
 * each sample normalized within each group of consecutive channels, then multiplied by `gamma`
 * and shifted by `beta` (one per channel).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.GroupNormalization({ groups: 2, epsilon: 0 });
 * console.log(layer([[1, 3, 10, 30]]).arraySync()); // [ [ -1, 1, -1, 1 ] ]
 * ```
 */
export class GroupNormalization extends Layer {
  /** The number of groups (-1 until built, for one per channel). */
  groups: number;
  /** The channels axis. */
  readonly axis: number;
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  /** Whether `beta` is added. */
  readonly center: boolean;
  /** Whether the output is multiplied by `gamma`. */
  readonly scale: boolean;
  /** The scale, one per channel; null until built, and when `scale` is false. */
  gamma: Variable | null = null;
  /** The offset, one per channel; null until built, and when `center` is false. */
  beta: Variable | null = null;
  readonly #options: GroupNormalizationOptions;

  /** @param options `groups`, `axis`, `epsilon`, `center`, `scale`, `beta`'s and `gamma`'s initializers, regularizers and constraints, and the layer options. */
  constructor(options?: GroupNormalizationOptions);
  /** Keras 3's positional form: `GroupNormalization(groups, axis, epsilon, center, scale,
   * beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer, beta_constraint,
   * gamma_constraint)`. */
  constructor(...positional: GroupNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<GroupNormalizationPositional, GroupNormalizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<GroupNormalizationOptions>(new.target, args, GROUP_NORMALIZATION_KEYS, BETA_GAMMA_NONE);
    super(options, GROUP_NORMALIZATION_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    const groups = o.groups ?? 32;
    if (!Number.isInteger(groups) || groups <= 0 && groups !== -1) {
      throw new Error(`${op}: Received an invalid value for argument \`groups\`, expected a positive integer (or \`-1\` for instance normalization). Received: groups=${describe(groups)}`);
    }
    this.groups = groups;
    const axis = o.axis ?? -1;
    if (!Number.isInteger(axis)) throw new Error(`${op}: axis must be an integer, got ${describe(axis)}.`);
    this.axis = axis;
    const epsilon = o.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon >= 0 && Number.isFinite(epsilon))) throw new Error(`${op}: epsilon must be a finite number >= 0, got ${describe(epsilon)}.`);
    this.epsilon = epsilon;
    this.center = checkBoolean(o.center, op, 'center', true);
    this.scale = checkBoolean(o.scale, op, 'scale', true);
    this.#options = resolveWeightOptions(o, BETA_GAMMA, op);
  }

  /** The channels axis of inputs of rank `rank`, from 0 (Keras' out-of-bounds message). */
  private channelAxis(inputShape: LayerShape): number {
    const rank = inputShape.length;
    if (this.axis >= rank || this.axis < -rank) {
      throw new Error(`${this.qualifiedName}: Axis ${this.axis} is out of bounds for input shape ${shapeText(inputShape)}. Received: axis=${this.axis}`);
    }
    return this.axis < 0 ? rank + this.axis : this.axis;
  }

  /** Checks the groups against the channels (-1 becomes one per channel) and makes `gamma` and `beta`. */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const axis = this.channelAxis(inputShape);
    const channels = inputShape[axis] ?? null;
    if (channels === null) throw new Error(`${op}: Axis ${this.axis} of input tensor should have a defined dimension but the layer received an input with shape ${shapeText(inputShape)}.`);
    if (this.groups === -1) this.groups = channels;
    if (channels < this.groups) throw new Error(`${op}: Number of groups (${this.groups}) cannot be more than the number of channels (${channels}).`);
    if (channels % this.groups !== 0) throw new Error(`${op}: Number of groups (${this.groups}) must be a multiple of the number of channels (${channels}).`);
    this.inputSpec = { ndim: inputShape.length, axes: { [this.axis]: channels } };
    const o = this.#options;
    if (this.scale) this.gamma = this.addWeight({ name: 'gamma', shape: [channels], ...weightOptionsOf(o, 'gamma') });
    if (this.center) this.beta = this.addWeight({ name: 'beta', shape: [channels], ...weightOptionsOf(o, 'beta') });
    this.built = true;
  }

  /** The inputs reshaped to [..., groups, channels / groups, ...], normalized over all their axes
   * but the batch and groups ones (`tf.nn.batchNormalization` with gamma and beta), reshaped back. */
  override call(inputs: Tensor): Tensor {
    const shape = inputs.shape;
    const axis = this.channelAxis(shape);
    const grouped = [...shape.slice(0, axis), this.groups, shape[axis]! / this.groups, ...shape.slice(axis + 1)];
    const x = reshape(inputs, grouped);
    const reduceAxes = grouped.map((_, i) => i).filter((i) => i !== 0 && i !== axis);
    const [mean, variance] = moments(x, reduceAxes, null, true);
    // gamma and beta as [1, ..., groups, channels / groups, 1, ...].
    const weightShape = grouped.map((d, i) => (i === axis || i === axis + 1 ? d : 1));
    const along = (v: Variable | null): Tensor | null => (v === null ? null : reshape(v, weightShape));
    return reshape(batchNormalization(x, mean, variance, along(this.beta), along(this.gamma), this.epsilon), shape);
  }

  /** The input shape (after checking the axis is in it). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    this.channelAxis(inputShape);
    return inputShape.slice();
  }

  /** Keras' config: groups, axis, epsilon, center, scale, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...betaGammaConfig(o, op),
    };
  }
}
