"""Keras 3.15.1 (JAX backend) layers' build state and trainable flags: writes
test/fixtures/keras-layer-state.json, read by test/keras-layer-state.test.ts.

`build`: Keras wraps every layer's build (keras/src/layers/layer.py, Layer.__new__'s
build_wrapper), so a build called directly records its shape (get_build_config, the build_config
`keras.layers.serialize` and a `.keras` archive write) as the first call's does; a layer whose class
has no build of its own (Dropout, Activation, pooling) is built at construction
(Layer._build_at_init) and a call runs no build, so it records none. For each case: whether the
layer is built when made, its build config after a call on a KerasTensor, after a direct build,
and what `keras.layers.serialize` writes after the direct build.

`trainable`: the layer's trainable setter sets the flag of each variable it tracked as trainable
(and recurses into its sublayers); a variable made while the layer is frozen is frozen
(Layer._track_variable). Recorded: each weight's (path, trainable) and the layer's trainable and
non-trainable weights' paths after each step of the cases below.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_layer_state_fixtures.py
"""
import json
import os

import keras
import numpy as np

L = keras.layers

# name: (make, input shape with the batch axis)
BUILD_CASES = {
    "dense": (lambda: L.Dense(2), (None, 3)),
    "dropout": (lambda: L.Dropout(0.5), (None, 3)),
    "activation": (lambda: L.Activation("relu"), (None, 3)),
    "relu": (lambda: L.ReLU(), (None, 3)),
    "softmax": (lambda: L.Softmax(), (None, 3)),
    "leaky_relu": (lambda: L.LeakyReLU(), (None, 3)),
    "gaussian_noise": (lambda: L.GaussianNoise(0.1), (None, 3)),
    "activity_regularization": (lambda: L.ActivityRegularization(), (None, 3)),
    "unit_normalization": (lambda: L.UnitNormalization(), (None, 3)),
    "masking": (lambda: L.Masking(), (None, 4, 3)),
    "identity": (lambda: L.Identity(), (None, 3)),
    "max_pooling_1d": (lambda: L.MaxPooling1D(), (None, 4, 3)),
    "global_average_pooling_1d": (lambda: L.GlobalAveragePooling1D(), (None, 4, 3)),
    "flatten": (lambda: L.Flatten(), (None, 4, 3)),
    "reshape": (lambda: L.Reshape((12,)), (None, 4, 3)),
    "permute": (lambda: L.Permute((2, 1)), (None, 4, 3)),
    "repeat_vector": (lambda: L.RepeatVector(2), (None, 3)),
    "up_sampling_1d": (lambda: L.UpSampling1D(), (None, 4, 3)),
    "up_sampling_2d": (lambda: L.UpSampling2D(), (None, 4, 4, 3)),
    "zero_padding_1d": (lambda: L.ZeroPadding1D(), (None, 4, 3)),
    "zero_padding_2d": (lambda: L.ZeroPadding2D(), (None, 4, 4, 3)),
    "cropping_1d": (lambda: L.Cropping1D(), (None, 4, 3)),
    "cropping_2d": (lambda: L.Cropping2D(), (None, 4, 4, 3)),
    "adaptive_average_pooling_1d": (lambda: L.AdaptiveAveragePooling1D(2), (None, 4, 3)),
    "rescaling": (lambda: L.Rescaling(0.5), (None, 3)),
    "resizing": (lambda: L.Resizing(2, 2), (None, 4, 4, 3)),
    "center_crop": (lambda: L.CenterCrop(2, 2), (None, 4, 4, 3)),
    "random_flip": (lambda: L.RandomFlip(), (None, 4, 4, 3)),
    "random_contrast": (lambda: L.RandomContrast(0.2), (None, 4, 4, 3)),
    "category_encoding": (lambda: L.CategoryEncoding(3), (None, 2)),
    "discretization": (lambda: L.Discretization(bin_boundaries=[0.0]), (None, 3)),
    "layer_normalization": (lambda: L.LayerNormalization(), (None, 3)),
    "embedding": (lambda: L.Embedding(3, 2), (None, 4)),
}


