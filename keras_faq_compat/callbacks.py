"""``keras.callbacks``.

Legacy API: ``keras.callbacks`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.callbacks``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="callbacks")
