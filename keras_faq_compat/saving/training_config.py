"""Compiling a loaded model from its Keras 2 training config (the compile stage of loading).

Legacy API: the ``training_config`` part of Keras 2's ``load_model``
(``model.compile(**training_config)``).

Keras 3 replacement: ``model.compile`` from the ``compile_config`` of a
``.keras`` file.

The config has the Keras 2 spelling; `legacy_config.translate_training_config`
turns it into Keras 3 arguments (metrics that Keras 3 lacks are left out
with a warning), and the model is compiled inside the user's custom-object
scopes. Any error names the file.
"""

import warnings

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.saving import legacy_config
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope

__all__ = ["compile_model"]

# Metric names that compile resolves from the output and the loss.
_COMPILE_METRIC_NAMES = ("accuracy", "acc", "crossentropy", "ce")


def _entries(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _entries(item)
    elif isinstance(value, dict) and "class_name" not in value:
        for item in value.values():
            yield from _entries(item)
    elif value is not None:
        yield value


def _resolves(entry, modules):
    objects = _internals.scoped_custom_objects()
    if isinstance(entry, dict):
        name = entry.get("class_name")
        if name in objects or _keras.saving.get_registered_object(name) is not None:
            return True
        return any(isinstance(getattr(module, str(name), None), type) for module in modules)
    if not isinstance(entry, str) or entry in objects or entry in _COMPILE_METRIC_NAMES:
        return True
    for module in modules:
        try:
            module.get(entry)
            return True
        except (ValueError, TypeError):
            continue
    return False


def _check_names(config, source):
    """Refuse, before compiling, a loss or metric that nothing in scope defines.

    Keras 3 would compile such a metric and fail only at the first batch.
    """
    kinds = (
        ("loss", config.get("loss"), (_keras.losses,)),
        ("metric", config.get("metrics"), (_keras.metrics, _keras.losses)),
        ("weighted metric", config.get("weighted_metrics"), (_keras.metrics, _keras.losses)),
    )
    for kind, value, modules in kinds:
        for entry in _entries(value):
            if not _resolves(entry, modules):
                name = entry.get("class_name") if isinstance(entry, dict) else entry
                raise LegacyFileError(
                    f"{source}: the training config cannot compile the model: it names the {kind} {name!r}, "
                    f"which is neither a Keras "
                    f"{kind} nor a registered object; pass custom_objects={{{name!r}: ...}} to load_model, "
                    "or load_model(..., compile=False) to load the model without its training config."
                )


def compile_model(model, training_config, custom_objects=None, source="<file>"):
    """Compile `model` as its file's training config says.

    Args:
        model: the freshly built model.
        training_config: the decoded ``training_config`` dictionary.
        custom_objects: name -> class or function (losses, metrics,
            optimizers); default None.
        source: the file name, for messages; default "<file>".

    Raises:
        LegacyFileError: the training config cannot be used; the message
            names `source`.
    """
    try:
        config, dropped = legacy_config.translate_training_config(training_config)
        config.setdefault("loss_weights", None)
        with custom_scope(custom_objects):
            _check_names(config, source)
            args = _internals.compile_args_from_training_config(config, custom_objects)
            model.compile(**args)
    except LegacyFileError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
        raise LegacyFileError(
            f"{source}: the training config cannot compile the model ({type(e).__name__}: {e}); "
            "load_model(..., compile=False) loads the model without it."
        ) from e
    if dropped:
        warnings.warn(
            f"{source}: Keras 2 metrics {dropped} do not exist in Keras 3 and were left out.",
            stacklevel=4,
        )
