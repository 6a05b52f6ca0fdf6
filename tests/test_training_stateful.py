"""Stateful RNNs as the Keras 2 FAQ writes them.

Plain Keras 3 refuses ``batch_size=`` on ``LSTM``, has no
``model.reset_states()`` and no ``predict_classes``, and fails on a batch of
another size with a shape error deep in TensorFlow; each test fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat.layers import LSTM, Dense
from keras_faq_compat.models import Sequential


@pytest.fixture(scope="module")
def faq_model():
    K.clear_session()
    model = Sequential()
    model.add(LSTM(32, input_shape=(10, 16), batch_size=32, stateful=True))
    model.add(Dense(16, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    return model


def test_faq_example_as_written(faq_model):
    model = faq_model
    x = np.random.rand(32, 21, 16)
    model.train_on_batch(x[:, :10, :], np.reshape(x[:, 10, :], (32, 16)))
    model.train_on_batch(x[:, 10:20, :], np.reshape(x[:, 20, :], (32, 16)))
    model.reset_states()
    model.layers[0].reset_states()
    assert tuple(model.input.shape) == (32, 10, 16)


def test_state_carries_across_calls_and_resets(faq_model):
    model = faq_model
    x = np.random.RandomState(0).rand(32, 10, 16)
    model.reset_states()
    first = model.predict(x)
    second = model.predict(x)
    assert not np.allclose(first, second)  # the state from the first call was used
    model.reset_states()
    np.testing.assert_allclose(model.predict(x), first, rtol=1e-5)
    model.layers[0].reset_states()
    classes_fresh = model.predict_classes(x)
    np.testing.assert_array_equal(classes_fresh, first.argmax(axis=-1))
    model.layers[0].reset_states()
    model.train_on_batch(x, np.eye(16)[np.zeros(32, int)])
    after_training = model.predict(x)
    model.reset_states()
    assert not np.allclose(after_training, model.predict(x))


def test_wrong_batch_size_is_a_clear_error(faq_model):
    model = faq_model
    x = np.random.rand(16, 10, 16)
    with pytest.raises(ValueError, match=r"train_on_batch: this model is stateful \(layer 'lstm_1'\).*exactly 32 samples.*got a batch of 16"):
        model.train_on_batch(x, np.zeros((16, 16)))
    with pytest.raises(ValueError, match="predict: .*Found: 48 samples"):
        model.predict(np.random.rand(48, 10, 16))
    with pytest.raises(ValueError, match="fit: .*got batch_size=16"):
        model.fit(np.random.rand(32, 10, 16), np.zeros((32, 16)), batch_size=16)
    with pytest.raises(ValueError, match="predict_on_batch: .*got a batch of 16"):
        model.predict_on_batch(x)
