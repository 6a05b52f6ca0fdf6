"""``keras.datasets.boston_housing``: the Boston house prices.

Legacy API: ``load_data(path='boston_housing.npz', test_split=0.2, seed=113)`` ->
``(x_train, y_train), (x_test, y_test)``: the 506 rows shuffled with `seed`, the last `test_split`
of them the test set.
Keras 3 replacement: ``keras.datasets.boston_housing.load_data()``.
Differences from Keras 2: the shuffle leaves NumPy's global generator alone (Keras 2.2.4 seeded it
with `seed`; 2.3.1 did not); with no network a missing file is one `FileNotFoundError` naming it and
the folder to place it in.
"""

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files

__all__ = ["load_data"]

ORIGIN = _files.MIRROR + "boston_housing.npz"
_HASHES = ("f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",)


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """The Boston housing features and prices, split into training and test sets.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'boston_housing.npz'``.
        test_split: the fraction of rows in the test set; default 0.2.
        seed: the seed of the shuffle; default 113.
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"boston_housing.load_data: `test_split` must be in [0, 1); got {test_split!r}.")
    f = _files.load_npz(_files.cached_file("keras.datasets.boston_housing.load_data", path, ORIGIN, _HASHES))
    x, y = f["x"], f["y"]
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])


__getattr__, __dir__ = _lazy.surface(__name__)
