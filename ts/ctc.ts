// tf.nn.ctc_loss for dense labels (TensorFlow 2's ctc_loss_dense, after Sim et al. 2017): the
// negative log-likelihood of each label sequence under the CTC alignment model, by TensorFlow's
// batched forward-backward algorithm in the log domain, kept step for step: the same states
// (a start state, one state per label position, one blank state after each), the same finite
// "log 0" (log 1e-307 in float32) for the initial and final states, the same per-frame
// normalization and masks. So the edge cases (a label longer than its frames allow, a zero
// length) give TensorFlow's finite values too. Computed in float64 and rounded to float32.
// The gradient is TensorFlow's: computed with the loss, softmax(logits) minus the posterior of
// each class, zero past each sequence's length, scaled by the upstream gradient.

import { customGradient } from './autodiff';
import { shapeText } from './composite';
import { toTensor } from './creation';
import { checkBoolean, checkOptions, describe } from './describe';
import * as gen from './generated/ops';
import { valuesOf } from './indexing';
import { renamedCall, reshape } from './ops';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';

/** Options of `tf.nn.ctcLoss`. */
export interface CtcLossOptions {
  /** Whether `logits` is [frames, batch, classes] (true, the default) or [batch, frames, classes]. */
  logitsTimeMajor?: boolean;
  /** `[uniqueY, uniqueIdx]` from `ctc_unique_labels(labels)`: TensorFlow's faster path for TPUs;
   * the loss and the gradient are the same without it (checked for shape only). */
  unique?: [TensorLike, TensorLike] | null;
  /** The class of the blank (default 0); a negative one counts from the number of classes. */
  blankIndex?: number;
}

/** TensorFlow's "log 0": log(1e-307) rounded to float32. */
const LOG_0 = Math.fround(Math.log(1e-307));

/** reduce_logsumexp as TensorFlow computes it: the maximum subtracted when it is finite. */
function logSumExp(x: ArrayLike<number>, from = 0, to = x.length): number {
  let max = -Infinity;
  for (let i = from; i < to; i++) max = Math.max(max, x[i]!);
  const shift = Number.isFinite(max) ? max : 0;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(x[i]! - shift);
  return Math.log(sum) + shift;
}

/** The loss and the gradient (in the permuted class order, blank first) of one sequence. */
function ctcSequence(
  ilp: Float64Array, T: number, C: number, labels: Int32Array, labelLength: number, logitLength: number,
): { loss: number; grad: Float64Array } {
  const L = labels.length, S = 2 * (L + 1), blank0 = L + 1;
  // Incoming transitions (log 0 each): self-loops; start -> first label; blank before label i ->
  // label i; label i -> the blank after it; label i -> label i+1 unless the two are equal.
  const incoming: number[][] = Array.from({ length: S }, (_, s) => [s]);
  incoming[1]?.push(0);
  for (let i = 1; i <= L; i++) incoming[i]!.push(blank0 + i - 1);
  for (let i = 0; i <= L; i++) incoming[blank0 + i]!.push(i);
  for (let i = 1; i < L; i++) if (labels[i - 1] !== labels[i]) incoming[i + 1]!.push(i);
  const outgoing: number[][] = Array.from({ length: S }, () => []);
  for (let to = 0; to < S; to++) for (const from of incoming[to]!) outgoing[from]!.push(to);
  // Each state's log probability of each frame: -inf for the start state, the label's class
  // (a sum against a one-hot row, as TensorFlow takes it: 0 for a class out of range) for label
  // states, the blank's for blank states.
  const obs = new Float64Array(T * S);
  for (let t = 0; t < T; t++) {
    const row = t * C;
    obs[t * S] = -Infinity;
    for (let i = 0; i < L; i++) {
      let v = 0;
      for (let c = 0; c < C; c++) v += ilp[row + c]! * (c === labels[i] ? 1 : 0);
      obs[t * S + 1 + i] = v;
    }
    for (let i = 0; i <= L; i++) obs[t * S + blank0 + i] = ilp[row]!;
  }
  const final = new Float64Array(S).fill(LOG_0);
  if (labelLength >= 0 && labelLength <= L) final[labelLength] = final[blank0 + labelLength] = 0;
  const mask = (t: number) => (t < logitLength ? 1 : 0);
  const step = new Float64Array(S);
  // Forward: fwd[t + 1] from fwd[t], normalized at every frame.
  const fwd = new Float64Array((T + 1) * S).fill(LOG_0);
  fwd[0] = 0;
  for (let t = 0; t < T; t++) {
    for (let to = 0; to < S; to++) {
      const ins = incoming[to]!;
      let m = -Infinity;
      for (const f of ins) m = Math.max(m, fwd[t * S + f]!);
      const shift = Number.isFinite(m) ? m : 0;
      let sum = 0;
      for (const f of ins) sum += Math.exp(fwd[t * S + f]! - shift);
      step[to] = Math.log(sum) + shift + obs[t * S + to]!;
    }
    const norm = logSumExp(step);
    for (let s = 0; s < S; s++) fwd[(t + 1) * S + s] = step[s]! - norm;
  }
  // Backward from the final states, masked past the sequence's frames, with the normalizers summed.
  const bwd = new Float64Array((T + 1) * S);
  bwd.set(final, T * S);
  let cumulative = 0;
  const shifted = new Float64Array(S);
  for (let t = T - 1; t >= 0; t--) {
    for (let s = 0; s < S; s++) shifted[s] = bwd[(t + 1) * S + s]! + obs[t * S + s]!;
    for (let from = 0; from < S; from++) {
      const outs = outgoing[from]!;
      let m = -Infinity;
      for (const j of outs) m = Math.max(m, shifted[j]!);
      const shift = Number.isFinite(m) ? m : 0;
      let sum = 0;
      for (const j of outs) sum += Math.exp(shifted[j]! - shift);
      step[from] = Math.log(sum) + shift;
    }
    const norm = logSumExp(step);
    const k = mask(t);
    cumulative += norm * k;
    for (let s = 0; s < S; s++) bwd[t * S + s] = (step[s]! - norm) * k + final[s]! * (1 - k);
  }
  const loss = -(bwd[0]! + cumulative);
  // Posterior of each state at each frame, summed into classes; the gradient is
  // softmax - posterior, zero past the sequence's frames.
  const grad = new Float64Array(T * C);
  const fb = new Float64Array(S);
  const terms = new Float64Array(Math.max(L, 1));
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) fb[s] = fwd[(t + 1) * S + s]! + bwd[(t + 1) * S + s]!;
    const norm = logSumExp(fb);
    const logMask = Math.log(mask(t));
    for (let s = 0; s < S; s++) fb[s] = fb[s]! - norm + logMask;
    const row = t * C;
    grad[row] = (Math.exp(ilp[row]!) - Math.exp(logSumExp(fb, blank0, S))) * mask(t);
    for (let c = 1; c < C; c++) {
      for (let i = 0; i < L; i++) terms[i] = fb[1 + i]! + (labels[i]! - 1 === c - 1 ? 0 : -Infinity);
      grad[row + c] = (Math.exp(ilp[row + c]!) - Math.exp(logSumExp(terms, 0, L))) * mask(t);
    }
  }
  return { loss, grad };
}

