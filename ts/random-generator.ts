/**
 * `tf.random.Generator`: TensorFlow's stateful random-number generator, with TensorFlow's numbers
 * on CPU (tensorflow/python/ops/stateful_random_ops.py, tensorflow/core/kernels/stateful_random_ops.cc).
 *
 * A Philox generator's state is three int64 words [c0, c1, k]: the 128-bit counter c1·2^64 + c0
 * and the 64-bit key k. A draw of n values runs the same Philox stream as the stateless ops from
 * key [lo(k), hi(k)] and counter [lo(c0), hi(c0), lo(c1), hi(c1)] (ts/stateless-random.ts), then
 * adds 256·n to the counter (TensorFlow reserves 256 Philox calls per output, whatever the
 * distribution uses). A seed s becomes the state [s, 0, 0] (a larger integer fills the words from
 * the lowest, 64 bits each; a list of words fills them from the right). `split(n)` draws n
 * full-range int64 keys and makes the generators of states [0, 0, key]; `makeSeeds(n)` draws the
 * same keys as seeds [key, 0]. `binomial` runs tf.random.statelessBinomial's sampler on the
 * state's stream and advances by TensorFlow's StatefulRandomBinomial amount (ts/random-samplers.ts).
 *
 * Checked against the outputs printed in TensorFlow's Generator docstring and random-numbers guide
 * (test/random-generator.test.ts lists them).
 */

import { checkShape, type ShapeLike } from './creation';
import { checkOptions, describe } from './describe';
import type { DType } from './dtype';
import { traceHostValue } from './host-steps';
import {
  type FloatDType,
  Philox,
  type RngAlgorithm,
  checkAlg,
  checkFloatDType,
  checkNumber,
  drawTensor,
  elementCount,
  fullInt32,
  uniformDraw,
} from './stateless-random';
import { binomialPlan, binomialTensor } from './random-samplers';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';
import { valuesOf } from './indexing';

const WORD = 1n << 64n;
const MASK = WORD - 1n;
/** Philox calls reserved per output value (TensorFlow's kReservedSamplesPerOutput). */
const CALLS_PER_OUTPUT = 256n;
/** TensorFlow's RNG_ALG_PHILOX: the value of `generator.algorithm`. */
const ALG_PHILOX = 1;

/** A seed or state word: an integer number (safe) or a bigint. */
export type StateWord = number | bigint;

/** Options of `new tf.random.Generator(...)`. */
export interface GeneratorOptions {
  /** A generator whose state the new one copies. */
  copyFrom?: Generator;
  /** The state: three int64 words [counter low, counter high, key]. */
  state?: readonly StateWord[];
  /** `'philox'` (the default), `'auto_select'` or 1 (Philox); ThreeFry is refused as TensorFlow's CPU kernels do. */
  alg?: RngAlgorithm;
}

/** Options of `Generator.normal` and `Generator.truncatedNormal`. */
export interface GeneratorNormalOptions {
  /** The mean (default 0). */
  mean?: number;
  /** The standard deviation (default 1; before truncation for `truncatedNormal`). */
  stddev?: number;
  /** `'float32'` (the default) or `'float64'`. */
  dtype?: DType;
}

/** Options of `Generator.uniform`. */
export interface GeneratorUniformOptions {
  /** The lower bound, included (default 0). */
  minval?: number | null;
  /** The upper bound, excluded (default 1 for floats; required for int32). `minval: null, maxval: null` with int32 gives full-range integers. */
  maxval?: number | null;
  /** `'float32'` (the default), `'float64'` or `'int32'`. */
  dtype?: DType;
}

function word(value: unknown, what: string, op: string): bigint {
  if (typeof value === 'bigint') return value & MASK;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value) & MASK;
  throw new Error(`${op}: ${what} must be an integer (a safe integer number or a bigint), got ${describe(value)}.`);
}

