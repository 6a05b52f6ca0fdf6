"""The one owner of Keras and TensorFlow internals.

Every use in this package of ``keras.src``, ``tensorflow.python`` or a private
attribute (a name starting with ``_``) of a Keras or TensorFlow object is a
named function, constant or mixin of this module; the other modules use only
public Keras and TensorFlow APIs and these names (``tests/test_internals.py``
audits that). Each docstring names the Keras (and TensorFlow) versions the
internal it relies on was checked with, and ``tests/test_internals.py`` holds
a behaviour canary for each: what the function must do, not that a name
exists.

When a later Keras moves or renames one of these internals, the function
that needs it raises `KerasInternalsError`, naming the internal, the
installed Keras version and the compat function, instead of an
``AttributeError`` deep inside a legacy shim.

Checked with TensorFlow 2.16.2 / Keras 3.3.3 (the oldest supported pair) and
TensorFlow 2.21 / Keras 3.15.1, unless a docstring says otherwise.
"""

import importlib

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = ["KerasInternalsError", "keras_home", "set_keras_home"]


class KerasInternalsError(RuntimeError):
    """An internal of Keras or TensorFlow that the compat layer relies on is gone."""


def _missing(what, user, cause=None):
    message = (
        f"keras_faq_compat.{user} relies on {what}, which Keras {_keras.__version__} "
        f"(TensorFlow {_tf.__version__}) does not have; this Keras release is not supported "
        "by this version of keras-faq-compat."
    )
    if cause is not None:
        message = f"{message} ({type(cause).__name__}: {cause})"
    return KerasInternalsError(message)


def _resolve(target, user):
    """The object at ``"package.module:Attr.attr"``, or `KerasInternalsError`.

    Args:
        target: the module path, a colon, and the attribute path inside it.
        user: the name of the function of this module that needs it (for
            the message).
    """
    module_name, _, attributes = target.partition(":")
    try:
        obj = importlib.import_module(module_name)
        for name in filter(None, attributes.split(".")):
            obj = getattr(obj, name)
    except (ImportError, AttributeError) as e:
        raise _missing(f"`{target}`", user, e) from None
    return obj


def _attribute(obj, name, user):
    """``getattr(obj, name)`` for a private attribute, or `KerasInternalsError`."""
    try:
        return getattr(obj, name)
    except AttributeError as e:
        raise _missing(f"`{type(obj).__name__}.{name}`", user, e) from None


def keras_home():
    """The folder Keras 3 caches downloads in: ``keras.utils.get_file``'s default.

    Keras 3 fixes it once, at its import, from ``$KERAS_HOME`` or ``~/.keras``
    (``/tmp/.keras`` when the home folder is not writable), in
    ``keras.src.backend.config._KERAS_DIR``. Checked with Keras 3.3.3 and 3.15.1.
    """
    config = _resolve("keras.src.backend.config:", "keras_home")
    return _attribute(config, "_KERAS_DIR", "keras_home")


def set_keras_home(path):
    """Point Keras 3's download cache (``datasets/``, ``models/``) at `path`.

    Keras 2 read ``$KERAS_HOME`` when the script first imported keras; Keras 3
    read it before the script's first line under the activation, so the
    activation moves it here. Checked with Keras 3.3.3 and 3.15.1.

    Args:
        path: the new folder (``$KERAS_HOME`` or ``~/.keras``).
    """
    config = _resolve("keras.src.backend.config:", "set_keras_home")
    _attribute(config, "_KERAS_DIR", "set_keras_home")
    config._KERAS_DIR = path
