"""Keras 2's TimeDistributed and Bidirectional (keras.layers.wrappers)."""

import numpy as np
import pytest

import keras_faq_compat as compat
from keras_faq_compat._real import keras as real_keras
from keras_faq_compat.layers import wrappers
from keras_faq_compat.layers.keras2_layer import inputs_key

layers = compat.layers


def test_the_legacy_paths_give_the_wrapper_classes():
    assert layers.TimeDistributed is wrappers.TimeDistributed
    assert layers.wrappers.Bidirectional is wrappers.Bidirectional
    assert issubclass(wrappers.TimeDistributed, real_keras.layers.TimeDistributed)


def test_time_distributed_batch_normalization_takes_statistics_over_all_time_steps():
    # Keras 3 normalises each time step with its own statistics; Keras 2 reshaped to (batch * time, ...).
    data = np.stack([np.zeros((8, 2)), np.ones((8, 2)) * 10.0], axis=1).astype("float32")
    for cls, spread in ((wrappers.TimeDistributed, True), (real_keras.layers.TimeDistributed, False)):
        layer = cls(real_keras.layers.BatchNormalization(epsilon=1e-6))
        out = np.asarray(layer(data, training=True))
        assert bool(abs(out[:, 0] - out[:, 1]).mean() > 1.0) is spread


def test_time_distributed_records_the_inner_input_and_the_inner_updates():
    x = layers.Input(shape=(5, 2))
    td = wrappers.TimeDistributed(layers.BatchNormalization())
    td(x)
    assert list(td._input_map) == [inputs_key(x)]
    assert real_keras.KerasTensor is type(td._input_map[inputs_key(x)])
    assert tuple(td._input_map[inputs_key(x)].shape) == (None, 2)
    assert len(td.updates) == 2 and len(td.get_updates_for(x)) == 2
    td.trainable = False
    assert td.updates == []


def test_bidirectional_inner_layers_keep_the_keras_2_class():
    x = layers.Input(shape=(3, 2))
    layer = wrappers.Bidirectional(layers.SimpleRNN(3, kernel_regularizer="l1"))
    layer(x)
    assert type(layer.forward_layer) is layers.SimpleRNN
    layer.forward_layer.add_update(0, inputs=x)
    layer.backward_layer.add_update(1, inputs=None)
    assert len(layer.updates) == 2 and layer.get_updates_for(x) == [0]
    layer.forward_layer.add_loss(5, inputs=x)
    assert len(layer.losses) == 3 and layer.get_losses_for(x) == [5]


def test_bidirectional_returns_a_list_and_checks_the_initial_state():
    x = layers.Input(shape=(3, 2))
    outputs = wrappers.Bidirectional(layers.LSTM(2, return_state=True), merge_mode=None)(x)
    assert isinstance(outputs, list) and len(outputs) == 6
    states = outputs[2:]
    with pytest.raises(ValueError, match="list containing the states"):
        wrappers.Bidirectional(layers.LSTM(2))(x, initial_state=states[0])
    assert tuple(wrappers.Bidirectional(layers.LSTM(2))(x, initial_state=states).shape) == (None, 4)


def test_bidirectional_merges_outputs_with_return_state():
    x = layers.Input(shape=(3, 2))
    outputs = wrappers.Bidirectional(layers.LSTM(2, return_state=True))(x)
    assert [tuple(t.shape) for t in outputs] == [(None, 4)] + [(None, 2)] * 4


def test_time_distributed_gives_the_inner_layers_mask():
    data = np.ones((2, 3, 4), "float32")
    data[0, 1:] = 0.0
    td = wrappers.TimeDistributed(layers.Masking(mask_value=0.0))
    assert real_keras.layers.TimeDistributed(real_keras.layers.Masking()).compute_mask(data, None) is None
    assert np.array_equal(np.asarray(td.compute_mask(data)), np.any(data, axis=-1))
    x = layers.Input(shape=(3, 4))
    y = wrappers.TimeDistributed(layers.Dense(5))(td(x))
    model = compat.models.Model(x, y)
    assert model.layers[-1].compute_mask(model.layers[-1].input, np.any(data, axis=-1)).shape == (2, 3)


def test_bidirectional_input_lists_the_initial_states_as_keras_2_did():
    x = layers.Input(shape=(3, 2))
    states = wrappers.Bidirectional(layers.LSTM(2, return_state=True))(x)[1:]
    x2 = layers.Input(shape=(3, 2))
    layer = wrappers.Bidirectional(layers.LSTM(2))
    layer(x2, initial_state=states)
    assert isinstance(layer.input, list) and len(layer.input) == 5 and layer.input[0] is x2
