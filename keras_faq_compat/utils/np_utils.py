"""``keras.utils.np_utils``: ``to_categorical`` and ``normalize``.

Legacy API: ``keras.utils.np_utils.to_categorical(y, num_classes=None, dtype='float32')``,
``normalize(x, axis=-1, order=2)``.
Keras 3 replacement: ``keras.utils.to_categorical``, ``keras.utils.normalize``
(the same behaviour on numpy arrays).
"""

from keras_faq_compat._real import keras as _keras

__all__ = ["to_categorical", "normalize"]

to_categorical = _keras.utils.to_categorical
normalize = _keras.utils.normalize


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
