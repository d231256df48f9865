"""More keras.ops (corrcoef to associative_scan, adaptive pooling, erfc to cdist, fabs to matrix_rank, isreal to angle, nanquantile to nanmedian, ctc_loss and ctc_decode, array, get_item, extract_sequences, lu_factor, view), run by Keras 3.15.1 on the TensorFlow backend: prints
test/fixtures/keras-ops-2.json, which test/keras-ops.test.ts reads beside keras-ops.json (the same
case format: an op's Keras name and its positional arguments, tensors as {"t": values, "dtype": ...};
what Keras returns, or the error's type; for cases marked `grad`, TensorFlow's gradient of sum(w * y)
over the float results y, w = 1 + (i mod 7) / 10 over y's flat entries, with respect to the float
tensor arguments). associative_scan's function is named ({"fn": "add"}; FNS below, and the test's
twin of it).

Cases the TensorFlow backend refuses though NumPy's function is defined (NUMPY_BACKEND: a 1-D
corrcoef, a 'valid' correlate of a shorter x1, geomspace along another axis), and those where its
answer is wrong (TF_BUGS), are run as Keras' NumPy backend runs them, values only (`backend` says
so, `tfError` keeps the TensorFlow error).

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_ops_2_fixtures.py > test/fixtures/keras-ops-2.json
"""
import json
import math
import os
import sys

os.environ["KERAS_BACKEND"] = "tensorflow"
# TensorFlow's oneDNN kernels give a zero gradient for conv1d's input at correlate's shapes
# ([1, N, 1] by [M, 1, 1]) on this machine's CPU; its own kernels give the right one.
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
import numpy as np
import keras
import tensorflow as tf
from keras import ops


def T(values, dtype="float32"):
    return {"t": values, "dtype": dtype}


def ramp(shape, scale=0.1, offset=0.0):
    n = math.prod(shape)
    flat = [round(((i * 37) % 23 - 11) * scale + offset, 4) for i in range(n)]
    return np.array(flat, dtype="float32").reshape(shape).tolist()


# associative_scan's functions, by name (the test has the same ones).
FNS = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "max": lambda a, b: ops.maximum(a, b),
    # Not associative: shows the order in which Keras combines the elements.
    "affine": lambda a, b: 2 * a + b,
    "pair": lambda a, b: [a[0] + b[0], a[1] * b[1]],
    # A linear recurrence h = a·h + b as an associative pair (x, y) ∘ (u, v) = (x·u, u·y + v).
    "linear": lambda a, b: [a[0] * b[0], b[0] * a[1] + b[1]],
    "dict": lambda a, b: {"s": a["s"] + b["s"], "m": ops.maximum(a["m"], b["m"])},
}

M = [[1.0, -2.0, 3.0], [4.0, 5.5, -6.0]]
MI = [[1, -2, 3], [4, 5, -6]]

cases = []


def case(name, *args, grad=False):
    cases.append({"id": f"{name}/{len([c for c in cases if c['op'] == name])}", "op": name, "args": list(args), "grad": grad})


# corrcoef: rows are variables, columns observations.
case("corrcoef", T([[1.0, 2.0, 4.0], [2.0, 1.0, 0.0], [3.0, 3.0, 3.5]]), grad=True)
case("corrcoef", T(ramp([4, 6])), grad=True)
case("corrcoef", T([[1.0, 2.0, 4.0], [2.0, 1.0, 0.0]], "float64"), grad=True)
case("corrcoef", T(MI, "int32"))
case("corrcoef", T([[True, False, True], [False, False, True]], "bool"))
case("corrcoef", T([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]]))
case("corrcoef", T(3.0))
case("corrcoef", T([1.0, 2.0, 4.0]))

# correlate: the three modes, odd and even lengths, either operand the longer one, dtypes.
case("correlate", T([1.0, 2.0, 3.0, 4.0]), T([0.0, 1.0, 0.5]), grad=True)
case("correlate", T([1.0, 2.0, 3.0, 4.0]), T([0.0, 1.0, 0.5]), "same", grad=True)
case("correlate", T([1.0, 2.0, 3.0, 4.0]), T([0.0, 1.0, 0.5]), "full", grad=True)
case("correlate", T([1.0, 2.0, 3.0, 4.0, 5.0]), T([0.0, 1.0, 0.5, 2.0]), "same", grad=True)
case("correlate", T([1.0, 2.0]), T([0.0, 1.0, 0.5, 2.0]), "full", grad=True)
case("correlate", T([1.0, 2.0]), T([0.0, 1.0, 0.5, 2.0]), "same", grad=True)
case("correlate", T([1.0, 2.0]), T([0.0, 1.0, 0.5, 2.0]), "valid")
case("correlate", T(ramp([9])), T(ramp([4], 0.3)), "full", grad=True)
case("correlate", T([1, 2, 3], "int32"), T([1, 1], "int32"))
case("correlate", T([1.0, 2.0, 3.0], "float64"), T([1.0, -1.0]), "full", grad=True)
case("correlate", T([True, False, True], "bool"), T([2, 3], "int32"), "same")
case("correlate", T([1.0, 2.0, 3.0]), T([1.0, 1.0]), "nope")
case("correlate", T([[1.0, 2.0, 3.0]]), T([1.0, 1.0]))

