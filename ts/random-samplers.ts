/**
 * TensorFlow's gamma, Poisson and binomial samplers on Philox streams: `tf.random.statelessGamma`,
 * `statelessPoisson`, `statelessBinomial` (and the draws `tf.random.Generator.binomial` makes),
 * computed as TensorFlow's CPU kernels compute them (tensorflow/core/kernels/
 * stateless_random_gamma_op.cc, random_poisson_op.cc, random_binomial_op.cc).
 *
 * Shared layout: the output's trailing dimensions are the parameters' (broadcast) shape; the
 * leading ones count samples. Output element (sample s, parameter p) sits at s·P + p (P
 * parameters), and its draw starts its own copy of the stream, skipped by R·(p·S + s) Philox
 * calls (S samples per parameter; R = 256, or 42 for binomial inversion), so draws that take
 * more calls never shift the others.
 *
 * The float64 uniforms and normals these kernels use come two per Philox call (uniforms from
 * words (w0, w1) and (w2, w3); normals by Box–Muller on all four) and are handed out last first:
 * second value, then first (TensorFlow's SampleBuffer and UNIFORM macro).
 *
 * - Gamma (Marsaglia–Tsang 2000), all in float64 on the float64 value of alpha: alpha = 1 is an
 *   exponential, -log1p(-u) with u the second uniform of the draw's first call; otherwise
 *   d = alpha - 1/3 (alpha + 2/3 below 1), c = 1/3/sqrt(d), and repeatedly x normal,
 *   v = (1 + c·x)³ (x dropped while 1 + c·x <= 0), u uniform, accepted when
 *   u < 1 - 0.0331·x⁴ or log(u) < x²/2 + d·(1 - v + log v): d·v, times b^(1/alpha) with b one more
 *   uniform for alpha < 1; rounded to the dtype. The wrapper then divides by beta and raises the
 *   result to the dtype's smallest normal number (np.finfo(dtype).tiny), as TensorFlow's does.
 * - Poisson, in float64: rate < 10 by Knuth's product of uniforms (the count of uniforms before
 *   the product falls to exp(-rate) or below, minus one); otherwise Hörmann's transformed
 *   rejection (PTRS, 1993) with TensorFlow's constants, redrawing a k above the output dtype's
 *   largest value.
 * - Binomial, with count and prob in the probs' dtype: 0 for count <= 0 or prob <= 0, count for
 *   prob >= 1, NaN for a NaN prob; else, with p = min(prob, 1 - prob) (the result then
 *   count - k for prob > 0.5), inversion (summing geometric waiting times ceil(log u / log1p(-p))
 *   until they pass count) when count·p < 10 in the dtype, Hörmann's BTRS otherwise.
 *
 * Exactness: these use float64 log, log1p, exp, pow, sin and cos, which TensorFlow takes from the
 * C library (glibc) and gradtape from JavaScript; both are within an ulp of the true value and
 * mostly equal. Integer results (Poisson, binomial) can differ only where a rejection test or a
 * ceil lands within rounding of its boundary; float32 gamma values are the float64 value rounded.
 * Against TensorFlow 2.21, 24,000 samples each of float32 gamma, Poisson and binomial over
 * parameters spread on log scales were all equal; of float64 gamma samples, 5% differed in their
 * last bits (at most 3.4e-15 relative).
 */

