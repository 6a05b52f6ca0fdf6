"""``keras.applications.inception_v3``: ``InceptionV3``, ``preprocess_input``, ``decode_predictions``.

Legacy API: ``from keras.applications.inception_v3 import InceptionV3, preprocess_input, decode_predictions``;
``weights='imagenet'`` loading the Keras 2 weight file from ``$KERAS_HOME/models``.
Keras 3 replacement: ``keras.applications.inception_v3`` (downloads and hash-checks the weights).
Difference: nothing is downloaded; a missing weight file is one clear error naming
the file and the folder (see `keras_faq_compat.applications.imagenet_weights`).
"""

from keras_faq_compat import _lazy
from keras_faq_compat.applications import imagenet_weights as _weights

__all__ = ['InceptionV3', "preprocess_input", "decode_predictions"]

decode_predictions = _weights.decode_predictions


def __getattr__(name):
    if name in ('InceptionV3',):
        return _weights.application(name)
    return _fallback_getattr(name)


_fallback_getattr, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="applications.inception_v3")
