"""tf.data.TextLineDataset, tf.data.TFRecordDataset, Dataset.rebatch and tf.io.parse_example of
TensorFlow 2.21, for test/data-readers.test.ts: writes small text and TFRecord files (plain, GZIP,
ZLIB; tf.train.Example records) under test/fixtures/data-readers/, and what TensorFlow reads from
them to test/fixtures/data-readers.json. It also reads the files gradtape's tf.io.TFRecordWriter
wrote (test/fixtures/data-readers/written-by-gradtape/, made by scripts/data-readers-written.mts)
and records what TensorFlow finds in them.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/data_readers_fixtures.py
in a venv with TensorFlow 2.21:
  python3.11 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install --index-url file:///opt/pypi/simple \
      --extra-index-url file:///opt/pypi-more/simple tensorflow-cpu
"""
import gzip
import json
import os
import zlib

import numpy as np
import tensorflow as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "test", "fixtures", "data-readers")
OUT = os.path.join(ROOT, "test", "fixtures", "data-readers.json")

TEXT_FILES = {
    "lf.txt": b"alpha\nbeta\n\ngamma\n",
    "crlf.txt": b"x,y\r\n1,2\r\n\r\n3,4\r\n",
    "no-trailing-newline.txt": b"first\nlast without newline",
    "lone-cr.txt": b"a\rb\nends with cr\r",
    "empty.txt": b"",
    "only-newlines.txt": b"\n\n\r\n",
    "utf8.txt": "\ufeffcaf\u00e9,1\n\u65e5\u672c,2\n".encode("utf-8"),
    "data.csv": b"x1,x2,y\n0.5,1.0,2.0\n1.5,-1.0,0.5\n2.0,0.0,2.0\n-1.0,3.0,5.0\n0.0,0.0,0.0\n",
}


def feature(values):
    if all(isinstance(v, float) for v in values) and values:
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))
    if all(isinstance(v, int) for v in values) and values:
        return tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))


def example(**features):
    # deterministic: the map entries in key order, so that running the script again writes the same files.
    return tf.train.Example(features=tf.train.Features(feature={k: feature(v) for k, v in features.items()})).SerializeToString(deterministic=True)


EXAMPLES = [
    example(x=[0.5, -1.25], label=[1], name=[b"one"], tags=[3, 4, 5], weight=[2.0]),
    example(x=[1.0, 2.0], label=[0], name=[b"two"], tags=[-7]),
    example(x=[3.5, 4.5], label=[-2147483648], name=[b"\x00\xff"], tags=[2147483647, 0]),
]


def write_tfrecords(path, records, compression):
    options = tf.io.TFRecordOptions(compression_type=compression)
    with tf.io.TFRecordWriter(path, options) as writer:
        for r in records:
            writer.write(r)


