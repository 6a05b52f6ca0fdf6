"""The Keras 2 backend functions that Keras 3's ``tf.keras.backend`` dropped, run eagerly.

Plain Keras 3 has none of these names (``tf.keras.backend.logsumexp``,
``local_conv2d``, ``in_train_phase``, ``image_dim_ordering``, ... raise
``AttributeError``); each test checks the Keras 2.2.4 / 2.3.1 result against
a NumPy formula or loop.
"""

import warnings

import numpy as np
import pytest
import tensorflow as tf

import keras
from keras_faq_compat import backend as K
from keras_faq_compat import tf1
from keras_faq_compat.deprecation import LegacyAPIWarning

# The functions this module restores: each must be a name of the module itself,
# so that keras.backend.tensorflow_backend / .common can serve it from there.
RESTORED = [
    "logsumexp", "local_conv1d", "local_conv2d", "normalize_batch_in_training", "random_binomial",
    "separable_conv1d", "conv3d_transpose", "identity", "is_tensor", "is_variable", "is_symbolic",
    "slice", "size", "get_variable_shape", "image_dim_ordering", "set_image_dim_ordering",
    "manual_variable_initialization", "normalize_data_format", "py_all", "py_any", "py_sum",
    "py_slice", "print_tensor", "in_train_phase", "in_test_phase", "control_dependencies",
    "cast_to_floatx", "get_graph", "symbolic", "eager", "v1_variable_initialization", "reset_uids",
]


@pytest.fixture(autouse=True)
def _clean_state():
    data_format = keras.config.image_data_format()
    K.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LegacyAPIWarning)
        yield
    K.clear_session()
    keras.config.set_image_data_format(data_format)


def _np(x):
    return keras.ops.convert_to_numpy(x)


def test_every_restored_function_is_defined_by_the_backend_module():
    missing = [name for name in RESTORED if name not in vars(K)]
    assert not missing
    # cast_to_floatx is the one Keras 3 kept, with another result for tensors (tested below).
    plain = [name for name in RESTORED if hasattr(tf.keras.backend, name)]
    assert plain == ["cast_to_floatx"], "plain Keras 3 has these: re-export them instead"
    assert set(RESTORED) <= set(K.__all__)


# Math


@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, True), ([1, -1], False), (0, False)])
def test_logsumexp_matches_numpy(axis, keepdims):
    x = np.random.RandomState(0).randn(4, 2, 3).astype("float32")
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = np.log(np.sum(np.exp(x), axis=np_axis, keepdims=keepdims))
    np.testing.assert_allclose(_np(K.logsumexp(K.variable(x), axis=axis, keepdims=keepdims)), expected, rtol=1e-5)


def test_logsumexp_is_stable_for_large_and_small_values():
    x = np.array([[1e4, 1e4], [-1e4, -1e4]], "float32")
    np.testing.assert_allclose(_np(K.logsumexp(x, axis=1)), [1e4 + np.log(2), -1e4 + np.log(2)], rtol=1e-6)


def test_normalize_batch_in_training_returns_normed_mean_and_variance_channels_last():
    rng = np.random.RandomState(1)
    x = rng.rand(3, 4, 5, 2).astype("float32")
    gamma, beta = rng.rand(2).astype("float32"), rng.rand(2).astype("float32")
    result = K.normalize_batch_in_training(K.variable(x), K.variable(gamma), K.variable(beta), [0, 1, 2], epsilon=1e-3)
    assert isinstance(result, tuple) and len(result) == 3
    normed, mean, var = map(_np, result)
    np_mean, np_var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
    np.testing.assert_allclose(mean, np_mean, rtol=1e-5)
    np.testing.assert_allclose(var, np_var, rtol=1e-4)
    np.testing.assert_allclose(normed, (x - np_mean) / np.sqrt(np_var + 1e-3) * gamma + beta, rtol=1e-4, atol=1e-5)


