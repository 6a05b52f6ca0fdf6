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
at its root.

Reading is the first stage of loading: `read_file` checks the whole layout
(every attribute, group and dataset that is listed) and yields a `SavedFile`
that holds the decoded attributes and `SavedWeight` handles, whose declared
shape is known without reading their data. No other stage sees the file.
Writing goes through `atomic_write`, so an interrupted save leaves the
previous file as it was; an open ``h5py.File`` or group is written in place,
as Keras 2 did.
"""

import contextlib
import json
import os

import h5py
import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.saving.atomic_write import atomic_path
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.weight_order import layer_weights

__all__ = [
    "LegacyFileError",
    "SavedFile",
    "SavedWeight",
    "atomic_path",
    "is_h5py_object",
    "open_h5",
    "read_file",
    "source_name",
    "write_layer_groups",
    "write_model",
    "write_weights",
]

# HDF5 attributes larger than this must be split (Keras 2 did the same).
_ATTRIBUTE_LIMIT = 64512


def is_h5py_object(filepath):
    """True for an open ``h5py.File`` or group (Keras 2 took those as `filepath`)."""
    return isinstance(filepath, h5py.Group)


def source_name(filepath):
    """The name messages use for `filepath`: the path, or the file (and group) of an h5py object."""
    if is_h5py_object(filepath):
        name = filepath.file.filename
        return name if filepath.name == "/" else f"{name}:{filepath.name}"
    if isinstance(filepath, (str, os.PathLike)):
        return os.fspath(filepath)
    return repr(filepath)


def open_h5(filepath, what="Keras model"):
    """Open `filepath` for reading with one clear error when it cannot be.

    Args:
        filepath: path of the file.
        what: what the caller expects, for messages; default "Keras model".
    """
    if not isinstance(filepath, (str, os.PathLike)):
        raise TypeError(
            f"Expected the path of a {what} file (or an open h5py.File), got {type(filepath).__name__}: {filepath!r}."
        )
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r} (expected a {what} file).")
    if os.path.isdir(filepath):
        raise LegacyFileError(
            f"{filepath}: is a directory, not a {what} file (a Keras 3 SavedModel folder is "
            "loaded with keras.layers.TFSMLayer)."
        )
    try:
        return h5py.File(filepath, "r")
    except OSError as e:
        size = os.path.getsize(filepath)
        raise LegacyFileError(
            f"{filepath}: not a readable HDF5 file ({size} bytes; truncated, corrupt, or "
            f"another format), so it cannot hold a {what}. HDF5 said: {e}"
        ) from None


# --------------------------------------------------------------------------
# Reading.


class SavedWeight:
    """One weight dataset of the file: name and declared shape; data read on demand.

    Args:
        name: the weight's name in the file (``dense_1/kernel:0``).
        dataset: the h5py dataset.
        owner: what holds it, for messages (``layer 'dense_1'``).
        source: the file name, for messages.
    """

    def __init__(self, name, dataset, owner, source):
        self.name = name
        self.owner = owner
        self.source = source
        self._dataset = dataset

    @property
    def shape(self):
        """The shape the file declares (no data is read)."""
        return tuple(self._dataset.shape)

    def read(self):
        """The values as a numpy array."""
        try:
            return np.asarray(self._dataset[()])
        except (OSError, ValueError, TypeError) as e:
            raise LegacyFileError(
                f"{self.source}: weight {self.name!r} of {self.owner} cannot be read "
                f"(the file is damaged or truncated): {e}"
            ) from None

    def __repr__(self):
        return f"SavedWeight({self.name!r}, shape={self.shape})"


class SavedFile:
    """What `read_file` found: decoded attributes and weight handles.

    Attributes:
        source: the file name, for messages.
        keras_version: the ``keras_version`` attribute, or None.
        backend: the ``backend`` attribute, or None.
        model_config: the decoded ``model_config``, or None (weights file).
        training_config: the decoded ``training_config``, or None (absent or
            not asked for).
        layers: ``[(layer_name, [SavedWeight, ...])]`` in file order.
        optimizer_weights: ``[SavedWeight, ...]``, or None without the group.
    """

    def __init__(self, source):
        self.source = source
        self.keras_version = None
        self.backend = None
        self.model_config = None
        self.training_config = None
        self.layers = []
        self.optimizer_weights = None


def _text(value, source, what):
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as e:
            raise LegacyFileError(f"{source}: {what} is not UTF-8 text ({e}).") from None
    if isinstance(value, str):
        return value
    raise LegacyFileError(f"{source}: {what} should be a string but is {_describe(value)}.")


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__} ({value!r})"


def _version_text(group, name, source):
    if name not in group.attrs:
        return None
    value = group.attrs[name]
    if isinstance(value, (int, float, np.number)):
        return str(value)
    return _text(value, source, f"attribute {name!r}")


def _json_attr(group, name, source):
    if name not in group.attrs:
        return None
    text = _text(group.attrs[name], source, f"attribute {name!r}")
    try:
        value = json.loads(text)
    except ValueError as e:
        raise LegacyFileError(f"{source}: attribute {name!r} is not valid JSON ({e}).") from None
    if not isinstance(value, dict):
        raise LegacyFileError(f"{source}: attribute {name!r} should hold a JSON object but holds {_describe(value)}.")
    return value


def read_names(group, name, source="<h5>", where="the file"):
    """The strings of attribute `name`, joined from ``name0``, ``name1``, ... if split; None if absent.

    Args:
        group: an h5py group (or file).
        name: the attribute (``layer_names``, ``weight_names``).
        source: the file name, for messages; default "<h5>".
        where: the group, for messages; default "the file".
    """
    if name in group.attrs:
        parts = [group.attrs[name]]
    elif f"{name}0" in group.attrs:
        parts, chunk = [], 0
        while f"{name}{chunk}" in group.attrs:
            parts.append(group.attrs[f"{name}{chunk}"])
            chunk += 1
    else:
        return None
    names = []
    for part in parts:
        if not isinstance(part, np.ndarray) or part.ndim != 1:
            raise LegacyFileError(
                f"{source}: attribute {name!r} of {where} should be a list of names but is {_describe(part)}."
            )
        if part.size and part.dtype.kind not in "SUO":
            raise LegacyFileError(
                f"{source}: attribute {name!r} of {where} should be a list of names but holds {part.dtype} values."
            )
        names.extend(_text(n, source, f"an entry of attribute {name!r} of {where}") for n in part)
    return names


def _weights(group, owner, source):
    names = read_names(group, "weight_names", source, owner)
    if names is None:
        raise LegacyFileError(f"{source}: {owner} has no 'weight_names' attribute (the file is damaged).")
    weights = []
    for name in names:
        dataset = group.get(name)
        if not isinstance(dataset, h5py.Dataset):
            what = "missing" if dataset is None else "not a dataset"
            raise LegacyFileError(f"{source}: weight {name!r} of {owner} is listed but its dataset is {what}.")
        weights.append(SavedWeight(name, dataset, owner, source))
    return weights


def _weights_root(f, source, full_model):
    has_names = "layer_names" in f.attrs or "layer_names0" in f.attrs
    if full_model:
        root = f.get("model_weights")
        if isinstance(root, h5py.Group):
            return root
        if has_names:
            return f  # the weights of a full model written at the root
        raise LegacyFileError(f"{source}: the file has a 'model_config' but no 'model_weights' group (damaged file).")
    if has_names:
        return f
    if isinstance(f.get("model_weights"), h5py.Group):
        return f["model_weights"]
    raise LegacyFileError(
        f"{source}: HDF5 file without Keras weights (no 'layer_names' attribute and no "
        "'model_weights' group): it was not written by Keras model.save or save_weights."
    )


def _read_layers(root, source):
    names = read_names(root, "layer_names", source, "the weights group")
    if names is None:
        raise LegacyFileError(f"{source}: the weights group has no 'layer_names' attribute (damaged file).")
    layers = []
    for layer_name in names:
        group = root.get(layer_name)
        if not isinstance(group, h5py.Group):
            what = "missing" if group is None else "not a group"
            raise LegacyFileError(f"{source}: layer {layer_name!r} is listed but its group is {what}.")
        layers.append((layer_name, _weights(group, f"layer {layer_name!r}", source)))
    return layers


def _read(f, source, model, training):
    saved = SavedFile(source)
    if model:
        saved.model_config = _json_attr(f, "model_config", source)
        if saved.model_config is None:
            has_weights = "layer_names" in f.attrs or "layer_names0" in f.attrs
            what = "a weights-only file (use model.load_weights)" if has_weights else "not a Keras model"
            raise LegacyFileError(f"{source}: no 'model_config' attribute: {what}.")
    root = _weights_root(f, source, full_model=model)
    saved.keras_version = _version_text(root, "keras_version", source) or _version_text(f, "keras_version", source)
    saved.backend = _version_text(root, "backend", source) or _version_text(f, "backend", source)
    saved.layers = _read_layers(root, source)
    if training:
        saved.training_config = _json_attr(f, "training_config", source)
        group = f.get("optimizer_weights")
        if group is not None:
            if not isinstance(group, h5py.Group):
                raise LegacyFileError(f"{source}: 'optimizer_weights' is not a group (damaged file).")
            saved.optimizer_weights = _weights(group, "the optimizer", source)
    return saved


@contextlib.contextmanager
def read_file(filepath, model=True, training=True):
    """Open and check a Keras 2 HDF5 file; yield its `SavedFile` while the file is open.

    Args:
        filepath: a path, or an open ``h5py.File`` / group (left open).
        model: True for a full-model file (``model_config`` required),
            False for ``load_weights`` (either kind of file); default True.
        training: also read ``training_config`` and ``optimizer_weights``;
            default True.

    Yields:
        A `SavedFile`; its `SavedWeight` handles read while inside.

    Raises:
        FileNotFoundError: `filepath` does not exist.
        LegacyFileError: the file is not a readable Keras file; the message
            names the file and what is wrong.
    """
    what = "Keras model" if model else "Keras weights"
    if is_h5py_object(filepath):
        yield _read(filepath, source_name(filepath), model, training)
        return
    with open_h5(filepath, what) as f:
        yield _read(f, source_name(filepath), model, training)


# --------------------------------------------------------------------------
# Writing.


def write_names(group, name, values):
    """Store the strings `values` as attribute `name`, split into ``name0``, ... past HDF5's limit."""
    data = np.asarray([v.encode("utf8") for v in values]) if values else np.asarray([], dtype="S1")
    chunks = 1
    # Every chunk must fit, not their average: np.array_split makes uneven chunks.
    while any(part.nbytes > _ATTRIBUTE_LIMIT for part in np.array_split(data, chunks)):
        chunks += 1
    for key in [k for k in group.attrs if k == name or (k.startswith(name) and k[len(name) :].isdigit())]:
        del group.attrs[key]
    if chunks == 1:
        group.attrs[name] = data
    else:
        for i, part in enumerate(np.array_split(data, chunks)):
            group.attrs[f"{name}{i}"] = part


