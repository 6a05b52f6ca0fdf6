"""HDF5 inputs (``HDF5Matrix``, ``h5py.Dataset``) streamed in batches.

Legacy API: ``model.fit(HDF5Matrix(...), ..., shuffle='batch')``,
``model.predict(h5py_dataset)``, ``evaluate`` / ``train_on_batch`` /
``test_on_batch`` / ``predict_on_batch`` with HDF5 data.

Keras 3 replacement: a ``keras.utils.PyDataset`` (or ``tf.data`` pipeline)
that reads the file batch by batch.

Behaviour differences:

* Keras 3 reads an ``h5py.Dataset`` whole into memory and has no
  ``HDF5Matrix``; here both are read one batch at a time, a batch or two
  ahead of the model, so memory does not grow with the file.
* ``shuffle='batch'`` has Keras 2's meaning (the order of whole batches is
  shuffled, rows inside a batch keep their order, a partial last batch stays
  last) for HDF5 data and numpy arrays alike; Keras 3 instead shuffles rows
  inside each batch and keeps the batch order.
* ``shuffle=True`` (the default) on NumPy arrays of numbers draws each
  epoch's order as Keras 2 did (``np.random.shuffle`` of one index array), so
  ``np.random.seed`` fixes the batches, and they are Keras 2's.
* ``shuffle=True`` on HDF5 data works, reading each batch's
  rows by index (slow on HDF5), and warns with Keras 2's advice to pass
  ``shuffle='batch'`` (Keras 2 raised a ``TypeError`` with that advice).
* ``validation_split`` on HDF5 data takes the last rows as views of the
  file (Keras 2 read them into memory).
* Data is cast to the model's input dtype (``floatx`` when the model does
  not declare one), as Keras 2's placeholders did.
* Under a multi-worker strategy (``TF_CONFIG``), each worker keeps its part
  of every global batch (TensorFlow's data sharding), and the workers shuffle
  alike with a seed the chief draws; every worker reads the whole file.
* A file truncated while in use raises `HDF5ReadError` naming the file and
  rows (HDF5 itself would return zeros); a file deleted while in use is
  read to the end through the open handle, as POSIX allows.
"""

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.data.sources import BatchSource
from keras_faq_compat.data.sources import HDF5ReadError
from keras_faq_compat.data.sources import _BufferPool
from keras_faq_compat.data.sources import contains_hdf5
from keras_faq_compat.data.sources import flatten
from keras_faq_compat.data.sources import pack_as
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.distribute import multi_worker

__all__ = ["StreamingMixin"]


def _is_array_input(x):
    # Datasets, generators and PyDatasets carry their own batching.
    if x is None:
        return False
    return all(hasattr(leaf, "__len__") and hasattr(leaf, "__getitem__") for leaf in flatten(x)) and not (
        isinstance(x, _keras.utils.PyDataset)
    )


def _numeric_arrays(*structs):
    """True when every leaf is a NumPy array of numbers: data ``fit`` shuffles in Keras 2's order.

    Keras 2 drew each epoch's order with ``np.random.shuffle`` (so ``np.random.seed`` fixed it);
    Keras 3 shuffles with TensorFlow's generator. Such arrays go through a `BatchSource`, which
    draws Keras 2's orders; other data (strings, sparse matrices, tensors) stays Keras 3's.
    """
    leaves = [leaf for leaf in flatten(structs) if leaf is not None]
    return bool(leaves) and all(type(leaf) is np.ndarray and leaf.dtype.kind in "fiub" for leaf in leaves)


def _warn_streaming():
    warn_legacy(
        "passing HDF5 data (HDF5Matrix / h5py.Dataset) to fit / evaluate / predict",
        "a keras.utils.PyDataset that reads the file batch by batch",
        "keras_faq_compat streams it batch by batch; plain Keras 3 would read it all into memory.",
        stacklevel=4,
    )


class _ReraiseReadError:
    """Releases the sources' buffers at the end; turns a backend error raised
    around a failed batch read into that read's own error."""

    def __init__(self, *sources):
        self.sources = [s for s in sources if s is not None]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        for source in self.sources:
            source.release()
        if exc is None or isinstance(exc, HDF5ReadError):
            return False
        for source in self.sources:
            if source.error is not None:
                error, source.error = source.error, None
                raise error from exc
        return False


