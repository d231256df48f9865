"""keras.callbacks run by Keras 3.15.1 (JAX backend) on small deterministic fits: writes
test/fixtures/keras-callbacks.json, read by test/keras-callbacks.test.ts.

Each case fits Dense(1) with given weights by SGD on given data (no shuffling), so gradtape can run
the same fit: the order of the callbacks' hooks, what EarlyStopping, ReduceLROnPlateau,
LearningRateScheduler and TerminateOnNaN decide (epochs run, learning rates, restored weights),
the files ModelCheckpoint writes, and CSVLogger's file.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_callbacks_fixtures.py
"""
import json
import os
import tempfile

import numpy as np
import keras

X = np.array([[1.0], [2.0], [3.0], [4.0]], dtype=np.float32)
Y = np.array([[2.0], [4.1], [5.9], [8.2]], dtype=np.float32)
XV = np.array([[5.0], [6.0]], dtype=np.float32)
YV = np.array([[10.0], [12.1]], dtype=np.float32)


def model(lr, kernel=0.5, bias=0.0, metrics=()):
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    m.set_weights([np.array([[kernel]], np.float32), np.array([bias], np.float32)])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse", metrics=list(metrics))
    return m


class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def _log(self, name, *args):
        self.calls.append(" ".join([name, *map(str, args)]))

    def on_train_begin(self, logs=None): self._log("onTrainBegin")
    def on_train_end(self, logs=None): self._log("onTrainEnd", sorted(logs))
    def on_epoch_begin(self, epoch, logs=None): self._log("onEpochBegin", epoch)
    def on_epoch_end(self, epoch, logs=None): self._log("onEpochEnd", epoch, sorted(logs))
    def on_train_batch_begin(self, batch, logs=None): self._log("onTrainBatchBegin", batch)
    def on_train_batch_end(self, batch, logs=None): self._log("onTrainBatchEnd", batch, sorted(logs))
    def on_test_begin(self, logs=None): self._log("onTestBegin")
    def on_test_end(self, logs=None): self._log("onTestEnd", sorted(logs))
    def on_test_batch_begin(self, batch, logs=None): self._log("onTestBatchBegin", batch)
    def on_test_batch_end(self, batch, logs=None): self._log("onTestBatchEnd", batch, sorted(logs))
    def on_predict_begin(self, logs=None): self._log("onPredictBegin")
    def on_predict_end(self, logs=None): self._log("onPredictEnd")
    def on_predict_batch_begin(self, batch, logs=None): self._log("onPredictBatchBegin", batch)
    def on_predict_batch_end(self, batch, logs=None): self._log("onPredictBatchEnd", batch, sorted(logs))


out = {"keras": keras.__version__, "data": {"x": X.tolist(), "y": Y.tolist(), "xv": XV.tolist(), "yv": YV.tolist()}}

# The hooks' order and logs in fit (with validation), evaluate and predict.
rec = Recorder()
m = model(0.01, metrics=["mae"])
m.fit(X, Y, batch_size=2, epochs=2, validation_data=(XV, YV), shuffle=False, verbose=0, callbacks=[rec])
m.evaluate(XV, YV, batch_size=1, verbose=0, callbacks=[rec])
m.predict(X, batch_size=3, verbose=0, callbacks=[rec])
out["hooks"] = rec.calls
out["hooks_params"] = rec.params

# EarlyStopping: a learning rate that overshoots, so the loss grows; patience and the best weights.
m = model(0.15)
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True)
h = m.fit(X, Y, batch_size=4, epochs=20, shuffle=False, verbose=0, callbacks=[stop])
out["early_stopping"] = {"lr": 0.15, "loss": h.history["loss"], "stopped_epoch": stop.stopped_epoch, "best_epoch": stop.best_epoch,
                         "best": float(stop.best), "weights": [w.tolist() for w in m.get_weights()]}

# EarlyStopping on val_loss with a baseline no epoch beats, and start_from_epoch.
m = model(0.01)
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, baseline=0.001, start_from_epoch=1)
h = m.fit(X, Y, batch_size=2, epochs=20, validation_data=(XV, YV), shuffle=False, verbose=0, callbacks=[stop])
out["early_stopping_baseline"] = {"epochs": len(h.history["loss"]), "stopped_epoch": stop.stopped_epoch, "val_loss": h.history["val_loss"]}

# ReduceLROnPlateau: the learning rate logged at each epoch, as the loss stalls.
m = model(0.2)
reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=0.01, cooldown=1, min_lr=0.02)
h = m.fit(X, Y, batch_size=4, epochs=12, shuffle=False, verbose=0, callbacks=[reduce])
out["reduce_lr"] = {"loss": h.history["loss"], "learning_rate": h.history["learning_rate"], "final_lr": float(m.optimizer.learning_rate)}

# LearningRateScheduler.
m = model(0.05)
sched = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr * 0.5)
h = m.fit(X, Y, batch_size=2, epochs=5, shuffle=False, verbose=0, callbacks=[sched])
out["scheduler"] = {"loss": h.history["loss"], "learning_rate": h.history["learning_rate"]}

# TerminateOnNaN: an overflowing learning rate.
m = model(1e19)
h = m.fit(X, Y, batch_size=1, epochs=3, shuffle=False, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
out["terminate_on_nan"] = {"epochs": len(h.history["loss"])}

# ModelCheckpoint: the file names written (save_best_only on val_loss, and every 3 batches).
with tempfile.TemporaryDirectory() as d:
    m = model(0.15)
    ck = keras.callbacks.ModelCheckpoint(os.path.join(d, "w-{epoch:02d}-{val_loss:.3f}.weights.h5"), save_best_only=True, save_weights_only=True)
    m.fit(X, Y, batch_size=4, epochs=6, validation_data=(XV, YV), shuffle=False, verbose=0, callbacks=[ck])
    best = sorted(os.listdir(d))
with tempfile.TemporaryDirectory() as d:
    m = model(0.01)
    ck = keras.callbacks.ModelCheckpoint(os.path.join(d, "e{epoch}b{batch}.weights.h5"), save_weights_only=True, save_freq=3)
    m.fit(X, Y, batch_size=1, epochs=2, shuffle=False, verbose=0, callbacks=[ck])
    batches = sorted(os.listdir(d))
out["checkpoint"] = {"best_only": best, "every_3_batches": batches}

# CSVLogger: the file (validation every 2 epochs, so the first row has no val_ values).
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "log.csv")
    m = model(0.01, metrics=["mae"])
    m.fit(X, Y, batch_size=4, epochs=3, validation_data=(XV, YV), validation_freq=2, shuffle=False, verbose=0, callbacks=[keras.callbacks.CSVLogger(path)])
    m.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, separator=";", append=True)])
    with open(path, newline="") as f:
        out["csv"] = f.read()

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-callbacks.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
