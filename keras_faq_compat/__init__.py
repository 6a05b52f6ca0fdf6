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

# Public names served lazily: name -> "module[:attribute]", relative to this
# package. Submodules listed here mirror Keras 2.2's ``keras.<name>``.
_LAZY = {
    # Legacy Keras 2 modules.
    "activations": "activations",
    "applications": "applications",
    "backend": "backend",
    "callbacks": "callbacks",
    "constraints": "constraints",
    "datasets": "datasets",
    "engine": "engine",
    "initializers": "initializers",
    "layers": "layers",
    "losses": "losses",
    "metrics": "metrics",
    "models": "models",
    "optimizers": "optimizers",
    "preprocessing": "preprocessing",
    "regularizers": "regularizers",
    "utils": "utils",
    "wrappers": "wrappers",
    # Keras 2 top-level names.
    "Sequential": "models:Sequential",
    "Model": "models:Model",
    "Input": "layers:Input",
    # The activation and its warning category.
    "install": "activation:install",
    "uninstall": "activation:uninstall",
    "activated": "activation:activated",
    "is_active": "activation:is_active",
    "LegacyAPIWarning": "deprecation:LegacyAPIWarning",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name):
    target = _LAZY.get(name)
    if target is None:
        if name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # A submodule not imported yet (``from keras_faq_compat import tf1``).
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}" or name.startswith("_"):
                raise
        # Anything Keras 3 still has at the top level (``ops``, ``config``,
        # ``random``, ...) is served unchanged from the real package.
        from keras_faq_compat._real import keras as _keras

        try:
            return getattr(_keras, name)
        except AttributeError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, attr) if attr else module


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
