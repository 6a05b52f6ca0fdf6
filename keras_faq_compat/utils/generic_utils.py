"""``keras.utils.generic_utils``: custom objects, serialization helpers, small list helpers.

Legacy API: ``CustomObjectScope(*dicts)``, ``custom_object_scope``, ``get_custom_objects``,
``Progbar``, ``serialize_keras_object``, ``deserialize_keras_object(identifier, module_objects,
custom_objects, printable_module_name)``, ``func_dump`` / ``func_load``, ``has_arg``,
``getargspec``, ``to_list``, ``unpack_singleton``, ``object_list_uid``, ``is_all_none``,
``slice_arrays``, ``transpose_shape``, ``check_for_unexpected_keys``, and tf.keras 2.4's
``to_snake_case`` / ``validate_kwargs`` (the standalone ``keras`` 2.4 package served them here).

Keras 3 replacement: ``keras.saving.CustomObjectScope``, ``keras.saving.get_custom_objects``,
``keras.utils.Progbar``, ``keras.saving.serialize_keras_object`` /
``deserialize_keras_object`` (another format: ``module`` and ``registered_name`` keys);
``inspect.signature`` for ``has_arg``; plain Python for the rest.

Differences from Keras 2:

* `CustomObjectScope` adds its objects to those of the enclosing scopes, as Keras 2 did (Keras 3's
  own scope replaces them), but ``get_custom_objects()`` does not list the scoped objects: they
  live in Keras 3's scope, not in the global dictionary;
* `func_load` turns marshal bytecode into a function: bytecode runs when the function is called,
  so only pass it code from a file you trust; bytecode from another Python version is refused
  with an error naming the version.
"""

import binascii
import codecs
import collections
import inspect
import marshal
import re
import sys
import types

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "get_custom_objects",
    "Progbar",
    "serialize_keras_object",
    "deserialize_keras_object",
    "func_dump",
    "func_load",
    "getargspec",
    "has_arg",
    "to_list",
    "unpack_singleton",
    "object_list_uid",
    "is_all_none",
    "slice_arrays",
    "transpose_shape",
    "check_for_unexpected_keys",
    "to_snake_case",
    "validate_kwargs",
]

get_custom_objects = _keras.saving.get_custom_objects
Progbar = _keras.utils.Progbar


class CustomObjectScope(_keras.saving.CustomObjectScope):
    """A ``with`` scope in which custom classes and functions are known by name.

    ```python
    with CustomObjectScope({'MyLayer': MyLayer}):
        with CustomObjectScope({'MyOther': MyOther}):
            model = load_model('m.h5')  # both names known
    ```

    As in Keras 2, a scope adds to the enclosing scopes; leaving it restores them.

    Args:
        *args: dictionaries of ``{name: class or function}``; later ones win.
    """

    def __init__(self, *args):
        objects = {}
        for arg in args:
            objects.update(arg or {})
        super().__init__(objects)

    def __enter__(self):
        self.backup = dict(_internals.scoped_custom_objects())
        _internals.set_scoped_custom_objects({**self.backup, **self.custom_objects})
        return self

    def __exit__(self, *exc):
        _internals.set_scoped_custom_objects(self.backup)


def custom_object_scope(*args):
    """A `CustomObjectScope` of the dictionaries `args` (Keras 2's function form).

    Args:
        *args: dictionaries of ``{name: class or function}``.
    """
    return CustomObjectScope(*args)


def _known_objects(custom_objects):
    objects = dict(get_custom_objects())
    objects.update(_internals.scoped_custom_objects())
    objects.update(custom_objects or {})
    return objects


def serialize_keras_object(instance):
    """Keras 2's serialized form of `instance`.

    ``{'class_name': ..., 'config': instance.get_config()}`` for an object with ``get_config``,
    its ``__name__`` for a function or class, None for None (Keras 3's form adds ``module`` and
    ``registered_name``).

    Args:
        instance: a layer, initializer, regularizer, function, ... or None.
    """
    if instance is None:
        return None
    if hasattr(instance, "get_config"):
        return {"class_name": type(instance).__name__, "config": instance.get_config()}
    if hasattr(instance, "__name__"):
        return instance.__name__
    raise ValueError("Cannot serialize", instance)


