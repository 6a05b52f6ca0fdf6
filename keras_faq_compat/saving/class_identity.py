"""The public Keras 3 identity of the compat model classes.

Legacy API: ``keras.models.Model`` / ``Sequential`` of Keras 2.

Keras 3 replacement: ``keras.Model`` (``Functional``) / ``keras.Sequential``.

A compat model is a Keras 3 ``Functional`` or ``Sequential`` plus legacy
methods and no state of its own. In every file it is written as the Keras 3
class (so plain Keras 3 loads it), and a model loaded through the compat
layer gets the compat class back. This module is the one place that knows
the correspondence.
"""

import contextlib

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import legacy_layers

__all__ = ["PUBLIC_NAMES", "public_names", "public_model_config", "to_compat"]

# compat class name -> (Keras 3 export name, class name in a legacy config).
# ``keras.Model.from_config`` builds a functional model from its config.
PUBLIC_NAMES = {
    "FunctionalModel": ("keras.Model", "Functional"),
    "Sequential": ("keras.Sequential", "Sequential"),
    # multi_gpu_model's model: a functional model with extra behaviour only.
    "ParallelModel": ("keras.Model", "Functional"),
}



def _compat_classes():
    from keras_faq_compat.engine.sequential import Sequential
    from keras_faq_compat.distribute.mirrored import ParallelModel
    from keras_faq_compat.engine.training import FunctionalModel

    return {"FunctionalModel": FunctionalModel, "Sequential": Sequential, "ParallelModel": ParallelModel}


def compat_objects():
    """``custom_objects`` entries that build compat classes from Keras configs."""
    classes = _compat_classes()
    objects = {
        "Functional": classes["FunctionalModel"],
        "Model": classes["FunctionalModel"],
        "Sequential": classes["Sequential"],
    }
    # Layers whose Keras 2 behaviour lives in the running layer, not in its config: a loaded
    # model keeps it (channels_first convolutions on a CPU).
    for name in RUNTIME_LAYERS:
        objects[name] = legacy_layers.legacy_class(name)
    return objects


RUNTIME_LAYERS = ("Conv1D", "Conv2D", "Conv2DTranspose", "Conv3DTranspose")


@contextlib.contextmanager
def public_names():
    """While inside, Keras 3 serialization writes compat models as their Keras 3 class.

    Adds the compat classes (only them) to Keras's table of exported symbols, object -> name
    direction, so ``serialize_keras_object`` writes ``module: keras, class_name: Functional``,
    and takes them out again on exit: outside a save or ``to_json``, Keras's registry is as Keras
    left it. Loading is untouched: the name still resolves to the Keras 3 class. Re-entrant.
    """
    previous = []
    for name, cls in _compat_classes().items():
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
    classes = _compat_classes()
    functional = _internals.functional_class()
    for obj in [model] + list(_nested_models(model)):
        if type(obj) is _keras.Sequential:
            object.__setattr__(obj, "__class__", classes["Sequential"])
        elif type(obj) is functional or type(obj) is _keras.Model:
            object.__setattr__(obj, "__class__", classes["FunctionalModel"])
    return model


def _nested_models(model):
    for layer in getattr(model, "layers", []):
        if isinstance(layer, _keras.Model):
            yield layer
            yield from _nested_models(layer)
