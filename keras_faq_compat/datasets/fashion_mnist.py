"""``keras.datasets.fashion_mnist``.

Legacy API: ``keras.datasets.fashion_mnist`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.datasets.fashion_mnist`` (cached in ``$KERAS_HOME/datasets``); served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="datasets.fashion_mnist")
