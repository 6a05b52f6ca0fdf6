"""``keras.initializers`` as Keras 2 code imports it.

Legacy API: the initializer classes and their Keras 2 aliases (``zero``, ``one``, ``normal``,
``uniform``, ``identity``, ...), ``get``/``serialize``/``deserialize``, and the private
``_compute_fans(shape, data_format='channels_last')`` that Keras 2's own tests and some user code
import. The other names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.initializers`` (same classes and names).

Differences restored here: Keras 2's ``Identity`` keeps its ``gain`` in its config, refuses a shape that is not 2D or whose long side
is not a multiple of the short side, and for a rectangular matrix stacks identity matrices along the
long side (Keras 3 accepts any 2D shape and returns one ``eye`` padded with zeros). ``Identity``
serializes as Keras 3's ``keras.initializers.Identity``, so saved files load in plain Keras 3 (as
Keras 3's initializer).
"""

import math

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["Identity", "identity", "get", "deserialize", "_compute_fans"]


def _compute_fans(shape, data_format="channels_last"):
    """``(fan_in, fan_out)`` of a weight of `shape`, as Keras 2 computed them.

    A 2D shape is ``(fan_in, fan_out)``; a 3D to 5D shape is a convolution kernel whose receptive
    field multiplies both; any other rank gives the square root of the number of weights for both.

    Args:
        shape: the weight's shape (a tuple of ints).
        data_format: ``'channels_last'`` (kernel ``(..., input_depth, depth)``, every Keras kernel)
            or ``'channels_first'`` (Theano's ``(depth, input_depth, ...)``); default
            ``'channels_last'``.

    Raises:
        ValueError: `data_format` is neither.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (3, 4, 5):
        if data_format == "channels_first":
            field = math.prod(shape[2:])
            return shape[1] * field, shape[0] * field
        if data_format == "channels_last":
            field = math.prod(shape[:-2])
            return shape[-2] * field, shape[-1] * field
        raise ValueError(f"_compute_fans: invalid `data_format` {data_format!r}; use 'channels_last' or 'channels_first'.")
    fan = math.sqrt(math.prod(shape))
    return fan, fan


class Identity(_keras.initializers.Identity):
    """Keras 2's identity initializer: identity matrices, stacked along the long side.

    Args:
        gain: the factor applied to the matrix; default 1.
    """

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices; got shape {shape}.")
        rows, cols = shape
        short = min(shape)
        if max(shape) % short != 0:
            raise ValueError(f"Identity initializer: the long side should be a multiple of the short side; got shape {shape}.")
        ops = _keras.ops
        dtype = _keras.backend.standardize_dtype(dtype)
        eye = ops.tile(ops.eye(short, dtype=dtype), (rows // short, cols // short))
        return ops.cast(self.gain, dtype) * eye

    def get_config(self):
        # Keras 3's Identity writes no config, so a saved ``gain`` came back as 1.
        return {"gain": self.gain}


# Keras 3's serializer and loader name it after the public class: files stay plain Keras 3.
Identity.__module__ = "keras.initializers"
identity = Identity

# Names that Keras 2's ``get``/``deserialize`` resolved to this module's own classes.
_KERAS2_OBJECTS = {"Identity": Identity, "identity": Identity}


def deserialize(config, custom_objects=None):
    """An initializer from its config (or name), with Keras 2's classes for Keras 2's names.

    Args:
        config: a config dict (``{'class_name': ..., 'config': ...}``) or a name.
        custom_objects: user classes by name; default None.
    """
    custom_objects = {**_KERAS2_OBJECTS, **(custom_objects or {})}
    if isinstance(config, dict) and custom_objects.get(config.get("class_name")) is Identity:
        # A Keras 3 config names its module, which Keras 3 resolves before any custom object.
        return Identity.from_config(config.get("config") or {})
    return _keras.initializers.deserialize(config, custom_objects=custom_objects)


def installed_class_name(name):
    """The class name that the installed Keras resolves in a config for the initializer `name`.

    Keras 3.3 exports its ``OrthogonalInitializer`` class as
    ``keras.initializers.Orthogonal`` but resolves only the class's own name in
    a config; Keras 2 and later Keras 3 releases call the class ``Orthogonal``.
    Other names are returned as they are. Not a Keras 2 name (left out of ``__all__``).

    Args:
        name: a class name from a Keras 2 config or code (``'Orthogonal'``).
    """
    cls = getattr(_keras.initializers, name, None) if isinstance(name, str) else None
    if isinstance(cls, type) and name[:1].isupper() and cls.__name__ != name:
        return cls.__name__
    return name


def get(identifier):
    """An initializer from a name, a config dict, or a callable (returned as it is).

    Args:
        identifier: ``'identity'``, ``{'class_name': 'Identity', 'config': {...}}``, an initializer, ...

    Raises:
        ValueError: `identifier` is none of these.
    """
    if isinstance(identifier, str):
        return deserialize({"class_name": identifier, "config": {}})
    if isinstance(identifier, dict):
        return deserialize(identifier)
    return _keras.initializers.get(identifier)


__getattr__, __dir__ = _lazy.surface(__name__)