/** An int32 tensor of `shape`, its values. */
function intArgument(x: TensorLike, op: string, name: string, rank: number): { t: Tensor; values: Int32Array } {
  const t = toTensor(x, 'int32', op);
  if (t.dtype !== 'int32') throw new Error(`${op}: ${name} must be int32, got ${t.dtype}; cast it first, e.g. tf.cast(${name}, 'int32').`);
  if (t.rank !== rank) throw new Error(`${op}: ${name} must have rank ${rank}, got shape ${shapeText(t.shape)}.`);
  return { t, values: Int32Array.from(valuesOf(t, op, TraceSpoiler.Branch)) };
}

/**
 * tf.nn.ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None,
 * blank_index=0) for dense labels: the CTC loss (the negative log probability of each label
 * sequence, summed over its alignments; Graves et al. 2006) of each batch entry, float32 [batch].
 * `labels` is int32 [batch, maxLabelLength] (padded; `labelLength` [batch] says how much of each
 * row counts), `logits` float32 [frames, batch, classes] (or [batch, frames, classes] with
 * `logitsTimeMajor: false`; the softmax is taken here) and `logitLength` [batch] the frames of each
 * sequence. The blank is class `blankIndex` (0 by default; -1 is the last class, TF 1's
 * convention). Computed as TensorFlow's dense implementation computes it (its forward-backward
 * algorithm, with a finite log 0: a label sequence its frames cannot hold costs about 707, not
 * infinity); float64 logits are refused, as TensorFlow's implementation fails on them. The
 * gradient with respect to `logits` is TensorFlow's: softmax minus the class posteriors, zero
 * past each sequence's frames (its own derivative is not recorded: no second derivative, as in
 * TensorFlow). The loss reads the labels' and lengths' values, so a `tf.function` that calls it
 * runs as written at every call.
 *
 * @example
 * ```ts
 * // Two frames, classes {blank, a}: the label "a" is read as "a a", "a _" or "_ a".
 * const logits = tf.constant([[[0, 0]], [[0, 0]]]); // uniform: each path has probability 1/4
 * const loss = tf.nn.ctcLoss([[1]], logits, [1], [2]);
 * console.log(loss.arraySync()[0]!.toFixed(5), Math.log(4 / 3).toFixed(5)); // 0.28768 0.28768
 * ```
 */
