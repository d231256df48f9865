/**
 * Seeded random numbers with TensorFlow's global/op seed rules
 * (`tf.random.set_seed`, the `seed=` argument of the random ops), as TensorFlow's eager mode
 * applies them (`random_seed.get_seed`):
 *
 * | global seed (setSeed) | op seed | the op's seeds (seed, seed2)                                  |
 * | --------------------- | ------- | ------------------------------------------------------------- |
 * | set                   | none    | (global, the next randint(0, 2^31 - 1) of random.Random(global)) |
 * | set                   | given   | (global, op)                                                  |
 * | not set               | given   | (DEFAULT_GLOBAL_SEED, op)                                     |
 * | not set               | none    | none: not reproducible                                        |
 *
 * (Both taken modulo 2^31 - 1; (0, 0) becomes (0, 2^31 - 1).) The float draws of
 * tf.random.uniform, normal and truncated_normal are TensorFlow's kernels' (stateful-random.ts):
 * Philox keyed by the seeds, a kernel with the same seeds continuing its stream, so after
 * `setSeed(s)` a series of calls gives TensorFlow's values; so do int32 uniforms, shuffle,
 * categorical, gamma and poisson (random-samplers.ts). The other draws (the Keras image layers'
 * seeds, ...) take their seeds the same way but come from gradtape's own generator below,
 * repeating their values for the same seeds.
 *
 * Generator: xoshiro128** (128-bit state, 32-bit integer math), seeded from
 * the seeds through a splitmix32-style mixer. Uniforms have 53 random bits.
 *
 */

import { describe } from './describe';
import { PythonRandom, seedPythonRandom, unseedPythonRandom } from './python-random';
import { TraceSpoiler, spoilTrace } from './wasm/runtime';

/** TF's DEFAULT_GRAPH_SEED, used when an op seed is given without a global seed. */
export const DEFAULT_GLOBAL_SEED = 87654321;

let globalSeed: number | null = null;
/** TensorFlow's eager context RNG (`random.Random(global seed)`): it gives each seedless op call
 * its op seed (`context.internal_operation_seed()`, randint(0, 2^31 - 1)). */
let opSeeds: PythonRandom | null = null;
/** TensorFlow's kernel cache, as far as seeded draws go: an eager op with the same seeds (and
 * dtype) runs the same kernel again, whose Philox counter continues where the last call left it
 * (`GuardedPhiloxRandom::ReserveRandomOutputs`). Blocks used so far, by op, dtype and seeds;
 * cleared by setSeed, as TensorFlow clears its caches. */
const kernelStreams = new Map<string, number>();
/** What else a stateful kernel keeps between calls (a learned sampler's counts), by kernel key;
 * cleared with the streams. */
const kernelStates = new Map<string, unknown>();
/** Kernel states remembered at most (the oldest is forgotten first): each may hold a count per
 * class of a large vocabulary. */
const MAX_KERNEL_STATES = 64;
/** TensorFlow's _MAXINT32, the modulus of its seeds. */
const MAXINT32 = 2147483647;

