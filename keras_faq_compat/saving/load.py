"""Loading a Keras 2 model or weights file: the stages, called in order from one place.

Legacy API: ``keras.models.load_model`` and ``model.load_weights`` of Keras
2 (any file name; an open ``h5py.File`` or group too).

Keras 3 replacement: ``keras.saving.load_model('x.keras')`` and
``model.load_weights('x.weights.h5')``.

`load_model` of an HDF5 file runs, in this order:

1. `hdf5_format.read_file`: open the file, check its layout, decode the
   attributes (the only stage that sees the file);
2. `legacy_config.translate_file_config`: Keras 2 config to Keras 3, by rules;
3. `build.build`: the compat model;
4. `legacy_weights.load_layers_topological`: declared shapes checked, then
   the values read, converted by rules and assigned;
5. `training_config.compile_model`: compile from the training config;
6. `optimizer_state.restore_optimizer_state`: the optimizer's slots.

The stages do not call one another; each error names the file. A ``.keras``
path goes to Keras 3's loader, or, when tf.keras 2.13-2.15 wrote it, through
the same translate and build stages (`tf_keras_zip`); a SavedModel directory
of tf.keras 2.x is rebuilt from its Keras metadata (`saved_model_format`).
"""

import os
import warnings

from keras_faq_compat import _internals, initializers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.engine import training_legacy
from keras_faq_compat.saving import (
    build,
    class_identity,
    hdf5_format,
    legacy_config,
    legacy_weights,
    optimizer_state,
    saved_model_format,
    tf_keras_zip,
    trusted_code,
    training_config,
)
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope

__all__ = ["load_model", "load_weights", "load_weights_from_group"]


def _is_native(filepath):
    return isinstance(filepath, (str, os.PathLike)) and os.fspath(filepath).endswith(".keras")


def _origin(saved):
    origin = legacy_weights.FileOrigin(saved.keras_version, saved.backend, saved.source)
    if origin.version[0] < 2:
        raise LegacyFileError(
            f"{saved.source}: written by Keras {origin.keras_version}; only Keras 2 and later files are read."
        )
    return origin


def _load_native(filepath, custom_objects, compile, safe_mode, **kwargs):
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {os.fspath(filepath)!r}.")
    if tf_keras_zip.tf_keras_version(filepath):
        return tf_keras_zip.load_model(filepath, custom_objects, compile, safe_mode)
    objects = {**_internals.scoped_custom_objects(), **(custom_objects or {})}
    model = _keras.saving.load_model(filepath, custom_objects=objects, compile=compile, safe_mode=safe_mode, **kwargs)
    return class_identity.to_compat(model)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True, **kwargs):
    """Load a model saved by Keras 2.0-2.4 or Keras 3 (``.h5`` or ``.keras``).

    Args:
        filepath: path of the file, or an open ``h5py.File`` / group.
        custom_objects: name -> class or function used while building;
            ``CustomObjectScope`` applies as well; default None.
        compile: compile the model from the saved training config and
            restore the optimizer state; default True.
        safe_mode: refuse Python lambdas (Keras 2 ``Lambda`` bytecode) that
            this process did not save itself; default True.
        **kwargs: passed to ``keras.saving.load_model`` for ``.keras``.

    Returns:
        The model; compiled (with the optimizer state of the file) when the
        file has a training config and `compile` is True.

    Raises:
        FileNotFoundError: no such file.
        LegacyFileError: the file is damaged or not a Keras model file; the
            message names the file and what is wrong.
    """
    if _is_native(filepath):
        return _load_native(filepath, custom_objects, compile, safe_mode, **kwargs)
    if saved_model_format.is_saved_model_dir(filepath):
        return saved_model_format.load_model(filepath, custom_objects, compile, safe_mode)
    warn_legacy(
        "keras.models.load_model of a Keras 2 HDF5 file",
        "keras.saving.load_model('x.keras') (convert with `keras-faq-compat convert`)",
    )
    with hdf5_format.read_file(filepath, model=True, training=compile) as saved, custom_scope(custom_objects):
        source = saved.source
        origin = _origin(saved)
        context = {"safe_mode": safe_mode, "trusted": trusted_code.is_trusted}
        translated = legacy_config.translate_file_config(saved.model_config, source, context)
        # The file's weights replace every initial value.
        with initializers.values_replaced_by_file():
            model = build.build(translated, custom_objects, safe_mode, source)
        record, slot_record = legacy_weights.load_layers_topological(model, saved.layers, origin)
        if not compile:
            return model
        if saved.training_config is None:
            warnings.warn(
                f"{source}: no training configuration in the file, so the model was not "
                "compiled. Compile it manually.",
                stacklevel=2,
            )
            return model
        training_config.compile_model(model, saved.training_config, custom_objects, source)
        if origin.accuracy_named:
            training_legacy.ACCURACY_NAMED_MODELS.add(model)
        if saved.optimizer_weights:
            optimizer_state.restore_optimizer_state(model, saved.optimizer_weights, origin, record, slot_record)
        else:
            model.optimizer.build(model.trainable_variables)
    return model


def load_weights_from_group(model, saved, by_name=False, skip_mismatch=False, reshape=False):
    """Load the weights of a `hdf5_format.SavedFile` into `model`.

    Args:
        model: the model (or anything with a ``layers`` list).
        saved: what `hdf5_format.read_file` yielded.
        by_name: match layers by name instead of order; default False.
        skip_mismatch: warn and skip layers or weights that do not fit;
            default False.
        reshape: reshape a weight of the right size but another shape (Keras
            2's option); default False.

    Returns:
        ``(record, slot_record, origin)``: see
        `legacy_weights.load_layers_topological` and `legacy_weights.FileOrigin`.
    """
    origin = _origin(saved)
    loader = legacy_weights.load_layers_by_name if by_name else legacy_weights.load_layers_topological
    return loader(model, saved.layers, origin, skip_mismatch, reshape) + (origin,)


def load_weights(model, filepath, by_name=False, skip_mismatch=False, reshape=False):
    """Load a Keras 2 HDF5 weights file (or a full-model file's weights).

    Args:
        model: the model.
        filepath: path of the file, or an open ``h5py.File`` / group.
        by_name: match layers by name instead of order; default False.
        skip_mismatch: warn and skip layers or weights that do not fit;
            default False.
        reshape: reshape a weight of the right size but another shape;
            default False.

    Returns:
        ``(record, slot_record, origin)``: see `load_weights_from_group`.
    """
    warn_legacy(
        "model.load_weights of a Keras 2 HDF5 file",
        "model.load_weights('x.weights.h5')",
        "by_name= matching exists only for Keras 2 HDF5 files.",
    )
    with hdf5_format.read_file(filepath, model=False, training=False) as saved:
        return load_weights_from_group(model, saved, by_name, skip_mismatch, reshape)
