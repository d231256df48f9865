// tf.keras.layers.ActivityRegularization (keras/src/layers/regularization/activity_regularization.py):
// returns its input and records, at every call, the penalty l1 · Σ|x| + l2 · Σx² of it in
// `losses` (an activity regularizer L1L2(l1, l2), which `fit` adds to the loss it minimizes).

import { describe, type PositionalThenOptions } from '../describe';
import { L1L2 } from '../regularizers';
import type { Tensor } from '../tensor';
import { Layer, type LayerOptions, type LayerShape, layerArguments } from './layer';

/** Options of `new tf.keras.layers.ActivityRegularization(options)`. */
export interface ActivityRegularizationOptions extends Omit<LayerOptions, 'activityRegularizer'> {
  /** The factor of Σ|x| (default 0). */
  l1?: number;
  /** The factor of Σx² (default 0). */
  l2?: number;
}

/** A factor option: a finite number >= 0. */
function factor(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !(value >= 0 && Number.isFinite(value))) throw new Error(`${op}: ${name} must be a finite number >= 0, got ${describe(value)}.`);
  return value;
}

/** Keras 3's positional arguments of ActivityRegularization, in its order. */
type ActivityRegularizationPositional = [
  l1?: number, l2?: number,
];

/**
 * keras.layers.ActivityRegularization({l1 = 0, l2 = 0}): the identity, recording the penalty
 * l1 · Σ|x| + l2 · Σx² of its input in `losses` at every call.
 *
 * @example
 * ```ts
 * const layer = new tf.keras.layers.ActivityRegularization({ l1: 0.5, l2: 0.25 });
 * console.log(layer([[1, -2]]).arraySync(), layer.losses[0].arraySync()); // [ [ 1, -2 ] ] 2.75
 * ```
 */
export class ActivityRegularization extends Layer {
  /** The factor of Σ|x|. */
  readonly l1: number;
  /** The factor of Σx². */
  readonly l2: number;

  /** @param options `l1`, `l2` and the layer options. */
  constructor(options?: ActivityRegularizationOptions);
  /** Keras 3's positional form: `ActivityRegularization(l1, l2)`. */
  constructor(...positional: ActivityRegularizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ActivityRegularizationPositional, ActivityRegularizationOptions>);
  constructor(...args: unknown[]) {
    const o = layerArguments<ActivityRegularizationOptions>(new.target, args, ['l1', 'l2']);
    if ('activityRegularizer' in o) throw new Error('keras.layers.ActivityRegularization: its penalty is given by l1 and l2, not activityRegularizer.');
    const op = 'keras.layers.ActivityRegularization';
    const l1Factor = factor(o.l1 ?? 0, 'l1', op);
    const l2Factor = factor(o.l2 ?? 0, 'l2', op);
    super({ ...o, activityRegularizer: new L1L2(l1Factor, l2Factor) }, ['l1', 'l2']);
    this.supportsMasking = true; // the input's mask passes on unchanged (Keras' supports_masking)
    this.l1 = l1Factor;
    this.l2 = l2Factor;
    this.built = true;
  }

  /** The inputs (the base class records the penalty). */
  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  /** The input shape. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return inputShape.slice();
  }

  /** `{l1, l2}` and the layer options (Keras' config: not the regularizer they make). */
  override getConfig(): Record<string, unknown> {
    const { activityRegularizer, ...config } = super.getConfig();
    void activityRegularizer;
    return { ...config, l1: this.l1, l2: this.l2 };
  }
}
