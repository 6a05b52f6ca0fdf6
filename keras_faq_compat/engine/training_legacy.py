"""Keras 2 training semantics for `keras_faq_compat.engine.training.Model`.

Legacy API: ``fit_generator``, ``evaluate_generator``, ``predict_generator``
(``steps_per_epoch``, ``validation_steps``, ``workers``,
``use_multiprocessing``, ``max_queue_size``, ``keras.utils.Sequence``);
``trainable`` taking effect at ``compile``; ``History`` keys ``acc`` /
``val_acc``; stateful RNNs with a fixed batch size; ``model.reset_states()``;
``compile(optimizer='adagrad')`` with Keras 2 defaults; ``fit(nb_epoch=...)``;
``predict`` silent by default; model names ``model_1``, ``sequential_1``.

Keras 3 replacement: ``Model.fit`` / ``evaluate`` / ``predict`` with a
generator or ``keras.utils.PyDataset``; recompile (or
``make_train_function(force=True)``) after changing ``trainable``.

Differences from Keras 2 that remain:

* a plain Python generator is read ahead by ``workers`` threads or processes
  as in Keras 2 (`keras_faq_compat.engine.training_generator.enqueued_batches`);
* a generator that stops before ``steps_per_epoch * epochs`` batches raises a
  `ValueError` (Keras 2 raised a bare ``StopIteration``);
* the compile-time snapshot covers the trainable weights; a frozen
  ``BatchNormalization`` follows its flag at the time ``fit`` first runs.
"""

import contextlib
import warnings
import weakref

import numpy as np

from keras_faq_compat import _internals, backend, optimizers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.engine.legacy_logs import LegacyLogNames
from keras_faq_compat.engine.legacy_metrics import keras2_metrics
from keras_faq_compat.engine.training_generator import enqueued_batches
from keras_faq_compat.legacy import interfaces

__all__ = ["LegacyTrainingMixin", "keras2_model_name"]

# Models loaded from files of Keras 2.3+ or tf.keras 2.x, whose
# ``metrics=['accuracy']`` was named 'accuracy' there (Keras 2.2: 'acc');
# the loader adds them.
ACCURACY_NAMED_MODELS = weakref.WeakSet()

_DISCREPANCY = (
    "Discrepancy between trainable weights and collected trainable weights, "
    "did you set `model.trainable` without calling `model.compile` after ?"
)


def keras2_model_name(model, kwargs):
    """Give `kwargs` Keras 2's automatic model name (``model_1``, ``sequential_1``) if it has none.

    Args:
        model: the model being made.
        kwargs: its constructor's keyword arguments (changed in place).
    """
    if kwargs.get("name") is None:
        prefix = getattr(type(model), "_keras2_name_prefix", None) or type(model).__name__.lower()
        kwargs["name"] = f"{prefix}_{backend.get_uid(prefix)}"
    return kwargs


class _CompiledState:
    """What ``compile`` fixed: the trainable weights (a plain object, kept out of Keras tracking)."""

    def __init__(self, trainable_weights):
        self.trainable_weights = None if trainable_weights is None else list(trainable_weights)
        self.active = 0
        self.warned = False


def _describe(value, depth=0):
    """A short description of a generator's output, for error messages."""
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"{type(value).__name__} of shape {tuple(value.shape)}"
    if isinstance(value, (list, tuple)) and depth < 2:
        inner = ", ".join(_describe(v, depth + 1) for v in value[:4])
        more = ", ..." if len(value) > 4 else ""
        return f"{type(value).__name__} of length {len(value)} ({inner}{more})"
    if isinstance(value, dict) and depth < 2:
        inner = ", ".join(f"{k!r}: {_describe(v, depth + 1)}" for k, v in list(value.items())[:4])
        return f"dict ({inner})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _num_samples(value):
    """The number of samples of an array or a structure of arrays, or None."""
    for leaf in _keras.tree.flatten(value):
        shape = getattr(leaf, "shape", None)
        if shape is not None and len(shape) > 0:
            return int(shape[0])
    return None


