"""``keras.engine.saving``: Keras 2.2's saving functions.

Legacy API: ``keras.engine.saving.load_model``, ``save_model``, ``model_from_json``,
``model_from_yaml``, ``model_from_config``, and the HDF5 group helpers
``load_weights_from_hdf5_group(f, layers)``,
``load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False)``,
``save_weights_to_hdf5_group(f, layers)`` that libraries built on Keras 2 called.

Keras 3 replacement: ``keras.saving.load_model`` / ``save_model``;
``model.load_weights`` / ``save_weights``.
"""

import types

from keras_faq_compat import _lazy

__all__ = [
    "load_weights_from_hdf5_group",
    "load_weights_from_hdf5_group_by_name",
    "save_weights_to_hdf5_group",
]

__getattr__, __dir__ = _lazy.surface(__name__)


def _as_model(layers):
    # Keras 2.2 passed a list of layers; a model works too.
    return layers if hasattr(layers, "layers") else types.SimpleNamespace(layers=list(layers))


def _load(f, layers, by_name, skip_mismatch, reshape):
    from keras_faq_compat import saving

    if reshape:
        raise ValueError("reshape=True is not supported; reshape the weights yourself.")
    source = getattr(f, "filename", "<h5>")
    return saving._load_weights_from(f, _as_model(layers), by_name, skip_mismatch, source)


def load_weights_from_hdf5_group(f, layers, reshape=False):
    """Load weights by order into `layers` from an open HDF5 file or group.

    Args:
        f: an open ``h5py.File`` or group holding ``layer_names``.
        layers: a list of layers (or a model).
        reshape: not supported; default False.
    """
    _load(f, layers, False, False, reshape)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False, reshape=False):
    """Load weights by layer name into `layers` from an open HDF5 file or group.

    Args:
        f: an open ``h5py.File`` or group holding ``layer_names``.
        layers: a list of layers (or a model).
        skip_mismatch: warn and skip what does not fit; default False.
        reshape: not supported; default False.
    """
    _load(f, layers, True, skip_mismatch, reshape)


def save_weights_to_hdf5_group(f, layers):
    """Write `layers`' weights into an open HDF5 file or group, Keras 2 layout.

    Args:
        f: an ``h5py.File`` or group open for writing.
        layers: a list of layers (or a model).
    """
    from keras_faq_compat.saving import hdf5_format

    hdf5_format.write_layer_groups(f, _as_model(layers))
