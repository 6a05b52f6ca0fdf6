"""``keras.layers.serialize`` / ``deserialize`` with Keras 2's lookup of class names.

Legacy API: ``keras.layers.deserialize({'class_name': 'Dense', 'config': {...}}, custom_objects=None)``:
a class name alone names a Keras layer (or ``Model`` / ``Sequential``).
Keras 3 replacement: ``keras.layers.deserialize`` (its configs also carry ``module`` and
``registered_name``).
Difference: none for configs the compat layers write; the layer made is the Keras 2 class of the
compat layer (Keras 2 arguments, ``Lambda`` round trips). Keras 2 configs from files are translated
by the loaders of `keras_faq_compat.saving`, not here.
"""

from keras_faq_compat import _lazy
from keras_faq_compat import layers as _layers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.utils import generic_utils

__all__ = ["serialize", "deserialize"]

serialize = _keras.layers.serialize

_MODEL_CLASSES = {
    "Model": "keras_faq_compat.engine.training:Model",
    "Sequential": "keras_faq_compat.engine.sequential:Sequential",
}


def deserialize(config, custom_objects=None):
    """The layer (or model) a ``{'class_name': ..., 'config': ...}`` dictionary describes.

    Args:
        config: the serialized layer.
        custom_objects: ``{name: class or function}`` of user objects; default None.
    """
    class_name = config.get("class_name") if isinstance(config, dict) else None
    module_objects = {}
    if class_name in _MODEL_CLASSES:
        module_objects[class_name] = _lazy.resolve(_MODEL_CLASSES[class_name])
    elif isinstance(class_name, str):
        layer_class = getattr(_layers, class_name, None)
        if isinstance(layer_class, type):
            module_objects[class_name] = layer_class
    return generic_utils.deserialize_keras_object(config, module_objects, custom_objects, "layer")
