// TensorFlow 2's own initializers (tensorflow/python/ops/init_ops_v2.py), exported at the top level
// as tf.zeros_initializer, tf.ones_initializer, tf.constant_initializer,
// tf.random_normal_initializer and tf.random_uniform_initializer: objects called as
// `init(shape, dtype)` (float32 by default, not floatx) that return a new tensor. A seeded random
// one draws with the stateless random ops from the seed [seed, 0], as TensorFlow's _RandomGenerator
// does: the uniform one gives TensorFlow's values bit for bit, the normal one TensorFlow's float64
// values and its float32 values to within one float32 ulp (TensorFlow's float32 Box-Muller calls
// glibc's sincosf, which is not always correctly rounded; gradtape rounds the exact sine). An
// unseeded one draws from the global generator, as tf.random.normal / uniform do, so its values
// differ from TensorFlow's in stream, not in distribution.

import { type ShapeLike, checkShape, fill, randomNormal, randomUniform, makeConstant } from './creation';
import { checkOptions, describe, optionsOrPositional, positionalOptions } from './describe';
import { type DType, checkDType } from './dtype';
import { reshape } from './ops';
import { statelessNormal, statelessUniform } from './stateless-random';
import type { Tensor } from './tensor';

/** The base of TensorFlow's initializers (tf.keras.initializers' are Keras' own): instances are
 * functions with the subclass's prototype, so `init(shape)` and `init.call(shape)` are the same. */
export abstract class TFInitializer {
  protected constructor() {
    const callable = function (shape: ShapeLike, dtype?: DType | null): Tensor {
      return (callable as unknown as TFInitializer).call(shape, dtype);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    return callable as unknown as TFInitializer;
  }

  /** A new tensor of `shape` (TensorFlow's `__call__`). */
  abstract call(shape: ShapeLike, dtype?: DType | null): Tensor;

  /** The arguments that make this initializer again (TensorFlow's get_config). */
  abstract getConfig(): Record<string, unknown>;
}

export interface TFInitializer {
  (shape: ShapeLike, dtype?: DType | null): Tensor;
}

/** TensorFlow's `dtype.name` in its error messages (`<dtype: 'string'>`). */
const dtypeText = (dtype: unknown) => `<dtype: ${typeof dtype === 'string' ? `'${dtype}'` : describe(dtype)}>`;

function valueError(message: string): Error {
  const error = new Error(message);
  error.name = 'ValueError';
  return error;
}

/** The dtype of a call: float32 when none is given (TensorFlow's default, whatever floatx is). */
function callDType(dtype: DType | null | undefined, op: string, allowed: 'any' | 'numeric' | 'float'): DType {
  const d = dtype ?? 'float32';
  if ((d as string) === 'string') throw valueError(`${op}: Argument \`dtype\` expected to be numeric or boolean. Received ${dtypeText(d)}.`);
  const checked = checkDType(d, op);
  if (allowed === 'float' && checked !== 'float32' && checked !== 'float64') throw valueError(`${op}: Argument \`dtype\` is expected to be floating point. Received: ${dtypeText(d)}.`);
  if (allowed === 'numeric' && checked === 'bool') throw valueError(`${op}: Argument \`dtype\` expected to be numeric or boolean. Received ${dtypeText(d)}.`);
  return checked;
}

function seedOf(seed: unknown, op: string): number | null {
  if (seed === undefined || seed === null) return null;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be an integer or null, got ${describe(seed)}.`);
  return seed;
}

function finiteNumber(v: unknown, name: string, op: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${op}: ${name} must be a finite number, got ${describe(v)}.`);
  return v;
}

