#!/usr/bin/env python3
"""TensorFlow 2.21's stateful random draws for test/stateful-random.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_stateful_random_fixtures.py > test/fixtures/tf-stateful-random.json

Each program is a global seed (or none) and a series of eager calls of tf.random.uniform (float
and int32), normal, truncated_normal, shuffle, gamma and poisson (float32 and float64, with and
without op seeds, repeated op seeds that continue their kernel's stream, shuffles of vectors and
matrices of int32 and float32, of one row, odd sizes; gamma with alpha 1, below 1 and large,
broadcast betas; poisson with rates below and above 10, float32, float64 and int32 samples and
float64 rates; categorical ids, int64 and int32, with infinite logits, no samples and a batch
large enough for ids past a row's reservation: 64 rows still run in one shard), and TensorFlow's
values and shape of every call.
"""

import json

import tensorflow as tf

F32, F64 = tf.float32, tf.float64


def call(kind, shape, dtype='float32', seed=None, **kw):
    return dict(kind=kind, shape=shape, dtype=dtype, seed=seed, **kw)


PROGRAMS = [
    (1234, [call('uniform', [3]), call('normal', [2, 2]), call('normal', [3], seed=7), call('normal', [3], seed=7),
            call('truncated_normal', [4], mean=1.0, stddev=2.0), call('uniform', [3], minval=-2.0, maxval=5.0),
            call('uniform', [2], 'float64'), call('normal', [3], 'float64'), call('truncated_normal', [5], 'float64', seed=3)]),
    (42, [call('uniform_int', [4], minval=0, maxval=10), call('normal', [5]), call('uniform', [0]), call('uniform', [1, 7], maxval=3.0),
          call('normal', [9], seed=42, mean=-1.5, stddev=0.25), call('uniform', [9], seed=42), call('normal', [9], seed=42), call('truncated_normal', [33])]),
    (0, [call('normal', [3], seed=0), call('normal', [3]), call('uniform', [5], 'float64', seed=2 ** 40 + 5)]),
    (-17, [call('normal', [6]), call('uniform', [6], seed=-3), call('uniform', [6], seed=-3)]),
    (None, [call('normal', [4], seed=5), call('normal', [4], seed=5), call('uniform', [3], 'float64', seed=9), call('truncated_normal', [3], seed=5),
            call('shuffle', [9], 'int32', seed=5), call('uniform_int', [6], seed=5, minval=3, maxval=9)]),
    (7, [call('shuffle', [10], 'int32'), call('shuffle', [10], 'int32', seed=3), call('shuffle', [10], 'int32', seed=3),
         call('shuffle', [6, 2], 'float32', seed=3), call('shuffle', [1], 'int32', seed=3), call('shuffle', [10], 'int32', seed=3),
         call('shuffle', [37, 3], 'float32'), call('uniform_int', [7], seed=3, minval=-5, maxval=1000),
         call('uniform_int', [7], seed=3, minval=-5, maxval=1000), call('uniform_int', [5], minval=-2 ** 31, maxval=2 ** 31 - 1),
         call('uniform_int', [2, 3], minval=0, maxval=1)]),
    (1, [call('gamma', [3], alpha=2.0, seed=1), call('gamma', [3], alpha=2.0, seed=1), call('gamma', [2], alpha=[0.5, 1.0, 7.5]),
         call('gamma', [2, 2], 'float64', alpha=[0.5, 3.0]), call('gamma', [4], alpha=[[1.0], [0.25]], beta=[2.0, 0.5, 10.0]),
         call('gamma', [0], alpha=3.0), call('normal', [2], seed=1), call('gamma', [5], alpha=0.01, seed=1),
         call('poisson', [3], lam=4.0, seed=3), call('poisson', [3], lam=4.0, seed=3), call('poisson', [2], lam=[0.5, 9.9, 10.0, 250.0]),
         call('poisson', [3], 'int32', lam=[1.0, 40.0]), call('poisson', [3], 'float64', lam=[2.5, 1000.0], lam_dtype='float64'),
         call('poisson', [3], 'int32', lam=[2.5, 30.0], lam_dtype='float64', seed=3), call('poisson', [2, 2], lam=0.0)]),
    (None, [call('gamma', [4], alpha=1.5, seed=8), call('gamma', [4], 'float64', alpha=1.5, seed=8), call('poisson', [4], lam=12.0, seed=8)]),
    (5, [call('categorical', [1, 3], logits=[[0.0, 1.0, 2.0, -1.0]]), call('categorical', [2, 5], logits=[[1.0, 1.0], [-3.0, 2.0]], seed=2),
         call('categorical', [2, 5], logits=[[1.0, 1.0], [-3.0, 2.0]], seed=2), call('categorical', [2, 5], logits=[[1.0, 1.0], [-3.0, 2.0]], seed=2, ids='int32'),
         call('categorical', [3, 7], 'float64', logits=[[0.1, 0.2, 0.3], [5.0, -float('inf'), 5.0], [-1e3, 0.0, -2.0]]),
         call('categorical', [1, 1], logits=[[-float('inf'), -float('inf')]]), call('categorical', [4, 0], logits=[[0.0, 1.0]] * 4),
         call('categorical', [64, 9], logits=[[0.05 * i - 0.03 * j for j in range(10)] for i in range(64)], seed=11)]),
]


