"""The Theano stand-in: THEANO_FLAGS and theano.config act on TensorFlow and Keras."""

import pytest


def test_theano_flags_from_environment(run_script):
    proc = run_script(
        "from keras import backend as K\nimport tensorflow as tf\n"
        "print(K.floatx(), len(tf.config.get_visible_devices('GPU')))\n",
        compat_run=True, env={"THEANO_FLAGS": "device=cpu,floatX=float64"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["float64", "0"]


def test_theano_config_in_code(run_script):
    proc = run_script(
        "import theano\ntheano.config.device = 'gpu'\ntheano.config.floatX = 'float16'\n"
        "from keras import backend as K\nprint(K.floatx(), theano.config.floatX)\n",
        compat_run=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["float16", "float16"]
    # No GPU on this machine: the request is reported, naming the device.
    import tensorflow as tf

    if not tf.config.list_physical_devices("GPU"):
        assert "asks for GPU 0" in proc.stderr and "running on the CPU" in proc.stderr


def test_bad_flags_are_clear_errors():
    from keras_faq_compat import theano

    with pytest.raises(ValueError, match="not of the form name=value"):
        theano.apply_flags("device")
    with pytest.raises(ValueError, match="'tpu9' is not understood"):
        theano.apply_flags("device=tpu9")
