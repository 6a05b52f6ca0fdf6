"""``keras.engine.saving``: Keras 2.2's saving functions.

Legacy API: ``keras.engine.saving.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config``.
Keras 3 replacement: ``keras.saving.load_model`` / ``save_model``.
"""

from keras_faq_compat import _lazy

_NAMES = ("load_model", "save_model", "model_from_json", "model_from_yaml", "model_from_config")
__getattr__, __dir__ = _lazy.lazy_attributes(
    __name__, {name: "keras_faq_compat.saving:" + name for name in _NAMES}
)
