"""``keras.layers.convolutional``: the Keras 2.2 module path of these layers.

Legacy API: ``from keras.layers.convolutional import ...``.
Keras 3 replacement: ``keras.layers`` (the same names, one flat namespace).
"""

from keras_faq_compat import _lazy

__all__ = [
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "SeparableConv1D",
    "SeparableConv2D",
    "DepthwiseConv2D",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Convolution1D",
    "Convolution2D",
    "Convolution3D",
]
__getattr__, __dir__ = _lazy.lazy_attributes(
    __name__, {name: "keras_faq_compat.layers:" + name for name in __all__}
)
