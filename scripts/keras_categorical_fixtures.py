#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-categorical.test.ts: CategoryEncoding, Discretization,
IntegerLookup and Hashing as they run with the TensorFlow backend (bincount and one_hot paths,
Bucketize, the approximate quantile summary of Discretization.adapt, IntegerLookup's vocabulary
and OOV hashing, FarmHash and SipHash bins):

    python scripts/keras_categorical_fixtures.py > test/fixtures/keras-categorical.json

For each case: the call's output (as a list) and its dtype, compute_output_shape of the input
shape, and the layer's get_config (without name, trainable and dtype). Also adapt() results
(boundaries, vocabularies, idf weights) and Keras' error messages for bad options.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers as L

BASE = ("name", "trainable", "dtype")


def config_of(layer):
    return {k: v for k, v in layer.get_config().items() if k not in BASE}


def listed(x):
    """A list of the array's values, NaN as None (JSON has no NaN)."""
    arr = np.asarray(x)
    if arr.dtype.kind == "f":
        return np.where(np.isnan(arr), None, arr).tolist()
    return arr.tolist()


def run(make, x, call_kwargs=None, adapt=None):
    layer = make()
    if adapt is not None:
        layer.adapt(adapt)
    out = layer(np.asarray(x), **(call_kwargs or {}))
    arr = np.asarray(out)
    case = {
        "input": listed(x),
        "inputDtype": str(np.asarray(x).dtype),
        "output": arr.tolist(),
        "shape": list(arr.shape),
        "dtype": str(arr.dtype),
        "outputShape": [d for d in layer.compute_output_shape(tuple(np.asarray(x).shape))],
        "config": config_of(layer),
    }
    if call_kwargs:
        case["callKwargs"] = {k: np.asarray(v).tolist() for k, v in call_kwargs.items()}
    if hasattr(layer, "get_vocabulary"):
        case["vocabulary"] = [int(v) for v in layer.get_vocabulary()]
        case["vocabularySize"] = int(layer.vocabulary_size())
    if hasattr(layer, "idf_weights_const"):
        case["idfWeights"] = np.asarray(layer.idf_weights_const).tolist()
    return case