# diagflat.
case("diagflat", T([[1.0, 2.0], [3.0, 4.0]]), grad=True)
case("diagflat", T([1, 2], "int32"), 1)
case("diagflat", T([1.0, 2.0]), -2, grad=True)
case("diagflat", T([True, False], "bool"))
case("diagflat", T(3.0))
case("diagflat", T([[[1.0, 2.0]], [[3.0, -1.0]]]), 1, grad=True)

# vander.
case("vander", T([1.0, 2.0, 3.0]), grad=True)
case("vander", T([1.0, 2.0, 3.0]), 4, True, grad=True)
case("vander", T([-1.5, 0.5, 2.5, 3.0]), None, False, grad=True)
case("vander", T([1, 2, 3, -2], "int32"))
case("vander", T([7, -3], "int32"), 10, True)
case("vander", T([True, False], "bool"))
case("vander", T([1.5, 2.0], "float64"), 3, False, grad=True)
case("vander", T([1.0, 2.0]), 0)
case("vander", T([0.0, 2.0]), 3)
case("vander", T([[1.0, 2.0]]))
case("vander", T([1.0, 2.0]), -1)

# unravel_index.
case("unravel_index", T([0, 5, 11, 7], "int32"), [3, 4])
case("unravel_index", T([23, 5, 0], "int32"), [2, 3, 4])
case("unravel_index", T([-1, 13], "int32"), [3, 4])
case("unravel_index", T([5.0, 7.0]), [3, 4])
case("unravel_index", [1, 7], [3, 4])
case("unravel_index", 7, [3, 4])
case("unravel_index", T([[0, 5], [11, 7]], "int32"), [3, 4])
case("unravel_index", T([[0, 5], [23, 7]], "int32"), [2, 3, 4])
case("unravel_index", T([1], "int32"), [None, 4])

# geomspace.
case("geomspace", 1, 1000, 4)
case("geomspace", -1, -1000, 4)
case("geomspace", 1.0, 16.0, 4, False)
case("geomspace", 1.0, 16.0, 5, True, "float64")
case("geomspace", 0.5, 3.0, 7)
case("geomspace", T([1.0, 2.0]), T([8.0, 32.0]), 3, grad=True)
case("geomspace", T([1.0, -2.0]), T([8.0, -32.0]), 4, False, grad=True)
case("geomspace", T(2.5), T(40.0), 5, True, "float64", grad=True)
case("geomspace", T([1.0, 2.0]), T([8.0, 32.0]), 3, True, None, 1)
case("geomspace", 0.0, 8.0, 3)
case("geomspace", -1.0, 8.0, 3)
case("geomspace", 2.0, 8.0, 1)
case("geomspace", 2.0, 8.0, 0)
case("geomspace", T(2, "int32"), T(32, "int32"), 5)
case("geomspace", 1, 16, 5, True, "int32")

# signbit.
case("signbit", T([-1.0, -0.0, 0.0, 2.0, float("nan"), float("-inf"), float("inf")]))
case("signbit", T([-1, 0, 3], "int32"))
case("signbit", T([True, False], "bool"))
case("signbit", T([-1e-300, -0.0, 1e300, -1e300, 2.5], "float64"))

# gcd and lcm.
case("gcd", T([12, -18, 0, 0, 7, -4, 35], "int32"), T([18, 12, 5, 0, 0, -6, 21], "int32"))
case("gcd", T([[12], [9]], "int32"), T([8, 6, 3], "int32"))
case("gcd", T([12, 18], "int32"), 4)
case("gcd", T([True, False], "bool"), T([4, 6], "int32"))
case("gcd", T([832040, 1346269], "int32"), T([514229, 832040], "int32"))
case("gcd", T([12.0]), T([8.0]))
case("gcd", T([True, False], "bool"), T([True, True], "bool"))
case("lcm", T([4, -6, 0, 0, 7, 21], "int32"), T([6, 4, 5, 0, 3, -14], "int32"))
case("lcm", T([[4], [3]], "int32"), T([6, 5], "int32"))
case("lcm", T([4, 6], "int32"), 10)
case("lcm", T([4.0]), T([6], "int32"))
case("lcm", T([True, False], "bool"), T([True, True], "bool"))
case("lcm", T([True], "bool"), T([4], "int32"))

# heaviside.
case("heaviside", T([-1.5, 0.0, 2.0, -0.0, float("nan")]), 0.5)
case("heaviside", T([-1.5, 0.0, 2.0, 0.0]), T([0.1, 0.2, 0.3, 0.4]), grad=True)
case("heaviside", T([[-1.0], [0.0], [3.0]]), T([0.25, 0.75]), grad=True)
case("heaviside", T([-1, 0, 2], "int32"), T([5], "int32"))
case("heaviside", T([-1, 0, 2], "int32"), 1)
case("heaviside", T([-1, 0, 2], "int32"), 0.5)
case("heaviside", T([True, False], "bool"), 0.5)
case("heaviside", T([-1.0, 0.0], "float64"), T([0.25]), grad=True)
case("heaviside", T([True, False], "bool"), T([True, True], "bool"))