import { broadcastShapes } from './array-composites';
import { customGradient } from './autodiff';
import { binaryOp } from './call';
import { checkShape, type ShapeLike, toTensor } from './creation';
import { checkOptions, describe, optionsOrPositional, type PositionalThenOptions } from './describe';
import { type DType, allocHost } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { traceHostValue } from './host-steps';
import { valuesOf } from './indexing';
import { broadcastTo, reshape } from './ops';
import { kernelGenerator } from './stateful-random';
import {
  type FloatDType,
  INT32_MAX,
  Philox,
  type Seed,
  type SeedPair,
  boxMullerFloat64,
  checkSeed,
  elementCount,
  seedValues,
  streamOfSeed,
  uniformFloat64,
} from './stateless-random';
import { Tensor, type TensorLike, checkLive, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';
import { InvalidArgumentError, tfError } from './errors';

/** Philox calls each output's draw may use before the next output's starts (kReservedSamplesPerOutput). */
const CALLS_PER_OUTPUT = 256;
/** Binomial inversion's reservation: mean and variance at most 10 need at most 42 uniforms. */
const CALLS_PER_INVERSION = 42;

/** float64 values two per Philox call, handed out second first (TensorFlow's SampleBuffer). */
class PairBuffer {
  private readonly pair = new Float64Array(2);
  private remaining = 0;

  constructor(private readonly fill: (g: Philox, pair: Float64Array) => void) {}

  next(g: Philox): number {
    if (this.remaining === 0) {
      this.fill(g, this.pair);
      this.remaining = 2;
    }
    return this.pair[--this.remaining]!;
  }

  clear(): void {
    this.remaining = 0;
  }
}

const fillUniforms = (g: Philox, pair: Float64Array): void => {
  const w = g.next();
  pair[0] = uniformFloat64(w[0]!, w[1]!);
  pair[1] = uniformFloat64(w[2]!, w[3]!);
};

const fillNormals = (g: Philox, pair: Float64Array): void => {
  const w = g.next();
  boxMullerFloat64(w[0]!, w[1]!, w[2]!, w[3]!, pair, 0, 2);
};

/** `base` skipped by `calls` Philox calls (a copy). */
function streamAt(base: Philox, calls: number): Philox {
  const g = base.copy();
  g.skip(calls);
  return g;
}

// ---------------------------------------------------------------------------
// Gamma
// ---------------------------------------------------------------------------

/** StatelessRandomGammaV3's samples: `samplesPerAlpha` draws for each alpha, in float64. */
export function gammaValues(base: Philox, alphas: ArrayLike<number>, samplesPerAlpha: number): Float64Array {
  const numAlphas = alphas.length;
  const out = new Float64Array(numAlphas * samplesPerAlpha);
  const normals = new PairBuffer(fillNormals);
  const uniforms = new PairBuffer(fillUniforms);
  const pair = new Float64Array(2);
  for (let a = 0; a < numAlphas; a++) {
    const alpha = alphas[a]!;
    if (alpha === 1) {
      for (let s = 0; s < samplesPerAlpha; s++) {
        fillUniforms(streamAt(base, CALLS_PER_OUTPUT * (a * samplesPerAlpha + s)), pair);
        out[s * numAlphas + a] = -Math.log1p(-pair[1]!);
      }
      continue;
    }
    const below1 = alpha < 1;
    const d = alpha + (below1 ? 2 / 3 : -1 / 3);
    const c = 1 / 3 / Math.sqrt(d);
    for (let s = 0; s < samplesPerAlpha; s++) {
      const g = streamAt(base, CALLS_PER_OUTPUT * (a * samplesPerAlpha + s));
      normals.clear();
      uniforms.clear();
      for (;;) {
        const x = normals.next(g);
        let v = 1 + c * x;
        if (v <= 0) continue;
        v = v * v * v;
        const u = uniforms.next(g);
        if (u < 1 - 0.0331 * (x * x) * (x * x) || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
          let res = d * v;
          if (below1) res *= Math.pow(uniforms.next(g), 1 / alpha);
          out[s * numAlphas + a] = res;
          break;
        }
      }
    }
  }
  return out;
}

/** The smallest normal number of the dtype (np.finfo(dtype).tiny), the floor of the gamma wrapper. */
const TINY: Record<FloatDType, number> = { float32: 2 ** -126, float64: 2 ** -1022 };

function checkGammaDType(dtype: unknown, op: string): FloatDType {
  if (dtype === undefined || dtype === 'float32' || dtype === 'float64') return dtype ?? 'float32';
  throw new Error(`${op}: dtype must be 'float32' or 'float64' (TensorFlow also takes float16 and bfloat16, which gradtape does not have), got ${describe(dtype)}.`);
}

/** A float parameter in the dtype: numbers and arrays take it; a tensor must have it (TensorFlow's convert_to_tensor). */
function floatParameter(x: TensorLike, dtype: FloatDType, name: string, op: string): Tensor {
  const t = checkLive(toTensor(x, dtype, op), op);
  if (t.dtype !== dtype) throw new Error(`${op}: ${name} must be a ${dtype} tensor (the dtype), got ${t.dtype}.`);
  return t;
}

/** TensorFlow's check that the output shape ends with the parameters' shape. */
function checkEndsWith(dims: readonly number[], suffix: readonly number[], op: string): void {
  const k = dims.length - suffix.length;
  if (k < 0 || suffix.some((d, i) => dims[k + i] !== d)) {
    throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: Shape passed in must end with broadcasted shape: shape [${dims.join(',')}], parameters' shape [${suffix.join(',')}].`);
  }
}

/**
 * The tensor `make(seed values, operand values)` returns: a host step with the operands (and a
 * tensor seed) as its inputs, so a compiled function draws again from each call's values.
 */
function seededValue(seed: SampleSeed, op: string, operands: Tensor[], make: (base: Philox, values: ArrayLike<number>[]) => Tensor): Tensor {
  // A stateful kernel's draw has spoilt the trace already (a replay would repeat it): values now.
  if (seed instanceof Philox) return make(seed, operands.map((t) => valuesOf(t, op, TraceSpoiler.HostEffect)));
  const inputs = seed instanceof Tensor ? [...operands, seed] : operands;
  return traceHostValue((ts) => {
    const s = seedValues(seed instanceof Tensor ? ts[ts.length - 1]! : seed, op);
    return make(streamOfSeed(s), operands.map((_, i) => valuesOf(ts[i]!, op, TraceSpoiler.HostEffect)));
  }, inputs);
}

/** Where a sampler's stream comes from: a stateless op's seed (a pair, or a tensor a trace reads at
 * every replay), or the generator of a stateful op's kernel at its reservation (kernelGenerator). */
type SampleSeed = Tensor | SeedPair | Philox;

function hostTensor(values: ArrayLike<number>, dims: number[], dtype: DType): Tensor {
  const data = allocHost(dtype, values.length);
  data.set(values);
  return fromHost(data, dims, dtype);
}

/**
 * ∂sample/∂alpha of a Gamma(alpha, 1) sample (TensorFlow's RandomGammaGrad, by implicit
 * differentiation of P(alpha, sample) = u): -(∂P/∂alpha) / pdf(sample), with
 * pdf(x) = exp(-x + (alpha - 1)·log x - lgamma(alpha)).
 */
function gammaSampleDerivative(alpha: Tensor, sample: Tensor): Tensor {
  const dPdAlpha = binaryOp(OP.igammaGradA, alpha, sample);
  const logPdf = gen.sub(gen.add(gen.neg(sample), gen.mul(gen.sub(alpha, 1), gen.log(sample))), gen.lgamma(alpha));
  return gen.neg(gen.div(dPdAlpha, gen.exp(logPdf)));
}

/**
 * tf.random.stateless_gamma(shape, seed, alpha, beta, dtype): gamma samples with concentration
 * `alpha` and rate `beta` (default 1), a fixed function of `shape`, `seed` and the parameters:
 * TensorFlow's numbers on CPU (Marsaglia–Tsang on Philox; see the module comment for the exact
 * consumption). `alpha` and `beta` broadcast together, and `shape` must end with their broadcast
 * shape: `samples[..., i]` are draws with alpha[i] and beta[i]. Values are at least the dtype's
 * smallest normal number (as TensorFlow's wrapper makes them). Differentiable in `alpha` (the
 * implicit reparameterization gradient TensorFlow registers, summed over the sample dimensions)
 * and in `beta`. float32 samples are TensorFlow's bit for bit; float64 ones can differ in the
 * last bits (C library against JavaScript log, sin, cos and pow: in a check of 24,000 samples
 * against TensorFlow 2.21, 5% differed, by at most 3.4e-15 relative), and the gradient in alpha
 * equals TensorFlow's to rounding.
 *
 * @example
 * ```ts
 * console.log(tf.random.statelessGamma([3], [1, 2], 0.5).arraySync()); // [ 0.0669536143541336, 0.6282354593276978, 0.18136732280254364 ]
 * const s = tf.random.statelessGamma([1000, 2], [7, 17], [2, 5], [1, 10]);
 * console.log(s.shape); // [ 1000, 2 ]
 * ```
 */
export function statelessGamma(shape: ShapeLike, seed: Seed, alpha: TensorLike, beta?: TensorLike | null, dtype: DType = 'float32'): Tensor {
  const op = 'random.statelessGamma';
  const fdt = checkGammaDType(dtype, op);
  const dims = checkShape(shape, op);
  const s = checkSeed(seed, op);
  const [a, b, paramShape] = gammaParameters(op, alpha, beta, fdt);
  if (elementCount(dims) > 0) checkEndsWith(dims, paramShape, op);
  return gammaSamples(op, dims, s, a, b, paramShape, fdt);
}

/** alpha and beta in the dtype and their broadcast shape. */
function gammaParameters(op: string, alpha: TensorLike, beta: TensorLike | null | undefined, dtype: FloatDType): [Tensor, Tensor, number[]] {
  const a = floatParameter(alpha, dtype, 'alpha', op);
  const b = floatParameter(beta ?? 1, dtype, 'beta', op);
  const paramShape = broadcastShapes(a.shape, b.shape);
  if (paramShape === null) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: alpha of shape [${a.shape.join(',')}] and beta of shape [${b.shape.join(',')}] do not broadcast.`);
  return [a, b, paramShape];
}

/** max(tiny, gamma(alpha) / beta) of shape `dims` (ending with `paramShape`), with the gradients in alpha and beta. */
function gammaSamples(op: string, dims: number[], seed: SampleSeed, a: Tensor, b: Tensor, paramShape: number[], fdt: FloatDType): Tensor {
  const numAlphas = elementCount(paramShape);
  const samplesPerAlpha = numAlphas === 0 ? 0 : elementCount(dims) / numAlphas;
  const alphaB = a.shape.length === paramShape.length && a.shape.every((d, i) => d === paramShape[i]) ? a : broadcastTo(a, paramShape);
  const sample = seededValue(seed, op, [alphaB], (v, [alphas]) => hostTensor(elementCount(dims) === 0 ? new Float64Array(0) : gammaValues(v, alphas!, samplesPerAlpha), dims, fdt));
  // The sample dimensions: TensorFlow sums the upstream gradient over them for alpha's.
  const sampleRank = dims.length - paramShape.length;
  const withGradient = customGradient((alphas: Tensor) => [sample, (dy: Tensor) => {
    const leading = reshape(alphas, [...Array<number>(sampleRank).fill(1), ...paramShape]);
    const partial = gammaSampleDerivative(broadcastTo(leading, dims), sample);
    const summed = gen.mul(dy, partial);
    return sampleRank === 0 ? summed : gen.reduceSum(summed, Array.from({ length: sampleRank }, (_, i) => i));
  }]);
  return gen.maximum(TINY[fdt], gen.div(withGradient(alphaB), b));
}

/** Options of `tf.random.gamma`. */
export interface RandomGammaOptions {
  /** The rate (inverse scale), broadcasting with alpha (default 1). */
  beta?: TensorLike | null;
  /** `'float32'` (the default, as in TensorFlow) or `'float64'`: of alpha, beta and the samples. */
  dtype?: DType;
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}

function checkOpSeed(seed: unknown, op: string): number | undefined {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be a safe integer, got ${describe(seed)}.`);
  return seed as number | undefined;
}

