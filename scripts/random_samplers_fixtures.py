"""TensorFlow's stateless gamma, Poisson and binomial samplers and Generator.binomial / make_seeds
on CPU: writes test/fixtures/random-samplers-tf.json, read by test/random-samplers.test.ts.

Run: /tmp/tfvenv/bin/python scripts/random_samplers_fixtures.py  (TensorFlow 2.21, CPU)

Values are written as JSON numbers (int64 seeds as decimal strings, which JSON numbers would round) (float32 and float64 both round-trip through Python's float
repr), with non-finite values as the strings "NaN", "Infinity", "-Infinity". An error case
records the exception's type and first line. (A NaN lam, or a NaN count with 0 < prob < 1, makes
TensorFlow's kernels loop for ever: not recorded; gradtape refuses them.)
"""
import json
import math
import os
import re

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.set_visible_devices([], "GPU")


def num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def flat(t):
    a = np.asarray(t)
    return [num(x) if a.dtype.kind == "f" else int(x) for x in a.reshape(-1)]


def run(fn):
    try:
        out = fn()
        return {"shape": list(out.shape), "dtype": out.dtype.name, "values": flat(out)}
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"error": f"{type(e).__name__}: {str(e).strip().splitlines()[0]}"}


def seed_tensor(seed):
    # Seeds outside int32 need an int64 tensor.
    dtype = tf.int32 if all(-(2**31) <= s < 2**31 for s in seed) else tf.int64
    return tf.constant(seed, dtype=dtype)


GAMMA = [
    # (name, shape, seed, alpha, beta, dtype)
    ("alpha_half", [10], [1, 2], 0.5, None, "float32"),
    ("alpha_one", [10], [1, 2], 1.0, None, "float32"),
    ("alpha_one_f64", [6], [3, 4], 1.0, None, "float64"),
    ("alpha_3_7", [10], [7, 17], 3.7, None, "float32"),
    ("alpha_3_7_f64", [10], [7, 17], 3.7, None, "float64"),
    ("alpha_0_2_f64", [10], [5, 6], 0.2, None, "float64"),
    ("alpha_tiny", [12], [1, 2], 0.001, None, "float32"),
    ("alpha_tiny_f64", [12], [1, 2], 0.001, None, "float64"),
    ("alpha_huge", [6], [9, 9], 1e4, None, "float32"),
    ("broadcast_vector", [4, 3], [11, 12], [0.3, 1.0, 2.5], [1.0, 2.0, 0.5], "float32"),
    ("broadcast_matrix", [4, 2, 3], [-5, 123456], [[0.7], [4.0]], [1.0, 3.0, 0.25], "float32"),
    ("beta_scalar_f64", [3, 2], [1, 2], [1.5, 0.8], 2.0, "float64"),
    ("alpha_matrix", [2, 3], [1, 2], [[0.5, 1.0, 2.0], [3.0, 0.1, 7.0]], None, "float32"),
    ("int64_seed", [5], [2**40 + 3, -(2**35)], 2.0, None, "float32"),
    ("negative_seed", [5], [-1, -2], 0.9, None, "float32"),
    ("alpha_zero", [4], [1, 2], 0.0, None, "float32"),
    ("alpha_negative", [4], [1, 2], -1.0, None, "float32"),
    ("empty", [0, 3], [1, 2], [1.0, 2.0, 3.0], None, "float32"),
    ("err_shape", [3, 2], [1, 2], [1.0, 2.0, 3.0], None, "float32"),
    ("err_empty_alpha", [3], [1, 2], np.zeros([0], np.float32), None, "float32"),
]

POISSON = [
    # (name, shape, seed, lam, lam dtype, dtype)
    ("lam_half", [12], [1, 2], 0.5, "float32", "int32"),
    ("lam_3", [12], [1, 2], 3.0, "float32", "int32"),
    ("lam_9_99", [8], [3, 4], 9.99, "float32", "int32"),
    ("lam_10", [8], [3, 4], 10.0, "float32", "int32"),
    ("lam_15_f32out", [8], [5, 6], 15.0, "float32", "float32"),
    ("lam_1000_f64", [8], [5, 6], 1000.0, "float64", "float64"),
    ("lam_1e6", [6], [7, 8], 1e6, "float32", "int32"),
    ("lam_1e9", [4], [7, 8], 1e9, "float64", "float64"),
    ("lam_tiny", [10], [1, 2], 1e-4, "float32", "int32"),
    ("lam_zero", [4], [1, 2], 0.0, "float32", "int32"),
    ("lam_negative", [4], [1, 2], -3.0, "float32", "float32"),
    ("lam_int32", [6], [1, 2], 4, "int32", "int32"),
    ("broadcast", [10, 2], [12, 34], [5.0, 15.0], "float32", "int32"),
    ("broadcast_matrix", [5, 3, 1], [12, 34], [[1.0], [3.0], [50.0]], "float32", "float32"),
    ("int64_seed", [4], [2**33, 7], 20.0, "float32", "int32"),
    ("empty", [0, 2], [1, 2], [5.0, 15.0], "float32", "int32"),
    ("err_shape", [3, 2], [1, 2], [1.0, 2.0, 3.0], "float32", "int32"),
]

