"""Keras 2 optimizer configs, update rules and reuse across models (`keras_faq_compat.optimizers`)."""

import numpy as np
import pytest

from keras_faq_compat import optimizers
from keras_faq_compat._real import keras, tf

KERAS2_KEYS = {
    "SGD": {"lr", "momentum", "decay", "nesterov"},
    "RMSprop": {"lr", "rho", "decay", "epsilon"},
    "Adagrad": {"lr", "decay", "epsilon"},
    "Adadelta": {"lr", "rho", "decay", "epsilon"},
    "Adam": {"lr", "beta_1", "beta_2", "decay", "epsilon", "amsgrad"},
    "Adamax": {"lr", "beta_1", "beta_2", "decay", "epsilon"},
    "Nadam": {"lr", "beta_1", "beta_2", "epsilon", "schedule_decay"},
}


@pytest.mark.parametrize("name", sorted(KERAS2_KEYS))
def test_get_config_has_exactly_keras2_keys(name):
    config = getattr(optimizers, name)().get_config()
    assert set(config) == KERAS2_KEYS[name]
    assert getattr(optimizers, name)(clipnorm=1.0, clipvalue=0.5).get_config()["clipvalue"] == 0.5


def test_serialize_and_deserialize_use_keras2_layout_and_lowercase_the_class_name():
    config = optimizers.serialize(optimizers.Adam(lr=0.01, decay=1e-3, amsgrad=True))
    assert config == {
        "class_name": "Adam",
        "config": {"lr": pytest.approx(0.01), "beta_1": pytest.approx(0.9), "beta_2": pytest.approx(0.999),
                   "decay": pytest.approx(1e-3), "epsilon": 1e-7, "amsgrad": True},
    }
    restored = optimizers.deserialize(config)
    assert config["class_name"] == "adam"  # Keras 2 changed the given config in place
    assert restored.amsgrad and restored.decay == pytest.approx(1e-3)
    assert optimizers.serialize(restored)["config"] == config["config"]
    nadam = optimizers.deserialize({"class_name": "Nadam", "config": {"lr": 0.002, "schedule_decay": 0.01}})
    assert nadam.get_config()["schedule_decay"] == 0.01


def test_keras_own_serialisation_still_gets_a_config_plain_keras_reads():
    config = keras.optimizers.serialize(optimizers.RMSprop(lr=0.05))
    assert "learning_rate" in config["config"] and "lr" not in config["config"]
    assert type(keras.optimizers.deserialize(config)) is keras.optimizers.RMSprop


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad"])
def test_rmsprop_and_adagrad_add_epsilon_outside_the_square_root_as_keras2(name):
    grad = np.array([1e-3, -2e-3], "float32")
    variable = keras.Variable(np.zeros(2, "float32"))
    optimizer = getattr(optimizers, name)(lr=0.1, epsilon=1e-3)
    optimizer.apply([keras.ops.convert_to_tensor(grad)], [variable])
    accumulator = 0.1 * grad**2 if name == "RMSprop" else grad**2
    expected = -0.1 * grad / (np.sqrt(accumulator) + 1e-3)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(variable), expected, rtol=1e-5)


def _model():
    from keras_faq_compat.models import Sequential

    return Sequential([keras.Input((3,)), keras.layers.Dense(2)])


def test_one_optimizer_trains_two_models_in_turn_with_a_shared_step_count():
    # The GAN pattern of Keras 2 code: two models compiled with one optimizer.
    optimizer = optimizers.Adam()
    x, y = np.ones((4, 3), "float32"), np.ones((4, 2), "float32")
    first, second = _model(), _model()
    first.compile(optimizer, "mse")
    second.compile(optimizer, "mse")
    before = [first.get_weights()[0].copy(), second.get_weights()[0].copy()]
    for _ in range(2):
        first.train_on_batch(x, y)
        second.train_on_batch(x, y)
    assert not np.allclose(first.get_weights()[0], before[0])
    assert not np.allclose(second.get_weights()[0], before[1])
    assert int(optimizer.iterations.numpy()) == 4


def test_tf1_optimizer_is_wrapped_by_get_and_restored_on_tf_train_under_the_activation():
    from keras_faq_compat import activation

    assert optimizers.get(tf.compat.v1.train.AdamOptimizer()).__class__ is optimizers.TFOptimizer
    assert "AdadeltaOptimizer" not in vars(tf.train)
    with activation.activated():
        assert tf.train.AdadeltaOptimizer is tf.compat.v1.train.AdadeltaOptimizer
    assert "AdadeltaOptimizer" not in vars(tf.train)
    with pytest.raises(NotImplementedError):
        optimizers.TFOptimizer.from_config(None)


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad"])
def test_keras2_rules_take_an_embeddings_sparse_gradient_as_keras2_did(name):
    # loss = mean(e_1 ** 2) over the 2 outputs, so the gradient of the looked-up row is e_1 and
    # zero elsewhere; Keras 2 squared it densely: p -= lr * g / (sqrt(a) + epsilon) on every row.
    from keras_faq_compat import layers, models

    model = models.Sequential([layers.Embedding(4, 2, input_length=1), layers.Flatten()])
    optimizer = getattr(optimizers, name)(lr=0.01)
    model.compile(optimizer, "mse")
    before = model.get_weights()[0].copy()
    model.train_on_batch(np.array([[1]]), np.zeros((1, 2)))
    after = model.get_weights()[0]
    row = before[1]
    accumulator = (0.1 if name == "RMSprop" else 1.0) * row ** 2
    np.testing.assert_allclose(after[1], row - 0.01 * row / (np.sqrt(accumulator) + 1e-7), rtol=1e-5)
    np.testing.assert_array_equal(np.delete(after, 1, axis=0), np.delete(before, 1, axis=0))


def test_compile_takes_a_tensorflow_1_optimizer_as_keras2_did():
    from keras_faq_compat import layers, models

    model = models.Sequential([layers.Dense(1, input_dim=2, kernel_initializer="ones", use_bias=False)])
    model.compile(tf.compat.v1.train.GradientDescentOptimizer(0.5), "mse")
    assert isinstance(model.optimizer, optimizers.TFOptimizer)
    model.train_on_batch(np.array([[1.0, 0.0]]), np.array([[0.0]]))
    # d/dw (w . x) ** 2 = 2 * (w . x) * x = [2, 0]; one step of 0.5.
    np.testing.assert_allclose(model.get_weights()[0][:, 0], [0.0, 1.0])
