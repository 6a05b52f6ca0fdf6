"""Custom-object scopes that add up, as Keras 2's did.

Legacy API: ``keras.utils.CustomObjectScope`` of Keras 2, whose nested
scopes added their objects to those of the enclosing scopes.

Keras 3 replacement: ``keras.saving.CustomObjectScope`` (an inner scope
replaces the outer one's objects).

Building and compiling a loaded model both run inside `custom_scope`.
"""

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras

__all__ = ["custom_scope"]


def custom_scope(objects):
    """A ``CustomObjectScope`` with `objects` added to those of the enclosing scopes.

    Args:
        objects: name -> class or function, or None.
    """
    outer = _internals.scoped_custom_objects()
    return _keras.saving.CustomObjectScope({**outer, **(objects or {})})