/** tf.random.gamma's positional arguments after the required ones, in TensorFlow's order. */
type RandomGammaPositional = [beta?: TensorLike | null, dtype?: DType | null, seed?: number | null];

/** tf.random.poisson's positional arguments after the required ones, in TensorFlow's order. */
type RandomPoissonPositional = [dtype?: DType | null, seed?: number | null];

/**
 * tf.random.gamma(shape, alpha, beta, dtype, seed): gamma samples of shape `shape` followed by
 * the broadcast shape of `alpha` and `beta` (concentration and rate): `samples[i, ..., j]` is a
 * draw with alpha[j] and beta[j]. TensorFlow's RandomGamma kernel on its Philox stream for the
 * op seed (TensorFlow's seed rules; a call with the same op seed continues its kernel's stream),
 * so after `tf.random.setSeed` the same calls give TensorFlow's samples (float64 ones to within
 * the C library's last bits). Differentiable in alpha (the implicit reparameterization gradient
 * TensorFlow registers) and beta. `beta`, `dtype` and `seed` positionally in TensorFlow's order
 * (null for a default), or as `{beta, dtype, seed}`.
 *
 * @example
 * ```ts
 * const s = tf.random.gamma([100], [1, 9], { beta: [1, 3], seed: 5 });
 * console.log(s.shape, s.dtype); // [ 100, 2 ] float32
 * tf.random.setSeed(1);
 * const a = tf.random.gamma([2], 0.5).arraySync();
 * tf.random.setSeed(1);
 * console.log(tf.random.gamma([2], 0.5).arraySync().toString() === a.toString()); // true
 * ```
 */
