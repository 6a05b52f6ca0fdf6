"""``channels_first`` convolutions on a CPU, as Keras 2's TensorFlow backend ran them.

Legacy API: ``Conv2D(..., data_format='channels_first')`` (also ``Conv1D``, ``Conv2DTranspose``,
``Conv3DTranspose``), or any of them under ``image_data_format: channels_first`` in ``keras.json``: the
layout of Theano-era models and code.
Keras 3 replacement: ``data_format='channels_last'`` (NHWC), which TensorFlow's CPU kernels support.
Difference: none in the numbers. Keras 2 transposed the input to NHWC where TensorFlow had no NCHW
kernel and transposed the result back; this mixin does the same at the layer (Keras 3 fails with
"only supports NHWC on the CPU"). With a GPU, the layer runs NCHW as it is.
"""

import functools

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = ["Keras2ChannelsFirstOnCPU", "needs_transpose"]


@functools.lru_cache(maxsize=None)
def _has_gpu():
    return bool(_tf.config.list_logical_devices("GPU"))


def needs_transpose(data_format):
    """Whether a ``data_format`` convolution must run as NHWC here (channels_first without a GPU)."""
    return data_format == "channels_first" and not _has_gpu()


class Keras2ChannelsFirstOnCPU:
    """Run a ``channels_first`` convolution as ``channels_last`` between two transposes on a CPU.

    The kernel's layout does not depend on ``data_format`` in Keras, so the weights, their names and
    the saved config (``data_format: channels_first``) are unchanged.
    """

    def call(self, inputs, *args, **kwargs):
        if not needs_transpose(self.data_format):
            return super().call(inputs, *args, **kwargs)
        rank = len(inputs.shape)
        to_last = (0,) + tuple(range(2, rank)) + (1,)
        to_first = (0, rank - 1) + tuple(range(1, rank - 1))
        # The layer reads `data_format` when it is called, so switching it for the call runs the
        # channels_last path with the same kernel and bias.
        self.data_format = "channels_last"
        try:
            outputs = super().call(_keras.ops.transpose(inputs, to_last), *args, **kwargs)
        finally:
            self.data_format = "channels_first"
        return _keras.ops.transpose(outputs, to_first)
