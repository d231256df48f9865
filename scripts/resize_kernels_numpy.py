#!/usr/bin/env python3
"""Ground truth for the scale-and-translate methods of tf.image.resize in test/image.test.ts.

TensorFlow 2's resize_images_v2 runs 'lanczos3', 'lanczos5', 'gaussian' and 'mitchellcubic'
through the ScaleAndTranslate kernel (tensorflow/core/kernels/image/scale_and_translate_op.cc)
with the kernels of sampling_kernels.h, scale = new size / old size (float32), translation 0,
and the `antialias` flag as given. This re-derives, with NumPy float32 arrays:

- the sampling position of output x: (x + 0.5) * (1 / scale), in float32;
- the kernel's reach radius * kernel_scale, kernel_scale = max(1 / scale, 1) with antialias and
  1 without; the span of inputs i with ceil(pos - reach - 0.5) <= i <= floor(pos + reach - 0.5),
  clamped to the image;
- each input's weight kernel(|(i + 0.5 - pos) / kernel_scale|), the weights divided by their
  float32 sum;
- the result: the rows resampled first, then the columns, accumulated in float32.

Writes test/fixtures/resize-kernels-numpy.json:

    python3 scripts/resize_kernels_numpy.py > test/fixtures/resize-kernels-numpy.json

Each case: method, antialias, the input shape [h, w, c] and values (flat, C order), the output
size, the two weight matrices [out][in] (float32 values as float64 numbers) and the output values.
"""
import json

import numpy as np

f32 = np.float32


def lanczos(a):
    a = f32(a)
    pi = f32(3.14159265359)

    def k(x):
        x = np.abs(x).astype(f32)
        with np.errstate(divide='ignore', invalid='ignore'):
            px = (pi * x).astype(f32)
            # sinf as glibc returns it: the float32 nearest to the sine (NumPy's own float32 sin
            # may be an ulp off).
            sin = lambda t: np.sin(t.astype(np.float64)).astype(f32)  # noqa: E731
            num = ((a * sin(px)).astype(f32) * sin((px / a).astype(f32))).astype(f32)
            den = (((pi * pi).astype(f32) * x).astype(f32) * x).astype(f32)
            v = (num / den).astype(f32)
        return np.where(x > a, f32(0), np.where(x <= 1e-3, f32(1), v)).astype(f32)

    return k, float(a)


def gaussian():
    radius = f32(1.5)
    sigma = f32(radius / f32(3))

    def k(x):
        x = np.abs(x).astype(f32)
        # -x * x in float32, divided by the double 2.0 * sigma * sigma; exp in double, to float32.
        v = np.exp((-x * x).astype(f32).astype(np.float64) / (2.0 * float(sigma) * float(sigma))).astype(f32)
        return np.where(x >= radius, f32(0), v).astype(f32)

    return k, float(radius)


def mitchell():
    c1, c2, c3 = f32(-7.0) / f32(18.0), f32(10.0) / f32(3.0), f32(16.0) / f32(9.0)
    c4, c5 = f32(7.0) / f32(6.0), f32(8.0) / f32(9.0)

    def k(x):
        x = np.abs(x).astype(f32)
        outer = ((((c1 * x).astype(f32) + f32(2)).astype(f32) * x - c2).astype(f32) * x + c3).astype(f32)
        inner = ((((c4 * x).astype(f32) - f32(2)).astype(f32) * x).astype(f32) * x + c5).astype(f32)
        return np.where(x >= 2, f32(0), np.where(x >= 1, outer, inner)).astype(f32)

    return k, 2.0


KERNELS = {'lanczos3': lanczos(3), 'lanczos5': lanczos(5), 'gaussian': gaussian(), 'mitchellcubic': mitchell()}


def weights(method, n_in, n_out, antialias):
    """W[out][in] of one axis, float32."""
    kernel, radius = KERNELS[method]
    scale = f32(n_out) / f32(n_in)
    inv_scale = f32(1.0 / float(scale))
    kernel_scale = max(inv_scale, f32(1)) if antialias else f32(1)
    reach = f32(f32(radius) * kernel_scale)
    W = np.zeros((n_out, n_in), dtype=f32)
    for o in range(n_out):
        pos = f32(f32(o + 0.5) * inv_scale)
        lo = min(max(int(np.ceil(f32(f32(pos - reach) - f32(0.5)))), 0), n_in - 1)
        hi = min(max(int(np.floor(f32(f32(pos + reach) - f32(0.5)))), 0), n_in - 1)
        i = np.arange(lo, hi + 1)
        offsets = ((i.astype(f32) + f32(0.5)).astype(f32) - pos).astype(f32)
        w = kernel((offsets * f32(f32(1) / kernel_scale)).astype(f32))
        total = f32(0)
        for v in w:
            total = f32(total + v)
        if abs(total) >= f32(1000) * np.finfo(f32).tiny:
            W[o, lo:hi + 1] = (w * f32(f32(1) / total)).astype(f32)
    return W


def resample(x, W, axis):
    """Σ_i W[o][i] · x[..., i, ...] along `axis`, accumulated in float32 input by input."""
    x = np.moveaxis(x, axis, 0)
    out = np.zeros((W.shape[0],) + x.shape[1:], dtype=f32)
    for o in range(W.shape[0]):
        for i in range(W.shape[1]):
            if W[o, i] != 0:
                out[o] = (out[o] + (W[o, i] * x[i]).astype(f32)).astype(f32)
    return np.moveaxis(out, 0, axis)


rng = np.random.default_rng(20261201)
CASES = [
    # (method, antialias, [h, w, c], [new h, new w])
    ('lanczos3', False, [5, 4, 2], [9, 7]),   # upsampling
    ('lanczos3', True, [12, 9, 1], [5, 4]),   # downsampling, kernel widened
    ('lanczos3', False, [12, 9, 1], [5, 4]),  # downsampling, kernel as is
    ('lanczos5', False, [6, 5, 1], [11, 13]),
    ('lanczos5', True, [14, 11, 2], [5, 3]),
    ('lanczos5', False, [14, 11, 1], [5, 3]),
    ('gaussian', False, [4, 6, 2], [7, 11]),
    ('gaussian', True, [13, 10, 1], [4, 6]),
    ('gaussian', False, [13, 10, 1], [4, 6]),
    ('mitchellcubic', False, [5, 3, 1], [8, 7]),
    ('mitchellcubic', True, [11, 12, 2], [4, 5]),
    ('mitchellcubic', False, [11, 12, 1], [4, 5]),
    ('lanczos3', True, [7, 6, 1], [7, 6]),    # the same size: near, not exactly, the identity
]

cases = []
for method, antialias, shape, size in CASES:
    x = rng.uniform(-2, 2, size=shape).astype(f32)
    Wy = weights(method, shape[0], size[0], antialias)
    Wx = weights(method, shape[1], size[1], antialias)
    y = resample(resample(x, Wy, 0), Wx, 1)
    cases.append({
        'method': method,
        'antialias': antialias,
        'shape': shape,
        'input': x.astype(float).ravel().tolist(),
        'size': size,
        'rowWeights': Wy.astype(float).tolist(),
        'colWeights': Wx.astype(float).tolist(),
        'output': y.astype(float).ravel().tolist(),
    })

print(json.dumps({'cases': cases}))
