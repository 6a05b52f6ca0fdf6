"""Keras 2 backend functions that ``tf.keras.backend`` keeps with other results, run eagerly.

Plain Keras 3's ``tf.keras.backend`` runs ``channels_first`` convolutions and
pooling as NCHW (TensorFlow's CPU kernels refuse them), lets ``tf.where``
broadcast a lower-rank ``switch`` condition from the right (an error),
refuses ``batch_dot`` over axis 0, answers False for ``is_keras_tensor`` of a
numpy array, computes ``binary_crossentropy`` of probabilities with
``epsilon`` inside the logarithms, pads ``ctc_decode`` to the number of time
steps and resizes bilinearly at pixel centres. Each test checks the Keras 2
result against NumPy or against the same function on ``channels_last``.
"""

import textwrap
import warnings

import numpy as np
import pytest
import tensorflow as tf

import keras
from keras_faq_compat import backend as K
from keras_faq_compat.deprecation import LegacyAPIWarning


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LegacyAPIWarning)
        yield


def _np(x):
    return keras.ops.convert_to_numpy(x)


def _random(*shape):
    return np.random.RandomState(sum(shape)).uniform(-0.5, 0.5, shape).astype("float32")


def _kernel(*shape):
    # Keras 2 took kernels as tensors or variables (it read kernel.get_shape()).
    return tf.constant(_random(*shape))


def _to_last(x):
    return np.moveaxis(x, 1, -1)


def _to_first(x):
    return np.moveaxis(x, -1, 1)


# channels_first on a CPU: each function's result is its channels_last result, transposed.

_CASES = {
    "conv1d": ((2, 3, 8), lambda x, df: K.conv1d(x, _kernel(3, 3, 4), padding="same", data_format=df, dilation_rate=2)),
    "conv2d": ((2, 3, 6, 5), lambda x, df: K.conv2d(x, _kernel(3, 2, 3, 4), strides=(2, 1), data_format=df)),
    "conv3d": ((1, 2, 4, 5, 3), lambda x, df: K.conv3d(x, _kernel(2, 2, 2, 2, 3), padding="same", data_format=df)),
    "depthwise_conv2d": ((2, 3, 5, 6), lambda x, df: K.depthwise_conv2d(x, _kernel(3, 3, 3, 2), data_format=df)),
    "separable_conv2d": (
        (2, 3, 5, 6),
        lambda x, df: K.separable_conv2d(x, _kernel(3, 3, 3, 2), _kernel(1, 1, 6, 4), padding="same", data_format=df),
    ),
    "pool2d": ((2, 3, 7, 6), lambda x, df: K.pool2d(x, (3, 2), padding="same", data_format=df, pool_mode="avg")),
    "pool3d": ((2, 3, 5, 4, 6), lambda x, df: K.pool3d(x, (2, 3, 2), data_format=df, pool_mode="max")),
}


