// Keras 3 weight constraints (keras/src/constraints/constraints.py), `tf.keras.constraints`: the
// projections a variable's `constraint` option names, which optimizers apply after each update.
// A constraint object is callable, as in Keras (`new NonNeg()(w)`), so it is a function too.

import type { Axes } from './call';
import { checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { maximum, reduceSum, sqrt, square } from './generated/ops';
import { epsilon as kerasEpsilon } from './keras-settings';
import { clipByValue } from './reductions';
import type { Tensor, TensorLike } from './tensor';
import { toTensor } from './creation';

export interface Constraint {
  (w: TensorLike): Tensor;
}

/** The base class: subclasses give `call(w)`, the projected weights. Instances are functions with
 * the subclass's prototype, so `constraint(w)` and `constraint.call(w)` are the same. */
export abstract class Constraint {
  protected constructor() {
    const callable = function (w: TensorLike): Tensor {
      return (callable as unknown as Constraint).call(w);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    return callable as unknown as Constraint;
  }

  /** The projected weights (Keras's `__call__`). */
  abstract call(w: TensorLike): Tensor;

  /** The options that make this constraint again: `new Cls(c.getConfig())`. */
  abstract getConfig(): Record<string, unknown>;
}

/** The L2 norms of `w` over `axis`, kept as dims of size 1. */
const norms = (w: Tensor, axis: Axes): Tensor => sqrt(reduceSum(square(w), axis, true));

/** A constraint's arguments as its checked options: one options object, or positionally in Keras
 * 3's order, `keys` (an axis list positionally is an array, never taken for options). */
function options<T extends object>(cls: string, args: readonly unknown[], keys: (keyof T & string)[], example: string): Partial<T> {
  const op = `keras.constraints.${cls}`;
  return checkOptions(kerasArguments(op, args, keys, []) ?? {}, op, keys, example) as Partial<T>;
}

function finite(cls: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`keras.constraints.${cls}: ${key} must be a finite number, got ${describe(v)}.`);
  return v;
}

/**
 * `tf.keras.constraints.NonNeg`: `maximum(w, 0)`, non-negative weights.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([1, -2], { constraint: new tf.keras.constraints.NonNeg() });
 * new tf.keras.optimizers.SGD({ learningRate: 1 }).applyGradients([[tf.constant([2, -1]), w]]);
 * console.log(w.arraySync()); // [ 0, 0 ]
 * ```
 */
export class NonNeg extends Constraint {
  constructor(...args: []) {
    options('NonNeg', args, [], '{}'); // (Keras' NonNeg() takes none: more is an error)
    super();
  }
  call(w: TensorLike): Tensor {
    return maximum(toTensor(w, undefined, 'keras.constraints.NonNeg'), 0);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Options of `new tf.keras.constraints.MaxNorm(options)`. */
export interface MaxNormOptions {
  /** The largest norm (default 2). */
  maxValue?: number;
  /** The axes the norms are taken over (default 0: the columns of a weight matrix). */
  axis?: Axes;
}

/** Keras 3's positional arguments of MaxNorm, in its order. */
type MaxNormPositional = [
  maxValue?: number, axis?: Axes,
];

/** `tf.keras.constraints.MaxNorm`: weights scaled so that their norm over `axis` is at most
 * `maxValue`: `w · clip(‖w‖, 0, maxValue) / (ε + ‖w‖)`. */
export class MaxNorm extends Constraint {
  /** The largest norm. */
  declare readonly maxValue: number;
  /** The axes the norms are taken over. */
  declare readonly axis: Axes;
  /** Keras 3's positional form, `MaxNorm(max_value=2, axis=0)`: `new MaxNorm(3, [0, 1])`. */
  constructor(...positional: MaxNormPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MaxNormPositional, MaxNormOptions>);
  constructor(options?: MaxNormOptions);
  constructor(...args: unknown[]) {
    super();
    const given = options<MaxNormOptions>('MaxNorm', args, ['maxValue', 'axis'], '{maxValue: 2, axis: 0}');
    Object.assign(this, { maxValue: finite('MaxNorm', 'maxValue', given.maxValue ?? 2), axis: given.axis ?? 0 });
  }
  call(w: TensorLike): Tensor {
    const t = toTensor(w, undefined, 'keras.constraints.MaxNorm');
    const n = norms(t, this.axis);
    return t.mul(clipByValue(n, 0, this.maxValue).div(n.add(kerasEpsilon())));
  }
  getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Options of `new tf.keras.constraints.UnitNorm(options)`. */
export interface UnitNormOptions {
  /** The axes the norms are taken over (default 0). */
  axis?: Axes;
}

/** Keras 3's positional arguments of UnitNorm, in its order. */
type UnitNormPositional = [
  axis?: Axes,
];

/** `tf.keras.constraints.UnitNorm`: `w / (ε + ‖w‖)` with the norm over `axis`. */
export class UnitNorm extends Constraint {
  /** The axes the norms are taken over. */
  declare readonly axis: Axes;
  /** Keras 3's positional form, `UnitNorm(axis=0)`: `new UnitNorm(1)`. */
  constructor(...positional: UnitNormPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<UnitNormPositional, UnitNormOptions>);
  constructor(options?: UnitNormOptions);
  constructor(...args: unknown[]) {
    super();
    Object.assign(this, { axis: options<UnitNormOptions>('UnitNorm', args, ['axis'], '{axis: 0}').axis ?? 0 });
  }
  call(w: TensorLike): Tensor {
    const t = toTensor(w, undefined, 'keras.constraints.UnitNorm');
    return t.div(norms(t, this.axis).add(kerasEpsilon()));
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** Options of `new tf.keras.constraints.MinMaxNorm(options)`. */
export interface MinMaxNormOptions {
  /** The smallest norm (default 0). */
  minValue?: number;
  /** The largest norm (default 1). */
  maxValue?: number;
  /** How far each projection moves the norm into the range: 1 (the default) all the way. */
  rate?: number;
  /** The axes the norms are taken over (default 0). */
  axis?: Axes;
}

/** Keras 3's positional arguments of MinMaxNorm, in its order. */
type MinMaxNormPositional = [
  minValue?: number, maxValue?: number, rate?: number, axis?: Axes,
];

/** `tf.keras.constraints.MinMaxNorm`: weights scaled toward a norm in `[minValue, maxValue]`:
 * `w · (rate·clip(‖w‖, min, max) + (1 - rate)·‖w‖) / (ε + ‖w‖)`. */
export class MinMaxNorm extends Constraint {
  /** The smallest norm. */
  declare readonly minValue: number;
  /** The largest norm. */
  declare readonly maxValue: number;
  /** How far each projection moves the norm into the range (1: all the way). */
  declare readonly rate: number;
  /** The axes the norms are taken over. */
  declare readonly axis: Axes;
  /** Keras 3's positional form, `MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)`: `new MinMaxNorm(1, 2)`. */
  constructor(...positional: MinMaxNormPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<MinMaxNormPositional, MinMaxNormOptions>);
  constructor(options?: MinMaxNormOptions);
  constructor(...args: unknown[]) {
    super();
    const given = options<MinMaxNormOptions>('MinMaxNorm', args, ['minValue', 'maxValue', 'rate', 'axis'], '{minValue: 0, maxValue: 1, rate: 1, axis: 0}');
    Object.assign(this, {
      minValue: finite('MinMaxNorm', 'minValue', given.minValue ?? 0),
      maxValue: finite('MinMaxNorm', 'maxValue', given.maxValue ?? 1),
      rate: finite('MinMaxNorm', 'rate', given.rate ?? 1),
      axis: given.axis ?? 0,
    });
  }
  call(w: TensorLike): Tensor {
    const t = toTensor(w, undefined, 'keras.constraints.MinMaxNorm');
    const n = norms(t, this.axis);
    const desired = clipByValue(n, this.minValue, this.maxValue).mul(this.rate).add(n.mul(1 - this.rate));
    return t.mul(desired.div(n.add(kerasEpsilon())));
  }
  getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** The built-in constraints by Keras' class names, and by its snake_case names. */
const CLASSES: Record<string, new (options?: never) => Constraint> = { NonNeg, MaxNorm, UnitNorm, MinMaxNorm };
const SNAKE: Record<string, string> = { non_neg: 'NonNeg', max_norm: 'MaxNorm', unit_norm: 'UnitNorm', min_max_norm: 'MinMaxNorm' };

/** The class named `name`: Keras' class name ('MaxNorm'), snake_case name ('max_norm') or the camelCase one ('maxNorm'). */
function classNamed(name: string, op: string): new (options?: never) => Constraint {
  const key = Object.hasOwn(CLASSES, name) ? name : SNAKE[name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()];
  if (key === undefined || !Object.hasOwn(CLASSES, key)) {
    throw new Error(`${op}: Could not interpret constraint identifier: ${describe(name)}; one of ${[...Object.keys(CLASSES), ...Object.keys(SNAKE)].join(', ')}.`);
  }
  return CLASSES[key]!;
}

/**
 * keras.constraints.serialize(constraint): `{className, config}`, the class's Keras name and
 * `getConfig()`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.constraints.serialize(new tf.keras.constraints.MaxNorm({ maxValue: 3 }))); // { className: 'MaxNorm', config: { maxValue: 3, axis: 0 } }
 * ```
 */
export function serialize(constraint: Constraint): { className: string; config: Record<string, unknown> } {
  const entry = Object.entries(CLASSES).find(([, C]) => typeof constraint === 'function' && Object.getPrototypeOf(constraint) === C.prototype);
  if (entry === undefined) throw new Error(`keras.constraints.serialize: ${describe(constraint)} is not one of the built-in constraints (${Object.keys(CLASSES).join(', ')}).`);
  return { className: entry[0], config: constraint.getConfig() };
}

/**
 * keras.constraints.deserialize(config): `{className, config}` (gradtape's or Keras' `class_name`
 * spelling) as a new constraint with those options; a name ('max_norm', 'MaxNorm') as one with
 * Keras' defaults.
 *
 * @example
 * ```ts
 * const c = tf.keras.constraints.deserialize({ className: 'MaxNorm', config: { maxValue: 1 } });
 * console.log(c([[3], [4]]).arraySync()); // [ [ 0.6000000238418579 ], [ 0.800000011920929 ] ]
 * ```
 */
export function deserialize(config: string | { className: string; config?: Record<string, unknown> }): Constraint {
  const op = 'keras.constraints.deserialize';
  if (typeof config === 'string') return new (classNamed(config, op))();
  const c = config as { className?: unknown; class_name?: unknown; config?: unknown };
  const name = isPlainObject(c) ? c.className ?? c.class_name : undefined;
  if (typeof name !== 'string') throw new Error(`${op}: expected a name or {className, config}, got ${describe(config)}.`);
  const options = c.config ?? {};
  if (!isPlainObject(options)) throw new Error(`${op}: the config of ${name} must be an object, got ${describe(options)}.`);
  return new (classNamed(name, op))(options as never);
}

/**
 * keras.constraints.get(identifier): null for null; a constraint or function as it is; a name or
 * `{className, config}` deserialized.
 *
 * @example
 * ```ts
 * console.log(tf.keras.constraints.get('non_neg')!([-1, 2]).arraySync()); // [ 0, 2 ]
 * ```
 */
export function get(identifier: string | { className: string; config?: Record<string, unknown> } | Constraint | ((w: TensorLike) => Tensor) | null | undefined): Constraint | ((w: TensorLike) => Tensor) | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string' || isPlainObject(identifier)) return deserialize(identifier as string);
  throw new Error(`keras.constraints.get: Could not interpret constraint identifier: ${describe(identifier)}.`);
}

// Type names for `tf.keras.constraints.X` used as a type (index.ts's namespace declaration).
export type ConstraintClass = Constraint;
export type NonNegClass = NonNeg;
export type MaxNormClass = MaxNorm;
export type UnitNormClass = UnitNorm;
export type MinMaxNormClass = MinMaxNorm;
