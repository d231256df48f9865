#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-attention.test.ts and test/keras-conv-variants.test.ts:
MultiHeadAttention, Attention and AdditiveAttention (masks, causal masks, attention scores,
higher-rank inputs), the transposed, depthwise and separable convolutions and Conv3D, and the fit
of a small transformer block, run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_attention_fixtures.py > test/fixtures/keras-attention.json

or, naming sections (mha, attention, conv, transformer_fit, mha_config, mha_errors), only those
are computed and the others copied from the committed test/fixtures/keras-attention.json:

    KERAS_BACKEND=jax python scripts/keras_attention_fixtures.py mha mha_errors > keras-attention.json
    mv keras-attention.json test/fixtures/

(transformer_fit's 3 epochs of fit regenerate within a few float32 ulps of the committed numbers,
not bit for bit, on another machine's jax: regenerate the sections you change.)

For each layer case: the weights' paths and shapes, the outputs, the masks they carry, and the
loss and gradients of a fixed loss with respect to the weights and the inputs (jax.grad of the
layer's stateless_call). Masks reach the layers as Keras' masks of the inputs (a Masking layer
on inputs whose padding steps are zeros) or as call arguments. Weights and inputs are made by
`pattern` (in scripts/keras_fixture_helpers.py), which the tests repeat. Also MultiHeadAttention's
config, and its errors: which of two (or all) bad options Keras reports first, and flash attention's.
"""

import json
import sys

import numpy as np
import keras
from keras import layers

from keras_fixture_helpers import call_case, first_errors, listed, message, pattern, set_pattern_weights, zeroed


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
    # Projections of rank 5 take the Softmax path, which ignores flash attention.
    "rank4_flash_attention": (lambda: layers.MultiHeadAttention(2, 3, flash_attention=True), [Q4, Q4], [False, False], {}),
}


def mha_section():
    section = {}
    for name, (make, inputs, masked, kwargs) in MHA_CASES.items():
        keras.backend.clear_session()
        section[name] = run(make(), inputs, masked, kwargs)
    return section

ATTENTION_CASES = {
    "dot": (lambda: layers.Attention(), [Q, V], {}),
    "dot_scale_key_mask_scores": (lambda: layers.Attention(use_scale=True), [Q, V, K6], {"mask": [QM, VM], "return_attention_scores": True}),
    "concat_scale_causal": (lambda: layers.Attention(use_scale=True, score_mode="concat"), [Q, V], {"use_causal_mask": True, "return_attention_scores": True}),
    "concat_value_mask": (lambda: layers.Attention(score_mode="concat"), [Q, V], {"mask": [None, VM]}),
    "additive": (lambda: layers.AdditiveAttention(), [Q, V, K6], {"mask": [QM, VM], "return_attention_scores": True}),
    "additive_no_scale_causal": (lambda: layers.AdditiveAttention(use_scale=False), [Q, V], {"use_causal_mask": True}),
}


def attention_section():
    section = {}
    for name, (make, inputs, kwargs) in ATTENTION_CASES.items():
        keras.backend.clear_session()
        section[name] = run(make(), inputs, [False] * len(inputs), kwargs, as_list=True)
    # Attention after Masking: the inputs' masks are the call's `mask`, the output keeps the query's.
    keras.backend.clear_session()
    section["carried_masks"] = run(layers.Attention(), [zeroed(Q, QM), zeroed(V, VM)], [True, True], {}, as_list=True)
    return section

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


def conv_section():
    section = {}
    for name, (make, x) in CONV_CASES.items():
        keras.backend.clear_session()
        layer = make()
        section[name] = run(layer, [x], [False], {})
        section[name]["config"] = {k: v for k, v in layer.get_config().items() if k in ("kernel_size", "strides", "padding", "output_padding", "dilation_rate", "depth_multiplier", "filters")}
    return section

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


def transformer_fit_section():
    keras.backend.clear_session()
    model = transformer_block()
    set_pattern_weights(model)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    prediction = model.predict(IDS, batch_size=4, verbose=0)
    history = model.fit(IDS, Y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    return {
        "weights_paths": [w.path for w in model.weights],
        "predict": listed(prediction),
        "loss": [float(v) for v in history.history["loss"]],
        "weights": [listed(w.numpy()) for w in model.weights],
    }


def mha_config_section():
    keras.backend.clear_session()
    mha = layers.MultiHeadAttention(2, 3, value_dim=4, dropout=0.1, output_shape=(5,), attention_axes=(1,), kernel_initializer="he_normal", seed=7)
    return mha.get_config()


# Bad options of MultiHeadAttention, each alone an error: its __init__ checks num_heads, key_dim and
# value_dim, then the layer's keyword arguments (super().__init__), output_shape, the initializers,
# regularizers and constraints, attention_axes, sliding_window, and last flash attention's dropout.
MHA_BAD_SETTINGS = {
    "num_heads": {"num_heads": 0},
    "key_dim": {"key_dim": 0},
    "value_dim": {"value_dim": 0},
    "unknown_option": {"bogus_option": 1},
    "output_shape": {"output_shape": 2.5},
    "kernel_initializer": {"kernel_initializer": "bogus_kernel_initializer"},
    "bias_initializer": {"bias_initializer": "bogus_bias_initializer"},
    "kernel_regularizer": {"kernel_regularizer": "bogus_kernel_regularizer"},
    "bias_regularizer": {"bias_regularizer": "bogus_bias_regularizer"},
    "activity_regularizer": {"activity_regularizer": "bogus_activity_regularizer"},
    "kernel_constraint": {"kernel_constraint": "bogus_kernel_constraint"},
    "bias_constraint": {"bias_constraint": "bogus_bias_constraint"},
    "attention_axes": {"attention_axes": "x"},
    "sliding_window": {"sliding_window": 0},
    "flash_dropout": {"flash_attention": True, "dropout": 0.1},
}


def mha_errors_section():
    keras.backend.clear_session()
    section = first_errors(lambda **kw: layers.MultiHeadAttention(**{"num_heads": 2, "key_dim": 3, **kw}), MHA_BAD_SETTINGS)
    flash = layers.MultiHeadAttention(2, 3, flash_attention=True)
    # Returned scores are refused, then (on the CPU) the dot-product path of rank-3 inputs.
    section["flash_scores"] = message(lambda: flash(Q, Q, return_attention_scores=True))
    section["flash_call"] = message(lambda: flash(Q, Q))
    section["flash_call_causal"] = message(lambda: flash(Q, Q, use_causal_mask=True))
    return section


SECTIONS = {
    "mha": mha_section,
    "attention": attention_section,
    "conv": conv_section,
    "transformer_fit": transformer_fit_section,
    "mha_config": mha_config_section,
    "mha_errors": mha_errors_section,
}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown sections {unknown}; the sections are {list(SECTIONS)}")
    committed = {}
    if sys.argv[1:]:
        with open("test/fixtures/keras-attention.json") as f:
            committed = json.load(f)
    # The committed order of the sections, whichever are computed.
    out = {name: (make() if name in chosen else committed[name]) for name, make in SECTIONS.items()}
    print(json.dumps(out))
