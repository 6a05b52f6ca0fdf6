"""Keras 2 model files: HDF5 layout, JSON/YAML configs, real Keras 2.0-2.4 files.

Legacy API: ``keras.models.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config`` and ``keras.engine.saving``.

Keras 3 replacement: ``keras.saving.load_model`` / ``save_model`` with ``.keras``
files; ``keras.models.model_from_json``.

Names Keras 3 keeps in ``keras.saving`` (``register_keras_serializable``, ...)
are served unchanged, so Keras 3 code that imports ``keras.saving`` under the
activation keeps working.
"""

from keras_faq_compat import _lazy

_TODO = "the saving issue"
_TABLE = {}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="saving")

load_model = _lazy.not_implemented("keras.models.load_model", _TODO)
save_model = _lazy.not_implemented("keras.models.save_model", _TODO)
model_from_json = _lazy.not_implemented("keras.models.model_from_json", _TODO)
model_from_yaml = _lazy.not_implemented("keras.models.model_from_yaml", _TODO)
model_from_config = _lazy.not_implemented("keras.models.model_from_config", _TODO)
