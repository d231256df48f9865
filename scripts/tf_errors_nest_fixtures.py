"""TensorFlow 2.21's tf.errors classes for bad op arguments, tf.nest on structures, and
tf.math.approx_max_k / approx_min_k on CPU, written to test/fixtures/tf-errors-nest.json for
test/tf-errors.test.ts and test/nest.test.ts.

errors: for each case (an id test/tf-errors.test.ts maps to the same call in gradtape), the class of
what TensorFlow raises in eager mode and its message's first line.
nest: flatten, is_nested, pack_sequence_as, assert_same_structure (check_types true and false)
and map_structure (func: the sum of the leaves) on structures of lists, dicts and leaves; an
error's class and first line instead of a result. Leaves are numbers, strings and None; the
string "<array>" stands for a NumPy array (a leaf to nest) and "<tensor>" for a tensor.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_errors_nest_fixtures.py
"""
import json
import os

import numpy as np
import tensorflow as tf
from tf_fixture_helpers import enc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "tf-errors-nest.json")


def raised(fn):
    """{'class', 'message'} of what fn raises (its module's name for TensorFlow's), or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is the point
        return {"class": type(e).__name__, "tf": isinstance(e, tf.errors.OpError), "message": str(e).strip().split("\n")[0]}
    return None


ones = lambda shape, dtype=tf.float32: tf.ones(shape, dtype)  # noqa: E731


def tape_twice():
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x * 2
    tape.gradient(y, x)
    tape.gradient(y, x)


ERROR_CASES = {
    "add shapes": lambda: tf.add(ones([2]), ones([3])),
    "matmul inner": lambda: tf.matmul(ones([2, 2]), ones([3, 2])),
    "matmul rank 1": lambda: tf.matmul(ones([2]), ones([2])),
    "add dtypes": lambda: tf.add(ones([2]), ones([2], tf.int32)),
    "reshape size": lambda: tf.reshape(ones([2]), [3]),
    "gather index": lambda: tf.gather(ones([2]), [5]),
    "gather_nd index": lambda: tf.gather_nd(ones([2]), [[3]]),
    "concat shapes": lambda: tf.concat([ones([2, 1]), ones([3, 2])], 0),
    "transpose perm": lambda: tf.transpose(ones([2, 2]), [0, 0]),
    "cholesky indefinite": lambda: tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])),
    "inv singular": lambda: tf.linalg.inv(tf.zeros([2, 2])),
    "solve singular": lambda: tf.linalg.solve(tf.zeros([2, 2]), ones([2, 1])),
    "range start > limit": lambda: tf.range(5, 1, 1),
    "range delta 0": lambda: tf.range(0, 5, 0),
    "slice size": lambda: tf.slice(ones([2]), [1], [3]),
    "tile multiples": lambda: tf.tile(ones([2]), [1, 2]),
    "split uneven": lambda: tf.split(ones([5]), 2),
    "squeeze dim": lambda: tf.squeeze(ones([2]), 0),
    "stack shapes": lambda: tf.stack([ones([2]), ones([3])]),
    "one_hot depth": lambda: tf.one_hot(tf.constant([1]), -1),
    "ensure_shape": lambda: tf.ensure_shape(ones([2]), [3]),
    "check_numerics": lambda: tf.debugging.check_numerics(tf.constant([float("nan")]), "loss"),
    "assert_less": lambda: tf.debugging.assert_less(tf.constant([2.0]), tf.constant([1.0])),
    "kaiser_window 0": lambda: tf.signal.kaiser_window(0),
    "bitwise float": lambda: tf.bitwise.bitwise_and(ones([2]), ones([2])),
    "tape twice": tape_twice,
    "sqrt int32": lambda: tf.sqrt(tf.constant([1, 4])),
    "reduce_sum axis": lambda: tf.reduce_sum(ones([2]), 3),
    "argmax axis": lambda: tf.argmax(ones([2]), 3),
    "expand_dims axis": lambda: tf.expand_dims(ones([2]), 5),
    "broadcast_to": lambda: tf.broadcast_to(ones([3]), [2]),
    "fill negative": lambda: tf.fill([-1], 1.0),
    "pad rank": lambda: tf.pad(ones([2]), [[1, 1], [1, 1]]),
    "det non-square": lambda: tf.linalg.det(ones([2, 3])),
    "cumsum axis": lambda: tf.cumsum(ones([2]), 3),
    "unstack axis": lambda: tf.unstack(ones([2]), axis=1),
    "reverse axis": lambda: tf.reverse(ones([2]), [3]),
    "top_k k": lambda: tf.math.top_k(ones([2]), 3),
    "linspace num": lambda: tf.linspace(0.0, 1.0, -1),
}

# ---- tf.nest ------------------------------------------------------------------------------------


def leaf(v):
    return np.array([1.0, 2.0]) if v == "<array>" else (tf.constant(1.0) if v == "<tensor>" else v)


def to_py(s):
    """The fixture's JSON structure as Python (markers as the leaves they stand for)."""
    if isinstance(s, list):
        return [to_py(x) for x in s]
    if isinstance(s, dict):
        return {k: to_py(v) for k, v in s.items()}
    return leaf(s)


