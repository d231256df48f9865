"""Keras 3.15.1 (JAX backend) optimizer names: writes test/fixtures/keras-optimizer-names.json, read
by test/optimizer-names.test.ts.

An optimizer made without `name` takes Keras' automatic one (keras/src/optimizers/base_optimizer.py:
`auto_name(self.__class__.__name__)`, keras/src/utils/naming.py): the class name in snake case,
numbered from the second one made in the session by the counter layers use too; a name given takes
no number and counts nothing. Recorded, each from a cleared session: every class's first two
default names and what get_config writes as "name"; a given name among default ones; an optimizer
made from a string (`optimizers.get`, `compile`) and from a config; a LossScaleOptimizer and its
inner optimizer; a layer and an optimizer of the same snake-case name sharing the counter; the
"name" attribute of `optimizer/vars` in a compiled model's .weights.h5, and the optimizer's name
in the compile_config of a .keras archive.
Run: KERAS_BACKEND=jax /tmp/kvenv/bin/python scripts/keras_optimizer_names_fixtures.py
"""
import json
import os
import tempfile
import zipfile

import h5py
import keras
import numpy as np

O = keras.optimizers
CLASSES = ["SGD", "Adam", "AdamW", "Adamax", "Adadelta", "Adafactor", "Adagrad", "Ftrl", "Lion",
           "Nadam", "RMSprop", "Lamb", "Muon", "ScheduleFreeAdamW"]


def defaults():
    """Per class: the first two default names and get_config's "name" of each."""
    out = {}
    for cls in CLASSES:
        keras.backend.clear_session()
        a, b = getattr(O, cls)(), getattr(O, cls)()
        out[cls] = {"names": [a.name, b.name], "config": [a.get_config()["name"], b.get_config()["name"]]}
    return out


def given_among_defaults():
    """A given name ('adam', then 'x') counts nothing: the next default Adam is still 'adam'."""
    keras.backend.clear_session()
    return [O.Adam(name="adam").name, O.Adam(name="x").name, O.Adam().name, O.Adam().name]


def from_strings_and_configs():
    """`optimizers.get('adam')` and compile('sgd') take default names; from_config keeps the
    config's name and counts nothing."""
    keras.backend.clear_session()
    got = [O.get("adam").name, O.get("adam").name]
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    compiled = model.optimizer.name
    config = O.Adam(name="mine").get_config()
    restored = O.Adam.from_config(config).name
    after = O.Adam().name
    return {"get": got, "compiled": compiled, "fromConfig": restored, "after": after}


def loss_scale():
    """LossScaleOptimizer(Adam()) twice: the wrappers' and inner optimizers' names."""
    keras.backend.clear_session()
    a = O.LossScaleOptimizer(O.Adam())
    b = O.LossScaleOptimizer(O.Adam())
    return {"names": [a.name, a.inner_optimizer.name, b.name, b.inner_optimizer.name],
            "config": a.get_config()["name"]}


def shared_counter():
    """A layer class named Adam and the optimizer Adam count on one counter."""
    keras.backend.clear_session()

    class Adam(keras.layers.Layer):
        pass

    return [Adam().name, O.Adam().name, Adam().name]


def files():
    """The optimizer's name in a compiled, fitted model's files: `optimizer/vars`' "name" attribute
    of the .weights.h5 and the compile_config's optimizer config of the .keras archive."""
    keras.backend.clear_session()
    O.SGD()  # the model's optimizer is the second SGD: 'sgd_1'
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=O.SGD(learning_rate=0.1), loss="mse")
    model.fit(np.ones((2, 2), "float32"), np.ones((2, 1), "float32"), verbose=0)
    directory = tempfile.mkdtemp()
    weights = os.path.join(directory, "m.weights.h5")
    archive = os.path.join(directory, "m.keras")
    model.save_weights(weights)
    model.save(archive)
    with h5py.File(weights) as h:
        attribute = h["optimizer/vars"].attrs["name"]
    with zipfile.ZipFile(archive) as z:
        config = json.loads(z.read("config.json"))
    optimizer = config["compile_config"]["optimizer"]
    return {"weightsAttribute": str(attribute), "archiveClass": optimizer["class_name"], "archiveName": optimizer["config"]["name"]}


fixture = {
    "keras": keras.__version__,
    "defaults": defaults(),
    "givenAmongDefaults": given_among_defaults(),
    "fromStringsAndConfigs": from_strings_and_configs(),
    "lossScale": loss_scale(),
    "sharedCounter": shared_counter(),
    "files": files(),
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "keras-optimizer-names.json")
with open(path, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
