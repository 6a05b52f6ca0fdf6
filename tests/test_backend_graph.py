"""The graph-era backend: ``K.placeholder``, ``K.*`` on symbolic tensors, ``K.gradients``,
``K.function(..., updates=...)`` and ``optimizer.get_updates``.

Plain Keras 3 has no ``K.placeholder`` (``tf.keras.backend.placeholder`` needs a TF1 graph), its
``tf.keras.backend`` functions refuse symbolic tensors, ``tf.keras.backend.gradients`` and
``function`` need TF1 graphs, and its optimizers have no ``get_updates``: each test below fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import optimizers
from keras_faq_compat.layers import Conv2D, Dense, Flatten, Input
from keras_faq_compat.models import Model


@pytest.fixture(autouse=True)
def _fresh_session():
    K.clear_session()
    yield
    K.clear_session()


def test_placeholder_graphs_are_evaluated_by_k_function():
    x = K.placeholder(shape=(None, 3))
    y = K.placeholder(ndim=2)
    assert K.int_shape(x) == (None, 3) and K.ndim(y) == 2 and K.dtype(x) == K.floatx()
    z = K.sum(K.square(x) * 2.0, axis=1, keepdims=True) + K.mean(y)
    assert K.int_shape(z) == (None, 1)
    padded = K.spatial_2d_padding(K.placeholder(shape=(1, None, None, 1)), padding=((1, 2), (2, 1)))
    assert K.int_shape(padded) == (1, None, None, 1)
    f = K.function([x, y], [z, K.concatenate([x, x], axis=-1)])
    xv = np.arange(6, dtype="float32").reshape(2, 3)
    out, cat = f([xv, np.ones((4, 2))])
    np.testing.assert_allclose(out, (xv**2 * 2).sum(axis=1, keepdims=True) + 1, rtol=1e-6)
    assert cat.shape == (2, 6)
    assert K.is_placeholder(x) and not K.is_keras_tensor(x)
    with pytest.raises(ValueError, match="K.function"):
        K.eval(z)
    with pytest.raises(ValueError, match="K.function"):
        K.get_value(z)


def test_placeholder_ops_mix_with_model_tensors_and_variables():
    inp = Input(shape=(4,))
    model = Model(inp, Dense(2, kernel_initializer="ones", use_bias=False)(inp))
    scale = K.variable(3.0)
    loss = K.mean(model.output[:, 1]) * scale
    f = K.function([model.input], [loss])
    x = np.ones((2, 4), "float32")
    np.testing.assert_allclose(f([x])[0], 12.0)
    K.set_value(scale, 1.0)  # variables are read when the function runs
    np.testing.assert_allclose(f([x])[0], 4.0)


def test_updates_are_applied_after_the_outputs_in_order():
    x = K.placeholder(shape=())
    total = K.variable(0.0)
    counter = K.variable(0.0)
    f = K.function(
        [x],
        [x + total],
        updates=[(total, total + x), K.update_add(counter, 1.0), K.update(counter, counter * x * 10.0)],
    )
    assert f([2.0]) == [2.0]  # computed before the update
    assert K.get_value(total) == 2.0 and K.get_value(counter) == 0.0  # 2 * 0 * 10, computed first
    assert f([3.0]) == [5.0]
    assert K.get_value(total) == 5.0


def test_variables_are_hashable_and_read_when_the_graph_runs():
    x = K.placeholder(shape=())
    v = K.variable(1.0)
    assert {v: "constraint"}[v] == "constraint"  # Keras 2.0's get_updates(params, constraints, loss)
    total = K.variable(0.0)
    total += x * v  # TensorFlow 1: a new tensor, the variable unchanged
    assert K.get_value(v) == 1.0 and K.is_tensor(total)
    f = K.function([x], [total, v * x - x])
    assert f([3.0]) == [3.0, 0.0]
    K.set_value(v, 5.0)
    assert f([3.0]) == [15.0, 12.0]


def test_feed_dict_and_fetches_as_keras2_session_arguments():
    x, y = K.placeholder(shape=()), K.placeholder(shape=())
    side = K.variable(0.0)
    feed = {y: 3.0}
    f = K.function([x], [x + 1.0], feed_dict=feed, fetches=[K.update(side, y * 10.0)])
    assert f([1.0]) == [2.0] and K.get_value(side) == 30.0
    feed[y] = 4.0
    f([1.0])
    assert K.get_value(side) == 40.0


def test_gradients_with_respect_to_placeholders_and_variables():
    v = K.variable(2.0)
    p = K.placeholder(shape=(None, 3))
    unused = K.placeholder(shape=(2,))
    y = K.square(K.sum(p * v))
    gv, gp, gu = K.gradients(y, [v, p, unused])
    assert gu is None  # Keras 2: None for what the loss does not depend on
    assert K.int_shape(gp) == (None, 3)
    second = K.gradients(K.sum(gp), p)[0]  # a gradient of a gradient
    values = K.function([p], [gv, gp, second])([np.ones((2, 3))])
    np.testing.assert_allclose(values[0], 2 * 12 * 6)
    np.testing.assert_allclose(values[1], np.full((2, 3), 2 * 12 * 2.0))
    np.testing.assert_allclose(values[2], np.full((2, 3), 12 * 2.0 * 2.0))
    stopped = K.gradients(K.sum(K.stop_gradient(p) * p), p)[0]
    np.testing.assert_allclose(K.function([p], [stopped])([np.full((1, 3), 5.0)])[0], np.full((1, 3), 5.0))


def test_gradients_bad_input_gives_one_clear_error():
    p = K.placeholder(shape=(None, 3))
    hidden = K.square(p)
    with pytest.raises(ValueError, match="not a symbolic tensor"):
        K.gradients(K.mean(K.variable(1.0)), [K.variable(1.0)])
    with pytest.raises(ValueError, match="intermediate"):
        K.gradients(K.sum(hidden), [hidden])
    with pytest.raises(ValueError, match=r"variables\[0\]"):
        K.gradients(K.sum(hidden), [np.ones(3)])


def test_k_function_bad_input_names_the_argument():
    x, y = K.placeholder(shape=(None, 3)), K.placeholder(shape=(None, 3))
    with pytest.raises(ValueError, match="not among `inputs`"):
        K.function([x], [x + y])
    f = K.function([x], [K.sum(x)])
    with pytest.raises(ValueError, match=r"inputs\[0\] has shape \(2, 4\)"):
        f([np.ones((2, 4))])
    with pytest.raises(TypeError, match="first argument must be a variable"):
        K.function([x], [x], updates=[(np.ones(3), K.sum(x))])


def test_gradient_ascent_on_a_model_input_matches_a_gradient_tape():
    import tensorflow as tf

    inp = Input(shape=(6, 6, 2))
    conv = Conv2D(3, 3, activation="relu", name="conv")(inp)
    model = Model(inp, Dense(2)(Flatten()(conv)))
    loss = K.mean(model.get_layer("conv").output[:, :, :, 1])
    grads = K.gradients(loss, model.input)[0]
    grads = grads / (K.sqrt(K.mean(K.square(grads))) + 1e-5)
    iterate = K.function([model.input], [loss, grads])
    x = np.random.RandomState(0).rand(1, 6, 6, 2).astype("float32")
    loss_value, grad_value = iterate([x])
    sub = Model(inp, conv)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        expected_loss = tf.reduce_mean(sub(xt)[:, :, :, 1])
    expected = tape.gradient(expected_loss, xt)
    expected = expected / (tf.sqrt(tf.reduce_mean(tf.square(expected))) + 1e-5)
    np.testing.assert_allclose(loss_value, expected_loss.numpy(), rtol=1e-5)
    np.testing.assert_allclose(grad_value, expected.numpy(), rtol=1e-4, atol=1e-6)


def _dense_model():
    inp = Input(shape=(3,))
    return Model(inp, Dense(2, kernel_initializer="ones")(inp))


@pytest.mark.parametrize(
    "cls, kwargs",
    [(optimizers.SGD, {"lr": 0.1, "momentum": 0.9, "decay": 0.01}), (optimizers.RMSprop, {"clipnorm": 0.1, "clipvalue": 0.05})],
)
def test_get_updates_steps_as_fit_does(cls, kwargs):
    x = np.random.RandomState(0).rand(4, 3).astype("float32")
    y = np.random.RandomState(1).rand(4, 2).astype("float32")
    custom = _dense_model()
    target = K.placeholder(shape=(None, 2))
    loss = K.mean(K.square(custom.output - target))
    opt = cls(**kwargs)
    train = K.function([custom.input, target], [loss], updates=opt.get_updates(loss, custom.trainable_weights))
    fitted = _dense_model()
    fitted.compile(cls(**kwargs), "mse")
    for _ in range(3):
        train([x, y])
        fitted.train_on_batch(x, y)
    for a, b in zip(custom.get_weights(), fitted.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    grads = K.function([custom.input, target], opt.get_gradients(loss, custom.trainable_weights))([x, y])
    assert [g.shape for g in grads] == [(3, 2), (2,)]


def test_run_metadata_receives_the_graph_when_the_options_ask():
    import tensorflow as tf

    x = K.placeholder(shape=())
    options = tf.compat.v1.RunOptions(output_partition_graphs=True)
    metadata = tf.compat.v1.RunMetadata()
    assert K.function([x], [x * 2.0], options=options, run_metadata=metadata)([3.0]) == [6.0]
    assert len(metadata.partition_graphs) > 0
    K.function([x], [x * 2.0], run_metadata=metadata)([3.0])
    assert len(metadata.partition_graphs) == 0


def test_conv_filter_visualization_and_deep_dream_scripts_run_unchanged(run_script):
    # The patterns of Keras 2.2.4's examples conv_filter_visualization.py and deep_dream.py, with a small model.
    result = run_script(
        """
        import numpy as np
        from keras import backend as K
        from keras.layers import Conv2D, Input
        from keras.models import Model

        input_img = Input(shape=(16, 16, 3))
        x = Conv2D(4, (3, 3), activation='relu', padding='same', name='block1_conv1')(input_img)
        model = Model(input_img, Conv2D(4, (3, 3), padding='same', name='block1_conv2')(x))
        layer_dict = dict([(layer.name, layer) for layer in model.layers[1:]])

        def normalize(x):
            return x / (K.sqrt(K.mean(K.square(x))) + K.epsilon())

        layer_output = layer_dict['block1_conv2'].output
        loss = K.mean(layer_output[:, :, :, 0])
        grads = normalize(K.gradients(loss, input_img)[0])
        iterate = K.function([input_img], [loss, grads])
        input_img_data = np.random.RandomState(0).random((1, 16, 16, 3)) * 20 + 128.
        losses = []
        for i in range(10):
            loss_value, grads_value = iterate([input_img_data])
            input_img_data += grads_value
            losses.append(float(loss_value))
        assert losses[-1] > losses[0], losses

        # Keras 2.2.4's examples/deep_dream.py: a loss variable accumulated from layer outputs.
        K.set_learning_phase(0)
        dream = model.input
        loss = K.variable(0.)
        for layer_name, coeff in {'block1_conv1': 0.5, 'block1_conv2': 1.0}.items():
            x = layer_dict[layer_name].output
            scaling = K.prod(K.cast(K.shape(x), 'float32'))
            loss += coeff * K.sum(K.square(x[:, 2: -2, 2: -2, :])) / scaling
        grads = K.gradients(loss, dream)[0]
        grads /= K.maximum(K.mean(K.abs(grads)), K.epsilon())
        fetch_loss_and_grads = K.function([dream], [loss, grads])
        img = np.random.RandomState(1).random((1, 16, 16, 3)).astype('float32')
        first = None
        for i in range(5):
            loss_value, grad_values = fetch_loss_and_grads([img])
            first = loss_value if first is None else first
            img += 0.01 * grad_values
        assert loss_value > first, (first, loss_value)
        print('ascent', losses[0], losses[-1], first, loss_value)
        """,
        compat_run=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ascent" in result.stdout