export function randomGamma(shape: ShapeLike, alpha: TensorLike, options?: RandomGammaOptions): Tensor;
export function randomGamma(shape: ShapeLike, alpha: TensorLike, ...positional: RandomGammaPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomGamma(shape: ShapeLike, alpha: TensorLike, ...positionalThenOptions: PositionalThenOptions<RandomGammaPositional, RandomGammaOptions>): Tensor;
export function randomGamma(shape: ShapeLike, alpha: TensorLike, ...args: unknown[]): Tensor {
  const op = 'random.gamma';
  const options = optionsOrPositional(op, args, ['beta', 'dtype', 'seed'], ['beta', 'dtype', 'seed']) ?? {};
  const o = checkOptions(options, op, ['beta', 'dtype', 'seed'], '{beta, dtype, seed}') as RandomGammaOptions;
  const fdt = checkGammaDType(o.dtype, op);
  const seed = checkOpSeed(o.seed, op);
  const [a, b, paramShape] = gammaParameters(op, alpha, o.beta, fdt);
  const dims = [...checkShape(shape, op), ...paramShape];
  // RandomGamma reserves 256 Philox calls for each sample (ReserveRandomOutputs).
  return gammaSamples(op, dims, kernelGenerator(`RandomGamma|${fdt}`, seed, elementCount(dims) * CALLS_PER_OUTPUT), a, b, paramShape, fdt);
}

// ---------------------------------------------------------------------------
// Poisson
// ---------------------------------------------------------------------------

/** ln Γ(k + 1) = ln k! for an integer k >= 0: the product below 20 (exact to 18!), Stirling's series above. */
function logFactorial(k: number): number {
  if (k < 20) {
    let product = 1;
    for (let i = 2; i <= k; i++) product *= i;
    return Math.log(product);
  }
  const x = k + 1;
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  const series = inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** The output dtype's largest value (Eigen::NumTraits<U>::highest()). */
const HIGHEST: Record<string, number> = { int32: INT32_MAX, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/** StatelessRandomPoisson's samples: `samplesPerRate` draws for each rate, as float64 integers. */
export function poissonValues(base: Philox, rates: ArrayLike<number>, samplesPerRate: number, highest: number): Float64Array {
  const numRates = rates.length;
  const out = new Float64Array(numRates * samplesPerRate);
  const uniforms = new PairBuffer(fillUniforms);
  for (let r = 0; r < numRates; r++) {
    const rate = rates[r]!;
    if (rate < 10) {
      // Knuth: the number of uniforms whose running product stays above exp(-rate).
      const expNegRate = Math.exp(-rate);
      for (let s = 0; s < samplesPerRate; s++) {
        const g = streamAt(base, CALLS_PER_OUTPUT * (r * samplesPerRate + s));
        uniforms.clear();
        let product = 1;
        let x = 0;
        for (;;) {
          product *= uniforms.next(g);
          if (product <= expNegRate && x <= highest) break;
          x += 1;
        }
        out[s * numRates + r] = x;
      }
      continue;
    }
    // Hörmann's PTRS: k = floor((2a/us + b)·u + rate + 0.43) for u uniform on [-1/2, 1/2).
    const logRate = Math.log(rate);
    const b = 0.931 + 2.53 * Math.sqrt(rate);
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (let s = 0; s < samplesPerRate; s++) {
      const g = streamAt(base, CALLS_PER_OUTPUT * (r * samplesPerRate + s));
      uniforms.clear();
      for (;;) {
        const u = uniforms.next(g) - 0.5;
        const v = uniforms.next(g);
        const us = 0.5 - Math.abs(u);
        const k = Math.floor((2 * a / us + b) * u + rate + 0.43);
        if (k > highest) continue;
        if (us >= 0.07 && v <= vr) {
          out[s * numRates + r] = k;
          break;
        }
        if (k < 0 || (us < 0.013 && v > us)) continue;
        const lhs = Math.log(v * invAlpha / (a / (us * us) + b));
        const rhs = -rate + k * logRate - logFactorial(k);
        if (lhs <= rhs) {
          out[s * numRates + r] = k;
          break;
        }
      }
    }
  }
  return out;
}

/** The integer or float value `x` stored in `dtype` (static_cast: NaN to int32 is INT32_MIN on x86). */
function castTo(values: Float64Array, dtype: DType): ArrayLike<number> {
  if (dtype !== 'int32') return values;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]!) ? -2147483648 : values[i]!;
  return out;
}

const COUNT_DTYPES: readonly string[] = ['int32', 'float32', 'float64'];

function checkSampleDType(dtype: unknown, op: string, name: string): DType {
  if (COUNT_DTYPES.includes(dtype as string)) return dtype as DType;
  throw new Error(`${op}: ${name} must be 'int32', 'float32' or 'float64' (TensorFlow also takes int64 and float16, which gradtape does not have), got ${describe(dtype)}.`);
}

/**
 * tf.random.stateless_poisson(shape, seed, lam, dtype): Poisson samples with rates `lam`, a fixed
 * function of `shape`, `seed` and `lam`: TensorFlow's numbers on CPU (Knuth's method below rate
 * 10, Hörmann's transformed rejection from 10 on, on Philox). `shape` must end with lam's shape:
 * `samples[..., i]` are draws with rate lam[i]. `lam` is float32 (a number or an array), float64
 * or int32; the samples are int32 (the default), float32 or float64. A rate of 0 or below gives 0.
 * A constant: no gradient (TensorFlow registers none).
 *
 * @example
 * ```ts
 * console.log(tf.random.statelessPoisson([4], [1, 2], 3).arraySync()); // [ 5, 5, 4, 6 ]
 * console.log(tf.random.statelessPoisson([2, 2], [12, 34], [5, 15]).arraySync()); // [ [ 8, 14 ], [ 8, 8 ] ]
 * ```
 */
export function statelessPoisson(shape: ShapeLike, seed: Seed, lam: TensorLike, dtype: DType = 'int32'): Tensor {
  const op = 'random.statelessPoisson';
  const outDtype = checkSampleDType(dtype, op, 'dtype');
  const dims = checkShape(shape, op);
  const s = checkSeed(seed, op);
  const rate = rateParameter(lam, op);
  if (elementCount(dims) > 0) checkEndsWith(dims, rate.shape, op);
  return poissonSamples(op, dims, s, rate, outDtype);
}

function rateParameter(lam: TensorLike, op: string): Tensor {
  const rate = checkLive(toTensor(lam, 'float32', op), op);
  if (rate.dtype === 'bool') throw new Error(`${op}: lam must be float32, float64 or int32, got bool.`);
  return rate;
}

/** Poisson samples of shape `dims` (ending with the rate's shape) in `outDtype`. */
function poissonSamples(op: string, dims: number[], seed: SampleSeed, rate: Tensor, outDtype: DType): Tensor {
  const n = elementCount(dims);
  const samplesPerRate = n === 0 ? 0 : n / rate.size;
  const highest = HIGHEST[outDtype]!;
  return seededValue(seed, op, [rate], (v, [rates]) => {
    if (n === 0) return hostTensor([], dims, outDtype);
    for (let i = 0; i < rates!.length; i++) {
      // TensorFlow redraws every k above the dtype's range: its kernel never returns.
      if (rates![i]! >= 10 && rates![i]! > highest) throw new Error(`${op}: lam ${rates![i]} is beyond ${outDtype}'s range: TensorFlow's kernel redraws every larger sample and never returns; use a float dtype.`);
      if (Number.isNaN(rates![i]!)) throw new Error(`${op}: lam is NaN, for which TensorFlow's kernel rejects every draw and never returns.`);
    }
    return hostTensor(castTo(poissonValues(v, rates!, samplesPerRate, highest), outDtype), dims, outDtype);
  });
}

/** Options of `tf.random.poisson`. */
export interface RandomPoissonOptions {
  /** The samples' dtype: `'float32'` (the default, as in TensorFlow), `'float64'` or `'int32'`. */
  dtype?: DType;
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}

/**
 * tf.random.poisson(shape, lam, dtype, seed): Poisson samples of shape `shape` followed by lam's
 * shape: `samples[i, ..., j]` is a draw with rate lam[j]. TensorFlow's RandomPoissonV2 kernel on
 * its Philox stream for the op seed (TensorFlow's seed rules; a call with the same op seed
 * continues its kernel's stream), so after `tf.random.setSeed` the same calls give TensorFlow's
 * samples. float32 samples by default, as in TensorFlow. A constant: no gradient. `dtype` and
 * `seed` positionally in TensorFlow's order (null for a default), or as `{dtype, seed}`.
 *
 * @example
 * ```ts
 * const s = tf.random.poisson([10], [0.5, 1000], { dtype: 'int32', seed: 3 });
 * console.log(s.shape, s.dtype); // [ 10, 2 ] int32
 * ```
 */
export function randomPoisson(shape: ShapeLike, lam: TensorLike, options?: RandomPoissonOptions): Tensor;
export function randomPoisson(shape: ShapeLike, lam: TensorLike, ...positional: RandomPoissonPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomPoisson(shape: ShapeLike, lam: TensorLike, ...positionalThenOptions: PositionalThenOptions<RandomPoissonPositional, RandomPoissonOptions>): Tensor;
export function randomPoisson(shape: ShapeLike, lam: TensorLike, ...args: unknown[]): Tensor {
  const op = 'random.poisson';
  const options = optionsOrPositional(op, args, ['dtype', 'seed'], ['dtype', 'seed']) ?? {};
  const o = checkOptions(options, op, ['dtype', 'seed'], '{dtype, seed}') as RandomPoissonOptions;
  const outDtype = checkSampleDType(o.dtype ?? 'float32', op, 'dtype');
  const seed = checkOpSeed(o.seed, op);
  const rate = rateParameter(lam, op);
  const dims = [...checkShape(shape, op), ...rate.shape];
  // RandomPoissonV2 (a kernel per rate and output dtype) reserves 256 Philox calls for each sample.
  return poissonSamples(op, dims, kernelGenerator(`RandomPoissonV2|${rate.dtype}|${outDtype}`, seed, elementCount(dims) * CALLS_PER_OUTPUT), rate, outDtype);
}

// ---------------------------------------------------------------------------
// Binomial
// ---------------------------------------------------------------------------

/** Binomial inversion: geometric waiting times ceil(log u / log1p(-p)) summed until they pass count. */
function binomialInversion(count: number, prob: number, g: Philox, uniforms: PairBuffer): number {
  uniforms.clear();
  const logQ = Math.log1p(-prob);
  let sum = 0;
  let k = 0;
  for (;;) {
    sum += Math.ceil(Math.log(uniforms.next(g)) / logQ);
    if (sum > count) return k;
    k++;
  }
}

const STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
  0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287];

/** ln k! - Stirling's approximation of it (TensorFlow's stirling_approx_tail): a table to 9, two series terms after. */
function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[Math.trunc(k)]!;
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

/** Hörmann's BTRS (1993) with TensorFlow's constants (its acceptance test omits one log, as TensorFlow's does). */
function btrs(count: number, prob: number, g: Philox, uniforms: PairBuffer): number {
  uniforms.clear();
  const stddev = Math.sqrt(count * prob * (1 - prob));
  const b = 1.15 + 2.53 * stddev;
  const a = -0.0873 + 0.0248 * b + 0.01 * prob;
  const c = count * prob + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = prob / (1 - prob);
  const alpha = (2.83 + 5.1 / b) * stddev;
  const m = Math.floor((count + 1) * prob);
  for (;;) {
    let u = uniforms.next(g);
    let v = uniforms.next(g);
    u -= 0.5;
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > count) continue;
    v = Math.log(v * alpha / (a / (us * us) + b));
    const upperbound = (m + 0.5) * Math.log((m + 1) / (r * (count - m + 1)))
      + (count + 1) * Math.log((count - m + 1) / (count - k + 1))
      + (k + 0.5) * Math.log(r * (count - k + 1) / (k + 1))
      + stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k);
    if (v <= upperbound) return k;
  }
}

