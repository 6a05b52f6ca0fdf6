"""``keras.engine.training_generator``: Keras 2's generator loops as functions of the model.

Legacy API: ``fit_generator(model, generator, ...)``, ``evaluate_generator(model, generator, ...)``,
``predict_generator(model, generator, ...)``, with the arguments of Keras 2.2.4 and 2.3.1
(``validation_freq``; ``callbacks`` of the evaluate and predict loops).

Keras 3 replacement: ``model.fit`` / ``evaluate`` / ``predict`` with a generator or a
``keras.utils.PyDataset``.

A plain Python generator is read as Keras 2 read it (`enqueued_batches`): with ``workers=0`` by
Keras 3 itself; otherwise ahead of the model into a queue of ``max_queue_size`` batches, by
``workers`` threads taking turns on the generator (Keras 2.2's lock, so that a generator need not be
thread-safe, and the batches keep their order) or, with ``use_multiprocessing=True``, by ``workers`` processes each running its own
copy of the generator (so each batch comes once per process, as Keras 2 warned).

Differences that remain: they run the model's Keras 2 ``fit_generator`` / ``evaluate_generator``
/ ``predict_generator`` (see `keras_faq_compat.engine.training_legacy` for what still differs from
Keras 2 there); ``validation_freq`` other than 1 and ``callbacks`` of the evaluate and predict
loops are not taken with a generator (a clear error names ``model.fit`` / ``evaluate`` /
``predict``, which take them).
"""

import queue
import threading
import warnings

from keras_faq_compat.deprecation import LegacyAPIWarning, warn_legacy

__all__ = ["fit_generator", "evaluate_generator", "predict_generator", "enqueued_batches"]

_END = object()
_POLL = 0.1


def enqueued_batches(generator, workers=1, use_multiprocessing=False, max_queue_size=10):
    """The items of Python generator `generator`, read by workers as Keras 2's generator loops read them.

    Args:
        generator: an iterator (a plain generator need not be thread-safe).
        workers: 0 to leave the reading to Keras 3 (in the calling thread and TensorFlow's); else
            the number of reader threads or processes; default 1.
        use_multiprocessing: processes, each with its own copy of `generator`; default False.
        max_queue_size: the most items read ahead; default 10.
    """
    if workers <= 0:
        yield from generator
        return
    if use_multiprocessing:
        yield from _process_batches(generator, workers, max_queue_size)
        return
    items = queue.Queue(max(max_queue_size, 1))
    stop = threading.Event()
    lock = threading.Lock()

    def put(item):
        while not stop.is_set():
            try:
                items.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def read():
        # As in Keras 2.2, a worker holds the lock from `next` to the queue: batches keep their order.
        while not stop.is_set():
            with lock:
                try:
                    item = next(generator)
                except StopIteration:
                    put(_END)
                    return
                except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
                    put((_END, error))
                    return
                if not put(item):
                    return

    threads = [threading.Thread(target=read, daemon=True, name=f"keras_generator_worker_{i}") for i in range(workers)]
    for thread in threads:
        thread.start()
    try:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, tuple) and len(item) == 2 and item[0] is _END:
                raise item[1]
            yield item
    finally:
        stop.set()


def _process_batches(generator, workers, max_queue_size):
    from keras_faq_compat.utils.data_utils import GeneratorEnqueuer

    with warnings.catch_warnings():
        # The enqueuer is the mechanism here, not the user's choice: its own LegacyAPIWarning is noise.
        warnings.simplefilter("ignore", LegacyAPIWarning)
        enqueuer = GeneratorEnqueuer(generator, use_multiprocessing=True)
    enqueuer.start(workers=workers, max_queue_size=max_queue_size)
    try:
        yield from enqueuer.get()
    finally:
        enqueuer.stop()


def _method(model, name):
    method = getattr(model, name, None)
    if method is None:
        raise TypeError(
            f"keras.engine.training_generator.{name} needs a model built with keras_faq_compat "
            f"(which has Model.{name}); got {type(model).__name__}. Use model.fit / evaluate / "
            "predict with the generator instead."
        )
    return method


def _unsupported(api, argument, replacement):
    raise ValueError(
        f"keras.engine.training_generator.{api}: `{argument}` is not supported with a generator "
        f"here; use {replacement}, which takes it."
    )


