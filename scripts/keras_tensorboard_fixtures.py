"""keras.callbacks.TensorBoard of Keras 3.15.1 (TensorFlow 2.21 backend: tf.summary's own C++
writer) on the fits test/keras-tensorboard.test.ts runs with gradtape: writes
test/fixtures/keras-tensorboard.json, each case's event files as read back (per run folder: the
scalars {tag: [[step, value]]}, the other events' kinds, the files' names), and some of TF's
records' bytes with what they hold, which the test encodes again and compares byte for byte.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_tensorboard_fixtures.py
(a venv with tensorflow-cpu 2.21 and keras 3.15.1, installed from the local index).
"""
import json
import os
import re
import struct
import tempfile

import numpy as np
import keras
import tensorflow as tf
from tensorflow.core.util import event_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "keras-tensorboard.json")

X = np.array([[1], [2], [3], [4], [5]], np.float32)
Y = np.array([[2], [4.1], [5.9], [8.2], [9.9]], np.float32)
XV = np.array([[6], [7]], np.float32)
YV = np.array([[12.1], [13.8]], np.float32)


def model():
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="ones")])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse", metrics=["mae"])
    return m


def records(path):
    """The raw records of an event file (TF's own reader checks the CRCs)."""
    return [r.numpy() for r in tf.data.TFRecordDataset(path)]


def read_run(folder):
    files = sorted(os.listdir(folder))
    scalars, others, raw = {}, [], []
    for name in files:
        for data in records(os.path.join(folder, name)):
            e = event_pb2.Event.FromString(data)
            kind = e.WhichOneof("what")
            if kind == "summary":
                for v in e.summary.value:
                    if v.metadata.plugin_data.plugin_name == "scalars":
                        value = float(tf.make_ndarray(v.tensor))
                        scalars.setdefault(v.tag, []).append([e.step, value])
                        raw.append({"hex": data.hex(), "wall_time": e.wall_time, "step": e.step, "tag": v.tag, "value": value})
                    else:
                        others.append([v.tag, v.metadata.plugin_data.plugin_name, e.step])
                        raw.append({"hex": data.hex(), "wall_time": e.wall_time, "step": e.step, "tag": v.tag, "json": v.tensor.string_val[0].decode()})
            else:
                others.append([kind])
                if kind == "file_version":
                    raw.append({"hex": data.hex(), "wall_time": e.wall_time, "writer": e.source_metadata.writer})
    names = [re.sub(r"^events\.out\.tfevents\.\d{10}\.[^.]+\.\d+\.\d+\.v2$", "events.out.tfevents.<seconds>.<host>.<pid>.<uid>.v2", n) for n in files]
    return {"files": names, "scalars": scalars, "others": others}, raw


class Batches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append({k: float(v) for k, v in logs.items()})


def case(options, fit=None, evaluate=False, validation=True):
    log_dir = tempfile.mkdtemp()
    m = model()
    batches = Batches()
    board = keras.callbacks.TensorBoard(log_dir=log_dir, **options)
    kwargs = dict(epochs=2, batch_size=2, shuffle=False, verbose=0, callbacks=[board, batches])
    if validation:
        kwargs["validation_data"] = (XV, YV)
    kwargs.update(fit or {})
    history = m.fit(X, Y, **kwargs)
    out = {"history": {k: [float(x) for x in v] for k, v in history.history.items()}, "batches": batches.logs, "iterations": int(m.optimizer.iterations.numpy())}
    if evaluate:
        out["evaluate"] = [float(v) for v in m.evaluate(X[:1], Y[:1] + 1, verbose=0, callbacks=[board])]
    runs, raw = {}, []
    for run in sorted(os.listdir(log_dir)):
        runs[run], r = read_run(os.path.join(log_dir, run))
        raw += r
    out["runs"] = runs
    return out, raw


def main():
    cases, raw = {}, []
    for name, options, extra in [
        ("epoch", {}, {}),
        ("batch", {"update_freq": "batch"}, {}),
        ("every2", {"update_freq": 2}, {}),
        ("noGraph", {"write_graph": False}, {}),
        ("stepsPerSecond", {"write_steps_per_second": True, "update_freq": "batch"}, {}),
        ("evaluateAfterFit", {}, {"evaluate": True, "validation": False}),
    ]:
        cases[name], r = case(options, **extra)
        if name == "stepsPerSecond":
            # Timing: only the steps are kept.
            for run in cases[name]["runs"].values():
                for tag, points in run["scalars"].items():
                    if tag.endswith("steps_per_second"):
                        run["scalars"][tag] = [[s, None] for s, _ in points]
        if name in ("epoch", "every2"):
            raw += r
    # The records compared byte for byte: the first event of a file, a Keras model JSON, scalars
    # (steps 0 and > 0, a negative value).
    first = [r for r in raw if "writer" in r][:1]
    model_json = [r for r in raw if "json" in r][:1]
    scalars = [r for r in raw if "value" in r][:12]
    with open(OUT, "w") as f:
        json.dump({"keras": keras.__version__, "tensorflow": tf.__version__, "cases": cases, "records": first + model_json + scalars}, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
