"""``keras.datasets.boston_housing``.

Legacy API: ``keras.datasets.boston_housing`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.datasets.boston_housing`` (cached in ``$KERAS_HOME/datasets``); served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="datasets.boston_housing")
