"""``keras.layers.advanced_activations``: the Keras 2 module of the activation layers.

Legacy API: ``from keras.layers.advanced_activations import LeakyReLU, PReLU, ELU, ThresholdedReLU,
Softmax, ReLU``.
Keras 3 replacement: ``keras.layers`` (the same layers); ``ThresholdedReLU`` was removed: use
``keras.layers.Lambda(lambda x: x * keras.ops.cast(x > theta, x.dtype))`` or ``ReLU(threshold=theta)``
where a shifted output is acceptable.
Difference: none for ``ThresholdedReLU``: it computes Keras 2's ``x if x > theta else 0``.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["ThresholdedReLU"]


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
