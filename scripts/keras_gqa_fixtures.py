#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-group-query-attention.test.ts: GroupQueryAttention
(keras/src/layers/attention/grouped_query_attention.py) run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_gqa_fixtures.py > test/fixtures/keras-group-query-attention.json

For each case: the weights' paths and shapes, the outputs (and attention scores), the masks they
carry, and the loss and gradients of the fixed loss with respect to the weights and the inputs
(jax.grad of stateless_call), as scripts/keras_attention_fixtures.py records MultiHeadAttention's.
Masks reach the layer as Keras' masks of the inputs (a Masking layer on inputs whose padding steps
are zeros) or as call arguments. Also: configs, the serialized class name, output shapes of
symbolic calls, the messages of the errors (and which of two or all bad options Keras reports
first), and a model saved by Keras as a .keras archive.
"""

import base64
import json
import os
import tempfile

import numpy as np
import keras
from keras import layers

from keras_fixture_helpers import call_case, first_errors, listed, pattern, save_as_committed, set_pattern_weights, zeroed

Q = pattern((2, 4, 6), 0.3, scale=0.8, freq=0.9)
V = pattern((2, 3, 6), 1.1, scale=0.8, freq=0.7)
K5 = pattern((2, 3, 5), 2.0, scale=0.8, freq=0.6)
QM = np.array([[True, True, False, True], [True, False, True, True]])
VM = np.array([[True, False, True], [False, True, True]])
AM = np.array([[[1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [[0, 1, 1], [1, 1, 0], [1, 1, 1], [0, 0, 1]]], dtype=bool)
# Query step 1 of sample 0 attends to nothing: Keras' two ways of attending differ there.
AM_EMPTY_ROW = AM.copy()
AM_EMPTY_ROW[0, 1] = False


def run(layer, inputs, masked, kwargs):
    """`layer`'s numbers (call_case); the traced call gets the inputs' masks as its query_mask /
    value_mask / key_mask arguments."""
    traced_kwargs = dict(kwargs)
    for name, a, m in zip(("query_mask", "value_mask", "key_mask"), inputs, masked):
        if m:
            traced_kwargs[name] = (np.asarray(a) != 0).any(axis=-1)
    return call_case(layer, inputs, masked, kwargs, traced_kwargs)


GQA = layers.GroupQueryAttention
CASES = {
    "self": (lambda: GQA(3, 4, 2), [Q, Q], [False, False], {}),
    "cross_key_scores": (lambda: GQA(2, 4, 2), [Q, V, K5], [False] * 3, {"return_attention_scores": True}),
    "attention_mask": (lambda: GQA(2, 6, 3), [Q, V], [False, False], {"attention_mask": AM}),
    "attention_mask_empty_row": (lambda: GQA(2, 2, 1), [Q, V], [False, False], {"attention_mask": AM_EMPTY_ROW}),
    "attention_mask_empty_row_scores": (lambda: GQA(2, 2, 1), [Q, V], [False, False], {"attention_mask": AM_EMPTY_ROW, "return_attention_scores": True}),
    "causal_multi_query_no_bias": (lambda: GQA(3, 2, 1, use_bias=False), [Q, Q], [False, False], {"use_causal_mask": True}),
    "causal_scores": (lambda: GQA(3, 4, 2), [Q, Q], [False, False], {"use_causal_mask": True, "return_attention_scores": True}),
    "causal_cross": (lambda: GQA(2, 2, 2), [Q, V], [False, False], {"use_causal_mask": True}),
    "masked_inputs": (lambda: GQA(3, 2, 1), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {}),
    "masked_inputs_scores": (lambda: GQA(3, 2, 1), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {"return_attention_scores": True}),
    "masked_value_causal_attention_mask": (lambda: GQA(2, 4, 2), [Q, zeroed(V, VM)], [False, True], {"attention_mask": AM, "use_causal_mask": True}),
    "masked_key": (lambda: GQA(3, 2, 1), [Q, V, zeroed(K5, VM)], [False, False, True], {"return_attention_scores": True}),
    "gate_sliding_window": (lambda: GQA(3, 4, 2, use_gate=True, sliding_window=2), [Q, Q], [False, False], {"use_causal_mask": True}),
    "sliding_window_scores": (lambda: GQA(2, 2, 1, sliding_window=1), [Q, V], [False, False], {"return_attention_scores": True}),
    "flash_attention_false": (lambda: GQA(3, 4, 2, flash_attention=False), [Q, Q], [False, False], {"use_causal_mask": True}),
}
out = {"cases": {}}
for name, (make, inputs, masked, kwargs) in CASES.items():
    keras.backend.clear_session()
    out["cases"][name] = run(make(), inputs, masked, kwargs)

keras.backend.clear_session()
layer = GQA(4, 6, 2, dropout=0.1, use_bias=False, sliding_window=3, use_gate=True, kernel_initializer="he_normal",
            bias_initializer="ones", kernel_regularizer="l2", activity_regularizer="l1", kernel_constraint="max_norm", seed=7)
out["config"] = layer.get_config()
out["serialized_class_name"] = keras.layers.serialize(layer)["class_name"]
out["default_config"] = GQA(2, 2, 1).get_config()

keras.backend.clear_session()
q, v, k = keras.Input((4, 6)), keras.Input((3, 6)), keras.Input((3, 5))
y, s = GQA(2, 4, 2)(q, v, k, return_attention_scores=True)
out["symbolic_shapes"] = [list(y.shape), list(s.shape)]
out["compute_output_shape"] = list(GQA(2, 4, 2).compute_output_shape((2, 4, 6), (2, 3, 6), (2, 3, 5)))

errors = {}
def error_of(f):
    try:
        f()
    except Exception as e:
        return str(e)
    return None
errors["divisible"] = error_of(lambda: GQA(2, 4, 3))
errors["sliding_window"] = error_of(lambda: GQA(2, 4, 2, sliding_window=0))
errors["flash_dropout"] = error_of(lambda: GQA(2, 4, 2, dropout=0.1, flash_attention=True))
errors["flash_scores"] = error_of(lambda: GQA(2, 4, 2, flash_attention=True)(Q, Q, return_attention_scores=True))
# On the CPU the dot-product path refuses flash attention.
errors["flash_call"] = error_of(lambda: GQA(2, 4, 2, flash_attention=True)(Q, Q))
errors["query_value_last"] = error_of(lambda: GQA(2, 4, 2).compute_output_shape((2, 4, 6), (2, 3, 5)))
errors["value_key"] = error_of(lambda: GQA(2, 4, 2).compute_output_shape((2, 4, 6), (2, 3, 6), (2, 2, 6)))
out["errors"] = errors

# Bad options of GroupQueryAttention, each alone an error: its __init__ checks the layer's keyword
# arguments (super().__init__), that the query heads divide into the key/value heads,
# sliding_window, the initializers, regularizers and constraints, and last flash attention's dropout.
GQA_BAD_SETTINGS = {
    "unknown_option": {"bogus_option": 1},
    "divisible": {"num_query_heads": 4, "num_key_value_heads": 3},
    "sliding_window": {"sliding_window": 0},
    "kernel_initializer": {"kernel_initializer": "bogus_kernel_initializer"},
    "bias_initializer": {"bias_initializer": "bogus_bias_initializer"},
    "kernel_regularizer": {"kernel_regularizer": "bogus_kernel_regularizer"},
    "bias_regularizer": {"bias_regularizer": "bogus_bias_regularizer"},
    "activity_regularizer": {"activity_regularizer": "bogus_activity_regularizer"},
    "kernel_constraint": {"kernel_constraint": "bogus_kernel_constraint"},
    "bias_constraint": {"bias_constraint": "bogus_bias_constraint"},
    "flash_dropout": {"flash_attention": True, "dropout": 0.1},
}
out["first_errors"] = first_errors(lambda **kw: GQA(**{"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, **kw}), GQA_BAD_SETTINGS)

# A functional model with a GroupQueryAttention saved by Keras as a .keras archive (base64), and
# its predictions, which gradtape's loadModel must give. What the archive records of when it was
# written is held at the committed archive's (save_as_committed), so the fixture regenerates byte
# for byte.
COMMITTED = "test/fixtures/keras-group-query-attention.json"  # the script runs from the repository's root
committed_archive = None
if os.path.exists(COMMITTED):
    with open(COMMITTED) as f:
        committed_archive = base64.b64decode(json.load(f)["saved_model"]["archive_base64"])
keras.backend.clear_session()
q, v = keras.Input((4, 6)), keras.Input((3, 6))
model = keras.Model([q, v], GQA(2, 4, 2, use_gate=True)(q, v, use_causal_mask=True))
set_pattern_weights(model)
with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "gqa.keras")
    save_as_committed(model, path, committed_archive)
    with open(path, "rb") as f:
        archive = f.read()
out["saved_model"] = {
    "archive_base64": base64.b64encode(archive).decode(),
    "predict": listed(model.predict([Q, V], verbose=0)),
}
print(json.dumps(out))
