"""Freezing: ``layer.trainable`` takes effect when a model is compiled (Keras 2).

In plain Keras 3 the flag takes effect at once: the FAQ's ``frozen_model``
trains the shared layer after ``layer.trainable = True``, and the warning is
Keras 3's "recompile" message; the tests below fail there.
"""

import warnings

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat.layers import Dense, Input
from keras_faq_compat.models import Model, Sequential


@pytest.fixture(autouse=True)
def _fresh_session():
    K.clear_session()
    yield


def _faq_models():
    x = Input(shape=(32,))
    layer = Dense(32)
    layer.trainable = False
    y = layer(x)
    frozen_model = Model(x, y)
    frozen_model.compile(optimizer="rmsprop", loss="mse")
    layer.trainable = True
    trainable_model = Model(x, y)
    trainable_model.compile(optimizer="rmsprop", loss="mse")
    return layer, frozen_model, trainable_model


def test_faq_example_frozen_model_keeps_the_layer_frozen():
    layer, frozen_model, trainable_model = _faq_models()
    data, labels = np.random.rand(64, 32), np.random.rand(64, 32)
    before = [w.copy() for w in layer.get_weights()]
    frozen_model.fit(data, labels, verbose=0)
    frozen_model.train_on_batch(data, labels)
    for a, b in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, b)
    trainable_model.fit(data, labels, verbose=0)
    assert not np.array_equal(before[0], layer.get_weights()[0])


def test_keras2_warning_when_flags_changed_since_compile():
    layer, frozen_model, _ = _faq_models()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frozen_model.train_on_batch(np.ones((2, 32)), np.ones((2, 32)))
        frozen_model.train_on_batch(np.ones((2, 32)), np.ones((2, 32)))
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert sum("Discrepancy between trainable weights and collected trainable weights" in m for m in messages) == 1
    assert not any("Please recompile your model" in m for m in messages)


def test_freezing_after_compile_needs_a_recompile():
    model = Sequential([Dense(4, input_dim=3), Dense(1)])
    model.compile("sgd", "mse")
    model.layers[0].trainable = False
    x, y = np.random.rand(16, 3), np.random.rand(16, 1)
    before = model.layers[0].get_weights()[0].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y, verbose=0)
    assert not np.array_equal(before, model.layers[0].get_weights()[0])  # compiled trainable: trained
    model.compile("sgd", "mse")
    before = model.layers[0].get_weights()[0].copy()
    model.fit(x, y, verbose=0)
    np.testing.assert_array_equal(before, model.layers[0].get_weights()[0])
    # Outside training, trainable_weights reports the current flags, as in Keras 2.
    assert len(model.trainable_weights) == 2


def test_constructor_flag():
    frozen = Dense(32, trainable=False, input_dim=4)
    model = Sequential([frozen, Dense(1)])
    model.compile("sgd", "mse")
    before = frozen.get_weights()[0].copy()
    model.train_on_batch(np.ones((2, 4)), np.ones((2, 1)))
    np.testing.assert_array_equal(before, frozen.get_weights()[0])
    assert frozen.name == "dense_1"


def test_a_model_compiled_before_it_is_built_collects_its_weights_when_training_builds_it():
    model = Sequential([Dense(4), Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.random.rand(16, 3), np.random.rand(16, 1), verbose=0)
    before = [w.copy() for w in model.get_weights()]
    model.layers[0].trainable = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(np.random.rand(16, 3), np.random.rand(16, 1), verbose=0)
    assert any("Discrepancy between trainable weights" in str(w.message) for w in caught)
    assert not np.array_equal(before[0], model.get_weights()[0])  # collected at the first fit
