/**
 * Seeded random numbers with TensorFlow's global/op seed rules
 * (`tf.random.set_seed`, the `seed=` argument of `tf.random.normal/uniform`).
 *
 * Which stream an op call draws from:
 *
 * | global seed (setSeed) | op seed | stream                                                        |
 * | --------------------- | ------- | ------------------------------------------------------------- |
 * | set                   | none    | (global, n) where n counts the seedless calls since setSeed   |
 * | set                   | given   | (global, op): the same values on every call                   |
 * | not set               | given   | (DEFAULT_GLOBAL_SEED, op): the same values on every call      |
 * | not set               | none    | a fresh random stream (Math.random), not reproducible         |
 *
 * So after `setSeed(s)` the sequence of results of any series of calls
 * repeats when `setSeed(s)` is called again. Calls with an explicit op seed do
 * not advance the counter of seedless calls. (Real TF eager differs in one
 * detail: repeated calls with the same op seed continue the same kernel's
 * stream, A1 then A2, until set_seed is called again; here they repeat.)
 * The values themselves are not TF's (TF uses Philox); TF does not promise
 * stable values across versions or devices either.
 *
 * Generator: xoshiro128** (128-bit state, 32-bit integer math), seeded from
 * the (global, op) pair through a splitmix32-style mixer. Uniforms have 53
 * random bits. Normals use the 256-layer ziggurat (Marsaglia & Tsang 2000 as
 * refined by Doornik 2005, "ZIGNOR"): about 3-4x faster than Box–Muller, and
 * exact (no approximation of the normal density).
 *
 */

import { describe } from './describe';
import { seedPythonRandom, unseedPythonRandom } from './python-random';
import { TraceSpoiler, spoilTrace } from './wasm/runtime';

/** TF's DEFAULT_GRAPH_SEED, used when an op seed is given without a global seed. */
export const DEFAULT_GLOBAL_SEED = 87654321;

let globalSeed: number | null = null;
let opCounter = 0;

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
 * seeds, so the same series of random calls returns the same values again.
 * It also seeds the default seeds of unseeded Keras objects (Python's random,
 * which Keras 3 draws them from and keras.utils.set_random_seed seeds): Keras
 * leaves them to chance after tf.random.set_seed alone, gradtape makes them
 * the ones Keras takes after keras.utils.set_random_seed with the same seed.
 */
export function setSeed(seed: number): void {
  seedWords(seed, 'random.setSeed: seed'); // validate
  globalSeed = seed;
  opCounter = 0;
  seedPythonRandom(seed);
}

/** Clears the global seed (back to the start-up state: unseeded). */
export function clearSeed(): void {
  globalSeed = null;
  opCounter = 0;
  unseedPythonRandom();
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
    const [glo, ghi] = seedWords(globalSeed, 'seed');
    const n = opCounter++;
    return new Xoshiro128([TAG_COUNTER, glo, ghi, n >>> 0, Math.floor(n / 4294967296) >>> 0]);
  }
  const w = (): number => Math.floor(Math.random() * 4294967296) >>> 0;
  return new Xoshiro128([w(), w(), w(), w()]);
}

/**
 * A Philox seed pair for one call of tf.random.gamma or tf.random.poisson: two words of the call's
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

// Ziggurat tables (Doornik's ZIGNOR, 256 layers): X[i] are the layer edges,
// RATIO[i] = X[i+1] / X[i] the fraction of layer i that lies under the curve.
const ZIG_C = 256;
const ZIG_R = 3.6541528853610088; // start of the tail
const ZIG_V = 0.00492867323399; // area of each layer
const ZIG_X = new Float64Array(ZIG_C + 1);
const ZIG_RATIO = new Float64Array(ZIG_C);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[ZIG_C] = 0;
  for (let i = 2; i < ZIG_C; i++) {
    const x = Math.sqrt(-2 * Math.log(ZIG_V / (ZIG_X[i - 1] ?? 0) + f));
    ZIG_X[i] = x;
    f = Math.exp(-0.5 * x * x);
  }
  for (let i = 0; i < ZIG_C; i++) ZIG_RATIO[i] = (ZIG_X[i + 1] ?? 0) / (ZIG_X[i] ?? 1);
}

/** One standard normal sample. */
function standardNormal(g: Xoshiro128): number {
  for (;;) {
    const a = g.nextU32();
    const b = g.nextU32();
    const i = a & 0xff; // layer: bits 0-7
    const u = ((a >>> 11) * 4294967296 + b) / 4503599627370496 - 1; // [-1, 1), 53 bits
    const xi = ZIG_X[i] ?? 0;
    if (Math.abs(u) < (ZIG_RATIO[i] ?? 0)) return u * xi; // ~99% of draws
    if (i === 0) {
      // Tail beyond R (Marsaglia's method).
      let x: number;
      let y: number;
      do {
        x = Math.log(1 - g.nextDouble()) / ZIG_R;
        y = Math.log(1 - g.nextDouble());
      } while (-2 * y < x * x);
      return u < 0 ? x - ZIG_R : ZIG_R - x;
    }
    // Wedge between the layer's rectangle and the curve.
    const x = u * xi;
    const xn = ZIG_X[i + 1] ?? 0;
    const f0 = Math.exp(-0.5 * (xi * xi - x * x));
    const f1 = Math.exp(-0.5 * (xn * xn - x * x));
    if (f1 + g.nextDouble() * (f0 - f1) < 1) return x;
  }
}

/**
 * `size` samples of N(mean, stddev²) as float64 (the caller casts them to the
 * tensor dtype). `seed` is the op seed (TF's `seed=` argument).
 */
export function normal(size: number, mean: number, stddev: number, seed?: number): Float64Array {
  checkSize(size);
  const out = new Float64Array(size);
  const g = opGenerator(seed);
  for (let i = 0; i < size; i++) out[i] = mean + stddev * standardNormal(g);
  return out;
}

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

/**
 * `size` samples of N(mean, stddev²) truncated to 2 standard deviations: a standard normal draw
 * with |z| >= 2 is dropped and drawn again (tf.random.truncated_normal). As float64.
 */
export function truncatedNormal(size: number, mean: number, stddev: number, seed?: number): Float64Array {
  checkSize(size);
  const out = new Float64Array(size);
  const g = opGenerator(seed);
  for (let i = 0; i < size; i++) {
    let z = standardNormal(g);
    while (!(Math.abs(z) < 2)) z = standardNormal(g);
    out[i] = mean + stddev * z;
  }
  return out;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates), for tf.random.shuffle. */
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
 * tf.random.categorical's sampling, as TensorFlow's CPU kernel does it: per row of `logits`
 * (row-major [batch, classes]), the running sums of exp(logit - max) over the finite logits, then
 * for each sample the first class whose running sum exceeds u·total (u uniform in [0, 1)). A row
 * with no finite logit gives `classes` (an out-of-range id), as in TensorFlow.
 */
export function categorical(logits: ArrayLike<number>, batch: number, classes: number, numSamples: number, seed?: number): Int32Array {
  checkSize(batch * numSamples);
  const g = opGenerator(seed);
  return categoricalFromUniforms(logits, batch, classes, numSamples, () => g.nextDouble());
}

/** The sampling of `categorical` (and of the stateless op) with the uniforms in [0, 1) that
 * `uniform` draws, one per sample, rows one after the other. */
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