/** A seed as TensorFlow's create_rng_state reads it: an integer chopped into three 64-bit words
 * from the lowest (a negative one in two's complement, its higher words all ones: 1234 is
 * [1234, 0, 0]); or a list of words, cut to its first three and padded with zeros on the left
 * ([1] is [0, 0, 1], the key), as TensorFlow pads it. */
function stateOfSeed(seed: unknown, op: string): [bigint, bigint, bigint] {
  let words: bigint[];
  if (Array.isArray(seed)) {
    const given = seed.slice(0, 3).map((s, i) => word(s, `seed[${i}]`, op));
    words = [...Array<bigint>(3 - given.length).fill(0n), ...given];
  } else {
    let s = typeof seed === 'bigint' ? seed : typeof seed === 'number' && Number.isSafeInteger(seed) ? BigInt(seed) : null;
    if (s === null) throw new Error(`${op}: seed must be an integer (a safe integer number or a bigint) or a list of them, got ${describe(seed)}.`);
    words = [];
    for (let i = 0; i < 3; i++) {
      words.push(s & MASK);
      s >>= 64n;
    }
  }
  return [words[0] ?? 0n, words[1] ?? 0n, words[2] ?? 0n];
}

function stateOf(state: unknown, op: string): [bigint, bigint, bigint] {
  if (!Array.isArray(state) || state.length !== 3) {
    throw new Error(`${op}: a Philox state is three int64 words [counter low, counter high, key], got ${describe(state)}.`);
  }
  return [word(state[0], 'state[0]', op), word(state[1], 'state[1]', op), word(state[2], 'state[2]', op)];
}

/** An int64 as numpy shows it (two's complement of the 64-bit word). */
const signed = (w: bigint): bigint => (w >= 1n << 63n ? w - WORD : w);

/** Random words for a state no seed decides. */
function nondeterministicWords(): [bigint, bigint, bigint] {
  const words = new Uint32Array(6);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(words);
  else for (let i = 0; i < 6; i++) words[i] = Math.floor(Math.random() * 4294967296);
  const pair = (i: number) => BigInt(words[i]!) | (BigInt(words[i + 1]!) << 32n);
  return [pair(0), pair(2), pair(4)];
}

/**
 * tf.random.Generator: a random-number generator with a state, which each draw advances. The same
 * seed gives TensorFlow's numbers (Philox on CPU); draws inside `tf.function` run again at every
 * call, so each call gets new numbers, as in TensorFlow. (`split`, `skip` and the resets change
 * the state when they run: inside `tf.function`, once, while it traces.)
 *
 * @example
 * ```ts
 * const g = tf.random.Generator.fromSeed(1234);
 * console.log(g.normal([3]).arraySync()); // [ 0.9356608986854553, 1.0854305028915405, -0.937883734703064 ]
 * console.log(g.state); // [ 2002n, 0n, 0n ]
 * ```
 */
export class Generator {
  private counterLow = 0n;
  private counterHigh = 0n;
  private keyWord = 0n;

  constructor(options: GeneratorOptions = {}) {
    const op = 'random.Generator';
    const o = checkOptions(options, op, ['copyFrom', 'state', 'alg'], '{copyFrom, state, alg}') as GeneratorOptions;
    checkAlg(o.alg, op);
    if (o.copyFrom !== undefined) {
      if (!(o.copyFrom instanceof Generator)) throw new Error(`${op}: copyFrom must be a tf.random.Generator, got ${describe(o.copyFrom)}.`);
      if (o.state !== undefined) throw new Error(`${op}: give copyFrom or state, not both.`);
      this.setState([o.copyFrom.counterLow, o.copyFrom.counterHigh, o.copyFrom.keyWord]);
    } else if (o.state !== undefined) {
      this.setState(stateOf(o.state, op));
    } else {
      throw new Error(`${op}: give a state or copyFrom, or use Generator.fromSeed or Generator.fromNonDeterministicState.`);
    }
  }