# ldexp.
case("ldexp", T([1.0, -1.5, 0.0, float("inf"), 3.0, -0.0]), T([2, -1, 5, 1, 200, 3], "int32"), grad=True)
case("ldexp", T([1, 3], "int32"), T([2, -1], "int32"))
case("ldexp", T([1.0, 3.0]), 3, grad=True)
case("ldexp", T([[1.0], [0.75]]), T([0, 1, 2], "int32"), grad=True)
case("ldexp", T([1.0, 3.0], "float64"), T([2, 1], "int32"), grad=True)
case("ldexp", T([True, False], "bool"), T([2, 1], "int32"))
case("ldexp", T([float("nan"), -2.0]), T([2, 2], "int32"))
case("ldexp", T([1.0, 3.0]), T([2.0, 1.0]))
case("ldexp", T([1.0]), T([True], "bool"))

# sparse_sigmoid.
case("sparse_sigmoid", T([-6.0, -1.0, -0.5, 0.0, 0.5, 1.0, 6.0, -0.999]), grad=True)
case("sparse_sigmoid", T(M), grad=True)
case("sparse_sigmoid", T([0.2, -3.0], "float64"), grad=True)
case("sparse_sigmoid", T([-2, -1, 0, 1, 3], "int32"))

# argpartition: the cases where the TensorFlow backend's answer is a partition (the others are
# tested by hand in test/keras-ops-more.test.ts).
case("argpartition", T([3, 4, 2, 1], "int32"), 2)
case("argpartition", T([3, 4, 2, 1], "int32"), 0)
case("argpartition", T([3, 4, 2, 1], "int32"), 3)
case("argpartition", T([3.5, 4.2, 2.7, 1.1, 6.5]), 1)
case("argpartition", T([[3, 4, 2, 1], [1, 7, 0, 5]], "int32"), 1)
case("argpartition", T([[3, 4, 2], [1, 7, 0]], "int32"), 0, 0)
case("argpartition", T([[3, 4, 2], [1, 7, 0]], "int32"), 2, None)
case("argpartition", T([2, 2, 1, 2, 0], "int32"), 2)
case("argpartition", T([True, False, True], "bool"), 1)
case("argpartition", T([9, 3, 7, 1, 8, 2, 6], "int32"), 3)

# saturate_cast: the cases where Keras 3.15's limits hold (test/keras-ops-more.test.ts has the others).
case("saturate_cast", T([-1e10, -3.5, 0.0, 2.7, float("-inf")]), "int32")
case("saturate_cast", T([-2.0, 0.0, 0.5, 1.0, 3.0, float("nan")]), "bool")
case("saturate_cast", T([1e39, -1e39, 1.5, float("inf")], "float64"), "float32", grad=True)
case("saturate_cast", T([-1e10, 3e9, 2147483647.5, 2.5, -2147483648.9], "float64"), "int32")
case("saturate_cast", T([-3, 0, 2], "int32"), "bool")
case("saturate_cast", T([-3, 0, 2], "int32"), "float64")
case("saturate_cast", T([True, False], "bool"), "int32")
case("saturate_cast", T([True, False], "bool"), "float32")
case("saturate_cast", T([1.5, float("inf"), -2.0]), "float64", grad=True)
case("saturate_cast", T([1.5, float("inf"), float("-inf")]), "float32", grad=True)
case("saturate_cast", T([1, -5], "int32"), "int32")

# associative_scan (f named: FNS).
case("associative_scan", {"fn": "add"}, T([1.0, 2.0, 3.0, 4.0, 5.0]), grad=True)
case("associative_scan", {"fn": "add"}, T([1.0, 2.0, 3.0, 4.0, 5.0]), True, grad=True)
case("associative_scan", {"fn": "mul"}, T([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), False, 1, grad=True)
case("associative_scan", {"fn": "mul"}, T(ramp([5, 2], 0.2, 0.1)), False, 0, grad=True)
case("associative_scan", {"fn": "affine"}, T([1.0, 10.0, 100.0, 1000.0, 1e4, 1e5, 1e6]), grad=True)
case("associative_scan", {"fn": "affine"}, T(ramp([12], 0.05)), grad=True)
case("associative_scan", {"fn": "affine"}, T(ramp([9, 2], 0.05)), True, 0, grad=True)
case("associative_scan", {"fn": "affine"}, T(ramp([2, 8], 0.05)), False, -1, grad=True)
case("associative_scan", {"fn": "max"}, T([3, 1, 4, 1, 5, 9, 2, 6], "int32"))
case("associative_scan", {"fn": "pair"}, [T([1.0, 2.0, 3.0]), T([2.0, 3.0, 4.0])], grad=True)
case("associative_scan", {"fn": "linear"}, [T([0.5, 0.9, 1.1, 0.8, 0.7, 1.2]), T([1.0, -1.0, 2.0, 0.5, 0.25, 3.0])], grad=True)
case("associative_scan", {"fn": "dict"}, {"s": T([1.0, 2.0, 3.0, 4.0]), "m": T([2, 7, 1, 8], "int32")})
case("associative_scan", {"fn": "add"}, T([7.0]), grad=True)
case("associative_scan", {"fn": "add"}, T([], "float32"))
case("associative_scan", {"fn": "pair"}, [T([1.0, 2.0, 3.0]), T([2.0, 3.0])])

# unfold and fold (channels-first images).
IMG = ramp([2, 3, 4, 5])
case("unfold", T(IMG), 2, grad=True)
case("unfold", T(IMG), [2, 3], 1, 1, [2, 1], grad=True)
case("unfold", T(IMG), 2, 2, grad=True)
case("unfold", T(IMG), 3, 1, [1, 0], 1, grad=True)
case("unfold", T(IMG), [1, 2], [2, 1], [0, 2], [1, 3], grad=True)
case("unfold", T(np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).tolist(), "int32"), 2)
case("unfold", T(IMG), 5)
case("unfold", T(ramp([3, 4, 5])), 2)
case("fold", T(ramp([2, 12, 12])), [4, 5], 2, grad=True)
case("fold", T(ramp([2, 27, 6])), [4, 5], 3, 1, 1, 2, grad=True)
case("fold", T(ramp([1, 8, 6])), [4, 5], 2, 2, grad=True)
case("fold", T(ramp([1, 12, 12])), [5, 6], [2, 3], 1, [1, 0], [2, 1], grad=True)
case("fold", T(ramp([1, 4, 9])), 4, 2, 1, 1, 2, grad=True)
case("fold", T(np.arange(2 * 12 * 12).reshape(2, 12, 12).tolist(), "int32"), [4, 5], 2)
case("fold", T(ramp([1, 5, 12])), [4, 5], 2)
case("fold", T(ramp([1, 4, 7])), [4, 5], 2)
case("fold", T(ramp([4, 12])), [4, 5], 2)

