"""Keras 2 layer names that Keras 3 dropped.

Legacy API -> Keras 3 replacement:
``Convolution1D/2D/3D`` -> ``Conv1D/2D/3D``; ``Deconvolution2D/3D`` ->
``Conv2DTranspose/Conv3DTranspose``; ``CuDNNLSTM`` / ``CuDNNGRU`` -> ``LSTM`` /
``GRU`` (Keras 3 uses cuDNN by itself when it can).
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import legacy_layers

__all__ = [
    "Convolution1D",
    "Convolution2D",
    "Convolution3D",
    "Deconvolution2D",
    "Deconvolution3D",
    "CuDNNLSTM",
    "CuDNNGRU",
]

# The Keras 2 aliases name the same classes as their new names, with the
# Keras 2 constructor arguments (``input_shape=``, ``batch_size=``, ...).
Convolution1D = legacy_layers.legacy_class("Conv1D")
Convolution2D = legacy_layers.legacy_class("Conv2D")
Convolution3D = legacy_layers.legacy_class("Conv3D")
Deconvolution2D = legacy_layers.legacy_class("Conv2DTranspose")
Deconvolution3D = legacy_layers.legacy_class("Conv3DTranspose")



class CuDNNLSTM:
    """Keras 2 ``CuDNNLSTM``: builds the equivalent Keras 3 ``LSTM``.

    The returned layer is a ``keras.layers.LSTM`` with the CuDNN kernel's
    fixed choices (``tanh``, ``sigmoid`` recurrent activation, bias), which
    Keras 3 runs with cuDNN on a GPU and without it on a CPU. Keras 2
    CuDNNLSTM weights (two biases) are converted when loaded from a file.

    Args:
        units: size of the state.
        kernel_initializer, recurrent_initializer, bias_initializer: default
            ``"glorot_uniform"``, ``"orthogonal"``, ``"zeros"``.
        unit_forget_bias: add 1 to the forget gate bias; default True.
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint: default None.
        return_sequences, return_state, go_backwards, stateful: default False.
        **kwargs: other layer arguments (``name``, ``input_shape``, ...).
    """

    def __new__(cls, units, **kwargs):
        _warn_cudnn("CuDNNLSTM", "keras.layers.LSTM")
        return _keras.layers.LSTM(units, **_cudnn_arguments(kwargs))


class CuDNNGRU:
    """Keras 2 ``CuDNNGRU``: builds the equivalent Keras 3 ``GRU``.

    The returned layer is ``keras.layers.GRU(reset_after=True,
    recurrent_activation="sigmoid")``, the cell the CuDNN kernel computes.

    Args:
        units: size of the state.
        kernel_initializer, recurrent_initializer, bias_initializer: default
            ``"glorot_uniform"``, ``"orthogonal"``, ``"zeros"``.
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint: default None.
        return_sequences, return_state, go_backwards, stateful: default False.
        **kwargs: other layer arguments (``name``, ``input_shape``, ...).
    """

    def __new__(cls, units, **kwargs):
        _warn_cudnn("CuDNNGRU", "keras.layers.GRU")
        kwargs = _cudnn_arguments(kwargs)
        kwargs["reset_after"] = True
        return _keras.layers.GRU(units, **kwargs)


# What the CuDNN kernels fixed; a caller may not change them.
_CUDNN_FIXED = {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True}


def _cudnn_arguments(kwargs):
    for name, value in _CUDNN_FIXED.items():
        if name in kwargs and kwargs[name] != value:
            raise TypeError(f"CuDNN recurrent layers have no {name!r} argument (always {value!r}).")
    return dict(kwargs, **_CUDNN_FIXED)


def _warn_cudnn(name, replacement):
    from keras_faq_compat.deprecation import warn_legacy

    warn_legacy(
        f"keras.layers.{name}",
        replacement,
        "Keras 3 uses cuDNN by itself when the arguments allow it.",
    )