/** tf.zeros_initializer(): zeros of the shape and dtype asked for (float32 by default; any dtype but strings). */
export class ZerosInitializer extends TFInitializer {
  /** An initializer of zeros (TensorFlow's zeros_initializer() takes no arguments: any is an error). */
  constructor(...args: []) {
    positionalOptions('zerosInitializer', args, [], []);
    super();
  }
  /** Zeros of `shape`, `dtype` (float32 by default). */
  call(shape: ShapeLike, dtype: DType | null = 'float32'): Tensor {
    const op = 'zerosInitializer';
    return fill(checkShape(shape, op), 0, callDType(dtype, op, 'any'));
  }
  /** `{}`. */
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** tf.ones_initializer(): ones of the shape and dtype asked for (float32 by default; any dtype but strings). */
export class OnesInitializer extends TFInitializer {
  /** An initializer of ones (TensorFlow's ones_initializer() takes no arguments: any is an error). */
  constructor(...args: []) {
    positionalOptions('onesInitializer', args, [], []);
    super();
  }
  /** Ones of `shape`, `dtype` (float32 by default). */
  call(shape: ShapeLike, dtype: DType | null = 'float32'): Tensor {
    const op = 'onesInitializer';
    return fill(checkShape(shape, op), 1, callDType(dtype, op, 'any'));
  }
  /** `{}`. */
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** A constant initializer's value: a number, a boolean, (nested) arrays of them, or a typed array. */
export type ConstantInitializerValue = number | boolean | readonly unknown[] | Float32Array | Float64Array | Int32Array;

/** The elements of a nested array, flattened in row-major order. */
const flatten = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);

/**
 * tf.constant_initializer(value=0): `tf.constant(value, dtype, shape)`: a scalar (or a one-element
 * array) fills the shape; an array of exactly as many elements as the shape has is laid out in it
 * row by row; another count is TensorFlow's TypeError. Without a dtype, numbers give float32
 * (gradtape's default float: JavaScript cannot tell TensorFlow's Python ints, which give int32,
 * from floats) and booleans bool.
 */
export class ConstantInitializer extends TFInitializer {
  /** The value given. */
  readonly value: ConstantInitializerValue;
  /** An initializer of `value` (default 0). */
  constructor(value: ConstantInitializerValue = 0, ...rest: []) {
    positionalOptions('constantInitializer', [value, ...rest], ['value'], []);
    super();
    const ok = typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) || ArrayBuffer.isView(value);
    if (!ok) {
      const error = new TypeError(`constantInitializer: Invalid type for initial value: ${describe(value)}. Expected a number, a boolean, or (nested) arrays of them.`);
      throw error;
    }
    this.value = ArrayBuffer.isView(value) ? Array.from(value) : value;
  }
  /** `value` in the shape `shape`, of `dtype` (inferred from the value when null). */
  call(shape: ShapeLike, dtype: DType | null = null): Tensor {
    const op = 'constantInitializer';
    const dims = checkShape(shape, op);
    const target = dtype === null || dtype === undefined ? undefined : callDType(dtype, op, 'any');
    const elements = flatten(this.value);
    const count = dims.reduce((n, d) => n * d, 1);
    const inferred = target ?? (elements.every((e) => typeof e === 'boolean') && elements.length > 0 ? 'bool' : undefined);
    if (elements.length === 1) {
      const v = elements[0];
      return fill(dims, typeof v === 'boolean' ? Number(v) : finiteOrNaN(v, op), inferred);
    }
    if (elements.length !== count) {
      const shapeText = `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
      throw new TypeError(`${op}: Eager execution of tf.constant with unsupported shape. The value has ${elements.length} elements, but got \`shape\` ${shapeText} with ${count} elements.`);
    }
    return reshape(makeConstant(elements as never, inferred, op), dims);
  }
  /** `{value}`. */
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

function finiteOrNaN(v: unknown, op: string): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: the value's elements must be numbers or booleans, got ${describe(v)}.`);
  return v;
}

/** Options of `tf.randomNormalInitializer(options)`. */
export interface RandomNormalInitializerOptions {
  /** The mean (default 0). */
  mean?: number;
  /** The standard deviation (default 0.05). */
  stddev?: number;
  /** A seed: the same values at every call, TensorFlow's (default null: the global generator's). */
  seed?: number | null;
}

/**
 * tf.random_normal_initializer(mean=0.0, stddev=0.05, seed=None): normal values. With a seed,
 * `tf.random.statelessNormal(shape, [seed, 0])`, the same at every call: TensorFlow's values in
 * float64, and in float32 to within one ulp (see the file's head); without, tf.random.normal's.
 * Float dtypes only (float32 by default), as in TensorFlow.
 */
