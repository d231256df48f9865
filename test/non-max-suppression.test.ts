// tf.image's non-max suppression against TensorFlow 2.21 (test/fixtures/tf-nms.json, made by
// scripts/tf_nms_fixtures.py): overlapping clusters of boxes, corners in either order, boxes without
// area, tied scores, score thresholds, Soft-NMS, padding, batches, and a given overlap matrix.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

interface Case {
  seed: number;
  boxes: number[][];
  canonical?: number[][];
  scores: number[];
  max_output_size: number;
  iou_threshold: number;
  score_threshold: number | null;
  soft_nms_sigma: number;
  nms?: number[];
  padded?: [number[], number];
  with_scores: [number[], number[]];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/tf-nms.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  cases: Case[];
  batched: { boxes: number[][][][]; scores: number[][][]; max_output_size: number; iou_threshold: number; score_threshold: number; indices: number[][][]; valid: number[][] };
  overlaps: { overlaps: number[][]; scores: number[]; max_output_size: number; overlap_threshold: number; score_threshold: number | null; selected: number[] }[];
  combined: {
    boxes: number[][][][];
    scores: number[][][];
    max_output_size_per_class: number;
    max_total_size: number;
    iou_threshold: number;
    score_threshold: number | null;
    pad_per_class: boolean;
    clip_boxes: boolean;
    nmsed_boxes: number[][][];
    nmsed_scores: number[][];
    nmsed_classes: number[][];
    valid_detections: number[];
  }[];
};
const threshold = (v: number | null): number => v ?? Number.NEGATIVE_INFINITY;
const boxTensor = (rows: number[][]): tf.Tensor => tf.constant(rows.flat(), 'float32').reshape([rows.length, 4]);
const label = (c: Case): string => `seed ${c.seed}, ${c.boxes.length} boxes, max ${c.max_output_size}, iou ${c.iou_threshold}, score > ${c.score_threshold}, sigma ${c.soft_nms_sigma}`;

