"""Keras 2 convolution and pooling functions of ``keras/backend/tensorflow_backend.py``.

Legacy API: ``K.local_conv1d``, ``K.local_conv2d`` (unshared weights, the
kernels of Keras 2's ``LocallyConnected1D`` / ``2D``), ``K.separable_conv1d``
and ``K.conv3d_transpose``, which Keras 3 dropped, with Keras 2's kernel
layouts; and ``K.conv1d``, ``K.conv2d``, ``K.conv2d_transpose``, ``K.conv3d``,
``K.depthwise_conv2d``, ``K.separable_conv2d``, ``K.pool2d`` and ``K.pool3d``,
which ``tf.keras.backend`` kept but runs ``channels_first`` as NCHW even
where TensorFlow has no NCHW kernel (its CPU kernels: "only supports NHWC").

Keras 3 replacement: ``keras.ops.conv``, ``depthwise_conv``,
``separable_conv``, ``conv_transpose`` (which take ``output_padding`` where
Keras 2 took the full ``output_shape``), ``max_pool`` / ``average_pool``;
Keras 3 has no locally connected layers or ops.

Remaining difference: none in the numbers. Without a GPU, ``channels_first``
inputs are transposed to ``channels_last``, computed and transposed back, as
Keras 2's TensorFlow backend did; with a GPU they run NCHW as they are (Keras
2 also transposed when the op was placed on the CPU explicitly).
"""

import functools

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._common import check_data_format, legacy_function
from keras_faq_compat.backend._symbolic import graph_function

__all__ = [
    "local_conv1d",
    "local_conv2d",
    "separable_conv1d",
    "conv3d_transpose",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "depthwise_conv2d",
    "separable_conv2d",
    "pool2d",
    "pool3d",
]

_ops = _keras.ops
# Keras 3's ports of the Keras 2 functions: right for channels_last, NCHW ops for channels_first.
_tfk = _tf.keras.backend


@functools.lru_cache(maxsize=None)
def _has_nchw_support():
    # TensorFlow's NCHW convolution and pooling kernels exist for GPUs only.
    return bool(_tf.config.list_logical_devices("GPU"))


def _on_channels_last(func, x, data_format, *args, **kwargs):
    """``func(x, *args, data_format=..., **kwargs)``, run as channels_last where NCHW has no kernel.

    Args:
        func: a ``tf.keras.backend`` function taking `x` first and ``data_format``.
        x: its input, in `data_format`'s layout.
        data_format: ``'channels_first'``, ``'channels_last'`` or None.
        *args: `func`'s other positional arguments.
        **kwargs: `func`'s other keyword arguments.
    """
    data_format = check_data_format(data_format)
    if data_format == "channels_last" or _has_nchw_support():
        return func(x, *args, data_format=data_format, **kwargs)
    x = _tf.convert_to_tensor(x)
    rank = x.shape.rank
    x = _tf.transpose(x, (0, *range(2, rank), 1))
    output = func(x, *args, data_format="channels_last", **kwargs)
    return _tf.transpose(output, (0, rank - 1, *range(1, rank - 1)))


@legacy_function("a custom layer with one kernel per output step (Keras 3 has no locally connected layers)")
@graph_function
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
@graph_function
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
@graph_function
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
    # Keras 3.3 runs channels_first as NCHW, which TensorFlow's CPU depthwise kernel refuses.
    return _on_channels_last(
        _ops.separable_conv,
        x,
        data_format,
        depthwise_kernel,
        pointwise_kernel,
        strides=_one_tuple(strides, 1),
        padding=_padding(padding),
        dilation_rate=_one_tuple(dilation_rate, 1),
    )


@legacy_function("keras.ops.conv_transpose")
@graph_function
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


