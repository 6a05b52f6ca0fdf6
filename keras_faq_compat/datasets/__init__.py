"""``keras.datasets``.

Legacy API: ``keras.datasets`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.datasets``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
