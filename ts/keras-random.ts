// keras.random: Keras 3's random ops as its TensorFlow backend computes them
// (keras/src/backend/tensorflow/random.py, keras/src/random/seed_generator.py): each draws from
// TensorFlow's stateless ops with a seed of [s, n] reduced modulo 2^31 - 2 (Keras' _cast_seed),
// where an integer seed is [seed, 0] and a SeedGenerator gives its state and advances it by
// [0, 1]. So an integer seed gives the same numbers at every call, and Keras's numbers.

import { checkOptions, describe } from './describe';
import { type DType, getFloatx, isFloat } from './dtype';
import * as gen from './generated/ops';
import { toSnakeCase, uniqueName } from './layers/names';
import { makeDefaultSeed } from './python-random';
import { statelessDropout } from './nn';
import { argsort } from './sorting';
import { gather } from './shape';
import { statelessBinomial, statelessGamma } from './random-samplers';
import { type ShapeLike, checkShape, toTensor, zerosLike } from './creation';
import { type Seed, boundedInt64Small, checkSeed, fromSeed, statelessCategorical, statelessNormal, statelessTruncatedNormal, statelessUniform, streamOfSeed } from './stateless-random';
import { Tensor, type TensorLike, fromHost } from './tensor';
import { Variable } from './variable';
import { broadcastTo, cast } from './ops';

/** Keras' `tf.int32.max - 1`, the modulus _cast_seed reduces int64 seeds by. */
const SEED_MODULUS = 2147483646;

/** Python's ValueError, as Keras raises it. */
function valueError(message: string): Error {
  const error = new Error(message);
  error.name = 'ValueError';
  return error;
}

/**
 * keras.random.SeedGenerator(seed=None, name=None): the state of a random stream for Keras'
 * random ops. Its `state` is a non-trainable variable holding [seed, n] (float64: Keras' int64,
 * which gradtape has not); each draw with it uses the state and advances n by one, so successive
 * draws differ, reproducibly, and a compiled function (tf.function) advances it at every call.
 *
 * @example
 * ```ts
 * const seeds = new tf.keras.random.SeedGenerator(42);
 * const a = tf.keras.random.normal([2], { seed: seeds });
 * const b = tf.keras.random.normal([2], { seed: seeds });
 * console.log(a.arraySync(), b.arraySync()); // [ 0.015817075967788696, -1.5900869369506836 ] [ 1.12920343875885, 0.04696672409772873 ]
 * console.log(seeds.state.arraySync()); // [ 42, 2 ]
 * ```
 */
export class SeedGenerator {
  /** The generator's name (`seed_generator`, `seed_generator_1`, ... as Keras' auto_name). */
  readonly name: string;
  /** [seed, draws so far]: what the next draw uses. */
  readonly state: Variable;
  readonly #initialSeed: number | null;

  constructor(seed: number | null = null, name: string | null = null) {
    const op = 'keras.random.SeedGenerator';
    if (seed !== null && seed !== undefined && !Number.isSafeInteger(seed)) throw valueError(`${op}: Argument \`seed\` must be an integer. Received: seed=${describe(seed)}`);
    if (name !== null && name !== undefined && typeof name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(name)}.`);
    this.#initialSeed = seed ?? null;
    this.name = name ?? uniqueName(toSnakeCase('SeedGenerator'));
    // Keras' make_default_seed: Python's random.randint(1, 1e9), seeded by keras.utils.setRandomSeed.
    const start = seed ?? makeDefaultSeed();
    this.state = new Variable([start, 0], { dtype: 'float64', trainable: false, name: `${this.name}/seed_generator_state` });
  }

  /** The state before this draw, advancing it: by [0, 1] (`ordered`, the default), or as Keras'
   * global generator does when no seed is given, to (state + 1) · 5387 mod 933199. */
  next(ordered = true): Tensor {
    const seed = gen.mul(this.state, 1); // a copy, as Keras' `value * 1`
    this.state.assign(ordered ? gen.add(this.state, [0, 1]) : gen.mod(gen.mul(gen.add(this.state, 1), 5387), 933199));
    return seed;
  }

  /** Keras' get_config: `{seed, name}` (the seed it was made with, null when none was given). */
  getConfig(): { seed: number | null; name: string } {
    return { seed: this.#initialSeed, name: this.name };
  }

  /** Keras' from_config. */
  static fromConfig(config: { seed?: number | null; name?: string | null }): SeedGenerator {
    return new SeedGenerator(config.seed ?? null, config.name ?? null);
  }
}

/** The generator of unseeded draws (Keras' global_seed_generator), made on first use. */
let globalGenerator: SeedGenerator | null = null;

/** Forgets the global generator, as keras.utils.set_random_seed does: the next unseeded draw
 * makes a new one (its seed from Python's random, just seeded). */
export function resetGlobalSeedGenerator(): void {
  globalGenerator = null;
}

/** A seed for a draw: an integer, a SeedGenerator, or null/undefined (the global generator). */
export type KerasSeed = number | SeedGenerator | null | undefined;

/** Keras' draw_seed then the TensorFlow backend's _cast_seed: the int32 seed pair of one draw. */
function drawSeed(seed: KerasSeed, op: string): Seed {
  if (seed instanceof SeedGenerator) return castSeed(seed.next());
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) return [floorMod(seed), 0];
  if (seed === null || seed === undefined) return castSeed((globalGenerator ??= new SeedGenerator()).next(false));
  throw valueError(`${op}: Argument \`seed\` must be either an integer or an instance of \`SeedGenerator\`. Received: seed=${describe(seed)}`);
}

