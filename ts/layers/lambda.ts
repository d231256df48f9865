// The layers that run a function (keras/src/layers/core/lambda_layer.py, identity.py): Lambda
// wraps a function of your own as a layer; Identity returns its input (a placeholder, e.g. for a
// layer switched off).
//
// Saving a Lambda: its getConfig holds the function itself, so fromConfig and clone make the
// same layer in the same program. Written to JSON (model.toJson, model.save), a function is
// written by its name only, as Keras writes a registered function, and loading needs it in
// `customObjects`; a function without a name cannot be written at all. (Keras writes a Python
// lambda's bytecode instead but refuses to load it unless safe mode is turned off; JavaScript has
// no such form, so gradtape refuses at saving time.)

import { describe, isPlainObject, type PositionalThenOptions } from '../describe';
import type { Tensor } from '../tensor';
import {
  Layer, requiredLayerArguments, type LayerCallArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, isShape, layerArguments, shapeText, takeArguments,
} from './layer';
import type { Nest } from './nest';

/** What a Lambda's function is given besides the inputs (when it takes a second parameter):
 * the layer's `arguments`, and the call's `training` and `mask`. */
export type LambdaCallOptions = Record<string, unknown> & { training: boolean; mask: LayerMask | null };

/** A Lambda's function: the inputs (a tensor, or the array or object of tensors the layer is
 * called on), and, if it takes a second parameter, `{...arguments, training, mask}`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LambdaFunction = (inputs: any, options: LambdaCallOptions) => LayerTensors;

/** Options of `new tf.keras.layers.Lambda(fn, options)`. */
export interface LambdaOptions extends LayerOptions {
  /** The output shape without the batch axis, or a function of the input shape (batch included)
   * giving the whole output shape; by default found by running the function (on zeros). */
  outputShape?: LayerShape | ((inputShape: Nest<LayerShape>) => LayerShape) | null;
  /** The outputs' mask, a function `(inputs, mask) => mask`; without one the layer does not pass
   * masks on (Keras' `supports_masking` false), and a masked input's mask stops here. */
  mask?: ((inputs: LayerTensors, mask: LayerMask | null) => LayerMask | null) | null;
  /** Extra values given to the function in its second parameter (Keras' `arguments`, passed as
   * keyword arguments). */
  arguments?: Record<string, unknown> | null;
}

/** Keras 3's positional arguments of Lambda after its required ones, in its order. */
type LambdaPositional = [
  outputShape?: LambdaOptions['outputShape'], mask?: LambdaOptions['mask'], fnArguments?: LambdaOptions['arguments'],
];

/**
 * keras.layers.Lambda(fn, {outputShape, mask, arguments}): a function as a layer, for
 * computations no layer makes (it has no weights: give a layer of your own weights a class). A
 * function of one parameter is called with the inputs; one of two or more parameters is also
 * given `{...arguments, training, mask}` (as Keras passes `arguments` as keyword arguments, and
 * `training` and `mask` to a function that names them). Saving it to JSON writes the function's
 * name, and loading needs the function in `customObjects`; a function without a name (an arrow
 * function written inline) cannot be saved.
 *
 * @example
 * ```ts
 * const square = new tf.keras.layers.Lambda((x: tf.Tensor) => tf.square(x));
 * console.log(square([[1, 2, 3]]).arraySync()); // [ [ 1, 4, 9 ] ]
 * const scaled = new tf.keras.layers.Lambda((x: tf.Tensor, o) => tf.mul(x, o.factor as number), { arguments: { factor: 10 } });
 * console.log(scaled([1, 2]).arraySync()); // [ 10, 20 ]
 * ```
 */
export class Lambda extends Layer {
  /** The function the layer runs. */
  readonly function: LambdaFunction;
  /** The output shape (without the batch axis) or its function, or null. */
  readonly outputShape: LayerShape | ((inputShape: Nest<LayerShape>) => LayerShape) | null;
  /** The mask function, or null. */
  readonly mask: ((inputs: LayerTensors, mask: LayerMask | null) => LayerMask | null) | null;
  /** The values given to the function besides the inputs (the `arguments` option; a layer is a
   * function, whose own `arguments` property this would shadow). */
  readonly functionArguments: Record<string, unknown>;

