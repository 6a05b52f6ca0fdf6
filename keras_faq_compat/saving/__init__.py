"""Keras 2 model files: HDF5 layout, JSON/YAML configs, real Keras 2.0-2.4 files.

Legacy API: ``keras.models.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config`` and ``keras.engine.saving``.

Keras 3 replacement: ``keras.saving.load_model`` / ``save_model`` with ``.keras``
files; ``keras.models.model_from_json``.

Behaviour: a path ending in ``.keras`` uses the Keras 3 format; any other
path (or an open ``h5py.File`` / group) is a Keras 2 HDF5 file, as Keras 2
wrote for any name. Loading is a sequence of stages run from `load`
(read the layout, translate the config, build, restore the weights,
compile, restore the optimizer state); saving from `save` (describe the
model, write atomically, so a failed save leaves the previous file intact).
Differences from Keras 2: YAML is read with a safe loader only; a legacy
``Lambda`` with bytecode needs ``safe_mode=False`` unless this process saved
it; optimizers run as Keras 3 implements them (RMSprop puts epsilon inside
the square root).

This package module is a facade: the functions live in the stage modules
and are imported on first use, so that the model classes (which import
`model_methods` and `class_identity` from here) and the loading code that
builds them import without a cycle. Names Keras 3 keeps in
``keras.saving`` (``register_keras_serializable``, ...) are served
unchanged, so Keras 3 code that imports ``keras.saving`` under the
activation keeps working.
"""

from keras_faq_compat import _lazy

__all__ = [
    "load_model",
    "save_model",
    "model_from_json",
    "model_from_yaml",
    "model_from_config",
    "load_weights",
    "save_weights",
]

_TABLE = {
    "load_model": ".load:load_model",
    "load_weights": ".load:load_weights",
    "save_model": ".save:save_model",
    "save_weights": ".save:save_weights",
    "model_from_config": ".from_config:model_from_config",
    "model_from_json": ".from_config:model_from_json",
    "model_from_yaml": ".from_config:model_from_yaml",
    "build_model": ".from_config:build_model",
    "model_config_of": ".describe:model_config_of",
    "training_config_of": ".describe:training_config_of",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="saving")
