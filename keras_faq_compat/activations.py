"""``keras.activations`` as Keras 2 code imports it.

Legacy API: the activation functions (``relu``, ``softmax``, ``hard_sigmoid``, ...), ``serialize``,
``deserialize`` and ``get(identifier)``. The functions are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.activations``.

Differences restored here: ``softmax`` refuses a 1D tensor with Keras 2's ``ValueError`` (Keras 3
normalises it), also on symbolic tensors (``K.placeholder``, where it is a graph node); a layer given
the name ``'softmax'`` uses Keras 3's function, and saved models name it as usual.
``get`` warns (``UserWarning``) when given a layer instance, as Keras 2 did
(an advanced activation such as ``LeakyReLU()`` belongs in the model as a layer, not in
``activation=``); Keras 3 takes the layer silently.
"""

import warnings

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend import _symbolic

__all__ = ["get", "deserialize", "softmax"]

def _softmax(x, axis):
    if x.shape.rank == 2:
        return _tf.nn.softmax(x, axis=axis)
    e = _tf.exp(x - _tf.reduce_max(x, axis=axis, keepdims=True))
    return e / _tf.reduce_sum(e, axis=axis, keepdims=True)


def softmax(x, axis=-1):
    """Keras 2's ``softmax(x, axis=-1)``: over `axis` of a tensor of 2 or more dimensions.

    Args:
        x: a tensor (symbolic or not) of rank 2 or more.
        axis: the axis normalised; default -1.

    Raises:
        ValueError: `x` has fewer than 2 dimensions, as in Keras 2.
    """
    rank = len(x.shape) if hasattr(x, "shape") else None
    if rank is not None and rank < 2:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    return _symbolic.graph_call(_softmax, _tf.convert_to_tensor(x) if rank is None else x, axis)


# The names whose Keras 2 function is this module's, for `get` and `deserialize`.
_KERAS2_FUNCTIONS = {"softmax": softmax}


def deserialize(config, custom_objects=None):
    """The activation a name or config stands for (this module's `softmax` for ``'softmax'``).

    Args:
        config: a name (``'relu'``) or a serialized config.
        custom_objects: user functions by name; default None.
    """
    if isinstance(config, str) and config in _KERAS2_FUNCTIONS and config not in (custom_objects or {}):
        return _KERAS2_FUNCTIONS[config]
    return _keras.activations.deserialize(config, custom_objects=custom_objects)


def get(identifier):
    """The activation function `identifier` names; ``linear`` for None.

    Args:
        identifier: None, a name (``'relu'``), a config, or a callable (returned as it is; a layer
            instance gives Keras 2's warning).

    Raises:
        ValueError: `identifier` is not one of these.
    """
    if isinstance(identifier, _keras.layers.Layer):
        warnings.warn(
            f"Do not pass a layer instance (such as {type(identifier).__name__}) as the activation argument "
            "of another layer. Instead, advanced activation layers should be used just like any other "
            "layer in a model.",
            UserWarning,
            stacklevel=2,
        )
    if isinstance(identifier, str) and identifier in _KERAS2_FUNCTIONS:
        return _KERAS2_FUNCTIONS[identifier]
    return _keras.activations.get(identifier)


__getattr__, __dir__ = _lazy.surface(__name__)
