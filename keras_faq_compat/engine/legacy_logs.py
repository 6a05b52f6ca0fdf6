"""Keras 2 metric names in training logs (``acc`` / ``val_acc``).

Legacy API: ``hist.history['acc']``, ``hist.history['val_acc']``,
``EarlyStopping(monitor='val_acc')``, ``ModelCheckpoint('w.{val_acc:.2f}.h5')``
for a model compiled with ``metrics=['accuracy']``.

Keras 3 replacement: the logs name the metric as given, ``accuracy`` /
``val_accuracy`` (as Keras 2.3 did).

Keras 2.2 called the accuracy metric ``acc``; Keras 2.3 and Keras 3 call it
``accuracy``. Old code reads either, so the logs carry both. This module is
the one place where the aliasing happens: `LegacyLogNames` is placed first
among the callbacks of every compat ``fit``, so every later callback
(``History``, ``EarlyStopping``, ``ModelCheckpoint``, user callbacks) sees
both names in the same ``logs`` dict.
"""

from keras_faq_compat._real import keras as _keras

__all__ = ["add_legacy_names", "LegacyLogNames", "LOG_NAME_PAIRS"]

# (Keras 2.2 name, Keras 2.3 / Keras 3 name), also under the ``val_`` prefix.
LOG_NAME_PAIRS = (("acc", "accuracy"),)


def add_legacy_names(logs):
    """Give every accuracy entry of `logs` its other name, in place; return `logs`.

    Args:
        logs: a callback ``logs`` dict (or None, returned as it is).
    """
    if not logs:
        return logs
    for old, new in LOG_NAME_PAIRS:
        for prefix in ("", "val_"):
            a, b = prefix + old, prefix + new
            if a in logs and b not in logs:
                logs[b] = logs[a]
            elif b in logs and a not in logs:
                logs[a] = logs[b]
    return logs


class LegacyLogNames(_keras.callbacks.Callback):
    """Adds the Keras 2.2 / Keras 3 twin of each accuracy entry to the logs.

    Placed first in the callback list, so the later callbacks get both names.
    Epoch-level only: a batch hook would make Keras fetch the metrics of
    every batch from the device, which costs time on every step.
    """

    def on_epoch_end(self, epoch, logs=None):
        add_legacy_names(logs)

    def on_test_end(self, logs=None):
        add_legacy_names(logs)

    def on_train_end(self, logs=None):
        add_legacy_names(logs)