def deserialize_keras_object(identifier, module_objects=None, custom_objects=None, printable_module_name="object"):
    """The object a Keras 2 serialized `identifier` describes.

    Names are looked up in `custom_objects`, then the custom objects in scope and registered, then
    `module_objects`. A config's ``from_config`` gets ``custom_objects`` when it accepts it;
    otherwise it runs inside a `CustomObjectScope` of them.

    Args:
        identifier: None, a name, or ``{'class_name': ..., 'config': {...}}``.
        module_objects: ``{name: object}`` of the module's own objects; default None.
        custom_objects: ``{name: object}`` of user objects; default None.
        printable_module_name: what the error message calls the object; default ``'object'``.
    """
    if identifier is None:
        return None
    known = _known_objects(custom_objects)
    module_objects = module_objects or {}
    if isinstance(identifier, dict):
        if "class_name" not in identifier or "config" not in identifier:
            raise ValueError("Improper config format: " + str(identifier))
        class_name = identifier["class_name"]
        cls = known.get(class_name, module_objects.get(class_name))
        if cls is None:
            raise ValueError(f"Unknown {printable_module_name}: {class_name}")
        config = identifier["config"]
        if hasattr(cls, "from_config"):
            if has_arg(cls.from_config, "custom_objects"):
                return cls.from_config(config, custom_objects=known)
            with CustomObjectScope(custom_objects or {}):
                return cls.from_config(config)
        # A function returning an object: the config holds its keyword arguments.
        with CustomObjectScope(custom_objects or {}):
            return cls(**config)
    if isinstance(identifier, str):
        fn = known.get(identifier, module_objects.get(identifier))
        if fn is None:
            raise ValueError(f"Unknown {printable_module_name}:{identifier}")
        return fn
    raise ValueError(f"Could not interpret serialized {printable_module_name}: {identifier}")


def func_dump(func):
    """Keras 2's serialized form of a Python function: ``(code, defaults, closure)``.

    `code` is the base64 text of the function's marshal bytecode; `closure` holds the values of
    its free variables (None when it has none). Only this Python version can load it again.

    Args:
        func: a Python function (often a lambda).
    """
    code = codecs.encode(marshal.dumps(func.__code__), "base64").decode("ascii")
    closure = tuple(cell.cell_contents for cell in func.__closure__) if func.__closure__ else None
    return code, func.__defaults__, closure


def _cell(value):
    return (lambda: value).__closure__[0]


def func_load(code, defaults=None, closure=None, globs=None):
    """The Python function `func_dump` serialized.

    Only call it on code from a file you trust: the bytecode runs, with `globs` as its globals,
    whenever the returned function is called. (The compat layer's own loaders call it only when
    asked with ``safe_mode=False``.)

    Args:
        code: the base64 bytecode text, or the whole ``(code, defaults, closure)`` tuple or list.
        defaults: the function's default argument values; default None.
        closure: the values of its free variables; default None.
        globs: the function's globals; default None (this module's, as in Keras 2).
    """
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(c if isinstance(c, types.CellType) else _cell(c) for c in closure)
    try:
        raw = codecs.decode(code.encode("ascii"), "base64")
    except (UnicodeEncodeError, binascii.Error, ValueError):
        # Files written before Keras 2.1.2 held the raw bytes as text.
        raw = code.encode("raw_unicode_escape")
    try:
        bytecode = marshal.loads(raw)
    except (ValueError, EOFError, TypeError) as e:
        raise ValueError(
            "func_load: the bytecode cannot be read by Python "
            f"{sys.version_info.major}.{sys.version_info.minor} ({e}); marshal bytecode loads only "
            "in the Python version that wrote it. Rebuild the function in code instead."
        ) from None
    if not isinstance(bytecode, types.CodeType):
        raise ValueError(f"func_load: the data is a {type(bytecode).__name__}, not Python bytecode.")
    if globs is None:
        globs = globals()
    return types.FunctionType(bytecode, globs, name=bytecode.co_name, argdefs=defaults, closure=closure)


ArgSpec = collections.namedtuple("ArgSpec", ["args", "varargs", "keywords", "defaults"])


