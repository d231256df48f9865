#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-wrappers.test.ts: Bidirectional and TimeDistributed with
the same weights, inputs and options as the tests, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_wrappers_fixtures.py

It prints, for each case, the weight names and shapes, the outputs, the gradients of a fixed loss
with respect to the weights (jax.grad of the layer's stateless_call), and the History and final
weights of 3 epochs of fit of a Sequential Bidirectional(LSTM) -> Dense and of a functional
Bidirectional(GRU, 'sum') -> TimeDistributed(Dense). Weights and inputs are made by `pattern`
(as in scripts/keras_recurrent_fixtures.py), which the test repeats.
"""

import json

import jax
import jax.numpy as jnp
import numpy as np
import keras
from keras import layers

F = "float32"
B, T, D = 2, 4, 3  # batch, timesteps, features


def pattern(shape, phase, scale=0.5, freq=1.3):
    """scale * sin(freq * i + phase) over the flat indices, float32 (the test's `pattern`)."""
    n = int(np.prod(shape))
    return (scale * np.sin(freq * np.arange(n, dtype=np.float64) + phase)).astype(F).reshape(shape)


X = pattern((B, T, D), 0.3, scale=0.8, freq=0.9)
X_IMAGES = pattern((B, 3, 4, 4, 2), 0.2, scale=1.0, freq=0.7)  # [batch, timesteps, h, w, channels]


def rounded(a):
    return np.asarray(a, dtype=np.float32).tolist()


CASES = {
    "lstm_concat_seq": (lambda: layers.Bidirectional(layers.LSTM(3, return_sequences=True)), X),
    "lstm_sum": (lambda: layers.Bidirectional(layers.LSTM(3), merge_mode="sum"), X),
    "gru_mul_seq": (lambda: layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode="mul"), X),
    "simple_ave_state": (lambda: layers.Bidirectional(layers.SimpleRNN(3, return_state=True), merge_mode="ave"), X),
    "lstm_none_seq_state": (lambda: layers.Bidirectional(layers.LSTM(2, return_sequences=True, return_state=True), merge_mode=None), X),
    "lstm_explicit_backward": (lambda: layers.Bidirectional(
        layers.LSTM(2, return_sequences=True),
        backward_layer=layers.LSTM(2, go_backwards=True, return_sequences=True, activation="relu"),
    ), X),
    "td_dense": (lambda: layers.TimeDistributed(layers.Dense(3, activation="tanh")), X),
    "td_conv": (lambda: layers.TimeDistributed(layers.Conv2D(2, (2, 2), activation="relu")), X_IMAGES),
}

out = {"forward": {}, "grads": {}}
for name, (make, x) in CASES.items():
    keras.backend.clear_session()
    layer = make()
    layer.build(x.shape)
    layer.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(layer.weights)])
    y = layer(x)
    ys = list(y) if isinstance(y, (list, tuple)) else [y]
    out["forward"][name] = {
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "output_shapes": [list(t.shape) for t in ys],
        "outputs": [rounded(t) for t in ys],
    }

    # loss = sum(first output * C) + sum(each other output^2) / 2, C = pattern(first output's shape, 0.7, 1, 0.6)
    C = jnp.asarray(pattern(tuple(ys[0].shape), 0.7, scale=1.0, freq=0.6))

    def loss_fn(trainable):
        result, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(x))
        rs = list(result) if isinstance(result, (list, tuple)) else [result]
        total = jnp.sum(rs[0] * C)
        for s in rs[1:]:
            total = total + 0.5 * jnp.sum(s * s)
        return total

    tv = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    loss, grads = jax.value_and_grad(loss_fn)(tv)
    out["grads"][name] = {"loss": float(loss), "grads": [rounded(g) for g in grads]}

# ---- fit: a Sequential Bidirectional(LSTM) -> Dense, a functional Bidirectional(GRU, sum) -> TimeDistributed(Dense).
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)
YS = pattern((N, T, 1), 0.5, scale=1.0, freq=0.8)


def set_all(model):
    model.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(model.weights)])


keras.backend.clear_session()
seq = keras.Sequential([keras.Input((T, D)), layers.Bidirectional(layers.LSTM(3)), layers.Dense(1)])
set_all(seq)
seq.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
h = seq.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_sequential"] = {"names": [w.path for w in seq.weights], "loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in seq.get_weights()]}

keras.backend.clear_session()
inp = keras.Input((T, D))
hid = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode="sum")(inp)
outp = layers.TimeDistributed(layers.Dense(1))(hid)
fun = keras.Model(inp, outp)
set_all(fun)
fun.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
h = fun.fit(XF, YS, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_functional"] = {"names": [w.path for w in fun.weights], "loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in fun.get_weights()]}

print(json.dumps(out))
