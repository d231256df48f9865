#!/usr/bin/env python3
"""Ground truth for ts/format.ts: NumPy's str()/repr() of float32, float64 and int32 arrays.

Prints a JSON list of {name, values, shape, dtype, str, repr} to stdout:

    python3 scripts/numpy_print_cases.py > test/fixtures/numpy-print.json

* `values` is the flat C-order data. Float values are written as the exact
  double value of the stored element (so float32 data round-trips through
  Math.fround); NaN and infinities are written as the strings "nan", "inf",
  "-inf" because JSON has no literal for them; -0.0 is written as -0.0.
* `str` is str(ndarray) (for 0-d arrays: str of the NumPy scalar, which is what
  TensorFlow's print(tensor) shows).
* `repr` is repr(ndarray) for arrays with ndim >= 1. For 0-d arrays it is the
  scalar text TensorFlow shows after `numpy=` in reprs (`numpy=36.0`,
  `numpy=4.6777573`): this is str() of the NumPy scalar (equal to repr() under
  NumPy 1, which older TF used; NumPy 2 would give "np.float32(36.0)").

Uses the default print options (precision 8, threshold 1000, edgeitems 3,
linewidth 75, floatmode 'maxprec', legacy False). Generated with NumPy 2.4.
"""
import json
import math

import numpy as np

np.set_printoptions()  # defaults

F32, F64, I32 = np.float32, np.float64, np.int32
rng = np.random.default_rng(20240521)

cases = []


def add(name, data, dtype, shape=None):
    a = np.array(data, dtype=dtype)
    if shape is not None:
        a = a.reshape(shape)
    if a.ndim == 0:
        scalar = a[()]
        s = str(scalar)
        r = str(scalar)
    else:
        s = str(a)
        r = repr(a)
    vals = []
    for v in a.ravel().tolist():
        if isinstance(v, float):
            if math.isnan(v):
                vals.append("nan")
            elif math.isinf(v):
                vals.append("inf" if v > 0 else "-inf")
            else:
                vals.append(v)
        else:
            vals.append(int(v))
    cases.append({
        "name": name,
        "values": vals,
        "shape": list(a.shape),
        "dtype": np.dtype(dtype).name,
        "str": s,
        "repr": r,
    })


nan, inf = float("nan"), float("inf")

# --- examples from tf-semantics.md §2.3 ---
add("int 1-D", [1, 2, 3], I32)
add("int scalar", 3, I32)
add("float 1-D whole", [1., 2., 3.], F32)
add("float scalar 6.0", 6.0, F32)
add("2-D float", [[1., 3.], [3., 7.]], F32)
add("tenths", [0.1, 0.2, 0.3], F32)
add("one third f32", [1 / 3], F32)
add("padded columns", [[1.5, -2], [3.25, 4]], F32)
add("scientific small", [1e-5, 1], F32)
add("int 2-D", [[1, 2], [30, 4]], I32)
add("summarised arange 1001", np.arange(1001), F32)
add("variable 2-D", [[1., 2.], [3., 4.]], F32)
add("scalar 36", 36.0, F32)
add("scalar 10", 10.0, F32)
add("scalar 7.2", 7.2, F32)
add("scalar 4.6777573", 4.6777573, F32)

# --- signs, mixed magnitudes ---
add("negatives", [-1.5, 2.25, -3.125], F32)
add("all negative whole", [-1., -2., -3.], F32)
add("mixed 1e-3..1e2", [0.001, 1., 100.], F32)
add("ratio exactly 1000", [1., 1000.], F32)
add("ratio 1001", [1., 1001.], F32)
add("min 1e-4 f32", [1e-4, 0.05], F32)
add("min 1e-4 f64", [1e-4, 0.05], F64)
add("just below 1e-4 f64", [9.9999e-5, 0.05], F64)
add("1e-4 and 1 f32", [1e-4, 1.], F32)
add("zeros", [0., 0., 0.], F32)
add("zero and small", [0., 1e-5], F32)
add("zero and one", [0., 1.], F32)
add("negative zero", [-0., 1.], F32)
add("negative zeros only", [-0., 0.], F32)
add("negative zero scientific", [-0., 1e-7, 1.], F32)
add("negative scientific", [-1e-5, 2.5, -300.], F32)
add("mixed signs 2-D", [[-0.5, 12.25], [100.125, -7.]], F32)
add("rounding to 8 f32", rng.uniform(0.0002, 0.2, 7), F32)
add("random f32 0..10", rng.uniform(0, 10, 12), F32)
add("random normals f32", rng.standard_normal(20), F32)
add("random normals f64", rng.standard_normal(20), F64)
add("random normals 2-D f32", rng.standard_normal((4, 5)), F32)
add("wide-range f32 (scientific)", rng.standard_normal(24) * 10.0 ** rng.uniform(-20, 20, 24), F32)
add("wide-range f64 (scientific)", rng.standard_normal(24) * 10.0 ** rng.uniform(-200, 200, 24), F64)
add("powers of two f32", 2.0 ** np.arange(-30, 31, 3), F32)
add("powers of two f64", 2.0 ** np.arange(-60, 61, 6), F64)
add("rounding tie even f64", [0.001953125, 1.], F64)
add("rounding tie odd f64", [0.005859375, 1.], F64)
add("rounding tie f32", [0.001953125, 1.], F32)
add("carry to whole f64", [0.999999999, 2.], F64)
add("carry 0.100000001 f64", [0.100000001, 1.], F64)
add("sci tie odd f64", [123456789.5], F64)
add("sci tie even f64", [123456788.5], F64)
add("sci rounding carry f64", [9.9999999999e20, 1.], F64)

