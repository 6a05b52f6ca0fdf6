"""``keras.preprocessing.text``: ``Tokenizer``, ``one_hot``, ``hashing_trick``, ``text_to_word_sequence``.

Legacy API: Keras-Preprocessing 1.0.5's / 1.1's text functions and ``Tokenizer`` (``num_words``,
``oov_token``, ``char_level``, ``word_counts`` in first-seen order, ``to_json``) and
``tokenizer_from_json`` (Keras 2.3.1).
Keras 3 replacement: ``keras.layers.TextVectorization``.

Keras 3 keeps a port of these that gives Keras 2's results (the same sequences, matrices in every
mode, hashes and JSON); it is served as it is, except that ``tokenizer_from_json`` given JSON of
another layout raises one `ValueError` naming what is missing (Keras 2 failed with an
``AttributeError`` or ``KeyError`` from inside).
"""

import json

from keras_faq_compat import _lazy
from keras_faq_compat._real import tf as _tf

__all__ = ["tokenizer_from_json"]

# What Tokenizer.to_json writes under "config" and tokenizer_from_json reads back.
_CONFIG_KEYS = ("word_counts", "word_docs", "index_docs", "index_word", "word_index")


def tokenizer_from_json(json_string):
    """The ``Tokenizer`` that `json_string` (from ``Tokenizer.to_json()``) describes.

    Args:
        json_string: a JSON string with ``class_name`` and ``config``, as ``to_json`` writes it.
    """
    try:
        layout = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"tokenizer_from_json: `json_string` is not JSON: {error}") from error
    config = layout.get("config") if isinstance(layout, dict) else None
    missing = [key for key in _CONFIG_KEYS if not isinstance(config, dict) or key not in config]
    if missing:
        raise ValueError(
            "tokenizer_from_json: `json_string` is not a Tokenizer's JSON (the layout "
            "Tokenizer.to_json() writes: {'class_name': 'Tokenizer', 'config': {...}}); "
            f"missing config entries: {', '.join(missing)}."
        )
    return _tf.keras.preprocessing.text.tokenizer_from_json(json_string)


__getattr__, __dir__ = _lazy.surface(__name__)