BINOMIAL = [
    # (name, shape, seed, counts, probs, probs dtype, output dtype)
    ("inversion", [10], [1, 2], 10.0, 0.3, "float32", "int32"),
    ("btrs", [10], [1, 2], 100.0, 0.3, "float32", "int32"),
    ("btrs_q", [10], [3, 4], 100.0, 0.8, "float32", "int32"),
    ("inversion_q", [10], [3, 4], 20.0, 0.9, "float32", "int32"),
    ("half", [8], [5, 6], 7.0, 0.5, "float64", "float64"),
    ("large", [6], [5, 6], 1e6, 0.4, "float64", "float32"),
    ("p_zero", [4], [1, 2], 10.0, 0.0, "float32", "int32"),
    ("p_one", [4], [1, 2], 10.0, 1.0, "float32", "int32"),
    ("count_zero", [4], [1, 2], 0.0, 0.5, "float32", "int32"),
    ("count_negative", [4], [1, 2], -5.0, 0.5, "float32", "float32"),
    ("p_nan", [3], [1, 2], 5.0, float("nan"), "float32", "float32"),
    ("broadcast", [5, 2, 3], [11, 22], [[10.0], [100.0]], [0.2, 0.5, 0.7], "float32", "int32"),
    ("broadcast_counts", [4, 3], [11, 22], [5.0, 50.0, 500.0], 0.1, "float32", "float32"),
    ("noninteger_count", [6], [1, 2], 7.5, 0.4, "float64", "float64"),
    ("count_inf", [2], [1, 2], float("inf"), 0.3, "float32", "float32"),
    ("count_huge", [2], [1, 2], 1e30, 0.3, "float32", "float32"),
    ("int64_seed", [4], [-(2**40), 2**45], 30.0, 0.5, "float32", "int32"),
    ("empty", [0, 3], [1, 2], 10.0, [0.2, 0.5, 0.7], "float32", "int32"),
    ("err_shape", [3, 2], [1, 2], 10.0, [0.2, 0.5, 0.7], "float32", "int32"),
]


def gamma_case(shape, seed, alpha, beta, dtype):
    return run(lambda: tf.random.stateless_gamma(shape, seed_tensor(seed), alpha, beta, dtype=dtype))


def gamma_gradients():
    # d sum(w * sample) / d alpha and / d beta, with TensorFlow's registered gradient.
    cases = {}
    for name, shape, seed, alpha, beta, dtype in [
        ("vector", [4, 3], [11, 12], [0.3, 1.0, 2.5], [1.0, 2.0, 0.5], "float32"),
        ("scalar_f64", [5], [7, 17], 3.7, 2.0, "float64"),
        ("matrix", [4, 2, 3], [-5, 123456], [[0.7], [4.0]], [1.0, 3.0, 0.25], "float32"),
    ]:
        a = tf.Variable(tf.constant(alpha, dtype=dtype))
        b = tf.Variable(tf.constant(beta, dtype=dtype))
        n = int(np.prod(shape))
        w = tf.reshape(tf.cast(tf.range(1, n + 1), dtype) / n, shape)
        with tf.GradientTape() as tape:
            s = tf.random.stateless_gamma(shape, seed, a, b, dtype=dtype)
            loss = tf.reduce_sum(w * s)
        da, db = tape.gradient(loss, [a, b])
        cases[name] = {
            "shape": shape, "seed": seed, "alpha": alpha, "beta": beta, "dtype": dtype,
            "sample": flat(s), "dalpha": flat(da), "dbeta": flat(db),
        }
    return cases


def poisson_case(shape, seed, lam, lam_dtype, dtype):
    return run(lambda: tf.random.stateless_poisson(shape, seed_tensor(seed), tf.constant(lam, dtype=lam_dtype), dtype=dtype))


def binomial_case(shape, seed, counts, probs, probs_dtype, dtype):
    return run(lambda: tf.random.stateless_binomial(
        shape, seed_tensor(seed), tf.constant(counts, dtype=probs_dtype), tf.constant(probs, dtype=probs_dtype), output_dtype=dtype))


