"""TensorFlow 2.21's tf.nn.isotonic_regression, tf.nn.ctc_loss (dense labels) with the CTC decoders,
and tf.linalg.sqrtm on the cases test/nn-numerics.test.ts replays with gradtape:
values, gradients (tf.GradientTape) and error messages, written to test/fixtures/nn-numerics.json.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/nn_numerics_fixtures.py
in a venv with TensorFlow 2.21. Float32 values are stored as the doubles they are (exact);
NaN and the infinities as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import os

import numpy as np
import tensorflow as tf
from tf_fixture_helpers import enc, error_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "nn-numerics.json")



def spread(shape, seed, lo=-3.0, hi=3.0):
    """Deterministic data over [lo, hi] without an RNG (the same on every machine), rounded to
    quarters so that ties occur."""
    n = int(np.prod(shape))
    x = ((np.arange(n, dtype=np.float64) + seed) * 0.618034 * (seed + 1.37)) % 1.0
    return (np.round((lo + (hi - lo) * x) * 4) / 4).reshape(shape)


# ------------------------------------------------------------------------------------------------
# isotonic_regression

def isotonic_cases():
    cases = []

    def case(name, x, dtype, grad=True, **kw):
        xt = tf.constant(x, dtype)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y, s = tf.nn.isotonic_regression(xt, **kw)
            w = tf.constant(spread(xt.shape, 7, -2, 2), y.dtype) if xt.shape.rank else tf.constant(1.5, y.dtype)
            loss = tf.reduce_sum(y * w)
        entry = {"name": name, "x": enc(x), "shape": list(xt.shape), "dtype": dtype, "options": kw,
                 "output": enc(y), "outputDtype": y.dtype.name, "segments": enc(s)}
        if grad and dtype != "int32":
            entry["upstream"] = enc(w)
            # TensorFlow's registered gradient (_MeanAggregator) is right for rank-2 inputs only
            # (a rank-1 input gets the upstream gradient back with shape [n, 1], a rank-3 one rows
            # mixed across its first axis): for other ranks the expected gradient is that of the
            # same sequences laid out as a matrix [-1, n] along the axis.
            axis = kw.get("axis", -1)
            if xt.shape.rank == 2 or xt.shape.rank is None:
                entry["gradient"] = enc(tape.gradient(loss, xt))
            elif xt.shape.rank > 0:
                rank = xt.shape.rank
                a = axis % rank
                perm = list(range(rank))
                perm[a], perm[-1] = perm[-1], perm[a]
                xs = tf.transpose(xt, perm)
                ws = tf.transpose(w, perm)
                swapped_shape = xs.shape
                x2 = tf.reshape(xs, [-1, swapped_shape[-1]])
                with tf.GradientTape() as t2:
                    t2.watch(x2)
                    y2, _ = tf.nn.isotonic_regression(x2, decreasing=kw.get("decreasing", True))
                    l2 = tf.reduce_sum(y2 * tf.reshape(ws, [-1, swapped_shape[-1]]))
                g2 = tf.transpose(tf.reshape(t2.gradient(l2, x2), swapped_shape), perm)
                entry["gradient"] = enc(g2)
        cases.append(entry)

    case("rows, decreasing (the default)", [[1.0, 3.0, 2.0, 4.0], [4.0, 3.0, 2.0, 1.0]], "float32")
    case("rows, increasing", [[1.0, 3.0, 2.0, 4.0], [4.0, 3.0, 5.0, 1.0]], "float64", decreasing=False)
    for dtype in ["float32", "float64"]:
        for dec in [True, False]:
            case(f"5x17 with ties, {dtype}, decreasing={dec}", spread([5, 17], 1).tolist(), dtype, decreasing=dec)
    case("float32 sums that round", (spread([3, 40], 3) * 1.1).tolist(), "float32", decreasing=False)
    case("float32 thirds", [[0.1, 0.7, 0.3, 0.9, 0.2, 0.6, 0.5]], "float32")
    case("a vector", [1.0, 3.0, 2.0, 4.0], "float64")
    case("a vector, increasing", spread([23], 2).tolist(), "float32", decreasing=False)
    case("axis 0", [[1.0, 3.0], [2.0, 4.0], [4.0, 3.0], [5.0, 1.0]], "float64", axis=0)
    case("axis -2 of 3-D", spread([3, 4, 2], 4).tolist(), "float32", axis=-2, decreasing=False)
    case("axis 0 of 3-D", spread([4, 2, 3], 5).tolist(), "float64", axis=0)
    case("3-D, last axis", spread([2, 3, 5], 6).tolist(), "float64")
    case("int32 gives float64", [[1, 3, 2], [7, -2, 9]], "int32")
    case("int32 increasing", [5, 1, 4, 4, -3], "int32", decreasing=False)
    case("NaN is never pooled", [1.0, float("nan"), 2.0, 2.0], "float32")
    case("infinities", [[1.0, float("inf"), 2.0, float("-inf"), 3.0]], "float64", grad=False)
    case("a scalar", 3.0, "float32", grad=False)
    case("empty rows", np.zeros((2, 0)).tolist(), "float32", grad=False)
    case("no rows", np.zeros((0, 3)).tolist(), "float64", grad=False)
    case("one column", [[2.0], [-1.0]], "float64")
    errors = {
        "axis 2 of a matrix": error_text(lambda: tf.nn.isotonic_regression(tf.constant([[1.0, 2.0]]), axis=2)),
        "axis -3 of a matrix": error_text(lambda: tf.nn.isotonic_regression(tf.constant([[1.0, 2.0]]), axis=-3)),
        "axis 1 of a vector": error_text(lambda: tf.nn.isotonic_regression(tf.constant([1.0, 2.0]), axis=1)),
    }
    return {"cases": cases, "errors": errors}


def main():
    out = {"tensorflow": tf.__version__, "isotonicRegression": isotonic_cases(), "ctcLoss": ctc_cases(),
           "ctcDecoders": ctc_decoder_cases(), "sqrtm": sqrtm_cases()}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT)




# ------------------------------------------------------------------------------------------------
# ctc_loss (dense labels)

def ctc_cases():
    cases = []

    def case(name, labels, label_length, logit_length, frames, classes, seed, time_major=True, blank_index=None, scale=2.0):
        batch = len(labels)
        shape = [frames, batch, classes] if time_major else [batch, frames, classes]
        logits = (spread(shape, seed, -1, 1) * scale + np.sin(np.arange(np.prod(shape))).reshape(shape) * 0.37).astype(np.float32)
        x = tf.constant(logits)
        upstream = tf.constant([1.0 + 0.5 * b for b in range(batch)], tf.float32)
        kw = {"logits_time_major": time_major}
        if blank_index is not None:
            kw["blank_index"] = blank_index
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.nn.ctc_loss(tf.constant(labels, tf.int32), x, tf.constant(label_length, tf.int32), tf.constant(logit_length, tf.int32), **kw)
            weighted = tf.reduce_sum(loss * upstream)
        options = {"logitsTimeMajor": time_major}
        if blank_index is not None:
            options["blankIndex"] = blank_index
        cases.append({"name": name, "labels": labels, "labelLength": label_length, "logitLength": logit_length,
                      "logits": enc(x), "shape": shape, "options": options, "loss": enc(loss),
                      "upstream": enc(upstream), "gradient": enc(tape.gradient(weighted, x))})

    case("two sequences", [[1, 2, 2], [3, 1, 0]], [3, 2], [5, 4], 5, 4, 1)
    case("repeats need a blank between them", [[2, 2, 2, 1]], [4], [9], 9, 3, 2)
    case("batch-major logits", [[1, 2, 2], [3, 1, 0]], [3, 2], [5, 4], 5, 4, 3, time_major=False)
    case("blank last (blankIndex -1)", [[0, 1, 2], [2, 0, 0]], [3, 1], [6, 6], 6, 4, 4, blank_index=-1)
    case("blank in the middle (blankIndex 2)", [[1, 3, 0, 4], [4, 4, 1, 0]], [4, 3], [10, 8], 10, 5, 5, blank_index=2)
    case("a longer batch", [[1, 2, 3, 4, 5, 0], [5, 5, 4, 0, 0, 0], [3, 0, 0, 0, 0, 0], [2, 4, 2, 4, 2, 4]], [5, 3, 1, 6], [20, 17, 3, 20], 20, 6, 6, scale=4.0)
    case("labels longer than the frames allow", [[1, 2, 2], [3, 1, 0]], [3, 2], [2, 4], 5, 4, 7)
    case("an empty label sequence", [[1, 2, 2], [3, 1, 0]], [0, 2], [5, 4], 5, 4, 8)
    case("no frames", [[1, 2, 2], [3, 1, 0]], [3, 2], [0, 4], 5, 4, 9)
    case("label length past the labels", [[1, 2, 2], [3, 1, 0]], [4, 2], [5, 4], 5, 4, 10)
    case("logit length past the frames", [[1, 2, 2], [3, 1, 0]], [3, 2], [7, 4], 5, 4, 11)
    case("a class out of range", [[1, 5, 2], [3, 1, 0]], [3, 2], [5, 4], 5, 4, 12)
    case("large logits", [[1, 2], [2, 1]], [2, 2], [6, 6], 6, 3, 13, scale=40.0)
    errors = {
        "float64 logits": error_text(lambda: tf.nn.ctc_loss(tf.constant([[1]]), tf.zeros([2, 1, 2], tf.float64), tf.constant([1]), tf.constant([2]))),
    }
    return {"cases": cases, "errors": errors}


# ------------------------------------------------------------------------------------------------
# ctc_greedy_decoder and ctc_beam_search_decoder (TensorFlow 2's: merge_repeated=False for beams)

def sparse(st):
    return {"indices": enc(st.indices), "values": enc(st.values), "denseShape": enc(st.dense_shape)}


def ctc_decoder_cases():
    cases = []

    def case(name, inputs, seq_len, dtype=np.float32, greedy=None, beams=None):
        x = tf.constant(np.asarray(inputs, dtype))
        s = tf.constant(seq_len, tf.int32)
        out = {"name": name, "inputs": enc(x), "shape": list(x.shape), "dtype": x.dtype.name, "sequenceLength": seq_len,
               "greedy": [], "beam": []}
        for opts in greedy or [{}]:
            kw = {"merge_repeated": opts.get("mergeRepeated", True)}
            if "blankIndex" in opts:
                kw["blank_index"] = opts["blankIndex"]
            decoded, neg = tf.nn.ctc_greedy_decoder(x, s, **kw)
            out["greedy"].append({"options": opts, "decoded": sparse(decoded[0]), "negSumLogits": enc(neg)})
        for opts in beams or [{}]:
            decoded, logp = tf.nn.ctc_beam_search_decoder(x, s, beam_width=opts.get("beamWidth", 100), top_paths=opts.get("topPaths", 1))
            out["beam"].append({"options": opts, "decoded": [sparse(d) for d in decoded], "logProbabilities": enc(logp)})
        cases.append(out)

    def logits(shape, seed, scale=2.0):
        return spread(shape, seed, -1, 1) * scale + np.sin(np.arange(np.prod(shape))).reshape(shape) * 0.37

    many = [{"beamWidth": 1}, {"beamWidth": 2, "topPaths": 2}, {"beamWidth": 5, "topPaths": 3}, {"topPaths": 4}]
    case("two sequences", logits([6, 2, 4], 1), [6, 4],
         greedy=[{}, {"mergeRepeated": False}, {"blankIndex": 0}, {"blankIndex": -2}], beams=many)
    case("a longer batch", logits([12, 3, 5], 2, 3.0), [12, 7, 1], greedy=[{}, {"blankIndex": 2}],
         beams=[{"beamWidth": 3, "topPaths": 3}, {"beamWidth": 4, "topPaths": 2}, {"topPaths": 5}])
    case("float64", logits([5, 2, 3], 3), [5, 5], dtype=np.float64, greedy=[{}, {"mergeRepeated": False}], beams=many)
    # Ties: equal logits everywhere, and rows with equal maxima (the first one wins in the greedy decoder).
    case("all logits equal", np.zeros([4, 1, 3]), [4], beams=[{"beamWidth": 3, "topPaths": 3}, {"beamWidth": 8, "topPaths": 8}, {"beamWidth": 2, "topPaths": 2}])
    case("quarter-rounded ties", spread([7, 2, 4], 5, -1, 1), [7, 6], greedy=[{}, {"mergeRepeated": False}],
         beams=[{"beamWidth": 2, "topPaths": 2}, {"beamWidth": 3, "topPaths": 3}, {"beamWidth": 20, "topPaths": 10}])
    case("many classes and a wide beam", logits([10, 1, 12], 6, 1.0), [10], beams=[{"beamWidth": 30, "topPaths": 20}, {"beamWidth": 7, "topPaths": 7}])
    case("zero and short lengths", logits([3, 3, 3], 7), [0, 1, 2], beams=[{}, {"beamWidth": 2}])
    case("infinities", [[[0.0, -np.inf, -np.inf], [-2.3, -np.inf, -0.1]], [[-np.inf, -0.5, -np.inf], [-np.inf, -np.inf, -0.1]],
                        [[-np.inf, -np.inf, -np.inf], [-0.1, -np.inf, -2.3]]], [2, 3], greedy=[{"blankIndex": 1}], beams=[{}, {"beamWidth": 3, "topPaths": 2}])
    case("a long batch (stress)", logits([40, 6, 7], 8, 3.0), [40, 33, 25, 40, 12, 3],
         greedy=[{}, {"mergeRepeated": False}], beams=[{"beamWidth": 16, "topPaths": 8}, {"beamWidth": 40, "topPaths": 40}, {"beamWidth": 3}])
    case("a long float64 batch (stress)", logits([30, 4, 6], 9, 2.0), [30, 21, 30, 9], dtype=np.float64,
         beams=[{"beamWidth": 24, "topPaths": 12}, {"beamWidth": 5, "topPaths": 5}])
    z = tf.zeros([2, 1, 3])
    errors = {
        "rank 2 inputs": error_text(lambda: tf.nn.ctc_greedy_decoder(tf.zeros([2, 3]), tf.constant([2]))),
        "matrix lengths": error_text(lambda: tf.nn.ctc_greedy_decoder(z, tf.constant([[2]]))),
        "batch mismatch": error_text(lambda: tf.nn.ctc_greedy_decoder(z, tf.constant([2, 2]))),
        "length past the frames": error_text(lambda: tf.nn.ctc_greedy_decoder(z, tf.constant([3]))),
        "empty inputs": error_text(lambda: tf.nn.ctc_greedy_decoder(tf.zeros([2, 0, 3]), tf.constant([], tf.int32))),
        "blank out of range": error_text(lambda: tf.nn.ctc_greedy_decoder(z, tf.constant([2]), blank_index=3)),
        "beam rank 2 inputs": error_text(lambda: tf.nn.ctc_beam_search_decoder(tf.zeros([2, 3]), tf.constant([2]))),
        "beam length past the frames": error_text(lambda: tf.nn.ctc_beam_search_decoder(z, tf.constant([3]))),
        "more paths than the beam": error_text(lambda: tf.nn.ctc_beam_search_decoder(z, tf.constant([2]), beam_width=2, top_paths=3)),
        "more paths than leaves": error_text(lambda: tf.nn.ctc_beam_search_decoder(z, tf.constant([0]), beam_width=3, top_paths=2)),
        "zero beam width": error_text(lambda: tf.nn.ctc_beam_search_decoder(z, tf.constant([2]), beam_width=0, top_paths=0)),
        "negative length": error_text(lambda: tf.nn.ctc_greedy_decoder(z, tf.constant([-1]))),
    }
    return {"cases": cases, "errors": errors}


# ------------------------------------------------------------------------------------------------
# linalg.sqrtm (matrix_square_root) and its registered gradient

def sqrtm_cases():
    cases = []

    def case(name, a, dtype=np.float64, grad=True):
        x = tf.constant(np.asarray(a, dtype))
        upstream = tf.constant((spread(x.shape, 3, -1, 1) + 0.1 * np.cos(np.arange(np.prod(x.shape))).reshape(x.shape)).astype(dtype))
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.linalg.sqrtm(x)
            loss = tf.reduce_sum(y * upstream)
        out = {"name": name, "a": enc(x), "shape": list(x.shape), "dtype": x.dtype.name, "sqrtm": enc(y)}
        if grad:
            out["upstream"] = enc(upstream)
            out["gradient"] = enc(tape.gradient(loss, x))
        cases.append(out)

    rng = np.random.RandomState(7)
    spd = lambda n: (lambda m: m @ m.T + n * np.eye(n))(rng.randn(n, n))
    case("a 3x3 symmetric positive definite", spd(3))
    case("a 4x4 general matrix with complex eigenvalues", rng.randn(4, 4) + 3 * np.eye(4))
    case("a rotation-like 2x2 (complex pair)", [[1.0, -2.0], [2.0, 1.0]])
    case("a 5x5 upper triangular", np.triu(rng.rand(5, 5) + 0.5))
    case("a batch [2, 3, 3, 3]", np.stack([np.stack([spd(3), rng.randn(3, 3) + 4 * np.eye(3), spd(3)]) for _ in range(2)]))
    case("float32 4x4", rng.randn(4, 4) + 4 * np.eye(4), np.float32)
    case("float32 batch", np.stack([spd(3), rng.randn(3, 3) + 3 * np.eye(3)]), np.float32)
    case("1x1", [[4.0]])
    case("a 6x6 with two complex pairs", rng.randn(6, 6) + 2.5 * np.eye(6))
    case("a negative eigenvalue", np.diag([4.0, -1.0, 9.0]) + np.triu(np.ones((3, 3)), 1), grad=False)
    case("a zero matrix", np.zeros((2, 2)), grad=False)
    case("empty matrices", np.zeros((2, 0, 0)))
    errors = {
        "not square": error_text(lambda: tf.linalg.sqrtm(tf.zeros([2, 3], tf.float64))),
        "a vector": error_text(lambda: tf.linalg.sqrtm(tf.zeros([3], tf.float64))),
        "int32": error_text(lambda: tf.linalg.sqrtm(tf.zeros([2, 2], tf.int32))),
    }
    return {"cases": cases, "errors": errors}


if __name__ == "__main__":
    main()
