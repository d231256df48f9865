// Candidate sampling: TensorFlow's candidate samplers (tf.random.uniform_candidate_sampler,
// log_uniform_candidate_sampler, fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler,
// all_candidate_sampler),
// tf.nn.compute_accidental_hits, and the sampled losses built on them (tf.nn.nce_loss,
// tf.nn.sampled_softmax_loss).
//
// The samplers are TensorFlow's kernels (RangeSampler): a stateful Philox stream per kernel
// (stateful-random.ts: key [seed, 0], 2048 words reserved per sampled candidate), read as
// SimplePhilox reads it, so after tf.random.setSeed the same calls give TensorFlow's candidates.
// Candidates are int32 (TensorFlow's are int64, which gradtape does not have).

import { checkOptions, describe } from './describe';
import { log1pf } from './log1pf';
import { kernelState } from './random';
import { kernelDraw } from './stateful-random';
import type { Philox } from './stateless-random';
import { uniformFloat64 } from './stateless-random';
import { fill, ones, onesLike, toTensor, zerosLike } from './creation';
import { isFloat } from './dtype';
import * as gen from './generated/ops';
import { cast, concat, matmul, renamedCall, reshape, stopGradient } from './ops';
import { expandDims, gather, range, scatterNd, slice, stack } from './shape';
import { sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from './nn';
import { traceHostValue } from './host-steps';
import { Tensor, type TensorLike, fromHost } from './tensor';

/** What a candidate sampler returns: the sampled candidates [numSampled] (int32), and the
 * expected counts (float32) of the true classes [batch, numTrue] and of the sampled ones. */
export type SampledValues = [sampledCandidates: Tensor, trueExpectedCount: Tensor, sampledExpectedCount: Tensor];

const f = Math.fround;
const TWO_32 = 4294967296n;

/** A RangeSampler: how it draws one value, and each value's probability (float32). */
interface RangeSampler {
  kernel: string;
  range: number;
  sample(g: Philox): number;
  probability(value: number): number;
  /** A learned sampler (UnigramSampler): its counts live with its kernel (`learnedCounts`). */
  learned?: boolean;
}

/** SimplePhilox::RandDouble: [0, 1) from the next two words. */
const randDouble = (g: Philox): number => {
  const x0 = g.nextWord();
  return uniformFloat64(x0, g.nextWord());
};

/** SimplePhilox::Uniform64 (ExactUniformInt on Rand64): rejection of the low remainder, then mod n. */
function uniform64(g: Philox, n: number): number {
  const rand64 = () => {
    const lo = BigInt(g.nextWord());
    return lo | (BigInt(g.nextWord()) << 32n);
  };
  const big = BigInt(n);
  if ((big & (big - 1n)) === 0n) return Number(rand64() & (big - 1n));
  const rem = ((TWO_32 * TWO_32 - 1n) % big) + 1n;
  let r: bigint;
  do r = rand64();
  while (r < rem);
  return Number(r % big);
}

function uniformSampler(range: number): RangeSampler {
  const inverse = f(1 / range);
  return { kernel: 'UniformCandidateSampler', range, sample: (g) => uniform64(g, range), probability: () => inverse };
}

function logUniformSampler(range: number): RangeSampler {
  const logRange = Math.log1p(range);
  return {
    kernel: 'LogUniformCandidateSampler',
    range,
    // exp(u · ln(range + 1)) - 1, truncated: value v has probability ln((v + 2) / (v + 1)) / ln(range + 1).
    sample: (g) => (Math.trunc(Math.exp(randDouble(g) * logRange)) - 1) % range,
    probability: (v) => f(Math.log((v + 2) / (v + 1)) / logRange),
  };
}

/** SimplePhilox::RandFloat: [0, 1) from the next word's 23 low bits. */
const randFloat = (g: Philox): number => (g.nextWord() & 0x7fffff) / 8388608;

/** SimplePhilox::Uniform (ExactUniformInt on Rand32). */
function uniform32(g: Philox, n: number): number {
  if ((n & (n - 1)) === 0) return g.nextWord() & (n - 1);
  const rem = (4294967295 % n) + 1;
  let r: number;
  do r = g.nextWord();
  while (r < rem);
  return r % n;
}

/**
 * FixedUnigramSampler: `reserved` ids of weight 0, then the unigrams (those of this shard), each to
 * the power `distortion` in float32, drawn by DistributionSampler (Walker's alias table, built as
 * TensorFlow builds it: pairs of the last short and last long bucket).
 */
function fixedUnigramSampler(range: number, unigrams: readonly number[], distortion: number, reserved: number, shards: number, shard: number): RangeSampler {
  const weights: number[] = [];
  for (let id = 0; id < reserved; id++) if (id % shards === shard) weights.push(0);
  let total = 0;
  const first = weights.length; // (the unigrams' ids count on from the reserved ones this shard kept, as TensorFlow counts)
  unigrams.forEach((u, i) => {
    if ((first + i) % shards !== shard) return;
    const w = f(Math.pow(f(u), f(distortion)));
    total = f(total + w);
    weights.push(w);
  });
  if (weights.length !== range) throw new Error(`random.fixedUnigramCandidateSampler: range is ${range} must be equal to weights size ${weights.length}.`);
  // The alias table.
  const n = weights.length;
  let sum = 0;
  for (const w of weights) sum += w;
  const prob = new Float64Array(n), alt = new Int32Array(n).fill(-1);
  const high: number[] = [], low: number[] = [];
  weights.forEach((w, i) => {
    prob[i] = (w * n) / sum;
    (prob[i]! < 1 ? low : high).push(i);
  });
  while (high.length > 0 && low.length > 0) {
    const l = low.pop()!, h = high.pop()!;
    alt[l] = h;
    prob[h] = prob[h]! - (1 - prob[l]!);
    (prob[h]! < 1 ? low : high).push(h);
  }
  const probF = Float32Array.from(prob);
  for (const i of [...high, ...low]) {
    probF[i] = 1;
    alt[i] = i;
  }
  return {
    kernel: `FixedUnigramCandidateSampler|${distortion}|${reserved}|${shards}|${shard}|${unigrams.join(',')}`,
    range,
    sample: (g) => {
      const r = randFloat(g);
      const i = uniform32(g, n);
      return r < probF[i]! ? i : alt[i]!;
    },
    probability: (v) => (v < 0 || v >= n ? 0 : f(weights[v]! / total)),
  };
}

/**
 * ThreadUnsafeUnigramSampler's counts: one per class, 1 to start, and 1 more for each true class a
 * call sees (after it samples). A draw below the total picks the class whose run of the running sum
 * holds it (WeightedPicker's tree, here a Fenwick tree).
 */
class LearnedCounts {
  readonly counts: Int32Array;
  /** The Fenwick tree of the counts (1-based). */
  private readonly tree: Float64Array;
  total: number;

  constructor(range: number) {
    this.counts = new Int32Array(range).fill(1);
    this.tree = new Float64Array(range + 1);
    for (let i = 1; i <= range; i++) {
      this.tree[i]! += 1;
      const parent = i + (i & -i);
      if (parent <= range) this.tree[parent]! += this.tree[i]!;
    }
    this.total = range;
  }

  /** The class whose run [Σ_{j<i} c_j, Σ_{j≤i} c_j) holds `position`. */
  private pickAt(position: number): number {
    let at = 0;
    for (let step = 2 ** Math.floor(Math.log2(this.counts.length)); step > 0; step >>= 1) {
      if (at + step <= this.counts.length && this.tree[at + step]! <= position) {
        at += step;
        position -= this.tree[at]!;
      }
    }
    return at;
  }

  sample(g: Philox): number {
    return this.total === 0 ? -1 : this.pickAt(uniform32(g, this.total));
  }

  /** A class's count over the total, in float32. */
  probability(value: number): number {
    return f(f(this.counts[value]!) / f(this.total));
  }

  /** One more for each value, while the total stays an int32. */
  update(values: ArrayLike<number>): void {
    const n = Math.min(values.length, 2147483647 - this.total);
    for (let k = 0; k < n; k++) {
      const v = values[k]!;
      this.counts[v]!++;
      this.total++;
      for (let i = v + 1; i <= this.counts.length; i += i & -i) this.tree[i]! += 1;
    }
  }
}

/** ExpectedCountHelper, in float32: p·batch when every try was kept, else 1 - (1 - p)^tries. */
function expectedCount(p: number, batch: number, tries: number): number {
  if (tries === batch) return f(p * batch);
  return f(-Math.expm1(f(tries * log1pf(f(-p)))));
}

function checkCount(value: unknown, name: string, op: string, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw new Error(`${op}: ${name} must be an integer >= ${min}, got ${describe(value)}.`);
  return value as number;
}

/** The true classes as a [batch, numTrue] int32 matrix. */
function trueClassesOf(trueClasses: TensorLike, numTrue: number, op: string): Tensor {
  const t = toTensor(trueClasses, 'int32', op);
  if (t.dtype !== 'int32') throw new Error(`${op}: true_classes must be integers (int32), got ${t.dtype}.`);
  if (t.rank !== 2) throw new Error(`${op}: true_classes must be a matrix [batch, numTrue], got shape [${t.shape.join(', ')}].`);
  if (t.shape[1] !== numTrue) throw new Error(`${op}: true_classes must have numTrue columns, expected: ${t.shape[1]} was: ${numTrue}.`);
  return t;
}

/** BaseCandidateSamplerOp::Compute with `sampler`. */
function candidateSample(op: string, sampler: RangeSampler, trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, seed: number | undefined): SampledValues {
  checkCount(numTrue, 'numTrue', op, 1);
  checkCount(numSampled, 'numSampled', op, 0);
  if (typeof unique !== 'boolean') throw new Error(`${op}: unique must be a boolean, got ${describe(unique)}.`);
  const classes = trueClassesOf(trueClasses, numTrue, op);
  if (unique && numSampled > sampler.range) throw new Error(`${op}: the sampler's range is too small: ${numSampled} unique candidates from ${sampler.range}.`);
  const draw = ([t]: Tensor[]): Tensor => {
    const truth = t!.dataSync();
    for (const c of truth) {
      if (c < 0 || c >= sampler.range) throw new Error(`${op}: \`true_candidate\` out of range [0, ${sampler.range}), received ${c}.`);
    }
    // The kernel's attributes are part of its cache key: another numSampled is another stream.
    const { generator: g, key } = kernelDraw(`${sampler.kernel}|${numTrue}|${numSampled}|${unique}|${sampler.range}`, seed, 512 * numSampled);
    const counts = sampler.learned ? (key === null ? new LearnedCounts(sampler.range) : kernelState(key, () => new LearnedCounts(sampler.range))) : null;
    const active: Pick<RangeSampler, 'sample' | 'probability'> = counts ?? sampler;
    const sampled = new Int32Array(numSampled);
    let tries = 0;
    if (unique) {
      const used = new Set<number>();
      for (let picked = 0; picked < numSampled;) {
        tries++;
        const v = active.sample(g);
        if (!used.has(v)) {
          used.add(v);
          sampled[picked++] = v;
        }
      }
    } else {
      for (let i = 0; i < numSampled; i++) sampled[i] = active.sample(g);
      tries = numSampled;
    }
    const expected = new Float32Array(truth.length + numSampled);
    truth.forEach((c, i) => (expected[i] = expectedCount(active.probability(c), numSampled, tries)));
    sampled.forEach((c, i) => (expected[truth.length + i] = expectedCount(active.probability(c), numSampled, tries)));
    counts?.update(truth); // (a learned sampler learns the true classes after drawing)
    // One host value: the candidates and both counts (split below), drawn again at every compiled call.
    const packed = new Float64Array(numSampled + expected.length);
    packed.set(sampled);
    packed.set(expected, numSampled);
    return fromHost(packed, [packed.length], 'float64');
  };
  const packed = traceHostValue(draw, [classes]);
  const batch = classes.shape[0]!;
  return renamedCall(op, () => [
    cast(slice(packed, [0], [numSampled]), 'int32'),
    reshape(cast(slice(packed, [numSampled], [batch * numTrue]), 'float32'), [batch, numTrue]),
    cast(slice(packed, [numSampled + batch * numTrue], [numSampled]), 'float32'),
  ]) as SampledValues;
}

/** Options of the candidate samplers: the op seed (TensorFlow's seed rules with tf.random.setSeed). */
export interface CandidateSamplerOptions {
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}

/** The op seed of a sampler's options. */
function samplerSeed(options: CandidateSamplerOptions, op: string): number | undefined {
  const { seed } = checkOptions(options, op, ['seed'], '{seed: 1}') as CandidateSamplerOptions;
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be a safe integer, got ${describe(seed)}.`);
  return seed;
}

function rangeMaxOf(rangeMax: unknown, op: string): number {
  return checkCount(rangeMax, 'rangeMax', op, 1);
}

/**
 * tf.random.uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * seed): `numSampled` classes drawn uniformly from [0, rangeMax) (without repeats when `unique`),
 * with the expected count of each true and each sampled class: TensorFlow's candidates and counts
 * for a seed.
 */
export function uniformCandidateSampler(trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, rangeMax: number, options: CandidateSamplerOptions = {}): SampledValues {
  const op = 'random.uniformCandidateSampler';
  return candidateSample(op, uniformSampler(rangeMaxOf(rangeMax, op)), trueClasses, numTrue, numSampled, unique, samplerSeed(options, op));
}

/**
 * tf.random.log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
 * seed): `numSampled` classes from [0, rangeMax) with the Zipfian P(c) = ln((c + 2) / (c + 1)) /
 * ln(rangeMax + 1) (classes sorted by decreasing frequency), without repeats when `unique`, with
 * the expected count of each true and each sampled class: TensorFlow's candidates and counts for a seed.
 */
export function logUniformCandidateSampler(trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, rangeMax: number, options: CandidateSamplerOptions = {}): SampledValues {
  const op = 'random.logUniformCandidateSampler';
  return candidateSample(op, logUniformSampler(rangeMaxOf(rangeMax, op)), trueClasses, numTrue, numSampled, unique, samplerSeed(options, op));
}

/**
 * tf.random.learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique,
 * range_max, seed): classes drawn in proportion to counts the sampler learns, each class starting
 * at 1 and gaining 1 each time a call's true classes hold it (after that call draws), with the
 * expected count of each true and each sampled class: TensorFlow's candidates and counts for a seed.
 * The counts stay with the kernel: the calls with one op seed (or with no seed at all) share them
 * until `tf.random.setSeed`, as TensorFlow's kernel cache keeps them.
 */
export function learnedUnigramCandidateSampler(trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, rangeMax: number, options: CandidateSamplerOptions = {}): SampledValues {
  const op = 'random.learnedUnigramCandidateSampler';
  const range = rangeMaxOf(rangeMax, op);
  if (range >= 2147483647) throw new Error(`${op}: range_max must be less than 2147483647 for unigram samplers, got ${range}.`);
  const unused = (): never => {
    throw new Error(`${op}: internal: a learned sampler draws from its kernel's counts`);
  };
  const sampler: RangeSampler = { kernel: 'LearnedUnigramCandidateSampler', range, sample: unused, probability: unused, learned: true };
  return candidateSample(op, sampler, trueClasses, numTrue, numSampled, unique, samplerSeed(options, op));
}

