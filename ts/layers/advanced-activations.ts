// The activation layers of their own options or weights (keras/src/layers/activations/):
// LeakyReLU (x, or negativeSlope · x below 0), ELU (x, or alpha · (exp(x) - 1) below 0) and PReLU,
// whose slopes below 0 are trained weights. Each passes its input's mask on unchanged.

import { describe, type PositionalThenOptions } from '../describe';
import * as activations from '../activations';
import { add, mul, neg } from '../generated/ops';
import { leakyRelu } from '../nn';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import {
  type ConstraintLike, type InitializerLike, Layer, type LayerOptions, type LayerShape, type RegularizerLike,
  layerArguments, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption, shapeText,
} from './layer';

/** Options of `new tf.keras.layers.LeakyReLU(options)`. */
export interface LeakyReLUOptions extends LayerOptions {
  /** The slope below 0 (default 0.3, Keras 3's; tf.nn.leakyRelu's is 0.2). */
  negativeSlope?: number;
}

/** Keras 3's positional arguments of LeakyReLU, in its order. */
type LeakyReLUPositional = [
  negativeSlope?: number,
];

/**
 * keras.layers.LeakyReLU({negativeSlope = 0.3}): x where x > 0, negativeSlope · x elsewhere.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.LeakyReLU();
 * console.log(layer([-10, -1, 0, 2]).arraySync()); // [ -3, -0.30000001192092896, 0, 2 ]
 * ```
 */
export class LeakyReLU extends Layer {
  /** The slope below 0. */
  readonly negativeSlope: number;

