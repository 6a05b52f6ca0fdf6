"""NumPy names that Keras 2 era code used and NumPy 1.24 / 2.0 removed.

Legacy API: ``np.float``, ``np.int``, ``np.object``, ``np.str``,
``np.unicode``, ``np.complex``, ``np.bool`` and ``np.long`` (aliases of the
builtins, removed in NumPy 1.24), ``np.float_``, ``np.complex_``,
``np.string_``, ``np.unicode_``, ``np.int0`` and the other ``*0`` / ``bool8``
scalar aliases, ``np.NaN``, ``np.NAN``, ``np.Inf``, ``np.Infinity``,
``np.PINF``, ``np.NINF``, ``np.infty``, and the functions ``np.asscalar``,
``np.alltrue``, ``np.sometrue``, ``np.product``, ``np.cumproduct``,
``np.round_``, ``np.asfarray``, ``np.msort``, ``np.in1d``, ``np.trapz``,
``np.mat`` (removed between NumPy 1.23 and the NumPy 2 releases). Keras 2.2.4's own
``examples/conv_lstm.py`` stops on ``np.zeros(..., dtype=np.float)``.

Replacement: the modern spelling each `NumpyAlias` names (``float`` or
``np.float64``, ``np.nan``, ``np.inf``, ``np.all``, ``a.item()``, ...).

Each value is the one NumPy 1.23 gave (``np.float is float``,
``np.int0 is np.intp``, ``np.NINF == -np.inf``), or, for the functions, the
same computation. The activation serves them through numpy's module
``__getattr__``, which NumPy only calls for names it does not define, so a
name the installed NumPy still has (``np.bool`` and ``np.long`` are NumPy
scalar types again since NumPy 2.0) keeps NumPy's own value. Each name gives
one `LegacyAPIWarning` the first time the script reads it.

Remaining differences: the names are not in ``dir(numpy)`` nor in
``from numpy import *``; ``np.product``, ``np.alltrue`` and the like are
``np.prod``, ``np.all``, ... themselves, not wrappers with their own
``__name__``. ``np.find_common_type`` is not restored: its result followed
NumPy 1's value-based promotion rules, which NumPy 2 replaced (NEP 50), so it
cannot be given back faithfully; use ``np.result_type`` or
``np.promote_types``.

Importing this module changes nothing; ``activation.install()`` applies the
table and ``uninstall()`` takes it away. ``install(numpy_aliases=False)`` or
``KERAS_FAQ_COMPAT_NUMPY_ALIASES=0`` leaves NumPy as it is.
"""

import importlib
import os

from keras_faq_compat.deprecation import warn_legacy

__all__ = ["NumpyAlias", "ALIASES", "ENV_SWITCH", "enabled", "lookup", "legacy_getattr"]

ENV_SWITCH = "KERAS_FAQ_COMPAT_NUMPY_ALIASES"
_OFF = ("0", "false", "no", "off")


class NumpyAlias:
    """One removed NumPy name: where its value comes from and how it is spelled now.

    Args:
        name: the legacy attribute of the ``numpy`` module, e.g. ``"float"``.
        target: where the value lives, ``"module:attribute"``, or
            ``"module:"`` for the module itself; resolved on first use, so
            that a name missing from an older NumPy costs nothing.
        modern: the spelling to use instead, as the warning states it.
        removed: the NumPy release that removed the name, as the warning
            says it (``"NumPy 1.24"``).
    """

    __slots__ = ("name", "target", "modern", "removed")

    def __init__(self, name, target, modern, removed):
        self.name = name
        self.target = target
        self.modern = modern
        self.removed = removed

    def value(self):
        """The object ``np.<name>`` was (resolved now)."""
        module_name, _, attribute = self.target.partition(":")
        value = importlib.import_module(module_name)
        for part in filter(None, attribute.split(".")):
            value = getattr(value, part)
        return value

    def __repr__(self):
        return f"NumpyAlias(np.{self.name} -> {self.modern}, removed in {self.removed})"


# Values that are not an attribute of any module: NumPy 1.23's own computation.
NINF = -float("inf")
NZERO = -0.0
PZERO = 0.0


