"""tf.train.Example / SequenceExample serialization, tf.io.FixedLenSequenceFeature, tf.io.parse_(single_)sequence_example
and tf.data.Dataset.list_files of TensorFlow 2.21, for test/example-io.test.ts: writes
test/fixtures/example-io.json and a small directory tree under test/fixtures/example-io/glob/.

Messages are described as JSON ({kind: 'float'|'int64'|'bytes'|'none', value}, int64 values as decimal
strings, bytes as arrays of byte values) so that the test builds the same messages in JS. Bytes are
TensorFlow's SerializeToString(deterministic=True) (upb's map order: by key bytes, a key before its prefixes); "plain" is SerializeToString(),
whose map order is a per-process hash order (equal to the deterministic bytes for maps of one entry).

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/example_io_fixtures.py
(a venv with TensorFlow 2.21: see scripts/data_readers_fixtures.py).
"""
import json
import os
import shutil

import numpy as np
import tensorflow as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "example-io.json")
GLOB = os.path.join(ROOT, "test", "fixtures", "example-io", "glob")
DTYPES = {"float32": tf.float32, "int64": tf.int64, "string": tf.string}


def feature_of(d):
    if d["kind"] == "float":
        return tf.train.Feature(float_list=tf.train.FloatList(value=d["value"]))
    if d["kind"] == "int64":
        return tf.train.Feature(int64_list=tf.train.Int64List(value=[int(v) for v in d["value"]]))
    if d["kind"] == "bytes":
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=[bytes(v) for v in d["value"]]))
    return tf.train.Feature()


def example_of(d):
    if d is None:
        return tf.train.Example()
    return tf.train.Example(features=tf.train.Features(feature={k: feature_of(v) for k, v in d.items()}))


def sequence_example_of(d):
    kw = {}
    if d.get("context") is not None:
        kw["context"] = tf.train.Features(feature={k: feature_of(v) for k, v in d["context"].items()})
    if d.get("featureLists") is not None:
        kw["feature_lists"] = tf.train.FeatureLists(feature_list={k: tf.train.FeatureList(feature=[feature_of(f) for f in v]) for k, v in d["featureLists"].items()})
    return tf.train.SequenceExample(**kw)


def spec_of(d):
    dtype = DTYPES[d["dtype"]]
    if d["type"] == "FixedLenFeature":
        return tf.io.FixedLenFeature(d["shape"], dtype, default_value=d.get("defaultValue"))
    if d["type"] == "VarLenFeature":
        return tf.io.VarLenFeature(dtype)
    return tf.io.FixedLenSequenceFeature(d["shape"], dtype, allow_missing=d.get("allowMissing", False), default_value=d.get("defaultValue"))


def specs_of(d):
    return None if d is None else {k: spec_of(v) for k, v in d.items()}


