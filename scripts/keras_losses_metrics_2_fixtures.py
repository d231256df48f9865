"""Keras 3.15.1's numbers (TensorFlow backend) for test/keras-losses-metrics-2.test.ts: the losses
CategoricalGeneralizedCrossEntropy, Circle and CTC (functions and classes) and the metrics
PearsonCorrelation and ConcordanceCorrelation (functions and stateful classes).

Run from the repository's root:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_losses_metrics_2_fixtures.py > test/fixtures/keras-losses-metrics-2.json

Every input is written into the JSON as float32 (or integer) values. For the loss functions: the
per-sample result, the mask Keras sets on it (circle) and the gradient of sum(result) with respect
to y_pred (tf.GradientTape). For the loss classes: the reduced loss for given options, reduction
and sample weights, and its gradient with respect to y_pred. For the metric functions: the result
and the gradient of its sum; for the metric classes: update_state over several batches (with
sample weights where given), then result(). Also Keras' error messages for bad input and the
get_config / serialize_keras_object of each class, for the serialization tests. NaN is written as
the string "NaN" (JSON has none).
"""
import json
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np
import tensorflow as tf
import keras
from keras.src.backend import get_keras_mask
from keras.src.saving import serialization_lib

assert keras.__version__ == "3.15.1", keras.__version__
assert keras.backend.backend() == "tensorflow"

rng = np.random.default_rng(20250315)


def listed(x):
    """Nested lists of the values; NaN as "NaN", infinities as "Infinity" / "-Infinity"."""
    arr = np.asarray(x)
    if arr.dtype == np.bool_:
        return arr.tolist()
    if arr.dtype.kind in "iu":
        return arr.tolist()

    def conv(v):
        if isinstance(v, list):
            return [conv(e) for e in v]
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v

    return conv(arr.astype(np.float64).tolist())


def f32(shape, scale=1.0, shift=0.0):
    return (rng.standard_normal(shape) * scale + shift).astype(np.float32)


def probs(shape):
    x = rng.uniform(0.05, 1.0, shape)
    return (x / x.sum(-1, keepdims=True)).astype(np.float32)


def unit_rows(shape):
    x = rng.standard_normal(shape)
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def message(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}
    return None


