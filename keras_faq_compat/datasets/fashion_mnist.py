"""``keras.datasets.fashion_mnist``: the Fashion-MNIST clothing images.

Legacy API: ``load_data()`` -> ``(x_train, y_train), (x_test, y_test)``, uint8 arrays of shape
``(60000, 28, 28)`` / ``(10000, 28, 28)``, from the four ``.gz`` files in
``$KERAS_HOME/datasets/fashion-mnist``.
Keras 3 replacement: ``keras.datasets.fashion_mnist.load_data()``.
Difference from Keras 2: the files are downloaded from Keras 3's mirror; with no network a missing
file is one `FileNotFoundError` naming it and the folder to place it in.
"""

import gzip
import os

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files

__all__ = ["load_data"]

ORIGIN = _files.MIRROR + "fashion-mnist/"
_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz")


def load_data():
    """The Fashion-MNIST training and test images and labels."""
    subdir = os.path.join("datasets", "fashion-mnist")
    paths = [_files.cached_file("keras.datasets.fashion_mnist.load_data", name, ORIGIN + name, cache_subdir=subdir)
             for name in _FILES]
    arrays = []
    for path, offset in zip(paths, (8, 16, 8, 16)):
        with gzip.open(path, "rb") as f:
            arrays.append(np.frombuffer(f.read(), np.uint8, offset=offset))
    y_train, x_train, y_test, x_test = arrays
    return (x_train.reshape(len(y_train), 28, 28), y_train), (x_test.reshape(len(y_test), 28, 28), y_test)


__getattr__, __dir__ = _lazy.surface(__name__)
