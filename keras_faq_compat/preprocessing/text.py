"""``keras.preprocessing.text``.

Legacy API: ``keras.preprocessing.text`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.preprocessing.text`` where Keras 3 keeps it, else ``keras.utils``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="preprocessing.text")
