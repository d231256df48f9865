#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-spectral-normalization.test.ts: the SpectralNormalization
wrapper around Dense, Conv2D and Embedding, run by Keras' TensorFlow backend (float32):

    KERAS_BACKEND=tensorflow python scripts/keras_spectral_normalization_fixtures.py > test/fixtures/keras-spectral-normalization.json

The TensorFlow backend, not JAX: in training the wrapper assigns the normalized kernel to the
wrapped layer's kernel variable, and the gradient is then the one of the variable read after the
assignment, as with TensorFlow's variables (gradtape's too). Under JAX's stateless_call the
assigned value stays a function of the kernel, so jax.grad differentiates through the division by
σ, and JAX's fit drops the assignment; the forward numbers are the same.

For each case: the weights' paths and shapes; the output of a call in inference (the wrapped layer
alone) and of a call in training, with vector_u and the kernel after it; the loss sum(output * C),
C = pattern(output's shape, 0.7, 1, 0.6), of a training call on a fresh layer under
tf.GradientTape with its gradients with respect to the trainable weights and the input (not for
Embedding: Keras casts the wrapper's output to the input's dtype, int32 ids giving int32
outputs); the config. Then the History and weights of 2 epochs of fit of a small
model, and Keras' messages. Weights (vector_u too) and inputs are made by `pattern`, which the test
repeats.
"""

import json

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from keras_fixture_helpers import listed, message, pattern, set_pattern_weights

VEC = pattern((4, 5), 0.3, scale=0.8, freq=0.9)
IMG = pattern((2, 4, 4, 1), 0.2, scale=1.0, freq=0.7)
IDS = np.array([[0, 2, 5, 1], [3, 3, 4, 0]], dtype="int32")

CASES = {
    "dense": (lambda: layers.SpectralNormalization(layers.Dense(3)), VEC),
    "conv2d_3_iterations": (lambda: layers.SpectralNormalization(layers.Conv2D(2, 2), power_iterations=3), IMG),
    "embedding": (lambda: layers.SpectralNormalization(layers.Embedding(6, 3)), IDS),
}

BASE_KEYS = {"name", "trainable", "dtype"}


def fresh(make, x):
    keras.backend.clear_session()
    layer = make()
    layer.build(x.shape)
    set_pattern_weights(layer)
    return layer


def layer_config(layer):
    config = {k: v for k, v in layer.get_config().items() if k not in BASE_KEYS}
    inner = config["layer"]
    config["layer"] = {"class_name": inner["class_name"], "config": {k: v for k, v in inner["config"].items() if k not in BASE_KEYS}}
    return json.loads(json.dumps(config, default=lambda o: np.asarray(o).tolist()))


out = {"layers": {}}
for name, (make, x) in CASES.items():
    layer = fresh(make, x)
    case = {
        "input_shape": list(x.shape),
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "trainable": [w.trainable for w in layer.weights],
        "inference": listed(layer(x, training=False)),
    }
    y = layer(x, training=True)
    case["training"] = listed(y)
    case["output_shape"] = list(y.shape)
    case["vector_u_after"] = listed(layer.vector_u)
    case["kernel_after"] = listed(layer.kernel)
    case["computed_output_shape"] = list(layer.compute_output_shape((None,) + x.shape[1:]))
    case["config"] = layer_config(layer)

    case["output_dtype"] = str(y.dtype.name if hasattr(y.dtype, "name") else y.dtype)
    if x.dtype != np.float32:
        # Keras casts the output to the input's dtype: Embedding's int32 ids give int32 outputs,
        # through which no gradient flows.
        out["layers"][name] = case
        continue
    layer = fresh(make, x)
    xt = tf.constant(x)
    float_input = True
    with tf.GradientTape() as tape:
        if float_input:
            tape.watch(xt)
        y = layer(xt, training=True)
        loss = tf.reduce_sum(y * tf.constant(pattern(tuple(y.shape), 0.7, scale=1.0, freq=0.6)))
    sources = [v.value for v in layer.trainable_variables] + ([xt] if float_input else [])
    case["loss"] = float(loss)
    case["grads"] = [listed(g) for g in tape.gradient(loss, sources)]
    out["layers"][name] = case

# ---- fit: SpectralNormalization(Dense(4)) -> Dense(1), SGD, 2 epochs, batches of 4, not shuffled.
keras.backend.clear_session()
XF = pattern((8, 5), 0.1, scale=1.0, freq=0.7)
YF = pattern((8, 1), 0.4, scale=1.0, freq=1.1)
model = keras.Sequential([keras.Input((5,)), layers.SpectralNormalization(layers.Dense(4, activation="tanh"), power_iterations=2), layers.Dense(1)])
set_pattern_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
h = model.fit(XF, YF, epochs=2, batch_size=4, shuffle=False, verbose=0)
out["fit"] = {
    "loss": [float(v) for v in h.history["loss"]],
    "weights": [listed(w) for w in model.get_weights()],
    "weight_names": [w.path for w in model.weights],
    "predict": listed(model.predict(XF, verbose=0)),
}


out["errors"] = {
    "power_iterations": message(lambda: layers.SpectralNormalization(layers.Dense(2), power_iterations=0)),
    "no_kernel": message(lambda: layers.SpectralNormalization(layers.Dropout(0.1)).build((None, 3))),
    "not_a_layer": message(lambda: layers.SpectralNormalization(3)),
}

print(json.dumps(out))