/**
 * RandomBinomial's samples (stateless and stateful kernels alike): `samplesPerBatch` draws for
 * each of the broadcast (count, prob) pairs, given as index maps into `counts` and `probs`;
 * `dtype` is the parameters' (the threshold count·p < 10 and 1 - prob are computed in it).
 */
export function binomialValues(base: Philox, counts: ArrayLike<number>, probs: ArrayLike<number>, countIndex: Int32Array, probIndex: Int32Array, samplesPerBatch: number, dtype: FloatDType): Float64Array {
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const numBatches = countIndex.length;
  const out = new Float64Array(numBatches * samplesPerBatch);
  const uniforms = new PairBuffer(fillUniforms);
  for (let batch = 0; batch < numBatches; batch++) {
    const count = counts[countIndex[batch]!]!;
    const prob = probs[probIndex[batch]!]!;
    const at = (s: number) => s * numBatches + batch;
    const streamFor = (s: number, calls: number) => streamAt(base, calls * (batch * samplesPerBatch + s));
    if (count <= 0 || prob <= 0) for (let s = 0; s < samplesPerBatch; s++) out[at(s)] = 0;
    else if (prob >= 1) for (let s = 0; s < samplesPerBatch; s++) out[at(s)] = count;
    else if (prob <= 0.5 || prob > 0.5) {
      const flipped = prob > 0.5;
      const p = flipped ? round(1 - prob) : prob;
      const useBtrs = round(count * p) >= 10;
      for (let s = 0; s < samplesPerBatch; s++) {
        const k = useBtrs ? btrs(count, p, streamFor(s, CALLS_PER_OUTPUT), uniforms) : binomialInversion(count, p, streamFor(s, CALLS_PER_INVERSION), uniforms);
        out[at(s)] = flipped ? count - k : k;
      }
    } else for (let s = 0; s < samplesPerBatch; s++) out[at(s)] = NaN;
  }
  return out;
}