# adaptive_average_pool and adaptive_max_pool.
SEQ, IM2, VOL = ramp([2, 7, 3]), ramp([2, 5, 7, 2]), ramp([1, 4, 5, 3, 2])
for name in ["adaptive_average_pool", "adaptive_max_pool"]:
    case(name, T(SEQ), 3, grad=True)
    case(name, T(SEQ), [10], grad=True)
    case(name, T(ramp([2, 3, 7])), 2, "channels_first", grad=True)
    case(name, T(IM2), [3, 4], grad=True)
    case(name, T(IM2), 2, grad=True)
    case(name, T(IM2), [8, 3], grad=True)
    case(name, T(ramp([2, 2, 6, 4])), [4, 3], "channels_first", grad=True)
    case(name, T(VOL), [3, 2, 2], grad=True)
    case(name, T(ramp([1, 2, 3, 4, 5])), 2, "channels_first", grad=True)
    case(name, T(np.arange(24).reshape(2, 4, 3).tolist(), "int32"), 3)
    case(name, T([[1.0, 2.0]]), 1)
case("adaptive_max_pool", T([[[True], [False], [False], [True]]], "bool"), 2)
# Ties: the gradient goes to a window's first maximum (MaxPool, 1-D and 2-D), or to each of them (MaxPool3D).
case("adaptive_max_pool", T([[[1.0], [5.0], [5.0], [2.0], [5.0]]]), 2, grad=True)
case("adaptive_max_pool", T(np.array([[1, 5, 5], [5, 2, 5], [0, 5, 1]], "float32").reshape(1, 3, 3, 1).tolist()), 2, grad=True)
case("adaptive_max_pool", T(np.array([1, 5, 5, 2, 5, 5, 0, 5, 3, 3, 5, 1], "float32").reshape(1, 3, 2, 2, 1).tolist()), [2, 1, 2], grad=True)

# erfc, fmod, logaddexp2, sinc, i0, isposinf, isneginf (keras.ops 3.15, TensorFlow backend).
INF, NAN = float("inf"), float("nan")
case("erfc", T([-3.0, -1.0, 0.0, 0.5, 2.0, 6.0]), grad=True)
case("erfc", T([1, -2, 0], "int32"))
case("erfc", T([[0.25, -0.75]], "float64"), grad=True)
case("erfc", T([INF, -INF, NAN]))
case("fmod", T([5.5, -5.5, 5.5, -5.5, 3.0, 0.0]), T([2.0, 2.0, -2.0, -2.0, 1.5, 2.0]), grad=True)
case("fmod", T([7, -7, 7, -7, 0], "int32"), T([3, 3, -3, -3, 5], "int32"))
case("fmod", T([[4.5, -3.25], [1.0, -8.0]]), 2.5, grad=True)
case("fmod", T([7, -9], "int32"), 2.5)
case("fmod", T([True, False, True], "bool"), T([True, True, True], "bool"))
case("fmod", T([2.5, -1.0], "float64"), T([0.75, 0.3]), grad=True)
case("fmod", T([1.0, -1.0]), T([0.0, 0.0]))
case("logaddexp2", T([0.0, 1.0, -3.0, 10.0]), T([0.0, 2.5, 4.0, -20.0]), grad=True)
case("logaddexp2", T([[1.0], [2.0]]), T([0.5, -1.0, 3.0]), grad=True)
case("logaddexp2", T([1, 2], "int32"), T([3, -1], "int32"))
case("logaddexp2", T([1.5, -0.5], "float64"), 2, grad=True)
case("logaddexp2", T([INF, -INF, NAN, INF]), T([1.0, -INF, 0.0, INF]))
case("sinc", T([0.25, -0.5, 1.5, 2.0, -3.3]), grad=True)
case("sinc", T([0.0, 1.0, -1.0, 0.5]))
case("sinc", T([0, 1, -2], "int32"))
case("sinc", T([[0.1, -0.7]], "float64"), grad=True)
case("sinc", T([True, False], "bool"))
case("i0", T([0.0, 0.5, -1.0, 2.5, -4.0, 10.0]), grad=True)
case("i0", T([0, 1, -3], "int32"))
case("i0", T([[0.25], [-2.0]], "float64"), grad=True)
case("i0", T([True, False], "bool"))
case("isposinf", T([INF, -INF, NAN, 1.0, 0.0]))
case("isposinf", T([[INF, 2.0]], "float64"))
case("isposinf", T([1, -2, 0], "int32"))
case("isposinf", T([True, False], "bool"))
case("isneginf", T([INF, -INF, NAN, -1.0, 0.0]))
case("isneginf", T([[-INF], [2.0]], "float64"))
case("isneginf", T([1, -2, 0], "int32"))
case("isneginf", T([True, False], "bool"))

