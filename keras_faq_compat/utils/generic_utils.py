"""``keras.utils.generic_utils``: custom objects and the progress bar.

Legacy API: ``CustomObjectScope``, ``custom_object_scope``, ``get_custom_objects``,
``Progbar``, ``serialize_keras_object``, ``deserialize_keras_object``.
Keras 3 replacement: ``keras.saving.CustomObjectScope``,
``keras.saving.get_custom_objects``, ``keras.utils.Progbar``,
``keras.saving.serialize_keras_object`` / ``deserialize_keras_object``.
"""

from keras_faq_compat._real import keras as _keras

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "get_custom_objects",
    "Progbar",
    "serialize_keras_object",
    "deserialize_keras_object",
]

CustomObjectScope = _keras.saving.CustomObjectScope
custom_object_scope = _keras.saving.custom_object_scope
get_custom_objects = _keras.saving.get_custom_objects
Progbar = _keras.utils.Progbar
serialize_keras_object = _keras.saving.serialize_keras_object
deserialize_keras_object = _keras.saving.deserialize_keras_object
