"""``keras.utils.conv_utils``: helpers custom Keras 2 layers imported.

Legacy API: ``normalize_tuple``, ``normalize_padding``, ``normalize_data_format``,
``convert_kernel`` (Theano <-> TensorFlow kernels), ``conv_output_length``,
``conv_input_length``, ``deconv_length``.
Keras 3 replacement: write the arithmetic in the layer (``keras.ops`` for kernels); these remain
for old code, with Keras 2.3's results (``conv_output_length`` and ``conv_input_length`` assert
their padding, as Keras 2 did).
"""

import numpy as np

from keras_faq_compat._real import keras as _keras

__all__ = [
    "normalize_tuple",
    "normalize_padding",
    "normalize_data_format",
    "convert_kernel",
    "conv_output_length",
    "conv_input_length",
    "deconv_length",
]


def normalize_tuple(value, n, name):
    """`value` (an int or an iterable of `n` ints) as a tuple of `n` items.

    As in Keras 2, the items of an iterable are kept as they are once ``int()`` accepts them
    (numpy integers stay numpy integers).

    Args:
        value: an int or an iterable of ints.
        n: the tuple's length.
        name: the argument's name, for the error message.
    """
    if isinstance(value, int):
        return (value,) * n
    message = f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
    try:
        value = tuple(value)
    except TypeError:
        raise ValueError(message) from None
    if len(value) != n:
        raise ValueError(message)
    for item in value:
        try:
            int(item)
        except (TypeError, ValueError):
            raise ValueError(f"{message} including element {item} of type {type(item)}") from None
    return value


def convert_kernel(kernel):
    """A convolution kernel flipped between Theano and TensorFlow conventions (its own inverse).

    Every spatial axis (all but the last two, input and output channels) is reversed, as a
    Theano convolution is a TensorFlow one with the kernel turned around.

    Args:
        kernel: a 3D, 4D or 5D array.
    """
    kernel = np.asarray(kernel)
    if not 3 <= kernel.ndim <= 5:
        raise ValueError("Invalid kernel shape:", kernel.shape)
    flip = (slice(None, None, -1),) * (kernel.ndim - 2) + (slice(None), slice(None))
    return np.copy(kernel[flip])


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """Output length of a convolution along one axis, as Keras 2 computed it.

    Args:
        input_length: the input length, or None (gives None).
        filter_size: the kernel length.
        padding: ``'same'``, ``'valid'``, ``'full'`` or ``'causal'``.
        stride: the stride.
        dilation: the dilation rate; default 1.
    """
    if input_length is None:
        return None
    assert padding in {"same", "valid", "full", "causal"}
    dilated = (filter_size - 1) * dilation + 1
    if padding == "valid":
        length = input_length - dilated + 1
    elif padding == "full":
        length = input_length + dilated - 1
    else:
        length = input_length
    return (length + stride - 1) // stride


def _pad(padding, kernel_size):
    return {"same": kernel_size // 2, "valid": 0, "full": kernel_size - 1}[padding]


def conv_input_length(output_length, filter_size, padding, stride):
    """Input length of a convolution that gives `output_length` (Keras 2).

    Args:
        output_length: the output length, or None (gives None).
        filter_size: the kernel length.
        padding: ``'same'``, ``'valid'`` or ``'full'``.
        stride: the stride.
    """
    if output_length is None:
        return None
    assert padding in {"same", "valid", "full"}
    return (output_length - 1) * stride - 2 * _pad(padding, filter_size) + filter_size


def deconv_length(dim_size, stride_size, kernel_size, padding, output_padding, dilation=1):
    """Output length of a transposed convolution along one axis (Keras 2.3).

    Args:
        dim_size: the input length, or None (gives None).
        stride_size: the stride.
        kernel_size: the kernel length.
        padding: ``'same'``, ``'valid'`` or ``'full'``.
        output_padding: the extra output length, or None to infer the length.
        dilation: the dilation rate; default 1.
    """
    assert padding in {"same", "valid", "full"}
    if dim_size is None:
        return None
    kernel_size = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return dim_size * stride_size + max(kernel_size - stride_size, 0)
        if padding == "full":
            return dim_size * stride_size - (stride_size + kernel_size - 2)
        return dim_size * stride_size
    return (dim_size - 1) * stride_size + kernel_size - 2 * _pad(padding, kernel_size) + output_padding


def normalize_data_format(value):
    """``channels_first`` / ``channels_last``; None gives ``K.image_data_format()``."""
    if value is None:
        value = _keras.config.image_data_format()
    value = value.lower()
    if value not in ("channels_first", "channels_last"):
        raise ValueError(f"data_format must be 'channels_first' or 'channels_last', not {value!r}.")
    return value


def normalize_padding(value):
    """``valid`` / ``same`` / ``causal``, lower-cased and checked."""
    value = value.lower()
    if value not in ("valid", "same", "causal"):
        raise ValueError(
            'The `padding` argument must be one of "valid", "same" (or "causal" for Conv1D). '
            f"Received: {value}"
        )
    return value


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