/** Seed words as two uint32 halves of an integer in [-2^53, 2^53]. */
function seedWords(seed: number, what: string): [number, number] {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${what} must be a safe integer, got ${describe(seed)}.`);
  }
  const lo = seed >>> 0; // two's complement low word, also for negatives
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return [lo, hi];
}

/**
 * tf.random.set_seed: sets the global seed and resets the sequence of op
 * seeds (and every seeded kernel's stream), so the same series of random calls
 * returns the same values again: TensorFlow's values, for tf.random.uniform,
 * normal and truncatedNormal of floats. `null` unsets it, as `set_seed(None)`.
 * It also seeds the default seeds of unseeded Keras objects (Python's random,
 * which Keras 3 draws them from and keras.utils.set_random_seed seeds): Keras
 * leaves them to chance after tf.random.set_seed alone, gradtape makes them
 * the ones Keras takes after keras.utils.set_random_seed with the same seed.
 */
export function setSeed(seed: number | null): void {
  if (seed === null) return clearSeed();
  seedWords(seed, 'random.setSeed: seed'); // validate
  globalSeed = seed;
  opSeeds = new PythonRandom(seed);
  kernelStreams.clear();
  kernelStates.clear();
  seedPythonRandom(seed);
}

/** Clears the global seed (back to the start-up state: unseeded). */
export function clearSeed(): void {
  globalSeed = null;
  opSeeds = null;
  kernelStreams.clear();
  kernelStates.clear();
  unseedPythonRandom();
}

/** Python's `seed % _MAXINT32` (never negative). */
const truncateSeed = (seed: number): number => ((seed % MAXINT32) + MAXINT32) % MAXINT32;

/**
 * TensorFlow's `random_seed.get_seed(op_seed)` in eager mode: the (seed, seed2) pair of a random
 * op's kernel, or null when neither a global nor an op seed is set (then the draw is not
 * repeatable). A seedless call after setSeed takes the next op seed of the context's RNG.
 */
export function tfSeedPair(opSeed: number | undefined): [number, number] | null {
  let seeds: [number, number];
  if (globalSeed !== null) seeds = [truncateSeed(globalSeed), truncateSeed(opSeed ?? opSeeds!.randint(0, MAXINT32))];
  else if (opSeed !== undefined) seeds = [DEFAULT_GLOBAL_SEED, truncateSeed(opSeed)];
  else return null;
  return seeds[0] === 0 && seeds[1] === 0 ? [0, MAXINT32] : seeds;
}

/** Streams remembered at most (the oldest is forgotten first): a loop with a new op seed at
 * every step would otherwise keep one entry per step. */
const MAX_KERNEL_STREAMS = 4096;

/** Where the kernel of `kernel` (an op and dtype) with seeds `seeds` starts its next draw, in
 * Philox blocks; the stream then moves on by `blocks` (TensorFlow's kernels reserve 256 blocks
 * per value, RandomShuffle one word per swap). Only a given op seed's kernel is remembered: a
 * seedless call's op seed is a fresh draw of 31 bits, which another call meets again about never. */
export function kernelStreamStart(kernel: string, seeds: readonly [number, number], blocks: number, opSeedGiven: boolean): number {
  if (!opSeedGiven) return 0;
  const key = `${kernel}|${seeds[0]}|${seeds[1]}`;
  const start = kernelStreams.get(key) ?? 0;
  kernelStreams.delete(key); // (re-inserted last: the most recently used is forgotten last)
  if (kernelStreams.size >= MAX_KERNEL_STREAMS) kernelStreams.delete(kernelStreams.keys().next().value!);
  kernelStreams.set(key, start + blocks);
  return start;
}

/** The state kept by the kernel `key` (`make()` for a new kernel): TensorFlow's cache keeps a
 * kernel, and what it learned, until setSeed clears it. */
export function kernelState<T>(key: string, make: () => T): T {
  const state = (kernelStates.get(key) as T | undefined) ?? make();
  kernelStates.delete(key); // (re-inserted last: the most recently used is forgotten last)
  if (kernelStates.size >= MAX_KERNEL_STATES) kernelStates.delete(kernelStates.keys().next().value!);
  kernelStates.set(key, state);
  return state;
}

// ---------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------

/** A 32-bit finaliser (splitmix32 / murmur3 style). */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128**: the generator behind every seeded random op (tf.data shuffle draws from one too). */
export class Xoshiro128 {
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  /** State from a list of 32-bit words (seed material), via a splitmix32 walk. */
  constructor(words: readonly number[]) {
    let h = 0x9e3779b9;
    for (const w of words) h = mix32((h ^ w) + 0x9e3779b9) ^ Math.imul(h, 0x27d4eb2f);
    const state: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) | 0;
      state.push(mix32(h ^ Math.imul(i + 1, 0x632be5ab)));
    }
    this.s0 = state[0] ?? 1;
    this.s1 = state[1] ?? 2;
    this.s2 = state[2] ?? 3;
    this.s3 = state[3] ?? 4;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is a fixed point
  }

  /** Next uint32. */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const a = this.nextU32() >>> 5; // 27 bits
    const b = this.nextU32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }
}

const TAG_COUNTER = 0x5eed0001;
const TAG_EXPLICIT = 0x5eed0002;

/** The generator for one op call, following the seed rules above. */
function opGenerator(seed: number | undefined): Xoshiro128 {
  spoilTrace(TraceSpoiler.RandomNumbers); // a replay would repeat these numbers
  if (seed !== undefined) {
    const [olo, ohi] = seedWords(seed, 'op seed');
    const [glo, ghi] = seedWords(globalSeed ?? DEFAULT_GLOBAL_SEED, 'seed');
    return new Xoshiro128([TAG_EXPLICIT, glo, ghi, olo, ohi]);
  }
  if (globalSeed !== null) {
    // The op seed TensorFlow's context would give this call, so that the calls after it get the
    // op seeds they get in TensorFlow.
    const [glo, ghi] = seedWords(globalSeed, 'seed');
    return new Xoshiro128([TAG_COUNTER, glo, ghi, tfSeedPair(undefined)![1]]);
  }
  const w = (): number => Math.floor(Math.random() * 4294967296) >>> 0;
  return new Xoshiro128([w(), w(), w(), w()]);
}

/**
 * A seed pair for one call of an op that draws gradtape's own numbers: two words of the call's
 * generator, so the seed rules above decide it (the same pair after the same setSeed and calls).
 */
export function opSeedPair(seed: number | undefined): [number, number] {
  const g = opGenerator(seed);
  return [g.nextU32() | 0, g.nextU32() | 0];
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`random: size must be a non-negative integer, got ${size}.`);
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Rare slow path of uniform(): minval + u*range rounded up to maxval (in
 * float64 or float32). Redraw; give up on the float32 bound if the interval
 * holds no float32 below maxval.
 */
function redrawUniform(g: Xoshiro128, minval: number, maxval: number): number {
  const range = maxval - minval;
  for (let tries = 0; tries < 1000; tries++) {
    const v = minval + g.nextDouble() * range;
    if (v < maxval && (tries >= 64 || Math.fround(v) < maxval)) return v;
  }
  return minval;
}

/**
 * `size` samples uniform in [minval, maxval) as float64 (the caller casts
 * them to the tensor dtype). Every value v satisfies minval <= v < maxval,
 * and also Math.fround(v) < maxval when such a float32 exists, so a cast to
 * float32 cannot produce maxval either (a draw that would round up to it is
 * redrawn). If maxval <= minval the values are minval + u*(maxval-minval) as in
 * TF, without the bound guarantee. `seed` is the op seed.
 */
export function uniform(size: number, minval: number, maxval: number, seed?: number): Float64Array {
  checkSize(size);
  const out = new Float64Array(size);
  const g = opGenerator(seed);
  const range = maxval - minval;
  if (!(minval < maxval)) {
    for (let i = 0; i < size; i++) out[i] = minval + g.nextDouble() * range;
    return out;
  }
  for (let i = 0; i < size; i++) {
    const v = minval + g.nextDouble() * range;
    out[i] = v < maxval && Math.fround(v) < maxval ? v : redrawUniform(g, minval, maxval);
  }
  return out;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates), for Keras fit's shuffling. */
export function permutation(n: number, seed?: number): Int32Array {
  checkSize(n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const g = opGenerator(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.nextDouble() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/**
 * The Multinomial kernels' sampling on the CPU (tf.random.categorical's and the stateless op's),
 * with the uniforms in [0, 1) that `uniform` draws, one per sample, rows one after the other: per
 * row of `logits` (row-major [batch, classes]), the running sums of exp(logit - max) over the
 * finite logits, then for each sample the first class whose running sum exceeds u·total. A row
 * with no finite logit gives `classes` (an out-of-range id), as in TensorFlow.
 */
export function categoricalFromUniforms(logits: ArrayLike<number>, batch: number, classes: number, numSamples: number, uniform: () => number): Int32Array {
  const out = new Int32Array(batch * numSamples);
  const cdf = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let max = -Infinity; // over the finite logits (with none, the total below is 0 anyway)
    for (let j = 0; j < classes; j++) {
      const v = logits[row + j]!;
      if (Number.isFinite(v) && v > max) max = v;
    }
    let total = 0;
    for (let j = 0; j < classes; j++) {
      const v = logits[row + j]!;
      if (Number.isFinite(v)) total += Math.exp(v - max);
      cdf[j] = total;
    }
    for (let s = 0; s < numSamples; s++) {
      const target = uniform() * total;
      // upper_bound: the first index with cdf > target.
      let lo = 0;
      let hi = classes;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      out[b * numSamples + s] = lo;
    }
  }
  return out;
}
