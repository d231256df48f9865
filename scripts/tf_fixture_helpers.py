"""Shared by the fixture scripts that run TensorFlow: values as JSON."""
import math

import numpy as np
import tensorflow as tf


def enc(v):
    """A JSON value for numbers, arrays, tensors and variables (non-finite numbers as strings)."""
    if isinstance(v, (tf.Tensor, tf.Variable)):
        v = v.numpy()
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, np.integer):
        return int(v)
    return v


def error_text(fn):
    """The first line of the error `fn` raises, as 'Type: message', or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the point
        return type(e).__name__ + ": " + str(e).strip().split("\n")[0]
    return None
