// Keras 3's weight initializers (keras/src/initializers), `tf.keras.initializers`: objects called
// with a shape (and optionally a dtype) that return a new tensor of it, as in Keras
// (`new tf.Variable(new tf.keras.initializers.GlorotUniform({ seed: 1 })([784, 256]))`). The
// random ones draw with tf.keras.random and Keras 3's formulas (fans, VarianceScaling's scale,
// the truncated normal's 0.8796 correction), so a seeded initializer gives Keras' values. As in
// Keras 3, an initializer gives the same values at every call unless its seed is a
// SeedGenerator: an unseeded one takes a default seed when it is made (Keras' make_default_seed,
// which keras.utils.setRandomSeed makes reproducible).

import { checkShape, fill, type ShapeLike } from './creation';
import { checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { type DType, checkDType, getFloatx } from './dtype';
import { mul, sign } from './generated/ops';
import { SeedGenerator, normal as kerasNormal, truncatedNormal as kerasTruncatedNormal, uniform as kerasUniform } from './keras-random';
import { diagPart, qr } from './linalg';
import { renamedCall, reshape, transpose } from './ops';
import { makeDefaultSeed } from './python-random';
import { eye } from './shape';
import type { Tensor } from './tensor';

export interface Initializer {
  (shape: ShapeLike, dtype?: DType): Tensor;
}

/** The base class: subclasses give `call(shape, dtype)`. Instances are functions with the
 * subclass's prototype, so `init(shape)` and `init.call(shape)` are the same. */
export abstract class Initializer {
  protected constructor() {
    const callable = function (shape: ShapeLike, dtype?: DType): Tensor {
      return (callable as unknown as Initializer).call(shape, dtype);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    return callable as unknown as Initializer;
  }

  /** A new tensor of `shape` (Keras's `__call__`); `dtype` defaults to the default float. */
  abstract call(shape: ShapeLike, dtype?: DType): Tensor;

  /** The options that make this initializer again: `new Cls(init.getConfig())`. */
  abstract getConfig(): Record<string, unknown>;
}

function options<T extends object>(cls: string, given: T | undefined, keys: (keyof T & string)[], example: string): Partial<T> {
  return checkOptions(given ?? {}, `keras.initializers.${cls}`, keys, example) as Partial<T>;
}

/** A serialized SeedGenerator, `{className: 'SeedGenerator', config}`, is a plain object too: as a
 * first argument (GlorotUniform's seed) it is the seed, not an options object. */
const isInitializerOptions = (v: unknown): boolean => isPlainObject(v) && v.className !== 'SeedGenerator';

/** An initializer's arguments as its options: one options object, or positionally in Keras 3's
 * order (`names`; a null seed is Keras' None, no seed). */
function initializerArguments<T extends object>(cls: string, args: readonly unknown[], names: readonly (keyof T & string)[]): T | undefined {
  return kerasArguments(`keras.initializers.${cls}`, args, names, ['seed'], { isOptions: isInitializerOptions }) as T | undefined;
}

function finite(cls: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`keras.initializers.${cls}: ${key} must be a finite number, got ${describe(v)}.`);
  return v;
}

/** A random initializer's `seed` option: an integer (the same values at every call), a
 * SeedGenerator (new values at each call, advancing it), its serialized form, or null. */
export type InitializerSeed = number | SeedGenerator | { className: 'SeedGenerator'; config?: { seed?: number | null; name?: string | null } } | null;

/** The seed as given (what getConfig reports) and the seed the draws use: without one, Keras'
 * default seed, drawn now (make_default_seed), so every call gives the same values. */
function seedOf(cls: string, v: unknown): [given: number | SeedGenerator | undefined, draws: number | SeedGenerator] {
  if (v === undefined || v === null) return [undefined, makeDefaultSeed()];
  if (v instanceof SeedGenerator || (typeof v === 'number' && Number.isSafeInteger(v))) return [v, v];
  if (isPlainObject(v) && v.className === 'SeedGenerator') {
    const config = (v.config ?? {}) as { seed?: number | null; name?: string | null };
    const generator = SeedGenerator.fromConfig(config);
    return [generator, generator];
  }
  throw new Error(`keras.initializers.${cls}: \`seed\` argument should be an integer or an instance of \`keras.random.SeedGenerator\`, got ${describe(v)}.`);
}

/** The seed in a config: an integer, null, or a SeedGenerator's `{className, config}`. */
const seedConfig = (seed: number | SeedGenerator | undefined): unknown =>
  seed instanceof SeedGenerator ? { className: 'SeedGenerator', config: seed.getConfig() } : seed ?? null;

/** A random initializer's dtype: a float (Keras refuses integer dtypes for random values). */
function floatDType(cls: string, dtype: DType | undefined): 'float32' | 'float64' {
  const d = dtype === undefined ? getFloatx() : checkDType(dtype, `keras.initializers.${cls}`);
  if (d !== 'float32' && d !== 'float64') throw new Error(`keras.initializers.${cls}: dtype must be a float dtype, got '${d}'.`);
  return d;
}

/** Keras's `compute_fans`: for a kernel `[...receptive field, in, out]`, fan_in = in·receptive and
 * fan_out = out·receptive; a vector's is its length, a scalar's 1. */
function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  const receptive = shape.slice(0, -2).reduce((n, d) => n * d, 1);
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

// ---- constants ------------------------------------------------------------------------------------

/** `tf.keras.initializers.Zeros`: zeros (any dtype). */
export class Zeros extends Initializer {
  constructor(...args: []) {
    initializerArguments('Zeros', args, []); // (Keras' Zeros() takes none: more is an error)
    super();
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    return renamedCall('keras.initializers.Zeros', () => fill(shape, 0, dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** `tf.keras.initializers.Ones`: ones (any dtype). */
export class Ones extends Initializer {
  constructor(...args: []) {
    initializerArguments('Ones', args, []); // (Keras' Ones() takes none: more is an error)
    super();
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    return renamedCall('keras.initializers.Ones', () => fill(shape, 1, dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Options of `new tf.keras.initializers.Constant(options)`. */
export interface ConstantOptions {
  /** The value of every element (default 0). */
  value?: number;
}

/** Keras 3's positional arguments of Constant, in its order. */
type ConstantPositional = [
  value?: number,
];

/** `tf.keras.initializers.Constant({value})`: every element `value`. */
export class Constant extends Initializer {
  /** The value of every element. */
  readonly value: number;
  /** Keras 3's positional form, `Constant(value=0.0)`: `new Constant(0.5)`. */
  constructor(...positional: ConstantPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ConstantPositional, ConstantOptions>);
  constructor(options?: ConstantOptions);
  constructor(...args: unknown[]) {
    super();
    const o = options('Constant', initializerArguments<ConstantOptions>('Constant', args, ['value']), ['value'], '{value: 0.1}');
    this.value = finite('Constant', 'value', o.value ?? 0);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    return renamedCall('keras.initializers.Constant', () => fill(shape, this.value, dtype));
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** Options of `new tf.keras.initializers.Identity(options)` and `Orthogonal(options)`. */
export interface GainOptions {
  /** The factor the matrix is multiplied by (default 1). */
  gain?: number;
  /** Orthogonal only: the seed of its random matrix (an integer: Keras' matrix, the same at
   * every call; a SeedGenerator: a new one at each call). */
  seed?: InitializerSeed;
}

/** Keras 3's positional arguments of Identity, in its order. */
type IdentityPositional = [
  gain?: number,
];

/** `tf.keras.initializers.Identity({gain})`: `gain` times the identity matrix (2-D shapes only,
 * which may be rectangular). */
export class Identity extends Initializer {
  /** The factor the matrix is multiplied by. */
  readonly gain: number;
  /** Keras 3's positional form, `Identity(gain=1.0)`: `new Identity(2)`. */
  constructor(...positional: IdentityPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<IdentityPositional, Omit<GainOptions, 'seed'>>);
  constructor(options?: Omit<GainOptions, 'seed'>);
  constructor(...args: unknown[]) {
    super();
    const o = options('Identity', initializerArguments<GainOptions>('Identity', args, ['gain']), ['gain'], '{gain: 2}');
    this.gain = finite('Identity', 'gain', o.gain ?? 1);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const dims = checkShape(shape, 'keras.initializers.Identity');
    if (dims.length !== 2) throw new Error(`keras.initializers.Identity: the identity matrix initializer can only be used for 2D matrices, got shape [${dims.join(', ')}].`);
    const d = dtype === undefined ? getFloatx() : checkDType(dtype, 'keras.initializers.Identity');
    return renamedCall('keras.initializers.Identity', () => mul(eye(dims[0]!, dims[1]!, null, d), this.gain));
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

// ---- random values --------------------------------------------------------------------------------

/** Options of `RandomNormal` and `TruncatedNormal`. */
export interface RandomNormalOptions {
  /** The mean (default 0). */
  mean?: number;
  /** The standard deviation (default 0.05): of the normal before truncation, for TruncatedNormal. */
  stddev?: number;
  /** An integer: Keras' values, the same at every call; a SeedGenerator: new values at each call. */
  seed?: InitializerSeed;
}

/** Keras 3's positional arguments of RandomNormal, in its order. */
type RandomNormalPositional = [
  mean?: number, stddev?: number, seed?: InitializerSeed,
];

/** `tf.keras.initializers.RandomNormal({mean = 0, stddev = 0.05, seed})`. */
export class RandomNormal extends Initializer {
  /** The mean. */
  readonly mean: number;
  /** The standard deviation. */
  readonly stddev: number;
  /** The seed given (undefined: none, a default seed was drawn). */
  readonly seed: number | SeedGenerator | undefined;
  /** The seed of the draws. */
  readonly #draws: number | SeedGenerator;
  /** Keras 3's positional form, `RandomNormal(mean=0.0, stddev=0.05, seed=None)` (and
   * TruncatedNormal's): `new RandomNormal(0, 1, 42)`. */
  constructor(...positional: RandomNormalPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomNormalPositional, RandomNormalOptions>);
  constructor(options?: RandomNormalOptions);
  constructor(...args: unknown[]) {
    super();
    const cls = this.kind;
    const o = options(cls, initializerArguments<RandomNormalOptions>(cls, args, ['mean', 'stddev', 'seed']), ['mean', 'stddev', 'seed'], '{stddev: 0.1, seed: 1}');
    [this.mean, this.stddev] = [finite(cls, 'mean', o.mean ?? 0), finite(cls, 'stddev', o.stddev ?? 0.05)];
    [this.seed, this.#draws] = seedOf(cls, o.seed);
  }
  /** The class's Keras name, in errors. */
  protected get kind(): string {
    return 'RandomNormal';
  }
  /** The draw: keras.random's normal here. */
  protected draw(shape: ShapeLike, o: { mean: number; stddev: number; dtype: DType; seed: number | SeedGenerator }): Tensor {
    return kerasNormal(shape, o);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const d = floatDType(this.kind, dtype);
    return renamedCall(`keras.initializers.${this.kind}`, () => this.draw(shape, { mean: this.mean, stddev: this.stddev, dtype: d, seed: this.#draws }));
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: seedConfig(this.seed) };
  }
}

/** `tf.keras.initializers.TruncatedNormal({mean = 0, stddev = 0.05, seed})`: normal values
 * redrawn while more than two standard deviations from the mean. */
export class TruncatedNormal extends RandomNormal {
  protected override get kind(): string {
    return 'TruncatedNormal';
  }
  protected override draw(shape: ShapeLike, o: { mean: number; stddev: number; dtype: DType; seed: number | SeedGenerator }): Tensor {
    return kerasTruncatedNormal(shape, o);
  }
}

/** Options of `new tf.keras.initializers.RandomUniform(options)`. */
export interface RandomUniformOptions {
  /** The lower bound, included (default -0.05). */
  minval?: number;
  /** The upper bound, excluded (default 0.05). */
  maxval?: number;
  /** An integer: Keras' values, the same at every call; a SeedGenerator: new values at each call. */
  seed?: InitializerSeed;
}

/** Keras 3's positional arguments of RandomUniform, in its order. */
type RandomUniformPositional = [
  minval?: number, maxval?: number, seed?: InitializerSeed,
];

/** `tf.keras.initializers.RandomUniform({minval = -0.05, maxval = 0.05, seed})`. */
export class RandomUniform extends Initializer {
  /** The lower bound, included. */
  readonly minval: number;
  /** The upper bound, excluded. */
  readonly maxval: number;
  /** The seed given (undefined: none, a default seed was drawn). */
  readonly seed: number | SeedGenerator | undefined;
  /** The seed of the draws. */
  readonly #draws: number | SeedGenerator;
  /** Keras 3's positional form, `RandomUniform(minval=-0.05, maxval=0.05, seed=None)`: `new RandomUniform(-1, 1, 42)`. */
  constructor(...positional: RandomUniformPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RandomUniformPositional, RandomUniformOptions>);
  constructor(options?: RandomUniformOptions);
  constructor(...args: unknown[]) {
    super();
    const o = options('RandomUniform', initializerArguments<RandomUniformOptions>('RandomUniform', args, ['minval', 'maxval', 'seed']), ['minval', 'maxval', 'seed'], '{minval: -1, maxval: 1, seed: 1}');
    [this.minval, this.maxval] = [finite('RandomUniform', 'minval', o.minval ?? -0.05), finite('RandomUniform', 'maxval', o.maxval ?? 0.05)];
    [this.seed, this.#draws] = seedOf('RandomUniform', o.seed);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const d = floatDType('RandomUniform', dtype);
    return renamedCall('keras.initializers.RandomUniform', () => kerasUniform(shape, { minval: this.minval, maxval: this.maxval, dtype: d, seed: this.#draws }));
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: seedConfig(this.seed) };
  }
}

/** Options of `new tf.keras.initializers.VarianceScaling(options)`. */
export interface VarianceScalingOptions {
  /** The variance's numerator (default 1): the values have variance scale / n. */
  scale?: number;
  /** What n is (default 'fan_in'): the kernel's fan in, fan out, or their mean. */
  mode?: 'fan_in' | 'fan_out' | 'fan_avg';
  /** The distribution (default 'truncated_normal'; 'normal' is Keras' alias of it). */
  distribution?: 'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal';
  /** An integer: Keras' values, the same at every call; a SeedGenerator: new values at each call. */
  seed?: InitializerSeed;
  /** The axes whose sizes multiply to the fan in (with `outputAxes`; default: Keras' kernel layout). */
  inputAxes?: readonly number[] | null;
  /** The axes whose sizes multiply to the fan out (with `inputAxes`). */
  outputAxes?: readonly number[] | null;
}

/** The named variance scalings (GlorotUniform, HeNormal, ...) take a seed only. */
export interface SeedOptions {
  /** An integer: Keras' values, the same at every call; a SeedGenerator: new values at each call. */
  seed?: InitializerSeed;
}

const MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
const DISTRIBUTIONS = ['truncated_normal', 'untruncated_normal', 'uniform'] as const;

/** An axes option: null, or integers (negative ones from the end, as Python indexes). */
function axesOf(cls: string, key: string, v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((a) => !Number.isInteger(a))) throw new Error(`keras.initializers.${cls}: ${key} must be an array of integer axes or null, got ${describe(v)}.`);
  return v.slice();
}

/** The size of `dims` along one axis (Python's shape[axis]). */
function sizeAt(op: string, dims: readonly number[], axis: number): number {
  const size = dims[axis < 0 ? axis + dims.length : axis];
  if (size === undefined) throw new Error(`${op}: axis ${axis} is out of range for shape [${dims.join(', ')}].`);
  return size;
}

/** Keras 3's positional arguments of VarianceScaling, in its order. */
type VarianceScalingPositional = [
  scale?: number, mode?: VarianceScalingOptions['mode'], distribution?: VarianceScalingOptions['distribution'], seed?: InitializerSeed,
];

/**
 * `tf.keras.initializers.VarianceScaling({scale = 1, mode = 'fan_in', distribution =
 * 'truncated_normal', seed, inputAxes, outputAxes})`: values of variance scale / n, with n the
 * fan `mode` names (at least 1): a normal truncated at two standard deviations (its stddev
 * divided by 0.8796, so the variance stays scale / n), a normal, or uniform in ±√(3·scale / n).
 *
 * @example
 * ```ts
 * const w = new tf.keras.initializers.GlorotUniform({ seed: 1 })([300, 200]);
 * const limit = Math.sqrt(6 / (300 + 200));
 * console.log(w.shape, w.abs().reduceMax().item() <= limit); // [ 300, 200 ] true
 * ```
 */
export class VarianceScaling extends Initializer {
  /** The variance times n. */
  readonly scale: number;
  /** Which fan n is. */
  readonly mode: (typeof MODES)[number];
  /** The distribution drawn from. */
  readonly distribution: (typeof DISTRIBUTIONS)[number];
  /** The axes of the fan in, or null (with outputAxes null: Keras' kernel layout). */
  readonly inputAxes: number[] | null;
  /** The axes of the fan out, or null. */
  readonly outputAxes: number[] | null;
  /** The seed given (undefined: none, a default seed was drawn). */
  readonly seed: number | SeedGenerator | undefined;
  /** The seed of the draws. */
  readonly #draws: number | SeedGenerator;
  /** Keras 3's positional form, `VarianceScaling(scale=1.0, mode='fan_in',
   * distribution='truncated_normal', seed=None)`: `new VarianceScaling(2, 'fan_out', 'uniform', 1)`
   * (inputAxes and outputAxes, gradtape's own, only as options). */
  constructor(...positional: VarianceScalingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<VarianceScalingPositional, Omit<VarianceScalingOptions, 'inputAxes' | 'outputAxes'>>);
  constructor(options?: VarianceScalingOptions);
  constructor(...args: unknown[]) {
    super();
    const cls = new.target === VarianceScaling ? 'VarianceScaling' : new.target.name;
    const o = options(cls, initializerArguments<VarianceScalingOptions>(cls, args, ['scale', 'mode', 'distribution', 'seed']), ['scale', 'mode', 'distribution', 'seed', 'inputAxes', 'outputAxes'], "{scale: 2, mode: 'fan_in', distribution: 'uniform'}");
    const scale = finite(cls, 'scale', o.scale ?? 1);
    if (!(scale > 0)) throw new Error(`keras.initializers.${cls}: scale must be positive, got ${scale}.`);
    const mode = o.mode ?? 'fan_in';
    if (!MODES.includes(mode)) throw new Error(`keras.initializers.${cls}: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${describe(mode)}.`);
    const given = typeof o.distribution === 'string' ? o.distribution.toLowerCase() : o.distribution ?? 'truncated_normal';
    const distribution = given === 'normal' ? 'truncated_normal' : given;
    if (!DISTRIBUTIONS.includes(distribution as (typeof DISTRIBUTIONS)[number])) {
      throw new Error(`keras.initializers.${cls}: distribution must be one of ${DISTRIBUTIONS.map((m) => `'${m}'`).join(', ')}, got ${describe(o.distribution)}.`);
    }
    [this.scale, this.mode, this.distribution] = [scale, mode, distribution as (typeof DISTRIBUTIONS)[number]];
    [this.inputAxes, this.outputAxes] = [axesOf(cls, 'inputAxes', o.inputAxes), axesOf(cls, 'outputAxes', o.outputAxes)];
    [this.seed, this.#draws] = seedOf(cls, o.seed);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const op = `keras.initializers.${this.constructor.name}`;
    const dims = checkShape(shape, op);
    const d = floatDType(this.constructor.name, dtype);
    const [fanIn, fanOut] = this.inputAxes !== null && this.outputAxes !== null
      ? [this.inputAxes.reduce((n, a) => n * sizeAt(op, dims, a), 1), this.outputAxes.reduce((n, a) => n * sizeAt(op, dims, a), 1)]
      : computeFans(dims);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const seed = this.#draws;
    return renamedCall(op, () => {
      if (this.distribution === 'uniform') {
        const limit = Math.sqrt(3 * variance);
        return kerasUniform(dims, { minval: -limit, maxval: limit, dtype: d, seed });
      }
      if (this.distribution === 'untruncated_normal') return kerasNormal(dims, { stddev: Math.sqrt(variance), dtype: d, seed });
      // 0.8796... is the standard deviation of a standard normal truncated to [-2, 2].
      return kerasTruncatedNormal(dims, { stddev: Math.sqrt(variance) / 0.87962566103423978, dtype: d, seed });
    });
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: seedConfig(this.seed), inputAxes: this.inputAxes, outputAxes: this.outputAxes };
  }
}

/** A named variance scaling: its scale, mode and distribution fixed, a seed its only option. */
function named(scale: number, mode: VarianceScalingOptions['mode'], distribution: VarianceScalingOptions['distribution']) {
  return class extends VarianceScaling {
    /** Keras 3's positional form, `GlorotUniform(seed=None)` (and the other named ones): `new GlorotUniform(1)`. */
    constructor(seed?: InitializerSeed);
    constructor(options?: SeedOptions);
    constructor(...args: unknown[]) {
      const cls = new.target.name;
      const o = checkOptions(initializerArguments<SeedOptions>(cls, args, ['seed']) ?? {}, `keras.initializers.${cls}`, ['seed'], '{seed: 1}') as SeedOptions;
      super({ scale, mode, distribution, seed: o.seed });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: seedConfig(this.seed) };
    }
  };
}

/** `tf.keras.initializers.GlorotUniform({seed})` (Xavier): uniform in ±√(6 / (fan_in + fan_out)). */
export class GlorotUniform extends named(1, 'fan_avg', 'uniform') {}
/** `tf.keras.initializers.GlorotNormal({seed})`: truncated normal, variance 2 / (fan_in + fan_out). */
export class GlorotNormal extends named(1, 'fan_avg', 'truncated_normal') {}
/** `tf.keras.initializers.HeUniform({seed})`: uniform in ±√(6 / fan_in). */
export class HeUniform extends named(2, 'fan_in', 'uniform') {}
/** `tf.keras.initializers.HeNormal({seed})`: truncated normal, variance 2 / fan_in. */
export class HeNormal extends named(2, 'fan_in', 'truncated_normal') {}
/** `tf.keras.initializers.LecunUniform({seed})`: uniform in ±√(3 / fan_in). */
export class LecunUniform extends named(1, 'fan_in', 'uniform') {}
/** `tf.keras.initializers.LecunNormal({seed})`: truncated normal, variance 1 / fan_in. */
export class LecunNormal extends named(1, 'fan_in', 'truncated_normal') {}

/** Keras 3's positional arguments of Orthogonal, in its order. */
type OrthogonalPositional = [
  gain?: number, seed?: InitializerSeed,
];

/** `tf.keras.initializers.Orthogonal({gain = 1, seed})`: `gain` times a random orthogonal
 * matrix (orthonormal columns, or rows when there are fewer rows than columns) of the shape
 * flattened to [product of all but the last dim, last dim]: the Q of a normal matrix's QR with
 * the signs of R's diagonal taken out, so Q is uniformly distributed. */
export class Orthogonal extends Initializer {
  /** The factor the matrix is multiplied by. */
  readonly gain: number;
  /** The seed given (undefined: none, a default seed was drawn). */
  readonly seed: number | SeedGenerator | undefined;
  /** The seed of the draws. */
  readonly #draws: number | SeedGenerator;
  /** Keras 3's positional form, `Orthogonal(gain=1.0, seed=None)`: `new Orthogonal(2, 42)`. */
  constructor(...positional: OrthogonalPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<OrthogonalPositional, GainOptions>);
  constructor(options?: GainOptions);
  constructor(...args: unknown[]) {
    super();
    const o = options('Orthogonal', initializerArguments<GainOptions>('Orthogonal', args, ['gain', 'seed']), ['gain', 'seed'], '{gain: 1, seed: 1}');
    this.gain = finite('Orthogonal', 'gain', o.gain ?? 1);
    [this.seed, this.#draws] = seedOf('Orthogonal', o.seed);
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const op = 'keras.initializers.Orthogonal';
    const dims = checkShape(shape, op);
    if (dims.length < 2) throw new Error(`${op}: the tensor to initialize must be at least two-dimensional, got shape [${dims.join(', ')}].`);
    const d = floatDType('Orthogonal', dtype);
    const rows = dims.slice(0, -1).reduce((n, s) => n * s, 1), cols = dims[dims.length - 1]!;
    return renamedCall(op, () => {
      const a = kerasNormal([Math.max(rows, cols), Math.min(rows, cols)], { dtype: d, seed: this.#draws });
      const [q, r] = qr(a);
      const signed = mul(q!, sign(diagPart(r!)));
      return reshape(mul(rows < cols ? transpose(signed) : signed, this.gain), dims);
    });
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: seedConfig(this.seed) };
  }
}

const BY_NAME: Record<string, new () => Initializer> = {
  zeros: Zeros, ones: Ones, constant: Constant, identity: Identity, random_normal: RandomNormal, random_uniform: RandomUniform,
  truncated_normal: TruncatedNormal, variance_scaling: VarianceScaling, glorot_uniform: GlorotUniform, glorot_normal: GlorotNormal,
  he_uniform: HeUniform, he_normal: HeNormal, lecun_uniform: LecunUniform, lecun_normal: LecunNormal, orthogonal: Orthogonal,
  // Keras' aliases ('uniform' is Embedding's default initializer).
  uniform: RandomUniform, normal: RandomNormal, one: Ones, zero: Zeros,
};

/** keras.initializers.get(identifier): a name gives a new initializer with its defaults (Keras's
 * snake_case `'glorot_uniform'`, or the class name `'GlorotUniform'`), `{className, config}` (a
 * layer's getConfig entry) a new one with those options, an initializer or a function is returned
 * as is, and null or undefined give null. */
export function get(identifier: string | { className: string; config?: Record<string, unknown> } | Initializer | ((shape: ShapeLike, dtype?: DType) => Tensor) | null | undefined): Initializer | ((shape: ShapeLike, dtype?: DType) => Tensor) | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'function') return identifier;
  const named = (name: string): new (options?: never) => Initializer => {
    const Cls = BY_NAME[name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()];
    if (Cls) return Cls as new (options?: never) => Initializer;
    throw new Error(`keras.initializers.get: unknown initializer '${name}'; known: ${Object.keys(BY_NAME).join(', ')}.`);
  };
  if (typeof identifier === 'string') return new (named(identifier))();
  if (isPlainObject(identifier) && typeof identifier.className === 'string') {
    const config = identifier.config ?? {};
    if (!isPlainObject(config)) throw new Error(`keras.initializers.get: the config of ${identifier.className} must be an object, got ${describe(config)}.`);
    // Options without a value (an unseeded initializer's seed: null) are left to the defaults.
    const options = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null));
    return new (named(identifier.className))(options as never);
  }
  throw new Error(`keras.initializers.get: expected a name, {className, config}, an initializer or a function, got ${describe(identifier)}.`);
}

/** The classes by their Keras class names, for serialize. */
const CLASSES: Record<string, abstract new (...args: never[]) => Initializer> = {
  Zeros, Ones, Constant, Identity, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal,
  HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
};

/**
 * keras.initializers.serialize(initializer): `{className, config}`, the class's Keras name and
 * `getConfig()` (what a layer's config holds); `deserialize` and `get` read it back.
 *
 * @example
 * ```ts
 * console.log(tf.keras.initializers.serialize(new tf.keras.initializers.Constant({ value: 2 }))); // { className: 'Constant', config: { value: 2 } }
 * ```
 */
export function serialize(initializer: Initializer): { className: string; config: Record<string, unknown> } {
  const entry = Object.entries(CLASSES).find(([, C]) => initializer !== null && (typeof initializer === 'object' || typeof initializer === 'function') && Object.getPrototypeOf(initializer) === C.prototype);
  if (entry === undefined) throw new Error(`keras.initializers.serialize: ${describe(initializer)} is not one of the built-in initializers (${Object.keys(CLASSES).join(', ')}).`);
  return { className: entry[0], config: initializer.getConfig() };
}

/**
 * keras.initializers.deserialize(config): `{className, config}` as a new initializer with those
 * options, or a name ('glorot_uniform', 'GlorotUniform') as one with Keras' defaults.
 *
 * @example
 * ```ts
 * const init = tf.keras.initializers.deserialize({ className: 'Constant', config: { value: 3 } });
 * console.log(init([2]).arraySync()); // [ 3, 3 ]
 * ```
 */
export function deserialize(config: string | { className: string; config?: Record<string, unknown> }): Initializer {
  if (typeof config !== 'string' && !(isPlainObject(config) && typeof config.className === 'string')) {
    throw new Error(`keras.initializers.deserialize: expected a name or {className, config}, got ${describe(config)}.`);
  }
  return get(config) as Initializer;
}

// Instance types under other names, for the `tf.keras.initializers` type namespace in index.ts
// (the runtime namespace object holds the classes under the same names).
export type InitializerClass = Initializer;
export type ZerosClass = Zeros;
export type OnesClass = Ones;
export type ConstantClass = Constant;
export type IdentityClass = Identity;
export type RandomNormalClass = RandomNormal;
export type RandomUniformClass = RandomUniform;
export type TruncatedNormalClass = TruncatedNormal;
export type VarianceScalingClass = VarianceScaling;
export type GlorotUniformClass = GlorotUniform;
export type GlorotNormalClass = GlorotNormal;
export type HeUniformClass = HeUniform;
export type HeNormalClass = HeNormal;
export type LecunUniformClass = LecunUniform;
export type LecunNormalClass = LecunNormal;
export type OrthogonalClass = Orthogonal;
