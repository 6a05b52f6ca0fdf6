"""``keras-faq-compat convert`` turns each tf.keras corpus file into a ``.keras`` file plain Keras 3 loads.

Reads the tf.keras corpus in place (``$KERAS_FAQ_COMPAT_TF_KERAS_CORPUS`` or
``../shared/tf-keras-corpus``) and skips when it is absent. Plain Keras 3
loads none of the original files; the converted ones it loads, in a process
without this package, with the reference predictions.
"""

from corpus_files import TF_KERAS, convert_and_check_in_plain_keras

pytestmark = TF_KERAS.skip


def test_converted_tf_keras_files_load_in_plain_keras3_with_the_same_predictions(tmp_path):
    converted, result = convert_and_check_in_plain_keras(TF_KERAS, tmp_path, suffix=".converted.keras")
    assert converted
    assert f"plain keras ok {converted}" in result.stdout, result.stderr[-3000:]
