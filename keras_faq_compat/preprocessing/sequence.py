"""``keras.preprocessing.sequence``: padding, skip-grams, sampling tables, ``TimeseriesGenerator``.

Legacy API: ``pad_sequences``, ``skipgrams``, ``make_sampling_table``, ``TimeseriesGenerator`` and the
private ``_remove_long_seq`` that Keras 2's dataset loaders and tests imported from here.
Keras 3 replacement: ``keras.utils.pad_sequences``; ``keras.utils.timeseries_dataset_from_array``
and ``tf.data`` for the rest (Keras 3 keeps ports of the Keras 2 functions, served here).
Difference: none.
"""

from keras_faq_compat import _lazy

__all__ = []


def _remove_long_seq(maxlen, seq, label):
    """The sequences shorter than `maxlen`, and their labels.

    Args:
        maxlen: the length from which a sequence is dropped.
        seq: list of sequences.
        label: list of labels, one per sequence.

    Returns:
        ``(new_seq, new_label)``: the kept sequences and labels, as lists.
    """
    kept = [(s, y) for s, y in zip(seq, label) if len(s) < maxlen]
    return [s for s, _ in kept], [y for _, y in kept]


__getattr__, __dir__ = _lazy.surface(__name__)