/** Options of `tf.random.fixedUnigramCandidateSampler`. */
export interface FixedUnigramOptions extends CandidateSamplerOptions {
  /** Each class's count or probability (TensorFlow's `unigrams`; its `vocab_file` is not read here). */
  unigrams: readonly number[];
  /** The power the unigrams are raised to (default 1; word2vec uses 0.75). */
  distortion?: number;
  /** Ids 0..numReservedIds-1 of weight 0 before the unigrams (default 0). */
  numReservedIds?: number;
  /** How many shards the vocabulary is split in (default 1). */
  numShards?: number;
  /** Which shard this sampler draws (default 0): the ids i with i mod numShards = shard. */
  shard?: number;
}

/**
 * tf.random.fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique,
 * range_max, unigrams=..., distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0, seed):
 * classes drawn with probability unigrams[c]^distortion / Σ, with the expected count of each true
 * and each sampled class: TensorFlow's candidates and counts for a seed (its alias table).
 */
export function fixedUnigramCandidateSampler(trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, rangeMax: number, options: FixedUnigramOptions): SampledValues {
  const op = 'random.fixedUnigramCandidateSampler';
  const o = checkOptions(options, op, ['unigrams', 'distortion', 'numReservedIds', 'numShards', 'shard', 'seed'], '{unigrams: [5, 3, 1], distortion: 0.75}') as unknown as FixedUnigramOptions;
  const { unigrams, distortion = 1, numReservedIds = 0, numShards = 1, shard = 0 } = o;
  if (!Array.isArray(unigrams) || unigrams.length === 0 || !unigrams.every((u) => typeof u === 'number' && u >= 0 && Number.isFinite(u))) {
    throw new Error(`${op}: unigrams must be a non-empty list of non-negative numbers (TensorFlow's vocab_file is not supported: read the counts and pass them), got ${describe(unigrams)}.`);
  }
  if (typeof distortion !== 'number' || !Number.isFinite(distortion)) throw new Error(`${op}: distortion must be a finite number, got ${describe(distortion)}.`);
  checkCount(numReservedIds, 'numReservedIds', op, 0);
  checkCount(numShards, 'numShards', op, 1);
  if (!Number.isSafeInteger(shard) || shard < 0 || shard >= numShards) throw new Error(`${op}: shard must be an integer in [0, numShards), got ${describe(shard)}.`);
  const sampler = fixedUnigramSampler(rangeMaxOf(rangeMax, op), unigrams, distortion, numReservedIds, numShards, shard);
  return candidateSample(op, sampler, trueClasses, numTrue, numSampled, unique, samplerSeed({ seed: o.seed }, op));
}

