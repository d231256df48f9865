"""Keras 3.15.1 (JAX backend) runs of the optimizers it added after the others: Muon and
ScheduleFreeAdamW. Writes test/fixtures/keras-optimizers-315.json, read by
test/optimizers-keras315.test.ts.

Each case makes float32 variables with given names (Muon chooses its update by the path) and
values, applies five steps of given gradients eagerly (`optimizer.apply`), and records after each
step every variable and its slots (`momentum`, `velocity`: None where Keras makes none) and, with
use_ema, its moving average. The matrices keep their inner dimensions below 8, where XLA's CPU
matrix products (Muon's Newton-Schulz iteration) accumulate each dot product in order with fused
multiply-adds, which gradtape reproduces, and an odd number of rows once transposed to be wide,
where XLA's norm sums the squares that way too (with an even number it sums them in another
order: the last bits differ).
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_optimizers_315_fixtures.py
"""
import json
import os

import numpy as np
import keras

assert keras.__version__ == "3.15.1", keras.__version__
assert keras.backend.backend() == "jax"

rng = np.random.default_rng(315)
STEPS = 5
# (path, shape): Muon orthogonalises the first two (the second is tall: Keras transposes it),
# and trains the bias (rank 1) and the embeddings (path) with AdamW.
VARIABLES = [("dense/kernel", (3, 4)), ("proj/kernel", (5, 3)), ("dense/bias", (4,)), ("embedding/embeddings", (4, 3))]
W0 = [rng.standard_normal(shape).astype(np.float32) for _, shape in VARIABLES]
GRADS = [[(rng.standard_normal(shape) * 0.5).astype(np.float32) for _, shape in VARIABLES] for _ in range(STEPS)]

CASES = [
    ("Muon", {"learning_rate": 0.05}),
    (
        "Muon",
        {
            "learning_rate": 0.02, "momentum": 0.9, "nesterov": False, "ns_steps": 3, "rms_rate": None, "adam_lr_ratio": 0.1,
            "weight_decay": 0.01, "adam_weight_decay": None, "exclude_layers": ["proj"], "exclude_embeddings": False,
        },
    ),
    ("Muon", {"learning_rate": 0.05, "adam_beta_1": 0.8, "epsilon": 1e-5, "clipvalue": 0.4, "use_ema": True, "ema_overwrite_frequency": 3}),
    ("Muon", {"learning_rate": 0.05, "gradient_accumulation_steps": 2, "weight_decay": None, "adam_weight_decay": 0.1}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.05}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "warmup_steps": 3, "weight_decay": 0.01}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.05, "epsilon": 1e-6, "clipvalue": 0.3, "use_ema": True}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.05, "gradient_accumulation_steps": 2}),
]


def camel(key):
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def slots_of(optimizer, variable):
    i = optimizer._get_variable_index(variable)
    if isinstance(optimizer, keras.optimizers.Muon):
        momentum, velocity = optimizer.momentums[i], optimizer.adam_velocities[i]
    else:
        momentum, velocity = optimizer._momentums[i], optimizer._velocities[i]
    return [None if s is None else np.asarray(s.value).ravel().tolist() for s in (momentum, velocity)]


def run(name, config):
    optimizer = getattr(keras.optimizers, name)(**config)
    variables = [keras.Variable(w, name=path.split("/")[-1]) for (path, _), w in zip(VARIABLES, W0)]
    # Keras's path is the name scope's; set it to the layer path Muon reads.
    for v, (path, _) in zip(variables, VARIABLES):
        v._path = path
    rows = []
    for grads in GRADS:
        optimizer.apply([keras.ops.convert_to_tensor(g) for g in grads], variables)
        row = {"variables": [np.asarray(v.value).ravel().tolist() for v in variables], "slots": [slots_of(optimizer, v) for v in variables]}
        if optimizer.use_ema:
            row["averages"] = [np.asarray(a.value).ravel().tolist() for a in optimizer._model_variables_moving_average]
        rows.append(row)
    options = {camel(k): v for k, v in config.items()}
    return {"optimizer": name, "options": options, "iterations": int(optimizer.iterations), "steps": rows}


fixture = {
    "keras": keras.__version__,
    "names": [path for path, _ in VARIABLES],
    "shapes": [list(shape) for _, shape in VARIABLES],
    "w0": [w.ravel().tolist() for w in W0],
    "grads": [[g.ravel().tolist() for g in grads] for grads in GRADS],
    "cases": [run(name, config) for name, config in CASES],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "keras-optimizers-315.json")
with open(path, "w") as f:
    json.dump(fixture, f)
print(f"wrote {path}: {len(CASES)} cases")
