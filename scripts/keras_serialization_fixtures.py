"""keras.saving.serialize_keras_object run by Keras 3.15.1 (JAX backend) on built-in objects of
each kind gradtape has (plain values, tensors, activations, loss and metric functions, losses,
metrics, initializers, regularizers, constraints, schedules, optimizers, layers, models) and on a
registered custom layer: writes test/fixtures/keras-serialization.json, read by
test/keras-serialization.test.ts, which makes the same objects in gradtape and expects the same
JSON, and deserializes Keras' JSON into working objects. Keras' errors of deserialize_keras_object
for bad configs are kept too (`message`).
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_serialization_fixtures.py
"""
import json

import keras
import numpy as np
from keras.saving import deserialize_keras_object, serialize_keras_object

from keras_fixture_helpers import message


@keras.saving.register_keras_serializable(package="my_pkg")
class Scale(keras.layers.Layer):
    """A layer of the user's: its output is its input times `factor`."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def plain(obj):
    """The serialized object as JSON reads it back (tuples become lists)."""
    return json.loads(json.dumps(serialize_keras_object(obj)))


def built(layer, shape):
    layer.build(shape)
    return layer


def sequential():
    keras.backend.clear_session()
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="tanh", name="out")], name="seq")


def compiled():
    model = sequential()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model


def functional():
    keras.backend.clear_session()
    x = keras.Input((3,), name="x")
    h = keras.layers.Dense(4, activation="relu", name="hidden")(x)
    y = keras.layers.Dense(1, name="y")(h)
    return keras.Model(x, y, name="fn")


objects = {
    "none": None,
    "int": 3,
    "float": 2.5,
    "string": "abc",
    "bool": True,
    "list": [1, "a", None],
    "dict": {"a": 1, "b": [2.5, {"c": "d"}]},
    "tensor": keras.ops.convert_to_tensor(np.array([[1.0, 2.0]], "float32")),
    "int_tensor": keras.ops.convert_to_tensor(np.array([3, 4], "int32")),
    "relu": keras.activations.relu,
    "softmax": keras.activations.softmax,
    "gelu": keras.activations.gelu,
    "mse_function": keras.losses.mean_squared_error,
    "mean_squared_error_loss": keras.losses.MeanSquaredError(),
    "huber": keras.losses.Huber(delta=2.0),
    "bce": keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    "binary_accuracy": keras.metrics.BinaryAccuracy(threshold=0.7),
    "mean": keras.metrics.Mean(name="m"),
    "precision": keras.metrics.Precision(thresholds=0.3),
    "glorot_uniform": keras.initializers.GlorotUniform(seed=1),
    "constant_init": keras.initializers.Constant(2.0),
    "random_normal": keras.initializers.RandomNormal(mean=1.0, stddev=0.5, seed=3),
    "zeros": keras.initializers.Zeros(),
    "l2": keras.regularizers.L2(0.01),
    "l1l2": keras.regularizers.L1L2(l1=0.1, l2=0.2),
    "max_norm": keras.constraints.MaxNorm(2.0),
    "non_neg": keras.constraints.NonNeg(),
    "exponential_decay": keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.9),
    "cosine_decay": keras.optimizers.schedules.CosineDecay(0.5, 1000, alpha=0.1),
    "adam": keras.optimizers.Adam(learning_rate=0.01),
    "sgd": keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
    "adam_schedule": keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.9)),
    "dense": keras.layers.Dense(3, activation="relu", name="d"),
    "dense_built": built(keras.layers.Dense(3, kernel_initializer="he_normal", kernel_regularizer="l2", name="d"), (None, 4)),
    "dropout": keras.layers.Dropout(0.5, name="drop"),
    "layer_norm": keras.layers.LayerNormalization(epsilon=0.01, name="ln"),
    "sequential": sequential(),
    "compiled": compiled(),
    "functional": functional(),
    "custom": Scale(factor=2.0, name="scale"),
    "nested": {"layers": [keras.layers.Dropout(0.25, name="a")], "rate": 0.5, "init": keras.initializers.Ones()},
}

fixture = {"keras": keras.__version__, "serialized": {k: plain(v) for k, v in objects.items()}}

bad = {
    "unknown_class": {"module": "keras.layers", "class_name": "Nope", "config": {}, "registered_name": None},
    "unknown_custom": {"module": None, "class_name": "Mine", "config": {}, "registered_name": "pkg>Mine"},
    "lambda": {"class_name": "__lambda__", "config": {"value": ["x", None, None]}},
    "non_modeling": {"module": "keras.models", "class_name": "function", "config": "load_model", "registered_name": "load_model"},
    "function_config_not_string": {"module": "keras.activations", "class_name": "function", "config": 3, "registered_name": None},
    "class_config_not_dict": {"module": "keras.layers", "class_name": "Dense", "config": 3, "registered_name": None},
}
fixture["errors"] = {k: message(lambda c=c: deserialize_keras_object(c)) for k, c in bad.items()}
# What Keras makes of configs other than serialize_keras_object's output.
fixture["deserialized"] = {
    "builtins_function": deserialize_keras_object({"module": "builtins", "class_name": "function", "config": "relu", "registered_name": "function"}).__name__,
    "plain_dict": deserialize_keras_object({"a": [1, 2], "b": "relu"}),
    "tensor": np.asarray(deserialize_keras_object({"class_name": "__tensor__", "config": {"value": [1, 2], "dtype": "float32"}})).tolist(),
    "numpy": np.asarray(deserialize_keras_object({"class_name": "__numpy__", "config": {"value": [[1, 2]], "dtype": "int32"}})).tolist(),
}

with open("test/fixtures/keras-serialization.json", "w") as f:
    json.dump(fixture, f, indent=1)
