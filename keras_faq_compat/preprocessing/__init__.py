"""``keras.preprocessing``.

Legacy API: ``keras.preprocessing`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.preprocessing`` and ``keras.utils``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