@pytest.mark.skipif(bool(tf.config.list_logical_devices("GPU")), reason="a GPU runs NCHW itself")
@pytest.mark.parametrize("name", sorted(_CASES))
def test_channels_first_runs_on_the_cpu_as_channels_last(name):
    shape, run = _CASES[name]
    x = _random(*shape)
    first = _np(run(tf.constant(x), "channels_first"))
    last = _np(run(tf.constant(_to_last(x)), "channels_last"))
    np.testing.assert_allclose(first, _to_first(last), rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(bool(tf.config.list_logical_devices("GPU")), reason="a GPU runs NCHW itself")
def test_conv2d_transpose_channels_first_takes_the_output_shape_in_its_layout():
    x = _random(2, 3, 4, 5)
    kernel = _kernel(3, 3, 2, 3)
    first = K.conv2d_transpose(tf.constant(x), kernel, (2, 2, 8, 10), strides=(2, 2), padding="same",
                               data_format="channels_first")
    last = K.conv2d_transpose(tf.constant(_to_last(x)), kernel, (2, 8, 10, 2), strides=(2, 2), padding="same",
                              data_format="channels_last")
    assert first.shape == (2, 2, 8, 10)
    np.testing.assert_allclose(_np(first), _to_first(_np(last)), rtol=1e-5, atol=1e-6)


def test_convolutions_still_check_their_arguments():
    x = tf.constant(_random(2, 3, 8))
    with pytest.raises(ValueError, match="data_format"):
        K.conv2d(tf.constant(_random(2, 3, 4, 5)), _kernel(2, 2, 3, 4), data_format="channels_middle")
    with pytest.raises(ValueError, match="causal"):
        K.conv1d(x, _kernel(3, 3, 4), padding="causal", data_format="channels_first")
    with pytest.raises(ValueError, match="pool"):
        K.pool2d(tf.constant(_random(2, 3, 4, 5)), (2, 2), data_format="channels_first", pool_mode="median")


def test_the_table_serves_them_at_tensorflow_backend():
    from keras_faq_compat.backend import tensorflow_backend as KTF

    for name in ("conv2d", "pool2d", "switch", "batch_dot", "ctc_decode", "resize_images", "binary_crossentropy"):
        assert getattr(KTF, name) is getattr(K, name), name


# Tensor functions


@pytest.mark.parametrize("cond_shape", [(4,), (4, 1)])
def test_switch_applies_a_lower_rank_condition_to_the_leading_axes(cond_shape):
    rng = np.random.RandomState(0)
    condition = rng.uniform(size=cond_shape) > 0.5
    then, other = rng.uniform(size=(4, 3, 2)), rng.uniform(size=(4, 3, 2))
    expected = np.where(condition.reshape(cond_shape + (1,) * (3 - len(cond_shape))), then, other)
    np.testing.assert_allclose(_np(K.switch(K.variable(condition), K.variable(then), K.variable(other))), expected,
                               rtol=1e-6)


@pytest.mark.parametrize("x_shape, y_shape, axes", [
    ((32, 20), (32, 20), 0),
    ((32, 20), (20, 32), (0, 1)),
    ((32, 20), (20, 32), (1, 0)),
])
def test_batch_dot_of_two_matrices_sums_over_any_axes(x_shape, y_shape, axes):
    x, y = _random(*x_shape), _random(*y_shape) + 1
    x_axis, y_axis = (axes, axes) if isinstance(axes, int) else axes
    expected = np.sum(np.moveaxis(x, x_axis, 1) * np.moveaxis(y, y_axis, 1), axis=1)[:, None]
    np.testing.assert_allclose(_np(K.batch_dot(K.variable(x), K.variable(y), axes=axes)), expected, rtol=1e-5)


def test_is_keras_tensor_refuses_what_is_not_a_tensor():
    with pytest.raises(ValueError, match="Expected a symbolic tensor"):
        K.is_keras_tensor(np.array([1, 2]))
    assert K.is_keras_tensor(K.variable(np.array([1.0, 2.0]))) is False
    assert K.is_keras_tensor(keras.Input((3,))) is True


def test_backend_name_constant():
    assert K._BACKEND == "tensorflow"


# NN and image functions


def test_binary_crossentropy_of_probabilities_goes_through_logits():
    target = np.array([[0.3, 1.0], [0.0, 0.6]], "float32")
    output = np.array([[0.0, 0.2], [1.0, 0.7]], "float32")
    epsilon = keras.config.epsilon()
    logits = np.log(np.clip(output, epsilon, 1 - epsilon) / (1 - np.clip(output, epsilon, 1 - epsilon)))
    expected = np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits)))
    result = _np(K.binary_crossentropy(K.variable(target), K.variable(output)))
    np.testing.assert_allclose(result, expected, rtol=1e-4)
    from_logits = _np(K.binary_crossentropy(K.variable(target), K.variable(output), from_logits=True))
    np.testing.assert_allclose(from_logits, _np(tf.nn.sigmoid_cross_entropy_with_logits(target, output)), rtol=1e-6)


