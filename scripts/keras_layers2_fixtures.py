#!/usr/bin/env python3
"""Keras 3.15.1's numbers for test/keras-layers2.test.ts: the reshaping, activation,
regularization, normalization and preprocessing layers added after the first set (Permute,
RepeatVector, UpSampling, ZeroPadding, Cropping (1-D, 2-D and 3-D), 3-D and global 3-D pooling, LeakyReLU, PReLU, ELU, UnitNormalization, RMSNormalization,
GroupNormalization, Rescaling, Normalization, ActivityRegularization, Identity), run by Keras (JAX
backend; float32):

    KERAS_BACKEND=jax python scripts/keras_layers2_fixtures.py > test/fixtures/keras-layers2.json

For each case: the output and its shape, compute_output_shape of the input shape with the batch
size unknown, the layer's get_config (without the base keys name, trainable, dtype), and the loss
sum(output * C), C = pattern(output's shape, 0.7, 1, 0.6), with its gradients with respect to the
weights and then the input (jax.grad of the layer's stateless_call). Weights and inputs are made
by `pattern` (in scripts/keras_fixture_helpers.py), which the test repeats. Also Normalization's
adapt() statistics, ActivityRegularization's penalty, and Keras' error messages for bad options.
"""

import json

import jax
import jax.numpy as jnp
import numpy as np
import keras
from keras import layers

from keras_fixture_helpers import F, listed, message, pattern, set_pattern_weights


SEQ = pattern((2, 5, 3), 0.3, scale=0.8, freq=0.9)  # [batch, steps, features]
IMG = pattern((2, 3, 4, 2), 0.2, scale=1.0, freq=0.7)  # [batch, height, width, channels]
IMG_CF = pattern((2, 2, 3, 4), 0.2, scale=1.0, freq=0.7)  # [batch, channels, height, width]
VEC = pattern((2, 4), 0.5, scale=1.5, freq=1.1)
PIXELS = np.round(pattern((2, 3, 4, 2), 0.1, scale=127.5, freq=0.4) + 127.5).astype(F)
CH6 = pattern((2, 3, 6), 0.4, scale=2.0, freq=0.8)  # 6 channels, for GroupNormalization
VOL = pattern((2, 3, 4, 5, 2), 0.6, scale=1.0, freq=0.45)  # [batch, dim1, dim2, dim3, channels]
VOL_CF = pattern((2, 2, 3, 4, 5), 0.6, scale=1.0, freq=0.45)  # [batch, channels, dim1, dim2, dim3]