def to_json(s):
    if isinstance(s, (list, tuple)):
        return [to_json(x) for x in s]
    if isinstance(s, dict):
        return {k: to_json(v) for k, v in s.items()}
    if isinstance(s, np.ndarray):
        return "<array>"
    if tf.is_tensor(s):
        return "<tensor>"
    return enc(s)


def outcome(fn):
    try:
        return {"result": to_json(fn())}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e).strip().split("\n")[0]}


STRUCTURES = [
    None, 5, "hello", "<array>", "<tensor>", [], {}, [[]],
    [1, 2, [3, [4, 5]], 6],
    {"key3": "value3", "key1": "value1", "key2": "value2"},
    {"key3": {"c": [1.0, 2.0], "a": 3.0}, "key1": {"m": "val1", "g": "val2"}},
    {"2": "b", "10": "a", "x": "c"},
    [None, {"b": [1, None], "a": "<array>"}],
]

PACKS = [
    ({"key3": "", "key1": "", "key2": ""}, ["value1", "value2", "value3"]),
    ([["a", "b"], ["c", "d", "e"], "f"], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    ({"key3": {"c": ["alpha", "beta"], "a": "gamma"}, "key1": {"e": "val1", "d": "val2"}}, ["val2", "val1", 3.0, 1.0, 2.0]),
    (["a", "b"], [1]),
    ("a", [1, 2]),
    ("a", [7]),
    ([], []),
    ({"b": [0, 0], "a": 0}, [1, 2, 3]),
]

PAIRS = [
    (1, 2),
    ([[[1, 2], 3], 4, 5], [[["foo1", "foo2"], "foo3"], "foo4", "foo5"]),
    ([0, 1], "<array>"),
    ([1, [2, 3]], [1, [2]]),
    ([1, 2], {"a": 1, "b": 2}),
    ({"a": 1, "b": 2}, {"a": 1, "c": 2}),
    ({"a": 1, "b": 2}, {"b": 5, "a": 6}),
    ([1, 2], {"a": 1}),
    ([1, [2]], [1, 2]),
    ([[1, 2], [3, 4]], [5, 6]),
    ({"a": [1, 2], "b": None}, {"b": "x", "a": ["<tensor>", 0]}),
]


def add_all(*xs):
    total = 0
    for x in xs:
        total = total + (float(np.sum(x)) if isinstance(x, (np.ndarray, tf.Tensor)) else (x if isinstance(x, (int, float)) else 0))
    return total


nest = {
    "flatten": [{"structure": s, **outcome(lambda s=s: tf.nest.flatten(to_py(s)))} for s in STRUCTURES],
    "is_nested": [{"value": s, "result": tf.nest.is_nested(to_py(s))} for s in STRUCTURES],
    "pack_sequence_as": [{"structure": s, "flat": f, **outcome(lambda s=s, f=f: tf.nest.pack_sequence_as(to_py(s), to_py(f)))} for s, f in PACKS],
    "assert_same_structure": [
        {"a": a, "b": b, "check_types": ct, **outcome(lambda a=a, b=b, ct=ct: tf.nest.assert_same_structure(to_py(a), to_py(b), check_types=ct))}
        for a, b in PAIRS
        for ct in (True, False)
    ],
    "map_structure": [{"a": a, "b": b, **outcome(lambda a=a, b=b: tf.nest.map_structure(add_all, to_py(a), to_py(b)))} for a, b in PAIRS],
}

# ---- approx_max_k / approx_min_k on CPU ---------------------------------------------------------

# TensorFlow's CPU kernel takes approx_max_k along the last dimension only; XLA (jit_compile) takes
# every dimension and approx_min_k, and is what the other cases record. Both are exact on CPUs.
x = ((np.arange(42, dtype=np.float64) * 37) % 11).reshape(6, 7).astype(np.float32)
approx = []
for fn_name, fn in (("approx_max_k", tf.math.approx_max_k), ("approx_min_k", tf.math.approx_min_k)):
    for k, dim in ((3, -1), (2, 0), (1, 1), (7, -1)):
        compiled = tf.function(lambda t, fn=fn, k=k, dim=dim: fn(t, k, reduction_dimension=dim), jit_compile=True)
        values, indices = compiled(tf.constant(x))
        case = {"fn": fn_name, "k": k, "dim": dim, "values": enc(values), "indices": enc(indices)}
        if fn_name == "approx_max_k" and dim == -1:
            eager_values, eager_indices = fn(x, k)
            case["eager_equal"] = bool(np.array_equal(eager_values, values) and np.array_equal(eager_indices, indices))
        approx.append(case)
approx_errors = {
    "int32 operand": raised(lambda: tf.math.approx_max_k(tf.constant([[1, 2]]), 1)),
    "float64 operand": raised(lambda: tf.math.approx_max_k(tf.constant([[1.0, 2.0]], tf.float64), 1)),
    "eager min_k": raised(lambda: tf.math.approx_min_k(tf.constant([[1.0, 2.0]]), 1)),
}

out = {
    "tensorflow": tf.__version__,
    "errors": {name: raised(fn) for name, fn in ERROR_CASES.items()},
    "nest": nest,
    "approx": {"x": enc(x), "cases": approx, "errors": approx_errors, "nn_exports": hasattr(tf.nn, "approx_max_k") and hasattr(tf.nn, "approx_min_k")},
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