def test_ctc_decode_is_as_wide_as_the_longest_decoded_sequence():
    blank = [0.0, 0.0, 1.0]
    first, second = [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]
    # Six time steps: "0 1" for the first sample, "1" for the second.
    y_pred = np.array([[first, blank, second, blank, blank, blank],
                       [second, second, blank, blank, blank, blank]], "float32")
    decoded, log_prob = K.ctc_decode(y_pred, np.array([6, 6]), greedy=True)
    assert len(decoded) == 1
    assert _np(decoded[0]).tolist() == [[0, 1], [1, -1]]
    assert log_prob.shape == (2, 1)


def test_ctc_decode_beam_search_merges_only_when_asked():
    # blank, A, B per step: "A blank A B blank B" (Keras 2.3.1's own example).
    steps = [[0, 0, 1], [1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]
    y_pred = np.array([steps], "float32")
    kept, _ = K.ctc_decode(y_pred, np.array([7]), greedy=False, beam_width=1)
    merged, _ = K.ctc_decode(y_pred, np.array([7]), greedy=False, beam_width=1, merge_repeated=True)
    assert _np(kept[0]).tolist() == [[0, 0, 1, 1]]
    assert _np(merged[0]).tolist() == [[0, 1]]


@pytest.mark.parametrize("data_format", ["channels_first", "channels_last"])
def test_resize_images_bilinear_samples_at_corners_as_tensorflow_1(data_format):
    image = _random(1, 3, 4)  # (batch, rows, cols) of one channel
    # TensorFlow 1: output pixel i reads input position i / factor, clamped at the last pixel.
    positions_r, positions_c = np.arange(6) / 2, np.arange(8) / 2

    def interpolate(values, positions, axis):
        low = np.floor(positions).astype(int)
        high = np.minimum(low + 1, values.shape[axis] - 1)
        weight = (positions - low).reshape([-1 if a == axis else 1 for a in range(values.ndim)])
        return np.take(values, low, axis) * (1 - weight) + np.take(values, high, axis) * weight

    expected = interpolate(interpolate(image, positions_r, 1), positions_c, 2)
    x = image[:, None] if data_format == "channels_first" else image[..., None]
    result = _np(K.resize_images(K.variable(x), 2, 2, data_format, interpolation="bilinear"))
    result = result[:, 0] if data_format == "channels_first" else result[..., 0]
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="interpolation"):
        K.resize_images(K.variable(x), 2, 2, data_format, interpolation="cubic")


# Random tensors


@pytest.mark.parametrize("make", [
    lambda: K.random_normal((200,), mean=1.0, stddev=2.0, seed=1337),
    lambda: K.random_uniform((200,), -1.0, 1.0),
    lambda: K.truncated_normal((200,), seed=3),
    lambda: K.random_binomial((200,), p=0.5),
])
def test_eval_of_a_random_tensor_draws_a_new_sample_each_time(make):
    r = make()
    samples = [K.eval(r) for _ in range(3)]
    assert not np.array_equal(samples[0], samples[1]) and not np.array_equal(samples[1], samples[2])
    assert samples[0].shape == (200,) and samples[0].dtype == np.float32
    # What is built from it holds the tensor's own values.
    np.testing.assert_array_equal(K.eval(r * 1), _np(r))


def test_a_keras2_script_uses_them_through_tensorflow_backend(run_script):
    result = run_script(textwrap.dedent("""
        import numpy as np
        from keras import backend as K
        from keras.backend import tensorflow_backend as KTF

        x = KTF.variable(np.ones((1, 2, 4, 4), "float32"))
        y = K.eval(KTF.pool2d(x, (2, 2), strides=(2, 2), data_format="channels_first", pool_mode="avg"))
        rows = K.eval(KTF.switch(K.variable(np.array([1.0, 0.0])) > 0.5, K.ones((2, 3)), K.zeros((2, 3))))
        print(y.shape, rows.tolist(), K.eval(KTF.batch_dot(K.ones((3, 2)), K.ones((3, 2)), axes=0)).ravel().tolist())
    """), compat_run=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(1, 2, 2, 2) [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]] [3.0, 3.0]" in result.stdout
