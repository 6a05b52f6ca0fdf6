"""Keras 2 layer names that Keras 3 dropped.

Legacy API -> Keras 3 replacement:
``Convolution1D/2D/3D`` -> ``Conv1D/2D/3D``; ``Deconvolution2D/3D`` ->
``Conv2DTranspose/Conv3DTranspose``. ``CuDNNLSTM`` / ``CuDNNGRU`` live in
`keras_faq_compat.layers.cudnn_recurrent`, their Keras 2 module.
"""

from keras_faq_compat.layers import legacy_layers

__all__ = [
    "Convolution1D",
    "Convolution2D",
    "Convolution3D",
    "Deconvolution2D",
    "Deconvolution3D",
]

# The Keras 2 aliases name the same classes as their new names, with the
# Keras 2 constructor arguments (``input_shape=``, ``batch_size=``, ...).
Convolution1D = legacy_layers.legacy_class("Conv1D")
Convolution2D = legacy_layers.legacy_class("Conv2D")
Convolution3D = legacy_layers.legacy_class("Conv3D")
Deconvolution2D = legacy_layers.legacy_class("Conv2DTranspose")
Deconvolution3D = legacy_layers.legacy_class("Conv3DTranspose")