export class RandomNormalInitializer extends TFInitializer {
  /** The mean. */
  readonly mean: number;
  /** The standard deviation. */
  readonly stddev: number;
  /** The seed, or null. */
  readonly seed: number | null;
  /** `(mean, stddev, seed)` as TensorFlow's positional arguments, or `{mean, stddev, seed}`. */
  // (One signature, not overloads: tf.randomNormalInitializer's callable alias takes its parameters.)
  constructor(meanOrOptions?: number | RandomNormalInitializerOptions, stddev?: number, seed?: number | null, ...rest: []) {
    super();
    const op = 'randomNormalInitializer';
    const given = optionsOrPositional(op, [meanOrOptions, stddev, seed, ...rest], ['mean', 'stddev', 'seed'], ['seed']);
    const o = checkOptions(given, op, ['mean', 'stddev', 'seed'], '{mean: 0, stddev: 1, seed: 1}') as RandomNormalInitializerOptions;
    this.mean = finiteNumber(o.mean ?? 0, 'mean', op);
    this.stddev = finiteNumber(o.stddev ?? 0.05, 'stddev', op);
    this.seed = seedOf(o.seed, op);
  }
  /** Normal values of `shape`, `dtype` (float32 by default). */
  call(shape: ShapeLike, dtype: DType | null = 'float32'): Tensor {
    const op = 'randomNormalInitializer';
    const d = callDType(dtype, op, 'float');
    const dims = checkShape(shape, op);
    const options = { mean: this.mean, stddev: this.stddev, dtype: d as 'float32' | 'float64' };
    return this.seed === null ? randomNormal(dims, options) : statelessNormal(dims, [this.seed, 0], options);
  }
  /** `{mean, stddev, seed}`. */
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/** Options of `tf.randomUniformInitializer(options)`. */
export interface RandomUniformInitializerOptions {
  /** The lower bound, included (default -0.05). */
  minval?: number;
  /** The upper bound, excluded (default 0.05). */
  maxval?: number;
  /** A seed: the same values at every call, TensorFlow's (default null: the global generator's). */
  seed?: number | null;
}

/**
 * tf.random_uniform_initializer(minval=-0.05, maxval=0.05, seed=None): uniform values in [minval,
 * maxval). With a seed, `tf.random.statelessUniform(shape, [seed, 0])` (TensorFlow's values, the
 * same at every call); without, tf.random.uniform's. Float and int32 dtypes (float32 by default).
 */
export class RandomUniformInitializer extends TFInitializer {
  /** The lower bound. */
  readonly minval: number;
  /** The upper bound. */
  readonly maxval: number;
  /** The seed, or null. */
  readonly seed: number | null;
  /** `(minval, maxval, seed)` as TensorFlow's positional arguments, or `{minval, maxval, seed}`. */
  // (One signature, not overloads: tf.randomUniformInitializer's callable alias takes its parameters.)
  constructor(minvalOrOptions?: number | RandomUniformInitializerOptions, maxval?: number, seed?: number | null, ...rest: []) {
    super();
    const op = 'randomUniformInitializer';
    const given = optionsOrPositional(op, [minvalOrOptions, maxval, seed, ...rest], ['minval', 'maxval', 'seed'], ['seed']);
    const o = checkOptions(given, op, ['minval', 'maxval', 'seed'], '{minval: -1, maxval: 1, seed: 1}') as RandomUniformInitializerOptions;
    this.minval = finiteNumber(o.minval ?? -0.05, 'minval', op);
    this.maxval = finiteNumber(o.maxval ?? 0.05, 'maxval', op);
    this.seed = seedOf(o.seed, op);
  }
  /** Uniform values of `shape`, `dtype` (float32 by default; int32 takes integer bounds). */
  call(shape: ShapeLike, dtype: DType | null = 'float32'): Tensor {
    const op = 'randomUniformInitializer';
    const d = callDType(dtype, op, 'numeric');
    const dims = checkShape(shape, op);
    const options = { minval: this.minval, maxval: this.maxval, dtype: d };
    return this.seed === null ? randomUniform(dims, options as never) : statelessUniform(dims, [this.seed, 0], options as never);
  }
  /** `{minval, maxval, seed}`. */
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}