@legacy_function("keras.ops.conv")
@graph_function
def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Legacy ``K.conv1d``: a 1-D convolution.

    Args:
        x: a 3-D tensor, ``(batch, steps, channels)`` or, for
            ``channels_first``, ``(batch, channels, steps)``.
        kernel: ``(kernel_size, channels, filters)``.
        strides: an int; default 1.
        padding: ``'valid'``, ``'same'`` or ``'causal'`` (``channels_last``
            only); default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: an int; default 1.
    """
    data_format = check_data_format(data_format)
    if padding == "causal" and data_format != "channels_last":
        raise ValueError(
            'When using causal padding in `conv1d`, `data_format` must be "channels_last" (temporal data).'
        )
    return _on_channels_last(
        _tfk.conv1d, x, data_format, kernel, strides=strides, padding=padding, dilation_rate=dilation_rate
    )


@legacy_function("keras.ops.conv")
@graph_function
def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """Legacy ``K.conv2d``: a 2-D convolution.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        kernel: ``(rows, cols, channels, filters)`` whatever the data format.
        strides: a tuple of two ints; default ``(1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: a tuple of two ints; default ``(1, 1)``.
    """
    return _on_channels_last(
        _tfk.conv2d, x, data_format, kernel, strides=strides, padding=padding, dilation_rate=dilation_rate
    )


@legacy_function("keras.ops.conv_transpose")
@graph_function
def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    """Legacy ``K.conv2d_transpose``: a transposed 2-D convolution to an explicit output shape.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        kernel: ``(rows, cols, output_channels, input_channels)``.
        output_shape: the output's shape in `x`'s layout (a tuple, list or 1-D
            int tensor); a None batch size means `x`'s.
        strides: a tuple of two ints; default ``(1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: a tuple of two equal ints; default ``(1, 1)``.
    """
    data_format = check_data_format(data_format)
    if data_format == "channels_first" and not _has_nchw_support():
        # The output shape is given in x's layout; the channels_last call takes it as NHWC.
        if isinstance(output_shape, (tuple, list)):
            output_shape = (output_shape[0], output_shape[2], output_shape[3], output_shape[1])
        else:
            output_shape = _tf.gather(output_shape, [0, 2, 3, 1])
    return _on_channels_last(
        _tfk.conv2d_transpose,
        x,
        data_format,
        kernel,
        output_shape,
        strides=tuple(strides),
        padding=padding,
        dilation_rate=tuple(dilation_rate),
    )


@legacy_function("keras.ops.conv")
@graph_function
def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)):
    """Legacy ``K.conv3d``: a 3-D convolution.

    Args:
        x: a 5-D tensor, ``(batch, depth, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, depth, rows, cols)``.
        kernel: ``(depth, rows, cols, channels, filters)``.
        strides: a tuple of three ints; default ``(1, 1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: a tuple of three ints; default ``(1, 1, 1)``.
    """
    return _on_channels_last(
        _tfk.conv3d, x, data_format, kernel, strides=strides, padding=padding, dilation_rate=dilation_rate
    )


@legacy_function("keras.ops.depthwise_conv")
@graph_function
def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """Legacy ``K.depthwise_conv2d``: a 2-D convolution of each input channel on its own.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        depthwise_kernel: ``(rows, cols, channels, depth_multiplier)``.
        strides: a tuple of two ints; default ``(1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: a tuple of two ints; default ``(1, 1)``.
    """
    return _on_channels_last(
        _tfk.depthwise_conv2d,
        x,
        data_format,
        depthwise_kernel,
        strides=tuple(strides),
        padding=padding,
        dilation_rate=dilation_rate,
    )


@legacy_function("keras.ops.separable_conv")
@graph_function
def separable_conv2d(
    x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    """Legacy ``K.separable_conv2d``: a depthwise 2-D convolution followed by a pointwise one.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        depthwise_kernel: ``(rows, cols, channels, depth_multiplier)``.
        pointwise_kernel: ``(1, 1, channels * depth_multiplier, filters)``.
        strides: a tuple of two ints; default ``(1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        dilation_rate: a tuple of two ints; default ``(1, 1)``.
    """
    return _on_channels_last(
        _tfk.separable_conv2d,
        x,
        data_format,
        depthwise_kernel,
        pointwise_kernel,
        strides=tuple(strides),
        padding=padding,
        dilation_rate=dilation_rate,
    )


@legacy_function("keras.ops.max_pool / keras.ops.average_pool")
@graph_function
def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    """Legacy ``K.pool2d``: 2-D max or average pooling.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        pool_size: a tuple of two ints.
        strides: a tuple of two ints; default ``(1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        pool_mode: ``'max'`` or ``'avg'``; default ``'max'``.
    """
    return _on_channels_last(
        _tfk.pool2d, x, data_format, tuple(pool_size), strides=tuple(strides), padding=padding, pool_mode=pool_mode
    )


@legacy_function("keras.ops.max_pool / keras.ops.average_pool")
@graph_function
def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    """Legacy ``K.pool3d``: 3-D max or average pooling.

    Args:
        x: a 5-D tensor, ``(batch, depth, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, depth, rows, cols)``.
        pool_size: a tuple of three ints.
        strides: a tuple of three ints; default ``(1, 1, 1)``.
        padding: ``'valid'`` or ``'same'``; default ``'valid'``.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``); default None.
        pool_mode: ``'max'`` or ``'avg'``; default ``'max'``.
    """
    return _on_channels_last(
        _tfk.pool3d, x, data_format, tuple(pool_size), strides=tuple(strides), padding=padding, pool_mode=pool_mode
    )