const floorMod = (v: number): number => ((v % SEED_MODULUS) + SEED_MODULUS) % SEED_MODULUS;

/** tf.cast(tf.math.floormod(seed, 2^31 - 2), 'int32'), on the generator's state. */
const castSeed = (state: Tensor): Tensor => cast(gen.mod(state, SEED_MODULUS), 'int32');

/** Options of keras.random.normal and truncatedNormal. */
export interface KerasNormalOptions {
  mean?: number;
  stddev?: number;
  /** A float dtype; by default tf.keras.backend.floatx(). */
  dtype?: DType | null;
  seed?: KerasSeed;
}

function floatDType(dtype: DType | null | undefined, op: string, what: string): DType {
  const d = dtype ?? getFloatx();
  if (!isFloat(d)) throw valueError(`${op}: \`keras.random.${what}\` requires a floating point \`dtype\`. Received: dtype=${describe(dtype)}`);
  return d;
}

function options<T extends object>(given: unknown, op: string, keys: readonly string[], example: string): T {
  return checkOptions(given ?? {}, op, keys, example) as T;
}

/**
 * keras.random.normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None): normal draws, Keras'
 * for the same seed (tf.random.stateless_normal).
 *
 * @example
 * ```ts
 * console.log(tf.keras.random.normal([3], { seed: 42 }).arraySync()); // [ 0.015817075967788696, -1.5900869369506836, 0.10359445959329605 ]
 * ```
 */
export function normal(shape: ShapeLike, o: KerasNormalOptions = {}): Tensor {
  const op = 'keras.random.normal';
  const { mean = 0, stddev = 1, dtype, seed } = options<KerasNormalOptions>(o, op, ['mean', 'stddev', 'dtype', 'seed'], '{mean, stddev, dtype, seed}');
  return statelessNormal(shape, drawSeed(seed, op), { mean, stddev, dtype: floatDType(dtype, op, 'normal') });
}

/** keras.random.truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None): normal draws
 * within two standard deviations of the mean, Keras' for the same seed. */
export function truncatedNormal(shape: ShapeLike, o: KerasNormalOptions = {}): Tensor {
  const op = 'keras.random.truncatedNormal';
  const { mean = 0, stddev = 1, dtype, seed } = options<KerasNormalOptions>(o, op, ['mean', 'stddev', 'dtype', 'seed'], '{mean, stddev, dtype, seed}');
  return statelessTruncatedNormal(shape, drawSeed(seed, op), { mean, stddev, dtype: floatDType(dtype, op, 'truncated_normal') });
}

/** Options of keras.random.uniform. */
export interface KerasUniformOptions {
  minval?: number;
  maxval?: number;
  /** A float dtype; by default tf.keras.backend.floatx(). */
  dtype?: DType | null;
  seed?: KerasSeed;
}

/** keras.random.uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None): uniform draws in
 * [minval, maxval), Keras' for the same seed (the bounds rounded to float32 first, as its
 * TensorFlow backend's cast of a Python float does, also for float64). */
