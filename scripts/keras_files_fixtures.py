#!/usr/bin/env python3
"""Keras' own weight files for test/keras-files.test.ts: small models with deterministic weights,
saved by Keras 3.15.1 (h5py 3.16), and Keras' predictions on fixed inputs:

    KERAS_BACKEND=jax python scripts/keras_files_fixtures.py

writes to test/fixtures/keras-files/ every case's `<case>.keras` (model.save; its model.weights.h5
is what model.save_weights writes, so the tests also load weights from it), the rnn case's
`rnn.weights.h5` (model.save_weights), the batchnorm case's `batchnorm.legacy.h5` (Keras 2's
weights layout, written by keras.src.legacy), `unsupported.weights.h5` (a Dense layer's weights
gzip-compressed, which gradtape's reader refuses) and expected.json ({case: {inputs, output,
paths, afterFit?}}; the batchnorm case is compiled and its predictions after one epoch of fit are
kept too). The files are kept small (total about 205 KB).
"""

import json
import os

import h5py
import numpy as np
import keras
from keras import layers

from keras_fixture_helpers import pattern, save_as_committed

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-files")


def set_case_weights(model):
    """Weight i a pattern of phase 0.3 + 0.7 i and scale 0.4 (not set_pattern_weights' phase i + 1);
    variances kept positive."""
    values = []
    for i, w in enumerate(model.weights):
        v = pattern(w.shape, 0.3 + 0.7 * i, 0.4)
        if "variance" in w.path:
            v = 0.5 + np.abs(v)
        values.append(v)
    model.set_weights(values)


def mlp():
    return keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="relu"), layers.Dropout(0.2), layers.Dense(3, activation="softmax")], name="mlp")


def cnn():
    return keras.Sequential([keras.Input((6, 6, 2)), layers.Conv2D(3, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(2)], name="cnn")


def rnn():
    return keras.Sequential([keras.Input((5, 3)), layers.LSTM(4, return_sequences=True), layers.Bidirectional(layers.GRU(2, return_sequences=True)), layers.SimpleRNN(2)], name="rnn")


def two_inputs():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    x = layers.Dense(4, activation="tanh", name="hidden")(a)
    x = layers.Concatenate(name="join")([x, b])
    out = layers.Dense(2, name="out")(x)
    return keras.Model([a, b], out, name="two_inputs")


def batchnorm():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(6), layers.BatchNormalization(), layers.Dense(2)], name="batchnorm")
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return model


# The batchnorm case's training data: one epoch of fit, batches of 3, not shuffled.
FIT_X = pattern((6, 4), 1.1, 1.0)
FIT_Y = pattern((6, 2), 2.3, 1.0)


def embedding():
    return keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(10, 4), layers.GlobalAveragePooling1D(), layers.Dense(1)], name="embedding")


def attention():
    """Functional: MultiHeadAttention (two positional inputs in its node), a residual, LayerNormalization."""
    x = keras.Input((4, 6), name="tokens")
    a = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(x, x)
    h = layers.LayerNormalization(name="norm")(layers.Add(name="residual")([a, x]))
    out = layers.GlobalAveragePooling1D(name="pool")(layers.Dense(4, activation="relu", name="ffn")(h))
    return keras.Model(x, out, name="attention")


def conv_variants():
    return keras.Sequential([keras.Input((5, 5, 2)), layers.Conv2DTranspose(3, 3, strides=2), layers.SeparableConv2D(2, 3), layers.DepthwiseConv2D(3),
                             layers.PReLU(), layers.UpSampling2D(), layers.GroupNormalization(groups=2), layers.GlobalMaxPooling2D()], name="conv_variants")


def rnn_cells():
    return keras.Sequential([keras.Input((4, 3)), layers.RNN([layers.GRUCell(4), layers.LSTMCell(3)])], name="rnn_cells")


def volumes():
    return keras.Sequential([keras.Input((3, 4, 5, 2)), layers.ZeroPadding3D(((1, 0), 1, (0, 2))), layers.UpSampling3D((1, 2, 1)),
                             layers.Cropping3D(((1, 1), (0, 3), 2), data_format="channels_last"), layers.Conv3D(2, 2)], name="volumes")


CASES = {
    "mlp": (mlp, lambda: [pattern((3, 4), 0.1, 1.0)]),
    "cnn": (cnn, lambda: [pattern((2, 6, 6, 2), 0.2, 1.0)]),
    "rnn": (rnn, lambda: [pattern((2, 5, 3), 0.4, 1.0)]),
    "two_inputs": (two_inputs, lambda: [pattern((3, 3), 0.5, 1.0), pattern((3, 2), 0.9, 1.0)]),
    "batchnorm": (batchnorm, lambda: [pattern((3, 4), 0.6, 1.0)]),
    "embedding": (embedding, lambda: [np.array([[1, 2, 3, 4, 5], [9, 0, 0, 7, 2]], "int32")]),
    "attention": (attention, lambda: [pattern((2, 4, 6), 0.7, 1.0)]),
    "conv_variants": (conv_variants, lambda: [pattern((2, 5, 5, 2), 0.8, 1.0)]),
    "rnn_cells": (rnn_cells, lambda: [pattern((2, 4, 3), 1.2, 1.0)]),
    "volumes": (volumes, lambda: [pattern((2, 3, 4, 5, 2), 1.5, 1.0)]),
}


def h5_paths(path):
    """Every dataset's path and shape in an HDF5 file."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, list(obj.shape)) if isinstance(obj, h5py.Dataset) else None)
    return out


def save_legacy_h5(model, path):
    """Keras 2's `model.save_weights('x.h5')` layout (keras.src.legacy.saving.legacy_h5_format)."""
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for case, (make, inputs_of) in CASES.items():
        keras.backend.clear_session()
        model = make()
        set_case_weights(model)
        inputs = inputs_of()
        output = np.asarray(model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0))
        weights_path = os.path.join(OUT, f"{case}.weights.h5")
        model.save_weights(weights_path)
        save_as_committed(model, os.path.join(OUT, f"{case}.keras"))  # the committed archive's bytes when the model is the same
        expected[case] = {
            "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.ravel().tolist()} for x in inputs],
            "output": {"shape": list(output.shape), "values": output.ravel().tolist()},
            "paths": h5_paths(weights_path),
        }
        if case != "rnn":
            os.remove(weights_path)
        if case == "batchnorm":
            save_legacy_h5(model, os.path.join(OUT, f"{case}.legacy.h5"))
            model.fit(FIT_X, FIT_Y, epochs=1, batch_size=3, shuffle=False, verbose=0)
            expected[case]["afterFit"] = np.asarray(model.predict(inputs[0], verbose=0)).ravel().tolist()
    with h5py.File(os.path.join(OUT, "unsupported.weights.h5"), "w") as f:
        f.create_dataset("layers/dense/vars/0", data=pattern((4, 5), 0.3), compression="gzip")
        f.create_dataset("layers/dense/vars/1", data=pattern((5,), 0.5))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"wrote {len(CASES)} cases to {OUT}, {total} bytes in all")


if __name__ == "__main__":
    main()
