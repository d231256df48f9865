// tf.keras.regularizers: Keras 3's weight penalties (keras/src/regularizers/regularizers.py). A
// regularizer object is callable, as in Keras (`new L2(0.01)(w)`), and returns a scalar tensor to
// add to the loss; `get`, `serialize` and `deserialize` read and write Keras' names and configs.

import { floatOperand, shapeText } from './composite';
import { constant } from './creation';
import { checkOptions, describe, isPlainObject } from './describe';
import * as gen from './generated/ops';
import { readSerialized } from './keras-config';
import { normalize } from './losses';
import { matmul, renamedCall } from './ops';
import { eye } from './shape';
import type { Tensor, TensorLike } from './tensor';

export interface Regularizer {
  (x: TensorLike): Tensor;
}

/**
 * keras.regularizers.Regularizer: the base class. Subclasses give `call(x)`, the penalty (a
 * scalar tensor), and `getConfig()`. Instances are functions with the subclass's prototype, so
 * `regularizer(w)` and `regularizer.call(w)` are the same. The base class's penalty is 0.
 *
 * @example
 * ```ts
 * class Cubic extends tf.keras.regularizers.Regularizer {
 *   call(x: tf.TensorLike) { return tf.reduceSum(tf.abs(tf.pow(x, 3))); }
 *   getConfig() { return {}; }
 * }
 * console.log(new Cubic()([1, -2]).item()); // 9
 * ```
 */
export class Regularizer {
  constructor() {
    const callable = function (x: TensorLike): Tensor {
      return (callable as unknown as Regularizer).call(x);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    return callable as unknown as Regularizer;
  }

  /** The penalty of `x`, a scalar tensor (Keras' `__call__`): 0 for the base class. */
  call(x: TensorLike): Tensor {
    return constant(0, floatOperand(x, 'keras.regularizers.Regularizer').dtype);
  }

  /** The options that make this regularizer again: `Cls.fromConfig(r.getConfig())`. */
  getConfig(): Record<string, unknown> {
    throw new Error(`keras.regularizers.Regularizer: ${describe(this)} does not implement getConfig().`);
  }

  /** A regularizer of this class from `getConfig()`'s options (Keras' `from_config`). */
  static fromConfig<T>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** Keras' validate_float_arg: a penalty factor is a finite number >= 0. */
function factor(cls: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`keras.regularizers.${cls}: Invalid value for argument ${name}: expected a non-negative float. Received: ${name}=${describe(v)}.`);
  }
  return v;
}

/** A factor given as a number or as `{[key]: number}` (null and undefined give the default). */
function factorArgument<T extends object>(cls: string, key: string, given: number | T | null | undefined, fallback: number, keys: readonly string[]): [number, Record<string, unknown>] {
  if (given === null || given === undefined) return [fallback, {}];
  if (typeof given !== 'object') return [factor(cls, key, given), {}];
  const o = checkOptions(given, `keras.regularizers.${cls}`, keys, `{${keys.map((k) => `${k}: ...`).join(', ')}}`);
  const v = o[key];
  return [v === null || v === undefined ? fallback : factor(cls, key, v), o];
}

/** Σ|x| times l1, in x's dtype. */
const l1Penalty = (x: Tensor, l1: number): Tensor => gen.mul(gen.reduceSum(gen.abs(x)), l1);
/** Σx² times l2, in x's dtype. */
const l2Penalty = (x: Tensor, l2: number): Tensor => gen.mul(gen.reduceSum(gen.square(x)), l2);

/** Options of `new tf.keras.regularizers.L1(options)`. */
export interface L1Options {
  /** The L1 factor (default 0.01). */
  l1?: number | null;
}

/**
 * keras.regularizers.L1(l1=0.01): the penalty l1·Σ|x|. The factor is a number or `{l1}`; it must
 * be finite and >= 0.
 *
 * @example
 * ```ts
 * console.log(new tf.keras.regularizers.L1(0.5)([1, -2, 3]).item()); // 3
 * ```
 */
