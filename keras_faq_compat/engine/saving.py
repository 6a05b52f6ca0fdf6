"""``keras.engine.saving``: Keras 2.2's saving functions.

Legacy API: ``keras.engine.saving.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config``, and the HDF5 group helpers
``load_weights_from_hdf5_group(f, layers)``,
``load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False)``,
``save_weights_to_hdf5_group(f, layers)`` that libraries built on Keras 2 called;
``preprocess_weights_for_loading``, ``save_attributes_to_hdf5_group`` /
``load_attributes_from_hdf5_group`` (attributes split into ``name0``, ``name1``, ... past HDF5's
64 KB header limit), ``pickle_model`` / ``unpickle_model``, and Keras 2.3's ``allow_write_to_gcs``
/ ``allow_read_from_gcs`` decorators.

Keras 3 replacement: ``keras.saving.load_model`` / ``save_model``;
``model.load_weights`` / ``save_weights``; ``pickle.dumps(model)``.

Differences that remain: ``preprocess_weights_for_loading`` converts for Keras 3 layers with this
package's weight rules (Keras 1 per-gate RNN weights and kernel layouts, Theano kernel flips, CuDNN
RNN weights, Keras 2's ``hard_sigmoid``); the loaders themselves refuse Keras 1 files (their
configs are not translated). The group helpers take an open ``h5py.File`` or group, checked and
read as `load_model` reads files (declared shapes before data, errors naming the file).
"""

import functools
import inspect
import os
import tempfile
import types

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat._real import tf
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.engine import pickling
from keras_faq_compat.saving import hdf5_format, legacy_weights, load
from keras_faq_compat.utils import io_utils

__all__ = [
    "allow_read_from_gcs",
    "allow_write_to_gcs",
    "load_attributes_from_hdf5_group",
    "load_weights_from_hdf5_group",
    "load_weights_from_hdf5_group_by_name",
    "pickle_model",
    "preprocess_weights_for_loading",
    "save_attributes_to_hdf5_group",
    "save_weights_to_hdf5_group",
    "unpickle_model",
]

# HDF5 object headers hold at most this many bytes (attributes included).
HDF5_OBJECT_HEADER_LIMIT = 64512

__getattr__, __dir__ = _lazy.surface(__name__)


def _as_model(layers):
    # Keras 2.2 passed a list of layers; a model works too.
    return layers if hasattr(layers, "layers") else types.SimpleNamespace(layers=list(layers))


def _load(f, layers, by_name, skip_mismatch, reshape):
    with hdf5_format.read_file(f, model=False, training=False) as saved:
        return load.load_weights_from_group(_as_model(layers), saved, by_name, skip_mismatch, reshape)


def load_weights_from_hdf5_group(f, layers, reshape=False):
    """Load weights by order into `layers` from an open HDF5 file or group.

    Args:
        f: an open ``h5py.File`` or group holding ``layer_names``.
        layers: a list of layers (or a model).
        reshape: reshape a weight of the right size but another shape; default False.
    """
    _load(f, layers, False, False, reshape)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False, reshape=False):
    """Load weights by layer name into `layers` from an open HDF5 file or group.

    Args:
        f: an open ``h5py.File`` or group holding ``layer_names``.
        layers: a list of layers (or a model).
        skip_mismatch: warn and skip what does not fit; default False.
        reshape: reshape a weight of the right size but another shape; default False.
    """
    _load(f, layers, True, skip_mismatch, reshape)


def save_weights_to_hdf5_group(f, layers):
    """Write `layers`' weights into an open HDF5 file or group, Keras 2 layout.

    Args:
        f: an ``h5py.File`` or group open for writing.
        layers: a list of layers (or a model).
    """
    hdf5_format.write_layer_groups(f, _as_model(layers))


def preprocess_weights_for_loading(layer, weights, original_keras_version=None, original_backend=None, reshape=False):
    """Convert weight values saved by Keras 2 for `layer` into what the layer takes now.

    Args:
        layer: the layer that receives the weights.
        weights: list of numpy arrays, in the order Keras 2 saved them.
        original_keras_version: the ``keras_version`` of the file; default None.
        original_backend: the ``backend`` of the file (``'theano'`` kernels are flipped);
            default None.
        reshape: reshape a convolution kernel of the right size but another shape to the
            layer's kernel shape; default False.

    Returns:
        The converted list of numpy arrays.

    Raises:
        ValueError: when weights cannot be converted (CuDNNGRU weights into a
            ``GRU(reset_after=False)``, a `reshape` of another size).
    """
    warn_legacy("keras.engine.saving.preprocess_weights_for_loading", "model.load_weights / keras.saving.load_model")
    origin = legacy_weights.FileOrigin(original_keras_version or "2", original_backend, "<weights>")
    weights = [np.asarray(w) for w in weights]
    if reshape and weights and getattr(layer, "weights", None):
        target = tuple(layer.weights[0].shape)
        if weights[0].shape != target:
            if weights[0].size != int(np.prod(target)):
                raise ValueError(
                    "Weights must be of equal size to apply a reshape operation. Layer "
                    f"{layer.name}'s weights have shape {target} and size {int(np.prod(target))}. "
                    f"The weights for loading have shape {weights[0].shape} and size "
                    f"{weights[0].size}. "
                )
            weights[0] = np.reshape(weights[0], target)
    converted, _ = legacy_weights.convert_layer_weights(layer, weights, origin)
    return converted