export function uniform(shape: ShapeLike, o: KerasUniformOptions = {}): Tensor {
  const op = 'keras.random.uniform';
  const { minval = 0, maxval = 1, dtype, seed } = options<KerasUniformOptions>(o, op, ['minval', 'maxval', 'dtype', 'seed'], '{minval, maxval, dtype, seed}');
  const d = floatDType(dtype, op, 'uniform');
  // Keras' tf.cast(minval, dtype) makes a float32 tensor of a Python float before the cast, so
  // the bounds are float32 numbers whatever the dtype (an integer converts exactly).
  const bound = (v: number) => (Number.isInteger(v) ? v : Math.fround(v));
  return statelessUniform(shape, drawSeed(seed, op), { minval: bound(minval), maxval: bound(maxval), dtype: d });
}

/** Options of keras.random.randint. */
export interface KerasRandintOptions {
  /** An integer dtype: 'int32' (the default; gradtape's only one). */
  dtype?: DType;
  seed?: KerasSeed;
}

/** keras.random.randint(shape, minval, maxval, dtype='int32', seed=None): integers in
 * [minval, maxval), Keras' for the same seed. */
export function randint(shape: ShapeLike, minval: number, maxval: number, o: KerasRandintOptions = {}): Tensor {
  const op = 'keras.random.randint';
  const { dtype = 'int32', seed } = options<KerasRandintOptions>(o, op, ['dtype', 'seed'], "{dtype: 'int32', seed}");
  if (dtype !== 'int32') throw valueError(`${op}: \`keras.random.randint\` requires an integer \`dtype\`. Received: dtype=${describe(dtype)} (gradtape's integer dtype is int32)`);
  return statelessUniform(shape, drawSeed(seed, op), { minval, maxval, dtype: 'int32' });
}

/** keras.random.randint with an integer dtype other than int32 (Keras' uint8, int16, ...): its
 * TensorFlow backend draws int64 values (two Philox words each, so other numbers than int32's)
 * and casts them; here for ranges below 2³², as int32. For the layers that draw so. */
export function randintInt64(shape: ShapeLike, minval: number, maxval: number, seed: KerasSeed): Tensor {
  const op = 'keras.random.randint';
  const dims = checkShape(shape, op);
  if (!Number.isSafeInteger(minval) || !Number.isSafeInteger(maxval) || !(maxval > minval) || maxval - minval >= 2 ** 32) {
    throw valueError(`${op}: minval and maxval must be integers with 0 < maxval - minval < 2**32, got ${describe(minval)} and ${describe(maxval)}.`);
  }
  const n = dims.reduce((a, d) => a * d, 1);
  return fromSeed(checkSeed(drawSeed(seed, op), op), op, (pair) => fromHost(boundedInt64Small(streamOfSeed(pair), n, minval, maxval), dims, 'int32'));
}

/** Options of keras.random.categorical. */
export interface KerasCategoricalOptions {
  /** The dtype of the class ids: 'int32' (the default). */
  dtype?: DType;
  seed?: KerasSeed;
}

/** keras.random.categorical(logits, num_samples, dtype='int32', seed=None): `numSamples` class
 * ids per row of the 2-D `logits`, Keras' for the same seed. */
export function categorical(logits: TensorLike, numSamples: number, o: KerasCategoricalOptions = {}): Tensor {
  const op = 'keras.random.categorical';
  const { dtype = 'int32', seed } = options<KerasCategoricalOptions>(o, op, ['dtype', 'seed'], "{dtype: 'int32', seed}");
  const t = toTensor(logits, undefined, op);
  if (t.rank !== 2) throw valueError(`${op}: \`logits\` should be a 2-D tensor with shape [batch_size, num_classes]. Received: logits=${describe(logits)}`);
  return statelessCategorical(t, numSamples, drawSeed(seed, op), { dtype });
}

/** Options of keras.random.dropout. */
export interface KerasDropoutOptions {
  /** The shape of the keep mask, broadcast to the inputs' (null entries take the inputs' sizes). */
  noiseShape?: readonly (number | null)[] | null;
  seed?: KerasSeed;
}

