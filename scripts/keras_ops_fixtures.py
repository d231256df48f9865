"""keras.ops run by Keras 3.15.1 on the TensorFlow backend: writes test/fixtures/keras-ops.json, read
by test/keras-ops.test.ts. Each case is an op's Keras name and its positional arguments (tensors as
{"t": values, "dtype": ...}); the fixture holds what Keras returns (values, dtype, shape, or the
error's type) and, for cases marked `grad`, TensorFlow's gradient of sum(w * y) over the float
results y (w = 1 + (i mod 7) / 10 over y's flat entries) with respect to the float tensor arguments.
Cases the TensorFlow backend refuses for reasons of its own (TensorFlow kernels without int32
versions, ...) are run again on the JAX backend (values only; `backend` says which gave them), and so
are the few cases TF_BUGS lists, where the TensorFlow backend's answer is wrong (`tfError` says so).
Run: /tmp/tfvenv/bin/python scripts/keras_ops_fixtures.py (it calls /tmp/kvenv/bin/python for JAX).
"""
import json
import math
import os

import subprocess
import sys

JAX_MODE = len(sys.argv) > 1 and sys.argv[1] == "--jax"
os.environ["KERAS_BACKEND"] = "jax" if JAX_MODE else "tensorflow"
import numpy as np
import keras
if not JAX_MODE:
    import tensorflow as tf
from keras import ops


def T(values, dtype="float32"):
    return {"t": values, "dtype": dtype}


X = [-2.5, -1.5, -0.5, 0.25, 0.5, 1.5, 2.5, 3.75]
P = [0.1, 0.5, 1.0, 2.0, 3.5]
U = [-0.9, -0.5, 0.1, 0.3, 0.8]
I = [-3, -1, 0, 2, 5]
BOOL = [True, False, True, True, False]
M = [[1.0, -2.0, 3.0], [4.0, 5.5, -6.0]]
MI = [[1, -2, 3], [4, 5, -6]]
SQ = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]
G = [[2.0, -1.0, 0.5], [0.25, 3.0, 1.0], [1.0, 0.5, -2.0]]
C3 = [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[-1.0, 0.5], [2.5, -3.0], [0.0, 7.0]]]

cases = []


def case(name, *args, grad=False, id=None):
    cases.append({"id": id or f"{name}/{len([c for c in cases if c['op'] == name])}", "op": name, "args": list(args), "grad": grad})


# Elementwise, one argument: float32, int32 (Keras' promotion to floats), bool where it matters.
for name, data in [("sqrt", P), ("rsqrt", P), ("exp", X), ("exp2", X), ("expm1", X), ("log", P), ("log2", P), ("log10", P),
                   ("log1p", P), ("sin", X), ("cos", X), ("tan", U), ("arcsin", U), ("arccos", U), ("arctan", X),
                   ("sinh", X), ("cosh", X), ("tanh", X), ("arcsinh", X), ("arccosh", [1.0, 1.5, 2.0, 4.0]), ("arctanh", U),
                   ("deg2rad", X), ("rad2deg", X), ("floor", X), ("ceil", X), ("reciprocal", P), ("erf", X), ("erfinv", U),
                   ("cbrt", X + [-8.0, 27.0]), ("abs", X), ("absolute", X), ("negative", X), ("square", X), ("sign", X), ("trunc", X),
                   ("round", X + [0.5, 1.5, 2.5, -0.5, -1.5]), ("relu", X), ("relu6", X + [7.0]), ("sigmoid", X), ("softplus", X),
                   ("softsign", X), ("silu", X), ("swish", X), ("log_sigmoid", X), ("leaky_relu", X), ("hard_sigmoid", X), ("hard_silu", X),
                   ("hard_swish", X), ("hard_tanh", X), ("elu", X), ("selu", X), ("celu", X), ("gelu", X), ("hard_shrink", X),
                   ("soft_shrink", X), ("tanh_shrink", X), ("squareplus", X), ("sparse_plus", X), ("copy", X)]:
    case(name, T(data), grad=name not in ("floor", "ceil", "sign", "trunc", "round"))
    case(name, T([1, 2, 3] if name in ("arccosh", "sqrt", "rsqrt", "log", "log2", "log10", "reciprocal") else ([0, 0, 0] if name in ("arcsin", "arccos", "arctanh", "erfinv", "tan") else I), "int32"))
for name in ["abs", "negative", "square", "sign", "isnan", "logical_not", "round", "trunc"]:
    case(name, T(BOOL, "bool"))
for name in ["isnan", "isinf", "isfinite"]:
    case(name, T([1.0, float("nan"), float("inf"), float("-inf"), 0.0]))
    case(name, T(I, "int32"))
