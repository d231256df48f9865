// tf.image's non-max suppression: the greedy selection of TensorFlow's NonMaxSuppressionV3/V4/V5
// and NonMaxSuppressionWithOverlaps kernels, in JavaScript (it is sequential, and its output's
// length depends on the values). Boxes are [y1, x1, y2, x2], either diagonal pair of corners;
// the overlap of two boxes is their intersection over union, computed in float32 as TensorFlow's
// kernel computes it, and compared with the threshold in float32. The selection reads values, so a
// compiled function that calls it runs as written at every call (indexing.ts, valuesOf).

import { describe } from './describe';
import { allocHost } from './dtype';
import { valuesOf } from './indexing';
import { shapeText } from './composite';
import { toTensor } from './creation';
import { type Tensor, type TensorLike, fromHost } from './tensor';

const f32 = Math.fround;

/** Boxes as float32 values [numBoxes, 4], scores as float32 values [numBoxes], checked for `op`. */
function boxesAndScores(boxes: TensorLike, scores: TensorLike, op: string): [ArrayLike<number>, ArrayLike<number>, number] {
  const b = toTensor(boxes, 'float32', op);
  if (b.rank !== 2 || b.shape[1] !== 4) throw new Error(`${op}: boxes must be 2-D [numBoxes, 4], got shape ${shapeText(b.shape)}.`);
  const n = b.shape[0]!;
  return [float32Values(b, op, 'boxes'), scoreValues(scores, n, op), n];
}

function scoreValues(scores: TensorLike, n: number, op: string): ArrayLike<number> {
  const s = toTensor(scores, 'float32', op);
  if (s.rank !== 1 || s.shape[0] !== n) throw new Error(`${op}: scores must be 1-D with one score per box (${n}), got shape ${shapeText(s.shape)}.`);
  return float32Values(s, op, 'scores');
}

/** A float tensor's values rounded to float32 (TensorFlow's kernels take float32 or half). */
function float32Values(t: Tensor, op: string, what: string): ArrayLike<number> {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`${op}: ${what} must be float32 (or float64), got ${t.dtype}.`);
  const values = valuesOf(t, op);
  return t.dtype === 'float32' ? values : Float32Array.from(values);
}

function checkMaxOutputSize(maxOutputSize: number, op: string): void {
  if (typeof maxOutputSize !== 'number' || !Number.isSafeInteger(maxOutputSize) || maxOutputSize < 0) {
    throw new Error(`${op}: maxOutputSize must be an integer >= 0, got ${describe(maxOutputSize)}.`);
  }
}

function checkThreshold(value: number, name: string, op: string, unit: boolean): void {
  if (typeof value !== 'number' || Number.isNaN(value) || (unit && (value < 0 || value > 1))) {
    throw new Error(`${op}: ${name} must be a number${unit ? ' in [0, 1]' : ''}, got ${describe(value)}.`);
  }
}

/** The arguments of every selection by intersection over union. */
function checkSelection(op: string, maxOutputSize: number, iouThreshold: number, scoreThreshold: number): void {
  checkMaxOutputSize(maxOutputSize, op);
  checkThreshold(iouThreshold, 'iouThreshold', op, true);
  checkThreshold(scoreThreshold, 'scoreThreshold', op, false);
}

/** Intersection over union of boxes i and j (offsets into the flat [numBoxes, 4] values), in
 * float32 step by step as TensorFlow's kernel: 0 when either box has no area. */
function iou(b: ArrayLike<number>, i: number, j: number): number {
  const [yi0, xi0, yi1, xi1] = [b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!];
  const [yj0, xj0, yj1, xj1] = [b[4 * j]!, b[4 * j + 1]!, b[4 * j + 2]!, b[4 * j + 3]!];
  const [yminI, xminI, ymaxI, xmaxI] = [Math.min(yi0, yi1), Math.min(xi0, xi1), Math.max(yi0, yi1), Math.max(xi0, xi1)];
  const [yminJ, xminJ, ymaxJ, xmaxJ] = [Math.min(yj0, yj1), Math.min(xj0, xj1), Math.max(yj0, yj1), Math.max(xj0, xj1)];
  const areaI = f32(f32(ymaxI - yminI) * f32(xmaxI - xminI));
  const areaJ = f32(f32(ymaxJ - yminJ) * f32(xmaxJ - xminJ));
  if (areaI <= 0 || areaJ <= 0) return 0;
  const height = Math.max(f32(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ)), 0);
  const width = Math.max(f32(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ)), 0);
  const intersection = f32(height * width);
  return f32(intersection / f32(f32(areaI + areaJ) - intersection));
}