RANK3 = [[[2, 1, 0], [0, 3, 3]], [[1, 1, 2], [3, 0, 2]]]
CASES = {
    "ce_multi_hot": (lambda: L.CategoryEncoding(4), [[0, 1], [3, 3], [2, 9]], None),
    "ce_multi_hot_rank1": (lambda: L.CategoryEncoding(5), [4, 0, 4, 7], None),
    "ce_multi_hot_rank3": (lambda: L.CategoryEncoding(4), RANK3, None),
    "ce_count": (lambda: L.CategoryEncoding(4, output_mode="count"), [[0, 1, 1], [3, 3, 5]], None),
    "ce_count_weights": (lambda: L.CategoryEncoding(4, output_mode="count"), [[0, 1, 1], [3, 3, 2]], {"count_weights": np.array([[0.5, 0.25, 1.5], [0.1, 0.2, 0.3]], "float32")}),
    "ce_count_rank3": (lambda: L.CategoryEncoding(4, output_mode="count"), RANK3, None),
    "ce_one_hot": (lambda: L.CategoryEncoding(4, output_mode="one_hot"), [3, 0, -1, 4, 2], None),
    "ce_one_hot_trailing1": (lambda: L.CategoryEncoding(3, output_mode="one_hot"), [[2], [0], [5]], None),
    "ce_one_hot_rank2": (lambda: L.CategoryEncoding(3, output_mode="one_hot"), [[2, 1], [0, -2]], None),
    "ce_scalar_multi_hot": (lambda: L.CategoryEncoding(3), 2, None),
    "ce_scalar_one_hot": (lambda: L.CategoryEncoding(3, output_mode="one_hot"), 1, None),
    "ce_float_ids": (lambda: L.CategoryEncoding(4), np.array([0.0, 1.7, 3.2], "float32"), None),
    "disc_int": (lambda: L.Discretization(bin_boundaries=[-1.0, 0.0, 0.5, 2.0]), np.array([[-3.0, -1.0, 0.0, 0.25], [0.5, 1.9, 2.0, np.nan]], "float32"), None),
    "disc_float32_boundary": (lambda: L.Discretization(bin_boundaries=[0.1, 0.3]), np.array([0.1, 0.3, 0.29999998], "float32"), None),
    "disc_one_hot": (lambda: L.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot"), np.array([[-1.0], [0.5], [3.0]], "float32"), None),
    "disc_multi_hot": (lambda: L.Discretization(bin_boundaries=[0.0, 1.0], output_mode="multi_hot"), np.array([[-1.0, 0.5], [3.0, 3.0]], "float32"), None),
    "disc_count": (lambda: L.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count"), np.array([[-1.0, 0.5], [3.0, 3.0]], "float32"), None),
    "disc_count_rank3": (lambda: L.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count"), np.array([[[-1.0, 0.5], [3.0, 3.0]], [[0.2, 0.3], [-4.0, 1.0]]], "float32"), None),
}

DATA = (np.sin(np.arange(1000) * 0.37) * 10 + np.arange(1000) * 0.01).astype("float32")
ADAPT_CASES = {
    "disc_adapt_small": (lambda: L.Discretization(num_bins=4), np.array([[0.0, 1, 2, 3, 4, 5, 6, 7]], "float32"), np.array([0, 1, 2, 3, 4, 5, 6, 7], "float32")),
    "disc_adapt_few_points": (lambda: L.Discretization(num_bins=5, epsilon=0.5), np.array([1.0, 2.0, 3.5], "float32"), np.array([3.0, 1.0, 2.0, 5.0, 4.0], "float32")),
    "disc_adapt_1000": (lambda: L.Discretization(num_bins=7), DATA[:10], DATA.reshape(100, 10)),
    "disc_adapt_eps": (lambda: L.Discretization(num_bins=3, epsilon=0.05, output_mode="one_hot"), DATA[:6], DATA[:333]),
    "il_adapt": (lambda: L.IntegerLookup(), [[7, 5, 3], [9, 7, 100]], np.array([7, 5, 7, 9, 5, 7, 3, 3, 3, -1])),
    "il_adapt_max": (lambda: L.IntegerLookup(max_tokens=4, num_oov_indices=2, mask_token=0), [[7, 5, 0], [9, 8, 100]], np.array([[7, 5, 7, 9, 0, 0], [5, 7, 3, 3, 3, 4]])),
    "il_adapt_tfidf": (lambda: L.IntegerLookup(output_mode="tf_idf"), [[7, 5, 5], [9, 9, 9]], np.array([[7, 5, 7], [9, 5, 1], [3, 3, 3], [7, 7, 7]])),
    "il_adapt_tfidf_pad": (lambda: L.IntegerLookup(output_mode="tf_idf", max_tokens=8, pad_to_max_tokens=True, num_oov_indices=2), [[7, 5, 5], [9, 9, 4]], np.array([[7, 5, 7], [9, 5, 1], [3, 3, 3], [7, 7, 7]])),
}

LOOKUP_CASES = {
    "il_vocab": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138, 42]), [[12, 1138, 42], [42, 1000, 36]]),
    "il_mask": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138, 42], mask_token=0), [[12, 0, 42], [42, 1000, 0]]),
    "il_special_in_vocab": (lambda: L.IntegerLookup(vocabulary=[0, -1, 12, 36], mask_token=0), [[12, 0, 36, 5]]),
    "il_oov_floormod": (lambda: L.IntegerLookup(vocabulary=[12, 36], num_oov_indices=3), [[12, 7, -7, 36, 1000, 11]]),
    "il_oov_farmhash": (lambda: L.IntegerLookup(vocabulary=[12, 36], num_oov_indices=5, oov_method="farmhash"), [[12, 7, -7, 36, 1000, 11, 123456789, -2147483648]]),
    "il_oov_farmhash_salt": (lambda: L.IntegerLookup(vocabulary=[12, 36], num_oov_indices=5, oov_method="farmhash", salt=[3, 99]), [[12, 7, -7, 36, 1000, 11, 123456789, -2147483648]]),
    "il_invert": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], invert=True), [[0, 1, 2, 3, 4, 9]]),
    "il_invert_mask": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], invert=True, mask_token=0, num_oov_indices=2), [[0, 1, 2, 3, 4, 5, 9]]),
    "il_one_hot": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], output_mode="one_hot", mask_token=0), [12, 0, 36, 5]),
    "il_multi_hot": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], output_mode="multi_hot", mask_token=0), [[12, 0, 36], [5, 5, 0]]),
    "il_count_pad": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], output_mode="count", max_tokens=6, pad_to_max_tokens=True), [[12, 12, 36], [5, 1138, 7]]),
    "il_tf_idf": (lambda: L.IntegerLookup(vocabulary=[12, 36, 1138], output_mode="tf_idf", idf_weights=[0.5, 0.25, 2.0]), [[12, 12, 36], [5, 1138, 7]]),
    "hash_int": (lambda: L.Hashing(num_bins=3), [[1, 2, 3, 4]]),
    "hash_many": (lambda: L.Hashing(num_bins=1000003), [[0, 1, -1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 123456789, 2147483647, -2147483648]]),
    "hash_float": (lambda: L.Hashing(num_bins=97), np.array([[0.5, 1.9, -2.7, 1e9]], "float32")),
    "hash_salt": (lambda: L.Hashing(num_bins=3, salt=133), [[1, 2, 3, 4]]),
    "hash_salt_pair": (lambda: L.Hashing(num_bins=1000003, salt=[-5, 1 << 40]), [[0, 1, -1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 123456789, 2147483647, -2147483648]]),
    "hash_mask": (lambda: L.Hashing(num_bins=5, mask_value=0), [[0, 1, 2, 3, 0, 17]]),
    "hash_one_hot": (lambda: L.Hashing(num_bins=4, output_mode="one_hot"), [[1], [2], [3]]),
    "hash_multi_hot": (lambda: L.Hashing(num_bins=4, output_mode="multi_hot"), [[1, 2], [3, 4]]),
    "hash_count": (lambda: L.Hashing(num_bins=4, output_mode="count", mask_value=7), [[1, 7, 1], [3, 4, 7]]),
}


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        msg = str(e)
        return msg.split("\n")[0] if "Exception encountered" not in msg else msg
    return None


