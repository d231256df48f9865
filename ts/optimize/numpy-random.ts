// numpy.random.default_rng(seed) for an integer seed, reimplemented so that differentialEvolution
// draws scipy's numbers: SeedSequence (numpy/random/bit_generator.pyx: the entropy's 32-bit words
// hashed into a pool of 4, then 4 uint64 words generated from it), PCG64 (numpy's pcg64.h: a
// 128-bit LCG whose output is XSL-RR, the upper 32 bits of each 64-bit output kept for the next
// 32-bit draw) and the few Generator methods scipy's differential_evolution calls: random,
// uniform, integers (Lemire's bounded draw on 32-bit words), shuffle and permutation (masked
// rejection on 32-bit words, shared with the legacy RandomState of numpy-random-state.ts).
// Plain numbers; 128-bit arithmetic on 16-bit limbs so that every
// product and column sum is exact in a double.

const MASK32 = 0x100000000;

// SeedSequence's hashing constants.
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

/** PCG64's multiplier 2549297995355413924·2⁶⁴ + 4865540595714422341 as 8 little-endian 16-bit limbs. */
const PCG_MULTIPLIER = limbsOf(2549297995355413924n * (1n << 64n) + 4865540595714422341n);

function limbsOf(v: bigint): Float64Array {
  const out = new Float64Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(16 * i)) & 0xffffn);
  return out;
}

/** An unsigned 32-bit product (mod 2³²). */
const mul32 = (a: number, b: number): number => Math.imul(a, b) >>> 0;

function hashmix(value: number, hashConst: { h: number }): number {
  value = (value ^ hashConst.h) >>> 0;
  hashConst.h = mul32(hashConst.h, MULT_A);
  value = mul32(value, hashConst.h);
  return (value ^ (value >>> XSHIFT)) >>> 0;
}

function mix(x: number, y: number): number {
  let result = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
  result = (result ^ (result >>> XSHIFT)) >>> 0;
  return result;
}

