#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-cells.test.ts: keras.layers.RNN over the cells
(SimpleRNNCell, LSTMCell, GRUCell, stacked cells, a cell of one's own; unrolled; in Bidirectional),
a cell's single step,
Softmax with a mask, integer inputs to Dense and Conv1D, and Sequential models started by an int32
Input, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_cells_fixtures.py > test/fixtures/keras-cells.json

For each layer case: the outputs (flattened: output, then the states in order) and the masks they
carry, and the gradients of a fixed loss with respect to the weights (and the initial states) by
jax.grad of the layer's stateless_call. For each model: evaluate, predict, the History of 3 epochs
of fit and the final weights. Weights and inputs are made by `pattern` (in
scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json

import numpy as np
import keras
from keras import layers, ops
from keras.src import tree

from keras_fixture_helpers import B, D, M, T, X, built_with_pattern_weights, fitted, listed, pattern, sequence_case, set_pattern_weights, state


# Registered, so that Bidirectional can make its forward and backward copies from the config (an
# unregistered class cannot be found again: Keras' "Could not locate class 'MinimalRNNCell'"); the
# test's cell gives `units` in getConfig for the same reason.
@keras.saving.register_keras_serializable(package="gradtape_fixtures")
class MinimalRNNCell(layers.Layer):
    """A cell of one's own (the test defines the same): h_t = tanh(x_t · W) + 0.5 · h_{t-1} · U."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.tanh(ops.matmul(inputs, self.kernel)) + 0.5 * ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


# name: (layer factory, call kwargs besides the inputs: mask and/or initial_state)
CASES = {
    "rnn_simple_cell_mask": (lambda: layers.RNN(layers.SimpleRNNCell(3), return_sequences=True, return_state=True), lambda: {"mask": M}),
    "rnn_lstm_cell_backwards_state": (lambda: layers.RNN(layers.LSTMCell(3), return_sequences=True, return_state=True, go_backwards=True), lambda: {"initial_state": [state(3, 2.5), state(3, 0.9)]}),
    "rnn_gru_cell_reset_before_mask": (lambda: layers.RNN(layers.GRUCell(3, reset_after=False), return_state=True), lambda: {"mask": M}),
    "rnn_gru_cell_implementation_1": (lambda: layers.RNN(layers.GRUCell(2, implementation=1), return_sequences=True), lambda: {}),
    "rnn_stacked_mask_state": (lambda: layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_sequences=True, return_state=True), lambda: {"mask": M}),
    "rnn_stacked_zero_output": (lambda: layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(2), layers.LSTMCell(2)]), return_sequences=True, zero_output_for_mask=True), lambda: {"mask": M}),
    "rnn_stacked_initial_state": (lambda: layers.RNN([layers.GRUCell(2), layers.LSTMCell(3)], return_state=True), lambda: {"initial_state": [[state(2, 0.4)], [state(3, 1.4), state(3, 2.4)]]}),
    "rnn_minimal_cell_mask": (lambda: layers.RNN(MinimalRNNCell(3), return_sequences=True, return_state=True), lambda: {"mask": M}),
    "bi_rnn_lstm_cell_mask": (lambda: layers.Bidirectional(layers.RNN(layers.LSTMCell(2), return_sequences=True)), lambda: {"mask": M}),
    # unroll=True: Keras' unrolled loop, where a masked step repeats the previous output (zeros
    # before the first step) rather than the first state before the step: the same unless the
    # first steps are masked and an initial state is given.
    "rnn_lstm_cell_unroll_mask_state": (lambda: layers.RNN(layers.LSTMCell(3), return_sequences=True, return_state=True, unroll=True), lambda: {"mask": M, "initial_state": [state(3, 2.5), state(3, 0.9)]}),
    "lstm_unroll_mask": (lambda: layers.LSTM(3, return_sequences=True, unroll=True), lambda: {"mask": M}),
    "gru_unroll_backwards": (lambda: layers.GRU(2, return_sequences=True, go_backwards=True, unroll=True), lambda: {}),
    "bi_rnn_minimal_cell_mask": (lambda: layers.Bidirectional(layers.RNN(MinimalRNNCell(3), return_sequences=True)), lambda: {"mask": M}),
    "bi_rnn_minimal_cell_state_sum": (lambda: layers.Bidirectional(layers.RNN(MinimalRNNCell(2), return_state=True), merge_mode="sum"), lambda: {}),
    "bi_rnn_stacked_minimal_gru": (lambda: layers.Bidirectional(layers.RNN([MinimalRNNCell(2), layers.GRUCell(3)], return_sequences=True)), lambda: {}),
    "bi_rnn_stacked_cells_state_ave": (lambda: layers.Bidirectional(layers.RNN(layers.StackedRNNCells([layers.LSTMCell(2), layers.SimpleRNNCell(3)]), return_state=True), merge_mode="ave"), lambda: {"mask": M}),
}

out = {"layers": {}}
for name, (make, kwargs_of) in CASES.items():
    layer = built_with_pattern_weights(make, (B, T, D))
    out["layers"][name] = {"weights": [w.path for w in layer.weights], **sequence_case(layer, kwargs_of())}

# One step of each cell, called directly: cell(x_t, states).
STEP_CELLS = {
    "simple_rnn_cell": (lambda: layers.SimpleRNNCell(3), [3]),
    "lstm_cell": (lambda: layers.LSTMCell(3), [3, 3]),
    "gru_cell": (lambda: layers.GRUCell(3), [3]),
    "stacked_cells": (lambda: layers.StackedRNNCells([layers.LSTMCell(2), layers.SimpleRNNCell(3)]), None),
}
XT = X[:, 1, :]
out["steps"] = {}
for name, (make, sizes) in STEP_CELLS.items():
    keras.backend.clear_session()
    cell = make()
    cell.build((B, D))
    set_pattern_weights(cell)
    states = [state(s, 1.0 + k) for k, s in enumerate(sizes)] if sizes else [[state(2, 1.0), state(2, 2.0)], [state(3, 3.0)]]
    output, new_states = cell(XT, states)
    out["steps"][name] = {
        "weights": [w.path for w in cell.weights],
        "outputs": [listed(t) for t in [output, *tree.flatten(new_states)]],
    }

# Softmax with a mask: -1e9 at the masked logits, the masked outputs 0.
keras.backend.clear_session()
S = pattern((2, 3, 4), 0.2, scale=3.0, freq=0.7)
SM = np.array([[[True, False, True, True]], [[False, False, False, False]]])  # broadcast over axis 1; sample 1 all masked
out["softmax"] = {
    "mask_broadcast": listed(layers.Softmax()(S, mask=SM)),
    "mask_full_axis1": listed(layers.Softmax(axis=1)(S, mask=pattern((2, 3, 4), 1.0) > 0)),
    "mask_int": listed(layers.Softmax()(S, mask=np.array([1, 0, 1, 1], "int32"))),
}

# Integer inputs to float layers: Keras' ops promote int32 with float32 to float32.
keras.backend.clear_session()
IX = np.array([[1, -2, 3], [0, 4, -1]], "int32")
dense = layers.Dense(2, activation="tanh")
dense.build((None, 3))
set_pattern_weights(dense)
conv = layers.Conv1D(2, 2)
conv.build((None, 3, 2))
set_pattern_weights(conv)
conv_out = conv(np.arange(12, dtype="int32").reshape(2, 3, 2) - 5)
lstm_int = layers.LSTM(2)
lstm_int.build((None, 3, 1))
set_pattern_weights(lstm_int)
lstm_out = lstm_int(np.array([[[1], [0], [2]], [[3], [1], [0]]], "int32"))
out["int_inputs"] = {
    "dense": listed(dense(IX)), "dense_dtype": str(dense(IX).dtype),
    "conv1d": listed(conv_out), "conv1d_dtype": str(conv_out.dtype),
    "lstm": listed(lstm_out), "lstm_dtype": str(lstm_out.dtype),
}

# ---- models: fit with SGD or Adam, 3 epochs of batches of 4, no shuffling.
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
MF = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0]], dtype=bool)
XF = XF * MF[:, :, None]
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)


keras.backend.clear_session()
model = keras.Sequential([keras.Input((T, D)), layers.Masking(), layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)]), layers.Dense(1)])
out["fit_masking_stacked_cells"] = fitted(model, XF, YF, keras.optimizers.SGD(0.1))

keras.backend.clear_session()
model = keras.Sequential([keras.Input((T, D)), layers.Masking(), layers.Bidirectional(layers.RNN(layers.GRUCell(2))), layers.Dense(1)])
out["fit_bidirectional_gru_cell"] = fitted(model, XF, YF, keras.optimizers.Adam(0.01))

# An int32 Input starts the Sequential: float data is converted to int32 (1.7 -> 1) before Dense,
# whose ops then promote the ints to float32.
keras.backend.clear_session()
IDS = np.array([[3, 1, 0, 2], [2, 5, 4, 0], [1, 1, 1, 1], [5, 0, 0, 3], [4, 2, 0, 0], [3, 3, 2, 1]], dtype="int32")
FLOATS = np.array([[1.7, 2.2, -0.6, 3.9]], "float32")
model = keras.Sequential([keras.Input((T,), dtype="int32"), layers.Dense(3, activation="tanh"), layers.Dense(1)])
out["fit_int_input_dense"] = fitted(model, IDS, YF, keras.optimizers.SGD(0.05), extra_predict=FLOATS)



# ---- Bidirectional of an RNN of a cell whose class is not registered: Keras cannot make the
# forward and backward copies from the config (it does not find the class by its name).
class UnregisteredCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def call(self, inputs, states):
        return inputs, states


try:
    layers.Bidirectional(layers.RNN(UnregisteredCell(2)))
    out["bidirectional_unregistered_cell"] = None
except Exception as e:  # noqa: BLE001
    out["bidirectional_unregistered_cell"] = f"{type(e).__name__}: {e}"

print(json.dumps(out))
