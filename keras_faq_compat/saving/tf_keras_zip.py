"""``.keras`` zips written by tf.keras 2.13 to 2.15.

Legacy API: ``model.save('x.keras')`` of tf.keras 2.13-2.15 (``metadata.json``
with ``keras_version`` 2.x, ``config.json``, ``model.weights.h5``).

Keras 3 replacement: ``model.save('x.keras')`` of Keras 3, whose zip has the
same members but a Keras 3 ``config.json``.

The config holds tf.keras layer arguments (``batch_input_shape``,
``time_major``...), so it goes through the same translation as an HDF5
file's (`legacy_config`) and is built by `build`; the weights file has
Keras 3's layout (``layers/<name>/vars/<i>``), except that tf.keras on
Windows joined those paths with backslashes, which are turned into groups
here. The compile config is compiled like an HDF5 training config, and the
optimizer's ``vars`` (the step counter, then each weight's slots in turn)
are restored when they fit. Remaining difference: ``assets/`` of
preprocessing layers with vocabularies are not read.
"""

import io
import json
import os
import tempfile
import warnings
import zipfile

import h5py
import numpy as np

from keras_faq_compat import _internals, initializers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.engine import training_legacy
from keras_faq_compat.saving import build, legacy_config, training_config, trusted_code
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope

__all__ = ["tf_keras_version", "load_model", "restore_interleaved_optimizer"]


def _members(archive):
    # tf.keras on Windows may store member names with backslashes.
    return {name.replace("\\", "/"): name for name in archive.namelist()}


def tf_keras_version(filepath):
    """The ``keras_version`` of a ``.keras`` zip written by tf.keras 2.x, else None.

    Args:
        filepath: path of the ``.keras`` file.
    """
    try:
        with zipfile.ZipFile(filepath) as archive:
            members = _members(archive)
            if "metadata.json" not in members:
                return None
            version = str(json.loads(archive.read(members["metadata.json"])).get("keras_version", ""))
    except (OSError, zipfile.BadZipFile, ValueError, AttributeError):
        return None  # Keras 3's loader gives its own error for a damaged zip
    return version if version.startswith("2.") else None


def _read(filepath):
    source = os.fspath(filepath)
    try:
        with zipfile.ZipFile(filepath) as archive:
            members = _members(archive)
            for needed in ("config.json", "model.weights.h5"):
                if needed not in members:
                    raise LegacyFileError(f"{source}: a tf.keras .keras file without {needed!r}.")
            config = json.loads(archive.read(members["config.json"]))
            weights = archive.read(members["model.weights.h5"])
    except (zipfile.BadZipFile, ValueError) as e:
        raise LegacyFileError(f"{source}: a damaged .keras file ({type(e).__name__}: {e}).") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise LegacyFileError(f"{source}: config.json is not a Keras model config.")
    return source, config, weights


def _copy_normalized(group, target):
    # Keras 3 reads ``layers/dense/vars/0``; tf.keras on Windows wrote one
    # group named ``layers\\dense\\vars``.
    for key, item in group.items():
        path = key.replace("\\", "/")
        if isinstance(item, h5py.Dataset):
            target.create_dataset(path, data=item[()])
        else:
            _copy_normalized(item, target.require_group(path))


def _weights_file(data, directory):
    """The model's weights as a Keras 3 ``.weights.h5`` file; and the optimizer's values."""
    path = os.path.join(directory, "model.weights.h5")
    optimizer = []
    with h5py.File(io.BytesIO(data), "r") as saved, h5py.File(path, "w") as out:
        for key, item in saved.items():
            name = key.replace("\\", "/")
            if name.split("/")[0] == "optimizer":
                continue
            if isinstance(item, h5py.Dataset):
                out.create_dataset(name, data=item[()])
            else:
                _copy_normalized(item, out.require_group(name))
        for key in ("optimizer/vars", "optimizer\\vars"):
            if key in saved:
                group = saved[key]
                optimizer = [np.asarray(group[k]) for k in sorted(group, key=lambda k: int(k))]
    return path, optimizer


