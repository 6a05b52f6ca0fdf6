"""``keras.layers.advanced_activations``: the Keras 2 module of the activation layers.

Legacy API: ``from keras.layers.advanced_activations import LeakyReLU, PReLU, ELU, ThresholdedReLU,
Softmax, ReLU``.
Keras 3 replacement: ``keras.layers`` (the same layers); ``ThresholdedReLU`` was removed: use
``keras.layers.Lambda(lambda x: x * keras.ops.cast(x > theta, x.dtype))`` or ``ReLU(threshold=theta)``
where a shifted output is acceptable.
Difference: none for ``ThresholdedReLU``: it computes Keras 2's ``x if x > theta else 0``.
``LeakyReLU(alpha=...)`` takes a negative slope below 0 too, as Keras 2 did (Keras 3 refuses it), and
keeps Keras 2's ``layer.alpha``; Keras 2's ``ReLU`` ran TensorFlow's ``Relu``/``LeakyRelu``/``Relu6`` ops,
which a Keras 3 symbolic tensor cannot show (``tensor.op``).
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["ThresholdedReLU"]


class Keras2LeakyReLUSlope:
    """``LeakyReLU(alpha)`` as in Keras 2: any float slope, ``layer.alpha``.

    Args:
        alpha: the slope for ``x < 0``; default 0.3 (Keras 3 calls it ``negative_slope``).
        **kwargs: other layer arguments (``negative_slope``, ``name``, ...).
    """

    def __init__(self, alpha=0.3, **kwargs):
        alpha = kwargs.pop("negative_slope", alpha)
        if alpha is not None and alpha < 0:
            # Keras 3 checks the slope only in its constructor; the op itself takes any slope.
            super().__init__(negative_slope=0.0, **kwargs)
            self.negative_slope = float(alpha)
        else:
            super().__init__(negative_slope=alpha, **kwargs)

    @property
    def alpha(self):
        return self.negative_slope


class ThresholdedReLU(_keras.layers.Layer):
    """Keras 2's thresholded rectifier: ``f(x) = x`` for ``x > theta``, ``0`` otherwise.

    Args:
        theta: the threshold, a float >= 0; default 1.0.
        **kwargs: other layer arguments (``name``, ``input_shape``, ...).
    """

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None or theta < 0:
            raise ValueError(f"ThresholdedReLU: theta must be a float >= 0; got {theta!r}.")
        self.supports_masking = True
        self.theta = float(theta)

    def call(self, inputs):
        theta = _keras.ops.cast(self.theta, inputs.dtype)
        return inputs * _keras.ops.cast(_keras.ops.greater(inputs, theta), inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "theta": self.theta}


__getattr__, __dir__ = _lazy.surface(__name__)
