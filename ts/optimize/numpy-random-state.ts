// numpy.random.RandomState(seed) for an integer seed, numpy's legacy generator, reimplemented so
// that differentialEvolution and basinhopping draw scipy's numbers for seed=int (scipy's
// check_random_state turns an integer seed into RandomState(seed)): MT19937 as numpy's
// mt19937.c has it, seeded by _legacy_seeding (an integer in [0, 2³² - 1] goes to init_genrand,
// Knuth's recurrence of the reference implementation), and the RandomState methods scipy calls:
// random_sample (53 bits from two 32-bit words), uniform, randint (masked rejection) and
// shuffle / permutation (random_interval, shared with the Generator in numpy-random.ts).

import { permutationOf, randomInterval, shuffleInPlace, type BitGenerator, type NumpyRandomSource } from './numpy-random';

const STATE_LENGTH = 624;
const SHIFT = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** numpy's MT19937 bit generator with its legacy integer seeding. */
export class Mt19937 implements BitGenerator {
  private readonly key = new Uint32Array(STATE_LENGTH);
  private position: number;

  /** mt19937_seed (init_genrand): key[0] = seed, key[i] = 1812433253·(key[i-1] ^ key[i-1] >> 30) + i (mod 2³²). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`Seed must be between 0 and 2**32 - 1, got ${seed}`);
    let s = seed >>> 0;
    for (let i = 0; i < STATE_LENGTH; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.position = STATE_LENGTH;
  }

  /** init_by_array, the reference implementation's seeding by a key of 32-bit words (Python's
   * random.seed(n) passes n's words, least significant first): init_genrand(19650218), then the
   * key and the index mixed into every word by two nonlinear passes. */
  static fromKey(key: readonly number[]): Mt19937 {
    const g = new Mt19937(19650218);
    const mt = g.key;
    const mix = (i: number, factor: number, addend: number): number => {
      const prev = mt[i - 1]!;
      return ((mt[i]! ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, factor)) + addend) >>> 0;
    };
    let i = 1, j = 0;
    for (let k = Math.max(STATE_LENGTH, key.length); k > 0; k--) {
      mt[i] = mix(i, 1664525, key[j]! + j);
      i++, j++;
      if (i >= STATE_LENGTH) [mt[0], i] = [mt[STATE_LENGTH - 1]!, 1];
      if (j >= key.length) j = 0;
    }
    for (let k = STATE_LENGTH - 1; k > 0; k--) {
      mt[i] = mix(i, 1566083941, -i);
      i++;
      if (i >= STATE_LENGTH) [mt[0], i] = [mt[STATE_LENGTH - 1]!, 1];
    }
    mt[0] = 0x80000000; // the most significant bit set: the state is never all zeros
    return g;
  }

  /** mt19937_gen: the next 624 words of the twisted recurrence, all at once. */
  private generate(): void {
    const key = this.key;
    const twist = (i: number, next: number, far: number): void => {
      const y = (key[i]! & UPPER_MASK) | (key[next]! & LOWER_MASK);
      key[i] = key[far]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    };
    let i = 0;
    for (; i < STATE_LENGTH - SHIFT; i++) twist(i, i + 1, i + SHIFT);
    for (; i < STATE_LENGTH - 1; i++) twist(i, i + 1, i + SHIFT - STATE_LENGTH);
    twist(STATE_LENGTH - 1, 0, SHIFT - 1);
    this.position = 0;
  }

  /** mt19937_next32: the next word, tempered. */
  nextUint32(): number {
    if (this.position === STATE_LENGTH) this.generate();
    let y = this.key[this.position++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** mt19937_next_double: ((a >> 5)·2²⁶ + (b >> 6)) / 2⁵³ for two successive words a, b. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/** numpy.random.RandomState's methods that scipy's differential_evolution and basinhopping call, on MT19937. */
export class NumpyRandomState implements NumpyRandomSource {
  private readonly bits: Mt19937;

  /** RandomState(seed) for an integer seed in [0, 2³² - 1]. */
  constructor(seed: number) {
    this.bits = new Mt19937(seed);
  }

  /** RandomState.random_sample(): a double in [0, 1). */
  randomSample(): number {
    return this.bits.nextDouble();
  }

  /** RandomState.uniform(low, high): low + (high - low)·random_sample(). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.bits.nextDouble();
  }

  /** RandomState.randint(high) (int64, as scipy's rng_integers asks): an integer in [0, high),
   * high <= 2³², by masked rejection on 32-bit words (random_bounded_uint64_fill with
   * use_masked, whose 32-bit path is random_interval's). */
  integers(high: number): number {
    return randomInterval(this.bits, high - 1);
  }

  /** RandomState.shuffle(x) of a 1-d array in place: Fisher-Yates from the end. */
  shuffle(x: { length: number; [i: number]: number }): void {
    shuffleInPlace(this.bits, x);
  }

  /** RandomState.permutation(n): 0..n-1 shuffled. */
  permutation(n: number): Int32Array {
    return permutationOf(this.bits, n);
  }
}