describe(`tf.image non-max suppression equals TensorFlow ${fixture.tensorflow}'s`, () => {
  it('nonMaxSuppression: the same indices, in the same order', () => {
    let compared = 0;
    for (const c of fixture.cases.filter((c) => c.nms)) {
      const got = tf.image.nonMaxSuppression(boxTensor(c.boxes), c.scores, c.max_output_size, c.iou_threshold, threshold(c.score_threshold));
      expect(got.dtype).toBe('int32');
      expect(got.arraySync(), label(c)).toEqual(c.nms);
      compared += c.nms!.length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('nonMaxSuppressionWithScores: the indices, and the (Soft-NMS decayed) scores in float32', () => {
    let decayed = 0;
    for (const c of fixture.cases) {
      const [indices, scores] = tf.image.nonMaxSuppressionWithScores(boxTensor(c.boxes), c.scores, c.max_output_size, c.iou_threshold, threshold(c.score_threshold), c.soft_nms_sigma);
      expect(indices.arraySync(), label(c)).toEqual(c.with_scores[0]);
      expect(scores.dtype).toBe('float32');
      const got = scores.dataSync();
      c.with_scores[1].forEach((v, i) => {
        expect(Math.abs(got[i]! - v), `${label(c)}: score ${i}`).toBeLessThanOrEqual(2e-7 * Math.abs(v));
        if (v !== c.scores[c.with_scores[0][i]!]) decayed++;
      });
    }
    expect(decayed).toBeGreaterThan(20); // Soft-NMS did decay scores
  });

  it('nonMaxSuppressionPadded: padded with zeros to maxOutputSize, and the count of valid ones', () => {
    for (const c of fixture.cases.filter((c) => c.padded)) {
      const [indices, valid] = tf.image.nonMaxSuppressionPadded(boxTensor(c.canonical!), c.scores, c.max_output_size, c.iou_threshold, threshold(c.score_threshold), true);
      expect(indices.shape).toEqual([c.max_output_size]);
      expect(indices.arraySync(), label(c)).toEqual(c.padded![0]);
      expect(valid.shape).toEqual([]);
      expect(valid.arraySync()).toBe(c.padded![1]);
      const [unpadded, count] = tf.image.nonMaxSuppressionPadded(boxTensor(c.canonical!), c.scores, c.max_output_size, c.iou_threshold, threshold(c.score_threshold));
      expect(unpadded.arraySync()).toEqual(c.padded![0].slice(0, c.padded![1]));
      expect(count.arraySync()).toBe(c.padded![1]);
    }
  });

  it('nonMaxSuppressionPadded on batched boxes [2, 3, numBoxes, 4]: each entry on its own', () => {
    const b = fixture.batched;
    const [indices, valid] = tf.image.nonMaxSuppressionPadded(tf.constant(b.boxes), tf.constant(b.scores), b.max_output_size, b.iou_threshold, b.score_threshold, true);
    expect(indices.shape).toEqual([2, 3, b.max_output_size]);
    expect(indices.arraySync()).toEqual(b.indices);
    expect(valid.arraySync()).toEqual(b.valid);
  });

  it('nonMaxSuppressionOverlaps: the same indices for a given overlap matrix', () => {
    for (const c of fixture.overlaps) {
      const got = tf.image.nonMaxSuppressionOverlaps(c.overlaps, c.scores, c.max_output_size, c.overlap_threshold, threshold(c.score_threshold));
      expect(got.arraySync()).toEqual(c.selected);
    }
  });
});

describe(`tf.image.combinedNonMaxSuppression equals TensorFlow ${fixture.tensorflow}'s`, () => {
  it('per class, then over the classes: boxes, scores, classes and counts, with q = 1 and q = numClasses', () => {
    let detections = 0;
    for (const c of fixture.combined) {
      const what = `q ${c.boxes[0]![0]!.length}, per class ${c.max_output_size_per_class}, total ${c.max_total_size}, pad ${c.pad_per_class}, clip ${c.clip_boxes}`;
      const got = tf.image.combinedNonMaxSuppression(tf.constant(c.boxes), tf.constant(c.scores), c.max_output_size_per_class, c.max_total_size, c.iou_threshold, threshold(c.score_threshold), c.pad_per_class, c.clip_boxes);
      expect(got.validDetections.dtype).toBe('int32');
      expect(got.validDetections.arraySync(), what).toEqual(c.valid_detections);
      expect(got.nmsedBoxes.arraySync(), what).toEqual(c.nmsed_boxes);
      expect(got.nmsedScores.arraySync(), what).toEqual(c.nmsed_scores);
      expect(got.nmsedClasses.arraySync(), what).toEqual(c.nmsed_classes);
      detections += c.valid_detections.reduce((a, b) => a + b, 0);
    }
    expect(detections).toBeGreaterThan(50);
  });

  it('says what is wrong', () => {
    const boxes = tf.zeros([1, 3, 1, 4]);
    const scores = tf.zeros([1, 3, 2]);
    expect(() => tf.image.combinedNonMaxSuppression(boxes, scores, 0, 4)).toThrow(/maxOutputSizePerClass must be a positive integer, got 0/);
    expect(() => tf.image.combinedNonMaxSuppression(boxes, tf.zeros([3, 2]), 2, 4)).toThrow(/scores must be 3-D/);
    expect(() => tf.image.combinedNonMaxSuppression(tf.zeros([1, 3, 3, 4]), scores, 2, 4)).toThrow(/q = 1 or numClasses/);
  });
});

describe('non-max suppression: inputs and errors', () => {
  const boxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 10, 1, 11]];
  const scores = [0.9, 0.8, 0.7];

  it('takes float64 boxes (rounded to float32, as TensorFlow computes) and nested arrays', () => {
    expect(tf.image.nonMaxSuppression(tf.constant(boxes, 'float64'), tf.constant(scores, 'float64'), 3).arraySync()).toEqual([0, 2]);
    expect(tf.image.nonMaxSuppression(boxes, scores, 3, 0.95).arraySync()).toEqual([0, 1, 2]);
    expect(tf.image.nonMaxSuppression(boxes, scores, 1).arraySync()).toEqual([0]);
    expect(tf.image.nonMaxSuppression(boxes, scores, 3, 0.5, 0.75).arraySync()).toEqual([0]);
  });

  it('inside tf.function: the selection depends on values, so it runs as written at every call', () => {
    const f = tf.function((s: tf.Tensor) => tf.image.nonMaxSuppression(boxes, s, 3));
    expect(f(tf.constant(scores)).arraySync()).toEqual([0, 2]);
    expect(f(tf.constant([0.1, 0.8, 0.7])).arraySync()).toEqual([1, 2]);
  });

  it('says what is wrong', () => {
    expect(() => tf.image.nonMaxSuppression([[0, 0, 1]], [1], 1)).toThrow(/boxes must be 2-D \[numBoxes, 4\], got shape \[1, 3\]/);
    expect(() => tf.image.nonMaxSuppression(boxes, [1, 2], 1)).toThrow(/one score per box \(3\)/);
    expect(() => tf.image.nonMaxSuppression(boxes, scores, -1)).toThrow(/maxOutputSize must be an integer >= 0, got -1/);
    expect(() => tf.image.nonMaxSuppression(boxes, scores, 1.5)).toThrow(/maxOutputSize/);
    expect(() => tf.image.nonMaxSuppression(boxes, scores, 2, 1.5)).toThrow(/iouThreshold must be a number in \[0, 1\], got 1.5/);
    expect(() => tf.image.nonMaxSuppression(tf.constant([[0, 0, 1, 1]], 'int32'), [1], 1)).toThrow(/boxes must be float32 \(or float64\), got int32/);
    expect(() => tf.image.nonMaxSuppressionWithScores(boxes, scores, 2, 0.5, 0, -1)).toThrow(/softNmsSigma must be a number >= 0, got -1/);
    expect(() => tf.image.nonMaxSuppressionPadded([[[0, 0, 1, 1]]], [[1]], 2)).toThrow(/padToMaxOutputSize must be true for batched boxes/);
    expect(() => tf.image.nonMaxSuppressionPadded([[[0, 0, 1, 1]]], [[1, 2]], 2, 0.5, 0, true)).toThrow(/scores must have shape \[1, 1\]/);
    expect(() => tf.image.nonMaxSuppressionOverlaps([[1, 0.5]], [1], 1)).toThrow(/overlaps must be a square matrix/);
  });
});
