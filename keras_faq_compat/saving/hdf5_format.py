"""The Keras 2 HDF5 file layout, written atomically and read defensively.

Legacy API: ``model.save('x.h5')`` / ``keras.models.save_model`` and
``model.save_weights('w.h5')`` of Keras 2, and the files they wrote.

Keras 3 replacement: ``model.save('x.keras')`` and
``model.save_weights('x.weights.h5')``.

Layout (as Keras 2.2 wrote it): root attributes ``keras_version``,
``backend``, ``model_config``, ``training_config``; group ``model_weights``
with attribute ``layer_names`` and one group per layer with attribute
``weight_names`` and one dataset per weight; group ``optimizer_weights``
with ``weight_names``. A weights-only file has the ``model_weights`` content
at its root. Every write goes to a temporary file in the target folder that
replaces the target only when complete, so an interrupted save leaves the
previous file as it was.
"""

import contextlib
import json
import os
import uuid

import h5py
import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras

__all__ = [
    "LegacyFileError",
    "atomic_path",
    "open_h5",
    "write_model",
    "write_weights",
    "read_attr_json",
    "read_layer_groups",
    "read_optimizer_weights",
    "weights_root",
]

# HDF5 attributes larger than this must be split (Keras 2 did the same).
_ATTRIBUTE_LIMIT = 64512


class LegacyFileError(ValueError):
    """A file is not a readable Keras model or weights file."""


@contextlib.contextmanager
def atomic_path(filepath, overwrite=True):
    """Yield a temporary path that replaces `filepath` on success.

    Args:
        filepath: the final path; its folder is created if missing.
        overwrite: when False and the file exists, ask as Keras 2 did;
            default True.

    Yields:
        The temporary path to write, or None when the user declined to
        overwrite (nothing is written then).
    """
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        if not _internals.ask_to_proceed_with_overwrite(filepath):
            yield None
            return
    folder = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    # A fresh name in the same folder (so the rename is atomic), created by
    # the writer itself so that it gets the usual permissions; the extension
    # stays last because Keras 3 picks its format from it.
    stem, ext = os.path.splitext(os.path.basename(filepath))
    tmp = os.path.join(folder, f".{stem}.{uuid.uuid4().hex[:12]}.tmp{ext}")
    try:
        yield tmp
        os.replace(tmp, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def open_h5(filepath, what="Keras model"):
    """Open `filepath` for reading with one clear error when it cannot be.

    Args:
        filepath: path of the file.
        what: what the caller expects, for messages; default "Keras model".
    """
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r} (expected a {what} file).")
    try:
        return h5py.File(filepath, "r")
    except OSError as e:
        size = os.path.getsize(filepath)
        raise LegacyFileError(
            f"{filepath}: not a readable HDF5 file ({size} bytes; truncated, corrupt, or "
            f"another format), so it cannot hold a {what}. HDF5 said: {e}"
        ) from None


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value.item())
    return str(value) if value is not None else None


def read_attr_json(f, name, source):
    """Decode a JSON root attribute (``model_config``, ...), or None if absent."""
    if name not in f.attrs:
        return None
    try:
        return json.loads(_text(f.attrs[name]))
    except (ValueError, UnicodeDecodeError) as e:
        raise LegacyFileError(f"{source}: attribute {name!r} is not valid JSON ({e}).") from None


def _read_names(group, name):
    if name in group.attrs:
        raw = list(group.attrs[name])
    else:
        raw, chunk = [], 0
        while f"{name}{chunk}" in group.attrs:
            raw.extend(group.attrs[f"{name}{chunk}"])
            chunk += 1
    return [_text(n) for n in raw]


def weights_root(f, source):
    """The group holding ``layer_names``: ``model_weights`` of a full model, or the root."""
    if "layer_names" not in f.attrs and "layer_names0" not in f.attrs and "model_weights" in f:
        return f["model_weights"]
    if "layer_names" in f.attrs or "layer_names0" in f.attrs:
        return f
    raise LegacyFileError(
        f"{source}: HDF5 file without Keras weights (no 'layer_names' attribute and no "
        "'model_weights' group): it was not written by Keras model.save or save_weights."
    )


def read_layer_groups(group, source):
    """Saved layers in file order as ``[(layer_name, (weight_names, values))]``."""
    layers = []
    for layer_name in _read_names(group, "layer_names"):
        if layer_name not in group:
            raise LegacyFileError(f"{source}: layer {layer_name!r} is listed but its group is missing.")
        layer_group = group[layer_name]
        names = _read_names(layer_group, "weight_names")
        try:
            values = [np.asarray(layer_group[n]) for n in names]
        except (KeyError, OSError) as e:
            raise LegacyFileError(f"{source}: weights of layer {layer_name!r} unreadable ({e}).") from None
        layers.append((layer_name, (names, values)))
    return layers


