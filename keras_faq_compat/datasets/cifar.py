"""``keras.datasets.cifar``: ``load_batch``, the reader of CIFAR-10/100 batch files.

Legacy API: ``load_batch(fpath, label_key='labels')`` -> ``(data, labels)``, with `data` of shape
``(n, 3, 32, 32)`` (channels first, as the files store it) and `labels` as the file holds them.

Keras 3 replacement: ``keras.datasets.cifar10.load_data()`` / ``cifar100.load_data()``.

Difference from Keras 2: the pickle is read with an unpickler that builds numpy arrays and plain
Python values only (a file that asks for anything else is refused instead of run); keys that are
already ``str`` (a batch file written by Python 3) are accepted as well as Python 2's bytes.
"""

from keras_faq_compat.utils._h5dict import load_numpy_pickle

__all__ = ["load_batch"]


def load_batch(fpath, label_key="labels"):
    """The ``(data, labels)`` of the CIFAR batch file `fpath`.

    Args:
        fpath: path of a ``data_batch_*`` / ``test_batch`` / ``train`` / ``test`` file.
        label_key: the dictionary key of the labels (``'fine_labels'``, ``'coarse_labels'``
            for CIFAR-100); default ``'labels'``.
    """
    with open(fpath, "rb") as f:
        batch = load_numpy_pickle(f, encoding="bytes")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    data = batch["data"]
    labels = batch[label_key]
    return data.reshape(data.shape[0], 3, 32, 32), labels


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
