#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-adaptive-pooling.test.ts: AdaptiveAveragePooling1D/2D/3D
and AdaptiveMaxPooling1D/2D/3D, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax PYTHONPATH=scripts python scripts/keras_adaptive_pooling_fixtures.py > test/fixtures/keras-adaptive-pooling.json

For each case: the output and its shape, compute_output_shape of the input shape with the batch
size unknown, the config (without name, trainable, dtype), and the loss sum(output * C), C =
pattern(output's shape, 0.7, 1, 0.6), with its gradient with respect to the input (jax.grad of the
layer's stateless_call); then Keras' messages for bad options. Inputs are made by `pattern`
(scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json

import jax
import jax.numpy as jnp
import keras
import numpy as np
from keras import layers

from keras_fixture_helpers import listed, message, pattern

SEQ = pattern((2, 8, 3), 0.3, scale=0.8, freq=0.9)  # [batch, steps, channels]
SEQ_CF = pattern((2, 3, 7), 0.5, scale=0.8, freq=0.7)  # [batch, channels, steps]
IMG = pattern((2, 5, 7, 2), 0.2, scale=1.0, freq=0.7)  # [batch, rows, cols, channels]
IMG_CF = pattern((2, 2, 6, 4), 0.4, scale=1.0, freq=0.55)  # [batch, channels, rows, cols]
VOL = pattern((2, 4, 5, 3, 2), 0.6, scale=1.0, freq=0.45)  # [batch, d1, d2, d3, channels]
VOL_CF = pattern((1, 2, 3, 4, 5), 0.1, scale=1.0, freq=0.35)  # [batch, channels, d1, d2, d3]

CASES = {
    "avg1d": (lambda: layers.AdaptiveAveragePooling1D(3), SEQ),
    "avg1d_up_cf": (lambda: layers.AdaptiveAveragePooling1D([10], data_format="channels_first"), SEQ_CF),
    "max1d": (lambda: layers.AdaptiveMaxPooling1D(5), SEQ),
    "max1d_cf": (lambda: layers.AdaptiveMaxPooling1D(3, data_format="channels_first"), SEQ_CF),
    "avg2d": (lambda: layers.AdaptiveAveragePooling2D((3, 4)), IMG),
    "avg2d_cf": (lambda: layers.AdaptiveAveragePooling2D(4, data_format="channels_first"), IMG_CF),
    "max2d": (lambda: layers.AdaptiveMaxPooling2D((2, 5)), IMG),
    "max2d_up_cf": (lambda: layers.AdaptiveMaxPooling2D((8, 3), data_format="channels_first"), IMG_CF),
    "avg3d": (lambda: layers.AdaptiveAveragePooling3D((3, 2, 2)), VOL),
    "avg3d_cf": (lambda: layers.AdaptiveAveragePooling3D(2, data_format="channels_first"), VOL_CF),
    "max3d": (lambda: layers.AdaptiveMaxPooling3D((2, 3, 2)), VOL),
    "max3d_cf": (lambda: layers.AdaptiveMaxPooling3D((3, 3, 4), data_format="channels_first"), VOL_CF),
}

BASE_KEYS = {"name", "trainable", "dtype"}

out = {"layers": {}}
for name, (make, x) in CASES.items():
    keras.backend.clear_session()
    layer = make()
    y = layer(x)
    C = jnp.asarray(pattern(tuple(y.shape), 0.7, scale=1.0, freq=0.6))

    def loss_fn(inputs):
        result, _ = layer.stateless_call([], [], inputs)
        return jnp.sum(result * C)

    loss, input_grad = jax.value_and_grad(loss_fn)(jnp.asarray(x))
    config = {k: v for k, v in layer.get_config().items() if k not in BASE_KEYS}
    out["layers"][name] = {
        "input_shape": list(x.shape),
        "output": listed(y),
        "output_shape": list(y.shape),
        "computed_output_shape": list(layer.compute_output_shape((None,) + x.shape[1:])),
        "config": json.loads(json.dumps(config)),
        "loss": float(loss),
        "grads": [listed(input_grad)],
    }


out["errors"] = {
    "avg1d_length": message(lambda: layers.AdaptiveAveragePooling1D((2, 3))),
    "max1d_type": message(lambda: layers.AdaptiveMaxPooling1D("3")),
    "avg2d_tuple": message(lambda: layers.AdaptiveAveragePooling2D((2, 3, 4))),
    "max3d_tuple": message(lambda: layers.AdaptiveMaxPooling3D((2, 3))),
    "data_format": message(lambda: layers.AdaptiveMaxPooling2D(2, data_format="channels_middle")),
}

print(json.dumps(out))