/** A candidate of the greedy selection: its box, its (possibly decayed) score, and how many of the
 * selected boxes it has been compared with already. */
interface Candidate {
  box: number;
  score: number;
  comparedWith: number;
}

/** A max-heap of candidates in TensorFlow's order: the higher score first, then the lower index. */
class Candidates {
  private readonly heap: Candidate[] = [];
  get size(): number {
    return this.heap.length;
  }
  private static before(a: Candidate, b: Candidate): boolean {
    return a.score > b.score || (a.score === b.score && a.box < b.box);
  }
  push(c: Candidate): void {
    const h = this.heap;
    h.push(c);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!Candidates.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): Candidate {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < h.length && Candidates.before(h[l]!, h[best]!)) best = l;
        if (r < h.length && Candidates.before(h[r]!, h[best]!)) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best]!, h[i]!];
        i = best;
      }
    }
    return top;
  }
}

/**
 * TensorFlow's greedy selection (DoNonMaxSuppressionOp): boxes scoring above `scoreThreshold`, the
 * best first; a candidate overlapping a selected box by more than `threshold` is dropped, or, with
 * `softNmsSigma` > 0, its score decays by exp(-overlap² / (2 sigma)) per selected box and it
 * competes again while it scores above `scoreThreshold`. Returns the selected boxes and their
 * (decayed) scores, best first. All in float32.
 */
function greedy(
  scores: ArrayLike<number>,
  overlap: (i: number, j: number) => number,
  maxOutputSize: number,
  threshold: number,
  scoreThreshold: number,
  softNmsSigma: number,
): { selected: number[]; selectedScores: number[] } {
  const [limit, minScore] = [f32(threshold), f32(scoreThreshold)];
  const candidates = new Candidates();
  for (let i = 0; i < scores.length; i++) if (scores[i]! > minScore) candidates.push({ box: i, score: scores[i]!, comparedWith: 0 });
  const soft = softNmsSigma > 0;
  const scale = soft ? f32(-0.5 / f32(softNmsSigma)) : 0;
  // exp(scale·s²), or, in hard suppression, 0 past the threshold (exp(0) = 1 below it).
  const weight = (s: number): number => (soft || s <= limit ? f32(Math.exp(f32(f32(scale * s) * s))) : 0);
  const selected: number[] = [];
  const selectedScores: number[] = [];
  while (selected.length < maxOutputSize && candidates.size > 0) {
    const next = candidates.pop();
    const original = next.score;
    let suppressed = false;
    // Newest first: overlapping boxes tend to have close scores. A candidate is compared with each
    // selected box once (`comparedWith`), however often it comes back.
    for (let j = selected.length - 1; j >= next.comparedWith; j--) {
      const s = overlap(next.box, selected[j]!);
      next.score = f32(next.score * weight(s));
      if (!soft && s > limit) {
        suppressed = true;
        break;
      }
      if (next.score <= minScore) break;
    }
    next.comparedWith = selected.length;
    if (suppressed) continue;
    if (next.score === original) {
      selected.push(next.box);
      selectedScores.push(next.score);
    } else if (next.score > minScore) {
      candidates.push(next);
    }
  }
  return { selected, selectedScores };
}

const indicesTensor = (indices: readonly number[]): Tensor => fromHost(Int32Array.from(indices), [indices.length], 'int32');

/**
 * tf.image.non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf): the indices (int32) of at most `maxOutputSize` boxes, best score first,
 * chosen greedily: each box whose intersection over union with every box chosen before it is at
 * most `iouThreshold`, among the boxes scoring above `scoreThreshold`. Boxes are float32
 * [numBoxes, 4] rows [y1, x1, y2, x2] (either pair of opposite corners); scores [numBoxes]. Pick
 * the boxes with `tf.gather(boxes, indices)`.
 *
 * @example
 * ```ts
 * const boxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1], [0, 100, 1, 101]];
 * const scores = [0.9, 0.75, 0.6, 0.95, 0.5, 0.3];
 * console.log(tf.image.nonMaxSuppression(boxes, scores, 3, 0.5).arraySync()); // [ 3, 0, 5 ]
 * ```
 */
export function nonMaxSuppression(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY): Tensor {
  const op = 'image.nonMaxSuppression';
  checkSelection(op, maxOutputSize, iouThreshold, scoreThreshold);
  const [b, s] = boxesAndScores(boxes, scores, op);
  return indicesTensor(greedy(s, (i, j) => iou(b, i, j), maxOutputSize, iouThreshold, scoreThreshold, 0).selected);
}

