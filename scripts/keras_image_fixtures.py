#!/usr/bin/env python3
"""Keras 3.15.1's keras.ops.image (JAX backend, float32) for test/keras-ops-image.test.ts:

    KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_image_fixtures.py > test/fixtures/keras-image.json

Each case is one call: the op's Keras name, its required arguments (`args`) and Keras' keyword
arguments (`kwargs`, which gradtape takes as an options object in camelCase). Tensors are named
inputs made by `pattern` (INPUTS, rebuilt by the test from the same formula: offset +
scale·sin(freq·i + phase), float32, rounded for int32) or literal arrays. The fixture holds the
result (dtype, shape, values) or Keras' error ("Type: text"; for checks the JAX backend leaves to
JAX, also the message of Keras' symbolic check, `symbolic_error`, which gradtape gives), and for
cases marked `grad`, jax.grad of sum(w·y) (w = 1 + (i mod 7)/10 over y's flat entries) with respect
to the float tensor arguments, in the order `grad_args` names them. `normals` holds
jax.random.normal draws from the keys Keras' elastic_transform makes of integer seeds.
"""

import json

import jax
import jax.numpy as jnp
import numpy as np
import keras
from keras import ops

from keras_fixture_helpers import F, message, pattern

INPUTS = {}


def make_input(name, shape, phase, scale=0.5, freq=1.3, offset=0.0, dtype=F):
    """A named input: offset + pattern(shape, phase, scale, freq), float32 (rounded for int32)."""
    values = pattern(shape, phase, scale, freq) + np.float32(offset)
    if dtype == "int32":
        values = np.round(values).astype("int32")
    INPUTS[name] = {"array": values, "spec": {"shape": list(shape), "phase": phase, "scale": scale, "freq": freq, "offset": offset, "dtype": dtype}}


# Images in [0, 1] (the colour conversions' range) and a few others.
make_input("IMG", (2, 5, 6, 3), 0.3, scale=0.5, freq=0.7, offset=0.5)
make_input("IMG1", (5, 6, 3), 1.1, scale=0.5, freq=0.45, offset=0.5)
make_input("IMG_CF", (2, 3, 5, 6), 0.9, scale=0.5, freq=0.8, offset=0.5)
make_input("IMG1_CF", (3, 4, 7), 0.2, scale=0.5, freq=1.9, offset=0.5)
make_input("ONE_BATCH", (1, 6, 5, 2), 0.6, scale=0.5, freq=1.1, offset=0.5)
make_input("GRAY", (2, 4, 5, 1), 0.4, scale=0.5, freq=0.9, offset=0.5)
make_input("WIDE", (2, 4, 8, 2), 0.5, scale=1.0, freq=0.35)
make_input("PIX", (2, 5, 6, 3), 0.1, scale=127.5, freq=0.4, offset=127.5, dtype="int32")
make_input("HUES", (2, 4, 3, 3), 0.7, scale=1.6, freq=0.55, offset=0.3)
make_input("PLANE", (5, 6), 0.25, scale=1.0, freq=0.6)
make_input("CUBE", (3, 4, 5), 0.8, scale=1.0, freq=0.5)
make_input("LINE", (7,), 0.1, scale=2.0, freq=0.9)
make_input("PLANE_INT", (5, 6), 0.15, scale=50.0, freq=0.6, dtype="int32")
make_input("VOL", (2, 4, 5, 6, 2), 0.35, scale=1.0, freq=0.3)
make_input("VOL_CF", (2, 2, 4, 5, 6), 0.65, scale=1.0, freq=0.3)
make_input("BIG", (2, 9, 11, 2), 0.45, scale=0.5, freq=0.23, offset=0.5)
make_input("SQUARE", (3, 3), 0.0, scale=4.0, freq=0.7, offset=4.0)
make_input("PAIR_A", (2, 12, 13, 3), 0.15, scale=0.5, freq=0.31, offset=0.5)
make_input("PAIR_B", (2, 12, 13, 3), 0.35, scale=0.45, freq=0.29, offset=0.5)
make_input("PAIR_CF", (2, 2, 13, 12), 0.55, scale=0.5, freq=0.37, offset=0.5)


def I(name):
    return {"input": name}


def A(values, dtype=F):
    return {"array": np.asarray(values, dtype=dtype).tolist(), "dtype": dtype}


