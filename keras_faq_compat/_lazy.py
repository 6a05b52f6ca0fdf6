"""Lazy module attributes (PEP 562) for the legacy import surface.

Each compat module keeps a table ``name -> "module[:attribute]"`` and, where
Keras 3 still has the legacy module, falls back to the real one for every
other name. Nothing is imported until a name is first used.
"""

import importlib

__all__ = ["lazy_attributes", "real_attribute"]


def real_attribute(path):
    """The object at dotted `path` below the real Keras package (``"layers.Dense"``)."""
    from keras_faq_compat._real import keras

    obj = keras
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def lazy_attributes(module_name, table, fallback=None):
    """Return ``(__getattr__, __dir__)`` for a module served lazily.

    Args:
        module_name: the module's ``__name__``.
        table: maps each public name to ``"package.module"`` (a module) or
            ``"package.module:attribute"``; a leading ``.`` is relative to
            `module_name`'s package.
        fallback: dotted path of a real Keras module (``"layers"``) whose
            attributes are served for names not in `table`; default None.
    """

    def resolve(target):
        mod, _, attr = target.partition(":")
        if mod.startswith("."):
            mod = module_name + mod if mod != "." else module_name
        module = importlib.import_module(mod)
        return getattr(module, attr) if attr else module

    def __getattr__(name):
        if name in table:
            return resolve(table[name])
        if not name.startswith("__"):
            try:
                return importlib.import_module(f"{module_name}.{name}")
            except ModuleNotFoundError as e:
                if e.name != f"{module_name}.{name}":
                    raise
            if fallback is not None:
                try:
                    return real_attribute(f"{fallback}.{name}")
                except AttributeError:
                    pass
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    def __dir__():
        names = set(table)
        if fallback is not None:
            names.update(n for n in dir(real_attribute(fallback)) if not n.startswith("_"))
        return sorted(names)

    return __getattr__, __dir__


def not_implemented(legacy_api, where):
    """A stand-in for a legacy API that is not restored yet.

    Calling it raises `NotImplementedError` naming the API, never an
    `AttributeError` at import time.
    """

    def stub(*args, **kwargs):
        raise NotImplementedError(f"{legacy_api} is not restored by keras_faq_compat yet ({where}).")

    stub.__name__ = legacy_api.rpartition(".")[2]
    stub.__qualname__ = stub.__name__
    stub.__doc__ = f"Not restored yet: {legacy_api} ({where})."
    return stub
