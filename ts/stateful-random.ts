// TensorFlow's stateful draws in eager mode: tf.random.normal, uniform (float and int32),
// truncated_normal, shuffle and categorical. Their kernels (RandomStandardNormal, RandomUniform,
// RandomUniformInt, TruncatedNormal, RandomShuffle, Multinomial) run Philox with key [seed, 0] and counter
// [0, 0, seed2, 0], where (seed, seed2) come from the global and op seeds (random.ts, tfSeedPair),
// and a kernel run again with the same seeds continues its counter where its last draw's
// reservation ended (random.ts, kernelStreamStart). The float distributions are the stateless
// ops' (stateless-random.ts, drawTensor, in wasm), so after tf.random.set_seed the same calls give
// TensorFlow's numbers. The candidate samplers (candidate-sampling.ts) and tf.random.gamma and
// poisson (random-samplers.ts: RandomGamma, RandomPoissonV2) take their kernels' generators here too.

import { kernelStreamStart, tfSeedPair } from './random';
import { type Distribution, type FloatDType, Philox, boundedInt32, categoricalSamples, drawTensor, elementCount } from './stateless-random';
import type { DType } from './dtype';
import type { Tensor } from './tensor';
import { TraceSpoiler, spoilTrace } from './wasm/runtime';

/** The kernel each distribution runs (its cache key with the dtype). */
const KERNEL: Record<Distribution, string> = { normal: 'RandomStandardNormal', uniform: 'RandomUniform', truncatedNormal: 'TruncatedNormal' };

/** The Philox generator of TensorFlow's stateful kernel `kernel` (an op and its dtype attribute)
 * for op seed `seed` (TensorFlow's seed rules): key [seed, 0], counter [start, seed2, 0], where
 * start is where the kernel's stream stands, which then moves on by `blocks`. */
export function kernelGenerator(kernel: string, seed: number | undefined, blocks: number): Philox {
  return kernelDraw(kernel, seed, blocks).generator;
}

/**
 * `kernelGenerator`, and the key of the kernel that runs (null when it is a new one every call: a
 * seedless call after setSeed takes a fresh op seed). TensorFlow keeps a kernel for its op seed,
 * or for no seed at all (seed and seed2 0), until setSeed clears its cache.
 */
export function kernelDraw(kernel: string, seed: number | undefined, blocks: number): { generator: Philox; key: string | null } {
  spoilTrace(TraceSpoiler.RandomNumbers); // a replay would repeat these numbers
  const seeds = tfSeedPair(seed);
  if (seeds === null) {
    // No seed anywhere: TensorFlow draws its seeds from the OS.
    const word = (): number => Math.floor(Math.random() * 4294967296) >>> 0;
    return { generator: new Philox([word(), word()], [0, 0, word(), word()]), key: `${kernel}|unseeded` };
  }
  const start = kernelStreamStart(kernel, seeds, blocks, seed !== undefined);
  const generator = new Philox([seeds[0], 0], [start >>> 0, Math.floor(start / 4294967296) >>> 0, seeds[1], 0]);
  return { generator, key: seed !== undefined ? `${kernel}|${seeds[0]}|${seeds[1]}` : null };
}

/** A draw of `dims` values of `distribution` as TensorFlow's stateful kernel makes it for op seed
 * `seed` (TensorFlow's seed rules), each times `scale` plus `shift` in `dtype`. */
export function statefulDraw(distribution: Distribution, dims: readonly number[], dtype: FloatDType, scale: number, shift: number, seed: number | undefined): Tensor {
  const count = elementCount(dims);
  return drawTensor(distribution, kernelGenerator(`${KERNEL[distribution]}|${dtype}`, seed, count * 256), dims, dtype, scale, shift);
}

/** `n` int32 values in [minval, maxval) as TensorFlow's RandomUniformInt kernel draws them for op
 * seed `seed`: minval + w mod (maxval - minval) for each Philox word w, reserving 256 blocks a value. */
export function statefulUniformInt32(n: number, minval: number, maxval: number, seed: number | undefined): Int32Array {
  return boundedInt32(kernelGenerator('RandomUniformInt|int32', seed, n * 256), n, minval, maxval);
}

/**
 * The order of tf.random.shuffle's rows as TensorFlow's RandomShuffle kernel (of a tensor of
 * `dtype`) makes it for op seed `seed`: Fisher–Yates from the front, row i swapped with row
 * i + w mod (rows - i) for the kernel's next word w, one word reserved per swap (rows - 1, in blocks
 * of four). Row r of the result is row order[r] of the input.
 */
export function statefulShuffleOrder(rows: number, dtype: DType, seed: number | undefined): Int32Array {
  const swaps = Math.max(rows - 1, 0);
  // (A tensor of at most one row is copied: the kernel reserves nothing.)
  const g = kernelGenerator(`RandomShuffle|${dtype}`, seed, rows > 1 ? Math.ceil(swaps / 4) : 0);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  for (let i = 0; i < swaps; i++) {
    const j = i + (g.nextWord() % (rows - i));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * tf.random.categorical's class ids as TensorFlow's Multinomial kernel draws them for op seed
 * `seed` (a kernel per logits dtype and id dtype: `idDtype` is TensorFlow's, int64 by default):
 * it reserves 2·ceil4(numSamples)·256 blocks a row (two words a sample, rounded up), and the rows
 * draw one after the other from the start of the reservation. That is TensorFlow's order when its
 * kernel runs in one shard, which it does while batch · 50·(numSamples·log2(classes) + classes)
 * stays below about 2·10^5 (Eigen's cost model) or on one thread; above, TensorFlow starts each
 * shard of rows at its own offset, and its shards depend on the machine's threads.
 */
export function statefulCategorical(logits: ArrayLike<number>, batch: number, classes: number, numSamples: number, logitsDtype: DType, idDtype: 'int32' | 'int64', seed: number | undefined): Int32Array {
  const g = kernelGenerator(`Multinomial|${logitsDtype}|${idDtype}`, seed, batch * Math.ceil(numSamples / 4) * 8 * 256);
  return categoricalSamples(g, logits, batch, classes, numSamples);
}
