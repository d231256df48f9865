"""tf.summary of TensorFlow 2.21 (with TensorBoard 2.21's summary ops) on the calls
test/summary.test.ts replays with gradtape's tf.summary.

  fixture (default): runs CALLS with TF's tf.summary into one writer and writes
      test/fixtures/summary.json: each call with its result, and each record TF wrote (hex, with
      its wall time, step and tag); for image records also the PNGs decoded by tf.io.decode_png, as
      TF's PNG bytes are libpng's (gradtape's PNGs decode to the same pixels, not the same bytes).
  check: runs the same calls with gradtape (node, the built dist/index.cjs) and loads its file with
      TensorBoard's EventAccumulator (what TensorBoard's dashboards read): every tag in its plugin,
      the steps, the scalar values, histogram buckets and texts equal TF's, the images decode
      (tf.io.decode_png) to TF's pixels, the audio decodes (tf.audio.decode_wav) to TF's samples.

Run (after `npx tsup` for check):
  TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/summary_fixtures.py [fixture|check]
in a venv with TensorFlow 2.21 and TensorBoard 2.21 (see scripts/keras_tensorboard_fixtures.py).
"""
import contextlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.core.util import event_pb2
from tensorboard.backend.event_processing import plugin_event_accumulator
from tensorboard.util import tensor_util

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "summary.json")


def grid(shape, lo, hi):
    """Deterministic float32 data spread over [lo, hi] (no RNG: the same on every machine)."""
    n = int(np.prod(shape))
    x = (np.arange(n, dtype=np.float64) * 0.618034) % 1.0
    return (lo + (hi - lo) * x).astype(np.float32).reshape(shape)


# Each call: the summary, its arguments (data as nested lists, with its dtype), and the context:
# `scope` (a name scope), `record` (record_if), `default_step` (set_step before, unset after).
CALLS = [
    {"op": "scalar", "name": "loss", "data": 0.5, "step": 0},
    {"op": "scalar", "name": "loss", "data": 0.25, "step": 1, "description": "The **training** loss"},
    {"op": "scalar", "name": "count", "data": 7, "dtype": "int32", "step": 2},
    {"op": "scalar", "name": "inner", "data": 1.5, "step": 3, "scope": "outer"},
    {"op": "scalar", "name": "skipped", "data": 2.0, "step": 4, "record": False},
    {"op": "scalar", "name": "kept", "data": 2.0, "step": 4, "record": True},
    {"op": "scalar", "name": "from_default_step", "data": -1.0, "default_step": 5},
    {"op": "scalar", "name": "big", "data": 1e10, "step": 2 ** 40},
    {"op": "scalar", "name": "negative_step", "data": -3.75, "step": -2},
    {"op": "scalar", "name": "", "data": 1.0, "step": 0},
    {"op": "histogram", "name": "weights", "data": grid([4, 5], -1, 2).tolist(), "step": 0},
    {"op": "histogram", "name": "few", "data": [1.0, 2.0, 2.0, 3.0], "step": 1, "buckets": 3},
    {"op": "histogram", "name": "no_buckets", "data": [1.0, 2.0], "step": 1, "buckets": 0},
    {"op": "histogram", "name": "doubles", "data": [0.1, 0.7, -2.5, 1e-3], "dtype": "float64", "step": 2, "description": "float64 data"},
    {"op": "histogram", "name": "ints", "data": [3, 1, 4, 1, 5, 9, 2, 6], "dtype": "int32", "step": 2, "buckets": 4},
    {"op": "text", "name": "note", "data": "hello **world**", "step": 0},
    {"op": "text", "name": "table", "data": [["a", "b"], ["c", "d"]], "step": 1},
    {"op": "text", "name": "unicode", "data": "h\u00e9llo \u2713", "step": 2, "description": "UTF-8"},
    {"op": "image", "name": "rgb", "data": grid([2, 3, 4, 3], -0.2, 1.2).tolist(), "step": 0},
    {"op": "image", "name": "gray", "data": grid([4, 2, 2, 1], 0, 1).tolist(), "step": 1, "max_outputs": 2},
    {"op": "image", "name": "rgba", "data": grid([1, 2, 3, 4], 0, 1).tolist(), "step": 1},
    {"op": "image", "name": "gray_alpha", "data": grid([1, 2, 2, 2], 0, 1).tolist(), "step": 1},
    {"op": "image", "name": "int32", "data": [[[[0, 100 * 2 ** 23, 2 ** 31 - 1], [-5, 2 ** 23 - 1, 2 ** 23]], [[255, 3 * 2 ** 23 + 7, 2 ** 30], [1, 2, 3]]]], "dtype": "int32", "step": 2},
    {"op": "image", "name": "none", "data": grid([2, 2, 2, 3], 0, 1).tolist(), "step": 2, "max_outputs": 0},
    {"op": "image", "name": "halves", "data": [[[[0.5 / 255.5 * k for k in range(3)], [1.0, 0.999, 0.998]]]], "step": 3},
    {"op": "audio", "name": "stereo", "data": grid([2, 16, 2], -1.2, 1.2).tolist(), "sample_rate": 8000, "step": 0, "max_outputs": 1},
    {"op": "audio", "name": "mono", "data": (grid([1, 8, 1], -1, 1) * np.float32(0.5)).tolist(), "sample_rate": 22050, "step": 1, "description": "quiet"},
    {"op": "audio", "name": "edges", "data": [[[-1.0], [1.0], [0.5 / 32768], [-0.5 / 32768], [1.5 / 32768], [0.0]]], "sample_rate": 16000, "step": 2},
]