  /** tf.random.Generator.from_seed(seed, alg): the state [seed, 0, 0] (see the module's comment for larger seeds and lists). */
  static fromSeed(seed: StateWord | readonly StateWord[], alg?: RngAlgorithm): Generator {
    checkAlg(alg, 'random.Generator.fromSeed');
    return new Generator({ state: stateOfSeed(seed, 'random.Generator.fromSeed'), alg });
  }

  /** tf.random.Generator.from_state(state, alg): the state given, three int64 words. */
  static fromState(state: readonly StateWord[], alg?: RngAlgorithm): Generator {
    return new Generator({ state, alg });
  }

  /** tf.random.Generator.from_key_counter(key, counter, alg): the state [counter[0], counter[1], key]. */
  static fromKeyCounter(key: StateWord, counter: readonly StateWord[], alg?: RngAlgorithm): Generator {
    const op = 'random.Generator.fromKeyCounter';
    if (!Array.isArray(counter) || counter.length !== 2) throw new Error(`${op}: a Philox counter is two int64 words, got ${describe(counter)}.`);
    return new Generator({ state: [word(counter[0], 'counter[0]', op), word(counter[1], 'counter[1]', op), word(key, 'key', op)], alg });
  }

  /** tf.random.Generator.from_non_deterministic_state(alg): a state from the platform's random source. */
  static fromNonDeterministicState(alg?: RngAlgorithm): Generator {
    return new Generator({ state: nondeterministicWords(), alg });
  }

  /** The state as numpy shows TensorFlow's int64 state variable: [counter low, counter high, key]. */
  get state(): bigint[] {
    return [signed(this.counterLow), signed(this.counterHigh), signed(this.keyWord)];
  }

  /** The key part of the state (an int64). */
  get key(): bigint {
    return signed(this.keyWord);
  }

  /** TensorFlow's algorithm id: 1, Philox. */
  get algorithm(): number {
    return ALG_PHILOX;
  }

  /** Generator.reset(state): a new state. */
  reset(state: readonly StateWord[]): void {
    this.setState(stateOf(state, 'random.Generator.reset'));
  }

  /** Generator.reset_from_seed(seed): the state fromSeed would make. */
  resetFromSeed(seed: StateWord | readonly StateWord[]): void {
    this.setState(stateOfSeed(seed, 'random.Generator.resetFromSeed'));
  }

  /** Generator.reset_from_key_counter(key, counter). */
  resetFromKeyCounter(key: StateWord, counter: readonly StateWord[]): void {
    const g = Generator.fromKeyCounter(key, counter);
    this.setState([g.counterLow, g.counterHigh, g.keyWord]);
  }

  /** Generator.skip(delta): the state a draw of `delta` values would leave. */
  skip(delta: number): void {
    if (!Number.isSafeInteger(delta)) throw new Error(`random.Generator.skip: delta must be an integer, got ${describe(delta)}.`);
    this.advance(BigInt(delta));
  }

  /** Generator.normal(shape, mean, stddev, dtype): normal values. */
  normal(shape: ShapeLike, options: GeneratorNormalOptions = {}): Tensor {
    const op = 'random.Generator.normal';
    const { dims, n, mean, stddev, dtype } = this.normalArguments(op, shape, options);
    return this.draw(n, (g) => drawTensor('normal', g, dims, dtype, stddev, mean));
  }

  /** Generator.truncated_normal(shape, mean, stddev, dtype): normal values within 2 standard deviations of the mean. */
  truncatedNormal(shape: ShapeLike, options: GeneratorNormalOptions = {}): Tensor {
    const op = 'random.Generator.truncatedNormal';
    const { dims, n, mean, stddev, dtype } = this.normalArguments(op, shape, options);
    return this.draw(n, (g) => drawTensor('truncatedNormal', g, dims, dtype, stddev, mean));
  }