def getargspec(fn):
    """Keras 2.3's ``getargspec``: ``ArgSpec(args, varargs, keywords, defaults)`` of `fn`.

    ``keywords`` is the name of the ``**kwargs`` argument (Python 2's ``ArgSpec``, removed from
    ``inspect`` in Python 3.11).

    Args:
        fn: the function to inspect.
    """
    spec = inspect.getfullargspec(fn)
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def has_arg(fn, name, accept_all=False):
    """Whether `fn` can be called with keyword argument `name`.

    Args:
        fn: a callable.
        name: the keyword argument's name.
        accept_all: what to answer when `fn` has no argument `name` but takes ``**kwargs``;
            default False.
    """
    parameters = inspect.signature(fn).parameters
    parameter = parameters.get(name)
    if parameter is None:
        return accept_all and any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    return parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def to_list(x, allow_tuple=False):
    """`x` if it is a list, ``list(x)`` for a tuple when `allow_tuple`, else ``[x]``.

    Args:
        x: anything.
        allow_tuple: whether a tuple becomes a list of its items (True) or one item (False);
            default False.
    """
    if isinstance(x, list):
        return x
    if allow_tuple and isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x):
    """``x[0]`` when `x` (a list or tuple) has one item, else `x`."""
    return x[0] if len(x) == 1 else x


def object_list_uid(object_list):
    """A string made of the ids of the objects of `object_list` (or of the one object)."""
    return ", ".join(str(abs(id(x))) for x in to_list(object_list))


def is_all_none(iterable_or_element):
    """Whether every item of `iterable_or_element` (a list, tuple or one object) is None."""
    return all(x is None for x in to_list(iterable_or_element, allow_tuple=True))


def slice_arrays(arrays, start=None, stop=None):
    """``arrays[start:stop]``, for one array-like or each array of a list.

    Args:
        arrays: an array-like, a list of them (None items stay None), or None (gives ``[None]``).
        start: the first index, or a list/array of indices (then `stop` is ignored).
        stop: one past the last index; default None.
    """
    if arrays is None:
        return [None]
    if hasattr(start, "__len__") and hasattr(start, "shape"):
        # h5py datasets take lists of indices, not arrays.
        start = start.tolist()
    if isinstance(arrays, list):
        if hasattr(start, "__len__"):
            return [None if x is None else x[start] for x in arrays]
        return [None if x is None else x[start:stop] for x in arrays]
    if hasattr(start, "__len__"):
        return arrays[start]
    if hasattr(start, "__getitem__"):
        return arrays[start:stop]
    # Keras 2 gave [None] for an int or None `start` on a single array.
    return [None]


def transpose_shape(shape, target_format, spatial_axes):
    """A ``channels_last`` `shape` reordered for `target_format`.

    ``transpose_shape((16, 128, 128, 32), 'channels_first', (1, 2))`` is ``(16, 32, 128, 128)``.

    Args:
        shape: a tuple or list in ``channels_last`` order.
        target_format: ``'channels_first'`` or ``'channels_last'``.
        spatial_axes: the indices of the spatial axes in `shape`.
    """
    if target_format == "channels_first":
        values = tuple(shape[: spatial_axes[0]]) + (shape[-1],) + tuple(shape[i] for i in spatial_axes)
        return list(values) if isinstance(shape, list) else values
    if target_format == "channels_last":
        return shape
    raise ValueError(
        'The `data_format` argument must be one of "channels_first", "channels_last". '
        f"Received: {target_format}"
    )


def check_for_unexpected_keys(name, input_dict, expected_values):
    """Raise ValueError when `input_dict` has keys not in `expected_values`.

    Args:
        name: what the dictionary is, for the message.
        input_dict: the dictionary to check.
        expected_values: the allowed keys.
    """
    unknown = set(input_dict).difference(expected_values)
    if unknown:
        raise ValueError(
            f"Unknown entries in {name} dictionary: {list(unknown)}. "
            f"Only expected following keys: {expected_values}"
        )


def to_snake_case(name):
    """``'MyLayerName'`` -> ``'my_layer_name'``, as Keras named layers by class.

    A name that would start with an underscore gets ``'private'`` in front.
    """
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    if insecure[0] != "_":
        return insecure
    return "private" + insecure


def validate_kwargs(kwargs, allowed_kwargs, error_message="Keyword argument not understood:"):
    """Raise TypeError for the first key of `kwargs` not in `allowed_kwargs`.

    Args:
        kwargs: the keyword arguments received.
        allowed_kwargs: the names allowed.
        error_message: the message's start; default ``'Keyword argument not understood:'``.
    """
    for key in kwargs:
        if key not in allowed_kwargs:
            raise TypeError(error_message, key)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
