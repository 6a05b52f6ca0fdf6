"""Run legacy Keras 2 code unchanged, with Keras 2 behaviour, on Keras 3.

Two ways in:

* ``import keras_faq_compat as keras`` (one edit): this package mirrors the
  Keras 2.2 import surface (``keras_faq_compat.models``, ``.layers``,
  ``.backend``, ``.utils.io_utils``, ...). Importing it changes nothing global.
* ``python -m keras_faq_compat run old_script.py`` (zero edits), or
  ``install()`` / ``uninstall()`` / ``with activated():`` from Python: while
  active, ``import keras``, ``import theano`` and the TF1 names the Keras FAQ
  uses (``tf.ConfigProto``, ``tf.Session``, ...) resolve to this layer.

Everything is imported lazily (PEP 562), so importing the package costs
little more than importing Keras itself.
"""

import importlib

__version__ = "0.1.0"

# The activation and its warning category; every Keras 2 name (``Sequential``, ``layers``, ...) is a
# row of `legacy_names`, served by `_lazy.surface`.
_OWN = {
    "install": "activation:install",
    "uninstall": "activation:uninstall",
    "activated": "activation:activated",
    "is_active": "activation:is_active",
    "LegacyAPIWarning": "deprecation:LegacyAPIWarning",
}

__all__ = sorted(_OWN) + ["__version__"]

from keras_faq_compat import _lazy  # noqa: E402

_legacy_getattr, _legacy_dir = _lazy.surface(__name__, own_submodules=False)


def legacy_attribute(name):
    """`name` as ``keras.<name>`` gives it under the activation: Keras 2 names only."""
    return _legacy_getattr(name)


def __getattr__(name):
    target = _OWN.get(name)
    if target is not None:
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(f"{__name__}.{module_name}"), attr)
    # This package's own modules (``keras_faq_compat.tf1``, ``.saving``) not imported yet, before
    # the Keras 3 names the legacy surface falls back to; a file check, so that ``keras.ops`` in a
    # loop does not pay for a failed import each time.
    if not name.startswith("_") and _lazy.has_file(f"{__name__}.{name}"):
        return importlib.import_module(f"{__name__}.{name}")
    return _legacy_getattr(name)


def __dir__():
    return sorted(set(globals()) | set(_OWN) | set(_legacy_dir()))
