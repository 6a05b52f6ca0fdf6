"""``keras.layers.local``: Keras 2's locally-connected layers, which Keras 3 removed.

Legacy API: ``keras.layers.LocallyConnected1D(filters, kernel_size, strides=1, padding='valid', ...)``
and ``LocallyConnected2D`` (also at ``keras.layers.local``): convolutions whose weights are not shared
across positions, with Keras 2.2's weight layout (``implementation=1``: one
``(positions, window * channels, filters)`` kernel and one bias per output position).
Keras 3 replacement: none in Keras 3; a ``Conv1D``/``Conv2D`` (shared weights) or a custom layer.
Difference: only ``padding='valid'``, as in Keras 2.2.
"""

from keras_faq_compat import _lazy
from keras_faq_compat import backend as _K
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.legacy import interfaces as _interfaces
from keras_faq_compat.utils import conv_utils as _conv_utils

__all__ = ["LocallyConnected1D", "LocallyConnected2D"]


class _LocallyConnected(_keras.layers.Layer):
    rank = None

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = type(self).__name__
        if str(padding).lower() != "valid":
            raise ValueError(f'Invalid border mode for {name} (only "valid" is supported): {padding}')
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size")
        self.strides = _tuple(strides, self.rank, "strides")
        self.padding = "valid"
        self.data_format = _K.normalize_data_format(data_format)
        self.activation = _keras.activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = _keras.initializers.get(kernel_initializer)
        self.bias_initializer = _keras.initializers.get(bias_initializer)
        self.kernel_regularizer = _keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = _keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = _keras.constraints.get(kernel_constraint)
        self.bias_constraint = _keras.constraints.get(bias_constraint)
        self.input_spec = _keras.layers.InputSpec(ndim=self.rank + 2)

    def _spatial(self, input_shape):
        if self.rank == 1 or self.data_format == "channels_last":
            return tuple(input_shape[1:-1]), input_shape[-1]
        return tuple(input_shape[2:]), input_shape[1]

    def _output_spatial(self, spatial):
        return tuple(_conv_utils.conv_output_length(n, k, "valid", s)
                     for n, k, s in zip(spatial, self.kernel_size, self.strides))

    def build(self, input_shape):
        spatial, channels = self._spatial(input_shape)
        if channels is None or any(n is None for n in spatial):
            raise ValueError(f"{type(self).__name__}: the inputs' spatial dimensions and channels must be "
                             f"fully defined; got the input shape {tuple(input_shape)}.")
        self.output_spatial = self._output_spatial(spatial)
        positions = 1
        for n in self.output_spatial:
            positions *= n
        window = 1
        for k in self.kernel_size:
            window *= k
        self.kernel = self.add_weight(shape=(positions, window * channels, self.filters), initializer=self.kernel_initializer,
                                      name="kernel", regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=self.output_spatial + (self.filters,), initializer=self.bias_initializer,
                                        name="bias", regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        axis = -1 if (self.rank == 1 or self.data_format == "channels_last") else 1
        self.input_spec = _keras.layers.InputSpec(ndim=self.rank + 2, axes={axis: channels})

    def compute_output_shape(self, input_shape):
        spatial, _ = self._spatial(input_shape)
        out = tuple(None if n is None else o for n, o in zip(spatial, self._output_spatial(
            tuple(n or k for n, k in zip(spatial, self.kernel_size)))))
        if self.rank == 1 or self.data_format == "channels_last":
            return (input_shape[0],) + out + (self.filters,)
        return (input_shape[0], self.filters) + out

    def call(self, inputs):
        if self.rank == 1:
            output = _K.local_conv1d(inputs, self.kernel, self.kernel_size, self.strides)
            if self.use_bias:
                output = _K.bias_add(output, self.bias)
        else:
            output = _K.local_conv2d(inputs, self.kernel, self.kernel_size, self.strides,
                                     self.output_spatial, self.data_format)
            if self.use_bias:
                output = _K.bias_add(output, self.bias, data_format=self.data_format)
        return self.activation(output) if self.activation is not None else output

    def get_config(self):
        config = {
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "activation": _keras.activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _keras.initializers.serialize(self.kernel_initializer),
            "bias_initializer": _keras.initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _keras.regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": _keras.regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": _keras.constraints.serialize(self.kernel_constraint),
            "bias_constraint": _keras.constraints.serialize(self.bias_constraint),
        }
        if self.rank == 2:
            config["data_format"] = self.data_format
        return {**super().get_config(), **config}


def _tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers; got {value}.")
    return value


class LocallyConnected1D(_LocallyConnected):
    """Keras 2's ``LocallyConnected1D``: a 1-D convolution with unshared weights.

    Args:
        filters: the number of output filters.
        kernel_size: an int or a tuple of one int, the window length.
        strides: an int or a tuple of one int; default 1.
        padding: only ``"valid"``; default ``"valid"``.
        data_format: accepted as Keras 2 did (the layer reads ``(batch, steps, channels)``); default None.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as ``Conv1D``;
            defaults None, True, ``"glorot_uniform"``, ``"zeros"``, None, None, None, None, None.
    """

    rank = 1

    @_interfaces.legacy_conv1d_support  # Keras 1 names (nb_filter, filter_length, ...), as in Keras 2
    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(filters, kernel_size, **kwargs)


class LocallyConnected2D(_LocallyConnected):
    """Keras 2's ``LocallyConnected2D``: a 2-D convolution with unshared weights.

    Args:
        filters: the number of output filters.
        kernel_size: an int or a tuple of two ints.
        strides: an int or a tuple of two ints; default 1.
        padding: only ``"valid"``; default ``"valid"``.
        data_format: ``"channels_last"`` or ``"channels_first"``; default None (``image_data_format()``).
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as ``Conv2D``;
            defaults None, True, ``"glorot_uniform"``, ``"zeros"``, None, None, None, None, None.
    """

    rank = 2

    @_interfaces.legacy_conv2d_support  # Keras 1 names (nb_filter, nb_row, nb_col, ...), as in Keras 2
    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(filters, kernel_size, **kwargs)


__getattr__, __dir__ = _lazy.surface(__name__)
