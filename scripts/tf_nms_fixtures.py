#!/usr/bin/env python3
"""TensorFlow 2.21's non-max suppression for test/non-max-suppression.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_nms_fixtures.py > test/fixtures/tf-nms.json

Each case holds its inputs as literal float32 values (boxes, scores or overlaps), the call's
arguments, and TensorFlow's outputs: tf.image.non_max_suppression, _with_scores (hard and Soft-NMS),
_padded (one image, and batched with padding), _overlaps and combined_non_max_suppression. The boxes mix overlapping clusters,
corners given in either order, boxes without area, tied scores and scores below a threshold.
"""

import json

import numpy as np
import tensorflow as tf


def boxes_and_scores(seed, n, ties=False):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 10, size=(n // 4 + 1, 2))
    rows = []
    for i in range(n):
        cy, cx = centres[i % len(centres)] + rng.normal(0, 0.4, size=2)
        h, w = rng.uniform(0.5, 3, size=2)
        y1, x1, y2, x2 = cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2
        if i % 5 == 3:
            y1, y2 = y2, y1  # corners in the other order
        if i % 11 == 7:
            x2 = x1  # no area
        rows.append([y1, x1, y2, x2])
    boxes = np.array(rows, dtype=np.float32).reshape(n, 4)
    scores = rng.uniform(0, 1, size=n).astype(np.float32)
    if ties:
        scores = np.round(scores * 4) / 4
    return boxes, scores.astype(np.float32)


def values(t):
    return np.asarray(t).tolist()


cases = []
for seed, n, ties in [(1, 12, False), (2, 40, False), (3, 40, True), (4, 200, False), (5, 0, False)]:
    boxes, scores = boxes_and_scores(seed, n, ties)
    for max_out, iou, score_thr, sigma in [(10, 0.5, float('-inf'), 0.0), (100, 0.3, 0.2, 0.0), (5, 0.7, float('-inf'), 0.0), (100, 0.5, 0.1, 0.5), (20, 0.5, float('-inf'), 1.0), (0, 0.5, float('-inf'), 0.0)]:
        args = dict(max_output_size=max_out, iou_threshold=iou, score_threshold=score_thr)
        case = dict(seed=seed, boxes=values(boxes), scores=values(scores), soft_nms_sigma=sigma, **{k: (None if v == float('-inf') else v) for k, v in args.items()})
        if sigma == 0.0:
            case['nms'] = values(tf.image.non_max_suppression(boxes, scores, **args))
            if n > 0:  # (TensorFlow's tiled padded selection fails on zero boxes)
                # It decides the corners' order from the first box alone: give it every box as
                # [y_min, x_min, y_max, x_max], its documented form.
                canonical = np.concatenate([np.minimum(boxes[:, :2], boxes[:, 2:]), np.maximum(boxes[:, :2], boxes[:, 2:])], axis=1)
                idx, valid = tf.image.non_max_suppression_padded(canonical, scores, pad_to_max_output_size=True, **args)
                case['padded'] = [values(idx), int(valid)]
                case['canonical'] = values(canonical)
        idx, sc = tf.image.non_max_suppression_with_scores(boxes, scores, soft_nms_sigma=sigma, **args)
        case['with_scores'] = [values(idx), values(sc)]
        cases.append(case)

# Batched padded selection: [2, 3, n, 4] boxes.
rng = np.random.default_rng(9)
batch_boxes, batch_scores = [], []
for b in range(6):
    bx, sc = boxes_and_scores(20 + b, 30)
    batch_boxes.append(bx)
    batch_scores.append(sc)
batch_boxes = np.array(batch_boxes, dtype=np.float32).reshape(2, 3, 30, 4)
batch_boxes = np.concatenate([np.minimum(batch_boxes[..., :2], batch_boxes[..., 2:]), np.maximum(batch_boxes[..., :2], batch_boxes[..., 2:])], axis=-1)
batch_scores = np.array(batch_scores, dtype=np.float32).reshape(2, 3, 30)
idx, valid = tf.image.non_max_suppression_padded(batch_boxes, batch_scores, 8, iou_threshold=0.4, score_threshold=0.05, pad_to_max_output_size=True)
batched = dict(boxes=values(batch_boxes), scores=values(batch_scores), max_output_size=8, iou_threshold=0.4, score_threshold=0.05, indices=values(idx), valid=values(valid))

# Overlaps: a random symmetric matrix.
overlap_cases = []
for seed, n in [(30, 15), (31, 50)]:
    r = np.random.default_rng(seed)
    m = r.uniform(0, 1, size=(n, n)).astype(np.float32)
    m = ((m + m.T) / 2).astype(np.float32)
    np.fill_diagonal(m, 1)
    scores = r.uniform(0, 1, size=n).astype(np.float32)
    for max_out, thr, score_thr in [(n, 0.5, float('-inf')), (6, 0.3, 0.25)]:
        out = tf.image.non_max_suppression_overlaps(m, scores, max_out, overlap_threshold=thr, score_threshold=score_thr)
        overlap_cases.append(dict(overlaps=values(m), scores=values(scores), max_output_size=max_out, overlap_threshold=thr, score_threshold=None if score_thr == float('-inf') else score_thr, selected=values(out)))

# Combined (per class, then over classes): [2, 30, q, 4] boxes, [2, 30, 3] scores.
combined_cases = []
for q in [1, 3]:
    r = np.random.default_rng(40 + q)
    per = [boxes_and_scores(50 + k, 30)[0] for k in range(2 * q)]
    cboxes = np.stack(per).reshape(2, q, 30, 4).transpose(0, 2, 1, 3).copy()
    cboxes = (cboxes / 10).astype(np.float32)  # mostly inside [0, 1]; some outside, for clip_boxes
    cscores = r.uniform(0, 1, size=(2, 30, 3)).astype(np.float32)
    for per_class, total, iou, score_thr, pad, clip in [(5, 10, 0.5, 0.1, False, True), (4, 20, 0.3, 0.0, True, True), (10, 12, 0.6, float('-inf'), False, False), (2, 3, 0.5, 0.5, True, False)]:
        out = tf.image.combined_non_max_suppression(cboxes, cscores, per_class, total, iou_threshold=iou, score_threshold=score_thr, pad_per_class=pad, clip_boxes=clip)
        combined_cases.append(dict(boxes=values(cboxes), scores=values(cscores), max_output_size_per_class=per_class, max_total_size=total, iou_threshold=iou,
                                   score_threshold=None if score_thr == float('-inf') else score_thr, pad_per_class=pad, clip_boxes=clip,
                                   nmsed_boxes=values(out.nmsed_boxes), nmsed_scores=values(out.nmsed_scores), nmsed_classes=values(out.nmsed_classes), valid_detections=values(out.valid_detections)))

json.dump(dict(tensorflow=tf.__version__, cases=cases, batched=batched, overlaps=overlap_cases, combined=combined_cases), open(1, 'w'))