def asscalar(a):
    """``np.asscalar(a)``: ``a.item()`` (removed in NumPy 1.23)."""
    return a.item()


def asfarray(a, dtype=None):
    """``np.asfarray(a, dtype=np.float64)``: an array of an inexact type.

    Args:
        a: the input data.
        dtype: the float or complex type to use; a non-inexact type gives
            ``float64``, as NumPy 1 did. Default ``float64``.
    """
    import numpy as np

    if dtype is None or not np.issubdtype(dtype, np.inexact):
        dtype = np.float64
    return np.asarray(a, dtype=dtype)


def msort(a):
    """``np.msort(a)``: a sorted copy along the first axis, ``np.sort(a, axis=0)``."""
    import numpy as np

    b = np.array(a, subok=True, copy=True)
    b.sort(0)
    return b


def in1d(ar1, ar2, assume_unique=False, invert=False, *, kind=None):
    """``np.in1d``: ``np.isin`` on the flattened ``ar1`` (a 1-D result).

    Args:
        ar1: values to look up; flattened first.
        ar2: the values to look for.
        assume_unique: both inputs have unique elements. Default False.
        invert: return True where the value is not found. Default False.
        kind: the algorithm, as ``np.isin`` takes it. Default None.
    """
    import numpy as np

    return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique,
                   invert=invert, kind=kind)


_SELF = __name__


def _builtin(name):
    return f"builtins:{name}"


def _np(name):
    return f"numpy:{name}"


