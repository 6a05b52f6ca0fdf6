"""Keras 2's recurrent calling conventions (``keras.layers.recurrent``).

Plain Keras 3 refuses ``reset_states(values)``, ``layer([x, h, c])``, ``constants=``, cells that are
not layers, ``SimpleRNN(implementation=...)`` and ``get_initial_state(tensor)``; it nests the states
of stacked cells, and its identity initializer fills only the first gate: each test below fails there.
"""

import warnings

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import layers
from keras_faq_compat._real import keras
from keras_faq_compat.models import Model, Sequential
from keras_faq_compat.layers import recurrent


@pytest.fixture(autouse=True)
def _fresh_names():
    K.clear_session()
    yield
    K.clear_session()


def test_reset_states_sets_the_given_values_and_checks_their_count():
    layer = layers.LSTM(3, stateful=True)
    layer.build((2, 4, 5))
    layer.reset_states([np.full((2, 3), 1.5), np.full((2, 3), -2.0)])
    np.testing.assert_allclose(K.eval(layer.states[0]), np.full((2, 3), 1.5))
    np.testing.assert_allclose(K.eval(layer.states[1]), np.full((2, 3), -2.0))
    layer.reset_states()
    np.testing.assert_allclose(K.eval(layer.states[1]), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="expects 2 states"):
        layer.reset_states([np.ones((2, 3))] * 3)
    with pytest.raises(ValueError, match="State 0 is incompatible"):
        layer.reset_states([np.ones((3, 3)), np.ones((2, 3))])


def test_initial_states_given_as_extra_inputs_are_used():
    x, h, c = keras.Input((4, 2)), keras.Input((3,)), keras.Input((3,))
    model = Model([x, h, c], layers.LSTM(3)([x, h, c]))
    data = np.random.rand(2, 4, 2).astype("float32")
    zeros, ones = np.zeros((2, 3), "float32"), np.ones((2, 3), "float32")
    from_zeros = model.predict([data, zeros, zeros], verbose=0)
    from_ones = model.predict([data, ones, ones], verbose=0)
    assert not np.allclose(from_zeros, from_ones)
    # The same as the layer without given states, which starts from zeros.
    plain = Model(x, model.layers[-1](x))
    np.testing.assert_allclose(plain.predict(data, verbose=0), from_zeros, rtol=1e-5)


class _AddConstantCell(keras.layers.Layer):
    """h_t = h_{t-1} + x_t + constant (no weights)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def call(self, inputs, states, constants):
        output = states[0] + inputs + constants[0]
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_constants_reach_the_cell_and_survive_the_config():
    x, c = keras.Input((3, 2)), keras.Input((2,))
    layer = layers.RNN(_AddConstantCell(2))
    model = Model([x, c], layer(x, constants=c))
    data = np.arange(12, dtype="float32").reshape(2, 3, 2)
    constant = np.array([[10.0, 20.0], [30.0, 40.0]], "float32")
    expected = data.sum(axis=1) + 3 * constant
    np.testing.assert_allclose(model.predict([data, constant], verbose=0), expected)
    config = layer.get_config()
    assert config["num_constants"] == 1
    with keras.utils.CustomObjectScope({"_AddConstantCell": _AddConstantCell}):
        again = layers.RNN.from_config(config)
    # Keras 2: the constants may also come last in the list of inputs.
    np.testing.assert_allclose(Model([x, c], again([x, c])).predict([data, constant], verbose=0), expected)


class _SumCell:
    """Not a layer: Keras 2 only asked for `call` and `state_size`."""

    state_size = (2, 2)

    def call(self, inputs, states):
        total = states[0] + inputs
        return total, [total, states[1] - inputs]


def test_a_cell_that_is_not_a_layer():
    x = keras.Input((3, 2))
    model = Model(x, layers.RNN(_SumCell(), return_state=True)(x))
    data = np.arange(12, dtype="float32").reshape(2, 3, 2)
    output, total, negative = model.predict(data, verbose=0)
    np.testing.assert_allclose(output, data.sum(axis=1))
    np.testing.assert_allclose(negative, -data.sum(axis=1))


def test_stacked_cells_have_flat_states_in_keras2_order():
    cells = [layers.LSTMCell(3), layers.LSTMCell(6)]
    layer = layers.RNN(cells, return_state=True)
    assert layer.cell.state_size == (3, 3, 6, 6)
    assert layer.compute_output_shape((None, 5, 4)) == [(None, 6), (None, 3), (None, 3), (None, 6), (None, 6)]
    x = keras.Input((5, 4))
    outputs = layer(x)
    assert [tuple(t.shape) for t in outputs] == [(None, 6), (None, 3), (None, 3), (None, 6), (None, 6)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stacked = recurrent.StackedRNNCells([layers.LSTMCell(3), layers.LSTMCell(6)], reverse_state_order=True)
    reverse = layers.RNN(stacked, return_state=True)
    assert reverse.compute_output_shape((None, 5, 4)) == [(None, 6), (None, 6), (None, 6), (None, 3), (None, 3)]
    data = np.random.rand(2, 5, 4).astype("float32")
    output, h2, _, _, _ = Model(x, reverse(x)).predict(data, verbose=0)
    np.testing.assert_allclose(output, h2)


@pytest.mark.parametrize("make, gates", [(lambda: layers.LSTM(3, recurrent_initializer="identity"), 4),
                                         (lambda: layers.GRU(3, recurrent_initializer="identity"), 3)])
def test_identity_recurrent_initializer_is_one_identity_per_gate(make, gates):
    layer = make()
    layer(keras.Input((5, 4)))
    np.testing.assert_array_equal(layer.get_weights()[1], np.concatenate([np.identity(3)] * gates, axis=1))


def test_simple_rnn_takes_implementation_with_keras2_warning():
    with pytest.warns(UserWarning, match="implementation"):
        layer = layers.SimpleRNN(3, implementation=2)
    assert "implementation" not in layer.get_config()


def test_initial_state_from_a_symbolic_tensor():
    x = keras.Input((None, 6))
    state = layers.GRU(5).get_initial_state(x)
    assert len(state) == 1 and tuple(state[0].shape) == (None, 5)
    model = Model(x, state[0])
    np.testing.assert_array_equal(model.predict(np.ones((2, 3, 6)), verbose=0), np.zeros((2, 5)))


def test_conv_lstm_channels_first_runs_on_a_cpu_like_channels_last():
    data = np.random.rand(1, 2, 5, 5, 2).astype("float32")
    last = layers.ConvLSTM2D(2, (3, 3), data_format="channels_last")
    first = layers.ConvLSTM2D(2, (3, 3), data_format="channels_first")
    expected = Sequential([keras.Input((2, 5, 5, 2)), last]).predict(data, verbose=0)
    model = Sequential([keras.Input((2, 2, 5, 5)), first])
    first.set_weights(last.get_weights())
    got = model.predict(np.transpose(data, (0, 1, 4, 2, 3)), verbose=0)
    np.testing.assert_allclose(np.transpose(got, (0, 2, 3, 1)), expected, rtol=1e-5, atol=1e-6)
    state = first.get_initial_state(keras.Input((2, 2, 5, 5)))
    assert [tuple(s.shape) for s in state] == [(None, 2, 3, 3)] * 2
