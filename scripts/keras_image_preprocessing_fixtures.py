#!/usr/bin/env python3
"""Keras 3.15.1's numbers (TensorFlow backend, TF 2.21) for test/keras-image-preprocessing.test.ts:
the image preprocessing layers Resizing, CenterCrop, RandomFlip, RandomCrop, RandomContrast,
RandomBrightness, RandomRotation, RandomTranslation and RandomZoom:

    python scripts/keras_image_preprocessing_fixtures.py > test/fixtures/keras-image-preprocessing.json

(with `import keras` on the TensorFlow backend). Inputs are made by `pattern` (as in
scripts/keras_fixture_helpers.py, repeated here so that this script needs no JAX). Kept:
tf.raw_ops.ImageProjectiveTransformV3 on fixed transforms for every fill mode and interpolation;
the deterministic layers' outputs (and dtypes) for each option; the random layers' outputs out of
training, and in training for fixed transformations (transform_images, the numbers Keras would
draw replaced by given ones); compute_output_shape; get_config (without name, trainable and
dtype); and Keras' messages for bad options.
"""

import json
import math

import numpy as np
import tensorflow as tf
import keras
from keras import layers

F = "float32"


def pattern(shape, phase, scale=0.5, freq=1.3):
    n = int(np.prod(shape))
    return (scale * np.sin(freq * np.arange(n, dtype=np.float64) + phase)).astype(F).reshape(shape)


def listed(a):
    return np.asarray(a).astype(np.float64).ravel().tolist()


IMG = pattern((2, 5, 6, 3), 0.3, scale=1.0, freq=0.7)
IMG_CF = pattern((2, 3, 5, 6), 0.3, scale=1.0, freq=0.7)
PIXELS = np.round(pattern((2, 5, 6, 3), 0.1, scale=127.5, freq=0.4) + 127.5).astype(F)
PIXELS_INT = PIXELS.astype("int32")
ONE = pattern((4, 7, 2), 0.9, scale=1.0, freq=0.55)
INPUTS = {"IMG": IMG, "IMG_CF": IMG_CF, "PIXELS": PIXELS, "PIXELS_INT": PIXELS_INT, "ONE": ONE}

# ImageProjectiveTransformV3 on IMG (NHWC): transforms [a0, a1, a2, b0, b1, b2, c0, c1].
c, s = math.cos(0.6), math.sin(0.6)
TRANSFORMS = {
    "rotation": [[c, -s, 2.5 - 2.5 * c + 2 * s, s, c, 2 - 2.5 * s - 2 * c, 0, 0]],
    "zoom_out": [[1.7, 0, -1.5, 0, 1.45, -0.9, 0, 0]],
    "shift_per_image": [[1, 0, -2.3, 0, 1, 1.6, 0, 0], [1, 0, 7.5, 0, 1, -9.25, 0, 0]],
    "shear_projective": [[0.9, 0.35, -0.4, -0.2, 1.1, 0.3, 0.04, -0.03]],
    "far": [[1, 0, -23.5, 0, 1, 31.25, 0, 0]],
    "flip_half": [[-1, 0, 5.5, 0, 1, -0.5, 0, 0]],
}


def projective_cases():
    out = {}
    for name, t in TRANSFORMS.items():
        for mode in ("constant", "nearest", "wrap", "reflect"):
            for interp in ("nearest", "bilinear"):
                y = tf.raw_ops.ImageProjectiveTransformV3(
                    images=IMG, transforms=tf.constant(t, tf.float32), output_shape=tf.constant([5, 6]),
                    fill_value=0.5, interpolation=interp.upper(), fill_mode=mode.upper())
                out[f"{name}/{mode}/{interp}"] = listed(y)
    return out


