"""What a Keras 2 file stores about a model: its model config and training config.

Legacy API: the ``model_config`` and ``training_config`` attributes that
Keras 2's ``save_model`` wrote.

Keras 3 replacement: ``model.get_config()`` / ``model.get_compile_config()``
inside ``.keras`` files.

The first stage of saving: it checks that the model has a Keras 2 file
form (functional or Sequential) and gives the two configs, spelled as
Keras 2 and plain Keras 3 both read them.
"""

import warnings

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.optimizers import TFOptimizer
from keras_faq_compat.saving import class_identity, legacy_config

__all__ = ["check_saveable", "model_config_of", "training_config_of", "keeps_optimizer"]


def check_saveable(model, source):
    """Refuse a model without an architecture config (subclassed).

    Args:
        model: the model.
        source: the target's name, for the message.
    """
    if not isinstance(model, (_internals.functional_class(), _keras.Sequential)):
        raise NotImplementedError(
            f"Saving {model.__class__.__name__} to the HDF5 file {source!r} needs a "
            "functional or Sequential model (a subclassed model has no architecture config); "
            "use model.save_weights(...) or a .keras path."
        )


def model_config_of(model):
    """The ``{"class_name", "config"}`` a Keras 2 file stores for `model`.

    Args:
        model: a functional or Sequential model.
    """
    with _internals.legacy_config_scope():
        config = model.get_config()
    name = model.__class__.__name__
    name = class_identity.PUBLIC_NAMES.get(name, (None, name))[1]
    if name == "Model" and "layers" in config:
        name = "Functional"
    return class_identity.public_model_config({"class_name": name, "config": config})


def keeps_optimizer(model, include_optimizer):
    """Whether the file can hold `model`'s optimizer (a TensorFlow optimizer cannot be saved).

    Args:
        model: the model.
        include_optimizer: what the caller asked for.
    """
    optimizer = getattr(model, "optimizer", None)
    wrapped = isinstance(optimizer, TFOptimizer) and not isinstance(optimizer.optimizer, _keras.optimizers.Optimizer)
    if include_optimizer and wrapped:
        # Keras 2 saved such a model without its training config, with this warning.
        warnings.warn(
            "TensorFlow optimizers do not make it possible to access optimizer attributes or "
            "optimizer state after instantiation. As a result, we cannot save the optimizer as "
            "part of the model save file. You will have to compile your model again after "
            "loading it. Prefer using a Keras optimizer instead (see keras.io/optimizers).",
            stacklevel=5,
        )
        return False
    return include_optimizer


def training_config_of(model):
    """The Keras 2 ``training_config`` of a compiled model, or None.

    Args:
        model: the model.
    """
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        return None
    with _internals.legacy_config_scope():
        config = _internals.compile_config(model)
        config.pop("optimizer", None)
        config = _internals.serialize_nested_config(config)
        optimizer = model.optimizer
        # Keras 2 arguments a compat optimizer keeps (``decay``) become their
        # Keras 3 form, so that plain Keras 3 computes the same learning rate.
        config["optimizer_config"] = legacy_config.translate_optimizer_config(
            {"class_name": optimizer.__class__.__name__, "config": optimizer.get_config()}
        )
    for key in ("loss_weights", "metrics", "weighted_metrics", "loss"):
        config.setdefault(key, None)
    config.setdefault("sample_weight_mode", None)
    return legacy_config.spell_out_names(config)
