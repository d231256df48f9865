#!/usr/bin/env python3
"""TensorFlow 2.21's candidate samplers and sampled losses for test/candidate-sampling.test.ts:

    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfvenv/bin/python scripts/tf_candidate_sampling_fixtures.py > test/fixtures/tf-candidate-sampling.json

Samplers: series of calls after tf.random.set_seed (uniform, log-uniform, fixed unigram (with
distortion, reserved ids and shards) and learned unigram (counts kept by the kernel of an op seed
across calls, fresh for seedless calls), unique or not, with
and without op seeds, an op seed used again continuing its kernel's stream, ranges that are powers
of two and not, ranges as small as the sample), each call's candidates and expected counts.
compute_accidental_hits on repeated candidates. nce_loss and sampled_softmax_loss with given
sampled values (float32 and float64, num_true 1 and 2, accidental hits removed or not, weights in
two blocks) and their gradients, and with the default sampler after set_seed.
"""

import json

import numpy as np
import tensorflow as tf

out = {'tensorflow': tf.__version__}


def call(kind, true_classes, num_sampled, unique, range_max, seed=None, **fixed):
    return dict(kind=kind, true_classes=true_classes, num_sampled=num_sampled, unique=unique, range_max=range_max, seed=seed, **fixed)


UNIGRAMS = [30.0, 1.0, 7.0, 0.0, 12.5, 3.0, 3.0, 9.0, 0.25, 40.0]


SERIES = [
    (7, [call('log_uniform', [[1], [5], [20]], 5, True, 50), call('log_uniform', [[1], [5], [20]], 5, True, 50, seed=3),
         call('log_uniform', [[1], [5], [20]], 5, True, 50, seed=3), call('uniform', [[0, 1], [2, 3]], 6, False, 10),
         call('uniform', [[0, 1], [2, 3]], 6, True, 10, seed=3), call('uniform', [[7]], 4, True, 16), call('log_uniform', [[0]], 8, False, 1000),
         call('uniform', [[3]], 5, True, 5), call('log_uniform', [[2]], 3, True, 3), call('uniform', [[123456]], 4, False, 1000003)]),
    (3, [call('fixed', [[1], [4]], 6, False, 10, unigrams=UNIGRAMS), call('fixed', [[1], [4]], 5, True, 10, unigrams=UNIGRAMS, distortion=0.75, seed=9),
         call('fixed', [[1], [4]], 5, True, 10, unigrams=UNIGRAMS, distortion=0.75, seed=9),
         call('fixed', [[2]], 4, True, 12, unigrams=UNIGRAMS, num_reserved_ids=2), call('fixed', [[2]], 3, False, 5, unigrams=UNIGRAMS, num_shards=2, shard=1)]),
    (8, [call('learned', [[1], [1]], 4, False, 6, seed=5), call('learned', [[1], [2]], 4, False, 6, seed=5), call('learned', [[0, 3]], 5, True, 6, seed=5),
         call('learned', [[5]], 3, True, 6), call('learned', [[5]], 3, True, 6), call('learned', [[1], [1]], 4, False, 6, seed=5),
         call('learned', [[4], [4], [4]], 6, False, 300, seed=2), call('learned', [[4], [4], [4]], 6, False, 300, seed=2)]),
    (42, [call('log_uniform', [[4], [9]], 64, True, 10000), call('uniform', [[4], [6]], 3, False, 7, seed=11), call('uniform', [[4], [6]], 3, False, 7, seed=11)]),
]
series = []
for global_seed, calls in SERIES:
    tf.random.set_seed(global_seed)
    results = []
    for c in calls:
        true_classes = tf.constant(c['true_classes'], tf.int64)
        args = (true_classes, len(c['true_classes'][0]), c['num_sampled'], c['unique'], c['range_max'])
        if c['kind'] == 'fixed':
            fixed = {k: v for k, v in c.items() if k in ('unigrams', 'distortion', 'num_reserved_ids', 'num_shards', 'shard')}
            s, t, e = tf.random.fixed_unigram_candidate_sampler(*args, seed=c['seed'], **fixed)
        else:
            fn = {'log_uniform': tf.random.log_uniform_candidate_sampler, 'uniform': tf.random.uniform_candidate_sampler,
                  'learned': tf.random.learned_unigram_candidate_sampler}[c['kind']]
            s, t, e = fn(*args, seed=c['seed'])
        results.append(dict(sampled=s.numpy().tolist(), true_expected=t.numpy().tolist(), sampled_expected=e.numpy().tolist()))
    series.append(dict(global_seed=global_seed, calls=calls, results=results))
