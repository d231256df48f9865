"""keras.Variable run by Keras 3.15.1 (JAX backend): writes test/fixtures/keras-variable.json, read
by test/keras-variable.test.ts. Each case keeps what the variable reports (name, path, shape,
dtype, trainable, value, repr) or Keras' error for a bad call (`message`). Names are Keras'
automatic ones, so each case starts from a cleared session.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_variable_fixtures.py
"""
import json

import keras
import numpy as np

from keras_fixture_helpers import message


def report(v):
    """What a keras.Variable shows: its attributes, its value as nested lists, and its repr."""
    return {
        "name": v.name,
        "path": v.path,
        "shape": list(v.shape),
        "ndim": v.ndim,
        "dtype": v.dtype,
        "trainable": v.trainable,
        "aggregation": v.aggregation,
        "synchronization": v.synchronization,
        "value": np.asarray(v.numpy()).tolist(),
        "repr": repr(v),
    }


def fresh(make):
    """`make()`'s variable reported, in a cleared session (automatic names start over)."""
    keras.backend.clear_session()
    return report(make())


def error(make):
    keras.backend.clear_session()
    return message(make)


def sequence():
    """Three automatic names in a row, and a named one between them (it takes no number)."""
    keras.backend.clear_session()
    a = keras.Variable(np.zeros((1,), "float32"))
    b = keras.Variable(np.zeros((1,), "float32"), name="w")
    c = keras.Variable(np.zeros((1,), "float32"))
    d = keras.Variable(np.zeros((1,), "float32"), name="")
    return [a.name, b.name, c.name, d.name]


def after_layer():
    """A layer named 'variable' takes the next number of the same counter (Keras' auto_name)."""
    keras.backend.clear_session()
    v = keras.Variable(np.zeros((1,), "float32"))

    class Variable(keras.layers.Layer):
        pass

    layer = Variable()
    return [v.name, layer.name]


class Scaler(keras.layers.Layer):
    """A layer whose build makes a keras.Variable as an attribute (tracked as its weight) and one
    with add_weight."""

    def build(self, input_shape):
        self.scale = keras.Variable(np.full((input_shape[-1],), 2.0, "float32"), name="scale")
        self.offset = keras.Variable(np.zeros((input_shape[-1],), "float32"), name="offset", trainable=False)
        self.bias = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="bias")

    def call(self, x):
        return x * self.scale + self.offset + self.bias


def in_layer():
    keras.backend.clear_session()
    layer = Scaler(name="scaler")
    y = layer(np.array([[1.0, 2.0]], "float32"))
    return {
        "weights": [w.path for w in layer.weights],
        "trainable": [w.path for w in layer.trainable_weights],
        "non_trainable": [w.path for w in layer.non_trainable_weights],
        "output": np.asarray(y).tolist(),
        "scale": report(layer.scale),
    }


def assigned(make, update):
    """The variable's value after `update(v)`, and what the update returned."""
    keras.backend.clear_session()
    v = make()
    out = update(v)
    return {"value": np.asarray(v.numpy()).tolist(), "dtype": v.dtype, "returned": np.asarray(out).tolist()}


def trained():
    """Two SGD steps on sum(v * c) through keras' optimizer: v - 2 * lr * c."""
    keras.backend.clear_session()
    v = keras.Variable(np.array([1.0, -2.0], "float32"))
    opt = keras.optimizers.SGD(learning_rate=0.25)
    for _ in range(2):
        opt.apply_gradients([(np.array([0.5, 4.0], "float32"), v)])
    return np.asarray(v.numpy()).tolist()


f32 = lambda *a: np.array(a, "float32")  # noqa: E731

