"""The public Keras 3 identity of the compat model classes.

Legacy API: ``keras.models.Model`` / ``Sequential`` of Keras 2.

Keras 3 replacement: ``keras.Model`` (``Functional``) / ``keras.Sequential``.

A compat model is a Keras 3 ``Functional`` or ``Sequential`` plus legacy
methods and no state of its own. In every file it is written as the Keras 3
class (so plain Keras 3 loads it), and a model loaded through the compat
layer gets the compat class back. This module is the one place that keeps
the correspondence; each compat model class enters it where it is defined
(``@class_identity.compat_model_class(...)``), so this module imports no
model class.
"""

import contextlib

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import cudnn_recurrent, legacy_layers

__all__ = [
    "PUBLIC_NAMES",
    "compat_model_class",
    "compat_objects",
    "public_names",
    "public_model_config",
    "to_compat",
]

# compat class name -> (Keras 3 export name, class name in a legacy config); filled by
# `compat_model_class` as each compat model class is defined.
PUBLIC_NAMES = {}
# compat class name -> the class.
_CLASSES = {}
# class name in a Keras config -> the compat class a loaded model gets.
_LOADED_AS = {}


def compat_model_class(export_name, config_name, loads=()):
    """Class decorator: `cls` is a compat model class, written to files as a Keras 3 class.

    Only this module's own tables change; Keras's registries are written inside
    `public_names` only.

    Args:
        export_name: the Keras 3 export whose name files carry (``"keras.Model"``).
        config_name: the class name a legacy-style config carries (``"Functional"``).
        loads: class names in a Keras config that load as `cls` (``("Functional",
            "Model")``); default none (a model of `cls` loads as whichever class
            its config names).

    Raises:
        ValueError: another class of the same name is registered already.
    """

    def register(cls):
        name = cls.__name__
        if _CLASSES.get(name, cls) is not cls:
            raise ValueError(f"compat_model_class: a compat model class named {name!r} is registered already.")
        PUBLIC_NAMES[name] = (export_name, config_name)
        _CLASSES[name] = cls
        for loaded in loads:
            _LOADED_AS[loaded] = cls
        return cls

    return register


def compat_objects():
    """``custom_objects`` entries that build compat classes from Keras configs.

    The model classes are those defined so far (a compat model class
    registers itself with `compat_model_class`); the loading functions import
    them first.
    """
    objects = dict(_LOADED_AS)
    # Layers whose Keras 2 behaviour lives in the running layer, not in its config: a loaded
    # model keeps it (channels_first convolutions on a CPU).
    for name in RUNTIME_LAYERS:
        objects[name] = legacy_layers.legacy_class(name)
    # Keras 2's CuDNN layers, which Keras 3 lacks, with their own weight layout (8 or 6 units of biases).
    objects["CuDNNLSTM"] = cudnn_recurrent.CuDNNLSTM
    objects["CuDNNGRU"] = cudnn_recurrent.CuDNNGRU
    return objects


# Lambda: Keras 3.3's own class cannot add the list output_shape a config gives to the batch axis.
RUNTIME_LAYERS = ("Conv1D", "Conv2D", "Conv2DTranspose", "Conv3DTranspose", "Lambda")


@contextlib.contextmanager
def public_names():
    """While inside, Keras 3 serialization writes compat models as their Keras 3 class.

    Adds the compat classes (only them) to Keras's table of exported symbols, object -> name
    direction, so ``serialize_keras_object`` writes ``module: keras, class_name: Functional``,
    and takes them out again on exit: outside a save or ``to_json``, Keras's registry is as Keras
    left it. Loading is untouched: the name still resolves to the Keras 3 class. Re-entrant.
    """
    previous = []
    for name, cls in list(_CLASSES.items()):
        export_name = PUBLIC_NAMES[name][0]
        if _internals.exported_symbol(export_name) is None:
            raise RuntimeError(f"Keras {_keras.__version__} no longer exports {export_name}.")
        previous.append((cls, _internals.set_export_name(cls, export_name)))
    try:
        yield
    finally:
        for cls, name in reversed(previous):
            _internals.set_export_name(cls, name)


def public_model_config(config):
    """Rewrite compat class names in a legacy-style config to Keras 3 names."""
    if isinstance(config, dict):
        out = {k: public_model_config(v) for k, v in config.items()}
        if out.get("class_name") in PUBLIC_NAMES and "config" in out:
            out["class_name"] = PUBLIC_NAMES[out["class_name"]][1]
        return out
    if isinstance(config, list):
        return [public_model_config(v) for v in config]
    return config


def to_compat(model):
    """Give a Keras 3 Functional/Sequential model (and nested ones) the compat class.

    The compat classes add methods only, so the instance is unchanged
    otherwise. Other models (subclassed, custom) are returned as they are.
    """
    functional = _internals.functional_class()
    for obj in [model] + list(_nested_models(model)):
        if type(obj) is _keras.Sequential:
            compat = _LOADED_AS.get("Sequential")
        elif type(obj) is functional or type(obj) is _keras.Model:
            compat = _LOADED_AS.get("Functional")
        else:
            compat = None
        if compat is not None:
            object.__setattr__(obj, "__class__", compat)
    return model


def _nested_models(model):
    for layer in getattr(model, "layers", []):
        if isinstance(layer, _keras.Model):
            yield layer
            yield from _nested_models(layer)
