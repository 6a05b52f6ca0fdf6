"""``keras.layers.pooling``: the Keras 2.2 module path of these layers.

Legacy API: ``from keras.layers.pooling import ...``.
Keras 3 replacement: ``keras.layers`` (the same names, one flat namespace).
"""

from keras_faq_compat import _lazy

__all__ = [
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
]
__getattr__, __dir__ = _lazy.lazy_attributes(
    __name__, {name: "keras_faq_compat.layers:" + name for name in __all__}
)