  /** Generator.uniform(shape, minval, maxval, dtype): uniform values in [minval, maxval). int32
   * needs maxval (or both bounds null: full range), as in TensorFlow. */
  uniform(shape: ShapeLike, options: GeneratorUniformOptions = {}): Tensor {
    const op = 'random.Generator.uniform';
    const o = checkOptions(options, op, ['minval', 'maxval', 'dtype'], '{minval, maxval, dtype}') as GeneratorUniformOptions;
    const dims = checkShape(shape, op);
    return this.draw(elementCount(dims), uniformDraw(op, dims, o));
  }

  /** Generator.uniform_full_int(shape, dtype): integers over the dtype's whole range ('int32'; gradtape has no int64). */
  uniformFullInt(shape: ShapeLike, dtype: DType = 'int32'): Tensor {
    const op = 'random.Generator.uniformFullInt';
    if (dtype !== 'int32') throw new Error(`${op}: dtype must be 'int32' (TensorFlow also takes int64, uint32 and uint64, which gradtape does not have), got ${describe(dtype)}.`);
    const dims = checkShape(shape, op);
    const n = elementCount(dims);
    return this.draw(n, (g) => fromHost(fullInt32(g, n), dims, 'int32'));
  }

  /**
   * Generator.binomial(shape, counts, probs, dtype): binomial samples, the number of successes in
   * `counts` trials of probability `probs` (broadcast together; `shape` ends with their broadcast
   * shape), drawn as tf.random.statelessBinomial draws them from this generator's Philox stream:
   * TensorFlow's numbers for the state. The state's counter then advances as TensorFlow's
   * StatefulRandomBinomial advances it: by 256·⌊B·200·(S + 3) / 4⌋ Philox calls, for B (count,
   * prob) pairs and S samples of each. `counts` and `probs` are float32 (or float64); the samples
   * int32 (the default), float32 or float64.
   *
   * @example
   * ```ts
   * const g = tf.random.Generator.fromSeed(1234);
   * console.log(g.binomial([5], [10, 100, 10, 100, 20], [0.3, 0.6, 0.9, 0.2, 0.5]).arraySync()); // [ 4, 59, 8, 22, 9 ]
   * console.log(g.state); // [ 257234n, 0n, 0n ]
   * ```
   */
  binomial(shape: ShapeLike, counts: TensorLike, probs: TensorLike, dtype: DType = 'int32'): Tensor {
    const op = 'random.Generator.binomial';
    const plan = binomialPlan(op, shape, counts, probs, dtype);
    const calls = (BigInt(plan.numBatches) * 200n * BigInt(plan.samplesPerBatch + 3)) / 4n;
    return traceHostValue(([c, p]) => {
      const g = this.philox();
      this.advance(calls);
      return binomialTensor(plan, g, valuesOf(c!, op, TraceSpoiler.HostEffect), valuesOf(p!, op, TraceSpoiler.HostEffect));
    }, [plan.counts, plan.probs]);
  }