out = {
    "keras": keras.__version__,
    "cases": {
        "array": fresh(lambda: keras.Variable(np.array([[1.0, 2.0], [3.0, 4.0]], "float32"))),
        "scalar": fresh(lambda: keras.Variable(np.float32(3.5))),
        "named": fresh(lambda: keras.Variable(f32(1.5, -2.0), name="w", trainable=False)),
        "shape_ignored_for_value": fresh(lambda: keras.Variable(f32(1.0, 2.0), shape=(5,))),
        "cast": fresh(lambda: keras.Variable(np.array([1, 2], "int32"), dtype="float32")),
        "int": fresh(lambda: keras.Variable(np.array([[1, 2, 3]], "int32"))),
        "ones": fresh(lambda: keras.Variable("ones", shape=(2, 3))),
        "zeros_int": fresh(lambda: keras.Variable("zeros", shape=(2,), dtype="int32")),
        "constant": fresh(lambda: keras.Variable(keras.initializers.Constant(2.5), shape=(2, 2))),
        "callable": fresh(lambda: keras.Variable(lambda shape, dtype: np.full(shape, 7.0, dtype), shape=(3,))),
        "options": fresh(lambda: keras.Variable(f32(1.0), autocast=False, aggregation="mean", synchronization="on_read")),
        "aggregation_none": fresh(lambda: keras.Variable(f32(1.0), aggregation=None, synchronization=None)),
        "empty": fresh(lambda: keras.Variable(np.zeros((0, 2), "float32"))),
    },
    "names": {"sequence": sequence(), "after_layer": after_layer()},
    "errors": {
        "callable_without_shape": error(lambda: keras.Variable("ones")),
        "initializer_object_without_shape": error(lambda: keras.Variable(keras.initializers.Zeros())),
        "slash": error(lambda: keras.Variable(f32(1.0), name="a/b")),
        "non_string_name": error(lambda: keras.Variable(f32(1.0), name=3)),
        "aggregation": error(lambda: keras.Variable(f32(1.0), aggregation="max")),
        "synchronization": error(lambda: keras.Variable(f32(1.0), synchronization="sometimes")),
        "none_dim": error(lambda: keras.Variable("ones", shape=(None, 2))),
        "negative_dim": error(lambda: keras.Variable("ones", shape=(-1, 2))),
        "float_dim": error(lambda: keras.Variable("ones", shape=(2.0,))),
        "unknown_initializer": error(lambda: keras.Variable("nope", shape=(2,))),
        "bad_dtype": error(lambda: keras.Variable(f32(1.0), dtype="float8")),
        "assign_shape": error(lambda: keras.Variable(f32(1.0, 2.0), name="v").assign(f32(1.0, 2.0, 3.0))),
        "bool": error(lambda: bool(keras.Variable(f32(1.0)))),
        "float_of_vector": error(lambda: float(keras.Variable(f32(1.0, 2.0)))),
    },
    "assign": {
        "assign": assigned(lambda: keras.Variable(f32(1.0, 2.0)), lambda v: v.assign(f32(5.0, 6.0))),
        "assign_cast": assigned(lambda: keras.Variable(f32(1.0, 2.0)), lambda v: v.assign(np.array([3, 4], "int32"))),
        "assign_int_from_float": assigned(lambda: keras.Variable(np.array([1, 2], "int32")), lambda v: v.assign(f32(3.7, -4.7))),
        "assign_add": assigned(lambda: keras.Variable(f32(1.0, 2.0)), lambda v: v.assign_add(f32(0.5, 0.25))),
        "assign_sub": assigned(lambda: keras.Variable(f32(1.0, 2.0)), lambda v: v.assign_sub(f32(0.5, 0.25))),
        "assign_add_broadcast": assigned(lambda: keras.Variable(f32(1.0, 2.0)), lambda v: v.assign_add(np.float32(1.0))),
    },
    "arithmetic": {
        "add": np.asarray(keras.Variable(f32(1.0, 2.0)) + 1.0).tolist(),
        "mul": np.asarray(keras.Variable(f32(1.0, 2.0)) * f32(3.0, 4.0)).tolist(),
        "matmul": np.asarray(keras.Variable(np.array([[1.0, 2.0]], "float32")) @ np.array([[3.0], [4.0]], "float32")).tolist(),
        "neg": np.asarray(-keras.Variable(f32(1.0, -2.0))).tolist(),
        "float": float(keras.Variable(np.float32(2.5))),
    },
    "in_layer": in_layer(),
    "sgd": trained(),
}

with open("test/fixtures/keras-variable.json", "w") as f:
    json.dump(out, f, indent=1)
