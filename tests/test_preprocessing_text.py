"""``keras.preprocessing.text``: Keras 2's Tokenizer JSON, and one clear error for another layout."""

import pytest

from keras_faq_compat._real import tf as real_tf
from keras_faq_compat.preprocessing import text

# Written by Keras-Preprocessing 1.1.2: Tokenizer(num_words=4, oov_token='<u>') fitted on
# ['The cat sat.', 'the cat, the dog'], then to_json().
_KERAS_2_JSON = (
    '{"class_name": "Tokenizer", "config": {"num_words": 4, "filters": "!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n", '
    '"lower": true, "split": " ", "char_level": false, "oov_token": "<u>", "document_count": 2, '
    '"word_counts": "{\\"the\\": 3, \\"cat\\": 2, \\"sat\\": 1, \\"dog\\": 1}", '
    '"word_docs": "{\\"the\\": 2, \\"sat\\": 1, \\"cat\\": 2, \\"dog\\": 1}", '
    '"index_docs": "{\\"2\\": 2, \\"4\\": 1, \\"3\\": 2, \\"5\\": 1}", '
    '"index_word": "{\\"1\\": \\"<u>\\", \\"2\\": \\"the\\", \\"3\\": \\"cat\\", \\"4\\": \\"sat\\", \\"5\\": \\"dog\\"}", '
    '"word_index": "{\\"<u>\\": 1, \\"the\\": 2, \\"cat\\": 3, \\"sat\\": 4, \\"dog\\": 5}"}}'
)


def test_a_keras_2_tokenizer_json_is_read_back():
    tokenizer = text.tokenizer_from_json(_KERAS_2_JSON)
    assert tokenizer.texts_to_sequences(["the dog sat on the cat"]) == [[2, 1, 1, 1, 2, 3]]
    assert list(tokenizer.word_counts) == ["the", "cat", "sat", "dog"]


@pytest.mark.parametrize("layout", ['{"class_name": "Tokenizer"}', '{"config": {"num_words": 3}}', "[1, 2]"])
def test_json_of_another_layout_is_one_clear_error(layout):
    with pytest.raises(ValueError, match="not a Tokenizer's JSON.*word_counts"):
        text.tokenizer_from_json(layout)
    with pytest.raises((AttributeError, KeyError)):
        real_tf.keras.preprocessing.text.tokenizer_from_json(layout)


def test_text_that_is_not_json_names_the_argument():
    with pytest.raises(ValueError, match="json_string"):
        text.tokenizer_from_json("not json")