# --- large numbers: when does NumPy switch to scientific? ---
add("1e5 f32", [1e5], F32)
add("999999 f32", [999999.], F32)
add("1e6 f32", [1e6], F32)
add("123456.78 f32", [123456.78], F32)
add("1e8 f32", [1e8], F32)
add("123456789 f32", [123456789.], F32)
add("1e7 f64", [1e7], F64)
add("99999999 f64", [99999999.], F64)
add("1e8 f64", [1e8], F64)
add("123456789 f64", [123456789.], F64)
add("big and one f32", [1e20, 1.], F32)
add("float32 max", [3.4028235e38, -3.4028235e38], F32)
add("tiny and huge f32", [1e-30, 1e30], F32)
add("subnormal f32", [1e-45, 1.], F32)
add("3-digit exponent f64", [1e-300, 1.], F64)
add("1e100 f64", [1e100, -2.5e-100], F64)

# --- nan / inf ---
add("nan inf", [nan, 1., inf], F32)
add("neg inf", [-inf, 1.5], F32)
add("nan only", [nan], F32)
add("nan -inf", [nan, -inf], F32)
add("inf with scientific", [inf, 1e-5, 3.], F32)
add("nan with fractions", [nan, 0.5, 100000.125], F64)
add("nan wide column", [[nan, 1.], [2., 3.]], F32)
add("inf long fraction", [inf, 0.123456], F32)

# --- float64 ---
add("thirds f64", [1 / 3, 2 / 3], F64)
add("tenths f64", [0.1, 0.2, 0.3], F64)
add("pi e f64", [np.pi, np.e], F64)
add("whole f64", [1., 2., 3.], F64)
add("scientific f64", [1e-5, 1.], F64)
add("2-D f64", [[1.5, -2.], [3.25, 4.]], F64)

# --- 3-D / 4-D ---
add("3-D f32", np.arange(24), F32, (2, 3, 4))
add("3-D int", np.arange(24), I32, (2, 3, 4))
add("3-D negatives", [-1.5, 2., 3.25, -4., 5., 6.5, -7., 8.], F32, (2, 2, 2))
add("4-D int", np.arange(16) - 8, I32, (2, 2, 2, 2))
add("4-D f64", np.arange(16) / 4, F64, (2, 2, 2, 2))
add("3-D single", [5.], F32, (1, 1, 1))

# --- empty ---
for dt in (F32, F64, I32):
    n = np.dtype(dt).name
    add(f"empty (0,) {n}", [], dt, (0,))
    add(f"empty (2, 0) {n}", [], dt, (2, 0))
    add(f"empty (0, 3) {n}", [], dt, (0, 3))

# --- wrapping at 75 characters ---
add("wide row f32", np.arange(30) * 1.1, F32)
add("wide row int", np.arange(40), I32)
add("wide row int big", np.arange(40) * 1000003 - 20000000, I32)
add("wide 2-D f32", rng.standard_normal((3, 15)), F32)
add("wide 3-D f32", rng.uniform(-10, 10, (2, 2, 12)), F32)
add("wide row f64", rng.standard_normal(13), F64)
add("repr dtype wraps", np.arange(13) * 1.5, F32)
for n in range(8, 16):
    add(f"repr near width {n}", np.arange(n) * 10.5, F32)
for n in range(20, 26):
    add(f"int near width {n}", np.arange(n) + 100, I32)

# --- summarisation (> 1000 elements) ---
add("summarised 2-D", np.arange(2000), F32, (40, 50))
add("summarised 3-D", np.arange(1100), F32, (10, 10, 11))
add("summarised int", np.arange(1001), I32)
add("summarised random", rng.standard_normal(1500), F32)
add("summarised f64", np.arange(1200) / 7, F64)
add("summarised short rows", np.arange(1200), I32, (200, 6))
add("summarised long rows", np.arange(1002), F32, (2, 501))
add("not summarised 1000", np.arange(1000), I32)
add("summarised scientific corners", np.concatenate([[1e-9], np.ones(999), [5.]]), F32)
add("summarised middle ignored", np.concatenate([np.ones(500), [1e-9], np.ones(500)]), F32)

# --- int32 ---
add("int negatives", [-1, 20, -300], I32)
add("int extremes", [2147483647, -2147483648], I32)
add("int wraps", np.arange(100), I32)
add("int zero", [0], I32)
add("int negative scalar", -5, I32)

# --- scalars ---
for v in [0.1, 1 / 3, 6.0, 0.0, -0.0, 1e-5, 1e-4, 0.000100000005, 123456.7, 999999.0, 1e6,
          123456789.0, 1e8, 1e16, 1.5e16, 3.4028235e38, 1e-45, nan, inf, -inf, -2.5, 100.0]:
    add(f"scalar f32 {v!r}", v, F32)
for v in [0.1, 1 / 3, 6.0, 0.0, -0.0, 1e-5, 1e-4, 123456789.0, 1e15, 9999999999999998.0,
          1e16, 1.5e16, 1e-300, 5e-324, nan, inf, -inf, 2.5e100]:
    add(f"scalar f64 {v!r}", v, F64)
add("scalar int zero", 0, I32)
add("scalar int min", -2147483648, I32)

print("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]")
