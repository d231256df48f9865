#!/usr/bin/env python3
"""TensorFlow's tf.math.sobol_sample for test/sobol.test.ts.

    /path/to/tf-venv/bin/python scripts/sobol_fixtures.py > test/fixtures/sobol-tf.json

Small cases keep their values; large ones their SHA-256 digests (of the float32 and float64
results' little-endian bytes, row-major), so the file stays small. Errors are TF's messages.
"""
import hashlib
import json

import numpy as np
import tensorflow as tf

cases = []
for dim, n, skip in [(1, 8, 0), (2, 4, 0), (3, 6, 0), (3, 3, 2), (5, 4, 2**20), (7, 5, 2**31 - 10), (9, 3, 1000)]:
    cases.append({
        'dim': dim, 'numResults': n, 'skip': skip,
        'float64': tf.math.sobol_sample(dim, n, skip=skip, dtype=tf.float64).numpy().ravel().tolist(),
    })
for dim, n, skip in [(40, 1000, 0), (1111, 64, 0), (1111, 3, 123456789), (300, 257, 77)]:
    f64 = tf.math.sobol_sample(dim, n, skip=skip, dtype=tf.float64).numpy()
    f32 = tf.math.sobol_sample(dim, n, skip=skip, dtype=tf.float32).numpy()
    cases.append({
        'dim': dim, 'numResults': n, 'skip': skip,
        'sha256Float64': hashlib.sha256(f64.astype('<f8').tobytes()).hexdigest(),
        'sha256Float32': hashlib.sha256(f32.astype('<f4').tobytes()).hexdigest(),
        'sum': float(f64.sum()),
    })

errors = []
for args in [(0, 2, 0), (2, 0, 0), (2, 2, -1), (1, 1, 2**31 - 1), (21201, 1, 0)]:
    try:
        tf.math.sobol_sample(*args)
        errors.append({'args': list(args), 'message': None})
    except tf.errors.InvalidArgumentError as e:
        errors.append({'args': list(args), 'message': e.message.split('}} ')[-1].split(' [Op:')[0]})

print(json.dumps({'tensorflow': tf.__version__, 'cases': cases, 'errors': errors}, indent=1))
