"""``keras.layers.convolutional``: the Keras 2 module of the convolution, padding and cropping layers.

Legacy API: ``from keras.layers.convolutional import Conv2D, Conv2DTranspose, Cropping1D, ...``.
Keras 3 replacement: ``keras.layers`` (one flat namespace, the same layers).
Differences restored here, as mixins of the Keras 2 classes of `keras_faq_compat.layers.legacy_layers`:

* an input whose channel axis is unknown (``batch_input_shape=(None, None, 5, None)``) is refused with
  Keras 2's ``ValueError`` when the layer is built (Keras 3 fails with a ``TypeError`` on ``None``);
* a dilated ``Conv2DTranspose`` runs on a CPU (TensorFlow's CPU kernel has no dilation): it computes the
  same result with the kernel's taps spread ``dilation_rate`` apart, as Keras 2's
  ``atrous_conv2d_transpose`` did;
* ``Cropping1D`` may crop the whole axis away (an empty sequence), as Keras 2 allowed.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = []


class Keras2DefinedChannels:
    """Keras 2's check that a convolution's input has a known number of channels."""

    def build(self, input_shape):
        axis = 1 if self.data_format == "channels_first" else -1
        if input_shape[axis] is None:
            raise ValueError(
                f"{type(self).__name__} {self.name!r}: the channel dimension of the inputs should be "
                f"defined. Found `None` (input shape {tuple(input_shape)})."
            )
        super().build(input_shape)


def _dilated_kernel(kernel, dilation_rate):
    """`kernel` (spatial axes first) with ``rate - 1`` zeros between its taps along each spatial axis."""
    ops = _keras.ops
    for axis, rate in enumerate(dilation_rate):
        if rate == 1:
            continue
        shape = list(kernel.shape)
        taps = shape[axis]
        # Each tap followed by `rate - 1` zeros, then the zeros after the last tap dropped.
        spread = ops.expand_dims(kernel, axis + 1)
        zeros = ops.zeros(shape[: axis + 1] + [rate - 1] + shape[axis + 1 :], dtype=kernel.dtype)
        spread = ops.concatenate([spread, zeros], axis=axis + 1)
        spread = ops.reshape(spread, shape[:axis] + [taps * rate] + shape[axis + 1 :])
        kernel = ops.take(spread, ops.arange((taps - 1) * rate + 1), axis=axis)
    return kernel


class Keras2DilatedTranspose:
    """A dilated transposed convolution computed with a dilated kernel, which every device runs."""

    def call(self, inputs):
        if all(rate == 1 for rate in self.dilation_rate):
            return super().call(inputs)
        ops = _keras.ops
        outputs = ops.conv_transpose(
            inputs,
            _dilated_kernel(ops.convert_to_tensor(self.kernel), self.dilation_rate),
            strides=list(self.strides),
            padding=self.padding,
            output_padding=self.output_padding,
            dilation_rate=1,
            data_format=self.data_format,
        )
        if self.use_bias:
            if self.data_format == "channels_last":
                bias_shape = (1,) * (self.rank + 1) + (self.filters,)
            else:
                bias_shape = (1, self.filters) + (1,) * self.rank
            outputs = ops.add(outputs, ops.reshape(self.bias, bias_shape))
        if self.activation is not None:
            return self.activation(outputs)
        return outputs


class Keras2Cropping1D:
    """``Cropping1D`` that may leave an empty axis (Keras 3 requires at least one step left)."""

    def compute_output_shape(self, input_shape):
        length = input_shape[1]
        if length is not None:
            length = length - self.cropping[0] - self.cropping[1]
            if length < 0:
                raise ValueError(
                    f"Cropping1D {self.name!r}: cropping={tuple(self.cropping)} is longer than the "
                    f"input's length {input_shape[1]}."
                )
        return (input_shape[0], length, input_shape[2])

    def call(self, inputs):
        length = _keras.ops.shape(inputs)[1]
        return inputs[:, self.cropping[0] : length - self.cropping[1], :]


__getattr__, __dir__ = _lazy.surface(__name__)
