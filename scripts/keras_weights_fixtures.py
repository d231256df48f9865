#!/usr/bin/env python3
"""Keras 3.15.1's numbers for the tests of `weightedMetrics` (compile), `classWeight` (fit,
trainOnBatch) and per-output `sampleWeight` in test/keras-fit.test.ts and
test/keras-multi-output.test.ts: the same models, weights, data and compile arguments as the tests,
run by Keras (JAX backend; float32):

    KERAS_BACKEND=jax python scripts/keras_weights_fixtures.py

Every Keras number in those tests' weightedMetrics / classWeight / per-output sampleWeight cases
is printed here (the logs dicts with their keys in Keras' order of insertion, evaluate's lists,
fit's History, weights after training).
"""

import numpy as np
import keras
from keras import layers

np.set_printoptions(precision=17)
F = "float32"


def show(label, value):
    if isinstance(value, dict):
        value = {k: [float(v) for v in vs] if isinstance(vs, list) else float(vs) for k, vs in value.items()}
    elif isinstance(value, list):
        value = [float(v) for v in value]
    print(f"{label}: {value}")


def error(label, fn):
    try:
        fn()
        print(f"{label}: no error")
    except Exception as e:  # noqa: BLE001 -- the message is the fixture
        print(f"{label}: {type(e).__name__}: {str(e).splitlines()[0]}")


# ------------------------------------------------------------------ one output (keras-fit.test.ts)
X = np.array([[1, 2], [2, 0], [0, 1], [3, 1], [1, 1], [2, 2], [0, 3], [1, 0], [3, 3], [2, 1]], F)
Y = np.array([3, 2, 1, 5, 2.5, 4, 2, 1.5, 6, 3.5], F)[:, None]
W = np.array([1, 0, 2, 0.5, 1, 1, 3, 0, 1, 2], F)


def linear(w, b):
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.set_weights([np.array(w, F)[:, None], np.array([b], F)])
    return model


print("== weighted metrics, one output (linear, kernel [0.5, -0.25], bias 1)")
m = linear([0.5, -0.25], 1)
m.compile(optimizer=keras.optimizers.SGD(0.02), loss="mse", metrics=["mae"], weighted_metrics=["mae", "mse"])
show("evaluate dict, sampleWeight W", m.evaluate(X, Y, sample_weight=W, verbose=0, return_dict=True))
show("evaluate list, sampleWeight W", m.evaluate(X, Y, sample_weight=W, verbose=0))
show("evaluate dict, no sampleWeight", m.evaluate(X, Y, verbose=0, return_dict=True))
print("  the logs' order (get_metrics_result; the JAX backend's dicts are sorted):", list(m.get_metrics_result().keys()))
h = m.fit(X, Y, sample_weight=W, epochs=3, batch_size=4, shuffle=False, validation_data=(X[:3], Y[:3], W[:3]), verbose=0)
show("fit history (epochs 3, batch 4, validationData [X[:3], Y[:3], W[:3]])", h.history)
show("kernel after", m.get_weights()[0].ravel().tolist())

print("== class weights, one output (softmax over 3 classes)")
C = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1])
KERNEL = np.array([[0.2, -0.1, 0.3], [-0.4, 0.5, 0.1]], F)
BIAS = np.array([0.1, 0, -0.1], F)
CLASS_WEIGHT = {0: 1, 1: 3, 2: 0.5}


def classifier():
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3, activation="softmax")])
    model.set_weights([KERNEL, BIAS])
    return model


for label, labels, loss in [
    ("sparse [n]", C.astype(F), "sparse_categorical_crossentropy"),
    ("sparse [n, 1]", C.astype(F)[:, None], "sparse_categorical_crossentropy"),
    ("one-hot [n, 3]", np.eye(3, dtype=F)[C], "categorical_crossentropy"),
]:
    m = classifier()
    m.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss, metrics=["accuracy"], weighted_metrics=["accuracy"])
    h = m.fit(X, labels, class_weight=CLASS_WEIGHT, epochs=2, batch_size=4, shuffle=False, validation_split=0.2, verbose=0)
    show(f"classWeight {CLASS_WEIGHT}, labels {label}: history", h.history)
    show(f"  kernel after", m.get_weights()[0].ravel().tolist())

m = classifier()
m.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
h = m.fit(X, C.astype(F), class_weight={1: 3}, epochs=2, batch_size=4, shuffle=False, verbose=0)
show("classWeight {1: 3} (classes 0 and 2 weigh 1): history", h.history)

print("== class weights of rounded labels [n, 1] (linear, kernel [0.5, -0.25], bias 1), trainOnBatch")
YF = np.array([0.4, 0.5, 1.5, 2.5, 2.6, -0.5, 1.2, 3.4, 2.49, 0.51], F)[:, None]
m = linear([0.5, -0.25], 1)
m.compile(optimizer=keras.optimizers.SGD(0.02), loss="mse")
show("trainOnBatch loss, classWeight {0: 2, 2: 5, 3: 0.5}", [m.train_on_batch(X, YF, class_weight={0: 2, 2: 5, 3: 0.5})])
show("  then testOnBatch (unweighted)", [m.test_on_batch(X, YF)])
error("trainOnBatch with classWeight and sampleWeight", lambda: m.train_on_batch(X, YF, sample_weight=W, class_weight={0: 2}))
error("fit with classWeight and sampleWeight", lambda: m.fit(X, YF, sample_weight=W, class_weight={0: 2}, verbose=0))