def run(c):
    d = F32 if c['dtype'] == 'float32' else F64
    if c['kind'] == 'gamma':
        return tf.random.gamma(c['shape'], tf.constant(c['alpha'], d), beta=None if 'beta' not in c else tf.constant(c['beta'], d), dtype=d, seed=c['seed'])
    if c['kind'] == 'categorical':
        return tf.random.categorical(tf.constant(c['logits'], d), c['shape'][1], dtype=tf.int32 if c.get('ids') == 'int32' else None, seed=c['seed'])
    if c['kind'] == 'poisson':
        lam = tf.constant(c['lam'], F64 if c.get('lam_dtype') == 'float64' else F32)
        return tf.random.poisson(c['shape'], lam, dtype=tf.int32 if c['dtype'] == 'int32' else d, seed=c['seed'])
    if c['kind'] == 'uniform':
        args = {k: c[k] for k in ('minval', 'maxval') if k in c}
        return tf.random.uniform(c['shape'], dtype=d, seed=c['seed'], **args)
    if c['kind'] == 'uniform_int':
        return tf.random.uniform(c['shape'], minval=c['minval'], maxval=c['maxval'], dtype=tf.int32, seed=c['seed'])
    if c['kind'] == 'shuffle':
        n = 1
        for d in c['shape']:
            n *= d
        value = tf.reshape(tf.range(n, dtype=tf.int32 if c['dtype'] == 'int32' else F32), c['shape'])
        return tf.random.shuffle(value, seed=c['seed'])
    args = {k: c[k] for k in ('mean', 'stddev') if k in c}
    fn = tf.random.normal if c['kind'] == 'normal' else tf.random.truncated_normal
    return fn(c['shape'], dtype=d, seed=c['seed'], **args)


out = []
for global_seed, calls in PROGRAMS:
    if global_seed is None:
        # No global seed: a fresh context state (as at start-up).
        tf.random.set_seed(None) if hasattr(tf.random, 'set_seed') else None
        from tensorflow.python.eager import context
        context.context()._seed = None
        context.context()._rng = None
        context.context().clear_kernel_cache()
    else:
        tf.random.set_seed(global_seed)
    results, shapes = [], []
    for c in calls:
        v = run(c)
        results.append(v.numpy().reshape(-1).tolist())
        shapes.append(list(v.shape))
    # (JSON has no infinities: a logit of -inf is written as the string '-inf'.)
    recorded = [dict(c, logits=[[x if x != -float('inf') else '-inf' for x in row] for row in c['logits']]) if 'logits' in c else c for c in calls]
    out.append(dict(global_seed=global_seed, calls=recorded, values=results, shapes=shapes))

json.dump(dict(tensorflow=tf.__version__, programs=out), open(1, 'w'), allow_nan=False)