def fn_case(fn, y_true, y_pred, kwargs=None, dtype="float32", grad=True):
    """A loss or metric function's result (and its mask) and the gradient of its sum."""
    kwargs = kwargs or {}
    y_pred_t = tf.constant(y_pred, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(y_pred_t)
        out = fn(y_true, y_pred_t, **kwargs)
        total = tf.reduce_sum(out)
    case = {
        "yTrue": listed(y_true),
        "yTrueDtype": str(np.asarray(y_true).dtype),
        "yPred": listed(y_pred),
        "dtype": dtype,
        "kwargs": {k: listed(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()},
        "result": listed(out.numpy()),
        "shape": list(out.shape),
        "resultDtype": out.dtype.name,
    }
    mask = get_keras_mask(out)
    if mask is not None:
        case["mask"] = listed(mask.numpy())
    if grad:
        case["grad"] = listed(tape.gradient(total, y_pred_t).numpy())
    return case


def class_case(cls, options, y_true, y_pred, sample_weight=None, dtype="float32", grad=True):
    """A loss object's reduced value for the options, and its gradient with respect to y_pred."""
    loss = cls(**options)
    y_pred_t = tf.constant(y_pred, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(y_pred_t)
        out = loss(y_true, y_pred_t, sample_weight=sample_weight)
        total = tf.reduce_sum(out)
    case = {
        "options": options,
        "yTrue": listed(y_true),
        "yPred": listed(y_pred),
        "dtype": dtype,
        "result": listed(out.numpy()),
        "shape": list(out.shape),
        "resultDtype": out.dtype.name,
    }
    if sample_weight is not None:
        case["sampleWeight"] = listed(sample_weight)
    if grad:
        case["grad"] = listed(tape.gradient(total, y_pred_t).numpy())
    return case


def metric_case(cls, options, batches):
    """update_state over the batches, then result()."""
    metric = cls(**options)
    steps = []
    for batch in batches:
        metric.update_state(*batch[:2], sample_weight=batch[2] if len(batch) > 2 else None)
        steps.append(listed(metric.result().numpy()))
    return {
        "options": options,
        "batches": [[listed(x) for x in b] for b in batches],
        "results": steps,
        "resultDtype": metric.result().dtype.name,
        "variables": [v.name for v in metric.variables],
    }


def config_case(obj):
    return {"config": obj.get_config(), "serialized": serialization_lib.serialize_keras_object(obj)}


L = keras.losses
M = keras.metrics
out = {"keras": keras.__version__, "tensorflow": tf.__version__}

# --- CategoricalGeneralizedCrossEntropy ------------------------------------------------------------
P = probs((5, 4))
P3 = probs((2, 3, 4))
gce = out["categoricalGeneralizedCrossEntropy"] = {"function": [], "class": []}
for q in (0.1, 0.5, 0.9):
    gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([0, 3, 1, 2, 1], "int32"), P, {"q": q}))
# Ids out of range (p = 0: the loss is 1/q, the gradient infinite and NaN, not compared), float ids
# truncated, ids [batch, 1] broadcast to [batch, batch], rank-3 predictions.
gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([-1, 4, 1, 7, 0], "int32"), P, {"q": 0.5}, grad=False))
gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([0.0, 3.9, 1.2, 2.5, 1.99], "float32"), P, {"q": 0.3}))
gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([[0], [3], [1], [2], [1]], "int32"), P, {"q": 0.7}))
gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([[0, 3, 2], [1, 1, 0]], "int32"), P3, {"q": 0.4}))
gce["function"].append(fn_case(L.categorical_generalized_cross_entropy, np.array([0, 3, 1, 2, 1], "int32"), P.astype(np.float64), {"q": 0.25}, dtype="float64"))
Y = np.array([0, 3, 1, 2, 1], "float32")
W = np.array([0.5, 1.0, 0.0, 2.0, 1.5], "float32")
for options, sw in [
    ({}, None),
    ({"q": 0.2}, W),
    ({"q": 0.8, "reduction": "sum"}, W),
    ({"reduction": None}, W),
    ({"q": 0.6, "reduction": "mean_with_sample_weight"}, W),
    ({"reduction": "mean"}, None),
]:
    gce["class"].append(class_case(L.CategoricalGeneralizedCrossEntropy, options, Y, P, sw))
gce["class"].append(class_case(L.CategoricalGeneralizedCrossEntropy, {"reduction": None}, Y.reshape(5, 1), P))
gce["class"].append(class_case(L.CategoricalGeneralizedCrossEntropy, {"q": 0.3, "dtype": "float64"}, Y, P.astype(np.float64), W, dtype="float64"))
gce["errors"] = {
    "q0": message(lambda: L.CategoricalGeneralizedCrossEntropy(q=0)),
    "q1": message(lambda: L.CategoricalGeneralizedCrossEntropy(q=1)),
    "qNegative": message(lambda: L.CategoricalGeneralizedCrossEntropy(q=-0.5)),
}
gce["configs"] = [config_case(L.CategoricalGeneralizedCrossEntropy()), config_case(L.CategoricalGeneralizedCrossEntropy(q=0.3, reduction="sum", name="gce"))]