def tf_call(c):
    data = tf.constant(c["data"]) if c["op"] == "text" else tf.constant(c["data"], dtype=getattr(tf, c.get("dtype", "float32")))
    if c["op"] == "scalar":
        return tf.summary.scalar(c["name"], data, step=c.get("step"), description=c.get("description"))
    if c["op"] == "histogram":
        return tf.summary.histogram(c["name"], data, step=c.get("step"), buckets=c.get("buckets"), description=c.get("description"))
    if c["op"] == "text":
        return tf.summary.text(c["name"], data, step=c.get("step"), description=c.get("description"))
    if c["op"] == "image":
        return tf.summary.image(c["name"], data, step=c.get("step"), max_outputs=c.get("max_outputs", 3), description=c.get("description"))
    if c["op"] == "audio":
        return tf.summary.audio(c["name"], data, c["sample_rate"], step=c.get("step"), max_outputs=c.get("max_outputs", 3), description=c.get("description"))
    raise ValueError(c["op"])


def run_tf(log_dir):
    results = []
    writer = tf.summary.create_file_writer(log_dir)
    with writer.as_default():
        for c in CALLS:
            if "default_step" in c:
                tf.summary.experimental.set_step(c["default_step"])
            with (tf.name_scope(c["scope"]) if "scope" in c else contextlib.nullcontext()), tf.summary.record_if(c.get("record", True)):
                results.append(bool(tf_call(c).numpy()))
            tf.summary.experimental.set_step(None)
    writer.close()
    return results


def records(path):
    return [r.numpy() for r in tf.data.TFRecordDataset(path)]


def fixture():
    log_dir = tempfile.mkdtemp()
    results = run_tf(log_dir)
    (name,) = os.listdir(log_dir)
    out = []
    for data in records(os.path.join(log_dir, name)):
        e = event_pb2.Event.FromString(data)
        r = {"hex": data.hex(), "wall_time": e.wall_time, "step": e.step}
        if e.WhichOneof("what") == "summary":
            (v,) = e.summary.value
            r["tag"] = v.tag
            if v.metadata.plugin_data.plugin_name == "images":
                r["pngs"] = [s.hex() for s in v.tensor.string_val[2:]]
                r["pixels"] = [tf.io.decode_png(s).numpy().tolist() for s in v.tensor.string_val[2:]]
        else:
            r["writer"] = e.source_metadata.writer
        out.append(r)
    with open(OUT, "w") as f:
        json.dump({"calls": CALLS, "results": results, "file": name, "records": out}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, f"({len(out)} records; {sum(results)} of {len(results)} calls written)")


