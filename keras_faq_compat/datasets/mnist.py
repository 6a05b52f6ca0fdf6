"""``keras.datasets.mnist``: the MNIST digits.

Legacy API: ``load_data(path='mnist.npz')`` -> ``(x_train, y_train), (x_test, y_test)``, uint8
arrays of shape ``(60000, 28, 28)`` / ``(10000, 28, 28)``, from ``$KERAS_HOME/datasets/mnist.npz``.
Keras 3 replacement: ``keras.datasets.mnist.load_data()``.
Difference from Keras 2: the file is downloaded from Keras 3's mirror (Keras 2's S3 bucket is gone);
a cached file with Keras 2's or Keras 3's hash is used; with no network a missing file is one
`FileNotFoundError` naming it and the folder to place it in.
"""

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files

__all__ = ["load_data"]

ORIGIN = _files.MIRROR + "mnist.npz"
_HASHES = ("731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "8a61469f7ea1b51cbae51d4f78837e45")


def load_data(path="mnist.npz"):
    """The MNIST training and test images and labels.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'mnist.npz'``.
    """
    f = _files.load_npz(_files.cached_file("keras.datasets.mnist.load_data", path, ORIGIN, _HASHES))
    return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


__getattr__, __dir__ = _lazy.surface(__name__)
