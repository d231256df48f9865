"""Keras 3.15.1 (JAX backend) `model.save_weights('m.weights.h5')` of compiled models: writes
test/fixtures/keras-compiled-weights/{adam,adam_unbuilt}.weights.h5 and expected.json, read by
test/keras-compiled-weights.test.ts.

Keras' save_weights writes a compiled model's optimizer variables beside the layers' (the group
'optimizer/vars', keras/src/optimizers/base_optimizer.py `save_own_variables`), and load_weights
loads them into the optimizer as it is (`load_own_variables`: only when the file has exactly its
variables; else a warning, and the optimizer is left as it is). 'adam': Dense(2) -> Dense(1) fit
one epoch (2 batches) with Adam(0.05); expected.json has its weights and optimizer variables as
saved, and the weights after one more epoch of fit (the state restored, training resumes).
'adam_unbuilt': the same model compiled with Adam(0.25), never trained (iteration and learning
rate only). Also checked here: Keras loads its file back (a built optimizer takes the values; an
unbuilt one warns and skips them).
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_compiled_weights_fixtures.py
"""
import json
import os
import warnings

import h5py
import numpy as np
import keras

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "test", "fixtures", "keras-compiled-weights")
X = np.array([[1.0, -0.5], [0.3, 2.0], [-1.2, 0.7], [0.9, 0.1]], dtype=np.float32)
Y = np.array([[1.0], [-0.4], [0.6], [0.2]], dtype=np.float32)


def model(lr):
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="tanh"), keras.layers.Dense(1)])
    m.set_weights([np.array([[0.4, -0.3], [0.2, 0.5]], np.float32), np.array([0.1, -0.1], np.float32),
                   np.array([[0.6], [-0.7]], np.float32), np.array([0.05], np.float32)])
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
    return m


def flat(values):
    return [np.asarray(v).ravel().tolist() for v in values]


def fit(m):
    m.fit(X, Y, batch_size=2, epochs=1, shuffle=False, verbose=0)


def main():
    expected = {"keras": keras.__version__, "data": {"x": X.tolist(), "y": Y.tolist()}}
    m = model(0.05)
    fit(m)
    path = os.path.join(OUT, "adam.weights.h5")
    m.save_weights(path)
    with h5py.File(path, "r") as f:
        saved = [f["optimizer/vars"][str(i)][()] for i in range(len(f["optimizer/vars"]))]
        names = f["optimizer/vars"].attrs["name"]
    assert len(saved) == len(m.optimizer.variables)
    expected["adam"] = {"weights": flat(m.get_weights()), "optimizerName": names,
                        "optimizer": [{"shape": list(np.shape(v)), "values": np.asarray(v).ravel().tolist()} for v in saved]}
    # Loaded into a built optimizer (Keras' load_weights leaves the building to you), training resumes.
    keras.backend.clear_session()
    again = model(0.05)
    again.optimizer.build(again.trainable_variables)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again.load_weights(path)
    assert all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(again.optimizer.variables, m.optimizer.variables))
    fit(m)
    fit(again)
    assert all(np.array_equal(a, b) for a, b in zip(again.get_weights(), m.get_weights()))
    expected["adam"]["resumed"] = flat(m.get_weights())
    # Into an optimizer not built yet: a warning, the optimizer untouched.
    unbuilt = model(0.05)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unbuilt.load_weights(path)
    expected["adam"]["unbuiltWarning"] = [str(w.message) for w in caught if "optimizer" in str(w.message)]
    assert int(unbuilt.optimizer.iterations) == 0

    keras.backend.clear_session()
    fresh = model(0.25)
    path = os.path.join(OUT, "adam_unbuilt.weights.h5")
    fresh.save_weights(path)
    with h5py.File(path, "r") as f:
        expected["adam_unbuilt"] = {"optimizer": [{"shape": list(f["optimizer/vars"][k].shape), "values": np.ravel(f["optimizer/vars"][k][()]).tolist()}
                                                  for k in sorted(f["optimizer/vars"], key=int)]}
    other = model(0.05)
    other.load_weights(path)
    assert abs(float(other.optimizer.learning_rate) - 0.25) < 1e-7, float(other.optimizer.learning_rate)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(json.dumps(expected)[:1500])


if __name__ == "__main__":
    main()