ERRORS = {
    "ce_no_tokens": lambda: L.CategoryEncoding(),
    "ce_zero_tokens": lambda: L.CategoryEncoding(0),
    "ce_bad_mode": lambda: L.CategoryEncoding(3, output_mode="int"),
    "disc_both": lambda: L.Discretization(bin_boundaries=[1.0], num_bins=2),
    "disc_neither": lambda: L.Discretization(),
    "disc_negative_bins": lambda: L.Discretization(num_bins=-1),
    "disc_adapt_boundaries": lambda: L.Discretization(bin_boundaries=[1.0]).adapt(np.array([1.0])),
    "il_max_tokens": lambda: L.IntegerLookup(max_tokens=1),
    "il_num_oov": lambda: L.IntegerLookup(num_oov_indices=-1),
    "il_invert_mode": lambda: L.IntegerLookup(invert=True, output_mode="one_hot"),
    "il_idf_mode": lambda: L.IntegerLookup(idf_weights=[1.0], vocabulary=[3]),
    "il_repeated": lambda: L.IntegerLookup(vocabulary=[3, 4, 3]),
    "il_too_large": lambda: L.IntegerLookup(vocabulary=[3, 4, 5], max_tokens=3),
    "il_mask_inside": lambda: L.IntegerLookup(vocabulary=[3, 0, 5], mask_token=0),
    "il_salt_floormod": lambda: L.IntegerLookup(salt=3),
    "il_pad_no_max": lambda: L.IntegerLookup(pad_to_max_tokens=True),
    "il_tfidf_no_idf": lambda: L.IntegerLookup(vocabulary=[3], output_mode="tf_idf"),
    "hash_bins": lambda: L.Hashing(num_bins=0),
    "hash_dtype": lambda: L.Hashing(num_bins=3, dtype="float32"),
}

out = {"cases": {}, "errors": {}}
for name, (make, x, kwargs) in CASES.items():
    out["cases"][name] = run(make, x, kwargs)
for name, (make, x, data) in ADAPT_CASES.items():
    case = run(make, x, adapt=data)
    case["adaptData"] = np.asarray(data).tolist()
    out["cases"][name] = case
for name, (make, x) in LOOKUP_CASES.items():
    out["cases"][name] = run(make, x)
for name, fn in ERRORS.items():
    out["errors"][name] = error_of(fn)
# The hash functions themselves: Fingerprint64 and SipHash of numbers' text, as TF computes them.
import tensorflow as tf
texts = ["", "0", "-1", "42", "1234", "12345678", "-2147483648", "1234567890123456", "12345678901234567", "-9223372036854775808"]
out["fingerprints"] = {t: int(np.uint64(tf.fingerprint(tf.constant([t]), "farmhash64").numpy().reshape(-1).view("<u8")[0])) for t in texts}
out["sipBuckets"] = {t: int(tf.strings.to_hash_bucket_strong(t, 2**62, key=[7, 11]).numpy()) for t in texts}
print(json.dumps(out, default=lambda v: v.item() if hasattr(v, "item") else str(v)))