  /** @param options `negativeSlope` and the layer options. */
  constructor(options?: LeakyReLUOptions);
  /** Keras 3's positional form: `LeakyReLU(negative_slope)`. */
  constructor(...positional: LeakyReLUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LeakyReLUPositional, LeakyReLUOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<LeakyReLUOptions>(new.target, args, ['negativeSlope']);
    super(options, ['negativeSlope']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const slope = (options ?? {}).negativeSlope ?? 0.3;
    if (typeof slope !== 'number' || !(slope >= 0)) {
      throw new Error(`${this.qualifiedName}: The negativeSlope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negativeSlope=${describe(slope)}`);
    }
    this.negativeSlope = slope;
    this.built = true;
  }

  /** `tf.nn.leakyRelu(inputs, negativeSlope)`. */
  override call(inputs: Tensor): Tensor {
    return leakyRelu(inputs, this.negativeSlope);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{negativeSlope}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

/** Options of `new tf.keras.layers.ELU(options)`. */
export interface ELUOptions extends LayerOptions {
  /** The scale of the negative part, alpha · (exp(x) - 1) (default 1). */
  alpha?: number;
}

/** Keras 3's positional arguments of ELU, in its order. */
type ELUPositional = [
  alpha?: number,
];

/**
 * keras.layers.ELU({alpha = 1}): x where x > 0, alpha · (exp(x) - 1) elsewhere
 * (`tf.keras.activations.elu`).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ELU({ alpha: 2 });
 * console.log(layer([-100, 0, 3]).arraySync()); // [ -2, 0, 3 ]
 * ```
 */
export class ELU extends Layer {
  /** The scale of the negative part. */
  readonly alpha: number;

  /** @param options `alpha` and the layer options. */
  constructor(options?: ELUOptions);
  /** Keras 3's positional form: `ELU(alpha)`. */
  constructor(...positional: ELUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ELUPositional, ELUOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ELUOptions>(new.target, args, ['alpha']);
    super(options, ['alpha']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const alpha = (options ?? {}).alpha ?? 1;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new Error(`${this.qualifiedName}: alpha must be a finite number, got ${describe(alpha)}.`);
    this.alpha = alpha;
    this.built = true;
  }

  /** `tf.keras.activations.elu(inputs, alpha)`. */
  override call(inputs: Tensor): Tensor {
    return activations.elu(inputs, this.alpha);
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{alpha}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** Options of `new tf.keras.layers.PReLU(options)`. */
export interface PReLUOptions extends LayerOptions {
  /** How `alpha` starts (default 'zeros': relu until trained). */
  alphaInitializer?: InitializerLike;
  /** A penalty of `alpha`, added to `losses`. */
  alphaRegularizer?: RegularizerLike | null;
  /** A projection of `alpha` applied after each optimizer update. */
  alphaConstraint?: ConstraintLike | null;
  /** The axes (from 1, the batch axis being 0) along which one slope is shared: [1, 2] for one
   * slope per channel of [batch, height, width, channels] images. One axis may be given as a number. */
  sharedAxes?: number | readonly number[] | null;
}

/** Keras 3's PReLU arguments, in its order (and its option keys). */
const PRELU_KEYS = ['alphaInitializer', 'alphaRegularizer', 'alphaConstraint', 'sharedAxes'];

/** Keras 3's positional arguments of PReLU, in its order. */
type PReLUPositional = [
  alphaInitializer?: InitializerLike, alphaRegularizer?: RegularizerLike | null, alphaConstraint?: ConstraintLike | null,
  sharedAxes?: number | readonly number[] | null,
];

/**
 * keras.layers.PReLU({alphaInitializer = 'zeros', sharedAxes, ...}): x where x > 0, alpha · x
 * elsewhere, with `alpha` a trained weight of one sample's shape (size 1 along `sharedAxes`),
 * computed as Keras does: relu(x) - alpha · relu(-x).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.PReLU({ alphaInitializer: 'ones', sharedAxes: [1] });
 * console.log(layer([[[-2, 3], [-4, 5]]]).arraySync(), layer.alpha!.shape); // [ [ [ -2, 3 ], [ -4, 5 ] ] ] [ 1, 2 ]
 * ```
 */
export class PReLU extends Layer {
  /** The axes sharing one slope, from 1; null for none. */
  readonly sharedAxes: number[] | null;
  /** The slopes below 0, of one sample's shape (1 along the shared axes); null until built. */
  alpha: Variable | null = null;
  readonly #options: PReLUOptions;

  /** @param options `alphaInitializer`, `alphaRegularizer`, `alphaConstraint`, `sharedAxes` and the layer options. */
  constructor(options?: PReLUOptions);
  /** Keras 3's positional form: `PReLU(alpha_initializer, alpha_regularizer, alpha_constraint, shared_axes)`. */
  constructor(...positional: PReLUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<PReLUPositional, PReLUOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<PReLUOptions>(new.target, args, PRELU_KEYS, ['alphaRegularizer', 'alphaConstraint', 'sharedAxes']);
    super(options, PRELU_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    const o = options ?? {};
    const shared = o.sharedAxes ?? null;
    const list = shared === null ? null : typeof shared === 'number' ? [shared] : shared;
    if (list !== null && (!Array.isArray(list) || list.some((a) => !Number.isInteger(a) || a < 1))) {
      throw new Error(`${op}: sharedAxes must be an axis or an array of axes counted from 1 (the batch axis is 0), got ${describe(shared)}.`);
    }
    this.sharedAxes = list === null ? null : list.slice();
    resolveInitializer(o.alphaInitializer ?? 'zeros', op);
    resolveRegularizer(o.alphaRegularizer, op);
    resolveConstraint(o.alphaConstraint, op);
    this.#options = { ...o };
  }

  /** Makes `alpha`, of one sample's shape with 1 along the shared axes; later inputs must have the
   * same sizes along the other axes (Keras' input spec). */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const shared = this.sharedAxes ?? [];
    const outside = shared.find((a) => a >= inputShape.length);
    if (outside !== undefined) throw new Error(`${op}: sharedAxes has axis ${outside}, outside inputs of shape ${shapeText(inputShape)}.`);
    const shape = inputShape.slice(1).map((d, i) => (shared.includes(i + 1) ? 1 : d));
    if (shape.some((d) => d === null)) {
      throw new Error(`${op}: the sizes of the inputs' axes not in sharedAxes must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    }
    const o = this.#options;
    this.alpha = this.addWeight({ name: 'alpha', shape: shape as number[], initializer: o.alphaInitializer ?? 'zeros', regularizer: o.alphaRegularizer, constraint: o.alphaConstraint });
    const axes: Record<number, number> = {};
    if (shared.length > 0) for (let i = 1; i < inputShape.length; i++) if (!shared.includes(i)) axes[i] = inputShape[i]!;
    this.inputSpec = { ndim: inputShape.length, axes };
    this.built = true;
  }

  /** relu(x) - alpha · relu(-x). */
  override call(inputs: Tensor): Tensor {
    return add(activations.relu(inputs), mul(neg(this.alpha!), activations.relu(neg(inputs))));
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `alpha`'s initializer, regularizer and constraint, `sharedAxes`, and the layer options. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      alphaInitializer: serializeOption(resolveInitializer(o.alphaInitializer ?? 'zeros', op)),
      alphaRegularizer: serializeOption(resolveRegularizer(o.alphaRegularizer, op)),
      alphaConstraint: serializeOption(resolveConstraint(o.alphaConstraint, op)),
      sharedAxes: this.sharedAxes === null ? null : this.sharedAxes.slice(),
    };
  }
}
