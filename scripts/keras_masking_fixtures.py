#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-masking.test.ts: masks through the recurrent layers and
their wrappers, the RNN `initial_state` call argument, and models whose losses see a mask, run by
Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_masking_fixtures.py > test/fixtures/keras-masking.json

For each layer case: the outputs and the masks they carry for a call with an explicit `mask`
and/or `initial_state`, and the gradients of a fixed loss with respect to the weights (and the
initial states) by jax.grad of the layer's stateless_call. For each model: the History of 3
epochs of fit (loss and metrics), the final weights, and evaluate / predict. Weights and inputs
are made by `pattern` (as in scripts/keras_recurrent_fixtures.py), which the test repeats.
"""

import json

import jax
import jax.numpy as jnp
import numpy as np
import keras
from keras import layers
from keras.src.backend import get_keras_mask

F = "float32"
B, T, D = 2, 4, 3  # batch, timesteps, features


def pattern(shape, phase, scale=0.5, freq=1.3):
    """scale * sin(freq * i + phase) over the flat indices, float32 (the test's `pattern`)."""
    n = int(np.prod(shape))
    return (scale * np.sin(freq * np.arange(n, dtype=np.float64) + phase)).astype(F).reshape(shape)


def listed(a):
    return np.asarray(a).astype(np.float32).ravel().tolist() if a is not None else None


X = pattern((B, T, D), 0.3, scale=0.8, freq=0.9)
# Sample 0 skips timestep 2; sample 1 its first and last timesteps (the first output of a masked
# step is the initial h, the last output the one before).
M = np.array([[True, True, False, True], [False, True, True, False]])


def state(units, phase):
    return pattern((B, units), phase, scale=0.6, freq=0.8)


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
    keras.backend.clear_session()
    layer = make()
    layer.build((B, T, D))
    layer.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(layer.weights)])
    kwargs = kwargs_of()
    y = layer(X, **kwargs)
    ys = list(y) if isinstance(y, (list, tuple)) else [y]

    # loss = sum(first output * C) + sum(each other output^2) / 2, C = pattern(first output's shape, 0.7, 1, 0.6)
    C = jnp.asarray(pattern(tuple(ys[0].shape), 0.7, scale=1.0, freq=0.6))
    initial = [jnp.asarray(s) for s in kwargs.get("initial_state", [])]
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable, initial):
        call_kwargs = {k: v for k, v in kwargs.items() if k != "initial_state"}
        if initial:
            call_kwargs["initial_state"] = initial
        result, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(X), **call_kwargs)
        rs = list(result) if isinstance(result, (list, tuple)) else [result]
        total = jnp.sum(rs[0] * C)
        for s in rs[1:]:
            total = total + 0.5 * jnp.sum(s * s)
        return total

    loss, (grads, state_grads) = jax.value_and_grad(loss_fn, argnums=(0, 1))(trainable, initial)
    out["layers"][name] = {
        "outputs": [listed(t) for t in ys],
        "output_shapes": [list(t.shape) for t in ys],
        "output_masks": [listed(get_keras_mask(t)) for t in ys],
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(g) for g in state_grads],
    }

# Keras 3 fills `mask` from the input's mask only when the input is the call's one tensor
# argument: given initial_state too, an LSTM after Masking runs unmasked (unless mask= is passed).
keras.backend.clear_session()
lstm = layers.LSTM(3, return_sequences=True)
lstm.build((B, T, D))
lstm.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(lstm.weights)])
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


def set_all(model):
    model.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(model.weights)])


def fitted(model, x, y, optimizer, metrics=()):
    set_all(model)
    model.compile(optimizer=optimizer, loss="mse", metrics=list(metrics))
    before = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    prediction = model.predict(x, batch_size=4, verbose=0)
    h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    return {
        "evaluate": {k: float(v) for k, v in before.items()},
        "predict": listed(prediction),
        "history": {k: [float(v) for v in vs] for k, vs in h.history.items()},
        "weights": [listed(w) for w in model.get_weights()],
    }


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
set_all(model)
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
