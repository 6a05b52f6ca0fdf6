"""Keras 2 saving methods on compat models.

Legacy API: ``model.save('x.h5')``, ``model.save_weights('w.h5')``,
``model.load_weights(path, by_name=..., skip_mismatch=...)``, ``model.to_json()``,
``model.to_yaml()``.

Keras 3 replacement: ``model.save('x.keras')``, ``model.save_weights('x.weights.h5')``,
``model.to_json()``; YAML was removed.

Paths ending in ``.keras`` (``save``) or ``.weights.h5`` / ``.keras``
(``save_weights`` / ``load_weights``) keep the Keras 3 behaviour; every other
path is a Keras 2 HDF5 file, whatever its name, as in Keras 2.
"""

import json
import os

from keras_faq_compat import _internals, saving
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.distribute.multi_worker import chief_only
from keras_faq_compat.saving import class_identity
from keras_faq_compat.saving.safe_yaml import dump_yaml_config

__all__ = ["SavingMixin"]


def _native_weights(filepath):
    return isinstance(filepath, (str, os.PathLike)) and os.fspath(filepath).endswith((".weights.h5", ".keras"))


class SavingMixin:
    """Keras 2 file methods; cooperates with the next class through ``super()``."""

    def get_config(self):
        """The model's config, nested compat models named as their Keras 3 classes.

        ``Sequential.from_config(model.get_config())`` and plain Keras 3 both read it.
        """
        with class_identity.public_names():
            return super().get_config()

    def save(self, filepath, overwrite=True, include_optimizer=True, **kwargs):
        """Save the model (Keras 2 HDF5 layout unless `filepath` ends in ``.keras``).

        Args:
            filepath: target path; written atomically, its folder created.
            overwrite: ask before replacing an existing file when False;
                default True.
            include_optimizer: store the training config and optimizer
                state; default True.
            **kwargs: passed to Keras 3 for ``.keras`` paths.
        """
        saving.save_model(self, filepath, overwrite=overwrite, include_optimizer=include_optimizer, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        """Save the weights: a Keras 2 HDF5 file for any name but ``*.weights.h5``.

        Args:
            filepath: target path; written atomically, its folder created.
            overwrite: ask before replacing an existing file when False;
                default True.
            **kwargs: passed to Keras 3 for ``.weights.h5`` paths.
        """
        if _native_weights(filepath):
            with chief_only(filepath) as target:  # only the chief writes under a multi-worker strategy
                return super().save_weights(target, overwrite=overwrite, **kwargs)
        saving.save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False, reshape=False, **kwargs):
        """Load weights saved by Keras 2 (``save_weights`` or ``save``) or Keras 3.

        Args:
            filepath: path of the file.
            by_name: match saved layers to layers of the same name (several
                layers may share one); layers without a match keep their
                values; default False (match by order among layers with
                weights).
            skip_mismatch: warn and skip layers whose weight count or
                weights whose shape do not fit; default False.
            reshape: reshape a saved weight of the right size but another
                shape (Keras 2.2 option, Keras 2 HDF5 files only); default
                False.
            **kwargs: passed to Keras 3 for ``.weights.h5`` / ``.keras``.
        """
        if _native_weights(filepath):
            if by_name or reshape:
                raise ValueError(
                    f"load_weights({os.fspath(filepath)!r}, by_name={by_name}, reshape={reshape}): by-name "
                    "matching and reshaping need a Keras 2 HDF5 file; Keras 3 files match by structure."
                )
            return super().load_weights(filepath, skip_mismatch=skip_mismatch, **kwargs)
        saving.load_weights(self, filepath, by_name=by_name, skip_mismatch=skip_mismatch, reshape=reshape)

    def _public_config(self):
        with class_identity.public_names():
            return _keras.saving.serialize_keras_object(self)

    def to_json(self, **kwargs):
        """The model's config as JSON (``model_from_json`` and plain Keras 3 read it).

        Args:
            **kwargs: passed to ``json.dumps``.
        """
        return json.dumps(self._public_config(), default=_internals.json_default, **kwargs)

    def to_yaml(self, **kwargs):
        """The model's config as YAML without Python tags (Keras 2 API, removed in Keras 3).

        Args:
            **kwargs: passed to ``yaml.safe_dump``.
        """
        warn_legacy("model.to_yaml", "model.to_json()")
        return dump_yaml_config(self._public_config(), **kwargs)
