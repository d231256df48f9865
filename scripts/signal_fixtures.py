"""TensorFlow 2.21's real tf.signal functions on the cases test/signal.test.ts replays with gradtape:
the windows, frame, overlap_and_add, fftshift/ifftshift, dct/idct (types 1-4, n, norm),
linear_to_mel_weight_matrix, mfccs_from_log_mel_spectrograms, mdct, inverse_mdct and
inverse_stft_window_fn: values, gradients of the loss
sum(w * y) (w = 1 + (i mod 7) / 10 over y's flat entries, a non-trivial upstream gradient) and the
errors TensorFlow raises for bad arguments, written to test/fixtures/signal.json.

Run: TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/signal_fixtures.py
in a venv with TensorFlow 2.21. Float32 values are stored as the doubles they are (exact).
"""
import json
import math
import os

import numpy as np
import tensorflow as tf
from tf_fixture_helpers import enc, error_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "signal.json")



def data(shape, seed):
    """Deterministic values in [-3, 3] without an RNG (the same on every machine)."""
    n = int(np.prod(shape))
    x = ((np.arange(n, dtype=np.float64) + seed) * 0.618034 * (seed + 1.37)) % 1.0
    return (-3.0 + 6.0 * x).reshape(shape)


def weights(y):
    flat = tf.reshape(y, [-1])
    return 1.0 + tf.cast(tf.range(tf.size(flat)) % 7, y.dtype) / 10.0