class _ChunkCallbacks(_keras.callbacks.CallbackList):
    """Forwards one chunk's batch callbacks to the whole run's list, renumbered."""

    def __init__(self, outer, first_batch):
        super().__init__()
        self._outer = outer
        self._first_batch = first_batch

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        self._outer.on_predict_batch_begin(batch + self._first_batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._outer.on_predict_batch_end(batch + self._first_batch, logs)


# Long HDF5 predictions: results up to _PREDICT_WHOLE_BYTES come from one
# Keras ``predict`` call; larger ones in chunks of about _PREDICT_CHUNK_BYTES
# of output (or _PREDICT_CHUNK_ROWS rows when the output size is unknown).
_PREDICT_WHOLE_BYTES = 16 * 2**20
_PREDICT_CHUNK_BYTES = 4 * 2**20
_PREDICT_CHUNK_ROWS = 131072


class StreamingMixin:
    """Stream HDF5 inputs; cooperates with the next class through ``super()``.

    Arguments that are not HDF5 data (and ``shuffle`` other than ``'batch'``)
    go to the next class unchanged.
    """

    def _input_dtypes(self):
        try:
            inputs = self.inputs
        except (AttributeError, ValueError):
            return None
        if not inputs:
            return None
        return [getattr(t, "dtype", None) for t in inputs]

    def _output_row_bytes(self):
        # Bytes of output per sample, when the model's outputs are known.
        try:
            outputs = flatten(self.outputs)
            return sum(
                int(np.prod(o.shape[1:])) * np.dtype(_keras.backend.standardize_dtype(o.dtype)).itemsize
                for o in outputs
            )
        except Exception:  # not built yet, or symbolic dims
            return None

    def _fixed_batch_size(self):
        # A model declaring its batch size (stateful RNNs) gets Keras 3's batches of that static
        # size; the batch reader's have an unknown one.
        try:
            inputs = flatten(self.inputs)
        except (AttributeError, ValueError):
            return False
        return any(len(t.shape) and t.shape[0] is not None for t in inputs)

    def _batch_source(
        self, x, y=None, sample_weight=None, batch_size=None, shuffle=False, lo=0, hi=None, buffers=None,
        rng=None,
    ):
        dtypes = self._input_dtypes()
        if dtypes is not None and len(dtypes) != len(flatten(x)):
            dtypes = None
        return BatchSource(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            shuffle=shuffle,
            lo=lo,
            hi=hi,
            x_dtypes=dtypes,
            floatx=_keras.config.floatx(),
            buffers=buffers,
            rng=rng,
        )

    def _as_dataset(self, source, repeat=False):
        # TensorFlow gets a tf.data pipeline (see BatchSource.as_tf_dataset
        # for the measured reason); other backends the neutral PyDataset.
        # Under a multi-worker strategy each worker takes its part of every
        # batch (Keras gathers predict's parts back on every worker).
        if _keras.backend.backend() == "tensorflow":
            across_workers = multi_worker.strategy_of(self) is not None
            return source.as_tf_dataset(repeat=repeat, across_workers=across_workers)
        return source.as_pydataset()

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        **kwargs,
    ):
        """Keras 3 ``fit``, streaming HDF5 data and giving ``shuffle='batch'`` its Keras 2 meaning.

        Args:
            x, y, sample_weight: as Keras 3 ``fit``; each may also be (or
                contain) an `HDF5Matrix` or ``h5py.Dataset``.
            batch_size: rows per batch; default None (32).
            epochs, verbose, callbacks, class_weight: as Keras 3 ``fit``.
            validation_split: fraction of the rows, taken from the end
                before any shuffling, used for validation; default 0.
            validation_data: ``(x_val, y_val)`` or ``(x_val, y_val,
                sample_weight_val)``, HDF5 data allowed; default None.
            shuffle: True (default), False, or ``'batch'`` (Keras 2: shuffle
                the order of whole batches; the fast choice for HDF5 data).
            **kwargs: passed to Keras 3 ``fit``.
        """
        stream_train = _is_array_input(x) and (
            contains_hdf5(x, y, sample_weight)
            or shuffle == "batch"
            or (
                shuffle is True
                and kwargs.get("steps_per_epoch") is None
                and not self._fixed_batch_size()
                and _numeric_arrays(x, y, sample_weight)
            )
        )
        val = validation_data
        stream_val = (
            isinstance(val, (tuple, list)) and len(val) in (2, 3) and _is_array_input(val[0])
            and contains_hdf5(*val)
        )
        if not (stream_train or stream_val):
            return super().fit(
                x, y, batch_size=batch_size, epochs=epochs, verbose=verbose, callbacks=callbacks,
                validation_split=validation_split, validation_data=validation_data, shuffle=shuffle,
                class_weight=class_weight, sample_weight=sample_weight, **kwargs,
            )
        if contains_hdf5(x, y, sample_weight) or stream_val:
            _warn_streaming()
        if shuffle == "batch":
            warn_legacy(
                "fit(shuffle='batch')",
                "a PyDataset or tf.data pipeline that shuffles the order of its batches",
                "keras_faq_compat keeps Keras 2's meaning (batch order shuffled, rows inside a "
                "batch in order); plain Keras 3 shuffles rows inside each batch instead.",
                stacklevel=3,
            )
        val_batch_size = kwargs.pop("validation_batch_size", None) or batch_size
        train_source = val_source = None
        if stream_train:
            hi = None
            if validation_data is None and validation_split and 0.0 < validation_split < 1.0:
                n = len(flatten(x)[0])
                hi = int(n * (1.0 - validation_split))
                val_source = self._batch_source(x, y, sample_weight, val_batch_size, False, lo=hi)
                validation_data = self._as_dataset(val_source)
            strategy = multi_worker.strategy_of(self)
            # Each worker keeps its part of every global batch: all must
            # draw the same shuffled order.
            rng = multi_worker.shared_rng(strategy) if strategy is not None and shuffle else None
            train_source = self._batch_source(x, y, sample_weight, batch_size, shuffle, hi=hi, rng=rng)
            repeat = kwargs.get("steps_per_epoch") is not None
            x, y, sample_weight = self._as_dataset(train_source, repeat), None, None
            batch_size, shuffle, validation_split = None, False, 0.0
        if stream_val:
            val_source = self._batch_source(*val, batch_size=val_batch_size)
            validation_data = self._as_dataset(val_source)
        with _ReraiseReadError(train_source, val_source):
            return super().fit(
                x, y, batch_size=batch_size, epochs=epochs, verbose=verbose, callbacks=callbacks,
                validation_split=validation_split, validation_data=validation_data, shuffle=shuffle,
                class_weight=class_weight, sample_weight=sample_weight, **kwargs,
            )

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, **kwargs):
        """Keras 3 ``evaluate``, streaming HDF5 data batch by batch.

        Args:
            x, y, sample_weight: as Keras 3 ``evaluate``; HDF5 data allowed.
            batch_size: rows per batch; default None (32).
            verbose: as Keras 3 ``evaluate``.
            **kwargs: passed to Keras 3 ``evaluate``.
        """
        if not (_is_array_input(x) and contains_hdf5(x, y, sample_weight)):
            return super().evaluate(
                x, y, batch_size=batch_size, verbose=verbose, sample_weight=sample_weight, **kwargs
            )
        _warn_streaming()
        source = self._batch_source(x, y, sample_weight, batch_size)
        with _ReraiseReadError(source):
            return super().evaluate(self._as_dataset(source), verbose=verbose, **kwargs)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kwargs):
        """Keras 3 ``predict``, streaming HDF5 data batch by batch.

        When the result is large, the input is predicted in chunks (of about
        `_PREDICT_CHUNK_BYTES` of output) written into one preallocated
        result: Keras 3 keeps every batch's output and then concatenates
        them, which would hold the whole result two or three times.
        Callbacks and the progress bar see one ``predict`` run.

        Args:
            x: as Keras 3 ``predict``; HDF5 data allowed.
            batch_size: rows per batch; default None (32).
            verbose: as Keras 3 ``predict``.
            steps: number of batches to predict; default None (all).
            callbacks: as Keras 3 ``predict``.
            **kwargs: passed to Keras 3 ``predict``.
        """
        if not (_is_array_input(x) and contains_hdf5(x)):
            return super().predict(
                x, batch_size=batch_size, verbose=verbose, steps=steps, callbacks=callbacks, **kwargs
            )
        _warn_streaming()
        batch_size = batch_size or 32
        n = len(flatten(x)[0])
        if steps is not None:
            n = min(n, steps * batch_size)
        out_row_bytes = self._output_row_bytes()
        if out_row_bytes:
            small = n * out_row_bytes <= _PREDICT_WHOLE_BYTES
            chunk_rows = max(1, _PREDICT_CHUNK_BYTES // out_row_bytes)
        else:
            small, chunk_rows = False, _PREDICT_CHUNK_ROWS
        per_chunk = batch_size * max(1, -(-chunk_rows // batch_size))
        if small or n <= per_chunk or kwargs or isinstance(callbacks, _keras.callbacks.CallbackList):
            source = self._batch_source(x, batch_size=batch_size, hi=n)
            with _ReraiseReadError(source):
                return super().predict(
                    self._as_dataset(source), verbose=verbose, callbacks=callbacks, **kwargs
                )
        outer = _keras.callbacks.CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=-(-n // batch_size), model=self,
        )
        outer.on_predict_begin()
        result = structure = None
        done = 0
        buffers = _BufferPool()
        try:
            for lo in range(0, n, per_chunk):
                source = self._batch_source(
                    x, batch_size=batch_size, lo=lo, hi=min(n, lo + per_chunk), buffers=buffers
                )
                with _ReraiseReadError(source):
                    part = super().predict(
                        self._as_dataset(source), verbose=verbose,
                        callbacks=_ChunkCallbacks(outer, lo // batch_size),
                    )
                leaves = [np.asarray(leaf) for leaf in flatten(part)]
                if result is None:
                    structure = part
                    result = [np.empty((n,) + leaf.shape[1:], leaf.dtype) for leaf in leaves]
                for out, leaf in zip(result, leaves):
                    out[lo : lo + len(leaf)] = leaf
                done = lo + len(leaves[0])
                if getattr(self, "stop_predicting", False):
                    break
        finally:
            buffers.clear()
        outer.on_predict_end()
        return pack_as(structure, [out[:done] for out in result])

    def _read_one_batch(self, x, y=None, sample_weight=None):
        _warn_streaming()
        source = self._batch_source(x, y, sample_weight, batch_size=max(1, len(flatten(x)[0])))
        batch = source.read_all()
        return batch + (None,) * (3 - len(batch))

    def train_on_batch(self, x, y=None, sample_weight=None, **kwargs):
        """Keras 3 ``train_on_batch``; HDF5 data is read (and cast) first.

        Args:
            x, y, sample_weight: as Keras 3 ``train_on_batch``; HDF5 data
                allowed.
            **kwargs: passed to Keras 3 ``train_on_batch``.
        """
        if contains_hdf5(x, y, sample_weight):
            x, y, sample_weight = self._read_one_batch(x, y, sample_weight)
        return super().train_on_batch(x, y, sample_weight=sample_weight, **kwargs)

    def test_on_batch(self, x, y=None, sample_weight=None, **kwargs):
        """Keras 3 ``test_on_batch``; HDF5 data is read (and cast) first.

        Args:
            x, y, sample_weight: as Keras 3 ``test_on_batch``; HDF5 data
                allowed.
            **kwargs: passed to Keras 3 ``test_on_batch``.
        """
        if contains_hdf5(x, y, sample_weight):
            x, y, sample_weight = self._read_one_batch(x, y, sample_weight)
        return super().test_on_batch(x, y, sample_weight=sample_weight, **kwargs)

    def predict_on_batch(self, x, **kwargs):
        """Keras 3 ``predict_on_batch``; HDF5 data is read (and cast) first.

        Args:
            x: as Keras 3 ``predict_on_batch``; HDF5 data allowed.
            **kwargs: passed to Keras 3 ``predict_on_batch``.
        """
        if contains_hdf5(x):
            x = self._read_one_batch(x)[0]
        return super().predict_on_batch(x, **kwargs)