def build_case(make, shape):
    keras.backend.clear_session()
    at_init = make().built
    called = make()
    called(keras.Input(shape[1:], dtype="int32" if isinstance(called, (L.Embedding, L.CategoryEncoding)) else "float32"))
    direct = make()
    direct.build(shape)
    return {
        "builtAtInit": at_init,
        "afterCall": called.get_build_config(),
        "afterBuild": direct.get_build_config(),
        "builtAfterBuild": direct.built,
        "serializedAfterBuild": L.serialize(direct).get("build_config"),
    }


def weights_state(layer):
    """Each weight's path and flag, and the paths of the layer's trainable and non-trainable weights."""
    return {
        "trainable": layer.trainable,
        "weights": [[w.path, w.trainable] for w in layer.weights],
        "trainableWeights": [w.path for w in layer.trainable_weights],
        "nonTrainableWeights": [w.path for w in layer.non_trainable_weights],
    }


def dense_frozen_and_thawed():
    keras.backend.clear_session()
    d = L.Dense(2)
    d.build((None, 3))
    steps = [weights_state(d)]
    d.trainable = False
    steps.append(weights_state(d))
    d.trainable = True
    steps.append(weights_state(d))
    return steps


def batch_normalization():
    """Its moving statistics were made non-trainable: freezing and thawing leaves them so."""
    keras.backend.clear_session()
    b = L.BatchNormalization()
    b.build((None, 3))
    b.trainable = False
    frozen = weights_state(b)
    b.trainable = True
    return [frozen, weights_state(b)]


def frozen_before_build():
    """Made with trainable=False, or frozen before build: the weights it makes are frozen."""
    keras.backend.clear_session()
    a = L.Dense(2, trainable=False)
    a.build((None, 3))
    b = L.Dense(2)
    b.trainable = False
    b.build((None, 3))
    b.trainable = True
    return [weights_state(a), weights_state(b)]


def model_and_sublayer():
    """A frozen Sequential freezes its layers' weights; thawing one layer thaws its weights, but the
    model, still frozen, has no trainable weights."""
    keras.backend.clear_session()
    m = keras.Sequential([keras.Input((3,)), L.Dense(2, name="first"), L.Dense(1, name="second")])
    m.trainable = False
    frozen = weights_state(m)
    m.layers[0].trainable = True
    return [frozen, weights_state(m), weights_state(m.layers[0])]


def variable_attributes():
    """keras.Variables set as attributes: tracked by the flag they had then; the setter sets those
    tracked as trainable, also one whose flag the user had cleared."""
    keras.backend.clear_session()

    class Scaler(L.Layer):
        def build(self, input_shape):
            self.scale = keras.Variable(np.ones((input_shape[-1],), "float32"), name="scale")
            self.offset = keras.Variable(np.zeros((input_shape[-1],), "float32"), name="offset", trainable=False)
            self.bias = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="bias")

    layer = Scaler(name="scaler")
    layer.build((None, 2))
    steps = [weights_state(layer)]
    layer.scale.trainable = False
    steps.append(weights_state(layer))
    layer.trainable = False
    steps.append(weights_state(layer))
    layer.trainable = True
    steps.append(weights_state(layer))
    return steps


fixture = {
    "keras": keras.__version__,
    "build": {name: build_case(make, shape) for name, (make, shape) in BUILD_CASES.items()},
    "trainable": {
        "dense": dense_frozen_and_thawed(),
        "batchNormalization": batch_normalization(),
        "frozenBeforeBuild": frozen_before_build(),
        "modelAndSublayer": model_and_sublayer(),
        "variableAttributes": variable_attributes(),
    },
}


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-layer-state.json")
with open(path, "w") as f:
    json.dump(jsonable(fixture), f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
