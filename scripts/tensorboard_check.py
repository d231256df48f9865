"""TensorBoard's own reader and writer against gradtape's tf.keras.callbacks.TensorBoard.

  check (default): runs a fit with the callback (node, the built dist/index.cjs) into a temporary
      folder, loads the event files with TensorBoard's EventAccumulator and its plugin accumulator
      (what the scalars dashboard reads), and asserts the tags, steps and values equal the fit's
      history (epoch_*, learning rate, evaluation_*_vs_iterations, batch_*) and that the weight
      histograms are TensorBoard's (plugin 'histograms', [30, 3] buckets counting every element)
      and the weight images (plugin 'images') decode (Pillow) to their width and height, then
      prints them.
  fixture: writes test/fixtures/tensorboard/tensorboard-writer.tfevents with TensorBoard's
      EventFileWriter (tensorboard.summary.writer.event_file_writer): scalars laid out as TF 2's
      C++ summary writer lays them out, at fixed wall times, and one from tensorboard's scalar_pb;
      read by test/keras-tensorboard.test.ts.

Run (after `npx tsup`; tensorboard from the local index in the venv):
  /tmp/kvenv/bin/python scripts/tensorboard_check.py [check|fixture]
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

from tensorboard.backend.event_processing import event_accumulator, plugin_event_accumulator
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.plugins.scalar import summary_v2 as scalar_summary
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "test", "fixtures", "tensorboard", "tensorboard-writer.tfevents")

FIT = r"""
const tf = require(process.argv[1]);
const logDir = process.argv[2];
const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(4, { name: 'hidden' }), new tf.keras.layers.Dense(1, { name: 'out' })], { name: 'seq' });
model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
const batches = [];
const x = [[1], [2], [3], [4], [5]], y = [[2], [4.1], [5.9], [8.2], [9.9]];
const history = model.fit(x, y, { epochs: 3, batchSize: 2, shuffle: false, validationData: [[[6], [7]], [[12.1], [13.8]]],
  callbacks: [new tf.keras.callbacks.TensorBoard({ logDir, updateFreq: 'batch', histogramFreq: 1, writeImages: true }),
              new tf.keras.callbacks.LambdaCallback({ onTrainBatchEnd: (b, logs) => batches.push({ ...logs }) })] });
console.log(JSON.stringify({ history: history.history, batches, iterations: model.optimizer.iterations }));
"""


def tf2_scalar_event(tag, value, step, wall_time):
    """An Event as TF 2's C++ summary writer writes tf.summary.scalar's (summary_file_writer.cc
    WriteTensor: AsProtoTensorContent; metadata from tensorboard's scalar plugin)."""
    tensor = tensor_pb2.TensorProto(
        dtype=types_pb2.DT_FLOAT,
        tensor_shape=tensor_shape_pb2.TensorShapeProto(),
        tensor_content=struct.pack("<f", value),
    )
    metadata = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
    summary = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=metadata)])
    return event_pb2.Event(wall_time=wall_time, step=step, summary=summary)


def write_fixture():
    folder = tempfile.mkdtemp()
    writer = EventFileWriter(folder)
    for tag, value, step, wall_time in [("epoch_loss", 0.5, 0, 1700000000.25), ("epoch_loss", 1.25, 3, 1700000001.5), ("batch_mae", -3.75, 12, 1700000002.125)]:
        writer.add_event(tf2_scalar_event(tag, value, step, wall_time))
    writer.add_event(event_pb2.Event(wall_time=1700000003.0, step=7, summary=scalar_summary.scalar_pb("scalar_pb_value", 2.5)))
    writer.close()
    (name,) = os.listdir(folder)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    os.replace(os.path.join(folder, name), FIXTURE)
    os.rmdir(folder)
    print("wrote", FIXTURE, "from", name)


