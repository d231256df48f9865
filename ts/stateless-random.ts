/**
 * TensorFlow's stateless random ops (`tf.random.stateless_*`), with TensorFlow's numbers on CPU.
 *
 * The values are a fixed function of (shape, seed), computed as TensorFlow's CPU kernels compute
 * them (tensorflow/core/kernels/stateless_random_ops.cc, stateless_random_ops_v2.cc,
 * random_op_cpu.h, multinomial_op.cc; tensorflow/core/lib/random/philox_random.h,
 * random_distributions.h, random_distributions_utils.h):
 *
 * - Generator: Philox4x32-10 (Salmon et al. 2011): a 128-bit counter (four uint32 words) and a
 *   64-bit key (two words); each call returns four words and adds 1 to the counter.
 * - Seed to key and counter (GenerateKey, the same for alg 'philox' and for 'auto_select', which
 *   is Philox on CPU): the seed's two int64 values (int32 seeds sign-extended) are a counter
 *   [lo(s0), hi(s0), lo(s1), hi(s1)]; Philox of it under the key [0x3ec8f720, 0x02461e29] gives
 *   four words m, and the op's key is [m0, m1], its counter [0, 0, m2, m3].
 * - Distributions (one Philox call per group of outputs, group after group):
 *   - uniform float32: 4 per call, word w -> the float32 with exponent 0 and mantissa w's low 23
 *     bits, minus 1 (in [0, 1));
 *   - uniform float64: 2 per call, words (a, b) -> the float64 with exponent 0, mantissa
 *     a's low 20 bits then b, minus 1;
 *   - uniform int32 in [lo, hi): 4 per call, lo + w mod (hi - lo); full-range int32: the word;
 *   - normal float32: 4 per call, Box–Muller on the pairs (w0, w1), (w2, w3) in float32:
 *     u1 = max(uniform(x0), 1e-7), v = float32(2π·uniform(x1)) (2π in float64),
 *     r = sqrt(-2·log(u1)), results sin(v)·r and cos(v)·r, each step rounded to float32;
 *   - normal float64: 2 per call, Box–Muller in float64 on uniforms of (w0, w1) and (w2, w3);
 *   - truncated normal: 4 (float32) or 2 (float64) outputs per group; group g draws words one at
 *     a time from its own generator, started 256·g (float32) or 128·g (float64) calls in, taking
 *     Box–Muller pairs and keeping the values with |z| < 2.
 *   - categorical: per row, the running sums of exp(logit - max) in float64 over the finite
 *     logits, then for each sample the first class whose sum exceeds u·total, u a float64 uniform
 *     made of two consecutive words; rows follow each other in one stream.
 * - mean/stddev and minval/maxval are applied as TensorFlow's Python wrappers do, as separate ops
 *   in the dtype: rnd·stddev + mean, rnd·(maxval - minval) + minval.
 *
 * Checked against published TensorFlow outputs (the test file lists them): Random123's
 * known-answer vectors for Philox4x32-10, the docstring examples of stateless_split, stateless_fold_in
 * and stateless_normal, and a 4x4 StatelessRandomNormalV2 output.
 *
 * Exactness: the integer results (int32 uniforms, split, foldIn, categorical ids) and float32
 * and float64 uniforms are exact. Normals take float log, sin and cos from the C library
 * (glibc on Linux); here the float64 ones of the wasm kernels (crates/gradtape-core/src/kernels/
 * philox.rs, within 1 ulp) rounded to float32, which for every float32 input Box–Muller makes is
 * the float32 of the float64 function (the correctly rounded value, what glibc returns in the
 * cases checked); about 6% of float64 normals differ from glibc's in the last bits. Categorical
 * samples can differ only where u·total falls within rounding of a class boundary.
 *
 * Uniform and normal float tensors are drawn in wasm (drawTensor); the integer draws and single
 * words here, in JavaScript (test/philox-oracle.ts has the float ones too, as the kernels' oracle).
 */

import { checkShape, type ShapeLike, toTensor } from './creation';
import { checkOptions, describe, optionsOrPositional, type PositionalThenOptions } from './describe';
import type { DType } from './dtype';
import { traceHostValue } from './host-steps';
import { valuesOf } from './indexing';
import { categoricalFromUniforms } from './random';
import { stopGradient } from './ops';
import { gather } from './shape';
import { Tensor, type TensorLike, checkLive, fromHost, wrap } from './tensor';
import { TraceSpoiler, W, codes, writeScratch } from './wasm/runtime';
import { InvalidArgumentError, tfError } from './errors';

