"""``keras.datasets.cifar10``: the CIFAR-10 images.

Legacy API: ``load_data()`` -> ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape
``(50000, 32, 32, 3)`` / ``(10000, 32, 32, 3)`` (``(n, 3, 32, 32)`` when the image data format
is ``channels_first``), labels of shape ``(n, 1)``; read from Keras 2's cache layout,
``$KERAS_HOME/datasets/cifar-10-batches-py/`` extracted from ``cifar-10-batches-py.tar.gz``.
Keras 3 replacement: ``keras.datasets.cifar10.load_data()`` (which caches under another name,
``cifar-10-batches-py-target``, and so downloads again over a Keras 2 cache).
Difference from Keras 2: with no network a missing archive is one `FileNotFoundError` naming it
and the folder to place it in.
"""

import os

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files
from keras_faq_compat.datasets.cifar import load_batch

__all__ = ["load_data"]

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def channels_as_configured(x):
    """`x` of shape ``(n, 3, 32, 32)`` in the configured image data format, as Keras 2 gave it."""
    from keras_faq_compat import backend

    return x.transpose(0, 2, 3, 1) if backend.image_data_format() == "channels_last" else x


def load_data():
    """The CIFAR-10 training and test images and labels."""
    path = _files.cached_file("keras.datasets.cifar10.load_data", "cifar-10-batches-py", ORIGIN, untar=True)
    batches = [load_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in batches]).astype("uint8")
    y_train = np.concatenate([np.asarray(y) for _, y in batches]).astype("uint8")
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (channels_as_configured(x_train), y_train), (channels_as_configured(x_test), y_test)


__getattr__, __dir__ = _lazy.surface(__name__)
