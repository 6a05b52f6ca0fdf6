"""Keras 2 model files: HDF5 layout, JSON/YAML configs, real Keras 2.0-2.4 files.

Legacy API: ``keras.models.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config`` and ``keras.engine.saving``.

Keras 3 replacement: ``keras.saving.load_model`` / ``save_model`` with ``.keras``
files; ``keras.models.model_from_json``.

Behaviour: a path ending in ``.keras`` uses the Keras 3 format; any other
path is a Keras 2 HDF5 file (as Keras 2 wrote for any name). Loading an HDF5
file translates Keras 2 configs (`legacy_config`), converts weights as Keras
2 did (`legacy_weights`), compiles the model and restores the optimizer
state. Differences from Keras 2: YAML is read with a safe loader only; a
legacy ``Lambda`` with bytecode needs ``safe_mode=False``; optimizers run as
Keras 3 implements them (RMSprop puts epsilon inside the square root).

Names Keras 3 keeps in ``keras.saving`` (``register_keras_serializable``, ...)
are served unchanged, so Keras 3 code that imports ``keras.saving`` under the
activation keeps working.

`save_model` (and ``model.save_weights``) write atomically: other code that
saves models, such as ``ModelCheckpoint``, calls them and never leaves a
half-written file behind.
"""

import json
import os
import warnings

from keras_faq_compat import _internals, _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy

__all__ = [
    "load_model",
    "save_model",
    "model_from_json",
    "model_from_yaml",
    "model_from_config",
    "load_weights",
    "save_weights",
]

_TABLE = {}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="saving")


def _is_native(filepath):
    return isinstance(filepath, (str, os.PathLike)) and os.fspath(filepath).endswith(".keras")


def _h5py_file(filepath):
    import h5py

    return isinstance(filepath, (h5py.File, h5py.Group))


def _source(filepath):
    return os.fspath(filepath) if isinstance(filepath, (str, os.PathLike)) else getattr(filepath, "filename", "<h5>")


def _custom_scope(objects):
    # Keras 3's CustomObjectScope replaces the objects of an enclosing scope;
    # Keras 2's added to them. Keep the user's scope visible inside ours.
    outer = _internals.scoped_custom_objects()
    return _keras.saving.CustomObjectScope({**outer, **(objects or {})})


# --------------------------------------------------------------------------
# Saving.


def model_config_of(model):
    """The ``{"class_name", "config"}`` a Keras 2 file stores for `model`."""
    from keras_faq_compat.saving.class_identity import PUBLIC_NAMES, public_model_config

    with _internals.legacy_config_scope():
        config = model.get_config()
    name = model.__class__.__name__
    name = PUBLIC_NAMES.get(name, (None, name))[1]
    if name == "Model" and "layers" in config:
        name = "Functional"
    return public_model_config({"class_name": name, "config": config})


def training_config_of(model):
    """The Keras 2 ``training_config`` of a compiled model, or None."""
    from keras_faq_compat.saving import legacy_config

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


def _wraps_tensorflow_optimizer(model):
    from keras_faq_compat.optimizers import TFOptimizer

    optimizer = getattr(model, "optimizer", None)
    return isinstance(optimizer, TFOptimizer) and not isinstance(optimizer.optimizer, _keras.optimizers.Optimizer)


def save_model(model, filepath, overwrite=True, include_optimizer=True, **kwargs):
    """Save a model as Keras 2 did, or as Keras 3 for a ``.keras`` path.

    Under a multi-worker strategy only the chief writes `filepath`
    (`keras_faq_compat.distribute.multi_worker.chief_only`).

    The file is written to a temporary name and renamed, so a failed save
    leaves the previous file intact; a missing folder is created.

    Args:
        model: the model.
        filepath: a path (``.keras``: Keras 3 format; anything else: one
            Keras 2 HDF5 file) or an open ``h5py.File``.
        overwrite: when False and the file exists, ask first; default True.
        include_optimizer: store the training config and optimizer state;
            default True.
        **kwargs: passed to ``keras.saving.save_model`` for ``.keras``;
            ``save_format="h5"`` forces the HDF5 file, ``"tf"`` is refused
            (Keras 3 writes SavedModels with ``model.export``).
    """
    from keras_faq_compat.distribute.multi_worker import chief_only
    from keras_faq_compat.saving import class_identity

    with chief_only(filepath) as target, class_identity.public_names():
        _save_model(model, target, overwrite, include_optimizer, **kwargs)