def numpy_json(v):
    if isinstance(v, bytes):
        return {"bytes": list(v)}
    if isinstance(v, np.ndarray):
        return [numpy_json(x) for x in v] if v.dtype == object else v.tolist()
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, tf.sparse.SparseTensor):
        return {"indices": v.indices.numpy().tolist(), "values": numpy_json(v.values.numpy()), "denseShape": v.dense_shape.numpy().tolist()}
    if isinstance(v, tf.Tensor):
        return numpy_json(v.numpy())
    if isinstance(v, dict):
        return {k: numpy_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [numpy_json(x) for x in v]
    return v


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (the error is the fixture)
        return {"class": type(e).__name__, "message": str(getattr(e, "message", e)).split("\n")[0]}
    return None


def main():
    os.makedirs(DIR, exist_ok=True)
    out = {"text": {}, "tfrecord": {}, "parse": {}, "rebatch": {}, "errors": {}, "writtenByGradtape": {}}

    for name, data in TEXT_FILES.items():
        with open(os.path.join(DIR, name), "wb") as f:
            f.write(data)
    with open(os.path.join(DIR, "crlf.txt.gz"), "wb") as f:
        f.write(gzip.compress(TEXT_FILES["crlf.txt"], mtime=0))
    with open(os.path.join(DIR, "crlf.txt.zz"), "wb") as f:
        f.write(zlib.compress(TEXT_FILES["crlf.txt"]))

    def lines(files, **kw):
        ds = tf.data.TextLineDataset([os.path.join(DIR, f) for f in files], **kw)
        return [x.decode("utf-8") for x in ds.as_numpy_iterator()]

    for name in TEXT_FILES:
        out["text"][name] = lines([name])
    out["text"]["crlf.txt.gz GZIP"] = lines(["crlf.txt.gz"], compression_type="GZIP")
    out["text"]["crlf.txt.zz ZLIB"] = lines(["crlf.txt.zz"], compression_type="ZLIB")
    out["text"]["lf.txt crlf.txt in order"] = lines(["lf.txt", "crlf.txt"])
    out["text"]["lf.txt crlf.txt no-trailing-newline.txt numParallelReads 2"] = lines(["lf.txt", "crlf.txt", "no-trailing-newline.txt"], num_parallel_reads=2)
    out["text"]["lf.txt crlf.txt lf.txt unique"] = [x.decode("utf-8") for x in tf.data.TextLineDataset([os.path.join(DIR, f) for f in ["lf.txt", "crlf.txt", "lf.txt"]]).unique().as_numpy_iterator()]
    out["textElementSpec"] = str(tf.data.TextLineDataset(os.path.join(DIR, "lf.txt")).element_spec)
    out["textBatchedElementSpec"] = str(tf.data.TextLineDataset(os.path.join(DIR, "lf.txt")).batch(2).element_spec)
    out["text"]["lf.txt batch 3"] = numpy_json(list(tf.data.TextLineDataset(os.path.join(DIR, "lf.txt")).batch(3).as_numpy_iterator()))
    out["text"]["lf.txt batch 3 rebatch 2"] = numpy_json(list(tf.data.TextLineDataset(os.path.join(DIR, "lf.txt")).batch(3).rebatch(2).as_numpy_iterator()))

    for suffix, compression in [("", ""), (".gz", "GZIP"), (".zz", "ZLIB")]:
        name = "examples.tfrecord" + suffix
        write_tfrecords(os.path.join(DIR, name), EXAMPLES, compression)
        records = list(tf.data.TFRecordDataset(os.path.join(DIR, name), compression_type=compression).as_numpy_iterator())
        out["tfrecord"][name] = {"compressionType": compression, "records": [list(r) for r in records]}
    out["tfrecordElementSpec"] = str(tf.data.TFRecordDataset(os.path.join(DIR, "examples.tfrecord")).element_spec)

    # A corrupted copy: one byte of the second record's data flipped; and a truncated copy.
    plain = open(os.path.join(DIR, "examples.tfrecord"), "rb").read()
    first_length = int.from_bytes(plain[:8], "little")
    second = 16 + first_length
    corrupted = bytearray(plain)
    corrupted[second + 12 + 3] ^= 0x01
    with open(os.path.join(DIR, "corrupted.tfrecord"), "wb") as f:
        f.write(bytes(corrupted))
    with open(os.path.join(DIR, "truncated.tfrecord"), "wb") as f:
        f.write(plain[: second + 20])

    def read_all(name):
        return list(tf.data.TFRecordDataset(os.path.join(DIR, name)).as_numpy_iterator())

    out["errors"]["corrupted.tfrecord"] = {"offset": second, "recordsBefore": 1, **error_of(lambda: read_all("corrupted.tfrecord"))}
    out["errors"]["truncated.tfrecord"] = {"offset": second, "recordsBefore": 1, **error_of(lambda: read_all("truncated.tfrecord"))}

    spec = {
        "x": tf.io.FixedLenFeature([2], tf.float32),
        "label": tf.io.FixedLenFeature([], tf.int64),
        "name": tf.io.FixedLenFeature([], tf.string),
        "weight": tf.io.FixedLenFeature([1], tf.float32, default_value=[1.0]),
        "tags": tf.io.VarLenFeature(tf.int64),
        "missing": tf.io.VarLenFeature(tf.float32),
    }
    out["parse"]["single"] = [numpy_json(tf.io.parse_single_example(e, spec)) for e in EXAMPLES]
    out["parse"]["batch"] = numpy_json(tf.io.parse_example(tf.constant(EXAMPLES), spec))
    out["parse"]["nameVarLen"] = numpy_json(tf.io.parse_example(tf.constant(EXAMPLES), {"name": tf.io.VarLenFeature(tf.string)}))
    out["errors"]["missing required"] = error_of(lambda: tf.io.parse_single_example(EXAMPLES[1], {"weight": tf.io.FixedLenFeature([1], tf.float32)}))
    out["errors"]["wrong count"] = error_of(lambda: tf.io.parse_single_example(EXAMPLES[0], {"tags": tf.io.FixedLenFeature([2], tf.int64)}))
    out["errors"]["wrong type"] = error_of(lambda: tf.io.parse_single_example(EXAMPLES[0], {"x": tf.io.FixedLenFeature([2], tf.int64)}))

    out["rebatch"]["range 10 batch 4 rebatch 3"] = numpy_json(list(tf.data.Dataset.range(10).batch(4).rebatch(3).as_numpy_iterator()))
    out["rebatch"]["range 10 batch 4 rebatch 3 drop"] = numpy_json(list(tf.data.Dataset.range(10).batch(4).rebatch(3, drop_remainder=True).as_numpy_iterator()))
    out["rebatch"]["range 10 batch 4 rebatch [2, 3]"] = numpy_json(list(tf.data.Dataset.range(10).batch(4).rebatch([2, 3]).as_numpy_iterator()))
    out["rebatch"]["range 10 batch 4 rebatch [2, 3] drop"] = numpy_json(list(tf.data.Dataset.range(10).batch(4).rebatch([2, 3], drop_remainder=True).as_numpy_iterator()))
    out["rebatch"]["range 7 batch 3 rebatch 5"] = numpy_json(list(tf.data.Dataset.range(7).batch(3).rebatch(5).as_numpy_iterator()))
    pairs = tf.data.Dataset.from_tensor_slices((tf.reshape(tf.range(12), [6, 2]), tf.range(6))).batch(4)
    out["rebatch"]["pairs batch 4 rebatch 3"] = numpy_json(list(pairs.rebatch(3).as_numpy_iterator()))
    out["rebatchSpecs"] = {
        "rebatch 3": str(tf.data.Dataset.range(10).batch(4).rebatch(3).element_spec),
        "rebatch 3 drop": str(tf.data.Dataset.range(10).batch(4).rebatch(3, drop_remainder=True).element_spec),
        "rebatch [2, 3] drop": str(tf.data.Dataset.range(10).batch(4).rebatch([2, 3], drop_remainder=True).element_spec),
        "cardinality": int(tf.data.Dataset.range(10).batch(4).rebatch(3).cardinality().numpy()),
    }
    out["errors"]["rebatch scalars"] = error_of(lambda: tf.data.Dataset.range(10).rebatch(3))

    written = os.path.join(DIR, "written-by-gradtape")
    for name, compression in [("records.tfrecord", ""), ("records.tfrecord.gz", "GZIP"), ("records.tfrecord.zz", "ZLIB")]:
        records = list(tf.data.TFRecordDataset(os.path.join(written, name), compression_type=compression).as_numpy_iterator())
        out["writtenByGradtape"][name] = [list(r) for r in records]

    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