/**
 * tf.random.all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed): the classes
 * 0..numSampled-1, every expected count 1 (for testing a sampled loss against the full one).
 */
export function allCandidateSampler(trueClasses: TensorLike, numTrue: number, numSampled: number, unique: boolean, options: CandidateSamplerOptions = {}): SampledValues {
  const op = 'random.allCandidateSampler';
  checkCount(numTrue, 'numTrue', op, 1);
  checkCount(numSampled, 'numSampled', op, 0);
  if (typeof unique !== 'boolean') throw new Error(`${op}: unique must be a boolean, got ${describe(unique)}.`);
  samplerSeed(options, op); // (no randomness: the seed is checked and unused, as in TensorFlow)
  const classes = trueClassesOf(trueClasses, numTrue, op);
  return [
    range(0, numSampled, 1, 'int32'),
    ones([classes.shape[0]!, numTrue], 'float32'),
    ones([numSampled], 'float32'),
  ];
}

/**
 * tf.nn.compute_accidental_hits(true_classes, sampled_candidates, num_true): where a sampled
 * candidate equals a true class of an example: [indices (the example), ids (the candidate's
 * position; the last one, if it was sampled twice), weights (-FLT_MAX)], in example order.
 */
export function computeAccidentalHits(trueClasses: TensorLike, sampledCandidates: TensorLike, numTrue: number): [indices: Tensor, ids: Tensor, weights: Tensor] {
  const op = 'nn.computeAccidentalHits';
  checkCount(numTrue, 'numTrue', op, 1);
  const classes = trueClassesOf(trueClasses, numTrue, op);
  const sampled = toTensor(sampledCandidates, 'int32', op);
  if (sampled.rank !== 1 || sampled.dtype !== 'int32') throw new Error(`${op}: sampled_candidates must be a vector of integers, got ${sampled.dtype} [${sampled.shape.join(', ')}].`);
  const packed = traceHostValue(([t, s]) => {
    const position = new Map<number, number>();
    s!.dataSync().forEach((c, i) => position.set(c, i));
    const hits: number[] = [];
    const truth = t!.dataSync();
    for (let i = 0; i < truth.length; i++) {
      const at = position.get(truth[i]!);
      if (at !== undefined) hits.push(Math.floor(i / numTrue), at);
    }
    return fromHost(Int32Array.from(hits), [hits.length / 2, 2], 'int32');
  }, [classes, sampled]);
  const n = packed.shape[0]!;
  return renamedCall(op, () => [reshape(slice(packed, [0, 0], [n, 1]), [n]), reshape(slice(packed, [0, 1], [n, 1]), [n]), fill([n], -3.4028234663852886e38, 'float32')]) as [Tensor, Tensor, Tensor];
}

