"""``fit_generator`` through the compat layer over plain Keras 3 ``fit`` on the same generator.

Target: at most 1.05. Both sides train the same model (same weights) on
batches from the same kind of endless Python generator, ``steps_per_epoch``
batches per epoch. Each side first runs one epoch (tracing), then the timed
runs alternate between the two sides, and the median of the per-repeat ratios
of CPU time is the figure (wall time is printed too). The compat side adds
the Keras 2 batch checks of each generator output.

Run: ``python benchmarks/bench_fit_generator.py [--repeats N] [--steps S]``.
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


def batches(batch_size=64):
    rng = np.random.RandomState(0)
    x = rng.rand(50 * batch_size, 64).astype("float32")
    y = np.eye(10, dtype="float32")[rng.randint(0, 10, len(x))]
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def _models():
    native = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    compat = CompatSequential([
        compat_layers.Dense(128, activation="relu", input_dim=64),
        compat_layers.Dense(10, activation="softmax"),
    ])
    compat.set_weights(native.get_weights())
    for model in (native, compat):
        model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return native, compat


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    native, compat = _models()

    def run_native(epochs):
        native.fit(batches(), steps_per_epoch=args.steps, epochs=epochs, verbose=0, shuffle=False)

    def run_compat(epochs):
        compat.fit_generator(batches(), steps_per_epoch=args.steps, epochs=epochs, verbose=0)

    run_native(1)
    run_compat(1)
    samples = paired_runs(
        ("native fit", lambda: run_native(args.epochs)),
        ("compat fit_generator", lambda: run_compat(args.epochs)),
        args.repeats,
    )
    print(f"{args.steps} steps x {args.epochs} epochs from a Python generator, median of {args.repeats} runs each, order alternating")
    report_pairs(samples, "native fit", "compat fit_generator", "compat fit_generator / Keras 3 fit", "<= 1.05")

if __name__ == "__main__":
    main()
