"""``keras.engine.base_layer``: a Keras 2.2 module path of the engine classes.

Legacy API: ``from keras.engine.base_layer import ...`` (Layer, InputSpec, Input, InputLayer, Network),
``Node`` (the record of one call of a layer on symbolic tensors) and Keras 2.3's
``disable_tracking`` method decorator.
Keras 3 replacement: ``keras.layers.Layer``, ``keras.layers.InputSpec``, ``keras.Input``, ``keras.Model``;
Keras 3 makes its graph nodes itself when a layer is called on a ``keras.KerasTensor``.

Differences that remain: ``Node`` cannot be constructed by user code (``isinstance(x, Node)`` is true
for Keras 3's nodes, whose attributes are ``operation``, ``parent_nodes``, ``input_tensors`` and
``output_tensors``); ``disable_tracking`` runs the method with Keras 2's flag set but Keras 3 still
tracks the layers and variables assigned inside it.
"""

import functools
import threading

from keras_faq_compat import _lazy
from keras_faq_compat.legacy_names import LegacyNameError

__all__ = ["Node", "disable_tracking"]

# Keras 2.3's flag, under its Keras 2 name: a thread-local whose ``value`` is True inside a
# `disable_tracking` method.
_DISABLE_TRACKING = threading.local()


def _keras_node_class():
    # This surface module imports no Keras until a name is used.
    from keras_faq_compat import _internals  # lazy: import cost

    return _internals.node_init_patch_point()[0]


class _NodeType(type):
    def __instancecheck__(cls, instance):
        return isinstance(instance, _keras_node_class()) or type.__instancecheck__(cls, instance)

    def __subclasscheck__(cls, subclass):
        return issubclass(subclass, _keras_node_class()) or type.__subclasscheck__(cls, subclass)


class Node(metaclass=_NodeType):
    """Keras 2's graph node: ``isinstance(node, Node)`` holds for the nodes Keras 3 makes.

    Keras 2 created one per call of a layer on symbolic tensors; Keras 3 does the same, so there is
    nothing to construct by hand: ``Node(...)`` raises `LegacyNameError`.
    """

    def __new__(cls, *args, **kwargs):
        raise LegacyNameError(
            "keras.engine.base_layer.Node(...) is not restored by keras_faq_compat (Keras 3 makes "
            "a node each time a layer is called on a symbolic tensor); use layer(keras.Input(...)) "
            "instead."
        )


def disable_tracking(func):
    """Decorate a layer method to run with Keras 2.3's "do not track" flag set.

    Args:
        func: the method (or any function).
    """

    @functools.wraps(func)
    def wrapped_fn(*args, **kwargs):
        previous = getattr(_DISABLE_TRACKING, "value", False)
        _DISABLE_TRACKING.value = True
        try:
            return func(*args, **kwargs)
        finally:
            _DISABLE_TRACKING.value = previous

    return wrapped_fn


__getattr__, __dir__ = _lazy.surface(__name__)
