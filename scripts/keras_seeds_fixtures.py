"""Keras 3.15.1's seeded randomness outside keras.random (and the colour layers' transforms), written to
test/fixtures/keras-seeds.json for test/keras-seeds.test.ts:
- every random initializer with an integer seed (float32 and float64), twice (the same values),
  and with a SeedGenerator (new values at each call);
- keras.utils.set_random_seed(s) then Python's random.randint(1, 1e9) (make_default_seed, what an
  unseeded initializer or SeedGenerator takes), an unseeded initializer's values, and the weights of
  a Sequential model built after it;
- the Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout and AlphaDropout layers with a
  seed, called twice in training.

Run: TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /tmp/tfvenv/bin/python scripts/keras_seeds_fixtures.py
"""
import json
import os
import random

import keras
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "keras-seeds.json")
I = keras.initializers


def values(t):
    return np.asarray(t).astype(np.float64).ravel().tolist()


INITIALIZERS = [
    ("RandomNormal", {"mean": 0.5, "stddev": 2.0}),
    ("TruncatedNormal", {"mean": -1.0, "stddev": 0.5}),
    ("RandomUniform", {"minval": -0.3, "maxval": 0.7}),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "uniform"}),
    ("VarianceScaling", {"scale": 0.5, "mode": "fan_avg", "distribution": "untruncated_normal"}),
    ("VarianceScaling", {"scale": 1.5, "mode": "fan_in", "distribution": "normal"}),
    ("GlorotUniform", {}),
    ("GlorotNormal", {}),
    ("HeUniform", {}),
    ("HeNormal", {}),
    ("LecunUniform", {}),
    ("LecunNormal", {}),
    ("Orthogonal", {"gain": 1.5}),
]
SHAPES = [[4, 3], [2, 3, 5]]

seeded = []
for name, config in INITIALIZERS:
    for seed in [7, 2**31 + 5]:
        for shape in SHAPES:
            for dtype in ["float32", "float64"]:
                init = getattr(I, name)(seed=seed, **config)
                a = values(init(shape, dtype=dtype))
                b = values(init(shape, dtype=dtype))
                seeded.append({"name": name, "config": config, "seed": seed, "shape": shape, "dtype": dtype, "first": a, "again_equal": a == b})

generator = []
for name, config in [("GlorotUniform", {}), ("RandomNormal", {"stddev": 1.0})]:
    init = getattr(I, name)(seed=keras.random.SeedGenerator(11), **config)
    generator.append({"name": name, "config": config, "seed": 11, "shape": [3, 2], "draws": [values(init([3, 2])) for _ in range(3)]})

default_seeds = []
for s in [0, 1, 42, 2**32 - 1]:
    keras.utils.set_random_seed(s)
    default_seeds.append({"seed": s, "draws": [random.randint(1, int(1e9)) for _ in range(6)]})

keras.utils.set_random_seed(5)
unseeded = I.GlorotUniform()
unseeded_first = values(unseeded([3, 4]))
unseeded_again = values(unseeded([3, 4]))
keras.utils.set_random_seed(5)
after_seed = {"seed": 5, "first": unseeded_first, "again_equal": unseeded_first == unseeded_again, "he_normal_made_first": values(I.HeNormal()([3, 4]))}  # HeNormal made first after the same seed

keras.utils.set_random_seed(3)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2, kernel_initializer="he_normal", bias_initializer="random_normal")])
model_weights = {"seed": 3, "weights": [values(w) for w in model.weights]}

x = np.arange(1, 25, dtype="float32").reshape(2, 3, 4) / 10
layers = []
for name, rate, extra in [("Dropout", 0.4, {}), ("Dropout", 0.5, {"noise_shape": (None, 1, 4)}), ("SpatialDropout1D", 0.5, {}), ("GaussianNoise", 0.3, {}), ("GaussianDropout", 0.3, {}), ("AlphaDropout", 0.3, {})]:
    layer = getattr(keras.layers, name)(rate, seed=9, **extra)
    layers.append({"name": name, "rate": rate, "extra": {k: list(v) for k, v in extra.items()}, "seed": 9, "outputs": [values(layer(x, training=True)) for _ in range(2)]})

json.dump({"keras": keras.__version__, "x": values(x), "x_shape": [2, 3, 4], "seeded": seeded, "generator": generator, "default_seeds": default_seeds, "after_seed": after_seed, "model_weights": model_weights, "layers": layers}, open(OUT, "w"))
print("wrote", OUT)

# Recurrent dropout: seeded cells' masks (input and recurrent) over two sequences in training,
# and an unseeded LSTM's weights after set_random_seed (initializers, then the cell's SeedGenerator).
seq = np.arange(1, 2 * 4 * 3 + 1, dtype="float32").reshape(2, 4, 3) / 20
recurrent = []
for name, options in [("SimpleRNN", {"dropout": 0.3, "recurrent_dropout": 0.4}), ("LSTM", {"dropout": 0.3}), ("LSTM", {"dropout": 0.3, "recurrent_dropout": 0.2}), ("GRU", {"dropout": 0.25, "recurrent_dropout": 0.25})]:
    layer = getattr(keras.layers, name)(3, seed=5, kernel_initializer=I.GlorotUniform(seed=1), recurrent_initializer=I.Orthogonal(seed=2), return_sequences=True, **options)
    recurrent.append({"name": name, "options": options, "outputs": [values(layer(seq, training=True)) for _ in range(2)]})