# vsplit, hsplit, dsplit: split along 0, 1 (0 for 1-D) and 2.
case("vsplit", T(ramp([4, 3])), 2, grad=True)
case("vsplit", T(ramp([5, 2])), [1, 3], grad=True)
case("vsplit", T(MI, "int32"), [1])
case("vsplit", T(ramp([3, 2])), 2)
case("hsplit", T(ramp([2, 4])), 2, grad=True)
case("hsplit", T(ramp([6])), 3, grad=True)
case("hsplit", T(ramp([2, 5, 2])), [2, 3], grad=True)
case("hsplit", T(MI, "int32"), [1, 1])
case("hsplit", T(ramp([2, 3])), 2)
case("dsplit", T(ramp([1, 2, 4])), 2, grad=True)
case("dsplit", T(ramp([2, 1, 5])), [1, 4], grad=True)
case("dsplit", T([[[True, False, True]]], "bool"), [2])
case("dsplit", T(ramp([2, 3])), 1)

# depth_to_space, space_to_depth (4-D, channels_last by default).
case("depth_to_space", T(ramp([1, 2, 2, 8])), 2, grad=True)
case("depth_to_space", T(ramp([2, 8, 1, 2])), 2, "channels_first", grad=True)
case("depth_to_space", T(np.arange(2 * 1 * 1 * 9).reshape(2, 1, 1, 9).tolist(), "int32"), 3)
case("depth_to_space", T(ramp([1, 2, 2, 6])), 2)
case("depth_to_space", T(ramp([1, 2, 2, 4])), 1)
case("depth_to_space", T(ramp([2, 2, 4])), 2)
case("space_to_depth", T(ramp([1, 4, 2, 3])), 2, grad=True)
case("space_to_depth", T(ramp([2, 2, 4, 4])), 2, "channels_first", grad=True)
case("space_to_depth", T(np.arange(3 * 3 * 2).reshape(1, 3, 3, 2).tolist(), "int32"), 3)
case("space_to_depth", T(ramp([1, 3, 2, 1])), 2)
case("space_to_depth", T(ramp([1, 2, 2, 1])), 1)

# cdist: Euclidean distances between the rows of x [..., m, d] and y [..., n, d].
case("cdist", T([[0.0, 0.0], [1.0, 1.0], [3.0, -1.0]]), T([[1.0, 0.0], [0.0, 1.5]]), grad=True)
case("cdist", T(ramp([2, 3, 4])), T(ramp([2, 2, 4], 0.2)), grad=True)
case("cdist", T(ramp([2, 1, 3, 2])), T(ramp([4, 2], 0.3)), grad=True)
case("cdist", T([[1, 2], [3, 4]], "int32"), T([[0, 0]], "int32"))
case("cdist", T([[1.0, 2.0]], "float64"), T([[0.5, -1.0]], "float64"), grad=True)
case("cdist", T([1.0, 2.0]), T([[0.5, -1.0]]))
case("cdist", T([[1.0, 2.0]]), T([[0.5, -1.0, 2.0]]))

# fmax, fmin: NaN only where both are NaN.
case("fmax", T([1.0, NAN, NAN, -2.0, 3.0]), T([NAN, 2.0, NAN, -3.0, 3.0]))
case("fmax", T([1.0, -4.0, 2.5, 0.5]), T([0.5, -1.0, 3.0, 2.0]), grad=True)
case("fmax", T([[1, -2], [5, 0]], "int32"), T([0, 3], "int32"))
case("fmax", T([1.0, NAN], "float64"), 0.5)
case("fmax", T([1, 7], "int32"), 2.5)
case("fmax", T([True, False], "bool"), T([False, False], "bool"))
case("fmin", T([1.0, NAN, NAN, -2.0, 3.0]), T([NAN, 2.0, NAN, -3.0, 3.0]))
case("fmin", T([1.0, -4.0, 2.5, 0.5]), T([0.5, -1.0, 3.0, 2.0]), grad=True)
case("fmin", T([[1, -2], [5, 0]], "int32"), T([0, 3], "int32"))
case("fmin", T([1.0, NAN], "float64"), 0.5)
case("fmin", T([True, False], "bool"), T([False, True], "bool"))

# fabs, fliplr, flipud, empty, empty_like.
case("fabs", T([-1.5, 0.0, 2.0, -0.25]), grad=True)
case("fabs", T([-3, 4], "int32"))
case("fabs", T([True, False], "bool"))
case("fabs", T([[-1.0], [2.0]], "float64"), grad=True)
case("fliplr", T(ramp([2, 3])), grad=True)
case("fliplr", T(ramp([2, 2, 2])), grad=True)
case("fliplr", T(MI, "int32"))
case("fliplr", T([1.0, 2.0]))
case("flipud", T(ramp([3, 2])), grad=True)
case("flipud", T([1, 2, 3], "int32"))
case("flipud", T(2.0))
case("empty", [2, 3])
case("empty", [1, 2], "int32")
case("empty", 3, "bool")
case("empty_like", T(ramp([2, 2])))
case("empty_like", T([1, 2], "int32"), "float64")

