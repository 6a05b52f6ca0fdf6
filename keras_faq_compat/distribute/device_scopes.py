"""Device parallelism: device scopes around layer calls of a functional model.

Legacy API: the Keras FAQ's device parallelism, layer calls made inside
``with tf.device('/gpu:0'):`` (the FAQ spells it ``tf.device_scope``) while
building a functional model; in Keras 2 (TF1 graphs) those ops ran on that
device whenever the model ran.

TensorFlow 2 replacement: ``tf.device(...)`` inside a layer's or a model's
``call``. A Keras 3 functional model is built from symbolic tensors: a device
scope around the building has no effect when the model runs.

Here, under the activation, each layer call made inside a device scope
remembers that device (`record_node_device`, on the Keras graph node of the
call), and compat functional models (`DevicePlacementMixin`) run that call
inside ``tf.device(...)`` of the recorded device every time the model runs.
Inside a replica of a distribution strategy (``multi_gpu_model``) the
replica's device wins, as a call of the model under another device scope did
in Keras 2. The device strings follow TensorFlow's soft placement: a GPU that
does not exist falls back to the CPU.
"""

from keras_faq_compat import _internals
from keras_faq_compat._real import tf

__all__ = [
    "current_device",
    "record_node_device",
    "node_init_recording_device",
    "node_device",
    "DevicePlacementMixin",
]

_ATTRIBUTE = "_keras_faq_compat_device"

# The unpatched constructor of Keras's graph node, taken when this module is
# first imported (before the activation wraps it).
_node_owner, _node_attribute = _internals.node_init_patch_point()
_node_init = getattr(_node_owner, _node_attribute)


def current_device():
    """The device of the innermost ``tf.device`` scope in effect (eager code), or ``""``."""
    return _internals.current_device_scope()


def record_node_device(node):
    """Remember the current device scope on a Keras graph node (a layer call)."""
    device = current_device()
    if device:
        setattr(node, _ATTRIBUTE, device)


def node_init_recording_device(node, *args, **kwargs):
    """The constructor of Keras's graph node (`_internals.node_init_patch_point`), also recording the device scope.

    The activation installs it (and `uninstall` removes it).
    """
    _node_init(node, *args, **kwargs)
    record_node_device(node)


def node_device(node):
    """The device recorded for a node, or None."""
    return getattr(node, _ATTRIBUTE, None)


def _in_replica_of_strategy():
    return tf.distribute.has_strategy() and not tf.distribute.in_cross_replica_context()


class _OnDevice:
    """Calls an operation inside ``tf.device(device)``; otherwise behaves as the operation."""

    def __init__(self, operation, device):
        self._operation = operation
        self._device = device

    def __call__(self, *args, **kwargs):
        with tf.device(self._device):
            return self._operation(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._operation, name)


class DevicePlacementMixin(_internals.NodeOperationHook):
    """Runs each layer call of a functional model on the device recorded when it was built.

    Cooperates through ``super()`` with Keras's ``Functional``: it wraps the
    operation Keras runs for each graph node (`_internals.NodeOperationHook`).
    """

    def _wrap_node_operation(self, operation, node):
        device = node_device(node)
        if device is None or _in_replica_of_strategy():
            return operation
        return _OnDevice(operation, device)
