// Python's `random` module as far as Keras 3 uses it: `make_default_seed()`, the
// `random.randint(1, 10**9)` that an unseeded initializer or SeedGenerator takes as its seed.
// `keras.utils.set_random_seed(s)` seeds it (`random.seed(s)`: MT19937 by init_by_array on s's
// 32-bit words), so after the same call gradtape's unseeded Keras objects draw Keras' numbers;
// until then it is seeded from Math.random, as Python seeds it from the OS.

import { Mt19937 } from './optimize/numpy-random-state';

let generator: Mt19937 | null = null;

/** random.seed(seed) for an integer seed: MT19937 by init_by_array on |seed|'s 32-bit words,
 * least significant first (one word for 0). */
export function seedPythonRandom(seed: number): void {
  const n = Math.abs(seed);
  const low = n % 2 ** 32, high = Math.floor(n / 2 ** 32);
  generator = Mt19937.fromKey(high > 0 ? [low, high] : [low]);
}

/** Back to the start-up state: seeded from Math.random at the next draw. */
export function unseedPythonRandom(): void {
  generator = null;
}

/** random.getrandbits(k) for k ≤ 32: the top k bits of the next word. */
function randomBits(k: number): number {
  generator ??= Mt19937.fromKey([Math.floor(Math.random() * 2 ** 32), Math.floor(Math.random() * 2 ** 32)]);
  return generator.nextUint32() >>> (32 - k);
}

/** random.randint(low, high) for high - low + 1 < 2³²: low + a draw below the width by
 * rejection of getrandbits(bit length of the width). */
export function pythonRandint(low: number, high: number): number {
  const width = high - low + 1;
  const k = Math.floor(Math.log2(width)) + 1;
  let r = randomBits(k);
  while (r >= width) r = randomBits(k);
  return low + r;
}

/** Keras' make_default_seed(): random.randint(1, 10**9). */
export const makeDefaultSeed = (): number => pythonRandint(1, 1e9);
