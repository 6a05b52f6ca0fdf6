"""``channels_first`` convolutions on a CPU: Keras 2 transposed them, Keras 3 refuses them."""

import numpy as np
import pytest

import keras_faq_compat as k
from keras_faq_compat._real import keras as real_keras


def _conv2d_reference(x, kernel, bias):
    # x: (batch, channels, rows, cols); kernel: (kh, kw, in, out); valid padding, stride 1.
    kh, kw, _, out = kernel.shape
    rows, cols = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    y = np.zeros((x.shape[0], out, rows, cols), "float64")
    for i in range(rows):
        for j in range(cols):
            window = x[:, :, i:i + kh, j:j + kw]  # (batch, in, kh, kw)
            y[:, :, i, j] = np.einsum("bcij,ijco->bo", window, kernel) + bias
    return y


def test_plain_keras_3_cannot_run_a_channels_first_conv2d_on_the_cpu():
    layer = real_keras.layers.Conv2D(2, 3, data_format="channels_first")
    with pytest.raises(Exception, match="NHWC"):
        layer(np.ones((1, 3, 6, 6), "float32"))


def test_channels_first_conv2d_computes_the_convolution_of_the_nchw_input():
    x = np.random.default_rng(0).normal(size=(2, 3, 6, 5)).astype("float32")
    layer = k.layers.Conv2D(4, (3, 2), data_format="channels_first")
    out = np.asarray(layer(x))
    kernel, bias = layer.get_weights()
    assert out.shape == (2, 4, 4, 4)
    np.testing.assert_allclose(out, _conv2d_reference(x, kernel, bias), rtol=1e-4, atol=1e-5)
    assert layer.data_format == "channels_first"
    assert layer.get_config()["data_format"] == "channels_first"


@pytest.mark.parametrize("name, shape", [("Conv1D", (2, 3, 9)), ("Conv2DTranspose", (2, 3, 5, 6)),
                                         ("Conv3DTranspose", (1, 3, 4, 5, 3))])
def test_other_channels_first_convolutions_match_their_channels_last_results(name, shape):
    x = np.random.default_rng(1).normal(size=shape).astype("float32")
    first = getattr(k.layers, name)(3, 2, strides=2, data_format="channels_first")
    out = np.asarray(first(x))
    to_last = (0,) + tuple(range(2, x.ndim)) + (1,)
    last = getattr(real_keras.layers, name)(3, 2, strides=2, data_format="channels_last")
    last.build(np.transpose(x, to_last).shape)
    last.set_weights(first.get_weights())
    expected = np.transpose(np.asarray(last(np.transpose(x, to_last))), (0, x.ndim - 1) + tuple(range(1, x.ndim - 1)))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_a_theano_era_channels_first_model_trains_and_round_trips_through_h5(tmp_path):
    model = k.models.Sequential([
        k.layers.Conv2D(4, 3, activation="relu", data_format="channels_first", input_shape=(1, 8, 8)),
        k.layers.MaxPooling2D(2, data_format="channels_first"),
        k.layers.Flatten(),
        k.layers.Dense(2, activation="softmax"),
    ])
    model.compile("sgd", "categorical_crossentropy")
    x = np.random.default_rng(2).normal(size=(16, 1, 8, 8)).astype("float32")
    y = np.eye(2)[np.arange(16) % 2]
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    path = str(tmp_path / "cf.h5")
    model.save(path)
    loaded = k.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
