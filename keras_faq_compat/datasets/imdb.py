"""``keras.datasets.imdb``: the IMDB movie reviews as word-index sequences.

Legacy API: ``load_data(path='imdb.npz', num_words=None, skip_top=0, maxlen=None, seed=113,
start_char=1, oov_char=2, index_from=3)`` (``nb_words=`` too) -> ``(x_train, y_train), (x_test,
y_test)``; ``get_word_index(path='imdb_word_index.json')``.
Keras 3 replacement: ``keras.datasets.imdb.load_data()`` / ``get_word_index()``.

Keras 2's results, where Keras 3 differs: with `maxlen`, the training and test reviews are
filtered together and then split at the original number of training reviews (Keras 3 filters
each set on its own), so some test reviews end up in the training set, as in Keras 2; sequences of
one length give a 2-D array.

Differences from Keras 2: the shuffle leaves NumPy's global generator alone (Keras 2.2.4 seeded
it; 2.3.1 did not); with no network a missing file is one `FileNotFoundError` naming it and the
folder to place it in.
"""

import json

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files, _sequences

__all__ = ["load_data", "get_word_index"]

ORIGIN = _files.MIRROR + "imdb.npz"
WORD_INDEX_ORIGIN = _files.MIRROR + "imdb_word_index.json"
_HASHES = ("69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", "599dadb1135973df5b59232a0e9a887c")
_API = "keras.datasets.imdb.load_data"


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3, **kwargs):
    """The IMDB reviews (word-index sequences) and their sentiment labels.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'imdb.npz'``.
        num_words: keep the `num_words` most frequent words; default None (all).
        skip_top: drop the `skip_top` most frequent words; default 0.
        maxlen: drop reviews of `maxlen` words or more; default None.
        seed: the seed of the shuffle; default 113.
        start_char: the index marking a review's start; default 1 (None: no mark).
        oov_char: the index replacing dropped words; default 2 (None: remove them).
        index_from: the offset added to word indices; default 3.
        **kwargs: ``nb_words``, Keras 1's name of `num_words`.
    """
    num_words = _sequences.legacy_num_words(_API, num_words, kwargs)
    f = _files.load_npz(_files.cached_file(_API, path, ORIGIN, _HASHES))
    rng = np.random.RandomState(seed)
    x_train, labels_train = _sequences.shuffled(rng, f["x_train"], f["y_train"])
    x_test, labels_test = _sequences.shuffled(rng, f["x_test"], f["y_test"])
    xs = list(x_train) + list(x_test)
    labels = np.concatenate([labels_train, labels_test])
    xs, labels = _sequences.encode(_API, xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from)
    # Keras 2 split at the number of training reviews read, after the length filter.
    split = len(x_train)
    return ((_sequences.as_array(xs[:split]), np.array(labels[:split])),
            (_sequences.as_array(xs[split:]), np.array(labels[split:])))


def get_word_index(path="imdb_word_index.json"):
    """The word -> index dictionary of the IMDB reviews.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'imdb_word_index.json'``.
    """
    path = _files.cached_file("keras.datasets.imdb.get_word_index", path, WORD_INDEX_ORIGIN,
                              ("bfafd718b763782e994055a2d397834f",))
    with open(path) as f:
        return json.load(f)


__getattr__, __dir__ = _lazy.surface(__name__)