ALIASES = {
    alias.name: alias
    for alias in (
        # Aliases of the builtins, deprecated in NumPy 1.20, removed in 1.24.
        NumpyAlias("float", _builtin("float"), "float (or np.float64 for NumPy's scalar type)", "NumPy 1.24"),
        NumpyAlias("int", _builtin("int"), "int (or np.int64 / np.int32 for a sized type)", "NumPy 1.24"),
        NumpyAlias("bool", _builtin("bool"), "bool (or np.bool_ for NumPy's scalar type)", "NumPy 1.24"),
        NumpyAlias("object", _builtin("object"), "object (or np.object_)", "NumPy 1.24"),
        NumpyAlias("str", _builtin("str"), "str (or np.str_ for NumPy's scalar type)", "NumPy 1.24"),
        NumpyAlias("long", _builtin("int"), "int (or np.int64)", "NumPy 1.24"),
        NumpyAlias("unicode", _builtin("str"), "str (or np.str_)", "NumPy 1.24"),
        NumpyAlias("complex", _builtin("complex"), "complex (or np.complex128 for NumPy's scalar type)", "NumPy 1.24"),
        NumpyAlias("warnings", "warnings:", "import warnings", "NumPy 1.24"),
        # Scalar-type aliases removed in NumPy 2.0.
        NumpyAlias("float_", _np("float64"), "np.float64", "NumPy 2.0"),
        NumpyAlias("complex_", _np("complex128"), "np.complex128", "NumPy 2.0"),
        NumpyAlias("cfloat", _np("complex128"), "np.complex128", "NumPy 2.0"),
        NumpyAlias("singlecomplex", _np("complex64"), "np.complex64", "NumPy 2.0"),
        NumpyAlias("longfloat", _np("longdouble"), "np.longdouble", "NumPy 2.0"),
        NumpyAlias("longcomplex", _np("clongdouble"), "np.clongdouble", "NumPy 2.0"),
        NumpyAlias("clongfloat", _np("clongdouble"), "np.clongdouble", "NumPy 2.0"),
        NumpyAlias("string_", _np("bytes_"), "np.bytes_", "NumPy 2.0"),
        NumpyAlias("unicode_", _np("str_"), "np.str_", "NumPy 2.0"),
        NumpyAlias("int0", _np("intp"), "np.intp", "NumPy 2.0"),
        NumpyAlias("uint0", _np("uintp"), "np.uintp", "NumPy 2.0"),
        NumpyAlias("bool8", _np("bool_"), "np.bool_", "NumPy 2.0"),
        NumpyAlias("object0", _np("object_"), "np.object_", "NumPy 2.0"),
        NumpyAlias("str0", _np("str_"), "np.str_", "NumPy 2.0"),
        NumpyAlias("bytes0", _np("bytes_"), "np.bytes_", "NumPy 2.0"),
        NumpyAlias("void0", _np("void"), "np.void", "NumPy 2.0"),
        # Constants removed in NumPy 2.0.
        NumpyAlias("NaN", _np("nan"), "np.nan", "NumPy 2.0"),
        NumpyAlias("NAN", _np("nan"), "np.nan", "NumPy 2.0"),
        NumpyAlias("Inf", _np("inf"), "np.inf", "NumPy 2.0"),
        NumpyAlias("Infinity", _np("inf"), "np.inf", "NumPy 2.0"),
        NumpyAlias("PINF", _np("inf"), "np.inf", "NumPy 2.0"),
        NumpyAlias("infty", _np("inf"), "np.inf", "NumPy 2.0"),
        NumpyAlias("NINF", f"{_SELF}:NINF", "-np.inf", "NumPy 2.0"),
        NumpyAlias("NZERO", f"{_SELF}:NZERO", "-0.0", "NumPy 2.0"),
        NumpyAlias("PZERO", f"{_SELF}:PZERO", "0.0", "NumPy 2.0"),
        # Functions.
        NumpyAlias("asscalar", f"{_SELF}:asscalar", "a.item()", "NumPy 1.23"),
        NumpyAlias("alltrue", _np("all"), "np.all", "NumPy 2.0"),
        NumpyAlias("sometrue", _np("any"), "np.any", "NumPy 2.0"),
        NumpyAlias("product", _np("prod"), "np.prod", "NumPy 2.0"),
        NumpyAlias("cumproduct", _np("cumprod"), "np.cumprod", "NumPy 2.0"),
        NumpyAlias("round_", _np("round"), "np.round", "NumPy 2.0"),
        NumpyAlias("asfarray", f"{_SELF}:asfarray", "np.asarray(a, dtype=np.float64)", "NumPy 2.0"),
        NumpyAlias("mat", _np("asmatrix"), "np.asmatrix", "NumPy 2.0"),
        NumpyAlias("math", "math:", "import math", "NumPy 2.0"),
        NumpyAlias("msort", f"{_SELF}:msort", "np.sort(a, axis=0)", "a NumPy 2 release"),
        NumpyAlias("in1d", f"{_SELF}:in1d", "np.isin", "a NumPy 2 release"),
        NumpyAlias("trapz", _np("trapezoid"), "np.trapezoid", "a NumPy 2 release"),
    )
}


def enabled(numpy_aliases=None):
    """Whether the activation restores the names.

    Args:
        numpy_aliases: True or False to decide; None (the default) reads
            ``$KERAS_FAQ_COMPAT_NUMPY_ALIASES``, where ``0``, ``false``,
            ``no`` or ``off`` turns the names off and anything else, or no
            value, keeps them on.
    """
    if numpy_aliases is not None:
        return bool(numpy_aliases)
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in _OFF


def lookup(name):
    """The value of legacy name `name`, warning once; KeyError when not in the table."""
    alias = ALIASES[name]
    value = alias.value()
    warn_legacy(
        f"np.{name}",
        alias.modern,
        detail=f"{alias.removed} removed it; it is restored only while keras_faq_compat is active.",
        stacklevel=4,
    )
    return value


def legacy_getattr(fallback):
    """A module ``__getattr__`` for numpy that serves the names of `ALIASES`.

    Args:
        fallback: numpy's own module ``__getattr__`` (or None), called for
            every other name so that its errors and lazy submodules stay.

    Returns:
        The function to install as ``numpy.__getattr__``; its
        ``__wrapped__`` is `fallback`.
    """

    def __getattr__(name):
        if name in ALIASES:
            return lookup(name)
        if fallback is None:
            raise AttributeError(f"module 'numpy' has no attribute {name!r}")
        return fallback(name)

    __getattr__.__wrapped__ = fallback
    return __getattr__
