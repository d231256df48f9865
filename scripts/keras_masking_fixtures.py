#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-masking.test.ts: masks through the recurrent layers and
their wrappers, the RNN `initial_state` call argument, and models whose losses see a mask, run by
Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_masking_fixtures.py > test/fixtures/keras-masking.json

For each layer case: the outputs and the masks they carry for a call with an explicit `mask`
and/or `initial_state`, and the gradients of a fixed loss with respect to the weights (and the
initial states) by jax.grad of the layer's stateless_call. For each model: the History of 3
epochs of fit (loss and metrics), the final weights, and evaluate / predict. Weights and inputs
are made by `pattern` (in scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json

import numpy as np
import keras
from keras import layers
from keras.src.backend import get_keras_mask

from keras_fixture_helpers import B, D, F, M, T, X, built_with_pattern_weights, fitted, listed, pattern, sequence_case, set_pattern_weights, state


# name: (layer factory, call kwargs besides the inputs: mask and/or initial_state)
CASES = {
    "simple_mask": (lambda: layers.SimpleRNN(3, return_sequences=True, return_state=True), lambda: {"mask": M}),
    "lstm_mask_backwards": (lambda: layers.LSTM(3, return_sequences=True, return_state=True, go_backwards=True), lambda: {"mask": M}),
    "gru_mask_zero_output": (lambda: layers.GRU(3, return_sequences=True, zero_output_for_mask=True), lambda: {"mask": M}),
    "gru_reset_before_mask_last": (lambda: layers.GRU(3, reset_after=False, return_state=True), lambda: {"mask": M}),
    "lstm_initial_state": (lambda: layers.LSTM(3, return_sequences=True, return_state=True), lambda: {"initial_state": [state(3, 2.5), state(3, 0.9)]}),
    "simple_initial_state_mask": (lambda: layers.SimpleRNN(3, return_sequences=True), lambda: {"initial_state": [state(3, 2.5)], "mask": M}),
    "bi_lstm_mask_seq": (lambda: layers.Bidirectional(layers.LSTM(2, return_sequences=True)), lambda: {"mask": M}),
    "bi_gru_sum_mask_state": (lambda: layers.Bidirectional(layers.GRU(2, return_state=True), merge_mode="sum"), lambda: {"mask": M}),
    "bi_simple_initial_state": (lambda: layers.Bidirectional(layers.SimpleRNN(2, return_sequences=True)), lambda: {"initial_state": [state(2, 2.5), state(2, 1.7)]}),
    "td_dense_mask": (lambda: layers.TimeDistributed(layers.Dense(2, activation="tanh")), lambda: {"mask": M}),
}

out = {"layers": {}}
for name, (make, kwargs_of) in CASES.items():
    out["layers"][name] = sequence_case(built_with_pattern_weights(make, (B, T, D)), kwargs_of())

# Keras 3 fills `mask` from the input's mask only when the input is the call's one tensor
# argument: given initial_state too, an LSTM after Masking runs unmasked (unless mask= is passed).
keras.backend.clear_session()
lstm = layers.LSTM(3, return_sequences=True)
lstm.build((B, T, D))
set_pattern_weights(lstm)
XZ = X * M[:, :, None]
masked_input = layers.Masking()(XZ)
zeros = [np.zeros((B, 3), F), np.zeros((B, 3), F)]
out["carried_mask_with_initial_state"] = {
    "with_state": listed(lstm(masked_input, initial_state=zeros)),
    "unmasked": listed(lstm(XZ)),
    "masked": listed(lstm(masked_input)),
}

# Merge layers: Add ORs the inputs' masks (none if an input has none); Concatenate broadcasts
# each mask to its input (all true without one), joins them on its axis, any() over the last.
keras.backend.clear_session()
A = layers.Masking()(X * M[:, :, None])
M2 = np.array([[True, False, False, True], [True, False, True, False]])
B2 = layers.Masking()(X[:, :, :2] * M2[:, :, None])
unmasked = keras.ops.convert_to_tensor(X)
out["merge_masks"] = {
    "add_masked": listed(get_keras_mask(layers.Add()([A, layers.Masking()(X * M2[:, :, None])]))),
    "add_one_unmasked": listed(get_keras_mask(layers.Add()([A, unmasked]))),
    "concat_last": listed(get_keras_mask(layers.Concatenate()([A, B2]))),
    "concat_one_unmasked": listed(get_keras_mask(layers.Concatenate()([A, unmasked]))),
    "concat_time": listed(get_keras_mask(layers.Concatenate(axis=1)([A, layers.Masking()(X * M2[:, :, None])]))),
}

# ---- models: fit with SGD or Adam, 3 epochs of batches of 4, no shuffling.
N = 6
XF = pattern((N, T, D), 0.1, scale=1.0, freq=0.7)
MF = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0]], dtype=bool)
XF = XF * MF[:, :, None]  # the padding timesteps are zeros, which Masking marks
YF = pattern((N, 1), 0.4, scale=1.0, freq=1.1)
YS = pattern((N, T, 1), 0.9, scale=1.0, freq=0.5)
IDS = np.array([[3, 1, 0, 0], [2, 5, 4, 0], [1, 1, 1, 1], [5, 0, 0, 0], [4, 2, 0, 0], [3, 3, 2, 0]], dtype="int32")


