"""A Keras 2 ``K.function`` + ``K.gradients`` loop over the same loop written with ``tf.GradientTape``.

Target: at most 1.2. The loop is 100 steps of gradient ascent on the input
of a small CNN, as Keras 2's ``conv_filter_visualization`` example runs it:
the compat side builds ``K.gradients(loss, model.input)`` and
``K.function([model.input], [loss, grads])`` once and calls the function
each step; the Keras 3 side computes the loss of a feature-extractor model
under a ``tf.GradientTape`` each step (eager, as the loop is written without
a ``tf.function``). Both sides use the same layers and start from the same
image; the timed loops alternate, and the median of the per-pair ratios of
CPU time is the figure (wall time is printed too). For reference it also
prints the ratio to the tape loop with its step in a ``tf.function``, as
Keras 3's own examples write it (``K.function`` runs its graph traced too).

Run: ``python benchmarks/bench_k_gradients.py [--repeats N] [--steps S]``.
"""

import argparse
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_faq_compat import backend as K  # noqa: E402
from keras_faq_compat._real import keras  # noqa: E402

from _common import paired_runs, report_pairs  # noqa: E402


def _model():
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = keras.layers.Conv2D(16, 3, activation="relu", padding="same")(x)
    x = keras.layers.MaxPooling2D()(x)
    features = keras.layers.Conv2D(32, 3, activation="relu", padding="same", name="features")(x)
    outputs = keras.layers.Dense(10)(keras.layers.GlobalAveragePooling2D()(features))
    return keras.Model(inputs, outputs)


def _compat_loop(model, image, steps):
    loss = K.mean(model.get_layer("features").output[:, :, :, 0])
    grads = K.gradients(loss, model.input)[0]
    grads = grads / (K.sqrt(K.mean(K.square(grads))) + K.epsilon())
    iterate = K.function([model.input], [loss, grads])

    def run():
        x = image.copy()
        for _ in range(steps):
            loss_value, grads_value = iterate([x])
            x += grads_value
        return x

    return run


def _native_loop(model, image, steps):
    extractor = keras.Model(model.inputs, model.get_layer("features").output)

    def run():
        x = tf.Variable(image)
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(extractor(x)[:, :, :, 0])
            grads = tape.gradient(loss, x)
            grads = grads / (tf.sqrt(tf.reduce_mean(tf.square(grads))) + keras.config.epsilon())
            x.assign_add(grads)
        return x.numpy()

    return run


def _native_compiled_loop(model, image, steps):
    extractor = keras.Model(model.inputs, model.get_layer("features").output)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_mean(extractor(x)[:, :, :, 0])
        grads = tape.gradient(loss, x)
        return loss, grads / (tf.sqrt(tf.reduce_mean(tf.square(grads))) + keras.config.epsilon())

    def run():
        x = image.copy()
        for _ in range(steps):
            loss_value, grads_value = step(tf.constant(x))
            x += grads_value.numpy()
        return x

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    model = _model()
    image = np.random.RandomState(0).rand(1, 32, 32, 3).astype("float32")
    native = _native_loop(model, image, args.steps)
    compat = _compat_loop(model, image, args.steps)
    np.testing.assert_allclose(compat(), native(), rtol=1e-3, atol=1e-3)  # same numbers, and warm
    samples = paired_runs(("tf.GradientTape loop", native), ("K.gradients loop", compat), args.repeats)
    report_pairs(samples, "tf.GradientTape loop", "K.gradients loop", "K.function+K.gradients / GradientTape", 1.2)
    # For reference: the tape loop with its step in a tf.function, as Keras 3's own examples write it.
    compiled = _native_compiled_loop(model, image, args.steps)
    compiled()
    samples = paired_runs(("tf.function tape loop", compiled), ("K.gradients loop", compat), args.repeats)
    report_pairs(samples, "tf.function tape loop", "K.gradients loop", "K.function+K.gradients / tf.function tape", "-")


if __name__ == "__main__":
    main()
