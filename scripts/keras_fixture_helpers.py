"""What the Keras fixture scripts (scripts/keras_*_fixtures.py) share, as test/helpers/keras.ts
shares it with their tests: `pattern`, the formula every weight and input is made by (so that no
array needs copying into a test, only the results), weights set by it, the sequence inputs, the
fixed loss whose gradients the fixtures keep, the number lists the JSON holds, and the numbers of a
recurrent layer's call, of an attention layer's call on masked inputs and of a model's fit,
Keras' message for a bad call, which of several bad options Keras reports first, and a model saved
as a .keras archive that is the committed one's bytes when the model is the same. Imported by the
scripts, which run from the repository's root as `KERAS_BACKEND=jax python scripts/<script>.py`
(a few also under the TensorFlow backend, in a venv without jax: they use only the helpers that
need no jax).
"""

import contextlib
import datetime
import io
import itertools
import json
import os
import re
import tempfile
import time
import types
import zipfile
from unittest import mock

import keras
import numpy as np
from keras.src import tree
from keras.src.backend import get_keras_mask
from keras.src.saving import saving_lib, serialization_lib

try:
    import jax
    import jax.numpy as jnp
except ModuleNotFoundError:  # the TensorFlow venv: fixture_loss, loss_and_grads, sequence_case and call_case need jax
    jax = jnp = None

F = "float32"
B, T, D = 2, 4, 3  # batch, timesteps, features of the sequence inputs


def pattern(shape, phase, scale=0.5, freq=1.3):
    """scale * sin(freq * i + phase) over the flat indices, float32 (the tests' `pattern`)."""
    n = int(np.prod(shape))
    return (scale * np.sin(freq * np.arange(n, dtype=np.float64) + phase)).astype(F).reshape(shape)


def message(make):
    """Keras' error for `make()` as "ErrorType: text", or None where it raises nothing."""
    try:
        make()
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {e}"
    return None


def first_errors(make, settings):
    """Which bad setting Keras reports first when several are given, the order its constructor
    checks them in: `settings` maps a name to keyword arguments that make `make(**kwargs)` raise
    (each its own message). For every pair of settings and for all of them at once, the name of
    the one whose message the combination raises. Also each setting's message alone. (The tests
    give gradtape the same combinations and expect the error each setting alone gives.)"""
    alone = {name: message(lambda: make(**kwargs)) for name, kwargs in settings.items()}
    assert None not in alone.values() and len(set(alone.values())) == len(alone), alone
    combinations = [list(pair) for pair in itertools.combinations(settings, 2)] + [list(settings)]
    first = {}
    for combination in combinations:
        kwargs = {k: v for name in combination for k, v in settings[name].items()}
        raised = message(lambda: make(**kwargs))
        named = [name for name in combination if alone[name] == raised]
        assert len(named) == 1, (combination, raised)
        first["+".join(combination)] = named[0]
    return {"settings": settings, "alone": alone, "first": first}


# ZipInfo's default date: the entries Keras writes through ZipFile.open (metadata.json, config.json)
# carry it; those it writes whole (writestr: model.weights.h5, assets) carry the time of writing.
UNDATED = (1980, 1, 1, 0, 0, 0)
SHARED_OBJECT_ID = re.compile(rb'"shared_object_id": (\d+)')


def _shared_object_ids(archive):
    """The shared_object_ids of an archive's config.json, each once, in the order they appear."""
    with zipfile.ZipFile(archive) as z:
        return list(dict.fromkeys(int(m) for m in SHARED_OBJECT_ID.findall(z.read("config.json"))))


@contextlib.contextmanager
def _ids_as(ids):
    """serialization_lib's id(obj) (a config's shared_object_id, an object's address, which
    differs from run to run) as ids(obj)."""
    with mock.patch.object(serialization_lib, "id", ids, create=True):
        yield


