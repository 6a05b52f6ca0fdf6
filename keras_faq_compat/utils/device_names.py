"""``keras.utils.multi_gpu_utils._normalize_device_name``: short device names, as Keras 2 compared them.

Legacy API: ``_normalize_device_name('/job:localhost/replica:0/task:0/device:GPU:0')`` -> ``'/gpu:0'``
(private in Keras 2; multi-GPU scripts and Keras 2's own tests use it on ``_get_available_devices()``).
Keras 3 replacement: ``tf.config.list_logical_devices("GPU")`` and the devices' ``device_type``.
Difference: none.
"""

__all__ = ["normalize_device_name"]


def normalize_device_name(name):
    """The last two fields of a TensorFlow device name, lower case: ``'/gpu:0'``, ``'/cpu:0'``.

    Args:
        name: a device name (``'/device:GPU:0'``, ``'/job:localhost/replica:0/task:0/device:CPU:0'``).
    """
    fields = name.lower().replace("/", "").split(":")
    return "/" + ":".join(fields[-2:])