def numpy_json(v):
    if isinstance(v, bytes):
        return {"bytes": list(v)}
    if isinstance(v, np.ndarray):
        return [numpy_json(x) for x in v] if v.dtype == object else v.tolist()
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, tf.sparse.SparseTensor):
        return {"indices": v.indices.numpy().tolist(), "values": numpy_json(v.values.numpy()), "denseShape": v.dense_shape.numpy().tolist()}
    if isinstance(v, tf.Tensor):
        return {"shape": v.shape.as_list(), "value": numpy_json(v.numpy())}
    if isinstance(v, dict):
        return {k: numpy_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [numpy_json(x) for x in v]
    return v


def outcome(fn):
    try:
        return {"result": numpy_json(fn())}
    except Exception as e:  # noqa: BLE001 (the error is the fixture)
        message = str(getattr(e, "message", e)).split("\n")[0]
        # Drop the eager op's "{{function_node ...}} " prefix and " [Op:...]" suffix.
        if "}} " in message:
            message = message.split("}} ", 1)[1]
        if " [Op:" in message:
            message = message[: message.index(" [Op:")]
        if "Summarized data: b'" in message:
            message = message.split("Summarized data: b'", 1)[1].rstrip("'")
        return {"error": message, "class": type(e).__name__}


F = lambda kind, *v: {"kind": kind, "value": list(v)}  # noqa: E731
BIG = [str(-1), str(2**63 - 1), str(-(2**63)), str(2**53 + 1), "0", "127", "128", "-300"]

EXAMPLES = {
    "empty Example": None,
    "empty Features": {},
    "one float feature": {"x": F("float", 1.5, 2.5)},
    "floats rounded to float32, inf, nan, -0": {"x": F("float", 0.1, 1e40, float("nan"), -0.0, -1e-45)},
    "int64 extremes": {"i": {"kind": "int64", "value": BIG}},
    "bytes with empty and non-ASCII": {"b": F("bytes", [], [0, 255], list("é".encode()))},
    "empty lists of each kind": {"f": F("float"), "i": F("int64"), "b": F("bytes")},
    "a feature with no list": {"n": F("none")},
    "empty key": {"": F("int64", "1")},
    "keys in upb's order (bytes; a key before its prefixes)": {k: F("int64", str(i)) for i, k in enumerate(["b", "B", "é", "a", "ab", "abc", "abd", "a\x00", "_", "10", "9", "zz", "\U0001F600", "\uffff"])},
    "mixed features": {"x": F("float", 0.5, -1.25), "label": F("int64", "1"), "name": F("bytes", list(b"one")), "tags": F("int64", "3", "4", "5")},
}

SEQUENCE_EXAMPLES = {
    "empty": {},
    "empty context and lists given": {"context": {}, "featureLists": {}},
    "context only": {"context": {"len": F("int64", "3")}},
    "a list with no features": {"featureLists": {"a": []}},
    "context and lists": {
        "context": {"len": F("int64", "3"), "name": F("bytes", list(b"ab"))},
        "featureLists": {
            "tok": [F("int64", "1"), F("int64", "2"), F("int64", "3")],
            "emb": [F("float", 1, 2), F("float", 3, 4)],
            "var": [F("int64", "1", "2"), F("int64"), F("int64", "5")],
        },
    },
}


def jsonable(v):
    """v with the floats JSON cannot hold as strings: "NaN", "Infinity", "-Infinity", and "-0" for -0.0."""
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        if v == 0 and str(v).startswith("-"):
            return "-0"
        return v
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    return v


def main():
    out = {"examples": {}, "sequenceExamples": {}, "parseExample": {}, "parseSingleExample": {}, "parseSequence": {}, "parseSingleSequence": {}, "listFiles": {}}
    for name, d in EXAMPLES.items():
        e = example_of(d)
        out["examples"][name] = {"features": jsonable(d), "bytes": list(e.SerializeToString(deterministic=True)), "plain": list(e.SerializeToString())}
    for name, d in SEQUENCE_EXAMPLES.items():
        e = sequence_example_of(d)
        out["sequenceExamples"][name] = {"message": d, "bytes": list(e.SerializeToString(deterministic=True)), "plain": list(e.SerializeToString())}

    # FixedLenSequenceFeature in parse_example / parse_single_example.
    records = {
        "e1": {"v": F("float", 1, 2, 3, 4), "i": F("int64", "1", "2"), "s": F("bytes", list(b"a"), list(b"b"))},
        "e2": {"v": F("float", 5, 6)},
        "e3": {"v": F("float", 5, 6, 7)},
        "e4": {"i": F("float", 1)},
    }
    out["records"] = {k: list(example_of(v).SerializeToString(deterministic=True)) for k, v in records.items()}
    seq = lambda shape, dtype, **kw: {"type": "FixedLenSequenceFeature", "shape": shape, "dtype": dtype, **kw}  # noqa: E731
    batch_cases = {
        "padded with zeros": (["e1", "e2"], {"v": seq([2], "float32", allowMissing=True)}),
        "padded with the default": (["e1", "e2"], {"v": seq([2], "float32", allowMissing=True, defaultValue=-1.0)}),
        "int64 scalars, missing in one": (["e1", "e2"], {"i": seq([], "int64", allowMissing=True)}),
        "missing in all": (["e2", "e2"], {"i": seq([], "int64", allowMissing=True)}),
        "strings padded with the default": (["e1", "e2"], {"s": seq([], "string", allowMissing=True, defaultValue="pad")}),
        "strings padded with empty bytes": (["e2", "e1"], {"s": seq([], "string", allowMissing=True)}),
        "with fixed and var len features": (["e1", "e2"], {"v": seq([1], "float32", allowMissing=True), "i": {"type": "VarLenFeature", "dtype": "int64"}}),
        "allow_missing false": (["e1", "e2"], {"v": seq([2], "float32")}),
        "not a multiple of the step": (["e1", "e3"], {"v": seq([2], "float32", allowMissing=True)}),
        "wrong type": (["e1", "e4"], {"i": seq([], "int64", allowMissing=True)}),
    }
    for name, (names, spec) in batch_cases.items():
        out["parseExample"][name] = {"records": names, "spec": spec, **outcome(lambda: tf.io.parse_example([bytes(out["records"][n]) for n in names], specs_of(spec)))}
    single_cases = {
        "steps of 2": ("e1", {"v": seq([2], "float32", allowMissing=True)}),
        "missing": ("e2", {"i": seq([], "int64", allowMissing=True)}),
        "a step of 4 values": ("e1", {"v": seq([2, 2], "float32", allowMissing=True)}),
        "not a multiple": ("e3", {"v": seq([2], "float32", allowMissing=True)}),
        "wrong type": ("e1", {"v": seq([2], "int64", allowMissing=True)}),
    }
    for name, (record, spec) in single_cases.items():
        out["parseSingleExample"][name] = {"record": record, "spec": spec, **outcome(lambda: tf.io.parse_single_example(bytes(out["records"][record]), specs_of(spec)))}

    # SequenceExamples.
    sequences = {
        "s1": SEQUENCE_EXAMPLES["context and lists"],
        "s2": {"context": {"len": F("int64", "1")}, "featureLists": {"tok": [F("int64", "9")], "var": [F("int64", "4", "4", "4")]}},
        "s3": {"context": {"c": F("float", 1)}, "featureLists": {"a": [F("float", 1, 2, 3), F("float", 4)], "e": [F("float", 1, 2), F("none")], "b": [F("bytes", list(b"x"))], "t": [F("float", 1), F("int64", "2")]}},
        "s4": {},
    }
    out["sequences"] = {k: list(sequence_example_of(v).SerializeToString(deterministic=True)) for k, v in sequences.items()}
    out["sequences"]["garbage"] = [255, 255]
    fixed = lambda shape, dtype, **kw: {"type": "FixedLenFeature", "shape": shape, "dtype": dtype, **kw}  # noqa: E731
    var = lambda dtype: {"type": "VarLenFeature", "dtype": dtype}  # noqa: E731
    context = {"len": fixed([], "int64"), "name": fixed([], "string", defaultValue="none")}
    sequence = {"tok": seq([], "int64"), "emb": seq([2], "float32", allowMissing=True), "var": var("int64")}
    single_seq = {
        "all kinds": ("s1", context, sequence),
        "defaults and missing lists": ("s2", context, sequence),
        "context only": ("s1", {"len": fixed([], "int64"), "nope": var("float32")}, None),
        "sequence only": ("s1", None, {"emb": seq([2], "float32")}),
        "string steps": ("s3", None, {"b": seq([], "string")}),
        "a step with no list as a VarLenFeature": ("s3", None, {"e": var("float32")}),
        "empty record": ("s4", {"c": fixed([2], "float32", defaultValue=[5.0, 6.0])}, {"z": seq([3], "int64", allowMissing=True), "v": var("string")}),
        "required list missing": ("s2", None, {"emb": seq([2], "float32")}),
        "total not a multiple": ("s1", None, {"emb": seq([3], "float32")}),
        "a step of the wrong size": ("s3", None, {"a": seq([2], "float32")}),
        "a step without values": ("s3", None, {"e": seq([2], "float32")}),
        "list type mismatch": ("s1", None, {"tok": seq([], "float32")}),
        "list type mismatch at step 1": ("s3", None, {"t": seq([], "float32")}),
        "var list type mismatch": ("s3", None, {"b": var("int64")}),
        "context type mismatch": ("s3", {"c": fixed([], "int64")}, None),
        "context var type mismatch": ("s3", {"c": var("int64")}, None),
        "missing context feature": ("s1", {"nope": fixed([], "int64")}, None),
        "context count mismatch": ("s1", {"len": fixed([2], "int64")}, None),
        "context count mismatch with a default": ("s3", {"c": fixed([2], "float32", defaultValue=[5.0, 6.0])}, None),
        "FixedLenFeature as a sequence feature": ("s1", None, {"tok": fixed([], "int64")}),
        "FixedLenSequenceFeature as a context feature": ("s1", {"tok": seq([], "int64")}, None),
        "no features": ("s1", None, None),
        "a sequence feature with a default": ("s1", None, {"emb": seq([2], "float32", allowMissing=True, defaultValue=-1.0)}),
        "malformed": ("garbage", None, {"emb": seq([2], "float32", allowMissing=True)}),
    }
    for name, (record, c, s) in single_seq.items():
        out["parseSingleSequence"][name] = {"record": record, "context": c, "sequence": s, **outcome(lambda: tf.io.parse_single_sequence_example(bytes(out["sequences"][record]), specs_of(c), specs_of(s)))}
    batch_seq = {
        "all kinds": (["s1", "s2"], context, sequence),
        "context with a default": (["s3", "s4"], {"c": fixed([], "float32", defaultValue=5.0)}, None),
        "missing lists allowed": (["s4", "s4"], None, {"z": var("int64"), "z2": seq([3], "string", allowMissing=True)}),
        "required list missing": (["s1", "s2"], None, {"emb": seq([2], "float32")}),
        "malformed": (["s1", "garbage"], None, {"emb": seq([2], "float32", allowMissing=True)}),
    }
    for name, (records_, c, s) in batch_seq.items():
        out["parseSequence"][name] = {"records": records_, "context": c, "sequence": s, **outcome(lambda: tf.io.parse_sequence_example([bytes(out["sequences"][r]) for r in records_], specs_of(c), specs_of(s)))}

    # list_files over a small tree (patterns relative to GLOB; results too).
    shutil.rmtree(GLOB, ignore_errors=True)
    files = ["a/x1.txt", "a/x2.txt", "a/y10.txt", "a/[x].txt", "b/x3.txt", "b/z.csv", "top.txt", ".hidden.txt", "c/d/deep.txt"]
    for f in files:
        os.makedirs(os.path.dirname(os.path.join(GLOB, f)), exist_ok=True)
        with open(os.path.join(GLOB, f), "w") as fh:
            fh.write(f + "\n")
    patterns = {
        "? in a file name, * in a directory": "*/x?.txt",
        "dot files match *": "*.txt",
        "a set": "a/[xy]*",
        "a set negated with !": "a/[!x]*",
        "a set negated with ^": "a/[^x]*",
        "directories too": "*",
        "a range": "a/x[0-9].txt",
        "no wildcard": "top.txt",
        "an escaped character": "a/x\\1.txt",
        "an escaped bracket": "a/\\[x\\].txt",
        "** is *": "**/*.txt",
        "* does not cross /": "*/*.txt",
        "two levels": "*/*/*.txt",
        "trailing slash": "a/",
        "several patterns": ["b/*", "a/x*"],
        "the same file twice": ["a/x1.txt", "a/x?.txt"],
        "nothing": "nothing*",
        "several with nothing": ["nothing*", "no2"],
    }
    for name, pattern in patterns.items():
        full = [os.path.join(GLOB, p) for p in pattern] if isinstance(pattern, list) else os.path.join(GLOB, pattern)
        res = outcome(lambda: [x.decode() for x in tf.data.Dataset.list_files(full, shuffle=False).as_numpy_iterator()])
        if "result" in res:
            res["result"] = [os.path.relpath(p, GLOB) + ("/" if p.endswith("/") else "") for p in res["result"]]
        else:
            res["error"] = res["error"].replace(GLOB + "/", "<dir>/")
        out["listFiles"][name] = {"pattern": pattern, **res}
    out["listFilesCardinality"] = int(tf.data.Dataset.list_files(os.path.join(GLOB, "*/x?.txt")).cardinality())

    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
