#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-attention.test.ts and test/keras-conv-variants.test.ts:
MultiHeadAttention, Attention and AdditiveAttention (masks, causal masks, attention scores,
higher-rank inputs), the transposed, depthwise and separable convolutions and Conv3D, and the fit
of a small transformer block, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_attention_fixtures.py > test/fixtures/keras-attention.json

For each layer case: the weights' paths and shapes, the outputs, the masks they carry, and the
loss and gradients of a fixed loss with respect to the weights and the inputs (jax.grad of the
layer's stateless_call). Masks reach the layers as Keras' masks of the inputs (a Masking layer
on inputs whose padding steps are zeros) or as call arguments. Weights and inputs are made by
`pattern` (in scripts/keras_fixture_helpers.py), which the tests repeat.
"""

import json

import numpy as np
import keras
from keras import layers

from keras_fixture_helpers import call_case, listed, pattern, set_pattern_weights, zeroed


Q = pattern((2, 4, 6), 0.3, scale=0.8, freq=0.9)
V = pattern((2, 3, 6), 1.1, scale=0.8, freq=0.7)
K5 = pattern((2, 3, 5), 2.0, scale=0.8, freq=0.6)
K6 = pattern((2, 3, 6), 2.0, scale=0.8, freq=0.6)
# Query step 2 of sample 0 and step 1 of sample 1 are padding; value step 1 of sample 0, step 0 of sample 1.
QM = np.array([[True, True, False, True], [True, False, True, True]])
VM = np.array([[True, False, True], [False, True, True]])
AM = np.array([[[1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [[0, 1, 1], [1, 1, 0], [1, 1, 1], [0, 0, 1]]], dtype=bool)
Q4 = pattern((2, 3, 2, 6), 0.5, scale=0.8, freq=0.8)  # [batch, 3, 2, features]: attention over axes 1 and 2, or one


def run(layer, inputs, masked, kwargs, as_list=False):
    """`layer`'s numbers (call_case). The traced call gets the inputs' masks as Attention's `mask`,
    or, for MultiHeadAttention, whose call takes no query mask, as the attention mask it would
    build from them ([B, T, 1] & [B, 1, S], ANDed with the call's). Masking still zeros the
    padding steps."""
    masks = [(np.asarray(a) != 0).any(axis=-1) if m else None for a, m in zip(inputs, masked)]
    traced_kwargs = dict(kwargs)
    if any(masked) and as_list:
        traced_kwargs["mask"] = masks
    elif any(masked):
        q_mask, v_mask, k_mask = (masks + [None])[:3]
        full = np.ones((inputs[0].shape[0], inputs[0].shape[1], inputs[1].shape[1]), dtype=bool)
        for m, part in ((q_mask, lambda m: m[:, :, None]), (v_mask, lambda m: m[:, None, :]), (k_mask, lambda m: m[:, None, :])):
            if m is not None:
                full = full & part(m)
        if "attention_mask" in kwargs:
            full = full & kwargs["attention_mask"]
        traced_kwargs["attention_mask"] = full
    return call_case(layer, inputs, masked, kwargs, traced_kwargs, as_list)


out = {"mha": {}, "attention": {}, "conv": {}}

MHA_CASES = {
    "self": (lambda: layers.MultiHeadAttention(2, 3), [Q, Q], [False, False], {}),
    "cross_key_scores": (lambda: layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=7), [Q, V, K5], [False] * 3, {"return_attention_scores": True}),
    "attention_mask": (lambda: layers.MultiHeadAttention(3, 2), [Q, V], [False, False], {"attention_mask": AM}),
    "causal_no_bias": (lambda: layers.MultiHeadAttention(2, 3, use_bias=False), [Q, Q], [False, False], {"use_causal_mask": True}),
    "causal_scores": (lambda: layers.MultiHeadAttention(2, 3), [Q, Q], [False, False], {"use_causal_mask": True, "return_attention_scores": True}),
    "masked_inputs": (lambda: layers.MultiHeadAttention(2, 3), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {}),
    "masked_inputs_scores": (lambda: layers.MultiHeadAttention(2, 3), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {"return_attention_scores": True}),
    "masked_value_causal_attention_mask": (lambda: layers.MultiHeadAttention(2, 2), [Q, zeroed(V, VM)], [False, True], {"attention_mask": AM, "use_causal_mask": True}),
    "masked_key": (lambda: layers.MultiHeadAttention(2, 3), [Q, V, zeroed(K5, VM)], [False, False, True], {"return_attention_scores": True}),
    "rank4_default_axes": (lambda: layers.MultiHeadAttention(2, 3), [Q4, Q4], [False, False], {"return_attention_scores": True}),
    "rank4_axis_2": (lambda: layers.MultiHeadAttention(2, 3, attention_axes=2, output_shape=(3, 2)), [Q4, Q4], [False, False], {"return_attention_scores": True}),
    "gate_sliding_window": (lambda: layers.MultiHeadAttention(2, 3, use_gate=True, sliding_window=2), [Q, Q], [False, False], {"use_causal_mask": True}),
}
for name, (make, inputs, masked, kwargs) in MHA_CASES.items():
    keras.backend.clear_session()
    out["mha"][name] = run(make(), inputs, masked, kwargs)

ATTENTION_CASES = {
    "dot": (lambda: layers.Attention(), [Q, V], {}),
    "dot_scale_key_mask_scores": (lambda: layers.Attention(use_scale=True), [Q, V, K6], {"mask": [QM, VM], "return_attention_scores": True}),
    "concat_scale_causal": (lambda: layers.Attention(use_scale=True, score_mode="concat"), [Q, V], {"use_causal_mask": True, "return_attention_scores": True}),
    "concat_value_mask": (lambda: layers.Attention(score_mode="concat"), [Q, V], {"mask": [None, VM]}),
    "additive": (lambda: layers.AdditiveAttention(), [Q, V, K6], {"mask": [QM, VM], "return_attention_scores": True}),
    "additive_no_scale_causal": (lambda: layers.AdditiveAttention(use_scale=False), [Q, V], {"use_causal_mask": True}),
}
for name, (make, inputs, kwargs) in ATTENTION_CASES.items():
    keras.backend.clear_session()
    out["attention"][name] = run(make(), inputs, [False] * len(inputs), kwargs, as_list=True)

# Attention after Masking: the inputs' masks are the call's `mask`, the output keeps the query's.
keras.backend.clear_session()
out["attention"]["carried_masks"] = run(layers.Attention(), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {}, as_list=True)

X1 = pattern((2, 5, 3), 0.2, scale=0.9, freq=0.8)
X2 = pattern((2, 5, 4, 3), 0.4, scale=0.9, freq=0.7)
X2F = pattern((2, 3, 5, 4), 0.4, scale=0.9, freq=0.7)
X3 = pattern((2, 4, 3, 5, 2), 0.6, scale=0.9, freq=0.5)
CONV_CASES = {
    "conv1d_transpose": (lambda: layers.Conv1DTranspose(4, 3, strides=2), X1),
    "conv1d_transpose_same_output_padding": (lambda: layers.Conv1DTranspose(2, 3, strides=2, padding="same", output_padding=1), X1),
    "conv1d_transpose_dilated": (lambda: layers.Conv1DTranspose(2, 2, dilation_rate=2, activation="tanh"), X1),
    "conv2d_transpose": (lambda: layers.Conv2DTranspose(3, (2, 3), strides=(2, 1)), X2),
    "conv2d_transpose_same": (lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same", use_bias=False), X2),
    "conv2d_transpose_valid_output_padding": (lambda: layers.Conv2DTranspose(2, 3, strides=3, output_padding=(1, 2)), X2),
    "conv2d_transpose_channels_first": (lambda: layers.Conv2DTranspose(2, 2, strides=2, data_format="channels_first"), X2F),
    "depthwise_conv2d": (lambda: layers.DepthwiseConv2D(2, depth_multiplier=2), X2),
    "depthwise_conv2d_strides_same": (lambda: layers.DepthwiseConv2D((3, 2), strides=2, padding="same", activation="relu"), X2),
    "depthwise_conv2d_dilated": (lambda: layers.DepthwiseConv2D(2, dilation_rate=2, depth_multiplier=3), X2),
    "depthwise_conv2d_channels_first": (lambda: layers.DepthwiseConv2D(2, data_format="channels_first"), X2F),
    "depthwise_conv1d": (lambda: layers.DepthwiseConv1D(3, depth_multiplier=2, padding="same"), X1),
    "separable_conv2d": (lambda: layers.SeparableConv2D(4, 2, depth_multiplier=2), X2),
    "separable_conv2d_strides_same": (lambda: layers.SeparableConv2D(2, 3, strides=2, padding="same", use_bias=False), X2),
    "separable_conv2d_dilated": (lambda: layers.SeparableConv2D(3, 2, dilation_rate=(2, 1), activation="tanh"), X2),
    "separable_conv1d": (lambda: layers.SeparableConv1D(3, 2, strides=2), X1),
    "conv3d": (lambda: layers.Conv3D(3, 2), X3),
    "conv3d_same_strides": (lambda: layers.Conv3D(2, (2, 1, 3), strides=2, padding="same"), X3),
}
for name, (make, x) in CONV_CASES.items():
    keras.backend.clear_session()
    layer = make()
    out["conv"][name] = run(layer, [x], [False], {})
    out["conv"][name]["config"] = {k: v for k, v in layer.get_config().items() if k in ("kernel_size", "strides", "padding", "output_padding", "dilation_rate", "depth_multiplier", "filters")}

# ---- a transformer block: Embedding with mask_zero, self-attention, residuals, LayerNormalization,
# a feed-forward network, a masked mean over the steps, Dense; 3 epochs of SGD, batches of 4. (Not
# Adam: the key projection's bias has a zero gradient, as softmax ignores what adds to every
# score alike, and Adam would turn its rounding noise into full steps.)
N, T = 6, 5
IDS = np.array([[3, 1, 4, 0, 0], [2, 5, 6, 1, 0], [1, 1, 2, 3, 4], [5, 0, 0, 0, 0], [4, 2, 6, 0, 0], [3, 3, 2, 1, 0]], dtype="int32")
Y = pattern((N, 1), 0.4, scale=1.0, freq=1.1)


def transformer_block():
    ids = keras.Input((T,), dtype="int32")
    x = layers.Embedding(7, 6, mask_zero=True)(ids)
    a = layers.MultiHeadAttention(2, 3)(x, x)
    x = layers.LayerNormalization()(layers.Add()([x, a]))
    f = layers.Dense(8, activation="relu")(x)
    f = layers.Dense(6)(f)
    x = layers.LayerNormalization()(layers.Add()([x, f]))
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(ids, layers.Dense(1)(x))


keras.backend.clear_session()
model = transformer_block()
set_pattern_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
prediction = model.predict(IDS, batch_size=4, verbose=0)
history = model.fit(IDS, Y, epochs=3, batch_size=4, shuffle=False, verbose=0)
out["transformer_fit"] = {
    "weights_paths": [w.path for w in model.weights],
    "predict": listed(prediction),
    "loss": [float(v) for v in history.history["loss"]],
    "weights": [listed(w.numpy()) for w in model.weights],
}

mha = layers.MultiHeadAttention(2, 3, value_dim=4, dropout=0.1, output_shape=(5,), attention_axes=(1,), kernel_initializer="he_normal", seed=7)
out["mha_config"] = mha.get_config()
print(json.dumps(out))
