"""``keras.callbacks.Callback`` and the small Keras 2.2 callbacks.

Legacy API: ``keras.callbacks.Callback`` subclasses written for Keras 2
(assigning ``self.model``, reading ``self.params['metrics']`` /
``['samples']`` / ``['batch_size']`` / ``['do_validation']``,
``self.validation_data``, overriding ``on_batch_begin`` / ``on_batch_end``
with ``logs['batch']`` and ``logs['size']``), ``BaseLogger``, ``History``,
``ProgbarLogger(count_mode, stateful_metrics)``, ``TerminateOnNaN``,
``LambdaCallback(on_batch_begin=..., on_batch_end=...)``, ``RemoteMonitor``.

Keras 3 replacement: ``keras.callbacks.Callback`` with
``on_train_batch_begin`` / ``on_train_batch_end``; ``params`` holds only
``verbose``, ``epochs`` and ``steps``; ``BaseLogger`` is gone (epoch logs
are already epoch means).

Differences kept: Keras 3's ``fit`` does not tell callbacks its batch size,
sample count or whether it validates, so ``params['batch_size']``,
``['samples']`` and ``['do_validation']`` are None / False (and
``logs['size']`` absent) unless the caller of ``fit`` passes them in a
``keras.callbacks.CallbackList``; ``params['metrics']`` is filled after the
first batch (Keras 3 builds its metrics there); ``self.validation_data``
stays None; ``ProgbarLogger`` always counts steps.
"""

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.callbacks import logs as _logs
from keras_faq_compat.deprecation import warn_legacy

__all__ = [
    "Callback",
    "BaseLogger",
    "History",
    "ProgbarLogger",
    "TerminateOnNaN",
    "LambdaCallback",
    "RemoteMonitor",
]

def keras2_params(params, model):
    """`params` completed with the keys Keras 2.2 gave every callback.

    Args:
        params: the dict Keras 3 passes to ``set_params`` (``verbose``,
            ``epochs``, ``steps``, and whatever the caller of ``fit`` added).
        model: the model being trained, or None.

    Returns:
        A new dict with ``batch_size``, ``samples``, ``do_validation`` and
        ``metrics`` (the names ``on_epoch_end`` will log) added if missing.
        ``metrics`` is empty while the model's metrics are not built yet;
        `Callback` fills it in place after the first batch.
    """
    params = dict(params or {})
    params.setdefault("batch_size", None)
    params.setdefault("samples", None)
    params.setdefault("do_validation", False)
    if "metrics" not in params:
        params["metrics"] = _logged_names(model, params["do_validation"]) or []
    return params


def _logged_names(model, do_validation):
    names = _logs.metric_names(model)
    if names and do_validation:
        names = names + ["val_" + name for name in names]
    return names


class Callback(_keras.callbacks.Callback):
    """Base class of callbacks, with the Keras 2.2 attributes and hooks.

    On top of Keras 3's class: ``self.model`` may be assigned (Keras 2 code
    did ``self.model = model``), ``self.params`` carries the Keras 2 keys
    (see `keras2_params`), ``self.validation_data`` exists, and
    ``on_batch_begin`` / ``on_batch_end`` receive ``logs`` with ``batch`` and
    (when the batch size is known) ``size``, passed positionally as Keras 2
    did.
    """

    validation_data = None
    # Keras 3.3's `ProgbarLogger.set_params` does not store `params`, and its
    # `Callback.__init__` does not set it: None until `set_params`, as later releases.
    params = None

    @property
    def model(self):
        return super().model

    @model.setter
    def model(self, value):
        self.set_model(value)

    def set_params(self, params):
        super().set_params(keras2_params(params, getattr(self, "model", None)))
        # Keras 3 builds the metrics in the first training step.
        self._metric_names_pending = not self.params["metrics"]

    def _fill_metric_names(self):
        names = _logged_names(self.model, self.params.get("do_validation"))
        if names:
            self.params["metrics"][:] = names
            self._metric_names_pending = False

    def _keras2_batch_logs(self, batch, logs):
        batch_logs = dict(logs or {})
        batch_logs.setdefault("batch", batch)
        params = self.params or {}
        batch_size, samples = params.get("batch_size"), params.get("samples")
        if batch_size:
            size = batch_size if not samples else max(0, min(batch_size, samples - batch * batch_size))
            batch_logs.setdefault("size", size)
        return batch_logs

    # Marked default so that Keras 3 still dispatches batch ends
    # asynchronously for callbacks that override none of these hooks.
    @_internals.mark_default
    def on_train_batch_begin(self, batch, logs=None):
        if not _internals.is_default(self.on_batch_begin):
            self.on_batch_begin(batch, self._keras2_batch_logs(batch, logs))

    @_internals.mark_default
    def on_train_batch_end(self, batch, logs=None):
        if getattr(self, "_metric_names_pending", False):
            self._fill_metric_names()
        if not _internals.is_default(self.on_batch_end):
            self.on_batch_end(batch, self._keras2_batch_logs(batch, logs))


