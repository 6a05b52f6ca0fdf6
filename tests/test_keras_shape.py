"""``tensor._keras_shape`` on symbolic tensors, as Keras 2 code and tests read it."""

import pytest

from keras_faq_compat import _internals, activation
from keras_faq_compat._real import keras as real_keras


def test_plain_keras_3_tensors_have_no_keras_shape():
    with pytest.raises(AttributeError):
        real_keras.Input((3,))._keras_shape


def test_patch_point_is_the_class_of_symbolic_layer_outputs():
    owner, name = _internals.keras_tensor_shape_patch_point()
    assert name == "_keras_shape" and name not in vars(owner)
    assert type(real_keras.layers.Dense(2)(real_keras.Input((3,)))) is owner


def test_layer_outputs_carry_keras_2_shape_and_history_while_active():
    with activation.activated():
        import keras

        x = keras.layers.Input(shape=(4, 3))
        y = keras.layers.LSTM(5, return_sequences=True)(x)
        z = keras.layers.Dense(2)(keras.layers.Flatten()(y))
        assert x._keras_shape == (None, 4, 3)
        assert y._keras_shape == (None, 4, 5)
        assert z._keras_shape == (None, 2)
        layer, node_index, tensor_index = z._keras_history
        assert layer.name.startswith("dense") and (node_index, tensor_index) == (0, 0)
    assert not hasattr(real_keras.KerasTensor, "_keras_shape")
