"""Training time with the Keras 2 callbacks over the same callbacks of Keras 3.

One ``fit`` of a small dense model (400 steps an epoch, 5 epochs) with
``EarlyStopping``, ``ReduceLROnPlateau``, ``CSVLogger``, ``TerminateOnNaN``,
``ModelCheckpoint`` and a custom callback with a batch hook: compat
classes (Keras 2 names: ``val_acc``, an ``.h5`` template, ``on_batch_end``)
against Keras 3's (``val_accuracy``, ``on_train_batch_end``), both writing HDF5.
The two sides alternate, several rounds, and the medians are compared.
Target: at most 1.10.

Run: ``python benchmarks/bench_callbacks.py [--rounds N]``.
"""

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from keras_faq_compat import callbacks as compat  # noqa: E402
from keras_faq_compat._real import keras  # noqa: E402

STEPS, BATCH, EPOCHS = 400, 16, 5


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _callbacks(side, folder):
    if side == "compat":
        module, monitor, name = compat, "val_acc", "w.{epoch:02d}-{val_acc:.2f}.h5"

        class Counter(compat.Callback):
            def on_batch_end(self, batch, logs=None):
                self.last = logs["loss"]
    else:
        module, monitor, name = keras.callbacks, "val_accuracy", "w.{epoch:02d}-{val_accuracy:.2f}.h5"

        class Counter(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                self.last = logs["loss"]

    return [
        module.EarlyStopping(monitor=monitor, patience=100, mode="max"),
        module.ReduceLROnPlateau(monitor=monitor, patience=100, mode="max"),
        module.CSVLogger(os.path.join(folder, f"{side}.csv")),
        module.TerminateOnNaN(),
        module.ModelCheckpoint(os.path.join(folder, side + name), monitor=monitor, mode="max"),
        Counter(),
    ]


def _time(side, x, y, folder):
    model = _model()
    callbacks = _callbacks(side, folder)
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, validation_split=0.2, verbose=0, callbacks=callbacks)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    n = int(STEPS * BATCH / 0.8)
    x, y = rng.rand(n, 32).astype("float32"), rng.randint(0, 2, n)
    import warnings

    warnings.simplefilter("ignore")
    samples = {"keras3": [], "compat": []}
    with tempfile.TemporaryDirectory() as folder:
        _time("keras3", x, y, folder)  # trace and warm up once
        for _ in range(args.rounds):
            for side in samples:
                samples[side].append(_time(side, x, y, folder))
    medians = {side: statistics.median(values) for side, values in samples.items()}
    print(f"fit of {EPOCHS} epochs x {STEPS} steps, median of {args.rounds} rounds")
    for side, value in medians.items():
        print(f"  {side:8s} {value:6.2f} s")
    print(f"ratio compat callbacks / Keras 3 callbacks: {medians['compat'] / medians['keras3']:.3f} (target <= 1.10)")


if __name__ == "__main__":
    main()
