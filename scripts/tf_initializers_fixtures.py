"""TensorFlow 2.21's tf.zeros_initializer, ones_initializer, constant_initializer,
random_normal_initializer and random_uniform_initializer (init_ops_v2.py): writes
test/fixtures/tf-initializers.json, read by test/tf-initializers.test.ts. Seeded random
initializers draw with the stateless ops from the seed [seed, 0], so their values are fixtures;
unseeded ones draw from the global generator (their statistics are checked instead).
Run: /tmp/tfvenv/bin/python scripts/tf_initializers_fixtures.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def case(fn):
    try:
        t = fn()
        return {"value": np.asarray(t).tolist(), "dtype": t.dtype.name, "shape": list(t.shape)}
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"error": f"{type(e).__name__}: {e}"}


out = {
    "tensorflow": tf.__version__,
    "zeros": case(lambda: tf.zeros_initializer()([2, 3])),
    "zeros_int32": case(lambda: tf.zeros_initializer()([2], tf.int32)),
    "zeros_bool": case(lambda: tf.zeros_initializer()([2], tf.bool)),
    "ones_float64": case(lambda: tf.ones_initializer()([3], tf.float64)),
    "ones_string": case(lambda: tf.ones_initializer()([3], tf.string)),
    "constant_scalar": case(lambda: tf.constant_initializer(2.5)([2, 2])),
    "constant_list": case(lambda: tf.constant_initializer([1.0, 2.0, 3.0, 4.0])([2, 2])),
    "constant_list_float64": case(lambda: tf.constant_initializer([1.0, 2.0, 3.0, 4.0])([4], tf.float64)),
    "constant_wrong_count": case(lambda: tf.constant_initializer([1.0, 2.0, 3.0])([2, 2])),
    "constant_bad_value": case(lambda: tf.constant_initializer({"a": 1})),
    "normal_seeded": case(lambda: tf.random_normal_initializer(mean=1.0, stddev=2.0, seed=3)([2, 3])),
    "normal_seeded_float64": case(lambda: tf.random_normal_initializer(seed=3)([4], tf.float64)),
    "normal_seed0": case(lambda: tf.random_normal_initializer(seed=0)([3])),
    "normal_int32": case(lambda: tf.random_normal_initializer(seed=1)([2], tf.int32)),
    "uniform_seeded": case(lambda: tf.random_uniform_initializer(minval=-1.0, maxval=2.0, seed=5)([2, 3])),
    "uniform_seeded_float64": case(lambda: tf.random_uniform_initializer(seed=5)([4], tf.float64)),
    "uniform_int32": case(lambda: tf.random_uniform_initializer(minval=0, maxval=10, seed=7)([6], tf.int32)),
    "uniform_bool": case(lambda: tf.random_uniform_initializer(seed=1)([2], tf.bool)),
    "configs": {
        "zeros": tf.zeros_initializer().get_config(),
        "constant": tf.constant_initializer([1, 2]).get_config(),
        "normal": tf.random_normal_initializer(seed=3).get_config(),
        "uniform": tf.random_uniform_initializer(maxval=2.0).get_config(),
    },
    "same_seed_same_values": bool(np.array_equal(tf.random_normal_initializer(seed=9)([5]), tf.random_normal_initializer(seed=9)([5]))),
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "tf-initializers.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
