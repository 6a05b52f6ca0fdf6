"""Keras 2's ``keras.initializers`` and ``keras.activations.get``.

Plain Keras 3 has no ``_compute_fans``, returns one zero-padded ``eye`` for a rectangular identity
(and accepts any 2D shape), drops ``Identity``'s ``gain`` from its config, and takes a layer as an
activation silently; every test checks the Keras 2 behaviour.
"""

import warnings

import numpy as np
import pytest

import keras_faq_compat as compat
from keras_faq_compat import activations, initializers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    "shape, data_format, fans",
    [
        ((200, 100), "channels_last", (200, 100)),
        ((3, 3, 4, 8), "channels_last", (36, 72)),
        ((8, 4, 3, 3), "channels_first", (36, 72)),
        ((2, 3, 4, 5, 6, 7), "channels_last", (np.sqrt(5040), np.sqrt(5040))),
    ],
)
def test_compute_fans_follows_keras_2(shape, data_format, fans):
    assert initializers._compute_fans(shape, data_format) == pytest.approx(fans)


def test_compute_fans_names_a_bad_data_format():
    with pytest.raises(ValueError, match="data_format"):
        initializers._compute_fans((3, 3, 4, 8), "channels_middle")


def test_rectangular_identity_stacks_identity_matrices():
    tall = np.asarray(initializers.identity(gain=2.0)((6, 2)))
    assert tall.tolist() == (2.0 * np.vstack([np.eye(2)] * 3)).tolist()
    wide = np.asarray(initializers.Identity()((2, 4)))
    assert wide.tolist() == np.hstack([np.eye(2)] * 2).tolist()


@pytest.mark.parametrize("shape", [(30, 80), (1, 2, 3, 4)])
def test_identity_refuses_what_keras_2_refused(shape):
    with pytest.raises(ValueError, match="Identity"):
        initializers.identity()(shape)


def test_identity_keeps_its_gain_through_serialization_and_loads_in_keras_3():
    config = compat.initializers.serialize(initializers.Identity(gain=3.0))
    assert config["module"] == "keras.initializers" and config["class_name"] == "Identity"
    restored = initializers.deserialize(config)
    assert isinstance(restored, initializers.Identity) and restored.gain == 3.0
    assert np.asarray(initializers.get("identity")((4, 2))).sum() == 4.0
    import keras

    assert keras.initializers.deserialize(config).gain == 3.0


def test_activations_get_warns_about_a_layer():
    layer = compat.layers.Dense(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert activations.get(layer) is layer
    assert any(issubclass(w.category, UserWarning) and "Dense" in str(w.message) for w in caught)
    with pytest.raises(ValueError):
        activations.get(6)


def test_softmax_refuses_a_1d_tensor_as_keras_2_did_and_is_found_by_name():
    from keras_faq_compat import backend as K

    with pytest.raises(ValueError, match="1D"):
        activations.softmax(np.zeros(3, "float32"))
    with pytest.raises(ValueError, match="1D"):
        activations.softmax(K.placeholder(ndim=1))
    x = K.placeholder(ndim=3)
    f = K.function([x], [activations.softmax(x)])
    out = f([np.arange(12, dtype="float32").reshape(1, 3, 4)])[0]
    assert np.allclose(out.sum(axis=-1), 1.0)
    assert activations.get("softmax") is activations.softmax
    assert activations.deserialize(compat.activations.serialize(activations.softmax)) is activations.softmax
