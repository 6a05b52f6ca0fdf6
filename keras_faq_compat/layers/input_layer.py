"""``keras.layers.Input`` / ``keras.engine.input_layer.Input`` with Keras 2 arguments.

Legacy API: ``Input(shape=None, batch_shape=None, name=None, dtype=None,
sparse=False, tensor=None)``.

Keras 3 replacement: ``keras.Input(shape=None, batch_size=None, name=None,
dtype=None, sparse=None, batch_shape=None, tensor=None)``.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import legacy_layers

__all__ = ["Input"]


def Input(shape=None, batch_shape=None, name=None, dtype=None, sparse=None, tensor=None, **kwargs):  # noqa: N802
    """A symbolic input tensor, as Keras 2's ``Input``.

    Args:
        shape: shape without the batch axis; default None.
        batch_shape: shape with the batch axis (Keras 2 also took
            ``batch_input_shape`` here); default None.
        name: the input's name; default the Keras 2 automatic one
            (``input_1``, ``input_2``, ...).
        dtype: default None (``K.floatx()``).
        sparse: default None.
        tensor: an existing tensor to wrap; default None.
        **kwargs: ``batch_size`` and other Keras 3 arguments.
    """
    if name is None:
        name = legacy_layers.keras2_name("Input")
    if batch_shape is None and "batch_input_shape" in kwargs:
        batch_shape = kwargs.pop("batch_input_shape")
    if shape is not None and batch_shape is None and "batch_size" not in kwargs:
        return _keras.Input(shape=tuple(shape), name=name, dtype=dtype, sparse=sparse, tensor=tensor, **kwargs)
    return _keras.Input(
        shape=None if batch_shape is not None else shape,
        batch_shape=tuple(batch_shape) if batch_shape is not None else None,
        name=name, dtype=dtype, sparse=sparse, tensor=tensor, **kwargs,
    )