# --- Circle ----------------------------------------------------------------------------------------
E = unit_rows((8, 5))
LAB = np.array([0, 1, 0, 2, 1, 0, 3, 2], "int32")  # class 3 has one member: no positive pair
R = unit_rows((6, 5))
RLAB = np.array([1, 0, 2, 2, 0, 4], "int32")
circ = out["circle"] = {"function": [], "class": []}
circ["function"].append(fn_case(L.circle, LAB, E))
circ["function"].append(fn_case(L.circle, LAB, E, {"gamma": 4.0, "margin": 0.25}))
circ["function"].append(fn_case(L.circle, LAB, E, {"gamma": 16.0, "margin": 0.1, "remove_diagonal": False}))
circ["function"].append(fn_case(L.circle, LAB, E, {"ref_labels": RLAB, "ref_embeddings": R, "gamma": 8.0}))
circ["function"].append(fn_case(L.circle, LAB, E, {"ref_labels": RLAB, "ref_embeddings": R, "remove_diagonal": False, "gamma": 30.0, "margin": 0.5}))
circ["function"].append(fn_case(L.circle, LAB.reshape(8, 1), E, {"gamma": 10.0}))
circ["function"].append(fn_case(L.circle, LAB.astype(np.float32) + 0.4, E, {"gamma": 2.0, "margin": 0.3}))
# Not unit rows: Keras normalizes nothing itself.
circ["function"].append(fn_case(L.circle, LAB, f32((8, 5), 0.6), {"gamma": 3.0}))
circ["function"].append(fn_case(L.circle, LAB, E.astype(np.float64), {"gamma": 12.0}, dtype="float64"))
CW = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.5, 3.0, 1.0], "float32")
for options, sw in [
    ({}, None),
    ({"gamma": 5.0, "margin": 0.2}, CW),
    ({"gamma": 20.0, "reduction": "sum"}, CW),
    ({"gamma": 6.0, "remove_diagonal": False, "reduction": None}, CW),
    ({"gamma": 6.0, "reduction": "mean_with_sample_weight"}, CW),
    ({"gamma": 2.5, "margin": 0.35, "reduction": "mean"}, None),
]:
    circ["class"].append(class_case(L.Circle, options, LAB.astype(np.float32), E, sw))
# Every label different: no positive anywhere, so every row is masked out of the mean.
circ["class"].append(class_case(L.Circle, {"gamma": 4.0}, np.arange(8, dtype=np.float32), E))
circ["class"].append(class_case(L.Circle, {"gamma": 4.0, "dtype": "float64"}, LAB.astype(np.float32), E.astype(np.float64), CW, dtype="float64"))
circ["configs"] = [config_case(L.Circle()), config_case(L.Circle(gamma=32.0, margin=0.25, remove_diagonal=False, reduction="sum", name="c"))]

# --- CTC -------------------------------------------------------------------------------------------
T, C = 7, 5
X = f32((4, T, C), 1.5)
LABELS = np.array([[1, 2, 2, 0], [3, 0, 0, 0], [4, 1, 3, 2], [0, 0, 0, 0]], "int32")
ctc_out = out["ctc"] = {"function": [], "class": []}
ctc_out["function"].append(fn_case(L.ctc, LABELS, X))
ctc_out["function"].append(fn_case(L.ctc, LABELS.astype(np.float32), X * 3))
# A zero inside a label (label_length counts nonzeros, TensorFlow reads that many from the front),
# repeats that need blanks between them in few frames, a label longer than the frames allow.
ctc_out["function"].append(fn_case(L.ctc, np.array([[2, 0, 3, 1], [1, 1, 1, 0], [1, 2, 3, 4], [2, 2, 0, 0]], "int32"), f32((4, 4, C))))
ctc_out["function"].append(fn_case(L.ctc, np.array([[1, 2, 3, 4, 1, 2, 3, 4]], "int32"), f32((1, 5, C))))
ctc_out["function"].append(fn_case(L.ctc, LABELS, X.astype(np.float64), dtype="float64"))
CTCW = np.array([1.0, 0.5, 2.0, 0.0], "float32")
for options, sw in [
    ({}, None),
    ({"reduction": "sum"}, CTCW),
    ({"reduction": None}, CTCW),
    ({"reduction": "mean_with_sample_weight"}, CTCW),
]:
    ctc_out["class"].append(class_case(L.CTC, options, LABELS.astype(np.float32), X, sw))
