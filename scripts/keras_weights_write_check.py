#!/usr/bin/env python3
"""Keras 3.15.1 (h5py 3.16) loads the `.weights.h5` files gradtape writes, for
test/keras-weights-write.test.ts:

    GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-weights-write.test.ts   # gradtape writes them
    KERAS_BACKEND=jax python scripts/keras_weights_write_check.py

For every case (the models of keras_files_fixtures.py, a convolution with BatchNormalization and a
stack of twelve Dense layers), this builds the model in Keras, loads
test/fixtures/keras-weights-write/<case>.weights.h5 with `model.load_weights` (warnings are
errors, except Keras' note that the compiled batchnorm case's optimizer finds no variables in
the file), and writes expected.json: {case: {inputs, output, kerasLayout, sameValues}}: Keras'
predictions on fixed inputs, the layout of Keras' own `save_weights` of the loaded model (every
group and dataset: path, shape, dtype, 'name' attribute), and whether every value it saved equals
the one gradtape wrote at the same path (so each weight went where gradtape meant it).
"""

import json
import os
import tempfile
import warnings

import h5py
import numpy as np
import keras
from keras import layers

from keras_files_fixtures import CASES as FILE_CASES, pattern

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "test", "fixtures", "keras-weights-write")


def conv_batchnorm():
    return keras.Sequential([keras.Input((6, 6, 2)), layers.Conv2D(4, 3, padding="same"), layers.BatchNormalization(), layers.ReLU(),
                             layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(3)], name="conv_batchnorm")


def deep():
    """Twelve Dense layers: the 'layers' group needs two symbol table nodes (8 entries each)."""
    return keras.Sequential([keras.Input((3,))] + [layers.Dense(3, activation="tanh") for _ in range(12)], name="deep")


CASES = {
    **FILE_CASES,
    "conv_batchnorm": (conv_batchnorm, lambda: [pattern((2, 6, 6, 2), 0.3, 1.0)]),
    "deep": (deep, lambda: [pattern((3, 3), 0.2, 1.0)]),
}


def layout(path):
    """{path: [shape, dtype] for a dataset or null for a group, plus '<path>@name' for a 'name' attribute}."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            out[name] = [list(obj.shape), str(obj.dtype)] if isinstance(obj, h5py.Dataset) else None
            if "name" in obj.attrs:
                out[f"{name}@name"] = obj.attrs["name"]
        f.visititems(visit)
    return out


def same_values(ours, keras_path):
    """Whether every dataset of Keras' file equals gradtape's at the same path."""
    with h5py.File(ours, "r") as a, h5py.File(keras_path, "r") as b:
        paths = []
        b.visititems(lambda n, o: paths.append(n) if isinstance(o, h5py.Dataset) and not n.startswith("optimizer/") else None)
        return all(n in a and a[n].dtype == b[n].dtype and np.array_equal(a[n][()], b[n][()]) for n in paths)


def main():
    expected = {}
    scratch = tempfile.mkdtemp()
    for case, (make, inputs_of) in CASES.items():
        keras.backend.clear_session()
        model = make()
        path = os.path.join(OUT, f"{case}.weights.h5")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            if case == "batchnorm":  # compiled in keras_files_fixtures.py; gradtape's model was not
                warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
            model.load_weights(path)
        inputs = inputs_of()
        output = np.asarray(model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0))
        resaved = os.path.join(scratch, f"{case}.weights.h5")
        model.save_weights(resaved)
        expected[case] = {
            "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.ravel().tolist()} for x in inputs],
            "output": {"shape": list(output.shape), "values": output.ravel().tolist()},
            "kerasLayout": layout(resaved),
            "sameValues": same_values(path, resaved),
        }
        print(case, "loaded; same values when Keras saves them again:", expected[case]["sameValues"])
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
