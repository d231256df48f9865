"""Keras 3.15.1 (JAX backend) runs of LossScaleOptimizer. Writes
test/fixtures/keras-loss-scale.json, read by test/loss-scale-optimizer.test.ts.

Each case wraps an inner optimizer and applies eight steps of given gradients to two float32
variables with `stateless_apply` (Keras's stateful `apply` of this optimizer fails on JAX: its
`ops.cond` branches assign variables). Some steps hold an inf or a NaN, so the step is skipped and
the scale halved; dynamic_growth_steps is small, so the scale doubles too. The steps run with
jax.disable_jit(), op by op (jitted, ops.cond hands both branches to XLA, whose fusions change
the updates' last bits). After each step the
variables and every optimizer variable, in Keras's order (the wrapper's iteration, learning
rate, step counter and dynamic scale, then the inner optimizer's), are recorded.
Non-finite gradient elements are written as the strings "inf", "-inf" and "nan" (JSON has no
such numbers).
It also saves test/fixtures/keras_loss_scale.keras: a Dense model compiled with a
LossScaleOptimizer around Adam and fit for three steps (its file keeps the wrapper's variables and
the inner optimizer's), with the optimizer's variables after the fit in the JSON's "archive".
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_loss_scale_fixtures.py
"""
import json
import os

import jax
import numpy as np
import keras

from keras_fixture_helpers import save_as_committed

assert keras.__version__ == "3.15.1", keras.__version__
assert keras.backend.backend() == "jax"

rng = np.random.default_rng(2**15)
STEPS = 8
SHAPES = [(2, 3), (3,)]
W0 = [rng.standard_normal(shape).astype(np.float32) for shape in SHAPES]
GRADS = [[(rng.standard_normal(shape) * 100).astype(np.float32) for shape in SHAPES] for _ in range(STEPS)]
GRADS[2][0][1, 2] = np.inf  # skipped: the scale halves
GRADS[5][1][0] = np.nan  # skipped again
GRADS[6][0][0, 0] = -np.inf  # and again, right after

CASES = [
    ("Adam", {"learning_rate": 0.1}, {"initial_scale": 64.0, "dynamic_growth_steps": 2}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "clipnorm": 1.0}, {"initial_scale": 3.0, "dynamic_growth_steps": 3}),
    ("Adam", {"learning_rate": 0.1, "gradient_accumulation_steps": 2}, {"dynamic_growth_steps": 1}),
    # (Not Nadam: its momentum product is not among Keras's optimizer variables, so stateless_apply drops its updates.)
    ("RMSprop", {"learning_rate": 0.1, "use_ema": True}, {}),
]


def camel(key):
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def encode(array):
    return [x if np.isfinite(x) else ("nan" if np.isnan(x) else ("inf" if x > 0 else "-inf")) for x in np.asarray(array, np.float64).ravel().tolist()]


def run(inner_name, inner_config, config):
    inner = getattr(keras.optimizers, inner_name)(**inner_config)
    optimizer = keras.optimizers.LossScaleOptimizer(inner, **config)
    variables = [keras.Variable(w) for w in W0]
    optimizer.build(variables)
    trainable = [v.value for v in variables]
    state = [v.value for v in optimizer.variables]
    rows = []
    for grads in GRADS:
        # Op by op, as the other optimizers' fixtures run: under jit, ops.cond compiles both
        # branches with XLA, which fuses the update's multiply-adds and changes last bits.
        with jax.disable_jit():
            trainable, state = optimizer.stateless_apply(state, [keras.ops.convert_to_tensor(g) for g in grads], trainable)
        rows.append({
            "variables": [np.asarray(v).ravel().tolist() for v in trainable],
            "state": [np.asarray(s).ravel().tolist() for s in state],
        })
    return {
        "inner": inner_name,
        "innerOptions": {camel(k): v for k, v in inner_config.items()},
        "options": {camel(k): v for k, v in config.items()},
        "statePaths": [v.path for v in optimizer.variables],
        "config": optimizer.get_config(),
        "steps": rows,
    }


def archive():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    optimizer = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(0.01), initial_scale=256.0, dynamic_growth_steps=2)
    model.compile(optimizer=optimizer, loss="mse")
    x = np.array([[1, 2], [3, 4], [5, 6]], np.float32)
    model.fit(x, np.array([[1], [2], [3]], np.float32), epochs=1, batch_size=1, shuffle=False, verbose=0)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "keras_loss_scale.keras")
    save_as_committed(model, path)  # the committed archive's bytes when the model is the same
    return {
        "paths": [v.path for v in optimizer.variables],
        "values": [np.asarray(v.value).ravel().tolist() for v in optimizer.variables],
        "predictions": np.asarray(model.predict(x, verbose=0)).ravel().tolist(),
    }


fixture = {
    "keras": keras.__version__,
    "archive": archive(),
    "shapes": [list(shape) for shape in SHAPES],
    "w0": [w.ravel().tolist() for w in W0],
    "grads": [[encode(g) for g in grads] for grads in GRADS],
    "cases": [run(*case) for case in CASES],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "keras-loss-scale.json")
with open(path, "w") as f:
    json.dump(fixture, f, allow_nan=False)
print(f"wrote {path}: {len(CASES)} cases")
