"""The shapes of a distributed input, for building a model before its first step.

Legacy API: none; this serves ``multi_gpu_model`` and the multi-worker
``fit`` / ``fit_generator`` (`mirrored`, `multi_worker`).

Keras 3's TensorFlow trainer, under a distribution strategy, builds the model
from one batch that it reads from a first iterator over the input and then
throws away; training reads from a second iterator. For arrays, datasets and
``Sequence`` objects the second iterator starts again at the first batch. A
Python generator cannot start again: both iterators read the same generator,
and the first one reads ahead on tf.data's own thread, so a timing-dependent
number of batches is lost. Keras 2 lost none. Under a multi-worker strategy
the workers then disagree about which batch comes next, and each keeps its
part of a different global batch: some samples are used twice in an epoch,
others never.

`batch_for_build` gives the trainer the input's shapes and dtypes from the
distributed dataset's element spec instead, so no batch is read. Where the
spec cannot say (an exotic element), it reads one batch, as Keras does, and
keeps the first local replica's part: Keras would average the parts over the
replicas, which fails when they differ in size and under a multi-worker
strategy.
"""

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf

__all__ = ["symbolic_batch", "batch_for_build"]


def _placeholder(spec):
    if isinstance(spec, tf.OptionalSpec):
        # Keras's generator adapter turns a None (no sample weights) into an
        # empty optional; the model is built without it.
        return None
    if not isinstance(spec, tf.TypeSpec):
        raise TypeError(spec)
    if not isinstance(spec, (tf.TensorSpec, tf.RaggedTensorSpec, tf.SparseTensorSpec)):
        # A per-replica spec (several local devices): the first replica's
        # part has the same structure and dtypes.
        parts = tf.nest.flatten(spec, expand_composites=True)
        if not parts or not isinstance(parts[0], tf.TensorSpec):
            raise TypeError(spec)
        spec = parts[0]
    if spec.shape.rank is None:
        raise TypeError(spec)
    return _keras.KerasTensor(tuple(spec.shape.as_list()), dtype=spec.dtype.name)


def symbolic_batch(iterator):
    """Symbolic tensors shaped like one batch of `iterator`'s input, or None.

    Args:
        iterator: the ``TFEpochIterator`` Keras 3's ``fit`` / ``evaluate``
            pass to their symbolic build; its distributed dataset is read
            by `_internals.epoch_iterator_dataset`.

    Returns:
        The batch's structure with a ``keras.KerasTensor`` per tensor, or
        None when the element spec is missing or holds something other than
        dense, ragged or sparse tensors (the caller then reads a batch, as
        Keras does).
    """
    dataset = _internals.epoch_iterator_dataset(iterator)
    spec = getattr(dataset, "element_spec", None)
    if spec is None:
        return None
    try:
        return tf.nest.map_structure(_placeholder, spec)
    except TypeError:
        return None


def batch_for_build(iterator, strategy):
    """What to pass as ``data_batch`` to Keras's ``_maybe_symbolic_build``.

    Args:
        iterator: the ``TFEpochIterator`` Keras passes (see `symbolic_batch`).
        strategy: the strategy the model runs under.

    Returns:
        `symbolic_batch`'s placeholders, or else the first local replica's
        part of one batch read from `iterator`.
    """
    placeholders = symbolic_batch(iterator)
    if placeholders is not None:
        return placeholders
    for _, _, batches in iterator:
        return _keras.tree.map_structure(
            lambda v: strategy.experimental_local_results(v)[0] if isinstance(v, tf.distribute.DistributedValues) else v,
            next(batches),
        )
    return None
