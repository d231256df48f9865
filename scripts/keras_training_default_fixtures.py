#!/usr/bin/env python3
"""Keras 3.15.1's outputs for test/keras-training-default.test.ts: how `training` resolves when a
call does not give it (Keras' Layer.__call__: the value passed, else the outer layer call's, else
the default of the layer's `call` signature, stashed in the call context for the layer calls that
follow; a functional model's nodes record that default, and the model call's own `training`, when
not None, overrides them).

    KERAS_BACKEND=jax python scripts/keras_training_default_fixtures.py > test/fixtures/keras-training-default.json

Every case runs a RandomBrightness of factor (0.5, 0.5), which adds 127.5 when it augments and
nothing otherwise, so whether it ran in training mode shows in the output without any random
draw; BatchNormalization after it shows the mode it passes on (batch statistics and an updated
moving mean in training). Inputs: X, pixels 0..47 in a [2, 2, 3, 4] batch; `outputs` is each
case's output (flat) and `movingMean` the BatchNormalization's moving mean after the call.
"""

import json

import keras
import numpy as np
from keras import layers

X = np.arange(48, dtype="float32").reshape(2, 2, 3, 4)
SHAPE = (2, 3, 4)


def brightness():
    return layers.RandomBrightness((0.5, 0.5))


def flat(a):
    return np.asarray(a, dtype=np.float64).ravel().tolist()


cases = {}


def case(name, run, bn=None):
    out = run()
    cases[name] = {"outputs": flat(out)}
    if bn is not None:
        cases[name]["movingMean"] = flat(bn.moving_mean)


# A layer called directly: its own default (RandomBrightness' training=True, Dropout's False).
case("direct", lambda: brightness()(X))
case("direct training=False", lambda: brightness()(X, training=False))
case("direct training=None", lambda: brightness()(X, training=None))
case("GaussianNoise direct", lambda: layers.GaussianNoise(0.5)(X))

# Sequential with an Input, without one, called, with training=False, predict, evaluate's outputs.
seq = keras.Sequential([keras.Input(SHAPE), brightness()])
case("sequential", lambda: seq(X))
case("sequential training=False", lambda: seq(X, training=False))
case("sequential predict", lambda: seq.predict(X, verbose=0))
case("sequential no Input", lambda: keras.Sequential([brightness()])(X))

# Functional: the node recorded training=True; a model call's value overrides it.
inp = keras.Input(SHAPE)
fn = keras.Model(inp, brightness()(inp))
case("functional", lambda: fn(X))
case("functional training=False", lambda: fn(X, training=False))
case("functional predict", lambda: fn.predict(X, verbose=0))
inp = keras.Input(SHAPE)
recorded_false = keras.Model(inp, brightness()(inp, training=False))
case("functional recorded False", lambda: recorded_false(X))
case("functional recorded False, training=True", lambda: recorded_false(X, training=True))

# Nested: an inner Sequential in a functional model.
inner = keras.Sequential([keras.Input(SHAPE), brightness()])
inp = keras.Input(SHAPE)
outer = keras.Model(inp, inner(inp))
case("nested", lambda: outer(X))
case("nested training=False", lambda: outer(X, training=False))
case("nested predict", lambda: outer.predict(X, verbose=0))

# Dropout before: its node records training=False, the RandomBrightness node True.
case("sequential dropout then brightness", lambda: keras.Sequential([keras.Input(SHAPE), layers.Dropout(0.5), brightness()])(X))

# BatchNormalization after RandomBrightness resolves the context's True: batch statistics.
bn = layers.BatchNormalization()
seq_bn = keras.Sequential([keras.Input(SHAPE), brightness(), bn])
case("sequential brightness then batchnorm", lambda: seq_bn(X), bn)
bn = layers.BatchNormalization()
seq_bn2 = keras.Sequential([keras.Input(SHAPE), brightness(), bn])
case("sequential brightness then batchnorm predict", lambda: seq_bn2.predict(X, verbose=0), bn)
bn = layers.BatchNormalization()
inp = keras.Input(SHAPE)
fn_bn = keras.Model(inp, bn(brightness()(inp)))
case("functional brightness then batchnorm", lambda: fn_bn(X), bn)
bn = layers.BatchNormalization()
case("batchnorm alone", lambda: keras.Sequential([keras.Input(SHAPE), bn])(X), bn)


# Subclassed models: the calls in `call` share the context.
class BrightnessThenNorm(keras.Model):
    def __init__(self):
        super().__init__()
        self.brightness = brightness()
        self.norm = layers.BatchNormalization()

    def call(self, x):
        return self.norm(self.brightness(x))


class NoiseThenBrightness(keras.Model):
    def __init__(self):
        super().__init__()
        self.noise = layers.GaussianNoise(0.5)
        self.brightness = brightness()

    def call(self, x):
        return self.brightness(self.noise(x))


sub = BrightnessThenNorm()
case("subclass brightness then batchnorm", lambda: sub(X), sub.norm)
case("subclass noise then brightness", lambda: NoiseThenBrightness()(X))


# What a functional node records: the training default only when Keras' __call__ did not copy its
# kwargs to convert the inputs (one tensor of the layer's dtype, no kwargs; RandomFlip and
# RandomCrop convert nothing).
img = keras.Input((2, 3, 1))
ints = keras.Input((2, 3, 1), dtype="int32")
seq = keras.Input((4, 2))
key = keras.Input((5, 2))
outputs = [
    layers.RandomFlip("horizontal")(img),
    layers.RandomFlip("horizontal")(ints),
    layers.RandomContrast(0.5)(ints),
    layers.RandomContrast(0.5)(img),
    layers.Dropout(0.5)(img),
    layers.Dropout(0.5)(ints),
    layers.Dense(2)(img),
    layers.Attention()([seq, key]),
    layers.LSTM(2)(seq),
    layers.GaussianNoise(0.1)(seq),
]
nodes = keras.Model([img, ints, seq, key], outputs).get_config()["layers"]
node_training = [
    [layer["class_name"], layer["inbound_nodes"][0]["kwargs"].get("training", "<missing>")]
    for layer in nodes
    if layer["inbound_nodes"]
]

print(json.dumps({"keras": keras.__version__, "x": flat(X), "shape": list(X.shape), "cases": cases, "nodeTraining": node_training}, indent=1))
