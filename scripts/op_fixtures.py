"""Reference values for the op catalog: NumPy (and mpmath where NumPy has no function) in float64.

Writes test/fixtures/ops.json, which test/op-fixtures.test.ts checks every op against, in
float64 and float32. Run: python3 scripts/op_fixtures.py (NumPy 2 and mpmath; no TensorFlow).

For float32 the inputs are the float32 roundings of the float64 inputs; the reference is the
float64 function of those, and the test allows a few float32 ulps.
"""

import json
import math
from pathlib import Path

import mpmath
import numpy as np

rng = np.random.default_rng(20261129)

# Input domains: (low, high) for uniform draws, plus values every op must handle.
DOMAINS = {
    "any": (-3.0, 3.0),
    "pos": (0.05, 4.0),
    "unit": (-0.95, 0.95),
    "above1": (1.05, 4.0),
    "wide": (-30.0, 30.0),
    "prob": (0.001, 0.999),
}
EDGES = {
    "any": [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 2.5, 1e-8, -1e-8],
    "pos": [1.0, 2.0, 0.5, 1e-6, 10.0],
    "unit": [0.0, 0.5, -0.5, 1e-8],
    "above1": [1.5, 2.0, 3.0],
    "wide": [0.0, 20.0, -20.0, 30.0, -30.0, 1e-9],
    "prob": [0.5, 1e-10, 1 - 1e-6, 0.025, 0.975],
}


def draw(domain, total=32, generator=None):
    """The domain's edge values, then uniform draws: `total` values for every domain."""
    lo, hi = DOMAINS[domain]
    edges = [float(v) for v in EDGES[domain]]
    return edges + [float(v) for v in (generator or rng).uniform(lo, hi, total - len(edges))]


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def ndtri(p):
    """The standard normal quantile, sqrt(2) erfinv(2p - 1), at 50 digits (2p - 1 loses p's
    digits in float64 precision)."""
    with mpmath.workdps(50):
        return float(mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1))


def digamma(x):
    return float(mpmath.digamma(x))


SELU_A, SELU_S = 1.6732632423543772, 1.0507009873554805

# name -> (domain, f64 function of one float)
UNARY = {
    "neg": ("any", lambda x: -x),
    "exp": ("wide", math.exp),
    "log": ("pos", math.log),
    "sqrt": ("pos", math.sqrt),
    "abs": ("any", abs),
    "square": ("any", lambda x: x * x),
    "sign": ("any", lambda x: float(np.sign(x))),
    "reciprocal": ("pos", lambda x: 1.0 / x),
    "rsqrt": ("pos", lambda x: 1.0 / math.sqrt(x)),
    "floor": ("any", math.floor),
    "ceil": ("any", math.ceil),
    "round": ("any", lambda x: float(np.round(x))),  # half to even
    "sin": ("any", math.sin),
    "cos": ("any", math.cos),
    "tan": ("unit", math.tan),
    "asin": ("unit", math.asin),
    "acos": ("unit", math.acos),
    "atan": ("any", math.atan),
    "sinh": ("any", math.sinh),
    "cosh": ("any", math.cosh),
    "tanh": ("wide", math.tanh),
    "asinh": ("any", math.asinh),
    "acosh": ("above1", math.acosh),
    "atanh": ("unit", math.atanh),
    "sigmoid": ("wide", sigmoid),
    "softplus": ("wide", lambda x: max(x, 0.0) + math.log1p(math.exp(-abs(x)))),
    "softsign": ("any", lambda x: x / (1.0 + abs(x))),
    "log1p": ("pos", math.log1p),
    "expm1": ("any", math.expm1),
    "erf": ("any", math.erf),
    "erfc": ("any", math.erfc),
    "lgamma": ("pos", lambda x: float(mpmath.loggamma(x))),
    "digamma": ("pos", digamma),
    "relu": ("any", lambda x: max(x, 0.0)),
    "relu6": ("wide", lambda x: min(max(x, 0.0), 6.0)),
    "elu": ("any", lambda x: x if x > 0 else math.expm1(x)),
    "selu": ("any", lambda x: SELU_S * (x if x > 0 else SELU_A * math.expm1(x))),
    "gelu": ("any", lambda x: 0.5 * x * math.erfc(-x / math.sqrt(2.0))),
    "silu": ("any", lambda x: x * sigmoid(x)),
}

# Unary ops added later, drawn from a generator of their own (the others' inputs stay as they were).
UNARY_LATER = {
    "erfinv": ("unit", lambda x: float(mpmath.erfinv(x))),
    "ndtri": ("prob", lambda p: ndtri(p)),
}

# name -> (domain of x, domain of y, f64 function)
BINARY = {
    "add": ("any", "any", lambda a, b: a + b),
    "sub": ("any", "any", lambda a, b: a - b),
    "mul": ("any", "any", lambda a, b: a * b),
    "div": ("any", "pos", lambda a, b: a / b),
    "pow": ("pos", "any", lambda a, b: a ** b),
    "maximum": ("any", "any", max),
    "minimum": ("any", "any", min),
    "squaredDifference": ("any", "any", lambda a, b: (a - b) ** 2),
    "mod": ("any", "pos", lambda a, b: float(np.mod(a, b))),
    # TensorFlow's float FloorDiv is floor(a / b) of the rounded quotient (NumPy's floor_divide is
    # the exact floor, which differs when a / b rounds onto an integer, e.g. -1 / 1e-6).
    "floorDiv": ("any", "pos", lambda a, b: float(math.floor(a / b))),
    "atan2": ("any", "any", math.atan2),
    "xlogy": ("any", "pos", lambda a, b: 0.0 if a == 0 else a * math.log(b)),
    "divNoNan": ("any", "any", lambda a, b: 0.0 if b == 0 else a / b),
}

