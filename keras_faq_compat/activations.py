"""``keras.activations`` as Keras 2 code imports it.

Legacy API: the activation functions (``relu``, ``softmax``, ``hard_sigmoid``, ...), ``serialize``,
``deserialize`` and ``get(identifier)``. The functions are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.activations``.

Difference restored here: ``get`` warns (``UserWarning``) when given a layer instance, as Keras 2 did
(an advanced activation such as ``LeakyReLU()`` belongs in the model as a layer, not in
``activation=``); Keras 3 takes the layer silently.
"""

import warnings

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["get"]


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
    return _keras.activations.get(identifier)


__getattr__, __dir__ = _lazy.surface(__name__)