def _training_config(compile_config):
    # A Keras 3 style compile config, in the HDF5 training-config spelling
    # that `training_config.compile_model` reads.
    optimizer = compile_config.get("optimizer")
    if isinstance(optimizer, dict):
        optimizer = {"class_name": optimizer.get("class_name"), "config": optimizer.get("config", {})}
    return {
        "optimizer_config": optimizer or "rmsprop",
        "loss": compile_config.get("loss"),
        "metrics": compile_config.get("metrics"),
        "weighted_metrics": compile_config.get("weighted_metrics"),
        "loss_weights": compile_config.get("loss_weights"),
    }


def restore_interleaved_optimizer(model, values, source):
    """Restore the state of a tf.keras 2.11+ optimizer saved as its variables in order.

    Args:
        model: the compiled model.
        values: the step counter, then each trainable weight's slots in turn.
        source: the file, for messages.
    """
    optimizer = model.optimizer
    params = list(model.trainable_variables)
    optimizer.build(params)
    if not values:
        return
    scalars, arrays = values[:1], values[1:]
    slots = [s for s in (_internals.optimizer_slots(optimizer) or []) if s]
    # tf.keras 2.11+ optimizers made each weight's slots in turn (m, v of
    # the first weight, then of the second...).
    k = len(arrays) // len(params) if params else 0
    if arrays and (k != len(slots) or k * len(params) != len(arrays)):
        warnings.warn(
            f"{source}: optimizer state not restored ({len(arrays)} saved slots for {len(params)} "
            "trainable weights); training resumes with a freshly initialized optimizer.",
            stacklevel=4,
        )
        return
    pending = []
    for i, param in enumerate(params if arrays else []):
        for j, slot_vars in enumerate(slots):
            var = slot_vars[_internals.variable_index(optimizer, param)]
            value = arrays[i * k + j]
            if tuple(var.shape) != value.shape:
                warnings.warn(f"{source}: optimizer state not restored (slot shapes differ).", stacklevel=4)
                return
            pending.append((var, value))
    for var, value in pending:
        var.assign(value)
    if scalars and np.ndim(scalars[0]) == 0:
        optimizer.iterations.assign(np.asarray(scalars[0]).astype(optimizer.iterations.dtype))


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Load a ``.keras`` file written by tf.keras 2.13-2.15.

    Args:
        filepath: path of the file.
        custom_objects: name -> class or function; default None.
        compile: compile from the file's compile config and restore the
            optimizer state; default True.
        safe_mode: refuse Python lambdas in the config; default True.

    Returns:
        The compat model.

    Raises:
        LegacyFileError: the file is damaged; the message names it.
    """
    source, config, weights = _read(filepath)
    context = {"safe_mode": safe_mode, "trusted": trusted_code.is_trusted}
    model_config = {"class_name": config["class_name"], "config": config.get("config")}
    translated = legacy_config.translate_file_config(model_config, source, context)
    # The file's weights replace every initial value.
    with initializers.values_replaced_by_file():
        model = build.build(translated, custom_objects, safe_mode, source)
    with tempfile.TemporaryDirectory() as directory, custom_scope(custom_objects):
        path, optimizer_values = _weights_file(weights, directory)
        try:
            _keras.Model.load_weights(model, path)
        except (ValueError, KeyError) as e:
            raise LegacyFileError(f"{source}: the weights do not fit the model ({e}).") from None
    compile_config = config.get("compile_config")
    if compile and isinstance(compile_config, dict):
        training_config.compile_model(model, _training_config(compile_config), custom_objects, source)
        training_legacy.ACCURACY_NAMED_MODELS.add(model)  # tf.keras 2.x said 'accuracy'
        restore_interleaved_optimizer(model, optimizer_values, source)
    return model