/** The checked parameters of a binomial draw: counts and probs in one float dtype, their
 * broadcast shape (the output's trailing dimensions) and the samples per (count, prob) pair. */
export interface BinomialPlan {
  op: string;
  dims: number[];
  counts: Tensor;
  probs: Tensor;
  dtype: FloatDType;
  outDtype: DType;
  numBatches: number;
  samplesPerBatch: number;
  indices: (counts: readonly number[], probs: readonly number[]) => [Int32Array, Int32Array];
}

/** Row-major index maps from the broadcast shape into `a`'s and `b`'s elements. */
function broadcastIndices(out: readonly number[], a: readonly number[], b: readonly number[]): [Int32Array, Int32Array] {
  const n = elementCount(out);
  const ia = new Int32Array(n);
  const ib = new Int32Array(n);
  const strides = (shape: readonly number[]) => {
    const st = new Array<number>(out.length).fill(0);
    let acc = 1;
    for (let k = 1; k <= shape.length; k++) {
      const d = shape[shape.length - k]!;
      st[out.length - k] = d === 1 ? 0 : acc;
      acc *= d;
    }
    return st;
  };
  const sa = strides(a);
  const sb = strides(b);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let pa = 0;
    let pb = 0;
    for (let k = out.length - 1; k >= 0; k--) {
      const d = out[k]!;
      const idx = rest % d;
      rest = (rest - idx) / d;
      pa += idx * sa[k]!;
      pb += idx * sb[k]!;
    }
    ia[i] = pa;
    ib[i] = pb;
  }
  return [ia, ib];
}

