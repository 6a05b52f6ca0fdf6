"""Keras 2 optimizer arguments: ``lr``, ``decay``, ``epsilon=None``, names and defaults.

Plain Keras 3 refuses ``lr``, ignores ``decay`` (with a warning), refuses
``epsilon=None``, has no lowercase aliases (``keras.optimizers.adam``) or
``optimizer.lr``, and uses other default learning rates for ``Adagrad``,
``Adadelta``, ``Adamax`` and ``Nadam``; each test below fails there.
"""

import json

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import optimizers
from keras_faq_compat._real import keras
from keras_faq_compat.layers import Dense
from keras_faq_compat.models import Sequential


def _number(value):
    # Keras 3.3's variables have no __float__; K.get_value reads them on every release.
    return float(K.get_value(value))


def _steps(optimizer, n):
    var = keras.Variable(np.zeros((), "float32"))
    for _ in range(n):
        optimizer.apply_gradients([(keras.ops.ones(()), var)])
    return float(keras.ops.convert_to_numpy(var))


def test_decay_is_keras2_time_based():
    # Keras 2: step t (from 0) uses lr / (1 + decay * t).
    opt = optimizers.SGD(lr=0.1, decay=0.5)
    assert _steps(opt, 3) == pytest.approx(-(0.1 + 0.1 / 1.5 + 0.1 / 2.0), rel=1e-6)
    assert opt.decay == 0.5


def test_lr_is_the_base_rate_variable_for_get_value_and_set_value():
    opt = optimizers.Adam(lr=1e-3)
    assert K.get_value(opt.lr) == pytest.approx(1e-3)
    K.set_value(opt.lr, 0.5)
    assert _number(opt.learning_rate) == pytest.approx(0.5)


def test_epsilon_none_means_backend_epsilon_and_clipping_is_kept():
    opt = optimizers.RMSprop(lr=0.01, epsilon=None, clipnorm=1.0, clipvalue=0.5)
    assert opt.epsilon == pytest.approx(K.epsilon())
    assert (opt.clipnorm, opt.clipvalue) == (1.0, 0.5)


@pytest.mark.parametrize(
    "name, lr",
    [("sgd", 0.01), ("rmsprop", 0.001), ("adagrad", 0.01), ("adadelta", 1.0), ("adam", 0.001), ("adamax", 0.002), ("nadam", 0.002)],
)
def test_lowercase_aliases_and_compile_strings_have_keras2_defaults(name, lr):
    assert _number(getattr(optimizers, name)().learning_rate) == pytest.approx(lr)
    model = Sequential([Dense(1, input_dim=2)])
    model.compile(optimizer=name, loss="mse")
    assert _number(model.optimizer.learning_rate) == pytest.approx(lr)


def test_lr_and_learning_rate_together_is_an_error():
    with pytest.raises(ValueError, match="`lr`.*`learning_rate`"):
        optimizers.Adam(lr=0.1, learning_rate=0.2)


def test_keras2_config_deserializes_and_saved_config_names_plain_keras_class():
    opt = optimizers.deserialize({"class_name": "Adam", "config": {"lr": 0.002, "decay": 0.01, "epsilon": None}})
    assert _number(opt.lr) == pytest.approx(0.002) and opt.decay == 0.01
    config = keras.optimizers.serialize(opt)
    assert (config["module"], config["class_name"]) == ("keras.optimizers", "Adam")
    assert json.loads(json.dumps(config))["config"]["decay"] == 0.01
    plain = keras.optimizers.deserialize(config)  # plain Keras 3 reads it (and drops decay)
    assert type(plain) is keras.optimizers.Adam


def test_clipnorm_and_clipvalue_together_clip_by_norm_then_by_value():
    opt = optimizers.SGD(lr=1.0, clipnorm=1.0, clipvalue=0.5)
    var = keras.Variable(np.zeros((2,), "float32"))
    opt.apply_gradients([(keras.ops.convert_to_tensor(np.array([3.0, 4.0], "float32")), var)])
    # norm clip: (0.6, 0.8); value clip: (0.5, 0.5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(var), [-0.5, -0.5], rtol=1e-6)
    # Keras's own serialisation gives the Keras 3 config, which plain Keras 3 reads.
    assert keras.optimizers.SGD.from_config(keras.optimizers.serialize(opt)["config"]).clipnorm == 1.0


def test_positional_arguments_follow_keras2_order():
    # Keras 2: SGD(lr, momentum, decay, nesterov); Keras 3's third argument is nesterov.
    opt = optimizers.SGD(0.05, 0.9, 1e-3, True)
    assert _number(opt.learning_rate) == pytest.approx(0.05)
    assert float(opt.momentum) == pytest.approx(0.9)
    assert opt.decay == pytest.approx(1e-3)
    assert opt.nesterov is True
    adam = optimizers.Adam(0.01, 0.8)
    assert _number(adam.learning_rate) == pytest.approx(0.01) and adam.beta_1 == pytest.approx(0.8)
    with pytest.raises(TypeError, match="multiple values for argument 'lr'"):
        optimizers.SGD(0.1, lr=0.2)
    with pytest.raises(TypeError, match="at most 4 positional"):
        optimizers.SGD(0.1, 0.9, 0.0, False, 7)
