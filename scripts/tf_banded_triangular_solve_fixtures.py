#!/usr/bin/env python3
"""TensorFlow 2.21's tf.linalg.banded_triangular_solve for test/banded-triangular-solve.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_banded_triangular_solve_fixtures.py > test/fixtures/tf-banded-triangular-solve.json

Lower and upper bands, adjoint or not, one to five bands (more bands than rows too), batches that
broadcast either way, float32 and float64: the solution, and the gradients of sum(x · w) with
respect to the bands and the right-hand side (none with more bands than rows, where TensorFlow's
gradient fails).
"""

import json

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(11)
cases = []
for dtype in ('float64', 'float32'):
    for lower in (True, False):
        for adjoint in (False, True):
            for bands_shape, rhs_shape in (([1, 4], [4, 2]), ([2, 5], [5, 1]), ([3, 6], [6, 3]), ([6, 4], [4, 2]), ([2, 3, 5], [5, 2]), ([3, 4], [2, 4, 1])):
                bands = rng.uniform(-1, 1, bands_shape)
                # Diagonal entries away from zero (the diagonal is row 0 of lower bands, the last row of upper ones).
                diag_row = 0 if lower else bands_shape[-2] - 1
                bands[..., diag_row, :] = rng.choice([-1, 1], bands[..., diag_row, :].shape) * rng.uniform(1, 2, bands[..., diag_row, :].shape)
                rhs = rng.uniform(-1, 1, rhs_shape)
                b = tf.constant(bands, dtype)
                r = tf.constant(rhs, dtype)
                with tf.GradientTape(persistent=True) as tape:
                    tape.watch([b, r])
                    x = tf.linalg.banded_triangular_solve(b, r, lower=lower, adjoint=adjoint)
                    w = tf.constant(rng.uniform(-1, 1, x.shape), dtype)
                    y = tf.reduce_sum(x * w)
                try:
                    gb, gr = (g.numpy().tolist() for g in tape.gradient(y, [b, r]))
                except tf.errors.InvalidArgumentError:
                    gb = gr = None  # TensorFlow's gradient fails with more bands than rows
                cases.append(dict(dtype=dtype, lower=lower, adjoint=adjoint, bands=bands.tolist(), rhs=rhs.tolist(), weights=w.numpy().tolist(),
                                  x=x.numpy().tolist(), grad_bands=gb, grad_rhs=gr))

json.dump(dict(tensorflow=tf.__version__, cases=cases), open(1, 'w'))
