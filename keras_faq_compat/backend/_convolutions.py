"""Keras 2 convolution functions of ``keras/backend/tensorflow_backend.py`` that Keras 3 dropped.

Legacy API: ``K.local_conv1d``, ``K.local_conv2d`` (unshared weights, the
kernels of Keras 2's ``LocallyConnected1D`` / ``2D``), ``K.separable_conv1d``
and ``K.conv3d_transpose``, with Keras 2's kernel layouts.

Keras 3 replacement: ``keras.ops.separable_conv`` and
``keras.ops.conv_transpose`` (which take ``output_padding`` where Keras 2 took
the full ``output_shape``); Keras 3 has no locally connected layers or ops.

Remaining difference: ``channels_first`` inputs are computed as
``channels_last`` and transposed back (TensorFlow has no ``NCDHW`` kernels on
CPU); the numbers are the same.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._common import check_data_format, legacy_function

__all__ = ["local_conv1d", "local_conv2d", "separable_conv1d", "conv3d_transpose"]

_ops = _keras.ops


@legacy_function("a custom layer with one kernel per output step (Keras 3 has no locally connected layers)")
def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Legacy ``K.local_conv1d``: a 1-D convolution with a different kernel at each output step.

    Args:
        inputs: a 3-D tensor ``(batch_size, steps, input_dim)``.
        kernel: the unshared weights, ``(output_length, kernel_size[0] * input_dim, filters)``.
        kernel_size: a tuple of one int, the window length.
        strides: a tuple of one int, the stride.
        data_format: checked, not used (Keras 2 took only ``channels_last``
            here); default None.

    Returns:
        a tensor ``(batch_size, output_length, filters)``.
    """
    check_data_format(data_format)
    stride = strides[0]
    output_length, feature_dim, _ = _shape(kernel)
    windows = [
        _ops.reshape(inputs[:, i * stride : i * stride + kernel_size[0], :], (1, -1, feature_dim))
        for i in range(output_length)
    ]
    # (output_length, batch, features) @ (output_length, features, filters).
    output = _ops.matmul(_ops.concatenate(windows, axis=0), kernel)
    return _ops.transpose(output, (1, 0, 2))


@legacy_function("a custom layer with one kernel per output position (Keras 3 has no locally connected layers)")
def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Legacy ``K.local_conv2d``: a 2-D convolution with a different kernel at each output position.

    Args:
        inputs: a 4-D tensor, ``(batch, channels, rows, cols)`` for
            ``channels_first`` or ``(batch, rows, cols, channels)``.
        kernel: the unshared weights, ``(output_row * output_col,
            kernel_size[0] * kernel_size[1] * channels, filters)``; each
            window is flattened in the input's own axis order.
        kernel_size: a tuple of two ints, the window's rows and columns.
        strides: a tuple of two ints.
        output_shape: a tuple ``(output_row, output_col)``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.

    Returns:
        a 4-D tensor, ``(batch, filters, output_row, output_col)`` for
        ``channels_first`` or ``(batch, output_row, output_col, filters)``.
    """
    data_format = check_data_format(data_format)
    stride_row, stride_col = strides
    output_row, output_col = output_shape
    _, feature_dim, filters = _shape(kernel)
    windows = []
    for i in range(output_row):
        rows = slice(i * stride_row, i * stride_row + kernel_size[0])
        for j in range(output_col):
            cols = slice(j * stride_col, j * stride_col + kernel_size[1])
            if data_format == "channels_first":
                window = inputs[:, :, rows, cols]
            else:
                window = inputs[:, rows, cols, :]
            windows.append(_ops.reshape(window, (1, -1, feature_dim)))
    output = _ops.matmul(_ops.concatenate(windows, axis=0), kernel)
    output = _ops.reshape(output, (output_row, output_col, -1, filters))
    if data_format == "channels_first":
        return _ops.transpose(output, (2, 3, 0, 1))
    return _ops.transpose(output, (2, 0, 1, 3))


@legacy_function("keras.ops.separable_conv")
def separable_conv1d(
    x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    """Legacy ``K.separable_conv1d``: a depthwise 1-D convolution followed by a pointwise one.

    Args:
        x: a 3-D tensor, ``(batch, steps, channels)`` or, for
            ``channels_first``, ``(batch, channels, steps)``.
        depthwise_kernel: ``(kernel_size, channels, depth_multiplier)``.
        pointwise_kernel: ``(1, channels * depth_multiplier, filters)``.
        strides: an int or a tuple of one int; default 1.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: an int or a tuple of one int; default 1.
    """
    data_format = check_data_format(data_format)
    return _ops.separable_conv(
        x,
        depthwise_kernel,
        pointwise_kernel,
        strides=_one_tuple(strides, 1),
        padding=_padding(padding),
        data_format=data_format,
        dilation_rate=_one_tuple(dilation_rate, 1),
    )


@legacy_function("keras.ops.conv_transpose")
def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    """Legacy ``K.conv3d_transpose``: a transposed 3-D convolution to an explicit output shape.

    Args:
        x: a 5-D tensor, ``(batch, depth, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, depth, rows, cols)``.
        kernel: ``(depth, rows, cols, output_channels, input_channels)``.
        output_shape: the output's shape in `x`'s layout (a tuple, list or 1-D
            int tensor); a None batch size means `x`'s.
        strides: a tuple of three ints; default ``(1, 1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
    """
    data_format = check_data_format(data_format)
    padding = _padding(padding).upper()
    x = _tf.convert_to_tensor(x)
    if isinstance(output_shape, (tuple, list)):
        output_shape = [_tf.shape(x)[0] if output_shape[0] is None else output_shape[0], *output_shape[1:]]
    output_shape = _tf.stack(output_shape) if isinstance(output_shape, list) else output_shape
    if data_format == "channels_first":
        x = _tf.transpose(x, (0, 2, 3, 4, 1))
        output_shape = _tf.gather(output_shape, [0, 2, 3, 4, 1])
    x = _tf.nn.conv3d_transpose(
        x, kernel, output_shape, (1, *tuple(strides), 1), padding=padding, data_format="NDHWC"
    )
    if data_format == "channels_first":
        x = _tf.transpose(x, (0, 4, 1, 2, 3))
    return x


def _shape(x):
    return tuple(x.shape)


def _one_tuple(value, rank):
    return (value,) * rank if isinstance(value, int) else tuple(value)


def _padding(padding):
    # Keras 2 raised for anything else, 'causal' included.
    if padding not in ("same", "valid"):
        raise ValueError("Invalid padding: " + str(padding))
    return padding
