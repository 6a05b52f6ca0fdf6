"""``keras.callbacks.EarlyStopping`` with Keras 2.2's rules.

Legacy API: ``EarlyStopping(monitor='val_acc', min_delta=0, patience=0,
verbose=0, mode='auto', baseline=None, restore_best_weights=False)``.

Keras 3 replacement: ``keras.callbacks.EarlyStopping`` with the metric name
given in ``compile`` (``val_accuracy``) and an explicit ``mode`` for metrics
Keras cannot classify.

Differences from Keras 3 kept as Keras 2 had them: ``acc`` / ``accuracy``
spellings both resolve; ``auto`` mode maximises names containing ``acc`` and
never raises; a missing monitor warns (``RuntimeWarning``) at each epoch end
instead of failing; training can stop after the first epoch (a ``baseline``
not reached with ``patience=0``); ``restore_best_weights`` restores only when
training is stopped early, not when it runs all its epochs.
"""

import warnings

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.callbacks import logs as _logs
from keras_faq_compat.callbacks.callback import Callback

__all__ = ["EarlyStopping"]


def warn_missing_monitor(what, monitor, logs):
    """Keras 2's warning for a monitored name absent from the epoch logs."""
    warnings.warn(
        f"{what} conditioned on metric `{monitor}` which is not available. "
        f"Available metrics are: {','.join(logs or {})}",
        RuntimeWarning,
        stacklevel=3,
    )


class EarlyStopping(_keras.callbacks.EarlyStopping, Callback):
    """Stops training when a monitored quantity has stopped improving.

    Args:
        monitor: the logged name to watch; ``val_acc`` and ``val_accuracy``
            both resolve; default ``'val_loss'``.
        min_delta: smallest change counted as an improvement; default 0.
        patience: epochs without improvement before stopping; default 0.
        verbose: 1 prints when stopping and restoring; default 0.
        mode: ``'auto'``, ``'min'`` or ``'max'``; ``auto`` maximises names
            containing ``acc`` and minimises the others (see
            `keras_faq_compat.callbacks.logs.infer_mode`); default ``'auto'``.
        baseline: value the quantity must beat; default None.
        restore_best_weights: on an early stop, put back the weights of the
            best epoch; default False.
        start_from_epoch: epochs to wait before watching (Keras 3); default 0.
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__(
            monitor=monitor,
            min_delta=min_delta,
            patience=patience,
            verbose=verbose,
            mode=mode,
            baseline=baseline,
            restore_best_weights=restore_best_weights,
            start_from_epoch=start_from_epoch,
        )
        self.mode = mode if mode in ("auto", "min", "max") else "auto"
        self.min_delta = abs(min_delta)
        self._direction = None

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self.baseline
        self.best_weights = None
        self.best_epoch = 0
        self._direction = None

    def on_epoch_end(self, epoch, logs=None):
        if self._direction is None:
            self._direction = _logs.infer_mode(self.monitor, self.mode, self.model)
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if _logs.is_improvement(current, self.best, self._direction, self.min_delta):
            self.best = current
            self.best_epoch = epoch
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose > 0:
                    print("Restoring model weights from the end of the best epoch")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1:05d}: early stopping")

    def get_monitor_value(self, logs):
        value = _logs.lookup(logs, self.monitor)
        if value is None:
            warn_missing_monitor("Early stopping", self.monitor, logs)
        return value
