// tf.keras.layers.UnitNormalization (keras/src/layers/normalization/unit_normalization.py): each
// sample scaled to unit L2 norm over `axis`, as Keras' ops.normalize computes it:
// x · min(rsqrt(Σx²), 1/ε) with ε = 1e-12, which is tf.math.l2Normalize with ε² (rsqrt of
// max(Σx², 1e-24)). No weights; the same in training and inference.

import { describe, type PositionalThenOptions } from '../describe';
import { l2Normalize } from '../nn';
import type { Tensor } from '../tensor';
import { Layer, layerArguments, type LayerOptions, type LayerShape, shapeText } from './layer';

/** Options of `new tf.keras.layers.UnitNormalization(options)`. */
export interface UnitNormalizationOptions extends LayerOptions {
  /** The axis or axes whose norm is made 1 (default -1). */
  axis?: number | readonly number[];
}

/** Keras 3's positional arguments of UnitNormalization, in its order. */
type UnitNormalizationPositional = [
  axis?: number | readonly number[],
];

/**
 * keras.layers.UnitNormalization({axis = -1}): x / ||x||₂ over `axis` (zeros stay zeros).
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.UnitNormalization();
 * console.log(layer([[3, 4], [0, 0]]).arraySync()); // [ [ 0.6000000238418579, 0.800000011920929 ], [ 0, 0 ] ]
 * ```
 */
export class UnitNormalization extends Layer {
  /** The axis or axes normalized, as given. */
  readonly axis: number | number[];

  /** @param options `axis` and the layer options. */
  constructor(options?: UnitNormalizationOptions);
  /** Keras 3's positional form: `UnitNormalization(axis)`. */
  constructor(...positional: UnitNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<UnitNormalizationPositional, UnitNormalizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<UnitNormalizationOptions>(new.target, args, ['axis']);
    super(options, ['axis']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    const axis = (options ?? {}).axis ?? -1;
    if (!(Number.isInteger(axis) || Array.isArray(axis) && axis.every((a) => Number.isInteger(a)))) {
      throw new Error(`${this.qualifiedName}: Invalid value for \`axis\` argument: expected an int or a list/tuple of ints. Received: axis=${describe(axis)}`);
    }
    this.axis = typeof axis === 'number' ? axis : axis.slice();
    this.built = true;
  }

  /** x · rsqrt(max(Σx², 1e-24)) over the axes. */
  override call(inputs: Tensor): Tensor {
    this.computeOutputShape(inputs.shape);
    return l2Normalize(inputs, this.axis, 1e-24);
  }

  /** The input shape (after checking the axes are in it, with Keras' message). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    const rank = inputShape.length;
    for (const a of typeof this.axis === 'number' ? [this.axis] : this.axis) {
      if (a >= rank || a < -rank) {
        const axisText = typeof this.axis === 'number' ? String(this.axis) : `[${this.axis.join(', ')}]`;
        throw new Error(`${this.qualifiedName}: Axis ${axisText} is out of bounds for input shape ${shapeText(inputShape)}.`);
      }
    }
    return inputShape.slice();
  }

  /** `{axis}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: typeof this.axis === 'number' ? this.axis : this.axis.slice() };
  }
}
