"""Building a model from a translated config (the build stage of loading).

Legacy API: what ``keras.models.model_from_config`` and the first part of
``load_model`` did in Keras 2.

Keras 3 replacement: ``keras.models.model_from_json`` /
``keras.Model.from_config``.

The config has already been translated to Keras 3 (`legacy_config`). This
stage checks that every layer class is known (naming the file and the
``custom_objects`` to pass), builds inside the user's custom-object scopes
(nested scopes add up, as in Keras 2), and gives the compat model class
back. A Python lambda in the config is built only with ``safe_mode=False``
or when this process wrote it (`trusted_code`).
"""

import base64
import builtins
import marshal
import sys
import types

import numpy as np

from keras_faq_compat import _internals, backend
from keras_faq_compat._real import keras as _keras

# The compat model classes enter `class_identity` where they are defined;
# building gives a loaded model their class, so they must be defined first.
from keras_faq_compat.engine import sequential as _sequential  # noqa: F401
from keras_faq_compat.engine import training as _training  # noqa: F401
from keras_faq_compat.saving import class_identity, trusted_code
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope

__all__ = ["build"]

_REMOVED_LAYERS = {
    "Merge": "the Keras 1 Merge layer was removed in Keras 2.2; rebuild with Add, "
    "Concatenate, Multiply, Average, Maximum or Dot",
    "LocallyConnected1D": "removed from Keras 3",
    "LocallyConnected2D": "removed from Keras 3",
}


def _known_layer(layer, custom_objects):
    name = layer.get("class_name")
    if name in (custom_objects or {}) or name in class_identity.compat_objects():
        return True
    for key in (name, layer.get("registered_name")):
        if key and _keras.saving.get_registered_object(key, custom_objects) is not None:
            return True
    module = layer.get("module")
    if module and not module.startswith("keras"):
        return True  # a Keras 3 config naming its own module: Keras imports it
    return isinstance(name, str) and hasattr(_keras.layers, name)


def _layer_entries(config):
    """Every layer dictionary in a translated model config."""
    entries = [config]
    inner = config.get("config")
    if isinstance(inner, dict):
        for layer in inner.get("layers", []) or []:
            if isinstance(layer, dict):
                entries.extend(_layer_entries(layer))
        for key in ("layer", "backward_layer"):
            if isinstance(inner.get(key), dict) and "class_name" in inner[key]:
                entries.extend(_layer_entries(inner[key]))
    return entries


def _check_classes(config, custom_objects, source):
    for layer in _layer_entries(config):
        name = layer.get("class_name")
        if name and not _known_layer(layer, custom_objects):
            hint = _REMOVED_LAYERS.get(name)
            hint = f" ({hint})" if hint else ""
            raise LegacyFileError(
                f"{source}: unknown layer class {name!r}{hint}. If it is a custom layer, pass "
                f"custom_objects={{{name!r}: {name}}} (or load inside "
                f"keras.utils.CustomObjectScope({{{name!r}: {name}}}))."
            )


def _lambdas_allowed(config, safe_mode, source):
    # Lambdas are loaded here, before Keras builds (Keras 3's safe mode then
    # meets none): only with safe_mode=False or when this process saved them.
    if not safe_mode:
        return
    codes = trusted_code.lambda_codes(config)
    untrusted = [code for code in codes if not trusted_code.is_trusted(code)]
    if untrusted:
        raise LegacyFileError(
            f"{source}: the model holds {len(untrusted)} Python lambda(s) as marshalled "
            "bytecode; loading runs that code from the file. Pass safe_mode=False to load it "
            "only if you trust the file, or rebuild the layer in code and load the weights."
        )


def _function(config, custom_objects):
    # As Keras 2's Lambda.from_config: the function's globals are those of
    # Keras 2's layer module (``K``, ``np``) plus `custom_objects`, so a lambda
    # calling a function passed in custom_objects finds it.
    code = marshal.loads(base64.b64decode(config["code"].encode("ascii")))
    defaults = tuple(config["defaults"]) if config.get("defaults") is not None else None
    closure = config.get("closure")
    closure = tuple(types.CellType(value) for value in closure) if closure is not None else None
    globs = {"__builtins__": builtins, "K": backend, "np": np, **(custom_objects or {})}
    return types.FunctionType(code, globs, code.co_name, defaults, closure)


def _with_lambdas_loaded(config, objects, source, layer=None):
    """`config` with each ``__lambda__`` entry loaded into `objects` and named there."""
    if isinstance(config, dict):
        if config.get("class_name") == "__lambda__" and isinstance(config.get("config"), dict):
            name = f"__lambda_{len([k for k in objects if k.startswith('__lambda_')])}__"
            try:
                objects[name] = _function(config["config"], objects)
            except (EOFError, ValueError, TypeError, SystemError) as e:
                # Bytecode is specific to the Python version that wrote it.
                raise LegacyFileError(
                    f"{source}: Lambda layer {layer!r} cannot be rebuilt: its marshalled Python bytecode "
                    f"does not load in Python {sys.version_info[0]}.{sys.version_info[1]} ({type(e).__name__}: "
                    f"{e}); it was written by another Python version. Rebuild the layer in code and load the "
                    "weights with load_weights(path, by_name=True)."
                ) from None
            # The Keras 3 form of a function found among the custom objects.
            return {"module": None, "class_name": "function", "config": name, "registered_name": name}
        inner = config.get("config")
        if isinstance(inner, dict) and isinstance(inner.get("name"), str) and "class_name" in config:
            layer = inner["name"]
        return {key: _with_lambdas_loaded(value, objects, source, layer) for key, value in config.items()}
    if isinstance(config, list):
        return [_with_lambdas_loaded(value, objects, source, layer) for value in config]
    return config


def build(translated, custom_objects=None, safe_mode=True, source="<config>"):
    """Build a compat model from a translated (Keras 3) model config.

    Args:
        translated: what `legacy_config.translate_model_config` returned.
        custom_objects: name -> class or function; default None.
        safe_mode: refuse lambdas this process did not save; default True.
        source: file name or description for messages; default "<config>".

    Returns:
        The uncompiled model (`Sequential` / functional `Model` of the
        compat layer for those configs).

    Raises:
        LegacyFileError: an unknown layer class, a refused lambda, or a
            config Keras cannot build; the message names `source`.
    """
    _check_classes(translated, custom_objects, source)
    _lambdas_allowed(translated, safe_mode, source)
    objects = dict(class_identity.compat_objects())
    objects.update(custom_objects or {})
    try:
        translated = _with_lambdas_loaded(translated, objects, source)
        with _internals.legacy_config_scope(), _internals.safe_mode_scope(safe_mode), custom_scope(objects):
            model = _internals.model_from_legacy_config(translated, custom_objects=objects)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError) as e:
        if isinstance(e, LegacyFileError):
            raise
        raise LegacyFileError(f"{source}: the model config cannot be built ({type(e).__name__}: {e}).") from e
    return class_identity.to_compat(model)
