"""Saving a model or its weights as Keras 2 did: the stages, called in order from one place.

Legacy API: ``keras.models.save_model`` / ``model.save('x.h5')`` and
``model.save_weights('w.h5')`` of Keras 2 (any file name; an open
``h5py.File`` or group too).

Keras 3 replacement: ``model.save('x.keras')`` and
``model.save_weights('x.weights.h5')``.

`save_model` to an HDF5 file runs, in this order:

1. `describe`: the model has a Keras 2 file form; its model config and
   training config (the lambdas it holds are noted in `trusted_code`);
2. `hdf5_format.write_model`: the Keras 2 layout, written to a temporary
   file that replaces the target only when complete (`atomic_write`), so
   a failed save leaves the previous file intact.

A ``.keras`` path goes to Keras 3's writer, also atomically. Under a
multi-worker strategy only the chief writes.
"""

import os

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.distribute.multi_worker import chief_only
from keras_faq_compat.saving import class_identity, describe, hdf5_format, trusted_code
from keras_faq_compat.saving.atomic_write import atomic_path

__all__ = ["save_model", "save_weights"]


def _is_native(filepath):
    return isinstance(filepath, (str, os.PathLike)) and os.fspath(filepath).endswith(".keras")


def save_model(model, filepath, overwrite=True, include_optimizer=True, **kwargs):
    """Save a model as Keras 2 did, or as Keras 3 for a ``.keras`` path.

    Under a multi-worker strategy only the chief writes `filepath`
    (`keras_faq_compat.distribute.multi_worker.chief_only`).

    A path is written to a temporary name and renamed, so a failed save
    leaves the previous file intact; a missing folder is created. An open
    ``h5py.File`` or group is written in place, as in Keras 2.

    Args:
        model: the model.
        filepath: a path (``.keras``: Keras 3 format; anything else: one
            Keras 2 HDF5 file) or an open ``h5py.File`` / group.
        overwrite: when False and the file exists, ask first; default True.
        include_optimizer: store the training config and optimizer state;
            default True.
        **kwargs: passed to ``keras.saving.save_model`` for ``.keras``;
            ``save_format="h5"`` forces the HDF5 file, ``"tf"`` is refused
            (Keras 3 writes SavedModels with ``model.export``).
    """
    source = hdf5_format.source_name(filepath)
    save_format = kwargs.pop("save_format", None)
    if save_format in ("tf", "tensorflow"):
        raise ValueError(
            f"save_model({source!r}, save_format={save_format!r}): the TensorFlow "
            "SavedModel format of Keras 2.3 is written by model.export(path) in Keras 3."
        )
    with chief_only(filepath) as target, class_identity.public_names():
        if _is_native(target) and save_format != "h5":
            with atomic_path(target, overwrite) as tmp:
                if tmp is not None:
                    _keras.saving.save_model(model, tmp, **kwargs)
            return
        _save_h5(model, target, source, overwrite, include_optimizer)


def _save_h5(model, target, source, overwrite, include_optimizer):
    warn_legacy(
        "model.save / save_model to a Keras 2 HDF5 file",
        "model.save('x.keras')",
        "The file keeps the Keras 2 layout and also loads in plain Keras 3.",
    )
    describe.check_saveable(model, source)
    model_config = describe.model_config_of(model)
    trusted_code.remember(model_config)
    include_optimizer = describe.keeps_optimizer(model, include_optimizer)
    training = describe.training_config_of(model) if include_optimizer else None
    hdf5_format.write_model(model, target, model_config, training, overwrite=overwrite, include_optimizer=include_optimizer)


def save_weights(model, filepath, overwrite=True):
    """Write `model`'s weights as a Keras 2 HDF5 weights file (atomically).

    Args:
        model: the model.
        filepath: target path, any name, or an open ``h5py.File`` / group.
        overwrite: when False and the file exists, ask first; default True.
    """
    warn_legacy("model.save_weights to a Keras 2 HDF5 file", "model.save_weights('x.weights.h5')")
    with chief_only(filepath) as target:  # only the chief writes under a multi-worker strategy
        hdf5_format.write_weights(model, target, overwrite=overwrite)