def test_normalize_batch_in_training_broadcasts_channels_first_statistics():
    rng = np.random.RandomState(2)
    x = rng.rand(3, 2, 4, 5).astype("float32")
    gamma, beta = rng.rand(2).astype("float32"), rng.rand(2).astype("float32")
    normed, mean, var = map(_np, K.normalize_batch_in_training(x, gamma, beta, [0, 2, 3], epsilon=0.01))
    assert mean.shape == var.shape == (2,)
    np_mean, np_var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(mean, np_mean, rtol=1e-5)
    np.testing.assert_allclose(var, np_var, rtol=1e-4)
    shape = (1, 2, 1, 1)
    expected = (x - np_mean.reshape(shape)) / np.sqrt(np_var.reshape(shape) + 0.01) * gamma.reshape(shape)
    np.testing.assert_allclose(normed, expected + beta.reshape(shape), rtol=1e-4, atol=1e-5)


def test_normalize_batch_in_training_without_gamma_and_beta_over_all_axes():
    # Keras 2.2.4's own test_batchnorm: gamma = beta = None, every axis reduced.
    x = np.random.RandomState(3).rand(1, 4, 2, 3).astype("float32")
    normed, mean, var = map(_np, K.normalize_batch_in_training(x, None, None, [0, 1, 2, 3]))
    assert mean.shape == () and normed.shape == x.shape
    np.testing.assert_allclose(normed, (x - x.mean()) / np.sqrt(x.var() + 1e-3), rtol=1e-4, atol=1e-5)


def test_random_binomial_gives_zeros_and_ones_with_probability_p():
    rand = _np(K.random_binomial((200, 100), p=0.3, seed=1234))
    assert rand.shape == (200, 100) and rand.dtype == np.float32
    assert set(np.unique(rand)) == {0.0, 1.0}
    assert abs(rand.mean() - 0.3) < 0.015
    assert _np(K.random_binomial((10, 10), p=0.0, seed=1)).max() == 0
    assert _np(K.random_binomial((10, 10), p=1.0, seed=1)).min() == 1


def test_random_binomial_is_reproducible_from_the_numpy_and_tensorflow_seeds():
    def draw():
        np.random.seed(7)
        tf.random.set_seed(7)
        return _np(K.random_binomial((50,), p=0.5, dtype="float64"))

    first, second = draw(), draw()
    assert first.dtype == np.float64
    np.testing.assert_array_equal(first, second)


# Convolutions


def test_local_conv1d_matches_a_loop_with_unshared_weights():
    rng = np.random.RandomState(4)
    batch, steps, features, filters, k, stride = 2, 9, 3, 4, 3, 2
    out_len = (steps - k) // stride + 1
    x = rng.rand(batch, steps, features).astype("float32")
    kernel = rng.rand(out_len, k * features, filters).astype("float32")
    out = _np(K.local_conv1d(x, K.variable(kernel), (k,), (stride,)))
    expected = np.zeros((batch, out_len, filters), "float32")
    for i in range(out_len):
        window = x[:, i * stride : i * stride + k, :].reshape(batch, -1)
        expected[:, i, :] = window @ kernel[i]
    np.testing.assert_allclose(out, expected, rtol=1e-5)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_local_conv2d_matches_a_loop_with_unshared_weights(data_format):
    rng = np.random.RandomState(5)
    batch, rows, cols, channels, filters = 2, 6, 5, 3, 4
    kernel_size, strides = (3, 2), (2, 1)
    out_row, out_col = (rows - 3) // 2 + 1, (cols - 2) // 1 + 1
    x = rng.rand(batch, rows, cols, channels).astype("float32")
    kernel = rng.rand(out_row * out_col, 3 * 2 * channels, filters).astype("float32")
    expected = np.zeros((batch, out_row, out_col, filters), "float32")
    inputs = x if data_format == "channels_last" else x.transpose(0, 3, 1, 2)
    for i in range(out_row):
        for j in range(out_col):
            if data_format == "channels_last":
                window = inputs[:, i * 2 : i * 2 + 3, j : j + 2, :]
            else:
                window = inputs[:, :, i * 2 : i * 2 + 3, j : j + 2]
            expected[:, i, j, :] = window.reshape(batch, -1) @ kernel[i * out_col + j]
    out = _np(K.local_conv2d(inputs, kernel, kernel_size, strides, (out_row, out_col), data_format=data_format))
    if data_format == "channels_first":
        expected = expected.transpose(0, 3, 1, 2)
    np.testing.assert_allclose(out, expected, rtol=1e-5)


