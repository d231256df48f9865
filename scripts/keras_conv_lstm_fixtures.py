#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-conv-lstm.test.ts: ConvLSTM1D, ConvLSTM2D and ConvLSTM3D
with the same weights, inputs and options as the tests, run by Keras (float32):

    KERAS_BACKEND=jax python scripts/keras_conv_lstm_fixtures.py > test/fixtures/keras-conv-lstm.json
    KERAS_BACKEND=tensorflow python scripts/keras_conv_lstm_fixtures.py > test/fixtures/keras-conv-lstm-masked.json

(from the repository's root, with scripts/ on PYTHONPATH for keras_fixture_helpers).
Under JAX, for each case: the outputs (flat) and their shapes, compute_output_shape of the input
shape with the batch size unknown, the weights' paths and shapes, the layer's get_config (without
name, trainable, dtype), and the loss sum(first output * C) + sum(each other output^2) / 2, C =
pattern(first output's shape, 0.7, 1, 0.6), with its gradients with respect to the weights and
then the input (jax.grad of the layer's stateless_call); then Keras' messages for bad options, and a Keras-written `.keras` archive of a model with two
ConvLSTM2D layers (test/fixtures/keras-conv-lstm.keras) with its predictions.
Keras' JAX backend cannot mask a ConvLSTM (its rnn broadcasts the [batch, 1] mask against the
[batch, rows, filters] states and fails), its TensorFlow backend can: under TensorFlow the script
gives the masked cases' outputs and gradients (tf.GradientTape). Weights and inputs are made by
`pattern` (scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json
import os
import sys

# Keras' message for a bad padding prints a set of strings, whose order follows the process's
# string hash seed: the script runs under the seed that gives the committed order.
if os.environ.get("PYTHONHASHSEED") != "1":
    os.environ["PYTHONHASHSEED"] = "1"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from keras_fixture_helpers import listed, message, pattern, save_as_committed, set_pattern_weights  # noqa: E402

SEQ1 = pattern((2, 3, 6, 2), 0.3, scale=0.8, freq=0.9)  # [batch, time, steps, channels]
SEQ1_ODD = pattern((2, 3, 7, 2), 0.5, scale=0.8, freq=0.7)
SEQ2 = pattern((2, 3, 4, 5, 1), 0.2, scale=1.0, freq=0.7)  # [batch, time, rows, cols, channels]
SEQ2_CF = pattern((2, 3, 2, 5, 5), 0.4, scale=1.0, freq=0.55)  # [batch, time, channels, rows, cols]
SEQ3 = pattern((2, 2, 3, 3, 3, 1), 0.6, scale=1.0, freq=0.45)  # [batch, time, d1, d2, d3, channels]
SEQ3_CF = pattern((2, 2, 2, 3, 4, 3), 0.1, scale=1.0, freq=0.35)  # [batch, time, channels, d1, d2, d3]

CASES = {
    "conv_lstm1d_same": (lambda: layers.ConvLSTM1D(2, 3, padding="same", return_sequences=True, return_state=True), SEQ1),
    "conv_lstm1d_strides_backwards": (lambda: layers.ConvLSTM1D(3, 2, strides=2, go_backwards=True), SEQ1_ODD),
    "conv_lstm2d_same": (lambda: layers.ConvLSTM2D(2, (2, 3), padding="same", return_sequences=True), SEQ2),
    "conv_lstm2d_cf_dilation_state": (lambda: layers.ConvLSTM2D(2, 2, data_format="channels_first", dilation_rate=2, return_state=True), SEQ2_CF),
    "conv_lstm2d_nobias_relu": (
        lambda: layers.ConvLSTM2D(3, 3, use_bias=False, activation="relu", recurrent_activation="hard_sigmoid", unit_forget_bias=False, return_sequences=True),
        SEQ2,
    ),
    "conv_lstm3d_same": (lambda: layers.ConvLSTM3D(2, 2, padding="same", return_sequences=True), SEQ3),
    "conv_lstm3d_cf": (lambda: layers.ConvLSTM3D(2, (1, 2, 2), data_format="channels_first", return_state=True), SEQ3_CF),
}

MASKED = {
    "conv_lstm1d_masked": (lambda: layers.ConvLSTM1D(2, 3, padding="same", return_sequences=True, return_state=True), SEQ1, [[True, False, True], [False, True, True]]),
    "conv_lstm2d_masked_last": (lambda: layers.ConvLSTM2D(2, 2, return_state=True), SEQ2, [[True, True, False], [True, False, True]]),
}

ARCHIVE = "test/fixtures/keras-conv-lstm.keras"  # the script runs from the repository's root

BASE_KEYS = {"name", "trainable", "dtype"}


def loss_of(outputs, C):
    total = keras.ops.sum(outputs[0] * C)
    for s in outputs[1:]:
        total = total + 0.5 * keras.ops.sum(s * s)
    return total


def as_list(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]


def built(make, x):
    keras.backend.clear_session()
    layer = make()
    layer.build(x.shape)
    set_pattern_weights(layer)
    return layer


def jax_case(make, x):
    import jax
    import jax.numpy as jnp

    layer = built(make, x)
    ys = as_list(layer(x))
    C = jnp.asarray(pattern(tuple(ys[0].shape), 0.7, scale=1.0, freq=0.6))
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable, inputs):
        result, _ = layer.stateless_call(trainable, non_trainable, inputs)
        return loss_of(as_list(result), C)

    loss, (grads, input_grad) = jax.value_and_grad(loss_fn, argnums=(0, 1))(trainable, jnp.asarray(x))
    config = {k: v for k, v in layer.get_config().items() if k not in BASE_KEYS}
    computed = layer.compute_output_shape((None,) + x.shape[1:])
    computed = [list(s) for s in computed] if isinstance(computed[0], (list, tuple)) else [list(computed)]
    return {
        "input_shape": list(x.shape),
        "outputs": [listed(y) for y in ys],
        "output_shapes": [list(y.shape) for y in ys],
        "computed_output_shapes": computed,
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "config": json.loads(json.dumps(config, default=lambda o: np.asarray(o).tolist())),
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(input_grad)],
    }


def tf_masked_case(make, x, mask):
    import tensorflow as tf

    layer = built(make, x)
    xt = tf.constant(x)
    m = tf.constant(mask)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        ys = as_list(layer(xt, mask=m))
        C = tf.constant(pattern(tuple(ys[0].shape), 0.7, scale=1.0, freq=0.6))
        loss = loss_of(ys, C)
    grads = tape.gradient(loss, [v.value for v in layer.trainable_variables] + [xt])
    return {
        "input_shape": list(x.shape),
        "mask": mask,
        "outputs": [listed(y) for y in ys],
        "output_shapes": [list(y.shape) for y in ys],
        "loss": float(loss),
        "grads": [listed(g) for g in grads],
    }


if keras.backend.backend() == "jax":
    out = {"layers": {name: jax_case(make, x) for name, (make, x) in CASES.items()}}
    keras.backend.clear_session()
    default = layers.ConvLSTM2D(3, 2)
    default.build((None, 2, 4, 4, 2))
    out["default_bias"] = listed(default.weights[2].value)
    # A Keras-written .keras archive with ConvLSTM layers (pattern weights) and its predictions on SEQ2.
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input((3, 4, 5, 1)),
        layers.ConvLSTM2D(2, 2, padding="same", return_sequences=True),
        layers.ConvLSTM2D(3, (2, 3), recurrent_activation="hard_sigmoid"),
        layers.Flatten(),
        layers.Dense(1),
    ])
    set_pattern_weights(model)
    save_as_committed(model, ARCHIVE)  # the committed archive's bytes when the model is the same
    out["archive"] = {"predict": listed(model.predict(SEQ2, verbose=0)), "weight_names": [w.path for w in model.weights]}
    out["errors"] = {
        "strides_and_dilation": message(lambda: layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)),
        "causal_padding": message(lambda: layers.ConvLSTM1D(2, 3, padding="causal")),
        "input_rank": message(lambda: layers.ConvLSTM2D(2, 3)(np.ones((2, 3, 5, 1), "float32"))),
        "kernel_size": message(lambda: layers.ConvLSTM2D(2, (3, 3, 3))),
        "unknown_spatial": message(lambda: layers.ConvLSTM2D(2, 3).build((None, 3, None, 5, 1))),
        "jax_mask": message(lambda: layers.ConvLSTM2D(2, 3)(SEQ2, mask=np.ones((2, 3), bool))),
    }
else:
    out = {"layers": {name: tf_masked_case(make, x, mask) for name, (make, x, mask) in MASKED.items()}}

print(json.dumps(out))
