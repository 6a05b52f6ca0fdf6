"""Keras 2 ``Sequential``: ``model.input`` right after ``add``, ``pop``, ``predict_classes``.

Plain Keras 3 has no ``model.input`` on a Sequential never called, raises
``IndexError`` from ``pop()`` on an empty model, and has no
``predict_classes`` / ``predict_proba``; each test below fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat.layers import Dense
from keras_faq_compat.models import Sequential


@pytest.fixture(autouse=True)
def _fresh_session():
    K.clear_session()
    yield


def test_input_and_output_right_after_the_first_layer():
    model = Sequential()
    model.add(Dense(32, activation="relu", input_dim=784))
    assert tuple(model.input.shape) == (None, 784)
    assert tuple(model.output.shape) == (None, 32)
    assert len(model.inputs) == 1 and len(model.outputs) == 1
    model.add(Dense(10))
    assert tuple(model.output.shape) == (None, 10)


def test_pop_removes_the_last_layer_and_updates_the_output():
    model = Sequential()
    model.add(Dense(32, activation="relu", input_dim=784))
    model.add(Dense(16, activation="relu"))
    assert len(model.layers) == 2
    model.pop()
    assert len(model.layers) == 1
    assert tuple(model.output.shape) == (None, 32)


def test_pop_on_an_empty_model_is_a_keras2_type_error():
    with pytest.raises(TypeError, match="There are no layers in the model"):
        Sequential().pop()
    model = Sequential([Dense(2, input_dim=3)])
    model.pop()
    with pytest.raises(TypeError, match="There are no layers"):
        model.pop()


def test_predict_classes_argmax_and_one_unit_threshold():
    model = Sequential([Dense(3, activation="softmax", input_dim=2)])
    x = np.random.rand(6, 2)
    np.testing.assert_array_equal(model.predict_classes(x), model.predict(x).argmax(axis=-1))
    binary = Sequential([Dense(1, activation="sigmoid", input_dim=2, kernel_initializer="ones")])
    x = np.array([[5.0, 5.0], [-5.0, -5.0]])
    classes = binary.predict_classes(x)
    assert classes.dtype == np.int32 and classes.tolist() == [[1], [0]]
    np.testing.assert_allclose(binary.predict_proba(x), binary.predict(x))


def test_predict_proba_warns_on_values_outside_zero_one():
    model = Sequential([Dense(1, input_dim=2, kernel_initializer="ones")])
    with pytest.warns(UserWarning, match="invalid probability values"):
        model.predict_proba(np.array([[5.0, 5.0]]))


def test_predict_is_silent_by_default(capsys):
    model = Sequential([Dense(1, input_dim=2)])
    model.predict(np.ones((4, 2)))
    assert capsys.readouterr().out == ""
