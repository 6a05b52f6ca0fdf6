"""``K.tensorflow_backend._get_available_gpus()``: the GPU list Keras 2 scripts and tests asked for.

Legacy API: ``keras.backend.tensorflow_backend._get_available_gpus()`` (private in Keras 2, but
multi-GPU scripts and Keras 2's own tests call it to decide how many GPUs to use).
Keras 3 replacement: ``tf.config.list_logical_devices("GPU")``.
Difference: the names are TensorFlow 2's logical device names (``/device:GPU:0``), as the Keras 2
session listed them.
"""

from keras_faq_compat._real import tf as _tf

__all__ = ["get_available_gpus", "get_available_devices"]


def get_available_gpus():
    """The names of the GPUs TensorFlow can use here, ``[]`` on a CPU-only machine."""
    return [device.name for device in _tf.config.list_logical_devices("GPU")]


def get_available_devices():
    """The names of every device TensorFlow can use here (``/device:CPU:0``, GPUs after it)."""
    return [device.name for device in _tf.config.list_logical_devices()]