case("logical_not", T([0.0, 1.5, -2.0]))
case("nan_to_num", T([1.0, float("nan"), float("inf"), float("-inf")]))
case("nan_to_num", T([1.0, float("nan"), float("inf"), float("-inf")]), 5.0, 100.0, -100.0)
case("round", T([1.234, 5.678, -9.8765]), 2)
case("round", T([1234, 5678, -45], "int32"), -2)
case("gelu", T(X), False, grad=True)
case("leaky_relu", T(X), 0.1, grad=True)
case("elu", T(X), 0.5, grad=True)
case("threshold", T(X), 0.5, -1.0)
case("glu", T(M), grad=True)
case("sparsemax", T(M), grad=True)
case("softmax", T(M), grad=True)
case("softmax", T(M), 0, grad=True)
case("log_softmax", T(M), grad=True)
case("softmax", T(MI, "int32"))
case("squareplus", T(X), 1.0, grad=True)

# Elementwise, two arguments: promotion between dtypes and with scalars.
A2, B2 = [1.5, -2.0, 3.0, 0.5, -0.25], [2.0, 4.0, -1.5, 0.75, 3.0]
IA, IB = [7, -7, 3, 0, 5], [2, 3, -2, 4, 3]
for name in ["add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "power", "mod", "floor_divide", "arctan2",
             "hypot", "logaddexp", "divide_no_nan", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]:
    grad = name not in ("mod", "floor_divide", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal")
    a = [abs(v) for v in A2] if name == "power" else A2
    case(name, T(a), T(B2), grad=grad)
    case(name, T(IA, "int32"), T(IB if name != "power" else [2, 3, 0, 1, 2], "int32"))
    case(name, T(IA, "int32"), T(B2))
    case(name, T(a), 2)
    case(name, T(IA, "int32"), 2)
    case(name, T(IA, "int32"), 0.5)
case("add", T(BOOL, "bool"), T([True, True, False, False, False], "bool"))
case("multiply", T(BOOL, "bool"), T(IA, "int32"))
case("maximum", T(BOOL, "bool"), T([True, True, False, False, False], "bool"))
case("divide", T([1.0, 0.0, -1.0]), T([0.0, 0.0, 0.0]))
case("floor_divide", T([7.5, -7.5, 3.0]), T([2.0, 2.0, -2.0]))
case("mod", T([7.5, -7.5, 3.0]), T([2.0, 2.0, -2.0]))
case("add", T(M), T([1.0, 2.0, 3.0]), grad=True)
case("multiply", T(M), T([[2.0], [0.5]]), grad=True)
for name in ["logical_and", "logical_or", "logical_xor"]:
    case(name, T(BOOL, "bool"), T([True, True, False, False, False], "bool"))
    case(name, T([0.0, 1.0, 2.0]), T([1, 0, 3], "int32"))
case("isclose", T([1.0, 1.00001, 2.0, float("nan")]), T([1.0, 1.0, 2.1, float("nan")]))
case("isclose", T([1.0, 1.00001, 2.0, float("nan")]), T([1.0, 1.0, 2.1, float("nan")]), 1e-5, 1e-8, True)
case("allclose", T([1.0, 1.000001]), T([1.0, 1.0]))
case("allclose", T([1.0, 1.1]), T([1.0, 1.0]))
case("nextafter", T([1.0, -1.0, 0.0]), T([2.0, -2.0, -1.0]))
case("clip", T(X), -1.0, 2.0, grad=True)
case("clip", T(I, "int32"), -1, 2)
case("clip", T(BOOL, "bool"), 0, 1)

# Reductions: axis None / int / tuple, keepdims, dtypes.
for name in ["sum", "mean", "max", "min", "amax", "amin", "prod", "std", "var", "logsumexp", "ptp"]:
    g = name not in ("ptp",)
    case(name, T(M), grad=g)
    case(name, T(M), 1, grad=g)
    case(name, T(M), 0, True, grad=g)
    case(name, T(C3), [0, 2], grad=g)
    case(name, T(MI, "int32"))
    case(name, T(MI, "int32"), 1)
for name in ["sum", "mean", "max", "min", "prod", "any", "all"]:
    case(name, T([[True, False], [True, True]], "bool"))
    case(name, T([[True, False], [True, True]], "bool"), 0)
case("max", T(M), None, False, 4.0)
case("min", T(M), 1, False, -3.0)
case("max", T(MI, "int32"), 0, True, 2)
for name in ["any", "all"]:
    case(name, T([[0.0, 1.0], [0.0, 0.0]]), 1)
    case(name, T([[0, 1], [2, 3]], "int32"), None, True)
for name in ["argmax", "argmin"]:
    case(name, T(M))
    case(name, T(M), 0)
    case(name, T(M), 1, True)
    case(name, T(MI, "int32"), None, True)
    case(name, T([[1.0, 3.0, 3.0], [2.0, 2.0, 1.0]]), 1)
for name in ["cumsum", "cumprod"]:
    case(name, T(M), grad=True)
    case(name, T(M), 1, grad=True)
    case(name, T(MI, "int32"), 0)
    case(name, T([True, False, True], "bool"))
case("cumsum", T(MI, "int32"), 1, "float32")
case("count_nonzero", T([[0.0, 1.0, 2.0], [0.0, 0.0, -1.0]]))
case("count_nonzero", T([[0.0, 1.0, 2.0], [0.0, 0.0, -1.0]]), 1)
case("average", T(M), grad=True)
case("average", T(M), 1, T([1.0, 2.0, 3.0]), grad=True)
case("average", T(MI, "int32"), 0, T([1.0, 3.0]))
case("count_nonzero", T(BOOL, "bool"))

# Shapes.
case("reshape", T(M), [3, 2], grad=True)
case("reshape", T(M), [-1], grad=True)
case("transpose", T(C3), grad=True)
case("transpose", T(C3), [1, 0, 2], grad=True)
case("expand_dims", T(M), 1, grad=True)
case("expand_dims", T(M), [0, 3], grad=True)
case("expand_dims", T(M), -1)
case("squeeze", T([[[1.0], [2.0]]]))
case("squeeze", T([[[1.0], [2.0]]]), 0)
case("concatenate", [T(M), T([[7.0, 8.0, 9.0]])], grad=True)
case("concatenate", [T(M), T([[7.0], [8.0]])], 1, grad=True)
case("concatenate", [T(M), T(MI, "int32")])
case("concatenate", [T(M), T([1.0, 2.0])], None)
case("stack", [T([1.0, 2.0]), T([3.0, 4.0])], grad=True)
case("stack", [T([1.0, 2.0]), T([3, 4], "int32")], 1)
case("unstack", T(M), grad=True)
case("unstack", T(M), 3, 1, grad=True)
case("split", T([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 3, grad=True)
case("split", T([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), [1, 4], grad=True)
case("split", T(C3), [1], 1)
case("split", T([1.0, 2.0, 3.0, 4.0, 5.0]), 2)
case("array_split", T([1.0, 2.0, 3.0, 4.0, 5.0]), 3)
case("hstack", [T([1.0, 2.0]), T([3.0])])
case("hstack", [T(M), T([[7.0], [8.0]])])
case("vstack", [T([1.0, 2.0, 3.0]), T(M)])
case("dstack", [T([1.0, 2.0]), T([3.0, 4.0])])
case("append", T(M), T([1.0, 2.0]))
case("append", T(M), T([[1.0, 2.0, 3.0]]), 0)
case("tile", T([1.0, 2.0]), 2, grad=True)
case("tile", T([1.0, 2.0]), [2, 3], grad=True)
case("tile", T(M), [2], grad=True)
case("repeat", T(M), 2, grad=True)
case("repeat", T(M), 2, 1, grad=True)
case("repeat", T(M), [1, 3], 0, grad=True)
case("pad", T(M), 1, grad=True)
case("pad", T(M), [[1, 0], [0, 2]], grad=True)
case("pad", T(M), [[1, 1], [2, 2]], "reflect", grad=True)
case("pad", T(M), [[1, 1], [2, 2]], "symmetric", grad=True)
case("pad", T(MI, "int32"), [[0, 1], [1, 0]], "constant", 9)
case("pad", T(M), [[1, 1], [1, 2]], "edge", grad=True)
case("pad", T(M), [[1, 2], [4, 1]], "wrap", grad=True)
case("pad", T(M), [[0, 0], [1, 1]], "median")
case("flip", T(M), grad=True)
case("flip", T(M), 1, grad=True)
case("roll", T(M), 2, grad=True)
case("roll", T(M), -1, 1, grad=True)
case("broadcast_to", T([1.0, 2.0, 3.0]), [2, 3], grad=True)
case("swapaxes", T(C3), 0, 2, grad=True)
case("moveaxis", T(C3), 0, -1, grad=True)
case("moveaxis", T(C3), [0, 1], [2, 0])
case("ravel", T(M), grad=True)
case("take", T(M), T([0, 2, -1], "int32"), grad=True)
case("take", T(M), T([0, 2, -1], "int32"), 1, grad=True)
case("take", T(M), T([[1, 0]], "int32"), 0, grad=True)
case("take_along_axis", T(M), T([[0, 2], [1, 1]], "int32"), 1, grad=True)
case("take_along_axis", T(M), T([[1, 0, 1]], "int32"), 0, grad=True)
case("take_along_axis", T(M), T([5, 0], "int32"))
case("where", T(BOOL, "bool"), T(X[:5]), T(A2), grad=True)
case("where", T([[True], [False]], "bool"), T(M), 0.0, grad=True)
case("where", T(BOOL, "bool"), T(IA, "int32"), T(A2))
case("where", T([[True, False, True], [False, False, True]], "bool"))
case("nonzero", T([[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]]))
case("select", [T([True, False, False], "bool"), T([False, True, False], "bool")], [T([1.0, 2.0, 3.0]), T([4.0, 5.0, 6.0])], -1.0)
case("diff", T([1.0, 4.0, 9.0, 16.0]), grad=True)
case("diff", T(M), 2, 1)
case("diff", T(M), 1, 0)
case("slice", T(M), [0, 1], [2, 2], grad=True)
case("slice_update", T(M), [1, 1], T([[10.0, 20.0]]), grad=True)
case("scatter", T([[0], [2], [0]], "int32"), T([1.0, 2.0, 3.0]), [4], grad=True)
case("scatter_update", T(M), T([[0, 0], [1, 2]], "int32"), T([10.0, 20.0]), grad=True)
case("segment_sum", T([1.0, 2.0, 3.0, 4.0]), T([0, 0, 1, 3], "int32"), grad=True)
case("segment_sum", T([1.0, 2.0, 3.0, 4.0]), T([0, 0, 1, 1], "int32"), 3)
case("segment_max", T([1.0, 5.0, 3.0, 4.0]), T([0, 0, 1, 1], "int32"), 2, grad=True)

# Matrices.
case("matmul", T(M), T(G), grad=True)
case("matmul", T([1.0, 2.0, 3.0]), T(G), grad=True)
case("matmul", T(G), T([1.0, 2.0, 3.0]), grad=True)
case("matmul", T([1.0, 2.0, 3.0]), T([1.0, 2.0, 3.0]), grad=True)
case("matmul", T(C3), T([[1.0, 2.0], [3.0, -1.0]]), grad=True)
case("matmul", T(MI, "int32"), T([[1, 0], [2, 1], [0, 3]], "int32"))
case("matmul", T(MI, "int32"), T(G))
case("dot", T(M), T(G), grad=True)
case("dot", T([1.0, 2.0, 3.0]), T([4.0, 5.0, 6.0]), grad=True)
case("dot", T(M), T([1.0, 2.0, 3.0]), grad=True)
case("dot", T(M), 2.0, grad=True)
case("dot", T(C3), T([[1.0, 2.0, 0.0], [3.0, -1.0, 1.0]]), grad=True)
case("tensordot", T(C3), T([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]), 2, grad=True)
case("tensordot", T(M), T(G), [[1], [0]], grad=True)
case("tensordot", T(M), T(G), 1, grad=True)
case("inner", T(M), T([[1.0, 0.0, 2.0]]), grad=True)
case("outer", T([1.0, 2.0]), T([3.0, 4.0, 5.0]), grad=True)
case("vdot", T(M), T(M), grad=True)
case("einsum", "ij,jk->ik", T(M), T(G), grad=True)
case("einsum", "bij->bji", T(C3), grad=True)
case("einsum", "ii->i", T(G), grad=True)
case("einsum", "ij,ij->", T(M), T(MI, "int32"))
case("cross", T([[1.0, 2.0, 3.0]]), T([[4.0, 5.0, 6.0]]), grad=True)
case("tril", T(G), grad=True)
case("tril", T(G), -1)
case("triu", T(G), grad=True)
case("triu", T(M), 1)
case("tril", T(C3), 0)
case("diag", T([1.0, 2.0, 3.0]), grad=True)
case("diag", T([1.0, 2.0]), 1)
case("diag", T([1.0, 2.0]), -2)
case("diag", T(G), 1, grad=True)
case("diag", T(M), -1)
case("diagonal", T(C3), grad=True)
case("diagonal", T(C3), 1, 1, 2)
case("diagonal", T(G), -1)
case("trace", T(G), grad=True)
case("trace", T(MI, "int32"), 1)

# Creation.
case("arange", 5)
case("arange", 1, 7, 2)
case("arange", 0.5, 3)
case("arange", 0, 1, 0.25)
case("arange", 5, None, None, "float32")
case("arange", 10, 0, -3)
case("linspace", 0.0, 1.0, 5)
case("linspace", 0.0, 1.0, 4, False)
case("linspace", 2, 3, 3)
case("linspace", 0.0, 1.0, 5, True, True)
case("linspace", T([0.0, 1.0]), T([1.0, 3.0]), 3, True, False, None, 1)
case("logspace", 0.0, 2.0, 3)
case("logspace", 0.0, 3.0, 4, True, 2)
case("eye", 3)
case("eye", 2, 3, 1)
case("eye", 3, None, -1, "int32")
case("identity", 2)
case("identity", 2, "bool")
case("tri", 3)
case("tri", 2, 4, 1, "int32")
case("zeros", [2, 3])
case("ones", 3, "int32")
case("full", [2], 7.5)
case("full", [2, 2], 3, "int32")
case("zeros_like", T(MI, "int32"))
case("ones_like", T(M), "bool")
case("full_like", T(M), 2.0)
case("full_like", T(MI, "int32"), 4)
case("meshgrid", T([1.0, 2.0, 3.0]), T([4.0, 5.0]))

# Sorting and searching.
case("sort", T([[3.0, 1.0, 2.0], [-1.0, 5.0, 0.0]]), grad=True)
case("sort", T([[3.0, 1.0, 2.0], [-1.0, 5.0, 0.0]]), 0, grad=True)
case("sort", T([[3, 1, 2], [-1, 5, 0]], "int32"))
case("argsort", T([[3.0, 1.0, 2.0], [-1.0, 5.0, 0.0]]))
case("argsort", T([[3.0, 1.0, 2.0], [-1.0, 5.0, 0.0]]), 0)
case("argsort", T([3.0, 1.0, 1.0, 2.0, 1.0]))
case("top_k", T([[3.0, 1.0, 2.0, 7.0], [-1.0, 5.0, 0.0, 2.0]]), 2, grad=True)
case("top_k", T([3, 1, 2, 7], "int32"), 3)
case("in_top_k", T([2, 0], "int32"), T([[0.1, 0.5, 0.4], [0.3, 0.2, 0.5]]), 2)
case("searchsorted", T([1.0, 2.0, 3.0, 3.0, 5.0]), T([0.0, 3.0, 4.0, 6.0]))
case("searchsorted", T([1.0, 2.0, 3.0, 3.0, 5.0]), T([0.0, 3.0, 4.0, 6.0]), "right")
case("digitize", T([0.5, 1.0, 2.5, 4.0, -1.0]), T([0.0, 1.0, 2.0, 3.0]))
case("one_hot", T([0, 2, 1, 5], "int32"), 3)
case("one_hot", T([[0, 2], [1, 1]], "int32"), 3, 1)
case("one_hot", T([0, 2], "int32"), 3, -1, "int32")
case("multi_hot", T([[0, 2], [1, 1]], "int32"), 4)
case("multi_hot", T([0, 3], "int32"), 4)

# Convolutions, pooling and attention (deterministic data from a small generator).
def ramp(shape, scale=0.1, offset=0.0):
    n = math.prod(shape)
    flat = [round(((i * 37) % 23 - 11) * scale + offset, 4) for i in range(n)]
    return np.array(flat, dtype="float32").reshape(shape).tolist()


IMG = ramp([2, 5, 5, 3])
SEQ = ramp([2, 7, 3])
VOL = ramp([1, 4, 4, 4, 2])
case("conv", T(SEQ), T(ramp([3, 3, 2], 0.05)), grad=True)
case("conv", T(SEQ), T(ramp([3, 3, 2], 0.05)), 2, "same", grad=True)
case("conv", T(SEQ), T(ramp([2, 3, 4], 0.05)), 1, "valid", "channels_last", 2, grad=True)
case("conv", T(IMG), T(ramp([3, 3, 3, 2], 0.05)), grad=True)
case("conv", T(IMG), T(ramp([2, 3, 3, 4], 0.05)), [2, 1], "same", grad=True)
case("conv", T(IMG), T(ramp([3, 2, 3, 2], 0.05)), 1, "same", None, [2, 1], grad=True)
case("conv", T(ramp([2, 3, 5, 5])), T(ramp([3, 3, 3, 2], 0.05)), 1, "valid", "channels_first", grad=True)
case("conv", T(VOL), T(ramp([2, 2, 2, 2, 3], 0.05)), 1, "same", grad=True)
case("depthwise_conv", T(IMG), T(ramp([3, 3, 3, 2], 0.05)), grad=True)
case("depthwise_conv", T(IMG), T(ramp([2, 2, 3, 1], 0.05)), 2, "same", grad=True)
case("depthwise_conv", T(IMG), T(ramp([2, 2, 3, 1], 0.05)), 1, "valid", None, 2, grad=True)
case("depthwise_conv", T(SEQ), T(ramp([3, 3, 2], 0.05)), 1, "same", grad=True)
case("depthwise_conv", T(ramp([2, 3, 5, 5])), T(ramp([2, 2, 3, 2], 0.05)), 1, "valid", "channels_first", grad=True)
case("separable_conv", T(IMG), T(ramp([3, 3, 3, 2], 0.05)), T(ramp([1, 1, 6, 4], 0.05)), grad=True)
case("separable_conv", T(IMG), T(ramp([2, 2, 3, 1], 0.05)), T(ramp([1, 1, 3, 2], 0.05)), 2, "same", grad=True)
case("separable_conv", T(SEQ), T(ramp([3, 3, 2], 0.05)), T(ramp([1, 6, 2], 0.05)), 1, "valid", None, 2, grad=True)
case("conv_transpose", T(SEQ), T(ramp([3, 2, 3], 0.05)), 2, grad=True)
case("conv_transpose", T(SEQ), T(ramp([3, 2, 3], 0.05)), 2, "same", grad=True)
case("conv_transpose", T(IMG), T(ramp([3, 3, 4, 3], 0.05)), 2, "valid", 1, grad=True)
case("conv_transpose", T(IMG), T(ramp([2, 3, 2, 3], 0.05)), [2, 1], "same", None, grad=True)
case("conv_transpose", T(IMG), T(ramp([3, 3, 2, 3], 0.05)), 1, "valid", None, None, 2, grad=True)
case("conv_transpose", T(ramp([2, 3, 5, 5])), T(ramp([2, 2, 2, 3], 0.05)), 2, "same", None, "channels_first", grad=True)
case("max_pool", T(IMG), 2, grad=True)
case("max_pool", T(IMG), 3, 2, "same", grad=True)
case("max_pool", T(SEQ), 2, 1, grad=True)
case("max_pool", T(IMG), [2, 3], [1, 2], "valid", grad=True)
case("max_pool", T(ramp([2, 3, 5, 5])), 2, None, "same", "channels_first", grad=True)
case("max_pool", T(VOL), 2, grad=True)
case("average_pool", T(IMG), 2, grad=True)
case("average_pool", T(IMG), 3, 2, "same", grad=True)
case("average_pool", T(SEQ), 3, 2, "same", grad=True)
case("average_pool", T(ramp([2, 3, 5, 5])), [2, 3], None, "valid", "channels_first", grad=True)
case("average_pool", T(VOL), 2, 1, "same", grad=True)
QA, KA, VA = ramp([2, 3, 2, 4]), ramp([2, 5, 2, 4], 0.07), ramp([2, 5, 2, 4], 0.09, 0.1)
case("dot_product_attention", T(QA), T(KA), T(VA), grad=True)
case("dot_product_attention", T(QA), T(KA), T(VA), T(ramp([2, 2, 3, 5], 0.03)), grad=True)
case("dot_product_attention", T(QA), T(KA), T(VA), None, T([[[[True, True, False, True, False]]]], "bool"), grad=True)
case("dot_product_attention", T(QA), T(KA), T(VA), None, None, 0.7, grad=True)
case("dot_product_attention", T(ramp([2, 5, 2, 4])), T(KA), T(VA), None, None, None, True, grad=True)
case("dot_product_attention", T(ramp([2, 5, 2, 4])), T(KA), T(VA), T(ramp([1, 1, 5, 5], 0.03)), T((np.array(ramp([2, 1, 5, 5], 1.0, 0.5)) > 0).tolist(), "bool"), None, True, grad=True)
case("dot_product_attention", T(ramp([1, 3, 4, 2])), T(ramp([1, 3, 2, 2], 0.07)), T(ramp([1, 3, 2, 2], 0.09)), grad=True)
case("dot_product_attention", T(ramp([1, 3, 4, 2])), T(ramp([1, 3, 1, 2], 0.07)), T(ramp([1, 3, 1, 2], 0.09)), grad=True)

# Order statistics, NaN-skipping reductions, histograms.
QX = [[3.0, -1.0, 2.5, 7.0], [0.5, 4.0, -2.0, 1.0], [6.0, 6.0, -3.5, 2.0]]
NANX = [[1.0, float("nan"), 3.0], [float("nan"), float("nan"), float("nan")], [-2.0, 5.0, 0.5]]
case("median", T(QX), grad=True)
case("median", T(QX), 1, grad=True)
case("median", T(QX), 0, True, grad=True)
case("median", T(MI, "int32"))
case("median", T(C3), [0, 2], grad=True)
case("median", T(NANX), 1)
case("quantile", T(QX), 0.3, grad=True)
case("quantile", T(QX), [0.0, 0.25, 0.9, 1.0], 1, grad=True)
case("quantile", T(QX), [0.1, 0.5], None, "linear", True)
case("quantile", T(QX), [0.1, 0.5], 0, "linear", True)
for method in ["lower", "higher", "nearest", "midpoint"]:
    case("quantile", T(QX), [0.2, 0.5, 0.7], 1, method)
case("quantile", T(MI, "int32"), 0.5, 0)
case("percentile", T(QX), 40.0, grad=True)
case("percentile", T(QX), [10.0, 50.0, 95.0], 0, grad=True)
case("percentile", T(NANX), 50.0, 1)
for name in ["nansum", "nanmean", "nanmax", "nanmin", "nanprod", "nanvar", "nanstd"]:
    case(name, T(NANX))
    case(name, T(NANX), 1)
    case(name, T(NANX), 0, True)
    case(name, T(QX), 1, grad=True)
    case(name, T(MI, "int32"), 0)
case("nansum", T([[True, False], [True, True]], "bool"), 0)
case("nanmax", T([[True, False], [False, False]], "bool"), 1)
case("histogram", T([0.5, 1.0, 2.5, 3.0, 4.5, 4.9, 5.0, -1.0]))
case("histogram", T([0.5, 1.0, 2.5, 3.0, 4.5, 4.9, 5.0, -1.0]), 4, [0.0, 4.0])
case("bincount", T([1, 1, 3, 0, 5], "int32"))
case("bincount", T([1, 1, 3, 0], "int32"), T([0.5, 1.0, 2.0, -1.0]))
case("bincount", T([1, 1, 3], "int32"), None, 6)
case("bincount", T([1, 1, 3], "int32"), T([2, 3, 4], "int32"), 5)
case("bincount", T([[1, 1, 3], [0, 2, 2]], "int32"))
case("bincount", T([[1, 1, 3], [0, 2, 2]], "int32"), T([[0.5, 1.0, 2.0], [1.0, 2.0, 3.0]]))

# NumPy array functions.
case("kron", T([[1.0, 2.0], [3.0, 4.0]]), T([[0.0, 1.0, 2.0], [1.0, -1.0, 0.5]]), grad=True)
case("kron", T([1.0, 2.0, 3.0]), T([[1.0], [-2.0]]), grad=True)
case("kron", T(MI, "int32"), T([1, 10], "int32"))
case("kron", T(C3), T([[1.0, 2.0]]), grad=True)
case("isin", T([[1, 2, 3], [4, 5, 6]], "int32"), T([2, 5, 7, 2], "int32"))
case("isin", T([[1, 2, 3], [4, 5, 6]], "int32"), T([2, 5, 7], "int32"), False, True)
case("isin", T([1.0, 2.5, 3.0]), T([3, 1], "int32"))
case("rot90", T(M), grad=True)
case("rot90", T(M), 2, grad=True)
case("rot90", T(M), 3, grad=True)
case("rot90", T(M), -1)
case("rot90", T(C3), 1, [1, 2], grad=True)
case("rot90", T(C3), 1, [2, 0], grad=True)
case("rot90", T(MI, "int32"), 4)
case("trapezoid", T([1.0, 2.0, 4.0, 7.0]), grad=True)
case("trapezoid", T(M), None, 0.5, grad=True)
case("trapezoid", T(M), T([0.0, 1.0, 3.0]), grad=True)
case("trapezoid", T(M), T([[0.0], [2.0]]), 1.0, 0, grad=True)
case("trapezoid", T(MI, "int32"))
case("unique", T([3.0, 1.0, 3.0, 2.0, 1.0, 5.0]))
case("unique", T([[3, 1, 3], [2, 1, 5]], "int32"), True, True, True, True)
case("unique", T([3.0, 1.0, 3.0, 2.0, 1.0, 5.0]), False, True, True, True)
case("unique", T([3, 1, 3, 2], "int32"), True, False, False, True, None, 5, -1)
case("unique", T([3, 1, 3, 2, 7, 9], "int32"), True, True, False, False, None, 2)
case("segment_min", T([1.0, 5.0, 3.0, 4.0]), T([0, 0, 1, 1], "int32"), 2, grad=True)
case("segment_min", T([[1.0, 5.0], [3.0, -4.0], [0.5, 2.0]]), T([0, 2, 2], "int32"), 3, grad=True)
for name in ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "left_shift", "right_shift"]:
    shift = "shift" in name
    case(name, T([12, -7, 5, 0, 255], "int32"), T([1, 2, 3, 4, 5] if shift else [10, 3, -1, 7, 15], "int32"))
    case(name, T([12, -7, 5], "int32"), 2)
for name in ["bitwise_not", "bitwise_invert"]:
    case(name, T([12, -7, 0], "int32"))

# nn losses and normalization.
TGT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
PRB = [[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]
LOG = [[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]]
case("binary_crossentropy", T(TGT), T(PRB), grad=True)
case("binary_crossentropy", T(TGT), T(LOG), True, grad=True)
case("binary_crossentropy", T([[0.0, 1.0]]), T([[0.0, 1.0]]))
case("categorical_crossentropy", T(TGT), T(PRB), grad=True)
case("categorical_crossentropy", T(TGT), T(LOG), True, grad=True)
case("categorical_crossentropy", T([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]), T([[0.2, 0.6], [0.3, 0.1], [0.1, 0.3]]), False, 0, grad=True)
case("sparse_categorical_crossentropy", T([1, 0], "int32"), T(PRB), grad=True)
case("sparse_categorical_crossentropy", T([1, 2], "int32"), T(LOG), True, grad=True)
case("moments", T(M), [0], grad=True)
case("moments", T(C3), [0, 1], True, grad=True)
case("normalize", T(M), grad=True)
case("normalize", T(M), 0, grad=True)
case("normalize", T(M), -1, 1, grad=True)
case("normalize", T([[0.0, 0.0]]))
case("batch_normalization", T(M), T([0.5, 1.0, -1.0]), T([1.0, 4.0, 0.25]), -1, T([0.1, 0.2, 0.3]), T([2.0, 1.0, 0.5]), grad=True)
case("batch_normalization", T(M), T([0.5, 1.0]), T([1.0, 4.0]), 0, grad=True)
case("rms_normalization", T(M), T([1.0, 2.0, 0.5]), grad=True)
case("layer_normalization", T(M), T([1.0, 2.0, 0.5]), T([0.0, 1.0, 0.0]), grad=True)
case("psnr", T(M), T([[1.5, -2.0, 2.0], [4.0, 5.0, -6.5]]), 10.0)

# Linear algebra.
case("cholesky", T(SQ), grad=True)
case("cholesky", T(SQ), True)
case("det", T(G), grad=True)
case("inv", T(G), grad=True)
case("logdet", T(SQ), grad=True)
case("slogdet", T(G), grad=True)
case("solve", T(G), T([[1.0], [2.0], [3.0]]), grad=True)
case("solve", T(G), T([1.0, 2.0, 3.0]), grad=True)
case("solve_triangular", T([[2.0, 0.0], [1.0, 4.0]]), T([[2.0], [6.0]]), True, grad=True)
case("solve_triangular", T([[2.0, 1.0], [0.0, 4.0]]), T([[2.0], [4.0]]), grad=True)
case("eigh", T(SQ))
case("qr", T(G), grad=True)
case("qr", T([[1.0, 2.0], [3.0, 4.0], [5.0, -6.0]]), "complete")
case("svd", T(M), False, False, grad=True)
case("lstsq", T([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]), T([1.0, 2.0, 2.0]), grad=True)
case("pinv", T(M), grad=True)
case("norm", T(M), grad=True)
case("norm", T(M), None, 1, grad=True)
case("norm", T(M), 1, 1)
case("norm", T(M), float("inf"), 1)
case("norm", T(M), 3, 0, True)
case("norm", T(M), 0, 1)
case("norm", T(G), "fro")
case("norm", T(G), 1)
case("norm", T(G), -1)
case("norm", T(G), float("inf"))
case("norm", T(G), 2)
case("norm", T(G), "nuc")
case("norm", T(C3), 2, [1, 2])
case("norm", T([3, 4], "int32"))

# Core.
case("cast", T(X), "int32")
case("cast", T([0.0, 2.0]), "bool")
case("cast", T(I, "int32"), "float32", grad=False)
case("convert_to_tensor", T(M))
case("convert_to_tensor", T(MI, "int32"), "float32")
case("stop_gradient", T(M))
case("size", T(C3))
case("ndim", T(C3))
case("shape", T(C3))
case("dtype", T(MI, "int32"))
case("convert_to_numpy", T(MI, "int32"))

# Window functions (lengths as Python ints and as an int32 scalar tensor).
for name in ["hamming", "hanning", "bartlett", "blackman"]:
    for n in [0, 1, 2, 5, 8, 11]:
        case(name, n)
    case(name, T(6, "int32"))
for n in [0, 1, 2, 5, 8]:
    case("kaiser", n, 14.0)
case("kaiser", 7, 0.5)
case("kaiser", T(6, "int32"), 5.0)

CAMEL_EXCEPTIONS = {}
# Arguments Keras wants as tuples (JSON has only lists): op -> positions.
TUPLE_ARGS = {"histogram": [2]}


# Cases the TensorFlow backend gets wrong, run on JAX instead: op id -> why.
TF_BUGS = {"rot90/1": "Keras' TensorFlow rot90 with k = 2 reshapes its [.., w, h] intermediate to [.., h, w]"}


def decode_args(c):
    args = [decode(a) for a in c["args"]]
    for i in TUPLE_ARGS.get(c["op"], []):
        if i < len(args) and isinstance(args[i], list):
            args[i] = tuple(args[i])
    return args


def decode(a):
    if isinstance(a, dict) and "t" in a:
        return ops.convert_to_tensor(np.array(a["t"], dtype=a["dtype"]))
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
    if isinstance(y, (tuple, list)):
        return [r for v in y for r in float_results(v)]
    if tf.is_tensor(y) and y.dtype.is_floating:
        return [y]
    return []


if JAX_MODE:
    results = {}
    for c in json.load(sys.stdin):
        try:
            results[c["id"]] = encode(getattr(ops, c["op"])(*decode_args(c)))
        except Exception as e:  # noqa: BLE001
            results[c["id"]] = {"error": type(e).__name__}
    print(json.dumps(results))
    sys.exit(0)

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
        c["error"], c["grad"] = "TensorFlowBackendBug", False
failed = [c for c in out["cases"] if "error" in c]
jax = subprocess.run(["/tmp/kvenv/bin/python", __file__, "--jax"], input=json.dumps(failed), capture_output=True, text=True, check=True)
for c in failed:
    r = json.loads(jax.stdout.strip().splitlines()[-1])[c["id"]]
    if "error" not in r:
        c["result"], c["backend"] = r, "jax"
        c["tfError"] = c.pop("error")

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-ops.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"wrote {len(out['cases'])} cases, {sum('error' in c for c in out['cases'])} errors, {len(failed) - sum('error' in c for c in out['cases'])} from JAX")
