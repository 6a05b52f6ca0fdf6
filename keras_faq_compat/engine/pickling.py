"""Keras 2.2's model pickling: ``pickle.dumps(model)`` through the Keras 2 HDF5 layout.

Legacy API: ``pickle.dumps(model)`` / ``pickle.loads(data)`` and ``copy.deepcopy(model)`` of a
Sequential or functional model, which Keras 2.2 supported by turning the model into the dict of
its HDF5 file (``keras.engine.saving.pickle_model``) and back (``unpickle_model``): the
unpickled model is compiled, with the same weights and optimizer state, and trains on the same
way.

Keras 3 replacement: ``pickle.dumps(model)`` of a model whose classes are registered as
serializable (Keras 3 pickles the ``.keras`` format), or ``model.save('x.keras')``.

Differences that remain: a subclassed model falls back to Keras 3's own pickling; a legacy
``Lambda`` is rebuilt from its bytecode when unpickled (unpickling runs the pickle's code anyway).
"""

import io
import os
import re
import tempfile

import h5py

from keras_faq_compat import saving
from keras_faq_compat.saving import hdf5_format

__all__ = ["PicklingMixin", "model_to_state", "model_from_state"]

# The names the Keras 2 layout keeps as HDF5 attributes; every other leaf is a dataset.
_ATTRIBUTES = re.compile(r"^(keras_version|backend|model_config|training_config|(layer|weight)_names\d*)$")


def _group_to_dict(group):
    state = dict(group.attrs.items())
    for key, item in group.items():
        state[key] = _group_to_dict(item) if isinstance(item, h5py.Group) else item[()]
    return state


def _dict_to_group(state, group):
    for key, value in state.items():
        if isinstance(value, dict):
            _dict_to_group(value, group.create_group(key))
        elif _ATTRIBUTES.match(key):
            group.attrs[key] = value
        else:
            group.create_dataset(key, data=value)


def model_to_state(model):
    """The Keras 2 HDF5 layout of `model` as nested dicts of attributes and numpy arrays.

    Args:
        model: a Sequential or functional model.

    Raises:
        NotImplementedError: for a subclassed model, which has no Keras 2 architecture config.
    """
    model_config = saving.model_config_of(model)
    if "layers" not in model_config["config"]:
        raise NotImplementedError(
            f"{type(model).__name__} is a subclassed model: Keras 2 pickled only Sequential "
            "and functional models."
        )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.h5")
        hdf5_format.write_model(model, path, model_config, saving.training_config_of(model))
        with h5py.File(path, "r") as f:
            return _group_to_dict(f)


def model_from_state(state, safe_mode=True):
    """The model that `model_to_state` described, compiled when it was.

    Args:
        state: the dict `model_to_state` returned.
        safe_mode: refuse legacy ``Lambda`` bytecode; default True.
    """
    with h5py.File(io.BytesIO(), "w") as f:
        _dict_to_group(state, f)
        return saving.load_model(f, safe_mode=safe_mode)


def _unpickle(state):
    # pickle.loads already runs whatever code the pickle holds: no second gate.
    return model_from_state(state, safe_mode=False)


class PicklingMixin:
    """Model mixin: pickle a Sequential or functional model as Keras 2.2 did."""

    def __reduce__(self):
        try:
            return _unpickle, (model_to_state(self),)
        except NotImplementedError:
            return super().__reduce__()
