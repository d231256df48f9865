"""Keras 3.15.1 (JAX backend) `model.fit` with an optimizer of use_ema: writes
test/fixtures/keras-fit-ema.json, read by test/keras-fit-ema.test.ts.

Keras' fit ends (keras/src/backend/jax/trainer.py, the `finally` of fit, when epochs > 0) by
`optimizer.finalize_variable_values(model.trainable_weights)`: with use_ema the trainable
variables take their moving averages, before `on_train_end` (which sees them), also when a
callback stops training early or raises. Each case fits Dense(1) with given weights by SGD on
given data (batches of 2, no shuffling) and records the weights the callbacks saw at the last
`on_epoch_end` and at `on_train_end`, the weights after fit, and the optimizer's moving averages.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_fit_ema_fixtures.py
"""
import json
import os

import numpy as np
import keras

X = np.array([[1.0], [2.0], [3.0], [4.0]], dtype=np.float32)
Y = np.array([[2.0], [4.1], [5.9], [8.2]], dtype=np.float32)


class Recorder(keras.callbacks.Callback):
    """Records the weights at each epoch's end and at the train end; stops or raises after
    `stop_after` (`raise_after`) train batches."""

    def __init__(self, stop_after=None, raise_after=None):
        super().__init__()
        self.stop_after, self.raise_after, self.batches = stop_after, raise_after, 0
        self.epoch_end, self.train_end = None, None

    def weights(self):
        return [np.asarray(w).ravel().tolist() for w in self.model.get_weights()]

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if self.stop_after == self.batches:
            self.model.stop_training = True
        if self.raise_after == self.batches:
            raise RuntimeError("stopped by the test")

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_end = self.weights()

    def on_train_end(self, logs=None):
        self.train_end = self.weights()


def case(use_ema, epochs=2, stop_after=None, raise_after=None):
    keras.backend.clear_session()
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    m.set_weights([np.array([[0.5]], np.float32), np.array([0.0], np.float32)])
    opt = keras.optimizers.SGD(learning_rate=0.02, momentum=0.5, use_ema=use_ema, ema_momentum=0.8)
    m.compile(optimizer=opt, loss="mse")
    rec = Recorder(stop_after, raise_after)
    raised = None
    try:
        m.fit(X, Y, batch_size=2, epochs=epochs, shuffle=False, verbose=0, callbacks=[rec])
    except RuntimeError as e:
        raised = str(e)
    averages = [np.asarray(v).ravel().tolist() for v in opt._model_variables_moving_average] if use_ema else None
    return {
        "useEma": use_ema, "epochs": epochs, "stopAfter": stop_after, "raiseAfter": raise_after, "raised": raised,
        "iterations": int(opt.iterations), "epochEnd": rec.epoch_end, "trainEnd": rec.train_end,
        "after": [np.asarray(w).ravel().tolist() for w in m.get_weights()], "averages": averages,
    }


out = {
    "keras": keras.__version__,
    "data": {"x": X.tolist(), "y": Y.tolist()},
    "cases": {
        "ema": case(True),
        "plain": case(False),
        "ema_stopped": case(True, epochs=3, stop_after=3),
        "ema_raised": case(True, raise_after=3),
        "ema_no_epochs": case(True, epochs=0),
    },
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-fit-ema.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
for name, c in out["cases"].items():
    print(name, c["iterations"], c["epochEnd"], c["trainEnd"], c["after"], c["averages"])