def _class_weights(method, index, y, class_weight):
    """Keras 2's sample weights from `class_weight` for targets `y` (one-hot or class indices)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        classes = y.argmax(axis=1)
    elif y.ndim <= 2:
        classes = y.reshape(len(y)).astype("int64")
    else:
        raise ValueError(
            f"{method}: `class_weight` needs targets of shape (samples,), (samples, 1) or "
            f"(samples, classes); batch {index} has y of shape {y.shape}."
        )
    missing = set(np.unique(classes).tolist()) - set(class_weight)
    if missing:
        raise ValueError(f"{method}: `class_weight` has no weight for classes {sorted(missing)} (batch {index}).")
    return np.asarray([class_weight[c] for c in classes.tolist()], dtype="float32")


def _check_class_weight(y, class_weight):
    """Keras 2 refused, before training, a `class_weight` without a class of the targets `y`."""
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        return
    classes = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y)).astype("int64")
    missing = set(np.unique(classes).tolist()) - set(class_weight)
    if missing:
        raise ValueError(
            "fit: `class_weight` must contain all classes in the data. The classes "
            f"{sorted(missing)} exist in the data but not in `class_weight`."
        )


def _per_output_weights(model, x, y, sample_weight):
    """``(y, sample_weight)`` as tuples in the order of the outputs, for weights given per output name.

    Keras 2 took weights for some of the outputs only (the others weigh 1); Keras 3 needs one per
    output and fails on a dict of them (Keras 3.15: ``KeyError: 0``).
    """
    names = list(getattr(model, "output_names", None) or ())
    if len(names) < 2 or not set(sample_weight) <= set(names):
        return y, sample_weight
    if isinstance(y, dict):
        if set(y) != set(names):
            return y, sample_weight
        y = tuple(y[name] for name in names)
    elif isinstance(y, (list, tuple)) and len(y) == len(names):
        y = tuple(y)
    else:
        return y, sample_weight
    ones = np.ones(_num_samples(x) or _num_samples(y), dtype="float32")
    return y, tuple(sample_weight.get(name, ones) for name in names)


class _BatchChecker:
    """Reads generator outputs as Keras 2 did, with clear errors.

    Each batch is checked; a generator that stops before `expected` batches
    is an error. The first error is kept in `error`, since TensorFlow may wrap
    an exception raised while it reads the generator.

    Args:
        method: the legacy method, for messages (``"fit_generator"``).
        with_targets: whether batches are ``(x, y[, sample_weight])``.
        expected: batches the caller asks for in all, or None.
        what: how the caller asked for them, for messages.
        class_weight: class index -> weight, turned into sample weights.
    """

    def __init__(self, method, with_targets, expected=None, what="", class_weight=None):
        self.method = method
        self.with_targets = with_targets
        self.expected = expected
        self.what = what
        self.class_weight = class_weight
        self.count = 0
        self.error = None

    def fail(self, message):
        self.error = ValueError(f"{self.method}: {message}")
        raise self.error

    def stopped(self):
        if self.expected is not None and self.count < self.expected:
            self.fail(
                f"the generator stopped after {self.count} batches, but {self.what} asks for "
                f"{self.expected}. Make it loop forever (`while True:` around its `yield`) or ask "
                "for fewer steps."
            )

    def check(self, item, index=None):
        index = self.count if index is None else index
        self.count += 1
        if not self.with_targets:
            if isinstance(item, tuple):
                if len(item) not in (1, 2, 3):
                    self.fail(
                        "output of generator should be `x`, or a tuple `(x, y)` or "
                        f"`(x, y, sample_weight)`. Batch {index} was: {_describe(item)}."
                    )
                item = item[0]
            if item is None:
                self.fail(f"batch {index} has no x.")
            return (item,)
        if not isinstance(item, (tuple, list)) or len(item) not in (2, 3):
            self.fail(
                "output of generator should be a tuple `(x, y, sample_weight)` or `(x, y)`. "
                f"Batch {index} was: {_describe(item)}."
            )
        parts = tuple(item)
        if parts[0] is None or parts[1] is None:
            self.fail(f"batch {index} has no {'x' if parts[0] is None else 'y'}: {_describe(item)}.")
        if len(parts) == 3 and parts[2] is None:
            parts = parts[:2]
        sizes = {n for n in (_num_samples(p) for p in parts) if n is not None}
        if len(sizes) > 1:
            self.fail(
                f"batch {index} mixes arrays with different numbers of samples ({sorted(sizes)}): "
                f"{_describe(item)}."
            )
        if 0 in sizes:
            self.fail(f"batch {index} is empty: {_describe(item)}.")
        if self.class_weight and len(parts) == 2:
            # Keras 2: a batch's own sample weights take precedence over class_weight.
            try:
                parts = parts + (_class_weights(self.method, index, parts[1], self.class_weight),)
            except ValueError as e:
                self.error = e
                raise
        return parts


def _checked_batches(generator, checker):
    """The batches of Python generator `generator`, checked by `checker` (a real generator, as Keras 3 wants)."""
    while True:
        try:
            item = next(generator)
        except StopIteration:
            checker.stopped()
            return
        yield checker.check(item)


class _CheckedSequence(_keras.utils.PyDataset):
    """A ``keras.utils.Sequence`` read as Keras 2 read it, with its ``workers`` settings."""

    def __init__(self, sequence, checker, workers, use_multiprocessing, max_queue_size):
        super().__init__(workers=workers, use_multiprocessing=use_multiprocessing, max_queue_size=max_queue_size)
        self._sequence = sequence
        self.checker = checker

    def __len__(self):
        return len(self._sequence)

    def __getitem__(self, index):
        return self.checker.check(self._sequence[index], index)

    def on_epoch_end(self):
        self._sequence.on_epoch_end()


def _own_copy(batch):
    """`batch` with each NumPy array copied (see `_copying_batches`)."""
    return _keras.tree.map_structure(lambda v: np.array(v) if isinstance(v, np.ndarray) else v, batch)


class _CopyingSequence(_keras.utils.PyDataset):
    """A ``Sequence`` / ``PyDataset`` whose batches are copies (see `_copying_batches`)."""

    def __init__(self, sequence):
        super().__init__(
            workers=getattr(sequence, "workers", 1),
            use_multiprocessing=getattr(sequence, "use_multiprocessing", False),
            max_queue_size=getattr(sequence, "max_queue_size", 10),
        )
        self._sequence = sequence

    def __len__(self):
        return len(self._sequence)

    def __getitem__(self, index):
        return _own_copy(self._sequence[index])

    def on_epoch_end(self):
        self._sequence.on_epoch_end()


def _copying_generator(generator):
    for batch in generator:
        yield _own_copy(batch)


def _batch_scalars(result):
    """`result` of a ``*_on_batch`` call with 0-d arrays as NumPy scalars, as Keras 2 returned them.

    Keras 3.3 returns each loss and metric of ``train_on_batch`` /
    ``test_on_batch`` as a 0-d ``np.ndarray`` (Keras 3.15 a scalar), which
    ``np.isscalar`` and ``'%f' %`` formatting of Keras 2 code refuse.
    """
    if isinstance(result, np.ndarray) and result.ndim == 0:
        return result[()]
    if isinstance(result, list):
        return [_batch_scalars(value) for value in result]
    if isinstance(result, dict):
        return {key: _batch_scalars(value) for key, value in result.items()}
    return result


def _copying_batches(model, data):
    """`data`, whose batches are copied when `model` runs under a distribution strategy.

    Under a ``tf.distribute`` strategy, TensorFlow (2.21) hands a 64-byte
    aligned NumPy batch from a generator or ``Sequence`` to the model without
    a copy, and may then compute an op's result in the batch's own memory
    (seen with ``y_pred - y`` in the loss and with ``x * c`` in a layer):
    the script's arrays, of which generators usually yield views, were
    changed in place. Keras 2 never wrote into them.
    """
    if _internals.model_strategy(model) is None:
        return data
    if _is_sequence(data):
        return _CopyingSequence(data)
    if hasattr(data, "__next__"):
        return _copying_generator(data)
    return data


def _is_sequence(data):
    return isinstance(data, _keras.utils.PyDataset)


def _is_generator(data):
    return hasattr(data, "__next__") or _is_sequence(data)


def _generator_source(data, method, steps, steps_name, with_targets, runs, queue_args, class_weight=None):
    """Wrap generator `data` for Keras 3.

    Returns ``(source, steps, checker)``, with Keras 2's rules for a missing
    `steps`.
    """
    if _is_sequence(data):
        checker = _BatchChecker(method, with_targets, class_weight=class_weight)
        return _CheckedSequence(data, checker, *queue_args), (len(data) if steps is None else steps), checker
    if not hasattr(data, "__next__"):
        raise TypeError(
            f"{method}: expected a generator (an object with `__next__`) or a "
            f"`keras.utils.Sequence`, got {_describe(data)}."
        )
    if steps is None:
        raise ValueError(
            f"{method}: `{steps_name}=None` is only valid for a generator based on the "
            f"`keras.utils.Sequence` class. Please specify `{steps_name}` or use the "
            "`keras.utils.Sequence` class."
        )
    workers, use_multiprocessing = queue_args[0], queue_args[1]
    if use_multiprocessing and workers > 1:
        warnings.warn(
            "Using a generator with `use_multiprocessing=True` and multiple workers may "
            "duplicate your data. Please consider using the `keras.utils.Sequence` class.",
            UserWarning,
            stacklevel=3,
        )
    expected = steps * runs if runs is not None else steps
    what = f"{steps_name}={steps}" + (f" x {runs} epochs" if runs is not None and runs != 1 else "")
    checker = _BatchChecker(method, with_targets, expected, what, class_weight)
    return _checked_batches(enqueued_batches(data, *queue_args), checker), steps, checker


@contextlib.contextmanager
def _recorded_errors(checkers):
    """Re-raise the clear error a `_BatchChecker` recorded, instead of TensorFlow's wrapping of it."""
    try:
        yield
    except Exception as e:
        for checker in checkers:
            error = checker.error
            if error is not None and error is not e:
                raise error from None
        raise


