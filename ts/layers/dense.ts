// tf.keras.layers.Dense (keras/src/layers/core/dense.py): output = activation(inputs · kernel + bias),
// the kernel of shape [inputDim, units] made on the first call from the input's last dimension. An
// input of rank above 2 is multiplied along its last axis (matmul broadcasts the kernel over the
// leading axes), so [batch, d0, inputDim] gives [batch, d0, units].

import { describe, kerasArguments, type PositionalThenOptions } from '../describe';
import { add } from '../generated/ops';
import { matmul } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { KERNEL_BIAS, KERNEL_BIAS_KEYS, type KernelBiasOptions, kernelBiasConfig } from './kernel-bias';
import { type ActivationLike, Layer, type LayerOptions, type LayerShape, promoteToFloat, requiredLayerArguments, resolveActivation, serializeOption, takeArguments } from './layer';
import { resolveWeightOptions, weightOptionsOf } from './weight-options';

/** Options of `new tf.keras.layers.Dense(units, options)`. */
export interface DenseOptions extends LayerOptions, KernelBiasOptions {
  /** The activation applied to the output: a name ('relu', 'softmax') or a function; default none (linear). */
  activation?: ActivationLike;
  /** Whether the layer adds a bias vector (default true). */
  useBias?: boolean;
}

const DENSE_KEYS = ['activation', 'useBias', ...KERNEL_BIAS_KEYS];

/** Keras 3's Dense arguments after units, in its order; those with None for default; and those
 * gradtape lacks (only at their default, None). */
const DENSE_POSITIONAL = [
  'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer',
  'kernelConstraint', 'biasConstraint', 'loraRank', 'loraAlpha', 'quantizationConfig',
];
const DENSE_NONE = ['activation', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint', 'loraRank', 'loraAlpha', 'quantizationConfig'];
const DENSE_UNSUPPORTED = { loraRank: null, loraAlpha: null, quantizationConfig: null };

/** Keras 3's positional arguments of Dense after units (the last three only null: gradtape has none of them). */
type DensePositional = [
  activation?: ActivationLike | null, useBias?: boolean, kernelInitializer?: DenseOptions['kernelInitializer'],
  biasInitializer?: DenseOptions['biasInitializer'], kernelRegularizer?: DenseOptions['kernelRegularizer'], biasRegularizer?: DenseOptions['biasRegularizer'],
  activityRegularizer?: DenseOptions['activityRegularizer'], kernelConstraint?: DenseOptions['kernelConstraint'], biasConstraint?: DenseOptions['biasConstraint'],
  loraRank?: null, loraAlpha?: null, quantizationConfig?: null,
];

/**
 * keras.layers.Dense: `activation(inputs · kernel + bias)`. The weights are made on the first call:
 * `kernel` of shape [inputs' last dimension, units] and `bias` of shape [units], named
 * `'<layer>/kernel'` and `'<layer>/bias'`.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession(); // names start over: this is 'dense'
 * const dense = new tf.keras.layers.Dense(2, { kernelInitializer: 'ones', biasInitializer: new tf.keras.initializers.Constant({ value: 0.5 }) });
 * console.log(dense([[1, 2, 3]]).arraySync());                   // [ [ 6.5, 6.5 ] ]
 * console.log(dense.weights.map((w) => `${w.name} ${w.shape}`)); // [ 'dense/kernel 3,2', 'dense/bias 2' ]
 * console.log(dense.countParams());                               // 8
 * ```
 */
export class Dense extends Layer {
  /** The size of the output's last dimension. */
  readonly units: number;
  /** The activation applied to the output (linear when none was given). */
  readonly activation: (x: Tensor) => Tensor;
  /** Whether the layer adds a bias. */
  readonly useBias: boolean;
  /** The kernel, [inputDim, units]; null until the layer is built. */
  kernel: Variable | null = null;
  /** The bias, [units]; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  readonly #options: DenseOptions;

  /**
   * Keras 3's positional form, `Dense(units, activation, use_bias, kernel_initializer,
   * bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer,
   * kernel_constraint, bias_constraint, lora_rank, lora_alpha, quantization_config)`, as
   * `new Dense(3, 'relu')` (the last three only null: gradtape has none of them).
   */
  constructor(units: number, ...positional: DensePositional);
  /** Python's keyword arguments after positional ones, `Dense(3, 'relu', name='d')`: `new Dense(3, 'relu', { name: 'd' })`. */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<DensePositional, DenseOptions>);
  /**
   * @param units The output's last dimension, a positive integer.
   * @param options `activation`, `useBias`, the kernel's and bias's initializers, regularizers and
   * constraints, and the layer options (`name`, `trainable`, `dtype`, `activityRegularizer`, `inputShape`).
   */
  constructor(units: number, options?: DenseOptions);
  /** Python's keyword form, `Dense(units=1, activation='relu')`: `units` among the options. */
  constructor(options: DenseOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = kerasArguments('keras.layers.Dense', args, DENSE_POSITIONAL, DENSE_NONE, { unsupported: DENSE_UNSUPPORTED }) as DenseOptions | undefined;
    super(options ?? {}, DENSE_KEYS);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const op = this.qualifiedName;
    if (!Number.isInteger(units) || units <= 0) {
      throw new Error(`${op}: Received an invalid value for \`units\`, expected a positive integer. Received: units=${describe(units)}`);
    }
    const o = options ?? {};
    if (o.useBias !== undefined && typeof o.useBias !== 'boolean') throw new Error(`${op}: useBias must be true or false, got ${describe(o.useBias)}.`);
    this.units = units;
    this.activation = resolveActivation(o.activation ?? null, op);
    this.useBias = o.useBias ?? true;
    this.#options = resolveWeightOptions(o, KERNEL_BIAS, op);
    this.inputSpec = { minNdim: 2 };
  }

  /** Makes `kernel` ([inputShape's last dimension, units]) and `bias` ([units]). */
  override build(inputShape: LayerShape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (typeof inputDim !== 'number') throw new Error(`${this.qualifiedName}: the last dimension of the inputs must be known to build the layer, got input shape ${describe(inputShape)}.`);
    const o = this.#options;
    this.kernel = this.addWeight({ name: 'kernel', shape: [inputDim, this.units], ...weightOptionsOf(o, 'kernel') });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.units], ...weightOptionsOf(o, 'bias') });
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
    this.built = true;
  }

  /** `activation(inputs · kernel + bias)` (integer inputs promoted to the layer's dtype, as Keras' ops promote them). */
  override call(inputs: Tensor): Tensor {
    let x = matmul(promoteToFloat(inputs, this.dtype), this.kernel!);
    if (this.bias !== null) x = add(x, this.bias);
    return this.activation(x);
  }

  /** The input shape with its last dimension `units`. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  /** A new Dense from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): Dense {
    const [[units], options] = takeArguments(config, 'Dense', ['units']);
    return new this(units as number, options);
  }

  /** Keras' config: units, activation, useBias, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeOption(this.activation),
      useBias: this.useBias,
      ...kernelBiasConfig(this.#options, this.qualifiedName),
    };
  }
}
