"""Keras 2's preparation of the word-index sequences of ``imdb`` and ``reuters``."""

import warnings

import numpy as np

from keras_faq_compat.preprocessing.sequence import _remove_long_seq


def legacy_num_words(api, num_words, kwargs):
    """`num_words`, taking Keras 1's ``nb_words`` from `kwargs` as Keras 2 did; other keywords are refused."""
    if "nb_words" in kwargs:
        warnings.warn(f"{api}: the `nb_words` argument has been renamed `num_words`.", stacklevel=3)
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"{api}: unrecognized keyword arguments {sorted(kwargs)}.")
    return num_words


def shuffled(rng, *arrays):
    """`arrays` in the order of a permutation drawn from `rng`, a ``np.random.RandomState`` (as Keras 2 drew it)."""
    indices = np.arange(len(arrays[0]))
    rng.shuffle(indices)
    return [a[indices] for a in arrays]


def encode(api, xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from):
    """Keras 2's encoding of the sequences `xs`: start mark, offset, length filter, vocabulary cut."""
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    else:
        xs = [list(x) for x in xs]
    if maxlen:
        xs, labels = _remove_long_seq(maxlen, xs, labels)
        if not xs:
            raise ValueError(
                f"{api}: after filtering for sequences shorter than maxlen={maxlen}, no sequence was "
                "kept. Increase maxlen."
            )
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    return xs, labels


def as_array(sequences):
    """`sequences` as Keras 2's ``np.array`` made them: 2-D when all have one length, else objects."""
    if len({len(s) for s in sequences}) == 1:
        return np.array(sequences)
    out = np.empty(len(sequences), dtype=object)
    out[:] = sequences
    return out