# nancumsum, nancumprod: NaN as 0 (1), infinities as the largest finite values.
case("nancumsum", T([1.0, NAN, 2.0, -0.5]), grad=True)
case("nancumsum", T([[1.0, NAN], [NAN, 3.0]]), 1, grad=True)
case("nancumsum", T([[1.0, NAN], [INF, 3.0]]), 0)
case("nancumsum", T([1, 2, 3], "int32"), None, "float32")
case("nancumsum", T([True, True, False], "bool"))
case("nancumprod", T([2.0, NAN, 3.0, -0.5]), grad=True)
case("nancumprod", T([[1.5, NAN], [NAN, 3.0]], "float64"), 0, grad=True)
case("nancumprod", T([2, 3, -1], "int32"))
# nanargmax, nanargmin: -1 where every entry is NaN.
case("nanargmax", T([1.0, NAN, 3.0, 2.0]))
case("nanargmax", T([[NAN, NAN], [1.0, NAN], [2.0, 5.0]]), 1)
case("nanargmax", T([[NAN, NAN], [1.0, NAN], [2.0, 5.0]]), 0, True)
case("nanargmax", T([[NAN, 4.0], [1.0, NAN]]), None, True)
case("nanargmax", T([NAN, NAN]))
case("nanargmax", T([[3, 1], [2, 7]], "int32"), 1)
case("nanargmin", T([1.0, NAN, -3.0, 2.0]))
case("nanargmin", T([[NAN, NAN], [1.0, NAN], [2.0, -5.0]], "float64"), 1)
case("nanargmin", T([[3, 1], [2, 7]], "int32"), 0, True)