def fit_generator(
    model,
    generator,
    steps_per_epoch=None,
    epochs=1,
    verbose=1,
    callbacks=None,
    validation_data=None,
    validation_steps=None,
    *,
    validation_freq=1,
    class_weight=None,
    max_queue_size=10,
    workers=1,
    use_multiprocessing=False,
    shuffle=True,
    initial_epoch=0,
):
    """Train `model` on batches from `generator`; returns its ``History``.

    Args:
        model: a compiled keras_faq_compat model.
        generator: a Python generator of ``(x, y)`` / ``(x, y, sample_weight)``, or a
            ``keras.utils.Sequence``.
        steps_per_epoch: batches per epoch; default None (a ``Sequence``'s length).
        epochs: default 1.
        verbose: 0, 1 or 2; default 1.
        callbacks: a list of callbacks; default None.
        validation_data: a generator, a ``Sequence`` or an ``(x, y[, sample_weight])`` tuple;
            default None.
        validation_steps: validation batches; default None.
        validation_freq: only 1 is taken here; default 1.
        class_weight: class index -> weight; default None.
        max_queue_size: default 10.
        workers: default 1.
        use_multiprocessing: default False.
        shuffle: shuffle a ``Sequence``'s batches each epoch; default True.
        initial_epoch: default 0.
    """
    warn_legacy("keras.engine.training_generator.fit_generator", "model.fit(generator, ...)")
    if validation_freq != 1:
        _unsupported("fit_generator", "validation_freq", "model.fit(generator, validation_freq=...)")
    return _method(model, "fit_generator")(
        generator,
        steps_per_epoch=steps_per_epoch,
        epochs=epochs,
        verbose=verbose,
        callbacks=callbacks,
        validation_data=validation_data,
        validation_steps=validation_steps,
        class_weight=class_weight,
        max_queue_size=max_queue_size,
        workers=workers,
        use_multiprocessing=use_multiprocessing,
        shuffle=shuffle,
        initial_epoch=initial_epoch,
    )


def _run_without_callbacks(model, name, modern, generator, steps, callbacks, max_queue_size, workers,
                           use_multiprocessing, verbose):
    # Keras 2's evaluate/predict loops took no callbacks; the model's own method does the work.
    warn_legacy(f"keras.engine.training_generator.{name}", f"model.{modern}(generator, ...)", stacklevel=4)
    if callbacks:
        _unsupported(name, "callbacks", f"model.{modern}(generator, callbacks=...)")
    return _method(model, name)(
        generator,
        steps=steps,
        max_queue_size=max_queue_size,
        workers=workers,
        use_multiprocessing=use_multiprocessing,
        verbose=verbose,
    )


def evaluate_generator(
    model, generator, steps=None, *, callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, verbose=0
):
    """Evaluate `model` on batches from `generator`: the loss, or a list of loss and metrics.

    Args:
        model: a compiled keras_faq_compat model.
        generator: a generator of ``(x, y[, sample_weight])``, or a ``keras.utils.Sequence``.
        steps: batches to read; default None (a ``Sequence``'s length).
        callbacks: only None is taken here; default None.
        max_queue_size: default 10.
        workers: default 1.
        use_multiprocessing: default False.
        verbose: default 0.
    """
    return _run_without_callbacks(model, "evaluate_generator", "evaluate", generator, steps, callbacks,
                                  max_queue_size, workers, use_multiprocessing, verbose)


def predict_generator(
    model, generator, steps=None, *, callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, verbose=0
):
    """Predict with `model` on batches from `generator`: an array, or a list per output.

    Args:
        model: a keras_faq_compat model.
        generator: a generator of ``x`` (or ``(x, y)``), or a ``keras.utils.Sequence``.
        steps: batches to read; default None (a ``Sequence``'s length).
        callbacks: only None is taken here; default None.
        max_queue_size: default 10.
        workers: default 1.
        use_multiprocessing: default False.
        verbose: default 0.
    """
    return _run_without_callbacks(model, "predict_generator", "predict", generator, steps, callbacks,
                                  max_queue_size, workers, use_multiprocessing, verbose)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
