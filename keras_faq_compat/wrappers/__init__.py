"""``keras.wrappers``.

Legacy API: ``keras.wrappers`` as Keras 2.2 code imports it.
Keras 3 replacement: ``keras.wrappers`` (scikit-learn wrappers ``SKLearnClassifier`` / ``SKLearnRegressor``); served unchanged where the behaviour is the same.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
