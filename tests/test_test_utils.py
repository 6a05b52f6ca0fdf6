"""Keras 2's ``keras.utils.test_utils`` (absent from Keras 3) under the activation."""

import numpy as np
import pytest


@pytest.fixture
def test_utils(keras_compat):
    from keras.utils import test_utils  # Keras 3 has no such module

    return test_utils


def test_legacy_imports_resolve(keras_compat):
    from keras.utils.test_utils import get_test_data, keras_test, layer_test

    import keras_faq_compat.utils.test_utils as ours

    assert (get_test_data, keras_test, layer_test) == (
        ours.get_test_data, ours.keras_test, ours.layer_test)


def test_get_test_data_classification_draws_as_keras2(test_utils):
    np.random.seed(7)
    (x_train, y_train), (x_test, y_test) = test_utils.get_test_data(
        num_train=30, num_test=10, input_shape=(4, 2), classification=True, num_classes=3)
    assert x_train.shape == (30, 4, 2) and x_test.shape == (10, 4, 2)
    assert y_train.shape == (30,) and y_test.shape == (10,)
    assert x_train.dtype == np.float32
    # Keras 2's order: all labels first, then one normal draw per sample around its label.
    np.random.seed(7)
    labels = np.random.randint(0, 3, size=(40,))
    first = np.random.normal(loc=labels[0], scale=0.7, size=(4, 2))
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), labels)
    np.testing.assert_allclose(x_train[0], first.astype(np.float32))


def test_get_test_data_regression(test_utils):
    np.random.seed(3)
    (x, y), (xt, yt) = test_utils.get_test_data(
        num_train=200, num_test=50, input_shape=(3,), output_shape=(2,), classification=False)
    assert x.shape == (200, 3) and y.shape == (200, 2) and yt.shape == (50, 2)
    assert y.dtype == np.float32
    # Inputs and targets share a per-sample centre, so they correlate.
    assert np.corrcoef(x.mean(axis=1), y.mean(axis=1))[0, 1] > 0.2


def _scale_layer(keras):
    class Scale(keras.layers.Layer):
        """An unregistered custom layer, as old test suites had."""

        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

        def call(self, x, training=None):
            return x * self.w * self.factor

        def compute_output_shape(self, input_shape):
            return input_shape

        def get_config(self):
            return dict(super().get_config(), factor=self.factor)

    return Scale


def test_layer_test_checks_value_shape_and_config(keras_compat, test_utils):
    Scale = _scale_layer(keras_compat)
    kwargs = {"factor": 3.0}
    data = np.ones((2, 4), "float32")
    out = test_utils.layer_test(Scale, kwargs=kwargs, input_data=data,
                                expected_output=np.full((2, 4), 3.0))
    np.testing.assert_allclose(out, 3.0)
    assert kwargs == {"factor": 3.0}
    with pytest.raises(AssertionError):
        test_utils.layer_test(Scale, kwargs=kwargs, input_data=data,
                              expected_output=np.full((2, 4), 5.0))
    with pytest.raises(AssertionError, match="dtype"):
        test_utils.layer_test(Scale, kwargs=kwargs, input_data=data,
                              expected_output_dtype="float16")


def test_layer_test_on_builtin_layer_with_random_input(keras_compat, test_utils):
    out = test_utils.layer_test(keras_compat.layers.Dense, kwargs={"units": 3},
                                input_shape=(None, 5))
    assert out.shape[1:] == (3,) and 1 <= out.shape[0] <= 3
    with pytest.raises(ValueError, match="input_shape"):
        test_utils.layer_test(keras_compat.layers.Dense, kwargs={"units": 3})


def test_keras_test_clears_the_session_after_the_test(keras_compat, test_utils):
    from keras import backend as K
    from keras.layers import Dense

    K.clear_session()
    first_name = Dense(1).name

    @test_utils.keras_test
    def legacy_test():
        """docstring kept"""
        Dense(1)
        Dense(1)
        return "result"

    assert legacy_test.__doc__ == "docstring kept"
    assert legacy_test() == "result"
    assert Dense(1).name == first_name