class BaseLogger(Callback):
    """Keras 2's epoch averager, kept for code that adds it or reads it.

    Keras 3 logs epoch means itself, so this callback changes no log; it
    keeps Keras 2's ``seen`` (samples, or batches when the batch size is
    unknown) and ``totals`` (``totals[k] / seen`` is the epoch mean of ``k``).

    Args:
        stateful_metrics: names not averaged (kept as last logged); default
            None.
    """

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or ())
        self.seen = 0
        self.totals = {}

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += logs.get("size", 1)
        for key, value in logs.items():
            if key in ("batch", "size"):
                continue
            # Keras 3 batch logs are running means already.
            self.totals[key] = value if key in self.stateful_metrics else value * self.seen


class History(_keras.callbacks.History, Callback):
    """Records epoch logs in ``history``; restarted by each ``fit`` as in Keras 2.

    Each logged value is also recorded under its Keras 2.2 spelling
    (``acc`` / ``val_acc`` for ``accuracy`` / ``val_accuracy``), so
    ``hist.history['val_acc']`` works whichever name the model logged.
    """

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, _logs.with_aliases(logs))


class ProgbarLogger(_keras.callbacks.ProgbarLogger, Callback):
    """Prints progress; accepts Keras 2's arguments.

    Args:
        count_mode: ``'samples'`` or ``'steps'``; default ``'samples'``. The
            bar counts steps in both cases (Keras 3 does not report samples).
        stateful_metrics: accepted for compatibility; default None.
    """

    def __init__(self, count_mode="samples", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("samples", "steps"):
            raise ValueError(f"ProgbarLogger: unknown count_mode={count_mode!r}; expected 'samples' or 'steps'.")
        if count_mode == "samples" or stateful_metrics:
            warn_legacy(
                "keras.callbacks.ProgbarLogger(count_mode, stateful_metrics)",
                "keras.callbacks.ProgbarLogger()",
                "The bar counts steps, not samples.",
            )
        self.count_mode = count_mode
        self.use_steps = count_mode == "steps"
        self.stateful_metrics = set(stateful_metrics or ())


class TerminateOnNaN(_keras.callbacks.TerminateOnNaN, Callback):
    """Stops training at the first batch whose loss is NaN or infinite."""


class LambdaCallback(_keras.callbacks.LambdaCallback, Callback):
    """A callback made of functions, with Keras 2's batch hooks.

    Args:
        on_epoch_begin: ``f(epoch, logs)``; default None.
        on_epoch_end: ``f(epoch, logs)``; default None.
        on_batch_begin: ``f(batch, logs)`` before each training batch
            (``logs`` has ``batch`` and ``size``); default None.
        on_batch_end: ``f(batch, logs)`` after each training batch; default
            None.
        on_train_begin: ``f(logs)``; default None.
        on_train_end: ``f(logs)``; default None.
        **kwargs: other hooks by name, as in Keras 3
            (``on_train_batch_end=...``).
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_batch_begin=None,
        on_batch_end=None,
        on_train_begin=None,
        on_train_end=None,
        **kwargs,
    ):
        super().__init__(
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            **kwargs,
        )
        # Instance attributes carry no default marker, so the batch hooks of
        # `Callback` see them as overridden.
        if on_batch_begin is not None:
            self.on_batch_begin = on_batch_begin
        if on_batch_end is not None:
            self.on_batch_end = on_batch_end


class RemoteMonitor(_keras.callbacks.RemoteMonitor, Callback):
    """Posts each epoch's logs as JSON to a server (needs ``requests`` and a server).

    Args:
        root: the server's root URL; default ``'http://localhost:9000'``.
        path: path below `root`; default ``'/publish/epoch/end/'``.
        field: form field holding the JSON when not `send_as_json`; default
            ``'data'``.
        headers: extra HTTP headers; default None.
        send_as_json: send ``application/json``; default False.
    """