keras.utils.set_random_seed(8)
lstm = keras.layers.LSTM(2)
lstm(seq)
lstm_weights = {"seed": 8, "weights": [values(w) for w in lstm.weights], "next_default_seed": random.randint(1, int(1e9))}
doc = json.load(open(OUT))
doc.update({"seq": values(seq), "seq_shape": [2, 4, 3], "recurrent": recurrent, "lstm_weights": lstm_weights})
json.dump(doc, open(OUT, "w"))
print("added the recurrent cases")

# The random image layers: seeded, called twice in training on one batch (their SeedGenerator
# advances), and an unseeded RandomCrop's config seed after set_random_seed.
images = (np.arange(2 * 5 * 6 * 3, dtype="float32").reshape(2, 5, 6, 3) * 7 % 256)
image_layers = []
for name, args, kwargs in [
    ("RandomFlip", ["horizontal_and_vertical"], {}),
    ("RandomCrop", [3, 4], {}),
    ("RandomContrast", [0.5], {}),
    ("RandomBrightness", [0.3], {}),
    ("RandomRotation", [0.2], {}),
    ("RandomTranslation", [0.3, 0.2], {}),
    ("RandomZoom", [0.3], {}),
    ("RandomZoom", [0.3, 0.0], {}),
    ("RandomShear", [], {"x_factor": 0.3, "y_factor": [0.1, 0.4]}),
    ("RandomShear", [], {"y_factor": 0.5, "fill_mode": "constant", "fill_value": 9.0, "interpolation": "nearest"}),
]:
    layer = getattr(keras.layers, name)(*args, seed=13, **kwargs)
    image_layers.append({"name": name, "args": args, "kwargs": kwargs, "outputs": [values(layer(images, training=True)) for _ in range(2)]})
keras.utils.set_random_seed(21)
crop_seed = {"seed": 21, "config_seed": keras.layers.RandomCrop(2, 2).get_config()["seed"], "next_default_seed": random.randint(1, int(1e9))}
doc = json.load(open(OUT))
doc.update({"images": values(images), "images_shape": [2, 5, 6, 3], "image_layers": image_layers, "crop_seed": crop_seed})
json.dump(doc, open(OUT, "w"))
print("added the image layers")

# Keras 3's other colour layers: RandomGrayscale, RandomInvert and Solarization seeded, twice in
# training; AutoContrast (no draws) on images with a flat channel, and a [-1, 1] value range.
color_images = images.copy()
color_images[1, :, :, 2] = 40.0  # a flat channel: AutoContrast keeps it
color_layers = []
for name, args, kwargs in [
    ("RandomGrayscale", [0.5], {"seed": 13}),
    ("RandomInvert", [0.8], {"seed": 13}),
    ("RandomInvert", [[0.2, 0.9]], {"seed": 13, "value_range": (0, 300)}),
    ("Solarization", [], {"addition_factor": 0.3, "threshold_factor": 0.6, "seed": 13}),
    ("Solarization", [], {"addition_factor": [0.1, 0.2], "threshold_factor": [0.4, 0.9], "value_range": (-1, 1), "seed": 13}),
    ("RandomColorDegeneration", [0.7], {"seed": 13}),
    ("RandomSaturation", [[0.2, 0.8]], {"seed": 13}),
    ("RandomSaturation", [0.5], {"value_range": (0, 1), "seed": 13}),
    ("RandomHue", [0.6], {"seed": 13}),
    ("RandomHue", [[0.1, 0.4]], {"value_range": (0, 300), "seed": 13}),
    ("RandomPosterization", [6], {"seed": 13}),
    ("RandomPosterization", [[2, 8]], {"value_range": (0, 300), "seed": 13}),
    ("RandomPosterization", [[3, 3]], {"seed": 13}),
    ("RandomSharpness", [0.9], {"seed": 13}),
    ("RandomSharpness", [[0.0, 0.3]], {"value_range": (0, 300), "seed": 13}),
    ("RandomColorJitter", [], {"brightness_factor": 0.2, "contrast_factor": 0.3, "saturation_factor": [0.4, 0.6], "hue_factor": 0.2, "seed": 13}),
    ("RandomColorJitter", [], {"value_range": (0, 300), "contrast_factor": [0.1, 0.5], "hue_factor": [0.2, 0.3], "seed": 13}),
    ("RandomGaussianBlur", [], {"seed": 13}),
    ("RandomGaussianBlur", [], {"factor": [0.5, 1.0], "kernel_size": 5, "sigma": [0.3, 0.9], "value_range": (0, 300), "seed": 13}),
    ("RandomErasing", [], {"seed": 13}),
    ("RandomErasing", [], {"factor": [0.5, 1.0], "scale": [0.1, 0.5], "fill_value": [10.0, 20.0, 250.0], "value_range": (0, 200), "seed": 13}),
    ("RandomErasing", [], {"scale": 0.6, "fill_value": 7.0, "seed": 13}),
    ("AutoContrast", [], {}),
    ("AutoContrast", [], {"value_range": (0, 300)}),
]:
    layer = getattr(keras.layers, name)(*args, **kwargs)
    color_layers.append({"name": name, "args": args, "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}, "outputs": [values(layer(color_images, training=True)) for _ in range(2)]})
doc = json.load(open(OUT))
doc.update({"color_images": values(color_images), "color_layers": color_layers})
json.dump(doc, open(OUT, "w"))
print("added the colour layers")