/** Checks a binomial draw's arguments as TensorFlow's wrapper and kernel do. */
export function binomialPlan(op: string, shape: ShapeLike, counts: TensorLike, probs: TensorLike, outputDtype: unknown): BinomialPlan {
  const outDtype = checkSampleDType(outputDtype, op, 'output dtype');
  const dims = checkShape(shape, op);
  const p = checkLive(toTensor(probs, 'float32', op), op);
  if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new Error(`${op}: probs must be float32 or float64, got ${p.dtype}.`);
  const c = checkLive(toTensor(counts, p.dtype, op), op);
  if (c.dtype !== p.dtype) throw new Error(`${op}: counts must have the dtype of probs (${p.dtype}), got ${c.dtype}.`);
  const batchShape = broadcastShapes(c.shape, p.shape);
  if (batchShape === null) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: counts and probs must have compatible batch dimensions: [${c.shape.join(',')}] vs. [${p.shape.join(',')}].`);
  checkEndsWith(dims, batchShape, op);
  const numBatches = elementCount(batchShape);
  const samplesPerBatch = elementCount(dims.slice(0, dims.length - batchShape.length));
  return {
    op, dims, counts: c, probs: p, dtype: p.dtype, outDtype, numBatches, samplesPerBatch,
    indices: (cs, ps) => broadcastIndices(batchShape, cs, ps),
  };
}

/** A binomial draw of `plan` from the Philox stream `base`, as a tensor. */
export function binomialTensor(plan: BinomialPlan, base: Philox, counts: ArrayLike<number>, probs: ArrayLike<number>): Tensor {
  const [ci, pi] = plan.indices(plan.counts.shape, plan.probs.shape);
  for (let i = 0; i < ci.length && plan.samplesPerBatch > 0; i++) {
    const p = probs[pi[i]!]!;
    if (Number.isNaN(counts[ci[i]!]!) && p > 0 && p < 1) throw new Error(`${plan.op}: a count is NaN (with a probability in (0, 1)), for which TensorFlow's kernel never returns.`);
  }
  const values = elementCount(plan.dims) === 0 ? new Float64Array(0) : binomialValues(base, counts, probs, ci, pi, plan.samplesPerBatch, plan.dtype);
  return hostTensor(castTo(values, plan.outDtype), plan.dims, plan.outDtype);
}

