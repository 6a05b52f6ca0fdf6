"""``fit`` through the compat layer over plain Keras 3 ``fit``: same model, same data.

Target: at most 1.02. Both models have the same layers and weights; each side
first fits one epoch (tracing), then the timed fits alternate between the two
sides several times, and the median of the per-repeat ratios of CPU time is
the figure (wall time is printed too), so load on the machine affects both
alike. The compat side adds its ``fit`` wrapper: the Keras 2 log names
callback, the compile-time trainable snapshot and the argument checks.

Run: ``python benchmarks/bench_fit.py [--repeats N] [--epochs E]``.
"""

import argparse
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from keras_faq_compat import layers as compat_layers  # noqa: E402
from keras_faq_compat._real import keras  # noqa: E402
from keras_faq_compat.models import Sequential as CompatSequential  # noqa: E402

from _common import paired_runs, report_pairs  # noqa: E402


def _models():
    native = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    compat = CompatSequential([
        compat_layers.Dense(128, activation="relu", input_dim=64),
        compat_layers.Dense(128, activation="relu"),
        compat_layers.Dense(10, activation="softmax"),
    ])
    compat.set_weights(native.get_weights())
    for model in (native, compat):
        model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return native, compat


def _fit(model, x, y, epochs):
    model.fit(x, y, batch_size=64, epochs=epochs, verbose=0, validation_split=0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    rng = np.random.RandomState(0)
    x = rng.rand(20000, 64).astype("float32")
    y = np.eye(10, dtype="float32")[rng.randint(0, 10, len(x))]
    native, compat = _models()
    _fit(native, x, y, 1)  # warm up both sides once
    _fit(compat, x, y, 1)
    samples = paired_runs(
        ("native", lambda: _fit(native, x, y, args.epochs)),
        ("compat", lambda: _fit(compat, x, y, args.epochs)),
        args.repeats,
    )
    print(f"fit of {len(x)} samples x {args.epochs} epochs, median of {args.repeats} runs each, order alternating")
    report_pairs(samples, "native", "compat", "compat fit / Keras 3 fit", "<= 1.02")

if __name__ == "__main__":
    main()