/**
 * tf.image.non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf, soft_nms_sigma=0): `[selectedIndices, selectedScores]`. With
 * `softNmsSigma` 0, `nonMaxSuppression` and the chosen boxes' scores; above 0, Soft-NMS (Bodla et
 * al.): an overlapping box is not dropped but its score decays by exp(-iou² / (2·softNmsSigma))
 * for each better box chosen, and it is chosen later if it still scores above `scoreThreshold`
 * (`iouThreshold` is then unused). The scores returned are the decayed ones, float32.
 *
 * @example
 * ```ts
 * const [indices, kept] = tf.image.nonMaxSuppressionWithScores([[0, 0, 1, 1], [0, 0.1, 1, 1.1]], [0.9, 0.8], 2, 0.5, 0, 0.5);
 * console.log(indices.arraySync(), kept.arraySync()); // [ 0, 1 ] [ 0.8999999761581421, 0.4096038043498993 ]
 * ```
 */
export function nonMaxSuppressionWithScores(
  boxes: TensorLike,
  scores: TensorLike,
  maxOutputSize: number,
  iouThreshold = 0.5,
  scoreThreshold = Number.NEGATIVE_INFINITY,
  softNmsSigma = 0,
): [Tensor, Tensor] {
  const op = 'image.nonMaxSuppressionWithScores';
  checkSelection(op, maxOutputSize, iouThreshold, scoreThreshold);
  if (typeof softNmsSigma !== 'number' || !(softNmsSigma >= 0)) throw new Error(`${op}: softNmsSigma must be a number >= 0, got ${describe(softNmsSigma)}.`);
  const [b, s] = boxesAndScores(boxes, scores, op);
  const { selected, selectedScores } = greedy(s, (i, j) => iou(b, i, j), maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma);
  return [indicesTensor(selected), fromHost(Float32Array.from(selectedScores), [selected.length], 'float32')];
}

/**
 * tf.image.non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5,
 * score_threshold=-inf, pad_to_max_output_size=false): `[selectedIndices, validOutputs]`, the
 * selection of `nonMaxSuppression` and its length (an int32 scalar); with `padToMaxOutputSize`
 * the indices are padded with zeros to `maxOutputSize`, so the shape does not depend on the
 * values. Boxes may have batch dimensions ([..., numBoxes, 4], scores [..., numBoxes]) when
 * padding: each batch entry is selected on its own, and `validOutputs` has the batch shape. Each
 * box's corners may be in either order, as for `nonMaxSuppression` (TensorFlow 2's tiled version
 * takes every box's corners in the first box's order, so its boxes should be [y_min, x_min,
 * y_max, x_max], and then the two agree).
 *
 * @example
 * ```ts
 * const [indices, valid] = tf.image.nonMaxSuppressionPadded([[0, 0, 1, 1], [0, 0.1, 1, 1.1]], [0.9, 0.8], 4, 0.5, -Infinity, true);
 * console.log(indices.arraySync(), valid.arraySync()); // [ 0, 0, 0, 0 ] 1
 * ```
 */
