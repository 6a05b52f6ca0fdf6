"""``keras.datasets.reuters``: the Reuters newswires as word-index sequences, 46 topics.

Legacy API: ``load_data(path='reuters.npz', num_words=None, skip_top=0, maxlen=None,
test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3)`` (``nb_words=`` too) ->
``(x_train, y_train), (x_test, y_test)``; ``get_word_index(path='reuters_word_index.json')``.
Keras 3 replacement: ``keras.datasets.reuters.load_data()`` / ``get_word_index()``.
Differences from Keras 2: the shuffle leaves NumPy's global generator alone (Keras 2.2.4 seeded
it; 2.3.1 did not); with no network a missing file is one `FileNotFoundError` naming it and the
folder to place it in.
"""

import json

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.datasets import _files, _sequences

__all__ = ["load_data", "get_word_index"]

ORIGIN = _files.MIRROR + "reuters.npz"
WORD_INDEX_ORIGIN = _files.MIRROR + "reuters_word_index.json"
_HASHES = ("d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916", "87aedbeb0cb229e378797a632c1997b6")
_API = "keras.datasets.reuters.load_data"


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1,
              oov_char=2, index_from=3, **kwargs):
    """The Reuters newswires (word-index sequences) and their topics.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'reuters.npz'``.
        num_words: keep the `num_words` most frequent words; default None (all).
        skip_top: drop the `skip_top` most frequent words; default 0.
        maxlen: drop newswires of `maxlen` words or more; default None.
        test_split: the fraction of newswires in the test set; default 0.2.
        seed: the seed of the shuffle; default 113.
        start_char: the index marking a newswire's start; default 1 (None: no mark).
        oov_char: the index replacing dropped words; default 2 (None: remove them).
        index_from: the offset added to word indices; default 3.
        **kwargs: ``nb_words``, Keras 1's name of `num_words`.
    """
    num_words = _sequences.legacy_num_words(_API, num_words, kwargs)
    f = _files.load_npz(_files.cached_file(_API, path, ORIGIN, _HASHES))
    xs, labels = _sequences.shuffled(np.random.RandomState(seed), f["x"], f["y"])
    xs, labels = _sequences.encode(_API, list(xs), labels, num_words, skip_top, maxlen, start_char, oov_char,
                                   index_from)
    split = int(len(xs) * (1 - test_split))
    return ((_sequences.as_array(xs[:split]), np.array(labels[:split])),
            (_sequences.as_array(xs[split:]), np.array(labels[split:])))


def get_word_index(path="reuters_word_index.json"):
    """The word -> index dictionary of the Reuters newswires.

    Args:
        path: the file's name in ``$KERAS_HOME/datasets``; default ``'reuters_word_index.json'``.
    """
    path = _files.cached_file("keras.datasets.reuters.get_word_index", path, WORD_INDEX_ORIGIN,
                              ("4d44cc38712099c9e383dc6e5f11a921",))
    with open(path) as f:
        return json.load(f)


__getattr__, __dir__ = _lazy.surface(__name__)