  /**
   * Generator.split(count): `count` new generators, independent of this one and of each other;
   * this one advances as a draw of `count` values does.
   */
  split(count = 1): Generator[] {
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`random.Generator.split: count must be a non-negative integer, got ${describe(count)}.`);
    return this.int64Keys(count).map((key) => new Generator({ state: [0n, 0n, key] }));
  }

  /**
   * Generator.make_seeds(count): `count` seeds for the stateless ops, as TensorFlow's int64
   * [2, count] tensor: row 0 full-range int64 values (uniform_full_int, as `split` draws its keys),
   * row 1 zeros. gradtape has no int64, so they come as bigints, rows of a nested array; the
   * stateless ops take a pair of them as a seed: `[seeds[0][i], seeds[1][i]]`, TensorFlow's
   * `seeds[:, i]`. The state advances as a draw of `count` values does. (Inside `tf.function` it
   * runs once, while the function traces, as `split` does.)
   *
   * @example
   * ```ts
   * const seeds = tf.random.Generator.fromSeed(1234).makeSeeds(2);
   * console.log(seeds); // [ [ 472453817354278855n, 4059409125917362668n ], [ 0n, 0n ] ]
   * console.log(tf.random.statelessNormal([2], [seeds[0]![0]!, seeds[1]![0]!]).arraySync()); // [ -1.4209507703781128, -0.4934166967868805 ]
   * ```
   */
  makeSeeds(count = 1): bigint[][] {
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`random.Generator.makeSeeds: count must be a non-negative integer, got ${describe(count)}.`);
    const keys = this.int64Keys(count).map(signed);
    return [keys, keys.map(() => 0n)];
  }

  /** `count` full-range int64 values (uniform_full_int of int64: each from two words, low word
   * first), as 64-bit words; the state advances past `count` values. */
  private int64Keys(count: number): bigint[] {
    const g = this.philox();
    this.advance(BigInt(count));
    const keys: bigint[] = [];
    while (keys.length < count) {
      const w = g.next();
      keys.push(BigInt(w[0]!) | (BigInt(w[1]!) << 32n));
      if (keys.length < count) keys.push(BigInt(w[2]!) | (BigInt(w[3]!) << 32n));
    }
    return keys;
  }

  private normalArguments(op: string, shape: ShapeLike, options: GeneratorNormalOptions): { dims: number[]; n: number; mean: number; stddev: number; dtype: FloatDType } {
    const o = checkOptions(options, op, ['mean', 'stddev', 'dtype'], '{mean, stddev, dtype}') as GeneratorNormalOptions;
    const dims = checkShape(shape, op);
    return { dims, n: elementCount(dims), mean: checkNumber(o.mean ?? 0, 'mean', op), stddev: checkNumber(o.stddev ?? 1, 'stddev', op), dtype: checkFloatDType(o.dtype, op) };
  }

  /** `make` on the Philox stream of the current state, which then advances past `n` values. In a
   * traced function the draw is a host step: every call draws again from the state it finds. */
  private draw(n: number, make: (g: Philox) => Tensor): Tensor {
    return traceHostValue(() => {
      const g = this.philox();
      this.advance(BigInt(n));
      return make(g);
    });
  }

  /** The Philox stream the state starts: key [lo(k), hi(k)], counter [lo(c0), hi(c0), lo(c1), hi(c1)]. */
  private philox(): Philox {
    const lo = (w: bigint) => Number(w & 0xffffffffn);
    const hi = (w: bigint) => Number(w >> 32n);
    return new Philox([lo(this.keyWord), hi(this.keyWord)], [lo(this.counterLow), hi(this.counterLow), lo(this.counterHigh), hi(this.counterHigh)]);
  }

  /** Adds 256 calls per value to the 128-bit counter (wrapping, as its words do). */
  private advance(values: bigint): void {
    const counter = ((this.counterHigh << 64n) | this.counterLow) + values * CALLS_PER_OUTPUT;
    this.counterLow = counter & MASK;
    this.counterHigh = (counter >> 64n) & MASK;
  }

  private setState([c0, c1, k]: readonly bigint[]): void {
    this.counterLow = c0!;
    this.counterHigh = c1!;
    this.keyWord = k!;
  }
}

let globalGenerator: Generator | null = null;

/** tf.random.get_global_generator(): the generator made at the first call from a nondeterministic state (or the one set). */
export function getGlobalGenerator(): Generator {
  globalGenerator ??= Generator.fromNonDeterministicState();
  return globalGenerator;
}

/** tf.random.set_global_generator(generator): replaces the global generator. */
export function setGlobalGenerator(generator: Generator): void {
  if (!(generator instanceof Generator)) throw new Error(`random.setGlobalGenerator: expected a tf.random.Generator, got ${describe(generator)}.`);
  globalGenerator = generator;
}