def state(g):
    return [int(v) for v in g.state.numpy()]


def generator_binomial():
    out = []
    g = tf.random.Generator.from_seed(1234)
    for shape, counts, probs, dtype in [
        ([5], [10.0, 100.0, 10.0, 100.0, 20.0], [0.3, 0.6, 0.9, 0.2, 0.5], "int32"),
        ([3, 2], [10.0, 200.0], [0.4, 0.7], "int32"),
        ([7], 50.0, 0.25, "float32"),
    ]:
        before = state(g)
        r = g.binomial(shape, tf.constant(counts, tf.float32), tf.constant(probs, tf.float32), dtype=dtype)
        out.append({"shape": shape, "counts": counts, "probs": probs, "dtype": dtype,
                    "before": before, "values": flat(r), "after": state(g)})
    return out


def make_seeds():
    out = []
    for seed, count in [(1234, 1), (1234, 3), (7, 4)]:
        g = tf.random.Generator.from_seed(seed)
        s = g.make_seeds(count)
        entry = {"seed": seed, "count": count, "seeds": [[str(v) for v in row] for row in s.numpy()], "after": state(g)}
        entry["normal_from_first"] = flat(tf.random.stateless_normal([3], s[:, 0]))
        out.append(entry)
    g = tf.random.Generator.from_seed(1234)
    first = g.make_seeds(2)
    second = g.make_seeds(2)
    out.append({"seed": 1234, "count": 2, "twice": [[[str(v) for v in row] for row in t.numpy()] for t in (first, second)], "after": state(g)})
    return out


def spread():
    # Parameters spread on log scales (numpy's default_rng(0)), 100 samples of each of 5.
    rng = np.random.default_rng(0)
    cases = []
    for i in range(3):
        alpha = (10 ** rng.uniform(-2, 3, size=5)).astype(np.float32)
        for dtype in ["float32", "float64"]:
            a = alpha.astype(dtype)
            cases.append({"kind": "gamma", "seed": [i, 7], "dtype": dtype, "alpha": a.tolist(),
                          "values": flat(tf.random.stateless_gamma([100, 5], [i, 7], a, dtype=dtype))})
        lam = (10 ** rng.uniform(-2, 5, size=5)).astype(np.float32)
        cases.append({"kind": "poisson", "seed": [i, 8], "lam": lam.tolist(),
                      "values": flat(tf.random.stateless_poisson([100, 5], [i, 8], lam))})
        counts = np.floor(10 ** rng.uniform(0, 4, size=5)).astype(np.float32)
        probs = rng.uniform(0, 1, size=5).astype(np.float32)
        cases.append({"kind": "binomial", "seed": [i, 9], "counts": counts.tolist(), "probs": probs.tolist(),
                      "values": flat(tf.random.stateless_binomial([100, 5], [i, 9], counts, probs))})
    return cases


out = {
    "tensorflow": tf.__version__,
    "spread": spread(),
    "gamma": {name: {"shape": shape, "seed": seed, "alpha": np.asarray(alpha).tolist(), "beta": beta, "dtype": dtype,
                     **gamma_case(shape, seed, alpha, beta, dtype)}
              for name, shape, seed, alpha, beta, dtype in GAMMA},
    "gamma_gradients": gamma_gradients(),
    "poisson": {name: {"shape": shape, "seed": seed, "lam": lam, "lam_dtype": lam_dtype, "dtype": dtype,
                       **poisson_case(shape, seed, lam, lam_dtype, dtype)}
                for name, shape, seed, lam, lam_dtype, dtype in POISSON},
    "binomial": {name: {"shape": shape, "seed": seed, "counts": num(counts) if isinstance(counts, float) else counts, "probs": num(probs) if isinstance(probs, float) else probs,
                        "probs_dtype": probs_dtype, "dtype": dtype,
                        **binomial_case(shape, seed, counts, probs, probs_dtype, dtype)}
                 for name, shape, seed, counts, probs, probs_dtype, dtype in BINOMIAL},
    "generator_binomial": generator_binomial(),
    "make_seeds": make_seeds(),
}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "random-samplers-tf.json")
text = json.dumps(out, indent=1, allow_nan=False)
# Arrays of numbers (and of the strings for non-finite values) one to a line.
text = re.sub(r'\[[-0-9.eE+,\s"NaInfity]*\]', lambda m: re.sub(r"\s+", "", m.group(0)).replace(",", ", "), text)
with open(path, "w") as f:
    f.write(text + "\n")
print("wrote", os.path.normpath(path))
