"""Keras 3.15.1's keras.tree (optree) on structures of lists, dicts and leaves, written to
test/fixtures/keras-tree.json for test/keras-tree.test.ts: each call's result, or the class and
first line of what it raises. Leaves are numbers, strings and None.

Run: TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /tmp/tfvenv/bin/python scripts/keras_tree_fixtures.py
"""
import json
import os

import keras
from keras import tree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "keras-tree.json")


def jsonable(v):
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    return v


def outcome(fn):
    try:
        return {"result": jsonable(fn())}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}


STRUCTURES = [None, 5, "ab", [], {}, [1, [2, [3]], None], {"b": [1, None], "a": 2}, [1, {"b": 2, "a": [3]}], {"10": "x", "2": "y"}]
PAIRS = [
    ([1, 2], [3, 4]),
    ({"x": [1, 2]}, {"x": [3, 4]}),
    ([1, 2], [1, [2]]),
    ([1, [2]], [1, 2]),
    ([1, 2], {"a": 1, "b": 2}),
    ({"a": 1, "b": 2}, {"a": 1, "c": 2}),
    ({"a": 1, "b": 2}, {"b": 5, "a": 6}),
    ([1, 2], [1, 2, 3]),
    (None, 3),
]


def add_all(*xs):
    return sum(x for x in xs if isinstance(x, (int, float)))


out = {
    "keras": keras.__version__,
    "flatten": [{"structure": s, **outcome(lambda s=s: tree.flatten(s))} for s in STRUCTURES],
    "flatten_with_path": [{"structure": s, **outcome(lambda s=s: [[list(p), leaf] for p, leaf in tree.flatten_with_path(s)])} for s in STRUCTURES],
    "is_nested": [{"structure": s, "result": tree.is_nested(s)} for s in STRUCTURES],
    "map_structure": [{"a": a, "b": b, **outcome(lambda a=a, b=b: tree.map_structure(add_all, a, b))} for a, b in PAIRS],
    "assert_same_structure": [{"a": a, "b": b, **outcome(lambda a=a, b=b: tree.assert_same_structure(a, b))} for a, b in PAIRS],
    "assert_same_paths": [{"a": a, "b": b, **outcome(lambda a=a, b=b: tree.assert_same_paths(a, b))} for a, b in PAIRS],
    "map_structure_up_to": [
        {"shallow": sh, "structure": st, **outcome(lambda sh=sh, st=st: tree.map_structure_up_to(sh, lambda x: json.dumps(x, sort_keys=True), st))}
        for sh, st in (([0, 0], [[1, 2], {"a": 3}]), ([0, [0]], [1, 2]), ({"a": 0}, {"a": [1, 2]}), ([0, 0], [1, 2, 3]))
    ],
    "pack_sequence_as": [
        {"structure": s, "flat": f, **outcome(lambda s=s, f=f: tree.pack_sequence_as(s, f))}
        for s, f in (({"b": [0, 0], "a": 0}, [1, 2, 3]), ([0, 0], [1]), ([0, 0], [1, 2, 3]), (5, [7]), ([None, [None]], [1, 2]))
    ],
    "traverse": [
        outcome(lambda: tree.traverse(lambda x: x * 10 if isinstance(x, int) else None, [1, {"b": 2, "a": [3]}])),
        outcome(lambda: tree.traverse(lambda x: tree.MAP_TO_NONE if x == 2 else None, [1, 2, [2, 3]])),
        outcome(lambda: tree.traverse(lambda x: len(x) if isinstance(x, list) else None, [1, [2, 3]], top_down=False)),
        outcome(lambda: tree.traverse(lambda x: x + 1 if isinstance(x, int) else None, {"a": [1, 2], "b": 3}, top_down=False)),
    ],
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