export function ctcLoss(labels: TensorLike, logits: TensorLike, labelLength: TensorLike, logitLength: TensorLike, options?: CtcLossOptions): Tensor {
  const op = 'ctcLoss';
  const o = checkOptions(options, op, ['logitsTimeMajor', 'unique', 'blankIndex'], '{ logitsTimeMajor: false, blankIndex: 0 }');
  const timeMajor = checkBoolean(o.logitsTimeMajor, op, 'logitsTimeMajor', true);
  const x = toTensor(logits, 'float32', op);
  if (x.dtype !== 'float32') {
    throw new Error(`${op}: logits must be float32, got ${x.dtype} (TensorFlow's dense CTC loss mixes float32 constants in, and fails on ${x.dtype}); cast them first, e.g. tf.cast(logits, 'float32').`);
  }
  if (x.rank !== 3) throw new Error(`${op}: logits must have rank 3 (${timeMajor ? '[frames, batch, classes]' : '[batch, frames, classes]'}), got shape ${shapeText(x.shape)}.`);
  const [T, B] = timeMajor ? [x.shape[0]!, x.shape[1]!] : [x.shape[1]!, x.shape[0]!];
  const C = x.shape[2]!;
  let blank = o.blankIndex ?? 0;
  if (typeof blank !== 'number' || !Number.isInteger(blank)) throw new Error(`${op}: blankIndex must be an integer, got ${describe(blank)}.`);
  if (blank < 0) blank += C;
  if (blank < 0 || blank >= C) throw new Error(`${op}: blankIndex ${o.blankIndex} is out of range for ${C} classes.`);
  const lab = intArgument(labels, op, 'labels', 2);
  const labLen = intArgument(labelLength, op, 'labelLength', 1);
  const logLen = intArgument(logitLength, op, 'logitLength', 1);
  for (const [name, t] of [['labels', lab.t], ['labelLength', labLen.t], ['logitLength', logLen.t]] as const) {
    if (t.shape[0] !== B) throw new Error(`${op}: ${name} has ${t.shape[0]} batch entries (shape ${shapeText(t.shape)}) but logits has ${B} (shape ${shapeText(x.shape)}).`);
  }
  const L = lab.t.shape[1]!;
  if (o.unique !== undefined && o.unique !== null) {
    if (!Array.isArray(o.unique) || o.unique.length !== 2) throw new Error(`${op}: unique must be [uniqueY, uniqueIdx] (ctc_unique_labels' result), got ${describe(o.unique)}.`);
    for (const part of o.unique) {
      const u = toTensor(part as TensorLike, 'int32', op);
      if (u.rank !== 2 || u.shape[0] !== B || u.shape[1] !== L) throw new Error(`${op}: unique's tensors must have the labels' shape ${shapeText(lab.t.shape)}, got ${shapeText(u.shape)}.`);
    }
  }
  return renamedCall(op, () => {
    const values = valuesOf(x, op, TraceSpoiler.Branch);
    const at = (t: number, b: number, c: number) => (timeMajor ? (t * B + b) * C + c : (b * T + t) * C + c);
    // Classes with the blank moved first (TensorFlow's permutation), and labels renumbered to match.
    const order = [blank, ...Array.from({ length: C }, (_, c) => c).filter((c) => c !== blank)];
    const losses = new Float32Array(B);
    const grad = new Float32Array(x.size);
    const ilp = new Float64Array(T * C);
    const row = new Float64Array(C);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < C; k++) row[k] = values[at(t, b, order[k]!)]!;
        // log_softmax: x - max - log Σ exp(x - max).
        let m = -Infinity;
        for (let k = 0; k < C; k++) m = Math.max(m, row[k]!);
        let sum = 0;
        for (let k = 0; k < C; k++) sum += Math.exp(row[k]! - m);
        const logSum = Math.log(sum);
        for (let k = 0; k < C; k++) ilp[t * C + k] = row[k]! - m - logSum;
      }
      const seq = lab.values.subarray(b * L, (b + 1) * L).map((l) => (l < blank ? l + 1 : l));
      const r = ctcSequence(ilp, T, C, seq, labLen.values[b]!, logLen.values[b]!);
      losses[b] = r.loss;
      for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) grad[at(t, b, order[k]!)] = r.grad[t * C + k]!;
    }
    const loss = fromHost(losses, [B], 'float32');
    const gradient = fromHost(grad, x.shape.slice(), 'float32');
    const withGradient = customGradient((_logits: Tensor) => [loss, (dy: Tensor) => gen.mul(reshape(dy, timeMajor ? [1, B, 1] : [B, 1, 1]), gradient)]);
    return withGradient(x);
  });
}