/** The arguments of tf.nn.nce_loss and tf.nn.sampled_softmax_loss (TensorFlow 2's). */
export interface SampledLossArgs {
  /** [numClasses, dim], or a list of its row blocks in order (TensorFlow's 'div' partitions). */
  weights: TensorLike | readonly TensorLike[];
  /** [numClasses]. */
  biases: TensorLike;
  /** [batch, numTrue] int32 target classes. */
  labels: TensorLike;
  /** [batch, dim] forward activations. */
  inputs: TensorLike;
  /** How many classes to sample per batch. */
  numSampled: number;
  /** How many classes there are (the sampler's range). */
  numClasses: number;
  /** Classes per example (default 1). */
  numTrue?: number;
  /** A sampler's result to use instead of log_uniform_candidate_sampler's (unique) draw. */
  sampledValues?: SampledValues | null;
  /** Whether a sampled class equal to a target gets logit -FLT_MAX added (default false for
   * nceLoss, true for sampledSoftmaxLoss). */
  removeAccidentalHits?: boolean;
  /** The sampler's op seed (sampledSoftmaxLoss; nceLoss has none in TensorFlow 2, but takes it). */
  seed?: number;
}

/** _compute_sampled_logits: [batch, numTrue + numSampled] logits less log Q, and their labels. */
function sampledLogits(op: string, args: SampledLossArgs, removeHits: boolean): [Tensor, Tensor] {
  const keys = ['weights', 'biases', 'labels', 'inputs', 'numSampled', 'numClasses', 'numTrue', 'sampledValues', 'removeAccidentalHits', 'seed'];
  checkOptions(args, op, keys, '{weights, biases, labels, inputs, numSampled, numClasses}');
  const { numSampled, numClasses, numTrue = 1, sampledValues, seed } = args;
  checkCount(numSampled, 'numSampled', op, 1);
  checkCount(numClasses, 'numClasses', op, 1);
  checkCount(numTrue, 'numTrue', op, 1);
  const inputs = toTensor(args.inputs, undefined, op);
  if (!isFloat(inputs.dtype) || inputs.rank !== 2) throw new Error(`${op}: inputs must be a float [batch, dim] matrix, got ${inputs.dtype} [${inputs.shape.join(', ')}].`);
  // A list of blocks (tensors, or nested arrays of rows), or one matrix (a tensor, or an array of rows of numbers).
  const w = args.weights;
  const isBlocks = Array.isArray(w) && w.length > 0 && w.every((b) => b instanceof Tensor || (Array.isArray(b) && Array.isArray(b[0])));
  const blocks = isBlocks ? (w as readonly TensorLike[]).map((b) => toTensor(b, inputs.dtype, op)) : [toTensor(w as TensorLike, inputs.dtype, op)];
  // TensorFlow 2 looks ids up in a list by 'div': the first (total mod n) blocks have one row more
  // than the others, and ids run through them in order, which is the blocks' concatenation.
  const total = blocks.reduce((sum, w) => sum + (w.shape[0] ?? 0), 0);
  blocks.forEach((w, p) => {
    const rows = Math.floor(total / blocks.length) + (p < total % blocks.length ? 1 : 0);
    if (w.shape[0] !== rows) throw new Error(`${op}: weights block ${p} must have ${rows} rows (TensorFlow's 'div' partition of ${total} rows into ${blocks.length}), got [${w.shape.join(', ')}].`);
  });
  const weights = blocks.length === 1 ? blocks[0]! : concat(blocks, 0);
  if (weights.rank !== 2 || weights.shape[1] !== inputs.shape[1]) throw new Error(`${op}: weights must be [numClasses, dim] with dim = ${inputs.shape[1]}, got [${weights.shape.join(', ')}].`);
  const biases = toTensor(args.biases, inputs.dtype, op);
  const labels = trueClassesOf(args.labels, numTrue, op);
  const batch = labels.shape[0]!;
  if (batch !== inputs.shape[0]) throw new Error(`${op}: labels and inputs must have the same batch size, got ${batch} and ${inputs.shape[0]}.`);
  const [sampled, trueExpected, sampledExpected] = (sampledValues ?? logUniformCandidateSampler(labels, numTrue, numSampled, true, numClasses, { seed })).map((t) => stopGradient(t));
  return renamedCall(op, () => {
    const labelsFlat = reshape(labels, [-1]);
    const allIds = concat([labelsFlat, cast(sampled!, 'int32')], 0);
    const allW = cast(gather(weights, allIds), inputs.dtype);
    const allB = cast(gather(biases, allIds), inputs.dtype);
    const n = batch * numTrue;
    const dim = inputs.shape[1]!;
    const trueW = slice(allW, [0, 0], [n, dim]);
    const sampledW = slice(allW, [n, 0], [numSampled, dim]);
    let sampled_ = gen.add(matmul(inputs, sampledW, false, true), slice(allB, [n], [numSampled]));
    // Row-wise dots of each example with its true classes' weights, summed by a product with ones (as TensorFlow's _sum_rows).
    const dots = reshape(gen.mul(expandDims(inputs, 1), reshape(trueW, [batch, numTrue, dim])), [n, dim]);
    let trueLogits = gen.add(reshape(matmul(dots, ones([dim, 1], inputs.dtype)), [batch, numTrue]), reshape(slice(allB, [0], [n]), [batch, numTrue]));
    if (removeHits) {
      const [indices, ids] = computeAccidentalHits(labels, sampled!, numTrue);
      const hit = scatterNd(stack([indices, ids], 1), fill([indices.shape[0]!], 1, inputs.dtype), [batch, numSampled]);
      // sparse_to_dense of -FLT_MAX at each hit (a pair hit twice is set once).
      sampled_ = gen.add(sampled_, gen.mul(gen.minimum(hit, 1), -3.4028234663852886e38));
    }
    trueLogits = gen.sub(trueLogits, gen.log(cast(trueExpected!, inputs.dtype)));
    sampled_ = gen.sub(sampled_, gen.log(cast(sampledExpected!, inputs.dtype)));
    const logits = concat([trueLogits, sampled_], 1);
    const outLabels = concat([gen.div(onesLike(trueLogits), numTrue), zerosLike(sampled_)], 1);
    return [logits, outLabels];
  }) as [Tensor, Tensor];
}