def load(run_dir):
    """{tag: [(step, value)]} as TensorBoard's EventAccumulator reads the run, and the tags its
    plugin accumulator gives the scalars dashboard."""
    acc = event_accumulator.EventAccumulator(run_dir, size_guidance={event_accumulator.TENSORS: 0})
    acc.Reload()
    values, histograms = {}, {}
    for tag in acc.Tags()["tensors"]:
        if tag == "keras":
            continue
        if tag.endswith("/image"):
            continue
        if tag.endswith("/histogram"):
            histograms[tag] = [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)]
            continue
        values[tag] = [(e.step, float(tensor_util.make_ndarray(e.tensor_proto))) for e in acc.Tensors(tag)]
    plugin_acc = plugin_event_accumulator.EventAccumulator(run_dir, size_guidance={plugin_event_accumulator.TENSORS: 0})
    plugin_acc.Reload()
    scalar_tags = sorted(plugin_acc.PluginTagToContent("scalars").keys())
    histogram_tags = sorted(plugin_acc.PluginTagToContent("histograms").keys()) if "histograms" in plugin_acc.ActivePlugins() else []
    image_tags = sorted(plugin_acc.PluginTagToContent("images").keys()) if "images" in plugin_acc.ActivePlugins() else []
    for tag in image_tags:
        for e in plugin_acc.Tensors(tag):
            strings = tensor_util.make_ndarray(e.tensor_proto)
            for png in strings[2:]:
                assert decode_png(png).shape[:2] == (int(strings[1]), int(strings[0])), (tag, strings[:2])
    return values, scalar_tags, acc.Tags()["tensors"], histograms, histogram_tags, image_tags


def decode_png(png):
    """A PNG's pixels [height, width(, channels)], decoded by Pillow."""
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)))


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def check():
    log_dir = tempfile.mkdtemp()
    out = subprocess.run(["node", "-e", FIT, os.path.join(ROOT, "dist", "index.cjs"), log_dir], check=True, capture_output=True, text=True).stdout
    fit = json.loads(out.strip().splitlines()[-1])
    history, batches = fit["history"], fit["batches"]
    train, train_scalars, train_tags, histograms, histogram_tags, image_tags = load(os.path.join(log_dir, "train"))
    val, val_scalars, _, _, _, _ = load(os.path.join(log_dir, "validation"))
    epochs = len(history["loss"])
    steps_per_epoch = len(batches) // epochs
    expected_train = {f"epoch_{k}": [(i, f32(v)) for i, v in enumerate(history[k])] for k in history if not k.startswith("val_")}
    expected_train["epoch_learning_rate"] = [(i, f32(0.01)) for i in range(epochs)]
    for k in batches[0]:
        expected_train[f"batch_{k}"] = [(i + 1, f32(b[k])) for i, b in enumerate(batches)]
    expected_val = {f"epoch_{k[4:]}": [(i, f32(v)) for i, v in enumerate(history[k])] for k in history if k.startswith("val_")}
    for k in history:
        if k.startswith("val_"):
            expected_val[f"evaluation_{k[4:]}_vs_iterations"] = [((i + 1) * steps_per_epoch, f32(v)) for i, v in enumerate(history[k])]
    assert train == expected_train, (train, expected_train)
    assert val == expected_val, (val, expected_val)
    assert train_scalars == sorted(expected_train), train_scalars
    assert val_scalars == sorted(expected_val), val_scalars
    assert "keras" in train_tags
    sizes = {"seq/hidden/kernel/histogram": 4, "seq/hidden/bias/histogram": 4, "seq/out/kernel/histogram": 4, "seq/out/bias/histogram": 1}
    assert histogram_tags == sorted(sizes), histogram_tags
    for tag, size in sizes.items():
        assert [step for step, _ in histograms[tag]] == list(range(epochs)), (tag, histograms[tag])
        for _, buckets in histograms[tag]:
            assert buckets.shape == (30, 3) and buckets[:, 2].sum() == size and (buckets[:, 0] <= buckets[:, 1]).all(), (tag, buckets)
    for run, values in (("train", train), ("validation", val)):
        for tag, points in values.items():
            print(f"{run}/{tag}: {points}")
    print("scalars dashboard tags:", {"train": train_scalars, "validation": val_scalars})
    # Weight images (writeImages): every weight but the [1, 1] kernel and the one-element bias, which squeeze to scalars.
    assert image_tags == ["seq/hidden/bias/image", "seq/hidden/kernel/image", "seq/out/kernel/image"], image_tags
    print("images dashboard tags:", image_tags)
    print("histograms dashboard tags:", histogram_tags, "steps", [step for step, _ in histograms[histogram_tags[0]]])
    print("OK: TensorBoard reads every tag, step and value of the fit's history, the weight histograms and images")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fixture":
        write_fixture()
    elif command == "check":
        check()
    else:
        sys.exit(f"unknown command {command!r}: check or fixture")
