#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-reversible-embedding.test.ts: ReversibleEmbedding, tied
and untied, with logit_soft_cap and mask_zero, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax PYTHONPATH=scripts python scripts/keras_reversible_embedding_fixtures.py > test/fixtures/keras-reversible-embedding.json

For each case: the weights' paths and shapes, the forward output of IDS (and its mask), the
reverse output of HIDDEN, compute_output_shape both ways, the config (without name, trainable,
dtype), and the loss sum(forward * C1) + sum(reverse * C2), C = pattern(shape, 0.7, 1, 0.6), with
its gradients with respect to the weights and then HIDDEN (jax.grad of stateless_call). Weights and
inputs are made by `pattern` (scripts/keras_fixture_helpers.py), which the test repeats.
"""

import json

import jax
import jax.numpy as jnp
import keras
import numpy as np
from keras import layers
from keras.src.backend import get_keras_mask

from keras_fixture_helpers import listed, pattern, set_pattern_weights

IDS = np.array([[0, 2, 6, 1], [3, 0, 4, 5]], dtype="int32")
HIDDEN = pattern((2, 4, 3), 0.3, scale=0.8, freq=0.9)

CASES = {
    "tied": lambda: layers.ReversibleEmbedding(7, 3),
    "untied_soft_cap": lambda: layers.ReversibleEmbedding(7, 3, tie_weights=False, logit_soft_cap=0.5),
    "mask_zero": lambda: layers.ReversibleEmbedding(7, 3, mask_zero=True),
}
BASE_KEYS = {"name", "trainable", "dtype"}

out = {"layers": {}}
for name, make in CASES.items():
    keras.backend.clear_session()
    layer = make()
    layer.build(IDS.shape)
    set_pattern_weights(layer)
    forward = layer(IDS)
    reverse = layer(HIDDEN, reverse=True)
    C1 = jnp.asarray(pattern(tuple(forward.shape), 0.7, scale=1.0, freq=0.6))
    C2 = jnp.asarray(pattern(tuple(reverse.shape), 0.7, scale=1.0, freq=0.6))

    def loss_fn(trainable, hidden):
        f, _ = layer.stateless_call(trainable, [], jnp.asarray(IDS))
        r, _ = layer.stateless_call(trainable, [], hidden, reverse=True)
        return jnp.sum(f * C1) + jnp.sum(r * C2)

    loss, (grads, hidden_grad) = jax.value_and_grad(loss_fn, argnums=(0, 1))([v.value for v in layer.trainable_variables], jnp.asarray(HIDDEN))
    config = {k: v for k, v in layer.get_config().items() if k not in BASE_KEYS}
    mask = get_keras_mask(forward)
    out["layers"][name] = {
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "forward": listed(forward),
        "forward_shape": list(forward.shape),
        "forward_mask": listed(mask) if mask is not None else None,
        "reverse": listed(reverse),
        "reverse_shape": list(reverse.shape),
        "reverse_has_mask": get_keras_mask(reverse) is not None,
        "computed_forward": list(layer.compute_output_shape((None, 4))),
        "computed_reverse": list(layer.compute_output_shape((None, 4, 3), reverse=True)),
        "config": json.loads(json.dumps(config)),
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(hidden_grad)],
    }

print(json.dumps(out))