def _text_list(data):
    return [item.decode("utf8") if isinstance(item, bytes) else str(item) for item in data]


def save_attributes_to_hdf5_group(group, name, data):
    """Store the strings `data` as attribute `name` of `group`, split when too large.

    Past HDF5's 64512-byte header limit the list is split into attributes ``name0``,
    ``name1``, ..., as Keras 2 wrote them.

    Args:
        group: an h5py group (or file) open for writing.
        name: the attribute's name (``"layer_names"``, ``"weight_names"``).
        data: a list of strings or bytes.

    Raises:
        RuntimeError: when one item alone is larger than the limit.
    """
    too_large = [item for item in _text_list(data) if len(item.encode("utf8")) > HDF5_OBJECT_HEADER_LIMIT]
    if too_large:
        raise RuntimeError(
            "The following attributes cannot be saved to HDF5 file because they are larger than "
            "%d bytes: %s" % (HDF5_OBJECT_HEADER_LIMIT, ", ".join(too_large))
        )
    hdf5_format.write_names(group, name, _text_list(data))


def load_attributes_from_hdf5_group(group, name):
    """The strings of attribute `name` of `group`, joined from ``name0``, ``name1``, ... if split.

    Args:
        group: an h5py group (or file).
        name: the attribute's name.

    Returns:
        A list of str (empty when the attribute is absent).
    """
    return hdf5_format.read_names(group, name, hdf5_format.source_name(group), f"group {group.name!r}") or []


# -- pickling -------------------------------------------------------------------------------


def pickle_model(model):
    """`model` as a picklable dict: the Keras 2 HDF5 layout (config, weights, optimizer state).

    Args:
        model: a Sequential or functional model.

    Returns:
        A dict of attributes (``model_config``, ``training_config``, ...), numpy arrays and
        nested dicts (``model_weights``, ``optimizer_weights``), as Keras 2.2 made it.
    """
    warn_legacy("keras.engine.saving.pickle_model", "pickle.dumps(model) or model.save('x.keras')")
    return pickling.model_to_state(model)


def unpickle_model(state, safe_mode=True):
    """The model `pickle_model` described: compiled, with its weights and optimizer state.

    Args:
        state: the dict `pickle_model` returned.
        safe_mode: refuse legacy ``Lambda`` bytecode; default True (``pickle.loads`` of a model
            does not ask: unpickling already runs the pickle's code).
    """
    warn_legacy("keras.engine.saving.unpickle_model", "pickle.loads(data) or keras.saving.load_model('x.keras')")
    return pickling.model_from_state(state, safe_mode=safe_mode)


# -- Google Cloud Storage (Keras 2.3) --------------------------------------------------------


def _is_gcs_location(filepath):
    return isinstance(filepath, str) and filepath.startswith("gs://")


def _gcs_copy(source, target, overwrite=True):
    if not overwrite and tf.io.gfile.exists(target):
        if not io_utils.ask_to_proceed_with_overwrite(target):
            return
    tf.io.gfile.copy(source, target, overwrite=True)


def _local_copy_path(filepath, folder):
    return os.path.join(folder, os.path.basename(filepath))


def allow_write_to_gcs(save_function):
    """Decorate ``save_function(obj, filepath, overwrite=True, ...)`` to also save to ``gs://``.

    A ``gs://`` path is written to a local temporary file first, then copied with
    ``tf.io.gfile`` (asking before replacing an object when `overwrite` is False).

    Args:
        save_function: takes the object, the path and `overwrite` as its first three arguments.
    """

    @functools.wraps(save_function)
    def save_wrapper(obj, filepath, overwrite=True, *args, **kwargs):
        if not _is_gcs_location(filepath):
            return save_function(obj, filepath, overwrite, *args, **kwargs)
        with tempfile.TemporaryDirectory() as folder:
            local = _local_copy_path(filepath, folder)
            save_function(obj, local, True, *args, **kwargs)
            _gcs_copy(local, filepath, overwrite)

    return save_wrapper


def allow_read_from_gcs(load_function):
    """Decorate `load_function` (which has an argument named ``filepath``) to read ``gs://``.

    A ``gs://`` object is copied to a local temporary file with ``tf.io.gfile``, which is loaded
    and then removed.

    Args:
        load_function: a function with a ``filepath`` argument.

    Raises:
        ValueError: (when called) if `load_function` has no ``filepath`` argument.
    """
    signature = inspect.signature(load_function)

    @functools.wraps(load_function)
    def load_wrapper(*args, **kwargs):
        if "filepath" not in signature.parameters:
            raise ValueError(f"function {load_function} has no argument filepath")
        bound = signature.bind(*args, **kwargs)
        if not _is_gcs_location(bound.arguments.get("filepath")):
            return load_function(*args, **kwargs)
        with tempfile.TemporaryDirectory() as folder:
            local = _local_copy_path(bound.arguments["filepath"], folder)
            _gcs_copy(bound.arguments["filepath"], local)
            bound.arguments["filepath"] = local
            return load_function(*bound.args, **bound.kwargs)

    return load_wrapper
