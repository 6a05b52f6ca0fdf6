"""``keras.callbacks.ReduceLROnPlateau`` and ``LearningRateScheduler`` as in Keras 2.2.

Legacy API: ``ReduceLROnPlateau(monitor='val_acc', factor=0.1, patience=10,
verbose=0, mode='auto', epsilon=1e-4, cooldown=0, min_lr=0)`` and
``LearningRateScheduler(schedule)`` with ``schedule(epoch)`` or
``schedule(epoch, lr)``; both log the rate as ``lr``.

Keras 3 replacement: the same classes with ``min_delta`` (Keras 3 silently
ignores ``epsilon``), metric names as given in ``compile``, the rate logged
as ``learning_rate``.

Both names ``lr`` and ``learning_rate`` are logged, and ``acc`` / ``accuracy``
spellings of the monitor both resolve. An optimizer with only Keras 2's
``lr`` variable (no ``learning_rate``) is read and set through ``lr``.
"""

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.callbacks import logs as _logs
from keras_faq_compat.callbacks.callback import Callback
from keras_faq_compat.callbacks.early_stopping import warn_missing_monitor
from keras_faq_compat.deprecation import warn_legacy

__all__ = ["ReduceLROnPlateau", "LearningRateScheduler"]


def _learning_rate(optimizer):
    # Keras 2 read `optimizer.lr` (a variable): an optimizer written for
    # Keras 2 may have only that.
    rate = optimizer.learning_rate if hasattr(optimizer, "learning_rate") else optimizer.lr
    return float(_keras.ops.convert_to_numpy(rate))


def _set_learning_rate(optimizer, value):
    if hasattr(optimizer, "learning_rate"):
        optimizer.learning_rate = value
    else:
        optimizer.lr.assign(value)


def _log_learning_rate(model, logs):
    if logs is not None:
        rate = _learning_rate(model.optimizer)
        logs["lr"] = rate
        logs["learning_rate"] = rate


class ReduceLROnPlateau(_keras.callbacks.ReduceLROnPlateau, Callback):
    """Multiplies the learning rate by `factor` when a quantity stops improving.

    Args:
        monitor: the logged name to watch (``val_acc`` and ``val_accuracy``
            both resolve); default ``'val_loss'``.
        factor: multiplier of the rate, below 1; default 0.1.
        patience: epochs without improvement before a reduction; default 10.
        verbose: 1 prints each reduction; default 0.
        mode: ``'auto'``, ``'min'`` or ``'max'``; ``auto`` maximises names
            containing ``acc``; default ``'auto'``.
        min_delta: smallest change counted as an improvement; default 1e-4.
        cooldown: epochs to wait after a reduction before counting again;
            default 0.
        min_lr: lower bound of the rate; default 0.
        epsilon: Keras 2's name of `min_delta` (one `LegacyAPIWarning`).
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0,
        **kwargs,
    ):
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            warn_legacy(
                "ReduceLROnPlateau(epsilon=...)",
                "ReduceLROnPlateau(min_delta=...)",
                "`epsilon` argument is deprecated and will be removed, use `min_delta` instead.",
            )
        if kwargs:
            raise TypeError(f"ReduceLROnPlateau got unexpected argument(s): {', '.join(sorted(kwargs))}.")
        super().__init__(
            monitor=monitor,
            factor=factor,
            patience=patience,
            verbose=verbose,
            mode=mode,
            min_delta=min_delta,
            cooldown=cooldown,
            min_lr=min_lr,
        )
        self.mode = mode if mode in ("auto", "min", "max") else "auto"
        self.min_delta = abs(min_delta)
        self._direction = None

    def _reset_legacy_state(self):
        # Keras's own `_reset` plus the monitored direction, inferred again
        # at the first epoch end.
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0
        self._direction = None

    def on_train_begin(self, logs=None):
        self._reset_legacy_state()

    def on_epoch_end(self, epoch, logs=None):
        if self._direction is None:
            self._direction = _logs.infer_mode(self.monitor, self.mode, self.model)
        _log_learning_rate(self.model, logs)
        current = _logs.lookup(logs, self.monitor)
        if current is None:
            warn_missing_monitor("Reduce LR on plateau", self.monitor, logs)
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if _logs.is_improvement(current, self.best, self._direction, self.min_delta):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(epoch)

    def _reduce(self, epoch):
        optimizer = self.model.optimizer
        old_lr = _learning_rate(optimizer)
        # The rate is stored in float32: compare there, or min_lr itself
        # would look larger than the stored rate and be "reduced" forever.
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            _set_learning_rate(optimizer, new_lr)
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1:05d}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
            self.cooldown_counter = self.cooldown
            self.wait = 0


class LearningRateScheduler(_keras.callbacks.LearningRateScheduler, Callback):
    """Sets the learning rate at each epoch start from ``schedule``.

    Args:
        schedule: ``schedule(epoch, lr)`` or Keras 2's ``schedule(epoch)``,
            returning the rate (a float) for that epoch (counted from 0).
        verbose: 1 prints each new rate; default 0.
    """

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rate(self.model, logs)
