"""``keras.utils.io_utils``: ``HDF5Matrix``.

Legacy API: ``HDF5Matrix(datapath, dataset, start=0, end=None, normalizer=None)``.
Keras 3 replacement: none in Keras; read the file with h5py inside a
``keras.utils.PyDataset``.
"""

from keras_faq_compat import _lazy

__all__ = ["HDF5Matrix"]

HDF5Matrix = _lazy.not_implemented("keras.utils.io_utils.HDF5Matrix", "the HDF5 input issue")