def with_gradient(fn, x):
    """fn(x) and the gradient of sum(w * fn(x)) with respect to x."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
        loss = tf.reduce_sum(tf.reshape(y, [-1]) * weights(y))
    g = tape.gradient(loss, x)
    return y, (g if g is not None else tf.zeros_like(x))


def tensor_case(name, fn, shape, dtype, seed, **args):
    x = data(shape, seed).astype(dtype)
    y, g = with_gradient(lambda t: fn(t, **args), x)
    return {"name": name, "args": args, "x": enc(x), "shape": list(shape), "dtype": dtype,
            "y": enc(y), "yShape": list(y.shape), "gradient": enc(g)}


def windows():
    cases = []
    fns = [("hann_window", {"periodic": True}), ("hann_window", {"periodic": False}),
           ("hamming_window", {"periodic": True}), ("hamming_window", {"periodic": False}),
           ("kaiser_window", {}), ("kaiser_window", {"beta": 0.5}), ("kaiser_window", {"beta": 5.0}),
           ("kaiser_bessel_derived_window", {}), ("kaiser_bessel_derived_window", {"beta": 2.5}),
           ("vorbis_window", {})]
    for fn, args in fns:
        for dtype in ["float32", "float64"]:
            for n in [0, 1, 2, 3, 4, 7, 8, 17, 64]:
                case = {"fn": fn, "length": n, "args": args, "dtype": dtype}
                try:
                    case["y"] = enc(getattr(tf.signal, fn)(n, dtype=tf.as_dtype(dtype), **args))
                except Exception:  # noqa: BLE001 - TF refusing the length is the fixture
                    case["error"] = error_text(lambda: getattr(tf.signal, fn)(n, dtype=tf.as_dtype(dtype), **args))
                cases.append(case)
    errors = {
        "hann int32": error_text(lambda: tf.signal.hann_window(4, dtype=tf.int32)),
        "kaiser int32": error_text(lambda: tf.signal.kaiser_window(4, dtype=tf.int32)),
        "vorbis int32": error_text(lambda: tf.signal.vorbis_window(4, dtype=tf.int32)),
        "hann -1": error_text(lambda: tf.signal.hann_window(-1)),
        "kaiser -1": error_text(lambda: tf.signal.kaiser_window(-1)),
        "vorbis -1": error_text(lambda: tf.signal.vorbis_window(-1)),
        "hann 2.5": error_text(lambda: tf.signal.hann_window(2.5)),
        "hann [3]": error_text(lambda: tf.signal.hann_window([3])),
    }
    return {"cases": cases, "errors": errors}


def frames():
    cases = []
    specs = [
        ([8], dict(frame_length=3, frame_step=2)),
        ([8], dict(frame_length=3, frame_step=2, pad_end=True)),
        ([8], dict(frame_length=3, frame_step=2, pad_end=True, pad_value=1.5)),
        ([7], dict(frame_length=4, frame_step=4)),
        ([7], dict(frame_length=2, frame_step=3)),
        ([7], dict(frame_length=2, frame_step=3, pad_end=True)),
        ([5], dict(frame_length=6, frame_step=1)),
        ([5], dict(frame_length=6, frame_step=2, pad_end=True)),
        ([1], dict(frame_length=1, frame_step=1)),
        ([2], dict(frame_length=1, frame_step=1, pad_end=True)),
        ([2, 9], dict(frame_length=4, frame_step=2)),
        ([2, 9, 3], dict(frame_length=4, frame_step=3, axis=1)),
        ([2, 9, 3], dict(frame_length=4, frame_step=3, pad_end=True, pad_value=-1.0, axis=-2)),
        ([6, 2], dict(frame_length=2, frame_step=1, axis=0)),
        ([3, 4, 5], dict(frame_length=5, frame_step=5, axis=2)),
    ]
    for i, (shape, args) in enumerate(specs):
        for dtype in ["float32", "float64"]:
            cases.append(tensor_case(f"frame {shape} {args}", tf.signal.frame, shape, dtype, i + 1, **args))
    x = tf.zeros([6])
    errors = {
        "scalar signal": error_text(lambda: tf.signal.frame(tf.constant(1.0), 1, 1)),
        "frame_step 0": error_text(lambda: tf.signal.frame(x, 2, 0)),
        "axis 1 of rank 1": error_text(lambda: tf.signal.frame(x, 2, 1, axis=1)),
    }
    return {"cases": cases, "errors": errors}


def overlap_and_add():
    cases = []
    specs = [([3, 5], 2), ([3, 5], 1), ([3, 4], 4), ([3, 2], 3), ([4, 1], 1), ([1, 6], 3),
             ([2, 4, 6], 3), ([2, 3, 4, 3], 2), ([5, 7], 5), ([2, 2], 7)]
    for i, (shape, step) in enumerate(specs):
        for dtype in ["float32", "float64"]:
            cases.append(tensor_case(f"overlap_and_add {shape} step {step}", tf.signal.overlap_and_add, shape, dtype, i + 3, frame_step=step))
    errors = {
        "rank 1": error_text(lambda: tf.signal.overlap_and_add(tf.zeros([4]), 1)),
        "float step": error_text(lambda: tf.signal.overlap_and_add(tf.zeros([2, 4]), 1.5)),
    }
    return {"cases": cases, "errors": errors}


def shifts():
    cases = []
    specs = [([5], None), ([4], None), ([1], None), ([2], None), ([3, 4], None), ([3, 4], 0), ([3, 4], -1),
             ([3, 4], [0, 1]), ([2, 3, 5], [2, -3]), ([2, 3, 5], [1])]
    for i, (shape, axes) in enumerate(specs):
        for fn in ["fftshift", "ifftshift"]:
            for dtype in ["float32", "float64"]:
                cases.append(dict(tensor_case(f"{fn} {shape} {axes}", getattr(tf.signal, fn), shape, dtype, i + 2, axes=axes), fn=fn))
    return {"cases": cases}


def dcts():
    cases = []
    seed = 0
    for fn in ["dct", "idct"]:
        for kind in [1, 2, 3, 4]:
            for norm in ([None] if kind == 1 else [None, "ortho"]):
                for shape, n in [([1], None), ([2], None), ([3], None), ([5], None), ([8], None),
                                 ([2, 3, 6], None), ([7], 4), ([4], 6), ([3, 5], 1), ([2, 33], None)]:
                    if kind == 1 and (shape[-1] < 2):
                        continue
                    seed += 1
                    for dtype in ["float32", "float64"]:
                        fnc = getattr(tf.signal, fn)
                        c = tensor_case(f"{fn} type {kind} norm {norm} {shape} n={n}", fnc, shape, dtype, seed, type=kind, n=n, norm=norm)
                        cases.append(dict(c, fn=fn))
    x = tf.zeros([4])
    errors = {
        "axis 0": error_text(lambda: tf.signal.dct(x, axis=0)),
        "n 0": error_text(lambda: tf.signal.dct(x, n=0)),
        "type 5": error_text(lambda: tf.signal.dct(x, type=5)),
        "type 1 ortho": error_text(lambda: tf.signal.dct(x, type=1, norm="ortho")),
        "type 1 length 1": error_text(lambda: tf.signal.dct(tf.zeros([1]), type=1)),
        "type 1 length 1 n 3": error_text(lambda: tf.signal.dct(tf.zeros([1]), type=1, n=3)),
        "norm bad": error_text(lambda: tf.signal.dct(x, norm="forward")),
        "int32": error_text(lambda: tf.signal.dct(tf.zeros([4], tf.int32))),
        "idct type 1 ortho": error_text(lambda: tf.signal.idct(x, type=1, norm="ortho")),
    }
    # DCT-I truncated to one entry: TF checks the input's length (3), then computes on one entry.
    c = tensor_case("dct type 1 [3] n=1", tf.signal.dct, [3], "float64", 99, type=1, n=1)
    cases.append(dict(c, fn="dct"))
    return {"cases": cases, "errors": errors}


def mel():
    cases = []
    specs = [
        {},
        dict(num_mel_bins=40, num_spectrogram_bins=129, sample_rate=16000, lower_edge_hertz=20.0, upper_edge_hertz=8000.0),
        dict(num_mel_bins=80, num_spectrogram_bins=129, sample_rate=22050, lower_edge_hertz=0.0, upper_edge_hertz=11025.0),
        dict(num_mel_bins=10, num_spectrogram_bins=33, sample_rate=8000, lower_edge_hertz=300.0, upper_edge_hertz=3000.0),
        dict(num_mel_bins=1, num_spectrogram_bins=2, sample_rate=100, lower_edge_hertz=10.0, upper_edge_hertz=50.0),
        dict(num_mel_bins=3, num_spectrogram_bins=1, sample_rate=8000, lower_edge_hertz=125.0, upper_edge_hertz=3800.0),
        dict(num_mel_bins=64, num_spectrogram_bins=129, sample_rate=44100, lower_edge_hertz=60.0, upper_edge_hertz=7800.0),
    ]
    for args in specs:
        for dtype in ["float32", "float64"]:
            y = tf.signal.linear_to_mel_weight_matrix(**args, dtype=tf.as_dtype(dtype))
            cases.append({"args": args, "dtype": dtype, "shape": list(y.shape), "y": enc(y)})
    errors = {
        "num_mel_bins 0": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(num_mel_bins=0)),
        "lower -1": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=-1.0)),
        "lower >= upper": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=500.0, upper_edge_hertz=400.0)),
        "sample_rate 0": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(sample_rate=0)),
        "upper > nyquist": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(upper_edge_hertz=4500.0)),
        "int32": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(dtype=tf.int32)),
        "num_spectrogram_bins 0": error_text(lambda: tf.signal.linear_to_mel_weight_matrix(num_spectrogram_bins=0)),
    }
    return {"cases": cases, "errors": errors}


def mfccs():
    cases = []
    for i, shape in enumerate([[4, 13], [2, 3, 20], [1], [5, 2], [40]]):
        for dtype in ["float32", "float64"]:
            cases.append(tensor_case(f"mfccs {shape}", tf.signal.mfccs_from_log_mel_spectrograms, shape, dtype, i + 5))
    errors = {"zero bins": error_text(lambda: tf.signal.mfccs_from_log_mel_spectrograms(tf.zeros([3, 0])))}
    return {"cases": cases, "errors": errors}


WINDOWS = {"vorbis": tf.signal.vorbis_window, "hann": tf.signal.hann_window, "kaiser": tf.signal.kaiser_window, None: None}


def mdcts():
    cases = []
    specs = [([16], 8, "vorbis", False, None), ([16], 8, "vorbis", False, "ortho"), ([2, 20], 4, "hann", True, None),
             ([2, 19], 8, None, True, "ortho"), ([3, 12], 12, "kaiser", False, None), ([9], 4, "vorbis", True, None)]
    for i, (shape, length, window, pad_end, norm) in enumerate(specs):
        for dtype in ["float32", "float64"]:
            args = dict(frame_length=length, window=window, pad_end=pad_end, norm=norm)
            fn = lambda t: tf.signal.mdct(t, length, window_fn=WINDOWS[window], pad_end=pad_end, norm=norm)
            c = tensor_case(f"mdct {shape} {args}", lambda t, **_: fn(t), shape, dtype, i + 11)
            cases.append(dict(c, fn="mdct", args=args))
    for i, (shape, window, norm) in enumerate([([3, 4], "vorbis", None), ([3, 4], "vorbis", "ortho"), ([2, 3, 2], "hann", None),
                                               ([4, 6], None, "ortho"), ([1, 8], "kaiser", None)]):
        for dtype in ["float32", "float64"]:
            args = dict(window=window, norm=norm)
            fn = lambda t: tf.signal.inverse_mdct(t, window_fn=WINDOWS[window], norm=norm)
            c = tensor_case(f"inverse_mdct {shape} {args}", lambda t, **_: fn(t), shape, dtype, i + 21)
            cases.append(dict(c, fn="inverse_mdct", args=args))
    windows = []
    for step, length, window in [(2, 8, "hann"), (3, 8, "hann"), (4, 4, "vorbis"), (1, 5, "kaiser"), (5, 3, "hann")]:
        for dtype in ["float32", "float64"]:
            y = tf.signal.inverse_stft_window_fn(step, forward_window_fn=WINDOWS[window])(length, dtype=tf.as_dtype(dtype))
            windows.append({"frame_step": step, "frame_length": length, "window": window, "dtype": dtype, "y": enc(y)})
    errors = {
        "mdct length 6": error_text(lambda: tf.signal.mdct(tf.zeros([12]), 6)),
        "mdct scalar": error_text(lambda: tf.signal.mdct(tf.constant(1.0), 4)),
        "inverse_mdct rank 1": error_text(lambda: tf.signal.inverse_mdct(tf.zeros([4]))),
    }
    return {"cases": cases, "inverseStftWindows": windows, "errors": errors}


def main():
    out = {"tensorflow": tf.__version__, "windows": windows(), "frame": frames(), "overlapAndAdd": overlap_and_add(),
           "shifts": shifts(), "dct": dcts(), "mel": mel(), "mfccs": mfccs(), "mdct": mdcts()}
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote", OUT, {k: len(v["cases"]) for k, v in out.items() if isinstance(v, dict)})


if __name__ == "__main__":
    main()