# name: (layer factory, input)
CASES = {
    "permute": (lambda: layers.Permute((3, 1, 2)), IMG),
    "repeat_vector": (lambda: layers.RepeatVector(3), VEC),
    "up_sampling1d": (lambda: layers.UpSampling1D(3), SEQ),
    "up_sampling2d_nearest": (lambda: layers.UpSampling2D((2, 3)), IMG),
    "up_sampling2d_nearest_cf": (lambda: layers.UpSampling2D(2, data_format="channels_first"), IMG_CF),
    "up_sampling2d_bilinear": (lambda: layers.UpSampling2D((2, 3), interpolation="bilinear"), IMG),
    "up_sampling2d_bilinear_cf": (lambda: layers.UpSampling2D((3, 2), data_format="channels_first", interpolation="bilinear"), IMG_CF),
    "up_sampling2d_bicubic": (lambda: layers.UpSampling2D((2, 3), interpolation="bicubic"), IMG),
    "up_sampling2d_lanczos3": (lambda: layers.UpSampling2D((2, 3), interpolation="lanczos3"), IMG),
    "up_sampling2d_lanczos5": (lambda: layers.UpSampling2D((2, 2), interpolation="lanczos5"), IMG),
    "zero_padding1d": (lambda: layers.ZeroPadding1D((1, 2)), SEQ),
    "zero_padding1d_cf": (lambda: layers.ZeroPadding1D(2, data_format="channels_first"), SEQ),
    "zero_padding2d": (lambda: layers.ZeroPadding2D(((1, 0), (2, 1))), IMG),
    "zero_padding2d_cf": (lambda: layers.ZeroPadding2D((1, 2), data_format="channels_first"), IMG_CF),
    "cropping1d": (lambda: layers.Cropping1D((1, 2)), SEQ),
    "cropping2d": (lambda: layers.Cropping2D(((1, 0), (0, 2))), IMG),
    "cropping2d_cf": (lambda: layers.Cropping2D(1, data_format="channels_first"), IMG_CF),
    "up_sampling3d": (lambda: layers.UpSampling3D((2, 1, 3)), VOL),
    "up_sampling3d_cf": (lambda: layers.UpSampling3D(2, data_format="channels_first"), VOL_CF),
    "zero_padding3d": (lambda: layers.ZeroPadding3D(((1, 0), (0, 2), (1, 1))), VOL),
    "zero_padding3d_default": (lambda: layers.ZeroPadding3D(), VOL),
    "zero_padding3d_cf": (lambda: layers.ZeroPadding3D((1, 0, 2), data_format="channels_first"), VOL_CF),
    "cropping3d": (lambda: layers.Cropping3D(((1, 0), (0, 2), (2, 1))), VOL),
    "cropping3d_default": (lambda: layers.Cropping3D(), VOL),
    "cropping3d_cf": (lambda: layers.Cropping3D(((0, 1), 1, (2, 0)), data_format="channels_first"), VOL_CF),
    "cropping3d_symmetric_cf": (lambda: layers.Cropping3D((1, 0, 1), data_format="channels_first"), VOL_CF),
    "leaky_relu": (lambda: layers.LeakyReLU(), SEQ),
    "leaky_relu_slope": (lambda: layers.LeakyReLU(negative_slope=0.05), SEQ),
    "elu": (lambda: layers.ELU(alpha=0.7), SEQ),
    "prelu": (lambda: layers.PReLU(), SEQ),
    "prelu_shared": (lambda: layers.PReLU(shared_axes=[1, 2]), IMG),
    "unit_normalization": (lambda: layers.UnitNormalization(), SEQ),
    "unit_normalization_axes": (lambda: layers.UnitNormalization(axis=[1, 2]), IMG),
    "group_normalization": (lambda: layers.GroupNormalization(groups=3), CH6),
    "group_normalization_instance": (lambda: layers.GroupNormalization(groups=-1, epsilon=0.01), CH6),
    "group_normalization_axis1": (lambda: layers.GroupNormalization(groups=2, axis=1, center=False), pattern((2, 4, 3), 0.9, scale=1.5, freq=0.6)),
    "rescaling": (lambda: layers.Rescaling(1 / 127.5, offset=-1), PIXELS),
    "rescaling_vector": (lambda: layers.Rescaling([0.5, 2.0], offset=[1.0, -1.0]), IMG),
    "normalization_given": (lambda: layers.Normalization(mean=[0.1, -0.2, 0.3], variance=[0.5, 2.0, 0.25]), SEQ),
    "normalization_given_invert": (lambda: layers.Normalization(mean=[0.1, -0.2, 0.3], variance=[0.5, 2.0, 0.25], invert=True), SEQ),
    "normalization_given_scalar": (lambda: layers.Normalization(axis=None, mean=0.2, variance=3.0), SEQ),
    "normalization_given_axes": (lambda: layers.Normalization(axis=(1, 2), mean=pattern((5, 3), 0.1), variance=pattern((5, 3), 0.2) ** 2 + 0.1), SEQ),
    "activity_regularization": (lambda: layers.ActivityRegularization(l1=0.01, l2=0.02), SEQ),
    "identity": (lambda: layers.Identity(), SEQ),
    "max_pooling3d": (lambda: layers.MaxPooling3D(), VOL),
    "max_pooling3d_same_cf": (lambda: layers.MaxPooling3D((2, 3, 2), strides=(1, 2, 2), padding="same", data_format="channels_first"), VOL_CF),
    "average_pooling3d": (lambda: layers.AveragePooling3D((3, 2, 2), strides=1), VOL),
    "average_pooling3d_same": (lambda: layers.AveragePooling3D(2, padding="same"), VOL),
    "global_average_pooling3d": (lambda: layers.GlobalAveragePooling3D(), VOL),
    "global_max_pooling3d_cf_keepdims": (lambda: layers.GlobalMaxPooling3D(data_format="channels_first", keepdims=True), VOL_CF),
    "rms_normalization": (lambda: layers.RMSNormalization(), SEQ),
    "rms_normalization_axes": (lambda: layers.RMSNormalization(axis=(-1, -2), epsilon=0.01), IMG),
}

BASE_KEYS = {"name", "trainable", "dtype"}

