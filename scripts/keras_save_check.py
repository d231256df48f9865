#!/usr/bin/env python3
"""Keras 3.15.1 loads the `.keras` archives gradtape writes, for test/keras-save.test.ts:

    GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-save.test.ts   # gradtape writes them
    KERAS_BACKEND=jax python scripts/keras_save_check.py

and for test/keras-save-layers.test.ts (the preprocessing and newer layers; TensorFlow backend,
which IntegerLookup and Hashing need):

    GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-save-layers.test.ts
    KERAS_BACKEND=tensorflow python scripts/keras_save_check.py keras-save-layers

(the argument names the fixture directory, test/fixtures/<name>, and gradtape's scratch directory,
<tmp>/gradtape-<name>-fixtures; default keras-save).

gradtape writes every case's archive, with request.json (each case's inputs, and a compiled
case's training data), to <tmp>/gradtape-keras-save-fixtures/. For every case this loads the
archive with `keras.saving.load_model` (warnings are errors, except Keras' note that the compiled
but untrained case's optimizer, built on loading, finds fewer variables in the file than it has,
which Keras' own archive of such a model gives too), predicts, and for a compiled case fits one
more epoch (batches of 2, not shuffled) and predicts again; then saves the loaded model itself and
lists where its config.json differs from gradtape's. It writes test/fixtures/keras-save/expected.json:
{case: {sha256: {config, weights}, output, iterations?, afterFit?, configDifferences, kerasArchive?}}
and, for the cases of KERAS_ARCHIVES, Keras' own archive of the model after its epoch of fit
(keras_<case>.keras, its optimizer state in Keras' layout) with its iterations and predictions
after one more epoch (kerasArchive), for gradtape's reader; and for a case whose request says
keepKerasArchive, Keras' own archive of the model it loaded (keras_<case>.keras), for gradtape's
reader (an adapted IntegerLookup's vocabulary as Keras writes it).
"""

import hashlib
import io
import json
import os
import sys
import tempfile
import warnings
import zipfile

import numpy as np
import keras

from keras_fixture_helpers import save_as_committed

HERE = os.path.dirname(__file__)
NAME = sys.argv[1] if len(sys.argv) > 1 else "keras-save"
OUT = os.path.join(HERE, "..", "test", "fixtures", NAME)
WRITTEN = os.path.join(tempfile.gettempdir(), f"gradtape-{NAME}-fixtures")
# The cases whose model, trained on in Keras, Keras saves itself: test/fixtures/keras-save/keras_<case>.keras.
KERAS_ARCHIVES = {"adam_amsgrad", "muon"}


def array(data):
    return np.asarray(data["values"], dtype=data["dtype"]).reshape(data["shape"])


def one_or_list(arrays):
    return arrays[0] if len(arrays) == 1 else arrays


def flat(prediction):
    """Predictions flat: a model of several outputs gives them one after the other."""
    if isinstance(prediction, (list, tuple)):
        return np.concatenate([np.asarray(p).ravel() for p in prediction])
    return np.asarray(prediction).ravel()


def differences(ours, theirs, path=""):
    """Every place where two JSON values differ, as 'path: ours | theirs' (shared_object_id ignored)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out = []
        for key in sorted(set(ours) | set(theirs)):
            if key == "shared_object_id":
                continue
            where = f"{path}.{key}" if path else key
            if key not in ours or key not in theirs:
                out.append(f"{where}: {json.dumps(ours.get(key, '<missing>'))} | {json.dumps(theirs.get(key, '<missing>'))}")
            else:
                out += differences(ours[key], theirs[key], where)
        return out
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in differences(a, b, f"{path}[{i}]")]
    if ours == theirs and type(ours) is type(theirs) or (isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and not isinstance(ours, bool) and ours == theirs):
        return []
    if isinstance(ours, float) and isinstance(theirs, float) and np.float32(ours) == np.float32(theirs):
        return []  # the same float32 (Keras writes a value read back from a float32 variable)
    return [f"{path}: {json.dumps(ours)} | {json.dumps(theirs)}"]


def main():
    with open(os.path.join(WRITTEN, "request.json")) as f:
        request = json.load(f)
    os.makedirs(OUT, exist_ok=True)
    scratch = tempfile.mkdtemp()
    expected = {}
    for case, spec in request.items():
        keras.backend.clear_session()
        path = os.path.join(WRITTEN, f"{case}.keras")
        with zipfile.ZipFile(path) as z:
            config_bytes = z.read("config.json")
            weights_bytes = z.read("model.weights.h5")
            assets = {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if n.startswith("assets/")}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            if spec["untrainedOptimizer"]:
                warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
            model = keras.saving.load_model(path)
        inputs = [array(x) for x in spec["inputs"]]
        output = model.predict(one_or_list(inputs), verbose=0)
        result = {
            "sha256": {"config": hashlib.sha256(config_bytes).hexdigest(), "weights": hashlib.sha256(weights_bytes).hexdigest(), **({"assets": assets} if assets else {})},
            "output": {"shape": list(np.asarray(output).shape) if not isinstance(output, (list, tuple)) else [int(flat(output).size)], "values": flat(output).tolist()},
        }
        if getattr(model, "optimizer", None) is not None:
            result["iterations"] = int(np.asarray(model.optimizer.iterations))
        # Keras' own archive of the model it loaded.
        resaved = os.path.join(scratch, f"{case}.keras")
        model.save(resaved)
        with zipfile.ZipFile(resaved) as z:
            theirs = json.loads(z.read("config.json"))
        result["configDifferences"] = differences(json.loads(config_bytes), theirs)
        if spec.get("keepKerasArchive"):
            save_as_committed(model, os.path.join(OUT, f"keras_{case}.keras"))  # the committed archive's bytes when the model is the same
        if spec["fit"] is not None:
            x = one_or_list([array(a) for a in spec["fit"]["x"]])
            y = one_or_list([array(a) for a in spec["fit"]["y"]])
            model.fit(x, y, epochs=1, batch_size=2, shuffle=False, verbose=0)
            result["afterFit"] = flat(model.predict(one_or_list(inputs), verbose=0)).tolist()
            if case in KERAS_ARCHIVES:
                # Keras' own archive of the model it trained on (its optimizer state in Keras'
                # layout, for gradtape's reader), and its predictions after one more epoch.
                save_as_committed(model, os.path.join(OUT, f"keras_{case}.keras"))
                iterations = int(np.asarray(model.optimizer.iterations))
                model.fit(x, y, epochs=1, batch_size=2, shuffle=False, verbose=0)
                result["kerasArchive"] = {"iterations": iterations, "afterFit": flat(model.predict(one_or_list(inputs), verbose=0)).tolist()}
        expected[case] = result
        print(case, "loaded;", len(result["configDifferences"]), "config differences")
        for d in result["configDifferences"]:
            print("   ", d)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