keras.backend.clear_session()
model = keras.Sequential([keras.Input((T, D)), layers.Masking(), layers.LSTM(3), layers.Dense(1)])
out["fit_masking_lstm"] = fitted(model, XF, YF, keras.optimizers.SGD(0.1))

# The output carries the mask (LSTM return_sequences -> TimeDistributed): the loss and the
# metrics leave the padding timesteps out.
def sequence_model():
    keras.backend.clear_session()
    return keras.Sequential([keras.Input((T, D)), layers.Masking(), layers.LSTM(3, return_sequences=True), layers.TimeDistributed(layers.Dense(1))])


out["fit_sequence_loss_mask"] = fitted(sequence_model(), XF, YS, keras.optimizers.SGD(0.1), metrics=["mae"])

# The JAX trainer's train_step gets y_pred back as an aux output of jax.value_and_grad, which
# drops its mask, so fit's training metrics (not the loss, computed inside) see every timestep;
# the TensorFlow trainer's train_step updates them with `self(x)`'s output, mask and all. The
# training metrics as the TensorFlow backend gives them: each batch's predictions (before the
# batch's update, as train_step computes them) into a Keras MeanAbsoluteError, mask honoured.
model = sequence_model()
set_pattern_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
mae = keras.metrics.MeanAbsoluteError(name="mae")
masked_mae = []
for epoch in range(3):
    mae.reset_state()
    for start in range(0, N, 4):
        xb, yb = XF[start:start + 4], YS[start:start + 4]
        mae.update_state(yb, model(xb, training=True))
        model.train_on_batch(xb, yb)
    masked_mae.append(float(mae.result()))
out["fit_sequence_loss_mask"]["history_jax_mae"] = out["fit_sequence_loss_mask"]["history"]["mae"]
out["fit_sequence_loss_mask"]["history"]["mae"] = masked_mae

keras.backend.clear_session()
ids = keras.Input((T,), dtype="int32")
h = layers.Embedding(6, 3, mask_zero=True)(ids)
h = layers.Bidirectional(layers.GRU(2))(h)
model = keras.Model(ids, layers.Dense(1)(h))
out["fit_embedding_bigru"] = fitted(model, IDS, YF, keras.optimizers.Adam(0.01))

keras.backend.clear_session()
model = keras.Sequential([keras.Input((T,), dtype="int32"), layers.Embedding(6, 3, mask_zero=True), layers.GlobalAveragePooling1D(), layers.Dense(1)])
out["fit_embedding_pool"] = fitted(model, IDS, YF, keras.optimizers.SGD(0.1))

# seq2seq: the encoder's final states start the decoder (initial_state as KerasTensors).
keras.backend.clear_session()
encoder_inputs = keras.Input((T, D))
_, h_state, c_state = layers.LSTM(3, return_state=True)(encoder_inputs)
decoder_inputs = keras.Input((3, 2))
decoded = layers.LSTM(3, return_sequences=True)(decoder_inputs, initial_state=[h_state, c_state])
model = keras.Model([encoder_inputs, decoder_inputs], layers.Dense(2)(decoded))
XD = pattern((N, 3, 2), 1.1, scale=1.0, freq=0.4)
YD = pattern((N, 3, 2), 0.2, scale=1.0, freq=0.9)
out["fit_seq2seq"] = fitted(model, [XF, XD], YD, keras.optimizers.Adam(0.01))

print(json.dumps(out))
