// tf.keras.layers.RMSNormalization (keras/src/layers/normalization/rms_normalization.py): each
// sample scaled by the inverse root mean square of its entries over `axis`, then by a trained
// `scale` (initialized to ones), as Keras' ops.rms_normalization computes it:
//   output = x · rsqrt(mean(x², axis) + epsilon) · scale.
// Unlike LayerNormalization's rmsScaling, the mean square, not the variance. `scale` has the sizes
// of the normalized axes and multiplies by broadcasting from the last axis, as Keras' does.

import { describe, type PositionalThenOptions } from '../describe';
import { add, mul, rsqrt, square } from '../generated/ops';
import { reduceMean } from '../ops';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { Layer, layerArguments, type LayerOptions, type LayerShape, shapeText } from './layer';

/** Options of `new tf.keras.layers.RMSNormalization(options)`. */
export interface RMSNormalizationOptions extends LayerOptions {
  /** The axis or axes whose mean square is taken (default -1, the last). */
  axis?: number | readonly number[];
  /** Added to the mean square before the root (default 1e-6). */
  epsilon?: number;
}

/** Keras 3's positional arguments of RMSNormalization, in its order. */
type RMSNormalizationPositional = [
  axis?: number | readonly number[], epsilon?: number,
];

/**
 * keras.layers.RMSNormalization({axis = -1, epsilon = 1e-6}): x · rsqrt(mean(x²) + epsilon) ·
 * scale over `axis`, with `scale` trained (ones at first, of the normalized axes' sizes).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const norm = new tf.keras.layers.RMSNormalization({ epsilon: 0 });
 * console.log(norm([[2, -2, 2, -2], [4, 0, 0, 0]]).arraySync()); // [ [ 1, -1, 1, -1 ], [ 2, 0, 0, 0 ] ]
 * console.log(norm.weights.map((w) => `${w.name} ${w.shape}`));   // [ 'rms_normalization/scale 4' ]
 * ```
 */
export class RMSNormalization extends Layer {
  /** The normalized axis or axes: as given until built, then a sorted array (as Keras' layer keeps it). */
  axis: number | number[];
  /** Added to the mean square before the root. */
  readonly epsilon: number;
  /** The trained scale, of the normalized axes' sizes; null until built. */
  scale: Variable | null = null;

  /** @param options `axis`, `epsilon` and the layer options. */
  constructor(options?: RMSNormalizationOptions);
  /** Keras 3's positional form: `RMSNormalization(axis, epsilon)`. */
  constructor(...positional: RMSNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RMSNormalizationPositional, RMSNormalizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<RMSNormalizationOptions>(new.target, args, ['axis', 'epsilon']);
    super(options, ['axis', 'epsilon']);
    const op = this.qualifiedName;
    const o = options ?? {};
    const axis = o.axis ?? -1;
    if (!(Number.isSafeInteger(axis) || Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isSafeInteger(a)))) {
      throw new Error(`${op}: axis must be an integer or a non-empty array of integers, got ${describe(axis)}.`);
    }
    this.axis = typeof axis === 'number' ? axis : axis.slice();
    const epsilon = o.epsilon ?? 1e-6;
    if (typeof epsilon !== 'number' || !(epsilon >= 0 && Number.isFinite(epsilon))) throw new Error(`${op}: epsilon must be a finite number >= 0, got ${describe(epsilon)}.`);
    this.epsilon = epsilon;
  }

  /** The axes as a sorted array, checked against inputs of `inputShape` (Keras' message). */
  private axesFor(inputShape: LayerShape): number[] {
    const axes = typeof this.axis === 'number' ? [this.axis] : [...this.axis].sort((a, b) => a - b);
    const rank = inputShape.length;
    for (const a of axes) {
      if (a >= rank || a < -rank) {
        const given = typeof this.axis === 'number' ? String(this.axis) : `[${this.axis.join(', ')}]`;
        throw new Error(`${this.qualifiedName}: Axis ${a} is out of bounds for input shape ${shapeText(inputShape)}. Received: axis=${given}`);
      }
    }
    return axes;
  }

  /** Makes `scale` (ones), of the sizes of the inputs' normalized axes (which must be known). */
  override build(inputShape: LayerShape): void {
    const axes = this.axesFor(inputShape);
    const rank = inputShape.length;
    const shape = axes.map((a) => inputShape[a < 0 ? rank + a : a]!);
    if (shape.some((d) => d === null)) throw new Error(`${this.qualifiedName}: the sizes of the normalized axes of the inputs must be known to build the layer, got input shape ${shapeText(inputShape)}.`);
    this.scale = this.addWeight({ name: 'scale', shape: shape as number[], initializer: 'ones' });
    this.axis = axes;
    this.built = true;
  }

  /** x · rsqrt(mean(x², axes) + epsilon) · scale. */
  override call(inputs: Tensor): Tensor {
    const axes = this.axesFor(inputs.shape);
    const x = inputs.rank === 0 ? inputs.reshape([1]) : inputs;
    const inverseRms = rsqrt(add(reduceMean(square(x), axes, true), this.epsilon));
    return mul(mul(x, inverseRms), this.scale!);
  }

  /** The input shape (after checking the axes are in it). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    this.axesFor(inputShape);
    return inputShape.slice();
  }

  /** `{axis, epsilon}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: typeof this.axis === 'number' ? this.axis : this.axis.slice(), epsilon: this.epsilon };
  }
}
