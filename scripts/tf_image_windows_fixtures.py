#!/usr/bin/env python3
"""TensorFlow 2.21's tf.image.draw_bounding_boxes and extract_glimpse for test/image-windows.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_image_windows_fixtures.py > test/fixtures/tf-image-windows.json

draw_bounding_boxes: gray, RGB and RGBA images, boxes inside, across the border, inverted, wholly
outside, overlapping (the later box on top), the default colours and given ones (more channels than
the image, fewer colours than boxes). extract_glimpse: every combination of centered and
normalized with offsets inside, across every border and outside, windows larger than the image,
noise 'zero' (the other noises are random). ExtractGlimpseV2 is called as a raw op: in eager mode
TF 2.21 reuses the kernel of tf.image.extract_glimpse's first call for calls with other attributes.
"""

import json

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(5)
draws = []
for depth, boxes, colors in [
    (3, [[[0.0, 0.0, 1.0, 1.0]]], None),
    (3, [[[0.1, 0.2, 0.5, 0.9], [0.3, 0.3, 0.8, 0.7], [-0.2, 0.5, 0.4, 1.3]], [[0.5, 0.5, 0.2, 0.9], [1.2, 0.0, 1.5, 0.5], [0.0, -0.5, 0.6, -0.1]]],
     [[1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]]),
    (1, [[[0.2, 0.1, 0.7, 0.6], [0.0, 0.0, 0.99, 0.99]], [[0.25, 0.25, 0.75, 0.75], [0.5, 0.5, 0.5, 0.5]]], None),
    (4, [[[0.1, 0.1, 0.9, 0.9], [0.33, 0.0, 0.66, 1.0]], [[-1.0, -1.0, 2.0, 2.0], [0.4, 0.4, 0.6, 0.6]]], [[0.2, 0.4, 0.6, 0.8, 0.5]]),
    (3, [[[0.05, 0.05, 0.95, 0.95]] * 12], None),
]:
    batch = len(boxes)
    images = rng.uniform(-1, 1, (batch, 7, 9, depth)).astype(np.float32)
    args = [images, np.array(boxes, np.float32)]
    if colors is not None:
        args.append(np.array(colors, np.float32))
    out = tf.image.draw_bounding_boxes(*args) if colors is not None else tf.image.draw_bounding_boxes(*args, None)
    draws.append(dict(images=images.reshape(-1).tolist(), shape=list(images.shape), boxes=boxes, colors=colors, expected=out.numpy().reshape(-1).tolist()))

glimpses = []
images = rng.uniform(0, 1, (2, 5, 6, 2)).astype(np.float32)
for centered in (True, False):
    for normalized in (True, False):
        for size in ([2, 3], [3, 3], [7, 8], [1, 1], [0, 2]):
            for offsets in ([[0.0, 0.0], [0.3, -0.2]], [[1.0, 1.0], [-1.0, -1.0]], [[2.0, 1.0], [-0.5, -0.5]], [[0.49, 0.51], [3.7, 4.2]],
                            [[-2.6, 1.4], [4.0, 5.0]], [[-0.999, 0.999], [2.5, -1.5]]):
                out = tf.raw_ops.ExtractGlimpseV2(input=images, size=size, offsets=np.array(offsets, np.float32), centered=centered,
                                                  normalized=normalized, uniform_noise=False, noise='zero')
                glimpses.append(dict(size=size, offsets=offsets, centered=centered, normalized=normalized, expected=out.numpy().reshape(-1).tolist()))

json.dump(dict(tensorflow=tf.__version__, draws=draws, glimpse_images=images.reshape(-1).tolist(), glimpse_shape=list(images.shape), glimpses=glimpses), open(1, 'w'))
