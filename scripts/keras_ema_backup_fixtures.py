"""Keras 3.15.1 (JAX backend) callbacks SwapEMAWeights and BackupAndRestore: writes
test/fixtures/keras-ema-backup.json, read by test/keras-ema-backup.test.ts.

Every case fits the same model: Input(2) -> Dense(3, tanh) -> Dense(1), weight i set to
pattern(its shape, i + 1) (scripts/keras_fixture_helpers.py), mse, batches of 2 in order over
the 8 samples of X, Y.

SwapEMAWeights (keras/src/callbacks/swap_ema_weights.py), SGD(0.05, momentum 0.5, use_ema,
ema_momentum 0.8): the weights swap with the optimizer's moving averages around each evaluation
(the validation losses are the averages'), and with swap_on_epoch around each epoch's end too
(a ModelCheckpoint after it saves the averages); recorded: the history, the weights a recorder
after it sees at each epoch's end, the checkpoints' weights, the weights after fit. Also the
weights after predict and evaluate with the callback (Keras' on_predict_end swaps back only when
the averages are not in the model, so after predict they stay in), and the error without use_ema.

BackupAndRestore (keras/src/callbacks/backup_and_restore.py), Adam(0.05): each epoch's end (or
every save_freq batches) writes latest.weights.h5 (weights and optimizer state) and
training_metadata.json in backup_dir; the next fit's on_train_begin loads them and sets the
model's _initial_epoch, which fit starts at (and keeps: a later fit starts there too). A fit
raising at an epoch's start (or a batch's end), then a fresh model's fit with the same backup_dir.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_ema_backup_fixtures.py
"""
import json
import os
import shutil
import sys
import tempfile

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from keras_fixture_helpers import pattern, set_pattern_weights  # noqa: E402

X = pattern((8, 2), 0.3, 1.0)
Y = pattern((8, 1), 0.7)
XV = pattern((4, 2), 1.1, 1.0)
YV = pattern((4, 1), 2.0)
EPOCHS = 4


def weights(model):
    return [np.asarray(w).ravel().tolist() for w in model.get_weights()]


def make_model(optimizer):
    keras.backend.clear_session()
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(1)])
    set_pattern_weights(m)
    m.compile(optimizer=optimizer, loss="mse")
    return m


def ema_sgd(use_ema=True):
    return keras.optimizers.SGD(learning_rate=0.05, momentum=0.5, use_ema=use_ema, ema_momentum=0.8)


class Recorder(keras.callbacks.Callback):
    """The weights at each epoch's end."""

    def __init__(self):
        super().__init__()
        self.epoch_end = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_end.append(weights(self.model))


def history_of(h):
    return {"epoch": list(h.epoch), **{k: [float(v) for v in vs] for k, vs in h.history.items()}}


def swap_case(swap_on_epoch):
    m = make_model(ema_sgd())
    directory = tempfile.mkdtemp()
    rec = Recorder()
    checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(directory, "w{epoch}.weights.h5"), save_weights_only=True)
    h = m.fit(X, Y, batch_size=2, epochs=EPOCHS, shuffle=False, verbose=0, validation_data=(XV, YV),
              callbacks=[keras.callbacks.SwapEMAWeights(swap_on_epoch=swap_on_epoch), rec, checkpoint])
    saved = []
    for e in range(1, EPOCHS + 1):
        other = make_model(ema_sgd())
        other.load_weights(os.path.join(directory, f"w{e}.weights.h5"))
        saved.append(weights(other))
    shutil.rmtree(directory)
    return {"history": history_of(h), "epochEnd": rec.epoch_end, "checkpoints": saved, "after": weights(m)}


def plain_case():
    """The same fit without the callback: its validation losses are the trained weights'."""
    m = make_model(ema_sgd())
    h = m.fit(X, Y, batch_size=2, epochs=EPOCHS, shuffle=False, verbose=0, validation_data=(XV, YV))
    return {"history": history_of(h), "after": weights(m)}


def predict_evaluate_case():
    """Three train_on_batch steps (no finalize), then predict and evaluate with the callback."""
    opt = ema_sgd()
    m = make_model(opt)
    for i in range(3):
        m.train_on_batch(X[2 * i:2 * i + 2], Y[2 * i:2 * i + 2])
    swap = keras.callbacks.SwapEMAWeights()
    trained = weights(m)
    averages = [np.asarray(v).ravel().tolist() for v in opt._model_variables_moving_average]
    m.predict(XV, verbose=0, callbacks=[swap])
    after_predict = weights(m)
    loss = float(m.evaluate(XV, YV, verbose=0, callbacks=[swap]))
    return {"trained": trained, "averages": averages, "afterPredict": after_predict, "evaluateLoss": loss, "afterEvaluate": weights(m)}