REPLAY = r"""
const tf = require(process.argv[1]);
const [logDir, callsJson] = [process.argv[2], require('fs').readFileSync(0, 'utf8')];
const calls = JSON.parse(callsJson);
const results = tf.summary.createFileWriter(logDir).asDefault(() => calls.map((c) => {
  if (c.default_step !== undefined) tf.summary.experimental.setStep(c.default_step);
  const data = c.op === 'text' ? c.data : tf.constant(c.data, c.dtype ?? 'float32');
  const call = () => {
    switch (c.op) {
      case 'scalar': return tf.summary.scalar(c.name, data, c.step, c.description);
      case 'histogram': return tf.summary.histogram(c.name, data, c.step, c.buckets, c.description);
      case 'text': return tf.summary.text(c.name, data, c.step, c.description);
      case 'image': return tf.summary.image(c.name, data, c.step, c.max_outputs ?? 3, c.description);
      case 'audio': return tf.summary.audio(c.name, data, c.sample_rate, c.step, c.max_outputs ?? 3, null, c.description);
    }
  };
  const result = tf.nameScope(c.scope ?? '', () => tf.summary.recordIf(c.record ?? true, call));
  tf.summary.experimental.setStep(null);
  return result;
}));
console.log(JSON.stringify(results));
"""


def load(run_dir):
    acc = plugin_event_accumulator.EventAccumulator(run_dir, size_guidance={plugin_event_accumulator.TENSORS: 0})
    acc.Reload()
    plugins = {p: sorted(acc.PluginTagToContent(p)) for p in acc.ActivePlugins()}
    tensors = {tag: [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)] for tag in acc.Tags()["tensors"]}
    return plugins, tensors


def check():
    tf_dir, ours_dir = tempfile.mkdtemp(), tempfile.mkdtemp()
    tf_results = run_tf(tf_dir)
    out = subprocess.run(["node", "-e", REPLAY, os.path.join(ROOT, "dist", "index.cjs"), ours_dir], input=json.dumps(CALLS), check=True, capture_output=True, text=True).stdout
    results = json.loads(out.strip().splitlines()[-1])
    assert results == tf_results, (results, tf_results)
    theirs_plugins, theirs = load(tf_dir)
    ours_plugins, ours = load(ours_dir)
    assert ours_plugins == theirs_plugins, (ours_plugins, theirs_plugins)
    assert list(ours) == list(theirs), (list(ours), list(theirs))
    for tag, points in theirs.items():
        mine = ours[tag]
        assert [s for s, _ in mine] == [s for s, _ in points], tag
        plugin = next(p for p, tags in theirs_plugins.items() if tag in tags)
        for (_, a), (_, b) in zip(mine, points):
            assert a.dtype == b.dtype and a.shape == b.shape, (tag, a.dtype, b.dtype, a.shape, b.shape)
            if plugin == "images":
                assert (a[:2] == b[:2]).all(), tag
                for png_a, png_b in zip(a[2:], b[2:]):
                    assert (tf.io.decode_png(png_a).numpy() == tf.io.decode_png(png_b).numpy()).all(), tag
            elif plugin == "audio":
                # (TensorBoard's data_compat keeps the WAV column of the [k, 2] tensor.)
                for wav_a, wav_b in zip(a if a.ndim == 1 else a[:, 0], b if b.ndim == 1 else b[:, 0]):
                    da, db = tf.audio.decode_wav(wav_a), tf.audio.decode_wav(wav_b)
                    assert (da.audio.numpy() == db.audio.numpy()).all() and da.sample_rate == db.sample_rate, tag
                assert (a == b).all(), f"{tag}: WAV bytes differ"
            else:
                assert (a == b).all(), (tag, a, b)
        print(f"{plugin}/{tag}: steps {[s for s, _ in points]}, the same")
    print("OK: TensorBoard's EventAccumulator reads gradtape's summaries as TF's: plugins", {p: len(t) for p, t in ours_plugins.items()})


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "fixture"
    if command == "fixture":
        fixture()
    elif command == "check":
        check()
    else:
        sys.exit(f"unknown command {command!r}: fixture or check")
