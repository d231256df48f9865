#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-recurrent.test.ts: SimpleRNN, LSTM and GRU with the same
weights, inputs and options as the tests, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_recurrent_fixtures.py

It prints, for each case, the outputs (sequences and states), the gradients of a fixed loss with
respect to the weights (jax.grad of the layer's stateless_call), and the History and final
weights of a few epochs of fit on a tiny problem. The weights and inputs are made by formulas the
test repeats (`pattern` below), so no array needs copying: only the results.
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


def rounded(a):
    return np.asarray(a, dtype=np.float32).tolist()


def weights_for(layer):
    """The layer's weights set by `pattern`, phase 1, 2, 3 for kernel, recurrent kernel, bias."""
    values = [pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(layer.weights)]
    layer.set_weights(values)


CASES = {
    "simple": lambda: layers.SimpleRNN(3, return_sequences=True, return_state=True),
    "simple_backwards_relu_nobias": lambda: layers.SimpleRNN(3, return_sequences=True, go_backwards=True, activation="relu", use_bias=False),
    "lstm": lambda: layers.LSTM(3, return_sequences=True, return_state=True),
    "lstm_backwards": lambda: layers.LSTM(3, go_backwards=True, return_state=True),
    "lstm_hard_sigmoid_nobias": lambda: layers.LSTM(2, use_bias=False, recurrent_activation="hard_sigmoid", activation="relu", return_sequences=True),
    "gru": lambda: layers.GRU(3, return_sequences=True, return_state=True),
    "gru_reset_before": lambda: layers.GRU(3, reset_after=False, return_sequences=True, return_state=True),
    "gru_backwards": lambda: layers.GRU(3, go_backwards=True, return_sequences=True),
}

out = {"x": rounded(X), "forward": {}, "grads": {}}
for name, make in CASES.items():
    keras.backend.clear_session()
    layer = make()
    layer.build((B, T, D))
    weights_for(layer)
    y = layer(X)
    ys = y if isinstance(y, (list, tuple)) else [y]
    out["forward"][name] = {
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "outputs": [rounded(t) for t in ys],
    }

    # loss = sum(first output * C) + sum(each state^2) / 2, C = pattern(first output's shape, 0.7)
    C = jnp.asarray(pattern(tuple(ys[0].shape), 0.7, scale=1.0, freq=0.6))

    def loss_fn(trainable):
        # The non-trainable variable is the dropout seed generator's state (unused here).
        result, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(X))
        rs = result if isinstance(result, (list, tuple)) else [result]
        total = jnp.sum(rs[0] * C)
        for s in rs[1:]:
            total = total + 0.5 * jnp.sum(s * s)
        return total

    tv = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    loss, grads = jax.value_and_grad(loss_fn)(tv)
    out["grads"][name] = {"loss": float(loss), "grads": [rounded(g) for g in grads]}

# ---- fit: a Sequential LSTM and a functional GRU -> SimpleRNN, fixed weights, no shuffling.
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)


def set_all(model):
    model.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(model.weights)])


keras.backend.clear_session()
seq = keras.Sequential([keras.Input((T, D)), layers.LSTM(3), layers.Dense(1)])
set_all(seq)
seq.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
h = seq.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_sequential_lstm"] = {"loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in seq.get_weights()]}

keras.backend.clear_session()
inp = keras.Input((T, D))
hid = layers.GRU(3, return_sequences=True)(inp)
hid = layers.SimpleRNN(2)(hid)
outp = layers.Dense(1)(hid)
fun = keras.Model(inp, outp)
set_all(fun)
fun.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
h = fun.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_functional_gru_simple"] = {"loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in fun.get_weights()]}

# The default LSTM bias (unit_forget_bias): zeros, ones for the forget gate, zeros.
keras.backend.clear_session()
lstm = layers.LSTM(2)
lstm.build((None, T, D))
out["lstm_default_bias"] = rounded(lstm.weights[2].value)

print(json.dumps(out))
