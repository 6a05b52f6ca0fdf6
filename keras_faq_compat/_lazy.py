"""Lazy module surfaces (PEP 562) made from the table of legacy names.

A compat module ends with ``__getattr__, __dir__ = _lazy.surface(__name__)``: its names not defined in
the file itself are served from its rows of `keras_faq_compat.legacy_names`, then from the module's
``fallback``. Nothing is imported until a name is first used.

A Keras 2 module with no code of its own (``keras.layers.core``, ``keras.losses``) has no file: its
parent package makes it from the table when the parent is imported, and registers it under its own
``keras_faq_compat.*`` name, as an imported submodule would be (``six.moves`` does the same), so that
``import keras_faq_compat.layers.core`` works without the activation.
"""

import importlib
import os
import sys
import types

from keras_faq_compat import legacy_names

__all__ = ["surface", "resolve", "unrestored", "has_file", "lazy_attributes", "real_attribute", "not_implemented"]

_REAL_ROOTS = ("keras", "tf.keras")


def real_attribute(path):
    """The object at dotted `path` below the real Keras package (``"layers.Dense"``)."""
    from keras_faq_compat._real import keras

    return _walk(keras, path)


def _walk(obj, path):
    for part in path.split(".") if path else ():
        obj = getattr(obj, part)
    return obj


def resolve(target):
    """The object a table target names (see `legacy_names` for the forms)."""
    root, _, path = target.partition(":")
    if root in _REAL_ROOTS:
        from keras_faq_compat._real import keras, tf

        return _walk(keras if root == "keras" else tf.keras, path)
    return _walk(importlib.import_module(root), path)


def unrestored(row):
    """A stand-in for a Keras 2 name that is not restored: any use raises `LegacyNameError`.

    It is a class, so that both calling it and subclassing it (``class M(Recurrent)``) fail with
    the same message, while importing it does not.
    """
    replacement = row.replacement or _module_replacement(row.module)
    message = f"{row.path} is not restored by keras_faq_compat"
    if row.difference:
        message += f" ({row.difference})"
    message += f"; use {replacement} instead."

    def fail(*args, **kwargs):
        raise legacy_names.LegacyNameError(message)

    return type(
        row.name,
        (),
        {
            "__new__": fail,
            "__init_subclass__": classmethod(fail),
            "__doc__": f"Not restored: {message}",
            "__module__": legacy_names.compat_module_name(row.module),
            "__keras_faq_compat_unrestored__": True,
        },
    )


def not_implemented(legacy_api, where):
    """A callable stand-in for a legacy API that is not restored (raises `LegacyNameError`)."""
    row = legacy_names.LegacyName(legacy_api, None, difference=where)
    return unrestored(row)


def _module_replacement(path):
    row = legacy_names.module(path)
    return row.replacement if row is not None else "the Keras 3 API"


def has_file(compat_name):
    """Whether this package has a file (module or package) for `compat_name`."""
    parent, _, leaf = compat_name.rpartition(".")
    package = sys.modules.get(parent)
    for folder in getattr(package, "__path__", ()):
        if os.path.exists(os.path.join(folder, leaf + ".py")) or os.path.isdir(os.path.join(folder, leaf)):
            return True
    return False


def _children(legacy_path):
    prefix = legacy_path + "."
    return [row for row in legacy_names.MODULES if row.path.startswith(prefix) and "." not in row.path[len(prefix):]]


def _virtual_module(row):
    name = legacy_names.compat_module_name(row.path)
    module = types.ModuleType(name, _docstring(row))
    module.__getattr__, module.__dir__ = surface(name)
    module.__keras_faq_compat_virtual__ = True
    return module


def _docstring(row):
    doc = f"``{row.path}`` as Keras 2 code imports it.\n\nKeras 3 replacement: {row.replacement}."
    if row.difference:
        doc += f"\nDifference: {row.difference}."
    return doc


def _join(fallback, name):
    if ":" not in fallback:
        return f"{fallback}:{name}"
    return fallback + name if fallback.endswith(":") else f"{fallback}.{name}"


def surface(module_name, own_submodules=True):
    """Return ``(__getattr__, __dir__)`` for compat module `module_name`, from the table.

    Also makes the module's table-only children (``keras_faq_compat.layers.core`` below
    ``keras_faq_compat.layers``) and registers them under their compat names.

    Args:
        module_name: the compat module's ``__name__`` (``"keras_faq_compat.layers"``).
        own_submodules: serve this package's own submodules too (``keras_faq_compat.saving``);
            default True; False for the ``keras`` module legacy code sees.
    """
    legacy = legacy_names.legacy_module_name(module_name)
    row = legacy_names.module(legacy)
    fallback = row.fallback if row is not None else ""
    children = {}
    if module_name in sys.modules and hasattr(sys.modules[module_name], "__path__"):
        for child in _children(legacy):
            compat = legacy_names.compat_module_name(child.path)
            if compat not in sys.modules and not has_file(compat):
                sys.modules[compat] = _virtual_module(child)
            children[child.path.rpartition(".")[2]] = compat

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        if name in children:
            return importlib.import_module(children[name])
        entry = legacy_names.names_in(legacy).get(name)
        if entry is None and own_submodules and has_file(f"{module_name}.{name}"):
            # This package's own module (``keras_faq_compat.saving``) before any real Keras name.
            return importlib.import_module(f"{module_name}.{name}")
        if entry is not None:
            if entry.target is None:
                return unrestored(entry)
            # A row pointing at this very module names something the file should define.
            if entry.target.partition(":")[0] != module_name:
                return resolve(entry.target)
        if fallback:
            try:
                return resolve(_join(fallback, name))
            except (AttributeError, ImportError):
                pass
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    def __dir__():
        names = set(legacy_names.names_in(legacy)) | set(children)
        module = sys.modules.get(module_name)
        if module is not None:
            names.update(n for n in vars(module) if not n.startswith("_"))
        if fallback:
            try:
                names.update(n for n in dir(resolve(fallback if ":" in fallback else fallback + ":")) if not n.startswith("_"))
            except (AttributeError, ImportError):
                pass
        return sorted(names)

    return __getattr__, __dir__


def lazy_attributes(module_name, table, fallback=None):
    """``(__getattr__, __dir__)`` for one of this package's own modules (not a Keras 2 path).

    Args:
        module_name: the module's ``__name__``.
        table: maps each name to ``"package.module"`` or ``"package.module:attribute"``; a leading
            ``.`` is relative to `module_name`.
        fallback: dotted path below the real Keras package whose attributes serve other names;
            default None.
    """

    def __getattr__(name):
        if name in table:
            target = table[name]
            if target.startswith("."):
                target = module_name + target
            mod, _, attr = target.partition(":")
            return _walk(importlib.import_module(mod), attr)
        if fallback is not None and not name.startswith("_"):
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
