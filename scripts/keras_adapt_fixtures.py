"""Normalization.adapt over batches (Keras 3's streaming mean and variance), run by Keras 3.15.1
(JAX backend): writes test/fixtures/keras-adapt.json, read by test/normalization-adapt.test.ts.

Keras takes a tf.data.Dataset and any iterable of batches down the same path (a running mean and
the lack-of-fit sum of squares); TensorFlow is not installed here, so the batches are a list of
NumPy arrays. Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_adapt_fixtures.py
"""
import json
import os

import numpy as np
import keras
from keras.src.layers.preprocessing import normalization as normalization_module


class _NoTensorFlow:
    """Stands in for the `tf` module Keras' adapt() reads only to ask `isinstance(data,
    tf.data.Dataset)` (False for a list), as TensorFlow is not installed."""

    class data:
        class Dataset:
            pass


normalization_module.tf = _NoTensorFlow


def data(shape, offset):
    """Deterministic values with unequal means and spreads per feature."""
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    return (np.sin(0.7 * i + offset) * (1 + (i % shape[-1])) + 0.1 * (i % 5)).reshape(shape).astype(np.float32)


CASES = {
    # name: (layer options, batches)
    "features": ({}, [data((3, 4), 0.0), data((3, 4), 1.0), data((2, 4), 2.0)]),
    "axis_none": ({"axis": None}, [data((4, 3), 0.5), data((1, 3), 1.5)]),
    "axis_1_of_3d": ({"axis": 1}, [data((2, 3, 2), 0.2), data((3, 3, 2), 0.9)]),
}

out = {}
for name, (options, batches) in CASES.items():
    layer = keras.layers.Normalization(**options)
    layer.adapt([b for b in batches])
    out[name] = {
        "options": options,
        "batches": [b.tolist() for b in batches],
        "mean": np.asarray(layer.adapt_mean).tolist(),
        "variance": np.asarray(layer.adapt_variance).tolist(),
    }

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-adapt.json")
with open(path, "w") as f:
    json.dump({"keras": keras.__version__, "cases": out}, f, indent=1)
print("wrote", path)
