"""``keras.applications.imagenet_utils``.

Legacy API: ``keras.applications.imagenet_utils`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.applications.imagenet_utils``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="applications.imagenet_utils")