def no_ema_error():
    m = make_model(ema_sgd(use_ema=False))
    try:
        m.fit(X, Y, batch_size=2, epochs=1, shuffle=False, verbose=0, validation_data=(XV, YV),
              callbacks=[keras.callbacks.SwapEMAWeights()])
    except ValueError as e:
        return str(e)
    return None


class Interrupt(keras.callbacks.Callback):
    """Raises at the start of epoch `epoch`, or at the end of train batch `batch` (counted over the fit)."""

    def __init__(self, epoch=None, batch=None):
        super().__init__()
        self.epoch, self.batch, self.batches = epoch, batch, 0

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("interrupted")

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if self.batches == self.batch:
            raise RuntimeError("interrupted")


def adam_model():
    return make_model(keras.optimizers.Adam(learning_rate=0.05))


def listing(directory):
    if not os.path.exists(directory):
        return None
    out = {}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        out[name] = open(path).read() if name.startswith("training_metadata") else os.path.getsize(path) > 0
    return out


def backup_case(interrupt_epoch=None, interrupt_batch=None, epochs=6, corrupt=False, **options):
    directory = os.path.join(tempfile.mkdtemp(), "backup")
    m = adam_model()
    raised = None
    try:
        m.fit(X, Y, batch_size=2, epochs=epochs, shuffle=False, verbose=0,
              callbacks=[keras.callbacks.BackupAndRestore(directory, **options), Interrupt(interrupt_epoch, interrupt_batch)])
    except RuntimeError as e:
        raised = str(e)
    interrupted = weights(m)
    files = listing(directory)
    if corrupt:
        with open(os.path.join(directory, "latest.weights.h5"), "wb") as f:
            f.write(b"not an HDF5 file")
    resumed = adam_model()
    h = resumed.fit(X, Y, batch_size=2, epochs=epochs, shuffle=False, verbose=0,
                    callbacks=[keras.callbacks.BackupAndRestore(directory, **options)])
    files_after = listing(directory)
    after, iterations = weights(resumed), int(resumed.optimizer.iterations)
    # The model keeps the restored epoch: a later fit, with no backup, starts there too.
    again = resumed.fit(X, Y, batch_size=2, epochs=epochs, shuffle=False, verbose=0)
    shutil.rmtree(os.path.dirname(directory))
    return {
        "options": options, "interruptEpoch": interrupt_epoch, "interruptBatch": interrupt_batch, "corrupt": corrupt,
        "raised": raised, "interrupted": interrupted, "files": files, "history": history_of(h),
        "after": after, "iterations": iterations, "filesAfter": files_after,
        "laterFitEpochs": list(again.epoch),
    }


def uninterrupted(epochs=6):
    m = adam_model()
    h = m.fit(X, Y, batch_size=2, epochs=epochs, shuffle=False, verbose=0)
    return {"history": history_of(h), "after": weights(m)}


def errors():
    out = {}
    try:
        keras.callbacks.BackupAndRestore("")
    except ValueError as e:
        out["emptyDir"] = str(e)
    try:
        keras.callbacks.BackupAndRestore("/tmp/x", save_freq="batch")
    except ValueError as e:
        out["saveFreq"] = str(e)
    return out


out = {
    "keras": keras.__version__,
    "swap": {
        "plain": plain_case(),
        "swap": swap_case(False),
        "swapOnEpoch": swap_case(True),
        "predictEvaluate": predict_evaluate_case(),
        "noEmaError": no_ema_error(),
    },
    "backup": {
        "uninterrupted": uninterrupted(),
        "cases": {
            "epoch": backup_case(interrupt_epoch=3),
            "keep": backup_case(interrupt_epoch=2, delete_checkpoint=False),
            "batches": backup_case(interrupt_batch=11, save_freq=3),
            "double": backup_case(interrupt_epoch=4, double_checkpoint=True),
            "doubleCorrupt": backup_case(interrupt_epoch=4, double_checkpoint=True, corrupt=True),
        },
        "errors": errors(),
    },
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-ema-backup.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out["swap"]["swap"]["history"]), json.dumps(out["swap"]["swapOnEpoch"]["history"]), json.dumps(out["swap"]["plain"]["history"]))
for name, c in out["backup"]["cases"].items():
    print(name, c["raised"], c["files"], c["history"]["epoch"], c["filesAfter"], c["laterFitEpochs"], c["after"][-1])
print("uninterrupted", out["backup"]["uninterrupted"]["after"][-1])
print(out["swap"]["noEmaError"], out["backup"]["errors"])