out['series'] = series

hits = []
for true_classes, sampled, num_true in (([[1, 2], [3, 4], [2, 9]], [9, 2, 5, 2], 2), ([[0], [0], [7]], [7, 0, 0], 1), ([[5]], [1, 2], 1)):
    i, ids, w = tf.nn.compute_accidental_hits(tf.constant(true_classes, tf.int64), tf.constant(sampled, tf.int64), num_true)
    hits.append(dict(true_classes=true_classes, sampled=sampled, num_true=num_true, indices=i.numpy().tolist(), ids=ids.numpy().tolist(), weights=w.numpy().tolist()))
out['hits'] = hits

rng = np.random.default_rng(3)
losses = []
for dtype in ('float32', 'float64'):
    for num_true in (1, 2):
        for remove in (False, True):
            num_classes, dim, batch, num_sampled = 12, 4, 3, 5
            weights = rng.normal(size=(num_classes, dim))
            biases = rng.normal(size=(num_classes,))
            inputs = rng.normal(size=(batch, dim))
            labels = rng.integers(0, num_classes, size=(batch, num_true))
            sampled = [int(labels[0, 0]), 3, 8, 0, 11]  # one accidental hit at least
            true_expected = rng.uniform(0.1, 0.9, size=(batch, num_true))
            sampled_expected = rng.uniform(0.1, 0.9, size=(num_sampled,))
            w = [tf.constant(weights[:6], dtype), tf.constant(weights[6:], dtype)]
            b, x = tf.constant(biases, dtype), tf.constant(inputs, dtype)
            # (Expected counts in the inputs' dtype: TensorFlow subtracts their logs from the logits without a cast.)
            sv = (tf.constant(sampled, tf.int64), tf.constant(true_expected, dtype), tf.constant(sampled_expected, dtype))
            case = dict(dtype=dtype, num_true=num_true, remove=remove, weights=weights.tolist(), biases=biases.tolist(), inputs=inputs.tolist(),
                        labels=labels.tolist(), sampled=sampled, true_expected=true_expected.tolist(), sampled_expected=sampled_expected.tolist())
            for name, fn in (('nce', tf.nn.nce_loss), ('softmax', tf.nn.sampled_softmax_loss)):
                with tf.GradientTape() as tape:
                    tape.watch(w + [b, x])
                    loss = fn(weights=w, biases=b, labels=tf.constant(labels, tf.int64), inputs=x, num_sampled=num_sampled, num_classes=num_classes,
                              num_true=num_true, sampled_values=sv, remove_accidental_hits=remove)
                    total = tf.reduce_sum(loss * tf.constant(np.arange(1, batch + 1), dtype))
                gw0, gw1, gb, gx = tape.gradient(total, w + [b, x])
                gw0, gw1 = (tf.convert_to_tensor(g) for g in (gw0, gw1))  # (IndexedSlices: the rows looked up)
                case[name] = dict(loss=loss.numpy().tolist(), grad_weights=np.concatenate([gw0.numpy(), gw1.numpy()]).tolist(),
                                  grad_biases=tf.convert_to_tensor(gb).numpy().tolist(), grad_inputs=gx.numpy().tolist())
            losses.append(case)
out['losses'] = losses

# The default sampler (log-uniform, unique) after set_seed, float32.
tf.random.set_seed(5)
defaults = []
for name, fn in (('nce', tf.nn.nce_loss), ('softmax', tf.nn.sampled_softmax_loss)):
    weights = rng.normal(size=(40, 3)).astype(np.float32)
    biases = rng.normal(size=(40,)).astype(np.float32)
    inputs = rng.normal(size=(4, 3)).astype(np.float32)
    labels = [[2], [17], [0], [33]]
    loss = fn(weights=weights, biases=biases, labels=tf.constant(labels, tf.int64), inputs=inputs, num_sampled=6, num_classes=40)
    defaults.append(dict(kind=name, weights=weights.tolist(), biases=biases.tolist(), inputs=inputs.tolist(), labels=labels, loss=loss.numpy().tolist()))
out['defaults'] = defaults

json.dump(out, open(1, 'w'))
