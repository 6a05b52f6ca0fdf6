"""``keras.callbacks.ModelCheckpoint`` writing Keras 2 files.

Legacy API: ``ModelCheckpoint(filepath, monitor='val_loss', verbose=0,
save_best_only=False, save_weights_only=False, mode='auto', period=1)`` with
any file name (``'weights.{epoch:02d}-{val_acc:.2f}.hdf5'``), full models in
the Keras 2 HDF5 layout and weights in the Keras 2 weights layout.

Keras 3 replacement: ``keras.callbacks.ModelCheckpoint`` with a ``.keras``
file (or ``.weights.h5`` and ``save_weights_only=True``) and ``save_freq``
in batches; it refuses other names and has no ``period``.

Behaviour: a name ending in ``.keras`` is saved in the Keras 3 format and
``.weights.h5`` weights in the Keras 3 weights format (what Keras 3 code
means by them); every other name gets the Keras 2 layout. Each file is
written beside its target and renamed over it, so an interrupted or failed
save never replaces a good checkpoint. The folder is created (and checked
writable) when training starts. ``save_freq`` and
``initial_value_threshold`` work as in Keras 3.
"""

import os
import string
import tempfile
import warnings

from keras_faq_compat.callbacks import logs as _logs
from keras_faq_compat.callbacks.callback import Callback
from keras_faq_compat.deprecation import warn_legacy

__all__ = ["ModelCheckpoint"]

# Keys a file-name template may use besides the logged ones.
_TEMPLATE_KEYS = {"epoch", "batch", "lr", "learning_rate"}


def _is_keras3_name(filepath, weights_only):
    return filepath.endswith(".weights.h5") if weights_only else filepath.endswith(".keras")


def _template_fields(template):
    """Root names of the ``{fields}`` of a format string (``'val_acc'`` of ``{val_acc:.2f}``)."""
    names = []
    for _, field, _, _ in string.Formatter().parse(template):
        if field:
            names.append(field.split(".", 1)[0].split("[", 1)[0])
    return names


def _fixed_folder(template):
    """The folder of `template` up to its first ``{field}``."""
    head = template.split("{", 1)[0] if "{" in template else template
    return os.path.dirname(head) or "."


def ensure_writable_folder(folder, what):
    """Create `folder` if needed and check that a file can be created in it.

    Raises:
        OSError: (the subclass the system gave) naming `folder` and `what`.
    """
    try:
        os.makedirs(folder, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".keras_faq_compat-write-test-")
        os.close(handle)
        os.remove(probe)
    except OSError as e:
        raise type(e)(
            f"{what}: cannot write checkpoints into folder {folder!r}: {e.strerror or e}. "
            "Choose a writable folder."
        ) from e


def _is_compat_model(model):
    from keras_faq_compat.saving.model_methods import SavingMixin

    return isinstance(model, SavingMixin)


def write_model_file(model, path, weights_only):
    """Write `model` (or its weights) to `path` in the format its name selects.

    A compat model saves through its own (Keras 2) ``save`` /
    ``save_weights``, as Keras 2's callback did; a plain Keras 3 model goes
    through `keras_faq_compat.saving`, which writes the Keras 2 layout for
    any name but ``.keras`` (and Keras 3 weights for ``.weights.h5``).
    """
    if _is_compat_model(model):
        if weights_only:
            model.save_weights(path, overwrite=True)
        else:
            model.save(path, overwrite=True)
        return
    from keras_faq_compat import saving

    if not weights_only:
        saving.save_model(model, path, overwrite=True, include_optimizer=True)
    elif _is_keras3_name(path, weights_only=True):
        model.save_weights(path, overwrite=True)
    else:
        saving.save_weights(model, path, overwrite=True)


def write_atomically(path, write):
    """Call ``write(temporary_path)`` then rename the result over `path`.

    The temporary file sits in the same folder and keeps the whole base name
    at its end, so format selection by extension sees the same name.
    """
    from keras_faq_compat.distribute.multi_worker import chief_only

    # Under a multi-worker strategy only the chief writes `path`.
    with chief_only(path) as target:
        _write_atomically(target, write)


def _write_atomically(path, write):
    folder, base = os.path.split(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"ModelCheckpoint: filepath {path!r} is an existing folder; give a file name.")
    if folder:
        os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".partial-{os.getpid()}-{base}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