def _save_model(model, filepath, overwrite, include_optimizer, **kwargs):
    from keras_faq_compat.saving import class_identity, hdf5_format

    save_format = kwargs.pop("save_format", None)
    if save_format in ("tf", "tensorflow"):
        raise ValueError(
            f"save_model({_source(filepath)!r}, save_format={save_format!r}): the TensorFlow "
            "SavedModel format of Keras 2.3 is written by model.export(path) in Keras 3."
        )
    if _is_native(filepath) and save_format != "h5":
        with hdf5_format.atomic_path(filepath, overwrite) as tmp:
            if tmp is not None:
                _keras.saving.save_model(model, tmp, **kwargs)
        return
    warn_legacy(
        "model.save / save_model to a Keras 2 HDF5 file",
        "model.save('x.keras')",
        "The file keeps the Keras 2 layout and also loads in plain Keras 3.",
    )
    if not isinstance(model, (_internals.functional_class(), _keras.Sequential)):
        raise NotImplementedError(
            f"Saving {model.__class__.__name__} to the HDF5 file {_source(filepath)!r} needs a "
            "functional or Sequential model (a subclassed model has no architecture config); "
            "use model.save_weights(...) or a .keras path."
        )
    model_config = model_config_of(model)
    if include_optimizer and _wraps_tensorflow_optimizer(model):
        # Keras 2 saved such a model without its training config, with this warning.
        warnings.warn(
            "TensorFlow optimizers do not make it possible to access optimizer attributes or "
            "optimizer state after instantiation. As a result, we cannot save the optimizer as "
            "part of the model save file. You will have to compile your model again after "
            "loading it. Prefer using a Keras optimizer instead (see keras.io/optimizers).",
            stacklevel=4,
        )
        include_optimizer = False
    training_config = training_config_of(model) if include_optimizer else None
    if _h5py_file(filepath):
        raise TypeError(
            "save_model to an open h5py.File is not supported; pass a file path so the "
            "file can be written atomically."
        )
    hdf5_format.write_model(
        model, filepath, model_config, training_config, overwrite=overwrite, include_optimizer=include_optimizer
    )


def save_weights(model, filepath, overwrite=True):
    """Write `model`'s weights as a Keras 2 HDF5 weights file (atomically).

    Args:
        model: the model.
        filepath: target path, any name.
        overwrite: when False and the file exists, ask first; default True.
    """
    from keras_faq_compat.distribute.multi_worker import chief_only
    from keras_faq_compat.saving import hdf5_format

    warn_legacy("model.save_weights to a Keras 2 HDF5 file", "model.save_weights('x.weights.h5')")
    with chief_only(filepath) as target:  # only the chief writes under a multi-worker strategy
        hdf5_format.write_weights(model, target, overwrite=overwrite)


# --------------------------------------------------------------------------
# Building models from configs.


def _known_layer(layer, custom_objects):
    from keras_faq_compat.saving.class_identity import compat_objects

    name = layer.get("class_name")
    if name in (custom_objects or {}) or name in compat_objects():
        return True
    for key in (name, layer.get("registered_name")):
        if key and _keras.saving.get_registered_object(key, custom_objects) is not None:
            return True
    module = layer.get("module")
    if module and not module.startswith("keras"):
        return True  # a Keras 3 config naming its own module: Keras imports it
    return hasattr(_keras.layers, name)


def _layer_entries(config):
    """Every layer dictionary in a translated model config."""
    entries = [config]
    inner = config.get("config")
    if isinstance(inner, dict):
        for layer in inner.get("layers", []) or []:
            entries.extend(_layer_entries(layer))
        for key in ("layer", "backward_layer"):
            if isinstance(inner.get(key), dict) and "class_name" in inner[key]:
                entries.extend(_layer_entries(inner[key]))
    return entries


_REMOVED_LAYERS = {
    "Merge": "the Keras 1 Merge layer was removed in Keras 2.2; rebuild with Add, "
    "Concatenate, Multiply, Average, Maximum or Dot",
    "LocallyConnected1D": "removed from Keras 3",
    "LocallyConnected2D": "removed from Keras 3",
}