def read_optimizer_weights(f):
    """``(names, values)`` of the ``optimizer_weights`` group, or None."""
    if "optimizer_weights" not in f:
        return None
    group = f["optimizer_weights"]
    names = _read_names(group, "weight_names")
    return names, [np.asarray(group[n]) for n in names]


# --------------------------------------------------------------------------
# Writing.


def _write_names(group, name, values):
    data = np.asarray([v.encode("utf8") for v in values]) if values else np.asarray([], dtype="S1")
    chunks = 1
    # Every chunk must fit, not their average: np.array_split makes uneven chunks.
    while any(part.nbytes > _ATTRIBUTE_LIMIT for part in np.array_split(data, chunks)):
        chunks += 1
    if chunks == 1:
        group.attrs[name] = data
    else:
        for i, part in enumerate(np.array_split(data, chunks)):
            group.attrs[f"{name}{i}"] = part


def _write_values(group, names, values):
    _write_names(group, "weight_names", names)
    for name, value in zip(names, values):
        group.create_dataset(name, data=value)


def _weight_names(layer, variables):
    names, seen = [], set()
    for var in variables:
        path = var.path
        if not path.startswith(layer.name + "/"):
            path = f"{layer.name}/{path}"
        name = path + ":0"
        i = 1
        while name in seen:
            name = f"{path}_{i}:0"
            i += 1
        seen.add(name)
        names.append(name)
    return names


def write_layer_groups(group, model):
    """Write every layer's weights in the Keras 2 order under `group`."""
    from keras_faq_compat.saving.legacy_weights import layer_weights

    _write_names(group, "layer_names", [layer.name for layer in model.layers])
    group.attrs["backend"] = _keras.backend.backend()
    group.attrs["keras_version"] = _keras.__version__
    for layer in model.layers:
        layer_group = group.create_group(layer.name)
        variables = layer_weights(layer)
        values = [_keras.ops.convert_to_numpy(v) for v in variables]
        _write_values(layer_group, _weight_names(layer, variables), values)


def write_weights(model, filepath, overwrite=True):
    """Write a Keras 2 weights-only HDF5 file, atomically.

    Args:
        model: the model.
        filepath: target path (any name, as in Keras 2).
        overwrite: ask before replacing an existing file when False;
            default True.
    """
    with atomic_path(filepath, overwrite) as tmp:
        if tmp is None:
            return
        with h5py.File(tmp, "w") as f:
            write_layer_groups(f, model)


def write_model(model, filepath, model_config, training_config, overwrite=True, include_optimizer=True):
    """Write a Keras 2 full-model HDF5 file, atomically.

    Args:
        model: the model.
        filepath: target path.
        model_config: the ``{"class_name", "config"}`` dictionary to store.
        training_config: the Keras 2 training config dictionary, or None.
        overwrite: ask before replacing an existing file when False;
            default True.
        include_optimizer: also write ``training_config`` and the optimizer
            weights; default True.
    """
    default = _internals.json_default
    with atomic_path(filepath, overwrite) as tmp:
        if tmp is None:
            return
        with h5py.File(tmp, "w") as f:
            f.attrs["keras_version"] = _keras.__version__
            f.attrs["backend"] = _keras.backend.backend()
            f.attrs["model_config"] = json.dumps(model_config, default=default)
            if include_optimizer and training_config is not None:
                f.attrs["training_config"] = json.dumps(training_config, default=default)
            write_layer_groups(f.create_group("model_weights"), model)
            optimizer = getattr(model, "optimizer", None)
            # An optimizer that never trained has no state yet; Keras 2 wrote
            # no group then either.
            if include_optimizer and optimizer is not None and getattr(optimizer, "built", False):
                group = f.create_group("optimizer_weights")
                variables = list(optimizer.variables)
                names = _unique([v.path + ":0" for v in variables])
                _write_values(group, names, [_keras.ops.convert_to_numpy(v) for v in variables])


def _unique(names):
    seen, out = set(), []
    for name in names:
        candidate, i = name, 1
        while candidate in seen:
            candidate = f"{name[:-2]}_{i}:0"
            i += 1
        seen.add(candidate)
        out.append(candidate)
    return out
