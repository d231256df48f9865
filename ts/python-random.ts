// Python's `random` module as far as Keras 3 uses it: `make_default_seed()`, the
// `random.randint(1, 10**9)` that an unseeded initializer or SeedGenerator takes as its seed, and
// the random(), randint and shuffle of the legacy `keras.preprocessing.sequence.skipgrams`.
// `keras.utils.set_random_seed(s)` seeds it (`random.seed(s)`: MT19937 by init_by_array on s's
// 32-bit words), so after the same call gradtape's unseeded Keras objects draw Keras' numbers;
// until then it is seeded from Math.random, as Python seeds it from the OS.

import { Mt19937 } from './optimize/numpy-random-state';

/** A `random.Random(seed)` instance as far as randint goes (an integer seed: MT19937 by
 * init_by_array on |seed|'s 32-bit words, least significant first, one word for 0). */
export class PythonRandom {
  private readonly generator: Mt19937;

  constructor(seed: number) {
    const n = Math.abs(seed);
    const low = n % 2 ** 32, high = Math.floor(n / 2 ** 32);
    this.generator = Mt19937.fromKey(high > 0 ? [low, high] : [low]);
  }

  /** random.getrandbits(k) for k ≤ 32: the top k bits of the next word. */
  private bits(k: number): number {
    return this.generator.nextUint32() >>> (32 - k);
  }

  /** random.randint(low, high) for high - low + 1 < 2³²: low + a draw below the width by
   * rejection of getrandbits(bit length of the width). */
  randint(low: number, high: number): number {
    const width = high - low + 1;
    const k = Math.floor(Math.log2(width)) + 1;
    let r = this.bits(k);
    while (r >= width) r = this.bits(k);
    return low + r;
  }

  /** random.random(): 53 bits, [0, 1). */
  random(): number {
    const a = this.generator.nextUint32() >>> 5, b = this.generator.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** random.shuffle(x) in place: from the back, item i swapped with a draw below i + 1. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randint(0, i);
      [x[i], x[j]] = [x[j]!, x[i]!];
    }
  }
}

/** Python's module-level `random` (Keras draws its default seeds from it). */
let generator: PythonRandom | null = null;

/** random.seed(seed) for an integer seed. */
export function seedPythonRandom(seed: number): void {
  generator = new PythonRandom(seed);
}

/** Back to the start-up state: seeded from Math.random at the next draw. */
export function unseedPythonRandom(): void {
  generator = null;
}

/** Python's module-level generator (seeded from Math.random until `random.seed`). */
export function pythonRandom(): PythonRandom {
  return (generator ??= new PythonRandom(Math.floor(Math.random() * 2 ** 53)));
}

/** random.randint(low, high) of the module-level generator. */
export function pythonRandint(low: number, high: number): number {
  return pythonRandom().randint(low, high);
}

/** Keras' make_default_seed(): random.randint(1, 10**9). */
export const makeDefaultSeed = (): number => pythonRandint(1, 1e9);
