// tf.nn.ctc_greedy_decoder and tf.nn.ctc_beam_search_decoder as TensorFlow 2.21's CPU kernels
// (ctc_decoder_ops.cc, util/ctc/ctc_beam_search.h with the default scorer) compute them, kept
// step for step: the same float32 or float64 arithmetic (every operation rounded to the input's
// dtype; LogSumExp with log1pf and expf even for float64, as TensorFlow's; log1pf is glibc's,
// ported; exp and log are V8's, which glibc's expf, logf, exp and log differ from by an ulp now
// and then: float32 scores equal TensorFlow's bit for bit on the fixtures, float64 ones to a few
// ulps), the same beam
// bookkeeping in a gtl::TopN (so equally scored beams are kept and ordered as TensorFlow orders
// them), the same checks with TensorFlow's messages. Decoded paths are TensorFlow's SparseTensor
// fields; its int64 indices, values and dense shapes are int32 here.

import { shapeText } from './composite';
import { toTensor } from './creation';
import { checkBoolean, checkOptions, describe } from './describe';
import { valuesOf } from './indexing';
import { renamedCall } from './ops';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { log1pf } from './log1pf';
import { TopN } from './top-n';
import { TraceSpoiler } from './wasm/runtime';

/** Options of `tf.nn.ctcGreedyDecoder`. */
export interface CtcGreedyDecoderOptions {
  /** Whether a class repeated on consecutive frames is emitted once (default true). */
  mergeRepeated?: boolean;
  /** The blank's class (default the last, classes - 1); a negative one counts from the number of classes. */
  blankIndex?: number | null;
}

/** Options of `tf.nn.ctcBeamSearchDecoder`. */
export interface CtcBeamSearchDecoderOptions {
  /** How many prefixes the search keeps at each frame (default 100). */
  beamWidth?: number;
  /** How many of the best paths are returned (default 1, at most `beamWidth`). */
  topPaths?: number;
}

/** Decoded paths of a batch: TensorFlow's SparseTensor fields. */
export interface CtcDecodedPaths {
  /** int32 [count, 2]: `[batch entry, position]` of each decoded class. */
  indices: Tensor;
  /** int32 [count]: the decoded classes. */
  values: Tensor;
  /** int32 [2]: `[batch, longest decoded length]`. */
  denseShape: Tensor;
}