# Keras 3 asks for a recompile when `trainable` changed after compile; the
# compile-time snapshot makes that unnecessary, and `_legacy_training` gives
# Keras 2's warning instead (`_internals.QuietTrainableChangeMixin`).
class LegacyTrainingMixin(_internals.QuietTrainableChangeMixin):
    """Keras 2 training methods; cooperates with the next class through ``super()``.

    Args:
        name: the model's name; default Keras 2's automatic name
            (``model_1``, ``sequential_1``, ...).
    """

    def __init__(self, *args, **kwargs):
        keras2_model_name(self, kwargs)
        super().__init__(*args, **kwargs)

    # -- compile and the compile-time trainable weights ------------------

    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        metrics=None,
        loss_weights=None,
        sample_weight_mode=None,
        weighted_metrics=None,
        target_tensors=None,
        **kwargs,
    ):
        """Keras 2 ``compile``: also fixes which weights ``fit`` trains.

        Args:
            optimizer: an optimizer or a name (Keras 2 defaults: ``'adagrad'``
                has learning rate 0.01, ...); default ``'rmsprop'``.
            loss: loss name, function or list/dict of them; default None.
            metrics: list of metrics; ``'accuracy'`` is logged as both
                ``acc`` and ``accuracy``; default None.
            loss_weights: as in Keras 3; default None.
            sample_weight_mode: ``None`` or ``'temporal'`` (Keras 3 takes
                per-timestep weights without it); default None.
            weighted_metrics: as in Keras 3; default None.
            target_tensors: not supported (Keras 3 feeds targets itself);
                default None.
            **kwargs: Keras 3 ``compile`` arguments.
        """
        if target_tensors is not None:
            raise ValueError(
                "compile: `target_tensors` is not supported on Keras 3; pass the targets to "
                "fit/train_on_batch (or a tf.data.Dataset) instead."
            )
        if sample_weight_mode not in (None, "temporal") and not isinstance(sample_weight_mode, (dict, list)):
            raise ValueError(f"compile: `sample_weight_mode` must be None or 'temporal', got {sample_weight_mode!r}.")
        # Keras 2 also compiled with a TensorFlow 1 optimizer (tf.train.AdamOptimizer(...)),
        # which `optimizers.get` wraps in TFOptimizer.
        if optimizer is not None and not isinstance(optimizer, _keras.optimizers.Optimizer):
            optimizer = optimizers.get(optimizer)
        super().compile(
            optimizer=optimizer,
            loss=loss,
            metrics=keras2_metrics(metrics),
            loss_weights=loss_weights,
            weighted_metrics=keras2_metrics(weighted_metrics, weighted=True),
            **kwargs,
        )
        # Keras 2 collected the trainable weights here, once: a later change
        # of `layer.trainable` needs another compile to take effect.
        self._legacy_compiled = _CompiledState(super().trainable_weights if self.built else None)

    @property
    def trainable_weights(self):
        """The trainable weights; while training, those collected at ``compile`` (Keras 2)."""
        state = getattr(self, "_legacy_compiled", None)
        if state is None or not state.active:
            return super().trainable_weights
        if state.trainable_weights is None:
            # Compiled before it was built (a Sequential without an input
            # shape): as Keras 2's deferred compile, the weights are collected
            # once training has built the model.
            live = super().trainable_weights
            if not self.built:
                return live
            state.trainable_weights = list(live)
        return list(state.trainable_weights)

    @property
    def trainable_variables(self):
        """Same as `trainable_weights`."""
        return self.trainable_weights

    @contextlib.contextmanager
    def _legacy_training(self):
        """While training, the model trains the weights that were trainable at compile."""
        state = getattr(self, "_legacy_compiled", None)
        if state is None:
            yield
            return
        collected = state.trainable_weights
        current = super().trainable_weights
        if not state.warned and collected is not None and {id(v) for v in current} != {id(v) for v in collected}:
            state.warned = True
            warnings.warn(_DISCREPANCY, UserWarning, stacklevel=4)
        state.active += 1
        try:
            yield
        finally:
            state.active -= 1

    # -- stateful models: one fixed batch size ---------------------------

    def _legacy_stateful_batch_size(self):
        """``(fixed batch size, first stateful layer's name)`` of a stateful model, or None."""
        stateful = [layer for layer in _internals.flatten_layers(self) if getattr(layer, "stateful", False)]
        if not stateful:
            return None
        try:
            inputs = self.inputs
        except (AttributeError, ValueError):
            return None
        sizes = {tensor.shape[0] for tensor in inputs or ()}
        if len(sizes) == 1 and None not in sizes:
            return int(sizes.pop()), stateful[0].name
        return None

    def _legacy_check_batch(self, method, x, batch_size=None, exact=False):
        """Keras 2's rules for a stateful model; return the batch size to use."""
        fixed = self._legacy_stateful_batch_size()
        if fixed is None or x is None or _is_generator(x):
            return batch_size
        size, layer_name = fixed
        n = _num_samples(x)
        where = (
            f"{method}: this model is stateful (layer {layer_name!r}) and was built for batches of "
            f"exactly {size} samples (batch_size={size} on its first layer)"
        )
        if batch_size is not None and batch_size != size:
            raise ValueError(f"{where}; got batch_size={batch_size}.")
        if n is not None and exact and n != size:
            raise ValueError(f"{where}; got a batch of {n} samples.")
        if n is not None and n % size:
            raise ValueError(
                f"{where}. In a stateful network, you should only pass inputs with a number of "
                f"samples that can be divided by the batch size. Found: {n} samples."
            )
        return size

    @property
    def metrics_names(self):
        """Keras 2 ``metrics_names``: ``['loss', 'acc', ...]``, in the order of
        ``train_on_batch`` / ``evaluate`` results (Keras 3 groups the compiled
        metrics under one ``'compile_metrics'`` name)."""
        names = []
        for metric in self.metrics:
            inner = getattr(metric, "metrics", None) if metric.name == "compile_metrics" else None
            if inner is None:
                names.append(metric.name)
            else:
                names.extend(sub.name for sub in inner)
        if self in ACCURACY_NAMED_MODELS:
            return names
        # Keras 2.2 logged ``metrics=['accuracy']`` as ``acc``.
        return ["acc" if name == "accuracy" else name for name in names]

    def reset_states(self):
        """Legacy ``model.reset_states()``: reset the state of every stateful layer."""
        warn_legacy("Model.reset_states", "layer.reset_state() on each stateful layer")
        for layer in _internals.flatten_layers(self):
            if getattr(layer, "stateful", False) and hasattr(layer, "reset_states"):
                layer.reset_states()

    # -- fit / evaluate / predict ---------------------------------------

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose=1,
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        **kwargs,
    ):
        """Keras 2 ``fit``: Keras 3's, plus the Keras 2 differences.

        The logs (``History.history``, callbacks) name accuracy both ``acc``
        and ``accuracy``; the weights trained are those trainable at
        ``compile``; a stateful model takes only its fixed batch size;
        ``nb_epoch`` is Keras 1's name of `epochs`. `validation_split` takes
        the last fraction of the samples, before any shuffling, for every
        epoch. Arguments as Keras 3's ``fit``.
        """
        if "nb_epoch" in kwargs:
            warnings.warn("The `nb_epoch` argument in `fit` has been renamed `epochs`.", stacklevel=2)
            epochs = kwargs.pop("nb_epoch")
        batch_size = self._legacy_check_batch("fit", x, batch_size)
        if isinstance(validation_data, list) and len(validation_data) in (2, 3):
            validation_data = tuple(validation_data)
        if class_weight and isinstance(y, np.ndarray):
            _check_class_weight(y, class_weight)
        if isinstance(sample_weight, dict):
            y, sample_weight = _per_output_weights(self, x, y, sample_weight)
        callbacks = [LegacyLogNames(), *(callbacks or [])]
        if batch_size is not None:
            kwargs["batch_size"] = batch_size
        x = _copying_batches(self, x)
        if not isinstance(validation_data, tuple):
            validation_data = _copying_batches(self, validation_data)
        with self._legacy_training():
            return super().fit(
                x,
                y,
                epochs=epochs,
                verbose=verbose,
                callbacks=callbacks,
                validation_split=validation_split,
                validation_data=validation_data,
                shuffle=shuffle,
                class_weight=class_weight,
                sample_weight=sample_weight,
                initial_epoch=initial_epoch,
                steps_per_epoch=steps_per_epoch,
                validation_steps=validation_steps,
                **kwargs,
            )

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, **kwargs):
        """Keras 2 ``evaluate``: a scalar, or a list of scalars when metrics are set.

        Arguments as Keras 3's ``evaluate``; a stateful model takes only its
        fixed batch size.
        """
        batch_size = self._legacy_check_batch("evaluate", x, batch_size)
        if batch_size is not None:
            kwargs["batch_size"] = batch_size
        x = _copying_batches(self, x)
        return super().evaluate(x, y, verbose=verbose, sample_weight=sample_weight, steps=steps, **kwargs)

    def predict(self, x, batch_size=None, verbose=0, steps=None, **kwargs):
        """Keras 2 ``predict``: silent by default (``verbose=0``).

        Arguments as Keras 3's ``predict``; a stateful model takes only its
        fixed batch size, and its state carries over to the next call.
        """
        batch_size = self._legacy_check_batch("predict", x, batch_size)
        if batch_size is not None:
            kwargs["batch_size"] = batch_size
        x = _copying_batches(self, x)
        return super().predict(x, verbose=verbose, steps=steps, **kwargs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, **kwargs):
        """Keras 2 ``train_on_batch``: the batch's loss, or ``[loss, metric, ...]``.

        Args:
            x, y, sample_weight, class_weight: as in Keras 3.
            **kwargs: Keras 3 arguments (``return_dict``).
        """
        self._legacy_check_batch("train_on_batch", x, exact=True)
        with self._legacy_training():
            return _batch_scalars(
                super().train_on_batch(x, y, sample_weight=sample_weight, class_weight=class_weight, **kwargs)
            )

    def test_on_batch(self, x, y=None, sample_weight=None, **kwargs):
        """Keras 2 ``test_on_batch``: the batch's loss, or ``[loss, metric, ...]``."""
        self._legacy_check_batch("test_on_batch", x, exact=True)
        return _batch_scalars(super().test_on_batch(x, y, sample_weight=sample_weight, **kwargs))

    def predict_on_batch(self, x):
        """Keras 2 ``predict_on_batch``: numpy predictions of one batch."""
        self._legacy_check_batch("predict_on_batch", x, exact=True)
        return super().predict_on_batch(x)

    # -- generators -----------------------------------------------------

    @interfaces.legacy_generator_methods_support
    def fit_generator(
        self,
        generator,
        steps_per_epoch=None,
        epochs=1,
        verbose=1,
        callbacks=None,
        validation_data=None,
        validation_steps=None,
        class_weight=None,
        max_queue_size=10,
        workers=1,
        use_multiprocessing=False,
        shuffle=True,
        initial_epoch=0,
    ):
        """Legacy ``fit_generator``: train on batches from a generator or ``Sequence``.

        Args:
            generator: a Python generator yielding ``(x, y)`` or
                ``(x, y, sample_weight)`` forever, or a ``keras.utils.Sequence``.
            steps_per_epoch: batches per epoch; default None (only for a
                ``Sequence``: its length).
            epochs: default 1.
            verbose: 0, 1 or 2; default 1.
            callbacks: list of callbacks; default None.
            validation_data: a generator, a ``Sequence``, or a tuple
                ``(x, y)`` / ``(x, y, sample_weight)``; default None.
            validation_steps: batches of a validation generator per epoch;
                default None (only for a ``Sequence``).
            class_weight: class index -> weight; default None.
            max_queue_size: batches queued ahead (``Sequence``); default 10.
            workers: reader threads or processes (``Sequence``); default 1.
            use_multiprocessing: processes instead of threads; default False.
            shuffle: shuffle the order of a ``Sequence``'s batches each
                epoch; default True.
            initial_epoch: epoch to start from; default 0.

        Returns:
            a ``History`` (keys as `fit` gives them).
        """
        warn_legacy("Model.fit_generator", "Model.fit, which takes generators and keras.utils.PyDataset", stacklevel=4)
        queue_args = (workers, use_multiprocessing, max_queue_size)
        runs = max(epochs - initial_epoch, 1)
        source, steps_per_epoch, checker = _generator_source(
            generator, "fit_generator", steps_per_epoch, "steps_per_epoch", True, runs, queue_args, class_weight
        )
        checkers = [checker]
        if _is_generator(validation_data):
            validation_data, validation_steps, val_checker = _generator_source(
                validation_data, "fit_generator", validation_steps, "validation_steps", True, runs, queue_args
            )
            checkers.append(val_checker)
        elif validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
                raise ValueError(
                    "fit_generator: `validation_data` should be a tuple `(val_x, val_y, val_sample_weight)` "
                    f"or `(val_x, val_y)`, or a generator. Found: {_describe(validation_data)}."
                )
            validation_data = tuple(validation_data)
            validation_steps = None
        # class_weight became sample weights in the checked batches (Keras 3
        # takes no class_weight with a generator).
        with _recorded_errors(checkers):
            return self.fit(
                source,
                steps_per_epoch=steps_per_epoch,
                epochs=epochs,
                verbose=verbose,
                callbacks=callbacks,
                validation_data=validation_data,
                validation_steps=validation_steps,
                shuffle=shuffle and _is_sequence(generator),
                initial_epoch=initial_epoch,
            )

    @interfaces.legacy_generator_methods_support
    def evaluate_generator(self, generator, steps=None, max_queue_size=10, workers=1, use_multiprocessing=False, verbose=0):
        """Legacy ``evaluate_generator``: the loss (and metrics) over `steps` batches.

        Args:
            generator: yields ``(x, y)`` or ``(x, y, sample_weight)``, or a
                ``keras.utils.Sequence``.
            steps: batches to read; default None (only for a ``Sequence``).
            max_queue_size, workers, use_multiprocessing: as in
                `fit_generator`.
            verbose: default 0.

        Returns:
            a scalar, or a list of scalars when metrics are set.
        """
        warn_legacy("Model.evaluate_generator", "Model.evaluate, which takes generators and keras.utils.PyDataset", stacklevel=4)
        source, steps, checker = _generator_source(
            generator, "evaluate_generator", steps, "steps", True, None,
            (workers, use_multiprocessing, max_queue_size),
        )
        with _recorded_errors([checker]):
            return self.evaluate(source, steps=steps, verbose=verbose)

    @interfaces.legacy_generator_methods_support
    def predict_generator(self, generator, steps=None, max_queue_size=10, workers=1, use_multiprocessing=False, verbose=0):
        """Legacy ``predict_generator``: predictions for `steps` batches, concatenated.

        Args:
            generator: yields ``x`` (or ``(x, y)``, whose `y` is ignored), or
                a ``keras.utils.Sequence``.
            steps: batches to read; default None (only for a ``Sequence``).
            max_queue_size, workers, use_multiprocessing: as in
                `fit_generator`.
            verbose: default 0.
        """
        warn_legacy("Model.predict_generator", "Model.predict, which takes generators and keras.utils.PyDataset", stacklevel=4)
        source, steps, checker = _generator_source(
            generator, "predict_generator", steps, "steps", False, None,
            (workers, use_multiprocessing, max_queue_size),
        )
        with _recorded_errors([checker]):
            return self.predict(source, steps=steps, verbose=verbose)