def test_local_conv2d_takes_the_configured_data_format_by_default():
    rng = np.random.RandomState(6)
    x = rng.rand(1, 2, 3, 3).astype("float32")  # channels_first: 2 channels, 3x3
    kernel = rng.rand(4, 2 * 2 * 2, 1).astype("float32")
    K.set_image_dim_ordering("th")
    out = _np(K.local_conv2d(x, kernel, (2, 2), (1, 1), (2, 2)))
    assert out.shape == (1, 1, 2, 2)
    np.testing.assert_allclose(out[0, 0, 1, 0], x[0, :, 1:3, 0:2].reshape(-1) @ kernel[2, :, 0], rtol=1e-5)


def _np_separable_conv1d(x, depthwise, pointwise, stride, dilation, padding):
    k, channels, multiplier = depthwise.shape
    span = (k - 1) * dilation + 1
    if padding == "same":
        out_len = -(-x.shape[1] // stride)
        total = max((out_len - 1) * stride + span - x.shape[1], 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    else:
        out_len = (x.shape[1] - span) // stride + 1
    depth = np.zeros((x.shape[0], out_len, channels * multiplier), x.dtype)
    for t in range(out_len):
        taps = x[:, t * stride : t * stride + span : dilation, :]  # (batch, k, channels)
        depth[:, t, :] = np.einsum("bkc,kcm->bcm", taps, depthwise).reshape(x.shape[0], -1)
    return depth @ pointwise[0]


@pytest.mark.parametrize(
    "stride, dilation, padding, data_format",
    [(1, 1, "valid", "channels_last"), (2, 1, "same", "channels_last"), (1, 2, "valid", "channels_first"),
     (1, 1, "same", "channels_first")],
)
def test_separable_conv1d_matches_numpy(stride, dilation, padding, data_format):
    rng = np.random.RandomState(7)
    x = rng.rand(2, 10, 3).astype("float32")
    depthwise = rng.rand(3, 3, 2).astype("float32")
    pointwise = rng.rand(1, 6, 4).astype("float32")
    expected = _np_separable_conv1d(x, depthwise, pointwise, stride, dilation, padding)
    inputs = x if data_format == "channels_last" else x.transpose(0, 2, 1)
    out = _np(K.separable_conv1d(inputs, depthwise, pointwise, strides=stride, padding=padding,
                                 data_format=data_format, dilation_rate=dilation))
    if data_format == "channels_first":
        out = out.transpose(0, 2, 1)
    np.testing.assert_allclose(out, expected, rtol=1e-5)


def test_separable_conv1d_rejects_paddings_keras_2_rejected():
    with pytest.raises(ValueError, match="Invalid padding"):
        K.separable_conv1d(np.ones((1, 5, 1), "float32"), np.ones((2, 1, 1), "float32"),
                           np.ones((1, 1, 1), "float32"), padding="causal")


@pytest.mark.parametrize("padding, data_format", [("valid", "channels_last"), ("valid", "channels_first"),
                                                  ("same", "channels_last"), ("same", "channels_first")])
def test_conv3d_transpose_matches_a_scatter_loop(padding, data_format):
    rng = np.random.RandomState(8)
    x = rng.rand(2, 2, 3, 2, 3).astype("float32")  # (batch, d, h, w, in)
    kernel = rng.rand(2, 2, 3, 4, 3).astype("float32")  # (d, h, w, out, in)
    strides = (2, 1, 2)
    full_spatial = tuple((n - 1) * s + k for n, s, k in zip(x.shape[1:4], strides, kernel.shape[:3]))
    full = np.zeros((2,) + full_spatial + (4,), "float32")
    for d in range(x.shape[1]):
        for h in range(x.shape[2]):
            for w in range(x.shape[3]):
                contribution = np.einsum("bi,xyzoi->bxyzo", x[:, d, h, w, :], kernel)
                ds, hs, ws = d * strides[0], h * strides[1], w * strides[2]
                full[:, ds : ds + 2, hs : hs + 2, ws : ws + 3, :] += contribution
    if padding == "valid":
        out_spatial, expected = full_spatial, full
    else:
        # 'same': the output is input * stride, cut from the full result with the extra split
        # as TensorFlow pads (the smaller half before).
        out_spatial = tuple(n * s for n, s in zip(x.shape[1:4], strides))
        starts = [(f - o) // 2 for f, o in zip(full_spatial, out_spatial)]
        expected = full[:, starts[0] : starts[0] + out_spatial[0], starts[1] : starts[1] + out_spatial[1],
                        starts[2] : starts[2] + out_spatial[2], :]
    if data_format == "channels_last":
        inputs, output_shape = x, (None,) + out_spatial + (4,)
    else:
        inputs, output_shape = x.transpose(0, 4, 1, 2, 3), (2, 4) + out_spatial
        expected = expected.transpose(0, 4, 1, 2, 3)
    out = _np(K.conv3d_transpose(inputs, kernel, output_shape, strides=strides, padding=padding,
                                 data_format=data_format))
    np.testing.assert_allclose(out, expected, rtol=1e-5)


# Tensors and variables


def test_identity_copies_a_variable_value():
    v = K.variable(np.arange(3.0))
    copy = K.identity(v, name="copy")
    v.assign([5.0, 5.0, 5.0])
    np.testing.assert_array_equal(_np(copy), [0.0, 1.0, 2.0])


def test_is_tensor_and_is_variable_follow_keras_2():
    dense = keras.layers.Dense(2)
    dense.build((None, 3))
    assert K.is_tensor(K.variable(1.0)) and K.is_tensor(tf.constant(1.0)) and K.is_tensor(keras.Input((3,)))
    assert K.is_tensor(dense.kernel)
    assert not K.is_tensor(np.ones(3)) and not K.is_tensor(1.0)
    assert K.is_variable(dense.kernel) and K.is_variable(tf.Variable(1.0))
    assert not K.is_variable(tf.constant(1.0)) and not K.is_variable(np.ones(3))


def test_is_symbolic_is_true_in_graphs_only():
    assert K.is_symbolic(keras.Input((3,)))
    assert not K.is_symbolic(tf.constant(1.0)) and not K.is_symbolic(np.ones(2))
    seen = []
    tf.function(lambda x: seen.append(K.is_symbolic(x)) or x)(tf.constant(1.0))
    assert seen == [True]


def test_slice_matches_numpy_slicing():
    x = np.arange(24).reshape(2, 3, 4).astype("float32")
    out = _np(K.slice(tf.constant(x), [1, 0, 1], [1, 2, 3]))
    np.testing.assert_array_equal(out, x[1:2, 0:2, 1:4])
    np.testing.assert_array_equal(_np(K.slice(x, tf.constant([0, 1, 0]), [-1, 2, 2])), x[:, 1:3, 0:2])
    with pytest.raises(ValueError, match="dimension and the size of indices"):
        K.slice(tf.constant(x), [0, 0], [1, 1])


def test_size_and_get_variable_shape():
    dense = keras.layers.Dense(5)
    dense.build((None, 3))
    size = K.size(dense.kernel)
    assert size.dtype == tf.int32 and int(size) == 15
    assert int(K.size(np.ones((2, 3, 4)))) == 24
    assert K.get_variable_shape(dense.kernel) == (3, 5)
    assert K.get_variable_shape(K.variable(np.ones((2, 4)))) == (2, 4)


def test_print_tensor_prints_the_message_and_value_and_returns_the_tensor(capfd):
    x = tf.constant([1.5, 2.5])
    y = K.print_tensor(x, message="x is: ")
    np.testing.assert_array_equal(_np(y), [1.5, 2.5])
    out = capfd.readouterr().out
    assert "x is: " in out and "1.5" in out and "2.5" in out


def test_control_dependencies_runs_eagerly_and_orders_graph_ops():
    calls = []
    with K.control_dependencies([lambda: calls.append(1)]):
        pass
    assert calls == [1]
    v = tf.Variable(1.0)

    @tf.function
    def step():
        update = v.assign_add(1.0)
        with K.control_dependencies([update]):
            return K.identity(v)

    assert float(step()) == 2.0


def test_py_builtins_are_the_python_ones():
    assert K.py_all([True, 1]) and not K.py_any([0, False])
    assert K.py_sum([1, 2, 3]) == 6 and K.py_sum([[1], [2]], []) == [1, 2]
    assert list(range(10))[K.py_slice(2, 8, 3)] == [2, 5]


# Settings


def test_dim_ordering_is_the_image_data_format():
    K.set_image_dim_ordering("th")
    assert keras.config.image_data_format() == "channels_first" and K.image_dim_ordering() == "th"
    K.set_image_dim_ordering("tf")
    assert keras.config.image_data_format() == "channels_last" and K.image_dim_ordering() == "tf"
    keras.config.set_image_data_format("channels_first")
    assert K.image_dim_ordering() == "th"
    with pytest.raises(ValueError, match="Unknown dim_ordering"):
        K.set_image_dim_ordering("channels_first")
    assert keras.config.image_data_format() == "channels_first"


def test_normalize_data_format():
    keras.config.set_image_data_format("channels_first")
    assert K.normalize_data_format(None) == "channels_first"
    assert K.normalize_data_format("Channels_Last") == "channels_last"
    with pytest.raises(ValueError, match='"channels_first", "channels_last". Received: th'):
        K.normalize_data_format("th")


def test_cast_to_floatx_returns_numpy_arrays_of_the_float_type():
    # tf.keras.backend.cast_to_floatx gives a tensor back for a tensor; Keras 2 gave numpy.
    for value in (tf.constant([1.0, 2.0], tf.float64), [1, 2], np.array([1.0, 2.0])):
        result = K.cast_to_floatx(value)
        assert isinstance(result, np.ndarray) and result.dtype == np.float32
        np.testing.assert_array_equal(result, [1.0, 2.0])


def test_get_graph_is_the_tf1_default_graph_stand_in():
    graph = K.get_graph()
    assert graph is tf1.get_default_graph()
    with graph.as_default():
        assert float(K.logsumexp(np.zeros(2, "float32"))) == pytest.approx(np.log(2))


def test_symbolic_and_eager_decorators_call_the_function():
    @K.symbolic
    def double(x):
        return x * 2

    @K.eager
    def value(x):
        return _np(x)

    assert value(double(tf.constant(3.0))) == 6.0
    assert double.__name__ == "double"


@pytest.mark.parametrize(
    "call, api, replacement",
    [
        (lambda: K.logsumexp(np.zeros(2, "float32")), "keras.backend.logsumexp", "keras.ops.logsumexp"),
        (lambda: K.slice(np.zeros((2, 2)), [0, 0], [1, 1]), "keras.backend.slice", "keras.ops.slice"),
        (lambda: K.in_test_phase(1, 2), "keras.backend.in_test_phase", "training"),
        (lambda: K.separable_conv1d(np.ones((1, 4, 1), "float32"), np.ones((2, 1, 1), "float32"),
                                    np.ones((1, 1, 1), "float32")),
         "keras.backend.separable_conv1d", "keras.ops.separable_conv"),
    ],
)
def test_each_restored_function_warns_once_with_its_replacement(call, api, replacement):
    from keras_faq_compat.deprecation import reset_warnings

    reset_warnings()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
        call()
    mine = [w for w in caught if issubclass(w.category, LegacyAPIWarning)]
    # One warning, for the function called (not for the helpers it uses), pointing at the caller.
    assert [str(w.message).split(" is a legacy")[0] for w in mine] == [api]
    assert replacement in str(mine[0].message) and mine[0].filename == __file__


def test_variable_initialization_calls_are_accepted_no_ops():
    v = K.variable(3.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from keras_faq_compat.deprecation import reset_warnings

        reset_warnings()
        K.manual_variable_initialization(True)
        K.v1_variable_initialization()
    messages = [str(w.message) for w in caught if issubclass(w.category, LegacyAPIWarning)]
    assert any("manual_variable_initialization" in m for m in messages)
    assert any("v1_variable_initialization" in m for m in messages)
    assert float(K.get_value(v)) == 3.0


# Learning phase


@pytest.mark.parametrize("training, expected", [(1, "x"), (True, "x"), (0, "alt"), (False, "alt")])
def test_in_train_phase_with_a_python_phase(training, expected):
    x, alt = np.ones((3, 3)), np.zeros((2, 2))
    chosen = K.in_train_phase(x, alt, training=training)
    assert chosen is (x if expected == "x" else alt)
    assert K.in_test_phase(x, alt, training=training) is (alt if expected == "x" else x)


def test_in_train_phase_calls_only_the_chosen_callable():
    calls = []

    def branch(name):
        return lambda: calls.append(name) or name

    assert K.in_train_phase(branch("x"), branch("alt"), training=1) == "x"
    assert K.in_test_phase(branch("test"), branch("train"), training=0) == "test"
    assert calls == ["x", "test"]


def test_in_train_phase_follows_the_learning_phase_when_not_given():
    x, alt = tf.ones((2,)), tf.zeros((2,))
    # No phase fed or set: Keras 2's learning phase defaulted to test mode.
    np.testing.assert_array_equal(_np(K.in_train_phase(x, alt)), [0.0, 0.0])
    np.testing.assert_array_equal(_np(K.in_train_phase(x, alt, training=K.learning_phase())), [0.0, 0.0])
    K.set_learning_phase(1)
    np.testing.assert_array_equal(_np(K.in_train_phase(x, alt)), [1.0, 1.0])
    np.testing.assert_array_equal(_np(K.in_test_phase(x, alt)), [0.0, 0.0])


def test_in_train_phase_with_a_tensor_phase_eagerly_and_in_a_graph():
    x, alt = tf.fill((2, 3), 2.0), tf.fill((2, 3), -1.0)
    np.testing.assert_array_equal(_np(K.in_train_phase(x, alt, training=tf.constant(True))), _np(x))
    np.testing.assert_array_equal(_np(K.in_train_phase(x, alt, training=np.int64(0))), _np(alt))
    choose = tf.function(lambda phase: K.in_train_phase(lambda: x, lambda: alt, training=phase))
    np.testing.assert_array_equal(_np(choose(tf.constant(1))), _np(x))
    np.testing.assert_array_equal(_np(choose(tf.constant(0))), _np(alt))


def test_a_keras_2_custom_layer_using_in_train_phase_trains_and_predicts():
    class NoiseOff(keras.layers.Layer):
        # Keras 2 style: the layer zeroes its input in training only.
        def call(self, inputs, training=None):
            return K.in_train_phase(lambda: inputs * 0.0, inputs, training=training)

    inputs = keras.Input((3,))
    model = keras.Model(inputs, NoiseOff()(inputs))
    x = np.ones((4, 3), "float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    np.testing.assert_array_equal(_np(model(x, training=True)), np.zeros_like(x))


def test_keras_2_script_uses_the_functions_through_import_keras(run_script):
    result = run_script(
        """
        import numpy as np
        from keras import backend as K

        K.set_image_dim_ordering('th')
        print(K.image_dim_ordering(), K.image_data_format())
        x = K.variable(np.array([[0.0, np.log(3.0)]]))
        print(round(float(K.eval(K.logsumexp(x))), 5), K.is_variable(x), K.get_variable_shape(x))
        """,
        compat_run=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2] == "th channels_first"
    assert lines[-1] == f"{round(float(np.log(4.0)), 5)} True (1, 2)"
