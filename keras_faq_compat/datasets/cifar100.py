"""``keras.datasets.cifar100``: the CIFAR-100 images.

Legacy API: ``load_data(label_mode='fine')`` -> ``(x_train, y_train), (x_test, y_test)``: uint8
images of shape ``(50000, 32, 32, 3)`` / ``(10000, 32, 32, 3)`` (channels first when so
configured), labels of shape ``(n, 1)``, fine (100 classes) or coarse (20); read from Keras 2's
cache layout, ``$KERAS_HOME/datasets/cifar-100-python/`` extracted from ``cifar-100-python.tar.gz``.
Keras 3 replacement: ``keras.datasets.cifar100.load_data(label_mode=...)``.
Difference from Keras 2: with no network a missing archive is one `FileNotFoundError` naming it
and the folder to place it in.
"""

import os

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files
from keras_faq_compat.datasets.cifar import load_batch
from keras_faq_compat.datasets.cifar10 import channels_as_configured

__all__ = ["load_data"]

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"


def load_data(label_mode="fine"):
    """The CIFAR-100 training and test images and labels.

    Args:
        label_mode: ``'fine'`` (100 classes) or ``'coarse'`` (20 superclasses); default ``'fine'``.
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(f"cifar100.load_data: `label_mode` must be one of 'fine', 'coarse'; got {label_mode!r}.")
    path = _files.cached_file("keras.datasets.cifar100.load_data", "cifar-100-python", ORIGIN, untar=True)
    x_train, y_train = load_batch(os.path.join(path, "train"), label_key=label_mode + "_labels")
    x_test, y_test = load_batch(os.path.join(path, "test"), label_key=label_mode + "_labels")
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (channels_as_configured(x_train), y_train), (channels_as_configured(x_test), y_test)


__getattr__, __dir__ = _lazy.surface(__name__)