  /**
   * @param fn The function of the inputs (and, with a second parameter, `{...arguments, training, mask}`).
   * @param options `outputShape`, `mask`, `arguments` and the layer options.
   */
  constructor(fn: LambdaFunction, options?: LambdaOptions);
  /** Keras 3's positional form: `Lambda(function, output_shape, mask, arguments)`. */
  constructor(fn: LambdaFunction, ...positional: LambdaPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(fn: LambdaFunction, ...positionalThenOptions: PositionalThenOptions<LambdaPositional, LambdaOptions>);
  /** Python's keyword form, `Lambda(function=...)`: `function` among the options. */
  constructor(options: LambdaOptions & { function: LambdaFunction });
  constructor(...given: unknown[]) {
    const [[fn], rest] = requiredLayerArguments(new.target, given, ['function']) as [[LambdaFunction], unknown[]];
    const options = layerArguments<LambdaOptions>(new.target, rest, ['outputShape', 'mask', 'arguments'], ['outputShape', 'mask', 'arguments']);
    super(options, ['outputShape', 'mask', 'arguments']);
    const op = this.qualifiedName;
    if (typeof fn !== 'function') throw new Error(`${op}: expected a function of the inputs, got ${describe(fn)}.`);
    const o = options ?? {};
    const outputShape = o.outputShape ?? null;
    if (outputShape !== null && typeof outputShape !== 'function' && !isShape(outputShape)) {
      throw new Error(`${op}: outputShape must be an array of sizes (without the batch axis), a function of the input shape, or null, got ${describe(outputShape)}.`);
    }
    const mask = o.mask ?? null;
    if (mask !== null && typeof mask !== 'function') throw new Error(`${op}: mask must be a function (inputs, mask) => mask, or null, got ${describe(mask)}.`);
    const args = o.arguments ?? {};
    if (!isPlainObject(args)) throw new Error(`${op}: arguments must be an object of values given to the function, got ${describe(args)}.`);
    this.function = fn;
    this.outputShape = outputShape === null || typeof outputShape === 'function' ? outputShape : outputShape.slice();
    this.mask = mask;
    this.functionArguments = { ...args };
    this.supportsMasking = mask !== null;
  }

  /** `fn(inputs)`, or `fn(inputs, {...arguments, training, mask})` for a function of two parameters. */
  override call(inputs: LayerTensors, options: LayerCallArguments): LayerTensors {
    if (this.function.length < 2) return (this.function as (x: LayerTensors) => LayerTensors)(inputs);
    return this.function(inputs, { ...this.functionArguments, training: options.training, mask: options.mask ?? null });
  }

  /** The `mask` function's result; null without one. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    return this.mask === null ? null : this.mask(inputs, mask);
  }

  /** From `outputShape`: [batch, ...outputShape], or its function's result. Without it, a call
   * on KerasTensors finds the shape by running the function on zeros. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const given = this.outputShape;
    if (given === null) return super.computeOutputShape(inputShape);
    if (typeof given === 'function') {
      const shape = given(inputShape);
      if (!isShape(shape)) throw new Error(`${this.qualifiedName}: the outputShape function must return a shape (an array of sizes or nulls), got ${describe(shape)}.`);
      return shape.slice();
    }
    const first = isShape(inputShape) ? inputShape : null;
    if (first === null) throw new Error(`${this.qualifiedName}: a fixed outputShape ${shapeText(given)} needs one input tensor; for several, give outputShape as a function.`);
    return [first[0] ?? null, ...given];
  }

  /** A new Lambda from `getConfig()`'s object (Keras' `from_config`): `function` and the options. */
  static override fromConfig(config: Record<string, unknown>): Lambda {
    const [[fn], options] = takeArguments(config, 'Lambda', ['function']);
    return new this(fn as LambdaFunction, options);
  }

  /** `{function, outputShape, mask, arguments}` (the functions themselves) and the layer options. */
  override getConfig(): Record<string, unknown> {
    const outputShape = this.outputShape;
    return {
      ...super.getConfig(),
      function: this.function,
      outputShape: outputShape === null || typeof outputShape === 'function' ? outputShape : outputShape.slice(),
      mask: this.mask,
      arguments: { ...this.functionArguments },
    };
  }
}

/**
 * keras.layers.Identity: returns its input (a tensor, or an array or object of tensors)
 * unchanged, its mask too: a placeholder where a model needs a layer.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.Identity();
 * console.log(layer([[1, 2]]).arraySync(), layer.computeOutputShape([null, 2])); // [ [ 1, 2 ] ] [ null, 2 ]
 * ```
 */
export class Identity extends Layer {
  /** @param options The layer options. */
  constructor(options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    this.built = true;
  }

  /** The inputs. */
  override call(inputs: LayerTensors): LayerTensors {
    return inputs;
  }

  /** The input shape (several inputs' shapes are found by a run, as their structure is kept). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    return isShape(inputShape) ? inputShape.slice() : super.computeOutputShape(inputShape);
  }
}