# name: (layer factory, input name)
DETERMINISTIC = {
    "resizing_bilinear": (lambda: layers.Resizing(3, 4), "IMG"),
    "resizing_up_nearest": (lambda: layers.Resizing(7, 9, interpolation="nearest"), "IMG"),
    "resizing_bicubic_cf": (lambda: layers.Resizing(4, 3, interpolation="bicubic", data_format="channels_first"), "IMG_CF"),
    "resizing_area": (lambda: layers.Resizing(2, 4, interpolation="area"), "IMG"),
    "resizing_lanczos3_antialias": (lambda: layers.Resizing(3, 2, interpolation="lanczos3", antialias=True), "IMG"),
    "resizing_crop_wide": (lambda: layers.Resizing(2, 6, crop_to_aspect_ratio=True), "IMG"),
    "resizing_crop_tall": (lambda: layers.Resizing(6, 2, crop_to_aspect_ratio=True), "IMG"),
    "resizing_crop_cf": (lambda: layers.Resizing(3, 3, crop_to_aspect_ratio=True, data_format="channels_first"), "IMG_CF"),
    "resizing_pad_tall": (lambda: layers.Resizing(8, 3, pad_to_aspect_ratio=True, fill_value=0.25), "IMG"),
    "resizing_pad_wide": (lambda: layers.Resizing(3, 9, pad_to_aspect_ratio=True, fill_value=-2.0), "IMG"),
    "resizing_pad_odd": (lambda: layers.Resizing(4, 3, pad_to_aspect_ratio=True, interpolation="nearest"), "ONE"),
    "resizing_pad_cf": (lambda: layers.Resizing(3, 8, pad_to_aspect_ratio=True, data_format="channels_first"), "IMG_CF"),
    "resizing_int": (lambda: layers.Resizing(3, 4), "PIXELS_INT"),
    "resizing_int_nearest": (lambda: layers.Resizing(3, 4, interpolation="nearest"), "PIXELS_INT"),
    "resizing_int_bicubic": (lambda: layers.Resizing(9, 11, interpolation="bicubic"), "PIXELS_INT"),
    "resizing_unbatched": (lambda: layers.Resizing(5, 3, crop_to_aspect_ratio=True), "ONE"),
    "center_crop": (lambda: layers.CenterCrop(3, 3), "IMG"),
    "center_crop_cf": (lambda: layers.CenterCrop(2, 5, data_format="channels_first"), "IMG_CF"),
    "center_crop_int": (lambda: layers.CenterCrop(4, 4), "PIXELS_INT"),
    "center_crop_smaller": (lambda: layers.CenterCrop(7, 4), "IMG"),
    "center_crop_smaller_cf": (lambda: layers.CenterCrop(4, 9, data_format="channels_first"), "IMG_CF"),
    "center_crop_unbatched": (lambda: layers.CenterCrop(3, 9), "ONE"),
}

# Random layers out of training: name: (factory, input name)
INFERENCE = {
    "random_flip": (lambda: layers.RandomFlip(), "PIXELS_INT"),
    "random_crop": (lambda: layers.RandomCrop(3, 4, seed=1), "PIXELS_INT"),
    "random_contrast": (lambda: layers.RandomContrast(0.3), "PIXELS_INT"),
    "random_brightness": (lambda: layers.RandomBrightness(0.3), "PIXELS_INT"),
    "random_rotation": (lambda: layers.RandomRotation(0.3), "PIXELS_INT"),
    "random_translation": (lambda: layers.RandomTranslation(0.2, 0.3), "PIXELS_INT"),
    "random_zoom": (lambda: layers.RandomZoom(0.2), "PIXELS_INT"),
}


def rotation(layer, angles, h, w):
    n = len(angles)
    a = tf.constant(angles, tf.float32)
    z = tf.zeros([n])
    return {"rotation_matrix": layer._compute_affine_matrix(0.5, 0.5, a, z, z, tf.ones([n]), z, z, h, w)}


