"""``keras.utils.test_utils``: the helpers old Keras test suites import.

Legacy API: ``get_test_data``, ``layer_test`` (Keras 2.2) and ``keras_test``
(Keras 2.1, dropped in 2.2 in favour of a conftest fixture).

Keras 3 replacement: ``keras.src.testing.TestCase`` (``run_layer_test``) and
your own pytest fixtures (``keras.backend.clear_session`` after each test);
Keras 3 has no ``keras.utils.test_utils``.

Behaviour differences: `layer_test` does not change the caller's `kwargs`
(Keras 2 added ``weights`` to the dict it was given), and it adds
``batch_input_shape`` to the layer's config only when the layer class accepts
that Keras 2 argument. The model rebuilt from its config finds `layer_cls`
by name even when it is not registered as a Keras serializable.
"""

import functools
import inspect

import numpy as np
from numpy.testing import assert_allclose

from keras_faq_compat.deprecation import warn_legacy

__all__ = ["get_test_data", "layer_test", "keras_test"]


def get_test_data(num_train=1000, num_test=500, input_shape=(10,), output_shape=(2,),
                  classification=True, num_classes=2):
    """Random data to train a model on, drawn as Keras 2 drew it.

    With the same ``np.random`` seed it returns the same arrays as Keras 2.

    Args:
        num_train: number of training samples; default 1000.
        num_test: number of test samples; default 500.
        input_shape: shape of one input sample; default ``(10,)``.
        output_shape: shape of one target when `classification` is False;
            default ``(2,)``.
        classification: True (default): integer labels in ``[0, num_classes)``
            and inputs drawn around their label; False: float targets of
            `output_shape` drawn around a per-sample location shared with the input.
        num_classes: number of classes when `classification`; default 2.

    Returns:
        ``((x_train, y_train), (x_test, y_test))``.
    """
    warn_legacy("keras.utils.test_utils.get_test_data", "your own numpy test data")
    input_shape = tuple(input_shape)
    samples = num_train + num_test
    x = np.zeros((samples,) + input_shape, dtype=np.float32)
    if classification:
        y = np.random.randint(0, num_classes, size=(samples,))
        for i in range(samples):
            x[i] = np.random.normal(loc=y[i], scale=0.7, size=input_shape)
    else:
        output_shape = tuple(output_shape)
        centres = np.random.random((samples,))
        y = np.zeros((samples,) + output_shape, dtype=np.float32)
        # One input draw then one target draw per sample: the order Keras 2
        # used, so that seeded suites get the same numbers.
        for i in range(samples):
            x[i] = np.random.normal(loc=centres[i], scale=0.7, size=input_shape)
            y[i] = np.random.normal(loc=centres[i], scale=0.7, size=output_shape)
    return (x[:num_train], y[:num_train]), (x[num_train:], y[num_train:])


def _has_arg(fn, name):
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in parameters


def _dtype_name(dtype):
    from keras_faq_compat._real import keras

    return keras.backend.standardize_dtype(dtype)


def _accepts_batch_input_shape(layer_cls, config, shape):
    try:
        layer_cls.from_config(dict(config, batch_input_shape=shape))
    except (TypeError, ValueError) as e:
        if "batch_input_shape" in str(e):
            return False
        raise
    return True


