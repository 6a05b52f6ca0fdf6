"""Keras 2 behaviour of the convolution, pooling, core and embedding layers that Keras 3 changed."""

import json

import numpy as np
import pytest

import keras_faq_compat as k
from keras_faq_compat._real import keras as real_keras


def test_average_pooling_1d_has_keras_2_default_pool_size_and_keeps_positional_arguments():
    with pytest.raises(TypeError):
        real_keras.layers.AveragePooling1D()
    assert k.layers.AveragePooling1D().pool_size == (2,)
    layer = k.layers.AveragePooling1D(3, 1)
    assert layer.pool_size == (3,) and layer.strides == (1,)


def test_1d_layers_are_channels_last_under_a_channels_first_config():
    previous = real_keras.config.image_data_format()
    real_keras.config.set_image_data_format("channels_first")
    try:
        assert real_keras.layers.MaxPooling1D().data_format == "channels_first"
        for layer in (k.layers.Conv1D(2, 3), k.layers.MaxPooling1D(), k.layers.GlobalAveragePooling1D(),
                      k.layers.ZeroPadding1D()):
            assert layer.data_format == "channels_last", layer
        assert k.layers.MaxPooling1D(2, data_format="channels_first").data_format == "channels_first"
    finally:
        real_keras.config.set_image_data_format(previous)


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Conv2D", {"filters": 2, "kernel_size": 3}, (None, None, 5, None)),
    ("SeparableConv2D", {"filters": 2, "kernel_size": 3}, (None, None, 5, None)),
    ("SeparableConv1D", {"filters": 2, "kernel_size": 3}, (None, 5, None)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (None, None, 5, None)),
])
def test_an_unknown_channel_axis_is_keras_2s_value_error(name, kwargs, shape):
    with pytest.raises(TypeError):
        getattr(real_keras.layers, name)(**kwargs).build(shape)
    with pytest.raises(ValueError, match="channel dimension"):
        k.models.Sequential([getattr(k.layers, name)(batch_input_shape=shape, **kwargs)])


def test_dilated_conv2d_transpose_runs_on_the_cpu_with_keras_2s_result():
    x = np.arange(48, dtype="float32").reshape((1, 4, 4, 3))
    kwargs = dict(filters=1, kernel_size=3, padding="same", dilation_rate=(2, 2), kernel_initializer="ones")
    with pytest.raises(Exception):
        np.asarray(real_keras.layers.Conv2DTranspose(**kwargs)(x))
    out = np.asarray(k.layers.Conv2DTranspose(**kwargs)(x))
    # Keras 2.2.4's own expected values (tests/keras/layers/convolutional_test.py).
    expected = np.float32([[192, 228, 192, 228], [336, 372, 336, 372],
                           [192, 228, 192, 228], [336, 372, 336, 372]]).reshape((1, 4, 4, 1))
    np.testing.assert_allclose(out, expected)


def test_cropping_1d_may_empty_the_axis():
    x = np.ones((2, 4, 3), "float32")
    with pytest.raises(ValueError):
        real_keras.layers.Cropping1D((2, 2))(x)
    assert np.asarray(k.layers.Cropping1D((2, 2))(x)).shape == (2, 0, 3)
    assert np.asarray(k.layers.Cropping1D((1, 2))(x)).shape == (2, 1, 3)


def test_leaky_relu_takes_a_negative_alpha():
    with pytest.raises(ValueError):
        real_keras.layers.LeakyReLU(negative_slope=-1.0)
    layer = k.layers.LeakyReLU(alpha=-1.0)
    assert layer.alpha == -1.0
    np.testing.assert_allclose(np.asarray(layer(np.float32([-2.0, 3.0]))), [2.0, 3.0])
    assert k.layers.LeakyReLU.from_config(layer.get_config()).alpha == -1.0


@pytest.mark.parametrize("shape", [(3, 4, 5), (3, 5)])
def test_embedding_checks_input_length_against_the_input_shape(shape):
    with pytest.raises(ValueError, match="input_length"):
        k.models.Sequential([k.layers.Embedding(10, 4, input_length=2, input_shape=shape)])


def test_embedding_input_length_alone_gives_the_input_shape():
    layer = k.layers.Embedding(10, 4, input_length=3)
    model = k.models.Sequential([layer])
    assert layer.input_length == 3
    assert tuple(model.output_shape) == (None, 3, 4)


def test_lambda_config_made_here_rebuilds_with_the_functions_globals():
    layer = k.layers.Lambda(lambda x: k.backend.mean(x, axis=-1))
    config = layer.get_config()
    with pytest.raises(ValueError, match="safe_mode"):
        real_keras.layers.Lambda.from_config(dict(config))
    rebuilt = k.layers.Lambda.from_config(json.loads(json.dumps(config)))
    # `k` is a global of this module, not of Keras's loader: the original's globals are used.
    np.testing.assert_allclose(np.asarray(rebuilt(np.ones((2, 3), "float32"))), [1.0, 1.0])


def test_lambda_with_nested_functions_round_trips_through_layers_deserialize():
    def double(x):
        return k.backend.concatenate([x, x])

    def double_shape(shape):
        return tuple(shape[:-1]) + (2 * shape[-1],)

    config = k.layers.Lambda(double, output_shape=double_shape).get_config()
    assert config["function"]["class_name"] == "__lambda__"
    rebuilt = k.layers.deserialize({"class_name": "Lambda", "config": config})
    assert np.asarray(rebuilt(np.ones((2, 3), "float32"))).shape == (2, 6)


def test_lambda_bytecode_not_made_here_still_needs_safe_mode_false():
    config = k.layers.Lambda(lambda x: x * 2).get_config()
    import codecs
    import marshal

    other = codecs.encode(marshal.dumps((lambda y: y - 1).__code__), "base64").decode("ascii")
    config["function"] = {"class_name": "__lambda__", "config": {"code": other, "defaults": None, "closure": None}}
    with pytest.raises(ValueError, match="safe_mode"):
        k.layers.Lambda.from_config(dict(config))
    rebuilt = k.layers.Lambda.from_config(dict(config), safe_mode=False)
    np.testing.assert_allclose(np.asarray(rebuilt(np.float32([3.0]))), [2.0])
