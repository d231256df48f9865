"""TensorFlow 2.21's tf.math.special functions that gradtape ports from Cephes (bessel_j0, j1,
y0, y1, k0, k0e, k1, k1e, dawsn, expint, fresnel_cos, fresnel_sin, spence): values in float32
and float64 on a grid that reaches every branch of each approximation (0, -0, subnormals, small,
medium and large |x|, both sides of each split point, negative x, ±inf, NaN, and a seeded sweep),
first and second derivatives (tf.GradientTape), written to test/fixtures/math-special.json
for test/math-special.test.ts.

Float32 Bessel values are recorded twice: `values` from one tensor holding the whole grid (Eigen
evaluates full packets of 8 with its own vectorized exp, log, sin, cos and an approximate
1/sqrt, and the last few elements with libm), and `scalar` from each point alone (libm only, the
path gradtape's port follows). The other functions have no vectorized form: both are one.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/math_special_fixtures.py
in a venv with TensorFlow 2.21. Float32 values are stored as the doubles they are (exact);
NaN and the infinities as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import os

import numpy as np
import tensorflow as tf
from tf_fixture_helpers import enc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "math-special.json")

S = tf.math.special
FUNCTIONS = {
    "besselJ0": S.bessel_j0, "besselJ1": S.bessel_j1, "besselY0": S.bessel_y0, "besselY1": S.bessel_y1,
    "besselK0": S.bessel_k0, "besselK0e": S.bessel_k0e, "besselK1": S.bessel_k1, "besselK1e": S.bessel_k1e,
    "dawsn": S.dawsn, "expint": S.expint, "fresnelCos": S.fresnel_cos, "fresnelSin": S.fresnel_sin,
    "spence": S.spence,
}
BESSEL = [name for name in FUNCTIONS if name.startswith("bessel")]



def grid(dtype):
    """Split points of every approximation with their neighbours, the ends of the range and a
    seeded log-uniform sweep over [1e-4, 1e4] with random signs."""
    info = np.finfo(dtype)
    split_points = [1e-5, 1e-3, 0.5, 1.0, 1.5, 2.0, 3.25, 4.0, 5.0, 6.25, 8.0, 16.0, 32.0, 64.0, 36974.0, 1e9]
    special = [0.0, float(info.smallest_subnormal), float(info.smallest_normal), 1e-30, 1e-20, 1e-10, 1e-7, 0.01, 0.1,
               0.25, 0.7, 0.9, 1.2, 1.6, 1.9, 2.5, 3.0, 3.5, 4.5, 6.0, 7.0, 10.0, 12.0, 20.0, 25.0, 40.0, 50.0, 80.0, 100.0,
               300.0, 1000.0, 1e5, 1e6, 1e10, 1e20, 1e30, float(info.max),
               2.404825557695773, 3.8317059702075125, 0.8935769662791675, 2.197141326031017]  # zeros of J0, J1, Y0, Y1
    points = list(special)
    for s in split_points:
        s = dtype(s)
        points += [float(np.nextafter(s, dtype(0))), float(s), float(np.nextafter(s, dtype(np.inf)))]
    rng = np.random.default_rng(20261201)
    sweep = 10.0 ** rng.uniform(-4, 4, 64)
    points += [float(v) for v in sweep]
    points = sorted(set(float(dtype(p)) for p in points))
    points = points + [-p for p in points if p != 0.0] + [-0.0, math.inf, -math.inf, math.nan]
    return points


def derivatives(f, x):
    """First and second derivatives of f at each point of x (a tensor), from nested tapes."""
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        first = inner.gradient(y, x)
    second = outer.gradient(first, x)
    return first, second


def main():
    out = {"tf": tf.__version__, "cases": []}
    for dtype_name, dtype in (("float32", np.float32), ("float64", np.float64)):
        points = grid(dtype)
        x = tf.constant(np.array(points, dtype=dtype))
        # Second derivatives on a smaller grid inside each function's domain (finite values).
        for name, f in FUNCTIONS.items():
            case = {"name": name, "dtype": dtype_name, "x": enc(x), "values": enc(f(x))}
            if dtype_name == "float32" and name in BESSEL:
                # One-element tensors, not scalars: eager TensorFlow caches scalar constants by value, so
                # tf.constant(-0.0) would be the cached 0.0.
                case["scalar"] = enc([f(tf.constant(np.array([p], dtype=dtype)))[0] for p in points])
            first, _ = derivatives(f, x)
            case["gradient"] = enc(first)
            out["cases"].append(case)
    # Second derivatives (float64) where every function is smooth: x in (0, 30) away from 0.
    x2 = tf.constant(np.array([0.05, 0.3, 0.9, 1.0, 1.7, 2.5, 4.2, 6.0, 9.5, 17.0, 28.0], dtype=np.float64))
    out["second"] = {"x": enc(x2), "functions": {}}
    for name, f in FUNCTIONS.items():
        first, second = derivatives(f, x2)
        out["second"]["functions"][name] = {"gradient": enc(first), "second": enc(second)}
    # tf.function: the same values as eager (the compiled kernels are the same ones).
    compiled = tf.function(lambda t: [f(t) for f in FUNCTIONS.values()])
    xs = tf.constant(np.array([-3.5, -0.5, 0.0, 0.5, 1.0, 2.5, 7.0, 40.0], dtype=np.float64))
    out["compiled"] = {"x": enc(xs), "values": dict(zip(FUNCTIONS, (enc(v) for v in compiled(xs))))}
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print("wrote", OUT, sum(len(c["x"]) for c in out["cases"]), "values")


if __name__ == "__main__":
    main()
