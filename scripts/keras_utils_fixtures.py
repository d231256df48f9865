"""keras.utils' data helpers run by Keras 3.15.1 (JAX backend): writes test/fixtures/keras-utils.json,
read by test/keras-utils.test.ts. (timeseries_dataset_from_array needs TensorFlow, which is not
installed here: the test checks it against its docstring's examples instead.)
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_utils_fixtures.py
"""
import json
import os

import numpy as np
import keras
from keras import utils


def case(fn, *args, **kwargs):
    try:
        out = fn(*args, **kwargs)
        return {"value": np.asarray(out).tolist(), "shape": list(np.shape(out))}
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"error": f"{type(e).__name__}: {e}"}


out = {
    "keras": keras.__version__,
    "to_categorical": {
        "plain": case(utils.to_categorical, [0, 2, 1, 3]),
        "num_classes": case(utils.to_categorical, [1, 0], 4),
        "column": case(utils.to_categorical, [[1], [0], [2]]),
        "matrix": case(utils.to_categorical, [[1, 2], [0, 1]], 3),
        "negative": case(utils.to_categorical, [0, -1], 3),
        "floats": case(utils.to_categorical, [1.7, 0.2, 2.9]),
        "out_of_range": case(utils.to_categorical, [0, 3], 3),
        # A backend tensor is one-hot encoded with ops: no wrap of negative labels, zero rows out
        # of range, num_classes needed.
        "tensor": case(utils.to_categorical, keras.ops.convert_to_tensor([0, 2, -1, 5], "int32"), 4),
        "tensor_column": case(utils.to_categorical, keras.ops.convert_to_tensor([[1], [3]], "int32"), 4),
        "tensor_matrix": case(utils.to_categorical, keras.ops.convert_to_tensor([[1, 2], [0, 1]], "int32"), 3),
        "tensor_no_classes": case(utils.to_categorical, keras.ops.convert_to_tensor([0, 1], "int32")),
    },
    "normalize": {
        "l2": case(utils.normalize, keras.ops.convert_to_tensor([[3.0, 4.0], [1.0, -2.0], [0.0, 0.0]])),
        "axis0": case(utils.normalize, keras.ops.convert_to_tensor([[3.0, 4.0], [1.0, -2.0]]), axis=0),
        "l1": case(utils.normalize, keras.ops.convert_to_tensor([[3.0, -4.0], [1.0, 1.0]]), order=1),
        "order0": case(utils.normalize, keras.ops.convert_to_tensor([[1.0]]), order=0),
    },
    "pad_sequences": {
        "default": case(utils.pad_sequences, [[1], [2, 3], [4, 5, 6]]),
        "post": case(utils.pad_sequences, [[1], [2, 3], [4, 5, 6]], padding="post"),
        "maxlen_pre": case(utils.pad_sequences, [[1, 2, 3, 4], [5], []], maxlen=2),
        "maxlen_post": case(utils.pad_sequences, [[1, 2, 3, 4], [5], []], maxlen=2, truncating="post", padding="post", value=-1),
        "float": case(utils.pad_sequences, [[0.5, 1.5], [2.5]], dtype="float32", value=0.25),
        "int_truncates": case(utils.pad_sequences, [[0.5, 1.7], [-2.5]], value=0.9),
        "rows": case(utils.pad_sequences, [[[1, 2], [3, 4]], [[5, 6]]], maxlen=3),
        "bad_padding": case(utils.pad_sequences, [[1]], padding="middle"),
        "bad_truncating": case(utils.pad_sequences, [[1, 2]], maxlen=1, truncating="middle"),
        "bad_shape": case(utils.pad_sequences, [[[1, 2]], [[1, 2, 3]]]),
    },
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-utils.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
