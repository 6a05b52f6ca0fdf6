"""HDF5 inputs (``HDF5Matrix``, ``h5py.Dataset``) streamed in batches.

Legacy API: ``model.fit(HDF5Matrix(...))``, ``model.predict(h5py_dataset)``,
``shuffle='batch'``.

Keras 3 replacement: a ``keras.utils.PyDataset`` or ``tf.data`` pipeline that
reads the file batch by batch.
"""

__all__ = ["StreamingMixin"]


class StreamingMixin:
    """Stream HDF5 inputs; cooperates with the next class through ``super()``."""