def layer_test(layer_cls, kwargs=None, input_shape=None, input_dtype=None, input_data=None,
               expected_output=None, expected_output_dtype=None, fixed_batch_size=False):
    """Check a single-input, single-output layer the way Keras 2's own tests did.

    Builds the layer, round-trips its weights, checks the output's dtype and
    shape (against ``compute_output_shape``) and value (against
    `expected_output`) inside a functional model, rebuilds the model from its
    config with the same weights and the same output, trains one batch when
    the layer's ``call`` takes ``training``, and rebuilds the layer from its config.

    Args:
        layer_cls: the layer class.
        kwargs: constructor arguments; default None (none).
        input_shape: input shape including the batch dimension (``None``
            entries become random sizes from 1 to 3); needed when `input_data`
            is None.
        input_dtype: dtype of generated input; default the Keras float type,
            or `input_data`'s dtype.
        input_data: the input array; default None (random values in [0, 10)).
        expected_output: the output the layer must give (rtol 1e-3); default None.
        expected_output_dtype: the output dtype; default `input_dtype`.
        fixed_batch_size: build the model input with the full ``batch_shape``
            instead of ``shape``; default False.

    Returns:
        The layer's output on `input_data` (a numpy array).

    Raises:
        AssertionError: when a check fails.
    """
    from keras_faq_compat import backend as K
    from keras_faq_compat.layers import Input
    from keras_faq_compat.models import Model

    warn_legacy("keras.utils.test_utils.layer_test", "keras.src.testing.TestCase.run_layer_test")
    kwargs = dict(kwargs or {})
    if input_data is None:
        if not input_shape:
            raise ValueError("layer_test: give input_shape or input_data.")
        if not input_dtype:
            input_dtype = K.floatx()
        data_shape = [np.random.randint(1, 4) if d is None else d for d in input_shape]
        input_data = (10 * np.random.random(data_shape)).astype(input_dtype)
    else:
        if input_shape is None:
            input_shape = input_data.shape
        if input_dtype is None:
            input_dtype = input_data.dtype
    input_shape = tuple(input_shape)
    if expected_output_dtype is None:
        expected_output_dtype = input_dtype

    layer = layer_cls(**kwargs)
    weights = layer.get_weights()
    layer.set_weights(weights)
    if weights and _has_arg(layer_cls.__init__, "weights"):
        layer = layer_cls(**dict(kwargs, weights=weights))
    expected_output_shape = layer.compute_output_shape(input_shape)

    if fixed_batch_size:
        x = Input(batch_shape=input_shape, dtype=input_dtype)
    else:
        x = Input(shape=input_shape[1:], dtype=input_dtype)
    y = layer(x)
    assert _dtype_name(y.dtype) == _dtype_name(expected_output_dtype), (
        f"output dtype {_dtype_name(y.dtype)} != expected {_dtype_name(expected_output_dtype)}")

    model = Model(x, y)
    actual_output = model.predict(input_data, verbose=0)
    for expected_dim, actual_dim in zip(expected_output_shape, actual_output.shape):
        if expected_dim is not None:
            assert expected_dim == actual_dim, (
                f"output shape {actual_output.shape} != expected {tuple(expected_output_shape)}")
    if expected_output is not None:
        assert_allclose(actual_output, expected_output, rtol=1e-3)

    from keras_faq_compat._real import keras

    # The class under test is known here, even when it is not registered.
    with keras.saving.CustomObjectScope({layer_cls.__name__: layer_cls}):
        recovered = model.__class__.from_config(model.get_config())
    if model.weights:
        recovered.set_weights(model.get_weights())
        assert_allclose(recovered.predict(input_data, verbose=0), actual_output, rtol=1e-3)

    if _has_arg(layer.call, "training"):
        model.compile("rmsprop", "mse")
        model.train_on_batch(input_data, actual_output)

    config = layer.get_config()
    if _accepts_batch_input_shape(layer.__class__, config, input_shape):
        config["batch_input_shape"] = input_shape
    layer.__class__.from_config(config)
    return actual_output


def keras_test(func):
    """Decorator: run the test `func`, then clear the Keras session.

    Args:
        func: the test function.

    Returns:
        The wrapped function (same name and docstring).
    """
    warn_legacy("keras.utils.test_utils.keras_test",
                "a pytest fixture calling keras.backend.clear_session")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from keras_faq_compat import backend as K

        output = func(*args, **kwargs)
        if K.backend() == "tensorflow":
            K.clear_session()
        return output

    return wrapper


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