def save_as_committed(model, path, committed=None):
    """`model.save(path)`, holding what a .keras archive records of when and where it was written
    at what the committed archive (`committed`: a path or the archive's bytes; by default `path`,
    read before it is overwritten) records, so that a fixture saved again is the same bytes:
      - metadata.json's date_saved (datetime.now in keras/src/saving/saving_lib.py) and the dates
        of the zip entries written whole (time.localtime in zipfile's writestr: model.weights.h5,
        assets), which may be a second apart: datetime.now gives date_saved, each writestr the
        date of the committed archive's next dated entry;
      - config.json's shared_object_ids, the addresses of the objects several layers share (a
        DTypePolicy): saved once with the objects numbered in the order serialization meets
        them, then again with the objects whose numbers config.json shows given the committed
        ids, in the order they appear.
    Without a committed archive (a new fixture) it is model.save as it is; an archive with more
    dated entries than the committed one dates the others by the clock, and one whose config shows
    another number of shared objects keeps Keras' ids."""
    if committed is None:
        committed = path
    if isinstance(committed, str):
        if not os.path.exists(committed):
            model.save(path)
            return
        with open(committed, "rb") as f:
            committed = f.read()
    with zipfile.ZipFile(io.BytesIO(committed)) as z:
        date_saved = json.loads(z.read("metadata.json"))["date_saved"]
        dates = [info.date_time for info in z.infolist() if info.date_time != UNDATED]
    committed_ids = _shared_object_ids(io.BytesIO(committed))

    numbers = {}

    def numbered(obj):
        return numbers.setdefault(id(obj), len(numbers) + 1)

    renumber = {}
    if committed_ids:
        with tempfile.TemporaryDirectory() as directory:
            trial = os.path.join(directory, "numbered.keras")
            with _ids_as(numbered):
                model.save(trial)
            shown = _shared_object_ids(trial)
        if len(shown) == len(committed_ids):
            renumber = dict(zip(shown, committed_ids))
    saved_at = datetime.datetime.strptime(date_saved, "%Y-%m-%d@%H:%M:%S")
    remaining = iter(dates)

    def localtime(seconds):
        # Past the committed entries (an archive with more of them: not the committed bytes anyway), the clock.
        return next(remaining, None) or time.localtime(seconds)

    numbers.clear()
    frozen_datetime = types.SimpleNamespace(datetime=types.SimpleNamespace(now=lambda: saved_at))
    frozen_time = types.SimpleNamespace(time=time.time, localtime=localtime)
    ids = (lambda obj: renumber.get(numbered(obj), numbered(obj))) if renumber else id
    with mock.patch.object(saving_lib, "datetime", frozen_datetime), mock.patch.object(zipfile, "time", frozen_time), _ids_as(ids):
        model.save(path)


def set_pattern_weights(layer):
    """Weight i of `layer` (a layer or a model) set to pattern(its shape, i + 1) (the tests' `setPatternWeights`)."""
    layer.set_weights([pattern(tuple(w.shape), i + 1.0) for i, w in enumerate(layer.weights)])


def built_with_pattern_weights(make, input_shape):
    """A layer from `make` (Keras' session cleared first, so its names start over) built for
    `input_shape`, with pattern weights."""
    keras.backend.clear_session()
    layer = make()
    layer.build(input_shape)
    set_pattern_weights(layer)
    return layer


def listed(a):
    """An array's values as a flat list of float32 numbers; None stays None (a tensor without a mask)."""
    return np.asarray(a).astype(np.float32).ravel().tolist() if a is not None else None


def rounded(a):
    """An array's values as nested lists of float32 numbers."""
    return np.asarray(a, dtype=np.float32).tolist()


def fixture_loss(outputs):
    """sum(first output * C) + sum(each other output^2) / 2, C = pattern(first output's shape, 0.7, 1, 0.6) (the tests' `fixtureLoss`)."""
    total = jnp.sum(outputs[0] * jnp.asarray(pattern(tuple(outputs[0].shape), 0.7, scale=1.0, freq=0.6)))
    for s in outputs[1:]:
        total = total + 0.5 * jnp.sum(s * s)
    return total


def loss_and_grads(layer, x):
    """The fixed loss of `layer`'s outputs (flat) for inputs `x`, and its gradients with respect
    to the trainable weights (jax.grad of the layer's stateless_call; the non-trainable variables,
    such as a dropout seed generator's state, passed as they are)."""
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable):
        result, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(x))
        return fixture_loss(tree.flatten(result))

    return jax.value_and_grad(loss_fn)([v.value for v in layer.trainable_variables])


# The sequences [batch, timesteps, features] (the tests' `fixtureSequences`), and their mask
# (`fixtureMask`): sample 0 skips timestep 2; sample 1 its first and last timesteps (the first
# output of a masked step is the initial h, the last output the one before).
X = pattern((B, T, D), 0.3, scale=0.8, freq=0.9)
M = np.array([[True, True, False, True], [False, True, True, False]])


def state(units, phase):
    """An initial state [batch, units] (the tests' `fixtureState`)."""
    return pattern((B, units), phase, scale=0.6, freq=0.8)