out = {"layers": {}}
for name, (make, x) in CASES.items():
    keras.backend.clear_session()
    layer = make()
    layer.build(x.shape)
    if layer.weights:
        set_pattern_weights(layer)
    y = layer(x)
    C = jnp.asarray(pattern(tuple(y.shape), 0.7, scale=1.0, freq=0.6))
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable, inputs):
        result, _ = layer.stateless_call(trainable, non_trainable, inputs)
        return jnp.sum(result * C)

    loss, (grads, input_grad) = jax.value_and_grad(loss_fn, argnums=(0, 1))(trainable, jnp.asarray(x))
    config = {k: v for k, v in layer.get_config().items() if k not in BASE_KEYS}
    case = {
        "input_shape": list(x.shape),
        "output": listed(y),
        "output_shape": list(y.shape),
        "computed_output_shape": list(layer.compute_output_shape((None,) + x.shape[1:])),
        "weight_names": [w.path for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "config": json.loads(json.dumps(config, default=lambda o: np.asarray(o).tolist())),
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(input_grad)],
    }
    if layer.losses:
        case["losses"] = [float(v) for v in layer.losses]
    out["layers"][name] = case

# ---- Normalization.adapt: the mean and (biased) variance of the data over the axes not kept.
adapt = {}
DATA = pattern((6, 4, 3), 0.6, scale=2.0, freq=0.45) + 1.0
for key, kwargs in {"last": {}, "none": {"axis": None}, "axes12": {"axis": (1, 2)}, "first_feature_axis": {"axis": 1}}.items():
    keras.backend.clear_session()
    norm = layers.Normalization(**kwargs)
    norm.adapt(DATA)
    probe = SEQ[:, :4, :]
    adapt[key] = {
        "mean": listed(norm.adapt_mean),
        "variance": listed(norm.adapt_variance),
        "mean_shape": list(norm.adapt_mean.shape),
        "output": listed(norm(probe)),
        "weight_names": [w.path for w in norm.weights],
    }
out["adapt"] = adapt
out["adapt_data_shape"] = list(DATA.shape)


# ---- Keras' messages for bad options.
out["errors"] = {
    "permute": message(lambda: layers.Permute((1, 3))),
    "repeat_vector": message(lambda: layers.RepeatVector(0)),
    "up_sampling1d": message(lambda: layers.UpSampling1D(0)),
    "up_sampling2d": message(lambda: layers.UpSampling2D((2, 0))),
    "zero_padding2d": message(lambda: layers.ZeroPadding2D((1, 2, 3))),
    "cropping1d_large": message(lambda: layers.Cropping1D((2, 3))(SEQ)),
    "cropping2d_large": message(lambda: layers.Cropping2D(((2, 1), (0, 0)))(IMG)),
    "cropping2d_negative": message(lambda: layers.Cropping2D(-1)),
    "up_sampling3d": message(lambda: layers.UpSampling3D((2, 0, 1))),
    "up_sampling3d_length": message(lambda: layers.UpSampling3D((2, 2))),
    "zero_padding3d": message(lambda: layers.ZeroPadding3D((1, 2))),
    "zero_padding3d_entry": message(lambda: layers.ZeroPadding3D((1, (1, 2, 3), 0))),
    "cropping3d_large": message(lambda: layers.Cropping3D(((0, 0), (2, 2), (0, 0)))(VOL)),
    "cropping3d_large_shape": message(lambda: layers.Cropping3D(((0, 0), (0, 0), (3, 2))).compute_output_shape((None, 3, 4, 5, 2))),
    "cropping3d_negative": message(lambda: layers.Cropping3D(-1)),
    "cropping3d_entry": message(lambda: layers.Cropping3D((0, -1, 0))),
    "up_sampling3d_ndim": message(lambda: layers.UpSampling3D()(IMG)),
    "leaky_relu": message(lambda: layers.LeakyReLU(negative_slope=-0.1)),
    "gaussian_noise": message(lambda: layers.GaussianNoise(1.5)),
    "gaussian_dropout": message(lambda: layers.GaussianDropout(1.5)),
    "alpha_dropout": message(lambda: layers.AlphaDropout(-0.5)),
    "spatial_dropout": message(lambda: layers.SpatialDropout1D(2)),
    "normalization_one_given": message(lambda: layers.Normalization(mean=[1.0])),
    "normalization_shapes": message(lambda: layers.Normalization(mean=[1.0, 2.0], variance=[1.0])),
    "normalization_axis": message(lambda: layers.Normalization(axis=3)(SEQ)),
    "group_normalization_groups": message(lambda: layers.GroupNormalization(groups=0)),
    "group_normalization_multiple": message(lambda: layers.GroupNormalization(groups=4)(CH6)),
    "group_normalization_more": message(lambda: layers.GroupNormalization(groups=8)(CH6)),
    "unit_normalization_axis": message(lambda: layers.UnitNormalization(axis=3).compute_output_shape((2, 3, 4))),
    "rms_normalization_axis": message(lambda: layers.RMSNormalization(axis=3).compute_output_shape((2, 3, 4))),
}

print(json.dumps(out))