/**
 * tf.nn.nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
 * sampled_values=None, remove_accidental_hits=False): the noise-contrastive estimation loss of
 * each example [batch]: the sigmoid cross-entropy of its true classes' logits (label 1/numTrue)
 * and of `numSampled` sampled classes' (label 0), each logit less the log of its expected count.
 * Without `sampledValues`, the classes are drawn by logUniformCandidateSampler (unique), so the
 * classes should be sorted by decreasing frequency.
 */
export function nceLoss(args: SampledLossArgs): Tensor {
  const op = 'nn.nceLoss';
  const [logits, labels] = sampledLogits(op, args, args.removeAccidentalHits ?? false);
  return renamedCall(op, () => {
    const losses = sigmoidCrossEntropyWithLogits({ labels, logits });
    return reshape(matmul(losses, ones([logits.shape[1]!, 1], logits.dtype)), [-1]);
  });
}

/**
 * tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes,
 * num_true=1, sampled_values=None, remove_accidental_hits=True, seed=None): the softmax
 * cross-entropy of each example [batch] over its true classes (label 1/numTrue) and `numSampled`
 * sampled ones, each logit less the log of its expected count; a sampled class equal to a true
 * one is removed (logit -FLT_MAX) unless `removeAccidentalHits` is false.
 */
export function sampledSoftmaxLoss(args: SampledLossArgs): Tensor {
  const op = 'nn.sampledSoftmaxLoss';
  const [logits, labels] = sampledLogits(op, args, args.removeAccidentalHits ?? true);
  return renamedCall(op, () => softmaxCrossEntropyWithLogits({ labels: stopGradient(labels), logits }));
}
