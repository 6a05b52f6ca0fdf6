"""Keras 2 layer constructor arguments, automatic names and serialization.

Plain Keras 3 refuses ``batch_size=``, ``batch_input_shape=`` and ``weights=``
on ``Dense``, drops ``input_length`` on ``Embedding`` (so the model has no
input), names layers ``dense``, ``dense_1``, ..., defaults ``GRU`` to
``reset_after=True`` and runs a frozen ``BatchNormalization`` in inference
mode; each test below fails there.
"""

import json

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import layers
from keras_faq_compat._real import keras
from keras_faq_compat.models import Model, Sequential


@pytest.fixture(autouse=True)
def _fresh_names():
    K.clear_session()
    yield
    K.clear_session()


def test_names_are_counted_per_class_from_one_and_restart_at_clear_session():
    assert [layers.Dense(1).name, layers.Dense(1).name, layers.Conv2D(1, 3).name] == ["dense_1", "dense_2", "conv2d_1"]
    assert layers.Conv2DTranspose(1, 3).name == "conv2d_transpose_1"
    assert layers.BatchNormalization().name == "batch_normalization_1"
    assert layers.Convolution2D(1, 3).name == "conv2d_2"  # the Keras 2 alias shares the counter
    assert layers.Input(shape=(2,)).name == "input_1"
    assert Sequential().name == "sequential_1"
    K.clear_session()
    assert layers.Dense(1).name == "dense_1"
    assert layers.Dense(1, name="mine").name == "mine"


def test_input_dim_and_batch_input_shape_make_the_input_layer():
    model = Sequential()
    model.add(layers.Dense(4, input_dim=3))
    assert tuple(model.input.shape) == (None, 3)
    model = Sequential([layers.Dense(4, batch_input_shape=(8, 3))])
    assert tuple(model.input.shape) == (8, 3)
    assert model.layers[0].name == "dense_2"
    assert model._layers[0].name == "dense_2_input"  # Keras 2's name for the implicit input


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda: layers.Dense(2, input_shape=(5,), batch_size=4), (4, 5)),
        (lambda: layers.LSTM(2, input_dim=3, input_length=7), (None, 7, 3)),
        (lambda: layers.LSTM(2, input_dim=3), (None, None, 3)),
        (lambda: layers.Embedding(10, 2, input_length=6), (None, 6)),
        (lambda: layers.Conv1D(2, 3, input_shape=(9, 4)), (None, 9, 4)),
    ],
)
def test_keras2_shape_arguments(make, shape):
    model = Sequential([make()])
    assert tuple(model.input.shape) == shape


def test_initial_weights_are_set_once_built():
    kernel, bias = np.arange(6, dtype="float32").reshape(3, 2), np.array([1.0, -1.0], "float32")
    dense = layers.Dense(2, input_dim=3, weights=[kernel, bias])
    model = Sequential([dense])
    np.testing.assert_array_equal(dense.get_weights()[0], kernel)
    np.testing.assert_allclose(model.predict(np.ones((1, 3))), [[7.0, 8.0]])
    matrix = np.random.rand(10, 4).astype("float32")
    emb = layers.Embedding(10, 4, input_length=3, weights=[matrix], trainable=False)
    Sequential([emb])
    np.testing.assert_array_equal(emb.get_weights()[0], matrix)


def test_weights_of_the_wrong_shape_name_the_layer():
    model = Sequential()
    with pytest.raises(ValueError, match="dense_1.*`weights`"):
        model.add(layers.Dense(2, input_dim=3, weights=[np.zeros((4, 2)), np.zeros(2)]))


def test_gru_defaults_to_keras2_reset_after_false():
    assert layers.GRU(3).reset_after is False
    assert layers.GRU(3, reset_after=True).reset_after is True


def test_legacy_layers_serialize_as_their_keras3_classes_and_load_in_plain_keras(tmp_path):
    model = Sequential([layers.Dense(3, input_dim=4, activation="relu"), layers.Dropout(0.1), layers.Dense(1)])
    config = json.loads(model.to_json())
    dense = [entry for entry in config["config"]["layers"] if entry["class_name"] == "Dense"]
    assert dense and all(entry["module"] == "keras.layers" for entry in dense)
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded.layers[0]) is keras.layers.Dense
    x = np.random.rand(2, 4)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x), rtol=1e-6)
    assert [layer.name for layer in loaded.layers] == ["dense_1", "dropout_1", "dense_2"]


def test_frozen_batch_normalization_uses_batch_statistics_in_training_as_keras_2_2():
    # Keras 2.2: `trainable=False` froze gamma/beta and the moving statistics,
    # but in the training phase the layer still normalised with the batch's
    # own mean and variance. Keras 3 uses the moving statistics instead.
    bn = layers.BatchNormalization(input_shape=(3,))
    model = Sequential([bn])
    bn.trainable = False
    x = (np.random.rand(16, 3) * 10 + 5).astype("float32")
    out = keras.ops.convert_to_numpy(bn(x, training=True))
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-4)
    np.testing.assert_allclose(bn.get_weights()[2], 0.0)  # moving mean untouched
    np.testing.assert_allclose(bn.get_weights()[3], 1.0)  # moving variance untouched
    # Inference mode still uses the moving statistics.
    np.testing.assert_allclose(keras.ops.convert_to_numpy(bn(x, training=False)), x / np.sqrt(1 + 1e-3), rtol=1e-5)
    model.compile("sgd", "mse")
    before = bn.get_weights()
    model.fit(x, np.zeros_like(x), verbose=0, epochs=2)
    for a, b in zip(before, bn.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_functional_model_gets_keras2_name():
    x = layers.Input(shape=(2,))
    assert Model(x, layers.Dense(1)(x)).name == "model_1"


def test_legacy_arguments_warn_once_naming_the_keras3_way():
    from keras_faq_compat.deprecation import LegacyAPIWarning, reset_warnings

    reset_warnings()
    with pytest.warns(LegacyAPIWarning, match=r"input_dim=.*keras\.Input\(shape=\.\.\., batch_size=\.\.\.\)") as caught:
        layers.Dense(1, input_dim=2)
        layers.Dense(1, input_dim=2)
    assert sum("input_dim" in str(w.message) for w in caught) == 1
    assert caught[0].filename == __file__
    with pytest.warns(LegacyAPIWarning, match=r"weights=.*set_weights"):
        layers.Dense(1, weights=[np.zeros((2, 1)), np.zeros(1)])
    reset_warnings()