/** keras.random.dropout(inputs, rate, noise_shape=None, seed=None): inputs zeroed with
 * probability `rate`, the rest scaled by 1/(1 - rate), Keras' mask for the same seed (rate 1
 * gives zeros, rate 0 the inputs, as its TensorFlow backend does). */
export function dropout(inputs: TensorLike, rate: number, o: KerasDropoutOptions = {}): Tensor {
  const op = 'keras.random.dropout';
  const { noiseShape = null, seed } = options<KerasDropoutOptions>(o, op, ['noiseShape', 'seed'], '{noiseShape, seed}');
  const t = toTensor(inputs, undefined, op);
  if (rate === 1) return zerosLike(t);
  if (rate === 0) return t;
  return statelessDropout(t, rate, drawSeed(seed, op), null, noiseShape);
}

/** Options of keras.random.shuffle. */
export interface KerasShuffleOptions {
  axis?: number;
  seed?: KerasSeed;
}

/** keras.random.shuffle(x, axis=0, seed=None): the slices along `axis` in a random order, Keras'
 * for the same seed (its TensorFlow backend orders them by argsort of stateless uniform draws). */
export function shuffle(x: TensorLike, o: KerasShuffleOptions = {}): Tensor {
  const op = 'keras.random.shuffle';
  const { axis = 0, seed } = options<KerasShuffleOptions>(o, op, ['axis', 'seed'], '{axis, seed}');
  const t = toTensor(x, undefined, op);
  const a = axis < 0 ? axis + t.rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= t.rank) throw valueError(`${op}: axis ${describe(axis)} is out of range for a tensor of rank ${t.rank}.`);
  const order = argsort(statelessUniform([t.shape[a]!], drawSeed(seed, op)));
  return gather(t, order, a);
}

/** Options of keras.random.gamma, binomial and beta. */
export interface KerasDistributionOptions {
  /** A float dtype; by default tf.keras.backend.floatx(). */
  dtype?: DType | null;
  seed?: KerasSeed;
}

/** keras.random.gamma(shape, alpha, dtype=None, seed=None): gamma draws of shape `alpha` (scale
 * 1), Keras' for the same seed. */
export function gamma(shape: ShapeLike, alpha: TensorLike, o: KerasDistributionOptions = {}): Tensor {
  const op = 'keras.random.gamma';
  const { dtype, seed } = options<KerasDistributionOptions>(o, op, ['dtype', 'seed'], '{dtype, seed}');
  return statelessGamma(shape, drawSeed(seed, op), alpha, null, floatDType(dtype, op, 'gamma'));
}

/** keras.random.binomial(shape, counts, probabilities, dtype=None, seed=None): binomial draws (as
 * floats of the dtype), Keras' for the same seed. */
export function binomial(shape: ShapeLike, counts: TensorLike, probabilities: TensorLike, o: KerasDistributionOptions = {}): Tensor {
  const op = 'keras.random.binomial';
  const { dtype, seed } = options<KerasDistributionOptions>(o, op, ['dtype', 'seed'], '{dtype, seed}');
  return statelessBinomial(shape, drawSeed(seed, op), counts, probabilities, floatDType(dtype, op, 'binomial'));
}

/** keras.random.beta(shape, alpha, beta, dtype=None, seed=None): X / (X + Y) for gamma draws X of
 * shape alpha and Y of shape beta (Y's seed is X's plus 12), Keras' for the same seed. */
export function beta(shape: ShapeLike, alpha: TensorLike, betaParameter: TensorLike, o: KerasDistributionOptions = {}): Tensor {
  const op = 'keras.random.beta';
  const { dtype, seed } = options<KerasDistributionOptions>(o, op, ['dtype', 'seed'], '{dtype, seed}');
  const d = floatDType(dtype, op, 'beta');
  const first = drawSeed(seed, op);
  const second: Seed = first instanceof Tensor ? gen.add(first, 12) : [Number(first[0]) + 12, Number(first[1]) + 12];
  const dims = checkShape(shape, op);
  const a = broadcastTo(cast(toTensor(alpha, d, op), d), dims);
  const b = broadcastTo(cast(toTensor(betaParameter, d, op), d), dims);
  const x = statelessGamma(shape, first, a, null, d);
  const y = statelessGamma(shape, second, b, null, d);
  return gen.div(x, gen.add(x, y));
}
