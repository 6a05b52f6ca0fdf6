"""Keras 2's ``ConvLSTM2D`` (``keras.layers.convolutional_recurrent``): initial states and ``channels_first``.

Legacy API: ``ConvLSTM2D(filters, kernel_size, data_format='channels_first', ...)`` on any machine,
``layer.get_initial_state(x)`` from a (symbolic) input tensor, and the recurrent calling conventions
of `keras_faq_compat.layers.recurrent` (``reset_states(values)``, states as extra inputs, ...).

Keras 3 replacement: ``keras.layers.ConvLSTM2D`` with ``data_format='channels_last'`` on a CPU and
``get_initial_state(batch_size)``.

Difference: none in the numbers. On a machine without a GPU (where TensorFlow has no NCHW
convolution) the cell's two convolutions of a ``channels_first`` layer run as NHWC between
transposes, as Keras 2's TensorFlow backend ran them; weights, states and config keep
``channels_first``.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers.channels_first import needs_transpose

__all__ = ["Keras2ConvRNN2D"]

_ops = _keras.ops


def _channels_last_conv(cell, conv):
    """`conv` (a method of `cell`) run on NHWC data, for NCHW `x` and result."""

    def run(x, w, *args, **kwargs):
        rank = len(x.shape)
        to_last = (0,) + tuple(range(2, rank)) + (1,)
        to_first = (0, rank - 1) + tuple(range(1, rank - 1))
        # The cell reads `data_format` when it convolves (and adds the bias), so switching it for
        # the call runs the channels_last path with the same kernel.
        cell.data_format = "channels_last"
        try:
            outputs = conv(_ops.transpose(x, to_last), w, *args, **kwargs)
        finally:
            cell.data_format = "channels_first"
        return _ops.transpose(outputs, to_first)

    return run


class Keras2ConvRNN2D:
    """Keras 2's ``ConvLSTM2D``: ``channels_first`` on a CPU and ``get_initial_state(inputs)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_transpose(self.cell.data_format):
            # Keras 3 makes the cell inside the layer's constructor: its convolutions are wrapped
            # here, on this cell only.
            self.cell.input_conv = _channels_last_conv(self.cell, self.cell.input_conv)
            self.cell.recurrent_conv = _channels_last_conv(self.cell, self.cell.recurrent_conv)

    def get_initial_state(self, inputs=None, batch_size=None):
        """Zero states: from a tensor of input sequences (Keras 2) or for `batch_size` (Keras 3).

        Args:
            inputs: ``(samples, timesteps, ...)`` inputs, symbolic or not; or (as Keras 3 calls
                it) the batch size.
            batch_size: the batch size; default None.
        """
        if inputs is None or len(getattr(inputs, "shape", ())) < 3:
            return super().get_initial_state(inputs if inputs is not None else batch_size)
        # Keras 2's way: a convolution of zeros, so the shape follows the tensor's, symbolic or not.
        zeros = _ops.sum(_ops.zeros_like(inputs), axis=1)
        channels = inputs.shape[-1] if self.cell.data_format == "channels_last" else inputs.shape[2]
        kernel = _ops.zeros(tuple(self.cell.kernel_size) + (channels, self.cell.filters), dtype=zeros.dtype)
        state = self.cell.input_conv(zeros, kernel, padding=self.cell.padding)
        return [state, state]


__getattr__, __dir__ = _lazy.surface(__name__)