export function nonMaxSuppressionPadded(
  boxes: TensorLike,
  scores: TensorLike,
  maxOutputSize: number,
  iouThreshold = 0.5,
  scoreThreshold = Number.NEGATIVE_INFINITY,
  padToMaxOutputSize = false,
): [Tensor, Tensor] {
  const op = 'image.nonMaxSuppressionPadded';
  checkSelection(op, maxOutputSize, iouThreshold, scoreThreshold);
  if (typeof padToMaxOutputSize !== 'boolean') throw new Error(`${op}: padToMaxOutputSize must be a boolean, got ${describe(padToMaxOutputSize)}.`);
  const b = toTensor(boxes, 'float32', op);
  if (b.rank < 2 || b.shape[b.rank - 1] !== 4) throw new Error(`${op}: boxes must be [..., numBoxes, 4], got shape ${shapeText(b.shape)}.`);
  const batchShape = b.shape.slice(0, -2);
  if (batchShape.length > 0 && !padToMaxOutputSize) {
    throw new Error(`${op}: padToMaxOutputSize must be true for batched boxes (shape ${shapeText(b.shape)}): the selections' lengths differ.`);
  }
  const n = b.shape[b.rank - 2]!;
  const s = toTensor(scores, 'float32', op);
  if (s.rank !== b.rank - 1 || s.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${op}: scores must have shape ${shapeText(b.shape.slice(0, -1))} (one per box), got ${shapeText(s.shape)}.`);
  }
  const [allBoxes, allScores] = [float32Values(b, op, 'boxes'), float32Values(s, op, 'scores')];
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const width = padToMaxOutputSize ? maxOutputSize : 0;
  const indices = padToMaxOutputSize ? allocHost('int32', batch * width) : null;
  const valid = allocHost('int32', batch);
  let only: number[] = [];
  for (let e = 0; e < batch; e++) {
    const entryBoxes = Array.prototype.slice.call(allBoxes, e * n * 4, (e + 1) * n * 4) as number[];
    const entryScores = Array.prototype.slice.call(allScores, e * n, (e + 1) * n) as number[];
    const { selected } = greedy(entryScores, (i, j) => iou(entryBoxes, i, j), maxOutputSize, iouThreshold, scoreThreshold, 0);
    valid[e] = selected.length;
    if (indices) indices.set(selected, e * width);
    else only = selected;
  }
  const selectedIndices = indices ? fromHost(indices, [...batchShape, width], 'int32') : indicesTensor(only);
  return [selectedIndices, fromHost(valid, batchShape, 'int32')];
}

/**
 * tf.image.non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
 * score_threshold=-inf): `nonMaxSuppression` with the overlaps given, a [numBoxes, numBoxes]
 * matrix (overlaps[i][j] between boxes i and j; any measure, larger meaning more alike), instead
 * of the boxes' intersection over union: a box is dropped when its overlap with a box chosen
 * before it is above `overlapThreshold`.
 *
 * @example
 * ```ts
 * const overlaps = [[1, 0.7, 0.2], [0.7, 1, 0.1], [0.2, 0.1, 1]];
 * console.log(tf.image.nonMaxSuppressionOverlaps(overlaps, [0.9, 0.8, 0.7], 3, 0.5).arraySync()); // [ 0, 2 ]
 * ```
 */
export function nonMaxSuppressionOverlaps(overlaps: TensorLike, scores: TensorLike, maxOutputSize: number, overlapThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY): Tensor {
  const op = 'image.nonMaxSuppressionOverlaps';
  checkMaxOutputSize(maxOutputSize, op);
  checkThreshold(overlapThreshold, 'overlapThreshold', op, false);
  checkThreshold(scoreThreshold, 'scoreThreshold', op, false);
  const o = toTensor(overlaps, 'float32', op);
  if (o.rank !== 2 || o.shape[0] !== o.shape[1]) throw new Error(`${op}: overlaps must be a square matrix [numBoxes, numBoxes], got shape ${shapeText(o.shape)}.`);
  const n = o.shape[0]!;
  const values = float32Values(o, op, 'overlaps');
  const s = scoreValues(scores, n, op);
  return indicesTensor(greedy(s, (i, j) => values[i * n + j]!, maxOutputSize, overlapThreshold, scoreThreshold, 0).selected);
}

/** What `combinedNonMaxSuppression` returns (TensorFlow's `CombinedNonMaxSuppression` tuple). */
export interface CombinedNonMaxSuppression {
  /** [batch, detections, 4] float32: the chosen boxes, best first (clipped to [0, 1] with `clipBoxes`), zeros past the valid ones. */
  nmsedBoxes: Tensor;
  /** [batch, detections] float32: their scores. */
  nmsedScores: Tensor;
  /** [batch, detections] float32: their classes. */
  nmsedClasses: Tensor;
  /** [batch] int32: how many detections of each batch entry are valid. */
  validDetections: Tensor;
}

/**
 * tf.image.combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size,
 * iou_threshold=0.5, score_threshold=-inf, pad_per_class=false, clip_boxes=true): non-max
 * suppression per class, then the best `maxTotalSize` detections over all classes, per batch
 * entry. `boxes` is float32 [batch, numBoxes, q, 4] (q = 1: the same boxes for every class, or q =
 * numClasses), `scores` [batch, numBoxes, numClasses]. Each class keeps at most
 * `maxOutputSizePerClass` boxes that score above `scoreThreshold` and overlap better boxes of the
 * class by at most `iouThreshold`. The results have `maxTotalSize` detections per entry (or, with
 * `padPerClass`, min(maxTotalSize, maxOutputSizePerClass · numClasses)), the valid ones first and
 * zeros after. Equal scores may come in another order than TensorFlow's, whose sort leaves their
 * order unspecified; here the lower class, then the lower box index, comes first.
 *
 * @example
 * ```ts
 * const boxes = tf.constant([[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 0.5, 1, 1.5]]]).reshape([1, 3, 1, 4]);
 * const scores = tf.constant([[[0.9, 0.1], [0.8, 0.7], [0.2, 0.6]]]);
 * const { nmsedScores, nmsedClasses, validDetections } = tf.image.combinedNonMaxSuppression(boxes, scores, 2, 4, 0.5, 0.3);
 * console.log(nmsedScores.arraySync()); // [ [ 0.8999999761581421, 0.699999988079071, 0.6000000238418579, 0 ] ]
 * console.log(nmsedClasses.arraySync(), validDetections.arraySync()); // [ [ 0, 1, 1, 0 ] ] [ 3 ]
 * ```
 */
export function combinedNonMaxSuppression(
  boxes: TensorLike,
  scores: TensorLike,
  maxOutputSizePerClass: number,
  maxTotalSize: number,
  iouThreshold = 0.5,
  scoreThreshold = Number.NEGATIVE_INFINITY,
  padPerClass = false,
  clipBoxes = true,
): CombinedNonMaxSuppression {
  const op = 'image.combinedNonMaxSuppression';
  for (const [name, v] of [['maxOutputSizePerClass', maxOutputSizePerClass], ['maxTotalSize', maxTotalSize]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > 2147483647) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(v)}.`);
  }
  checkThreshold(iouThreshold, 'iouThreshold', op, true);
  checkThreshold(scoreThreshold, 'scoreThreshold', op, false);
  for (const [name, v] of [['padPerClass', padPerClass], ['clipBoxes', clipBoxes]] as const) {
    if (typeof v !== 'boolean') throw new Error(`${op}: ${name} must be a boolean, got ${describe(v)}.`);
  }
  const b = toTensor(boxes, 'float32', op);
  const s = toTensor(scores, 'float32', op);
  if (s.rank !== 3) throw new Error(`${op}: scores must be 3-D [batch, numBoxes, numClasses], got shape ${shapeText(s.shape)}.`);
  const [batch, n, classes] = s.shape as [number, number, number];
  if (b.rank !== 4 || b.shape[3] !== 4 || b.shape[0] !== batch || b.shape[1] !== n || (b.shape[2] !== 1 && b.shape[2] !== classes)) {
    throw new Error(`${op}: boxes must be 4-D [batch, numBoxes, q, 4] with q = 1 or numClasses, matching scores of shape ${shapeText(s.shape)}: got ${shapeText(b.shape)}.`);
  }
  const q = b.shape[2]!;
  const [allBoxes, allScores] = [float32Values(b, op, 'boxes'), float32Values(s, op, 'scores')];
  const perClass = Math.min(maxOutputSizePerClass, n);
  const perEntry = padPerClass ? Math.min(maxTotalSize, maxOutputSizePerClass * classes) : maxTotalSize;
  const [outBoxes, outScores, outClasses] = [allocHost('float32', batch * perEntry * 4), allocHost('float32', batch * perEntry), allocHost('float32', batch * perEntry)];
  const valid = allocHost('int32', batch);
  for (let e = 0; e < batch; e++) {
    // Offset of box i's corners for class c in the flat boxes.
    const corner = (i: number, c: number): number => ((e * n + i) * q + (q > 1 ? c : 0)) * 4;
    const detections: { box: number; score: number; cls: number }[] = [];
    for (let c = 0; c < classes; c++) {
      const classScores = Array.from({ length: n }, (_, i) => allScores[(e * n + i) * classes + c]!);
      const overlap = (i: number, j: number) => iou(allBoxes, corner(i, c) / 4, corner(j, c) / 4);
      for (const box of greedy(classScores, overlap, perClass, iouThreshold, scoreThreshold, 0).selected) detections.push({ box, score: classScores[box]!, cls: c });
    }
    // Best first; equal scores by class, then box (the order they were chosen in).
    detections.sort((x, y) => y.score - x.score);
    const count = Math.min(detections.length, perEntry);
    valid[e] = count;
    for (let k = 0; k < count; k++) {
      const d = detections[k]!;
      const at = corner(d.box, d.cls);
      for (let j = 0; j < 4; j++) {
        const v = allBoxes[at + j]!;
        outBoxes[(e * perEntry + k) * 4 + j] = clipBoxes ? Math.min(Math.max(v, 0), 1) : v;
      }
      outScores[e * perEntry + k] = d.score;
      outClasses[e * perEntry + k] = d.cls;
    }
  }
  return {
    nmsedBoxes: fromHost(outBoxes, [batch, perEntry, 4], 'float32'),
    nmsedScores: fromHost(outScores, [batch, perEntry], 'float32'),
    nmsedClasses: fromHost(outClasses, [batch, perEntry], 'float32'),
    validDetections: fromHost(valid, [batch], 'int32'),
  };
}
