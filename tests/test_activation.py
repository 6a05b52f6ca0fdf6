"""The activation: legacy imports resolve to the compat layer, and uninstall() undoes it all."""

import sys
import warnings

import pytest

import keras_faq_compat
from keras_faq_compat import activation


def _legacy_modules():
    return {k: v for k, v in sys.modules.items()
            if k == "keras" or k.startswith("keras.") or k == "theano" or k.startswith("theano.")}


def test_import_keras_gives_compat_layer_and_legacy_paths():
    import keras as real_keras

    with activation.activated():
        import keras
        from keras.engine.topology import Layer  # noqa: F401  (gone from Keras 3)
        from keras.layers.core import Dense
        from keras.layers.recurrent import LSTM  # noqa: F401
        from keras.utils.np_utils import to_categorical
        from keras import backend as K
        import keras.utils.generic_utils  # noqa: F401
        import keras.utils.data_utils  # noqa: F401
        import keras.engine.training  # noqa: F401

        assert keras is not real_keras
        assert keras.Sequential is keras_faq_compat.Sequential
        assert keras.layers is keras_faq_compat.layers
        assert Dense is keras_faq_compat.layers.Dense
        assert to_categorical([1], 3).tolist() == [[0.0, 1.0, 0.0]]
        assert K.backend() == "tensorflow"
        # Keras 3's own modules are still the real ones.
        import keras.src.layers

        assert keras.src.layers is real_keras.src.layers
    import keras

    assert keras is real_keras


def test_uninstall_restores_sys_modules_and_tf_exactly():
    import keras  # noqa: F401 - real Keras imported before install()
    import tensorflow as tf

    before = _legacy_modules()
    tf_before = {name: tf.__dict__.get(name) for name in activation.TF1_NAMES}
    meta_path = list(sys.meta_path)
    activation.install()
    import keras as legacy
    import keras.utils.io_utils  # noqa: F401
    import theano

    from keras_faq_compat import tf1

    assert tf.ConfigProto is tf1.ConfigProto and tf.Session is tf1.Session
    assert hasattr(theano, "config")
    assert legacy.__keras_faq_compat_alias__
    activation.uninstall()
    after = _legacy_modules()
    for key, module in before.items():
        assert after.get(key) is module, key
    for key, module in after.items():
        assert not getattr(module, "__name__", "").startswith("keras_faq_compat"), key
        assert not getattr(module, "__keras_faq_compat_alias__", False), key
    assert "theano" not in sys.modules
    assert {name: tf.__dict__.get(name) for name in activation.TF1_NAMES} == tf_before
    assert sys.meta_path == meta_path


def test_install_twice_and_uninstall_without_install():
    activation.uninstall()  # not active: does nothing
    activation.install()
    activation.install()
    assert activation.is_active()
    activation.uninstall()
    assert not activation.is_active()
    activation.uninstall()
    import keras

    assert not getattr(keras, "__keras_faq_compat_alias__", False)


def test_context_manager_keeps_an_outer_activation():
    activation.install()
    try:
        with activation.activated():
            pass
        assert activation.is_active()
    finally:
        activation.uninstall()


KERAS_FIRST_OR_LATER = """
import sys
import numpy as np
{pre}
import keras_faq_compat
keras_faq_compat.install()
import keras
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense
assert keras.Sequential is keras_faq_compat.Sequential
model = Sequential([Dense(3, input_dim=4), Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)
model.save("m.keras")
# tf.keras keeps getting the real Keras 3, and works.
assert not getattr(tf.keras, "__keras_faq_compat_alias__", False)
tm = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
assert tm.predict(np.ones((1, 4)), verbose=0).shape == (1, 2)
keras_faq_compat.uninstall()
import keras
assert not getattr(keras, "__keras_faq_compat_alias__", False)
loaded = keras.models.load_model("m.keras")
np.testing.assert_allclose(loaded.predict(np.ones((2, 4)), verbose=0),
                           model.predict(np.ones((2, 4)), verbose=0), rtol=1e-6)
print("OK")
"""


@pytest.mark.parametrize("pre", ["import keras  # real Keras first", "# nothing imported first"])
def test_model_builds_trains_saves_under_activation(run_script, pre):
    proc = run_script(KERAS_FIRST_OR_LATER.format(pre=pre))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("OK")


def test_import_of_package_changes_nothing_global(run_script):
    proc = run_script("""
        import sys
        import keras_faq_compat
        assert "keras" not in sys.modules, "importing the package imported Keras"
        assert "tensorflow" not in sys.modules
        import keras, tensorflow as tf
        meta = list(sys.meta_path)
        from keras_faq_compat import models, layers, backend, utils
        from keras_faq_compat.utils import io_utils
        assert sys.meta_path == meta
        import keras
        assert not getattr(keras, "__keras_faq_compat_alias__", False)
        assert not hasattr(tf, "ConfigProto") and not hasattr(tf, "device_scope")
        assert "theano" not in sys.modules
        print("OK")
    """)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_theano_import_resolves_to_stand_in():
    with activation.activated():
        import theano

        assert theano is keras_faq_compat.theano
    assert "theano" not in sys.modules


def test_tf1_names_on_tensorflow_only_while_active():
    import tensorflow as tf

    assert not hasattr(tf, "device_scope")
    with activation.activated(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert callable(tf.device_scope)
        graph = tf.get_default_graph()
        with graph.as_default() as entered:
            assert entered is graph
        assert tf.get_default_graph() is graph
    assert not hasattr(tf, "device_scope")