# segment_prod (num_segments given: without it the count is max(segment_ids) + 1, read from the
# values, which a compiled function cannot do; test/keras-ops-more.test.ts covers that eagerly).
case("segment_prod", T([2.0, 3.0, 4.0, 0.5]), T([0, 0, 1, 3], "int32"), 4, grad=True)
case("segment_prod", T([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), T([1, 0, 1], "int32"), 3, grad=True)
case("segment_prod", T([2, 3, 4], "int32"), T([0, 1, 1], "int32"), 2)

# cholesky_inverse, matrix_rank.
L = np.linalg.cholesky(np.array([[4.0, 2.0, 0.4], [2.0, 3.0, 0.5], [0.4, 0.5, 2.0]])).astype("float32")
case("cholesky_inverse", T(L.tolist()), grad=True)
case("cholesky_inverse", T(L.T.tolist()), True, grad=True)
case("cholesky_inverse", T([[[2.0, 0.0], [1.0, 1.5]], [[1.0, 0.0], [-0.5, 0.5]]], "float64"), grad=True)
case("matrix_rank", T([[1.0, 2.0], [2.0, 4.0]]))
case("matrix_rank", T([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]))
case("matrix_rank", T([[[1.0, 0.0], [0.0, 1e-3]], [[0.0, 0.0], [0.0, 0.0]]]), 0.01)
case("matrix_rank", T([[2.0, 0.0], [0.0, 1.0]], "float64"))

# isreal, real, imag, conj, conjugate, angle on real tensors (gradtape has no complex dtypes).
case("isreal", T([1.0, NAN, INF]))
case("isreal", T([[1, 2]], "int32"))
case("isreal", T([True], "bool"))
case("real", T([1.5, -2.0]), grad=True)
case("real", T([[1, -2]], "int32"))
case("imag", T([1.5, -2.0]), grad=True)
case("imag", T([1.5, -2.0], "float64"))
case("imag", T([[1, -2]], "int32"))
case("conj", T([1.5, -2.0]), grad=True)
case("conj", T([[1, -2]], "int32"))
case("conj", T([True, False], "bool"))
case("conjugate", T([0.5, -1.0], "float64"), grad=True)
case("angle", T([1.5, -2.0, 0.0, -0.0, NAN, -INF]), grad=True)
case("angle", T([[1, -2, 0]], "int32"))
case("angle", T([-1.0], "float64"))
case("angle", T([True, False], "bool"))

# nanquantile, nanpercentile, nanmedian: slices with NaNs, one with nothing else, the methods,
# axes, keepdims, float64, infinities.
NQ = [[1.0, NAN, 3.0, -2.0, 0.5], [NAN, NAN, NAN, NAN, NAN], [4.0, 4.0, NAN, 7.0, -1.5]]
case("nanquantile", T(NQ), 0.3, grad=True)
case("nanquantile", T(NQ), [0.1, 0.5, 0.9], 1, grad=True)
case("nanquantile", T(NQ), 0.75, 0, "linear", True, grad=True)
case("nanquantile", T(NQ), [0.2, 0.6], 1, "lower")
case("nanquantile", T(NQ), [0.2, 0.6], 1, "higher")
case("nanquantile", T(NQ), [0.25, 0.5, 0.6], 1, "nearest")
case("nanquantile", T(NQ), 0.3, 1, "midpoint", True, grad=True)
case("nanquantile", T([[[1.0, NAN], [INF, 2.0]], [[-INF, 0.5], [NAN, 3.0]]], "float64"), [0.0, 0.4, 1.0], [0, 2], grad=True)
case("nanquantile", T(ramp([2, 3, 4])), 0.5, -1, "linear", False, grad=True)
case("nanquantile", T([NAN, 1.0, 2.0]), 0.5, None, "linear", True)
case("nanpercentile", T(NQ), [25.0, 50.0], -1, grad=True)
case("nanpercentile", T(NQ, "float64"), 90.0, 0, "higher")
case("nanmedian", T(NQ), 1, grad=True)
case("nanmedian", T(NQ))
case("nanmedian", T(NQ, "float64"), 0, True, grad=True)

# ctc_loss, ctc_decode (tf.nn's CTC, batch-major; the blank moved last for the beam search).
CTC_LOGITS = ramp([2, 5, 4], 0.3, 0.05)
case("ctc_loss", T([[1, 2, 0], [3, 3, 1]], "int32"), T(CTC_LOGITS), T([2, 3], "int32"), T([5, 4], "int32"), grad=True)
case("ctc_loss", T([[1, 2], [0, 1]], "int32"), T(CTC_LOGITS, "float64"), T([2, 2], "int32"), T([5, 5], "int32"), 3, grad=True)
case("ctc_decode", T(CTC_LOGITS), T([5, 4], "int32"))
case("ctc_decode", T(CTC_LOGITS), T([5, 3], "int32"), "greedy", 100, 1, False)
case("ctc_decode", T(CTC_LOGITS), T([5, 4], "int32"), "beam_search", 4, 2)
case("ctc_decode", T(CTC_LOGITS, "float64"), T([5, 5], "int32"), "beam_search", 3, 3, True, 2)
case("ctc_decode", T(CTC_LOGITS), T([5, 5], "int32"), "greedy", 100, 1, True, None)
case("ctc_decode", T(CTC_LOGITS), T([5, 5], "int32"), "beam_search", 5, 1, True, None)
case("ctc_decode", T(CTC_LOGITS), T([5, 5], "int32"), "greedy", 100, 1, True, -1)
case("ctc_decode", T(CTC_LOGITS), T([5, 5], "int32"), "nope")

# array, get_item (integer keys: JSON has no slices), extract_sequences, lu_factor.
case("array", T(M))
case("array", T(MI, "int32"), "float32")
case("array", T([1.5, -2.0]), "int32")
case("array", T([True, False], "bool"), "float64")
case("get_item", T(M), 1, grad=True)
case("get_item", T(M), -2)
case("get_item", T([[[1, 2]], [[3, 4]]], "int32"), 0)
case("get_item", T(M), 2)
case("extract_sequences", T(ramp([2, 9])), 4, 2, grad=True)
case("extract_sequences", T(ramp([7])), 3, 3, grad=True)
case("extract_sequences", T([1, 2, 3, 4, 5], "int32"), 2, 1)
case("extract_sequences", T(ramp([2, 3, 6]), "float64"), 6, 1, grad=True)
case("lu_factor", T([[0.0, 1.0, 2.0], [3.0, -1.0, 0.5], [1.0, 4.0, -2.0]]))
case("lu_factor", T([[2.0, 1.0], [4.0, 3.0]], "float64"))
case("lu_factor", T([[1.0, 2.0, 3.0]]))

# view (tf.bitcast between float32, int32 and float64, the last dimension scaled).
case("view", T([1.0, -2.0, 0.1]), "int32")
case("view", T([1065353216, -1073741824], "int32"), "float32")
case("view", T([[1.0, 2.5], [-0.1, 3e300]], "float64"), "float32")
case("view", T([[1.0, 2.0, 3.0, 4.0]]), "float64")
case("view", T([[1, 2, 3, 4]], "int32"), "float64")
case("view", T(M))
case("view", T([1, 2, 3], "int32"), "float64")
case("view", T(1.0), "float64")

# Arguments Keras wants as tuples (JSON has only lists): op -> positions.
TUPLE_ARGS = {"unravel_index": [1]}
# The TensorFlow backend's answers that are wrong, run on the NumPy backend instead: id -> why.
TF_BUGS = {
    "unravel_index/5": "for indices that are not 1-D, Keras' TensorFlow unravel_index divides by the axes first to last",
    "unravel_index/6": "for indices that are not 1-D, Keras' TensorFlow unravel_index divides by the axes first to last",
    "unravel_index/7": "for indices that are not 1-D, Keras' TensorFlow unravel_index divides by the axes first to last",
}
# TensorFlow-backend refusals of cases NumPy's function computes (id -> why), and the TF_BUGS, run
# as Keras' NumPy backend runs them (keras/src/backend/numpy/numpy.py: NumPy's function, cast to
# Keras' dtype). That backend itself cannot be imported without JAX, which it imports for its FFTs.
NUMPY_BACKEND = {
    "corrcoef/7": ("a 1-D x is one variable; TensorFlow's matmul wants 2-D operands", lambda x: np.corrcoef(x).astype("float32")),
    "correlate/6": ("'valid' with x1 the shorter; TensorFlow's conv1d wants the filter no longer than the input",
                    lambda a, v, mode: np.correlate(a.astype("float32"), v.astype("float32"), mode)),
    "geomspace/8": ("along axis 1, start's sign does not broadcast against the result in Keras' TensorFlow backend",
                    lambda start, stop, num, endpoint, dtype, axis: np.geomspace(start, stop, num=num, endpoint=endpoint, dtype="float32", axis=axis)),
}
# A list of levels along an axis: the TensorFlow backend's map_fn over the slices fails (its output
# signature has the levels' shape, its quantile gives them another).
NANQUANTILE_LEVELS = "a list of levels along an axis; the TensorFlow backend's map_fn refuses its own quantile's result"
for bug in ["nanquantile/1", "nanquantile/3", "nanquantile/4", "nanquantile/5"]:
    NUMPY_BACKEND[bug] = (NANQUANTILE_LEVELS, lambda x, q, axis, method="linear", keepdims=False:
                          np.nanquantile(x, np.asarray(q, "float32"), axis=axis, method=method, keepdims=keepdims).astype("float32"))
NUMPY_BACKEND["nanpercentile/0"] = (NANQUANTILE_LEVELS, lambda x, q, axis: np.nanpercentile(x, np.asarray(q, "float32"), axis=axis).astype("float32"))


def numpy_unravel_index(indices, shape):
    # (A Python int as TensorFlow converts it, int32: the NumPy backend itself reads its .dtype.)
    indices = np.asarray(indices, dtype=getattr(indices, "dtype", "int32"))
    return tuple(i.astype(indices.dtype) for i in np.unravel_index(indices, shape))


for bug in TF_BUGS:
    NUMPY_BACKEND[bug] = (TF_BUGS[bug], numpy_unravel_index)

def decode_args(c):
    args = [decode(a) for a in c["args"]]
    for i in TUPLE_ARGS.get(c["op"], []):
        if i < len(args) and isinstance(args[i], list):
            args[i] = tuple(args[i])
    return args


def decode(a):
    if isinstance(a, dict) and "t" in a:
        return ops.convert_to_tensor(np.array(a["t"], dtype=a["dtype"]))
    if isinstance(a, dict) and "fn" in a:
        return FNS[a["fn"]]
    if isinstance(a, dict):
        return {k: decode(v) for k, v in a.items()}
    if isinstance(a, list):
        return [decode(x) for x in a]
    return a


def number(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode(y):
    if isinstance(y, dict):
        return {"dict": {k: encode(v) for k, v in y.items()}}
    if isinstance(y, (tuple, list)):
        return {"list": [encode(v) for v in y]}
    if isinstance(y, (int, float, bool, str)) and not hasattr(y, "dtype"):
        return {"python": y}
    a = np.asarray(y)
    dtype = keras.backend.standardize_dtype(a.dtype)
    return {"dtype": dtype, "shape": list(a.shape), "values": [number(v) for v in a.reshape(-1).tolist()]}


def clean(a):
    """Arguments as JSON: infinities and NaN as strings (the test reads them back)."""
    if isinstance(a, list):
        return [clean(v) for v in a]
    if isinstance(a, dict):
        return {k: clean(v) for k, v in a.items()}
    if isinstance(a, float) and (math.isnan(a) or math.isinf(a)):
        return number(a)
    return a


def float_results(y):
    if isinstance(y, dict):
        return [r for k in sorted(y) for r in float_results(y[k])]
    if isinstance(y, (tuple, list)):
        return [r for v in y for r in float_results(v)]
    if tf.is_tensor(y) and y.dtype.is_floating:
        return [y]
    return []


out = {"keras": keras.__version__, "backend": keras.backend.backend(), "cases": []}
for c in cases:
    fn = getattr(ops, c["op"])
    entry = dict(c, args=clean(c["args"]))
    try:
        args = decode_args(c)
        if c["grad"]:
            sources = [a for a in args if tf.is_tensor(a) and a.dtype.is_floating] + [
                t for a in args if isinstance(a, list) for t in a if tf.is_tensor(t) and t.dtype.is_floating]
            with tf.GradientTape() as tape:
                for s in sources:
                    tape.watch(s)
                y = fn(*args)
                loss = tf.constant(0.0, "float32")
                for r in float_results(y):
                    flat = tf.reshape(r, [-1])
                    w = 1.0 + tf.cast(tf.range(tf.size(flat)) % 7, r.dtype) / 10.0
                    loss = loss + tf.cast(tf.reduce_sum(w * flat), "float32")
            grads = tape.gradient(loss, sources)
            entry["gradients"] = [encode(g if g is not None else tf.zeros_like(s)) for g, s in zip(grads, sources)]
        else:
            y = fn(*args)
        entry["result"] = encode(y)
    except Exception as e:  # noqa: BLE001 - Keras refusing the case is the fixture
        entry["error"] = type(e).__name__
    out["cases"].append(entry)

for c in out["cases"]:
    if c["id"] in TF_BUGS:
        c.pop("result", None), c.pop("gradients", None)
        c["error"], c["grad"], c["tfBug"] = "TensorFlowBackendBug", False, TF_BUGS[c["id"]]
for c in out["cases"]:
    if c["id"] in NUMPY_BACKEND:
        args = [np.asarray(a) if tf.is_tensor(a) else a for a in decode_args(c)]
        c["tfError"] = c.pop("error")
        c["result"], c["backend"] = encode(NUMPY_BACKEND[c["id"]][1](*args)), "numpy"

json.dump(out, sys.stdout, separators=(",", ":"), allow_nan=False)
sys.stdout.write("\n")
print(f"{len(out['cases'])} cases, {sum('error' in c for c in out['cases'])} errors, {sum(c.get('backend') == 'numpy' for c in out['cases'])} from the NumPy backend", file=sys.stderr)