def sequence_case(layer, kwargs):
    """The numbers of `layer` called on X with `kwargs` (mask and/or initial_state, nested as
    Keras takes them): the outputs flat, their shapes and the masks they carry, and the fixed loss
    and its gradients with respect to the trainable weights, then the initial states (jax.grad of
    the layer's stateless_call)."""
    ys = tree.flatten(layer(X, **kwargs))
    initial = [jnp.asarray(s) for s in tree.flatten(kwargs.get("initial_state", []))]
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable, initial):
        call_kwargs = {k: v for k, v in kwargs.items() if k != "initial_state"}
        if initial:
            call_kwargs["initial_state"] = tree.pack_sequence_as(kwargs["initial_state"], initial)
        result, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(X), **call_kwargs)
        return fixture_loss(tree.flatten(result))

    loss, (grads, state_grads) = jax.value_and_grad(loss_fn, argnums=(0, 1))(trainable, initial)
    return {
        "outputs": [listed(t) for t in ys],
        "output_shapes": [list(t.shape) for t in ys],
        "output_masks": [listed(get_keras_mask(t)) for t in ys],
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(g) for g in state_grads],
    }


def zeroed(x, m):
    """x with the masked steps zeros, which Masking marks."""
    return x * m[:, :, None].astype(F)


def mask_inputs(arrays, masked):
    """Each input through Masking when `masked` says so (its zero steps masked)."""
    return [keras.layers.Masking()(a) if m else a for a, m in zip(arrays, masked)]


def call_case(layer, inputs, masked, kwargs, traced_kwargs, as_list=False):
    """The numbers of `layer` called with `kwargs` on `inputs`, each through Masking where `masked`
    says: built by a first call and given pattern weights, then the weights' paths and shapes, the
    outputs, their shapes and the masks they carry, and the fixed loss and its gradients with
    respect to the trainable weights and then the inputs (jax.grad of the layer's stateless_call).
    Under jax.grad the masks Masking attaches do not reach the layer (its tensors are traced
    copies), so the traced call takes `traced_kwargs`: `kwargs` with the masks as the caller's
    layer takes them as arguments. `as_list`: the layer takes its inputs as one list (Attention's
    call), not one argument each."""
    call = (lambda xs, **kw: layer(xs, **kw)) if as_list else (lambda xs, **kw: layer(*xs, **kw))
    call(mask_inputs([np.asarray(a) for a in inputs], masked), **kwargs)
    set_pattern_weights(layer)
    y = call(mask_inputs([np.asarray(a) for a in inputs], masked), **kwargs)
    ys = list(y) if isinstance(y, (list, tuple)) else [y]
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss_fn(trainable, xs):
        xs = mask_inputs(list(xs), masked)
        args = (xs,) if as_list else tuple(xs)
        result, _ = layer.stateless_call(trainable, non_trainable, *args, **traced_kwargs)
        return fixture_loss(list(result) if isinstance(result, (list, tuple)) else [result])

    loss, (grads, input_grads) = jax.value_and_grad(loss_fn, argnums=(0, 1))(trainable, [jnp.asarray(a) for a in inputs])
    return {
        "weights": [[w.path, list(w.shape)] for w in layer.weights],
        "outputs": [listed(t) for t in ys],
        "output_shapes": [list(t.shape) for t in ys],
        "output_masks": [listed(get_keras_mask(t)) for t in ys],
        "loss": float(loss),
        "grads": [listed(g) for g in grads] + [listed(g) for g in input_grads],
    }


def fitted(model, x, y, optimizer, metrics=(), extra_predict=None):
    """`model` with pattern weights, compiled with the mse loss: evaluate and predict (batches of
    4; predict of `extra_predict` too where given), then the History of 3 epochs of fit (batches of
    4, not shuffled) and the weights after it (the tests' `expectKerasFit`)."""
    set_pattern_weights(model)
    model.compile(optimizer=optimizer, loss="mse", metrics=list(metrics))
    before = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    prediction = model.predict(x, batch_size=4, verbose=0)
    result = {"evaluate": {k: float(v) for k, v in before.items()}, "predict": listed(prediction)}
    if extra_predict is not None:
        result["predict_extra"] = listed(model.predict(extra_predict, verbose=0))
    h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    result["history"] = {k: [float(v) for v in vs] for k, vs in h.history.items()}
    result["weights"] = [listed(w) for w in model.get_weights()]
    return result