ctc_out["class"].append(class_case(L.CTC, {"dtype": "float64"}, LABELS.astype(np.float32), X.astype(np.float64), CTCW, dtype="float64"))
ctc_out["errors"] = {
    "yTrueRank3": message(lambda: L.ctc(LABELS.reshape(4, 4, 1), X)),
    "yTrueRank1": message(lambda: L.ctc(LABELS[0], X)),
    "yPredRank2": message(lambda: L.ctc(LABELS, X[:, :, 0])),
}
ctc_out["configs"] = [config_case(L.CTC()), config_case(L.CTC(reduction="sum", name="my_ctc"))]

# --- PearsonCorrelation and ConcordanceCorrelation ---------------------------------------------------
A = f32((4, 6))
B_ = (A * 0.7 + f32((4, 6), 0.5) + 0.3).astype(np.float32)
A3 = f32((2, 3, 5))
B3 = (A3 * -0.4 + f32((2, 3, 5), 0.8)).astype(np.float32)
corr = out["correlation"] = {}
for key, fn in (("pearson", M.pearson_correlation), ("concordance", M.concordance_correlation)):
    cases = corr[key] = {"function": []}
    cases["function"].append(fn_case(fn, A, B_))
    cases["function"].append(fn_case(fn, A, B_, {"axis": 0}))
    cases["function"].append(fn_case(fn, A, B_, {"axis": (0, 1)}))
    cases["function"].append(fn_case(fn, A3, B3, {"axis": 1}))
    cases["function"].append(fn_case(fn, A3, B3, {"axis": (1, 2)}))
    cases["function"].append(fn_case(fn, A3, B3, {"axis": [-1, 0]}))
    cases["function"].append(fn_case(fn, A[:, :1], B_[:, 0], {"axis": 0}))  # y_true [4, 1] squeezed to y_pred's [4]
    cases["function"].append(fn_case(fn, A.astype(np.float64), B_.astype(np.float64), dtype="float64"))
    # A constant row: Pearson divides by a zero standard deviation (NaN), Concordance by ε.
    const = A.copy()
    const[1] = 0.25
    cases["function"].append(fn_case(fn, const, B_, grad=False))
for key, cls in (("Pearson", M.PearsonCorrelation), ("Concordance", M.ConcordanceCorrelation)):
    batches = [(A, B_), (A * 0.5, B_ + 0.25), (A[:2], B_[:2] * -1.0)]
    weighted = [(A, B_, np.array([1.0, 0.5, 0.0, 2.0], "float32")), (A * 0.5, B_ + 0.25, np.array([0.25, 1.0, 1.0, 3.0], "float32"))]
    corr[key + "Correlation"] = {
        "metric": [
            metric_case(cls, {}, batches),
            metric_case(cls, {}, weighted),
            metric_case(cls, {"axis": 0}, [(A, B_), (A * 2.0, B_ - 1.0)]),
            metric_case(cls, {"axis": 0, "name": "by_column"}, [(A, B_, np.arange(1, 7, dtype=np.float32) / 4.0)]),
            metric_case(cls, {"axis": (1, 2)}, [(A3, B3), (A3 + 1.0, B3 * 2.0)]),
            metric_case(cls, {"axis": 1, "dtype": "float64"}, [(A3, B3, np.array([0.5, 2.0], "float32")), (A3 * 0.1, B3, np.array([[1.0, 0.0, 1.0, 2.0, 1.0], [1.0, 1.0, 1.0, 1.0, 0.5]], "float32"))]),
        ],
        "configs": [config_case(cls()), config_case(cls(axis=(0, 1), name="corr", dtype="float64"))],
    }

print(json.dumps(out, separators=(",", ":"), allow_nan=False))