class ModelCheckpoint(Callback):
    """Saves the model or its weights after every `period` epochs.

    Not a subclass of Keras 3's ``ModelCheckpoint``, whose constructor
    refuses the file names Keras 2 code uses.

    Args:
        filepath: file name, any extension; may hold ``{epoch}`` and logged
            names (``{val_loss:.2f}``, ``{val_acc}`` or ``{val_accuracy}``).
            ``.keras`` selects the Keras 3 format, ``.weights.h5`` (with
            `save_weights_only`) Keras 3 weights; other names get Keras 2
            HDF5.
        monitor: the logged name for `save_best_only`; default ``'val_loss'``.
        verbose: 1 prints each decision; default 0.
        save_best_only: save only when `monitor` improves; default False.
        save_weights_only: save only the weights; default False.
        mode: ``'auto'``, ``'min'`` or ``'max'``; ``auto`` maximises names
            containing ``acc`` or ``fmeasure``; default ``'auto'``.
        period: epochs between checkpoints (Keras 2); default 1.
        save_freq: ``'epoch'``, or save every this many batches (Keras 3);
            default ``'epoch'``. Not combined with `period`.
        initial_value_threshold: best value to beat at the start (Keras 3);
            default None.
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        period=1,
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        if isinstance(period, bool) or not isinstance(period, int) or period < 1:
            raise ValueError(f"ModelCheckpoint: period must be a positive number of epochs; got period={period!r}.")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ValueError(f"ModelCheckpoint: save_freq must be 'epoch' or a positive integer; got {save_freq!r}.")
        if period != 1 and save_freq != "epoch":
            raise ValueError("ModelCheckpoint: give period (epochs) or save_freq (batches), not both.")
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"ModelCheckpoint mode {mode} is unknown, fallback to auto mode.", RuntimeWarning, stacklevel=2
            )
            mode = "auto"
        if period != 1:
            warn_legacy("ModelCheckpoint(period=N)", "ModelCheckpoint(save_freq=<number of batches>)")
        if not _is_keras3_name(self.filepath, save_weights_only):
            warn_legacy(
                "ModelCheckpoint to a Keras 2 HDF5 file",
                "a filepath ending in .keras (or .weights.h5 with save_weights_only=True)",
            )
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = mode
        self.period = period
        self.save_freq = save_freq
        self.best = initial_value_threshold
        self.epochs_since_last_save = 0
        self._direction = None
        self._current_epoch = 0
        self._batches_since_last_save = 0
        self._last_batch = None
        self._warned_batch_keys = False

    def on_train_begin(self, logs=None):
        ensure_writable_folder(_fixed_folder(self.filepath), f"ModelCheckpoint(filepath={self.filepath!r})")
        self._check_template()

    def _check_template(self):
        logged = _logs.metric_names(self.model)
        if not logged:
            return
        known = set(_TEMPLATE_KEYS)
        for name in logged:
            for spelling in [name] + _logs.legacy_aliases(name):
                known.update((spelling, "val_" + spelling))
        unknown = [name for name in _template_fields(self.filepath) if name not in known]
        if unknown:
            warnings.warn(
                f"ModelCheckpoint filepath {self.filepath!r} names {', '.join(unknown)}, which this model "
                f"does not log (it logs {', '.join(logged)}); saving will fail at the end of the epoch "
                "unless another callback adds it to the logs.",
                RuntimeWarning,
                stacklevel=2,
            )

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        super().on_train_batch_end(batch, logs)
        if self.save_freq == "epoch":
            return
        added = batch + 1 if self._last_batch is None or batch <= self._last_batch else batch - self._last_batch
        self._last_batch = batch
        self._batches_since_last_save += added
        if self._batches_since_last_save < self.save_freq:
            return
        self._batches_since_last_save = 0
        try:
            filepath = self._filepath(self._current_epoch, batch, logs)
        except KeyError as e:
            # Epoch-level names (val_*) are never in batch logs: skip this
            # save rather than stop training in the middle of an epoch.
            if not self._warned_batch_keys:
                self._warned_batch_keys = True
                warnings.warn(f"{e.args[0]} Batch-level saves are skipped.", RuntimeWarning, stacklevel=2)
            return
        self._checkpoint(self._current_epoch, logs, filepath)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq != "epoch":
            return
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        self._checkpoint(epoch, logs, self._filepath(epoch, None, logs))

    def _filepath(self, epoch, batch, logs):
        fields = _logs.with_aliases(logs)
        fields["epoch"] = epoch + 1
        if batch is not None:
            fields.setdefault("batch", batch + 1)
        try:
            return self.filepath.format(**fields)
        except KeyError as e:
            raise KeyError(
                f"ModelCheckpoint filepath {self.filepath!r} names {{{e.args[0]}}}, which is not in the logs "
                f"of this epoch (available: epoch, {', '.join(logs or {})}). Keras 2 failed here as well; "
                "log that quantity (e.g. give validation data for val_* names) or change the template."
            ) from None
        except (IndexError, ValueError) as e:
            raise ValueError(f"ModelCheckpoint filepath {self.filepath!r} is not a valid template: {e}") from None

    def _checkpoint(self, epoch, logs, filepath):
        if self.save_best_only:
            if self._direction is None:
                self._direction = _logs.infer_mode(self.monitor, self.mode, self.model)
            current = _logs.lookup(logs, self.monitor)
            if current is None:
                warnings.warn(
                    f"Can save best model only with {self.monitor} available, skipping.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                return
            best = self.best if self.best is not None else (-float("inf") if self._direction == "max" else float("inf"))
            if not _logs.is_improvement(current, self.best, self._direction):
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1:05d}: {self.monitor} did not improve from {best:0.5f}")
                return
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1:05d}: {self.monitor} improved from {best:0.5f} to {current:0.5f},"
                    f" saving model to {filepath}"
                )
            self.best = current
        elif self.verbose > 0:
            print(f"\nEpoch {epoch + 1:05d}: saving model to {filepath}")
        write_atomically(filepath, lambda path: write_model_file(self.model, path, self.save_weights_only))
