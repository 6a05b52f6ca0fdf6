"""Validation split and ``History`` under Keras 2 names.

Plain Keras 3 logs ``metrics=['accuracy']`` as ``accuracy`` / ``val_accuracy``
only, so Keras 2.2 code reading ``hist.history['acc']`` fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat._real import keras
from keras_faq_compat.engine.legacy_logs import add_legacy_names
from keras_faq_compat.layers import Dense
from keras_faq_compat.models import Sequential


@pytest.fixture
def model():
    K.clear_session()
    m = Sequential([Dense(1, activation="sigmoid", input_dim=4)])
    m.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    return m


def test_history_has_keras2_and_keras3_accuracy_names(model):
    x, y = np.random.rand(50, 4), np.random.randint(2, size=(50, 1))
    hist = model.fit(x, y, validation_split=0.2, epochs=2, verbose=0)
    assert hist.history["acc"] == hist.history["accuracy"] and len(hist.history["acc"]) == 2
    assert hist.history["val_acc"] == hist.history["val_accuracy"]


def test_validation_split_is_the_last_fraction_unshuffled_for_every_epoch(model):
    rng = np.random.RandomState(0)
    x = rng.rand(50, 4)
    y = np.zeros((50, 1))
    y[40:] = 1  # only the last 20% are positive
    model.set_weights([np.zeros((4, 1)), np.array([-10.0])])  # predicts 0 before training
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="binary_crossentropy", metrics=["accuracy"])
    hist = model.fit(x, y, validation_split=0.2, epochs=3, shuffle=True, verbose=0)
    # With the learning rate 0 the model stays "always 0": 100% right on the
    # training part (all negatives), 0% on the validation part (all positives).
    assert hist.history["acc"] == [1.0, 1.0, 1.0]
    assert hist.history["val_acc"] == [0.0, 0.0, 0.0]


def test_every_callback_sees_both_names(model):
    seen = []

    class Spy(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(set(logs))

    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=0, mode="max")
    x, y = np.random.rand(20, 4), np.random.randint(2, size=(20, 1))
    model.fit(x, y, validation_split=0.5, epochs=3, verbose=0, callbacks=[Spy(), stop])
    assert all({"acc", "accuracy", "val_acc", "val_accuracy"} <= names for names in seen)


def test_add_legacy_names_both_directions():
    assert add_legacy_names({"acc": 1.0}) == {"acc": 1.0, "accuracy": 1.0}
    assert add_legacy_names({"val_accuracy": 0.5}) == {"val_accuracy": 0.5, "val_acc": 0.5}
    assert add_legacy_names(None) is None