def value_of(arg):
    """The array an encoded tensor argument stands for; other arguments as they are."""
    if isinstance(arg, dict) and "input" in arg:
        return INPUTS[arg["input"]]["array"]
    if isinstance(arg, dict) and "array" in arg:
        return np.asarray(arg["array"], dtype=arg["dtype"])
    if isinstance(arg, list):
        return tuple(arg)
    return arg


def is_float_tensor(arg):
    return isinstance(arg, dict) and ("input" in arg or "array" in arg) and np.asarray(value_of(arg)).dtype == np.float32


def shortest(values):
    """float32 values as the shortest decimals that read back as them (ints as ints)."""
    a = np.asarray(values)
    if a.dtype == np.int32:
        return a.ravel().tolist()
    return [float(str(np.float32(v))) for v in a.astype(np.float32).ravel()]


def encoded(y):
    y = np.asarray(y)
    return {"dtype": str(y.dtype), "shape": list(y.shape), "values": shortest(y)}


def weights_like(y):
    n = int(np.prod(y.shape))
    return jnp.asarray((1 + (np.arange(n) % 7) / 10).astype(np.float32).reshape(y.shape))


cases = []


def case(op, *args, grad=False, id=None, symbolic=None, **kwargs):
    """One call of keras.ops.image.<op>(*args, **kwargs); `symbolic` (a shape) also records the
    error of the same call on a KerasTensor of that shape (Keras' compute_output_spec checks)."""
    fn = getattr(ops.image, op)
    n = len([c for c in cases if c["op"] == op])
    entry = {"id": id or f"{op}/{n}", "op": op, "args": args, "kwargs": kwargs}
    call = lambda *xs: fn(*xs, **{k: value_of(v) for k, v in kwargs.items()})
    values = [value_of(a) for a in args]
    error = message(lambda: call(*values))
    if error is not None:
        entry["error"] = error
        if symbolic is not None:
            entry["symbolic_error"] = message(lambda: fn(keras.KerasTensor(symbolic, dtype=np.asarray(values[0]).dtype), *values[1:], **{k: value_of(v) for k, v in kwargs.items()}))
        cases.append(entry)
        return
    y = call(*values)
    entry["result"] = encoded(y)
    if grad and np.asarray(y).dtype == np.float32:
        positions = [i for i, a in enumerate(args) if is_float_tensor(a)]
        w = weights_like(np.asarray(y))

        def loss(*tensors):
            xs = list(values)
            for i, t in zip(positions, tensors):
                xs[i] = t
            return jnp.sum(w * call(*xs))

        grads = jax.grad(loss, argnums=tuple(range(len(positions))))(*[jnp.asarray(values[i]) for i in positions])
        entry["grad_args"] = positions
        entry["gradients"] = [encoded(g) for g in grads]
    cases.append(entry)


# ---- colour conversions
for op in ("rgb_to_grayscale", "rgb_to_hsv", "hsv_to_rgb"):
    case(op, I("IMG"), grad=True)
    case(op, I("IMG1"), grad=True)
    case(op, I("IMG_CF"), data_format="channels_first", grad=True)
    case(op, I("IMG1_CF"), data_format="channels_first", grad=True)
    case(op, A(np.ones((2, 3), F)), symbolic=(2, 3))
