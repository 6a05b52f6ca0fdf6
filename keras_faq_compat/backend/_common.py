"""The settings half of Keras 2's ``keras/backend/common.py`` that Keras 3 dropped.

Legacy API: ``K.image_dim_ordering()``, ``K.set_image_dim_ordering('th'|'tf')``,
``K.normalize_data_format``, ``K.cast_to_floatx``, the 2.3.1 decorators
``K.symbolic`` / ``K.eager``, ``K.manual_variable_initialization``,
``K.v1_variable_initialization`` and ``K.get_graph``.

Keras 3 replacement: ``keras.config.image_data_format()`` /
``set_image_data_format('channels_first'|'channels_last')``, ``np.asarray(x,
keras.config.floatx())``; eager execution needs no graph, decorators or
variable initialisation.

Remaining difference: the dim ordering is not a setting of its own: it is read
from and written to Keras 3's ``image_data_format`` ('th' is
``channels_first``, 'tf' is ``channels_last``), as Keras 2.2 itself did;
``get_graph()`` is the process-wide stand-in graph of `keras_faq_compat.tf1`,
whose ``as_default()`` does nothing.
"""

import functools

import numpy as np

from keras_faq_compat import tf1
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy

__all__ = [
    "image_dim_ordering",
    "set_image_dim_ordering",
    "normalize_data_format",
    "cast_to_floatx",
    "symbolic",
    "eager",
    "manual_variable_initialization",
    "v1_variable_initialization",
    "get_graph",
]

_DIM_ORDERINGS = {"th": "channels_first", "tf": "channels_last"}

# Keras 2 kept the flag for graph sessions, which initialised variables on
# first run unless it was set; eager variables hold their value from creation.
_manual_var_init = False


def legacy_function(replacement):
    """Decorator: the Keras 2 function warns once (`LegacyAPIWarning`) that `replacement` is the modern way.

    Args:
        replacement: the Keras 3 / TensorFlow 2 way, in a few words.
    """

    def decorate(func):
        api = f"keras.backend.{func.__name__}"

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            warn_legacy(api, replacement)
            return func(*args, **kwargs)

        return wrapper

    return decorate


def image_dim_ordering():
    """Legacy ``K.image_dim_ordering()``: ``'th'`` for ``channels_first``, else ``'tf'``."""
    warn_legacy("keras.backend.image_dim_ordering", "keras.config.image_data_format()")
    return "th" if _keras.config.image_data_format() == "channels_first" else "tf"


def set_image_dim_ordering(dim_ordering):
    """Legacy ``K.set_image_dim_ordering(dim_ordering)``: set Keras 3's image data format.

    Args:
        dim_ordering: ``'th'`` (``channels_first``) or ``'tf'`` (``channels_last``).

    Raises:
        ValueError: for any other value, as Keras 2 did.
    """
    warn_legacy("keras.backend.set_image_dim_ordering", "keras.config.set_image_data_format()")
    if dim_ordering not in _DIM_ORDERINGS:
        raise ValueError("Unknown dim_ordering:", dim_ordering)
    _keras.config.set_image_data_format(_DIM_ORDERINGS[dim_ordering])


@legacy_function("keras.config.image_data_format() and the layer's data_format argument")
def normalize_data_format(value):
    """Legacy ``K.normalize_data_format(value)``: a checked, lower-case data format.

    Args:
        value: ``'channels_first'``, ``'channels_last'`` (any case) or None
            for ``keras.config.image_data_format()``.

    Returns:
        ``'channels_first'`` or ``'channels_last'``.

    Raises:
        ValueError: for any other value.
    """
    return check_data_format(value)


def check_data_format(value):
    """`normalize_data_format` without the warning, for the backend's own functions."""
    if value is None:
        value = _keras.config.image_data_format()
    data_format = value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            'The `data_format` argument must be one of "channels_first", "channels_last". '
            f"Received: {value}"
        )
    return data_format


@legacy_function("np.asarray(x, dtype=keras.config.floatx())")
def cast_to_floatx(x):
    """Legacy ``K.cast_to_floatx(x)``: a numpy array of the Keras float type.

    ``tf.keras.backend.cast_to_floatx`` returns a tensor for a tensor; Keras
    2.2 always returned a numpy array, which callers then index or mutate.

    Args:
        x: a numpy array, list, number, tensor or variable.
    """
    return np.asarray(x, dtype=_keras.config.floatx())


def symbolic(func):
    """Keras 2.3.1's ``@K.symbolic``: run `func` in the Keras graph; here `func` itself.

    Keras 3 has no Keras graph to enter: the function runs eagerly, or in
    the caller's ``tf.function`` when it is traced.

    Args:
        func: the function to decorate.
    """
    return func


def eager(func):
    """Keras 2.3.1's ``@K.eager``: run `func` outside the Keras graph; here `func` itself.

    Args:
        func: the function to decorate.
    """
    return func


def manual_variable_initialization(value):
    """Legacy ``K.manual_variable_initialization(value)``: accepted; it changes nothing.

    Keras 2 sessions initialised new variables on first use unless this flag
    was set; TensorFlow 2 variables hold their initial value from creation,
    so there is nothing left to initialise, by hand or automatically.

    Args:
        value: Python boolean.
    """
    global _manual_var_init
    warn_legacy(
        "keras.backend.manual_variable_initialization",
        "nothing: eager variables are initialised when they are created",
    )
    _manual_var_init = bool(value)


def v1_variable_initialization():
    """Keras 2.3.1's ``K.v1_variable_initialization()``: a no-op.

    It ran the initialisers of the session's uninitialised variables; eager
    variables are initialised when created, and there is no session to run.
    """
    warn_legacy(
        "keras.backend.v1_variable_initialization",
        "nothing: eager variables are initialised when they are created",
    )


def get_graph():
    """Keras 2.3.1's ``K.get_graph()``: the stand-in `tf1.Graph` (``as_default()`` is a no-op).

    It is the same object as ``tf.get_default_graph()`` under the activation,
    so code that compares or enters them keeps working.
    """
    warn_legacy("keras.backend.get_graph", "eager execution (no graph is needed)")
    return tf1._DEFAULT_GRAPH
