"""``keras.utils.conv_utils``: helpers custom Keras 2 layers imported.

Legacy API: ``normalize_tuple``, ``conv_output_length``, ``normalize_data_format``.
Keras 3 replacement: write the arithmetic in the layer; these remain for old code.
"""

from keras_faq_compat._real import keras as _keras

__all__ = ["normalize_tuple", "conv_output_length", "normalize_data_format", "normalize_padding"]


def normalize_tuple(value, n, name):
    """`value` (an int or an iterable of `n` ints) as a tuple of `n` ints.

    Args:
        value: an int or an iterable of ints.
        n: the tuple's length.
        name: the argument's name, for the error message.
    """
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) != n or not all(isinstance(v, int) for v in value):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    return value


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """Output length of a convolution along one axis, as Keras 2 computed it."""
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        length = input_length
    elif padding == "valid":
        length = input_length - dilated + 1
    elif padding == "full":
        length = input_length + dilated - 1
    else:
        raise ValueError(f"Unknown padding {padding!r}.")
    return (length + stride - 1) // stride


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
        raise ValueError(f"padding must be 'valid', 'same' or 'causal', not {value!r}.")
    return value