def _write_values(group, names, values):
    write_names(group, "weight_names", names)
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
    """Write every layer's weights in the Keras 2 order under `group`.

    Args:
        group: an h5py group (or file) open for writing.
        model: a model, or anything with a ``layers`` list.
    """
    write_names(group, "layer_names", [layer.name for layer in model.layers])
    group.attrs["backend"] = _keras.backend.backend()
    group.attrs["keras_version"] = _keras.__version__
    for layer in model.layers:
        layer_group = group.create_group(layer.name)
        variables = layer_weights(layer)
        values = [_keras.ops.convert_to_numpy(v) for v in variables]
        _write_values(layer_group, _weight_names(layer, variables), values)


@contextlib.contextmanager
def _target(filepath, overwrite):
    # An open h5py object is written in place, as Keras 2 did; a path atomically.
    if is_h5py_object(filepath):
        yield filepath
        return
    with atomic_path(filepath, overwrite) as tmp:
        if tmp is None:
            yield None
            return
        with h5py.File(tmp, "w") as f:
            yield f


def _clear(group, names):
    for name in names:
        if name in group:
            del group[name]
        if name in group.attrs:
            del group.attrs[name]


def write_weights(model, filepath, overwrite=True):
    """Write a Keras 2 weights-only HDF5 file, atomically.

    Args:
        model: the model.
        filepath: target path (any name, as in Keras 2), or an open
            ``h5py.File`` / group.
        overwrite: ask before replacing an existing file when False;
            default True.
    """
    with _target(filepath, overwrite) as f:
        if f is not None:
            _clear(f, [layer.name for layer in model.layers])
            write_layer_groups(f, model)


def write_model(model, filepath, model_config, training_config, overwrite=True, include_optimizer=True):
    """Write a Keras 2 full-model HDF5 file, atomically.

    Args:
        model: the model.
        filepath: target path, or an open ``h5py.File`` / group (written in
            place).
        model_config: the ``{"class_name", "config"}`` dictionary to store.
        training_config: the Keras 2 training config dictionary, or None.
        overwrite: ask before replacing an existing file when False;
            default True.
        include_optimizer: also write ``training_config`` and the optimizer
            weights; default True.
    """
    default = _internals.json_default
    with _target(filepath, overwrite) as f:
        if f is None:
            return
        _clear(f, ["model_weights", "optimizer_weights", "training_config"])
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
