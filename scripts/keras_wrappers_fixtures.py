#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-wrappers.test.ts: Bidirectional and TimeDistributed with
the same weights, inputs and options as the tests, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_wrappers_fixtures.py

It prints, for each case, the weight names and shapes, the outputs, the gradients of a fixed loss
with respect to the weights (jax.grad of the layer's stateless_call), and the History and final
weights of 3 epochs of fit of a Sequential Bidirectional(LSTM) -> Dense and of a functional
Bidirectional(GRU, 'sum') -> TimeDistributed(Dense). Weights and inputs are made by `pattern`
(in scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json

import keras
from keras import layers

from keras_fixture_helpers import B, D, T, X, built_with_pattern_weights, loss_and_grads, pattern, rounded, set_pattern_weights

X_IMAGES = pattern((B, 3, 4, 4, 2), 0.2, scale=1.0, freq=0.7)  # [batch, timesteps, h, w, channels]


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
    layer = built_with_pattern_weights(make, x.shape)
    y = layer(x)
    ys = list(y) if isinstance(y, (list, tuple)) else [y]
    out["forward"][name] = {
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "output_shapes": [list(t.shape) for t in ys],
        "outputs": [rounded(t) for t in ys],
    }
    loss, grads = loss_and_grads(layer, x)
    out["grads"][name] = {"loss": float(loss), "grads": [rounded(g) for g in grads]}

# ---- fit: a Sequential Bidirectional(LSTM) -> Dense, a functional Bidirectional(GRU, sum) -> TimeDistributed(Dense).
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)
YS = pattern((N, T, 1), 0.5, scale=1.0, freq=0.8)


keras.backend.clear_session()
seq = keras.Sequential([keras.Input((T, D)), layers.Bidirectional(layers.LSTM(3)), layers.Dense(1)])
set_pattern_weights(seq)
seq.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
h = seq.fit(XF, YF, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_sequential"] = {"names": [w.path for w in seq.weights], "loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in seq.get_weights()]}

keras.backend.clear_session()
inp = keras.Input((T, D))
hid = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode="sum")(inp)
outp = layers.TimeDistributed(layers.Dense(1))(hid)
fun = keras.Model(inp, outp)
set_pattern_weights(fun)
fun.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
h = fun.fit(XF, YS, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["fit_functional"] = {"names": [w.path for w in fun.weights], "loss": [float(v) for v in h.history["loss"]], "weights": [rounded(w) for w in fun.get_weights()]}

print(json.dumps(out))