# float32 references that must be computed in float32 (a discontinuous function of a rounded quotient).
BINARY_F32 = {
    "floorDiv": lambda a, b: float(np.floor(np.float32(a) / np.float32(b))),
}

COMPARE = {
    "equal": np.equal,
    "notEqual": np.not_equal,
    "less": np.less,
    "lessEqual": np.less_equal,
    "greater": np.greater,
    "greaterEqual": np.greater_equal,
}


def f32(v):
    return float(np.float32(v))


def unary_cases():
    """x, f(x) in float64, and f of the float32-rounded x (the float32 reference, before rounding)."""
    out = {}
    for name, (dom, f) in UNARY.items():
        xs = draw(dom)
        out[name] = {"x": xs, "y": [f(x) for x in xs], "y32": [f(f32(x)) for x in xs]}
    later = np.random.default_rng(20261130)
    for name, (dom, f) in UNARY_LATER.items():
        xs = draw(dom, generator=later)
        out[name] = {"x": xs, "y": [f(x) for x in xs], "y32": [f(f32(x)) for x in xs]}
    return out


def binary_cases():
    out = {}
    for name, (da, db, f) in BINARY.items():
        a, b = draw(da), draw(db)
        # the divNoNan zero case and equal operands for maximum/minimum
        if name == "divNoNan":
            b[0] = 0.0
        f_32 = BINARY_F32.get(name, f)
        out[name] = {"a": a, "b": b, "y": [f(x, y) for x, y in zip(a, b)], "y32": [f_32(f32(x), f32(y)) for x, y in zip(a, b)]}
    return out


def int_cases():
    """int32 semantics: floor division and floor mod with negative operands, comparisons."""
    a = [7, -7, 7, -7, 0, 13, -13, 2147483647]
    b = [2, 2, -2, -2, 3, 5, 5, 2]
    return {
        "floorDiv": {"a": a, "b": b, "y": [int(np.floor_divide(x, y)) for x, y in zip(a, b)]},
        "mod": {"a": a, "b": b, "y": [int(np.mod(x, y)) for x, y in zip(a, b)]},
        "maximum": {"a": a, "b": b, "y": [max(x, y) for x, y in zip(a, b)]},
        "less": {"a": a, "b": b, "y": [bool(x < y) for x, y in zip(a, b)]},
    }


def compare_cases():
    a = draw("any")
    b = [v if i % 3 == 0 else float(rng.uniform(-3, 3)) for i, v in enumerate(a)]
    return {"a": a, "b": b, **{name: [bool(v) for v in f(np.array(a), np.array(b))] for name, f in COMPARE.items()}}


def reduction_cases():
    """A [3, 4, 5] tensor reduced over several axis sets, keepdims false."""
    x = rng.uniform(-2, 2, (3, 4, 5))
    x[1, 2, 3] = x[1, 2, 0]  # a tie for argmax/argmin (the first index wins)
    axes_sets = [None, [0], [1], [2], [0, 2], [1, 2]]
    out = {"shape": [3, 4, 5], "x": x.ravel().tolist(), "cases": []}
    for axes in axes_sets:
        ax = None if axes is None else tuple(axes)
        out["cases"].append({
            "axes": axes,
            "reduceSum": np.sum(x, axis=ax).ravel().tolist(),
            "reduceMax": np.max(x, axis=ax).ravel().tolist(),
            "reduceMin": np.min(x, axis=ax).ravel().tolist(),
            "reduceProd": np.prod(x, axis=ax).ravel().tolist(),
            "reduceMean": np.mean(x, axis=ax).ravel().tolist(),
        })
    out["argmax"] = {str(a): np.argmax(x, axis=a).ravel().tolist() for a in range(3)}
    out["argmin"] = {str(a): np.argmin(x, axis=a).ravel().tolist() for a in range(3)}
    out["cumsum"] = {str(a): np.cumsum(x, axis=a).ravel().tolist() for a in range(3)}
    out["cumprod"] = {str(a): np.cumprod(x, axis=a).ravel().tolist() for a in range(3)}
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    out["softmax"] = (e / e.sum(axis=-1, keepdims=True)).ravel().tolist()
    out["logSoftmax"] = (x - x.max(axis=-1, keepdims=True) - np.log(e.sum(axis=-1, keepdims=True))).ravel().tolist()
    e0 = np.exp(x - x.max(axis=0, keepdims=True))
    out["softmaxAxis0"] = (e0 / e0.sum(axis=0, keepdims=True)).ravel().tolist()
    return out


def main():
    fixtures = {
        "generator": "scripts/op_fixtures.py (NumPy %s, mpmath %s)" % (np.__version__, mpmath.__version__),
        "unary": unary_cases(),
        "binary": binary_cases(),
        "int32": int_cases(),
        "compare": compare_cases(),
        "reductions": reduction_cases(),
    }
    path = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "ops.json"
    path.write_text(json.dumps(fixtures, indent=None, separators=(",", ":")) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
