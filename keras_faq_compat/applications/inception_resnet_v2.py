"""``keras.applications.inception_resnet_v2``.

Legacy API: ``keras.applications.inception_resnet_v2`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.applications.inception_resnet_v2``; served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(__name__, {}, fallback="applications.inception_resnet_v2")
