"""The error every stage of loading raises for a file it cannot use.

Legacy API: the ``ValueError`` / ``KeyError`` / ``IOError`` that Keras 2's
``load_model`` and ``load_weights`` let escape on a damaged file.

Keras 3 replacement: the errors of ``keras.saving.load_model``.

Difference: one class, `LegacyFileError` (a ``ValueError``), whose message
starts with the file's name and says what is wrong with it.
"""

__all__ = ["LegacyFileError"]


class LegacyFileError(ValueError):
    """A file cannot be loaded: damaged, not a Keras file, or not for this model."""