/**
 * tf.random.stateless_binomial(shape, seed, counts, probs, output_dtype): binomial samples, the
 * number of successes in `counts` trials of probability `probs`, a fixed function of the
 * arguments: TensorFlow's numbers on CPU (inversion when count·p < 10, Hörmann's BTRS otherwise,
 * on Philox). `counts` and `probs` broadcast together (float32, or float64: `counts` takes the
 * probs' dtype), and `shape` must end with their broadcast shape. The samples are int32 (the
 * default), float32 or float64. A constant: no gradient.
 *
 * @example
 * ```ts
 * console.log(tf.random.statelessBinomial([4], [1, 2], 10, 0.3).arraySync()); // [ 5, 5, 5, 4 ]
 * console.log(tf.random.statelessBinomial([2, 2], [1, 2], [5, 20], [0, 1]).arraySync()); // [ [ 0, 20 ], [ 0, 20 ] ]
 * ```
 */
export function statelessBinomial(shape: ShapeLike, seed: Seed, counts: TensorLike, probs: TensorLike, outputDtype: DType = 'int32'): Tensor {
  const op = 'random.statelessBinomial';
  const plan = binomialPlan(op, shape, counts, probs, outputDtype);
  const s = checkSeed(seed, op);
  return seededValue(s, op, [plan.counts, plan.probs], (v, [cs, ps]) => binomialTensor(plan, v, cs!, ps!));
}
