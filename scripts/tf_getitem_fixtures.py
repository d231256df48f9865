"""TensorFlow 2.21's tensor indexing, `x[spec]` (tf.__operators__.getitem), with tf.newaxis:
writes test/fixtures/tf-getitem.json, read by test/getitem.test.ts. Each case is one index
expression on x = range(24) as float32 [2, 3, 4]: its value and shape (or TensorFlow's error),
and the gradient of sum(y²) with respect to x.
Run: /tmp/tfvenv/bin/python scripts/tf_getitem_fixtures.py
"""
import json

import numpy as np
import tensorflow as tf

from tf_fixture_helpers import enc, error_text

x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
n = tf.newaxis
assert n is None

CASES = {
    "ellipsis_newaxis": lambda t: t[..., n],
    "leading_newaxis": lambda t: t[n],
    "newaxis_then_index": lambda t: t[:, n, 1],
    "mixed": lambda t: t[1, ::-1, n, 1:3],
    "last_of_ellipsis": lambda t: t[..., 0],
    "negative_index": lambda t: t[-1],
    "ranges": lambda t: t[:, 1:, ::2],
    "two_newaxes": lambda t: t[n, ..., n],
    "scalar": lambda t: t[0, 2, 3],
    "reversed_step": lambda t: t[::-2],
    "clamped": lambda t: t[:, -10:10, 5:],
    "empty": lambda t: t[:, 2:1],
    "tensor_index": lambda t: t[tf.constant(1), 0],
    "stop_only": lambda t: t[:1, :-1, :-3],
    "newaxis_after_ellipsis_end": lambda t: t[0, ..., n, 2],
}

ERRORS = {
    "out_of_range": lambda: x[5],
    "float_index": lambda: x[1.5],
    "two_ellipses": lambda: x[..., ...],
    "too_many": lambda: x[0, 0, 0, 0],
    "zero_step": lambda: x[::0],
}


def case(f):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
        loss = tf.reduce_sum(tf.square(y))
    return {"value": enc(y), "shape": list(y.shape), "grad": enc(tape.gradient(loss, x))}


out = {
    "tensorflow": tf.__version__,
    "cases": {k: case(f) for k, f in CASES.items()},
    "errors": {k: error_text(f) for k, f in ERRORS.items()},
}
with open("test/fixtures/tf-getitem.json", "w") as fh:
    json.dump(out, fh, indent=1)