# Training with fixed transformations: name: (factory, input name, transformation maker, gradtape's transformation as JSON)
TRAINING = {
    "flip_hv": (lambda: layers.RandomFlip(), "IMG", lambda l: {"flips": tf.constant([[[[True]]], [[[False]]]])}, {"flips": [True, False]}),
    "flip_h_cf": (lambda: layers.RandomFlip("horizontal", data_format="channels_first"), "IMG_CF", lambda l: {"flips": tf.constant([[[[False]]], [[[True]]]])}, {"flips": [False, True]}),
    "flip_v": (lambda: layers.RandomFlip("vertical"), "IMG", lambda l: {"flips": tf.constant([[[[True]]], [[[True]]]])}, {"flips": [True, True]}),
    "crop": (lambda: layers.RandomCrop(3, 4, seed=1), "IMG", lambda l: (1, 2), [1, 2]),
    "crop_cf": (lambda: layers.RandomCrop(2, 2, seed=1, data_format="channels_first"), "IMG_CF", lambda l: (3, 1), [3, 1]),
    "crop_fallback": (lambda: layers.RandomCrop(8, 4, seed=1), "IMG", lambda l: l.get_random_transformation(IMG, training=True), None),
    "crop_fallback_equal": (lambda: layers.RandomCrop(5, 3, seed=1), "IMG", lambda l: l.get_random_transformation(IMG, training=True), None),
    "contrast": (lambda: layers.RandomContrast(0.5, value_range=(-0.8, 0.9)), "IMG", lambda l: {"contrast_factor": tf.constant([1.3, 0.6], shape=(2, 1, 1, 1))}, {"contrastFactor": [1.3, 0.6]}),
    "contrast_cf": (lambda: layers.RandomContrast([0.2, 0.4], data_format="channels_first"), "IMG_CF", lambda l: {"contrast_factor": tf.constant([1.1, 0.9], shape=(2, 1, 1, 1))}, {"contrastFactor": [1.1, 0.9]}),
    "brightness": (lambda: layers.RandomBrightness(0.2), "PIXELS", lambda l: {"rgb_delta": tf.constant([40.7, -31.2], shape=(2, 1, 1, 1))}, {"rgbDelta": [40.7, -31.2]}),
    "brightness_int": (lambda: layers.RandomBrightness(0.2), "PIXELS_INT", lambda l: {"rgb_delta": tf.constant([40.7, -31.2], shape=(2, 1, 1, 1))}, {"rgbDelta": [40.7, -31.2]}),
    "brightness_range": (lambda: layers.RandomBrightness([-0.5, 0.2], value_range=(1, -1)), "IMG", lambda l: {"rgb_delta": tf.constant([0.3, -0.45], shape=(2, 1, 1, 1))}, {"rgbDelta": [0.3, -0.45]}),
    "rotation": (lambda: layers.RandomRotation(0.2), "IMG", lambda l: rotation(l, [30.0, -75.0], 5, 6), {"angle": [30.0, -75.0]}),
    "rotation_constant_nearest": (lambda: layers.RandomRotation(0.2, fill_mode="constant", interpolation="nearest", fill_value=0.75), "IMG", lambda l: rotation(l, [17.0, 110.0], 5, 6), {"angle": [17.0, 110.0]}),
    "rotation_wrap_cf": (lambda: layers.RandomRotation(0.2, fill_mode="wrap", data_format="channels_first"), "IMG_CF", lambda l: rotation(l, [-45.0, 200.0], 5, 6), {"angle": [-45.0, 200.0]}),
    "rotation_unbatched": (lambda: layers.RandomRotation(0.2, fill_mode="nearest"), "ONE", lambda l: {"rotation_matrix": rotation(l, [63.0], 4, 7)["rotation_matrix"][0]}, {"angle": [63.0]}),
    "translation": (lambda: layers.RandomTranslation(0.3, 0.4), "IMG", lambda l: {"translations": tf.constant([[1.4, -0.8], [-2.25, 1.5]])}, {"translations": [[1.4, -0.8], [-2.25, 1.5]]}),
    "translation_constant_cf": (lambda: layers.RandomTranslation(0.3, 0.4, fill_mode="constant", fill_value=-1.0, data_format="channels_first"), "IMG_CF", lambda l: {"translations": tf.constant([[2.0, 1.0], [-0.5, -3.0]])}, {"translations": [[2.0, 1.0], [-0.5, -3.0]]}),
    "translation_unbatched_nearest": (lambda: layers.RandomTranslation(0.3, 0.4, interpolation="nearest", fill_mode="wrap"), "ONE", lambda l: {"translations": tf.constant([[2.6, -1.4]])}, {"translations": [[2.6, -1.4]]}),
    "zoom": (lambda: layers.RandomZoom(0.4), "IMG", lambda l: {"height_zoom": tf.constant([[0.7], [1.3]]), "width_zoom": tf.constant([[0.7], [1.3]])}, {"heightZoom": [[0.7], [1.3]], "widthZoom": [[0.7], [1.3]]}),
    "zoom_both_constant": (lambda: layers.RandomZoom(0.4, [-0.3, 0.5], fill_mode="constant"), "IMG", lambda l: {"height_zoom": tf.constant([[0.8], [1.4]]), "width_zoom": tf.constant([[1.2], [0.75]])}, {"heightZoom": [[0.8], [1.4]], "widthZoom": [[1.2], [0.75]]}),
    "zoom_cf_reflect_nearest": (lambda: layers.RandomZoom(0.4, interpolation="nearest", data_format="channels_first"), "IMG_CF", lambda l: {"height_zoom": tf.constant([[1.35], [0.65]]), "width_zoom": tf.constant([[0.9], [1.1]])}, {"heightZoom": [[1.35], [0.65]], "widthZoom": [[0.9], [1.1]]}),
}

