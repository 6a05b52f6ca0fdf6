"""``keras.models``: Keras 2 model classes and loading functions.

Legacy API: ``keras.models.Sequential``, ``Model``, ``load_model``, ``save_model``,
``model_from_json``, ``model_from_yaml``, ``model_from_config``, ``clone_model``.

Keras 3 replacement: ``keras.Sequential``, ``keras.Model``,
``keras.models.load_model`` (``.keras`` files), ``keras.models.model_from_json``;
YAML was removed from Keras.
"""

from keras_faq_compat import _lazy

_TABLE = {
    "Model": "keras_faq_compat.engine.training:Model",
    "Sequential": "keras_faq_compat.engine.sequential:Sequential",
    "load_model": "keras_faq_compat.saving:load_model",
    "save_model": "keras_faq_compat.saving:save_model",
    "model_from_json": "keras_faq_compat.saving:model_from_json",
    "model_from_yaml": "keras_faq_compat.saving:model_from_yaml",
    "model_from_config": "keras_faq_compat.saving:model_from_config",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="models")