/** SeedSequence(seed).generate_state(4, uint64) as 8 uint32 words (little-endian halves). */
export function seedSequenceState(seed: number): Uint32Array {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  // _coerce_to_uint32_array: the integer's 32-bit words, least significant first (0 is [0]).
  const entropy: number[] = [];
  let rest = seed;
  do {
    entropy.push(rest % MASK32);
    rest = Math.floor(rest / MASK32);
  } while (rest > 0);
  const pool = new Array<number>(POOL_SIZE);
  const hashConst = { h: INIT_A };
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i]! : 0, hashConst);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!, hashConst));
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!, hashConst));
  }
  const state = new Uint32Array(8);
  let h = INIT_B;
  for (let i = 0; i < 8; i++) {
    let v = (pool[i % POOL_SIZE]! ^ h) >>> 0;
    h = mul32(h, MULT_B);
    v = mul32(v, h);
    state[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  return state;
}

/** numpy's PCG64 bit generator (pcg_setseq_128_xsl_rr_64) with its buffered 32-bit draws. */
export class Pcg64 implements BitGenerator {
  private readonly state = new Float64Array(8);
  private readonly increment = new Float64Array(8);
  private readonly product = new Float64Array(8);
  private hasUint32 = false;
  private bufferedUint32 = 0;
  /** The high and low 32 bits of the last 64-bit output. */
  private outHigh = 0;
  private outLow = 0;

  constructor(seed: number) {
    const words = seedSequenceState(seed);
    // pcg64_set_seed: initstate = (w0 << 64) | w1, initseq = (w2 << 64) | w3 for uint64 words w.
    const word = (k: number): bigint => (BigInt(words[2 * k + 1]!) << 32n) | BigInt(words[2 * k]!);
    const initState = (word(0) << 64n) | word(1);
    const initSeq = (word(2) << 64n) | word(3);
    const mask = (1n << 128n) - 1n;
    this.increment.set(limbsOf(((initSeq << 1n) | 1n) & mask));
    // pcg_setseq_128_srandom_r: state = 0; step; state += initstate; step.
    this.step();
    this.addInto(this.state, limbsOf(initState));
    this.step();
  }

  private addInto(target: Float64Array, addend: Float64Array): void {
    let carry = 0;
    for (let i = 0; i < 8; i++) {
      const s = target[i]! + addend[i]! + carry;
      target[i] = s % 65536;
      carry = Math.floor(s / 65536);
    }
  }

  /** state = state·multiplier + increment (mod 2¹²⁸). */
  private step(): void {
    const s = this.state;
    const p = this.product;
    let carry = 0;
    for (let col = 0; col < 8; col++) {
      let sum = carry;
      for (let i = 0; i <= col; i++) sum += s[i]! * PCG_MULTIPLIER[col - i]!;
      p[col] = sum % 65536;
      carry = Math.floor(sum / 65536);
    }
    s.set(p);
    this.addInto(s, this.increment);
  }

  /** The next 64-bit output, left in outHigh/outLow: step, then XSL-RR of the new state. */
  private next64(): void {
    this.step();
    const s = this.state;
    // hi ^ lo of the 128-bit state, as two 32-bit halves.
    const xHigh = ((s[7]! * 65536 + s[6]!) ^ (s[3]! * 65536 + s[2]!)) >>> 0;
    const xLow = ((s[5]! * 65536 + s[4]!) ^ (s[1]! * 65536 + s[0]!)) >>> 0;
    const rot = s[7]! >>> 10; // the state's top 6 bits
    if (rot === 0) {
      this.outHigh = xHigh;
      this.outLow = xLow;
    } else if (rot < 32) {
      this.outHigh = ((xHigh >>> rot) | (xLow << (32 - rot))) >>> 0;
      this.outLow = ((xLow >>> rot) | (xHigh << (32 - rot))) >>> 0;
    } else if (rot === 32) {
      this.outHigh = xLow;
      this.outLow = xHigh;
    } else {
      const r = rot - 32;
      this.outHigh = ((xLow >>> r) | (xHigh << (32 - r))) >>> 0;
      this.outLow = ((xHigh >>> r) | (xLow << (32 - r))) >>> 0;
    }
  }

  /** next_double: the top 53 bits of a 64-bit output over 2⁵³. */
  nextDouble(): number {
    this.next64();
    return (this.outHigh * 2097152 + (this.outLow >>> 11)) / 9007199254740992;
  }

  /** next_uint32: the low half of a fresh 64-bit output, its high half kept for the next call. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.bufferedUint32;
    }
    this.next64();
    this.hasUint32 = true;
    this.bufferedUint32 = this.outHigh;
    return this.outLow;
  }
}

/** A bit generator's draws that numpy's distributions take: next_double and next_uint32. */
export interface BitGenerator {
  nextDouble(): number;
  nextUint32(): number;
}

/** The draws scipy's differential_evolution and basinhopping make, from numpy's Generator (scipy's
 * rng=int) or from its legacy RandomState (scipy's seed=int): the methods are named after the
 * Generator's, each documented with the RandomState method it stands for there. */
export interface NumpyRandomSource {
  /** uniform(low, high): low + (high - low)·next_double, a double in [low, high). */
  uniform(low?: number, high?: number): number;
  /** scipy's rng_integers(rng, high): an integer in [0, high), high <= 2³². */
  integers(high: number): number;
  /** shuffle(x) of a 1-d array in place. */
  shuffle(x: { length: number; [i: number]: number }): void;
  /** permutation(n): 0..n-1 shuffled. */
  permutation(n: number): Int32Array;
}

/** random_interval(max) (numpy's distributions.c, Generator and RandomState alike): an integer in
 * [0, max], max < 2³², by masked rejection on 32-bit words: draw, keep the bits of the smallest
 * mask 2^k - 1 >= max, retry while above max. */
export function randomInterval(bits: BitGenerator, max: number): number {
  if (max === 0) return 0;
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask >>>= 0;
  let value: number;
  do value = (bits.nextUint32() & mask) >>> 0; while (value > max);
  return value;
}

/** shuffle(x) of a 1-d array in place (numpy's _shuffle_raw, Generator and RandomState alike):
 * Fisher-Yates from the end, x[i] swapped with x[random_interval(i)]. */
export function shuffleInPlace(bits: BitGenerator, x: { length: number; [i: number]: number }): void {
  for (let i = x.length - 1; i >= 1; i--) {
    const j = randomInterval(bits, i);
    const t = x[i]!;
    x[i] = x[j]!;
    x[j] = t;
  }
}

/** permutation(n) (Generator and RandomState alike): arange(n), shuffled in place. */
export function permutationOf(bits: BitGenerator, n: number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(bits, out);
  return out;
}

/** numpy.random.Generator's methods that differential_evolution uses, on PCG64. */
export class NumpyGenerator implements NumpyRandomSource {
  private readonly bits: Pcg64;

  constructor(seed: number) {
    this.bits = new Pcg64(seed);
  }

  /** Generator.random(): a double in [0, 1). */
  random(): number {
    return this.bits.nextDouble();
  }

  /** Generator.uniform(low, high): low + (high - low)·random(). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.bits.nextDouble();
  }

  /** Generator.integers(high): an integer in [0, high), high <= 2³², by Lemire's method on
   * 32-bit words (random_bounded_uint64 with an unbuffered buffered_bounded_lemire_uint32). */
  integers(high: number): number {
    const range = high - 1;
    if (range === 0) return 0;
    if (range === 0xffffffff) return this.bits.nextUint32();
    const rangeExcl = range + 1;
    // m = u32 · rangeExcl (exact: below 2⁶⁴ but not 2⁵³, so split the multiply in 16-bit halves).
    let [mHigh, mLow] = this.multiply(this.bits.nextUint32(), rangeExcl);
    if (mLow < rangeExcl) {
      const threshold = (0xffffffff - range) % rangeExcl;
      while (mLow < threshold) [mHigh, mLow] = this.multiply(this.bits.nextUint32(), rangeExcl);
    }
    return mHigh;
  }

  /** The 64-bit product a·b of two uint32 as [high 32 bits, low 32 bits]. */
  private multiply(a: number, b: number): [number, number] {
    const aLow = a & 0xffff;
    const aHigh = a >>> 16;
    const lowProduct = aLow * b; // < 2⁴⁸
    const highProduct = aHigh * b; // < 2⁴⁸, times 2¹⁶
    const lowPart = (lowProduct % MASK32) + (highProduct % 65536) * 65536;
    const low = lowPart % MASK32;
    const high = Math.floor(lowProduct / MASK32) + Math.floor(highProduct / 65536) + Math.floor(lowPart / MASK32);
    return [high >>> 0, low];
  }

  /** Generator.shuffle(x) of a 1-d array in place: Fisher-Yates from the end. */
  shuffle(x: { length: number; [i: number]: number }): void {
    shuffleInPlace(this.bits, x);
  }

  /** Generator.permutation(n): 0..n-1 shuffled. */
  permutation(n: number): Int32Array {
    return permutationOf(this.bits, n);
  }
}