/** The inputs' values, dimensions and the rounding of their dtype, after TensorFlow's checks. */
function decoderInputs(inputs: TensorLike, sequenceLength: TensorLike, op: string) {
  const x = toTensor(inputs, 'float32', op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new Error(`${op}: inputs must be float32 or float64, got ${x.dtype}.`);
  if (x.rank !== 3) throw new Error(`${op}: inputs is not a 3-Tensor (it must be [max_time, batch_size, num_classes], got shape ${shapeText(x.shape)}).`);
  if (x.size === 0) throw new Error(`${op}: inputs must not be empty (got shape ${shapeText(x.shape)}).`);
  const [T, B, C] = x.shape as [number, number, number];
  const s = toTensor(sequenceLength, 'int32', op);
  if (s.dtype !== 'int32') throw new Error(`${op}: sequenceLength must be int32, got ${s.dtype}; cast it first, e.g. tf.cast(sequenceLength, 'int32').`);
  if (s.rank !== 1) throw new Error(`${op}: sequence_length is not a vector (got shape ${shapeText(s.shape)}).`);
  if (s.shape[0] !== B) throw new Error(`${op}: len(sequence_length) != batch_size.  len(sequence_length):  ${s.shape[0]} batch_size: ${B}`);
  const lengths = Int32Array.from(valuesOf(s, op, TraceSpoiler.Branch));
  lengths.forEach((n, b) => {
    if (!(n <= T)) throw new Error(`${op}: sequence_length(${b}) <= ${T} (each sequence length must be at most max_time; it is ${n}).`);
  });
  const round: (v: number) => number = x.dtype === 'float32' ? Math.fround : (v) => v;
  return { x, values: valuesOf(x, op, TraceSpoiler.Branch), T, B, C, lengths, round };
}

/** TensorFlow's StoreAllDecodedSequences for one path rank: `sequences[b]` decoded for entry b. */
function sparsePaths(sequences: number[][]): CtcDecodedPaths {
  const count = sequences.reduce((n, s) => n + s.length, 0);
  const indices = new Int32Array(2 * count), values = new Int32Array(count);
  let offset = 0, longest = 0;
  sequences.forEach((s, b) => {
    longest = Math.max(longest, s.length);
    s.forEach((label, t) => {
      indices[2 * offset] = b;
      indices[2 * offset + 1] = t;
      values[offset++] = label;
    });
  });
  return { indices: fromHost(indices, [count, 2], 'int32'), values: fromHost(values, [count], 'int32'), denseShape: fromHost(Int32Array.of(sequences.length, longest), [2], 'int32') };
}

/**
 * tf.nn.ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None): best
 * path decoding. At each of a sequence's frames the class with the greatest logit is taken (the
 * first on ties); blanks are dropped and, with `mergeRepeated` (the default), a class equal to the
 * previous frame's is emitted once. `inputs` is float32 or float64 [max_time, batch, classes]
 * logits and `sequenceLength` int32 [batch] (each at most max_time). Returns `[[decoded],
 * negSumLogits]`: the decoded classes as SparseTensor fields (`indices` [count, 2] of `[batch
 * entry, position]`, `values` [count], `denseShape` `[batch, longest]`; int32 where TensorFlow's
 * are int64), and [batch, 1] of the negative sum of each frame's greatest logit (blanks count, as
 * TensorFlow counts them). The blank is the last class unless `blankIndex` says otherwise. Not
 * differentiable (TensorFlow registers no gradient); it reads the inputs' values, so a
 * `tf.function` that calls it runs as written at every call.
 *
 * @example
 * ```ts
 * // Three frames, classes {a, b, blank}: a a b -> "a b"; the greatest logits sum to 6.
 * const logits = tf.constant([[[2, 0, 1]], [[2, 1, 0]], [[0, 2, 1]]]);
 * const [[decoded], negSum] = tf.nn.ctcGreedyDecoder(logits, [3]);
 * console.log(decoded.values.arraySync(), decoded.denseShape.arraySync(), negSum.arraySync()); // [ 0, 1 ] [ 1, 2 ] [ [ -6 ] ]
 * ```
 */
export function ctcGreedyDecoder(inputs: TensorLike, sequenceLength: TensorLike, options?: CtcGreedyDecoderOptions): [[CtcDecodedPaths], Tensor] {
  const op = 'ctcGreedyDecoder';
  const o = checkOptions(options, op, ['mergeRepeated', 'blankIndex'], '{ mergeRepeated: false, blankIndex: 0 }');
  const mergeRepeated = checkBoolean(o.mergeRepeated, op, 'mergeRepeated', true);
  const requested = o.blankIndex ?? -1;
  if (typeof requested !== 'number' || !Number.isInteger(requested)) throw new Error(`${op}: blankIndex must be an integer, got ${describe(o.blankIndex)}.`);
  return renamedCall(op, () => {
    const { x, values, B, C, lengths, round } = decoderInputs(inputs, sequenceLength, op);
    const blank = requested < 0 ? C + requested : requested;
    if (blank < 0 || blank >= C) throw new Error(`${op}: blank_index expected to be between ${-C} and ${C - 1} but was ${requested}.`);
    const negSum = new Float64Array(B);
    const sequences: number[][] = [];
    for (let b = 0; b < B; b++) {
      const sequence: number[] = [];
      let previous = -1;
      for (let t = 0; t < lengths[b]!; t++) {
        const row = (t * B + b) * C;
        let best = 0, max = values[row]!;
        for (let c = 1; c < C; c++) {
          if (values[row + c]! > max) {
            max = values[row + c]!;
            best = c;
          }
        }
        negSum[b] = round(negSum[b]! - max);
        if (best !== blank && !(mergeRepeated && best === previous)) sequence.push(best);
        previous = best;
      }
      sequences.push(sequence);
    }
    const neg = fromHost(x.dtype === 'float32' ? Float32Array.from(negSum) : negSum, [B, 1], x.dtype);
    return [[sparsePaths(sequences)], neg];
  });
}

/** A BeamEntry's log probabilities: of the prefix, of it ending in a blank, in its last label. */
interface BeamProbability { total: number; blank: number; label: number }

/** A BeamEntry: a prefix (its labels up the parent chain) with its probabilities. */
interface BeamEntry {
  parent: BeamEntry | null;
  label: number;
  children: Map<number, BeamEntry>;
  oldp: BeamProbability;
  newp: BeamProbability;
}

const zeroProbability = (): BeamProbability => ({ total: -Infinity, blank: -Infinity, label: -Infinity });
const newEntry = (parent: BeamEntry | null, label: number): BeamEntry => ({ parent, label, children: new Map(), oldp: zeroProbability(), newp: zeroProbability() });
const isActive = (e: BeamEntry) => e.newp.total !== -Infinity;
const ranksAbove = (a: BeamEntry, b: BeamEntry) => a.newp.total > b.newp.total;

/** The prefix's labels, root first (LabelSeq(merge_repeated=false)). */
function labelSequence(e: BeamEntry): number[] {
  const labels: number[] = [];
  for (let c: BeamEntry = e; c.parent !== null; c = c.parent) labels.push(c.label);
  return labels.reverse();
}

/** TensorFlow's ctc::LogSumExp: log1pf(expf(...)) in float, whatever the dtype. */
function logSumExp(a: number, b: number, round: (v: number) => number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return round(hi + log1pf(Math.fround(Math.exp(Math.fround(lo - hi)))));
}

/** One frame of CTCBeamSearchDecoder::Step with the default scorer and no label selection. */
function beamStep(leaves: TopN<BeamEntry>, input: ArrayLike<number>, at: number, C: number, beamWidth: number, round: (v: number) => number): TopN<BeamEntry> {
  const blank = C - 1;
  let max = -Infinity;
  for (let j = 0; j < C; j++) if (input[at + j]! > max) max = input[at + j]!;
  // The log softmax's offset: max + log Σ exp(x - max), in the dtype's arithmetic.
  let sum = 0;
  for (let j = 0; j < C; j++) sum = round(sum + round(Math.exp(round(input[at + j]! - max))));
  const norm = round(max + round(Math.log(sum)));
  const branches = leaves.extract();
  const next = new TopN<BeamEntry>(beamWidth, ranksAbove);
  for (const b of branches) b.oldp = { ...b.newp };
  for (const b of branches) {
    if (b.parent !== null) {
      if (isActive(b.parent)) {
        // A repeated label needs a blank in between: it extends the parent's blank-ending paths.
        const previous = b.label === b.parent.label ? b.parent.oldp.blank : b.parent.oldp.total;
        b.newp.label = logSumExp(b.newp.label, previous, round);
      }
      b.newp.label = round(b.newp.label + round(input[at + b.label]! - norm));
    }
    b.newp.blank = round(round(b.oldp.total + input[at + blank]!) - norm);
    b.newp.total = logSumExp(b.newp.blank, b.newp.label, round);
    next.push(b);
  }
  const isCandidate = (p: BeamProbability) => p.total > -Infinity && (next.size < beamWidth || p.total > next.peekBottom().newp.total);
  for (const b of branches) {
    if (!isCandidate(b.oldp)) continue;
    for (let label = 0; label < C - 1; label++) {
      let c = b.children.get(label);
      if (c === undefined) b.children.set(label, (c = newEntry(b, label)));
      if (isActive(c)) continue;
      c.newp.blank = -Infinity;
      const previous = c.label === b.label ? b.oldp.blank : b.oldp.total;
      c.newp.label = round(round(input[at + label]! - norm) + previous);
      c.newp.total = c.newp.label;
      if (isCandidate(c.newp)) {
        // The beam is full: the entry at its bottom leaves the search.
        if (next.size === beamWidth) next.peekBottom().newp = zeroProbability();
        next.push(c);
      } else {
        c.oldp = zeroProbability();
        c.newp = zeroProbability();
      }
    }
  }
  return next;
}

/**
 * tf.nn.ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1): TensorFlow
 * 2's CTC prefix beam search (no merging of repeated classes in the output). At each frame the
 * logits' log softmax extends the `beamWidth` most probable label prefixes (a prefix's probability
 * sums all its alignments: paths ending in a blank and in its last label). The blank is the last
 * class. `inputs` is float32 or float64 [max_time, batch, classes] logits and `sequenceLength`
 * int32 [batch] (each at most max_time). Returns `[decoded, logProbabilities]`: `decoded[j]` the
 * j-th best path of every batch entry as SparseTensor fields (`indices` [count, 2] of `[batch
 * entry, position]`, `values` [count], `denseShape` `[batch, longest]`; int32 where TensorFlow's
 * are int64), and [batch, topPaths] of the paths' log probabilities. Equal probabilities are
 * ordered as TensorFlow orders them. Asking for more paths than the search holds (for example two
 * paths of a zero-length sequence) is TensorFlow's error. Not differentiable; it reads the inputs'
 * values, so a `tf.function` that calls it runs as written at every call.
 *
 * @example
 * ```ts
 * // Two frames, classes {a, b, blank}: "a" (aa, a_, _a: 0.43) beats "b" (bb, b_, _b: 0.24).
 * const logits = tf.log(tf.constant([[[0.5, 0.3, 0.2]], [[0.4, 0.3, 0.3]]]));
 * const [decoded, logProbabilities] = tf.nn.ctcBeamSearchDecoder(logits, [2], { beamWidth: 4, topPaths: 2 });
 * console.log(decoded.map((d) => d.values.arraySync()), tf.exp(logProbabilities).arraySync()[0]!.map((p) => p.toFixed(2))); // [ [ 0 ], [ 1 ] ] [ '0.43', '0.24' ]
 * ```
 */
export function ctcBeamSearchDecoder(inputs: TensorLike, sequenceLength: TensorLike, options?: CtcBeamSearchDecoderOptions): [CtcDecodedPaths[], Tensor] {
  const op = 'ctcBeamSearchDecoder';
  const o = checkOptions(options, op, ['beamWidth', 'topPaths'], '{ beamWidth: 10, topPaths: 2 }');
  const atLeastOne = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${op}: ${name} must be an integer of at least 1 (TensorFlow's minimum), got ${describe(v)}.`);
    return v;
  };
  const beamWidth = atLeastOne('beamWidth', o.beamWidth ?? 100), topPaths = atLeastOne('topPaths', o.topPaths ?? 1);
  return renamedCall(op, () => {
    const { x, values, B, C, lengths, round } = decoderInputs(inputs, sequenceLength, op);
    const best: number[][][] = Array.from({ length: topPaths }, () => []);
    const logProbabilities = new Float64Array(B * topPaths);
    for (let b = 0; b < B; b++) {
      const root = newEntry(null, -1);
      root.newp.total = root.newp.blank = 0;
      let leaves = new TopN<BeamEntry>(beamWidth, ranksAbove);
      leaves.push(root);
      for (let t = 0; t < lengths[b]!; t++) leaves = beamStep(leaves, values, (t * B + b) * C, C, beamWidth, round);
      // TopPaths: the leaves pushed, in storage order, into a TopN of topPaths.
      if (topPaths > beamWidth) throw new Error(`${op}: requested more paths than the beam width. (topPaths ${topPaths} > beamWidth ${beamWidth})`);
      if (topPaths > leaves.size) throw new Error(`${op}: Less leaves in the beam search than requested. (batch entry ${b} has ${leaves.size} with sequence length ${lengths[b]}; topPaths is ${topPaths})`);
      const top = new TopN<BeamEntry>(topPaths, ranksAbove);
      for (const e of leaves.unsorted()) top.push(e);
      top.extract().forEach((e, p) => {
        best[p]![b] = labelSequence(e);
        logProbabilities[b * topPaths + p] = e.newp.total;
      });
    }
    const logp = fromHost(x.dtype === 'float32' ? Float32Array.from(logProbabilities) : logProbabilities, [B, topPaths], x.dtype);
    return [best.map(sparsePaths), logp];
  });
}
