"""``keras.layers.wrappers``: the Keras 2.2 module path of these layers.

Legacy API: ``from keras.layers.wrappers import ...``.
Keras 3 replacement: ``keras.layers`` (the same names, one flat namespace).
"""

from keras_faq_compat import _lazy

__all__ = [
    "Wrapper",
    "Bidirectional",
    "TimeDistributed",
]
__getattr__, __dir__ = _lazy.lazy_attributes(
    __name__, {name: "keras_faq_compat.layers:" + name for name in __all__}
)
