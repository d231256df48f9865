#!/usr/bin/env python3
"""tf.keras.preprocessing.sequence.skipgrams and make_sampling_table (TensorFlow 2.21, Keras 3.15) for
test/keras-skipgrams.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/keras_skipgrams_fixtures.py > test/fixtures/keras-skipgrams.json

Series of calls after random.seed(s) (Python's module-level random, which skipgrams draws from):
window sizes, negative samples (none, one, a fraction, more than one), shuffled with a seed and
without (a seed drawn by random.randint), categorical labels, sampling tables, zeros in the
sequence; and the sampling table of several sizes and factors.
"""

import json
import random

import tensorflow as tf

seq = tf.keras.preprocessing.sequence
sentence = [3, 7, 1, 0, 12, 5, 3, 9, 2, 0, 0, 4, 11, 6, 1, 8]
CALLS = [
    dict(sequence=sentence, vocabulary_size=13, window_size=2, negative_samples=0.0, seed=42),
    dict(sequence=sentence, vocabulary_size=13),
    dict(sequence=sentence, vocabulary_size=13, window_size=1, negative_samples=1.5, shuffle=False),
    dict(sequence=sentence, vocabulary_size=20, window_size=3, negative_samples=0.5, categorical=True, seed=7),
    dict(sequence=sentence, vocabulary_size=13, window_size=2, negative_samples=0.0, sampling_table='table', seed=1),
    dict(sequence=[1, 2, 3, 4, 5, 6], vocabulary_size=1000000, window_size=4, negative_samples=2.0),
    dict(sequence=[0, 0, 5], vocabulary_size=6),
]
series = []
for s in (1, 2024):
    random.seed(s)
    results = []
    for c in CALLS:
        kw = {k: v for k, v in c.items() if k not in ('sequence', 'vocabulary_size')}
        if kw.get('sampling_table') == 'table':
            kw['sampling_table'] = seq.make_sampling_table(c['vocabulary_size'], sampling_factor=0.05).tolist()
        couples, labels = seq.skipgrams(c['sequence'], c['vocabulary_size'], **kw)
        results.append(dict(couples=[list(map(int, p)) for p in couples], labels=labels))
    series.append(dict(python_seed=s, results=results))

tables = [dict(size=n, factor=f, table=seq.make_sampling_table(n, sampling_factor=f).tolist()) for n, f in ((10, 1e-5), (50, 0.01), (7, 1.0), (1, 1e-5))]
json.dump(dict(tensorflow=tf.__version__, calls=CALLS, series=series, tables=tables), open(1, 'w'))