export class L1 extends Regularizer {
  /** The L1 factor. */
  declare readonly l1: number;
  constructor(l1?: number | L1Options | null) {
    super();
    Object.assign(this, { l1: factorArgument('L1', 'l1', l1, 0.01, ['l1'])[0] });
  }
  override call(x: TensorLike): Tensor {
    const t = floatOperand(x, 'keras.regularizers.L1');
    return renamedCall('keras.regularizers.L1', () => l1Penalty(t, this.l1));
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/** Options of `new tf.keras.regularizers.L2(options)`. */
export interface L2Options {
  /** The L2 factor (default 0.01). */
  l2?: number | null;
}

/**
 * keras.regularizers.L2(l2=0.01): the penalty l2·Σx². The factor is a number or `{l2}`; it must
 * be finite and >= 0.
 *
 * @example
 * ```ts
 * console.log(new tf.keras.regularizers.L2(2)(tf.ones([5, 5])).item()); // 50
 * ```
 */
export class L2 extends Regularizer {
  /** The L2 factor. */
  declare readonly l2: number;
  constructor(l2?: number | L2Options | null) {
    super();
    Object.assign(this, { l2: factorArgument('L2', 'l2', l2, 0.01, ['l2'])[0] });
  }
  override call(x: TensorLike): Tensor {
    const t = floatOperand(x, 'keras.regularizers.L2');
    return renamedCall('keras.regularizers.L2', () => l2Penalty(t, this.l2));
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** Options of `new tf.keras.regularizers.L1L2(options)`. */
export interface L1L2Options {
  /** The L1 factor (default 0). */
  l1?: number | null;
  /** The L2 factor (default 0). */
  l2?: number | null;
}

/**
 * keras.regularizers.L1L2(l1=0, l2=0): the penalty l1·Σ|x| + l2·Σx² (a zero factor's term is
 * left out, as in Keras). Called as `new L1L2({l1, l2})` or `new L1L2(l1, l2)`.
 *
 * @example
 * ```ts
 * console.log(new tf.keras.regularizers.L1L2({ l1: 0.5, l2: 0.25 })([1, -2]).item()); // 2.75
 * ```
 */
export class L1L2 extends Regularizer {
  /** The L1 factor. */
  declare readonly l1: number;
  /** The L2 factor. */
  declare readonly l2: number;
  constructor(l1?: number | L1L2Options | null, l2?: number | null) {
    super();
    const keys = ['l1', 'l2'];
    if (isPlainObject(l1)) {
      if (l2 !== undefined) throw new Error(`keras.regularizers.L1L2: give the factors as {l1, l2} or as two numbers, not both.`);
      const [a, o] = factorArgument('L1L2', 'l1', l1, 0, keys);
      Object.assign(this, { l1: a, l2: o.l2 === null || o.l2 === undefined ? 0 : factor('L1L2', 'l2', o.l2) });
    } else {
      Object.assign(this, { l1: factorArgument('L1L2', 'l1', l1 as number | null | undefined, 0, keys)[0], l2: factorArgument('L1L2', 'l2', l2, 0, keys)[0] });
    }
  }
  override call(x: TensorLike): Tensor {
    const t = floatOperand(x, 'keras.regularizers.L1L2');
    return renamedCall('keras.regularizers.L1L2', () => {
      let penalty = constant(0, t.dtype);
      if (this.l1) penalty = gen.add(penalty, l1Penalty(t, this.l1));
      if (this.l2) penalty = gen.add(penalty, l2Penalty(t, this.l2));
      return penalty;
    });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** Options of `new tf.keras.regularizers.OrthogonalRegularizer(options)`. */
export interface OrthogonalRegularizerOptions {
  /** The factor (default 0.01). */
  factor?: number;
  /** 'rows' (the default) makes the rows orthogonal, 'columns' the columns. */
  mode?: 'rows' | 'columns';
}

/**
 * keras.regularizers.OrthogonalRegularizer(factor=0.01, mode='rows'): for a matrix, factor · ½ ·
 * the mean of |dot product| over the pairs of distinct L2-normalized rows (or columns):
 * factor · 0.5 · Σ_{i≠j} |n_i·n_j| / (size·(size - 1)/2). Called as `new
 * OrthogonalRegularizer({factor, mode})` or `new OrthogonalRegularizer(factor, mode)`.
 *
 * @example
 * ```ts
 * const r = new tf.keras.regularizers.OrthogonalRegularizer({ factor: 1 });
 * console.log(r([[1, 0], [1, 1]]).item()); // 0.7071067690849304
 * ```
 */
export class OrthogonalRegularizer extends Regularizer {
  /** The factor. */
  declare readonly factor: number;
  /** Whether the rows or the columns are made orthogonal. */
  declare readonly mode: 'rows' | 'columns';
  constructor(factorOrOptions?: number | OrthogonalRegularizerOptions, mode?: 'rows' | 'columns') {
    super();
    const cls = 'OrthogonalRegularizer';
    let f: unknown = factorOrOptions;
    let m: unknown = mode;
    if (isPlainObject(factorOrOptions)) {
      if (mode !== undefined) throw new Error(`keras.regularizers.${cls}: give {factor, mode} or factor and mode, not both.`);
      const o = checkOptions(factorOrOptions, `keras.regularizers.${cls}`, ['factor', 'mode'], "{factor: 0.01, mode: 'rows'}");
      [f, m] = [o.factor, o.mode];
    }
    m ??= 'rows';
    if (m !== 'rows' && m !== 'columns') {
      throw new Error(`keras.regularizers.${cls}: Invalid value for argument \`mode\`. Expected one of {"rows", "columns"}. Received: mode=${describe(m)}.`);
    }
    Object.assign(this, { factor: factor(cls, 'factor', f ?? 0.01), mode: m });
  }
  override call(x: TensorLike): Tensor {
    const op = 'keras.regularizers.OrthogonalRegularizer';
    const t = floatOperand(x, op);
    if (t.rank !== 2) throw new Error(`${op}: Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=${shapeText(t.shape)}.`);
    return renamedCall(op, () => {
      const rows = this.mode === 'rows';
      const n = normalize(t, rows ? 1 : 0);
      const product = rows ? matmul(n, n, false, true) : matmul(n, n, true, false);
      const size = t.shape[rows ? 0 : 1]!;
      const offDiagonal = gen.mul(product, gen.sub(1, eye(size, null, null, t.dtype)));
      const pairs = (size * (size - 1)) / 2;
      return gen.div(gen.mul(gen.reduceSum(gen.abs(offDiagonal)), this.factor * 0.5), pairs);
    });
  }
  override getConfig(): Record<string, unknown> {
    return { factor: this.factor, mode: this.mode };
  }
}

/**
 * keras.regularizers.l1 (Keras' lowercase alias of L1): `l1(0.01)` or `l1({l1: 0.01})` is
 * `new L1(...)`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.regularizers.l1(0.5)([1, -2, 3]).item()); // 3
 * ```
 */
export function l1(l1?: number | L1Options | null): L1 {
  return new L1(l1);
}

/**
 * keras.regularizers.l2 (Keras' lowercase alias of L2): `l2(0.01)` or `l2({l2: 0.01})` is
 * `new L2(...)`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.regularizers.l2(0.5)([1, -2]).item()); // 2.5
 * ```
 */
export function l2(l2?: number | L2Options | null): L2 {
  return new L2(l2);
}

/**
 * keras.regularizers.l1_l2 (Keras' lowercase alias of L1L2, defaults l1 = l2 = 0):
 * `l1l2({l1, l2})` or `l1l2(l1, l2)` is `new L1L2(...)`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.regularizers.l1l2({ l1: 0.5, l2: 0.25 })([1, -2]).item()); // 2.75
 * ```
 */
export function l1l2(l1?: number | L1L2Options | null, l2?: number | null): L1L2 {
  return new L1L2(l1, l2);
}

/** The classes by Keras' class name and its snake_case name (keras/src/regularizers/__init__.py). */
const CLASSES: Readonly<Record<string, new () => Regularizer>> = { Regularizer, L1, L2, L1L2, OrthogonalRegularizer };
const SNAKE: Readonly<Record<string, string>> = {
  regularizer: 'Regularizer', l1: 'L1', l2: 'L2', l1_l2: 'L1L2', l1l2: 'L1L2', orthogonal_regularizer: 'OrthogonalRegularizer', orthogonalRegularizer: 'OrthogonalRegularizer',
};

function classNamed(name: unknown, op: string): new (options?: never) => Regularizer {
  const key = typeof name === 'string' ? (Object.hasOwn(CLASSES, name) ? name : Object.hasOwn(SNAKE, name) ? SNAKE[name] : undefined) : undefined;
  if (key === undefined) {
    throw new Error(`${op}: Could not interpret regularizer identifier: ${describe(name)}; one of ${[...Object.keys(CLASSES), ...Object.keys(SNAKE)].join(', ')}.`);
  }
  return CLASSES[key]! as new (options?: never) => Regularizer;
}

/**
 * keras.regularizers.serialize(regularizer): `{className, config}`, the class's Keras name and
 * `getConfig()`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.regularizers.serialize(new tf.keras.regularizers.L1L2({ l2: 0.1 }))); // { className: 'L1L2', config: { l1: 0, l2: 0.1 } }
 * ```
 */
export function serialize(regularizer: Regularizer): { className: string; config: Record<string, unknown> } {
  const op = 'keras.regularizers.serialize';
  const entry = Object.entries(CLASSES).find(([, C]) => Object.getPrototypeOf(regularizer) === C.prototype);
  if (entry === undefined) throw new Error(`${op}: ${describe(regularizer)} is not one of the built-in regularizers (${Object.keys(CLASSES).join(', ')}).`);
  return { className: entry[0], config: regularizer.getConfig() };
}

/**
 * keras.regularizers.deserialize(config): `{className, config}` (gradtape's or Keras' spelling) as
 * a new regularizer with those options; a name ('l2', 'L1L2', 'l1_l2') as one with Keras' defaults.
 *
 * @example
 * ```ts
 * const r = tf.keras.regularizers.deserialize({ className: 'L2', config: { l2: 0.5 } });
 * console.log(r instanceof tf.keras.regularizers.L2, r([1, -2]).item()); // true 2.5
 * ```
 */
export function deserialize(config: string | { className: string; config?: unknown }): Regularizer {
  const op = 'keras.regularizers.deserialize';
  if (typeof config === 'string') return new (classNamed(config, op))();
  const s = readSerialized(config, op);
  const Cls = classNamed(s.className, op);
  if (!isPlainObject(s.config)) throw new Error(`${op}: the config of ${s.className} must be an object, got ${describe(s.config)}.`);
  return (Cls as unknown as typeof Regularizer).fromConfig.call(Cls as never, s.config) as Regularizer;
}

/**
 * keras.regularizers.get(identifier): null for null; a regularizer or function as it is; a name
 * ('l2', 'L1L2', 'orthogonal_regularizer') as a new one with Keras' defaults; `{className,
 * config}` deserialized.
 *
 * @example
 * ```ts
 * console.log(tf.keras.regularizers.get('l2')!([1, 2]).item()); // 0.04999999701976776
 * ```
 */
export function get(identifier: string | { className: string; config?: unknown } | Regularizer | ((x: TensorLike) => Tensor) | null | undefined): Regularizer | ((x: TensorLike) => Tensor) | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier === 'string' || isPlainObject(identifier)) return deserialize(identifier as string);
  throw new Error(`keras.regularizers.get: Could not interpret regularizer identifier: ${describe(identifier)}.`);
}

// Type names for `tf.keras.regularizers.X` used as a type (index.ts's namespace declaration).
export type RegularizerClass = Regularizer;
export type L1Class = L1;
export type L2Class = L2;
export type L1L2Class = L1L2;
export type OrthogonalRegularizerClass = OrthogonalRegularizer;
