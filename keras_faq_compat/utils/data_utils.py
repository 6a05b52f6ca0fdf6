"""``keras.utils.data_utils``: ``Sequence``, ``get_file``, enqueuers.

Legacy API: ``keras.utils.Sequence`` (``__len__``, ``__getitem__``,
``on_epoch_end``), ``get_file(fname, origin, ..., cache_subdir='datasets')``.
Keras 3 replacement: ``keras.utils.PyDataset``, ``keras.utils.get_file``.
"""

from keras_faq_compat._real import keras as _keras

__all__ = ["Sequence", "get_file"]

Sequence = _keras.utils.Sequence
get_file = _keras.utils.get_file
