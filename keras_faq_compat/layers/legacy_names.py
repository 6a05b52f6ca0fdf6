"""Keras 2 layer names that Keras 3 dropped.

Legacy API -> Keras 3 replacement:
``Convolution1D/2D/3D`` -> ``Conv1D/2D/3D``; ``Deconvolution2D/3D`` ->
``Conv2DTranspose/Conv3DTranspose``; ``CuDNNLSTM`` / ``CuDNNGRU`` -> ``LSTM`` /
``GRU`` (Keras 3 uses cuDNN by itself when it can); ``LocallyConnected1D/2D``
-> none (removed from Keras 3).
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = [
    "Convolution1D",
    "Convolution2D",
    "Convolution3D",
    "Deconvolution2D",
    "Deconvolution3D",
    "CuDNNLSTM",
    "CuDNNGRU",
    "LocallyConnected1D",
    "LocallyConnected2D",
]

Convolution1D = _keras.layers.Conv1D
Convolution2D = _keras.layers.Conv2D
Convolution3D = _keras.layers.Conv3D
Deconvolution2D = _keras.layers.Conv2DTranspose
Deconvolution3D = _keras.layers.Conv3DTranspose

CuDNNLSTM = _lazy.not_implemented("keras.layers.CuDNNLSTM", "the saving issue")
CuDNNGRU = _lazy.not_implemented("keras.layers.CuDNNGRU", "the saving issue")

_REMOVED = "removed from Keras 3 with no replacement; keep a Keras 2 environment for it"
LocallyConnected1D = _lazy.not_implemented("keras.layers.LocallyConnected1D", _REMOVED)
LocallyConnected2D = _lazy.not_implemented("keras.layers.LocallyConnected2D", _REMOVED)