// ---------------------------------------------------------------------------
// Philox4x32-10
// ---------------------------------------------------------------------------

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** The high 32 bits of the 64-bit product of uint32s a and b (from 16-bit halves: exact in doubles). */
function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lohi = aLo * bHi;
  const hilo = aHi * bLo;
  const carry = ((aLo * bLo) >>> 16) + (lohi & 0xffff) + (hilo & 0xffff); // < 3·2^16
  return (aHi * bHi + (lohi >>> 16) + (hilo >>> 16) + (carry >>> 16)) >>> 0;
}

/** Philox4x32-10 of `counter` under `key`: four uint32 words into `out`. */
export function philox4x32(counter: ArrayLike<number>, key: ArrayLike<number>, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  let c0 = counter[0]! >>> 0;
  let c1 = counter[1]! >>> 0;
  let c2 = counter[2]! >>> 0;
  let c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0;
  let k1 = key[1]! >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi(PHILOX_M0, c0);
    const lo0 = Math.imul(PHILOX_M0, c0) >>> 0;
    const hi1 = mulHi(PHILOX_M1, c2);
    const lo1 = Math.imul(PHILOX_M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** A Philox stream: a key and a 128-bit counter that each call advances by one (internal: not
 * part of the package's API). */
export class Philox {
  readonly key: Uint32Array;
  readonly counter: Uint32Array;
  private readonly block = new Uint32Array(4);
  private used = 4;

  constructor(key: ArrayLike<number>, counter: ArrayLike<number>) {
    this.key = Uint32Array.from(key);
    this.counter = Uint32Array.from(counter);
  }

  copy(): Philox {
    return new Philox(this.key, this.counter);
  }

  /** The next four words (a view that the next call overwrites). */
  next(): Uint32Array {
    philox4x32(this.counter, this.key, this.block);
    this.skip(1);
    return this.block;
  }

  /** One word at a time (TensorFlow's SingleSampleAdapter): the words of each call in order. */
  nextWord(): number {
    if (this.used === 4) {
      this.next();
      this.used = 0;
    }
    return this.block[this.used++]!;
  }

  /** Advances the counter by `count` calls (PhiloxRandom::Skip, with its carries). */
  skip(count: number): void {
    const lo = count >>> 0;
    let hi = Math.floor(count / 4294967296) >>> 0;
    const c = this.counter;
    c[0] = c[0]! + lo;
    if (c[0]! < lo) hi = (hi + 1) >>> 0;
    c[1] = c[1]! + hi;
    if (c[1]! < hi) {
      c[2] = c[2]! + 1;
      if (c[2] === 0) c[3] = c[3]! + 1;
    }
  }
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

const SCRAMBLE_KEY = [0x3ec8f720, 0x02461e29];

/** A seed's two int64 values: safe integer numbers, or bigints (Generator.makeSeeds gives those). */
export type SeedPair = [number | bigint, number | bigint];

/** The two uint32 words of an int64 value (two's complement), low word first. */
function int64Words(s: number | bigint): [number, number] {
  if (typeof s === 'bigint') return [Number(BigInt.asUintN(32, s)), Number(BigInt.asUintN(32, s >> 32n))];
  return [s >>> 0, Math.floor(s / 4294967296) >>> 0];
}

/** TensorFlow's GenerateKey: the Philox stream of a seed pair (int64 values). */
export function streamOfSeed(seed: readonly [number | bigint, number | bigint]): Philox {
  const mix = philox4x32([...int64Words(seed[0]), ...int64Words(seed[1])], SCRAMBLE_KEY);
  return new Philox([mix[0]!, mix[1]!], [0, 0, mix[2]!, mix[3]!]);
}

/** A seed: two integers (safe integer numbers, or bigints within int64 as Generator.makeSeeds gives), or an int32 tensor of shape [2]. */
export type Seed = readonly (number | bigint)[] | Tensor;

/** Which generator: TensorFlow's `alg` argument. */
export type RngAlgorithm = 'philox' | 'auto_select' | 'threefry' | 1 | 2 | 3;

const ALG_SPELLINGS: Record<string, 'philox' | 'auto_select' | 'threefry'> = {
  philox: 'philox', threefry: 'threefry', 'three-fry': 'threefry', three_fry: 'threefry',
  autoselect: 'auto_select', 'auto-select': 'auto_select', auto_select: 'auto_select',
};

/** Checks `alg` (TensorFlow's convert_alg_to_int spellings and Algorithm values). Philox and
 * auto-select give the same numbers on CPU; ThreeFry has no CPU kernel outside XLA. */
export function checkAlg(alg: unknown, op: string): void {
  if (alg === undefined || alg === 1 || alg === 3) return;
  const name = typeof alg === 'string' ? ALG_SPELLINGS[alg] : alg === 2 ? 'threefry' : undefined;
  if (name === 'threefry') {
    throw tfError(InvalidArgumentError, `${op}: alg 'threefry' is not supported: TensorFlow's CPU kernels run Philox only (InvalidArgumentError: Unsupported algorithm id: 2); use 'philox' or 'auto_select'.`);
  }
  if (name === undefined) {
    throw new Error(`${op}: alg got unsupported value ${describe(alg)}; the values are 'philox' for the Philox algorithm, 'threefry' for the ThreeFry algorithm, and 'auto_select' for auto-selection.`);
  }
}

/** The literal values of a JS seed (checked); a tensor seed is read when the op runs. */
export function checkSeed(seed: unknown, op: string): Tensor | SeedPair {
  if (seed instanceof Tensor) {
    checkLive(seed, op);
    if (seed.dtype !== 'int32') throw new Error(`${op}: seed must be an int32 tensor (or two integers), got ${seed.dtype}.`);
    if (seed.rank !== 1 || seed.shape[0] !== 2) throw new Error(`${op}: seed must have shape [2], not [${seed.shape.join(',')}].`);
    return seed;
  }
  const int64 = (s: unknown) => Number.isSafeInteger(s) || (typeof s === 'bigint' && BigInt.asIntN(64, s) === s);
  if (!Array.isArray(seed) || seed.length !== 2 || !seed.every(int64)) {
    throw new Error(`${op}: seed must be two integers (safe integers or int64 bigints, or an int32 tensor of shape [2]), got ${describe(seed)}.`);
  }
  return [seed[0] as number | bigint, seed[1] as number | bigint];
}

/** The seed's values, read from the tensor where it is one. */
export function seedValues(seed: Tensor | SeedPair, op: string): SeedPair {
  if (!(seed instanceof Tensor)) return seed;
  const v = valuesOf(seed, op, TraceSpoiler.HostEffect);
  return [v[0]!, v[1]!];
}

/**
 * The tensor `make(values)` returns, where `values` are the seed's (and `operand`'s). A tensor
 * seed (or operand) is an operand of the host step, so a compiled function computes it again
 * from each call's values; a literal seed gives the same numbers at every call.
 */
export function fromSeed(seed: Tensor | SeedPair, op: string, make: (seed: SeedPair, operand?: Tensor) => Tensor, operand?: Tensor): Tensor {
  const operands: Tensor[] = [];
  if (operand) operands.push(operand);
  if (seed instanceof Tensor) operands.push(seed);
  return traceHostValue((ts) => make(seedValues(seed instanceof Tensor ? ts[ts.length - 1]! : seed, op), operand ? ts[0] : undefined), operands);
}

// ---------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------

const f32 = Math.fround;
const bits = new DataView(new ArrayBuffer(8));

/** Uint64ToDouble: [0, 1) from a's low 20 bits and b. */
export function uniformFloat64(a: number, b: number): number {
  bits.setUint32(0, 0x3ff00000 | (a & 0xfffff));
  bits.setUint32(4, b);
  return bits.getFloat64(0) - 1;
}

/** BoxMullerDouble: two float64 normals from four words. */
export function boxMullerFloat64(x0: number, x1: number, x2: number, x3: number, out: Float64Array, at: number, end: number): void {
  let u1 = uniformFloat64(x0, x1);
  if (u1 < 1e-7) u1 = 1e-7;
  const v1 = 2 * Math.PI * uniformFloat64(x2, x3);
  const r = Math.sqrt(-2 * Math.log(u1));
  if (at < end) out[at] = Math.sin(v1) * r;
  if (at + 1 < end) out[at + 1] = Math.cos(v1) * r;
}

export type FloatDType = 'float32' | 'float64';

/** The distributions gt_random_draw makes, by their codes (ABI protocol item 16). */
const DISTRIBUTION = { uniform: 0, normal: 1, truncatedNormal: 2 } as const;
export type Distribution = keyof typeof DISTRIBUTION;

/**
 * A tensor of `dims` of TensorFlow's `distribution` (uniform in [0, 1), standard normal, or
 * standard normal with |z| < 2) from stream `g`'s next call on, each value times `scale` plus
 * `shift` in `dtype`'s arithmetic (TensorFlow's wrappers apply them as two ops), drawn in wasm
 * (`kernels::philox`; test/philox-oracle.ts holds the same in JavaScript). `g` is not advanced.
 */
export function drawTensor(distribution: Distribution, g: Philox, dims: readonly number[], dtype: FloatDType, scale: number, shift: number): Tensor {
  writeScratch([...dims, ...g.key, ...g.counter]);
  return wrap(W.gt_random_draw(DISTRIBUTION[distribution], codes.dtype[dtype]!, dims.length, scale, shift), 'random draw');
}

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function checkFloatDType(dtype: unknown, op: string): FloatDType {
  if (dtype === undefined) return 'float32'; // TensorFlow's default here, not floatx
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new Error(`${op}: dtype must be 'float32' or 'float64', got ${describe(dtype)}.`);
}

export function checkNumber(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number') throw new Error(`${op}: ${name} must be a number, got ${describe(value)}.`);
  return value;
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export function checkInt32(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw new Error(`${op}: ${name} must be an int32 integer for dtype 'int32', got ${describe(value)}.`);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** Options of `tf.random.statelessUniform`. */
export interface StatelessUniformOptions {
  /** The lower bound, included (default 0). For int32, `null` together with `maxval: null` asks for full-range integers. */
  minval?: number | null;
  /** The upper bound, excluded (default 1 for floats; required for int32, where `null` with `minval: null` means full range). */
  maxval?: number | null;
  /** `'float32'` (the default, as in TensorFlow), `'float64'` or `'int32'`. */
  dtype?: DType;
  /** The generator: `'auto_select'` (default) or `'philox'`, the same on CPU. `'threefry'` is refused, as TensorFlow's CPU kernels do. */
  alg?: RngAlgorithm;
}

/** Options of `tf.random.statelessNormal` and `tf.random.statelessTruncatedNormal`. */
export interface StatelessNormalOptions {
  /** The mean (default 0). */
  mean?: number;
  /** The standard deviation (default 1; before truncation for the truncated normal). */
  stddev?: number;
  /** `'float32'` (the default, as in TensorFlow) or `'float64'`. */
  dtype?: DType;
  /** The generator: `'auto_select'` (default) or `'philox'`, the same on CPU. */
  alg?: RngAlgorithm;
}

/** Options of `tf.random.statelessCategorical`. */
export interface StatelessCategoricalOptions {
  /** The dtype of the class ids: `'int32'` (TensorFlow's default is int64, which gradtape does not have). */
  dtype?: DType;
}

/** Options of `tf.random.experimental.statelessSplit` and `statelessFoldIn`. */
export interface StatelessSeedOptions {
  /** The generator: `'auto_select'` (default) or `'philox'`, the same on CPU. */
  alg?: RngAlgorithm;
}

/** Full-range int32 values (StatelessRandomUniformFullInt): the Philox words themselves. */
export function fullInt32(g: Philox, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n;) {
    const w = g.next();
    for (let j = 0; j < 4 && i < n; j++) out[i++] = w[j]! | 0;
  }
  return out;
}

/** Int32 values in [lo, hi) (UniformDistribution<int32>): lo + w mod (hi - lo), 4 per call. */
export function boundedInt32(g: Philox, n: number, lo: number, hi: number): Int32Array {
  const range = hi - lo; // < 2^32
  const out = new Int32Array(n);
  for (let i = 0; i < n;) {
    const w = g.next();
    for (let j = 0; j < 4 && i < n; j++) out[i++] = lo + (w[j]! % range);
  }
  return out;
}

/** Int64 values in [lo, hi) (UniformDistribution<int64>), for ranges below 2³²: lo + (w₀ + w₁·2³²)
 * mod (hi - lo) for each pair of words, two per call, as int32 numbers. */
export function boundedInt64Small(g: Philox, n: number, lo: number, hi: number): Int32Array {
  const range = hi - lo;
  const wrap = 4294967296 % range; // 2³² mod range: the residue is exact in doubles
  const out = new Int32Array(n);
  for (let i = 0; i < n;) {
    const w = g.next();
    for (let j = 0; j < 4 && i < n; j += 2) out[i++] = lo + ((w[j]! % range) + (w[j + 1]! % range) * wrap) % range;
  }
  return out;
}

/** tf.random.statelessUniform's positional arguments after the required ones, in TensorFlow's order. */
type StatelessUniformPositional = [minval?: number | null, maxval?: number | null, dtype?: DType | null, alg?: RngAlgorithm | null];

/** tf.random.statelessNormal's positional arguments after the required ones, in TensorFlow's order. */
type StatelessNormalPositional = [mean?: number, stddev?: number, dtype?: DType | null, alg?: RngAlgorithm | null];

/** tf.random.statelessTruncatedNormal's positional arguments after the required ones, in TensorFlow's order. */
type StatelessTruncatedNormalPositional = [mean?: number, stddev?: number, dtype?: DType | null, alg?: RngAlgorithm | null];

/** tf.random.statelessCategorical's positional arguments after the required ones, in TensorFlow's order. */
type StatelessCategoricalPositional = [dtype?: DType | null];

/**
 * tf.random.stateless_uniform(shape, seed, minval=0, maxval=None, dtype=float32, alg='auto_select'),
 * the optional arguments positionally or as `{minval, maxval, dtype, alg}`: uniform values in
 * [minval, maxval), a fixed function of `shape` and `seed` (two integers, or an int32 tensor of
 * shape [2]): TensorFlow's numbers on CPU. Floats default to [0, 1); int32 needs both bounds (the
 * values are minval + w mod (maxval - minval), slightly biased unless the range is a power of 2),
 * or null for both for full-range integers. The result is a constant: no gradient.
 *
 * @example
 * ```ts
 * console.log(tf.random.statelessUniform([3], [1, 2], { minval: null, maxval: null, dtype: 'int32' }).arraySync()); // [ 1105988140, 1738052849, -335576002 ]
 * ```
 */
export function statelessUniform(shape: ShapeLike, seed: Seed, options?: StatelessUniformOptions): Tensor;
export function statelessUniform(shape: ShapeLike, seed: Seed, ...positional: StatelessUniformPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function statelessUniform(shape: ShapeLike, seed: Seed, ...positionalThenOptions: PositionalThenOptions<StatelessUniformPositional, StatelessUniformOptions>): Tensor;
export function statelessUniform(shape: ShapeLike, seed: Seed, ...args: unknown[]): Tensor {
  const op = 'random.statelessUniform';
  const options = optionsOrPositional(op, args, ['minval', 'maxval', 'dtype', 'alg'], ['dtype', 'alg']) ?? {};
  const o = checkOptions(options, op, ['minval', 'maxval', 'dtype', 'alg'], '{minval, maxval, dtype, alg}') as StatelessUniformOptions;
  checkAlg(o.alg, op);
  const dims = checkShape(shape, op);
  const s = checkSeed(seed, op);
  const draw = uniformDraw(op, dims, o);
  return fromSeed(s, op, (v) => draw(streamOfSeed(v)));
}

/**
 * The uniform values `options` ask for (checked here), as a function of the Philox stream they
 * come from: floats in [minval, maxval) (default [0, 1)), int32 in [minval, maxval) (maxval
 * required), or full-range int32 with `minval: null, maxval: null`.
 */
export function uniformDraw(op: string, dims: number[], options: { minval?: number | null; maxval?: number | null; dtype?: DType }): (g: Philox) => Tensor {
  const n = elementCount(dims);
  const dtype = options.dtype ?? 'float32';
  if (dtype === 'int32') {
    const minval = options.minval === undefined ? 0 : options.minval;
    const maxval = options.maxval === undefined ? null : options.maxval;
    if ((minval === null) !== (maxval === null)) {
      throw new Error(`${op}: for integer dtype int32, minval and maxval must be both null or both given, got minval=${describe(minval)} and maxval=${describe(maxval)}.`);
    }
    if (minval === null) return (g) => fromHost(fullInt32(g, n), dims, 'int32');
    const lo = checkInt32(minval, 'minval', op);
    const hi = checkInt32(maxval, 'maxval', op);
    // (TensorFlow checks the bounds in the kernel, which an empty result never runs.)
    if (n > 0 && !(lo < hi)) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: Need minval < maxval, got ${lo} >= ${hi}.`);
    return (g) => fromHost(boundedInt32(g, n, lo, hi), dims, 'int32');
  }
  const fdt = checkFloatDType(dtype, op);
  if (options.minval === null || options.maxval === null) throw new Error(`${op}: minval and maxval may be null only for integer dtypes.`);
  const minval = checkNumber(options.minval ?? 0, 'minval', op);
  const maxval = checkNumber(options.maxval ?? 1, 'maxval', op);
  const round = fdt === 'float32' ? f32 : (v: number) => v;
  const range = round(round(maxval) - round(minval));
  return (g) => drawTensor('uniform', g, dims, fdt, range, minval);
}

function normalOptions(op: string, options: unknown): { mean: number; stddev: number; dtype: FloatDType } {
  const o = checkOptions(options, op, ['mean', 'stddev', 'dtype', 'alg'], '{mean, stddev, dtype, alg}') as StatelessNormalOptions;
  checkAlg(o.alg, op);
  return { mean: checkNumber(o.mean ?? 0, 'mean', op), stddev: checkNumber(o.stddev ?? 1, 'stddev', op), dtype: checkFloatDType(o.dtype, op) };
}

/**
 * tf.random.stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=float32, alg='auto_select'),
 * the optional arguments positionally or as `{mean, stddev, dtype, alg}`: normal values (Box–Muller
 * on Philox words), a fixed function of `shape` and `seed`: TensorFlow's numbers on CPU. The
 * result is a constant: no gradient.
 *
 * @example
 * ```ts
 * console.log(tf.random.statelessNormal([3], [1105988140, 3]).arraySync()); // [ 0.031971946358680725, 0.8979765176773071, 0.13253039121627808 ]
 * ```
 */
export function statelessNormal(shape: ShapeLike, seed: Seed, options?: StatelessNormalOptions): Tensor;
export function statelessNormal(shape: ShapeLike, seed: Seed, ...positional: StatelessNormalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function statelessNormal(shape: ShapeLike, seed: Seed, ...positionalThenOptions: PositionalThenOptions<StatelessNormalPositional, StatelessNormalOptions>): Tensor;
export function statelessNormal(shape: ShapeLike, seed: Seed, ...args: unknown[]): Tensor {
  return scaledDraws('random.statelessNormal', shape, seed, args, 'normal');
}

/** `distribution`'s standard values from the seed's stream, times stddev plus mean, as a constant. */
function scaledDraws(op: string, shape: ShapeLike, seed: Seed, args: readonly unknown[], distribution: Distribution): Tensor {
  const options = optionsOrPositional(op, args, ['mean', 'stddev', 'dtype', 'alg'], ['dtype', 'alg']);
  const { mean, stddev, dtype } = normalOptions(op, options);
  const dims = checkShape(shape, op);
  const s = checkSeed(seed, op);
  return fromSeed(s, op, (v) => drawTensor(distribution, streamOfSeed(v), dims, dtype, stddev, mean));
}

/**
 * tf.random.stateless_truncated_normal(shape, seed, {mean, stddev, dtype, alg}): normal values
 * more than 2 standard deviations from the mean dropped and drawn again, a fixed function of
 * `shape` and `seed`: TensorFlow's numbers on CPU. The result is a constant: no gradient.
 *
 * @example
 * ```ts
 * const z = tf.random.statelessTruncatedNormal([1000], [7, 17]);
 * console.log(tf.reduceMax(tf.abs(z)).arraySync() < 2); // true
 * ```
 */
export function statelessTruncatedNormal(shape: ShapeLike, seed: Seed, options?: StatelessNormalOptions): Tensor;
export function statelessTruncatedNormal(shape: ShapeLike, seed: Seed, ...positional: StatelessTruncatedNormalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function statelessTruncatedNormal(shape: ShapeLike, seed: Seed, ...positionalThenOptions: PositionalThenOptions<StatelessTruncatedNormalPositional, StatelessNormalOptions>): Tensor;
export function statelessTruncatedNormal(shape: ShapeLike, seed: Seed, ...args: unknown[]): Tensor {
  return scaledDraws('random.statelessTruncatedNormal', shape, seed, args, 'truncatedNormal');
}

/** The Multinomial kernels' CPU sampling (StatelessMultinomial's, and Multinomial's in one shard):
 * rows one after the other from one stream, a uniform of two words for each sample. */
export function categoricalSamples(g: Philox, logits: ArrayLike<number>, batch: number, classes: number, numSamples: number): Int32Array {
  return categoricalFromUniforms(logits, batch, classes, numSamples, () => uniformFloat64(g.nextWord(), g.nextWord()));
}

/**
 * tf.random.stateless_categorical(logits, num_samples, seed, {dtype}): for each row of the
 * [batch, classes] `logits`, `numSamples` class ids drawn with probabilities softmax(row), a
 * fixed function of the logits and `seed`: TensorFlow's CPU numbers (for batches TensorFlow does
 * not split across threads). Non-finite logits get probability 0; a row with none finite gives
 * `classes`. int32 [batch, numSamples]; a constant, no gradient.
 *
 * @example
 * ```ts
 * const ids = tf.random.statelessCategorical(tf.math.log([[0.5, 0.5]]), 5, [7, 17]);
 * console.log(ids.shape, ids.dtype); // [ 1, 5 ] int32
 * ```
 */
export function statelessCategorical(logits: TensorLike, numSamples: number, seed: Seed, options?: StatelessCategoricalOptions): Tensor;
export function statelessCategorical(logits: TensorLike, numSamples: number, seed: Seed, ...positional: StatelessCategoricalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function statelessCategorical(logits: TensorLike, numSamples: number, seed: Seed, ...positionalThenOptions: PositionalThenOptions<StatelessCategoricalPositional, StatelessCategoricalOptions>): Tensor;
export function statelessCategorical(logits: TensorLike, numSamples: number, seed: Seed, ...args: unknown[]): Tensor {
  const op = 'random.statelessCategorical';
  const options = optionsOrPositional(op, args, ['dtype'], ['dtype']) ?? {};
  const o = checkOptions(options, op, ['dtype'], '{dtype}') as StatelessCategoricalOptions;
  if (o.dtype !== undefined && o.dtype !== 'int32') throw new Error(`${op}: dtype must be 'int32' (int64 is not supported), got ${describe(o.dtype)}.`);
  const t = checkLive(toTensor(logits, undefined, op), op);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`${op}: logits must be float32 or float64, got ${t.dtype}.`);
  if (t.rank !== 2) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: logits should be a matrix, got shape [${t.shape.join(',')}].`);
  if (!Number.isSafeInteger(numSamples) || numSamples < 0 || numSamples > INT32_MAX) {
    throw new Error(`${op}: numSamples must be a non-negative integer, got ${describe(numSamples)}.`);
  }
  const [batch, classes] = t.shape as [number, number];
  if (classes === 0) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: num_classes should be positive, got 0.`);
  const s = checkSeed(seed, op);
  return fromSeed(s, op, (v, l) => {
    const values = valuesOf(l!, op, TraceSpoiler.HostEffect);
    return fromHost(categoricalSamples(streamOfSeed(v), values, batch, classes, numSamples), [batch, numSamples], 'int32');
  }, t);
}

/**
 * tf.random.experimental.stateless_split(seed, num): `num` new seeds from one, as an int32
 * [num, 2] tensor (full-range uniform integers of shape [num, 2] drawn with `seed`): TensorFlow's
 * values.
 *
 * @example
 * ```ts
 * const seeds = tf.random.experimental.statelessSplit([1, 2], 3);
 * console.log(seeds.shape, seeds.dtype); // [ 3, 2 ] int32
 * console.log(Array.from(seeds.dataSync()).join(' ')); // 1105988140 1738052849 -335576002 370444179 10670227 -246211131
 * ```
 */
export function statelessSplit(seed: Seed, num = 2, options: StatelessSeedOptions = {}): Tensor {
  const op = 'random.experimental.statelessSplit';
  const o = checkOptions(options, op, ['alg'], '{alg}') as StatelessSeedOptions;
  checkAlg(o.alg, op);
  if (!Number.isSafeInteger(num) || num < 0) throw new Error(`${op}: num must be a non-negative integer, got ${describe(num)}.`);
  checkInt32Seed(seed, op);
  return statelessUniform([num, 2], seed, { minval: null, maxval: null, dtype: 'int32' });
}

/** A literal seed of the dtype TensorFlow would give it (int32): int64 seeds make int64 seeds. */
function checkInt32Seed(seed: Seed, op: string): void {
  const s = checkSeed(seed, op);
  if (!(s instanceof Tensor) && s.some((v) => v < INT32_MIN || v > INT32_MAX)) {
    throw new Error(`${op}: seed ${describe(seed)} is outside int32, which makes an int64 seed in TensorFlow (gradtape has no int64).`);
  }
}

/**
 * tf.random.experimental.stateless_fold_in(seed, data): a new seed from `seed` and an int32
 * scalar `data` (such as a replica id): [a full-range integer drawn with `seed`, data], int32 [2]:
 * TensorFlow's values.
 *
 * @example
 * ```ts
 * console.log(tf.random.experimental.statelessFoldIn([1, 2], 3).arraySync()); // [ 1105988140, 3 ]
 * ```
 */
export function statelessFoldIn(seed: Seed, data: number | Tensor, options: StatelessSeedOptions = {}): Tensor {
  const op = 'random.experimental.statelessFoldIn';
  const o = checkOptions(options, op, ['alg'], '{alg}') as StatelessSeedOptions;
  checkAlg(o.alg, op);
  checkInt32Seed(seed, op);
  let dataTensor: Tensor | undefined;
  if (data instanceof Tensor) {
    checkLive(data, op);
    if (data.dtype !== 'int32' || data.rank !== 0) throw new Error(`${op}: data must be an int32 scalar, got a ${data.dtype} tensor of shape [${data.shape.join(',')}].`);
    dataTensor = data;
  } else {
    checkInt32(data, 'data', op);
  }
  const s = checkSeed(seed, op);
  return fromSeed(s, op, (v, d) => {
    const folded = fullInt32(streamOfSeed(v), 1)[0]!;
    const value = d ? valuesOf(d, op, TraceSpoiler.HostEffect)[0]! : (data as number);
    return fromHost(Int32Array.of(folded, value), [2], 'int32');
  }, dataTensor);
}

/** Options of `tf.random.experimental.statelessShuffle`. */
export interface StatelessShuffleOptions {
  /** The generator: `'auto_select'` (default) or `'philox'`, the same on CPU. */
  alg?: RngAlgorithm;
}

/**
 * tf.random.experimental.stateless_shuffle(value, seed, alg='auto_select'): the slices along the
 * first axis in an order that depends on `seed` only, TensorFlow's for the same seed: its
 * kernel's Fisher–Yates pass (row i swapped with row i + w mod (n - i), w the next Philox word
 * of the seed's stream). No gradient flows through it (TensorFlow registers none).
 *
 * @example
 * ```ts
 * const order = tf.random.experimental.statelessShuffle(tf.range(0, 10, 1, 'int32'), [1, 2]);
 * console.log(Array.from(order.dataSync()).join(' ')); // 0 3 8 1 5 4 9 7 6 2
 * ```
 */
export function statelessShuffle(value: TensorLike, seed: Seed, options: StatelessShuffleOptions = {}): Tensor {
  const op = 'random.experimental.statelessShuffle';
  const o = checkOptions(options, op, ['alg'], '{alg}') as StatelessShuffleOptions;
  checkAlg(o.alg, op);
  const t = checkLive(toTensor(value, undefined, op), op);
  const s = checkSeed(seed, op);
  const rows = t.rank === 0 ? 1 : t.shape[0]!;
  if (rows <= 1 || t.size === 0) return stopGradient(t);
  const order = fromSeed(s, op, (pair) => fromHost(shuffledRows(streamOfSeed(pair), rows), [rows], 'int32'));
  return stopGradient(gather(t, order));
}

/** TensorFlow's RandomShuffle order of `n` rows (shuffle_common.h): for i = 0 .. n - 2, swap
 * entries i and i + (next word mod (n - i)). */
function shuffledRows(g: Philox, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const j = i + (g.nextWord() % (n - i));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
