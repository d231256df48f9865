// TensorFlow's stateful float draws (tf.random.normal, uniform and truncated_normal in eager mode):
// the kernels RandomStandardNormal, RandomUniform and TruncatedNormal run Philox with key
// [seed, 0] and counter [0, 0, seed2, 0], where (seed, seed2) come from the global and op seeds
// (random.ts, tfSeedPair), and a kernel run again with the same seeds continues its counter, 256
// blocks per value of its last draw (random.ts, kernelStreamStart). The distributions are the
// stateless ops' (stateless-random.ts, drawTensor, in wasm), so after tf.random.set_seed the same
// calls give TensorFlow's numbers.

import { kernelStreamStart, tfSeedPair } from './random';
import { type Distribution, type FloatDType, Philox, drawTensor, elementCount } from './stateless-random';
import type { Tensor } from './tensor';
import { TraceSpoiler, spoilTrace } from './wasm/runtime';

/** The kernel each distribution runs (its cache key with the dtype). */
const KERNEL: Record<Distribution, string> = { normal: 'RandomStandardNormal', uniform: 'RandomUniform', truncatedNormal: 'TruncatedNormal' };

/** A draw of `dims` values of `distribution` as TensorFlow's stateful kernel makes it for op seed
 * `seed` (TensorFlow's seed rules), each times `scale` plus `shift` in `dtype`. */
export function statefulDraw(distribution: Distribution, dims: readonly number[], dtype: FloatDType, scale: number, shift: number, seed: number | undefined): Tensor {
  spoilTrace(TraceSpoiler.RandomNumbers); // a replay would repeat these numbers
  const seeds = tfSeedPair(seed);
  let g: Philox;
  if (seeds === null) {
    // No seed anywhere: TensorFlow draws its seeds from the OS.
    const word = (): number => Math.floor(Math.random() * 4294967296) >>> 0;
    g = new Philox([word(), word()], [0, 0, word(), word()]);
  } else {
    const start = kernelStreamStart(`${KERNEL[distribution]}|${dtype}`, seeds, elementCount(dims), seed !== undefined);
    g = new Philox([seeds[0], 0], [start >>> 0, Math.floor(start / 4294967296) >>> 0, seeds[1], 0]);
  }
  return drawTensor(distribution, g, dims, dtype, scale, shift);
}
