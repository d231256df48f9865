#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-recurrent.test.ts: SimpleRNN, LSTM and GRU with the same
weights, inputs and options as the tests, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_recurrent_fixtures.py

It prints, for each case, the outputs (sequences and states), the gradients of a fixed loss with
respect to the weights (jax.grad of the layer's stateless_call), and the History and final
weights of a few epochs of fit on a tiny problem. The weights and inputs are made by formulas the
test repeats (`pattern`, in scripts/keras_fixture_helpers.py), so no array needs copying: only
the results.
"""

import json

import keras
from keras import layers

from keras_fixture_helpers import B, D, T, X, built_with_pattern_weights, loss_and_grads, pattern, rounded, set_pattern_weights


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
    layer = built_with_pattern_weights(make, (B, T, D))  # phase 1, 2, 3 for kernel, recurrent kernel, bias
    y = layer(X)
    ys = y if isinstance(y, (list, tuple)) else [y]
    out["forward"][name] = {
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "outputs": [rounded(t) for t in ys],
    }
    loss, grads = loss_and_grads(layer, X)
    out["grads"][name] = {"loss": float(loss), "grads": [rounded(g) for g in grads]}

# ---- fit: a Sequential LSTM and a functional GRU -> SimpleRNN, fixed weights, no shuffling.
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)


keras.backend.clear_session()
seq = keras.Sequential([keras.Input((T, D)), layers.LSTM(3), layers.Dense(1)])
set_pattern_weights(seq)
seq.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
h = seq.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_sequential_lstm"] = {"loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in seq.get_weights()]}

keras.backend.clear_session()
inp = keras.Input((T, D))
hid = layers.GRU(3, return_sequences=True)(inp)
hid = layers.SimpleRNN(2)(hid)
outp = layers.Dense(1)(hid)
fun = keras.Model(inp, outp)
set_pattern_weights(fun)
fun.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
h = fun.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_functional_gru_simple"] = {"loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in fun.get_weights()]}

# The default LSTM bias (unit_forget_bias): zeros, ones for the forget gate, zeros.
keras.backend.clear_session()
lstm = layers.LSTM(2)
lstm.build((None, T, D))
out["lstm_default_bias"] = rounded(lstm.weights[2].value)

print(json.dumps(out))