def _check_classes(config, custom_objects, source):
    for layer in _layer_entries(config):
        name = layer.get("class_name")
        if name and not _known_layer(layer, custom_objects):
            hint = _REMOVED_LAYERS.get(name)
            hint = f" ({hint})" if hint else ""
            raise ValueError(
                f"{source}: unknown layer class {name!r}{hint}. If it is a custom layer, pass "
                f"custom_objects={{{name!r}: {name}}} (or load inside "
                f"keras.utils.CustomObjectScope({{{name!r}: {name}}}))."
            )


def build_model(model_config, custom_objects=None, safe_mode=True, source="<config>"):
    """Build a compat model from a Keras 2 or Keras 3 model config.

    Args:
        model_config: the decoded ``{"class_name", "config"}`` mapping.
        custom_objects: name -> class or function; default None.
        safe_mode: refuse legacy ``Lambda`` bytecode; default True.
        source: file name or description for messages; default "<config>".

    Returns:
        The uncompiled model (`Sequential` / functional `Model` of the
        compat layer for those configs).
    """
    from keras_faq_compat.saving import class_identity, legacy_config

    try:
        translated = legacy_config.translate_model_config(model_config, {"safe_mode": safe_mode})
    except legacy_config.LegacyLambdaError as e:
        raise ValueError(f"{source}: {e}") from None
    except (ValueError, TypeError, AttributeError, KeyError) as e:
        raise ValueError(f"{source}: not a Keras model config ({e}).") from None
    _check_classes(translated, custom_objects, source)
    objects = dict(class_identity.compat_objects())
    objects.update(custom_objects or {})
    with _internals.legacy_config_scope(), _internals.safe_mode_scope(safe_mode), _custom_scope(objects):
        model = _internals.model_from_legacy_config(translated, custom_objects=objects)
    return class_identity.to_compat(model)


def model_from_config(config, custom_objects=None):
    """Instantiate a model from a Keras 2 (or Keras 3) config dictionary.

    Args:
        config: ``{"class_name", "config"}``.
        custom_objects: name -> class or function; default None.
    """
    return build_model(config, custom_objects)