# ------------------------------------------------------------ several outputs (keras-multi-output)
X2 = np.array([[1, 0], [0, 1], [1, 1], [2, -1]], F)
YR = np.array([[1], [3], [3], [1]], F)
YC = np.array([[1], [0], [1], [1]], F)
W1 = np.array([1, 0, 2, 0.5], F)
W2 = np.array([0, 1, 1, 3], F)


def heads(keys=None):
    keras.backend.clear_session()
    x = keras.Input((2,), name="x")
    reg = layers.Dense(1, name="reg")
    cls = layers.Dense(1, name="cls", activation="sigmoid")
    r, c = reg(x), cls(x)
    model = keras.Model(x, [r, c] if keys is None else {keys[0]: r, keys[1]: c})
    reg.set_weights([np.array([[1], [2]], F), np.array([0.5], F)])
    cls.set_weights([np.array([[0.5], [-1]], F), np.array([0], F)])
    return model


def compiled_heads():
    model = heads()
    model.compile(
        optimizer=keras.optimizers.SGD(0.1),
        loss=["mse", "binary_crossentropy"],
        loss_weights=[1, 0.5],
        metrics=[["mae"], ["accuracy"]],
        weighted_metrics=[["mae"], ["accuracy", "mse"]],
    )
    return model


print("== several outputs: weighted metrics and sample weights per output")
for label, sw in [("none", None), ("one shared W1", W1), ("one shared W1 [n, 1]", W1[:, None]), ("[W1, W2]", [W1, W2]), ("[W1, None]", [W1, None])]:
    m = compiled_heads()
    show(f"evaluate dict, sampleWeight {label}", m.evaluate(X2, [YR, YC], sample_weight=sw, verbose=0, return_dict=True))
    show(f"evaluate list, sampleWeight {label}", m.evaluate(X2, [YR, YC], sample_weight=sw, verbose=0))
    print("  the logs' order (get_metrics_result):", list(m.get_metrics_result().keys()))
m = compiled_heads()
error("sampleWeight of 3 arrays", lambda: m.evaluate(X2, [YR, YC], sample_weight=[W1, W2, W2], verbose=0))
error("one sampleWeight of shape [4, 2]", lambda: m.evaluate(X2, [YR, YC], sample_weight=np.ones((4, 2), F), verbose=0))
error("classWeight", lambda: m.fit(X2, [YR, YC], class_weight={0: 1, 1: 2}, verbose=0))
error("sampleWeight by output name (outputs an array)", lambda: m.evaluate(X2, {"reg": YR, "cls": YC}, sample_weight={"reg": W1, "cls": W2}, verbose=0))

m = compiled_heads()
h = m.fit(X2, [YR, YC], sample_weight=[W1, W2], epochs=2, batch_size=2, shuffle=False, validation_data=(X2, [YR, YC], [W2, W1]), verbose=0)
show("fit history, sampleWeight [W1, W2], validationData sampleWeight [W2, W1]", h.history)
for layer in ("reg", "cls"):
    show(f"  {layer} kernel and bias after", np.concatenate([w.ravel() for w in m.get_layer(layer).get_weights()]).tolist())

m = heads(("score", "prob"))
m.compile(optimizer="sgd", loss={"score": "mse", "prob": "binary_crossentropy"}, weighted_metrics={"score": "mae", "prob": ["accuracy"]})
show("outputs {score, prob}: evaluate dict, sampleWeight {score: W1, prob: W2}", m.evaluate(X2, {"score": YR, "prob": YC}, sample_weight={"score": W1, "prob": W2}, verbose=0, return_dict=True))
print("  the logs' order (get_metrics_result):", list(m.get_metrics_result().keys()))
show("outputs {score, prob}: evaluate dict, sampleWeight W1", m.evaluate(X2, {"score": YR, "prob": YC}, sample_weight=W1, verbose=0, return_dict=True))

# --------------------------------------------- the on-batch methods reset the metrics (keras-fit)
print("== trainer_test.py test_on_batch_methods (ExampleModel: Dense(3), no bias, kernel ones; SGD 0.01)")
keras.backend.clear_session()
m = keras.Sequential([keras.Input((4,)), layers.Dense(3, use_bias=False, kernel_initializer="ones")])
m.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.MeanSquaredError(), metrics=[keras.metrics.MeanSquaredError()])
x1, y0 = np.ones((100, 4), F), np.zeros((100, 3), F)
sw = np.arange(100).astype(F) / 50.0
show("trainOnBatch", m.train_on_batch(x1, y0))
show("trainOnBatch", m.train_on_batch(x1, y0))
show("testOnBatch", m.test_on_batch(x1, y0))
show("predictOnBatch row 0", m.predict_on_batch(x1)[0].tolist())
show("trainOnBatch, sampleWeight arange(100) / 50", m.train_on_batch(x1, y0, sample_weight=sw))
show("testOnBatch, sampleWeight arange(100) / 50", m.test_on_batch(x1, y0, sample_weight=sw))
show("predictOnBatch row 0", m.predict_on_batch(x1)[0].tolist())
show("trainOnBatch, classWeight {1: 0.3, 0: 0.2}", m.train_on_batch(x1, y0, class_weight={1: 0.3, 0: 0.2}))
