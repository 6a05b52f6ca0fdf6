"""``K.function``, ``K.learning_phase``, ``K.set_learning_phase`` and intermediate outputs.

Plain Keras 3 has no ``K.function`` / ``K.learning_phase`` working on model
tensors (``tf.keras.backend.function`` needs TF1 graphs), no ``model.input``
on a Sequential that was never called, and ``K.get_value`` fails on Keras 3
variables; each test below fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat.layers import Dense, Dropout, Input
from keras_faq_compat.models import Model, Sequential


@pytest.fixture(autouse=True)
def _fresh_session():
    K.clear_session()
    yield
    K.clear_session()


def _sequential():
    model = Sequential()
    model.add(Dense(16, activation="relu", input_dim=8))
    model.add(Dropout(0.5))
    model.add(Dense(16, activation="relu", name="my_layer"))
    model.add(Dense(4))
    return model


def test_k_function_returns_a_list_of_numpy_arrays_of_an_intermediate_layer():
    model = _sequential()
    x = np.random.rand(5, 8).astype("float32")
    get_3rd = K.function([model.layers[0].input], [model.layers[3].output])
    result = get_3rd([x])
    assert isinstance(result, list) and len(result) == 1
    assert isinstance(result[0], np.ndarray) and result[0].shape == (5, 4)
    np.testing.assert_allclose(result[0], model.predict(x), rtol=1e-5)


def test_learning_phase_input_switches_dropout():
    model = _sequential()
    x = np.ones((64, 8), "float32")
    f = K.function([model.layers[0].input, K.learning_phase()], [model.layers[1].output])
    test_a, test_b = f([x, 0])[0], f([x, 0])[0]
    train = f([x, 1])[0]
    np.testing.assert_array_equal(test_a, test_b)
    assert (train == 0).mean() > 0.2  # dropout on: about half the units are zero
    assert not np.allclose(train, test_a)


def test_set_learning_phase_fixes_the_phase_of_functions_without_it():
    model = _sequential()
    x = np.ones((64, 8), "float32")
    f = K.function([model.layers[0].input], [model.layers[1].output])
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    assert (f([x])[0] == 0).mean() > 0.2
    # The phase's slot still takes the value fed, as with the placeholder.
    g = K.function([model.layers[0].input, K.learning_phase()], [model.layers[1].output])
    np.testing.assert_array_equal(g([x, 0])[0], g([x, 0])[0])
    K.set_learning_phase(0)
    np.testing.assert_array_equal(f([x])[0], f([x])[0])
    with pytest.raises(ValueError, match="0 or 1"):
        K.set_learning_phase(2)


def test_non_list_inputs_are_keras2_type_errors():
    model = _sequential()
    with pytest.raises(TypeError, match="should be a list or tuple"):
        K.function(model.layers[0].input, [model.layers[3].output])
    f = K.function([model.layers[0].input], [model.layers[3].output])
    with pytest.raises(TypeError, match="list or tuple"):
        f(np.ones((1, 8)))
    with pytest.raises(ValueError, match="expected 1 input values"):
        f([np.ones((1, 8)), np.ones((1, 8))])


def test_updates_are_refused_with_a_clear_error():
    model = _sequential()
    with pytest.raises(ValueError, match="`updates`"):
        K.function([model.layers[0].input], [model.layers[3].output], updates=[object()])


def test_intermediate_model_from_a_sequential_and_a_functional_model():
    model = _sequential()
    sub = Model(inputs=model.input, outputs=model.get_layer("my_layer").output)
    x = np.random.rand(3, 8).astype("float32")
    assert sub.predict(x).shape == (3, 16)
    inp = Input(shape=(8,))
    hidden = Dense(5, name="hidden")(inp)
    functional = Model(inp, Dense(1)(hidden))
    sub = Model(inputs=functional.input, outputs=functional.get_layer("hidden").output)
    assert sub.predict(x).shape == (3, 5)


def test_get_value_and_set_value_work_on_keras3_variables():
    model = _sequential()
    model.compile(optimizer="sgd", loss="mse")
    assert K.get_value(model.optimizer.lr) == pytest.approx(0.01)
    K.set_value(model.optimizer.lr, 0.25)
    assert K.get_value(model.optimizer.learning_rate) == pytest.approx(0.25)
    assert K.batch_get_value([model.layers[0].kernel])[0].shape == (8, 16)
