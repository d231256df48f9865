"""keras.callbacks.TensorBoard of Keras 3.15.1 (TensorFlow 2.21 backend: tf.summary's own C++
writer) on the fits test/keras-tensorboard.test.ts runs with gradtape: writes
test/fixtures/keras-tensorboard.json, each case's event files as read back (per run folder: the
scalars {tag: [[step, value]]}, the other events' kinds, the files' names), and some of TF's
records' bytes with what they hold, which the test encodes again and compares byte for byte.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_tensorboard_fixtures.py
in a venv with TensorFlow 2.21, Keras 3.15.1 and TensorBoard:
  python3.11 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install --index-url file:///opt/pypi/simple \
      --extra-index-url file:///opt/pypi-more/simple tensorflow-cpu keras==3.15.1 tensorboard
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


KERNEL1 = np.array([[0.5, -0.25, 1.0]], np.float32)
BIAS1 = np.array([0.1, 0.0, -0.2], np.float32)
KERNEL2 = np.array([[0.75], [-0.5], [0.3]], np.float32)
BIAS2 = np.array([0.05], np.float32)


class Sub(keras.Model):
    def __init__(self):
        super().__init__(name="sub")
        self.hidden = keras.layers.Dense(3, name="hidden")
        self.out = keras.layers.Dense(1, name="out")

    def call(self, x):
        return self.out(self.hidden(x))


def model(hidden=None):
    """Dense(1) from kernel 1; or with `hidden` ('seq', 'func', 'sub'), Dense(3) 'hidden' then
    Dense(1) 'out' from the weights above, as a Sequential 'seq', a functional model 'func' or a
    subclassed model 'sub'."""
    if hidden is not None:
        if hidden == "seq":
            m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1, name="out")], name="seq")
        elif hidden == "func":
            i = keras.Input((1,))
            m = keras.Model(i, keras.layers.Dense(1, name="out")(keras.layers.Dense(3, name="hidden")(i)), name="func")
        else:
            m = Sub()
            m(X[:1])
        m.set_weights([KERNEL1, BIAS1, KERNEL2, BIAS2])
    else:
        m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="ones")])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse", metrics=["mae"])
    return m


def records(path):
    """The raw records of an event file (TF's own reader checks the CRCs)."""
    return [r.numpy() for r in tf.data.TFRecordDataset(path)]


def read_run(folder):
    files = sorted(os.listdir(folder))
    scalars, histograms, images, others, raw = {}, {}, {}, [], []
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
                    elif v.metadata.plugin_data.plugin_name == "histograms":
                        buckets = tf.make_ndarray(v.tensor).tolist()
                        histograms.setdefault(v.tag, []).append([e.step, buckets])
                        others.append([v.tag, "histograms", e.step])
                        raw.append({"hex": data.hex(), "wall_time": e.wall_time, "step": e.step, "tag": v.tag, "histogram": True})
                    elif v.metadata.plugin_data.plugin_name == "images":
                        # Weight images: their size and pixels (decoded: TF's PNG bytes are libpng's).
                        strings = v.tensor.string_val
                        images.setdefault(v.tag, []).append([e.step, [int(strings[0]), int(strings[1])], [tf.io.decode_png(png).numpy().tolist() for png in strings[2:]]])
                        others.append([v.tag, "images", e.step])
                    else:
                        others.append([v.tag, v.metadata.plugin_data.plugin_name, e.step])
                        raw.append({"hex": data.hex(), "wall_time": e.wall_time, "step": e.step, "tag": v.tag, "json": v.tensor.string_val[0].decode()})
            else:
                others.append([kind])
                if kind == "file_version":
                    raw.append({"hex": data.hex(), "wall_time": e.wall_time, "writer": e.source_metadata.writer})
    names = [re.sub(r"^events\.out\.tfevents\.\d{10}\.[^.]+\.\d+\.\d+\.v2$", "events.out.tfevents.<seconds>.<host>.<pid>.<uid>.v2", n) for n in files]
    run = {"files": names, "scalars": scalars, "others": others}
    if histograms:
        run["histograms"] = histograms
    if images:
        run["images"] = images
    return run, raw


class Batches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.logs = []
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([w.numpy().ravel().tolist() for w in self.model.weights])

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append({k: float(v) for k, v in logs.items()})


def case(options, fit=None, evaluate=False, validation=True, hidden=None):
    log_dir = tempfile.mkdtemp()
    m = model(hidden)
    batches = Batches()
    board = keras.callbacks.TensorBoard(log_dir=log_dir, **options)
    kwargs = dict(epochs=2, batch_size=2, shuffle=False, verbose=0, callbacks=[board, batches])
    if validation:
        kwargs["validation_data"] = (XV, YV)
    kwargs.update(fit or {})
    history = m.fit(X, Y, **kwargs)
    out = {"history": {k: [float(x) for x in v] for k, v in history.history.items()}, "batches": batches.logs, "iterations": int(m.optimizer.iterations.numpy())}
    if hidden is not None:
        out["weights"] = batches.weights
    if evaluate:
        out["evaluate"] = [float(v) for v in m.evaluate(X[:1], Y[:1] + 1, verbose=0, callbacks=[board])]
    runs, raw = {}, []
    for run in sorted(os.listdir(log_dir)):
        runs[run], r = read_run(os.path.join(log_dir, run))
        raw += r
    out["runs"] = runs
    return out, raw


def histogram_edge_cases():
    """tf.summary.histogram's records on edge cases: no data, one value, ties at the edges, spread data."""
    rng = np.random.default_rng(7)
    inputs = {
        "empty": np.zeros([0], np.float32),
        "single": np.full([4], 2.5, np.float32),
        "two": np.array([-1.0, 1.0], np.float32),
        "edges": np.linspace(0, 3, 31).astype(np.float64),
        "spread": rng.normal(size=200).astype(np.float32),
        "wide": np.array([-3e5, 1e-7, 0.1, 7.5, 2e5], np.float64),
    }
    folder = tempfile.mkdtemp()
    writer = tf.summary.create_file_writer(folder)
    with writer.as_default():
        for step, (tag, data) in enumerate(inputs.items()):
            tf.summary.histogram(tag, data, step=step)
    writer.close()
    (name,) = os.listdir(folder)
    out = []
    for data in records(os.path.join(folder, name))[1:]:
        e = event_pb2.Event.FromString(data)
        v = e.summary.value[0]
        out.append({"hex": data.hex(), "wall_time": e.wall_time, "step": e.step, "tag": v.tag, "histogram": True, "data": inputs[v.tag].astype(np.float64).tolist()})
    return out


def main():
    cases, raw = {}, []
    for name, options, extra in [
        ("epoch", {}, {}),
        ("batch", {"update_freq": "batch"}, {}),
        ("every2", {"update_freq": 2}, {}),
        ("noGraph", {"write_graph": False}, {}),
        ("stepsPerSecond", {"write_steps_per_second": True, "update_freq": "batch"}, {}),
        ("evaluateAfterFit", {}, {"evaluate": True, "validation": False}),
        ("histograms", {"histogram_freq": 1}, {"hidden": "seq"}),
        ("histogramsEvery2", {"histogram_freq": 2, "update_freq": "batch"}, {"hidden": "seq", "fit": {"epochs": 3}}),
        ("histogramsFunctional", {"histogram_freq": 1}, {"hidden": "func"}),
        ("histogramsSubclassed", {"histogram_freq": 1}, {"hidden": "sub"}),
        ("images", {"histogram_freq": 1, "write_images": True}, {"hidden": "seq"}),
    ]:
        cases[name], r = case(options, **extra)
        if name == "stepsPerSecond":
            # Timing: only the steps are kept.
            for run in cases[name]["runs"].values():
                for tag, points in run["scalars"].items():
                    if tag.endswith("steps_per_second"):
                        run["scalars"][tag] = [[s, None] for s, _ in points]
        if name in ("epoch", "every2", "histograms"):
            raw += r
    # The records compared byte for byte: the first event of a file, a Keras model JSON, scalars
    # (steps 0 and > 0, a negative value).
    first = [r for r in raw if "writer" in r][:1]
    model_json = [r for r in raw if "json" in r][:1]
    scalars = [r for r in raw if "value" in r][:12]
    # Histograms of the first epoch's weights (the fit's), and tf.summary.histogram on edge cases.
    fitted = [r for r in raw if "histogram" in r and r["step"] == 0]
    for r, values in zip(fitted, cases["histograms"]["weights"][0]):
        r["data"] = values
    text = json.dumps({"keras": keras.__version__, "tensorflow": tf.__version__, "cases": cases, "records": first + model_json + scalars, "histograms": fitted + histogram_edge_cases()}, indent=1)
    # Arrays of numbers on one line each.
    text = re.sub(r"\[[-0-9.eE+,\snul]*\]", lambda m: re.sub(r"\s+", "", m.group(0)).replace(",", ", "), text)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