CONFIGS = {
    "Resizing": lambda: layers.Resizing(3, 4, interpolation="nearest", pad_to_aspect_ratio=True, fill_value=1.5, antialias=True),
    "CenterCrop": lambda: layers.CenterCrop(3, 4, data_format="channels_first"),
    "RandomFlip": lambda: layers.RandomFlip("vertical", seed=3),
    "RandomCrop": lambda: layers.RandomCrop(3, 4, seed=5),
    "RandomContrast": lambda: layers.RandomContrast(0.4, value_range=(0, 1), seed=2),
    "RandomBrightness": lambda: layers.RandomBrightness([-0.2, 0.3], value_range=(255, 0)),
    "RandomRotation": lambda: layers.RandomRotation(-0.3, fill_mode="constant", fill_value=2.0, seed=7),
    "RandomTranslation": lambda: layers.RandomTranslation([-0.1, 0.3], 0.2, interpolation="nearest"),
    "RandomZoom": lambda: layers.RandomZoom(0.4, fill_mode="wrap"),
    "RandomZoomBoth": lambda: layers.RandomZoom([0.5, -0.2], [-0.3, 0.1]),
}

ERRORS = {
    "contrast_factor": lambda: layers.RandomContrast(1.5),
    "contrast_factor_list": lambda: layers.RandomContrast([0.1, 0.2, 0.3]),
    "brightness_factor": lambda: layers.RandomBrightness(2),
    "brightness_value_range": lambda: layers.RandomBrightness(0.1, value_range=3),
    "rotation_fill_mode": lambda: layers.RandomRotation(0.1, fill_mode="mirror"),
    "rotation_interpolation": lambda: layers.RandomRotation(0.1, interpolation="bicubic"),
    "translation_factor": lambda: layers.RandomTranslation(2, 0.1),
    "zoom_factor": lambda: layers.RandomZoom(-1),
    "resizing_interpolation": lambda: layers.Resizing(3, 4, interpolation="cubic")(IMG),
    "resizing_fill_mode": lambda: layers.Resizing(3, 4, pad_to_aspect_ratio=True, fill_mode="reflect")(IMG),
    "resizing_both": lambda: layers.Resizing(3, 4, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)(IMG),
    "rank": lambda: layers.RandomFlip()(IMG[0, 0]),
}


def config_of(layer):
    return {k: v for k, v in layer.get_config().items() if k not in ("name", "trainable", "dtype")}


def error_of(make):
    try:
        make()
    except Exception as e:  # noqa: BLE001
        text = str(e)
        if "Exception encountered" in text:
            text = [line for line in text.split("\n") if line.strip()][1].strip()
            text = text.replace("\x1b[1m", "").replace("\x1b[0m", "")
        return text
    raise AssertionError("no error")


def main():
    out = {"projective": projective_cases(), "deterministic": {}, "inference": {}, "training": {}, "configs": {}, "errors": {}}
    for name, (make, inp) in DETERMINISTIC.items():
        layer = make()
        x = INPUTS[inp]
        y = layer(x)
        out["deterministic"][name] = {"input": inp, "output": listed(y), "shape": list(y.shape), "dtype": y.dtype.name,
                                      "computed_output_shape": list(layer.compute_output_shape((None,) * 0 + tuple(x.shape)))}
    for name, (make, inp) in INFERENCE.items():
        layer = make()
        y = layer(INPUTS[inp], training=False)
        out["inference"][name] = {"input": inp, "output": listed(y), "shape": list(y.shape), "dtype": y.dtype.name}
    for name, (make, inp, transformation, given) in TRAINING.items():
        layer = make()
        x = INPUTS[inp]
        t = transformation(layer)
        if x.ndim == 3:
            y = layer.transform_single_image(tf.convert_to_tensor(x), t, training=True)
        else:
            y = layer.transform_images(tf.convert_to_tensor(x), t, training=True)
        out["training"][name] = {"input": inp, "transformation": given, "output": listed(y), "shape": list(y.shape), "dtype": y.dtype.name}
    for name, make in CONFIGS.items():
        out["configs"][name] = config_of(make())
    for name, make in ERRORS.items():
        out["errors"][name] = error_of(make)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