case("rgb_to_grayscale", I("PIX"))
case("rgb_to_grayscale", I("GRAY"), grad=True)
case("rgb_to_grayscale", A(INPUTS["IMG"]["array"][..., :2]), symbolic=(2, 5, 6, 2))
case("rgb_to_grayscale", I("IMG"), data_format="channels_middle")
# RGB values with ties between channels, zeros, negatives and values below eps.
EDGE_RGB = [[[0.0, 0.0, 0.0], [0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            [[0.0, 0.0, 1.0], [0.3, 0.3, 0.1], [0.2, 0.6, 0.6], [0.7, 0.1, 0.7]],
            [[-0.2, 0.4, 0.1], [1e-8, 0.5, 0.25], [0.9, 0.2, 0.95], [0.25, 0.75, 0.5]]]
case("rgb_to_hsv", A(EDGE_RGB), grad=True)
case("rgb_to_hsv", I("PIX"), symbolic=(2, 5, 6, 3))
case("rgb_to_hsv", A(INPUTS["IMG"]["array"][..., :2]), symbolic=(2, 5, 6, 2))
case("hsv_to_rgb", I("HUES"), grad=True)
case("hsv_to_rgb", I("PIX"), symbolic=(2, 5, 6, 3))
case("hsv_to_rgb", A(INPUTS["IMG"]["array"][..., :2]), symbolic=(2, 5, 6, 2))

# ---- resize
for interpolation in ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"):
    case("resize", I("IMG"), [3, 4], interpolation=interpolation, grad=True)
    case("resize", I("IMG"), [7, 9], interpolation=interpolation, grad=True)
    case("resize", I("BIG"), [4, 3], interpolation=interpolation, antialias=True, grad=True)
case("resize", I("BIG"), [2, 5], interpolation="bilinear", antialias=False, grad=True)
case("resize", I("IMG"), [5, 9], grad=True)
case("resize", I("IMG_CF"), [4, 8], data_format="channels_first", grad=True)
case("resize", I("IMG_CF"), [2, 3], interpolation="lanczos3", antialias=True, data_format="channels_first", grad=True)
case("resize", I("IMG1"), [8, 4], interpolation="bicubic", grad=True)
case("resize", I("IMG1_CF"), [6, 3], interpolation="nearest", data_format="channels_first", grad=True)
case("resize", I("IMG"), [2, 6], crop_to_aspect_ratio=True, grad=True)
case("resize", I("IMG"), [6, 2], crop_to_aspect_ratio=True, grad=True)
case("resize", I("IMG_CF"), [3, 3], crop_to_aspect_ratio=True, data_format="channels_first", grad=True)
case("resize", I("IMG1"), [4, 3], crop_to_aspect_ratio=True, interpolation="nearest", grad=True)
case("resize", I("IMG"), [8, 3], pad_to_aspect_ratio=True, fill_value=0.25, grad=True)
case("resize", I("IMG"), [3, 9], pad_to_aspect_ratio=True, fill_value=-2.0, grad=True)
case("resize", I("IMG_CF"), [3, 8], pad_to_aspect_ratio=True, fill_value=0.75, data_format="channels_first", grad=True)
case("resize", I("IMG_CF"), [9, 3], pad_to_aspect_ratio=True, data_format="channels_first", grad=True)
case("resize", I("IMG1"), [4, 6], pad_to_aspect_ratio=True, interpolation="nearest", grad=True)
case("resize", I("IMG1_CF"), [5, 3], pad_to_aspect_ratio=True, data_format="channels_first", grad=True)
case("resize", I("PIX"), [3, 4])
case("resize", I("PIX"), [7, 11], interpolation="bicubic")
case("resize", I("PIX"), [3, 4], interpolation="nearest")
case("resize", I("PIX"), [9, 3], pad_to_aspect_ratio=True, fill_value=100.4)
case("resize", I("IMG"), [3, 4, 5])
case("resize", I("IMG"), [0, 4])
case("resize", A(np.ones((5, 6), F)), [2, 2])
case("resize", I("IMG"), [3, 4], interpolation="area")
case("resize", I("IMG"), [3, 4], pad_to_aspect_ratio=True, fill_mode="reflect")
case("resize", I("IMG"), [3, 4], pad_to_aspect_ratio=True, crop_to_aspect_ratio=True)

# ---- affine_transform: [a0, a1, a2, b0, b1, b2, c0, c1] maps output (x, y) to input
# (a0·x + a1·y + a2, b0·x + b1·y + b2).
c, s = np.cos(0.6), np.sin(0.6)
ROTATE_ZOOM = [[1.3 * c, -1.3 * s, 2.5 - 1.3 * (2.5 * c - 2 * s), 1.3 * s, 1.3 * c, 2 - 1.3 * (2.5 * s + 2 * c), 0, 0],
               [0.8, 0.25, -0.7, -0.3, 1.6, -1.9, 0, 0]]
for mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
    for interpolation in ("nearest", "bilinear"):
        case("affine_transform", I("IMG"), A(ROTATE_ZOOM), interpolation=interpolation, fill_mode=mode, fill_value=0.5, grad=True)
case("affine_transform", I("IMG"), A([[1, 0, -2.3, 0, 1, 1.6, 0, 0], [1, 0, 7.5, 0, 1, -9.25, 0, 0]]), grad=True)
case("affine_transform", I("IMG"), A([[1, 0, -23.5, 0, 1, 31.25, 0, 0], [-1, 0, 5.5, 0, 1, -0.5, 0, 0]]), fill_mode="wrap", grad=True)
case("affine_transform", I("IMG"), A([[1, 0, 0.5, 0, 1, -0.75, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0]]), interpolation="nearest", fill_mode="reflect")
case("affine_transform", I("IMG1"), A([1.0, 0.5, -2.0, 0.5, 1.0, -1.6, 0, 0]), grad=True)
case("affine_transform", I("IMG1"), A([[1.0, 0.5, -2.0, 0.5, 1.0, -1.6, 0, 0]]), fill_mode="mirror", grad=True)
case("affine_transform", I("IMG_CF"), A(ROTATE_ZOOM), data_format="channels_first", fill_mode="nearest", grad=True)
case("affine_transform", I("IMG1_CF"), A([0.9, -0.2, 0.4, 0.3, 1.1, -0.8, 0, 0]), data_format="channels_first", interpolation="nearest", fill_mode="wrap", fill_value=0.5, grad=True)
case("affine_transform", I("PIX"), A(ROTATE_ZOOM), fill_value=17.8)
case("affine_transform", I("PIX"), A(ROTATE_ZOOM), fill_mode="reflect")
# c0 and c1 are not a projective divisor on the JAX backend: they add c0·k and c1·k to the row
# and column read for channel k.
case("affine_transform", I("IMG"), A([[1, 0, 0, 0, 1, 0, 0.5, 0], [1, 0.1, 0, 0, 1, 0, -0.25, 0.75]]), grad=True)
case("affine_transform", I("IMG"), A(ROTATE_ZOOM), interpolation="bicubic")
case("affine_transform", I("IMG"), A(ROTATE_ZOOM), fill_mode="symmetric")
case("affine_transform", A(np.ones((5, 6), F)), A(ROTATE_ZOOM[0]))
case("affine_transform", I("IMG"), A([ROTATE_ZOOM]))

# ---- map_coordinates
COORDS_2D = [[[-1.5, -0.5, 0.0, 0.5], [1.25, 2.5, 3.7, 4.0], [4.5, 5.2, -2.6, 7.9]],
             [[-0.5, 0.5, 1.5, 2.5], [3.5, 5.0, 5.5, 6.25], [-3.3, 8.6, 0.75, -7.5]]]
for mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
    for order in (0, 1):
        case("map_coordinates", I("PLANE"), A(COORDS_2D), order, fill_mode=mode, fill_value=0.5, grad=True)
case("map_coordinates", I("CUBE"), A([[0.5, 1.2, -0.4, 2.0, 2.9, 1.1, 0.0], [0.0, 3.5, 1.7, -1.2, 2.2, 3.0, 1.6], [4.6, 0.3, 2.5, 1.0, -0.5, 3.8, 2.2]]), 1, grad=True)
case("map_coordinates", I("CUBE"), A([[0.5, 1.2, -0.4, 2.0, 2.9, 1.1, 0.0], [0.0, 3.5, 1.7, -1.2, 2.2, 3.0, 1.6], [4.6, 0.3, 2.5, 1.0, -0.5, 3.8, 2.2]]), 0, fill_mode="reflect", grad=True)
case("map_coordinates", I("LINE"), A([[-9.5, -3.2, -0.5, 0.4, 2.5, 3.5, 6.6, 7.5, 12.3]]), 1, fill_mode="mirror", grad=True)
case("map_coordinates", I("LINE"), A([[-9.5, -3.2, -0.5, 0.4, 2.5, 3.5, 6.6, 7.5, 12.3]]), 1, fill_mode="wrap", grad=True)
case("map_coordinates", I("LINE"), A([[-9.5, -3.2, -0.5, 0.4, 2.5, 3.5, 6.6, 7.5, 12.3]]), 0, fill_mode="reflect", grad=True)
case("map_coordinates", I("PLANE_INT"), A(COORDS_2D), 1, fill_value=3.7)
case("map_coordinates", I("PLANE_INT"), A(COORDS_2D), 0, fill_mode="nearest")
case("map_coordinates", I("PLANE"), A(COORDS_2D[:1] * 3), 1)
case("map_coordinates", I("PLANE"), A([0.5, 1.5]), 1)
case("map_coordinates", I("PLANE"), A(COORDS_2D), 1, fill_mode="grid-wrap")
case("map_coordinates", I("PLANE"), A(COORDS_2D), 3)

# ---- extract_patches (2-D and 3-D)
case("extract_patches", I("IMG"), 2, grad=True)
case("extract_patches", I("IMG"), [2, 3], strides=[1, 2], grad=True)
case("extract_patches", I("IMG"), [3, 2], strides=2, padding="same", grad=True)
case("extract_patches", I("IMG"), [2, 2], strides=1, dilation_rate=2, grad=True)
case("extract_patches", I("IMG"), [2, 2], strides=[2, 1], dilation_rate=[2, 1], padding="same", grad=True)
case("extract_patches", I("IMG_CF"), [2, 3], data_format="channels_first", grad=True)
case("extract_patches", I("IMG_CF"), 3, strides=2, padding="same", data_format="channels_first", grad=True)
case("extract_patches", I("IMG1"), [3, 3], strides=[1, 1], grad=True)
case("extract_patches", I("PIX"), [2, 3])
case("extract_patches", I("VOL"), [2, 2, 2], grad=True)
case("extract_patches", I("VOL"), [2, 3, 2], strides=[1, 2, 3], padding="same", grad=True)
case("extract_patches", I("VOL_CF"), [2, 2, 3], data_format="channels_first", grad=True)
case("extract_patches", I("IMG"), [2, 2, 2, 2])
case("extract_patches", I("IMG"), "a")
case("extract_patches_3d", I("VOL"), 2, grad=True)
case("extract_patches_3d", A(INPUTS["VOL"]["array"][0]), [2, 3, 3], strides=1, grad=True)
case("extract_patches_3d", I("VOL_CF"), [3, 2, 2], strides=[1, 2, 1], padding="same", data_format="channels_first", grad=True)

# ---- pad_images and crop_images
case("pad_images", I("IMG"), top_padding=1, left_padding=2, target_height=8, target_width=9, grad=True)
case("pad_images", I("IMG"), top_padding=0, left_padding=1, bottom_padding=2, right_padding=3, grad=True)
case("pad_images", I("IMG"), bottom_padding=1, right_padding=0, target_height=7, target_width=6, grad=True)
case("pad_images", I("IMG_CF"), top_padding=2, right_padding=1, target_height=7, target_width=8, data_format="channels_first", grad=True)
case("pad_images", I("IMG1"), top_padding=1, left_padding=1, bottom_padding=1, right_padding=1, grad=True)
case("pad_images", I("PIX"), top_padding=1, left_padding=1, bottom_padding=0, right_padding=2)
case("pad_images", I("IMG"), top_padding=1, left_padding=1, bottom_padding=1, target_height=3, target_width=9)
case("pad_images", I("IMG"), top_padding=1, left_padding=1, target_height=8)
case("pad_images", I("IMG"), top_padding=-1, left_padding=1, bottom_padding=1, right_padding=1)
case("pad_images", I("IMG"), top_padding=1, left_padding=1, target_height=3, target_width=9)
case("pad_images", I("IMG"), top_padding=1, left_padding=1, target_height=8, target_width=4)
case("pad_images", A(np.ones((5, 6), F)), top_padding=1, left_padding=1, bottom_padding=1, right_padding=1)
case("crop_images", I("IMG"), top_cropping=1, left_cropping=2, target_height=3, target_width=3, grad=True)
case("crop_images", I("IMG"), top_cropping=0, left_cropping=1, bottom_cropping=2, right_cropping=3, grad=True)
case("crop_images", I("IMG"), bottom_cropping=1, right_cropping=2, target_height=2, target_width=3, grad=True)
case("crop_images", I("IMG_CF"), top_cropping=2, right_cropping=1, target_height=2, target_width=4, data_format="channels_first", grad=True)
case("crop_images", I("IMG1"), top_cropping=1, left_cropping=1, bottom_cropping=1, right_cropping=1, grad=True)
case("crop_images", I("PIX"), top_cropping=1, left_cropping=1, bottom_cropping=0, right_cropping=2)
case("crop_images", I("IMG"), top_cropping=1, left_cropping=1, bottom_cropping=1, target_height=3, target_width=3)
case("crop_images", I("IMG"), top_cropping=1, left_cropping=1, target_height=3)
case("crop_images", I("IMG"), top_cropping=-1, left_cropping=1, bottom_cropping=1, right_cropping=1)
case("crop_images", I("IMG"), top_cropping=3, left_cropping=1, bottom_cropping=3, right_cropping=1)
case("crop_images", I("IMG"), top_cropping=1, left_cropping=1, target_height=7, target_width=3)
case("crop_images", A(np.ones((5, 6), F)), top_cropping=1, left_cropping=1, bottom_cropping=1, right_cropping=1)

# ---- gaussian_blur (an explicit data_format: the JAX backend reads data_format=None as
# channels_first, the TensorFlow backend and the documentation as channels_last)
case("gaussian_blur", I("IMG"), data_format="channels_last", grad=True)
case("gaussian_blur", I("BIG"), kernel_size=(5, 3), sigma=(1.5, 0.7), data_format="channels_last", grad=True)
case("gaussian_blur", I("BIG"), kernel_size=(1, 7), sigma=(0.5, 2.5), data_format="channels_last", grad=True)
case("gaussian_blur", I("IMG_CF"), kernel_size=(3, 5), sigma=(0.8, 1.9), data_format="channels_first", grad=True)
case("gaussian_blur", I("IMG1"), kernel_size=(7, 7), sigma=(3.0, 3.0), data_format="channels_last", grad=True)
case("gaussian_blur", I("IMG1_CF"), data_format="channels_first", grad=True)
case("gaussian_blur", A(np.ones((5, 6), F)), data_format="channels_last")
case("gaussian_blur", I("PIX"), data_format="channels_last")

# ---- perspective_transform
START = [[0.0, 0.0], [0.0, 5.0], [6.0, 0.0], [6.0, 5.0]]
END_A = [[0.4, 0.3], [-0.2, 4.6], [5.3, 0.8], [6.5, 5.4]]
END_B = [[1.1, -0.6], [0.5, 5.3], [6.2, 0.4], [5.1, 4.2]]
for interpolation in ("bilinear", "nearest"):
    case("perspective_transform", I("IMG"), A([START, START]), A([END_A, END_B]), interpolation=interpolation, grad=True)
case("perspective_transform", I("IMG"), A([START, END_B]), A([END_A, START]), fill_value=0.5, grad=True)
case("perspective_transform", I("IMG1"), A(START), A(END_B), grad=True)
case("perspective_transform", I("IMG1"), A([START]), A([END_A]), interpolation="nearest", fill_value=-1.0, grad=True)
case("perspective_transform", I("IMG_CF"), A([START, START]), A([END_B, END_A]), data_format="channels_first", grad=True)
case("perspective_transform", I("IMG"), A([START, START]), A([START, START]), grad=True)
case("perspective_transform", I("PIX"), A([START, START]), A([END_A, END_B]))
case("perspective_transform", I("IMG"), A([START, START]), A([END_A, END_B]), interpolation="bicubic")
case("perspective_transform", I("IMG"), A([START[:3], START[:3]]), A([END_A[:3], END_B[:3]]))
case("perspective_transform", I("IMG"), A([START, START]), A(END_A))
case("perspective_transform", A(np.ones((5, 6), F)), A(START), A(END_A))

# ---- elastic_transform (seeded; the noise is jax.random.normal's from the key [seed, 0])
case("elastic_transform", I("IMG"), seed=42, grad=True)
case("elastic_transform", I("IMG"), alpha=5.0, sigma=1.5, seed=7, fill_mode="constant", fill_value=0.25, grad=True)
case("elastic_transform", I("IMG"), alpha=3.0, sigma=1.0, seed=2**32 - 1, interpolation="nearest", fill_mode="nearest")
case("elastic_transform", I("IMG_CF"), alpha=8.0, sigma=2.0, seed=3, fill_mode="wrap", data_format="channels_first", grad=True)
case("elastic_transform", I("IMG1"), alpha=4.0, sigma=1.2, seed=11, fill_mode="mirror", grad=True)
case("elastic_transform", I("ONE_BATCH"), alpha=6.0, sigma=1.4, seed=5, grad=True)
case("elastic_transform", I("IMG1_CF"), alpha=2.5, sigma=0.9, seed=1234, interpolation="nearest", data_format="channels_first")
case("elastic_transform", I("PIX"), seed=1)
case("elastic_transform", I("IMG"), seed=1, interpolation="bicubic")
case("elastic_transform", I("IMG"), seed=1, fill_mode="symmetric")
case("elastic_transform", A(np.ones((5, 6), F)), seed=1)

# ---- sobel_edges and ssim
case("sobel_edges", I("IMG"), grad=True)
case("sobel_edges", I("IMG_CF"), data_format="channels_first", grad=True)
case("sobel_edges", I("PIX"))
case("sobel_edges", I("IMG1"), symbolic=(5, 6, 3))
case("ssim", I("PAIR_A"), I("PAIR_B"), grad=True)
case("ssim", I("PAIR_A"), I("PAIR_A"), grad=True)
case("ssim", A(INPUTS["PAIR_A"]["array"][1]), A(INPUTS["PAIR_B"]["array"][0]), filter_size=5, filter_sigma=0.9, grad=True)
case("ssim", I("PAIR_CF"), A(INPUTS["PAIR_CF"]["array"][::-1]), data_format="channels_first", k1=0.02, k2=0.05, grad=True)
case("ssim", I("IMG"), A(INPUTS["IMG"]["array"][:, ::-1]), filter_size=3, filter_sigma=0.6, grad=True)
case("ssim", I("PIX"), A(INPUTS["PIX"]["array"][::-1], "int32"), max_val=255.0, filter_size=3)
case("ssim", A(np.ones((5, 6), F)), A(np.ones((5, 6), F)))
case("ssim", I("IMG1"), A(np.ones((5, 6), F)))

normals = []
for seed, shape in ((42, (2, 5, 6)), (7, (2, 5, 6)), (2**32 - 1, (3, 4, 7)), (0, (64,)), (123456789, (5, 13))):
    draws = jax.random.normal(jnp.asarray([seed, 0], dtype=jnp.uint32), shape, dtype=jnp.float32)
    normals.append({"seed": seed, "shape": list(shape), "values": shortest(draws)})

# ---- scale_and_translate
for method in ("linear", "bilinear", "trilinear", "cubic", "bicubic", "tricubic", "lanczos3", "lanczos5"):
    case("scale_and_translate", I("IMG"), [2, 4, 7, 3], A([0.6, 1.4]), A([0.3, -0.75]), [1, 2], method, grad=True)
case("scale_and_translate", I("BIG"), [2, 4, 5, 2], A([0.45, 0.5]), A([0.2, 0.1]), [1, 2], "linear", antialias=False, grad=True)
case("scale_and_translate", I("BIG"), [2, 4, 5, 2], A([0.45, 0.5]), A([0.2, 0.1]), [1, 2], "cubic", antialias=True, grad=True)
# Keras' doc example: the outputs sample the input's pixel centres, the triangle kernel's kinks.
case("scale_and_translate", I("SQUARE"), [5, 5], A([2.0, 2.0]), A([-0.5, -0.5]), [0, 1], "linear", grad=True)
case("scale_and_translate", I("IMG1"), [8, 6, 3], A([1.7]), A([-1.1]), [0], "lanczos3", grad=True)
case("scale_and_translate", I("IMG_CF"), [2, 3, 4, 4], A([0.9, 0.7]), A([2.5, -3.0]), [-2, -1], "bilinear", grad=True)
case("scale_and_translate", I("PIX"), [2, 3, 4, 3], A([0.5, 0.7]), A([0.0, 0.0]), [1, 2], "linear")
case("scale_and_translate", I("IMG"), [2, 3, 4, 3], A([0.5, 0.7]), A([0.0, 0.0]), [1, 2], "triangle")
case("scale_and_translate", I("IMG"), [2, 3, 4, 3], A([0.5, 0.7]), A([0.0, 0.0]), [1, 2], "nearest")
case("scale_and_translate", I("IMG"), [2, 3, 4], A([0.5, 0.7]), A([0.0, 0.0]), [1, 2], "linear")

out = {
    "keras": keras.__version__,
    "jax": jax.__version__,
    "inputs": {name: v["spec"] for name, v in INPUTS.items()},
    "cases": [{k: v for k, v in c.items()} for c in cases],
    "normals": normals,
}
print(json.dumps(out))