def model_from_json(json_string, custom_objects=None):
    """Build a model from ``to_json()`` output, Keras 2.0 to 3.

    Args:
        json_string: the JSON text.
        custom_objects: name -> class or function; default None.
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as e:
        raise ValueError(f"model_from_json: not valid JSON ({e}).") from None
    return build_model(config, custom_objects, source="model_from_json")


def model_from_yaml(yaml_string, custom_objects=None):
    """Build a model from ``to_yaml()`` output (safe YAML loading only).

    Args:
        yaml_string: the YAML text.
        custom_objects: name -> class or function; default None.
    """
    from keras_faq_compat.saving.safe_yaml import load_yaml_config

    warn_legacy("keras.models.model_from_yaml", "model.to_json() / keras.models.model_from_json")
    config = load_yaml_config(yaml_string, source="model_from_yaml")
    return build_model(config, custom_objects, source="model_from_yaml")


# --------------------------------------------------------------------------
# Loading.


def _compile_from_training_config(model, training_config, custom_objects, source):
    from keras_faq_compat.saving import legacy_config

    config, dropped = legacy_config.translate_training_config(training_config)
    if dropped:
        warnings.warn(
            f"{source}: Keras 2 metrics {dropped} do not exist in Keras 3 and were left out.",
            stacklevel=3,
        )
    config.setdefault("loss_weights", None)
    with _custom_scope(custom_objects or {}):
        args = _internals.compile_args_from_training_config(config, custom_objects)
        model.compile(**args)


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """Load a Keras 2 HDF5 weights file (or a full-model file's weights).

    Args:
        model: the model.
        filepath: path of the file.
        by_name: match layers by name instead of order; default False.
        skip_mismatch: warn and skip layers or weights that do not fit;
            default False.

    Returns:
        ``(record, slot_record, origin)``: see
        `legacy_weights.load_layers_topological` and `legacy_weights.FileOrigin`.
    """
    from keras_faq_compat.saving import hdf5_format

    warn_legacy(
        "model.load_weights of a Keras 2 HDF5 file",
        "model.load_weights('x.weights.h5')",
        "by_name= matching exists only for Keras 2 HDF5 files.",
    )
    source = _source(filepath)
    with hdf5_format.open_h5(filepath, "Keras weights") as f:
        return _load_weights_from(f, model, by_name, skip_mismatch, source)


def _load_weights_from(f, model, by_name, skip_mismatch, source):
    from keras_faq_compat.saving import hdf5_format, legacy_weights

    group = hdf5_format.weights_root(f, source)
    origin = legacy_weights.FileOrigin(
        _attr(group, "keras_version") or _attr(f, "keras_version"),
        _attr(group, "backend") or _attr(f, "backend"),
        source,
    )
    if origin.version[0] < 2:
        raise hdf5_format.LegacyFileError(
            f"{source}: written by Keras {origin.keras_version}; only Keras 2 and later files are read."
        )
    file_layers = hdf5_format.read_layer_groups(group, source)
    loader = legacy_weights.load_layers_by_name if by_name else legacy_weights.load_layers_topological
    return loader(model, file_layers, origin, skip_mismatch) + (origin,)


def _attr(group, name):
    from keras_faq_compat.saving.hdf5_format import _text

    return _text(group.attrs[name]) if name in group.attrs else None


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True, **kwargs):
    """Load a model saved by Keras 2.0-2.4 or Keras 3 (``.h5`` or ``.keras``).

    Args:
        filepath: path of the file (or an open ``h5py.File``).
        custom_objects: name -> class or function used while building;
            ``CustomObjectScope`` applies as well; default None.
        compile: compile the model from the saved training config and
            restore the optimizer state; default True.
        safe_mode: refuse legacy ``Lambda`` bytecode and Keras 3 lambdas;
            default True.
        **kwargs: passed to ``keras.saving.load_model`` for ``.keras``.

    Returns:
        The model; compiled (with the optimizer state of the file) when the
        file has a training config and `compile` is True.
    """
    from keras_faq_compat.saving import class_identity, hdf5_format

    if _is_native(filepath):
        if not os.path.exists(filepath):
            raise FileNotFoundError(f"No such file: {os.fspath(filepath)!r}.")
        objects = {**_internals.scoped_custom_objects(), **(custom_objects or {})}
        model = _keras.saving.load_model(
            filepath, custom_objects=objects, compile=compile, safe_mode=safe_mode, **kwargs
        )
        return class_identity.to_compat(model)
    warn_legacy(
        "keras.models.load_model of a Keras 2 HDF5 file",
        "keras.saving.load_model('x.keras') (convert with `keras-faq-compat convert`)",
    )
    if _h5py_file(filepath):
        return _load_h5(filepath, custom_objects, compile, safe_mode, _source(filepath))
    with hdf5_format.open_h5(filepath) as f:
        return _load_h5(f, custom_objects, compile, safe_mode, _source(filepath))


def _load_h5(f, custom_objects, compile, safe_mode, source):
    from keras_faq_compat.saving import hdf5_format, legacy_weights

    model_config = hdf5_format.read_attr_json(f, "model_config", source)
    if model_config is None:
        what = "a weights-only file (use model.load_weights)" if "layer_names" in f.attrs else "not a Keras model"
        raise hdf5_format.LegacyFileError(f"{source}: no 'model_config' attribute: {what}.")
    with _custom_scope(custom_objects or {}):
        model = build_model(model_config, custom_objects, safe_mode, source)
        record, slot_record, origin = _load_weights_from(f, model, False, False, source)
        if not compile:
            return model
        training_config = hdf5_format.read_attr_json(f, "training_config", source)
        if training_config is None:
            warnings.warn(
                f"{source}: no training configuration in the file, so the model was not "
                "compiled. Compile it manually.",
                stacklevel=3,
            )
            return model
        _compile_from_training_config(model, training_config, custom_objects, source)
        saved = hdf5_format.read_optimizer_weights(f)
        if saved is not None and saved[0]:
            legacy_weights.restore_optimizer_state(model, saved[0], saved[1], origin, record, slot_record)
        else:
            model.optimizer.build(model.trainable_variables)
    return model
