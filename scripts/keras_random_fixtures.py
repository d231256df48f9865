"""Keras 3.15.1's keras.random (TensorFlow backend) and the TensorFlow 2.21 ops under it,
tf.random.experimental.stateless_shuffle and tf.nn.experimental.stateless_dropout, written to
test/fixtures/keras-random.json for test/keras-random.test.ts.

Each keras.random case runs with an integer seed (Keras draws [seed, 0] as int64 and casts it to
int32 for TensorFlow's stateless ops) or a keras.random.SeedGenerator (whose state [seed, n]
advances by [0, 1] per draw); the SeedGenerator cases record three draws in a row and the state
after them.

Run: TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /tmp/tfvenv/bin/python scripts/keras_random_fixtures.py
"""
import json
import os

import keras
import numpy as np
import tensorflow as tf
from tf_fixture_helpers import enc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "keras-random.json")


def tensor(v):
    return {"dtype": v.dtype.name if hasattr(v.dtype, "name") else str(v.dtype), "shape": list(v.shape), "values": enc(np.asarray(v).reshape(-1))}


LOGITS = [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]
GRID = np.arange(12, dtype=np.float32).reshape(4, 3)

# Each case: a name, the call as gradtape's test makes it (fn, args, options), and the Keras call.
CASES = [
    ("normal", [[2, 3]], {"seed": 42}, lambda s: keras.random.normal((2, 3), seed=s)),
    ("normal", [[5]], {"mean": 1.5, "stddev": 0.5, "dtype": "float64", "seed": 7}, lambda s: keras.random.normal((5,), mean=1.5, stddev=0.5, dtype="float64", seed=s)),
    ("normal", [[3]], {"seed": 2**33 + 3}, lambda s: keras.random.normal((3,), seed=s)),
    ("uniform", [[4]], {"minval": -1, "maxval": 2, "seed": 7}, lambda s: keras.random.uniform((4,), minval=-1, maxval=2, seed=s)),
    ("uniform", [[2, 2]], {"dtype": "float64", "seed": 1}, lambda s: keras.random.uniform((2, 2), dtype="float64", seed=s)),
    ("truncated_normal", [[6]], {"seed": 3}, lambda s: keras.random.truncated_normal((6,), seed=s)),
    ("truncated_normal", [[4]], {"mean": -2, "stddev": 3, "dtype": "float64", "seed": 3}, lambda s: keras.random.truncated_normal((4,), mean=-2, stddev=3, dtype="float64", seed=s)),
    ("randint", [[6], 0, 10], {"seed": 5}, lambda s: keras.random.randint((6,), 0, 10, seed=s)),
    ("randint", [[2, 2], -5, 5], {"dtype": "int32", "seed": 9}, lambda s: keras.random.randint((2, 2), -5, 5, dtype="int32", seed=s)),
    ("categorical", [LOGITS, 4], {"seed": 9}, lambda s: keras.random.categorical(tf.constant(LOGITS), 4, seed=s)),
    ("dropout", [{"ones": [8]}, 0.5], {"seed": 11}, lambda s: keras.random.dropout(tf.ones([8]), 0.5, seed=s)),
    ("dropout", [{"ones": [3, 4]}, 0.25], {"noiseShape": [None, 4], "seed": 12}, lambda s: keras.random.dropout(tf.ones([3, 4]), 0.25, noise_shape=[None, 4], seed=s)),
    ("shuffle", [{"range": 6}], {"seed": 2}, lambda s: keras.random.shuffle(tf.range(6, dtype=tf.float32), seed=s)),
    ("shuffle", [{"grid": True}], {"axis": 1, "seed": 2}, lambda s: keras.random.shuffle(tf.constant(GRID), axis=1, seed=s)),
    ("gamma", [[4], 2.0], {"seed": 4}, lambda s: keras.random.gamma((4,), alpha=2.0, seed=s)),
    ("binomial", [[4], 10, 0.3], {"seed": 6}, lambda s: keras.random.binomial((4,), counts=10, probabilities=0.3, seed=s)),
    ("beta", [[4], 2.0, 3.0], {"seed": 8}, lambda s: keras.random.beta((4,), alpha=2.0, beta=3.0, seed=s)),
]

cases = []
for name, args, options, call in CASES:
    seed = options["seed"]
    cases.append({"fn": name, "args": args, "options": options, "result": tensor(call(seed))})
    # The same call three times with a SeedGenerator made from the seed: [seed, 0], [seed, 1], ...
    generator = keras.random.SeedGenerator(seed)
    draws = [tensor(call(generator)) for _ in range(3)]
    cases.append({"fn": name, "args": args, "options": {**options, "seed": {"generator": seed}}, "draws": draws, "state": enc(generator.state.numpy())})

def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__ + ": " + str(e).split("\n")[0]
    return None


errors = {
    "randint float dtype": error_of(lambda: keras.random.randint((2,), 0, 3, dtype="float32", seed=1)),
    "dropout rate 1": error_of(lambda: keras.random.dropout(tf.ones([2]), 1.0, seed=1)),
    "seed float": error_of(lambda: keras.random.normal((2,), seed=1.5)),
}

seed_generator = {
    "state_dtype": keras.random.SeedGenerator(1).state.dtype,
    "config": keras.random.SeedGenerator(5).get_config(),
    "bad_seed": None,
}
try:
    keras.random.SeedGenerator(1.5)
except Exception as e:  # noqa: BLE001
    seed_generator["bad_seed"] = type(e).__name__ + ": " + str(e)

# TensorFlow's ops under Keras'.
shuffles = []
for value, seed in ((np.arange(10, dtype=np.int32), [1, 2]), (np.arange(10, dtype=np.int32), [7, 0]), (GRID, [3, 4]), (np.arange(2, dtype=np.float32), [5, 5]), (np.arange(40, dtype=np.float64), [-3, 99])):
    shuffles.append({"value": tensor(tf.constant(value)), "seed": seed, "result": tensor(tf.random.experimental.stateless_shuffle(value, seed=seed))})

dropouts = []
for x, rate, seed, noise in (
    (np.ones([3, 10], np.float32), 2 / 3, [1, 0], [1, 10]),
    (np.ones([3, 5], np.float32), 0.8, [2, 0], None),
    (np.array([np.nan, 1.0, 2.0, np.inf], np.float32), 0.5, [1, 0], None),
    (np.arange(6, dtype=np.float64), 0.3, [4, 2], None),
    (np.arange(4, dtype=np.float32), 0.0, [1, 0], None),
):
    y = tf.nn.experimental.stateless_dropout(tf.constant(x), rate=rate, seed=seed, noise_shape=noise)
    dropouts.append({"x": tensor(tf.constant(x)), "rate": rate, "seed": seed, "noise_shape": noise, "result": tensor(y)})

# tf.nn.dropout drops with where(keep, x * scale, 0): a dropped infinity is 0.
tf.random.set_seed(3)
stateful = tf.nn.dropout(tf.fill([16], float("inf")), 0.5).numpy()

out = {
    "keras": keras.__version__,
    "tensorflow": tf.__version__,
    "cases": cases,
    "seed_generator": seed_generator,
    "errors": errors,
    "stateless_shuffle": shuffles,
    "stateless_dropout": dropouts,
    "dropout_of_infinity": sorted(set(enc(stateful.tolist())), key=str),
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
